"""``coach habit STEP``: one step as a habit, read through the report's own timeline.

Today is Wednesday 2026-11-18. The stocked step 1 is "Walk 20 minutes" on
mon,wed,fri from Monday 2026-11-02.
"""

from __future__ import annotations

from typing import Any

import pytest

from coachcli.domain.habit import best_streak
from helpers import as_json, assert_user_error, snapshot


@pytest.fixture
def stocked(coach):  # type: ignore[no-untyped-def]
    """Goal 1, begun on Sunday 2026-11-01, with step 1 on mon,wed,fri from Monday 2026-11-02."""
    assert coach("goal", "add", "Get fit", "--on", "2026-11-01").exit_code == 0
    assert coach("step", "add", "1", "Walk 20 minutes", "--every", "mon,wed,fri",
                 "--start", "2026-11-02").exit_code == 0
    return coach


@pytest.fixture
def walked(stocked):  # type: ignore[no-untyped-def]
    """Three weeks of step 1: done, missed, set aside, and one day nobody logged (Fri 13)."""
    for args in (("done", "1", "--on", "2026-11-02"), ("missed", "1", "--on", "2026-11-04"),
                 ("skip", "1", "--on", "2026-11-06"), ("done", "1", "--on", "2026-11-09"),
                 ("done", "1", "--on", "2026-11-11"), ("done", "1", "--on", "2026-11-16")):
        assert stocked(*args).exit_code == 0
    return stocked


def _days(doc: Any) -> dict[str, str]:
    return {d["date"]: d["state"] for d in doc["days"]}


def test_the_calendar_says_what_became_of_each_day(walked) -> None:  # type: ignore[no-untyped-def]
    doc = as_json(walked("habit", "1", "-f", "json"))
    days = _days(doc)
    assert (min(days), max(days)) == ("2026-11-02", "2026-11-18")  # from the week the step began
    assert days["2026-11-02"] == "done"
    assert days["2026-11-03"] == "off"  # a Tuesday: nothing planned
    assert days["2026-11-04"] == "missed"
    assert days["2026-11-06"] == "skipped"
    assert days["2026-11-13"] == "open"  # planned, over, nobody logged it
    assert days["2026-11-16"] == "done"
    assert days["2026-11-18"] == "pending"  # today is not over
    # Done, missed, done, done, not logged, done: the last run is 1, the longest 2.
    assert (doc["current_streak"], doc["best_streak"]) == (1, 2)
    weekdays = {w["day"]: (w["done"], w["planned"]) for w in doc["weekdays"]}
    assert weekdays == {"Mon": (3, 3), "Tue": (0, 0), "Wed": (1, 2), "Thu": (0, 0), "Fri": (0, 1),
                        "Sat": (0, 0), "Sun": (0, 0)}


def test_the_terminal_calendar_is_a_week_a_column(walked) -> None:  # type: ignore[no-untyped-def]
    result = walked("habit", "1", "-f", "text")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    at = lines.index("Calendar, 2026-11-02 to 2026-11-18")
    assert lines[at + 1:at + 9] == [
        "    Nov",
        "Mon ■ ■ ■",
        "Tue",
        "Wed x ■ ○",
        "Thu",
        "Fri - □",
        "Sat",
        "Sun",
    ]
    assert lines[at + 9] == "■ done  x missed  □ planned, not logged  - set aside  ○ today"
    assert "Current streak: 1" in result.stdout
    # Markdown keeps the columns in a code block.
    md = walked("habit", "1", "-f", "markdown").stdout
    assert "```\n    Nov\nMon ■ ■ ■\nTue\nWed x ■ ○\n" in md


def test_the_score_is_the_report_s_habit_figure_and_a_past_week_never_changes(walked) -> None:  # type: ignore[no-untyped-def]
    """A goal of one step: each week's score is what the report for that week said."""
    before = as_json(walked("habit", "1", "--until", "2026-11-11", "-f", "json"))
    report = as_json(walked("report", "--until", "2026-11-11", "-f", "json"))
    assert before["score"] == report["clients"][0]["goals"][0]["strength"] > 0  # type: ignore[index]
    now = as_json(walked("report", "-f", "json"))
    full = as_json(walked("habit", "1", "-f", "json"))
    assert full["score"] == now["clients"][0]["goals"][0]["strength"]  # type: ignore[index]
    # A new plan from today, and a done today: the week ending 11 Nov reads as it did.
    assert walked("step", "edit", "1", "--every", "daily").exit_code == 0
    assert walked("done", "1").exit_code == 0
    after = as_json(walked("habit", "1", "--until", "2026-11-11", "-f", "json"))
    assert after == before
    weeks = {w["end"]: w for w in as_json(walked("habit", "1", "-f", "json"))["weeks"]}
    assert weeks["2026-11-11"] == before["weeks"][-1]


