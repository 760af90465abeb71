"""Options shared by every command, and the small helpers commands use.

Kept import-light: typer and the standard library only, so that building the
command tree costs nothing beyond Typer itself.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal, cast

import typer

from coachcli.runtime import generated_at, on_date, open_db, say, today, when

__all__ = ["generated_at", "on_date", "open_db", "say", "today", "when"]


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


DbOpt = Annotated[
    Path | None,
    typer.Option(
        "--db",
        envvar="COACH_DB",
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
        help="Client name (case-insensitive). Default: $COACH_CLIENT, else 'me'.",
    ),
]
FormatOpt = Annotated[
    ListFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format. Default: rich on a terminal, text otherwise.",
        show_default=False,
    ),
]
OnOpt = Annotated[
    str,
    typer.Option(
        "--on",
        help="Date: YYYY-MM-DD, today, yesterday, friday, 'last friday', '3 days ago'.",
    ),
]
AllOpt = Annotated[bool, typer.Option("--all", "-a", help="Every active client, not just one.")]


FormatName = Literal["rich", "text", "markdown", "json", "html"]


def fmt_value(f: ListFormat | ReportFormat | None) -> FormatName | None:
    """The chosen format's name, or None to let the output decide (tty or not)."""
    return None if f is None else cast("FormatName", f.value)
