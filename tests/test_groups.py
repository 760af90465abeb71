"""Groups: dated membership and consent, a shared challenge, and the group report peers read.

A group of five shares "Run" on mon/wed/fri from Monday 2026-11-02. Ana shares
her name as "Blue Fox", Bo his own, Cy totals (the default), Dee nothing;
Eli joins in the third week.
"""

from __future__ import annotations

import contextlib
import json
import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachcli import service
from coachcli.domain.groups import LEVELS
from coachcli.errors import CoachError
from coachcli.store.db import Database
from helpers import Coach, Templates, as_json, assert_user_error, ok, records, rows, snapshot

START = "2026-11-02"  # a Monday
WEEK3 = "2026-11-22"  # the Sunday ending the third week


def _done(coach: Coach, who: str, *days: str) -> None:
    for day in days:
        ok(coach("done", "Run", "-c", who, "--on", day, today=WEEK3))


def build_group(coach: Coach) -> None:
    for name in ("Ana", "Bo", "Cy", "Dee", "Eli"):
        ok(coach("client", "add", name))
    ok(coach("group", "add", "Runners", "--note", "Tuesday group"))
    for name in ("Ana", "Bo", "Cy", "Dee"):
        ok(coach("group", "join", "Runners", name))
    ok(coach("group", "step", "Runners", "Run 20 minutes", "--every", "mon,wed,fri"))
    ok(coach("group", "consent", "Runners", "Ana", "named", "--as", "Blue Fox"))
    ok(coach("group", "consent", "Runners", "Bo", "named"))
    ok(coach("group", "consent", "Runners", "Dee", "none"))
    _done(coach, "Ana", "2026-11-02", "2026-11-04", "2026-11-06")
    _done(coach, "Dee", "2026-11-02", "2026-11-04", "2026-11-06")
    _done(coach, "Bo", "2026-11-04")


@pytest.fixture
def group(db_path: Path, templates: Templates) -> Coach:
    """Five clients, four of them in Runners with its step, and a week of runs (built once, copied)."""
    templates.copy(build_group, db_path, START)
    return Coach(db_path, START)


def _report(coach: Coach, *args: str, today: str = WEEK3) -> dict:  # type: ignore[type-arg]
    return as_json(coach("report", "--group", "Runners", "--format", "json", *args, today=today))  # type: ignore[return-value]


def test_every_member_gets_their_own_step_under_a_goal_named_after_the_group(group: Coach) -> None:
    db = group.db
    assert db is not None
    copies = rows(db, "SELECT c.name, g.title, s.title, s.schedule, s.start_date FROM group_steps x"
                      " JOIN steps s ON s.id = x.step_id JOIN goals g ON g.id = s.goal_id"
                      " JOIN clients c ON c.id = g.client_id ORDER BY c.name")
    members = ("Ana", "Bo", "Cy", "Dee")
    assert copies == [(n, "Runners", "Run 20 minutes", "mon,wed,fri", START) for n in members]
    # One joining later gets it from their join day, and can log it by its title.
    ok(group("group", "join", "Runners", "Eli", "--on", "2026-11-16", today=WEEK3))
    assert rows(db, "SELECT s.start_date FROM steps s JOIN goals g ON g.id = s.goal_id"
                    " JOIN clients c ON c.id = g.client_id WHERE c.name = 'Eli'") == [("2026-11-16",)]


def test_peers_see_totals_and_consented_names_and_nothing_of_a_member_sharing_none(group: Coach) -> None:
    report = _report(group, "--week", "2026-W45")
    week = report["weeks"][-1]
    # Dee (none) did it too, but peers count only Ana, Bo and Cy: Ana alone did all three runs.
    assert (week["members"], week["did"], week["done"]) == (3, 1, 4)
    assert report["celebrations"] == ["Blue Fox"]
    assert "members" not in report
    text = ok(group("report", "--group", "Runners", "--week", "2026-W45", "--format", "text", today=WEEK3))
    for hidden in ("Ana", "Dee", "Cy", "none"):
        assert hidden not in text, hidden
    assert "Blue Fox" in text
    assert "1 of 3 members did the challenge" in text
    assert "A question for the group: What" in text


