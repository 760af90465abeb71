"""A new database is made from one script (store/fresh.sql), the same as every migration in turn."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest
from tests.helpers import Coach, ok

from coachcli.store import fresh
from coachcli.store.db import SCHEMA_VERSION, Database
from coachcli.store.migrations import migrate


def replayed(path: Path, **options: str) -> None:
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("BEGIN IMMEDIATE")
        migrate(conn, replay=True, **options)
        conn.execute("COMMIT")


def shape(path: Path) -> dict[str, object]:
    """Everything a new file's schema is: its objects' text, the steps recorded, the version."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return {
            "objects": conn.execute(
                "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").fetchall(),
            "migrations": conn.execute(
                "SELECT migration_set, name FROM _sqlite_migrations ORDER BY id").fetchall(),
            "meta": conn.execute("SELECT key, value FROM meta ORDER BY key").fetchall(),
            "user_version": conn.execute("PRAGMA user_version").fetchone()[0],
            "integrity": conn.execute("PRAGMA integrity_check").fetchall(),
        }


def test_a_new_file_is_the_same_as_one_made_by_every_migration(tmp_path: Path) -> None:
    replayed(tmp_path / "replayed.db")
    Database.open(tmp_path / "new.db").close()
    made = shape(tmp_path / "new.db")
    assert made == shape(tmp_path / "replayed.db")
    assert made["user_version"] == SCHEMA_VERSION
    assert made["integrity"] == [("ok",)]


def test_the_script_is_what_the_migrations_make_today() -> None:
    """A new migration without `make regen` fails here (new files would still get it, slower)."""
    assert fresh.SCRIPT.read_text(encoding="utf-8") == fresh.generate(), "run `make regen`"


def test_a_stale_script_is_brought_forward_by_the_migrations_after_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A script older than the code records what it holds; the later steps run as on any old file."""
    old = tmp_path / "old.db"
    replayed(old, stop_before="0015_group_sessions")
    with contextlib.closing(sqlite3.connect(old)) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
        script = fresh.dump(conn, names)
    assert fresh.included(script)[-1] == "0014_checks_as_comparisons"
    monkeypatch.setattr(fresh, "SCRIPT", tmp_path / "fresh.sql")
    fresh.SCRIPT.write_text(script, encoding="utf-8")
    replayed(tmp_path / "replayed.db")
    Database.open(tmp_path / "new.db").close()
    assert shape(tmp_path / "new.db") == shape(tmp_path / "replayed.db")


@pytest.mark.parametrize("script", [
    "-- coachcli schema after migrations: 0001_core_tables 0099_not_ours\nCREATE TABLE nope (x);\n",
    "CREATE TABLE nope (x);\n",
    None,
], ids=["names-not-the-code-s", "no-header", "missing"])
def test_a_script_that_does_not_match_the_code_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str | None
) -> None:
    monkeypatch.setattr(fresh, "SCRIPT", tmp_path / "fresh.sql")
    if script is not None:
        fresh.SCRIPT.write_text(script, encoding="utf-8")
    replayed(tmp_path / "replayed.db")
    Database.open(tmp_path / "new.db").close()
    assert shape(tmp_path / "new.db") == shape(tmp_path / "replayed.db")


def test_a_file_made_from_the_script_keeps_records_like_any_other(tmp_path: Path) -> None:
    """Its triggers and checks are live: a done is journalled and undone, a bad kind refused."""
    coach = Coach(tmp_path / "coach.db")
    ok(coach("goal", "add", "Walk more"))
    ok(coach("step", "add", "1", "Walk after lunch", "--every", "daily"))
    ok(coach("done", "1"))
    assert "Undid" in ok(coach("undo"))
    with contextlib.closing(sqlite3.connect(tmp_path / "coach.db")) as conn, pytest.raises(
        sqlite3.IntegrityError, match="CHECK constraint failed"
    ):
        conn.execute("INSERT INTO actions (step_id, on_date, kind, uuid, created_at, updated_at)"
                     " VALUES (1, '2026-11-18', 'Done', 'u', 'c', 'c')")
