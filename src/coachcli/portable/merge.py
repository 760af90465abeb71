"""``coach import FILE``: merge a JSON export into a database, all or nothing.

Rules, in the order they are applied:

1. The file is read as it streams in (:class:`~coachcli.portable.importer.ExportReader`)
   and written in batches inside one ``BEGIN IMMEDIATE`` transaction: the
   first problem (not JSON, not a coachcli export, a newer format version, a
   record with a bad value, a duplicate UUID, a reference to a UUID that is
   neither earlier in the file nor in the database) refuses the whole file,
   naming it, and the transaction is rolled back: nothing was imported.
2. Records are matched by UUID. A record only in the file is added; one on
   both sides is replaced by the file's version when the file's
   ``updated_at`` is newer, and otherwise left alone. Its ``updated_at`` is
   copied, so importing the same file again changes nothing.
3. Timestamps cannot win merges they should not: a ``created_at`` or
   ``updated_at`` later than now plus ``MAX_CLOCK_SKEW`` (one day) refuses
   the file, since such a record would win every merge after it and undo
   every later edit.
4. A client is matched by UUID, else by name (as every command matches names):
   a file's ``Alice`` is merged into the database's ``alice``. With
   ``as_name`` the file's single client is merged into (or added as) that
   client: this is how a client's self-tracking file, where they are ``me``,
   reaches their coach. An import never renames a client the database has.
5. A record never moves to another parent (a goal to another client): only
   its own fields are updated.
6. Ids in the file are never trusted for numbering: a new record keeps its
   file id only when its table was empty before the import and the id is
   larger than every id before it (so a restore into an empty database keeps
   the ids people know); otherwise it is numbered after the largest id.
   Ids above ``MAX_ID`` are refused, so numbering never nears SQLite's limit.
7. Report settings (``coach config``) in the file are taken only where the
   database has none of its own, and never from a file imported with ``--as``.
8. An entry dated before its goal began or its step started is refused, as
   ``coach done`` refuses it (:func:`~coachcli.domain.logged.before_beginning`),
   once every record is in, so the beginning may come later in the file.
9. The transaction is journaled: ``coach undo`` reverts a whole import.
   ``--dry-run`` runs the same merge and rolls it back.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from itertools import islice
from operator import add, itemgetter, lt, methodcaller
from pathlib import Path
from typing import IO, Any

from coachcli.domain.logged import before_beginning
from coachcli.errors import InputError
from coachcli.limits import MAX_CLOCK_SKEW, MAX_IMPORT_CLIENTS, MAX_TEXT
from coachcli.portable.checks import ImportRefused
from coachcli.portable.fmt import SPECS, TABLES, TableSpec
from coachcli.portable.importer import ExportReader, ImportResult
from coachcli.portable.records import Record
from coachcli.store import Database, Tx
from coachcli.store.bulk import chunks, drop_indexes, pause_idle_triggers, restore_indexes
from coachcli.store.migrations import adopt_listed_commitments
from coachcli.store.queries import find_client, name_key
from coachcli.store.reportdata import SETTING_PREFIX
from coachcli.store.sync import rollback_in_memory

#: Records written per statement; SQLite's limit on bound parameters is 32766.
_BATCH = 2000
#: Page cache for an import, in KiB (SQLite's default is 2 MiB): enough to keep
#: the UUID indexes in memory at scale, small enough for the memory bound.
_CACHE_KIB = 48 * 1024
#: Parent UUIDs remembered per table before the memory is handed back.
_PARENT_CACHE = 50_000
_RECORD = itemgetter(1)
_UUID_OF, _ID_OF = itemgetter("uuid"), methodcaller("get", "id")
_CREATED, _UPDATED = itemgetter("created_at"), itemgetter("updated_at")
#: Tables whose own triggers read them by an index on each insert (a goal's latest status):
#: their indexes stay while they fill.
_READ_BY_TRIGGERS = frozenset({"status_changes"})
#: The tables other records point at.
_PARENT_TABLES = frozenset({"clients", "goals", "steps", "checkins", "groups"})


class _DryRun(Exception):
    """Rolls back a merge that was only planned."""


def import_file(
    db: Database, raw: IO[bytes], source: str, *, as_name: str | None = None,
    dry_run: bool = False, now: datetime | None = None,
) -> ImportResult:
    """Merge the export streaming from ``raw`` into ``db`` in one journaled transaction.

    ``now`` (default: the wall clock) is what "later than now" means for timestamps.
    """
    if as_name is not None:
        as_name = _check_as_name(as_name)
    reader = ExportReader(raw, source)
    latest = ((now or datetime.now(UTC)) + MAX_CLOCK_SKEW).astimezone(UTC)
    db.conn.execute(f"PRAGMA cache_size = {-_CACHE_KIB}")
    merge: _Merge | None = None
    try:
        with rollback_in_memory(db.conn), db.write(f"import {Path(source).name}") as tx:
            merge = _Merge(db, tx, source, as_name, latest)
            for spec, records in reader.tables():
                merge.table(spec, records)
            merge.finish(reader.settings)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    assert merge is not None
    merge.result.dry_run = dry_run
    return merge.result


def _check_as_name(as_name: str) -> str:
    name = as_name.strip()
    if not name or "\x00" in name or "\n" in name or "\r" in name or len(name) > MAX_TEXT:
        raise InputError("--as needs a client name on one line")
    return name


class _Merge:
    """The state of one import while its records stream through."""

    def __init__(self, db: Database, tx: Tx, source: str, as_name: str | None,
                 latest: datetime) -> None:
        self.db, self.tx, self.source, self.as_name = db, tx, source, as_name
        self.latest = latest.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
        self.result = ImportResult(
            new={s.name: 0 for s in TABLES}, updated={s.name: 0 for s in TABLES},
            unchanged={s.name: 0 for s in TABLES},
        )
        #: The largest id of each table before the import: a record found with a
        #: larger one was added by this import, so its UUID is in the file twice.
        self.start_max = {s.name: _select_max_id(db, s.name) for s in TABLES}
        self.last_id = dict(self.start_max)
        self.updated: dict[str, set[str]] = {s.name: set() for s in TABLES}
        self.parent_ids: dict[str, dict[str, int]] = {s.name: {} for s in TABLES}
        #: File client UUID -> database id, for clients merged by name or --as.
        self.client_map: dict[str, int] = {}
        self.client_names: dict[str, int] = {}  # name key -> index in the file
        self.clients_read = 0
        self.clients_seen = 0  # with --as: how many clients the file has
        #: Tables empty before the import are filled in bulk: their indexes are
        #: dropped at the first insert and rebuilt once at the end, in the same
        #: transaction, instead of kept up to date row by row.
        self.indexes: list[str] = []
        #: An import deletes nothing, so the triggers that would only clear tombstones and
        #: note changes for a hub not yet set up are left out while it writes.
        self.triggers = pause_idle_triggers(db.conn)

    # ------------------------------------------------------------ tables

    def table(self, spec: TableSpec, runs: Iterator[tuple[int, list[Record]]]) -> None:
        if spec.name == "clients" and self.as_name is not None:
            # --as takes a file of one client: count them all before placing the one.
            records = ((i, rec) for start, run in runs for i, rec in enumerate(run, start))
            clients = list(islice(records, MAX_IMPORT_CLIENTS + 1))
            self.clients_seen = len(clients) + sum(1 for _ in records)
            self._check_as_count()
            self._batch(spec, clients)
            return
        for start, run in runs:
            self._batch(spec, list(zip(range(start, start + len(run)), run, strict=True)))

    def finish(self, settings: dict[str, str]) -> None:
        self._check_as_count()
        restore_indexes(self.db.conn, self.indexes)
        restore_indexes(self.db.conn, self.triggers)
        from coachcli.store.health import dangling_group_links

        dangling = dangling_group_links(self.db)
        if dangling:
            raise ImportRefused(f"{self.source}: {', '.join(dangling)} name a group or challenge that is "
                                "neither in the file nor here; nothing was imported")
        for first, goal_id, step_id, began, began_id, started in _select_first_entries(
                self.db, self.start_max["actions"], self.updated["actions"]):
            why = before_beginning(first, goal_id=goal_id, began=began or started,
                                   began_ref=f"s{began_id}" if began_id else None, step_id=step_id,
                                   started=started)
            if why is not None:
                raise ImportRefused(f"{self.source}: {why}; nothing was imported")
        # An export made before commitments were records carries them as a check-in's list.
        adopt_listed_commitments(self.db.conn, self.tx)
        if self.as_name is not None:
            return  # a client's own file does not set the practice's thresholds
        taken = {k: v for k, v in settings.items() if not _select_meta_exists(self.db, k)}
        for key, value in taken.items():
            self.tx.set_meta(key, value)
        if taken:
            self.result.notes.append(
                f"Took {len(taken)} report setting(s) the database did not have: "
                + ", ".join(k.removeprefix(SETTING_PREFIX) for k in taken) + "."
            )

    def _check_as_count(self) -> None:
        if self.as_name is not None and self.clients_seen != 1:
            raise ImportRefused(
                f"{self.source} has {self.clients_seen} clients; --as NAME imports a file with "
                "exactly one (export one client with: coach export -c NAME)"
            )

    def _refuse(self, spec: TableSpec, i: int, rec: Record, problem: str) -> ImportRefused:
        return ImportRefused(f"{self.source}: {spec.name}[{i}] (uuid {rec['uuid']}): {problem}")

    def _batch(self, spec: TableSpec, batch: list[tuple[int, Record]]) -> None:
        name = spec.name
        records = list(map(_RECORD, batch))
        if max(map(_CREATED, records)) > self.latest or max(map(_UPDATED, records)) > self.latest:
            for i, rec in batch:
                for key in ("created_at", "updated_at"):
                    if rec[key] > self.latest:
                        raise self._refuse(spec, i, rec, (
                            f'"{key}" {rec[key]} is later than now plus {_days(MAX_CLOCK_SKEW)}; a '
                            "record from the future would win every merge after it (check the "
                            "clock where the file was written); nothing was imported"))
        uuids = list(map(_UUID_OF, records))
        existing = _select_by_uuid(self.db, name, uuids) if self.start_max[name] else {}
        parents = self._parents(spec, batch)
        if not existing and name != "clients" and len(set(uuids)) == len(uuids):
            self._insert(spec, batch, parents)  # all new, each once: what the loop below finds
            return
        fresh: list[tuple[int, Record]] = []
        in_batch: set[str] = set()
        for i, rec in batch:
            uuid = rec["uuid"]
            if uuid in in_batch:
                raise self._refuse(spec, i, rec, f"uuid {uuid} appears twice in {name}")
            in_batch.add(uuid)
            found = existing.get(uuid)
            if name == "clients" and self._client(i, rec, found, fresh):
                continue
            if found is None:
                fresh.append((i, rec))
                continue
            if found[0] > self.start_max[name] or uuid in self.updated[name]:
                raise self._refuse(spec, i, rec, f"uuid {uuid} appears twice in {name}")
            self._remember(name, uuid, found[0])
            if rec["updated_at"] > found[1]:
                columns = [c for c in spec.columns if not (name == "clients" and c == "name")]
                changes = {c: rec[c] for c in columns}
                changes["updated_at"] = rec["updated_at"]
                self.tx.update(name, found[0], changes)
                self.updated[name].add(uuid)
                self.result.updated[name] += 1
            else:
                self.result.unchanged[name] += 1
        self._insert(spec, fresh, parents)

    def _insert(self, spec: TableSpec, fresh: list[tuple[int, Record]],
                parents: dict[str, int]) -> None:
        if not fresh:
            return
        name = spec.name
        data = (*spec.columns, "created_at", "updated_at")
        parent_key = spec.parent_key
        columns: tuple[str, ...] = ("id", "uuid", *data)
        if spec.parent_column is not None and parent_key is not None:
            columns = ("id", "uuid", spec.parent_column, *data)
        keep = self.start_max[name] == 0  # file ids are kept only in a table that was empty
        if keep and self.last_id[name] == 0 and name not in _READ_BY_TRIGGERS:
            self.indexes += drop_indexes(self.db.conn, [name])
        values = itemgetter(*data)  # a record's columns in order, in one C call
        last = self.last_id[name]
        records = list(map(_RECORD, fresh))
        uuids = list(map(_UUID_OF, records))
        ids = self._ids(records, last, keep)
        last = ids[-1]
        front: Iterator[tuple[Any, ...]] = zip(ids, uuids, strict=True)
        if parent_key is not None:
            front = zip(ids, uuids, map(parents.__getitem__, map(itemgetter(parent_key), records)),
                        strict=True)
        rows = list(map(add, front, map(values, records)))  # (id, uuid[, parent], *data) each
        if name in _PARENT_TABLES:
            cache = self.parent_ids[name]
            if len(cache) + len(ids) > _PARENT_CACHE:
                cache.clear()
            cache.update(zip(uuids, ids, strict=True))
        self.last_id[name] = last
        try:
            self.tx.insert_many(name, columns, rows)
        except sqlite3.IntegrityError:
            # In a table that was empty nothing is looked up first: a UUID seen in an
            # earlier batch surfaces here, and is found among the rows of this import.
            ours = {r[0] for r in rows}
            earlier = _select_by_uuid(self.db, name, [r["uuid"] for _, r in fresh])
            for i, rec in fresh:
                hit = earlier.get(rec["uuid"])
                if hit is not None and hit[0] not in ours:
                    raise self._refuse(spec, i, rec, f"uuid {rec['uuid']} appears twice in {name}") \
                        from None
            raise
        self.result.new[name] += len(rows)

    @staticmethod
    def _ids(records: list[Record], last: int, keep: bool) -> list[int]:
        """The new records' ids: their own where kept (rising, above ``last``), else numbered on."""
        if not keep:
            return list(range(last + 1, last + 1 + len(records)))
        own = list(map(_ID_OF, records))
        if set(map(type, own)) == {int} and own[0] > last and all(map(lt, own, islice(own, 1, None))):
            return own
        ids = []
        for rid in own:
            last = rid if type(rid) is int and rid > last else last + 1
            ids.append(last)
        return ids

    def _remember(self, table: str, uuid: str, row_id: int) -> None:
        if table in _PARENT_TABLES:
            cache = self.parent_ids[table]
            if len(cache) >= _PARENT_CACHE:
                cache.clear()
            cache[uuid] = row_id

    def _parents(self, spec: TableSpec, batch: list[tuple[int, Record]]) -> dict[str, int]:
        """Parent UUID -> database id for the batch, from this import or the database.

        A reference found in neither refuses the import, naming the first such record.
        """
        if spec.parent_table is None or spec.parent_key is None:
            return {}
        key, table = spec.parent_key, spec.parent_table
        cache = self.parent_ids[table]
        found: dict[str, int] = {}
        wanted: set[str] = set()
        for ref in set(map(itemgetter(key), map(_RECORD, batch))):
            hit = self.client_map.get(ref) if table == "clients" else None
            if hit is None:
                hit = cache.get(ref)
            if hit is None:
                wanted.add(ref)
            else:
                found[ref] = hit
        if wanted:
            found.update({u: row[0] for u, row in _select_by_uuid(self.db, table, wanted).items()})
            for i, rec in batch:
                if rec[key] not in found:
                    raise self._refuse(spec, i, rec, (
                        f"refers to {key} {rec[key]}, which is neither in the file nor in the "
                        "database; nothing was imported"))
        return found

    # ------------------------------------------------------------ clients

    def _client(self, i: int, rec: Record, found: tuple[int, str] | None,
                fresh: list[tuple[int, Record]]) -> bool:
        """Place a file's client; True when it was merged or added here (not the usual way)."""
        spec = SPECS["clients"]
        self.clients_read += 1
        if self.clients_read > MAX_IMPORT_CLIENTS:
            raise self._refuse(spec, i, rec, f"an import holds at most {MAX_IMPORT_CLIENTS} clients")
        if self.as_name is not None:
            row = _select_client_by_name(self.db, self.as_name)
            if row is None and found is not None:
                row = _select_client_by_id(self.db, found[0])
            if row is None:
                self.result.notes.append(f"The file's client '{rec['name']}' was added as "
                                         f"'{self.as_name}'.")
                fresh.append((i, {**rec, "name": self.as_name}))
                return True
            return self._merged(rec, row)
        key = name_key(rec["name"])
        if key in self.client_names:
            raise ImportRefused(
                f"{self.source}: clients[{i}]: the name '{rec['name']}' is already used by "
                f"clients[{self.client_names[key]}] (names are compared ignoring case and accents)"
            )
        self.client_names[key] = i
        if found is not None or not self.start_max["clients"]:
            return False
        row = _select_client_by_name(self.db, rec["name"])
        return self._merged(rec, row) if row is not None else False

    def _merged(self, rec: Record, row: tuple[int, str]) -> bool:
        self.client_map[rec["uuid"]] = row[0]
        self.result.unchanged["clients"] += 1
        if row[1] != rec["name"]:
            self.result.notes.append(f"The file's client '{rec['name']}' was merged into '{row[1]}'.")
        return True


