"""The hub's migration 0009 (groups) as literal DDL: never edited once released.

Kept apart from :mod:`coachcli.hub.migrations` for its length; its names are
spelled out here, not read from there, so that this version stays as released.
"""

from __future__ import annotations

_GRANTED = "(SELECT client_uuid FROM coachhub.grants WHERE role_name = current_user)"
_CLIENT = "client_uuid text NOT NULL REFERENCES coachhub.clients (uuid) ON DELETE CASCADE"
_TIMES = "created_at text NOT NULL, updated_at text NOT NULL, seq bigint NOT NULL"

# Local schema 12: groups reach the hub. A group is its coach's (``owner``, the role that
# made it); who is in it, what each member lets peers see, and which of a member's steps is
# their copy of a challenge are the member's rows (``client_uuid``). Members read peers only
# through group_view and peer_dones, which return what each peer's consent allows and no more.
# The hub reads a consent as the most private a member has given from the day on, whatever
# the date: a withdrawal hides every day of theirs at once, a more open level opens only the
# days from it. Groups travel whole at each sync (no tombstones: the coach's machine holds them).
_TABLES = f"""
    CREATE TABLE coachhub.groups (
        uuid text PRIMARY KEY, owner text NOT NULL DEFAULT current_user,
        name text, note text, archived_on text, {_TIMES}, author text,
        CONSTRAINT groups_bounded CHECK (coalesce(char_length(uuid), 0) <= 100
            AND coalesce(char_length(name), 0) <= 10000 AND coalesce(char_length(note), 0) <= 10000
            AND coalesce(char_length(archived_on), 0) <= 100 AND coalesce(char_length(created_at), 0) <= 100
            AND coalesce(char_length(updated_at), 0) <= 100)
    );
    CREATE TABLE coachhub.group_members (
        uuid text PRIMARY KEY, {_CLIENT},
        group_uuid text NOT NULL REFERENCES coachhub.groups (uuid) ON DELETE CASCADE,
        joined_on date NOT NULL, left_on date CHECK (left_on IS NULL OR left_on >= joined_on),
        {_TIMES}, author text,
        CONSTRAINT group_members_bounded CHECK (coalesce(char_length(uuid), 0) <= 100
            AND coalesce(char_length(created_at), 0) <= 100 AND coalesce(char_length(updated_at), 0) <= 100)
    );
    CREATE TABLE coachhub.group_consents (
        uuid text PRIMARY KEY, {_CLIENT},
        group_uuid text NOT NULL REFERENCES coachhub.groups (uuid) ON DELETE CASCADE,
        on_date date NOT NULL, level text NOT NULL CHECK (level IN ('none', 'totals', 'named')),
        pseudonym text, {_TIMES}, author text,
        CONSTRAINT group_consents_bounded CHECK (coalesce(char_length(uuid), 0) <= 100
            AND coalesce(char_length(pseudonym), 0) <= 10000
            AND coalesce(char_length(created_at), 0) <= 100 AND coalesce(char_length(updated_at), 0) <= 100)
    );
    CREATE TABLE coachhub.group_challenges (
        uuid text PRIMARY KEY,
        group_uuid text NOT NULL REFERENCES coachhub.groups (uuid) ON DELETE CASCADE,
        title text, schedule text NOT NULL, start_date date NOT NULL, sensitive boolean NOT NULL,
        {_TIMES}, author text,
        CONSTRAINT group_challenges_bounded CHECK (coalesce(char_length(uuid), 0) <= 100
            AND coalesce(char_length(title), 0) <= 10000 AND coalesce(char_length(schedule), 0) <= 10000
            AND coalesce(char_length(created_at), 0) <= 100 AND coalesce(char_length(updated_at), 0) <= 100)
    );
    CREATE TABLE coachhub.group_steps (
        uuid text PRIMARY KEY, {_CLIENT},
        challenge_uuid text NOT NULL REFERENCES coachhub.group_challenges (uuid) ON DELETE CASCADE,
        step_uuid text NOT NULL,
        {_TIMES}, author text,
        FOREIGN KEY (step_uuid, client_uuid) REFERENCES coachhub.steps (uuid, client_uuid) ON DELETE CASCADE,
        CONSTRAINT group_steps_bounded CHECK (coalesce(char_length(uuid), 0) <= 100
            AND coalesce(char_length(created_at), 0) <= 100 AND coalesce(char_length(updated_at), 0) <= 100)
    );
    CREATE INDEX ON coachhub.groups (owner);
    CREATE INDEX ON coachhub.group_members (group_uuid, client_uuid);
    CREATE INDEX ON coachhub.group_members (client_uuid);
    CREATE INDEX ON coachhub.group_consents (group_uuid, client_uuid, on_date);
    CREATE INDEX ON coachhub.group_consents (client_uuid);
    CREATE INDEX ON coachhub.group_challenges (group_uuid);
    CREATE INDEX ON coachhub.group_steps (challenge_uuid, client_uuid);
    CREATE INDEX ON coachhub.group_steps (step_uuid, client_uuid);

    -- Who owns or belongs to a group, asked by policies and functions (which cannot read the
    -- rows themselves): the role that logged in, never a function's owner.
    CREATE FUNCTION coachhub.owns_group(g text) RETURNS boolean LANGUAGE sql STABLE
        SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $$ SELECT EXISTS (SELECT 1 FROM coachhub.groups WHERE uuid = g AND owner = session_user) $$;
    CREATE FUNCTION coachhub.in_group(g text) RETURNS boolean LANGUAGE sql STABLE
        SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $$ SELECT EXISTS (SELECT 1 FROM coachhub.groups WHERE uuid = g AND owner = session_user)
              OR EXISTS (SELECT 1 FROM coachhub.group_members m JOIN coachhub.grants r
                         ON r.client_uuid = m.client_uuid AND r.role_name = session_user
                         WHERE m.group_uuid = g) $$;
    CREATE FUNCTION coachhub.is_member(g text, c text) RETURNS boolean LANGUAGE sql STABLE
        SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $$ SELECT EXISTS (SELECT 1 FROM coachhub.group_members
                             WHERE group_uuid = g AND client_uuid = c) $$;
    CREATE FUNCTION coachhub.is_coach() RETURNS boolean LANGUAGE sql STABLE
        SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $$ SELECT EXISTS (SELECT 1 FROM coachhub.people
                             WHERE role_name = session_user AND kind = 'coach') $$;

    -- A member's text as a date, or NULL: one member's malformed row never breaks a peer's view.
    CREATE FUNCTION coachhub.day(t text) RETURNS date LANGUAGE plpgsql IMMUTABLE
        SET search_path = pg_catalog, pg_temp AS $$
    BEGIN
        RETURN CASE WHEN t ~ '^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}$' THEN t::date END;
    EXCEPTION WHEN others THEN
        RETURN NULL;
    END $$;

    -- How many times a challenge's rule asks for it in lo..hi, counted from its anchor: the
    -- report's count (coachcli.domain.groups.planned) for every rule but an RRULE (NULL).
    CREATE FUNCTION coachhub.asked(rule text, anchor date, lo date, hi date) RETURNS integer
        LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
    DECLARE
        s text := lower(rule);
        days int[];
        n int;
        q int;
        found int;
    BEGIN
        lo := greatest(lo, anchor);
        IF lo > hi THEN
            RETURN 0;
        END IF;
        IF s = 'daily' THEN
            RETURN hi - lo + 1;
        ELSIF s = 'weekdays' THEN
            days := '{{1,2,3,4,5}}';
        ELSIF s = 'weekends' THEN
            days := '{{6,7}}';
        ELSIF s ~ '^(mon|tue|wed|thu|fri|sat|sun)(,(mon|tue|wed|thu|fri|sat|sun))*$' THEN
            SELECT array_agg(array_position(
                       '{{mon,tue,wed,thu,fri,sat,sun}}'::text[], d)) INTO days
            FROM unnest(string_to_array(s, ',')) AS d;
        ELSIF s = 'weekly' THEN
            n := 7;
        ELSIF s ~ '^every [0-9]{{1,4}} weeks$' THEN
            n := 7 * substring(s FROM '[0-9]+')::int;
        ELSIF s ~ '^every [0-9]{{1,4}} days$' THEN
            n := substring(s FROM '[0-9]+')::int;
        ELSIF s ~ '^[0-9]{{1,3}}/week$' THEN
            q := substring(s FROM '[0-9]+')::int;
            RETURN (2 * q * (hi - lo + 1) + 7) / 14;
        ELSIF s ~ '^[0-9]{{1,3}}/month$' THEN
            q := substring(s FROM '[0-9]+')::int;
            RETURN (2 * q * (hi - lo + 1) + 30) / 60;
        ELSIF s = 'monthly' THEN
            SELECT count(*) INTO found
            FROM generate_series(
                    make_date(extract(year FROM lo)::int, extract(month FROM lo)::int, 1)::timestamp,
                    hi::timestamp, interval '1 month') AS m (t),
                LATERAL (SELECT t::date - 1 + least(
                    extract(day FROM anchor)::int,
                    extract(day FROM t + interval '1 month' - interval '1 day')::int) AS d) AS x
            WHERE x.d BETWEEN lo AND hi;
            RETURN found;
        ELSE
            RETURN NULL;
        END IF;
        IF days IS NOT NULL THEN
            SELECT count(*) INTO found FROM generate_series(lo, hi, '1 day') AS g
            WHERE extract(isodow FROM g)::int = ANY (days);
        ELSE
            SELECT count(*) INTO found FROM generate_series(lo, hi, '1 day') AS g
            WHERE (g::date - anchor) % n = 0;
        END IF;
        RETURN found;
    END $$;

    -- What a member shows peers for a day: the most private level they have given from the
    -- level then on (any later withdrawal included), and their latest pseudonym (else then's).
    CREATE FUNCTION coachhub.shown(g text, c text, day date, OUT level text, OUT pseudonym text)
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    DECLARE
        rank CONSTANT text[] := '{{none,totals,named}}';
        latest text;
        was text;
    BEGIN
        IF NOT coachhub.in_group(g) THEN
            RAISE EXCEPTION 'not a member of this group' USING ERRCODE = 'insufficient_privilege';
        END IF;
        SELECT x.level, x.pseudonym INTO level, was FROM coachhub.group_consents x
            WHERE x.group_uuid = g AND x.client_uuid = c AND x.on_date <= day
            ORDER BY x.on_date DESC, x.created_at DESC, x.uuid DESC LIMIT 1;
        level := coalesce(level, 'totals');
        SELECT rank[min(array_position(rank, x.level))] INTO latest FROM coachhub.group_consents x
            WHERE x.group_uuid = g AND x.client_uuid = c AND x.on_date > day;
        IF latest IS NOT NULL AND array_position(rank, latest) < array_position(rank, level) THEN
            level := latest;
        END IF;
        SELECT x.pseudonym INTO pseudonym FROM coachhub.group_consents x
            WHERE x.group_uuid = g AND x.client_uuid = c
            ORDER BY x.on_date DESC, x.created_at DESC, x.uuid DESC LIMIT 1;
        pseudonym := coalesce(pseudonym, was);
    END $$;

    -- A group's weeks as a member's report reads them: for every day from a challenge's start
    -- to upto, the seven days ending then, summed over the members who share at least totals
    -- (counted, did the challenge as often as it asked, times done; did is NULL for an RRULE),
    -- and the names (or pseudonyms) of members at named who did it. Nothing per member else.
    CREATE FUNCTION coachhub.group_view(g text, upto date)
        RETURNS TABLE (challenge_uuid text, week_end date, counted integer, did integer, done integer,
                       celebrated text[])
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    DECLARE
        ch record;
        mem record;
        d date;
        lvl record;
        lo date;
        hi date;
        sp record;
        asked_n integer;
        part integer;
        done_n integer;
    BEGIN
        IF NOT coachhub.in_group(g) THEN
            RAISE EXCEPTION 'not a member of this group' USING ERRCODE = 'insufficient_privilege';
        END IF;
        FOR ch IN SELECT * FROM coachhub.group_challenges x WHERE x.group_uuid = g
                  AND x.start_date <= upto ORDER BY x.start_date, x.uuid LOOP
            d := greatest(ch.start_date, upto - 400);
            WHILE d <= upto LOOP
                challenge_uuid := ch.uuid; week_end := d; counted := 0; did := 0; done := 0;
                celebrated := '{{}}';
                FOR mem IN SELECT DISTINCT m.client_uuid FROM coachhub.group_members m
                           WHERE m.group_uuid = g AND m.joined_on <= d
                             AND (m.left_on IS NULL OR m.left_on > d - 6) LOOP
                    SELECT * INTO lvl FROM coachhub.shown(g, mem.client_uuid, d);
                    CONTINUE WHEN lvl.level = 'none';
                    SELECT s.uuid, coachhub.day(s.start_date) AS anchor INTO sp FROM coachhub.group_steps x
                        JOIN coachhub.steps s ON s.uuid = x.step_uuid AND s.client_uuid = x.client_uuid
                        WHERE x.challenge_uuid = ch.uuid AND x.client_uuid = mem.client_uuid
                        ORDER BY x.created_at DESC, x.uuid DESC LIMIT 1;
                    counted := counted + 1;
                    CONTINUE WHEN sp.uuid IS NULL;
                    asked_n := 0; done_n := 0;
                    FOR lo, hi IN SELECT greatest(d - 6, m.joined_on),
                                         least(d, coalesce(m.left_on - 1, d))
                                  FROM coachhub.group_members m
                                  WHERE m.group_uuid = g AND m.client_uuid = mem.client_uuid LOOP
                        CONTINUE WHEN lo > hi;
                        part := coachhub.asked(ch.schedule, sp.anchor, lo, hi);
                        asked_n := asked_n + part;
                        done_n := done_n + coalesce((SELECT sum(a.count) FROM coachhub.actions a
                            WHERE a.step_uuid = sp.uuid AND a.client_uuid = mem.client_uuid
                              AND a.kind = 'done' AND a.on_date BETWEEN lo::text AND hi::text), 0);
                    END LOOP;
                    done := done + done_n;
                    IF asked_n IS NULL THEN
                        did := NULL;
                    ELSIF asked_n > 0 AND done_n >= asked_n THEN
                        did := did + 1;
                        IF lvl.level = 'named' AND NOT ch.sensitive THEN
                            celebrated := celebrated || coalesce(lvl.pseudonym,
                                (SELECT c.name FROM coachhub.clients c WHERE c.uuid = mem.client_uuid));
                        END IF;
                    END IF;
                END LOOP;
                RETURN NEXT;
                d := d + 1;
            END LOOP;
        END LOOP;
    END $$;

    -- A named member's own figures, as peers may see them: the days they did a challenge of
    -- the group (never a sensitive one), under their pseudonym or name. Nobody else's.
    CREATE FUNCTION coachhub.peer_dones(g text)
        RETURNS TABLE (challenge_uuid text, shown_as text, on_date date, done integer)
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    BEGIN
        IF NOT coachhub.in_group(g) THEN
            RAISE EXCEPTION 'not a member of this group' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN QUERY
        SELECT x.challenge_uuid, coalesce(s.pseudonym, c.name), coachhub.day(a.on_date), sum(a.count)::int
        FROM coachhub.group_steps x
        JOIN coachhub.group_challenges ch ON ch.uuid = x.challenge_uuid AND ch.group_uuid = g
        JOIN coachhub.clients c ON c.uuid = x.client_uuid
        JOIN coachhub.actions a ON a.step_uuid = x.step_uuid AND a.client_uuid = x.client_uuid
            AND a.kind = 'done' AND coachhub.day(a.on_date) IS NOT NULL
        CROSS JOIN LATERAL coachhub.shown(g, x.client_uuid, coachhub.day(a.on_date)) s
        WHERE NOT ch.sensitive AND s.level = 'named'
          AND EXISTS (SELECT 1 FROM coachhub.group_members m WHERE m.group_uuid = g
                      AND m.client_uuid = x.client_uuid AND m.joined_on <= coachhub.day(a.on_date)
                      AND (m.left_on IS NULL OR m.left_on > coachhub.day(a.on_date)))
        GROUP BY 1, 2, 3 ORDER BY 3, 2;
    END $$;
"""


