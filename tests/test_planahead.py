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
from helpers import as_json, assert_user_error, ok, rows, snapshot

EPOCH = {"SOURCE_DATE_EPOCH": "1795000000"}  # reports with a fixed generated_at


def build_walker(coach):  # type: ignore[no-untyped-def]
    ok(coach("client", "add", "Bo", "--on", "2026-11-02"))
    ok(coach("goal", "add", "Walk more", "-c", "Bo", "--on", "2026-11-02"))
    ok(coach("step", "add", "1", "Write 500 words", "--every", "daily", "--start", "2026-11-02"))
    for n in range(1, 17):
        if n % 4:
            ok(coach("done", "1", "--on", (TODAY - timedelta(days=n)).isoformat()))


@pytest.fixture
def walker(coach, db_path, templates):  # type: ignore[no-untyped-def]
    """Bo since Mon 2 Nov: one goal, a daily walk (step 1) done most days up to yesterday."""
    templates.copy(build_walker, db_path)
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


# ------------------------------------------------------------------ nothing before the beginning


def test_an_entry_before_the_goal_began_is_refused_alike_on_every_path(
        walker, coach_proc, db_path, tmp_path) -> None:
    """Goal 1 began on Mon 2 Nov; a typo'd month must not vanish from every report."""
    before = snapshot(db_path)
    said = "2026-10-05 is before goal 1 began (2026-11-02) and before step 1 started (2026-11-02); to " \
           "record it, date the beginning earlier first: coach edit s1 --on 2026-10-05"
    for command in ("done", "missed", "skip"):
        fast = coach_proc(command, "1", "--on", "2026-10-05")  # the Typer-free path
        assert (fast.returncode, fast.stdout, fast.stderr) == (1, "", f"Error: {said}\n"), command
        assert_user_error(walker(command, "1", "--on", "2026-10-05", "--note", "x"), said)
    assert_user_error(walker("edit", "a1", "--on", "2026-10-05"), said)
    assert snapshot(db_path) == before
    # An import carrying such an entry is refused as a whole, with the same words.
    out = tmp_path / "bo.json"
    ok(walker("export", "-c", "Bo", "-o", str(out)))
    data = json.loads(out.read_text())
    data["actions"][0]["on_date"] = "2026-10-05"
    out.write_text(json.dumps(data))
    other = tmp_path / "other.db"
    result = coach_proc("import", str(out), "--db", str(other))
    assert result.returncode == 1
    assert said in result.stderr
    assert not other.exists() or rows(other, "SELECT count(*) FROM actions") == [(0,)]


def test_an_entry_before_the_step_started_is_refused_with_the_command_that_moves_the_start(
        walker, db_path) -> None:
    """A goal added today, its step planned from the 10th: the record begins on the 10th."""
    ok(walker("goal", "add", "Stretch more", "-c", "Bo"))
    ok(walker("step", "add", "2", "Stretch", "--every", "daily", "--start", "2026-11-10"))
    before = snapshot(db_path)
    said = "2026-11-09 is before goal 2 began (2026-11-18) and before step 2 started (2026-11-10); to " \
           "record it, date the beginning earlier first: coach step edit 2 --start 2026-11-09 " \
           "--from 2026-11-09"
    assert_user_error(walker("done", "2", "--on", "2026-11-09"), said)
    assert snapshot(db_path) == before
    ok(walker("done", "2", "--on", "2026-11-10"))
    assert_user_error(walker("edit", "a13", "--on", "2026-11-09"), said)
    ok(walker("step", "edit", "2", "--start", "2026-11-09", "--from", "2026-11-09"))
    ok(walker("done", "2", "--on", "2026-11-09"))


# ------------------------------------------------------------------ the step's own period


def test_a_confirmation_names_the_steps_own_period(walker) -> None:
    ok(walker("step", "add", "1", "Meet a friend", "--every", "2/month", "--start", "2026-11-02"))
    ok(walker("step", "add", "1", "Swim", "--every", "3/week", "--start", "2026-11-02"))
    ok(walker("step", "add", "1", "Call home", "--every", "mon,wed,fri", "--start", "2026-11-02"))
    ok(walker("done", "2", "--on", "2026-11-03"))
    assert ok(walker("done", "2")) == (
        "Done: Meet a friend (step 2, goal 1) on 2026-11-18. Twice that month.\n")
    assert ok(walker("done", "3")) == "Done: Swim (step 3, goal 1) on 2026-11-18. Once that week.\n"
    assert ok(walker("done", "4", "--on", "monday")).endswith(" on 2026-11-16. Once that week.\n")
    # A daily step has no week to count in.
    assert ok(walker("done", "1")) == "Done: Write 500 words (step 1, goal 1) on 2026-11-18.\n"


