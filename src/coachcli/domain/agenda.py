"""What is due: the pure logic behind ``coach agenda``.

For a day (or the rest of its ISO week): each recurring step's planned
occurrences and whether they are logged, one-off steps due or overdue, how
many more a quota step needs this period, and recent occurrences nobody
logged yet (a nudge to log them, not a reproach).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from coachcli.domain.logged import format_amount, unit_for
from coachcli.domain.measure import Measure, measure_of
from coachcli.domain.occurrences import active_on, dated_days, period_bounds, plan_in_force, quota_period
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

    Each day is read under the plan in force that day, so a plan changed from
    next Monday shows from Monday on. Reminders to log cover only days that are
    over: before the agenda's day and before ``today`` (an agenda for next
    Friday does not nag about Thursday).
    """
    day = window.start
    over = day if today is None else min(day, today)
    # How far logs are read: a past week's agenda reads that whole week.
    seen = day if today is None else max(day, min(window.end, today))
    items: list[AgendaItem] = []
    for c in clients:
        for g in c.goals:
            if not any(active_on(g.status_changes, day + timedelta(days=k))
                       for k in range((window.end - day).days + 1)):
                continue
            for st in g.steps:
                if st.dropped_on is not None and st.dropped_on <= day:
                    continue

                def add(
                    on: date | None, kind: str, detail: str, *, st: StepIn = st, who: str = c.name,
                    goal_id: int = g.id, goal: str = g.title,
                ) -> None:
                    items.append(AgendaItem(who, on, kind, st.id, st.title, goal_id, goal, detail))

                now = plan_in_force(st, day)
                if now.schedule is None:
                    if now.due_date is None or now.first_done is not None:
                        pass
                    elif now.due_date < day:
                        late = (day - now.due_date).days
                        add(now.due_date, "overdue", f"was due {late} day{'' if late == 1 else 's'} ago",
                            st=now)
                    elif now.due_date <= window.end:
                        add(now.due_date, "due", "one-off", st=now)
                elif (sched := parse_schedule(now.schedule)).measure is not None:
                    _measured(now, sched.measure, g.status_changes, day, seen=seen, today=today, add=add)
                elif sched.kind == "quota":
                    # The period's own target, as the report judges it (a week cut by
                    # the step's start asks its share); none planned, nothing to say.
                    bounds = period_bounds(day, sched.period)
                    period = quota_period(now, g.status_changes, sched.quota, bounds, seen)
                    if period.target:
                        left = max(0, period.target - period.done)
                        current = today is None or bounds[0] <= today <= bounds[1]
                        label = ("this " if current else "that ") + sched.period
                        detail = (
                            f"{left} more {label} ({period.done} of {period.target} done)" if left
                            else f"all {period.target} done {label}"
                        )
                        add(None, "quota" if left else "done", detail, st=now)
                _unlogged_amounts(st, g.status_changes, day, over, add)
                for d, _, part in dated_days(st, g.status_changes, day, window.end):
                    assert part.schedule is not None
                    add(d, _log_state(st, d) or "due", _schedule_text(part.schedule), st=part)
                # As in the report, an occurrence is logged by anything from its day up
                # to the next occurrence (the last one: up to the agenda's day).
                planned = dated_days(st, g.status_changes, day - timedelta(days=UNLOGGED_DAYS),
                                     min(day, window.end))
                for i, (d, cap, part) in enumerate(planned):
                    if d >= over:
                        break
                    stop = min(planned[i + 1][0] if i + 1 < len(planned) else day + timedelta(days=1), cap)
                    if not any(d <= x < stop for x in st.logs):
                        add(d, "unlogged", "not logged yet", st=part)
    order = {"overdue": 0, "unlogged": 1, "due": 2, "quota": 3, "missed": 4, "skipped": 5, "done": 6}
    items.sort(key=lambda i: (i.client.lower(), order[i.kind], i.on_date or day, i.step_id))
    return items


def _measured(step: StepIn, measure: Measure, changes: Sequence[tuple[date, str]], day: date, *,
              seen: date, today: date | None, add: Callable[..., None]) -> None:
    """The measure's period around ``day``, as the report judges it: "15 km more this week"."""
    from coachcli.domain.measured import measure_period

    bounds = period_bounds(day, measure.period)
    p = measure_period(step, changes, measure, bounds, seen)
    if not p.planned:
        return
    current = today is None or bounds[0] <= today <= bounds[1]
    label = ("today" if current else "that day") if measure.period == "day" else (
        ("this " if current else "that ") + measure.period)
    unit = measure.unit
    if measure.kind == "at_least":
        left = p.target - p.amount
        if left > 0:
            add(None, "quota", f"{format_amount(left, 2)} {unit} more {label} "
                f"({format_amount(p.amount)} of {format_amount(p.target, 2)} {unit})", st=step)
        else:
            add(None, "done", f"{format_amount(p.amount)} of {format_amount(p.target, 2)} {unit} {label}",
                st=step)
        return
    if not p.logged:
        add(None, "quota", f"nothing logged {label} yet, at most {format_amount(p.target, 2)} {unit}",
            st=step)
        return
    over = p.amount - p.target
    tail = f", {format_amount(over)} over" if over > 0 else ""
    add(None, "quota", f"{format_amount(p.amount)} {unit_for(p.amount, unit)} {label}, at most "
        f"{format_amount(p.target, 2)}{tail}",
        st=step)


def _unlogged_amounts(step: StepIn, changes: Sequence[tuple[date, str]], day: date, over: date,
                      add: Callable[..., None]) -> None:
    """Recent days of a measured-per-day step with nothing logged: "nothing logged for drinks"."""
    for k in range(UNLOGGED_DAYS, 0, -1):
        d = day - timedelta(days=k)
        if d >= over or d < step.start_date or not active_on(changes, d):
            continue
        if step.dropped_on is not None and d >= step.dropped_on:
            continue
        part = plan_in_force(step, d)
        if part.until_date is not None and d > part.until_date:
            continue
        m = measure_of(part.schedule)
        if m is None or m.period != "day" or d < part.start_date or d in step.logs:
            continue
        when = " yesterday" if d == day - timedelta(days=1) else ""
        add(d, "unlogged", f"nothing logged for {m.unit}{when}", st=part)


def _schedule_text(text: str) -> str:
    return parse_schedule(text).describe()
