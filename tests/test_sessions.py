"""Sessions and commitments as records: notes read whole, commitments judged later, never by shared words."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from coachcli.store import Database
from coachcli.store.db import SCHEMA_VERSION
from coachcli.store.migrations import listed_commitment_uuid, migrate
from helpers import as_json, assert_user_error, ok, rows, snapshot

NOTES = ("Phone session. Rolled with 'I just don't have time' - explored what a 10k would give him: "
         "time with his kids at the park, a body that does not ache on Monday mornings, and the quiet "
         "of an early run before the house wakes up. He said the first week back should be small.\n"
         "Second thought: he would like to talk to his partner about Saturday mornings.")


def build_dan(coach):  # type: ignore[no-untyped-def]
    ok(coach("client", "add", "Dan", "--on", "2026-11-02"))
    ok(coach("goal", "add", "Run a 10k", "-c", "Dan", "--on", "2026-11-02", "--why", "for the kids"))
    ok(coach("step", "add", "1", "Run 20 minutes", "--every", "mon,wed,fri", "--start", "2026-11-02"))
    ok(coach("checkin", "-c", "Dan", "--session", "--on", "2026-11-09", "--note", NOTES,
             "--commit", "Run Monday, Wednesday and Friday before work", "--sure", "6",
             "--commit", "Alcohol-free evenings", "--change", "I want to be able to keep up with them",
             "--sustain", "I just don't have time", "--next", "2026-11-16", today=date(2026, 11, 9)))
    ok(coach("missed", "1", "--on", "2026-11-11", "--note", "team drinks on Friday"))
    ok(coach("done", "1", "--on", "2026-11-13"))


@pytest.fixture
def dan(coach, db_path, templates):  # type: ignore[no-untyped-def]
    """Dan since Mon 2 Nov: a goal, a mon/wed/fri run (step 1), a session on Mon 9 Nov."""
    templates.copy(build_dan, db_path)
    return coach


def test_prep_opens_with_the_last_sessions_notes_and_agreements_whole(dan) -> None:
    text = ok(dan("prep", "Dan", "-f", "text", today=date(2026, 11, 16)))
    first = text.split("\n\n")[1]
    assert first.startswith("Last session (2026-11-09)\n")
    flat = " ".join(first.split())
    assert " ".join(NOTES.split()) in flat  # every word of the notes, none cut
    assert "\n    Second thought: he would like" in first  # its own line break kept
    assert "k1: 'Run Monday, Wednesday and Friday before work' (6/10 sure)" in flat
    assert "Next session: 2026-11-16" in flat
    assert "'I want to be able to keep up with them'" in text.split("To affirm")[0]
    doc = as_json(dan("prep", "Dan", "-f", "json", today=date(2026, 11, 16)))
    assert doc["session"]["note"] == NOTES
    assert doc["session"]["next_session_on"] == "2026-11-16"
    assert [(a["ref"], a["sure"], a["outcome"]) for a in doc["session"]["agreed"]] == [
        ("k1", 6, None), ("k2", 6, None)]
    assert doc["change_talk"] == [{"on_date": "2026-11-09", "text": "I want to be able to keep up with them"}]
    assert doc["sustain_talk"] == [{"on_date": "2026-11-09", "text": "I just don't have time"}]


def test_a_commitment_is_never_tied_to_an_entry_by_a_shared_word(dan) -> None:
    # "Friday" in the commitment and in the miss's note: no longer a follow-up.
    doc = as_json(dan("prep", "Dan", "-f", "json", today=date(2026, 11, 16)))
    assert [c["followed"] for c in doc["commitments"]] == [[], []]
    assert "team drinks" not in ok(dan("prep", "Dan", "-f", "text", today=date(2026, 11, 16))).split(
        "commitments to go over")[1].split("Ratings")[0].split("What got in the way")[0]


def test_a_commitment_made_today_is_not_asked_about_and_cannot_be_judged_today(dan, db_path) -> None:
    doc = as_json(dan("prep", "Dan", "-f", "json", today=date(2026, 11, 9)))
    assert doc["commitments"] == []
    assert not any("How did that go" in q for q in doc["questions"])
    report = as_json(dan("report", "-c", "Dan", "-f", "json", today=date(2026, 11, 9)))["clients"][0]
    assert report["follow_through"] == [
        {"sure": 6, "made": 2, "kept": 0, "partly": 0, "not_kept": 0, "open": 2}]
    before = snapshot(db_path)
    assert_user_error(dan("checkin", "-c", "Dan", "--on", "2026-11-09", "--kept", "k1",
                          today=date(2026, 11, 9)),
                      "k1 was made on 2026-11-09: how it went can be marked from 2026-11-10 on")
    assert_user_error(dan("edit", "k1", "--outcome", "kept", today=date(2026, 11, 9)), "from 2026-11-10 on")
    assert snapshot(db_path) == before


def test_commitments_are_marked_by_flag_and_by_edit_and_counted_so(dan, db_path) -> None:
    day = date(2026, 11, 16)
    out = ok(dan("checkin", "-c", "Dan", "--session", "--on", "2026-11-16", "--kept", "k1",
                 "--not-kept", "K2", today=day))
    assert "'Run Monday, Wednesday and Friday before work' (2026-11-09): kept." in out
    assert "'Alcohol-free evenings' (2026-11-09): not kept." in out
    assert rows(db_path, "SELECT id, outcome, outcome_on FROM commitments ORDER BY id") == [
        (1, "kept", "2026-11-16"), (2, "not_kept", "2026-11-16")]
    report = as_json(dan("report", "-c", "Dan", "-f", "json", today=day))["clients"][0]
    assert report["follow_through"] == [
        {"sure": 6, "made": 2, "kept": 1, "partly": 0, "not_kept": 1, "open": 0}]
    assert "6/10 sure: 2 made: 1 kept, 1 not kept" in ok(dan("report", "-c", "Dan", "-f", "text", today=day))
    shown = ok(dan("edit", "k2", "--outcome", "partly", today=day))
    assert "outcome: not_kept → partly" in shown or "not_kept" in shown
    assert rows(db_path, "SELECT outcome FROM commitments WHERE id = 2") == [("partly",)]
    assert ok(dan("undo", today=day)).startswith("Undid: Dan")
    assert rows(db_path, "SELECT outcome FROM commitments WHERE id = 2") == [("not_kept",)]
    before = snapshot(db_path)
    assert_user_error(dan("edit", "k2", "--outcome", "mostly", today=day), "kept, partly or not-kept")
    assert_user_error(dan("checkin", "-c", "Dan", "--kept", "k9", today=day), "k9 is not one of Dan's")
    assert_user_error(dan("checkin", "-c", "Dan", "--kept", "walk", today=day), "such as k12")
    assert snapshot(db_path) == before


def test_a_commitment_becomes_a_one_off_step_or_is_linked_to_one(dan, db_path) -> None:
    day = date(2026, 11, 16)
    out = ok(dan("checkin", "-c", "Dan", "--session", "--commit", "Book the physio", "--as-step", "1",
                 "--due", "2026-11-20", today=day))
    assert "Due: 2026-11-20." in out
    assert rows(db_path, "SELECT id, title, due_date, start_date FROM steps WHERE id = 2") == [
        (2, "Book the physio", "2026-11-20", "2026-11-16")]
    assert rows(db_path, "SELECT due_date, step_uuid = (SELECT uuid FROM steps WHERE id = 2)"
                         " FROM commitments WHERE id = 3") == [("2026-11-20", 1)]
    ok(dan("checkin", "-c", "Dan", "--commit", "Three runs", "--step", "run 20", today=day))
    ok(dan("done", "1", "--on", "2026-11-18", today=date(2026, 11, 19)))
    doc = as_json(dan("prep", "Dan", "-f", "json", today=date(2026, 11, 19)))
    linked = next(c for c in doc["commitments"] if c["text"] == "Three runs")
    assert linked["step"] == "Run 20 minutes"
    assert [(f["on_date"], f["kind"]) for f in linked["followed"]] == [("2026-11-18", "done")]
    # One write: undo takes the session, its commitment and the step made from it together.
    for _ in range(3):  # the done, the check-in linked to step 1, the session
        ok(dan("undo", today=day))
    assert rows(db_path, "SELECT count(*) FROM steps") == [(1,)]
    assert rows(db_path, "SELECT count(*) FROM commitments") == [(2,)]
    before = snapshot(db_path)
    assert_user_error(dan("checkin", "-c", "Dan", "--commit", "x", "--step", "7", today=day),
                      "step 7 is not one of Dan's steps")
    assert_user_error(dan("checkin", "-c", "Dan", "--commit", "x", "--step", "Swim", today=day),
                      "Swim")
    assert_user_error(dan("checkin", "-c", "Dan", "--due", "friday", "--win", "x", today=day),
                      "give --commit too")
    assert_user_error(dan("checkin", "-c", "Dan", "--commit", "x", "--due", "2026-11-01", today=day),
                      "is before the day the commitment is made")
    assert snapshot(db_path) == before


def test_log_wraps_long_text_and_names_each_commitment(dan) -> None:
    out = ok(dan("log", "-c", "Dan", "-f", "text", today=date(2026, 11, 16)))
    assert "…" not in out
    flat = " ".join(out.split())
    assert "Second thought: he would like to talk to his partner about Saturday mornings." in flat
    assert all(len(line) <= 80 for line in out.splitlines())
    commitment = [line for line in out.splitlines() if line.startswith("k1 ")]
    assert commitment
    assert "commitment" in commitment[0]
    wide = ok(dan("log", "-c", "Dan", "-f", "rich", today=date(2026, 11, 16), COLUMNS="250"))
    assert "…" not in wide
    assert "Saturday mornings" in wide


def test_deleting_a_checkin_takes_its_commitments_and_undo_brings_them_back(dan, db_path) -> None:
    every = "SELECT id, text, sure FROM commitments ORDER BY id"
    kept = rows(db_path, every)
    assert ok(dan("delete", "c1")).startswith("Deleted")
    assert rows(db_path, every) == []
    ok(dan("undo"))
    assert rows(db_path, every) == kept
    ok(dan("edit", "c1", "--commit", "One run", "--commit", "Two runs"))
    assert [t for _, t, _ in rows(db_path, every)] == ["One run", "Two runs"]
    assert {s for *_, s in rows(db_path, every)} == {6}


def test_commitments_and_talk_travel_through_export_and_import(dan, coach, tmp_path: Path) -> None:
    ok(dan("checkin", "-c", "Dan", "--on", "2026-11-16", "--partly", "k1", today=date(2026, 11, 16)))
    out = tmp_path / "all.json"
    ok(dan("export", "-o", str(out)))
    data = json.loads(out.read_text())
    assert [(c["text"], c["outcome"]) for c in data["commitments"]] == [
        ("Run Monday, Wednesday and Friday before work", "partly"), ("Alcohol-free evenings", None)]
    restored = tmp_path / "restored.db"
    ok(coach("import", str(out), "--db", str(restored)))
    with contextlib.closing(sqlite3.connect(restored)) as conn:
        made = "SELECT text, sure, outcome, outcome_on FROM commitments ORDER BY id"
        assert conn.execute(made).fetchall() == [
            ("Run Monday, Wednesday and Friday before work", 6, "partly", "2026-11-16"),
            ("Alcohol-free evenings", 6, None, None)]
        assert conn.execute("SELECT change_talk, sustain_talk, next_session_on FROM checkins"
                            " WHERE session = 1").fetchone() == (
            '["I want to be able to keep up with them"]', '["I just don\'t have time"]', "2026-11-16")


def test_an_older_export_with_commitments_in_a_checkin_is_read_into_records(coach, tmp_path: Path) -> None:
    ok(coach("client", "add", "Ana"))
    ok(coach("checkin", "-c", "Ana", "--win", "x"))
    out = tmp_path / "old.json"
    ok(coach("export", "-o", str(out)))
    data = json.loads(out.read_text())
    data["checkins"][0]["commitments"] = ["walk on Saturday", "call Sam"]
    data["checkins"][0]["sure"] = 5
    for key in ("next_session_on", "change_talk", "sustain_talk"):
        del data["checkins"][0][key]
    del data["commitments"]
    out.write_text(json.dumps(data))
    fresh = tmp_path / "fresh.db"
    ok(coach("import", str(out), "--db", str(fresh)))
    with contextlib.closing(sqlite3.connect(fresh)) as conn:
        assert conn.execute("SELECT text, sure, uuid FROM commitments ORDER BY id").fetchall() == [
            ("walk on Saturday", 5, listed_commitment_uuid(data["checkins"][0]["uuid"], 0)),
            ("call Sam", 5, listed_commitment_uuid(data["checkins"][0]["uuid"], 1))]
        assert conn.execute("SELECT commitments FROM checkins").fetchall() == [("[]",)]
    ok(coach("import", str(out), "--db", str(fresh)))  # again: nothing made twice
    with contextlib.closing(sqlite3.connect(fresh)) as conn:
        assert conn.execute("SELECT count(*) FROM commitments").fetchone() == (2,)


def test_migration_from_schema_10_keeps_every_commitment_as_a_record(tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    migrate(conn, stop_before="0011_sessions_and_commitments")
    conn.execute("COMMIT")
    t = "2026-11-01T08:00:00.000Z"
    conn.executescript(f"""
        INSERT INTO clients (id, name, uuid, created_at, updated_at, started_on)
            VALUES (1, 'Ana', 'u-c', '{t}', '{t}', '2026-11-01');
        INSERT INTO checkins (id, client_id, on_date, commitments, session, uuid, created_at, updated_at,
                              sure, recorded_on)
            VALUES (1, 1, '2026-11-03', '["walk on Saturday","call Sam"]', 1, 'u-k', '{t}', '{t}', 7,
                    '2026-11-03'),
                   (2, 1, '2026-11-04', '[]', 0, 'u-k2', '{t}', '{t}', NULL, '2026-11-04');
    """)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 10
    conn.close()
    with Database.open(old) as store:
        assert store.schema_version() == SCHEMA_VERSION  # through 11, to the latest
        got = store.conn.execute("SELECT checkin_id, text, sure, outcome, uuid FROM commitments ORDER BY id")
        assert [tuple(r) for r in got] == [
            (1, "walk on Saturday", 7, None, listed_commitment_uuid("u-k", 0)),
            (1, "call Sam", 7, None, listed_commitment_uuid("u-k", 1))]
        assert [tuple(r) for r in store.conn.execute(
            "SELECT id, commitments, change_talk, sustain_talk, next_session_on FROM checkins")] == [
            (1, "[]", "[]", "[]", None), (2, "[]", "[]", "[]", None)]


def test_a_purge_leaves_no_commitment_and_db_check_names_a_stray_link(dan, db_path) -> None:
    assert "commitment links: ok" in ok(dan("db", "check"))
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        conn.execute("UPDATE commitments SET step_uuid = 'not-a-step' WHERE id = 1")
        conn.commit()
    result = dan("db", "check")
    assert result.exit_code != 0
    assert "commitment links: 1 point at a step that is not the client's" in result.stdout
    ok(dan("client", "delete", "Dan", "--yes", "--purge"))
    assert rows(db_path, "SELECT count(*) FROM commitments") == [(0,)]


def test_sessions_are_in_the_report_with_their_notes_and_agreements(dan) -> None:
    day = date(2026, 11, 16)
    ok(dan("checkin", "-c", "Dan", "--session", "--on", "2026-11-16", "--kept", "k1", today=day))
    doc = as_json(dan("report", "-c", "Dan", "--since", "2026-11-09", "-f", "json", today=day))
    (dan_,) = doc["clients"]
    assert [(s["on_date"], s["note"], s["next_session_on"]) for s in dan_["sessions"]] == [
        ("2026-11-09", NOTES, "2026-11-16"), ("2026-11-16", None, None)]
    assert [(a["ref"], a["outcome"]) for a in dan_["sessions"][0]["agreed"]] == [("k1", "kept"), ("k2", None)]
    text = ok(dan("report", "-c", "Dan", "--since", "2026-11-09", "-f", "text", today=day))
    block = text.split("\nSessions\n")[1]
    assert block.startswith("  * 2026-11-09: Phone session.")
    assert "Agreed: k1 'Run Monday, Wednesday and Friday before work' (6/10 sure)" in " ".join(block.split())
    # A week holds its own sessions only.
    week = as_json(dan("report", "-c", "Dan", "--week", "2026-W47", "-f", "json", today=day))
    assert week["clients"][0]["sessions"] == [{"on_date": "2026-11-16", "note": None,
                                               "next_session_on": None, "agreed": []}]
