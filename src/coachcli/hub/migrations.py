"""The hub's migrations as literal DDL, oldest first: never edited once released.

Each version states its own statements (no record spec is read here), so a hub
built by an older coachcli is migrated by exactly what it lacks. A new column
or table on the hub is a new entry at the end of :data:`MIGRATIONS`.
tests/test_hub.py builds a hub at every earlier version, migrates it, and
compares its schema with a fresh hub's.
"""

from __future__ import annotations

from coachcli.hub.migrations_groups import V0009, V0010, V0011, V0012

_GRANTED = "(SELECT client_uuid FROM coachhub.grants WHERE role_name = current_user)"


def _record_table(name: str, columns: str, *, client: str = "client_uuid") -> str:
    """One record table as versions 1 and 2 made them (frozen: 0003 changes them by ALTER)."""
    policies = (
        f"""
        CREATE POLICY granted_read ON coachhub.clients FOR SELECT USING (uuid IN {_GRANTED});
        CREATE POLICY granted_update ON coachhub.clients FOR UPDATE USING (uuid IN {_GRANTED})
            WITH CHECK (uuid IN {_GRANTED});
        CREATE POLICY granted_delete ON coachhub.clients FOR DELETE USING (uuid IN {_GRANTED});
        CREATE POLICY granted_insert ON coachhub.clients FOR INSERT WITH CHECK (coachhub.holds(uuid));
        """
        if name == "clients"
        else f"CREATE POLICY granted ON coachhub.{name} USING ({client} IN {_GRANTED})"
        f" WITH CHECK ({client} IN {_GRANTED});"
    )
    return f"""
        CREATE TABLE coachhub.{name} ({columns});
        CREATE INDEX ON coachhub.{name} (seq);
        {"" if name == "clients" else f"CREATE INDEX ON coachhub.{name} (client_uuid);"}
        CREATE TRIGGER a_stamp BEFORE INSERT OR UPDATE ON coachhub.{name}
            FOR EACH ROW EXECUTE FUNCTION coachhub.stamp();
        CREATE TRIGGER bury AFTER DELETE ON coachhub.{name} FOR EACH ROW EXECUTE FUNCTION coachhub.bury();
        ALTER TABLE coachhub.{name} ENABLE ROW LEVEL SECURITY;
        {policies}
        GRANT SELECT, INSERT, UPDATE, DELETE ON coachhub.{name} TO coachhub_member;
    """


_CLIENT = "client_uuid text NOT NULL REFERENCES coachhub.clients (uuid) ON DELETE CASCADE"
_TIMES = "created_at text NOT NULL, updated_at text NOT NULL, seq bigint NOT NULL"
_UNDER_GOAL = (f"uuid text PRIMARY KEY, {_CLIENT},"
               " goal_uuid text NOT NULL REFERENCES coachhub.goals (uuid) ON DELETE CASCADE")
_UNDER_STEP = (f"uuid text PRIMARY KEY, {_CLIENT},"
               " step_uuid text NOT NULL REFERENCES coachhub.steps (uuid) ON DELETE CASCADE")
_STEP_PLANS = _record_table(
    "step_plans",
    f"{_UNDER_STEP}, ends_on text, schedule text, due_date text, start_date text, until_date text, {_TIMES}",
)

