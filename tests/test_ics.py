"""``coach export --format ics``: steps as calendar events a calendar app understands.

What a coach relies on: the file opens in a calendar (checked with the
``icalendar`` library), each step appears once with the days its schedule
plans (checked by expanding the RRULE with dateutil and comparing with
coachcli's own schedule), re-importing a newer file updates events instead of
duplicating them (stable UIDs), and user text cannot break the file.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from coachcli.domain.schedule import parse_schedule
from coachcli.portable.export_ics import (
    CalendarStep,
    escape_text,
    event_lines,
    first_day,
    fold,
    render_calendar,
    rrule_for,
    with_until,
)

STAMP = "2026-11-02T09:00:00.000Z"


def make_step(
    schedule: str | None = "mon,wed,fri",
    *,
    start: date = date(2026, 11, 4),
    due: date | None = None,
    until: date | None = None,
    dropped_on: date | None = None,
    goal_status: str = "active",
    goal_status_on: date = date(2026, 11, 1),
    title: str = "Walk 20 minutes",
    updated_at: str = STAMP,
) -> CalendarStep:
    return CalendarStep(
        id=7, uuid="5f0c2a8e-0000-4000-8000-000000000007", title=title, goal_title="Get fit",
        client="Ana", schedule=schedule, due_date=due, start_date=start, until_date=until,
        dropped_on=dropped_on, goal_status=goal_status, goal_status_on=goal_status_on,
        created_at=STAMP, updated_at=updated_at,
    )


def parse(data: bytes) -> list[object]:
    cal = Calendar.from_ical(data)
    return list(cal.walk("VEVENT"))


def expand(event: object, until: date) -> list[date]:
    """The days an event happens on, up to ``until``, as a calendar app would expand them."""
    start = event["DTSTART"].dt  # type: ignore[index]
    if "RRULE" not in event:  # type: ignore[operator]
        return [start]
    rule = event["RRULE"].to_ical().decode()  # type: ignore[index]
    found = rrulestr(rule, dtstart=datetime.combine(start, datetime.min.time()))
    end = datetime.combine(until, datetime.min.time())
    return [d.date() for d in found.between(datetime(2000, 1, 1), end, inc=True)]


# ------------------------------------------------------------------ text encoding


def test_lines_are_folded_at_75_octets_without_splitting_characters() -> None:
    line = "DESCRIPTION:" + "Ünïcødé 🏃 run, " * 30
    folded = fold(line)
    physical = folded.split("\r\n")
    assert len(physical) > 1
    for i, part in enumerate(physical):
        raw = part.encode("utf-8")  # each part is whole UTF-8: no character was cut
        assert len(raw) <= 75
        if i:
            assert part.startswith(" ")
    assert "".join(p[1:] if i else p for i, p in enumerate(physical)) == line
    assert fold("SUMMARY:short") == "SUMMARY:short"


def test_text_values_are_escaped_and_controls_dropped() -> None:
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    assert escape_text("\x1b[2Jhi\u202e\x00\tthere") == "[2Jhi there"


# ------------------------------------------------------------------ rules


@pytest.mark.parametrize(
    ("every", "start", "rule"),
    [
        ("daily", date(2026, 11, 4), "FREQ=DAILY"),
        ("weekdays", date(2026, 11, 4), "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        ("weekends", date(2026, 11, 4), "FREQ=WEEKLY;BYDAY=SA,SU"),
        ("mon,wed,fri", date(2026, 11, 4), "FREQ=WEEKLY;BYDAY=MO,WE,FR"),
        ("every 3 days", date(2026, 11, 4), "FREQ=DAILY;INTERVAL=3"),
        ("weekly", date(2026, 11, 4), "FREQ=WEEKLY"),
        ("every 2 weeks", date(2026, 11, 4), "FREQ=WEEKLY;INTERVAL=2"),
        ("monthly", date(2026, 11, 4), "FREQ=MONTHLY;BYMONTHDAY=4"),
        ("monthly", date(2026, 1, 31), "FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1"),
        ("3/week", date(2026, 11, 4), "FREQ=WEEKLY"),
        ("2/month", date(2026, 11, 4), "FREQ=MONTHLY"),
        ("RRULE:FREQ=MONTHLY;BYDAY=1MO", date(2026, 11, 4), "FREQ=MONTHLY;BYDAY=1MO"),
    ],
)
def test_each_schedule_maps_to_an_rrule(every: str, start: date, rule: str) -> None:
    assert rrule_for(parse_schedule(every), start) == rule


@pytest.mark.parametrize(
    ("every", "start"),
    [
        ("daily", date(2026, 11, 4)),
        ("weekdays", date(2026, 11, 7)),  # a Saturday: the first event is Monday
        ("weekends", date(2026, 11, 4)),
        ("tue,thu,sat", date(2026, 11, 4)),
        ("every 3 days", date(2026, 11, 5)),
        ("every 2 weeks", date(2026, 11, 5)),
        ("weekly", date(2026, 11, 4)),
        ("monthly", date(2026, 11, 15)),
        ("monthly", date(2026, 1, 31)),  # the last day of short months, as coachcli plans it
        ("monthly", date(2026, 1, 30)),
        ("monthly", date(2027, 1, 29)),
        ("RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH", date(2026, 11, 4)),
        ("RRULE:FREQ=MONTHLY;BYDAY=-1FR", date(2026, 11, 4)),
    ],
)
def test_calendar_days_are_the_days_coachcli_plans(every: str, start: date) -> None:
    """Expanded by a calendar library, the event falls on exactly the step's planned days."""
    until = start + timedelta(days=400)
    step = make_step(every, start=start, until=until - timedelta(days=30))
    events = parse(render_calendar([step], with_client=False))
    assert len(events) == 1
    planned = parse_schedule(every).occurrences(start, start, until - timedelta(days=30))
    assert expand(events[0], until) == planned
    assert events[0]["DTSTART"].dt == planned[0]  # DTSTART is itself a planned day (RFC 5545)


