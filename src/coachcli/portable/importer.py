"""``coach import FILE``: merge a JSON export into a database, all or nothing.

Rules, in the order they are applied:

1. The whole file is read and checked before the database is touched: not
   JSON, not a coachcli export, a newer format version, a record with a bad
   value, a duplicate UUID, or a reference to a UUID that is neither in the
   file nor in the database is refused with the first problem named.
2. Records are matched by UUID. A record only in the file is added; one on
   both sides is replaced by the file's version when the file's
   ``updated_at`` is newer, and otherwise left alone. Its ``updated_at`` is
   copied, so importing the same file again changes nothing.
3. A client is matched by UUID, else by name (case-insensitively): a file's
   ``Alice`` is merged into the database's ``alice``. With ``as_name`` the
   file's single client is merged into (or added as) that client: this is how
   a client's self-tracking file, where they are ``me``, reaches their coach.
   An import never renames a client the database already has.
4. A record never moves to another parent (a goal to another client): only
   its own fields are updated.
5. New records keep their integer ids when none of them is taken in the
   database (a restore into an empty database keeps every id); otherwise
   they are numbered after the existing ones, in the file's order.
6. Report settings (``coach config``) in the file are taken only where the
   database has none of its own, and never from a file imported with ``--as``.
7. Everything is one ``BEGIN IMMEDIATE`` transaction, journaled: a killed
   import applies nothing, and ``coach undo`` reverts a whole import.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from coachcli.errors import CoachError, InputError, ScheduleError
from coachcli.portable.fmt import FORMAT_NAME, FORMAT_VERSION, SPECS, TABLES, Field, TableSpec, plural
from coachcli.portable.records import Record
from coachcli.store import Database
from coachcli.store.db import new_uuid
from coachcli.store.reportdata import SETTING_PREFIX

#: Longest text a record may carry, as for text typed on the command line.
MAX_TEXT = 10_000
_UUID = re.compile(r"[!-~]{1,100}")  # printable ASCII, no spaces
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: SQLite's limit on bound parameters is 32766 (3.32+); stay well below it.
_CHUNK = 500
#: Page cache for an import, in KiB (SQLite's default is 2 MiB).
_CACHE_KIB = 256 * 1024


class ImportRefused(InputError):
    """The file cannot be imported; nothing was changed."""


@dataclass(slots=True)
class Export:
    """A checked export: records per table, normalised (references still by UUID)."""

    source: str
    tables: dict[str, list[Record]]
    exported_at: str | None = None
    #: Report settings (``threshold.*`` meta keys) with their values as text.
    settings: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class ImportResult:
    new: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    #: Sentences about clients merged by name or added under --as.
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> str:
        """``Imported: 3 goals, 120 actions new; 2 updated; 540 unchanged.``"""
        new = [plural(s, self.new[s.name]) for s in TABLES if self.new.get(s.name)]
        verb = "Would import" if self.dry_run else "Imported"
        return (
            f"{verb}: {', '.join(new) if new else 'nothing'} new; "
            f"{sum(self.updated.values())} updated; {sum(self.unchanged.values())} unchanged."
        )


# ---------------------------------------------------------------- reading the file


def load_export(path: Path | str) -> Export:
    """Read and check an export file; raises :class:`ImportRefused` naming the first problem."""
    p = Path(path).expanduser()
    try:
        raw = p.read_bytes()
    except IsADirectoryError:
        raise ImportRefused(f"{p} is a directory, not an export file") from None
    except FileNotFoundError:
        raise ImportRefused(f"no such file: {p}") from None
    except OSError as exc:
        raise ImportRefused(f"cannot read {p}: {exc.strerror or exc}") from None
    return parse_export(raw, str(p))


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def parse_export(raw: bytes, source: str) -> Export:
    try:
        doc = json.loads(raw, parse_constant=_no_constants)
    except UnicodeDecodeError:
        raise ImportRefused(f"{source} is not a coachcli export: it is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise ImportRefused(
            f"{source} is not a coachcli export: not valid JSON (line {exc.lineno}, "
            f"column {exc.colno}: {exc.msg})"
        ) from None
    except ValueError as exc:
        raise ImportRefused(f"{source} is not a coachcli export: {exc}") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT_NAME:
        raise ImportRefused(
            f'{source} is not a coachcli export (it lacks "format": "{FORMAT_NAME}"); '
            "make one with: coach export --format json -o FILE"
        )
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ImportRefused(f'{source}: "version" must be a whole number, got {version!r}')
    if version > FORMAT_VERSION:
        raise ImportRefused(
            f"{source} is export format version {version}, written by a newer coachcli; "
            f"this one reads version {FORMAT_VERSION}: upgrade coachcli to import it"
        )
    tables: dict[str, list[Record]] = {}
    for spec in TABLES:
        records = doc.get(spec.name, [])
        if not isinstance(records, list):
            raise ImportRefused(f'{source}: "{spec.name}" must be a list of records')
        seen: set[str] = set()
        for i, rec in enumerate(records):
            where = f"{source}: {spec.name}[{i}]"
            if not isinstance(rec, dict):
                raise ImportRefused(f"{where} is not a record (an object)")
            try:
                _check_record(spec, rec)
            except _Bad as bad:
                uuid = rec.get("uuid")
                label = f" (uuid {uuid})" if isinstance(uuid, str) and _UUID.fullmatch(uuid) else ""
                raise ImportRefused(f"{where}{label}: {bad}") from None
            if rec["uuid"] in seen:
                raise ImportRefused(f"{where}: uuid {rec['uuid']} appears twice in {spec.name}")
            seen.add(rec["uuid"])
        tables[spec.name] = records
    names: dict[str, int] = {}
    for i, rec in enumerate(tables["clients"]):
        key = rec["name"].casefold()
        if key in names:
            raise ImportRefused(
                f"{source}: clients[{i}]: the name '{rec['name']}' is already used by "
                f"clients[{names[key]}] (names are case-insensitive)"
            )
        names[key] = i
    exported_at = doc.get("exported_at")
    return Export(
        source, tables, exported_at if isinstance(exported_at, str) else None,
        _check_settings(doc.get("settings"), source),
    )


def _check_settings(value: object, source: str) -> dict[str, str]:
    """The file's report settings; values this coachcli does not know are left out."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ImportRefused(f'{source}: "settings" must be an object of name: value')
    from coachcli.domain.signals import DEFAULT_SETTINGS, check_setting

    out: dict[str, str] = {}
    for key, raw in value.items():
        name = key.removeprefix(SETTING_PREFIX)
        if not key.startswith(SETTING_PREFIX) or name not in DEFAULT_SETTINGS:
            continue  # a setting from a newer coachcli: this one would not use it
        try:
            out[key] = repr(check_setting(name, str(raw)))
        except CoachError as exc:
            raise ImportRefused(f"{source}: settings[{key!r}]: {exc}") from None
    return out


