"""The hub's schema in PostgreSQL: record tables, roles, row-level security, migrations.

Layout (schema ``coachhub``):

- one table per record kind, shaped like the local one but keyed by ``uuid``,
  references by UUID, every row carrying its ``client_uuid`` so one policy can
  decide who may see it, and a ``seq`` from one hub-wide sequence, stamped on
  every insert and update: "what changed since I last synced" is ``seq > N``;
- ``tombstones``: what was deleted (a row's delete trigger writes it, so a
  cascade leaves one per row);
- ``grants``: which role may see which client; ``people``: the coach and
  self-tracker roles the hub knows.

Access is PostgreSQL's to enforce: coaches are members of ``coachhub_coach``,
self-trackers of ``coachhub_client``; every record table has row-level security
keyed on ``grants``, so a role sees and changes only the clients granted to it,
whatever SQL it sends. A coach that adds a new client is granted it by the
insert itself (a client nobody holds yet). Writers are serialised by an
advisory lock taken when a row is stamped, so ``seq`` order is commit order and
a reader's "seq > N" never misses a row committed later with a smaller number.
"""

from __future__ import annotations

from typing import Any

from coachcli.errors import HubError
from coachcli.portable.fmt import TABLES, TableSpec
from coachcli.store.sync import shape

SCHEMA = "coachhub"
COACH_GROUP = "coachhub_coach"
CLIENT_GROUP = "coachhub_client"
MEMBER_GROUP = "coachhub_member"
#: The advisory lock that serialises writers (any fixed number; "coach" in ASCII).
LOCK_KEY = 0x636F616368

_SQL_TYPES = {"int": "integer", "bool": "integer"}


def client_column(spec: TableSpec) -> str:
    """The column naming a row's client: ``uuid`` for a client itself."""
    return "uuid" if spec.name == "clients" else "client_uuid"


#: A hub row's columns: the same shape the local side reads records in.
hub_columns = shape


def _table_ddl(spec: TableSpec) -> str:
    cols = ["uuid text PRIMARY KEY"]
    if spec.name != "clients":
        cols.append(f"client_uuid text NOT NULL REFERENCES {SCHEMA}.clients (uuid) ON DELETE CASCADE")
    if spec.parent_key and spec.parent_key != "client_uuid":
        cols.append(
            f"{spec.parent_key} text NOT NULL REFERENCES {SCHEMA}.{spec.parent_table} (uuid)"
            " ON DELETE CASCADE"
        )
    for f in spec.fields:
        cols.append(f"{f.name} {_SQL_TYPES.get(f.kind, 'text')}")
    cols += ["created_at text NOT NULL", "updated_at text NOT NULL", "seq bigint NOT NULL"]
    who = client_column(spec)
    t = f"{SCHEMA}.{spec.name}"
    mine = f"{who} IN (SELECT client_uuid FROM {SCHEMA}.grants WHERE role_name = current_user)"
    if spec.name == "clients":
        # A new client's grant is written by its own insert (the claim trigger), after the
        # statement's snapshot was taken: the insert check reads it through a volatile function.
        policies = f"""
        CREATE POLICY granted_read ON {t} FOR SELECT USING ({mine});
        CREATE POLICY granted_update ON {t} FOR UPDATE USING ({mine}) WITH CHECK ({mine});
        CREATE POLICY granted_delete ON {t} FOR DELETE USING ({mine});
        CREATE POLICY granted_insert ON {t} FOR INSERT WITH CHECK ({SCHEMA}.holds(uuid));
        """
    else:
        policies = f"CREATE POLICY granted ON {t} USING ({mine}) WITH CHECK ({mine});"
    return f"""
        CREATE TABLE {t} ({", ".join(cols)});
        CREATE INDEX ON {t} (seq);
        {"" if spec.name == "clients" else f"CREATE INDEX ON {t} (client_uuid);"}
        CREATE TRIGGER a_stamp BEFORE INSERT OR UPDATE ON {t}
            FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.stamp();
        CREATE TRIGGER bury AFTER DELETE ON {t} FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.bury();
        ALTER TABLE {t} ENABLE ROW LEVEL SECURITY;
        {policies}
        GRANT SELECT, INSERT, UPDATE, DELETE ON {t} TO {MEMBER_GROUP};
    """


