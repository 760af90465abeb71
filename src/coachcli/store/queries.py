"""The reads behind the service layer: one function per question, each one query.

Records come back as :mod:`coachcli.domain.records`; nothing here validates
or words anything.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from coachcli.domain.records import (
    Checkin,
    Client,
    ClientSummary,
    Goal,
    Rating,
    Step,
    TimelineEntry,
)
from coachcli.limits import id_in_range
from coachcli.store import rows
from coachcli.store.commitments import any_of, texts_of
from coachcli.store.db import Database
from coachcli.store.plans import schedule_on, title_on

# ---------------------------------------------------------------- clients


def name_key(name: str) -> str:
    """How client names compare: Unicode-normalised, ignoring case, accents, spacing and controls.

    'José' typed on a Mac (NFD: e + combining accent) and on Linux (NFC: é),
    'JOSE' and 'jose' are one name, so look-alikes cannot become two clients.
    """
    import unicodedata

    from coachcli.textsafe import clean

    # Controls, direction marks and other invisible format characters (a zero-width space)
    # never show, so they cannot tell two names apart.
    decomposed = unicodedata.normalize("NFKD", clean(name))
    bare = "".join(c for c in decomposed
                   if not unicodedata.combining(c) and unicodedata.category(c) != "Cf")
    return " ".join(unicodedata.normalize("NFC", bare.casefold()).split())


def _client_rows(db: Database) -> list[sqlite3.Row]:
    return db.conn.execute("SELECT * FROM clients ORDER BY id").fetchall()


def find_client(db: Database, name: str) -> Client | None:
    """The client whose name is ``name`` (as :func:`name_key` compares names), else None.

    The exact spelling wins over a look-alike, should a database from before
    names were compared this way hold both.
    """
    text = name.strip()
    row = db.conn.execute("SELECT * FROM clients WHERE name = ?", (text,)).fetchone()
    if row is None:
        key = name_key(text)
        row = next((r for r in _client_rows(db) if name_key(r["name"]) == key), None)
    return rows.client(row) if row else None


def client_by_id(db: Database, client_id: int) -> Client | None:
    row = db.conn.execute("SELECT * FROM clients WHERE id = ?", (client_id,)).fetchone()
    return rows.client(row) if row else None


def clients_starting(db: Database, prefix: str) -> list[Client]:
    """Clients whose name (compared as :func:`name_key` does) starts with ``prefix``."""
    key = name_key(prefix)
    if not key:
        return []
    return [rows.client(r) for r in _client_rows(db) if name_key(r["name"]).startswith(key)]


def closest_client_names(db: Database, name: str, n: int = 3) -> list[str]:
    """Up to ``n`` existing names closest to ``name``, the closest first.

    A name is close when it, or its beginning, reads much like ``name``:
    'alise' suggests 'Alice Smith'.
    """
    from difflib import SequenceMatcher

    wanted = name_key(name)
    scored: list[tuple[float, int, str]] = []
    for r in _client_rows(db):
        key = name_key(r["name"])
        score = max(SequenceMatcher(None, wanted, key).ratio(),
                    SequenceMatcher(None, wanted, key[: len(wanted)]).ratio())
        if score >= 0.6:
            scored.append((-score, r["id"], r["name"]))
    return [found for _, _, found in sorted(scored)[:n]]


def client_names(db: Database) -> list[str]:
    return [r[0] for r in db.conn.execute("SELECT name FROM clients ORDER BY name")]


def client_state(db: Database, client_id: int) -> tuple[str, str | None] | None:
    """(name, archived_on) of a client."""
    row = db.conn.execute("SELECT name, archived_on FROM clients WHERE id = ?", (client_id,)).fetchone()
    return (row[0], row[1]) if row else None


def client_summaries(db: Database, *, include_archived: bool,
                     today: date | None = None) -> list[ClientSummary]:
    """Each client with their goals active as of ``today`` and the last day they were in touch.

    Contact is the day an entry was recorded, not the day it is about: a
    backfill entered today is contact today.
    """
    found = db.conn.execute(
        """
        SELECT c.*,
          (SELECT count(*) FROM goals g WHERE g.client_id = c.id AND coalesce(
             (SELECT y.status FROM status_changes y WHERE y.goal_id = g.id AND y.on_date <= :today
              ORDER BY y.on_date DESC, y.created_at DESC, y.uuid DESC LIMIT 1), g.status) = 'active')
            AS active_goals,
          max(
            coalesce((SELECT max(a.recorded_on) FROM actions a JOIN steps s ON s.id = a.step_id
                      JOIN goals g ON g.id = s.goal_id WHERE g.client_id = c.id
                      AND a.recorded_on <= :today), ''),
            coalesce((SELECT max(k.recorded_on) FROM checkins k WHERE k.client_id = c.id
                      AND k.recorded_on <= :today), '')
          ) AS last_activity
        FROM clients c
        WHERE :archived OR c.archived_on IS NULL
        ORDER BY c.name
        """,
        {"archived": include_archived, "today": today.isoformat() if today else _LATEST},
    ).fetchall()
    return [
        ClientSummary(
            rows.client(r),
            r["active_goals"],
            date.fromisoformat(r["last_activity"]) if r["last_activity"] else None,
        )
        for r in found
    ]


# ---------------------------------------------------------------- goals

#: A goal with its status as of ``:today`` (its latest change on or before it; the
#: ``goals`` columns cache the latest of all, which may be dated ahead) and the
#: next change after it, if one is planned.
_GOAL_SELECT = """
    SELECT g.id, g.uuid, g.client_id, g.title, g.why, g.target_date, g.should,
      coalesce(x.status, g.status) AS status, coalesce(x.on_date, g.status_on) AS status_on,
      CASE WHEN x.id IS NULL THEN g.drop_reason WHEN x.status = 'dropped' THEN x.reason END
        AS drop_reason,
      c.name AS client,
      (SELECT r.importance FROM ratings r WHERE r.goal_id = g.id AND r.importance IS NOT NULL
        ORDER BY r.on_date DESC, r.created_at DESC, r.uuid DESC LIMIT 1) AS importance,
      (SELECT r.confidence FROM ratings r WHERE r.goal_id = g.id AND r.confidence IS NOT NULL
        ORDER BY r.on_date DESC, r.created_at DESC, r.uuid DESC LIMIT 1) AS confidence,
      (SELECT y.status || ' ' || y.on_date FROM status_changes y WHERE y.goal_id = g.id
        AND y.on_date > :today ORDER BY y.on_date, y.created_at, y.uuid LIMIT 1) AS upcoming
    FROM goals g JOIN clients c ON c.id = g.client_id
    LEFT JOIN status_changes x ON x.id = (SELECT y.id FROM status_changes y WHERE y.goal_id = g.id
        AND y.on_date <= :today ORDER BY y.on_date DESC, y.created_at DESC, y.uuid DESC LIMIT 1)
