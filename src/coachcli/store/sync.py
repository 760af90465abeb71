"""The local side of ``coach sync``: what changed here, and applying what came from the hub.

Changes are noted by triggers (migration 0004): ``changes`` holds every record
inserted or updated since the oldest hub last received it, ``tombstones``
every record deleted, both numbered in order of change. A peer (one hub) keeps
``sent_change`` (local changes up to it were sent) and ``hub_seq`` (hub
changes up to it were received); both move only when a sync commits.

Records travel as dicts in the hub's shape (:func:`coachcli.hub.schema.hub_columns`
order: uuid, parent uuid, client uuid, fields, timestamps), values as stored here.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from coachcli.clock import utc_now
from coachcli.store.bulk import chunks
from coachcli.store.db import Database
from coachcli.store.migrations import SYNCED
from coachcli.store.schema import LOCAL_ONLY
from coachcli.store.tx import Tx

if TYPE_CHECKING:
    from coachcli.portable.fmt import TableSpec

Row = dict[str, Any]
_CHUNK = 500
#: A client's fields that are each side's own once it has arrived: the name (Alice's ``me``),
#: and whether it is archived (a coach archiving a client never locks a self-tracker out).
OWN_CLIENT_FIELDS = ("name", "archived_on")

#: How a table's rows reach their parent's and their client's uuids.
_JOINS: dict[str, tuple[str, str, str]] = {
    # table: (joins, parent uuid, client uuid)
    "clients": ("", "NULL", "t.uuid"),
    "goals": ("JOIN clients c ON c.id = t.client_id", "c.uuid", "c.uuid"),
    "checkins": ("JOIN clients c ON c.id = t.client_id", "c.uuid", "c.uuid"),
    "status_changes": ("JOIN goals p ON p.id = t.goal_id JOIN clients c ON c.id = p.client_id",
                       "p.uuid", "c.uuid"),
    "ratings": ("JOIN goals p ON p.id = t.goal_id JOIN clients c ON c.id = p.client_id",
                "p.uuid", "c.uuid"),
    "steps": ("JOIN goals p ON p.id = t.goal_id JOIN clients c ON c.id = p.client_id",
              "p.uuid", "c.uuid"),
    "actions": ("JOIN steps p ON p.id = t.step_id JOIN goals g ON g.id = p.goal_id"
                " JOIN clients c ON c.id = g.client_id", "p.uuid", "c.uuid"),
    "step_plans": ("JOIN steps p ON p.id = t.step_id JOIN goals g ON g.id = p.goal_id"
                   " JOIN clients c ON c.id = g.client_id", "p.uuid", "c.uuid"),
    "commitments": ("JOIN checkins p ON p.id = t.checkin_id JOIN clients c ON c.id = p.client_id",
                    "p.uuid", "c.uuid"),
}
#: Each table's children, by their integer foreign key.
_CHILDREN: dict[str, tuple[tuple[str, str], ...]] = {
    "clients": (("goals", "client_id"), ("checkins", "client_id"),
                ("group_members", "client_id"), ("group_consents", "client_id")),
    "goals": (("status_changes", "goal_id"), ("ratings", "goal_id"), ("steps", "goal_id")),
    "steps": (("step_plans", "step_id"), ("actions", "step_id"), ("group_steps", "step_id")),
    "checkins": (("commitments", "checkin_id"),),
}


def shape(spec: TableSpec) -> tuple[str, ...]:
    """A record as it travels: uuid, parent uuid, client uuid (when not the parent), fields, times."""
    parent = (spec.parent_key,) if spec.parent_key else ()
    extra = ("client_uuid",) if spec.parent_key not in (None, "client_uuid") else ()
    return ("uuid", *parent, *extra, *spec.columns, "created_at", "updated_at")


def _select(spec: TableSpec) -> str:
    joins, parent, client = _JOINS[spec.name]
    exprs = {"uuid": "t.uuid", "client_uuid": client}
    if spec.parent_key:
        exprs[spec.parent_key] = parent
    cols = [exprs.get(c, f"t.{c}") for c in shape(spec)]
    return f"SELECT t.id, {', '.join(cols)} FROM {spec.name} t {joins}"


def _table(name: str) -> str:
    """A record table's name, checked: table names come from the hub too."""
    if name not in SYNCED and name not in LOCAL_ONLY:  # local-only: children a hub deletion takes
        raise ValueError(f"not a record table: {name!r}")
    return name


