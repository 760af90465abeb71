"""``coach sync`` and ``coach hub``: a practice shares its caseload through PostgreSQL."""

from __future__ import annotations

from typing import Annotated

import typer

from coachcli.cli.common import DbOpt, FormatOpt, fmt_value, open_db, say

HubOpt = Annotated[
    str | None,
    typer.Option(
        "--hub",
        metavar="URL",
        help="The hub: a postgresql://USER@HOST/DB URL or libpq connection string. "
        "Default: $COACH_HUB, else the hub this database synced with, else $PGSERVICE.",
        show_default=False,
    ),
]

hub_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)


@hub_app.command("init")
def init(
    url: Annotated[
        str | None,
        typer.Argument(metavar="[URL]", help="postgresql://OWNER@HOST/DB (default: $COACH_HUB).",
                       show_default=False),
    ] = None,
) -> None:
    """Create or migrate the hub on PostgreSQL.

    Creates the hub in a PostgreSQL database, or brings its schema up to date.
    Run it as the database's owner, with the CREATEROLE privilege: it creates
    the schema coachhub and the group roles coachhub_coach and coachhub_client.
    Running it again is safe.

    \b
    Example:
      coach hub init postgresql://practice@db.example.org/practice
    """
    from coachcli.portable import sync

    where, before, after = sync.init_hub(url)
    if before == after:
        say(f"The hub at {where} is up to date (schema {after}).")
    elif before == 0:
        say(f"Created the hub at {where} (schema {after}). Next: coach hub grant ROLE")
    else:
        say(f"Migrated the hub at {where} from schema {before} to {after}.")


@hub_app.command("grant")
def grant(
    role: Annotated[
        str, typer.Argument(metavar="ROLE", help="The PostgreSQL role of a coach or client.",
                            show_default=False)
    ],
    clients: Annotated[
        list[str] | None,
        typer.Argument(metavar="[CLIENT]...", help="Clients on the hub, by name or UUID.",
                       show_default=False),
    ] = None,
    self_tracker: Annotated[
        bool, typer.Option("--self", help="ROLE is the client CLIENT, tracking themselves.")
    ] = False,
    hub: HubOpt = None,
) -> None:
    """Let a role sync clients (or --self).

    A coach role may sync the clients named (a coach's own new clients reach
    the hub with their first coach sync and are theirs already; grant lets a
    colleague see them too). With --self, ROLE is the client CLIENT tracking
    themselves: their 'me' becomes that client (created on the hub if new).
    The login role is created if needed; set its password with psql's
    \\password (coachcli never handles passwords). Run as the hub's owner.

    \b
    Examples:
      coach hub grant anna                  # anna is a coach
      coach hub grant ben Alice Carlos      # ben may sync Alice and Carlos too
      coach hub grant alice_self Alice --self
    """
    from coachcli.portable import sync

    for line in sync.grant(hub, role, list(clients or []), self_tracker=self_tracker):
        say(line)


@hub_app.command("revoke")
def revoke(
    role: Annotated[
        str, typer.Argument(metavar="ROLE", help="The role to take access from.", show_default=False)
    ],
    clients: Annotated[
        list[str], typer.Argument(metavar="CLIENT...", help="Clients, by name or UUID.", show_default=False)
    ],
    hub: HubOpt = None,
) -> None:
    """Stop a role syncing some clients.

    From then on the hub shows that role none of their records and accepts no
    change to them. What the role synced earlier stays on its own machine.

    \b
    Example:
      coach hub revoke ben Carlos
    """
    from coachcli.portable import sync

    for line in sync.revoke(hub, role, clients):
        say(line)


@hub_app.command("who")
def who(hub: HubOpt = None, fmt: FormatOpt = None) -> None:
    """List coaches, clients and their grants.

    Every coach and self-tracking client role on the hub, and whom each may sync.

    \b
    Example:
      coach hub who --hub postgresql://practice@db.example.org/practice
    """
    from coachcli.portable import sync
    from coachcli.render.document import emit
    from coachcli.render.sync import people_document

    emit(people_document(sync.people(hub)), fmt_value(fmt))


HELP = """Set up a practice hub; say who syncs what.

The hub is a PostgreSQL database that coaches and self-tracking clients sync
their own files with (coach sync); PostgreSQL decides who sees which client.

\b
Examples:
  coach hub init postgresql://practice@db.example.org/practice
  coach hub grant anna
  coach hub grant ben Alice
  coach hub grant alice_self Alice --self
  coach hub who
"""


#: What this module adds to ``coach``: its commands, attached at import (see cli.build_app).
commands = typer.Typer()
commands.add_typer(hub_app, name="hub", help=HELP)


@commands.command("sync")
def sync_command(
    hub: HubOpt = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would move; change nothing.")
    ] = False,
    conflicts: Annotated[
        bool, typer.Option("--conflicts", help="List the versions that lost a merge; sync nothing.")
    ] = False,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """Exchange changes with the practice hub.

    Both ways. Records travel by UUID: what changed on one side since the last sync goes
    to the other; when both changed the same record the last version the hub
    received wins (yours, sent now) and the other is kept (see --conflicts).
    Deletions travel too. Your reports read this file alone, so you can work
    offline and sync later.

    \b
    Examples:
      export COACH_HUB=postgresql://anna@db.example.org/practice
      coach sync --dry-run
      coach sync
      coach sync --conflicts
    """
    from coachcli.portable import sync

    if conflicts:
        from coachcli.render.document import emit
        from coachcli.render.sync import conflicts_document

        with open_db(db, write=False) as store:
            emit(conflicts_document(sync.conflicts(store), sync.LABELS), fmt_value(fmt))
        return
    from coachcli.render.sync import sync_lines

    with open_db(db, write=True) as store:
        result = sync.sync(store, hub, dry_run=dry_run)
    for line in sync_lines(result, sync.LABELS):
        say(line)