class _Bad(Exception):
    """One problem with one value of a record."""


def _check_record(spec: TableSpec, rec: Record) -> None:
    """Check ``rec`` against ``spec`` and normalise it in place (the file can be large)."""
    rec["uuid"] = _uuid(rec.get("uuid"), "uuid")
    rid = rec.get("id")
    if rid is not None and (not isinstance(rid, int) or isinstance(rid, bool) or rid < 1):
        raise _Bad(f'"id" must be a positive whole number, got {_show(rid)}')
    parent_key = spec.parent_key
    if parent_key is not None:
        rec[parent_key] = _uuid(rec.get(parent_key), parent_key)
    for f in spec.fields:
        rec[f.name] = _value(f, rec.get(f.name))
    rec["created_at"] = _timestamp(rec.get("created_at"), "created_at")
    rec["updated_at"] = _timestamp(rec.get("updated_at"), "updated_at")
    if spec.name == "steps":
        if (rec["schedule"] is None) == (rec["due_date"] is None):
            raise _Bad('a step needs exactly one of "schedule" and "due_date"')
        if rec["until_date"] is not None and rec["until_date"] < rec["start_date"]:
            raise _Bad(f'"until_date" {rec["until_date"]} is before "start_date" {rec["start_date"]}')
    if spec.name == "ratings" and rec["importance"] is None and rec["confidence"] is None:
        raise _Bad('a rating needs "importance" or "confidence"')


def problem_with(spec: TableSpec, rec: Record) -> str | None:
    """What is wrong with one record in the export's shape, or None; ``rec`` is normalised in place.

    For records that arrive by other roads than a file (``coach sync``), checked by the same rules.
    """
    try:
        _check_record(spec, rec)
    except _Bad as bad:
        return str(bad)
    return None


