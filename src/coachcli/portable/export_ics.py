"""``coach export --format ics``: steps as RFC 5545 calendar events.

- A one-off step is an all-day event on its due date.
- A recurring step is an all-day event starting on its first planned day,
  with an ``RRULE`` that plans the same days as its ``--every`` rule:
  ``daily`` -> ``FREQ=DAILY``; ``weekdays`` and lists -> ``FREQ=WEEKLY;BYDAY=..``;
  ``every N days`` -> ``FREQ=DAILY;INTERVAL=N`` (whole weeks: ``FREQ=WEEKLY``);
  ``monthly`` -> ``FREQ=MONTHLY;BYMONTHDAY=d`` (days 29-31 fall back to the
  month's last day, as coachcli plans them); an ``RRULE:`` is used as typed.
- A quota step (``3/week``) has no fixed days, so it becomes one weekly
  (or monthly) all-day reminder from its start date, titled with the quota:
  "Walk 20 minutes (3 times a week)". A measured step (``at least 20
  km/week``) is a daily, weekly or monthly reminder the same way, titled with
  its measure: "Run (at least 20 km a week)", logged with ``--amount``.
- The plan ends (``UNTIL``) on the step's ``--until`` date, or the day before
  the step was dropped or its goal stopped being active; a step that ends
  before it starts is sent as a cancelled event, so a calendar that imported
  it earlier removes it.
- Days set aside (``coach skip``) and the days a goal was paused are left out
  of a recurring event with ``EXDATE``; a one-off step due on such a day is a
  cancelled event.
- ``--remind HH:MM`` makes every event a 15-minute one at that local time
  (floating: the calendar's own time zone) with a ``VALARM`` that goes off
  then; without it, events are all-day and silent.
- ``UID`` is the step's UUID + ``@coachcli``: importing a newer export into a
  calendar updates its events instead of duplicating them. ``SEQUENCE``
  counts the recorded changes that move the step's days (a new plan, a goal's
  status change, a drop, a day set aside), so the same record always gives
  the same number, and every such change adds one; ``LAST-MODIFIED`` is the
  latest of them.

The file is written here, not by a library: CRLF line ends, lines folded at
75 octets without splitting a UTF-8 character, TEXT values escaped
(``\\``, ``;``, ``,`` and newlines), control characters dropped. The same data
always gives the same file.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import IO

from coachcli import __version__
from coachcli.domain.records import SELF_CLIENT
from coachcli.domain.schedule import Schedule, parse_schedule
from coachcli.limits import date_in_range
from coachcli.portable.records import Scope
from coachcli.textsafe import clean

_DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
#: How far ahead to look for an RRULE's first planned day (yearly rules, leap days).
_FIRST_HORIZON = timedelta(days=366 * 8 + 2)


@dataclass(frozen=True, slots=True)
class CalendarStep:
    """What the calendar needs to know about one step."""

    id: int
    uuid: str
    title: str
    goal_title: str
    client: str
    schedule: str | None
    due_date: date | None
    start_date: date
    until_date: date | None
    dropped_on: date | None
    goal_status: str
    goal_status_on: date
    created_at: str
    updated_at: str
    #: The first day this plan judged, when it replaced an earlier one.
    begins: date | None = None
    #: Days set aside (a skip logged and nothing done): no event on them.
    set_aside: tuple[date, ...] = ()
    #: (first, last) day of each time the goal was paused (or stopped) and then resumed.
    pauses: tuple[tuple[date, date], ...] = ()
    #: How many recorded changes moved the step's days: the event's SEQUENCE.
    revisions: int = 0


# ---------------------------------------------------------------- text


def escape_text(value: str) -> str:
    """An RFC 5545 TEXT value (3.3.11): controls dropped, ``\\ ; ,`` and newlines escaped."""
    text = clean(value, one_line=False).replace("\t", " ")
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets (3.1), never inside a UTF-8 sequence."""
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line
    parts: list[str] = []
    current: list[str] = []
    size = 0
    limit = 75
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, 74  # continuation lines start with a space
        current.append(ch)
        size += n
    parts.append("".join(current))
    return "\r\n ".join(parts)


def _stamp(iso: str) -> str:
    """``2026-11-18T07:18:41.372Z`` -> ``20261118T071841Z``."""
    return iso[0:4] + iso[5:7] + iso[8:10] + "T" + iso[11:13] + iso[14:16] + iso[17:19] + "Z"


