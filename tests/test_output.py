"""Every list/show/log command in every format, with hostile user text.

User text is shown as typed: Rich markup in a note is printed literally,
terminal escapes are dropped, JSON carries the stored values, and NO_COLOR
means no colour.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import pty
import re
import select
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coachcli.render.document import Column, Document, Fields, Para, Table, emit
from conftest import TODAY
from helpers import Coach, build_template, restore

MARKUP = "[bold]x[/bold]"
ESCAPED_MARKUP = r"\[bold\]x\[/bold\]"
NOTE = f"{MARKUP} \x1b[31mred :thumbs_up:"
# An SGR sequence that sets a colour (foreground, background, 256/true colour).
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m")


def rows(path: Path, sql: str, *params: object) -> list[dict[str, object]]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql, params)]


def build_hostile(coach: Coach) -> None:
    """A caseload whose every piece of user text tries to be markup or an escape."""
    ok = [
        coach("client", "add", "Zoë", "--note", NOTE),
        coach("goal", "add", f"Run {MARKUP}", "-c", "zoë", "--why", NOTE, "-i", "8", "-k", "4"),
        coach("step", "add", "1", f"Walk {MARKUP}\x1b[2J", "--every", "mon,wed,fri",
              "--start", "2026-11-02"),
        coach("done", "1", "--on", "2026-11-16", "--note", NOTE),
        coach("goal", "rate", "1", "-k", "5", "--note", NOTE),
        coach("checkin", "-c", "Zoë", "--win", NOTE, "--mood", "4"),
    ]
    assert all(r.exit_code == 0 for r in ok), [r.stderr for r in ok]


@pytest.fixture(scope="module")
def hostile_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory, "hostile", build_hostile)


@pytest.fixture
def hostile(coach: Coach, db_path: Path, hostile_template: Path) -> Coach:
    """:func:`build_hostile`'s database, a fresh copy for each test."""
    restore(hostile_template, db_path)
    return coach


