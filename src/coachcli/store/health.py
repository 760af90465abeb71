"""``coach db check``: SQLite's integrity and foreign-key checks, in words."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from coachcli.store.db import SCHEMA_VERSION, Database


@dataclass(slots=True)
class Health:
    ok: bool = True
    lines: list[str] = field(default_factory=list)


def check_health(db: Database) -> Health:
    health = Health()
    try:
        problems = [r[0] for r in db.conn.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as exc:  # damage so bad the check itself stops
        problems = [str(exc)]
    if problems == ["ok"]:
        health.lines.append("integrity: ok")
    else:
        health.ok = False
        health.lines.append(f"integrity: {len(problems)} problem(s)")
        health.lines += [f"  {p}" for p in problems[:20]]
    try:
        orphans = db.conn.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as exc:
        health.ok = False
        health.lines.append(f"foreign keys: could not be checked ({exc})")
        orphans = []
    if orphans:
        health.ok = False
        health.lines.append(f"foreign keys: {len(orphans)} row(s) point at missing records")
    elif health.lines[-1].startswith("foreign keys") is False:
        health.lines.append("foreign keys: ok")
    _check_commitment_links(db, health)
    _check_group_links(db, health)
    version = db.schema_version()
    health.lines.append(f"schema version: {version} (current: {SCHEMA_VERSION})")
    try:
        counts = ", ".join(
            f"{db.conn.execute(f'SELECT count(*) FROM {t}').fetchone()[0]} {t}"
            for t in ("clients", "goals", "steps", "actions", "checkins", "commitments")
        )
    except sqlite3.DatabaseError as exc:
        health.ok = False
        counts = f"could not be counted ({exc})"
    health.lines.append(f"records: {counts}")
    health.lines.append(f"file: {db.path}")
    health.lines.append("verdict: healthy" if health.ok else "verdict: PROBLEMS FOUND")
    return health


#: Commitments linked to a step that is not one of the same client's (by uuid: a link
#: travels between databases as the step's uuid, so SQLite's foreign keys cannot hold it).
_STRAY_LINKS = """
    SELECT count(*) FROM commitments m JOIN checkins k ON k.id = m.checkin_id
    WHERE m.step_uuid IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM steps s JOIN goals g ON g.id = s.goal_id
        WHERE s.uuid = m.step_uuid AND g.client_id = k.client_id)
"""


def _check_commitment_links(db: Database, health: Health) -> None:
    try:
        stray = db.conn.execute(_STRAY_LINKS).fetchone()[0]
    except sqlite3.DatabaseError:  # an older schema, or damage the checks above name
        return
    if stray:
        health.ok = False
        health.lines.append(f"commitment links: {stray} point at a step that is not the client's")
    else:
        health.lines.append("commitment links: ok")


#: Links by uuid that no foreign key guards: each names a record that must exist.
_GROUP_LINKS = (
    ("group memberships", "SELECT count(*) FROM group_members m"
     " WHERE NOT EXISTS (SELECT 1 FROM groups g WHERE g.uuid = m.group_uuid)"),
    ("group consents", "SELECT count(*) FROM group_consents c"
     " WHERE NOT EXISTS (SELECT 1 FROM groups g WHERE g.uuid = c.group_uuid)"),
    ("challenge steps", "SELECT count(*) FROM group_steps s"
     " WHERE NOT EXISTS (SELECT 1 FROM group_challenges c WHERE c.uuid = s.challenge_uuid)"),
)


def dangling_group_links(db: Database) -> list[str]:
    """How many memberships, consents or challenge steps name a group or challenge not here, in words."""
    found = [(what, db.conn.execute(sql).fetchone()[0]) for what, sql in _GROUP_LINKS]
    return [f"{n} {what}" for what, n in found if n]


def _check_group_links(db: Database, health: Health) -> None:
    """Memberships and consents name their group, challenge steps their challenge, by uuid."""
    if db.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'group_steps'").fetchone() is None:
        return  # a file from before groups
    try:
        bad = dangling_group_links(db)
    except sqlite3.DatabaseError as exc:
        health.ok = False
        health.lines.append(f"group links: could not be checked ({exc})")
        return
    if bad:
        health.ok = False
        health.lines.append(f"group links: {', '.join(bad)} name a group or challenge that is not here")
    else:
        health.lines.append("group links: ok")
