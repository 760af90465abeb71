"""The words about each signal: its label, when it fires, the evidence a coach reads, the question.

The domain finds signals and the facts behind them
(:mod:`coachcli.domain.signals`, one row per signal); :data:`WORDS` here has one
row per signal of everything a person reads about it: its label, when it fires,
its evidence sentence and its questions (the rules they follow, and the prep
page's own questions, are in :mod:`coachcli.render.questions`).
``tests/test_registries.py`` fails when a signal lacks any of them, or the
report's JSON Schema does not name it; the help page's table is made from
:data:`WORDS`. A question is picked among the templates whose placeholders
all have a value, from a stable hash
of the client and goal plus a turn. The pick moves on one template a week
(prep: one a session), so the same data asks the same, and a theme's
question changes as time passes.
A goal's first signal has the templates that quote why the goal matters
among its turns, when the client said so: they hear their own words back.
"""

# Annotations are evaluated: see coachcli.domain.reporting (a forward reference is quoted).
import zlib

# string.Formatter.parse is this one function: the string module (and its Template's regex) stays unloaded.
from _string import formatter_parser  # type: ignore[import-not-found]
from collections.abc import Callable, Collection, Mapping
from datetime import date
from typing import Any, NamedTuple

from coachcli.domain.logged import format_amount
from coachcli.domain.reporting import ClientReport, Signal, Window
from coachcli.domain.signals import turn_of
from coachcli.render.figures import pct
from coachcli.render.questions import PREP_QUESTIONS
from coachcli.render.voice import Voice, when_phrase


class Said(NamedTuple):
    """A signal as a person reads it (the JSON report's ``signals`` entries)."""

    code: str
    goal_id: int | None
    severity: str
    evidence: str
    question: str


def window_phrase(w: Window) -> str:
    """How evidence sentences name the window."""
    if w.days == 7 and w.start.weekday() == 0:
        year, week, _ = w.start.isocalendar()
        return f"in week {year}-W{week:02d}"
    if w.days == 7:
        return "in the last 7 days"
    return f"between {w.start.isoformat()} and {w.end.isoformat()}"


def _planned(planned: object) -> str:
    return f"planned '{planned}'" if planned else "planned steps"


def _stalled(goal: str, f: Mapping[str, Any], when: str, voice: Voice) -> str:
    if f["last"] is None:
        return f"Nothing done on '{goal}' since its steps were planned on {f['planned_on']}."
    return f"Nothing done on '{goal}' for {f['days']} days (last on {f['last']})."


def _overdue(goal: str, f: Mapping[str, Any], when: str, voice: Voice) -> str:
    days = int(f["days"])
    return (f"'{f['step']}' was due on {f['due']} ({days} day{'' if days == 1 else 's'} ago); "
            "nothing logged as done.")


def _periods(f: Mapping[str, Any]) -> str:
    """"days", "weeks" or "months" of an over-the-limit signal, from its limit's words."""
    period = str(f["limit"]).rsplit(" ", 1)[-1]
    return f"{period}s"


def _period_of(f: Mapping[str, Any]) -> str:
    if f["period"] == "day":
        return f"on {f['start']}"
    return f"in the {f['period']} of {f['start']}"


def _quiet(goal: str, f: Mapping[str, Any], when: str, voice: Voice) -> str:
    if f["last"]:
        return f"Nothing logged for {f['days']} days (last on {f['last']})."
    return f"Nothing logged {voice.added(f['added'])}."


#: The evidence sentence, from the goal's title, the signal's facts, the window's phrase and
#: who reads it.
EvidenceFn = Callable[[str, Mapping[str, Any], str, Voice], str]


class Words(NamedTuple):
    """What a person reads about one signal."""

    #: The report's name for it.
    label: str
    #: When it fires, with the default thresholds: a row of ``coach help signals``.
    fires_when: str
    evidence: EvidenceFn
    #: The open questions to ask about it, written to the rules of :mod:`coachcli.render.questions`.
    questions: tuple[str, ...]
    #: The label when the client reads their own report, where it differs.
    to_reader: str | None = None


