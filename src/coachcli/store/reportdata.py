"""The few aggregate queries behind a report, shaped into analysis inputs.

A report never loads the action history: it reads per-step, per-day sums
for the 26 weeks the analysis looks at (over the ``actions (step_id,
on_date)`` index), plus a handful of small lookups. One query per kind of
record serves a single client or a whole caseload alike, so ``--all`` costs a
few queries, not a few per client. Id lists travel as one JSON parameter
(``json_each``) to stay clear of SQLite's variable limit.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta

from coachcli.domain.reporting import CheckinIn, ClientIn, DayLog, GoalIn, PlanIn, StepIn, Window
from coachcli.store import commitments
from coachcli.store.commitments import any_of, texts_of
from coachcli.store.db import Database
from coachcli.store.plans import title_on
from coachcli.store.rows import text_list

#: Report thresholds live in ``meta`` under this prefix (``threshold.stalled.days``).
SETTING_PREFIX = "threshold."


def _ids(values: Sequence[int]) -> str:
    return json.dumps(list(values))


def _d(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def load_settings(db: Database) -> dict[str, float]:
    """Every stored threshold by name; which names count is the domain's business."""
    rows = db.conn.execute(
        "SELECT key, value FROM meta WHERE key LIKE ?", (SETTING_PREFIX + "%",)
    ).fetchall()
    return {key[len(SETTING_PREFIX):]: float(value) for key, value in rows}


class _Days(dict[str, date]):
    """ISO text -> date, parsed once per distinct day (a horizon has ~190)."""

    def __missing__(self, text: str) -> date:
        day = self[text] = date.fromisoformat(text)
        return day


class _Logs(dict[str, DayLog]):
    """One action's token (``d2``: done twice, ``m1``, ``s1``, ``d1:5.2``: done with an amount)
    -> its DayLog, made once."""

    def __missing__(self, token: str) -> DayLog:
        kind, n, amount = token[0], *token[1:].partition(":")[::2]
        log = self[token] = (DayLog(int(n), 0, 0, float(amount) if amount else 0.0) if kind == "d"
                             else DayLog(0, 1) if kind == "m" else DayLog(0, 0, 1))
        return log


def _daily_logs(conn: sqlite3.Connection, step_ids: str, horizon: date,
                as_of: date, measured_ids: str = "[]") -> dict[int, dict[date, DayLog]]:
    """Each step's DayLog per day from ``horizon`` to ``as_of``: what the analysis reads most.

    A caseload's horizon holds about one action per step and day, ~600k at
    1,000 clients, so rows are not fetched one by one: SQLite hands back one
    row per step with its days and its actions' tokens concatenated (in the
    index's order, so the two lists pair up), and the dictionaries are built
    by ``zip``/``map`` over shared date and DayLog objects. A day with more
    than one action (rare) is summed in Python. The amounts of the measured
    steps (``measured_ids``) come from a second query: reading ``amount`` in the
    first would leave the covering index and read every row (3x slower).
    """
    days, tokens = _Days(), _Logs()
    out: dict[int, dict[date, DayLog]] = defaultdict(dict)
    cur = conn.cursor()
    cur.row_factory = None
    cur.execute(
        "SELECT step_id, group_concat(on_date), group_concat(substr(kind, 1, 1) || count) FROM actions"
        " WHERE step_id IN (SELECT value FROM json_each(?)) AND on_date BETWEEN ? AND ?"
        " GROUP BY step_id",
        (step_ids, horizon.isoformat(), as_of.isoformat()),
    )
    for step_id, day_text, token_text in cur:
        on = list(map(days.__getitem__, day_text.split(",")))
        logged = list(map(tokens.__getitem__, token_text.split(",")))
        step_logs = dict(zip(on, logged, strict=True))
        if len(step_logs) < len(on):  # several actions on a day: add them up
            step_logs = {}
            for day, log in zip(on, logged, strict=True):
                old = step_logs.get(day)
                step_logs[day] = log if old is None else DayLog(
                    old.done + log.done, old.missed + log.missed, old.skipped + log.skipped,
                    old.amount + log.amount)
        out[step_id] = step_logs
    if measured_ids != "[]":
        for step_id, day_text, amount in conn.execute(
            "SELECT step_id, on_date, sum(amount) FROM actions WHERE step_id IN"
            " (SELECT value FROM json_each(?)) AND on_date BETWEEN ? AND ? AND amount IS NOT NULL"
            " GROUP BY step_id, on_date",
            (measured_ids, horizon.isoformat(), as_of.isoformat()),
        ):
            step_logs = out[step_id]
            day = days[day_text]
            log = step_logs[day]
            step_logs[day] = DayLog(log.done, log.missed, log.skipped, float(amount))
    return out


