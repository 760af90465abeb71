"""The versioned schema, applied forward through sqlite-utils' ``Migrations``.

Each migration is one step in the database's history and is never edited once
released: new needs get a new migration. :func:`migrate` runs every pending
step inside the caller's ``BEGIN IMMEDIATE`` transaction (sqlite-utils nests
them as savepoints), so an interrupted upgrade leaves the old schema intact.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from uuid import UUID, uuid4, uuid5

from sqlite_utils import Database, Migrations

from coachcli.store.script import ScriptDatabase

TYPE_CHECKING = False
if TYPE_CHECKING:
    from coachcli.store.tx import Tx

migrations = Migrations("coachcli")
# sqlite-utils' decorator is untyped; registering through it keeps each function typed.
_register: Callable[..., Callable[[Callable[[Database], None]], Callable[[Database], None]]] = migrations

_RECORD = """
    uuid TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL"""


@_register(name="0001_core_tables")
def m0001_core_tables(db: Database) -> None:
    """Clients, goals and their history, steps, actions and check-ins."""
    db.executescript(
        f"""
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE clients (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL COLLATE NOCASE UNIQUE,
            note TEXT,
            archived_on TEXT,{_RECORD}
        );
        CREATE TABLE goals (
            id INTEGER PRIMARY KEY,
            client_id INTEGER NOT NULL REFERENCES clients(id),
            title TEXT NOT NULL,
            why TEXT,
            target_date TEXT,
            should INTEGER NOT NULL DEFAULT 0 CHECK (should IN (0, 1)),
            status TEXT NOT NULL DEFAULT 'active'
                CHECK (status IN ('active', 'paused', 'achieved', 'dropped')),
            status_on TEXT NOT NULL,
            drop_reason TEXT,{_RECORD}
        );
        CREATE INDEX goals_client_status ON goals (client_id, status);
        CREATE TABLE status_changes (
            id INTEGER PRIMARY KEY,
            goal_id INTEGER NOT NULL REFERENCES goals(id),
            status TEXT NOT NULL
                CHECK (status IN ('active', 'paused', 'achieved', 'dropped')),
            on_date TEXT NOT NULL,
            reason TEXT,{_RECORD}
        );
        CREATE INDEX status_changes_goal_date ON status_changes (goal_id, on_date);
        CREATE TABLE ratings (
            id INTEGER PRIMARY KEY,
            goal_id INTEGER NOT NULL REFERENCES goals(id),
            on_date TEXT NOT NULL,
            importance INTEGER CHECK (importance BETWEEN 0 AND 10),
            confidence INTEGER CHECK (confidence BETWEEN 0 AND 10),
            note TEXT,{_RECORD},
            CHECK (importance IS NOT NULL OR confidence IS NOT NULL)
        );
        CREATE INDEX ratings_goal_date ON ratings (goal_id, on_date);
        CREATE TABLE steps (
            id INTEGER PRIMARY KEY,
            goal_id INTEGER NOT NULL REFERENCES goals(id),
            title TEXT NOT NULL,
            schedule TEXT,
            due_date TEXT,
            start_date TEXT NOT NULL,
            until_date TEXT,
            status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'dropped')),
            dropped_on TEXT,{_RECORD},
            CHECK ((schedule IS NULL) <> (due_date IS NULL))
        );
        CREATE INDEX steps_goal ON steps (goal_id);
        CREATE TABLE actions (
            id INTEGER PRIMARY KEY,
            step_id INTEGER NOT NULL REFERENCES steps(id),
            kind TEXT NOT NULL CHECK (kind IN ('done', 'missed', 'skipped')),
            on_date TEXT NOT NULL,
            count INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1),
            note TEXT,{_RECORD}
        );
        CREATE INDEX actions_step_date ON actions (step_id, on_date);
        CREATE TABLE checkins (
            id INTEGER PRIMARY KEY,
            client_id INTEGER NOT NULL REFERENCES clients(id),
            on_date TEXT NOT NULL,
            mood INTEGER CHECK (mood BETWEEN 1 AND 5),
            wins TEXT NOT NULL DEFAULT '[]',
            obstacles TEXT NOT NULL DEFAULT '[]',
            commitments TEXT NOT NULL DEFAULT '[]',
            note TEXT,
            session INTEGER NOT NULL DEFAULT 0 CHECK (session IN (0, 1)),{_RECORD}
        );
        CREATE INDEX checkins_client_date ON checkins (client_id, on_date);
        """
    )


@_register(name="0002_undo_journal")
def m0002_undo_journal(db: Database) -> None:
    """The journal behind ``coach undo``: each write and the rows it touched."""
    db.executescript(
        """
        CREATE TABLE journal (
            id INTEGER PRIMARY KEY,
            created_at TEXT NOT NULL,
            description TEXT NOT NULL
        );
        CREATE TABLE journal_entries (
            id INTEGER PRIMARY KEY,
            journal_id INTEGER NOT NULL REFERENCES journal(id) ON DELETE CASCADE,
            tbl TEXT NOT NULL,
            row_id INTEGER NOT NULL,
            op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'meta')),
            before TEXT
        );
        CREATE INDEX journal_entries_journal ON journal_entries (journal_id);
        """
    )


@_register(name="0003_covering_action_index")
def m0003_covering_action_index(db: Database) -> None:
    """Reports read per-step daily sums; cover them so SQLite never visits the table.

    Measured on the 200-client, 730-day data set: the report's main query went
    from 230-350 ms to 100-130 ms. The old index is a prefix of the new one.
    """
    db.executescript(
        """
        CREATE INDEX actions_step_day ON actions (step_id, on_date, kind, count);
        DROP INDEX actions_step_date;
        """
    )


#: Record tables whose changes travel to a practice hub (``coach sync``), parents first.
SYNCED_TABLES = ("clients", "goals", "status_changes", "ratings", "steps", "actions", "checkins")


#: The number of the next local change: past every change, tombstone and peer's mark,
#: so that forgetting changes every peer has seen never reuses a number. Three index lookups.
NEXT_CHANGE = (
    "(SELECT 1 + max(coalesce((SELECT max(change) FROM changes), 0),"
    " coalesce((SELECT max(change) FROM tombstones), 0),"
    " coalesce((SELECT max(sent_change) FROM sync_peers), 0)))"
)


def _sync_triggers(t: str) -> str:
    """The triggers that note table ``t``'s changes and deletions for ``coach sync``."""
    now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
    note = f"INSERT OR REPLACE INTO changes (uuid, tbl, change) VALUES (NEW.uuid, '{t}', {NEXT_CHANGE});"
    return f"""
        CREATE TRIGGER {t}_sync_insert AFTER INSERT ON {t}
        WHEN EXISTS (SELECT 1 FROM sync_peers)
        BEGIN {note} DELETE FROM tombstones WHERE uuid = NEW.uuid; END;
        CREATE TRIGGER {t}_sync_update AFTER UPDATE ON {t}
        WHEN EXISTS (SELECT 1 FROM sync_peers)
        BEGIN {note} END;
        CREATE TRIGGER {t}_tombstone AFTER DELETE ON {t}
        BEGIN
            INSERT OR REPLACE INTO tombstones (uuid, tbl, deleted_at, change)
            VALUES (OLD.uuid, '{t}', {now}, {NEXT_CHANGE});
            DELETE FROM changes WHERE uuid = OLD.uuid;
        END;
        """


