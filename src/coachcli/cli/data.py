"""The database itself: ``init``, ``db path``, ``db check``, ``db compact``."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from coachcli.cli.common import DbOpt, open_db, say
from coachcli.runtime import database_path

db_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)


def _exists(target: Path) -> bool:
    """Whether ``target`` is there; a path the system rejects is left to ``open_db`` to explain."""
    try:
        return target.exists()
    except OSError:  # e.g. a name too long for the file system
        return True


@db_app.command("path")
def path(db: DbOpt = None) -> None:
    """Print where the database file is.

    It may not exist yet: any write creates it. --db or $COACH_DB choose
    another file.

    \b
    Example:
      coach db path
    """
    sys.stdout.write(f"{database_path(db)}\n")


@db_app.command("check")
def check(db: DbOpt = None) -> None:
    """Check the database's integrity and schema.

    Runs SQLite's integrity and foreign-key checks and says the schema
    version; exit status 1 when it finds a problem.

    \b
    Example:
      coach db check
    """
    from coachcli.service.database import check_health

    target = database_path(db)
    with open_db(target, write=False) as store:
        report = check_health(store)
    for line in report.lines:
        say(line)
    if not report.ok:
        raise typer.Exit(1)


@db_app.command("compact")
def compact(db: DbOpt = None) -> None:
    """Rewrite the file from its live records.

    Runs SQLite's VACUUM and empties the write-ahead log, so that deleted
    records leave no bytes in the file. client delete
    --purge does this itself; run it when that step could not finish (a
    full disk, another command holding the file).

    \b
    Example:
      coach db compact
    """
    from coachcli.service.database import compact as rewrite

    target = database_path(db)
    with open_db(target, write=True) as store:
        rewrite(store)
    say(f"Rewrote {target}: deleted records leave no bytes in it.")


HELP = """Where the database is; check or rewrite it.

\b
Examples:
  coach db path
  coach db check
  coach db compact
"""


#: What this module adds to ``coach``: its commands, attached at import (see cli.build_app).
commands = typer.Typer()
commands.add_typer(db_app, name="db", help=HELP)


@commands.command("init")
def init(db: DbOpt = None) -> None:
    """Create the database (any write also does).

    The file is private to you (mode 0600).

    \b
    Examples:
      coach init
      coach init --db ~/coaching/clients.db
    """
    target = database_path(db)
    existed = _exists(target)
    with open_db(target, write=True) as store:
        version = store.schema_version()
    say(f"{'Database already exists' if existed else 'Created'}: {target} (schema {version})")