# ---------------------------------------------------------------- peers


@dataclass(frozen=True, slots=True)
class Peer:
    hub: str
    sent_change: int
    hub_seq: int
    synced_at: str | None

    @property
    def first(self) -> bool:
        """Never synced to the end: everything here counts as changed."""
        return self.synced_at is None


def peer_addresses(db: Database) -> list[str]:
    return [str(r[0]) for r in db.conn.execute("SELECT hub FROM sync_peers ORDER BY hub")]


def ensure_peer(tx: Tx, hub: str) -> Peer:
    """The peer row for ``hub``, created if new (from then on, local changes are noted)."""
    tx.conn.execute("INSERT OR IGNORE INTO sync_peers (hub) VALUES (?)", (hub,))
    peer = read_peer(tx.conn, hub)
    assert peer is not None
    return peer


def next_change(conn: sqlite3.Connection) -> int:
    """The number the next local change will get."""
    from coachcli.store.migrations import NEXT_CHANGE

    return int(conn.execute(f"SELECT {NEXT_CHANGE}").fetchone()[0])


Ranges = Sequence[tuple[int, int]]


def _gaps(since: int, ours: Ranges) -> list[tuple[int, int]]:
    """The change numbers after ``since`` outside ``ours`` (inclusive ranges): others' writes."""
    out: list[tuple[int, int]] = []
    start = since + 1
    for lo, hi in sorted(ours):
        if lo > start:
            out.append((start, lo - 1))
        start = max(start, hi + 1)
    out.append((start, 2**62))
    return out


def changed_by_others(conn: sqlite3.Connection, uuids: Iterable[str], since: int, ours: Ranges) -> set[str]:
    """Those of ``uuids`` changed or deleted here after change ``since`` by another command
    (not in the change ranges ``ours``, a sync's own writes)."""
    found: set[str] = set()
    for batch in chunks(set(uuids), _CHUNK):
        marks = ", ".join("?" for _ in batch)
        for table in ("changes", "tombstones"):
            for u, change in conn.execute(
                f"SELECT uuid, change FROM {table} WHERE change > ? AND uuid IN ({marks})", (since, *batch)
            ):
                if not any(lo <= change <= hi for lo, hi in ours):
                    found.add(str(u))
    return found


def finish_peer(
    tx: Tx, hub: str, hub_seq: int, *, held: Sequence[tuple[str, str]] = (),
    since: int | None = None, ours: Ranges = (),
) -> None:
    """After a successful exchange: everything noted so far is sent, the hub read up to ``hub_seq``.

    ``held`` (table, uuid) were not sent (their client is not shared with this
    role now): they are noted again as changed after this sync, so that they
    travel once the client is shared again. So are the changes and deletions
    other commands made here while the sync ran (after change ``since``,
    outside the sync's own change ranges ``ours``): the sync did not send them.
    Changes every peer was sent are forgotten.
    """
    clock = next_change(tx.conn) - 1
    if since is not None:
        for lo, hi in _gaps(since, ours):
            for table in ("changes", "tombstones"):
                tx.conn.execute(f"UPDATE {table} SET change = ? WHERE change BETWEEN ? AND ?",
                                (clock + 1, lo, hi))
    tx.conn.execute(
        "UPDATE sync_peers SET sent_change = ?, hub_seq = ?, synced_at = ? WHERE hub = ?",
        (clock, hub_seq, utc_now(), hub),
    )
    tx.conn.executemany(
        "INSERT OR REPLACE INTO changes (uuid, tbl, change) VALUES (?, ?, ?)",
        ((uuid, _table(table), clock + 1) for table, uuid in held),
    )
    tx.conn.execute("DELETE FROM changes WHERE change <= (SELECT min(sent_change) FROM sync_peers)")


