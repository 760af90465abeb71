"""Occurrences of one step: what was planned, done and missed on which days.

Pure: the inputs are a step's plan and its per-day logs, and the dates asked
about. The definitions are the README's "How the report counts".
"""

from __future__ import annotations

import calendar
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from datetime import date, timedelta
from itertools import accumulate
from typing import NamedTuple

from coachcli.domain.reporting import GoalIn, StepIn, Tally
from coachcli.domain.schedule import Schedule, parse_schedule


def active_on(changes: Sequence[tuple[date, str]], day: date) -> bool:
    """Whether a goal with these dated status changes was active on ``day``."""
    status = "active"
    for on, s in changes:
        if on > day:
            break
        status = s
    return status == "active"


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
    as_of: date,
) -> QuotaPeriod:
    """The period ``bounds`` of a quota step: its target and what was logged in it.

    A planned day is on or after the step's start, on or before its until date,
    before it was dropped, and a day its goal was active.
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
    while day <= last:
        if always or active_on(changes, day):
            planned += 1
            log = step.logs.get(day)
            if log is not None and day <= as_of:
                done += log.done
                missed += log.missed
                skipped += log.skipped
        day += timedelta(days=1)
    period_days = (p_end - p_start).days + 1
    target = max(0, share_of(quota, planned, period_days) - skipped)
    return QuotaPeriod(p_start, p_end, target, done, missed)




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
        self.schedule: Schedule | None = parse_schedule(step.schedule) if step.schedule else None
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
        if self.schedule is not None and self.schedule.kind != "quota":
            self._plan_dates()
            counted = [(d, st) for d, st in self.occurrences if st not in ("skipped", "pending")]
            self._expected_dates = [d for d, _ in counted]
            self._done_sums += accumulate(st == "done" for _, st in counted)
            self._missed_sums += accumulate(st == "missed" for _, st in counted)
            self._expected_sums += range(1, len(counted) + 1)
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
        dates = [
            d
            for d in self.schedule.occurrences(self.step.start_date, self.first, self.last)
            if self._active(d)
        ]
        logs = self.step.logs
        logged = sorted(logs)  # the few days with a log, to bisect instead of walking days
        for i, d in enumerate(dates):
            stop = dates[i + 1] if i + 1 < len(dates) else self.as_of + timedelta(days=1)
            done = missed = skipped = False
            for k in range(bisect_left(logged, d), bisect_left(logged, stop)):
                log = logs[logged[k]]
                done = done or log.done > 0
                missed = missed or log.missed > 0
                skipped = skipped or (log.skipped > 0 and logged[k] == d)
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
            self.occurrences.append((d, state))

    def _plan_periods(self) -> None:
        """Periods whose planned days are all inside the horizon, up to the as-of date's."""
        assert self.schedule is not None
        period, quota = self.schedule.period, self.schedule.quota
        day = self.first
        while day <= self.as_of:
            bounds = period_bounds(day, period)
            if max(bounds[0], self.step.start_date) >= self.first:
                self.periods.append(quota_period(self.step, self.changes, quota, bounds, self.as_of))
            day = bounds[1] + timedelta(days=1)

    def tally(self, lo: date, hi: date) -> Tally:
        """Expected, done and missed occurrences between ``lo`` and ``hi`` inclusive.

        A quota period counts in the range that holds its last day, once judged.
        """
        if self.schedule is None:
            return self._tally_once(lo, hi)
        a = bisect_left(self._expected_dates, lo)
        b = bisect_right(self._expected_dates, hi)
        if a >= b:
            return Tally()
        return Tally(
            self._expected_sums[b] - self._expected_sums[a],
            self._done_sums[b] - self._done_sums[a],
            self._missed_sums[b] - self._missed_sums[a],
        )

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
        far, up to its target.
        """
        if self.schedule is None:
            t = self._tally_once(self.first, self.last)
            if t.expected and self.step.due_date is not None:
                return [(self.step.due_date, bool(t.done))]
            return []
        if not self.is_quota:
            return [(d, s == "done") for d, s in self.occurrences if s not in ("skipped", "pending")]
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
