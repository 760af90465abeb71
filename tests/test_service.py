"""The service layer on its own: each operation called directly, as a library user would.

The CLI tests drive these through Typer; here each function is called with
an open database and plain values, so a failure points at the operation,
not at the command line around it. The clock is the ``today`` argument.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from coachcli.domain.reporting import Window
from coachcli.errors import InputError, NotFoundError, StateError
from coachcli.service import agenda, clients, goals, prep, report, settings, steps, timeline, tracking
from coachcli.store import Database

TODAY = date(2026, 11, 18)  # a Wednesday
MONDAY = date(2026, 11, 16)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    store = Database.open(tmp_path / "coach.db", create=True)
    yield store
    store.close()


def dump(db: Database) -> list[str]:
    return [line for line in db.conn.iterdump() if "journal" not in line]


@pytest.fixture
def walk(db: Database) -> int:
    """Goal 1 for 'me' with a mon,wed,fri step from the Monday of this week; the step's id."""
    g = goals.add_goal(db, "me", "Get fit", today=TODAY, importance=8, confidence=6)
    return steps.add_step(db, g.id, "Walk", today=TODAY, schedule="mon,wed,fri", start=MONDAY).id


# ---------------------------------------------------------------- clients


def test_add_client_refuses_a_name_that_differs_only_in_case(db: Database) -> None:
    clients.add_client(db, "Zoë", None)
    with pytest.raises(StateError, match="already exists"):
        clients.add_client(db, "ZOË", None)
    assert [s.client.name for s in clients.list_clients(db)] == ["Zoë"]


def test_client_for_read_is_none_for_me_before_any_write_and_an_error_for_others(db: Database) -> None:
    assert clients.client_for_read(db, "me") is None
    clients.add_client(db, "Bob", None)
    with pytest.raises(NotFoundError, match="did you mean 'Bob'"):
        clients.client_for_read(db, "bobb")


def test_archiving_blocks_writes_until_restored(db: Database) -> None:
    clients.add_client(db, "Ana", None)
    goal = goals.add_goal(db, "Ana", "Sleep by 11", today=TODAY)
    clients.set_client_archived(db, "Ana", TODAY, archived=True)
    with pytest.raises(StateError, match="restore it first"):
        goals.edit_goal(db, goal.id, title="Sleep by 10:30")
    assert [s.client.name for s in clients.list_clients(db)] == []
    assert [s.client.name for s in clients.list_clients(db, include_archived=True)] == ["Ana"]
    clients.set_client_archived(db, "Ana", TODAY, archived=False)
    assert goals.edit_goal(db, goal.id, title="Sleep by 10:30").title == "Sleep by 10:30"


def test_rename_keeps_records_and_refuses_a_taken_name(db: Database) -> None:
    clients.add_client(db, "Ana", None)
    clients.add_client(db, "Ben", None)
    goals.add_goal(db, "Ana", "Read", today=TODAY)
    with pytest.raises(StateError):
        clients.rename_client(db, "Ana", "ben")
    renamed = clients.rename_client(db, "Ana", "Anna")
    assert [g.client for g in goals.list_goals(db, renamed)] == ["Anna"]


# ---------------------------------------------------------------- goals


def test_add_goal_creates_me_and_dates_its_first_rating(db: Database) -> None:
    g = goals.add_goal(db, "me", "Run a 5k", today=TODAY, importance=9)
    assert (g.client, g.status, g.status_on, g.importance, g.confidence) == ("me", "active", TODAY, 9, None)
    assert [(r.on_date, r.importance) for r in goals.goal_ratings(db, g.id)] == [(TODAY, 9)]


def test_a_refused_goal_changes_nothing(db: Database) -> None:
    goals.add_goal(db, "me", "Run", today=TODAY)
    before = dump(db)
    with pytest.raises(InputError, match="between 0 and 10"):
        goals.add_goal(db, "me", "Swim", today=TODAY, importance=11)
    with pytest.raises(InputError, match="nothing to change"):
        goals.edit_goal(db, 1)
    with pytest.raises(InputError, match="in the future"):
        goals.rate_goal(db, 1, on=TODAY + timedelta(days=1), today=TODAY, importance=5)
    assert dump(db) == before


