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
    #: What a measured step's done entries that day carried, added up.
    amount: float = 0.0


@dataclass
class Plan:
    """One plan a step has had, judging the days ``begins``..``ends`` (None: open)."""

    begins: date | None
    ends: date | None
    schedule: str | None
    start: date
    until: date | None = None
    due: date | None = None


@dataclass
class Step:
    id: int
    schedule: str | None  # as typed to --every; None: a one-off step
    start: date
    until: date | None = None
    due: date | None = None
    dropped_on: date | None = None
    logs: dict[date, Log] = field(default_factory=dict)
    #: Every plan, oldest first, when it changed; empty: the fields above, always.
    plans: list[Plan] = field(default_factory=list)

    def all_plans(self) -> list[Plan]:
        if self.plans:
            return self.plans
        return [Plan(None, None, self.schedule, self.start, self.until, self.due)]

    def __post_init__(self) -> None:
        if not self.plans:  # one plan, made once, so that plan_on(day) is the same object
            self.plans = self.all_plans()

    def plan_on(self, day: date) -> Plan:
        """The plan in force on ``day`` (the first one before the step began)."""
        for p in self.all_plans():
            if (p.begins is None or p.begins <= day) and (p.ends is None or day <= p.ends):
                return p
        return self.all_plans()[0]

    @property
    def first_start(self) -> date:
        return self.all_plans()[0].start


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
    #: Done with each measured period counted by its credit; None: the same as done.
    credit: float | None = None

    @property
    def score(self) -> float:
        return self.done if self.credit is None else self.credit

    def __add__(self, o: Count) -> Count:
        credit = None if self.credit is None and o.credit is None else self.score + o.score
        return Count(self.expected + o.expected, self.done + o.done, self.missed + o.missed, credit)

    @property
    def adherence(self) -> float | None:
        return None if self.expected == 0 else min(1.0, self.score / self.expected)


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


def measure_of(text: str | None) -> tuple[str, float, str] | None:
    """("at least"/"at most", N, "day"/"week"/"month") for "at least 20 km/week"; None otherwise."""
    if text is None or not text.startswith(("at least ", "at most ")):
        return None
    words = text.split()
    return f"{words[0]} {words[1]}", float(words[2]), text.rsplit("/", 1)[1]


def quota_of(text: str | None) -> tuple[int, str] | None:
    """(N, "week"/"month") for ``N/week`` and ``N/month``; None for anything else."""
    if text is None or "/" not in text or measure_of(text) is not None:
        return None
    n, period = text.split("/")
    return int(n), period


def period_of(day: date, period: str) -> tuple[date, date]:
    if period == "day":
        return day, day
    if period == "week":
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])


def is_period_end(day: date, period: str) -> bool:
    return period_of(day, period)[1] == day


# ------------------------------------------------------------------ one step


def planned_day(step: Step, goal: Goal, day: date, plan: Plan | None = None,
                frozen: date | None = None) -> bool:
    """A day the step can be planned on under ``plan`` (default: the plan in force that day):
    that plan was in force, started, not ended, not dropped, goal active.

    ``frozen`` (a past window's last day): a day after it, the rest of a period under
    way, is read as things stood on it: the plan then in force, the goal's status
    then, a drop dated later not made.
    """
    known = day if frozen is None or day <= frozen else frozen
    p = step.plan_on(day) if plan is None else plan
    return (
        step.plan_on(known) is p
        and day >= p.start
        and (p.begins is None or day >= p.begins)
        and (p.until is None or day <= p.until)
        and (step.dropped_on is None or day < step.dropped_on or step.dropped_on > known)
        and goal.active(known)
    )


def dated(p: Plan) -> bool:
    return p.schedule is not None and quota_of(p.schedule) is None and measure_of(p.schedule) is None


def is_occurrence(step: Step, goal: Goal, day: date) -> bool:
    """A day a dated plan in force plans."""
    p = step.plan_on(day)
    return dated(p) and planned_day(step, goal, day, p) and schedule_plans(p.schedule, p.start, day)  # type: ignore[arg-type]


def log_on(step: Step, day: date) -> Log:
    return step.logs.get(day, Log())


def state_as_of(step: Step, goal: Goal, d: date, hi: date, today: date) -> str:
    """The state of the occurrence on ``d`` reading only what was logged up to ``hi``.

    Its span runs from ``d`` to the day before the next occurrence (whichever plan
    plans it), and stops where a quota or one-off plan takes over. The first log in
    it that says something decides: a done, a skip on its own day, a miss.
    """
    x = d
    while x <= hi:
        if x > d and (is_occurrence(step, goal, x) or not dated(step.plan_on(x))):
            break
        log = log_on(step, x)
        if log.done:
            return "done"
        if x == d and log.skipped:
            return "skipped"
        if log.missed:
            return "missed"
        x += DAY
    return "pending" if d == today else "open"


