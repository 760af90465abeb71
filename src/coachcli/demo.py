"""A realistic demo caseload: generated from a seed, written in one bulk transaction.

``coach demo`` exists so that a new user sees every part of the product working
on data that looks like a coach's real caseload (streaks, slips, say-do gaps,
quiet clients, paused and achieved goals, misses with their reasons), and so
that the benchmarks have years of data for hundreds of clients to run on.

Two promises shape this module:

- **Deterministic.** Everything, uuids and timestamps included, comes from
  :class:`random.Random` instances seeded with the seed (and the end date), so
  one seed on one day gives byte-identical tables.
- **Fast at scale.** Rows are plain tuples with explicit ids, produced one
  client at a time and written with ``executemany`` inside one transaction;
  nothing goes through the per-row, journaled :class:`~coachcli.store.Tx` API.

Generation (:func:`generate`) is pure; :func:`build` writes it to a new
database.
"""

# Seeded, reproducible randomness is the point here; nothing in this module is secret.
# ruff: noqa: S311

from __future__ import annotations

import json
import math
import random
import sqlite3
import tempfile
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import Literal

from coachcli.errors import CoachError, DatabaseError, InputError
from coachcli.schedule import Schedule, parse_schedule
from coachcli.store import Database

MIN_CLIENTS, MAX_CLIENTS = 1, 10_000
MIN_DAYS, MAX_DAYS = 7, 3650

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
        "session", "uuid", "created_at", "updated_at",
    ),
}  # fmt: skip

Persona = Literal[
    "steady", "slipping", "say_do_gap", "quiet", "low_confidence", "improving", "typical",
    "finished",
]  # fmt: skip

#: What each persona shows, in the words the summary uses.
PERSONA_HINTS: dict[Persona, str] = {
    "steady": "consistent, long streaks, a goal just achieved",
    "slipping": "adherence slipping over the last weeks",
    "say_do_gap": "rates a goal 9/10 important but rarely acts on it",
    "quiet": "no action or check-in for 12+ days",
    "low_confidence": "low confidence; a paused goal, a step made smaller",
    "improving": "adherence improving lately",
    "typical": "ups and downs",
    "finished": "finished coaching (archived)",
}


# ---------------------------------------------------------------- the material


@dataclass(frozen=True, slots=True)
class StepIdea:
    """A recurring small step, and optionally the smaller one it can become."""

    title: str
    every: str
    smaller: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True)
class Theme:
    """A coaching theme: a goal, why it matters, its steps and what gets in the way."""

    key: str
    title: str
    why: str
    steps: tuple[StepIdea, ...]
    one_offs: tuple[tuple[str, int], ...]  # title, due this many days after the goal starts
    misses: tuple[str, ...]
    wins: tuple[str, ...]
    commitments: tuple[str, ...]
    achieved: str
    should: bool = False  # often set by someone else (a doctor, a partner)
    dated: bool = False  # usually has a target date


