"""The demo's tables as it builds them: compact drafts, then rows with final ids.

Ids follow the order things happened across the whole caseload, as in a
database that was used day by day, so one client's rows are spread through
each table rather than stored together. Everything, uuids and timestamps
included, comes from seeded :class:`random.Random` instances.
"""

# Seeded, reproducible randomness is the point here; nothing in this module is secret.
# ruff: noqa: S311

from __future__ import annotations

import random
from array import array
from collections.abc import Iterator
from datetime import date
from operator import itemgetter

from coachcli.domain.schedule import Schedule, parse_schedule
from coachcli.errors import InputError

Row = tuple[object, ...]

#: Column order of the tuples :func:`generate` yields, per table, in insert order.
COLUMNS: dict[str, tuple[str, ...]] = {
    "clients": ("id", "name", "note", "archived_on", "uuid", "created_at", "updated_at"),
    "goals": (
        "id", "client_id", "title", "why", "target_date", "should", "status", "status_on",
        "drop_reason", "uuid", "created_at", "updated_at",
    ),
    "status_changes": (
        "id", "goal_id", "status", "on_date", "reason", "uuid", "created_at", "updated_at",
    ),
    "ratings": (
        "id", "goal_id", "on_date", "importance", "confidence", "note", "uuid", "created_at",
        "updated_at",
    ),
    "steps": (
        "id", "goal_id", "title", "schedule", "due_date", "start_date", "until_date", "status",
        "dropped_on", "uuid", "created_at", "updated_at",
    ),
    "actions": (
        "id", "step_id", "kind", "on_date", "count", "note", "uuid", "created_at", "updated_at",
    ),
    "checkins": (
        "id", "client_id", "on_date", "mood", "wins", "obstacles", "commitments", "note",
        "session", "uuid", "created_at", "updated_at", "sure",
    ),
}  # fmt: skip


EPOCH = date(1970, 1, 1).toordinal()
_TIMES = [f"T{m // 60:02d}:{m % 60:02d}:00.000Z" for m in range(24 * 60)]
#: Drafts are sorted by one int: (day, minute) above this many sequence numbers.
_SEQ = 1 << 32
#: An action is one int: (minute, step) << 10 | kind << 8 | note, bucketed by day.
STEP_BITS = 23
_KINDS = ("done", "missed", "skipped")
DONE, MISSED, SKIPPED = range(3)
_RAND_B = (1 << 62) - 1


def seeded_uuid(rng: random.Random, ms: int) -> str:
    """An RFC 9562 version-7 UUID for a record created at ``ms`` (Unix milliseconds).

    Time-ordered, so a table filled in time order appends to its unique
    uuid index instead of inserting all over it (half the cost of a bulk
    build otherwise); the 74 other bits come from the seeded ``rng``.
    """
    r = rng.getrandbits(74)
    n = ms << 80 | 0x7 << 76 | (r >> 62) << 64 | 0b10 << 62 | (r & _RAND_B)
    h = f"{n:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


