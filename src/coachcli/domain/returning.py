"""A way back: noticing a client who went quiet, or set most of a window aside, and their return.

After a gap the window's figures mostly measure the gap: "importance 9, 1 of
8 done" asked of someone back from the flu is a reproach, not a question. So
while a client is quiet, or most of a window's planned days were set aside,
and until enough planned days have passed since they came back, the report
and prep lead with a welcome and hold back the signals that weigh what was
done against what matters (:data:`HELD_BACK`).

Pure: reads the client's records as loaded for a report.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from datetime import date

from coachcli.domain.occurrences import step_model
from coachcli.domain.reporting import ClientIn, GoalIn, Returning, Signal, Window

#: The signals that weigh what was done against what matters, or against before:
#: held back until there is evidence since the return.
HELD_BACK = frozenset(("say_do_gap", "priority_inversion", "slipping", "should_goal"))


def _days_recorded(client: ClientIn, end: date) -> list[date]:
    """Every day something was recorded about, up to ``end``: actions, check-ins, ratings."""
    days: set[date] = {c.on_date for c in client.checkins if c.on_date <= end}
    for g in client.goals:
        days |= {on for on, _, _ in g.ratings if on <= end}
        for st in g.steps:
            days |= {d for d in st.logs if d <= end}
    return sorted(days)


def _planned(goals: Sequence[GoalIn], horizon: date, lo: date, hi: date,
             as_of: date) -> tuple[int, int]:
    """(set aside, planned) dated occurrences of active goals' steps between ``lo`` and ``hi``."""
    skipped = planned = 0
    for g in goals:
        if g.status != "active":
            continue
        for st in g.steps:
            m = step_model(st, g, horizon, hi, as_of)
            for d, state in m.occurrences:
                if lo <= d <= hi and state != "pending":
                    planned += 1
                    skipped += state == "skipped"
            for p in m.periods:
                if lo <= p.end <= hi and p.judged(as_of):
                    t = p.tally()
                    planned += t.expected
    return skipped, planned


def returning(client: ClientIn, window: Window, as_of: date,
              settings: Mapping[str, float]) -> Returning | None:
    """The spell a client is in or coming back from, as of the window's end; None when there is none.

    Quiet: nothing recorded for ``quiet.days`` (still quiet, or a gap that
    ended inside the window). Set aside: more than half of the window's
    planned days were set aside. Held back while fewer than
    ``say_do_gap.expected`` planned days have passed since the return.
    """
    end = min(as_of, window.end)
    least = settings.get("say_do_gap.expected", 2)
    quiet = settings.get("quiet.days", 10)
    horizon = min(window.start, end)
    goals = client.goals
    last = client.last_activity
    since = last or client.created_on
    if (end - since).days >= quiet:
        return Returning("quiet", last, None)
    found: Returning | None = None
    days = [d for d in _days_recorded(client, end) if d >= client.created_on]
    for a, b in itertools.pairwise(days):
        if (b - a).days >= quiet and b >= window.start:
            found = Returning("quiet", a, b)
    any_skip = any(log.skipped and window.start <= d <= end
                   for g in goals for st in g.steps for d, log in st.logs.items())
    skipped, planned = _planned(goals, horizon, window.start, end, as_of) if any_skip else (0, 0)
    if found is None and planned and 2 * skipped > planned:
        set_aside = sorted(d for g in goals for st in g.steps for d, log in st.logs.items()
                           if log.skipped and window.start <= d <= end)
        before = [d for d in days if d < set_aside[0]] if set_aside else []
        back = next((d for d in days if set_aside and d > set_aside[-1]), None)
        found = Returning("set_aside", before[-1] if before else None, back, skipped, planned)
    if found is None:
        return None
    if found.back is None:
        return found
    _, evidence = _planned(goals, horizon, found.back, end, as_of)
    return Returning(found.reason, found.last, found.back, skipped, planned, evidence,
                     holding=evidence < least)


def hold_back(signals: Sequence[Signal], spell: Returning | None) -> list[Signal]:
    """``signals`` without those weighing done against what matters, while a return is too recent."""
    if spell is None or not spell.holding:
        return list(signals)
    return [s for s in signals if s.code not in HELD_BACK]
