"""Steps: the small, scheduled actions towards a goal."""

from __future__ import annotations

from datetime import date

from coachcli.domain.records import Client, Step
from coachcli.errors import InputError, StateError
from coachcli.service.clients import check_client_active
from coachcli.service.validate import check_not_future, clean_text, no_such_step
from coachcli.store import Database, queries


def get_step(db: Database, step_id: int) -> Step:
    found = queries.step(db, step_id)
    if found is None:
        raise no_such_step(step_id)
    return found


def list_steps(
    db: Database,
    client: Client | None,
    *,
    all_clients: bool = False,
    goal_id: int | None = None,
    include_dropped: bool = False,
) -> list[Step]:
    if goal_id is not None:
        from coachcli.service.goals import get_goal

        get_goal(db, goal_id)
    elif not all_clients and client is None:
        return []
    return queries.steps(
        db, None if all_clients or client is None else client.id, goal_id=goal_id,
        include_dropped=include_dropped,
    )


def check_step_client_active(db: Database, step: Step) -> None:
    check_client_active(db, queries.goal_client_id(db, step.goal_id))


def add_step(
    db: Database,
    goal_id: int,
    title: str,
    *,
    today: date,
    schedule: str | None = None,
    due: date | None = None,
    start: date | None = None,
    until: date | None = None,
) -> Step:
    """A small step towards a goal: recurring (``schedule``) or one-off (``due``)."""
    clean = clean_text(title, "step title", required=True)
    if (schedule is None) == (due is None):
        raise InputError("a step needs exactly one of --every RULE (recurring) or --due DATE (one-off)")
    start_date = start or today
    if until is not None and until < start_date:
        raise InputError(f"--until {until} is before the step starts ({start_date})")
    with db.write(f"add step '{clean}' to goal {goal_id}") as tx:
        from coachcli.service.goals import get_goal

        goal = get_goal(db, goal_id)
        check_client_active(db, goal.client_id)
        if goal.status in ("achieved", "dropped"):
            raise StateError(
                f"goal {goal_id} is {goal.status}; resume it first (coach goal resume {goal_id})"
            )
        step_id = tx.insert(
            "steps",
            {
                "goal_id": goal_id,
                "title": clean,
                "schedule": schedule,
                "due_date": due.isoformat() if due else None,
                "start_date": start_date.isoformat(),
                "until_date": until.isoformat() if until else None,
                "status": "active",
            },
        )
    return get_step(db, step_id)


def edit_step(
    db: Database,
    step_id: int,
    *,
    title: str | None = None,
    schedule: str | None = None,
    due: date | None = None,
    start: date | None = None,
    until: date | None = None,
    clear_until: bool = False,
) -> Step:
    changes: dict[str, object] = {}
    if title is not None:
        changes["title"] = clean_text(title, "step title", required=True)
    if schedule is not None and due is not None:
        raise InputError("give either --every or --due, not both")
    if schedule is not None:
        changes.update(schedule=schedule, due_date=None)
    if due is not None:
        changes.update(due_date=due.isoformat(), schedule=None)
    if start is not None:
        changes["start_date"] = start.isoformat()
    if until is not None:
        changes["until_date"] = until.isoformat()
    if clear_until:
        changes["until_date"] = None
    if not changes:
        raise InputError("nothing to change: give --title, --every, --due, --start, --until or --no-until")
    with db.write(f"edit step {step_id}") as tx:
        step = get_step(db, step_id)
        check_step_client_active(db, step)
        new_start = start or step.start_date
        new_until = None if clear_until else (until or step.until_date)
        if new_until is not None and new_until < new_start:
            raise InputError(f"the step would end ({new_until}) before it starts ({new_start})")
        tx.update("steps", step_id, changes)
    return get_step(db, step_id)


def drop_step(db: Database, step_id: int, *, on: date, today: date) -> Step:
    check_not_future(on, today)
    with db.write(f"drop step {step_id}") as tx:
        step = get_step(db, step_id)
        check_step_client_active(db, step)
        if step.status == "dropped":
            raise StateError(f"step {step_id} was already dropped on {step.dropped_on}")
        tx.update("steps", step_id, {"status": "dropped", "dropped_on": on.isoformat()})
    return get_step(db, step_id)