def test_a_quota_step_counts_its_dones_on_any_day(stocked) -> None:  # type: ignore[no-untyped-def]
    assert stocked("step", "add", "1", "Swim", "--every", "2/week", "--start", "2026-11-09").exit_code == 0
    for day in ("2026-11-10", "2026-11-12", "2026-11-17"):
        assert stocked("done", "2", "--on", day).exit_code == 0
    doc = as_json(stocked("habit", "2", "-f", "json"))
    days = _days(doc)
    assert (days["2026-11-10"], days["2026-11-11"], days["2026-11-18"]) == ("done", "free", "pending")
    assert min(days) == "2026-11-09"  # the week it began
    weekdays = {w["day"]: (w["done"], w["planned"]) for w in doc["weekdays"]}
    assert weekdays["Tue"] == (2, 0)  # no weekday is planned: dones only
    assert doc["current_streak"] == 3  # last week's 2 of 2, and this week's first


def test_a_one_off_step_shows_on_its_due_date(stocked) -> None:  # type: ignore[no-untyped-def]
    assert stocked("step", "add", "1", "Book a physio check", "--due", "2026-11-13",
                   "--start", "2026-11-09").exit_code == 0
    days = _days(as_json(stocked("habit", "2", "-f", "json")))
    assert days["2026-11-13"] == "open"
    assert {s for d, s in days.items() if d != "2026-11-13"} == {"off"}
    assert stocked("done", "2", "--on", "2026-11-14").exit_code == 0  # done late still counts
    assert _days(as_json(stocked("habit", "2", "-f", "json")))["2026-11-13"] == "done"


def test_bad_requests_are_one_line_and_change_nothing(stocked, db_path) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(db_path)
    assert_user_error(stocked("habit", "9"), "no step")
    assert_user_error(stocked("habit", "1", "--until", "2026-11-19"), "after today")
    assert_user_error(stocked("habit", "1", "--until", "2026-10-01"), "starts on 2026-11-02")
    assert stocked("habit", "1", "--weeks", "0").exit_code == 2
    assert snapshot(db_path) == before


def test_best_streak_counts_a_miss_after_the_dones_of_its_day() -> None:
    from datetime import date

    d1, d2, d3 = date(2026, 11, 2), date(2026, 11, 3), date(2026, 11, 4)
    assert best_streak([]) == 0
    assert best_streak([(d1, True), (d2, True), (d2, False), (d3, True)]) == 2
    assert best_streak([(d2, False), (d1, True), (d2, True), (d3, True), (d3, True)]) == 2


@pytest.fixture
def measured(stocked):  # type: ignore[no-untyped-def]
    """Step 2 "Coffee", at most 2 coffees a day, and step 3 "Run", at least 20 km a week, from
    Monday 2026-11-09, with amounts logged, a day set aside and days with nothing logged."""
    assert stocked("step", "add", "1", "Coffee", "--at-most", "2 coffees/day",
                   "--start", "2026-11-09").exit_code == 0
    assert stocked("step", "add", "1", "Run", "--at-least", "20 km/week",
                   "--start", "2026-11-09").exit_code == 0
    for args in (("2", "1", "2026-11-09"), ("2", "3", "2026-11-10"), ("2", "0", "2026-11-12"),
                 ("2", "2", "2026-11-16"), ("3", "5", "2026-11-10"), ("3", "16", "2026-11-12"),
                 ("3", "4", "2026-11-17")):
        assert stocked("done", args[0], "--amount", args[1], "--on", args[2]).exit_code == 0
    assert stocked("skip", "2", "--on", "2026-11-13").exit_code == 0
    return stocked


