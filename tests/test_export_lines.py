"""Export lines written by SQLite are the lines Python's encoder writes.

``coach export --format json`` builds the records of plain tables in SQL
(``json_quote``) for speed; the file must not change by a byte for it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from coachcli.portable.export_json import _ENCODER, dumps_line
from coachcli.portable.fmt import TABLES
from coachcli.portable.records import Scope, select_json, select_records
from coachcli.render.jsonout import terminal_safe

HOSTILE = "tab\there \"quoted\" back\\slash \x1b[31mred\x1b[0m \x7f\x85 \u202e\u2028 é 😀 </b>"


def test_sql_written_lines_equal_the_encoder_s(stocked, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    for args in (["done", "1", "--on", "2026-11-16", "--note", HOSTILE],
                 ["missed", "1", "--on", "2026-11-13", "--note", "rain"],
                 ["client", "add", HOSTILE.replace("\t", " ")],
                 ["goal", "rate", "1", "-i", "7"]):
        assert stocked(*args).exit_code == 0, args
    conn = sqlite3.connect(db_path)
    plain = [spec for spec in TABLES if not any(f.kind in ("bool", "list") for f in spec.fields)]
    assert {"actions", "steps", "ratings", "status_changes"} <= {spec.name for spec in plain}
    for scope in (Scope(), Scope((1,))):
        for spec in plain:
            lines = select_json(conn, spec, scope, _ENCODER.encode)
            assert lines is not None, spec.name
            assert [terminal_safe(x) for x in lines] == [
                dumps_line(r) for r in select_records(conn, spec, scope)], spec.name


def test_tables_with_bools_or_lists_and_other_quoting_take_the_encoder(db_path: Path, stocked) -> None:  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(db_path)
    checkins = next(spec for spec in TABLES if spec.name == "checkins")
    actions = next(spec for spec in TABLES if spec.name == "actions")
    assert select_json(conn, checkins, Scope(), _ENCODER.encode) is None
    # An SQLite that quoted text otherwise than the encoder is not trusted with the file.
    assert select_json(conn, actions, Scope(), lambda v: _ENCODER.encode(v).upper()) is None