V0001 = (
    """
    SET LOCAL check_function_bodies = off;
    CREATE SCHEMA coachhub;
    GRANT USAGE ON SCHEMA coachhub TO coachhub_member;
    CREATE SEQUENCE coachhub.seq;
    GRANT USAGE, SELECT ON SEQUENCE coachhub.seq TO coachhub_member;
    CREATE TABLE coachhub.meta (key text PRIMARY KEY, value text NOT NULL);
    GRANT SELECT ON coachhub.meta TO coachhub_member;

    CREATE FUNCTION coachhub.next_seq() RETURNS bigint LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_advisory_xact_lock(427070415720);
        RETURN nextval('coachhub.seq');
    END $$;
    CREATE FUNCTION coachhub.stamp_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.seq := coachhub.next_seq();
        RETURN NEW;
    END $$;
    CREATE FUNCTION coachhub.stamp() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.seq := coachhub.next_seq();
        IF TG_OP = 'INSERT' THEN
            DELETE FROM coachhub.tombstones WHERE uuid = NEW.uuid;
        END IF;
        RETURN NEW;
    END $$;
    CREATE FUNCTION coachhub.client_exists(c text) RETURNS boolean LANGUAGE sql STABLE
        SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $$ SELECT EXISTS (SELECT 1 FROM coachhub.clients WHERE uuid = c) $$;
    CREATE FUNCTION coachhub.clients_existing(cs text[]) RETURNS SETOF text LANGUAGE sql STABLE
        SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $$ SELECT uuid FROM coachhub.clients WHERE uuid = ANY (cs) $$;

    CREATE TABLE coachhub.people (
        role_name text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('coach', 'client')),
        client_uuid text
    );
    ALTER TABLE coachhub.people ENABLE ROW LEVEL SECURITY;
    CREATE POLICY own ON coachhub.people USING (role_name = current_user);
    GRANT SELECT ON coachhub.people TO coachhub_member;

    CREATE TABLE coachhub.grants (
        role_name text NOT NULL,
        client_uuid text NOT NULL,
        seq bigint NOT NULL,
        PRIMARY KEY (role_name, client_uuid)
    );
    CREATE INDEX ON coachhub.grants (client_uuid);
    CREATE TRIGGER a_stamp BEFORE INSERT OR UPDATE ON coachhub.grants
        FOR EACH ROW EXECUTE FUNCTION coachhub.stamp_only();
    ALTER TABLE coachhub.grants ENABLE ROW LEVEL SECURITY;
    CREATE POLICY own ON coachhub.grants FOR SELECT USING (role_name = current_user);
    CREATE POLICY claim ON coachhub.grants FOR INSERT WITH CHECK (
        role_name = current_user
        AND EXISTS (SELECT 1 FROM coachhub.people WHERE role_name = current_user AND kind = 'coach')
        AND NOT coachhub.client_exists(client_uuid)
    );
    GRANT SELECT, INSERT ON coachhub.grants TO coachhub_member;

    CREATE TABLE coachhub.tombstones (
        uuid text PRIMARY KEY,
        tbl text NOT NULL,
        client_uuid text NOT NULL,
        deleted_at text NOT NULL,
        seq bigint NOT NULL
    );
    CREATE INDEX ON coachhub.tombstones (seq);
    CREATE TRIGGER a_stamp BEFORE INSERT OR UPDATE ON coachhub.tombstones
        FOR EACH ROW EXECUTE FUNCTION coachhub.stamp_only();
    ALTER TABLE coachhub.tombstones ENABLE ROW LEVEL SECURITY;
    CREATE POLICY granted ON coachhub.tombstones
        USING (client_uuid IN (SELECT client_uuid FROM coachhub.grants WHERE role_name = current_user))
        WITH CHECK (client_uuid IN (SELECT client_uuid FROM coachhub.grants WHERE role_name = current_user));
    GRANT SELECT, INSERT, UPDATE, DELETE ON coachhub.tombstones TO coachhub_member;

    CREATE FUNCTION coachhub.bury() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO coachhub.tombstones (uuid, tbl, client_uuid, deleted_at, seq)
        VALUES (OLD.uuid, TG_TABLE_NAME,
                coalesce(to_jsonb(OLD) ->> 'client_uuid', OLD.uuid),
                to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 0)
        ON CONFLICT (uuid) DO UPDATE SET deleted_at = EXCLUDED.deleted_at;
        RETURN OLD;
    END $$;
    CREATE FUNCTION coachhub.holds(c text) RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
    BEGIN
        RETURN EXISTS (SELECT 1 FROM coachhub.grants WHERE role_name = current_user AND client_uuid = c);
    END $$;
    CREATE FUNCTION coachhub.claim() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM coachhub.people WHERE role_name = current_user AND kind = 'coach') THEN
            INSERT INTO coachhub.grants (role_name, client_uuid, seq)
            VALUES (current_user, NEW.uuid, 0) ON CONFLICT DO NOTHING;
        END IF;
        RETURN NEW;
    END $$;
    """
    + _record_table(
        "clients", f"uuid text PRIMARY KEY, name text, note text, archived_on text, {_TIMES}", client="uuid"
    )
    + _record_table(
        "goals",
        f"uuid text PRIMARY KEY, {_CLIENT}, title text, why text, target_date text, should integer,"
        f" status text, status_on text, drop_reason text, {_TIMES}",
    )
    + _record_table(
        "status_changes", f"{_UNDER_GOAL}, status text, on_date text, reason text, {_TIMES}"
    )
    + _record_table(
        "ratings",
        f"{_UNDER_GOAL}, on_date text, importance integer, confidence integer, note text, {_TIMES}",
    )
    + _record_table(
        "steps",
        f"{_UNDER_GOAL}, title text, schedule text, due_date text, start_date text, until_date text,"
        f" status text, dropped_on text, {_TIMES}",
    )
    + _record_table("actions", f"{_UNDER_STEP}, kind text, on_date text, count integer, note text, {_TIMES}")
    + _record_table(
        "checkins",
        f"uuid text PRIMARY KEY, {_CLIENT}, on_date text, mood integer, wins text, obstacles text,"
        f" commitments text, note text, session integer, sure integer, {_TIMES}",
    )
    + """
    CREATE TRIGGER b_claim BEFORE INSERT ON coachhub.clients
        FOR EACH ROW EXECUTE FUNCTION coachhub.claim();
    """
)

