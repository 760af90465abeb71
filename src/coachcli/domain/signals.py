"""The report's signals: one table of what each one is, and the rule that raises it.

A signal is a pattern in the figures worth a coach's attention, or worth
celebrating (SPEC section 4). Each row of :data:`SIGNALS` says everything the
rest of the program needs about one: its code, its severity, how much it
weighs when ordering a caseload, and its thresholds with their defaults and
meanings (``coach config``). The order of the table is the order of a report:
affirm first, then what is worth exploring. The words a coach reads about a
signal are the renderers' (:mod:`coachcli.render.signals`); a signal carries
only the facts they quote.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, timedelta

from coachcli.domain.frozen import dataclass
from coachcli.domain.measure import MeasurePeriod
from coachcli.domain.occurrences import active_days
from coachcli.domain.reporting import ClientIn, GoalIn, GoalReport, Severity, Signal, StepReport, Window
from coachcli.errors import InputError, NotFoundError

#: Facts of one signal, before it is tied to its code and goal.
Found = tuple[GoalReport | None, dict[str, object]]


@dataclass(frozen=True, slots=True)
class Context:
    """What every rule may look at."""

    client: ClientIn
    goals: Sequence[tuple[GoalIn, GoalReport]]
    active: Sequence[tuple[GoalIn, GoalReport]]
    window: Window
    end: date
    settings: Mapping[str, float]


Rule = Callable[[Context], Iterator[Found]]


def turn_of(day: date) -> int:
    """The week ``day`` is in, counted in Mondays: a question's template moves on once a week."""
    return (day.toordinal() - 1) // 7


@dataclass(frozen=True, slots=True)
class SignalSpec:
    code: str
    severity: Severity
    #: How much it weighs when ordering a caseload (attention signals only).
    weight: int
    #: ``setting -> (default, meaning)``; each can be changed with ``coach config``.
    settings: Mapping[str, tuple[float, str]]
    rule: Rule


def _planned(g: GoalReport) -> str | None:
    """The one step's title when a goal has one step, for "planned 'Walk'"."""
    return g.steps[0].title if len(g.steps) == 1 else None


def _achieved(cx: Context) -> Iterator[Found]:
    for gi, g in cx.goals:
        if gi.status == "achieved" and cx.window.start <= gi.status_on <= cx.window.end:
            yield g, {"on": gi.status_on}


def _streak(cx: Context) -> Iterator[Found]:
    for _, g in cx.active:
        if g.streak >= cx.settings["streak.min"]:
            yield g, {"count": g.streak}


def _compared(g: GoalReport, least: float) -> tuple[float, float] | None:
    """(before, now) adherence when both windows expected at least ``least`` occurrences.

    A change from a window that expected a fraction of one walk is no evidence
    of anything, so a trend is only read from enough on both sides.
    """
    adh, prev = g.adherence, g.previous_adherence
    if adh is None or prev is None or g.expected < least or g.previous_expected < least:
        return None
    return prev, adh


def _improving(cx: Context) -> Iterator[Found]:
    if any(True for _ in _quiet(cx)):
        return  # nothing done lately is not a rise, whatever the rates say
    for _, g in cx.active:
        pair = _compared(g, cx.settings["improving.expected"])
        if pair is not None and pair[1] - pair[0] >= cx.settings["improving.rise"] - 1e-9:
            yield g, {"before": pair[0], "after": pair[1]}


def _say_do_gap(cx: Context) -> Iterator[Found]:
    s = cx.settings
    for _, g in cx.active:
        if (
            g.importance is not None
            and g.importance >= s["say_do_gap.importance"]
            and g.adherence is not None
            and g.adherence < s["say_do_gap.adherence"]
            and g.expected >= s["say_do_gap.expected"]
        ):
            yield g, {"importance": g.importance, "done": g.done, "expected": g.expected,
                      "planned": _planned(g)}