def test_the_coach_view_adds_every_members_figures(group: Coach) -> None:
    report = _report(group, "--week", "2026-W45", "--coach")
    figures = {m["name"]: (m["level"], m["shown_as"], m["weeks"][-1]) for m in report["members"]}
    assert figures == {
        "Ana": ("named", "Blue Fox", {"done": 3, "planned": 3, "amount": None, "target": None, "did": True}),
        "Bo": ("named", None, {"done": 1, "planned": 3, "amount": None, "target": None, "did": False}),
        "Cy": ("totals", None, {"done": 0, "planned": 3, "amount": None, "target": None, "did": False}),
        "Dee": ("none", None, {"done": 3, "planned": 3, "amount": None, "target": None, "did": True}),
    }


def test_a_sensitive_challenge_names_nobody_whatever_the_level(group: Coach) -> None:
    ok(group("group", "step", "Runners", "Weigh in", "--every", "weekly", "--sensitive", today="2026-11-09"))
    report = _report(group, "--week", "2026-W46")
    assert report["challenge"]["sensitive"] is True
    assert report["celebrations"] == []


def test_a_past_week_reads_as_it_was_after_later_joins_leaves_dones_and_a_more_open_level(
        group: Coach) -> None:
    week45 = ("report", "--group", "Runners", "--week", "2026-W45", "--format", "text")
    before = ok(group(*week45, today=WEEK3))
    ok(group("group", "join", "Runners", "Eli", "--on", "2026-11-10", today=WEEK3))
    ok(group("group", "leave", "Runners", "Bo", "--on", "2026-11-11", today=WEEK3))
    ok(group("group", "consent", "Runners", "Cy", "named", "--on", "2026-11-12", today=WEEK3))
    _done(group, "Cy", "2026-11-09", "2026-11-11", "2026-11-13")
    _done(group, "Eli", "2026-11-13")
    after = ok(group(*week45, today=WEEK3))
    assert after == before
    # ...while the week they happened in shows them.
    later = _report(group, "--week", "2026-W46")
    assert later["celebrations"] == ["Cy"]  # Ana logged nothing that week
    assert later["weeks"][-1]["members"] == 4  # Ana, Bo (until the 10th), Cy, Eli; never Dee


def test_a_withdrawal_reaches_back_into_every_report_made_after_it(group: Coach) -> None:
    assert _report(group, "--week", "2026-W45")["celebrations"] == ["Blue Fox"]
    ok(group("group", "consent", "Runners", "Ana", "none", today="2026-11-20"))
    past = _report(group, "--week", "2026-W45")
    assert past["celebrations"] == []
    assert past["weeks"][-1]["members"] == 2  # Bo and Cy
    text = ok(group("report", "--group", "Runners", "--week", "2026-W45", "--format", "markdown",
                     today=WEEK3))
    assert "Blue Fox" not in text
    assert "Ana" not in text


def test_membership_is_dated_and_a_left_member_counts_for_the_weeks_they_were_in(group: Coach) -> None:
    ok(group("group", "leave", "Runners", "Cy", "--on", "2026-11-09", today=WEEK3))
    assert _report(group, "--week", "2026-W45")["weeks"][-1]["members"] == 3
    assert _report(group, "--week", "2026-W46")["weeks"][-1]["members"] == 2
    shown = as_json(group("group", "show", "Runners", "--format", "json", today=WEEK3))
    assert {(m["name"], m["left_on"]) for m in shown["members"]} >= {("Cy", "2026-11-09")}  # type: ignore[index]


def test_undo_takes_back_a_join_with_the_step_it_gave(group: Coach) -> None:
    db = group.db
    assert db is not None
    before = records(db)
    ok(group("group", "join", "Runners", "Eli", today=WEEK3))
    assert records(db) != before
    ok(group("undo", today=WEEK3))
    assert records(db) == before


