"""``coach backup``: a private, complete, consistent copy, even while others write.

The promises: the backup holds exactly the database's records, as one file
that opens anywhere (no ``-wal`` needed), with mode 0600; an existing file is
never replaced without ``--force``; a backup taken while other processes
write is a consistent snapshot; a damaged database is copied but reported.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from coachcli.errors import DatabaseError, OutputError
from coachcli.portable import backup as backup_module
from coachcli.portable.backup import backup_database, default_name, destination
from coachcli.store import Database
from coachcli.store.schema import TABLE_NAMES
from helpers import Coach

#: Every record table (store/schema.py), so a table added later is checked here too.
RECORD_TABLES = TABLE_NAMES


def dump(path: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return list(conn.iterdump())


def check(path: Path) -> tuple[str, list[object]]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return (conn.execute("PRAGMA integrity_check").fetchone()[0],
                conn.execute("PRAGMA foreign_key_check").fetchall())


def test_default_name_is_timestamped_beside_the_database(stocked, coach, db_path: Path) -> None:
    result = coach("backup")
    assert result.exit_code == 0, result.output
    (made,) = [p for p in db_path.parent.iterdir() if p.name.startswith("coach-")]
    assert re.fullmatch(r"coach-\d{8}-\d{6}\.db", made.name)
    assert result.stdout == f"Backed up {db_path} to {made} ({made.stat().st_size / 1024:.1f} KB).\n"
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    assert dump(made) == dump(db_path)
    with contextlib.closing(sqlite3.connect(made)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    assert [p.name for p in db_path.parent.iterdir() if ".tmp" in p.name] == []


def test_the_backup_opens_with_coach_and_holds_the_data(stocked, coach, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    assert coach("done", "1", "--on", "2026-11-16").exit_code == 0
    assert coach("backup", str(target)).exit_code == 0
    log = coach("log", "--db", str(target), "--since", "2026-11-01", "-f", "text")
    assert "Walk 20 minutes" in log.stdout
    assert "verdict: healthy" in coach("db", "check", "--db", str(target)).stdout


def test_a_directory_target_gets_the_default_name(stocked, coach, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    assert coach("backup", str(folder)).exit_code == 0
    (made,) = folder.iterdir()
    assert made.name.startswith("coach-")
    assert made.suffix == ".db"


def test_destination_rules(tmp_path: Path) -> None:
    from datetime import datetime

    now = datetime(2026, 11, 18, 7, 5, 9)
    db = tmp_path / "data" / "coach.db"
    assert default_name(now) == "coach-20261118-070509.db"
    assert destination(db, None, now) == tmp_path / "data" / "coach-20261118-070509.db"
    assert destination(db, tmp_path, now) == tmp_path / "coach-20261118-070509.db"
    assert destination(db, tmp_path / "x.db", now) == tmp_path / "x.db"


def test_an_existing_file_is_kept_unless_forced(stocked, coach, tmp_path: Path, db_path: Path) -> None:
    target = tmp_path / "copy.db"
    target.write_bytes(b"precious")
    result = coach("backup", str(target))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {target} already exists; choose another name, or replace it with --force\n")
    assert target.read_bytes() == b"precious"
    result = coach("backup", str(target), "--force")
    assert result.exit_code == 0
    assert dump(target) == dump(db_path)
    result = coach("backup", str(db_path), "--force")
    assert result.exit_code == 1
    assert "is the database itself" in result.stderr


def test_errors_are_one_clear_line(coach, tmp_path: Path, db_path: Path) -> None:
    result = coach("backup")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: no database at {db_path}: start one with coach init")
    assert len(result.stderr.splitlines()) == 1
    assert coach("init").exit_code == 0
    result = coach("backup", str(tmp_path / "missing" / "x.db"))
    assert result.exit_code == 1
    assert "does not exist" in result.stderr


def test_a_damaged_database_is_copied_and_reported(stocked, coach, db_path: Path, tmp_path: Path) -> None:
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
        # Enough actions that the second half of the file holds nothing else.
        for i in range(1500):
            conn.execute(
                "INSERT INTO actions (step_id, kind, on_date, count, note, uuid, created_at, updated_at)"
                " VALUES (1, 'done', '2026-11-02', 1, ?, ?, '2026-11-02T00:00:00.000Z',"
                " '2026-11-02T00:00:00.000Z')", ("n" * 200, f"u{i}"))
        conn.commit()
    size = db_path.stat().st_size
    with open(db_path, "r+b") as f:  # clobber the new actions' pages, at the end of the file
        f.seek(size // 2)
        f.write(os.urandom(size // 2 - 4096))
    target = tmp_path / "copy.db"
    result = coach("backup", str(target))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: the backup {target} was written, but the database")
    assert "run: coach db check" in result.stderr
    assert result.stderr.count("\n") == 1
    assert target.exists()


def test_backups_taken_while_others_write_are_consistent(stocked, db_path: Path, tmp_path: Path) -> None:
    env = Coach(db_path).environ()
    script = (
        "import sys\n"
        "from coachcli.cli import app\n"
        "for i in range(40):\n"
        "    try:\n"
        "        app(['done', '1', '--on', '2026-11-16', '--note', f'w{sys.argv[1]}-{i}'])\n"
        "    except SystemExit as e:\n"
        "        assert e.code in (0, None), e.code\n"
    )
    writers = [subprocess.Popen([sys.executable, "-c", script, str(n)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
               for n in range(2)]
    copies = []
    try:
        time.sleep(0.3)
        for n in range(4):
            target = tmp_path / f"b{n}.db"
            result = subprocess.run([sys.executable, "-m", "coachcli", "backup", str(target)],
                                    env=env, capture_output=True, text=True, check=False)
            assert result.returncode == 0, result.stderr
            copies.append(target)
            time.sleep(0.1)
    finally:
        for w in writers:
            _, err = w.communicate(timeout=120)
            assert w.returncode == 0, err
    counts = []
    for copy in copies:
        assert check(copy) == ("ok", [])
        with contextlib.closing(sqlite3.connect(copy)) as conn:
            actions = conn.execute("SELECT count(*) FROM actions").fetchone()[0]
            # Each write is one action plus one journal batch: a snapshot has both or neither.
            batches = conn.execute(
                "SELECT count(*) FROM journal WHERE description LIKE 'done %'").fetchone()[0]
        assert actions == batches
        counts.append(actions)
    assert counts == sorted(counts)
    assert counts[-1] <= 80
    assert check(db_path) == ("ok", [])


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_backup_is_private_under_a_permissive_umask(stocked, db_path: Path, tmp_path: Path) -> None:
    env = {**os.environ, "COACH_DB": str(db_path)}
    target = tmp_path / "open.db"
    subprocess.run([sys.executable, "-m", "coachcli", "backup", str(target)], env=env, check=True,
                   capture_output=True, preexec_fn=lambda: os.umask(0))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


# ------------------------------------------------------------------ failure paths, in process


@pytest.fixture
def opened(stocked, db_path: Path) -> Iterator[Database]:
    with Database.open(db_path, create=False) as db:
        yield db


def test_a_failed_copy_leaves_no_file_behind(opened: Database, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    def full(db: Database, tmp: Path) -> list[str]:
        Path(f"{tmp}-journal").write_text("half")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backup_module, "_copy", full)
    with pytest.raises(OutputError, match="database or disk is full; no backup was made"):
        backup_database(opened, tmp_path / "b.db")
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("coach.db")] == []


def test_a_race_for_the_name_is_lost_safely(opened: Database, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    def taken(src: object, dst: object) -> None:
        Path(str(dst)).write_text("someone else's")
        raise FileExistsError(dst)

    monkeypatch.setattr(os, "link", taken)
    with pytest.raises(OutputError, match="already exists"):
        backup_database(opened, tmp_path / "b.db")
    assert (tmp_path / "b.db").read_text() == "someone else's"
    assert not [p for p in tmp_path.iterdir() if ".tmp" in p.name]


def test_without_hard_links_the_copy_is_renamed(opened: Database, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def unsupported(src: object, dst: object) -> None:
        raise PermissionError("hard links not supported")

    monkeypatch.setattr(os, "link", unsupported)
    result = backup_database(opened, tmp_path / "b.db")
    assert result.path == tmp_path / "b.db"
    assert dump(result.path) == dump(opened.path)


def test_error_wording(opened: Database, tmp_path: Path) -> None:
    from coachcli.portable.backup import _backup_error

    malformed = sqlite3.DatabaseError("database disk image is malformed")
    damaged = _backup_error(opened, tmp_path / "b.db", malformed)
    assert isinstance(damaged, DatabaseError)
    assert "it is damaged" in str(damaged)
    io = _backup_error(opened, tmp_path / "b.db", sqlite3.OperationalError("disk I/O error"))
    assert isinstance(io, OutputError)
    other = _backup_error(opened, tmp_path / "b.db", sqlite3.OperationalError("something else"))
    assert isinstance(other, DatabaseError)
    assert "could not back up" in str(other)
    os.mkfifo(tmp_path / "pipe.db")
    with pytest.raises(OutputError, match="not a regular file"):
        backup_database(opened, tmp_path / "pipe.db", force=True)
