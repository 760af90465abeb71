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
- A **quota** step (``3/week``, ``2/month``) expects N per ISO week or
  calendar month, prorated by the share of the period's days inside the
  range (and active), minus skipped occurrences. That share is met at the
  rate the whole period met its quota so far (up to the range's end), so a
  3/week habit done Monday to Wednesday is on track in a window that starts
  the Thursday before; adherence never exceeds 1. Today counts once
  something is logged for it.
- A **one-off** step (``--due``) is expected once, on its due date.
- **adherence** = done / expected, ``None`` when nothing was expected.
- **strength** (0-100): exponential smoothing of weekly adherence over the
  last 26 seven-day blocks ending on the window's end, oldest first, from 0:
  ``s = 0.75 * s + 0.25 * a``; weeks with nothing expected leave it as is.
  One missed walk in a week of three moves a strong habit from 100 to 92,
  not to zero: it forgives a single miss, in the manner of Loop Habit
  Tracker's score.
- **streak**: the number of most recent expected occurrences (across the
  goal's steps, in date order) that were all done; a met quota period counts
  as its N occurrences, an unmet finished period breaks the streak, and the
  period under way counts each done so far (up to N).
"""

from __future__ import annotations

import calendar
import zlib
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate
from typing import Literal, NamedTuple

from coachcli.questions import QUESTIONS
from coachcli.schedule import Schedule, parse_schedule

#: Days of history the report reads before the window's end (26 weeks).
HORIZON_DAYS = 182
TREND_WEEKS = 8
STRENGTH_WEEKS = 26
STRENGTH_ALPHA = 0.25

Severity = Literal["attention", "celebrate"]

#: Default thresholds; each can be changed with ``coach config KEY VALUE``.
DEFAULT_SETTINGS: dict[str, float] = {
    "say_do_gap.importance": 7,
    "say_do_gap.adherence": 0.5,
    "say_do_gap.expected": 2,
    "slipping.drop": 0.3,
    "stalled.days": 10,
    "low_confidence.max": 4,
    "should_goal.adherence": 0.5,
    "priority_inversion.low": 0.5,
    "priority_inversion.high": 0.8,
    "quiet.days": 10,
    "streak.min": 3,
    "improving.rise": 0.3,
}

SETTING_HELP: dict[str, str] = {
    "say_do_gap.importance": "importance at or above which a low adherence is a say-do gap",
    "say_do_gap.adherence": "adherence below which an important goal is a say-do gap",
    "say_do_gap.expected": "occurrences that must have been expected for a say-do gap",
    "slipping.drop": "fall in adherence against the previous window that counts as slipping",
    "stalled.days": "days without any step done before an active goal counts as stalled",
    "low_confidence.max": "confidence at or below which it is worth exploring",
    "should_goal.adherence": "adherence below which a 'should' goal prompts whose goal it is",
    "priority_inversion.low": "adherence below which the most important goal is neglected",
    "priority_inversion.high": "adherence at or above which a less important goal thrives",
    "quiet.days": "days without any action or check-in before a client counts as quiet",
    "streak.min": "done occurrences in a row worth celebrating",
    "improving.rise": "rise in adherence against the previous window worth celebrating",
}

#: How much each attention signal weighs when ordering a caseload.
ATTENTION_WEIGHT: dict[str, int] = {
    "quiet": 5,
    "say_do_gap": 4,
    "slipping": 3,
    "stalled": 3,
    "priority_inversion": 2,
    "overdue": 2,
    "should_goal": 1,
    "low_confidence": 1,
    "no_plan": 1,
}

#: Signal order within a report: affirm first, then what is worth exploring.
SIGNAL_ORDER = (
    "achieved", "streak", "improving",
    "quiet", "say_do_gap", "slipping", "stalled", "priority_inversion", "should_goal",
    "overdue", "low_confidence", "no_plan",
)


# ------------------------------------------------------------------ inputs


class DayLog(NamedTuple):
    """What was logged for one step on one day (a named tuple: a report builds ~100k)."""

    done: int = 0
    missed: int = 0
    skipped: int = 0


@dataclass(frozen=True, slots=True)
class StepIn:
    id: int
    goal_id: int
    title: str
    schedule: str | None
    due_date: date | None
    start_date: date
    until_date: date | None
    dropped_on: date | None
    #: Everything logged from the horizon's start to the as-of date, by day.
    logs: Mapping[date, DayLog] = field(default_factory=dict)
    #: For one-off steps: whether it was ever done, and when first.
    first_done: date | None = None


@dataclass(frozen=True, slots=True)
class GoalIn:
    id: int
    title: str
    status: str
    status_on: date
    should: bool
    #: (date, status) in order; the status on a day is the latest change on or before it.
    status_changes: Sequence[tuple[date, str]]
    #: (date, importance, confidence) in order; either value may be None.
    ratings: Sequence[tuple[date, int | None, int | None]]
    steps: Sequence[StepIn]
    #: Last ``done`` on or before the as-of date, over all history (None: never).
    last_done: date | None = None


@dataclass(frozen=True, slots=True)
class CheckinIn:
    on_date: date
    mood: int | None
    wins: Sequence[str]
    obstacles: Sequence[str]
    commitments: Sequence[str]
    session: bool = False


@dataclass(frozen=True, slots=True)
class ClientIn:
    id: int
    name: str
    created_on: date
    goals: Sequence[GoalIn]
    #: Check-ins on or before the window's end, newest last (at least those in the window
    #: and the latest one with commitments).
    checkins: Sequence[CheckinIn]
    #: Miss (and skip) notes in the window: (date, step title, note).
    miss_notes: Sequence[tuple[date, str, str]]
    #: Last action of any kind or check-in on or before the as-of date.
    last_activity: date | None


# ------------------------------------------------------------------ outputs


@dataclass(frozen=True, slots=True)
class Tally:
    expected: float = 0.0
    done: float = 0.0
    missed: float = 0.0

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.expected + other.expected, self.done + other.done, self.missed + other.missed
        )

    @property
    def adherence(self) -> float | None:
        return None if self.expected <= 0 else min(1.0, self.done / self.expected)


@dataclass(frozen=True, slots=True)
class Signal:
    code: str
    goal_id: int | None
    severity: Severity
    evidence: str
    question: str


@dataclass(frozen=True, slots=True)
class StepReport:
    id: int
    title: str
    schedule: str
    expected: float
    done: float
    missed: float
    adherence: float | None
    streak: int


@dataclass(frozen=True, slots=True)
class GoalReport:
    id: int
    title: str
    status: str
    should: bool
    importance: int | None
    confidence: int | None
    importance_change: int | None
    confidence_change: int | None
    expected: float
    done: float
    missed: float
    adherence: float | None
    previous_adherence: float | None
    streak: int
    strength: int
    trend: list[float | None]
    steps: list[StepReport]


@dataclass(frozen=True, slots=True)
class ClientReport:
    name: str
    expected: float
    done: float
    missed: float
    adherence: float | None
    attention: int
    last_activity: date | None
    goals: list[GoalReport]
    signals: list[Signal]
    wins: list[str]
    obstacles: list[str]
    commitments: list[str]


@dataclass(frozen=True, slots=True)
class Window:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Window:
        return Window(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def phrase(self) -> str:
        """How evidence sentences name the window."""
        if self.days == 7 and self.start.weekday() == 0:
            year, week, _ = self.start.isocalendar()
            return f"in week {year}-W{week:02d}"
        if self.days == 7:
            return "in the last 7 days"
        return f"between {self.start.isoformat()} and {self.end.isoformat()}"


# ------------------------------------------------------------------ steps


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


def _streak(events: list[tuple[date, bool]]) -> int:
    # A miss sorts after a done on the same day: the conservative reading.
    count = 0
    for _, done in sorted(events, key=lambda e: (e[0], e[1]), reverse=True):
        if not done:
            break
        count += 1
    return count


def _blocks(end: date, n: int) -> list[tuple[date, date]]:
    """``n`` seven-day blocks ending on ``end``, oldest first."""
    return [
        (end - timedelta(days=7 * k + 6), end - timedelta(days=7 * k)) for k in range(n - 1, -1, -1)
    ]


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
    """The first day of history the report needs for ``window``."""
    return min(window.end - timedelta(days=HORIZON_DAYS - 1), window.previous().start)


def goal_report(goal: GoalIn, window: Window, as_of: date) -> GoalReport:
    horizon = horizon_start(window)
    models = [StepModel(s, goal, horizon, min(as_of, window.end), as_of) for s in goal.steps]

    def total(lo: date, hi: date) -> Tally:
        t = Tally()
        for m in models:
            t = t + m.tally(lo, hi)
        return t

    blocks = [total(lo, hi) for lo, hi in _blocks(window.end, STRENGTH_WEEKS)]
    weekly = [t.adherence for t in blocks]
    trend = weekly[-TREND_WEEKS:]
    if window.days == 7:  # the window and the one before are the last two blocks
        now, before = blocks[-1], blocks[-2]
    else:
        prev = window.previous()
        now, before = total(window.start, window.end), total(prev.start, prev.end)
    events: list[tuple[date, bool]] = []
    for m in models:
        events += m.streak_events()
    steps = []
    for m in models:
        t = m.tally(window.start, window.end)
        if m.step.dropped_on is not None and m.step.dropped_on <= window.start and not t.expected:
            continue
        steps.append(
            StepReport(
                m.step.id, m.step.title,
                m.schedule.text if m.schedule else f"due {m.step.due_date}",
                _round(t.expected), _round(t.done), _round(t.missed), _ratio(t.adherence),
                _streak(m.streak_events()),
            )
        )
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
        expected=_round(now.expected),
        done=_round(now.done),
        missed=_round(now.missed),
        adherence=_ratio(now.adherence),
        previous_adherence=_ratio(before.adherence),
        streak=_streak(events),
        strength=strength(weekly),
        trend=[_ratio(a) for a in trend],
        steps=steps,
    )


def _round(x: float) -> float:
    return round(float(x), 2)


def _ratio(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


# ------------------------------------------------------------------ signals


def _pick(code: str, key: str, **values: object) -> str:
    """A question for ``code``, chosen by a stable hash so the same data asks the same."""
    options = QUESTIONS[code]
    template = options[zlib.crc32(f"{code}|{key}".encode()) % len(options)]
    return template.format(**values)


def _n(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.1f}"


def _planned(g: GoalReport) -> str:
    if len(g.steps) == 1:
        return f"planned '{g.steps[0].title}'"
    return "planned steps"


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{round(100 * x)}%"


def signals_for(
    client: ClientIn,
    goals: Sequence[tuple[GoalIn, GoalReport]],
    window: Window,
    as_of: date,
    settings: Mapping[str, float],
) -> list[Signal]:
    """Every signal of SPEC section 4 that the figures support, in report order."""
    s = {**DEFAULT_SETTINGS, **settings}
    when = window.phrase()
    out: list[Signal] = []
    end = min(window.end, as_of)

    def add(code: str, goal: GoalReport | None, severity: Severity, evidence: str, **kw: object) -> None:
        title = goal.title if goal else ""
        key = f"{client.name}|{goal.id if goal else '-'}|{window.start.isoformat()}"
        question = _pick(code, key, goal=title, name=client.name, **kw)
        out.append(Signal(code, goal.id if goal else None, severity, evidence, question))

    active = [(gi, g) for gi, g in goals if gi.status == "active"]
    for gi, g in goals:
        if gi.status == "achieved" and window.start <= gi.status_on <= window.end:
            add("achieved", g, "celebrate", f"'{g.title}' was marked achieved on {gi.status_on}.")
    for gi, g in active:
        adh, prev = g.adherence, g.previous_adherence
        planned = _planned(g)
        if g.streak >= s["streak.min"]:
            add("streak", g, "celebrate",
                f"The last {g.streak} planned occurrences of '{g.title}' were all done.")
        if adh is not None and prev is not None and adh - prev >= s["improving.rise"] - 1e-9:
            add("improving", g, "celebrate",
                f"Adherence on '{g.title}' rose from {_pct(prev)} to {_pct(adh)} {when}.")
        if (
            g.importance is not None
            and g.importance >= s["say_do_gap.importance"]
            and adh is not None
            and adh < s["say_do_gap.adherence"]
            and g.expected >= s["say_do_gap.expected"]
        ):
            add("say_do_gap", g, "attention",
                f"Rated {g.importance}/10 important; {_n(g.done)} of {_n(g.expected)} {planned} "
                f"done {when}.", importance=g.importance)
        if adh is not None and prev is not None and prev - adh >= s["slipping.drop"] - 1e-9:
            add("slipping", g, "attention",
                f"Adherence on '{g.title}' fell from {_pct(prev)} to {_pct(adh)} {when}.")
        if gi.steps:
            since = gi.last_done
            idle = (end - since).days if since else None
            first_start = min(st.start_date for st in gi.steps)
            if since is None and (end - first_start).days >= s["stalled.days"]:
                add("stalled", g, "attention",
                    f"No step of '{g.title}' has been done since it was planned on {first_start}.")
            elif idle is not None and idle >= s["stalled.days"]:
                add("stalled", g, "attention",
                    f"No step of '{g.title}' done for {idle} days (last on {since}).", days=idle)
        for st in gi.steps:
            if (
                st.schedule is None
                and st.due_date is not None
                and st.due_date < end
                and (st.dropped_on is None or st.dropped_on > st.due_date)
                and (st.first_done is None)
            ):
                days = (end - st.due_date).days
                add("overdue", g, "attention",
                    f"'{st.title}' was due on {st.due_date} ({days} day{'' if days == 1 else 's'} ago) "
                    "and is not done yet.",
                    step=st.title)
        if g.confidence is not None and g.confidence <= s["low_confidence.max"]:
            add("low_confidence", g, "attention",
                f"Confidence in '{g.title}' is {g.confidence}/10.", confidence=g.confidence)
        if gi.should and adh is not None and adh < s["should_goal.adherence"]:
            add("should_goal", g, "attention",
                f"'{g.title}' is marked as a should; {_n(g.done)} of {_n(g.expected)} {planned} "
                f"done {when}.")
        live_steps = [
            st for st in gi.steps
            if (st.dropped_on is None or st.dropped_on > end)
            and (st.until_date is None or st.until_date >= end)
            and (st.schedule is not None or st.first_done is None)
        ]
        if not live_steps:
            add("no_plan", g, "attention", f"'{g.title}' is active but has no active step.")
    rated = [(gi, g) for gi, g in active if g.importance is not None and g.adherence is not None]
    if len(rated) >= 2:
        top = max(rated, key=lambda p: (p[1].importance or 0, -p[1].id))[1]
        if top.adherence is not None and top.adherence < s["priority_inversion.low"]:
            thriving = [
                g for _, g in rated
                if (g.importance or 0) < (top.importance or 0)
                and g.adherence is not None and g.adherence >= s["priority_inversion.high"]
            ]
            if thriving:
                other = thriving[0]
                add("priority_inversion", top, "attention",
                    f"'{top.title}' is rated most important ({top.importance}/10) at "
                    f"{_pct(top.adherence)} adherence, while '{other.title}' "
                    f"({other.importance}/10) is at {_pct(other.adherence)} {when}.",
                    other=other.title)
    last = client.last_activity
    quiet_since = last or client.created_on
    quiet_days = (end - quiet_since).days
    if quiet_days >= s["quiet.days"]:
        evidence = (
            f"No action or check-in from {client.name} for {quiet_days} days (last on {last})."
            if last else f"Nothing logged by {client.name} since they were added on {client.created_on}."
        )
        add("quiet", None, "attention", evidence, days=quiet_days)
    rank = {code: i for i, code in enumerate(SIGNAL_ORDER)}
    out.sort(key=lambda sig: (rank[sig.code], sig.goal_id or 0))
    return out


# ------------------------------------------------------------------ clients


def client_report(
    client: ClientIn, window: Window, as_of: date, settings: Mapping[str, float] | None = None
) -> ClientReport:
    """Everything the report says about one client for ``window``."""
    pairs = [(g, goal_report(g, window, as_of)) for g in client.goals]
    shown = [
        (gi, g) for gi, g in pairs
        if gi.status in ("active", "paused") or window.start <= gi.status_on <= window.end
    ]
    signals = signals_for(client, shown, window, as_of, settings or {})
    total = Tally()
    for _, g in shown:
        total = total + Tally(g.expected, g.done, g.missed)
    in_window = [c for c in client.checkins if window.start <= c.on_date <= window.end]
    wins = [w for c in in_window for w in c.wins]
    obstacles = [o for c in in_window for o in c.obstacles]
    grouped: dict[tuple[str, str], list[date]] = {}
    for day, title, note in client.miss_notes:
        grouped.setdefault((note, title), []).append(day)
    obstacles += [
        f"{note} ({title}: {', '.join(d.isoformat() for d in days)})"
        for (note, title), days in grouped.items()
    ]
    commitments: list[str] = []
    for c in reversed(client.checkins):
        if c.commitments and c.on_date <= window.end:
            commitments = list(c.commitments)
            break
    attention = sum(ATTENTION_WEIGHT.get(sig.code, 0) for sig in signals)
    return ClientReport(
        name=client.name,
        expected=_round(total.expected),
        done=_round(total.done),
        missed=_round(total.missed),
        adherence=_ratio(total.adherence),
        attention=attention,
        last_activity=client.last_activity,
        goals=[g for _, g in shown],
        signals=signals,
        wins=wins,
        obstacles=obstacles,
        commitments=commitments,
    )


def caseload_order(reports: Sequence[ClientReport]) -> list[ClientReport]:
    """Most attention needed first; then lower adherence; then by name."""
    return sorted(
        reports,
        key=lambda r: (-r.attention, r.adherence if r.adherence is not None else 2.0, r.name.lower()),
    )
