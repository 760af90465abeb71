"""Writing the demo caseload to a new database, in one transaction."""

from __future__ import annotations

import json
import random
import tempfile
from datetime import date
from pathlib import Path

from coachcli.demo.generate import DemoSummary, check_size, generate
from coachcli.demo.tables import COLUMNS, seeded_uuid
from coachcli.errors import CoachError, DatabaseError
from coachcli.store import Database, StorageError, bulk
from coachcli.store.db import RECORD_TABLES


def demo_target(path: Path | None) -> tuple[Path, bool]:
    """Where to build: ``path`` (refused if it holds records), or with no path a new
    file in a fresh private temporary directory (mode 0700).

    Returns the path and whether it is in such a temporary directory.
    """
    if path is None:
        return Path(tempfile.mkdtemp(prefix="coach-demo-")) / "demo.db", True
    path = path.expanduser()
    refuse_if_used(path)
    return path, False


def refuse_if_used(path: Path) -> None:
    """Refuse a file that holds anything but an empty coachcli database."""
    bulk.refuse_if_used(
        path, RECORD_TABLES,
        f"{path} already holds data; the demo never mixes with real records: choose a new "
        "file with --db, or leave --db out for a temporary one",
    )


def build(path: Path, *, clients: int, days: int, seed: int, end: date) -> DemoSummary:
    """Create the database at ``path`` and fill it with the demo caseload in one transaction.

    If anything fails, a file this call created is removed again, so no
    half-built demo is left behind.
    """
    check_size(clients, days)
    refuse_if_used(path)
    created = not path.exists()
    try:
        with Database.open(path, create=True) as db:
            bulk.large_cache(db.conn)
            with bulk.rollback_journal(db.conn), db.write("demo", journal=False) as tx:
                if bulk.has_records(tx.conn):
                    raise DatabaseError(f"{path} gained records while the demo was starting")
                caseload = generate(clients=clients, days=days, seed=seed, end=end)
                bulk.write_rows(tx.conn, COLUMNS, caseload.rows)
                # Drafted as a check-in's list: each becomes a record of its own.
                uids = random.Random(f"coachcli-demo-uuid:{seed}:{end}:{days}:commitments")  # noqa: S311
                bulk.commitments_from_lists(tx.conn, lambda at: seeded_uuid(uids, _ms(at)))
                counts = {table: caseload.count(table) for table in COLUMNS}
                tx.set_meta(
                    "demo",
                    json.dumps({"seed": seed, "clients": clients, "days": days,
                                "end": end.isoformat()}),
                )
    except (CoachError, StorageError, OSError, KeyboardInterrupt):
        if created:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    return DemoSummary(
        path=path, seed=seed, days=days, end=end, counts=counts, clients=caseload.clients
    )


def _ms(stamp: str) -> int:
    """Unix milliseconds of a record's ``created_at`` (UTC, as coachcli writes them)."""
    from datetime import datetime

    return int(datetime.fromisoformat(stamp).timestamp() * 1000)  # "...Z" reads as UTC
