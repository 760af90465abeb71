"""The reads and link lookups behind ``coach group`` and the group report.

Memberships and consents name their group by uuid (see migration 0012); the
queries here join on it. Writes go through :class:`~coachcli.store.Tx` in
the service layer like every other record's.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from coachcli.domain.records import Challenge, ChallengeCopy, Consent, Group, Membership
from coachcli.store.db import Database


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _group(row: sqlite3.Row) -> Group:
    return Group(row["id"], row["uuid"], row["name"], row["note"], _day(row["archived_on"]),
                 row["created_at"])


def groups_named(db: Database, key: str) -> list[Group]:
    """Groups whose name, compared by ``casefold``, is ``key``."""
    rows = db.conn.execute("SELECT * FROM groups ORDER BY id").fetchall()
    return [_group(r) for r in rows if str(r["name"]).casefold() == key]


def all_groups(db: Database) -> list[Group]:
    return [_group(r) for r in db.conn.execute("SELECT * FROM groups ORDER BY name COLLATE NOCASE, id")]


def group_by_id(db: Database, group_id: int) -> Group | None:
    row = db.conn.execute("SELECT * FROM groups WHERE id = ?", (group_id,)).fetchone()
    return None if row is None else _group(row)


def memberships(db: Database, group_uuid: str) -> list[Membership]:
    """Every spell of every member, by client name then date."""
    rows = db.conn.execute(
        "SELECT m.id, m.client_id, c.name, m.joined_on, m.left_on FROM group_members m"
        " JOIN clients c ON c.id = m.client_id WHERE m.group_uuid = ?"
        " ORDER BY c.name COLLATE NOCASE, m.joined_on, m.id",
        (group_uuid,),
    ).fetchall()
    return [Membership(r[0], r[1], r[2], date.fromisoformat(r[3]), _day(r[4])) for r in rows]


def consents(db: Database, group_uuid: str) -> list[Consent]:
    """Every consent given in the group, in the order given (day, then when it was made)."""
    rows = db.conn.execute(
        "SELECT id, client_id, on_date, level, pseudonym, created_at FROM group_consents"
        " WHERE group_uuid = ? ORDER BY on_date, created_at, uuid",
        (group_uuid,),
    ).fetchall()
    return [Consent(r[0], r[1], date.fromisoformat(r[2]), r[3], r[4], r[5]) for r in rows]


def challenges(db: Database, group_id: int) -> list[Challenge]:
    rows = db.conn.execute(
        "SELECT id, uuid, title, schedule, start_date, sensitive FROM group_challenges"
        " WHERE group_id = ? ORDER BY start_date, id",
        (group_id,),
    ).fetchall()
    return [Challenge(r[0], r[1], r[2], r[3], date.fromisoformat(r[4]), bool(r[5])) for r in rows]


def challenge_copies(db: Database, challenge_uuid: str, until: date) -> list[ChallengeCopy]:
    """Each member's copy of a challenge with their dones up to ``until``, by client."""
    copies = db.conn.execute(
        "SELECT g.client_id, s.id, s.start_date FROM group_steps x JOIN steps s ON s.id = x.step_id"
        " JOIN goals g ON g.id = s.goal_id WHERE x.challenge_uuid = ? ORDER BY g.client_id, s.id",
        (challenge_uuid,),
    ).fetchall()
    out = []
    for client_id, step_id, start in copies:
        dones = db.conn.execute(
            "SELECT on_date, sum(count) FROM actions WHERE step_id = ? AND kind = 'done'"
            " AND on_date <= ? GROUP BY on_date ORDER BY on_date",
            (step_id, until.isoformat()),
        ).fetchall()
        out.append(ChallengeCopy(client_id, step_id, date.fromisoformat(start),
                                 tuple((date.fromisoformat(d), int(n)) for d, n in dones)))
    return out


def copy_of(db: Database, challenge_uuid: str, client_id: int) -> int | None:
    """The step id of a client's copy of a challenge, if they have one."""
    row = db.conn.execute(
        "SELECT s.id FROM group_steps x JOIN steps s ON s.id = x.step_id"
        " JOIN goals g ON g.id = s.goal_id WHERE x.challenge_uuid = ? AND g.client_id = ?",
        (challenge_uuid, client_id),
    ).fetchone()
    return None if row is None else int(row[0])


def goal_titled(db: Database, client_id: int, title: str) -> int | None:
    """A client's active or paused goal of exactly this title (a group's goal), if any."""
    row = db.conn.execute(
        "SELECT id FROM goals WHERE client_id = ? AND title = ? AND status IN ('active', 'paused')"
        " ORDER BY id LIMIT 1",
        (client_id, title),
    ).fetchone()
    return None if row is None else int(row[0])


def group_records(db: Database, group: Group) -> dict[str, list[int]]:
    """The ids of a group and every record naming it, by table, children first (to delete)."""
    q = {
        "group_steps": "SELECT x.id FROM group_steps x JOIN group_challenges c"
                       " ON c.uuid = x.challenge_uuid WHERE c.group_id = :id",
        "group_challenges": "SELECT id FROM group_challenges WHERE group_id = :id",
        "group_consents": "SELECT id FROM group_consents WHERE group_uuid = :uuid",
        "group_members": "SELECT id FROM group_members WHERE group_uuid = :uuid",
        "groups": "SELECT id FROM groups WHERE id = :id",
    }
    args = {"id": group.id, "uuid": group.uuid}
    return {t: [r[0] for r in db.conn.execute(sql + " ORDER BY 1", args)] for t, sql in q.items()}