@_register(name="0004_sync_tracking")
def m0004_sync_tracking(db: Database) -> None:
    """What ``coach sync`` needs: deletions as tombstones, changes since a hub last saw them.

    Triggers keep it in one place, so that every delete path (undo, client
    delete, a future command) leaves a tombstone, and every insert or update
    is noted for the next sync. Changes are noted only once a hub is known
    (``sync_peers`` has a row): a database that never syncs pays one lookup
    per write. Changes are numbered in order (:data:`NEXT_CHANGE`); a peer
    remembers the last one it was sent, and the last hub change it received.
    """
    script = [
        """
        CREATE TABLE tombstones (
            uuid TEXT PRIMARY KEY,
            tbl TEXT NOT NULL,
            deleted_at TEXT NOT NULL,
            change INTEGER NOT NULL
        );
        CREATE INDEX tombstones_change ON tombstones (change);
        CREATE TABLE changes (
            uuid TEXT PRIMARY KEY,
            tbl TEXT NOT NULL,
            change INTEGER NOT NULL
        );
        CREATE INDEX changes_change ON changes (change);
        CREATE TABLE sync_peers (
            hub TEXT PRIMARY KEY,
            sent_change INTEGER NOT NULL DEFAULT 0,
            hub_seq INTEGER NOT NULL DEFAULT 0,
            synced_at TEXT
        );
        CREATE TABLE sync_conflicts (
            id INTEGER PRIMARY KEY,
            hub TEXT NOT NULL,
            tbl TEXT NOT NULL,
            uuid TEXT NOT NULL,
            at TEXT NOT NULL,
            kept TEXT NOT NULL CHECK (kept IN ('local', 'hub')),
            kept_version TEXT,
            lost_version TEXT
        );
        """
    ]
    script += [_sync_triggers(t) for t in SYNCED_TABLES]
    db.executescript("\n".join(script))


