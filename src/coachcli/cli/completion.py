"""Shell completion for bash, zsh and fish, through Click's standard protocol.

The shell script (``coach completion bash``) is Click's own (for bash, with
titles left to bash to quote: :class:`Bash`): on Tab it runs ``coach`` with
``_COACH_COMPLETE=bash_complete`` (or ``zsh_complete``, ``fish_complete``)
and the words typed so far in ``COMP_WORDS`` and ``COMP_CWORD``, and reads the
candidates back. Typer ships its own, older
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


#: What bash reads as itself in a word; a candidate holding anything else must be quoted.
_BASH_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./+,%@=")

#: Click's bash script, with three changes: it tells coach it quotes (``_COACH_COMPLETE_QUOTE``),
#: reads replies with ``read -r``, and gives a ``text`` reply (a title with spaces) to bash as a
#: file name (``compopt -o filenames``): bash lists it as it is and quotes it as it inserts it,
#: within quotes the user opened too.
_SOURCE_BASH = """\
%(complete_func)s() {
    local IFS=$'\\n'
    local response completion type value

    response=$(env COMP_WORDS="${COMP_WORDS[*]}" COMP_CWORD=$COMP_CWORD \\
        %(complete_var)s=bash_complete %(complete_var)s_QUOTE=bash $1)

    for completion in $response; do
        IFS=',' read -r type value <<< "$completion"

        if [[ $type == 'dir' ]]; then
            COMPREPLY=()
            compopt -o dirnames
        elif [[ $type == 'file' ]]; then
            COMPREPLY=()
            compopt -o default
        elif [[ $type == 'plain' ]]; then
            COMPREPLY+=("$value")
        elif [[ $type == 'text' ]]; then
            COMPREPLY+=("$value")
            compopt -o filenames
        fi
    done

    return 0
}

%(complete_func)s_setup() {
    complete -o nosort -F %(complete_func)s %(prog_name)s
}

%(complete_func)s_setup;
"""


def bash_escaped(text: str, *, levels: int = 1) -> str:
    """``text`` as one bash word: ``Screens off`` is ``Screens\\ off``.

    ``levels=2`` for a script that reads replies with ``read`` without ``-r``
    (Click's own), which takes one level of backslashes first.
    """
    mark = "\\" * (2 * levels - 1)
    return "".join(c if c in _BASH_PLAIN or not c.isascii() else mark + c for c in text)


class Bash(_Completions, click_completion.BashComplete):
    """Bash, answering coach's script (titles given to bash to quote) and Click's (titles escaped).

    A script saved before coach's own was written is Click's: it inserts a
    reply as it is, so a title must come escaped, and its menu shows the
    backslashes. Coach's script says so in ``_COACH_COMPLETE_QUOTE``: then a
    reply that needs quoting is a ``text`` reply, which bash quotes itself,
    listing it as typed. Bash lists a file name from its last ``/`` on, so
    when a candidate holds a slash every one comes escaped instead.
    """

    source_template = _SOURCE_BASH

    def complete(self) -> str:
        args, incomplete = self.get_completion_args()
        items = self.get_completions(args, incomplete)
        ours = os.environ.get(f"{self.complete_var}_QUOTE") == "bash"
        as_text = ours and not any("/" in str(i.value) for i in items if i.type == "plain")
        lines = []
        for item in items:
            value = str(item.value)
            if item.type != "plain" or all(c in _BASH_PLAIN or not c.isascii() for c in value):
                lines.append(f"{item.type},{value}")
            elif as_text:
                lines.append(f"text,{value}")
            else:
                lines.append(f"plain,{bash_escaped(value, levels=1 if ours else 2)}")
        return "\n".join(lines)


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