"""

#: As of no particular day: every change counts, the latest included.
_LATEST = "9999-12-31"


def goal(db: Database, goal_id: int, *, today: date | None = None) -> Goal | None:
    """One goal, its status as of ``today`` (None: as of its latest change)."""
    if not id_in_range(goal_id):  # no such record, and SQLite cannot bind past 64 bits
        return None
    day = today.isoformat() if today else _LATEST
    row = db.conn.execute(_GOAL_SELECT + " WHERE g.id = :id", {"id": goal_id, "today": day}).fetchone()
    return rows.goal(row) if row else None


def goals(db: Database, client_id: int | None, *, status: str | None = None,
          today: date | None = None) -> list[Goal]:
    """Goals of one client, or (``client_id`` None) of every active client, status as of ``today``."""
    where: list[str] = ["c.archived_on IS NULL"] if client_id is None else ["g.client_id = :client"]
    params: dict[str, object] = {"client": client_id, "today": today.isoformat() if today else _LATEST}
    if status and status != "all":
        where.append("coalesce(x.status, g.status) = :status")
        params["status"] = status
    sql = _GOAL_SELECT + " WHERE " + " AND ".join(where) + " ORDER BY c.name, g.id"
    return [rows.goal(r) for r in db.conn.execute(sql, params)]


def goal_client_id(db: Database, goal_id: int) -> int:
    return int(db.conn.execute("SELECT client_id FROM goals WHERE id = ?", (goal_id,)).fetchone()[0])


def ratings(db: Database, goal_id: int) -> list[Rating]:
    return [
        Rating(r["id"], r["goal_id"], date.fromisoformat(r["on_date"]), r["importance"],
               r["confidence"], r["note"])
        for r in db.conn.execute(
            "SELECT * FROM ratings WHERE goal_id = ? ORDER BY on_date, created_at, uuid", (goal_id,)
        )
    ]


def status_history(db: Database, goal_id: int) -> list[tuple[date, str, str | None]]:
    return [
        (date.fromisoformat(r["on_date"]), r["status"], r["reason"])
        for r in db.conn.execute(
            "SELECT on_date, status, reason FROM status_changes WHERE goal_id = ?"
            " ORDER BY on_date, created_at, uuid",
            (goal_id,),
        )
    ]


# ---------------------------------------------------------------- steps

_STEP_SELECT = """
    SELECT s.*, g.title AS goal_title, c.name AS client,
      (SELECT date(max(p.ends_on), '+1 day') FROM step_plans p WHERE p.step_id = s.id) AS plan_from
    FROM steps s JOIN goals g ON g.id = s.goal_id JOIN clients c ON c.id = g.client_id
