"""What the command line's values are called and how the shell completes them.

Each kind of value a command takes (a client NAME, a STEP_ID, a DATE, a
schedule RULE, a WEEK) is one Click parameter type here: its upper-case
metavar in ``--help``, and the candidates offered when the user presses Tab
(Click's ``shell_complete`` protocol, driven by :mod:`coachcli.cli.completion`).
Candidates that come from the database are read through the service layer,
only while completing, so building a command costs nothing extra.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from typer._click.shell_completion import CompletionItem
from typer._click.types import IntParamType, StringParamType

if TYPE_CHECKING:
    from typer._click.core import Context, Parameter

    from coachcli.store import Database


def _database(ctx: Context) -> Path | None:
    """The database the command line being completed would use, if it exists."""
    from coachcli.runtime import database_path

    root = ctx
    chosen: object = None
    while root is not None and chosen is None:
        chosen = root.params.get("db")
        root = root.parent  # type: ignore[assignment]
    path = database_path(Path(str(chosen)) if chosen else _env_db())
    try:
        return path if path.is_file() else None
    except OSError:
        return None


def _env_db() -> Path | None:
    value = os.environ.get("COACH_DB")
    return Path(value) if value else None


def from_database(ctx: Context, read: Callable[[Database], Iterable[CompletionItem]]) -> list[CompletionItem]:
    """Candidates read from the database; none when there is none or it cannot be read.

    A completion runs inside the user's shell prompt: it must never print an
    error there, so a missing, locked or damaged database offers nothing.
    """
    path = _database(ctx)
    if path is None:
        return []
    from coachcli.runtime import FAILURES, open_db

    try:
        with open_db(path, write=False) as store:
            return list(read(store))
    except (*FAILURES, OSError):
        return []


def _starts(value: str, incomplete: str) -> bool:
    return value.casefold().startswith(incomplete.casefold())


class ClientName(StringParamType):
    """A client's name; completes the active clients (or the archived ones, to restore)."""

    name = "name"

    def __init__(self, *, archived: bool = False) -> None:
        self.archived = archived

    def get_metavar(self, param: Parameter, ctx: Context) -> str:
        return "NAME"

    def shell_complete(self, ctx: Context, param: Parameter, incomplete: str) -> list[CompletionItem]:
        def read(store: Database) -> Iterable[CompletionItem]:
            from coachcli.service.clients import list_clients

            for s in list_clients(store, include_archived=self.archived):
                # A name holding control characters (an import, a hub) would reach the terminal
                # raw: it is left out of the candidates, never printed.
                if (s.client.archived_on is not None) == self.archived and s.client.name.isprintable() \
                        and _starts(s.client.name, incomplete):
                    yield CompletionItem(s.client.name, help=f"{s.active_goals} active goals")

        return from_database(ctx, read)


class StepId(IntParamType):
    """A step's id; completes the active steps, with their titles as help."""

    name = "step_id"

    def get_metavar(self, param: Parameter, ctx: Context) -> str:
        return "STEP_ID"

    def shell_complete(self, ctx: Context, param: Parameter, incomplete: str) -> list[CompletionItem]:
        def read(store: Database) -> Iterable[CompletionItem]:
            from coachcli.service.steps import list_steps

            for s in list_steps(store, None, all_clients=True):
                if str(s.id).startswith(incomplete):
                    yield CompletionItem(str(s.id), help=f"{s.title} ({s.client}: {s.goal_title})")

        return from_database(ctx, read)


class StepRef(StringParamType):
    """A step: its id, or the beginning of its title; completes the current client's titles.

    Bash shows completion values without their help, so bare ids told nothing:
    the titles are offered instead (ids still complete once a digit is typed).
    """

    name = "step"

    def get_metavar(self, param: Parameter, ctx: Context) -> str:
        return "STEP"

    def shell_complete(self, ctx: Context, param: Parameter, incomplete: str) -> list[CompletionItem]:
        client = str(ctx.params.get("client") or os.environ.get("COACH_CLIENT") or "me")

        def read(store: Database) -> Iterable[CompletionItem]:
            from coachcli.service.clients import resolve_client
            from coachcli.service.steps import list_steps

            person = None if incomplete.isdigit() else resolve_client(store, client)
            if person is None:  # a number typed, or no such client (a caseload without 'me'): ids
                for s in list_steps(store, None, all_clients=True):
                    if str(s.id).startswith(incomplete):
                        yield CompletionItem(str(s.id), help=f"{s.title} ({s.client}: {s.goal_title})")
                return
            for s in list_steps(store, person):
                # A title holding control characters would reach the terminal raw: left out.
                if s.title.isprintable() and _starts(s.title, incomplete):
                    yield CompletionItem(s.title, help=f"step {s.id} ({s.goal_title})")

        return from_database(ctx, read)


