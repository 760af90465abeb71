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

from coachcli.domain.grouprecords import Challenge, ChallengeCopy, Consent, Membership
from coachcli.domain.measure import Measure, credit, measure_of
from coachcli.domain.occurrences import period_bounds, share_of
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


def measured_target(measure: Measure, anchor: date, start: date, end: date) -> float:
    """What a measured challenge asks of ``start..end`` (from ``anchor``): the share rule of a
    measurable step's cut period, N x days / days in the period, for each period the days fall in.

    "at least 20 km/week" asks 20 km of a whole week and 8.57 of three days; "2 drinks/day"
    asks 14 of a week; a month's share is by its own length.
    """
    lo = max(start, anchor)
    target = 0.0
    while lo <= end:
        p_start, p_end = period_bounds(lo, measure.period)
        hi = min(end, p_end)
        target += measure.target * ((hi - lo).days + 1) / ((p_end - p_start).days + 1)
        lo = hi + timedelta(days=1)
    return target


def met(measure: Measure, amount: float, target: float, *, days: int, logged: int) -> bool:
    """Whether a member's week met a measured challenge: its credit is whole, over a week that
    asked something (at most: with something logged, silence is not success). Both figures are
    read to six places, so the hub, summing in another order, judges the same week the same."""
    if days == 0 or (measure.kind == "at_most" and logged == 0):
        return False
    return credit(measure.kind, round(amount, 6), round(target, 6)) >= 1.0


@dataclass(frozen=True, slots=True)
class MemberWeek:
    """One member's week of a challenge: done and asked, or None when not a member that week.

    A measured challenge ("at least 20 km/week") adds what they logged (``amount``), what the
    week asked of them (``target``, its share for the days they were in) and whether that met it.
    """

    done: int
    planned: int
    amount: float | None = None
    target: float | None = None
    met: bool = False

    @property
    def did(self) -> bool:
        """Done as often as the challenge asked, that week (a week asking nothing counts not);
        for a measured challenge, its measure met."""
        if self.target is not None:
            return self.met
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
    amount: float | None = None  # a measured challenge: what they logged, together


@dataclass(frozen=True, slots=True)
class GroupReport:
    group: str
    challenge: Challenge | None
    weeks: tuple[GroupWeek, ...]  # oldest first; the last is the report's window
    named: tuple[str, ...]  # members at named who did the challenge in the last week
    members: tuple[MemberRow, ...]  # every member of the last week (the coach's view)
    not_shared: int  # members at none in the last week (the coach's view)
    #: A measured challenge: each celebrated name's amount in the last week (never a sensitive one).
    named_amounts: tuple[float, ...] = ()

    @property
    def measure(self) -> Measure | None:
        return None if self.challenge is None else measure_of(self.challenge.schedule)


def weeks_ending(end: date, count: int) -> list[tuple[date, date]]:
    """``count`` seven-day weeks, oldest first, the last ending on ``end``."""
    return [(end - timedelta(days=7 * i + 6), end - timedelta(days=7 * i)) for i in reversed(range(count))]


def _member_week(copy: ChallengeCopy | None, challenge: Challenge, spells: Sequence[Membership],
                 start: date, end: date) -> MemberWeek | None:
    parts = member_days(spells, start, end)
    if not parts:
        return None
    measure = measure_of(challenge.schedule)
    if copy is None:
        return MemberWeek(0, 0) if measure is None else MemberWeek(0, 0, 0.0, 0.0)
    done = sum(n for day, n, _ in copy.dones for lo, hi in parts if lo <= day <= hi)
    if measure is None:
        asked = sum(planned(challenge.schedule, copy.start_date, lo, hi) for lo, hi in parts)
        return MemberWeek(done, asked)
    days = sum(max(0, (hi - max(lo, copy.start_date)).days + 1) for lo, hi in parts)
    target = sum(measured_target(measure, copy.start_date, lo, hi) for lo, hi in parts)
    logged = [amount for day, _, amount in copy.dones for lo, hi in parts if lo <= day <= hi]
    amount = round(sum(logged), 6)
    return MemberWeek(done, days, amount, target, met(measure, amount, target, days=days, logged=len(logged)))


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
    measured = challenge is not None and measure_of(challenge.schedule) is not None
    for start, end in weeks:
        counted = did = done = 0
        amount = 0.0
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
            amount += week.amount or 0.0
        if challenge is None:
            counted = sum(1 for mine in by_client.values() if member_days(mine, start, end)
                          and shown_level(consent_of.get(mine[0].client_id, []), end, today)[0] != "none")
        group_weeks.append(GroupWeek(start, end, counted, did, done, round(amount, 6) if measured else None))
    last_start, last_end = weeks[-1]
    named: list[tuple[str, float]] = []
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
            named.append((pseudonym or names[client_id], latest.amount or 0.0))
    named.sort(key=lambda n: n[0].casefold())
    return GroupReport(group, challenge, tuple(group_weeks), tuple(n for n, _ in named), tuple(rows),
                       not_shared, tuple(a for _, a in named) if measured else ())
