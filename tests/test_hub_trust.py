# ruff: noqa: F811 - the hub fixtures are shared with tests/test_hub.py by import
"""What a member sends the hub is checked there and again by every receiving sync.

Each test forges, as a coach's own role in raw SQL, what an earlier hub let
through (a tombstone for another client's record, a child row below a hidden
parent, a value no coachcli writes), and checks that a colleague's
``coach sync`` applies none of it and says what it left out. Where the hub now
refuses the forgery outright, the receiving side is checked with the hub's
owner writing the row past the hub's own checks, as an old or damaged hub would.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.helpers import assert_user_error, rows, snapshot
from tests.test_hub import TODAY as HUB_TODAY
from tests.test_hub import Hub, Machine, assert_ok, cluster, hub, invoke, practice  # noqa: F401

psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[test]')")


def uuid_of(hub: Hub, query: str, *params: Any) -> str:
    return str(hub.sql(query, *params)[0][0])


def past_the_hub(hub: Hub, query: str, *params: Any) -> None:
    """The hub's owner writes a row with the hub's triggers and keys off (an old or damaged hub)."""
    with psycopg.connect(hub.admin_url) as conn:
        conn.execute("SET session_replication_role = replica")
        conn.execute(query, params or None)


def grant(hub: Hub, role: str, *clients: str) -> None:
    assert_ok(invoke(None, "hub", "grant", role, *clients, "--hub", hub.admin_url))


def counts(m: Machine, *tables: str) -> dict[str, int]:
    return {t: len(m.records(t)) for t in tables}


@pytest.fixture
def ben_holds_jonas(practice: tuple[Machine, Machine], hub: Hub) -> tuple[Machine, Machine]:
    """Anna's demo caseload on the hub, its client Jonas granted to Ben and synced to his file."""
    anna, ben = practice
    grant(hub, ben.role, "Jonas")
    ben.sync()
    return anna, ben


def hub_uuids(hub: Hub) -> tuple[str, str, str]:
    """The hub's uuids of Hugo, of Jonas, and of one of Hugo's goals."""
    hugo = uuid_of(hub, "SELECT uuid FROM coachhub.clients WHERE name = 'Hugo'")
    jonas = uuid_of(hub, "SELECT uuid FROM coachhub.clients WHERE name = 'Jonas'")
    return hugo, jonas, uuid_of(hub, "SELECT uuid FROM coachhub.goals WHERE client_uuid = %s LIMIT 1", hugo)


def jonas_goal_ids(anna: Machine, ben: Machine) -> tuple[int, int]:
    """Jonas's first goal, by its id in Anna's file and in Ben's (ids are local to a file)."""
    ids = [json.loads(m("goal", "list", "-c", "Jonas", "--format", "json"))[0]["id"] for m in (anna, ben)]
    return ids[0], ids[1]


ALL = ("clients", "goals", "status_changes", "ratings", "steps", "step_plans", "actions", "checkins")


# ---------------------------------------------------------------- forged tombstones


def test_a_member_cannot_file_a_tombstone_for_another_clients_record(
    ben_holds_jonas: tuple[Machine, Machine], hub: Hub
) -> None:
    anna, ben = ben_holds_jonas
    hugo, jonas, goal = hub_uuids(hub)
    before = counts(anna, *ALL)
    # Ben holds only Jonas: a tombstone under Jonas naming Hugo, or Hugo's goal, is refused.
    for uuid, table in ((hugo, "clients"), (goal, "goals")):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            hub.sql("INSERT INTO coachhub.tombstones (uuid, tbl, client_uuid, deleted_at, seq)"
                    " VALUES (%s, %s, %s, '2026-11-18T00:00:00.000Z', 0)", uuid, table, jonas,
                    role=ben.role)
    # Nor can he rewrite a tombstone of his own client's into one naming Hugo's record.
    ben("checkin", "-c", "Jonas", "--note", "to delete")
    ben.sync()
    anna.sync()
    ben("undo")
    ben.sync()
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        hub.sql("UPDATE coachhub.tombstones SET uuid = %s, tbl = 'clients'", hugo, role=ben.role)
    assert "deletions 0 out, 1 in" in anna.sync()  # Ben's own deletion, and nothing else
    assert counts(anna, *ALL) == before
    assert hub.sql("SELECT count(*) FROM coachhub.clients WHERE name = 'Hugo'") == [(1,)]


def test_a_sync_applies_a_tombstone_only_under_the_records_own_client(
    practice: tuple[Machine, Machine], hub: Hub
) -> None:
    _anna, ben = practice
    grant(hub, ben.role, "Jonas", "Hugo")
    ben.sync()
    hugo, jonas, goal = hub_uuids(hub)
    before = counts(ben, *ALL)
    for uuid, table in ((hugo, "clients"), (goal, "goals")):
        past_the_hub(hub, "INSERT INTO coachhub.tombstones (uuid, tbl, client_uuid, deleted_at, seq)"
                     " VALUES (%s, %s, %s, '2026-11-18T00:00:00.000Z', nextval('coachhub.seq'))",
                     uuid, table, jonas)
    out = ben.sync()
    assert "deletions 0 out, 0 in" in out
    assert f"Left out a deletion from the hub (client {hugo})" in out
    assert f"Left out a deletion from the hub (goal {goal})" in out
    assert counts(ben, *ALL) == before
    assert "Hugo" in ben("client", "list", "--format", "text")


# ---------------------------------------------------------------- children of hidden parents


