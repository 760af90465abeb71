"""Everyday tracking: ``done``, ``missed``, ``skip``, ``checkin``, ``log`` and ``undo``.

``coach done`` is the command run most often, from a shell prompt, so this
module and everything it imports at the top must stay light.
"""

from __future__ import annotations

import sys
from datetime import timedelta
from typing import TYPE_CHECKING, Annotated, NamedTuple

import typer

from coachcli import service
from coachcli.cli import values
from coachcli.cli.common import (
    AllOpt,
    ClientOpt,
    DbOpt,
    FormatOpt,
    PastOnOpt,
    StepArg,
    StepClientOpt,
    date_option,
    fmt_value,
    on_date,
    open_db,
    say,
    today,
    when,
)

if TYPE_CHECKING:
    from datetime import date

    from coachcli.domain.records import ActionKind, Client, Goal, Outcome
    from coachcli.store import Database

def _log(kind: ActionKind, step: str, on: str, note: str | None, count: int, db: DbOpt,
         client: str, amount: str | None = None) -> None:
    from coachcli.runtime import log_and_tell

    log_and_tell(kind, step, on=on, note=note, times=count, db=db, client=client, amount=amount)


#: What this module adds to ``coach``: its commands, attached at import (see cli.build_app).
commands = typer.Typer()


@commands.command("done")
def done(
    step: StepArg,
    client: StepClientOpt = "me",
    on: PastOnOpt = "today",
    note: Annotated[str | None, typer.Option(metavar="TEXT", help="Anything worth remembering.")] = None,
    count: Annotated[
        int, typer.Option(metavar="N", help="How many times (for quota steps such as 3/week).")
    ] = 1,
    amount: Annotated[
        str | None,
        typer.Option(metavar="N", help="How much, for a measured step (--at-least/--at-most): "
                     "5.2 (km, glasses...); 0 for a day with none. Several a day add up.",
                     show_default=False),
    ] = None,
    db: DbOpt = None,
) -> None:
    """Log that a step was done, or how much of it (--amount).

    \b
    Examples:
      coach done 1
      coach done screens
      coach done 1 --on yesterday --note "felt easier"
      coach done 2 --count 2
      coach done 3 --amount 5.2
      coach done 4 --amount 0 --on yesterday
    """
    _log("done", step, on, note, count, db, client, amount)

@commands.command("missed")
def missed(
    step: StepArg,
    client: StepClientOpt = "me",
    on: PastOnOpt = "today",
    note: Annotated[
        str | None, typer.Option("--note", "--reason", metavar="TEXT", help="What got in the way.")
    ] = None,
    db: DbOpt = None,
) -> None:
    """Log a missed step and what got in the way.

    A miss is a fact, not a verdict: what got in the way (--note) shows
    up in the report's obstacles, for the next conversation.

    \b
    Example:
      coach missed 1 --on "last monday" --note "late meeting"
    """
    _log("missed", step, on, note, 1, db, client)

@commands.command("skip")
def skip(
    step: StepArg,
    client: StepClientOpt = "me",
    on: Annotated[
        str | None,
        date_option("--on", help="The day to set aside, past or future. Default: today."),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option("--note", "--reason", metavar="TEXT", help="Why (sick, travelling...)."),
    ] = None,
    from_: Annotated[
        str | None,
        date_option("--from", help="First day of a range to set aside (a holiday, a flu week)."),
    ] = None,
    until: Annotated[
        str | None, date_option("--until", help="Last day of the range (with --from)."),
    ] = None,
    db: DbOpt = None,
) -> None:
    """Set a day aside (sick), or a range of days.

    A skipped occurrence is not expected, and breaks no streak. A day or a
    range may be ahead (a holiday agreed in advance) or past (a flu week,
    entered when back); a range stores one skip per planned day (a quota
    step: the range's share of each week or month), undone together.

    \b
    Examples:
      coach skip 1 --on today --note "sick"
      coach skip 1 --from 2026-12-21 --until 2027-01-03 --note "holiday"
    """
    if from_ is None and until is None:
        _log("skipped", step, on or "today", note, 1, db, client)
        return
    from coachcli.errors import InputError
    from coachcli.render.messages import set_aside_lines

    if on is not None:
        raise InputError("give either --on DAY or --from DATE --until DATE, not both")
    if from_ is None or until is None:
        raise InputError("a range set aside needs both --from DATE and --until DATE")
    first, last = when(from_, prefer="neither"), when(until, prefer="neither")
    assert first is not None
    assert last is not None
    with open_db(db, write=True) as store:
        step_id = service.step_for_ref(store, step, client, first)
        done = service.set_aside(store, step_id, first=first, last=last, today=today(), note=note)
    for line in set_aside_lines(done):
        say(line)

