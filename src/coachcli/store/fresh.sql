-- coachcli schema after migrations: 0001_core_tables 0002_undo_journal 0003_covering_action_index 0004_sync_tracking 0005_commitment_sure 0006_history_and_corrections 0007_tombstones_cleared_on_reinsert 0008_dated_titles_and_recorded_days 0009_one_status_order_everywhere 0010_amounts 0011_sessions_and_commitments 0012_groups 0013_indexes_in_reading_order 0014_checks_as_comparisons 0015_group_sessions
CREATE TABLE "_sqlite_migrations" (
   "id" INTEGER PRIMARY KEY,
   "migration_set" TEXT,
   "name" TEXT,
   "applied_at" TEXT
);
CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
CREATE TABLE clients (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL COLLATE NOCASE UNIQUE,
            note TEXT,
            archived_on TEXT,
    uuid TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
        , started_on TEXT);
CREATE TABLE goals (
            id INTEGER PRIMARY KEY,
            client_id INTEGER NOT NULL REFERENCES clients(id),
            title TEXT NOT NULL,
            why TEXT,
            target_date TEXT,
            should INTEGER NOT NULL DEFAULT 0 CHECK (should = 0 OR should = 1),
            status TEXT NOT NULL DEFAULT 'active'
                CHECK (status = 'active' OR status = 'paused' OR status = 'achieved' OR status = 'dropped'),
            status_on TEXT NOT NULL,
            drop_reason TEXT,
    uuid TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
        );
CREATE TABLE status_changes (
            id INTEGER PRIMARY KEY,
            goal_id INTEGER NOT NULL REFERENCES goals(id),
            status TEXT NOT NULL
                CHECK (status = 'active' OR status = 'paused' OR status = 'achieved' OR status = 'dropped'),
            on_date TEXT NOT NULL,
            reason TEXT,
    uuid TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
        );
CREATE TABLE ratings (
            id INTEGER PRIMARY KEY,
            goal_id INTEGER NOT NULL REFERENCES goals(id),
            on_date TEXT NOT NULL,
            importance INTEGER CHECK (importance BETWEEN 0 AND 10),
            confidence INTEGER CHECK (confidence BETWEEN 0 AND 10),
            note TEXT,
    uuid TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
            CHECK (importance IS NOT NULL OR confidence IS NOT NULL)
        );
CREATE TABLE steps (
            id INTEGER PRIMARY KEY,
            goal_id INTEGER NOT NULL REFERENCES goals(id),
            title TEXT NOT NULL,
            schedule TEXT,
            due_date TEXT,
            start_date TEXT NOT NULL,
            until_date TEXT,
            status TEXT NOT NULL DEFAULT 'active' CHECK (status = 'active' OR status = 'dropped'),
            dropped_on TEXT,
    uuid TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
            CHECK ((schedule IS NULL) <> (due_date IS NULL))
        );
CREATE TABLE actions (
            id INTEGER PRIMARY KEY,
            step_id INTEGER NOT NULL REFERENCES steps(id),
            kind TEXT NOT NULL CHECK (kind = 'done' OR kind = 'missed' OR kind = 'skipped'),
            on_date TEXT NOT NULL,
            count INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1),
            note TEXT,
    uuid TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
        , recorded_on TEXT, amount REAL CHECK (amount IS NULL OR amount >= 0));
CREATE TABLE checkins (
            id INTEGER PRIMARY KEY,
            client_id INTEGER NOT NULL REFERENCES clients(id),
            on_date TEXT NOT NULL,
            mood INTEGER CHECK (mood BETWEEN 1 AND 5),
            wins TEXT NOT NULL DEFAULT '[]',
            obstacles TEXT NOT NULL DEFAULT '[]',
            commitments TEXT NOT NULL DEFAULT '[]',
            note TEXT,
            session INTEGER NOT NULL DEFAULT 0 CHECK (session = 0 OR session = 1),
    uuid TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
        , sure INTEGER CHECK (sure BETWEEN 0 AND 10), recorded_on TEXT, next_session_on TEXT, change_talk TEXT NOT NULL DEFAULT '[]', sustain_talk TEXT NOT NULL DEFAULT '[]');
