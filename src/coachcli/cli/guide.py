"""About coach itself: ``coach help TOPIC`` and ``coach completion SHELL``."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer
from typer._click.exceptions import UsageError

from coachcli.cli import values


class Shell(StrEnum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


#: Where each shell reads its completion script from, for ``coach completion --help``.
INSTALL = """\b
Install it once, for your user:
  bash:  coach completion bash > ~/.local/share/bash-completion/completions/coach
  zsh:   coach completion zsh > ~/.zfunc/_coach   (with fpath+=~/.zfunc before compinit)
  fish:  coach completion fish > ~/.config/fish/completions/coach.fish
"""


#: What this module adds to ``coach``: its commands, attached at import (see cli.build_app).
commands = typer.Typer()


@commands.command("help")
def help_(
    topic: Annotated[
        str | None,
        typer.Argument(metavar="[TOPIC]", help="dates, schedules, report, signals, data or groups.",
                       click_type=values.TOPIC, show_default=False),
    ] = None,
) -> None:
    """Explain dates, schedules, reports, signals, groups.

    The same explanations as the README, from the installed package.
    Each command's options are in its own --help.

    \b
    Examples:
      coach help dates
      coach help signals
    """
    from coachcli.render.help import TOPICS, markdown, plain

    if topic is None:
        width = max(map(len, TOPICS))
        lines = [f"  {name:<{width}}  {what}" for name, what in TOPICS.items()]
        sys.stdout.write("Topics (coach help TOPIC):\n" + "\n".join(lines) + "\n")
        return
    if topic not in TOPICS:
        raise UsageError(f"no help topic {topic!r}; topics: {', '.join(TOPICS)}")
    from coachcli.render.document import default_format, output_width

    width = output_width(sys.stdout)
    if default_format() == "rich":  # a terminal: Markdown rendered, tables drawn
        from coachcli.render.richout import print_markdown

        print_markdown(markdown(topic), sys.stdout, width)
    else:
        sys.stdout.write(plain(topic, width))


@commands.command("completion", epilog=INSTALL)
def completion(
    shell: Annotated[Shell, typer.Argument(metavar="SHELL", help="bash, zsh or fish.",
                                           show_default=False)],
) -> None:
    """Print the shell completion script (bash, zsh, fish).

    Tab then completes commands, options, client names, step titles
    (ids once a digit is typed), goal ids, entry refs for edit and
    delete, help topics, and the --on, --every, --week and --format
    values each command takes.

    \b
    Examples:
      coach completion bash
      coach completion fish
    """
    from coachcli.cli.completion import script

    sys.stdout.write(script(None, shell.value) + "\n")