THEMES: tuple[Theme, ...] = (
    Theme(
        "running", "Run a 10k", "I want the energy to keep up with my kids",
        (StepIdea("Run 20 minutes", "mon,wed,fri"), StepIdea("Stretch for 10 minutes", "daily"),
         StepIdea("Long slow run", "weekly")),
        (("Sign up for the 10k race", 10), ("Buy proper running shoes", 5)),
        ("rain", "sore knee", "too dark after work", "late meeting"),
        ("Ran in the rain anyway", "Longest run so far: 7 km", "Ran without stopping for 30 minutes"),
        ("Lay out running clothes the night before", "Run with Sam on Saturday morning"),
        "Ran the whole 10k without stopping", dated=True,
    ),
    Theme(
        "sleep", "Sleep 7 hours most nights", "I'm sharper and kinder when I'm rested",
        (StepIdea("Screens off by 22:30", "daily"), StepIdea("In bed by 23:00", "weekdays"),
         StepIdea("No coffee after 2 pm", "daily")),
        (("Move the phone charger out of the bedroom", 3),),
        ("late meeting", "watched one more episode", "baby woke up", "couldn't switch off"),
        ("Slept 7 hours four nights in a row", "Woke up before the alarm"),
        ("Set a wind-down alarm for 22:00", "Leave the laptop in the study"),
        "Sleeping 7 hours on most nights for a month",
    ),
    Theme(
        "thesis", "Finish the thesis draft", "I want to graduate this year and get on with my life",
        (StepIdea("Write 300 words", "weekdays", ("Write 100 words", "weekdays")),
         StepIdea("Read and annotate one paper", "3/week"),
         StepIdea("Writing group", "tue")),
        (("Send chapter 2 to my supervisor", 21), ("Book the statistics advisor", 7)),
        ("teaching prep took the day", "couldn't focus", "supervisor feedback knocked me"),
        ("Finished the methods section", "Wrote 1,200 words this week"),
        ("Write first thing, before opening email", "Ask the writing group for a deadline"),
        "Submitted the full draft", dated=True,
    ),
    Theme(
        "job", "Move into a product management role",
        "My current job drains me and I want to build things people use",
        (StepIdea("Send two tailored applications", "3/week"),
         StepIdea("Reach out to one contact", "every 3 days"),
         StepIdea("Practise one interview question", "weekdays")),
        (("Update CV and LinkedIn", 7), ("Ask Maria for a referral", 14)),
        ("no energy after work", "felt discouraged after a rejection", "no good openings"),
        ("Got a first-round interview", "Had a great coffee chat with a PM"),
        ("Block Tuesday evening for applications", "Message two former colleagues"),
        "Accepted a product manager offer",
    ),
    Theme(
        "budget", "Build a 3,000 emergency fund", "My partner and I keep arguing about money",
        (StepIdea("Log every expense", "daily"), StepIdea("Review the week's spending", "weekly"),
         StepIdea("Cook instead of ordering in", "weekdays")),
        (("Cancel unused subscriptions", 5), ("Set up an automatic transfer", 10)),
        ("forgot", "lost the receipts", "impulse buy after a hard day"),
        ("Saved 250 this month", "Cancelled two subscriptions"),
        ("Check the banking app every evening", "Plan meals on Sunday"),
        "Emergency fund complete", should=True, dated=True,
    ),
    Theme(
        "spanish", "Hold a 10-minute conversation in Spanish",
        "To talk with my partner's family in Seville",
        (StepIdea("Practise on the app for 15 minutes", "daily"),
         StepIdea("Conversation class", "2/month"),
         StepIdea("Listen to a Spanish podcast", "every 3 days")),
        (("Book an online tutor", 10),),
        ("forgot", "too tired after work", "class cancelled"),
        ("Ordered dinner in Spanish", "Understood a whole podcast episode"),
        ("Practise on the bus to work", "Call Lucía in Spanish on Sunday"),
        "Chatted for 15 minutes with my partner's aunt",
    ),
    Theme(
        "meditation", "Meditate most days", "To stop snapping at people when I'm stressed",
        (StepIdea("Meditate for 10 minutes", "daily", ("Three mindful breaths", "daily")),
         StepIdea("Mindful walk", "weekends")),
        (("Download a meditation app", 2),),
        ("overslept", "kids up early", "forgot", "too restless"),
        ("Stayed calm in a tense meeting", "Meditated ten days in a row"),
        ("Meditate right after brushing my teeth", "Put the cushion by the bed"),
        "Meditation is a habit now",
    ),
    Theme(
        "family", "Be present with my family", "The kids are growing up fast and I'm missing it",
        (StepIdea("Phone-free dinner", "weekdays"), StepIdea("Family day out", "2/month"),
         StepIdea("Family outing", "RRULE:FREQ=MONTHLY;BYDAY=1SA")),
        (("Plan the summer holiday together", 14),),
        ("worked late", "kids were sick", "urgent call from work"),
        ("Board-game night was a hit", "Picked the kids up from school twice"),
        ("Put the phone in the drawer at 18:00", "Ask the kids to plan Saturday"),
        "Dinners are phone-free now",
    ),
    Theme(
        "alcohol", "Cut back on alcohol", "My doctor flagged my liver values",
        (StepIdea("Alcohol-free evening", "weekdays"), StepIdea("Log drinks", "daily")),
        (("Book the follow-up blood test", 30),),
        ("friend's birthday", "work drinks", "stressful day"),
        ("Alcohol-free all week", "Said no at the work party"),
        ("Buy alcohol-free beer for the weekend", "Tell friends about the plan"),
        "Blood test back to normal", should=True,
    ),
    Theme(
        "reading", "Read 12 books this year", "I miss the person I was when I read",
        (StepIdea("Read 20 pages", "daily", ("Read 5 pages", "daily")),
         StepIdea("Library visit", "2/month")),
        (("Join the neighbourhood book club", 14),),
        ("fell asleep", "too tired", "scrolled my phone instead"),
        ("Finished a novel in a week", "Read on the train instead of scrolling"),
        ("Keep the book on the pillow", "Read before checking the phone"),
        "Twelfth book finished", dated=True,
    ),
    Theme(
        "declutter", "Declutter the flat", "I want a home I can relax in",
        (StepIdea("Clear one shelf or drawer", "2/week"), StepIdea("Ten-minute tidy", "daily")),
        (("Take the bags to the charity shop", 14), ("Sell the old bike", 21)),
        ("guests over", "no energy", "couldn't decide what to keep"),
        ("The hallway is clear", "Sold the old bike"),
        ("Start with the kitchen drawer", "Fill one bag for the charity shop"),
        "Every room decluttered",
    ),
    Theme(
        "speaking", "Speak up in meetings", "My ideas get lost and I want to be seen at work",
        (StepIdea("Share one idea in a meeting", "tue,thu"),
         StepIdea("Prepare one talking point", "weekdays", ("Note one thought before meetings",
                                                           "mon,wed,fri"))),
        (("Volunteer to present at the team meeting", 14),),
        ("meeting cancelled", "nerves got the better of me", "someone said it first"),
        ("My manager picked up my suggestion", "Asked a question in the all-hands"),
        ("Speak in the first ten minutes", "Write the point down beforehand"),
        "Presented the project to the leadership team",
    ),
    Theme(
        "back", "Strengthen my back", "My physio says it's the only way to stop the pain returning",
        (StepIdea("Physio exercises", "daily"),
         StepIdea("Gym session", "3/week", ("20-minute gym session", "2/week")),
         StepIdea("Swim", "every 3 days")),
        (("Book a physio check-up", 21),),
        ("back was sore", "gym too crowded", "late meeting", "too tired after work"),
        ("No back pain this week", "Lifted the kids without thinking about it"),
        ("Do the exercises before breakfast", "Pack the gym bag the night before"),
        "Physio signed me off", should=True,
    ),
    Theme(
        "eating", "Eat more vegetables", "I want to feel lighter and set an example for the kids",
        (StepIdea("Cook a meal from scratch", "every 3 days"),
         StepIdea("Pack lunch for work", "weekdays"),
         StepIdea("Vegetables with every meal", "daily")),
        (("Order a veg box subscription", 7),),
        ("takeaway after a long day", "nothing in the fridge", "eating out with clients"),
        ("Tried three new recipes", "The kids ate the broccoli"),
        ("Shop with a list on Sunday", "Batch-cook on Sunday evening"),
        "Vegetables at every meal for a month",
    ),
    Theme(
        "piano", "Play the piano again", "Music was my thing before work took over",
        (StepIdea("Practise for 15 minutes", "mon,wed,fri", ("Play one piece", "mon,wed,fri")),
         StepIdea("Learn a new piece", "2/month")),
        (("Book a piano tuner", 10),),
        ("neighbours were asleep", "too tired", "forgot"),
        ("Played a whole Chopin nocturne", "Played for friends at dinner"),
        ("Leave the piano lid open", "Practise before dinner"),
        "Played at my friend's wedding",
    ),
    Theme(
        "side_project", "Launch my side project", "I want to know whether the idea works",
        (StepIdea("Work an hour on the app", "tue,thu,sat"),
         StepIdea("Write a build-in-public post", "weekly")),
        (("Buy the domain", 3), ("Show the prototype to five people", 30)),
        ("overtime at the day job", "stuck on a bug", "too tired after work"),
        ("First user signed up", "Shipped the login page"),
        ("Work on it before the day job", "Post the demo video on Friday"),
        "Launched to the first 100 users", dated=True,
    ),
    Theme(
        "friends", "See friends more often", "I've become isolated since moving here",
        (StepIdea("Message a friend", "every 3 days"), StepIdea("Meet someone in person", "2/month")),
        (("Join the climbing club", 14),),
        ("friend cancelled", "felt too shy", "busy week"),
        ("Climbing with new friends on Thursday", "Hosted dinner for four"),
        ("Invite a colleague for lunch", "Say yes to the next invitation"),
        "Have a circle of friends here now",
    ),
)  # fmt: skip

