"""Bulk writes that bypass the per-row journal: the demo's tables in one go.

The rows come complete (ids, uuids, timestamps) in the column order given,
and are written with ``executemany`` inside the caller's transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import TypeVar

from coachcli.errors import DatabaseError

T = TypeVar("T")


def chunks(values: Iterable[T], size: int) -> Iterator[list[T]]:
    """``values`` in lists of at most ``size``: lookups by many keys stay under SQLite's limits."""
    it = iter(values)
    while batch := list(islice(it, size)):
        yield batch


#: Tables of ours that hold no records.
BOOKKEEPING = frozenset({"meta", "journal", "journal_entries", "_sqlite_migrations",
                         "tombstones", "changes", "sync_peers", "sync_conflicts"})


def refuse_if_used(path: Path, record_tables: Iterable[str], holds: str) -> None:
    """Refuse (with the message ``holds``) a file that holds anything but an empty coachcli database."""
    records = set(record_tables)
    if not path.exists():
        return
    if path.is_dir():
        raise DatabaseError(f"{path} is a directory, not a database file")
    if path.stat().st_size == 0:
        return
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
            if not tables <= records | BOOKKEEPING or any(
                conn.execute(f"SELECT EXISTS (SELECT 1 FROM {t})").fetchone()[0]
                for t in sorted(tables & records)
            ):
                raise DatabaseError(holds)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise DatabaseError(holds) from exc


def write_rows(
    conn: sqlite3.Connection,
    columns: Mapping[str, Sequence[str]],
    rows: Callable[[str], Iterable[Sequence[object]]],
) -> None:
    """Insert every table with ``executemany``; the caller holds the transaction.

    Rows arrive in time order, so each table's (step, date)-style indexes
    would take random inserts: they are dropped first and rebuilt from their
    own stored SQL afterwards (a sort), in the same transaction, which
    roughly halves the cost of filling ``actions`` at scale. The triggers that
    would do nothing for these rows are left out meanwhile, and made again.
    """
    indexes = drop_indexes(conn, list(columns))
    paused = pause_idle_triggers(conn)
    for table, cols in columns.items():
        names, values = list(cols), ", ".join("?" * len(cols))
        if table in ("actions", "checkins") and "recorded_on" not in cols and "created_at" in cols:
            # Recorded the day it was created, set here rather than by a trigger per row
            # (whose WHEN then never holds: it is left out while these rows go in).
            names.append("recorded_on")
            values += f", substr(?{list(cols).index('created_at') + 1}, 1, 10)"
            paused += pause_triggers(conn, [f"{table}_recorded_on_default"])
        conn.executemany(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({values})", rows(table))
    restore_indexes(conn, indexes)
    restore_indexes(conn, paused)


def drop_indexes(conn: sqlite3.Connection, tables: Sequence[str]) -> list[str]:
    """Drop the tables' own indexes (not the UNIQUE ones); returns the SQL to rebuild them.

    For filling a table in bulk, inside the caller's transaction: one sort at
    the end costs far less than keeping each index up to date row by row.
    A table whose own trigger reads it keeps its indexes (see
    :data:`SELF_READING_TABLES`).
    """
    marks = ", ".join("?" * len(tables))
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        f" AND tbl_name IN ({marks}) AND tbl_name NOT IN ({SELF_READING_TABLES}) ORDER BY name",
        list(tables),
    ).fetchall()
    for name, _ in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    return [str(sql) for _, sql in indexes]


#: Tables with a trigger that reads the table's own rows (a goal's status follows its latest
#: status change): their indexes stay, or each insert would scan every row inserted before it.
SELF_READING_TABLES = (
    "SELECT t.tbl_name FROM sqlite_master t WHERE t.type = 'trigger'"
    " AND t.sql LIKE '%FROM ' || t.tbl_name || ' %'"
)


def pause_triggers(conn: sqlite3.Connection, names: Sequence[str]) -> list[str]:
    """Drop the named triggers (those that exist), inside the caller's transaction.

    Returns the SQL that makes them again, for :func:`restore_indexes`.
    """
    marks = ", ".join("?" * len(names))
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL"
        f" AND name IN ({marks}) ORDER BY rowid", list(names),
    ).fetchall()
    for name, _ in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    return [str(sql) for _, sql in triggers]


def pause_idle_triggers(conn: sqlite3.Connection) -> list[str]:
    """Drop, for a bulk insert that deletes nothing, the triggers it would run for nothing.

    Every insert runs the sync's change note (a no-op while no hub is set up:
    its WHEN finds no peer) and clears the record's tombstone (a no-op while
    there are none). With no peer and no tombstone, a write that deletes
    nothing leaves exactly the same rows without them, and saves their
    per-row cost. Inside the caller's transaction; returns the SQL that puts
    them back (:func:`restore_indexes` runs it), in their order.
    """
    if conn.execute("SELECT EXISTS (SELECT 1 FROM sync_peers) OR EXISTS (SELECT 1 FROM tombstones)"
                    ).fetchone()[0]:
        return []
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL"
        " AND (name LIKE '%\\_sync\\_insert' ESCAPE '\\' OR name LIKE '%\\_untombstone' ESCAPE '\\')"
        " ORDER BY rowid"
    ).fetchall()
    for name, _ in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    return [str(sql) for _, sql in triggers]


def restore_indexes(conn: sqlite3.Connection, indexes: Sequence[str]) -> None:
    for sql in indexes:
        conn.execute(sql)


def has_records(conn: sqlite3.Connection) -> bool:
    return bool(conn.execute("SELECT EXISTS (SELECT 1 FROM clients)").fetchone()[0])


@contextmanager
def rollback_journal(conn: sqlite3.Connection) -> Iterator[None]:
    """Around a new file's first bulk load: a rollback journal instead of WAL, then WAL again.

    In WAL mode each page of the load is written twice, to the log and then by
    the checkpoint into the file. A rollback journal keeps only the pages that
    existed before the transaction (a new file's few), so the load's pages are
    written once. The promise stays: one transaction, and a crash leaves the
    whole load or none of it (the next open rolls a left-over journal back).
    Outside any transaction; where the mode cannot change (another connection
    has the file open) it stays WAL.
    """
    changed = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
    try:
        yield
    finally:
        if changed:
            conn.execute("PRAGMA journal_mode = WAL")


def large_cache(conn: sqlite3.Connection) -> None:
    """A bigger page cache (64 MiB, this connection only) for a bulk insert."""
    conn.execute("PRAGMA cache_size = -65536")


def commitments_from_lists(conn: sqlite3.Connection, make_uuid: Callable[[str], str]) -> int:
    """Each check-in's list of commitments as commitment records, the lists emptied; how many made.

    For a bulk build (the demo), which drafts them as a list: ``make_uuid(created_at)``
    names each, so the demo's uuids stay its own (seeded, time-ordered). Times and
    strength are the check-in's.
    """
    import json

    made = []
    for cid, listed, sure, created, updated in conn.execute(
        "SELECT id, commitments, sure, created_at, updated_at FROM checkins WHERE commitments <> '[]'"
        " ORDER BY id"
    ).fetchall():
        made += [(cid, str(t), sure, make_uuid(created), created, updated) for t in json.loads(listed)]
    conn.executemany(
        "INSERT INTO commitments (checkin_id, text, sure, uuid, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?)", made)
    conn.execute("UPDATE checkins SET commitments = '[]' WHERE commitments <> '[]'")
    return len(made)
