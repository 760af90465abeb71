"""``coach prep CLIENT``: one page to read before a session.

Covers everything since the client's last session check-in (or the last
two weeks when there was none): their figures and signals for that span,
wins, misses with their reasons, rating changes, what they committed to,
and the questions worth asking, starting with their own agenda.
"""

from __future__ import annotations

from datetime import date, timedelta

from coachcli.domain.progress import client_report
from coachcli.domain.reporting import Prep, RatingChange, Window
from coachcli.errors import NotFoundError
from coachcli.service.clients import client_for_read
from coachcli.service.report import load_inputs, thresholds
from coachcli.store import Database, queries

DEFAULT_SPAN_DAYS = 14


def build_prep(db: Database, name: str, today: date) -> Prep:
    client = client_for_read(db, name)
    if client is None:
        raise NotFoundError(f"no client named '{name}' yet")
    last_session = queries.last_session(db, client.id, today)
    if last_session is not None:
        since = last_session + timedelta(days=1)
    else:
        since = today - timedelta(days=DEFAULT_SPAN_DAYS - 1)
    since = min(since, today)
    window = Window(since, today)
    (data,) = load_inputs(db, [client.id], window, today)
    report = client_report(data, window, today, thresholds(db))
    changes: list[RatingChange] = []
    for g in data.goals:
        for index, what in ((1, "importance"), (2, "confidence")):
            before: int | None = None
            for r in g.ratings:
                value = r[1] if index == 1 else r[2]
                if value is None:
                    continue
                if r[0] >= since and value != before:
                    changes.append(RatingChange(g.id, g.title, what, before, value, r[0]))
                before = value
    commitments: list[str] = []
    if last_session is not None:
        # Read directly: the report's inputs hold only the latest check-in with
        # commitments, which may be a later one than the session's.
        commitments = queries.latest_commitments(db, client.id, last_session)
    return Prep(
        client.name, since, today, last_session, report, changes, list(data.miss_notes),
        [o for c in data.checkins if since <= c.on_date <= today for o in c.obstacles],
        commitments or report.commitments, list(data.skip_notes),
    )
