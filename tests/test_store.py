"""The store: the exact schema, migrations, file safety, WAL, and the write/undo journal.

These promises are what let a coach trust one SQLite file with a caseload:
it is private (0600), it is never clobbered when it is not ours, it upgrades
forward without losing data, and a refused write leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sqlite3
import stat
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from coachcli.cli.common import open_db
from coachcli.clock import utc_now
from coachcli.domain.reporting import Window
from coachcli.errors import DatabaseError, InputError, StateError
from coachcli.store import SCHEMA_VERSION, Database, default_db_path
from coachcli.store.db import UNDO_DEPTH, new_uuid
from coachcli.store.files import BUSY_TIMEOUT_MS, describe_sqlite_error
from coachcli.store.journal import undo_last
from coachcli.store.migrations import migrate
from helpers import rows, schema_before

# ------------------------------------------------------------------ helpers


@contextlib.contextmanager
def raw(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection, as a person inspecting the file would open it."""
    conn = sqlite3.connect(path)
    try:
        yield conn
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def companions(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name != path.name)


def schema_of(conn: sqlite3.Connection) -> dict[str, dict[str, object]]:
    """Tables with their columns, indexes and foreign keys, in a comparable form."""
    out: dict[str, dict[str, object]] = {}
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        )
    ]
    for t in tables:
        columns = [(r[1], r[2], bool(r[3]), bool(r[5])) for r in conn.execute(f"PRAGMA table_info({t})")]
        indexes = set()
        for r in conn.execute(f"PRAGMA index_list({t})"):
            name, unique = r[1], bool(r[2])
            cols = tuple(c[2] for c in conn.execute(f"PRAGMA index_info('{name}')"))
            indexes.add(("auto" if name.startswith("sqlite_autoindex") else name, cols, unique))
        fks = {(r[2], r[3], r[4], r[6]) for r in conn.execute(f"PRAGMA foreign_key_list({t})")}
        out[t] = {"columns": columns, "indexes": indexes, "fks": fks}
    return out


RECORD = [("uuid", "TEXT", True, False), ("created_at", "TEXT", True, False),
          ("updated_at", "TEXT", True, False)]
UUID_UNIQUE = ("auto", ("uuid",), True)