def test_until_is_a_date_and_tightens_a_rules_own_until() -> None:
    assert with_until("FREQ=DAILY", date(2026, 12, 31)) == "FREQ=DAILY;UNTIL=20261231"
    assert with_until("FREQ=DAILY;UNTIL=20261201T000000Z", date(2026, 12, 31)) == (
        "FREQ=DAILY;UNTIL=20261201"
    )
    assert with_until("FREQ=DAILY;UNTIL=20261231", date(2026, 12, 1)) == "FREQ=DAILY;UNTIL=20261201"
    assert with_until("FREQ=DAILY;COUNT=5", date(2026, 12, 1)) == "FREQ=DAILY;COUNT=5"
    assert with_until("FREQ=DAILY", None) == "FREQ=DAILY"


def test_first_day_of_a_rule_that_never_happens_is_none() -> None:
    rule = parse_schedule("RRULE:FREQ=YEARLY;COUNT=1;BYMONTH=2;BYMONTHDAY=29")
    assert first_day(rule, date(2030, 3, 1)) == date(2032, 2, 29)
    assert first_day(parse_schedule("RRULE:FREQ=DAILY;UNTIL=20200101"), date(2026, 1, 1)) is None


# ------------------------------------------------------------------ events


def test_one_off_step_is_an_all_day_event_on_its_due_date() -> None:
    events = parse(render_calendar([make_step(None, due=date(2026, 11, 20))], with_client=False))
    (event,) = events
    assert event["DTSTART"].dt == date(2026, 11, 20)
    assert event["DTEND"].dt == date(2026, 11, 21)
    assert "RRULE" not in event
    assert str(event["STATUS"]) == "CONFIRMED"


def test_quota_step_is_a_weekly_reminder_titled_with_its_quota() -> None:
    (event,) = parse(render_calendar([make_step("3/week")], with_client=False))
    assert str(event["SUMMARY"]) == "Walk 20 minutes (3 times a week)"
    assert event["RRULE"]["FREQ"] == ["WEEKLY"]
    assert "any days" in str(event["DESCRIPTION"])


def test_a_dropped_step_ends_the_day_before_and_a_paused_goal_ends_its_steps() -> None:
    (dropped,) = parse(render_calendar(
        [make_step("daily", dropped_on=date(2026, 11, 10))], with_client=False))
    assert dropped["RRULE"]["UNTIL"] == [date(2026, 11, 9)]
    (paused,) = parse(render_calendar(
        [make_step("daily", goal_status="paused", goal_status_on=date(2026, 11, 8))],
        with_client=False))
    assert paused["RRULE"]["UNTIL"] == [date(2026, 11, 7)]


def test_a_step_that_ends_before_it_starts_is_a_cancelled_event() -> None:
    step = make_step("daily", start=date(2026, 11, 4), dropped_on=date(2026, 11, 4))
    (event,) = parse(render_calendar([step], with_client=False))
    assert str(event["STATUS"]) == "CANCELLED"
    assert "RRULE" not in event
    one_off = make_step(None, due=date(2026, 11, 20), goal_status="dropped",
                        goal_status_on=date(2026, 11, 12))
    (event,) = parse(render_calendar([one_off], with_client=False))
    assert str(event["STATUS"]) == "CANCELLED"


