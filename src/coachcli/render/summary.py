"""The short weekly mail: ``coach report --all --summary``.

A caseload of twenty makes a full report of several hundred lines; a coach
reading mail on Monday wants the table and, for each client worth a
conversation, the one thing to raise and the question to raise it with.
The full report is one command away for anyone who wants the rest.
"""

from __future__ import annotations

from typing import Any

from coachcli.domain.reporting import ClientReport, Report
from coachcli.domain.signals import ATTENTION_WEIGHT
from coachcli.render.document import Document, Item, Items, Para
from coachcli.render.report import caseload_table, window_title
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


def summary_document(report: Report) -> Document:
    """The caseload table, then one line (and its question) per client worth a conversation."""
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
