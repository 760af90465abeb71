"""Reads of commitments and sessions: what was agreed, how it went, what the client said.

A commitment belongs to the check-in (or session) it was made at; its link to a
step is the step's uuid (it travels between databases as it is), read here only
when that step is the same client's.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from coachcli.domain.records import Commitment, Session
from coachcli.store import rows
from coachcli.store.db import Database


def texts_of(alias: str) -> str:
    """A SQL expression: the JSON list of the texts of check-in ``alias``'s commitments, in order."""
    return (f"(SELECT json_group_array(text) FROM (SELECT m.text FROM commitments m"
            f" WHERE m.checkin_id = {alias}.id ORDER BY m.id))")


def any_of(alias: str) -> str:
    """A SQL condition: check-in ``alias`` has commitments."""
    return f"EXISTS (SELECT 1 FROM commitments m WHERE m.checkin_id = {alias}.id)"


_SELECT = """
    SELECT m.*, k.on_date AS made_on, k.session, c.name AS client, c.id AS client_id,
           c.archived_on, s.id AS step_id, s.title AS step_title
    FROM commitments m JOIN checkins k ON k.id = m.checkin_id JOIN clients c ON c.id = k.client_id
    LEFT JOIN steps s ON s.uuid = m.step_uuid
         AND s.goal_id IN (SELECT g.id FROM goals g WHERE g.client_id = k.client_id)
"""


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _commitment(r: sqlite3.Row) -> Commitment:
    return Commitment(
        id=r["id"], checkin_id=r["checkin_id"], client=r["client"], made_on=date.fromisoformat(r["made_on"]),
        session=bool(r["session"]), text=r["text"], sure=r["sure"], due_date=_d(r["due_date"]),
        step_id=r["step_id"], step_title=r["step_title"], outcome=r["outcome"],
        outcome_on=_d(r["outcome_on"]),
    )


def one(db: Database, commitment_id: int) -> tuple[Commitment, int, str | None] | None:
    """A commitment, its client's id and archive day; None if there is none."""
    r = db.conn.execute(_SELECT + " WHERE m.id = ?", (commitment_id,)).fetchone()
    return None if r is None else (_commitment(r), r["client_id"], r["archived_on"])


def of_checkin(db: Database, checkin_id: int) -> list[Commitment]:
    return [_commitment(r) for r in db.conn.execute(_SELECT + " WHERE m.checkin_id = ? ORDER BY m.id",
                                                    (checkin_id,))]


def judged_on(db: Database, client_id: int, day: date) -> list[Commitment]:
    """The client's commitments judged on ``day``."""
    return [_commitment(r) for r in db.conn.execute(
        _SELECT + " WHERE k.client_id = ? AND m.outcome_on = ? ORDER BY m.id",
        (client_id, day.isoformat()))]


def of_client(db: Database, client_id: int, *, made_since: date | None = None,
              made_until: date | None = None) -> list[Commitment]:
    """The client's commitments made in a span (either end open), oldest first."""
    return [_commitment(r) for r in db.conn.execute(
        _SELECT + " WHERE k.client_id = :c AND (:s IS NULL OR k.on_date >= :s)"
        " AND (:u IS NULL OR k.on_date <= :u) ORDER BY k.on_date, m.id",
        {"c": client_id, "s": made_since.isoformat() if made_since else None,
         "u": made_until.isoformat() if made_until else None})]


def of_clients(db: Database, client_ids: list[int], since: date, until: date) -> dict[int, list[Commitment]]:
    """Per client, the commitments made from ``since`` to ``until``, oldest first."""
    import json

    out: dict[int, list[Commitment]] = {c: [] for c in client_ids}
    for r in db.conn.execute(
        _SELECT + " WHERE k.client_id IN (SELECT value FROM json_each(?)) AND k.on_date BETWEEN ? AND ?"
        " ORDER BY k.on_date, m.id", (json.dumps(client_ids), since.isoformat(), until.isoformat())):
        out[r["client_id"]].append(_commitment(r))
    return out


def last_session(db: Database, client_id: int, on_or_before: date) -> Session | None:
    """The client's latest session on or before a day, with what was agreed at it."""
    r = db.conn.execute(
        "SELECT * FROM checkins WHERE client_id = ? AND session = 1 AND on_date <= ?"
        " ORDER BY on_date DESC, id DESC LIMIT 1", (client_id, on_or_before.isoformat())).fetchone()
    if r is None:
        return None
    return Session(
        r["id"], date.fromisoformat(r["on_date"]), r["note"], _d(r["next_session_on"]),
        tuple(of_checkin(db, r["id"])),
        tuple(rows.text_list(r["change_talk"], "checkins.change_talk")),
        tuple(rows.text_list(r["sustain_talk"], "checkins.sustain_talk")),
    )


def talk_between(db: Database, client_id: int, since: date, until: date) -> list[tuple[date, str, str]]:
    """(date, 'change' or 'sustain', the client's words) said from ``since`` to ``until``, in order."""
    out: list[tuple[date, str, str]] = []
    for r in db.conn.execute(
        "SELECT on_date, change_talk, sustain_talk FROM checkins WHERE client_id = ?"
        " AND on_date BETWEEN ? AND ? AND (change_talk <> '[]' OR sustain_talk <> '[]')"
        " ORDER BY on_date, id", (client_id, since.isoformat(), until.isoformat())):
        day = date.fromisoformat(r[0])
        out += [(day, "change", t) for t in rows.text_list(r[1], "checkins.change_talk")]
        out += [(day, "sustain", t) for t in rows.text_list(r[2], "checkins.sustain_talk")]
    return out


def step_uuid(db: Database, step_id: int, client_id: int) -> str | None:
    """The uuid of one of the client's steps, None if it is not the client's."""
    r = db.conn.execute(
        "SELECT s.uuid FROM steps s JOIN goals g ON g.id = s.goal_id WHERE s.id = ? AND g.client_id = ?",
        (step_id, client_id)).fetchone()
    return None if r is None else str(r[0])


def sessions_between(
    db: Database, client_ids: list[int], since: date, until: date,
) -> dict[int, list[Session]]:
    """Per client, the sessions from ``since`` to ``until`` with what was agreed: two queries in all."""
    import json

    ids = json.dumps(client_ids)
    found = db.conn.execute(
        "SELECT * FROM checkins WHERE client_id IN (SELECT value FROM json_each(?)) AND session = 1"
        " AND on_date BETWEEN ? AND ? ORDER BY on_date, id", (ids, since.isoformat(), until.isoformat())
    ).fetchall()
    agreed: dict[int, list[Commitment]] = {}
    for r in db.conn.execute(
        _SELECT + " WHERE m.checkin_id IN (SELECT value FROM json_each(?)) ORDER BY m.id",
        (json.dumps([r["id"] for r in found]),),
    ):
        agreed.setdefault(r["checkin_id"], []).append(_commitment(r))
    out: dict[int, list[Session]] = {c: [] for c in client_ids}
    for r in found:
        out[r["client_id"]].append(Session(
            r["id"], date.fromisoformat(r["on_date"]), r["note"], _d(r["next_session_on"]),
            tuple(agreed.get(r["id"], ())),
            tuple(rows.text_list(r["change_talk"], "checkins.change_talk")),
            tuple(rows.text_list(r["sustain_talk"], "checkins.sustain_talk"))))
    return out
