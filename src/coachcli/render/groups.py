"""The words and layout of ``coach group`` and the group report.

Peers read the group report: it names a member only at ``named`` (under their
pseudonym if they chose one), counts members at ``totals`` in the totals, and
says nothing of members at ``none``. ``coach_view`` adds every member's
figures, for the coach alone. The JSON shape is ``group-report.schema.json``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from coachcli.domain.grouprecords import Challenge, Group, GroupSession
from coachcli.domain.groups import GroupReport, GroupWeek, MemberWeek
from coachcli.domain.logged import unit_for
from coachcli.domain.measure import Measure, format_amount, measure_of
from coachcli.render.document import Column, Document, Fields, Item, Items, Para, Table

_LEVEL_WORDS = {
    "none": "none (the coach alone)",
    "totals": "totals (counted, not named)",
    "named": "named",
}


def groups_document(groups: Sequence[tuple[Group, int]]) -> Document:
    """``coach group list``: each group with how many members it has today."""
    return Document(
        [Table("Groups", [Column("Name", shrink=True), Column("Members", "right"), Column("Archived"),
                          Column("Note", wrap=True)],
               [[g.name, n, g.archived_on.isoformat() if g.archived_on else "", g.note or ""]
                for g, n in groups],
               empty="No groups yet. Start one with: coach group add NAME")],
        data=[{"id": g.id, "uuid": g.uuid, "name": g.name, "note": g.note, "archived_on": g.archived_on,
               "members": n} for g, n in groups],
    )


def group_document(group: Group, members: Sequence[tuple[str, date, date | None, str, str | None]],
                   challenges: Sequence[Challenge], sessions: Sequence[GroupSession] = ()) -> Document:
    """``coach group show``: members (every spell) with their sharing level today, and challenges."""
    info = Fields(group.name, [("Note", group.note or ""),
                               ("Archived", group.archived_on.isoformat() if group.archived_on else "")])
    people = Table(
        "Members",
        [Column("Member", shrink=True), Column("Joined"), Column("Left"), Column("Sharing"),
         Column("Shown as", shrink=True)],
        [[name, joined.isoformat(), left.isoformat() if left else "", _LEVEL_WORDS[level],
          shown or ""] for name, joined, left, level, shown in members],
        empty=f"No members yet. Add one with: coach group join '{group.name}' NAME",
    )
    shared = Table(
        "Challenges",
        [Column("Challenge", wrap=True), Column("Every"), Column("From"), Column("Sensitive")],
        [[c.title, c.schedule, c.start_date.isoformat(), "yes" if c.sensitive else ""] for c in challenges],
        empty=f"No challenge yet. Share one with: coach group step '{group.name}' TITLE --every RULE",
    )
    met = Table(
        "Sessions",
        [Column("Day"), Column("Note", wrap=True)],
        [[s.on_date.isoformat(), s.note or ""] for s in sessions],
        empty=f"No group session yet. Record one with: coach group session '{group.name}'",
    )
    return Document(
        [info, people, shared, met],
        data={"id": group.id, "uuid": group.uuid, "name": group.name, "note": group.note,
              "archived_on": group.archived_on,
              "members": [{"name": n, "joined_on": j, "left_on": left, "level": lv, "shown_as": s}
                          for n, j, left, lv, s in members],
              "challenges": [{"uuid": c.uuid, "title": c.title, "schedule": c.schedule,
                              "start_date": c.start_date, "sensitive": c.sensitive} for c in challenges],
              "sessions": [{"uuid": s.uuid, "on_date": s.on_date, "note": s.note} for s in sessions]},
    )


def _week(w: GroupWeek) -> str:
    return f"{w.start:%d %b} to {w.end:%d %b %Y}"


def did_words(measure: Measure | None) -> str:
    """What doing the challenge is called: done as often as asked, or its measure met."""
    if measure is None:
        return "did the challenge"
    return "met the challenge" if measure.kind == "at_least" else "kept within the challenge"


def plan_words(challenge: Challenge) -> str:
    measure = measure_of(challenge.schedule)
    return challenge.schedule if measure is None else measure.describe()


def amount_words(x: float, measure: Measure) -> str:
    """A figure a person says aloud: "143 km", "8.5 km", "1 glass"."""
    return f"{format_amount(x, 1)} {unit_for(round(x, 1), measure.unit)}"


def _together(weeks: Sequence[GroupWeek], measure: Measure) -> str:
    """The group's total for a measured challenge, and the week before's, said aloud."""
    now = weeks[-1]
    head = (f"Together, the group logged {amount_words(now.amount or 0.0, measure)}"
            f" in the week to {now.end:%d %b}")
    if len(weeks) < 2 or weeks[-2].counted == 0:
        return head + "."
    return f"{head} ({amount_words(weeks[-2].amount or 0.0, measure)} the week before)."


def _trend(weeks: Sequence[GroupWeek], measure: Measure | None = None) -> str:
    now = weeks[-1]
    head = (f"{now.did} of {now.counted} member{'s' if now.counted != 1 else ''} {did_words(measure)} "
            f"in the week to {now.end:%d %b}")
    if len(weeks) < 2 or weeks[-2].counted == 0:
        return head + "."
    before = weeks[-2]
    then = f"{before.did} of {before.counted}"
    share_now = now.did / now.counted if now.counted else 0.0
    share_then = before.did / before.counted
    if share_now > share_then:
        return f"{head}, up from {then} the week before."
    if share_now < share_then:
        return f"{head}, down from {then} the week before."
    return f"{head}, as the week before ({then})."


def question(report: GroupReport) -> str:
    """One open question for the group's next session."""
    weeks = report.weeks
    if report.challenge is None:
        return "What would the group like to try together over the coming weeks?"
    now = weeks[-1]
    if now.counted == 0:
        return "What would help the group start the challenge together?"
    if now.did == 0:
        return "What would make the challenge easier to fit into the coming week?"
    if len(weeks) >= 2 and weeks[-2].counted and now.did * weeks[-2].counted < weeks[-2].did * now.counted:
        return "What got in the way, and what could the group try in the coming week?"
    return "What helped, and what would the group like to keep doing?"


