"""Database rows turned into the domain's plain records."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

from coachcli.domain.records import Checkin, Client, Goal, Step


def _d(value: object) -> date | None:
    return date.fromisoformat(str(value)) if value else None


def client(r: sqlite3.Row) -> Client:
    return Client(r["id"], r["uuid"], r["name"], r["note"], _d(r["archived_on"]), r["created_at"])


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
    )


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
    )


def checkin(r: sqlite3.Row) -> Checkin:
    return Checkin(
        id=r["id"],
        client=r["client"],
        on_date=date.fromisoformat(r["on_date"]),
        mood=r["mood"],
        wins=list(json.loads(r["wins"])),
        obstacles=list(json.loads(r["obstacles"])),
        commitments=list(json.loads(r["commitments"])),
        note=r["note"],
        session=bool(r["session"]),
    )
