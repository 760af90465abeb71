"""Output that uses the screen: tables take the width, stay in it, and wrap titles.

The width is ``$COLUMNS``, else the terminal's, else 80 (a pipe, a file, a
mail). At every width and in both human formats each line fits; figures and
the 8-week trend are never cut; a report's goal title goes on over lines when
the table would not fit otherwise, never cut (tests/test_wrap.py reads every
word). Titles in lists that still shrink (goal list, client list) are cut
after a whole word.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
import unicodedata
from pathlib import Path

import pytest

from coachcli.render.report import sparkline
from coachcli.render.text import fit
from conftest import DEMO_TODAY
from helpers import Coach, restore

TODAY = DEMO_TODAY
WIDTHS = (60, 80, 120, 200)
COMMANDS = [
    ("report", "--all", "--week", "last"),
    ("report", "-c", "Marek", "--week", "last"),
    ("report", "--all", "--summary", "--week", "last"),
    ("agenda", "--all", "--week", "this"),
    ("log", "--all", "--since", "2026-11-16"),
    ("goal", "list", "--all"),
    ("step", "list", "--all"),
    ("client", "list"),
    ("prep", "Jonas"),
    ("config",),
]


def display_width(line: str) -> int:
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in line)


@pytest.fixture
def run(demo_caseload: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    db = tmp_path / "demo.db"
    restore(demo_caseload, db)
    coach = Coach(db, TODAY)

    def invoke(*args: str, columns: int | None = None) -> str:
        result = coach(*args, COLUMNS=str(columns) if columns else None)
        assert result.exit_code == 0, result.stderr
        return result.stdout

    return invoke


@pytest.mark.parametrize("fmt", ["text", "rich"])
@pytest.mark.parametrize("columns", WIDTHS)
def test_every_line_fits_the_width(run, columns: int, fmt: str) -> None:  # type: ignore[no-untyped-def]
    for args in COMMANDS:
        out = run(*args, "-f", fmt, columns=columns)
        widest = max(display_width(line) for line in out.splitlines())
        assert widest <= columns, (args, fmt, columns, [ln for ln in out.splitlines()
                                                        if display_width(ln) > columns])


def goal_rows(out: str) -> dict[int, str]:
    """Each goal table row of a text or rich report, by goal id."""
    return {int(m[1]): m[0] for m in re.finditer(r"^(\d+)(?=[ …]).*$", out, re.MULTILINE)
            if "/" in m[0] or " - " in m[0]}


@pytest.mark.parametrize("fmt", ["text", "rich"])
@pytest.mark.parametrize("columns", WIDTHS)
def test_figures_and_the_trend_are_never_cut(run, columns: int, fmt: str) -> None:  # type: ignore[no-untyped-def]
    doc = json.loads(run("report", "--all", "--week", "last", "-f", "json"))
    rows = goal_rows(run("report", "--all", "--week", "last", "-f", fmt, columns=columns))
    goals = [g for c in doc["clients"] for g in c["goals"]]
    assert set(rows) == {g["id"] for g in goals}
    for g in goals:
        row = rows[g["id"]]
        cells = row.split()  # a narrow table may stand its columns one space apart
        assert cells[-1] == sparkline(g["trend"]), row
        assert cells[-2] == str(g["strength"]), row
        assert cells[-3] == str(g["streak"]), row
        done = f"{g['done']}/{g['expected']}" if g["expected"] else "-"
        assert done in cells, row


@pytest.mark.parametrize("fmt", ["text", "rich"])
def test_titles_are_never_cut_and_on_one_line_when_there_is_room(run, fmt: str) -> None:  # type: ignore[no-untyped-def]
    doc = json.loads(run("report", "--all", "--week", "last", "-f", "json"))
    def tag(g: dict[str, object]) -> str:
        return f" ({g['status']})" if g["status"] != "active" else " (should)" if g["should"] else ""

    titles = {g["id"]: g["title"] + tag(g) for c in doc["clients"] for g in c["goals"]}
    wide = goal_rows(run("report", "--all", "--week", "last", "-f", fmt, columns=200))
    for gid, title in titles.items():
        assert f"{gid} {title}" in wide[gid]  # room enough: the whole title on its row's line
    for columns in (60, 80):
        out = run("report", "--all", "--week", "last", "-f", fmt, columns=columns)
        assert "…" not in out
        for gid, row in goal_rows(out).items():
            cells = row.split()
            first = " ".join(cells[:next(i for i, w in enumerate(cells) if re.fullmatch(r"\d+/\d+|-", w))])
            # The row's first line holds the title's beginning, whole words, the rest below it.
            full = f"{gid} {titles[gid]}"
            assert full.startswith(first), (first, full)
            assert full[len(first):][:1] in ("", " "), (first, full)


def test_a_cut_keeps_what_must_show() -> None:
    assert fit("Say-do gap, Slipping, Priorities, Low confidence", 43, ", ") == \
        "Say-do gap, Slipping, Priorities…"
    assert fit("4 Build a 3,000 emergency fund", 20) == "4 Build a 3,000…"
    assert fit("Walk", 10) == "Walk"
    assert fit("Supercalifragilistic", 8) == "Superca…"  # one long word is cut inside


def test_wider_screens_are_used(run) -> None:  # type: ignore[no-untyped-def]
    narrow = run("report", "--all", "--week", "last", "-f", "text", columns=80)
    wide = run("report", "--all", "--week", "last", "-f", "text", columns=200)
    assert max(map(display_width, wide.splitlines())) > 80
    assert len(wide.splitlines()) < len(narrow.splitlines())  # fewer titles go over two lines


def _coach(args: list[str], env: dict[str, str], **kw: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "coachcli", *args], env=env, check=False,
                          timeout=60, **kw)  # type: ignore[call-overload, no-any-return]


def test_piped_output_is_80_columns_without_columns_set(demo_caseload: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    env.update(COACH_DB=str(demo_caseload), COACH_TODAY=TODAY)
    proc = _coach(["report", "--all", "--week", "last"], env, capture_output=True)
    lines = proc.stdout.decode().splitlines()
    assert proc.returncode == 0
    assert 70 < max(map(display_width, lines)) <= 80


def test_a_terminal_gives_its_own_width(demo_caseload: Path) -> None:
    """No $COLUMNS: the width is the terminal's (a pseudo-terminal 132 columns wide here)."""
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 132, 0, 0))
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    env.update(COACH_DB=str(demo_caseload), COACH_TODAY=TODAY, TERM="dumb")  # dumb: text, no colour
    proc = _coach(["report", "--all", "--week", "last"], env, stdout=terminal, stderr=subprocess.PIPE)
    os.close(terminal)
    chunks = []
    while True:
        try:
            data = os.read(controller, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(controller)
    assert proc.returncode == 0, proc.stderr
    lines = b"".join(chunks).decode().replace("\r", "").splitlines()
    assert 80 < max(map(display_width, lines)) <= 132
