"""Logging what happened: actions, check-ins, and undo.

:func:`log_action` is what ``coach done`` runs from a shell prompt, so this
module imports only what it needs (:mod:`coachcli.store.actions`, plain
values): the rest is imported by the functions that use it.
"""

from __future__ import annotations

from datetime import date, timedelta

from coachcli.domain.logged import Logged
from coachcli.errors import InputError, StateError
from coachcli.limits import MAX_COUNT
from coachcli.service.validate import archived, check_not_future, check_ruler, clean_text, no_such_step
from coachcli.store import actions

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from coachcli.domain.records import ActionKind, Checkin, Written
    from coachcli.store.db import Database

KIND_WORDS: dict[str, str] = {"done": "done", "missed": "missed", "skipped": "skipped"}


def check_log_date(
    db: Database, step_id: int, goal_id: int, start: str, on: date, *, correcting: bool = False
) -> None:
    """Refuse a log on a day its goal was dropped; a correction, also one before it began.

    Logs after an achievement are welcome: keeping a habit going is the point.
    A goal's record begins on the earlier of the day it began and its step's
    first planned day (``start``: a step can be planned from before the goal
    was added). ``coach done --on`` an earlier day stays possible, as it always
    was; moving an entry there with ``coach edit`` is most likely a slip. Dates
    compare as ISO text: no parsing on the ``done`` path.
    """
    day = on.isoformat()
    changes = actions.status_changes(db, goal_id)
    began = changes[0][1] if changes else start
    if correcting and day < min(began, start):
        raise InputError(
            f"{day} is before goal {goal_id} began ({began}) and before step {step_id} "
            f"started ({start}); to record earlier days, date the goal's beginning "
            f"earlier: coach edit s{changes[0][0] if changes else '?'} --on DATE"
        )
    status, since, until = "active", began, None
    for _, changed, s in changes:
        if changed > day:
            until = changed
            break
        status, since = s, changed
    if status == "dropped":
        hint = f"resume it first (coach goal resume {goal_id})" if until is None else (
            f"it was resumed on {until}")
        raise StateError(f"goal {goal_id} was dropped on {since}, so {day} cannot be logged; {hint}")


def log_action(
    db: Database,
    step_id: int,
    kind: ActionKind,
    *,
    on: date,
    today: date,
    note: str | None = None,
    count: int = 1,
) -> Logged:
    """Record that a step was done, missed (with what got in the way) or skipped."""
    check_not_future(on, today, "--on")
    if not 1 <= count <= MAX_COUNT:
        raise InputError(f"--count must be from 1 to {MAX_COUNT}, got {count}")
    clean_note = clean_text(note, "note")
    with db.write(f"log step {step_id} {kind} on {on.isoformat()}") as tx:
        step = actions.step_for_log(db, step_id)
        if step is None:
            raise no_such_step(step_id)
        title, goal_id, status, dropped_on, client, archived_on, start, schedule = step
        if status == "dropped" and dropped_on is not None and on >= date.fromisoformat(dropped_on):
            raise StateError(f"step {step_id} was dropped on {dropped_on}")
        if archived_on:
            raise archived(client)
        check_log_date(db, step_id, goal_id, start, on)
        tx.describe(f"{KIND_WORDS[kind]} '{title}' on {on.isoformat()}", client)
        action_id = tx.insert(
            "actions",
            {"step_id": step_id, "kind": kind, "on_date": on.isoformat(), "count": count,
             "note": clean_note, "recorded_on": today.isoformat()},
        )
        monday = on - timedelta(days=on.weekday())
        week = actions.done_between(db, step_id, monday, monday + timedelta(days=6))
        # Canonical quota rules ("3/week") are the only schedules written with a slash.
        once_a_day = schedule is None or "/" not in schedule
        same_day = actions.done_rows_on(db, step_id, on) if kind == "done" and once_a_day else 1
    return Logged(action_id, step_id=step_id, goal_id=goal_id, title=title, kind=kind, on=on,
                  times=count, done_this_week=week, done_entries_that_day=same_day)