class Tables:
    """Every table's drafts, and its rows in :data:`COLUMNS` order once :meth:`finish` ran."""

    def __init__(self, *, seed: int, days: int, end: date) -> None:
        self.seed = seed
        self.end = end
        self.last = end.toordinal()
        self.first = self.last - days + 1
        self.span = days
        self.iso = [date.fromordinal(n).isoformat() for n in range(self.first, self.last + 1)]
        self._client_rows: list[Row] = []
        # Drafts: (sort key, values); goals and steps carry provisional ids.
        self._drafts: dict[str, list[tuple[int, tuple[object, ...]]]] = {t: [] for t in COLUMNS}
        self._seq = 0
        self._prov = 0
        # Actions, by far the most numerous, are 8 bytes each until written.
        self._actions = [array("q") for _ in range(days)]
        self._notes: list[str | None] = [None]
        self._note_index: dict[str | None, int] = {None: 0}
        self._schedules: dict[str, Schedule] = {}
        self._final: dict[str, dict[object, int]] = {"goals": {}, "steps": {}}

    def rows(self, table: str) -> Iterator[Row]:
        """The table's rows with final ids, uuids and timestamps, oldest first."""
        if table == "clients":
            yield from self._client_rows
            return
        if table == "actions":
            yield from self._action_rows()
            return
        uids = random.Random(f"coachcli-demo-uuid:{self.seed}:{self.end}:{self.span}:{table}")
        goal_id = self._final["goals"]
        iso, first, times = self.iso, self.first, _TIMES
        for row_id, (key, v) in enumerate(self._drafts[table], start=1):
            day, minute = divmod(key // _SEQ, 1440)
            ms = ((first + day - EPOCH) * 1440 + minute) * 60_000
            uid = seeded_uuid(uids, ms)
            on = iso[day]
            ts = on + times[minute]
            if table == "goals":
                yield (row_id, *v[1:9], uid, ts, v[9])
            elif table == "steps":
                yield (row_id, goal_id[v[1]], v[2], v[3], v[4], on, *v[5:8], uid, ts, v[8])
            elif table == "checkins":
                yield (row_id, v[0], on, *v[1:7], uid, ts, ts, v[7])
            elif table == "status_changes":
                yield (row_id, goal_id[v[0]], v[1], on, v[2], uid, ts, ts)
            else:  # ratings
                yield (row_id, goal_id[v[0]], on, *v[1:], uid, ts, ts)

    def _action_rows(self) -> Iterator[Row]:
        uids = random.Random(f"coachcli-demo-uuid:{self.seed}:{self.end}:{self.span}:actions")
        step_id, notes = self._final["steps"], self._notes
        mask = (1 << STEP_BITS) - 1
        row_id = 0
        for day, bucket in enumerate(self._actions):
            on = self.iso[day]
            ms_day = (self.first + day - EPOCH) * 86_400_000
            for code in sorted(bucket):
                row_id += 1
                minute, step = code >> (10 + STEP_BITS), (code >> 10) & mask
                ts = on + _TIMES[minute]
                yield (
                    row_id, step_id[step], _KINDS[(code >> 8) & 3], on, 1, notes[code & 0xFF],
                    seeded_uuid(uids, ms_day + minute * 60_000), ts, ts,
                )

    def count(self, table: str) -> int:
        if table == "clients":
            return len(self._client_rows)
        if table == "actions":
            return sum(len(b) for b in self._actions)
        return len(self._drafts[table])

    # ------------------------------------------------------------ assembling

    def _key(self, n: int, minute: int, seq: int | None = None) -> int:
        if seq is None:
            self._seq += 1
            seq = self._seq
        return ((n - self.first) * 1440 + minute) * _SEQ + seq

    def _draft(self, table: str, n: int, minute: int, *values: object) -> None:
        self._drafts[table].append((self._key(n, minute), values))

    def _new_id(self) -> int:
        """A provisional goal or step id, unique in the caseload."""
        self._prov += 1
        if self._prov >> STEP_BITS:
            raise InputError("the demo is too large to build: use fewer --clients or --days")
        return self._prov

    def finish(self) -> None:
        """Sort every table by when things happened and number the rows in that order."""
        for drafts in self._drafts.values():
            drafts.sort(key=itemgetter(0))
        # Goals and steps were drafted as (key, provisional id, ...).
        for table in ("goals", "steps"):
            self._final[table] = {v[0]: i for i, (_, v) in enumerate(self._drafts[table], start=1)}

    def day(self, n: int) -> str:
        i = n - self.first
        return self.iso[i] if 0 <= i < self.span else date.fromordinal(n).isoformat()

    def stamp(self, n: int, minute: int) -> str:
        return self.day(n) + _TIMES[minute]

    def schedule(self, text: str) -> Schedule:
        s = self._schedules.get(text)
        if s is None:
            s = self._schedules[text] = parse_schedule(text)
        return s

