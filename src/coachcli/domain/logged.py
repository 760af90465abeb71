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

    __slots__ = ("action_id", "amount", "amount_that_day", "amount_that_period", "done_entries_that_day",
                 "done_this_week", "goal_id", "kind", "measure", "on", "period", "step_id", "times",
                 "title")

    def __init__(self, action_id: int, *, step_id: int, goal_id: int, title: str, kind: ActionKind,
                 on: date, times: int, done_this_week: int, done_entries_that_day: int = 1,
                 period: str | None = "week", amount: float | None = None,
                 measure: MeasureParts | None = None, amount_that_day: float = 0.0,
                 amount_that_period: float = 0.0) -> None:
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
        #: A measurable step's entry: the amount logged, the step's measure, and what its
        #: entries add up to that day and in the measure's period (this one included).
        self.amount = amount
        self.measure = measure
        self.amount_that_day = amount_that_day
        self.amount_that_period = amount_that_period

    def __repr__(self) -> str:
        return (f"Logged(action {self.action_id}: step {self.step_id} {self.kind} x{self.times} "
                f"on {self.on}, {self.done_this_week} done that week)")


#: A measurable step's plan as plain values: (``at least``/``at most``, target, unit, period).
MeasureParts = tuple[str, float, str, str]


def split_measure(schedule: str | None) -> MeasureParts | None:
    """The parts of a canonical measure text (``at least 20 km/week``); None for any other plan.

    Plain string operations: ``coach done --amount`` reads it on every log.
    """
    if schedule is None or not schedule.startswith(("at least ", "at most ")):
        return None
    words = schedule.split(" ", 3)
    if len(words) != 4:
        return None
    unit, _, period = words[3].rpartition("/")
    if period not in ("day", "week", "month") or not unit:
        return None
    try:
        target = float(words[2])
    except ValueError:
        return None
    return f"{words[0]} {words[1]}", target, unit, period


def format_amount(x: float, places: int = 3) -> str:
    """An amount as a person writes it: ``20``, ``5.2``, ``0.125`` (no trailing zeros).

    ``places=2`` for a figure worked out rather than typed (a cut period's
    target, what is left of it): "14.29 km more", not "14.286".
    """
    text = f"{round(x, places):.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def unit_for(x: float, unit: str) -> str:
    """The unit as said after ``x``: one of them is "1 coffee", "1 glass" (any other: as typed)."""
    if x != 1 or not unit.endswith("s") or unit.endswith("ss"):
        return unit
    if unit.endswith(("sses", "shes", "ches", "xes")):
        return unit[:-2]
    return unit[:-1]


def read_amount(text: str, what: str = "--amount") -> float:
    """A typed amount: a decimal number from 0 up (``5``, ``5.2``, ``5,2``), to the thousandth.

    Plain string tests, no ``re``: the ``done`` path reads it. Raises InputError.
    """
    from coachcli.errors import InputError
    from coachcli.limits import AMOUNT_DECIMALS, MAX_AMOUNT

    t = text.strip().replace(",", ".")
    whole, dot, part = t.partition(".")
    if (not t or t == "." or not (whole.isascii() and part.isascii())
            or not ((whole == "" or whole.isdigit()) and (part == "" or part.isdigit()))
            or (dot and not part) or len(t) > 30):
        raise InputError(f"{what} must be a number such as 5 or 5.2, got {text!r}")
    value = round(float(t), AMOUNT_DECIMALS)
    if value > MAX_AMOUNT:
        raise InputError(f"{what} is at most {MAX_AMOUNT:,}, got {text}")
    return value


def schedule_period(schedule: str | None) -> str | None:
    """The period a step's plan counts in, read from its canonical rule without parsing it.

    ``3/week`` and day lists count in weeks, ``2/month`` and ``monthly`` in
    months; a daily or every-N-days rule and a one-off have none. Plain text
    tests: the ``done`` path never loads the schedule grammar.
    """
    if schedule is None or schedule == "daily" or schedule.startswith("every "):
        return None
    if schedule.startswith("at "):  # a measure: its own period, none for a day
        period = schedule.rpartition("/")[2]
        return None if period == "day" else period
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