"""


def step(db: Database, step_id: int) -> Step | None:
    if not id_in_range(step_id):
        return None
    row = db.conn.execute(_STEP_SELECT + " WHERE s.id = ?", (step_id,)).fetchone()
    return rows.step(row) if row else None


def steps(
    db: Database, client_id: int | None, *, goal_id: int | None = None, include_dropped: bool = False
) -> list[Step]:
    """Steps of one goal, else of one client, else (both None) of every active client."""
    where: list[str] = []
    params: list[object] = []
    if goal_id is not None:
        where.append("s.goal_id = ?")
        params.append(goal_id)
    elif client_id is None:
        where.append("c.archived_on IS NULL")
    else:
        where.append("g.client_id = ?")
        params.append(client_id)
    if not include_dropped:
        where.append("s.status = 'active'")
    sql = _STEP_SELECT + " WHERE " + " AND ".join(where) + " ORDER BY c.name, s.goal_id, s.id"
    return [rows.step(r) for r in db.conn.execute(sql, params)]


# ---------------------------------------------------------------- check-ins


#: A check-in's own columns but its commitments (records of their own, read by :func:`texts_of`).
CHECKIN_COLUMNS = ("k.id, k.client_id, k.on_date, k.mood, k.wins, k.obstacles, k.note, k.session, k.sure,"
                   " k.next_session_on, k.change_talk, k.sustain_talk")


def checkin(db: Database, checkin_id: int) -> Checkin:
    row = db.conn.execute(
        f"SELECT {CHECKIN_COLUMNS}, {texts_of('k')} AS commitments, c.name AS client FROM checkins k"
        " JOIN clients c ON c.id = k.client_id WHERE k.id = ?",
        (checkin_id,),
    ).fetchone()
    return rows.checkin(row)


def last_session(db: Database, client_id: int, on_or_before: date) -> date | None:
    """The date of the client's last check-in marked as a session."""
    row = db.conn.execute(
        "SELECT max(on_date) FROM checkins WHERE client_id = ? AND session = 1 AND on_date <= ?",
        (client_id, on_or_before.isoformat()),
    ).fetchone()
    return date.fromisoformat(row[0]) if row[0] else None


def session_days(db: Database, client_id: int, on_or_before: date) -> list[date]:
    """The days of the client's check-ins marked as sessions, up to a day, oldest first."""
    return [
        date.fromisoformat(r[0]) for r in db.conn.execute(
            "SELECT DISTINCT on_date FROM checkins WHERE client_id = ? AND session = 1 AND on_date <= ?"
            " ORDER BY on_date", (client_id, on_or_before.isoformat()))
    ]


def latest_commitments(
    db: Database, client_id: int, on_or_before: date
) -> tuple[date, list[str], int | None] | None:
    """(date, commitments, sure) of the latest check-in on or before a day that has any."""
    found = db.conn.execute(
        f"SELECT on_date, {texts_of('k')}, sure FROM checkins k WHERE client_id = ? AND on_date <= ?"
        f" AND {any_of('k')} ORDER BY on_date DESC, created_at DESC, uuid DESC LIMIT 1",
        (client_id, on_or_before.isoformat()),
    ).fetchone()
    if found is None:
        return None
    return date.fromisoformat(found[0]), rows.text_list(found[1], "checkins.commitments"), found[2]


def status_changes_between(
    db: Database, client_id: int, since: date, until: date
) -> list[tuple[int, str, str, date, str | None]]:
    """(goal id, goal title, status, date, reason) of a client's goals' status changes, in order.

    A goal's first ``active`` is ``new``; a later one is ``resumed``.
    """
    return [
        (r[0], r[1], r[2], date.fromisoformat(r[3]), r[4])
        for r in db.conn.execute(
            "SELECT g.id, g.title, CASE WHEN x.status <> 'active' THEN x.status"
            " WHEN x.id = (SELECT y.id FROM status_changes y WHERE y.goal_id = g.id"
            " ORDER BY y.on_date, y.created_at, y.uuid LIMIT 1) THEN 'new'"
            " ELSE 'resumed' END, x.on_date, x.reason FROM status_changes x"
            " JOIN goals g ON g.id = x.goal_id WHERE g.client_id = ? AND x.on_date BETWEEN ? AND ?"
            " ORDER BY x.on_date, x.created_at, x.uuid",
            (client_id, since.isoformat(), until.isoformat()),
        )
    ]


# ---------------------------------------------------------------- timeline


