"""``coach restart``: a way back after a gap, in one write, guided on a terminal or by flags."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from helpers import as_json, assert_user_error, ok, records, rows, snapshot
from test_cli_tracking import Terminal

BACK = date(2026, 11, 20)  # a Friday: the fresh start is Monday 23


@pytest.fixture
def quiet(coach):  # type: ignore[no-untyped-def]
    """Dan ran Mon 2 and Wed 4 Nov, then went quiet for 16 days."""
    ok(coach("client", "add", "Dan", "--on", "2026-11-02"))
    ok(coach("goal", "add", "Run a 10k", "-c", "Dan", "--on", "2026-11-02", "-i", "8", "-k", "6"))
    ok(coach("step", "add", "1", "Run 20 minutes", "--every", "mon,wed,fri", "--start", "2026-11-02"))
    ok(coach("done", "1", "--on", "2026-11-02", today=date(2026, 11, 2)))
    ok(coach("done", "1", "--on", "2026-11-04", today=date(2026, 11, 4)))
    return coach


def test_a_restart_by_flags_is_one_write_one_undo_takes_back(quiet, db_path: Path) -> None:
    before = records(db_path)
    out = ok(quiet("restart", "Dan", "--reason", "flu, then too ashamed to open the file", "--rate", "1:8:3",
                   "--smaller", "1:2/week", "--commit", "one 10-minute run on Tuesday", "--sure", "7",
                   "--note", "I got the flu", today=BACK))
    assert out.splitlines() == [
        "Welcome back, Dan. Saved the return as a session of 2026-11-20.",
        "Set aside 2026-11-05 to 2026-11-19 (6 planned days), not counted.",
        "Rated 'Run a 10k': importance 8, confidence 3.",
        "'Run 20 minutes' from 2026-11-23: twice a week.",
        "First step: 'one 10-minute run on Tuesday' (7/10 sure) [k1].",
        "Note: I got the flu",
        "coach undo takes all of it back.",
    ]
    assert rows(db_path, "SELECT count(*), min(on_date), max(on_date), min(note) FROM actions"
                         " WHERE kind = 'skipped'") == [(6, "2026-11-06", "2026-11-18",
                                                         "flu, then too ashamed to open the file")]
    # The days before the fresh start keep the plan that judged them.
    assert rows(db_path, "SELECT ends_on, schedule FROM step_plans") == [
        ("2026-11-22", "mon,wed,fri")]
    assert rows(db_path, "SELECT schedule FROM steps") == [("2/week",)]
    assert rows(db_path, "SELECT session, note FROM checkins") == [(1, "I got the flu")]
    assert rows(db_path, "SELECT text, sure FROM commitments") == [("one 10-minute run on Tuesday", 7)]
    # The gap set aside is not counted: nothing overdue, no miss in the record.
    prep = as_json(quiet("prep", "Dan", "-f", "json", today=BACK))
    assert prep["session"]["note"] == "I got the flu"
    assert ok(quiet("undo", today=BACK)) == "Undid: Dan · restart of Dan on 2026-11-20.\n"
    assert records(db_path) == before


def test_a_restart_refuses_bad_input_and_changes_nothing(quiet, db_path: Path) -> None:
    before = snapshot(db_path)
    for args, fragment in (
        (("--rate", "1:11:3"), "importance must be"),
        (("--rate", "one"), "--rate reads GOAL_ID:IMPORTANCE:CONFIDENCE"),
        (("--smaller", "7:2/week"), "step 7 is not one of Dan's active steps"),
        (("--smaller", "1:sometimes"), "sometimes"),
        (("--from", "2026-11-01"), "before today"),
        (("--sure", "7",), "give --commit too"),
        (("--gap-from", "2026-11-05"), "give --reason"),
    ):
        assert_user_error(quiet("restart", "Dan", *args, today=BACK), fragment)
    assert_user_error(quiet("restart", "Zoe", "--reason", "x", today=BACK), "Zoe")
    assert snapshot(db_path) == before


def test_a_restart_on_a_terminal_asks_one_question_at_a_time(quiet, db_path: Path) -> None:
    t = Terminal(db_path, "restart", "Dan")  # on 2026-11-18, a Wednesday
    try:
        _guided_conversation(t)
    finally:
        if t.proc.poll() is None:
            t.proc.kill()
            t.proc.wait()


def _guided_conversation(t: Terminal) -> None:
    t.expect("Welcome back, Dan.")
    t.expect("What has been happening? (Enter to skip)")
    t.answer("I got the flu and then felt too ashamed to open the file")
    t.expect("From 2026-11-05 to 2026-11-17 can be set aside, so those days are not counted.")
    t.answer("flu")
    t.expect("Goal 1: Run a 10k")
    t.expect("How important is this to you right now? (0-10, Enter to keep 8)")
    t.answer("")
    t.expect("How confident are you that you can do it? (0-10, Enter to keep 6)")
    t.answer("3")
    t.expect("'Run 20 minutes' is planned Mon, Wed and Fri. What would a smaller plan from 2026-11-23 be?")
    t.answer("every other day on Sundays")
    t.expect("What would a smaller plan")  # a rule that does not read is asked again
    t.answer("2/week")
    t.expect("What could a first small step back be? (Enter to skip)")
    t.answer("one 10-minute run on Tuesday")
    t.expect("How sure are you that you will do it? (0-10, Enter to skip)")
    t.answer("6")
    code, rest = t.finish()
    assert code == 0, t.seen
    assert "Set aside 2026-11-05 to 2026-11-17" in rest
    assert "First step: 'one 10-minute run on Tuesday' (6/10 sure) [k1]." in rest
