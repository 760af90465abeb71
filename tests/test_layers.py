"""The import graph matches the layers the README draws; an arrow that runs up fails here.

::

    cli (Typer) ──> service ──> store (SQL) ──> domain.records / domain.reporting
       │   │            └─────> domain (pure)
       │   └──> render (wording, layout; Rich only in render/richout.py)
       └──> portable, demo ──> store
                  └─> hub (PostgreSQL, for portable.sync)

Each module's imports are read from its source (function-level imports
included, ``if TYPE_CHECKING:`` blocks left out: they never run), so a
violation fails without running anything.
"""

from __future__ import annotations

import ast
import functools
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "coachcli"
STDLIB = frozenset(sys.stdlib_module_names)
SQL = re.compile(
    r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX)|PRAGMA)\b",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class Module:
    name: str  # coachcli.service.goals
    path: Path
    imports: frozenset[str]  # absolute module names, as written
    sql: tuple[int, ...]  # lines of string constants that read as SQL

    def coachcli(self) -> Iterator[str]:
        return (i for i in self.imports if i == "coachcli" or i.startswith("coachcli."))

    def third_party(self) -> set[str]:
        return {i.split(".")[0] for i in self.imports if i.split(".")[0] not in STDLIB
                and not i.startswith("coachcli")}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _walk(node: ast.AST) -> Iterator[ast.AST]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child):
            for other in child.orelse:
                yield other
                yield from _walk(other)
            continue
        yield child
        yield from _walk(child)


def parse(path: Path, name: str, source: str | None = None) -> Module:
    tree = ast.parse(source if source is not None else path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    imports: set[str] = set()
    sql: list[int] = []
    for node in _walk(tree):
        if isinstance(node, ast.Import):
            imports |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            imports.add(base)
            imports |= {f"{base}.{a.name}" for a in node.names}  # `from coachcli import service`
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value):
            sql.append(node.lineno)
    return Module(name, path, frozenset(imports), tuple(sql))


def sources() -> dict[str, Path]:
    """Every module of the package by name (coachcli.store.db), in path order."""
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


@functools.cache
def module(name: str) -> Module:
    """The module ``name`` parsed, once per process: a test parses what it reads, not at collection."""
    return parse(SOURCES[name], name)


def _known(imported: str) -> bool:
    """Names that are modules of ours (``from coachcli import service`` names one)."""
    parts = imported.split(".")
    return (SRC.parent.joinpath(*parts).with_suffix(".py").exists()
            or SRC.parent.joinpath(*parts, "__init__.py").exists())


