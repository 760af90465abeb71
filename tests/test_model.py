"""The report, the agenda and their JSON checked against a second, naive model (tests/reference.py).

Hypothesis draws a client's plan (goals with pauses, steps of every schedule
grammar with start, until, drop and due dates, and a history of done, missed
and skipped logs, several a day) and a window; the plan is written through
the service layer like any command would, and the figures the program gives
must equal the ones the day-by-day model gives, exactly: per step and goal
expected, done, missed, adherence, streak, the 8-week trend and strength,
and every agenda item. The same plans then drive ``agenda``, ``report``,
``prep`` and ``log`` in every format, which must exit 0 without a traceback.

The example counts are chosen to run in CI in about a minute while still
drawing, many times over, the cases that once crashed the agenda (a step
that starts today or later, a weekly or monthly step on its day, an until
date that has passed). ``COACH_MODEL_EXAMPLES=2000`` runs the comparison longer.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reference as ref
from coachcli.domain.reporting import GoalReport, Window
from coachcli.domain.schedule import parse_schedule
from coachcli.errors import CoachError
from coachcli.service.agenda import agenda
from coachcli.service.goals import add_goal, set_goal_status
from coachcli.service.report import build_report
from coachcli.service.steps import add_step, drop_step, edit_step
from coachcli.service.tracking import log_action, set_aside
from coachcli.store import Database
from helpers import Coach

#: Every grammar of --every (SPEC section 2), and None for a one-off step (--due).
SCHEDULES = [
    "daily", "weekdays", "weekends", "mon,wed,fri", "every 3 days", "weekly", "monthly",
    "3/week", "1/week", "2/month", "RRULE:FREQ=WEEKLY;BYDAY=TU,SA", "RRULE:FREQ=DAILY;INTERVAL=2",
    None,
    # Measured steps, every period and both kinds (--at-least/--at-most).
    "at least 8 glasses/day", "at most 2 drinks/day", "at least 20 km/week", "at most 10 drinks/week",
    "at least 30 km/month",
]
#: Today is drawn over five months, so windows cut weeks and months every way.
FIRST_TODAY = date(2026, 10, 1)
HISTORY_DAYS = 75

#: Examples per run: the comparison, and the every-format smoke run (slower per example).
MODEL_EXAMPLES = int(os.environ.get("COACH_MODEL_EXAMPLES", "150"))
SMOKE_EXAMPLES = 20


@dataclass
class Scenario:
    today: date
    goals: list[ref.Goal]
    #: ("last7",), ("week", ISO week text), ("range", since, until)
    window: tuple[object, ...]
    #: Log entries as written: (step id, day, kind, count, amount or None).
    logs: list[tuple[int, date, str, int, float | None]]
    #: Ranges set aside: (step id, first day, last day).
    ranges: list[tuple[int, date, date]] = field(default_factory=list)

    def window_dates(self) -> Window:
        kind = self.window[0]
        if kind == "last7":
            return Window(self.today - timedelta(days=6), self.today)
        if kind == "week":
            year, week = str(self.window[1]).split("-W")
            monday = date.fromisocalendar(int(year), int(week), 1)
            return Window(monday, monday + timedelta(days=6))
        return Window(self.window[1], self.window[2])  # type: ignore[arg-type]

    def window_args(self) -> list[str]:
        if self.window[0] == "last7":
            return []
        if self.window[0] == "week":
            return ["--week", str(self.window[1])]
        return ["--since", str(self.window[1]), "--until", str(self.window[2])]


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    today = FIRST_TODAY + timedelta(days=draw(st.integers(0, 150)))
    origin = today - timedelta(days=HISTORY_DAYS)
    goals: list[ref.Goal] = []
    logs: list[tuple[int, date, str, int, float | None]] = []
    ranges: list[tuple[int, date, date]] = []
    step_id = 0
    for goal_id in range(1, draw(st.integers(1, 2)) + 1):
        # Most goals begin with the history; some begin later, even after the window.
        began = origin + timedelta(days=draw(st.sampled_from([0, 0, 0]) | st.integers(0, HISTORY_DAYS)))
        changes = [(began, "active")]
        # A pause may be dated ahead (a holiday agreed in advance), its resume too.
        pause = draw(st.none() | st.tuples(st.integers(0, HISTORY_DAYS + 10), st.none() | st.integers(1, 30)))
        if pause is not None and began + timedelta(days=pause[0]) <= today + timedelta(days=10):
            paused = began + timedelta(days=pause[0])
            changes.append((paused, "paused"))
            if pause[1] is not None and paused + timedelta(days=pause[1]) <= today + timedelta(days=10):
                changes.append((paused + timedelta(days=pause[1]), "active"))
        achieved = draw(st.none() | st.integers(0, 40))
        if achieved is not None and changes[-1][0] + timedelta(days=achieved) <= today:
            changes.append((changes[-1][0] + timedelta(days=achieved), "achieved"))
        steps = []
        for _ in range(draw(st.integers(1, 3))):
            step_id += 1
            schedule = draw(st.sampled_from(SCHEDULES))
            # Near today more often than not: the first days of a step are where counts go wrong.
            offset = draw(st.sampled_from([0, 1, 3, -1, -6, -7, -13, -31]) | st.integers(-70, 3))
            start = max(began, today + timedelta(days=offset))
            until = draw(st.none() | st.integers(0, 60))
            # A one-off due before its start is refused when it is added (issue 10).
            due = draw(st.integers(0, 40)) if schedule is None else None
            step = ref.Step(
                step_id, schedule, start,
                until=None if until is None else start + timedelta(days=until),
                due=None if due is None else start + timedelta(days=due),
            )
            # A change of plan from a later day, to any grammar (the days before keep theirs).
            change = draw(st.none() | st.tuples(st.integers(1, 40), st.sampled_from(SCHEDULES),
                                                st.integers(0, 20)))
            # From a later day, the future included (a smaller plan from next Monday).
            if change is not None and start + timedelta(days=change[0]) <= today + timedelta(days=10):
                begins = start + timedelta(days=change[0])
                new_due = begins + timedelta(days=change[2]) if change[1] is None else None
                step.plans = [
                    ref.Plan(None, begins - timedelta(days=1), schedule, start, step.until, step.due),
                    ref.Plan(begins, None, change[1], start, step.until, new_due),
                ]
                step.schedule, step.due = change[1], new_due
            for back, kind, times, how_much in draw(st.lists(
                st.tuples(st.integers(0, HISTORY_DAYS - 3),
                          st.sampled_from(["done", "done", "missed", "skipped"]), st.integers(1, 3),
                          st.sampled_from([0, 0.5, 1, 2, 3, 4.25, 8, 12])),
                max_size=20,
            )):
                day = today - timedelta(days=back)
                if day < start:
                    continue  # an entry dated before its step began is refused
                measured = ref.measure_of(step.plan_on(day).schedule) is not None
                if measured and kind == "missed":
                    continue  # a measured step logs amounts (0: a day with none), not misses
                other = step.logs.get(day)
                if other is not None and (other.missed if kind == "done" else
                                          other.done if kind == "missed" else 0):
                    continue  # refused: one day holds a done or a missed of a step, not both
                count = times if kind == "done" and not measured else 1
                amount = float(how_much) if measured and kind == "done" else None
                logs.append((step_id, day, kind, count, amount))
                log = step.logs.setdefault(day, ref.Log())
                setattr(log, kind, getattr(log, kind) + count)
                log.amount += amount or 0.0
            # A range set aside (a flu week, a holiday ahead), written with ``skip --from --until``.
            aside = draw(st.none() | st.tuples(st.integers(-40, 10), st.integers(0, 9)))
            if aside is not None:
                first = max(start, today + timedelta(days=aside[0]))
                ranges.append((step_id, first, first + timedelta(days=aside[1])))
            dropped = draw(st.none() | st.integers(0, 40))
            if dropped is not None and start <= today:
                step.dropped_on = min(today, start + timedelta(days=dropped))
            steps.append(step)
        goals.append(ref.Goal(goal_id, changes, steps))
    window = draw(st.one_of(
        st.just(("last7",)),
        st.integers(-4, 1).map(lambda k: ("week", _iso_week(today + timedelta(weeks=k)))),
        st.tuples(st.integers(-60, 10), st.integers(1, 35)).map(
            lambda a: ("range", today + timedelta(days=a[0]), today + timedelta(days=a[0] + a[1] - 1))),
    ))
    return Scenario(today, goals, window, logs, ranges)


def _iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@contextmanager
def written(s: Scenario) -> Iterator[tuple[Path, Database]]:
    """The scenario written through the service layer, as the commands would write it."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "coach.db"
        db = Database.open(path)
        try:
            for g in s.goals:
                add_goal(db, "me", f"Goal {g.id}", today=s.today, on=g.changes[0][0])
                for step in g.steps:
                    first = step.all_plans()[0]
                    add_step(db, g.id, f"Step {step.id}", today=s.today, start=first.start,
                             until=first.until, due=first.due,
                             schedule=parse_schedule(first.schedule).text if first.schedule else None)
                    for later in step.plans[1:]:
                        if later.schedule is None:
                            edit_step(db, step.id, today=s.today, due=later.due, from_=later.begins)
                        else:
                            edit_step(db, step.id, today=s.today, from_=later.begins,
                                      schedule=parse_schedule(later.schedule).text)
            for step_id, day, kind, count, amount in s.logs:
                log_action(db, step_id, kind, on=day, today=s.today, count=count,  # type: ignore[arg-type]
                           amount=amount)
            steps = {st_.id: st_ for g in s.goals for st_ in g.steps}
            for step_id, first, last in s.ranges:
                # Only the skips the range writes are new: a day already skipped keeps its one.
                before = {r[0] for r in db.conn.execute(
                    "SELECT id FROM actions WHERE step_id = ? AND kind = 'skipped'", (step_id,))}
                try:
                    set_aside(db, step_id, first=first, last=last, today=s.today, note="away")
                except CoachError:
                    continue  # refused as a whole (nothing planned in it): nothing written
                # The model reads the skips as stored: which days a range sets aside is
                # the command's business, how they count is the model's.
                for (on,) in db.conn.execute(
                    "SELECT on_date FROM actions WHERE step_id = ? AND kind = 'skipped'"
                    " AND on_date BETWEEN ? AND ? AND id NOT IN (SELECT value FROM json_each(?))",
                    (step_id, first.isoformat(), last.isoformat(), json.dumps(sorted(before)))):
                    log = steps[step_id].logs.setdefault(date.fromisoformat(on), ref.Log())
                    log.skipped += 1
            for g in s.goals:
                for on, status in g.changes[1:]:
                    set_goal_status(db, g.id, status, on=on, today=s.today)  # type: ignore[arg-type]
            for g in s.goals:
                for step in g.steps:
                    if step.dropped_on is not None:
                        drop_step(db, step.id, on=step.dropped_on, today=s.today)
            yield path, db
        finally:
            db.close()


