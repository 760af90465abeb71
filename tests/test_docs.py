"""The documentation keeps up with the code: README and ``--help``.

In the manner of sqlite-utils' ``test_docs.py``: the command tree is walked
from the real app, so a new command or subcommand that is not documented, or
a help text that is missing, truncated or has a broken example, fails here.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import typer

from coachcli.cli import app
from helpers import Coach

README = Path(__file__).resolve().parent.parent / "README.md"

#: What ``coach --help`` and each group's help show as a command's one line must
#: fit this many characters, so that no terminal width cuts it to "...".
SHORT_HELP = 55

#: Commands whose first sentence is still longer than the listing allows.

ROOT = typer.main.get_command(app)


def walk(command: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    """Every command and group under ``command``, with its path of names."""
    found = [(path, command)] if path else []
    for name, sub in getattr(command, "commands", {}).items():
        found += walk(sub, (*path, name))
    return found


COMMANDS = walk(ROOT)
TOP_LEVEL = sorted(ROOT.commands)
SUBCOMMANDS = [path for path, _ in COMMANDS if len(path) == 2]


def readme_mentions() -> tuple[set[str], set[tuple[str, str]]]:
    """Commands the README names: ``coach report``, ``coach goal add/list`` and the like."""
    word = r"[a-z][\w-]*"
    words = rf"{word}(?:/{word})*"
    top: set[str] = set()
    sub: set[tuple[str, str]] = set()
    for first, second in re.findall(rf"\bcoach ({words})(?: ({words}))?", README.read_text()):
        for name in first.split("/"):
            top.add(name)
            if second:
                sub.update((name, s) for s in second.split("/"))
    return top, sub


def examples(help_text: str) -> list[str]:
    """The ``coach ...`` lines of a help text's ``\\b`` (no-rewrap) blocks."""
    found: list[str] = []
    for block in help_text.split("\n\n"):
        lines = block.strip("\n").splitlines()
        if lines and lines[0].strip() == "\b":
            found += [line.strip() for line in lines[1:] if line.strip().startswith("coach ")]
    return found


EXAMPLES = [
    pytest.param(path, line, id=line)
    for path, command in COMMANDS
    for line in examples(command.help or "")
]


# ------------------------------------------------------------------ README


@pytest.mark.parametrize("name", TOP_LEVEL)
def test_every_command_is_in_the_readme(name: str) -> None:
    assert name in readme_mentions()[0], f"README.md never mentions `coach {name}`"


@pytest.mark.parametrize("path", SUBCOMMANDS, ids=" ".join)
def test_every_subcommand_is_in_the_readme(path: tuple[str, str]) -> None:
    assert path in readme_mentions()[1], f"README.md never mentions `coach {' '.join(path)}`"


def test_the_readme_help_block_is_current() -> None:
    from cogapp import Cog

    assert Cog().main(["cog", "--check", "--diff", str(README)]) == 0, "refresh it: cog -r README.md"


# ------------------------------------------------------------------ --help


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=" ".join)
def test_every_command_and_option_has_help(path: tuple[str, ...]) -> None:
    command = dict(COMMANDS)[path]
    assert (command.help or "").strip(), f"coach {' '.join(path)} has no help"
    for param in command.params:
        assert getattr(param, "help", None), f"coach {' '.join(path)}: {param.name} has no help"


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=" ".join)
def test_one_line_help_is_never_cut_short(path: tuple[str, ...]) -> None:
    """The first sentence is what ``coach --help`` lists; it must fit, not end in '...'."""
    short = dict(COMMANDS)[path].get_short_help_str(SHORT_HELP)
    assert short.endswith("."), f"coach {' '.join(path)}: {short!r}"
    assert not short.endswith("..."), f"coach {' '.join(path)}: {short!r}"


def test_every_group_lists_its_subcommands_with_their_one_line_help() -> None:
    coach = Coach(None, COLUMNS="80")
    for path, group in COMMANDS:
        if not hasattr(group, "commands"):
            continue
        shown = coach.run(*path, "--help").stdout
        for name, sub in group.commands.items():
            assert re.search(rf"^  {name} +{re.escape(sub.get_short_help_str(SHORT_HELP))}$",
                             shown, re.MULTILINE), (path, name, shown)


@pytest.mark.parametrize(("path", "line"), EXAMPLES)
def test_help_examples_are_valid_command_lines(path: tuple[str, ...], line: str) -> None:
    """Each example parses (options and arguments exist) and is shown as written, unwrapped."""
    args = shlex.split(line)[1:]
    command = ROOT
    while args and args[0] in getattr(command, "commands", {}):
        command = command.commands[args.pop(0)]
    command.make_context("coach", args)  # raises a usage error for a wrong option or argument
    shown = Coach(None).run(*path, "--help", COLUMNS="60").stdout
    assert f"    {line}\n" in shown, shown


