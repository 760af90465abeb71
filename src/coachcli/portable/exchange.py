"""One ``coach sync``'s exchange: what to take from the hub, what to send, and the local writes.

Nothing here waits on the hub while this file's write lock is held. The hub is
read and written with no local transaction open; what the hub sent is then
written here in short ``BEGIN IMMEDIATE`` transactions of its own, one per
batch, that contain no network round trip. A ``coach done`` run meanwhile
waits for one batch at most, never for the hub.

Another command may write here between those transactions. Each batch checks,
under the lock, which of its records another command changed or deleted since
the sync began (their change numbers are outside the sync's own, see
:func:`~coachcli.store.sync.changed_by_others`): such a record keeps its local
version, the hub's goes to the conflicts list, and the local change travels at
the next sync (:func:`~coachcli.store.sync.finish_peer` notes it again).

The versions that lose a merge are written here before the hub commits, so a
kill between the hub's commit and this file's last transaction loses none of
them; a sync run again after a kill before the hub's commit finds the same
conflicts and keeps each version once (:func:`~coachcli.store.sync.record_conflict`).
The peer's marks move only in the last transaction, after the hub's commit:
until then every record counts as not yet exchanged, and the next sync
compares it again (finding it equal on both sides).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from coachcli.limits import MAX_CLOCK_SKEW, MAX_IMPORT_VALUE, MAX_TEXT
from coachcli.portable.fmt import NUMBER_KINDS, SPECS, TableSpec
from coachcli.portable.fmt import TABLES as _ALL_TABLES
from coachcli.store import Database, Tx
from coachcli.store import sync as local
from coachcli.store.migrations import adopt_listed_commitments
from coachcli.store.schema import LOCAL_ONLY

if TYPE_CHECKING:
    from coachcli.portable.sync import SyncResult

Row = dict[str, Any]
#: The tables a hub carries, parents first: groups stay on this machine (store/schema.py LOCAL_ONLY).
TABLES = tuple(t for t in _ALL_TABLES if t.name not in LOCAL_ONLY)


def _a(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def _jsonable(row: Row) -> Row:
    """A row as received, safe to keep as JSON text (nothing from the hub is trusted)."""
    return {str(k): v if v is None or isinstance(v, int | str) else repr(v) for k, v in row.items()}


@dataclass(frozen=True, slots=True)
class _Rules:
    """What :meth:`Exchange._checked` looks at in one table's rows, worked out once per table:
    a first sync checks half a million rows."""

    #: (column, bound) of every value the hub sends as text, in the row's order: numbers
    #: arrive as numbers (the hub's columns are numeric), so only these can be too long.
    texts: tuple[tuple[str, int], ...]
    #: Those values of a row, at once.
    text_values: Callable[[Row], tuple[Any, ...]]
    #: The list fields, which travel as JSON text.
    lists: tuple[str, ...]


_RULES: dict[str, tuple[TableSpec, _Rules]] = {}


def _rules(spec: TableSpec) -> _Rules:
    found = _RULES.get(spec.name)
    if found is not None and found[0] is spec:
        return found[1]
    from operator import itemgetter

    kinds = {f.name: f.kind for f in spec.fields}
    texts = tuple(
        (c, MAX_IMPORT_VALUE if kinds.get(c) == "list" else MAX_TEXT)
        for c in local.shape(spec) if kinds.get(c) not in NUMBER_KINDS
    )
    assert len(texts) > 1, spec.name  # uuid and times at least: itemgetter gives a tuple
    rules = _Rules(texts, itemgetter(*(c for c, _cap in texts)),
                   tuple(f.name for f in spec.fields if f.kind == "list"))
    _RULES[spec.name] = (spec, rules)
    return rules


def _too_long(spec: TableSpec, row: Row) -> str | None:
    """Which value the hub holds longer than coachcli accepts (fetched only in part), in words."""
    rules = _rules(spec)
    try:
        # Every bound is MAX_TEXT or more: texts that together fit in it are all short enough.
        if sum(map(len, filter(None, rules.text_values(row)))) <= MAX_TEXT:
            return None
    except (KeyError, TypeError):
        pass  # a value missing or not text: looked at one by one
    for name, cap in rules.texts:
        value = row.get(name)
        if isinstance(value, str) and len(value) > cap:
            return f'"{name}" is longer than {cap:,} characters on the hub (not fetched whole)'
    return None


#: A hub row's ``client_uuid``, as the import checks a uuid: printable ASCII, no spaces.
_KEY = re.compile(r"[!-~]{1,100}")


class Exchange:
    """One sync's state: who this is on the hub, what is pending on each side."""

    def __init__(self, db: Database, conn: Any, cur: Any, key: str, result: SyncResult) -> None:
        self.db, self.conn, self.cur, self.key, self.result = db, conn, cur, key, result
        limit = datetime.now(UTC) + MAX_CLOCK_SKEW
        self.limit = limit.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
        #: The change numbers of this sync's own local writes (inclusive ranges).
        self.ours: list[tuple[int, int]] = []
        #: Whether a local transaction of this sync committed (the file took something).
        self.applied = False
        #: Versions that lost, written here at the next local transaction (before the hub commits).
        self.lost: list[tuple[str, str, str, Row | None, Row | None]] = []
        #: Changed here, not sent: their client is not shared with this role (yet, or any more).
        self.held: list[tuple[str, str]] = []
        self.names: dict[str, str] = {}
        self.hub_seq = 0

    # ------------------------------------------------------------ local transactions

    @contextmanager
    def _write(self) -> Iterator[Tx]:
        """A short local transaction: nothing inside it waits on the hub.

        It also writes the versions that lost so far, and notes the change numbers it used.
        """
        with self.db.write(f"sync with {self.key}", journal=False) as tx:
            first = local.next_change(tx.conn)
            yield tx
            kept = bool(self.lost)
            for table, uuid, which, kept_version, lost in self.lost:
                local.record_conflict(tx, self.key, table, uuid, kept=which, kept_version=kept_version,
                                      lost=lost)
            last = local.next_change(tx.conn) - 1
        self.lost.clear()
        if last >= first:
            self.ours.append((first, last))
        self.applied = self.applied or kept or last >= first

    def _flush(self) -> None:
        """Write the versions that lost so far (before anything is committed on the hub)."""
        if self.lost:
            with self._write():
                pass

    def _lose(self, table: str, uuid: str, *, kept: str, kept_version: Row | None, lost: Row | None) -> None:
        self.lost.append((table, uuid, kept, kept_version, lost))

    def run(self, kind: str, own: str | None) -> None:
        """Exchange everything, both ways; ``kind`` and ``own``: who this role is on the hub."""
        with local.rollback_in_memory(self.db.conn):
            self._run(kind, own)

    def _run(self, kind: str, own: str | None) -> None:
        from coachcli.hub import remote

        with self._write() as tx:
            self.peer = local.ensure_peer(tx, self.key)
            #: Local changes numbered after this one were made while this sync ran.
            self.since = local.next_change(tx.conn) - 1
            if kind == "client" and own is not None:
                self._link_me(tx, own)
        here = local.client_uuids(self.db.conn)
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
        self.pending = local.changed_since(self.db.conn, self.peer.sent_change)
        self._hub_deletions()
        self._local_deletions()
        for spec in TABLES:
            self._table(spec)
        # A member that predates commitments as records sends them as a check-in's list.
        with self._write() as tx:
            adopt_listed_commitments(tx.conn, tx)
        self.hub_seq = remote.last_seq(self.cur)
        self._flush()

    def finish(self) -> None:
        """After the hub's commit: move the marks (local changes made meanwhile stay to send)."""
        with self.db.write(f"sync with {self.key}", journal=False) as tx:
            local.finish_peer(tx, self.key, self.hub_seq, held=self.held, since=self.since, ours=self.ours)

    # ------------------------------------------------------------ helpers

    def _is_pending(self, table: str, uuid: str) -> bool:
        """Changed here since the last sync (on a first sync, everything here is)."""
        return self.peer.first or uuid in self.pending.get(table, ())

    def _client_of(self, spec: TableSpec, row: Row) -> str:
        return str(row["uuid"] if spec.name == "clients" else row["client_uuid"])

    def _link_me(self, tx: Tx, own: str) -> None:
        """A self-tracker's ``me`` is their client on the hub: give it the hub's UUID."""
        here = local.client_uuids(tx.conn)
        if own in here:
            return
        me = local.client_named(tx.conn, "me")
        if me is not None:
            local.set_client_uuid(tx, me[0], own)
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

    def _checked(self, spec: TableSpec, rows: list[Row]) -> list[Row]:
        """Hub rows in the validated form they are stored in here; the others are set aside, named.

        Checked by the import's rules (lists, dates, ranges, texts); a row that fails
        is kept in the conflicts list with the reason and never written to a record table.
        One table's batch at a time: a first sync checks half a million rows.
        """
        import json

        from coachcli.portable.checks import problem_with

        lists = _rules(spec).lists
        limit, key_ok = self.limit, _KEY.fullmatch
        out: list[Row] = []
        for row in rows:
            rec = dict(row)
            problem = _too_long(spec, row)
            if problem is None:
                for name in lists:
                    value = rec.get(name)
                    if isinstance(value, str):
                        try:
                            rec[name] = json.loads(value)
                        except ValueError:
                            problem = f'"{name}" is not a list of texts'
                            break
            if problem is None and not (isinstance(rec.get("client_uuid", ""), str)
                                        and key_ok(rec.get("client_uuid", "x"))):
                problem = '"client_uuid" must be a UUID'
            if problem is None:
                problem = problem_with(spec, rec)
            if problem is None and max(str(rec["created_at"]), str(rec["updated_at"])) > limit:
                # As coach import refuses it: a time from the future would be kept by every import.
                problem = (f"it was changed at {rec['updated_at']}, later than now plus"
                           f" {MAX_CLOCK_SKEW.days} day")
            if problem is None:
                out.append(rec)
            else:
                self._reject(spec, row, problem)
        return out

    def _reject(self, spec: TableSpec, row: Row, problem: str) -> None:
        """Set a hub version aside: named in the summary and kept in the conflicts list."""
        self.result.rejected += 1
        self.result.notes.append(f"Left out {_a(spec.label[0])} from the hub ({row['uuid']}): {problem}.")
        mine = local.rows_by_uuid(self.db.conn, spec, [str(row["uuid"])]).get(str(row["uuid"]))
        self._lose(spec.name, str(row["uuid"]), kept="local", kept_version=mine,
                   lost={**_jsonable(row), "left_out": problem})

    # ------------------------------------------------------------ deletions

    def _hub_deletions(self) -> None:
        """Deleted on the hub since the last sync: delete here too, with what hangs below."""
        from coachcli.hub import remote

        by_table: dict[str, dict[str, str]] = {}
        for uuid, table, client in remote.changed_tombstones(self.cur, self.peer.hub_seq):
            if table in SPECS:
                by_table.setdefault(table, {})[uuid] = client
        if not by_table:
            return
        with self._write() as tx:
            deleted = 0
            for spec in TABLES:
                tombs = by_table.get(spec.name, {})
                for uuid, here in local.rows_by_uuid(tx.conn, spec, list(tombs)).items():
                    if self._client_of(spec, here) != tombs[uuid]:
                        # A deletion filed under another client than the record's: never applied.
                        self.result.rejected += 1
                        self.result.notes.append(
                            f"Left out a deletion from the hub ({spec.label[0]} {uuid}): it names another"
                            " client than the record's here."
                        )
                        continue
                    doomed = local.descendants(tx.conn, spec.name, uuid)
                    others = local.changed_by_others(tx.conn, [u for _t, u in doomed], self.since, self.ours)
                    for table, u in doomed:
                        if self._is_pending(table, u) or u in others:
                            mine = local.rows_by_uuid(tx.conn, SPECS[table], [u]).get(u)
                            self._lose(table, u, kept="hub", kept_version=None, lost=mine)
                            self.result.conflicts += 1
                    local.delete_records(tx, doomed)
                    deleted += 1
            if deleted:
                local.seal_journal(tx)  # an undo boundary: see seal_journal
        self.result.deletions_received += deleted

    def _local_deletions(self) -> None:
        """Deleted here since the last sync: delete on the hub (its rows below go too)."""
        from coachcli.hub import remote

        since = 0 if self.peer.first else self.peer.sent_change
        by_table: dict[str, list[str]] = {}
        for uuid, table in local.tombstones_since(self.db.conn, since):
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
                self._lose(table, row["uuid"], kept="local", kept_version=None, lost=row)
                self.result.conflicts += 1
            self.result.deletions_sent += remote.delete_rows(self.cur, spec.name, list(theirs))
        self._flush()

    # ------------------------------------------------------------ records

    def _table(self, spec: TableSpec) -> None:
        from coachcli.hub import remote

        handled: set[str] = set()
        for batch in remote.changed_rows(self.conn, spec, self.peer.hub_seq):
            valid = self._checked(spec, batch)
            handled.update(r["uuid"] for r in valid)  # a version left out may be replaced by ours
            self._take(spec, valid)
        if self.peer.first:
            batches: Any = local.all_uuids(self.db.conn, spec.name)
        else:
            batches = [sorted(self.pending.get(spec.name, set()) - handled)]
        for uuids in batches:
            self._give(spec, [u for u in uuids if u not in handled])

    def _take(self, spec: TableSpec, rows: list[Row]) -> None:
        """Hub rows changed since the last sync: apply here, unless this side's change wins.

        Decided from this file as read without a lock; the hub is written (ours sent back)
        before the local transaction, which checks again what another command changed here
        meanwhile.
        """
        from coachcli.hub import remote

        mine_all = local.rows_by_uuid(self.db.conn, spec, [r["uuid"] for r in rows])
        rows = self._in_place(spec, rows, mine_all)
        new: list[Row] = []
        updates: list[Row] = []
        back: list[Row] = []
        for theirs in rows:
            uuid = theirs["uuid"]
            mine = mine_all.get(uuid)
            if mine is None:
                new.append(theirs)
            elif self._same(spec, mine, theirs):
                continue
            elif not self._is_pending(spec.name, uuid):
                updates.append(theirs)
            else:  # the last version the hub receives wins: ours, sent now
                back.append(mine)
                self._lose(spec.name, uuid, kept="local", kept_version=mine, lost=theirs)
                self.result.conflicts += 1
        if spec.name == "clients":
            self._free_names(new)
        remote.update_rows(self.cur, spec, back)
        self.result.sent[spec.name] += len(back)
        if not (new or updates or self.lost):
            return
        with self._write() as tx:
            others = local.changed_by_others(tx.conn, [r["uuid"] for r in updates], self.since, self.ours)
            now = local.rows_by_uuid(tx.conn, spec, [r["uuid"] for r in updates if r["uuid"] not in others])
            for theirs in updates:
                if theirs["uuid"] in others:  # changed (or deleted) here meanwhile: that change wins
                    self._lose(spec.name, theirs["uuid"], kept="local",
                               kept_version=now.get(theirs["uuid"]), lost=theirs)
                    self.result.conflicts += 1
            ready = [(int(now[r["uuid"]]["id"]), r) for r in updates if r["uuid"] in now]
            added = local.insert_records(tx, spec, new, names=self.names)
            local.update_records(tx, spec, ready)
            if added or ready:
                local.seal_journal(tx)  # an undo boundary: see seal_journal
        self.result.received[spec.name] += added + len(ready)

    def _in_place(self, spec: TableSpec, rows: list[Row], mine_all: dict[str, Row]) -> list[Row]:
        """The rows filed where they belong: a known record under its own client and parent,
        a new one under a parent here of the same client. The rest are set aside, named
        (a child whose parent was left out is kept in the conflicts list, never lost silently)."""
        parents: dict[str, str] = {}
        key = spec.parent_key
        if spec.parent_table and key:
            wanted = [r[key] for r in rows if r["uuid"] not in mine_all]
            parents = local.clients_of(self.db.conn, spec.parent_table, wanted)
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

        taken = {name_key(n) for n in local.client_uuids(self.db.conn).values()}
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
        for u, r in local.rows_by_uuid(self.db.conn, spec, uuids).items():
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