def violations(m: Module) -> list[str]:
    """Every arrow of ``m`` that runs against the layers, in words."""
    out: list[str] = []
    ours = [i for i in m.coachcli() if _known(i)]
    # The layer: the package under coachcli/ (coachcli.store.db -> store), or the module itself.
    top = m.name.split(".")[1] if "." in m.name else ""

    def bad(msg: str) -> None:
        out.append(f"{m.name}: {msg}")

    if top == "domain":
        for i in ours:
            # errors and limits are stdlib-only leaves: the one hierarchy and the one set of bounds.
            if not i.startswith("coachcli.domain") and i not in ("coachcli.errors", "coachcli.limits",
                                                                 "coachcli"):
                bad(f"the pure domain imports {i}")
        # dateutil is the one library the grammars use (month names, RRULEs): pure, no I/O.
        for lib in m.third_party() - {"dateutil"}:
            bad(f"the pure domain imports {lib}")
    if top == "store":
        for i in ours:
            if i.startswith("coachcli.domain") and i not in (
                "coachcli.domain", "coachcli.domain.records", "coachcli.domain.grouprecords",
                "coachcli.domain.reporting",
            ):
                bad(f"the store imports domain logic {i} (only the domain's records and reporting)")
            for upper in ("service", "cli", "render", "portable", "demo", "runtime", "entry"):
                if i.startswith(f"coachcli.{upper}"):
                    bad(f"the store imports {i}")
    if top not in ("store", "portable", "hub") and (m.sql or "sqlite3" in m.imports):
        what = "imports sqlite3" if "sqlite3" in m.imports else f"has SQL on line {m.sql[0]}"
        bad(f"{what} outside store/ and portable/")
    if top == "hub":  # the PostgreSQL side of sync: a store, for portable.sync to call
        for i in ours:
            for upper in ("service", "cli", "render", "demo", "runtime", "entry"):
                if i.startswith(f"coachcli.{upper}"):
                    bad(f"the hub's store imports {i}")
    if top in ("cli", "service", "render", "domain"):
        for i in ours:
            if i.startswith("coachcli.hub"):
                bad(f"{i} is reached through portable.sync only")
    if "rich" in m.third_party() and m.name != "coachcli.render.richout":
        bad("imports Rich outside render/richout.py")
    if {"typer", "click"} & m.third_party() and top != "cli":
        bad("imports Typer or Click outside cli/")
    if top == "cli":
        for i in ours:
            if i.startswith("coachcli.store"):
                bad(f"the CLI imports the store ({i}); call the service layer")
    if top == "service":
        for i in ours:
            if i.startswith(("coachcli.cli", "coachcli.render", "coachcli.portable", "coachcli.demo")):
                bad(f"the service layer imports {i}")
    if top == "render":
        for i in ours:
            if i.startswith(("coachcli.cli", "coachcli.store", "coachcli.service", "coachcli.portable")):
                bad(f"rendering imports {i}; it receives domain records")
    if top == "portable":
        for i in ours:
            if i.startswith(("coachcli.service", "coachcli.cli")):
                bad(f"portable imports {i}; it calls the store")
    return out


SOURCES = sources()


@pytest.mark.parametrize("name", list(SOURCES))
def test_no_import_runs_against_the_layers(name: str) -> None:
    assert violations(module(name)) == []


def test_the_tree_has_its_layers() -> None:
    for package in ("domain", "service", "store", "render", "portable", "demo", "cli"):
        assert f"coachcli.{package}" in SOURCES


def test_no_module_grows_far_past_500_lines() -> None:
    """Split by concept at about 500 lines; past 650, this fails."""
    long = {name: n for name, path in SOURCES.items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > 650}
    assert long == {}


# Each violation the layering forbids is caught: the same checks on made-up modules.
CASES = {
    "domain imports the store": ("coachcli.domain.progress", "from coachcli.store import queries\n"),
    "domain imports a library": ("coachcli.domain.dates", "import requests\n"),
    "store imports domain logic": (
        "coachcli.store.reportdata", "from coachcli.domain.progress import horizon_start\n"),
    "SQL in the service layer": (
        "coachcli.service.goals", "def f(db):\n    return db.conn.execute('SELECT * FROM goals')\n"),
    "sqlite3 in the domain": ("coachcli.domain.records", "import sqlite3\n"),
    "Rich outside richout": ("coachcli.render.report", "from rich.table import Table\n"),
    "Typer outside cli": ("coachcli.runtime", "import typer\n"),
    "cli imports the store": (
        "coachcli.cli.views", "def f():\n    from coachcli.store.reportdata import load_clients\n"),
    "render imports the service": (
        "coachcli.render.html", "from coachcli.service.report import build_report\n"),
    "portable imports the service": (
        "coachcli.portable.importer", "from coachcli.service import find_client\n"),
    "cli talks to the hub directly": ("coachcli.cli.hub", "from coachcli.hub import admin\n"),
    "the hub's store imports the service": (
        "coachcli.hub.remote", "from coachcli.service.clients import find_client\n"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_kind_of_violation_is_caught(case: str) -> None:
    name, source = CASES[case]
    path = SRC.parent.joinpath(*name.split(".")).with_suffix(".py")
    assert violations(parse(path, name, source)), case


def test_type_checking_imports_do_not_count() -> None:
    source = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from coachcli.store import Database\n"
    path = SRC / "cli" / "views.py"
    assert violations(parse(path, "coachcli.cli.views", source)) == []
