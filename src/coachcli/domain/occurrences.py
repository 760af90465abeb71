"""Occurrences of one step: what was planned, done and missed on which days.

Pure: the inputs are a step's plan and its per-day logs, and the dates asked
about. The definitions are the README's "How the report counts".
"""

from __future__ import annotations

import calendar
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache
from itertools import accumulate, pairwise
from typing import NamedTuple

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
    """The ISO week (``week``) or calendar month (``month``) around ``day``."""
    if period == "week":
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    last = calendar.monthrange(day.year, day.month)[1]
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
    last = p_end
    if step.until_date is not None:
        last = min(last, step.until_date)
    if step.dropped_on is not None:
        last = min(last, step.dropped_on - timedelta(days=1))
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
    """One step's occurrences and their states up to the as-of date.

    ``as_of`` is the last day looked at (a past window's end); ``today``, the
    day that is not over yet, is the only one whose occurrence can be pending.
    """

    def __init__(
        self, step: StepIn, goal: GoalIn, horizon: date, as_of: date, today: date | None = None
    ) -> None:
        self.step = step
        self.as_of = as_of
        self.today = as_of if today is None else today
        self.changes = goal.status_changes
        self._always_active = all(status == "active" for _, status in self.changes)
        self.schedule: Schedule | None = _schedule(step.schedule) if step.schedule else None
        last = as_of
        if step.until_date is not None:
            last = min(last, step.until_date)
        if step.dropped_on is not None:
            last = min(last, step.dropped_on - timedelta(days=1))
        self.first = max(horizon, step.start_date)
        self.last = last
        #: (date, state) for date-planned steps: done, missed, open (past, not logged), skipped.
        self.occurrences: list[tuple[date, str]] = []
        #: Quota steps: every period from the first with a planned day to the as-of date's.
        self.periods: list[QuotaPeriod] = []
        # Prefix sums, so that each of the ~36 ranges a report asks about costs
        # a bisection, not a scan: by occurrence date, or by quota period end.
        self._expected_dates: list[date] = []
        self._done_sums: list[int] = [0]
        self._missed_sums: list[int] = [0]
        self._expected_sums: list[int] = [0]
        self._streak_events: list[tuple[date, bool]] | None = None
        #: The days with a log, in order, to bisect instead of walking days.
        self._logged = sorted(step.logs)
        if self.schedule is not None and self.schedule.kind != "quota":
            self._plan_dates()  # fills the occurrences, the prefix sums and the streak events
        elif self.schedule is not None:
            self._plan_periods()
            judged = [p for p in self.periods if p.judged(self.today)]
            tallies = [p.tally() for p in judged]
            self._expected_dates = [p.end for p in judged]
            self._expected_sums += accumulate(t.expected for t in tallies)
            self._done_sums += accumulate(t.done for t in tallies)
            self._missed_sums += accumulate(t.missed for t in tallies)

    @property
    def is_quota(self) -> bool:
        return self.schedule is not None and self.schedule.kind == "quota"

    def _active(self, day: date) -> bool:
        return self._always_active or active_on(self.changes, day)

    def _plan_dates(self) -> None:
        assert self.schedule is not None
        if self.first > self.last:
            return
        planned = self.schedule.occurrences(self.step.start_date, self.first, self.last)
        dates = planned if self._always_active else active_days(planned, self.changes)
        logs = self.step.logs
        logged = self._logged
        n = len(logged)
        # The occurrences' spans [d, next occurrence) follow each other, so one pass
        # over the logged days (from the first occurrence on) serves them all.
        k = bisect_left(logged, dates[0]) if dates else n
        end = self.as_of + timedelta(days=1)
        append = self.occurrences.append
        # The counted occurrences (neither skipped nor pending) as they come: their
        # dates, running sums of done and missed, and (date, done?) for the streak.
        counted, events = self._expected_dates, []
        done_sums, missed_sums = self._done_sums, self._missed_sums
        n_done = n_missed = 0
        for i, d in enumerate(dates):
            stop = dates[i + 1] if i + 1 < len(dates) else end
            done = missed = skipped = False
            while k < n and logged[k] < stop:
                log = logs[logged[k]]
                done = done or log.done > 0
                missed = missed or log.missed > 0
                skipped = skipped or (log.skipped > 0 and logged[k] == d)
                k += 1
            if done:
                state = "done"
            elif skipped:
                state = "skipped"
            elif missed:
                state = "missed"
            elif d == self.today:
                state = "pending"
            else:
                state = "open"
            append((d, state))
            if state not in {"skipped", "pending"}:
                n_done += state == "done"
                n_missed += state == "missed"
                counted.append(d)
                done_sums.append(n_done)
                missed_sums.append(n_missed)
                events.append((d, state == "done"))
        self._expected_sums += range(1, len(counted) + 1)
        self._streak_events = events

    def _plan_periods(self) -> None:
        """Periods whose planned days are all inside the horizon, up to the as-of date's."""
        assert self.schedule is not None
        period, quota = self.schedule.period, self.schedule.quota
        day = self.first
        while day <= self.as_of:
            bounds = period_bounds(day, period)
            if max(bounds[0], self.step.start_date) >= self.first:
                self.periods.append(quota_period(self.step, self.changes, quota, bounds, self.as_of,
                                                 logged=self._logged))
            day = bounds[1] + timedelta(days=1)

    def tally(self, lo: date, hi: date) -> Tally:
        """Expected, done and missed occurrences between ``lo`` and ``hi`` inclusive.

        A quota period counts in the range that holds its last day, once judged.
        """
        return Tally(*self.counts(lo, hi))

    def counts(self, lo: date, hi: date) -> tuple[int, int, int]:
        """:meth:`tally` as plain numbers (expected, done, missed), for summing many ranges."""
        if self.schedule is None:
            t = self._tally_once(lo, hi)
            return t.expected, t.done, t.missed
        a = bisect_left(self._expected_dates, lo)
        b = bisect_right(self._expected_dates, hi)
        if a >= b:
            return 0, 0, 0
        return (
            self._expected_sums[b] - self._expected_sums[a],
            self._done_sums[b] - self._done_sums[a],
            self._missed_sums[b] - self._missed_sums[a],
        )

    def block_counts(self, first: date, blocks: int, days: int = 7) -> list[tuple[int, int, int]]:
        """:meth:`counts` of ``blocks`` consecutive ranges of ``days`` from ``first``, oldest first.

        One bisection per boundary: a range's end is the next one's start.
        """
        starts = _block_starts(first, blocks, days)
        if self.schedule is None:
            return [self.counts(lo, hi - timedelta(days=1)) for lo, hi in pairwise(starts)]
        at = [bisect_left(self._expected_dates, d) for d in starts]
        e, d, m = self._expected_sums, self._done_sums, self._missed_sums
        return [(e[b] - e[a], d[b] - d[a], m[b] - m[a]) for a, b in pairwise(at)]

    def _tally_once(self, lo: date, hi: date) -> Tally:
        due = self.step.due_date
        if due is None or not lo <= due <= hi or due > self.last or due < self.step.start_date:
            return Tally()
        if not self._active(due):
            return Tally()
        done = self.step.first_done is not None and self.step.first_done <= self.as_of
        if not done:
            log = self.step.logs.get(due)
            if due == self.today or (log is not None and log.skipped):
                return Tally()  # due today, the day is not over; or excused
        missed = any(log.missed for day, log in self.step.logs.items() if day <= due)
        return Tally(1, 1 if done else 0, 1 if (missed and not done) else 0)

    def streak_events(self) -> list[tuple[date, bool]]:
        """(date, done?) for each finished occurrence, oldest first; for the streak.

        A quota period over by the as-of date counts as its target of dones when
        met and as one break when not; the period under way counts each done so
        far, up to its target. Worked out once; the list is shared, not to be changed.
        """
        if self._streak_events is None:
            self._streak_events = self._find_streak_events()
        return self._streak_events

    def _find_streak_events(self) -> list[tuple[date, bool]]:
        if self.schedule is None:
            t = self._tally_once(self.first, self.last)
            if t.expected and self.step.due_date is not None:
                return [(self.step.due_date, bool(t.done))]
            return []
        if not self.is_quota:  # before the horizon's first occurrence (see _plan_dates)
            return []
        events: list[tuple[date, bool]] = []
        for p in self.periods:
            if p.end <= self.as_of and p.end < self.today:
                if p.done >= p.target:
                    events += [(p.end, True)] * p.target
                else:
                    events.append((p.end, False))
            else:
                events += [(min(p.end, self.as_of), True)] * min(p.done, p.target)
        return events


