"""Logging what happened: actions, check-ins, and undo.

:func:`log_action` is what ``coach done`` runs from a shell prompt, so this
module imports only what it needs (:mod:`coachcli.store.actions`, plain
values): the rest is imported by the functions that use it.
"""

from __future__ import annotations

from datetime import date, timedelta

from coachcli.domain.logged import (
    Logged,
    MeasureParts,
    before_beginning,
    format_amount,
    schedule_period,
    split_measure,
)
from coachcli.errors import InputError, StateError
from coachcli.limits import MAX_COUNT
from coachcli.service.validate import archived, check_not_future, check_ruler, clean_text, no_such_step
from coachcli.store import actions

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from coachcli.domain.records import ActionKind, Checkin, Outcome, SetAside, Written
    from coachcli.store.db import Database

KIND_WORDS: dict[str, str] = {"done": "done", "missed": "missed", "skipped": "skipped"}


def check_log_date(db: Database, step_id: int, goal_id: int, start: str, on: date) -> None:
    """Refuse an entry dated before its goal began or its step started, or on a day its goal was dropped.

    ``start`` is the step's first planned day (ISO). Shared by every path an
    entry takes (``done``/``missed``/``skip`` fast or not, ``edit --on``; the
    import applies the same :func:`~coachcli.domain.logged.before_beginning`).
    Logs after an achievement are welcome: keeping a habit going is the point.
    Dates compare as ISO text: no parsing on the ``done`` path.
    """
    day = on.isoformat()
    changes = actions.status_changes(db, goal_id)
    began = changes[0][1] if changes else start
    why = before_beginning(day, goal_id=goal_id, began=began,
                           began_ref=f"s{changes[0][0]}" if changes else None, step_id=step_id,
                           started=start)
    if why is not None:
        raise InputError(why)
    status, since, until = "active", began, None
    for _, changed, s in changes:
        if changed > day:
            until = changed
            break
        status, since = s, changed
    if status == "dropped":
        hint = f"resume it first (coach goal resume {goal_id})" if until is None else (
            f"it was resumed on {until}")
        raise StateError(f"goal {goal_id} was dropped on {since}, so {day} cannot be logged; {hint}")


#: A done and a missed of one step on one day cannot both stand.
OPPOSITE: dict[str, str] = {"done": "missed", "missed": "done"}


def check_no_contradiction(db: Database, step_id: int, title: str, kind: str, on: date, *,
                           leaving: int | None = None) -> None:
    """Refuse a done where a missed of the same step and day is logged, and the other way round.

    The entry already there is named with the edit that changes it, so the
    person decides which stands (``leaving``: the entry being edited).
    """
    other = OPPOSITE.get(kind)
    if other is None:
        return
    found = actions.other_kind_on(db, step_id, on, (other,), leaving)
    if found is not None:
        ref = f"a{found[0]}"
        raise StateError(
            f"'{title}' (step {step_id}) is already logged as {other} on {on.isoformat()} ({ref}); "
            f"if it was {kind}, change that entry: coach edit {ref} --kind {kind}"
        )


def log_action(
    db: Database,
    step_id: int,
    kind: ActionKind,
    *,
    on: date,
    today: date,
    note: str | None = None,
    count: int = 1,
    amount: float | None = None,
) -> Logged:
    """Record that a step was done, missed (with what got in the way) or skipped.

    Only a skip may be dated ahead: setting a day aside is a plan (a holiday);
    what happened can only have happened by today. A measurable step's done
    carries an ``amount`` (0: a day with none), and only its done does.
    """
    if kind != "skipped":
        check_not_future(on, today, "--on")
    if not 1 <= count <= MAX_COUNT:
        raise InputError(f"--count must be from 1 to {MAX_COUNT}, got {count}")
    clean_note = clean_text(note, "note")
    with db.write(f"log step {step_id} {kind} on {on.isoformat()}") as tx:
        step = actions.step_for_log(db, step_id, on)
        if step is None:
            raise no_such_step(step_id)
        title, goal_id, status, dropped_on, client, archived_on, start, schedule = step
        if status == "dropped" and dropped_on is not None and on >= date.fromisoformat(dropped_on):
            raise StateError(f"step {step_id} was dropped on {dropped_on}")
        if archived_on:
            raise archived(client)
        check_log_date(db, step_id, goal_id, start, on)
        measure = split_measure(schedule)
        _check_amount(step_id, kind, measure, amount, count)
        check_no_contradiction(db, step_id, title, kind, on)
        what = KIND_WORDS[kind] if measure is None else f"done {format_amount(amount or 0)} {measure[2]}"
        tx.describe(f"{what} '{title}' on {on.isoformat()}", client)
        row: dict[str, object] = {"step_id": step_id, "kind": kind, "on_date": on.isoformat(), "count": count,
               "note": clean_note, "recorded_on": today.isoformat()}
        if amount is not None:
            row["amount"] = amount
        action_id = tx.insert("actions", row)
        period = schedule_period(schedule)
        done_in_period = 0
        if kind == "done" and period is not None:
            first = on.replace(day=1) if period == "month" else on - timedelta(days=on.weekday())
            last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1) if period == "month" \
                else first + timedelta(days=6)
            done_in_period = actions.done_between(db, step_id, first, last)
        # Canonical quota rules ("3/week") are the only schedules written with a slash.
        once_a_day = schedule is None or "/" not in schedule
        same_day = actions.done_rows_on(db, step_id, on) if kind == "done" and once_a_day else 1
        if measure is not None and amount is not None:
            day_sum = actions.amount_between(db, step_id, on, on)
            period_sum = day_sum if period is None else actions.amount_between(db, step_id, first, last)
            return Logged(action_id, step_id=step_id, goal_id=goal_id, title=title, kind=kind, on=on,
                          times=count, done_this_week=0, period=measure[3], amount=amount,
                          measure=measure, amount_that_day=day_sum, amount_that_period=period_sum)
    return Logged(action_id, step_id=step_id, goal_id=goal_id, title=title, kind=kind, on=on,
                  times=count, done_this_week=done_in_period, done_entries_that_day=same_day,
                  period=period)