def _days(span: Any) -> str:
    days = span.days
    return "one day" if days == 1 else f"{days} days"


# ---------------------------------------------------------------- queries


def _select_by_uuid(db: Database, table: str, uuids: Iterable[str]) -> dict[str, tuple[int, str]]:
    """``uuid -> (id, updated_at)`` for those of ``uuids`` the table has."""
    if table not in SPECS:
        raise InputError(f"unknown table {table}")
    found: dict[str, tuple[int, str]] = {}
    for batch in chunks(uuids, _BATCH):
        marks = ", ".join("?" for _ in batch)
        for row in db.conn.execute(
            f"SELECT uuid, id, updated_at FROM {table} WHERE uuid IN ({marks})", batch
        ):
            found[row[0]] = (int(row[1]), str(row[2]))
    return found


def _select_client_by_name(db: Database, name: str) -> tuple[int, str] | None:
    """By name as every command matches it."""
    client = find_client(db, name)
    return (client.id, client.name) if client is not None else None


def _select_client_by_id(db: Database, client_id: int) -> tuple[int, str] | None:
    row = db.conn.execute("SELECT id, name FROM clients WHERE id = ?", (client_id,)).fetchone()
    return (int(row[0]), str(row[1])) if row is not None else None


def _select_meta_exists(db: Database, key: str) -> bool:
    return db.conn.execute("SELECT 1 FROM meta WHERE key = ?", (key,)).fetchone() is not None


