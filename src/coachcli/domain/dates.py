"""Reading the dates people type, without ever guessing.

Every command imports this module, so it stays on the fast path: the common
forms (ISO dates, ``today``, weekday names, ``3 days ago``) are plain regular
expressions and date arithmetic; ``dateutil.parser`` is imported only for
month-name forms such as ``22 Nov 2026``.  A date that could be read two ways
(``3/4/2026``) is an error that shows how to write it, never a guess.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from coachcli.errors import DateError
from coachcli.limits import date_in_range, year_range

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Literal

    #: What a bare weekday means: the latest one, the next one, or neither (refused).
    Prefer = Literal["past", "future", "neither"]

__all__ = [
    "WEEKDAY_NAMES",
    "add_months",
    "days_in_month",
    "format_date",
    "iso_week_bounds",
    "parse_date",
    "quote",
]

#: Every spelling of a weekday we accept, mapped to ``date.weekday()`` (0=Mon).
WEEKDAY_NAMES: dict[str, int] = {
    "mon": 0, "monday": 0,
    "tue": 1, "tues": 1, "tuesday": 1,
    "wed": 2, "weds": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3,
    "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5,
    "sun": 6, "sunday": 6,
}  # fmt: skip

_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_HINT = (
    "use YYYY-MM-DD, today, yesterday, tomorrow, a weekday (friday), "
    "'last friday', 'next monday', '3 days ago' or 'in 2 weeks'."
)

# Patterns are plain strings compiled on first use (re caches them): compiling
# them all at import would cost every command about a millisecond.
# [0-9] rather than \d: \d also matches other scripts' digits.
_ISO = r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
_NUMERIC = r"[0-9]+(?:[/. -]+[0-9]+)*"
_NUMERIC_SEP = r"[/. -]+"
_LAST_NEXT = r"(last|next) ([a-z]+)"
_AGO = r"([0-9]+|an?|one) (day|week|month|year)s? ago"
_IN = r"in ([0-9]+|an?|one) (day|week|month|year)s?"
# A time of day after the date ("2026-11-22T10:00Z", "yesterday 9pm"): ignored.
_TRAILING_TIME = (
    r"(?:\s*,?\s+|(?<=[0-9])t)(?:at )?"
    r"(?P<h>[0-9]{1,2})(?::(?P<m>[0-9]{2})(?::(?P<s>[0-9]{2})(?:[.,][0-9]+)?)?)?"
    r"\s*(?P<ampm>[ap]\.?m\.?)?"
    r"\s*(?:z|utc|gmt|[+-][0-9]{2}(?::?[0-9]{2})?)?$"
)
_MONTH_NAME = (
    r"(?<![a-z])(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|"
    r"january|february|march|april|june|july|august|september|october|"
    r"november|december)(?![a-z])"
)
_NUMBER = r"[0-9]+"
_TIME_ANYWHERE = r"[0-9]{1,2}(?::[0-9]{2}){1,2}(?:[.,][0-9]+)?|[0-9]{1,2}\s*[ap]\.?m\.?"
_WEEK_SPEC = r"([0-9]{4})-?w([0-9]{1,2})"

_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def quote(text: str, limit: int = 60) -> str:
    """Quote user input for a one-line message.

    Control, format (bidi) and unpaired-surrogate characters are escaped so a
    hostile string cannot move the cursor or recolour the terminal, and long
    input is shortened so the message stays one line.
    """
    text = text.strip()
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    out = [
        c if c.isprintable() else (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")
        for c in text
    ]
    return "'" + "".join(out).replace("'", "\\'") + "'"


def format_date(d: date) -> str:
    """The one way a date is shown and stored: ISO ``YYYY-MM-DD``."""
    return d.isoformat()


def days_in_month(year: int, month: int) -> int:
    """Length of a month; a local copy so ``calendar`` (and ``locale``) stay unimported."""
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS_IN_MONTH[month - 1]


def add_months(d: date, months: int) -> date:
    """Shift by whole months keeping the day, clamped to the month's end (Mar 31 - 1 = Feb 28).

    Raises OverflowError outside years 1-9999, like ``date + timedelta``.
    """
    year, month0 = divmod(d.year * 12 + d.month - 1 + months, 12)
    if not 1 <= year <= 9999:
        raise OverflowError("date out of range")
    return date(year, month0 + 1, min(d.day, days_in_month(year, month0 + 1)))


def parse_date(text: str, *, today: date, prefer: Prefer = "past") -> date:
    """Read a date as typed on the command line.

    ``today`` is injected so results never depend on the clock.  ``prefer``
    decides what a bare weekday means: the most recent one, today included,
    for events that happened (``done --on fri``), the next one for due dates;
    ``"neither"`` for the day a change takes effect (``--from``), which can be
    either side of today: a bare weekday other than today's is then refused
    with both readings, never guessed.
    Raises :class:`DateError`, and nothing else, for any string.
    """
    if not isinstance(text, str):
        raise DateError(f"A date must be text, not {type(text).__name__}")
    s = " ".join(text.lower().split())
    if not s:
        raise DateError("Empty date: " + _HINT)
    try:
        result = _parse_core(s, text, today, prefer)
        if result is None:
            bare = _strip_time(s, text)
            if bare is not None:
                result = _parse_core(bare, text, today, prefer)
        if result is None and re.search(_MONTH_NAME, s):
            result = _parse_month_name(s, text, today)
    except OverflowError:
        raise _out_of_range(text) from None
    if result is None:
        raise DateError(f"Unrecognised date {quote(text)}: " + _HINT)
    if not date_in_range(result):
        raise _out_of_range(text)
    return result


def _out_of_range(text: str, what: str = "Date") -> DateError:
    return DateError(f"{what} {quote(text)} is outside the supported years {year_range()}")


def _parse_core(s: str, text: str, today: date, prefer: Prefer) -> date | None:
    """The forms we read ourselves; None when ``s`` is none of them."""
    m = re.fullmatch(_ISO, s)
    if m:
        return _make_date(int(m[1]), int(m[2]), int(m[3]), text)
    if s == "today":
        return today
    if s == "yesterday":
        return today - timedelta(days=1)
    if s == "tomorrow":
        return today + timedelta(days=1)
    wd = WEEKDAY_NAMES.get(s)
    if wd is not None:
        ahead = today + timedelta(days=(wd - today.weekday()) % 7)
        if prefer == "future":
            return ahead
        back = today - timedelta(days=(today.weekday() - wd) % 7)
        if prefer == "neither" and ahead != back:
            name = _DAYS[wd].lower()
            raise DateError(
                f"Date {quote(text)} could be {format_date(back)} (last {name}) or "
                f"{format_date(ahead)} (next {name}); write 'last {name}', 'next {name}' or the date"
            )
        return back
    m = re.fullmatch(_LAST_NEXT, s)
    if m:
        sign = -1 if m[1] == "last" else 1
        unit = m[2]
        wd = WEEKDAY_NAMES.get(unit)
        if wd is not None:
            if sign < 0:
                return today - timedelta(days=(today.weekday() - wd - 1) % 7 + 1)
            return today + timedelta(days=(wd - today.weekday() - 1) % 7 + 1)
        if unit in ("day", "week", "month", "year"):
            return _shift(today, sign, unit)
        return None
    m = re.fullmatch(_AGO, s)
    if m:
        return _shift(today, -_count(m[1], text), m[2])
    m = re.fullmatch(_IN, s)
    if m:
        return _shift(today, _count(m[1], text), m[2])
    if re.fullmatch(_NUMERIC, s):
        return _parse_numeric(s, text, today)
    return None


def _count(word: str, text: str) -> int:
    if not word.isdigit():  # "a", "an", "one"
        return 1
    if len(word) > 7:  # also keeps int() clear of its 4300-digit limit
        raise _out_of_range(text)
    return int(word)


def _shift(today: date, n: int, unit: str) -> date:
    if unit == "day":
        return today + timedelta(days=n)
    if unit == "week":
        return today + timedelta(weeks=n)
    return add_months(today, n if unit == "month" else 12 * n)


def _make_date(year: int, month: int, day: int, text: str) -> date:
    """Build a date, explaining which part is wrong (2026-02-30 names February's length)."""
    if not 1 <= year <= 9999:
        raise _out_of_range(text)
    if not 1 <= month <= 12:
        raise DateError(
            f"Date {quote(text)} has month {month}; months run from 01 to 12 (YYYY-MM-DD)"
        )
    last = days_in_month(year, month)
    if not 1 <= day <= last:
        raise DateError(
            f"Date {quote(text)} is not a calendar date: "
            f"{_MONTHS[month - 1]} {year} has {last} days"
        )
    return date(year, month, day)


def _parse_numeric(s: str, text: str, today: date) -> date:
    """Digits and separators only: accept what has one reading, explain the rest."""
    parts = re.split(_NUMERIC_SEP, s)
    example = f"write the date as YYYY-MM-DD, e.g. {format_date(today)}"
    if len(parts) == 1:
        p = parts[0]
        if len(p) == 8:  # ISO 8601 basic format, YYYYMMDD
            return _make_date(int(p[:4]), int(p[4:6]), int(p[6:]), text)
        raise DateError(f"Date {quote(text)} is just a number; {example}")
    if len(parts) > 3 or any(len(p) > 4 or len(p) == 3 for p in parts):
        raise DateError(f"Unrecognised date {quote(text)}: {example}")
    four = [i for i, p in enumerate(parts) if len(p) == 4]
    if len(four) > 1:
        raise DateError(f"Unrecognised date {quote(text)}: {example}")
    if len(parts) == 3:
        if four == [0]:  # year first is always Y-M-D
            return _make_date(int(parts[0]), int(parts[1]), int(parts[2]), text)
        if four == [1]:
            raise DateError(f"Unrecognised date {quote(text)}: {example}")
        if four != [2]:
            raise DateError(
                f"Date {quote(text)} has a two-digit year, so it could be read "
                f"several ways; {example}"
            )
        year = int(parts[2])
    elif four:
        raise DateError(f"Date {quote(text)} has no day; {example}")
    else:
        year = today.year
    a, b = int(parts[0]), int(parts[1])
    if a > 12 >= b:
        return _make_date(year, b, a, text)
    if b > 12 >= a or a == b:
        return _make_date(year, a, b, text)
    if a > 12:
        raise DateError(f"Date {quote(text)} has no month (neither {a} nor {b} is 1-12); {example}")
    # Both could be the month: the classic day-first / month-first clash.
    day_first = _make_date(year, b, a, text)
    raise DateError(
        f"Date {quote(text)} could be {a} {_MONTHS[b - 1]} or {_MONTHS[a - 1]} {b}; "
        f"write the date as YYYY-MM-DD, e.g. {format_date(day_first)}"
    )


def _strip_time(s: str, text: str) -> str | None:
    """``s`` without a trailing time of day, or None when it has none.

    A time is accepted and ignored, but it must be a real time: ``25:99``
    is an error rather than silently dropped.
    """
    m = re.search(_TRAILING_TIME, s)
    if m is None or m.start() == 0:
        return None
    if m["m"] is None and m["ampm"] is None:
        return None  # a bare trailing number ("nov 22") is not a time
    hour, minute = int(m["h"]), int(m["m"] or 0)
    second = int(m["s"] or 0)
    ok_hour = 1 <= hour <= 12 if m["ampm"] else hour <= 24
    if not (ok_hour and minute <= 59 and second <= 60):
        raise DateError(f"Date {quote(text)} has an impossible time of day")
    return s[: m.start()].rstrip(" ,")


def _parse_month_name(s: str, text: str, today: date) -> date:
    """Month-name forms via dateutil, after ruling out what it would guess at."""
    numbers = re.findall(_NUMBER, re.sub(_TIME_ANYWHERE, " ", s))
    short = [n for n in numbers if len(n) <= 2]
    if len(short) > 1:
        raise DateError(
            f"Date {quote(text)} has a two-digit year or too many numbers; "
            f"write the year in full, e.g. {format_date(today)}"
        )
    if len(numbers) > 2 or any(len(n) not in (1, 2, 4) for n in numbers):
        raise DateError(f"Unrecognised date {quote(text)}: " + _HINT)

    from datetime import datetime

    from dateutil import parser  # ~30 ms: only month-name input pays for it

    # Two different defaults reveal a missing day or month: dateutil would
    # otherwise fill it in silently ("nov 2026" -> November 1st).
    results: list[date] = []
    for month, day in ((1, 1), (2, 2)):
        try:
            parsed = parser.parse(
                " ".join(text.split()),  # original case: dateutil knows "EST", not "est"
                default=datetime(today.year, month, day),
                ignoretz=True,
            )
        except Exception as exc:  # third-party boundary: ParserError, OverflowError and worse
            if "out of range" in str(exc):  # "feb 29 2026", "nov 31"
                raise DateError(f"Date {quote(text)} is not a calendar date") from None
            raise DateError(f"Unrecognised date {quote(text)}: " + _HINT) from None
        results.append(parsed.date())
    first, second = results
    if any(len(n) == 4 and int(n) != first.year for n in numbers):
        raise _out_of_range(text)  # dateutil reads "0001" as 2001: a guess, not the year typed
    if first != second:
        raise DateError(
            f"Date {quote(text)} has no day of the month; write the date as "
            f"YYYY-MM-DD, e.g. {format_date(first)}"
        )
    for name, wd in WEEKDAY_NAMES.items():
        if re.search(rf"(?<![a-z]){name}(?![a-z])", s) and first.weekday() != wd:
            raise DateError(
                f"Date {quote(text)} does not add up: {format_date(first)} is a "
                f"{_DAYS[first.weekday()]}"
            )
    return first


def iso_week_bounds(spec: str, *, today: date) -> tuple[date, date]:
    """(Monday, Sunday) of the ISO week named by ``this``, ``last``, ``next`` or ``YYYY-Www``.

    Reports run Monday to Sunday, so ``--week last`` is the previous whole
    ISO week whatever weekday cron runs on.
    """
    s = " ".join(spec.lower().split()) if isinstance(spec, str) else ""
    hint = "use this, last, next or YYYY-Www (e.g. 2026-W47)"
    if s.endswith(" week"):
        s = s[:-5]
    offsets = {"this": 0, "current": 0, "last": -1, "previous": -1, "prev": -1, "next": 1}
    try:
        if s in offsets:
            monday = today - timedelta(days=today.weekday()) + timedelta(weeks=offsets[s])
        else:
            m = re.fullmatch(_WEEK_SPEC, s)
            if m is None:
                raise DateError(f"Unrecognised week {quote(str(spec))}: {hint}")
            year, week = int(m[1]), int(m[2])
            if year < 1:
                raise _out_of_range(spec, "Week")
            weeks = date(year, 12, 28).isocalendar()[1]
            if not 1 <= week <= weeks:
                raise DateError(
                    f"Week {quote(spec)} does not exist: {year} has {weeks} ISO weeks; {hint}"
                )
            monday = date.fromisocalendar(year, week, 1)
        if not (date_in_range(monday) and date_in_range(monday + timedelta(days=6))):
            raise _out_of_range(spec, "Week")
        return monday, monday + timedelta(days=6)
    except (OverflowError, ValueError):
        raise _out_of_range(str(spec), "Week") from None
