"""Progress and divergence: the pure arithmetic behind ``coach report``.

Nothing here does I/O, prints or reads the clock: the inputs are plain
records (loaded by :mod:`coachcli.store.reportdata`) and the date the report
is *as of*. The same inputs always give the same figures.

Definitions (README, "How the report counts"):

- An **occurrence** of a recurring step is a date its schedule plans, on or
  after its start, on or before its ``until`` date, before it was dropped,
  on a day its goal was active (paused, achieved or dropped days are not
  expected), and not after the as-of date.
- An occurrence is **done** when a ``done`` is logged on its date or before
  the next occurrence is due (doing Monday's walk on Tuesday still counts);
  **skipped** when excused with ``coach skip`` (not expected, breaks no
  streak); **missed** when a miss is logged; otherwise simply not done. An
  occurrence due today (the as-of date) that is not logged yet is *pending*:
  the day is not over, so it is not expected yet. A past window's last day is
  over: ``--week last`` on a Monday counts Sunday's occurrences.
- A **quota** step (``3/week``, ``2/month``) is judged whole per ISO week or
  calendar month, in the range that holds the period's last day, once that
  day is over or as soon as its target is met. The target is N, or for a
  period cut short by the step's start, until, drop or a goal pause, N x
  planned days / period days rounded half up; skips take one off each.
  Done counts up to the target, missed up to what is left: every figure is
  whole (:class:`~coachcli.domain.occurrences.QuotaPeriod`).
- A **one-off** step (``--due``) is expected once, on its due date, unless skipped on it.
- **adherence** = done / expected, ``None`` when nothing was expected.
- **strength** (0-100): exponential smoothing of weekly adherence over the
  last 26 seven-day blocks ending on the window's end, oldest first, from 0:
  ``s = 0.75 * s + 0.25 * a``; weeks with nothing expected leave it as is.
  One missed walk in a week of three moves a strong habit from 100 to 92,
  not to zero: it forgives a single miss, in the manner of Loop Habit
  Tracker's score.
- **streak**: the number of most recent expected occurrences (across the
  goal's steps, in date order) that were all done; a met quota period counts
  as its target of occurrences, an unmet finished period breaks the streak,
  and the period under way counts each done so far (up to its target).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from coachcli.domain.frozen import replace
from coachcli.domain.measure import Measure, MeasurePeriod
from coachcli.domain.occurrences import step_model
from coachcli.domain.reporting import (
    ClientIn,
    ClientReport,
    GoalIn,
    GoalReport,
    StepReport,
    Tally,
    Window,
    adherence,
    three_places,
)
from coachcli.domain.returning import hold_back, returning
from coachcli.domain.signals import ATTENTION_WEIGHT, signals_for

#: Days of history the report reads before the window's end (26 weeks).
HORIZON_DAYS = 182
TREND_WEEKS = 8
STRENGTH_WEEKS = 26
STRENGTH_ALPHA = 0.25


def streak(events: list[tuple[date, bool]]) -> int:
    """The most recent events all done, counted back from the newest to the latest miss.

    A miss sorts after a done on the same day (the conservative reading): the
    dones of the latest miss's own day still count. Without sorting: the
    streak is every done on or after the latest miss's day.
    """
    latest_miss = max((day for day, done in events if not done), default=None)
    if latest_miss is None:
        return len(events)
    return sum(1 for day, done in events if done and day >= latest_miss)


def trend_weeks(window: Window) -> list[tuple[date, date]]:
    """The first and last day of each seven-day block of a goal's trend, oldest first."""
    end = window.end
    return [(end - timedelta(days=7 * k + 6), end - timedelta(days=7 * k))
            for k in range(TREND_WEEKS - 1, -1, -1)]


def strength(weekly: Sequence[float | None]) -> int:
    """Habit strength 0-100 from weekly adherence, oldest first (see module docs)."""
    s = 0.0
    for a in weekly:
        if a is not None:
            s = (1 - STRENGTH_ALPHA) * s + STRENGTH_ALPHA * a
    return round(100 * s)


# ------------------------------------------------------------------ goals


def _latest(
    ratings: Sequence[tuple[date, int | None, int | None]], index: int, before: date | None = None
) -> int | None:
    value: int | None = None
    for on, importance, confidence in ratings:
        if before is not None and on >= before:
            break
        picked = importance if index == 1 else confidence
        if picked is not None:
            value = picked
    return value


def _change(now: int | None, then: int | None) -> int | None:
    return None if now is None or then is None else now - then


