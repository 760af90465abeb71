"""One step as a habit: its calendar day by day, its streaks, its score over time, its weekdays.

Pure, and read through the one timeline (:class:`~coachcli.domain.occurrences.StepModel`):
each day is judged by the plan in force that day, and each week's score is the
report's "Habit" figure for a window ending that week (26 blocks, each read as
of its own last day), so a past day or week reads the same in every later view.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from coachcli.domain.occurrences import active_on, plan_in_force, step_model
from coachcli.domain.progress import STRENGTH_WEEKS, streak, strength
from coachcli.domain.reporting import GoalIn, StepIn, adherence
from coachcli.domain.schedule import parse_schedule

#: A day's state on the calendar. ``open``: planned, over, nothing logged;
#: ``free``: a quota step's day with nothing logged (any day may count);
#: ``off``: nothing planned (not a day of the plan, before its start, a pause).
STATES = ("done", "missed", "open", "skipped", "pending", "free", "off")
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
    #: (a quota step plans no weekday: its dones only).
    weekdays: list[tuple[int, int]]


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
    # (expected, done, ...) per block: read by position, so more figures per block change nothing.
    shares = [adherence(c[0], c[1]) for c in counts]
    out_weeks = []
    for k in range(weeks):
        block = counts[STRENGTH_WEEKS - 1 + k]
        e, d = block[0], block[1]
        block_end = end - timedelta(days=7 * (weeks - 1 - k))
        if block_end < step.start_date:
            continue  # before the step began: nothing to say
        out_weeks.append(HabitWeek(block_end - timedelta(days=6), block_end, e, d,
                                   strength(shares[k:k + STRENGTH_WEEKS])))
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
            state = _unplanned(step, goal, day, model.today)
            tally[1] += state == "done"
        elif state in ("done", "missed", "open"):
            tally[0] += 1
            tally[1] += state == "done"
        days.append((day, state))
        day += timedelta(days=1)
    events = model.streak_events()
    now = plan_in_force(step, end)
    return Habit(
        step_id=step.id, title=now.title, goal_id=goal.id, goal=goal.title, schedule=now.schedule,
        due_date=now.due_date,
        quota=model.is_quota, end=end, days=days, current_streak=streak(events),
        best_streak=best_streak(events), since=max(horizon, step.start_date), weeks=out_weeks,
        weekdays=[(p, d) for p, d in weekday_counts],
    )


def _unplanned(step: StepIn, goal: GoalIn, day: date, today: date) -> str:
    """A day with no dated occurrence: a quota day (what was logged on it), else nothing planned."""
    plan = plan_in_force(step, day)
    active = active_on(goal.status_changes, day)
    if (plan.schedule is None or not active or day < plan.start_date
            or (plan.until_date is not None and day > plan.until_date)
            or (step.dropped_on is not None and day >= step.dropped_on)):
        return "off"
    if parse_schedule(plan.schedule).kind != "quota":
        return "off"
    log = step.logs.get(day)
    if log is not None and log.done:
        return "done"
    if log is not None and log.skipped:
        return "skipped"
    if log is not None and log.missed:
        return "missed"
    return "pending" if day == today else "free"
