"""The import graph is part of the design: fast commands must not load heavy modules.

Nothing here is timed (machines are noisy). Instead each command runs in a
fresh interpreter under ``python -X importtime`` and the test reads which
modules it actually loaded.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import Coach, Templates

HEAVY = ("rich", "pydantic", "sqlite_utils", "dateutil.parser", "psycopg")


#: The ``coach`` script pip installs (pyproject's script-files), instead of a generated
#: console-script wrapper, which imports ``re`` before coachcli starts.
SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "coach"


def loaded_modules(args: list[str], db: Path, *, script: bool = False, **env: str) -> set[str]:
    launch = [str(SCRIPT)] if script else ["-m", "coachcli"]
    # Without coverage's subprocess hook (CI measures with it): it would start
    # coverage in the child, whose own imports are not the command's.
    plain = {k: v for k, v in os.environ.items() if not k.startswith("COVERAGE_")}
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", *launch, *args],
        capture_output=True, text=True, check=False,
        env={**plain, "COACH_DB": str(db), "COACH_TODAY": "2026-11-18", **env},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    names = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    return names


def heavy_in(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


def build_current(coach: Coach) -> None:
    assert coach("goal", "add", "Get fit").exit_code == 0
    assert coach("step", "add", "1", "Walk", "--every", "daily", "--start", "2026-11-01").exit_code == 0


@pytest.fixture
def current_db(templates: Templates, db_path: Path) -> Path:
    """A database at the current schema with one goal and one step.

    Built once and copied: what these tests read is the imports of the command they run
    next, in its own process, not of the commands that built the file.
    """
    return templates.copy(build_current, db_path)


def test_done_loads_no_heavy_module(current_db: Path) -> None:
    modules = loaded_modules(["done", "1", "--on", "yesterday", "--note", "easy"], current_db)
    assert "coachcli.service" in modules  # the command really ran
    assert heavy_in(modules) == []
    # A plain done line does not even need Typer (coachcli.entry's fast path).
    assert not any(m == "typer" or m.startswith(("typer.", "coachcli.cli")) for m in modules)


#: What ``import sqlite3`` does not load and ``coach done`` does not need: each costs
#: it a measurable part of its start-up (``pathlib`` and ``typing`` several ms each).
NOT_FOR_DONE = ("pathlib", "typing", "re", "json", "dataclasses", "enum", "contextvars",
                "coachcli.domain.records", "coachcli.domain.dates", "coachcli.store.queries")


def test_done_loads_nothing_sqlite3_does_not_already_need(current_db: Path, coach_proc) -> None:  # type: ignore[no-untyped-def]
    # A measured step: "coach done 2 --amount 5.2" takes the same light road.
    assert coach_proc("step", "add", "1", "Run", "--at-least", "20 km/week",
                      "--start", "2026-11-01").returncode == 0
    for argv in (["done", "1"], ["missed", "1", "--note", "rain", "--on", "yesterday"],
                 ["skip", "1", "--on", "2026-11-16"], ["done", "2", "--amount", "5.2"]):
        modules = loaded_modules(argv, current_db, script=True)
        assert "coachcli.service.tracking" in modules  # the command really ran
        assert sorted(set(NOT_FOR_DONE) & modules) == [], argv


def test_the_guard_above_sees_those_modules_when_they_are_used(current_db: Path) -> None:
    """A weekday needs the date grammar (and so ``re``): the same reading sees it."""
    modules = loaded_modules(["done", "1", "--on", "monday"], current_db)
    assert {"re", "coachcli.domain.dates"} <= modules


def test_anything_else_goes_through_typer_building_only_what_it_needs(current_db: Path) -> None:
    # A repeated option is not a plain line: Typer reads it (the last value wins).
    modules = loaded_modules(["missed", "1", "--note", "rain", "--note", "late"], current_db)
    assert "typer" in modules
    assert "coachcli.cli.track" in modules
    assert not {"coachcli.cli.views", "coachcli.cli.portable", "coachcli.cli.demo"} & modules


def test_done_with_an_iso_or_weekday_date_skips_dateutil(current_db: Path) -> None:
    for when in ("2026-11-16", "monday", "3 days ago"):
        modules = loaded_modules(["done", "1", "--on", when], current_db)
        assert not any(m.startswith("dateutil") for m in modules), when


def test_text_report_and_help_do_not_load_rich(current_db: Path) -> None:
    assert heavy_in(loaded_modules(["report", "--format", "text"], current_db)) == []
    assert heavy_in(loaded_modules(["--help"], current_db)) == []
    assert heavy_in(loaded_modules(["log", "--format", "json"], current_db)) == []


def test_rich_output_does_load_rich(current_db: Path) -> None:
    """The guard above is meaningful: the same reading sees Rich when it is used."""
    assert "rich.console" in loaded_modules(["goal", "list", "--format", "rich"], current_db)


def test_creating_a_database_is_what_loads_sqlite_utils(tmp_path: Path) -> None:
    fresh = tmp_path / "new.db"
    assert "sqlite_utils" in loaded_modules(["init"], fresh)
    assert "sqlite_utils" not in loaded_modules(["db", "check"], fresh)


def test_help_is_printed_without_typer(current_db: Path) -> None:
    """``--help`` is static text (help.txt, checked against Typer by tests/test_static_help.py)."""
    for argv in (["--help"], ["report", "--help"], ["goal", "add", "-h"]):
        modules = loaded_modules(argv, current_db, script=True, COLUMNS="100")
        assert "coachcli.entry" in modules, argv
        assert not any(m == "typer" or m.startswith(("typer.", "click", "coachcli.cli")) for m in modules)
        assert not set(NOT_FOR_DONE) & modules, argv


def test_help_on_a_narrow_terminal_is_typer_s(current_db: Path) -> None:
    """Below 80 columns Click wraps help to the width, so Typer prints it: the guard sees Typer."""
    assert "typer" in loaded_modules(["report", "--help"], current_db, COLUMNS="60")


def test_a_plain_report_line_skips_typer(current_db: Path) -> None:
    modules = loaded_modules(["report", "-c", "me", "--format", "text"], current_db, script=True)
    assert "coachcli.service.report" in modules  # the command really ran
    assert not any(m == "typer" or m.startswith(("typer.", "click", "coachcli.cli")) for m in modules)
    assert heavy_in(modules) == []


#: What a plain ``report -c`` line has no use for: ``dataclasses`` (with the ``inspect``,
#: ``ast`` and ``dis`` it imports; coachcli.domain.frozen makes the report's classes),
#: ``calendar`` (with ``locale``) and ``string``. Together they cost it more start-up than
#: the report.
NOT_FOR_REPORT = ("dataclasses", "inspect", "ast", "dis", "calendar", "locale", "string")


def test_a_plain_report_line_loads_no_dataclasses(current_db: Path, coach_proc) -> None:  # type: ignore[no-untyped-def]
    # A measured step and a check-in: the report's every kind of block is built.
    for argv in (["step", "add", "1", "Run", "--at-least", "20 km/week", "--start", "2026-11-01"],
                 ["done", "2", "--amount", "5.2", "--on", "2026-11-16"],
                 ["checkin", "--win", "ran twice", "--on", "2026-11-17"]):
        assert coach_proc(*argv).returncode == 0, argv
    modules = loaded_modules(["report", "-c", "me", "--format", "text"], current_db, script=True)
    assert {"coachcli.render.report", "coachcli.domain.measure"} <= modules  # the command really ran
    assert sorted(set(NOT_FOR_REPORT) & modules) == []


def test_the_report_guard_sees_dataclasses_when_they_are_used(current_db: Path) -> None:
    """The JSON report reads its fields through ``dataclasses.fields``: the same reading sees it."""
    assert "dataclasses" in loaded_modules(["report", "-c", "me", "--format", "json"], current_db)


#: Runs ``CODE ARGS`` with the texts given to ``compile`` kept: the last line on stderr lists them.
#: (A module's source without a fresh .pyc is compiled from bytes: that is not counted.)
COUNT_COMPILES = """
import atexit, builtins, sys
compiled = []
real = builtins.compile
def counted(source, *args, **kwargs):
    if isinstance(source, str):
        compiled.append(source)
    return real(source, *args, **kwargs)
