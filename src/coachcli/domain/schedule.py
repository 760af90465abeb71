"""``--every`` rules: when a small step is planned.

A rule is parsed once into a :class:`Schedule` whose ``text`` is canonical
(one spelling per meaning) and is what the database stores.  Reports ask a
schedule for its planned dates in a window many times per run, so the common
kinds are pure ordinal arithmetic; only ``RRULE:`` strings pay for
``dateutil.rrule``, imported on first use.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from coachcli.domain.dates import WEEKDAY_NAMES, days_in_month, quote
from coachcli.domain.frozen import dataclass
from coachcli.domain.measure import KIND_WORDS, Measure, parse_measure
from coachcli.errors import InputError, ScheduleError
from coachcli.limits import MAX_EVERY

if TYPE_CHECKING:
    from dateutil.rrule import rrule, rruleset

__all__ = ["Schedule", "parse_schedule", "plan_schedule"]

_ABBR = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_LONG = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ALL_DAYS = frozenset(range(7))
_WORK_DAYS = frozenset(range(5))
_WEEKEND = frozenset((5, 6))

_QUOTA_MAX = {"week": 7, "month": 31}

_HINT = (
    "use daily, weekdays, weekends, mon,wed,fri, 'every 3 days', weekly, "
    "monthly, 3/week, 2/month or RRULE:FREQ=..."
)

# Plain strings compiled on first use, as in coachcli.domain.dates: import stays cheap.
_EVERY = r"every ([0-9]+|other) ?(day|week)s?"
_QUOTA = (
    r"(?P<n>[0-9]+|once|twice)\s*(?P<x>x|times?)?\s*(?P<sep>/|per|an?|each|every)?\s*"
    r"(?P<p>weekly|monthly|weeks?|wk|months?|mth|mo)"
)
_LIST_SEPARATORS = str.maketrans(",&+/", "    ")
_RRULE_BODY = r"[A-Z0-9=;,+-]+"
_SUB_DAILY = frozenset(("HOURLY", "MINUTELY", "SECONDLY"))
#: Parts that only choose times within a day: more than one value means several
#: occurrences a day; evaluation drops them, since steps are planned by the day.
_TIME_OF_DAY = ("BYHOUR", "BYMINUTE", "BYSECOND")
_TIME_OF_DAY_PART = r";?(?:BYHOUR|BYMINUTE|BYSECOND)=[^;]*"
# Rules are checked from here, so any UNTIL after 1900 counts as producing dates.
_PROBE_START = date(1900, 1, 1)
# A UTC UNTIL next to a floating DTSTART makes dateutil refuse the rule; by
# the day the zone does not matter, so it is dropped when evaluating.
_UNTIL_Z = r"(UNTIL=[0-9]{8}(?:T[0-9]{6})?)Z"


@dataclass(frozen=True, slots=True)
class Schedule:
    """A parsed ``--every`` rule.

    ``text`` is canonical, so ``parse_schedule(s.text) == s`` and two
    spellings of one rule (``every 14 days``, ``every 2 weeks``) compare
    equal.  The anchor (the step's start date) is not part of the schedule:
    ``every 3 days`` and ``monthly`` count from it, and it is passed to
    :meth:`occurrences`.
    """

    text: str
    kind: Literal["weekdays", "interval", "monthly", "quota", "rrule", "measure"]
    weekdays: frozenset[int] = frozenset()
    interval: int = 1
    quota: int = 0
    period: Literal["day", "week", "month", ""] = ""
    #: A measurable step's plan (``at least 20 km/week``): judged per period, by amounts.
    measure: Measure | None = None

    def occurrences(self, anchor: date, start: date, end: date) -> list[date]:
        """Planned dates d, sorted, with ``start <= d <= end`` and ``d >= anchor``.

        Quotas have no dates (any N days in the period will do), so asking
        for them is a ValueError: the report counts those per period.
        """
        lo = max(start, anchor)
        if lo > end:
            return []
        lo_n, hi_n = lo.toordinal(), end.toordinal()
        if self.kind == "weekdays":
            if self.weekdays == _ALL_DAYS:
                return [date.fromordinal(n) for n in range(lo_n, hi_n + 1)]
            # Offsets of the planned weekdays from lo's, then whole weeks.
            offsets = sorted((wd - lo.weekday()) % 7 for wd in self.weekdays)
            return [
                date.fromordinal(week + off)
                for week in range(lo_n, hi_n + 1, 7)
                for off in offsets
                if week + off <= hi_n
            ]
        if self.kind == "interval":
            if self.interval < 1:
                raise ValueError(f"interval must be at least 1, not {self.interval}")
            first = lo_n + (anchor.toordinal() - lo_n) % self.interval
            return [date.fromordinal(n) for n in range(first, hi_n + 1, self.interval)]
        if self.kind == "monthly":
            return _monthly(anchor.day, lo, end)
        if self.kind == "rrule":
            rule = _compile_rrule(self.text, anchor)
            found = rule.between(
                datetime.combine(lo, time()), datetime.combine(end, time.max), inc=True
            )
            return sorted({dt.date() for dt in found})
        what = "a quota" if self.kind == "quota" else "measured"
        raise ValueError(f"{self.text!r} is {what}: it is counted per {self.period or 'period'}, not dated")

    def describe(self) -> str:
        """The rule in plain words, for lists and reports."""
        if self.kind == "weekdays":
            days = sorted(self.weekdays)
            if self.weekdays == _ALL_DAYS:
                return "every day"
            if self.weekdays == _WORK_DAYS:
                return "weekdays"
            if self.weekdays == _WEEKEND:
                return "weekends"
            if len(days) == 1:
                return f"every {_LONG[days[0]]}"
            names = [_SHORT[d] for d in days]
            return ", ".join(names[:-1]) + " and " + names[-1] if names else "never"
        if self.kind == "interval":
            n = self.interval
            if n == 1:
                return "every day"
            if n == 7:
                return "weekly"
            if n % 7 == 0:
                return f"every {n // 7} weeks"
            return f"every {n} days"
        if self.kind == "monthly":
            return "monthly"
        if self.kind == "quota":
            times = {1: "once", 2: "twice"}.get(self.quota, f"{self.quota} times")
            return f"{times} a {self.period}"
        if self.measure is not None:
            return self.measure.describe()
        return describe_rrule(self.text)


_RRULE_DAYS = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last",
             -2: "second-to-last"}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_UNITS = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}


def _nth(n: int) -> str:
    """1st, 2nd, 3rd, 11th, 22nd; -1 is 'last'."""
    if n < 0:
        return _ORDINALS.get(n, f"{-n}th from last")
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def describe_rrule(text: str) -> str:
    """An ``RRULE:`` in words ("every Thursday", "the first Saturday of each month").

    The common parts (FREQ, INTERVAL, BYDAY, BYMONTHDAY, BYMONTH, COUNT, UNTIL)
    are said; a rule using anything else is "a custom calendar rule", as a
    person would rather read that than the rule itself.
    """
    params = dict(part.partition("=")[::2] for part in text.removeprefix("RRULE:").split(";"))
    for part in (*_TIME_OF_DAY, "WKST"):
        params.pop(part, None)
    freq = params.pop("FREQ", "")
    interval = int(params.pop("INTERVAL", "1") or 1)
    count, until = params.pop("COUNT", None), params.pop("UNTIL", None)
    byday, bymonthday, bymonth = (params.pop(k, None) for k in ("BYDAY", "BYMONTHDAY", "BYMONTH"))
    if params or freq not in _UNITS:
        return "a custom calendar rule"
    unit = _UNITS[freq]
    every = f"every {unit}" if interval == 1 else f"every {interval} {unit}s"
    if interval == 2:
        every = f"every other {unit}"
    days: list[str] = []
    for d in (byday or "").split(",") if byday else []:
        m = re.fullmatch(r"([+-]?[0-9]{1,2})?(MO|TU|WE|TH|FR|SA|SU)", d)
        if m is None:
            return "a custom calendar rule"
        name = _LONG[_RRULE_DAYS[m[2]]]
        days.append(f"the {_ORDINALS.get(int(m[1])) or _nth(int(m[1]))} {name}" if m[1] else name)
    months = [_MONTHS[int(x) - 1] for x in (bymonth or "").split(",")
              if x.isdigit() and 1 <= int(x) <= 12] if bymonth else []
    monthdays = [x for x in (bymonthday or "").split(",") if x] if bymonthday else []
    if any(not re.fullmatch(r"-?[0-9]{1,2}", x) for x in monthdays):
        return "a custom calendar rule"
    if byday and any(d.startswith("the ") for d in days):
        period = {"month": "month", "year": "year"}.get(unit)
        where = f" of {_and(months)}" if months else (f" of each {period}" if period else "")
        said = f"{_and(days)}{where}" + ("" if interval == 1 or not period else f", {every}")
    elif byday:
        said = f"every {_and(days)}" if interval == 1 else f"{_and(days)}, {every}"
        if months:
            said += f" in {_and(months)}"
    elif monthdays:
        said = "the " + _and([_nth(int(x)) if int(x) > 0 else _nth(int(x)) + " day" for x in monthdays])
        said += f" of {_and(months)}" if months else (" of each month" if interval == 1 else f", {every}")
    elif months:
        said = f"{every} in {_and(months)}"
    else:
        said = every
    if count is not None:
        said += f", {count} time{'' if count == '1' else 's'}"
    if until is not None and re.match(r"[0-9]{8}", until):
        said += f", until {until[:4]}-{until[4:6]}-{until[6:8]}"
    return said


def _monthly(day: int, lo: date, hi: date) -> list[date]:
    """The anchor's day of month in each month of [lo, hi], clamped to short months."""
    out = []
    year, month = lo.year, lo.month
    while (year, month) <= (hi.year, hi.month):
        d = date(year, month, min(day, days_in_month(year, month)))
        if lo <= d <= hi:
            out.append(d)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _weekdays(days: frozenset[int]) -> Schedule:
    if days == _ALL_DAYS:
        text = "daily"
    elif days == _WORK_DAYS:
        text = "weekdays"
    elif days == _WEEKEND:
        text = "weekends"
    else:
        text = ",".join(_ABBR[d] for d in sorted(days))
    return Schedule(text=text, kind="weekdays", weekdays=days)


def _interval(days: int) -> Schedule:
    if days == 1:
        return DAILY
    if days == 7:
        text = "weekly"
    elif days % 7 == 0:
        text = f"every {days // 7} weeks"
    else:
        text = f"every {days} days"
    return Schedule(text=text, kind="interval", interval=days)


DAILY = _weekdays(_ALL_DAYS)
_KEYWORDS: dict[str, Schedule] = {
    "daily": DAILY,
    "every day": DAILY,
    "everyday": DAILY,
    "each day": DAILY,
    "weekdays": _weekdays(_WORK_DAYS),
    "every weekday": _weekdays(_WORK_DAYS),
    "weekends": _weekdays(_WEEKEND),
    "every weekend": _weekdays(_WEEKEND),
    "weekly": _interval(7),
    "every week": _interval(7),
    "each week": _interval(7),
    "fortnightly": _interval(14),
    "monthly": Schedule(text="monthly", kind="monthly"),
    "every month": Schedule(text="monthly", kind="monthly"),
    "each month": Schedule(text="monthly", kind="monthly"),
}


def parse_schedule(text: str) -> Schedule:
    """Read an ``--every`` rule; raises :class:`ScheduleError`, and nothing else, for any string."""
    if not isinstance(text, str):
        raise ScheduleError(f"A schedule must be text, not {type(text).__name__}")
    compact = "".join(text.split()).upper()
    if compact.startswith("RRULE:"):
        return _parse_rrule(compact, text)
    s = " ".join(text.lower().split())
    if not s:
        raise ScheduleError("Empty schedule: " + _HINT)
    known = _KEYWORDS.get(s)
    if known is not None:
        return known
    if s.startswith(("at least ", "at most ")):
        words = " ".join(s.split()[:2])
        try:
            measure = parse_measure(s[len(words):], KIND_WORDS[words])
        except InputError as exc:
            raise ScheduleError(str(exc)) from None
        return Schedule(text=measure.text, kind="measure", period=measure.period, measure=measure)
    m = re.fullmatch(_EVERY, s) if s.startswith("every ") else None
    if m:
        n = 2 if m[1] == "other" else _bounded(m[1])
        if not 1 <= n <= MAX_EVERY:
            raise ScheduleError(
                f"Schedule {quote(text)} is out of range: 'every N {m[2]}s' takes N "
                f"from 1 to {MAX_EVERY}"
            )
        return _interval(n * 7 if m[2] == "week" else n)
    m = re.fullmatch(_QUOTA, s) if s[0].isdigit() or s.startswith(("once", "twice")) else None
    if m and (m["x"] or m["sep"] or not m["n"].isdigit()):
        word = m["n"]
        n = {"once": 1, "twice": 2}.get(word) or _bounded(word)
        period: Literal["week", "month"] = "week" if m["p"].startswith("w") else "month"
        top = _QUOTA_MAX[period]
        if not 1 <= n <= top:
            raise ScheduleError(
                f"Schedule {quote(text)} is out of range: a {period} allows from 1 to "
                f"{top} times (e.g. 3/{period})"
            )
        return Schedule(text=f"{n}/{period}", kind="quota", quota=n, period=period)
    days = _weekday_list(s)
    if days:
        return _weekdays(days)
    raise ScheduleError(f"Unrecognised schedule {quote(text)}: " + _HINT)


def plan_schedule(text: str) -> Schedule:
    """:func:`parse_schedule` for a rule being planned (typed, or imported).

    Also refuses an RRULE that repeats within a day through several BYHOUR,
    BYMINUTE or BYSECOND values: steps are planned by the day, and
    ``BYHOUR=0,...,23;BYMINUTE=0,...,59`` once made a report plan 1,440
    occurrences a day. A rule stored before this check still reads (and
    counts by the day, see :func:`_compile_rrule`), so old data keeps working.
    """
    schedule = parse_schedule(text)
    if schedule.kind == "rrule":
        params = dict(part.partition("=")[::2] for part in schedule.text[len("RRULE:"):].split(";"))
        several = [name for name in _TIME_OF_DAY if "," in params.get(name, "")]
        if several:
            raise ScheduleError(
                f"Rule {quote(text)} repeats within a day ({several[0]} has several values), but "
                "steps are planned by the day: at most one occurrence a day; drop "
                f"{'/'.join(several)} or give it one value"
            )
    return schedule


def _bounded(digits: str) -> int:
    """int() for a typed count; overlong numbers are out of range, not a crash."""
    return int(digits) if len(digits) <= 6 else MAX_EVERY * 1000


def _weekday_list(s: str) -> frozenset[int] | None:
    """``mon,wed,fri``, ``Monday and Thursday``, ``every mon-fri``: a set of weekdays, or None."""
    if "-" in s:
        s = s.replace(" -", "-").replace("- ", "-")  # "mon - fri"
    for prefix in ("every ", "each ", "on "):
        if s.startswith(prefix):
            s = s[len(prefix) :]
            break
    days: set[int] = set()
    for word in s.translate(_LIST_SEPARATORS).split():
        if word == "and":
            continue
        if "-" in word:
            ends = word.split("-")
            if len(ends) != 2:
                return None
            first, last = _weekday(ends[0]), _weekday(ends[1])
            if first is None or last is None:
                return None
            days.update((first + i) % 7 for i in range((last - first) % 7 + 1))
            continue
        if word in ("weekdays", "weekday"):
            days.update(_WORK_DAYS)
            continue
        if word in ("weekends", "weekend"):
            days.update(_WEEKEND)
            continue
        day = _weekday(word)
        if day is None:
            return None
        days.add(day)
    return frozenset(days) or None


def _weekday(word: str) -> int | None:
    day = WEEKDAY_NAMES.get(word)
    if day is None and word.endswith("s"):  # "mondays"
        day = WEEKDAY_NAMES.get(word[:-1])
    return day


def _parse_rrule(compact: str, text: str) -> Schedule:
    """Validate an RFC 5545 rule now, so a bad one never reaches the database.

    Besides what dateutil checks, this refuses what it would accept and then
    loop on: INTERVAL=0, and rules that never produce a date (dateutil
    searches to year 9999 for them, seconds for every report).
    """
    body = compact[len("RRULE:") :]
    example = "e.g. RRULE:FREQ=WEEKLY;BYDAY=MO,TH"
    if not re.fullmatch(_RRULE_BODY, body):
        raise ScheduleError(f"Invalid rule {quote(text)}: expected NAME=VALUE;..., {example}")
    params: dict[str, str] = {}
    for part in body.split(";"):
        name, eq, value = part.partition("=")
        if not (name and eq and value) or name in params:
            raise ScheduleError(
                f"Invalid rule {quote(text)}: each part is NAME=VALUE, once; {example}"
            )
        params[name] = value
    freq = params.get("FREQ")
    if freq is None:
        raise ScheduleError(f"Invalid rule {quote(text)}: FREQ= is required, {example}")
    if freq in _SUB_DAILY:
        raise ScheduleError(
            f"Rule {quote(text)} repeats within a day, but steps are planned by the day; "
            "use FREQ=DAILY, WEEKLY, MONTHLY or YEARLY"
        )
    for name in ("INTERVAL", "COUNT"):
        value = params.get(name, "1")
        if not (value.isdigit() and len(value) <= 6 and int(value) >= 1):
            raise ScheduleError(
                f"Invalid rule {quote(text)}: {name} must be a whole number from 1 to 999999"
            )
    if "COUNT" in params and "UNTIL" in params:
        raise ScheduleError(f"Invalid rule {quote(text)}: use COUNT or UNTIL, not both")
    try:
        rule = _compile_rrule(compact, _PROBE_START)
        first = rule.after(datetime.combine(_PROBE_START, time()), inc=True)
    except Exception as exc:  # third-party boundary: any failure means a bad rule
        reason = "".join(c for c in str(exc) if c.isprintable())[:80]
        raise ScheduleError(f"Invalid rule {quote(text)}: {reason}; {example}") from None
    if first is None:
        raise ScheduleError(f"Rule {quote(text)} never produces a date; {example}")
    return Schedule(text=compact, kind="rrule")


@lru_cache(maxsize=512)
def _compile_rrule(text: str, anchor: date) -> rrule | rruleset:
    """The dateutil rule for ``text`` from ``anchor``; cached, as reports ask per window."""
    from dateutil.rrule import rrulestr  # ~15 ms: only RRULE schedules pay for it

    day_rule = re.sub(_TIME_OF_DAY_PART, "", re.sub(_UNTIL_Z, r"\1", text)).replace(":;", ":")
    return rrulestr(day_rule, dtstart=datetime.combine(anchor, time()))