def occurrences(step: Step, goal: Goal, last: date, as_of: date, today: date,
                hi: date | None = None) -> list[tuple[date, str]]:
    """(date, state) of every dated occurrence up to ``last``, as logged up to ``hi`` (``as_of``)."""
    seen = as_of if hi is None else min(hi, as_of)
    return [(d, state_as_of(step, goal, d, seen, today))
            for d in days(step.first_start, last) if is_occurrence(step, goal, d)]


def quota_period(step: Step, goal: Goal, end: date, as_of: date, plan: Plan,
                 frozen: date | None = None) -> tuple[int, int, int]:
    """(target, done, missed) of ``plan``'s share of the quota period ending on ``end``."""
    quota = quota_of(plan.schedule)
    assert quota is not None
    n, period = quota
    p_start, p_end = period_of(end, period)
    planned = [d for d in days(p_start, p_end) if planned_day(step, goal, d, plan, frozen)]
    seen = [d for d in planned if d <= as_of]
    share = floor(Fraction(n * len(planned), len(days(p_start, p_end))) + Fraction(1, 2))
    target = max(0, share - sum(log_on(step, d).skipped for d in seen))
    done = sum(log_on(step, d).done for d in seen)
    missed = sum(log_on(step, d).missed for d in seen)
    if target == 0 and done > 0 and planned:
        target = 1  # a done is never lost: one of one
    return target, done, missed


@dataclass(frozen=True)
class Measured:
    """One period of a measured plan, worked out day by day."""

    target: float
    amount: float
    planned: int
    logged: int
    kind: str

    @property
    def known(self) -> bool:
        return self.planned > 0 and (self.kind == "at least" or self.logged > 0)

    @property
    def credit(self) -> float:
        t, a = self.target, self.amount
        if self.kind == "at least":
            return 1.0 if t <= 0 else min(1.0, a / t)
        if t <= 0:
            return 1.0 if a <= 0 else 0.0
        return max(0.0, min(1.0, 1 - (a - t) / t))

    def judged(self, end: date, today: date) -> bool:
        return self.planned > 0 and (end < today or (self.kind == "at least" and self.amount >= self.target))


def measured_period(step: Step, goal: Goal, end: date, as_of: date, plan: Plan,
                    frozen: date | None = None) -> Measured:
    """The period of ``plan``'s measure ending on ``end``: planned days (not set aside), the
    target's share of them, and the amounts logged on them up to ``as_of``."""
    m = measure_of(plan.schedule)
    assert m is not None
    kind, n, period = m
    p_start, p_end = period_of(end, period)
    planned = [d for d in days(p_start, p_end) if planned_day(step, goal, d, plan, frozen)
               and not (d <= as_of and log_on(step, d).skipped and not log_on(step, d).done)]
    seen = [d for d in planned if d <= as_of and log_on(step, d).done]
    target = n * len(planned) / len(days(p_start, p_end))
    return Measured(target, sum(log_on(step, d).amount for d in seen), len(planned), len(seen), kind)


def measure_plans(step: Step) -> list[Plan]:
    return [p for p in step.all_plans() if measure_of(p.schedule) is not None]


def quota_plans(step: Step) -> list[Plan]:
    return [p for p in step.all_plans() if quota_of(p.schedule) is not None]


def once_plans(step: Step) -> list[Plan]:
    return [p for p in step.all_plans() if p.schedule is None]


def once_state(
    step: Step, goal: Goal, p: Plan, hi: date, as_of: date, today: date
) -> tuple[date, str, date | None] | None:
    """A one-off plan's due date, its state as logged up to ``hi``, and the day that decided it.

    None when it is not expected at all up to ``as_of``. Done by a done logged by
    the due date; a miss logged before a later done stays a miss; a done after the
    due date with no miss before it is done (late).
    """
    due = p.due
    if due is None or due > last_day(step, as_of) or not planned_day(step, goal, due, p):
        return None
    seen = min(hi, as_of)
    began = max(p.start, p.begins or p.start)
    in_plan = [d for d in days(began, seen) if step.plan_on(d) is p]
    first_done = next((d for d in in_plan if log_on(step, d).done), None)
    first_miss = next((d for d in days(began, due) if log_on(step, d).missed), None)
    if first_done is not None and (first_done <= due or first_miss is None or first_done < first_miss):
        return due, "done", first_done
    if first_miss is not None and first_miss <= seen:
        return due, "missed", first_miss
    if due == today or log_on(step, due).skipped:
        return due, "excused", None
    return due, "open", None


