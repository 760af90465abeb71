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
        # Prefix sums, so that each of the ~36 ranges a report asks about costs
        # a bisection (dated steps) or a subtraction (quotas), not a scan.
        self._expected_dates: list[date] = []
        self._done_sums: list[int] = [0]
        self._missed_sums: list[int] = [0]
        self._day_sums: list[tuple[int, int, int, int]] | None = None
        if self.schedule is not None and self.schedule.kind != "quota":
            self._plan_dates()
            counted = [(d, st) for d, st in self.occurrences if st not in ("skipped", "pending")]
            self._expected_dates = [d for d, _ in counted]
            self._done_sums += accumulate(st == "done" for _, st in counted)
            self._missed_sums += accumulate(st == "missed" for _, st in counted)

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

    def tally(self, lo: date, hi: date) -> Tally:
        """Expected, done and missed occurrences between ``lo`` and ``hi`` inclusive."""
        if self.schedule is None:
            return self._tally_once(lo, hi)
        if self.is_quota:
            return self._tally_quota(lo, hi)
        a = bisect_left(self._expected_dates, lo)
        b = bisect_right(self._expected_dates, hi)
        if a >= b:
            return Tally()
        return Tally(
            b - a, self._done_sums[b] - self._done_sums[a], self._missed_sums[b] - self._missed_sums[a]
        )

    def _tally_once(self, lo: date, hi: date) -> Tally:
        due = self.step.due_date
        if due is None or not lo <= due <= hi or due > self.last or due < self.step.start_date:
            return Tally()
        if not self._active(due):
            return Tally()
        done = self.step.first_done is not None and self.step.first_done <= self.as_of
        if not done and due == self.today:
            return Tally()  # due today, the day is not over
        missed = any(log.missed for day, log in self.step.logs.items() if day <= due)
        return Tally(1, 1 if done else 0, 1 if (missed and not done) else 0)

    def _tally_quota(self, lo: date, hi: date) -> Tally:
        assert self.schedule is not None
        lo = max(lo, self.first)
        hi = min(hi, self.last)
        total = Tally()
        day = lo
        while day <= hi:
            p_start, p_end = period_bounds(day, self.schedule.period)
            seg_end = min(p_end, hi)
            total = total + self._quota_share(day, seg_end, p_start, p_end)
            day = seg_end + timedelta(days=1)
        return total

    def _quota_counts(self, lo: date, hi: date) -> tuple[int, int, int, int]:
        """Active days, done, missed and skipped between ``lo`` and ``hi``.

        Today counts as an active day only once something is logged for it:
        like a dated occurrence, it is pending until the day is over.
        """
        lo, hi = max(lo, self.first), min(hi, self.last)
        if lo > hi:
            return 0, 0, 0, 0
        if self._day_sums is None:
            self._day_sums = self._quota_day_sums()
        base = self.first.toordinal()
        a, b = self._day_sums[lo.toordinal() - base], self._day_sums[hi.toordinal() - base + 1]
        return b[0] - a[0], b[1] - a[1], b[2] - a[2], b[3] - a[3]

    def _quota_day_sums(self) -> list[tuple[int, int, int, int]]:
        sums = [(0, 0, 0, 0)]
        active = done = missed = skipped = 0
        day = self.first
        while day <= self.last:
            if self._active(day):
                log = self.step.logs.get(day)
                if day != self.today or log is not None:
                    active += 1
                if log is not None:
                    done += log.done
                    missed += log.missed
                    skipped += log.skipped
            sums.append((active, done, missed, skipped))
            day += timedelta(days=1)
        return sums

    def _quota_share(self, lo: date, hi: date, p_start: date, p_end: date) -> Tally:
        """The days ``lo``..``hi`` of one period, judged by the whole period up to ``hi``.

        A 3/week habit done Monday to Wednesday is fully on track in a window
        that starts on the Thursday before: the window gets its prorated share
        of the period's expectation, met at the rate the period met it.
        """
        assert self.schedule is not None
        quota, period_days = self.schedule.quota, (p_end - p_start).days + 1
        days, _, _, skipped = self._quota_counts(lo, hi)
        expected = max(0.0, quota * days / period_days - skipped)
        if expected <= 0:
            return Tally()
        c_days, c_done, c_missed, c_skipped = self._quota_counts(max(p_start, self.first), hi)
        c_expected = max(0.0, quota * c_days / period_days - c_skipped)
        rate = 1.0 if c_expected <= 0 else min(1.0, c_done / c_expected)
        missed = 0.0 if c_expected <= 0 else min(1.0 - rate, c_missed / c_expected)
        return Tally(expected, expected * rate, expected * missed)

    def streak_events(self) -> list[tuple[date, bool]]:
        """(date, done?) for each finished occurrence, oldest first; for the streak."""
        if self.schedule is None:
            t = self._tally_once(self.first, self.last)
            if t.expected and self.step.due_date is not None:
                return [(self.step.due_date, bool(t.done))]
            return []
        if not self.is_quota:
            return [(d, s == "done") for d, s in self.occurrences if s not in ("skipped", "pending")]
        events: list[tuple[date, bool]] = []
        day = self.first
        while day <= self.last:
            p_start, p_end = period_bounds(day, self.schedule.period)
            if p_end <= self.last and p_end < self.today:
                days, done, _, skipped = self._quota_counts(day, p_end)
                period_days = (p_end - p_start).days + 1
                needed = round(max(0.0, self.schedule.quota * days / period_days - skipped))
                if needed:
                    events += [(p_end, True)] * needed if done >= needed else [(p_end, False)]
            else:
                # Under way: each done so far counts, up to what the whole period asks
                # (not up to the prorated share of the days gone, which would hide them).
                share = round(self.schedule.quota * ((p_end - day).days + 1) / ((p_end - p_start).days + 1))
                so_far = sum(
                    log.done for d, log in self.step.logs.items() if day <= d <= min(p_end, self.last)
                )
                events += [(min(p_end, self.last), True)] * min(so_far, share)
            day = p_end + timedelta(days=1)
        return events
