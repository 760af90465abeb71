"""The ``coach`` command line: Typer only, parsing arguments, calling, rendering.

Errors meet the user through :func:`coachcli.runtime.report_failure`, called
from :class:`CoachGroup` (and from the fast path): a
:class:`~coachcli.errors.CoachError` becomes one line on stderr and exit
status 1; Typer's own usage errors keep exit status 2.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import typer
from typer._click.exceptions import NoSuchOption
from typer.core import TyperCommand, TyperGroup

from coachcli import __version__
from coachcli.entry import unreadable_text
from coachcli.errors import InputError
from coachcli.runtime import FAILURES, report_failure

#: The variable Click's completion scripts set to ask ``coach`` for candidates.
COMPLETE_VAR = "_COACH_COMPLETE"

#: Options people bring from other tools, and the name coach gives the same idea.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "--date": ("--on",), "--day": ("--on",), "--when": ("--on",), "--at": ("--on",),
    "--name": ("--client",), "--user": ("--client",), "--who": ("--client",),
    "--message": ("--note",), "--comment": ("--note",), "--msg": ("--note",), "-m": ("--note",),
    "--times": ("--count",), "--from": ("--since", "--start"), "--to": ("--until",),
    "--end": ("--until",), "--begin": ("--start", "--since"), "--schedule": ("--every",),
    "--repeat": ("--every",), "--deadline": ("--by", "--due"), "--target": ("--by",),
    "--everyone": ("--all",), "--out": ("--output",), "--file": ("--output",),
    "--database": ("--db",), "--output-format": ("--format",), "--json": ("--format",),
}


def closest_options(typed: str, known: list[str]) -> list[str]:
    """The real options a mistyped one most likely meant: a synonym first, else a near spelling."""
    import difflib

    name = typed.partition("=")[0]
    meant = [o for o in SYNONYMS.get(name, ()) if o in known]
    return meant or difflib.get_close_matches(name, [o for o in known if o.startswith("--")], n=2)


def _plain_usage(pieces: list[str]) -> list[str]:
    """Typer writes a required argument as {STEP_ID}; the convention (and coach's) is STEP_ID."""
    return [p[1:-1] if p.startswith("{") and p.endswith("}") else p for p in pieces]


class CoachCommand(TyperCommand):
    """Every coach command: plain upper-case argument names, and real suggestions for typos."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return _plain_usage(super().collect_usage_pieces(ctx))

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except NoSuchOption as exc:
            known = [o for p in self.get_params(ctx) for o in (*p.opts, *p.secondary_opts)]
            meant = closest_options(exc.option_name, known)
            exc.possibilities = None
            if meant:
                exc.message = f"No such option: {exc.option_name}. Did you mean {' or '.join(meant)}?"
            raise


class CoachGroup(TyperGroup):
    """The root group: the single place where our errors meet the user."""

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None,
                     **extra: Any) -> Any:
        # Checked here as well as in coachcli.entry, so the app run in-process refuses it too.
        bad = unreadable_text(list(args), os.environ)
        if bad is not None:
            raise typer.Exit(report_failure(InputError(bad)))
        try:
            return super().make_context(info_name, args, parent, **extra)
        except BrokenPipeError as exc:  # --help into a closed pipe: as for any command
            raise typer.Exit(report_failure(exc)) from None

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except FAILURES as exc:
            raise typer.Exit(report_failure(exc)) from None

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Bare ``coach``: today's agenda when there is a database, else this help, exit 0.

        What peers do (``task``, ``habitctl``): the command typed most, with no
        arguments, shows where things stand; ``coach | less`` shows it too.
        """
        if not args and not ctx.resilient_parsing:
            from coachcli.runtime import database_exists

            if not database_exists():
                typer.echo(ctx.get_help())
                ctx.exit(0)
            args = ["agenda"]
        return list(super().parse_args(ctx, args))

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return _plain_usage(super().collect_usage_pieces(ctx))

    def _main_shell_completion(self, ctx_args: Any, prog_name: str, complete_var: str | None = None) -> None:
        """Click's completion protocol (``_COACH_COMPLETE=bash_complete``...): see cli.completion."""
        var = complete_var or COMPLETE_VAR
        if os.environ.get(var):
            from coachcli.cli.completion import respond

            respond(self, ctx_args, prog_name, var)


def _our_classes(app: typer.Typer) -> None:
    """Every command of ``app`` (and of its groups) built as a :class:`CoachCommand`."""
    for info in app.registered_commands:
        if info.cls in (None, TyperCommand):
            info.cls = CoachCommand
    for group in app.registered_groups:
        if group.typer_instance is not None:
            _our_classes(group.typer_instance)


#: Which module defines each top-level command. ``coach done`` then imports
#: and builds only the tracking commands instead of the whole tree: Typer
#: inspects every registered command's signature when it starts, which cost
#: ~14 ms for the full tree, on top of ~11 ms of importing every module.
COMMANDS: dict[str, str] = {
    "demo": "demo",
    "client": "clients",
    "group": "groups",
    "goal": "goals",
    "step": "steps",
    "done": "track",
    "missed": "track",
    "skip": "track",
    "checkin": "track",
    "restart": "sessions",
    "undo": "track",
    "redo": "track",
    "edit": "corrections",
    "delete": "corrections",
    "log": "track",
    "agenda": "views",
    "report": "views",
    "prep": "views",
    "history": "views",
    "config": "views",
    "habit": "habit",
    "init": "data",
    "db": "data",
    "export": "portable",
    "import": "portable",
    "backup": "portable",
    "sync": "hub",
    "hub": "hub",
    "help": "guide",
    "completion": "guide",
}


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"coach {__version__}\n")
        raise typer.Exit()