def test_a_child_row_below_another_clients_parent_is_refused_by_the_hub(
    ben_holds_jonas: tuple[Machine, Machine], hub: Hub
) -> None:
    anna, ben = ben_holds_jonas
    hugo, jonas, goal = hub_uuids(hub)
    step = uuid_of(hub, "SELECT uuid FROM coachhub.steps WHERE client_uuid = %s LIMIT 1", hugo)
    forgeries = [
        ("INSERT INTO coachhub.ratings (uuid, client_uuid, goal_uuid, on_date, importance, created_at,"
         " updated_at, seq) VALUES ('forged-r', %s, %s, '2026-11-18', 1, 'a', 'a', 0)", (jonas, goal)),
        ("INSERT INTO coachhub.status_changes (uuid, client_uuid, goal_uuid, status, on_date, created_at,"
         " updated_at, seq) VALUES ('forged-s', %s, %s, 'dropped', '2026-11-18', 'a', 'a', 0)",
         (jonas, goal)),
        ("INSERT INTO coachhub.actions (uuid, client_uuid, step_uuid, kind, on_date, count, created_at,"
         " updated_at, seq) VALUES ('forged-a', %s, %s, 'done', '2026-11-18', 1000, 'a', 'a', 0)",
         (jonas, step)),
    ]
    for query, params in forgeries:
        with pytest.raises(psycopg.errors.ForeignKeyViolation):
            hub.sql(query, *params, role=ben.role)
    # Moving one of Jonas's rows below Hugo's goal, or to another client, is refused too.
    for change in ("goal_uuid = %s", "client_uuid = %s"):
        with pytest.raises(psycopg.errors.IntegrityError):
            hub.sql(f"UPDATE coachhub.ratings SET {change} WHERE client_uuid = %s",
                    goal if change.startswith("goal") else hugo, jonas, role=ben.role)
    assert hub.sql("SELECT count(*) FROM coachhub.ratings WHERE client_uuid <> (SELECT client_uuid"
                   " FROM coachhub.goals g WHERE g.uuid = goal_uuid)") == [(0,)]
    anna_before = anna.view("Hugo")
    anna.sync()
    assert anna.view("Hugo") == anna_before


def test_a_sync_files_no_child_under_a_parent_of_another_client(
    practice: tuple[Machine, Machine], hub: Hub
) -> None:
    anna, _ben = practice
    hugo, jonas, goal = hub_uuids(hub)
    step = uuid_of(hub, "SELECT uuid FROM coachhub.steps WHERE client_uuid = %s LIMIT 1", hugo)
    before = anna.view("Hugo")
    past_the_hub(hub, "INSERT INTO coachhub.actions (uuid, client_uuid, step_uuid, kind, on_date, count,"
                 " created_at, updated_at, seq) VALUES ('forged-a', %s, %s, 'done', '2026-11-18', 1000,"
                 " '2026-11-18T00:00:00.000Z', '2026-11-18T00:00:00.000Z', nextval('coachhub.seq'))",
                 jonas, step)
    past_the_hub(hub, "INSERT INTO coachhub.status_changes (uuid, client_uuid, goal_uuid, status, on_date,"
                 " created_at, updated_at, seq) VALUES ('forged-s', %s, %s, 'dropped', '2026-11-18',"
                 " '2026-11-18T00:00:00.000Z', '2026-11-18T00:00:00.000Z', nextval('coachhub.seq'))",
                 jonas, goal)
    # A known record sent again under another client (its fields changed) is not taken either.
    rating = uuid_of(hub, "SELECT uuid FROM coachhub.ratings WHERE client_uuid = %s LIMIT 1", hugo)
    past_the_hub(hub, "UPDATE coachhub.ratings SET client_uuid = %s, note = 'forged',"
                 " seq = nextval('coachhub.seq') WHERE uuid = %s", jonas, rating)
    out = anna.sync()
    assert "Left out an action from the hub (forged-a): its parent belongs to another client." in out
    assert "Left out a status change from the hub (forged-s)" in out
    assert f"Left out a rating from the hub ({rating}): it names another client" in out
    assert "received nothing" in out
    assert anna.view("Hugo") == before
    assert "forged-a" not in anna.records("actions")
    kept = json.loads(anna("sync", "--conflicts", "--format", "json"))
    assert {k["uuid"] for k in kept} == {"forged-a", "forged-s", rating}


# ---------------------------------------------------------------- values no coachcli writes


def test_a_hub_row_that_fails_the_checks_is_set_aside_named_and_never_stored(
    practice: tuple[Machine, Machine], hub: Hub, tmp_path: Path
) -> None:
    anna, ben = practice
    grant(hub, ben.role, "Jonas")
    anna("checkin", "-c", "Jonas", "--win", "a good week", "--note", "fine")
    anna.sync()
    ben.sync()
    before = snapshot(ben.path)
    jonas = uuid_of(hub, "SELECT uuid FROM coachhub.clients WHERE name = 'Jonas'")
    checkin = uuid_of(hub, "SELECT uuid FROM coachhub.checkins WHERE note = 'fine'")
    # Anna's own role writes what no coachcli writes, on a client she holds.
    hub.sql("UPDATE coachhub.checkins SET wins = '[\"a good week\"', note = 'broken'"
            " WHERE uuid = %s", checkin, role=anna.role)
    hub.sql("INSERT INTO coachhub.goals (uuid, client_uuid, title, should, status, created_at, updated_at,"
            " seq) VALUES ('bad-date', %s, 'x', 1, 'active', '2026-02-30T00:00:00.000Z',"
            " '2026-02-30T00:00:00.000Z', 0)", jonas, role=anna.role)
    result = ben.run("sync")
    assert result.exit_code == 0, result.stderr
    assert f"Left out a check-in from the hub ({checkin}): \"wins\" is not a list of texts." in result.stdout
    assert "Left out a goal from the hub (bad-date)" in result.stdout
    after = snapshot(ben.path)
    assert after is not None
    assert before is not None
    assert after["checkins"] == before["checkins"]
    assert after["goals"] == before["goals"]
    # Everything that reads the caseload still works, and the check finds the file sound.
    for args in (("report", "--all", "--format", "json"), ("prep", "Jonas"), ("log", "-c", "Jonas"),
                 ("export", "-o", str(tmp_path / "ben.json")), ("db", "check")):
        r = ben.run(*args)
        assert r.exit_code == 0, (args, r.stderr)
    kept = json.loads(ben("sync", "--conflicts", "--format", "json"))
    assert {k["uuid"] for k in kept} == {checkin, "bad-date"}
    assert all(k["kept"] == "local" and k["other_version"]["left_out"] for k in kept)
    text = " ".join(ben("sync", "--conflicts", "--format", "text").split())
    assert 'left out the hub\'s version ("wins" is not a list of texts)' in text
    assert text.startswith("Conflicts: versions from the hub that were left out"), text
    assert "both sides changed" not in text


