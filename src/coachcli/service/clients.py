"""Clients: adding, finding, renaming, archiving.

Every function here takes an open :class:`~coachcli.store.Database` and
plain values, validates them (raising :mod:`coachcli.errors`), performs at
most one write transaction and returns domain records. Nothing in this
package prints, parses command lines, knows about formats or talks SQL.
"""

from __future__ import annotations

from datetime import date

from coachcli.clock import utc_now
from coachcli.domain.records import Client, ClientSummary, Removal
from coachcli.errors import InputError, NotFoundError, StateError
from coachcli.service.validate import (
    DEFAULT_CLIENT,
    archived,
    check_not_future,
    clean_client_name,
    clean_text,
)
from coachcli.store import Database, Tx, entries, queries


def find_client(db: Database, name: str) -> Client | None:
    """The client of exactly this name (ignoring case, accents and Unicode form)."""
    return queries.find_client(db, name)


def _is_default(name: str) -> bool:
    return queries.name_key(name) == DEFAULT_CLIENT


def resolve_client(db: Database, name: str) -> Client | None:
    """The client a command names: by the whole name, else by a unique beginning ('ali').

    The default client is only ever ``me`` itself, so ``-c me`` never reaches
    'Melanie'. Several clients starting the same way is an error naming them.
    """
    client = queries.find_client(db, name)
    if client is not None or _is_default(name):
        return client
    matches = queries.clients_starting(db, name)
    if len(matches) > 1:
        shown = ", ".join(f"'{c.name}'" for c in matches[:5]) + (", ..." if len(matches) > 5 else "")
        raise InputError(f"'{name.strip()}' could be {shown}; give more of the name")
    return matches[0] if matches else None


def _unknown_client(db: Database, name: str) -> NotFoundError:
    close = queries.closest_client_names(db, name)
    hint = "; did you mean " + " or ".join(f"'{n}'" for n in close) + "?" if close else ""
    return NotFoundError(
        f"no client named '{name.strip()}'{hint} (all clients: coach client list; "
        "a new one: coach client add NAME)"
    )


def client_for_read(db: Database, name: str) -> Client | None:
    """The named client, or None for the default client before its first write."""
    client = resolve_client(db, name)
    if client is None and not _is_default(name):
        raise _unknown_client(db, name)
    return client


def client_for_write(db: Database, tx: Tx, name: str, today: date) -> Client:
    """The client to write to; the default client ``me`` is created on first use.

    Other names must be added with ``coach client add`` first, so a typo in
    ``-c`` never silently starts a new client.
    """
    client = resolve_client(db, name)
    if client is None:
        if not _is_default(name):
            raise _unknown_client(db, name)
        tx.insert("clients", {"name": DEFAULT_CLIENT, "started_on": today.isoformat()})
        client = find_client(db, DEFAULT_CLIENT)
        assert client is not None
    if client.archived_on is not None:
        raise archived(client.name)
    return client


def add_client(
    db: Database, name: str, note: str | None, *, today: date | None = None, on: date | None = None
) -> Client:
    """A new client; ``on``: the day the coaching began, when that was before today."""
    clean = clean_client_name(name)
    began = on or today
    if began is not None and today is not None:
        check_not_future(began, today, "--on")
    with db.write("added as a client", client=clean) as tx:
        existing = find_client(db, clean)
        if existing is not None:
            raise StateError(f"a client named '{existing.name}' already exists")
        tx.insert("clients", {"name": clean, "note": clean_text(note, "note"),
                              "started_on": began.isoformat() if began else utc_now()[:10]})
    client = find_client(db, clean)
    assert client is not None
    return client


def list_clients(db: Database, *, include_archived: bool = False,
                 today: date | None = None) -> list[ClientSummary]:
    """Every client, with goals active and last contact as of ``today``."""
    return queries.client_summaries(db, include_archived=include_archived, today=today)


def rename_client(db: Database, old: str, new: str) -> Client:
    clean = clean_client_name(new, "new name")
    with db.write(f"renamed from '{old}'", client=clean) as tx:
        client = resolve_client(db, old)
        if client is None:
            raise _unknown_client(db, old)
        other = find_client(db, clean)
        if other is not None and other.id != client.id:
            raise StateError(f"a client named '{other.name}' already exists")
        tx.update("clients", client.id, {"name": clean})
    renamed = queries.client_by_id(db, client.id)
    assert renamed is not None
    return renamed


def set_client_archived(db: Database, name: str, today: date, *, archived: bool) -> Client:
    verb = "archive" if archived else "restore"
    with db.write(f"{verb} client '{name}'") as tx:
        client = resolve_client(db, name)
        if client is None:
            raise _unknown_client(db, name)
        tx.describe("archived" if archived else "restored", client.name)
        if archived and client.archived_on is not None:
            raise StateError(f"client '{client.name}' is already archived (since {client.archived_on})")
        if not archived and client.archived_on is None:
            raise StateError(f"client '{client.name}' is not archived")
        tx.update("clients", client.id, {"archived_on": today.isoformat() if archived else None})
    result = queries.client_by_id(db, client.id)
    assert result is not None
    return result


def check_client_active(db: Database, client_id: int) -> None:
    """Refuse a change to an archived client's records, saying how to restore them."""
    state = queries.client_state(db, client_id)
    if state and state[1]:
        raise archived(state[0])


def client_records(db: Database, name: str) -> Removal:
    """What deleting a client would remove, counted by kind (for the confirmation)."""
    client = find_client(db, name)
    if client is None:
        raise _unknown_client(db, name)
    rows = entries.client_rows(db, client.id)
    return Removal(client.name, tuple((t, len(ids)) for t, ids in rows.items() if t != "clients"))


def delete_client(db: Database, name: str, *, purge: bool = False) -> Removal:
    """Remove a client and every record of theirs, in one write.

    Undoable, unless ``purge``: then the undo journal forgets every write that
    held their data, and the file is rewritten so that none of its bytes remain
    (copies made earlier, backups and exports, still hold them).
    """
    from coachcli.store import groups as groups_store
    from coachcli.store import journal
    from coachcli.store.sync import forget_client

    with db.write("deleted with all their records", client=name, journal=not purge) as tx:
        client = find_client(db, name)
        if client is None:
            raise _unknown_client(db, name)
        tx.describe("deleted with all their records", client.name)
        rows = entries.client_rows(db, client.id)
        for table, ids in rows.items():
            for row_id in ids:
                tx.delete(table, row_id)
        forgotten = journal.forget(tx, rows, {client.name, name}) if purge else 0
        if purge:
            forget_client(tx, client.uuid)
            # A member's copy of their groups' figures from the hub: their own count and
            # pseudonym are in it. The next sync brings back what the hub still shows them.
            tx.delete_meta(groups_store.VIEW_KEY)
    if purge:
        db.compact(after="the client and all their records are deleted")
    return Removal(
        client.name, tuple((t, len(ids)) for t, ids in rows.items() if t != "clients"),
        purged=purge, forgotten_writes=forgotten,
    )
