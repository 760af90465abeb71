"""Tests for coachcli.domain.schedule: parsing ``--every`` rules and planned dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachcli.domain.schedule import MAX_EVERY, Schedule, parse_schedule, plan_schedule
from coachcli.errors import ScheduleError

D = date.fromisoformat
ALL = frozenset(range(7))
WORK = frozenset(range(5))


# --- parsing, hand-computed -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "canonical", "weekdays"),
    [
        ("daily", "daily", ALL),
        ("DAILY", "daily", ALL),
        ("every day", "daily", ALL),
        ("  Every   Day ", "daily", ALL),
        ("everyday", "daily", ALL),
        ("every 1 days", "daily", ALL),
        ("every 1 day", "daily", ALL),
        ("weekdays", "weekdays", WORK),
        ("every weekday", "weekdays", WORK),
        ("weekends", "weekends", {5, 6}),
        ("mon,wed,fri", "mon,wed,fri", {0, 2, 4}),
        ("fri, mon, wed", "mon,wed,fri", {0, 2, 4}),
        ("mon wed fri", "mon,wed,fri", {0, 2, 4}),
        ("Monday, Wednesday", "mon,wed", {0, 2}),
        ("mon,mon,tue", "mon,tue", {0, 1}),
        ("tues,thurs", "tue,thu", {1, 3}),
        ("thur", "thu", {3}),
        ("weds", "wed", {2}),
        ("mon and thu", "mon,thu", {0, 3}),
        ("mon, wed & fri", "mon,wed,fri", {0, 2, 4}),
        ("every monday", "mon", {0}),
        ("on Mondays and Thursdays", "mon,thu", {0, 3}),
        ("sun", "sun", {6}),
        ("sat,sun", "weekends", {5, 6}),
        ("sun sat", "weekends", {5, 6}),
        ("mon,tue,wed,thu,fri", "weekdays", WORK),
        ("sun,sat,fri,thu,wed,tue,mon", "daily", ALL),
        ("mon-fri", "weekdays", WORK),
        ("mon - wed", "mon,tue,wed", {0, 1, 2}),
        ("fri-mon", "mon,fri,sat,sun", {0, 4, 5, 6}),
        ("weekends,wed", "wed,sat,sun", {2, 5, 6}),
    ],
)
def test_parse_weekday_kinds(text: str, canonical: str, weekdays: set[int]) -> None:
    s = parse_schedule(text)
    assert s == Schedule(text=canonical, kind="weekdays", weekdays=frozenset(weekdays))


@pytest.mark.parametrize(
    ("text", "canonical", "days"),
    [
        ("every 2 days", "every 2 days", 2),
        ("every other day", "every 2 days", 2),
        ("Every 3 Days", "every 3 days", 3),
        ("every 3days", "every 3 days", 3),
        ("every 10 day", "every 10 days", 10),
        ("weekly", "weekly", 7),
        ("every week", "weekly", 7),
        ("every 1 weeks", "weekly", 7),
        ("every 7 days", "weekly", 7),
        ("every 2 weeks", "every 2 weeks", 14),
        ("every other week", "every 2 weeks", 14),
        ("fortnightly", "every 2 weeks", 14),
        ("every 14 days", "every 2 weeks", 14),
        ("every 3 weeks", "every 3 weeks", 21),
        (f"every {MAX_EVERY} days", f"every {MAX_EVERY} days", MAX_EVERY),
    ],
)
def test_parse_interval(text: str, canonical: str, days: int) -> None:
    assert parse_schedule(text) == Schedule(text=canonical, kind="interval", interval=days)


@pytest.mark.parametrize("text", ["monthly", "Monthly", "every month"])
def test_parse_monthly(text: str) -> None:
    assert parse_schedule(text) == Schedule(text="monthly", kind="monthly")


@pytest.mark.parametrize(
    ("text", "quota", "period"),
    [
        ("3/week", 3, "week"),
        ("3 / week", 3, "week"),
        ("3 per week", 3, "week"),
        ("3 times a week", 3, "week"),
        ("3 times per week", 3, "week"),
        ("3 x week", 3, "week"),
        ("3x/week", 3, "week"),
        ("3x week", 3, "week"),
        ("3x weekly", 3, "week"),
        ("3/wk", 3, "week"),
        ("once a week", 1, "week"),
        ("once weekly", 1, "week"),
        ("twice a week", 2, "week"),
        ("1/week", 1, "week"),
        ("7/week", 7, "week"),
        ("2/month", 2, "month"),
        ("twice a month", 2, "month"),
        ("10 times per month", 10, "month"),
        ("31/month", 31, "month"),
        ("4 per months", 4, "month"),
    ],
)
def test_parse_quota(text: str, quota: int, period: str) -> None:
    s = parse_schedule(text)
    assert (s.kind, s.quota, s.period, s.text) == ("quota", quota, period, f"{quota}/{period}")


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("RRULE:FREQ=WEEKLY;BYDAY=MO,TH", "RRULE:FREQ=WEEKLY;BYDAY=MO,TH"),
        ("rrule:freq=weekly; byday=mo,th", "RRULE:FREQ=WEEKLY;BYDAY=MO,TH"),
        ("  RRULE: FREQ=MONTHLY;BYMONTHDAY=-1 ", "RRULE:FREQ=MONTHLY;BYMONTHDAY=-1"),
        ("RRULE:FREQ=DAILY;UNTIL=20261231T000000Z", "RRULE:FREQ=DAILY;UNTIL=20261231T000000Z"),
        ("RRULE:FREQ=YEARLY;COUNT=3", "RRULE:FREQ=YEARLY;COUNT=3"),
    ],
)
def test_parse_rrule(text: str, canonical: str) -> None:
    assert parse_schedule(text) == Schedule(text=canonical, kind="rrule")


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("blah", ["Unrecognised schedule 'blah'", "daily", "mon,wed,fri", "3/week", "RRULE:FREQ="]),
        ("", ["Empty schedule", "every 3 days"]),
        ("   ", ["Empty schedule"]),
        ("mon,funday", ["Unrecognised schedule"]),
        ("mon-", ["Unrecognised schedule"]),
        ("mon-tue-wed", ["Unrecognised schedule"]),
        ("3 weeks", ["Unrecognised schedule"]),
        ("3am", ["Unrecognised schedule"]),
        ("every 2 months", ["Unrecognised schedule"]),
        ("every -1 days", ["Unrecognised schedule"]),
        # out of range, with the range
        ("0/week", ["'0/week' is out of range", "1 to 7"]),
        ("8/week", ["1 to 7 times"]),
        ("8 times a week", ["1 to 7 times"]),
        ("0/month", ["1 to 31"]),
        ("32/month", ["1 to 31"]),
        ("9" * 5000 + "/week", ["1 to 7"]),
        ("every 0 days", ["out of range", "from 1 to 9999"]),
        ("every 0 weeks", ["from 1 to 9999"]),
        (f"every {MAX_EVERY + 1} days", ["from 1 to 9999"]),
        ("every " + "9" * 5000 + " days", ["from 1 to 9999"]),
        # rules
        ("RRULE:FREQ=HOURLY", ["planned by the day", "FREQ=DAILY"]),
        ("RRULE:FREQ=MINUTELY;INTERVAL=30", ["planned by the day"]),
        ("rrule:freq=secondly", ["planned by the day"]),

        ("RRULE:", ["Invalid rule", "FREQ=WEEKLY"]),
        ("RRULE:BYDAY=MO", ["FREQ= is required"]),
        ("RRULE:FREQ=FORTNIGHTLY", ["Invalid rule"]),
        ("RRULE:FREQ=WEEKLY;BYDAY=XX", ["Invalid rule"]),
        ("RRULE:FREQ=WEEKLY;FOO=1", ["Invalid rule"]),
        ("RRULE:FREQ=WEEKLY;INTERVAL=0", ["Invalid rule"]),
        ("RRULE:FREQ=DAILY;COUNT=3;UNTIL=20261231", ["COUNT or UNTIL, not both"]),
        ("RRULE:FREQ=DAILY;INTERVAL=-1", ["INTERVAL must be a whole number"]),
        ("RRULE:FREQ=DAILY;COUNT=0", ["COUNT must be a whole number"]),
        ("RRULE:FREQ=DAILY;FREQ=WEEKLY", ["NAME=VALUE, once"]),
        ("RRULE:FREQ=DAILY;;BYDAY=MO", ["NAME=VALUE"]),
        ("RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", ["never produces a date"]),
        ("RRULE:FREQ=DAILY\x1b[2J", ["Invalid rule", "\\x1b"]),
        ("RRULE:FREQ=DAILY:X", ["Invalid rule"]),
    ],
)
def test_parse_schedule_errors(text: str, fragments: list[str]) -> None:
    with pytest.raises(ScheduleError) as info:
        parse_schedule(text)
    message = str(info.value)
    assert "\n" not in message
    assert all(c.isprintable() for c in message)
    for fragment in fragments:
        assert fragment in message


# --- occurrences, hand-computed -----------------------------------------------

ANCHOR = D("2026-11-01")  # a Sunday
WEEK = (D("2026-11-16"), D("2026-11-22"))  # Monday to Sunday


@pytest.mark.parametrize(
    ("rule", "anchor", "window", "expected"),
    [
        ("daily", ANCHOR, WEEK, [f"2026-11-{d}" for d in range(16, 23)]),
        ("weekdays", ANCHOR, WEEK, [f"2026-11-{d}" for d in range(16, 21)]),
        ("weekends", ANCHOR, WEEK, ["2026-11-21", "2026-11-22"]),
        ("mon,wed,fri", ANCHOR, WEEK, ["2026-11-16", "2026-11-18", "2026-11-20"]),
        ("sun", ANCHOR, WEEK, ["2026-11-22"]),
        (
            "tue,sat",
            ANCHOR,
            (D("2026-11-01"), D("2026-11-30")),
            [
                "2026-11-03",
                "2026-11-07",
                "2026-11-10",
                "2026-11-14",
                "2026-11-17",
                "2026-11-21",
                "2026-11-24",
                "2026-11-28",
            ],
        ),
        # the anchor (the step's start) clips the window
        ("daily", D("2026-11-18"), WEEK, [f"2026-11-{d}" for d in range(18, 23)]),
        ("mon,wed,fri", D("2026-11-19"), WEEK, ["2026-11-20"]),
        ("daily", D("2026-12-01"), WEEK, []),
        ("daily", ANCHOR, (D("2026-11-22"), D("2026-11-16")), []),
        ("daily", ANCHOR, (D("2026-11-22"), D("2026-11-22")), ["2026-11-22"]),
        # intervals count from the anchor: 1, 4, 7, 10, 13, 16, 19, 22 ...
        ("every 3 days", ANCHOR, WEEK, ["2026-11-16", "2026-11-19", "2026-11-22"]),
        ("every 2 days", ANCHOR, WEEK, ["2026-11-17", "2026-11-19", "2026-11-21"]),
        ("weekly", ANCHOR, WEEK, ["2026-11-22"]),
        ("weekly", D("2026-11-18"), WEEK, ["2026-11-18"]),
        ("every 2 weeks", ANCHOR, WEEK, []),
        ("every 2 weeks", ANCHOR, (D("2026-11-10"), D("2026-11-30")), ["2026-11-15", "2026-11-29"]),
        ("every 3 days", D("2026-11-20"), WEEK, ["2026-11-20"]),
        (
            "every 100 days",
            D("2020-01-01"),
            (D("2020-01-01"), D("2020-12-31")),
            ["2020-01-01", "2020-04-10", "2020-07-19", "2020-10-27"],
        ),
        # monthly: the anchor's day, clamped to short months
        (
            "monthly",
            D("2026-01-31"),
            (D("2026-01-01"), D("2026-06-30")),
            ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31", "2026-06-30"],
        ),
        (
            "monthly",
            D("2024-01-30"),
            (D("2024-01-01"), D("2024-03-31")),
            ["2024-01-30", "2024-02-29", "2024-03-30"],
        ),
        (
            "monthly",
            D("2026-03-15"),
            (D("2026-01-01"), D("2026-05-31")),
            ["2026-03-15", "2026-04-15", "2026-05-15"],
        ),
        ("monthly", D("2026-03-15"), (D("2026-04-16"), D("2026-05-14")), []),
        (
            "monthly",
            D("2026-11-30"),
            (D("2026-12-01"), D("2027-03-01")),
            ["2026-12-30", "2027-01-30", "2027-02-28"],
        ),
        # RFC 5545 rules start at the anchor
        (
            "RRULE:FREQ=WEEKLY;BYDAY=MO,TH",
            ANCHOR,
            (D("2026-11-01"), D("2026-11-22")),
            ["2026-11-02", "2026-11-05", "2026-11-09", "2026-11-12", "2026-11-16", "2026-11-19"],
        ),
        (
            "RRULE:FREQ=WEEKLY;BYDAY=MO,TH",
            D("2026-11-10"),
            (D("2026-11-01"), D("2026-11-22")),
            ["2026-11-12", "2026-11-16", "2026-11-19"],
        ),
        (
            "RRULE:FREQ=WEEKLY;BYDAY=MO,TH;UNTIL=20261112T000000Z",
            ANCHOR,
            (D("2026-11-01"), D("2026-11-30")),
            ["2026-11-02", "2026-11-05", "2026-11-09", "2026-11-12"],
        ),
        (
            "RRULE:FREQ=MONTHLY;BYMONTHDAY=-1",
            D("2026-01-01"),
            (D("2026-01-01"), D("2026-04-30")),
            ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"],
        ),
        (
            "RRULE:FREQ=DAILY;BYHOUR=9",
            ANCHOR,
            (D("2026-11-20"), D("2026-11-21")),
            ["2026-11-20", "2026-11-21"],
        ),
        ("RRULE:FREQ=DAILY;COUNT=3", ANCHOR, WEEK, []),
    ],
)
def test_occurrences(
    rule: str, anchor: date, window: tuple[date, date], expected: list[str]
) -> None:
    start, end = window
    assert parse_schedule(rule).occurrences(anchor, start, end) == [D(d) for d in expected]


@pytest.mark.parametrize(
    ("rule", "fragments"),
    [
        # BY* parts that pick several times a day: 1,440 occurrences a day for this one
        ("RRULE:FREQ=DAILY;BYHOUR=" + ",".join(map(str, range(24))) + ";BYMINUTE="
         + ",".join(map(str, range(60))), ["repeats within a day", "BYHOUR has several values"]),
        ("RRULE:FREQ=WEEKLY;BYDAY=MO;BYMINUTE=0,30", ["repeats within a day", "BYMINUTE"]),
        ("rrule:freq=monthly;bysecond=1,2", ["repeats within a day", "BYSECOND"]),
        ("RRULE:FREQ=HOURLY", ["planned by the day"]),
    ],
)
def test_planning_refuses_rules_that_repeat_within_a_day(rule: str, fragments: list[str]) -> None:
    with pytest.raises(ScheduleError) as info:
        plan_schedule(rule)
    for fragment in fragments:
        assert fragment in str(info.value)


def test_planning_accepts_one_time_of_day() -> None:
    assert plan_schedule("RRULE:FREQ=DAILY;BYHOUR=9").text == "RRULE:FREQ=DAILY;BYHOUR=9"


def test_a_stored_rule_that_repeats_within_a_day_is_counted_by_the_day() -> None:
    """A rule in the database from before the check (or edited by hand) plans one
    occurrence a day, and costs a report what a daily rule costs, not 1,440 times more."""
    dense = ("RRULE:FREQ=DAILY;BYHOUR=" + ",".join(map(str, range(24))) + ";BYMINUTE="
             + ",".join(map(str, range(60))))
    stored = parse_schedule(dense)  # reading what the database holds: accepted
    found = stored.occurrences(D("2024-01-01"), D("2024-01-01"), D("2026-12-31"))
    assert found == parse_schedule("daily").occurrences(D("2024-01-01"), D("2024-01-01"),
                                                       D("2026-12-31"))


@pytest.mark.parametrize("rule", ["3/week", "2/month"])
def test_quota_has_no_dates(rule: str) -> None:
    with pytest.raises(ValueError, match="quota"):
        parse_schedule(rule).occurrences(ANCHOR, *WEEK)


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("daily", "every day"),
        ("weekdays", "weekdays"),
        ("weekends", "weekends"),
        ("mon,wed,fri", "Mon, Wed and Fri"),
        ("tue,thu", "Tue and Thu"),
        ("fri", "every Friday"),
        ("every 3 days", "every 3 days"),
        ("weekly", "weekly"),
        ("every 2 weeks", "every 2 weeks"),
        ("monthly", "monthly"),
        ("3/week", "3 times a week"),
        ("once a week", "once a week"),
        ("2/month", "twice a month"),
        ("10/month", "10 times a month"),
        ("RRULE:FREQ=WEEKLY;BYDAY=MO,TH", "every Monday and Thursday"),
        ("RRULE:FREQ=WEEKLY;BYDAY=TH", "every Thursday"),
        ("RRULE:FREQ=MONTHLY;BYDAY=1SA", "the first Saturday of each month"),
        ("RRULE:FREQ=MONTHLY;BYDAY=-1FR", "the last Friday of each month"),
        ("RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE", "Monday and Wednesday, every other week"),
        ("RRULE:FREQ=MONTHLY;BYMONTHDAY=1,15", "the 1st and 15th of each month"),
        ("RRULE:FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=-1", "the last day of March"),
        ("RRULE:FREQ=DAILY;COUNT=5", "every day, 5 times"),
        ("RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20270101T000000Z", "every Monday, until 2027-01-01"),
        ("RRULE:FREQ=WEEKLY;BYSETPOS=1;BYDAY=MO,TU", "a custom calendar rule"),
    ],
)
def test_describe(rule: str, words: str) -> None:
    assert parse_schedule(rule).describe() == words


# --- properties ---------------------------------------------------------------

_DAY_SPELLINGS = [
    ["mon", "monday", "Mon", "MONDAY", "mondays"],
    ["tue", "tues", "tuesday"],
    ["wed", "weds", "wednesday"],
    ["thu", "thur", "thurs", "thursday"],
    ["fri", "friday", "Fri"],
    ["sat", "saturday"],
    ["sun", "sunday", "Sundays"],
]


@st.composite
def weekday_lists(draw: st.DrawFn) -> tuple[str, frozenset[int]]:
    days = draw(st.lists(st.integers(0, 6), min_size=1, max_size=10))
    words = [draw(st.sampled_from(_DAY_SPELLINGS[d])) for d in days]
    sep = draw(st.sampled_from([",", ", ", " ", " and ", " & ", "/"]))
    return sep.join(words), frozenset(days)


_quota_texts = st.one_of(
    st.builds("{}/week".format, st.integers(1, 7)),
    st.builds("{} times a week".format, st.integers(1, 7)),
    st.builds("{}x/month".format, st.integers(1, 31)),
    st.builds("{} per month".format, st.integers(1, 31)),
    st.sampled_from(["once a week", "twice a month"]),
)
_dated_texts = st.one_of(
    st.sampled_from(["daily", "every day", "weekdays", "weekends", "weekly", "monthly"]),
    weekday_lists().map(lambda pair: pair[0]),
    st.builds("every {} days".format, st.integers(1, MAX_EVERY)),
    st.builds("every {} weeks".format, st.integers(1, 60)),
)
_rrule_texts = st.builds(
    "RRULE:FREQ={}{}".format,
    st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]),
    st.sampled_from(["", ";BYDAY=MO,TH", ";INTERVAL=2", ";BYMONTHDAY=1,15", ";COUNT=5"]),
)
_valid_texts = st.one_of(_dated_texts, _quota_texts, _rrule_texts)
_VOCAB = [
    "every", "day", "days", "week", "weeks", "month", "other", "daily", "weekly", "monthly",
    "weekdays", "weekends", "mon", "fri", "sundays", "and", "on", "per", "times", "a", "x",
    "once", "twice", "0", "1", "3", "7", "8", "31", "32", "99999", "/", ",", "-", "&",
    "RRULE:", "FREQ=", "HOURLY", "WEEKLY", "BYDAY=MO", ";", "COUNT=2", "UNTIL=2026", "\x1b",
]  # fmt: skip
_junk = st.lists(st.sampled_from(_VOCAB), max_size=6)
_any_text = st.one_of(st.text(), _junk.map(" ".join), _junk.map("".join), _valid_texts)
_dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))


@given(text=_any_text)
def test_parse_schedule_returns_a_schedule_or_raises_schedule_error(text: str) -> None:
    message = ""
    try:
        s = parse_schedule(text)
    except ScheduleError as exc:
        message = str(exc)
    else:
        assert isinstance(s, Schedule)
    assert "\n" not in message
    assert all(c.isprintable() for c in message)


@given(text=_valid_texts)
def test_round_trip(text: str) -> None:
    s = parse_schedule(text)
    assert parse_schedule(s.text) == s
    assert s.text == s.text.strip()
    assert s.describe()


@given(pair=weekday_lists())
def test_weekday_lists_read_every_spelling(pair: tuple[str, frozenset[int]]) -> None:
    text, days = pair
    s = parse_schedule(text)
    assert s.kind == "weekdays"
    assert s.weekdays == days


def _planned(s: Schedule, anchor: date, d: date) -> bool:
    """The day-by-day oracle the fast arithmetic must agree with."""
    if d < anchor:
        return False
    if s.kind == "weekdays":
        return d.weekday() in s.weekdays
    if s.kind == "interval":
        return (d - anchor).days % s.interval == 0
    last = (d.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return d.day == min(anchor.day, last.day)


@given(
    text=_dated_texts, anchor=_dates, a=_dates, gap1=st.integers(0, 400), gap2=st.integers(0, 400)
)
def test_window_additivity(text: str, anchor: date, a: date, gap1: int, gap2: int) -> None:
    s = parse_schedule(text)
    b = a + timedelta(days=gap1)
    c = b + timedelta(days=1 + gap2)
    whole = s.occurrences(anchor, a, c)
    assert whole == s.occurrences(anchor, a, b) + s.occurrences(anchor, b + timedelta(days=1), c)
    assert whole == sorted(set(whole))
    assert all(a <= d <= c and d >= anchor for d in whole)
    if s.kind == "weekdays":
        assert all(d.weekday() in s.weekdays for d in whole)


@given(text=_dated_texts, anchor=_dates, a=_dates, span=st.integers(0, 120))
def test_occurrences_match_day_by_day_oracle(text: str, anchor: date, a: date, span: int) -> None:
    s = parse_schedule(text)
    c = a + timedelta(days=span)
    days = [a + timedelta(days=i) for i in range(span + 1)]
    assert s.occurrences(anchor, a, c) == [d for d in days if _planned(s, anchor, d)]


@given(n=st.integers(1, 400), anchor=_dates, a=_dates, span=st.integers(0, 800))
def test_every_n_days_is_modular(n: int, anchor: date, a: date, span: int) -> None:
    c = a + timedelta(days=span)
    got = parse_schedule(f"every {n} days").occurrences(anchor, a, c)
    days = (a + timedelta(days=i) for i in range(span + 1))
    assert got == [d for d in days if d >= anchor and (d - anchor).days % n == 0]


@given(
    text=_rrule_texts, anchor=_dates, a=_dates, gap1=st.integers(0, 200), gap2=st.integers(0, 200)
)
def test_rrule_window_additivity(text: str, anchor: date, a: date, gap1: int, gap2: int) -> None:
    s = parse_schedule(text)
    b = a + timedelta(days=gap1)
    c = b + timedelta(days=1 + gap2)
    whole = s.occurrences(anchor, a, c)
    assert whole == s.occurrences(anchor, a, b) + s.occurrences(anchor, b + timedelta(days=1), c)
    assert all(a <= d <= c and d >= anchor for d in whole)


def test_long_windows_are_cheap() -> None:
    # Arithmetic, not a day-by-day loop: a century of a sparse rule is instant
    # and the result is exact.
    s = parse_schedule("every 1000 days")
    got = s.occurrences(date(1, 1, 1), date(1, 1, 1), date.max)
    assert len(got) == (date.max.toordinal() - 1) // 1000 + 1
    sundays = parse_schedule("sun").occurrences(date.min, date.min, date.max)
    assert sundays[-1].weekday() == 6
    assert date.max - sundays[-1] < timedelta(days=7)
