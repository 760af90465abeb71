"""Lists wrap the client's words over lines instead of cutting them, at any width.

The agenda, ``step list`` and ``log`` give way with their low-value columns
first (a date repeated on every row, "every day"), then wrap titles and notes:
every word a person typed is on the screen, in rich and text, at 60, 80 and
120 columns and when piped (80, or $COLUMNS).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import Coach

LONG_STEP = "Screens off and phone charging outside the bedroom by 22:00"
LONG_GOAL = "Sleep better so that mornings feel less rushed and calmer"
NOTE = "a long evening meeting ran over, then the neighbours had a party until after midnight"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def tracker(coach: Coach, db_path: Path) -> Path:
    assert coach("goal", "add", LONG_GOAL, "--on", "2026-11-09", today="2026-11-09").exit_code == 0
    assert coach("step", "add", "1", LONG_STEP, "--every", "daily", "--start", "2026-11-09",
                 today="2026-11-09").exit_code == 0
    assert coach("step", "add", "1", "Book a sleep clinic appointment", "--due", "2026-11-27",
                 today="2026-11-09").exit_code == 0
    assert coach("done", "screens", "--on", "2026-11-16").exit_code == 0
    assert coach("missed", "screens", "--on", "2026-11-17", "--note", NOTE).exit_code == 0
    return db_path


def words_shown(out: str) -> str:
    """The output's words in order, as one line: what a reader sees, wrapped or not."""
    return " ".join(ANSI.sub("", out).split())


def in_order(words: str, shown: str) -> bool:
    """Every word of ``words`` appears in ``shown``, in order (other columns between them)."""
    at = 0
    for w in words.split():
        at = shown.find(w, at)
        if at < 0:
            return False
        at += len(w)
    return True


@pytest.mark.parametrize("columns", [60, 80, 120])
@pytest.mark.parametrize("fmt", ["text", "rich"])
def test_titles_and_notes_are_wrapped_not_cut(coach: Coach, tracker: Path, columns: int,
                                              fmt: str) -> None:
    for args in (["agenda", "--week", "this"], ["step", "list"], ["log"]):
        out = coach(*args, "-f", fmt, COLUMNS=str(columns)).stdout
        plain = ANSI.sub("", out)
        assert max(len(line.rstrip()) for line in plain.splitlines()) <= columns, (args, plain)
        assert "…" not in plain, (args, plain)
        shown = words_shown(out)
        assert in_order(LONG_STEP, shown), (args, plain)
        if args[0] != "log":
            assert in_order(LONG_GOAL, shown), (args, plain)
    log = words_shown(coach("log", "-f", fmt, COLUMNS=str(columns)).stdout)
    assert in_order(NOTE, log)


def test_a_one_offs_due_date_stays_in_the_step_list(coach: Coach, tracker: Path) -> None:
    for columns in ("60", "80"):
        out = coach("step", "list", "-f", "text", COLUMNS=columns).stdout
        row = out.split("\n 2  ")[1]  # the one-off's row, over its lines
        assert "once, due" in row, out
        assert "2026-11-27" in row, out


def test_the_agenda_shows_a_day_once_and_gives_way_with_low_value_columns(coach: Coach,
                                                                           tracker: Path) -> None:
    out = coach("agenda", "--week", "this", "-f", "text", COLUMNS="80").stdout
    rows = [line for line in out.splitlines()[3:] if line[:10].strip()]
    days = [line[:10] for line in rows]
    assert days == sorted(set(days)), out  # each date once, for the rows under it
    header = out.splitlines()[1]
    # The step's title gets more room than the goal and the detail ("every day").
    step_w = header.index("Goal") - header.index("Step")
    goal_w = header.index("Detail") - header.index("Goal")
    assert step_w > goal_w, out


def test_piped_output_wraps_to_80_and_to_columns(coach: Coach, tracker: Path, coach_proc) -> None:  # type: ignore[no-untyped-def]
    piped = coach_proc("log", today="2026-11-18")
    assert piped.returncode == 0
    assert max(len(line) for line in piped.stdout.splitlines()) <= 80
    assert in_order(NOTE, words_shown(piped.stdout))
    narrow = coach_proc("agenda", "--week", "this", COLUMNS="60")
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 60
    assert in_order(LONG_STEP, words_shown(narrow.stdout))
