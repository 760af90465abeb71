"""``coach client ...``: the caseload."""

from __future__ import annotations

from typing import Annotated

import typer

from coachcli import service
from coachcli.cli import values
from coachcli.cli.common import DbOpt, FormatOpt, fmt_value, open_db, say, today, when

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)

NameArg = Annotated[
    str, typer.Argument(metavar="NAME", click_type=values.CLIENT, help="Client name (case-insensitive).")
]
NewNameArg = Annotated[str, typer.Argument(metavar="NAME", help="The new client's name.")]
ArchivedArg = Annotated[
    str, typer.Argument(metavar="NAME", click_type=values.ARCHIVED_CLIENT, help="An archived client's name.")
]


@app.command("add")
def add(
    name: NewNameArg,
    note: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Anything worth remembering about them.")
    ] = None,
    on: Annotated[
        str | None,
        typer.Option("--on", metavar="DATE",
                     help="The day the coaching began, if before today: '3 weeks ago'...",
                     show_default=False),
    ] = None,
    db: DbOpt = None,
) -> None:
    """Add a client to the caseload.

    Names are one line and match case-insensitively ('alice' finds Alice).
    Without -c, commands use the client 'me', created on first use. Taking
    on someone who started weeks ago: --on dates their beginning, then add
    their goals with goal add --on and backfill with done --on.

    \b
    Examples:
      coach client add Alice --note "Referred by Dr Lee"
      coach client add Bo --on "3 weeks ago"
    """
    with open_db(db, write=True) as store:
        client = service.add_client(store, name, note, today=today(), on=when(on))
    since = f", coached since {client.started_on}" if on else ""
    say(f"Added client {client.name} (id {client.id}{since}).")


@app.command("list")
def list_(
    archived: Annotated[bool, typer.Option("--archived", help="Include archived clients.")] = False,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """List clients, their active goals and last activity.

    \b
    Examples:
      coach client list
      coach client list --archived --format json
    """
    from coachcli.render.document import emit
    from coachcli.render.tables import clients_document

    with open_db(db, write=False) as store:
        rows = service.list_clients(store, include_archived=archived, today=today())
    emit(clients_document(rows), fmt_value(fmt))


@app.command("show")
def show(name: NameArg, fmt: FormatOpt = None, db: DbOpt = None) -> None:
    """Show a client with their goals and steps.

    \b
    Example:
      coach client show alice --format markdown
    """
    from coachcli.render.document import emit

    with open_db(db, write=False) as store:
        client = service.client_for_read(store, name)
        goals = service.list_goals(store, client, status="all", today=today())
        steps = service.list_steps(store, client)
    from coachcli.render.tables import client_document

    doc = client_document(name, client, goals, steps)
    emit(doc, fmt_value(fmt))


@app.command("rename")
def rename(
    old: Annotated[str, typer.Argument(metavar="OLD", click_type=values.CLIENT, help="Current name.")],
    new: Annotated[str, typer.Argument(metavar="NEW", help="New name.")],
    db: DbOpt = None,
) -> None:
    """Rename a client; their goals and history follow.

    \b
    Example:
      coach client rename alice "Alice Martin"
    """
    with open_db(db, write=True) as store:
        client = service.rename_client(store, old, new)
    say(f"Renamed {old} to {client.name}.")


@app.command("archive")
def archive(name: NameArg, db: DbOpt = None) -> None:
    """Archive a client: hidden, with their history kept.

    An archived client is left out of lists, --all and reports, and nothing
    new can be recorded for them until they are restored.

    \b
    Example:
      coach client archive Alice
    """
    with open_db(db, write=True) as store:
        client = service.set_client_archived(store, name, today(), archived=True)
    say(f"Archived {client.name}. Bring them back with: coach client restore {client.name}")


@app.command("restore")
def restore(name: ArchivedArg, db: DbOpt = None) -> None:
    """Restore an archived client.

    \b
    Example:
      coach client restore Alice
    """
    with open_db(db, write=True) as store:
        client = service.set_client_archived(store, name, today(), archived=False)
    say(f"Restored {client.name}.")


@app.command("delete")
def delete(
    name: NameArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    purge: Annotated[
        bool,
        typer.Option("--purge", help="Leave no trace: also forget their writes in the undo journal "
                     "and rewrite the file (cannot be undone)."),
    ] = False,
    db: DbOpt = None,
) -> None:
    """Delete a client and all their records.

    Asks first on a terminal; elsewhere (scripts) give --yes. Without
    --purge, coach undo brings them back, and their records stay in the undo
    journal. With --purge nothing of them remains in the database file;
    backups and exports made before still hold them.

    \b
    Examples:
      coach client delete Alice
      coach client delete Alice --yes --purge
    """
    import sys

    from coachcli.errors import InputError
    from coachcli.render.messages import counted, removal_lines

    with open_db(db, write=True) as store:
        if not yes:
            if not sys.stdin.isatty():
                raise InputError(
                    f"deleting a client needs a confirmation: run it on a terminal, or add --yes "
                    f"(coach client delete {name} --yes)"
                )
            found = service.client_records(store, name)
            extra = " for good (--purge: it cannot be undone)" if purge else ""
            sys.stdout.write(f"Delete {found.client} and {counted(found)}{extra}? [y/N] ")
            sys.stdout.flush()
            answer = sys.stdin.readline().strip().lower()
            if answer not in ("y", "yes"):
                say("Nothing was deleted.")
                return
        removed = service.delete_client(store, name, purge=purge)
    for line in removal_lines(removed):
        say(line)


HELP = """The caseload: add, list, show, rename, archive, delete.

A client tracking themselves needs none of this: without -c (or
$COACH_CLIENT) every command uses the client 'me', created on first use.

\b
Examples:
  coach client add Alice --note "Referred by Dr Lee"
  coach goal add "Sleep by 11" -c alice
  coach client list
"""


#: What this module adds to ``coach``: its commands, attached at import (see cli.build_app).
commands = typer.Typer()
commands.add_typer(app, name="client", help=HELP)