@commands.command("checkin")
def checkin(
    client: ClientOpt = "me",
    on: PastOnOpt = "today",
    mood: Annotated[int | None, typer.Option(metavar="N", help="Mood from 1 (low) to 5 (high).")] = None,
    win: Annotated[
        list[str] | None,
        typer.Option("--win", metavar="TEXT", help="Something that went well (repeatable)."),
    ] = None,
    obstacle: Annotated[
        list[str] | None,
        typer.Option("--obstacle", metavar="TEXT", help="Something that got in the way (repeatable)."),
    ] = None,
    commit: Annotated[
        list[str] | None,
        typer.Option("--commit", metavar="TEXT", help="A commitment for next time (repeatable)."),
    ] = None,
    sure: Annotated[
        int | None,
        typer.Option("--sure", metavar="N", help="How sure the client is of the commitments, 0-10.",
                     show_default=False),
    ] = None,
    note: Annotated[str | None, typer.Option(metavar="TEXT", help="Free text.")] = None,
    session: Annotated[
        bool,
        typer.Option("--session", help="This check-in is a session (coach prep counts from it)."),
    ] = False,
    next_: Annotated[
        str | None, date_option("--next", help="A session: the day of the next one."),
    ] = None,
    kept: Annotated[
        list[str] | None,
        typer.Option("--kept", metavar="REF", help="An earlier commitment was kept (k7; repeatable)."),
    ] = None,
    partly: Annotated[
        list[str] | None,
        typer.Option("--partly", metavar="REF", help="An earlier commitment was partly kept (repeatable)."),
    ] = None,
    not_kept: Annotated[
        list[str] | None,
        typer.Option("--not-kept", metavar="REF", help="An earlier commitment was not kept (repeatable)."),
    ] = None,
    due: Annotated[
        str | None, date_option("--due", help="When the commitments are due (looked at after it)."),
    ] = None,
    step: Annotated[
        str | None,
        typer.Option("--step", metavar="STEP", click_type=values.STEP_REF,
                     help="Link the commitments to this step: its id or the beginning of its title.",
                     show_default=False),
    ] = None,
    as_step: Annotated[
        int | None,
        typer.Option("--as-step", metavar="GOAL_ID",
                     help="Make each commitment a one-off step of this goal, due --due (default: in a week).",
                     show_default=False),
    ] = None,
    change: Annotated[
        list[str] | None,
        typer.Option("--change", metavar="TEXT", help="The client's own words for change (repeatable)."),
    ] = None,
    sustain: Annotated[
        list[str] | None,
        typer.Option("--sustain", metavar="TEXT",
                     help="The client's own words for things staying as they are (repeatable)."),
    ] = None,
    rate_all: Annotated[
        bool,
        typer.Option("--rate-all", help="Guided: rate every active goal, also those rated in the "
                     "last two weeks."),
    ] = False,
    db: DbOpt = None,
) -> None:
    """Record a check-in or a session.

    Mood, wins, obstacles, commitments, notes. With no content options on a terminal, it asks a short guided
    conversation, including importance and confidence for each active goal.
    --session marks a coaching session: coach prep starts from the last one,
    and opens with its notes (--note, any length) and what was agreed
    (--commit). --session with nothing else marks where the next prep starts.
    Earlier commitments are marked with --kept, --partly or --not-kept and
    their ref (k7, as coach log shows it), from the day after they were made.
    --change and --sustain keep the client's own words for and against a
    change; prep quotes them.
    Importance and confidence are asked of each active goal not rated in
    the last two weeks (--rate-all: every active goal).

    \b
    Examples:
      coach checkin
      coach checkin -c Alice --mood 4 --win "ran twice" --obstacle "rain"
      coach checkin -c Alice --commit "walk on Saturday" --sure 7 --session
      coach checkin -c Alice --session --kept k3 --not-kept k4 --next "next monday"
      coach checkin -c Alice --commit "book the physio" --as-step 2 --due friday
    """
    from coachcli.render.checkin import saved

    wins, obstacles, commits = list(win or []), list(obstacle or []), list(commit or [])
    day = on_date(on)
    marks: tuple[tuple[list[str] | None, Outcome], ...] = (
        (kept, "kept"), (partly, "partly"), (not_kept, "not_kept"))
    outcomes = [(service.commitment_id(ref), how) for refs, how in marks for ref in refs or []]
    changes, sustains = list(change or []), list(sustain or [])
    next_day = when(next_, prefer="future")
    has_content = bool(wins or obstacles or commits or mood is not None or note or outcomes
                       or changes or sustains)
    if not has_content and not sys.stdin.isatty() and not session:
        from coachcli.errors import InputError

        raise InputError(
            "no check-in content given and no terminal to ask on: use --win, "
            "--obstacle, --commit, --mood, --note or --session"
        )
    rated: list[tuple[str, int | None, int | None]] = []
    with open_db(db, write=True) as store:
        step_id = None if step is None else service.step_for_ref(store, step, client, day or today())
        if has_content or not sys.stdin.isatty():
            result = service.add_checkin(
                store, client, on=day, today=today(), mood=mood, wins=wins, obstacles=obstacles,
                commitments=commits, note=note, session=session, sure=sure, outcomes=outcomes,
                change=changes, sustain=sustains, next_session=next_day, due=when(due, prefer="future"),
                step_id=step_id, as_step_of=as_step,
            )
        else:
            g = _guided(store, client, asked_session=not session, rate_all=rate_all)
            result = service.add_checkin(
                store, client, on=day, today=today(), mood=g.mood, wins=g.wins,
                obstacles=g.obstacles, commitments=g.commitments, note=g.note,
                session=session or g.session, ratings=g.ratings, sure=g.sure,
                rating_notes=g.rating_notes, outcomes=g.outcomes, next_session=next_day,
            )
            rated = [(g.titles[goal_id], imp, conf) for goal_id, imp, conf in g.ratings]
    for line in saved(result, rated):
        say(line)