def _uuid(value: object, name: str) -> str:
    if not isinstance(value, str) or not _UUID.fullmatch(value):
        raise _Bad(f'"{name}" must be a UUID, got {_show(value)}')
    return value


def _show(value: object) -> str:
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= 40 else text[:37] + "..."


def _text(value: object, name: str, *, one_line: bool = False) -> str:
    if not isinstance(value, str):
        raise _Bad(f'"{name}" must be text, got {_show(value)}')
    if "\x00" in value:
        raise _Bad(f'"{name}" contains a NUL character')
    if len(value) > MAX_TEXT:
        raise _Bad(f'"{name}" is {len(value)} characters long; the limit is {MAX_TEXT}')
    if one_line and ("\n" in value or "\r" in value):
        raise _Bad(f'"{name}" must be one line')
    return value


def _value(f: Field, value: object) -> object:
    """One field's value, checked and in the database's form (bools as 0/1, lists as JSON)."""
    if value is None:
        if f.required and f.kind not in ("bool", "list"):
            raise _Bad(f'"{f.name}" is required')
        if f.kind == "bool":
            return 0
        if f.kind == "list":
            return "[]"
        return None
    if f.kind in ("text", "line"):
        text = _text(value, f.name, one_line=f.kind == "line")
        if f.required and not text.strip():
            raise _Bad(f'"{f.name}" cannot be empty')
        return text
    if f.kind == "date":
        if not isinstance(value, str) or not _DATE.fullmatch(value):
            raise _Bad(f'"{f.name}" must be a date YYYY-MM-DD, got {_show(value)}')
        try:
            date.fromisoformat(value)
        except ValueError:
            raise _Bad(f'"{f.name}" is not a real date: {value}') from None
        return value
    if f.kind == "int":
        low, high = f.low, f.high
        if (
            not isinstance(value, int)
            or isinstance(value, bool)
            or (low is not None and value < low)
            or (high is not None and value > high)
        ):
            span = f" from {low} to {high}" if high is not None else f" of at least {low}"
            raise _Bad(f'"{f.name}" must be a whole number{span}, got {_show(value)}')
        return value
    if f.kind == "bool":
        if value not in (True, False, 0, 1) or isinstance(value, float):
            raise _Bad(f'"{f.name}" must be true or false, got {_show(value)}')
        return int(bool(value))
    if f.kind == "enum":
        if value not in f.choices:
            raise _Bad(f'"{f.name}" must be one of {", ".join(f.choices)}, got {_show(value)}')
        return value
    if f.kind == "list":
        if not isinstance(value, list):
            raise _Bad(f'"{f.name}" must be a list of texts, got {_show(value)}')
        return json.dumps([_text(v, f.name) for v in value], ensure_ascii=False)
    # schedule
    if not isinstance(value, str):
        raise _Bad(f'"{f.name}" must be a schedule rule, got {_show(value)}')
    from coachcli.domain.schedule import parse_schedule

    try:
        return parse_schedule(value).text
    except ScheduleError as exc:
        raise _Bad(f'"{f.name}": {exc}') from None


_CANONICAL_TIME = re.compile(
    r"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
    r"T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\.[0-9]{3}Z"
)


def _timestamp(value: object, name: str) -> str:
    """An ISO 8601 instant, rewritten in the database's form so text order is time order."""
    if isinstance(value, str) and _CANONICAL_TIME.fullmatch(value):
        return value  # what coachcli writes: most of every file
    if not isinstance(value, str) or "T" not in value:
        raise _Bad(f'"{name}" must be an ISO 8601 timestamp, got {_show(value)}')
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _Bad(f'"{name}" must be an ISO 8601 timestamp, got {_show(value)}') from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


# ---------------------------------------------------------------- planning and applying


@dataclass(slots=True)
class _TablePlan:
    spec: TableSpec
    columns: tuple[str, ...] = ()
    inserts: list[tuple[Any, ...]] = field(default_factory=list)
    updates: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    unchanged: int = 0