def add_checkin(
    db: Database,
    client_name: str,
    *,
    on: date,
    today: date,
    mood: int | None = None,
    wins: Sequence[str] = (),
    obstacles: Sequence[str] = (),
    commitments: Sequence[str] = (),
    note: str | None = None,
    session: bool = False,
    ratings: Sequence[tuple[int, int | None, int | None]] = (),
    sure: int | None = None,
    rating_notes: Mapping[int, str] | None = None,
) -> Checkin:
    """A reflection, optionally with new ruler ratings, stored as one write."""
    # Here, not at the top: ``coach done`` imports this module and needs none of them.
    import json

    from coachcli.service.clients import client_for_write
    from coachcli.service.goals import get_goal
    from coachcli.store import queries

    check_not_future(on, today, "--on")
    if mood is not None and not 1 <= mood <= 5:
        raise InputError(f"--mood must be between 1 and 5, got {mood}")

    def items(values: Sequence[str], what: str) -> list[str]:
        return [t for t in (clean_text(v, what) for v in values) if t]

    lists = {
        "wins": items(wins, "win"),
        "obstacles": items(obstacles, "obstacle"),
        "commitments": items(commitments, "commitment"),
    }
    clean_note = clean_text(note, "note")
    if not any(lists.values()) and mood is None and clean_note is None and not ratings and not session:
        raise InputError("a check-in needs some content: --mood, --win, --obstacle, --commit or --note")
    check_ruler(sure, "--sure")
    if sure is not None and not lists["commitments"]:
        raise InputError("--sure says how sure the client is of a commitment: give --commit too")
    for _, imp, conf in ratings:
        check_ruler(imp, "importance")
        check_ruler(conf, "confidence")
    what = "session" if session else "check-in"
    with db.write(f"{what} on {on.isoformat()}", client=client_name) as tx:
        client = client_for_write(db, tx, client_name, today)
        tx.describe(f"{what} on {on.isoformat()}", client.name)
        checkin_id = tx.insert(
            "checkins",
            {
                "client_id": client.id,
                "on_date": on.isoformat(),
                "mood": mood,
                **{k: json.dumps(v, ensure_ascii=False) for k, v in lists.items()},
                "note": clean_note,
                "session": int(session),
                "sure": sure,
                "recorded_on": today.isoformat(),
            },
        )
        for goal_id, imp, conf in ratings:
            if imp is None and conf is None:
                continue
            goal = get_goal(db, goal_id)
            if goal.client_id != client.id:
                raise InputError(f"goal {goal_id} belongs to '{goal.client}', not '{client.name}'")
            tx.insert("ratings", {"goal_id": goal_id, "on_date": on.isoformat(),
                                  "importance": imp, "confidence": conf,
                                  "note": clean_text((rating_notes or {}).get(goal_id), "note")})
    return queries.checkin(db, checkin_id)


def last_commitments(db: Database, client_name: str, today: date) -> tuple[date, list[str]] | None:
    """The latest check-in's commitments on or before ``today``: where a check-in starts."""
    from coachcli.service.clients import client_for_read
    from coachcli.store import queries

    who = client_for_read(db, client_name)
    found = queries.latest_commitments(db, who.id, today) if who else None
    return (found[0], found[1]) if found else None


def undo(db: Database, *, dry_run: bool = False) -> Written | None:
    """Revert the database's most recent write (``dry_run``: only say which); None if none."""
    from coachcli.store import journal

    return journal.next_undo(db) if dry_run else journal.undo_last(db)


def redo(db: Database, *, dry_run: bool = False) -> Written | None:
    """Re-apply what the last undo reverted, until the next write; None if nothing is."""
    from coachcli.store import journal

    return journal.next_redo(db) if dry_run else journal.redo_last(db)
