"""Occurrences of one step: what was planned, done and missed on which days.

Pure: the inputs are a step's plan and its per-day logs, and the dates asked
about. The definitions are the README's "How the report counts".
"""

# Annotations are evaluated: see coachcli.domain.reporting (a forward reference is quoted).
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from datetime import date, timedelta
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

from coachcli.domain.dates import days_in_month
from coachcli.domain.frozen import replace
from coachcli.domain.measure import Measure, MeasurePeriod
from coachcli.domain.reporting import GoalIn, PlanIn, StepIn, Tally
from coachcli.domain.schedule import Schedule, parse_schedule


def active_on(changes: Sequence[tuple[date, str]], day: date) -> bool:
    """Whether a goal with these dated status changes was active on ``day``."""
    status = "active"
    for on, s in changes:
        if on > day:
            break
        status = s
    return status == "active"


def active_days(days: Sequence[date], changes: Sequence[tuple[date, str]]) -> list[date]:
    """The ``days`` (in order) on which a goal with these status changes was active.

    ``[d for d in days if active_on(changes, d)]`` in one pass over both lists.
    """
    out: list[date] = []
    status, j, n = "active", 0, len(changes)
    for d in days:
        while j < n and changes[j][0] <= d:
            status = changes[j][1]
            j += 1
        if status == "active":
            out.append(d)
    return out


def period_bounds(day: date, period: str) -> tuple[date, date]:
    """The day itself (``day``), its ISO week (``week``) or its calendar month (``month``)."""
    if period == "day":
        return day, day
    if period == "week":
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    last = days_in_month(day.year, day.month)
    return day.replace(day=1), day.replace(day=last)


def share_of(quota: int, planned_days: int, period_days: int) -> int:
    """What a period with only some days planned asks for: its share, rounded half up.

    3/week from a Thursday (4 of 7 days) asks 2 that week; a whole period asks N.
    Integer arithmetic, so the half-way case rounds the same on every platform.
    """
    return (2 * quota * planned_days + period_days) // (2 * period_days)


class QuotaPeriod(NamedTuple):
    """One ISO week or calendar month of a quota step (README, "How the report counts")."""

    start: date
    end: date
    #: How many it asks for: the share of its planned days, less the occurrences skipped.
    target: int
    #: Done on its planned days up to the as-of date (not capped).
    done: int
    #: Misses logged on its planned days up to the as-of date (not capped).
    missed: int

    def judged(self, today: date) -> bool:
        """Over (its last day is before today), or its target already met."""
        return self.target > 0 and (self.end < today or self.done >= self.target)

    def tally(self) -> Tally:
        done = min(self.done, self.target)
        return Tally(self.target, done, min(self.missed, self.target - done))


def quota_period(
    step: StepIn, changes: Sequence[tuple[date, str]], quota: int, bounds: tuple[date, date],
    as_of: date, *, logged: Sequence[date] | None = None,
) -> QuotaPeriod:
    """The period ``bounds`` of a quota step: its target and what was logged in it.

    A planned day is on or after the step's start, on or before its until date,
    before it was dropped, and a day its goal was active. ``logged``, the
    step's logged days in order, lets a goal that was never paused count its
    planned days and sum its logs without walking the period day by day.
    """
    p_start, p_end = bounds
    last = last_day(step, p_end)
    planned = done = missed = skipped = 0
    day = max(p_start, step.start_date)
    always = all(status == "active" for _, status in changes)
    if always and logged is not None:
        # Every day from ``day`` to ``last`` is planned; the logs among them count up to as_of.
        planned = max(0, (last - day).days + 1)
        logs = step.logs
        for k in range(bisect_left(logged, day), bisect_right(logged, min(last, as_of))):
            day_log = logs[logged[k]]
            done += day_log.done
            missed += day_log.missed
            skipped += day_log.skipped
        day = last + timedelta(days=1)
    span = [day + timedelta(days=k) for k in range((last - day).days + 1)]
    for planned_day in span if always else active_days(span, changes):
        planned += 1
        log = step.logs.get(planned_day)
        if log is not None and planned_day <= as_of:
            done += log.done
            missed += log.missed
            skipped += log.skipped
    period_days = (p_end - p_start).days + 1
    target = max(0, share_of(quota, planned, period_days) - skipped)
    if target == 0 and done > 0 and planned > 0:
        # A share that rounds to nothing (2/month from the 26th), or every day set
        # aside: a done logged on a planned day still counts, as one of one.
        target = 1
    return QuotaPeriod(p_start, p_end, target, done, missed)




