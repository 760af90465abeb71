"""``coach prep CLIENT``: one page to read before a session.

Covers everything since the client's last session check-in (or the last
two weeks when there was none): their figures and signals for that span,
wins, misses with their reasons, rating changes, what they committed to,
and the questions worth asking, starting with their own agenda.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from coachcli import service
from coachcli.analysis import ClientReport, Window, client_report
from coachcli.store import Database
from coachcli.store.reportdata import load_clients, load_settings

DEFAULT_SPAN_DAYS = 14
OPENING = "What would you like to focus on today?"


@dataclass(frozen=True, slots=True)
class RatingChange:
    goal_id: int
    goal: str
    what: str
    before: int | None
    after: int
    on_date: date


@dataclass(frozen=True, slots=True)
class Prep:
    client: str
    since: date
    until: date
    last_session: date | None
    report: ClientReport
    rating_changes: list[RatingChange]
    misses: list[tuple[date, str, str]]
    obstacles: list[str]
    last_commitments: list[str]
    questions: list[str]


def build_prep(db: Database, name: str, today: date) -> Prep:
    client = service.client_for_read(db, name)
    if client is None:
        from coachcli.errors import NotFoundError

        raise NotFoundError(f"no client named '{name}' yet")
    row = db.conn.execute(
        "SELECT max(on_date) FROM checkins WHERE client_id = ? AND session = 1 AND on_date <= ?",
        (client.id, today.isoformat()),
    ).fetchone()
    last_session = date.fromisoformat(row[0]) if row[0] else None
    if last_session is not None:
        since = last_session + timedelta(days=1)
    else:
        since = today - timedelta(days=DEFAULT_SPAN_DAYS - 1)
    since = min(since, today)
    window = Window(since, today)
    (data,) = load_clients(db, [client.id], window, today)
    report = client_report(data, window, today, load_settings(db))
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
        found = db.conn.execute(
            "SELECT commitments FROM checkins WHERE client_id = ? AND on_date <= ?"
            " AND commitments <> '[]' ORDER BY on_date DESC, id DESC LIMIT 1",
            (client.id, last_session.isoformat()),
        ).fetchone()
        if found:
            import json

            commitments = [str(c) for c in json.loads(found[0])]
    questions = [OPENING]
    if commitments:
        questions.append("Last time you planned: " + "; ".join(commitments) + ". How did that go?")
    questions += [s.question for s in report.signals]
    return Prep(
        client.name, since, today, last_session, report, changes, list(data.miss_notes),
        [o for c in data.checkins if since <= c.on_date <= today for o in c.obstacles],
        commitments or report.commitments, questions,
    )
