"""Plain records as the domain sees them: what the store reads and the analysis uses.

Dates of events are ``datetime.date``; timestamps stay ISO text because they
are only ever compared and shown. They are ``NamedTuple``s rather than
dataclasses because every write command imports them: creating the seven
classes as frozen dataclasses cost ~7 ms of startup, as named tuples ~0.5 ms.
The annotations are evaluated (no ``from __future__ import annotations``):
``typing.NamedTuple`` would compile each one given as a string, twice the cost of
the classes themselves.
"""

from datetime import date
from typing import Literal, NamedTuple

#: The client a self-tracker is: the default when no name is given, spoken to as "you".
SELF_CLIENT = "me"

GoalStatus = Literal["active", "paused", "achieved", "dropped"]
ActionKind = Literal["done", "missed", "skipped"]


class Client(NamedTuple):
    id: int
    uuid: str
    name: str
    note: str | None
    archived_on: date | None
    created_at: str
    #: The day the coaching began (``client add --on``); the day added, by default.
    started_on: date | None = None



class Goal(NamedTuple):
    id: int
    uuid: str
    client_id: int
    client: str
    title: str
    why: str | None
    target_date: date | None
    should: bool
    status: GoalStatus
    status_on: date
    drop_reason: str | None
    importance: int | None = None
    confidence: int | None = None
    #: The next status change, when one is dated after the day the status is read as of.
    upcoming: tuple[GoalStatus, date] | None = None



class Step(NamedTuple):
    id: int
    uuid: str
    goal_id: int
    goal_title: str
    client: str
    title: str
    schedule: str | None
    due_date: date | None
    start_date: date
    until_date: date | None
    status: Literal["active", "dropped"]
    dropped_on: date | None
    #: The day the plan above took over from an earlier one (None: the step's only plan);
    #: it can be ahead of today, when a new plan was agreed in advance.
    plan_from: date | None = None



class Rating(NamedTuple):
    id: int
    goal_id: int
    on_date: date
    importance: int | None
    confidence: int | None
    note: str | None


#: How a commitment went, judged after the day it was made.
Outcome = Literal["kept", "partly", "not_kept"]
OUTCOMES: tuple[Outcome, ...] = ("kept", "partly", "not_kept")


class Commitment(NamedTuple):
    """One commitment: made at a check-in or session, judged later (never the day it was made)."""

    id: int
    checkin_id: int
    client: str
    made_on: date
    #: Made at a session (else at a check-in between sessions).
    session: bool
    text: str
    sure: int | None
    due_date: date | None
    #: The step it is linked to (or was turned into), when that step is the client's.
    step_id: int | None
    step_title: str | None
    outcome: Outcome | None
    outcome_on: date | None

    @property
    def ref(self) -> str:
        """How ``coach log``, ``coach edit`` and ``--kept`` name it."""
        return f"k{self.id}"


class Session(NamedTuple):
    """A session as prep opens with it: its notes in full, what was agreed, when the next one is."""

    checkin_id: int
    on_date: date
    note: str | None
    next_session_on: date | None
    agreed: tuple[Commitment, ...]
    change_talk: tuple[str, ...] = ()
    sustain_talk: tuple[str, ...] = ()


class Checkin(NamedTuple):
    id: int
    client: str
    on_date: date
    mood: int | None
    wins: list[str]
    obstacles: list[str]
    commitments: list[str]
    note: str | None = None
    session: bool = False
    #: How sure the client is of these commitments, 0-10 (None: not asked).
    sure: int | None = None
    next_session_on: date | None = None
    change_talk: list[str] = []  # noqa: RUF012 - a NamedTuple default, never mutated
    sustain_talk: list[str] = []  # noqa: RUF012
    #: The commitments as records (``commitments`` are their texts).
    agreed: tuple[Commitment, ...] = ()
    #: Commitments judged by this check-in (``--kept`` and the like).
    judged: tuple[Commitment, ...] = ()



class ClientSummary(NamedTuple):
    client: Client
    active_goals: int
    last_activity: date | None


class TimelineEntry(NamedTuple):
    """One line of ``coach log``: an action, a rating, a status change or a check-in.

    The parts are kept apart; how they read on one line is the renderers' choice.
    """

    on_date: date
    kind: str
    client: str
    goal_id: int | None
    step_id: int | None
    #: The step's or goal's title; empty for a check-in.
    subject: str
    created_at: str
    times: int = 1
    note: str | None = None
    importance: int | None = None
    confidence: int | None = None
    mood: int | None = None
    wins: tuple[str, ...] = ()
    obstacles: tuple[str, ...] = ()
    commitments: tuple[str, ...] = ()
    #: How to name this entry to ``coach edit``/``coach delete`` (``a12``, ``c3``, ``k7``, ``r5``, ``s4``).
    ref: str = ""
    #: A measured step's done: how much, and the plan in force that day (its unit is there).
    amount: float | None = None
    plan: str | None = None
    #: A commitment's strength, how it went and when it was judged, and its due day.
    sure: int | None = None
    outcome: str | None = None
    outcome_on: date | None = None
    due_date: date | None = None


class Written(NamedTuple):
    """One write as the journal remembers it: what it was and whose records it touched."""

    id: int
    description: str
    client: str | None
    created_at: str


class PlanVersion(NamedTuple):
    """An earlier plan of a step: it judged the days up to ``ends_on``."""

    id: int
    ends_on: date
    schedule: str | None
    due_date: date | None
    start_date: date
    until_date: date | None
    #: The step's title while this plan was in force (titles are part of the dated plan).
    title: str = ""


class SetAside(NamedTuple):
    """What ``coach skip --from --until`` set aside: the days a skip was stored on."""

    step_id: int
    goal_id: int
    title: str
    first: date
    last: date
    days: tuple[date, ...]


class Correction(NamedTuple):
    """What ``coach edit`` or ``coach delete`` did to one entry."""

    ref: str
    client: str
    #: The entry as it read before the change ("done 'Walk' on 2026-11-30").
    label: str
    #: (what, old, new) for each value that changed; empty for a deletion.
    changes: tuple[tuple[str, str, str], ...] = ()
    deleted: bool = False


class Removal(NamedTuple):
    """A client's records, counted by kind: what ``client delete`` removes."""

    client: str
    counts: tuple[tuple[str, int], ...]
    purged: bool = False
    forgotten_writes: int = 0