def _root(
    version: bool = typer.Option(
        False, "--version", "-V", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """Track goals, the small steps towards them, what was done, and check-ins.

    The report shows progress and where actions diverge from goals, with the
    evidence and an open question to ask.
    """


HELP = """Track goals, the small steps towards them, what was done, and check-ins;
report where actions and goals diverge.

\b
Examples:
  coach goal add "Walk-run a 5k" --importance 9 --confidence 4
  coach step add 1 "Walk 20 minutes" --every mon,wed,fri
  coach done 1
  coach report

Every command has --help with examples.
"""


def _new_root() -> typer.Typer:
    root = typer.Typer(
        cls=CoachGroup,
        name="coach",
        help=HELP,
        epilog="Start with: coach demo   |   Explanations: coach help",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
        add_completion=False,
        # Plain help: Typer's Rich help imports ~70 ms of modules (markdown-it,
        # pygments) on every --help; the plain one keeps help as fast as a command.
        rich_markup_mode=None,
    )
    root.callback()(_root)
    return root


def build_app(command: str | None = None) -> typer.Typer:
    """The ``coach`` app with every command, or only ``command`` (from the module that defines it).

    Each module in :data:`COMMANDS` defines its commands the one way: at module level, on its
    Typer ``commands`` (``@commands.command(NAME)``; a group is ``commands.add_typer(GROUP,
    name=NAME)``). tests/test_cli_idiom.py holds every module to it. Typer lists a group's
    commands before its groups, each in the order they were added, so module by module in
    :data:`COMMANDS` order the help lists them as it always has.
    """
    root = _new_root()
    wanted = [COMMANDS[command]] if command in COMMANDS else list(dict.fromkeys(COMMANDS.values()))
    for name in wanted:
        try:
            # __import__ rather than importlib, so that -X importtime reports it.
            __import__(f"coachcli.cli.{name}")
            module = sys.modules[f"coachcli.cli.{name}"]
        except ModuleNotFoundError as exc:  # pragma: no cover - a module still being written
            if exc.name != f"coachcli.cli.{name}":
                raise
            continue
        part: typer.Typer = module.commands
        only = command if command in COMMANDS else None
        root.registered_commands += [c for c in part.registered_commands if only in (None, c.name)]
        root.registered_groups += [g for g in part.registered_groups if only in (None, g.name)]
    _our_classes(root)
    return root


def __getattr__(name: str) -> typer.Typer:
    """``coachcli.cli.app``: the full app, built on first use (tests, documentation)."""
    if name == "app":
        full = build_app()
        globals()["app"] = full
        return full
    raise AttributeError(name)


def main() -> None:
    """Console-script entry point."""
    args = sys.argv[1:]
    if os.environ.get(COMPLETE_VAR):
        from coachcli.cli.completion import command_word

        args = [command_word() or ""]
    if not args and not os.environ.get(COMPLETE_VAR):
        from coachcli.runtime import database_exists

        args = ["agenda"] if database_exists() else []  # see CoachGroup.parse_args
    try:
        app = build_app(args[0] if args else None)
        app(prog_name="coach")
    except BrokenPipeError as exc:  # e.g. `coach --help | head`, outside any command
        sys.exit(report_failure(exc))