def _check_amount(step_id: int, kind: ActionKind, measure: MeasureParts | None, amount: float | None,
                  count: int) -> None:
    """A measurable step logs amounts, a yes/no step does not: one clear line either way."""
    if measure is None:
        if amount is not None:
            raise InputError(f"step {step_id} is a yes/no step: --amount is for a step measured with "
                             f"--at-least or --at-most; --count says how many times")
        return
    words, target, unit, period = measure
    plan = f"{words} {format_amount(target)} {unit} a {period}"
    if kind == "missed":
        raise InputError(f"step {step_id} is measured ({plan}): log how much instead, "
                         f"e.g. coach done {step_id} --amount 0 --note \"what got in the way\"")
    if kind == "done" and amount is None:
        raise InputError(f"step {step_id} is measured ({plan}): say how much, e.g. "
                         f"coach done {step_id} --amount 2 (--amount 0 for a day with none)")
    if count != 1:
        raise InputError(f"step {step_id} is measured in {unit}: --amount says how much, "
                         "--count is for yes/no steps")


#: The longest range ``skip --from --until`` sets aside in one go (a year and a day).
MAX_SET_ASIDE_DAYS = 366


def set_aside(
    db: Database, step_id: int, *, first: date, last: date, today: date, note: str | None = None,
) -> SetAside:
    """Set aside every occurrence of a step from ``first`` to ``last`` (past or future), one write.

    Stored as the skips a person would have typed day by day (which days:
    :func:`coachcli.domain.setaside.days_to_set_aside`); each is checked as a
    single ``skip`` is, and ``coach undo`` takes them back together.
    """
    from coachcli.domain.records import SetAside
    from coachcli.domain.setaside import DatedPlan, days_to_set_aside
    from coachcli.store import entries, queries

    if last < first:
        raise InputError(f"--until {last.isoformat()} is before --from {first.isoformat()}")
    if (last - first).days >= MAX_SET_ASIDE_DAYS:
        raise InputError(f"a range set aside is at most {MAX_SET_ASIDE_DAYS} days; split a longer one")
    clean_note = clean_text(note, "note")
    span = f"{first.isoformat()} to {last.isoformat()}"
    with db.write(f"set aside step {step_id} from {span}") as tx:
        step = queries.step(db, step_id)
        if step is None:
            raise no_such_step(step_id)
        found = actions.step_for_log(db, step_id, first)
        assert found is not None
        title, goal_id, status, dropped_on, client, archived_on, start, _ = found
        if archived_on:
            raise archived(client)
        plans, begins = [], None
        for v in entries.step_plans(db, step_id):
            plans.append(DatedPlan(begins, v.ends_on, v.schedule, v.due_date, v.start_date, v.until_date))
            begins = v.ends_on + timedelta(days=1)
        plans.append(DatedPlan(begins, None, step.schedule, step.due_date, step.start_date,
                               step.until_date))
        logged = frozenset(actions.logged_days(db, step_id, first, last))
        days = days_to_set_aside(plans, first, last, logged)
        if dropped_on is not None and status == "dropped":
            days = [d for d in days if d.isoformat() < dropped_on]
        if not days:
            raise InputError(
                f"step {step_id} plans nothing still open from {first.isoformat()} to "
                f"{last.isoformat()}; nothing was set aside")
        for day in days:
            check_log_date(db, step_id, goal_id, start, day)
        tx.describe(f"set aside '{title}' from {span}", client)
        for day in days:
            tx.insert("actions", {"step_id": step_id, "kind": "skipped", "on_date": day.isoformat(),
                                  "count": 1, "note": clean_note, "recorded_on": today.isoformat()})
    return SetAside(step_id, goal_id, title, first, last, tuple(days))