def _cell(cell: MemberWeek | None) -> str:
    if cell is None:
        return "·"
    if cell.target is not None:  # a measured challenge: logged of the week's target
        return f"{format_amount(cell.amount or 0.0, 1)}/{format_amount(cell.target, 1)}"
    return f"{cell.done}/{cell.planned}"


def celebration(name: str, amount: float | None, measure: Measure | None, when: str = "in the week") -> Item:
    """A named member who did the challenge, with their own amount for a measured one."""
    if measure is None or amount is None:
        return Item(name, "did the challenge as often as it asked" + ("." if when == "in the week"
                                                                    else f" {when}."))
    if measure.kind == "at_least":
        return Item(name, f"{amount_words(amount, measure)} {when}, the challenge met.")
    return Item(name, f"{amount_words(amount, measure)} {when}, within the challenge.")


def group_report_document(report: GroupReport, *, coach_view: bool = False,
                          summary: bool = False) -> Document:
    """``coach report --group NAME``: totals, trend, celebrations, a question; ``--coach`` adds members."""
    now = report.weeks[-1]
    blocks: list[Table | Fields | Para | Items] = [Para(f"Group {report.group}: {_week(now)}", "heading")]
    challenge = report.challenge
    measure = report.measure
    if challenge is None:
        blocks.append(Para(f"No shared challenge yet (coach group step '{report.group}' TITLE "
                           "--every RULE)."))
    else:
        blocks.append(Para(f"Challenge: {challenge.title} ({plan_words(challenge)})"))
        blocks.append(Para(_trend(report.weeks, measure)))
        if measure is not None:
            blocks.append(Para(_together(report.weeks, measure)))
        if not summary and measure is None:
            blocks.append(Table(
                "Week by week",
                [Column("Week"), Column("Members", "right"), Column("Did the challenge", "right"),
                 Column("Times done", "right")],
                [[_week(w), w.counted, w.did, w.done] for w in report.weeks],
            ))
        elif not summary and measure is not None:
            blocks.append(Table(
                "Week by week",
                [Column("Week"), Column("Members", "right"),
                 Column("Met it" if measure.kind == "at_least" else "Kept within", "right"),
                 Column(f"Together ({measure.unit})", "right")],
                [[_week(w), w.counted, w.did, format_amount(w.amount or 0.0, 1)] for w in report.weeks],
            ))
    if report.named:
        amounts: Sequence[float | None] = report.named_amounts or [None] * len(report.named)
        blocks.append(Items("Worth celebrating", [celebration(name, amount, measure)
                                                  for name, amount in zip(report.named, amounts,
                                                                          strict=True)]))
    blocks.append(Para(f"A question for the group: {question(report)}"))
    if coach_view:
        blocks.append(Para("For the coach alone: every member's figures, whatever they share"
                           + (f" ({measure.unit} logged / the week's target)." if measure else "."), "muted"))
        blocks.append(Table(
            "Members",
            [Column("Member", shrink=True), Column("Sharing"),
             *[Column(f"{w.start:%d %b}", "right") for w in report.weeks]],
            [[m.name + (f" (as {m.shown_as})" if m.shown_as else ""), m.level,
              *[_cell(c) for c in m.weeks]] for m in report.members],
            empty="No members in the week.",
        ))
    data: dict[str, object] = {
        "group": report.group,
        "challenge": None if challenge is None else {
            "title": challenge.title, "schedule": challenge.schedule, "start_date": challenge.start_date,
            "sensitive": challenge.sensitive,
            "measure": None if measure is None else {
                "kind": measure.kind, "target": measure.target, "unit": measure.unit,
                "period": measure.period}},
        "weeks": [{"start": w.start, "end": w.end, "members": w.counted, "did": w.did, "done": w.done,
                   "amount": w.amount} for w in report.weeks],
        "celebrations": list(report.named),
        "celebrated_amounts": list(report.named_amounts),
        "question": question(report),
    }
    if coach_view:
        data["members"] = [
            {"name": m.name, "shown_as": m.shown_as, "level": m.level,
             "weeks": [None if c is None else {"done": c.done, "planned": c.planned, "amount": c.amount,
                                               "target": None if c.target is None else round(c.target, 6),
                                               "did": c.did}
                       for c in m.weeks]}
            for m in report.members]
    return Document(list(blocks), data=data)