THEME_BY_KEY = {t.key: t for t in THEMES}

#: The first six clients show one persona each, on chosen themes.
SHOWCASE: tuple[tuple[Persona, tuple[str, ...]], ...] = (
    ("steady", ("running", "meditation", "reading")),
    ("slipping", ("thesis", "sleep")),
    ("say_do_gap", ("job", "spanish")),
    ("quiet", ("budget", "alcohol")),
    ("low_confidence", ("speaking", "back")),
    ("improving", ("family", "eating")),
)

#: Personas of the other clients, with weights.
_MIX: tuple[tuple[Persona, int], ...] = (
    ("typical", 55), ("steady", 8), ("slipping", 7), ("say_do_gap", 7), ("quiet", 6),
    ("low_confidence", 6), ("improving", 6), ("finished", 5),
)  # fmt: skip

FIRST_NAMES = (
    "Amara", "Ben", "Chloé", "Dmitri", "Elif", "Farah", "Gabriel", "Hana", "Ibrahim", "Jonas",
    "Kavya", "Liam", "Mei", "Nikolai", "Olu", "Priya", "Quinn", "Rosa", "Sami", "Tomás", "Uma",
    "Vera", "Wen", "Ximena", "Yusuf", "Zoe", "Aiko", "Bruno", "Carmen", "Dev", "Esther", "Finn",
    "Grace", "Hugo", "Inès", "Jamal", "Kenji", "Leila", "Mateo", "Noor", "Oscar", "Paloma",
    "Rahul", "Sofia", "Tariq", "Ulla", "Viktor", "Wanjiru", "Yara", "Zainab", "Anouk", "Björn",
    "Chidi", "Daniela", "Emeka", "Freya", "Giulia", "Hamza", "Ingrid", "Joaquín", "Kaito",
    "Lucía", "Marek", "Nadia",
)  # fmt: skip
LAST_NAMES = (
    "Okafor", "Schmidt", "Nguyen", "Haddad", "Kowalski", "García", "Tanaka", "Johansson",
    "Mensah", "Rossi", "Patel", "O'Brien", "Novak", "Silva", "Cohen", "Yılmaz", "Dubois", "Kim",
    "Andersen", "Moreau", "Fischer", "Costa", "Ivanova", "Mwangi", "Lindqvist", "Sato", "Ahmed",
    "Müller", "Popescu", "Fernández", "Bakker", "Horváth", "Nakamura", "Adeyemi", "Larsen",
    "Castillo", "Chen", "Walsh", "Kapoor", "Reyes",
)  # fmt: skip

CLIENT_NOTES = (
    "Referred by her employer's wellbeing programme", "Self-referred after a burnout",
    "Sessions on video, Thursday evenings", "Prefers short check-ins by message",
    "Second round of coaching", "Works shifts; plans change week to week",
    "New parent", "Recently moved to the city",
)  # fmt: skip
GENERAL_MISSES = (
    "late meeting", "kids were sick", "forgot", "too tired after work", "worked late",
    "unexpected visitors", "bad night's sleep", "deadline at work", "felt low",
)  # fmt: skip
SKIP_REASONS = (
    "travelling for work", "sick with flu", "family wedding", "on holiday", "conference trip",
    "moving house",
)  # fmt: skip
DONE_NOTES = (
    "felt great", "only 10 minutes, but done", "with a friend", "early morning",
    "hard but worth it", "easier than expected",
)  # fmt: skip
GENERAL_WINS = ("Kept going in a busy week", "Noticed I had more energy", "Asked for help")
GENERAL_COMMITMENTS = ("Put it in the calendar", "Start with just five minutes",
                       "Tell my partner the plan")  # fmt: skip
CHECKIN_NOTES = (
    "Talked about what makes Monday mornings hard", "Explored what 'enough' looks like",
    "Reviewed the plan; kept the steps as they are", "Noticed the pattern around late meetings",
    "Discussed making the steps smaller",
)  # fmt: skip
RATING_NOTES = ("feels more doable now", "work is taking over", "after talking it through",
                "more important since the check-up")  # fmt: skip
PAUSE_REASONS = ("injury: physio said rest", "exam period", "family emergency",
                 "busy season at work")  # fmt: skip
DROP_REASONS = ("no longer a priority after moving house", "replaced by a bigger goal",
                "it was never really mine")  # fmt: skip


# ---------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class DemoClient:
    name: str
    persona: Persona


@dataclass(slots=True)
class DemoSummary:
    """What was built: where, from what, and how many rows of each kind."""

    path: Path
    seed: int
    days: int
    end: date
    counts: dict[str, int] = field(default_factory=dict)
    clients: list[DemoClient] = field(default_factory=list)


# ---------------------------------------------------------------- validation