@_register(name="0005_commitment_sure")
def m0005_commitment_sure(db: Database) -> None:
    """How sure the client is of a check-in's commitments, 0-10 (``checkin --sure``).

    One value per check-in: a check-in's commitments are made in one breath,
    and prep and the report set each beside what followed it.
    """
    db.execute("ALTER TABLE checkins ADD COLUMN sure INTEGER CHECK (sure BETWEEN 0 AND 10)")


@_register(name="0006_history_and_corrections")
def m0006_history_and_corrections(db: Database) -> None:
    """Dated beginnings, plans with a history, one source of goal status, undo/redo of any write.

    - ``clients.started_on``: the day the coaching began (``client add --on``);
      existing clients began the day they were added.
    - ``step_plans``: a step's earlier plans. The ``steps`` row holds the plan
      in force now; each earlier plan judged the days up to its ``ends_on``
      (after the previous one's). A step never edited has none, so reports
      load nothing more for it.
    - Goal status: ``status_changes`` is the one source. ``goals.status``,
      ``status_on`` and ``drop_reason`` are a cache of its latest row, kept by
      triggers so that every path (a status command, undo, delete, import)
      leaves them true; existing goals are recomputed from their history.
    - The journal names whose record a write touched, can record deletions,
      and remembers what an undo reverted, for ``coach redo``.
    """
    db.executescript(
        f"""
        ALTER TABLE clients ADD COLUMN started_on TEXT;
        UPDATE clients SET started_on = substr(created_at, 1, 10);
        CREATE TABLE step_plans (
            id INTEGER PRIMARY KEY,
            step_id INTEGER NOT NULL REFERENCES steps(id),
            ends_on TEXT NOT NULL,
            schedule TEXT,
            due_date TEXT,
            start_date TEXT NOT NULL,
            until_date TEXT,{_RECORD},
            CHECK ((schedule IS NULL) <> (due_date IS NULL)),
            UNIQUE (step_id, ends_on)
        );
        ALTER TABLE journal ADD COLUMN client TEXT;
        ALTER TABLE journal ADD COLUMN kind TEXT NOT NULL DEFAULT 'write'
            CHECK (kind IN ('write', 'undo'));
        ALTER TABLE journal ADD COLUMN undone INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1));
        ALTER TABLE journal ADD COLUMN reverts INTEGER;
        CREATE TABLE journal_entries_new (
            id INTEGER PRIMARY KEY,
            journal_id INTEGER NOT NULL REFERENCES journal(id) ON DELETE CASCADE,
            tbl TEXT NOT NULL,
            row_id INTEGER NOT NULL,
            op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete', 'meta')),
            before TEXT
        );
        INSERT INTO journal_entries_new SELECT id, journal_id, tbl, row_id, op, before
            FROM journal_entries;
        DROP TABLE journal_entries;
        ALTER TABLE journal_entries_new RENAME TO journal_entries;
        CREATE INDEX journal_entries_journal ON journal_entries (journal_id);
        """
    )
    # A goal whose history is empty (never made by coachcli itself) gets its beginning.
    conn = db.conn
    for gid, status, on, reason, created in conn.execute(
        "SELECT id, status, status_on, drop_reason, created_at FROM goals g"
        " WHERE NOT EXISTS (SELECT 1 FROM status_changes x WHERE x.goal_id = g.id)"
    ).fetchall():
        conn.execute(
            "INSERT INTO status_changes (goal_id, status, on_date, reason, uuid, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (gid, status, on, reason, str(uuid4()), created, created),
        )
    latest = _LATEST_STATUS.format(goal="goals.id")
    conn.execute(f"UPDATE goals SET (status, status_on, drop_reason) = ({latest})")
    triggers = []
    for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
        goal = f"{row}.goal_id"
        triggers.append(
            f"""
            CREATE TRIGGER status_changes_{event.lower()}_goal_status AFTER {event} ON status_changes
            WHEN EXISTS (SELECT 1 FROM status_changes x WHERE x.goal_id = {goal})
            BEGIN
                UPDATE goals SET (status, status_on, drop_reason) = ({_LATEST_STATUS.format(goal=goal)})
                WHERE id = {goal};
            END;
            """
        )
    triggers.append(_sync_triggers("step_plans"))  # earlier plans travel to a hub like steps
    db.executescript("\n".join(triggers))


