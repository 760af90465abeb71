"""The analysis's inputs and outputs: what the store loads for a report and what it returns.

Kept apart from :mod:`coachcli.domain.records` because only reading commands
need them: creating these dataclasses on import would cost every ``coach
done`` a few milliseconds. Annotations are evaluated (no ``from __future__
import annotations``; a forward reference is quoted): ``typing.NamedTuple``
compiles each one given as a string, and the first compile sets up the whole
``ast`` module, a twentieth of ``coach report -c``'s instructions.
"""

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal, NamedTuple

from coachcli.domain.frozen import dataclass, field

if TYPE_CHECKING:
    from coachcli.domain.measure import Measure, MeasurePeriod

from coachcli.domain.records import Commitment, Session

Severity = Literal["attention", "celebrate"]


# ------------------------------------------------------------------ inputs


class DayLog(NamedTuple):
    """What was logged for one step on one day (a named tuple: a report builds ~100k)."""

    done: int = 0
    missed: int = 0
    skipped: int = 0
    #: The amounts its done entries carried, summed (a measurable step's figure).
    amount: float = 0.0


class PlanIn(NamedTuple):
    """One plan a step has had, and the days it judged (``begins``/``ends`` None: open)."""

    begins: date | None
    ends: date | None
    schedule: str | None
    due_date: date | None
    start_date: date
    until_date: date | None
    #: The step's title while this plan was in force ("": the step's own title).
    title: str = ""


@dataclass(frozen=True, slots=True)
class StepIn:
    id: int
    goal_id: int
    title: str
    schedule: str | None
    due_date: date | None
    start_date: date
    until_date: date | None
    dropped_on: date | None
    #: Everything logged from the horizon's start to the as-of date, by day.
    logs: Mapping[date, DayLog] = field(default_factory=dict)
    #: For one-off steps: whether it was ever done, and when first.
    first_done: date | None = None
    #: Every plan the step has had, oldest first, when it has had more than one
    #: (the fields above are then the plan in force on the as-of date).
    plans: Sequence[PlanIn] = ()


@dataclass(frozen=True, slots=True)
class GoalIn:
    id: int
    title: str
    status: str
    status_on: date
    should: bool
    #: (date, status) in order; the status on a day is the latest change on or before it.
    status_changes: Sequence[tuple[date, str]]
    #: (date, importance, confidence) in order; either value may be None.
    ratings: Sequence[tuple[date, int | None, int | None]]
    steps: Sequence[StepIn]
    #: Last ``done`` on or before the as-of date, over all history (None: never).
    last_done: date | None = None
    #: Why it matters, in the client's words (``goal add --why``).
    why: str | None = None


@dataclass(frozen=True, slots=True)
class CheckinIn:
    on_date: date
    mood: int | None
    wins: Sequence[str]
    obstacles: Sequence[str]
    commitments: Sequence[str]
    session: bool = False
    #: How sure the client was of the commitments, 0-10 (None: not asked).
    sure: int | None = None


@dataclass(frozen=True, slots=True)
class ClientIn:
    id: int
    name: str
    created_on: date
    goals: Sequence[GoalIn]
    #: Check-ins on or before the window's end, newest last (at least those in the window
    #: and the latest one with commitments).
    checkins: Sequence[CheckinIn]
    #: Notes of misses in the window: (date, step title, note), what got in the way.
    miss_notes: Sequence[tuple[date, str, str]]
    #: Last action of any kind or check-in on or before the as-of date.
    last_activity: date | None
    #: Notes of skips in the window, (date, step title, note): excused, never obstacles.
    skip_notes: Sequence[tuple[date, str, str]] = ()
    #: Commitments made over the report's horizon, oldest first.
    commitments_made: Sequence[Commitment] = ()


# ------------------------------------------------------------------ outputs


@dataclass(frozen=True, slots=True)
class Tally:
    """Whole occurrences: expected, and of those done and missed (done + missed <= expected)."""

    expected: int = 0
    done: int = 0
    missed: int = 0
    #: Done counted by credit, when a measurable step's periods are among them (each
    #: counts its credit, 0 to 1); None: the same as ``done``.
    credit: float | None = None

    def __add__(self, other: "Tally") -> "Tally":
        credit = None if self.credit is None and other.credit is None else self.score + other.score
        return Tally(
            self.expected + other.expected, self.done + other.done, self.missed + other.missed, credit
        )

    @property
    def score(self) -> float:
        """Done, each measurable period counted by its credit."""
        return self.done if self.credit is None else self.credit

    @property
    def adherence(self) -> float | None:
        return adherence(self.expected, self.score)


