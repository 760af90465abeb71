"""What is due: the pure logic behind ``coach agenda``.

For a day (or the rest of its ISO week): each recurring step's planned
occurrences and whether they are logged, one-off steps due or overdue, how
many more a quota step needs this period, and recent occurrences nobody
logged yet (a nudge to log them, not a reproach).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from coachcli.domain.occurrences import active_on, period_bounds, quota_period
from coachcli.domain.reporting import ClientIn, StepIn, Window
from coachcli.domain.schedule import parse_schedule

#: How far back an unlogged occurrence is still worth a reminder.
UNLOGGED_DAYS = 6


@dataclass(frozen=True, slots=True)
class AgendaItem:
    client: str
    on_date: date | None
    kind: str  # due, done, missed, skipped, overdue, quota, unlogged
    step_id: int
    step: str
    goal_id: int
    goal: str
    detail: str


def _log_state(step: StepIn, day: date) -> str | None:
    log = step.logs.get(day)
    if log is None:
        return None
    if log.done:
        return "done"
    if log.skipped:
        return "skipped"
    if log.missed:
        return "missed"
    return None


def agenda_items(
    clients: Sequence[ClientIn], window: Window, today: date | None = None
) -> list[AgendaItem]:
    """Everything due in ``window`` (which starts on the agenda's day) for ``clients``.

    Reminders to log cover only days that are over: before the agenda's day
    and before ``today`` (an agenda for next Friday does not nag about Thursday).
    """
    day = window.start
    over = day if today is None else min(day, today)
    items: list[AgendaItem] = []
    for c in clients:
        for g in c.goals:
            if g.status != "active":
                continue
            for st in g.steps:
                if st.dropped_on is not None and st.dropped_on <= day:
                    continue

                def add(
                    on: date | None, kind: str, detail: str, *, st: StepIn = st, who: str = c.name,
                    goal_id: int = g.id, goal: str = g.title,
                ) -> None:
                    items.append(AgendaItem(who, on, kind, st.id, st.title, goal_id, goal, detail))

                if st.schedule is None:
                    if st.due_date is None or st.first_done is not None:
                        continue
                    if st.due_date < day:
                        late = (day - st.due_date).days
                        add(st.due_date, "overdue", f"was due {late} day{'' if late == 1 else 's'} ago")
                    elif st.due_date <= window.end:
                        add(st.due_date, "due", "one-off")
                    continue
                sched = parse_schedule(st.schedule)
                last = window.end if st.until_date is None else min(window.end, st.until_date)
                if sched.kind == "quota":
                    # The period's own target, as the report judges it (a week cut by
                    # the step's start asks its share); none planned, nothing to say.
                    period = quota_period(
                        st, g.status_changes, sched.quota, period_bounds(day, sched.period), day
                    )
                    if period.target == 0:
                        continue
                    left = max(0, period.target - period.done)
                    label = "this week" if sched.period == "week" else "this month"
                    detail = (
                        f"{left} more {label} ({period.done} of {period.target} done)" if left
                        else f"all {period.target} done {label}"
                    )
                    add(None, "quota" if left else "done", detail)
                    continue
                for d in sched.occurrences(st.start_date, max(day, st.start_date), last):
                    if active_on(g.status_changes, d):
                        add(d, _log_state(st, d) or "due", sched.describe())
                # As in the report, an occurrence is logged by anything from its day up
                # to the next active occurrence (the last one: up to the agenda's day).
                planned = [
                    d for d in sched.occurrences(
                        st.start_date, day - timedelta(days=UNLOGGED_DAYS), min(day, last)
                    )
                    if active_on(g.status_changes, d)
                ]
                for i, d in enumerate(planned):
                    if d >= over:
                        break
                    stop = planned[i + 1] if i + 1 < len(planned) else day + timedelta(days=1)
                    if not any(d <= x < stop for x in st.logs):
                        add(d, "unlogged", "not logged yet")
    order = {"overdue": 0, "unlogged": 1, "due": 2, "quota": 3, "missed": 4, "skipped": 5, "done": 6}
    items.sort(key=lambda i: (i.client.lower(), order[i.kind], i.on_date or day, i.step_id))
    return items
