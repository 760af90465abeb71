"""``coach sync``: exchange changes between this database and the practice hub, both ways.

The rules, applied per record (matched by UUID):

- changed on one side only since the last sync: that side's version goes to
  the other, whatever the timestamps say (a clock that runs slow on one
  machine never keeps its edits from arriving);
- changed on both sides: the last version the hub received wins. This
  side's change reaches the hub now, after the hub's, so it wins; the hub's
  version is kept in the conflicts list (``coach sync --conflicts``). The
  order is the hub's own (its ``seq``), never a machine's clock: an
  ``updated_at`` from a wrong clock or a forged one decides nothing (and one
  later than now plus :data:`~coachcli.limits.MAX_CLOCK_SKEW` is left out,
  as ``coach import`` refuses it);
- a deletion (a tombstone) wins over a change on the other side, and the
  changed version is kept in the conflicts list (so are records added or
  changed there below it, which the deletion takes too);
- a record never moves to another parent and a client's name never travels
  after the client first arrives, as with ``coach import``; records from the
  hub are checked by the import's rules before they are written here.

The hub's side is one transaction, opened first (its writers' lock taken).
This file's write lock is never held while waiting on the hub: what the hub
sends is written here in short transactions between round trips
(:mod:`coachcli.portable.exchange`), the versions that lose a merge among
them, before the hub commits; the peer's marks move in a last short
transaction after it. A kill at any point leaves the hub as before or ahead,
and this file with some of the hub's changes taken or none; the next sync
finds the same records equal on both sides and finishes the rest, and no
version that lost is lost. Only a finished sync moves the marks, so a second
sync changes nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from coachcli.errors import HubError, SyncInterrupted
from coachcli.portable.fmt import TABLES
from coachcli.store import Database
from coachcli.store import sync as local

#: Each record table's names for people, singular and plural (for the summary).
LABELS: dict[str, tuple[str, str]] = {t.name: t.label for t in TABLES}

Row = dict[str, Any]


@dataclass(slots=True)
class SyncResult:
    hub: str
    dry_run: bool = False
    sent: Counter[str] = field(default_factory=Counter)
    received: Counter[str] = field(default_factory=Counter)
    deletions_sent: int = 0
    deletions_received: int = 0
    conflicts: int = 0
    rejected: int = 0  # hub versions set aside (invalid, or naming another client)
    notes: list[str] = field(default_factory=list)


class _DryRun(Exception):
    """Unwinds the hub's transaction after a --dry-run has counted everything."""


def sync(db: Database, url: str | None, *, dry_run: bool = False) -> SyncResult:
    """Sync ``db`` with the hub at ``url`` (else ``$COACH_HUB``, else the one it synced with).

    A dry run exchanges with a private copy of the file and rolls the hub back: its
    counts are exactly what a sync would do, and neither side changes.
    """
    from coachcli.hub import connect as hub

    hub.require_psycopg()
    url = hub.choose_url(url, local.peer_addresses(db))
    key = hub.address(url)
    if dry_run:
        with local.private_copy(db) as copy:
            return _sync(copy, url, key, dry_run=True)
    return _sync(db, url, key, dry_run=False)


def _sync(db: Database, url: str, key: str, *, dry_run: bool) -> SyncResult:
    from coachcli.hub import connect as hub
    from coachcli.hub import remote
    from coachcli.portable.exchange import Exchange
    from coachcli.portable.groupsync import exchange_groups
    from coachcli.runtime import today

    psycopg = hub.require_psycopg()
    conn = hub.connect(url)
    result = SyncResult(key or "the hub", dry_run=dry_run)
    exchange: Exchange | None = None

    def here() -> str:
        """What a stopped sync left in this file."""
        if exchange is not None and exchange.applied and not dry_run:
            return ("this file kept what it took from the hub so far (the hub took nothing of this "
                    "sync); run coach sync again to finish")
        return "nothing was changed here, run coach sync again"

    committing = False
    try:
        with conn.cursor() as cur:
            # The hub's writers' lock first (this opens the hub's transaction); this file's
            # write lock is only ever taken for short local transactions in between.
            who = remote.begin(cur)
            exchange = Exchange(db, conn, cur, key, result)
            exchange.run(*who)
            exchange_groups(db, cur, who[0], today(), result)
            if dry_run:
                raise _DryRun
            committing = True
            conn.commit()
        exchange.finish()
    except _DryRun:
        conn.rollback()
    except KeyboardInterrupt:
        idle = conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
        if committing and idle:
            raise SyncInterrupted(
                f"interrupted after the hub at {result.hub} took this sync's changes and before this "
                "file did; run coach sync again to finish"
            ) from None
        if exchange is not None and exchange.applied and not dry_run:
            raise SyncInterrupted(f"interrupted: {here()}") from None
        raise
    except psycopg.errors.LockNotAvailable:
        raise HubError(
            f"the hub at {result.hub} is busy: another sync held it for more than "
            f"{hub.limit('lock_timeout')} s; {here()} (COACH_HUB_LOCK_TIMEOUT sets the wait)"
        ) from None
    except psycopg.errors.QueryCanceled:
        raise HubError(
            f"the sync with {result.hub} stopped: the hub took more than "
            f"{hub.limit('statement_timeout')} s to answer; {here()} "
            "(COACH_HUB_STATEMENT_TIMEOUT sets the limit)"
        ) from None
    except psycopg.Error as exc:
        raise HubError(f"the sync with {result.hub} stopped ({hub.first_line(exc)}); {here()}") from None
    finally:
        conn.close()
    return result


# ---------------------------------------------------------------- the hub's owner


def _admin_connection(url: str | None) -> Any:
    from coachcli.hub import connect as hub

    hub.require_psycopg()
    return hub.connect(hub.choose_url(url, []))


def init_hub(url: str | None) -> tuple[str, int, int]:
    """Create or migrate the hub schema: (address, version before, version now)."""
    from coachcli.hub import connect as hub
    from coachcli.hub.schema import migrate

    conn = _admin_connection(url)
    try:
        before, after = migrate(conn)
    finally:
        conn.close()
    return hub.address(hub.choose_url(url, [])), before, after


def grant(url: str | None, role: str, clients: list[str], *, self_tracker: bool) -> list[str]:
    """Give a coach role access to clients, or a self-tracker role their own records."""
    from coachcli.hub import admin

    conn = _admin_connection(url)
    try:
        return admin.grant(conn, role, clients, self_tracker=self_tracker)
    finally:
        conn.close()


def revoke(url: str | None, role: str, clients: list[str]) -> list[str]:
    from coachcli.hub import admin

    conn = _admin_connection(url)
    try:
        return admin.revoke(conn, role, clients)
    finally:
        conn.close()


def people(url: str | None) -> list[Any]:
    from coachcli.hub import admin

    conn = _admin_connection(url)
    try:
        return admin.people(conn)
    finally:
        conn.close()


def conflicts(db: Database) -> list[local.Conflict]:
    """The versions that lost a merge, newest first (kept so that nothing is lost silently)."""
    return local.conflicts(db)