@lru_cache(maxsize=8)
def _block_starts(first: date, blocks: int, days: int) -> list[date]:
    """The first day of each of ``blocks`` ranges of ``days`` from ``first``, and the day after.

    The same for every step of a report, so worked out once.
    """
    return [first + timedelta(days=days * k) for k in range(blocks + 1)]


_SCHEDULES: dict[str, Schedule] = {}


def _schedule(text: str) -> Schedule:
    """:func:`parse_schedule`, once per distinct rule: a caseload repeats a few dozen rules."""
    found = _SCHEDULES.get(text)
    if found is None:
        found = _SCHEDULES[text] = parse_schedule(text)
    return found


class StepModel:
    """One step's occurrences and their states, under every plan it has had.

    ``as_of`` is the last day looked at (a past window's end); ``today``, the
    day that is not over yet, is the only one whose occurrence can be pending.

    Each plan judges the days it was in force, so a report of the days before a
    change reads as it did before it. The dated occurrences of all plans form
    one list: an occurrence can be logged from its day up to the next one,
    whichever plan that belongs to, so one done never fills two occurrences.
    A quota or one-off plan that took over mid-way starts the day it took over
    (a quota period cut by the change is shared between the two plans, like a
    step that starts mid-week); a dated schedule keeps its anchor.

    Every figure of a range is read as of the range's last day: a done logged
    after it does not change it (it is a done late, :meth:`late`), so a week's
    own report and every later trend say the same of that week.
    """

    def __init__(
        self, step: StepIn, goal: GoalIn, horizon: date, as_of: date, today: date | None = None
    ) -> None:
        self.today = as_of if today is None else today
        changes = goal.status_changes
        if as_of < self.today:  # a past window: nothing dated after it (the current one plans ahead)
            step, changes = known_by(step, changes, as_of)
        self.step = step
        self.as_of = as_of
        self.changes = changes
        self._always_active = all(status == "active" for _, status in self.changes)
        parts = plan_parts(step)
        now = plan_in_force(step, as_of)
        self.schedule: Schedule | None = _schedule(now.schedule) if now.schedule else None
        self.first = max(horizon, step.start_date)
        self.last = last_day(step, as_of)
        #: Quota steps: every period from the first with a planned day to the as-of date's.
        self.periods: list[QuotaPeriod] = []
        #: The days with a log, in order, to bisect instead of walking days.
        self._logged = sorted(step.logs)
        self._onces: list[StepModelOnce] = []
        quota_parts: list[tuple[StepIn, Schedule]] = []
        #: Measurable steps: every period of every measurable plan, oldest first.
        self.measure_periods: list[MeasurePeriod] = []
        #: The measure of the plan in force on the as-of date (None: a yes/no step).
        self.measure: Measure | None = self.schedule.measure if self.schedule else None
        dated: list[tuple[date, date]] = []  # (occurrence, the day its span must end by)
        for (part, begins), cap in zip(parts, _span_caps(parts), strict=True):
            first = horizon if begins is None else max(horizon, begins)
            if part.schedule is None:
                self._onces.append(StepModelOnce(part, self, first))
                continue
            schedule = _schedule(part.schedule)
            if schedule.kind in ("quota", "measure"):
                quota_parts.append((part, schedule))
                continue
            dated += [(d, cap) for d in self._planned(part, schedule, max(first, part.start_date))]
        if len(parts) > 1:  # each plan's days are in order; several plans may interleave
            dated.sort()
        self._build_dated(dated)
        self._quota_dates: list[date] = []
        self._quota_sums: list[tuple[int, int, int, float]] = [(0, 0, 0, 0.0)]
        self._quota_events: list[tuple[date, bool]] = []
        for part, schedule in quota_parts:
            if schedule.measure is not None:
                self._plan_measure(part, schedule.measure, horizon)
            else:
                self._plan_periods(part, schedule, horizon)
        if any(a > b for a, b in pairwise(self._quota_dates)):
            self._order_periods()

    @property
    def one_offs(self) -> "list[StepModelOnce]":
        """The models of the step's one-off plans, each expected once on its due date."""
        return self._onces

    @property
    def is_quota(self) -> bool:
        return self.schedule is not None and self.schedule.kind == "quota"

    def _active(self, day: date) -> bool:
        return self._always_active or active_on(self.changes, day)

    def _planned(self, step: StepIn, schedule: Schedule, first: date) -> list[date]:
        last = last_day(step, self.as_of)
        if first > last:
            return []
        planned = schedule.occurrences(step.start_date, first, last)
        return planned if self._always_active else active_days(planned, self.changes)

    def _build_dated(self, dated: list[tuple[date, date]]) -> None:
        """Decide each dated occurrence (``dated`` in date order), with running sums of the states.

        An occurrence can be logged from its day up to the next one (or where a
        quota or one-off plan takes over). The first log that says something
        decides, in date order: a done; a skip on its own day; a miss. On one
        day a done comes before a skip, a skip before a miss. A logged miss
        stays a miss: a done after it does not turn it into a done. Inlined
        and kept to plain lists: a caseload's report decides ~600k of them.
        """
        logs, logged = self.step.logs, self._logged
        n, k = len(logged), 0
        today = self.today
        self._dates = dates = [d for d, _ in dated]
        self._decided: list[date | None] = []
        self._states: list[str] = []
        e_sums, d_sums, m_sums = [0], [0], [0]
        e = dn = m = 0
        states, decided = self._states, self._decided
        last = len(dates) - 1
        for i, (d, cap) in enumerate(dated):
            stop = dates[i + 1] if i < last else date.max
            stop = min(stop, cap)
            state: str | None = None
            on: date | None = None
            while k < n and logged[k] < d:
                k += 1
            while k < n and logged[k] < stop:
                x = logged[k]
                log = logs[x]
                k += 1
                if log.done:
                    state, on = "done", x
                    break
                if x == d and log.skipped:
                    state, on = "skipped", x
                    break
                if log.missed:
                    state, on = "missed", x
                    break
            if state is None:
                state = "pending" if d == today else "open"
            states.append(state)
            decided.append(on)
            if state not in {"skipped", "pending"}:
                e += 1
                if state == "done":
                    dn += 1
                elif state == "missed":
                    m += 1
            e_sums.append(e)
            d_sums.append(dn)
            m_sums.append(m)
        self._e_sums, self._d_sums, self._m_sums = e_sums, d_sums, m_sums

    @property
    def occurrences(self) -> list[tuple[date, str]]:
        """(date, state) of the dated occurrences as of ``as_of``: done, missed, open, skipped, pending."""
        as_of = self.as_of
        return [(d, "open" if on is not None and on > as_of else state)
                for d, state, on in zip(self._dates, self._states, self._decided, strict=True)]

    def _plan_periods(self, step: StepIn, schedule: Schedule, horizon: date) -> None:
        """Periods whose planned days are all inside the horizon, up to the as-of date's."""
        period, quota = schedule.period, schedule.quota
        first = max(horizon, step.start_date)
        day = first
        while day <= self.as_of:
            bounds = period_bounds(day, period)
            if max(bounds[0], step.start_date) >= first:
                p = quota_period(step, self.changes, quota, bounds, self.as_of, logged=self._logged)
                self.periods.append(p)
                if p.judged(self.today):
                    t = p.tally()
                    self._quota_dates.append(p.end)
                    self._quota_events.append((p.end, t.done >= t.expected))
                    a, b, c, x = self._quota_sums[-1]
                    self._quota_sums.append((a + t.expected, b + t.done, c + t.missed, x + t.done))
            day = bounds[1] + timedelta(days=1)

    def _order_periods(self) -> None:
        """Put the judged periods of several plans in the order of their last days.

        Plans follow each other, but a period cut by a change of plan keeps its
        own last day: "2/month" until 20 August ends on the 31st, after the
        first week of a "3/week" that took over on the 21st. The running sums
        are bisected by date, so they are rebuilt in date order.
        """
        sums = self._quota_sums
        steps = [(day, tuple(b - a for a, b in zip(sums[k], sums[k + 1], strict=True)), event)
                 for k, (day, event) in enumerate(zip(self._quota_dates, self._quota_events,
                                                       strict=True))]
        steps.sort(key=lambda x: x[0])  # stable: one day's periods keep their plans' order
        self._quota_dates = [day for day, _, _ in steps]
        self._quota_events = [event for _, _, event in steps]
        self._quota_sums = [(0, 0, 0, 0.0)]
        for _, (e, d, m, c), _ in steps:
            a, b, x, y = self._quota_sums[-1]
            self._quota_sums.append((int(a + e), int(b + d), int(x + m), y + c))

    def _plan_measure(self, step: StepIn, measure: Measure, horizon: date) -> None:
        """A measurable plan's periods (:mod:`coachcli.domain.measured`), judged like quota periods.

        A judged period counts once, by its credit, in the range that holds its
        last day; an unknown one (at most, nothing logged) counts nowhere.
        """
        from coachcli.domain.measured import measure_periods

        periods = measure_periods(step, self.changes, measure, max(horizon, step.start_date), self.as_of)
        self.measure_periods += periods
        for p in periods:
            credit = p.credit
            if credit is not None and p.judged(self.today):
                self._quota_dates.append(p.end)
                self._quota_events.append((p.end, credit >= 1.0))
                a, b, c, x = self._quota_sums[-1]
                self._quota_sums.append((a + 1, b + int(credit >= 1.0), c, x + credit))

    def tally(self, lo: date, hi: date) -> Tally:
        """Expected, done and missed occurrences between ``lo`` and ``hi`` inclusive.

        A quota or measurable period counts in the range that holds its last day, once judged.
        """
        e, d, m, c = self.counts(lo, hi)
        return Tally(e, d, m, c if self.measure_periods else None)

    def counts(self, lo: date, hi: date) -> tuple[int, int, int, float]:
        """:meth:`tally` as plain numbers (expected, done, missed, credit), for summing many ranges.

        Credit is done with each measurable period counted by its credit (0 to 1).
        """
        e, d, m = self._dated_counts(lo, hi)
        c = float(d)
        if self._quota_dates:
            a = bisect_left(self._quota_dates, lo)
            b = bisect_right(self._quota_dates, hi)
            if a < b:
                s, t = self._quota_sums[a], self._quota_sums[b]
                e, d, m, c = e + t[0] - s[0], d + t[1] - s[1], m + t[2] - s[2], c + t[3] - s[3]
        for once in self._onces:
            x = once.tally(lo, hi)
            e, d, m, c = e + x.expected, d + x.done, m + x.missed, c + x.done
        return e, d, m, c

    def _dated_counts(self, lo: date, hi: date) -> tuple[int, int, int]:
        a = bisect_left(self._dates, lo)
        b = bisect_right(self._dates, hi)
        return self._between(a, b, hi)

    def _between(self, a: int, b: int, hi: date) -> tuple[int, int, int]:
        """Sums of the occurrences ``a`` to ``b - 1``, read as of ``hi``.

        Spans follow each other, so only the last occurrence can have been
        decided after ``hi``; it then reads as not logged yet.
        """
        if a >= b:
            return 0, 0, 0
        e = self._e_sums[b] - self._e_sums[a]
        d = self._d_sums[b] - self._d_sums[a]
        m = self._m_sums[b] - self._m_sums[a]
        on = self._decided[b - 1]
        if on is not None and on > hi:
            state = self._states[b - 1]
            d -= state == "done"
            m -= state == "missed"
        return e, d, m

    def late(self, lo: date, hi: date) -> int:
        """Dones logged between ``lo`` and ``hi`` for occurrences due before ``lo``: done late."""
        n = 0
        a = bisect_left(self._dates, lo)
        if a > 0:
            on = self._decided[a - 1]
            if self._states[a - 1] == "done" and on is not None and lo <= on <= hi:
                n += 1
        for once in self._onces:
            n += once.late(lo, hi)
        return n

    def block_counts(self, first: date, blocks: int, days: int = 7) -> list[tuple[int, int, int, float]]:
        """:meth:`counts` of ``blocks`` consecutive ranges of ``days`` from ``first``, oldest first.

        One bisection per boundary: a range's end is the next one's start.
        """
        starts = _block_starts(first, blocks, days)
        if self._onces or self._quota_dates:
            return [self.counts(lo, hi - timedelta(days=1)) for lo, hi in pairwise(starts)]
        at = [bisect_left(self._dates, d) for d in starts]
        return [(e, d, m, float(d)) for e, d, m in (
            self._between(a, b, hi - timedelta(days=1))
            for (a, b), hi in zip(pairwise(at), starts[1:], strict=True))]

    def streak_events(self) -> list[tuple[date, bool]]:
        """(date, done?) for each finished occurrence as of the as-of date, oldest first.

        A quota period over by the as-of date counts as its target of dones when
        met and as one break when not; the period under way counts each done so
        far, up to its target.
        """
        events = [(day, state == "done") for day, state in self.occurrences
                  if state not in ("skipped", "pending")]
        events += [(p.end, p.met) for p in self.measure_periods
                   if p.credit is not None and p.judged(self.today)]
        for p in self.periods:
            if p.end <= self.as_of and p.end < self.today:
                if p.done >= p.target:
                    events += [(p.end, True)] * p.target
                else:
                    events.append((p.end, False))
            else:
                events += [(min(p.end, self.as_of), True)] * min(p.done, p.target)
        for once in self._onces:
            events += once.streak_events()
        return events


