"""Reads behind corrections: one logged entry by its reference, a step's plan history.

An entry's reference is its table's letter and its id (``a12``: action 12);
which letter means which table is :data:`REF_TABLES`, used by the timeline
query and by the readers here alike.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from coachcli.domain.records import PlanVersion
from coachcli.store.commitments import texts_of
from coachcli.store.db import Database
from coachcli.store.plans import title_on

#: Reference letter -> table, for every kind of entry ``coach log`` shows.
REF_TABLES = {"a": "actions", "c": "checkins", "k": "commitments", "r": "ratings", "s": "status_changes"}

_ENTRY_SQL = {
    "actions": f"""
        SELECT a.*, {title_on("s", "a.on_date")} AS subject, s.id AS step_id, s.schedule, s.start_date,
               g.id AS goal_id, c.id AS client_id, c.name AS client, c.archived_on
        FROM actions a JOIN steps s ON s.id = a.step_id JOIN goals g ON g.id = s.goal_id
        JOIN clients c ON c.id = g.client_id WHERE a.id = ?""",
    "checkins": f"""
        SELECT k.id, k.client_id, k.on_date, k.mood, k.wins, k.obstacles, {texts_of("k")} AS commitments,
               k.note, k.session, k.sure, k.uuid, k.created_at, k.updated_at,
               '' AS subject, NULL AS goal_id, c.id AS client_id, c.name AS client,
               c.archived_on
        FROM checkins k JOIN clients c ON c.id = k.client_id WHERE k.id = ?""",
    "commitments": """
        SELECT m.*, k.on_date, m.text AS subject, NULL AS goal_id, c.id AS client_id, c.name AS client,
               c.archived_on, k.sure AS checkin_sure
        FROM commitments m JOIN checkins k ON k.id = m.checkin_id JOIN clients c ON c.id = k.client_id
        WHERE m.id = ?""",
    "ratings": """
        SELECT r.*, g.title AS subject, c.id AS client_id, c.name AS client, c.archived_on
        FROM ratings r JOIN goals g ON g.id = r.goal_id JOIN clients c ON c.id = g.client_id
        WHERE r.id = ?""",
    "status_changes": """
        SELECT x.*, g.title AS subject, c.id AS client_id, c.name AS client, c.archived_on,
               x.id = (SELECT y.id FROM status_changes y WHERE y.goal_id = x.goal_id
                       ORDER BY y.on_date, y.created_at, y.uuid LIMIT 1) AS first
        FROM status_changes x JOIN goals g ON g.id = x.goal_id JOIN clients c ON c.id = g.client_id
        WHERE x.id = ?""",
}


def entry(db: Database, table: str, row_id: int) -> dict[str, Any] | None:
    """One entry with its subject and whose it is, as a plain dict; None if there is none."""
    row = db.conn.execute(_ENTRY_SQL[table], (row_id,)).fetchone()
    if row is None:
        return None
    out = {k: row[k] for k in row.keys()}  # noqa: SIM118 - sqlite3.Row iterates values
    for key in ("wins", "obstacles", "commitments"):
        if key in out:
            out[key] = [str(t) for t in json.loads(out[key])]
    return out


def status_changes(db: Database, goal_id: int) -> list[tuple[int, date, str]]:
    """(id, date, status) of a goal's status changes, in order."""
    return [
        (r[0], date.fromisoformat(r[1]), r[2])
        for r in db.conn.execute(
            "SELECT id, on_date, status FROM status_changes WHERE goal_id = ?"
            " ORDER BY on_date, created_at, uuid",
            (goal_id,),
        )
    ]


def step_plans(db: Database, step_id: int) -> list[PlanVersion]:
    """A step's earlier plans, oldest first (the plan in force now is the step itself)."""
    return [
        PlanVersion(
            r["id"], date.fromisoformat(r["ends_on"]), r["schedule"],
            date.fromisoformat(r["due_date"]) if r["due_date"] else None,
            date.fromisoformat(r["start_date"]),
            date.fromisoformat(r["until_date"]) if r["until_date"] else None,
            r["title"] or "",
        )
        for r in db.conn.execute(
            "SELECT p.*, coalesce(p.title, s.title) AS title FROM step_plans p"
            " JOIN steps s ON s.id = p.step_id WHERE p.step_id = ? ORDER BY p.ends_on", (step_id,)
        )
    ]


def client_rows(db: Database, client_id: int) -> dict[str, list[int]]:
    """The ids of every record of one client, by table, children first (the order to delete)."""
    q = {
        "group_steps": "SELECT x.id FROM group_steps x JOIN steps s ON s.id = x.step_id"
                       " JOIN goals g ON g.id = s.goal_id WHERE g.client_id = ?",
        "group_consents": "SELECT id FROM group_consents WHERE client_id = ?",
        "group_members": "SELECT id FROM group_members WHERE client_id = ?",
        "actions": "SELECT a.id FROM actions a JOIN steps s ON s.id = a.step_id"
                   " JOIN goals g ON g.id = s.goal_id WHERE g.client_id = ?",
        "step_plans": "SELECT p.id FROM step_plans p JOIN steps s ON s.id = p.step_id"
                      " JOIN goals g ON g.id = s.goal_id WHERE g.client_id = ?",
        "steps": "SELECT s.id FROM steps s JOIN goals g ON g.id = s.goal_id WHERE g.client_id = ?",
        "ratings": "SELECT r.id FROM ratings r JOIN goals g ON g.id = r.goal_id WHERE g.client_id = ?",
        "status_changes": "SELECT x.id FROM status_changes x JOIN goals g ON g.id = x.goal_id"
                          " WHERE g.client_id = ?",
        "goals": "SELECT id FROM goals WHERE client_id = ?",
        "commitments": "SELECT m.id FROM commitments m JOIN checkins k ON k.id = m.checkin_id"
                       " WHERE k.client_id = ?",
        "checkins": "SELECT id FROM checkins WHERE client_id = ?",
        "clients": "SELECT id FROM clients WHERE id = ?",
    }
    return {t: [r[0] for r in db.conn.execute(sql + " ORDER BY 1", (client_id,))] for t, sql in q.items()}


def commitment_ids(db: Database, checkin_id: int) -> list[int]:
    """The ids of a check-in's commitments, in order."""
    return [r[0] for r in db.conn.execute(
        "SELECT id FROM commitments WHERE checkin_id = ? ORDER BY id", (checkin_id,))]