def _v0009_access() -> str:
    granted = _GRANTED
    parts = [_TABLES]
    for table in ("groups", "group_members", "group_consents", "group_challenges", "group_steps"):
        parts.append(f"""
    CREATE TRIGGER a_stamp BEFORE INSERT OR UPDATE ON coachhub.{table}
        FOR EACH ROW EXECUTE FUNCTION coachhub.stamp();
    ALTER TABLE coachhub.{table} ENABLE ROW LEVEL SECURITY;
    GRANT SELECT, INSERT, UPDATE, DELETE ON coachhub.{table} TO coachhub_member;
    """)
    parts.append(f"""
    CREATE TRIGGER a_keys BEFORE UPDATE OF uuid, owner ON coachhub.groups
        FOR EACH ROW EXECUTE FUNCTION coachhub.keep_keys('uuid', 'owner');
    CREATE TRIGGER a_keys BEFORE UPDATE OF uuid, client_uuid, group_uuid ON coachhub.group_members
        FOR EACH ROW EXECUTE FUNCTION coachhub.keep_keys('uuid', 'client_uuid', 'group_uuid');
    CREATE TRIGGER a_keys BEFORE UPDATE OF uuid, client_uuid, group_uuid ON coachhub.group_consents
        FOR EACH ROW EXECUTE FUNCTION coachhub.keep_keys('uuid', 'client_uuid', 'group_uuid');
    CREATE TRIGGER a_keys BEFORE UPDATE OF uuid, group_uuid ON coachhub.group_challenges
        FOR EACH ROW EXECUTE FUNCTION coachhub.keep_keys('uuid', 'group_uuid');
    CREATE TRIGGER a_keys BEFORE UPDATE OF uuid, client_uuid, challenge_uuid, step_uuid
        ON coachhub.group_steps FOR EACH ROW
        EXECUTE FUNCTION coachhub.keep_keys('uuid', 'client_uuid', 'challenge_uuid', 'step_uuid');

    -- A pseudonym is never another member's name or pseudonym in the group (whoever writes it).
    CREATE FUNCTION coachhub.own_pseudonym() RETURNS trigger LANGUAGE plpgsql
        SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    BEGIN
        IF NEW.pseudonym IS NOT NULL AND (
            EXISTS (SELECT 1 FROM coachhub.group_members m JOIN coachhub.clients c ON c.uuid = m.client_uuid
                    WHERE m.group_uuid = NEW.group_uuid AND m.client_uuid <> NEW.client_uuid
                      AND lower(c.name) = lower(NEW.pseudonym))
            OR EXISTS (SELECT 1 FROM coachhub.group_consents x
                       WHERE x.group_uuid = NEW.group_uuid AND x.client_uuid <> NEW.client_uuid
                         AND lower(x.pseudonym) = lower(NEW.pseudonym))) THEN
            RAISE EXCEPTION 'the pseudonym % is another member''s name in this group', NEW.pseudonym
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$;
    CREATE TRIGGER b_pseudonym BEFORE INSERT OR UPDATE ON coachhub.group_consents
        FOR EACH ROW EXECUTE FUNCTION coachhub.own_pseudonym();

    -- A group: its coach changes it; its members read it.
    CREATE POLICY own ON coachhub.groups USING (owner = current_user)
        WITH CHECK (owner = current_user AND coachhub.is_coach());
    CREATE POLICY member_read ON coachhub.groups FOR SELECT USING (coachhub.in_group(uuid));
    CREATE POLICY own ON coachhub.group_challenges USING (coachhub.owns_group(group_uuid))
        WITH CHECK (coachhub.owns_group(group_uuid));
    CREATE POLICY member_read ON coachhub.group_challenges FOR SELECT USING (coachhub.in_group(group_uuid));
    -- Who is in it: the coach, for clients they hold; a member reads their own rows only.
    CREATE POLICY own ON coachhub.group_members USING (coachhub.owns_group(group_uuid))
        WITH CHECK (coachhub.owns_group(group_uuid) AND client_uuid IN {granted});
    CREATE POLICY member_read ON coachhub.group_members FOR SELECT USING (client_uuid IN {granted});
    CREATE POLICY own ON coachhub.group_steps USING (coachhub.owns_group(
            (SELECT c.group_uuid FROM coachhub.group_challenges c WHERE c.uuid = challenge_uuid)))
        WITH CHECK (client_uuid IN {granted} AND coachhub.owns_group(
            (SELECT c.group_uuid FROM coachhub.group_challenges c WHERE c.uuid = challenge_uuid)));
    CREATE POLICY member_read ON coachhub.group_steps FOR SELECT USING (client_uuid IN {granted});
    -- A consent is the member's: written for a client one holds, in a group it belongs to
    -- (by the member or the coach who holds them); read by them and by the group's coach.
    CREATE POLICY granted ON coachhub.group_consents
        USING (client_uuid IN {granted} OR coachhub.owns_group(group_uuid))
        WITH CHECK (client_uuid IN {granted} AND coachhub.is_member(group_uuid, client_uuid));
    REVOKE EXECUTE ON FUNCTION coachhub.shown(text, text, date) FROM PUBLIC;
    """)
    return "".join(parts)