def _slipping(cx: Context) -> Iterator[Found]:
    for _, g in cx.active:
        pair = _compared(g, cx.settings["slipping.expected"])
        if pair is not None and pair[0] - pair[1] >= cx.settings["slipping.drop"] - 1e-9:
            yield g, {"before": pair[0], "after": pair[1]}


def _stalled(cx: Context) -> Iterator[Found]:
    limit = cx.settings["stalled.days"]
    for gi, g in cx.active:
        if not gi.steps:
            continue
        since = gi.last_done
        first_start = min(st.start_date for st in gi.steps)
        # Days the goal was paused are no days without a done: only active days count.
        if since is None and _active_days(gi, first_start, cx.end) >= limit:
            yield g, {"last": None, "planned_on": first_start}
        elif since is not None and (days := _active_days(gi, since, cx.end)) >= limit:
            yield g, {"last": since, "days": days}


def _active_days(gi: GoalIn, after: date, end: date) -> int:
    """The days after ``after`` up to ``end`` on which the goal was active."""
    days = (end - after).days
    if days <= 0 or all(status == "active" for _, status in gi.status_changes):
        return max(days, 0)
    span = [after + timedelta(days=k) for k in range(1, days + 1)]
    return len(active_days(span, gi.status_changes))


def _priority_inversion(cx: Context) -> Iterator[Found]:
    s = cx.settings
    rated = [g for _, g in cx.active if g.importance is not None and g.adherence is not None]
    if len(rated) < 2:
        return
    top = max(rated, key=lambda g: (g.importance or 0, -g.id))
    if top.adherence is None or top.adherence >= s["priority_inversion.low"]:
        return
    if top.expected < s.get("say_do_gap.expected", 2):
        return  # as little evidence as "Importance and action" needs, no less
    thriving = [
        g for g in rated
        if (g.importance or 0) < (top.importance or 0)
        and g.adherence is not None and g.adherence >= s["priority_inversion.high"]
    ]
    if thriving:
        other = thriving[0]
        yield top, {"importance": top.importance, "adherence": top.adherence, "other": other.title,
                    "other_importance": other.importance, "other_adherence": other.adherence}


def _should_goal(cx: Context) -> Iterator[Found]:
    for gi, g in cx.active:
        if gi.should and g.adherence is not None and g.adherence < cx.settings["should_goal.adherence"]:
            yield g, {"done": g.done, "expected": g.expected, "planned": _planned(g)}


def _overdue(cx: Context) -> Iterator[Found]:
    for gi, g in cx.active:
        for st in gi.steps:
            if (
                st.schedule is None
                and st.due_date is not None
                and st.due_date < cx.end
                and (st.dropped_on is None or st.dropped_on > st.due_date)
                and (st.first_done is None or st.first_done > cx.end)
            ):
                yield g, {"step": st.title, "due": st.due_date, "days": (cx.end - st.due_date).days}


def _judged_in_window(cx: Context, s: StepReport) -> list[MeasurePeriod]:
    """A measured step's periods that the window judged (over, or met, by its last day)."""
    seen = cx.end + timedelta(days=1)
    return [p for p in s.periods if p.end <= cx.end and p.judged(seen) and p.credit is not None]


def _over_limit(cx: Context) -> Iterator[Found]:
    """An at-most step over its limit on several of the window's periods: neutral evidence."""
    for _, g in cx.active:
        for s in g.steps:
            m = s.measure
            if m is None or m.kind != "at_most":
                continue
            judged = [p for p in s.periods if p.end <= cx.end and p.judged(cx.end + timedelta(days=1))]
            over = [p for p in judged if p.credit is not None and p.amount > p.target]
            if len(over) >= cx.settings["over_limit.periods"]:
                yield g, {"step": s.title, "over": len(over), "judged": len(judged),
                          "unknown": sum(1 for p in judged if p.credit is None),
                          "limit": m.describe()}


