"""Reading commands built on the analysis: ``report``, ``agenda``, ``prep``, ``config``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from typer._click.exceptions import UsageError

from coachcli.cli.common import (
    AllOpt,
    ClientOpt,
    DbOpt,
    FormatOpt,
    ReportFormat,
    WeekOpt,
    date_option,
    fmt_value,
    name_argument,
    named,
    open_db,
    say,
    today,
    when,
)
from coachcli.fileio import parse_mode
from coachcli.runtime import client_ids

OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE",
                 help="Write to this file (atomically) instead of stdout.",
                 dir_okay=False, show_default=False),
]

_SUFFIX_FORMATS = {".html": "html", ".htm": "html", ".json": "json", ".md": "markdown"}


#: What this module adds to ``coach``: its commands, attached at import (see cli.build_app).
commands = typer.Typer()


@commands.command("report")
def report(
    client: ClientOpt = "me",
    all_: AllOpt = False,
    week: WeekOpt = None,
    since: Annotated[str | None, date_option("--since", help="Window start (with --until).")] = None,
    until: Annotated[str | None, date_option("--until", help="Window end. Default: today.")] = None,
    fmt: Annotated[
        ReportFormat | None,
        typer.Option("--format", "-f", metavar="FORMAT", help="rich, text, markdown, json or html. "
                     "Default: rich on a terminal, text otherwise, or from -o's extension.",
                     show_default=False),
    ] = None,
    output: OutputOpt = None,
    summary: Annotated[
        bool, typer.Option("--summary", help="The short form, for a weekly mail: with --all the "
                           "caseload table and one line per client worth a conversation; for "
                           "yourself (me), your week and what to think about.")
    ] = False,
    mail_to: Annotated[
        str | None,
        typer.Option("--mail-to", metavar="ADDRESS", help="Mail the report (as text) to ADDRESS "
                     "through sendmail (/usr/sbin/sendmail, or $COACH_SENDMAIL) instead of "
                     "printing it; nothing is mailed if anything goes wrong.", show_default=False),
    ] = None,
    subject: Annotated[
        str | None,
        typer.Option("--subject", metavar="TEXT", help="With --mail-to: the subject. Default: "
                     "the report's first line.", show_default=False),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="With -o or --mail-to: print nothing when all "
                           "went well (cron mails anything a job prints).")
    ] = False,
    mode: Annotated[
        str | None,
        typer.Option("--mode", metavar="MODE", help="With -o: the file's permissions in octal, "
                     "e.g. 0644 for a page a web server serves. Default: 0600 for a new file.",
                     show_default=False),
    ] = None,
    group: Annotated[
        str | None,
        typer.Option("--group", "-g", metavar="NAME", help="A group's page instead: how many members did "
                     "its challenge each week, celebrations of members who share their name, one "
                     "question for the group. Shows nothing of members who share nothing.",
                     show_default=False),
    ] = None,
    coach_view: Annotated[
        bool, typer.Option("--coach", help="With --group: add every member's figures, for the coach "
                           "alone (never send this one to the group).")
    ] = False,
    db: DbOpt = None,
) -> None:
    """Progress, and where actions diverge from goals.

    Default window: the last 7 days ending today. Each signal gives the
    evidence and an open question to ask; --all ranks the caseload by
    how much attention each client needs. More: coach help report.

    \b
    Columns:
      Goal       the goal's id and title
      Done/plan  occurrences done / planned in the window
      %          done / planned, as a percentage
      Imp, Conf  importance and confidence 0-10, with their change (↑2, ↓1)
      Streak     the latest expected occurrences all done in a row
      Habit      strength 0-100, a habit score that forgives a single miss
      8 weeks    done / expected each week, oldest first (· nothing planned)
      Done       (--all) the share of planned steps done, all goals
      Last seen  (--all) the client's latest action or check-in
      Worth exploring, Working  (--all) the signals of each kind

    \b
    Examples:
      coach report -c Alice
      coach report --all --week last --format text
      coach report --all --summary --week last
      coach report --summary --week last --mail-to you@example.org
      coach report -c Alice --since 2026-11-01 -o alice.html
      coach report --week last -o /var/www/week.html --mode 0644 --quiet
      coach report --group Runners --week last
      coach report --group Runners --coach
    """
    from coachcli.runtime import show_report

    if output is not None and str(output) == "-":
        output = None  # stdout, as for export -o -
    chosen = fmt_value(fmt)
    if chosen is None and output is not None:
        chosen = _SUFFIX_FORMATS.get(output.suffix.lower(), "text")  # type: ignore[assignment]
    if summary and chosen == "html":
        raise UsageError("--summary has no html form; the html report is the full one")
    if mail_to is not None and output is not None:
        raise UsageError("give either -o FILE or --mail-to ADDRESS, not both")
    if mail_to is not None and chosen == "html":
        raise UsageError("--mail-to mails text: use --format text or markdown")
    if subject is not None and mail_to is None:
        raise UsageError("--subject goes with --mail-to ADDRESS")
    if mode is not None and output is None:
        raise UsageError("--mode sets the permissions of the -o FILE: give -o too")
    if coach_view and group is None:
        raise UsageError("--coach goes with --group NAME")
    if group is not None:
        _group_report(group, coach_view=coach_view, week=week, since=since, until=until, fmt=chosen,
                      output=output, summary=summary, mail_to=mail_to, subject=subject, quiet=quiet,
                      mode=mode, db=db, scoped=all_ or client != "me")
        return
    show_report(client, all_clients=all_, week=week, since=since, until=until, fmt=chosen,
                output=output, db=db, summary=summary, quiet=quiet, mail_to=mail_to,
                subject=subject, mode=None if mode is None else parse_mode(mode))


@commands.command("agenda")
def agenda(
    client: ClientOpt = "me",
    all_: AllOpt = False,
    on: Annotated[str, date_option("--on", help="The day to look at. Default: today.")] = "today",
    week: WeekOpt = None,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """What is due today, overdue, or still needed.

    Quota steps (3/week) say how many more this period; occurrences of
    the last few days that nobody logged are listed too. With --week,
    the days of that week from the agenda's day on (this week: from
    today to Sunday).

    \b
    Examples:
      coach agenda
      coach agenda --all --week this
      coach agenda -c Alice --week next
    """
    from coachcli.render.document import emit
    from coachcli.render.tables import agenda_document
    from coachcli.service.agenda import agenda as load_agenda

    # An agenda looks ahead: a weekday name means the coming one, as for due dates.
    day = when(on, prefer="future") or today()
    with open_db(db, write=False) as store:
        window, items = load_agenda(store, client_ids(store, client, all_), day, today(),
                                    week=week)
    emit(agenda_document(window, items, with_client=all_, week=week is not None), fmt_value(fmt))


@commands.command("prep")
def prep(
    ctx: typer.Context,
    name: Annotated[str | None, name_argument("The client you are about to see (or -c NAME).")] = None,
    client: ClientOpt = "me",
    group: Annotated[
        str | None,
        typer.Option("--group", "-g", metavar="NAME", help="A group's session instead: what changed "
                     "since its last one, as the group may hear it (as coach group prep NAME).",
                     show_default=False),
    ] = None,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """One page to read before a session.

    Everything since the last check-in marked --session: what went
    right (achieved goals, wins, the longest run of a step, the best
    week), what was done, what followed each commitment from last time,
    status and rating changes, what is worth exploring, and at most
    prep.questions questions (coach config prep.questions 5).
    With --group NAME: the page before a group session.

    \b
    Examples:
      coach prep Alice
      coach prep -c Alice --format markdown
      coach prep --group Runners
    """
    from coachcli.render.document import emit

    if group is not None:
        if name is not None:
            raise UsageError("--group prepares a group's session: leave out the client's NAME")
        from coachcli import service
        from coachcli.render.groupprep import group_prep_document

        with open_db(db, write=False) as store:
            emit(group_prep_document(service.prep_group(store, group, today=today())), fmt_value(fmt))
        return
    from coachcli.render.prep import prep_document
    from coachcli.service.prep import build_prep

    who = named(ctx, name, client)
    with open_db(db, write=False) as store:
        page = build_prep(store, who, today())
    emit(prep_document(page), fmt_value(fmt))


@commands.command("history")
def history(
    ctx: typer.Context,
    name: Annotated[str | None, name_argument("The client (or -c NAME).")] = None,
    client: ClientOpt = "me",
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """A client's whole course on one screen.

    Every week since the client began, per goal (done of planned, as
    the report counted that week), the importance and confidence
    rulers as small charts, goal status changes, and the sessions with
    what was agreed.

    \b
    Examples:
      coach history Alice
      coach history -c Alice --format json
    """
    from coachcli.render.document import emit
    from coachcli.render.history import history_document
    from coachcli.service.history import build_history

    who = named(ctx, name, client)
    with open_db(db, write=False) as store:
        page = build_history(store, who, today())
    emit(history_document(page), fmt_value(fmt))


@commands.command("config")
def config(
    key: Annotated[
        str | None, typer.Argument(metavar="[KEY]", help="A setting, e.g. stalled.days.")
    ] = None,
    value: Annotated[str | None, typer.Argument(metavar="[VALUE]", help="Its new value.")] = None,
    reset: Annotated[bool, typer.Option("--reset", help="Back to the default.")] = False,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """Show or change the report's thresholds.

    They are stored in the database, so a report from cron uses them
    too; coach undo reverts a change.

    \b
    Examples:
      coach config
      coach config stalled.days 14
      coach config stalled.days --reset
    """
    from coachcli.service.settings import list_settings, set_setting

    if key is None:
        from coachcli.render.document import emit
        from coachcli.render.tables import settings_document

        with open_db(db, write=False) as store:
            rows = list_settings(store)
        emit(settings_document(rows), fmt_value(fmt))
        return
    if value is None and not reset:
        from coachcli.service.settings import get_setting

        with open_db(db, write=False) as store:
            setting = get_setting(store, key)
        say(f"{key} = {setting.value:g}")
        return
    with open_db(db, write=True) as store:
        new = set_setting(store, key, None if reset else value)
    say(f"{key} = {new:g}" + (" (default)" if reset else ""))


def _group_report(name: str, *, coach_view: bool, week: str | None, since: str | None, until: str | None,
                  fmt: str | None, output: Path | None, summary: bool, mail_to: str | None,
                  subject: str | None, quiet: bool, mode: str | None, db: Path | None, scoped: bool) -> None:
    """``coach report --group NAME``: the group's weeks, printed, written to -o FILE or mailed."""
    if scoped:
        raise UsageError("--group reports on a group: leave out -c/--all")
    from coachcli import service
    from coachcli.render.groups import group_report_document
    from coachcli.runtime import deliver, send_document
    from coachcli.service.report import choose_window

    window = choose_window(today(), week=week, since=when(since), until=when(until))
    with open_db(db, write=False) as store:
        report = service.report_group(store, name, end=window.end, today=today(), coach_view=coach_view)
    doc = group_report_document(report, coach_view=coach_view, summary=summary)
    permissions = None if mode is None else parse_mode(mode)
    if fmt == "html":
        from coachcli.render.grouphtml import group_report_html

        deliver(group_report_html(doc, f"Group {report.group}"), output, quiet=quiet, mode=permissions)
        return
    send_document(doc, fmt, output=output, mail_to=mail_to, subject=subject, quiet=quiet,
                  mode=permissions)
