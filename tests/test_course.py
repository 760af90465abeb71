"""``coach history NAME``: a client's whole course on one screen, each week as the report read it."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import jsonschema

from conftest import Invoke
from helpers import assert_user_error, ok

D = date.fromisoformat
SCHEMA = Path(__file__).parents[1] / "src" / "coachcli" / "history.schema.json"


def course(coach: Invoke) -> None:
    """Ana from 5 October: a run plan made smaller, a pause, a late done, two sessions, ratings."""
    start = D("2026-10-05")
    ok(coach("client", "add", "Ana", "--on", "2026-10-05", today=start))
    ok(coach("goal", "add", "Run a 5k", "-c", "Ana", "-i", "9", "-k", "3", "--on", "2026-10-05",
             today=start))
    ok(coach("step", "add", "1", "Run 20 minutes", "--every", "mon,wed,fri", "--start", "2026-10-05",
             today=start))
    ok(coach("goal", "add", "Read more", "-c", "Ana", "-i", "5", "-k", "7", "--on", "2026-10-12",
             today=D("2026-10-12")))
    ok(coach("step", "add", "2", "Read 10 pages", "--every", "daily", "--start", "2026-10-12",
             today=D("2026-10-12")))
    for k in range(0, 35, 2):
        day = start + timedelta(days=k)
        ok(coach("done", "1", "--on", day.isoformat(), today=day))
        ok(coach("done", "2", "--on", day.isoformat(), today=day)) if day >= D("2026-10-12") else None
    ok(coach("step", "edit", "1", "--every", "mon,thu", "--from", "2026-10-26", today=D("2026-10-26")))
    ok(coach("goal", "pause", "2", "--on", "2026-10-28", "--until", "2026-11-03", today=D("2026-10-28")))
    ok(coach("checkin", "-c", "Ana", "--session", "--on", "2026-10-14", "--commit", "run with Sam",
             "--sure", "7", "--note", "Talked about mornings", today=D("2026-10-14")))
    ok(coach("goal", "rate", "1", "--confidence", "6", "--on", "2026-10-21", today=D("2026-10-21")))
    ok(coach("checkin", "-c", "Ana", "--session", "--on", "2026-10-28", "--win", "ran in the rain",
             "--kept", "k1", "--change", "I want this", "--change", "mornings work", "--sustain", "so tired",
             "--commit", "read on the train", today=D("2026-10-28")))


def history(coach: Invoke, today: str) -> dict[str, Any]:
    doc = json.loads(ok(coach("history", "Ana", "-f", "json", today=D(today))))
    assert isinstance(doc, dict)
    return doc


def test_each_week_of_the_history_is_the_reports_week(coach: Invoke) -> None:
    course(coach)
    doc = history(coach, "2026-11-18")
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text())).validate(doc)
    assert [w["week"] for w in doc["weeks"]] == [f"2026-W{n}" for n in range(41, 48)]
    for w in doc["weeks"][:-1]:
        report = json.loads(ok(coach("report", "-c", "Ana", "--week", w["week"], "-f", "json",
                                     today=D("2026-11-18"))))
        by_id = {g["id"]: g for g in report["clients"][0]["goals"]}
        for cell in w["goals"]:
            g = by_id.get(cell["goal_id"])
            if g is None:  # the report leaves out a goal achieved or dropped before the week
                continue
            assert (cell["expected"], cell["done"], cell["missed"]) == (
                g["expected"], g["done"], g["missed"]), (w["week"], cell, g)
            assert cell["status"] == g["status"]
    # Read more began in W42: absent from W41; paused over W44's end.
    assert [c["goal_id"] for c in doc["weeks"][0]["goals"]] == [1]
    assert {c["goal_id"]: c["status"] for c in doc["weeks"][3]["goals"]}[2] == "paused"
    assert doc["weeks"][1]["sessions"] == ["2026-10-14"]
    assert [s["on_date"] for s in doc["sessions"]] == ["2026-10-14", "2026-10-28"]
    assert doc["sessions"][0]["note"] == "Talked about mornings"
    assert [(c["text"], c["outcome"]) for c in doc["sessions"][0]["agreed"]] == [("run with Sam", "kept")]
    assert [(c["text"], c["outcome"]) for c in doc["sessions"][1]["agreed"]] == [("read on the train", None)]
    assert doc["sessions"][1]["change_share"] == 2 / 3
    rated = [(r["on_date"], r["confidence"]) for r in doc["goals"][0]["ratings"]]
    assert rated == [("2026-10-05", 3), ("2026-10-21", 6)]
    statuses = [(s["goal"], s["status"], s["on_date"]) for s in doc["status_changes"]]
    assert ("Read more", "paused", "2026-10-28") in statuses
    assert ("Read more", "resumed", "2026-11-04") in statuses


def test_history_reads_on_one_screen(coach: Invoke) -> None:
    course(coach)
    text = ok(coach("history", "-c", "Ana", "-f", "text", today=D("2026-11-18")))
    lines = text.splitlines()
    assert lines[0] == "History of Ana: since 2026-10-05, 7 weeks"
    assert max(map(len, lines)) <= 80
    week = next(line for line in lines if line.startswith("2026-W42"))
    assert week.split()[-1] == "Wed"  # the session that week
    assert "confidence ▃▅ 3 (5 October) to 6 (21 October)" in " ".join(text.split())
    assert "Agreed: 'run with Sam' (kept)" in text
    flat = " ".join(text.split())
    assert "ran in the rain (change talk 2 of 3)" not in flat  # the note is the session's, the win is not
    assert "Session. (change talk 2 of 3)" in flat
    assert "Agreed at sessions: 2: 1 kept, 0 partly, 0 not kept, 1 not looked at yet." in flat
    md = ok(coach("history", "Ana", "-f", "markdown", today=D("2026-11-18")))
    assert "| 2026-W42 |" in md
    rich = ok(coach("history", "Ana", "-f", "rich", today=D("2026-11-18"), COLUMNS="100"))
    assert "History of Ana" in rich


def test_a_past_week_of_the_history_never_changes_when_later_things_happen(coach: Invoke) -> None:
    course(coach)
    before = history(coach, "2026-11-18")["weeks"][:-1]
    # Later: a done dated this week, a new plan, an achievement, a new goal.
    ok(coach("done", "1", "--on", "2026-11-16", today=D("2026-11-18")))
    ok(coach("step", "edit", "1", "--every", "daily", "--from", "2026-11-18", today=D("2026-11-18")))
    ok(coach("goal", "achieve", "2", "--on", "2026-11-18", today=D("2026-11-18")))
    ok(coach("goal", "add", "Sleep", "-c", "Ana", "--on", "2026-11-18", today=D("2026-11-18")))
    after = history(coach, "2026-11-18")["weeks"][:-1]
    assert after == before


def test_history_of_an_unknown_client_is_one_clear_error(coach: Invoke) -> None:
    ok(coach("client", "add", "Bo"))
    assert_user_error(coach("history", "Nobody"), "no client named 'Nobody'")
    result = coach("history", "Bo", "-c", "Bo")
    assert result.exit_code == 2


def test_the_html_report_of_one_client_ends_with_the_history(coach: Invoke) -> None:
    course(coach)
    page = ok(coach("report", "-c", "Ana", "-f", "html", today=D("2026-11-18")))
    section = page.split('<section class="history">')[1]
    assert section.startswith("<h3>History since 2026-10-05")
    assert "<td>2026-W42</td><td>3/3</td><td>3/7</td><td>Wed</td>" in section
    assert "run with Sam" in section
    caseload = ok(coach("report", "--all", "-f", "html", today=D("2026-11-18")))
    assert 'class="history"' not in caseload
