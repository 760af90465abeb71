"""``coach habit STEP``: one step's calendar, streaks, score over time and weekdays, in words.

The calendar is a heatmap of weeks (columns) by weekday (rows), as a wall
calendar's year view or a code host's contribution graph: one symbol a day,
so it reads the same in colour, in a mail and in Markdown.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from coachcli.domain.habit import Habit
from coachcli.domain.logged import format_amount
from coachcli.domain.measure import MeasurePeriod
from coachcli.domain.reporting import three_places
from coachcli.domain.schedule import parse_schedule
from coachcli.render.amounts import amount
from coachcli.render.charts import span
from coachcli.render.document import Block, Column, Document, Fields, Grid, Styled, Table, Tone
from coachcli.render.figures import pct
from coachcli.render.report import sparkline

#: How each state of a day shows on the terminal calendar: (symbol, tone, words).
SYMBOLS: dict[str, tuple[str, Tone, str]] = {
    "done": ("■", "good", "done"),
    "missed": ("x", "attention", "missed"),
    "open": ("□", "plain", "planned, not logged"),
    "skipped": ("-", "muted", "set aside"),
    "pending": ("○", "heading", "today"),
    "free": ("·", "muted", "any day counts"),
    "off": (" ", "plain", "not planned"),
    # A measured step's days (a day period judged, or a day of a week or month period).
    "met": ("■", "good", "reached"),
    "within": ("■", "good", "within the limit"),
    "short": ("x", "attention", "short of it"),
    "over": ("x", "attention", "over the limit"),
    "unknown": ("?", "muted", "not logged"),
    "logged": ("■", "good", "logged"),
    "unlogged": ("·", "muted", "nothing logged that day"),
}
#: How a measured period's state reads in the amounts table.
PERIOD_WORDS = {"met": "reached", "short": "short", "within": "within", "over": "over",
                "unknown": "nothing logged", "under_way": "under way"}
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
#: Weeks of the score shown as a table.
SCORE_ROWS = 8


def plan_text(h: Habit) -> str:
    if h.measure is not None:
        return h.measure.describe()
    if h.schedule is not None:
        return parse_schedule(h.schedule).describe()
    return f"once, due {h.due_date.isoformat()}" if h.due_date else "no plan"


def calendar_rows(h: Habit) -> list[list[Styled]]:
    """The heatmap: a row of month names, then one row a weekday, two characters a week."""
    weeks = [h.days[i:i + 7] for i in range(0, len(h.days), 7)]
    months = [" "] * (4 + 2 * len(weeks))
    free_from = 0
    for k, week in enumerate(weeks):
        # A month is named over the week holding its 1st (the first week: its own month).
        first = next((d for d, _ in week if d.day == 1), week[0][0] if k == 0 else None)
        if first is None:
            continue
        at = 4 + 2 * k
        name = f"{first:%b}"
        if at >= free_from:
            months[at:at + len(name)] = list(name)
            free_from = at + len(name) + 1
    rows = [[Styled("".join(months).rstrip(), "muted")]]
    for wd in range(7):
        row = [Styled(f"{WEEKDAYS[wd]} ", "muted")]
        for week in weeks:
            if wd < len(week):
                symbol, tone, _ = SYMBOLS[week[wd][1]]
                row.append(Styled(symbol, tone))
                row.append(Styled(" "))
        rows.append(row)
    return rows


def _legend(h: Habit) -> str:
    seen = {state for _, state in h.days}
    return "  ".join(f"{SYMBOLS[s][0]} {SYMBOLS[s][2]}" for s in SYMBOLS if s in seen and s != "off")


def habit_document(h: Habit) -> Document:
    """The habit view: the step, its streaks and score, its calendar, its weeks and weekdays."""
    score = h.weeks[-1].score if h.weeks else 0
    back = h.weeks[-5].score if len(h.weeks) >= 5 else None
    trend = sparkline([w.score / 100 for w in h.weeks])
    weeks_said = "1 week" if len(h.weeks) == 1 else f"{len(h.weeks)} weeks"
    info = Fields(
        f"Step {h.step_id}: {h.title}",
        [("Goal", f"{h.goal_id} {h.goal}"), ("When", plan_text(h)),
         ("Current streak", h.current_streak),
         ("Best streak", f"{h.best_streak} (since {h.since.isoformat()})"),
         ("Habit score", f"{score} of 100" + (f", {back} four weeks before" if back is not None else "")),
         (f"Score, {weeks_said}", trend)],
    )
    first = h.days[0][0] if h.days else h.end
    calendar = Grid(f"Calendar, {first.isoformat()} to {h.end.isoformat()}", calendar_rows(h),
                    _legend(h))
    # A measured step's block counts its periods judged in the block, and those that reached it;
    # its % is their credit, as the report's (13 of 20 km is 65%, though not met).
    done_head, planned_head = ("Done", "Planned") if h.measure is None else (
        "Within" if h.measure.kind == "at_most" else "Met", "Periods")
    weeks = Table(
        "Week by week",
        [Column("Week"), Column(done_head, "right"), Column(planned_head, "right"), Column("%", "right"),
         Column("Score", "right")],
        [[span(w.start, w.end), w.done, w.expected if w.expected or not h.quota else "-",
          pct((w.done if h.measure is None else w.credit) / w.expected) if w.expected else "-", w.score]
         for w in h.weeks[-SCORE_ROWS:]],
    )
    days = Table(
        "By weekday",
        [Column("Day"), Column("Done", "right"), Column("Planned", "right"), Column("%", "right")],
        [[WEEKDAYS[i], done, planned or "-", pct(done / planned) if planned else "-"]
         for i, (planned, done) in enumerate(h.weekdays)],
    )
    blocks: list[Block] = [info, calendar, *([] if h.measure is None else [_amounts_table(h)]), weeks,
                           days]
    return Document(blocks, data=habit_json(h))


def _period(p: MeasurePeriod) -> str:
    return p.start.isoformat() if p.start == p.end else span(p.start, p.end)


def _amounts_table(h: Habit) -> Table:
    """A measured step's recent periods: what was logged against what each asked for."""
    assert h.measure is not None
    head = "At least" if h.measure.kind == "at_least" else "At most"
    rows = [
        [_period(p), amount(p.amount, p.unit) if p.logged else "-", format_amount(p.target, 2),
         PERIOD_WORDS[p.state(_seen(h))]]
        for p in h.periods[-SCORE_ROWS:]]
    return Table(f"Amounts, {h.measure.unit} a {h.measure.period}",
                 [Column(h.measure.period.capitalize()), Column("Amount", "right"), Column(head, "right"),
                  Column("")], rows)


