"""A client's whole course on one screen: every week since they began, per goal, and the rulers.

Each past week is read the way ``coach report --week`` reads it, through the
one timeline (:func:`~coachcli.domain.progress.client_as_of` and the step
models of :func:`~coachcli.domain.progress.goal_report`): the goal's status
and plan as they were that week, a done logged later counted on the day it
was for but not in a week already over. So a past week never changes when
later things happen, and its figures are the report's for that week.

Pure: the service loads the records, the renderer lays them out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from coachcli.domain.progress import client_as_of, goal_report
from coachcli.domain.records import Session
from coachcli.domain.reporting import ClientIn, StatusChange, Window

#: At most this many weeks are read (about three years); older weeks are summed up as "earlier".
MAX_WEEKS = 160


@dataclass(frozen=True, slots=True)
class WeekCell:
    """One goal in one week: its status then, and done of planned as the report counts them."""

    goal_id: int
    status: str
    expected: int
    done: int
    missed: int


@dataclass(frozen=True, slots=True)
class HistoryWeek:
    start: date
    end: date
    goals: list[WeekCell]
    #: Days of check-ins marked as sessions in the week.
    sessions: list[date] = field(default_factory=list)

    @property
    def label(self) -> str:
        year, week, _ = self.start.isocalendar()
        return f"{year}-W{week:02d}"


@dataclass(frozen=True, slots=True)
class GoalLine:
    """A goal as the history names it, with every rating it has had, oldest first."""

    id: int
    title: str
    status: str
    began: date
    why: str | None
    #: (date, importance, confidence) as rated; None where that ruler was not asked.
    ratings: list[tuple[date, int | None, int | None]]


@dataclass(frozen=True, slots=True)
class History:
    client: str
    began: date
    until: date
    goals: list[GoalLine]
    weeks: list[HistoryWeek]
    status_changes: list[StatusChange] = field(default_factory=list)
    #: The check-ins marked as sessions, oldest first: notes, what was agreed and how it went.
    sessions: list[Session] = field(default_factory=list)


def began_on(client: ClientIn) -> date:
    """The first day of the course: the client's start, or an earlier dated goal or entry."""
    first = [client.created_on]
    first += [g.status_changes[0][0] for g in client.goals if g.status_changes]
    return min(first)


def week_starts(began: date, until: date) -> list[date]:
    """The Monday of every ISO week from ``began``'s to ``until``'s (the last :data:`MAX_WEEKS`)."""
    first = began - timedelta(days=began.weekday())
    last = until - timedelta(days=until.weekday())
    weeks = [first + timedelta(days=7 * k) for k in range((last - first).days // 7 + 1)]
    return weeks[-MAX_WEEKS:]


def history(client: ClientIn, today: date, sessions: Sequence[date] = ()) -> History:
    """Every week of ``client``'s course up to ``today``'s, per goal, read as each week read then."""
    began = began_on(client)
    weeks: list[HistoryWeek] = []
    for monday in week_starts(began, today):
        window = Window(monday, monday + timedelta(days=6))
        then = client_as_of(client, window, today)
        cells = []
        for g in then.goals:
            r = goal_report(g, window, today)
            cells.append(WeekCell(g.id, g.status, r.expected, r.done, r.missed))
        weeks.append(HistoryWeek(window.start, window.end, cells,
                                 [d for d in sessions if window.start <= d <= window.end]))
    goals = [
        GoalLine(g.id, g.title, g.status,
                 g.status_changes[0][0] if g.status_changes else g.status_on, g.why,
                 [r for r in g.ratings if r[0] <= today])
        for g in client.goals
    ]
    return History(client.name, began, today, goals, weeks)
