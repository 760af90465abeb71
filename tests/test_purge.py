"""``client delete --purge`` leaves none of the client's text, and says the truth when it cannot finish."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.helpers import file_size_limit, rows, unmeasured


def ok(result) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return str(result.stdout)


def holds(db_path: Path, *texts: str) -> list[str]:
    """Which of the database's files hold any of ``texts``."""
    return [p.name for p in db_path.parent.glob(db_path.name + "*")
            if any(t.encode() in p.read_bytes() for t in texts)]


def test_a_purge_forgets_journal_entries_written_under_an_earlier_name(coach, db_path: Path) -> None:
    secret = "quince-harbour-5521"
    ok(coach("client", "add", "Dee Quill"))
    ok(coach("checkin", "-c", "Dee Quill", "--win", f"win {secret}"))
    ok(coach("delete", "c1"))  # the journal keeps the whole deleted check-in
    ok(coach("client", "rename", "Dee Quill", "Dora"))
    ok(coach("client", "add", "Eve"))
    assert holds(db_path, secret, "Dee Quill")
    ok(coach("client", "delete", "Dora", "--yes", "--purge"))
    assert holds(db_path, secret, "Dee Quill") == []
    assert rows(db_path, "SELECT name FROM clients") == [("Eve",)]
    assert ok(coach("undo")) == "Undid: Eve · added as a client.\n"


def test_a_purge_that_cannot_rewrite_the_file_says_what_was_done_and_how_to_finish(
    coach, db_path: Path
) -> None:
    secret = "walnut-lantern-0417"
    ok(coach("client", "add", "Dee Quill", "--note", f"note {secret}"))
    ok(coach("client", "add", "Eve", "--note", "x" * 9000))
    for n in range(30):
        ok(coach("checkin", "-c", "Eve", "--note", f"{n} " + "y" * 9000))
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    limit = db_path.stat().st_size // 2
    env = {**os.environ, "COACH_DB": str(db_path), "COACH_TODAY": "2026-11-18"}
    proc = subprocess.run([sys.executable, "-m", "coachcli", "client", "delete", "Dee Quill", "--yes",
                           "--purge"], env=unmeasured(env), capture_output=True, text=True, check=False,
                          preexec_fn=file_size_limit(limit))
    assert proc.returncode == 1, proc
    (line,) = proc.stderr.splitlines()
    assert line.startswith("Error: the client and all their records are deleted, but")
    assert "coach db compact" in line
    assert "nothing was written" not in line
    assert rows(db_path, "SELECT count(*) FROM clients WHERE name = 'Dee Quill'") == [(0,)]
    out = ok(coach("db", "compact"))
    assert out.startswith("Rewrote ")
    assert holds(db_path, secret) == []
    assert ok(coach("db", "check"))
