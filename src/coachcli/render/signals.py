"""The words about each signal: the evidence a coach reads and the question to ask.

The domain finds signals and the facts behind them
(:mod:`coachcli.domain.signals`); this module says them. A question is picked
from :mod:`coachcli.render.questions` by a stable hash, so the same data
always asks the same question.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from coachcli.domain.reporting import ClientReport, Signal, Window
from coachcli.render.figures import pct
from coachcli.render.questions import QUESTIONS


class Said(NamedTuple):
    """A signal as a person reads it (the JSON report's ``signals`` entries)."""

    code: str
    goal_id: int | None
    severity: str
    evidence: str
    question: str


def window_phrase(w: Window) -> str:
    """How evidence sentences name the window."""
    if w.days == 7 and w.start.weekday() == 0:
        year, week, _ = w.start.isocalendar()
        return f"in week {year}-W{week:02d}"
    if w.days == 7:
        return "in the last 7 days"
    return f"between {w.start.isoformat()} and {w.end.isoformat()}"


def _planned(planned: object) -> str:
    return f"planned '{planned}'" if planned else "planned steps"


def _stalled(goal: str, f: Mapping[str, Any], when: str) -> str:
    if f["last"] is None:
        return f"No step of '{goal}' has been done since it was planned on {f['planned_on']}."
    return f"No step of '{goal}' done for {f['days']} days (last on {f['last']})."


def _overdue(goal: str, f: Mapping[str, Any], when: str) -> str:
    days = int(f["days"])
    return (f"'{f['step']}' was due on {f['due']} ({days} day{'' if days == 1 else 's'} ago) "
            "and is not done yet.")


def _quiet(name: str, f: Mapping[str, Any]) -> str:
    if f["last"]:
        return f"No action or check-in from {name} for {f['days']} days (last on {f['last']})."
    return f"Nothing logged by {name} since they were added on {f['added']}."


EvidenceFn = Callable[[str, Mapping[str, Any], str], str]

#: code -> evidence sentence, from the goal's title, the signal's facts and the window's phrase.
EVIDENCE: dict[str, EvidenceFn] = {
    "achieved": lambda g, f, w: f"'{g}' was marked achieved on {f['on']}.",
    "streak": lambda g, f, w: f"The last {f['count']} planned occurrences of '{g}' were all done.",
    "improving": lambda g, f, w: f"Adherence on '{g}' rose from {pct(f['before'])} to {pct(f['after'])} {w}.",
    "say_do_gap": lambda g, f, w: (
        f"Rated {f['importance']}/10 important; {f['done']} of {f['expected']} "
        f"{_planned(f['planned'])} done {w}."),
    "slipping": lambda g, f, w: f"Adherence on '{g}' fell from {pct(f['before'])} to {pct(f['after'])} {w}.",
    "stalled": _stalled,
    "overdue": _overdue,
    "low_confidence": lambda g, f, w: f"Confidence in '{g}' is {f['confidence']}/10.",
    "should_goal": lambda g, f, w: (
        f"'{g}' is marked as a should; {f['done']} of {f['expected']} "
        f"{_planned(f['planned'])} done {w}."),
    "no_plan": lambda g, f, w: f"'{g}' is active but has no active step.",
    "priority_inversion": lambda g, f, w: (
        f"'{g}' is rated most important ({f['importance']}/10) at {pct(f['adherence'])} adherence, "
        f"while '{f['other']}' ({f['other_importance']}/10) is at {pct(f['other_adherence'])} {w}."),
}


def question(code: str, key: str, **values: object) -> str:
    """A question for ``code``, chosen by a stable hash so the same data asks the same."""
    options = QUESTIONS[code]
    template = options[zlib.crc32(f"{code}|{key}".encode()) % len(options)]
    return template.format(**values)


def say(signal: Signal, client: str, goals: Mapping[int, str], window: Window) -> Said:
    """One signal in words, for ``client`` over ``window``; ``goals``: titles by id."""
    goal = goals.get(signal.goal_id, "") if signal.goal_id is not None else ""
    f = signal.facts
    if signal.code == "quiet":
        evidence = _quiet(client, f)
    else:
        evidence = EVIDENCE[signal.code](goal, f, window_phrase(window))
    # By the goal's title, not its id: ids are local to a file, so two coaches syncing the
    # same client would otherwise ask different questions about the same figures.
    key = f"{client}|{goal if signal.goal_id is not None else '-'}|{window.start.isoformat()}"
    values = {k: v for k, v in f.items() if k not in ("goal", "name")}
    return Said(signal.code, signal.goal_id, signal.severity, evidence,
                question(signal.code, key, goal=goal, name=client, **values))


def said(c: ClientReport, window: Window) -> list[Said]:
    """Every signal of one client's report, in words."""
    titles = {g.id: g.title for g in c.goals}
    return [say(s, c.name, titles, window) for s in c.signals]
