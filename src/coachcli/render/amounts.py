"""A measured step's figures in words a person can say aloud.

"35 of 50 km this week, 15 to go in 3 days"; "at most 2 coffees a day: 5 of
7 days within it, 1 day not logged"; "most: 3.5 km on Sunday". Every figure
comes from the step's periods (:mod:`coachcli.domain.measure`), the same
periods the report's counts, streak and habit score read.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from coachcli.domain.logged import format_amount, unit_for
from coachcli.domain.measure import Measure, MeasurePeriod
from coachcli.domain.reporting import ClientReport, GoalReport, StepReport
from coachcli.render.document import Item, Items

_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def amount(x: float, unit: str, places: int = 3) -> str:
    return f"{format_amount(x, places)} {unit_for(round(x, places), unit)}"


def seen_day(as_of: date, window_end: date) -> date:
    """The day periods are judged against: today, or the day after a past window's end."""
    return min(as_of, window_end + timedelta(days=1))


def period_name(p: MeasurePeriod, today: date) -> str:
    """"today", "this week", "the week of 2026-11-30", "2026-12-03"."""
    if p.start == p.end:
        return "today" if p.start == today else f"{_DAY_NAMES[p.start.weekday()]} {p.start.isoformat()}"
    this = p.start <= today <= p.end
    if (p.end - p.start).days == 6:
        return "this week" if this else f"the week of {p.start.isoformat()}"
    return "this month" if this else p.start.strftime("%B %Y")


def under_way(p: MeasurePeriod, today: date) -> str:
    """A period not over yet: "35 of 50 km this week, 15 to go in 3 days"."""
    name = period_name(p, today)
    left = max(0, (p.end - today).days + 1) if p.end >= today else 0
    if p.kind == "at_least":
        need = p.target - p.amount
        text = f"{format_amount(p.amount)} of {amount(p.target, p.unit, 2)} {name}"
        if need > 0 and left:
            text += f", {format_amount(need, 2)} to go" + (f" in {days(left)}" if p.start != p.end else "")
        return text
    text = f"{amount(p.amount, p.unit)} {name} so far, at most {format_amount(p.target, 2)}"
    if p.logged == 0:
        text = f"nothing logged {name} yet, at most {amount(p.target, p.unit)}"
    return text


def judged_summary(m: Measure, periods: Sequence[MeasurePeriod], today: date) -> str:
    """The periods over (or met) in the window, counted: "5 of 7 days within it, 1 day not logged"."""
    over = [p for p in periods if p.state(today) != "under_way"]
    if not over:
        return ""
    word = "days" if m.period == "day" else f"{m.period}s"
    one = m.period
    unknown = [p for p in over if p.state(today) == "unknown"]
    known = [p for p in over if p.state(today) != "unknown"]
    if m.kind == "at_least":
        met = sum(1 for p in known if p.state(today) == "met")
        text = f"{met} of {len(over)} {word if len(over) != 1 else one} reached it"
        if m.period != "day":
            text = "; ".join(f"{format_amount(p.amount)} of {amount(p.target, m.unit, 2)} "
                             f"{period_name(p, today)}" for p in over[-2:])
        unlogged = sum(p.unlogged for p in over)
        if unlogged and m.period == "day":
            text += f", {days(unlogged)} not logged"
        return text
    within = sum(1 for p in known if p.state(today) == "within")
    text = f"{within} of {len(over)} {word if len(over) != 1 else one} within it"
    overs = len(known) - within
    if overs:
        text += f", over on {overs}"
    if unknown:
        text += f", {len(unknown)} {one if len(unknown) == 1 else word} not logged"
    if m.period != "day":
        unlogged = sum(p.unlogged for p in over)
        if unlogged:
            text += f" ({days(unlogged)} with nothing logged)"
    return text


def most(periods: Sequence[MeasurePeriod], unit: str, today: date) -> str:
    """The biggest day of the window: "most: 3.5 km on Sunday"."""
    best: tuple[date, float] | None = None
    for p in periods:
        if p.best_day is not None and p.best_day[1] > 0 and (best is None or p.best_day[1] > best[1]):
            best = p.best_day
    if best is None:
        return ""
    on = "today" if best[0] == today else _DAY_NAMES[best[0].weekday()]
    return f"most: {amount(best[1], unit)} on {on}"


def measured_block(goals: Sequence[GoalReport], as_of: date, window_end: date) -> Items | None:
    """"Measured steps": one line per measured step of ``goals``, None when there is none."""
    items = [Item(f"{s.title} ({g.title})", step_sentence(s, as_of, window_end))
             for g in goals for s in g.steps if s.measure is not None]
    return Items("Measured steps", items) if items else None


def step_sentence(s: StepReport, as_of: date, window_end: date) -> str:
    """Everything the report says of one measured step, in one line."""
    m = s.measure
    assert m is not None
    today = seen_day(as_of, window_end)
    parts = [judged_summary(m, s.periods, today)]
    current = [p for p in s.periods if p.state(today) == "under_way" and p.start <= today]
    parts += [under_way(p, today) for p in current]
    parts.append(most(s.periods, m.unit, today))
    said = "; ".join(p for p in parts if p)
    return f"{m.describe()}: {said}" if said else f"{m.describe()}: nothing to judge yet"


def nothing_planned(c: ClientReport, as_of: date, window_end: date, default: str) -> str:
    """``default`` ("Nothing was planned in this window"), unless a measured step's days had
    nothing logged: then nothing was judged, and saying nothing was planned would be untrue."""
    seen = seen_day(as_of, window_end)
    titles = [f"'{s.title}'" for g in c.goals for s in g.steps if s.measure is not None
              and any(p.end <= window_end and p.state(seen) == "unknown" for p in s.periods)]
    if not titles:
        return default
    return f"Nothing to judge: nothing was logged for {', '.join(titles)}"
