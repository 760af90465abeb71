"""The fast path for done/missed/skip agrees with the Typer commands in every respect.

``coachcli.entry`` reads plain ``done``/``missed``/``skip`` lines without
importing Typer. The Typer app stays the definition of the command line, so
for every shape the fast path accepts, both must give the same exit status,
the same stdout and stderr and the same database; for every other shape the
fast path must step aside.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from coachcli.entry import parse, parse_report, run_fast
from conftest import TODAY
from helpers import Coach, Templates

VOLATILE = {"uuid", "created_at", "updated_at"}


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows without the columns that depend on the clock or chance."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        out = {}
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")
                    if r[1] not in VOLATILE]
            out[table] = conn.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY rowid").fetchall()
        return out


def build_base(coach: Coach) -> None:
    assert coach("goal", "add", "Get fit", "-i", "8").exit_code == 0
    assert coach("step", "add", "1", "Walk 20 minutes", "--every", "mon,wed,fri",
                 "--start", "2026-11-02").exit_code == 0
    assert coach("step", "add", "1", "Run", "--at-least", "20 km/week",
                 "--start", "2026-11-02").exit_code == 0


@pytest.fixture
def base(templates: Templates, db_path: Path, tmp_path: Path) -> Path:
    """A database with goal 1 and a mon,wed,fri step 1 for 'me', kept as a template."""
    templates.copy(build_base, db_path)
    return templates.copy(build_base, tmp_path / "template.db")


PLAIN_LINES = [
    ["done", "1"],
    ["done", "1", "--on", "yesterday"],
    ["done", "1", "--on=2026-11-16", "--note", "felt [bold]good[/bold]"],
    ["done", "--count", "3", "1"],
    ["done", "1", "--count=2", "--note=two \x1b[31mred\x1b[0m laps"],
    ["missed", "1", "--reason", "rain"],
    ["missed", "1"],
    ["missed", "1", "--note", "late meeting", "--on", "last monday"],
    ["skip", "1", "--note=sick", "--on", "monday"],
    ["skip", "1"],
    # A step named by the beginning of its title, for the current client:
    ["done", "walk"],
    ["done", "WALK 20", "--on", "yesterday"],
    ["missed", "-c", "me", "walk", "--note", "rain"],
    ["skip", "--client=me", "Walk 20 minutes", "--on", "monday"],
    # Refused, with one line on stderr:
    ["done", "x"],
    ["done", "+1"],
    ["done", "١"],                                  # a non-ASCII digit is a title, not an id
    ["done", "walk", "-c", "Nobody"],
    ["done", "99"],
    ["done", "1", "--on", "tomorrow"],
    ["done", "1", "--on", "01/02/03"],
    ["done", "1", "--on", "someday"],
    ["done", "1", "--count", "0"],
    # A measured step (step 2, at least 20 km a week): amounts add up; 0 is a day with none.
    ["done", "2", "--amount", "5.2"],
    ["done", "2", "--amount=0", "--note", "rest day", "--on", "yesterday"],
    ["done", "2", "--amount", "4,5"],
    ["done", "2"],
    ["done", "2", "--amount", "lots"],
    ["done", "1", "--amount", "3"],
    ["missed", "2"],
]


@pytest.mark.parametrize("argv", PLAIN_LINES, ids=" ".join)
def test_fast_path_and_typer_agree(argv: list[str], base: Path, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert parse(argv) is not None, "a plain line the fast path should take"
    fast_db, typer_db = tmp_path / "fast.db", tmp_path / "typer.db"
    shutil.copy(base, fast_db)
    shutil.copy(base, typer_db)

    monkeypatch.setenv("COACH_DB", str(fast_db))
    monkeypatch.setenv("COACH_TODAY", TODAY.isoformat())
    code = run_fast(argv)
    fast_out = capsys.readouterr()

    result = Coach(typer_db).run(*argv)
    assert code == result.exit_code
    assert fast_out.out == result.stdout
    assert fast_out.err == result.stderr
    assert dump(fast_db) == dump(typer_db)
    if code:
        assert len(fast_out.err.splitlines()) == 1
        assert fast_out.err.startswith("Error: ")


def test_fast_path_honours_db_option_over_the_environment(base: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    chosen = tmp_path / "chosen.db"
    shutil.copy(base, chosen)
    monkeypatch.setenv("COACH_DB", str(tmp_path / "elsewhere.db"))
    monkeypatch.setenv("COACH_TODAY", TODAY.isoformat())
    assert run_fast(["done", "1", "--db", str(chosen)]) == 0
    assert dump(chosen)["actions"] != dump(base)["actions"]
    assert not (tmp_path / "elsewhere.db").exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["done"],                                   # missing STEP: Typer's usage error
        ["done", "--help"],
        ["done", "-h"],
        ["done", "1", "--bogus"],
        ["done", "1", "2"],
        ["done", " "],                              # no step at all: Typer words it
        ["done", "-cme", "1"],                      # Click reads a short option's tail as its value
        ["done", "1", "--note"],                    # option without its value
        ["done", "1", "--note", "a", "--note", "b"],  # repeated: Typer's rule applies
        ["done", "1", "--count", "-2"],
        ["done", "1", "--count", "two"],
        ["done", "1", "--note", "-5 minutes"],      # a value that looks like an option
        ["done", "1", "--note="],
        ["done", "1", "--reason", "rain"],          # --reason belongs to missed/skip
        ["missed", "1", "--count", "2"],            # --count belongs to done
        ["done", "1", "--", "x"],
        ["report"],
        [],
    ],
    ids=lambda a: " ".join(a) or "(nothing)",
)
def test_fast_path_steps_aside_for_everything_else(argv: list[str]) -> None:
    assert parse(argv) is None


def test_fast_path_steps_aside_for_a_directory_or_empty_db(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    assert parse(["done", "1", "--db", str(tmp_path)]) is None
    monkeypatch.setenv("COACH_DB", "")
    assert parse(["done", "1"]) is None


def test_the_console_script_runs_the_fast_path_end_to_end(coach_proc, base: Path,  # type: ignore[no-untyped-def]
                                                          db_path: Path) -> None:
    shutil.copy(base, db_path)
    done = coach_proc("done", "1", "--on", "monday", "--note", "easy")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Done: Walk 20 minutes (step 1, goal 1) on 2026-11-16. Once that week.\n"
    refused = coach_proc("done", "42")
    assert refused.returncode == 1
    assert refused.stderr.startswith("Error: no step with id 42")
    usage = coach_proc("done", "1", "--bogus")
    assert usage.returncode == 2  # Typer's usage error, as before


# ------------------------------------------------------------------ report


REPORT_LINES = [
    ["report"],
    ["report", "-c", "me", "--format", "text"],
    ["report", "--client=me", "-f", "markdown", "--week", "last"],
    ["report", "--all", "--format", "json", "--since", "2026-11-01", "--until", "2026-11-15"],
    ["report", "-a", "--week=2026-W46", "--format=text"],
    ["report", "-c", "Nobody", "--format", "text"],       # one line on stderr, exit 1
    ["report", "--week", "someday"],                      # refused the same way
    ["report", "--since", "2026-11-20", "--until", "2026-11-01"],
]


@pytest.mark.parametrize("argv", REPORT_LINES, ids=" ".join)
def test_report_fast_path_and_typer_agree(argv: list[str], base: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    from conftest import TODAY

    assert parse_report(argv) is not None, "a plain line the fast path should take"
    monkeypatch.setenv("COACH_DB", str(base))
    monkeypatch.setenv("COACH_TODAY", TODAY.isoformat())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795420800")
    code = run_fast(argv)
    fast = capsys.readouterr()
    result = Coach(base).run(*argv, SOURCE_DATE_EPOCH="1795420800")
    assert (code, fast.out, fast.err) == (result.exit_code, result.stdout, result.stderr)
    assert fast.out or fast.err


@pytest.mark.parametrize(
    "argv",
    [
        ["report", "-o", "x.txt"],                 # writing a file: Typer's checks and wording
        ["report", "--format", "pdf"],             # Typer's usage error
        ["report", "-c=me"],                       # Click reads a short option's '=' as the value
        ["report", "-cme"],
        ["report", "-c", "me", "-c", "you"],
        ["report", "--all", "--all"],
        ["report", "-c", "me", "--all"],            # Typer's usage error: one scope or the other
        ["report", "--all=yes"],
        ["report", "extra"],
        ["report", "--help"],
        ["report", "-c"],
    ],
    ids=" ".join,
)
def test_report_fast_path_steps_aside_for_everything_else(argv: list[str]) -> None:
    assert parse_report(argv) is None


def test_report_fast_path_reads_the_client_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_CLIENT", "Alice")
    assert (parse_report(["report"]) or {})["client"] == "Alice"
    assert (parse_report(["report", "-c", "Bob"]) or {})["client"] == "Bob"
    monkeypatch.setenv("COACH_CLIENT", "")
    assert (parse_report(["report"]) or {})["client"] == "me"


@pytest.mark.parametrize("argv", [["report", "-c", "me", "--format", "text"],  # the fast path
                                  ["report", "-c", "me", "-o", "-"]],           # Typer's
                         ids=" ".join)
def test_a_report_through_main_gives_its_caller_the_cycle_collector_back(
        argv: list[str], base: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The command line's own report runs without it; a program calling main() keeps its own."""
    import gc
    import sys

    from coachcli.entry import main

    monkeypatch.setenv("COACH_DB", str(base))
    monkeypatch.setenv("COACH_TODAY", TODAY.isoformat())
    monkeypatch.setattr(sys, "argv", ["coach", *argv])
    assert gc.isenabled()
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code in (0, None)
    assert "planned steps done" in capsys.readouterr().out  # it ran
    assert gc.isenabled()
