# ruff: noqa: F811 - the hub fixtures are shared with tests/test_hub.py by import
"""Groups on the hub: each member reads exactly what their peers consented to, enforced there.

A coach runs a group of five on their machine and syncs it; one member tracks
themselves through the hub. What that member's role can read is checked in raw
SQL and psql (PostgreSQL's row-level security and the hub's functions decide,
not the program), before and after a peer withdraws; every forgery a member
could try is refused and leaves the hub as it was.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from tests.test_hub import Hub, Machine, assert_ok, cluster, coach_role, hub, invoke  # noqa: F401

psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[test]')")

START = "2026-11-02"  # a Monday; the hub tests' today is Wednesday 2026-11-18
MEMBERS = ("Ana", "Bo", "Cy", "Dee", "Eli")
#: Who ran on which days (the challenge asks mon, wed, fri).
RUNS = {
    "Ana": ("2026-11-02", "2026-11-04", "2026-11-06", "2026-11-13", "2026-11-16", "2026-11-18"),
    "Bo": ("2026-11-04", "2026-11-13", "2026-11-16", "2026-11-18"),
    "Cy": ("2026-11-02", "2026-11-16"),
    "Dee": ("2026-11-02", "2026-11-04", "2026-11-06", "2026-11-09", "2026-11-11", "2026-11-13",
            "2026-11-16", "2026-11-18"),
    "Eli": ("2026-11-09", "2026-11-11", "2026-11-13", "2026-11-16", "2026-11-18"),
}


def _group(anna: Machine) -> None:
    for name in MEMBERS:
        anna("client", "add", name, "--on", START)
    anna("group", "add", "Runners")
    for name in MEMBERS:
        anna("group", "join", "Runners", name, "--on", START)
    anna("group", "step", "Runners", "Run 20 minutes", "--every", "mon,wed,fri", "--start", START)
    anna("group", "consent", "Runners", "Ana", "named", "--as", "Blue Fox", "--on", START)
    anna("group", "consent", "Runners", "Bo", "named", "--on", START)
    anna("group", "consent", "Runners", "Dee", "none", "--on", START)
    for name, days in RUNS.items():
        for day in days:
            anna("done", "Run", "-c", name, "--on", day)


@pytest.fixture
def group(hub: Hub, tmp_path: Path) -> tuple[Machine, Machine, str]:
    """Anna coaches Runners (five members); Cy tracks herself through the hub. (anna, cy, group uuid)."""
    anna = Machine(tmp_path / "anna.db", hub, coach_role(hub, "anna"))
    _group(anna)
    anna.sync()
    (cy_uuid,) = hub.sql("SELECT uuid FROM coachhub.clients WHERE name = 'Cy'")[0]
    role = hub.role("cy")
    assert_ok(invoke(None, "hub", "grant", role, cy_uuid, "--self", "--hub", hub.admin_url))
    cy = Machine(tmp_path / "cy.db", hub, role)
    cy.sync()
    ((g,),) = hub.sql("SELECT uuid FROM coachhub.groups")
    return anna, cy, g


def psql(hub: Hub, role: str, query: str) -> list[str]:
    """Rows of ``query`` as ``role`` through psql, one line each (fields joined by |)."""
    found = shutil.which("psql") or str(Path(hub.cluster.bindir) / "psql")
    proc = subprocess.run([found, hub.url(role), "-Atc", query], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


def hub_state(hub: Hub) -> dict[str, Any]:
    """Every row of the group tables and of the actions, as the hub's owner reads them."""
    out = {}
    for table in ("groups", "group_members", "group_consents", "group_challenges", "group_steps", "actions",
                  "steps", "clients"):
        out[table] = sorted(map(repr, hub.sql(f"SELECT * FROM coachhub.{table}")))
    return out


def peer_report(m: Machine) -> dict[str, Any]:
    return json.loads(m("report", "--group", "Runners", "--format", "json"))


# ---------------------------------------------------------------- what a member reads


