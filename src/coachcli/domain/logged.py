"""What one ``coach done``/``missed``/``skip`` recorded: the facts its confirmation words.

A plain class, not a ``NamedTuple`` like :mod:`coachcli.domain.records`:
those need ``typing`` at run time, which would cost ``coach done`` more than
its whole write.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import date

    from coachcli.domain.records import ActionKind


class Logged:
    """One logged occurrence of a step, and how often it was done in that week."""

    __slots__ = ("action_id", "done_entries_that_day", "done_this_week", "goal_id", "kind", "on",
                 "period", "step_id", "times", "title")

    def __init__(self, action_id: int, *, step_id: int, goal_id: int, title: str, kind: ActionKind,
                 on: date, times: int, done_this_week: int, done_entries_that_day: int = 1,
                 period: str | None = "week") -> None:
        self.action_id = action_id
        self.step_id = step_id
        self.goal_id = goal_id
        #: The step's title.
        self.title = title
        self.kind: ActionKind = kind
        self.on = on
        self.times = times
        #: Times done in the step's own period around ``on`` (:attr:`period`), this one included.
        self.done_this_week = done_this_week
        #: The step's own period (``week``, ``month``), None when it has none (daily, one-off).
        self.period = period
        #: ``done`` entries the step has on ``on``, this one included (2 or more: a repeat).
        self.done_entries_that_day = done_entries_that_day

    def __repr__(self) -> str:
        return (f"Logged(action {self.action_id}: step {self.step_id} {self.kind} x{self.times} "
                f"on {self.on}, {self.done_this_week} done that week)")


def schedule_period(schedule: str | None) -> str | None:
    """The period a step's plan counts in, read from its canonical rule without parsing it.

    ``3/week`` and day lists count in weeks, ``2/month`` and ``monthly`` in
    months; a daily or every-N-days rule and a one-off have none. Plain text
    tests: the ``done`` path never loads the schedule grammar.
    """
    if schedule is None or schedule == "daily" or schedule.startswith("every "):
        return None
    if schedule.startswith("RRULE:") or schedule.startswith("rrule:"):
        rule = schedule.upper()
        return "week" if "FREQ=WEEKLY" in rule else "month" if "FREQ=MONTHLY" in rule else None
    return "month" if schedule.endswith("month") or schedule == "monthly" else "week"


def before_beginning(day: str, *, goal_id: int, began: str, began_ref: str | None, step_id: int,
                     started: str) -> str | None:
    """Why an entry on ``day`` cannot be recorded before its record begins; None if it can.

    The one rule for every way an entry arrives (``done``/``missed``/``skip``,
    ``edit --on``, ``import``). A step's record begins on the earlier of the
    day its goal began (its first status change) and the step's first planned
    day (a step can be planned from before the goal was added to coachcli):
    an entry before both would count nowhere. The hint moves the earlier of
    the two. Dates are ISO text, compared as text.
    """
    if day >= began or day >= started:
        return None
    if began <= started:
        move = f"coach edit {began_ref} --on {day}" if began_ref else f"coach goal show {goal_id}"
    else:
        move = f"coach step edit {step_id} --start {day} --from {day}"
    return (f"{day} is before goal {goal_id} began ({began}) and before step {step_id} started "
            f"({started}); to record it, date the beginning earlier first: {move}")
