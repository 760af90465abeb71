"""``coach restart NAME``: welcoming a client back after a gap, guided on a terminal."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from coachcli import service
from coachcli.cli import values
from coachcli.cli.common import DbOpt, date_option, open_db, say, today, when

if TYPE_CHECKING:
    from datetime import date

    from coachcli.service.returning import Gap, Restarted
    from coachcli.store import Database


#: What this module adds to ``coach``: its commands, attached at import (see cli.build_app).
commands = typer.Typer()


@commands.command("restart")
def restart(
    name: Annotated[
        str, typer.Argument(metavar="NAME", click_type=values.CLIENT, help="The client coming back.",
                            show_default=False)],
    gap_from: Annotated[
        str | None, date_option("--gap-from", help="First day of the gap to set aside. Default: the day "
                                "after the last entry."),
    ] = None,
    gap_until: Annotated[
        str | None, date_option("--gap-until", help="Last day of the gap. Default: yesterday."),
    ] = None,
    reason: Annotated[
        str | None,
        typer.Option("--reason", metavar="TEXT", show_default=False,
                     help="Why the gap (flu, a hard month): kept with each day set aside. "
                     "Without it, nothing is set aside."),
    ] = None,
    rate: Annotated[
        list[str] | None,
        typer.Option("--rate", metavar="RATING",
                     help="Re-rate a goal: GOAL_ID:IMPORTANCE:CONFIDENCE, 0-10 each, such as 1:8:3 "
                     "(1::3 leaves importance as it is; repeatable).",
                     show_default=False),
    ] = None,
    smaller: Annotated[
        list[str] | None,
        typer.Option("--smaller", metavar="PLAN",
                     help="A smaller schedule for a step: STEP_ID:RULE, such as 1:2/week (repeatable).",
                     show_default=False),
    ] = None,
    from_: Annotated[
        str | None, date_option("--from", help="When the smaller plans start. Default: next Monday."),
    ] = None,
    commit: Annotated[
        str | None,
        typer.Option("--commit", metavar="TEXT", help="One small first step back.", show_default=False),
    ] = None,
    sure: Annotated[
        int | None, typer.Option("--sure", metavar="N", help="How sure the client is of it, 0-10.",
                                 show_default=False),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option("--note", metavar="TEXT", help="What has been happening, in the client's words.",
                     show_default=False),
    ] = None,
    db: DbOpt = None,
) -> None:
    """Welcome a client back after a gap, in one write.

    Sets the gap aside with its reason in one go (every planned day of every
    active step, as skip --from --until would), re-rates importance and
    confidence, makes steps smaller from a fresh start (next Monday unless
    --from says otherwise; the days before it keep their plan), and records
    the return as a session with one small commitment. On a terminal with
    no options it asks, one question at a time; coach undo takes it all back.

    \b
    Examples:
      coach restart Dan
      coach restart Dan --reason "flu, then a hard week" --rate 1:8:4 --smaller 1:2/week
      coach restart Dan --reason flu --commit "one short run on Tuesday" --sure 7
    """
    from coachcli.render.restart import restarted_lines

    day = today()
    gap_given = gap_from is not None or gap_until is not None
    flags = gap_given or any(v is not None for v in (reason, rate, smaller, from_, commit, sure, note))
    with open_db(db, write=True) as store:
        gap = service.gap_of(store, name, day)
        if flags or not sys.stdin.isatty():
            first = when(gap_from) or gap.first
            last = when(gap_until) or gap.last or (day if gap_given else None)
            if gap_given and first is None:
                from coachcli.errors import InputError

                raise InputError("give --gap-from too: the client has no entry to count the gap from")
            span = (first, last) if reason is not None and first is not None and last is not None else None
            if gap_given and reason is None:
                from coachcli.errors import InputError

                raise InputError(
                    "--gap-from and --gap-until set a gap aside with its --reason: give --reason")
            done = service.restart(
                store, name, today=day, gap=span, reason=reason,
                ratings=[_rating(r) for r in rate or []], smaller=[_smaller(s) for s in smaller or []],
                smaller_from=when(from_, prefer="future"), commitment=commit, sure=sure, note=note)
        else:
            done = _guided(store, name, day, gap)
    for line in restarted_lines(done):
        say(line)


def _number(text: str, what: str, spec: str) -> int | None:
    from coachcli.errors import InputError

    if not text.strip():
        return None
    if not text.strip().isdecimal():
        raise InputError(f"{what} '{spec}' needs whole numbers, such as 1:8:3")
    return int(text)


def _rating(spec: str) -> tuple[int, int | None, int | None]:
    """``GOAL_ID:IMPORTANCE:CONFIDENCE`` (either value may be left empty)."""
    from coachcli.errors import InputError

    parts = spec.split(":")
    if len(parts) != 3 or not parts[0].strip():
        raise InputError(f"--rate reads GOAL_ID:IMPORTANCE:CONFIDENCE, such as 1:8:3; got '{spec}'")
    goal = _number(parts[0], "--rate", spec)
    assert goal is not None
    return goal, _number(parts[1], "--rate", spec), _number(parts[2], "--rate", spec)


def _smaller(spec: str) -> tuple[int, str]:
    """``STEP_ID:RULE``: a step and its smaller schedule."""
    from coachcli.errors import InputError

    step, _, rule = spec.partition(":")
    if not step.strip().isdecimal() or not rule.strip():
        raise InputError(f"--smaller reads STEP_ID:RULE, such as 1:2/week; got '{spec}'")
    return int(step), rule.strip()


def _guided(store: Database, client: str, day: date, gap: Gap) -> Restarted:
    """One question at a time, open first: what has been happening, then what would help."""
    from coachcli.cli.track import _ask, _ask_number
    from coachcli.render import restart as words
    from coachcli.textsafe import clean

    who = service.client_for_read(store, client)
    if who is None:
        from coachcli.errors import NotFoundError

        raise NotFoundError(f"no client named '{client}' yet")
    sys.stdout.write(words.welcome(who.name) + "\n\n")
    note = _ask(words.HAPPENING + " (Enter to skip)\n> ") or None
    span = None
    reason = None
    if gap.first is not None and gap.last is not None:
        reason = _ask(words.set_aside_question(gap.first, gap.last) + "\n> ") or None
        span = (gap.first, gap.last) if reason else None
    ratings: list[tuple[int, int | None, int | None]] = []
    for g in service.list_goals(store, who, today=day):
        if g.status != "active":
            continue
        sys.stdout.write(f"\nGoal {g.id}: {clean(g.title)}\n")
        imp = _ask_number("  " + words.IMPORTANT, 0, 10, g.importance)
        conf = _ask_number("  " + words.CONFIDENT, 0, 10, g.confidence)
        if imp is not None or conf is not None:
            ratings.append((g.id, imp, conf))
    start = service.fresh_start(day)
    smaller: list[tuple[int, str]] = []
    for s in service.list_steps(store, who):
        if s.status != "active" or s.schedule is None:
            continue
        while True:
            rule = _ask(words.smaller_question(s, start) + "\n> ")
            if not rule:
                break
            try:
                from coachcli.domain.schedule import plan_schedule

                smaller.append((s.id, plan_schedule(rule).text))
                break
            except Exception as exc:
                sys.stdout.write(f"{exc}\n")
    commit = _ask("\n" + words.FIRST_STEP + " (Enter to skip)\n> ") or None
    sure = _ask_number(words.SURE, 0, 10, None) if commit else None
    return service.restart(store, who.name, today=day, gap=span, reason=reason, ratings=ratings,
                           smaller=smaller, smaller_from=start, commitment=commit, sure=sure, note=note)