class StepModelOnce:
    """A one-off plan: expected once, on its due date, unless set aside on it.

    Done when a done is logged by the due date; a miss logged before any done
    stays a miss; a done after the due date with no miss before it is done
    late, and counts in a range only when logged by the range's last day.
    """

    def __init__(self, step: StepIn, model: StepModel, first: date) -> None:
        self.step = step
        self.model = model
        due = step.due_date
        last = last_day(step, model.as_of)
        self.due = due if (due is not None and max(first, step.start_date) <= due <= last
                           and model._active(due)) else None
        self.state: str | None = None
        self.decided_on: date | None = None
        if self.due is None:
            return
        done = step.first_done
        missed = min((d for d, log in step.logs.items() if log.missed and d <= self.due), default=None)
        if done is not None and (done <= self.due or missed is None or done < missed):
            self.state, self.decided_on = "done", done
        elif missed is not None:
            self.state, self.decided_on = "missed", missed

    def tally(self, lo: date, hi: date) -> Tally:
        due = self.due
        if due is None or not lo <= due <= hi:
            return Tally()
        on = self.decided_on
        decided = self.state if on is not None and on <= min(hi, self.model.as_of) else None
        if decided != "done":
            log = self.step.logs.get(due)
            if (due == self.model.today and decided is None) or (log is not None and log.skipped):
                return Tally()  # due today with nothing logged: the day is not over; or excused
        return Tally(1, int(decided == "done"), int(decided == "missed"))

    def late(self, lo: date, hi: date) -> int:
        due, on = self.due, self.decided_on
        return int(self.state == "done" and due is not None and on is not None
                   and due < lo <= on <= hi)

    def streak_events(self) -> list[tuple[date, bool]]:
        if self.due is None:
            return []
        t = self.tally(self.due, self.model.as_of)
        return [(self.due, bool(t.done))] if t.expected else []


