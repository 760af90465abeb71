"""The questions as a coach would ask them: open, one at a time, in the client's own words.

Every template in :data:`coachcli.render.signals.QUESTIONS` is checked as data (open,
single, no "why", no presumed barrier, renders with every placeholder), and
the picking is checked through the signals' words: the window named as it
is, rulers asked the MI way, a goal's reason quoted back, a self-tracker
spoken to.
"""

from __future__ import annotations

import itertools
import re
from datetime import date

import pytest

from coachcli.domain.reporting import Signal, Window
from coachcli.domain.signals import SIGNAL_ORDER
from coachcli.render.questions import PLACEHOLDERS
from coachcli.render.signals import QUESTIONS, placeholders, question, say, topic_of
from coachcli.render.signals import asked as template_of
from coachcli.render.voice import Voice, when_phrase

D = date.fromisoformat
TEMPLATES = [pytest.param(code, t, id=f"{code}-{i}") for code, ts in QUESTIONS.items()
             for i, t in enumerate(ts)]

#: Phrases that presume something is in the way, or judge.
PRESUMING = ("getting in the way", "stopping you", "holding you back", "harder", "struggl",
             "fail", "excuse", "should have", "why")


def asked(text: str) -> str:
    """The question sentence of a template: what follows the last full stop before the '?'."""
    return re.split(r"(?<=[.!])\s+", text)[-1]


def test_every_signal_and_prep_part_has_questions() -> None:
    assert set(SIGNAL_ORDER) | {"opening", "commitment", "returning"} == set(QUESTIONS)
    for code in SIGNAL_ORDER:
        plain = [t for t in QUESTIONS[code] if not placeholders(t) & {"why", "lower", "higher"}]
        assert len(plain) >= 2, code  # a choice even without a reason or a ruler


@pytest.mark.parametrize(("code", "template"), TEMPLATES)
def test_each_template_is_one_open_question(code: str, template: str) -> None:
    text = template.format(**PLACEHOLDERS)
    assert text.count("?") == 1, text
    assert text.endswith("?"), text
    q = asked(text)
    # It opens with what/how, or does after one leading clause ("Looking back at X, what...").
    opener = q.split()[0] if q.split()[0] in ("What", "How") else q.split(", ", 1)[-1].split()[0]
    assert opener.casefold() in ("what", "how"), f"not open: {q!r}"
    assert not re.search(r"\bor (does|do|is|are|would|will|can|should|has|have)\b", q), (
        f"ends in a yes/no choice: {q!r}")
    assert not re.search(r", (and|or|but) (what|how|is|are|does|do|would|could)\b", q), (
        f"two questions in one: {q!r}")


@pytest.mark.parametrize(("code", "template"), TEMPLATES)
def test_no_template_asks_why_or_presumes_a_barrier(code: str, template: str) -> None:
    words = template.replace("{why}", "").casefold()
    for phrase in PRESUMING:
        assert phrase not in words, (phrase, template)


@pytest.mark.parametrize(("code", "template"), TEMPLATES)
def test_each_template_renders_with_every_placeholder(code: str, template: str) -> None:
    assert placeholders(template) <= set(PLACEHOLDERS), template
    text = template.format(**PLACEHOLDERS)
    assert "{" not in text
    assert "}" not in text


def test_a_template_is_only_used_when_its_placeholders_have_values() -> None:
    for key in range(40):
        q = question("low_confidence", str(key), goal="Walk", confidence=0, lower=None, higher=1,
                     when="this week")
        assert "and not" not in q, q


def rated(confidence: int) -> list[str]:
    s = Signal("low_confidence", 1, "attention", {"confidence": confidence})
    w = Window(D("2026-11-09"), D("2026-11-15"))
    return [say(s, f"Client {k}", {1: "Walk"}, w, as_of=D("2026-11-16")).question for k in range(60)]


def test_rulers_are_asked_the_mi_way_and_never_below_zero() -> None:
    four = set(rated(4))
    assert "You put your confidence in 'Walk' at 4 out of 10. What makes it 4 and not 2?" in four
    assert "What would it take to move your confidence in 'Walk' to 5?" in four
    zero = set(rated(0))
    assert "What would it take to move your confidence in 'Walk' to 1?" in zero
    assert not any("and not" in q for q in zero)
    ten = Signal("say_do_gap", 1, "attention", {"importance": 1, "done": 0, "expected": 3,
                                                 "planned": None})
    w = Window(D("2026-11-09"), D("2026-11-15"))
    qs = {say(ten, f"C{k}", {1: "Walk"}, w).question for k in range(60)}
    assert not any("not -" in q for q in qs)


