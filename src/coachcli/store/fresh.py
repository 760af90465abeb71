"""A new database's schema in one script: what every migration leaves, without replaying each.

Replaying the migrations on an empty file rebuilds tables and rewrites schema text
several times over, and SQLite re-reads the whole schema after each such step: a new
file cost about 56 ms of CPU, four times what creating the final schema directly
costs. ``fresh.sql`` is that final schema, generated from the migrations
(``python -m coachcli.store.fresh``, run by ``make regen``); its first line names the
migrations it holds. Those are recorded as applied and any later one runs as usual,
so a stale script costs time, never a missing step. The migrations stay the history
every older file is brought forward by; ``tests/test_fresh.py`` holds a file made from
the script equal to one made by every migration in turn.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from coachcli.store.script import statements

#: The generated script, shipped beside this module.
SCRIPT = Path(__file__).with_name("fresh.sql")

_HEADER = "-- coachcli schema after migrations: "


def included(script: str) -> list[str]:
    """The migration names a script's first line says it holds."""
    first = script.split("\n", 1)[0]
    if not first.startswith(_HEADER):
        return []
    return first[len(_HEADER):].split()


def create(conn: sqlite3.Connection, registered: list[str]) -> list[str]:
    """Create the schema of ``fresh.sql`` in an empty database, inside the caller's transaction.

    Returns the migrations it recorded as applied: the script's, when they are the first
    of ``registered`` (in order); otherwise none and nothing is written, and the caller
    replays the migrations.
    """
    try:
        script = SCRIPT.read_text(encoding="utf-8")
    except OSError:
        return []
    names = included(script)
    if not names or names != registered[:len(names)]:
        return []
    for statement in statements(script):
        conn.execute(statement)
    now = str(datetime.now(UTC))
    conn.executemany(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('coachcli', ?, ?)",
        [(name, now) for name in names],
    )
    return names


def dump(conn: sqlite3.Connection, names: list[str]) -> str:
    """The script that creates ``conn``'s schema: tables in the order made, then the rest."""
    rows = conn.execute(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
        " ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'view' THEN 2 ELSE 3 END,"
        " rowid"
    ).fetchall()
    body = "".join(f"{sql};\n" for (sql,) in rows)
    return f"{_HEADER}{' '.join(names)}\n{body}"


def generate() -> str:
    """``fresh.sql`` as the migrations make it today, replayed in memory."""
    from coachcli.store.migrations import migrate

    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("BEGIN")
    migrate(conn, replay=True)
    conn.execute("COMMIT")
    names = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
    return dump(conn, names)


if __name__ == "__main__":  # `make regen`; tests/test_fresh.py says when it is stale
    SCRIPT.write_text(generate(), encoding="utf-8")