def test_a_flu_week_is_set_aside_in_one_undoable_write(walker, db_path) -> None:
    ok(walker("step", "add", "1", "Swim", "--every", "3/week", "--start", "2026-11-02"))
    said = ok(walker("skip", "1", "--from", "2026-11-23", "--until", "2026-11-29", "--note", "flu"))
    assert said == (
        "Set aside: Write 500 words (step 1, goal 1) from 2026-11-23 to 2026-11-29, 7 occurrences not "
        "expected (2026-11-23, 2026-11-24, 2026-11-25, 2026-11-26, 2026-11-27, 2026-11-28, "
        "2026-11-29).\nTake it back with: coach undo\n")
    assert rows(db_path, "SELECT count(*), min(note), min(recorded_on) FROM actions WHERE kind = 'skipped'") \
        == [(7, "flu", "2026-11-18")]
    # A quota step: the range's share of each week (two days of 3/week: one occurrence).
    said = ok(walker("skip", "2", "--from", "last monday", "--until", "yesterday"))
    assert "1 occurrence not expected (2026-11-16)" in said
    assert ok(walker("undo")) == "Undid: Bo · set aside 'Swim' from 2026-11-16 to 2026-11-17.\n"
    assert ok(walker("undo")) == "Undid: Bo · set aside 'Write 500 words' from 2026-11-23 to 2026-11-29.\n"
    assert rows(db_path, "SELECT count(*) FROM actions WHERE kind = 'skipped'") == [(0,)]


def test_a_range_set_aside_leaves_days_already_logged_and_planned_nothing_is_refused(walker, db_path) -> None:
    ok(walker("skip", "1", "--from", "2026-11-15", "--until", "2026-11-20"))
    # The 15th-17th were done already; the skips go on the days still open.
    assert rows(db_path, "SELECT on_date FROM actions WHERE kind = 'skipped' ORDER BY on_date") == [
        ("2026-11-18",), ("2026-11-19",), ("2026-11-20",)]
    before = snapshot(db_path)
    assert_user_error(walker("skip", "1", "--from", "2026-11-18", "--until", "2026-11-20"),
                      "step 1 plans nothing still open from 2026-11-18 to 2026-11-20")
    assert_user_error(walker("skip", "1", "--from", "2026-11-20", "--until", "2026-11-18"),
                      "--until 2026-11-18 is before --from 2026-11-20")
    assert_user_error(walker("skip", "1", "--from", "2026-11-20"), "needs both --from DATE and --until")
    assert_user_error(walker("skip", "1", "--on", "today", "--from", "2026-11-20", "--until", "2026-11-21"),
                      "either --on DAY or --from")
    assert_user_error(walker("skip", "1", "--from", "friday", "--until", "2026-11-29"),
                      "'friday' could be 2026-11-13 (last friday) or 2026-11-20 (next friday)")
    assert snapshot(db_path) == before


def test_a_single_day_can_be_set_aside_ahead_but_nothing_done_ahead(walker, coach_proc, db_path) -> None:
    ok(walker("skip", "1", "--on", "2026-11-25", "--note", "dentist"))
    fast = coach_proc("skip", "1", "--on", "2026-11-26")
    assert fast.returncode == 0, fast.stderr
    assert rows(db_path, "SELECT on_date FROM actions WHERE kind = 'skipped' ORDER BY on_date") == [
        ("2026-11-25",), ("2026-11-26",)]
    before = snapshot(db_path)
    assert_user_error(walker("done", "1", "--on", "2026-11-25"), "in the future")
    assert_user_error(walker("missed", "1", "--on", "tomorrow"), "in the future")
    assert snapshot(db_path) == before


def test_a_pause_entered_ahead_begins_on_its_day_and_resumes_after_until(walker, db_path) -> None:
    said = ok(walker("goal", "pause", "1", "--on", "2026-11-23", "--until", "2026-11-29",
                     "--reason", "holiday"))
    assert said == "Paused goal 1 (Walk more) from 2026-11-23 to 2026-11-29; it resumes on 2026-11-30.\n"
    assert rows(db_path, "SELECT status, on_date, reason FROM status_changes ORDER BY on_date") == [
        ("active", "2026-11-02", None), ("paused", "2026-11-23", "holiday"), ("active", "2026-11-30", None)]
    # Until then the goal is active, in every current reading.
    listed = as_json(walker("goal", "list", "-c", "Bo", "-f", "json"))
    assert [(g["status"], g["upcoming"]) for g in listed] == [("active", ["paused", "2026-11-23"])]
    assert "active; pauses 2026-11-23" in ok(walker("goal", "list", "-c", "Bo", "-f", "text"))
    assert "Status:     active since 2026-11-02; pauses 2026-11-23" in ok(
        walker("goal", "show", "1", "-f", "text"))
    clients = as_json(walker("client", "list", "-f", "json"))
    assert clients[0]["active_goals"] == 1
    agenda = ok(walker("agenda", "-c", "Bo", "-f", "text"))
    assert "Write 500 words" in agenda
    # On its days it is paused, and after them active again.
    during = as_json(walker("goal", "list", "-c", "Bo", "--status", "paused", "-f", "json",
                            today=date(2026, 11, 25)))
    assert [(g["status"], g["status_on"], g["upcoming"]) for g in during] == [
        ("paused", "2026-11-23", ["active", "2026-11-30"])]
    assert as_json(walker("client", "list", "-f", "json", today=date(2026, 11, 25)))[0]["active_goals"] == 0
    after = as_json(walker("goal", "list", "-c", "Bo", "-f", "json", today=date(2026, 12, 1)))
    assert [(g["status"], g["status_on"]) for g in after] == [("active", "2026-11-30")]