def read_peer(conn: sqlite3.Connection, hub: str) -> Peer | None:
    row = conn.execute(
        "SELECT hub, sent_change, hub_seq, synced_at FROM sync_peers WHERE hub = ?", (hub,)
    ).fetchone()
    return None if row is None else Peer(str(row[0]), int(row[1]), int(row[2]), row[3])


@contextmanager
def private_copy(db: Database) -> Iterator[Database]:
    """A copy of ``db`` in a private temporary directory, removed afterwards (a dry run's)."""
    import shutil
    import tempfile
    from pathlib import Path

    where = Path(tempfile.mkdtemp(prefix="coach-dry-run-"))
    try:
        target = where / "copy.db"
        with contextlib.closing(sqlite3.connect(target)) as dst:
            db.conn.backup(dst)
        copy = Database.open(target)
        try:
            yield copy
        finally:
            copy.close()
    finally:
        shutil.rmtree(where, ignore_errors=True)


def seal_journal(tx: Tx) -> int:
    """A sync that changed this file is an undo boundary: forget every write before it.

    The journal names records by local ids, and a sync deletes and inserts
    records under ids of its own: undoing an earlier write could then revert
    a colleague's record. How many writes were forgotten.
    """
    cur = tx.conn.execute("DELETE FROM journal")
    return int(cur.rowcount)


# ---------------------------------------------------------------- reading local records


def client_uuids(conn: sqlite3.Connection) -> dict[str, str]:
    """uuid -> name of every local client."""
    return {str(u): str(n) for u, n in conn.execute("SELECT uuid, name FROM clients")}


def client_named(conn: sqlite3.Connection, name: str) -> tuple[int, str] | None:
    row = conn.execute("SELECT id, uuid FROM clients WHERE name = ? COLLATE NOCASE", (name,)).fetchone()
    return (int(row[0]), str(row[1])) if row else None


def set_client_uuid(tx: Tx, client_id: int, uuid: str) -> None:
    """Give a client the hub's UUID for it (a self-tracker's ``me``); its records follow by id."""
    tx.conn.execute("UPDATE clients SET uuid = ? WHERE id = ?", (uuid, client_id))


def changed_since(conn: sqlite3.Connection, since: int) -> dict[str, set[str]]:
    """table -> uuids inserted or updated here after change ``since``."""
    out: dict[str, set[str]] = {t: set() for t in SYNCED}
    for uuid, tbl in conn.execute("SELECT uuid, tbl FROM changes WHERE change > ?", (since,)):
        out.setdefault(str(tbl), set()).add(str(uuid))
    return out


def tombstones_since(conn: sqlite3.Connection, since: int) -> list[tuple[str, str]]:
    """(uuid, table) deleted here after change ``since``, oldest first."""
    return [
        (str(u), str(t))
        for u, t in conn.execute(
            "SELECT uuid, tbl FROM tombstones WHERE change > ? ORDER BY change", (since,)
        )
    ]


def all_uuids(conn: sqlite3.Connection, table: str) -> Iterator[list[str]]:
    """Every uuid of a table, in batches (a first sync sends everything)."""
    cur = conn.execute(f"SELECT uuid FROM {_table(table)} ORDER BY id")
    while True:
        rows = cur.fetchmany(5000)
        if not rows:
            return
        yield [str(r[0]) for r in rows]


