"""Undo: reverting the most recent journaled write.

Every write made through :class:`~coachcli.store.db.Tx` records how to
revert it (the rows it inserted, the old values of what it updated); this
module plays one write's records backwards.
"""

from __future__ import annotations

import json
import re
from typing import Any

from coachcli.store.db import RECORD_TABLES, Database
from coachcli.store.rows import damaged

_COLUMN = re.compile(r"[a-z_]{1,40}")


def _before(table: str, op: str, stored: str | None) -> dict[str, Any] | None:
    """One journal entry's old values, checked: they are written into SQL as column names."""
    if table not in RECORD_TABLES | {"meta"} or op not in ("insert", "update", "meta"):
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


def undo_last(db: Database) -> str | None:
    """Revert the most recent journaled write; return its description, or None."""
    with db.write("undo", journal=False) as tx:
        batch = tx.conn.execute(
            "SELECT id, description, created_at FROM journal ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if batch is None:
            return None
        entries = tx.conn.execute(
            "SELECT tbl, row_id, op, before FROM journal_entries WHERE journal_id = ?"
            " ORDER BY id DESC",
            (batch["id"],),
        ).fetchall()
        for e in entries:
            before = _before(e["tbl"], e["op"], e["before"])
            if e["op"] == "insert":
                tx.conn.execute(f"DELETE FROM {e['tbl']} WHERE id = ?", (e["row_id"],))
            elif e["op"] == "update" and before is not None:
                sets = ", ".join(f"{c} = ?" for c in before)
                tx.conn.execute(
                    f"UPDATE {e['tbl']} SET {sets} WHERE id = ?", [*before.values(), e["row_id"]]
                )
            elif e["op"] == "meta" and before is not None:
                if before["value"] is None:
                    tx.conn.execute("DELETE FROM meta WHERE key = ?", (before["key"],))
                else:
                    tx.conn.execute(
                        "INSERT INTO meta (key, value) VALUES (?, ?)"
                        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                        (before["key"], before["value"]),
                    )
        tx.conn.execute("DELETE FROM journal WHERE id = ?", (batch["id"],))
        return str(batch["description"])