def test_status_changes_follow_the_allowed_transitions_in_date_order(db: Database) -> None:
    g = goals.add_goal(db, "me", "Run", today=TODAY - timedelta(days=10))
    with pytest.raises(StateError, match="already active"):
        goals.set_goal_status(db, g.id, "active", on=TODAY, today=TODAY)
    paused = goals.set_goal_status(db, g.id, "paused", on=TODAY - timedelta(days=3), today=TODAY)
    assert (paused.status, paused.status_on) == ("paused", TODAY - timedelta(days=3))
    with pytest.raises(InputError, match="cannot be dated"):
        goals.set_goal_status(db, g.id, "active", on=TODAY - timedelta(days=5), today=TODAY)
    goals.set_goal_status(db, g.id, "active", on=TODAY - timedelta(days=1), today=TODAY)
    with pytest.raises(InputError, match="reason is required"):
        goals.set_goal_status(db, g.id, "dropped", on=TODAY, today=TODAY)
    goals.set_goal_status(db, g.id, "achieved", on=TODAY, today=TODAY)
    with pytest.raises(StateError, match="from active"):
        goals.set_goal_status(db, g.id, "paused", on=TODAY, today=TODAY)
    assert [s for _, s, _ in goals.goal_status_history(db, g.id)] == [
        "active", "paused", "active", "achieved"]


def test_unknown_goal_names_how_to_list_them(db: Database) -> None:
    with pytest.raises(NotFoundError, match="coach goal list --all"):
        goals.get_goal(db, 42)


# ---------------------------------------------------------------- steps


def test_a_step_needs_exactly_one_of_a_schedule_or_a_due_date(db: Database) -> None:
    g = goals.add_goal(db, "me", "Run", today=TODAY)
    with pytest.raises(InputError, match="exactly one"):
        steps.add_step(db, g.id, "Walk", today=TODAY)
    with pytest.raises(InputError, match="exactly one"):
        steps.add_step(db, g.id, "Walk", today=TODAY, schedule="daily", due=TODAY)
    with pytest.raises(InputError, match="before the step starts"):
        steps.add_step(db, g.id, "Walk", today=TODAY, schedule="daily", until=TODAY - timedelta(days=1))


def test_no_step_is_added_to_an_achieved_goal(db: Database) -> None:
    g = goals.add_goal(db, "me", "Run", today=TODAY)
    goals.set_goal_status(db, g.id, "achieved", on=TODAY, today=TODAY)
    with pytest.raises(StateError, match="resume it first"):
        steps.add_step(db, g.id, "Walk", today=TODAY, schedule="daily")


def test_dropped_steps_leave_the_list_unless_asked_for(db: Database, walk: int) -> None:
    steps.drop_step(db, walk, on=TODAY, today=TODAY)
    assert steps.list_steps(db, None, all_clients=True) == []
    [dropped] = steps.list_steps(db, None, all_clients=True, include_dropped=True)
    assert (dropped.status, dropped.dropped_on) == ("dropped", TODAY)
    with pytest.raises(StateError, match="already dropped"):
        steps.drop_step(db, walk, on=TODAY, today=TODAY)


def test_edit_step_refuses_an_end_before_its_start(db: Database, walk: int) -> None:
    with pytest.raises(InputError, match="before it starts"):
        steps.edit_step(db, walk, today=TODAY, until=MONDAY - timedelta(days=1))
    assert steps.edit_step(db, walk, today=TODAY, title="Brisk walk").title == "Brisk walk"


# ---------------------------------------------------------------- tracking


def test_log_action_counts_the_week_it_falls_in(db: Database, walk: int) -> None:
    tracking.log_action(db, walk, "done", on=MONDAY, today=TODAY)
    logged = tracking.log_action(db, walk, "done", on=TODAY, today=TODAY, count=2)
    assert (logged.kind, logged.on, logged.times, logged.done_this_week) == ("done", TODAY, 2, 3)
    week_before = MONDAY - timedelta(days=7)
    steps.edit_step(db, walk, today=TODAY, start=week_before, from_=week_before)
    earlier = tracking.log_action(db, walk, "done", on=MONDAY - timedelta(days=1), today=TODAY)
    assert earlier.done_this_week == 1  # the Sunday before is last week


def test_log_action_refuses_the_future_a_zero_count_and_a_dropped_step(db: Database, walk: int) -> None:
    before = dump(db)
    with pytest.raises(InputError, match="in the future"):
        tracking.log_action(db, walk, "done", on=TODAY + timedelta(days=1), today=TODAY)
    with pytest.raises(InputError, match="from 1 to 1000"):
        tracking.log_action(db, walk, "done", on=TODAY, today=TODAY, count=0)
    steps.drop_step(db, walk, on=TODAY, today=TODAY)
    with pytest.raises(StateError, match="was dropped"):
        tracking.log_action(db, walk, "missed", on=TODAY, today=TODAY)
    # A day before the drop is still history that can be logged.
    tracking.log_action(db, walk, "done", on=TODAY - timedelta(days=1), today=TODAY)
    assert dump(db) != before