def last_day(step: Step, as_of: date) -> date:
    """The last day a step can have an occurrence, looking as far as ``as_of`` (each plan's
    own until date is one of its limits, :func:`planned_day`)."""
    last = as_of
    if step.dropped_on is not None:
        last = min(last, step.dropped_on - DAY)
    return last


def step_count(step: Step, goal: Goal, lo: date, hi: date, as_of: date, today: date) -> Count:
    """Expected, done and missed of one step between ``lo`` and ``hi``, as logged up to ``hi``."""
    frozen = as_of if as_of < today else None  # a past window reads nothing dated after it
    last = last_day(step, as_of)
    total = Count()
    for p in once_plans(step):
        found = once_state(step, goal, p, hi, as_of, today)
        if found is None or not lo <= found[0] <= hi or found[1] == "excused":
            continue
        total = total + Count(1, int(found[1] == "done"), int(found[1] == "missed"))
    for p in quota_plans(step):
        quota = quota_of(p.schedule)
        assert quota is not None
        for d in days(lo, hi):
            if not is_period_end(d, quota[1]) or period_of(d, quota[1])[0] > as_of:
                continue
            target, done, missed = quota_period(step, goal, d, as_of, p, frozen)
            if target > 0 and (d < today or done >= target):
                counted = min(done, target)
                total = total + Count(target, counted, min(missed, target - counted))
    for p in measure_plans(step):
        m = measure_of(p.schedule)
        assert m is not None
        for d in days(lo, hi):
            if not is_period_end(d, m[2]) or period_of(d, m[2])[0] > as_of:
                continue
            x = measured_period(step, goal, d, as_of, p, frozen)
            if x.known and x.judged(d, today):
                total = total + Count(1, int(x.credit >= 1), 0, x.credit)
    states = [s for d, s in occurrences(step, goal, min(last, hi), as_of, today, hi) if lo <= d]
    counted = [s for s in states if s in ("done", "missed", "open")]
    return total + Count(len(counted), counted.count("done"), counted.count("missed"))


def done_late(step: Step, goal: Goal, lo: date, hi: date, as_of: date, today: date) -> int:
    """Dones logged in ``lo``..``hi`` that fulfil occurrences due before ``lo``."""
    n = 0
    seen = min(hi, as_of)
    for d, state in occurrences(step, goal, min(last_day(step, as_of), lo - DAY), as_of, today, seen):
        if state == "done" and state_as_of(step, goal, d, lo - DAY, today) != "done":
            n += 1
    for p in once_plans(step):
        found = once_state(step, goal, p, hi, as_of, today)
        if found is not None and found[1] == "done" and found[0] < lo <= (found[2] or lo - DAY):
            n += 1
    return n


def streak_events(step: Step, goal: Goal, as_of: date, today: date) -> list[tuple[date, bool]]:
    frozen = as_of if as_of < today else None  # a past window reads nothing dated after it
    last = last_day(step, as_of)
    events: list[tuple[date, bool]] = [
        (d, s == "done") for d, s in occurrences(step, goal, last, as_of, today)
        if s not in ("skipped", "pending")]
    for p in once_plans(step):
        found = once_state(step, goal, p, as_of, as_of, today)
        if found is not None and found[1] != "excused":
            events.append((found[0], found[1] == "done"))
    for p in measure_plans(step):
        m = measure_of(p.schedule)
        assert m is not None
        for d in days(p.start if p.begins is None else max(p.start, p.begins), as_of):
            if is_period_end(d, m[2]) or d == as_of:
                end = period_of(d, m[2])[1]
                x = measured_period(step, goal, end, as_of, p, frozen)
                if x.known and x.judged(end, today):
                    events.append((end, x.credit >= 1))
    for p in quota_plans(step):
        quota = quota_of(p.schedule)
        assert quota is not None
        p_start = period_of(p.start if p.begins is None else max(p.start, p.begins), quota[1])[0]
        while p_start <= as_of:
            p_end = period_of(p_start, quota[1])[1]
            target, done, _ = quota_period(step, goal, p_end, as_of, p, frozen)
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
    """To three places, float noise below 1e-9 removed first (the figures' definition)."""
    return None if x is None else round(round(x, 9), 3)


