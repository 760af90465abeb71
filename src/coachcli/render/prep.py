"""``coach prep`` as blocks: acknowledge first, then what got in the way, then questions."""

from __future__ import annotations

from coachcli.domain.reporting import Prep, Window
from coachcli.render.document import Column, Document, Item, Items, Para, Table
from coachcli.render.report import goal_table, signal_item
from coachcli.render.signals import said

#: The first question of every session: the client's own agenda.
OPENING = "What would you like to focus on today?"


def prep_questions(p: Prep) -> list[str]:
    """Their agenda first, then how the last commitments went, then each signal's question."""
    questions = [OPENING]
    if p.last_commitments:
        questions.append("Last time you planned: " + "; ".join(p.last_commitments) + ". How did that go?")
    return questions + [s.question for s in said(p.report, Window(p.since, p.until))]


def prep_document(p: Prep) -> Document:
    span = (
        f"since the last session on {p.last_session}" if p.last_session
        else f"the last {(p.until - p.since).days + 1} days (no session recorded yet)"
    )
    r = p.report
    blocks: list[object] = [
        Para(f"Session prep for {p.client}: {span}", "heading"),
        goal_table(r),
    ]
    goals = {g.id: g for g in r.goals}
    words_of = said(r, Window(p.since, p.until))
    questions = prep_questions(p)
    good = [signal_item(s, goals, ask=False) for s in words_of if s.severity == "celebrate"]
    good += [Item("Win", w, tone="good") for w in r.wins]
    blocks.append(Items("To acknowledge", good, empty="Nothing logged as a win yet."))
    misses = [Item(d.isoformat(), f"{title}: {note}", tone="muted") for d, title, note in p.misses]
    misses += [Item("Obstacle", o, tone="muted") for o in p.obstacles]
    blocks.append(Items("What got in the way", misses, empty="No misses with a reason."))
    if p.skips:
        # Excused on purpose (sick, travelling): not an obstacle, and not asked about as one.
        blocks.append(Items("Set aside", [Item(d.isoformat(), f"{title}: {note}", tone="muted")
                                          for d, title, note in p.skips]))
    if p.rating_changes:
        blocks.append(
            Table(
                "Rating changes",
                [Column("Date"), Column("Goal", shrink=True), Column("Ruler"), Column("From", "right"),
                 Column("To", "right")],
                [[c.on_date.isoformat(), f"{c.goal} ({c.goal_id})", c.what, c.before, c.after]
                 for c in p.rating_changes],
            )
        )
    worth = [signal_item(s, goals, ask=False) for s in words_of if s.severity == "attention"]
    if worth:
        blocks.append(Items("Worth exploring", worth))
    if p.last_commitments:
        blocks.append(Items("Their last commitments", [Item("", c) for c in p.last_commitments]))
    blocks.append(Items("Questions to ask", [Item(str(i), q) for i, q in enumerate(questions, 1)]))
    data = {
        "client": p.client,
        "since": p.since,
        "until": p.until,
        "last_session": p.last_session,
        "goals": r.goals,
        "signals": words_of,
        "wins": r.wins,
        "misses": [{"on_date": d, "step": t, "reason": n} for d, t, n in p.misses],
        "obstacles": r.obstacles,
        "set_aside": [{"on_date": d, "step": t, "reason": n} for d, t, n in p.skips],
        "rating_changes": p.rating_changes,
        "last_commitments": p.last_commitments,
        "questions": questions,
    }
    return Document(blocks, data=data)  # type: ignore[arg-type]
