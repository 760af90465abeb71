"""Steps: the small, scheduled actions towards a goal."""

from __future__ import annotations

from datetime import date, timedelta

from coachcli.domain.records import Client, PlanVersion, Step
from coachcli.errors import InputError, StateError
from coachcli.service.clients import check_client_active
from coachcli.service.validate import check_not_future, clean_text, no_such_step
from coachcli.store import Database, Tx, entries, queries


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
        raise InputError("a step needs exactly one of --every RULE (recurring), --due DATE (one-off), "
                         "or --at-least/--at-most TARGET (measured: '20 km/week')")
    # A one-off added after its day (to see it overdue) starts on that day, unless told otherwise.
    start_date = start or (min(today, due) if due is not None else today)
    _check_plan(start_date, until, due, new=True)
    with db.write(f"new step '{clean}' (goal {goal_id})") as tx:
        from coachcli.service.goals import get_goal

        goal = get_goal(db, goal_id)
        check_client_active(db, goal.client_id)
        tx.describe(f"new step '{clean}' (goal {goal_id})", goal.client)
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


def _check_plan(start: date, until: date | None, due: date | None, *, new: bool = False) -> None:
    if until is not None and until < start:
        if new:
            raise InputError(f"--until {until} is before the step starts ({start})")
        raise InputError(f"the step would end ({until}) before it starts ({start})")
    if due is not None and due < start:
        raise InputError(
            f"a one-off step due {due} would be due before it starts ({start}); "
            "give a --start on or before the due date"
        )


def edit_step(
    db: Database,
    step_id: int,
    *,
    today: date,
    title: str | None = None,
    schedule: str | None = None,
    due: date | None = None,
    start: date | None = None,
    until: date | None = None,
    clear_until: bool = False,
    from_: date | None = None,
) -> Step:
    """Change a step's plan (its title, schedule or dates) from a day on (``from_``, default today).

    The days before ``from_`` keep the plan that judged them, title included:
    the plan in force until then is kept as an earlier version
    (:mod:`store.entries`), so a report, log line or calendar event of those
    days reads as it did. ``from_`` may be a future day: a plan agreed ahead
    (the plan in force until then stays as an earlier version ending the day
    before). A change dated on or before earlier versions replaces them from
    that day on.
    """
    plan: dict[str, object] = {}
    if schedule is not None and due is not None:
        raise InputError("give either --every or --due, not both")
    if schedule is not None:
        plan.update(schedule=schedule, due_date=None)
    if due is not None:
        plan.update(due_date=due.isoformat(), schedule=None)
    if start is not None:
        plan["start_date"] = start.isoformat()
    if until is not None:
        plan["until_date"] = until.isoformat()
    if clear_until:
        plan["until_date"] = None
    if title is not None:
        plan["title"] = clean_text(title, "step title", required=True)
    if not plan:
        raise InputError("nothing to change: give --title, --every, --due, --start, --until or --no-until")
    day = from_ or today
    with db.write(f"edit step {step_id}") as tx:
        step = get_step(db, step_id)
        check_step_client_active(db, step)
        new_start = start or step.start_date
        new_until = None if clear_until else (until or step.until_date)
        new_due = due if due is not None else (None if schedule is not None else step.due_date)
        _check_plan(new_start, new_until, new_due)
        if set(plan) == {"title"}:
            _retitle_earlier_plans(tx, db, step, day, str(plan["title"]))
            tx.describe(f"title of '{step.title}' from {day.isoformat()}", step.client)
        else:
            _keep_earlier_plan(tx, db, step, day)
            tx.describe(f"plan of '{step.title}' from {day.isoformat()}", step.client)
        tx.update("steps", step_id, plan)
    return get_step(db, step_id)


def _keep_earlier_plan(tx: Tx, db: Database, step: Step, day: date) -> None:
    """Before the plan changes from ``day``: keep what judged the days before it.

    Earlier versions that began on or after ``day`` are replaced; one that
    ran past it now ends the day before. The plan in force now becomes an
    earlier version ending the day before ``day``, unless it judged no day
    before it (it began on ``day`` or later, or its step starts then).
    """
    earlier = entries.step_plans(db, step.id)
    begins: date | None = None  # the first version judges from the step's beginning
    for version in earlier:
        if (begins is not None and begins >= day) or (begins is None and day <= version.start_date):
            tx.delete("step_plans", version.id)
        elif version.ends_on >= day:
            tx.update("step_plans", version.id, {"ends_on": (day - timedelta(days=1)).isoformat()})
        begins = version.ends_on + timedelta(days=1)
    current_begins = begins
    judged_before = day > step.start_date if current_begins is None else current_begins < day
    if judged_before:
        _keep_current_plan(tx, step, day)


def _keep_current_plan(tx: Tx, step: Step, day: date) -> None:
    """The plan in force now, title included, as an earlier version ending the day before ``day``."""
    tx.insert(
        "step_plans",
        {
            "step_id": step.id,
            "ends_on": (day - timedelta(days=1)).isoformat(),
            "schedule": step.schedule,
            "due_date": step.due_date.isoformat() if step.due_date else None,
            "start_date": step.start_date.isoformat(),
            "until_date": step.until_date.isoformat() if step.until_date else None,
            "title": step.title,
        },
    )


def _retitle_earlier_plans(tx: Tx, db: Database, step: Step, day: date, title: str) -> None:
    """A new title from ``day`` on, every other part of each plan as it was.

    Unlike a new schedule, a rename replaces no earlier plan: versions that
    begin on or after ``day`` take the new title, the one in force on ``day``
    is split there, and the plan in force now is kept as it was for the
    days before ``day``.
    """
    begins: date | None = None
    for v in entries.step_plans(db, step.id):
        first = v.start_date if begins is None else begins
        if first >= day:
            tx.update("step_plans", v.id, {"title": title})
        elif v.ends_on >= day:
            tx.update("step_plans", v.id, {"ends_on": (day - timedelta(days=1)).isoformat()})
            tx.insert("step_plans", {
                "step_id": step.id, "ends_on": v.ends_on.isoformat(), "schedule": v.schedule,
                "due_date": v.due_date.isoformat() if v.due_date else None,
                "start_date": v.start_date.isoformat(),
                "until_date": v.until_date.isoformat() if v.until_date else None, "title": title,
            })
        begins = v.ends_on + timedelta(days=1)
    judged_before = day > step.start_date if begins is None else begins < day
    if judged_before:
        _keep_current_plan(tx, step, day)


def step_history(db: Database, step_id: int) -> tuple[Step, list[PlanVersion]]:
    """A step and its earlier plans, oldest first (``coach step show``)."""
    return get_step(db, step_id), entries.step_plans(db, step_id)


def drop_step(db: Database, step_id: int, *, on: date, today: date) -> Step:
    check_not_future(on, today)
    with db.write(f"drop step {step_id}") as tx:
        step = get_step(db, step_id)
        check_step_client_active(db, step)
        tx.describe(f"dropped step '{step.title}' on {on.isoformat()}", step.client)
        if step.status == "dropped":
            raise StateError(f"step {step_id} was already dropped on {step.dropped_on}")
        tx.update("steps", step_id, {"status": "dropped", "dropped_on": on.isoformat()})
    return get_step(db, step_id)