def check_size(clients: int, days: int) -> None:
    """Refuse sizes outside what the demo is meant for, with the allowed range."""
    if not MIN_CLIENTS <= clients <= MAX_CLIENTS:
        raise InputError(
            f"--clients must be between {MIN_CLIENTS} and {MAX_CLIENTS:,}, got {clients}"
        )
    if not MIN_DAYS <= days <= MAX_DAYS:
        raise InputError(f"--days must be between {MIN_DAYS} and {MAX_DAYS:,}, got {days}")


# ---------------------------------------------------------------- generation

_EPOCH = date(1970, 1, 1).toordinal()
_TIMES = [f"T{m // 60:02d}:{m % 60:02d}:00.000Z" for m in range(24 * 60)]
#: Drafts are sorted by one int: (day, minute) above this many sequence numbers.
_SEQ = 1 << 32
#: An action is one int: (minute, step) << 10 | kind << 8 | note, bucketed by day.
_STEP_BITS = 23
_KINDS = ("done", "missed", "skipped")
_DONE, _MISSED, _SKIPPED = range(3)
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


def client_names(count: int, rng: random.Random) -> list[str]:
    """``count`` distinct names: first names alone for a small caseload, else full names."""
    firsts = list(FIRST_NAMES)
    rng.shuffle(firsts)
    if count <= len(firsts):
        return firsts[:count]
    lasts = list(LAST_NAMES)
    rng.shuffle(lasts)
    names = []
    pairs = len(firsts) * len(lasts)
    for j in range(count):
        name = f"{firsts[j % len(firsts)]} {lasts[(j // len(firsts)) % len(lasts)]}"
        names.append(name if j < pairs else f"{name} {j // pairs + 1}")
    return names


def _clamp(v: float, lo: float, hi: float) -> float:
    return lo if v < lo else hi if v > hi else v


@dataclass(slots=True)
class _Goal:
    theme: Theme
    start: int  # ordinal of the day it was set
    stop: int | None = None  # achieved or dropped on this day: active until the day before
    outcome: Literal["active", "achieved", "dropped"] = "active"
    pauses: list[tuple[int, int | None]] = field(default_factory=list)  # paused on, resumed on
    key: bool = False  # the persona's showcase goal
    showcase: bool = False  # a showcase client's current goal: its steps are chosen
    should: bool = False
    importance: int = 7
    confidence: int = 6
    id: int = 0  # provisional: final ids follow the order things happened
    exp: list[int] = field(default_factory=list)  # expected occurrences per day of the span
    done: list[int] = field(default_factory=list)

    def active_on(self, n: int) -> bool:
        if n < self.start or (self.stop is not None and n >= self.stop):
            return False
        return not any(p <= n and (r is None or n < r) for p, r in self.pauses)


@dataclass(slots=True)
class _Story:
    """One client being generated: their randomness, persona and the shape of their days."""

    rng: random.Random
    persona: Persona
    client_id: int
    showcase: bool
    cut: int  # the last day with any activity
    curve: list[float]  # probability of doing a planned step, by days before the end
    away: dict[int, str] = field(default_factory=dict)  # excused days and why
    notes_by_day: dict[int, list[str]] = field(default_factory=dict)  # what got in the way