CREATE TABLE journal (
            id INTEGER PRIMARY KEY,
            created_at TEXT NOT NULL,
            description TEXT NOT NULL
        , client TEXT, kind TEXT NOT NULL DEFAULT 'write'
            CHECK (kind = 'write' OR kind = 'undo'), undone INTEGER NOT NULL DEFAULT 0 CHECK (undone = 0 OR undone = 1), reverts INTEGER);
CREATE TABLE tombstones (
            uuid TEXT PRIMARY KEY,
            tbl TEXT NOT NULL,
            deleted_at TEXT NOT NULL,
            change INTEGER NOT NULL
        );
CREATE TABLE changes (
            uuid TEXT PRIMARY KEY,
            tbl TEXT NOT NULL,
            change INTEGER NOT NULL
        );
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
            kept TEXT NOT NULL CHECK (kept = 'local' OR kept = 'hub'),
            kept_version TEXT,
            lost_version TEXT
        );
CREATE TABLE step_plans (
            id INTEGER PRIMARY KEY,
            step_id INTEGER NOT NULL REFERENCES steps(id),
            ends_on TEXT NOT NULL,
            schedule TEXT,
            due_date TEXT,
            start_date TEXT NOT NULL,
            until_date TEXT,
    uuid TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL, title TEXT,
            CHECK ((schedule IS NULL) <> (due_date IS NULL)),
            UNIQUE (step_id, ends_on)
        );
CREATE TABLE "journal_entries" (
            id INTEGER PRIMARY KEY,
            journal_id INTEGER NOT NULL REFERENCES journal(id) ON DELETE CASCADE,
            tbl TEXT NOT NULL,
            row_id INTEGER NOT NULL,
            op TEXT NOT NULL CHECK (op = 'insert' OR op = 'update' OR op = 'delete' OR op = 'meta'),
            before TEXT
        );
CREATE TABLE commitments (
            id INTEGER PRIMARY KEY,
            checkin_id INTEGER NOT NULL REFERENCES checkins(id),
            text TEXT NOT NULL,
            sure INTEGER CHECK (sure BETWEEN 0 AND 10),
            due_date TEXT,
            step_uuid TEXT,
            outcome TEXT CHECK (outcome = 'kept' OR outcome = 'partly' OR outcome = 'not_kept'),
            outcome_on TEXT,
    uuid TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
            CHECK ((outcome IS NULL) = (outcome_on IS NULL))
        );
CREATE TABLE groups (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            note TEXT,
            archived_on TEXT,
    uuid TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
        );
CREATE TABLE group_members (
            id INTEGER PRIMARY KEY,
            client_id INTEGER NOT NULL REFERENCES clients(id),
            group_uuid TEXT NOT NULL,
            joined_on TEXT NOT NULL,
            left_on TEXT,
    uuid TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
            CHECK (left_on IS NULL OR left_on >= joined_on)
        );
CREATE TABLE group_consents (
            id INTEGER PRIMARY KEY,
            client_id INTEGER NOT NULL REFERENCES clients(id),
            group_uuid TEXT NOT NULL,
            on_date TEXT NOT NULL,
            level TEXT NOT NULL CHECK (level = 'none' OR level = 'totals' OR level = 'named'),
            pseudonym TEXT,
    uuid TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
        );
CREATE TABLE group_challenges (
            id INTEGER PRIMARY KEY,
            group_id INTEGER NOT NULL REFERENCES groups(id),
            title TEXT NOT NULL,
            schedule TEXT NOT NULL,
            start_date TEXT NOT NULL,
            sensitive INTEGER NOT NULL DEFAULT 0 CHECK (sensitive = 0 OR sensitive = 1),
    uuid TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
        );
CREATE TABLE group_steps (
            id INTEGER PRIMARY KEY,
            step_id INTEGER NOT NULL REFERENCES steps(id),
            challenge_uuid TEXT NOT NULL,
    uuid TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
        );
CREATE TABLE group_sessions (
            id INTEGER PRIMARY KEY,
            group_id INTEGER NOT NULL REFERENCES groups(id),
            on_date TEXT NOT NULL,
            note TEXT,
    uuid TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
        );
CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"
    ON "_sqlite_migrations" ("migration_set", "name");
CREATE INDEX goals_client_status ON goals (client_id, status);
CREATE INDEX status_changes_goal_date ON status_changes (goal_id, on_date);
CREATE INDEX steps_goal ON steps (goal_id);
CREATE INDEX actions_step_day ON actions (step_id, on_date, kind, count);
CREATE INDEX tombstones_change ON tombstones (change);
CREATE INDEX changes_change ON changes (change);
CREATE INDEX journal_entries_journal ON journal_entries (journal_id);
CREATE INDEX actions_step_recorded ON actions (step_id, recorded_on);
CREATE INDEX checkins_client_recorded ON checkins (client_id, recorded_on);
CREATE INDEX commitments_checkin ON commitments (checkin_id);
CREATE INDEX group_members_group ON group_members (group_uuid, client_id);
CREATE INDEX group_members_client ON group_members (client_id);
CREATE INDEX group_consents_group ON group_consents (group_uuid, client_id, on_date);
CREATE INDEX group_consents_client ON group_consents (client_id);
CREATE INDEX group_challenges_group ON group_challenges (group_id);
CREATE INDEX group_steps_step ON group_steps (step_id);
CREATE INDEX group_steps_challenge ON group_steps (challenge_uuid);
CREATE INDEX ratings_goal_order
            ON ratings (goal_id, on_date, created_at, uuid, importance, confidence);
CREATE INDEX checkins_client_order ON checkins (client_id, on_date, created_at, uuid);
CREATE INDEX group_sessions_group ON group_sessions (group_id, on_date);
CREATE TRIGGER clients_sync_insert AFTER INSERT ON clients
        WHEN EXISTS (SELECT 1 FROM sync_peers)
        BEGIN INSERT OR REPLACE INTO changes (uuid, tbl, change) VALUES (NEW.uuid, 'clients', (SELECT 1 + max(coalesce((SELECT max(change) FROM changes), 0), coalesce((SELECT max(change) FROM tombstones), 0), coalesce((SELECT max(sent_change) FROM sync_peers), 0)))); DELETE FROM tombstones WHERE uuid = NEW.uuid; END;
CREATE TRIGGER clients_sync_update AFTER UPDATE ON clients
        WHEN EXISTS (SELECT 1 FROM sync_peers)
        BEGIN INSERT OR REPLACE INTO changes (uuid, tbl, change) VALUES (NEW.uuid, 'clients', (SELECT 1 + max(coalesce((SELECT max(change) FROM changes), 0), coalesce((SELECT max(change) FROM tombstones), 0), coalesce((SELECT max(sent_change) FROM sync_peers), 0)))); END;
CREATE TRIGGER clients_tombstone AFTER DELETE ON clients
        BEGIN
            INSERT OR REPLACE INTO tombstones (uuid, tbl, deleted_at, change)
            VALUES (OLD.uuid, 'clients', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), (SELECT 1 + max(coalesce((SELECT max(change) FROM changes), 0), coalesce((SELECT max(change) FROM tombstones), 0), coalesce((SELECT max(sent_change) FROM sync_peers), 0))));
            DELETE FROM changes WHERE uuid = OLD.uuid;
        END;
CREATE TRIGGER goals_sync_insert AFTER INSERT ON goals
        WHEN EXISTS (SELECT 1 FROM sync_peers)
        BEGIN INSERT OR REPLACE INTO changes (uuid, tbl, change) VALUES (NEW.uuid, 'goals', (SELECT 1 + max(coalesce((SELECT max(change) FROM changes), 0), coalesce((SELECT max(change) FROM tombstones), 0), coalesce((SELECT max(sent_change) FROM sync_peers), 0)))); DELETE FROM tombstones WHERE uuid = NEW.uuid; END;