V0009 = _v0009_access()


# Hub schema 10: a member who tracks themselves through the hub is the only one who gives or
# takes back their consent. Under 0009 the coach holding them could write a more open level over
# their withdrawal, or delete it; now a consent of a client with a role of their own is written
# by that role alone, and any consent is changed or deleted only by whoever gave it.
V0010 = f"""
    CREATE FUNCTION coachhub.gives_consent(c text) RETURNS boolean LANGUAGE sql STABLE
        SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $$ SELECT NOT EXISTS (SELECT 1 FROM coachhub.people WHERE kind = 'client' AND client_uuid = c)
              OR EXISTS (SELECT 1 FROM coachhub.people WHERE kind = 'client' AND client_uuid = c
                         AND role_name = session_user) $$;
    -- The clients this coach holds who give their own consent (the coach's sync leaves theirs alone).
    CREATE FUNCTION coachhub.self_trackers() RETURNS SETOF text LANGUAGE sql STABLE
        SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $$ SELECT p.client_uuid FROM coachhub.people p JOIN coachhub.grants r
                  ON r.client_uuid = p.client_uuid AND r.role_name = session_user
              WHERE p.kind = 'client' AND p.role_name <> session_user $$;
    DROP POLICY granted ON coachhub.group_consents;
    CREATE POLICY read ON coachhub.group_consents FOR SELECT
        USING (client_uuid IN {_GRANTED} OR coachhub.owns_group(group_uuid));
    CREATE POLICY give ON coachhub.group_consents FOR INSERT
        WITH CHECK (client_uuid IN {_GRANTED} AND coachhub.is_member(group_uuid, client_uuid)
                    AND coachhub.gives_consent(client_uuid));
    CREATE POLICY change ON coachhub.group_consents FOR UPDATE
        USING (author = current_user AND client_uuid IN {_GRANTED} AND coachhub.gives_consent(client_uuid))
        WITH CHECK (client_uuid IN {_GRANTED} AND coachhub.is_member(group_uuid, client_uuid)
                    AND coachhub.gives_consent(client_uuid));
    CREATE POLICY take_back ON coachhub.group_consents FOR DELETE
        USING (author = current_user AND client_uuid IN {_GRANTED} AND coachhub.gives_consent(client_uuid));
"""