class Caseload:
    """The generated demo: its clients, and each table's rows in :data:`COLUMNS` order.

    Ids follow the order things happened across the whole caseload, as in a
    database that was used day by day, so one client's rows are spread
    through each table rather than stored together.
    """

    def __init__(self, *, seed: int, days: int, end: date) -> None:
        self.seed = seed
        self.end = end
        self.last = end.toordinal()
        self.first = self.last - days + 1
        self.span = days
        self.iso = [date.fromordinal(n).isoformat() for n in range(self.first, self.last + 1)]
        self.clients: list[DemoClient] = []
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
            ms = ((first + day - _EPOCH) * 1440 + minute) * 60_000
            uid = seeded_uuid(uids, ms)
            on = iso[day]
            ts = on + times[minute]
            if table == "goals":
                yield (row_id, *v[1:9], uid, ts, v[9])
            elif table == "steps":
                yield (row_id, goal_id[v[1]], v[2], v[3], v[4], on, *v[5:8], uid, ts, v[8])
            elif table == "checkins":
                yield (row_id, v[0], on, *v[1:], uid, ts, ts)
            elif table == "status_changes":
                yield (row_id, goal_id[v[0]], v[1], on, v[2], uid, ts, ts)
            else:  # ratings
                yield (row_id, goal_id[v[0]], on, *v[1:], uid, ts, ts)

    def _action_rows(self) -> Iterator[Row]:
        uids = random.Random(f"coachcli-demo-uuid:{self.seed}:{self.end}:{self.span}:actions")
        step_id, notes = self._final["steps"], self._notes
        mask = (1 << _STEP_BITS) - 1
        row_id = 0
        for day, bucket in enumerate(self._actions):
            on = self.iso[day]
            ms_day = (self.first + day - _EPOCH) * 86_400_000
            for code in sorted(bucket):
                row_id += 1
                minute, step = code >> (10 + _STEP_BITS), (code >> 10) & mask
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
        if self._prov >> _STEP_BITS:
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

    # ------------------------------------------------------------ one client

    def add_client(self, index: int, name: str, persona: Persona, themes: Sequence[str]) -> None:
        rng = random.Random(f"coachcli-demo:{self.seed}:{index}")
        first, last = self.first, self.last
        showcase = index < len(SHOWCASE)
        # The last day with any activity (quiet and finished clients stop early).
        cut = last
        archived: int | None = None
        if persona == "quiet":
            cut = last - rng.randint(13, 17)
        elif persona == "finished":
            if self.span >= 120:
                cut = rng.randint(first + 60, last - 30)
                archived = min(last, cut + rng.randint(3, 20))
            else:
                cut = last - rng.randint(13, 17)
        client_id = index + 1
        c = _Story(rng, persona, client_id, showcase, cut, self._curve(persona, rng))
        goals = self._plan_goals(c, themes)
        for g in goals:
            g.id = self._new_id()
            g.exp = [0] * self.span
            g.done = [0] * self.span

        # Excused absences: travel, illness. Showcase clients keep their last 3 weeks clean.
        episodes = self.span // 80 + (showcase or rng.random() < 0.5)
        latest = last - (21 if showcase else 0)
        for _ in range(episodes):
            if latest - first < 10:
                break
            s = rng.randint(first, latest - 7)
            reason = rng.choice(SKIP_REASONS)
            for n in range(s, s + rng.randint(2, 7)):
                c.away[n] = reason

        for g in goals:
            self._steps(c, g)
        self._goal_rows(rng, goals, client_id)
        self._checkins(c, goals)

        start = min((g.start for g in goals), default=first)
        ms = ((start - _EPOCH) * 1440 + 9 * 60) * 60_000
        uids = random.Random(f"coachcli-demo-uuid:{self.seed}:{self.end}:{self.span}:c{index}")
        uid = seeded_uuid(uids, ms)
        created = self.stamp(start, 9 * 60)
        self._client_rows.append((
            client_id, name, rng.choice(CLIENT_NOTES) if rng.random() < 0.6 else None,
            None if archived is None else self.day(archived), uid, created,
            created if archived is None else self.stamp(archived, 10 * 60),
        ))  # fmt: skip
        self.clients.append(DemoClient(name, persona))

    def _curve(self, persona: Persona, rng: random.Random) -> list[float]:
        """Probability of doing a planned step, by days before the end (index 0 = today)."""
        out = []
        base = rng.uniform(0.6, 0.85)
        period = rng.uniform(60, 180)
        phase = rng.uniform(0, 2 * math.pi)
        for back in range(self.span):
            if persona == "steady":
                p = 0.95
            elif persona == "slipping":
                p = 0.1 if back < 7 else 0.8 if back < 14 else 0.88 if back < 28 else 0.92
            elif persona == "say_do_gap":
                p = 0.88
            elif persona == "quiet":
                p = 0.7
            elif persona == "low_confidence":
                p = 0.5
            elif persona == "improving":
                p = 0.97 if back < 7 else 0.4 if back < 14 else 0.3 if back < 84 else 0.6
            else:
                p = base + 0.12 * math.sin(2 * math.pi * back / period + phase)
            out.append(p)
        return out

    def _plan_goals(self, c: _Story, themes: Sequence[str]) -> list[_Goal]:
        """Goals over the span: per slot, a chain of goals achieved or dropped in turn."""
        rng, persona, showcase, cut = c.rng, c.persona, c.showcase, c.cut
        first, last = self.first, self.last
        slots = len(themes) if showcase else rng.choice((3, 4, 4, 4))
        chains: list[list[_Goal]] = []
        for slot in range(slots):
            start = first + (0 if slot == 0 else rng.randint(0, 6))
            chain: list[_Goal] = []
            while start <= min(last - 7, cut - 3) or not chain:
                g = _Goal(THEMES[0], min(start, last))
                life = rng.randint(100, 320)
                if start + life < min(last, cut) - 14:
                    g.stop = start + life
                    g.outcome = "achieved" if rng.random() < 0.65 else "dropped"
                    chain.append(g)
                    start = g.stop + rng.randint(2, 21)
                else:
                    chain.append(g)
                    break
            chains.append(chain)
        # Themes: the current goal of each showcase slot gets the chosen theme; the rest vary.
        pool = [t.key for t in THEMES if t.key not in themes]
        rng.shuffle(pool)
        fixed = list(themes)
        for slot, chain in enumerate(chains):
            for i, g in enumerate(chain):
                current = i == len(chain) - 1
                if current and slot < len(fixed):
                    g.theme = THEME_BY_KEY[fixed[slot]]
                    g.key = showcase and slot == 0
                    g.showcase = showcase
                else:
                    key = pool.pop() if pool else rng.choice(THEMES).key
                    g.theme = THEME_BY_KEY[key]
                    pool.insert(0, key)  # reusable much later, after the others
        goals = [g for chain in chains for g in chain]
        for g in goals:
            self._rate_first(rng, persona, g)
        self._events(c, chains)
        return goals

    def _rate_first(self, rng: random.Random, persona: Persona, g: _Goal) -> None:
        g.should = g.theme.should and rng.random() < (1.0 if persona == "quiet" else 0.7)
        imp, conf = rng.randint(5, 9), rng.randint(4, 8)
        if persona == "steady":
            imp, conf = rng.randint(7, 9), rng.randint(7, 8)
        elif persona == "slipping":
            imp, conf = rng.randint(8, 9), rng.randint(6, 7)
        elif persona == "say_do_gap":
            imp, conf = (9, 7) if g.key else (rng.randint(4, 6), rng.randint(7, 8))
        elif persona == "low_confidence":
            imp, conf = rng.randint(7, 8), rng.randint(2, 4)
        elif persona == "improving":
            imp, conf = rng.randint(7, 8), rng.randint(3, 4)
        if g.should and not (g.key and persona == "say_do_gap"):
            imp = min(imp, rng.randint(3, 6))  # set by someone else, rated lower
        g.importance, g.confidence = imp, conf

    def _events(self, c: _Story, chains: list[list[_Goal]]) -> None:
        """Achievements, pauses and resumptions that make each persona's story."""
        rng, persona, showcase, cut = c.rng, c.persona, c.showcase, c.cut
        last = self.last
        current = [chain[-1] for chain in chains]
        if persona == "steady" and (showcase or rng.random() < 0.5):
            g = current[0]
            when = last - rng.randint(1, 5)
            if when >= g.start + 7:
                g.stop, g.outcome = when, "achieved"
        if persona == "low_confidence" and len(current) > 1:
            g = current[1]
            paused = max(g.start + 7, last - 35)
            if paused <= last - 22:
                g.pauses.append((paused, paused + rng.randint(8, 12)))
        if showcase:
            return
        for g in (g for chain in chains for g in chain if not g.pauses):
            end = min(g.stop or last, cut)
            if end - g.start > 40 and rng.random() < 0.12:
                p = rng.randint(g.start + 14, end - 20)
                g.pauses.append((p, p + rng.randint(7, 30)))
            elif g.stop is None and end - g.start > 30 and rng.random() < 0.04:
                g.pauses.append((rng.randint(max(g.start + 7, end - 40), end - 3), None))

    def _steps(self, c: _Story, g: _Goal) -> None:
        """The goal's steps, and the actions logged on them day by day."""
        rng, persona, cut = c.rng, c.persona, c.cut
        theme = g.theme
        if g.showcase:
            ideas = list(theme.steps[:2])
        else:
            ideas = rng.sample(theme.steps, min(len(theme.steps), 3 if rng.random() < 0.6 else 2))
        plans: list[tuple[str, str | None, int, int | None, int | None]] = []
        for idea in ideas:
            start = g.start + (0 if idea is ideas[0] else rng.randint(0, 3))
            start = min(start, g.stop or self.last, self.last)
            dropped: int | None = None
            shrink = idea.smaller is not None and (
                (persona == "low_confidence" and g.stop is None) or rng.random() < 0.2
            )
            if idea.smaller is not None and shrink:
                end = min(g.stop or self.last, cut)
                when = (
                    self.last - rng.randint(18, 24)
                    if persona == "low_confidence"
                    else start + int((end - start) * rng.uniform(0.3, 0.6))
                )
                if start + 14 <= when <= end - 7:
                    dropped = when
            plans.append((idea.title, self.schedule(idea.every).text, start, None, dropped))
            if dropped is not None and idea.smaller is not None:
                smaller, rule = idea.smaller
                plans.append((smaller, self.schedule(rule).text, dropped, None, None))
        if theme.one_offs and (g.showcase or rng.random() < 0.5):
            task, offset = theme.one_offs[0] if g.showcase else rng.choice(theme.one_offs)
            start = g.start + rng.randint(0, 3)
            due = start + offset
            if persona == "say_do_gap" and g.key:
                due = min(due, self.last - rng.randint(3, 10))
                start = min(start, due)
            if g.stop is not None:
                due = min(due, max(start, g.stop - 1))
            plans.append((task, None, start, due, None))

        for title, every, planned, due_on, dropped in plans:
            sid = self._new_id()
            start = min(planned, self.last)
            minute = 10 * 60 + rng.randrange(120)
            self._drafts["steps"].append((self._key(start, minute, sid), (
                sid, g.id, title, every, None if due_on is None else self.day(due_on), None,
                "active" if dropped is None else "dropped",
                None if dropped is None else self.day(dropped),
                self.stamp(start, minute) if dropped is None else self.stamp(dropped, 10 * 60),
            )))  # fmt: skip
            stop = min(self.last if g.stop is None else g.stop - 1, cut)
            if dropped is not None:
                stop = min(stop, dropped - 1)
            if due_on is not None:
                self._one_off(c, g, sid, start=start, due=due_on, stop=stop)
                continue
            assert every is not None
            self._recurring(c, g, sid, self.schedule(every), start=start, stop=stop)

    def _act(self, n: int, minute: int, step: int, kind: int, note: str | None) -> None:
        """An action, packed; a step has one action a day, so (minute, step) orders a day."""
        index = self._note_index.get(note)
        if index is None:
            index = self._note_index[note] = len(self._notes)
            self._notes.append(note)
            assert index < 256, "more distinct action notes than the packing allows"
        self._actions[n - self.first].append(
            (((minute << _STEP_BITS) | step) << 10) | (kind << 8) | index
        )

    def _p(self, persona: Persona, g: _Goal, curve: list[float], n: int, factor: float) -> float:
        back = self.last - n
        if persona == "say_do_gap" and g.key:
            return 0.15
        p = curve[back] * factor
        if g.should and persona == "typical":
            p *= 0.8
        return p

    def _one_off(self, c: _Story, g: _Goal, sid: int, *, start: int, due: int, stop: int) -> None:
        """A one-off step: done around its due date, late, or not yet (overdue)."""
        rng, persona, curve = c.rng, c.persona, c.curve
        if stop < start:
            return
        if rng.random() < self._p(persona, g, curve, min(due, stop, self.last), 1.0):
            on = due - rng.randint(0, min(5, due - start)) if rng.random() < 0.8 else (
                due + rng.randint(1, 7))
            if start <= on <= stop and g.active_on(on):
                self._act(on, rng.randrange(8 * 60, 22 * 60), sid, _DONE, None)
                g.done[on - self.first] += 1
                g.exp[on - self.first] += 1

    def _recurring(
        self, c: _Story, g: _Goal, sid: int, sched: Schedule, *, start: int, stop: int
    ) -> None:
        """A recurring step, day by day: done, missed (often with a reason), or excused."""
        rng, persona, curve, away, notes_by_day = c.rng, c.persona, c.curve, c.away, c.notes_by_day
        first = self.first
        act = self._act
        lo = max(start, first)
        if stop < lo:
            return
        factor = rng.uniform(0.88, 1.06) if persona == "typical" else rng.uniform(0.97, 1.03)
        weekendy = sched.kind == "weekdays" and bool(sched.weekdays & {5, 6})
        misses = g.theme.misses
        log_misses = rng.uniform(0.5, 0.9)
        exp, done = g.exp, g.done
        rand = rng.random
        if sched.kind == "quota":
            days = self._quota_days(c, sched, g, lo, stop)
            log_misses *= 0.5
        else:
            days = [
                d.toordinal()
                for d in sched.occurrences(date.fromordinal(start), date.fromordinal(lo),
                                           date.fromordinal(stop))
            ]
        prev = True
        for n in days:
            if not g.active_on(n):
                continue
            i = n - first
            reason = away.get(n)
            if reason is not None:
                if rand() < 0.8:
                    act(n, rng.randrange(8 * 60, 22 * 60), sid, _SKIPPED, reason)
                continue
            exp[i] += 1
            p = self._p(persona, g, curve, n, factor)
            if not weekendy and (n + 6) % 7 >= 5:
                p -= 0.08
            if persona == "typical":
                p += 0.04 if prev else -0.08
            if rand() < p:
                done[i] += 1
                note = rng.choice(DONE_NOTES) if rand() < 0.06 else None
                act(n, rng.randrange(7 * 60, 23 * 60), sid, _DONE, note)
                prev = True
                continue
            prev = False
            if rand() < log_misses:
                note = None
                if rand() < 0.85:
                    note = rng.choice(misses) if rand() < 0.6 else rng.choice(GENERAL_MISSES)
                    notes_by_day.setdefault(n, []).append(note)
                act(n, rng.randrange(18 * 60, 24 * 60), sid, _MISSED, note)

    def _quota_days(self, c: _Story, sched: Schedule, g: _Goal, lo: int, hi: int) -> list[int]:
        """For ``N/week`` and ``N/month``: which N days of each period the client aimed for."""
        rng, away = c.rng, c.away
        out: list[int] = []
        n = lo
        while n <= hi:
            d = date.fromordinal(n)
            if sched.period == "week":
                period_end = n - d.weekday() + 6
            else:
                nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
                period_end = nxt.toordinal() - 1
            top = min(period_end, hi)
            free = [k for k in range(n, top + 1) if g.active_on(k) and k not in away]
            want = min(sched.quota, len(free))
            out.extend(sorted(rng.sample(free, want)))
            n = top + 1
        return out

    def _goal_rows(self, rng: random.Random, goals: list[_Goal], client_id: int) -> None:
        """Each goal with its dated history: set, paused, resumed, achieved or dropped."""
        for g in goals:
            history: list[tuple[int, str, str | None]] = [(g.start, "active", None)]
            for paused, resumed in g.pauses:
                history.append((paused, "paused", rng.choice(PAUSE_REASONS)))
                # A goal achieved or dropped while paused is never resumed.
                if resumed is not None and resumed <= (self.last if g.stop is None else g.stop - 1):
                    history.append((resumed, "active", None))
            drop_reason = None
            if g.stop is not None:
                drop_reason = rng.choice(DROP_REASONS) if g.outcome == "dropped" else None
                history.append((g.stop, g.outcome, drop_reason))
            history = [h for h in history if h[0] <= self.last]
            history.sort(key=lambda h: h[0])
            status_on, status, _ = history[-1]
            target = None
            if g.theme.dated:
                target = date.fromordinal(g.start + rng.randint(60, 240)).isoformat()
            self._drafts["goals"].append((self._key(g.start, 10 * 60), (
                g.id, client_id, g.theme.title, g.theme.why, target, int(g.should), status,
                self.day(status_on), drop_reason, self.stamp(status_on, 10 * 60 + 5),
            )))  # fmt: skip
            for on, st, reason in history:
                self._draft("status_changes", on, 10 * 60 + 5, g.id, st, reason)
            self._draft("ratings", g.start, 10 * 60 + 10, g.id, g.importance, g.confidence, None)

    def _checkins(self, c: _Story, goals: list[_Goal]) -> None:
        """Weekly check-ins; at coaching sessions, new ruler ratings."""
        rng, persona, client_id, cut = c.rng, c.persona, c.client_id, c.cut
        notes_by_day = c.notes_by_day
        first, last = self.first, self.last
        weekday = rng.choice((0, 1, 2, 3, 3, 4, 4, 5, 6))
        attend = {"steady": 0.95, "say_do_gap": 0.8, "quiet": 0.8}.get(persona, 0.85)
        cadence = rng.choice((7, 14, 14, 14, 28))  # days between coaching sessions
        last_session = first - cadence
        minute = 17 * 60 + rng.randrange(180)
        n = first + (weekday - date.fromordinal(first).weekday()) % 7
        while n <= min(last, cut):
            back = last - n
            p = attend - (0.3 if persona == "slipping" and back < 14 else 0.0)
            if rng.random() >= p:
                n += 7
                continue
            week = range(max(first, n - 6), n + 1)
            active = [g for g in goals if g.active_on(n)]
            exp = sum(g.exp[k - first] for g in goals for k in week)
            did = sum(g.done[k - first] for g in goals for k in week)
            ratio = did / exp if exp else 0.5
            mood = round(_clamp(1 + 4 * ratio + rng.gauss(0, 0.6)
                                - (1 if persona == "low_confidence" else 0), 1, 5))
            wins: list[str] = [g.theme.achieved for g in goals
                               if g.outcome == "achieved" and g.stop in week]
            doers = [g for g in goals if any(g.done[k - first] for k in week)]
            if doers and ratio >= 0.4:
                wins.append(rng.choice(rng.choice(doers).theme.wins))
                if rng.random() < 0.3:
                    wins.append(rng.choice(GENERAL_WINS))
            obstacles = sorted({t for k in week for t in notes_by_day.get(k, ())})[:2]
            if not obstacles and ratio < 0.6 and active:
                obstacles = [rng.choice(rng.choice(active).theme.misses)]
            commitments: list[str] = []
            if active and rng.random() < 0.9:
                commitments.append(rng.choice(rng.choice(active).theme.commitments))
                if rng.random() < 0.25:
                    commitments.append(rng.choice(GENERAL_COMMITMENTS))
            session = n - last_session >= cadence - 3
            if session:
                last_session = n
            note = rng.choice(CHECKIN_NOTES) if session and rng.random() < 0.4 else None
            self._draft(
                "checkins", n, minute, client_id, mood,
                json.dumps(list(dict.fromkeys(wins)), ensure_ascii=False),
                json.dumps(obstacles, ensure_ascii=False),
                json.dumps(commitments, ensure_ascii=False), note, int(session),
            )  # fmt: skip
            if session:
                for g in active:
                    if g.start < n and (g.key or rng.random() < 0.7):
                        self._draft("ratings", n, minute + 30, *self._rerate(rng, persona, g, n))
            n += 7

    def _rerate(
        self, rng: random.Random, persona: Persona, g: _Goal, n: int
    ) -> tuple[int, int | None, int, str | None]:
        """A new importance/confidence rating, drifting the way the persona's story goes."""
        back = self.last - n
        i = n - self.first
        exp = sum(g.exp[max(0, i - 13) : i + 1])
        recent = sum(g.done[max(0, i - 13) : i + 1]) / exp if exp else None
        imp, conf = g.importance, g.confidence
        if persona == "say_do_gap" and g.key:
            imp, conf = rng.choice((9, 9, 10)), rng.choice((6, 7, 7))
        elif persona == "low_confidence":
            imp, conf = int(_clamp(imp + rng.choice((-1, 0, 0, 1)), 6, 9)), rng.randint(2, 4)
        elif persona == "slipping" and back < 21:
            conf = max(3, conf - rng.randint(1, 2))
        elif persona == "improving":
            conf = min(8, conf + rng.choice((0, 1, 1))) if back < 21 else int(
                _clamp(conf + rng.choice((-1, 0, 0)), 2, 5))
        elif persona == "steady":
            conf = min(10, conf + rng.choice((0, 0, 1)))
        else:
            imp = int(_clamp(imp + rng.choice((-1, 0, 0, 0, 1)), 0, 10))
            if recent is not None and rng.random() < 0.5:
                conf += 1 if recent > 0.75 else -1 if recent < 0.4 else 0
            conf = int(_clamp(conf, 0, 10))
        g.importance, g.confidence = imp, conf
        note = rng.choice(RATING_NOTES) if rng.random() < 0.15 else None
        if rng.random() < 0.15 and not g.key:
            return (g.id, None, conf, note)  # only confidence re-rated
        return (g.id, imp, conf, note)

