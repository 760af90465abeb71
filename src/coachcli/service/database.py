"""The database as a whole: its health."""

from __future__ import annotations

from coachcli.store import Database, health


def check_health(db: Database) -> health.Health:
    """SQLite's integrity and foreign-key checks, and the schema version, as lines."""
    return health.check_health(db)


def compact(db: Database) -> None:
    """Rewrite the file from its live records and empty its WAL: deleted bytes are gone after it."""
    db.compact()