#: code -> its words, in the order ``coach help signals`` lists them.
WORDS: dict[str, Words] = {
    # Develop discrepancy: put the stated value beside the behaviour, let them weigh it.
    "say_do_gap": Words(
        "Importance and action",
        "importance >= 7 and under half of planned steps done, with >= 2 planned",
        lambda g, f, w, v: (
            f"Rated {f['importance']}/10 important; {f['done']} of {f['expected']} "
            f"{_planned(f['planned'])} done {w}."),
        questions=(
            "You rated '{goal}' {importance} out of 10 for importance. What makes it {importance} "
            "and not {lower}?",
            "What would need to be different for the next week to look more like how much '{goal}' "
            "matters to you?",
            "How do you make sense of the distance between how much '{goal}' matters and what happened "
            "{when}?",
            "You said '{goal}' matters because '{why}'. How does that sit beside what happened {when}?",
        )),
    "slipping": Words(
        "Less often than before",
        "the share done fell by >= 0.3 against the window before, of the same length, each with "
        ">= 2 planned",
        lambda g, f, w, v: (
            f"'{g}' was done less often: {pct(f['after'])} of planned {w}, from {pct(f['before'])} "
            "the window before."),
        questions=(
            "Things with '{goal}' looked different a little while ago. What has changed since then?",
            "Earlier on, '{goal}' happened more often. What was helping then?",
            "What would you like to keep from how '{goal}' went earlier?",
            "You said '{goal}' matters because '{why}'. How important does that feel right now?",
        )),
    "stalled": Words(
        "Nothing done lately", "an active goal with steps and no step done for >= 10 days", _stalled,
        questions=(
            "'{goal}' has been quiet for a while. How does it sit with you right now?",
            "What would a first step back into '{goal}' look like, however small?",
            "How important does '{goal}' feel to you these days?",
            "You said '{goal}' matters because '{why}'. How does that feel to you now?",
        )),
    "overdue": Words(
        "Past its date", "a one-off step past its due date and not done", _overdue,
        questions=(
            "What would you like to do about '{step}' now?",
            "How does '{step}' fit with where '{goal}' is now?",
            "What would the right moment for '{step}' look like?",
            "What would make '{step}' easier to start?",
        )),
    # Neutral evidence, an open question: the client weighs what the limit is for.
    "over_limit": Words(
        "Over the limit", "an at-most step over its limit on >= 2 periods of the window",
        lambda g, f, w, v: (
            f"'{f['step']}' ({f['limit']}) was over the limit on {f['over']} of {f['judged']} "
            f"{_periods(f)} {w}" + (f"; {f['unknown']} not logged." if f["unknown"] else ".")),
        questions=(
            "What was different on the days '{step}' stayed within the limit?",
            "How does the limit you set for '{step}' feel now?",
            "What tends to happen on the days '{step}' goes over?",
            "You said '{goal}' matters because '{why}'. How does '{step}' {when} sit with that?",
        )),
    "low_confidence": Words(
        "Low confidence", "latest confidence <= 4",
        lambda g, f, w, v: f"Confidence in '{g}' is {f['confidence']}/10.",
        questions=(
            "You put your confidence in '{goal}' at {confidence} out of 10. What makes it {confidence} "
            "and not {lower}?",
            "What would it take to move your confidence in '{goal}' to {higher}?",
            "What would make the next step for '{goal}' small enough that you feel sure you can do it?",
            "What helped the last time you managed something like '{goal}'?",
            "You said '{goal}' matters because '{why}'. What would help you feel more confident about it?",
        )),
    "should_goal": Words(
        "Asked of them", "a goal marked `--should` with under half of planned steps done",
        lambda g, f, w, v: (
            f"'{g}' is a goal asked of {'you' if v.to_reader else v.name}; {f['done']} of {f['expected']} "
            f"{_planned(f['planned'])} done {w}."),
        questions=(
            "What do you want from '{goal}' for yourself?",
            "If nobody else expected '{goal}' of you, what would you choose to do about it?",
            "How much of '{goal}' feels like your own choice?",
            "You said '{goal}' matters because '{why}'. How much of that feels like your own reason?",
        ),
        to_reader="Asked of you"),
    "priority_inversion": Words(
        "Priorities",
        "the most important goal is under half done while a less important one is at >= 0.8",
        lambda g, f, w, v: (
            f"'{g}' is rated most important ({f['importance']}/10), with {pct(f['adherence'])} of "
            f"planned steps done; '{f['other']}' ({f['other_importance']}/10): "
            f"{pct(f['other_adherence'])} {w}."),
        questions=(
            "'{other}' is happening more often than '{goal}', which you rated as more important. "
            "What do you make of that?",
            "What is it about how you approach '{other}' that you could bring to '{goal}'?",
            "What could you borrow from how you handle '{other}' to help with '{goal}'?",
            "You said '{goal}' matters because '{why}'. How does that fit with where your time went "
            "{when}?",
        )),
    "no_plan": Words(
        "No next step", "an active goal with no active step",
        lambda g, f, w, v: f"'{g}' has no next step planned.",
        questions=(
            "'{goal}' has no next step planned. What is one small, concrete thing that would move it "
            "forward?",
            "What would a first step towards '{goal}' look like if it had to take ten minutes or less?",
            "What could you try for '{goal}' in the coming week?",
            "You said '{goal}' matters because '{why}'. What small step would honour that?",
        )),
    "quiet": Words("Quiet", "nothing recorded (no action, no check-in entered) for >= 10 days, "
                   "counted by the day entries were recorded, not the day they are about", _quiet,
        questions=(
            "It has been {days} days since anything was logged. How have things been going?",
            "What has been happening in your life lately?",
            "How would you like to keep in touch with your goals over the next weeks?",
            "What would feel like a good place to start again?",
        )),
    # Support self-efficacy: ask them to name what worked, so they can use it again.
    "streak": Words(
        "Streak", "the last >= 3 expected occurrences all done (celebrate)",
        lambda g, f, w, v: f"'{g}' was done the last {f['count']} times it was planned.",
        questions=(
            "You have kept '{goal}' going without a break. What is making that work?",
            "What have you learned about yourself from keeping up with '{goal}'?",
            "How could what works for '{goal}' help elsewhere?",
            "You said '{goal}' matters because '{why}'. What does keeping it going give you?",
        )),
    "improving": Words(
        "More often than before",
        "the share done rose by >= 0.3, each window with >= 2 planned, and the client not quiet "
        "(celebrate)",
        lambda g, f, w, v: (
            f"'{g}' was done more often: {pct(f['after'])} of planned {w}, from {pct(f['before'])} "
            "the window before."),
        questions=(
            "'{goal}' happened more often {when}. What did you do differently?",
            "What made the difference with '{goal}' recently?",
            "How could you keep '{goal}' going like this?",
            "You said '{goal}' matters because '{why}'. What has doing more of it given you?",
        )),
    "best_amount": Words(
        "A best", "an at-least step's period in the window has its biggest amount yet, after "
        ">= 4 judged before (celebrate)",
        lambda g, f, w, v: (
            f"{format_amount(float(f['amount']))} {f['unit']} of '{f['step']}' "
            f"{_period_of(f)}: the most in a {f['period']} yet (the most before: "
            f"{format_amount(float(f['before']))})."),
        questions=(
            "'{step}' reached its highest yet. What made that possible?",
            "What did you learn from your best stretch of '{step}' so far?",
            "How would you like to build on what you did for '{step}'?",
        )),
    "achieved": Words(
        "Achieved", "a goal achieved in the window (celebrate)",
        lambda g, f, w, v: f"'{g}' was marked achieved on {f['on']}.",
        questions=(
            "You achieved '{goal}'. What are you most proud of in how you got there?",
            "Looking back at '{goal}', what strengths did you draw on that you could use next?",
            "How would you like to mark achieving '{goal}'?",
            "You said '{goal}' mattered because '{why}'. What has achieving it given you?",
        )),
}


