"""``coach edit REF`` and ``coach delete REF``: correcting one entry of the log."""

from __future__ import annotations

from typing import Annotated

import typer

from coachcli import service
from coachcli.cli import values
from coachcli.cli.common import DbOpt, open_db, say, today, when

RefArg = Annotated[
    str,
    typer.Argument(metavar="REF", help="The entry's reference, as coach log shows it: a12, c3, k7, r5, s4.",
                   click_type=values.REF, show_default=False),
]


#: What this module adds to ``coach``: its commands, attached at import (see cli.build_app).
commands = typer.Typer()


@commands.command("edit")
def edit(
    ref: RefArg,
    on: Annotated[
        str | None, typer.Option("--on", metavar="DATE",
                                 help="Its new date (a commitment: the day --outcome was known).",
                                 show_default=False)
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help="Its new note (a status change's reason).",
                                 show_default=False)
    ] = None,
    count: Annotated[
        int | None,
        typer.Option("--count", metavar="N", help="An action done: how many times.", show_default=False),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option("--kind", metavar="KIND", help="An action: done, missed or skip.", show_default=False),
    ] = None,
    amount: Annotated[
        str | None,
        typer.Option("--amount", metavar="N", help="A measured step's done: how much.", show_default=False),
    ] = None,
    mood: Annotated[
        int | None, typer.Option("--mood", metavar="N", help="A check-in's mood, 1-5.", show_default=False)
    ] = None,
    win: Annotated[
        list[str] | None,
        typer.Option("--win", metavar="TEXT", help="A check-in's wins (repeatable; replaces them).",
                     show_default=False),
    ] = None,
    obstacle: Annotated[
        list[str] | None,
        typer.Option("--obstacle", metavar="TEXT", help="A check-in's obstacles (repeatable; replaces them).",
                     show_default=False),
    ] = None,
    commit: Annotated[
        list[str] | None,
        typer.Option("--commit", metavar="TEXT", help="A check-in's commitments (repeatable; replaces them).",
                     show_default=False),
    ] = None,
    importance: Annotated[
        int | None, typer.Option("--importance", "-i", metavar="N", help="A rating's importance, 0-10.",
                                 show_default=False)
    ] = None,
    confidence: Annotated[
        int | None, typer.Option("--confidence", "-k", metavar="N", help="A rating's confidence, 0-10.",
                                 show_default=False)
    ] = None,
    text: Annotated[
        str | None, typer.Option("--text", metavar="TEXT", help="A commitment's words.", show_default=False)
    ] = None,
    sure: Annotated[
        int | None, typer.Option("--sure", metavar="N", help="How sure the client was of a commitment, 0-10.",
                                 show_default=False)
    ] = None,
    due: Annotated[
        str | None,
        typer.Option("--due", metavar="DATE", help="When a commitment is due.", show_default=False)
    ] = None,
    outcome: Annotated[
        str | None,
        typer.Option("--outcome", metavar="HOW",
                     help="How a commitment went: kept, partly or not-kept (none: not looked at yet).",
                     show_default=False),
    ] = None,
    db: DbOpt = None,
) -> None:
    """Correct one entry of the log.

    Or mark how a commitment went (--outcome).

    Its date, note, count, amount or kind, a check-in's contents, a rating's values.
    REF is the entry's reference in coach log (a: action, c: check-in,
    k: commitment, r: rating, s: status change). It prints what changed;
    coach undo reverts it. A commitment is marked kept, partly or not-kept
    from the day after it was made.

    \b
    Examples:
      coach edit a12 --on yesterday
      coach edit a12 --kind missed --note "rain"
      coach edit a14 --amount 5.5
      coach edit c3 --mood 4 --win "ran twice"
      coach edit r5 --confidence 6
      coach edit k7 --outcome partly
    """
    from coachcli.render.messages import correction_lines

    values = {
        "on": when(on), "note": note, "count": count, "amount": amount, "kind": kind, "mood": mood,
        "wins": win or None, "obstacles": obstacle or None, "commitments": commit or None,
        "importance": importance, "confidence": confidence,
        "text": text, "sure": sure, "due": when(due, prefer="future"), "outcome": outcome,
    }
    with open_db(db, write=True) as store:
        done = service.edit_entry(store, ref, today=today(), values=values)
    for line in correction_lines(done):
        say(line)


@commands.command("delete")
def delete(ref: RefArg, db: DbOpt = None) -> None:
    """Remove one entry of the log.

    A status change can be removed when it is its goal's latest; the day a
    goal began is re-dated with coach edit instead. It prints what it
    removed; coach undo brings it back.

    \b
    Examples:
      coach delete a12
      coach delete c3
      coach delete k7
    """
    from coachcli.render.messages import correction_lines

    with open_db(db, write=True) as store:
        done = service.delete_entry(store, ref)
    for line in correction_lines(done):
        say(line)
