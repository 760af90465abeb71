"""The local migration 0012 (groups) as literal DDL: kept apart from migrations.py for its length."""

from __future__ import annotations


def groups_ddl(record: str) -> str:
    """The five group tables and their indexes; ``record`` is the uuid and timestamp columns."""
    return f"""
        CREATE TABLE groups (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            note TEXT,
            archived_on TEXT,{record}
        );
        CREATE TABLE group_members (
            id INTEGER PRIMARY KEY,
            client_id INTEGER NOT NULL REFERENCES clients(id),
            group_uuid TEXT NOT NULL,
            joined_on TEXT NOT NULL,
            left_on TEXT,{record},
            CHECK (left_on IS NULL OR left_on >= joined_on)
        );
        CREATE INDEX group_members_group ON group_members (group_uuid, client_id);
        CREATE INDEX group_members_client ON group_members (client_id);
        CREATE TABLE group_consents (
            id INTEGER PRIMARY KEY,
            client_id INTEGER NOT NULL REFERENCES clients(id),
            group_uuid TEXT NOT NULL,
            on_date TEXT NOT NULL,
            level TEXT NOT NULL CHECK (level IN ('none', 'totals', 'named')),
            pseudonym TEXT,{record}
        );
        CREATE INDEX group_consents_group ON group_consents (group_uuid, client_id, on_date);
        CREATE INDEX group_consents_client ON group_consents (client_id);
        CREATE TABLE group_challenges (
            id INTEGER PRIMARY KEY,
            group_id INTEGER NOT NULL REFERENCES groups(id),
            title TEXT NOT NULL,
            schedule TEXT NOT NULL,
            start_date TEXT NOT NULL,
            sensitive INTEGER NOT NULL DEFAULT 0 CHECK (sensitive IN (0, 1)),{record}
        );
        CREATE INDEX group_challenges_group ON group_challenges (group_id);
        CREATE TABLE group_steps (
            id INTEGER PRIMARY KEY,
            step_id INTEGER NOT NULL REFERENCES steps(id),
            challenge_uuid TEXT NOT NULL,{record}
        );
        CREATE INDEX group_steps_step ON group_steps (step_id);
        CREATE INDEX group_steps_challenge ON group_steps (challenge_uuid);
        """
