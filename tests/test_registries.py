"""Lists that must agree with each other, checked: forgetting one entry fails here.

Each open-ended axis of the program (the service names the command line calls,
the report's signals, the output formats) is defined once; where another place
must repeat it (for mypy, for a JSON Schema, for a help page), a test here holds
the copy equal to the definition.
"""

from __future__ import annotations

import ast
from pathlib import Path

from coachcli import service

SRC = Path(__file__).resolve().parent.parent / "src" / "coachcli"


def _type_checking_imports(path: Path) -> dict[str, str]:
    """name -> module of every import under ``if TYPE_CHECKING:`` at the top of a module."""
    found: dict[str, str] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for inner in node.body:
                if isinstance(inner, ast.ImportFrom) and inner.module and inner.module != "typing":
                    found |= {alias.name: inner.module for alias in inner.names}
    return found


def test_every_service_name_the_facade_hands_out_is_typed_for_mypy() -> None:
    """``service.add_goal(...)`` from cli/ is checked by mypy only if the name is imported
    for type checking and exported; one left out is typed Any and a wrong call passes."""
    typed = _type_checking_imports(SRC / "service" / "__init__.py")
    assert set(typed) == set(service._MODULE_OF) == set(service.__all__)
    for name in service._MODULE_OF:  # the type mypy sees is the type of what a call gets
        assert getattr(service, name) is getattr(__import__(typed[name], fromlist=[name]), name), name
