"""``coach agenda``: what is due on a day or in the rest of its week, for one client or all."""

from __future__ import annotations

from datetime import date, timedelta

from coachcli.domain.agenda import AgendaItem, agenda_items
from coachcli.domain.dates import iso_week_bounds
from coachcli.domain.progress import horizon_start
from coachcli.domain.reporting import Window
from coachcli.store import Database, queries
from coachcli.store.reportdata import load_clients


def agenda(
    db: Database, client_ids: list[int] | None, day: date, today: date, *, week: str | None = None
) -> tuple[Window, list[AgendaItem]]:
    """The agenda's window and its items; ``client_ids`` None: every active client.

    Without ``week`` the window is ``day``. With it (``this``, ``last``,
    ``next`` or ``YYYY-Www``, named from ``day`` as a report names weeks
    from today), the window is that ISO week from ``day`` on when ``day``
    falls in it, else the whole week: an agenda looks ahead.
    """
    window = agenda_window(day, week)
    day = window.start
    ids = queries.active_client_ids(db) if client_ids is None else client_ids
    # The two weeks before the day, for reminders of what nobody logged, and the
    # report's history before that, for quota periods under way.
    looked_at = Window(day - timedelta(days=13), window.end)
    # Logs up to the window's end: days set aside ahead (a holiday) show as set aside.
    inputs = load_clients(db, ids, looked_at, max(window.end, today), horizon_start(looked_at))
    return window, agenda_items(inputs, window, today)


def agenda_window(day: date, week: str | None) -> Window:
    if week is None:
        return Window(day, day)
    monday, sunday = iso_week_bounds(week, today=day)
    return Window(day if monday <= day <= sunday else monday, sunday)