def _best_amount(cx: Context) -> Iterator[Found]:
    """An at-least step whose period in the window is its biggest yet: worth saying back."""
    for _, g in cx.active:
        for s in g.steps:
            m = s.measure
            if (m is None or m.kind != "at_least" or s.best_before is None
                    or s.judged_before < cx.settings["best_amount.periods"]):
                continue
            judged = _judged_in_window(cx, s)
            top = max(judged, key=lambda p: (p.amount, p.end), default=None)
            if top is not None and top.amount > s.best_before:
                yield g, {"step": s.title, "amount": top.amount, "unit": m.unit, "period": m.period,
                          "start": top.start, "before": s.best_before}


def _low_confidence(cx: Context) -> Iterator[Found]:
    for _, g in cx.active:
        if g.confidence is not None and g.confidence <= cx.settings["low_confidence.max"]:
            yield g, {"confidence": g.confidence}


def _no_plan(cx: Context) -> Iterator[Found]:
    for gi, g in cx.active:
        live = [
            st for st in gi.steps
            if (st.dropped_on is None or st.dropped_on > cx.end)
            and (st.until_date is None or st.until_date >= cx.end)
            and (st.schedule is not None or st.first_done is None or st.first_done > cx.end)
        ]
        if not live:
            yield g, {}


def _quiet(cx: Context) -> Iterator[Found]:
    last = cx.client.last_activity
    days = (cx.end - (last or cx.client.created_on)).days
    if days >= cx.settings["quiet.days"]:
        yield None, {"days": days, "last": last, "added": cx.client.created_on}


#: Every signal, in report order. Adding one means adding a row here, its row of
#: words and questions in render/signals.py, and its code in report.schema.json.
SIGNALS: tuple[SignalSpec, ...] = (
    SignalSpec("achieved", "celebrate", 0, {}, _achieved),
    SignalSpec("best_amount", "celebrate", 0,
               {"best_amount.periods": (4, "periods of a measured step judged before one can be"
                        " its best")},
               _best_amount),
    SignalSpec("streak", "celebrate", 0,
               {"streak.min": (3, "planned days done in a row worth celebrating")}, _streak),
    SignalSpec("improving", "celebrate", 0,
               {"improving.rise": (0.3, "rise in the share of planned steps done, against the"
                        " window before, worth celebrating"),
                "improving.expected": (2, "planned days each window needs before they are compared")},
               _improving),
    SignalSpec("quiet", "attention", 5,
               {"quiet.days": (10, "days without any action or check-in before a client"
                        " counts as quiet")},
               _quiet),
    SignalSpec("say_do_gap", "attention", 4, {
        "say_do_gap.importance": (7, "importance at or above which a low share of steps done"
                        " is a say-do gap"),
        "say_do_gap.adherence": (0.5, "share of planned steps done below which an important"
                        " goal is a say-do gap"),
        "say_do_gap.expected": (2, "planned days needed before a say-do gap is raised"),
    }, _say_do_gap),
    SignalSpec("slipping", "attention", 3, {
        "slipping.drop": (0.3, "fall in the share of planned steps done, against the"
                        " window before, worth exploring"),
        "slipping.expected": (2, "planned days each window needs before they are compared"),
    }, _slipping),
    SignalSpec("stalled", "attention", 3,
               {"stalled.days": (10, "days with no step done before an active goal is worth"
                        " exploring")},
               _stalled),
    SignalSpec("priority_inversion", "attention", 2, {
        "priority_inversion.low": (0.5, "share of planned steps done below which the most"
                        " important goal is worth exploring"),
        "priority_inversion.high": (0.8, "share of planned steps done at or above which a less"
                        " important goal is going well"),
    }, _priority_inversion),
    SignalSpec("should_goal", "attention", 1, {
        "should_goal.adherence": (0.5, "share of planned steps done below which a 'should'"
                        " goal prompts whose goal it is"),
    }, _should_goal),
    SignalSpec("overdue", "attention", 2, {}, _overdue),
    SignalSpec("over_limit", "attention", 2,
               {"over_limit.periods": (2, "periods over an at-most step's limit in a window"
                        " before it is worth exploring")},
               _over_limit),
    SignalSpec("low_confidence", "attention", 1,
               {"low_confidence.max": (4, "confidence at or below which it is worth exploring")},
               _low_confidence),
    SignalSpec("no_plan", "attention", 1, {}, _no_plan),
)

