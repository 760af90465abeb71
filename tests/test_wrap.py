"""Lists wrap the client's words over lines instead of cutting them, at any width.

The agenda, ``step list``, ``log`` and the report's goal and caseload tables
give way with their low-value columns first (a date repeated on every row,
"every day", ratings nobody gave, the "Done/plan" header), then wrap titles,
notes and signal lists: every word a person typed is on the screen, in rich
and text, at 60, 80 and 120 columns and when piped (80, or $COLUMNS).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachcli.render.text import width, wrap_cell
from conftest import DEMO_TODAY
from helpers import Coach, Templates, as_json, ok, restore

LONG_STEP = "Screens off and phone charging outside the bedroom by 22:00"
LONG_GOAL = "Sleep better so that mornings feel less rushed and calmer"
NOTE = "a long evening meeting ran over, then the neighbours had a party until after midnight"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def build_tracker(coach: Coach) -> None:
    assert coach("goal", "add", LONG_GOAL, "--on", "2026-11-09", today="2026-11-09").exit_code == 0
    assert coach("step", "add", "1", LONG_STEP, "--every", "daily", "--start", "2026-11-09",
                 today="2026-11-09").exit_code == 0
    assert coach("step", "add", "1", "Book a sleep clinic appointment", "--due", "2026-11-27",
                 today="2026-11-09").exit_code == 0
    assert coach("done", "screens", "--on", "2026-11-16").exit_code == 0
    assert coach("missed", "screens", "--on", "2026-11-17", "--note", NOTE).exit_code == 0


@pytest.fixture
def tracker(templates: Templates, db_path: Path) -> Path:
    return templates.copy(build_tracker, db_path)


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


def table_tokens(out: str) -> list[list[str]]:
    """Each table of a text or rich output as its words, row by row (commas after items dropped)."""
    found: list[list[str]] = []
    inside: list[str] | None = None
    for line in ANSI.sub("", out).splitlines():
        if re.fullmatch(r"[-─ ]+", line) and line.strip():  # the rule under a table's headers
            inside = []
            found.append(inside)
        elif not line.strip():
            inside = None
        elif inside is not None:
            inside += [w.rstrip(",") for w in line.split()]
    return found


def whole_in(words: str, tokens: list[str]) -> bool:
    """The words of ``words`` are whole tokens of ``tokens``, in order (other cells between them)."""
    at = 0
    for w in words.split():
        try:
            at = tokens.index(w.rstrip(","), at) + 1
        except ValueError:
            return False
    return True


@pytest.fixture
def caseload(demo_caseload: Path, tmp_path: Path) -> Coach:
    db = tmp_path / "demo.db"
    restore(demo_caseload, db)
    return Coach(db, DEMO_TODAY)


def goal_titles(doc: dict[str, object]) -> dict[str, list[str]]:
    """Each client's goal rows as the table writes them: id, title and a tag such as (should)."""
    def tag(g: dict[str, object]) -> str:
        return f" ({g['status']})" if g["status"] != "active" else " (should)" if g["should"] else ""

    return {c["name"]: [f"{g['id']} {g['title']}{tag(g)}" for g in c["goals"]]  # type: ignore[index]
            for c in doc["clients"]}  # type: ignore[attr-defined]


@pytest.mark.parametrize("columns", [60, 80, 120])
@pytest.mark.parametrize("fmt", ["text", "rich"])
def test_report_tables_wrap_every_title_whole(caseload: Coach, columns: int, fmt: str) -> None:
    doc = as_json(caseload("report", "--all", "--week", "last", "-f", "json"))
    titles = goal_titles(doc)
    out = caseload("report", "--all", "--week", "last", "-f", fmt, COLUMNS=str(columns)).stdout
    plain = ANSI.sub("", out)
    assert max(len(line.rstrip()) for line in plain.splitlines()) <= columns, plain
    assert "…" not in plain, plain
    first, *goal_tables = table_tokens(out)
    # The caseload table: every name, and every signal's words whole, in order.
    for client in doc["clients"]:
        assert whole_in(client["name"], first), (client["name"], plain)
    for words in ("Importance and action", "Less often than before", "Nothing done lately",
                  "Low confidence", "Past its date"):
        assert whole_in(words, first), (words, plain)
    assert len(goal_tables) == len(titles)
    for tokens, rows in zip(goal_tables, titles.values(), strict=True):
        for title in rows:
            assert whole_in(title, tokens), (title, columns, plain)


@pytest.mark.parametrize("columns", [60, 80, 120])
@pytest.mark.parametrize("fmt", ["text", "rich"])
def test_a_self_trackers_report_and_summary_wrap_a_long_goal(coach: Coach, tracker: Path,
                                                              columns: int, fmt: str) -> None:
    for args in (["report", "--week", "this"], ["report", "--summary", "--week", "this"]):
        out = coach(*args, "-f", fmt, COLUMNS=str(columns)).stdout
        plain = ANSI.sub("", out)
        assert max(len(line.rstrip()) for line in plain.splitlines()) <= columns, plain
        assert "…" not in plain, plain
        (goals,) = table_tokens(out)
        assert whole_in(f"1 {LONG_GOAL}", goals), (args, plain)


def test_piped_reports_wrap_to_80(caseload: Coach) -> None:
    titles = goal_titles(as_json(caseload("report", "--all", "--week", "last", "-f", "json")))
    piped = caseload.proc("report", "--all", "--week", "last", COLUMNS=None)
    assert piped.returncode == 0, piped.stderr
    assert max(len(line) for line in piped.stdout.splitlines()) <= 80
    assert "…" not in piped.stdout
    _, *goal_tables = table_tokens(piped.stdout)
    for tokens, rows in zip(goal_tables, titles.values(), strict=True):
        assert all(whole_in(title, tokens) for title in rows), piped.stdout


def test_ratings_nobody_gave_make_way_before_the_title(coach: Coach, tracker: Path) -> None:
    """A self-tracker who never rated a goal: at 60 columns Imp and Conf (all "-") give their room."""
    narrow = coach("report", "--week", "this", "-f", "text", COLUMNS="60").stdout
    wide = coach("report", "--week", "this", "-f", "text", COLUMNS="120").stdout
    header = next(line for line in narrow.splitlines() if line.startswith("Goal"))
    assert "Imp" not in header, narrow
    assert "Conf" not in header, narrow
    for kept in ("Done/plan", "Streak", "Habit", "8 weeks"):
        assert kept in header, narrow
    assert "Imp  Conf" in wide  # room enough: every column, empty or not


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("ab é漢😀\u0301-"), max_size=200), st.integers(1, 12))
def test_a_cell_wraps_within_its_width_and_keeps_every_character(text: str, limit: int) -> None:
    """Nothing cut or lost, no line wider than the column, ASCII or not (a word wider than
    the column is broken inside it; ASCII is broken by slicing, the rest by display width)."""
    text = text.strip()
    lines = wrap_cell(text, limit)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    if width(text) > limit:
        assert all(width(line) <= max(limit, 2) for line in lines), lines


def test_a_long_note_in_a_list_is_broken_into_full_lines(coach: Coach) -> None:
    """A 10,000-character word in a client's note: every line of it as wide as its column."""
    ok(coach("client", "add", "Ana", "--note", "n" * 10_000))
    out = ok(coach("client", "list", "-f", "text", COLUMNS="80"))
    pieces = [line.split()[-1] for line in out.splitlines()[3:] if line.strip()]
    assert "".join(pieces[1:]).count("n") + pieces[0].count("n") == 10_000
    assert len({len(p) for p in pieces[1:-1]}) == 1
