"""Lists that must agree with each other, checked: forgetting one entry fails here.

Each open-ended axis of the program (the service names the command line calls,
the report's signals, the output formats) is defined once; where another place
must repeat it (for mypy, for a JSON Schema, for a help page), a test here holds
the copy equal to the definition.
"""

from __future__ import annotations

import ast
import io
import json
import re
import typing
from pathlib import Path

import pytest

from coachcli import fastopts, service
from coachcli.cli.common import ListFormat, ReportFormat
from coachcli.domain.signals import SIGNALS
from coachcli.render.document import DOCUMENT_FORMATS, FORMATS, Column, Document, Format, Para, Table, emit
from coachcli.render.help import SIGNALS_TABLE, markdown
from coachcli.render.signals import QUESTIONS, WORDS, label
from coachcli.render.voice import Voice
from coachcli.store import schema

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


# ------------------------------------------------------------------ signals


CODES = [spec.code for spec in SIGNALS]


def _signal_schema() -> dict[str, object]:
    schema = json.loads((SRC / "report.schema.json").read_text(encoding="utf-8"))
    return schema["$defs"]["signal"]  # type: ignore[no-any-return]


def test_every_signal_has_its_words() -> None:
    """A signal the domain raises without a label, evidence sentence and help row would
    print its code, or fail mid-report; each signal in domain/signals.py has a row in WORDS."""
    assert set(WORDS) == set(CODES)
    for code, words in WORDS.items():
        assert words.label, code
        assert words.fires_when, code


def test_every_signal_has_questions_to_ask() -> None:
    """Each signal's row of WORDS carries its questions; the prep page's are the only others."""
    for code in CODES:
        assert len(WORDS[code].questions) >= 3, code
    assert set(QUESTIONS) == {*CODES, "opening", "commitment", "returning"}


@pytest.mark.parametrize("code", CODES)
def test_a_signal_is_named_in_words_for_a_coach_and_for_a_self_tracker(code: str) -> None:
    for reader in ("Ana", "me"):
        name = label(code, Voice.of(reader))
        assert name != code, (code, reader)
        assert "_" not in name, (code, reader)


def test_the_help_page_lists_every_signal_once() -> None:
    page = markdown("signals")
    assert SIGNALS_TABLE not in page  # the table stood in for
    for code in CODES:
        assert page.count(f"| `{code}` | {WORDS[code].label} |") == 1, code


def test_the_report_schema_names_every_signal_and_which_celebrate() -> None:
    """A JSON consumer validating against report.schema.json must accept every code the
    report can print, and know which celebrate (edit the two enums there to add one)."""
    signal = _signal_schema()
    assert set(signal["properties"]["code"]["enum"]) == set(CODES)  # type: ignore[index]
    celebrate = {spec.code for spec in SIGNALS if spec.severity == "celebrate"}
    assert set(signal["if"]["properties"]["code"]["enum"]) == celebrate  # type: ignore[index]


# ------------------------------------------------------------------ formats


def test_every_format_name_is_the_same_list_everywhere() -> None:
    """render.document.FORMATS is the list; the type, Typer's choices and the report's
    fast path repeat it and must agree, or a format works by one route and not another."""
    assert typing.get_args(Format) == FORMATS
    assert tuple(ReportFormat) == FORMATS
    assert tuple(ListFormat) == DOCUMENT_FORMATS
    assert fastopts.CHOICES["report"]["fmt"] == FORMATS  # the fast path's, written by helpgen


@pytest.mark.parametrize("fmt", DOCUMENT_FORMATS)
def test_every_document_format_has_its_own_renderer(fmt: Format) -> None:
    """A name added to the list without a renderer is an error, not text in disguise."""
    doc = Document([Para("Week 46"), Table("Goals", [Column("Goal"), Column("Done", "right")],
                                           [["Walk", 3]])], data={"goals": [["Walk", 3]]})
    shown = {}
    for each in DOCUMENT_FORMATS:
        out = io.StringIO()
        emit(doc, each, out=out)
        shown[each] = out.getvalue()
    assert "Walk" in shown[fmt]
    assert [other for other in DOCUMENT_FORMATS if shown[other] == shown[fmt]] == [fmt]


# ------------------------------------------------------------------ record tables


def _joined(joins: str) -> list[str]:
    """The tables a JOIN clause joins, in order."""
    return re.findall(r"JOIN (\w+) \w+ ON", joins)


def test_every_list_of_record_tables_is_the_record_schema() -> None:
    """A table added to one list and not another is exported but not synced, or synced but not
    scoped: store/schema.py RECORDS is the definition, the hand-kept lists must agree."""
    from coachcli.portable import fmt
    from coachcli.store import db, migrations

    assert tuple(t.name for t in fmt.TABLES) == schema.TABLE_NAMES
    assert [(t.parent_table, t.parent_column) for t in fmt.TABLES] == [
        (r.parent, r.key) for r in schema.RECORDS]
    assert set(schema.TABLE_NAMES) == db.RECORD_TABLES
    # Every record table is synced but those named, on purpose, as staying on this machine.
    assert set(migrations.SYNCED) == set(schema.TABLE_NAMES) - schema.LOCAL_ONLY
    assert set(schema.TABLE_NAMES) >= schema.LOCAL_ONLY


def test_every_join_map_follows_the_path_to_the_client() -> None:
    from coachcli.portable import records
    from coachcli.store import sync

    synced = [t for t in schema.TABLE_NAMES if t not in schema.LOCAL_ONLY]
    assert set(sync._JOINS) == set(synced)
    assert set(records._JOINS) == set(schema.TABLE_NAMES)
    for table in schema.TABLE_NAMES:
        path = [r.table for r in schema.ancestors(table)]
        if table in synced:
            assert _joined(sync._JOINS[table][0]) == path, table  # up to the client's uuid
        scoped = _joined(records._JOINS[table][0])
        assert scoped == path[:len(scoped)], table  # up to a row holding client_id