def test_a_member_reads_their_peers_only_as_each_consented_in_psql(
    group: tuple[Machine, Machine, str], hub: Hub
) -> None:
    anna, cy, g = group
    role = cy.role
    names = dict(hub.sql("SELECT name, uuid FROM coachhub.clients"))
    # Her own records, and nobody else's, in every table a record lives in.
    for table in ("clients", "goals", "steps", "actions", "group_members", "group_steps"):
        col = "uuid" if table == "clients" else "client_uuid"
        assert psql(hub, role, f"SELECT DISTINCT {col} FROM coachhub.{table}") == [names["Cy"]], table
    # Three peers gave a level; she gave none (totals, the default): she reads none of theirs.
    assert hub.sql("SELECT count(*) FROM coachhub.group_consents") == [(3,)]
    assert psql(hub, role, "SELECT count(*) FROM coachhub.group_consents") == ["0"]
    assert psql(hub, role, "SELECT name FROM coachhub.groups") == ["Runners"]
    assert psql(hub, role, "SELECT title FROM coachhub.group_challenges") == ["Run 20 minutes"]
    # Named peers' own figures, under the name they chose; nobody at totals or none.
    dones = psql(hub, role, f"SELECT shown_as, on_date, done FROM coachhub.peer_dones('{g}')")
    assert {line.split("|")[0] for line in dones} == {"Blue Fox", "Bo"}
    assert len(dones) == len(RUNS["Ana"]) + len(RUNS["Bo"])
    # The week to 18 Nov, summed over those who share: Ana, Bo, Cy, Eli (Dee shares nothing).
    week = psql(hub, role, "SELECT counted, did, done, (SELECT string_agg(n, ',' ORDER BY n) FROM"
                f" unnest(celebrated) AS n) FROM coachhub.group_view('{g}', '2026-11-18')"
                " WHERE week_end = '2026-11-18'")
    assert week == ["4|3|10|Blue Fox,Bo"]  # Ana 3, Bo 3, Eli 3 of 3 asked; Cy 1
    # What she reads through the hub is what the coach's page shows the group.
    assert peer_report(cy) == peer_report(anna)


def test_a_withdrawal_hides_every_figure_of_the_member_from_peers_at_once(
    group: tuple[Machine, Machine, str], hub: Hub
) -> None:
    anna, cy, g = group
    assert "figures" not in cy.sync()  # nothing changed since her last sync
    before = peer_report(cy)
    assert "Blue Fox" in json.dumps(before)
    anna("group", "consent", "Runners", "Ana", "none")
    anna.sync()
    # On the hub at once: not named, not counted, in any week (the ones before it too).
    fox = f"SELECT count(*) FROM coachhub.peer_dones('{g}') WHERE shown_as = 'Blue Fox'"
    assert psql(hub, cy.role, fox) == ["0"]
    weeks = psql(hub, cy.role, f"SELECT week_end, counted, done FROM coachhub.group_view('{g}', '2026-11-18')"
                 " WHERE week_end IN ('2026-11-08', '2026-11-18') ORDER BY 1")
    assert weeks == ["2026-11-08|3|2", "2026-11-18|3|7"]  # Bo, Cy, Eli
    # Cy's copy still holds Ana's figures until her next sync, which removes them.
    assert "Blue Fox" in cy.path.read_bytes().decode("utf-8", "replace")
    assert "The group Runners: its figures for days you had read changed" in cy.sync()
    after = peer_report(cy)
    assert "Blue Fox" not in json.dumps(after)
    assert after == peer_report(anna)
    assert b"Blue Fox" not in cy.path.read_bytes()


def test_a_member_withdraws_on_their_own_machine_and_the_coach_receives_it(
    group: tuple[Machine, Machine, str], hub: Hub
) -> None:
    anna, cy, _g = group
    cy("group", "consent", "Runners", "me", "none")
    cy.sync()
    assert hub.sql("SELECT c.level, c.author FROM coachhub.group_consents c JOIN coachhub.clients k"
                   " ON k.uuid = c.client_uuid WHERE k.name = 'Cy'") == [("none", cy.role)]
    anna.sync()
    coach = json.loads(anna("report", "--group", "Runners", "--coach", "--format", "json"))
    assert json.dumps(coach).count('"none"') >= 2  # Dee and now Cy
    assert peer_report(cy) == peer_report(anna)
    # The coach's next sync leaves her consent on the hub: it is hers.
    anna.sync()
    assert hub.sql("SELECT count(*) FROM coachhub.group_consents WHERE author = %s", cy.role) == [(1,)]