def three_places(x: float) -> float:
    """``x`` to three decimals, as every ratio and credit is shown and compared.

    Rounded to nine places first, so float noise never decides a half-way figure:
    4.25 km of 20 is 0.2125 one way and 0.21250000000000002 another, which a plain
    ``round(x, 3)`` reads as 0.212 and 0.213.
    """
    return round(round(x, 9), 3)


def adherence(expected: int, done: float) -> float | None:
    """Done / expected, at most 1; None when nothing was expected."""
    return None if expected <= 0 else min(1.0, done / expected)


@dataclass(frozen=True, slots=True)
class Signal:
    """A pattern the figures support; ``facts`` are what the words about it may quote."""

    code: str
    goal_id: int | None
    severity: Severity
    facts: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StepReport:
    id: int
    title: str
    schedule: str
    expected: int
    done: int
    missed: int
    adherence: float | None
    streak: int
    #: Dones logged in the window for occurrences due before it (they count where they were due).
    done_late: int = 0
    #: A measurable step's plan in force (None: a yes/no step), and its periods that overlap the
    #: window, oldest first (the one under way included).
    measure: "Measure | None" = None
    periods: "Sequence[MeasurePeriod]" = ()
    #: Sums over the periods the window judged (those whose last day is in it), and their
    #: mean credit (None: none judged, or all unknown).
    amount: float | None = None
    target: float | None = None
    credit: float | None = None
    #: The biggest amount of a period judged before the window (over the report's
    #: history), and how many such periods there were: what "a best" is measured against.
    best_before: float | None = None
    judged_before: int = 0
    #: The latest periods up to the window's end, for a chart: 14 days, 8 weeks or 6 months.
    recent: "Sequence[MeasurePeriod]" = ()


@dataclass(frozen=True, slots=True)
class GoalReport:
    id: int
    title: str
    status: str
    should: bool
    importance: int | None
    confidence: int | None
    importance_change: int | None
    confidence_change: int | None
    expected: int
    done: int
    missed: int
    adherence: float | None
    #: The window of the same length just before: a change needs evidence on both sides.
    previous_expected: int
    previous_adherence: float | None
    streak: int
    strength: int
    trend: list[float | None]
    steps: list[StepReport]
    #: The trend's blocks as counts, oldest first: what each week planned, and what was done.
    trend_expected: list[int] = field(default_factory=list)
    trend_done: list[int] = field(default_factory=list)
    #: Dones logged in the window for occurrences due before it, over the goal's steps.
    done_late: int = 0
    #: Done with each measurable period counted by its credit (None: no measurable step).
    credit: float | None = None


@dataclass(frozen=True, slots=True)
class ClientReport:
    name: str
    expected: int
    done: int
    missed: int
    adherence: float | None
    attention: int
    last_activity: date | None
    goals: list[GoalReport]
    signals: list[Signal]
    wins: list[str]
    obstacles: list[str]
    commitments: list[str]
    #: Skip notes ("sick (Walk: 2026-11-10)"): occurrences excused, kept apart from obstacles.
    set_aside: list[str] = field(default_factory=list)
    #: How sure the client was of ``commitments`` (None: not asked).
    commitment_sure: int | None = None
    #: Per strength, how the commitments of the report's horizon were followed through.
    follow_through: "list[FollowThrough]" = field(default_factory=list)
    #: The sessions in the window, oldest first: their notes and what was agreed.
    sessions: list[Session] = field(default_factory=list)
    #: Coming back after a quiet spell or a window mostly set aside (None: no such spell).
    returning: "Returning | None" = None


@dataclass(frozen=True, slots=True)
class Returning:
    """A client quiet for a while, or whose window was mostly set aside, and their way back.

    While ``back`` is None, or fewer than the minimum planned days have passed
    since it (``evidence``), the figures of the window say little about what
    the client wants: reports and prep lead with a welcome, and hold back the
    questions that weigh what was done against what matters.
    """

    #: ``quiet`` (nothing recorded for a while) or ``set_aside`` (most planned days set aside).
    reason: Literal["quiet", "set_aside"]
    #: The last day something was recorded before the spell (None: nothing ever was).
    last: date | None
    #: The first day recorded after it (None: still quiet).
    back: date | None
    #: Planned days set aside in the window, and all planned days in it.
    set_aside: int = 0
    planned: int = 0
    #: Planned days since ``back`` (the evidence since the return).
    evidence: int = 0
    #: Whether questions weighing what was done are held back until there is more evidence.
    holding: bool = True


