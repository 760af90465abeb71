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


def test_uid_is_stable_and_sequence_counts_the_changes(stocked, coach, tmp_path: Path) -> None:
    """SEQUENCE is the number of recorded changes to the step's days, not a clock's seconds."""
    out = tmp_path / "steps.ics"

    def event() -> object:
        assert coach("export", "-f", "ics", "-o", str(out)).exit_code == 0
        return parse(out.read_bytes())[-1]

    first = event()
    assert int(first["SEQUENCE"]) == 0  # type: ignore[index]
    data = out.read_bytes()
    assert event() is not None
    assert out.read_bytes() == data  # the same record, the same file
    assert coach("skip", "1", "--on", "2026-11-20").exit_code == 0
    assert int(event()["SEQUENCE"]) == 1  # type: ignore[index]
    assert coach("goal", "pause", "1", "--on", "2026-11-23", "--until", "2026-11-29").exit_code == 0
    changed = event()
    assert int(changed["SEQUENCE"]) == 3  # a pause and its resume  # type: ignore[index]
    assert str(changed["UID"]) == str(first["UID"]) == \
        f"{rows_uuid(coach)}@coachcli"  # type: ignore[index]


def test_the_same_data_gives_the_same_file() -> None:
    steps = [make_step(), make_step(None, due=date(2026, 11, 20))]
    assert render_calendar(steps, with_client=True) == render_calendar(steps, with_client=True)


def test_event_lines_carry_the_log_command() -> None:
    text = "\n".join(event_lines(make_step(), with_client=False))
    assert "coach done 7" in text


# ------------------------------------------------------------------ end to end


def rows_uuid(coach) -> str:  # type: ignore[no-untyped-def]
    """Step 1's UUID, as the json export has it."""
    import json

    doc = json.loads(coach("export").stdout)
    return str(next(s["uuid"] for s in doc["steps"] if s["id"] == 1))


def _expand_all(event: object, until: date) -> list[date]:
    """The days of an event as a calendar app expands them: RRULE less EXDATE."""
    from dateutil.rrule import rruleset

    start = event["DTSTART"].dt  # type: ignore[index]
    start = start if isinstance(start, datetime) else datetime.combine(start, datetime.min.time())
    found = rruleset()
    found.rrule(rrulestr(event["RRULE"].to_ical().decode(), dtstart=start))  # type: ignore[index, arg-type]
    exdates = event.get("EXDATE", [])  # type: ignore[attr-defined]
    for group in exdates if isinstance(exdates, list) else [exdates]:
        for d in group.dts:
            value = d.dt if isinstance(d.dt, datetime) else datetime.combine(d.dt, start.time())
            found.exdate(value)
    end = datetime.combine(until, datetime.max.time())
    return [d.date() for d in found.between(datetime(2000, 1, 1), end, inc=True)]


def test_days_set_aside_and_paused_are_left_out(stocked, coach) -> None:  # type: ignore[no-untyped-def]
    """Step 1 (mon,wed,fri from 2 Nov): a Friday set aside, and a week's pause, are no events."""
    assert coach("skip", "1", "--on", "2026-11-13").exit_code == 0
    assert coach("goal", "pause", "1", "--on", "2026-11-23", "--until", "2026-11-29").exit_code == 0
    (walk,) = parse(coach("export", "-f", "ics").stdout.encode())
    days = _expand_all(walk, date(2026, 12, 6))
    planned = parse_schedule("mon,wed,fri").occurrences(date(2026, 11, 2), date(2026, 11, 2),
                                                        date(2026, 12, 6))
    gone = {date(2026, 11, 13), date(2026, 11, 23), date(2026, 11, 25), date(2026, 11, 27)}
    assert days == [d for d in planned if d not in gone]
    assert "UNTIL" not in walk["RRULE"]  # it resumes: the plan goes on


def test_remind_gives_timed_events_with_an_alarm(stocked, coach) -> None:  # type: ignore[no-untyped-def]
    assert coach("step", "add", "1", "Stretch", "--every", "daily", "--start", "2026-11-16",
                 "--until", "2026-11-30").exit_code == 0
    assert coach("skip", "2", "--on", "2026-11-20").exit_code == 0
    assert coach("step", "add", "1", "Book a physio", "--due", "2026-11-20").exit_code == 0
    result = coach("export", "-f", "ics", "--remind", "7:30")
    assert result.exit_code == 0, result.stderr
    walk, stretch, physio = parse(result.stdout.encode())
    assert walk["DTSTART"].dt == datetime(2026, 11, 2, 7, 30)  # floating: the calendar's own zone
    assert walk["DTEND"].dt == datetime(2026, 11, 2, 7, 45)
    assert stretch["RRULE"]["UNTIL"] == [datetime(2026, 11, 30, 23, 59, 59)]  # a DATE-TIME, as DTSTART
    days = _expand_all(stretch, date(2026, 12, 31))
    assert date(2026, 11, 20) not in days
    assert (min(days), max(days), len(days)) == (date(2026, 11, 16), date(2026, 11, 30), 14)
    for event in (walk, stretch, physio):
        (alarm,) = event.walk("VALARM")  # type: ignore[attr-defined]
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert alarm["TRIGGER"].dt == timedelta(0)
        assert str(alarm["DESCRIPTION"]) == str(event["SUMMARY"])  # type: ignore[index]
    assert physio["DTSTART"].dt == datetime(2026, 11, 20, 7, 30)


def test_a_one_off_due_on_a_day_set_aside_is_cancelled(stocked, coach) -> None:  # type: ignore[no-untyped-def]
    assert coach("step", "add", "1", "Book a physio", "--due", "2026-11-20").exit_code == 0
    assert coach("skip", "2", "--on", "2026-11-20").exit_code == 0
    _, physio = parse(coach("export", "-f", "ics", "--remind", "08:00").stdout.encode())
    assert str(physio["STATUS"]) == "CANCELLED"
    assert not physio.walk("VALARM")  # type: ignore[attr-defined]


def test_the_count_is_of_steps_not_of_their_plans(stocked, coach, tmp_path: Path) -> None:
    assert coach("step", "edit", "1", "--every", "daily", "--from", "2026-11-23").exit_code == 0
    out = tmp_path / "steps.ics"
    result = coach("export", "-f", "ics", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert len(parse(out.read_bytes())) == 2  # the plan before the change, and the one after
    assert "Exported 1 step to" in result.stdout


@pytest.mark.parametrize(("args", "fragment"), [
    (("-f", "ics", "--remind", "7.30"), "not a time of day"),
    (("-f", "ics", "--remind", "24:00"), "not a time of day"),
    (("-f", "ics", "--remind", "07:5"), "not a time of day"),
    (("-f", "json", "--remind", "07:30"), "use it with --format ics"),
])
def test_a_bad_remind_is_a_usage_error(stocked, coach, args: tuple[str, ...], fragment: str) -> None:
    result = coach("export", *args)
    assert result.exit_code == 2
    assert fragment in result.stderr
    assert result.stdout == ""


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