#: Every template by what it asks about: each signal's, then the prep page's own.
QUESTIONS: dict[str, tuple[str, ...]] = {code: w.questions for code, w in WORDS.items()} | PREP_QUESTIONS


def label(code: str, voice: Voice) -> str:
    """A signal's label, as the reader is spoken to."""
    words = WORDS[code]
    return words.to_reader if voice.to_reader and words.to_reader else words.label


def help_table() -> str:
    """The table of ``coach help signals``: every signal, its label and when it fires."""
    rows = "".join(f"| `{code}` | {w.label} | {w.fires_when} |\n" for code, w in WORDS.items())
    return ("| code | label | fires when (default thresholds, change them with `coach config`) |\n"
            "|---|---|---|\n" + rows)


def placeholders(template: str) -> set[str]:
    """The names a template's ``{...}`` fields ask for."""
    return {name for _, name, _, _ in formatter_parser(template) if name}


#: What a question was about and the template that asked it: ("low_confidence|Walk", template).
Asked = tuple[str, str]


def pick(code: str, key: str, values: Mapping[str, object], *, prefer_why: bool = False,
         turn: int = 0, avoid: Collection[Asked] = (), topic: str | None = None) -> tuple[str, str]:
    """(template, question) for ``code`` among the templates every placeholder of which has a value.

    The same ``key`` and ``turn`` always ask the same; the next ``turn`` asks
    the next template, so a theme's question moves on as weeks (or sessions)
    pass. A template in ``avoid`` for the same ``topic`` is passed over while
    another is left: what was asked last time is not asked again. With
    ``prefer_why`` the templates quoting the client's reason are among the
    turns, otherwise they are left out.
    """
    given = {k for k, v in values.items() if v is not None}
    options = [t for t in QUESTIONS[code] if placeholders(t) <= given]
    if not (prefer_why and "why" in given):
        options = [t for t in options if "why" not in placeholders(t)] or options
    topic = topic if topic is not None else code
    first = zlib.crc32(f"{code}|{key}".encode()) + turn
    turns = [options[(first + k) % len(options)] for k in range(len(options))]
    template = next((t for t in turns if (topic, t) not in avoid), turns[0])
    return template, template.format(**values)


