"""Every command is defined one way: at module level, on the module's Typer ``commands``.

::

    commands = typer.Typer()            # what this module adds to `coach`

    @commands.command("done")           # a top-level command
    def done(...) -> None: ...

    app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)
    commands.add_typer(app, name="client", help=HELP)   # a group, its commands on `app`

``coachcli.cli.build_app`` attaches each module's ``commands`` to ``coach`` (every command,
or only the one typed). Commands defined inside a function, registered through a dict, or
attached to the root by hand are a second idiom, and fail here, read from the source.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import typer

from coachcli import cli

CLI = Path(cli.__file__).parent
#: The modules that define commands: the values of ``cli.COMMANDS``.
MODULES = sorted(set(cli.COMMANDS.values()))


def _typer_call(node: ast.AST) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "Typer"
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "typer")


def idiom_violations(source: str, *, defines_commands: bool = True) -> list[str]:
    """How the module ``source`` strays from the one idiom, in words (nothing when it keeps to it)."""
    tree = ast.parse(source)
    out: list[str] = []
    top_level = set(tree.body)
    typers = {t.id for node in tree.body if isinstance(node, ast.Assign) and _typer_call(node.value)
              for t in node.targets if isinstance(t, ast.Name)}
    decorators = {id(d): node for node in tree.body if isinstance(node, ast.FunctionDef)
                  for d in node.decorator_list}
    if defines_commands and "commands" not in typers:
        out.append("no module-level `commands = typer.Typer()`")
    for node in tree.body if defines_commands else ():
        if isinstance(node, ast.FunctionDef) and node.name == "register":
            out.append(f"line {node.lineno}: a register() function")
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, ast.AnnAssign) else [])
        if any(isinstance(t, ast.Name) and t.id == "COMMANDS" for t in targets):
            out.append(f"line {node.lineno}: a COMMANDS table of its own")
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value.id if isinstance(node.func.value, ast.Name) else None
        where = f"line {node.lineno}"
        if node.func.attr == "command":
            if not defines_commands:
                out.append(f"{where}: a command outside the command modules")
            elif id(node) not in decorators:
                out.append(f"{where}: .command() not as the decorator of a module-level function")
            elif owner not in typers:
                out.append(f"{where}: a command on {owner}, not on a module-level Typer")
        elif node.func.attr == "add_typer":
            statement = next((s for s in tree.body if isinstance(s, ast.Expr) and s.value is node), None)
            if not defines_commands:
                out.append(f"{where}: a group outside the command modules")
            elif owner != "commands" or statement not in top_level:
                out.append(f"{where}: a group added other than by a module-level commands.add_typer()")
    return out


@pytest.mark.parametrize("name", MODULES)
def test_each_command_module_defines_its_commands_the_one_way(name: str) -> None:
    assert idiom_violations((CLI / f"{name}.py").read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", sorted(p.name for p in CLI.glob("*.py") if p.stem not in MODULES))
def test_no_other_cli_module_defines_a_command(path: str) -> None:
    assert idiom_violations((CLI / path).read_text(encoding="utf-8"), defines_commands=False) == []


def test_the_command_table_names_each_command_at_its_module() -> None:
    """``coach done`` imports and builds only the module ``cli.COMMANDS`` names for ``done``."""
    found = {}
    for name in MODULES:
        part: typer.Typer = __import__(f"coachcli.cli.{name}", fromlist=["commands"]).commands
        for info in [*part.registered_commands, *part.registered_groups]:
            found[info.name] = name
    assert found == cli.COMMANDS
    assert set(typer.main.get_command(cli.build_app()).commands) == set(cli.COMMANDS)  # type: ignore[attr-defined]


def test_one_command_builds_only_itself() -> None:
    for name in cli.COMMANDS:
        assert list(typer.main.get_command(cli.build_app(name)).commands) == [name]  # type: ignore[attr-defined]


SECOND_IDIOMS = {
    "commands defined inside register()": (
        "import typer\ncommands = typer.Typer()\n"
        "def register(app):\n    @app.command('x')\n    def x() -> None: ...\n"),
    "a COMMANDS table and app.command(name)(fn)": (
        "import typer\ncommands = typer.Typer()\ndef x() -> None: ...\nCOMMANDS = {'x': x}\n"
        "for name, fn in COMMANDS.items():\n    commands.command(name)(fn)\n"),
    "a module-level app with no commands": (
        "import typer\napp = typer.Typer()\n@app.command('x')\ndef x() -> None: ...\n"),
    "a group added inside a function": (
        "import typer\ncommands = typer.Typer()\ngroup = typer.Typer()\n"
        "def attach():\n    commands.add_typer(group, name='g')\n"),
    "a command on a Typer made in a function": (
        "import typer\ncommands = typer.Typer()\ndef make():\n    t = typer.Typer()\n"
        "    @t.command('x')\n    def x() -> None: ...\n"),
}


@pytest.mark.parametrize("case", sorted(SECOND_IDIOMS))
def test_each_second_idiom_is_caught(case: str) -> None:
    assert idiom_violations(SECOND_IDIOMS[case]), case


def test_the_idiom_itself_passes() -> None:
    source = ("import typer\ncommands = typer.Typer()\napp = typer.Typer()\n"
              "@commands.command('x')\ndef x() -> None: ...\n@app.command('y')\ndef y() -> None: ...\n"
              "commands.add_typer(app, name='g')\n")
    assert idiom_violations(source) == []
