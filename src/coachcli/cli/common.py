"""Options shared by every command, and the small helpers commands use.

Kept import-light: typer and the standard library only, so that building the
command tree costs nothing beyond Typer itself.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer
from typer._click.core import Context, Parameter, ParameterSource
from typer._click.exceptions import UsageError

from coachcli.cli import values
from coachcli.runtime import generated_at, on_date, open_db, say, today, when

if TYPE_CHECKING:
    from coachcli.render.document import Format as FormatName

__all__ = ["generated_at", "on_date", "open_db", "say", "today", "when"]


# Typer's choices: the names of render.document.FORMATS (mypy needs the members written out).
class ListFormat(StrEnum):
    rich = "rich"
    text = "text"
    markdown = "markdown"
    json = "json"


class ReportFormat(StrEnum):
    rich = "rich"
    text = "text"
    markdown = "markdown"
    json = "json"
    html = "html"


def _given(ctx: Context, name: str) -> bool:
    """Whether the option ``name`` was typed on this command line (not a default or $VAR)."""
    return name in ctx.params and ctx.get_parameter_source(name) is ParameterSource.COMMANDLINE


def one_scope(ctx: Context, param: Parameter, value: object) -> object:
    """``-c NAME`` and ``--all`` name different scopes: giving both is a usage error.

    Checked from both options' callbacks, so the order they are typed in does
    not matter: whichever is processed second sees the first. ``$COACH_CLIENT``
    is a default, not a choice, so ``--all`` still overrides it.
    """
    other = "all_" if param.name == "client" else "client"
    if (value and not ctx.resilient_parsing and _given(ctx, other)
            and ctx.get_parameter_source(param.name or "") is ParameterSource.COMMANDLINE):
        raise UsageError("give either -c/--client NAME or --all, not both", ctx)
    return value


StepArg = Annotated[
    str,
    typer.Argument(metavar="STEP", click_type=values.STEP_REF,
                   help="Step id, or the beginning of its title (see: coach step list).",
                   show_default=False),
]
#: Whose step titles a STEP names; ids are the same for every client.
StepClientOpt = Annotated[
    str,
    typer.Option("--client", "-c", envvar="COACH_CLIENT", metavar="NAME", click_type=values.CLIENT,
                 help="Whose step a title names. Default: $COACH_CLIENT, else 'me'.",
                 show_default=False),
]


DbOpt = Annotated[
    Path | None,
    typer.Option(
        "--db",
        envvar="COACH_DB",
        metavar="PATH",
        help="Database file. Default: $COACH_DB, else the user data directory "
        "(see: coach db path).",
        show_default=False,
        dir_okay=False,
    ),
]
ClientOpt = Annotated[
    str,
    typer.Option(
        "--client",
        "-c",
        envvar="COACH_CLIENT",
        metavar="NAME",
        click_type=values.CLIENT,
        callback=one_scope,
        help="Client name (case-insensitive). Default: $COACH_CLIENT, else 'me'.",
    ),
]
FormatOpt = Annotated[
    ListFormat | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="Output format: rich, text, markdown or json. Default: rich on a terminal, "
        "text otherwise.",
        show_default=False,
    ),
]
OnOpt = Annotated[
    str,
    typer.Option(
        "--on",
        metavar="DATE",
        click_type=values.DATE,
        help="Date: YYYY-MM-DD, today, yesterday, friday, 'last friday', '3 days ago'.",
    ),
]
#: ``--on`` of what can only have happened by today (done, missed, a check-in).
PastOnOpt = Annotated[
    str,
    typer.Option(
        "--on",
        metavar="DATE",
        click_type=values.PAST_DATE,
        help="Date: YYYY-MM-DD, today, yesterday, friday, 'last friday', '3 days ago'.",
    ),
]
AllOpt = Annotated[
    bool, typer.Option("--all", "-a", callback=one_scope, help="Every active client, not just one.")
]
WeekOpt = Annotated[
    str | None,
    typer.Option(
        "--week",
        metavar="WEEK",
        click_type=values.WEEK,
        help="An ISO week, Monday to Sunday: this, last, next or YYYY-Www (e.g. 2026-W47).",
        show_default=False,
    ),
]


def date_option(*names: str, help: str) -> Any:
    """A DATE option (``--since``, ``--by``...): the metavar and completion every date shares."""
    return typer.Option(*names, metavar="DATE", click_type=values.DATE, help=help, show_default=False)


def name_argument(help: str) -> Any:
    """The optional NAME of a command that takes a client as ``NAME`` or ``-c NAME`` (see :func:`named`)."""
    return typer.Argument(metavar="[NAME]", click_type=values.CLIENT, show_default=False, help=help)


def named(ctx: Context, name: str | None, client: str) -> str:
    """The client of ``coach CMD NAME`` or ``coach CMD -c NAME`` (``-c``'s default when neither).

    Given both ways, it is a usage error, not a silent pick of one.
    """
    if name is not None and _given(ctx, "client"):
        command = ctx.info_name
        raise UsageError(f"give the client once: coach {command} NAME or coach {command} -c NAME", ctx)
    return name if name is not None else client


def fmt_value(f: ListFormat | ReportFormat | None) -> FormatName | None:
    """The chosen format's name, or None to let the output decide (tty or not)."""
    return None if f is None else cast("FormatName", f.value)
