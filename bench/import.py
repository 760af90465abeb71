"""Peak memory and time of ``coach import`` for the whole 200-client caseload.

    python bench/import.py [--runs 3] [--rebuild]

Builds (once, kept in ``bench/data``) the scale data set ``coach demo
--clients 200 --days 730`` and its JSON export, then imports the export into
a fresh database ``--runs`` times, each in its own process, and prints the
median wall time and the largest peak resident memory (``ru_maxrss`` of the
child, what ``/usr/bin/time -v`` reports as "Maximum resident set size"),
with a PASS/MISS line against the targets: below 150 MiB, and 4 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"  # shared with bench/run.py, ignored by git
TARGET_MIB = 150
TARGET_S = 4.0


def coach(*args: str) -> list[str]:
    return [sys.executable, "-m", "coachcli", *args]


def build(rebuild: bool) -> Path:
    DATA.mkdir(exist_ok=True)
    db, export = DATA / "big.db", DATA / "big.json"
    if rebuild or not export.exists():
        for path in (db, export):
            path.unlink(missing_ok=True)
        subprocess.run(coach("demo", "--clients", "200", "--days", "730", "--db", str(db), "--no-report"),
                       check=True, stdout=subprocess.DEVNULL)
        subprocess.run(coach("export", "--db", str(db), "-o", str(export)), check=True,
                       stderr=subprocess.DEVNULL)
    return export


def one_import(export: Path) -> tuple[float, float]:
    """(seconds, peak MiB) of one import into an empty database."""
    target = DATA / "import-target.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    proc = subprocess.Popen(coach("import", str(export), "--db", str(target)),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"import failed: {proc.stderr.read().decode() if proc.stderr else status}")
    return elapsed, usage.ru_maxrss / 1024  # KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    export = build(args.rebuild)
    results = [one_import(export) for _ in range(args.runs)]
    seconds = statistics.median(r[0] for r in results)
    peak = max(r[1] for r in results)
    print(f"  {export.name}: {export.stat().st_size / 1e6:.1f} MB; {args.runs} runs, "
          f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    print(f"  import peak memory  {peak:7.1f} MiB   target < {TARGET_MIB} MiB   "
          f"{'PASS' if peak < TARGET_MIB else 'MISS'}")
    print(f"  import wall time    {seconds:7.2f} s     target < {TARGET_S:.0f} s       "
          f"{'PASS' if seconds < TARGET_S else 'MISS'}")


if __name__ == "__main__":
    main()