def _day(d: date) -> str:
    return d.strftime("%Y%m%d")


def _moment(d: date, at: time | None) -> str:
    """A DATE, or with ``at`` a floating DATE-TIME (the calendar's own time zone)."""
    return _day(d) if at is None else f"{_day(d)}T{at:%H%M%S}"


#: How long a timed reminder event lasts.
REMINDER = timedelta(minutes=15)


# ---------------------------------------------------------------- rules


def rrule_for(schedule: Schedule, start: date) -> str:
    """The RRULE value (without ``RRULE:`` or ``UNTIL``) planning the same days from ``start``."""
    if schedule.kind == "weekdays":
        if len(schedule.weekdays) == 7:
            return "FREQ=DAILY"
        return "FREQ=WEEKLY;BYDAY=" + ",".join(_DAY_CODES[d] for d in sorted(schedule.weekdays))
    if schedule.kind == "interval":
        n = schedule.interval
        if n == 1:
            return "FREQ=DAILY"
        if n % 7 == 0:
            return "FREQ=WEEKLY" + (f";INTERVAL={n // 7}" if n > 7 else "")
        return f"FREQ=DAILY;INTERVAL={n}"
    if schedule.kind == "monthly":
        if start.day <= 28:
            return f"FREQ=MONTHLY;BYMONTHDAY={start.day}"
        # The last of 28..d that the month has: d itself, or the month's last day.
        days = ",".join(str(d) for d in range(28, start.day + 1))
        return f"FREQ=MONTHLY;BYMONTHDAY={days};BYSETPOS=-1"
    if schedule.kind in ("quota", "measure"):
        return {"day": "FREQ=DAILY", "week": "FREQ=WEEKLY"}.get(schedule.period, "FREQ=MONTHLY")
    return schedule.text.removeprefix("RRULE:")


_UNTIL = re.compile(r"(?:^|;)UNTIL=([0-9]{8})[0-9TZ]*")
_COUNT = re.compile(r"(?:^|;)COUNT=")


def with_until(rule: str, until: date | None, *, timed: bool = False) -> str:
    """Add (or tighten) ``UNTIL`` as a DATE, as a DATE ``DTSTART`` requires (3.3.10).

    ``timed``: the ``DTSTART`` is a floating DATE-TIME, so ``UNTIL`` is one too,
    the end of its day.
    """
    own = _UNTIL.search(rule)
    if own is not None:
        own_until = datetime.strptime(own[1], "%Y%m%d").date()
        until = own_until if until is None else min(until, own_until)
        rule = _UNTIL.sub("", rule).strip(";")
    if until is None or _COUNT.search(rule):
        return rule  # COUNT and UNTIL cannot be combined; the rule's own COUNT stands
    return f"{rule};UNTIL={_moment(until, time(23, 59, 59) if timed else None)}"


def first_day(schedule: Schedule, start: date, begins: date | None = None) -> date | None:
    """The first day the plan asks for (the ``DTSTART`` must be one, 3.8.5.3), from ``begins`` on."""
    lo = max(start, begins) if begins else start
    if schedule.kind in ("quota", "measure"):
        return lo
    horizon = timedelta(days=62) if schedule.kind != "rrule" else _FIRST_HORIZON
    found = schedule.occurrences(start, lo, lo + horizon)
    return found[0] if found else None


def plan_end(step: CalendarStep) -> date | None:
    """The last day the step is planned: its until date, or before it (or its goal) stopped."""
    ends = [step.until_date] if step.until_date else []
    if step.dropped_on is not None:
        ends.append(step.dropped_on - timedelta(days=1))
    if step.goal_status != "active":
        ends.append(step.goal_status_on - timedelta(days=1))
    return min(ends) if ends else None


