"""The coachcli export format, version 1: what a record looks like on the outside.

One table spec per record table says which columns a record carries and how
to check them. Export, import and the CSV writer all read these specs, so the
format is described in exactly one place (and in ``docs/data.md``).

Outside the database a record never points at an integer id: references are
by UUID (``goal.client_uuid``, ``step.goal_uuid``, ``action.step_uuid``...),
so two databases can be merged. The integer ``id`` is carried along only so
that a restore into an empty database keeps the ids people know.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from coachcli.limits import MAX_COUNT

FORMAT_NAME = "coachcli-export"
FORMAT_VERSION = 1

Kind = Literal["text", "line", "date", "int", "amount", "bool", "enum", "list", "schedule", "uuid"]
#: The kinds held as numbers, locally and on the hub; every other kind is text. A sync reads
#: numbers whole and text only up to its bound (a test holds the hub's columns to this).
NUMBER_KINDS: frozenset[Kind] = frozenset({"int", "amount", "bool"})


@dataclass(frozen=True, slots=True)
class Field:
    """One data column: its kind, and whether it may be null."""

    name: str
    kind: Kind
    required: bool = False
    choices: tuple[str, ...] = ()
    low: int | None = None
    high: int | None = None


@dataclass(frozen=True)
class TableSpec:
    """A record table: its data fields and the parent it belongs to, if any."""

    name: str
    label: tuple[str, str]  # singular, plural: for summaries
    fields: tuple[Field, ...]
    parent_table: str | None = None
    parent_column: str | None = None  # the integer foreign key in the database

    @cached_property
    def parent_key(self) -> str | None:
        """The reference in the export, e.g. ``client_uuid`` for ``client_id``."""
        if self.parent_column is None:
            return None
        return self.parent_column.removesuffix("_id") + "_uuid"

    @cached_property
    def columns(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @cached_property
    def keys(self) -> tuple[str, ...]:
        """A record's keys in the export, in order."""
        parent = (self.parent_key,) if self.parent_key else ()
        return ("uuid", "id", *parent, *self.columns, "created_at", "updated_at")


_GOAL_STATUS = ("active", "paused", "achieved", "dropped")
#: What a group member lets peers see, most private first.
CONSENT_LEVELS = ("none", "totals", "named")

#: In dependency order: a table's parent always comes before it.
TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "clients",
        ("client", "clients"),
        (
            Field("name", "line", required=True),
            Field("note", "text"),
            Field("archived_on", "date"),
            Field("started_on", "date"),
        ),
    ),
    TableSpec(
        "goals",
        ("goal", "goals"),
        (
            Field("title", "text", required=True),
            Field("why", "text"),
            Field("target_date", "date"),
            Field("should", "bool", required=True),
            Field("status", "enum", required=True, choices=_GOAL_STATUS),
            Field("status_on", "date", required=True),
            Field("drop_reason", "text"),
        ),
        "clients",
        "client_id",
    ),
    TableSpec(
        "status_changes",
        ("status change", "status changes"),
        (
            Field("status", "enum", required=True, choices=_GOAL_STATUS),
            Field("on_date", "date", required=True),
            Field("reason", "text"),
        ),
        "goals",
        "goal_id",
    ),
    TableSpec(
        "ratings",
        ("rating", "ratings"),
        (
            Field("on_date", "date", required=True),
            Field("importance", "int", low=0, high=10),
            Field("confidence", "int", low=0, high=10),
            Field("note", "text"),
        ),
        "goals",
        "goal_id",
    ),
    TableSpec(
        "steps",
        ("step", "steps"),
        (
            Field("title", "text", required=True),
            Field("schedule", "schedule"),
            Field("due_date", "date"),
            Field("start_date", "date", required=True),
            Field("until_date", "date"),
            Field("status", "enum", required=True, choices=("active", "dropped")),
            Field("dropped_on", "date"),
        ),
        "goals",
        "goal_id",
    ),
    TableSpec(
        "step_plans",
        ("earlier plan", "earlier plans"),
        (
            Field("ends_on", "date", required=True),
            Field("schedule", "schedule"),
            Field("due_date", "date"),
            Field("start_date", "date", required=True),
            Field("until_date", "date"),
            Field("title", "text"),
        ),
        "steps",
        "step_id",
    ),
    TableSpec(
        "actions",
        ("action", "actions"),
        (
            Field("kind", "enum", required=True, choices=("done", "missed", "skipped")),
            Field("on_date", "date", required=True),
            Field("count", "int", required=True, low=1, high=MAX_COUNT),
            Field("note", "text"),
            Field("recorded_on", "date"),
            Field("amount", "amount"),
        ),
        "steps",
        "step_id",
    ),
    TableSpec(
        "checkins",
        ("check-in", "check-ins"),
        (
            Field("on_date", "date", required=True),
            Field("mood", "int", low=1, high=5),
            Field("wins", "list", required=True),
            Field("obstacles", "list", required=True),
            Field("commitments", "list", required=True),
            Field("note", "text"),
            Field("session", "bool", required=True),
            Field("sure", "int", low=0, high=10),
            Field("recorded_on", "date"),
            Field("next_session_on", "date"),
            Field("change_talk", "list"),
            Field("sustain_talk", "list"),
        ),
        "clients",
        "client_id",
    ),
    TableSpec(
        "commitments",
        ("commitment", "commitments"),
        (
            Field("text", "text", required=True),
            Field("sure", "int", low=0, high=10),
            Field("due_date", "date"),
            Field("step_uuid", "uuid"),
            Field("outcome", "enum", choices=("kept", "partly", "not_kept")),
            Field("outcome_on", "date"),
        ),
        "checkins",
        "checkin_id",
    ),
    TableSpec(
        "groups",
        ("group", "groups"),
        (
            Field("name", "line", required=True),
            Field("note", "text"),
            Field("archived_on", "date"),
        ),
    ),
    TableSpec(
        "group_members",
        ("group membership", "group memberships"),
        (
            Field("group_uuid", "uuid", required=True),
            Field("joined_on", "date", required=True),
            Field("left_on", "date"),
        ),
        "clients",
        "client_id",
    ),
    TableSpec(
        "group_consents",
        ("group consent", "group consents"),
        (
            Field("group_uuid", "uuid", required=True),
            Field("on_date", "date", required=True),
            Field("level", "enum", required=True, choices=CONSENT_LEVELS),
            Field("pseudonym", "line"),
        ),
        "clients",
        "client_id",
    ),
    TableSpec(
        "group_challenges",
        ("group challenge", "group challenges"),
        (
            Field("title", "text", required=True),
            Field("schedule", "schedule", required=True),
            Field("start_date", "date", required=True),
            Field("sensitive", "bool", required=True),
        ),
        "groups",
        "group_id",
    ),
    TableSpec(
        "group_steps",
        ("challenge step", "challenge steps"),
        (Field("challenge_uuid", "uuid", required=True),),
        "steps",
        "step_id",
    ),
    TableSpec(
        "group_sessions",
        ("group session", "group sessions"),
        (
            Field("on_date", "date", required=True),
            Field("note", "text"),
        ),
        "groups",
        "group_id",
    ),
)

SPECS: dict[str, TableSpec] = {t.name: t for t in TABLES}


def plural(spec: TableSpec, n: int) -> str:
    return f"{n} {spec.label[0] if n == 1 else spec.label[1]}"
