"""``coach export`` and ``coach import``: moving, merging and restoring data.

The promises: a JSON export restores into an empty database record for
record (ids, UUIDs and timestamps included) and gives the same report;
importing is idempotent and merges by UUID with the newer record winning; a
client's self-tracking file reaches their coach with ``--as``; a bad file is
refused naming its first problem, with nothing applied; the CSV export is safe
to open in a spreadsheet.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import sqlite3
import stat
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from coachcli.portable.export_csv import neutralise
from coachcli.portable.fmt import FORMAT_NAME, FORMAT_VERSION, TABLES
from helpers import Coach, assert_user_error, build_template, restore

RECORD_TABLES = [t.name for t in TABLES]


def rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every record of every table (and the settings), as a person would read them."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        out = {t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in RECORD_TABLES}
        out["settings"] = conn.execute(
            "SELECT key, value FROM meta WHERE key LIKE 'threshold.%' ORDER BY key").fetchall()
    return out


def without_stamp(text: str) -> dict[str, Any]:
    doc = json.loads(text)
    doc.pop("exported_at")
    return doc


def ok(coach, *args: str) -> str:
    result = coach(*args)
    assert result.exit_code == 0, (args, result.output)
    return result.stdout


SETUP = date(2026, 10, 26)


def build_caseload(coach) -> None:
    """Four clients and nine goals with every kind of record: ratings, status changes,
    recurring, one-off, quota and dropped steps, done/missed/skipped actions, check-ins."""

    def at_setup(*args: str) -> None:
        result = coach(*args, today=SETUP)
        assert result.exit_code == 0, (args, result.output)

    at_setup("client", "add", "Ana", "--note", "referred by Dr. Lee")
    at_setup("goal", "add", "Run a 10k", "-c", "Ana", "-i", "9", "-k", "6", "--why", "to keep up")
    at_setup("step", "add", "1", "Walk-run 20 min", "--every", "mon,wed,fri", "--start", "2026-11-02")
    at_setup("goal", "add", "Read more", "-c", "Ana", "-i", "5", "-k", "8")
    at_setup("step", "add", "2", "Read 20 pages", "--every", "daily", "--start", "2026-11-09")
    at_setup("client", "add", "Ben")
    at_setup("goal", "add", "Sleep by 11", "-c", "Ben", "--should", "-i", "6", "-k", "3")
    at_setup("step", "add", "3", "Lights out 22:45", "--every", "weekdays", "--start", "2026-11-02")
    at_setup("step", "add", "3", "Buy blackout blinds", "--due", "2026-11-06")
    at_setup("goal", "add", "Learn Spanish", "-c", "Ben", "-i", "7", "-k", "7")
    at_setup("step", "add", "4", "Duolingo lesson", "--every", "daily", "--start", "2026-11-02")
    at_setup("goal", "add", "Call mum", "-c", "Ben", "-i", "8", "-k", "9")
    at_setup("client", "add", "Cleo")
    at_setup("goal", "add", "Meditate", "-c", "Cleo", "-i", "7", "-k", "5")
    at_setup("step", "add", "6", "Sit 10 minutes", "--every", "3/week", "--start", "2026-10-05")
    at_setup("client", "add", "Dev")
    at_setup("goal", "add", "Strength training", "-c", "Dev", "-i", "8", "-k", "7", "--by", "2027-03-01")
    at_setup("step", "add", "7", "Gym session", "--every", "2/week", "--start", "2026-11-02",
             "--until", "2027-03-01")
    at_setup("goal", "add", "Cook at home", "-c", "Dev", "-i", "4", "-k", "6")
    at_setup("step", "add", "8", "Cook dinner", "--every", "every 3 days", "--start", "2026-11-01")
    at_setup("step", "add", "8", "Meal plan", "--every", "RRULE:FREQ=WEEKLY;BYDAY=SU")
    for day in ("2026-11-02", "2026-11-04", "2026-11-06", "2026-11-09", "2026-11-16"):
        ok(coach, "done", "1", "--on", day)
    ok(coach, "missed", "1", "--on", "2026-11-11", "--note", "rain all week")
    for n in range(9, 18):
        ok(coach, "done", "2", "--on", f"2026-11-{n:02d}")
    ok(coach, "goal", "rate", "1", "-k", "4", "--on", "2026-11-12", "--note", "knee hurts")
    ok(coach, "checkin", "-c", "Ana", "--on", "2026-11-10", "--session", "--mood", "4",
       "--win", "ran 5 minutes without stopping", "--obstacle", "late meetings",
       "--commit", "run on Wednesday morning")
    ok(coach, "skip", "3", "--on", "2026-11-05", "--note", "travelling")
    ok(coach, "missed", "3", "--on", "2026-11-10", "--note", "late film")
    ok(coach, "done", "5", "--on", "2026-11-03", "--count", "2")
    ok(coach, "goal", "achieve", "4", "--on", "2026-11-12")
    ok(coach, "done", "6", "--on", "2026-10-20")
    ok(coach, "client", "archive", "Cleo")
    ok(coach, "done", "7", "--on", "2026-11-03")
    ok(coach, "goal", "pause", "8", "--on", "2026-11-08")
    ok(coach, "step", "drop", "9", "--on", "2026-11-08")


@pytest.fixture(scope="session")
def caseload_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The caseload, built once through the CLI; each test gets its own copy."""
    def build(coach: Coach) -> None:
        build_caseload(coach)
        ok(coach, "config", "stalled.days", "14")
        ok(coach, "goal", "add", "Écrire 📝 [bold]x[/bold]", "-c", "Dev", "--why", "line one\nline two")

    return build_template(tmp_path_factory, "caseload", build)


