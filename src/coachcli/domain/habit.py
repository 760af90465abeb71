"""One step as a habit: its calendar day by day, its streaks, its score over time, its weekdays.

Pure, and read through the one timeline (:class:`~coachcli.domain.occurrences.StepModel`):
each day is judged by the plan in force that day, and each week's score is the
report's "Habit" figure for a window ending that week (26 blocks, each read as
of its own last day), so a past day or week reads the same in every later view.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from coachcli.domain.measure import Measure, MeasurePeriod, measure_of
from coachcli.domain.measured import measure_period
from coachcli.domain.occurrences import active_on, plan_in_force, step_model
from coachcli.domain.progress import STRENGTH_WEEKS, streak, strength
from coachcli.domain.reporting import GoalIn, StepIn, adherence
from coachcli.domain.schedule import parse_schedule

#: A day's state on the calendar. ``open``: planned, over, nothing logged;
#: ``free``: a quota step's day with nothing logged (any day may count);
#: ``off``: nothing planned (not a day of the plan, before its start, a pause).
#: A measured step's day is its period's state when the period is a day (``met``/``short``
#: for at least, ``within``/``over`` for at most, ``unknown``: at most, nothing logged); in a
#: week or month period it is ``logged`` (an amount, 0 included) or ``unlogged``.
STATES = ("done", "missed", "open", "skipped", "pending", "free", "off",
          "met", "short", "within", "over", "unknown", "logged", "unlogged")
#: The measured day states that judge a day, and those of them that reached the target.
JUDGED_DAYS = ("met", "short", "within", "over")
GOOD_DAYS = ("met", "within")
#: How many weeks ``coach habit`` shows by default (about four months).
DEFAULT_WEEKS = 17


@dataclass(frozen=True, slots=True)
class HabitWeek:
    """One seven-day block ending on ``end``: what it planned, what was done, the score after it."""

    start: date
    end: date
    expected: int
    done: int
    #: The habit score (0-100) a report for a week ending on ``end`` gives.
    score: int
    #: Its periods by their credit (a measured step: 13 of 20 km counts 0.65); else ``done``.
    credit: float = 0.0


@dataclass(frozen=True, slots=True)
class Habit:
    """Everything ``coach habit`` shows about one step, as of ``end``."""

    step_id: int
    title: str
    goal_id: int
    goal: str
    #: The plan in force on ``end``: its rule, or its due date for a one-off.
    schedule: str | None
    due_date: date | None
    quota: bool
    end: date
    #: (day, state) from the Monday starting the calendar to ``end``.
    days: list[tuple[date, str]]
    current_streak: int
    best_streak: int
    #: The first day the streaks were read from.
    since: date
    #: The seven-day blocks ending on ``end``, oldest first, from the one the step began in.
    weeks: list[HabitWeek]
    #: Monday first: (occurrences planned and over, done) on that weekday in the calendar
    #: (a quota step plans no weekday: its dones only; a measured day counts as done when it
    #: reached its target, a day of a week or month period when something was logged).
    weekdays: list[tuple[int, int]]
    #: The measure of the plan in force on ``end`` (None: a yes/no step).
    measure: Measure | None = None
    #: A measured step's amount logged on each day of the calendar that has one (0 included).
    amounts: dict[date, float] = field(default_factory=dict)
    #: A measured step's periods with a planned day, from the calendar's first on, oldest first:
    #: the same periods the report reads.
    periods: list[MeasurePeriod] = field(default_factory=list)
    #: The day those periods are judged against: today, or the day after a past ``end``.
    seen: date | None = None


def best_streak(events: Sequence[tuple[date, bool]]) -> int:
    """The longest run of dones among ``events``, a miss sorting after a done of its day."""
    best = run = 0
    for _, done in sorted(events, key=lambda e: (e[0], not e[1])):
        run = run + 1 if done else 0
        best = max(best, run)
    return best


def habit_horizon(end: date, weeks: int) -> date:
    """The first day a habit of ``weeks`` weeks ending on ``end`` needs logs from.

    A week more than its blocks: an occurrence just before the first block can be done in it.
    """
    return end - timedelta(days=7 * (STRENGTH_WEEKS + weeks) - 1)


def habit_of(step: StepIn, goal: GoalIn, end: date, today: date, *, weeks: int = DEFAULT_WEEKS,
             horizon: date | None = None) -> Habit:
    """``step`` as a habit over the ``weeks`` weeks ending on ``end`` (a past window's end, or today).

    ``step.logs`` must hold the logs from :func:`habit_horizon` (or ``horizon``, earlier) on.
    """
    horizon = habit_horizon(end, weeks) if horizon is None else min(horizon, habit_horizon(end, weeks))
    model = step_model(step, goal, horizon, end, today)
    # Week k's score reads the 26 blocks ending on its last day: 26 + weeks - 1 blocks in all.
    blocks = STRENGTH_WEEKS + weeks - 1
    counts = model.block_counts(end - timedelta(days=7 * blocks - 1), blocks)
    # (expected, done, missed, credit) per block; the share is the report's: a measured period
    # counts by its credit (13 of 20 km is 0.65 of it), any other occurrence by being done.
    shares = [adherence(c[0], c[3]) for c in counts]
    out_weeks = []
    for k in range(weeks):
        block = counts[STRENGTH_WEEKS - 1 + k]
        e, d = block[0], block[1]
        block_end = end - timedelta(days=7 * (weeks - 1 - k))
        if block_end < step.start_date:
            continue  # before the step began: nothing to say
        out_weeks.append(HabitWeek(block_end - timedelta(days=6), block_end, e, d,
                                   strength(shares[k:k + STRENGTH_WEEKS]), block[3]))
    # The calendar: whole weeks from a Monday, from the step's start at the earliest.
    cal_first = max(end - timedelta(days=7 * weeks - 1), step.start_date, horizon)
    cal_first -= timedelta(days=cal_first.weekday())
    states = dict(model.occurrences)
    for once in model.one_offs:
        if once.due is not None:
            t = once.tally(once.due, end)
            if t.done or t.missed or t.expected:
                states[once.due] = "done" if t.done else "missed" if t.missed else "open"
            else:  # not expected: due today (not over yet), or set aside
                states[once.due] = "pending" if once.due == model.today else "skipped"
    days: list[tuple[date, str]] = []
    weekday_counts = [[0, 0] for _ in range(7)]
    day = cal_first
    while day <= end:
        state = states.get(day)
        tally = weekday_counts[day.weekday()]
        if state is None:  # a quota day counts its dones, with nothing planned on that weekday
            state = _unplanned(step, goal, day, model.today, end)
            if state in JUDGED_DAYS:
                tally[0] += 1
            tally[1] += state in ("done", "logged", *GOOD_DAYS)
        elif state in ("done", "missed", "open"):
            tally[0] += 1
            tally[1] += state == "done"
        days.append((day, state))
        day += timedelta(days=1)
    events = model.streak_events()
    now = plan_in_force(step, end)
    amounts = {d: step.logs[d].amount for d, _ in days
               if d in step.logs and step.logs[d].done and measure_of(plan_in_force(step, d).schedule)}
    return Habit(
        step_id=step.id, title=now.title, goal_id=goal.id, goal=goal.title, schedule=now.schedule,
        due_date=now.due_date,
        quota=model.is_quota, end=end, days=days, current_streak=streak(events),
        best_streak=best_streak(events), since=max(horizon, step.start_date), weeks=out_weeks,
        weekdays=[(p, d) for p, d in weekday_counts], measure=measure_of(now.schedule), amounts=amounts,
        # A past end shows only the periods it holds the end of, as the report does.
        periods=[p for p in model.measure_periods
                 if p.planned and p.end >= cal_first and (p.end <= end or end >= today)],
        seen=min(today, end + timedelta(days=1)),
    )


def _unplanned(step: StepIn, goal: GoalIn, day: date, today: date, as_of: date) -> str:
    """A day with no dated occurrence: a quota or measured day (what was logged on it), else nothing
    planned."""
    plan = plan_in_force(step, day)
    active = active_on(goal.status_changes, day)
    if (plan.schedule is None or not active or day < plan.start_date
            or (plan.until_date is not None and day > plan.until_date)
            or (step.dropped_on is not None and day >= step.dropped_on)):
        return "off"
    kind = parse_schedule(plan.schedule).kind
    if kind == "measure":
        return _measured_day(plan, goal, day, today, as_of)
    if kind != "quota":
        return "off"
    log = step.logs.get(day)
    if log is not None and log.done:
        return "done"
    if log is not None and log.skipped:
        return "skipped"
    if log is not None and log.missed:
        return "missed"
    return "pending" if day == today else "free"


def _measured_day(plan: StepIn, goal: GoalIn, day: date, today: date, as_of: date) -> str:
    """A planned day of a measured step: its own period's state when the period is a day, else
    whether anything was logged on it (a week or month is judged as a whole, not day by day)."""
    measure = measure_of(plan.schedule)
    assert measure is not None  # the caller read a measure plan
    log = plan.logs.get(day)
    if log is not None and log.skipped and not log.done:
        return "skipped"
    if measure.period == "day":
        state = measure_period(plan, goal.status_changes, measure, (day, day), as_of).state(today)
        return "pending" if state == "under_way" else state
    if log is not None and log.done:
        return "logged"
    return "pending" if day == today else "unlogged"
