"""Undo: reverting the most recent journaled write.

Every write made through :class:`~coachcli.store.db.Tx` records how to
revert it (the rows it inserted, the old values of what it updated); this
module plays one write's records backwards.
"""

from __future__ import annotations

import json

from coachcli.store.db import Database


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
            before = json.loads(e["before"]) if e["before"] is not None else None
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
