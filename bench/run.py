"""Time coachcli's commands, side by side with peers, and check the performance targets.

Usage:
    python bench/run.py                 # small and scale data sets, peers if found
    python bench/run.py --quick         # fewer repetitions, no scale data set
    python bench/run.py --install-peers # pip-install jrnl into bench/data/peers first

It builds two databases with ``coach demo`` (the default small caseload and
the ``--clients 200 --days 730`` scale data set) under ``bench/data/``, times
whole commands as a user runs them (a fresh process each time, medians of
repeated runs after a warm-up), and prints one line per target with PASS or
MISS. Timings are not asserted in the test suite: machines are noisy, the
ratios here are what count.

Peers: ``jrnl`` (a Python journaling CLI) and ``task`` (Taskwarrior, C++) are
found on PATH, or jrnl in bench/data/peers after --install-peers; each runs
against its own throw-away data directory.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
TODAY = "2026-11-22"


def coach_command() -> list[str]:
    """The installed ``coach`` script next to this interpreter, else ``python -m coachcli``."""
    script = Path(sys.executable).with_name("coach")
    return [str(script)] if script.exists() else [sys.executable, "-m", "coachcli"]


def clean_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    # Bytecode caching must be on, as on a user's machine.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("COACH_DB", None)
    env.update(extra)
    return env


def median_ms(cmd: Sequence[str], env: dict[str, str], runs: int, cwd: Path | None = None) -> float:
    """Median wall time of ``runs`` fresh processes, after one warm-up run."""
    subprocess.run(cmd, env=env, capture_output=True, check=False, cwd=cwd)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(cmd, env=env, capture_output=True, check=False, cwd=cwd)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.decode(errors='replace')[-500:]}")
    return 1000 * statistics.median(times)


def peak_rss_mib(cmd: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """(seconds, peak resident MiB) of one run, measured in a fresh wrapper process."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True)\n"
        "t = time.perf_counter() - t\n"
        "assert p.returncode == 0, p.stderr[-500:]\n"
        "print(t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe, *cmd], env=env, capture_output=True, text=True,
                         check=True)
    seconds, kib = out.stdout.split()
    return float(seconds), int(kib) / 1024


def build(db: Path, args: Sequence[str], env: dict[str, str]) -> float:
    """Build a demo database unless it is already there; returns the build time (0 if reused)."""
    if db.exists():
        return 0.0
    db.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    subprocess.run([*coach_command(), "demo", "--db", str(db), "--no-report", *args], env=env,
                   check=True, capture_output=True)
    return time.perf_counter() - start


def first_step_and_client(db: Path) -> tuple[int, str]:
    import sqlite3

    conn = sqlite3.connect(db)
    step = conn.execute(
        "SELECT s.id FROM steps s JOIN goals g ON g.id = s.goal_id JOIN clients c ON c.id = g.client_id"
        " WHERE s.status = 'active' AND g.status = 'active' AND c.archived_on IS NULL"
        " AND s.schedule IS NOT NULL ORDER BY s.id LIMIT 1"
    ).fetchone()[0]
    name = conn.execute(
        "SELECT c.name FROM clients c JOIN goals g ON g.client_id = c.id WHERE c.archived_on IS NULL"
        " GROUP BY c.id ORDER BY count(*) DESC, c.id LIMIT 1"
    ).fetchone()[0]
    actions = conn.execute("SELECT count(*) FROM actions").fetchone()[0]
    conn.close()
    print(f"  {db.name}: {actions:,} actions; timing step {step}, client {name}")
    return int(step), str(name)


def jrnl_command(install: bool) -> list[str] | None:
    local = DATA / "peers" / "bin" / "jrnl"
    if install and not local.exists():
        subprocess.run([sys.executable, "-m", "venv", str(DATA / "peers")], check=True)
        subprocess.run([str(DATA / "peers" / "bin" / "pip"), "install", "-q", "jrnl"], check=True,
                       capture_output=True)
    for candidate in (str(local), shutil.which("jrnl")):
        if candidate and Path(candidate).exists():
            return [candidate]
    return None


def jrnl_env(root: Path) -> dict[str, str]:
    config = root / "config" / "jrnl"
    config.mkdir(parents=True, exist_ok=True)
    (config / "jrnl.yaml").write_text(
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\nhighlight: false\n"
        "indent_character: '|'\n"
        f"journals: {{default: {{journal: {root / 'journal.txt'}}}}}\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%F %r'\nversion: v4.6\n"
    )
    return clean_env(XDG_CONFIG_HOME=str(root / "config"), XDG_DATA_HOME=str(root / "data"))


def task_env(root: Path) -> dict[str, str]:
    rc = root / "taskrc"
    rc.write_text(f"data.location={root / 'task'}\nconfirmation=off\nverbose=nothing\n")
    (root / "task").mkdir(exist_ok=True)
    return clean_env(TASKRC=str(rc), TASKDATA=str(root / "task"))


