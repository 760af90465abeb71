"""``coach history NAME`` as blocks: every week per goal, the rulers as small charts, statuses, sessions.

One screen for the whole course: a week per row and a goal per column
("2/3": done of planned, as the report counts that week), the rulers as a
line of blocks with their first and latest values, the status changes and
the sessions with what was agreed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from coachcli.domain.history import GoalLine, History, HistoryWeek, WeekCell
from coachcli.domain.records import Commitment, Session
from coachcli.render.document import Cell, Column, Document, Item, Items, Para, Styled, Table
from coachcli.render.prep import status_item
from coachcli.render.report import share_tone
from coachcli.render.voice import Voice, day_month

#: History's JSON (``history.schema.json``) version.
HISTORY_SCHEMA_VERSION = 1

RULER = "▁▂▃▄▅▆▇█"


def ruler_chart(values: Sequence[int]) -> str:
    """0-10 ratings, oldest first, as block characters: 0 the lowest, 10 the highest."""
    return "".join(RULER[round(v * (len(RULER) - 1) / 10)] for v in values)


def cell_text(c: WeekCell | None) -> Cell:
    """One goal in one week: done of planned; its status when nothing was planned; blank before it."""
    if c is None:
        return ""
    if c.expected:
        share = c.done / c.expected
        return Styled(f"{c.done}/{c.expected}", share_tone(share))  # type: ignore[arg-type]
    if c.status != "active":
        return Styled(c.status, "muted")
    return Styled(f"{c.done} done" if c.done else "-", "muted")


def ruler_text(g: GoalLine, as_of: date) -> str | None:
    """Both rulers of a goal over time: the chart, then first and latest values with their days."""
    parts = []
    for name, index in (("importance", 1), ("confidence", 2)):
        rated: list[tuple[date, int]] = []
        for on, importance, confidence in g.ratings:
            value = importance if index == 1 else confidence
            if value is not None:
                rated.append((on, value))
        if not rated:
            continue
        values = [v for _, v in rated]
        (first_on, first), (last_on, last) = rated[0], rated[-1]
        if len(rated) == 1:
            parts.append(f"{name} {first} ({day_month(first_on, as_of)})")
        else:
            parts.append(f"{name} {ruler_chart(values)} {first} ({day_month(first_on, as_of)}) "
                         f"to {last} ({day_month(last_on, as_of)})")
    return "; ".join(parts) or None


OUTCOME_WORDS = {"kept": "kept", "partly": "partly kept", "not_kept": "not kept"}


def change_share(s: Session) -> str | None:
    """The share of change talk the coach kept at a session, as a figure: no verdict."""
    change, sustain = len(s.change_talk), len(s.sustain_talk)
    if not change + sustain:
        return None
    return f"change talk {change} of {change + sustain}"


def agreed_text(c: Commitment) -> str:
    how = OUTCOME_WORDS[c.outcome] if c.outcome else "not looked at yet"
    return f"'{c.text}' ({how})"


def session_item(s: Session) -> Item:
    """A session: its note, the share of change talk, what was agreed and how each went."""
    text = s.note or "Session."
    share = change_share(s)
    if share:
        text += f" ({share})"
    agreed = "; ".join(agreed_text(c) for c in s.agreed)
    return Item(str(s.on_date), text, agreed or None)


def kept_item(h: History) -> Item | None:
    """Every commitment agreed at a session, counted by how it went."""
    made = [c for s in h.sessions for c in s.agreed]
    if not made:
        return None
    counts = {k: sum(c.outcome == k for c in made) for k in ("kept", "partly", "not_kept")}
    open_ = sum(c.outcome is None for c in made)
    parts = [f"{counts['kept']} kept", f"{counts['partly']} partly", f"{counts['not_kept']} not kept"]
    if open_:
        parts.append(f"{open_} not looked at yet")
    return Item("Agreed at sessions", f"{len(made)}: " + ", ".join(parts) + ".")


def week_table(h: History) -> Table:
    goals = h.goals
    rows: list[list[Cell]] = []
    for w in h.weeks:
        by_goal = {c.goal_id: c for c in w.goals}
        row: list[Cell] = [w.label]
        row += [cell_text(by_goal.get(g.id)) for g in goals]
        row.append(", ".join(f"{d:%a}" for d in w.sessions) or "")
        rows.append(row)
    columns = [Column("Week")]
    columns += [Column(f"{g.id} {g.title}", "right", max_width=14, shrink=True) for g in goals]
    columns.append(Column("Session"))
    return Table("Week by week (done of planned)", columns, rows, empty="No weeks yet.")


def history_document(h: History) -> Document:
    voice = Voice.of(h.client)
    title = "Your history" if voice.to_reader else f"History of {h.client}"
    weeks = len(h.weeks)
    blocks: list[object] = [
        Para(f"{title}: since {h.began}, {weeks} week{'' if weeks == 1 else 's'}", "heading"),
        week_table(h),
    ]
    rulers = [Item(g.title, text) for g in h.goals if (text := ruler_text(g, h.until))]
    blocks.append(Items("Rulers", rulers, empty="No ratings yet."))
    if h.status_changes:
        blocks.append(Items("Goal status", [status_item(s) for s in h.status_changes]))
    items = [session_item(e) for e in h.sessions]
    kept = kept_item(h)
    blocks.append(Items("Sessions", [*items, *([kept] if kept else [])],
                        follow_up_label="Agreed", empty="No check-in marked as a session yet."))
    return Document(blocks, data=lambda: history_json(h))  # type: ignore[arg-type]


def _week_json(w: HistoryWeek) -> dict[str, Any]:
    return {"week": w.label, "start": w.start, "end": w.end, "sessions": w.sessions,
            "goals": [{"goal_id": c.goal_id, "status": c.status, "expected": c.expected,
                       "done": c.done, "missed": c.missed} for c in w.goals]}


def history_json(h: History) -> dict[str, Any]:
    """The documented shape of ``coach history --format json`` (``history.schema.json``)."""
    return {
        "schema_version": HISTORY_SCHEMA_VERSION,
        "client": h.client,
        "since": h.began,
        "until": h.until,
        "goals": [{"id": g.id, "title": g.title, "status": g.status, "began": g.began, "why": g.why,
                   "ratings": [{"on_date": on, "importance": i, "confidence": c}
                               for on, i, c in g.ratings]}
                  for g in h.goals],
        "weeks": [_week_json(w) for w in h.weeks],
        "status_changes": [{"goal_id": s.goal_id, "goal": s.goal, "status": s.status,
                            "on_date": s.on_date, "reason": s.reason} for s in h.status_changes],
        "sessions": [{"on_date": e.on_date, "note": e.note, "next_session_on": e.next_session_on,
                      "change_talk": list(e.change_talk), "sustain_talk": list(e.sustain_talk),
                      "change_share": (len(e.change_talk) / (len(e.change_talk) + len(e.sustain_talk))
                                       if e.change_talk or e.sustain_talk else None),
                      "agreed": [{"ref": c.ref, "text": c.text, "sure": c.sure, "due_date": c.due_date,
                                  "outcome": c.outcome, "outcome_on": c.outcome_on} for c in e.agreed]}
                     for e in h.sessions],
    }