def _figures(g: GoalReport) -> ref.GoalFigures:
    return ref.GoalFigures(
        g.id, g.expected, g.done, g.missed, g.adherence, g.previous_expected, g.previous_adherence,
        g.streak, g.strength, list(g.trend),
        [ref.StepFigures(s.id, s.expected, s.done, s.missed, s.adherence, s.streak, s.done_late)
         for s in g.steps],
        g.done_late,
    )


def _json_figures(g: dict[str, object]) -> ref.GoalFigures:
    steps = g["steps"]
    assert isinstance(steps, list)
    return ref.GoalFigures(
        g["id"], g["expected"], g["done"], g["missed"], g["adherence"],  # type: ignore[arg-type]
        g["previous_expected"], g["previous_adherence"], g["streak"], g["strength"],  # type: ignore[arg-type]
        g["trend"],  # type: ignore[arg-type]
        [ref.StepFigures(x["id"], x["expected"], x["done"], x["missed"], x["adherence"], x["streak"],
                         x["done_late"])
         for x in steps],
        g["done_late"],  # type: ignore[arg-type]
    )


def _coach(path: Path, today: date, *args: str) -> tuple[int, str, str]:
    result = Coach(path, today).run(*args)
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)
    return result.exit_code, result.stdout, result.stderr