# A client's started_on and a step's earlier plans. Hubs made between these two
# releases said "schema 1" and already had both (version 1 was then built from the
# live record specs): each part is added only where it is missing.
V0002 = f"""
    ALTER TABLE coachhub.clients ADD COLUMN IF NOT EXISTS started_on text;
    DO $migrate$
    BEGIN
        IF to_regclass('coachhub.step_plans') IS NULL THEN
            EXECUTE $ddl$ {_STEP_PLANS} $ddl$;
        END IF;
    END $migrate$;
"""

_CHILDREN = (  # (table, parent table, parent key), parents first
    ("status_changes", "goals", "goal_uuid"),
    ("ratings", "goals", "goal_uuid"),
    ("steps", "goals", "goal_uuid"),
    ("step_plans", "steps", "step_uuid"),
    ("actions", "steps", "step_uuid"),
)
_RECORDS = ("clients", "goals", "status_changes", "ratings", "steps", "step_plans", "actions", "checkins")


def _v0003() -> str:
    parts = [
        """
    -- A tombstone is written only by a delete the author's role was allowed to make, with the
    -- deleted row's own client: members read tombstones, never write them.
    REVOKE INSERT, UPDATE, DELETE ON coachhub.tombstones FROM coachhub_member;
    DROP POLICY granted ON coachhub.tombstones;
    CREATE POLICY granted_read ON coachhub.tombstones FOR SELECT
        USING (client_uuid IN (SELECT client_uuid FROM coachhub.grants WHERE role_name = current_user));
    -- One uuid may have been deleted from two tables (uuids are unique per table only).
    ALTER TABLE coachhub.tombstones DROP CONSTRAINT tombstones_pkey, ADD PRIMARY KEY (uuid, tbl);
    CREATE OR REPLACE FUNCTION coachhub.bury() RETURNS trigger LANGUAGE plpgsql
        SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    BEGIN
        INSERT INTO coachhub.tombstones (uuid, tbl, client_uuid, deleted_at, seq)
        VALUES (OLD.uuid, TG_TABLE_NAME,
                coalesce(to_jsonb(OLD) ->> 'client_uuid', OLD.uuid),
                to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 0)
        ON CONFLICT (uuid, tbl) DO UPDATE
            SET client_uuid = EXCLUDED.client_uuid, deleted_at = EXCLUDED.deleted_at;
        RETURN OLD;
    END $$;
    -- A record inserted again clears its tombstone, only under the client it was deleted from.
    CREATE FUNCTION coachhub.unbury() RETURNS trigger LANGUAGE plpgsql
        SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    DECLARE
        was text;
    BEGIN
        DELETE FROM coachhub.tombstones WHERE uuid = NEW.uuid AND tbl = TG_TABLE_NAME
            RETURNING client_uuid INTO was;
        IF was <> NEW.client_uuid THEN
            RAISE EXCEPTION 'the record % was deleted from another client: it cannot return under this one',
                NEW.uuid USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END $$;
    CREATE FUNCTION coachhub.unbury_client() RETURNS trigger LANGUAGE plpgsql
        SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    DECLARE
        was text;
    BEGIN
        DELETE FROM coachhub.tombstones WHERE uuid = NEW.uuid AND tbl = TG_TABLE_NAME
            RETURNING client_uuid INTO was;
        IF was <> NEW.uuid THEN
            RAISE EXCEPTION 'the record % was deleted from another client: it cannot return under this one',
                NEW.uuid USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END $$;
    -- The hub stamps its own order and the author of every version.
    CREATE OR REPLACE FUNCTION coachhub.stamp() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.seq := coachhub.next_seq();
        NEW.author := current_user;
        RETURN NEW;
    END $$;
    -- A record's uuid, client and parent never change once on the hub.
    CREATE FUNCTION coachhub.keep_keys() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        col text;
    BEGIN
        FOREACH col IN ARRAY TG_ARGV LOOP
            IF to_jsonb(NEW) -> col IS DISTINCT FROM to_jsonb(OLD) -> col THEN
                RAISE EXCEPTION 'a record''s % never changes on the hub', col
                    USING ERRCODE = 'check_violation';
            END IF;
        END LOOP;
        RETURN NEW;
    END $$;
    -- A deleted client comes back only for a role that still holds it (not one revoked since).
    CREATE FUNCTION coachhub.client_buried(c text) RETURNS boolean LANGUAGE sql STABLE
        SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $$ SELECT EXISTS (SELECT 1 FROM coachhub.tombstones WHERE uuid = c AND tbl = 'clients') $$;
    DROP POLICY claim ON coachhub.grants;
    CREATE POLICY claim ON coachhub.grants FOR INSERT WITH CHECK (
        role_name = current_user
        AND EXISTS (SELECT 1 FROM coachhub.people WHERE role_name = current_user AND kind = 'coach')
        AND NOT coachhub.client_exists(client_uuid)
        AND NOT coachhub.client_buried(client_uuid)
    );
    CREATE OR REPLACE FUNCTION coachhub.claim() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NOT coachhub.holds(NEW.uuid)
           AND EXISTS (SELECT 1 FROM coachhub.people WHERE role_name = current_user AND kind = 'coach') THEN
            INSERT INTO coachhub.grants (role_name, client_uuid, seq) VALUES (current_user, NEW.uuid, 0);
        END IF;
        RETURN NEW;
    END $$;
    -- Which of these clients exist or were deleted, whoever may see them: a client deleted on
    -- the hub is not new (sync holds it back unless this role still holds it).
    CREATE OR REPLACE FUNCTION coachhub.clients_existing(cs text[]) RETURNS SETOF text LANGUAGE sql STABLE
        SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $$ SELECT uuid FROM coachhub.clients WHERE uuid = ANY (cs)
              UNION SELECT uuid FROM coachhub.tombstones WHERE tbl = 'clients' AND uuid = ANY (cs) $$;
    -- Each child's client is its parent's: (parent uuid, client uuid) references the parent.
    ALTER TABLE coachhub.goals ADD CONSTRAINT goals_uuid_client_uuid_key UNIQUE (uuid, client_uuid);
    ALTER TABLE coachhub.steps ADD CONSTRAINT steps_uuid_client_uuid_key UNIQUE (uuid, client_uuid);
    """
    ]
    for table, parent, key in _CHILDREN:
        parts.append(f"""
    DELETE FROM coachhub.{table} t USING coachhub.{parent} p
        WHERE p.uuid = t.{key} AND p.client_uuid <> t.client_uuid;
    ALTER TABLE coachhub.{table} DROP CONSTRAINT {table}_{key}_fkey,
        ADD CONSTRAINT {table}_{key}_fkey FOREIGN KEY ({key}, client_uuid)
            REFERENCES coachhub.{parent} (uuid, client_uuid) ON DELETE CASCADE;
    CREATE TRIGGER a_keys BEFORE UPDATE OF uuid, client_uuid, {key} ON coachhub.{table}
        FOR EACH ROW EXECUTE FUNCTION coachhub.keep_keys('uuid', 'client_uuid', '{key}');
    """)
    for table in ("goals", "checkins"):
        parts.append(f"""
    CREATE TRIGGER a_keys BEFORE UPDATE OF uuid, client_uuid ON coachhub.{table}
        FOR EACH ROW EXECUTE FUNCTION coachhub.keep_keys('uuid', 'client_uuid');
    """)
    parts.append("""
    CREATE TRIGGER a_keys BEFORE UPDATE OF uuid ON coachhub.clients
        FOR EACH ROW EXECUTE FUNCTION coachhub.keep_keys('uuid');
    """)
    for table in _RECORDS:
        parts.append(f"""
    ALTER TABLE coachhub.{table} ADD COLUMN author text;
    CREATE TRIGGER a_unbury BEFORE INSERT ON coachhub.{table}
        FOR EACH ROW EXECUTE FUNCTION coachhub.{"unbury_client" if table == "clients" else "unbury"}();
    """)
    return "".join(parts)