def last_day(step: StepIn, as_of: date) -> date:
    """The last day ``step`` can have an occurrence, looking as far as ``as_of``."""
    last = as_of
    if step.until_date is not None:
        last = min(last, step.until_date)
    if step.dropped_on is not None:
        last = min(last, step.dropped_on - timedelta(days=1))
    return last


def _plan_step(step: StepIn, plan: PlanIn) -> StepIn:
    """``step`` as it was under one of its plans, cut to the days that plan judged."""
    until = plan.until_date
    if plan.ends is not None:
        until = plan.ends if until is None else min(until, plan.ends)
    start = plan.start_date
    first_done = step.first_done
    if plan.begins is not None and not _dated(plan.schedule):
        start = max(start, plan.begins)  # one-off or quota: no anchor to keep
    if first_done is not None and ((plan.begins is not None and first_done < plan.begins)
                                   or (plan.ends is not None and first_done > plan.ends)):
        # A one-off plan is done only by a done logged while it was in force.
        inside = [d for d, log in step.logs.items() if log.done
                  and (plan.begins is None or d >= plan.begins) and (plan.ends is None or d <= plan.ends)]
        first_done = min(inside) if inside else None
    return replace(step, title=plan.title or step.title, schedule=plan.schedule, due_date=plan.due_date,
                   start_date=start, until_date=until, first_done=first_done, plans=())