def test_a_self_tracking_member_s_withdrawal_is_theirs_alone(
    group: tuple[Machine, Machine, str], hub: Hub
) -> None:
    """The coach who holds Cy can neither take back her withdrawal nor write a level over it."""
    anna, cy, g = group
    cy("group", "consent", "Runners", "me", "none")
    cy.sync()
    anna.sync()
    (cy_uuid,) = hub.sql("SELECT uuid FROM coachhub.clients WHERE name = 'Cy'")[0]
    before = hub_state(hub)
    assert hub.sql(f"DELETE FROM coachhub.group_consents WHERE client_uuid = '{cy_uuid}' RETURNING uuid",
                   role=anna.role) == []
    assert hub.sql("UPDATE coachhub.group_consents SET level = 'named'"
                   f" WHERE client_uuid = '{cy_uuid}' RETURNING uuid", role=anna.role) == []
    t = "'2026-11-18T00:00:00.000Z'"
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        hub.sql("INSERT INTO coachhub.group_consents (uuid, client_uuid, group_uuid, on_date, level,"
                f" created_at, updated_at, seq) VALUES ('f9', '{cy_uuid}', '{g}', '2026-11-19', 'named',"
                f" {t}, {t}, 0)", role=anna.role)
    assert hub_state(hub) == before
    # Through the program: the level the coach records for her stays off the hub and goes here too.
    anna("group", "consent", "Runners", "Cy", "named", "--as", "Cy runs")
    said = anna.sync()
    assert "Left out 1 sharing choice(s) you recorded for members who track themselves" in said
    assert hub_state(hub) == before
    assert "Cy runs" not in json.dumps(json.loads(anna("report", "--group", "Runners", "--coach",
                                                       "--format", "json")))
    assert peer_report(cy) == peer_report(anna)
    # The coach still gives the consent of a member who has no role of their own.
    anna("group", "consent", "Runners", "Bo", "totals")
    anna.sync()
    assert hub.sql("SELECT level FROM coachhub.group_consents c JOIN coachhub.clients k ON k.uuid ="
                   " c.client_uuid WHERE k.name = 'Bo' ORDER BY c.created_at") == [("named",), ("totals",)]


# ---------------------------------------------------------------- forgeries


