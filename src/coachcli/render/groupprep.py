"""The words and layout of ``coach group prep``: a page to read before a group session.

It says what the group may hear (see :mod:`coachcli.domain.groupprep`), so a
coach can read it out: figures of members who share, names only of members at
``named``. The JSON shape is ``group-prep.schema.json``.
"""

from __future__ import annotations

from coachcli.domain.groupprep import GroupPrep
from coachcli.render.document import Document, Item, Items, Para
from coachcli.render.groups import amount_words, celebration, did_words, plan_words, question


def _since(prep: GroupPrep) -> str:
    days = (prep.end - prep.start).days + 1
    span = f"{days} day{'s' if days != 1 else ''}, {prep.start:%d %b} to {prep.end:%d %b %Y}"
    if prep.last is None:
        return f"Since the group began: {span}."
    return f"Since the session of {prep.last.on_date:%d %b}: {span}."


def _members(n: int) -> str:
    return f"{n} member{'s' if n != 1 else ''}"


def _changes(prep: GroupPrep) -> list[Item]:
    c = prep.changes
    out: list[Item] = []
    if c.joined or c.joined_others:
        names = list(c.joined) + ([_members(c.joined_others) if not c.joined else
                                   f"{c.joined_others} more"] if c.joined_others else [])
        out.append(Item("Joined", ", ".join(names) + "."))
    if c.left or c.left_others:
        names = list(c.left) + ([_members(c.left_others) if not c.left else f"{c.left_others} more"]
                                if c.left_others else [])
        out.append(Item("Left", ", ".join(names) + "."))
    if c.sharing_changed:
        out.append(Item("Sharing", f"{_members(c.sharing_changed)} chose anew what the group sees."))
    for ch in c.challenges:
        out.append(Item("New challenge", f"{ch.title} ({plan_words(ch)}) from {ch.start_date:%d %b}."))
    return out


def group_prep_document(prep: GroupPrep) -> Document:
    """``coach group prep NAME``: the span's figures, wins, changes and one question."""
    report = prep.report
    blocks: list[Para | Items] = [Para(f"Group {prep.group}: before the next session", "heading"),
                                  Para(_since(prep))]
    if prep.last is not None and prep.last.note:
        blocks.append(Para(f"Last session's note: {prep.last.note}"))
    challenge = report.challenge
    measure = report.measure
    span = report.weeks[-1]
    if challenge is None:
        blocks.append(Para(f"No shared challenge yet (coach group step '{prep.group}' TITLE --every RULE)."))
    else:
        blocks.append(Para(f"Challenge: {challenge.title} ({plan_words(challenge)})"))
        line = f"Since then, {span.did} of {_members(span.counted)} {did_words(measure)}"
        if measure is not None:
            line += f"; together, the group logged {amount_words(span.amount or 0.0, measure)}"
        blocks.append(Para(line + "."))
    amounts = report.named_amounts or (None,) * len(report.named)
    wins = [celebration(name, amount, measure, "since then")
            for name, amount in zip(report.named, amounts, strict=True)]
    if wins:
        blocks.append(Items("Wins to mention", wins))
    changes = _changes(prep)
    if changes:
        blocks.append(Items("What changed", changes))
    else:
        blocks.append(Para("No one joined or left, and no one changed what they share.", "muted"))
    blocks.append(Para(f"A question for the group: {question(report)}"))
    c = prep.changes
    data: dict[str, object] = {
        "group": prep.group,
        "since": prep.start,
        "until": prep.end,
        "last_session": None if prep.last is None else {"on_date": prep.last.on_date, "note": prep.last.note},
        "challenge": None if challenge is None else {"title": challenge.title, "schedule": challenge.schedule,
                                                     "sensitive": challenge.sensitive},
        "figures": {"members": span.counted, "did": span.did, "done": span.done, "amount": span.amount},
        "wins": [{"name": n, "amount": a} for n, a in zip(report.named, amounts, strict=True)],
        "changes": {"joined": list(c.joined), "joined_others": c.joined_others, "left": list(c.left),
                    "left_others": c.left_others, "sharing_changed": c.sharing_changed,
                    "new_challenges": [ch.title for ch in c.challenges]},
        "question": question(report),
    }
    return Document(list(blocks), data=data)
