"""The words of ``coach restart``: a welcome back, open questions, and what was written, said back.

A return after a gap is a step in itself: nothing here counts what was missed
or asks why; the gap is set aside with the client's own reason.
"""

from __future__ import annotations

from datetime import date

from coachcli.render.checkin import quoted
from coachcli.render.tables import describe
from coachcli.render.voice import Voice
from coachcli.textsafe import clean

TYPE_CHECKING = False
if TYPE_CHECKING:
    from coachcli.domain.records import Step
    from coachcli.service.returning import Restarted

HAPPENING = "What has been happening?"
IMPORTANT = "How important is this to you right now?"
CONFIDENT = "How confident are you that you can do it?"
FIRST_STEP = "What could a first small step back be?"
SURE = "How sure are you that you will do it?"


def welcome(name: str) -> str:
    voice = Voice.of(name)
    who = "" if voice.to_reader else f", {name}"
    return f"Welcome back{who}. Answer what you like; press Enter to skip a question."


def set_aside_question(first: date, last: date) -> str:
    """Setting the gap aside, with its reason: the days are not expected, and break no streak."""
    return (f"From {first} to {last} can be set aside, so those days are not counted. "
            "What was going on? (a few words; Enter to leave those days as they are)")


def smaller_question(step: Step, start: date) -> str:
    """A smaller plan for a recurring step, from the fresh start; its title is cleaned for the terminal."""
    return (f"'{clean(step.title)}' is planned {describe(step)}. What would a smaller plan from {start} be? "
            "(a rule such as 2/week; Enter to keep it)")


def restarted_lines(r: Restarted) -> list[str]:
    """What was written, said back in a few lines."""
    voice = Voice.of(r.client)
    lines = [f"Welcome back{'' if voice.to_reader else ', ' + r.client}. Saved the return as a session "
             f"of {r.session.on_date}."]
    if r.set_aside:
        days = sum(len(s.days) for s in r.set_aside)
        first = min(s.first for s in r.set_aside)
        last = max(s.last for s in r.set_aside)
        lines.append(f"Set aside {first} to {last} ({days} planned day{'s' if days != 1 else ''}), "
                     "not counted.")
    for _, title, imp, conf in r.ratings:
        parts = [f"importance {imp}" if imp is not None else "",
                 f"confidence {conf}" if conf is not None else ""]
        lines.append(f"Rated '{title}': {', '.join(p for p in parts if p)}.")
    for s in r.smaller:
        lines.append(f"'{s.title}' from {r.smaller_from}: {describe(s)}.")
    if r.session.commitments:
        sure = f" ({r.session.sure}/10 sure)" if r.session.sure is not None else ""
        refs = f" [{', '.join(a.ref for a in r.session.agreed)}]" if r.session.agreed else ""
        lines.append(f"First step: {quoted(r.session.commitments)}{sure}{refs}.")
    if r.session.note:
        lines.append(f"Note: {r.session.note}")
    lines.append("coach undo takes all of it back.")
    return lines
