"""The report as blocks for the rich, text and markdown formats.

Laid out for a coach reading on a Monday morning: per client a one-line
summary, a goal table (fits 80 columns), what is working (celebrations come
first, to support self-efficacy), what is worth exploring with the question to
ask, and the client's own words from check-ins.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from coachcli.domain.records import Session
from coachcli.domain.reporting import (
    ClientReport,
    FollowThrough,
    GoalReport,
    Report,
    Returning,
    StepReport,
    Window,
    three_places,
)
from coachcli.render.amounts import measured_block, nothing_planned, seen_day
from coachcli.render.document import Cell, Column, Document, Item, Items, Para, Styled, Table, Title
from coachcli.render.figures import pct
from coachcli.render.signals import Said, label, said
from coachcli.render.voice import Voice, day_month

#: Version of the JSON document ``coach report --format json`` prints.
REPORT_SCHEMA_VERSION = 1

SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float | None]) -> str:
    """Weekly share of planned steps done, as block characters; a dot where nothing was planned."""
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


def share_tone(x: float | None) -> str:
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
                Styled(pct(g.adherence), share_tone(g.adherence)),  # type: ignore[arg-type]
                rating(g.importance, g.importance_change),
                rating(g.confidence, g.confidence_change),
                g.streak,
                g.strength,
                sparkline(g.trend),
            ]
        )
    return Table(
        None,
        # The title wraps; ratings nobody gave and the wide "Done/plan" header give way first.
        [Column("Goal", wrap=True), Column("Done/plan", "right", low=True), Column("%", "right"),
         Column("Imp", "right", low=True), Column("Conf", "right", low=True),
         Column("Streak", "right"), Column("Habit", "right"), Column("8 weeks")],
        rows,
        empty="No active goals.",
    )


def late_sentence(n: int, voice: Voice) -> str:
    """Dones logged in the window for occurrences due before it: said, and where they count."""
    steps = "1 step" if n == 1 else f"{n} steps"
    who = "You" if voice.to_reader else voice.name
    return (f"{who} also caught up on {steps} planned before this window; "
            f"{'it counts' if n == 1 else 'they count'} on the day {'it was' if n == 1 else 'they were'} "
            "planned for.")


def signal_item(s: Said, goals: dict[int, GoalReport], voice: Voice, *, ask: bool = True) -> Item:
    text = label(s.code, voice)
    if s.goal_id is not None and s.goal_id in goals:
        text += f" · {goals[s.goal_id].title}"
    tone = "good" if s.severity == "celebrate" else "attention"
    return Item(text, s.evidence, s.question if ask else None, tone)  # type: ignore[arg-type]


def returning_items(spell: Returning, voice: Voice, as_of: date, *, ask: bool = True) -> Items:
    """A welcome first, for a client coming back: what the spell was, and two ways back in."""
    if spell.reason == "set_aside":
        fact = f"{spell.set_aside} of {spell.planned} planned days were set aside"
        fact += f"; recorded again from {spell.back}." if spell.back else "."
    elif spell.last is None:
        fact = "Nothing recorded yet."
    elif spell.back is None:
        fact = f"Nothing recorded since {spell.last} ({(as_of - spell.last).days} days)."
    else:
        fact = f"Nothing recorded from {spell.last} to {spell.back}; recorded again from {spell.back}."
    since = f"since {day_month(spell.last, as_of)}" if spell.last else "lately"
    items = [
        Item("What happened", fact),
        Item("Welcome back", "A welcome first, before last time's plans.",
             f"What has been happening {since}?" if ask else None),
        Item("A first step", "Smaller than before is fine; a fresh start can be next Monday.",
             "What would a first step back look like, however small?" if ask else None),
    ]
    wait = ("Questions that weigh what was done against what matters wait until there is more "
            "since the return.")
    items.append(Item("For now", wait, tone="muted"))
    return Items("Coming back", items, follow_up_label=voice.ask)


def commitment_label(c: ClientReport) -> str:
    """"Commitment", with how sure the client was when they said so."""
    return "Commitment" if c.commitment_sure is None else f"Commitment ({c.commitment_sure}/10 sure)"


def done_summary(c: ClientReport) -> str:
    """"67% of planned steps done (2 of 8 in full, the rest in part)": measured periods count in part."""
    part = any(g.credit is not None for g in c.goals) and c.adherence is not None and c.expected and (
        three_places(c.done / c.expected) != c.adherence)
    return (f"{pct(c.adherence)} of planned steps done "
            f"({c.done} of {c.expected}{' in full, the rest in part' if part else ''})")


def client_blocks(c: ClientReport, w: Window, as_of: date, *, heading: bool = True) -> list[object]:
    voice = Voice.of(c.name)
    blocks: list[object] = []
    if heading:
        who = "You" if voice.to_reader else c.name
        summary = f"{who}: " + (done_summary(c) if c.expected else nothing_planned(
            c, as_of, w.end, "no steps were planned for these days").replace("Nothing", "nothing", 1))
        blocks.append(Para(summary, "heading"))
    if c.returning is not None and c.returning.holding:
        blocks.append(returning_items(c.returning, voice, as_of))
    blocks.append(goal_table(c))
    late = sum(g.done_late for g in c.goals)
    if late:
        blocks.append(Para(late_sentence(late, voice), "muted"))
    measured = measured_block(c.goals, as_of, w.end)
    if measured is not None:
        blocks.append(measured)
    goals = {g.id: g for g in c.goals}
    words_of = said(c, w, as_of=as_of)
    good = [signal_item(s, goals, voice) for s in words_of if s.severity == "celebrate"]
    welcomed = c.returning is not None and c.returning.holding  # its questions are asked above
    worth = [signal_item(s, goals, voice, ask=not (welcomed and s.code == "quiet"))
             for s in words_of if s.severity == "attention"]
    if good:
        blocks.append(Items("What's working", good, follow_up_label=voice.ask))
    if worth:
        blocks.append(Items("Worth exploring", worth, follow_up_label=voice.ask))
    words = [Item("Win", t, tone="good") for t in c.wins]
    words += [Item("Obstacle", t, tone="muted") for t in c.obstacles]
    words += [Item("Set aside", t, tone="muted") for t in c.set_aside]
    words += [Item(commitment_label(c), t) for t in c.commitments]
    if words:
        blocks.append(Items(f"In {voice.their} words", words))
    if c.sessions:
        blocks.append(Items("Sessions", [session_item(s) for s in c.sessions], follow_up_label="Agreed"))
    if any(f.sure is not None for f in c.follow_through):
        blocks.append(Items("Commitments by how sure", [
            Item(f"{f.sure}/10 sure" if f.sure is not None else "Not asked", follow_through_text(f))
            for f in c.follow_through]))
    return blocks


def caseload_table(report: Report) -> Table:
    rows: list[list[Cell]] = []
    for c in report.clients:
        voice = Voice.of(c.name)
        attention = [label(s.code, voice) for s in c.signals if s.severity == "attention"]
        good = [label(s.code, voice) for s in c.signals if s.severity == "celebrate"]
        rows.append(
            [
                c.name,
                Styled(pct(c.adherence), share_tone(c.adherence)),  # type: ignore[arg-type]
                c.last_activity.isoformat() if c.last_activity else "never",
                Title(", ".join(dict.fromkeys(attention)) or "-", tone="attention" if attention else "muted",
                      unit=", "),
                Title(", ".join(dict.fromkeys(good)) or "-", tone="good" if good else "muted", unit=", "),
            ]
        )
    return Table(
        None,
        # Names and signal lists wrap (a list between its items); what is working gives way first.
        [Column("Client", wrap=True), Column("Done", "right"), Column("Last seen"),
         Column("Worth exploring", wrap=True), Column("Working", wrap=True, low=True)],
        rows,
        empty="No active clients.",
    )


#: A report of a database where nothing is recorded yet: how to begin, not an error.
NOTHING_YET = ("Nothing recorded yet. Start with coach goal add TITLE (for yourself) or "
               "coach client add NAME (for a caseload); coach demo shows a full report.")


def report_document(report: Report) -> Document:
    """Blocks for rich/text/markdown, and the documented JSON as ``data``."""
    w = report.window
    blocks: list[object] = []
    if not report.caseload and not report.clients:
        blocks += [Para(f"Your report, {window_title(w)}", "heading"), Para(NOTHING_YET)]
    if report.caseload:
        blocks.append(Para(f"Caseload report, {window_title(w)}", "heading"))
        blocks.append(caseload_table(report))
        for c in report.clients:
            blocks += client_blocks(c, w, report.as_of)
    else:
        for c in report.clients:
            title = "Your report" if Voice.of(c.name).to_reader else f"Report for {c.name}"
            blocks.append(Para(f"{title}, {window_title(w)}", "heading"))
            blocks += client_blocks(c, w, report.as_of, heading=False)
            summary = (f"{done_summary(c)}." if c.expected else
                       nothing_planned(c, report.as_of, w.end, "No steps were planned for these days") + ".")
            blocks.insert(1, Para(summary))
    return Document(blocks, data=lambda: report_json(report))  # type: ignore[arg-type]


_MEASURED_ONLY = ("measure", "periods", "amount", "target", "credit", "best_before", "judged_before",
                  "recent")


def goal_json(g: GoalReport, as_of: date) -> dict[str, Any]:
    """A goal in the JSON: its fields; a measured step's amounts only on measured steps."""
    import dataclasses  # here: the text report does without it (and the inspect it imports)

    out = {f.name: getattr(g, f.name) for f in dataclasses.fields(g)}
    out["steps"] = [step_json(s, as_of) for s in g.steps]
    return out


