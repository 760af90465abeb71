"""Write ``coachcli/help.txt``: every ``coach ... --help`` as Typer prints it, ready to print.

    python -m coachcli.cli.helpgen            # rewrite src/coachcli/help.txt
    python -m coachcli.cli.helpgen --check    # exit 1 if it differs from Typer's help

Help is static text, yet printing it through Typer costs an import of Typer
and the building of the commands, twice what ``coach done`` takes. So the
text is generated here, once, and :mod:`coachcli.entry` prints it directly
when the terminal is at least :data:`~coachcli.entry.HELP_COLUMNS` wide
(Click wraps help to the terminal up to that width; narrower ones go
through Typer). ``tests/test_static_help.py`` checks the file is current.

The file is one entry per command: a form feed line, the command's words
(none for ``coach`` itself), then its help text.
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
    app = build_app()
    out: dict[tuple[str, ...], str] = {}
    saved = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "80"
    try:
        for path in command_paths(typer.main.get_command(app)):
            buffer = io.StringIO()
            with contextlib.redirect_stdout(buffer), contextlib.suppress(SystemExit):
                app([*path, "--help"], prog_name="coach")
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


def main(argv: list[str]) -> int:
    wanted = source(typer_help())
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != wanted:
            sys.stderr.write(f"{TARGET} is out of date: run python -m coachcli.cli.helpgen\n")
            return 1
        return 0
    TARGET.write_text(wanted, encoding="utf-8")
    sys.stdout.write(f"wrote {TARGET} ({len(wanted):,} characters)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