def generate(*, clients: int, days: int, seed: int, end: date) -> Caseload:
    """The demo caseload; the same arguments give the same rows, uuids included."""
    check_size(clients, days)
    caseload = Caseload(seed=seed, days=days, end=end)
    rng = random.Random(f"coachcli-demo-cast:{seed}")
    names = client_names(clients, rng)
    personas = [p for p, _ in _MIX]
    weights = [w for _, w in _MIX]
    for index, name in enumerate(names):
        if index < len(SHOWCASE):
            persona, themes = SHOWCASE[index]
        else:
            persona, themes = rng.choices(personas, weights)[0], ()
        caseload.add_client(index, name, persona, themes)
    caseload.finish()
    return caseload


# ---------------------------------------------------------------- writing


def demo_target(path: Path | None) -> tuple[Path, bool]:
    """Where to build: ``path`` (refused if it holds records), or with no path a new
    file in a fresh private temporary directory (mode 0700).

    Returns the path and whether it is in such a temporary directory.
    """
    if path is None:
        return Path(tempfile.mkdtemp(prefix="coach-demo-")) / "demo.db", True
    path = path.expanduser()
    refuse_if_used(path)
    return path, False


def refuse_if_used(path: Path) -> None:
    """Refuse a file that holds anything but an empty coachcli database."""
    if not path.exists():
        return
    if path.is_dir():
        raise DatabaseError(f"{path} is a directory, not a database file")
    if path.stat().st_size == 0:
        return
    holds = (
        f"{path} already holds data; the demo never mixes with real records: choose a new "
        "file with --db, or leave --db out for a temporary one"
    )
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
            known = set(COLUMNS) | {"meta", "journal", "journal_entries", "_sqlite_migrations"}
            if not tables <= known or any(
                conn.execute(f"SELECT EXISTS (SELECT 1 FROM {t})").fetchone()[0]
                for t in sorted(tables & set(COLUMNS))
            ):
                raise DatabaseError(holds)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise DatabaseError(holds) from exc