def test_a_hub_row_is_stored_in_the_checked_form(ben_holds_jonas: tuple[Machine, Machine], hub: Hub) -> None:
    anna, ben = ben_holds_jonas
    checkin = uuid_of(hub, "SELECT c.uuid FROM coachhub.checkins c JOIN coachhub.clients k"
                      " ON k.uuid = c.client_uuid WHERE k.name = 'Jonas' LIMIT 1")
    hub.sql("UPDATE coachhub.checkins SET wins = '[ \"spaced\" ,\"out\" ]', note = 'relisted',"
            " updated_at = '2026-11-18T10:00:00+02:00' WHERE uuid = %s", checkin, role=anna.role)
    out = ben.sync()
    assert "received 1 check-in" in out, out
    got = ben.records("checkins")[checkin]
    assert got["wins"] == '["spaced", "out"]'
    assert got["updated_at"] == "2026-11-18T08:00:00.000Z"


# ---------------------------------------------------------------- grants


def test_a_self_tracker_is_not_bound_by_name_to_another_coachs_client(
    practice: tuple[Machine, Machine], hub: Hub, tmp_path: Path
) -> None:
    anna, ben = practice
    ben("client", "add", "Alice", "--note", "Ben's client, private")
    ben.sync()
    alice = hub.role("alice")
    (uuid,) = hub.sql("SELECT uuid FROM coachhub.clients WHERE name = 'Alice'")[0]
    result = invoke(None, "hub", "grant", alice, "alice", "--self", "--hub", hub.admin_url)
    assert_user_error(result, f"the hub's client Alice ({uuid}) is held by {ben.role}")
    assert f"coach hub grant {alice} {uuid} --self" in result.stderr
    assert hub.sql("SELECT count(*) FROM coachhub.grants WHERE role_name = %s", alice) == [(0,)]
    assert hub.sql("SELECT count(*) FROM pg_roles WHERE rolname = %s", alice) == [(0,)]
    # A new self-tracker of a name nobody holds gets a client of their own; the UUID binds on purpose.
    carla = hub.role("carla")
    out = assert_ok(invoke(None, "hub", "grant", carla, "Carla", "--self", "--hub", hub.admin_url))
    assert "Added the client Carla to the hub." in out
    out = assert_ok(invoke(None, "hub", "grant", alice, uuid, "--self", "--hub", hub.admin_url))
    assert f"{alice} may now sync their own records." in out
    assert "received 1 client" in Machine(tmp_path / "alice.db", hub, alice).sync()
    assert anna("client", "list", "--format", "json").count("Alice") == 0


# ---------------------------------------------------------------- frozen migrations


def _schema(hub: Hub) -> dict[str, Any]:
    """Everything about the hub's schema a migration must get right, in comparable form."""
    q = {
        "columns": "SELECT table_name, column_name, data_type, is_nullable, column_default"
                   " FROM information_schema.columns WHERE table_schema = 'coachhub'",
        "constraints": "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)"
                       " FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace"
                       " WHERE n.nspname = 'coachhub'",
        "indexes": "SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'coachhub'",
        "triggers": "SELECT tgrelid::regclass::text, tgname, pg_get_triggerdef(oid) FROM pg_trigger"
                    " WHERE NOT tgisinternal AND tgrelid::regclass::text LIKE 'coachhub.%%'",
        "policies": "SELECT tablename, policyname, cmd, roles::text, qual, with_check FROM pg_policies"
                    " WHERE schemaname = 'coachhub'",
        "functions": "SELECT p.proname, pg_get_functiondef(p.oid) FROM pg_proc p"
                     " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'coachhub'",
        "privileges": "SELECT table_name, grantee, privilege_type FROM information_schema.role_table_grants"
                      " WHERE table_schema = 'coachhub' AND grantee LIKE 'coachhub%%'",
        "security": "SELECT relname, relrowsecurity FROM pg_class c JOIN pg_namespace n"
                    " ON n.oid = c.relnamespace WHERE n.nspname = 'coachhub' AND relkind = 'r'",
    }
    return {k: sorted(map(tuple, hub.sql(v))) for k, v in q.items()}


def _hub_at(cluster: Any, version: int, *, drifted: bool = False) -> Hub:
    """A hub as an older coachcli left it; ``drifted``: version 1 with what 0002 adds already there."""
    from coachcli.hub.migrations import MIGRATIONS
    from coachcli.hub.schema import _ensure_group_roles

    old = Hub(cluster)
    steps = MIGRATIONS[: 2 if drifted else version]
    with psycopg.connect(old.admin_url) as conn, conn.cursor() as cur:
        _ensure_group_roles(cur)
        for _name, ddl in steps:
            cur.execute(ddl)
        cur.execute("INSERT INTO coachhub.meta (key, value) VALUES ('schema_version', %s)", (str(version),))
        cur.execute("INSERT INTO coachhub.clients (uuid, name, created_at, updated_at, seq)"
                    " VALUES ('c-old', 'Kept', 'a', 'a', 1)")
    return old