def import_export(
    db: Database, export: Export, *, as_name: str | None = None, dry_run: bool = False
) -> ImportResult:
    """Merge ``export`` into ``db`` in one journaled transaction (or only plan it)."""
    if as_name is not None:
        as_name = _check_as_name(as_name, export)
    # A larger page cache for this connection: inserting many random UUIDs into
    # their unique index otherwise rereads the same pages again and again.
    db.conn.execute(f"PRAGMA cache_size = {-_CACHE_KIB}")
    if dry_run:
        plans, notes, _ = _plan(db, export, as_name)
    else:
        with db.write(f"import {Path(export.source).name}") as tx:
            plans, notes, settings = _plan(db, export, as_name)
            for plan in plans:
                tx.insert_many(plan.spec.name, plan.columns, plan.inserts)
                for row_id, changes in plan.updates:
                    tx.update(plan.spec.name, row_id, changes)
            for key, value in settings.items():
                tx.set_meta(key, value)
    return ImportResult(
        new={p.spec.name: len(p.inserts) for p in plans},
        updated={p.spec.name: len(p.updates) for p in plans},
        unchanged={p.spec.name: p.unchanged for p in plans},
        notes=notes,
        dry_run=dry_run,
    )


def _check_as_name(as_name: str, export: Export) -> str:
    name = as_name.strip()
    if not name or "\x00" in name or "\n" in name or len(name) > MAX_TEXT:
        raise InputError("--as needs a client name on one line")
    count = len(export.tables["clients"])
    if count != 1:
        raise ImportRefused(
            f"{export.source} has {count} clients; --as NAME imports a file with exactly one "
            "(export one client with: coach export -c NAME)"
        )
    return name


def _plan(
    db: Database, export: Export, as_name: str | None
) -> tuple[list[_TablePlan], list[str], dict[str, str]]:
    """Decide, for every record, whether it is new, newer or unchanged, and where it goes."""
    ids: dict[str, dict[str, int]] = {}  # table -> file uuid -> database id
    plans: list[_TablePlan] = []
    notes: list[str] = []
    settings: dict[str, str] = {}
    if as_name is None:  # a client's own file does not set the practice's thresholds
        settings = {k: v for k, v in export.settings.items() if not _select_meta_exists(db, k)}
        if settings:
            notes.append(
                f"Took {len(settings)} report setting(s) the database did not have: "
                + ", ".join(k.removeprefix(SETTING_PREFIX) for k in settings) + "."
            )
    for spec in TABLES:
        records = export.tables[spec.name]
        plan = _TablePlan(spec)
        plans.append(plan)
        existing = _select_by_uuid(db, spec.name, (r["uuid"] for r in records))
        parents = _parents(db, export, spec, records, ids)
        mapping: dict[str, int] = {}
        fresh: list[tuple[str, Record]] = []  # (uuid in the file, record to add)
        for rec in records:
            found = existing.get(rec["uuid"])
            if spec.name == "clients":
                target = _client_target(db, rec, found, as_name)
                if isinstance(target, tuple):
                    mapping[rec["uuid"]] = target[0]
                    plan.unchanged += 1
                    if target[1] != rec["name"]:
                        notes.append(f"The file's client '{rec['name']}' was merged into '{target[1]}'.")
                    continue
                if isinstance(target, str):
                    notes.append(f"The file's client '{rec['name']}' was added as '{target}'.")
                    new_uuid_taken = bool(_select_by_uuid(db, "clients", [rec["uuid"]]))
                    fresh.append((rec["uuid"], {**rec, "name": target,
                                                "uuid": new_uuid() if new_uuid_taken else rec["uuid"]}))
                    continue
            if found is None:
                fresh.append((rec["uuid"], rec))
                continue
            mapping[rec["uuid"]] = found[0]
            if rec["updated_at"] > found[1]:
                columns = [c for c in spec.columns if not (spec.name == "clients" and c == "name")]
                changes = {c: rec[c] for c in columns}
                changes["updated_at"] = rec["updated_at"]
                plan.updates.append((found[0], changes))
            else:
                plan.unchanged += 1
        data = (*spec.columns, "created_at", "updated_at")
        parent_key = spec.parent_key
        if spec.parent_column is not None and parent_key is not None:
            plan.columns = ("id", "uuid", spec.parent_column, *data)
        else:
            plan.columns = ("id", "uuid", *data)
        new_ids = _new_ids(db, spec.name, [r for _, r in fresh])
        for (file_uuid, rec), row_id in zip(fresh, new_ids, strict=True):
            mapping[file_uuid] = row_id
            values = tuple(rec[c] for c in data)
            if parent_key is not None:
                plan.inserts.append((row_id, rec["uuid"], parents[rec[parent_key]], *values))
            else:
                plan.inserts.append((row_id, rec["uuid"], *values))
        ids[spec.name] = mapping
    return plans, notes, settings


