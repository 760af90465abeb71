"""What coachcli does, independent of how it is asked: the operations behind commands.

Every function here takes an open :class:`~coachcli.store.Database` and
plain values, validates them (raising :mod:`coachcli.errors`), performs at
most one write transaction and returns domain records. Nothing here prints,
parses command lines or knows about formats.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from coachcli.errors import InputError, NotFoundError, StateError
from coachcli.models import ActionKind, Checkin, Client, Goal, GoalStatus, Rating, Step, TimelineEntry
from coachcli.store import Database, Tx

DEFAULT_CLIENT = "me"
MAX_TEXT = 10_000

# ---------------------------------------------------------------- validation


def clean_text(value: str | None, what: str, *, required: bool = False) -> str | None:
    """Trim user text; refuse empty required text, NUL bytes and absurd lengths."""
    if value is None:
        if required:
            raise InputError(f"{what} is required")
        return None
    text = value.strip()
    if not text:
        if required:
            raise InputError(f"{what} cannot be empty")
        return None
    if "\x00" in text:
        raise InputError(f"{what} contains a NUL character")
    if len(text) > MAX_TEXT:
        raise InputError(f"{what} is {len(text)} characters long; the limit is {MAX_TEXT}")
    return text


def clean_client_name(value: str, what: str = "client name") -> str:
    """A client name: required text on one line, as it is shown in lists and reports."""
    clean = clean_text(value, what, required=True)
    assert clean is not None
    if "\n" in clean or "\r" in clean:
        raise InputError("a client name must be one line")
    return clean


def check_ruler(value: int | None, what: str) -> int | None:
    """Importance and confidence are motivational-interviewing rulers, 0 to 10."""
    if value is not None and not 0 <= value <= 10:
        raise InputError(f"{what} must be between 0 and 10, got {value}")
    return value


def check_not_future(on: date, today: date, what: str = "date") -> date:
    if on > today:
        raise InputError(f"{what} {on.isoformat()} is in the future (today is {today.isoformat()})")
    return on


# ---------------------------------------------------------------- clients


def find_client(db: Database, name: str) -> Client | None:
    key = name.strip()
    row = db.conn.execute("SELECT * FROM clients WHERE name = ?", (key,)).fetchone()
    if row is None:
        # COLLATE NOCASE folds only ASCII: 'ZOË' must still find 'Zoë'.
        folded = key.casefold()
        row = next(
            (r for r in db.conn.execute("SELECT * FROM clients") if r["name"].casefold() == folded),
            None,
        )
    return Client.from_row(row) if row else None


def _unknown_client(db: Database, name: str) -> NotFoundError:
    import difflib

    # Names match case-insensitively, so suggestions must too ('bobb' -> 'Bob').
    names = {r[0].lower(): r[0] for r in db.conn.execute("SELECT name FROM clients ORDER BY name")}
    close = difflib.get_close_matches(name.strip().lower(), list(names), n=1)
    hint = f"; did you mean '{names[close[0]]}'?" if close else ""
    return NotFoundError(f"no client named '{name}'{hint} (add one with: coach client add NAME)")


def client_for_read(db: Database, name: str) -> Client | None:
    """The named client, or None for the default client before its first write."""
    client = find_client(db, name)
    if client is None and name.strip().lower() != DEFAULT_CLIENT:
        raise _unknown_client(db, name)
    return client


def client_for_write(db: Database, tx: Tx, name: str, today: date) -> Client:
    """The client to write to; the default client ``me`` is created on first use.

    Other names must be added with ``coach client add`` first, so a typo in
    ``-c`` never silently starts a new client.
    """
    client = find_client(db, name)
    if client is None:
        if name.strip().lower() != DEFAULT_CLIENT:
            raise _unknown_client(db, name)
        tx.insert("clients", {"name": DEFAULT_CLIENT})
        client = find_client(db, name)
        assert client is not None
    if client.archived_on is not None:
        raise StateError(
            f"client '{client.name}' is archived; restore it first: coach client restore "
            f"{client.name}"
        )
    return client


def add_client(db: Database, name: str, note: str | None) -> Client:
    clean = clean_client_name(name)
    with db.write(f"add client '{clean}'") as tx:
        existing = find_client(db, clean)
        if existing is not None:
            raise StateError(f"a client named '{existing.name}' already exists")
        tx.insert("clients", {"name": clean, "note": clean_text(note, "note")})
    client = find_client(db, clean)
    assert client is not None
    return client


class ClientSummary(NamedTuple):
    client: Client
    active_goals: int
    last_activity: date | None


def list_clients(db: Database, *, include_archived: bool = False) -> list[ClientSummary]:
    rows = db.conn.execute(
        """
        SELECT c.*,
          (SELECT count(*) FROM goals g WHERE g.client_id = c.id AND g.status = 'active')
            AS active_goals,
          max(
            coalesce((SELECT max(a.on_date) FROM actions a JOIN steps s ON s.id = a.step_id
                      JOIN goals g ON g.id = s.goal_id WHERE g.client_id = c.id), ''),
            coalesce((SELECT max(k.on_date) FROM checkins k WHERE k.client_id = c.id), '')
          ) AS last_activity
        FROM clients c
        WHERE ? OR c.archived_on IS NULL
        ORDER BY c.name
        """,
        (include_archived,),
    ).fetchall()
    return [
        ClientSummary(
            Client.from_row(r),
            r["active_goals"],
            date.fromisoformat(r["last_activity"]) if r["last_activity"] else None,
        )
        for r in rows
    ]


def rename_client(db: Database, old: str, new: str) -> Client:
    clean = clean_client_name(new, "new name")
    with db.write(f"rename client '{old}' to '{clean}'") as tx:
        client = find_client(db, old)
        if client is None:
            raise _unknown_client(db, old)
        other = find_client(db, clean)
        if other is not None and other.id != client.id:
            raise StateError(f"a client named '{other.name}' already exists")
        tx.update("clients", client.id, {"name": clean})
    renamed = find_client(db, clean)
    assert renamed is not None
    return renamed


def set_client_archived(db: Database, name: str, today: date, *, archived: bool) -> Client:
    verb = "archive" if archived else "restore"
    with db.write(f"{verb} client '{name}'") as tx:
        client = find_client(db, name)
        if client is None:
            raise _unknown_client(db, name)
        if archived and client.archived_on is not None:
            raise StateError(f"client '{client.name}' is already archived (since {client.archived_on})")
        if not archived and client.archived_on is None:
            raise StateError(f"client '{client.name}' is not archived")
        tx.update("clients", client.id, {"archived_on": today.isoformat() if archived else None})
    result = find_client(db, name)
    assert result is not None
    return result


# ---------------------------------------------------------------- goals

_GOAL_SELECT = """
    SELECT g.*, c.name AS client,
      (SELECT r.importance FROM ratings r WHERE r.goal_id = g.id AND r.importance IS NOT NULL
        ORDER BY r.on_date DESC, r.id DESC LIMIT 1) AS importance,
      (SELECT r.confidence FROM ratings r WHERE r.goal_id = g.id AND r.confidence IS NOT NULL
        ORDER BY r.on_date DESC, r.id DESC LIMIT 1) AS confidence
    FROM goals g JOIN clients c ON c.id = g.client_id
