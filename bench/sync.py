"""Time ``coach sync`` on the scale data set through a throwaway PostgreSQL hub.

Usage:
    python bench/sync.py            # builds the 200-client, 730-day set under bench/data/

It starts a private PostgreSQL cluster (initdb and pg_ctl, a Unix socket in a
temporary directory; as root the server runs as an unprivileged user), makes a
hub with two coaches, and times whole ``coach sync`` processes under
``/usr/bin/time -v`` (wall time and peak memory):

- anna's first sync, sending the whole caseload (her file is brought to the
  current schema before, so no timed sync includes a migration);
- a sync with nothing to do;
- ben's first sync, receiving the whole caseload;
- one day's changes (three actions per client, a check-in for one in seven), sent
  by anna and received by ben.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests/pgcluster.py starts the cluster

from tests.pgcluster import start_cluster  # noqa: E402

DATA = HERE / "data"
TODAY = "2026-11-22"


def coach(*args: str, db: Path, hub: str = "") -> tuple[float, float, int, str]:
    """Run one coach command under /usr/bin/time -v: (seconds, CPU seconds, peak KiB, stdout).

    CPU seconds (user and system, of the coach process alone) move far less than
    wall time when other work shares the machine, so two versions can be compared
    on a busy machine by them.
    """
    cmd = [sys.executable, "-m", "coachcli", *args]
    env = {**os.environ, "COACH_DB": str(db), "COACH_TODAY": TODAY, "COACH_HUB": hub}
    timer = shutil.which("time") or "/usr/bin/time"
    proc = subprocess.run([timer, "-v", *cmd], capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{proc.stderr[-2000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", proc.stderr)
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    cpu = re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", proc.stderr)
    assert wall is not None
    assert peak is not None
    h, m, s = wall.groups()
    seconds = int(h or 0) * 3600 + int(m) * 60 + float(s)
    return seconds, sum(float(c) for c in cpu), int(peak.group(1)), proc.stdout


def one_day(db: Path) -> None:
    """Three actions per client and a check-in for one client in seven, dated today."""
    from coachcli.store import Database

    with Database.open(db) as store, store.write("a day's work") as tx:
        clients = [int(r[0]) for r in tx.conn.execute("SELECT id FROM clients ORDER BY id")]
        for i, client in enumerate(clients):
            steps = tx.conn.execute(
                "SELECT s.id FROM steps s JOIN goals g ON g.id = s.goal_id"
                " WHERE g.client_id = ? AND s.status = 'active' ORDER BY s.id LIMIT 3",
                (client,),
            ).fetchall()
            for (step,) in steps:
                tx.insert("actions", {"step_id": step, "kind": "done", "on_date": TODAY, "count": 1})
            if i % 7 == 0:
                tx.insert("checkins", {"client_id": client, "on_date": TODAY, "note": "a good week"})


def main() -> None:
    DATA.mkdir(exist_ok=True)
    scale = DATA / "sync-scale.db"
    if not scale.exists():
        coach("demo", "--clients", "200", "--days", "730", "--db", str(scale), "--no-report", db=scale)
    work = Path(tempfile.mkdtemp(prefix="coach-bench-sync-"))
    cluster = start_cluster()
    try:
        import psycopg

        with psycopg.connect(cluster.url(), autocommit=True) as conn:
            conn.execute("CREATE DATABASE bench_sync")
        admin = cluster.url("bench_sync")
        coach("hub", "init", admin, db=work / "admin.db")
        for role in ("anna", "ben"):
            coach("hub", "grant", role, "--hub", admin, db=work / "admin.db")
        anna, ben = work / "anna.db", work / "ben.db"
        shutil.copy(scale, anna)
        from coachcli.store import Database

        with Database.open(anna):
            pass  # migrated to this schema first (the data file may be older): no timed sync does that
        rows: list[tuple[str, float, float, int, str]] = []

        def step(label: str, db: Path, role: str) -> None:
            secs, cpu, kib, out = coach("sync", db=db, hub=cluster.url("bench_sync", user=role))
            rows.append((label, secs, cpu, kib, out.splitlines()[0]))

        step("anna: first sync (sends everything)", anna, "anna")
        step("anna: nothing to do", anna, "anna")
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute("INSERT INTO coachhub.grants (role_name, client_uuid, seq)"
                         " SELECT 'ben', uuid, 0 FROM coachhub.clients")
        step("ben: first sync (receives everything)", ben, "ben")
        one_day(anna)
        step("anna: one day's changes (sends)", anna, "anna")
        step("ben: one day's changes (receives)", ben, "ben")
        step("ben: nothing to do", ben, "ben")
        print(f"{'sync':40} {'seconds':>8} {'CPU s':>7} {'peak MiB':>9}")
        for label, secs, cpu, kib, _out in rows:
            print(f"{label:40} {secs:8.2f} {cpu:7.2f} {kib / 1024:9.0f}")
        print()
        for label, _s, _c, _k, out in rows:
            print(f"{label}: {out[:160]}")
    finally:
        cluster.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