@commands.command("log")
def log(
    client: ClientOpt = "me",
    all_: AllOpt = False,
    since: Annotated[str | None, date_option("--since", help="From this date. Default: 30 days ago.")] = None,
    until: Annotated[str | None, date_option("--until", help="Up to this date. Default: today.")] = None,
    limit: Annotated[
        int | None, typer.Option(metavar="N", help="The last N entries (N >= 1).", show_default=False)
    ] = None,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """Timeline of actions, ratings and check-ins.

    Status changes of goals are in it too. Default: the last 30 days.

    \b
    Examples:
      coach log
      coach log -c Alice --since "last monday"
      coach log --all --limit 20 --format text
    """
    from coachcli.render.document import emit
    from coachcli.render.tables import timeline_document
    from coachcli.service.timeline import timeline

    start = when(since) or today() - timedelta(days=30)
    end = when(until) or today()
    with open_db(db, write=False) as store:
        who = None if all_ else service.client_for_read(store, client)
        entries = timeline(
            store, who, all_clients=all_, since=start, until=end, limit=limit
        )
    from coachcli.render.voice import Voice

    whose = "Log of everyone" if all_ else Voice.of(who.name if who else client).whose("Log")
    doc = timeline_document(entries, f"{whose}, {start} to {end}", with_client=all_)
    emit(doc, fmt_value(fmt))

@commands.command("undo")
def undo(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be reverted; change nothing.")
    ] = False,
    db: DbOpt = None,
) -> None:
    """Revert the most recent write, saying whose.

    Run it again to walk further back, one write at a time; coach redo
    re-applies what undo reverted, until the next write. Undo is per
    database: it reverts the latest write whoever made it (another
    terminal, a script), so --dry-run first when others write too. An
    older mistake is corrected with coach edit REF or coach delete REF.

    \b
    Examples:
      coach undo --dry-run
      coach undo
    """
    from coachcli.render.messages import undo_line

    with open_db(db, write=not dry_run) as store:
        what = service.undo(store, dry_run=dry_run)
    say(undo_line(what, dry_run=dry_run))


@commands.command("redo")
def redo(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be re-applied; change nothing.")
    ] = False,
    db: DbOpt = None,
) -> None:
    """Re-apply what the last undo reverted.

    Possible until the next write: a new write forgets what was undone.

    \b
    Example:
      coach redo
    """
    from coachcli.render.messages import undo_line

    with open_db(db, write=not dry_run) as store:
        what = service.redo(store, dry_run=dry_run)
    say(undo_line(what, dry_run=dry_run, redo=True))


def _ask(prompt: str) -> str:
    sys.stdout.write(prompt)
    sys.stdout.flush()
    line = sys.stdin.readline()
    if not line:
        raise KeyboardInterrupt
    return line.strip()


def _ask_many(prompt: str) -> list[str]:
    answers: list[str] = []
    first = _ask(prompt + " (Enter to skip)\n> ")
    while first:
        answers.append(first)
        first = _ask("Anything else? (Enter to move on)\n> ")
    return answers


def _ask_number(prompt: str, low: int, high: int, current: int | None) -> int | None:
    keep = f", Enter to keep {current}" if current is not None else ", Enter to skip"
    while True:
        answer = _ask(f"{prompt} ({low}-{high}{keep}) ")
        if not answer:
            return None
        if answer.isdecimal() and low <= int(answer) <= high:  # isdigit() lets '²' reach int()
            return int(answer)
        sys.stdout.write(f"Please answer with a whole number from {low} to {high}.\n")


class Guided(NamedTuple):
    """What the guided conversation heard."""

    wins: list[str]
    obstacles: list[str]
    commitments: list[str]
    mood: int | None
    ratings: list[tuple[int, int | None, int | None]]
    sure: int | None
    note: str | None
    rating_notes: dict[int, str]
    session: bool
    titles: dict[int, str]
    outcomes: list[tuple[int, Outcome]]


