"""The reads behind ``coach done``/``missed``/``skip``: one query each, plain values.

Kept apart from :mod:`coachcli.store.queries` (which builds records and needs
``json`` and ``typing``) because these run on every shell-prompt log.
"""

from __future__ import annotations

from coachcli.limits import id_in_range

TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import date

    from coachcli.store.db import Database


def step_for_log(db: Database, step_id: int) -> tuple[str, int, str, str | None, str, str | None] | None:
    """(title, goal id, status, dropped_on, client name, client archived_on) of a step, or None."""
    if not id_in_range(step_id):  # no such record, and SQLite cannot bind past 64 bits
        return None
    row = db.conn.execute(
        "SELECT s.title, s.goal_id, s.status, s.dropped_on, c.name, c.archived_on"
        " FROM steps s JOIN goals g ON g.id = s.goal_id JOIN clients c ON c.id = g.client_id"
        " WHERE s.id = ?",
        (step_id,),
    ).fetchone()
    return None if row is None else (row[0], row[1], row[2], row[3], row[4], row[5])


def done_between(db: Database, step_id: int, lo: date, hi: date) -> int:
    """How many times a step was done between two dates, inclusive."""
    row = db.conn.execute(
        "SELECT coalesce(sum(count), 0) FROM actions WHERE step_id = ? AND kind = 'done'"
        " AND on_date BETWEEN ? AND ?",
        (step_id, lo.isoformat(), hi.isoformat()),
    ).fetchone()
    return int(row[0])
