"""``coach log``: everything that happened, in date order."""

from __future__ import annotations

from datetime import date

from coachcli.domain.records import Client, TimelineEntry
from coachcli.errors import InputError
from coachcli.store import Database, queries


def timeline(
    db: Database,
    client: Client | None,
    *,
    all_clients: bool = False,
    since: date | None = None,
    until: date | None = None,
    limit: int | None = None,
) -> list[TimelineEntry]:
    """Actions, ratings, status changes and check-ins, oldest first; ``limit``: the last N."""
    if limit is not None and limit < 1:
        raise InputError(f"--limit must be at least 1, got {limit}")
    if client is None and not all_clients:
        return []
    entries = queries.timeline(db, None if all_clients or client is None else client.id,
                               since=since, until=until)
    return entries[-limit:] if limit is not None else entries
