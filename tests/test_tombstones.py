"""Deletions are remembered for a hub, and forgotten again when the record comes back.

A tombstone is what ``coach sync`` sends to delete a record on other
machines. One left behind for a record that exists would delete it there on
the first sync, so undoing a deletion must clear it, whether or not a hub
has been set up yet.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from conftest import Invoke


def tombstones(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute("SELECT tbl FROM tombstones ORDER BY tbl")]


def test_a_delete_leaves_a_tombstone_and_its_undo_clears_it(coach: Invoke, db_path: Path) -> None:
    assert coach("client", "add", "Ana").exit_code == 0
    assert coach("goal", "add", "Sleep by 11", "-c", "Ana").exit_code == 0
    assert coach("client", "delete", "Ana", "--yes").exit_code == 0
    assert tombstones(db_path) == ["clients", "goals", "status_changes"]
    assert coach("undo").exit_code == 0
    assert tombstones(db_path) == []
    assert coach("redo").exit_code == 0
    assert tombstones(db_path) == ["clients", "goals", "status_changes"]


def test_the_migration_forgets_tombstones_of_records_that_exist(db_path: Path) -> None:
    from coachcli.store import Database
    from coachcli.store.migrations import migrate

    with Database.open(db_path, create=True) as db:
        conn = db.conn
        conn.execute("INSERT INTO clients (name, uuid, created_at, updated_at) VALUES ('Bo', 'u-bo', '', '')")
        for uuid, change in (("u-bo", 1), ("u-gone", 2)):
            conn.execute(
                "INSERT INTO tombstones (uuid, tbl, deleted_at, change) VALUES (?, 'clients', '', ?)",
                (uuid, change),
            )
        # As a database at schema 6 had it: the migration not applied, its triggers absent.
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0007_tombstones_cleared_on_reinsert'")
        triggers = conn.execute("SELECT name FROM sqlite_master WHERE name LIKE '%_untombstone'").fetchall()
        for (name,) in triggers:
            conn.execute(f"DROP TRIGGER {name}")
        db.conn.commit()
        db.conn.execute("BEGIN IMMEDIATE")
        migrate(db.conn)
        db.conn.commit()
        assert [r[0] for r in db.conn.execute("SELECT uuid FROM tombstones")] == ["u-gone"]
