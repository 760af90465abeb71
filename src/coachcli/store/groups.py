"""The reads and link lookups behind ``coach group`` and the group report.

Memberships and consents name their group by uuid (see migration 0012); the
queries here join on it. Writes go through :class:`~coachcli.store.Tx` in
the service layer like every other record's.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import date

from coachcli.domain.grouprecords import Challenge, ChallengeCopy, Consent, Group, GroupSession, Membership
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


def sessions(db: Database, group_id: int) -> list[GroupSession]:
    """A group's sessions, oldest first (a day's in the order they were recorded)."""
    rows = db.conn.execute(
        "SELECT id, uuid, on_date, note FROM group_sessions WHERE group_id = ?"
        " ORDER BY on_date, created_at, uuid",
        (group_id,),
    ).fetchall()
    return [GroupSession(r[0], r[1], date.fromisoformat(r[2]), r[3]) for r in rows]


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
            "SELECT on_date, sum(count), coalesce(sum(amount), 0) FROM actions WHERE step_id = ?"
            " AND kind = 'done'"
            " AND on_date <= ? GROUP BY on_date ORDER BY on_date",
            (step_id, until.isoformat()),
        ).fetchall()
        out.append(ChallengeCopy(client_id, step_id, date.fromisoformat(start),
                                 tuple((date.fromisoformat(d), int(n), float(a)) for d, n, a in dones)))
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
        "group_sessions": "SELECT id FROM group_sessions WHERE group_id = :id",
        "group_challenges": "SELECT id FROM group_challenges WHERE group_id = :id",
        "group_consents": "SELECT id FROM group_consents WHERE group_uuid = :uuid",
        "group_members": "SELECT id FROM group_members WHERE group_uuid = :uuid",
        "groups": "SELECT id FROM groups WHERE id = :id",
    }
    args = {"id": group.id, "uuid": group.uuid}
    return {t: [r[0] for r in db.conn.execute(sql + " ORDER BY 1", args)] for t, sql in q.items()}



# ---------------------------------------------------------------- what a sync carries

#: Each group table's columns as they travel to and from the hub, parents first.
HUB_COLUMNS: dict[str, tuple[str, ...]] = {
    "groups": ("uuid", "name", "note", "archived_on", "created_at", "updated_at"),
    "group_challenges": ("uuid", "group_uuid", "title", "schedule", "start_date", "sensitive",
                         "created_at", "updated_at"),
    "group_members": ("uuid", "group_uuid", "client_uuid", "joined_on", "left_on",
                      "created_at", "updated_at"),
    "group_consents": ("uuid", "group_uuid", "client_uuid", "on_date", "level", "pseudonym",
                       "created_at", "updated_at"),
    "group_steps": ("uuid", "challenge_uuid", "client_uuid", "step_uuid", "created_at", "updated_at"),
}
_SELECT = {
    "groups": "SELECT t.id, t.uuid, t.name, t.note, t.archived_on, t.created_at, t.updated_at FROM groups t",
    "group_challenges": "SELECT t.id, t.uuid, g.uuid, t.title, t.schedule, t.start_date, t.sensitive,"
                        " t.created_at, t.updated_at FROM group_challenges t"
                        " JOIN groups g ON g.id = t.group_id",
    "group_members": "SELECT t.id, t.uuid, t.group_uuid, c.uuid, t.joined_on, t.left_on, t.created_at,"
                     " t.updated_at FROM group_members t JOIN clients c ON c.id = t.client_id",
    "group_consents": "SELECT t.id, t.uuid, t.group_uuid, c.uuid, t.on_date, t.level, t.pseudonym,"
                      " t.created_at, t.updated_at FROM group_consents t"
                      " JOIN clients c ON c.id = t.client_id",
    "group_steps": "SELECT t.id, t.uuid, t.challenge_uuid, c.uuid, s.uuid, t.created_at, t.updated_at"
                   " FROM group_steps t JOIN steps s ON s.id = t.step_id JOIN goals g ON g.id = s.goal_id"
                   " JOIN clients c ON c.id = g.client_id",
}
#: Per table, a travelling key -> (local column, the table it names by uuid); None: not stored here
#: (a challenge copy's client is its step's).
_LINKS: dict[str, dict[str, tuple[str, str] | None]] = {
    "groups": {},
    "group_challenges": {"group_uuid": ("group_id", "groups")},
    "group_members": {"client_uuid": ("client_id", "clients")},
    "group_consents": {"client_uuid": ("client_id", "clients")},
    "group_steps": {"step_uuid": ("step_id", "steps"), "client_uuid": None},
}


def sync_rows(db: Database, table: str) -> dict[str, dict[str, object]]:
    """uuid -> a group table's row here in the hub's shape, with its local ``id``."""
    cols = ("id", *HUB_COLUMNS[table])
    return {str(r[1]): dict(zip(cols, r, strict=True)) for r in db.conn.execute(_SELECT[table])}


def local_ids(db: Database, table: str, uuids: set[str]) -> dict[str, int]:
    """uuid -> id of those of ``uuids`` this file's ``table`` holds (groups, clients or steps)."""
    assert table in ("groups", "clients", "steps")
    out: dict[str, int] = {}
    for u in uuids:
        row = db.conn.execute(f"SELECT id FROM {table} WHERE uuid = ?", (u,)).fetchone()
        if row is not None:
            out[u] = int(row[0])
    return out


def local_values(table: str, row: Mapping[str, object], ids: Mapping[str, Mapping[str, int]]
                 ) -> dict[str, object] | None:
    """A hub row as this file stores it (uuids of parents as local ids), or None when a parent
    it names is not here."""
    out: dict[str, object] = {}
    links = _LINKS[table]
    for col in HUB_COLUMNS[table]:
        value = row[col]
        if col not in links:
            out[col] = value
            continue
        link = links[col]
        if link is None:
            continue
        local_col, parent = link
        found = ids[parent].get(str(value))
        if found is None:
            return None
        out[local_col] = found
    return out


VIEW_KEY = "hub.group_view"


def read_view(db: Database) -> str | None:
    """The figures of the hub's groups this file last received (JSON), if any."""
    row = db.conn.execute("SELECT value FROM meta WHERE key = ?", (VIEW_KEY,)).fetchone()
    return None if row is None else str(row[0])