def step_model(
    step: StepIn, goal: GoalIn, horizon: date, as_of: date, today: date | None = None
) -> StepModel:
    """The model of one step over every plan it has had."""
    return StepModel(step, goal, horizon, as_of, today)


def plan_on(plans: Sequence[PlanIn], day: date) -> PlanIn | None:
    """The plan of ``plans`` in force on ``day``; None on a day none judged."""
    for p in plans:
        if (p.begins is None or p.begins <= day) and (p.ends is None or day <= p.ends):
            return p
    return None


def plan_in_force(step: StepIn, day: date) -> StepIn:
    """``step`` under the plan in force on ``day`` (its first plan before it began)."""
    if not step.plans:
        return step
    return _plan_step(step, plan_on(step.plans, day) or step.plans[0])


def known_by(
    step: StepIn, changes: Sequence[tuple[date, str]], as_of: date
) -> tuple[StepIn, Sequence[tuple[date, str]]]:
    """``step`` and its goal's status changes as they stood on ``as_of``: nothing dated later.

    For a past window. A quota period under way on its last day runs past it,
    so its target would otherwise read pauses, drops and plan changes dated
    after the window, and a past week's report would change when they were
    made. The plan in force on ``as_of`` is read as open-ended, the goal's
    status on ``as_of`` as lasting, and a drop dated later as not made. The
    current window reads what is planned ahead, as the agenda does.
    """
    kept = [c for c in changes if c[0] <= as_of] or list(changes[:1])
    if len(kept) < len(changes):
        changes = kept
    dropped = step.dropped_on if step.dropped_on is not None and step.dropped_on <= as_of else None
    plans = step.plans
    if plans:
        plans = [p for p in plans if p.begins is None or p.begins <= as_of] or list(plans[:1])
        if plans[-1].ends is not None and plans[-1].ends >= as_of:
            plans[-1] = plans[-1]._replace(ends=None)
        if len(plans) == len(step.plans) and plans[-1] == step.plans[-1]:
            plans = step.plans
    if dropped != step.dropped_on or plans is not step.plans:
        step = replace(step, dropped_on=dropped, plans=plans)
    return step, changes