def test_a_purged_member_leaves_no_trace_in_any_group_record_or_report(group: Coach) -> None:
    db = group.db
    assert db is not None
    ok(group("client", "delete", "Ana", "--yes", "--purge", today=WEEK3))
    for table in ("group_members", "group_consents"):
        orphans = f"SELECT count(*) FROM {table} WHERE client_id NOT IN (SELECT id FROM clients)"
        assert rows(db, orphans) == [(0,)]
    assert rows(db, "SELECT count(*) FROM group_consents WHERE pseudonym = 'Blue Fox'") == [(0,)]
    report = _report(group, "--week", "2026-W45", "--coach")
    assert [m["name"] for m in report["members"]] == ["Bo", "Cy", "Dee"]
    assert "Blue Fox" not in json.dumps(report)
    assert "verdict: healthy" in ok(group("db", "check", today=WEEK3))


def test_export_and_import_carry_groups_whole(group: Coach, tmp_path: Path) -> None:
    out = tmp_path / "all.json"
    ok(group("export", "--format", "json", "-o", str(out), today=WEEK3))
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [m["joined_on"] for m in doc["group_members"]] == [START] * 4
    assert {c["level"] for c in doc["group_consents"]} == {"named", "none"}
    fresh = Coach(tmp_path / "fresh.db", WEEK3)
    ok(fresh("import", str(out)))
    assert _report(fresh, "--week", "2026-W45", "--coach") == _report(group, "--week", "2026-W45", "--coach")
    assert "group links: ok" in ok(fresh("db", "check"))


def test_db_check_finds_a_membership_naming_no_group(group: Coach) -> None:
    db = group.db
    assert db is not None
    import sqlite3

    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE group_members SET group_uuid = ? WHERE id = 1",
                     ("00000000-0000-4000-8000-000000000000",))
    checked = group("db", "check", today=WEEK3)
    assert "1 group memberships name a group or challenge that is not here" in checked.stdout + checked.stderr


@pytest.mark.parametrize(("args", "fragment"), [
    (("group", "join", "Walkers", "Ana"), "no group named 'Walkers'"),
    (("group", "join", "Runners", "Ana"), "Ana is a member of 'Runners' since 2026-11-02"),
    (("group", "leave", "Runners", "Eli"), "Eli is not a member of 'Runners'"),
    (("group", "consent", "Runners", "Bo", "everyone"), "LEVEL must be one of none, totals, named"),
    (("group", "consent", "Runners", "Bo", "named", "--as", "Cy"), "another person's name"),
    (("group", "consent", "Runners", "Bo", "totals", "--as", "Owl"), "goes with the level named"),
    (("group", "add", "runners"), "a group named 'runners' already exists"),
    (("group", "step", "Runners", "Run 20 minutes", "--every", "daily"), "already has a challenge"),
    (("group", "join", "Runners", "Eli", "--on", "2026-12-01"), "is in the future"),
])
def test_bad_input_is_one_line_and_changes_nothing(group: Coach, args: tuple[str, ...],
                                                   fragment: str) -> None:
    db = group.db
    assert db is not None
    before = snapshot(db)
    assert_user_error(group(*args, today=WEEK3), fragment)
    assert snapshot(db) == before


def test_groups_travel_by_their_own_exchange_not_the_records_one() -> None:
    """The record exchange leaves the group tables to portable/groupsync.py, which carries each."""
    from coachcli.portable import exchange, groupsync
    from coachcli.store.migrations import SYNCED
    from coachcli.store.schema import LOCAL_ONLY

    assert not {t.name for t in exchange.TABLES} & LOCAL_ONLY
    assert "group_consents" not in SYNCED
    # A group's sessions are its coach's notes: they stay on the coach's machine.
    assert set(groupsync.ORDER) == LOCAL_ONLY - {"group_sessions"}


