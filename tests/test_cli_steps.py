"""``coach step ...`` end to end: small steps with schedules or due dates.

The schedule and date grammars have their own tests; here they are only used
through the command line, with a few values a user would type.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import as_json, assert_user_error, rows, snapshot

STEP_COLUMNS = (
    "SELECT goal_id, title, schedule, due_date, start_date, until_date, status, dropped_on FROM steps"
)


@pytest.fixture
def goal(coach):
    """Goal 1 ('Get fit') for 'me'; today is Wednesday 2026-11-18."""
    assert coach("goal", "add", "Get fit").exit_code == 0
    return coach


# ------------------------------------------------------------------ add


def test_add_a_recurring_step(goal, db_path: Path) -> None:
    result = goal("step", "add", "1", "Walk 20 minutes", "--every", "mon,wed,fri")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "Added step 1 to goal 1 (Get fit): Walk 20 minutes, Mon, Wed and Fri",
        "Log it with: coach done 1",
    ]
    assert rows(db_path, STEP_COLUMNS) == [
        (1, "Walk 20 minutes", "mon,wed,fri", None, "2026-11-18", None, "active", None)
    ]


def test_add_a_one_off_step_due_friday_means_the_coming_friday(goal, db_path: Path) -> None:
    result = goal("step", "add", "1", "Book a physio appointment", "--due", "friday")
    assert result.exit_code == 0
    assert "once, due 2026-11-20" in result.stdout
    assert rows(db_path, "SELECT schedule, due_date FROM steps") == [(None, "2026-11-20")]


def test_add_with_start_and_until(goal, db_path: Path) -> None:
    assert goal("step", "add", "1", "Swim", "--every", "2/week", "--start", "2026-11-23",
                "--until", "2026-12-31").exit_code == 0
    assert rows(db_path, "SELECT schedule, start_date, until_date FROM steps") == [
        ("2/week", "2026-11-23", "2026-12-31")
    ]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("1", "Walk"), "exactly one of --every RULE (recurring), --due DATE (one-off)"),
        (("1", "Walk", "--every", "daily", "--due", "friday"), "exactly one of --every"),
        (("1", "Walk", "--every", "whenever I feel like it"), "whenever I feel like it"),
        (("1", "Walk", "--due", "soonish"), "soonish"),
        (("1", "Walk", "--every", "daily", "--start", "2026-12-01", "--until", "2026-11-30"),
         "--until 2026-11-30 is before the step starts (2026-12-01)"),
        (("1", "  ", "--every", "daily"), "step title cannot be empty"),
        (("7", "Walk", "--every", "daily"), "no goal with id 7"),
    ],
)
def test_bad_steps_exit_1_and_write_nothing(goal, db_path: Path, args, fragment) -> None:
    before = snapshot(db_path)
    assert_user_error(goal("step", "add", *args), fragment)
    assert snapshot(db_path) == before


@pytest.mark.parametrize("status", ["achieve", "drop"])
def test_no_new_steps_for_a_closed_goal(goal, db_path: Path, status: str) -> None:
    extra = ("--reason", "moved on") if status == "drop" else ()
    assert goal("goal", status, "1", *extra).exit_code == 0
    before = snapshot(db_path)
    assert_user_error(goal("step", "add", "1", "Walk", "--every", "daily"),
                      "resume it first (coach goal resume 1)")
    assert snapshot(db_path) == before


def test_a_paused_goal_can_still_be_planned(goal) -> None:
    goal("goal", "pause", "1")
    assert goal("step", "add", "1", "Walk", "--every", "daily").exit_code == 0


# ------------------------------------------------------------------ list


@pytest.fixture
def steps(goal):
    goal("client", "add", "Alice")
    goal("goal", "add", "Sleep", "-c", "alice")
    goal("goal", "add", "Read")
    goal("step", "add", "1", "Walk", "--every", "daily", "--start", "2026-11-01")
    goal("step", "add", "2", "Screens off", "--every", "weekdays")
    goal("step", "add", "3", "Read 10 pages", "--due", "2026-11-25")
    goal("step", "add", "1", "Stretch", "--every", "weekends")
    goal("step", "drop", "4")
    return goal


def test_list_shows_the_clients_active_steps(steps) -> None:
    result = steps("step", "list", "-f", "text")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Your steps"
    assert lines[1].split() == ["ID", "Step", "Goal", "When", "From"]  # no step has an Until
    assert [line.split()[0] for line in lines[3:]] == ["1", "3"]
    assert "once, due 2026-11-25" in result.stdout
    assert "Stretch" not in result.stdout


def test_list_by_goal_and_with_dropped(steps) -> None:
    assert [s["id"] for s in as_json(steps("step", "list", "--goal", "1", "-f", "json"))] == [1]
    data = as_json(steps("step", "list", "-g", "1", "--dropped", "-f", "json"))
    assert [(s["id"], s["status"], s["dropped_on"]) for s in data] == [
        (1, "active", None), (4, "dropped", "2026-11-18")
    ]
    text = steps("step", "list", "-g", "1", "--dropped", "-f", "text").stdout
    assert text.splitlines()[0] == "Steps of goal 1"
    assert "dropped 2026-11-18" in text


def test_list_all_clients_and_one_client(steps) -> None:
    data = as_json(steps("step", "list", "--all", "-f", "json"))
    assert [(s["client"], s["title"]) for s in data] == [
        ("Alice", "Screens off"), ("me", "Walk"), ("me", "Read 10 pages")
    ]
    assert "Client" in steps("step", "list", "--all", "-f", "text").stdout.splitlines()[1]
    assert [s["title"] for s in as_json(steps("step", "list", "-c", "ALICE", "-f", "json"))] == [
        "Screens off"
    ]


def test_list_errors(steps) -> None:
    assert_user_error(steps("step", "list", "--goal", "99"), "no goal with id 99")
    assert_user_error(steps("step", "list", "-c", "Alcie"), "did you mean 'Alice'?")


def test_list_in_a_new_database(coach, db_path: Path) -> None:
    assert coach("init").exit_code == 0
    result = coach("step", "list", "-f", "text")
    assert result.exit_code == 0
    assert "No steps. Add one with: coach step add GOAL_ID TITLE --every RULE" in result.stdout


# ------------------------------------------------------------------ edit


def test_edit_title_and_switch_between_recurring_and_one_off(goal, db_path: Path) -> None:
    goal("step", "add", "1", "Walk", "--every", "daily", "--start", "2026-11-01")
    result = goal("step", "edit", "1", "--title", "Walk 10 minutes", "--every", "mon,thu")
    assert result.exit_code == 0
    assert result.stdout.startswith("Updated step 1: Walk 10 minutes, ")
    assert rows(db_path, "SELECT title, schedule, due_date FROM steps") == [
        ("Walk 10 minutes", "mon,thu", None)
    ]
    goal("step", "edit", "1", "--due", "2026-11-30")
    assert rows(db_path, "SELECT schedule, due_date FROM steps") == [(None, "2026-11-30")]
    goal("step", "edit", "1", "--every", "daily", "--until", "2026-12-31", "--start", "2026-11-02")
    assert rows(db_path, "SELECT schedule, due_date, start_date, until_date FROM steps") == [
        ("daily", None, "2026-11-02", "2026-12-31")
    ]
    goal("step", "edit", "1", "--no-until")
    assert rows(db_path, "SELECT until_date FROM steps") == [(None,)]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("1",), "nothing to change"),
        (("1", "--every", "daily", "--due", "friday"), "either --every or --due, not both"),
        (("1", "--until", "2026-10-01"), "the step would end (2026-10-01) before it starts (2026-11-01)"),
        (("1", "--start", "2027-01-10", "--until", "2027-01-01"), "before it starts"),
        (("1", "--every", "every blue moon"), "every blue moon"),
        (("1", "--title", ""), "step title cannot be empty"),
        (("2", "--title", "x"), "no step with id 2"),
    ],
)
def test_bad_edits_change_nothing(goal, db_path: Path, args, fragment) -> None:
    goal("step", "add", "1", "Walk", "--every", "daily", "--start", "2026-11-01")
    before = snapshot(db_path)
    assert_user_error(goal("step", "edit", *args), fragment)
    assert snapshot(db_path) == before


# ------------------------------------------------------------------ drop


def test_drop_keeps_history_and_stops_new_logging(goal, db_path: Path) -> None:
    goal("step", "add", "1", "Walk", "--every", "daily", "--start", "2026-11-01")
    goal("done", "1", "--on", "2026-11-10")
    result = goal("step", "drop", "1", "--on", "2026-11-15")
    assert result.exit_code == 0
    assert result.stdout == "Dropped step 1 (Walk) from 2026-11-15.\n"
    assert rows(db_path, "SELECT status, dropped_on FROM steps") == [("dropped", "2026-11-15")]
    assert rows(db_path, "SELECT on_date FROM actions") == [("2026-11-10",)]
    # Before the drop it can still be filled in; from the drop on it cannot.
    assert goal("done", "1", "--on", "2026-11-12").exit_code == 0
    before = snapshot(db_path)
    assert_user_error(goal("done", "1", "--on", "2026-11-16"), "step 1 was dropped on 2026-11-15")
    assert snapshot(db_path) == before


def test_bad_drops_change_nothing(goal, db_path: Path) -> None:
    goal("step", "add", "1", "Walk", "--every", "daily")
    before = snapshot(db_path)
    assert_user_error(goal("step", "drop", "1", "--on", "tomorrow"), "is in the future")
    assert_user_error(goal("step", "drop", "5"), "no step with id 5")
    assert snapshot(db_path) == before
    goal("step", "drop", "1")
    before = snapshot(db_path)
    assert_user_error(goal("step", "drop", "1"), "step 1 was already dropped on 2026-11-18")
    assert snapshot(db_path) == before


def test_step_id_must_be_a_number(coach_proc) -> None:
    assert coach_proc("step", "drop", "walk").returncode == 2