def rows_by_uuid(conn: sqlite3.Connection, spec: TableSpec, uuids: Iterable[str]) -> dict[str, Row]:
    """The local version of those of ``uuids`` this table has, with ``id`` added."""
    keys = ("id", *shape(spec))
    sql = _select(spec)
    found: dict[str, Row] = {}
    cur = conn.cursor()
    cur.row_factory = None
    for batch in chunks(uuids, _CHUNK):
        marks = ", ".join("?" for _ in batch)
        for row in cur.execute(f"{sql} WHERE t.uuid IN ({marks})", batch):
            found[row[1]] = dict(zip(keys, row, strict=True))
    return found


def clients_of(conn: sqlite3.Connection, table: str, uuids: Iterable[str]) -> dict[str, str]:
    """uuid -> client uuid of those of ``uuids`` this table has (the parent check of a sync)."""
    joins, _parent, client = _JOINS[_table(table)]
    found: dict[str, str] = {}
    for batch in chunks(set(uuids), _CHUNK):
        marks = ", ".join("?" for _ in batch)
        for u, c in conn.execute(f"SELECT t.uuid, {client} FROM {table} t {joins} WHERE t.uuid IN ({marks})",
                                 batch):
            found[str(u)] = str(c)
    return found


def descendants(conn: sqlite3.Connection, table: str, uuid: str) -> list[tuple[str, str]]:
    """(table, uuid) of a record and everything under it, children before parents."""
    out: list[tuple[str, str]] = []
    row = conn.execute(f"SELECT id FROM {_table(table)} WHERE uuid = ?", (uuid,)).fetchone()
    if row is None:
        return out

    def walk(tbl: str, row_id: int) -> None:
        for child, fk in _CHILDREN.get(tbl, ()):
            for cid, cuuid in conn.execute(f"SELECT id, uuid FROM {child} WHERE {fk} = ?", (row_id,)):
                walk(child, int(cid))
                out.append((child, str(cuuid)))

    walk(table, int(row[0]))
    out.append((table, uuid))
    return out


# ---------------------------------------------------------------- applying hub records


@contextmanager
def rollback_in_memory(conn: sqlite3.Connection) -> Iterator[None]:
    """Keep each statement's rollback copy in memory while a sync writes what the hub sent.

    An insert whose triggers write other tables keeps a copy of every page it
    touches, so that it can be undone alone; by default that copy goes to a
    temporary file, and a first sync (half a million records) spent a third of
    its time writing it (~15 writes per record). The copy is a few pages per
    statement. The setting is this connection's and goes back afterwards
    (``VACUUM`` would otherwise build its copy of the whole file in memory).
    """
    before = int(conn.execute("PRAGMA temp_store").fetchone()[0])
    conn.execute("PRAGMA temp_store = MEMORY")
    try:
        yield
    finally:
        with contextlib.suppress(sqlite3.Error):  # never hides why a sync stopped
            conn.execute(f"PRAGMA temp_store = {before}")



def delete_records(tx: Tx, records: Sequence[tuple[str, str]]) -> None:
    """Delete (table, uuid) pairs, children first; the triggers leave tombstones."""
    for table, uuid in records:
        tx.conn.execute(f"DELETE FROM {_table(table)} WHERE uuid = ?", (uuid,))