@pytest.fixture
def caseload(caseload_file: Path, db_path: Path) -> None:
    restore(caseload_file, db_path)


def report_available() -> bool:
    return Coach(None).run("report", "--help").exit_code == 0


# ------------------------------------------------------------------ json round trip


def test_round_trip_into_an_empty_database_keeps_every_record(
    caseload, coach, db_path: Path, tmp_path: Path
) -> None:
    export = tmp_path / "all.json"
    out = ok(coach, "export", "-o", str(export))
    assert out.startswith("Exported 4 clients, 9 goals")
    restored = tmp_path / "restored.db"
    summary = ok(coach, "import", str(export), "--db", str(restored))
    assert "nothing" not in summary
    assert "0 updated; 0 unchanged." in summary
    assert rows(restored) == rows(db_path)  # ids, uuids, timestamps, settings: all of it
    again = ok(coach, "export", "--db", str(restored))
    assert without_stamp(again) == without_stamp(export.read_text())
    assert "verdict: healthy" in ok(coach, "db", "check", "--db", str(restored))


def test_the_export_is_the_documented_versioned_format(caseload, coach) -> None:
    doc = json.loads(ok(coach, "export"))
    assert doc["format"] == FORMAT_NAME
    assert doc["version"] == FORMAT_VERSION == 1
    assert doc["scope"] == "all"
    assert doc["settings"] == {"threshold.stalled.days": "14.0"}
    assert list(doc)[7:] == RECORD_TABLES
    goal = doc["goals"][0]
    assert list(goal) == ["uuid", "id", "client_uuid", "title", "why", "target_date", "should",
                          "status", "status_on", "drop_reason", "created_at", "updated_at"]
    client_uuids = {c["uuid"] for c in doc["clients"]}
    assert all(g["client_uuid"] in client_uuids for g in doc["goals"])
    step_uuids = {s["uuid"] for s in doc["steps"]}
    assert all(a["step_uuid"] in step_uuids for a in doc["actions"])
    checkin = doc["checkins"][0]
    assert checkin["wins"] == ["ran 5 minutes without stopping"]
    assert checkin["session"] is True


@pytest.mark.skipif(not report_available(), reason="needs coach report")
def test_round_trip_reproduces_the_report(caseload, coach, tmp_path: Path) -> None:
    export = tmp_path / "all.json"
    ok(coach, "export", "-o", str(export))
    restored = tmp_path / "restored.db"
    ok(coach, "import", str(export), "--db", str(restored))

    def report(db: Path | None = None) -> dict[str, Any]:
        extra = ("--db", str(db)) if db else ()
        doc = json.loads(ok(coach, "report", "--all", "--format", "json", *extra))
        doc.pop("generated_at")
        return doc

    before = report()
    assert before["clients"]
    assert report(restored) == before


