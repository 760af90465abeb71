"""Which occurrences a range of days set aside (``coach skip --from --until``) covers.

A holiday or a flu week is entered once, as a range; it is stored as the
skips a person would have typed day by day, so every reading (reports,
streaks, the agenda, exports) already knows what a skip is. Each day reads
the plan in force that day:

- a step planned on dates (``mon,wed,fri``, ``daily``, a one-off) gets one
  skip on each planned day of the range;
- a quota step (``3/week``) has no dates: each of its periods gets as many
  skips as the range's share of that period asks for, rounded up (a whole
  week of 3/week: three; two days of it: one), on the range's first days;
- a measured step (``at least 20 km/week``) gets a skip on every day of the
  range: each day set aside leaves its period's target its share of the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from coachcli.domain.dates import days_in_month
from coachcli.domain.occurrences import plan_on
from coachcli.domain.reporting import PlanIn
from coachcli.domain.schedule import parse_schedule

#: A plan and the days it judged: the report's own record of a plan, one concept in one place.
DatedPlan = PlanIn


def _in_force(plans: Sequence[DatedPlan], day: date) -> DatedPlan | None:
    """The plan in force on ``day``, when the day is inside its start and until dates."""
    p = plan_on(plans, day)
    if p is None or day < p.start_date or (p.until_date is not None and day > p.until_date):
        return None
    return p


def _period(day: date, period: str) -> tuple[date, int]:
    """The first day and the length of the week or month ``day`` is in."""
    if period == "month":
        return day.replace(day=1), days_in_month(day.year, day.month)
    return day - timedelta(days=day.weekday()), 7


def days_to_set_aside(plans: Sequence[DatedPlan], first: date, last: date,
                      logged: frozenset[date] = frozenset()) -> list[date]:
    """The days from ``first`` to ``last`` to store a skip on, oldest first.

    ``logged``: days that already have an entry, left as they are (a done on
    a day of the range stays a done).
    """
    out: list[date] = []
    quota_days: dict[tuple[date, int, int], list[date]] = {}
    day = first
    while day <= last:
        plan = _in_force(plans, day)
        if plan is not None and day not in logged:
            if plan.schedule is None:
                if plan.due_date == day:
                    out.append(day)
            else:
                schedule = parse_schedule(plan.schedule)
                if schedule.kind == "measure":
                    out.append(day)  # a day set aside is not asked for: its period's target shrinks
                elif schedule.kind == "quota":
                    start, length = _period(day, schedule.period)
                    quota_days.setdefault((start, length, schedule.quota), []).append(day)
                elif schedule.occurrences(plan.start_date, day, day):
                    out.append(day)
        day += timedelta(days=1)
    for (_, length, quota), days in quota_days.items():
        wanted = -(-quota * len(days) // length)  # the range's share of the period, rounded up
        out += days[:wanted]
    return sorted(out)