def step_json(s: StepReport, as_of: date) -> dict[str, Any]:
    import dataclasses

    out = {f.name: getattr(s, f.name) for f in dataclasses.fields(s) if f.name not in _MEASURED_ONLY}
    m = s.measure
    if m is None:
        return out
    out.update(
        kind=m.kind, unit=m.unit, period=m.period, per_period=m.target, amount=s.amount,
        target=s.target, credit=s.credit,
        unknown=sum(1 for p in s.periods if p.state(as_of) == "unknown"),
        periods=[{"start": p.start.isoformat(), "end": p.end.isoformat(), "kind": p.kind, "unit": p.unit,
                  "target": round(p.target, 3), "amount": round(p.amount, 3),
                  "credit": None if p.credit is None else three_places(p.credit), "state": p.state(as_of),
                  "planned_days": p.planned, "logged_days": p.logged, "unlogged_days": p.unlogged}
                 for p in s.periods],
    )
    return out


def report_json(report: Report) -> dict[str, Any]:
    """The documented JSON shape (SPEC section 4; schema in ``report.schema.json``)."""
    import dataclasses

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
                "goals": [goal_json(g, seen_day(report.as_of, report.window.end)) for g in c.goals],
                "signals": [s._asdict() for s in said(c, report.window, as_of=report.as_of)],
                "wins": c.wins,
                "obstacles": c.obstacles,
                "set_aside": c.set_aside,
                "commitment_sure": c.commitment_sure,
                "follow_through": [{**dataclasses.asdict(f), "open": f.open} for f in c.follow_through],
                "commitments": c.commitments,
                "sessions": [session_json(s) for s in c.sessions],
                "returning": dataclasses.asdict(c.returning) if c.returning else None,
            }
            for c in report.clients
        ],
    }


