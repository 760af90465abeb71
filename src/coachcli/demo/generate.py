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
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from coachcli.demo.actions import Goal, StepActions, Story
from coachcli.demo.data import (
    CHECKIN_NOTES,
    CLIENT_NOTES,
    DROP_REASONS,
    FIRST_NAMES,
    GENERAL_COMMITMENTS,
    GENERAL_WINS,
    LAST_NAMES,
    PAUSE_REASONS,
    PERSONA_MIX,
    RATING_NOTES,
    SHOWCASE,
    SKIP_REASONS,
    THEME_BY_KEY,
    THEMES,
    Persona,
)
from coachcli.demo.tables import EPOCH, seeded_uuid
from coachcli.errors import InputError

MIN_CLIENTS, MAX_CLIENTS = 1, 10_000
MIN_DAYS, MAX_DAYS = 7, 3650

#: What each persona shows, in the words the summary uses.
PERSONA_HINTS: dict[Persona, str] = {
    "steady": "consistent, long streaks, a goal just achieved",
    "slipping": "doing less of the plan over the last weeks",
    "say_do_gap": "rates a goal 9/10 important but rarely acts on it",
    "quiet": "no action or check-in for 12+ days",
    "low_confidence": "low confidence; a paused goal, a step made smaller",
    "improving": "doing more of the plan lately",
    "typical": "ups and downs",
    "finished": "finished coaching (archived)",
}


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


class Caseload(StepActions):
    """The generated demo: its clients, and each table's rows in :data:`COLUMNS` order."""

    def __init__(self, *, seed: int, days: int, end: date) -> None:
        super().__init__(seed=seed, days=days, end=end)
        self.clients: list[DemoClient] = []
        self._lists: dict[tuple[str, ...], str] = {}

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
        c = Story(rng, persona, client_id, showcase, cut, self._curve(persona, rng))
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
        ms = ((start - EPOCH) * 1440 + 9 * 60) * 60_000
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

    def _plan_goals(self, c: Story, themes: Sequence[str]) -> list[Goal]:
        """Goals over the span: per slot, a chain of goals achieved or dropped in turn."""
        rng, persona, showcase, cut = c.rng, c.persona, c.showcase, c.cut
        first, last = self.first, self.last
        slots = len(themes) if showcase else rng.choice((3, 4, 4, 4))
        chains: list[list[Goal]] = []
        for slot in range(slots):
            start = first + (0 if slot == 0 else rng.randint(0, 6))
            chain: list[Goal] = []
            while start <= min(last - 7, cut - 3) or not chain:
                g = Goal(THEMES[0], min(start, last))
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

    def _rate_first(self, rng: random.Random, persona: Persona, g: Goal) -> None:
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

    def _events(self, c: Story, chains: list[list[Goal]]) -> None:
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

    def _goal_rows(self, rng: random.Random, goals: list[Goal], client_id: int) -> None:
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

    def _checkins(self, c: Story, goals: list[Goal]) -> None:
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
            a, b = week.start - first, week.stop - first
            exp = sum([sum(g.exp[a:b]) for g in goals])
            did = sum([sum(g.done[a:b]) for g in goals])
            ratio = did / exp if exp else 0.5
            mood = round(_clamp(1 + 4 * ratio + rng.gauss(0, 0.6)
                                - (1 if persona == "low_confidence" else 0), 1, 5))
            wins: list[str] = [g.theme.achieved for g in goals
                               if g.outcome == "achieved" and g.stop in week]
            doers = [g for g in goals if any(g.done[a:b])]
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
            # At a session the coach asks how sure they are (4-10), from a hash rather than
            # the generator, so that every other figure of the demo stays as it was.
            sure = 4 + zlib.crc32(f"{client_id}:{n}".encode()) % 7 if session and commitments else None
            self._draft(
                "checkins", n, minute, client_id, mood,
                self._json(tuple(dict.fromkeys(wins))), self._json(tuple(obstacles)),
                self._json(tuple(commitments)), note, int(session), sure,
            )  # fmt: skip
            if session:
                for g in active:
                    if g.start < n and (g.key or rng.random() < 0.7):
                        self._draft("ratings", n, minute + 30, *self._rerate(rng, persona, g, n))
            n += 7

    def _json(self, texts: tuple[str, ...]) -> str:
        """``texts`` as a JSON list; the same few lists recur all through a caseload."""
        out = self._lists.get(texts)
        if out is None:
            out = self._lists[texts] = json.dumps(list(texts), ensure_ascii=False)
        return out

    def _rerate(
        self, rng: random.Random, persona: Persona, g: Goal, n: int
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
    personas = [p for p, _ in PERSONA_MIX]
    weights = [w for _, w in PERSONA_MIX]
    for index, name in enumerate(names):
        if index < len(SHOWCASE):
            persona, themes = SHOWCASE[index]
        else:
            persona, themes = rng.choices(personas, weights)[0], ()
        caseload.add_client(index, name, persona, themes)
    caseload.finish()
    return caseload


