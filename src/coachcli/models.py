"""Plain records as the domain sees them, read from database rows.

Dates of events are ``datetime.date``; timestamps stay ISO text because they
are only ever compared and shown. They are ``NamedTuple``s rather than
dataclasses because every write command imports them: creating the seven
classes as frozen dataclasses cost ~7 ms of startup, as named tuples ~0.5 ms.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from typing import Literal, NamedTuple

GoalStatus = Literal["active", "paused", "achieved", "dropped"]
ActionKind = Literal["done", "missed", "skipped"]


def _d(value: object) -> date | None:
    return date.fromisoformat(str(value)) if value else None


class Client(NamedTuple):
    id: int
    uuid: str
    name: str
    note: str | None
    archived_on: date | None
    created_at: str

    @classmethod
    def from_row(cls, r: sqlite3.Row) -> Client:
        return cls(r["id"], r["uuid"], r["name"], r["note"], _d(r["archived_on"]), r["created_at"])


class Goal(NamedTuple):
    id: int
    uuid: str
    client_id: int
    client: str
    title: str
    why: str | None
    target_date: date | None
    should: bool
    status: GoalStatus
    status_on: date
    drop_reason: str | None
    importance: int | None = None
    confidence: int | None = None

    @classmethod
    def from_row(cls, r: sqlite3.Row) -> Goal:
        keys = r.keys()
        return cls(
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


class Step(NamedTuple):
    id: int
    uuid: str
    goal_id: int
    goal_title: str
    client: str
    title: str
    schedule: str | None
    due_date: date | None
    start_date: date
    until_date: date | None
    status: Literal["active", "dropped"]
    dropped_on: date | None

    @classmethod
    def from_row(cls, r: sqlite3.Row) -> Step:
        return cls(
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


class Rating(NamedTuple):
    id: int
    goal_id: int
    on_date: date
    importance: int | None
    confidence: int | None
    note: str | None


class Checkin(NamedTuple):
    id: int
    client: str
    on_date: date
    mood: int | None
    wins: list[str]
    obstacles: list[str]
    commitments: list[str]
    note: str | None = None
    session: bool = False

    @classmethod
    def from_row(cls, r: sqlite3.Row) -> Checkin:
        return cls(
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


class TimelineEntry(NamedTuple):
    """One line of ``coach log``: an action, a rating, a status change or a check-in."""

    on_date: date
    kind: str
    client: str
    goal_id: int | None
    step_id: int | None
    subject: str
    detail: str
    created_at: str
