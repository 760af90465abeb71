"""Write what the entry point reads instead of Typer: ``help.txt`` and ``fastopts.py``.

    python -m coachcli.cli.helpgen            # rewrite src/coachcli/help.txt and fastopts.py
    python -m coachcli.cli.helpgen --check    # exit 1 if either differs from the Typer app

Help is static text, yet printing it through Typer costs an import of Typer
and the building of the commands, twice what ``coach done`` takes. So the
text is generated here, once, and :mod:`coachcli.entry` prints it directly
when the terminal is at least :data:`~coachcli.entry.HELP_COLUMNS` wide
(Click wraps help to the terminal up to that width; narrower ones go
through Typer). ``tests/test_static_help.py`` checks the file is current.

The file is one entry per command: a form feed line, the command's words
(none for ``coach`` itself), then its help text.

The fast path of :mod:`coachcli.entry` reads ``done``, ``missed``, ``skip`` and
``report`` lines itself. Which options those commands take, the parameter each
sets and the choices a value may have are the Typer definitions', written
into ``fastopts.py`` here, so an option added, renamed or given another spelling
in ``cli/`` reaches the fast path by this one step, never by a second hand edit.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from pathlib import Path
from typing import Any

import typer

from coachcli.cli import build_app

TARGET = Path(__file__).resolve().parent.parent / "help.txt"
OPTIONS_TARGET = Path(__file__).resolve().parent.parent / "fastopts.py"

#: The commands :mod:`coachcli.entry` may run without Typer.
FAST = ("done", "missed", "skip", "report")


def command_paths(command: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The root and every command and group under it, as paths of names."""
    found = [path]
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        if not getattr(sub, "hidden", False):
            found += command_paths(sub, (*path, name))
    return found


def typer_help() -> dict[tuple[str, ...], str]:
    """``coach PATH --help`` for every path, as the full Typer app prints it at 80 columns.

    Run as a command runs, not through ``CliRunner``: that one forces Click's
    width to 80, where a terminal of 80 columns gets 78.
    """
    # The Click command Typer builds on each call of the app, built once for every path.
    command = typer.main.get_command(build_app())
    out: dict[tuple[str, ...], str] = {}
    saved = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "80"
    try:
        for path in command_paths(command):
            buffer = io.StringIO()
            with contextlib.redirect_stdout(buffer), contextlib.suppress(SystemExit):
                command.main([*path, "--help"], prog_name="coach")
            out[path] = buffer.getvalue()
    finally:
        if saved is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = saved
    return out


def source(helps: dict[tuple[str, ...], str]) -> str:
    chunks = []
    for path, text in helps.items():
        assert "\f" not in text, path
        chunks.append(f"\f\n{' '.join(path)}\n{text}")
    return "".join(chunks)


def fast_options() -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]],
                            dict[str, dict[str, tuple[str, ...]]]]:
    """(options, flags, choices) of each :data:`FAST` command, as the Typer app defines them.

    options: each spelling of an option taking a value -> its parameter; flags:
    each spelling of an on/off option -> its parameter (a ``--no-x`` spelling is
    left out, for Typer to read); choices: a parameter -> the values it accepts.
    """
    root = typer.main.get_command(build_app())
    options: dict[str, dict[str, str]] = {}
    flags: dict[str, dict[str, str]] = {}
    choices: dict[str, dict[str, tuple[str, ...]]] = {}
    for name in FAST:
        command = root.commands[name]  # type: ignore[attr-defined]
        options[name], flags[name], choices[name] = {}, {}, {}
        for param in command.params:
            if param.param_type_name != "option" or param.name is None:
                continue
            if getattr(param, "is_flag", False):
                flags[name] |= dict.fromkeys(param.opts, param.name)
            else:
                options[name] |= dict.fromkeys((*param.opts, *param.secondary_opts), param.name)
            if hasattr(param.type, "choices"):
                choices[name][param.name] = tuple(str(c) for c in param.type.choices)
    return options, flags, choices


def _literal(table: dict[str, dict[str, Any]]) -> str:
    """A command -> dict table as Python source, one command a line or more (for ruff's width)."""
    lines = ["{"]
    for command, inner in table.items():
        if not inner:
            lines.append(f'    "{command}": {{}},')
            continue
        lines.append(f'    "{command}": {{')
        lines += [f'        "{key}": {value!r},'.replace("'", '"') for key, value in inner.items()]
        lines.append("    },")
    return "\n".join([*lines, "}"])


def options_source() -> str:
    """``fastopts.py``: :func:`fast_options` as literals, for a module that imports nothing."""
    options, flags, choices = _literals(*fast_options())
    return (
        '"""The options of the commands :mod:`coachcli.entry` runs without Typer, as cli/ defines them.\n\n'
        "Written by ``python -m coachcli.cli.helpgen`` from the Typer app (do not edit);\n"
        "``tests/test_static_help.py`` fails when it differs from the app.\n"
        '"""\n\n'
        "from __future__ import annotations\n\n"
        "#: Command -> each spelling of an option taking a value -> the parameter it sets.\n"
        f"OPTIONS: dict[str, dict[str, str]] = {options}\n\n"
        "#: Command -> each spelling of an on/off option -> the parameter it sets.\n"
        f"FLAGS: dict[str, dict[str, str]] = {flags}\n\n"
        "#: Command -> parameter -> the values it accepts.\n"
        f"CHOICES: dict[str, dict[str, tuple[str, ...]]] = {choices}\n"
    )


def _literals(*tables: dict[str, dict[str, Any]]) -> list[str]:
    return [_literal(table) for table in tables]


def main(argv: list[str]) -> int:
    wanted = {TARGET: source(typer_help()), OPTIONS_TARGET: options_source()}
    if "--check" in argv:
        stale = [path for path, text in wanted.items()
                 if (path.read_text(encoding="utf-8") if path.exists() else "") != text]
        for path in stale:
            sys.stderr.write(f"{path} is out of date: run python -m coachcli.cli.helpgen\n")
        return 1 if stale else 0
    for path, text in wanted.items():
        path.write_text(text, encoding="utf-8")
        sys.stdout.write(f"wrote {path} ({len(text):,} characters)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