EXPECTED_SCHEMA: dict[str, dict[str, object]] = {
    "_sqlite_migrations": {
        "columns": [("id", "INTEGER", False, True), ("migration_set", "TEXT", False, False),
                    ("name", "TEXT", False, False), ("applied_at", "TEXT", False, False)],
        "indexes": {("idx__sqlite_migrations_migration_set_name", ("migration_set", "name"), True)},
        "fks": set(),
    },
    "meta": {
        "columns": [("key", "TEXT", False, True), ("value", "TEXT", True, False)],
        "indexes": {("auto", ("key",), True)},
        "fks": set(),
    },
    "clients": {
        "columns": [("id", "INTEGER", False, True), ("name", "TEXT", True, False),
                    ("note", "TEXT", False, False), ("archived_on", "TEXT", False, False), *RECORD,
                    ("started_on", "TEXT", False, False)],
        "indexes": {("auto", ("name",), True), UUID_UNIQUE},
        "fks": set(),
    },
    "goals": {
        "columns": [("id", "INTEGER", False, True), ("client_id", "INTEGER", True, False),
                    ("title", "TEXT", True, False), ("why", "TEXT", False, False),
                    ("target_date", "TEXT", False, False), ("should", "INTEGER", True, False),
                    ("status", "TEXT", True, False), ("status_on", "TEXT", True, False),
                    ("drop_reason", "TEXT", False, False), *RECORD],
        "indexes": {("goals_client_status", ("client_id", "status"), False), UUID_UNIQUE},
        "fks": {("clients", "client_id", "id", "NO ACTION")},
    },
    "status_changes": {
        "columns": [("id", "INTEGER", False, True), ("goal_id", "INTEGER", True, False),
                    ("status", "TEXT", True, False), ("on_date", "TEXT", True, False),
                    ("reason", "TEXT", False, False), *RECORD],
        "indexes": {("status_changes_goal_date", ("goal_id", "on_date"), False), UUID_UNIQUE},
        "fks": {("goals", "goal_id", "id", "NO ACTION")},
    },
    "ratings": {
        "columns": [("id", "INTEGER", False, True), ("goal_id", "INTEGER", True, False),
                    ("on_date", "TEXT", True, False), ("importance", "INTEGER", False, False),
                    ("confidence", "INTEGER", False, False), ("note", "TEXT", False, False),
                    *RECORD],
        "indexes": {("ratings_goal_order",
                     ("goal_id", "on_date", "created_at", "uuid", "importance", "confidence"), False),
                    UUID_UNIQUE},
        "fks": {("goals", "goal_id", "id", "NO ACTION")},
    },
    "steps": {
        "columns": [("id", "INTEGER", False, True), ("goal_id", "INTEGER", True, False),
                    ("title", "TEXT", True, False), ("schedule", "TEXT", False, False),
                    ("due_date", "TEXT", False, False), ("start_date", "TEXT", True, False),
                    ("until_date", "TEXT", False, False), ("status", "TEXT", True, False),
                    ("dropped_on", "TEXT", False, False), *RECORD],
        "indexes": {("steps_goal", ("goal_id",), False), UUID_UNIQUE},
        "fks": {("goals", "goal_id", "id", "NO ACTION")},
    },
    "step_plans": {
        "columns": [("id", "INTEGER", False, True), ("step_id", "INTEGER", True, False),
                    ("ends_on", "TEXT", True, False), ("schedule", "TEXT", False, False),
                    ("due_date", "TEXT", False, False), ("start_date", "TEXT", True, False),
                    ("until_date", "TEXT", False, False), *RECORD, ("title", "TEXT", False, False)],
        "indexes": {("auto", ("step_id", "ends_on"), True), UUID_UNIQUE},
        "fks": {("steps", "step_id", "id", "NO ACTION")},
    },
    "actions": {
        "columns": [("id", "INTEGER", False, True), ("step_id", "INTEGER", True, False),
                    ("kind", "TEXT", True, False), ("on_date", "TEXT", True, False),
                    ("count", "INTEGER", True, False), ("note", "TEXT", False, False), *RECORD,
                    ("recorded_on", "TEXT", False, False), ("amount", "REAL", False, False)],
        "indexes": {("actions_step_day", ("step_id", "on_date", "kind", "count"), False),
                    ("actions_step_recorded", ("step_id", "recorded_on"), False), UUID_UNIQUE},
        "fks": {("steps", "step_id", "id", "NO ACTION")},
    },
    "checkins": {
        "columns": [("id", "INTEGER", False, True), ("client_id", "INTEGER", True, False),
                    ("on_date", "TEXT", True, False), ("mood", "INTEGER", False, False),
                    ("wins", "TEXT", True, False), ("obstacles", "TEXT", True, False),
                    ("commitments", "TEXT", True, False), ("note", "TEXT", False, False),
                    ("session", "INTEGER", True, False), *RECORD, ("sure", "INTEGER", False, False),
                    ("recorded_on", "TEXT", False, False), ("next_session_on", "TEXT", False, False),
                    ("change_talk", "TEXT", True, False), ("sustain_talk", "TEXT", True, False)],
        "indexes": {("checkins_client_order", ("client_id", "on_date", "created_at", "uuid"), False),
                    ("checkins_client_recorded", ("client_id", "recorded_on"), False), UUID_UNIQUE},
        "fks": {("clients", "client_id", "id", "NO ACTION")},
    },
    "commitments": {
        "columns": [("id", "INTEGER", False, True), ("checkin_id", "INTEGER", True, False),
                    ("text", "TEXT", True, False), ("sure", "INTEGER", False, False),
                    ("due_date", "TEXT", False, False), ("step_uuid", "TEXT", False, False),
                    ("outcome", "TEXT", False, False), ("outcome_on", "TEXT", False, False), *RECORD],
        "indexes": {("commitments_checkin", ("checkin_id",), False), UUID_UNIQUE},
        "fks": {("checkins", "checkin_id", "id", "NO ACTION")},
    },
    "journal": {
        "columns": [("id", "INTEGER", False, True), ("created_at", "TEXT", True, False),
                    ("description", "TEXT", True, False), ("client", "TEXT", False, False),
                    ("kind", "TEXT", True, False), ("undone", "INTEGER", True, False),
                    ("reverts", "INTEGER", False, False)],
        "indexes": set(),
        "fks": set(),
    },
    "journal_entries": {
        "columns": [("id", "INTEGER", False, True), ("journal_id", "INTEGER", True, False),
                    ("tbl", "TEXT", True, False), ("row_id", "INTEGER", True, False),
                    ("op", "TEXT", True, False), ("before", "TEXT", False, False)],
        "indexes": {("journal_entries_journal", ("journal_id",), False)},
        "fks": {("journal", "journal_id", "id", "CASCADE")},
    },
    "tombstones": {
        "columns": [("uuid", "TEXT", False, True), ("tbl", "TEXT", True, False),
                    ("deleted_at", "TEXT", True, False), ("change", "INTEGER", True, False)],
        "indexes": {("tombstones_change", ("change",), False), ("auto", ("uuid",), True)},
        "fks": set(),
    },
    "changes": {
        "columns": [("uuid", "TEXT", False, True), ("tbl", "TEXT", True, False),
                    ("change", "INTEGER", True, False)],
        "indexes": {("changes_change", ("change",), False), ("auto", ("uuid",), True)},
        "fks": set(),
    },
    "sync_peers": {
        "columns": [("hub", "TEXT", False, True), ("sent_change", "INTEGER", True, False),
                    ("hub_seq", "INTEGER", True, False), ("synced_at", "TEXT", False, False)],
        "indexes": {("auto", ("hub",), True)},
        "fks": set(),
    },
    "sync_conflicts": {
        "columns": [("id", "INTEGER", False, True), ("hub", "TEXT", True, False),
                    ("tbl", "TEXT", True, False), ("uuid", "TEXT", True, False),
                    ("at", "TEXT", True, False), ("kept", "TEXT", True, False),
                    ("kept_version", "TEXT", False, False), ("lost_version", "TEXT", False, False)],
        "indexes": set(),
        "fks": set(),
    },
    "groups": {
        "columns": [("id", "INTEGER", False, True), ("name", "TEXT", True, False),
                    ("note", "TEXT", False, False), ("archived_on", "TEXT", False, False), *RECORD],
        "indexes": {UUID_UNIQUE},
        "fks": set(),
    },
    "group_members": {
        "columns": [("id", "INTEGER", False, True), ("client_id", "INTEGER", True, False),
                    ("group_uuid", "TEXT", True, False), ("joined_on", "TEXT", True, False),
                    ("left_on", "TEXT", False, False), *RECORD],
        "indexes": {UUID_UNIQUE, ("group_members_group", ("group_uuid", "client_id"), False),
                    ("group_members_client", ("client_id",), False)},
        "fks": {("clients", "client_id", "id", "NO ACTION")},
    },
    "group_consents": {
        "columns": [("id", "INTEGER", False, True), ("client_id", "INTEGER", True, False),
                    ("group_uuid", "TEXT", True, False), ("on_date", "TEXT", True, False),
                    ("level", "TEXT", True, False), ("pseudonym", "TEXT", False, False), *RECORD],
        "indexes": {UUID_UNIQUE,
                    ("group_consents_group", ("group_uuid", "client_id", "on_date"), False),
                    ("group_consents_client", ("client_id",), False)},
        "fks": {("clients", "client_id", "id", "NO ACTION")},
    },
    "group_challenges": {
        "columns": [("id", "INTEGER", False, True), ("group_id", "INTEGER", True, False),
                    ("title", "TEXT", True, False), ("schedule", "TEXT", True, False),
                    ("start_date", "TEXT", True, False), ("sensitive", "INTEGER", True, False), *RECORD],
        "indexes": {UUID_UNIQUE, ("group_challenges_group", ("group_id",), False)},
        "fks": {("groups", "group_id", "id", "NO ACTION")},
    },
    "group_steps": {
        "columns": [("id", "INTEGER", False, True), ("step_id", "INTEGER", True, False),
                    ("challenge_uuid", "TEXT", True, False), *RECORD],
        "indexes": {UUID_UNIQUE, ("group_steps_step", ("step_id",), False),
                    ("group_steps_challenge", ("challenge_uuid",), False)},
        "fks": {("steps", "step_id", "id", "NO ACTION")},
    },
    "group_sessions": {
        "columns": [("id", "INTEGER", False, True), ("group_id", "INTEGER", True, False),
                    ("on_date", "TEXT", True, False), ("note", "TEXT", False, False), *RECORD],
        "indexes": {UUID_UNIQUE, ("group_sessions_group", ("group_id", "on_date"), False)},
        "fks": {("groups", "group_id", "id", "NO ACTION")},
    },
}


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    store = Database.open(db_path)
    yield store
    store.close()