# Hub schema 11: a member who has left a group reads nothing more of it. Under 0009 any
# membership, past ones included, let a role read the group, its weeks and its named members'
# dones for good; now only a membership that has not ended by the hub's day does (a leave dated
# ahead takes effect on its day). The coach who runs the group reads it as before.
V0011 = """
    CREATE OR REPLACE FUNCTION coachhub.in_group(g text) RETURNS boolean LANGUAGE sql STABLE
        SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $$ SELECT EXISTS (SELECT 1 FROM coachhub.groups WHERE uuid = g AND owner = session_user)
              OR EXISTS (SELECT 1 FROM coachhub.group_members m JOIN coachhub.grants r
                         ON r.client_uuid = m.client_uuid AND r.role_name = session_user
                         WHERE m.group_uuid = g AND (m.left_on IS NULL OR m.left_on > current_date)) $$;
"""


# Hub schema 12: a measured challenge ("at least 20 km/week") is counted on the hub too. Under
# 0009 its rule was no schedule asked() knew, so a member's page had no figures for it; now
# group_view adds, per week, what the members who share logged together (amount) and the
# amount of each member it celebrates, and judges "did" by the measure, as the coach's report
# does (coachcli.domain.groups): the target is N x days / days in the period, for each period
# the member's days fall in; met when the amount, to six places, is at least (or, with
# something logged, at most) the target. Named amounts are never those of a sensitive challenge.
V0012 = """
    -- What a measured challenge asks of lo..hi from its anchor (domain.groups.measured_target).
    CREATE FUNCTION coachhub.measured_target(n double precision, period text, anchor date, lo date, hi date)
        RETURNS double precision LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
    DECLARE
        total double precision := 0;
        p_lo date;
        p_hi date;
        seg date;
    BEGIN
        lo := greatest(lo, anchor);
        WHILE lo <= hi LOOP
            IF period = 'day' THEN
                p_lo := lo; p_hi := lo;
            ELSIF period = 'week' THEN
                p_lo := lo - (extract(isodow FROM lo)::int - 1); p_hi := p_lo + 6;
            ELSE
                p_lo := date_trunc('month', lo)::date;
                p_hi := (date_trunc('month', lo) + interval '1 month' - interval '1 day')::date;
            END IF;
            seg := least(hi, p_hi);
            total := total + n * (seg - lo + 1) / (p_hi - p_lo + 1);
            lo := seg + 1;
        END LOOP;
        RETURN total;
    END $$;

    DROP FUNCTION coachhub.group_view(text, date);
    CREATE FUNCTION coachhub.group_view(g text, upto date)
        RETURNS TABLE (challenge_uuid text, week_end date, counted integer, did integer, done integer,
                       celebrated text[], amount double precision, celebrated_amounts double precision[])
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    DECLARE
        ch record;
        mem record;
        d date;
        lvl record;
        lo date;
        hi date;
        sp record;
        asked_n integer;
        part integer;
        done_n integer;
        spec text[];
        days_n integer;
        logged_n integer;
        target_n double precision;
        amount_n double precision;
        total double precision;
        ok boolean;
    BEGIN
        IF NOT coachhub.in_group(g) THEN
            RAISE EXCEPTION 'not a member of this group' USING ERRCODE = 'insufficient_privilege';
        END IF;
        FOR ch IN SELECT * FROM coachhub.group_challenges x WHERE x.group_uuid = g
                  AND x.start_date <= upto ORDER BY x.start_date, x.uuid LOOP
            spec := regexp_match(ch.schedule,
                                 '^at (least|most) ([0-9]+(?:\\.[0-9]+)?) (.+)/(day|week|month)$');
            d := greatest(ch.start_date, upto - 400);
            WHILE d <= upto LOOP
                challenge_uuid := ch.uuid; week_end := d; counted := 0; did := 0; done := 0;
                celebrated := '{}'; celebrated_amounts := '{}'; total := 0;
                FOR mem IN SELECT DISTINCT m.client_uuid FROM coachhub.group_members m
                           WHERE m.group_uuid = g AND m.joined_on <= d
                             AND (m.left_on IS NULL OR m.left_on > d - 6) LOOP
                    SELECT * INTO lvl FROM coachhub.shown(g, mem.client_uuid, d);
                    CONTINUE WHEN lvl.level = 'none';
                    SELECT s.uuid, coachhub.day(s.start_date) AS anchor INTO sp FROM coachhub.group_steps x
                        JOIN coachhub.steps s ON s.uuid = x.step_uuid AND s.client_uuid = x.client_uuid
                        WHERE x.challenge_uuid = ch.uuid AND x.client_uuid = mem.client_uuid
                        ORDER BY x.created_at DESC, x.uuid DESC LIMIT 1;
                    counted := counted + 1;
                    CONTINUE WHEN sp.uuid IS NULL;
                    asked_n := 0; done_n := 0; days_n := 0; logged_n := 0; target_n := 0; amount_n := 0;
                    FOR lo, hi IN SELECT greatest(d - 6, m.joined_on),
                                         least(d, coalesce(m.left_on - 1, d))
                                  FROM coachhub.group_members m
                                  WHERE m.group_uuid = g AND m.client_uuid = mem.client_uuid LOOP
                        CONTINUE WHEN lo > hi;
                        done_n := done_n + coalesce((SELECT sum(a.count) FROM coachhub.actions a
                            WHERE a.step_uuid = sp.uuid AND a.client_uuid = mem.client_uuid
                              AND a.kind = 'done' AND a.on_date BETWEEN lo::text AND hi::text), 0);
                        IF spec IS NULL THEN
                            part := coachhub.asked(ch.schedule, sp.anchor, lo, hi);
                            asked_n := asked_n + part;
                        ELSE
                            days_n := days_n + greatest(0, hi - greatest(lo, sp.anchor) + 1);
                            target_n := target_n + coachhub.measured_target(
                                spec[2]::double precision, spec[4], sp.anchor, lo, hi);
                            SELECT logged_n + count(DISTINCT a.on_date), amount_n + coalesce(sum(a.amount), 0)
                                INTO logged_n, amount_n FROM coachhub.actions a
                                WHERE a.step_uuid = sp.uuid AND a.client_uuid = mem.client_uuid
                                  AND a.kind = 'done' AND a.on_date BETWEEN lo::text AND hi::text;
                        END IF;
                    END LOOP;
                    done := done + done_n;
                    IF spec IS NOT NULL THEN
                        amount_n := round(amount_n::numeric, 6)::double precision;
                        total := total + amount_n;
                        ok := days_n > 0 AND (CASE WHEN spec[1] = 'least'
                            THEN amount_n >= round(target_n::numeric, 6)::double precision
                            ELSE logged_n > 0
                                 AND amount_n <= round(target_n::numeric, 6)::double precision END);
                    ELSIF asked_n IS NULL THEN
                        did := NULL; ok := false;
                    ELSE
                        ok := asked_n > 0 AND done_n >= asked_n;
                    END IF;
                    IF ok AND did IS NOT NULL THEN
                        did := did + 1;
                        IF lvl.level = 'named' AND NOT ch.sensitive THEN
                            celebrated := celebrated || coalesce(lvl.pseudonym,
                                (SELECT c.name FROM coachhub.clients c WHERE c.uuid = mem.client_uuid));
                            IF spec IS NOT NULL THEN
                                celebrated_amounts := celebrated_amounts || amount_n;
                            END IF;
                        END IF;
                    END IF;
                END LOOP;
                amount := CASE WHEN spec IS NULL THEN NULL
                               ELSE round(total::numeric, 6)::double precision END;
                RETURN NEXT;
                d := d + 1;
            END LOOP;
        END LOOP;
    END $$;
"""