def test_importing_twice_changes_nothing_and_undo_reverts_the_import(
    caseload, coach, tmp_path: Path
) -> None:
    export = tmp_path / "all.json"
    ok(coach, "export", "-o", str(export))
    target = tmp_path / "t.db"
    ok(coach, "import", str(export), "--db", str(target))
    first = rows(target)
    second = ok(coach, "import", str(export), "--db", str(target))
    total = sum(len(v) for k, v in first.items() if k != "settings")
    assert second == f"Imported: nothing new; 0 updated; {total} unchanged.\n"
    assert rows(target) == first
    # The second import wrote nothing, so undo reverts the first, whole.
    assert ok(coach, "undo", "--db", str(target)) == "Undid: import all.json.\n"
    assert all(not v for v in rows(target).values())


def test_dry_run_says_what_would_change_and_changes_nothing(caseload, coach, tmp_path: Path) -> None:
    export = tmp_path / "all.json"
    ok(coach, "export", "-o", str(export))
    target = tmp_path / "t.db"
    out = ok(coach, "import", str(export), "--dry-run", "--db", str(target))
    assert out.splitlines()[-1].startswith("Would import: 4 clients, 9 goals")
    assert not target.exists()


def test_import_reads_stdin(caseload, coach, tmp_path: Path) -> None:
    text = ok(coach, "export")
    target = tmp_path / "t.db"
    result = coach("import", "-", "--db", str(target), input=text)
    assert result.exit_code == 0, result.output
    assert "4 clients" in result.stdout


# ------------------------------------------------------------------ merging


def test_newer_updated_at_wins_on_both_sides(stocked, coach, db_path: Path, tmp_path: Path) -> None:
    laptop = tmp_path / "laptop.db"
    shared = tmp_path / "shared.json"
    ok(coach, "export", "-o", str(shared))
    ok(coach, "import", str(shared), "--db", str(laptop))
    # The desktop renames the goal later: its record is newer and wins on the laptop.
    ok(coach, "goal", "edit", "1", "--title", "Get fit for the 10k")
    ok(coach, "export", "-o", str(shared))
    out = ok(coach, "import", str(shared), "--db", str(laptop))
    assert "1 updated" in out
    assert out.startswith("Imported: nothing new")
    assert ok(coach, "goal", "show", "1", "--db", str(laptop), "-f", "json").count("Get fit for the 10k")
    # Now the laptop edits the step; an older desktop export does not undo that.
    ok(coach, "step", "edit", "1", "--title", "Walk 30 minutes", "--db", str(laptop))
    out = ok(coach, "import", str(shared), "--db", str(laptop))
    assert "0 updated" in out
    steps = json.loads(ok(coach, "step", "list", "--db", str(laptop), "-f", "json"))
    assert steps[0]["title"] == "Walk 30 minutes"


def test_records_new_on_both_sides_are_all_kept(stocked, coach, db_path: Path, tmp_path: Path) -> None:
    laptop = tmp_path / "laptop.db"
    shared = tmp_path / "shared.json"
    ok(coach, "export", "-o", str(shared))
    ok(coach, "import", str(shared), "--db", str(laptop))
    ok(coach, "done", "1", "--on", "2026-11-16")
    ok(coach, "done", "1", "--on", "2026-11-13", "--db", str(laptop))
    ok(coach, "missed", "1", "--on", "2026-11-11", "--db", str(laptop), "--note", "rain")
    back = tmp_path / "back.json"
    ok(coach, "export", "-o", str(back), "--db", str(laptop))
    out = ok(coach, "import", str(back))
    assert out.startswith("Imported: 2 actions new; 0 updated;")
    ok(coach, "export", "-o", str(shared))
    assert ok(coach, "import", str(shared), "--db", str(laptop)).startswith("Imported: 1 action new")
    # Both databases now hold the same records; only the integer ids may differ.
    mine = {r["uuid"]: r for r in json.loads(ok(coach, "export"))["actions"]}
    theirs = {r["uuid"]: r for r in json.loads(ok(coach, "export", "--db", str(laptop)))["actions"]}
    assert mine.keys() == theirs.keys()
    assert len(mine) == 3
    for uuid, rec in mine.items():
        assert {**rec, "id": 0} == {**theirs[uuid], "id": 0}


