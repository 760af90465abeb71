"""The words of ``coach checkin``: the guided conversation's questions and what it says back.

Motivational interviewing, briefly: open with what the client said they
would do and ask how it went; ask about difficulty without presuming there
was any; ask about a rating that moved (a fall the MI way: what makes it 3
and not 1); close by reflecting back what they said, in their words, rather
than counting it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from coachcli.domain.records import Checkin, Outcome
from coachcli.render.voice import Voice, day_month

OPENING = "Check-in. Answer what you like; press Enter to skip a question."
WENT_WELL = "What went well since the last check-in?"
IN_THE_WAY = "Was there anything that made it harder?"
IMPORTANT = "How important is this to you right now?"
CONFIDENT = "How confident are you that you can do it?"
NEXT_STEP = "What is one small thing you will do before the next check-in?"
SURE = "How sure are you that you will do it?"
MOOD = "How are you feeling overall?"
SESSION = "Was this check-in a coaching session? (y/N) "
#: The same question put to someone tracking themselves, who may or may not have a coach.
SESSION_SELF = "Did you talk this over with your coach? (y/N) "


def session_question(voice: Voice) -> str:
    """Whether the check-in was a session, asked of the coach or of the self-tracker."""
    return SESSION_SELF if voice.to_reader else SESSION


def quoted(texts: Sequence[str]) -> str:
    q = [f"'{t}'" for t in texts]
    return q[0] if len(q) == 1 else "; ".join(q)


def last_commitment(texts: Sequence[str]) -> str:
    """The opening question: what they said they would do, and how it went."""
    return f"Last time you planned: {quoted(texts)}. How did it go?"


#: How the guided check-in reads an answer about how a commitment went.
OUTCOME_ANSWERS: dict[str, Outcome] = {"k": "kept", "kept": "kept", "p": "partly", "partly": "partly",
                   "n": "not_kept", "not": "not_kept", "not kept": "not_kept", "not-kept": "not_kept"}
OUTCOME_WORDS = {"kept": "kept", "partly": "partly kept", "not_kept": "not kept"}


def commitment_outcome(text: str, made_on: object) -> str:
    """The question about one earlier commitment: how it went, in three plain answers."""
    return f"On {made_on}: '{text}'. Kept, partly, or not kept? (k/p/n, Enter to skip) "


def moved(what: str, before: int, after: int) -> str:
    """The question about a ruler that moved, the MI way.

    A rise is asked about with curiosity ("What helped your confidence go from
    4 to 6?"); a fall is not asked to be explained: the question draws out what
    keeps it where it is ("What makes it 3 and not 1?"), or at 0 what would
    move it to 1.
    """
    if after > before:
        return f"What helped your {what} go from {before} to {after}?"
    if after == 0:
        return f"Your {what} is at 0 now. What would it take to move it to 1?"
    return f"Your {what} is at {after} now. What makes it {after} and not {max(0, after - 2)}?"


def welcome_back(last: date, today: date) -> str:
    """The opening after a quiet spell: a welcome, and what has been happening, without a verdict."""
    return f"Welcome back. What has been happening since {day_month(last, today)}?"


def back_note(answer: str) -> str:
    """The check-in's note for what happened during the quiet spell, in the client's words."""
    return f"Back after a quiet spell: {answer}"


def went_note(texts: Sequence[str], answer: str) -> str:
    """The check-in's note for how last time's commitment went, in the client's words."""
    return f"How {quoted(texts)} went: {answer}"


def moved_note(what: str, before: int, after: int, answer: str) -> str:
    return f"{what} {before} to {after}: {answer}"


def saved(c: Checkin, ratings: Sequence[tuple[str, int | None, int | None]] = ()) -> list[str]:
    """What was said, said back: wins and commitments in the client's words, ratings saved.

    ``ratings``: (goal title, importance, confidence) as just saved.
    """
    voice = Voice.of(c.client)
    kind = "session" if c.session else "check-in"
    who = "your" if voice.to_reader else f"{c.client}'s"
    lines = [f"Saved {who} {kind} of {c.on_date}."]
    if c.wins:
        lines.append(f"Went well: {quoted(c.wins)}.")
    if c.obstacles:
        lines.append(f"Got in the way: {quoted(c.obstacles)}.")
    if c.commitments:
        sure = f" ({c.sure}/10 sure)" if c.sure is not None else ""
        refs = f" [{', '.join(a.ref for a in c.agreed)}]" if c.agreed else ""
        lines.append(f"Next: {quoted(c.commitments)}{sure}{refs}.")
        due = sorted({a.due_date for a in c.agreed if a.due_date})
        steps = [a.step_title for a in c.agreed if a.step_title]
        if due:
            lines.append(f"Due: {', '.join(d.isoformat() for d in due)}.")
        if steps:
            lines.append(f"Linked to: {quoted(steps)}.")
    for j in c.judged:
        lines.append(f"'{j.text}' ({j.made_on}): {OUTCOME_WORDS.get(j.outcome or '', '')}.")
    if c.change_talk:
        lines.append(f"Change talk: {quoted(c.change_talk)}.")
    if c.sustain_talk:
        lines.append(f"Sustain talk: {quoted(c.sustain_talk)}.")
    if c.next_session_on:
        lines.append(f"Next session: {c.next_session_on}.")
    for title, imp, conf in ratings:
        parts = [f"importance {imp}" if imp is not None else "",
                 f"confidence {conf}" if conf is not None else ""]
        lines.append(f"Rated '{title}': {', '.join(p for p in parts if p)}.")
    if c.mood is not None:
        lines.append(f"Mood: {c.mood}/5.")
    if c.note:
        lines.append(f"Note: {c.note}")
    return lines