def test_what_happened_cannot_be_dated_ahead_and_a_pause_needs_a_sane_until(walker, db_path) -> None:
    before = snapshot(db_path)
    assert_user_error(walker("goal", "achieve", "1", "--on", "tomorrow"), "in the future")
    assert_user_error(walker("goal", "drop", "1", "--on", "tomorrow", "--reason", "x"), "in the future")
    assert_user_error(walker("goal", "pause", "1", "--on", "2026-11-23", "--until", "2026-11-20"),
                      "--until 2026-11-20 is before the pause begins (2026-11-23)")
    assert_user_error(walker("goal", "pause", "1", "--on", "monday"),
                      "'monday' could be 2026-11-16 (last monday) or 2026-11-23 (next monday)")
    assert snapshot(db_path) == before


# ------------------------------------------------------------------ contact


def test_quiet_and_last_seen_count_the_day_entries_were_recorded(coach) -> None:
    ok(coach("client", "add", "Cy", "--on", "2026-10-26"))
    ok(coach("goal", "add", "Sleep", "-c", "Cy", "--on", "2026-10-26"))
    ok(coach("step", "add", "1", "Lights out", "--every", "daily", "--start", "2026-10-26"))
    ok(coach("done", "1", "--on", "2026-11-04", today=date(2026, 11, 4)))
    # Out of touch from the 5th to the 19th; on the 20th two days are set aside after the fact.
    ok(coach("skip", "1", "--from", "2026-11-12", "--until", "2026-11-13", today=date(2026, 11, 20)))
    week = as_json(coach("report", "-c", "Cy", "--since", "2026-11-13", "--until", "2026-11-19",
                         "-f", "json", today=date(2026, 11, 20)))
    assert week["clients"][0]["last_activity"] == "2026-11-04"
    assert "quiet" in [s["code"] for s in week["clients"][0]["signals"]]
    caseload = ok(coach("report", "--all", "--since", "2026-11-13", "--until", "2026-11-19", "-f", "text",
                        today=date(2026, 11, 20)))
    assert "2026-11-04" in caseload
    # Read on the 20th itself, the contact that day counts.
    today_ = as_json(coach("report", "-c", "Cy", "--week", "this", "-f", "json", today=date(2026, 11, 20)))
    assert today_["clients"][0]["last_activity"] == "2026-11-20"
    listed = as_json(coach("client", "list", "-f", "json", today=date(2026, 11, 20)))
    assert listed[0]["last_activity"] == "2026-11-20"


def test_a_past_windows_overdue_names_its_last_day_rather_than_days_ago(walker) -> None:
    ok(walker("step", "add", "1", "Book a check-up", "--due", "2026-11-04", "--start", "2026-11-02"))
    past = as_json(walker("report", "-c", "Bo", "--week", "2026-W45", "-f", "json"))
    said = [s["evidence"] for s in past["clients"][0]["signals"] if s["code"] == "overdue"]
    assert said == ["'Book a check-up' was due on 2026-11-04; nothing logged as done by 2026-11-08."]
    now = as_json(walker("report", "-c", "Bo", "--since", "2026-11-12", "--until", "today", "-f", "json"))
    said = [s["evidence"] for s in now["clients"][0]["signals"] if s["code"] == "overdue"]
    assert said == ["'Book a check-up' was due on 2026-11-04 (14 days ago); nothing logged as done."]


def test_step_list_says_from_when_the_plan_in_the_list_takes_over(walker) -> None:
    ok(walker("step", "edit", "1", "--every", "mon,thu", "--from", "next monday"))
    listed = ok(walker("step", "list", "-c", "Bo", "-f", "text", COLUMNS="160"))
    assert "Mon and Thu (from 2026-11-23)" in listed
    shown = ok(walker("step", "show", "1", "-f", "text"))
    assert "2026-11-02  2026-11-22  Write 500 words  every day" in shown
