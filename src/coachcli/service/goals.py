"""Goals: adding, editing, rating and their status changes."""

from __future__ import annotations

from datetime import date, timedelta

from coachcli.domain.records import Client, Goal, GoalStatus, Rating
from coachcli.errors import InputError, NotFoundError, StateError
from coachcli.service.clients import check_client_active, client_for_write
from coachcli.service.validate import check_not_future, check_ruler, clean_text
from coachcli.store import Database, entries, queries


def get_goal(db: Database, goal_id: int, *, today: date | None = None) -> Goal:
    """A goal; with ``today``, its status as of that day (else as of its latest change)."""
    found = queries.goal(db, goal_id, today=today)
    if found is None:
        raise NotFoundError(f"no goal with id {goal_id} (list them with: coach goal list --all)")
    return found


def list_goals(
    db: Database, client: Client | None, *, all_clients: bool = False, status: str | None = None,
    today: date | None = None,
) -> list[Goal]:
    """Goals with their status as of ``today`` (a pause dated ahead has not begun yet)."""
    if not all_clients and client is None:
        return []
    return queries.goals(db, None if all_clients else client.id if client else None, status=status,
                         today=today)


def add_goal(
    db: Database,
    client_name: str,
    title: str,
    *,
    today: date,
    why: str | None = None,
    importance: int | None = None,
    confidence: int | None = None,
    by: date | None = None,
    should: bool = False,
    on: date | None = None,
) -> Goal:
    """A new goal, active from ``on`` (default today); its first ratings are dated then too."""
    clean = clean_text(title, "goal title", required=True)
    check_ruler(importance, "importance")
    check_ruler(confidence, "confidence")
    began = on or today
    check_not_future(began, today, "--on")
    with db.write(f"new goal '{clean}'") as tx:
        client = client_for_write(db, tx, client_name, today)
        tx.describe(f"new goal '{clean}'", client.name)
        goal_id = tx.insert(
            "goals",
            {
                "client_id": client.id,
                "title": clean,
                "why": clean_text(why, "why"),
                "target_date": by.isoformat() if by else None,
                "should": int(should),
                "status": "active",
                "status_on": began.isoformat(),
            },
        )
        tx.insert("status_changes", {"goal_id": goal_id, "status": "active", "on_date": began.isoformat()})
        if importance is not None or confidence is not None:
            tx.insert(
                "ratings",
                {
                    "goal_id": goal_id,
                    "on_date": began.isoformat(),
                    "importance": importance,
                    "confidence": confidence,
                },
            )
    return get_goal(db, goal_id)


def edit_goal(
    db: Database,
    goal_id: int,
    *,
    title: str | None = None,
    why: str | None = None,
    by: date | None = None,
    clear_by: bool = False,
    should: bool | None = None,
) -> Goal:
    changes: dict[str, object] = {}
    if title is not None:
        changes["title"] = clean_text(title, "goal title", required=True)
    if why is not None:
        changes["why"] = clean_text(why, "why")
    if by is not None:
        changes["target_date"] = by.isoformat()
    if clear_by:
        changes["target_date"] = None
    if should is not None:
        changes["should"] = int(should)
    if not changes:
        raise InputError("nothing to change: give --title, --why, --by, --no-by or --should/--want")
    with db.write(f"edit goal {goal_id}") as tx:
        goal = get_goal(db, goal_id)
        check_client_active(db, goal.client_id)
        tx.describe(f"edit of goal '{goal.title}'", goal.client)
        tx.update("goals", goal_id, changes)
    return get_goal(db, goal_id)


def rate_goal(
    db: Database,
    goal_id: int,
    *,
    on: date,
    today: date,
    importance: int | None = None,
    confidence: int | None = None,
    note: str | None = None,
) -> Rating:
    if importance is None and confidence is None:
        raise InputError("give --importance and/or --confidence (each 0-10)")
    check_ruler(importance, "importance")
    check_ruler(confidence, "confidence")
    check_not_future(on, today, "rating date")
    with db.write(f"rate goal {goal_id}") as tx:
        goal = get_goal(db, goal_id)
        check_client_active(db, goal.client_id)
        tx.describe(f"rating of '{goal.title}' on {on.isoformat()}", goal.client)
        rid = tx.insert(
            "ratings",
            {
                "goal_id": goal_id,
                "on_date": on.isoformat(),
                "importance": importance,
                "confidence": confidence,
                "note": clean_text(note, "note"),
            },
        )
    return Rating(rid, goal_id, on, importance, confidence, clean_text(note, "note"))


def goal_ratings(db: Database, goal_id: int) -> list[Rating]:
    return queries.ratings(db, goal_id)


def goal_status_history(db: Database, goal_id: int) -> list[tuple[date, str, str | None]]:
    return queries.status_history(db, goal_id)


_TRANSITIONS: dict[GoalStatus, tuple[GoalStatus, ...]] = {
    "achieved": ("active", "paused"),
    "paused": ("active",),
    "active": ("paused", "achieved", "dropped"),
    "dropped": ("active", "paused"),
}


def set_goal_status(
    db: Database,
    goal_id: int,
    status: GoalStatus,
    *,
    on: date,
    today: date,
    reason: str | None = None,
    until: date | None = None,
) -> Goal:
    """Achieve, pause, resume (status ``active``) or drop a goal, dated ``on``.

    A pause or a resume may be dated ahead (a holiday agreed in advance);
    what happened (achieved, dropped) only by today. ``until`` (pause only)
    records the resume too, dated the day after, in the same write. The
    goal's status columns are those of its latest change, future or not;
    readings of the present ask for the status as of today
    (:func:`get_goal` with ``today``).
    """
    if status not in ("paused", "active"):
        check_not_future(on, today)
    if until is not None:
        if status != "paused":
            raise InputError("--until dates the end of a pause: use it with coach goal pause")
        if until < on:
            raise InputError(f"--until {until.isoformat()} is before the pause begins ({on.isoformat()})")
    clean_reason = clean_text(reason, "reason", required=status == "dropped")
    with db.write(f"mark goal {goal_id} {status}") as tx:
        goal = get_goal(db, goal_id)
        check_client_active(db, goal.client_id)
        if goal.status == status:
            raise StateError(f"goal {goal_id} is already {status} (since {goal.status_on})")
        if goal.status not in _TRANSITIONS[status]:
            raise StateError(
                f"goal {goal_id} is {goal.status}; it can become {status} from "
                + " or ".join(_TRANSITIONS[status])
            )
        if on < goal.status_on:
            latest = entries.status_changes(db, goal_id)[-1]
            raise InputError(
                f"goal {goal_id} became {goal.status} on {goal.status_on} (s{latest[0]}); a later "
                f"change cannot be dated {on} (to move that one: coach edit s{latest[0]} --on DATE)"
            )
        tx.describe(f"{STATUS_WORDS[status]} '{goal.title}' on {on.isoformat()}", goal.client)
        # The goal's status columns follow from status_changes (a trigger keeps them).
        tx.insert(
            "status_changes",
            {"goal_id": goal_id, "status": status, "on_date": on.isoformat(), "reason": clean_reason},
        )
        if until is not None:
            back = until + timedelta(days=1)
            tx.describe(f"paused '{goal.title}' from {on.isoformat()} to {until.isoformat()}", goal.client)
            tx.insert("status_changes", {"goal_id": goal_id, "status": "active",
                                         "on_date": back.isoformat(), "reason": None})
    return get_goal(db, goal_id)


#: How a status change reads in undo's message and in corrections.
STATUS_WORDS: dict[str, str] = {
    "active": "resumed", "paused": "paused", "achieved": "achieved", "dropped": "dropped",
}

