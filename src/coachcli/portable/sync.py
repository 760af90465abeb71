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

Each side is one transaction, held together: the hub's is opened first (its
writers' lock taken), then the local ``BEGIN IMMEDIATE`` write; the hub commits
first and the local file right after. A kill at
any point leaves either both sides as before, or the hub ahead; the next sync
then finds the same records equal on both sides and finishes the rest. Only
a committed sync moves the peer's marks, so a second sync changes nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from coachcli.errors import HubError, SyncInterrupted
from coachcli.limits import MAX_CLOCK_SKEW
from coachcli.portable.fmt import SPECS, TABLES, TableSpec
from coachcli.store import Database, Tx
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
    """Unwinds both transactions after a --dry-run has counted everything."""


def sync(db: Database, url: str | None, *, dry_run: bool = False) -> SyncResult:
    """Sync ``db`` with the hub at ``url`` (else ``$COACH_HUB``, else the one it synced with)."""
    from coachcli.hub import connect as hub

    psycopg = hub.require_psycopg()
    url = hub.choose_url(url, local.peer_addresses(db))
    key = hub.address(url)
    conn = hub.connect(url)
    result = SyncResult(key or "the hub", dry_run=dry_run)

    from coachcli.hub import remote

    committing = False
    try:
        with conn.cursor() as cur:
            # The hub's writers' lock first (this opens the hub's transaction), so that local
            # commands never wait behind a sync that is itself waiting for the hub.
            who = remote.begin(cur)
            with db.write(f"sync with {key}", journal=False) as tx:
                _Exchange(tx, conn, cur, key, result).run(*who)
                if dry_run:
                    raise _DryRun
                committing = True
                conn.commit()  # the hub first; the local commit follows as the block ends
    except _DryRun:
        conn.rollback()
    except KeyboardInterrupt:
        idle = conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
        if not (committing and idle):
            raise
        raise SyncInterrupted(
            f"interrupted after the hub at {result.hub} took this sync's changes and before this "
            "file did; run coach sync again to finish"
        ) from None
    except psycopg.errors.LockNotAvailable:
        raise HubError(
            f"the hub at {result.hub} is busy: another sync held it for more than "
            f"{hub.limit('lock_timeout')} s; nothing was changed here, run coach sync again "
            "(COACH_HUB_LOCK_TIMEOUT sets the wait)"
        ) from None
    except psycopg.errors.QueryCanceled:
        raise HubError(
            f"the sync with {result.hub} stopped: the hub took more than "
            f"{hub.limit('statement_timeout')} s to answer; nothing was changed here, run coach sync "
            "again (COACH_HUB_STATEMENT_TIMEOUT sets the limit)"
        ) from None
    except psycopg.Error as exc:
        raise HubError(
            f"the sync with {result.hub} stopped ({hub.first_line(exc)}); "
            "nothing was changed here, run coach sync again"
        ) from None
    finally:
        conn.close()
    return result


