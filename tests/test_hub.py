"""The practice hub end to end, on a real PostgreSQL server started for the test session.

Three machines (two coaches and a self-tracking client), each with its own
SQLite file, sync through one hub; access is checked with the coaches' own
roles in raw SQL and psql; faults (a kill, a hub that cannot be reached, a
revoked grant) leave both sides consistent.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from tests.helpers import Coach, assert_user_error, snapshot
from tests.helpers import rows as helpers_rows
from tests.pgcluster import Cluster
from typer.testing import Result

from coachcli.hub.schema import HUB_SCHEMA_VERSION, LOCK_KEY

psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[test]')")

TODAY = "2026-11-18"


@pytest.fixture(scope="session")
def cluster(pg_cluster: Cluster) -> Cluster:
    """The worker's one cluster (tests/conftest.py). The hub modules import this fixture, and
    each import is a fixture of its own: started here, each module used to start a server."""
    return pg_cluster


class Hub:
    """A fresh hub database on the session's cluster, with role names unique to one test."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        n = next(cluster.names)  # one count per server: this module is also imported as tests.test_hub
        self.suffix = f"_{os.getpid()}_{n}"
        self.dbname = f"hub{self.suffix}"
        with psycopg.connect(cluster.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {self.dbname}")
        self.admin_url = cluster.url(self.dbname)

    def role(self, name: str) -> str:
        return f"{name}{self.suffix}"

    def url(self, role: str) -> str:
        return self.cluster.url(self.dbname, user=role)

    def sql(self, query: str, *params: Any, role: str | None = None) -> list[tuple[Any, ...]]:
        with psycopg.connect(self.url(role) if role else self.admin_url) as conn:
            cur = conn.execute(query, params or None)
            return cur.fetchall() if cur.description else []


@pytest.fixture
def hub(cluster: Cluster) -> Hub:
    h = Hub(cluster)
    assert_ok(invoke(None, "hub", "init", h.admin_url))
    return h


def invoke(db: Path | None, *args: str, hub: str | None = None) -> Result:
    return Coach(db, TODAY, COACH_HUB=hub or "").run(*args)


def assert_ok(result: Result) -> str:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


class Machine:
    """One person's laptop: a local file and the hub URL of their role."""

    def __init__(self, path: Path, hub: Hub, role: str) -> None:
        self.path, self.hub, self.role = path, hub, role

    def __call__(self, *args: str) -> str:
        return assert_ok(invoke(self.path, *args, hub=self.hub.url(self.role)))

    def run(self, *args: str) -> Result:
        return invoke(self.path, *args, hub=self.hub.url(self.role))

    def sync(self) -> str:
        return self("sync")

    def view(self, client: str, *, words: bool = True) -> Any:
        """One client's entry of ``report --all --format json``, local ids and refs left out: what converges.

        ``words=False`` also leaves out the name and the sentences: a self-tracker's
        report speaks to them as "you", their coach's about them by name.
        """
        doc = json.loads(self("report", "--all", "--format", "json"))
        (entry,) = [c for c in doc["clients"] if c["name"].lower() == client.lower()]
        drop = {"id", "goal_id", "ref"} | (set() if words else {"name", "evidence", "question"})
        return _without(entry, drop)

    def records(self, table: str) -> dict[str, dict[str, Any]]:
        """uuid -> the record's values, without the local integer ids."""
        with contextlib.closing(sqlite3.connect(self.path)) as conn:
            conn.row_factory = sqlite3.Row
            return {
                r["uuid"]: {k: r[k] for k in r.keys()  # noqa: SIM118 - sqlite3.Row iterates values
                            if k not in ("id", "client_id", "goal_id", "step_id")}
                for r in conn.execute(f"SELECT * FROM {table}")
            }


def _backup(source: Path, target: Path) -> None:
    with contextlib.closing(sqlite3.connect(source)) as src, \
            contextlib.closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def _without(value: Any, drop: set[str]) -> Any:
    if isinstance(value, dict):
        return {k: _without(v, drop) for k, v in value.items() if k not in drop}
    if isinstance(value, list):
        return [_without(v, drop) for v in value]
    return value


def coach_role(hub: Hub, name: str, *clients: str) -> str:
    role = hub.role(name)
    assert_ok(invoke(None, "hub", "grant", role, *clients, "--hub", hub.admin_url))
    return role


@pytest.fixture
def practice(hub: Hub, tmp_path: Path) -> tuple[Machine, Machine]:
    """Anna has the demo caseload (Hugo, Jonas, Marek) on the hub; Ben is a coach with none yet."""
    anna = Machine(tmp_path / "anna.db", hub, coach_role(hub, "anna"))
    ben = Machine(tmp_path / "ben.db", hub, coach_role(hub, "ben"))
    assert_ok(invoke(anna.path, "demo", "--db", str(anna.path), "--clients", "3", "--no-report"))
    out = anna.sync()
    assert "sent 3 clients" in out
    return anna, ben


# ---------------------------------------------------------------- convergence


def test_two_coaches_and_a_self_tracker_converge(practice: tuple[Machine, Machine], hub: Hub,
                                                 tmp_path: Path) -> None:
    anna, ben = practice
    assert_ok(invoke(None, "hub", "grant", ben.role, "Jonas", "--hub", hub.admin_url))
    alice_role = hub.role("alice")
    out = assert_ok(invoke(None, "hub", "grant", alice_role, "Alice", "--self", "--hub", hub.admin_url))
    assert "Added the client Alice to the hub." in out
    alice = Machine(tmp_path / "alice.db", hub, alice_role)
    # Alice tracked herself before joining the practice.
    alice("goal", "add", "Sleep by 23:00", "-i", "8", "-k", "5")
    alice("step", "add", "1", "Screens off at 22:30", "--every", "daily", "--start", "2026-11-10")
    alice("done", "1", "--on", "2026-11-16")
    assert "sent 1 goal, 1 status change, 1 rating, 1 step, 1 action; received nothing" in alice.sync()
    anna.sync()
    assert_ok(invoke(None, "hub", "grant", anna.role, "Alice", "--hub", hub.admin_url))
    ben.sync()
    anna.sync()
    # Everyone works offline, on the same clients.
    step = json.loads(anna("step", "list", "-c", "Alice", "--format", "json"))[0]["id"]
    anna("done", str(step), "--on", "2026-11-15")
    alice("missed", "1", "--on", "2026-11-17", "--note", "late meeting")
    alice("checkin", "--mood", "4", "--win", "three early nights")
    goal = json.loads(ben("goal", "list", "-c", "Jonas", "--format", "json"))[0]["id"]
    ben("goal", "rate", str(goal), "--importance", "9", "--note", "said it matters more now")
    anna("checkin", "-c", "Jonas", "--session", "--commit", "draft chapter 2")
    for m in (anna, ben, alice, anna, ben):
        m.sync()
    assert anna.view("Jonas") == ben.view("Jonas")
    assert anna.view("Alice", words=False) == alice.view("me", words=False)
    assert alice.view("me")["goals"][0]["done"] == 2
    # Each sees only their share: Ben has Jonas alone, Alice only herself.
    names = lambda m: sorted(c["name"] for c in json.loads(m("client", "list", "--format", "json")))  # noqa: E731
    assert names(ben) == ["Jonas"]
    assert names(alice) == ["me"]
    assert names(anna) == ["Alice", "Hugo", "Jonas", "Marek"]
    # Nobody changed the same record twice: no conflict anywhere ('me' and 'Alice' are one client).
    for m in (anna, ben, alice):
        assert json.loads(m("sync", "--conflicts", "--format", "json")) == []
    for table in ("goals", "actions", "checkins", "ratings"):
        jonas_anna = {u: r for u, r in anna.records(table).items() if u in ben.records(table)}
        assert jonas_anna == ben.records(table)


def test_a_second_sync_changes_nothing(practice: tuple[Machine, Machine], hub: Hub) -> None:
    _anna, ben = practice
    assert_ok(invoke(None, "hub", "grant", ben.role, "Hugo", "Marek", "--hub", hub.admin_url))
    ben.sync()
    before = snapshot(ben.path)
    hub_before = hub.sql("SELECT max(seq) FROM coachhub.actions")
    out = ben.sync()
    assert "sent nothing; received nothing; deletions 0 out, 0 in; conflicts 0" in out
    after = snapshot(ben.path)
    assert before is not None
    assert after is not None
    before.pop("sync_peers")
    after.pop("sync_peers")
    assert after == before
    assert hub.sql("SELECT max(seq) FROM coachhub.actions") == hub_before


def test_dry_run_says_what_would_move_and_changes_nothing(practice: tuple[Machine, Machine],
                                                          hub: Hub) -> None:
    anna, ben = practice
    assert_ok(invoke(None, "hub", "grant", ben.role, "Jonas", "--hub", hub.admin_url))
    anna("checkin", "-c", "Jonas", "--note", "new job")
    before = snapshot(anna.path)
    hub_before = hub.sql("SELECT uuid, updated_at FROM coachhub.checkins ORDER BY uuid")
    out = anna("sync", "--dry-run")
    assert out.startswith("Dry run with")
    assert "would send 1 check-in" in out
    assert snapshot(anna.path) == before
    assert hub.sql("SELECT uuid, updated_at FROM coachhub.checkins ORDER BY uuid") == hub_before
    assert "would receive 1 client" in ben("sync", "--dry-run")
    assert not ben.path.exists() or ben("client", "list", "--format", "json") == "[]\n"


def test_a_deletion_reaches_the_other_machines(practice: tuple[Machine, Machine], hub: Hub) -> None:
    anna, ben = practice
    assert_ok(invoke(None, "hub", "grant", ben.role, "Jonas", "--hub", hub.admin_url))
    anna("checkin", "-c", "Jonas", "--note", "typed for the wrong client")
    anna.sync()
    ben.sync()
    note = "typed for the wrong client"
    assert any(note in str(r) for r in ben.records("checkins").values())
    anna("undo")  # removes the check-in: a delete, which leaves a tombstone
    assert "deletions 1 out" in anna.sync()
    assert "deletions 0 out, 1 in" in ben.sync()
    assert not any(note in str(r) for r in ben.records("checkins").values())
    assert hub.sql("SELECT count(*) FROM coachhub.checkins WHERE note = %s", note) == [(0,)]


# ---------------------------------------------------------------- conflicts


def test_a_deletion_that_takes_a_colleagues_new_entry_keeps_it_in_the_conflicts(
    practice: tuple[Machine, Machine], hub: Hub
) -> None:
    anna, ben = practice
    assert_ok(invoke(None, "hub", "grant", ben.role, "Jonas", "--hub", hub.admin_url))
    anna("checkin", "-c", "Jonas", "--note", "to be removed")
    anna.sync()
    ben.sync()
    # Ben rates one of Jonas's goals and syncs...
    goal_b = json.loads(ben("goal", "list", "-c", "Jonas", "--format", "json"))[0]["id"]
    ben("goal", "rate", str(goal_b), "--confidence", "3", "--note", "after a hard week")
    ben.sync()
    # ...while Anna, offline, removes Jonas and all his records (as client delete will).
    with contextlib.closing(sqlite3.connect(anna.path)) as conn, conn:
        conn.execute("PRAGMA foreign_keys = ON")
        (cid,) = conn.execute("SELECT id FROM clients WHERE name = 'Jonas'").fetchone()
        for t, fk in (("actions", "step_id IN (SELECT s.id FROM steps s JOIN goals g ON g.id = s.goal_id"
                       " WHERE g.client_id = ?)"),
                      ("status_changes", "goal_id IN (SELECT id FROM goals WHERE client_id = ?)"),
                      ("ratings", "goal_id IN (SELECT id FROM goals WHERE client_id = ?)"),
                      ("steps", "goal_id IN (SELECT id FROM goals WHERE client_id = ?)"),
                      ("goals", "client_id = ?"),
                      ("commitments", "checkin_id IN (SELECT id FROM checkins WHERE client_id = ?)"),
                      ("checkins", "client_id = ?"), ("clients", "id = ?")):
            conn.execute(f"DELETE FROM {t} WHERE {fk}", (cid,))
    assert "conflicts 1 (see: coach sync --conflicts)" in anna.sync()
    kept = json.loads(anna("sync", "--conflicts", "--format", "json"))
    assert [(k["table"], k["other_version"]["note"]) for k in kept] == [("ratings", "after a hard week")]
    assert hub.sql("SELECT count(*) FROM coachhub.clients WHERE name = 'Jonas'") == [(0,)]
    ben.sync()
    assert "Jonas" not in ben("client", "list", "--format", "text")


def test_both_sides_changed_the_last_to_reach_the_hub_wins_and_the_other_is_kept(
    practice: tuple[Machine, Machine], hub: Hub
) -> None:
    anna, ben = practice
    assert_ok(invoke(None, "hub", "grant", ben.role, "Jonas", "--hub", hub.admin_url))
    ben.sync()
    goal_a = json.loads(anna("goal", "list", "-c", "Jonas", "--format", "json"))[0]["id"]
    goal_b = json.loads(ben("goal", "list", "-c", "Jonas", "--format", "json"))[0]["id"]
    ben("goal", "edit", str(goal_b), "--title", "Ben's title")
    time.sleep(0.01)
    anna("goal", "edit", str(goal_a), "--title", "Anna's title")
    ben.sync()  # Anna's version reaches the hub after Ben's
    out = anna.sync()
    assert "conflicts 1 (see: coach sync --conflicts)" in out
    ben.sync()
    for m, g in ((anna, goal_a), (ben, goal_b)):
        assert json.loads(m("goal", "show", str(g), "--format", "json"))["title"] == "Anna's title"
    (kept,) = json.loads(anna("sync", "--conflicts", "--format", "json"))
    assert kept["kept"] == "local"
    assert kept["table"] == "goals"
    assert kept["other_version"]["title"] == "Ben's title"
    text = anna("sync", "--conflicts", "--format", "text")
    assert "Ben's title" in text
    assert json.loads(ben("sync", "--conflicts", "--format", "json")) == []
    # A purge of the client can take the kept versions with it (they hold the client's text).
    from coachcli.store import Database
    from coachcli.store.sync import forget_client

    with Database.open(anna.path) as store, store.write("purge", journal=False) as tx:
        (jonas,) = tx.conn.execute("SELECT uuid FROM clients WHERE name = 'Jonas'").fetchone()
        assert forget_client(tx, jonas) == 1
    assert json.loads(anna("sync", "--conflicts", "--format", "json")) == []


def test_a_version_from_the_future_on_the_hub_is_left_out_not_taken(practice: tuple[Machine, Machine],
                                                                    hub: Hub) -> None:
    anna, ben = practice
    assert_ok(invoke(None, "hub", "grant", ben.role, "Jonas", "--hub", hub.admin_url))
    ben.sync()
    goal = json.loads(ben("goal", "list", "-c", "Jonas", "--format", "json"))[0]
    # Anna's role writes the hub by hand: a title dated in the year 2150.
    hub.sql("UPDATE coachhub.goals SET title = 'Hijacked', updated_at = '2150-01-01T00:00:00.000Z'"
            " WHERE title = %s", goal["title"], role=anna.role)
    out = ben.sync()
    assert "Left out a goal from the hub" in out
    assert "later than now plus 1 day" in out
    assert json.loads(ben("goal", "show", str(goal["id"]), "--format", "json"))["title"] == goal["title"]
    # Ben's next edit replaces it on the hub.
    ben("goal", "edit", str(goal["id"]), "--title", "Thesis, chapter by chapter")
    ben.sync()
    assert hub.sql("SELECT count(*) FROM coachhub.goals WHERE title = 'Hijacked'") == [(0,)]
    anna.sync()
    assert anna.view("Jonas") == ben.view("Jonas")


def test_concurrent_syncs_wait_for_each_other_and_lose_nothing(practice: tuple[Machine, Machine],
                                                               hub: Hub) -> None:
    anna, ben = practice
    assert_ok(invoke(None, "hub", "grant", ben.role, "Jonas", "Hugo", "Marek", "--hub", hub.admin_url))
    ben.sync()
    for i in range(5):
        anna("checkin", "-c", "Jonas", "--note", f"anna {i}")
        ben("checkin", "-c", "Jonas", "--note", f"ben {i}")
    procs = [
        subprocess.Popen([sys.executable, "-m", "coachcli", "sync"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True,
                         env={**os.environ, "COACH_DB": str(m.path), "COACH_HUB": hub.url(m.role),
                              "COACH_TODAY": TODAY})
        for m in (anna, ben)
    ]
    for p in procs:
        _out, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
    anna.sync()
    ben.sync()
    notes = lambda m: sorted(r["note"] for r in m.records("checkins").values() if r["note"])  # noqa: E731
    assert notes(anna) == notes(ben)
    assert {f"anna {i}" for i in range(5)} | {f"ben {i}" for i in range(5)} <= set(notes(anna))


# ---------------------------------------------------------------- access


def test_a_coach_without_a_grant_sees_no_row_of_that_client_even_in_raw_sql(
    practice: tuple[Machine, Machine], hub: Hub, cluster: Cluster
) -> None:
    _anna, ben = practice
    assert_ok(invoke(None, "hub", "grant", ben.role, "Jonas", "--hub", hub.admin_url))
    (hugo,) = hub.sql("SELECT uuid FROM coachhub.clients WHERE name = 'Hugo'")[0]
    (jonas,) = hub.sql("SELECT uuid FROM coachhub.clients WHERE name = 'Jonas'")[0]
    for table in ("clients", "goals", "steps", "actions", "checkins", "ratings", "status_changes"):
        col = "uuid" if table == "clients" else "client_uuid"
        seen = hub.sql(f"SELECT DISTINCT {col} FROM coachhub.{table}", role=ben.role)
        assert seen == [(jonas,)], table
    assert hub.sql("UPDATE coachhub.goals SET title = 'x' WHERE client_uuid = %s RETURNING uuid", hugo,
                   role=ben.role) == []
    assert hub.sql("DELETE FROM coachhub.actions WHERE client_uuid = %s RETURNING uuid", hugo,
                   role=ben.role) == []
    (goal,) = hub.sql("SELECT uuid FROM coachhub.goals WHERE client_uuid = %s LIMIT 1", hugo)[0]
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        hub.sql("INSERT INTO coachhub.ratings (uuid, client_uuid, goal_uuid, on_date, importance,"
                " created_at, updated_at, seq) VALUES ('x', %s, %s, '2026-11-18', 1, 'a', 'a', 0)",
                hugo, goal, role=ben.role)
    # Nor can Ben grant himself Hugo, or read who else holds what.
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        hub.sql("INSERT INTO coachhub.grants (role_name, client_uuid, seq) VALUES (current_user, %s, 0)",
                hugo, role=ben.role)
    assert hub.sql("SELECT DISTINCT role_name FROM coachhub.grants", role=ben.role) == [(ben.role,)]
    # The same through psql, as a person at a terminal would try it.
    psql = shutil.which("psql") or str(cluster.bindir / "psql")
    proc = subprocess.run([psql, hub.url(ben.role), "-Atc", "SELECT count(*) FROM coachhub.goals"
                           f" WHERE client_uuid = '{hugo}'"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "0"
    assert int(hub.sql("SELECT count(*) FROM coachhub.goals WHERE client_uuid = %s", hugo)[0][0]) > 0


def test_a_revoked_grant_stops_the_exchange_and_keeps_local_work(practice: tuple[Machine, Machine],
                                                                hub: Hub) -> None:
    anna, ben = practice
    assert_ok(invoke(None, "hub", "grant", ben.role, "Jonas", "--hub", hub.admin_url))
    ben.sync()
    out = assert_ok(invoke(None, "hub", "revoke", ben.role, "Jonas", "--hub", hub.admin_url))
    assert f"{ben.role} may no longer sync Jonas." in out
    ben("checkin", "-c", "Jonas", "--note", "ben's note after the revoke")
    anna("checkin", "-c", "Jonas", "--note", "anna's note after the revoke")
    anna.sync()
    out = ben.sync()
    assert "Kept here only, not shared with you on the hub: Jonas." in out
    assert "sent nothing; received nothing" in out
    assert hub.sql("SELECT count(*) FROM coachhub.checkins WHERE note LIKE 'ben%%'") == [(0,)]
    notes = [r["note"] for r in ben.records("checkins").values()]
    assert "ben's note after the revoke" in notes
    assert "anna's note after the revoke" not in notes
    assert hub.sql("SELECT count(*) FROM coachhub.checkins", role=ben.role) == [(0,)]
    # Shared again: what Ben wrote meanwhile travels, and Anna's note reaches him.
    assert "sent nothing; received nothing" in ben.sync()
    assert_ok(invoke(None, "hub", "grant", ben.role, "Jonas", "--hub", hub.admin_url))
    assert "sent 1 check-in; received 1 check-in" in ben.sync()
    anna.sync()
    for m in (anna, ben):
        notes = [r["note"] for r in m.records("checkins").values()]
        assert "ben's note after the revoke" in notes
        assert "anna's note after the revoke" in notes
    assert anna.view("Jonas") == ben.view("Jonas")


# ---------------------------------------------------------------- faults


def test_a_sync_killed_after_the_hub_committed_finishes_next_time(practice: tuple[Machine, Machine],
                                                                 hub: Hub, tmp_path: Path) -> None:
    """The one window a kill can hit between the two commits: the hub is ahead of the file."""
    anna, ben = practice
    assert_ok(invoke(None, "hub", "grant", ben.role, "Jonas", "--hub", hub.admin_url))
    ben.sync()
    anna("checkin", "-c", "Jonas", "--note", "from anna")
    ben("checkin", "-c", "Jonas", "--note", "from ben")
    copy = tmp_path / "ben-before.db"
    _backup(ben.path, copy)
    anna.sync()
    ben.sync()
    _backup(copy, ben.path)  # as if ben's local commit never happened
    out = ben.sync()
    assert "conflicts 0" in out
    anna.sync()
    assert anna.view("Jonas") == ben.view("Jonas")
    notes = sorted(n for r in ben.records("checkins").values() if (n := r["note"] or "").startswith("from"))
    assert notes == ["from anna", "from ben"]
    assert "sent nothing; received nothing" in ben.sync()


def test_a_sync_killed_at_any_moment_leaves_both_sides_consistent(hub: Hub, tmp_path: Path) -> None:
    anna = Machine(tmp_path / "anna.db", hub, coach_role(hub, "anna"))
    assert_ok(invoke(anna.path, "demo", "--db", str(anna.path), "--clients", "12", "--days", "200",
                     "--no-report"))
    env = {**os.environ, "COACH_DB": str(anna.path), "COACH_HUB": hub.url(anna.role), "COACH_TODAY": TODAY}
    for delay in (0.3, 0.6, 0.9, 1.2):
        proc = subprocess.Popen([sys.executable, "-m", "coachcli", "sync"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert "ok" in anna("db", "check").lower()
        # The hub holds all of the file's records or none (one transaction).
        on_hub = hub.sql("SELECT count(*) FROM coachhub.actions")[0][0]
        assert on_hub in (0, len(anna.records("actions")))
    anna.sync()
    assert "sent nothing; received nothing" in anna.sync()
    hub_actions = {r[0]: r[1:] for r in hub.sql(
        "SELECT uuid, kind, on_date, count, note, created_at, updated_at FROM coachhub.actions")}
    local_actions = {u: (r["kind"], r["on_date"], r["count"], r["note"], r["created_at"], r["updated_at"])
                     for u, r in anna.records("actions").items()}
    assert hub_actions == local_actions


def test_a_self_tracker_on_a_new_machine_receives_their_records_as_me(
    practice: tuple[Machine, Machine], hub: Hub, tmp_path: Path
) -> None:
    anna, _ben = practice
    role = hub.role("hugo")
    (uuid,) = hub.sql("SELECT uuid FROM coachhub.clients WHERE name = 'Hugo'")[0]
    out = assert_ok(invoke(None, "hub", "grant", role, uuid, "--self", "--hub", hub.admin_url))
    assert f"{role} may now sync their own records." in out
    hugo = Machine(tmp_path / "hugo.db", hub, role)
    assert "received 1 client" in hugo.sync()
    assert [c["name"] for c in json.loads(hugo("client", "list", "--format", "json"))] == ["me"]
    assert hugo.view("me", words=False) == anna.view("Hugo", words=False)
    hugo("checkin", "--note", "from my phone")
    hugo.sync()
    anna.sync()
    assert hugo.view("me", words=False) == anna.view("Hugo", words=False)
    assert "from my phone" in [r["note"] for r in anna.records("checkins").values()]
    # One client, one self-tracking role.
    assert_user_error(invoke(None, "hub", "grant", hub.role("other"), "Hugo", "--self", "--hub",
                             hub.admin_url), f"Hugo already tracks themselves as {role}")


def test_a_sync_killed_while_it_waits_for_the_hub_changed_nothing(practice: tuple[Machine, Machine],
                                                                 hub: Hub) -> None:
    anna, _ben = practice
    anna("checkin", "-c", "Jonas", "--note", "waiting")
    before = snapshot(anna.path)
    env = {**os.environ, "COACH_DB": str(anna.path), "COACH_HUB": hub.url(anna.role), "COACH_TODAY": TODAY}
    with psycopg.connect(hub.admin_url) as holder:
        holder.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
        proc = subprocess.Popen([sys.executable, "-m", "coachcli", "sync"], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(200):  # until its connection waits for the lock
            # (from another connection: a transaction sees pg_stat_activity as it first read it)
            waiting = hub.sql(
                "SELECT count(*) FROM pg_stat_activity WHERE usename = %s AND wait_event = 'advisory'",
                anna.role)
            if waiting[0][0]:
                break
            time.sleep(0.05)
        else:
            proc.kill()
            pytest.fail(f"the sync never reached the hub's lock: {proc.communicate()}")
        # Meanwhile local work goes on: the sync holds no local lock yet.
        anna("checkin", "-c", "Jonas", "--note", "written while a sync waited")
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    after = snapshot(anna.path)
    assert after is not None
    assert before is not None
    assert len(after["checkins"]) == len(before["checkins"]) + 1
    assert after["sync_peers"] == before["sync_peers"]
    assert hub.sql("SELECT count(*) FROM coachhub.checkins WHERE note IN ('waiting',"
                   " 'written while a sync waited')") == [(0,)]
    assert "sent 2 check-ins" in anna.sync()


def test_no_password_is_kept_in_the_local_file_and_the_hub_is_remembered(hub: Hub, tmp_path: Path) -> None:
    role = coach_role(hub, "anna")
    db = tmp_path / "anna.db"
    assert_ok(invoke(db, "goal", "add", "Walk"))
    secret = "s3cret-pass"
    url = hub.url(role).replace(f"{role}@", f"{role}:{secret}@")
    assert "sent 1 client, 1 goal" in assert_ok(invoke(db, "sync", "--hub", url))
    assert secret.encode() not in db.read_bytes()
    assert not any(secret.encode() in p.read_bytes() for p in tmp_path.glob("anna.db-*"))
    (remembered,) = [r[0] for r in helpers_rows(db, "SELECT hub FROM sync_peers")]
    assert f"user={role}" in remembered
    assert "password" not in remembered
    # Later syncs need no address: the one remembered (without its password) is used.
    assert "sent nothing; received nothing" in assert_ok(invoke(db, "sync"))


def test_a_role_the_hub_does_not_know_is_told_who_can_fix_it(hub: Hub, tmp_path: Path) -> None:
    hub.sql(f"CREATE ROLE {hub.role('stranger')} LOGIN")
    m = Machine(tmp_path / "x.db", hub, hub.role("stranger"))
    assert_user_error(m.run("sync"), "is not a coach or client on this hub")


# ---------------------------------------------------------------- the hub's owner


def test_the_owner_sees_who_may_sync_what_and_mistakes_are_one_line(practice: tuple[Machine, Machine],
                                                                     hub: Hub, tmp_path: Path) -> None:
    anna, ben = practice
    admin = ("--hub", hub.admin_url)
    up_to_date = f"is up to date (schema {HUB_SCHEMA_VERSION})"
    assert up_to_date in assert_ok(invoke(None, "hub", "init", hub.admin_url))
    assert_ok(invoke(None, "hub", "grant", ben.role, "jonas", *admin))  # names match case-insensitively
    assert "could already sync Jonas" in assert_ok(invoke(None, "hub", "grant", ben.role, "Jonas", *admin))
    people = json.loads(assert_ok(invoke(None, "hub", "who", "--format", "json", *admin)))
    assert {"role": anna.role, "kind": "coach", "clients": ["Hugo", "Jonas", "Marek"]} in people
    assert {"role": ben.role, "kind": "coach", "clients": ["Jonas"]} in people
    assert ben.role in assert_ok(invoke(None, "hub", "who", "--format", "text", *admin))
    assert_user_error(invoke(None, "hub", "grant", ben.role, "Nobody", *admin),
                      "no client 'Nobody' on the hub")
    assert_user_error(invoke(None, "hub", "revoke", ben.role, "Nobody", *admin), "no client 'Nobody'")
    assert "had no access to Hugo" in assert_ok(invoke(None, "hub", "revoke", ben.role, "Hugo", *admin))
    assert_user_error(invoke(None, "hub", "grant", "Bad Name", *admin), "is not a role name")
    assert_user_error(invoke(None, "hub", "grant", "pg_monitor", *admin), "is reserved")
    assert_user_error(invoke(None, "hub", "grant", ben.role, "Jonas", "--self", *admin),
                      "is a coach on this hub")
    assert_user_error(invoke(None, "hub", "grant", hub.role("x"), "Hugo", "Jonas", "--self", *admin),
                      "name exactly one client")
    # Two clients of one name (two coaches' own "Sam"): the UUID tells them apart.
    for m in (anna, ben):
        m("client", "add", "Sam")
        m.sync()
    assert_user_error(invoke(None, "hub", "grant", anna.role, "Sam", *admin),
                      "2 clients on the hub are called 'Sam'; give the UUID of one")
    # A database without a hub, and a coach who cannot set one up.
    with psycopg.connect(hub.cluster.url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE empty{hub.suffix}")
    empty = hub.cluster.url(f"empty{hub.suffix}")
    assert_user_error(invoke(None, "hub", "who", "--hub", empty), "has no hub yet: run coach hub init URL")
    assert_user_error(invoke(tmp_path / "x.db", "sync", "--hub", empty), "has no hub yet")
    refused = invoke(None, "hub", "init", hub.cluster.url(f"empty{hub.suffix}", user=ben.role))
    assert_user_error(refused, "run coach hub init as the database's owner")


# ---------------------------------------------------------------- amounts


def test_an_amount_logged_on_one_machine_arrives_as_the_same_number(hub: Hub, tmp_path: Path) -> None:
    """A self-tracker's measured steps, synced to their coach: each amount, a correction and a new
    target arrive unchanged, and both machines' reports say the same figures."""
    alice_role = hub.role("alice")
    assert_ok(invoke(None, "hub", "grant", alice_role, "Alice", "--self", "--hub", hub.admin_url))
    alice = Machine(tmp_path / "alice.db", hub, alice_role)
    anna = Machine(tmp_path / "anna.db", hub, coach_role(hub, "anna", "Alice"))
    alice("goal", "add", "Feel steady", "--on", "2026-11-09")
    alice("step", "add", "1", "Coffee", "--at-most", "2 coffees/day", "--start", "2026-11-09")
    alice("step", "add", "1", "Run", "--at-least", "20 km/week", "--start", "2026-11-09")
    # Decimals that binary floating point cannot hold exactly, a day with none, two logs a day.
    for step, amount, day in (("2", "5.2", "2026-11-10"), ("2", "0.1", "2026-11-12"),
                              ("2", "0.2", "2026-11-12"), ("2", "14.7", "2026-11-14"),
                              ("1", "3", "2026-11-10"), ("1", "0", "2026-11-11"), ("1", "1.5", "2026-11-17")):
        alice("done", step, "--amount", amount, "--on", day)
    alice.sync()
    anna.sync()
    on_hub = sorted(r[0] for r in hub.sql("SELECT amount FROM coachhub.actions"))
    assert on_hub == [0.0, 0.1, 0.2, 1.5, 3.0, 5.2, 14.7]  # numbers, not text
    amounts = lambda m: sorted(r["amount"] for r in m.records("actions").values())  # noqa: E731
    assert amounts(anna) == amounts(alice) == on_hub
    assert anna.records("actions") == alice.records("actions")
    # The coach corrects a run; the self-tracker raises the target from Monday: both travel.
    (ref,) = [e["ref"] for e in json.loads(anna("log", "-c", "Alice", "--format", "json"))
              if e["amount"] == 14.7]
    anna("edit", ref, "--amount", "15.7")
    alice("step", "edit", "2", "--at-least", "25 km/week", "--from", "2026-11-16")
    for m in (anna, alice, anna):
        m.sync()
    assert json.loads(anna("sync", "--conflicts", "--format", "json")) == []
    # The same report on both machines, its steps in the order they were made.
    assert anna.view("Alice", words=False) == alice.view("me", words=False)
    week = json.loads(alice("report", "--week", "2026-W46", "--format", "json"))
    run = next(s for g in week["clients"][0]["goals"] for s in g["steps"] if s["title"] == "Run")
    assert (run["amount"], run["target"], run["credit"]) == (21.2, 20, 1)  # 5.2 + 0.1 + 0.2 + 15.7
    coffee = next(s for g in week["clients"][0]["goals"] for s in g["steps"] if s["title"] == "Coffee")
    assert (coffee["amount"], coffee["unknown"]) == (3, 5)  # 3 and 0 logged, five days not
    now = json.loads(anna("report", "-c", "Alice", "--format", "json"))
    run_now = next(s for g in now["clients"][0]["goals"] for s in g["steps"] if s["title"] == "Run")
    assert run_now["per_period"] == 25


def test_the_hubs_number_columns_are_the_kinds_a_sync_reads_whole(hub: Hub) -> None:
    """A sync reads number kinds whole and every other column cut to its bound: the two must agree."""
    from coachcli.hub.schema import hub_columns
    from coachcli.portable.fmt import NUMBER_KINDS, TABLES

    types = {(t, c): d for t, c, d in hub.sql(
        "SELECT table_name, column_name, data_type FROM information_schema.columns"
        " WHERE table_schema = 'coachhub'")}
    seen = 0
    for spec in TABLES:
        kinds = {f.name: f.kind for f in spec.fields}
        for col in hub_columns(spec):
            if col not in kinds or (spec.name, col) not in types:
                continue
            seen += 1
            number = types[(spec.name, col)] in ("integer", "bigint", "smallint", "double precision",
                                                 "numeric", "real", "boolean")
            assert number == (kinds[col] in NUMBER_KINDS), (spec.name, col, types[(spec.name, col)])
    assert seen > 30
