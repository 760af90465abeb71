"""Who an output speaks to: a coach about a client, or a self-tracker about themselves.

When the client is ``me`` every sentence speaks to the reader ("You rated",
"your last commitments") and questions are offered for reflection ("To
think about") rather than for a coach to ask.
"""

from __future__ import annotations

from datetime import date

from coachcli.domain.frozen import dataclass
from coachcli.domain.records import SELF_CLIENT
from coachcli.domain.reporting import Window


@dataclass(frozen=True, slots=True)
class Voice:
    """The words that change with who reads: ``you`` for a self-tracker, the name otherwise."""

    name: str
    to_reader: bool

    @classmethod
    def of(cls, name: str) -> Voice:
        return cls(name, name.casefold() == SELF_CLIENT)

    @property
    def their(self) -> str:
        return "your" if self.to_reader else "their"

    @property
    def ask(self) -> str:
        """The label before a question."""
        return "To think about" if self.to_reader else "Ask"

    @property
    def questions(self) -> str:
        """The title of a list of questions."""
        return "To think about" if self.to_reader else "Questions to ask"

    @property
    def said(self) -> str:
        """How a quote of the client is introduced ("You said", "Ana said")."""
        return "You said" if self.to_reader else f"{self.name} said"

    def whose(self, things: str) -> str:
        """A list's title: "Your steps", or "Steps of Alice"."""
        return f"Your {things.lower()}" if self.to_reader else f"{things} of {self.name}"

    @property
    def for_whom(self) -> str:
        """After "Added goal 3": "" for the reader (it is theirs), " for Alice" otherwise."""
        return "" if self.to_reader else f" for {self.name}"

    def added(self, on: date) -> str:
        return f"since you started on {on}" if self.to_reader else f"since {self.name} was added on {on}"


def day_month(d: date, as_of: date | None = None) -> str:
    """12 November (with the year when it is not the year of ``as_of``)."""
    text = f"{d.day} {d:%B}"
    return text if as_of is not None and d.year == as_of.year else f"{text} {d.year}"


_COUNTS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}


def when_phrase(w: Window, as_of: date, since_session: date | None = None) -> str:
    """The window as a question says it: "this week" only for an ISO week, "since 12 November"...

    ``since_session``: the window runs from the day after this session (prep).
    """
    if since_session is not None:
        return f"since {day_month(since_session, as_of)}"
    if w.days == 7 and w.start.weekday() == 0:
        this_monday = as_of.toordinal() - as_of.weekday()
        if w.start.toordinal() == this_monday:
            return "this week"
        if w.start.toordinal() == this_monday - 7:
            return "last week"
        year, week, _ = w.start.isocalendar()
        return f"in week {year}-W{week:02d}"
    if w.end >= as_of:
        if w.days % 7 == 0 and w.days // 7 in _COUNTS:
            return f"these {_COUNTS[w.days // 7]} weeks"
        if w.days == 7:
            return "in the last seven days"
        return f"since {day_month(w.start, as_of)}"
    return f"between {day_month(w.start, as_of)} and {day_month(w.end, as_of)}"
