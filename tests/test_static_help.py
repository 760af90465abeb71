"""``coach ... --help`` is printed from generated text that must equal Typer's own help.

``coachcli/help.txt`` is written by ``python -m coachcli.cli.helpgen``; the
entry point prints it without importing Typer. These tests hold it to the
help Typer prints, by every route a user can take, so that it can never drift.
"""

from __future__ import annotations

import sys

import pytest

from coachcli.cli import helpgen
from coachcli.entry import HELP_COLUMNS as MIN_COLUMNS
from coachcli.entry import help_texts, static_help

HELP = help_texts()

PATHS = sorted(HELP)


def test_the_generated_help_is_current() -> None:
    assert helpgen.typer_help() == HELP, "help changed: run python -m coachcli.cli.helpgen"


def test_every_command_has_its_help() -> None:
    from coachcli.cli import COMMANDS

    assert set(COMMANDS) <= {p[0] for p in PATHS if p}
    assert () in HELP


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "(root)")
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_typer_prints_the_same_help_by_the_route_coach_takes(
        path: tuple[str, ...], flag: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """cli.main builds only the command's module (or the root listing): its help is the text."""
    from coachcli.cli import main

    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr(sys, "argv", ["coach", *path, flag])
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code in (0, None)
    assert capsys.readouterr().out == HELP[path]


def test_static_help_only_for_plain_help_lines_on_wide_terminals(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", str(MIN_COLUMNS))
    assert static_help(["goal", "add", "--help"]) == HELP[("goal", "add")]
    assert static_help(["-h"]) == HELP[()]
    for argv in ([], ["done", "1", "--help"], ["goal", "--bogus", "--help"], ["--help", "x"],
                 ["goal", "add", "x", "--help"], ["nosuch", "--help"]):
        assert static_help(argv) is None, argv
    monkeypatch.setenv("COLUMNS", str(MIN_COLUMNS - 1))
    assert static_help(["--help"]) is None  # Click wraps narrower: Typer says it
    monkeypatch.setenv("COLUMNS", "250")
    assert static_help(["--help"]) == HELP[()]


def test_the_installed_script_prints_it() -> None:
    import os
    import subprocess
    from pathlib import Path

    script = Path(__file__).resolve().parent.parent / "scripts" / "coach"
    for argv in (["--help"], ["goal", "add", "--help"], ["report", "-h"]):
        proc = subprocess.run([sys.executable, str(script), *argv], capture_output=True, text=True,
                              env={**os.environ, "COLUMNS": "120"}, check=False)
        assert (proc.returncode, proc.stdout, proc.stderr) == (0, HELP[tuple(argv[:-1])], "")