def _undone(db: Database) -> str | None:
    """What undo reverted, by the description the write gave."""
    written = undo_last(db)
    return written.description if written else None


def add_client(db: Database, name: str = "Ana") -> int:
    with db.write(f"add client {name}") as tx:
        return tx.insert("clients", {"name": name})


# ------------------------------------------------------------------ schema


def test_schema_is_exactly_the_documented_one(db: Database) -> None:
    assert schema_of(db.conn) == EXPECTED_SCHEMA


def test_schema_version_is_recorded_in_user_version_meta_and_migrations(db: Database) -> None:
    assert db.schema_version() == SCHEMA_VERSION
    assert db.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(
        SCHEMA_VERSION
    )
    names = [r[0] for r in db.conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert names == ["0001_core_tables", "0002_undo_journal", "0003_covering_action_index",
                     "0004_sync_tracking", "0005_commitment_sure", "0006_history_and_corrections",
                     "0007_tombstones_cleared_on_reinsert", "0008_dated_titles_and_recorded_days",
                     "0009_one_status_order_everywhere", "0010_amounts",
                     "0011_sessions_and_commitments", "0012_groups", "0013_indexes_in_reading_order",
                     "0014_checks_as_comparisons", "0015_group_sessions"]
    assert len(names) == SCHEMA_VERSION


def test_names_are_unique_case_insensitively(db: Database) -> None:
    add_client(db, "Ana")
    with pytest.raises(DatabaseError, match="refused by the database"), db.write("dup") as tx:
        tx.insert("clients", {"name": "ANA"})
    assert db.conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 1


def test_foreign_keys_are_enforced(db: Database) -> None:
    assert db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    before = db.conn.execute("SELECT count(*) FROM journal").fetchone()[0]
    with pytest.raises(DatabaseError, match="FOREIGN KEY"), db.write("orphan goal") as tx:
        tx.insert("goals", {"client_id": 999, "title": "x", "status_on": "2026-01-01"})
    assert db.conn.execute("SELECT count(*) FROM goals").fetchone()[0] == 0
    # The refused write left no journal entry behind either.
    assert db.conn.execute("SELECT count(*) FROM journal").fetchone()[0] == before


def test_deleting_a_referenced_client_is_refused(db: Database) -> None:
    cid = add_client(db)
    with db.write("goal") as tx:
        tx.insert("goals", {"client_id": cid, "title": "x", "status_on": "2026-01-01"})
    with pytest.raises(DatabaseError, match="FOREIGN KEY"), db.write("delete") as tx:
        tx.conn.execute("DELETE FROM clients WHERE id = ?", (cid,))
    assert db.conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 1


@pytest.mark.parametrize(
    ("table", "values"),
    [
        ("ratings", {"goal_id": 1, "on_date": "2026-01-01", "importance": 11}),
        ("ratings", {"goal_id": 1, "on_date": "2026-01-01"}),  # neither ruler given
        ("goals", {"client_id": 1, "title": "x", "status_on": "2026-01-01", "status": "done"}),
        ("steps", {"goal_id": 1, "title": "x", "start_date": "2026-01-01"}),  # no schedule, no due
        ("actions", {"step_id": 1, "kind": "done", "on_date": "2026-01-01", "count": 0}),
        ("actions", {"step_id": 1, "kind": "maybe", "on_date": "2026-01-01"}),
        ("checkins", {"client_id": 1, "on_date": "2026-01-01", "mood": 6}),
        ("checkins", {"client_id": 1, "on_date": "2026-01-01", "sure": 11}),
    ],
)
def test_check_constraints_back_up_the_validation(
    db: Database, table: str, values: dict[str, object]
) -> None:
    cid = add_client(db)
    with db.write("setup") as tx:
        gid = tx.insert("goals", {"client_id": cid, "title": "g", "status_on": "2026-01-01"})
        tx.insert("steps", {"goal_id": gid, "title": "s", "schedule": "daily", "start_date": "2026-01-01"})
    with pytest.raises(DatabaseError, match="CHECK"), db.write("bad") as tx:
        tx.insert(table, values)


# ------------------------------------------------------------------ migrations


def test_migrates_an_existing_empty_file(db_path: Path) -> None:
    db_path.touch()
    with Database.open(db_path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert schema_of(store.conn) == EXPECTED_SCHEMA


def test_migrates_from_the_first_schema_version_keeping_data(db_path: Path) -> None:
    with raw(db_path) as conn:
        conn.isolation_level = None
        conn.execute("BEGIN IMMEDIATE")
        migrate(conn, stop_before="0002_undo_journal")
        conn.execute("COMMIT")
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "journal" not in tables
        assert "clients" in tables
        conn.execute(
            "INSERT INTO clients (name, uuid, created_at, updated_at)"
            " VALUES ('Ana', 'u-1', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')"
        )
        conn.execute(
            "INSERT INTO goals (client_id, title, status_on, uuid, created_at, updated_at)"
            " VALUES (1, 'Sleep by 11', '2026-01-01', 'u-2', 't', 't')"
        )
    with Database.open(db_path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert schema_of(store.conn) == EXPECTED_SCHEMA
        assert [tuple(r) for r in store.conn.execute("SELECT name, uuid FROM clients")] == [("Ana", "u-1")]
        assert store.conn.execute("SELECT title FROM goals").fetchone()[0] == "Sleep by 11"
        # The new journal works on the upgraded file: the next write can be undone.
        with store.write("add goal") as tx:
            tx.insert("goals", {"client_id": 1, "title": "Walk", "status_on": "2026-01-02"})
        assert _undone(store) == "add goal"
        assert [r[0] for r in store.conn.execute("SELECT title FROM goals")] == ["Sleep by 11"]


def test_the_report_reads_ratings_and_check_ins_from_indexes_in_their_order(db_path: Path, coach) -> None:
    """Schema 13: a caseload's ratings and check-ins come out of an index in the order the report
    reads them (day, then when made), with nothing left to sort or fetch from the table; a schema 12
    file migrates keeping every rating and check-in."""
    from coachcli.store.reportdata import load_clients

    schema_before(db_path, "0013_indexes_in_reading_order")
    assert rows(db_path, "PRAGMA user_version") == [(12,)]
    assert coach("client", "add", "Ana").exit_code == 0  # migrates
    for args in (("goal", "add", "Sleep", "-c", "Ana", "--importance", "8", "--confidence", "4"),
                 ("step", "add", "1", "Lights out", "--every", "daily"),
                 ("checkin", "-c", "Ana", "--win", "Slept well", "--commit", "Lights out")):
        assert coach(*args).exit_code == 0, args
    statements: list[str] = []
    with Database.open(db_path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        store.conn.set_trace_callback(statements.append)
        today = date.fromisoformat(coach.environ()["COACH_TODAY"])
        (ana,) = load_clients(store, [1], Window(today, today), today, today)
        store.conn.set_trace_callback(None)
        assert [(r[1], r[2]) for r in ana.goals[0].ratings] == [(8, 4)]
        assert [c.wins for c in ana.checkins] == [["Slept well"]]
        for table in ("ratings", "checkins"):
            (sql,) = [s for s in statements if f"FROM {table} " in s and "ORDER BY" in s]
            # The query's own steps (parent 0), not its subqueries': no sort of its rows.
            top = [r[-1] for r in store.conn.execute("EXPLAIN QUERY PLAN " + sql) if r[1] == 0]
            assert not [step for step in top if "TEMP B-TREE" in step], top
        ratings_plan = " | ".join(r[-1] for r in store.conn.execute(
            "EXPLAIN QUERY PLAN " + next(s for s in statements if "FROM ratings " in s)))
        assert "COVERING INDEX ratings_goal_order" in ratings_plan, ratings_plan


def test_checks_are_comparisons_and_still_refuse_what_they_refused(db_path: Path, coach) -> None:
    """Schema 14: no CHECK holds an IN list (SQLite builds a table for one on every row it checks,
    doubling a bulk insert's cost); a schema 13 file migrates whole, and each rewritten check accepts
    and refuses the same values."""
    from coachcli.store.migrations_checks import IN_CHECK

    schema_before(db_path, "0014_checks_as_comparisons")
    before = rows(db_path, "SELECT name, sql FROM sqlite_master WHERE type = 'table'")
    lists = [(table, *m.groups()) for table, sql in before for m in IN_CHECK.finditer(str(sql))]
    assert {t for t, _, _ in lists} >= {"actions", "goals", "checkins", "journal_entries", "commitments"}
    for args in (("client", "add", "Ana"), ("goal", "add", "Sleep", "-c", "Ana"),
                 ("step", "add", "1", "Lights out", "--every", "daily"), ("done", "1"),
                 ("checkin", "-c", "Ana", "--win", "Slept well")):
        assert coach(*args).exit_code == 0, args  # the first one migrates
    with raw(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert not [t for t, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL")
                    if IN_CHECK.search(sql)]
        assert conn.execute("SELECT kind, count FROM actions").fetchall() == [("done", 1)]
        tables = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall())
        for table, column, values in lists:
            said = " OR ".join(f"{column} = {v.strip()}" for v in values.split(","))
            assert f"CHECK ({said})" in tables[table], (table, column)
        conn.execute("PRAGMA foreign_keys = OFF")  # each check alone, whatever the row refers to
        action = "INSERT INTO actions (kind, step_id, on_date, uuid, created_at, updated_at)" \
                 " VALUES (?, 1, '2026-01-01', ?, 'x', 'x')"
        goal = "INSERT INTO goals (status, client_id, title, status_on, uuid, created_at, updated_at)" \
               " VALUES (?, 1, 'g', 'x', ?, 'x', 'x')"
        for sql, value in ((action, "skipped"), (action, "done"), (goal, "paused")):
            conn.execute(sql, (value, f"u-{value}"))
        for sql, value, rule in ((action, "Done", "kind = 'done' OR"), (action, "", "kind = 'done' OR"),
                                 (goal, "asleep", "status = 'active' OR")):
            with pytest.raises(sqlite3.IntegrityError, match=rule):
                conn.execute(sql, (value, f"u-{value}"))


def test_cli_upgrades_a_first_version_database(db_path: Path, coach) -> None:
    schema_before(db_path, "0002_undo_journal")
    assert coach("goal", "add", "Read more").exit_code == 0
    with raw(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("SELECT title FROM goals").fetchall() == [("Read more",)]


def test_reopening_a_current_database_does_not_migrate_again(db_path: Path) -> None:
    Database.open(db_path).close()
    with raw(db_path) as conn:
        applied = conn.execute("SELECT * FROM _sqlite_migrations").fetchall()
    Database.open(db_path).close()
    with raw(db_path) as conn:
        assert conn.execute("SELECT * FROM _sqlite_migrations").fetchall() == applied


# ------------------------------------------------------------------ the file itself


def test_file_and_wal_companions_are_private_even_under_umask_0(tmp_path: Path) -> None:
    path = tmp_path / "new" / "dir" / "coach.db"
    old = os.umask(0)
    try:
        store = Database.open(path)
        try:
            add_client(store)
            for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                assert p.exists(), p
                assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
            assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
        finally:
            store.close()
    finally:
        os.umask(old)


def test_wal_mode_and_busy_timeout_are_on(db: Database) -> None:
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.conn.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS
    with raw(db.path) as conn:  # persistent: any other connection sees WAL too
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reading_a_missing_database_creates_nothing(db_path: Path) -> None:
    with pytest.raises(DatabaseError, match=f"no database at {re.escape(str(db_path))}"):
        Database.open(db_path, create=False)
    assert not db_path.exists()
    with Database.open(db_path, create=False, missing="empty") as store:
        assert store.conn.execute("SELECT count(*) FROM goals").fetchone()[0] == 0
    assert not db_path.exists()
    assert list(db_path.parent.iterdir()) == []


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="is a directory"):
        Database.open(tmp_path)


def test_a_non_sqlite_file_is_refused_and_left_byte_identical(db_path: Path, coach) -> None:
    db_path.write_bytes(b"My coaching notes, not a database.\n" * 200)
    before = digest(db_path)
    with pytest.raises(DatabaseError, match="not a readable coachcli database"):
        Database.open(db_path)
    result = coach("goal", "add", "x")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert "not a readable coachcli database" in result.stderr
    assert coach("goal", "list").exit_code == 1
    assert digest(db_path) == before
    assert companions(db_path) == []


def test_a_foreign_sqlite_database_is_refused_and_left_byte_identical(db_path: Path, coach) -> None:
    with raw(db_path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
        conn.execute("INSERT INTO invoices (amount) VALUES (12.5)")
        conn.commit()
    before = digest(db_path)
    with pytest.raises(DatabaseError, match="not a coachcli one"):
        Database.open(db_path)
    result = coach("goal", "add", "x")
    assert result.exit_code == 1
    assert "not a coachcli one" in result.stderr
    assert digest(db_path) == before
    assert companions(db_path) == []
    with raw(db_path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_a_newer_schema_version_is_refused_and_left_unchanged(db_path: Path, coach) -> None:
    Database.open(db_path).close()
    with raw(db_path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        conn.commit()
    before = digest(db_path)
    with pytest.raises(DatabaseError, match="newer coachcli"):
        Database.open(db_path)
    result = coach("goal", "add", "x")
    assert result.exit_code == 1
    assert "newer coachcli" in result.stderr
    assert "upgrade coachcli" in result.stderr
    assert digest(db_path) == before
    with raw(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM goals").fetchone()[0] == 0


def test_a_new_file_migrated_by_another_process_meanwhile_is_not_refused(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two first commands at once: the other one's migration commits just after this one read
    the version. The version and the tables are read again under the write lock, together."""
    read_version = Database.schema_version
    raced: list[bool] = []

    def version_then_another_process_migrates(self: Database) -> int:
        version = read_version(self)
        if not raced:
            raced.append(True)
            Database.open(self.path).close()
        return version

    monkeypatch.setattr(Database, "schema_version", version_then_another_process_migrates)
    with Database.open(db_path) as store:
        assert raced == [True]
        add_client(store)
    with raw(db_path) as conn:
        assert conn.execute("SELECT name FROM clients").fetchall() == [("Ana",)]
        assert conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_open_says_whether_it_created_the_file(db_path: Path) -> None:
    with Database.open(db_path) as store:
        assert store.created
    with Database.open(db_path) as store:
        assert not store.created


def test_a_command_that_connected_as_the_file_was_discarded_opens_it_again(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It connected to the new file, then the command that created it was refused and removed
    it: it opens the path again (a new private file) instead of writing to the removed one."""
    creator = Database.open(db_path)
    configure = Database._configure
    discarded: list[bool] = []

    def creator_refused_in_between(self: Database) -> None:
        if not discarded:
            discarded.append(creator.discard_if_unused())
        configure(self)

    monkeypatch.setattr(Database, "_configure", creator_refused_in_between)
    with Database.open(db_path) as late:
        assert discarded == [True]
        add_client(late)
    with raw(db_path) as conn:
        assert conn.execute("SELECT name FROM clients").fetchall() == [("Ana",)]
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_a_write_to_a_file_removed_under_the_command_is_refused_in_words(db_path: Path) -> None:
    with Database.open(db_path) as store:
        store.conn.execute("PRAGMA journal_mode = DELETE")
        db_path.unlink()
        with pytest.raises(DatabaseError) as refused:
            add_client(store)
    assert str(refused.value) == (
        f"{db_path} was removed or replaced while this command ran; nothing was written, "
        "run the command again"
    )


def refused_command(
    db_path: Path, error: BaseException, before: Callable[[Database], object] = lambda store: None
) -> None:
    """A write command, as the CLI runs it, that does ``before`` and is then refused."""
    with open_db(db_path, write=True) as store:
        before(store)
        raise error


@pytest.mark.parametrize("error", [InputError("refused"), KeyboardInterrupt()])
def test_a_refused_command_removes_the_database_it_created(db_path: Path, error: BaseException) -> None:
    with pytest.raises(type(error)):
        refused_command(db_path, error)
    assert not db_path.exists()
    assert companions(db_path) == []


def test_a_refused_command_keeps_a_database_it_did_not_create(db_path: Path) -> None:
    Database.open(db_path).close()
    before = digest(db_path)
    with pytest.raises(InputError):
        refused_command(db_path, InputError("refused"))
    assert digest(db_path) == before


def test_a_created_database_that_was_written_to_is_kept(db_path: Path) -> None:
    with pytest.raises(InputError):
        refused_command(db_path, InputError("refused after the write"), add_client)
    with raw(db_path) as conn:
        assert conn.execute("SELECT name FROM clients").fetchall() == [("Ana",)]


def test_a_created_database_another_command_has_open_is_kept(db_path: Path) -> None:
    """The other command may be about to write to it: removing the file would lose that write."""
    others: list[Database] = []

    def another_command_reads(store: Database) -> None:
        others.append(Database.open(db_path))
        assert others[0].conn.execute("SELECT count(*) FROM goals").fetchone()[0] == 0

    with pytest.raises(InputError):
        refused_command(db_path, InputError("refused"), another_command_reads)
    other = others[0]
    try:
        assert db_path.exists()
        add_client(other)
    finally:
        other.close()
    with raw(db_path) as conn:
        assert conn.execute("SELECT name FROM clients").fetchall() == [("Ana",)]


def test_default_path_is_in_the_user_data_directory(tmp_path: Path) -> None:
    # conftest points XDG_DATA_HOME into tmp_path.
    assert default_db_path() == tmp_path / "xdg" / "coachcli" / "coach.db"


def test_default_path_without_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("XDG_DATA_HOME")
    assert default_db_path() == tmp_path / "home" / ".local" / "share" / "coachcli" / "coach.db"


# ------------------------------------------------------------------ writes and the journal


def test_insert_fills_uuid_and_utc_timestamps(db: Database) -> None:
    cid = add_client(db)
    row = db.conn.execute("SELECT * FROM clients WHERE id = ?", (cid,)).fetchone()
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", row["uuid"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", row["created_at"])
    assert row["updated_at"] == row["created_at"]


def test_update_touches_updated_at_and_undo_restores_the_old_values(db: Database) -> None:
    cid = add_client(db)
    with db.write("set note") as tx:
        tx.now = "2099-01-01T00:00:00.000Z"
        tx.update("clients", cid, {"note": "new"})
    row = db.conn.execute("SELECT note, updated_at, created_at FROM clients").fetchone()
    assert row["note"] == "new"
    assert row["updated_at"] == "2099-01-01T00:00:00.000Z"
    assert _undone(db) == "set note"
    row = db.conn.execute("SELECT note, updated_at, created_at FROM clients").fetchone()
    assert row["note"] is None
    assert row["updated_at"] == row["created_at"]


def test_updating_a_missing_record_is_an_error_and_rolls_back(db: Database) -> None:
    def insert_then_update_missing() -> None:
        with db.write("x") as tx:
            tx.insert("clients", {"name": "Ana"})
            tx.update("clients", 7, {"note": "x"})

    with pytest.raises(DatabaseError, match="no clients record with id 7"):
        insert_then_update_missing()
    assert db.conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 0


def test_a_coach_error_inside_a_write_rolls_back_everything(db: Database) -> None:
    def two_inserts_then_refuse() -> None:
        with db.write("two clients") as tx:
            tx.insert("clients", {"name": "Ana"})
            tx.insert("clients", {"name": "Ben"})
            raise StateError("changed my mind")

    with pytest.raises(StateError):
        two_inserts_then_refuse()
    assert db.conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 0
    assert db.conn.execute("SELECT count(*) FROM journal").fetchone()[0] == 0
    assert not db.conn.in_transaction


def test_undo_reverts_one_whole_write_at_a_time(db: Database) -> None:
    with db.write("two clients") as tx:
        tx.insert("clients", {"name": "Ana"})
        tx.insert("clients", {"name": "Ben"})
    add_client(db, "Cy")
    assert _undone(db) == "add client Cy"
    assert [r[0] for r in db.conn.execute("SELECT name FROM clients ORDER BY id")] == ["Ana", "Ben"]
    assert _undone(db) == "two clients"
    assert db.conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 0
    assert undo_last(db) is None
    # What remains are the reverts themselves, kept for redo until the next write.
    assert db.conn.execute(
        "SELECT count(*) FROM journal WHERE kind = 'write' AND undone = 0").fetchone()[0] == 0
    add_client(db, "Dee")
    assert db.conn.execute("SELECT count(*) FROM journal").fetchone()[0] == 1


def test_meta_settings_are_journaled(db: Database) -> None:
    with db.write("set a") as tx:
        tx.set_meta("threshold", "7")
    with db.write("change a") as tx:
        tx.set_meta("threshold", "8")
    assert db.conn.execute("SELECT value FROM meta WHERE key = 'threshold'").fetchone()[0] == "8"
    assert _undone(db) == "change a"
    assert db.conn.execute("SELECT value FROM meta WHERE key = 'threshold'").fetchone()[0] == "7"
    assert _undone(db) == "set a"
    assert db.conn.execute("SELECT value FROM meta WHERE key = 'threshold'").fetchone() is None


def test_unjournaled_writes_are_not_undoable(db: Database) -> None:
    with db.write("bulk", journal=False) as tx:
        tx.insert("clients", {"name": "Ana"})
    assert undo_last(db) is None
    assert db.conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 1


def test_the_journal_keeps_only_the_last_undo_depth_writes(db: Database) -> None:
    for i in range(UNDO_DEPTH + 5):
        add_client(db, f"c{i}")
    assert db.conn.execute("SELECT count(*) FROM journal").fetchone()[0] == UNDO_DEPTH
    # Entries of pruned writes went with them (ON DELETE CASCADE).
    assert db.conn.execute("SELECT count(*) FROM journal_entries").fetchone()[0] == UNDO_DEPTH
    oldest = db.conn.execute("SELECT min(id) FROM journal").fetchone()[0]
    assert db.conn.execute(
        "SELECT description FROM journal WHERE id = ?", (oldest,)
    ).fetchone()[0] == "add client c5"


def test_utc_now_and_new_uuid() -> None:
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", utc_now())
    ids = {new_uuid() for _ in range(200)}
    assert len(ids) == 200


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("database is locked", "is busy"),
        ("file is not a database", "not a readable coachcli database"),
        ("database disk image is malformed", "not a readable coachcli database"),
        ("attempt to write a readonly database", "is read-only"),
        ("database or disk is full", "could not write"),
        ("disk I/O error", "could not write"),
        ("something else", "database error on"),
    ],
)
def test_sqlite_errors_are_explained_in_words(message: str, expected: str) -> None:
    err = describe_sqlite_error(Path("/x/coach.db"), sqlite3.OperationalError(message))
    assert isinstance(err, DatabaseError)
    assert expected in str(err)
    assert "\n" not in str(err)


def test_journal_entries_store_before_images_as_json(db: Database) -> None:
    cid = add_client(db)
    with db.write("rename") as tx:
        tx.update("clients", cid, {"name": "Ana María"})
    before = db.conn.execute(
        "SELECT before FROM journal_entries WHERE op = 'update'"
    ).fetchone()[0]
    assert json.loads(before)["name"] == "Ana"


# ------------------------------------------------------------------ coach init / db path / db check


def test_init_creates_the_database_and_says_so(coach, db_path: Path) -> None:
    result = coach("init")
    assert result.exit_code == 0
    assert result.stdout == f"Created: {db_path} (schema {SCHEMA_VERSION})\n"
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    again = coach("init")
    assert again.exit_code == 0
    assert again.stdout.startswith(f"Database already exists: {db_path}")


def test_init_with_db_option_and_no_env(coach_proc, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "c.db"
    result = coach_proc("init", "--db", str(target))
    assert result.returncode == 0
    assert target.exists()


def test_db_path_prints_the_chosen_or_default_path(coach, db_path: Path, tmp_path: Path) -> None:
    assert coach("db", "path").stdout == f"{db_path}\n"
    assert coach("db", "path", "--db", str(tmp_path / "x.db")).stdout == f"{tmp_path / 'x.db'}\n"
    runner_default = coach("db", "path", COACH_DB="")
    assert runner_default.stdout == f"{tmp_path / 'xdg' / 'coachcli' / 'coach.db'}\n"
    assert not db_path.exists()  # printing the path creates nothing


def test_db_check_on_a_healthy_database(coach, db_path: Path) -> None:
    coach("goal", "add", "Walk")
    result = coach("db", "check")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "integrity: ok" in lines
    assert "foreign keys: ok" in lines
    assert f"schema version: {SCHEMA_VERSION} (current: {SCHEMA_VERSION})" in lines
    assert "records: 1 clients, 1 goals, 0 steps, 0 actions, 0 checkins, 0 commitments" in lines
    assert "commitment links: ok" in lines
    assert lines[-1] == "verdict: healthy"


def test_db_check_reports_orphaned_rows(coach, db_path: Path) -> None:
    coach("init")
    with raw(db_path) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute(
            "INSERT INTO goals (client_id, title, status_on, uuid, created_at, updated_at)"
            " VALUES (42, 'orphan', '2026-01-01', 'u', 't', 't')"
        )
        conn.commit()
    result = coach("db", "check")
    assert result.exit_code == 1
    assert "foreign keys: 1 row(s) point at missing records" in result.stdout
    assert result.stdout.splitlines()[-1] == "verdict: PROBLEMS FOUND"


def test_db_check_without_a_database(coach_proc, db_path: Path) -> None:
    result = coach_proc("db", "check")
    assert result.returncode == 1
    assert result.stderr.startswith("Error: no database at")
    assert len(result.stderr.splitlines()) == 1
    assert not db_path.exists()


def test_db_check_on_a_non_database(coach_proc, db_path: Path) -> None:
    db_path.write_text("hello\n" * 1000)
    before = digest(db_path)
    result = coach_proc("db", "check")
    assert result.returncode == 1
    assert result.stderr.startswith("Error: ")
    assert "Traceback" not in result.stderr
    assert digest(db_path) == before


# ------------------------------------------------------------------ locked, damaged, unusable paths


def test_a_database_locked_past_the_timeout_is_a_clear_error(
    stocked, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("coachcli.store.db.BUSY_TIMEOUT_MS", 200)
    with raw(db_path) as other:
        other.isolation_level = None
        other.execute("BEGIN IMMEDIATE")  # another command is writing and does not finish
        result = stocked("done", "1")
        other.execute("ROLLBACK")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: the database {db_path} is busy")
    assert "nothing was written" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    with raw(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM actions").fetchone()[0] == 0


@pytest.fixture
def damaged(db_path: Path) -> Path:
    """A coachcli database whose goals table has a page of garbage."""
    with Database.open(db_path) as store:
        with store.write("seed") as tx:
            cid = tx.insert("clients", {"name": "me"})
            for i in range(300):
                tx.insert("goals", {"client_id": cid, "title": f"goal {i} " + "x" * 200,
                                    "status_on": "2026-11-01"})
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = store.conn.execute("PRAGMA page_size").fetchone()[0]
        root = store.conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'goals'").fetchone()[0]
    data = bytearray(db_path.read_bytes())
    data[(root - 1) * page_size: root * page_size] = b"\xff" * page_size
    db_path.write_bytes(bytes(data))
    return db_path


def test_reading_a_damaged_database_is_one_clear_line(damaged: Path, coach) -> None:
    before = digest(damaged)
    result = coach("goal", "list", "--status", "all")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: the database could not be read (database disk image is malformed); "
        "check it with: coach db check\n"
    )
    result = coach("goal", "add", "one more")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert "not a readable coachcli database" in result.stderr
    assert digest(damaged) == before


def test_db_check_finds_the_damage(damaged: Path, coach) -> None:
    before = digest(damaged)
    result = coach("db", "check")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("integrity: ")
    assert lines[0] != "integrity: ok"
    assert lines[-1] == "verdict: PROBLEMS FOUND"
    assert digest(damaged) == before


def test_a_file_in_the_way_of_the_folder_is_a_clear_error(tmp_path: Path, coach) -> None:
    (tmp_path / "notes").write_text("not a folder")
    result = coach("init", "--db", str(tmp_path / "notes" / "coach.db"))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: cannot create the folder {tmp_path / 'notes'} for the database: "
        "a file of that name is in the way\n"
    )
    result = coach("goal", "add", "x", "--db", str(tmp_path / "notes" / "sub" / "coach.db"))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: cannot create the folder {tmp_path / 'notes' / 'sub'}")
    assert (tmp_path / "notes").read_text() == "not a folder"


@pytest.mark.parametrize("args", [("init",), ("db", "check"), ("goal", "add", "x"), ("goal", "list")])
def test_a_path_the_system_rejects_is_a_clear_error(tmp_path: Path, coach, args: tuple[str, ...]) -> None:
    too_long = tmp_path / ("x" * 300 + ".db")
    result = coach(*args, "--db", str(too_long))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: cannot use {too_long} as the database: ")
    assert len(result.stderr.splitlines()) == 1


def test_other_sqlite_errors_inside_a_write_roll_back(db: Database) -> None:
    def insert_then_bad_sql() -> None:
        with db.write("bad sql") as tx:
            tx.insert("clients", {"name": "Ana"})
            tx.conn.execute("SELECT * FROM nowhere")

    with pytest.raises(DatabaseError, match=r"database error on .*no such table: nowhere"):
        insert_then_bad_sql()
    assert db.conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 0


def test_deleting_a_setting_is_journaled(db: Database) -> None:
    with db.write("set") as tx:
        tx.set_meta("threshold", "7")
    with db.write("unset") as tx:
        tx.delete_meta("threshold")
        tx.delete_meta("never-set")
    assert db.conn.execute("SELECT count(*) FROM meta WHERE key = 'threshold'").fetchone()[0] == 0
    assert _undone(db) == "unset"
    assert db.conn.execute("SELECT value FROM meta WHERE key = 'threshold'").fetchone()[0] == "7"


def test_report_inputs_sum_the_actions_of_each_day(stocked, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The report reads per-day sums: several actions on a day add up, one stays as it is."""
    from datetime import date

    from coachcli.domain.reporting import DayLog, Window
    from coachcli.service.report import load_inputs

    for args in (["done", "1", "--on", "2026-11-16", "--count", "2"], ["done", "1", "--on", "2026-11-16"],
                 ["skip", "1", "--on", "2026-11-16"], ["missed", "1", "--on", "2026-11-13"],
                 ["skip", "1", "--on", "2026-11-11"], ["done", "1", "--on", "2026-11-09", "--count", "4"]):
        assert stocked(*args).exit_code == 0
    with Database.open(db_path) as store:
        window = Window(date(2026, 11, 16), date(2026, 11, 22))
        (client,) = load_inputs(store, [1], window, date(2026, 11, 22))
    logs = client.goals[0].steps[0].logs
    assert logs == {date(2026, 11, 16): DayLog(3, 0, 1), date(2026, 11, 13): DayLog(0, 1, 0),
                    date(2026, 11, 11): DayLog(0, 0, 1), date(2026, 11, 9): DayLog(4, 0, 0)}


def test_records_of_one_day_read_in_the_order_they_were_made_not_received(db: Database) -> None:
    """A sync files a colleague's earlier rating after ours: the one made last still stands.

    Local ids follow arrival, which differs from machine to machine; ratings,
    check-ins and status changes of one day are read by when they were made.
    """
    from coachcli.service.goals import get_goal
    from coachcli.service.tracking import last_commitments

    client = add_client(db, "Jonas")
    with db.write("goal") as tx:
        goal = tx.insert("goals", {"client_id": client, "title": "Run", "status": "active",
                                   "status_on": "2026-11-01"})
        # Arrival order: the later one first (a sync brought the earlier one after it).
        for importance, made in ((9, "2026-11-17T18:00:00.000Z"), (3, "2026-11-17T08:00:00.000Z")):
            tx.insert("ratings", {"goal_id": goal, "on_date": "2026-11-17", "importance": importance,
                                  "created_at": made})
        for text, made in (("walk twice", "2026-11-17T18:00:00.000Z"),
                           ("walk once", "2026-11-17T08:00:00.000Z")):
            checkin = tx.insert("checkins", {"client_id": client, "on_date": "2026-11-17",
                                             "created_at": made})
            tx.insert("commitments", {"checkin_id": checkin, "text": text, "created_at": made})
    assert get_goal(db, goal, today=date(2026, 11, 20)).importance == 9
    latest = last_commitments(db, "Jonas", date(2026, 11, 20))
    assert latest is not None
    assert "walk twice" in str(latest)
