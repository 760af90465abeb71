"""Undo and redo: playing journaled writes backwards, and forwards again.

Every write made through :class:`~coachcli.store.tx.Tx` records how to revert
it (the rows it inserted, the old values of what it updated, the whole of
what it deleted). Undo plays one write's records backwards *through a Tx of
its own*, so the revert is journaled too: that record is what ``coach redo``
plays back, until the next ordinary write makes it moot.

Undo is per database: it reverts the most recent write still in the journal,
whoever made it, and says whose records they were. Each undo runs in one
``BEGIN IMMEDIATE`` transaction that finds the write and marks it undone, so
two processes undoing at once revert two different writes, never one twice;
and since writes are reverted newest first, a write is never reverted while
a later one that builds on it stands.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from coachcli.domain.records import Written
from coachcli.errors import StateError
from coachcli.store.db import RECORD_TABLES, Database
from coachcli.store.rows import damaged
from coachcli.store.tx import Tx

_COLUMN = re.compile(r"[a-z_]{1,40}")


def _before(table: str, op: str, stored: str | None) -> dict[str, Any] | None:
    """One journal entry's old values, checked: they are written into SQL as column names."""
    if table not in RECORD_TABLES | {"meta"} or op not in ("insert", "update", "delete", "meta"):
        raise damaged("the undo journal", f"an entry for {table!r} {op!r}")
    if stored is None:
        return None
    try:
        before = json.loads(stored)
    except ValueError:
        raise damaged("the undo journal", "an entry that is not JSON") from None
    if not isinstance(before, dict) or not all(
        isinstance(c, str) and _COLUMN.fullmatch(c) for c in before
    ) or (op == "meta" and not {"key", "value"} <= before.keys()):
        raise damaged("the undo journal", "an entry that is not a record of old values")
    return before


def _written(row: sqlite3.Row | None) -> Written | None:
    if row is None:
        return None
    return Written(row["id"], row["description"], row["client"], row["created_at"])


_LATEST_WRITE = (
    "SELECT id, description, client, created_at FROM journal"
    " WHERE kind = 'write' AND undone = 0 ORDER BY id DESC LIMIT 1"
)
_LATEST_UNDO = (
    "SELECT id, description, client, created_at, reverts FROM journal"
    " WHERE kind = 'undo' ORDER BY id DESC LIMIT 1"
)


def next_undo(db: Database) -> Written | None:
    """The write ``coach undo`` would revert now (``--dry-run``)."""
    return _written(db.conn.execute(_LATEST_WRITE).fetchone())


def next_redo(db: Database) -> Written | None:
    """The write ``coach redo`` would re-apply now."""
    return _written(db.conn.execute(_LATEST_UNDO).fetchone())


def _play_back(tx: Tx, batch: int) -> None:
    """Revert one journaled write's changes, newest first, each through ``tx``."""
    entries = tx.conn.execute(
        "SELECT tbl, row_id, op, before FROM journal_entries WHERE journal_id = ? ORDER BY id DESC",
        (batch,),
    ).fetchall()
    for e in entries:
        before = _before(e["tbl"], e["op"], e["before"])
        if e["op"] == "insert":
            tx.delete(e["tbl"], e["row_id"])
        elif e["op"] == "delete" and before is not None:
            tx.insert(e["tbl"], before)
        elif e["op"] == "update" and before is not None:
            tx.update(e["tbl"], e["row_id"], before)
        elif e["op"] == "meta" and before is not None:
            if before["value"] is None:
                tx.delete_meta(before["key"])
            else:
                tx.set_meta(before["key"], before["value"])


def _refused(what: Written, exc: sqlite3.Error) -> StateError:
    return StateError(
        f"cannot revert '{what.description}': a record it would change is needed by another "
        f"one ({exc}); nothing was changed"
    )


