"""Group sessions, and the prep page before the next one: what changed since the last session.

Runners share "Run" (at least 20 km a week) from Monday 2026-11-02 and meet
that day. Ana shares her name as "Blue Fox", Bo his own, Cy totals, Dee
nothing. Between sessions Eli joins (totals), Fay joins (none), Cy chooses
to be named as "Owl" and Bo leaves.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from helpers import Coach, as_json, assert_user_error, records, rows, schema_before, snapshot
from helpers import ok_words as _ok

START = "2026-11-02"  # a Monday
TODAY = "2026-11-13"  # the Friday of the second week


@pytest.fixture
def runners(db_path: Path) -> Coach:
    coach = Coach(db_path, START)
    _ok(coach("group", "add", "Runners"))
    for name in ("Ana", "Bo", "Cy", "Dee", "Eli", "Fay"):
        _ok(coach("client", "add", name))
    for name in ("Ana", "Bo", "Cy", "Dee"):
        _ok(coach("group", "join", "Runners", name))
    _ok(coach("group", "step", "Runners", "Run", "--at-least", "20 km/week"))
    _ok(coach("group", "consent", "Runners", "Ana", "named", "--as", "Blue Fox"))
    _ok(coach("group", "consent", "Runners", "Bo", "named"))
    _ok(coach("group", "consent", "Runners", "Dee", "none"))
    _ok(coach("group", "session", "Runners", "--note", "Kick-off: 20 km a week each"))
    for day in ("2026-11-03", "2026-11-05", "2026-11-07", "2026-11-09", "2026-11-11", "2026-11-13"):
        _ok(coach("done", "Run", "-c", "Ana", "--on", day, "--amount", "6", today=TODAY))
        _ok(coach("done", "Run", "-c", "Dee", "--on", day, "--amount", "9", today=TODAY))
    _ok(coach("done", "Run", "-c", "Bo", "--on", "2026-11-04", "--amount", "5", today=TODAY))
    _ok(coach("done", "Run", "-c", "Cy", "--on", "2026-11-10", "--amount", "12.5", today=TODAY))
    _ok(coach("group", "join", "Runners", "Eli", "--on", "2026-11-06", today=TODAY))
    _ok(coach("group", "join", "Runners", "Fay", "--on", "2026-11-06", today=TODAY))
    _ok(coach("group", "consent", "Runners", "Fay", "none", "--on", "2026-11-06", today=TODAY))
    _ok(coach("group", "consent", "Runners", "Cy", "named", "--as", "Owl", "--on", "2026-11-08", today=TODAY))
    _ok(coach("group", "leave", "Runners", "Bo", "--on", "2026-11-09", today=TODAY))
    return coach


def _prep(coach: Coach, today: str = TODAY) -> dict[str, Any]:
    return as_json(coach("group", "prep", "Runners", "--format", "json", today=today))  # type: ignore[return-value]


def test_prep_reads_from_the_day_after_the_last_session_with_its_note(runners: Coach) -> None:
    prep = _prep(runners)
    assert (prep["since"], prep["until"]) == ("2026-11-03", TODAY)
    assert prep["last_session"] == {"on_date": START, "note": "Kick-off: 20 km a week each"}
    text = _ok(runners("group", "prep", "Runners", "--format", "text", today=TODAY))
    assert "Since the session of 02 Nov: 11 days, 03 Nov to 13 Nov 2026." in text
    assert "Last session's note: Kick-off: 20 km a week each" in text


def test_prep_counts_the_challenge_since_then_over_the_members_who_share(runners: Coach) -> None:
    figures = _prep(runners)["figures"]
    # Ana 36, Bo 5 (until he left), Cy 12.5, Eli 0 are counted; Dee (54) and Fay share nothing.
    assert figures["members"] == 4
    assert figures["amount"] == 53.5
    # 11 days ask 20 x 6/7 + 20 x 5/7 = 31.43 km: Ana's 36 met it, nobody else's.
    assert figures["did"] == 1
    text = _ok(runners("group", "prep", "Runners", "--format", "text", today=TODAY))
    assert "Since then, 1 of 4 members met the challenge; together, the group logged 53.5 km." in text


def test_wins_are_of_named_members_and_changes_name_only_who_chose_their_name(runners: Coach) -> None:
    prep = _prep(runners)
    assert prep["wins"] == [{"name": "Blue Fox", "amount": 36.0}]
    assert prep["changes"] == {"joined": [], "joined_others": 1, "left": ["Bo"], "left_others": 0,
                               "sharing_changed": 1, "new_challenges": []}
    text = _ok(runners("group", "prep", "Runners", "--format", "text", today=TODAY))
    assert "Blue Fox: 36 km since then, the challenge met." in text
    assert "Joined: 1 member." in text
    assert "Left: Bo." in text
    for hidden in ("Ana", "Dee", "Fay", "Cy", "Eli", "54"):
        assert hidden not in text, hidden
    assert "A question for the group: What" in text


def test_a_new_session_starts_the_next_prep_from_the_day_after_it(runners: Coach) -> None:
    _ok(runners("group", "session", "Runners", "--on", "2026-11-10", "--note", "Sunday long run?",
                today=TODAY))
    prep = _prep(runners)
    assert prep["since"] == "2026-11-11"
    assert prep["last_session"]["note"] == "Sunday long run?"
    assert prep["changes"]["left"] == []  # Bo left on the 9th, before that session
    assert prep["figures"]["amount"] == 12.0  # Ana's 11th and 13th


def test_without_a_session_prep_reads_since_the_group_began(db_path: Path) -> None:
    coach = Coach(db_path, START)
    _ok(coach("client", "add", "Ana"))
    _ok(coach("group", "add", "Walkers"))
    _ok(coach("group", "join", "Walkers", "Ana"))
    prep = as_json(coach("group", "prep", "Walkers", "--format", "json", today=TODAY))
    assert prep["last_session"] is None  # type: ignore[index]
    assert prep["since"] == START  # type: ignore[index]
    text = _ok(coach("group", "prep", "Walkers", "--format", "text", today=TODAY))
    assert "Since the group began: 12 days, 02 Nov to 13 Nov 2026." in text
    assert "No shared challenge yet" in text


def test_a_sensitive_challenge_gives_no_member_s_amount_in_prep(runners: Coach) -> None:
    _ok(runners("group", "step", "Runners", "Drinks", "--at-most", "14 drinks/week", "--sensitive",
                "--start", "2026-11-09", today="2026-11-09"))
    _ok(runners("done", "Drinks", "-c", "Ana", "--on", "2026-11-10", "--amount", "2", today=TODAY))
    prep = _prep(runners)
    assert prep["challenge"]["title"] == "Drinks"
    assert prep["wins"] == []
    assert prep["figures"]["amount"] == 2.0
    assert prep["changes"]["new_challenges"] == ["Drinks"]


def test_a_withdrawal_takes_the_member_out_of_prep(runners: Coach) -> None:
    _ok(runners("group", "consent", "Runners", "Ana", "none", today=TODAY))
    prep = _prep(runners)
    assert prep["wins"] == []
    assert prep["figures"]["members"] == 3
    assert "Blue Fox" not in json.dumps(prep)


@pytest.mark.parametrize("today", [START, TODAY])
def test_group_prep_json_validates_against_its_schema(runners: Coach, today: str) -> None:
    import jsonschema

    schema = json.loads((Path(__file__).parents[1] / "src" / "coachcli" / "group-prep.schema.json")
                        .read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(_prep(runners, today))


def test_a_session_is_a_record_shown_undone_exported_and_deleted_with_its_group(
        runners: Coach, tmp_path: Path) -> None:
    assert runners.db is not None
    shown = as_json(runners("group", "show", "Runners", "--format", "json", today=TODAY))
    assert [(s["on_date"], s["note"]) for s in shown["sessions"]] == [(START, "Kick-off: 20 km a week each")]  # type: ignore[index]
    _ok(runners("group", "session", "Runners", "--on", "2026-11-10", today=TODAY))
    assert "session" in _ok(runners("undo", today=TODAY))
    assert rows(runners.db, "SELECT on_date FROM group_sessions") == [(START,)]
    out = tmp_path / "all.json"
    _ok(runners("export", "--format", "json", "-o", str(out), today=TODAY))
    fresh = Coach(tmp_path / "fresh.db", TODAY)
    _ok(fresh("import", str(out)))
    held = "SELECT uuid, on_date, note FROM group_sessions"
    assert rows(tmp_path / "fresh.db", held) == rows(runners.db, held)
    assert "group links: ok" in _ok(fresh("db", "check"))
    _ok(runners("group", "delete", "Runners", "--yes", today=TODAY))
    assert rows(runners.db, "SELECT count(*) FROM group_sessions") == [(0,)]
    _ok(runners("undo", today=TODAY))
    assert rows(runners.db, "SELECT count(*) FROM group_sessions") == [(1,)]


def test_a_session_in_the_future_or_of_no_group_changes_nothing(runners: Coach) -> None:
    assert runners.db is not None
    before = snapshot(runners.db)
    assert_user_error(runners("group", "session", "Runners", "--on", "2026-12-01", today=TODAY), "--on")
    assert_user_error(runners("group", "session", "Walkers", today=TODAY), "no group named 'Walkers'")
    assert_user_error(runners("group", "prep", "Walkers", today=TODAY), "no group named 'Walkers'")
    assert snapshot(runners.db) == before


def test_a_schema_14_database_migrates_keeping_every_group_record(runners: Coach, tmp_path: Path) -> None:
    import contextlib
    import sqlite3

    from coachcli.store.db import SCHEMA_VERSION

    old = tmp_path / "fourteen.db"
    schema_before(old, "0015_group_sessions")
    with contextlib.closing(sqlite3.connect(old, isolation_level=None)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 14
        assert runners.db is not None
        conn.execute("ATTACH ? AS src", (str(runners.db),))
        for table in ("clients", "groups", "group_members", "group_consents", "group_challenges"):
            conn.execute(f"INSERT INTO {table} SELECT * FROM src.{table}")
        conn.execute("DETACH src")
    before = records(old)
    assert before is not None
    coach = Coach(old, TODAY)
    _ok(coach("group", "session", "Runners"))  # migrates on write
    after = records(old)
    assert after is not None
    assert rows(old, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    for table in ("clients", "groups", "group_members", "group_consents", "group_challenges"):
        assert after[table] == before[table], table
        assert after[table]
    assert len(after["group_sessions"]) == 1


def test_the_prep_page_uses_no_judging_words(runners: Coach) -> None:
    from test_lexicon import BANNED

    for fmt in ("text", "markdown"):
        page = _ok(runners("group", "prep", "Runners", "--format", fmt, today=TODAY))
        assert not BANNED.search(page.replace("Kick-off: 20 km a week each", "")), page


def test_coach_prep_group_is_the_same_page(runners: Coach) -> None:
    page = _ok(runners("group", "prep", "Runners", "--format", "markdown", today=TODAY))
    assert _ok(runners("prep", "--group", "Runners", "--format", "markdown", today=TODAY)) == page
    both = runners("prep", "Ana", "--group", "Runners", today=TODAY)
    assert both.exit_code == 2
    assert "--group prepares a group's session" in both.stderr


def test_a_member_s_machine_has_no_prep_of_a_group_it_receives_from_the_hub(runners: Coach) -> None:
    """The figures there are the hub's sums; prep would read only the member's own records."""
    assert runners.db is not None
    (uuid,) = rows(runners.db, "SELECT uuid FROM groups")[0]
    view = json.dumps({"upto": TODAY, "groups": {uuid: {"challenges": {}}}})
    with contextlib.closing(sqlite3.connect(runners.db)) as conn, conn:
        conn.execute("INSERT INTO meta (key, value) VALUES ('hub.group_view', ?)", (view,))
    before = snapshot(runners.db)
    assert_user_error(runners("group", "prep", "Runners", today=TODAY), "its prep is on the coach's machine")
    assert_user_error(runners("group", "session", "Runners", today=TODAY),
                      "its sessions are theirs to record")
    assert snapshot(runners.db) == before