# Trust nothing a member sends: tombstones only from allowed deletes, a child's client
# is its parent's, keys never move, the hub stamps the author of each version.
V0003 = _v0003()

# A grant is claimed only for a client that exists and nobody holds, by the insert that
# creates it (after it): nobody can pre-claim a uuid a colleague has yet to sync.
V0004 = """
    CREATE FUNCTION coachhub.client_held(c text) RETURNS boolean LANGUAGE sql STABLE
        SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $$ SELECT EXISTS (SELECT 1 FROM coachhub.grants WHERE client_uuid = c) $$;
    DROP POLICY claim ON coachhub.grants;
    CREATE POLICY claim ON coachhub.grants FOR INSERT WITH CHECK (
        role_name = current_user
        AND EXISTS (SELECT 1 FROM coachhub.people WHERE role_name = current_user AND kind = 'coach')
        AND coachhub.client_exists(client_uuid)
        AND NOT coachhub.client_held(client_uuid)
        AND NOT coachhub.client_buried(client_uuid)
    );
    DROP POLICY granted_insert ON coachhub.clients;
    CREATE POLICY granted_insert ON coachhub.clients FOR INSERT WITH CHECK (
        coachhub.holds(uuid)
        OR (NOT coachhub.client_held(uuid) AND NOT coachhub.client_buried(uuid)
            AND EXISTS (SELECT 1 FROM coachhub.people WHERE role_name = current_user AND kind = 'coach'))
    );
    DROP TRIGGER b_claim ON coachhub.clients;
    CREATE TRIGGER z_claim AFTER INSERT ON coachhub.clients
        FOR EACH ROW EXECUTE FUNCTION coachhub.claim();
"""