COMMANDS = [
    ("client", "list"),
    ("client", "show", "zoë"),
    ("goal", "list", "-c", "Zoë"),
    ("goal", "list", "--all"),
    ("goal", "show", "1"),
    ("step", "list", "-c", "ZOË"),
    ("step", "list", "--all", "--dropped"),
    ("log", "-c", "ZOË"),
    ("log", "--all"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_text_prints_user_text_literally_without_escapes(hostile, args) -> None:
    # Wide enough that no title needs cutting to fit (tests/test_widths.py cuts them).
    result = hostile(*args, "-f", "text", COLUMNS="250")
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout
    assert MARKUP in result.stdout


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_rich_prints_markup_literally_and_no_escapes(hostile, args) -> None:
    # CliRunner is not a terminal, so rich must be asked for; a wide console avoids wrapping.
    result = hostile(*args, "-f", "rich", COLUMNS="250")
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout
    assert MARKUP in result.stdout
    assert "\U0001f44d" not in result.stdout  # :thumbs_up: is not turned into an emoji


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_markdown_escapes_user_text(hostile, args) -> None:
    result = hostile(*args, "-f", "markdown")
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout
    assert ESCAPED_MARKUP in result.stdout
    assert MARKUP not in result.stdout.replace(ESCAPED_MARKUP, "")


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_json_is_valid_and_escape_free(hostile, args) -> None:
    result = hostile(*args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout  # json escapes it as \u001b
    json.loads(result.stdout)


def test_json_client_list_has_the_stored_values(hostile, db_path: Path) -> None:
    data = json.loads(hostile("client", "list", "-f", "json").stdout)
    (stored,) = rows(db_path, "SELECT id, uuid, name, note, archived_on FROM clients")
    assert data == [{**stored, "active_goals": 1, "last_activity": "2026-11-18"}]
    assert data[0]["note"] == NOTE


def test_json_client_show(hostile, db_path: Path) -> None:
    data = json.loads(hostile("client", "show", "ZOË", "-f", "json").stdout)
    assert (data["name"], data["id"], data["note"], data["archived_on"]) == ("Zoë", 1, NOTE, None)
    assert [g["title"] for g in data["goals"]] == [f"Run {MARKUP}"]
    assert [s["title"] for s in data["steps"]] == [f"Walk {MARKUP}\x1b[2J"]


def test_json_goal_list_and_show_have_the_stored_values(hostile, db_path: Path) -> None:
    (stored,) = rows(db_path, "SELECT * FROM goals")
    (listed,) = json.loads(hostile("goal", "list", "-c", "zoë", "-f", "json").stdout)
    shown = json.loads(hostile("goal", "show", "1", "-f", "json").stdout)
    for record in (listed, shown):
        for key in ("id", "uuid", "client_id", "title", "why", "status", "status_on", "target_date",
                    "drop_reason"):
            assert record[key] == stored[key], key
        assert record["should"] is False
        assert record["client"] == "Zoë"
        assert (record["importance"], record["confidence"]) == (8, 5)
    assert [(r["importance"], r["confidence"], r["note"]) for r in shown["ratings"]] == [
        (8, 4, None), (None, 5, NOTE)
    ]
    assert shown["status_history"] == [{"on_date": "2026-11-18", "status": "active", "reason": None}]


def test_json_step_list_has_the_stored_values(hostile, db_path: Path) -> None:
    (stored,) = rows(db_path, "SELECT * FROM steps")
    (listed,) = json.loads(hostile("step", "list", "-c", "zoë", "-f", "json").stdout)
    for key in ("id", "uuid", "goal_id", "title", "schedule", "due_date", "start_date", "until_date",
                "status", "dropped_on"):
        assert listed[key] == stored[key], key
    assert (listed["client"], listed["goal_title"]) == ("Zoë", f"Run {MARKUP}")


def test_json_log_has_the_stored_values(hostile, db_path: Path) -> None:
    data = json.loads(hostile("log", "-c", "zoë", "-f", "json").stdout)
    done = next(e for e in data if e["kind"] == "done")
    (action,) = rows(db_path, "SELECT * FROM actions")
    assert done["detail"] == action["note"] == NOTE
    assert done["created_at"] == action["created_at"]
    assert (done["step_id"], done["goal_id"], done["on_date"]) == (1, 1, "2026-11-16")
    checkin = next(e for e in data if e["kind"] == "check-in")
    assert checkin["detail"] == f"win: {NOTE}"
    assert checkin["subject"] == "mood 4/5"


def test_text_keeps_a_multi_line_note_on_one_row(coach) -> None:
    coach("client", "add", "Ann", "--note", "line one\nline two\tand a tab")
    out = coach("client", "list", "-f", "text").stdout
    row = next(line for line in out.splitlines() if line.startswith("Ann"))
    assert row.endswith("line one line two and a tab")


def test_bidi_overrides_and_controls_are_dropped(coach) -> None:
    coach("client", "add", "Ann", "--note", "safe\u202eevil\u0007bell\x9bcsi")
    for fmt in ("text", "rich", "markdown"):
        out = coach("client", "list", "-f", fmt).stdout
        assert "safeevilbellcsi" in out, fmt
        for ch in ("\u202e", "\u0007", "\x9b"):
            assert ch not in out, (fmt, ch)


def test_markdown_table_cells_cannot_break_the_table(coach) -> None:
    coach("client", "add", "Ann", "--note", "a | b | c")
    coach("client", "add", "# Ben", "--note", "- not a list")
    out = coach("client", "list", "-f", "markdown").stdout
    table = [line for line in out.splitlines() if line.startswith("|")]
    unescaped_pipes = {len(re.findall(r"(?<!\\)\|", line)) for line in table}
    assert unescaped_pipes == {6}
    assert "| # Ben | 0 |" in out  # inside a cell, '#' makes no heading
    shown = coach("client", "show", "# Ben", "-f", "markdown").stdout
    assert shown.startswith("### \\# Ben\n")  # at the start of a line it is escaped
    assert r"- **Note**: \- not a list" in shown


def test_markdown_and_text_say_when_there_is_nothing(coach) -> None:
    assert coach("init").exit_code == 0
    assert coach("goal", "list", "-f", "markdown").stdout == (
        "### Your goals\n\nNo goals yet. Add one with: coach goal add TITLE\n"
    )
    assert coach("goal", "list", "-f", "text").stdout == (
        "Your goals\nNo goals yet. Add one with: coach goal add TITLE\n"
    )
    rich_out = coach("goal", "list", "-f", "rich").stdout
    assert "Your goals" in rich_out
    assert "No goals yet." in rich_out
    assert json.loads(coach("goal", "list", "-f", "json").stdout) == []


def test_text_aligns_columns(stocked) -> None:
    stocked("goal", "add", "A much longer goal title", "-i", "10")
    lines = stocked("goal", "list", "-f", "text").stdout.splitlines()
    header, rule, *body = lines[1:]
    assert set(rule.replace(" ", "")) == {"-"}
    # Right-justified numbers line up under their header's right edge.
    imp_end = header.index("Imp") + len("Imp")
    assert all(line[imp_end - 1].isdigit() for line in body)
    assert [line.split()[0] for line in body] == ["1", "2"]


def test_format_is_a_closed_list(coach_proc) -> None:
    result = coach_proc("goal", "list", "--format", "html")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_piped_output_defaults_to_plain_text(stocked, coach_proc) -> None:
    result = coach_proc("goal", "list")
    assert result.returncode == 0
    assert "\x1b" not in result.stdout
    assert result.stdout.splitlines()[0] == "Your goals"
    assert "----" in result.stdout


# ------------------------------------------------------------------ colour and terminals


def run_on_terminal(db_path: Path, *args: str, **env: str) -> str:
    """Run ``python -m coachcli ARGS`` with a pseudo-terminal as stdout; return what it showed."""
    master, slave = pty.openpty()
    full_env = {**os.environ, "COACH_DB": str(db_path), "COACH_TODAY": TODAY.isoformat(),
                "TERM": "xterm-256color", **env}
    for var in ("NO_COLOR", "FORCE_COLOR"):
        if var not in env:
            full_env.pop(var, None)
    proc = subprocess.Popen([sys.executable, "-m", "coachcli", *args], stdin=subprocess.DEVNULL,
                            stdout=slave, stderr=slave, env=full_env, close_fds=True)
    os.close(slave)
    out = b""
    deadline = time.monotonic() + 30
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:
                    break
                if not data:
                    break
                out += data
            elif proc.poll() is not None:
                break
        assert proc.wait(timeout=10) == 0, out
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
    return out.decode()


def test_rich_is_the_default_on_a_terminal(stocked, db_path: Path) -> None:
    shown = run_on_terminal(db_path, "goal", "list")
    assert "\x1b[" in shown  # styled
    assert "Get fit" in shown
    assert "----" not in shown  # not the plain-text rule
    plain = run_on_terminal(db_path, "goal", "list", TERM="dumb")
    assert "\x1b" not in plain
    assert "----" in plain


def test_no_color_on_a_terminal_means_no_colour(hostile, db_path: Path) -> None:
    for args in (("goal", "show", "1"), ("log", "-c", "zoë"), ("client", "list")):
        shown = run_on_terminal(db_path, *args, "-f", "rich", NO_COLOR="1")
        assert not COLOUR.search(shown), (args, shown)
        assert "\x1b[31m" not in shown
        assert MARKUP in shown


def test_user_escapes_never_reach_a_terminal(hostile, db_path: Path) -> None:
    for fmt in ("rich", "text"):
        shown = run_on_terminal(db_path, "log", "-c", "zoë", "-f", fmt)
        assert "\x1b[31m" not in shown
        assert "\x1b[2J" not in shown


def test_rich_renderer_colours_only_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = Document([
        Para("All good", tone="good"),
        Para("Look here", tone="attention"),
        Fields("Info", [("Note", MARKUP), ("Empty", None), ("Ratio", 0.5)]),
        Table("T", [Column("A"), Column("N", "right")], [[MARKUP, 3]]),
    ])
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    coloured = io.StringIO()
    emit(doc, "rich", out=coloured)
    assert COLOUR.search(coloured.getvalue())  # the check below can fail for the right reason
    monkeypatch.setenv("NO_COLOR", "1")
    plain = io.StringIO()
    emit(doc, "rich", out=plain)
    assert not COLOUR.search(plain.getvalue())
    assert MARKUP in plain.getvalue()
    assert "0.50" in plain.getvalue()


def test_every_format_renders_every_block() -> None:
    doc = Document(
        [Para("Heading", tone="heading"), Para("a [b] c"),
         Fields("F", [("k", "v"), ("n", None), ("f", 1.25)]),
         Table("T", [Column("A"), Column("B", "right")], [["x", 1.5], [None, 2]])],
        data={"k": TODAY, "s": {1}, "t": (1, 2)},
    )
    outputs = {}
    for fmt in ("text", "markdown", "rich", "json"):
        buf = io.StringIO()
        emit(doc, fmt, out=buf)
        outputs[fmt] = buf.getvalue()
    assert "## Heading" in outputs["markdown"]
    assert "| x | 1.50 |" in outputs["markdown"]
    assert "| - | 2 |" in outputs["markdown"]
    assert "- **f**: 1.25" in outputs["markdown"]
    assert "a \\[b\\] c" in outputs["markdown"]
    assert "f: 1.25" in outputs["text"]
    assert "a [b] c" in outputs["rich"]
    assert json.loads(outputs["json"]) == {"k": TODAY.isoformat(), "s": [1], "t": [1, 2]}


def test_json_refuses_unknown_types_loudly() -> None:
    with pytest.raises(TypeError, match="cannot serialise object"):
        emit(Document([], data={"x": object()}), "json", out=io.StringIO())