def load_clients(
    db: Database, client_ids: Sequence[int], window: Window, as_of: date, horizon: date
) -> list[ClientIn]:
    """Analysis inputs for ``client_ids``, in the order given, with logs from ``horizon`` on."""
    conn = db.conn
    ids = _ids(client_ids)
    end = min(window.end, as_of)
    clients = {
        r["id"]: r
        for r in conn.execute(
            "SELECT id, name, coalesce(started_on, substr(created_at, 1, 10)) AS started_on"
            " FROM clients WHERE id IN (SELECT value FROM json_each(?))",
            (ids,),
        )
    }
    goal_rows = conn.execute(
        """
        SELECT id, client_id, title, status, status_on, should, why FROM goals
        WHERE client_id IN (SELECT value FROM json_each(?))
          AND (status IN ('active', 'paused') OR status_on >= ?)
        ORDER BY client_id, id
        """,
        (ids, horizon.isoformat()),
    ).fetchall()
    goal_ids = _ids([g["id"] for g in goal_rows])
    changes: dict[int, list[tuple[date, str]]] = defaultdict(list)
    for r in conn.execute(
        "SELECT goal_id, on_date, status FROM status_changes"
        " WHERE goal_id IN (SELECT value FROM json_each(?)) ORDER BY goal_id, on_date, created_at, uuid",
        (goal_ids,),
    ):
        changes[r[0]].append((date.fromisoformat(r[1]), r[2]))
    ratings: dict[int, list[tuple[date, int | None, int | None]]] = defaultdict(list)
    for r in conn.execute(
        "SELECT goal_id, on_date, importance, confidence FROM ratings"
        " WHERE goal_id IN (SELECT value FROM json_each(?)) AND on_date <= ?"
        " ORDER BY goal_id, on_date, created_at, uuid",
        (goal_ids, end.isoformat()),
    ):
        ratings[r[0]].append((date.fromisoformat(r[1]), r[2], r[3]))
    step_rows = conn.execute(
        "SELECT id, goal_id, title, schedule, due_date, start_date, until_date, dropped_on"
        " FROM steps WHERE goal_id IN (SELECT value FROM json_each(?)) ORDER BY goal_id, id",
        (goal_ids,),
    ).fetchall()
    step_ids = _ids([s["id"] for s in step_rows])
    earlier: dict[int, list[PlanIn]] = defaultdict(list)  # most steps never changed plan: none
    for r in conn.execute(
        "SELECT step_id, ends_on, schedule, due_date, start_date, until_date, title FROM step_plans"
        " WHERE step_id IN (SELECT value FROM json_each(?)) ORDER BY step_id, ends_on",
        (step_ids,),
    ):
        previous = earlier[r[0]]
        begins = previous[-1].ends + timedelta(days=1) if previous and previous[-1].ends else None
        earlier[r[0]].append(
            PlanIn(begins, date.fromisoformat(r[1]), r[2], _d(r[3]), date.fromisoformat(r[4]), _d(r[5]),
                   r[6] or "")
        )
    # A measured step's plan (now or earlier) is "at least ..." or "at most ...".
    measured_ids = _ids([s["id"] for s in step_rows if (s["schedule"] or "").startswith("at ")]
                        + [i for i, plans in earlier.items()
                           if any((p.schedule or "").startswith("at ") for p in plans)])
    logs = _daily_logs(conn, step_ids, horizon, as_of, measured_ids)
    once_ids = _ids([s["id"] for s in step_rows if s["due_date"] or s["id"] in earlier])
    first_done = {
        r[0]: date.fromisoformat(r[1])
        for r in conn.execute(
            "SELECT step_id, min(on_date) FROM actions WHERE step_id IN"
            " (SELECT value FROM json_each(?)) AND kind = 'done' AND on_date <= ? GROUP BY step_id",
            (once_ids, as_of.isoformat()),
        )
    }
    steps_by_goal: dict[int, list[StepIn]] = defaultdict(list)
    last_done_in_horizon: dict[int, date] = {}
    step_goal: dict[int, int] = {}
    for s in step_rows:
        step_logs = logs.get(s["id"], {})
        step_goal[s["id"]] = s["goal_id"]
        current = PlanIn(None, None, s["schedule"], _d(s["due_date"]),
                         date.fromisoformat(s["start_date"]), _d(s["until_date"]), s["title"])
        plans: list[PlanIn] = []
        if s["id"] in earlier:
            before = earlier[s["id"]]
            last_end = before[-1].ends
            assert last_end is not None
            plans = [*before, current._replace(begins=last_end + timedelta(days=1))]
            # The step reads as its plan did on the last day the report looks at.
            current = next((p for p in plans if (p.begins is None or p.begins <= end)
                            and (p.ends is None or end <= p.ends)), plans[-1])
        steps_by_goal[s["goal_id"]].append(
            StepIn(
                id=s["id"], goal_id=s["goal_id"], title=current.title or s["title"],
                schedule=current.schedule,
                due_date=current.due_date, start_date=current.start_date,
                until_date=current.until_date, dropped_on=_d(s["dropped_on"]),
                logs=step_logs, first_done=first_done.get(s["id"]), plans=plans,
            )
        )
        for day, log in step_logs.items():
            if day > end:
                continue
            g = s["goal_id"]
            if log.done and day > last_done_in_horizon.get(g, date.min):
                last_done_in_horizon[g] = day
    # Goals with no done inside the horizon: look further back, one small query.
    stale = [g["id"] for g in goal_rows if g["id"] not in last_done_in_horizon and steps_by_goal[g["id"]]]
    if stale:
        for r in conn.execute(
            "SELECT s.goal_id, max(a.on_date) FROM actions a JOIN steps s ON s.id = a.step_id"
            " WHERE s.goal_id IN (SELECT value FROM json_each(?)) AND a.kind = 'done'"
            " AND a.on_date <= ? GROUP BY s.goal_id",
            (_ids(stale), end.isoformat()),
        ):
            if r[1]:
                last_done_in_horizon[r[0]] = date.fromisoformat(r[1])
    checkins: dict[int, list[CheckinIn]] = defaultdict(list)
    for r in conn.execute(
        f"""
        SELECT client_id, on_date, mood, wins, obstacles, {texts_of("k")}, session, sure FROM checkins k
        WHERE client_id IN (SELECT value FROM json_each(?)) AND on_date <= ?
          AND (on_date >= ? OR id = (SELECT k2.id FROM checkins k2 WHERE k2.client_id = k.client_id
               AND k2.on_date <= ? AND {any_of("k2")} ORDER BY k2.on_date DESC,
               k2.created_at DESC, k2.uuid DESC LIMIT 1))
        ORDER BY client_id, on_date, created_at, uuid
        """,
        (ids, end.isoformat(), window.start.isoformat(), end.isoformat()),
    ):
        checkins[r[0]].append(
            CheckinIn(date.fromisoformat(r[1]), r[2], text_list(r[3], "checkins.wins"),
                      text_list(r[4], "checkins.obstacles"),
                      text_list(r[5], "checkins.commitments"), bool(r[6]), r[7])
        )
    made = commitments.of_clients(db, list(client_ids), horizon, end)
    notes: dict[int, list[tuple[date, str, str]]] = defaultdict(list)
    skip_notes: dict[int, list[tuple[date, str, str]]] = defaultdict(list)
    for r in conn.execute(
        f"""
        SELECT g.client_id, a.on_date, {title_on("s", "a.on_date")}, a.note, a.kind FROM actions a
        JOIN steps s ON s.id = a.step_id JOIN goals g ON g.id = s.goal_id
        WHERE a.step_id IN (SELECT value FROM json_each(?)) AND a.on_date BETWEEN ? AND ?
          AND a.kind IN ('missed', 'skipped') AND a.note IS NOT NULL
        ORDER BY a.on_date, a.created_at, a.uuid
        """,
        (step_ids, window.start.isoformat(), end.isoformat()),
    ):
        (skip_notes if r[4] == "skipped" else notes)[r[0]].append((date.fromisoformat(r[1]), r[2], r[3]))
    goals_by_client: dict[int, list[GoalIn]] = defaultdict(list)
    for g in goal_rows:
        # The status as of the as-of day: a change dated ahead (a pause planned) has not begun.
        now = [c for c in changes[g["id"]] if c[0] <= as_of] or [(date.fromisoformat(g["status_on"]),
                                                                  g["status"])]
        goals_by_client[g["client_id"]].append(
            GoalIn(
                id=g["id"], title=g["title"], status=now[-1][1],
                status_on=now[-1][0], should=bool(g["should"]),
                status_changes=changes[g["id"]], ratings=ratings[g["id"]],
                steps=steps_by_goal[g["id"]], last_done=last_done_in_horizon.get(g["id"]),
                why=g["why"],
            )
        )
    out: list[ClientIn] = []
    contact = last_contact(db, ids, end)
    for cid in client_ids:
        c = clients.get(cid)
        if c is None:
            continue
        out.append(
            ClientIn(
                id=cid, name=c["name"], created_on=date.fromisoformat(c["started_on"]),
                goals=goals_by_client[cid], checkins=checkins[cid], miss_notes=notes[cid],
                last_activity=contact.get(cid), skip_notes=skip_notes[cid],
                commitments_made=made[cid],
            )
        )
    return out


def last_contact(db: Database, client_ids: str, end: date) -> dict[int, date]:
    """Each client's last day of contact up to ``end``: the latest day an entry was recorded.

    The day an action or check-in was recorded (by the tool's clock), not the
    day it is about: entries backfilled later never erase a silence, and a
    report of a past window reads only what had been recorded by its end.
    One index lookup per step and per client (``*_recorded`` indexes).
    """
    day = end.isoformat()
    found: dict[int, str] = {}
    for cid, last in db.conn.execute(
        """
        SELECT g.client_id, max((SELECT max(a.recorded_on) FROM actions a
                                 WHERE a.step_id = s.id AND a.recorded_on <= :end))
        FROM steps s JOIN goals g ON g.id = s.goal_id
        WHERE g.client_id IN (SELECT value FROM json_each(:ids)) GROUP BY g.client_id
        UNION ALL
        SELECT v.value, (SELECT max(k.recorded_on) FROM checkins k
                         WHERE k.client_id = v.value AND k.recorded_on <= :end)
        FROM json_each(:ids) v
        """,
        {"ids": client_ids, "end": day},
    ):
        if last is not None and last > found.get(cid, ""):
            found[cid] = last
    return {cid: date.fromisoformat(last) for cid, last in found.items()}