#: Goals rated within this many days are not asked about again unless ``--rate-all``.
RATED_RECENTLY_DAYS = 14


def _to_rate(store: Database, goals: list[Goal], every: bool) -> list[Goal]:
    """The active goals to ask the rulers of: by default those not rated in the last two weeks."""
    active = [g for g in goals if g.status == "active"]
    if every:
        return active
    recent = today() - timedelta(days=RATED_RECENTLY_DAYS)
    return [g for g in active
            if not any(r.on_date > recent for r in service.goal_ratings(store, g.id))]


def _days_away(store: Database, who: Client) -> tuple[int, date] | None:
    """(days, last day) since anything was recorded, when that is a quiet spell (``quiet.days``)."""
    from coachcli.service.settings import get_setting

    quiet = get_setting(store, "quiet.days").value
    summary = next((c for c in service.list_clients(store, include_archived=True, today=today())
                    if c.client.id == who.id), None)
    last = summary.last_activity if summary else None
    if last is None:
        return None
    days = (today() - last).days
    return (days, last) if days >= quiet else None


def _guided(store: Database, client: str, *, asked_session: bool = True,
            rate_all: bool = False) -> Guided:
    """A short check-in conversation of open questions, in the MI spirit.

    It opens with what the client said they would do last time, asks whether
    anything made it harder (not what got in the way: nothing may have), rates
    the active goals not rated in the last two weeks (every active goal with
    ``rate_all``), asks about a rating that moved, how sure they are of the
    next step, and (unless --session was given) whether this was a session.
    """
    from coachcli.render import checkin as words
    from coachcli.render.voice import Voice
    from coachcli.textsafe import clean

    who = service.client_for_read(store, client)
    voice = Voice.of(who.name if who else client)
    goals: list[Goal] = service.list_goals(store, who, today=today()) if who else []
    sys.stdout.write(words.OPENING + "\n\n")
    note = None
    outcomes: list[tuple[int, Outcome]] = []
    last = service.last_commitments(store, who.name, today()) if who else None
    away = _days_away(store, who) if who else None
    if away is not None:
        # Back after a quiet spell: a welcome and what happened, not last time's plans.
        went = _ask(words.welcome_back(away[1], today()) + " (Enter to skip)\n> ")
        note = words.back_note(went) if went else None
        last = None
    if last is not None and last[0] < today():
        went = _ask(words.last_commitment([clean(t) for t in last[1]]) + " (Enter to skip)\n> ")
        note = words.went_note(last[1], went) if went else None
    # Back after a quiet spell: last time's commitments are not weighed today (coach edit kN later).
    still_open = service.open_commitments(store, who, today()) if who and away is None else []
    for c in still_open:  # each earlier commitment, marked in three plain answers
        while True:
            answer = _ask(words.commitment_outcome(clean(c.text), c.made_on)).casefold()
            if not answer or answer in words.OUTCOME_ANSWERS:
                break
            sys.stdout.write("Please answer k (kept), p (partly) or n (not kept), or press Enter.\n")
        if answer:
            outcomes.append((c.id, words.OUTCOME_ANSWERS[answer]))
    wins = _ask_many(words.WENT_WELL)
    obstacles = _ask_many(words.IN_THE_WAY)
    ratings: list[tuple[int, int | None, int | None]] = []
    rating_notes: dict[int, str] = {}
    for g in _to_rate(store, goals, rate_all):
        sys.stdout.write(f"\nGoal {g.id}: {clean(g.title)}\n")
        imp = _ask_number("  " + words.IMPORTANT, 0, 10, g.importance)
        conf = _ask_number("  " + words.CONFIDENT, 0, 10, g.confidence)
        if imp is not None or conf is not None:
            ratings.append((g.id, imp, conf))
        why = []
        for what, before, after in (("importance", g.importance, imp), ("confidence", g.confidence, conf)):
            if before is not None and after is not None and after != before:
                answer = _ask("  " + words.moved(what, before, after) + " (Enter to skip)\n  > ")
                if answer:
                    why.append(words.moved_note(what, before, after, answer))
        if why:
            rating_notes[g.id] = "; ".join(why)
    commit = _ask(f"\n{words.NEXT_STEP} (Enter to skip)\n> ")
    sure = _ask_number(words.SURE, 0, 10, None) if commit else None
    mood = _ask_number(words.MOOD, 1, 5, None)
    session = asked_session and _ask(words.session_question(voice)).strip().casefold() in ("y", "yes")
    return Guided(wins, obstacles, [commit] if commit else [], mood, ratings, sure, note,
                  rating_notes, session, {g.id: g.title for g in goals}, outcomes)
