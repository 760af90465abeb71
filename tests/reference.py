"""A second model of the report's counting: naive on purpose, to check the real one against.

It walks the calendar one day at a time and asks each day the README's
questions ("How the report counts") directly: is this day planned, what was
logged on it, which period does it end. No prefix sums, no bisection, no
shared code with ``coachcli.domain`` beyond the records it reads; the
schedules are re-implemented here from their definitions (RRULE strings go
to dateutil, as the README says they do). It is slow, and that is the point:
it is simple enough to check by reading. (Only the answer to "does this rule
plan this day" is cached, as a pure function.)
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from fractions import Fraction
from functools import cache
from math import floor
from typing import Any

DAY = timedelta(days=1)
WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


@dataclass
class Log:
    done: int = 0
    missed: int = 0
    skipped: int = 0


@dataclass
class Step:
    id: int
    schedule: str | None  # as typed to --every; None: a one-off step
    start: date
    until: date | None = None
    due: date | None = None
    dropped_on: date | None = None
    logs: dict[date, Log] = field(default_factory=dict)


@dataclass
class Goal:
    id: int
    #: (date, status) in order; the status on a day is the latest change on or before it.
    changes: list[tuple[date, str]]
    steps: list[Step]

    def active(self, day: date) -> bool:
        status = "active"
        for on, s in self.changes:
            if on <= day:
                status = s
        return status == "active"

    @property
    def status(self) -> str:
        return self.changes[-1][1] if self.changes else "active"


@dataclass(frozen=True)
class Count:
    expected: int = 0
    done: int = 0
    missed: int = 0

    def __add__(self, o: Count) -> Count:
        return Count(self.expected + o.expected, self.done + o.done, self.missed + o.missed)

    @property
    def adherence(self) -> float | None:
        return None if self.expected == 0 else min(1.0, self.done / self.expected)


def days(lo: date, hi: date) -> list[date]:
    out = []
    while lo <= hi:
        out.append(lo)
        lo += DAY
    return out


# ------------------------------------------------------------------ schedules


@cache
def schedule_plans(text: str, start: date, day: date) -> bool:
    """Whether the dated schedule ``text`` (anchored at ``start``) plans ``day``."""
    if day < start:
        return False
    s = text.lower()
    if s == "daily":
        return True
    if s == "weekdays":
        return day.weekday() < 5
    if s == "weekends":
        return day.weekday() >= 5
    if s == "weekly":
        return (day - start).days % 7 == 0
    if s == "monthly":
        return day.day == min(start.day, calendar.monthrange(day.year, day.month)[1])
    if s.startswith("every ") and s.endswith(" days"):
        return (day - start).days % int(s.split()[1]) == 0
    if s.startswith("rrule:"):
        return datetime.combine(day, time()) in _rrule(text, start)
    return day.weekday() in {WEEKDAYS[w] for w in s.split(",")}


@cache
def _rrule(text: str, start: date) -> Any:
    from dateutil.rrule import rrulestr

    return rrulestr(text, dtstart=datetime.combine(start, time()))


def quota_of(text: str | None) -> tuple[int, str] | None:
    """(N, "week"/"month") for ``N/week`` and ``N/month``; None for anything else."""
    if text is None or "/" not in text:
        return None
    n, period = text.split("/")
    return int(n), period


def period_of(day: date, period: str) -> tuple[date, date]:
    if period == "week":
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])


def is_period_end(day: date, period: str) -> bool:
    return period_of(day, period)[1] == day


# ------------------------------------------------------------------ one step


def planned_day(step: Step, goal: Goal, day: date) -> bool:
    """A day the step can be planned on: started, not ended, not dropped, goal active."""
    return (
        day >= step.start
        and (step.until is None or day <= step.until)
        and (step.dropped_on is None or day < step.dropped_on)
        and goal.active(day)
    )


def log_on(step: Step, day: date) -> Log:
    return step.logs.get(day, Log())


def occurrences(step: Step, goal: Goal, last: date, as_of: date, today: date) -> list[tuple[date, str]]:
    """(date, state) of every occurrence of a dated step up to ``last``, logs up to ``as_of``."""
    assert step.schedule is not None
    planned = [
        d for d in days(step.start, last)
        if planned_day(step, goal, d) and schedule_plans(step.schedule, step.start, d)
    ]
    out = []
    for i, d in enumerate(planned):
        stop = planned[i + 1] if i + 1 < len(planned) else as_of + DAY
        span = days(d, stop - DAY)
        if any(log_on(step, x).done > 0 for x in span):
            state = "done"
        elif log_on(step, d).skipped > 0:
            state = "skipped"
        elif any(log_on(step, x).missed > 0 for x in span):
            state = "missed"
        elif d == today:
            state = "pending"
        else:
            state = "open"
        out.append((d, state))
    return out


def quota_period(step: Step, goal: Goal, end: date, as_of: date) -> tuple[int, int, int]:
    """(target, done, missed) of the quota period ending on ``end``, logs up to ``as_of``."""
    quota = quota_of(step.schedule)
    assert quota is not None
    n, period = quota
    p_start, p_end = period_of(end, period)
    planned = [d for d in days(p_start, p_end) if planned_day(step, goal, d)]
    seen = [d for d in planned if d <= as_of]
    share = floor(Fraction(n * len(planned), len(days(p_start, p_end))) + Fraction(1, 2))
    target = max(0, share - sum(log_on(step, d).skipped for d in seen))
    done = sum(log_on(step, d).done for d in seen)
    missed = sum(log_on(step, d).missed for d in seen)
    return target, done, missed


def last_day(step: Step, as_of: date) -> date:
    """The last day a step can have an occurrence, looking as far as ``as_of``."""
    last = as_of
    if step.until is not None:
        last = min(last, step.until)
    if step.dropped_on is not None:
        last = min(last, step.dropped_on - DAY)
    return last


def step_count(step: Step, goal: Goal, lo: date, hi: date, as_of: date, today: date) -> Count:
    """Expected, done and missed of one step between ``lo`` and ``hi``, as of ``as_of``."""
    last = last_day(step, as_of)
    if step.schedule is None:
        due = step.due
        if due is None or not lo <= due <= hi or due > last or due < step.start or not goal.active(due):
            return Count()
        done = any(log.done for d, log in step.logs.items() if d <= as_of)
        if not done and (due == today or log_on(step, due).skipped):
            return Count()
        missed = any(log.missed for d, log in step.logs.items() if d <= due)
        return Count(1, int(done), int(missed and not done))
    quota = quota_of(step.schedule)
    if quota is not None:
        total = Count()
        for d in days(lo, hi):
            if not is_period_end(d, quota[1]) or period_of(d, quota[1])[0] > as_of:
                continue
            target, done, missed = quota_period(step, goal, d, as_of)
            if target > 0 and (d < today or done >= target):
                counted = min(done, target)
                total = total + Count(target, counted, min(missed, target - counted))
        return total
    states = [s for d, s in occurrences(step, goal, last, as_of, today) if lo <= d <= hi]
    counted = [s for s in states if s in ("done", "missed", "open")]
    return Count(len(counted), counted.count("done"), counted.count("missed"))


def streak_events(step: Step, goal: Goal, as_of: date, today: date) -> list[tuple[date, bool]]:
    last = last_day(step, as_of)
    if step.schedule is None:
        c = step_count(step, goal, step.start, last, as_of, today)
        return [(step.due, bool(c.done))] if c.expected and step.due else []
    quota = quota_of(step.schedule)
    if quota is None:
        return [(d, s == "done") for d, s in occurrences(step, goal, last, as_of, today)
                if s not in ("skipped", "pending")]
    events: list[tuple[date, bool]] = []
    if step.start > as_of:
        return events
    p_start = period_of(step.start, quota[1])[0]
    while p_start <= as_of:
        p_end = period_of(p_start, quota[1])[1]
        target, done, _ = quota_period(step, goal, p_end, as_of)
        if p_end <= as_of and p_end < today:
            events += [(p_end, True)] * target if done >= target else [(p_end, False)]
        else:
            events += [(min(p_end, as_of), True)] * min(done, target)
        p_start = p_end + DAY
    return events


def streak(events: list[tuple[date, bool]]) -> int:
    n = 0
    for _, done in sorted(events, reverse=True):
        if not done:
            break
        n += 1
    return n


# ------------------------------------------------------------------ a goal's report


def ratio(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


@dataclass
class StepFigures:
    id: int
    expected: int
    done: int
    missed: int
    adherence: float | None
    streak: int


@dataclass
class GoalFigures:
    id: int
    expected: int
    done: int
    missed: int
    adherence: float | None
    previous_expected: int
    previous_adherence: float | None
    streak: int
    strength: int
    trend: list[float | None]
    steps: list[StepFigures]


def goal_figures(goal: Goal, start: date, end: date, today: date) -> GoalFigures:
    """Everything the report says in figures about ``goal`` for the window ``start``..``end``."""
    as_of = min(today, end)
    length = (end - start).days + 1

    def total(lo: date, hi: date) -> Count:
        c = Count()
        for s in goal.steps:
            c = c + step_count(s, goal, lo, hi, as_of, today)
        return c

    now = total(start, end)
    before = total(start - timedelta(days=length), start - DAY)
    weekly = [total(end - timedelta(days=7 * k + 6), end - timedelta(days=7 * k)).adherence
              for k in range(25, -1, -1)]
    s = 0.0
    for a in weekly:
        if a is not None:
            s = 0.75 * s + 0.25 * a
    events: list[tuple[date, bool]] = []
    steps = []
    for st in goal.steps:
        c = step_count(st, goal, start, end, as_of, today)
        own = streak_events(st, goal, as_of, today)
        events += own
        if st.dropped_on is not None and st.dropped_on <= start and not c.expected:
            continue
        steps.append(StepFigures(st.id, c.expected, c.done, c.missed, ratio(c.adherence), streak(own)))
    return GoalFigures(
        goal.id, now.expected, now.done, now.missed, ratio(now.adherence), before.expected,
        ratio(before.adherence), streak(events), round(100 * s), [ratio(a) for a in weekly[-8:]], steps,
    )


# ------------------------------------------------------------------ the agenda


def agenda(goals: list[Goal], day: date, end: date, today: date) -> list[tuple[date | None, str, int, str]]:
    """(date, kind, step id, detail for quotas) of everything ``coach agenda`` lists for ``day``..``end``."""
    over = min(day, today)
    items: list[tuple[date | None, str, int, str]] = []
    for g in goals:
        if g.status != "active":
            continue
        for st in g.steps:
            if st.dropped_on is not None and st.dropped_on <= day:
                continue
            if st.schedule is None:
                if st.due is None or any(log.done for d, log in st.logs.items() if d <= max(day, today)):
                    continue
                if st.due < day:
                    items.append((st.due, "overdue", st.id, ""))
                elif st.due <= end:
                    items.append((st.due, "due", st.id, ""))
                continue
            quota = quota_of(st.schedule)
            if quota is not None:
                target, done, _ = quota_period(st, g, period_of(day, quota[1])[1], day)
                if target:
                    left = max(0, target - done)
                    # Once met, the agenda says "all N done": more than N reads as N.
                    said = done if left else target
                    items.append((None, "quota" if left else "done", st.id, f"{left} {said} {target}"))
                continue
            last = end if st.until is None else min(end, st.until)
            for d in days(max(day, st.start), last):
                if schedule_plans(st.schedule, st.start, d) and g.active(d):
                    log = log_on(st, d)
                    kind = ("done" if log.done else "skipped" if log.skipped
                            else "missed" if log.missed else "due")
                    items.append((d, kind, st.id, ""))
            planned = [d for d in days(day - timedelta(days=6), min(day, last))
                       if schedule_plans(st.schedule, st.start, d) and g.active(d)]
            for i, d in enumerate(planned):
                if d >= over:
                    break
                stop = planned[i + 1] if i + 1 < len(planned) else day + DAY
                if not any(d <= x < stop for x in st.logs):
                    items.append((d, "unlogged", st.id, ""))
    return sorted(items, key=lambda i: (i[0] or date.min, i[1], i[2], i[3]))
