"""A coach's groups as the domain sees them: the groups, their members and what they share.

Apart from :mod:`coachcli.domain.records` because only the group commands use
them: each named tuple costs every other command's start-up (``coach report -c``
about half a millisecond a class). Annotations are evaluated, as there.
"""

from datetime import date
from typing import NamedTuple


class Group(NamedTuple):
    """A group the coach runs (a running group, a writing circle, a cohort)."""

    id: int
    uuid: str
    name: str
    note: str | None
    archived_on: date | None
    created_at: str


class Membership(NamedTuple):
    """One spell of a client in a group: member from ``joined_on``, until the day before ``left_on``."""

    id: int
    client_id: int
    client: str
    joined_on: date
    left_on: date | None


class Consent(NamedTuple):
    """What a member lets peers see from ``on_date``: none, totals or named (under ``pseudonym``)."""

    id: int
    client_id: int
    on_date: date
    level: str
    pseudonym: str | None
    created_at: str


class Challenge(NamedTuple):
    """A step the group shares: each member holds a copy of it under a goal of theirs."""

    id: int
    uuid: str
    title: str
    schedule: str
    start_date: date
    sensitive: bool


class GroupSession(NamedTuple):
    """A day the group met, with the coach's note of it."""

    id: int
    uuid: str
    on_date: date
    note: str | None


class ChallengeCopy(NamedTuple):
    """One member's copy of a challenge: their step, and what they logged of it by day
    (times done, and the amount of a measured one: 0 when none was logged)."""

    client_id: int
    step_id: int
    start_date: date
    dones: tuple[tuple[date, int, float], ...]
