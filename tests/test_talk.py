"""What a session sounds like: questions that move, a welcome back, affirmations of what was done.

Driven through the CLI with the clock pinned, session by session, as a coach
would live it.
"""

from __future__ import annotations

import itertools
import json
import re
from datetime import date, timedelta
from typing import Any

from conftest import Invoke

D = date.fromisoformat


def ok(result: Any) -> str:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return str(result.stdout)


def prep(coach: Invoke, day: date, name: str = "Ana") -> dict[str, Any]:
    doc = json.loads(ok(coach("prep", name, "-f", "json", today=day)))
    assert isinstance(doc, dict)
    return doc


def same_ask(q: str) -> str:
    """A question without what changes by itself from one session to the next (the dates)."""
    return re.sub(r"since \d+ \w+( \d{4})?", "since ...", q)


def client(coach: Invoke, start: date) -> None:
    ok(coach("client", "add", "Ana", "--on", start.isoformat(), today=start))
    ok(coach("goal", "add", "Run a 5k", "-c", "Ana", "-i", "9", "-k", "3", "--why", "to keep up with my kids",
             "--on", start.isoformat(), today=start))
    ok(coach("goal", "add", "Read more", "-c", "Ana", "-i", "4", "-k", "8", "--on", start.isoformat(),
             today=start))
    ok(coach("step", "add", "1", "Run 20 minutes", "--every", "mon,wed,fri", "--start", start.isoformat(),
             today=start))
    ok(coach("step", "add", "2", "Read 10 pages", "--every", "daily", "--start", start.isoformat(),
             today=start))


def test_five_weekly_preps_never_ask_a_topic_the_way_they_asked_it_last_session(coach: Invoke) -> None:
    start = D("2026-10-05")  # a Monday
    client(coach, start)
    asked: list[list[str]] = []
    for week in range(5):
        monday = start + timedelta(days=7 * (week + 1))
        for k in range(7):  # reading every day, running once a week: the same signals each week
            day = monday - timedelta(days=7 - k)
            ok(coach("done", "2", "--on", day.isoformat(), today=monday))
        ok(coach("done", "1", "--on", (monday - timedelta(days=5)).isoformat(), today=monday))
        doc = prep(coach, monday)
        asked.append([same_ask(q) for q in doc["questions"]])
        ok(coach("checkin", "-c", "Ana", "--session", "--on", monday.isoformat(), "--commit",
                 f"run on day {week}", "--sure", "6", today=monday))
    for before, after in itertools.pairwise(asked):
        assert not set(before) & set(after), (before, after)
    # The same data asks the same: prep run twice on a day says the same thing.
    assert prep(coach, D("2026-11-09"))["questions"] == prep(coach, D("2026-11-09"))["questions"]


