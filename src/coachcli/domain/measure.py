"""What a step measures, and how one period of it is judged.

A step is a yes/no step (done or not, counted) or a **measurable** one: at
least or at most N of some unit per calendar day, ISO week or month ("at
least 20 km/week", "at most 2 drinks/day"). For a measurable step the period
is the unit of every figure: it has a target, an amount and a credit, worked
out here and nowhere else (README, "Measurable steps"):

- the target is N; a period cut by the step's start, its until date, its
  drop, a pause of the goal or days set aside asks for its share,
  N x planned days / days in the period (the quota rule, not rounded:
  amounts are decimals);
- the amount is what was logged on its planned days, up to the as-of date;
- the credit is Loop Habit Tracker's: at least, min(1, amount / target); at
  most, full up to the target and none at twice it,
  clamp(1 - (amount - target) / target, 0, 1);
- silence is not success: an at-most period with nothing logged is
  *unknown*, neither credit nor debit; an at-least one with nothing logged
  has an amount of 0.

Pure: no I/O, no clock.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from coachcli.domain.frozen import dataclass, field
from coachcli.domain.logged import format_amount, read_amount, split_measure, unit_for
from coachcli.errors import InputError

__all__ = ["Measure", "MeasurePeriod", "credit", "format_amount", "measure_of", "parse_measure",
           "read_amount"]

MeasureKind = Literal["at_least", "at_most"]
Period = Literal["day", "week", "month"]

#: The kind's words in the canonical text ("at least 20 km/week").
KIND_WORDS: dict[str, MeasureKind] = {"at least": "at_least", "at most": "at_most"}
_WORDS_OF = {v: k for k, v in KIND_WORDS.items()}
_PERIODS: dict[str, Period] = {
    "day": "day", "d": "day", "daily": "day",
    "week": "week", "wk": "week", "w": "week", "weekly": "week",
    "month": "month", "mo": "month", "mth": "month", "monthly": "month",
}
_NUMBER = r"[0-9]+(?:[.,][0-9]+)?|[.,][0-9]+"
_SPEC = (
    rf"(?P<n>{_NUMBER})\s*(?P<unit>[^\W\d_][\w'-]*)\s*"
    r"(?:/|\s(?:per|a|an|each|every)\s)\s*(?P<p>[a-z]+)"
)
_HINT = "e.g. '20 km/week', '2 drinks/day' or '300 words a day'"


@dataclass(frozen=True, slots=True)
class Measure:
    """A measurable step's plan: at least or at most ``target`` ``unit`` per ``period``."""

    kind: MeasureKind
    target: float
    unit: str
    period: Period

    @property
    def text(self) -> str:
        """The canonical text, stored as the step's plan: ``at least 20 km/week``."""
        return f"{_WORDS_OF[self.kind]} {format_amount(self.target)} {self.unit}/{self.period}"

    def describe(self) -> str:
        """In words a person says: "at least 20 km a week", "at most 2 drinks a day", "at most 1
        coffee a day"."""
        return (f"{_WORDS_OF[self.kind]} {format_amount(self.target)} {unit_for(self.target, self.unit)}"
                f" a {self.period}")


def parse_measure(text: str, kind: MeasureKind) -> Measure:
    """Read ``--at-least``/``--at-most``'s value ("20 km/week"); one clear InputError for any other."""
    flag = "--" + kind.replace("_", "-")
    s = " ".join(str(text).lower().split())
    m = re.fullmatch(_SPEC, s)
    if m is None:
        raise InputError(f"{flag} {text!r} is not an amount per day, week or month: {_HINT}")
    period = _PERIODS.get(m["p"].removesuffix("s") if m["p"] not in _PERIODS else m["p"])
    if period is None:
        raise InputError(f"{flag} {text!r}: the period is a day, a week or a month, {_HINT}")
    target = read_amount(m["n"], flag)
    if target <= 0 and kind == "at_least":
        raise InputError(f"{flag} asks for more than 0, got {text!r}")
    unit = m["unit"]
    if len(unit) > 40:
        raise InputError(f"{flag}: a unit is one short word, got {unit[:40]!r}...")
    return Measure(kind, target, unit, period)


def measure_of(schedule: str | None) -> Measure | None:
    """The measure in a step's stored plan text, None for a yes/no step (cheap for those)."""
    parts = split_measure(schedule)
    if parts is None:
        return None
    words, target, unit, period = parts
    return Measure(KIND_WORDS[words], target, unit, period)  # type: ignore[arg-type]


def credit(kind: MeasureKind, amount: float, target: float) -> float:
    """Loop's credit of one period: at least min(1, a/t); at most clamp(1 - (a - t)/t, 0, 1).

    An at-most target of 0 ("at most 0 cigarettes/day") is all or nothing.
    """
    if kind == "at_least":
        return 1.0 if target <= 0 else min(1.0, amount / target)
    if target <= 0:
        return 1.0 if amount <= 0 else 0.0
    return max(0.0, min(1.0, 1.0 - (amount - target) / target))


@dataclass(frozen=True, slots=True)
class MeasurePeriod:
    """One day, ISO week or month of a measurable step, as of a day."""

    start: date
    end: date
    kind: MeasureKind
    unit: str
    #: What the period asks for: N, or its share when cut (see the module's docs).
    target: float
    #: Logged on its planned days up to the as-of date.
    amount: float
    #: Days of it the step planned (in its range, goal active, not set aside).
    planned: int
    #: Planned days with something logged (an amount, 0 included), up to the as-of date.
    logged: int
    #: Planned days up to the as-of date: those that could have been logged.
    elapsed: int
    #: The biggest amount logged on one day, and that day (None: nothing logged).
    best_day: tuple[date, float] | None = None

    #: The period's credit, None while unknown (an at-most period with nothing logged).
    #: Worked out once: a caseload's report reads it about five times for each of ~150k periods.
    credit: float | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        worked = credit(self.kind, self.amount, self.target) if self.known else None
        object.__setattr__(self, "credit", worked)

    @property
    def known(self) -> bool:
        """Whether the period says anything: planned, and for at most, something logged."""
        return self.planned > 0 and (self.kind == "at_least" or self.logged > 0)

    @property
    def met(self) -> bool:
        c = self.credit
        return c is not None and c >= 1.0

    def judged(self, today: date) -> bool:
        """Over (its last day is before ``today``), or, at least, its target already met."""
        if self.planned <= 0:
            return False
        return self.end < today or (self.kind == "at_least" and self.amount >= self.target)

    def state(self, today: date) -> str:
        """``met``/``short`` (at least), ``within``/``over`` (at most), ``unknown``, ``under_way``."""
        if not self.judged(today):
            return "under_way"
        c = self.credit
        if c is None:
            return "unknown"
        if self.kind == "at_least":
            return "met" if c >= 1.0 else "short"
        return "within" if c >= 1.0 else "over"

    @property
    def unlogged(self) -> int:
        """Planned days up to the as-of date with nothing logged."""
        return self.elapsed - self.logged
