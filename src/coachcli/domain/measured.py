"""The periods of a measurable step: what each asked for, what was logged, its credit.

The one place a measurable step's period is built from its logs (the rules
are :mod:`coachcli.domain.measure`'s); :class:`~coachcli.domain.occurrences.StepModel`
judges them as it judges quota periods.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from coachcli.domain.measure import Measure, MeasurePeriod
from coachcli.domain.occurrences import active_days, last_day, period_bounds
from coachcli.domain.reporting import StepIn


def measure_period(step: StepIn, changes: Sequence[tuple[date, str]], measure: Measure,
                   bounds: tuple[date, date], as_of: date) -> MeasurePeriod:
    """The period ``bounds`` of ``step`` under ``measure``, read as of ``as_of``.

    A planned day is on or after the step's start, on or before its until
    date, before its drop, a day its goal was active, and not set aside (a
    skip with no amount logged that day, by ``as_of``). The target is N x planned days /
    days in the period; the amount, what was logged on planned days by ``as_of``.
    """
    p_start, p_end = bounds
    last = last_day(step, p_end)
    first = max(p_start, step.start_date)
    span = [first + timedelta(days=k) for k in range((last - first).days + 1)]
    if not all(status == "active" for _, status in changes):
        span = active_days(span, changes)
    planned = logged = elapsed = 0
    amount = 0.0
    best: tuple[date, float] | None = None
    logs = step.logs
    for day in span:
        log = logs.get(day)
        if log is not None and log.skipped and not log.done and day <= as_of:
            continue  # set aside (by the as-of date, as a quota's skips): not asked for
        planned += 1
        if day > as_of:
            continue
        elapsed += 1
        if log is not None and log.done:
            logged += 1
            amount += log.amount
            if best is None or log.amount > best[1]:
                best = (day, log.amount)
    period_days = (p_end - p_start).days + 1
    target = measure.target * planned / period_days
    # The target stays exact: its credit (2 km of 20/7) must not read a rounded share.
    return MeasurePeriod(p_start, p_end, measure.kind, measure.unit, target,
                         round(amount, 6), planned, logged, elapsed, best)


def measure_periods(step: StepIn, changes: Sequence[tuple[date, str]], measure: Measure,
                    first: date, as_of: date) -> list[MeasurePeriod]:
    """Every period from the one holding ``first`` to the one holding ``as_of``, oldest first.

    A period that begins before ``first`` is left out unless the step starts
    in it (the horizon must not cut a period in two).
    """
    if measure.period == "day":
        return _day_periods(step, changes, measure, first, as_of)
    out = []
    day = first
    while day <= as_of:
        bounds = period_bounds(day, measure.period)
        if max(bounds[0], step.start_date) >= first:
            out.append(measure_period(step, changes, measure, bounds, as_of))
        day = bounds[1] + timedelta(days=1)
    return out


def _day_periods(step: StepIn, changes: Sequence[tuple[date, str]], measure: Measure,
                 first: date, as_of: date) -> list[MeasurePeriod]:
    """:func:`measure_periods` for a daily measure, each day read once.

    A daily step's report builds ~180 one-day periods per step; this is
    :func:`measure_period` on ``(day, day)`` for each, without its per-call set-up.
    """
    out = []
    kind, unit = measure.kind, measure.unit
    asked = measure.target * 1 / 1  # N x 1 planned day / 1 day, as measure_period works it out
    lo, hi = max(first, step.start_date), last_day(step, as_of)
    logs = step.logs
    status, j, n = "active", 0, len(changes)
    day, one = first, timedelta(days=1)
    while day <= as_of:
        while j < n and changes[j][0] <= day:
            status = changes[j][1]
            j += 1
        log = logs.get(day)
        if (day < lo or day > hi or status != "active"
                or (log is not None and log.skipped and not log.done)):
            out.append(MeasurePeriod(day, day, kind, unit, 0.0, 0.0, 0, 0, 0, None))
        elif log is not None and log.done:
            out.append(MeasurePeriod(day, day, kind, unit, asked, round(0.0 + log.amount, 6),
                                     1, 1, 1, (day, log.amount)))
        else:
            out.append(MeasurePeriod(day, day, kind, unit, asked, 0.0, 1, 0, 1, None))
        day += one
    return out