def write_rows(conn: sqlite3.Connection, caseload: Caseload) -> dict[str, int]:
    """Insert every table with ``executemany``; the caller holds the transaction.

    Rows arrive in time order, so each table's (step, date)-style indexes
    would take random inserts: they are dropped first and rebuilt from their
    own stored SQL afterwards (a sort), in the same transaction, which
    roughly halves the cost of filling ``actions`` at scale.
    """
    tables = list(COLUMNS)
    marks = ", ".join("?" * len(tables))
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        f" AND tbl_name IN ({marks}) ORDER BY name",
        tables,
    ).fetchall()
    for name, _ in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    counts = {}
    for table, cols in COLUMNS.items():
        values = ", ".join("?" * len(cols))
        conn.executemany(
            f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({values})", caseload.rows(table)
        )
        counts[table] = caseload.count(table)
    for _, sql in indexes:
        conn.execute(sql)
    return counts


def build(path: Path, *, clients: int, days: int, seed: int, end: date) -> DemoSummary:
    """Create the database at ``path`` and fill it with the demo caseload in one transaction.

    If anything fails, a file this call created is removed again, so no
    half-built demo is left behind.
    """
    check_size(clients, days)
    refuse_if_used(path)
    created = not path.exists()
    try:
        with Database.open(path, create=True) as db:
            # A bigger page cache (64 MiB, this connection only) for the bulk insert.
            db.conn.execute("PRAGMA cache_size = -65536")
            with db.write("demo", journal=False) as tx:
                if tx.conn.execute("SELECT EXISTS (SELECT 1 FROM clients)").fetchone()[0]:
                    raise DatabaseError(f"{path} gained records while the demo was starting")
                caseload = generate(clients=clients, days=days, seed=seed, end=end)
                counts = write_rows(tx.conn, caseload)
                tx.set_meta(
                    "demo",
                    json.dumps({"seed": seed, "clients": clients, "days": days,
                                "end": end.isoformat()}),
                )
    except (CoachError, sqlite3.Error, OSError, KeyboardInterrupt):
        if created:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    return DemoSummary(
        path=path, seed=seed, days=days, end=end, counts=counts, clients=caseload.clients
    )