def horizon_start(window: Window) -> date:
    """The first day of history the report needs for ``window``.

    Pulled back to the start of its ISO week and of its month, so that every
    quota period judged in the oldest block has all its days read.
    """
    first = min(window.end - timedelta(days=HORIZON_DAYS - 1), window.previous().start)
    return min(first - timedelta(days=first.weekday()), first.replace(day=1))


def status_as_of(changes: Sequence[tuple[date, str]], day: date) -> tuple[str, date] | None:
    """A goal's status on ``day`` and the day it took it; None before the goal began."""
    found: tuple[str, date] | None = None
    for on, status in changes:
        if on > day:
            break
        found = (status, on)
    return found


def client_as_of(client: ClientIn, window: Window, as_of: date) -> ClientIn:
    """``client`` as it stood on the window's last day (or today, if that is earlier).

    A goal's status is the one it had then, not today's; goals and steps that
    began after that day are left out. So a past window reads the same after
    a goal is achieved, paused, resumed or added later.
    """
    end = min(as_of, window.end)
    goals: list[GoalIn] = []
    for g in client.goals:
        then = status_as_of(g.status_changes, end) if g.status_changes else (g.status, g.status_on)
        if then is None:
            continue  # began after the window
        steps = [st for st in g.steps if (st.plans[0].start_date if st.plans else st.start_date) <= end]
        if then != (g.status, g.status_on) or len(steps) != len(g.steps):
            goals.append(replace(g, status=then[0], status_on=then[1], steps=steps))
        else:
            goals.append(g)
    if len(goals) == len(client.goals) and all(a is b for a, b in zip(goals, client.goals, strict=True)):
        return client
    return replace(client, goals=goals)


def goal_report(goal: GoalIn, window: Window, as_of: date) -> GoalReport:
    horizon = horizon_start(window)
    models = [step_model(s, goal, horizon, min(as_of, window.end), as_of) for s in goal.steps]

    measured = any(m.measure_periods for m in models)

    def total(lo: date, hi: date) -> Tally:
        expected = done = missed = 0
        score = 0.0
        for m in models:
            e, d, x, c = m.counts(lo, hi)
            expected += e
            done += d
            missed += x
            score += c
        return Tally(expected, done, missed, score if measured else None)

    # The 26 seven-day blocks ending on the window's end, oldest first, as plain
    # (expected, done, missed) sums over the steps: a caseload has ~400k of them.
    first = window.end - timedelta(days=7 * STRENGTH_WEEKS - 1)
    per_step = [m.block_counts(first, STRENGTH_WEEKS) for m in models]
    if len(per_step) == 1:
        blocks = per_step[0]
    elif per_step:
        blocks = [(sum(e), sum(d), sum(x), sum(c))
                  for e, d, x, c in (zip(*week, strict=True) for week in zip(*per_step, strict=True))]
    else:
        blocks = [(0, 0, 0, 0.0)] * STRENGTH_WEEKS
    weekly = [adherence(e, c) for e, _, _, c in blocks]
    trend = weekly[-TREND_WEEKS:]
    if window.days == 7:  # the window and the one before are the last two blocks
        now = Tally(*blocks[-1][:3], blocks[-1][3] if measured else None)
        before = Tally(*blocks[-2][:3], blocks[-2][3] if measured else None)
    else:
        prev = window.previous()
        now, before = total(window.start, window.end), total(prev.start, prev.end)
    each_events = [m.streak_events() for m in models]
    events = [e for step_events in each_events for e in step_events]
    steps = []
    done_late = 0
    for m, step_events in zip(models, each_events, strict=True):
        t = m.tally(window.start, window.end)
        if m.step.dropped_on is not None and m.step.dropped_on <= window.start and not t.expected:
            continue
        late = m.late(window.start, window.end)
        done_late += late
        step = StepReport(
            m.step.id, m.step.title,
            m.schedule.text if m.schedule else f"due {m.step.due_date}",
            t.expected, t.done, t.missed, _ratio(t.adherence),
            streak(step_events), late,
        )
        steps.append(_amounts(step, m.measure, m.measure_periods, window, as_of))
    importance = _latest(goal.ratings, 1)
    confidence = _latest(goal.ratings, 2)
    return GoalReport(
        id=goal.id,
        title=goal.title,
        status=goal.status,
        should=goal.should,
        importance=importance,
        confidence=confidence,
        importance_change=_change(importance, _latest(goal.ratings, 1, window.start)),
        confidence_change=_change(confidence, _latest(goal.ratings, 2, window.start)),
        expected=now.expected,
        done=now.done,
        missed=now.missed,
        adherence=_ratio(now.adherence),
        previous_expected=before.expected,
        previous_adherence=_ratio(before.adherence),
        streak=streak(events),
        strength=strength(weekly),
        trend=[_ratio(a) for a in trend],
        steps=steps,
        trend_expected=[e for e, _, _, _ in blocks[-TREND_WEEKS:]],
        trend_done=[d for _, d, _, _ in blocks[-TREND_WEEKS:]],
        done_late=done_late,
        credit=_ratio(now.credit),
    )


