"""``coach goal ...``: goals, ruler ratings and status changes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from coachcli import service
from coachcli.cli import values
from coachcli.cli.common import (
    AllOpt,
    ClientOpt,
    DbOpt,
    FormatOpt,
    OnOpt,
    date_option,
    fmt_value,
    on_date,
    open_db,
    say,
    today,
    when,
)

if TYPE_CHECKING:
    from coachcli.domain.records import GoalStatus, Rating

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)

IdArg = Annotated[
    int,
    typer.Argument(metavar="GOAL_ID", click_type=values.GOAL, help="Goal id (see: coach goal list).",
                   show_default=False),
]
ImportanceOpt = Annotated[
    int | None,
    typer.Option("--importance", "-i", metavar="N", help="How important, 0-10.", show_default=False),
]
ConfidenceOpt = Annotated[
    int | None,
    typer.Option("--confidence", "-k", metavar="N", help="How confident of success, 0-10.",
                 show_default=False),
]


@app.command("add")
def add(
    title: Annotated[str, typer.Argument(metavar="TITLE", help="What the client wants to achieve.")],
    client: ClientOpt = "me",
    why: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Why it matters, in the client's words.")
    ] = None,
    importance: ImportanceOpt = None,
    confidence: ConfidenceOpt = None,
    by: Annotated[
        str | None, date_option("--by", help="Target date: 2026-12-31, 'in 3 months', 'next friday'...")
    ] = None,
    should: Annotated[
        bool, typer.Option("--should", help="Mark as a 'should' (asked of them) rather than a 'want'.")
    ] = False,
    on: Annotated[
        str | None,
        typer.Option("--on", metavar="DATE",
                     help="The day it began, if before today (its first ratings too).",
                     show_default=False),
    ] = None,
    db: DbOpt = None,
) -> None:
    """Add a goal; prints its id.

    Importance and confidence are 0-10 rulers; rate them again as things
    change (coach goal rate), the history is kept. Then break the goal into
    small steps (coach step add).

    \b
    Examples:
      coach goal add "Run a 10k" --importance 8 --confidence 5 --by "in 3 months"
      coach goal add "Cut down on sugar" -c Alice --should --why "doctor's advice"
      coach goal add "Walk daily" -c Bo --on "3 weeks ago" -i 8 -k 5
    """
    target = when(by, prefer="future")
    with open_db(db, write=True) as store:
        goal = service.add_goal(
            store, client, title, today=today(), why=why, importance=importance,
            confidence=confidence, by=target, should=should, on=when(on),
        )
    since = f" (active since {goal.status_on})" if on else ""
    from coachcli.render.voice import Voice

    say(f"Added goal {goal.id}{Voice.of(goal.client).for_whom}: {goal.title}{since}")
    say(f"Next: break it into a small step: coach step add {goal.id} \"...\" --every mon,wed,fri")


@app.command("list")
def list_(
    client: ClientOpt = "me",
    all_: AllOpt = False,
    status: Annotated[
        str,
        typer.Option(metavar="STATUS",
                     help="Goals with this status: active, paused, achieved, dropped or all."),
    ] = "active",
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """List goals with latest importance and confidence.

    \b
    Examples:
      coach goal list -c Alice
      coach goal list --all --status achieved
    """
    from coachcli.errors import InputError
    from coachcli.render import tables
    from coachcli.render.document import Document, emit

    if status not in ("active", "paused", "achieved", "dropped", "all"):
        raise InputError(f"--status must be active, paused, achieved, dropped or all, not {status!r}")
    with open_db(db, write=False) as store:
        who = None if all_ else service.client_for_read(store, client)
        goals = service.list_goals(store, who, all_clients=all_, status=status, today=today())
    from coachcli.render.voice import Voice

    title = "Goals" if all_ else Voice.of(who.name if who else client).whose("Goals")
    emit(Document([tables.goal_rows(goals, title, with_client=all_)], data=goals), fmt_value(fmt))


@app.command("show")
def show(goal_id: IdArg, fmt: FormatOpt = None, db: DbOpt = None) -> None:
    """Show a goal: ratings, status history and steps.

    \b
    Example:
      coach goal show 1
    """
    from coachcli.render.document import emit
    from coachcli.render.tables import goal_document

    with open_db(db, write=False) as store:
        goal = service.get_goal(store, goal_id, today=today())
        ratings = service.goal_ratings(store, goal_id)
        history = service.goal_status_history(store, goal_id)
        steps = service.list_steps(store, None, goal_id=goal_id, include_dropped=True)
    emit(goal_document(goal, ratings, history, steps), fmt_value(fmt))


@app.command("edit")
def edit(
    goal_id: IdArg,
    title: Annotated[str | None, typer.Option(metavar="TEXT", help="New title.")] = None,
    why: Annotated[str | None, typer.Option(metavar="TEXT", help="New reason why it matters.")] = None,
    by: Annotated[str | None, date_option("--by", help="New target date.")] = None,
    no_by: Annotated[bool, typer.Option("--no-by", help="Remove the target date.")] = False,
    should: Annotated[
        bool | None,
        typer.Option("--should/--want", help="Whose goal: asked of them (should) or their own (want).",
                     show_default=False),
    ] = None,
    db: DbOpt = None,
) -> None:
    """Change a goal's title, reason or target date.

    --should/--want changes whose goal it is. Ratings and status changes
    have their own commands: coach goal rate, achieve, pause, resume, drop.

    \b
    Examples:
      coach goal edit 1 --title "Run a half marathon" --by 2027-04-30
      coach goal edit 2 --want
    """
    with open_db(db, write=True) as store:
        goal = service.edit_goal(
            store, goal_id, title=title, why=why, by=when(by, prefer="future"), clear_by=no_by,
            should=should,
        )
    say(f"Updated goal {goal.id}: {goal.title}")


@app.command("rate")
def rate(
    goal_id: IdArg,
    importance: ImportanceOpt = None,
    confidence: ConfidenceOpt = None,
    on: OnOpt = "today",
    note: Annotated[str | None, typer.Option(metavar="TEXT", help="What explains the number.")] = None,
    db: DbOpt = None,
) -> None:
    """Rate importance and/or confidence, 0-10.

    Each rating is added to the goal's history, never overwriting one. With
    --on, a rating is recorded for that date; if a later rating exists, that
    one stays the current value.

    \b
    Examples:
      coach goal rate 1 --confidence 6 --note "after the physio"
      coach goal rate 1 -i 9 -k 4 --on yesterday
    """
    with open_db(db, write=True) as store:
        before = service.get_goal(store, goal_id)
        rating = service.rate_goal(
            store, goal_id, on=on_date(on), today=today(), importance=importance,
            confidence=confidence, note=note,
        )
        history = service.goal_ratings(store, goal_id)
    parts = []
    if importance is not None:
        parts.append(_rated("importance", importance, before.importance, rating, history))
    if confidence is not None:
        parts.append(_rated("confidence", confidence, before.confidence, rating, history))
    day = "" if rating.on_date == today() else f" for {rating.on_date.isoformat()}"
    say(f"Rated goal {goal_id} ({before.title}){day}: " + ", ".join(parts) + ".")


def _rated(
    what: Literal["importance", "confidence"], new: int, old: int | None, rating: Rating,
    history: Sequence[Rating],
) -> str:
    """How a ruler moved; a back-dated rating behind a later one leaves the latest value current."""
    later = [r for r in history if getattr(r, what) is not None and r.on_date > rating.on_date]
    if later:
        latest = max(later, key=lambda r: (r.on_date, r.id))
        return (f"{what} {new}/10 (the latest stays {getattr(latest, what)}/10, "
                f"from {latest.on_date.isoformat()})")
    return _change(what, old, new)


def _change(what: str, old: int | None, new: int) -> str:
    if old is None or old == new:
        return f"{what} {new}/10"
    return f"{what} {old} -> {new}/10"


def _status_command(status: GoalStatus, goal_id: int, on: str, reason: str | None, db: DbOpt,
                    until: str | None = None) -> None:
    day = on_date(on) if status in ("achieved", "dropped") else when(on, prefer="neither")
    assert day is not None
    last = when(until, prefer="neither")
    with open_db(db, write=True) as store:
        goal = service.set_goal_status(
            store, goal_id, status, on=day, today=today(), reason=reason, until=last
        )
    verbs = {"achieved": "Achieved", "paused": "Paused", "active": "Resumed", "dropped": "Dropped"}
    if last is not None:
        say(f"Paused goal {goal.id} ({goal.title}) from {day.isoformat()} to {last.isoformat()}; "
            f"it resumes on {goal.status_on.isoformat()}.")
        return
    ahead = " (ahead: until then it stays as it is)" if day > today() else ""
    say(f"{verbs[status]} goal {goal.id} ({goal.title}) on {day.isoformat()}{ahead}.")
    if status == "achieved":
        say("Worth celebrating: what made the difference?")


@app.command("achieve")
def achieve(goal_id: IdArg, on: OnOpt = "today", db: DbOpt = None) -> None:
    """Mark a goal achieved: a win worth celebrating.

    \b
    Example:
      coach goal achieve 1 --on yesterday
    """
    _status_command("achieved", goal_id, on, None, db)


AheadOnOpt = Annotated[
    str,
    typer.Option("--on", metavar="DATE", click_type=values.DATE,
                 help="The day it takes effect, past or future (a bare weekday other than "
                 "today's: say 'next friday' or 'last friday'). Default: today."),
]


@app.command("pause")
def pause(
    goal_id: IdArg,
    on: AheadOnOpt = "today",
    until: Annotated[
        str | None,
        typer.Option("--until", metavar="DATE", click_type=values.DATE,
                     help="The pause's last day: it resumes the day after.", show_default=False),
    ] = None,
    reason: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Why (a holiday, a busy month); kept with it.")
    ] = None,
    db: DbOpt = None,
) -> None:
    """Pause a goal: its steps are not expected meanwhile.

    A pause can be entered ahead (a holiday agreed in advance): until its
    day the goal stays as it is. With --until it resumes by itself the day
    after.

    \b
    Examples:
      coach goal pause 2
      coach goal pause 2 --on 2026-12-21 --until 2027-01-03 --reason "holiday"
    """
    _status_command("paused", goal_id, on, reason, db, until)


@app.command("resume")
def resume(goal_id: IdArg, on: AheadOnOpt = "today", db: DbOpt = None) -> None:
    """Resume a paused, achieved or dropped goal.

    --on may be a past day or one ahead (back from a break agreed in advance).

    \b
    Example:
      coach goal resume 2
    """
    _status_command("active", goal_id, on, None, db)


@app.command("drop")
def drop(
    goal_id: IdArg,
    reason: Annotated[
        str, typer.Option(metavar="TEXT", help="Why it no longer fits; kept with the goal.")
    ],
    on: OnOpt = "today",
    db: DbOpt = None,
) -> None:
    """Drop a goal, keeping the reason why.

    \b
    Example:
      coach goal drop 2 --reason "no longer a priority after the move"
    """
    _status_command("dropped", goal_id, on, reason, db)


HELP = """Goals, their 0-10 ratings, and status changes.

A goal has importance and confidence rulers (0-10, history kept), small
steps (coach step), and a status: active, paused, achieved or dropped.

\b
Examples:
  coach goal add "Walk-run a 5k" --importance 9 --confidence 4
  coach goal rate 1 --confidence 6
  coach goal achieve 1
"""


#: What this module adds to ``coach``: its commands, attached at import (see cli.build_app).
commands = typer.Typer()
commands.add_typer(app, name="goal", help=HELP)