def test_no_member_can_write_another_members_records_consent_or_group(
    group: tuple[Machine, Machine, str], hub: Hub
) -> None:
    _anna, cy, g = group
    cy("group", "consent", "Runners", "me", "named", "--as", "Owl")
    cy.sync()
    uuids = dict(hub.sql("SELECT name, uuid FROM coachhub.clients"))
    copy = "SELECT step_uuid FROM coachhub.group_steps WHERE client_uuid = %s"
    ana_step, cy_step = (hub.sql(copy, uuids[name])[0][0] for name in ("Ana", "Cy"))
    (challenge,) = hub.sql("SELECT uuid FROM coachhub.group_challenges")[0]
    before = hub_state(hub)
    t = "'2026-11-18T00:00:00.000Z'"
    ana, cy_ = uuids["Ana"], uuids["Cy"]
    refused = [
        # Another member's done, on their copy of the challenge.
        f"INSERT INTO coachhub.actions (uuid, client_uuid, step_uuid, kind, on_date, count, created_at,"
        f" updated_at, seq) VALUES ('f1', '{ana}', '{ana_step}', 'done', '2026-11-17', 9, {t}, {t}, 0)",
        # Another member's consent, or joining someone to the group.
        f"INSERT INTO coachhub.group_consents (uuid, client_uuid, group_uuid, on_date, level, created_at,"
        f" updated_at, seq) VALUES ('f2', '{ana}', '{g}', '2026-11-02', 'named', {t}, {t}, 0)",
        f"INSERT INTO coachhub.group_members (uuid, client_uuid, group_uuid, joined_on, created_at,"
        f" updated_at, seq) VALUES ('f3', '{cy_}', '{g}', '2026-10-01', {t}, {t}, 0)",
        # A challenge in a group she does not run, or a second copy counting her dones twice.
        f"INSERT INTO coachhub.group_challenges (uuid, group_uuid, title, schedule, start_date,"
        f" sensitive, created_at, updated_at, seq)"
        f" VALUES ('f4', '{g}', 'x', 'daily', '2026-11-02', false, {t}, {t}, 0)",
        f"INSERT INTO coachhub.group_steps (uuid, client_uuid, challenge_uuid, step_uuid, created_at,"
        f" updated_at, seq) VALUES ('f5', '{cy_}', '{challenge}', '{cy_step}', {t}, {t}, 0)",
        # A group of her own (only coaches run groups), or one claimed in the coach's name.
        f"INSERT INTO coachhub.groups (uuid, name, created_at, updated_at, seq)"
        f" VALUES ('f6', 'Mine', {t}, {t}, 0)",
        f"INSERT INTO coachhub.groups (uuid, owner, name, created_at, updated_at, seq)"
        f" VALUES ('f7', '{_anna.role}', 'Mine', {t}, {t}, 0)",
        # Her own consent in a group she is not in.
        f"INSERT INTO coachhub.group_consents (uuid, client_uuid, group_uuid, on_date, level, created_at,"
        f" updated_at, seq) VALUES ('f8', '{cy_}', 'no-such-group', '2026-11-02', 'named', {t}, {t}, 0)",
    ]
    for query in refused:
        with pytest.raises((psycopg.errors.InsufficientPrivilege, psycopg.errors.ForeignKeyViolation)):
            hub.sql(query, role=cy.role)
    unseen = [  # rows of others: not there for her, so nothing changes
        f"UPDATE coachhub.group_consents SET level = 'named' WHERE client_uuid = '{uuids['Dee']}'"
        " RETURNING uuid",
        f"DELETE FROM coachhub.group_consents WHERE client_uuid <> '{cy_}' RETURNING uuid",
        "UPDATE coachhub.groups SET name = 'Walkers' RETURNING uuid",
        "DELETE FROM coachhub.groups RETURNING uuid",
        "UPDATE coachhub.group_challenges SET schedule = 'monthly' RETURNING uuid",
        "DELETE FROM coachhub.group_members RETURNING uuid",
        "UPDATE coachhub.group_members SET joined_on = '2026-01-01' RETURNING uuid",
        "UPDATE coachhub.group_steps SET created_at = 'x' RETURNING uuid",
        f"UPDATE coachhub.actions SET count = 0 WHERE client_uuid <> '{cy_}' RETURNING uuid",
    ]
    for query in unseen:
        assert hub.sql(query, role=cy.role) == [], query
    # Moving her own consent into another member's name is refused too.
    with pytest.raises(psycopg.errors.Error):
        hub.sql(f"UPDATE coachhub.group_consents SET client_uuid = '{ana}'", role=cy.role)
    # Nor can she read a peer's consent through the hub's own helper.
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        hub.sql(f"SELECT * FROM coachhub.shown('{g}', '{uuids['Dee']}', '2026-11-18')", role=cy.role)
    assert hub_state(hub) == before