@dataclass
class StepFigures:
    id: int
    expected: int
    done: int
    missed: int
    adherence: float | None
    streak: int
    done_late: int = 0


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
    done_late: int = 0


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
    late = 0
    for st in goal.steps:
        if st.first_start > as_of:
            continue  # began after the window: not in it
        c = step_count(st, goal, start, end, as_of, today)
        own = streak_events(st, goal, as_of, today)
        events += own
        if st.dropped_on is not None and st.dropped_on <= start and not c.expected:
            continue
        n = done_late(st, goal, start, end, as_of, today)
        late += n
        steps.append(StepFigures(st.id, c.expected, c.done, c.missed, ratio(c.adherence), streak(own), n))
    return GoalFigures(
        goal.id, now.expected, now.done, now.missed, ratio(now.adherence), before.expected,
        ratio(before.adherence), streak(events), round(100 * s), [ratio(a) for a in weekly[-8:]], steps,
        late,
    )


def status_on(goal: Goal, day: date) -> tuple[str, date] | None:
    """The goal's status on ``day`` and since when; None before it began."""
    found = None
    for on, status in goal.changes:
        if on <= day:
            found = (status, on)
    return found


def shown(goal: Goal, start: date, end: date, today: date) -> bool:
    """Whether a report of ``start``..``end`` lists the goal: it had begun by the window's last
    day (or today), and was active or paused then, or changed status inside the window."""
    then = status_on(goal, min(end, today))
    return then is not None and (then[0] in ("active", "paused") or start <= then[1] <= end)


# ------------------------------------------------------------------ the agenda


def agenda(goals: list[Goal], day: date, end: date, today: date) -> list[tuple[date | None, str, int, str]]:
    """(date, kind, step id, detail for quotas) of everything ``coach agenda`` lists for ``day``..``end``.

    Each day under the plan in force that day; logs read up to the later of the
    agenda's day and the earlier of its last day and today.
    """
    over = min(day, today)
    seen = max(day, min(end, today))
    items: list[tuple[date | None, str, int, str]] = []
    for g in goals:
        if not any(g.active(d) for d in days(day, end)):
            continue
        for st in g.steps:
            if st.dropped_on is not None and st.dropped_on <= day:
                continue
            p = st.plan_on(day)
            if p.schedule is None:
                inside = [d for d in days(p.begins or date.min.replace(year=2000), max(day, today))
                          if st.plan_on(d) is p]
                done = any(log_on(st, d).done for d in inside)
                if p.due is not None and not done:
                    if p.due < day:
                        items.append((p.due, "overdue", st.id, ""))
                    elif p.due <= end:
                        items.append((p.due, "due", st.id, ""))
            elif (m := measure_of(p.schedule)) is not None:
                x = measured_period(st, g, period_of(day, m[2])[1], seen, p)
                if x.planned:
                    if m[0] == "at least":
                        left = x.target - x.amount
                        nums = [left, x.amount, x.target] if left > 0 else [x.amount, x.target]
                        kind = "quota" if left > 0 else "done"
                    else:
                        excess = x.amount - x.target
                        nums = ([x.target] if not x.logged else
                                [x.amount, x.target, *([excess] if excess > 0 else [])])
                        kind = "quota"
                    said = " ".join(f"{round(v, 2):.2f}" for v in nums)
                    items.append((None, kind, st.id, f"m {said}"))
            elif (quota := quota_of(p.schedule)) is not None:
                target, done, _ = quota_period(st, g, period_of(day, quota[1])[1], seen, p)
                if target:
                    left = max(0, target - done)
                    # Once met, the agenda says "all N done": more than N reads as N.
                    said = done if left else target
                    items.append((None, "quota" if left else "done", st.id, f"{left} {said} {target}"))
            for d in days(day - timedelta(days=6), day - DAY):
                q = st.plan_on(d)
                m = measure_of(q.schedule)
                if (d < over and m is not None and m[2] == "day" and planned_day(st, g, d, q)
                        and d not in st.logs):
                    items.append((d, "unlogged", st.id, ""))
            for d in days(day, end):
                if is_occurrence(st, g, d):
                    log = log_on(st, d)
                    kind = ("done" if log.done else "skipped" if log.skipped
                            else "missed" if log.missed else "due")
                    items.append((d, kind, st.id, ""))
            planned = [d for d in days(day - timedelta(days=6), min(day, end)) if is_occurrence(st, g, d)]
            for i, d in enumerate(planned):
                if d >= over:
                    break
                stop = planned[i + 1] if i + 1 < len(planned) else day + DAY
                x = d
                logged = False
                while x < stop:
                    if x > d and not dated(st.plan_on(x)):
                        break
                    logged = logged or x in st.logs
                    x += DAY
                if not logged:
                    items.append((d, "unlogged", st.id, ""))
    return sorted(items, key=lambda i: (i[0] or date.min, i[1], i[2], i[3]))