#: How many periods a measured step's chart shows, by period.
_RECENT = {"day": 14, "week": 8, "month": 6}


def _amounts(step: StepReport, measure: Measure | None, periods: Sequence[MeasurePeriod],
             window: Window, as_of: date) -> StepReport:
    """A measurable step's figures for the window: its periods that overlap it, and the sums of
    those it judged (a period counts in the window that holds its last day, as a quota's)."""
    if measure is None:
        return step
    # A past window shows only the periods it holds the end of: one that runs on past its last
    # day asks for a share of days after it, which later plans and pauses change.
    current = as_of <= window.end
    shown = [p for p in periods if p.start <= window.end and p.end >= window.start and p.planned
             and (current or p.end <= window.end)]
    counted = [p for p in shown if window.start <= p.end <= window.end and p.judged(as_of)
               and p.credit is not None]
    earlier = [p for p in periods if p.end < window.start and p.judged(as_of) and p.credit is not None]
    return replace(
        step, measure=measure, periods=shown,
        best_before=max((p.amount for p in earlier), default=None), judged_before=len(earlier),
        recent=[p for p in periods if p.planned
                and (p.end <= window.end or (current and p.start <= window.end))][-_RECENT[measure.period]:],
        amount=round(sum(p.amount for p in counted), 6),
        target=round(sum(p.target for p in counted), 6),
        credit=_ratio(sum(p.credit or 0.0 for p in counted) / len(counted)) if counted else None,
    )


def _ratio(x: float | None) -> float | None:
    return None if x is None else three_places(x)



# ------------------------------------------------------------------ clients


def client_report(
    client: ClientIn, window: Window, as_of: date, settings: Mapping[str, float] | None = None
) -> ClientReport:
    """Everything the report says about one client for ``window``."""
    client = client_as_of(client, window, as_of)
    # Only the goals the report shows are analysed: an achieved or dropped goal is
    # read (the signals look at it) but its figures, outside the window, are not
    # said; in a caseload that is about half the goals.
    shown = [
        (gi, goal_report(gi, window, as_of)) for gi in client.goals
        if gi.status in ("active", "paused") or window.start <= gi.status_on <= window.end
    ]
    spell = returning(client, window, as_of, settings or {})
    found = signals_for(client, shown, window, as_of, settings or {})
    signals = hold_back(found, spell)
    total = Tally()
    for _, g in shown:
        total = total + Tally(g.expected, g.done, g.missed, g.credit)
    in_window = [c for c in client.checkins if window.start <= c.on_date <= window.end]
    wins = [w for c in in_window for w in c.wins]
    obstacles = [o for c in in_window for o in c.obstacles]
    obstacles += _grouped_notes(client.miss_notes)
    commitments: list[str] = []
    for c in reversed(client.checkins):
        if c.commitments and c.on_date <= window.end:
            commitments = list(c.commitments)
            break
    # What is held back for a returning client is not said, but still orders the caseload:
    # a quiet client whose important goal stopped is someone to reach out to first.
    attention = sum(ATTENTION_WEIGHT.get(sig.code, 0) for sig in found)
    return ClientReport(
        name=client.name,
        expected=total.expected,
        done=total.done,
        missed=total.missed,
        adherence=_ratio(total.adherence),
        attention=attention,
        last_activity=client.last_activity,
        goals=[g for _, g in shown],
        signals=signals,
        wins=wins,
        obstacles=obstacles,
        commitments=commitments,
        set_aside=_grouped_notes(client.skip_notes),
        returning=spell,
    )


def _grouped_notes(notes: Sequence[tuple[date, str, str]]) -> list[str]:
    """One line per note and step, with its dates: "rain (Walk: 2026-11-10, 2026-11-12)"."""
    grouped: dict[tuple[str, str], list[date]] = {}
    for day, title, note in notes:
        grouped.setdefault((note, title), []).append(day)
    return [
        f"{note} ({title}: {', '.join(d.isoformat() for d in days)})"
        for (note, title), days in grouped.items()
    ]


def caseload_order(reports: Sequence[ClientReport]) -> list[ClientReport]:
    """Most attention needed first; then lower adherence; then by name."""
    return sorted(
        reports,
        key=lambda r: (-r.attention, r.adherence if r.adherence is not None else 2.0, r.name.lower()),
    )