@dataclass(frozen=True, slots=True)
class FollowThrough:
    """Commitments made at one strength, and how each was judged (kept, partly, not kept).

    ``made`` counts them all; those not judged yet (``open``) are no verdict either way.
    """

    sure: int | None
    made: int
    kept: int
    partly: int
    not_kept: int

    @property
    def open(self) -> int:
        return self.made - self.kept - self.partly - self.not_kept


@dataclass(frozen=True, slots=True)
class Window:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Window":
        return Window(self.start - timedelta(days=self.days), self.start - timedelta(days=1))


@dataclass(frozen=True, slots=True)
class Report:
    generated_at: str
    window: Window
    as_of: date
    clients: list[ClientReport]
    caseload: bool


@dataclass(frozen=True, slots=True)
class RatingChange:
    """A ruler rating in a prep's span; ``before`` None: the goal's first rating, its start."""

    goal_id: int
    goal: str
    what: str
    before: int | None
    after: int
    on_date: date


@dataclass(frozen=True, slots=True)
class GoalDone:
    """What was done on one goal in a prep's span, and the done entries that carry a note."""

    goal_id: int
    goal: str
    status: str
    done: int
    expected: int
    why: str | None
    #: (date, step title, note) of each ``done`` with a note, oldest first.
    notes: list[tuple[date, str, str]]


@dataclass(frozen=True, slots=True)
class FollowUp:
    """An entry logged after a commitment that shares a word with it: the coach judges the rest."""

    on_date: date
    #: done, missed, skipped (with ``subject`` the step), or win, obstacle, commitment, note.
    kind: str
    subject: str
    text: str | None
    #: Entries without a note of one kind on one step are one follow-up: how many, and the last day.
    times: int = 1
    last_on: date | None = None


@dataclass(frozen=True, slots=True)
class CommitmentFollow:
    """A commitment, how sure the client was of it, what its linked step logged since, how it went."""

    text: str
    made_on: date
    sure: int | None
    followed: list[FollowUp]
    ref: str = ""
    due_date: date | None = None
    step: str | None = None
    outcome: str | None = None
    outcome_on: date | None = None


@dataclass(frozen=True, slots=True)
class StatusChange:
    """A goal's status change: ``new``, ``paused``, ``resumed``, ``achieved`` or ``dropped``."""

    goal_id: int
    goal: str
    status: str
    on_date: date
    reason: str | None


@dataclass(frozen=True, slots=True)
class Affirmation:
    """Something from the record worth saying back: a run, a best week, an achieved goal, a win.

    ``kind``: ``achieved``, ``run``, ``best_week`` or ``win``; ``facts`` are what the words quote.
    """

    kind: str
    goal_id: int | None
    facts: Mapping[str, object]


@dataclass(frozen=True, slots=True)
class Topic:
    """What one prep question is about, in rank order: a commitment, a signal, or the agenda."""

    kind: Literal["commitment", "signal", "opening", "returning"]
    #: For a signal: its index in the report's signals.
    signal: int | None = None


@dataclass(frozen=True, slots=True)
class Prep:
    """Everything ``coach prep`` shows, for the span since the last session."""

    client: str
    since: date
    until: date
    last_session: date | None
    report: ClientReport
    done_since: list[GoalDone]
    commitments: list[CommitmentFollow]
    status_changes: list[StatusChange]
    rating_changes: list[RatingChange]
    affirmations: list[Affirmation]
    topics: list[Topic]
    misses: list[tuple[date, str, str]]
    obstacles: list[str]
    #: Skips with a note, (date, step title, note): shown apart from what got in the way.
    skips: list[tuple[date, str, str]] = field(default_factory=list)
    #: The last session on or before the prep's day: its notes in full and what was agreed.
    session: Session | None = None
    #: (date, 'change' or 'sustain', the client's words) since the last session, as the coach kept them.
    talk: list[tuple[date, str, str]] = field(default_factory=list)
    #: Which turn of the question templates this prep is on (the sessions so far, or the week).
    turn: int = 0
    #: What prep said as of the last session's day, before it: its questions are not asked again.
    previous: "Prep | None" = None
