"""``coach group ...``: groups the coach runs, with dated membership, consent and a shared challenge."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from coachcli import service
from coachcli.cli import steps, values
from coachcli.cli.common import DbOpt, FormatOpt, fmt_value, open_db, say, today, when

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)

GroupArg = Annotated[str, typer.Argument(metavar="NAME", help="The group's name (case-insensitive).")]
MemberArg = Annotated[
    str,
    typer.Argument(metavar="CLIENT", click_type=values.CLIENT, help="A client's name (case-insensitive)."),
]
OnOpt = Annotated[
    str | None,
    typer.Option("--on", metavar="DATE", click_type=values.PAST_DATE,
                 help="The day it happened, if before today: YYYY-MM-DD, 'last monday', '2 weeks ago'.",
                 show_default=False),
]


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(metavar="NAME", help="The new group's name.")],
    note: Annotated[str | None, typer.Option(metavar="TEXT", help="What the group is for.")] = None,
    db: DbOpt = None,
) -> None:
    """Start a group: a running group, a writing circle.

    A 12-week cohort, a class: any group you run.
    Then add members (group join), share a challenge (group step) and read
    the group's weeks (coach report --group NAME).

    \b
    Examples:
      coach group add Runners --note "Tuesday evening group"
      coach group join Runners Alice
    """
    with open_db(db, write=True) as store:
        group = service.add_group(store, name, note, today=today())
    say(f"Added group {group.name} (id {group.id}). Next: coach group join '{group.name}' CLIENT")


@app.command("join")
def join(name: GroupArg, member: MemberArg, on: OnOpt = None, db: DbOpt = None) -> None:
    """A client joins a group, from today or --on DATE.

    A client may be in several groups. They get their own copy of each of
    the group's challenges, from the day they join, under a goal of theirs
    named after the group. They share totals with the group until they say
    otherwise (coach group consent).

    \b
    Examples:
      coach group join Runners Alice
      coach group join Runners Bo --on "last monday"
    """
    with open_db(db, write=True) as store:
        m = service.join_group(store, name, member, on=when(on), today=today())
    say(f"{m.client} joined {name} on {m.joined_on}; they share totals until they choose otherwise.")


@app.command("leave")
def leave(name: GroupArg, member: MemberArg, on: OnOpt = None, db: DbOpt = None) -> None:
    """A member leaves a group, today or --on DATE.

    They are a member until the day before.
    Their steps stay theirs; reports of the weeks they were in still count
    them as those weeks were.

    \b
    Examples:
      coach group leave Runners Bo
      coach group leave Runners Bo --on 2026-11-30
    """
    with open_db(db, write=True) as store:
        m = service.leave_group(store, name, member, on=when(on), today=today())
    say(f"{m.client} left {name} on {m.left_on}.")


@app.command("consent")
def consent(
    name: GroupArg,
    member: MemberArg,
    level: Annotated[str, typer.Argument(metavar="LEVEL", help="none, totals or named.")] = "totals",
    as_: Annotated[
        str | None,
        typer.Option("--as", metavar="PSEUDONYM", help="With named: the name peers see instead of theirs.",
                     show_default=False),
    ] = None,
    on: OnOpt = None,
    db: DbOpt = None,
) -> None:
    """What a member lets the other members see.

    From today, or --on DATE.
    \b
    Levels:
      none    the coach sees their figures; peers see nothing of them
      totals  counted in the group's totals, never named (the default)
      named   their own week named in celebrations, under --as PSEUDONYM
              if they choose one
    A member can choose a more private level at any time; it takes effect
    in every report made from then on, past weeks included. A more open
    level counts from the day it is given. A challenge marked --sensitive
    is never shown member by member, whatever the level.

    \b
    Examples:
      coach group consent Runners Alice named --as "Blue Fox"
      coach group consent Runners Bo none
    """
    with open_db(db, write=True) as store:
        given = service.set_consent(store, name, member, level.strip().lower(), pseudonym=as_, on=when(on),
                                    today=today())
    shown = f" as {given.pseudonym}" if given.pseudonym else ""
    say(f"From {given.on_date}, {member} shares at level {given.level}{shown} in {name}.")


@app.command("step")
def step(
    name: GroupArg,
    title: Annotated[str, typer.Argument(metavar="TITLE", help="The challenge, e.g. 'Run 20 minutes'.")],
    every: Annotated[
        str | None,
        typer.Option("--every", metavar="RULE", help="Schedule: daily, weekdays, mon,wed,fri, 3/week, "
                     "'every 3 days'...", show_default=False),
    ] = None,
    at_least: steps.AtLeastOpt = None,
    at_most: steps.AtMostOpt = None,
    start: Annotated[
        str | None,
        typer.Option("--start", metavar="DATE", click_type=values.DATE, help="First day. Default: today.",
                     show_default=False),
    ] = None,
    sensitive: Annotated[
        bool, typer.Option("--sensitive", help="Peers see totals of it, never a member's own figures "
                           "(weight, drinks...).")
    ] = False,
    db: DbOpt = None,
) -> None:
    """Share a challenge: each member gets a step of it.

    A challenge recurs (--every RULE) or is measured (--at-least or
    --at-most an amount a day, week or month): then the group's page counts
    who met it each week and what the group logged together.
    Each current member's copy sits under a goal of theirs named after the
    group (made if needed); members who join later get it from their join
    date. Each member logs their own copy (coach done STEP -c NAME, with
    --amount N for a measured one).

    \b
    Examples:
      coach group step Runners "Run 20 minutes" --every mon,wed,fri
      coach group step Runners "Run" --at-least "20 km/week"
      coach group step Cohort "Drinks" --at-most "14 drinks/week" --sensitive
    """
    rule = steps.plan_text(every, at_least, at_most)
    if rule is None:
        from typer._click.exceptions import UsageError

        raise UsageError("give the challenge a plan: --every RULE, or --at-least/--at-most TARGET "
                         "(e.g. --at-least '20 km/week')")
    with open_db(db, write=True) as store:
        challenge, given = service.add_challenge(store, name, title, rule, start=when(start), today=today(),
                                                 sensitive=sensitive)
    say(f"Shared '{challenge.title}' ({challenge.schedule}) from {challenge.start_date}; "
        f"{given} member{'s' if given != 1 else ''} got their own step.")


@app.command("session")
def session(
    name: GroupArg,
    on: OnOpt = None,
    note: Annotated[str | None, typer.Option(metavar="TEXT", help="What the group talked about, agreed, "
                                             "wants to try.")] = None,
    db: DbOpt = None,
) -> None:
    """Record that the group met, today or --on DATE.

    Group prep (coach group prep NAME) then reads what changed since this
    session; its note opens the next prep.

    \b
    Examples:
      coach group session Runners --note "Agreed to try a Sunday long run"
      coach group session Runners --on yesterday
    """
    with open_db(db, write=True) as store:
        met = service.record_session(store, name, on=when(on), note=note, today=today())
    say(f"Recorded a session of {name} on {met.on_date}. Before the next one: coach group prep '{name}'")


@app.command("prep")
def prep(name: GroupArg, fmt: FormatOpt = None, db: DbOpt = None) -> None:
    """The page to read before a group session.

    What changed since the last one: the challenge's figures since then,
    wins of members who share their name, who joined or left, how many
    changed what they share, and one question for the group. It says what
    the group may hear and no more: members who share nothing are in no
    figure, members who share totals are counted, never named. Nothing of
    a member's other goals appears.

    \b
    Examples:
      coach group prep Runners
      coach group prep Runners --format markdown
    """
    from coachcli.render.document import emit
    from coachcli.render.groupprep import group_prep_document

    with open_db(db, write=False) as store:
        page = service.prep_group(store, name, today=today())
    emit(group_prep_document(page), fmt_value(fmt))


@app.command("list")
def list_(
    archived: Annotated[bool, typer.Option("--archived", help="Include archived groups.")] = False,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """List groups and how many members each has today.

    \b
    Examples:
      coach group list
      coach group list --archived --format json
    """
    from coachcli.render.document import emit
    from coachcli.render.groups import groups_document

    day = today()
    with open_db(db, write=False) as store:
        rows = [(g, len(service.show_group(store, g.name).current(day)))
                for g in service.list_groups(store, include_archived=archived)]
    emit(groups_document(rows), fmt_value(fmt))


@app.command("show")
def show(name: GroupArg, fmt: FormatOpt = None, db: DbOpt = None) -> None:
    """Show a group: members, what each shares, challenges.

    Every spell of membership, with what each member shares today.
    \b
    Examples:
      coach group show Runners
      coach group show Runners --format json
    """
    from coachcli.render.document import emit
    from coachcli.render.groups import group_document

    day = today()
    with open_db(db, write=False) as store:
        view = service.show_group(store, name)
    members = [(m.client, m.joined_on, m.left_on, *view.level_of(m.client_id, day)) for m in view.members]
    emit(group_document(view.group, members, view.challenges, view.sessions), fmt_value(fmt))


@app.command("rename")
def rename(
    old: GroupArg, new: Annotated[str, typer.Argument(metavar="NEW", help="The new name.")], db: DbOpt = None
) -> None:
    """Rename a group.

    Members' goals named after it keep their titles.
    \b
    Example:
      coach group rename Runners "Tuesday runners"
    """
    with open_db(db, write=True) as store:
        group = service.rename_group(store, old, new)
    say(f"Renamed group to {group.name}.")


@app.command("archive")
def archive(name: GroupArg, db: DbOpt = None) -> None:
    """Set a group aside (it leaves the list).

    Its records and reports stay.
    \b
    Example:
      coach group archive Runners
    """
    with open_db(db, write=True) as store:
        group = service.set_group_archived(store, name, today(), archived_=True)
    say(f"Archived group {group.name} (coach group restore '{group.name}' brings it back).")


@app.command("restore")
def restore(name: GroupArg, db: DbOpt = None) -> None:
    """Bring an archived group back.

    \b
    Example:
      coach group restore Runners
    """
    with open_db(db, write=True) as store:
        group = service.set_group_archived(store, name, today(), archived_=False)
    say(f"Restored group {group.name}.")


@app.command("delete")
def delete(
    name: GroupArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    db: DbOpt = None,
) -> None:
    """Delete a group, its members and challenges.

    Its memberships, consents and challenges go; coach undo brings them
    back.
    Members keep their own steps and what they logged of them.

    \b
    Example:
      coach group delete Runners --yes
    """
    with open_db(db, write=True) as store:
        if not yes:
            if not sys.stdin.isatty():
                from coachcli.errors import InputError

                raise InputError(f"not a terminal, so nothing was asked; confirm with --yes "
                                 f"(coach group delete '{name}' --yes)")
            group, counts = service.group_records(store, name)
            members = counts["group_members"]
            sys.stdout.write(f"Delete group {group.name} and its {members} membership(s)? [y/N] ")
            sys.stdout.flush()
            if sys.stdin.readline().strip().lower() not in ("y", "yes"):
                say("Nothing was deleted.")
                return
        group, counts = service.delete_group(store, name)
    say(f"Deleted group {group.name} ({counts['group_members']} membership(s), "
        f"{counts['group_challenges']} challenge(s)); members keep their steps. coach undo brings it back.")


HELP = """Groups: members, what each shares, a challenge.

Membership and consent are dated, so the report of a past week reads the
group as it was that week. Each member chooses what peers see (none,
totals, named); coach report --group NAME is the group's page.

\b
Examples:
  coach group add Runners
  coach group join Runners Alice
  coach group consent Runners Alice named --as "Blue Fox"
  coach group step Runners "Run 20 minutes" --every mon,wed,fri
  coach report --group Runners
"""


#: What this module adds to ``coach``: its commands, attached at import (see cli.build_app).
commands = typer.Typer()
commands.add_typer(app, name="group", help=HELP)