CREATE TRIGGER goals_sync_update AFTER UPDATE ON goals
        WHEN EXISTS (SELECT 1 FROM sync_peers)
        BEGIN INSERT OR REPLACE INTO changes (uuid, tbl, change) VALUES (NEW.uuid, 'goals', (SELECT 1 + max(coalesce((SELECT max(change) FROM changes), 0), coalesce((SELECT max(change) FROM tombstones), 0), coalesce((SELECT max(sent_change) FROM sync_peers), 0)))); END;
CREATE TRIGGER goals_tombstone AFTER DELETE ON goals
        BEGIN
            INSERT OR REPLACE INTO tombstones (uuid, tbl, deleted_at, change)
            VALUES (OLD.uuid, 'goals', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), (SELECT 1 + max(coalesce((SELECT max(change) FROM changes), 0), coalesce((SELECT max(change) FROM tombstones), 0), coalesce((SELECT max(sent_change) FROM sync_peers), 0))));
            DELETE FROM changes WHERE uuid = OLD.uuid;
        END;
CREATE TRIGGER status_changes_sync_insert AFTER INSERT ON status_changes
        WHEN EXISTS (SELECT 1 FROM sync_peers)
        BEGIN INSERT OR REPLACE INTO changes (uuid, tbl, change) VALUES (NEW.uuid, 'status_changes', (SELECT 1 + max(coalesce((SELECT max(change) FROM changes), 0), coalesce((SELECT max(change) FROM tombstones), 0), coalesce((SELECT max(sent_change) FROM sync_peers), 0)))); DELETE FROM tombstones WHERE uuid = NEW.uuid; END;
CREATE TRIGGER status_changes_sync_update AFTER UPDATE ON status_changes
        WHEN EXISTS (SELECT 1 FROM sync_peers)
        BEGIN INSERT OR REPLACE INTO changes (uuid, tbl, change) VALUES (NEW.uuid, 'status_changes', (SELECT 1 + max(coalesce((SELECT max(change) FROM changes), 0), coalesce((SELECT max(change) FROM tombstones), 0), coalesce((SELECT max(sent_change) FROM sync_peers), 0)))); END;
CREATE TRIGGER status_changes_tombstone AFTER DELETE ON status_changes
        BEGIN
            INSERT OR REPLACE INTO tombstones (uuid, tbl, deleted_at, change)
            VALUES (OLD.uuid, 'status_changes', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), (SELECT 1 + max(coalesce((SELECT max(change) FROM changes), 0), coalesce((SELECT max(change) FROM tombstones), 0), coalesce((SELECT max(sent_change) FROM sync_peers), 0))));
            DELETE FROM changes WHERE uuid = OLD.uuid;
        END;
CREATE TRIGGER ratings_sync_insert AFTER INSERT ON ratings
        WHEN EXISTS (SELECT 1 FROM sync_peers)
        BEGIN INSERT OR REPLACE INTO changes (uuid, tbl, change) VALUES (NEW.uuid, 'ratings', (SELECT 1 + max(coalesce((SELECT max(change) FROM changes), 0), coalesce((SELECT max(change) FROM tombstones), 0), coalesce((SELECT max(sent_change) FROM sync_peers), 0)))); DELETE FROM tombstones WHERE uuid = NEW.uuid; END;
CREATE TRIGGER ratings_sync_update AFTER UPDATE ON ratings
        WHEN EXISTS (SELECT 1 FROM sync_peers)
        BEGIN INSERT OR REPLACE INTO changes (uuid, tbl, change) VALUES (NEW.uuid, 'ratings', (SELECT 1 + max(coalesce((SELECT max(change) FROM changes), 0), coalesce((SELECT max(change) FROM tombstones), 0), coalesce((SELECT max(sent_change) FROM sync_peers), 0)))); END;
CREATE TRIGGER ratings_tombstone AFTER DELETE ON ratings
        BEGIN
            INSERT OR REPLACE INTO tombstones (uuid, tbl, deleted_at, change)
            VALUES (OLD.uuid, 'ratings', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), (SELECT 1 + max(coalesce((SELECT max(change) FROM changes), 0), coalesce((SELECT max(change) FROM tombstones), 0), coalesce((SELECT max(sent_change) FROM sync_peers), 0))));
            DELETE FROM changes WHERE uuid = OLD.uuid;
        END;
