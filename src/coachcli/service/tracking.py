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

    from coachcli.domain.records import ActionKind, Checkin
    from coachcli.store.db import Database


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
        title, goal_id, status, dropped_on, client, archived_on = step
        if status == "dropped" and dropped_on is not None and on >= date.fromisoformat(dropped_on):
            raise StateError(f"step {step_id} was dropped on {dropped_on}")
        if archived_on:
            raise archived(client)
        action_id = tx.insert(
            "actions",
            {"step_id": step_id, "kind": kind, "on_date": on.isoformat(), "count": count,
             "note": clean_note},
        )
        monday = on - timedelta(days=on.weekday())
        week = actions.done_between(db, step_id, monday, monday + timedelta(days=6))
    return Logged(action_id, step_id=step_id, goal_id=goal_id, title=title, kind=kind, on=on,
                  times=count, done_this_week=week)


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
    with db.write(f"check-in for '{client_name}' on {on.isoformat()}") as tx:
        client = client_for_write(db, tx, client_name, today)
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


def undo(db: Database) -> str | None:
    """Revert the most recent write; its description, or None when there is none."""
    from coachcli.store.journal import undo_last

    return undo_last(db)
