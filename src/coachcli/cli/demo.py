"""``coach demo``: a realistic caseload in its own database, to explore or benchmark.

The demo never writes to the user's database: it takes its own ``--db``
option (deliberately not ``$COACH_DB``) and by default builds a fresh file in
a private temporary directory.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from coachcli.cli.common import FormatOpt, ListFormat, fmt_value, generated_at, open_db, say, today

if TYPE_CHECKING:
    from coachcli.demo.generate import DemoSummary

DemoDbOpt = Annotated[
    Path | None,
    typer.Option(
        "--db",
        metavar="PATH",
        help="Build the demo in this new file (refused if it already holds data). "
        "Default: a new temporary file. $COACH_DB is never used.",
        show_default=False,
        dir_okay=False,
    ),
]


#: What this module adds to ``coach``: its commands, attached at import (see cli.build_app).
commands = typer.Typer()


@commands.command("demo")
def demo(
    db: DemoDbOpt = None,
    clients: Annotated[int, typer.Option(metavar="N", help="How many clients (1-10000).")] = 6,
    days: Annotated[
        int, typer.Option(metavar="N", help="Days of history, ending today (7-3650).")
    ] = 56,
    seed: Annotated[int, typer.Option(metavar="N", help="The same seed builds the same data.")] = 1,
    no_report: Annotated[
        bool, typer.Option("--no-report", help="Build, without showing the report.")
    ] = False,
    fmt: FormatOpt = None,
) -> None:
    """Build a demo caseload and show its report.

    It goes in its own database, never yours. Six clients over eight
    weeks by default, each with a different story (steady, doing less
    lately, a say-do gap, gone quiet, low confidence, improving). --clients 200
    --days 730 builds the benchmark data set.

    \b
    Examples:
      coach demo
      coach demo --db demo.db --no-report
      coach demo --clients 200 --days 730 --no-report
    """
    import shutil

    from coachcli import demo as demo_data

    demo_data.check_size(clients, days)
    target, temporary = demo_data.demo_target(db)
    try:
        summary = demo_data.build(target, clients=clients, days=days, seed=seed, end=today())
    except BaseException:
        if temporary:
            shutil.rmtree(target.parent, ignore_errors=True)
        raise
    json_out = fmt is ListFormat.json and not no_report
    _tell(summary, stream_err=json_out)
    if not no_report:
        _show_report(summary.path, fmt)


def _tell(summary: DemoSummary, *, stream_err: bool) -> None:
    """What was built, where, and commands to explore it with."""
    from coachcli.demo.generate import PERSONA_HINTS

    c = summary.counts
    path = shlex.quote(str(summary.path))
    lines = [
        f"Built a demo caseload: {c['clients']:,} clients, {c['goals']:,} goals, "
        f"{c['steps']:,} steps, {c['actions']:,} actions, {c['checkins']:,} check-ins, "
        f"{c['ratings']:,} ratings",
        f"over {summary.days} days ending {summary.end.isoformat()} (seed {summary.seed}).",
        f"Database: {summary.path}",
        "",
    ]
    who = {p.persona: p.name for p in reversed(summary.clients)}
    tries = [f"coach report --all --db {path}", f"coach client list --db {path}"]
    for persona in ("slipping", "say_do_gap", "quiet"):
        name = who.get(persona)
        if name is not None:
            hint = PERSONA_HINTS[persona]
            tries.append(f"coach log -c {shlex.quote(name)} --db {path}    # {hint}")
    tries.append(f"export COACH_DB={path}    # make it the default in this shell")
    lines += ["Try:", *(f"  {t}" for t in tries), ""]
    if stream_err:
        from coachcli.textsafe import clean

        sys.stderr.write("".join(clean(line, one_line=False) + "\n" for line in lines))
    else:
        for line in lines:
            say(line)


def _show_report(db_path: Path, fmt: ListFormat | None) -> None:
    """The caseload's report for the last 7 days: what a coach would read first."""
    from coachcli.render.document import emit
    from coachcli.render.report import report_document
    from coachcli.service.report import build_report, choose_window
    end = today()
    with open_db(db_path, write=False) as store:
        result = build_report(store, None, choose_window(end), end, generated_at=generated_at())
    emit(report_document(result), fmt_value(fmt))
