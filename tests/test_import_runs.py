"""``coach import`` reads and checks records a run at a time: the same records and verdicts as one by one.

The fast roads (many lines decoded at once, a run of records checked column
by column) must never accept what the record-by-record check would refuse or
rewrite, and must read any layout of the file as the standard decoder does.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from coachcli.limits import MAX_TEXT
from coachcli.portable.checks import Bad, check_record
from coachcli.portable.columns import column_check
from coachcli.portable.fmt import SPECS, TABLES
from coachcli.portable.jsonstream import JsonProblem, JsonStream
from coachcli.store import Database
from helpers import Coach

#: Values that break some rule of some kind of field, or are valid in an unusual form.
ODD = [None, "", " ", "x\ny", "a\x00b", "\ud800", "a b", 1.5, True, False, 0, -1, 11, 1001,
       10**20, float("inf"), "2024-02-30", "2024-1-01", "0001-01-01", "2024-11-23", "9999-12-31",
       "done", "kept", "active", [], {}, "x" * (MAX_TEXT + 1), "2024-11-23T07:01:00.000Z",
       "2024-11-23T07:01:00Z", "2024-11-23T07:01:00.000+01:00", "2024-11-23 07:01:00.000Z",
       "019357d2-e7e0-7a47-a2c9-299af3a3ea14", "e" * 101, "0.5"]


def _export(demo_caseload: Path, tmp_path: Path) -> dict[str, Any]:
    out = tmp_path / "practice.json"
    result = Coach(None).run("export", "--db", str(demo_caseload), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    return dict(json.loads(out.read_text()))


def _record_verdict(table: str, run: list[Any]) -> bool:
    """Whether the record check takes every record of ``run`` exactly as it stands."""
    for rec in run:
        if not isinstance(rec, dict):
            return False
        checked = copy.deepcopy(rec)
        try:
            check_record(SPECS[table], checked)
        except Bad:
            return False
        if checked != rec or any(type(checked[k]) is not type(rec[k]) for k in rec):
            return False
    return True


def test_a_run_passes_whole_only_when_each_record_would_pass_unchanged(
    demo_caseload: Path, tmp_path: Path
) -> None:
    doc = _export(demo_caseload, tmp_path)
    taken = 0
    for spec in TABLES:
        check = column_check(spec)
        run = doc.get(spec.name) or []
        if check is None or not run:
            continue
        run = run[:40]
        assert check(copy.deepcopy(run)), spec.name  # an export as written takes the fast road
        taken += 1
        for key in spec.keys:
            for at in (0, len(run) - 1):
                for value in [*ODD, "<gone>"]:
                    changed = copy.deepcopy(run)
                    if value == "<gone>":
                        changed[at].pop(key, None)
                    else:
                        changed[at][key] = value
                    if check(copy.deepcopy(changed)):
                        assert _record_verdict(spec.name, changed), (spec.name, key, value)
        assert not check([*copy.deepcopy(run), "not a record"])
    assert taken >= 4  # clients, status changes, ratings, actions at least


def _runs(text: str) -> list[list[Any]]:
    stream = JsonStream(io.BytesIO(text.encode()), parse_constant=float)
    tables = []
    for _key in stream.members():
        tables.append([item for run in stream.runs(7) for item in run])
    return tables


@pytest.mark.parametrize("layout", ["lines", "indented", "one line", "mixed"])
def test_any_layout_reads_as_the_standard_decoder_reads_it(layout: str) -> None:
    records = [{"uuid": f"u{i}", "n": i, "note": "a,\n]" if i % 5 else "[{\"x\": 1}]", "l": [i, {"y": None}]}
               for i in range(40)]
    doc = {"a": records, "b": [], "c": records[:3]}
    if layout == "lines":
        text = "{" + ",\n ".join(
            f'"{k}": [' + ",\n  ".join(json.dumps(r) for r in v) + "\n ]" for k, v in doc.items()) + "\n}\n"
    elif layout == "indented":
        text = json.dumps(doc, indent=2)
    elif layout == "one line":
        text = json.dumps(doc)
    else:  # one record a line, but some across lines and some two to a line
        def item(i: int, r: dict[str, Any]) -> str:
            return json.dumps(r, indent=1) if i % 7 == 3 else json.dumps(r)
        text = "{" + ",\n ".join(
            f'"{k}": [' + ",\n  ".join(
                item(i, r) + (", " + json.dumps(v[i + 1]) if i % 11 == 5 and i + 1 < len(v) else "")
                for i, r in enumerate(v) if i % 11 != 6) + "\n ]"
            for k, v in doc.items()) + "\n}\n"
    assert _runs(text) == [list(v) for v in json.loads(text).values()]


def test_a_problem_among_lines_stops_the_run_after_the_records_before_it() -> None:
    lines = [json.dumps({"n": i}) for i in range(30)]
    lines[17] = '{"n": NaN}'
    stream = JsonStream(io.BytesIO(("{\"a\": [\n" + ",\n".join(lines) + "\n]}").encode()),
                        parse_constant=lambda name: (_ for _ in ()).throw(ValueError(f"{name} refused")))
    next(stream.members())
    runs = stream.runs(100)
    first = next(runs)
    assert [r["n"] for r in first] == list(range(17))
    assert isinstance(stream.stopped, JsonProblem)
    assert "NaN refused" in str(stream.stopped)
    with pytest.raises(JsonProblem, match="NaN refused"):
        next(runs)


def _triggers(path: Path) -> set[tuple[str, str]]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return set(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())


def test_an_import_keeps_what_the_sync_and_tombstones_need(demo_caseload: Path, tmp_path: Path) -> None:
    """Into an empty database the per-row sync triggers are left out while it writes (they would
    do nothing there); they are back afterwards, and where they would do something they run."""
    export = tmp_path / "practice.json"
    coach = Coach(None)
    assert coach.run("export", "--db", str(demo_caseload), "-o", str(export)).exit_code == 0
    records = sum(len(v) for k, v in json.loads(export.read_text()).items()
                  if isinstance(v, list))
    first_action = json.loads(export.read_text())["actions"][0]["uuid"]
    dbs = {}
    for name in ("empty", "with a hub", "with a tombstone"):
        dbs[name] = tmp_path / f"{name}.db"
        Database.open(dbs[name]).close()
        with contextlib.closing(sqlite3.connect(dbs[name])) as conn, conn:
            if name == "with a hub":
                conn.execute("INSERT INTO sync_peers (hub) VALUES ('hub.example')")
            if name == "with a tombstone":
                conn.execute("INSERT INTO tombstones (uuid, tbl, deleted_at, change) VALUES"
                             " (?, 'actions', '2026-01-01T00:00:00.000Z', 1)", (first_action,))
    before = _triggers(dbs["empty"])
    for path in dbs.values():
        result = coach.run("import", str(export), "--db", str(path))
        assert result.exit_code == 0, result.stderr
        assert _triggers(path) == before
    with contextlib.closing(sqlite3.connect(dbs["with a hub"])) as conn:
        assert conn.execute("SELECT count(*) FROM changes").fetchone()[0] == records
    with contextlib.closing(sqlite3.connect(dbs["with a tombstone"])) as conn:
        assert conn.execute("SELECT count(*) FROM tombstones").fetchone()[0] == 0
    with contextlib.closing(sqlite3.connect(dbs["empty"])) as conn, conn:
        assert conn.execute("SELECT count(*) FROM changes").fetchone()[0] == 0
        conn.execute("INSERT INTO sync_peers (hub) VALUES ('hub.example')")
        conn.execute("INSERT INTO actions (step_id, kind, on_date, uuid, created_at, updated_at)"
                     " SELECT step_id, kind, on_date, 'later', created_at, updated_at FROM actions LIMIT 1")
        assert conn.execute("SELECT tbl FROM changes WHERE uuid = 'later'").fetchall() == [("actions",)]
