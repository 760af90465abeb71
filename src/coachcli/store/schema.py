"""The record tables and the path from each to its client: one definition to derive from.

Every record a person makes lives in one of these tables; each but ``clients``
belongs to one parent row through an integer foreign key, and so, up the chain,
to one client. Export and import (``portable/fmt.py`` ``TABLES``), the record
set (``store/db.py`` ``RECORD_TABLES``), the synced set (``store/migrations.py``
``SYNCED``) and the join maps of ``store/sync.py`` and ``portable/records.py``
still spell this out by hand; ``tests/test_registries.py`` holds each equal to
it, so a table added in one place and forgotten in another fails there. New code
derives from :data:`RECORDS` instead. A leaf: it imports nothing.
"""

from __future__ import annotations

from typing import NamedTuple


class Record(NamedTuple):
    """A record table, and the parent it belongs to (None for ``clients``)."""

    table: str
    parent: str | None = None
    #: The integer foreign key to the parent's ``id``.
    key: str | None = None


#: In dependency order: a table's parent always comes before it.
RECORDS: tuple[Record, ...] = (
    Record("clients"),
    Record("goals", "clients", "client_id"),
    Record("status_changes", "goals", "goal_id"),
    Record("ratings", "goals", "goal_id"),
    Record("steps", "goals", "goal_id"),
    Record("step_plans", "steps", "step_id"),
    Record("actions", "steps", "step_id"),
    Record("checkins", "clients", "client_id"),
    Record("commitments", "checkins", "checkin_id"),
    # A group is the coach's, no client's: the one record besides clients without a parent.
    Record("groups"),
    Record("group_members", "clients", "client_id"),
    Record("group_consents", "clients", "client_id"),
    Record("group_challenges", "groups", "group_id"),
    Record("group_steps", "steps", "step_id"),
    Record("group_sessions", "groups", "group_id"),
)

#: Record tables the record exchange of ``coach sync`` leaves alone: groups, which
#: ``portable/groupsync.py`` carries (a coach's groups whole, a member's consents
#: both ways). Everything else about them (export, import, undo, purge, db check)
#: is as for any record.
LOCAL_ONLY: frozenset[str] = frozenset(
    {"groups", "group_members", "group_consents", "group_challenges", "group_steps", "group_sessions"}
)

#: The record tables' names, parents first.
TABLE_NAMES: tuple[str, ...] = tuple(r.table for r in RECORDS)

_BY_TABLE = {r.table: r for r in RECORDS}


def ancestors(table: str) -> tuple[Record, ...]:
    """The tables above ``table``, nearest first, ending at ``clients`` (empty for clients).

    A group's challenge ends at ``groups``, which belongs to no client.
    """
    chain: list[Record] = []
    parent = _BY_TABLE[table].parent
    while parent is not None:
        chain.append(_BY_TABLE[parent])
        parent = _BY_TABLE[parent].parent
    return tuple(chain)