class Results:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.misses = 0

    def target(self, ok: bool, text: str) -> None:
        self.misses += not ok
        line = f"{'PASS' if ok else 'MISS'}  {text}"
        self.lines.append(line)
        print(line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="timed runs per command (default 21)")
    parser.add_argument("--quick", action="store_true", help="7 runs, no scale data set")
    parser.add_argument("--install-peers", action="store_true", help="pip-install jrnl for comparison")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the demo databases")
    opts = parser.parse_args()
    runs = 7 if opts.quick else opts.runs
    env = clean_env(COACH_TODAY=TODAY)
    coach = coach_command()
    small, scale = DATA / "small.db", DATA / "scale.db"
    if opts.rebuild:
        for db in (small, scale):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)

    print(f"coach: {' '.join(coach)}   python: {sys.version.split()[0]}   runs: {runs} (medians)")
    print("Building data sets...")
    build(small, [], env)
    scale_build = 0.0 if opts.quick else build(scale, ["--clients", "200", "--days", "730"], env)
    results = Results()
    times: dict[str, float] = {}

    times["python -c pass"] = median_ms([sys.executable, "-c", "pass"], env, runs)
    step, client = first_step_and_client(small)
    env_small = {**env, "COACH_DB": str(small)}
    times["done small"] = median_ms([*coach, "done", str(step), "--note", "bench"], env_small, runs)
    times["--help"] = median_ms([*coach, "--help"], env_small, runs)
    times["report small"] = median_ms([*coach, "report", "-c", client, "--format", "text"], env_small, runs)
    times["report --all small"] = median_ms(
        [*coach, "report", "--all", "--week", "last", "--format", "text"], env_small, runs)

    with tempfile.TemporaryDirectory() as tmp:
        jrnl = jrnl_command(opts.install_peers)
        if jrnl:
            times["jrnl today: ..."] = median_ms(
                [*jrnl, "today: walked 20 minutes"], jrnl_env(Path(tmp)), runs
            )
        task = shutil.which("task")
        if task:
            times["task add ..."] = median_ms([task, "add", "walk 20 minutes"], task_env(Path(tmp)), runs)

    if not opts.quick:
        s_step, s_client = first_step_and_client(scale)
        env_scale = {**env, "COACH_DB": str(scale)}
        times["done scale"] = median_ms([*coach, "done", str(s_step)], env_scale, runs)
        times["report scale"] = median_ms([*coach, "report", "-c", s_client, "--format", "text"],
                                          env_scale, runs)
        all_runs = [peak_rss_mib([*coach, "report", "--all", "--week", "last", "--format", "text"],
                                 env_scale) for _ in range(max(3, runs // 4))]
        times["report --all scale"] = 1000 * statistics.median(t for t, _ in all_runs)
        peak = max(m for _, m in all_runs)

    print("\nMedians (ms):")
    for name, ms in times.items():
        print(f"  {name:<22} {ms:8.1f}")
    print()
    done = times["done small"]
    if "jrnl today: ..." in times:
        ratio = done / times["jrnl today: ..."]
        results.target(ratio <= 0.5, f"coach done / jrnl = {ratio:.2f} (target <= 0.50)")
    else:
        print("SKIP  jrnl not found (python bench/run.py --install-peers)")
    if "task add ..." in times:
        ratio = done / times["task add ..."]
        results.target(ratio <= 4, f"coach done / task add = {ratio:.2f} (target <= 4)")
    else:
        print("SKIP  task not found (apt-get install taskwarrior)")
    ratio = times["--help"] / done
    results.target(ratio <= 2, f"coach --help / coach done = {ratio:.2f} (target <= 2)")
    if not opts.quick:
        ratio = times["done scale"] / done
        results.target(ratio <= 1.25, f"done scale / small = {ratio:.2f} (target <= 1.25)")
        ratio = times["report scale"] / times["report small"]
        results.target(ratio <= 1.5, f"report -c scale / small = {ratio:.2f} (target <= 1.5)")
        seconds = times["report --all scale"] / 1000
        results.target(seconds < 2 and peak < 120,
                       f"report --all --week last at scale: {seconds:.2f} s, {peak:.0f} MiB peak "
                       "(target < 2 s, < 120 MiB)")
        if scale_build:
            results.target(scale_build < 60, f"demo --clients 200 --days 730: {scale_build:.1f} s "
                           "(target < 60 s)")
        else:
            print("SKIP  demo build time: scale.db reused (--rebuild to time it)")
    print(f"\n{len(results.lines) - results.misses} passed, {results.misses} missed")
    return 1 if results.misses else 0


if __name__ == "__main__":
    sys.exit(main())
