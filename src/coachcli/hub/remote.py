"""The queries ``coach sync`` sends to the hub, as the coach's or client's own role.

Row-level security decides what each statement sees: nothing here filters by
person. Rows travel as dicts keyed by :func:`~coachcli.hub.schema.hub_columns`,
values in the local database's form (booleans 0/1, lists as JSON text).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from coachcli.errors import HubError
from coachcli.hub.schema import HUB_SCHEMA_VERSION, LOCK_KEY, SCHEMA, hub_columns, hub_version
from coachcli.portable.fmt import NUMBER_KINDS, TableSpec
from coachcli.store.sync import OWN_CLIENT_FIELDS

Row = dict[str, Any]
#: Rows fetched or sent per round trip.
BATCH = 5000


def _reading(spec: TableSpec, cols: Sequence[str], alias: str = "t") -> str:
    """The select list for ``cols``: each text only up to one character past what coachcli
    accepts (:data:`~coachcli.limits.MAX_TEXT`, a list's JSON :data:`~coachcli.limits.MAX_IMPORT_VALUE`).

    A longer value (a hub from before its bounds, or written by its owner) is never fetched
    whole: the receiving sync sees it is too long and leaves the row out, named.
    """
    from coachcli.limits import MAX_IMPORT_VALUE, MAX_TEXT

    kinds = {f.name: f.kind for f in spec.fields}
    out = []
    for c in cols:
        kind = kinds.get(c, "text")
        if c == "seq" or kind in NUMBER_KINDS:
            out.append(f"{alias}.{c}")
        else:
            cap = MAX_IMPORT_VALUE if kind == "list" else MAX_TEXT
            out.append(f"left({alias}.{c}, {cap + 1}) AS {c}")
    return ", ".join(out)


def begin(cur: Any) -> tuple[str, str | None]:
    """Check the hub, take the writers' lock, and say who this is: (kind, own client uuid)."""
    cur.execute(
        "SELECT has_schema_privilege(oid, 'USAGE') FROM pg_namespace WHERE nspname = %s", (SCHEMA,)
    )
    row = cur.fetchone()
    if row is None:
        raise HubError("this database has no hub yet: its owner runs coach hub init URL")
    if not row[0]:
        _stranger(cur)
    version = hub_version(cur)
    if version != HUB_SCHEMA_VERSION:
        raise HubError(
            f"the hub uses schema {version}, this coachcli {HUB_SCHEMA_VERSION}: "
            + ("upgrade coachcli" if version > HUB_SCHEMA_VERSION
               else "the hub's owner runs coach hub init URL to migrate it")
        )
    cur.execute(f"SELECT kind, client_uuid FROM {SCHEMA}.people WHERE role_name = current_user")
    row = cur.fetchone()
    if row is None:
        _stranger(cur)
    cur.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
    return str(row[0]), (None if row[1] is None else str(row[1]))


def _stranger(cur: Any) -> None:
    cur.execute("SELECT current_user")
    who = cur.fetchone()[0]
    raise HubError(
        f"the role {who} is not a coach or client on this hub; its owner can add it: "
        f"coach hub grant {who} ..."
    )


def last_seq(cur: Any) -> int:
    """The hub's change counter now; everything up to it is committed or ours."""
    cur.execute(f"SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {SCHEMA}.seq")
    return int(cur.fetchone()[0])


def visible_clients(cur: Any) -> set[str]:
    cur.execute(f"SELECT uuid FROM {SCHEMA}.clients")
    return {str(r[0]) for r in cur.fetchall()}


def existing_clients(cur: Any, uuids: Sequence[str]) -> set[str]:
    """Which of ``uuids`` this role may not send: clients on the hub it cannot see, or deleted ones
    it no longer holds (a revoked coach cannot bring a client back under their own grant)."""
    if not uuids:
        return set()
    cur.execute(f"SELECT * FROM {SCHEMA}.clients_existing(%s)", (list(uuids),))
    found = {str(r[0]) for r in cur.fetchall()}
    cur.execute(f"SELECT client_uuid FROM {SCHEMA}.grants WHERE role_name = current_user")
    return found - {str(r[0]) for r in cur.fetchall()}


def _changed(table: str, who: str, cols: Sequence[str], since: int, *, select: str | None = None
             ) -> tuple[str, tuple[int, int, int]]:
    """Rows changed after ``since``, and all rows of a client granted to this role after it.

    Two indexed queries (by ``seq``, by client) rather than one OR that would read every row.
    """
    select = select or ", ".join(f"t.{c}" for c in cols)
    sql = (
        f"SELECT {select} FROM {SCHEMA}.{table} t WHERE t.seq > %s"
        f" UNION ALL SELECT {select} FROM {SCHEMA}.{table} t WHERE t.seq <= %s AND t.{who} IN"
        f" (SELECT client_uuid FROM {SCHEMA}.grants WHERE role_name = current_user AND seq > %s)"
    )
    return sql, (since, since, since)


def changed_tombstones(cur: Any, since: int) -> list[tuple[str, str, str]]:
    """(uuid, table, client uuid) of what was deleted on the hub since ``since``."""
    sql, params = _changed("tombstones", "client_uuid", ("uuid", "tbl", "client_uuid"), since)
    cur.execute(sql, params)
    return [(str(u), str(t), str(c)) for u, t, c in cur.fetchall()]


def changed_rows(conn: Any, spec: TableSpec, since: int) -> Iterator[list[Row]]:
    """Batches of the rows of one table changed since ``since`` (a server-side cursor)."""
    cols = hub_columns(spec)
    sql, params = _changed(spec.name, "uuid" if spec.name == "clients" else "client_uuid", cols, since,
                           select=_reading(spec, cols))
    with conn.cursor(name=f"pull_{spec.name}") as cur:
        cur.itersize = BATCH
        cur.execute(sql, params)
        while True:
            rows = cur.fetchmany(BATCH)
            if not rows:
                return
            yield [dict(zip(cols, r, strict=True)) for r in rows]


def rows_by_uuid(cur: Any, spec: TableSpec, uuids: Sequence[str]) -> dict[str, Row]:
    """The hub's current version (with its ``seq``) of those of ``uuids`` this role can see."""
    if not uuids:
        return {}
    cols = (*hub_columns(spec), "seq")
    cur.execute(
        f"SELECT {_reading(spec, cols)} FROM {SCHEMA}.{spec.name} t WHERE uuid = ANY (%s)", (list(uuids),)
    )
    return {str(r[0]): dict(zip(cols, r, strict=True)) for r in cur.fetchall()}


def clients_of(cur: Any, table: str, uuids: Sequence[str]) -> dict[str, str]:
    """uuid -> client uuid of those of ``uuids`` in ``table`` this role can see."""
    if not uuids:
        return {}
    cur.execute(f"SELECT uuid, client_uuid FROM {SCHEMA}.{table} WHERE uuid = ANY (%s)", (list(uuids),))
    return {str(u): str(c) for u, c in cur.fetchall()}


def insert_rows(cur: Any, spec: TableSpec, rows: Sequence[Row]) -> list[str]:
    """Add rows in one statement: COPY into a temporary table, then one INSERT from it.

    A statement per row cost ~130 microseconds of round trip and planning each
    (a first sync of the 200-client set sends half a million rows). Returns the
    uuids not added: taken on the hub by a record this role cannot see.
    """
    if not rows:
        return []
    cols = hub_columns(spec)
    names = ", ".join(cols)
    cur.execute(
        f"CREATE TEMPORARY TABLE IF NOT EXISTS incoming_{spec.name} ON COMMIT DROP"
        f" AS SELECT {names} FROM {SCHEMA}.{spec.name} WITH NO DATA"
    )
    cur.execute(f"TRUNCATE incoming_{spec.name}")
    with cur.copy(f"COPY incoming_{spec.name} ({names}) FROM STDIN") as copy:
        for r in rows:
            copy.write_row([r[c] for c in cols])
    cur.execute(
        f"INSERT INTO {SCHEMA}.{spec.name} ({names}, seq) SELECT {names}, 0 FROM incoming_{spec.name}"
        # A new client is checked against every client before (sync's existing_clients), and
        # ON CONFLICT would hold it to the read policy before its insert grants it.
        + ("" if spec.name == "clients" else " ON CONFLICT (uuid) DO NOTHING")
    )
    if cur.rowcount == len(rows):
        return []
    cur.execute(
        f"SELECT i.uuid FROM incoming_{spec.name} i WHERE NOT EXISTS"
        f" (SELECT 1 FROM {SCHEMA}.{spec.name} t WHERE t.uuid = i.uuid)"
    )
    return [str(r[0]) for r in cur.fetchall()]


def update_rows(cur: Any, spec: TableSpec, rows: Sequence[Row]) -> None:
    """A record's own fields only: never its parent, nor a client's name or archiving."""
    if not rows:
        return
    own = OWN_CLIENT_FIELDS if spec.name == "clients" else ()
    cols = [c for c in (*spec.columns, "updated_at") if c not in own]
    sets = ", ".join(f"{c} = %s" for c in cols)
    cur.executemany(
        f"UPDATE {SCHEMA}.{spec.name} SET {sets} WHERE uuid = %s",
        [(*(r[c] for c in cols), r["uuid"]) for r in rows],
    )


def changed_below(
    cur: Any, specs: Sequence[TableSpec], table: str, uuids: Sequence[str], since: int
) -> list[tuple[str, Row]]:
    """(table, row) of the rows under ``uuids`` changed after ``since``: what a delete would take.

    ``specs`` are the record tables, parents first; each row's parent is found by its UUID.
    """
    found: list[tuple[str, Row]] = []
    doomed = {table: list(uuids)}
    for spec in specs:
        if spec.parent_table not in doomed or not spec.parent_key:
            continue
        cols = (*hub_columns(spec), "seq")
        cur.execute(
            f"SELECT {_reading(spec, cols)} FROM {SCHEMA}.{spec.name} t WHERE {spec.parent_key} = ANY (%s)",
            (doomed[spec.parent_table],),
        )
        rows = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
        doomed.setdefault(spec.name, []).extend(r["uuid"] for r in rows)
        found += [(spec.name, r) for r in rows if int(r["seq"]) > since]
    return found


def delete_rows(cur: Any, table: str, uuids: Sequence[str]) -> int:
    """Delete by uuid (their descendants go too, each leaving a tombstone); how many went."""
    if not uuids:
        return 0
    cur.execute(f"DELETE FROM {SCHEMA}.{table} WHERE uuid = ANY (%s)", (list(uuids),))
    return int(cur.rowcount)