def test_uid_is_stable_and_sequence_grows_with_changes() -> None:
    before = make_step()
    after = make_step(title="Walk 25 minutes", updated_at="2026-11-02T09:00:00.300Z")
    (a,) = parse(render_calendar([before], with_client=False))
    (b,) = parse(render_calendar([after], with_client=False))
    assert str(a["UID"]) == str(b["UID"]) == "5f0c2a8e-0000-4000-8000-000000000007@coachcli"
    assert int(a["SEQUENCE"]) == 0
    assert int(b["SEQUENCE"]) >= 1


def test_the_same_data_gives_the_same_file() -> None:
    steps = [make_step(), make_step(None, due=date(2026, 11, 20))]
    assert render_calendar(steps, with_client=True) == render_calendar(steps, with_client=True)


def test_event_lines_carry_the_log_command() -> None:
    text = "\n".join(event_lines(make_step(), with_client=False))
    assert "coach done 7" in text


# ------------------------------------------------------------------ end to end


def test_export_of_a_caseload_opens_in_a_calendar(stocked, coach, tmp_path: Path) -> None:
    assert coach("step", "add", "1", "Book a physio, Friday; early", "--due", "2026-11-20").exit_code == 0
    assert coach("step", "add", "1", "Stretch", "--every", "3/week", "--until", "2026-12-31").exit_code == 0
    assert coach("client", "add", "Bea").exit_code == 0
    assert coach("goal", "add", "Sleep", "-c", "Bea").exit_code == 0
    added = coach("step", "add", "2", "Lights out", "--every", "weekdays", "--start", "2026-11-16")
    assert added.exit_code == 0
    out = tmp_path / "steps.ics"
    result = coach("export", "--format", "ics", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "Exported 4 steps" in result.stdout
    data = out.read_bytes()
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert all(line.endswith(b"\r") or not line for line in data.split(b"\n")[:-1])
    events = {str(e["SUMMARY"]): e for e in parse(data)}
    assert set(events) == {
        "me: Walk 20 minutes", "me: Book a physio, Friday; early", "me: Stretch (3 times a week)",
        "Bea: Lights out",
    }
    walk = events["me: Walk 20 minutes"]
    assert walk["RRULE"]["BYDAY"] == ["MO", "WE", "FR"]
    assert walk["DTSTART"].dt == date(2026, 11, 2)
    assert events["me: Stretch (3 times a week)"]["RRULE"]["UNTIL"] == [date(2026, 12, 31)]
    assert events["me: Book a physio, Friday; early"]["DTSTART"].dt == date(2026, 11, 20)
    uids = {str(e["UID"]) for e in events.values()}
    assert len(uids) == 4
    assert all(u.endswith("@coachcli") for u in uids)

    # One client: no name prefix, only their steps; the UIDs do not change.
    mine = coach("export", "-c", "Bea", "--format", "ics")
    assert mine.exit_code == 0
    (lights,) = parse(mine.stdout.encode())
    assert str(lights["SUMMARY"]) == "Lights out"
    assert str(lights["UID"]) == str(events["Bea: Lights out"]["UID"])


def test_archived_clients_are_left_out_of_the_calendar(stocked, coach) -> None:
    assert coach("client", "add", "Bea").exit_code == 0
    assert coach("goal", "add", "Sleep", "-c", "Bea").exit_code == 0
    assert coach("step", "add", "2", "Lights out", "--every", "daily").exit_code == 0
    assert coach("client", "archive", "Bea").exit_code == 0
    result = coach("export", "-f", "ics")
    summaries = [str(e["SUMMARY"]) for e in parse(result.stdout.encode())]
    assert summaries == ["Walk 20 minutes"]


def test_hostile_text_cannot_break_the_calendar(coach, tmp_path: Path) -> None:
    title = "[bold]x[/bold] \x1b[2J \u202eevil\nBEGIN:VEVENT; a,b \\ 🏃 " + "long " * 40
    assert coach("goal", "add", "Goal").exit_code == 0
    assert coach("step", "add", "1", title, "--every", "daily").exit_code == 0
    out = tmp_path / "x.ics"
    assert coach("export", "-f", "ics", "-o", str(out)).exit_code == 0
    data = out.read_bytes()
    assert b"\x1b" not in data
    assert "\u202e".encode() not in data
    lines = data.split(b"\r\n")
    assert lines.count(b"BEGIN:VEVENT") == 1  # the newline could not start a second event
    (event,) = parse(data)
    summary = str(event["SUMMARY"])
    assert summary.startswith("[bold]x[/bold] [2J evil\nBEGIN:VEVENT; a,b \\ 🏃 long")
