"""Each signal of SPEC section 4: where it fires, and just across its threshold where it does not.

Signals read a goal's figures (a :class:`GoalReport`) next to its records (a
:class:`GoalIn`), so most cases set the figures directly with
``dataclasses.replace`` to sit exactly on a threshold; a few run the whole
analysis on records to check the evidence a coach reads.

The window is ISO week 2026-W46 (Mon Nov 9 .. Sun Nov 15), reported on the
Monday after, so the signals look at Sun Nov 15 as the last day.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from datetime import date, timedelta

import pytest

from coachcli.domain.progress import client_report
from coachcli.domain.reporting import ClientIn, DayLog, GoalIn, GoalReport, StepIn, StepReport, Window
from coachcli.domain.signals import DEFAULT_SETTINGS, SIGNAL_ORDER, signals_for
from coachcli.render.signals import Said as Signal
from coachcli.render.signals import said, say

D = date.fromisoformat
W46 = Window(D("2026-11-09"), D("2026-11-15"))
AS_OF = D("2026-11-16")
END = D("2026-11-15")  # the last day the signals look at


def ago(n: int) -> date:
    return END - timedelta(days=n)


def step_in(id: int = 1, schedule: str | None = "daily", *, title: str = "Walk",
            start: date = D("2026-10-01"), due: date | None = None, until: date | None = None,
            dropped: date | None = None,
            first_done: date | None = None, done: Iterable[date] = ()) -> StepIn:
    return StepIn(id=id, goal_id=1, title=title, schedule=schedule, due_date=due, start_date=start,
                  until_date=until, dropped_on=dropped, logs={d: DayLog(done=1) for d in done},
                  first_done=first_done)


def goal_in(id: int = 1, *, steps: Iterable[StepIn] | None = None, status: str = "active",
            status_on: date = D("2026-10-01"), should: bool = False,
            last_done: date | None = ago(1)) -> GoalIn:
    return GoalIn(id=id, title=f"Goal {id}", status=status, status_on=status_on, should=should,
                  status_changes=[], ratings=[],
                  steps=list(steps) if steps is not None else [step_in()], last_done=last_done)


def report(id: int = 1, **figures: object) -> GoalReport:
    """Unremarkable figures: a 75% goal rated 5/7, no streak; override what a case needs."""
    base = GoalReport(
        id=id, title=f"Goal {id}", status="active", should=False, importance=5, confidence=7,
        importance_change=None, confidence_change=None, expected=4, done=3, missed=0,
        adherence=0.75, previous_expected=4, previous_adherence=0.75, streak=0, strength=50, trend=[0.75] * 8,
        steps=[StepReport(1, "Walk", "daily", 4, 3, 0, 0.75, 0)],
    )
    return dataclasses.replace(base, **figures)  # type: ignore[arg-type]


def client_in(*, last_activity: date | None = ago(1), created: date = D("2026-09-01"),
              name: str = "Ana") -> ClientIn:
    return ClientIn(id=1, name=name, created_on=created, goals=[], checkins=[], miss_notes=[],
                    last_activity=last_activity)


def signals(*pairs: tuple[GoalIn, GoalReport], client: ClientIn | None = None,
            settings: Mapping[str, float] | None = None, window: Window = W46,
            as_of: date = AS_OF) -> list[Signal]:
    who = client or client_in()
    titles = {r.id: r.title for _, r in pairs}
    found = signals_for(who, list(pairs), window, as_of, settings or {})
    return [say(sig, who.name, titles, window) for sig in found]


def codes(*pairs: tuple[GoalIn, GoalReport], **kw: object) -> list[str]:
    return [s.code for s in signals(*pairs, **kw)]  # type: ignore[arg-type]


def one(code: str, *pairs: tuple[GoalIn, GoalReport], **kw: object) -> Signal:
    found = [s for s in signals(*pairs, **kw) if s.code == code]  # type: ignore[arg-type]
    assert len(found) == 1, found
    return found[0]


def test_an_unremarkable_goal_raises_nothing() -> None:
    assert codes((goal_in(), report())) == []


# ------------------------------------------------------------------ say_do_gap


def test_say_do_gap_fires_at_importance_7_below_half_with_two_expected() -> None:
    s = one("say_do_gap", (goal_in(), report(importance=7, adherence=0.49, expected=2, done=0.98)))
    assert (s.goal_id, s.severity) == (1, "attention")


@pytest.mark.parametrize(
    "figures",
    [
        {"importance": 6, "adherence": 0.49, "expected": 2},  # importance just below 7
        {"importance": 7, "adherence": 0.5, "expected": 2},  # adherence exactly 0.5
        {"importance": 7, "adherence": 0.49, "expected": 1},  # only 1 expected
        {"importance": 7, "adherence": 0.49, "expected": 1.99},  # a prorated quota short of 2
        {"importance": None, "adherence": 0.0, "expected": 5},  # never rated
        {"importance": 10, "adherence": None, "expected": 0},  # nothing expected
    ],
)
def test_say_do_gap_does_not_fire_across_each_threshold(figures: dict[str, object]) -> None:
    assert "say_do_gap" not in codes((goal_in(), report(**figures)))


def test_say_do_gap_evidence_from_real_figures() -> None:
    # mon,wed,fri 'Walk-run' in W46, only Mon 9 done, rated 9/10: 1 of 3.
    st = StepIn(1, 1, "Walk-run", "mon,wed,fri", None, D("2026-11-09"), None, None,
                {D("2026-11-09"): DayLog(done=1)})
    g = GoalIn(1, "Run a 10k", "active", D("2026-11-01"), False, [], [(D("2026-11-01"), 9, 6)], [st],
               last_done=D("2026-11-09"))
    client = ClientIn(1, "Ana", D("2026-09-01"), [g], [], [], D("2026-11-14"))
    r = client_report(client, W46, AS_OF)
    gap = [s for s in said(r, W46) if s.code == "say_do_gap"]
    assert len(gap) == 1
    assert gap[0].evidence == "Rated 9/10 important; 1 of 3 planned 'Walk-run' done in week 2026-W46."
    assert "Run a 10k" in gap[0].question


# ------------------------------------------------------------------ slipping / improving


@pytest.mark.parametrize(
    ("previous", "now", "fires"),
    [
        (0.8, 0.5, True),  # fell by exactly 0.3
        (0.7, 0.4, True),  # 0.3 again, though 0.7 - 0.4 is 0.29999999999999993 in floats
        (1.0, 0.0, True),
        (0.79, 0.5, False),  # 0.29
        (0.71, 0.42, False),  # 0.29
        (None, 0.0, False),  # nothing expected before
        (0.9, None, False),  # nothing expected now
    ],
)
def test_slipping_threshold(previous: float | None, now: float | None, fires: bool) -> None:
    got = codes((goal_in(), report(adherence=now, previous_adherence=previous)))
    assert ("slipping" in got) is fires
    assert "improving" not in got


@pytest.mark.parametrize(
    ("previous", "now", "fires"),
    [
        (0.5, 0.8, True),  # rose by exactly 0.3
        (0.4, 0.7, True),  # 0.30000000000000004 in floats
        (0.0, 1.0, True),
        (0.41, 0.7, False),  # 0.29
        (0.5, 0.79, False),  # 0.29
        (None, 1.0, False),
    ],
)
def test_improving_threshold(previous: float | None, now: float | None, fires: bool) -> None:
    got = codes((goal_in(), report(adherence=now, previous_adherence=previous)))
    assert ("improving" in got) is fires
    assert "slipping" not in got


def test_slipping_and_improving_evidence_shows_both_figures() -> None:
    s = one("slipping", (goal_in(), report(adherence=0.25, previous_adherence=0.75)))
    assert s.evidence == ("'Goal 1' was done less often: 25% of planned in week 2026-W46, "
                          "from 75% the window before.")
    s = one("improving", (goal_in(), report(adherence=0.75, previous_adherence=0.25)))
    assert s.severity == "celebrate"
    assert s.evidence == ("'Goal 1' was done more often: 75% of planned in week 2026-W46, "
                          "from 25% the window before.")


@pytest.mark.parametrize("code", ["slipping", "improving"])
@pytest.mark.parametrize(
    ("previous_expected", "expected", "fires"),
    [(2, 2, True), (1, 4, False), (4, 1, False), (0, 4, False)],
)
def test_a_change_needs_evidence_on_both_sides(
    code: str, previous_expected: int, expected: int, fires: bool
) -> None:
    # One walk expected before (or now) is no trend, however far the rate moved.
    rates = (1.0, 0.0) if code == "slipping" else (0.0, 1.0)
    g = report(previous_adherence=rates[0], adherence=rates[1], previous_expected=previous_expected,
               expected=expected, done=expected if code == "improving" else 0)
    assert (code in codes((goal_in(), g))) is fires


def test_the_evidence_needed_is_a_setting() -> None:
    g = report(previous_adherence=0.0, adherence=1.0, previous_expected=2, expected=2, done=2)
    assert "improving" not in codes((goal_in(), g), settings={"improving.expected": 3})
    g = report(previous_adherence=1.0, adherence=0.0, previous_expected=1, expected=1, done=0)
    assert "slipping" in codes((goal_in(), g), settings={"slipping.expected": 1})


def test_no_improving_for_a_client_who_is_quiet() -> None:
    g = report(previous_adherence=0.0, adherence=0.5, previous_expected=2, expected=2, done=1)
    got = codes((goal_in(), g), client=client_in(last_activity=ago(13)))
    assert "quiet" in got
    assert "improving" not in got


# ------------------------------------------------------------------ stalled


def test_stalled_after_ten_days_without_a_done() -> None:
    s = one("stalled", (goal_in(last_done=ago(10)), report()))
    assert s.evidence == "Nothing done on 'Goal 1' for 10 days (last on 2026-11-05)."
    assert "stalled" not in codes((goal_in(last_done=ago(9)), report()))


def test_stalled_when_never_done_counts_from_the_first_step_start() -> None:
    planned_10 = goal_in(steps=[step_in(start=ago(10))], last_done=None)
    s = one("stalled", (planned_10, report()))
    assert s.evidence == "Nothing done on 'Goal 1' since its steps were planned on 2026-11-05."
    planned_9 = goal_in(steps=[step_in(start=ago(9))], last_done=None)
    assert "stalled" not in codes((planned_9, report()))


def test_stalled_needs_an_active_goal_with_steps() -> None:
    assert "stalled" not in codes((goal_in(last_done=None, status="paused"), report()))
    assert "stalled" not in codes((goal_in(steps=[], last_done=None), report(steps=[])))


def test_stalled_counts_to_today_when_the_window_reaches_it() -> None:
    window = Window(D("2026-11-12"), D("2026-11-18"))
    # Last done Nov 8: 10 days before today Nov 18, but 7 before Nov 15.
    assert "stalled" in codes((goal_in(last_done=D("2026-11-08")), report()), window=window,
                              as_of=D("2026-11-18"))
    assert "stalled" not in codes((goal_in(last_done=D("2026-11-08")), report()), window=W46,
                                  as_of=D("2026-11-18"))


# ------------------------------------------------------------------ overdue


def test_overdue_one_off_past_its_due_date() -> None:
    once = step_in(2, None, title="Book a physio", due=ago(1))
    s = one("overdue", (goal_in(steps=[step_in(), once]), report()))
    assert s.evidence == "'Book a physio' was due on 2026-11-14 (1 day ago); nothing logged as done."
    assert "Book a physio" in s.question


@pytest.mark.parametrize(
    "once",
    [
        step_in(2, None, due=END),  # due on the last day: not past it yet
        step_in(2, None, due=ago(3), first_done=ago(1)),  # done late
        step_in(2, None, due=ago(3), dropped=ago(4)),  # dropped before it fell due
    ],
    ids=["due-today", "done", "dropped"],
)
def test_overdue_does_not_fire(once: StepIn) -> None:
    assert "overdue" not in codes((goal_in(steps=[step_in(), once]), report()))


# ------------------------------------------------------------------ low_confidence


def test_low_confidence_at_4_not_5() -> None:
    s = one("low_confidence", (goal_in(), report(confidence=4)))
    assert s.evidence == "Confidence in 'Goal 1' is 4/10."
    assert "low_confidence" not in codes((goal_in(), report(confidence=5)))
    assert "low_confidence" not in codes((goal_in(), report(confidence=None)))


# ------------------------------------------------------------------ should_goal


def test_should_goal_below_half() -> None:
    s = one("should_goal", (goal_in(should=True), report(adherence=0.25, expected=4, done=1)))
    assert s.evidence == "'Goal 1' is a goal asked of Ana; 1 of 4 planned 'Walk' done in week 2026-W46."
    assert "should_goal" not in codes((goal_in(should=True), report(adherence=0.5)))
    assert "should_goal" not in codes((goal_in(should=False), report(adherence=0.0)))
    assert "should_goal" not in codes((goal_in(should=True), report(adherence=None, expected=0)))


# ------------------------------------------------------------------ priority_inversion


def pair(id: int, importance: int | None, adherence: float | None) -> tuple[GoalIn, GoalReport]:
    return goal_in(id), report(id, importance=importance, adherence=adherence)


def test_priority_inversion_fires_on_the_most_important_goal() -> None:
    s = one("priority_inversion", pair(1, 9, 0.49), pair(2, 6, 0.8))
    assert s.goal_id == 1
    assert s.evidence == ("'Goal 1' is rated most important (9/10), with 49% of planned steps "
                          "done; 'Goal 2' (6/10): 80% in week 2026-W46.")
    assert "Goal 2" in s.question


@pytest.mark.parametrize(
    "goals",
    [
        [(1, 9, 0.5), (2, 6, 0.8)],  # most important at exactly 0.5
        [(1, 9, 0.49), (2, 6, 0.79)],  # the other just short of 0.8
        [(1, 9, 0.49), (2, 9, 0.8)],  # equally important: no inversion
        [(1, 9, 0.49), (2, None, 1.0)],  # the other is not rated
        [(1, 9, 0.49)],  # one goal
    ],
)
def test_priority_inversion_does_not_fire(goals: list[tuple[int, int | None, float | None]]) -> None:
    assert "priority_inversion" not in codes(*(pair(*g) for g in goals))


# ------------------------------------------------------------------ no_plan


def test_no_plan_for_an_active_goal_without_steps() -> None:
    s = one("no_plan", (goal_in(steps=[], last_done=None), report(steps=[])))
    assert s.evidence == "'Goal 1' has no next step planned."
    assert "no_plan" not in codes((goal_in(), report()))
    assert "no_plan" not in codes((goal_in(steps=[], status="paused"), report(steps=[])))


@pytest.mark.parametrize(
    ("st", "fires"),
    [
        (step_in(until=ago(1)), True),  # ended before the last day
        (step_in(until=END), False),  # still planned on the last day
        (step_in(dropped=END), True),  # dropped on the last day
        (step_in(dropped=END + timedelta(days=1)), False),  # dropped after it
        (step_in(schedule=None, due=ago(2), first_done=ago(3)), True),  # one-off done
        (step_in(schedule=None, due=END + timedelta(days=3)), False),  # one-off still to do
    ],
)
def test_no_plan_when_every_step_has_ended(st: StepIn, fires: bool) -> None:
    assert ("no_plan" in codes((goal_in(steps=[st]), report()))) is fires


# ------------------------------------------------------------------ quiet


def test_quiet_after_ten_days_without_action_or_checkin() -> None:
    s = one("quiet", client=client_in(last_activity=ago(10)))
    assert (s.goal_id, s.severity) == (None, "attention")
    assert s.evidence == "Nothing logged for 10 days (last on 2026-11-05)."
    assert "10 days" in s.question or "{" not in s.question
    assert "quiet" not in codes(client=client_in(last_activity=ago(9)))


def test_quiet_when_nothing_was_ever_logged_counts_from_when_they_were_added() -> None:
    s = one("quiet", client=client_in(last_activity=None, created=ago(10)))
    assert s.evidence == "Nothing logged since Ana was added on 2026-11-05."
    me = one("quiet", client=client_in(last_activity=None, created=ago(10), name="me"))
    assert me.evidence == "Nothing logged since you started on 2026-11-05."
    assert "quiet" not in codes(client=client_in(last_activity=None, created=ago(9)))


# ------------------------------------------------------------------ celebrations


def test_streak_of_three_not_two() -> None:
    s = one("streak", (goal_in(), report(streak=3)))
    assert s.severity == "celebrate"
    assert s.evidence == "'Goal 1' was done the last 3 times it was planned."
    assert "streak" not in codes((goal_in(), report(streak=2)))


def test_achieved_in_the_window_only() -> None:
    inside = goal_in(status="achieved", status_on=D("2026-11-09"))
    s = one("achieved", (inside, report(status="achieved")))
    assert (s.severity, s.evidence) == ("celebrate", "'Goal 1' was marked achieved on 2026-11-09.")
    before = goal_in(status="achieved", status_on=D("2026-11-08"))
    assert codes((before, report(status="achieved"))) == []


def test_an_achieved_goal_raises_no_attention_signal() -> None:
    g = goal_in(status="achieved", status_on=D("2026-11-12"), should=True, last_done=None)
    r = report(status="achieved", importance=10, adherence=0.0, expected=5, done=0, confidence=1)
    assert codes((g, r)) == ["achieved"]


# ------------------------------------------------------------------ settings


@pytest.mark.parametrize(
    ("settings", "pair_", "code", "default_fires"),
    [
        ({"say_do_gap.importance": 6},
         (goal_in(), report(importance=6, adherence=0.25, expected=4, done=1)), "say_do_gap", False),
        ({"say_do_gap.adherence": 0.8},
         (goal_in(), report(importance=8, adherence=0.75)), "say_do_gap", False),
        ({"say_do_gap.expected": 5},
         (goal_in(), report(importance=8, adherence=0.25, expected=4, done=1)), "say_do_gap", True),
        ({"slipping.drop": 0.5},
         (goal_in(), report(previous_adherence=1.0, adherence=0.6)), "slipping", True),
        ({"improving.rise": 0.2},
         (goal_in(), report(previous_adherence=0.5, adherence=0.75)), "improving", False),
        ({"stalled.days": 14}, (goal_in(last_done=ago(10)), report()), "stalled", True),
        ({"stalled.days": 5}, (goal_in(last_done=ago(5)), report()), "stalled", False),
        ({"low_confidence.max": 6}, (goal_in(), report(confidence=6)), "low_confidence", False),
        ({"should_goal.adherence": 0.8},
         (goal_in(should=True), report(adherence=0.75)), "should_goal", False),
        ({"streak.min": 2}, (goal_in(), report(streak=2)), "streak", False),
        ({"streak.min": 5}, (goal_in(), report(streak=4)), "streak", True),
    ],
)
def test_settings_move_the_thresholds(settings: dict[str, float], pair_: tuple[GoalIn, GoalReport],
                                      code: str, default_fires: bool) -> None:
    assert (code in codes(pair_)) is default_fires
    assert (code in codes(pair_, settings=settings)) is not default_fires


def test_priority_inversion_thresholds_are_settings() -> None:
    goals = (pair(1, 9, 0.6), pair(2, 5, 0.7))
    assert "priority_inversion" not in codes(*goals)
    moved = {"priority_inversion.low": 0.65, "priority_inversion.high": 0.7}
    assert "priority_inversion" in codes(*goals, settings=moved)


def test_quiet_threshold_is_a_setting() -> None:
    assert "quiet" in codes(client=client_in(last_activity=ago(10)))
    assert "quiet" not in codes(client=client_in(last_activity=ago(10)), settings={"quiet.days": 11})
    assert "quiet" in codes(client=client_in(last_activity=ago(3)), settings={"quiet.days": 3})


def test_every_default_threshold_is_documented_and_used() -> None:
    from coachcli.domain.signals import OTHER_SETTINGS, SETTING_HELP

    assert set(SETTING_HELP) == set(DEFAULT_SETTINGS)
    codes_with_settings = {k.split(".")[0] for k in DEFAULT_SETTINGS if k not in OTHER_SETTINGS}
    assert codes_with_settings <= set(SIGNAL_ORDER)


# ------------------------------------------------------------------ order and severity


def test_celebrations_come_first_and_severity_matches_the_code() -> None:
    g = goal_in(should=True, last_done=ago(12))
    r = report(streak=4, importance=9, adherence=0.25, previous_adherence=0.75, expected=4, done=1,
               confidence=3)
    got = signals((g, r), client=client_in(last_activity=ago(12)))
    assert [s.code for s in got] == [
        "streak", "quiet", "say_do_gap", "slipping", "stalled", "should_goal", "low_confidence",
    ]
    celebrate = {"streak", "improving", "achieved"}
    assert all((s.severity == "celebrate") is (s.code in celebrate) for s in got)


# ------------------------------------------------------------------ questions


def test_questions_are_deterministic() -> None:
    g, r = goal_in(should=True, last_done=ago(12)), report(importance=9, adherence=0.25, confidence=3)
    first = signals((g, r), client=client_in(last_activity=ago(12)))
    again = signals((g, r), client=client_in(last_activity=ago(12)))
    assert [s.question for s in first] == [s.question for s in again]
    assert all(s.question.format() == s.question for s in first)  # no placeholder left


def test_questions_mention_the_goal_or_its_figures() -> None:
    s = one("say_do_gap", (goal_in(), report(title="Run a 10k", importance=9, adherence=0.25)))
    assert "Run a 10k" in s.question
    s = one("low_confidence", (goal_in(), report(title="Run a 10k", confidence=3)))
    assert "Run a 10k" in s.question or "3 out of 10" in s.question


def test_evidence_names_the_window_it_speaks_of() -> None:
    pair_ = (goal_in(), report(importance=9, adherence=0.25, expected=4, done=1))
    assert one("say_do_gap", pair_).evidence.endswith("done in week 2026-W46.")
    last7 = Window(D("2026-11-12"), D("2026-11-18"))
    assert one("say_do_gap", pair_, window=last7, as_of=D("2026-11-18")).evidence.endswith(
        "done in the last 7 days.")
    span = Window(D("2026-11-01"), D("2026-11-18"))
    assert one("say_do_gap", pair_, window=span, as_of=D("2026-11-18")).evidence.endswith(
        "done between 2026-11-01 and 2026-11-18.")