def test_a_hub_at_every_earlier_version_migrates_to_the_schema_of_a_fresh_one(
    hub: Hub, cluster: Any
) -> None:
    from coachcli.hub.schema import HUB_SCHEMA_VERSION

    fresh = _schema(hub)
    olds = [(v, False) for v in range(1, HUB_SCHEMA_VERSION)] + [(1, True)]
    for version, drifted in olds:
        old = _hub_at(cluster, version, drifted=drifted)
        assert _schema(old) != fresh
        out = assert_ok(invoke(None, "hub", "init", old.admin_url))
        assert f"from schema {version} to {HUB_SCHEMA_VERSION}" in out
        assert _schema(old) == fresh, (version, drifted)
        assert old.sql("SELECT name FROM coachhub.clients") == [("Kept",)]
        assert f"is up to date (schema {HUB_SCHEMA_VERSION})" in assert_ok(
            invoke(None, "hub", "init", old.admin_url))


# ---------------------------------------------------------------- purge


def test_a_purge_removes_the_clients_versions_from_the_conflicts_list(
    ben_holds_jonas: tuple[Machine, Machine]
) -> None:
    anna, ben = ben_holds_jonas
    goal_a, goal_b = jonas_goal_ids(anna, ben)
    # A marker no uuid or number in the file can spell by chance: "4471" is in about one uuid
    # in 1,500, so a file of ~50 uuids held it in a few runs out of a hundred, purge or not.
    ben("goal", "edit", str(goal_b), "--title", "Ben's private wording Quillfeather")
    ben.sync()
    anna("goal", "edit", str(goal_a), "--title", "Anna's title")
    anna("sync")  # both changed: one version is kept in Anna's conflicts list
    assert "Quillfeather" in anna("sync", "--conflicts", "--format", "text")
    out = anna("client", "delete", "Jonas", "--yes", "--purge")
    assert "none of them remain" in out
    assert json.loads(anna("sync", "--conflicts", "--format", "json")) == []
    assert not [p for p in anna.path.parent.glob(anna.path.name + "*") if b"Quillfeather" in p.read_bytes()]


# ---------------------------------------------------------------- undo and sync


def test_undo_never_reaches_back_across_a_sync_that_changed_the_file(
    ben_holds_jonas: tuple[Machine, Machine]
) -> None:
    anna, ben = ben_holds_jonas
    anna("checkin", "-c", "Jonas", "--note", "anna's check-in")
    anna.sync()
    ben.sync()
    (mine,) = [u for u, r in ben.records("checkins").items() if r["note"] == "anna's check-in"]
    ben("delete", "c" + str(_local_id(ben, mine)))
    ben("checkin", "-c", "Jonas", "--note", "ben's check-in")
    ben.sync()
    assert "deletions 0 out, 1 in" in anna.sync()
    # Anna's last write was her check-in; undo now reverts nothing of Ben's.
    assert anna("undo") == "Nothing to undo.\n"
    assert "ben's check-in" in [r["note"] for r in anna.records("checkins").values()]
    assert "deletions 0 out" in anna.sync()
    # A write after the sync is undone as before.
    anna("checkin", "-c", "Hugo", "--note", "typo")
    assert anna("undo").startswith("Undid: Hugo")


def _local_id(m: Machine, uuid: str) -> int:
    import contextlib
    import sqlite3

    with contextlib.closing(sqlite3.connect(m.path)) as conn:
        return int(conn.execute("SELECT id FROM checkins WHERE uuid = ?", (uuid,)).fetchone()[0])


# ---------------------------------------------------------------- time limits


def test_a_sync_waits_for_the_hubs_lock_only_as_long_as_its_limit(
    practice: tuple[Machine, Machine], hub: Hub
) -> None:
    import time

    from coachcli.hub.schema import LOCK_KEY

    anna, _ben = practice
    anna("checkin", "-c", "Jonas", "--note", "waiting")
    before = snapshot(anna.path)
    with psycopg.connect(hub.url(anna.role)) as holder:  # any member can hold the writers' lock
        holder.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
        started = time.monotonic()
        result = _run_with(anna, COACH_HUB_LOCK_TIMEOUT="1")
        waited = time.monotonic() - started
    assert_user_error(result, "is busy: another sync held it for more than 1 s; nothing was changed here")
    assert waited < 20
    assert snapshot(anna.path) == before
    assert_user_error(_run_with(anna, COACH_HUB_LOCK_TIMEOUT="soon"),
                      "COACH_HUB_LOCK_TIMEOUT must be a whole number of seconds")
    assert "sent 1 check-in" in anna.sync()


def _run_with(m: Machine, **env: str) -> Any:
    from typer.testing import CliRunner

    from coachcli.cli import app

    full = {"COACH_TODAY": "2026-11-18", "COACH_HUB": m.hub.url(m.role), "COACH_DB": str(m.path), **env}
    return CliRunner().invoke(app, ["sync"], env=full)


def test_a_coach_cannot_pre_claim_a_client_a_colleague_has_yet_to_sync(
    practice: tuple[Machine, Machine], hub: Hub, tmp_path: Path
) -> None:
    anna, ben = practice
    anna("client", "add", "Ines", "--note", "private to Anna")
    export = tmp_path / "ines.json"
    anna("export", "-c", "Ines", "-o", str(export))  # Ben has an old export: he knows the uuid
    ines = json.loads(export.read_text())["clients"][0]["uuid"]
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        hub.sql("INSERT INTO coachhub.grants (role_name, client_uuid, seq) VALUES (current_user, %s, 0)",
                ines, role=ben.role)
    assert "sent 1 client" in anna.sync()
    ben.sync()
    assert "Ines" not in ben("client", "list", "--format", "text")
    assert hub.sql("SELECT role_name FROM coachhub.grants WHERE client_uuid = %s", ines) == [(anna.role,)]
    # Nor can he take a client Anna holds, or one deleted on the hub, by inserting it himself.
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        hub.sql("INSERT INTO coachhub.clients (uuid, name, created_at, updated_at, seq)"
                " VALUES (%s, 'Mine now', 'a', 'a', 0)", ines, role=ben.role)


