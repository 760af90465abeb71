"""The parts of a prep page that are logic: what followed a commitment, affirmations, ranking.

Also how commitments were followed through by strength, which the report shows too.

Pure: the service gathers the records (:mod:`coachcli.service.prep`), the
renderer words the result (:mod:`coachcli.render.prep`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from coachcli.domain.frozen import replace
from coachcli.domain.occurrences import StepModel
from coachcli.domain.progress import horizon_start
from coachcli.domain.records import TimelineEntry
from coachcli.domain.reporting import (
    Affirmation,
    ClientIn,
    ClientReport,
    FollowThrough,
    FollowUp,
    GoalDone,
    GoalIn,
    RatingChange,
    Tally,
    Topic,
    Window,
)
from coachcli.domain.signals import ATTENTION_WEIGHT


def follow_ups(step_id: int | None, made_on: date, entries: Sequence[TimelineEntry]) -> list[FollowUp]:
    """What the step a commitment is linked to logged after ``made_on``, oldest first.

    Only a linked step counts: shared words tied unrelated entries to a
    commitment ("Friday"). Entries without a note of one kind are folded into
    one, with a count; the coach and client judge how it went.
    """
    if step_id is None:
        return []
    found: list[FollowUp] = []
    folded: dict[str, int] = {}
    for e in entries:
        if e.on_date <= made_on or e.step_id != step_id or e.kind not in ("done", "missed", "skipped"):
            continue
        if e.note is None and e.kind in folded:
            i = folded[e.kind]
            f = found[i]
            found[i] = FollowUp(f.on_date, e.kind, e.subject, None, f.times + e.times, e.on_date)
            continue
        if e.note is None:
            folded[e.kind] = len(found)
        found.append(FollowUp(e.on_date, e.kind, e.subject, e.note, e.times, e.on_date))
    return found


def follow_through(client: ClientIn, end: date) -> list[FollowThrough]:
    """Per strength (how sure), the commitments made up to ``end`` and how each was judged.

    Counts the marks the coach and client gave (kept, partly, not kept) by
    ``end``; a commitment not judged yet counts as made, with no verdict.
    """
    tally: dict[int | None, list[int]] = {}
    for c in client.commitments_made:
        if c.made_on > end:
            continue
        counts = tally.setdefault(c.sure, [0, 0, 0, 0])
        counts[0] += 1
        if c.outcome is not None and c.outcome_on is not None and c.outcome_on <= end:
            counts[1 + ("kept", "partly", "not_kept").index(c.outcome)] += 1
    order = sorted(tally, key=lambda k: (k is None, -(k or 0)))
    return [FollowThrough(k, *tally[k]) for k in order]


def with_commitments(report: ClientReport, client: ClientIn, window: Window, as_of: date) -> ClientReport:
    """``report`` with how sure the client was of its latest commitments, and the follow-through."""
    end = min(window.end, as_of)
    sure = next((c.sure for c in reversed(client.checkins)
                 if c.commitments and c.on_date <= end), None)
    return replace(report, commitment_sure=sure, follow_through=follow_through(client, end))


def done_since(
    report: ClientReport, goals: Sequence[GoalIn], entries: Sequence[TimelineEntry]
) -> list[GoalDone]:
    """Per goal shown: done of planned in the span, and the done entries that carry a note."""
    whys = {g.id: g.why for g in goals}
    notes: dict[int, list[tuple[date, str, str]]] = {}
    for e in entries:
        if e.kind == "done" and e.note and e.goal_id is not None:
            notes.setdefault(e.goal_id, []).append((e.on_date, e.subject, e.note))
    return [
        GoalDone(g.id, g.title, g.status, g.done, g.expected, whys.get(g.id), notes.get(g.id, []))
        for g in report.goals
        if g.expected or g.done or g.id in notes
    ]


def rating_changes(goals: Sequence[GoalIn], since: date) -> list[RatingChange]:
    """Ruler ratings on or after ``since`` that differ from the one before, in date order.

    A goal's first rating has no ``before``: it is where the goal started, not a change.
    """
    changes: list[RatingChange] = []
    for g in goals:
        for what in ("importance", "confidence"):
            before: int | None = None
            for on, importance, confidence in g.ratings:
                value = importance if what == "importance" else confidence
                if value is None:
                    continue
                if on >= since and value != before:
                    changes.append(RatingChange(g.id, g.title, what, before, value, on))
                before = value
    return sorted(changes, key=lambda c: (c.on_date, c.goal_id, c.what))


def _longest_run(events: Sequence[tuple[date, bool]]) -> tuple[int, date | None]:
    best, best_end, run = 0, None, 0
    for day, done in sorted(events):
        run = run + 1 if done else 0
        if run and run >= best:
            best, best_end = run, day
    return best, best_end


def affirmations(
    client: ClientIn, report: ClientReport, window: Window, as_of: date, *, min_run: int = 3,
    entries: Sequence[TimelineEntry] = (),
) -> list[Affirmation]:
    """What the record gives to affirm: the return, goals achieved, wins, one-offs done, the days.

    Then the longest run of a step and the best week, read over the report's
    horizon (26 weeks), so even a quiet fortnight has something true and
    specific to say back. What was done is said as days and in the client's
    own words (a one-off's note, a win); a share is said only when it is at
    least half: "3 of 7" is not praise.
    """
    horizon = horizon_start(window)
    end = min(as_of, window.end)
    found: list[Affirmation] = []
    spell = report.returning
    if spell is not None and spell.back is not None:
        found.append(Affirmation("returned", None, {"on": spell.back, "last": spell.last}))
    for g in sorted(client.goals, key=lambda g: g.status_on, reverse=True):
        if g.status == "achieved" and g.status_on >= horizon:
            found.append(Affirmation("achieved", g.id, {"goal": g.title, "on": g.status_on}))
    found += [Affirmation("win", None, {"text": w}) for w in report.wins]
    once = {st.id: g for g in client.goals for st in g.steps if st.schedule is None}
    for e in entries:
        if e.kind == "done" and e.step_id in once and window.start <= e.on_date <= end:
            found.append(Affirmation("one_off", once[e.step_id].id,
                                     {"step": e.subject, "on": e.on_date, "note": e.note}))
    days = sorted({d for g in client.goals for st in g.steps for d, log in st.logs.items()
                   if log.done and window.start <= d <= end})
    if days:
        found.append(Affirmation("days", None, {"days": len(days), "first": days[0], "last": days[-1],
                                                "start": window.start, "end": end}))
    elif spell is not None:
        # Nothing done since: what was done before the spell is what to build on.
        latest = max(((d, st.title, g.id) for g in client.goals for st in g.steps
                      for d, log in st.logs.items() if log.done and d <= end), default=None)
        if latest is not None:
            found.append(Affirmation("before", latest[2], {"step": latest[1], "on": latest[0]}))
    models = [(g, StepModel(s, g, horizon, end, as_of)) for g in client.goals for s in g.steps]
    best: tuple[int, date, GoalIn, str] | None = None
    for g, m in models:
        if m.schedule is None:
            continue
        run, last = _longest_run(m.streak_events())
        if last is not None and run >= min_run and (best is None or (run, last) > best[:2]):
            best = (run, last, g, m.step.title)
    if best is not None:
        run, last, g, title = best
        found.append(Affirmation("run", g.id, {"step": title, "goal": g.title, "count": run, "last": last}))
    weeks: list[tuple[float, date, Tally]] = []
    for k in range(8):
        hi = end - timedelta(days=7 * k)
        lo = hi - timedelta(days=6)
        t = Tally()
        for _, m in models:
            t = t + m.tally(lo, hi)
        if t.expected >= 2 and t.done >= 1 and t.adherence is not None and 2 * t.done >= t.expected:
            weeks.append((t.adherence, hi, t))
    if weeks:
        share, hi, t = max(weeks, key=lambda w: (w[0], w[1]))
        found.append(Affirmation("best_week", None, {
            "start": hi - timedelta(days=6), "end": hi, "done": t.done, "expected": t.expected,
            "share": share,
        }))
    return found


def rank_topics(report: ClientReport, *, commitments: bool, limit: int) -> list[Topic]:
    """At most ``limit`` question topics, ranked, no two on the same goal or of the same kind.

    Last time's commitment first; then the strongest celebration (what worked,
    to build on), then what is worth exploring by weight; the client's own
    agenda when there is room. A client coming back is welcomed first instead
    of being asked about last time's plans.
    """
    signals = report.signals
    celebrate = [i for i, s in enumerate(signals) if s.severity == "celebrate"]
    attention = sorted(
        (i for i, s in enumerate(signals) if s.severity == "attention"),
        key=lambda i: (-ATTENTION_WEIGHT.get(signals[i].code, 0), i),
    )
    spell = report.returning
    back = spell is not None and spell.holding
    # Coming back: a welcome, not last time's plans; the welcome asks what quiet and
    # nothing-done-lately would (what happened, a first step back).
    order: list[Topic] = [Topic("returning")] if back else []
    order += [Topic("commitment")] if commitments and not back else []
    order += [Topic("signal", i) for i in celebrate[:1] + attention + celebrate[1:]
              if not (back and signals[i].code in ("quiet", "stalled"))]
    order.append(Topic("opening"))
    chosen: list[Topic] = []
    goals: set[int] = set()
    codes: set[str] = set()
    for t in order:
        if len(chosen) >= limit:
            break
        if t.signal is not None:
            s = signals[t.signal]
            if s.code in codes or (s.goal_id is not None and s.goal_id in goals):
                continue
            codes.add(s.code)
            if s.goal_id is not None:
                goals.add(s.goal_id)
        chosen.append(t)
    return chosen


def question_limit(settings: Mapping[str, float]) -> int:
    """How many questions a prep page asks (the ``prep.questions`` setting)."""
    return max(1, int(settings.get("prep.questions", 3)))
