"""``coach history NAME``: the client's whole course, loaded and read week by week."""

from __future__ import annotations

import dataclasses
from datetime import date

from coachcli.domain.history import History, history
from coachcli.domain.reporting import StatusChange, Window
from coachcli.errors import NotFoundError
from coachcli.service.clients import client_for_read
from coachcli.store import Database, queries
from coachcli.store import commitments as store_commitments
from coachcli.store.reportdata import load_clients

#: Every log of the client is read: the weeks go back to the first.
_ALL = date(1900, 1, 1)


def build_history(db: Database, name: str, today: date) -> History:
    """Every week since ``name`` began, per goal, with ratings, status changes and sessions."""
    client = client_for_read(db, name)
    if client is None:
        raise NotFoundError(f"no client named '{name}' yet")
    (data,) = load_clients(db, [client.id], Window(today, today), today, _ALL)
    sessions = queries.session_days(db, client.id, today)
    found = history(data, today, sessions)
    changes = [
        StatusChange(goal_id, title, status, on, reason)
        for goal_id, title, status, on, reason in queries.status_changes_between(
            db, client.id, found.began, today)
    ]
    held = store_commitments.sessions_between(db, [client.id], found.began, today)[client.id]
    return dataclasses.replace(found, status_changes=changes, sessions=held)