def insert_records(tx: Tx, spec: TableSpec, rows: Sequence[Row], *, names: dict[str, str]) -> int:
    """Add hub records; their parents must be here. Returns how many were added.

    A record whose parent is missing here (deleted meanwhile) is left out.
    ``names`` gives a local name for a client whose hub name is taken here.
    """
    if not rows:
        return 0
    parent_ids: dict[str, int] = {}
    if spec.parent_table and spec.parent_key:
        wanted = {r[spec.parent_key] for r in rows}
        for batch in chunks(wanted, _CHUNK):
            marks = ", ".join("?" for _ in batch)
            for u, i in tx.conn.execute(
                f"SELECT uuid, id FROM {spec.parent_table} WHERE uuid IN ({marks})", batch
            ):
                parent_ids[str(u)] = int(i)
        rows = [r for r in rows if r[spec.parent_key] in parent_ids]
    # New ids in the order the records were made, as on the machine that made them: the hub
    # hands them over in no order, and lists (a goal's steps) follow ids.
    rows = sorted(rows, key=lambda r: (str(r["created_at"]), str(r["uuid"])))
    start = int(tx.conn.execute(f"SELECT coalesce(max(id), 0) FROM {spec.name}").fetchone()[0]) + 1
    data = (*spec.columns, "created_at", "updated_at")
    if spec.parent_column and spec.parent_key:
        columns: tuple[str, ...] = ("id", "uuid", spec.parent_column, *data)
    else:
        columns = ("id", "uuid", *data)
    values: list[tuple[Any, ...]] = []
    fields = itemgetter(*data)  # several: the times at least, so a tuple
    key = spec.parent_key
    for i, row in enumerate(rows):
        r = {**row, "name": names[row["uuid"]]} if spec.name == "clients" and row["uuid"] in names else row
        parent = (parent_ids[r[key]],) if key else ()
        values.append((start + i, r["uuid"], *parent, *fields(r)))
    tx.insert_many(spec.name, columns, values)
    return len(values)


def update_records(tx: Tx, spec: TableSpec, rows: Sequence[tuple[int, Row]]) -> None:
    """Take a hub version's own fields (never its parent, never a client's name)."""
    own = OWN_CLIENT_FIELDS if spec.name == "clients" else ()
    cols = [c for c in (*spec.columns, "updated_at") if c not in own]
    for row_id, r in rows:
        tx.update(spec.name, row_id, {c: r[c] for c in cols})


# ---------------------------------------------------------------- conflicts


@dataclass(frozen=True, slots=True)
class Conflict:
    at: str
    hub: str
    table: str
    uuid: str
    kept: str  # local | hub
    kept_version: Row | None  # None: the record was deleted
    lost_version: Row | None


def record_conflict(
    tx: Tx, hub: str, table: str, uuid: str, *, kept: str, kept_version: Row | None, lost: Row | None
) -> None:
    def dump(v: Row | None) -> str | None:
        return None if v is None else json.dumps({k: x for k, x in v.items() if k != "id"},
                                                 ensure_ascii=False)

    lost_text = dump(lost)
    if tx.conn.execute(
        "SELECT 1 FROM sync_conflicts WHERE uuid = ? AND tbl = ? AND hub = ? AND lost_version IS ?",
        (uuid, table, hub, lost_text),
    ).fetchone():
        return  # kept already, by a sync that stopped before it finished
    tx.conn.execute(
        "INSERT INTO sync_conflicts (hub, tbl, uuid, at, kept, kept_version, lost_version)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (hub, table, uuid, tx.now, kept, dump(kept_version), lost_text),
    )


def forget_client(tx: Tx, client_uuid: str) -> int:
    """Remove the conflict versions that hold a client's records; how many went.

    For a purge (``coach client delete --purge``): the conflicts list keeps
    copies of records, and tombstones and change notes keep only UUIDs.
    """
    cur = tx.conn.execute(
        "DELETE FROM sync_conflicts WHERE (tbl = 'clients' AND uuid = ?)"
        " OR json_extract(kept_version, '$.client_uuid') = ?"
        " OR json_extract(lost_version, '$.client_uuid') = ?",
        (client_uuid, client_uuid, client_uuid),
    )
    return int(cur.rowcount)


def conflicts(db: Database) -> list[Conflict]:
    """Every conflict kept, newest first."""
    return [
        Conflict(
            str(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]),
            None if r[5] is None else json.loads(r[5]), None if r[6] is None else json.loads(r[6]),
        )
        for r in db.conn.execute(
            "SELECT at, hub, tbl, uuid, kept, kept_version, lost_version FROM sync_conflicts"
            " ORDER BY id DESC"
        )
    ]
