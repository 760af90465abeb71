"""Group prep, pure: what changed in a group since its last session, as peers may hear it.

A coach reads it before a group session and may read it out, so it follows
the group report's rules (:mod:`coachcli.domain.groups`): members at ``none``
are in no figure and no name, members at ``totals`` are counted, never named,
and members at ``named`` are named (under their pseudonym) with their own
figures, never those of a sensitive challenge. Nothing of a member's other
goals or check-ins appears: the group hears only the group's challenge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from coachcli.domain.grouprecords import Challenge, ChallengeCopy, Consent, GroupSession, Membership
from coachcli.domain.groups import GroupReport, group_report, member_days, shown_level


@dataclass(frozen=True, slots=True)
class Changes:
    """Who joined and left since the last session, and how sharing changed.

    Members at ``named`` by the name they chose; at ``totals`` as a count only;
    at ``none`` not at all.
    """

    joined: tuple[str, ...]
    joined_others: int
    left: tuple[str, ...]
    left_others: int
    sharing_changed: int  # members who gave a new sharing choice in the span
    challenges: tuple[Challenge, ...]  # challenges begun in the span


@dataclass(frozen=True, slots=True)
class GroupPrep:
    group: str
    last: GroupSession | None  # the session the span starts after; None: since the group began
    start: date
    end: date
    report: GroupReport  # the challenge over the span, as one window (peers' figures only)
    changes: Changes


def span_start(sessions: Sequence[GroupSession], spells: Sequence[Membership], today: date
               ) -> tuple[GroupSession | None, date]:
    """The last session by ``today`` and the day after it; without one, the group's first join."""
    held = [s for s in sessions if s.on_date <= today]
    if held:
        return held[-1], min(today, held[-1].on_date + timedelta(days=1))
    first = min((s.joined_on for s in spells), default=today)
    return None, min(first, today)


def _shown(given: Sequence[Consent], day: date, today: date, name: str) -> str | None:
    """How peers hear of a member for ``day``: their name (or pseudonym) at named, "" at
    totals (counted), None at none (not at all)."""
    level, pseudonym = shown_level(given, day, today)
    if level == "none":
        return None
    return (pseudonym or name) if level == "named" else ""


def group_prep(  # noqa: PLR0917 - the prep's inputs, each read from its own table
    group: str, challenges: Sequence[Challenge], sessions: Sequence[GroupSession],
    spells: Sequence[Membership], given: Sequence[Consent], copies: Sequence[ChallengeCopy], today: date,
) -> GroupPrep:
    """Since the last session up to ``today``: the challenge's figures, wins of named members,
    joins and leaves (named, else counted), and how many changed what they share."""
    last, start = span_start(sessions, spells, today)
    begun = [c for c in challenges if c.start_date <= today]
    challenge = begun[-1] if begun else None
    lo = max(start, challenge.start_date) if challenge else start
    report = group_report(group, challenge, spells, given, copies if challenge else [],
                          [(min(lo, today), today)], today)
    consent_of: dict[int, list[Consent]] = {}
    for c in given:
        consent_of.setdefault(c.client_id, []).append(c)
    joined: list[str] = []
    left: list[str] = []
    joined_others = left_others = 0
    for s in spells:
        mine = consent_of.get(s.client_id, [])
        if start <= s.joined_on <= today:
            shown = _shown(mine, s.joined_on, today, s.client)
            if shown:
                joined.append(shown)
            elif shown is not None:
                joined_others += 1
        if s.left_on is not None and start <= s.left_on <= today:
            shown = _shown(mine, s.left_on - timedelta(days=1), today, s.client)
            if shown:
                left.append(shown)
            elif shown is not None:
                left_others += 1
    # Members who share something today; a member at none is in no count, their choices neither.
    sharing = {s.client_id for s in spells if member_days([s], start, today)
               and shown_level(consent_of.get(s.client_id, []), today, today)[0] != "none"}
    changed = len({c.client_id for c in given if start <= c.on_date <= today and c.client_id in sharing})
    changes = Changes(tuple(sorted(joined, key=str.casefold)), joined_others,
                      tuple(sorted(left, key=str.casefold)), left_others, changed,
                      tuple(c for c in challenges if start <= c.start_date <= today))
    return GroupPrep(group, last, start, today, report, changes)