def _select_first_entries(db: Database, after_id: int, updated: Iterable[str]
                          ) -> list[tuple[str, int, int, str | None, int | None, str]]:
    """Per step with actions new (id above ``after_id``) or updated by this import: its earliest
    such day, goal, step, the day its goal began (first status change, and its id) and the
    step's first planned day (the earliest start of any of its plans)."""
    import json

    # Without updates, the new actions are a range of ids, read from the (step, day) index;
    # an OR with the updated uuids would read every action's row instead.
    changed = sorted(updated)
    which = "id > ? OR uuid IN (SELECT value FROM json_each(?))" if changed else "id > ? AND ? = '[]'"
    return [tuple(r) for r in db.conn.execute(
        f"""
        WITH fresh AS (
          SELECT step_id, min(on_date) AS first FROM actions
          WHERE {which} GROUP BY step_id)
        SELECT f.first, s.goal_id, s.id,
          (SELECT x.on_date FROM status_changes x WHERE x.goal_id = s.goal_id
           ORDER BY x.on_date, x.created_at, x.uuid LIMIT 1),
          (SELECT x.id FROM status_changes x WHERE x.goal_id = s.goal_id
           ORDER BY x.on_date, x.created_at, x.uuid LIMIT 1),
          min(s.start_date, coalesce((SELECT min(q.start_date) FROM step_plans q
                                      WHERE q.step_id = s.id), s.start_date))
        FROM fresh f JOIN steps s ON s.id = f.step_id ORDER BY s.id
        """, (after_id, json.dumps(changed)))]


def _select_max_id(db: Database, table: str) -> int:
    return int(db.conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0])