def plan_parts(step: StepIn) -> list[tuple[StepIn, date | None]]:
    """Each plan of ``step`` as a step of its own, with the day it took over (None: from the start)."""
    if not step.plans:
        return [(step, None)]
    return [(_plan_step(step, p), p.begins) for p in step.plans]


def _dated(schedule: str | None) -> bool:
    """A schedule that plans dates (not a one-off, not an N/week or N/month quota)."""
    return schedule is not None and "/" not in schedule


def _span_caps(parts: Sequence[tuple[StepIn, date | None]]) -> list[date]:
    """For each plan, the day a span of its occurrences must end by.

    A span runs to the next dated occurrence, whichever plan it belongs to, but
    not into a quota or one-off plan: it ends where the next one takes over
    (``date.max`` when none does).
    """
    caps, cap = [], date.max
    for part, begins in reversed(parts):
        caps.append(cap)
        if not _dated(part.schedule) and begins is not None:
            cap = begins
    return caps[::-1]


def dated_days(step: StepIn, changes: Sequence[tuple[date, str]], lo: date,
               hi: date) -> list[tuple[date, date, StepIn]]:
    """The dated occurrences of every plan between ``lo`` and ``hi``, on days the goal was active.

    Each comes with the day its span must end by (:func:`_span_caps`) and the plan that planned it.
    """
    parts = plan_parts(step)
    out: list[tuple[date, date, StepIn]] = []
    for (part, begins), cap in zip(parts, _span_caps(parts), strict=True):
        if not _dated(part.schedule):
            continue
        assert part.schedule is not None
        first = lo if begins is None else max(lo, begins)
        last = last_day(part, hi)
        planned = _schedule(part.schedule).occurrences(part.start_date, first, last) if first <= last else []
        out += [(d, cap, part) for d in active_days(planned, changes)]
    out.sort(key=lambda o: o[0])
    return out