builtins.compile = counted
atexit.register(lambda: sys.stderr.write(f"compiled: {compiled!r}\\n"))
exec(sys.argv.pop(1))
"""


def compiled_by(code: str, *args: str, db: Path) -> str:
    plain = {k: v for k, v in os.environ.items() if not k.startswith("COVERAGE_")}  # as above
    proc = subprocess.run([sys.executable, "-c", COUNT_COMPILES, code, *args], capture_output=True,
                          text=True, check=False, env={**plain, "COACH_DB": str(db),
                                                       "COACH_TODAY": "2026-11-18"})
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stderr.splitlines()[-1]


def test_a_plain_report_line_compiles_nothing(current_db: Path) -> None:
    """typing.NamedTuple compiles each annotation given as a string, and the first compile
    sets up Python's whole ast module (119 classes): the report's named tuples evaluate theirs."""
    run = "sys.argv[0] = 'coach'; from coachcli.entry import main; main()"
    assert compiled_by(run, "report", "-c", "me", "--format", "text", db=current_db) == "compiled: []"
    # The same reading sees a compile when there is one.
    string_annotated = "from __future__ import annotations\nfrom typing import NamedTuple\n" \
                       "class Day(NamedTuple):\n    done: int\n"
    assert compiled_by(string_annotated, db=current_db) == "compiled: ['int']"
