"""``coach export``, ``coach import`` and ``coach backup``: data in and out.

The work is in :mod:`coachcli.portable`; these commands parse options, open
the database, call it and say one line about what happened.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from typer._click.exceptions import UsageError

from coachcli.cli import values
from coachcli.cli.common import DbOpt, one_scope, open_db, say

if TYPE_CHECKING:
    from coachcli.portable.records import Scope
    from coachcli.store import Database


class ExportFormat(StrEnum):
    json = "json"
    csv = "csv"
    ics = "ics"


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    value = n / 1024
    for unit in ("KB", "MB"):
        if value < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


def _clock_time(value: str | None) -> str | None:
    """``--remind``: a time of day as HH:MM on the 24-hour clock, refused as a usage error otherwise."""
    if value is None:
        return None
    hours, sep, minutes = value.strip().partition(":")
    if not (sep and hours.isdigit() and minutes.isdigit() and len(minutes) == 2 and len(hours) <= 2
            and int(hours) < 24 and int(minutes) < 60):
        raise typer.BadParameter(f"{value!r} is not a time of day: give HH:MM, e.g. 07:30 or 21:00")
    return f"{int(hours):02d}:{minutes}"


def _scope(store: Database, client: str | None) -> Scope:
    from coachcli import service
    from coachcli.portable.records import Scope

    if client is None:
        return Scope()
    who = service.client_for_read(store, client)
    return Scope((who.id,), (who.name,)) if who else Scope((), (client,))


#: What this module adds to ``coach``: its commands, attached at import (see cli.build_app).
commands = typer.Typer()


@commands.command("export")
def export(
    client: Annotated[
        str | None,
        typer.Option("--client", "-c", metavar="NAME", click_type=values.CLIENT,
                     callback=one_scope, help="This client alone. Default: every client.",
                     show_default=False),
    ] = None,
    all_: Annotated[
        bool, typer.Option("--all", "-a", callback=one_scope, help="Every client (the default).")
    ] = False,
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", metavar="FORMAT",
                     help="json: everything, to back up or merge; csv: a zip "
                     "of one CSV per table; ics: steps as calendar events."),
    ] = ExportFormat.json,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE",
                     help="Write to FILE (atomically) instead of stdout.", show_default=False),
    ] = None,
    remind: Annotated[
        str | None,
        typer.Option("--remind", metavar="TIME", callback=_clock_time,
                     help="ics: each step at this time of day (HH:MM), with an alarm. "
                     "Default: all-day events, no alarm.", show_default=False),
    ] = None,
    db: DbOpt = None,
) -> None:
    """Export data as json, a csv zip or an ics calendar.

    json is the versioned format for backups and merges (coach import);
    csv is a zip of one file per table; ics puts steps in a calendar.

    The ics calendar leaves out days set aside and paused; run from
    cron with -o, it keeps a subscribed calendar current.

    \b
    Examples:
      coach export -o coach.json
      coach export -c Alice --format ics -o alice.ics
      coach export --format ics --remind 07:30 -o ~/calendars/steps.ics
    """
    from coachcli.clock import utc_now
    from coachcli.errors import InputError
    from coachcli.fileio import output as open_output

    if remind is not None and fmt is not ExportFormat.ics:
        raise UsageError("--remind sets the time of calendar events: use it with --format ics")
    if fmt is ExportFormat.csv and output is None and sys.stdout.isatty():
        raise InputError("a csv export is a zip file: write it with -o FILE.zip")
    with open_db(db, write=False) as store:
        # realpath, not resolve(): a symbolic-link loop is fileio's to refuse, in words.
        if output is not None and os.path.realpath(output.expanduser()) == os.path.realpath(store.path):
            raise InputError(f"{output} is the database itself; choose another file name")
        scope = _scope(store, client)
        stamp = utc_now()
        with open_output(output) as out:
            if fmt is ExportFormat.json:
                from coachcli.portable.export_json import write_json

                counts = write_json(store.conn, out, scope, exported_at=stamp,
                                    schema_version=store.schema_version())
            elif fmt is ExportFormat.csv:
                from coachcli.portable.export_csv import write_csv_zip

                counts = write_csv_zip(store.conn, out, scope, exported_at=stamp)
            else:
                from coachcli.portable.export_ics import write_ics

                at = None
                if remind is not None:
                    from datetime import time

                    at = time.fromisoformat(remind)
                counts = write_ics(store.conn, out, scope, remind=at)
    if output is not None and str(output) != "-":
        from coachcli.portable.fmt import SPECS, plural

        what = ", ".join(plural(SPECS[t], n) for t, n in counts.items() if n) or "nothing"
        say(f"Exported {what} to {output} ({_size(output.stat().st_size)}).")


@commands.command("import")
def import_(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="A json export (coach export), or - for stdin.",
                             show_default=False)
    ],
    as_name: Annotated[
        str | None,
        typer.Option("--as", metavar="NAME", help="Import the file's single client as this client "
                     "(e.g. a client's own tracking, where they are 'me').", show_default=False),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check the file and say what would change.")
    ] = False,
    db: DbOpt = None,
) -> None:
    """Merge a json export; safe to repeat.

    New records are added and, for records on both sides, the newer
    change wins. The whole file lands in one transaction (coach undo
    reverts it).

    \b
    Examples:
      coach import laptop.json
      coach import alice.json --as Alice
    """
    from coachcli.portable.importer import open_export
    from coachcli.portable.merge import import_file

    # A dry run into a new file previews the import against an empty database.
    with open_export(file) as (raw, source), \
            open_db(db, write=not dry_run, missing="empty") as store:
        result = import_file(store, raw, source, as_name=as_name, dry_run=dry_run)
    for note in result.notes:
        say(note)
    say(result.summary())


@commands.command("backup")
def backup(
    path: Annotated[
        Path | None,
        typer.Argument(metavar="[PATH]", show_default=False,
                       help="Backup file or directory. Default: coach-YYYYMMDD-HHMMSS.db "
                       "beside the database."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    db: DbOpt = None,
) -> None:
    """Copy the database safely, even while in use.

    An online copy through SQLite's backup API, consistent while other
    commands write, created with mode 0600.

    \b
    Examples:
      coach backup
      coach backup ~/Backups/coach.db
    """
    from coachcli.portable.backup import backup_database
    from coachcli.runtime import database_path

    source = database_path(db).expanduser()
    with open_db(source, write=False) as store:
        result = backup_database(store, path, force=force)
    say(f"Backed up {source} to {result.path} ({_size(result.size)}).")