def excluded_days(step: CalendarStep, schedule: Schedule, first: date, end: date | None) -> list[date]:
    """The days the event's rule plans from ``first`` to ``end`` that are set aside or paused.

    A quota step's reminder (weekly or monthly from ``first``) is left out only
    when its goal is paused: a day set aside takes one off the quota, it does
    not move the reminder. A measured step's daily reminder is left out on
    every day paused or set aside; a weekly or monthly one, as a quota's.
    """
    found: set[date] = set()
    for paused, resumed in step.pauses:
        lo, hi = max(paused, first), resumed if end is None else min(resumed, end)
        if lo > hi:
            continue
        if schedule.kind == "measure" and schedule.period == "day":
            found |= {lo + timedelta(days=k) for k in range((hi - lo).days + 1)}  # a daily reminder
        elif schedule.kind not in ("quota", "measure"):
            found |= set(schedule.occurrences(step.start_date, lo, hi))
        elif schedule.period == "week":
            day = first + timedelta(days=-(-(lo - first).days // 7) * 7)  # the first reminder from lo
            while day <= hi:
                found.add(day)
                day += timedelta(days=7)
        else:
            found |= {d for d in _monthly(first, hi) if d >= lo}
    if schedule.kind == "measure" and schedule.period == "day":
        found |= {d for d in step.set_aside if first <= d and (end is None or d <= end)}
    elif schedule.kind not in ("quota", "measure"):
        found |= {d for d in step.set_aside if first <= d and (end is None or d <= end)
                  and schedule.occurrences(step.start_date, d, d)}
    return sorted(found)


def _monthly(first: date, last: date) -> list[date]:
    """A monthly reminder's days (``FREQ=MONTHLY`` from ``first``: the same day of each month)."""
    out: list[date] = []
    year, month = first.year, first.month
    while True:
        try:
            day = date(year, month, first.day)
        except ValueError:  # no such day this month: the rule skips it
            day = None
        if day is not None:
            if day > last:
                return out
            out.append(day)
        elif date(year, month, 1) > last:
            return out
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _paused_on(step: CalendarStep, day: date) -> bool:
    return day in step.set_aside or any(lo <= day <= hi for lo, hi in step.pauses)


# ---------------------------------------------------------------- events


def event_lines(step: CalendarStep, *, with_client: bool, remind: time | None = None) -> list[str]:
    """The VEVENT of one step, unfolded; with ``remind``, a timed event with an alarm then."""
    schedule = parse_schedule(step.schedule) if step.schedule else None
    end = plan_end(step)
    summary = step.title
    if schedule is not None and schedule.kind in ("quota", "measure"):
        summary += f" ({schedule.describe()})"
    if with_client:
        summary = f"{step.client}: {summary}"
    if schedule is None:
        assert step.due_date is not None
        first: date | None = step.due_date
        if step.begins is not None and step.due_date < step.begins:
            first = None  # due before this plan took over: nothing left to plan
        rule = None
        plan = f"once, due {step.due_date.isoformat()}"
    else:
        first = first_day(schedule, step.start_date, step.begins)
        rule = rrule_for(schedule, step.start_date)
        plan = schedule.describe()
        if schedule.kind == "quota":
            plan += f", any days (this is a reminder each {schedule.period})"
        elif schedule.kind == "measure":
            plan += f" (this is a reminder each {schedule.period})"
    cancelled = first is None or (end is not None and end < first)
    if schedule is None and first is not None and _paused_on(step, first):
        cancelled = True  # the one day it was due is set aside, or its goal paused then
    start = first or step.start_date
    skipped = ([] if cancelled or schedule is None or first is None
               else excluded_days(step, schedule, first, end))
    description = "\n".join(
        [f"Goal: {step.goal_title}",
         *([] if step.client.casefold() == SELF_CLIENT else [f"Client: {step.client}"]),
         f"Plan: {plan}",
         f"Log it with: coach done {step.id}" + (" --amount N" if schedule is not None
                                                 and schedule.kind == "measure" else "")]
    )
    lines = [
        "BEGIN:VEVENT",
        f"UID:{step.uuid}@coachcli",
        f"DTSTAMP:{_stamp(step.updated_at)}",
        f"CREATED:{_stamp(step.created_at)}",
        f"LAST-MODIFIED:{_stamp(step.updated_at)}",
        f"SEQUENCE:{step.revisions}",
    ]
    if remind is None:
        lines += [f"DTSTART;VALUE=DATE:{_day(start)}", f"DTEND;VALUE=DATE:{_day(start + timedelta(days=1))}"]
    else:
        stop = datetime.combine(start, remind) + REMINDER
        lines += [f"DTSTART:{_moment(start, remind)}", f"DTEND:{stop:%Y%m%dT%H%M%S}"]
    if rule is not None and not cancelled:
        lines.append("RRULE:" + with_until(rule, end, timed=remind is not None))
        if skipped:
            kind = "" if remind is not None else ";VALUE=DATE"
            lines.append(f"EXDATE{kind}:" + ",".join(_moment(d, remind) for d in skipped))
    lines += [
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(description)}",
        "TRANSP:TRANSPARENT",
        "STATUS:" + ("CANCELLED" if cancelled else "CONFIRMED"),
    ]
    if remind is not None and not cancelled:
        lines += ["BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{escape_text(summary)}",
                  "TRIGGER:PT0M", "END:VALARM"]
    lines.append("END:VEVENT")
    return lines


def calendar_lines(steps: Iterable[CalendarStep], *, with_client: bool,
                   remind: time | None = None) -> Iterator[str]:
    yield from (
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//coachcli//coachcli {__version__}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:coachcli steps",
    )
    for step in steps:
        if _in_range(step):
            yield from event_lines(step, with_client=with_client, remind=remind)
    yield "END:VCALENDAR"


def _in_range(step: CalendarStep) -> bool:
    """Whether the step's dates are within coachcli's years: one step edited by hand to
    9999-12-31 (past which no calendar day exists) leaves the others' calendar whole."""
    days = (step.due_date, step.start_date, step.until_date, step.dropped_on, step.goal_status_on)
    return all(d is None or date_in_range(d) for d in days)


def render_calendar(steps: Iterable[CalendarStep], *, with_client: bool,
                    remind: time | None = None) -> bytes:
    """The whole ``.ics`` file: folded, CRLF-terminated lines."""
    return b"".join(
        fold(line).encode("utf-8") + b"\r\n"
        for line in calendar_lines(steps, with_client=with_client, remind=remind)
    )


def write_ics(conn: sqlite3.Connection, out: IO[bytes], scope: Scope,
              remind: time | None = None) -> dict[str, int]:
    """Write the calendar of ``scope``'s steps; returns ``{"steps": n}``.

    ``n`` counts steps, not events: a step with an earlier plan is two events.
    """
    steps = select_calendar_steps(conn, scope)
    with_client = scope.everything and len({s.client for s in steps}) > 1
    out.write(render_calendar(steps, with_client=with_client, remind=remind))
    return {"steps": len({s.id for s in steps if _in_range(s)})}


# ---------------------------------------------------------------- query


def select_calendar_steps(conn: sqlite3.Connection, scope: Scope) -> list[CalendarStep]:
    """Steps of the scope's clients (all: every client not archived), with their goals."""
    params: tuple[int, ...] = ()
    if scope.client_ids is None:
        where = "c.archived_on IS NULL"
    else:
        params = scope.client_ids
        where = f"c.id IN ({', '.join('?' for _ in params)})"
    rows = conn.execute(
        f"""
        SELECT s.*, g.title AS goal_title, g.status AS goal_status,
               g.status_on AS goal_status_on, g.updated_at AS goal_updated_at, c.name AS client
        FROM steps s JOIN goals g ON g.id = s.goal_id JOIN clients c ON c.id = g.client_id
        WHERE {where} ORDER BY c.name COLLATE NOCASE, s.id
        """,
        params,
    ).fetchall()

    def d(value: str | None) -> date | None:
        return date.fromisoformat(value) if value else None

    out = [
        CalendarStep(
            id=r["id"],
            uuid=r["uuid"],
            title=r["title"],
            goal_title=r["goal_title"],
            client=r["client"],
            schedule=r["schedule"],
            due_date=d(r["due_date"]),
            start_date=date.fromisoformat(r["start_date"]),
            until_date=d(r["until_date"]),
            dropped_on=d(r["dropped_on"]),
            goal_status=r["goal_status"],
            goal_status_on=date.fromisoformat(r["goal_status_on"]),
            created_at=r["created_at"],
            # A goal paused or achieved changes the step's event, so it counts as a change.
            updated_at=max(r["updated_at"], r["goal_updated_at"]),
        )
        for r in rows
    ]
    return _with_earlier_plans(conn, _with_days_off(conn, out))


def _with_days_off(conn: sqlite3.Connection, steps: list[CalendarStep]) -> list[CalendarStep]:
    """Each step's days set aside, its goal's pauses, and the count of changes that moved its days.

    A pause is a status other than active followed by a resume; the last
    change, when it is not a resume, ends the plan instead (:func:`plan_end`).
    """
    if not steps:
        return steps
    step_ids = json.dumps([s.id for s in steps])
    off: dict[int, list[date]] = {}
    latest: dict[int, str] = {}
    for step_id, day, stamp in conn.execute(
        "SELECT step_id, on_date, max(created_at) FROM actions WHERE step_id IN"
        " (SELECT value FROM json_each(?)) AND kind = 'skipped' AND NOT EXISTS (SELECT 1 FROM actions d"
        " WHERE d.step_id = actions.step_id AND d.on_date = actions.on_date AND d.kind = 'done')"
        " GROUP BY step_id, on_date ORDER BY step_id, on_date",
        (step_ids,),
    ):
        off.setdefault(step_id, []).append(date.fromisoformat(day))
        latest[step_id] = max(latest.get(step_id, ""), stamp)
    goal_of = dict(conn.execute(
        "SELECT id, goal_id FROM steps WHERE id IN (SELECT value FROM json_each(?))", (step_ids,)))
    changes: dict[int, list[tuple[date, str, str]]] = {}
    for goal_id, day, status, stamp in conn.execute(
        "SELECT goal_id, on_date, status, created_at FROM status_changes WHERE goal_id IN"
        " (SELECT value FROM json_each(?)) ORDER BY goal_id, on_date, id",
        (json.dumps(sorted(set(goal_of.values()))),),
    ):
        changes.setdefault(goal_id, []).append((date.fromisoformat(day), status, stamp))
    plans = dict(conn.execute(
        "SELECT step_id, count(*) FROM step_plans WHERE step_id IN (SELECT value FROM json_each(?))"
        " GROUP BY step_id", (step_ids,)))
    out = []
    for s in steps:
        history = changes.get(goal_of[s.id], [])
        pauses: list[tuple[date, date]] = []
        since: date | None = None
        for day, status, _ in history:
            if status != "active" and since is None:
                since = day
            elif status == "active" and since is not None:
                pauses.append((since, day - timedelta(days=1)))
                since = None
        # Changes after the step began (the goal's first status is not one).
        moved = [stamp for day, _, stamp in history[1:] if day >= s.start_date]
        days_off = tuple(off.get(s.id, ()))
        out.append(replace(
            s, set_aside=days_off, pauses=tuple(pauses),
            revisions=plans.get(s.id, 0) + len(moved) + (s.dropped_on is not None) + len(days_off),
            updated_at=max([s.updated_at, latest.get(s.id, ""), *moved]),
        ))
    return out


def _with_earlier_plans(conn: sqlite3.Connection, steps: list[CalendarStep]) -> list[CalendarStep]:
    """Each earlier plan of a step as an event of its own, up to the day it ended.

    The plan in force now starts the day it took over, so a calendar shows
    each day as the plan of that day had it, under the title it had then. An earlier plan's UID is its own
    record's UUID: stable across exports.
    """
    by_id = {s.id: s for s in steps}
    earlier: dict[int, list[CalendarStep]] = {}
    ended: dict[int, date] = {}  # the last day the latest earlier plan judged, per step
    for r in conn.execute(
        "SELECT * FROM step_plans WHERE step_id IN (SELECT value FROM json_each(?))"
        " ORDER BY step_id, ends_on",
        (json.dumps(list(by_id)),),
    ):
        step = by_id[r["step_id"]]
        before = earlier.setdefault(step.id, [])
        ends = date.fromisoformat(r["ends_on"])
        until = date.fromisoformat(r["until_date"]) if r["until_date"] else None
        before.append(replace(
            step, uuid=r["uuid"], title=r["title"] or step.title, schedule=r["schedule"],
            due_date=date.fromisoformat(r["due_date"]) if r["due_date"] else None,
            start_date=date.fromisoformat(r["start_date"]),
            until_date=ends if until is None else min(until, ends),
            created_at=r["created_at"], updated_at=max(r["updated_at"], step.updated_at),
            begins=ended[step.id] + timedelta(days=1) if step.id in ended else None,
        ))
        ended[step.id] = ends
    out: list[CalendarStep] = []
    for step in steps:
        plans = earlier.get(step.id, [])
        out += plans
        out.append(replace(step, begins=ended[step.id] + timedelta(days=1)) if plans else step)
    return out