def test_a_uuid_taken_on_the_hub_under_another_client_is_never_sent_into_it(
    practice: tuple[Machine, Machine], hub: Hub, tmp_path: Path
) -> None:
    anna, ben = practice
    grant(hub, ben.role, "Jonas")
    ben("client", "add", "Zed")  # Ben's own client, which Anna cannot see
    ben.sync()
    jonas = uuid_of(hub, "SELECT uuid FROM coachhub.clients WHERE name = 'Jonas'")
    zed = uuid_of(hub, "SELECT uuid FROM coachhub.clients WHERE name = 'Zed'")
    anna("goal", "add", "Hugo's private goal", "-c", "Hugo")
    anna("goal", "add", "Another private goal", "-c", "Hugo")
    export = tmp_path / "hugo.json"
    anna("export", "-c", "Hugo", "-o", str(export))  # Ben saw this file: he knows the new uuids
    goals = {g["title"]: g["uuid"] for g in json.loads(export.read_text())["goals"]}
    seen, hidden = goals["Hugo's private goal"], goals["Another private goal"]
    for uuid, client in ((seen, jonas), (hidden, zed)):
        hub.sql("INSERT INTO coachhub.goals (uuid, client_uuid, title, should, status, status_on,"
                " created_at, updated_at, seq) VALUES (%s, %s, 'Ben''s', 1, 'active', '2026-11-18',"
                " '2026-11-18T00:00:00.000Z', '2026-11-18T00:00:00.000Z', 0)", uuid, client, role=ben.role)
    out = anna.sync()
    assert f"Left out a goal from the hub ({seen}): it names another client or parent" in out
    assert f"Kept here only: 1 goal ({hidden}): the hub holds the uuid" in out
    assert "sent nothing" in out
    assert hub.sql("SELECT title FROM coachhub.goals WHERE uuid IN (%s, %s)", seen, hidden) == [
        ("Ben's",), ("Ben's",)]
    assert hub.sql("SELECT count(*) FROM coachhub.goals WHERE title LIKE '%%private goal'") == [(0,)]
    titles = [g["title"] for g in json.loads(anna("goal", "list", "-c", "Hugo", "--format", "json"))]
    assert "Hugo's private goal" in titles
    assert "Another private goal" in titles


# ---------------------------------------------------------------- faults


