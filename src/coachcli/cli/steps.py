"""``coach step ...``: the small, scheduled steps that lead to a goal."""

from __future__ import annotations

from typing import Annotated

import typer

from coachcli import service
from coachcli.cli import values
from coachcli.cli.common import (
    AllOpt,
    ClientOpt,
    DbOpt,
    FormatOpt,
    OnOpt,
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

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)

IdArg = Annotated[
    int,
    typer.Argument(metavar="STEP_ID", click_type=values.STEP, help="Step id (see: coach step list).",
                   show_default=False),
]
EveryOpt = Annotated[
    str | None,
    typer.Option(
        "--every",
        "-e",
        metavar="RULE",
        click_type=values.RULE,
        help="Schedule: daily, weekdays, weekends, mon,wed,fri, 'every 3 days', weekly, monthly, "
        "3/week, 2/month or RRULE:FREQ=...",
        show_default=False,
    ),
]
DueOpt = Annotated[
    str | None,
    date_option("--due", help="Due date of a one-off step: friday, 2026-12-01, 'in 2 weeks'..."),
]
AtLeastOpt = Annotated[
    str | None,
    typer.Option("--at-least", metavar="TARGET",
                 help="A measured step: at least this much a day, week or month ('20 km/week', "
                 "'8 glasses/day', '300 words a day'); log it with coach done ID --amount N.",
                 show_default=False),
]
AtMostOpt = Annotated[
    str | None,
    typer.Option("--at-most", metavar="TARGET",
                 help="A measured step: at most this much a day, week or month ('2 drinks/day'); "
                 "log --amount 0 for a day with none.", show_default=False),
]
StartOpt = Annotated[str | None, date_option("--start", help="First day of the plan. Default: today.")]
UntilOpt = Annotated[str | None, date_option("--until", help="Last day of the plan.")]


def plan_text(every: str | None, at_least: str | None = None, at_most: str | None = None) -> str | None:
    """The plan's stored text: an --every rule, or a measure (--at-least/--at-most), at most one."""
    given = [name for name, v in (("--every", every), ("--at-least", at_least), ("--at-most", at_most))
             if v is not None]
    if len(given) > 1:
        from coachcli.errors import InputError

        raise InputError(f"give one of {' or '.join(given)}: a step is planned one way")
    if at_least is not None or at_most is not None:
        from coachcli.domain.measure import parse_measure

        if at_least is not None:
            return parse_measure(at_least, "at_least").text
        return parse_measure(at_most or "", "at_most").text
    if every is None:
        return None
    from coachcli.domain.schedule import plan_schedule

    return plan_schedule(every).text


@app.command("add")
def add(
    goal_id: Annotated[
        int, typer.Argument(metavar="GOAL_ID", click_type=values.GOAL,
                            help="The goal this step leads to.", show_default=False)
    ],
    title: Annotated[str, typer.Argument(metavar="TITLE", help="A concrete, small action.")],
    every: EveryOpt = None,
    at_least: AtLeastOpt = None,
    at_most: AtMostOpt = None,
    due: DueOpt = None,
    start: StartOpt = None,
    until: UntilOpt = None,
    db: DbOpt = None,
) -> None:
    """Add a small step to a goal; prints its id.

    A step recurs (--every RULE), happens once (--due DATE), or is measured
    in amounts per day, week or month (--at-least or --at-most). Small and
    concrete works best: "Walk 20 minutes", not "Exercise more".

    \b
    Examples:
      coach step add 1 "Walk 20 minutes" --every mon,wed,fri
      coach step add 1 "Stretch" --every 3/week --until "in 4 weeks"
      coach step add 1 "Book a physio appointment" --due friday
      coach step add 1 "Run" --at-least "20 km/week"
      coach step add 2 "Drinks" --at-most "2 drinks/day"
    """
    from coachcli.render import tables

    schedule = plan_text(every, at_least, at_most)
    due_date = when(due, prefer="future")
    with open_db(db, write=True) as store:
        step = service.add_step(
            store, goal_id, title, today=today(), schedule=schedule, due=due_date,
            start=when(start, prefer="future"), until=when(until, prefer="future"),
        )
    say(f"Added step {step.id} to goal {step.goal_id} ({step.goal_title}): {step.title}, "
        f"{tables.describe(step)}")
    say(f"Log it with: coach done {step.id}" + (" --amount N" if schedule and schedule.startswith("at ")
                                                  else ""))


