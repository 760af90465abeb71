"""The inside of one write: inserts, updates and deletes, each journaled so undo can revert it.

Kept apart from :mod:`coachcli.store.db` (opening the file, the transaction
around a write) because it is a concept of its own: what a write may do, and
the record of it that ``coach undo`` and ``coach redo`` play back.
"""

from __future__ import annotations

import sqlite3

from coachcli.clock import utc_now
from coachcli.errors import DatabaseError
from coachcli.store.db import RECORD_TABLES, UNDO_DEPTH, new_uuid

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import Any

    from coachcli.store.db import TxKind


#: Rows one INSERT statement carries in a bulk write: enough to spread a statement's own
#: cost thin, few enough that the compiled statement stays small in memory.
_ROWS_PER_STATEMENT = 200


def _json(values: Mapping[str, Any]) -> str:
    import json

    return json.dumps(dict(values), ensure_ascii=False)


def _after_last_write(conn: sqlite3.Connection) -> str:
    """Now, or one millisecond past the last journaled write if the clock has not moved on.

    Records of one day are ordered by ``created_at``; two writes within one
    millisecond (a script, a test, a clock stepped back) would otherwise be
    ordered by their random uuids, and a goal achieved then reopened could read
    as reopened then achieved. Strictly rising stamps keep the order they were
    written in.
    """
    from datetime import datetime, timedelta

    now = utc_now()
    row = conn.execute("SELECT created_at FROM journal ORDER BY id DESC LIMIT 1").fetchone()
    if row is None or row[0] is None or row[0] < now:
        return now
    try:
        last = datetime.strptime(row[0], "%Y-%m-%dT%H:%M:%S.%fZ")
    except ValueError:  # a stamp this code did not write: leave the clock's own
        return now
    later = last + timedelta(milliseconds=1)
    return later.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


class Tx:
    """The inside of one write transaction: inserts, updates and deletes that undo can revert."""

    def __init__(
        self, conn: sqlite3.Connection, description: str | None, *, client: str | None = None,
        kind: TxKind = "write",
    ) -> None:
        self.conn = conn
        self.description = description
        self.client = client
        self.kind = kind
        self.now = _after_last_write(conn)
        self._batch: int | None = None
        self._said: tuple[str | None, str | None] = (description, client)
        #: How many writes have joined this one from inside it (their descriptions are not its own).
        self.depth = 0

    @property
    def batch(self) -> int | None:  # the journal id of this write, once it changed anything
        return self._batch

    def describe(self, description: str, client: str | None = None) -> None:
        """What this write is, in the words undo will use ("done 'Walk' on 2026-11-30")."""
        if self.description is not None and not self.depth:
            self.description = description
            self.client = client

    def finish(self) -> None:
        """Store a description given after the first change (called by :meth:`Database.write`)."""
        if self._batch is not None and (self.description, self.client) != self._said:
            self.conn.execute(
                "UPDATE journal SET description = ?, client = ? WHERE id = ?",
                (self.description, self.client, self._batch),
            )

    def _journal(self, table: str, row_id: int, op: str, before: Mapping[str, Any] | None) -> None:
        if self.description is None:
            return
        if self._batch is None:
            if self.kind == "write":  # a new write: what undo reverted can no longer be redone
                self.conn.execute("DELETE FROM journal WHERE kind = 'undo' OR undone = 1")
            cur = self.conn.execute(
                "INSERT INTO journal (created_at, description, client, kind) VALUES (?, ?, ?, ?)",
                (self.now, self.description, self.client, "undo" if self.kind == "undo" else "write"),
            )
            self._batch = int(cur.lastrowid or 0)
            self._said = (self.description, self.client)
            self.conn.execute("DELETE FROM journal WHERE id <= ?", (self._batch - UNDO_DEPTH,))
        self.conn.execute(
            "INSERT INTO journal_entries (journal_id, tbl, row_id, op, before)"
            " VALUES (?, ?, ?, ?, ?)",
            (
                self._batch,
                table,
                row_id,
                op,
                None if before is None else _json(before),
            ),
        )

    def delete(self, table: str, row_id: int) -> dict[str, Any]:
        """Remove one record, keeping all of it for undo; returns what it held.

        The one way records are deleted (corrections, client delete, undo).
        """
        row = self.conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,)).fetchone()
        if row is None:
            raise DatabaseError(f"no {table} record with id {row_id}")
        values = {k: row[k] for k in row.keys()}  # noqa: SIM118 - sqlite3.Row iterates values
        self.conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
        self._journal(table, row_id, "delete", values)
        return values

    def insert(self, table: str, values: Mapping[str, Any]) -> int:
        """Insert a record, filling uuid and timestamps; returns its id."""
        row = dict(values)
        if table in RECORD_TABLES:
            row.setdefault("uuid", new_uuid())
            row.setdefault("created_at", self.now)
            row.setdefault("updated_at", self.now)
        cols = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        cur = self.conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(row.values()))
        row_id = int(cur.lastrowid or 0)
        self._journal(table, row_id, "insert", None)
        return row_id

    def insert_many(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        """Insert complete records (``columns`` include ``id``) in a few statements, journaled.

        For bulk writes such as ``coach import`` and ``coach sync``: a
        statement carries up to ``_ROWS_PER_STATEMENT`` rows, since a
        statement per row gave each row the statement's own bookkeeping (its
        rollback copy, its triggers set up), most of the time an import spent
        in SQLite. ``coach undo`` removes the rows like any insert.
        """
        if not rows:
            return
        from itertools import chain

        width = len(columns)
        per_statement = max(1, min(_ROWS_PER_STATEMENT,
                                   self.conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // width))
        row_marks = "(" + ", ".join("?" * width) + ")"
        head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
        for start in range(0, len(rows), per_statement):
            part = rows[start:start + per_statement]
            self.conn.execute(head + ", ".join([row_marks] * len(part)),
                              list(chain.from_iterable(part)))
        if self.description is None:
            return
        import json

        at = list(columns).index("id")
        self._journal(table, int(rows[0][at]), "insert", None)
        ids = json.dumps([int(r[at]) for r in rows[1:]])
        self.conn.execute(
            "INSERT INTO journal_entries (journal_id, tbl, row_id, op)"
            " SELECT ?, ?, value, 'insert' FROM json_each(?) ORDER BY key",
            (self._batch, table, ids),
        )

    def update(self, table: str, row_id: int, values: Mapping[str, Any]) -> None:
        """Change some columns of one record, keeping the old values for undo."""
        changes = dict(values)
        if table in RECORD_TABLES:
            changes.setdefault("updated_at", self.now)
        cols = list(changes)
        before = self.conn.execute(
            f"SELECT {', '.join(cols)} FROM {table} WHERE id = ?", (row_id,)
        ).fetchone()
        if before is None:
            raise DatabaseError(f"no {table} record with id {row_id}")
        sets = ", ".join(f"{c} = ?" for c in cols)
        self.conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*changes.values(), row_id])
        self._journal(table, row_id, "update", dict(zip(cols, before, strict=True)))

    def set_meta(self, key: str, value: str) -> None:
        old = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
        self._journal("meta", 0, "meta", {"key": key, "value": None if old is None else old[0]})

    def delete_meta(self, key: str) -> None:
        old = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        if old is None:
            return
        self.conn.execute("DELETE FROM meta WHERE key = ?", (key,))
        self._journal("meta", 0, "meta", {"key": key, "value": old[0]})