def _seen(h: Habit) -> date:
    return h.end if h.seen is None else h.seen


def _d(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


def habit_json(h: Habit) -> dict[str, Any]:
    return {
        "step_id": h.step_id, "title": h.title, "goal_id": h.goal_id, "goal": h.goal,
        "schedule": h.schedule, "due_date": _d(h.due_date), "end": h.end.isoformat(),
        "current_streak": h.current_streak, "best_streak": h.best_streak, "since": h.since.isoformat(),
        "score": h.weeks[-1].score if h.weeks else 0,
        "days": [{"date": d.isoformat(), "state": s}
                 | ({} if h.measure is None else {"amount": h.amounts.get(d)}) for d, s in h.days],
        "weeks": [{"start": w.start.isoformat(), "end": w.end.isoformat(), "expected": w.expected,
                   "done": w.done, "score": w.score}
                  | ({} if h.measure is None else {"credit": three_places(w.credit)}) for w in h.weeks],
        "weekdays": [{"day": WEEKDAYS[i], "planned": p, "done": d} for i, (p, d) in enumerate(h.weekdays)],
        **({} if h.measure is None else {
            "measure": {"kind": h.measure.kind, "target": h.measure.target, "unit": h.measure.unit,
                        "period": h.measure.period},
            "periods": [{"start": p.start.isoformat(), "end": p.end.isoformat(), "target": round(p.target, 6),
                         "amount": p.amount, "credit": None if p.credit is None else three_places(p.credit),
                         "state": p.state(_seen(h)),
                         "unlogged_days": p.unlogged} for p in h.periods]}),
    }