def test_ids_taken_in_the_target_are_renumbered_and_references_follow(
    stocked, coach, db_path: Path, tmp_path: Path
) -> None:
    ok(coach, "done", "1", "--on", "2026-11-16")
    other = tmp_path / "other.db"
    ok(coach, "client", "add", "Zed", "--db", str(other))
    ok(coach, "goal", "add", "Zed's goal", "-c", "Zed", "--db", str(other))
    ok(coach, "step", "add", "1", "Zed's step", "--every", "daily", "--db", str(other))
    export = tmp_path / "me.json"
    ok(coach, "export", "-o", str(export))
    ok(coach, "import", str(export), "--db", str(other))
    goals = json.loads(ok(coach, "goal", "list", "--all", "--db", str(other), "-f", "json"))
    assert sorted((g["id"], g["title"]) for g in goals) == [(1, "Zed's goal"), (2, "Get fit")]
    steps = json.loads(ok(coach, "step", "list", "-c", "me", "--db", str(other), "-f", "json"))
    assert [(s["id"], s["goal_id"]) for s in steps] == [(2, 2)]
    log = json.loads(ok(coach, "log", "--db", str(other), "-f", "json", "--since", "2026-11-01"))
    assert [(e["kind"], e["step_id"]) for e in log if e["kind"] == "done"] == [("done", 2)]
    assert "verdict: healthy" in ok(coach, "db", "check", "--db", str(other))


def test_a_client_with_the_same_name_is_merged_case_insensitively(
    stocked, coach, tmp_path: Path
) -> None:
    ok(coach, "client", "add", "Ana")
    ok(coach, "goal", "add", "Run", "-c", "Ana")
    export = tmp_path / "ana.json"
    ok(coach, "export", "-c", "ana", "-o", str(export))
    other = tmp_path / "other.db"
    ok(coach, "client", "add", "ANA", "--note", "from the intake form", "--db", str(other))
    out = ok(coach, "import", str(export), "--db", str(other))
    assert "The file's client 'Ana' was merged into 'ANA'." in out
    clients = json.loads(ok(coach, "client", "list", "--db", str(other), "-f", "json"))
    assert [(c["name"], c["note"], c["active_goals"]) for c in clients] == [
        ("ANA", "from the intake form", 1)]
    # Beyond ASCII too, as every command matches names.
    ok(coach, "client", "add", "Zoë")
    ok(coach, "export", "-c", "Zoë", "-o", str(export))
    ok(coach, "client", "add", "ZOË", "--db", str(other))
    assert "merged into 'ZOË'" in ok(coach, "import", str(export), "--db", str(other))


def test_a_clients_self_tracking_reaches_their_coach_with_as(coach, tmp_path: Path) -> None:
    """Alice tracks herself as 'me'; her coach imports her file as Alice, week after week."""
    alice_db, coach_db = tmp_path / "alice.db", tmp_path / "coach.db"
    a, c = ("--db", str(alice_db)), ("--db", str(coach_db))
    ok(coach, "goal", "add", "Sleep by 11", "-i", "8", *a)
    ok(coach, "step", "add", "1", "Lights out 22:45", "--every", "daily", "--start", "2026-11-09", *a)
    ok(coach, "done", "1", "--on", "2026-11-16", *a)
    ok(coach, "checkin", "--win", "slept well", "--on", "2026-11-17", *a)
    ok(coach, "goal", "add", "My own goal", *c)  # the coach's own 'me'
    ok(coach, "client", "add", "Alice", *c)
    file = tmp_path / "alice.json"
    ok(coach, "export", "-o", str(file), *a)
    out = ok(coach, "import", str(file), "--as", "Alice", *c)
    assert "The file's client 'me' was merged into 'Alice'." in out
    assert "Imported: 1 goal, 1 status change, 1 rating, 1 step, 1 action, 1 check-in new" in out
    alice_goals = json.loads(ok(coach, "goal", "list", "-c", "Alice", "-f", "json", *c))
    assert [g["title"] for g in alice_goals] == ["Sleep by 11"]
    mine = json.loads(ok(coach, "goal", "list", "-f", "json", *c))
    assert [g["title"] for g in mine] == ["My own goal"]
    # A week later: only what is new arrives.
    ok(coach, "done", "1", "--on", "2026-11-18", *a)
    ok(coach, "export", "-o", str(file), *a)
    out = ok(coach, "import", str(file), "--as", "alice", *c)
    assert out.splitlines()[-1] == "Imported: 1 action new; 0 updated; 7 unchanged."
    # A coach without an 'Alice' yet gets one.
    fresh = tmp_path / "fresh.db"
    out = ok(coach, "import", str(file), "--as", "Alice", "--db", str(fresh))
    assert "The file's client 'me' was added as 'Alice'." in out
    names = [x["name"] for x in json.loads(ok(coach, "client", "list", "-f", "json", "--db", str(fresh)))]
    assert names == ["Alice"]


