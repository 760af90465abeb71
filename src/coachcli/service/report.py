"""Building a report: choose the window and clients, load, analyse, shape for output.

This is the seam between the store and the pure analysis; renderers receive
a :class:`Report` and never query anything themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from coachcli.clock import utc_now
from coachcli.domain.frozen import replace
from coachcli.domain.prep import with_commitments
from coachcli.domain.progress import caseload_order, client_report, horizon_start
from coachcli.domain.reporting import ClientIn, Report, Window
from coachcli.domain.signals import DEFAULT_SETTINGS
from coachcli.errors import InputError
from coachcli.limits import MAX_WINDOW_DAYS
from coachcli.store import Database, queries
from coachcli.store.commitments import sessions_between
from coachcli.store.reportdata import load_clients, load_settings

#: Clients loaded and analysed together by :func:`build_report`.
BATCH = 100


def choose_window(
    today: date, *, week: str | None = None, since: date | None = None, until: date | None = None
) -> Window:
    """The report's window: the last 7 days by default, an ISO week, or a range."""
    if week is not None and (since is not None or until is not None):
        raise InputError("give either --week or --since/--until, not both")
    if week is not None:
        from coachcli.domain.dates import iso_week_bounds

        start, end = iso_week_bounds(week, today=today)
        return Window(start, end)
    end = until or today
    start = since or end - timedelta(days=6)
    if start > end:
        raise InputError(f"--since {start} is after --until {end}")
    if (end - start).days > MAX_WINDOW_DAYS:
        raise InputError(f"a report window can span at most three years ({MAX_WINDOW_DAYS} days)")
    return Window(start, end)


#: How many client names an error lists before "and N more".
NAMES_SHOWN = 5


def report_client_ids(db: Database, name: str, *, all_: bool) -> list[int] | None:
    """The clients a report or agenda covers: None for the whole caseload, else one.

    Without ``-c`` a report is about ``me``; in a caseload that has no ``me``
    an empty page would read as "nothing happened", so it says who there is.
    """
    if all_:
        return None
    from coachcli.errors import NotFoundError
    from coachcli.service.clients import client_for_read

    who = client_for_read(db, name)
    if who is not None:
        return [who.id]
    names = queries.client_names(db)
    if not names:
        return []  # nothing recorded yet: an empty report, which says how to start
    shown = ", ".join(names[:NAMES_SHOWN])
    more = f" and {len(names) - NAMES_SHOWN} more" if len(names) > NAMES_SHOWN else ""
    raise NotFoundError(
        f"no client 'me' here; name one with -c NAME (clients: {shown}{more}), or use --all"
    )


def build_report(
    db: Database,
    client_ids: list[int] | None,
    window: Window,
    today: date,
    *,
    generated_at: str | None = None,
) -> Report:
    """Analyse ``client_ids`` (None: every active client) for ``window`` as of ``today``."""
    caseload = client_ids is None
    ids = queries.active_client_ids(db) if client_ids is None else client_ids
    settings = thresholds(db)
    reports = []
    # In batches, so that the inputs of only one batch are in memory at a time:
    # a caseload's 26 weeks of daily logs would otherwise be held all at once.
    for at in range(0, len(ids), BATCH):
        inputs = load_inputs(db, ids[at:at + BATCH], window, today)
        held = sessions_between(db, [c.id for c in inputs], window.start, min(window.end, today))
        reports += [replace(with_commitments(client_report(c, window, today, settings), c,
                                                         window, today), sessions=held[c.id])
                    for c in inputs]
    if caseload:
        reports = caseload_order(reports)
    return Report(generated_at or utc_now(), window, today, reports, caseload)


def load_inputs(db: Database, client_ids: Sequence[int], window: Window, as_of: date) -> list[ClientIn]:
    """The analysis inputs for ``window``, with the history the analysis looks back over."""
    return load_clients(db, client_ids, window, as_of, horizon_start(window))


def thresholds(db: Database) -> dict[str, float]:
    """The report's thresholds in force: the stored ones the domain knows, else defaults."""
    return {k: v for k, v in load_settings(db).items() if k in DEFAULT_SETTINGS}
