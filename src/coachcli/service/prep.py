"""``coach prep CLIENT``: one page to read before a session.

Covers everything since the client's last session check-in (or the last
two weeks when there was none): what they did, what followed last time's
commitments, status and rating changes, what the record gives to affirm, the
signals for that span, and the few questions worth asking.
"""

from __future__ import annotations

from datetime import date, timedelta

from coachcli.domain import prep as shape
from coachcli.domain.progress import client_report
from coachcli.domain.reporting import CommitmentFollow, Prep, StatusChange, Window
from coachcli.domain.signals import DEFAULT_SETTINGS
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
    settings = {**DEFAULT_SETTINGS, **thresholds(db)}
    report = shape.with_commitments(client_report(data, window, today, settings), data, window, today)
    # From the session's day on: a commitment made at the session is followed by what came after.
    entries = queries.timeline(db, client.id, since=last_session or since, until=today)
    in_span = [e for e in entries if e.on_date >= since]
    commitments: list[CommitmentFollow] = []
    made = queries.latest_commitments(db, client.id, last_session or today)
    if made is not None:
        made_on, texts, sure = made
        commitments = [
            CommitmentFollow(t, made_on, sure, shape.follow_ups(t, made_on, entries)) for t in texts
        ]
    changes = [
        StatusChange(goal_id, title, status, on, reason)
        for goal_id, title, status, on, reason in queries.status_changes_between(
            db, client.id, since, today)
    ]
    return Prep(
        client=client.name,
        since=since,
        until=today,
        last_session=last_session,
        report=report,
        done_since=shape.done_since(report, data.goals, in_span),
        commitments=commitments,
        status_changes=changes,
        rating_changes=shape.rating_changes(data.goals, since),
        affirmations=shape.affirmations(data, report, window, today,
                                        min_run=int(settings["streak.min"])),
        topics=shape.rank_topics(report, commitments=bool(commitments),
                                 limit=shape.question_limit(settings)),
        misses=list(data.miss_notes),
        obstacles=[o for c in data.checkins if since <= c.on_date <= today for o in c.obstacles],
        skips=list(data.skip_notes),
    )