def test_ctrl_c_after_the_hub_committed_says_so_and_the_next_sync_finishes(
    practice: tuple[Machine, Machine], hub: Hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coachcli.hub import connect as hub_connect

    anna, _ben = practice
    anna("checkin", "-c", "Jonas", "--note", "interrupted")
    real = hub_connect.connect

    def committing_then_interrupted(url: str) -> Any:
        conn = real(url)
        commit = conn.commit

        def commit_then_ctrl_c() -> None:
            commit()
            raise KeyboardInterrupt

        conn.commit = commit_then_ctrl_c  # type: ignore[method-assign]
        return conn

    monkeypatch.setattr(hub_connect, "connect", committing_then_interrupted)
    result = anna.run("sync")
    monkeypatch.undo()
    assert result.exit_code == 130, (result.stdout, result.stderr)
    assert result.stderr.startswith("Error: interrupted after the hub at ")
    assert "took this sync's changes and before this file did; run coach sync again" in result.stderr
    assert "nothing was written" not in result.stderr
    assert hub.sql("SELECT count(*) FROM coachhub.checkins WHERE note = 'interrupted'") == [(1,)]
    assert "conflicts 0" in anna.sync()
    assert "sent nothing; received nothing" in anna.sync()


def test_two_hub_inits_at_once_on_a_fresh_cluster_both_succeed() -> None:
    import subprocess
    import sys

    from tests.pgcluster import start_cluster

    try:
        fresh = start_cluster()
    except FileNotFoundError as exc:
        pytest.skip(f"no PostgreSQL server here: {exc}")
    try:
        with psycopg.connect(fresh.url(), autocommit=True) as conn:
            conn.execute("CREATE DATABASE one")
            conn.execute("CREATE DATABASE two")
        procs = [subprocess.Popen([sys.executable, "-m", "coachcli", "hub", "init", fresh.url(db)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for db in ("one", "two")]
        for p in procs:
            out, err = p.communicate(timeout=120)
            assert p.returncode == 0, err
            assert "Created the hub" in out
            assert "Traceback" not in err
    finally:
        fresh.stop()


def test_a_coach_archiving_a_client_never_locks_the_self_tracker_out(
    practice: tuple[Machine, Machine], hub: Hub, tmp_path: Path
) -> None:
    anna, _ben = practice
    role = hub.role("hugo")
    hugo_uuid = uuid_of(hub, "SELECT uuid FROM coachhub.clients WHERE name = 'Hugo'")
    assert_ok(invoke(None, "hub", "grant", role, hugo_uuid, "--self", "--hub", hub.admin_url))
    hugo = Machine(tmp_path / "hugo.db", hub, role)
    hugo.sync()
    anna("client", "archive", "Hugo")
    anna.sync()
    hugo.sync()
    step = json.loads(hugo("step", "list", "--format", "json"))[0]["id"]
    hugo("done", str(step), "--note", "still tracking")
    hugo.sync()
    anna.sync()
    assert "still tracking" in [r["note"] for r in anna.records("actions").values()]
    assert "Hugo" not in anna("client", "list", "--format", "text")  # archived on Anna's machine


def test_a_look_alike_name_from_the_hub_arrives_as_a_numbered_name(
    practice: tuple[Machine, Machine], hub: Hub
) -> None:
    anna, ben = practice
    ben("client", "add", "Lena")
    ben.sync()
    lena = uuid_of(hub, "SELECT uuid FROM coachhub.clients WHERE name = 'Lena'")
    # A name as an older copy stored it: Hugo with a zero-width space inside.
    hub.sql("UPDATE coachhub.clients SET name = 'Hu\u200bgo' WHERE uuid = %s", lena)
    grant(hub, anna.role, lena)
    out = anna.sync()
    assert "The hub's client 'Hugo' was added here as 'Hugo (2)': the name was taken." in out
    names = sorted(c["name"] for c in json.loads(anna("client", "list", "--format", "json")))
    assert names == ["Hugo", "Hugo (2)", "Jonas", "Marek"]


def test_a_child_whose_parent_was_left_out_is_kept_aside_not_lost(
    ben_holds_jonas: tuple[Machine, Machine], hub: Hub
) -> None:
    anna, ben = ben_holds_jonas
    jonas = uuid_of(hub, "SELECT uuid FROM coachhub.clients WHERE name = 'Jonas'")
    # Anna's machine ran two days fast: her new goal, and a rating of it, are dated ahead.
    for query in (
        "INSERT INTO coachhub.goals (uuid, client_uuid, title, should, status, status_on, created_at,"
        " updated_at, seq) VALUES ('g-fast', %s, 'Fast clock', 1, 'active', '2026-11-20',"
        " '2099-01-01T00:00:00.000Z', '2099-01-01T00:00:00.000Z', 0)",
        "INSERT INTO coachhub.ratings (uuid, client_uuid, goal_uuid, on_date, importance, created_at,"
        " updated_at, seq) VALUES ('r-fast', %s, 'g-fast', '2026-11-18', 7,"
        " '2026-11-18T00:00:00.000Z', '2026-11-18T00:00:00.000Z', 0)",
    ):
        hub.sql(query, jonas, role=anna.role)
    out = ben.sync()
    assert "Left out a goal from the hub (g-fast)" in out
    assert "Left out a rating from the hub (r-fast): the record it belongs to is not here" in out
    kept = {k["uuid"] for k in json.loads(ben("sync", "--conflicts", "--format", "json"))}
    assert kept == {"g-fast", "r-fast"}


# ---------------------------------------------------------------- the hub's order decides


def test_a_forged_timestamp_never_wins_a_merge_the_last_version_the_hub_received_does(
    ben_holds_jonas: tuple[Machine, Machine], hub: Hub
) -> None:
    from datetime import UTC, datetime, timedelta

    anna, ben = ben_holds_jonas
    goal = json.loads(anna("goal", "list", "-c", "Jonas", "--format", "json"))[0]
    # Ben's role writes the hub by hand, dated 20 hours ahead: inside the day a clock may be off,
    # so it is not left out, and it is later than anything Anna writes today.
    ahead = (datetime.now(UTC) + timedelta(hours=20)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    hub.sql("UPDATE coachhub.goals SET title = 'Forged', updated_at = %s WHERE title = %s",
            ahead, goal["title"], role=ben.role)
    anna("goal", "edit", str(goal["id"]), "--title", "Anna's title")
    out = anna.sync()
    assert "conflicts 1 (see: coach sync --conflicts)" in out
    assert json.loads(anna("goal", "show", str(goal["id"]), "--format", "json"))["title"] == "Anna's title"
    assert hub.sql("SELECT title FROM coachhub.goals WHERE uuid = %s", goal["uuid"]) == [("Anna's title",)]
    (kept,) = json.loads(anna("sync", "--conflicts", "--format", "json"))
    assert (kept["kept"], kept["other_version"]["title"]) == ("local", "Forged")
    ben.sync()
    assert anna.view("Jonas") == ben.view("Jonas")


def test_the_last_version_the_hub_received_wins_whatever_the_clocks_say(
    ben_holds_jonas: tuple[Machine, Machine], hub: Hub
) -> None:
    import time

    anna, ben = ben_holds_jonas
    goal_a, goal_b = jonas_goal_ids(anna, ben)
    anna("goal", "edit", str(goal_a), "--title", "Anna's, written first")
    time.sleep(0.01)
    ben("goal", "edit", str(goal_b), "--title", "Ben's, written later")
    ben.sync()
    assert "conflicts 1" in anna.sync()  # Anna's reaches the hub last: hers is the one kept
    ben.sync()
    for m, g in ((anna, goal_a), (ben, goal_b)):
        assert json.loads(m("goal", "show", str(g), "--format", "json"))["title"] == "Anna's, written first"
    (kept,) = json.loads(anna("sync", "--conflicts", "--format", "json"))
    assert kept["other_version"]["title"] == "Ben's, written later"


# ---------------------------------------------------------------- the file's lock and the network


def _sync_process(m: Machine) -> Any:
    import os
    import subprocess
    import sys

    env = {**os.environ, "COACH_DB": str(m.path), "COACH_HUB": m.hub.url(m.role), "COACH_TODAY": "2026-11-18"}
    return subprocess.Popen([sys.executable, "-m", "coachcli", "sync"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def test_coach_done_runs_while_a_sync_waits_on_the_hub(practice: tuple[Machine, Machine], hub: Hub) -> None:
    import time

    anna, _ben = practice
    # A step with no miss logged today: a done beside a miss of the same day is refused.
    missed_today = {r[0] for r in rows(anna.path, "SELECT step_id FROM actions WHERE kind = 'missed'"
                                                  " AND on_date = ?", HUB_TODAY)}
    step = next(s for s in json.loads(anna("step", "list", "-c", "Jonas", "--format", "json"))
                if s["status"] == "active" and s["id"] not in missed_today)
    anna("checkin", "-c", "Jonas", "--note", "to send")
    with psycopg.connect(hub.admin_url) as holder:
        # Another session holds the hub's goals: the sync stops there, mid-exchange, waiting.
        holder.execute("LOCK TABLE coachhub.goals IN ACCESS EXCLUSIVE MODE")
        proc = _sync_process(anna)
        waiting = []
        for _ in range(600):
            waiting = hub.sql("SELECT 1 FROM pg_stat_activity WHERE application_name = 'coachcli'"
                              " AND wait_event_type = 'Lock'")
            if waiting or proc.poll() is not None:
                break
            time.sleep(0.05)
        assert waiting, proc.communicate()
        started = time.monotonic()
        done = anna.run("done", str(step["id"]), "--note", "logged during the sync")
        took = time.monotonic() - started
        assert proc.poll() is None  # the sync is still waiting on the hub
    assert done.exit_code == 0, done.stderr
    assert took < 5
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "sent 1 check-in" in out
    assert "sent 1 action" in anna.sync()  # logged meanwhile: it travels at the next sync
    assert hub.sql("SELECT count(*) FROM coachhub.actions WHERE note = 'logged during the sync'") == [(1,)]


def _commit_then(monkeypatch: pytest.MonkeyPatch, *, commit: bool) -> None:
    """The hub connection's commit (done, or not) followed by a Ctrl-C: the process stops there."""
    from coachcli.hub import connect as hub_connect

    real = hub_connect.connect

    def stopping(url: str) -> Any:
        conn = real(url)
        really = conn.commit

        def then_stop() -> None:
            if commit:
                really()
            raise KeyboardInterrupt

        conn.commit = then_stop  # type: ignore[method-assign]
        return conn

    monkeypatch.setattr(hub_connect, "connect", stopping)


def _both_edit_one_goal(anna: Machine, ben: Machine, hub: Hub) -> None:
    """Ben's title reaches the hub first; Anna's, sent next, is the last the hub receives."""
    grant(hub, ben.role, "Jonas")
    ben.sync()
    goal_b = json.loads(ben("goal", "list", "-c", "Jonas", "--format", "json"))[0]["id"]
    goal_a = json.loads(anna("goal", "list", "-c", "Jonas", "--format", "json"))[0]["id"]
    ben("goal", "edit", str(goal_b), "--title", "Ben's title")
    ben.sync()
    anna("goal", "edit", str(goal_a), "--title", "Anna's title")


def test_a_stop_between_the_hubs_commit_and_the_files_keeps_the_version_that_lost(
    practice: tuple[Machine, Machine], hub: Hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna, ben = practice
    _both_edit_one_goal(anna, ben, hub)
    _commit_then(monkeypatch, commit=True)
    result = anna.run("sync")
    monkeypatch.undo()
    assert result.exit_code == 130, (result.stdout, result.stderr)
    assert hub.sql("SELECT count(*) FROM coachhub.goals WHERE title = 'Anna''s title'") == [(1,)]
    (kept,) = json.loads(anna("sync", "--conflicts", "--format", "json"))
    assert (kept["kept"], kept["other_version"]["title"]) == ("local", "Ben's title")
    assert "conflicts 0" in anna.sync()  # the next sync finishes, and keeps the version once
    assert len(json.loads(anna("sync", "--conflicts", "--format", "json"))) == 1
    ben.sync()
    assert anna.view("Jonas") == ben.view("Jonas")


def test_a_stop_before_the_hubs_commit_keeps_the_version_that_lost_once(
    practice: tuple[Machine, Machine], hub: Hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna, ben = practice
    _both_edit_one_goal(anna, ben, hub)
    _commit_then(monkeypatch, commit=False)
    result = anna.run("sync")
    monkeypatch.undo()
    assert result.exit_code == 130, (result.stdout, result.stderr)
    assert hub.sql("SELECT count(*) FROM coachhub.goals WHERE title = 'Anna''s title'") == [(0,)]
    assert "conflicts 1" in anna.sync()  # the same merge again
    (kept,) = json.loads(anna("sync", "--conflicts", "--format", "json"))
    assert kept["other_version"]["title"] == "Ben's title"
    assert hub.sql("SELECT count(*) FROM coachhub.goals WHERE title = 'Anna''s title'") == [(1,)]


# ---------------------------------------------------------------- one status everywhere


def test_two_status_changes_on_one_day_leave_a_goal_the_same_on_every_machine(
    ben_holds_jonas: tuple[Machine, Machine]
) -> None:
    import time

    anna, ben = ben_holds_jonas
    goal_a, goal_b = jonas_goal_ids(anna, ben)
    anna("goal", "pause", str(goal_a), "--on", "2026-11-17")
    time.sleep(0.01)
    ben("goal", "achieve", str(goal_b), "--on", "2026-11-17")  # made later, the same day
    for m in (anna, ben, anna):
        m.sync()
    status = {m.role: json.loads(m("goal", "show", str(g), "--format", "json"))["status"]
              for m, g in ((anna, goal_a), (ben, goal_b))}
    assert sorted(status.values()) == ["achieved", "achieved"], status
    assert anna.view("Jonas") == ben.view("Jonas")


def test_two_ratings_on_one_day_leave_a_goal_the_same_on_every_machine(
    ben_holds_jonas: tuple[Machine, Machine]
) -> None:
    """The rating made last stands on both machines, whatever order each file received them in."""
    import time

    anna, ben = ben_holds_jonas
    goal_a, goal_b = jonas_goal_ids(anna, ben)
    anna("goal", "rate", str(goal_a), "-i", "3", "--on", "2026-11-17")
    time.sleep(0.01)
    ben("goal", "rate", str(goal_b), "-i", "9", "--on", "2026-11-17")  # made later, the same day
    for m in (anna, ben, anna):
        m.sync()
    importance = {m.role: json.loads(m("goal", "show", str(g), "--format", "json"))["importance"]
                  for m, g in ((anna, goal_a), (ben, goal_b))}
    assert sorted(importance.values()) == [9, 9], importance
    assert anna.view("Jonas") == ben.view("Jonas")


# ---------------------------------------------------------------- oversized values


def test_an_oversized_value_is_refused_by_the_hub_and_never_fetched_whole(
    ben_holds_jonas: tuple[Machine, Machine], hub: Hub
) -> None:
    anna, ben = ben_holds_jonas
    jonas = uuid_of(hub, "SELECT uuid FROM coachhub.clients WHERE name = 'Jonas'")
    checkin = uuid_of(hub, "SELECT uuid FROM coachhub.checkins WHERE client_uuid = %s LIMIT 1", jonas)
    with pytest.raises(psycopg.errors.CheckViolation):
        hub.sql("UPDATE coachhub.checkins SET note = repeat('x', 10001) WHERE uuid = %s", checkin,
                role=anna.role)
    # A hub from before the bound (or its owner) holds one: five million characters.
    with psycopg.connect(hub.admin_url) as conn:
        conn.execute("ALTER TABLE coachhub.checkins DROP CONSTRAINT checkins_bounded")
        conn.execute("UPDATE coachhub.checkins SET note = repeat('x', 5000000) WHERE uuid = %s", (checkin,))
    before = ben.records("checkins")[checkin]
    out = ben.sync()
    assert (f'Left out a check-in from the hub ({checkin}): "note" is longer than 10,000 characters'
            " on the hub (not fetched whole)") in out
    assert ben.records("checkins")[checkin] == before
    (kept,) = json.loads(ben("sync", "--conflicts", "--format", "json"))
    assert len(kept["other_version"]["note"]) == 10_001  # all that was read of it


def test_only_a_coach_learns_which_clients_exist_on_the_hub(
    practice: tuple[Machine, Machine], hub: Hub
) -> None:
    anna, _ben = practice
    alice = hub.role("alice")
    assert_ok(invoke(None, "hub", "grant", alice, "Alice", "--self", "--hub", hub.admin_url))
    hugo = uuid_of(hub, "SELECT uuid FROM coachhub.clients WHERE name = 'Hugo'")
    ask = "SELECT * FROM coachhub.clients_existing(ARRAY[%s])"
    assert hub.sql(ask, hugo, role=anna.role) == [(hugo,)]
    assert hub.sql(ask, hugo, role=alice) == []


# ---------------------------------------------------------------- sessions and commitments


def test_commitments_travel_with_their_marks_and_never_below_another_clients_checkin(
    practice: tuple[Machine, Machine], hub: Hub
) -> None:
    anna, ben = practice
    grant(hub, ben.role, "Jonas")
    anna("checkin", "-c", "Hugo", "--session", "--on", "yesterday", "--note", "first line\nsecond line",
         "--commit", "walk twice", "--sure", "6", "--change", "I want my evenings back", "--next", "monday")
    anna.sync()
    ben.sync()
    # Jonas's commitments reach Ben with him; Hugo's, not Ben's to see, do not.
    texts = [c["text"] for c in ben.records("commitments").values()]
    assert texts
    assert "walk twice" not in texts
    anna("checkin", "-c", "Jonas", "--session", "--on", "yesterday", "--commit", "call the gym")
    anna.sync()
    ben.sync()
    (mine,) = [c for c in ben.records("commitments").values() if c["text"] == "call the gym"]
    assert mine["outcome"] is None
    ref = "k" + _ref(ben, "call the gym")
    ben("checkin", "-c", "Jonas", "--kept", ref)
    ben.sync()
    anna.sync()
    got = {c["text"]: (c["outcome"], c["sure"]) for c in anna.records("commitments").values()}
    assert got["call the gym"][0] == "kept"
    assert got["walk twice"] == (None, 6)
    talk = hub.sql("SELECT change_talk, next_session_on FROM coachhub.checkins WHERE note = %s",
                   "first line\nsecond line")
    assert talk == [('["I want my evenings back"]', talk[0][1])]
    assert talk[0][1] is not None
    # A commitment filed below a check-in of a client Ben does not hold is refused by the hub.
    hugo = uuid_of(hub, "SELECT uuid FROM coachhub.clients WHERE name = 'Hugo'")
    jonas = uuid_of(hub, "SELECT uuid FROM coachhub.clients WHERE name = 'Jonas'")
    checkin = uuid_of(hub, "SELECT uuid FROM coachhub.checkins WHERE client_uuid = %s LIMIT 1", hugo)
    with pytest.raises(psycopg.errors.ForeignKeyViolation):
        hub.sql("INSERT INTO coachhub.commitments (uuid, client_uuid, checkin_uuid, text, created_at,"
                " updated_at, seq) VALUES ('forged-k', %s, %s, 'x', 'a', 'a', 0)", jonas, checkin,
                role=ben.role)
    assert hub.sql("SELECT count(*) FROM coachhub.commitments", role=ben.role) == [(len(texts) + 1,)]


def _ref(m: Machine, text: str) -> str:
    entries = json.loads(m("log", "-c", "Jonas", "-f", "json"))
    return next(e["ref"] for e in entries if e["kind"] == "commitment" and e["detail"].startswith(text))[1:]
