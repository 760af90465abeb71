"""``coach restart NAME``: a way back after a gap, in one write that one undo takes back.

It sets the gap aside with its reason (every step's planned days in it, as
``skip --from --until`` would), re-rates importance and confidence, makes
steps smaller from a fresh start (next Monday by default, through the dated
plan: the days before it keep the plan that judged them), and records the
return as a session with one commitment. Nothing in it is a verdict on the
gap: the days set aside are not expected, and break no streak.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from coachcli.errors import InputError
from coachcli.service.validate import check_not_future, check_ruler, clean_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from coachcli.domain.records import Checkin, SetAside, Step
    from coachcli.store.db import Database


class Restarted(NamedTuple):
    """What ``coach restart`` wrote."""

    client: str
    gap: tuple[date, date] | None
    set_aside: tuple[SetAside, ...]
    ratings: tuple[tuple[int, str, int | None, int | None], ...]
    smaller: tuple[Step, ...]
    smaller_from: date
    session: Checkin


class Gap(NamedTuple):
    """The days since the client was last in touch, up to yesterday (None: never in touch)."""

    last_contact: date | None
    first: date | None
    last: date | None


def fresh_start(today: date) -> date:
    """Next Monday: a new week is a fresh start (today, when today is a Monday)."""
    return today + timedelta(days=(7 - today.weekday()) % 7)


def gap_of(db: Database, client_name: str, today: date) -> Gap:
    """From the day after the last contact (the last day an entry was recorded) to yesterday."""
    import json

    from coachcli.service.clients import client_for_read
    from coachcli.store.reportdata import last_contact

    who = client_for_read(db, client_name)
    if who is None:
        return Gap(None, None, None)
    last = last_contact(db, json.dumps([who.id]), today).get(who.id)
    if last is None or last + timedelta(days=1) > today - timedelta(days=1):
        return Gap(last, None, None)
    return Gap(last, last + timedelta(days=1), today - timedelta(days=1))


def restart(
    db: Database,
    client_name: str,
    *,
    today: date,
    gap: tuple[date, date] | None = None,
    reason: str | None = None,
    ratings: Sequence[tuple[int, int | None, int | None]] = (),
    smaller: Sequence[tuple[int, str]] = (),
    smaller_from: date | None = None,
    commitment: str | None = None,
    sure: int | None = None,
    note: str | None = None,
) -> Restarted:
    """Welcome a client back: one write, taken back by one ``coach undo``.

    ``gap`` (first, last) is set aside with ``reason`` on every active step
    that planned days in it; ``ratings`` are (goal id, importance,
    confidence); ``smaller`` is (step id, schedule rule) from ``smaller_from``
    (default: :func:`fresh_start`); the return itself is a session on
    ``today`` with ``note`` (what has been happening) and ``commitment``.
    """
    from coachcli.domain.schedule import plan_schedule
    from coachcli.service import tracking
    from coachcli.service.clients import client_for_write
    from coachcli.service.goals import get_goal
    from coachcli.service.steps import edit_step, list_steps

    start = smaller_from or fresh_start(today)
    if start < today:
        raise InputError(f"--from {start} is before today ({today}): a smaller plan starts from now on")
    if gap is not None:
        first, last = gap
        check_not_future(last, today, "--gap-until")
        if last < first:
            raise InputError(f"the gap ends ({last}) before it begins ({first})")
    for _, imp, conf in ratings:
        check_ruler(imp, "importance")
        check_ruler(conf, "confidence")
    check_ruler(sure, "--sure")
    if sure is not None and not (commitment or "").strip():
        raise InputError("--sure says how sure the client is of a commitment: give --commit too")
    clean_reason = clean_text(reason, "reason")
    with db.write(f"restart {client_name}", client=client_name) as tx:
        client = client_for_write(db, tx, client_name, today)
        tx.describe(f"restart of {client.name} on {today.isoformat()}", client.name)
        steps = [s for s in list_steps(db, client) if s.status == "active"]
        aside: list[SetAside] = []
        if gap is not None:
            for s in steps:
                try:
                    aside.append(tracking.set_aside(db, s.id, first=gap[0], last=gap[1], today=today,
                                                    note=clean_reason))
                except InputError as exc:
                    if "nothing was set aside" not in str(exc):
                        raise
        rated: list[tuple[int, str, int | None, int | None]] = []
        for goal_id, imp, conf in ratings:
            if imp is None and conf is None:
                continue
            goal = get_goal(db, goal_id)
            if goal.client_id != client.id:
                raise InputError(f"goal {goal_id} belongs to '{goal.client}', not '{client.name}'")
            tx.insert("ratings", {"goal_id": goal_id, "on_date": today.isoformat(), "importance": imp,
                                  "confidence": conf, "note": "on the return"})
            rated.append((goal_id, goal.title, imp, conf))
        mine = {s.id for s in steps}
        made_smaller: list[Step] = []
        for step_id, rule in smaller:
            if step_id not in mine:
                raise InputError(
                    f"step {step_id} is not one of {client.name}'s active steps (see: coach step list)")
            made_smaller.append(edit_step(db, step_id, today=today, schedule=plan_schedule(rule).text,
                                          from_=start))
        session = tracking.add_checkin(
            db, client.name, on=today, today=today, note=note, session=True,
            commitments=[commitment] if commitment else [], sure=sure)
        tx.describe(f"restart of {client.name} on {today.isoformat()}", client.name)
    return Restarted(client.name, gap, tuple(aside), tuple(rated), tuple(made_smaller), start, session)
