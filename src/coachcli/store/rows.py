"""Database rows turned into the domain's plain records."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from typing import cast

from coachcli.domain.records import Checkin, Client, Goal, GoalStatus, Step
from coachcli.errors import DatabaseError


def _d(value: object) -> date | None:
    return date.fromisoformat(str(value)) if value else None


def damaged(where: str, what: str) -> DatabaseError:
    """A value in our own tables that is not what we wrote (edited by hand, or damaged)."""
    return DatabaseError(
        f"the database holds a damaged value in {where}: {what}; correct it (sqlite3, "
        "sqlite-utils) or restore a backup"
    )


def text_list(value: object, where: str) -> list[str]:
    """A stored JSON list of texts (wins, obstacles, commitments)."""
    if value is None or value == "":
        return []
    try:
        found = json.loads(str(value))
    except ValueError:
        raise damaged(where, "not JSON") from None
    if not isinstance(found, list) or not all(isinstance(t, str) for t in found):
        raise damaged(where, "not a JSON list of texts")
    return found


def client(r: sqlite3.Row) -> Client:
    return Client(r["id"], r["uuid"], r["name"], r["note"], _d(r["archived_on"]), r["created_at"],
                  _d(r["started_on"]) or _d(r["created_at"][:10]))


def goal(r: sqlite3.Row) -> Goal:
    keys = r.keys()
    return Goal(
        id=r["id"],
        uuid=r["uuid"],
        client_id=r["client_id"],
        client=r["client"],
        title=r["title"],
        why=r["why"],
        target_date=_d(r["target_date"]),
        should=bool(r["should"]),
        status=r["status"],
        status_on=date.fromisoformat(r["status_on"]),
        drop_reason=r["drop_reason"],
        importance=r["importance"] if "importance" in keys else None,
        confidence=r["confidence"] if "confidence" in keys else None,
        upcoming=_upcoming(r["upcoming"]) if "upcoming" in keys else None,
    )


def _upcoming(text: str | None) -> tuple[GoalStatus, date] | None:
    """``"paused 2026-12-14"`` -> ("paused", 2026-12-14): a goal's next change, planned ahead."""
    if not text:
        return None
    status, _, day = text.partition(" ")
    return cast("GoalStatus", status), date.fromisoformat(day)


def step(r: sqlite3.Row) -> Step:
    return Step(
        id=r["id"],
        uuid=r["uuid"],
        goal_id=r["goal_id"],
        goal_title=r["goal_title"],
        client=r["client"],
        title=r["title"],
        schedule=r["schedule"],
        due_date=_d(r["due_date"]),
        start_date=date.fromisoformat(r["start_date"]),
        until_date=_d(r["until_date"]),
        status=r["status"],
        dropped_on=_d(r["dropped_on"]),
        plan_from=_d(r["plan_from"]) if "plan_from" in r.keys() else None,  # noqa: SIM118
    )


def checkin(r: sqlite3.Row) -> Checkin:
    return Checkin(
        id=r["id"],
        client=r["client"],
        on_date=date.fromisoformat(r["on_date"]),
        mood=r["mood"],
        wins=text_list(r["wins"], f"checkins.wins (check-in {r['id']})"),
        obstacles=text_list(r["obstacles"], f"checkins.obstacles (check-in {r['id']})"),
        commitments=text_list(r["commitments"], f"checkins.commitments (check-in {r['id']})"),
        note=r["note"],
        session=bool(r["session"]),
        sure=r["sure"],
        next_session_on=_d(r["next_session_on"]),
        change_talk=text_list(r["change_talk"], f"checkins.change_talk (check-in {r['id']})"),
        sustain_talk=text_list(r["sustain_talk"], f"checkins.sustain_talk (check-in {r['id']})"),
    )
