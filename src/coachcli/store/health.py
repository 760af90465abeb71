"""``coach db check``: SQLite's integrity and foreign-key checks, in words."""

from __future__ import annotations

from dataclasses import dataclass, field

from coachcli.store.db import SCHEMA_VERSION, Database


@dataclass(slots=True)
class Health:
    ok: bool = True
    lines: list[str] = field(default_factory=list)


def check_health(db: Database) -> Health:
    health = Health()
    problems = [r[0] for r in db.conn.execute("PRAGMA integrity_check")]
    if problems == ["ok"]:
        health.lines.append("integrity: ok")
    else:
        health.ok = False
        health.lines.append(f"integrity: {len(problems)} problem(s)")
        health.lines += [f"  {p}" for p in problems[:20]]
    orphans = db.conn.execute("PRAGMA foreign_key_check").fetchall()
    if orphans:
        health.ok = False
        health.lines.append(f"foreign keys: {len(orphans)} row(s) point at missing records")
    else:
        health.lines.append("foreign keys: ok")
    version = db.schema_version()
    health.lines.append(f"schema version: {version} (current: {SCHEMA_VERSION})")
    counts = ", ".join(
        f"{db.conn.execute(f'SELECT count(*) FROM {t}').fetchone()[0]} {t}"
        for t in ("clients", "goals", "steps", "actions", "checkins")
    )
    health.lines.append(f"records: {counts}")
    health.lines.append(f"file: {db.path}")
    health.lines.append("verdict: healthy" if health.ok else "verdict: PROBLEMS FOUND")
    return health