def test_as_needs_a_file_with_exactly_one_client(caseload, coach, tmp_path: Path) -> None:
    export = tmp_path / "all.json"
    ok(coach, "export", "-o", str(export))
    result = coach("import", str(export), "--as", "Alice", "--db", str(tmp_path / "t.db"))
    assert result.exit_code == 1
    assert "has 4 clients; --as NAME imports a file with exactly one" in result.stderr


def test_settings_never_override_the_databases_own(caseload, coach, tmp_path: Path) -> None:
    export = tmp_path / "all.json"
    ok(coach, "export", "-o", str(export))
    target = tmp_path / "t.db"
    ok(coach, "config", "stalled.days", "21", "--db", str(target))
    out = ok(coach, "import", str(export), "--db", str(target))
    assert "report setting" not in out
    assert rows(target)["settings"] == [("threshold.stalled.days", "21.0")]


# ------------------------------------------------------------------ refusals


def _file(tmp_path: Path, doc: object) -> Path:
    path = tmp_path / "in.json"
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc))
    return path


def _base(tmp_path: Path, coach) -> dict[str, Any]:
    ok(coach, "goal", "add", "Get fit", "-i", "8", "--db", str(tmp_path / "src.db"))
    ok(coach, "step", "add", "1", "Walk", "--every", "daily", "--db", str(tmp_path / "src.db"))
    ok(coach, "done", "1", "--db", str(tmp_path / "src.db"))
    return json.loads(ok(coach, "export", "--db", str(tmp_path / "src.db")))


def _edit(table: str, key: str, value: object):  # type: ignore[no-untyped-def]
    def change(doc: dict[str, Any]) -> dict[str, Any]:
        doc[table][0][key] = value
        return doc

    return change


def _dup(doc: dict[str, Any]) -> dict[str, Any]:
    doc["actions"].append(dict(doc["actions"][0]))
    return doc


def _both(doc: dict[str, Any]) -> dict[str, Any]:
    doc["steps"][0]["due_date"] = "2026-11-20"
    return doc


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: "not json at all", "is not a coachcli export: not valid JSON (line 1, column 1"),
        (lambda d: [1, 2], 'lacks "format": "coachcli-export"'),
        (lambda d: {**d, "format": "other"}, 'lacks "format": "coachcli-export"'),
        (lambda d: {**d, "version": 2}, "export format version 2, written by a newer coachcli"),
        (lambda d: {**d, "version": "1"}, '"version" must be a whole number'),
        (lambda d: {**d, "goals": {}}, '"goals" must be a list of records'),
        (_edit("goals", "status_on", "2026-02-30"), 'goals[0] (uuid '),
        (_edit("goals", "status_on", "2026-02-30"), '"status_on" is not a real date: 2026-02-30'),
        (_edit("ratings", "importance", 11), '"importance" must be a whole number from 0 to 10, got 11'),
        (_edit("actions", "note", "a\x00b"), '"note" contains a NUL character'),
        (_edit("actions", "note", "x" * 10_001), '"note" is 10001 characters long; the limit is 10000'),
        (_edit("actions", "kind", "maybe"), '"kind" must be one of done, missed, skipped'),
        (_edit("steps", "schedule", "sometimes"), "Unrecognised schedule"),
        (_edit("clients", "name", "two\nlines"), '"name" must be one line'),
        (_edit("goals", "title", ""), '"title" cannot be empty'),
        (_edit("actions", "updated_at", "yesterday"), '"updated_at" must be an ISO 8601 timestamp'),
        (_edit("actions", "uuid", "has space"), '"uuid" must be a UUID'),
        (_edit("actions", "step_uuid", "0000-missing"),
         "actions[0] (uuid"),
        (_edit("actions", "step_uuid", "0000-missing"),
         "refers to step_uuid 0000-missing, which is neither in the file nor in the database"),
        (_dup, "appears twice in actions"),
        (_both, 'a step needs exactly one of "schedule" and "due_date"'),
        (lambda d: {**d, "settings": {"threshold.stalled.days": "-3"}}, "settings['threshold.stalled.days']"),
        (lambda d: {**d, "settings": [1]}, '"settings" must be an object'),
        (lambda d: '{"format": "coachcli-export", "version": 1, "goals": [NaN]}', "NaN is not a JSON number"),
        (lambda d: {**d, "goals": [3]}, "goals[0] is not a record (an object)"),
        (_edit("goals", "id", 0), '"id" must be a positive whole number up to 2147483647, got 0'),
        (_edit("goals", "should", "yes"), '"should" must be true or false, got "yes"'),
        (_edit("goals", "title", 5), '"title" must be text, got 5'),
        (_edit("goals", "status_on", None), '"status_on" is required'),
        (_edit("goals", "target_date", "18/11/2026"), '"target_date" must be a date YYYY-MM-DD'),
        (_edit("steps", "schedule", 3), '"schedule" must be a schedule rule, got 3'),
        (_edit("steps", "until_date", "2020-01-01"), '"until_date" 2020-01-01 is before "start_date"'),
        (_edit("ratings", "importance", None), 'a rating needs "importance" or "confidence"'),
        (lambda d: {**d, "clients": d["clients"] * 2}, "appears twice in clients"),
        (lambda d: {**d, "clients": [d["clients"][0], {**d["clients"][0], "uuid": "other",
                                                       "name": "ME"}]},
         "the name 'ME' is already used by clients[0]"),
    ],
)
def test_a_bad_file_is_refused_naming_the_problem_and_nothing_changes(
    coach, db_path: Path, tmp_path: Path, change, message: str
) -> None:
    doc = _base(tmp_path, coach)
    ok(coach, "client", "add", "Existing")
    before = rows(db_path)
    path = _file(tmp_path, change(doc))
    result = coach("import", str(path))
    assert result.exit_code == 1
    assert message in result.stderr
    assert result.stderr.startswith("Error: ")
    assert result.stderr.count("\n") == 1
    assert rows(db_path) == before