def _v1() -> str:
    s = SCHEMA
    now = """to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')"""
    parts = [
        f"""
        SET LOCAL check_function_bodies = off;
        CREATE SCHEMA {s};
        GRANT USAGE ON SCHEMA {s} TO {MEMBER_GROUP};
        CREATE SEQUENCE {s}.seq;
        GRANT USAGE, SELECT ON SEQUENCE {s}.seq TO {MEMBER_GROUP};
        CREATE TABLE {s}.meta (key text PRIMARY KEY, value text NOT NULL);
        GRANT SELECT ON {s}.meta TO {MEMBER_GROUP};

        CREATE FUNCTION {s}.next_seq() RETURNS bigint LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_advisory_xact_lock({LOCK_KEY});
            RETURN nextval('{s}.seq');
        END $$;
        CREATE FUNCTION {s}.stamp_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.seq := {s}.next_seq();
            RETURN NEW;
        END $$;
        CREATE FUNCTION {s}.stamp() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.seq := {s}.next_seq();
            IF TG_OP = 'INSERT' THEN
                DELETE FROM {s}.tombstones WHERE uuid = NEW.uuid;
            END IF;
            RETURN NEW;
        END $$;
        -- Whether a client exists, whoever may see it: a coach's new client must be new.
        CREATE FUNCTION {s}.client_exists(c text) RETURNS boolean LANGUAGE sql STABLE
            SECURITY DEFINER SET search_path = pg_catalog, pg_temp
            AS $$ SELECT EXISTS (SELECT 1 FROM {s}.clients WHERE uuid = c) $$;
        -- Which of these clients exist, whoever may see them (sync: new, or not shared with me?).
        CREATE FUNCTION {s}.clients_existing(cs text[]) RETURNS SETOF text LANGUAGE sql STABLE
            SECURITY DEFINER SET search_path = pg_catalog, pg_temp
            AS $$ SELECT uuid FROM {s}.clients WHERE uuid = ANY (cs) $$;

        CREATE TABLE {s}.people (
            role_name text PRIMARY KEY,
            kind text NOT NULL CHECK (kind IN ('coach', 'client')),
            client_uuid text
        );
        ALTER TABLE {s}.people ENABLE ROW LEVEL SECURITY;
        CREATE POLICY own ON {s}.people USING (role_name = current_user);
        GRANT SELECT ON {s}.people TO {MEMBER_GROUP};

        CREATE TABLE {s}.grants (
            role_name text NOT NULL,
            client_uuid text NOT NULL,
            seq bigint NOT NULL,
            PRIMARY KEY (role_name, client_uuid)
        );
        CREATE INDEX ON {s}.grants (client_uuid);
        CREATE TRIGGER a_stamp BEFORE INSERT OR UPDATE ON {s}.grants
            FOR EACH ROW EXECUTE FUNCTION {s}.stamp_only();
        ALTER TABLE {s}.grants ENABLE ROW LEVEL SECURITY;
        CREATE POLICY own ON {s}.grants FOR SELECT USING (role_name = current_user);
        CREATE POLICY claim ON {s}.grants FOR INSERT WITH CHECK (
            role_name = current_user
            AND EXISTS (SELECT 1 FROM {s}.people WHERE role_name = current_user AND kind = 'coach')
            AND NOT {s}.client_exists(client_uuid)
        );
        GRANT SELECT, INSERT ON {s}.grants TO {MEMBER_GROUP};

        CREATE TABLE {s}.tombstones (
            uuid text PRIMARY KEY,
            tbl text NOT NULL,
            client_uuid text NOT NULL,
            deleted_at text NOT NULL,
            seq bigint NOT NULL
        );
        CREATE INDEX ON {s}.tombstones (seq);
        CREATE TRIGGER a_stamp BEFORE INSERT OR UPDATE ON {s}.tombstones
            FOR EACH ROW EXECUTE FUNCTION {s}.stamp_only();
        ALTER TABLE {s}.tombstones ENABLE ROW LEVEL SECURITY;
        CREATE POLICY granted ON {s}.tombstones
            USING (client_uuid IN (SELECT client_uuid FROM {s}.grants WHERE role_name = current_user))
            WITH CHECK (client_uuid IN (SELECT client_uuid FROM {s}.grants WHERE role_name = current_user));
        GRANT SELECT, INSERT, UPDATE, DELETE ON {s}.tombstones TO {MEMBER_GROUP};

        CREATE FUNCTION {s}.bury() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO {s}.tombstones (uuid, tbl, client_uuid, deleted_at, seq)
            VALUES (OLD.uuid, TG_TABLE_NAME,
                    coalesce(to_jsonb(OLD) ->> 'client_uuid', OLD.uuid), {now}, 0)
            ON CONFLICT (uuid) DO UPDATE SET deleted_at = EXCLUDED.deleted_at;
            RETURN OLD;
        END $$;
        CREATE FUNCTION {s}.holds(c text) RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
        BEGIN
            RETURN EXISTS (SELECT 1 FROM {s}.grants WHERE role_name = current_user AND client_uuid = c);
        END $$;
        -- A coach who adds a client nobody holds is granted it, in the same statement.
        CREATE FUNCTION {s}.claim() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM {s}.people WHERE role_name = current_user AND kind = 'coach') THEN
                INSERT INTO {s}.grants (role_name, client_uuid, seq)
                VALUES (current_user, NEW.uuid, 0) ON CONFLICT DO NOTHING;
            END IF;
            RETURN NEW;
        END $$;
        """
    ]
    parts += [_table_ddl(spec) for spec in TABLES]
    parts.append(
        f"""
        CREATE TRIGGER b_claim BEFORE INSERT ON {s}.clients
            FOR EACH ROW EXECUTE FUNCTION {s}.claim();
        """
    )
    return "\n".join(parts)


#: The hub's migrations, oldest first; never edited once released.
MIGRATIONS: tuple[tuple[str, Any], ...] = (("0001_hub", _v1),)
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


def migrate(conn: Any) -> tuple[int, int]:
    """Bring the hub's schema up to date in one transaction; (version before, after)."""
    from coachcli.hub.connect import require_psycopg

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
            for _name, build in MIGRATIONS[before:]:
                cur.execute(build())
            cur.execute(
                f"INSERT INTO {SCHEMA}.meta (key, value) VALUES ('schema_version', %s)"
                " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                (str(HUB_SCHEMA_VERSION),),
            )
    except psycopg.errors.InsufficientPrivilege as exc:
        raise HubError(
            "the hub could not be set up: this role lacks a privilege "
            f"({str(exc).strip().splitlines()[0]}); run coach hub init as the database's owner "
            "with CREATEROLE"
        ) from None
    return before, HUB_SCHEMA_VERSION
