"""Dated facts a person enters ahead or after the fact, end to end.

A step's title is part of its dated plan; every entry knows the day it was
recorded (by the tool's clock); a plan, a pause or a set-aside range can be
entered ahead; an entry dated before anything began is refused the same way
on every path.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from coachcli.store import Database
from coachcli.store.migrations import migrate
from conftest import TODAY
from helpers import as_json, assert_user_error, rows, snapshot

EPOCH = {"SOURCE_DATE_EPOCH": "1795000000"}  # reports with a fixed generated_at


def ok(result) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


@pytest.fixture
def walker(coach):  # type: ignore[no-untyped-def]
    """Bo since Mon 2 Nov: one goal, a daily walk (step 1) done most days up to yesterday."""
    ok(coach("client", "add", "Bo", "--on", "2026-11-02"))
    ok(coach("goal", "add", "Walk more", "-c", "Bo", "--on", "2026-11-02"))
    ok(coach("step", "add", "1", "Write 500 words", "--every", "daily", "--start", "2026-11-02"))
    for n in range(1, 17):
        if n % 4:
            ok(coach("done", "1", "--on", (TODAY - timedelta(days=n)).isoformat()))
    return coach


def weeks(coach) -> dict[str, str]:  # type: ignore[no-untyped-def]
    out = {}
    for week in ("2026-W45", "2026-W46"):
        for fmt in ("json", "text", "markdown"):
            out[f"{week} {fmt}"] = ok(coach("report", "-c", "Bo", "--week", week, "-f", fmt, **EPOCH))
    return out


# ------------------------------------------------------------------ schema 8


def _schema_7(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    migrate(conn, stop_before="0008_dated_titles_and_recorded_days")
    conn.execute("COMMIT")
    conn.close()


def test_migration_from_schema_7_keeps_every_record_and_dates_what_it_adds(tmp_path: Path, coach) -> None:
    old = tmp_path / "old.db"
    _schema_7(old)
    t, later = "2026-11-01T08:00:00.000Z", "2026-11-09T20:00:00.000Z"
    with contextlib.closing(sqlite3.connect(old)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 7
        conn.executescript(f"""
            INSERT INTO clients VALUES (1, 'Ana', 'n', NULL, 'u-c', '{t}', '{t}', '2026-11-01');
            INSERT INTO goals VALUES (1, 1, 'Sleep', NULL, NULL, 0, 'active', '2026-11-01', NULL,
                                      'u-g', '{t}', '{t}');
            INSERT INTO status_changes VALUES (1, 1, 'active', '2026-11-01', NULL, 'u-s1', '{t}', '{t}');
            INSERT INTO steps VALUES (1, 1, 'Lights out by 11', 'daily', NULL, '2026-11-01', NULL,
                                      'active', NULL, 'u-st', '{t}', '{t}');
            INSERT INTO step_plans VALUES (1, 1, '2026-11-04', 'weekdays', NULL, '2026-11-01', NULL,
                                           'u-p', '{t}', '{t}');
            INSERT INTO actions VALUES (1, 1, 'done', '2026-11-02', 1, 'ok', 'u-a', '{later}', '{later}');
            INSERT INTO checkins VALUES (1, 1, '2026-11-03', 4, '[]', '[]', '[]', NULL, 0, 'u-k',
                                         '{t}', '{t}', 6);
        """)
        conn.commit()
        kept = {name: conn.execute(f"SELECT * FROM {name}").fetchall()
                for name in ("clients", "goals", "status_changes", "steps", "step_plans", "actions",
                             "checkins")}
    with Database.open(old) as store:
        for table, before in kept.items():
            after = [tuple(r)[:len(before[0])] for r in store.conn.execute(f"SELECT * FROM {table}")]
            assert after == before, table
        # Recorded the day it was created (a backfill on the 9th for the 2nd stays a backfill).
        assert [tuple(r) for r in store.conn.execute("SELECT recorded_on FROM actions")] == [("2026-11-09",)]
        assert [tuple(r) for r in store.conn.execute("SELECT recorded_on FROM checkins")] == [("2026-11-01",)]
        # An earlier plan kept before titles were dated had the step's title.
        titles = [tuple(r) for r in store.conn.execute("SELECT title FROM step_plans")]
        assert titles == [("Lights out by 11",)]
    shown = as_json(coach("step", "show", "1", "--db", str(old), "-f", "json"))
    assert [(p["from"], p["title"]) for p in shown["plans"]] == [
        ("2026-11-01", "Lights out by 11"), ("2026-11-05", "Lights out by 11")]


def test_an_entry_records_the_tools_day_not_the_day_it_is_about(walker, db_path) -> None:
    ok(walker("done", "1", "--on", "2026-11-03", today=date(2026, 11, 20)))
    ok(walker("checkin", "-c", "Bo", "--on", "2026-11-04", "--mood", "3", today=date(2026, 11, 21)))
    assert rows(db_path, "SELECT on_date, recorded_on FROM actions ORDER BY id DESC LIMIT 1") == [
        ("2026-11-03", "2026-11-20")]
    assert rows(db_path, "SELECT on_date, recorded_on FROM checkins") == [("2026-11-04", "2026-11-21")]


def test_recorded_days_and_plan_titles_travel_through_export_and_import(walker, coach, tmp_path) -> None:
    ok(walker("done", "1", "--on", "2026-11-03", today=date(2026, 11, 20)))
    ok(walker("step", "edit", "1", "--title", "Write 150 words", "--from", "2026-11-16"))
    out = tmp_path / "bo.json"
    ok(walker("export", "-c", "Bo", "-o", str(out)))
    data = json.loads(out.read_text())
    assert [p["title"] for p in data["step_plans"]] == ["Write 500 words"]
    assert data["actions"][-1]["recorded_on"] == "2026-11-20"
    other = tmp_path / "other.db"
    ok(coach("import", str(out), "--db", str(other)))
    assert rows(other, "SELECT title FROM step_plans") == [("Write 500 words",)]
    assert rows(other, "SELECT recorded_on FROM actions ORDER BY id DESC LIMIT 1") == [("2026-11-20",)]
    # A file from before recorded days (an older export) imports them as the day each was created.
    for a in data["actions"]:
        del a["recorded_on"]
    out.write_text(json.dumps(data))
    third = tmp_path / "third.db"
    ok(coach("import", str(out), "--db", str(third)))
    assert rows(third, "SELECT count(*) FROM actions WHERE recorded_on = substr(created_at, 1, 10)") == [
        (len(data["actions"]),)]


# ------------------------------------------------------------------ titles are dated


def test_a_rename_from_a_date_keeps_every_earlier_report_log_line_and_event(walker, db_path) -> None:
    before = weeks(walker)
    log_before = ok(walker("log", "-c", "Bo", "--since", "2026-11-02", "--until", "2026-11-15", "-f", "text"))
    said = ok(walker("step", "edit", "1", "--title", "Write 150 words", "--from", "2026-11-16"))
    assert said == "Updated step 1: Write 150 words, every day from 2026-11-16\n"
    assert weeks(walker) == before  # every report of the weeks before the rename, byte for byte
    assert ok(walker("log", "-c", "Bo", "--since", "2026-11-02", "--until", "2026-11-15",
                     "-f", "text")) == log_before
    log = as_json(walker("log", "-c", "Bo", "--since", "2026-11-15", "-f", "json"))
    assert {e["on_date"]: e["subject"] for e in log if e["kind"] == "done"} == {
        "2026-11-15": "Write 500 words", "2026-11-16": "Write 150 words",
        "2026-11-17": "Write 150 words"}
    this_week = as_json(walker("report", "-c", "Bo", "--week", "this", "-f", "json"))
    assert "Write 150 words" in json.dumps(this_week)
    ics = ok(walker("export", "-c", "Bo", "--format", "ics")).replace("\r\n", "\n")
    assert "SUMMARY:Write 500 words\n" in ics
    assert "SUMMARY:Write 150 words\n" in ics
    shown = ok(walker("step", "show", "1", "-f", "text"))
    assert "2026-11-02  2026-11-15  Write 500 words  every day" in shown
    assert "2026-11-16              Write 150 words  every day" in shown
    assert ok(walker("undo")) == "Undid: Bo · title of 'Write 500 words' from 2026-11-16.\n"
    assert rows(db_path, "SELECT count(*) FROM step_plans") == [(0,)]


def test_a_rename_inside_an_earlier_plan_keeps_that_plans_schedule(walker) -> None:
    ok(walker("step", "edit", "1", "--every", "mon,thu", "--from", "2026-11-09"))
    before = as_json(walker("report", "-c", "Bo", "--week", "2026-W45", "-f", "json"))
    ok(walker("step", "edit", "1", "--title", "Write 150 words", "--from", "2026-11-05"))
    shown = as_json(walker("step", "show", "1", "-f", "json"))
    assert [(p["from"], p["to"], p["title"], p["schedule"]) for p in shown["plans"]] == [
        ("2026-11-02", "2026-11-04", "Write 500 words", "daily"),
        ("2026-11-05", "2026-11-08", "Write 150 words", "daily"),
        ("2026-11-09", None, "Write 150 words", "mon,thu")]
    after = as_json(walker("report", "-c", "Bo", "--week", "2026-W45", "-f", "json"))
    assert after["clients"][0]["goals"][0]["expected"] == before["clients"][0]["goals"][0]["expected"]


# ------------------------------------------------------------------ planning ahead


def test_a_smaller_plan_from_next_monday_agreed_on_a_friday(walker, db_path) -> None:
    friday = date(2026, 11, 20)
    before = weeks(walker)
    before_this = ok(walker("report", "-c", "Bo", "--week", "this", "-f", "json", today=friday, **EPOCH))
    said = ok(walker("step", "edit", "1", "--every", "mon,thu", "--title", "Write 150 words",
                     "--from", "next monday", today=friday))
    assert said == "Updated step 1: Write 150 words, Mon and Thu from 2026-11-23\n"
    # The week the plan was agreed in, and every week before it, read as they did.
    assert weeks(walker) == before
    this = ok(walker("report", "-c", "Bo", "--week", "this", "-f", "json", today=friday, **EPOCH))
    assert this == before_this
    # From that Monday on, the new plan judges.
    later = as_json(walker("report", "-c", "Bo", "--week", "2026-W48", "-f", "json",
                           today=date(2026, 11, 29)))
    assert later["clients"][0]["goals"][0]["expected"] == 2
    assert "Write 150 words" in json.dumps(later)


def test_a_bare_weekday_in_from_is_refused_with_both_readings(walker, db_path) -> None:
    before = snapshot(db_path)
    result = walker("step", "edit", "1", "--every", "mon,thu", "--from", "monday", today=date(2026, 11, 20))
    assert_user_error(result, "'monday' could be 2026-11-16 (last monday) or 2026-11-23 (next monday)")
    assert snapshot(db_path) == before
    # Today's own weekday has one reading.
    ok(walker("step", "edit", "1", "--every", "mon,thu", "--from", "friday", today=date(2026, 11, 20)))
    assert rows(db_path, "SELECT ends_on FROM step_plans") == [("2026-11-19",)]