def test_a_reference_to_a_record_already_in_the_database_is_accepted(
    stocked, coach, tmp_path: Path
) -> None:
    """A file may carry only new actions for a step the database already has."""
    doc = json.loads(ok(coach, "export"))
    ok(coach, "done", "1", "--on", "2026-11-16")
    doc["actions"] = json.loads(ok(coach, "export"))["actions"]
    ok(coach, "undo")
    partial = {"format": FORMAT_NAME, "version": 1, "actions": doc["actions"]}
    out = ok(coach, "import", str(_file(tmp_path, partial)))
    assert out == "Imported: 1 action new; 0 updated; 0 unchanged.\n"


def test_a_hand_written_file_is_read_leniently_and_normalised(coach, db_path: Path, tmp_path: Path) -> None:
    """Optional fields may be left out, times may carry any zone, unknown keys are ignored."""
    doc = {
        "format": FORMAT_NAME, "version": 1, "from": "another tool",
        "settings": {"threshold.stalled.days": 12, "threshold.from_the_future": "1"},
        "clients": [{"uuid": "c-1", "name": "Zoë", "created_at": "2026-11-01T10:00:00+02:00",
                     "updated_at": "2026-11-01T08:00:00"}],
        "checkins": [{"uuid": "k-1", "client_uuid": "c-1", "on_date": "2026-11-02",
                      "wins": ["slept"], "created_at": "2026-11-02T09:00:00Z",
                      "updated_at": "2026-11-02T09:00:00.5Z"}],
    }
    out = ok(coach, "import", str(_file(tmp_path, doc)))
    assert out.splitlines()[-1] == "Imported: 1 client, 1 check-in new; 0 updated; 0 unchanged."
    got = rows(db_path)
    assert got["clients"][0][5:7] == ("2026-11-01T08:00:00.000Z", "2026-11-01T08:00:00.000Z")
    assert got["checkins"][0][3:7] == (None, '["slept"]', "[]", "[]")
    assert got["settings"] == [("threshold.stalled.days", "12.0")]