"""


def get_goal(db: Database, goal_id: int) -> Goal:
    row = db.conn.execute(_GOAL_SELECT + " WHERE g.id = ?", (goal_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no goal with id {goal_id} (list them with: coach goal list --all)")
    return Goal.from_row(row)


def list_goals(
    db: Database, client: Client | None, *, all_clients: bool = False, status: str | None = None
) -> list[Goal]:
    where: list[str] = ["c.archived_on IS NULL"] if all_clients else ["g.client_id = ?"]
    params: list[object] = [] if all_clients else [client.id if client else -1]
    if status and status != "all":
        where.append("g.status = ?")
        params.append(status)
    sql = _GOAL_SELECT + " WHERE " + " AND ".join(where) + " ORDER BY c.name, g.id"
    return [Goal.from_row(r) for r in db.conn.execute(sql, params)]


def add_goal(
    db: Database,
    client_name: str,
    title: str,
    *,
    today: date,
    why: str | None = None,
    importance: int | None = None,
    confidence: int | None = None,
    by: date | None = None,
    should: bool = False,
) -> Goal:
    clean = clean_text(title, "goal title", required=True)
    check_ruler(importance, "importance")
    check_ruler(confidence, "confidence")
    with db.write(f"add goal '{clean}'") as tx:
        client = client_for_write(db, tx, client_name, today)
        goal_id = tx.insert(
            "goals",
            {
                "client_id": client.id,
                "title": clean,
                "why": clean_text(why, "why"),
                "target_date": by.isoformat() if by else None,
                "should": int(should),
                "status": "active",
                "status_on": today.isoformat(),
            },
        )
        tx.insert("status_changes", {"goal_id": goal_id, "status": "active", "on_date": today.isoformat()})
        if importance is not None or confidence is not None:
            tx.insert(
                "ratings",
                {
                    "goal_id": goal_id,
                    "on_date": today.isoformat(),
                    "importance": importance,
                    "confidence": confidence,
                },
            )
    return get_goal(db, goal_id)


def edit_goal(
    db: Database,
    goal_id: int,
    *,
    title: str | None = None,
    why: str | None = None,
    by: date | None = None,
    clear_by: bool = False,
    should: bool | None = None,
) -> Goal:
    changes: dict[str, object] = {}
    if title is not None:
        changes["title"] = clean_text(title, "goal title", required=True)
    if why is not None:
        changes["why"] = clean_text(why, "why")
    if by is not None:
        changes["target_date"] = by.isoformat()
    if clear_by:
        changes["target_date"] = None
    if should is not None:
        changes["should"] = int(should)
    if not changes:
        raise InputError("nothing to change: give --title, --why, --by, --no-by or --should/--want")
    with db.write(f"edit goal {goal_id}") as tx:
        goal = get_goal(db, goal_id)
        _check_client_active(db, goal.client_id)
        tx.update("goals", goal_id, changes)
    return get_goal(db, goal_id)


def rate_goal(
    db: Database,
    goal_id: int,
    *,
    on: date,
    today: date,
    importance: int | None = None,
    confidence: int | None = None,
    note: str | None = None,
) -> Rating:
    if importance is None and confidence is None:
        raise InputError("give --importance and/or --confidence (each 0-10)")
    check_ruler(importance, "importance")
    check_ruler(confidence, "confidence")
    check_not_future(on, today, "rating date")
    with db.write(f"rate goal {goal_id}") as tx:
        goal = get_goal(db, goal_id)
        _check_client_active(db, goal.client_id)
        rid = tx.insert(
            "ratings",
            {
                "goal_id": goal_id,
                "on_date": on.isoformat(),
                "importance": importance,
                "confidence": confidence,
                "note": clean_text(note, "note"),
            },
        )
    return Rating(rid, goal_id, on, importance, confidence, clean_text(note, "note"))


def goal_ratings(db: Database, goal_id: int) -> list[Rating]:
    return [
        Rating(r["id"], r["goal_id"], date.fromisoformat(r["on_date"]), r["importance"],
               r["confidence"], r["note"])
        for r in db.conn.execute(
            "SELECT * FROM ratings WHERE goal_id = ? ORDER BY on_date, id", (goal_id,)
        )
    ]


def goal_status_history(db: Database, goal_id: int) -> list[tuple[date, str, str | None]]:
    return [
        (date.fromisoformat(r["on_date"]), r["status"], r["reason"])
        for r in db.conn.execute(
            "SELECT on_date, status, reason FROM status_changes WHERE goal_id = ? ORDER BY on_date, id",
            (goal_id,),
        )
    ]


_TRANSITIONS: dict[GoalStatus, tuple[GoalStatus, ...]] = {
    "achieved": ("active", "paused"),
    "paused": ("active",),
    "active": ("paused", "achieved", "dropped"),
    "dropped": ("active", "paused"),
}


def set_goal_status(
    db: Database,
    goal_id: int,
    status: GoalStatus,
    *,
    on: date,
    today: date,
    reason: str | None = None,
) -> Goal:
    """Achieve, pause, resume (status ``active``) or drop a goal, dated ``on``."""
    check_not_future(on, today)
    clean_reason = clean_text(reason, "reason", required=status == "dropped")
    with db.write(f"mark goal {goal_id} {status}") as tx:
        goal = get_goal(db, goal_id)
        _check_client_active(db, goal.client_id)
        if goal.status == status:
            raise StateError(f"goal {goal_id} is already {status} (since {goal.status_on})")
        if goal.status not in _TRANSITIONS[status]:
            raise StateError(
                f"goal {goal_id} is {goal.status}; it can become {status} only from "
                + " or ".join(_TRANSITIONS[status])
            )
        if on < goal.status_on:
            raise InputError(
                f"goal {goal_id} became {goal.status} on {goal.status_on}; a later change "
                f"cannot be dated {on}"
            )
        tx.update(
            "goals",
            goal_id,
            {
                "status": status,
                "status_on": on.isoformat(),
                "drop_reason": clean_reason if status == "dropped" else None,
            },
        )
        tx.insert(
            "status_changes",
            {"goal_id": goal_id, "status": status, "on_date": on.isoformat(), "reason": clean_reason},
        )
    return get_goal(db, goal_id)


def _check_client_active(db: Database, client_id: int) -> None:
    row = db.conn.execute("SELECT name, archived_on FROM clients WHERE id = ?", (client_id,)).fetchone()
    if row and row["archived_on"]:
        raise StateError(
            f"client '{row['name']}' is archived; restore it first: coach client restore {row['name']}"
        )


# ---------------------------------------------------------------- steps

_STEP_SELECT = """
    SELECT s.*, g.title AS goal_title, c.name AS client
    FROM steps s JOIN goals g ON g.id = s.goal_id JOIN clients c ON c.id = g.client_id