def _parents(
    db: Database, export: Export, spec: TableSpec, records: Sequence[Record],
    ids: dict[str, dict[str, int]],
) -> dict[str, int]:
    """Parent uuid -> database id for every record, from the file or the database.

    A reference found in neither refuses the import, naming the first such record.
    """
    if spec.parent_table is None or spec.parent_key is None:
        return {}
    from_file = ids[spec.parent_table]
    key = spec.parent_key
    in_db = _select_by_uuid(db, spec.parent_table, {r[key] for r in records} - from_file.keys())
    for i, rec in enumerate(records):
        ref = rec[key]
        if ref not in from_file and ref not in in_db:
            raise ImportRefused(
                f"{export.source}: {spec.name}[{i}] (uuid {rec['uuid']}) refers to {key} {ref}, "
                "which is neither in the file nor in the database; nothing was imported"
            )
    return {**{u: row[0] for u, row in in_db.items()}, **from_file}


def _client_target(
    db: Database, rec: Record, found: tuple[int, str] | None, as_name: str | None
) -> tuple[int, str] | str | None:
    """Where a file's client goes.

    ``(id, name)``: merged into that existing client (its record is left as it
    is); a ``str``: added under that name (``--as``); None: the ordinary UUID
    rules (added if new, updated if newer).
    """
    if as_name is not None:
        row = _select_client_by_name(db, as_name)
        if row is None and found is not None:
            row = _select_client_by_id(db, found[0])
        return row if row is not None else as_name
    if found is not None:
        return None
    return _select_client_by_name(db, rec["name"])


def _new_ids(db: Database, table: str, fresh: Sequence[Record]) -> list[int]:
    """Keep the file's ids when all are free; otherwise number after the current maximum."""
    if not fresh:
        return []
    wanted = [r.get("id") for r in fresh]
    if all(isinstance(i, int) for i in wanted) and len(set(wanted)) == len(wanted):
        kept = [int(i) for i in wanted if isinstance(i, int)]
        if not _select_taken_ids(db, table, kept):
            return kept
    start = _select_max_id(db, table) + 1
    return list(range(start, start + len(fresh)))


# ---------------------------------------------------------------- queries


def _chunks(values: Iterable[Any]) -> Iterable[list[Any]]:
    batch: list[Any] = []
    for v in values:
        batch.append(v)
        if len(batch) == _CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def _select_by_uuid(db: Database, table: str, uuids: Iterable[str]) -> dict[str, tuple[int, str]]:
    """``uuid -> (id, updated_at)`` for those of ``uuids`` the table has."""
    if table not in SPECS:
        raise CoachError(f"unknown table {table}")
    if db.conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is None:
        return {}
    found: dict[str, tuple[int, str]] = {}
    for batch in _chunks(uuids):
        marks = ", ".join("?" for _ in batch)
        for row in db.conn.execute(
            f"SELECT uuid, id, updated_at FROM {table} WHERE uuid IN ({marks})", batch
        ):
            found[row[0]] = (int(row[1]), str(row[2]))
    return found


def _select_client_by_name(db: Database, name: str) -> tuple[int, str] | None:
    """By name as every command matches it: case-insensitively, beyond ASCII too."""
    from coachcli.store.queries import find_client

    client = find_client(db, name)
    return (client.id, client.name) if client is not None else None


def _select_client_by_id(db: Database, client_id: int) -> tuple[int, str] | None:
    row = db.conn.execute("SELECT id, name FROM clients WHERE id = ?", (client_id,)).fetchone()
    return (int(row[0]), str(row[1])) if row is not None else None


def _select_taken_ids(db: Database, table: str, ids: Sequence[int]) -> bool:
    if db.conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is None:
        return False
    for batch in _chunks(ids):
        marks = ", ".join("?" for _ in batch)
        if db.conn.execute(f"SELECT 1 FROM {table} WHERE id IN ({marks}) LIMIT 1", batch).fetchone():
            return True
    return False


def _select_meta_exists(db: Database, key: str) -> bool:
    return db.conn.execute("SELECT 1 FROM meta WHERE key = ?", (key,)).fetchone() is not None


def _select_max_id(db: Database, table: str) -> int:
    return int(db.conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0])