def test_a_schema_11_database_migrates_keeping_every_record_and_can_hold_groups(tmp_path: Path) -> None:
    import contextlib
    import sqlite3

    from coachcli.store.db import SCHEMA_VERSION
    from coachcli.store.migrations import migrate

    ten = tmp_path / "eleven.db"
    with contextlib.closing(sqlite3.connect(ten, isolation_level=None)) as conn:
        conn.execute("BEGIN IMMEDIATE")
        migrate(conn, stop_before="0012_groups")
        conn.execute("COMMIT")
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 11
        t = "2026-11-01T08:00:00.000Z"
        conn.execute("INSERT INTO clients (id, name, uuid, created_at, updated_at, started_on)"
                     f" VALUES (1, 'Ana', 'u-c', '{t}', '{t}', '2026-11-01')")
    before = records(ten)
    assert before is not None
    coach = Coach(ten, START)
    ok(coach("group", "add", "Runners"))  # migrates on write
    ok(coach("group", "join", "Runners", "Ana"))
    after = records(ten)
    assert after is not None
    assert rows(ten, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert after["clients"] == before["clients"]
    assert len(after["group_members"]) == 1


def test_the_group_pages_use_no_judging_words(group: Coach) -> None:
    from test_lexicon import BANNED

    ok(group("group", "leave", "Runners", "Bo", "--on", "2026-11-16", today=WEEK3))
    for args in (("report", "--group", "Runners"), ("report", "--group", "Runners", "--coach"),
                 ("report", "--group", "Runners", "--summary"), ("group", "show", "Runners"),
                 ("group", "list")):
        for fmt in ("text", "markdown"):
            out = ok(group(*args, "--format", fmt, today=WEEK3)).replace("Tuesday group", "")
            assert not BANNED.search(out), (args, BANNED.search(out))


def test_a_more_open_level_after_a_withdrawal_never_reopens_the_weeks_before_it(group: Coach) -> None:
    ok(group("group", "consent", "Runners", "Ana", "none", "--on", "2026-11-10", today=WEEK3))
    ok(group("group", "consent", "Runners", "Ana", "named", "--as", "Blue Fox", "--on", "2026-11-12",
              today=WEEK3))
    assert _report(group, "--week", "2026-W45")["celebrations"] == []
    _done(group, "Ana", "2026-11-16", "2026-11-18", "2026-11-20")
    assert _report(group, "--week", "2026-W47")["celebrations"] == ["Blue Fox"]


def test_a_pseudonym_chosen_later_hides_the_name_in_past_weeks_and_dropping_it_reveals_nothing(
        group: Coach) -> None:
    _done(group, "Bo", "2026-11-02", "2026-11-06")
    assert _report(group, "--week", "2026-W45")["celebrations"] == ["Blue Fox", "Bo"]
    ok(group("group", "consent", "Runners", "Bo", "named", "--as", "Owl", today="2026-11-20"))
    ok(group("group", "consent", "Runners", "Ana", "named", today="2026-11-21"))
    assert _report(group, "--week", "2026-W45")["celebrations"] == ["Blue Fox", "Owl"]


# ------------------------------------------------------------------ the timeline invariant

_NAMES = ("Ana", "Bo", "Cy", "Dee", "Eli")
_DAY0 = date(2026, 11, 2)
_LAST = _DAY0 + timedelta(days=20)  # the last day the windows below hold (Sunday 2026-11-22)
_TODAY = _LAST + timedelta(days=14)


@st.composite
def _group_scenarios(draw: st.DrawFn) -> dict[str, Any]:
    joins = draw(st.lists(st.tuples(st.sampled_from(_NAMES), st.integers(0, 20)), min_size=1, max_size=6))
    consents = draw(st.lists(st.tuples(st.sampled_from(_NAMES), st.integers(0, 20),
                                       st.sampled_from(LEVELS), st.sampled_from([None, "Owl", "Fox"])),
                             max_size=6))
    dones = draw(st.lists(st.tuples(st.sampled_from(_NAMES), st.integers(0, 20)), max_size=25))
    return {"joins": joins, "consents": consents, "dones": dones, "start": draw(st.integers(0, 10))}


@st.composite
def _later(draw: st.DrawFn) -> list[tuple[str, str, int, str]]:
    """Operations dated after the windows: joins, leaves, dones, a more open level, a new challenge."""
    kinds = st.sampled_from(["join", "leave", "done", "done", "open", "challenge"])
    return draw(st.lists(st.tuples(kinds, st.sampled_from(_NAMES), st.integers(1, 14),
                                   st.sampled_from(LEVELS)), min_size=1, max_size=8))


def _copy_of(db: Database, who: str) -> int | None:
    from coachcli.service.groups import show_group

    view = show_group(db, "Runners")
    ids = list(view.challenges)
    if not ids:
        return None
    from coachcli.store import groups as store  # the test reads the link as it is stored

    client = service.find_client(db, who)
    return None if client is None else store.copy_of(db, ids[0].uuid, client.id)


def _quietly(call: Any, *args: Any, **kwargs: Any) -> None:
    with contextlib.suppress(CoachError):  # refused (already a member, not a member): nothing written
        call(*args, **kwargs)


def _build(db: Database, s: dict[str, Any]) -> None:
    for name in _NAMES:
        service.add_client(db, name, None, today=_DAY0, on=_DAY0)
    service.add_group(db, "Runners", None, today=_DAY0)
    for who, day in sorted(s["joins"], key=lambda j: j[1]):
        _quietly(service.join_group, db, "Runners", who, on=_DAY0 + timedelta(days=day), today=_LAST)
    service.add_challenge(db, "Runners", "Run", "mon,wed,fri", start=_DAY0 + timedelta(days=s["start"]),
                          today=_LAST)
    for who, day, level, pseudonym in s["consents"]:
        _quietly(service.set_consent, db, "Runners", who, level,
                 pseudonym=pseudonym if level == "named" else None, on=_DAY0 + timedelta(days=day),
                 today=_LAST)
    for who, day in s["dones"]:
        step = _copy_of(db, who)
        if step is not None:
            _quietly(service.log_action, db, step, "done", on=_DAY0 + timedelta(days=day), today=_LAST)


def _apply_later(db: Database, ops: list[tuple[str, str, int, str]]) -> None:
    from coachcli.domain.groups import consent_on
    from coachcli.service.groups import show_group

    for kind, who, days, level in ops:
        day = _LAST + timedelta(days=days)
        if kind == "join":
            _quietly(service.join_group, db, "Runners", who, on=day, today=_TODAY)
        elif kind == "leave":
            _quietly(service.leave_group, db, "Runners", who, on=day, today=_TODAY)
        elif kind == "done":
            step = _copy_of(db, who)
            if step is not None:
                _quietly(service.log_action, db, step, "done", on=day, today=_TODAY)
        elif kind == "open":
            view = show_group(db, "Runners")
            client = service.find_client(db, who)
            assert client is not None
            now, pseudonym = consent_on([c for c in view.consents if c.client_id == client.id], day)
            if LEVELS.index(level) >= LEVELS.index(now):  # more open, or the same: never a withdrawal
                _quietly(service.set_consent, db, "Runners", who, level,
                         pseudonym=pseudonym if level == "named" else None, on=day, today=_TODAY)
        else:
            _quietly(service.add_challenge, db, "Runners", f"Later {days}", "daily", start=day, today=_TODAY)


_WINDOWS = (("--week", "2026-W47"), ("--week", "2026-W46"), ("--until", "2026-11-18"))


def _render(path: Path) -> list[str]:
    coach = Coach(path, _TODAY.isoformat())
    return [ok(coach("report", "--group", "Runners", *w, *extra, "--format", fmt))
            for w in _WINDOWS for extra in ((), ("--coach",)) for fmt in ("text", "json", "markdown")]


@settings(max_examples=int(os.environ.get("COACH_TIMELINE_EXAMPLES", "15")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(_group_scenarios(), _later())
def test_a_past_group_window_reads_the_same_whatever_happens_after_it(
        tmp_path: Path, s: dict[str, Any], ops: list[tuple[str, str, int, str]]) -> None:
    path = tmp_path / f"{uuid4()}.db"  # a new file for each example (shrinking repeats them)
    with contextlib.closing(Database.open(path)) as db:
        _build(db, s)
        before = _render(path)
        _apply_later(db, ops)
    assert _render(path) == before


def test_a_purge_forgets_a_pseudonym_even_one_whose_write_was_undone(group: Coach) -> None:
    db = group.db
    assert db is not None
    ok(group("group", "consent", "Runners", "Bo", "named", "--as", "Lantern Moth", today=WEEK3))
    ok(group("undo", today=WEEK3))  # the row is gone; the undo's journal entry still holds it
    removed = ok(group("client", "delete", "Bo", "--yes", "--purge", today=WEEK3))
    assert "2 group memberships" not in removed
    assert "1 group membership" in removed
    files = [p for p in db.parent.iterdir() if p.name.startswith(db.name)]
    assert files
    assert not [p for p in files if b"Lantern Moth" in p.read_bytes()]


@pytest.mark.parametrize("extra", [(), ("--coach",), ("--summary",)])
def test_the_group_reports_json_validates_against_its_schema(group: Coach, extra: tuple[str, ...]) -> None:
    import jsonschema

    schema = json.loads((Path(__file__).parents[1] / "src" / "coachcli" / "group-report.schema.json")
                        .read_text(encoding="utf-8"))
    ok(group("group", "leave", "Runners", "Bo", "--on", "2026-11-16", today=WEEK3))
    for week in ("2026-W45", "2026-W47"):
        jsonschema.Draft202012Validator(schema).validate(_report(group, "--week", week, *extra))
    empty = Coach(group.db, WEEK3)
    ok(empty("group", "add", "Walkers"))
    doc = as_json(empty("report", "--group", "Walkers", "--format", "json", *extra))
    jsonschema.Draft202012Validator(schema).validate(doc)
    assert doc["challenge"] is None  # type: ignore[index]


def test_an_import_whose_membership_names_no_group_is_refused_whole(group: Coach, tmp_path: Path) -> None:
    out = tmp_path / "all.json"
    ok(group("export", "--format", "json", "-o", str(out), today=WEEK3))
    doc = json.loads(out.read_text(encoding="utf-8"))
    doc["groups"] = []
    doc["group_challenges"] = []
    doc["group_steps"] = []
    out.write_text(json.dumps(doc), encoding="utf-8")
    fresh = Coach(tmp_path / "fresh.db", WEEK3)
    ok(fresh("client", "add", "Zoe"))
    before = snapshot(tmp_path / "fresh.db")
    assert_user_error(fresh("import", str(out)), "4 group memberships, 3 group consents name a group")
    assert snapshot(tmp_path / "fresh.db") == before


def test_the_group_page_in_html_escapes_what_members_typed_and_hides_who_shares_nothing(
        group: Coach, tmp_path: Path) -> None:
    ok(group("group", "consent", "Runners", "Bo", "named", "--as", "<b>Owl</b>", today=WEEK3))
    _done(group, "Bo", "2026-11-16", "2026-11-18", "2026-11-20")
    page = tmp_path / "runners.html"
    ok(group("report", "--group", "Runners", "-o", str(page), "--quiet", today=WEEK3))
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "&lt;b&gt;Owl&lt;/b&gt;" in html
    assert "<b>Owl" not in html
    for hidden in ("Dee", "Ana", "Cy"):
        assert hidden not in html, hidden
    assert oct(page.stat().st_mode & 0o777) == "0o600"