def test_a_member_who_left_reads_nothing_more_of_the_group(
    group: tuple[Machine, Machine, str], hub: Hub
) -> None:
    anna, cy, g = group
    assert psql(hub, cy.role, "SELECT count(*) FROM coachhub.groups") == ["1"]
    anna("group", "leave", "Runners", "Cy", "--on", "2026-11-10")
    anna.sync()
    for query in ("SELECT * FROM coachhub.groups", "SELECT * FROM coachhub.group_challenges"):
        assert hub.sql(query, role=cy.role) == [], query
    for query in (f"SELECT * FROM coachhub.group_view('{g}', '2026-11-18')",
                  f"SELECT * FROM coachhub.peer_dones('{g}')"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            hub.sql(query, role=cy.role)
    # Her next sync takes the group's figures off her machine.
    cy.sync()
    assert b"Blue Fox" not in cy.path.read_bytes()
    assert psql(hub, anna.role, "SELECT count(*) FROM coachhub.groups") == ["1"]  # the coach still runs it


def test_a_role_outside_the_group_reads_nothing_of_it(group: tuple[Machine, Machine, str], hub: Hub) -> None:
    _anna, _cy, g = group
    ben = coach_role(hub, "ben")
    for query in ("SELECT * FROM coachhub.groups", "SELECT * FROM coachhub.group_challenges",
                  "SELECT * FROM coachhub.group_members", "SELECT * FROM coachhub.group_consents"):
        assert hub.sql(query, role=ben) == [], query
    for query in (f"SELECT * FROM coachhub.group_view('{g}', '2026-11-18')",
                  f"SELECT * FROM coachhub.peer_dones('{g}')"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            hub.sql(query, role=ben)


# ---------------------------------------------------------------- the hub counts as the report does


def test_the_hub_asks_as_often_as_the_report_counts(hub: Hub) -> None:
    from coachcli.domain.groups import planned

    rules = ("daily", "weekdays", "weekends", "mon,wed,fri", "tue", "sat,sun", "weekly", "every 2 weeks",
             "every 3 days", "monthly", "1/week", "3/week", "2/month", "10/month")
    anchors = (date(2026, 1, 31), date(2026, 2, 3), date(2026, 11, 5))
    cases = [(rule, anchor, anchor + timedelta(days=lo), anchor + timedelta(days=lo + span))
             for rule in rules for anchor in anchors for lo in (-3, 0, 5, 29) for span in (0, 3, 6, 40)]
    found = hub.sql("SELECT coachhub.asked(r, a, l, h)"
                    " FROM unnest(%s::text[], %s::date[], %s::date[], %s::date[]) AS u (r, a, l, h)",
                    *map(list, zip(*cases, strict=True)))
    expected = [planned(rule, anchor, lo, hi) for rule, anchor, lo, hi in cases]
    assert [r[0] for r in found] == expected
    rrule = "SELECT coachhub.asked('RRULE:FREQ=DAILY', '2026-11-02', '2026-11-02', '2026-11-08')"
    assert hub.sql(rrule) == [(None,)]


def test_a_pseudonym_that_is_a_peers_name_is_refused_by_the_hub_and_said(
    group: tuple[Machine, Machine, str], hub: Hub
) -> None:
    _anna, cy, _g = group
    before = hub_state(hub)
    for taken in ("bo", "Blue Fox"):  # a peer's name, a peer's pseudonym
        cy("group", "consent", "Runners", "me", "named", "--as", taken)
        out = cy.sync()
        assert "Left out your sharing choice" in out
        assert "another member's name in this group" in out
        assert hub_state(hub) == before
        assert json.loads(cy("group", "show", "Runners", "--format", "json")) is not None
        assert taken not in json.dumps(cy.records("group_consents"))


def test_a_purged_member_leaves_no_trace_on_the_hub_nor_on_a_peers_machine(
    group: tuple[Machine, Machine, str], hub: Hub
) -> None:
    anna, cy, _g = group
    cy("group", "consent", "Runners", "me", "named", "--as", "Owl")
    for day in ("2026-11-13", "2026-11-18"):  # her week to 18 Nov done: celebrated as Owl
        cy("done", "Run", "--on", day)
    cy.sync()
    anna.sync()
    (ana,) = hub.sql("SELECT uuid FROM coachhub.clients WHERE name = 'Ana'")[0]
    anna("client", "delete", "Ana", "--yes", "--purge")
    anna.sync()
    for table in ("group_members", "group_consents", "group_steps", "actions"):
        assert hub.sql(f"SELECT count(*) FROM coachhub.{table} WHERE client_uuid = %s", ana) == [(0,)], table
    cy.sync()
    assert b"Blue Fox" not in cy.path.read_bytes()
    assert peer_report(cy) == peer_report(anna)
    # Cy purging herself on her machine leaves nothing of her there either, the group's copy included.
    assert "Owl" in peer_report(cy)["celebrations"]
    cy("client", "delete", "me", "--yes", "--purge")
    assert b"Owl" not in cy.path.read_bytes()


# ---------------------------------------------------------------- a measured challenge

#: km logged by member and day (Cy logs hers on her own machine): week 45 Ana 21.5 (named as
#: Blue Fox), Bo 20 (named), Cy 0, Eli 0, Dee 30 (none); week 46 Cy 21; week 47 Eli 7.25.
KM = {"Ana": (("2026-11-02", "12"), ("2026-11-05", "9.5"), ("2026-11-10", "4")),
      "Bo": (("2026-11-03", "20"),), "Dee": (("2026-11-04", "30"),), "Eli": (("2026-11-16", "7.25"),)}


def _week(m: Machine, week: str) -> dict[str, Any]:
    return json.loads(m("report", "--group", "Runners", "--week", week, "--format", "json"))


def test_a_measured_challenge_reads_the_same_through_the_hub_and_a_withdrawal_hides_its_amounts(
    group: tuple[Machine, Machine, str], hub: Hub
) -> None:
    anna, cy, g = group
    anna("group", "step", "Runners", "Km", "--at-least", "20 km/week", "--start", START)
    for name, logs in KM.items():
        for day, km in logs:
            anna("done", "Km", "-c", name, "--on", day, "--amount", km)
    anna.sync()
    cy.sync()
    cy("done", "Km", "--on", "2026-11-10", "--amount", "21")
    cy.sync()
    anna.sync()
    cy.sync()
    query = ("SELECT week_end, counted, did, amount, (SELECT string_agg(n || '=' || a, ',' ORDER BY n)"
             " FROM unnest(celebrated, celebrated_amounts) AS u (n, a))"
             f" FROM coachhub.group_view('{g}', '2026-11-18') v"
             " JOIN coachhub.group_challenges c ON c.uuid = v.challenge_uuid"
             " WHERE c.title = 'Km' AND week_end IN ('2026-11-08', '2026-11-15') ORDER BY 1")
    assert psql(hub, cy.role, query) == ["2026-11-08|4|2|41.5|Blue Fox=21.5,Bo=20",
                                         "2026-11-15|4|1|25|"]  # Cy met it at totals: not named
    for week in ("2026-W45", "2026-W46"):
        assert _week(cy, week) == _week(anna, week)
    first = _week(cy, "2026-W45")
    assert (first["weeks"][-1]["amount"], first["celebrated_amounts"]) == (41.5, [21.5, 20.0])
    assert "Together, the group logged 41.5 km" in " ".join(
        cy("report", "--group", "Runners", "--week", "2026-W45", "--format", "text").split())
    anna("group", "consent", "Runners", "Ana", "none")
    anna.sync()
    assert psql(hub, cy.role, query) == ["2026-11-08|3|1|20|Bo=20", "2026-11-15|3|1|21|"]
    cy.sync()
    after = _week(cy, "2026-W45")
    assert after == _week(anna, "2026-W45")
    assert (after["weeks"][-1]["amount"], after["celebrations"]) == (20.0, ["Bo"])


def test_the_hubs_measured_target_is_the_reports(hub: Hub) -> None:
    from coachcli.domain.groups import measured_target
    from coachcli.domain.measure import parse_measure

    plans = ("20 km/week", "2 drinks/day", "30 pages/month", "2.5 hours/week")
    anchors = (date(2026, 1, 31), date(2026, 2, 3), date(2026, 11, 5))
    cases = [(plan, anchor, anchor + timedelta(days=lo), anchor + timedelta(days=lo + span))
             for plan in plans for anchor in anchors for lo in (-3, 0, 5, 29) for span in (0, 3, 6, 40)]
    measures = [parse_measure(p, "at_least") for p, *_ in cases]
    found = hub.sql("SELECT coachhub.measured_target(n, p, a, l, h) FROM unnest(%s::float8[], %s::text[],"
                    " %s::date[], %s::date[], %s::date[]) AS u (n, p, a, l, h)",
                    [m.target for m in measures], [m.period for m in measures],
                    *map(list, zip(*[c[1:] for c in cases], strict=True)))
    expected = [measured_target(m, anchor, lo, hi)
                for m, (_, anchor, lo, hi) in zip(measures, cases, strict=True)]
    assert [r[0] for r in found] == pytest.approx(expected, rel=1e-12)