#: The record tables ``coach sync`` carried up to schema 8: those of migration 0004, and the
#: earlier plans (migration 0007 reads this, as it was then).
SYNCED_8 = (*SYNCED_TABLES, "step_plans")


@_register(name="0007_tombstones_cleared_on_reinsert")
def m0007_tombstones_cleared_on_reinsert(db: Database) -> None:
    """A record inserted again (undo of a delete, redo) is no longer deleted, hub or not.

    Migration 0004 cleared a record's tombstone only once a hub was known, so a
    deletion undone before the first sync left a tombstone that the first sync
    would have sent, deleting a record that exists. Clearing it on every insert
    costs one primary-key lookup; tombstones of records that exist now go too.
    """
    script = []
    for t in SYNCED_8:
        script.append(f"""
        CREATE TRIGGER {t}_untombstone AFTER INSERT ON {t}
        BEGIN DELETE FROM tombstones WHERE uuid = NEW.uuid; END;
        DELETE FROM tombstones WHERE uuid IN (SELECT uuid FROM {t});
        """)
    db.executescript("\n".join(script))


@_register(name="0008_dated_titles_and_recorded_days")
def m0008_dated_titles_and_recorded_days(db: Database) -> None:
    """A step's title is part of its dated plan; every entry knows the day it was recorded.

    - ``step_plans.title``: the title an earlier plan had, so a rename from a
      day on leaves the reports, log lines and calendar events of the days
      before it as they read. Earlier plans kept before now had the step's
      current title (titles were not dated then).
    - ``actions.recorded_on``, ``checkins.recorded_on``: the tool's date when
      the entry was written (``COACH_TODAY`` counts), which can be long after
      the day it is about. "Quiet" and "last seen" are about contact, so they
      read this day: an entry backfilled later never erases a silence.
      Existing entries were recorded the day they were created.
    Triggers fill a missing value on insert (an older export, a hub without
    the column), so every path leaves them set.
    """
    script = [
        """
        ALTER TABLE step_plans ADD COLUMN title TEXT;
        UPDATE step_plans SET title = (SELECT s.title FROM steps s WHERE s.id = step_plans.step_id);
        CREATE TRIGGER step_plans_title_default AFTER INSERT ON step_plans
        WHEN NEW.title IS NULL
        BEGIN UPDATE step_plans SET title = (SELECT s.title FROM steps s WHERE s.id = NEW.step_id)
              WHERE id = NEW.id; END;
        """
    ]
    for t in ("actions", "checkins"):
        script.append(f"""
        ALTER TABLE {t} ADD COLUMN recorded_on TEXT;
        UPDATE {t} SET recorded_on = substr(created_at, 1, 10);
        CREATE TRIGGER {t}_recorded_on_default AFTER INSERT ON {t}
        WHEN NEW.recorded_on IS NULL
        BEGIN UPDATE {t} SET recorded_on = substr(NEW.created_at, 1, 10) WHERE id = NEW.id; END;
        """)
    # Last contact per step or client, read by every report, without visiting each entry.
    script.append("""
        CREATE INDEX actions_step_recorded ON actions (step_id, recorded_on);
        CREATE INDEX checkins_client_recorded ON checkins (client_id, recorded_on);
        """)
    db.executescript("\n".join(script))