def test_a_file_that_is_not_utf8_is_refused(coach, tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes('{"format": "coachcli-export", "note": "café"}'.encode("latin-1"))
    result = coach("import", str(path))
    assert result.exit_code == 1
    assert "is not a coachcli export: it is not UTF-8 text" in result.stderr


def test_as_name_must_be_one_line(stocked, coach, tmp_path: Path) -> None:
    path = tmp_path / "me.json"
    ok(coach, "export", "-o", str(path))
    result = coach("import", str(path), "--as", "two\nlines")
    assert result.exit_code == 1
    assert "--as needs a client name on one line" in result.stderr


def test_a_missing_file_and_a_directory_are_refused(coach, tmp_path: Path) -> None:
    result = coach("import", str(tmp_path / "nope.json"))
    assert result.exit_code == 1
    assert "no such file" in result.stderr
    result = coach("import", str(tmp_path))
    assert result.exit_code == 1
    assert "is a directory" in result.stderr


# ------------------------------------------------------------------ scope and files


def test_export_of_one_client_has_only_their_records(caseload, coach) -> None:
    doc = json.loads(ok(coach, "export", "-c", "ben"))
    assert doc["scope"] == "clients"
    assert doc["settings"] == {}
    assert [c["name"] for c in doc["clients"]] == ["Ben"]
    assert [g["title"] for g in doc["goals"]] == ["Sleep by 11", "Learn Spanish", "Call mum"]
    assert {s["title"] for s in doc["steps"]} == {
        "Lights out 22:45", "Buy blackout blinds", "Duolingo lesson"}
    goal_uuids = {g["uuid"] for g in doc["goals"]}
    assert all(r["goal_uuid"] in goal_uuids for r in doc["ratings"])


def test_export_scope_errors(caseload, coach) -> None:
    result = coach("export", "-c", "Ben", "--all")
    assert result.exit_code == 2  # a malformed command line, as everywhere -c meets --all
    assert "give either -c/--client NAME or --all, not both" in result.stderr
    result = coach("export", "-c", "Bem")
    assert result.exit_code == 1
    assert "no client named 'Bem'; did you mean 'Ben'?" in result.stderr


def test_export_of_an_empty_or_missing_database(coach, db_path: Path) -> None:
    assert_user_error(coach("export"), f"no database at {db_path}")
    assert not db_path.exists()
    ok(coach, "init")
    doc = json.loads(ok(coach, "export"))
    assert all(doc[t] == [] for t in RECORD_TABLES)


def test_export_file_is_private_and_replaces_the_old_one_whole(
    stocked, coach, tmp_path: Path
) -> None:
    out = tmp_path / "x.json"
    ok(coach, "export", "-o", str(out))
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    first = out.read_text()
    ok(coach, "done", "1", "--on", "2026-11-16")
    ok(coach, "export", "-o", str(out))
    assert out.read_text() != first
    assert json.loads(out.read_text())["actions"]
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    result = coach("export", "-o", str(tmp_path))
    assert result.exit_code == 1
    assert "is a directory" in result.stderr
    result = coach("export", "-o", str(tmp_path / "coach.db"))
    assert result.exit_code == 1
    assert "is the database itself" in result.stderr
    result = coach("export", "-o", str(tmp_path / "no" / "x.json"))
    assert result.exit_code == 1
    assert "does not exist" in result.stderr


def test_export_is_safe_to_print_in_a_terminal(coach) -> None:
    ok(coach, "goal", "add", "a\x1b[2Jb \u202ec \x9b31m d", "--why", "🏃 [bold]x[/bold]")
    text = ok(coach, "export")
    assert "\x1b" not in text
    assert "\u202e" not in text
    assert "\x9b" not in text
    goal = json.loads(text)["goals"][0]
    assert goal["title"] == "a\x1b[2Jb \u202ec \x9b31m d"  # the data itself is kept exactly
    assert goal["why"] == "🏃 [bold]x[/bold]"


# ------------------------------------------------------------------ csv


def read_zip(data: bytes) -> dict[str, list[list[str]]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {
            name: list(csv.reader(io.StringIO(zf.read(name).decode("utf-8"), newline="")))
            for name in zf.namelist()
        }


def test_csv_export_is_a_zip_of_one_file_per_table(caseload, coach, tmp_path: Path) -> None:
    out = tmp_path / "x.zip"
    ok(coach, "export", "--format", "csv", "-o", str(out))
    tables = read_zip(out.read_bytes())
    assert sorted(tables) == sorted(f"{t}.csv" for t in RECORD_TABLES)
    assert tables["goals.csv"][0][:4] == ["uuid", "id", "client_uuid", "title"]
    assert len(tables["actions.csv"]) == 1 + len(json.loads(ok(coach, "export"))["actions"])
    assert b"\r\n" in zipfile.ZipFile(out).read("goals.csv")  # RFC 4180 line ends
    dev = next(r for r in tables["goals.csv"] if r[3].startswith("Écrire"))
    assert dev[4] == "line one\nline two"  # a newline survives inside a quoted cell


def test_csv_cells_that_could_run_as_formulas_are_neutralised(coach, tmp_path: Path) -> None:
    notes = ["=HYPERLINK(\"http://x\")", "+1+1", "-2", "@SUM(A1)", "-\tlead", "\x1b=esc",
             'quote " and, comma', "plain"]
    ok(coach, "goal", "add", "G")
    ok(coach, "step", "add", "1", "S", "--every", "daily", "--start", "2026-11-01")
    for i, note in enumerate(notes):
        ok(coach, "done", "1", "--on", f"2026-11-{i + 2:02d}", "--note", note)
    out = tmp_path / "x.zip"
    ok(coach, "export", "-f", "csv", "-o", str(out))
    table = read_zip(out.read_bytes())["actions.csv"]
    got = [row[table[0].index("note")] for row in table[1:]]
    assert got == ["'=HYPERLINK(\"http://x\")", "'+1+1", "'-2", "'@SUM(A1)", "'-\tlead",
                   "'=esc", 'quote " and, comma', "plain"]
    raw = zipfile.ZipFile(out).read("actions.csv")
    assert b'"quote "" and, comma"' in raw
    assert b"\x1b" not in raw


def test_neutralise_leaves_numbers_and_empty_cells_alone() -> None:
    assert neutralise(None) == ""
    assert neutralise(-3) == -3
    assert neutralise(True) == 1
    assert neutralise(["a", "=b"]) == "a\n=b"
    assert neutralise("\r=x") == "'=x"
    assert neutralise("\tlead") == "'\tlead"


def test_csv_of_an_empty_database_still_has_headers(coach) -> None:
    ok(coach, "init")
    result = coach("export", "-f", "csv")
    assert result.exit_code == 0
    tables = read_zip(result.stdout_bytes)
    assert tables["actions.csv"] == [["uuid", "id", "step_uuid", "kind", "on_date", "count", "note",
                                      "recorded_on", "amount", "created_at", "updated_at"]]


# ------------------------------------------------------------------ atomic output, in process


def test_a_failed_write_removes_the_temporary_file_and_keeps_the_target(tmp_path: Path) -> None:
    from coachcli.errors import OutputError
    from coachcli.fileio import atomic_output

    def fail_writing(path: Path, error: OSError) -> None:
        with atomic_output(path) as out:
            out.write(b"new, half")
            raise error

    target = tmp_path / "report.txt"
    target.write_text("old")
    os.chmod(target, 0o644)
    with pytest.raises(OutputError, match="No space left on device; it was left as it was"):
        fail_writing(target, OSError(28, "No space left on device"))
    assert target.read_text() == "old"
    with pytest.raises(OutputError, match="nothing was written"):
        fail_writing(tmp_path / "new.txt", OSError(27, "File too large"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]
    with atomic_output(target) as out:
        out.write(b"new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644  # an existing file keeps its mode


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_devices_are_written_in_place(tmp_path: Path) -> None:
    from coachcli.errors import OutputError
    from coachcli.fileio import atomic_output

    with atomic_output("/dev/null") as out:
        out.write(b"gone")
    def fill() -> None:
        with atomic_output("/dev/full") as out:
            out.write(b"x" * 100)

    with pytest.raises(OutputError, match="could not write /dev/full: No space left on device"):
        fill()
    assert not Path("/dev/full").is_file()


def test_a_whole_practice_restores_record_for_record_and_undo_redo_take_it_whole(
    demo_caseload: Path, coach, tmp_path: Path
) -> None:
    """Hundreds of records a table go in several statements: every one lands, and undo and
    redo move all of them."""
    export = tmp_path / "practice.json"
    ok(coach, "export", "--db", str(demo_caseload), "-o", str(export))
    target = tmp_path / "restored.db"
    ok(coach, "import", str(export), "--db", str(target))
    original = rows(demo_caseload)
    assert len(original["actions"]) > 600  # several statements' worth
    assert rows(target) == original
    assert ok(coach, "undo", "--db", str(target)) == "Undid: import practice.json.\n"
    assert all(not v for k, v in rows(target).items() if k != "settings")
    ok(coach, "redo", "--db", str(target))
    assert rows(target) == original
