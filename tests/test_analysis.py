"""The report's arithmetic on hand-worked cases (pure: records in, figures out).

Every case builds ``StepIn``/``GoalIn`` records directly and passes the window
and the as-of date, so the expected numbers can be checked with a calendar.
The counting rules are the ones in :mod:`coachcli.analysis`'s docstring.

Calendar used below (2026): November 1 is a Sunday, so the Mondays are
Nov 2, 9, 16; ISO week 2026-W46 is Mon Nov 9 .. Sun Nov 15.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

import pytest

from coachcli.domain.progress import caseload_order, client_report, goal_report, strength
from coachcli.domain.reporting import CheckinIn, ClientIn, DayLog, GoalIn, GoalReport, StepIn, Tally, Window
from conftest import Invoke
from helpers import as_json

D = date.fromisoformat

#: ISO week 2026-W46, Monday to Sunday.
W46 = Window(D("2026-11-09"), D("2026-11-15"))
#: The Monday after W46: the week is over, every day of it counts.
MONDAY_AFTER = D("2026-11-16")


def days(first: str, last: str) -> list[str]:
    """Every date from ``first`` to ``last`` inclusive, as text."""
    a, b = D(first), D(last)
    return [(a + timedelta(days=i)).isoformat() for i in range((b - a).days + 1)]


def logs(
    done: Iterable[str] = (), missed: Iterable[str] = (), skipped: Iterable[str] = (),
    counts: dict[str, int] | None = None,
) -> dict[date, DayLog]:
    """Per-day logs; ``counts`` gives a done count other than 1 for some days."""
    out: dict[date, dict[str, int]] = {}
    for kind, dates in (("done", done), ("missed", missed), ("skipped", skipped)):
        for d in dates:
            out.setdefault(D(d), {})[kind] = 1
    for d, n in (counts or {}).items():
        out.setdefault(D(d), {})["done"] = n
    return {d: DayLog(**v) for d, v in out.items()}


def step(
    schedule: str | None = "daily", *, start: str = "2026-11-02", id: int = 1, title: str = "Walk",
    until: str | None = None, dropped: str | None = None, due: str | None = None,
    done: Iterable[str] = (), missed: Iterable[str] = (), skipped: Iterable[str] = (),
    counts: dict[str, int] | None = None,
) -> StepIn:
    done = list(done)
    first_done = min((D(d) for d in [*done, *(counts or {})]), default=None)
    return StepIn(
        id=id, goal_id=1, title=title, schedule=schedule, due_date=D(due) if due else None,
        start_date=D(start), until_date=D(until) if until else None,
        dropped_on=D(dropped) if dropped else None,
        logs=logs(done, missed, skipped, counts), first_done=first_done if due else None,
    )


def goal(
    *steps: StepIn, id: int = 1, title: str = "Get fit", status: str = "active",
    status_on: str = "2026-10-01", changes: Iterable[tuple[str, str]] = (),
    ratings: Iterable[tuple[str, int | None, int | None]] = (), should: bool = False,
) -> GoalIn:
    last = max((d for s in steps for d, log in s.logs.items() if log.done), default=None)
    return GoalIn(
        id=id, title=title, status=status, status_on=D(status_on), should=should,
        status_changes=[(D(d), s) for d, s in changes],
        ratings=[(D(d), i, c) for d, i, c in ratings], steps=list(steps), last_done=last,
    )


def run(g: GoalIn, window: Window = W46, as_of: date = MONDAY_AFTER) -> GoalReport:
    return goal_report(g, window, as_of)


def figures(r: GoalReport) -> tuple[float, float, float, float | None]:
    return r.expected, r.done, r.missed, r.adherence


# ------------------------------------------------------------------ dated schedules


def test_weekday_list_across_a_window_edge() -> None:
    # mon,wed,fri from Mon Nov 2; window Thu Nov 12 .. Wed Nov 18.
    # Planned in the window: Fri 13, Mon 16, Wed 18.
    # A done on Thu 12 (inside the window) credits Wed 11's occurrence, which
    # is outside the window: it must not count for Fri 13.
    s = step("mon,wed,fri", done=["2026-11-12"], missed=["2026-11-16"])
    window = Window(D("2026-11-12"), D("2026-11-18"))
    # As of Wed 18, Wed 18 is pending (the day is not over): 2 expected (13, 16).
    assert figures(run(goal(s), window, D("2026-11-18"))) == (2, 0, 1, 0.0)
    # As of Thu 19 Wed 18 is over and was not logged: 3 expected (13, 16, 18).
    assert figures(run(goal(s), window, D("2026-11-19"))) == (3, 0, 1, 0.0)
    # Done on Fri 13 and Wed 18 itself: 2 of 3.
    s2 = step("mon,wed,fri", done=["2026-11-13", "2026-11-18"], missed=["2026-11-16"])
    assert figures(run(goal(s2), window, D("2026-11-19"))) == (3, 2, 1, 0.667)


def test_every_three_days_is_anchored_on_the_start_date() -> None:
    # From Mon Nov 2: Nov 2, 5, 8, 11, 14, 17 ... -> W46 holds 11 and 14.
    assert run(goal(step("every 3 days", start="2026-11-02"))).expected == 2
    # From Tue Nov 3: Nov 3, 6, 9, 12, 15 ... -> W46 holds 9, 12 and 15.
    r = run(goal(step("every 3 days", start="2026-11-03", done=["2026-11-09", "2026-11-13"])))
    # Done Fri 13 is before the next occurrence (Sun 15): it credits Thu 12.
    assert figures(r) == (3, 2, 0, 0.667)


def test_done_on_the_day_after_credits_that_occurrence() -> None:
    # mon,wed,fri in W46 (Mon 9, Wed 11, Fri 13), as of Tue Nov 17.
    # Tue 10 credits Mon 9; Thu 12 credits Wed 11; nothing from Fri 13 to Sun 15,
    # and Mon 16 is its own occurrence (outside the window): Fri 13 stays not done.
    s = step("mon,wed,fri", done=["2026-11-10", "2026-11-12", "2026-11-16"])
    r = run(goal(s), W46, D("2026-11-17"))
    assert figures(r) == (3, 2, 0, 0.667)
    # A done on Sat 14 credits Fri 13, all three done.
    s = step("mon,wed,fri", done=["2026-11-10", "2026-11-12", "2026-11-14"])
    assert figures(run(goal(s))) == (3, 3, 0, 1.0)


def test_two_dones_between_occurrences_count_once() -> None:
    # Mon 9 done twice (Mon and Tue): still one occurrence; Wed and Fri not done.
    s = step("mon,wed,fri", done=["2026-11-09", "2026-11-10"])
    assert figures(run(goal(s))) == (3, 1, 0, 0.333)


def test_todays_unlogged_occurrence_is_pending_not_expected() -> None:
    # Daily, the last 7 days ending today (Wed 18): Thu 12 .. Wed 18.
    window = Window(D("2026-11-12"), D("2026-11-18"))
    six = days("2026-11-12", "2026-11-17")
    r = run(goal(step("daily", done=six)), window, D("2026-11-18"))
    assert figures(r) == (6, 6, 0, 1.0)  # today is not over: 6 expected, not 7
    r = run(goal(step("daily", done=[*six, "2026-11-18"])), window, D("2026-11-18"))
    assert figures(r) == (7, 7, 0, 1.0)  # once logged, today counts
    r = run(goal(step("daily", done=six, missed=["2026-11-18"])), window, D("2026-11-18"))
    assert figures(r) == (7, 6, 1, 0.857)  # a miss logged today counts too


@pytest.mark.parametrize(
    ("monday", "sunday"),
    [("2026-03-23", "2026-03-29"), ("2026-10-19", "2026-10-25")],
    ids=["summer-time-starts", "summer-time-ends"],
)
def test_dst_change_week_still_has_seven_days(monday: str, sunday: str) -> None:
    # Europe changes clocks on Sun 2026-03-29 and Sun 2026-10-25. The report
    # counts calendar dates, so those weeks have 7 days and a daily step
    # expects 7 -- including the Sunday, once that Sunday is over.
    window = Window(D(monday), D(sunday))
    assert window.days == 7
    s = step("daily", start="2026-01-05", done=days(monday, sunday))
    assert figures(run(goal(s), window, D(sunday) + timedelta(days=1))) == (7, 7, 0, 1.0)
    # Sunday not logged, report run on the Monday after (cron's `--week last`):
    # the Sunday is over, so it is expected and not done.
    s = step("daily", start="2026-01-05", done=days(monday, sunday)[:6])
    assert figures(run(goal(s), window, D(sunday) + timedelta(days=1))) == (7, 6, 0, 0.857)
    # The same on the Sunday itself: the Sunday is still pending.
    assert figures(run(goal(s), window, D(sunday))) == (6, 6, 0, 1.0)


# ------------------------------------------------------------------ pause, skip, start/end


def test_paused_days_and_skipped_occurrences_are_not_expected() -> None:
    # Daily from Mon 9; paused Wed 11, resumed Fri 13: active days 9, 10, 13, 14, 15.
    # Sat 14 skipped (sick): expected 9, 10, 13, 15 = 4, all done.
    changes = [("2026-10-01", "active"), ("2026-11-11", "paused"), ("2026-11-13", "active")]
    s = step("daily", start="2026-11-09", done=["2026-11-09", "2026-11-10", "2026-11-13", "2026-11-15"],
             skipped=["2026-11-14"])
    r = run(goal(s, changes=changes))
    assert figures(r) == (4, 4, 0, 1.0)
    # A skip breaks no streak: the 4 done occurrences are consecutive.
    assert r.streak == 4
    # The same with Sat 14 missed instead: expected 5, streak only Sun 15.
    s = step("daily", start="2026-11-09", done=["2026-11-09", "2026-11-10", "2026-11-13", "2026-11-15"],
             missed=["2026-11-14"])
    r = run(goal(s, changes=changes))
    assert figures(r) == (5, 4, 1, 0.8)
    assert r.streak == 1


def test_quota_paused_days_and_skips_reduce_what_is_expected() -> None:
    # 3/week over W46 with the goal paused Wed 11 and Thu 12: 5 of 7 days planned
    # -> 3 * 5/7 = 2.14, rounded to 2 expected.
    changes = [("2026-10-01", "active"), ("2026-11-11", "paused"), ("2026-11-13", "active")]
    r = run(goal(step("3/week"), changes=changes))
    assert r.expected == 2
    # One skip takes one occurrence off: 2 - 1 = 1; 3 done count as that 1.
    s = step("3/week", skipped=["2026-11-14"], done=["2026-11-09", "2026-11-10", "2026-11-13"])
    r = run(goal(s, changes=changes))
    assert figures(r) == (1, 1, 0, 1.0)


def test_a_step_starting_inside_the_window() -> None:
    # Daily from Thu 12: W46 expects Thu 12 .. Sun 15 = 4.
    r = run(goal(step("daily", start="2026-11-12", done=["2026-11-12", "2026-11-14"])))
    assert figures(r) == (4, 2, 0, 0.5)


def test_a_step_ending_inside_the_window() -> None:
    # until Wed 11: Mon 9, Tue 10, Wed 11 = 3.
    assert run(goal(step("daily", until="2026-11-11"))).expected == 3
    # dropped on Fri 13: the day it was dropped is not expected -> Mon 9 .. Thu 12 = 4.
    r = run(goal(step("daily", dropped="2026-11-13", done=days("2026-11-09", "2026-11-12"))))
    assert figures(r) == (4, 4, 0, 1.0)
    assert [s.expected for s in r.steps] == [4]  # still listed: it was live in the window
    # Dropped before the window: nothing expected and the step is not listed.
    r = run(goal(step("daily", dropped="2026-11-05")))
    assert figures(r) == (0, 0, 0, None)
    assert r.steps == []


def test_nothing_expected_gives_null_adherence() -> None:
    r = run(goal(step("daily", start="2026-11-20")))
    assert figures(r) == (0, 0, 0, None)
    assert r.previous_adherence is None
    assert Tally().adherence is None


# ------------------------------------------------------------------ quotas


def test_a_quota_week_counts_whole_in_the_window_that_holds_its_sunday() -> None:
    # 3/week; a window Fri 13 .. Sun 15 holds W46's Sunday: the whole week is judged
    # there, 1 done of 3, wherever in the week it was done.
    window = Window(D("2026-11-13"), D("2026-11-15"))
    r = run(goal(step("3/week", done=["2026-11-10"])), window)
    assert figures(r) == (3, 1, 0, 0.333)
    # Mon 9 .. Thu 12 holds no Sunday: nothing of the week is judged there.
    r = run(goal(step("3/week", done=["2026-11-10"])), Window(D("2026-11-09"), D("2026-11-12")))
    assert figures(r) == (0, 0, 0, None)


def test_a_quota_week_cut_by_the_start_asks_its_share_rounded() -> None:
    # Starting Fri 13: 3 of W46's 7 days are planned, 3 * 3/7 = 1.29 -> 1 expected.
    r = run(goal(step("3/week", start="2026-11-13", done=["2026-11-14"])))
    assert figures(r) == (1, 1, 0, 1.0)
    # Starting Sun 15: 3 * 1/7 = 0.43 -> that week asks for none...
    assert figures(run(goal(step("3/week", start="2026-11-15")))) == (0, 0, 0, None)
    # ...but a done logged in it is never lost: it counts as one of one.
    r = run(goal(step("3/week", start="2026-11-15", done=["2026-11-15"])))
    assert figures(r) == (1, 1, 0, 1.0)
    # until Thu 12: 4 of 7 days, 3 * 4/7 = 1.71 -> 2.
    assert run(goal(step("3/week", until="2026-11-12"))).expected == 2


def test_quota_done_early_in_the_week_is_on_track_in_a_window_across_two_weeks() -> None:
    # 3/week, always done Mon-Wed. Window Thu 12 .. Wed 18 (the "last 7 days" on Thu 19):
    # W46 ends in it, 3 of 3; W47 is under way and already met, so it counts too.
    done = ["2026-11-09", "2026-11-10", "2026-11-11", "2026-11-16", "2026-11-17", "2026-11-18"]
    window = Window(D("2026-11-12"), D("2026-11-18"))
    r = run(goal(step("3/week", done=done)), window, D("2026-11-19"))
    assert figures(r) == (3, 3, 0, 1.0)


def test_a_quota_week_under_way_counts_once_met() -> None:
    # --week this on Wed 18: W47 ends on Sun 22, after today.
    window = Window(D("2026-11-16"), D("2026-11-22"))
    today = D("2026-11-18")
    # Two of three so far: still under way, not judged yet.
    r = run(goal(step("3/week", done=["2026-11-16", "2026-11-17"])), window, today)
    assert figures(r) == (0, 0, 0, None)
    # Three by Wednesday: met, 3 of 3.
    r = run(goal(step("3/week", done=days("2026-11-16", "2026-11-18"))), window, today)
    assert figures(r) == (3, 3, 0, 1.0)


def test_quota_done_is_capped_at_what_was_expected() -> None:
    # 5 done on one day of a 3/week: 3 of 3, adherence exactly 1.
    window = Window(D("2026-11-13"), D("2026-11-15"))
    r = run(goal(step("3/week", counts={"2026-11-14": 5})), window)
    assert figures(r) == (3, 3, 0, 1.0)
    r = run(goal(step("3/week", counts={"2026-11-09": 2, "2026-11-12": 3})))
    assert figures(r) == (3, 3, 0, 1.0)


def test_quota_per_month_counts_in_the_window_that_holds_the_months_last_day() -> None:
    # 2/month; window Wed Oct 28 .. Tue Nov 3 holds Oct 31: October is judged whole,
    # 1 done of 2. November ends later: nothing of it yet.
    window = Window(D("2026-10-28"), D("2026-11-03"))
    s = step("2/month", start="2026-09-01", done=["2026-10-02", "2026-11-02"])
    r = run(goal(s), window, D("2026-11-04"))
    assert figures(r) == (2, 1, 0, 0.5)
    # The weeks before hold no month's end: nothing expected, no trend point.
    assert r.trend[-2] is None
    assert r.previous_expected == 0


def test_quota_missed_counts_only_what_was_not_done() -> None:
    # 3/week in W46: 2 done, 2 misses logged -> missed is capped at 3 - 2 = 1.
    s = step("3/week", done=["2026-11-09", "2026-11-11"], missed=["2026-11-13", "2026-11-14"])
    assert figures(run(goal(s))) == (3, 2, 1, 0.667)


# ------------------------------------------------------------------ one-off steps


def test_one_off_due_in_the_window() -> None:
    # Due Tue Nov 10, not done: expected once, not done.
    assert figures(run(goal(step(None, due="2026-11-10")))) == (1, 0, 0, 0.0)
    # Logged as missed on its due date.
    assert figures(run(goal(step(None, due="2026-11-10", missed=["2026-11-10"])))) == (1, 0, 1, 0.0)


def test_one_off_skipped_on_its_due_date_is_not_expected() -> None:
    assert figures(run(goal(step(None, due="2026-11-10", skipped=["2026-11-10"])))) == (0, 0, 0, None)


def test_one_off_done_late_counts_as_done() -> None:
    # Due Tue 10, done Thu 12 (still inside the window).
    assert figures(run(goal(step(None, due="2026-11-10", done=["2026-11-12"])))) == (1, 1, 0, 1.0)


def test_one_off_overdue_before_the_window_is_not_expected_in_it() -> None:
    # Due Thu Nov 5 (W45), never done: W46 expects nothing of it ...
    g = goal(step(None, due="2026-11-05"))
    assert figures(run(g)) == (0, 0, 0, None)
    # ... but it is the previous week's miss.
    assert run(g).previous_adherence == 0.0


def test_one_off_due_today_is_pending_until_done() -> None:
    window = Window(D("2026-11-12"), D("2026-11-18"))
    today = D("2026-11-18")
    assert figures(run(goal(step(None, due="2026-11-18")), window, today)) == (0, 0, 0, None)
    r = run(goal(step(None, due="2026-11-18", done=["2026-11-18"])), window, today)
    assert figures(r) == (1, 1, 0, 1.0)
    # A miss logged on the day is logged: the day says so already, as a dated step's would.
    r = run(goal(step(None, due="2026-11-18", missed=["2026-11-18"])), window, today)
    assert figures(r) == (1, 0, 1, 0.0)


def test_one_off_due_on_the_last_day_of_a_past_window_is_expected() -> None:
    # Due Sun 15 (the last day of W46), not done; the report runs on Mon 16.
    assert figures(run(goal(step(None, due="2026-11-15")))) == (1, 0, 0, 0.0)


# ------------------------------------------------------------------ strength


def test_strength_formula_from_zero() -> None:
    # s = 0.75 s + 0.25 a from 0: one perfect week 0.25 -> 25; two 0.4375 -> 44.
    assert strength([1.0]) == 25
    assert strength([1.0, 1.0]) == 44
    # Weeks with nothing expected leave it as is.
    assert strength([None, 1.0, None, 1.0, None]) == 44
    assert strength([]) == 0


def test_strength_forgives_a_single_miss() -> None:
    # At 100, one miss in a 3/week habit: 0.75 * 1 + 0.25 * 2/3 = 0.9167 -> 92.
    assert strength([1.0] * 60 + [2 / 3]) == 92


def test_strength_from_data_perfect_weeks() -> None:
    # Daily from Mon Nov 9, all done: one perfect 7-day block -> 25.
    r = run(goal(step("daily", start="2026-11-09", done=days("2026-11-09", "2026-11-15"))))
    assert r.strength == 25
    # From Mon Nov 2: two perfect blocks -> 44.
    r = run(goal(step("daily", start="2026-11-02", done=days("2026-11-02", "2026-11-15"))))
    assert r.strength == 44


def test_strength_from_data_one_miss_after_half_a_year() -> None:
    # mon,wed,fri since January, every occurrence done: 26 perfect blocks ->
    # 1 - 0.75**26 = 0.99943 -> 100. Then Wed Nov 11 missed:
    # 0.75 * (1 - 0.75**25) + 0.25 * 2/3 = 0.9161 -> 92.
    planned = [d for d in days("2026-01-05", "2026-11-15") if D(d).weekday() in (0, 2, 4)]
    perfect = step("mon,wed,fri", start="2026-01-05", done=planned)
    assert run(goal(perfect)).strength == 100
    one_miss = step("mon,wed,fri", start="2026-01-05",
                    done=[d for d in planned if d != "2026-11-11"], missed=["2026-11-11"])
    r = run(goal(one_miss))
    assert figures(r) == (3, 2, 1, 0.667)
    assert r.strength == 92


# ------------------------------------------------------------------ trend


def test_trend_has_eight_weeks_oldest_first_with_none_before_the_plan() -> None:
    # Daily from Mon Oct 26. Seven-day blocks ending Sun Nov 15:
    #   Sep 21.., Sep 28.., Oct 5.., Oct 12.., Oct 19.. (nothing planned: None),
    #   Oct 26..Nov 1 all 7 done (1.0), Nov 2..8 Mon-Thu done (4/7 = 0.571),
    #   Nov 9..15 Mon and Tue done (2/7 = 0.286).
    done = [*days("2026-10-26", "2026-11-01"), *days("2026-11-02", "2026-11-05"),
            "2026-11-09", "2026-11-10"]
    r = run(goal(step("daily", start="2026-10-26", done=done)))
    assert r.trend == [None, None, None, None, None, 1.0, 0.571, 0.286]
    assert r.adherence == r.trend[-1]
    assert r.previous_adherence == r.trend[-2]
    # Strength over the same blocks, from 0: 0.25 * 1 = 0.25;
    # 0.75 * 0.25 + 0.25 * 4/7 = 0.3304; 0.75 * 0.3304 + 0.25 * 2/7 = 0.3192 -> 32.
    assert r.strength == 32


# ------------------------------------------------------------------ streak


def test_streak_runs_across_two_steps_of_a_goal() -> None:
    # Walk mon,wed,fri and Stretch tue,thu from Mon Nov 9, in date order:
    #   Mon 9 walk missed | Tue 10 stretch | Wed 11 walk | Thu 12 stretch | Fri 13 walk
    # The last 4 were all done: goal streak 4, though each step alone has only 2.
    walk = step("mon,wed,fri", id=1, start="2026-11-09", missed=["2026-11-09"],
                done=["2026-11-11", "2026-11-13"])
    stretch = step("tue,thu", id=2, title="Stretch", start="2026-11-09",
                   done=["2026-11-10", "2026-11-12"])
    r = run(goal(walk, stretch))
    assert r.streak == 4
    assert [s.streak for s in r.steps] == [2, 2]
    assert figures(r) == (5, 4, 1, 0.8)


def test_streak_runs_across_quota_periods() -> None:
    # 2/week from Mon Nov 2, as of Wed Nov 18 (W47 under way):
    #   W45 (Nov 2..8) 2 done -> met, counts 2
    #   W46 (Nov 9..15) 2 done -> met, counts 2
    #   W47 so far: 1 done -> counts 1 (the period is not over, nothing broken)
    # streak = 5.
    window = Window(D("2026-11-12"), D("2026-11-18"))
    done = ["2026-11-03", "2026-11-05", "2026-11-10", "2026-11-14", "2026-11-16"]
    r = run(goal(step("2/week", done=done)), window, D("2026-11-18"))
    assert r.streak == 5
    # W45 with only 1 done: the unmet finished week breaks the streak -> 2 + 1 = 3.
    r = run(goal(step("2/week", done=done[1:])), window, D("2026-11-18"))
    assert r.streak == 3


def test_streak_counts_a_quota_week_that_ends_the_window() -> None:
    # 2/week; W46 is the window and is over when the report runs on Mon 16:
    # W45 met (2) + W46 met (2) = 4.
    done = ["2026-11-03", "2026-11-05", "2026-11-10", "2026-11-14"]
    assert run(goal(step("2/week", done=done))).streak == 4
    # W46 unmet and over: the streak is broken.
    assert run(goal(step("2/week", done=done[:3]))).streak == 0


def test_streak_stops_at_the_most_recent_miss() -> None:
    done = [d for d in days("2026-11-02", "2026-11-15") if d != "2026-11-11"]
    r = run(goal(step("daily", done=done)))
    assert r.streak == 4  # Thu 12 .. Sun 15


# ------------------------------------------------------------------ ratings


def test_latest_ratings_and_their_change_against_the_window_start() -> None:
    ratings = [("2026-10-01", 8, 3), ("2026-11-01", 9, None), ("2026-11-12", None, 5)]
    r = run(goal(step(), ratings=ratings))
    # Latest importance 9 (Nov 1, before W46: no change in the window);
    # latest confidence 5 (Nov 12) against 3 before the window: +2.
    assert (r.importance, r.importance_change) == (9, 0)
    assert (r.confidence, r.confidence_change) == (5, 2)
    # No rating before the window: no change to report.
    r = run(goal(step(), ratings=[("2026-11-10", 7, 6)]))
    assert (r.importance, r.importance_change, r.confidence_change) == (7, None, None)


# ------------------------------------------------------------------ clients


def client(*goals: GoalIn, name: str = "Ana", last: str | None = "2026-11-15",
           checkins: Iterable[CheckinIn] = (),
           notes: Iterable[tuple[str, str, str]] = ()) -> ClientIn:
    return ClientIn(
        id=1, name=name, created_on=D("2026-09-01"), goals=list(goals), checkins=list(checkins),
        miss_notes=[(D(d), t, n) for d, t, n in notes], last_activity=D(last) if last else None,
    )


def test_client_totals_sum_its_goals() -> None:
    a = goal(step("daily", done=days("2026-11-09", "2026-11-12")), id=1)  # 4 of 7
    b = goal(step("mon,wed,fri", done=["2026-11-09"]), id=2, title="Read")  # 1 of 3
    r = client_report(client(a, b), W46, MONDAY_AFTER)
    assert (r.expected, r.done, r.adherence) == (10, 5, 0.5)
    assert [g.id for g in r.goals] == [1, 2]


def test_client_shows_goals_achieved_or_dropped_in_the_window_only() -> None:
    achieved_in = goal(step(), id=1, status="achieved", status_on="2026-11-12")
    dropped_before = goal(step(), id=2, status="dropped", status_on="2026-11-01")
    paused = goal(step(), id=3, status="paused", status_on="2026-11-01")
    r = client_report(client(achieved_in, dropped_before, paused), W46, MONDAY_AFTER)
    assert [g.id for g in r.goals] == [1, 3]


def test_wins_obstacles_and_latest_commitments() -> None:
    checkins = [
        CheckinIn(D("2026-11-01"), 3, ["old win"], [], ["walk daily"], session=True),
        CheckinIn(D("2026-11-10"), 4, ["walked twice"], ["rain"], []),
    ]
    notes = [("2026-11-11", "Walk", "rain"), ("2026-11-13", "Walk", "rain"),
             ("2026-11-12", "Read", "tired")]
    r = client_report(client(goal(step()), checkins=checkins, notes=notes), W46, MONDAY_AFTER)
    assert r.wins == ["walked twice"]
    # Miss notes with the same reason are grouped with their dates.
    assert r.obstacles == ["rain", "rain (Walk: 2026-11-11, 2026-11-13)", "tired (Read: 2026-11-12)"]
    # The latest check-in with commitments, even from before the window.
    assert r.commitments == ["walk daily"]


def test_caseload_is_ordered_by_attention_then_adherence_then_name() -> None:
    quiet = client(goal(step()), name="zoe", last="2026-10-01")  # quiet: weight 5
    busy = client(goal(step("daily", done=days("2026-11-09", "2026-11-15"))), name="Bea")
    low = client(goal(step("daily", done=["2026-11-09"])), name="al")
    reports = [client_report(c, W46, MONDAY_AFTER) for c in (busy, low, quiet)]
    assert [r.name for r in caseload_order(reports)] == ["zoe", "al", "Bea"]


# ------------------------------------------------------------------ the README's worked example


def test_the_readmes_worked_quota_example(coach: Invoke) -> None:
    """The commands of README "How the report counts" give the figures it states."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    intro = readme.index("A worked example (the test suite runs it as written)")
    block = readme[intro:].split("```")[1]
    commands = [shlex.split(line)[1:] for line in block.splitlines() if line.startswith("coach ")]
    assert len(commands) == 7
    on = D("2026-11-25")
    for args in commands:
        assert coach(*args, today=on).exit_code == 0
    prose = " ".join(readme[intro:].split("**Signals**")[0].split())
    for stated in ("whole: **3 of 3**", "3 × 3/7 = 1.3, that is **1 of 1**",
                   "**2 more this week (1 of 3 done)**"):
        assert stated in prose

    doc = as_json(coach("report", "-f", "json", today=on))
    assert doc["window"] == {"start": "2026-11-19", "end": "2026-11-25"}
    g = doc["clients"][0]["goals"][0]
    assert (g["done"], g["expected"]) == (3, 3)
    assert (g["previous_expected"], g["previous_adherence"]) == (1, 1.0)
    items = as_json(coach("agenda", "-f", "json", today=on))["items"]
    assert [i["detail"] for i in items] == ["2 more this week (1 of 3 done)"]