def timeline(
    db: Database, client_id: int | None, *, since: date | None, until: date | None
) -> list[TimelineEntry]:
    """Actions, ratings, status changes and check-ins, oldest first.

    ``client_id`` None: every active client.
    """
    scope = "c.archived_on IS NULL" if client_id is None else "c.id = :client"
    sql = f"""
    SELECT * FROM (
      SELECT a.on_date, a.kind, c.name AS client, g.id AS goal_id, s.id AS step_id,
             {title_on("s", "a.on_date")} AS subject, a.created_at, a.count, a.note,
             NULL AS importance, NULL AS confidence, NULL AS mood,
             NULL AS wins, NULL AS obstacles, NULL AS commitments, 'a' || a.id AS ref,
             a.amount, CASE WHEN a.amount IS NOT NULL THEN {schedule_on("s", "a.on_date")} END AS plan,
             NULL AS sure, NULL AS outcome, NULL AS outcome_on, NULL AS due_date
      FROM actions a JOIN steps s ON s.id = a.step_id JOIN goals g ON g.id = s.goal_id
      JOIN clients c ON c.id = g.client_id WHERE {scope}
      UNION ALL
      SELECT r.on_date, 'rating', c.name, g.id, NULL, g.title, r.created_at, 1, r.note,
             r.importance, r.confidence, NULL, NULL, NULL, NULL, 'r' || r.id,
             NULL, NULL, NULL, NULL, NULL, NULL
      FROM ratings r JOIN goals g ON g.id = r.goal_id JOIN clients c ON c.id = g.client_id
      WHERE {scope}
      UNION ALL
      SELECT x.on_date, 'goal ' || x.status, c.name, g.id, NULL, g.title, x.created_at, 1, x.reason,
             NULL, NULL, NULL, NULL, NULL, NULL, 's' || x.id, NULL, NULL, NULL, NULL, NULL, NULL
      FROM status_changes x JOIN goals g ON g.id = x.goal_id JOIN clients c ON c.id = g.client_id
      WHERE {scope}
      UNION ALL
      SELECT k.on_date, CASE WHEN k.session THEN 'session' ELSE 'check-in' END, c.name, NULL,
             NULL, '', k.created_at, 1, k.note, NULL, NULL, k.mood,
             k.wins, k.obstacles, NULL, 'c' || k.id, NULL, NULL, NULL, NULL, NULL, NULL
      FROM checkins k JOIN clients c ON c.id = k.client_id WHERE {scope}
      UNION ALL
      SELECT k.on_date, 'commitment', c.name, NULL, s.id, coalesce(s.title, ''), m.created_at, 1,
             m.text, NULL, NULL, NULL, NULL, NULL, NULL, 'k' || m.id, NULL, NULL, m.sure, m.outcome,
             m.outcome_on, m.due_date
      FROM commitments m JOIN checkins k ON k.id = m.checkin_id JOIN clients c ON c.id = k.client_id
      LEFT JOIN steps s ON s.uuid = m.step_uuid
           AND s.goal_id IN (SELECT g.id FROM goals g WHERE g.client_id = k.client_id)
      WHERE {scope}
    )
    WHERE (:since IS NULL OR on_date >= :since) AND (:until IS NULL OR on_date <= :until)
    ORDER BY on_date, created_at, kind NOT LIKE 'goal %'
    """
    params = {
        "client": client_id,
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
    }

    def texts(value: str | None, column: str) -> tuple[str, ...]:
        return tuple(rows.text_list(value, f"checkins.{column}"))

    return [
        TimelineEntry(
            on_date=date.fromisoformat(r["on_date"]),
            kind=r["kind"],
            client=r["client"],
            goal_id=r["goal_id"],
            step_id=r["step_id"],
            subject=r["subject"],
            created_at=r["created_at"],
            times=r["count"],
            note=r["note"],
            importance=r["importance"],
            confidence=r["confidence"],
            mood=r["mood"],
            wins=texts(r["wins"], "wins"),
            obstacles=texts(r["obstacles"], "obstacles"),
            commitments=texts(r["commitments"], "commitments"),
            ref=r["ref"],
            amount=r["amount"],
            plan=r["plan"],
            sure=r["sure"],
            outcome=r["outcome"],
            outcome_on=date.fromisoformat(r["outcome_on"]) if r["outcome_on"] else None,
            due_date=date.fromisoformat(r["due_date"]) if r["due_date"] else None,
        )
        for r in db.conn.execute(sql, params).fetchall()
    ]


def active_client_ids(db: Database) -> list[int]:
    return [r[0] for r in db.conn.execute("SELECT id FROM clients WHERE archived_on IS NULL ORDER BY name")]
