"""``coach habit STEP``: one step as a habit: its calendar, streaks, score over time and weekdays."""

from __future__ import annotations

from typing import Annotated

import typer

from coachcli.cli.common import (
    DbOpt,
    FormatOpt,
    StepArg,
    StepClientOpt,
    date_option,
    fmt_value,
    open_db,
    today,
    when,
)


def _weeks(value: int) -> int:
    """``--weeks``: from one week to two years."""
    if not 1 <= value <= MAX_WEEKS:
        raise typer.BadParameter(f"give a number of weeks from 1 to {MAX_WEEKS}")
    return value


#: The longest calendar ``coach habit`` draws: two years.
MAX_WEEKS = 104


#: What this module adds to ``coach``: its commands, attached at import (see cli.build_app).
commands = typer.Typer()


@commands.command("habit")
def habit(
    step: StepArg,
    client: StepClientOpt = "me",
    weeks: Annotated[
        int, typer.Option("--weeks", "-w", metavar="N", callback=_weeks,
                          help="How many weeks the calendar and the score show (1-104).")
    ] = 17,
    until: Annotated[
        str | None, date_option("--until", help="The last day shown. Default: today.")
    ] = None,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """One step as a habit: calendar, streaks, score.

    The calendar has a column a week (Monday on top) and a mark a
    day: done, missed, planned but not logged, set aside, today. The
    current streak is the report's; the best is the longest run since
    the step began. The habit score is the report's Habit figure (0-100)
    for a week ending on each week's last day, so a past week always
    reads the same. By weekday: how often each day of the week was done
    of the times it was planned.

    \b
    Examples:
      coach habit 3
      coach habit screens
      coach habit 3 --weeks 52
      coach habit 3 --until 2026-10-31 --format json
    """
    from coachcli.render.document import emit
    from coachcli.render.habit import habit_document
    from coachcli.service.habit import habit as load_habit
    from coachcli.service.steprefs import step_for_ref

    day = today()
    end = when(until) or day
    with open_db(db, write=False) as store:
        # A title names the step it was on the last day shown, or is today.
        step_id = step_for_ref(store, step, client, end)
        found = load_habit(store, step_id, today=day, end=end, weeks=weeks)
    emit(habit_document(found), fmt_value(fmt))