@_register(name="0009_one_status_order_everywhere")
def m0009_one_status_order_everywhere(db: Database) -> None:
    """Status changes on one day are ordered by when they were made, then by uuid.

    They were ordered by local id, which differs between machines that sync
    through a hub (each numbers what arrives in its own order): two changes of
    one goal on one day left it done on one machine and paused on another.
    ``created_at`` and ``uuid`` travel with the record, so every machine reads
    the same latest change. The status triggers are made again with that order
    and every goal whose cached status differs is set from its history.
    """
    latest = _LATEST_STATUS_ORDERED
    script = []
    for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
        goal = f"{row}.goal_id"
        script.append(
            f"""
            DROP TRIGGER status_changes_{event.lower()}_goal_status;
            CREATE TRIGGER status_changes_{event.lower()}_goal_status AFTER {event} ON status_changes
            WHEN EXISTS (SELECT 1 FROM status_changes x WHERE x.goal_id = {goal})
            BEGIN
                UPDATE goals SET (status, status_on, drop_reason) = ({latest.format(goal=goal)})
                WHERE id = {goal};
            END;
            """
        )
    script.append(
        f"""
        UPDATE goals SET (status, status_on, drop_reason) = ({latest.format(goal="goals.id")})
        WHERE EXISTS (SELECT 1 FROM status_changes x WHERE x.goal_id = goals.id)
          AND (status, status_on, drop_reason) IS NOT ({latest.format(goal="goals.id")});
        """
    )
    db.executescript("\n".join(script))


@_register(name="0010_amounts")
def m0010_amounts(db: Database) -> None:
    """A done entry can carry an amount: what a measurable step (``at least 20 km/week``) measures.

    NULL for yes/no steps and for every entry made before; 0 is a logged day
    with none ("no drinks today"), which is not the same as nothing logged.
    A measurable step's plan is its ``schedule`` text, so plans need no column.
    """
    db.executescript("""
        ALTER TABLE actions ADD COLUMN amount REAL CHECK (amount IS NULL OR amount >= 0);
        """)


#: The namespace of the uuids given to commitments that were a check-in's list (up to schema 10):
#: derived from the check-in's uuid and place in the list, so that two copies of a database
#: migrated apart (two members of a hub) name the same commitment alike.
LISTED_COMMITMENT_NS = UUID("6b1f6a52-3c1e-4d43-9a57-2f0d61c4c0a1")


def listed_commitment_uuid(checkin_uuid: str, index: int) -> str:
    """The uuid of the ``index``-th commitment of a check-in's old list."""
    return str(uuid5(LISTED_COMMITMENT_NS, f"{checkin_uuid}/{index}"))


