"""``coach ... --help`` is printed from generated text that must equal Typer's own help.

``coachcli/help.txt`` is written by ``python -m coachcli.cli.helpgen``; the
entry point prints it without importing Typer. These tests hold it to the
help Typer prints, by every route a user can take, so that it can never drift.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from coachcli.cli import helpgen
from coachcli.entry import HELP_COLUMNS as MIN_COLUMNS
from coachcli.entry import help_texts, static_help

HELP = help_texts()

PATHS = sorted(HELP)


def test_the_generated_help_is_current() -> None:
    assert helpgen.typer_help() == HELP, "help changed: run python -m coachcli.cli.helpgen"


def test_the_fast_paths_options_are_the_typer_apps() -> None:
    """entry.py reads done/missed/skip/report lines by fastopts.py, written by the same step:
    an option added or spelled anew in cli/ and not regenerated fails here."""
    written = (Path(helpgen.__file__).parent.parent / "fastopts.py").read_text(encoding="utf-8")
    assert helpgen.options_source() == written, "options changed: run python -m coachcli.cli.helpgen"


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

    script = Path(__file__).resolve().parent.parent / "scripts" / "coach"
    for argv in (["--help"], ["goal", "add", "--help"], ["report", "-h"]):
        proc = subprocess.run([sys.executable, str(script), *argv], capture_output=True, text=True,
                              env={**os.environ, "COLUMNS": "120"}, check=False)
        assert (proc.returncode, proc.stdout, proc.stderr) == (0, HELP[tuple(argv[:-1])], "")


def test_bare_coach_without_a_database_prints_the_same_help(tmp_path: Path) -> None:
    """The first command a new user types: the root help, by the installed script (from help.txt)
    on a wide terminal and through Typer on a narrow one, the same words either way."""
    import os
    import subprocess

    script = Path(__file__).resolve().parent.parent / "scripts" / "coach"
    env = {**os.environ, "COACH_DB": str(tmp_path / "none.db")}
    for columns in ("120", "60"):
        proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                              env={**env, "COLUMNS": columns}, check=False)
        full = subprocess.run([sys.executable, str(script), "--help"], capture_output=True, text=True,
                              env={**env, "COLUMNS": columns}, check=False)
        assert (proc.returncode, proc.stdout, proc.stderr) == (0, full.stdout, ""), columns
        assert "report  " in proc.stdout
    assert proc.stdout != HELP[()]  # at 60 columns Click wraps it: the route did change
    assert not (tmp_path / "none.db").exists()