CREATE TRIGGER steps_sync_insert AFTER INSERT ON steps
        WHEN EXISTS (SELECT 1 FROM sync_peers)
        BEGIN INSERT OR REPLACE INTO changes (uuid, tbl, change) VALUES (NEW.uuid, 'steps', (SELECT 1 + max(coalesce((SELECT max(change) FROM changes), 0), coalesce((SELECT max(change) FROM tombstones), 0), coalesce((SELECT max(sent_change) FROM sync_peers), 0)))); DELETE FROM tombstones WHERE uuid = NEW.uuid; END;
CREATE TRIGGER steps_sync_update AFTER UPDATE ON steps
        WHEN EXISTS (SELECT 1 FROM sync_peers)
        BEGIN INSERT OR REPLACE INTO changes (uuid, tbl, change) VALUES (NEW.uuid, 'steps', (SELECT 1 + max(coalesce((SELECT max(change) FROM changes), 0), coalesce((SELECT max(change) FROM tombstones), 0), coalesce((SELECT max(sent_change) FROM sync_peers), 0)))); END;
CREATE TRIGGER steps_tombstone AFTER DELETE ON steps
        BEGIN
            INSERT OR REPLACE INTO tombstones (uuid, tbl, deleted_at, change)
            VALUES (OLD.uuid, 'steps', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), (SELECT 1 + max(coalesce((SELECT max(change) FROM changes), 0), coalesce((SELECT max(change) FROM tombstones), 0), coalesce((SELECT max(sent_change) FROM sync_peers), 0))));
            DELETE FROM changes WHERE uuid = OLD.uuid;
        END;
CREATE TRIGGER actions_sync_insert AFTER INSERT ON actions
        WHEN EXISTS (SELECT 1 FROM sync_peers)
        BEGIN INSERT OR REPLACE INTO changes (uuid, tbl, change) VALUES (NEW.uuid, 'actions', (SELECT 1 + max(coalesce((SELECT max(change) FROM changes), 0), coalesce((SELECT max(change) FROM tombstones), 0), coalesce((SELECT max(sent_change) FROM sync_peers), 0)))); DELETE FROM tombstones WHERE uuid = NEW.uuid; END;
CREATE TRIGGER actions_sync_update AFTER UPDATE ON actions
        WHEN EXISTS (SELECT 1 FROM sync_peers)
        BEGIN INSERT OR REPLACE INTO changes (uuid, tbl, change) VALUES (NEW.uuid, 'actions', (SELECT 1 + max(coalesce((SELECT max(change) FROM changes), 0), coalesce((SELECT max(change) FROM tombstones), 0), coalesce((SELECT max(sent_change) FROM sync_peers), 0)))); END;
CREATE TRIGGER actions_tombstone AFTER DELETE ON actions
        BEGIN
            INSERT OR REPLACE INTO tombstones (uuid, tbl, deleted_at, change)
            VALUES (OLD.uuid, 'actions', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), (SELECT 1 + max(coalesce((SELECT max(change) FROM changes), 0), coalesce((SELECT max(change) FROM tombstones), 0), coalesce((SELECT max(sent_change) FROM sync_peers), 0))));
            DELETE FROM changes WHERE uuid = OLD.uuid;
        END;
CREATE TRIGGER checkins_sync_insert AFTER INSERT ON checkins
        WHEN EXISTS (SELECT 1 FROM sync_peers)
        BEGIN INSERT OR REPLACE INTO changes (uuid, tbl, change) VALUES (NEW.uuid, 'checkins', (SELECT 1 + max(coalesce((SELECT max(change) FROM changes), 0), coalesce((SELECT max(change) FROM tombstones), 0), coalesce((SELECT max(sent_change) FROM sync_peers), 0)))); DELETE FROM tombstones WHERE uuid = NEW.uuid; END;
CREATE TRIGGER checkins_sync_update AFTER UPDATE ON checkins
        WHEN EXISTS (SELECT 1 FROM sync_peers)
        BEGIN INSERT OR REPLACE INTO changes (uuid, tbl, change) VALUES (NEW.uuid, 'checkins', (SELECT 1 + max(coalesce((SELECT max(change) FROM changes), 0), coalesce((SELECT max(change) FROM tombstones), 0), coalesce((SELECT max(sent_change) FROM sync_peers), 0)))); END;