def _a(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def _jsonable(row: Row) -> Row:
    """A row as received, safe to keep as JSON text (nothing from the hub is trusted)."""
    return {str(k): v if v is None or isinstance(v, int | str) else repr(v) for k, v in row.items()}


#: A hub row's ``client_uuid``, as the import checks a uuid: printable ASCII, no spaces.
_KEY = re.compile(r"[!-~]{1,100}")


class _Exchange:
    """One sync's state: who this is on the hub, what is pending on each side."""

    def __init__(self, tx: Tx, conn: Any, cur: Any, key: str, result: SyncResult) -> None:
        self.tx, self.conn, self.cur, self.key, self.result = tx, conn, cur, key, result
        limit = datetime.now(UTC) + MAX_CLOCK_SKEW
        self.limit = limit.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"

    def run(self, kind: str, own: str | None) -> None:
        """Exchange everything, both ways; ``kind`` and ``own``: who this role is on the hub."""
        from coachcli.hub import remote

        self.peer = local.ensure_peer(self.tx, self.key)
        self.names: dict[str, str] = {}
        #: Changed here, not sent: their client is not shared with this role (yet, or any more).
        self.held: list[tuple[str, str]] = []
        if kind == "client" and own is not None:
            self._link_me(own)
        here = local.client_uuids(self.tx.conn)
        if kind == "client":
            self.allowed = {own} if own else set()
            blocked = set(here) - self.allowed
        else:
            visible = remote.visible_clients(self.cur)
            unknown = [u for u in here if u not in visible]
            blocked = remote.existing_clients(self.cur, unknown)
            self.allowed = (set(here) - blocked) | visible
        if blocked:
            who = ", ".join(sorted(here[u] for u in blocked))
            self.result.notes.append(
                f"Kept here only, not shared with you on the hub: {who}."
            )
        self.pending = local.changed_since(self.tx.conn, self.peer.sent_change)
        self._hub_deletions()
        self._local_deletions()
        for spec in TABLES:
            self._table(spec)
        if sum(self.result.received.values()) or self.result.deletions_received:
            local.seal_journal(self.tx)  # an undo boundary: see seal_journal
        local.finish_peer(self.tx, self.key, remote.last_seq(self.cur), held=self.held)

    # ------------------------------------------------------------ helpers

    def _is_pending(self, table: str, uuid: str) -> bool:
        """Changed here since the last sync (on a first sync, everything here is)."""
        return self.peer.first or uuid in self.pending.get(table, ())

    def _client_of(self, spec: TableSpec, row: Row) -> str:
        return str(row["uuid"] if spec.name == "clients" else row["client_uuid"])

    def _link_me(self, own: str) -> None:
        """A self-tracker's ``me`` is their client on the hub: give it the hub's UUID."""
        here = local.client_uuids(self.tx.conn)
        if own in here:
            return
        me = local.client_named(self.tx.conn, "me")
        if me is not None:
            local.set_client_uuid(self.tx, me[0], own)
        else:
            self.names[own] = "me"

    def _same(self, spec: TableSpec, a: Row, b: Row) -> bool:
        """Equal in everything an update carries: the fields, not the times.

        A client's name does not travel after it first arrives, and ``created_at``
        never changes: a self-tracker's ``me`` and the coach's "Alice" are one
        client with two names and two beginnings (``started_on`` too).
        """
        skip = {"created_at", "updated_at",
                *((*local.OWN_CLIENT_FIELDS, "started_on") if spec.name == "clients" else ())}
        return all(a[c] == b[c] for c in local.shape(spec) if c not in skip)

    def _checked(self, spec: TableSpec, row: Row) -> Row | None:
        """A hub row in the validated form it is stored in here, or None (set aside, named).

        Checked by the import's rules (lists, dates, ranges, texts); a row that fails
        is kept in the conflicts list with the reason and never written to a record table.
        """
        import json

        from coachcli.portable.importer import problem_with

        rec = dict(row)
        problem: str | None = None
        for f in spec.fields:
            value = rec.get(f.name)
            if f.kind == "list" and isinstance(value, str):
                try:
                    rec[f.name] = json.loads(value)
                except ValueError:
                    problem = f'"{f.name}" is not a list of texts'
        if problem is None and not (isinstance(rec.get("client_uuid", ""), str)
                                    and _KEY.fullmatch(rec.get("client_uuid", "x"))):
            problem = '"client_uuid" must be a UUID'
        if problem is None:
            problem = problem_with(spec, rec)
        if problem is None and max(str(rec["created_at"]), str(rec["updated_at"])) > self.limit:
            # As coach import refuses it: a time from the future would win every merge after it.
            problem = f"it was changed at {rec['updated_at']}, later than now plus {MAX_CLOCK_SKEW.days} day"
        if problem is not None:
            self._reject(spec, row, problem)
            return None
        return rec

    def _reject(self, spec: TableSpec, row: Row, problem: str) -> None:
        """Set a hub version aside: named in the summary and kept in the conflicts list."""
        self.result.rejected += 1
        self.result.notes.append(f"Left out {_a(spec.label[0])} from the hub ({row['uuid']}): {problem}.")
        mine = local.rows_by_uuid(self.tx.conn, spec, [str(row["uuid"])]).get(str(row["uuid"]))
        local.record_conflict(self.tx, self.key, spec.name, str(row["uuid"]), kept="local",
                              kept_version=mine, lost={**_jsonable(row), "left_out": problem})

    # ------------------------------------------------------------ deletions

    def _hub_deletions(self) -> None:
        """Deleted on the hub since the last sync: delete here too, with what hangs below."""
        from coachcli.hub import remote

        by_table: dict[str, dict[str, str]] = {}
        for uuid, table, client in remote.changed_tombstones(self.cur, self.peer.hub_seq):
            if table in SPECS:
                by_table.setdefault(table, {})[uuid] = client
        for spec in TABLES:
            tombs = by_table.get(spec.name, {})
            for uuid, here in local.rows_by_uuid(self.tx.conn, spec, list(tombs)).items():
                if self._client_of(spec, here) != tombs[uuid]:
                    # A deletion filed under another client than the record's: never applied.
                    self.result.rejected += 1
                    self.result.notes.append(
                        f"Left out a deletion from the hub ({spec.label[0]} {uuid}): it names another"
                        " client than the record's here."
                    )
                    continue
                doomed = local.descendants(self.tx.conn, spec.name, uuid)
                for table, u in doomed:
                    if self._is_pending(table, u):
                        mine = local.rows_by_uuid(self.tx.conn, SPECS[table], [u]).get(u)
                        local.record_conflict(self.tx, self.key, table, u, kept="hub", kept_version=None,
                                              lost=mine)
                        self.result.conflicts += 1
                local.delete_records(self.tx, doomed)
                self.result.deletions_received += 1

    def _local_deletions(self) -> None:
        """Deleted here since the last sync: delete on the hub (its rows below go too)."""
        from coachcli.hub import remote

        since = 0 if self.peer.first else self.peer.sent_change
        by_table: dict[str, list[str]] = {}
        for uuid, table in local.tombstones_since(self.tx.conn, since):
            if table in SPECS:
                by_table.setdefault(table, []).append(uuid)
        for spec in reversed(TABLES):
            uuids = by_table.get(spec.name, [])
            if not uuids:
                continue
            theirs = remote.rows_by_uuid(self.cur, spec, uuids)
            below = remote.changed_below(self.cur, TABLES, spec.name, list(theirs), self.peer.hub_seq)
            changed = [(spec.name, row) for row in theirs.values() if int(row["seq"]) > self.peer.hub_seq]
            for table, row in changed + below:  # changed there since the last sync: kept here
                local.record_conflict(self.tx, self.key, table, row["uuid"], kept="local",
                                      kept_version=None, lost=row)
                self.result.conflicts += 1
            self.result.deletions_sent += remote.delete_rows(self.cur, spec.name, list(theirs))

    # ------------------------------------------------------------ records

    def _table(self, spec: TableSpec) -> None:
        from coachcli.hub import remote

        handled: set[str] = set()
        for batch in remote.changed_rows(self.conn, spec, self.peer.hub_seq):
            valid = [c for r in batch if (c := self._checked(spec, r)) is not None]
            handled.update(r["uuid"] for r in valid)  # a version left out may be replaced by ours
            self._take(spec, valid)
        if self.peer.first:
            batches: Any = local.all_uuids(self.tx.conn, spec.name)
        else:
            batches = [sorted(self.pending.get(spec.name, set()) - handled)]
        for uuids in batches:
            self._give(spec, [u for u in uuids if u not in handled])

    def _take(self, spec: TableSpec, rows: list[Row]) -> None:
        """Hub rows changed since the last sync: apply here, unless this side's change wins."""
        from coachcli.hub import remote

        mine_all = local.rows_by_uuid(self.tx.conn, spec, [r["uuid"] for r in rows])
        rows = self._in_place(spec, rows, mine_all)
        new: list[Row] = []
        updates: list[tuple[int, Row]] = []
        back: list[Row] = []
        for theirs in rows:
            uuid = theirs["uuid"]
            mine = mine_all.get(uuid)
            if mine is None:
                new.append(theirs)
            elif self._same(spec, mine, theirs):
                continue
            elif not self._is_pending(spec.name, uuid):
                updates.append((int(mine["id"]), theirs))
            else:  # the last version the hub receives wins: ours, sent now
                back.append(mine)
                local.record_conflict(self.tx, self.key, spec.name, uuid, kept="local",
                                      kept_version=mine, lost=theirs)
                self.result.conflicts += 1
        if spec.name == "clients":
            self._free_names(new)
        added = local.insert_records(self.tx, spec, new, names=self.names)
        local.update_records(self.tx, spec, updates)
        remote.update_rows(self.cur, spec, back)
        self.result.received[spec.name] += added + len(updates)
        self.result.sent[spec.name] += len(back)

    def _in_place(self, spec: TableSpec, rows: list[Row], mine_all: dict[str, Row]) -> list[Row]:
        """The rows filed where they belong: a known record under its own client and parent,
        a new one under a parent here of the same client. The rest are set aside, named
        (a child whose parent was left out is kept in the conflicts list, never lost silently)."""
        parents: dict[str, str] = {}
        key = spec.parent_key
        if spec.parent_table and key:
            wanted = [r[key] for r in rows if r["uuid"] not in mine_all]
            parents = local.clients_of(self.tx.conn, spec.parent_table, wanted)
        keys = ("client_uuid", key) if spec.name != "clients" else ()
        kept: list[Row] = []
        for r in rows:
            mine = mine_all.get(r["uuid"])
            if mine is not None and any(mine[k] != r[k] for k in keys if k):
                self._reject(spec, r, "it names another client or parent than the record's here")
                self.held.append((spec.name, r["uuid"]))  # ours stays here, noted as changed
            elif mine is None and key and r[key] not in parents:
                self._reject(spec, r, "the record it belongs to is not here (left out, or deleted here)")
            elif mine is None and key and parents[r[key]] != r["client_uuid"]:
                self._reject(spec, r, "its parent belongs to another client")
            else:
                kept.append(r)
        return kept

    def _free_names(self, rows: list[Row]) -> None:
        """A client from the hub whose name is taken here arrives as 'Name (2)'.

        Names compare as everywhere else (case, accents, Unicode form, invisible
        characters ignored): a look-alike never becomes a second client of one name.
        """
        import unicodedata

        from coachcli.store.queries import name_key
        from coachcli.textsafe import clean

        taken = {name_key(n) for n in local.client_uuids(self.tx.conn).values()}
        for r in rows:
            key = name_key(str(r["name"]))
            if r["uuid"] in self.names or key not in taken:
                taken.add(key)
                continue
            base = "".join(c for c in clean(str(r["name"])) if unicodedata.category(c) != "Cf")
            n = 2
            while name_key(f"{base} ({n})") in taken:
                n += 1
            name = f"{base} ({n})"
            taken.add(name_key(name))
            self.names[r["uuid"]] = name
            self.result.notes.append(
                f"The hub's client '{base}' was added here as '{name}': the name was taken."
            )

    def _give(self, spec: TableSpec, uuids: list[str]) -> None:
        """Records changed here (and not on the hub): send them."""
        from coachcli.hub import remote

        mine: dict[str, Row] = {}
        for u, r in local.rows_by_uuid(self.tx.conn, spec, uuids).items():
            if self._client_of(spec, r) in self.allowed:
                mine[u] = r
            else:
                self.held.append((spec.name, u))
        theirs = remote.rows_by_uuid(self.cur, spec, list(mine))
        keys = [k for k in ("client_uuid", spec.parent_key) if k and spec.name != "clients"]
        taken = [u for u in mine if u in theirs and any(theirs[u][k] != mine[u][k] for k in keys)]
        inserts = [r for u, r in mine.items() if u not in theirs]
        if spec.parent_table and spec.parent_key not in (None, "client_uuid"):
            # A parent held back here, or under another client on the hub: its children wait too.
            key = str(spec.parent_key)
            parents = remote.clients_of(self.cur, spec.parent_table, list({r[key] for r in inserts}))
            taken += [r["uuid"] for r in inserts if parents.get(r[key]) != r["client_uuid"]]
            inserts = [r for r in inserts if parents.get(r[key]) == r["client_uuid"]]
        updates = [r for u, r in mine.items()
                   if u in theirs and u not in taken and not self._same(spec, r, theirs[u])]
        hidden = remote.insert_rows(self.cur, spec, inserts)
        remote.update_rows(self.cur, spec, updates)
        self.result.sent[spec.name] += len(inserts) - len(hidden) + len(updates)
        kept = taken + hidden  # the uuid, or its parent's, is another client's record on the hub
        if kept:
            self.held += [(spec.name, u) for u in kept]
            self.result.rejected += len(kept)
            label = spec.label[0] if len(kept) == 1 else spec.label[1]
            which = ", ".join(kept[:3]) + (", ..." if len(kept) > 3 else "")
            self.result.notes.append(
                f"Kept here only: {len(kept)} {label} ({which}):"
                " the hub holds the uuid, or the parent's, under another client."
            )


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