def test_a_checkin_needs_content_and_keeps_the_words_given(db: Database, walk: int) -> None:
    with pytest.raises(InputError, match="needs some content"):
        tracking.add_checkin(db, "me", on=TODAY, today=TODAY, wins=["  "])
    k = tracking.add_checkin(db, "me", on=TODAY, today=TODAY, mood=4, wins=["walked twice"],
                             commitments=["walk Friday"], ratings=[(1, None, 7)])
    assert (k.mood, k.wins, k.commitments) == (4, ["walked twice"], ["walk Friday"])
    assert goals.get_goal(db, 1).confidence == 7


def test_undo_walks_back_one_write_at_a_time(db: Database, walk: int) -> None:
    tracking.log_action(db, walk, "done", on=TODAY, today=TODAY)
    undone = tracking.undo(db)
    assert undone is not None
    assert (undone.client, undone.description) == ("me", f"done 'Walk' on {TODAY}")
    me = clients.find_client(db, "me")
    assert "done" not in {e.kind for e in timeline.timeline(db, me)}
    undone = tracking.undo(db)
    assert undone is not None
    assert undone.description == "new step 'Walk' (goal 1)"
    assert steps.list_steps(db, None, all_clients=True) == []


# ---------------------------------------------------------------- timeline


def test_timeline_is_oldest_first_with_the_last_n_on_request(db: Database, walk: int) -> None:
    for day in (MONDAY, TODAY):
        tracking.log_action(db, walk, "done", on=day, today=TODAY, note=f"on {day}")
    me = clients.find_client(db, "me")
    entries = timeline.timeline(db, me, since=MONDAY)
    assert [(e.kind, e.on_date) for e in entries if e.kind == "done"] == [("done", MONDAY), ("done", TODAY)]
    assert entries == sorted(entries, key=lambda e: (e.on_date, e.created_at))
    assert [e.note for e in timeline.timeline(db, me, since=MONDAY, limit=1)] == [f"on {TODAY}"]
    with pytest.raises(InputError, match="at least 1"):
        timeline.timeline(db, me, limit=0)


# ---------------------------------------------------------------- reading


def test_build_report_counts_this_weeks_walks(db: Database, walk: int) -> None:
    tracking.log_action(db, walk, "done", on=MONDAY, today=TODAY)
    window = report.choose_window(TODAY, week="this")
    result = report.build_report(db, None, window, TODAY)
    [c] = result.clients
    [g] = c.goals
    # Monday done; Wednesday is today, pending until the day is over.
    assert (g.expected, g.done) == (1, 1)
    assert result.caseload


def test_choose_window_refuses_contradictions(db: Database) -> None:
    with pytest.raises(InputError, match="not both"):
        report.choose_window(TODAY, week="this", since=TODAY)
    with pytest.raises(InputError, match="after --until"):
        report.choose_window(TODAY, since=TODAY, until=MONDAY)
    assert report.choose_window(TODAY) == Window(TODAY - timedelta(days=6), TODAY)


def test_agenda_lists_todays_walk_and_the_unlogged_monday(db: Database, walk: int) -> None:
    window, items = agenda.agenda(db, None, TODAY, TODAY)
    assert window == Window(TODAY, TODAY)
    assert [(i.kind, i.on_date) for i in items] == [("unlogged", MONDAY), ("due", TODAY)]


def test_an_agenda_week_runs_from_its_day_to_sunday_or_is_the_whole_week(db: Database, walk: int) -> None:
    sunday = TODAY + timedelta(days=6 - TODAY.weekday())
    assert agenda.agenda(db, None, TODAY, TODAY, week="this")[0] == Window(TODAY, sunday)
    nxt = sunday + timedelta(days=1)
    assert agenda.agenda(db, None, TODAY, TODAY, week="next")[0] == Window(nxt, nxt + timedelta(days=6))


def test_prep_covers_the_span_since_the_last_session(db: Database, walk: int) -> None:
    tracking.add_checkin(db, "me", on=MONDAY, today=TODAY, commitments=["walk Wednesday"],
                         session=True, sure=8)
    page = prep.build_prep(db, "me", TODAY)
    assert (page.since, page.until, page.last_session) == (MONDAY + timedelta(days=1), TODAY, MONDAY)
    assert [(c.text, c.made_on, c.sure) for c in page.commitments] == [("walk Wednesday", MONDAY, 8)]
    assert page.topics[0].kind == "commitment"
    with pytest.raises(NotFoundError):
        prep.build_prep(db, "nobody", TODAY)


def test_settings_round_trip_and_refuse_nonsense(db: Database) -> None:
    assert settings.set_setting(db, "stalled.days", "14") == 14
    assert settings.get_setting(db, "stalled.days").value == 14
    with pytest.raises(InputError, match="whole number"):
        settings.set_setting(db, "stalled.days", "1.5")
    with pytest.raises(NotFoundError, match=r"did you mean 'stalled\.days'"):
        settings.get_setting(db, "stalled.day")
    assert settings.set_setting(db, "stalled.days", None) == settings.get_setting(db, "stalled.days").default