CREATE TRIGGER checkins_tombstone AFTER DELETE ON checkins
        BEGIN
            INSERT OR REPLACE INTO tombstones (uuid, tbl, deleted_at, change)
            VALUES (OLD.uuid, 'checkins', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), (SELECT 1 + max(coalesce((SELECT max(change) FROM changes), 0), coalesce((SELECT max(change) FROM tombstones), 0), coalesce((SELECT max(sent_change) FROM sync_peers), 0))));
            DELETE FROM changes WHERE uuid = OLD.uuid;
        END;
CREATE TRIGGER step_plans_sync_insert AFTER INSERT ON step_plans
        WHEN EXISTS (SELECT 1 FROM sync_peers)
        BEGIN INSERT OR REPLACE INTO changes (uuid, tbl, change) VALUES (NEW.uuid, 'step_plans', (SELECT 1 + max(coalesce((SELECT max(change) FROM changes), 0), coalesce((SELECT max(change) FROM tombstones), 0), coalesce((SELECT max(sent_change) FROM sync_peers), 0)))); DELETE FROM tombstones WHERE uuid = NEW.uuid; END;
CREATE TRIGGER step_plans_sync_update AFTER UPDATE ON step_plans
        WHEN EXISTS (SELECT 1 FROM sync_peers)
        BEGIN INSERT OR REPLACE INTO changes (uuid, tbl, change) VALUES (NEW.uuid, 'step_plans', (SELECT 1 + max(coalesce((SELECT max(change) FROM changes), 0), coalesce((SELECT max(change) FROM tombstones), 0), coalesce((SELECT max(sent_change) FROM sync_peers), 0)))); END;
CREATE TRIGGER step_plans_tombstone AFTER DELETE ON step_plans
        BEGIN
            INSERT OR REPLACE INTO tombstones (uuid, tbl, deleted_at, change)
            VALUES (OLD.uuid, 'step_plans', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), (SELECT 1 + max(coalesce((SELECT max(change) FROM changes), 0), coalesce((SELECT max(change) FROM tombstones), 0), coalesce((SELECT max(sent_change) FROM sync_peers), 0))));
            DELETE FROM changes WHERE uuid = OLD.uuid;
        END;
CREATE TRIGGER clients_untombstone AFTER INSERT ON clients
        BEGIN DELETE FROM tombstones WHERE uuid = NEW.uuid; END;
CREATE TRIGGER goals_untombstone AFTER INSERT ON goals
        BEGIN DELETE FROM tombstones WHERE uuid = NEW.uuid; END;
CREATE TRIGGER status_changes_untombstone AFTER INSERT ON status_changes
        BEGIN DELETE FROM tombstones WHERE uuid = NEW.uuid; END;
CREATE TRIGGER ratings_untombstone AFTER INSERT ON ratings
        BEGIN DELETE FROM tombstones WHERE uuid = NEW.uuid; END;
CREATE TRIGGER steps_untombstone AFTER INSERT ON steps
        BEGIN DELETE FROM tombstones WHERE uuid = NEW.uuid; END;
CREATE TRIGGER actions_untombstone AFTER INSERT ON actions
        BEGIN DELETE FROM tombstones WHERE uuid = NEW.uuid; END;
CREATE TRIGGER checkins_untombstone AFTER INSERT ON checkins
        BEGIN DELETE FROM tombstones WHERE uuid = NEW.uuid; END;
CREATE TRIGGER step_plans_untombstone AFTER INSERT ON step_plans
        BEGIN DELETE FROM tombstones WHERE uuid = NEW.uuid; END;
CREATE TRIGGER step_plans_title_default AFTER INSERT ON step_plans
        WHEN NEW.title IS NULL
        BEGIN UPDATE step_plans SET title = (SELECT s.title FROM steps s WHERE s.id = NEW.step_id)
              WHERE id = NEW.id; END;
