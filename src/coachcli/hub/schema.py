"""The hub's schema in PostgreSQL: record tables, roles, row-level security, migrations.

Layout (schema ``coachhub``):

- one table per record kind, shaped like the local one but keyed by ``uuid``,
  references by UUID, every row carrying its ``client_uuid`` so one policy can
  decide who may see it, and a ``seq`` from one hub-wide sequence, stamped on
  every insert and update: "what changed since I last synced" is ``seq > N``;
- ``tombstones``: what was deleted (a row's delete trigger writes it, so a
  cascade leaves one per row), with the deleted row's own client: members
  read tombstones and never write them, so a deletion travels only when the
  role that made it was allowed to delete that record;
- ``grants``: which role may see which client; ``people``: the coach and
  self-tracker roles the hub knows.

Access is PostgreSQL's to enforce: coaches are members of ``coachhub_coach``,
self-trackers of ``coachhub_client``; every record table has row-level security
keyed on ``grants``, so a role sees and changes only the clients granted to it,
whatever SQL it sends. A child's client is its parent's (a foreign key on
(parent uuid, client uuid)), and a record's uuid, client and parent never
change on the hub, so no row can be filed under a granted client while
hanging below a hidden one. The hub stamps each version's ``author``
(``current_user``). The DDL is in :mod:`coachcli.hub.migrations`. A coach
that adds a new client is granted it by the insert itself (a client nobody
holds yet). Writers are serialised by an advisory lock taken when a row is
stamped, so ``seq`` order is commit order and
a reader's "seq > N" never misses a row committed later with a smaller number.
"""

from __future__ import annotations

from typing import Any

from coachcli.errors import HubError
from coachcli.hub.migrations import MIGRATIONS
from coachcli.portable.fmt import TableSpec
from coachcli.store.sync import shape

SCHEMA = "coachhub"
COACH_GROUP = "coachhub_coach"
CLIENT_GROUP = "coachhub_client"
MEMBER_GROUP = "coachhub_member"
#: The advisory lock that serialises writers (any fixed number; "coach" in ASCII).
LOCK_KEY = 0x636F616368


def client_column(spec: TableSpec) -> str:
    """The column naming a row's client: ``uuid`` for a client itself."""
    return "uuid" if spec.name == "clients" else "client_uuid"


#: A hub row's columns: the same shape the local side reads records in.
hub_columns = shape

HUB_SCHEMA_VERSION = len(MIGRATIONS)


def _ensure_group_roles(cur: Any) -> None:
    """The three group roles, created once per PostgreSQL cluster."""
    for group in (MEMBER_GROUP, COACH_GROUP, CLIENT_GROUP):
        cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (group,))
        if cur.fetchone() is None:
            cur.execute(f"CREATE ROLE {group} NOLOGIN")
    cur.execute(f"GRANT {MEMBER_GROUP} TO {COACH_GROUP}, {CLIENT_GROUP}")


def hub_version(cur: Any) -> int:
    """The hub's schema version; 0 when the database has no hub yet."""
    cur.execute("SELECT to_regclass(%s)", (f"{SCHEMA}.meta",))
    row = cur.fetchone()
    if row is None or row[0] is None:
        return 0
    cur.execute(f"SELECT value FROM {SCHEMA}.meta WHERE key = 'schema_version'")
    found = cur.fetchone()
    return int(found[0]) if found else 0


def migrate(conn: Any, *, retry: bool = True) -> tuple[int, int]:
    """Bring the hub's schema up to date in one transaction; (version before, after)."""
    from coachcli.hub.connect import first_line, require_psycopg

    psycopg = require_psycopg()
    try:
        with conn.transaction(), conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
            before = hub_version(cur)
            if before > HUB_SCHEMA_VERSION:
                raise HubError(
                    f"the hub uses schema {before}, newer than this coachcli knows "
                    f"({HUB_SCHEMA_VERSION}); upgrade coachcli"
                )
            if before < HUB_SCHEMA_VERSION:
                _ensure_group_roles(cur)
            for _name, ddl in MIGRATIONS[before:]:
                cur.execute(ddl)
            cur.execute(
                f"INSERT INTO {SCHEMA}.meta (key, value) VALUES ('schema_version', %s)"
                " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                (str(HUB_SCHEMA_VERSION),),
            )
    except (psycopg.errors.UniqueViolation, psycopg.errors.DuplicateObject):
        # Another coach hub init created the cluster's group roles at the same moment.
        if retry:
            return migrate(conn, retry=False)
        raise HubError("another coach hub init is setting up this cluster; run it again") from None
    except psycopg.errors.InsufficientPrivilege as exc:
        raise HubError(
            "the hub could not be set up: this role lacks a privilege "
            f"({first_line(exc)}); run coach hub init as the database's owner "
            "with CREATEROLE"
        ) from None
    except psycopg.Error as exc:
        raise HubError(
            f"the hub could not be set up ({first_line(exc)}); "
            "nothing was changed, run coach hub init again"
        ) from None
    return before, HUB_SCHEMA_VERSION
