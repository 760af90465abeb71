"""``coach agenda``: what is due on a day or in the rest of its week, for one client or all."""

from __future__ import annotations

from datetime import date, timedelta

from coachcli.domain.agenda import AgendaItem, agenda_items, agenda_window
from coachcli.domain.progress import horizon_start
from coachcli.domain.reporting import Window
from coachcli.store import Database, queries
from coachcli.store.reportdata import load_clients


def agenda(
    db: Database, client_ids: list[int] | None, day: date, today: date, *, week: bool
) -> tuple[Window, list[AgendaItem]]:
    """The agenda's window and its items; ``client_ids`` None: every active client."""
    window = agenda_window(day, week=week)
    ids = queries.active_client_ids(db) if client_ids is None else client_ids
    # The two weeks before the day, for reminders of what nobody logged, and the
    # report's history before that, for quota periods under way.
    looked_at = Window(day - timedelta(days=13), window.end)
    inputs = load_clients(db, ids, looked_at, max(day, today), horizon_start(looked_at))
    return window, agenda_items(inputs, window, today)
