"""``coach habit STEP`` and the report's step sections: one step read as a habit.

The inputs are the report's own (:func:`coachcli.store.reportdata.load_clients`),
read through the same timeline, so the habit view and the report agree on
every day and every week.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from coachcli.domain.habit import DEFAULT_WEEKS, Habit, habit_horizon, habit_of
from coachcli.domain.reporting import Report, Window
from coachcli.errors import InputError
from coachcli.service.steps import get_step
from coachcli.store import Database, queries
from coachcli.store.reportdata import load_clients

#: Weeks of each step's calendar and score in the HTML report.
REPORT_WEEKS = 13


def habit(db: Database, step_id: int, *, today: date, end: date | None = None,
          weeks: int = DEFAULT_WEEKS) -> Habit:
    """Step ``step_id`` as a habit over the ``weeks`` weeks ending on ``end`` (default today)."""
    end = today if end is None else end
    if end > today:
        raise InputError(f"--until {end} is after today ({today}): a habit is read from what happened")
    step = get_step(db, step_id)
    if end < step.start_date:
        raise InputError(f"step {step_id} starts on {step.start_date}, after --until {end}")
    horizon = min(habit_horizon(end, weeks), step.start_date)
    client_id = queries.goal_client_id(db, step.goal_id)
    (client,) = load_clients(db, [client_id], Window(end - timedelta(days=6), end), today, horizon)
    goal = next(g for g in client.goals if g.id == step.goal_id)
    step_in = next(s for s in goal.steps if s.id == step_id)
    return habit_of(step_in, goal, end, today, weeks=weeks, horizon=horizon)


def report_habits(db: Database, client_ids: Sequence[int] | None, report: Report,
                  weeks: int = REPORT_WEEKS) -> dict[int, Habit]:
    """Each step the report shows, as a habit of ``weeks`` weeks ending on the report's last day."""
    end = min(report.window.end, report.as_of)
    shown = {s.id for c in report.clients for g in c.goals for s in g.steps}
    if not shown:
        return {}
    ids = queries.active_client_ids(db) if client_ids is None else list(client_ids)
    horizon = habit_horizon(end, weeks)
    found: dict[int, Habit] = {}
    window = Window(end - timedelta(days=6), end)
    for at in range(0, len(ids), 100):
        for client in load_clients(db, ids[at:at + 100], window, report.as_of, horizon):
            for goal in client.goals:
                for step in goal.steps:
                    if step.id in shown and step.start_date <= end:
                        found[step.id] = habit_of(step, goal, end, report.as_of, weeks=weeks)
    return found