class VersionedStep:
    """A step whose plan changed: each plan judges the days it was in force.

    The days before a change keep the plan that judged them, so a report of
    those days reads as it did before the change. Each plan is a
    :class:`StepModel` of its own over its days; the totals add up. A quota or
    one-off plan that took over mid-way starts the day it took over (a quota
    period cut by the change is shared between the two plans, like a step
    that starts mid-week); a dated schedule keeps its anchor.
    """

    def __init__(
        self, step: StepIn, goal: GoalIn, horizon: date, as_of: date, today: date | None = None
    ) -> None:
        self.step = step
        self.parts = [
            StepModel(_plan_step(step, plan), goal,
                      horizon if plan.begins is None else max(horizon, plan.begins), as_of, today)
            for plan in step.plans
        ]
        in_force = next((m for m, p in zip(self.parts, step.plans, strict=True)
                         if (p.begins is None or p.begins <= as_of) and (p.ends is None or as_of <= p.ends)),
                        self.parts[-1])
        self.schedule = in_force.schedule

    def tally(self, lo: date, hi: date) -> Tally:
        total = Tally()
        for m in self.parts:
            total = total + m.tally(lo, hi)
        return total

    def counts(self, lo: date, hi: date) -> tuple[int, int, int]:
        expected = done = missed = 0
        for m in self.parts:
            e, d, x = m.counts(lo, hi)
            expected, done, missed = expected + e, done + d, missed + x
        return expected, done, missed

    def block_counts(self, first: date, blocks: int, days: int = 7) -> list[tuple[int, int, int]]:
        per_part = [m.block_counts(first, blocks, days) for m in self.parts]
        return [(sum(e), sum(d), sum(x))
                for e, d, x in (zip(*week, strict=True) for week in zip(*per_part, strict=True))]

    def streak_events(self) -> list[tuple[date, bool]]:
        events: list[tuple[date, bool]] = []
        for m in self.parts:
            events += m.streak_events()
        return events


def _plan_step(step: StepIn, plan: PlanIn) -> StepIn:
    """``step`` as it was under one of its plans, cut to the days that plan judged."""
    until = plan.until_date
    if plan.ends is not None:
        until = plan.ends if until is None else min(until, plan.ends)
    start = plan.start_date
    first_done = step.first_done
    if plan.begins is not None:
        if plan.schedule is None or "/" in plan.schedule:  # one-off or quota: no anchor to keep
            start = max(start, plan.begins)
        if first_done is not None and first_done < plan.begins:
            later = [d for d, log in step.logs.items() if log.done and d >= plan.begins]
            first_done = min(later) if later else None
    return replace(step, schedule=plan.schedule, due_date=plan.due_date, start_date=start,
                   until_date=until, first_done=first_done, plans=())


def step_model(
    step: StepIn, goal: GoalIn, horizon: date, as_of: date, today: date | None = None
) -> StepModel | VersionedStep:
    """The model of one step: a plain one, or one per plan when the plan changed."""
    if step.plans:
        return VersionedStep(step, goal, horizon, as_of, today)
    return StepModel(step, goal, horizon, as_of, today)
