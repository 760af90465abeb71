"""The queries a sync sends the hub for groups, as the coach's or member's own role.

Row-level security decides what each statement sees and may change (migration
0009): a coach reads and writes the groups they own; a member reads the groups
they are in, their own memberships, consents and challenge copies, and writes
only their own consents. Peers' figures come only from ``group_view``, which
returns what each peer's consent allows. Rows travel as dicts in the local
shape (dates as ISO text, ``sensitive`` as 0/1).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from coachcli.hub.schema import SCHEMA
from coachcli.store.groups import HUB_COLUMNS as COLUMNS

Row = dict[str, Any]

_DATES = {"joined_on", "left_on", "on_date", "start_date"}


def _local(table: str, row: Sequence[Any], extra: Sequence[str] = ()) -> Row:
    out: Row = {}
    for col, value in zip((*COLUMNS[table], *extra), row, strict=True):
        if isinstance(value, date):
            out[col] = value.isoformat()
        elif col == "sensitive":
            out[col] = int(bool(value))
        else:
            out[col] = value
    return out


def visible(cur: Any, table: str, *, owned: bool) -> dict[str, Row]:
    """uuid -> row of a group table this role sees: in the groups it owns, or (a member) every
    row the hub lets it read. Each row carries its ``author``."""
    cols = COLUMNS[table]
    where = ""
    if owned:
        group = {"groups": "t.uuid", "group_steps": "(SELECT c.group_uuid FROM coachhub.group_challenges c"
                 " WHERE c.uuid = t.challenge_uuid)"}.get(table, "t.group_uuid")
        where = f" WHERE {SCHEMA}.owns_group({group})"
    cur.execute(f"SELECT {', '.join('t.' + c for c in cols)}, t.author FROM {SCHEMA}.{table} t{where}")
    return {str(r[0]): _local(table, r, ("author",)) for r in cur.fetchall()}


def held_clients(cur: Any) -> set[str]:
    cur.execute(f"SELECT client_uuid FROM {SCHEMA}.grants WHERE role_name = current_user")
    return {str(r[0]) for r in cur.fetchall()}


def self_trackers(cur: Any) -> set[str]:
    """The clients this coach holds who track themselves through the hub (their consent is theirs)."""
    cur.execute(f"SELECT * FROM {SCHEMA}.self_trackers()")
    return {str(r[0]) for r in cur.fetchall()}


def hub_steps(cur: Any, uuids: Sequence[str]) -> set[str]:
    """Which of these steps the hub holds (and this role may see)."""
    if not uuids:
        return set()
    cur.execute(f"SELECT uuid FROM {SCHEMA}.steps WHERE uuid = ANY (%s)", (list(uuids),))
    return {str(r[0]) for r in cur.fetchall()}


def insert(cur: Any, table: str, rows: Sequence[Row]) -> list[str]:
    """Add rows; the uuids not added (taken on the hub by a row this role cannot see)."""
    if not rows:
        return []
    cols = COLUMNS[table]
    taken = []
    for r in rows:
        cur.execute(
            f"INSERT INTO {SCHEMA}.{table} ({', '.join(cols)}, seq)"
            f" VALUES ({', '.join('%s' for _ in cols)}, 0) ON CONFLICT (uuid) DO NOTHING",
            [bool(r[c]) if c == "sensitive" else r[c] for c in cols],
        )
        if cur.rowcount == 0:
            taken.append(str(r["uuid"]))
    return taken


def give_consents(cur: Any, rows: Sequence[Row]) -> list[tuple[Row, str]]:
    """A member's consents, each on its own (a savepoint): those the hub refused, with its reason."""
    from coachcli.hub.connect import first_line, require_psycopg

    psycopg = require_psycopg()
    refused = []
    for r in rows:
        try:
            with cur.connection.transaction():
                insert(cur, "group_consents", [r])
        except (psycopg.errors.CheckViolation, psycopg.errors.InsufficientPrivilege) as exc:
            refused.append((r, first_line(exc)))
    return refused


def update(cur: Any, table: str, rows: Sequence[Row]) -> None:
    """A row's own fields (its keys never change on the hub)."""
    keys = {"uuid", "group_uuid", "client_uuid", "challenge_uuid", "step_uuid", "created_at"}
    cols = [c for c in COLUMNS[table] if c not in keys]
    for r in rows:
        cur.execute(
            f"UPDATE {SCHEMA}.{table} SET {', '.join(f'{c} = %s' for c in cols)} WHERE uuid = %s",
            [*(bool(r[c]) if c == "sensitive" else r[c] for c in cols), r["uuid"]],
        )


def delete(cur: Any, table: str, uuids: Sequence[str]) -> None:
    if uuids:
        cur.execute(f"DELETE FROM {SCHEMA}.{table} WHERE uuid = ANY (%s)", (list(uuids),))


Week = tuple[str, str, int, int | None, int, list[str], float | None, list[float]]


def group_view(cur: Any, group_uuid: str, upto: date) -> list[Week]:
    """The group's weeks as this member may read them (see migrations 0009 and 0012's ``group_view``):
    a measured challenge's weeks add the amount logged together and each celebrated member's."""
    cur.execute(
        f"SELECT challenge_uuid, week_end, counted, did, done, celebrated, amount, celebrated_amounts"
        f" FROM {SCHEMA}.group_view(%s, %s)",
        (group_uuid, upto),
    )
    return [(str(c), e.isoformat(), int(n), None if d is None else int(d), int(t), [str(x) for x in names],
             None if a is None else float(a), [float(x) for x in amounts])
            for c, e, n, d, t, names, a, amounts in cur.fetchall()]
