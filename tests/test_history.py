"""A plan with a history, and a record a coach can correct, end to end.

A coach takes on a client mid-way (dated beginnings, backfilled logs), changes
a plan from a day on without rewriting the days before, corrects or removes
single entries by reference, removes a client (and with --purge every byte of
them), and walks undo/redo back and forth.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from coachcli.store import Database
from coachcli.store.migrations import migrate
from conftest import TODAY
from helpers import Coach, as_json, assert_user_error, build_template, ok, records, restore, rows, snapshot
from test_cli_tracking import Terminal

THREE_WEEKS_AGO = TODAY - timedelta(days=21)  # 2026-10-28, a Wednesday
EPOCH = {"SOURCE_DATE_EPOCH": "1795000000"}  # reports with a fixed generated_at


def build_midway(coach: Coach) -> None:
    """Bo, coached for three weeks: a goal and two steps from then, backfilled, paused last week."""
    ok(coach("client", "add", "Bo", "--on", "3 weeks ago"))
    ok(coach("goal", "add", "Walk more", "-c", "Bo", "--on", "3 weeks ago", "-i", "8", "-k", "5"))
    ok(coach("step", "add", "1", "Walk 20 minutes", "--every", "daily", "--start", "3 weeks ago"))
    ok(coach("step", "add", "1", "Stretch", "--every", "3/week", "--start", "3 weeks ago"))
    for n in range(1, 22):
        day = (TODAY - timedelta(days=n)).isoformat()
        if n % 3:
            ok(coach("done", "1", "--on", day))
        if n % 2:
            ok(coach("done", "2", "--on", day))
    ok(coach("goal", "pause", "1", "--on", "2026-11-10"))
    ok(coach("goal", "resume", "1", "--on", "2026-11-13"))


@pytest.fixture(scope="module")
def midway_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory, "midway", build_midway)


@pytest.fixture
def midway(coach: Coach, db_path: Path, midway_template: Path) -> Coach:
    """:func:`build_midway`'s database, a fresh copy for each test."""
    restore(midway_template, db_path)
    return coach