@_register(name="0011_sessions_and_commitments")
def m0011_sessions_and_commitments(db: Database) -> None:
    """Sessions as records, commitments as records of their own.

    - ``checkins.next_session_on``: the next session's day, when agreed.
    - ``checkins.change_talk``, ``sustain_talk``: the client's own words for and
      against change, as the coach heard them (JSON lists; never classified).
    - ``commitments``: one row per commitment, under the check-in (or session)
      it was made at, with how sure the client was, a due day or a linked step
      (by uuid: the step may be made in the same write), and how it went
      (kept, partly, not kept) once judged. The lists check-ins held go into
      rows (each with the check-in's ``sure``); the list is not written again.
    """
    db.executescript(
        f"""
        ALTER TABLE checkins ADD COLUMN next_session_on TEXT;
        ALTER TABLE checkins ADD COLUMN change_talk TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE checkins ADD COLUMN sustain_talk TEXT NOT NULL DEFAULT '[]';
        CREATE TABLE commitments (
            id INTEGER PRIMARY KEY,
            checkin_id INTEGER NOT NULL REFERENCES checkins(id),
            text TEXT NOT NULL,
            sure INTEGER CHECK (sure BETWEEN 0 AND 10),
            due_date TEXT,
            step_uuid TEXT,
            outcome TEXT CHECK (outcome IN ('kept', 'partly', 'not_kept')),
            outcome_on TEXT,{_RECORD},
            CHECK ((outcome IS NULL) = (outcome_on IS NULL))
        );
        CREATE INDEX commitments_checkin ON commitments (checkin_id);
        {_sync_triggers("commitments")}
        CREATE TRIGGER commitments_untombstone AFTER INSERT ON commitments
        BEGIN DELETE FROM tombstones WHERE uuid = NEW.uuid; END;
        """
    )
    adopt_listed_commitments(db.conn, None)