# Local schema 8: a step's title is part of its dated plan; entries keep the day they were
# recorded. A row from a member that predates them carries none (the local side fills them).
V0005 = """
    ALTER TABLE coachhub.step_plans ADD COLUMN title text;
    ALTER TABLE coachhub.actions ADD COLUMN recorded_on text;
    ALTER TABLE coachhub.checkins ADD COLUMN recorded_on text;
"""

# Every text a member sends is bounded as coach import bounds it (10,000 characters; a
# check-in's lists 16 MiB as JSON), so no row too large for a colleague's sync can be
# written. NOT VALID: rows already there stay, and a receiving sync fetches only the start
# of each value (coachcli.hub.remote) and leaves such a row out, named. Which clients exist
# on the hub is said only to coaches (a self-tracker's sync never asks; session_user, as
# current_user is the function's owner inside it).
_TEXTS = {
    "clients": ("uuid", "name", "note", "archived_on", "started_on", "created_at", "updated_at"),
    "goals": ("uuid", "client_uuid", "title", "why", "target_date", "status", "status_on",
              "drop_reason", "created_at", "updated_at"),
    "status_changes": ("uuid", "client_uuid", "goal_uuid", "status", "on_date", "reason", "created_at",
                       "updated_at"),
    "ratings": ("uuid", "client_uuid", "goal_uuid", "on_date", "note", "created_at", "updated_at"),
    "steps": ("uuid", "client_uuid", "goal_uuid", "title", "schedule", "due_date", "start_date",
              "until_date", "status", "dropped_on", "created_at", "updated_at"),
    "step_plans": ("uuid", "client_uuid", "step_uuid", "ends_on", "schedule", "due_date", "start_date",
                   "until_date", "title", "created_at", "updated_at"),
    "actions": ("uuid", "client_uuid", "step_uuid", "kind", "on_date", "note", "recorded_on",
                "created_at", "updated_at"),
    "checkins": ("uuid", "client_uuid", "on_date", "note", "recorded_on", "created_at", "updated_at"),
}
_LISTS = ("wins", "obstacles", "commitments")


def _v0006() -> str:
    parts = []
    for table, texts in _TEXTS.items():
        bounds = [f"coalesce(char_length({c}), 0) <= 10000" for c in texts]
        if table == "checkins":
            bounds += [f"coalesce(char_length({c}), 0) <= 16777216" for c in _LISTS]
        parts.append(f"""
    ALTER TABLE coachhub.{table} ADD CONSTRAINT {table}_bounded
        CHECK ({" AND ".join(bounds)}) NOT VALID;""")
    parts.append("""
    CREATE OR REPLACE FUNCTION coachhub.clients_existing(cs text[]) RETURNS SETOF text LANGUAGE sql STABLE
        SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $$ SELECT c FROM unnest(cs) AS c
              WHERE EXISTS (SELECT 1 FROM coachhub.people WHERE role_name = session_user AND kind = 'coach')
                AND (EXISTS (SELECT 1 FROM coachhub.clients WHERE uuid = c)
                     OR EXISTS (SELECT 1 FROM coachhub.tombstones WHERE tbl = 'clients' AND uuid = c)) $$;
    """)
    return "".join(parts)