def reports(coach) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Every report a coach could ask for about the days before today, in two formats."""
    out = {}
    for week in ("2026-W44", "2026-W45", "2026-W46"):
        for fmt in ("json", "text"):
            out[f"{week} {fmt}"] = ok(coach("report", "-c", "Bo", "--week", week, "-f", fmt, **EPOCH))
    out["range"] = ok(coach("report", "-c", "Bo", "--since", "2026-10-28", "--until", "2026-11-17",
                            "-f", "json", **EPOCH))
    return out


# ------------------------------------------------------------------ dated beginnings


def test_a_client_and_goal_can_begin_weeks_ago(midway) -> None:
    shown = ok(midway("client", "show", "Bo", "-f", "text"))
    assert "Added:    2026-10-28" in shown
    goal = as_json(midway("goal", "show", "1", "-f", "json"))
    assert [(s["on_date"], s["status"]) for s in goal["status_history"]] == [
        ("2026-10-28", "active"), ("2026-11-10", "paused"), ("2026-11-13", "active")]
    assert [r["on_date"] for r in goal["ratings"]] == ["2026-10-28"]  # first ratings dated then
    log = as_json(midway("log", "-c", "Bo", "--since", "2026-10-01", "-f", "json"))
    assert (log[0]["kind"], log[0]["on_date"]) == ("goal active", "2026-10-28")


def test_the_report_counts_from_the_dated_beginning(midway) -> None:
    data = as_json(midway("report", "-c", "Bo", "--week", "2026-W44", "-f", "json"))
    goal = data["clients"][0]["goals"][0]
    # Wed 28 Oct to Sun 1 Nov: five days of the daily walk, and 3/week's share of five days (2).
    assert data["window"] == {"start": "2026-10-26", "end": "2026-11-01"}
    assert goal["expected"] == 7


def test_status_changes_stay_in_order_and_the_error_names_the_one_they_follow(midway, db_path) -> None:
    before = snapshot(db_path)
    assert_user_error(midway("goal", "pause", "1", "--on", "2026-11-11"),
                      "goal 1 became active on 2026-11-13 (s3); a later change cannot be dated 2026-11-11")
    assert_user_error(midway("goal", "add", "Later", "-c", "Bo", "--on", "tomorrow"), "in the future")
    assert_user_error(midway("client", "add", "Cy", "--on", "tomorrow"), "in the future")
    assert snapshot(db_path) == before


# ------------------------------------------------------------------ versioned plans


def test_changing_a_schedule_from_today_leaves_every_earlier_report_byte_identical(midway) -> None:
    before = reports(midway)
    assert ok(midway("step", "edit", "1", "--every", "mon,thu")) == (
        "Updated step 1: Walk 20 minutes, Mon and Thu from 2026-11-18\n")
    ok(midway("step", "edit", "2", "--every", "1/week", "--until", "in 4 weeks"))
    assert reports(midway) == before
    # The new plan judges from today on: next week expects two walks, not seven.
    later = as_json(midway("report", "-c", "Bo", "--week", "2026-W48", "-f", "json",
                           today=date(2026, 11, 29)))
    assert later["clients"][0]["goals"][0]["expected"] == 2  # Mon and Thu (the stretch's week is not over)


def test_a_rewrite_of_the_past_is_what_from_a_past_date_asks_for(midway) -> None:
    before = reports(midway)
    ok(midway("step", "edit", "1", "--every", "mon,thu", "--from", "2026-11-02"))
    after = reports(midway)
    assert after["2026-W44 json"] == before["2026-W44 json"]  # before the change: as it was
    assert after["2026-W45 json"] != before["2026-W45 json"]  # from the change on: the new plan


def test_step_show_lists_the_plan_history_and_undo_restores_it(midway) -> None:
    ok(midway("step", "edit", "1", "--every", "weekdays", "--from", "2026-11-09"))
    ok(midway("step", "edit", "1", "--every", "mon,thu"))
    text = ok(midway("step", "show", "1", "-f", "text"))
    assert "2026-10-28  2026-11-08  Walk 20 minutes  every day" in text
    assert "2026-11-09  2026-11-17  Walk 20 minutes  weekdays" in text
    assert "2026-11-18              Walk 20 minutes  Mon and Thu" in text
    data = as_json(midway("step", "show", "1", "-f", "json"))
    assert [(p["from"], p["to"], p["schedule"]) for p in data["plans"]] == [
        ("2026-10-28", "2026-11-08", "daily"), ("2026-11-09", "2026-11-17", "weekdays"),
        ("2026-11-18", None, "mon,thu")]
    # A change dated before an earlier one replaces it from that day on.
    ok(midway("step", "edit", "1", "--every", "weekends", "--from", "2026-11-01"))
    data = as_json(midway("step", "show", "1", "-f", "json"))
    assert [(p["from"], p["to"], p["schedule"]) for p in data["plans"]] == [
        ("2026-10-28", "2026-10-31", "daily"), ("2026-11-01", None, "weekends")]
    assert ok(midway("undo")) == "Undid: Bo · plan of 'Walk 20 minutes' from 2026-11-01.\n"
    data = as_json(midway("step", "show", "1", "-f", "json"))
    assert [p["schedule"] for p in data["plans"]] == ["daily", "weekdays", "mon,thu"]


def test_plan_history_travels_through_export_import_and_the_calendar(midway, coach, tmp_path) -> None:
    ok(midway("step", "edit", "1", "--every", "mon,thu"))
    out = tmp_path / "bo.json"
    ok(midway("export", "-c", "Bo", "-o", str(out)))
    assert [p["ends_on"] for p in json.loads(out.read_text())["step_plans"]] == ["2026-11-17"]
    other = tmp_path / "other.db"
    ok(coach("import", str(out), "--db", str(other)))
    data = as_json(coach("step", "show", "1", "--db", str(other), "-f", "json"))
    assert [p["schedule"] for p in data["plans"]] == ["daily", "mon,thu"]
    ics = ok(midway("export", "-c", "Bo", "--format", "ics")).replace("\r\n", "\n")
    assert "RRULE:FREQ=DAILY;UNTIL=20261117" in ics  # the old plan, up to the day it ended
    assert "DTSTART;VALUE=DATE:20261119\nDTEND;VALUE=DATE:20261120\nRRULE:FREQ=WEEKLY;BYDAY=MO,TH" in ics


def test_a_one_off_due_before_its_start_is_refused(stocked, db_path) -> None:
    before = snapshot(db_path)
    assert_user_error(stocked("step", "add", "1", "Call", "--due", "2026-11-20", "--start", "2026-11-25"),
                      "would be due before it starts")
    assert snapshot(db_path) == before


# ------------------------------------------------------------------ refs, edit, delete


def test_every_log_entry_has_a_ref_in_every_format(midway) -> None:
    ok(midway("checkin", "-c", "Bo", "--mood", "4", "--win", "walked"))
    ok(midway("goal", "rate", "1", "-k", "6"))
    data = as_json(midway("log", "-c", "Bo", "-f", "json"))
    refs = {e["ref"][0] for e in data}
    assert refs == {"a", "c", "r", "s"}
    for fmt in ("text", "markdown", "rich"):
        shown = ok(midway("log", "-c", "Bo", "-f", fmt, COLUMNS="160"))
        assert all(e["ref"] in shown for e in data), fmt


def test_edit_changes_one_entry_and_says_what_changed(midway, db_path) -> None:
    (a,) = rows(db_path, "SELECT 'a' || id FROM actions WHERE step_id = 1 ORDER BY on_date DESC LIMIT 1")
    assert ok(midway("edit", a[0], "--kind", "missed", "--note", "rain")) == (
        f"Edited {a[0]}: Bo · done 'Walk 20 minutes' on 2026-11-17\n"
        "  kind: done -> missed\n  note: - -> rain\n")
    assert rows(db_path, "SELECT kind, note FROM actions WHERE id = ?", int(a[0][1:])) == [("missed", "rain")]
    ok(midway("checkin", "-c", "Bo", "--mood", "2", "--win", "walked"))
    assert ok(midway("edit", "c1", "--mood", "3", "--win", "walked twice")) == (
        "Edited c1: Bo · check-in on 2026-11-18\n  mood: 2 -> 3\n  wins: walked -> walked twice\n")
    assert ok(midway("edit", "r1", "-k", "7", "--on", "2026-11-01")) == (
        "Edited r1: Bo · rating of 'Walk more' on 2026-10-28\n"
        "  date: 2026-10-28 -> 2026-11-01\n  confidence: 5 -> 7\n")
    assert ok(midway("undo")) == "Undid: Bo · edit of rating of 'Walk more' on 2026-10-28.\n"
    assert rows(db_path, "SELECT on_date, confidence FROM ratings") == [("2026-10-28", 5)]


def test_delete_removes_one_entry_and_undo_brings_it_back(midway, db_path) -> None:
    before = records(db_path)
    assert ok(midway("delete", "a1")) == (
        "Deleted a1: Bo · done 'Walk 20 minutes' on 2026-11-17. Bring it back with: coach undo\n")
    assert rows(db_path, "SELECT count(*) FROM actions WHERE id = 1") == [(0,)]
    assert ok(midway("undo", "--dry-run")) == (
        "Would undo: Bo · deleted done 'Walk 20 minutes' on 2026-11-17.\n")
    ok(midway("undo"))
    assert records(db_path) == before
    # The latest status change can go (the goal is paused again); its beginning cannot.
    assert ok(midway("delete", "s3")).startswith("Deleted s3: Bo · resumed 'Walk more' on 2026-11-13.")
    assert as_json(midway("goal", "show", "1", "-f", "json"))["status"] == "paused"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("edit", "a999", "--on", "today"), "no entry a999 (coach log shows"),
        (("edit", "x1", "--on", "today"), "'x1' is not an entry reference"),
        (("delete", "12"), "'12' is not an entry reference"),
        (("edit", "a1", "--mood", "3"), "a1 is an action: --mood applies to a check-in"),
        (("edit", "s1", "--count", "2"), "s1 is a status change: --count applies to an action"),
        (("edit", "a1", "--on", "2026-10-01"), "2026-10-01 is before goal 1 began (2026-10-28)"),
        (("edit", "a1", "--on", "tomorrow"), "in the future"),
        (("edit", "a1"), "nothing to change"),
        (("edit", "a1", "--kind", "sometimes"), "--kind must be done, missed or skip"),
        (("edit", "s2", "--on", "2026-11-14"), "s2 comes before s3 (resumed on 2026-11-13)"),
        (("delete", "s1"), "s1 is the day goal 1 began"),
        (("delete", "s2"), "s2 is not goal 1's latest status change (s3"),
    ],
)
def test_bad_corrections_are_one_line_exit_1_and_change_nothing(midway, db_path, args, message) -> None:
    before = snapshot(db_path)
    assert_user_error(midway(*args), message)
    assert snapshot(db_path) == before


# ------------------------------------------------------------------ dubious entries


def test_a_log_after_the_goal_was_dropped_is_refused_after_an_achievement_welcome(stocked, db_path) -> None:
    ok(stocked("goal", "drop", "1", "--reason", "moved"))
    before = snapshot(db_path)
    assert_user_error(stocked("done", "1"),
                      "goal 1 was dropped on 2026-11-18, so 2026-11-18 cannot be logged; resume it first "
                      "(coach goal resume 1)")
    assert snapshot(db_path) == before
    ok(stocked("done", "1", "--on", "2026-11-16"))  # before the drop: fine
    ok(stocked("goal", "resume", "1"))
    ok(stocked("goal", "achieve", "1"))
    assert ok(stocked("done", "1")).startswith("Done: Walk 20 minutes")


def test_a_second_done_on_a_one_a_day_step_is_counted_and_says_so(stocked, coach_proc) -> None:
    first = coach_proc("done", "1", "--on", "monday")
    assert "that day" not in first.stdout
    second = coach_proc("done", "1", "--on", "monday")  # the fast path
    assert second.stdout.splitlines()[-1] == "Counted twice that day: use --count, or coach undo."
    ok(stocked("step", "add", "1", "Stretch", "--every", "3/week"))
    stocked("done", "2")
    assert "that day" not in ok(stocked("done", "2"))  # quotas count as many a day as done


# ------------------------------------------------------------------ client delete


def test_client_delete_needs_a_confirmation_and_undo_brings_them_back(midway, db_path) -> None:
    before = records(db_path)
    assert_user_error(midway("client", "delete", "Bo"), "deleting a client needs a confirmation")
    out = ok(midway("client", "delete", "bo", "--yes"))
    assert out.splitlines()[0].startswith("Deleted Bo and 1 goal, 2 steps, ")
    assert rows(db_path, "SELECT count(*) FROM clients") == [(0,)]
    assert ok(midway("undo")) == "Undid: Bo · deleted with all their records.\n"
    assert records(db_path) == before


def test_client_delete_asks_on_a_terminal(midway, db_path) -> None:
    term = Terminal(db_path, "client", "delete", "Bo")
    term.expect("Delete Bo and 1 goal, 2 steps,")
    term.expect("[y/N] ")
    term.answer("n")
    code, rest = term.finish()
    assert code == 0
    assert "Nothing was deleted." in rest
    assert rows(db_path, "SELECT name FROM clients") == [("Bo",)]
    term = Terminal(db_path, "client", "delete", "Bo")
    term.expect("[y/N] ")
    term.answer("y")
    code, rest = term.finish()
    assert (code, rows(db_path, "SELECT count(*) FROM clients")) == (0, [(0,)])


def test_purge_leaves_no_byte_of_the_client_in_the_file_or_its_wal(coach, db_path) -> None:
    secret = "zebra-kumquat-7781"
    ok(coach("client", "add", "Dee Quill", "--note", f"note {secret}"))
    ok(coach("goal", "add", f"Goal {secret}", "-c", "Dee Quill"))
    ok(coach("step", "add", "1", f"Step {secret}", "--every", "daily"))
    ok(coach("done", "1", "--note", f"done {secret}"))
    ok(coach("edit", "a1", "--note", f"edited {secret}"))
    ok(coach("checkin", "-c", "Dee Quill", "--win", f"win {secret}"))
    ok(coach("delete", "c1"))
    ok(coach("client", "add", "Eve", "--note", "stays"))

    def holds() -> list[str]:
        return [p.name for p in db_path.parent.glob(db_path.name + "*")
                if secret.encode() in p.read_bytes() or b"Dee Quill" in p.read_bytes()]

    assert holds()  # the guard can see it before the purge
    out = ok(coach("client", "delete", "Dee Quill", "--yes", "--purge"))
    assert "none of them remain in it" in out
    assert holds() == []
    assert rows(db_path, "SELECT name, note FROM clients") == [("Eve", "stays")]
    assert ok(coach("undo")) == "Undid: Eve · added as a client.\n"  # Dee's writes are forgotten
    assert coach("db", "check").exit_code == 0


# ------------------------------------------------------------------ undo, redo


def test_undo_dry_run_changes_nothing_and_redo_reapplies_until_the_next_write(stocked, db_path) -> None:
    ok(stocked("done", "1", "--on", "monday"))
    ok(stocked("missed", "1", "--note", "rain"))
    before = snapshot(db_path)
    assert ok(stocked("undo", "--dry-run")) == "Would undo: me · missed 'Walk 20 minutes' on 2026-11-18.\n"
    assert snapshot(db_path) == before
    assert ok(stocked("redo")) == "Nothing to redo.\n"
    after_both = records(db_path)
    ok(stocked("undo"))
    ok(stocked("undo"))
    assert ok(stocked("redo", "--dry-run")) == "Would redo: me · done 'Walk 20 minutes' on 2026-11-16.\n"
    assert ok(stocked("redo")) == "Redid: me · done 'Walk 20 minutes' on 2026-11-16.\n"
    assert ok(stocked("redo")) == "Redid: me · missed 'Walk 20 minutes' on 2026-11-18.\n"
    assert records(db_path) == after_both
    assert ok(stocked("redo")) == "Nothing to redo.\n"
    ok(stocked("undo"))
    ok(stocked("skip", "1", "--on", "2026-11-13"))  # a new write: the undone one cannot come back
    assert ok(stocked("redo")) == "Nothing to redo.\n"
    assert ok(stocked("undo")) == "Undid: me · skipped 'Walk 20 minutes' on 2026-11-13.\n"
    assert ok(stocked("undo")) == "Undid: me · done 'Walk 20 minutes' on 2026-11-16.\n"


def _popen(db_path: Path, *args: str) -> subprocess.Popen[str]:
    env = {"COACH_DB": str(db_path), "COACH_TODAY": TODAY.isoformat(), "PATH": "/usr/bin:/bin"}
    return subprocess.Popen([sys.executable, "-m", "coachcli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def test_concurrent_undos_each_revert_a_different_write_never_one_twice(stocked, db_path) -> None:
    days = [f"2026-11-{d:02d}" for d in range(2, 10)]
    for day in days:
        ok(stocked("done", "1", "--on", day))
    procs = [_popen(db_path, "undo") for _ in days]
    said = sorted(p.communicate(timeout=120)[0] for p in procs)
    assert all(p.returncode == 0 for p in procs)
    assert said == sorted(f"Undid: me · done 'Walk 20 minutes' on {d}.\n" for d in days)
    assert rows(db_path, "SELECT count(*) FROM actions") == [(0,)]
    assert rows(db_path, "SELECT count(*) FROM journal WHERE kind = 'write' AND undone = 0") == [(2,)]


def test_undo_never_reverts_a_write_that_a_later_one_builds_on(stocked, db_path) -> None:
    """Another process logs on a step just added: undo takes the log first, then the step."""
    ok(stocked("step", "add", "1", "Stretch", "--every", "daily"))
    other = _popen(db_path, "done", "2")
    assert other.wait(timeout=60) == 0
    results = [_popen(db_path, "undo") for _ in range(2)]
    said = sorted(p.communicate(timeout=120)[0] for p in results)
    assert said == ["Undid: me · done 'Stretch' on 2026-11-18.\n",
                    "Undid: me · new step 'Stretch' (goal 1).\n"]
    assert rows(db_path, "SELECT count(*) FROM steps") == [(1,)]
    assert rows(db_path, "PRAGMA foreign_key_check") == []


# ------------------------------------------------------------------ migration


def _schema_3(path: Path) -> None:
    """A database as coachcli left it before plan history: schema 3, with records and a journal."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    migrate(conn, stop_before="0004_sync_tracking")
    conn.execute("COMMIT")
    conn.close()