@app.command("list")
def list_(
    client: ClientOpt = "me",
    all_: AllOpt = False,
    goal: Annotated[
        int | None, typer.Option("--goal", "-g", metavar="GOAL_ID", click_type=values.GOAL,
                                 help="This goal's steps.")
    ] = None,
    dropped: Annotated[bool, typer.Option("--dropped", help="Include dropped steps.")] = False,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """List steps with their schedules.

    \b
    Examples:
      coach step list -c Alice
      coach step list --goal 1 --dropped
    """
    from coachcli.render import tables
    from coachcli.render.document import Document, emit
    from coachcli.render.voice import Voice

    with open_db(db, write=False) as store:
        who = None if (all_ or goal is not None) else service.client_for_read(store, client)
        steps = service.list_steps(
            store, who, all_clients=all_, goal_id=goal, include_dropped=dropped
        )
    if all_:
        title = "Steps"
    elif goal is not None:
        title = f"Steps of goal {goal}"
    else:
        title = Voice.of(who.name if who else client).whose("Steps")
    emit(
        Document([tables.step_rows(steps, title, with_client=all_, with_status=dropped)], data=steps),
        fmt_value(fmt),
    )


@app.command("edit")
def edit(
    step_id: IdArg,
    title: Annotated[
        str | None,
        typer.Option(metavar="TEXT", help="New title, from --from on (earlier days keep the old one).",
                     show_default=False),
    ] = None,
    every: EveryOpt = None,
    at_least: AtLeastOpt = None,
    at_most: AtMostOpt = None,
    due: DueOpt = None,
    start: StartOpt = None,
    until: UntilOpt = None,
    no_until: Annotated[bool, typer.Option("--no-until", help="Remove the end date.")] = False,
    from_: Annotated[
        str | None,
        typer.Option("--from", metavar="DATE",
                     help="The day the new plan takes effect, past or future (a bare weekday: "
                     "say 'next monday' or 'last monday'). Default: today.",
                     show_default=False),
    ] = None,
    db: DbOpt = None,
) -> None:
    """Change a step's title or plan from a day on.

    The change applies from --from (default today; a future day plans
    ahead): the days before it keep the plan that judged them, title
    included, so earlier reports, log lines and calendar events read as
    they did (coach step show lists the plan's history). When a step keeps
    not happening, making it smaller is a fine change of plan.

    \b
    Examples:
      coach step edit 1 --title "Walk 10 minutes"
      coach step edit 1 --every mon,thu --from "next monday"
      coach step edit 1 --every weekdays --no-until --from "last monday"
      coach step edit 3 --at-least "25 km/week" --from "next monday"
    """
    from coachcli.render import tables

    since = when(from_, prefer="neither")
    with open_db(db, write=True) as store:
        step = service.edit_step(
            store, step_id, today=today(), title=title, schedule=plan_text(every, at_least, at_most),
            due=when(due, prefer="future"), start=when(start), until=when(until, prefer="future"),
            clear_until=no_until, from_=since,
        )
    say(f"Updated step {step.id}: {step.title}, {tables.describe(step)} from {since or today()}")


@app.command("show")
def show(step: StepArg, client: StepClientOpt = "me", fmt: FormatOpt = None, db: DbOpt = None) -> None:
    """Show a step and the history of its plan.

    \b
    Examples:
      coach step show 1
      coach step show screens
    """
    from coachcli.render.document import emit
    from coachcli.render.tables import step_document

    with open_db(db, write=False) as store:
        found, earlier = service.step_history(store, service.step_for_ref(store, step, client, today()))
    emit(step_document(found, earlier), fmt_value(fmt))


@app.command("drop")
def drop(step_id: IdArg, on: OnOpt = "today", db: DbOpt = None) -> None:
    """Stop a step from now on; its history stays.

    \b
    Example:
      coach step drop 3 --on yesterday
    """
    with open_db(db, write=True) as store:
        step = service.drop_step(store, step_id, on=on_date(on), today=today())
    say(f"Dropped step {step.id} ({step.title}) from {step.dropped_on}.")


HELP = """Small, scheduled steps towards a goal.

Log what happened to each with coach done, missed or skip; the report
counts them against the schedule.

\b
Examples:
  coach step add 1 "Walk 20 minutes" --every mon,wed,fri
  coach step add 1 "Book a physio check" --due friday
  coach step list
"""


#: What this module adds to ``coach``: its commands, attached at import (see cli.build_app).
commands = typer.Typer()
commands.add_typer(app, name="step", help=HELP)