def add_checkin(
    db: Database,
    client_name: str,
    *,
    on: date,
    today: date,
    mood: int | None = None,
    wins: Sequence[str] = (),
    obstacles: Sequence[str] = (),
    commitments: Sequence[str] = (),
    note: str | None = None,
    session: bool = False,
    ratings: Sequence[tuple[int, int | None, int | None]] = (),
    sure: int | None = None,
    rating_notes: Mapping[int, str] | None = None,
    outcomes: Sequence[tuple[int, Outcome]] = (),
    change: Sequence[str] = (),
    sustain: Sequence[str] = (),
    next_session: date | None = None,
    due: date | None = None,
    step_id: int | None = None,
    as_step_of: int | None = None,
) -> Checkin:
    """A reflection or a session, optionally with ratings, commitments and how earlier ones went: one write.

    A session needs nothing else: it marks where the next prep starts.
    ``outcomes`` mark earlier commitments (ids) kept, partly or not kept as of
    ``on``; ``change``/``sustain`` are the client's own words for and against
    change; ``due``, ``step_id`` and ``as_step_of`` say when a commitment is due
    and which step it is (see :func:`coachcli.service.sessions.write_commitments`).
    """
    # Here, not at the top: ``coach done`` imports this module and needs none of them.
    import json

    from coachcli.service import sessions
    from coachcli.service.clients import client_for_write
    from coachcli.service.goals import get_goal
    from coachcli.store import commitments as store_commitments
    from coachcli.store import queries

    check_not_future(on, today, "--on")
    if mood is not None and not 1 <= mood <= 5:
        raise InputError(f"--mood must be between 1 and 5, got {mood}")

    def items(values: Sequence[str], what: str) -> list[str]:
        return [t for t in (clean_text(v, what) for v in values) if t]

    lists = {
        "wins": items(wins, "win"),
        "obstacles": items(obstacles, "obstacle"),
        "commitments": items(commitments, "commitment"),
    }
    talk = {"change_talk": items(change, "change talk"), "sustain_talk": items(sustain, "sustain talk")}
    clean_note = clean_text(note, "note")
    if (not any(lists.values()) and not any(talk.values()) and mood is None and clean_note is None
            and not ratings and not session and not outcomes):
        raise InputError("a check-in needs some content: --mood, --win, --obstacle, --commit, --note, "
                         "--kept or --session")
    if next_session is not None and not session:
        raise InputError("--next says when the next session is: give --session too")
    if next_session is not None and next_session <= on:
        raise InputError(f"--next {next_session} is not after the session ({on})")
    check_ruler(sure, "--sure")
    if sure is not None and not lists["commitments"]:
        raise InputError("--sure says how sure the client is of a commitment: give --commit too")
    for _, imp, conf in ratings:
        check_ruler(imp, "importance")
        check_ruler(conf, "confidence")
    what = "session" if session else "check-in"
    with db.write(f"{what} on {on.isoformat()}", client=client_name) as tx:
        client = client_for_write(db, tx, client_name, today)
        tx.describe(f"{what} on {on.isoformat()}", client.name)
        checkin_id = tx.insert(
            "checkins",
            {
                "client_id": client.id,
                "on_date": on.isoformat(),
                "mood": mood,
                **{k: json.dumps(v, ensure_ascii=False) for k, v in lists.items() if k != "commitments"},
                "note": clean_note,
                "session": int(session),
                "sure": sure,
                "recorded_on": today.isoformat(),
                **{k: json.dumps(v, ensure_ascii=False) for k, v in talk.items()},
                "next_session_on": next_session.isoformat() if next_session else None,
            },
        )
        sessions.write_commitments(db, tx, client, checkin_id, on=on, texts=lists["commitments"], sure=sure,
                                   due=due, step_id=step_id, as_step_of=as_step_of)
        sessions.judge(db, tx, client, on, outcomes)
        for goal_id, imp, conf in ratings:
            if imp is None and conf is None:
                continue
            goal = get_goal(db, goal_id)
            if goal.client_id != client.id:
                raise InputError(f"goal {goal_id} belongs to '{goal.client}', not '{client.name}'")
            tx.insert("ratings", {"goal_id": goal_id, "on_date": on.isoformat(),
                                  "importance": imp, "confidence": conf,
                                  "note": clean_text((rating_notes or {}).get(goal_id), "note")})
    found = queries.checkin(db, checkin_id)
    return found._replace(agreed=tuple(store_commitments.of_checkin(db, checkin_id)),
                          judged=tuple(c for c in store_commitments.judged_on(db, client.id, on)
                                       if c.id in {i for i, _ in outcomes}))


def last_commitments(db: Database, client_name: str, today: date) -> tuple[date, list[str]] | None:
    """The latest check-in's commitments on or before ``today``: where a check-in starts."""
    from coachcli.service.clients import client_for_read
    from coachcli.store import queries

    who = client_for_read(db, client_name)
    found = queries.latest_commitments(db, who.id, today) if who else None
    return (found[0], found[1]) if found else None


def undo(db: Database, *, dry_run: bool = False) -> Written | None:
    """Revert the database's most recent write (``dry_run``: only say which); None if none."""
    from coachcli.store import journal

    return journal.next_undo(db) if dry_run else journal.undo_last(db)


def redo(db: Database, *, dry_run: bool = False) -> Written | None:
    """Re-apply what the last undo reverted, until the next write; None if nothing is."""
    from coachcli.store import journal

    return journal.next_redo(db) if dry_run else journal.redo_last(db)