@settings(max_examples=MODEL_EXAMPLES, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_report_and_agenda_agree_with_the_naive_model(s: Scenario) -> None:
    w = s.window_dates()
    with written(s) as (path, db):
        expected = [ref.goal_figures(g, w.start, w.end, s.today) for g in s.goals
                    if ref.shown(g, w.start, w.end, s.today)]
        (client,) = build_report(db, [1], w, s.today).clients
        assert [_figures(g) for g in client.goals] == expected
        assert (client.expected, client.done, client.missed) == (
            sum(g.expected for g in expected), sum(g.done for g in expected),
            sum(g.missed for g in expected))
        assert all(type(x) is int for x in (client.expected, client.done, client.missed))

        code, out, err = _coach(path, s.today, "report", *s.window_args(), "-f", "json")
        assert code == 0, err
        doc = json.loads(out)
        assert (doc["window"]["start"], doc["window"]["end"]) == (w.start.isoformat(), w.end.isoformat())
        assert [_json_figures(g) for g in doc["clients"][0]["goals"]] == expected

        for week in (None, "this"):
            window, items = agenda(db, [1], s.today, s.today, week=week)
            got = sorted(
                ((i.on_date, i.kind, i.step_id, _quota_numbers(i.detail) if i.on_date is None else "")
                 for i in items),
                key=lambda i: (i[0] or date.min, i[1], i[2], i[3]),
            )
            assert got == ref.agenda(s.goals, window.start, window.end, s.today), week


def _quota_numbers(detail: str) -> str:
    """'2 more this week (1 of 3 done)' -> '2 1 3'; 'all 3 done this week' -> '0 3 3' or more done.

    A measured step's figures, as the numbers in it ('15 km more this week (5 of 20 km)' ->
    'm 15 5 20'), each rounded to 2 places.
    """
    if "done" not in detail:  # a quota's always says done; a measured step's never does
        nums = [float(w.rstrip(",")) for w in detail.replace("(", " ").replace(")", " ").split()
                if w.rstrip(",").replace(".", "", 1).isdigit()]
        return "m " + " ".join(f"{x:.2f}" for x in nums)
    words = detail.replace("(", " ").replace(")", " ").split()
    if words[0] == "all":
        return f"0 {words[1]} {words[1]}"
    return f"{words[0]} {words[4]} {words[6]}"


@settings(max_examples=SMOKE_EXAMPLES, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_every_reading_command_in_every_format_on_any_plan(s: Scenario) -> None:
    with written(s) as (path, _):
        for fmt in ("rich", "text", "markdown", "json"):
            for args in (("agenda",), ("agenda", "--week", "this"), ("prep", "me"), ("log",),
                         ("report", *s.window_args())):
                code, _, err = _coach(path, s.today, *args, "-f", fmt)
                assert code == 0, (args, fmt, err)
        code, out, err = _coach(path, s.today, "report", "--all", *s.window_args(), "-f", "html")
        assert code == 0, err
        assert out.lower().startswith("<!doctype html>")
