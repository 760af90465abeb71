"""Real processes at once, and processes killed mid-write.

The promises: concurrent commands wait for each other instead of failing
(no "database is locked"), and a process killed with SIGKILL leaves the
database as it was before its write or after it, never in between.
"""

from __future__ import annotations

import contextlib
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from coachcli.store import SCHEMA_VERSION
from helpers import Coach

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

PROCESSES = 8


def env_for(db_path: Path) -> dict[str, str]:
    return Coach(db_path).environ()


def coach_popen(db_path: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "coachcli", *args], stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env_for(db_path),
    )


def query(db_path: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        return conn.execute(sql, params).fetchall()


def integrity(db_path: Path) -> list[tuple[object, ...]]:
    return query(db_path, "PRAGMA integrity_check")


# ------------------------------------------------------------------ concurrent writers


def test_concurrent_done_commands_all_land(stocked, db_path: Path) -> None:
    procs = [
        coach_popen(db_path, "done", "1", "--on", f"2026-11-{day:02d}", "--note", f"writer {i}")
        for i, day in enumerate(range(2, 2 + PROCESSES))
    ]
    results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    for code, out, err in results:
        assert code == 0, err
        assert out.startswith("Done: Walk 20 minutes (step 1, goal 1) on 2026-11-")
        assert "locked" not in err
        assert err == ""
    notes = sorted(r[0] for r in query(db_path, "SELECT note FROM actions"))
    assert notes == sorted(f"writer {i}" for i in range(PROCESSES))
    assert query(db_path, "SELECT count(*) FROM journal WHERE description LIKE 'done %'") == [
        (PROCESSES,)
    ]
    assert integrity(db_path) == [("ok",)]


BURST = """
import sys, time
from coachcli.cli import app

start, who, n = float(sys.argv[1]), sys.argv[2], int(sys.argv[3])
while time.time() < start:
    pass
failures = 0
for i in range(n):
    try:
        app(["done", "1", "--on", "2026-11-16", "--note", f"{who}-{i}"], prog_name="coach")
    except SystemExit as exc:
        failures += exc.code != 0
sys.exit(failures)
"""


def test_bursts_of_writes_from_several_processes_lose_nothing(stocked, db_path: Path, tmp_path: Path) -> None:
    """Many writes started at the same instant: every one waits its turn and lands."""
    script = tmp_path / "burst.py"
    script.write_text(BURST)
    writers, each = 4, 15
    start = time.time() + 1.5  # after every interpreter has imported coachcli
    procs = [
        subprocess.Popen([sys.executable, str(script), str(start), f"w{w}", str(each)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env=env_for(db_path))
        for w in range(writers)
    ]
    for p in procs:
        out, err = p.communicate(timeout=180)
        assert p.returncode == 0, err
        assert "locked" not in err
        assert "busy" not in err
        assert out.count("Done: ") == each
    notes = {r[0] for r in query(db_path, "SELECT note FROM actions")}
    assert notes == {f"w{w}-{i}" for w in range(writers) for i in range(each)}
    assert integrity(db_path) == [("ok",)]


def test_first_writes_to_a_new_file_from_several_processes(coach, db_path: Path) -> None:
    """Creating and migrating the file is itself safe to race."""
    procs = [coach_popen(db_path, "goal", "add", f"Goal {i}") for i in range(PROCESSES)]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        assert err == ""
    assert query(db_path, "SELECT count(*) FROM goals") == [(PROCESSES,)]
    assert query(db_path, "SELECT name FROM clients") == [("me",)]
    assert query(db_path, "SELECT count(*) FROM _sqlite_migrations") == [(SCHEMA_VERSION,)]
    assert integrity(db_path) == [("ok",)]


# ------------------------------------------------------------------ killed mid-write

HOLDER = """
import sys, time
from coachcli.store import Database

path, when = sys.argv[1], sys.argv[2]
db = Database.open(path)
with db.write("bulk import") as tx:
    # Enough rows that SQLite spills pages into the WAL before the commit.
    for i in range(3000):
        tx.insert("clients", {"name": f"ghost {i}", "note": "x" * 1000})
    if when == "before-commit":
        print("inside the transaction", flush=True)
        time.sleep(120)
print("committed", flush=True)
time.sleep(120)
"""


def start_holder(tmp_path: Path, db_path: Path, when: str) -> subprocess.Popen[str]:
    script = tmp_path / "holder.py"
    script.write_text(textwrap.dedent(HOLDER))
    proc = subprocess.Popen([sys.executable, str(script), str(db_path), when],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env_for(db_path))
    assert proc.stdout is not None
    line = proc.stdout.readline()  # blocks until the holder reports where it stands
    assert line.strip() in ("inside the transaction", "committed"), proc.stderr.read() if proc.stderr else ""
    return proc


def kill(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    if proc.stdout:
        proc.stdout.close()
    if proc.stderr:
        proc.stderr.close()


def test_killed_before_commit_leaves_the_write_wholly_absent(stocked, db_path: Path, tmp_path: Path) -> None:
    before = query(db_path, "SELECT * FROM clients ORDER BY id")
    journal = query(db_path, "SELECT * FROM journal ORDER BY id")
    holder = start_holder(tmp_path, db_path, "before-commit")
    assert Path(f"{db_path}-wal").stat().st_size > 1_000_000  # uncommitted pages reached the WAL
    kill(holder)
    assert integrity(db_path) == [("ok",)]
    assert query(db_path, "SELECT * FROM clients ORDER BY id") == before
    assert query(db_path, "SELECT * FROM journal ORDER BY id") == journal
    # The database is fully usable afterwards, and undo still reverts the last real write.
    assert stocked("done", "1").exit_code == 0
    assert stocked("undo").stdout == "Undid: me · done 'Walk 20 minutes' on 2026-11-18.\n"
    assert stocked("db", "check").exit_code == 0


def test_killed_after_commit_leaves_the_write_wholly_present(stocked, db_path: Path, tmp_path: Path) -> None:
    holder = start_holder(tmp_path, db_path, "after-commit")
    kill(holder)
    assert integrity(db_path) == [("ok",)]
    assert query(db_path, "SELECT count(*) FROM clients WHERE name LIKE 'ghost %'") == [(3000,)]
    assert query(db_path, "SELECT description FROM journal ORDER BY id DESC LIMIT 1") == [("bulk import",)]
    result = stocked("undo")
    assert result.stdout == "Undid: bulk import.\n"
    assert query(db_path, "SELECT count(*) FROM clients WHERE name LIKE 'ghost %'") == [(0,)]


def test_a_writer_waits_for_another_writer_and_readers_are_not_blocked(
    stocked, db_path: Path, tmp_path: Path
) -> None:
    holder = start_holder(tmp_path, db_path, "before-commit")
    try:
        # A reader answers at once and does not see the uncommitted rows.
        reader = subprocess.run(
            [sys.executable, "-m", "coachcli", "client", "list", "-f", "json"],
            capture_output=True, text=True, env=env_for(db_path), timeout=30, check=False,
        )
        assert reader.returncode == 0, reader.stderr
        assert "ghost" not in reader.stdout
        # A writer waits for the lock instead of failing.
        waiter = coach_popen(db_path, "done", "1", "--note", "patient")
        time.sleep(1.0)
        assert waiter.poll() is None, waiter.communicate()
    finally:
        kill(holder)
    out, err = waiter.communicate(timeout=60)
    assert waiter.returncode == 0, err
    assert err == ""
    assert out.startswith("Done: Walk 20 minutes")
    assert query(db_path, "SELECT note FROM actions") == [("patient",)]
    assert query(db_path, "SELECT count(*) FROM clients WHERE name LIKE 'ghost %'") == [(0,)]
    assert integrity(db_path) == [("ok",)]