def undo_last(db: Database) -> Written | None:
    """Revert the most recent write not yet undone; what it was, or None."""
    with db.write("undo", kind="undo") as tx:
        found = _written(tx.conn.execute(_LATEST_WRITE).fetchone())
        if found is None:
            return None
        tx.describe(found.description, found.client)
        try:
            _play_back(tx, found.id)
        except sqlite3.IntegrityError as exc:
            raise _refused(found, exc) from exc
        tx.conn.execute("UPDATE journal SET undone = 1 WHERE id = ?", (found.id,))
        if tx.batch is not None:
            tx.conn.execute("UPDATE journal SET reverts = ? WHERE id = ?", (found.id, tx.batch))
        return found


def redo_last(db: Database) -> Written | None:
    """Re-apply what the most recent undo reverted; what it was, or None.

    Possible until the next ordinary write (which forgets every undo).
    """
    with db.write("redo", kind="redo") as tx:
        row = tx.conn.execute(_LATEST_UNDO).fetchone()
        found = _written(row)
        if row is None or found is None:
            return None
        tx.describe(found.description, found.client)
        try:
            _play_back(tx, found.id)
        except sqlite3.IntegrityError as exc:
            raise _refused(found, exc) from exc
        tx.conn.execute("DELETE FROM journal WHERE id IN (?, ?)", (found.id, row["reverts"]))
        return found


#: Where a record's parent is named in its old values, table by table (parents first).
_BELOW: tuple[tuple[str, str, str], ...] = (
    ("goals", "client_id", "clients"), ("checkins", "client_id", "clients"),
    ("status_changes", "goal_id", "goals"), ("ratings", "goal_id", "goals"),
    ("steps", "goal_id", "goals"), ("step_plans", "step_id", "steps"), ("actions", "step_id", "steps"),
    ("group_members", "client_id", "clients"), ("group_consents", "client_id", "clients"),
    ("group_steps", "step_id", "steps"),
)


def forget(tx: Tx, rows: Mapping[str, Iterable[int]], names: Iterable[str]) -> int:
    """Remove from the journal every write that touched the client's records, under any name.

    For ``client delete --purge``: the journal keeps old values and whole
    deleted records, so a client's data would otherwise outlive them there.
    ``rows`` are the client's records now; records of theirs deleted earlier
    are found by the parent named in their old values, and every name the
    client had by the client row's old values. Returns how many writes were forgotten.
    """
    ids: dict[str, set[int]] = {t: set(v) for t, v in rows.items()}
    for table, key, parent in _BELOW:
        ids.setdefault(table, set()).update(
            r[0]
            for r in tx.conn.execute(
                "SELECT DISTINCT row_id FROM journal_entries WHERE tbl = ?"
                " AND json_extract(before, '$.' || ?) IN (SELECT value FROM json_each(?))",
                (table, key, json.dumps(sorted(ids.get(parent, ())))),
            )
        )
    every_name = set(names) | {
        str(r[0])
        for r in tx.conn.execute(
            "SELECT DISTINCT json_extract(before, '$.name') FROM journal_entries WHERE tbl = 'clients'"
            " AND row_id IN (SELECT value FROM json_each(?)) AND json_extract(before, '$.name') IS NOT NULL",
            (json.dumps(sorted(ids.get("clients", ()))),),
        )
    }
    doomed: set[int] = set()
    for table, found in ids.items():
        doomed |= {
            r[0]
            for r in tx.conn.execute(
                "SELECT DISTINCT journal_id FROM journal_entries WHERE tbl = ?"
                " AND row_id IN (SELECT value FROM json_each(?))",
                (table, json.dumps(sorted(found))),
            )
        }
    for name in every_name:
        doomed |= {
            r[0]
            for r in tx.conn.execute(
                "SELECT id FROM journal WHERE client = ? COLLATE NOCASE OR instr(lower(description), ?)",
                (name, name.lower()),
            )
        }
    tx.conn.execute(
        "DELETE FROM journal WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(sorted(doomed)),)
    )
    return len(doomed)