def adopt_listed_commitments(conn: sqlite3.Connection, tx: Tx | None) -> int:
    """Turn every check-in's list of commitments (schema 8, an older export or hub member) into rows.

    ``tx`` journals the rows made and the lists emptied, so undo takes them back
    with the write that brought them (an import, a sync); None writes directly
    (the migration). A row whose uuid exists already is not made twice. Returns
    how many rows were made.
    """
    import json

    made = 0
    found = conn.execute(
        "SELECT id, uuid, commitments, sure, created_at, updated_at FROM checkins"
        " WHERE commitments <> '[]' ORDER BY id"
    ).fetchall()
    for cid, cuuid, listed, sure, created, updated in found:
        try:
            texts = [str(t) for t in json.loads(listed) if str(t).strip()]
        except ValueError:
            continue  # coach db check names it
        for i, text in enumerate(texts):
            uuid = listed_commitment_uuid(cuuid, i)
            if conn.execute("SELECT 1 FROM commitments WHERE uuid = ?", (uuid,)).fetchone():
                continue
            row = {"checkin_id": cid, "text": text, "sure": sure, "uuid": uuid,
                   "created_at": created, "updated_at": updated}
            if tx is None:
                conn.execute(
                    f"INSERT INTO commitments ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                    list(row.values()))
            else:
                tx.insert("commitments", row)
            made += 1
        if tx is None:
            conn.execute("UPDATE checkins SET commitments = '[]', updated_at = ? WHERE id = ?",
                         (_now(), cid))
        else:
            tx.update("checkins", cid, {"commitments": "[]"})
    return made


def _now() -> str:
    from coachcli.clock import utc_now

    return utc_now()


#: Every record table ``coach sync`` carries: since schema 11, the commitments too.
SYNCED = (*SYNCED_8, "commitments")


@_register(name="0012_groups")
def m0012_groups(db: Database) -> None:
    """Groups a coach runs, dated membership and consent, and shared challenges.

    A group is the coach's own record, not a client's; who is in it, and what
    each member lets peers see, are the member's records (``client_id``), so
    deleting a client takes every trace of them with it. A member row and a
    consent name their group by uuid, not id: the record keeps one parent (its
    client), as every record does, and the uuid reads the same on any machine.
    A challenge step each member holds is their own step; ``group_steps``
    links it to the challenge it came from. These tables stay on this machine:
    ``coach sync`` does not carry them (see ``LOCAL_ONLY`` in store/schema.py).
    """
    from coachcli.store.migrations_groups import groups_ddl

    db.executescript(groups_ddl(_RECORD))


def _empty(conn: sqlite3.Connection) -> bool:
    """Whether the file has no schema at all (a new database)."""
    return conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is None


#: A goal's status, its date and drop reason, from its latest status change (schema 6 to 8).
_LATEST_STATUS = (
    "SELECT x.status, x.on_date, CASE WHEN x.status = 'dropped' THEN x.reason END"
    " FROM status_changes x WHERE x.goal_id = {goal} ORDER BY x.on_date DESC, x.id DESC LIMIT 1"
)
#: The same from schema 9 on: one day's changes in the order they were made, then by uuid,
#: which every machine reads alike (local ids differ between machines that sync).
_LATEST_STATUS_ORDERED = (
    "SELECT x.status, x.on_date, CASE WHEN x.status = 'dropped' THEN x.reason END"
    " FROM status_changes x WHERE x.goal_id = {goal}"
    " ORDER BY x.on_date DESC, x.created_at DESC, x.uuid DESC LIMIT 1"
)


def migrate(conn: sqlite3.Connection, *, stop_before: str | None = None, replay: bool = False) -> None:
    """Apply pending migrations inside the caller's open transaction.

    An empty database gets the current schema in one script (:mod:`coachcli.store.fresh`),
    unless ``replay`` asks for every step. ``stop_before`` exists for tests that build an
    old-version database (and replays).
    """
    db = ScriptDatabase(conn, execute_plugins=False)
    if stop_before is None and not replay and _empty(conn):
        from coachcli.store.fresh import create

        create(conn, [m.name for m in migrations.pending(db)])
    migrations.apply(db, stop_before=stop_before)
    # The schema version is the number of migrations applied (SCHEMA_VERSION when all are).
    version = len(migrations.applied(db))
    conn.execute(f"PRAGMA user_version = {int(version)}")
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('schema_version', ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (str(version),),
    )


@_register(name="0013_indexes_in_reading_order")
def m0013_indexes_in_reading_order(db: Database) -> None:
    """Ratings and check-ins indexed in the order the report reads them.

    Since schema 9 a day's records are read in the order they were made
    (``created_at``, then ``uuid``); the (goal or client, day) indexes left
    SQLite to sort each goal's ratings and each client's check-ins again and to
    fetch every rating's figures from the table. At 1,000 clients the report's
    ratings query took 0.8 s of CPU and its check-ins query 0.5 s; with these
    indexes 0.27 s and 0.17 s. Each new index begins with the old one's
    columns, so the old ones go.
    """
    db.executescript("""
        CREATE INDEX ratings_goal_order
            ON ratings (goal_id, on_date, created_at, uuid, importance, confidence);
        DROP INDEX ratings_goal_date;
        CREATE INDEX checkins_client_order ON checkins (client_id, on_date, created_at, uuid);
        DROP INDEX checkins_client_date;
        """)


@_register(name="0014_checks_as_comparisons")
def m0014_checks_as_comparisons(db: Database) -> None:
    """``CHECK (x IN (...))`` as comparisons: the same rule, half the cost of a bulk insert."""
    from coachcli.store.migrations_checks import rewrite_in_checks

    rewrite_in_checks(db.conn)


@_register(name="0015_group_sessions")
def m0015_group_sessions(db: Database) -> None:
    """A group's sessions: the day the group met, and the coach's note of it.

    Group prep reads what happened since the last one. A session is the
    group's record (the coach's), like a challenge, so it names its group by
    id; it stays on this machine like the other group records (LOCAL_ONLY).
    """
    db.executescript(f"""
        CREATE TABLE group_sessions (
            id INTEGER PRIMARY KEY,
            group_id INTEGER NOT NULL REFERENCES groups(id),
            on_date TEXT NOT NULL,
            note TEXT,{_RECORD}
        );
        CREATE INDEX group_sessions_group ON group_sessions (group_id, on_date);
        """)