"""


def get_step(db: Database, step_id: int) -> Step:
    row = db.conn.execute(_STEP_SELECT + " WHERE s.id = ?", (step_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no step with id {step_id} (list them with: coach step list --all)")
    return Step.from_row(row)


def list_steps(
    db: Database,
    client: Client | None,
    *,
    all_clients: bool = False,
    goal_id: int | None = None,
    include_dropped: bool = False,
) -> list[Step]:
    where: list[str] = []
    params: list[object] = []
    if goal_id is not None:
        get_goal(db, goal_id)
        where.append("s.goal_id = ?")
        params.append(goal_id)
    elif all_clients:
        where.append("c.archived_on IS NULL")
    else:
        where.append("g.client_id = ?")
        params.append(client.id if client else -1)
    if not include_dropped:
        where.append("s.status = 'active'")
    sql = _STEP_SELECT + " WHERE " + " AND ".join(where) + " ORDER BY c.name, s.goal_id, s.id"
    return [Step.from_row(r) for r in db.conn.execute(sql, params)]


def add_step(
    db: Database,
    goal_id: int,
    title: str,
    *,
    today: date,
    schedule: str | None = None,
    due: date | None = None,
    start: date | None = None,
    until: date | None = None,
) -> Step:
    """A small step towards a goal: recurring (``schedule``) or one-off (``due``)."""
    clean = clean_text(title, "step title", required=True)
    if (schedule is None) == (due is None):
        raise InputError("a step needs exactly one of --every RULE (recurring) or --due DATE (one-off)")
    start_date = start or today
    if until is not None and until < start_date:
        raise InputError(f"--until {until} is before the step starts ({start_date})")
    with db.write(f"add step '{clean}' to goal {goal_id}") as tx:
        goal = get_goal(db, goal_id)
        _check_client_active(db, goal.client_id)
        if goal.status in ("achieved", "dropped"):
            raise StateError(
                f"goal {goal_id} is {goal.status}; resume it first (coach goal resume {goal_id})"
            )
        step_id = tx.insert(
            "steps",
            {
                "goal_id": goal_id,
                "title": clean,
                "schedule": schedule,
                "due_date": due.isoformat() if due else None,
                "start_date": start_date.isoformat(),
                "until_date": until.isoformat() if until else None,
                "status": "active",
            },
        )
    return get_step(db, step_id)


def edit_step(
    db: Database,
    step_id: int,
    *,
    title: str | None = None,
    schedule: str | None = None,
    due: date | None = None,
    start: date | None = None,
    until: date | None = None,
    clear_until: bool = False,
) -> Step:
    changes: dict[str, object] = {}
    if title is not None:
        changes["title"] = clean_text(title, "step title", required=True)
    if schedule is not None and due is not None:
        raise InputError("give either --every or --due, not both")
    if schedule is not None:
        changes.update(schedule=schedule, due_date=None)
    if due is not None:
        changes.update(due_date=due.isoformat(), schedule=None)
    if start is not None:
        changes["start_date"] = start.isoformat()
    if until is not None:
        changes["until_date"] = until.isoformat()
    if clear_until:
        changes["until_date"] = None
    if not changes:
        raise InputError("nothing to change: give --title, --every, --due, --start, --until or --no-until")
    with db.write(f"edit step {step_id}") as tx:
        step = get_step(db, step_id)
        _check_client_active_for_step(db, step)
        new_start = start or step.start_date
        new_until = None if clear_until else (until or step.until_date)
        if new_until is not None and new_until < new_start:
            raise InputError(f"the step would end ({new_until}) before it starts ({new_start})")
        tx.update("steps", step_id, changes)
    return get_step(db, step_id)


def drop_step(db: Database, step_id: int, *, on: date, today: date) -> Step:
    check_not_future(on, today)
    with db.write(f"drop step {step_id}") as tx:
        step = get_step(db, step_id)
        _check_client_active_for_step(db, step)
        if step.status == "dropped":
            raise StateError(f"step {step_id} was already dropped on {step.dropped_on}")
        tx.update("steps", step_id, {"status": "dropped", "dropped_on": on.isoformat()})
    return get_step(db, step_id)


# ---------------------------------------------------------------- actions


class Logged(NamedTuple):
    """An action just logged, with figures worth telling the person who logged it."""

    action_id: int
    step: Step
    kind: ActionKind
    on: date
    times: int
    done_this_week: int


def log_action(
    db: Database,
    step_id: int,
    kind: ActionKind,
    *,
    on: date,
    today: date,
    note: str | None = None,
    count: int = 1,
) -> Logged:
    """Record that a step was done, missed (with what got in the way) or skipped."""
    check_not_future(on, today, "--on")
    if count < 1:
        raise InputError(f"--count must be at least 1, got {count}")
    clean_note = clean_text(note, "note")
    with db.write(f"log step {step_id} {kind} on {on.isoformat()}") as tx:
        step = get_step(db, step_id)
        if step.status == "dropped" and step.dropped_on is not None and on >= step.dropped_on:
            raise StateError(f"step {step_id} was dropped on {step.dropped_on}")
        _check_client_active_for_step(db, step)
        action_id = tx.insert(
            "actions",
            {"step_id": step_id, "kind": kind, "on_date": on.isoformat(), "count": count,
             "note": clean_note},
        )
        monday = on.toordinal() - on.weekday()
        week = db.conn.execute(
            "SELECT coalesce(sum(count), 0) FROM actions WHERE step_id = ? AND kind = 'done'"
            " AND on_date BETWEEN ? AND ?",
            (step_id, date.fromordinal(monday).isoformat(), date.fromordinal(monday + 6).isoformat()),
        ).fetchone()[0]
    return Logged(action_id, step, kind, on, count, int(week))


def _check_client_active_for_step(db: Database, step: Step) -> None:
    row = db.conn.execute("SELECT client_id FROM goals WHERE id = ?", (step.goal_id,)).fetchone()
    _check_client_active(db, row[0])


# ---------------------------------------------------------------- check-ins


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
) -> Checkin:
    """A reflection, optionally with new ruler ratings, stored as one write."""
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
    clean_note = clean_text(note, "note")
    if not any(lists.values()) and mood is None and clean_note is None and not ratings and not session:
        raise InputError("a check-in needs some content: --mood, --win, --obstacle, --commit or --note")
    for _, imp, conf in ratings:
        check_ruler(imp, "importance")
        check_ruler(conf, "confidence")
    with db.write(f"check-in for '{client_name}' on {on.isoformat()}") as tx:
        client = client_for_write(db, tx, client_name, today)
        checkin_id = tx.insert(
            "checkins",
            {
                "client_id": client.id,
                "on_date": on.isoformat(),
                "mood": mood,
                **{k: json.dumps(v, ensure_ascii=False) for k, v in lists.items()},
                "note": clean_note,
                "session": int(session),
            },
        )
        for goal_id, imp, conf in ratings:
            if imp is None and conf is None:
                continue
            goal = get_goal(db, goal_id)
            if goal.client_id != client.id:
                raise InputError(f"goal {goal_id} belongs to '{goal.client}', not '{client.name}'")
            tx.insert("ratings", {"goal_id": goal_id, "on_date": on.isoformat(),
                                  "importance": imp, "confidence": conf})
    row = db.conn.execute(
        "SELECT k.*, c.name AS client FROM checkins k JOIN clients c ON c.id = k.client_id"
        " WHERE k.id = ?",
        (checkin_id,),
    ).fetchone()
    return Checkin.from_row(row)


# ---------------------------------------------------------------- timeline


def timeline(
    db: Database,
    client: Client | None,
    *,
    all_clients: bool = False,
    since: date | None = None,
    until: date | None = None,
    limit: int | None = None,
) -> list[TimelineEntry]:
    """Actions, ratings, status changes and check-ins, oldest first; ``limit``: the last N."""
    if limit is not None and limit < 1:
        raise InputError(f"--limit must be at least 1, got {limit}")
    if client is None and not all_clients:
        return []
    scope = "c.archived_on IS NULL" if all_clients else "c.id = :client"
    sql = f"""
    SELECT * FROM (
      SELECT a.on_date, a.kind, c.name AS client, g.id AS goal_id, s.id AS step_id,
             s.title AS subject,
             CASE WHEN a.count > 1 THEN 'x' || a.count ELSE '' END
               || CASE WHEN a.note IS NOT NULL THEN
                    CASE WHEN a.count > 1 THEN ' ' ELSE '' END || a.note ELSE '' END AS detail,
             a.created_at, NULL AS wins, NULL AS obstacles, NULL AS commitments, NULL AS note
      FROM actions a JOIN steps s ON s.id = a.step_id JOIN goals g ON g.id = s.goal_id
      JOIN clients c ON c.id = g.client_id WHERE {scope}
      UNION ALL
      SELECT r.on_date, 'rating', c.name, g.id, NULL, g.title,
             trim(coalesce('importance ' || r.importance, '') || ' '
                  || coalesce('confidence ' || r.confidence, '')
                  || coalesce(' - ' || r.note, '')),
             r.created_at, NULL, NULL, NULL, NULL
      FROM ratings r JOIN goals g ON g.id = r.goal_id JOIN clients c ON c.id = g.client_id
      WHERE {scope}
      UNION ALL
      SELECT x.on_date, 'goal ' || x.status, c.name, g.id, NULL, g.title,
             coalesce(x.reason, ''), x.created_at, NULL, NULL, NULL, NULL
      FROM status_changes x JOIN goals g ON g.id = x.goal_id JOIN clients c ON c.id = g.client_id
      WHERE {scope}
      UNION ALL
      SELECT k.on_date, CASE WHEN k.session THEN 'session' ELSE 'check-in' END, c.name, NULL,
             NULL, coalesce('mood ' || k.mood || '/5', ''), NULL, k.created_at,
             k.wins, k.obstacles, k.commitments, k.note
      FROM checkins k JOIN clients c ON c.id = k.client_id WHERE {scope}
    )
    WHERE (:since IS NULL OR on_date >= :since) AND (:until IS NULL OR on_date <= :until)
    ORDER BY on_date, created_at
    """
    params = {
        "client": client.id if client else None,
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
    }
    rows = db.conn.execute(sql, params).fetchall()
    if limit is not None:
        rows = rows[-limit:]
    return [
        TimelineEntry(
            on_date=date.fromisoformat(r["on_date"]),
            kind=r["kind"],
            client=r["client"],
            goal_id=r["goal_id"],
            step_id=r["step_id"],
            subject=r["subject"],
            detail=_checkin_detail(r) if r["wins"] is not None else str(r["detail"] or ""),
            created_at=r["created_at"],
        )
        for r in rows
    ]


def _checkin_detail(row: sqlite3.Row) -> str:
    """A check-in on one line: its wins, obstacles, commitments and note."""
    parts: list[str] = []
    for key, label in (("wins", "win"), ("obstacles", "obstacle"), ("commitments", "commit")):
        parts += [f"{label}: {t}" for t in json.loads(row[key])]
    if row["note"]:
        parts.append(row["note"])
    return "; ".join(parts)


def undo(db: Database) -> str | None:
    from coachcli.store.db import undo_last

    return undo_last(db)
