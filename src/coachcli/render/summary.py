"""The short weekly mail: ``coach report --all --summary``, or ``--summary`` for yourself.

A caseload of twenty makes a full report of several hundred lines; a coach
reading mail on Monday wants the table and, for each client worth a
conversation, the one thing to raise and the question to raise it with.
The full report is one command away for anyone who wants the rest.

A self-tracker (the one client is ``me``) reads the same facts spoken to
them: their goals this week, what went well, and what to think about.
"""

from __future__ import annotations

from typing import Any

from coachcli.domain.reporting import ClientReport, Report
from coachcli.domain.signals import ATTENTION_WEIGHT
from coachcli.render.amounts import nothing_planned
from coachcli.render.document import Document, Item, Items, Para
from coachcli.render.figures import pct
from coachcli.render.report import NOTHING_YET, caseload_table, goal_table, window_title
from coachcli.render.signals import Said, label, said
from coachcli.render.voice import Voice


def top_signal(c: ClientReport, report: Report) -> Said | None:
    """The client's weightiest signal worth exploring (the first of equals), if any."""
    worth = [s for s in said(c, report.window, as_of=report.as_of) if s.severity == "attention"]
    if not worth:
        return None
    return max(worth, key=lambda s: ATTENTION_WEIGHT.get(s.code, 0))  # max keeps the first of ties


def _label(c: ClientReport, s: Said) -> str:
    voice = Voice.of(c.name)
    head = f"{'You' if voice.to_reader else c.name} · {label(s.code, voice)}"
    titles = {g.id: g.title for g in c.goals}
    return f"{head} · {titles[s.goal_id]}" if s.goal_id in titles else head


#: How many things to think about a self-tracker's mail lists, the weightiest first.
SELF_ITEMS = 3


def speaks_to_reader(report: Report) -> bool:
    """The report is one self-tracker's own (client ``me``), so the summary says "you"."""
    return len(report.clients) == 1 and Voice.of(report.clients[0].name).to_reader


def _self_summary(report: Report) -> Document:
    """A self-tracker's week: their goals, what went well, and up to three things to think about."""
    c = report.clients[0]
    heard = said(c, report.window, as_of=report.as_of)
    voice = Voice.of(c.name)
    titles = {g.id: g.title for g in c.goals}

    def item(s: Said, tone: Any) -> Item:
        head = label(s.code, voice)
        return Item(f"{head} · {titles[s.goal_id]}" if s.goal_id in titles else head, s.evidence,
                    s.question if tone == "attention" else None, tone)

    worth = sorted((s for s in heard if s.severity == "attention"),
                   key=lambda s: -ATTENTION_WEIGHT.get(s.code, 0))[:SELF_ITEMS]
    good = [s for s in heard if s.severity == "celebrate"]
    done = (f"You did {c.done} of the {c.expected} steps you planned ({pct(c.adherence)})."
            if c.expected else nothing_planned(c, report.as_of, report.window.end,
                                               "Nothing was planned for these days") + ".")
    blocks: list[Any] = [
        Para(_self_title(report), "heading"),
        Para(done),
    ]
    if c.goals:
        blocks.append(goal_table(c))
    if good:
        blocks.append(Items("Going well", [item(s, "good") for s in good]))
    blocks.append(Items("Worth a closer look", [item(s, "attention") for s in worth],
                        follow_up_label=voice.ask, empty="Nothing stands out this week."))
    blocks.append(Para("The full report: coach report" + (" --week last" if _last_week(report) else ""),
                       "muted"))
    data = {
        "window": {"start": report.window.start.isoformat(), "end": report.window.end.isoformat()},
        "generated_at": report.generated_at,
        "clients": [{"name": c.name, "adherence": c.adherence, "attention": c.attention,
                     "last_activity": c.last_activity.isoformat() if c.last_activity else None,
                     "top_signal": worth[0]._asdict() if worth else None}],
    }
    return Document(blocks, data=data)


def _self_title(report: Report) -> str:
    """"Your week 2026-W49 (2026-11-30 to 2026-12-06)", or "Your summary, 2026-11-01 to ..."."""
    title = window_title(report.window)
    return f"Your {title}" if title.startswith("week ") else f"Your summary, {title}"


def _last_week(report: Report) -> bool:
    w = report.window
    monday = report.as_of.toordinal() - report.as_of.weekday()
    return w.days == 7 and w.start.toordinal() == monday - 7


def summary_document(report: Report) -> Document:
    """The caseload table, then one line (and its question) per client worth a conversation.

    For a self-tracker, :func:`_self_summary`: the same facts in the second person.
    """
    if speaks_to_reader(report):
        return _self_summary(report)
    if not report.caseload and not report.clients:
        return Document([Para(_self_title(report), "heading"), Para(NOTHING_YET)],
                        data={"window": {"start": report.window.start.isoformat(),
                                         "end": report.window.end.isoformat()},
                              "generated_at": report.generated_at, "clients": []})
    tops = [(c, top_signal(c, report)) for c in report.clients]
    items = [Item(_label(c, s), s.evidence, s.question, "attention") for c, s in tops if s is not None]
    quiet = len(tops) - len(items)
    blocks: list[Any] = [
        Para(f"Caseload summary, {window_title(report.window)}", "heading"),
        caseload_table(report),
        Items("Worth a conversation", items,
              empty="Nothing stands out this week." if report.clients else None),
    ]
    tail = "Each client in full: coach report -c NAME" + (
        f" ({quiet} with nothing to raise)" if items and quiet else "")
    if report.clients:
        blocks.append(Para(tail, "muted"))
    data = {
        "window": {"start": report.window.start.isoformat(), "end": report.window.end.isoformat()},
        "generated_at": report.generated_at,
        "clients": [
            {"name": c.name, "adherence": c.adherence, "attention": c.attention,
             "last_activity": c.last_activity.isoformat() if c.last_activity else None,
             "top_signal": s._asdict() if s else None}
            for c, s in tops
        ],
    }
    return Document(blocks, data=data)