def test_migration_from_schema_3_keeps_every_record(tmp_path: Path, coach) -> None:
    old = tmp_path / "old.db"
    _schema_3(old)
    with contextlib.closing(sqlite3.connect(old)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
        t = "2026-11-01T08:00:00.000Z"
        conn.executescript(f"""
            INSERT INTO clients VALUES (1, 'Ana', 'n', NULL, 'u-c', '{t}', '{t}');
            INSERT INTO goals VALUES (1, 1, 'Sleep', NULL, NULL, 0, 'paused', '2026-11-05', NULL,
                                      'u-g', '{t}', '{t}');
            INSERT INTO status_changes VALUES (1, 1, 'active', '2026-11-01', NULL, 'u-s1', '{t}', '{t}');
            INSERT INTO status_changes VALUES (2, 1, 'paused', '2026-11-05', NULL, 'u-s2', '{t}', '{t}');
            INSERT INTO ratings VALUES (1, 1, '2026-11-01', 7, 4, NULL, 'u-r', '{t}', '{t}');
            INSERT INTO steps VALUES (1, 1, 'Lights out', 'daily', NULL, '2026-11-01', NULL, 'active',
                                      NULL, 'u-st', '{t}', '{t}');
            INSERT INTO actions VALUES (1, 1, 'done', '2026-11-02', 1, 'ok', 'u-a', '{t}', '{t}');
            INSERT INTO checkins VALUES (1, 1, '2026-11-03', 4, '[]', '[]', '[]', NULL, 0, 'u-k',
                                         '{t}', '{t}');
            INSERT INTO journal VALUES (1, '{t}', 'log step 1 done on 2026-11-02');
            INSERT INTO journal_entries VALUES (1, 1, 'actions', 1, 'insert', NULL);
        """)
        conn.commit()
        kept = {t: conn.execute(f"SELECT * FROM {t}").fetchall()
                for t in ("goals", "status_changes", "ratings", "steps", "actions", "checkins")}
    with Database.open(old) as store:
        for table, before in kept.items():
            # Every record as it was; columns later migrations add come after the old ones.
            after = [tuple(r)[:len(before[0])] for r in store.conn.execute(f"SELECT * FROM {table}")]
            assert after == before, table
        assert store.conn.execute("SELECT started_on FROM clients").fetchone()[0] == "2026-11-01"
    log = as_json(coach("log", "-c", "Ana", "--since", "2026-11-01", "--db", str(old), "-f", "json"))
    assert [e["ref"] for e in log] == ["s1", "r1", "a1", "c1", "s2"]
    # The old journal still undoes its write, described as it was.
    assert ok(coach("undo", "--db", str(old))) == "Undid: log step 1 done on 2026-11-02.\n"


def test_migration_to_schema_9_reads_one_days_status_changes_in_the_order_they_were_made(
    tmp_path: Path,
) -> None:
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    migrate(conn, stop_before="0009_one_status_order_everywhere")
    conn.execute("COMMIT")
    t0, t1, t2 = "2026-11-01T08:00:00.000Z", "2026-11-17T09:00:00.000Z", "2026-11-17T10:00:00.000Z"
    # A file that received a colleague's later change first: by local id, 'paused' is the latest.
    conn.executescript(f"""
        INSERT INTO clients VALUES (1, 'Ana', 'n', NULL, 'u-c', '{t0}', '{t0}', '2026-11-01');
        INSERT INTO goals VALUES (1, 1, 'Sleep', NULL, NULL, 0, 'active', '2026-11-01', NULL,
                                  'u-g', '{t0}', '{t0}');
        INSERT INTO status_changes VALUES (1, 1, 'active', '2026-11-01', NULL, 'u-s1', '{t0}', '{t0}');
        INSERT INTO status_changes VALUES (2, 1, 'achieved', '2026-11-17', NULL, 'u-s2', '{t2}', '{t2}');
        INSERT INTO status_changes VALUES (3, 1, 'paused', '2026-11-17', NULL, 'u-s3', '{t1}', '{t1}');
    """)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 8
    assert conn.execute("SELECT status FROM goals").fetchone() == ("paused",)
    kept = {t: conn.execute(f"SELECT * FROM {t}").fetchall() for t in ("clients", "status_changes")}
    conn.close()
    with Database.open(old) as store:
        for table, before in kept.items():
            assert [tuple(r) for r in store.conn.execute(f"SELECT * FROM {table}")] == before, table
        # The change made last that day is the goal's status, on every machine alike.
        assert tuple(store.conn.execute("SELECT status, status_on FROM goals").fetchone()) == (
            "achieved", "2026-11-17")
        store.conn.execute("DELETE FROM status_changes WHERE id = 2")  # the triggers use the order too
        assert tuple(store.conn.execute("SELECT status FROM goals").fetchone()) == ("paused",)
