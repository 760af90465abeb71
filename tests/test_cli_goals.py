"""``coach goal ...`` end to end: what is stored, what is said, and what is refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from helpers import as_json, assert_user_error, rows, snapshot


def build_goal(coach):
    assert coach("goal", "add", "Get fit", "-i", "8", "-k", "6").exit_code == 0
    assert coach("step", "add", "1", "Walk", "--every", "daily", "--start", "2026-11-01").exit_code == 0


@pytest.fixture
def goal(coach, db_path, templates):
    """Goal 1 for 'me', rated 8/6, plus a step; today is 2026-11-18."""
    templates.copy(build_goal, db_path)
    return coach


# ------------------------------------------------------------------ add


def test_add_with_every_option_stores_goal_rating_and_status(coach, db_path: Path) -> None:
    result = coach("goal", "add", "Run a 10k", "--why", "to keep up with my kids", "-i", "8",
                   "--confidence", "5", "--by", "in 2 weeks", "--should")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "Added goal 1: Run a 10k",
        'Next: break it into a small step: coach step add 1 "..." --every mon,wed,fri',
    ]
    assert rows(db_path, "SELECT title, why, target_date, should, status, status_on, drop_reason"
                         " FROM goals") == [
        ("Run a 10k", "to keep up with my kids", "2026-12-02", 1, "active", "2026-11-18", None)
    ]
    assert rows(db_path, "SELECT goal_id, on_date, importance, confidence FROM ratings") == [
        (1, "2026-11-18", 8, 5)
    ]
    assert rows(db_path, "SELECT goal_id, status, on_date, reason FROM status_changes") == [
        (1, "active", "2026-11-18", None)
    ]


def test_add_minimal_goal_has_no_rating(coach, db_path: Path) -> None:
    assert coach("goal", "add", "Read").exit_code == 0
    assert rows(db_path, "SELECT should, target_date FROM goals") == [(0, None)]
    assert rows(db_path, "SELECT count(*) FROM ratings") == [(0,)]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("-i", "11"), "importance must be between 0 and 10, got 11"),
        (("-i", "-1"), "importance must be between 0 and 10, got -1"),
        (("-k", "42"), "confidence must be between 0 and 10, got 42"),
        (("--by", "the twelfth of never"), "the twelfth of never"),
    ],
)
def test_add_with_bad_values_exits_1_and_writes_nothing(goal, db_path: Path, args, fragment) -> None:
    before = snapshot(db_path)
    assert_user_error(goal("goal", "add", "Another", *args), fragment)
    assert snapshot(db_path) == before


def test_add_with_an_empty_title_is_refused(goal, db_path: Path) -> None:
    before = snapshot(db_path)
    assert_user_error(goal("goal", "add", "   "), "goal title cannot be empty")
    assert snapshot(db_path) == before


def test_out_of_range_rating_on_a_new_machine_creates_no_file(coach, db_path: Path) -> None:
    assert_user_error(coach("goal", "add", "x", "-i", "99"), "between 0 and 10")
    assert not db_path.exists()


def test_non_numeric_rating_is_a_usage_error(coach_proc, db_path: Path) -> None:
    result = coach_proc("goal", "add", "x", "-i", "high")
    assert result.returncode == 2
    assert not db_path.exists()


# ------------------------------------------------------------------ list


def test_list_shows_latest_ratings_and_only_active_by_default(goal) -> None:
    goal("goal", "add", "Read", "-i", "4")
    goal("goal", "add", "Cook", "--should")
    goal("goal", "pause", "2")
    result = goal("goal", "list", "-f", "text")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Your goals"
    assert lines[1].split() == ["ID", "Goal", "Status", "Imp", "Conf", "By", "Whose"]
    body = [line.split() for line in lines[3:]]
    assert body == [["1", "Get", "fit", "active", "8", "6", "want"],
                    ["3", "Cook", "active", "-", "-", "should"]]


@pytest.mark.parametrize(
    ("status", "ids"),
    [("active", [1]), ("paused", [2]), ("achieved", [3]), ("dropped", [4]), ("all", [1, 2, 3, 4])],
)
def test_list_by_status(goal, status: str, ids: list[int]) -> None:
    for title in ("B", "C", "D"):
        goal("goal", "add", title)
    goal("goal", "pause", "2")
    goal("goal", "achieve", "3")
    goal("goal", "drop", "4", "--reason", "not now")
    data = as_json(goal("goal", "list", "--status", status, "-f", "json"))
    assert [g["id"] for g in data] == ids


def test_list_bad_status_is_a_user_error(goal) -> None:
    assert_user_error(goal("goal", "list", "--status", "finished"), "--status must be")


def test_list_all_clients_skips_archived_ones(goal) -> None:
    goal("client", "add", "Alice")
    goal("client", "add", "Bob")
    goal("goal", "add", "Sleep", "-c", "alice")
    goal("goal", "add", "Swim", "-c", "bob")
    goal("client", "archive", "bob")
    result = goal("goal", "list", "--all", "-f", "text")
    assert "Client" in result.stdout.splitlines()[1]
    data = as_json(goal("goal", "list", "--all", "-f", "json"))
    assert [(g["client"], g["title"]) for g in data] == [("Alice", "Sleep"), ("me", "Get fit")]


def test_list_for_another_client_case_insensitively(goal) -> None:
    goal("client", "add", "Alice")
    goal("goal", "add", "Sleep", "-c", "Alice")
    assert [g["title"] for g in as_json(goal("goal", "list", "-c", "aLiCe", "-f", "json"))] == ["Sleep"]
    assert "Goals of Alice" in goal("goal", "list", "-c", "ALICE", "-f", "text").stdout


def test_list_for_an_unknown_client(goal) -> None:
    assert_user_error(goal("goal", "list", "-c", "nobody"), "no client named 'nobody'")


def test_list_in_a_new_database(coach, db_path: Path) -> None:
    assert coach("init").exit_code == 0
    result = coach("goal", "list", "-f", "text")
    assert result.exit_code == 0
    assert "No goals yet. Add one with: coach goal add TITLE" in result.stdout


# ------------------------------------------------------------------ show


def test_show_has_history_and_steps(goal) -> None:
    goal("goal", "rate", "1", "-i", "9", "--on", "2026-11-17", "--note", "after the doctor")
    goal("goal", "pause", "1")
    result = goal("goal", "show", "1", "-f", "text")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("Goal 1: Get fit\n")
    assert "Status:     paused since 2026-11-18" in out
    assert "Whose:      want" in out
    assert "2026-11-17           9           -  after the doctor" in out
    assert "Status history" in out
    assert "Walk" in out
    data = as_json(goal("goal", "show", "1", "-f", "json"))
    assert [(r["on_date"], r["importance"], r["confidence"]) for r in data["ratings"]] == [
        ("2026-11-17", 9, None), ("2026-11-18", 8, 6)
    ]
    assert [s["status"] for s in data["status_history"]] == ["active", "paused"]
    assert [s["title"] for s in data["steps"]] == ["Walk"]


def test_show_unknown_goal(goal, db_path: Path) -> None:
    before = snapshot(db_path)
    assert_user_error(goal("goal", "show", "99"), "no goal with id 99")
    assert snapshot(db_path) == before


# ------------------------------------------------------------------ edit


def test_edit_changes_only_what_is_given(goal, db_path: Path) -> None:
    result = goal("goal", "edit", "1", "--title", "Get strong", "--why", "stairs", "--by", "2027-03-01",
                  "--should")
    assert result.exit_code == 0
    assert result.stdout == "Updated goal 1: Get strong\n"
    assert rows(db_path, "SELECT title, why, target_date, should FROM goals") == [
        ("Get strong", "stairs", "2027-03-01", 1)
    ]
    goal("goal", "edit", "1", "--no-by", "--want")
    assert rows(db_path, "SELECT title, why, target_date, should FROM goals") == [
        ("Get strong", "stairs", None, 0)
    ]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("1",), "nothing to change"),
        (("1", "--title", " "), "goal title cannot be empty"),
        (("1", "--by", "someday"), "someday"),
        (("99", "--title", "x"), "no goal with id 99"),
    ],
)
def test_bad_edits_change_nothing(goal, db_path: Path, args, fragment) -> None:
    before = snapshot(db_path)
    assert_user_error(goal("goal", "edit", *args), fragment)
    assert snapshot(db_path) == before


# ------------------------------------------------------------------ rate


def test_rate_keeps_history_and_reports_the_change(goal, db_path: Path) -> None:
    result = goal("goal", "rate", "1", "-i", "9", "-k", "4", "--note", "busy month")
    assert result.exit_code == 0
    assert result.stdout == "Rated goal 1 (Get fit): importance 8 -> 9/10, confidence 6 -> 4/10.\n"
    assert goal("goal", "rate", "1", "-k", "4").stdout == "Rated goal 1 (Get fit): confidence 4/10.\n"
    assert rows(db_path, "SELECT importance, confidence, note FROM ratings ORDER BY id") == [
        (8, 6, None), (9, 4, "busy month"), (None, 4, None)
    ]
    data = as_json(goal("goal", "list", "-f", "json"))
    assert (data[0]["importance"], data[0]["confidence"]) == (9, 4)


def test_rate_a_past_date(goal, db_path: Path) -> None:
    assert goal("goal", "rate", "1", "-k", "7", "--on", "yesterday").exit_code == 0
    assert rows(db_path, "SELECT on_date, confidence FROM ratings WHERE id = 2") == [("2026-11-17", 7)]


def test_rating_an_earlier_date_says_the_later_rating_stays_current(goal, db_path: Path) -> None:
    result = goal("goal", "rate", "1", "-i", "9", "--on", "2026-11-10")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "Rated goal 1 (Get fit) for 2026-11-10: importance 9/10 (the latest stays 8/10, from 2026-11-18).\n"
    )
    data = as_json(goal("goal", "list", "-f", "json"))
    assert (data[0]["importance"], data[0]["confidence"]) == (8, 6)
    assert rows(db_path, "SELECT on_date, importance FROM ratings ORDER BY on_date") == [
        ("2026-11-10", 9), ("2026-11-18", 8)
    ]
    # A week later, a rating dated after the last one is the new latest: it says how it moved.
    week_later = date(2026, 11, 25)
    later = goal("goal", "rate", "1", "-i", "5", "-k", "7", "--on", "2026-11-20", today=week_later)
    assert later.stdout == (
        "Rated goal 1 (Get fit) for 2026-11-20: importance 8 -> 5/10, confidence 6 -> 7/10.\n"
    )
    # Only one ruler behind a later rating: each is told as it is.
    goal("goal", "rate", "1", "-i", "3", "--on", "2026-11-22", today=week_later)
    mixed = goal("goal", "rate", "1", "-i", "4", "-k", "2", "--on", "2026-11-21", today=week_later)
    assert mixed.stdout == (
        "Rated goal 1 (Get fit) for 2026-11-21: importance 4/10 (the latest stays 3/10, from 2026-11-22), "
        "confidence 7 -> 2/10.\n"
    )


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("1", "-i", "11"), "importance must be between 0 and 10, got 11"),
        (("1", "-k", "-3"), "confidence must be between 0 and 10, got -3"),
        (("1",), "give --importance and/or --confidence"),
        (("1", "-i", "5", "--on", "tomorrow"), "is in the future"),
        (("1", "-i", "5", "--on", "2026-13-45"), "2026-13-45"),
        (("99", "-i", "5"), "no goal with id 99"),
    ],
)
def test_bad_ratings_exit_1_and_change_nothing(goal, db_path: Path, args, fragment) -> None:
    before = snapshot(db_path)
    assert_user_error(goal("goal", "rate", *args), fragment)
    assert snapshot(db_path) == before


# ------------------------------------------------------------------ status changes


def test_status_changes_are_dated_and_kept(coach, db_path: Path) -> None:
    goal = coach
    assert coach("goal", "add", "Get fit", today=date(2026, 11, 1)).exit_code == 0
    assert goal("goal", "pause", "1", "--on", "2026-11-10").stdout == (
        "Paused goal 1 (Get fit) on 2026-11-10.\n"
    )
    assert goal("goal", "resume", "1", "--on", "2026-11-12").stdout == (
        "Resumed goal 1 (Get fit) on 2026-11-12.\n"
    )
    assert goal("goal", "achieve", "1").stdout == (
        "Achieved goal 1 (Get fit) on 2026-11-18.\nWorth celebrating: what made the difference?\n"
    )
    assert rows(db_path, "SELECT status, status_on FROM goals") == [("achieved", "2026-11-18")]
    assert rows(db_path, "SELECT status, on_date FROM status_changes ORDER BY id") == [
        ("active", "2026-11-01"), ("paused", "2026-11-10"), ("active", "2026-11-12"),
        ("achieved", "2026-11-18"),
    ]


def test_drop_keeps_the_reason_and_resume_clears_it(goal, db_path: Path) -> None:
    result = goal("goal", "drop", "1", "--reason", "my knee needs rest")
    assert result.exit_code == 0
    assert result.stdout == "Dropped goal 1 (Get fit) on 2026-11-18.\n"
    assert rows(db_path, "SELECT status, drop_reason FROM goals") == [("dropped", "my knee needs rest")]
    assert "Dropped because: my knee needs rest" in goal("goal", "show", "1", "-f", "text").stdout
    assert goal("goal", "resume", "1").exit_code == 0
    assert rows(db_path, "SELECT status, drop_reason FROM goals") == [("active", None)]
    assert rows(db_path, "SELECT status, reason FROM status_changes ORDER BY id") == [
        ("active", None), ("dropped", "my knee needs rest"), ("active", None)
    ]


def test_drop_needs_a_reason(goal, coach_proc, db_path: Path) -> None:
    before = snapshot(db_path)
    assert coach_proc("goal", "drop", "1").returncode == 2
    assert_user_error(goal("goal", "drop", "1", "--reason", "  "), "reason cannot be empty")
    assert snapshot(db_path) == before


@pytest.mark.parametrize(
    ("setup", "args", "fragment"),
    [
        ((), ("resume", "1"), "goal 1 is already active (since 2026-11-18)"),
        ((("achieve", "1"),), ("achieve", "1"), "already achieved"),
        ((("achieve", "1"),), ("pause", "1"), "goal 1 is achieved; it can become paused from active"),
        ((("drop", "1", "--reason", "x"),), ("achieve", "1"), "from active or paused"),
        ((), ("achieve", "1", "--on", "tomorrow"), "is in the future"),
        ((), ("pause", "1", "--on", "2026-11-01"), "a later change cannot be dated 2026-11-01"),
        ((), ("achieve", "42"), "no goal with id 42"),
    ],
)
def test_impossible_status_changes_are_refused(goal, db_path: Path, setup, args, fragment) -> None:
    for step in setup:
        assert goal("goal", *step).exit_code == 0
    before = snapshot(db_path)
    assert_user_error(goal("goal", *args), fragment)
    assert snapshot(db_path) == before


def test_goal_id_must_be_a_number(coach_proc) -> None:
    result = coach_proc("goal", "show", "one")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