V0006 = _v0006()

# Local schema 10: a done entry's amount, for measurable steps (their plan is the schedule text).
V0007 = """
    ALTER TABLE coachhub.actions ADD COLUMN amount double precision
        CHECK (amount IS NULL OR amount >= 0);
"""

# Local schema 11: sessions carry the next session's day and the client's change and sustain
# talk; commitments are records under their check-in, scoped, stamped and guarded like every
# child (its client is its check-in's, its keys never move, the hub stamps its author).
V0008 = f"""
    ALTER TABLE coachhub.checkins ADD COLUMN next_session_on text;
    ALTER TABLE coachhub.checkins ADD COLUMN change_talk text;
    ALTER TABLE coachhub.checkins ADD COLUMN sustain_talk text;
    ALTER TABLE coachhub.checkins ADD CONSTRAINT checkins_uuid_client_uuid_key UNIQUE (uuid, client_uuid);
    CREATE TABLE coachhub.commitments (
        uuid text PRIMARY KEY, {_CLIENT},
        checkin_uuid text NOT NULL,
        text text, sure integer, due_date text, step_uuid text, outcome text, outcome_on text,
        {_TIMES}, author text,
        FOREIGN KEY (checkin_uuid, client_uuid) REFERENCES coachhub.checkins (uuid, client_uuid)
            ON DELETE CASCADE
    );
    CREATE INDEX ON coachhub.commitments (seq);
    CREATE INDEX ON coachhub.commitments (client_uuid);
    CREATE INDEX ON coachhub.commitments (checkin_uuid);
    CREATE TRIGGER a_stamp BEFORE INSERT OR UPDATE ON coachhub.commitments
        FOR EACH ROW EXECUTE FUNCTION coachhub.stamp();
    CREATE TRIGGER a_keys BEFORE UPDATE OF uuid, client_uuid, checkin_uuid ON coachhub.commitments
        FOR EACH ROW EXECUTE FUNCTION coachhub.keep_keys('uuid', 'client_uuid', 'checkin_uuid');
    CREATE TRIGGER a_unbury BEFORE INSERT ON coachhub.commitments
        FOR EACH ROW EXECUTE FUNCTION coachhub.unbury();
    CREATE TRIGGER bury AFTER DELETE ON coachhub.commitments
        FOR EACH ROW EXECUTE FUNCTION coachhub.bury();
    ALTER TABLE coachhub.commitments ENABLE ROW LEVEL SECURITY;
    CREATE POLICY granted ON coachhub.commitments USING (client_uuid IN {_GRANTED})
        WITH CHECK (client_uuid IN {_GRANTED});
    GRANT SELECT, INSERT, UPDATE, DELETE ON coachhub.commitments TO coachhub_member;
    ALTER TABLE coachhub.commitments ADD CONSTRAINT commitments_bounded CHECK (
        coalesce(char_length(uuid), 0) <= 10000 AND coalesce(char_length(client_uuid), 0) <= 10000
        AND coalesce(char_length(checkin_uuid), 0) <= 10000 AND coalesce(char_length(text), 0) <= 10000
        AND coalesce(char_length(due_date), 0) <= 10000 AND coalesce(char_length(step_uuid), 0) <= 10000
        AND coalesce(char_length(outcome), 0) <= 10000 AND coalesce(char_length(outcome_on), 0) <= 10000
        AND coalesce(char_length(created_at), 0) <= 10000 AND coalesce(char_length(updated_at), 0) <= 10000);
    ALTER TABLE coachhub.checkins ADD CONSTRAINT checkins_talk_bounded CHECK (
        coalesce(char_length(next_session_on), 0) <= 10000
        AND coalesce(char_length(change_talk), 0) <= 16777216
        AND coalesce(char_length(sustain_talk), 0) <= 16777216) NOT VALID;
"""

#: (name, DDL), oldest first.
MIGRATIONS: tuple[tuple[str, str], ...] = (
    ("0001_hub", V0001),
    ("0002_started_on_step_plans", V0002),
    ("0003_trust", V0003),
    ("0004_no_preclaim", V0004),
    ("0005_plan_titles_recorded_days", V0005),
    ("0006_bounded_values", V0006),
    ("0007_amounts", V0007),
    ("0008_sessions_commitments", V0008),
    ("0009_groups", V0009),
    ("0010_consent_is_the_members", V0010),
    ("0011_left_members_read_nothing", V0011),
    ("0012_measured_challenges", V0012),
)