class GoalId(IntParamType):
    """A goal's id; completes every goal not dropped, with its title as help."""

    name = "goal_id"

    def get_metavar(self, param: Parameter, ctx: Context) -> str:
        return "GOAL_ID"

    def shell_complete(self, ctx: Context, param: Parameter, incomplete: str) -> list[CompletionItem]:
        def read(store: Database) -> Iterable[CompletionItem]:
            from coachcli.runtime import today
            from coachcli.service.goals import list_goals

            for g in list_goals(store, None, all_clients=True, status="all", today=today()):
                if g.status != "dropped" and str(g.id).startswith(incomplete):
                    status = "" if g.status == "active" else f", {g.status}"
                    yield CompletionItem(str(g.id), help=f"{g.title} ({g.client}{status})")

        return from_database(ctx, read)


class _Words(StringParamType):
    """A text value with a fixed list of suggestions (it accepts more than those)."""

    metavar = "TEXT"

    def get_metavar(self, param: Parameter, ctx: Context) -> str:
        return self.metavar

    def words(self) -> list[tuple[str, str]]:
        raise NotImplementedError

    def shell_complete(self, ctx: Context, param: Parameter, incomplete: str) -> list[CompletionItem]:
        return [CompletionItem(v, help=h) for v, h in self.words() if _starts(v, incomplete)]


class DateText(_Words):
    """A DATE as people type it; completes the words that need no quoting.

    ``past``: the option takes no future day (``done --on``), so ``tomorrow``
    is not offered, and a weekday means the last one.
    """

    name = "date"
    metavar = "DATE"

    def __init__(self, *, past: bool = False) -> None:
        self.past = past

    def words(self) -> list[tuple[str, str]]:
        days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        ahead = [] if self.past else [("tomorrow", "")]
        return [("today", ""), ("yesterday", ""), *ahead, *((d, "") for d in days)]


class Topic(_Words):
    """A ``coach help`` topic."""

    name = "topic"
    metavar = "TOPIC"

    def words(self) -> list[tuple[str, str]]:
        from coachcli.render.help import TOPICS

        return list(TOPICS.items())


class EntryRef(StringParamType):
    """An entry's reference (a12, c3) for edit and delete; completes the last month's entries."""

    name = "ref"

    def get_metavar(self, param: Parameter, ctx: Context) -> str:
        return "REF"

    def shell_complete(self, ctx: Context, param: Parameter, incomplete: str) -> list[CompletionItem]:
        def read(store: Database) -> Iterable[CompletionItem]:
            from coachcli.runtime import today
            from coachcli.service.timeline import timeline

            now = today()
            for e in reversed(timeline(store, None, all_clients=True, since=now - timedelta(days=31),
                                       until=now, limit=200)):
                about = " ".join(f"{e.kind} {e.on_date} {e.client}".split())
                if e.ref.startswith(incomplete.lower()) and about.isprintable():
                    yield CompletionItem(e.ref, help=about)

        return from_database(ctx, read)


class Rule(_Words):
    """A schedule RULE for ``--every``."""

    name = "rule"
    metavar = "RULE"

    def words(self) -> list[tuple[str, str]]:
        return [
            ("daily", "every day"), ("weekdays", "Monday to Friday"),
            ("weekends", "Saturday and Sunday"), ("weekly", "once a week, on the start's weekday"),
            ("monthly", "once a month, on the start's day"), ("mon,wed,fri", "these weekdays"),
            ("tue,thu", "these weekdays"), ("3/week", "3 times a week, any days"),
            ("2/month", "twice a month, any days"),
        ]


class Week(_Words):
    """An ISO WEEK: this, last, next or YYYY-Www."""

    name = "week"
    metavar = "WEEK"

    def words(self) -> list[tuple[str, str]]:
        from coachcli.runtime import today

        now = today()
        monday = now - timedelta(days=now.weekday())
        found = [("this", "this week"), ("last", "last week"), ("next", "next week")]
        for back in range(8):
            start = monday - timedelta(weeks=back)
            year, week, _ = start.isocalendar()
            found.append((f"{year}-W{week:02d}", f"{start} to {start + timedelta(days=6)}"))
        return found


CLIENT = ClientName()
ARCHIVED_CLIENT = ClientName(archived=True)
STEP = StepId()
STEP_REF = StepRef()
GOAL = GoalId()
DATE = DateText()
PAST_DATE = DateText(past=True)
TOPIC = Topic()
REF = EntryRef()
RULE = Rule()
WEEK = Week()
