"""The report as blocks for the rich, text and markdown formats.

Laid out for a coach reading on a Monday morning: per client a one-line
summary, a goal table (fits 80 columns), what is working (celebrations come
first, to support self-efficacy), what is worth exploring with the question to
ask, and the client's own words from check-ins.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from coachcli.domain.reporting import ClientReport, GoalReport, Report, Window
from coachcli.render.document import Cell, Column, Document, Item, Items, Para, Styled, Table, Title
from coachcli.render.figures import pct
from coachcli.render.signals import Said, said

#: Version of the JSON document ``coach report --format json`` prints.
REPORT_SCHEMA_VERSION = 1

SPARKS = "▁▂▃▄▅▆▇█"

LABELS = {
    "say_do_gap": "Say-do gap",
    "slipping": "Slipping",
    "stalled": "Stalled",
    "overdue": "Overdue",
    "low_confidence": "Low confidence",
    "should_goal": "Whose goal?",
    "priority_inversion": "Priorities",
    "no_plan": "No plan",
    "quiet": "Quiet",
    "streak": "Streak",
    "improving": "Improving",
    "achieved": "Achieved",
}


def sparkline(values: list[float | None]) -> str:
    """Weekly adherence as block characters; a dot where nothing was expected."""
    return "".join(
        "·" if v is None else SPARKS[min(len(SPARKS) - 1, int(v * (len(SPARKS) - 1) + 0.5))]
        for v in values
    )


def rating(value: int | None, change: int | None) -> str:
    if value is None:
        return "-"
    if not change:
        return str(value)
    return f"{value}{'↑' if change > 0 else '↓'}{abs(change)}"


def adherence_tone(x: float | None) -> str:
    return "muted" if x is None else "good" if x >= 0.8 else "attention" if x < 0.5 else "plain"


def window_title(w: Window) -> str:
    if w.days == 7 and w.start.weekday() == 0:
        year, week, _ = w.start.isocalendar()
        return f"week {year}-W{week:02d} ({w.start} to {w.end})"
    return f"{w.start} to {w.end}"


def goal_table(c: ClientReport) -> Table:
    rows: list[list[Cell]] = []
    for g in c.goals:
        tag = f" ({g.status})" if g.status != "active" else " (should)" if g.should else ""
        rows.append(
            [
                Title(f"{g.id} {g.title}", tag),
                f"{g.done}/{g.expected}" if g.expected else "-",
                Styled(pct(g.adherence), adherence_tone(g.adherence)),  # type: ignore[arg-type]
                rating(g.importance, g.importance_change),
                rating(g.confidence, g.confidence_change),
                g.streak,
                g.strength,
                sparkline(g.trend),
            ]
        )
    return Table(
        None,
        [Column("Goal", shrink=True), Column("Done", "right"), Column("Adh", "right"),
         Column("Imp", "right"),
         Column("Conf", "right"), Column("Streak", "right"), Column("Habit", "right"),
         Column("8 weeks")],
        rows,
        empty="No active goals.",
    )


def signal_item(s: Said, goals: dict[int, GoalReport], *, ask: bool = True) -> Item:
    label = LABELS.get(s.code, s.code)
    if s.goal_id is not None and s.goal_id in goals:
        label += f" · {goals[s.goal_id].title}"
    tone = "good" if s.severity == "celebrate" else "attention"
    return Item(label, s.evidence, s.question if ask else None, tone)  # type: ignore[arg-type]


def client_blocks(c: ClientReport, w: Window, *, heading: bool = True) -> list[object]:
    blocks: list[object] = []
    if heading:
        summary = (
            f"{c.name}: {pct(c.adherence)} of planned steps done ({c.done} of {c.expected})"
            if c.expected else f"{c.name}: nothing was planned in this window"
        )
        blocks.append(Para(summary, "heading"))
    blocks.append(goal_table(c))
    goals = {g.id: g for g in c.goals}
    words_of = said(c, w)
    good = [signal_item(s, goals) for s in words_of if s.severity == "celebrate"]
    worth = [signal_item(s, goals) for s in words_of if s.severity == "attention"]
    if good:
        blocks.append(Items("What's working", good))
    if worth:
        blocks.append(Items("Worth exploring", worth))
    words = [Item("Win", t, tone="good") for t in c.wins]
    words += [Item("Obstacle", t, tone="muted") for t in c.obstacles]
    words += [Item("Set aside", t, tone="muted") for t in c.set_aside]
    words += [Item("Commitment", t) for t in c.commitments]
    if words:
        blocks.append(Items("In their words", words))
    return blocks


def caseload_table(report: Report) -> Table:
    rows: list[list[Cell]] = []
    for c in report.clients:
        attention = [LABELS[s.code] for s in c.signals if s.severity == "attention"]
        good = [LABELS[s.code] for s in c.signals if s.severity == "celebrate"]
        rows.append(
            [
                c.name,
                Styled(pct(c.adherence), adherence_tone(c.adherence)),  # type: ignore[arg-type]
                c.last_activity.isoformat() if c.last_activity else "never",
                Title(", ".join(dict.fromkeys(attention)) or "-", tone="attention" if attention else "muted",
                      unit=", "),
                Title(", ".join(dict.fromkeys(good)) or "-", tone="good" if good else "muted", unit=", "),
            ]
        )
    return Table(
        None,
        [Column("Client", shrink=True), Column("Adh", "right"), Column("Last seen"),
         Column("Worth exploring", shrink=True), Column("Working", shrink=True)],
        rows,
        empty="No active clients.",
    )


def report_document(report: Report) -> Document:
    """Blocks for rich/text/markdown, and the documented JSON as ``data``."""
    w = report.window
    blocks: list[object] = []
    if report.caseload:
        blocks.append(Para(f"Caseload report, {window_title(w)}", "heading"))
        blocks.append(caseload_table(report))
        for c in report.clients:
            blocks += client_blocks(c, w)
    else:
        for c in report.clients:
            blocks.append(Para(f"Report for {c.name}, {window_title(w)}", "heading"))
            blocks += client_blocks(c, w, heading=False)
            summary = (
                f"{pct(c.adherence)} of planned steps done ({c.done} of {c.expected})."
                if c.expected else "Nothing was planned in this window."
            )
            blocks.insert(1, Para(summary))
    return Document(blocks, data=lambda: report_json(report))  # type: ignore[arg-type]


def report_json(report: Report) -> dict[str, Any]:
    """The documented JSON shape (SPEC section 4; schema in ``report.schema.json``)."""
    return {
        "schema_version": REPORT_SCHEMA_VERSION,
        "generated_at": report.generated_at,
        "window": {"start": report.window.start.isoformat(), "end": report.window.end.isoformat()},
        "clients": [
            {
                "name": c.name,
                "adherence": c.adherence,
                "expected": c.expected,
                "done": c.done,
                "missed": c.missed,
                "attention": c.attention,
                "last_activity": c.last_activity.isoformat() if c.last_activity else None,
                "goals": [dataclasses.asdict(g) for g in c.goals],
                "signals": [s._asdict() for s in said(c, report.window)],
                "wins": c.wins,
                "obstacles": c.obstacles,
                "set_aside": c.set_aside,
                "commitments": c.commitments,
            }
            for c in report.clients
        ],
    }
