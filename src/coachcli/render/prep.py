"""``coach prep`` as blocks: acknowledge first, then what got in the way, then questions."""

from __future__ import annotations

from coachcli.prep import DEFAULT_SPAN_DAYS, Prep
from coachcli.render import Column, Document, Item, Items, Para, Table
from coachcli.render.report import goal_table, signal_item


def prep_document(p: Prep) -> Document:
    span = (
        f"since the last session on {p.last_session}" if p.last_session
        else f"the last {DEFAULT_SPAN_DAYS} days (no session recorded yet)"
    )
    r = p.report
    blocks: list[object] = [
        Para(f"Session prep for {p.client}: {span}", "heading"),
        goal_table(r),
    ]
    goals = {g.id: g for g in r.goals}
    good = [signal_item(s, goals, ask=False) for s in r.signals if s.severity == "celebrate"]
    good += [Item("Win", w, tone="good") for w in r.wins]
    blocks.append(Items("To acknowledge", good, empty="Nothing logged as a win yet."))
    misses = [Item(d.isoformat(), f"{title}: {note}", tone="muted") for d, title, note in p.misses]
    misses += [Item("Obstacle", o, tone="muted") for o in p.obstacles]
    blocks.append(Items("What got in the way", misses, empty="No misses with a reason."))
    if p.rating_changes:
        blocks.append(
            Table(
                "Rating changes",
                [Column("Date"), Column("Goal"), Column("Ruler"), Column("From", "right"),
                 Column("To", "right")],
                [[c.on_date.isoformat(), f"{c.goal} ({c.goal_id})", c.what, c.before, c.after]
                 for c in p.rating_changes],
            )
        )
    worth = [signal_item(s, goals, ask=False) for s in r.signals if s.severity == "attention"]
    if worth:
        blocks.append(Items("Worth exploring", worth))
    if p.last_commitments:
        blocks.append(Items("Their last commitments", [Item("", c) for c in p.last_commitments]))
    blocks.append(Items("Questions to ask", [Item(str(i), q) for i, q in enumerate(p.questions, 1)]))
    data = {
        "client": p.client,
        "since": p.since,
        "until": p.until,
        "last_session": p.last_session,
        "goals": r.goals,
        "signals": r.signals,
        "wins": r.wins,
        "misses": [{"on_date": d, "step": t, "reason": n} for d, t, n in p.misses],
        "obstacles": r.obstacles,
        "rating_changes": p.rating_changes,
        "last_commitments": p.last_commitments,
        "questions": p.questions,
    }
    return Document(blocks, data=data)  # type: ignore[arg-type]