#: Settings that belong to no signal: ``setting -> (default, meaning)``.
OTHER_SETTINGS: dict[str, tuple[float, str]] = {
    "prep.questions": (3, "questions a prep page asks, at most"),
}

#: Signal order within a report.
SIGNAL_ORDER = tuple(spec.code for spec in SIGNALS)
#: How much each attention signal weighs when ordering a caseload.
ATTENTION_WEIGHT: dict[str, int] = {spec.code: spec.weight for spec in SIGNALS if spec.weight}
#: Default thresholds, and what each means.
_ALL_SETTINGS: dict[str, tuple[float, str]] = {
    **{key: value for spec in SIGNALS for key, value in spec.settings.items()}, **OTHER_SETTINGS,
}
DEFAULT_SETTINGS: dict[str, float] = {key: default for key, (default, _) in _ALL_SETTINGS.items()}
SETTING_HELP: dict[str, str] = {key: text for key, (_, text) in _ALL_SETTINGS.items()}


def signals_for(
    client: ClientIn,
    goals: Sequence[tuple[GoalIn, GoalReport]],
    window: Window,
    as_of: date,
    settings: Mapping[str, float],
) -> list[Signal]:
    """Every signal of SPEC section 4 that the figures support, in report order."""
    cx = Context(
        client=client,
        goals=goals,
        active=[(gi, g) for gi, g in goals if gi.status == "active"],
        window=window,
        end=min(window.end, as_of),
        settings={**DEFAULT_SETTINGS, **settings},
    )
    whys = {gi.id: gi.why for gi, _ in goals if gi.why}
    out: list[Signal] = []
    for spec in SIGNALS:
        found = sorted(spec.rule(cx), key=lambda f: f[0].id if f[0] else 0)
        for g, facts in found:
            # The client's own reason, so the words can reflect it back.
            why = {"why": whys[g.id]} if g is not None and g.id in whys else {}
            out.append(Signal(spec.code, g.id if g else None, spec.severity, {**facts, **why}))
    return out


#: Settings that are fractions of planned occurrences, 0 to 1.
_FRACTIONS = {k for k in DEFAULT_SETTINGS if k.endswith((".adherence", ".drop", ".rise", ".low", ".high"))}
#: Settings on the 0-10 rulers.
_RULERS = {"say_do_gap.importance", "low_confidence.max"}


def unknown_setting(key: str) -> NotFoundError:
    import difflib

    close = difflib.get_close_matches(key, list(DEFAULT_SETTINGS), n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return NotFoundError(f"no setting named '{key}'{hint} (list them with: coach config)")


def check_setting(key: str, text: str) -> float:
    """The value of a threshold as typed, refused when it cannot mean anything."""
    if key not in DEFAULT_SETTINGS:
        raise unknown_setting(key)
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"{key} takes a number, not {text!r}") from None
    if not math.isfinite(value):
        raise InputError(f"{key} takes a finite number")
    if key in _FRACTIONS and not 0 <= value <= 1:
        raise InputError(f"{key} is a share of planned steps, from 0 to 1 (e.g. 0.5), not {text}")
    if key in _RULERS and not 0 <= value <= 10:
        raise InputError(f"{key} is on the 0-10 ruler, not {text}")
    if key not in _FRACTIONS and key not in _RULERS and (value < 1 or not value.is_integer()):
        raise InputError(f"{key} is a whole number of at least 1, not {text}")
    return value
