"""Shell completion for bash, zsh and fish, through Click's standard protocol.

The shell script (``coach completion bash``) is Click's own: on Tab it runs
``coach`` with ``_COACH_COMPLETE=bash_complete`` (or ``zsh_complete``,
``fish_complete``) and the words typed so far in ``COMP_WORDS`` and
``COMP_CWORD``, and reads the candidates back. Typer ships its own, older
variant of this protocol (``complete_bash``, ``_TYPER_COMPLETE_ARGS``), which
is why :class:`~coachcli.cli.CoachGroup` routes the variable here instead:
scripts written by Click for any Click program work for coach unchanged.

What each value completes to is defined with its type in
:mod:`coachcli.cli.values`; here is only the protocol.
"""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping
from typing import Any

from click import shell_completion as click_completion
from typer._click.shell_completion import _resolve_context, _resolve_incomplete

SHELLS = ("bash", "zsh", "fish")


class _Completions:
    """Click's shells, resolving the command line against coach's (Typer's) Click objects."""

    cli: Any
    ctx_args: MutableMapping[str, Any]
    prog_name: str

    def get_completions(self, args: list[str], incomplete: str) -> list[Any]:
        ctx = _resolve_context(self.cli, self.ctx_args, self.prog_name, args)
        obj, incomplete = _resolve_incomplete(ctx, args, incomplete)
        return list(obj.shell_complete(ctx, incomplete))


class Bash(_Completions, click_completion.BashComplete):
    pass


class Zsh(_Completions, click_completion.ZshComplete):
    pass


class Fish(_Completions, click_completion.FishComplete):
    pass


CLASSES: dict[str, type[click_completion.ShellComplete]] = {"bash": Bash, "zsh": Zsh, "fish": Fish}


def script(cli: Any, shell: str, prog_name: str = "coach") -> str:
    """The completion script to source in ``shell``'s start-up file."""
    return CLASSES[shell](cli, {}, prog_name, "_COACH_COMPLETE").source()


def respond(cli: Any, ctx_args: MutableMapping[str, Any], prog_name: str, complete_var: str) -> None:
    """Answer one completion request from the shell script, then exit.

    ``{shell}_complete`` prints the candidates, ``{shell}_source`` the script.
    """
    instruction = os.environ.get(complete_var, "")
    shell, _, action = instruction.partition("_")
    if shell not in CLASSES or action not in ("complete", "source"):
        sys.stderr.write(f"Error: {complete_var}={instruction!r}: use SHELL_complete or SHELL_source, "
                         f"SHELL being {', '.join(SHELLS)}\n")
        sys.exit(2)
    comp = CLASSES[shell](cli, ctx_args, prog_name, complete_var)
    out = comp.source() if action == "source" else comp.complete()
    sys.stdout.write(out + "\n" if out else "")
    sys.exit(0)


def command_word() -> str | None:
    """The command (``report``, ``goal``...) of the line being completed, if already typed.

    Lets :func:`coachcli.cli.main` build only that command's module, as it
    does to run it.
    """
    line = os.environ.get("COMP_WORDS", "")
    words = click_completion.split_arg_string(line)
    # Past the command word: more words follow it, or a space after it (bash, fish).
    past = len(words) > 2 or (len(words) == 2 and line.endswith(" "))
    return words[1] if past else None
