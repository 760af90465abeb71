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


def step_for_log(
    db: Database, step_id: int, on: date
) -> tuple[str, int, str, str | None, str, str | None, str, str | None] | None:
    """(title, goal id, status, dropped_on, client name, client archived_on, first planned day,
    schedule) of a step, or None; title and schedule are those of the plan in force on ``on``.

    One query: the plan in force is the first earlier plan ending on or after
    ``on`` (an index lookup), else the step's own; the first planned day is
    the earliest start of any of its plans.
    """
    if not id_in_range(step_id):  # no such record, and SQLite cannot bind past 64 bits
        return None
    row = db.conn.execute(
        "SELECT coalesce(p.title, s.title), s.goal_id, s.status, s.dropped_on, c.name, c.archived_on,"
        " min(s.start_date, coalesce((SELECT min(q.start_date) FROM step_plans q"
        " WHERE q.step_id = s.id), s.start_date)),"
        " CASE WHEN p.id IS NULL THEN s.schedule ELSE p.schedule END"
        " FROM steps s JOIN goals g ON g.id = s.goal_id JOIN clients c ON c.id = g.client_id"
        " LEFT JOIN step_plans p ON p.id = (SELECT q.id FROM step_plans q WHERE q.step_id = s.id"
        " AND q.ends_on >= ? ORDER BY q.ends_on LIMIT 1)"
        " WHERE s.id = ?",
        (on.isoformat(), step_id),
    ).fetchone()
    return None if row is None else (row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7])


def status_changes(db: Database, goal_id: int) -> list[tuple[int, str, str]]:
    """(id, on_date, status) of a goal's status changes, in order; dates as ISO text."""
    return [
        (r[0], r[1], r[2])
        for r in db.conn.execute(
            "SELECT id, on_date, status FROM status_changes WHERE goal_id = ?"
            " ORDER BY on_date, created_at, uuid",
            (goal_id,),
        )
    ]


def done_rows_on(db: Database, step_id: int, on: date) -> int:
    """How many ``done`` entries a step has on one day (each may carry a count)."""
    row = db.conn.execute(
        "SELECT count(*) FROM actions WHERE step_id = ? AND kind = 'done' AND on_date = ?",
        (step_id, on.isoformat()),
    ).fetchone()
    return int(row[0])


def done_between(db: Database, step_id: int, lo: date, hi: date) -> int:
    """How many times a step was done between two dates, inclusive."""
    row = db.conn.execute(
        "SELECT coalesce(sum(count), 0) FROM actions WHERE step_id = ? AND kind = 'done'"
        " AND on_date BETWEEN ? AND ?",
        (step_id, lo.isoformat(), hi.isoformat()),
    ).fetchone()
    return int(row[0])


def amount_between(db: Database, step_id: int, lo: date, hi: date) -> float:
    """The amounts a measurable step's done entries carry between two dates, inclusive, summed."""
    row = db.conn.execute(
        "SELECT coalesce(sum(amount), 0) FROM actions WHERE step_id = ? AND kind = 'done'"
        " AND on_date BETWEEN ? AND ?",
        (step_id, lo.isoformat(), hi.isoformat()),
    ).fetchone()
    return round(float(row[0]), 6)


def logged_days(db: Database, step_id: int, lo: date, hi: date) -> list[date]:
    """The days from ``lo`` to ``hi`` on which a step has any entry."""
    from datetime import date as day

    return [day.fromisoformat(r[0]) for r in db.conn.execute(
        "SELECT DISTINCT on_date FROM actions WHERE step_id = ? AND on_date BETWEEN ? AND ?",
        (step_id, lo.isoformat(), hi.isoformat()))]


def other_kind_on(db: Database, step_id: int, on: date, kinds: tuple[str, ...],
                  leaving: int | None = None) -> tuple[int, str] | None:
    """(id, kind) of an entry of one of ``kinds`` for a step on one day (other than ``leaving``)."""
    marks = ", ".join("?" for _ in kinds)
    row = db.conn.execute(
        f"SELECT id, kind FROM actions WHERE step_id = ? AND on_date = ? AND kind IN ({marks})"
        " AND id IS NOT ? ORDER BY id LIMIT 1",
        (step_id, on.isoformat(), *kinds, leaving),
    ).fetchone()
    return None if row is None else (int(row[0]), str(row[1]))


def steps_of_client(db: Database, client_id: int, on: date) -> list[tuple[int, str, str]]:
    """(id, title, title in force on ``on``) of a client's steps that may be logged on ``on``, by id.

    Left out: steps dropped by then and steps of goals dropped (for good or
    for now), so an old step's title never makes a new one ambiguous.
    """
    day = on.isoformat()
    return [(int(r[0]), str(r[1]), str(r[2])) for r in db.conn.execute(
        "SELECT s.id, s.title, coalesce(p.title, s.title) FROM steps s JOIN goals g ON g.id = s.goal_id"
        " LEFT JOIN step_plans p ON p.id = (SELECT q.id FROM step_plans q WHERE q.step_id = s.id"
        " AND q.ends_on >= ? ORDER BY q.ends_on LIMIT 1)"
        " WHERE g.client_id = ? AND g.status != 'dropped'"
        " AND (s.status != 'dropped' OR s.dropped_on > ?) ORDER BY s.id",
        (day, client_id, day),
    )]


def client_id_named(db: Database, name: str) -> tuple[int, str] | None:
    """(id, name) of the client whose name is exactly ``name`` (any case): the quick lookup of ``me``."""
    row = db.conn.execute("SELECT id, name FROM clients WHERE name = ? COLLATE NOCASE",
                          (name,)).fetchone()
    return None if row is None else (int(row[0]), str(row[1]))
