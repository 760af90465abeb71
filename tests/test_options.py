"""One meaning per option, help that names things: checked over the whole command tree.

The tree is walked from the real app, so a command added later with its own
spelling of ``-c``, a ``--week`` that means something else, or a lower-case
``<str>`` metavar fails here without anyone listing it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer

from coachcli.cli import app
from coachcli.cli import values as kinds
from helpers import Coach

ROOT = typer.main.get_command(app)


def walk(command: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    found = [(path, command)] if path and not hasattr(command, "commands") else []
    for name, sub in getattr(command, "commands", {}).items():
        found += walk(sub, (*path, name))
    return found


COMMANDS = dict(walk(ROOT))


def params(path: tuple[str, ...]) -> dict[str, Any]:
    return {p.name: p for p in COMMANDS[path].params}


def having(*names: str) -> list[tuple[str, ...]]:
    return [path for path in COMMANDS if set(names) <= set(params(path))]


#: The commands that act on one client. ``-c/--client`` must mean the same on each.
CLIENT_SCOPED = {("goal", "add"), ("goal", "list"), ("step", "list"), ("checkin",), ("log",),
                 ("agenda",), ("report",), ("prep",), ("history",), ("export",),
                 # whose step titles a STEP names:
                 ("done",), ("missed",), ("skip",), ("step", "show"), ("habit",)}


def test_every_client_scoped_command_takes_dash_c() -> None:
    assert set(having("client")) == CLIENT_SCOPED
    for path in CLIENT_SCOPED:
        option = params(path)["client"]
        assert option.opts == ["--client", "-c"], path
        assert isinstance(option.type, kinds.ClientName), path  # completes client names


@pytest.mark.parametrize("path", having("client", "all_"), ids=" ".join)
def test_client_with_all_is_a_usage_error_in_either_order(coach, path: tuple[str, ...]) -> None:
    for args in (["-c", "Alice", "--all"], ["-a", "--client", "Alice"]):
        result = coach(*path, *args)
        assert result.exit_code == 2, (path, args, result.stdout, result.stderr)
        assert "give either -c/--client NAME or --all, not both" in result.stderr


def test_a_default_client_from_the_environment_does_not_clash_with_all(coach) -> None:
    assert coach("client", "add", "Alice").exit_code == 0
    result = coach("report", "--all", "-f", "json", COACH_CLIENT="Alice")
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("command", ["prep", "history"])
def test_prep_and_history_take_the_client_either_way(coach, command: str) -> None:
    said = f"give the client once: coach {command} NAME or coach {command} -c NAME"
    before = coach(command, "Alice", "-c", "Bob")  # a usage error even before there is a database
    assert (before.exit_code, said in before.stderr) == (2, True), before.stderr
    assert coach("client", "add", "Alice").exit_code == 0
    bare = coach(command, "Alice", "-f", "json")
    dash = coach(command, "-c", "Alice", "-f", "json")
    assert bare.exit_code == dash.exit_code == 0, (bare.stderr, dash.stderr)
    assert bare.stdout == dash.stdout
    both = coach(command, "Alice", "-c", "Bob")
    assert both.exit_code == 2
    assert said in both.stderr


@pytest.mark.parametrize("path", having("week"), ids=" ".join)
def test_week_means_the_same_wherever_it_appears(coach, path: tuple[str, ...]) -> None:
    assert set(having("week")) >= {("report",), ("agenda",)}
    assert isinstance(params(path)["week"].type, kinds.Week)
    assert coach("goal", "add", "Rest").exit_code == 0  # a database, and a client 'me'
    for week in ("this", "last", "next", "2026-W47"):
        result = coach(*path, "--week", week, "-f", "json")
        assert result.exit_code == 0, (path, week, result.stderr)
    bad = coach(*path, "--week", "someday")
    assert bad.exit_code == 1
    assert bad.stderr.startswith("Error: Unrecognised week 'someday': use this, last, next or YYYY-Www")


def test_report_and_agenda_agree_on_which_days_a_week_is(coach) -> None:
    import json

    assert coach("goal", "add", "Rest").exit_code == 0  # a database, and a client 'me'
    for week, monday, sunday in (("next", "2026-11-23", "2026-11-29"),
                                 ("last", "2026-11-09", "2026-11-15")):
        report = json.loads(coach("report", "--week", week, "-f", "json").stdout)["window"]
        agenda = json.loads(coach("agenda", "--week", week, "-f", "json").stdout)
        assert (report["start"], report["end"]) == (monday, sunday)
        assert (agenda["start"], agenda["end"]) == (monday, sunday)


@pytest.mark.parametrize(("args", "meant"), [
    (["done", "1", "--date", "yesterday"], "--on"),
    (["missed", "1", "--when=yesterday"], "--on"),
    (["log", "--from", "monday"], "--since"),
    (["step", "add", "1", "Walk", "--schedule", "daily"], "--every"),
    (["goal", "add", "Run", "--importanc", "8"], "--importance"),
    (["report", "--name", "Alice"], "--client"),
])
def test_an_unknown_option_suggests_the_one_meant(coach, args: list[str], meant: str) -> None:
    result = coach(*args)
    assert result.exit_code == 2
    typed = args[-2].partition("=")[0] if "=" not in args[-1] else args[-1].partition("=")[0]
    assert f"Error: No such option: {typed}. Did you mean {meant}?" in result.stderr, result.stderr


def test_the_suggestion_reaches_a_real_shell_past_the_fast_path(coach_proc) -> None:
    proc = coach_proc("done", "1", "--date", "yesterday")
    assert proc.returncode == 2
    assert "No such option: --date. Did you mean --on?" in proc.stderr
    assert "Traceback" not in proc.stderr


# ------------------------------------------------------------------ help that names things

METAVAR = re.compile(r"^\[?[A-Z][A-Z_]*\]?(\.\.\.)?$")


@pytest.mark.parametrize("path", list(COMMANDS), ids=" ".join)
def test_every_value_has_an_upper_case_metavar(path: tuple[str, ...]) -> None:
    ctx = COMMANDS[path].make_context("coach", [], resilient_parsing=True)
    for p in COMMANDS[path].params:
        if getattr(p, "is_flag", False) or p.name == "help":
            continue
        shown = p.make_metavar(ctx)
        assert METAVAR.match(shown), (path, p.name, shown)


@pytest.mark.parametrize("path", list(COMMANDS), ids=" ".join)
def test_help_shows_no_type_placeholders(path: tuple[str, ...]) -> None:
    shown = Coach(None).run(*path, "--help", COLUMNS="100").stdout
    usage = shown.splitlines()[0]
    assert "{" not in usage, usage
    assert "<" not in shown, shown
    for name in ("STEP_ID", "GOAL_ID"):
        if any(p.param_type_name == "argument" and p.metavar == name for p in COMMANDS[path].params):
            assert name in usage


def test_the_kinds_of_value_are_named_alike_everywhere() -> None:
    seen: dict[str, set[str]] = {}
    for command in COMMANDS.values():
        for p in command.params:
            if p.name in ("on", "since", "until", "by", "due", "start"):
                seen.setdefault("DATE", set()).add(p.metavar)
            if p.name == "every":
                seen.setdefault("RULE", set()).add(p.metavar)
            if p.name == "step_id":
                seen.setdefault("STEP_ID", set()).add(p.metavar)
            if p.name == "step":  # an id or the beginning of a title
                seen.setdefault("STEP", set()).add(p.metavar)
    assert seen == {"DATE": {"DATE"}, "RULE": {"RULE"}, "STEP_ID": {"STEP_ID"}, "STEP": {"STEP"}}


def test_python_dash_m_is_the_same_program(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "coachcli", "done", "--help"], capture_output=True,
                          text=True, check=False, timeout=60)
    assert proc.stdout.startswith("Usage: coach done [OPTIONS] STEP\n"), proc.stdout
