"""Tests for coachcli.domain.dates: the clock is always injected through ``today=``."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import coachcli
from coachcli.domain.dates import (
    WEEKDAY_NAMES,
    add_months,
    format_date,
    iso_week_bounds,
    parse_date,
    quote,
)
from coachcli.errors import DateError
from coachcli.limits import MAX_DATE, MIN_DATE

SUN = date(2026, 11, 22)  # a Sunday
WED = date(2026, 11, 18)  # a Wednesday
D = date.fromisoformat


# --- the grammar, hand-computed --------------------------------------------


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        # ISO, the fast path
        ("2026-11-21", SUN, "2026-11-21"),
        ("2024-02-29", SUN, "2024-02-29"),
        ("1900-01-01", SUN, "1900-01-01"),
        ("2199-12-31", SUN, "2199-12-31"),
        ("  2026-11-21  ", SUN, "2026-11-21"),
        # keywords, any case
        ("today", SUN, "2026-11-22"),
        ("TODAY", SUN, "2026-11-22"),
        ("yesterday", SUN, "2026-11-21"),
        ("tomorrow", SUN, "2026-11-23"),
        ("yesterday", D("2026-03-01"), "2026-02-28"),
        ("tomorrow", D("2026-12-31"), "2027-01-01"),
        # last / next weekday: strictly before / after today
        ("last friday", SUN, "2026-11-20"),
        ("last sunday", SUN, "2026-11-15"),
        ("last monday", SUN, "2026-11-16"),
        ("next monday", SUN, "2026-11-23"),
        ("next sunday", SUN, "2026-11-29"),
        ("next sat", SUN, "2026-11-28"),
        ("last wednesday", WED, "2026-11-11"),
        ("next wednesday", WED, "2026-11-25"),
        ("last friday", WED, "2026-11-13"),
        ("Last  Tue", WED, "2026-11-17"),
        ("next thu", WED, "2026-11-19"),
        ("next monday", WED, "2026-11-23"),
        ("last week", SUN, "2026-11-15"),
        ("next week", SUN, "2026-11-29"),
        ("last month", D("2026-03-31"), "2026-02-28"),
        ("next year", D("2024-02-29"), "2025-02-28"),
        # N units ago / in N units
        ("3 days ago", SUN, "2026-11-19"),
        ("1 day ago", SUN, "2026-11-21"),
        ("0 days ago", SUN, "2026-11-22"),
        ("a day ago", SUN, "2026-11-21"),
        ("a week ago", SUN, "2026-11-15"),
        ("2 weeks ago", SUN, "2026-11-08"),
        ("1 month ago", SUN, "2026-10-22"),
        ("2 years ago", SUN, "2024-11-22"),
        ("in 10 days", SUN, "2026-12-02"),
        ("in 2 weeks", SUN, "2026-12-06"),
        ("IN 2 WEEKS", SUN, "2026-12-06"),
        ("in a month", SUN, "2026-12-22"),
        ("in an year", SUN, "2027-11-22"),
        ("in 1 year", SUN, "2027-11-22"),
        ("in one week", SUN, "2026-11-29"),
        # months and years clamp to the month's last day
        ("1 month ago", D("2026-03-31"), "2026-02-28"),
        ("in 1 month", D("2026-01-31"), "2026-02-28"),
        ("in 1 month", D("2024-01-31"), "2024-02-29"),
        ("in 3 months", D("2026-01-31"), "2026-04-30"),
        ("in 2 months", D("2026-12-31"), "2027-02-28"),
        ("13 months ago", D("2026-01-15"), "2024-12-15"),
        ("1 year ago", D("2024-02-29"), "2023-02-28"),
        # unambiguous numeric forms
        ("2026/11/22", SUN, "2026-11-22"),
        ("2026.11.22", SUN, "2026-11-22"),
        ("2026-1-5", SUN, "2026-01-05"),
        ("25/12/2026", SUN, "2026-12-25"),
        ("12/25/2026", SUN, "2026-12-25"),
        ("25.12.2026", SUN, "2026-12-25"),
        ("25-12-2026", SUN, "2026-12-25"),
        ("25 12 2026", SUN, "2026-12-25"),
        ("04/04/2026", SUN, "2026-04-04"),
        ("25/12", SUN, "2026-12-25"),
        ("12/25", WED, "2026-12-25"),
        ("20261122", SUN, "2026-11-22"),
        # month names go to dateutil; a missing year is today's
        ("22 Nov 2026", SUN, "2026-11-22"),
        ("November 22, 2026", SUN, "2026-11-22"),
        ("Nov 22", WED, "2026-11-22"),
        ("3 march", WED, "2026-03-03"),
        ("22nd November 2026", SUN, "2026-11-22"),
        ("Sunday 22 Nov 2026", SUN, "2026-11-22"),
        ("feb 29 2024", SUN, "2024-02-29"),
        ("sept 1 2027", SUN, "2027-09-01"),
        ("Nov 22 2026 10:30", SUN, "2026-11-22"),
        ("nov 22 2026 10:30 EST", SUN, "2026-11-22"),
        # a time of day is accepted and ignored
        ("2026-11-22T10:00:00", SUN, "2026-11-22"),
        ("2026-11-22T10:00:00Z", SUN, "2026-11-22"),
        ("2026-11-22T10:00:00.123+01:00", SUN, "2026-11-22"),
        ("2026-11-22 23:59", SUN, "2026-11-22"),
        ("yesterday 9pm", SUN, "2026-11-21"),
        ("tomorrow at 10:30", SUN, "2026-11-23"),
        ("25/12/2026 08:00", SUN, "2026-12-25"),
    ],
)
def test_parse_date(text: str, today: date, expected: str) -> None:
    assert parse_date(text, today=today) == D(expected)


@pytest.mark.parametrize(
    ("text", "today", "past", "future"),
    [
        # Sunday: a bare weekday includes today either way
        ("sun", SUN, "2026-11-22", "2026-11-22"),
        ("sunday", SUN, "2026-11-22", "2026-11-22"),
        ("friday", SUN, "2026-11-20", "2026-11-27"),
        ("fri", SUN, "2026-11-20", "2026-11-27"),
        ("mon", SUN, "2026-11-16", "2026-11-23"),
        ("sat", SUN, "2026-11-21", "2026-11-28"),
        # Wednesday
        ("wed", WED, "2026-11-18", "2026-11-18"),
        ("Wednesday", WED, "2026-11-18", "2026-11-18"),
        ("weds", WED, "2026-11-18", "2026-11-18"),
        ("monday", WED, "2026-11-16", "2026-11-23"),
        ("tue", WED, "2026-11-17", "2026-11-24"),
        ("tues", WED, "2026-11-17", "2026-11-24"),
        ("tuesday", WED, "2026-11-17", "2026-11-24"),
        ("thu", WED, "2026-11-12", "2026-11-19"),
        ("thur", WED, "2026-11-12", "2026-11-19"),
        ("thurs", WED, "2026-11-12", "2026-11-19"),
        ("THURSDAY", WED, "2026-11-12", "2026-11-19"),
        ("fri", WED, "2026-11-13", "2026-11-20"),
        ("saturday", WED, "2026-11-14", "2026-11-21"),
        ("sun", WED, "2026-11-15", "2026-11-22"),
    ],
)
def test_weekday_prefers_past_or_future(text: str, today: date, past: str, future: str) -> None:
    assert parse_date(text, today=today) == D(past)
    assert parse_date(text, today=today, prefer="past") == D(past)
    assert parse_date(text, today=today, prefer="future") == D(future)


@pytest.mark.parametrize(
    ("text", "today", "fragments"),
    [
        ("", SUN, ["Empty date", "YYYY-MM-DD"]),
        ("   ", SUN, ["Empty date"]),
        ("foo", SUN, ["Unrecognised date 'foo'", "YYYY-MM-DD", "last friday", "3 days ago"]),
        ("last foo", SUN, ["Unrecognised date"]),
        ("this friday", SUN, ["Unrecognised date"]),
        ("an hour ago", SUN, ["Unrecognised date"]),
        # the calendar is checked, and the message says why
        ("2026-02-30", SUN, ["'2026-02-30'", "not a calendar date", "February 2026 has 28 days"]),
        ("2024-02-30", SUN, ["February 2024 has 29 days"]),
        ("2026-04-31", SUN, ["April 2026 has 30 days"]),
        ("2026-13-01", SUN, ["month 13", "01 to 12"]),
        ("2026-00-10", SUN, ["month 0"]),
        ("0000-01-01", SUN, ["years 1900-2199"]),
        # the supported years (coachcli.limits), whatever Python's date could hold
        ("1899-12-31", SUN, ["'1899-12-31' is outside the supported years 1900-2199"]),
        ("2200-01-01", SUN, ["outside the supported years 1900-2199"]),
        ("9999-12-31", SUN, ["outside the supported years 1900-2199"]),
        ("0001-01-01", SUN, ["outside the supported years"]),
        ("in 200 years", SUN, ["outside the supported years"]),
        ("feb 29 2026", SUN, ["'feb 29 2026' is not a calendar date"]),
        # ambiguous day/month order: never a guess, always how to write it
        ("3/4/2026", SUN, ["'3/4/2026' could be 3 April or March 4", "YYYY-MM-DD", "2026-04-03"]),
        ("04.05.2026", SUN, ["could be 4 May or April 5", "2026-05-04"]),
        ("3-4-2026", SUN, ["could be 3 April or March 4"]),
        ("3/4", SUN, ["could be 3 April or March 4", "2026-04-03"]),
        ("3/4/2026 10:00", SUN, ["could be 3 April or March 4"]),
        # two-digit years
        ("01/02/03", SUN, ["two-digit year", "YYYY-MM-DD"]),
        ("25/12/26", SUN, ["two-digit year"]),
        ("22 nov 26", SUN, ["two-digit year", "in full"]),
        ("nov 22 26", SUN, ["two-digit year"]),
        # bare numbers and other numeric shapes
        ("5", SUN, ["'5' is just a number", "YYYY-MM-DD"]),
        ("2026", SUN, ["just a number"]),
        ("99999999", SUN, ["'99999999' has month 99"]),
        ("31/31/2026", SUN, ["month 31"]),
        ("31/13/2026", SUN, ["no month", "neither 31 nor 13"]),
        ("2026-11", SUN, ["has no day"]),
        ("11/2026", SUN, ["has no day"]),
        ("1/2/3/4", SUN, ["Unrecognised date"]),
        ("11/2026/22", SUN, ["Unrecognised date"]),
        ("123/4/2026", SUN, ["Unrecognised date"]),
        # month-name forms that would be a guess
        ("nov 2026", SUN, ["no day of the month"]),
        ("november", SUN, ["no day of the month"]),
        ("Monday 22 Nov 2026", SUN, ["does not add up", "2026-11-22 is a Sunday"]),
        ("nov 22 foo", SUN, ["Unrecognised date"]),
        ("nov 22 2026 1 2", SUN, ["two-digit year"]),
        # times must be real times
        ("today 25:00", SUN, ["impossible time"]),
        ("2026-11-22T10:61", SUN, ["impossible time"]),
        ("yesterday 13pm", SUN, ["impossible time"]),
        # out of range
        ("tomorrow", date.max, ["outside the supported years 1900-2199"]),
        ("yesterday", date.min, ["outside the supported years"]),
        ("last week", date.min, ["outside the supported years"]),
        ("in 99999999 days", SUN, ["outside the supported years"]),
        ("in 9999999 days", SUN, ["outside the supported years"]),
        ("9999 years ago", SUN, ["outside the supported years"]),
        ("in 8000 years", SUN, ["outside the supported years"]),
        # a year typed in full is the year meant, never a guess at another century
        ("1 Jan 0001", SUN, ["'1 Jan 0001' is outside the supported years"]),
        ("Jan 5 0026", SUN, ["outside the supported years"]),
    ],
)
def test_parse_date_errors(text: str, today: date, fragments: list[str]) -> None:
    with pytest.raises(DateError) as info:
        parse_date(text, today=today)
    message = str(info.value)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message


def test_error_message_neutralises_terminal_escapes() -> None:
    with pytest.raises(DateError) as info:
        parse_date("\x1b[31mred\x1b]0;title\x07 \u202e", today=SUN)
    message = str(info.value)
    assert "\\x1b[31mred" in message
    assert all(c.isprintable() for c in message)


def test_error_message_quotes_long_input_short() -> None:
    with pytest.raises(DateError) as info:
        parse_date("x" * 10_000, today=SUN)
    assert len(str(info.value)) < 300


def test_quote() -> None:
    assert quote("foo") == "'foo'"
    assert quote(" it's ") == "'it\\'s'"
    assert quote("a\x00b\x9bc\ud800") == "'a\\x00b\\x9bc\\ud800'"


def test_format_date() -> None:
    assert format_date(date(2026, 1, 5)) == "2026-01-05"
    assert format_date(date(1, 1, 1)) == "0001-01-01"


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2026-03-31", -1, "2026-02-28"),
        ("2026-01-31", 1, "2026-02-28"),
        ("2024-01-31", 1, "2024-02-29"),
        ("2026-11-22", 14, "2028-01-22"),
        ("2026-11-22", -23, "2024-12-22"),
        ("2000-02-29", 12 * 100, "2100-02-28"),
    ],
)
def test_add_months(start: str, months: int, expected: str) -> None:
    assert add_months(D(start), months) == D(expected)


def test_add_months_out_of_range() -> None:
    with pytest.raises(OverflowError):
        add_months(date(9999, 12, 1), 1)


# --- ISO weeks --------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "today", "monday", "sunday"),
    [
        ("this", SUN, "2026-11-16", "2026-11-22"),
        ("this", WED, "2026-11-16", "2026-11-22"),
        ("last", SUN, "2026-11-09", "2026-11-15"),
        ("last", WED, "2026-11-09", "2026-11-15"),
        ("next", SUN, "2026-11-23", "2026-11-29"),
        ("Last Week", SUN, "2026-11-09", "2026-11-15"),
        (" this ", date(2026, 11, 16), "2026-11-16", "2026-11-22"),
        ("2026-W47", WED, "2026-11-16", "2026-11-22"),
        ("2026-w47", WED, "2026-11-16", "2026-11-22"),
        ("2026W47", WED, "2026-11-16", "2026-11-22"),
        ("2026-W01", WED, "2025-12-29", "2026-01-04"),
        ("2026-W53", WED, "2026-12-28", "2027-01-03"),
        ("2020-W53", WED, "2020-12-28", "2021-01-03"),
        ("2026-W1", WED, "2025-12-29", "2026-01-04"),
    ],
)
def test_iso_week_bounds(spec: str, today: date, monday: str, sunday: str) -> None:
    assert iso_week_bounds(spec, today=today) == (D(monday), D(sunday))


@pytest.mark.parametrize(
    ("spec", "fragments"),
    [
        ("foo", ["Unrecognised week 'foo'", "this, last, next or YYYY-Www", "2026-W47"]),
        ("", ["Unrecognised week"]),
        ("2025-W53", ["2025 has 52 ISO weeks"]),
        ("2026-W54", ["2026 has 53 ISO weeks"]),
        ("2026-W00", ["does not exist"]),
        ("0000-W01", ["years 1900-2199"]),
        ("9999-W52", ["years 1900-2199"]),
        ("1899-W10", ["years 1900-2199"]),
        ("2026-11-22", ["YYYY-Www"]),
    ],
)
def test_iso_week_bounds_errors(spec: str, fragments: list[str]) -> None:
    with pytest.raises(DateError) as info:
        iso_week_bounds(spec, today=SUN)
    for fragment in fragments:
        assert fragment in str(info.value)


def test_iso_week_bounds_out_of_range() -> None:
    with pytest.raises(DateError, match="years 1900-2199"):
        iso_week_bounds("last", today=date.min)


# --- properties ---------------------------------------------------------------

_VOCAB = [
    *WEEKDAY_NAMES,
    "today", "yesterday", "tomorrow", "last", "next", "this", "in", "ago", "a", "an",
    "day", "days", "week", "weeks", "month", "months", "year", "years",
    "nov", "november", "feb", "sept", "may", "march", "at", "t", "z", "pm", "am", "of",
    "0", "1", "3", "12", "13", "29", "31", "99", "2024", "2026", "9999", "99999999",
    "10:00", "25:61", "9pm", "+01:00", "/", ".", "-", ",", " ", "W47", "-w", "\x1b", "\u202e",
]  # fmt: skip
_tokens = st.lists(st.sampled_from(_VOCAB), max_size=6).map("".join)
_phrases = st.lists(st.sampled_from(_VOCAB), max_size=6).map(" ".join)
_any_text = st.one_of(st.text(), st.text(alphabet="0123456789/.- :tTwW"), _tokens, _phrases)


@given(text=_any_text, today=st.dates(), prefer=st.sampled_from(["past", "future"]))
def test_parse_date_returns_a_date_or_raises_date_error(
    text: str, today: date, prefer: str
) -> None:
    message = ""
    try:
        result = parse_date(text, today=today, prefer="past" if prefer == "past" else "future")
    except DateError as exc:
        message = str(exc)
    else:
        assert isinstance(result, date)
    assert "\n" not in message
    assert all(c.isprintable() for c in message)


@given(text=_any_text, today=st.dates())
def test_iso_week_bounds_returns_a_week_or_raises_date_error(text: str, today: date) -> None:
    try:
        monday, sunday = iso_week_bounds(text, today=today)
    except DateError:
        pass
    else:
        assert monday.weekday() == 0
        assert sunday - monday == timedelta(days=6)


_YEARS = st.dates(min_value=MIN_DATE, max_value=MAX_DATE)


@given(d=_YEARS, today=_YEARS)
def test_iso_round_trip(d: date, today: date) -> None:
    assert parse_date(format_date(d), today=today) == d


@given(
    today=st.dates(min_value=date(1900, 1, 8), max_value=date(2199, 12, 24)),
    name=st.sampled_from(sorted(WEEKDAY_NAMES)),
)
def test_weekday_properties(today: date, name: str) -> None:
    wd = WEEKDAY_NAMES[name]
    past = parse_date(name, today=today)
    future = parse_date(name, today=today, prefer="future")
    last = parse_date(f"last {name}", today=today)
    nxt = parse_date(f"next {name}", today=today)
    for d in (past, future, last, nxt):
        assert d.weekday() == wd
    assert 0 <= (today - past).days <= 6
    assert 0 <= (future - today).days <= 6
    assert 1 <= (today - last).days <= 7
    assert 1 <= (nxt - today).days <= 7


@given(
    today=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    n=st.integers(min_value=0, max_value=99),
    unit=st.sampled_from(["day", "week", "month", "year"]),
)
def test_relative_properties(today: date, n: int, unit: str) -> None:
    ago = parse_date(f"{n} {unit}s ago", today=today)
    ahead = parse_date(f"in {n} {unit}s", today=today)
    if unit in ("day", "week"):
        step = timedelta(days=n if unit == "day" else 7 * n)
        assert ago == today - step
        assert ahead == today + step
    else:
        months = n if unit == "month" else 12 * n
        for d, sign in ((ago, -1), (ahead, 1)):
            assert (d.year * 12 + d.month) - (today.year * 12 + today.month) == sign * months
            assert d.day == today.day or (d.day < today.day and (d + timedelta(days=1)).day == 1)


@given(
    d=_YEARS,
    today=st.dates(),
    sep=st.sampled_from(["/", ".", "-", " "]),
)
def test_numeric_forms_never_guess(d: date, today: date, sep: str) -> None:
    day_first = f"{d.day}{sep}{d.month}{sep}{d.year}"
    if d.day > 12 or d.day == d.month:
        assert parse_date(day_first, today=today) == d
        month_first = f"{d.month}{sep}{d.day}{sep}{d.year}"
        assert parse_date(month_first, today=today) == d
    else:
        with pytest.raises(DateError, match="YYYY-MM-DD"):
            parse_date(day_first, today=today)


# --- start-up cost ------------------------------------------------------------


def test_fast_paths_do_not_import_heavy_modules() -> None:
    code = """
import sys
from datetime import date
import coachcli
before = set(sys.modules)
from coachcli.domain.dates import parse_date
from coachcli.domain.schedule import parse_schedule
today = date(2026, 11, 22)
for text in ("2026-11-21", "yesterday", "friday", "3 days ago", "in 2 weeks"):
    parse_date(text, today=today)
parse_schedule("mon,wed,fri").occurrences(today, today, date(2027, 12, 31))
parse_schedule("every 3 days").occurrences(today, today, date(2027, 12, 31))
heavy = {"dateutil", "uuid", "platformdirs", "rich", "typer", "sqlite_utils", "calendar"}
print(",".join(sorted(m for m in set(sys.modules) - before if m.split(".")[0] in heavy)))
"""
    src = str(Path(coachcli.__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.strip() == ""


def test_month_names_still_work_after_lazy_import() -> None:
    # The slow path is lazy, not missing.
    assert parse_date("1 Jan 2027", today=SUN) == date(2027, 1, 1)