def test_a_quiet_client_is_welcomed_back_before_any_question_about_the_gap(coach: Invoke) -> None:
    start = D("2026-10-05")
    client(coach, start)
    for k in range(10):
        day = start + timedelta(days=k)
        ok(coach("done", "1", "--on", day.isoformat(), today=day))
        ok(coach("done", "2", "--on", day.isoformat(), today=day))
    ok(coach("checkin", "-c", "Ana", "--session", "--on", "2026-10-14", "--commit", "run on Friday",
             today=D("2026-10-14")))
    quiet = D("2026-11-02")  # nothing recorded for 19 days
    doc = prep(coach, quiet)
    assert doc["questions"][0].startswith("Welcome back."), doc["questions"]
    assert not any("Last time you planned" in q or "You planned" in q for q in doc["questions"])
    codes = {s["code"] for s in doc["signals"]}
    assert "quiet" in codes
    assert not codes & {"say_do_gap", "priority_inversion", "slipping"}, codes
    text = ok(coach("prep", "Ana", "-f", "text", today=quiet))
    assert text.split("\n\n")[1].startswith("Coming back\n"), text
    report = json.loads(ok(coach("report", "-c", "Ana", "-f", "json", today=quiet)))
    spell = report["clients"][0]["returning"]
    assert spell["reason"] == "quiet"
    assert spell["back"] is None
    assert spell["holding"] is True
    assert "Coming back" in ok(coach("report", "-c", "Ana", "-f", "text", today=quiet))

    # Back two days later: welcomed, the return itself affirmed, the gap not weighed yet.
    back = D("2026-11-04")
    ok(coach("done", "2", "--on", "2026-11-03", today=back))
    doc = prep(coach, back)
    assert any(a["kind"] == "returned" for a in doc["affirmations"]), doc["affirmations"]
    assert doc["questions"][0].startswith("Welcome back."), doc["questions"]
    assert not {s["code"] for s in doc["signals"]} & {"say_do_gap", "priority_inversion"}

    # Two weeks on, with the runs planned since the return mostly not done: the gap is asked about.
    later = D("2026-11-18")
    for k in range(14):
        day = D("2026-11-04") + timedelta(days=k)
        ok(coach("done", "2", "--on", day.isoformat(), today=later))
    doc = json.loads(ok(coach("report", "-c", "Ana", "-f", "json", "--since", "2026-11-11", today=later)))
    assert doc["clients"][0]["returning"] is None
    assert "say_do_gap" in {s["code"] for s in doc["clients"][0]["signals"]}


def test_a_week_mostly_set_aside_holds_back_priorities(coach: Invoke) -> None:
    start = D("2026-11-02")
    client(coach, start)
    ok(coach("done", "2", "--on", "2026-11-02", today=start))
    ok(coach("skip", "1", "--from", "2026-11-04", "--until", "2026-11-08", "--note", "flu",
             today=D("2026-11-08")))
    ok(coach("skip", "2", "--from", "2026-11-03", "--until", "2026-11-08", "--note", "flu",
             today=D("2026-11-08")))
    doc = json.loads(ok(coach("report", "-c", "Ana", "--week", "2026-W45", "-f", "json",
                              today=D("2026-11-09"))))
    c = doc["clients"][0]
    assert c["returning"]["reason"] == "set_aside", c["returning"]
    assert not {s["code"] for s in c["signals"]} & {"say_do_gap", "priority_inversion"}


def test_priorities_need_as_much_evidence_as_importance_and_action(coach: Invoke) -> None:
    start = D("2026-11-02")
    client(coach, start)
    # One run planned in the window, not done; reading done every day.
    ok(coach("step", "edit", "1", "--every", "fri", "--from", "2026-11-02", today=start))
    for k in range(7):
        day = start + timedelta(days=k)
        ok(coach("done", "2", "--on", day.isoformat(), today=D("2026-11-09")))
    doc = json.loads(ok(coach("report", "-c", "Ana", "--week", "2026-W45", "-f", "json",
                              today=D("2026-11-09"))))
    codes = {s["code"] for s in doc["clients"][0]["signals"]}
    assert "priority_inversion" not in codes, codes
    assert "say_do_gap" not in codes, codes


def test_what_was_done_is_affirmed_in_the_clients_words_and_never_a_share_under_half(
    coach: Invoke,
) -> None:
    start = D("2026-11-02")
    client(coach, start)
    ok(coach("step", "add", "1", "Walk the kids to the park", "--due", "2026-11-05", today=start))
    ok(coach("done", "3", "--on", "2026-11-05", "--note", "walked them to the park without stopping!",
             today=D("2026-11-05")))
    ok(coach("done", "1", "--on", "2026-11-02", today=D("2026-11-05")))
    doc = prep(coach, D("2026-11-09"))
    texts = [a["text"] for a in doc["affirmations"]]
    assert any("walked them to the park without stopping!" in t for t in texts), texts
    assert any(a["kind"] == "days" for a in doc["affirmations"]), texts
    for a in doc["affirmations"]:
        m = re.search(r"(\d+) of (\d+) planned", a["text"])
        assert m is None or 2 * int(m[1]) >= int(m[2]), a
