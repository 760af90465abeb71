"""``coach prep CLIENT``: one page to read before a session.

Covers everything since the client's last session check-in (or the last
two weeks when there was none): what they did, what followed last time's
commitments, status and rating changes, what the record gives to affirm, the
signals for that span, and the few questions worth asking.
"""

from __future__ import annotations

from datetime import date, timedelta

from coachcli.domain import prep as shape
from coachcli.domain.frozen import replace
from coachcli.domain.progress import client_report
from coachcli.domain.records import Client, Commitment, TimelineEntry
from coachcli.domain.reporting import CommitmentFollow, Prep, StatusChange, Window
from coachcli.domain.signals import DEFAULT_SETTINGS, turn_of
from coachcli.errors import NotFoundError
from coachcli.service.clients import client_for_read
from coachcli.service.report import load_inputs, thresholds
from coachcli.store import Database, queries
from coachcli.store import commitments as store_commitments

DEFAULT_SPAN_DAYS = 14
#: How far back a commitment not looked at yet is still gone over.
OPEN_WEEKS = 8


def build_prep(db: Database, name: str, today: date) -> Prep:
    """The prep page as of ``today``, knowing what prep asked before the last session.

    Its questions move on one turn a session (one a week before the first
    session), and the prep as of the last session's day, before it, is built
    too, so that no topic is asked with last session's template again.
    """
    client = client_for_read(db, name)
    if client is None:
        raise NotFoundError(f"no client named '{name}' yet")
    sessions = queries.session_days(db, client.id, today)
    prep = _prep(db, client, today, sessions)
    if sessions:
        before = sessions[:-1]
        prep = replace(prep, previous=_prep(db, client, sessions[-1], before, asks_only=True))
    return prep


def _prep(db: Database, client: Client, today: date, sessions: list[date], *,
          asks_only: bool = False) -> Prep:
    """The prep page as of ``today``, after the sessions on ``sessions`` (oldest first).

    ``asks_only``: just what decides its questions (the report, the open
    commitments): the earlier prep a page avoids repeating is never shown.
    """
    last_session = sessions[-1] if sessions else None
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
    entries = [] if asks_only else queries.timeline(db, client.id, since=today - timedelta(weeks=OPEN_WEEKS),
                                                    until=today)
    in_span = [e for e in entries if e.on_date >= since]

    def entries_since(c: Commitment) -> list[TimelineEntry]:
        """What followed a commitment: up to the day it was looked at, once it was."""
        return [e for e in entries if c.made_on < e.on_date <= (c.outcome_on or today)]

    session = store_commitments.last_session(db, client.id, today)
    # What to go over: commitments made before today not looked at yet, and those looked at
    # since the last session (not at it: that was gone over then). One made today is not
    # asked about: nothing could follow it yet.
    recent = store_commitments.of_client(db, client.id, made_since=today - timedelta(weeks=OPEN_WEEKS),
                                         made_until=today - timedelta(days=1))
    commitments = [
        CommitmentFollow(c.text, c.made_on, c.sure, shape.follow_ups(c.step_id, c.made_on, entries_since(c)),
                         c.ref, c.due_date, c.step_title, c.outcome, c.outcome_on)
        for c in recent
        if c.outcome is None or (c.outcome_on is not None and (
            c.outcome_on > last_session if last_session else c.outcome_on >= since))
    ]
    changes = [] if asks_only else [
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
        affirmations=[] if asks_only else shape.affirmations(
            data, report, window, today, min_run=int(settings["streak.min"]), entries=in_span),
        topics=shape.rank_topics(report, commitments=any(c.outcome is None for c in commitments),
                                 limit=shape.question_limit(settings)),
        misses=list(data.miss_notes),
        obstacles=[o for c in data.checkins if since <= c.on_date <= today for o in c.obstacles],
        skips=list(data.skip_notes),
        session=None if asks_only else session,
        talk=[] if asks_only else store_commitments.talk_between(db, client.id, last_session or since,
                                                                 today),
        # One turn a week until the first session, then one a session from there.
        turn=turn_of(sessions[0]) + len(sessions) if sessions else turn_of(today),
    )