CREATE TRIGGER actions_recorded_on_default AFTER INSERT ON actions
        WHEN NEW.recorded_on IS NULL
        BEGIN UPDATE actions SET recorded_on = substr(NEW.created_at, 1, 10) WHERE id = NEW.id; END;
CREATE TRIGGER checkins_recorded_on_default AFTER INSERT ON checkins
        WHEN NEW.recorded_on IS NULL
        BEGIN UPDATE checkins SET recorded_on = substr(NEW.created_at, 1, 10) WHERE id = NEW.id; END;
CREATE TRIGGER status_changes_insert_goal_status AFTER INSERT ON status_changes
            WHEN EXISTS (SELECT 1 FROM status_changes x WHERE x.goal_id = NEW.goal_id)
            BEGIN
                UPDATE goals SET (status, status_on, drop_reason) = (SELECT x.status, x.on_date, CASE WHEN x.status = 'dropped' THEN x.reason END FROM status_changes x WHERE x.goal_id = NEW.goal_id ORDER BY x.on_date DESC, x.created_at DESC, x.uuid DESC LIMIT 1)
                WHERE id = NEW.goal_id;
            END;
CREATE TRIGGER status_changes_update_goal_status AFTER UPDATE ON status_changes
            WHEN EXISTS (SELECT 1 FROM status_changes x WHERE x.goal_id = NEW.goal_id)
            BEGIN
                UPDATE goals SET (status, status_on, drop_reason) = (SELECT x.status, x.on_date, CASE WHEN x.status = 'dropped' THEN x.reason END FROM status_changes x WHERE x.goal_id = NEW.goal_id ORDER BY x.on_date DESC, x.created_at DESC, x.uuid DESC LIMIT 1)
                WHERE id = NEW.goal_id;
            END;
CREATE TRIGGER status_changes_delete_goal_status AFTER DELETE ON status_changes
            WHEN EXISTS (SELECT 1 FROM status_changes x WHERE x.goal_id = OLD.goal_id)
            BEGIN
                UPDATE goals SET (status, status_on, drop_reason) = (SELECT x.status, x.on_date, CASE WHEN x.status = 'dropped' THEN x.reason END FROM status_changes x WHERE x.goal_id = OLD.goal_id ORDER BY x.on_date DESC, x.created_at DESC, x.uuid DESC LIMIT 1)
                WHERE id = OLD.goal_id;
            END;
CREATE TRIGGER commitments_sync_insert AFTER INSERT ON commitments
        WHEN EXISTS (SELECT 1 FROM sync_peers)
        BEGIN INSERT OR REPLACE INTO changes (uuid, tbl, change) VALUES (NEW.uuid, 'commitments', (SELECT 1 + max(coalesce((SELECT max(change) FROM changes), 0), coalesce((SELECT max(change) FROM tombstones), 0), coalesce((SELECT max(sent_change) FROM sync_peers), 0)))); DELETE FROM tombstones WHERE uuid = NEW.uuid; END;
CREATE TRIGGER commitments_sync_update AFTER UPDATE ON commitments
        WHEN EXISTS (SELECT 1 FROM sync_peers)
        BEGIN INSERT OR REPLACE INTO changes (uuid, tbl, change) VALUES (NEW.uuid, 'commitments', (SELECT 1 + max(coalesce((SELECT max(change) FROM changes), 0), coalesce((SELECT max(change) FROM tombstones), 0), coalesce((SELECT max(sent_change) FROM sync_peers), 0)))); END;
CREATE TRIGGER commitments_tombstone AFTER DELETE ON commitments
        BEGIN
            INSERT OR REPLACE INTO tombstones (uuid, tbl, deleted_at, change)
            VALUES (OLD.uuid, 'commitments', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), (SELECT 1 + max(coalesce((SELECT max(change) FROM changes), 0), coalesce((SELECT max(change) FROM tombstones), 0), coalesce((SELECT max(sent_change) FROM sync_peers), 0))));
            DELETE FROM changes WHERE uuid = OLD.uuid;
        END;
CREATE TRIGGER commitments_untombstone AFTER INSERT ON commitments
        BEGIN DELETE FROM tombstones WHERE uuid = NEW.uuid; END;
