"""The report's shortcuts give what their plain definitions give.

The analysis and the text renderer take shortcuts for speed (a report of a
whole caseload runs them hundreds of thousands of times): no sort for the
streak, one pass for a paused goal's active days, bisection instead of a day
walk for quota periods, no textwrap for a line that fits. Each is checked
here against the plain definition it replaces, on generated inputs.
"""

from __future__ import annotations

import textwrap
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from coachcli.domain.occurrences import active_days, active_on, quota_period
from coachcli.domain.progress import streak
from coachcli.domain.reporting import DayLog, StepIn
from coachcli.render.text import prose_width, width, wrap

START = date(2026, 1, 1)
days = st.integers(0, 60).map(lambda n: START + timedelta(days=n))


def sorted_streak(events: list[tuple[date, bool]]) -> int:
    """The definition: newest first (a miss after a done on its day), count dones to the first miss."""
    count = 0
    for _, done in sorted(events, key=lambda e: (e[0], e[1]), reverse=True):
        if not done:
            break
        count += 1
    return count


@given(st.lists(st.tuples(days, st.booleans()), max_size=40))
def test_streak_is_the_sorted_count(events: list[tuple[date, bool]]) -> None:
    assert streak(events) == sorted_streak(events)


statuses = st.sampled_from(["active", "paused", "achieved", "dropped"])
changes = st.lists(st.tuples(days, statuses), max_size=5).map(sorted)


@given(st.lists(days, max_size=40).map(sorted), changes)
def test_active_days_is_the_filter(some: list[date], status_changes: list[tuple[date, str]]) -> None:
    assert active_days(some, status_changes) == [d for d in some if active_on(status_changes, d)]


logs = st.dictionaries(days, st.builds(DayLog, st.integers(0, 3), st.integers(0, 1), st.integers(0, 1)),
                       max_size=30)


@given(logs, days, st.one_of(st.none(), days), st.one_of(st.none(), days), days, days,
       st.integers(1, 5))
def test_quota_period_by_bisection_is_the_day_walk(
        step_logs: dict[date, DayLog], start: date, until: date | None, dropped: date | None,
        period_start: date, as_of: date, quota: int) -> None:
    step = StepIn(1, 1, "walk", "3/week", None, start, until, dropped, step_logs)
    bounds = (period_start, period_start + timedelta(days=6))
    walked = quota_period(step, [], quota, bounds, as_of)
    assert quota_period(step, [], quota, bounds, as_of, logged=sorted(step_logs)) == walked


@given(st.text(st.sampled_from("ab c-d  é—x\t\n.,é字"), max_size=130),
       st.sampled_from(["", "  * ", "    ", "  ! "]), st.sampled_from([40, 80, 120]))
def test_a_line_that_fits_is_wrapped_as_textwrap_does(text: str, indent: str, columns: int) -> None:
    expected = textwrap.wrap(text, prose_width(columns), initial_indent=indent,
                             subsequent_indent="    ", break_on_hyphens=False) or [indent.rstrip()]
    assert wrap(text, indent, "    ", columns) == expected


@given(st.text(max_size=30))
def test_ascii_width_is_its_length(text: str) -> None:
    import unicodedata

    expected = sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
                   for ch in text)
    assert width(text) == expected
