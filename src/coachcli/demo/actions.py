"""A client's steps, and the actions logged on them day by day: the bulk of the demo's rows.

:class:`StepActions` drafts them for :class:`~coachcli.demo.generate.Caseload`,
from a :class:`Story` (the client) and each :class:`Goal` of theirs.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from coachcli.demo.data import DONE_NOTES, GENERAL_MISSES, Persona, Theme
from coachcli.demo.tables import DONE, MISSED, SKIPPED, STEP_BITS, Tables
from coachcli.domain.schedule import Schedule


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


@dataclass(slots=True)
class Goal:
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
class Story:
    """One client being generated: their randomness, persona and the shape of their days."""

    rng: random.Random
    persona: Persona
    client_id: int
    showcase: bool
    cut: int  # the last day with any activity
    curve: list[float]  # probability of doing a planned step, by days before the end
    away: dict[int, str] = field(default_factory=dict)  # excused days and why
    notes_by_day: dict[int, list[str]] = field(default_factory=dict)  # what got in the way


class StepActions(Tables):
    """Drafting steps and their actions (the caseload's own story is in its subclass)."""

    def _steps(self, c: Story, g: Goal) -> None:
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

    def _p(self, persona: Persona, g: Goal, curve: list[float], n: int, factor: float) -> float:
        back = self.last - n
        if persona == "say_do_gap" and g.key:
            return 0.15
        p = curve[back] * factor
        if g.should and persona == "typical":
            p *= 0.8
        return p

    def _one_off(self, c: Story, g: Goal, sid: int, *, start: int, due: int, stop: int) -> None:
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
        self, c: Story, g: Goal, sid: int, sched: Schedule, *, start: int, stop: int
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

    def _quota_days(self, c: Story, sched: Schedule, g: Goal, lo: int, hi: int) -> list[int]:
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
