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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from coachcli.demo.data import (
    CHECKIN_NOTES,
    CLIENT_NOTES,
    DONE_NOTES,
    DROP_REASONS,
    FIRST_NAMES,
    GENERAL_COMMITMENTS,
    GENERAL_MISSES,
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
    Theme,
)
from coachcli.demo.tables import DONE, EPOCH, MISSED, SKIPPED, STEP_BITS, Tables, seeded_uuid
from coachcli.domain.schedule import Schedule
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


def _below(bits: Callable[[int], int], n: int) -> int:
    """``rng.randrange(n)`` for ``bits = rng.getrandbits``: the same draws, without its checks.

    CPython's own way for an int below ``n`` (``Random._randbelow``): ``n.bit_length()``
    random bits, drawn again until below ``n``.
    """
    k = n.bit_length()
    r = bits(k)
    while r >= n:
        r = bits(k)
    return r


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

    def active_days(self, days: Iterable[int]) -> list[int]:
        """Those of ``days`` it is active on (:meth:`active_on`), in their order."""
        if self.pauses:
            return [n for n in days if self.active_on(n)]
        start, stop = self.start, math.inf if self.stop is None else self.stop
        return [n for n in days if start <= n < stop]


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


class Caseload(Tables):
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
            (((minute << STEP_BITS) | step) << 10) | (kind << 8) | index
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
                self._act(on, rng.randrange(8 * 60, 22 * 60), sid, DONE, None)
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
        # This loop runs for every planned day of the caseload, so it draws with _below, not
        # randrange, and packs the commonest action (done, no note) itself, as _act would.
        bits = rng.getrandbits
        last, key_gap = self.last, persona == "say_do_gap" and g.key
        typical = persona == "typical"
        damped = g.should and typical
        buckets, base = self._actions, sid << 10
        prev = True
        for n in g.active_days(days):
            i = n - first
            reason = away.get(n)
            if reason is not None:
                if rand() < 0.8:
                    act(n, 8 * 60 + _below(bits, 14 * 60), sid, SKIPPED, reason)
                continue
            exp[i] += 1
            if key_gap:
                p = 0.15
            else:
                p = curve[last - n] * factor
                if damped:
                    p *= 0.8
            if not weekendy and (n + 6) % 7 >= 5:
                p -= 0.08
            if typical:
                p += 0.04 if prev else -0.08
            if rand() < p:
                done[i] += 1
                if rand() < 0.06:
                    done_note = rng.choice(DONE_NOTES)  # drawn before the minute, as ever
                    act(n, 7 * 60 + _below(bits, 16 * 60), sid, DONE, done_note)
                else:
                    r = bits(10)  # _below(bits, 16 * 60) for 7:00-22:59, inline: most actions
                    while r >= 16 * 60:
                        r = bits(10)
                    buckets[i].append(((7 * 60 + r) << (STEP_BITS + 10)) | base | DONE << 8)
                prev = True
                continue
            prev = False
            if rand() < log_misses:
                note = None
                if rand() < 0.85:
                    note = rng.choice(misses) if rand() < 0.6 else rng.choice(GENERAL_MISSES)
                    notes_by_day.setdefault(n, []).append(note)
                act(n, 18 * 60 + _below(bits, 6 * 60), sid, MISSED, note)

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
            free = [k for k in g.active_days(range(n, top + 1)) if k not in away]
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