def question(code: str, key: str, *, prefer_why: bool = False, turn: int = 0, **values: object) -> str:
    """A question for ``code``: :func:`pick`'s, without what it was picked from."""
    return pick(code, key, values, prefer_why=prefer_why, turn=turn)[1]


def ruler_values(f: Mapping[str, Any], code: str) -> dict[str, object]:
    """``lower`` and ``higher`` for the rating a code's questions are about."""
    rated = f.get("confidence") if code == "low_confidence" else f.get("importance")
    if not isinstance(rated, int):
        return {}
    return {"lower": max(0, rated - 2) if rated > 0 else None,
            "higher": rated + 1 if rated < 10 else None}


def topic_of(signal: Signal, goals: Mapping[int, str]) -> str:
    """What a signal's question is about: its code and goal, by title (ids are local to a file)."""
    goal = goals.get(signal.goal_id, "") if signal.goal_id is not None else "-"
    return f"{signal.code}|{goal}"


def asked(signal: Signal, client: str, goals: Mapping[int, str], window: Window, *,
          as_of: date | None = None, when: str | None = None, prefer_why: bool = True,
          turn: int | None = None, avoid: Collection[Asked] = ()) -> tuple[str, str]:
    """(template, question) for one signal; ``turn`` defaults to the week of the window's end."""
    goal = goals.get(signal.goal_id, "") if signal.goal_id is not None else ""
    f = signal.facts
    # By the goal's title, not its id: ids are local to a file, so two coaches syncing the
    # same client would otherwise ask different questions about the same figures.
    key = f"{client}|{goal if signal.goal_id is not None else '-'}"
    values: dict[str, object] = {k: v for k, v in f.items() if k not in ("goal", "name")}
    values |= ruler_values(f, signal.code)
    values["when"] = when or when_phrase(window, as_of or window.end)
    values["goal"] = goal
    return pick(signal.code, key, values, prefer_why=prefer_why,
                turn=turn_of(window.end) if turn is None else turn, avoid=avoid,
                topic=topic_of(signal, goals))


def say(signal: Signal, client: str, goals: Mapping[int, str], window: Window, *,
        as_of: date | None = None, when: str | None = None, prefer_why: bool = True,
        turn: int | None = None, avoid: Collection[Asked] = ()) -> Said:
    """One signal in words, for ``client`` over ``window``; ``goals``: titles by id.

    ``when``: how the questions name the window (default from ``window`` and
    ``as_of``); ``turn``: which of the templates' turns (default: the week of
    the window's end, so a past week always asks what it asked).
    """
    voice = Voice.of(client)
    goal = goals.get(signal.goal_id, "") if signal.goal_id is not None else ""
    f = signal.facts
    if signal.code == "overdue" and as_of is not None and window.end < as_of:
        # "N days ago" would count from the window's end, not from today: name the day instead.
        evidence = (f"'{f['step']}' was due on {f['due']}; nothing logged as done by "
                    f"{window.end.isoformat()}.")
    else:
        evidence = WORDS[signal.code].evidence(goal, f, window_phrase(window), voice)
    _, q = asked(signal, client, goals, window, as_of=as_of, when=when, prefer_why=prefer_why,
                 turn=turn, avoid=avoid)
    return Said(signal.code, signal.goal_id, signal.severity, evidence, q)


def said(c: ClientReport, window: Window, *, as_of: date | None = None,
         when: str | None = None) -> list[Said]:
    """Every signal of one client's report, in words; a goal's reason is quoted once."""
    titles = {g.id: g.title for g in c.goals}
    heard: set[int] = set()
    out: list[Said] = []
    for s in c.signals:
        first = (s.goal_id is not None and s.goal_id not in heard and "why" in s.facts
                 and any("why" in placeholders(t) for t in QUESTIONS[s.code]))
        if first and s.goal_id is not None:
            heard.add(s.goal_id)
        out.append(say(s, c.name, titles, window, as_of=as_of, when=when, prefer_why=first))
    return out
