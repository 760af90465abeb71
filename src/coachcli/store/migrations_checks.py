"""Schema 14: each ``CHECK (x IN (a, b))`` rewritten as ``CHECK (x = a OR x = b)``.

SQLite (3.40 measured) builds a small table for an ``IN`` list every time a
row is checked, so the constraint cost as much as the rest of an insert:
200,000 actions took 2.2 s of CPU with ``kind IN ('done', 'missed',
'skipped')``, 1.1 s with the same test written as comparisons. Every bulk
write pays it (a demo caseload, an import, a first sync, the undo journal's
entries). The constraint says the same thing either way, for NULL too, so the
stored rows stay as they are and only the tables' definitions change, the way
SQLite's documentation describes for a change that leaves the file's content
valid: ``writable_schema``, the new text, the schema version raised.
"""

from __future__ import annotations

import re
import sqlite3

#: ``CHECK (column IN (literal, ...))`` as the earlier migrations wrote it.
IN_CHECK = re.compile(r"CHECK \((\w+) IN \(([^()]*)\)\)")


def as_comparisons(sql: str) -> str:
    """``sql`` with every ``CHECK (x IN (...))`` written as ``CHECK (x = a OR x = b ...)``."""
    def one(m: re.Match[str]) -> str:
        column, values = m.group(1), [v.strip() for v in m.group(2).split(",")]
        return "CHECK (" + " OR ".join(f"{column} = {v}" for v in values) + ")"

    return IN_CHECK.sub(one, sql)


def rewrite_in_checks(conn: sqlite3.Connection) -> None:
    """Rewrite the tables' ``IN`` checks inside the caller's transaction.

    A SQLite built to refuse schema edits (``SQLITE_DBCONFIG_DEFENSIVE``) keeps
    the old definitions: they are as correct, only slower.
    """
    tables = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE '%IN (%' ORDER BY name"
    ).fetchall()
    changed = [(name, new) for name, sql in tables if (new := as_comparisons(sql)) != sql]
    if not changed:
        return
    version = int(conn.execute("PRAGMA schema_version").fetchone()[0])
    conn.execute("SAVEPOINT in_checks")
    try:
        conn.execute("PRAGMA writable_schema = ON")
        for name, sql in changed:
            conn.execute("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", (sql, name))
        conn.execute(f"PRAGMA schema_version = {version + 1}")
    except sqlite3.Error:
        conn.execute("ROLLBACK TO in_checks")
    finally:
        conn.execute("PRAGMA writable_schema = OFF")
        conn.execute("RELEASE in_checks")