@pytest.mark.parametrize(
    ("window", "as_of", "session", "phrase"),
    [
        (Window(D("2026-11-30"), D("2026-12-06")), D("2026-12-01"), None, "this week"),
        (Window(D("2026-11-23"), D("2026-11-29")), D("2026-12-01"), None, "last week"),
        (Window(D("2026-11-09"), D("2026-11-15")), D("2026-12-01"), None, "in week 2026-W46"),
        (Window(D("2026-11-18"), D("2026-12-01")), D("2026-12-01"), None, "these two weeks"),
        (Window(D("2026-11-11"), D("2026-12-01")), D("2026-12-01"), None, "these three weeks"),
        (Window(D("2026-11-25"), D("2026-12-01")), D("2026-12-01"), None, "in the last seven days"),
        (Window(D("2026-11-12"), D("2026-12-01")), D("2026-12-01"), None, "since 12 November"),
        (Window(D("2026-11-03"), D("2026-11-16")), D("2026-12-01"), None,
         "between 3 November and 16 November"),
        (Window(D("2026-11-19"), D("2026-12-01")), D("2026-12-01"), D("2026-11-18"),
         "since 18 November"),
        (Window(D("2025-12-20"), D("2026-01-02")), D("2026-01-02"), D("2025-12-19"),
         "since 19 December 2025"),
    ],
)
def test_questions_name_the_window_as_it_is(window: Window, as_of: date, session: date | None,
                                            phrase: str) -> None:
    assert when_phrase(window, as_of, session) == phrase


def test_this_week_is_said_only_of_an_iso_week() -> None:
    s = Signal("improving", 1, "celebrate", {"before": 0.2, "after": 0.9})
    two = Window(D("2026-11-18"), D("2026-12-01"))
    qs = {say(s, f"C{k}", {1: "Walk"}, two, as_of=D("2026-12-01"), prefer_why=False).question
          for k in range(40)}
    assert "'Walk' happened more often these two weeks. What did you do differently?" in qs
    assert not any("this week" in q for q in qs)


def test_a_goal_with_a_reason_hears_it_back() -> None:
    s = Signal("say_do_gap", 1, "attention", {"importance": 9, "done": 1, "expected": 4,
                                               "planned": None, "why": "to keep up with my kids"})
    w = Window(D("2026-11-09"), D("2026-11-15"))
    turns = [say(s, "Ana", {1: "Walk"}, w, turn=k).question for k in range(4)]
    assert any(q.startswith("You said 'Walk' matters because 'to keep up with my kids'. ")
               for q in turns), turns
    without = {say(s, "Ana", {1: "Walk"}, w, prefer_why=False, turn=k).question for k in range(8)}
    assert not any("because" in q for q in without)


def test_a_theme_moves_on_every_turn_and_comes_back() -> None:
    """The same data asks the same; the next week asks the next template, round to the first."""
    s = Signal("low_confidence", 1, "attention", {"confidence": 4})
    w = Window(D("2026-11-09"), D("2026-11-15"))
    turns = [say(s, "Ana", {1: "Walk"}, w, turn=k).question for k in range(9)]
    assert all(a != b for a, b in itertools.pairwise(turns)), turns
    assert turns[0] == say(s, "Ana", {1: "Walk"}, w, turn=0).question
    assert len(set(turns)) == 4  # every template whose placeholders have values, in turn
    assert turns[4] == turns[0]
    next_week = Window(D("2026-11-16"), D("2026-11-22"))
    assert say(s, "Ana", {1: "Walk"}, next_week).question != say(s, "Ana", {1: "Walk"}, w).question


def test_what_was_asked_last_time_is_passed_over() -> None:
    s = Signal("stalled", 1, "attention", {"last": None, "planned_on": D("2026-11-01")})
    w = Window(D("2026-11-09"), D("2026-11-15"))
    template, q = template_of(s, "Ana", {1: "Walk"}, w, turn=3)
    again, other = template_of(s, "Ana", {1: "Walk"}, w, turn=3,
                         avoid={(topic_of(s, {1: "Walk"}), template)})
    assert (again, other) != (template, q)
    # Another goal's topic asked with that template is no reason to pass it over.
    same, _ = template_of(s, "Ana", {1: "Walk"}, w, turn=3, avoid={("stalled|Read", template)})
    assert same == template


@pytest.mark.parametrize("code", [*sorted(SIGNAL_ORDER), "opening", "commitment", "returning"])
def test_every_theme_has_at_least_three_questions(code: str) -> None:
    assert len(QUESTIONS[code]) >= 3, code


def test_a_ruler_question_names_its_goal() -> None:
    for code in ("low_confidence", "say_do_gap"):
        for template in QUESTIONS[code]:
            if placeholders(template) & {"confidence", "importance"}:
                assert "{goal}" in template, template


def test_the_self_tracker_is_the_default_client() -> None:
    from coachcli.domain.records import SELF_CLIENT
    from coachcli.service.validate import DEFAULT_CLIENT

    assert DEFAULT_CLIENT == SELF_CLIENT


def test_a_self_tracker_is_spoken_to() -> None:
    me = Voice.of("Me")
    assert (me.to_reader, me.ask, me.their, me.questions) == (
        True, "To think about", "your", "To think about")
    ana = Voice.of("Ana")
    assert (ana.to_reader, ana.ask, ana.their, ana.questions) == (
        False, "Ask", "their", "Questions to ask")