def test_a_measured_day_is_judged_by_its_amount(measured) -> None:  # type: ignore[no-untyped-def]
    """At most 2 a day: each day is its own period; a day with nothing logged is not known."""
    doc = as_json(measured("habit", "2", "-f", "json"))
    days = {d["date"]: (d["state"], d["amount"]) for d in doc["days"]}
    assert days["2026-11-09"] == ("within", 1)
    assert days["2026-11-10"] == ("over", 3)
    assert days["2026-11-11"] == ("unknown", None)  # silence is not success
    assert days["2026-11-12"] == ("within", 0)  # --amount 0: a day with none
    assert days["2026-11-13"] == ("skipped", None)
    assert days["2026-11-18"] == ("pending", None)  # today is not over
    assert doc["measure"] == {"kind": "at_most", "target": 2, "unit": "coffees", "period": "day"}
    periods = {p["start"]: (p["state"], p["amount"], p["credit"]) for p in doc["periods"]}
    assert periods["2026-11-10"] == ("over", 3, 0.5)  # Loop's credit: half way to twice the limit
    assert periods["2026-11-11"] == ("unknown", 0, None)
    # The streak is the report's: the run of days within it, unknown days neither break nor add.
    report = as_json(measured("report", "-f", "json"))
    step = next(s for s in report["clients"][0]["goals"][0]["steps"] if s["id"] == 2)  # type: ignore[index]
    assert doc["current_streak"] == step["streak"] == 2
    weekdays = {w["day"]: (w["done"], w["planned"]) for w in doc["weekdays"]}
    assert weekdays["Mon"] == (2, 2)
    assert weekdays["Tue"] == (0, 1)
    text = measured("habit", "2", "-f", "text").stdout
    lines = text.splitlines()
    at = lines.index("Calendar, 2026-11-09 to 2026-11-18")
    assert lines[at + 2:at + 9] == ["Mon ■ ■", "Tue x ?", "Wed ? ○", "Thu ■", "Fri -", "Sat ?", "Sun ?"]
    assert "■ within the limit  x over the limit  ? not logged" in lines[at + 9]
    assert "When:           at most 2 coffees a day" in text
    assert "2026-11-10  3 coffees        2  over" in text


def test_a_week_measured_step_shows_the_days_something_was_logged(measured) -> None:  # type: ignore[no-untyped-def]
    """At least 20 km a week: the week is judged as a whole; its days say what was logged on them."""
    doc = as_json(measured("habit", "3", "-f", "json"))
    days = {d["date"]: (d["state"], d["amount"]) for d in doc["days"]}
    assert days["2026-11-10"] == ("logged", 5)
    assert days["2026-11-11"] == ("unlogged", None)
    assert days["2026-11-18"] == ("pending", None)
    assert [(p["start"], p["amount"], p["target"], p["state"]) for p in doc["periods"]] == [
        ("2026-11-09", 21, 20, "met"), ("2026-11-16", 4, 20, "under_way")]
    assert {w["day"]: w["done"] for w in doc["weekdays"]}["Tue"] == 2  # days with an amount
    text = measured("habit", "3", "-f", "text").stdout
    assert "9-15 Nov    21 km        20  reached" in text
    assert "■ logged  · nothing logged that day" in text
    # The page draws the same days, a day with nothing logged apart from one with an amount.
    page = measured("report", "-f", "html").stdout
    assert 'class="day logged"' in page
    assert 'class="day unknown"' in page


def test_a_measured_habit_of_a_past_week_never_changes(measured) -> None:  # type: ignore[no-untyped-def]
    before = as_json(measured("habit", "3", "--until", "2026-11-15", "-f", "json"))
    assert [(p["amount"], p["state"]) for p in before["periods"]] == [(21, "met")]
    assert measured("step", "edit", "3", "--at-least", "30 km/week", "--from", "2026-11-16").exit_code == 0
    assert measured("done", "3", "--amount", "9").exit_code == 0
    assert as_json(measured("habit", "3", "--until", "2026-11-15", "-f", "json")) == before


def test_a_measured_step_s_score_gives_credit_for_part_of_a_target(stocked) -> None:  # type: ignore[no-untyped-def]
    """A week's score reads each period by its credit, as the report's Habit figure does: 13 of
    20 km is most of a week's running, not none of it."""
    assert stocked("goal", "add", "Run a 10k", "--on", "2026-11-01").exit_code == 0
    assert stocked("step", "add", "2", "Run", "--at-least", "20 km/week",
                   "--start", "2026-11-02").exit_code == 0
    for amount, day in (("13", "2026-11-03"), ("14", "2026-11-10")):
        assert stocked("done", "2", "--amount", amount, "--on", day).exit_code == 0
    habit = as_json(stocked("habit", "2", "--until", "2026-11-15", "-f", "json"))
    report = as_json(stocked("report", "--until", "2026-11-15", "-f", "json"))
    goal = next(g for g in report["clients"][0]["goals"] if g["id"] == 2)  # type: ignore[index]
    # No week met its 20 km; each counts by its credit, and the table's % says so.
    assert [(w["done"], w["credit"]) for w in habit["weeks"][-2:]] == [(0, 0.65), (0, 0.7)]
    assert "2-8 Nov     0        1  65%" in stocked("habit", "2", "--until", "2026-11-15").stdout
    assert habit["score"] == goal["strength"] > 0
