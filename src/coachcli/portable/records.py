"""Reading records out of the database in the export's shape (references by UUID).

The SQL is in :func:`select_records`; everything else turns rows into plain
dicts. Rows are streamed, never all held at once, so exporting years of
data for hundreds of clients costs little memory.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from coachcli.portable.fmt import TableSpec
from coachcli.store.reportdata import SETTING_PREFIX

Record = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Scope:
    """Which clients an export covers: all of them (``client_ids`` None) or some."""

    client_ids: tuple[int, ...] | None = None
    names: tuple[str, ...] = ()

    @property
    def everything(self) -> bool:
        return self.client_ids is None


def _converter(spec: TableSpec) -> Callable[[tuple[Any, ...]], Record]:
    """A function from a row (in :attr:`TableSpec.keys` order) to a record.

    Built once per table: exports run it for every row, often millions of times.
    """
    keys = spec.keys
    bools = [i for i, k in enumerate(keys) if k in {f.name for f in spec.fields if f.kind == "bool"}]
    lists = [i for i, k in enumerate(keys) if k in {f.name for f in spec.fields if f.kind == "list"}]
    if not bools and not lists:
        return lambda row: dict(zip(keys, row, strict=True))

    def convert(row: tuple[Any, ...]) -> Record:
        values = list(row)
        for i in bools:
            values[i] = bool(values[i])
        for i in lists:
            values[i] = json.loads(values[i]) if values[i] else []
        return dict(zip(keys, values, strict=True))

    return convert


# ---------------------------------------------------------------- queries

#: How each table reaches its client, for scoping an export to some clients.
_JOINS: dict[str, tuple[str, str]] = {
    "clients": ("", "t.id"),
    "goals": ("JOIN clients p ON p.id = t.client_id", "t.client_id"),
    "status_changes": ("JOIN goals p ON p.id = t.goal_id", "p.client_id"),
    "ratings": ("JOIN goals p ON p.id = t.goal_id", "p.client_id"),
    "steps": ("JOIN goals p ON p.id = t.goal_id", "p.client_id"),
    "step_plans": (
        "JOIN steps p ON p.id = t.step_id JOIN goals g ON g.id = p.goal_id",
        "g.client_id",
    ),
    "actions": (
        "JOIN steps p ON p.id = t.step_id JOIN goals g ON g.id = p.goal_id",
        "g.client_id",
    ),
    "checkins": ("JOIN clients p ON p.id = t.client_id", "t.client_id"),
    "commitments": ("JOIN checkins p ON p.id = t.checkin_id", "p.client_id"),
    # Groups are the coach's, and hold several clients: an export of some clients carries
    # none of them (NULL matches no id), so it names no other member.
    "groups": ("", "NULL"),
    "group_members": ("JOIN clients p ON p.id = t.client_id", "NULL"),
    "group_consents": ("JOIN clients p ON p.id = t.client_id", "NULL"),
    "group_challenges": ("JOIN groups p ON p.id = t.group_id", "NULL"),
    "group_steps": ("JOIN steps p ON p.id = t.step_id", "NULL"),
    "group_sessions": ("JOIN groups p ON p.id = t.group_id", "NULL"),
}


def _query(spec: TableSpec, scope: Scope, columns: Sequence[str]) -> tuple[str, Sequence[int]]:
    """The SELECT of ``columns`` (over ``t``, the table, and ``p``, its parent) for ``scope``."""
    join, client_col = _JOINS[spec.name]
    where = ""
    params: Sequence[int] = ()
    if scope.client_ids is not None:
        params = scope.client_ids
        where = f"WHERE {client_col} IN ({', '.join('?' for _ in params)})"
    return f"SELECT {', '.join(columns)} FROM {spec.name} t {join} {where} ORDER BY t.id", params


def _columns(spec: TableSpec) -> list[str]:
    """The SQL expression of each of a record's keys, in :attr:`TableSpec.keys` order."""
    columns = [f"t.{k}" for k in spec.keys]
    if spec.parent_key is not None:
        columns[2] = "p.uuid"
    return columns


def select_records(conn: sqlite3.Connection, spec: TableSpec, scope: Scope) -> Iterator[Record]:
    """Every record of one table within ``scope``, in id order."""
    sql, params = _query(spec, scope, _columns(spec))
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples: several times faster than sqlite3.Row
    convert = _converter(spec)
    for row in cursor.execute(sql, params):
        yield convert(row)


#: Every character JSON escapes, and some it does not (DEL, C1, bidi, emoji).
_PROBE = "".join(map(chr, range(0xA0))) + "\"\\/\u061c\u202e\u2028\u2029é😀"


def select_json(conn: sqlite3.Connection, spec: TableSpec, scope: Scope,
                encode: Callable[[object], str]) -> Iterator[str] | None:
    """Every record of one table as the JSON text ``encode`` gives it, written by SQLite.

    An export is ~600k records; building each line in SQL (``json_quote``)
    spares a tuple, a dict and an encoder call per record. Only for tables of
    plain values (no bool or list fields), and only when this SQLite quotes
    text exactly as ``encode`` does (checked on every character JSON escapes);
    otherwise None, and the caller encodes :func:`select_records` itself.
    """
    if any(f.kind in ("bool", "list") for f in spec.fields):
        return None
    quoted = conn.execute("SELECT json_quote(?), json_quote(12), json_quote(NULL)", (_PROBE,)).fetchone()
    if tuple(quoted) != (encode(_PROBE), encode(12), encode(None)):
        return None
    parts = [f"'{'{' if i == 0 else ', '}\"{key}\": ' || json_quote({column})"
             for i, (key, column) in enumerate(zip(spec.keys, _columns(spec), strict=True))]
    sql, params = _query(spec, scope, [" || ".join(parts) + " || '}'"])
    cursor = conn.cursor()
    cursor.row_factory = None
    return (row[0] for row in cursor.execute(sql, params))


def select_settings(conn: sqlite3.Connection) -> dict[str, str]:
    """The practice's report settings, as stored in ``meta``."""
    rows = conn.execute(
        "SELECT key, value FROM meta WHERE substr(key, 1, ?) = ? ORDER BY key",
        (len(SETTING_PREFIX), SETTING_PREFIX),
    )
    return {str(k): str(v) for k, v in rows}