def follow_through_text(f: FollowThrough) -> str:
    """How the commitments of one strength went, as marked: "3 made: 1 kept, 1 not looked at yet"."""
    parts = [f"{n} {what}" for n, what in ((f.kept, "kept"), (f.partly, "partly kept"),
                                           (f.not_kept, "not kept"), (f.open, "not looked at yet"))
             if n]
    return f"{f.made} made: {', '.join(parts)}"


def session_item(s: Session) -> Item:
    """A session in the report: its notes, whole, and what was agreed at it."""
    agreed = "; ".join(f"{c.ref} '{c.text}'" + (f" ({c.sure}/10 sure)" if c.sure is not None else "")
                       for c in s.agreed)
    return Item(str(s.on_date), s.note or "(no notes)", agreed or None)


def session_json(s: Session) -> dict[str, Any]:
    return {"on_date": s.on_date.isoformat(), "note": s.note,
            "next_session_on": s.next_session_on.isoformat() if s.next_session_on else None,
            "agreed": [{"ref": c.ref, "text": c.text, "sure": c.sure,
                        "due_date": c.due_date.isoformat() if c.due_date else None,
                        "outcome": c.outcome,
                        "outcome_on": c.outcome_on.isoformat() if c.outcome_on else None}
                       for c in s.agreed]}
