"""Building a report: choose the window and clients, load, analyse, shape for output.

This is the seam between the store and the pure analysis; renderers receive
a :class:`Report` and never query anything themselves.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from coachcli.analysis import ClientReport, Window, caseload_order, client_report
from coachcli.errors import InputError
from coachcli.store import Database
from coachcli.store.db import utc_now
from coachcli.store.reportdata import active_client_ids, load_clients, load_settings

#: Version of the JSON document ``coach report --format json`` prints.
REPORT_SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class Report:
    generated_at: str
    window: Window
    as_of: date
    clients: list[ClientReport]
    caseload: bool


def choose_window(
    today: date, *, week: str | None = None, since: date | None = None, until: date | None = None
) -> Window:
    """The report's window: the last 7 days by default, an ISO week, or a range."""
    if week is not None and (since is not None or until is not None):
        raise InputError("give either --week or --since/--until, not both")
    if week is not None:
        from coachcli.dates import iso_week_bounds

        start, end = iso_week_bounds(week, today=today)
        return Window(start, end)
    end = until or today
    start = since or end - timedelta(days=6)
    if start > end:
        raise InputError(f"--since {start} is after --until {end}")
    if (end - start).days > 366 * 3:
        raise InputError("a report window can span at most three years")
    return Window(start, end)


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
    ids = active_client_ids(db) if client_ids is None else client_ids
    inputs = load_clients(db, ids, window, today)
    settings = load_settings(db)
    reports = [client_report(c, window, today, settings) for c in inputs]
    if caseload:
        reports = caseload_order(reports)
    return Report(generated_at or utc_now(), window, today, reports, caseload)


def report_json(report: Report) -> dict[str, Any]:
    """The documented JSON shape (SPEC section 4; schema in ``report.schema.json``)."""

    return {
        "schema_version": REPORT_SCHEMA_VERSION,
        "generated_at": report.generated_at,
        "window": {"start": report.window.start.isoformat(), "end": report.window.end.isoformat()},
        "clients": [
            {
                "name": c.name,
                "adherence": c.adherence,
                "expected": c.expected,
                "done": c.done,
                "missed": c.missed,
                "attention": c.attention,
                "last_activity": c.last_activity.isoformat() if c.last_activity else None,
                "goals": [dataclasses.asdict(g) for g in c.goals],
                "signals": [dataclasses.asdict(s) for s in c.signals],
                "wins": c.wins,
                "obstacles": c.obstacles,
                "commitments": c.commitments,
            }
            for c in report.clients
        ],
    }
