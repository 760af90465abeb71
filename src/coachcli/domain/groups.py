"""Groups, pure: who was a member on a day, what they let peers see, and the group's weeks.

Membership and consent are dated, so a past week reads the members and the
levels of that week. One rule reaches back: a member who chooses a more
private level is shown at it from then on in every report, past weeks
included (a withdrawal takes effect everywhere); a more open level counts
only from the day it was given, so it never reopens a week from before it.
Names follow the same rule: a pseudonym chosen later hides the name in past
weeks too, and dropping a pseudonym later shows the name only from then on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from coachcli.domain.occurrences import share_of
from coachcli.domain.records import Challenge, ChallengeCopy, Consent, Membership
from coachcli.domain.schedule import parse_schedule

#: What a member lets peers see, most private first; ``totals`` unless they say otherwise.
LEVELS = ("none", "totals", "named")
DEFAULT_LEVEL = "totals"
_RANK = {level: i for i, level in enumerate(LEVELS)}


def member_days(spells: Sequence[Membership], start: date, end: date) -> list[tuple[date, date]]:
    """The parts of ``start..end`` (inclusive) a client was a member, by their spells."""
    out = []
    for s in spells:
        lo = max(start, s.joined_on)
        hi = end if s.left_on is None else min(end, s.left_on - timedelta(days=1))
        if lo <= hi:
            out.append((lo, hi))
    return out


def is_member(spells: Sequence[Membership], day: date) -> bool:
    return bool(member_days(spells, day, day))


def consent_on(given: Sequence[Consent], day: date) -> tuple[str, str | None]:
    """A member's level and pseudonym on ``day``: the latest given by then (``given`` in order)."""
    level, pseudonym = DEFAULT_LEVEL, None
    for c in given:
        if c.on_date > day:
            break
        level, pseudonym = c.level, c.pseudonym
    return level, pseudonym


def shown_level(given: Sequence[Consent], day: date, today: date) -> tuple[str, str | None]:
    """The level and pseudonym a report made ``today`` shows for ``day``.

    The level is the most private the member held from ``day`` to ``today``;
    the pseudonym is today's if they have one, else the one they had on ``day``.
    """
    level, then_pseudonym = consent_on(given, day)
    for c in given:
        if day < c.on_date <= today and _RANK[c.level] < _RANK[level]:
            level = c.level
    _, now_pseudonym = consent_on(given, max(day, today))
    return level, now_pseudonym or then_pseudonym


def planned(schedule: str, anchor: date, start: date, end: date) -> int:
    """How many times a schedule asks for the step in ``start..end``, counted from ``anchor``."""
    rule = parse_schedule(schedule)
    lo = max(start, anchor)
    if lo > end:
        return 0
    if rule.kind == "quota":
        period = 7 if rule.period == "week" else 30
        return share_of(rule.quota, (end - lo).days + 1, period)
    return len(rule.occurrences(anchor, lo, end))


@dataclass(frozen=True, slots=True)
class MemberWeek:
    """One member's week of a challenge: done and asked, or None when not a member that week."""

    done: int
    planned: int

    @property
    def did(self) -> bool:
        """Done as often as the challenge asked, that week (a week asking nothing counts not)."""
        return self.planned > 0 and self.done >= self.planned


@dataclass(frozen=True, slots=True)
class MemberRow:
    """A member across the report's weeks, as the coach sees them."""

    client_id: int
    name: str
    shown_as: str | None  # their pseudonym, at named
    level: str  # the level this report shows them at (for the latest week)
    weeks: tuple[MemberWeek | None, ...]


@dataclass(frozen=True, slots=True)
class GroupWeek:
    """The group's week as peers read it: members who share totals or more, nobody else."""

    start: date
    end: date
    counted: int  # members at totals or named that week
    did: int
    done: int


@dataclass(frozen=True, slots=True)
class GroupReport:
    group: str
    challenge: Challenge | None
    weeks: tuple[GroupWeek, ...]  # oldest first; the last is the report's window
    named: tuple[str, ...]  # members at named who did the challenge in the last week
    members: tuple[MemberRow, ...]  # every member of the last week (the coach's view)
    not_shared: int  # members at none in the last week (the coach's view)


def weeks_ending(end: date, count: int) -> list[tuple[date, date]]:
    """``count`` seven-day weeks, oldest first, the last ending on ``end``."""
    return [(end - timedelta(days=7 * i + 6), end - timedelta(days=7 * i)) for i in reversed(range(count))]


def _member_week(copy: ChallengeCopy | None, challenge: Challenge, spells: Sequence[Membership],
                 start: date, end: date) -> MemberWeek | None:
    parts = member_days(spells, start, end)
    if not parts:
        return None
    if copy is None:
        return MemberWeek(0, 0)
    asked = sum(planned(challenge.schedule, copy.start_date, lo, hi) for lo, hi in parts)
    done = sum(n for day, n in copy.dones for lo, hi in parts if lo <= day <= hi)
    return MemberWeek(done, asked)


def group_report(  # noqa: PLR0917 - the report's inputs, each read from its own table
    group: str, challenge: Challenge | None, spells: Sequence[Membership], given: Sequence[Consent],
    copies: Sequence[ChallengeCopy], weeks: Sequence[tuple[date, date]], today: date,
) -> GroupReport:
    """The group's weeks of one challenge, read as each week was (see the module's rule)."""
    by_client: dict[int, list[Membership]] = {}
    for s in spells:
        by_client.setdefault(s.client_id, []).append(s)
    consent_of: dict[int, list[Consent]] = {}
    for c in given:
        consent_of.setdefault(c.client_id, []).append(c)
    copy_of = {c.client_id: c for c in copies}
    names = {s.client_id: s.client for s in spells}
    rows: list[MemberRow] = []
    group_weeks = []
    for start, end in weeks:
        counted = did = done = 0
        for client_id, mine in by_client.items():
            if challenge is None:
                break
            week = _member_week(copy_of.get(client_id), challenge, mine, start, end)
            level, _ = shown_level(consent_of.get(client_id, []), end, today)
            if week is None or level == "none":
                continue
            counted += 1
            did += week.did
            done += week.done
        if challenge is None:
            counted = sum(1 for mine in by_client.values() if member_days(mine, start, end)
                          and shown_level(consent_of.get(mine[0].client_id, []), end, today)[0] != "none")
        group_weeks.append(GroupWeek(start, end, counted, did, done))
    last_start, last_end = weeks[-1]
    named: list[str] = []
    not_shared = 0
    for client_id, mine in by_client.items():
        if not member_days(mine, last_start, last_end):
            continue
        level, pseudonym = shown_level(consent_of.get(client_id, []), last_end, today)
        cells = tuple(
            _member_week(copy_of.get(client_id), challenge, mine, s, e) if challenge else None
            for s, e in weeks
        )
        rows.append(MemberRow(client_id, names[client_id], pseudonym if level == "named" else None,
                              level, cells))
        not_shared += level == "none"
        latest = cells[-1]
        if (level == "named" and challenge is not None and not challenge.sensitive
                and latest is not None and latest.did):
            named.append(pseudonym or names[client_id])
    return GroupReport(group, challenge, tuple(group_weeks), tuple(sorted(named, key=str.casefold)),
                       tuple(rows), not_shared)
