"""Who may see what on the hub: coach and self-tracker roles, and their grants.

Run by the hub's owner (the role that ran ``coach hub init``). A role is a
PostgreSQL login role; its password, if any, is set the PostgreSQL way
(``psql -c '\\password anna'``) and never passes through coachcli.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from coachcli.clock import utc_now
from coachcli.errors import HubError, InputError, NotFoundError
from coachcli.hub.schema import CLIENT_GROUP, COACH_GROUP, HUB_SCHEMA_VERSION, SCHEMA, hub_version
from coachcli.store.db import new_uuid

_ROLE = re.compile(r"[a-z_][a-z0-9_]{0,62}")


@dataclass(frozen=True, slots=True)
class Person:
    role: str
    kind: str  # coach | client
    clients: tuple[str, ...]  # names of the clients granted


def check_role(name: str) -> str:
    if not _ROLE.fullmatch(name):
        raise InputError(
            f"{name!r} is not a role name this hub uses: lower-case letters, digits and _, "
            "starting with a letter (e.g. anna or alice_self)"
        )
    if name.startswith(("pg_", "coachhub")):
        raise InputError(f"{name!r} is reserved: choose another role name")
    return name


def _check_hub(cur: Any) -> None:
    version = hub_version(cur)
    if version == 0:
        raise HubError("this database has no hub yet: run coach hub init URL first")
    if version != HUB_SCHEMA_VERSION:
        raise HubError(
            f"the hub uses schema {version}, this coachcli {HUB_SCHEMA_VERSION}: "
            "run coach hub init URL to migrate it"
        )


def _find_client(cur: Any, name: str) -> tuple[str, str] | None:
    """A hub client by name (case-insensitively) or by UUID: (uuid, name)."""
    cur.execute(
        f"SELECT uuid, name FROM {SCHEMA}.clients WHERE lower(name) = lower(%s) OR uuid = %s"
        " ORDER BY name, uuid",
        (name, name),
    )
    rows = cur.fetchall()
    if len(rows) > 1:
        raise InputError(
            f"{len(rows)} clients on the hub are called {name!r}; give the UUID of one: "
            + ", ".join(str(r[0]) for r in rows)
        )
    return (str(rows[0][0]), str(rows[0][1])) if rows else None


def _check_kind(cur: Any, role: str, kind: str) -> None:
    cur.execute(f"SELECT kind FROM {SCHEMA}.people WHERE role_name = %s", (role,))
    row = cur.fetchone()
    if row is not None and row[0] != kind:
        other = "a coach" if row[0] == "coach" else "a self-tracking client"
        raise InputError(f"{role} is {other} on this hub; use another role name")


def _held_elsewhere(cur: Any, role: str, found: tuple[str, str]) -> None:
    """A client found by name and held by others: binding a self-tracker to it needs its UUID.

    A self-tracker receives every record of their client; a name alone could
    bind them to another coach's unrelated client of that name.
    """
    cur.execute(
        f"SELECT role_name FROM {SCHEMA}.grants WHERE client_uuid = %s AND role_name <> %s"
        " ORDER BY role_name",
        (found[0], role),
    )
    holders = [str(r[0]) for r in cur.fetchall()]
    if holders:
        raise InputError(
            f"the hub's client {found[1]} ({found[0]}) is held by {', '.join(holders)}; if {role} is"
            f" that person, give the UUID: coach hub grant {role} {found[0]} --self"
        )


def _ensure_person(cur: Any, role: str, kind: str, client_uuid: str | None) -> bool:
    """Create the login role if needed and record it; True when it was created."""
    from psycopg import sql

    _check_kind(cur, role, kind)
    cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))
    created = cur.fetchone() is None
    if created:
        cur.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)))
    group = COACH_GROUP if kind == "coach" else CLIENT_GROUP
    cur.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), sql.Identifier(role)))
    cur.execute(
        f"INSERT INTO {SCHEMA}.people (role_name, kind, client_uuid) VALUES (%s, %s, %s)"
        " ON CONFLICT (role_name) DO UPDATE SET client_uuid = EXCLUDED.client_uuid",
        (role, kind, client_uuid),
    )
    return created


def grant(conn: Any, role: str, clients: list[str], *, self_tracker: bool) -> list[str]:
    """Give ``role`` access to ``clients``; sentences saying what was done."""
    role = check_role(role)
    done: list[str] = []
    with conn.transaction(), conn.cursor() as cur:
        _check_hub(cur)
        if self_tracker:
            if len(clients) != 1:
                raise InputError("--self gives a role its own records: name exactly one client")
            _check_kind(cur, role, "client")
            found = _find_client(cur, clients[0])
            if found is None:
                now = utc_now()
                found = (new_uuid(), clients[0].strip())
                cur.execute(
                    f"INSERT INTO {SCHEMA}.clients (uuid, name, created_at, updated_at, seq)"
                    " VALUES (%s, %s, %s, %s, 0)",
                    (found[0], found[1], now, now),
                )
                done.append(f"Added the client {found[1]} to the hub.")
            cur.execute(
                f"SELECT role_name FROM {SCHEMA}.people WHERE kind = 'client' AND client_uuid = %s"
                " AND role_name <> %s",
                (found[0], role),
            )
            other = cur.fetchone()
            if other is not None:
                raise InputError(f"{found[1]} already tracks themselves as {other[0]}")
            if found[0] != clients[0]:
                _held_elsewhere(cur, role, found)
            created = _ensure_person(cur, role, "client", found[0])
            targets = [found]
        else:
            created = _ensure_person(cur, role, "coach", None)
            targets = []
            for name in clients:
                found = _find_client(cur, name)
                if found is None:
                    raise NotFoundError(
                        f"no client {name!r} on the hub (a coach's clients reach it with coach sync)"
                    )
                targets.append(found)
        if created:
            done.append(f"Created the role {role}; set its password with: psql -c '\\password {role}'.")
        for uuid, name in targets:
            cur.execute(
                f"INSERT INTO {SCHEMA}.grants (role_name, client_uuid, seq) VALUES (%s, %s, 0)"
                " ON CONFLICT DO NOTHING",
                (role, uuid),
            )
            what = "their own records" if self_tracker else name
            done.append(
                f"{role} may now sync {what}." if cur.rowcount else f"{role} could already sync {what}."
            )
        if not targets and not created:
            done.append(f"{role} is a coach on this hub.")
        elif not targets:
            done.append(f"{role} is a coach on this hub; their clients reach it with coach sync.")
    return done


def revoke(conn: Any, role: str, clients: list[str]) -> list[str]:
    """Take ``role``'s access to ``clients`` away; what they synced before stays on their machine."""
    role = check_role(role)
    done: list[str] = []
    with conn.transaction(), conn.cursor() as cur:
        _check_hub(cur)
        for name in clients:
            found = _find_client(cur, name)
            if found is None:
                raise NotFoundError(f"no client {name!r} on the hub")
            cur.execute(
                f"DELETE FROM {SCHEMA}.grants WHERE role_name = %s AND client_uuid = %s", (role, found[0])
            )
            done.append(
                f"{role} may no longer sync {found[1]}." if cur.rowcount
                else f"{role} had no access to {found[1]}."
            )
    return done


def people(conn: Any) -> list[Person]:
    """Every role the hub knows, with the names of the clients granted to it."""
    with conn.transaction(), conn.cursor() as cur:
        _check_hub(cur)
        cur.execute(
            f"SELECT p.role_name, p.kind, c.name FROM {SCHEMA}.people p"
            f" LEFT JOIN {SCHEMA}.grants g ON g.role_name = p.role_name"
            f" LEFT JOIN {SCHEMA}.clients c ON c.uuid = g.client_uuid"
            " ORDER BY p.kind, p.role_name, lower(c.name)"
        )
        out: dict[str, tuple[str, list[str]]] = {}
        for role, kind, client in cur.fetchall():
            entry = out.setdefault(role, (kind, []))
            if client is not None:
                entry[1].append(client)
    return [Person(r, k, tuple(c)) for r, (k, c) in out.items()]
