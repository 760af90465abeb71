"""``coach report``, ``agenda``, ``prep`` and ``config`` end to end, with golden files.

A small caseload is built through the command line at pinned dates
(:func:`build_caseload`), once per module, and copied for each test.

Golden files: ``tests/golden/`` holds the ``text``, ``markdown``, ``json`` and
``html`` outputs of ``coach report --all --week 2026-W46`` and ``coach report
-c Ana`` on that caseload (JSON without ``generated_at``, HTML with the
generated timestamp replaced). After an intended change to the report, rewrite
them and review the diff::

    COACH_UPDATE_GOLDEN=1 python -m pytest tests/test_report_cli.py -k golden
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import Result

from helpers import as_json, assert_user_error, build_template, restore, snapshot

Invoke = Callable[..., Result]

GOLDEN = Path(__file__).parent / "golden"
UPDATE_GOLDEN = os.environ.get("COACH_UPDATE_GOLDEN") == "1"
SCHEMA_PATH = Path(__file__).parents[1] / "src" / "coachcli" / "report.schema.json"

SETUP_DAY = date(2026, 10, 26)  # a Monday: goals and steps are set up
TODAY = date(2026, 11, 18)  # a Wednesday (conftest.TODAY): everything is logged as of it


# ------------------------------------------------------------------ the caseload


def run(coach: Invoke, *args: str, today: date | None = None) -> str:
    """Run a command of the caseload's history; an entry dated --on DAY is recorded on that day,
    as it would have been when lived (last seen and quiet read the day it was recorded)."""
    if today is None:
        lived = args[0] in ("done", "missed", "skip", "checkin") and "--on" in args
        today = date.fromisoformat(args[args.index("--on") + 1]) if lived else TODAY
    result = coach(*args, today=today)
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    return result.stdout


def build_caseload(coach: Invoke) -> None:
    """Four clients, goals 1-8 and steps 1-8, with figures worked out by hand.

    Weeks: W45 is Mon Nov 2 .. Sun Nov 8, W46 Mon Nov 9 .. Sun Nov 15.

    - Ana: goal 1 "Run a 10k" (9/10, confidence 6 then 4 on Nov 12), step 1
      Walk-run mon,wed,fri from Nov 2: W45 all 3 done; W46 Mon done, Wed missed
      ("rain all week"), Fri not logged -> 1 of 3 (say-do gap, slipping from
      100%, priority inversion); Mon 16 done. Goal 2 "Read more" (5/10), step 2
      daily from Nov 9, done every day to Nov 17 (streak). A session check-in
      on Nov 10 with a win, an obstacle and a commitment.
    - Ben: goal 3 "Sleep by 11" --should (confidence 3), step 3 weekdays from
      Nov 2 (W46: Tue done, Mon and Wed not logged, Thu missed, Fri skipped ->
      1 of 4); step 4 one-off "Buy blackout blinds" due Nov 6, never done
      (overdue). Goal 4 "Learn Spanish", step 5 daily, achieved on Nov 12 (W46:
      Mon-Wed done, 3 of 3). Goal 5 "Call mum" without steps (no plan).
    - Cleo: goal 6 "Meditate", step 6 3/week since Oct 5, last done Oct 20
      (quiet, stalled, say-do gap 0 of 3).
    - Dev: goal 7 "Strength training", step 7 2/week, met in W45 and W46 (two
      logged at once on Nov 10), one on Nov 16; goal 8 "Cook at home", step 8
      every 3 days from Nov 1, paused on Nov 8. A check-in with a win on Nov 14.
    """
    s = SETUP_DAY
    run(coach, "client", "add", "Ana", today=s)
    run(coach, "goal", "add", "Run a 10k", "-c", "Ana", "-i", "9", "-k", "6",
        "--why", "to keep up with my kids", today=s)
    run(coach, "step", "add", "1", "Walk-run 20 min", "--every", "mon,wed,fri", "--start", "2026-11-02",
        today=s)
    run(coach, "goal", "add", "Read more", "-c", "Ana", "-i", "5", "-k", "8", today=s)
    run(coach, "step", "add", "2", "Read 20 pages", "--every", "daily", "--start", "2026-11-09", today=s)
    run(coach, "client", "add", "Ben", today=s)
    run(coach, "goal", "add", "Sleep by 11", "-c", "Ben", "--should", "-i", "6", "-k", "3", today=s)
    run(coach, "step", "add", "3", "Lights out 22:45", "--every", "weekdays", "--start", "2026-11-02",
        today=s)
    run(coach, "step", "add", "3", "Buy blackout blinds", "--due", "2026-11-06", today=s)
    run(coach, "goal", "add", "Learn Spanish", "-c", "Ben", "-i", "7", "-k", "7", today=s)
    run(coach, "step", "add", "4", "Duolingo lesson", "--every", "daily", "--start", "2026-11-02", today=s)
    run(coach, "goal", "add", "Call mum", "-c", "Ben", "-i", "8", "-k", "9", today=s)
    run(coach, "client", "add", "Cleo", today=s)
    run(coach, "goal", "add", "Meditate", "-c", "Cleo", "-i", "7", "-k", "5", today=s)
    run(coach, "step", "add", "6", "Sit 10 minutes", "--every", "3/week", "--start", "2026-10-05", today=s)
    for day in ("2026-10-06", "2026-10-08", "2026-10-20"):
        run(coach, "done", "6", "--on", day)
    run(coach, "client", "add", "Dev", today=s)
    run(coach, "goal", "add", "Strength training", "-c", "Dev", "-i", "8", "-k", "7", today=s)
    run(coach, "step", "add", "7", "Gym session", "--every", "2/week", "--start", "2026-11-02", today=s)
    run(coach, "goal", "add", "Cook at home", "-c", "Dev", "-i", "4", "-k", "6", today=s)
    run(coach, "step", "add", "8", "Cook dinner", "--every", "every 3 days", "--start", "2026-11-01",
        today=s)

    for day in ("2026-11-02", "2026-11-04", "2026-11-06", "2026-11-09", "2026-11-16"):
        run(coach, "done", "1", "--on", day)
    run(coach, "missed", "1", "--on", "2026-11-11", "--note", "rain all week")
    for n in range(9, 18):
        run(coach, "done", "2", "--on", f"2026-11-{n:02d}")
    run(coach, "goal", "rate", "1", "-k", "4", "--on", "2026-11-12", "--note", "knee hurts")
    run(coach, "checkin", "-c", "Ana", "--on", "2026-11-10", "--session", "--mood", "4",
        "--win", "ran 5 minutes without stopping", "--obstacle", "late meetings",
        "--commit", "run on Wednesday morning", "--sure", "7")
    for day in ("2026-11-03", "2026-11-04", "2026-11-10"):
        run(coach, "done", "3", "--on", day)
    run(coach, "missed", "3", "--on", "2026-11-12", "--note", "late shift")
    run(coach, "skip", "3", "--on", "2026-11-13", "--note", "travelling")
    for day in ("2026-11-02", "2026-11-03", "2026-11-05", "2026-11-09", "2026-11-10", "2026-11-11"):
        run(coach, "done", "5", "--on", day)
    run(coach, "goal", "achieve", "4", "--on", "2026-11-12")
    run(coach, "done", "7", "--on", "2026-11-03")
    run(coach, "done", "7", "--on", "2026-11-05")
    run(coach, "done", "7", "--on", "2026-11-10", "--count", "2")
    run(coach, "done", "7", "--on", "2026-11-16")
    for day in ("2026-11-01", "2026-11-04", "2026-11-07"):
        run(coach, "done", "8", "--on", day)
    run(coach, "goal", "pause", "8", "--on", "2026-11-08")
    run(coach, "checkin", "-c", "Dev", "--on", "2026-11-14", "--win", "deadlift personal best")


@pytest.fixture(scope="module")
def caseload_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The caseload, built once per module (about 60 commands)."""
    return build_template(tmp_path_factory, "caseload", build_caseload)


@pytest.fixture
def case(coach: Invoke, caseload_db: Path, db_path: Path) -> Invoke:
    """``coach`` on a private copy of the caseload."""
    restore(caseload_db, db_path)
    return coach


# ------------------------------------------------------------------ helpers


def ok(result: Result) -> str:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


@cache
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(loaded)
    return loaded


def validate(doc: Any) -> None:
    jsonschema.Draft202012Validator(schema()).validate(doc)


def goals_by_id(doc: Any) -> dict[int, dict[str, Any]]:
    return {g["id"]: g for c in doc["clients"] for g in c["goals"]}


def signal_codes(client: dict[str, Any]) -> list[tuple[str, int | None]]:
    return [(s["code"], s["goal_id"]) for s in client["signals"]]


# ------------------------------------------------------------------ report: figures


def test_caseload_week_report_figures(case: Invoke) -> None:
    doc = as_json(case("report", "--all", "--week", "2026-W46", "-f", "json"))
    assert doc["window"] == {"start": "2026-11-09", "end": "2026-11-15"}
    # Ordered by attention: Cleo (quiet 5 + say-do 4 + stalled 3), Ana (4+3+2+1), Ben (1+2+1+1), Dev.
    assert [(c["name"], c["attention"]) for c in doc["clients"]] == [
        ("Cleo", 12), ("Ana", 10), ("Ben", 5), ("Dev", 0)]
    goals = goals_by_id(doc)
    figures = {i: (g["expected"], g["done"], g["missed"], g["adherence"]) for i, g in goals.items()}
    assert figures == {
        6: (3, 0, 0, 0.0),  # Meditate 3/week, nothing done
        1: (3, 1, 1, 0.333),  # Walk-run: Mon done, Wed missed, Fri not logged
        2: (7, 7, 0, 1.0),  # Read daily from Mon 9
        3: (4, 1, 1, 0.25),  # weekdays: Fri skipped -> 4 expected
        4: (3, 3, 0, 1.0),  # daily until achieved on Thu 12
        5: (0, 0, 0, None),  # no step
        7: (2, 2, 0, 1.0),  # 2/week, two logged at once
        8: (0, 0, 0, None),  # paused before the week
    }
    assert goals[1]["previous_adherence"] == 1.0
    assert goals[1]["trend"] == [None] * 6 + [1.0, 0.333]
    assert (goals[1]["confidence"], goals[1]["confidence_change"]) == (4, -2)
    # Strength: W45 perfect -> 0.25; then 0.75 * 0.25 + 0.25 * 1/3 = 0.2708 -> 27.
    assert goals[1]["strength"] == 27
    # Streaks as of Sun 15: Read 7 days; Gym W45 + W46 met (2 + 2); Cook 3 before its pause.
    assert (goals[2]["streak"], goals[7]["streak"], goals[8]["streak"]) == (7, 4, 3)
    assert goals[4]["status"] == "achieved"
    assert goals[8]["status"] == "paused"
    clients = {c["name"]: c for c in doc["clients"]}
    assert signal_codes(clients["Ana"]) == [
        ("streak", 2), ("say_do_gap", 1), ("slipping", 1), ("priority_inversion", 1),
        ("low_confidence", 1)]
    assert signal_codes(clients["Ben"]) == [
        ("achieved", 4), ("should_goal", 3), ("overdue", 3), ("low_confidence", 3), ("no_plan", 5)]
    # Quiet: welcomed back first; the say-do gap waits until there is something since the return.
    assert signal_codes(clients["Cleo"]) == [("quiet", None), ("stalled", 6)]
    assert clients["Cleo"]["returning"]["reason"] == "quiet"
    assert signal_codes(clients["Dev"]) == [("streak", 7)]
    assert (clients["Ana"]["expected"], clients["Ana"]["done"], clients["Ana"]["adherence"]) == (10, 8, 0.8)
    assert clients["Ana"]["wins"] == ["ran 5 minutes without stopping"]
    assert clients["Ana"]["obstacles"] == ["late meetings", "rain all week (Walk-run 20 min: 2026-11-11)"]
    assert clients["Ana"]["commitments"] == ["run on Wednesday morning"]
    # A skip is excused, not an obstacle: its note is set aside.
    assert clients["Ben"]["obstacles"] == ["late shift (Lights out 22:45: 2026-11-12)"]
    assert clients["Ben"]["set_aside"] == ["travelling (Lights out 22:45: 2026-11-13)"]
    assert clients["Cleo"]["last_activity"] == "2026-10-20"
    evidence = {s["code"]: s["evidence"] for s in clients["Ana"]["signals"]}
    assert evidence["say_do_gap"] == (
        "Rated 9/10 important; 1 of 3 planned 'Walk-run 20 min' done in week 2026-W46.")
    quiet = clients["Cleo"]["signals"][0]
    assert quiet["evidence"] == "Nothing logged for 26 days (last on 2026-10-20)."
    validate(doc)


def test_default_window_is_the_last_seven_days_ending_today(case: Invoke) -> None:
    doc = as_json(case("report", "-c", "ana", "-f", "json"))  # names match case-insensitively
    assert doc["window"] == {"start": "2026-11-12", "end": "2026-11-18"}
    (ana,) = doc["clients"]
    goals = goals_by_id(doc)
    # Walk-run: Fri 13 not logged, Mon 16 done, Wed 18 is today and not logged yet (pending).
    assert (goals[1]["expected"], goals[1]["done"]) == (2, 1)
    # Read: Thu 12 .. Tue 17 done, today pending.
    assert (goals[2]["expected"], goals[2]["done"], goals[2]["streak"]) == (6, 6, 9)
    assert (ana["expected"], ana["done"], ana["adherence"]) == (8, 7, 0.875)
    assert ana["last_activity"] == "2026-11-17"
    assert ana["wins"] == []  # the check-in of Nov 10 is outside the window ...
    assert ana["commitments"] == ["run on Wednesday morning"]  # ... its commitments are still the latest


def test_week_last_is_the_previous_iso_week(case: Invoke) -> None:
    last = as_json(case("report", "--all", "--week", "last", "-f", "json"))
    named = as_json(case("report", "--all", "--week", "2026-W46", "-f", "json"))
    del last["generated_at"], named["generated_at"]
    assert last == named
    this = as_json(case("report", "-c", "Ana", "--week", "this", "-f", "json"))
    assert this["window"] == {"start": "2026-11-16", "end": "2026-11-22"}


def test_since_until_window(case: Invoke) -> None:
    doc = as_json(case("report", "-c", "Ana", "--since", "2026-11-01", "--until", "2026-11-15", "-f", "json"))
    assert doc["window"] == {"start": "2026-11-01", "end": "2026-11-15"}
    goals = goals_by_id(doc)
    # Walk-run Nov 2, 4, 6, 9, 11, 13: 4 done, 1 missed, Fri 13 not logged.
    assert (goals[1]["expected"], goals[1]["done"], goals[1]["missed"], goals[1]["adherence"]) == (
        6, 4, 1, 0.667)
    assert (goals[2]["expected"], goals[2]["done"]) == (7, 7)
    evidence = {s["code"]: s["evidence"] for s in doc["clients"][0]["signals"]}
    assert evidence["streak"] == "'Read more' was done the last 7 times it was planned."
    # Only --since: up to today.
    doc = as_json(case("report", "-c", "Ana", "--since", "2026-11-16", "-f", "json"))
    assert doc["window"] == {"start": "2026-11-16", "end": "2026-11-18"}


def test_week_last_across_a_dst_change_counts_seven_days(coach: Invoke) -> None:
    # Europe springs forward on Sun 2026-03-29. Cron runs `--week last` on Mon 30
    # in Paris: W13 (Mon 23 .. Sun 29) still has 7 days, and a daily step whose
    # Sunday went unlogged is 6 of 7 -- the Sunday is over, not pending.
    ok(coach("goal", "add", "Stretch", "-i", "8", today=date(2026, 3, 16)))
    ok(coach("step", "add", "1", "Stretch 5 min", "--every", "daily", "--start", "2026-03-23",
             today=date(2026, 3, 16)))
    for n in range(23, 29):
        ok(coach("done", "1", "--on", f"2026-03-{n}", today=date(2026, 3, 29), TZ="Europe/Paris"))
    doc = as_json(coach("report", "--week", "last", "-f", "json", today=date(2026, 3, 30), TZ="Europe/Paris"))
    assert doc["window"] == {"start": "2026-03-23", "end": "2026-03-29"}
    (g,) = doc["clients"][0]["goals"]
    assert (g["expected"], g["done"], g["adherence"]) == (7, 6, 0.857)


def test_all_lists_active_clients_only(case: Invoke) -> None:
    ok(case("client", "archive", "Dev"))
    doc = as_json(case("report", "--all", "--week", "2026-W46", "-f", "json"))
    assert [c["name"] for c in doc["clients"]] == ["Cleo", "Ana", "Ben"]


# ------------------------------------------------------------------ report: formats


def test_text_is_plain_and_fits_80_columns(case: Invoke) -> None:
    out = ok(case("report", "--all", "--week", "2026-W46", "-f", "text"))
    assert "\x1b" not in out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert out.startswith("Caseload report, week 2026-W46 (2026-11-09 to 2026-11-15)\n")
    assert "! Importance and action · Run a 10k: Rated 9/10 important; 1 of 3 planned" in out
    # Celebrations come before what is worth exploring.
    ana = out[out.index("Ana: 80%"):out.index("Ben: 57%")]
    assert ana.index("What's working") < ana.index("Worth exploring") < ana.index("In their words")


def test_rich_and_markdown_carry_the_same_report(case: Invoke) -> None:
    rich = ok(case("report", "-c", "Ana", "--week", "2026-W46", "-f", "rich"))
    assert "Report for Ana, week 2026-W46" in rich
    assert "✔ Streak · Read more" in rich
    assert "\x1b" not in rich  # not a terminal: no colour codes
    md = ok(case("report", "-c", "Ana", "--week", "2026-W46", "-f", "markdown"))
    assert md.startswith("## Report for Ana, week 2026-W46 (2026-11-09 to 2026-11-15)\n")
    assert "| 1 Run a 10k | 1/3 | 33% | 9 | 4↓2 | 0 | 27 | ······█▃ |" in md
    assert "### Worth exploring" in md


def test_html_is_one_self_contained_page(case: Invoke) -> None:
    page = ok(case("report", "--all", "--week", "2026-W46", "-f", "html"))
    assert page.startswith("<!DOCTYPE html>")
    # One weekly chart per goal, one done-vs-planned per client, a calendar and a score per step.
    assert page.count('<svg class="chart goal"') == 8
    assert page.count('<svg class="chart client"') == 4
    steps = len(re.findall(r'<figure class=habit id="habit-\d+">', page))
    assert steps >= 8  # every goal has a step
    assert page.count('<svg class="chart calendar"') == page.count('<svg class="chart score"') == steps
    assert page.count("<svg") == 8 + 4 + 2 * steps
    assert "<style>" in page
    assert not re.search(r"(src|href)=\"?(https?:)?//", page)  # nothing fetched from a network
    assert '<li class="attention" data-code="say_do_gap">' in page


def test_rich_when_forced_to_colour_still_prints_markup_literally(coach: Invoke) -> None:
    ok(coach("goal", "add", "[bold]x[/bold] goal", "-i", "9", today=SETUP_DAY))
    out = ok(coach("report", "-f", "rich", FORCE_COLOR="1", TERM="xterm-256color", COLUMNS="200"))
    assert "\x1b[" in out  # colours are on ...
    assert "[bold]x[/bold] goal" in out  # ... and the user's markup is text


# ------------------------------------------------------------------ report: -o FILE


@pytest.mark.parametrize(("fmt", "name"), [("text", "r.txt"), ("markdown", "r.md"), ("json", "r.json")])
def test_output_file_matches_stdout(case: Invoke, tmp_path: Path, fmt: str, name: str) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / name
    args = ("report", "--all", "--week", "2026-W46", "-f", fmt)
    shown = ok(case(*args))
    result = case(*args, "-o", str(target))
    assert ok(result) == ""
    assert result.stderr == f"Wrote {target}\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    written = target.read_text(encoding="utf-8")
    if fmt == "json":
        written_doc, shown_doc = json.loads(written), json.loads(shown)
        del written_doc["generated_at"], shown_doc["generated_at"]
        assert written_doc == shown_doc
    else:
        assert written == shown
    assert [p.name for p in out_dir.iterdir()] == [name]  # no temporary file left behind


def test_output_format_follows_the_file_extension(case: Invoke, tmp_path: Path) -> None:
    ok(case("report", "-c", "Ana", "-o", str(tmp_path / "ana.html")))
    assert (tmp_path / "ana.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    ok(case("report", "-c", "Ana", "-o", str(tmp_path / "ana.json")))
    validate(json.loads((tmp_path / "ana.json").read_text(encoding="utf-8")))
    ok(case("report", "-c", "Ana", "-o", str(tmp_path / "ana.txt"), "-f", "rich"))  # rich to a file: text
    assert "\x1b" not in (tmp_path / "ana.txt").read_text(encoding="utf-8")


def test_output_replaces_an_existing_file(case: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "week.txt"
    target.write_text("old report\n", encoding="utf-8")
    ok(case("report", "-c", "Ana", "-f", "text", "-o", str(target)))
    assert target.read_text(encoding="utf-8").startswith("Report for Ana")


def test_output_into_a_missing_directory_is_one_clear_error(case: Invoke, tmp_path: Path) -> None:
    result = case("report", "-c", "Ana", "-o", str(tmp_path / "nowhere" / "r.txt"))
    assert_user_error(result, "nowhere")
    assert not (tmp_path / "nowhere").exists()


# ------------------------------------------------------------------ report: errors


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--week", "last", "--since", "2026-11-01"), "--week"),
        (("--week", "2026-W60"), "2026-W60"),
        (("--week", "someday"), "someday"),
        (("--since", "2026-11-18", "--until", "2026-11-01"), "--since"),
        (("--since", "not a date"), "not a date"),
        (("-c", "Zed"), "no client named 'Zed'"),
        (("-c", "Anna"), "did you mean 'Ana'?"),
    ],
)
def test_report_refuses_bad_input(case: Invoke, db_path: Path, args: tuple[str, ...], fragment: str) -> None:
    before = snapshot(db_path)
    assert_user_error(case("report", *args), fragment)
    assert snapshot(db_path) == before


@pytest.mark.parametrize(
    "args",
    [("report", "--all", "--week", "last"), ("report", "-f", "json"), ("report", "-o", "r.txt"),
     ("agenda",), ("prep", "me"), ("log",), ("goal", "list"), ("step", "list"), ("client", "list"),
     ("client", "show", "me"), ("config",), ("config", "stalled.days"), ("export",), ("db", "check"),
     ("backup",)],
    ids=" ".join,
)
def test_a_read_of_a_missing_database_is_an_error_and_creates_nothing(
    coach: Invoke, tmp_path: Path, args: tuple[str, ...]
) -> None:
    # Under cron with a mistyped COACH_DB, an empty report would look like a quiet week.
    missing = tmp_path / "no" / "such.db"
    os.chdir(tmp_path)
    result = coach(*args, "--db", str(missing))
    assert_user_error(result, f"no database at {missing}")
    assert "coach init" in result.stderr
    assert not missing.parent.exists()
    assert not (tmp_path / "r.txt").exists()


def test_no_format_shows_a_fraction_of_an_occurrence(coach: Invoke) -> None:
    # Quota steps whose periods every window here cuts: a 3/week from a Friday, a 2/month.
    ok(coach("goal", "add", "Swim", "-i", "9"))
    ok(coach("step", "add", "1", "swim", "--every", "3/week", "--start", "2026-10-30"))
    ok(coach("step", "add", "1", "long swim", "--every", "2/month", "--start", "2026-10-07"))
    for day in ("2026-10-31", "2026-11-03", "2026-11-11", "2026-11-12", "2026-11-17"):
        ok(coach("done", "1", "--on", day))
    ok(coach("done", "2", "--on", "2026-10-20"))
    ok(coach("skip", "1", "--on", "2026-11-05", "--note", "pool closed"))
    fraction = re.compile(r"\d\.\d+\s*(of|/)|(of|/)\s*\d+\.\d")
    for window in ((), ("--week", "last"), ("--since", "2026-10-29", "--until", "2026-11-04"),
                   ("--since", "2026-10-01")):
        for fmt in ("text", "markdown", "html"):
            out = re.sub(r"<style>.*?</style>", "", ok(coach("report", *window, "-f", fmt)), flags=re.S)
            assert not fraction.search(out), (window, fmt, fraction.search(out))
        doc = as_json(coach("report", *window, "-f", "json"))
        validate(doc)
        for g in doc["clients"][0]["goals"]:
            for figures in (g, *g["steps"]):
                assert all(type(figures[k]) is int for k in ("expected", "done", "missed")), figures
    assert not fraction.search(ok(coach("prep", "me", "-f", "text")))


def test_a_plain_report_in_a_caseload_without_me_says_who_there_is(
    coach: Invoke, tmp_path: Path
) -> None:
    for name in ("Ana", "Ben"):
        ok(coach("client", "add", name))
    os.chdir(tmp_path)
    for args in (("report",), ("report", "-o", "week.txt"), ("agenda",)):
        assert_user_error(coach(*args), "no client 'me' here; name one with -c NAME (clients: Ana, Ben)")
    assert not (tmp_path / "week.txt").exists()
    assert ok(coach("report", "-c", "Ana", "-f", "text")).startswith("Report for Ana")


def test_a_plain_report_before_anything_is_recorded(coach: Invoke) -> None:
    """A new user's first report is a friendly empty state that says how to begin, not an error."""
    ok(coach("init"))
    out = " ".join(ok(coach("report", "-f", "text")).split())
    assert out == ("Your report, 2026-11-12 to 2026-11-18 Nothing recorded yet. Start with coach goal "
                   "add TITLE (for yourself) or coach client add NAME (for a caseload); coach demo "
                   "shows a full report.")
    assert as_json(coach("report", "-f", "json"))["clients"] == []  # type: ignore[index]
    assert "Nothing recorded yet." in ok(coach("report", "-f", "html"))
    summary = ok(coach("report", "--summary", "-f", "text"))
    assert summary.startswith("Your summary, 2026-11-12 to 2026-11-18\n\nNothing recorded yet.")
    assert ok(coach("agenda", "-f", "text")) == "Agenda for 2026-11-18\nNothing due. Enjoy the day.\n"


def test_a_report_on_an_empty_caseload(coach: Invoke) -> None:
    ok(coach("init"))
    doc = as_json(coach("report", "--all", "-f", "json"))
    assert doc["clients"] == []
    validate(doc)
    assert "No active clients." in ok(coach("report", "--all", "-f", "text"))


# ------------------------------------------------------------------ golden files


GOLDEN_REPORTS = {
    "caseload-2026-W46": ("--all", "--week", "2026-W46"),
    "ana-last-7-days": ("-c", "Ana"),
}
GOLDEN_FORMATS = {"text": "txt", "markdown": "md", "json": "json", "html": "html"}


def stable(fmt: str, out: str) -> str:
    """The output without the one thing that changes between runs: when it was generated."""
    if fmt == "json":
        doc = json.loads(out)
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", doc.pop("generated_at"))
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if fmt == "html":
        out, n = re.subn(r"generated \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", "generated GENERATED_AT", out)
        assert n == 1
    return out


@pytest.mark.parametrize("fmt", list(GOLDEN_FORMATS))
@pytest.mark.parametrize("name", list(GOLDEN_REPORTS))
def test_golden_report(case: Invoke, name: str, fmt: str) -> None:
    out = stable(fmt, ok(case("report", *GOLDEN_REPORTS[name], "-f", fmt)))
    path = GOLDEN / f"{name}.{GOLDEN_FORMATS[fmt]}"
    if UPDATE_GOLDEN:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(out, encoding="utf-8")
    assert path.exists(), f"missing {path}: run with COACH_UPDATE_GOLDEN=1 to create it"
    assert out == path.read_text(encoding="utf-8"), f"{path.name} differs (COACH_UPDATE_GOLDEN=1 rewrites it)"


def test_reports_are_deterministic(case: Invoke) -> None:
    args = ("report", "--all", "--week", "2026-W46", "-f", "text")
    assert ok(case(*args)) == ok(case(*args))


# ------------------------------------------------------------------ JSON schema


def test_schema_is_valid_and_exact() -> None:
    s = schema()
    assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"

    def objects(node: Any) -> list[dict[str, Any]]:
        found = []
        if isinstance(node, dict):
            if node.get("type") == "object":
                found.append(node)
            for value in node.values():
                found += objects(value)
        elif isinstance(node, list):
            for value in node:
                found += objects(value)
        return found

    assert objects(s)
    for obj in objects(s):
        assert obj["additionalProperties"] is False
        # A key that only some objects carry (a measured step's) is named by dependentRequired.
        dependent = {k for key, keys in obj.get("dependentRequired", {}).items() for k in (key, *keys)}
        assert not set(obj["required"]) & dependent
        assert set(obj["required"]) | dependent == set(obj["properties"])


@pytest.mark.parametrize("name", list(GOLDEN_REPORTS))
def test_golden_json_validates(case: Invoke, name: str) -> None:
    validate(as_json(case("report", *GOLDEN_REPORTS[name], "-f", "json")))


def test_client_without_goals_validates(coach: Invoke) -> None:
    ok(coach("client", "add", "Zoë"))
    doc = as_json(coach("report", "-c", "zoë", "-f", "json"))
    (client,) = doc["clients"]
    assert (client["name"], client["goals"], client["adherence"], client["last_activity"]) == (
        "Zoë", [], None, None)
    validate(doc)


def test_schema_rejects_a_drifted_document(case: Invoke) -> None:
    doc = as_json(case("report", "-c", "Ana", "-f", "json"))
    doc["clients"][0]["goals"][0]["surprise"] = 1
    with pytest.raises(jsonschema.ValidationError):
        validate(doc)
    doc = as_json(case("report", "-c", "Ana", "-f", "json"))
    doc["clients"][0]["signals"][0]["code"] = "made_up"
    with pytest.raises(jsonschema.ValidationError):
        validate(doc)
    doc = as_json(case("report", "-c", "Ana", "-f", "json"))
    doc["clients"][0]["goals"][0]["trend"].pop()
    with pytest.raises(jsonschema.ValidationError):
        validate(doc)


# ------------------------------------------------------------------ user text, literally


NASTY = "[bold]x[/bold] <script>alert(1)</script> *stars* | pipe \x1b[31mred"


@pytest.fixture
def nasty(coach: Invoke) -> Invoke:
    """A goal, step, miss note, win, obstacle and commitment that all contain NASTY."""
    ok(coach("goal", "add", f"G {NASTY}", "-i", "9", "-k", "3", today=date(2026, 11, 2)))
    ok(coach("step", "add", "1", f"S {NASTY}", "--every", "daily", "--start", "2026-11-02",
             today=date(2026, 11, 2)))
    ok(coach("missed", "1", "--on", "2026-11-10", "--note", f"M {NASTY}"))
    ok(coach("checkin", "--on", "2026-11-11", "--win", f"W {NASTY}", "--obstacle", f"O {NASTY}",
             "--commit", f"C {NASTY}"))
    return coach


def one_line(out: str) -> str:
    """Text with its wrapping undone, so a phrase split across lines can be found."""
    return " ".join(out.split())


@pytest.mark.parametrize("fmt", ["text", "rich"])
def test_user_text_is_literal_in_text_and_rich(nasty: Invoke, fmt: str) -> None:
    out = ok(nasty("report", "--week", "2026-W46", "-f", fmt))
    assert "\x1b" not in out
    flat = one_line(out)
    for prefix in ("S", "M", "W", "O", "C"):
        assert f"{prefix} [bold]x[/bold] <script>alert(1)</script> *stars* | pipe [31mred" in flat, prefix


def test_user_text_is_escaped_in_markdown(nasty: Invoke) -> None:
    out = ok(nasty("report", "--week", "2026-W46", "-f", "markdown"))
    assert "\x1b" not in out
    escaped = r"\[bold\]x\[/bold\] \<script\>alert(1)\</script\> \*stars\* \| pipe \[31mred"
    for prefix in ("S", "M", "W", "O", "C"):
        assert f"{prefix} {escaped}" in out, prefix
    assert "<script>" not in out
    assert "*stars*" not in out.replace(r"\*stars\*", "")


def test_user_text_is_escaped_in_html(nasty: Invoke) -> None:
    out = ok(nasty("report", "--week", "2026-W46", "-f", "html"))
    assert "\x1b" not in out
    escaped = "[bold]x[/bold] &lt;script&gt;alert(1)&lt;/script&gt; *stars* | pipe [31mred"
    for prefix in ("G", "S", "M", "W", "O", "C"):
        assert f"{prefix} {escaped}" in out, prefix
    assert "<script" not in out


def test_user_text_is_exact_in_json(nasty: Invoke) -> None:
    out = ok(nasty("report", "--week", "2026-W46", "-f", "json"))
    assert "\x1b" not in out  # JSON escapes it as \u001b
    doc = json.loads(out)
    (client,) = doc["clients"]
    assert client["goals"][0]["title"] == f"G {NASTY}"
    assert client["goals"][0]["steps"][0]["title"] == f"S {NASTY}"
    assert client["wins"] == [f"W {NASTY}"]
    assert client["obstacles"] == [f"O {NASTY}", f"M {NASTY} (S {NASTY}: 2026-11-10)"]
    assert client["commitments"] == [f"C {NASTY}"]
    validate(doc)


def test_user_text_is_literal_in_prep_and_agenda(nasty: Invoke) -> None:
    for args in (("prep", "me"), ("agenda",)):
        out = ok(nasty(*args, "-f", "text", COLUMNS="300"))  # nothing cut to fit
        assert "\x1b" not in out
        assert "[bold]x[/bold]" in out


# ------------------------------------------------------------------ agenda


def agenda(coach: Invoke, *args: str) -> list[tuple[str, str | None, str, str, str]]:
    doc = as_json(coach("agenda", *args, "-f", "json"))
    return [(i["client"], i["on_date"], i["kind"], i["step"], i["detail"]) for i in doc["items"]]


def test_agenda_today(case: Invoke) -> None:
    assert agenda(case, "-c", "Ana") == [
        ("Ana", "2026-11-13", "unlogged", "Walk-run 20 min", "not logged yet"),
        ("Ana", "2026-11-18", "due", "Walk-run 20 min", "Mon, Wed and Fri"),
        ("Ana", "2026-11-18", "due", "Read 20 pages", "every day"),
    ]
    out = ok(case("agenda", "-c", "Ana", "-f", "text"))
    assert out.startswith("Agenda for 2026-11-18\n")


def test_agenda_overdue_one_off_and_unlogged_reminders(case: Invoke) -> None:
    assert agenda(case, "-c", "Ben") == [
        ("Ben", "2026-11-06", "overdue", "Buy blackout blinds", "was due 12 days ago"),
        ("Ben", "2026-11-16", "unlogged", "Lights out 22:45", "not logged yet"),
        ("Ben", "2026-11-17", "unlogged", "Lights out 22:45", "not logged yet"),
        ("Ben", "2026-11-18", "due", "Lights out 22:45", "weekdays"),
    ]


def test_agenda_quota_says_how_many_more_this_period(case: Invoke) -> None:
    # Mon Nov 9: none of W46's two gym sessions logged yet (the two came on Tue 10).
    # A past day's agenda reads as that day did, and speaks of "that week".
    assert agenda(case, "-c", "Dev", "--on", "2026-11-09") == [
        ("Dev", None, "quota", "Gym session", "2 more that week (0 of 2 done)")]
    assert agenda(case, "-c", "Dev", "--on", "2026-11-10") == [
        ("Dev", None, "done", "Gym session", "all 2 done that week")]
    assert agenda(case, "-c", "Dev") == [
        ("Dev", None, "quota", "Gym session", "1 more this week (1 of 2 done)")]


def test_agenda_on_a_past_day_shows_what_was_logged(case: Invoke) -> None:
    # Wed Nov 11: the walk-run was missed, the reading done; nothing before it is unlogged.
    assert agenda(case, "-c", "Ana", "--on", "2026-11-11") == [
        ("Ana", "2026-11-11", "missed", "Walk-run 20 min", "Mon, Wed and Fri"),
        ("Ana", "2026-11-11", "done", "Read 20 pages", "every day"),
    ]


def test_agenda_week_covers_the_rest_of_the_iso_week(case: Invoke) -> None:
    items = agenda(case, "-c", "Ana", "--week", "this")
    assert {d for _, d, _, _, _ in items} == {
        "2026-11-13", "2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21", "2026-11-22"}
    walk = [d for _, d, kind, step, _ in items if step == "Walk-run 20 min" and kind == "due"]
    assert walk == ["2026-11-18", "2026-11-20"]
    doc = as_json(case("agenda", "-c", "Ana", "--week", "this", "-f", "json"))
    assert (doc["start"], doc["end"]) == ("2026-11-18", "2026-11-22")
    assert ok(case("agenda", "-c", "Ana", "--week", "this", "-f", "text")).startswith(
        "Agenda for 2026-11-18 to 2026-11-22\n")


@pytest.mark.parametrize(("week", "span"), [
    ("next", ("2026-11-23", "2026-11-29")),
    ("2026-W48", ("2026-11-23", "2026-11-29")),
    ("last", ("2026-11-09", "2026-11-15")),
    ("2026-W47", ("2026-11-18", "2026-11-22")),  # this week, by its name
])
def test_agenda_week_names_a_week_as_the_report_does(case: Invoke, week: str, span: tuple[str, str]) -> None:
    doc = as_json(case("agenda", "-c", "Ana", "--week", week, "-f", "json"))
    assert (doc["start"], doc["end"]) == span
    walk = [i["on_date"] for i in doc["items"] if i["step"] == "Walk-run 20 min" and i["kind"] == "due"]
    assert walk == [d for d in walk if span[0] <= d <= span[1]]
    assert walk, doc


def test_agenda_on_a_future_day_reminds_only_of_days_that_are_over(case: Invoke) -> None:
    # Friday Nov 20, asked on Wednesday 18: Thursday has not happened yet.
    items = agenda(case, "-c", "Ana", "--on", "2026-11-20")
    unlogged = [(d, step) for _, d, kind, step, _ in items if kind == "unlogged"]
    assert all(d is not None and d < "2026-11-18" for d, _ in unlogged), unlogged
    assert ("2026-11-20", "due") in [(d, kind) for _, d, kind, _, _ in items]


def test_agenda_on_a_weekday_name_looks_ahead(case: Invoke) -> None:
    # Asked on Wednesday Nov 18: "friday" is the coming Friday, as for due dates.
    assert as_json(case("agenda", "-c", "Ana", "--on", "friday", "-f", "json"))["start"] == "2026-11-20"
    assert as_json(case("agenda", "-c", "Ana", "--on", "wed", "-f", "json"))["start"] == "2026-11-18"


def test_agenda_all_covers_every_active_client(case: Invoke) -> None:
    items = agenda(case, "--all")
    assert [c for c, *_ in items] == sorted((c for c, *_ in items), key=str.lower)
    assert {c for c, *_ in items} == {"Ana", "Ben", "Cleo", "Dev"}
    assert ("Cleo", None, "quota", "Sit 10 minutes", "3 more this week (0 of 3 done)") in items
    # Dev's paused goal asks for nothing.
    assert not [i for i in items if i[3] == "Cook dinner"]
    out = ok(case("agenda", "--all", "-f", "text"))
    assert out.splitlines()[1].split()[:2] == ["Client", "Date"]


@pytest.mark.parametrize(
    ("every", "extra", "expected"),
    [
        ("daily", (), [("2026-11-18", "due")]),
        ("weekly", ("--start", "2026-11-04"), [("2026-11-18", "due")]),
        ("monthly", ("--start", "2026-10-18"), [("2026-11-18", "due")]),
        ("daily", ("--start", "2026-11-01", "--until", "2026-11-10"), []),
        ("daily", ("--start", "2026-11-25"), []),
    ],
    ids=["daily-from-today", "weekly-on-its-day", "monthly-on-its-day", "until-passed", "starts-later"],
)
def test_agenda_on_a_steps_first_days(
    coach: Invoke, every: str, extra: tuple[str, ...], expected: list[tuple[str, str]]
) -> None:
    # A first day of use: nothing before the agenda's day to remind of.
    ok(coach("goal", "add", "Run"))
    ok(coach("step", "add", "1", "walk", "--every", every, *extra))
    items = agenda(coach)
    assert [(d, kind) for _, d, kind, _, _ in items if kind != "unlogged"] == expected
    assert ok(coach("agenda", "-f", "text"))


def test_agenda_with_nothing_due(coach: Invoke) -> None:
    ok(coach("goal", "add", "Rest"))
    assert "Nothing due." in ok(coach("agenda", "-f", "text"))


# ------------------------------------------------------------------ prep


def validate_prep(doc: Any) -> None:
    from referencing import Registry, Resource

    prep = json.loads((SCHEMA_PATH.parent / "prep.schema.json").read_text())
    registry = Registry().with_resources(
        [(s["$id"], Resource.from_contents(s)) for s in (prep, schema())])
    jsonschema.Draft202012Validator(prep, registry=registry).validate(doc)


def test_prep_json_has_each_part_under_its_key_and_validates(case: Invoke) -> None:
    doc = as_json(case("prep", "Ana", "-f", "json"))
    validate_prep(doc)
    assert (doc["last_session"], doc["since"], doc["until"]) == ("2026-11-10", "2026-11-11", "2026-11-18")
    assert doc["misses"] == [{"on_date": "2026-11-11", "step": "Walk-run 20 min", "reason": "rain all week"}]
    done = {g["goal"]: (g["done"], g["expected"], g["why"]) for g in doc["done_since"]}
    assert done["Run a 10k"][2] == "to keep up with my kids"
    assert done["Read more"][:2] == (7, 7)  # Nov 11-17 every day; today's is not due yet
    changes = [(c["goal_id"], c["what"], c["before"], c["after"], c["on_date"]) for c in doc["ratings"]]
    assert changes == [(1, "confidence", 6, 4, "2026-11-12")]
    (commitment,) = doc["commitments"]
    assert (commitment["ref"], commitment["text"], commitment["made_on"], commitment["sure"]) == (
        "k1", "run on Wednesday morning", "2026-11-10", 7)
    # Not linked to a step: nothing is tied to it by shared words ("Walk-run" and "run").
    assert (commitment["followed"], commitment["outcome"], commitment["step"]) == ([], None, None)
    assert doc["session"]["on_date"] == "2026-11-10"
    assert [a["text"] for a in doc["session"]["agreed"]] == ["run on Wednesday morning"]
    kinds = [a["kind"] for a in doc["affirmations"]]
    assert {"run", "best_week"} <= set(kinds)
    run = next(a for a in doc["affirmations"] if a["kind"] == "run")
    assert run["text"] == "'Read 20 pages' done 9 times in a row (up to 2026-11-17)."
    questions = doc["questions"]
    assert questions[0] == "Last time you planned: 'run on Wednesday morning'. How did that go?"
    assert 1 <= len(questions) <= 3
    assert all(q.endswith("?") for q in questions)


def test_report_shows_how_sure_and_how_commitments_were_followed_through(case: Invoke) -> None:
    doc = as_json(case("report", "-c", "Ana", "-f", "json"))
    validate(doc)
    (ana,) = doc["clients"]
    assert ana["commitment_sure"] == 7
    # 'run on Wednesday morning' (Nov 10) is not looked at yet: made, with no verdict.
    assert ana["follow_through"] == [
        {"sure": 7, "made": 1, "kept": 0, "partly": 0, "not_kept": 0, "open": 1}]
    ok(case("edit", "k1", "--outcome", "partly", "--on", "2026-11-16"))
    ana = as_json(case("report", "-c", "Ana", "-f", "json"))["clients"][0]
    assert ana["follow_through"] == [
        {"sure": 7, "made": 1, "kept": 0, "partly": 1, "not_kept": 0, "open": 0}]
    week = as_json(case("report", "-c", "Ana", "--week", "2026-W46", "-f", "json"))["clients"][0]
    # Looked at on Nov 16, after the week: that week it was still open.
    assert week["follow_through"] == [
        {"sure": 7, "made": 1, "kept": 0, "partly": 0, "not_kept": 0, "open": 1}]
    text = ok(case("report", "-c", "Ana", "-f", "text"))
    assert "Commitment (7/10 sure): run on Wednesday morning" in text
    assert "7/10 sure: 1 made: 1 partly kept" in text
    ben = as_json(case("report", "-c", "Ben", "-f", "json"))["clients"][0]
    assert (ben["commitment_sure"], ben["follow_through"]) == (None, [])


def test_prep_asks_at_most_the_setting_and_never_twice_on_one_goal(case: Invoke) -> None:
    for name in ("Ana", "Ben", "Cleo", "Dev"):
        doc = as_json(case("prep", name, "-f", "json"))
        assert len(doc["questions"]) <= 3, doc["questions"]
        assert len(set(doc["questions"])) == len(doc["questions"])
    ok(case("config", "prep.questions", "1"))
    assert len(as_json(case("prep", "Ben", "-f", "json"))["questions"]) == 1
    ok(case("config", "prep.questions", "--reset"))


def test_prep_text_starts_with_what_went_right(case: Invoke) -> None:
    out = ok(case("prep", "ana", "-f", "text"))
    # What was said and agreed last time comes first, then what went right.
    assert out.startswith("Session prep for Ana: since the last session on 2026-11-10\n\n"
                          "Last session (2026-11-10)\n")
    assert out.index("Last session") < out.index("To affirm") < out.index("Done since")
    numbers = re.findall(r"^  \* (\d+): ", out, flags=re.MULTILINE)
    assert numbers in (["1"], ["1", "2"], ["1", "2", "3"])
    assert "2026-11-11: Walk-run 20 min: rain all week" in out
    assert "It matters because: 'to keep up with my kids'" in out
    assert "k1, 2026-11-10, 7/10 sure: 'run on Wednesday morning'" in out
    assert "'Run a 10k' confidence 6 → 4" in out
    headings = ["To affirm", "Done since 10 November", "Their commitments to go over", "Ratings",
                "What got in the way", "Questions to ask"]
    assert [h for h in headings if h in out] == headings
    assert out.index("To affirm") < out.index("Done since") < out.index("Questions to ask")


def test_prep_commitments_come_from_the_session(case: Invoke) -> None:
    # A later check-in (not a session) with its own commitments does not hide
    # what was agreed at the session: both are gone over, and the session's stays its own.
    ok(case("checkin", "-c", "Ana", "--on", "2026-11-15", "--commit", "stretch daily"))
    doc = as_json(case("prep", "Ana", "-f", "json"))
    assert [c["text"] for c in doc["commitments"]] == ["run on Wednesday morning", "stretch daily"]
    assert [a["text"] for a in doc["session"]["agreed"]] == ["run on Wednesday morning"]
    assert doc["questions"][0] == (
        "Last time you planned: 'run on Wednesday morning' and 'stretch daily'. How did that go?")
    # One looked at is no longer asked about; it stays on the page with how it went.
    ok(case("checkin", "-c", "Ana", "--on", "2026-11-17", "--kept", "k2"))
    doc = as_json(case("prep", "Ana", "-f", "json"))
    assert [(c["text"], c["outcome"]) for c in doc["commitments"]] == [
        ("run on Wednesday morning", None), ("stretch daily", "kept")]
    assert doc["questions"][0] == "Last time you planned: 'run on Wednesday morning'. How did that go?"


def test_prep_without_a_session_covers_two_weeks(case: Invoke) -> None:
    doc = as_json(case("prep", "Ben", "-f", "json"))
    validate_prep(doc)
    assert (doc["last_session"], doc["since"]) == (None, "2026-11-05")
    assert [(s["goal"], s["status"]) for s in doc["status_changes"]] == [("Learn Spanish", "achieved")]
    assert doc["affirmations"][0] == {"kind": "achieved", "goal_id": 4,
                                      "text": "'Learn Spanish' on 2026-11-12."}
    assert "no session recorded yet" in ok(case("prep", "Ben", "-f", "text"))


def test_a_skip_note_is_set_aside_never_in_the_way(stocked: Invoke) -> None:
    ok(stocked("skip", "1", "--on", "2026-11-16", "--note", "sick"))
    ok(stocked("missed", "1", "--on", "2026-11-13", "--note", "rain"))
    prep = as_json(stocked("prep", "me", "-f", "json"))
    assert prep["misses"] == [{"on_date": "2026-11-13", "step": "Walk 20 minutes", "reason": "rain"}]
    assert prep["set_aside"] == [{"on_date": "2026-11-16", "step": "Walk 20 minutes", "reason": "sick"}]
    text = ok(stocked("prep", "me", "-f", "text"))
    in_the_way = text.split("What got in the way")[1].split("Set aside")[0]
    assert "rain" in in_the_way
    assert "sick" not in in_the_way
    assert "Walk 20 minutes: sick" in text.split("Set aside")[1]
    report = ok(stocked("report", "-f", "text"))
    assert "Set aside: sick (Walk 20 minutes: 2026-11-16)" in report
    assert "Obstacle: sick" not in report


def test_prep_takes_the_client_as_an_option_too(case: Invoke) -> None:
    assert ok(case("prep", "-c", "Ana", "-f", "json")) == ok(case("prep", "Ana", "-f", "json"))
    result = case("prep", "Ana", "-c", "Ben")
    assert result.exit_code == 2
    assert "give the client once" in result.stderr


def test_prep_shows_a_drop_with_its_reason_and_a_first_rating_as_a_start(coach: Invoke) -> None:
    ok(coach("client", "add", "Eve", today=date(2026, 11, 1)))
    ok(coach("goal", "add", "Cut sugar", "-c", "Eve", today=date(2026, 11, 1)))
    ok(coach("checkin", "-c", "Eve", "--session", "--note", "first session", "--on", "2026-11-01"))
    ok(coach("goal", "rate", "1", "-i", "9", "--on", "2026-11-03"))
    ok(coach("goal", "rate", "1", "-i", "6", "--on", "2026-11-05"))
    ok(coach("goal", "drop", "1", "--reason", "GP says sugar is fine now", "--on", "2026-11-06"))
    doc = as_json(coach("prep", "Eve", "-f", "json"))
    assert [(r["before"], r["after"]) for r in doc["ratings"]] == [(None, 9), (9, 6)]
    assert doc["status_changes"][-1] == {"goal_id": 1, "goal": "Cut sugar", "status": "dropped",
                                         "on_date": "2026-11-06", "reason": "GP says sugar is fine now"}
    out = ok(coach("prep", "Eve", "-f", "text"))
    assert "'Cut sugar' importance starts at 9" in out
    assert "'Cut sugar' dropped (reason: 'GP says sugar is fine now')." in out


def test_prep_for_a_self_tracker_speaks_to_the_reader(coach: Invoke) -> None:
    ok(coach("goal", "add", "Walk", "--why", "to clear my head", "-i", "8", "-k", "3",
             today=date(2026, 11, 1)))
    ok(coach("step", "add", "1", "Walk 20 min", "--every", "daily", "--start", "2026-11-01",
             today=date(2026, 11, 1)))
    ok(coach("done", "1", "--on", "2026-11-02"))
    out = ok(coach("prep", "-f", "text"))
    assert out.startswith("Your prep: ")
    assert "\nTo think about\n  * 1: " in out
    assert "Questions to ask" not in out
    assert "Your commitments" not in out  # none were made
    report = ok(coach("report", "-f", "text"))
    assert report.startswith("Your report, ")
    assert "To think about: " in report
    assert "Ask:" not in report
    assert "me" not in re.findall(r"\w+", report)


def test_prep_unknown_client(case: Invoke) -> None:
    assert_user_error(case("prep", "Zed"), "no client named 'Zed'")


# ------------------------------------------------------------------ config


def test_config_lists_every_threshold(coach: Invoke) -> None:
    from coachcli.domain.signals import DEFAULT_SETTINGS

    ok(coach("init"))
    rows = as_json(coach("config", "-f", "json"))
    assert {r["key"]: (r["value"], r["default"]) for r in rows} == {
        k: (v, v) for k, v in DEFAULT_SETTINGS.items()}
    assert all(r["help"] for r in rows)
    assert "stalled.days" in ok(coach("config", "-f", "text"))


def test_config_get_set_reset_undo(coach: Invoke) -> None:
    ok(coach("init"))
    assert ok(coach("config", "stalled.days")) == "stalled.days = 10\n"
    assert ok(coach("config", "stalled.days", "14")) == "stalled.days = 14\n"
    assert ok(coach("config", "stalled.days")) == "stalled.days = 14\n"
    rows = {r["key"]: r for r in as_json(coach("config", "-f", "json"))}
    assert (rows["stalled.days"]["value"], rows["stalled.days"]["default"]) == (14, 10)
    assert ok(coach("config", "stalled.days", "--reset")) == "stalled.days = 10 (default)\n"
    assert ok(coach("config", "stalled.days")) == "stalled.days = 10\n"
    ok(coach("config", "say_do_gap.adherence", "0.6"))
    assert "say_do_gap.adherence" in ok(coach("undo"))
    assert ok(coach("config", "say_do_gap.adherence")) == "say_do_gap.adherence = 0.5\n"


def test_config_changes_the_report(case: Invoke) -> None:
    def ana_codes() -> list[str]:
        doc = as_json(case("report", "-c", "Ana", "--week", "2026-W46", "-f", "json"))
        return [s["code"] for s in doc["clients"][0]["signals"]]

    assert "say_do_gap" in ana_codes()
    assert "low_confidence" in ana_codes()
    ok(case("config", "say_do_gap.importance", "10"))
    ok(case("config", "low_confidence.max", "3"))
    ok(case("config", "streak.min", "8"))
    assert ana_codes() == ["slipping", "priority_inversion"]
    ok(case("config", "say_do_gap.importance", "--reset"))
    assert "say_do_gap" in ana_codes()


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("stalled.days", "0"), "whole number of at least 1"),
        (("stalled.days", "1.5"), "whole number of at least 1"),
        (("stalled.days", "ten"), "takes a number"),
        (("quiet.days", "nan"), "finite"),
        (("quiet.days", "inf"), "finite"),
        (("say_do_gap.adherence", "1.5"), "from 0 to 1"),
        (("slipping.drop", "--", "-0.1"), "from 0 to 1"),
        (("say_do_gap.importance", "11"), "0-10"),
        (("stall.days", "3"), "did you mean 'stalled.days'?"),
        (("stall.days",), "no setting named 'stall.days'"),
        (("stall.days", "--reset"), "no setting named"),
    ],
)
def test_config_refuses_invalid_values(coach: Invoke, db_path: Path, args: tuple[str, ...],
                                        fragment: str) -> None:
    ok(coach("config", "stalled.days", "12"))
    before = snapshot(db_path)
    assert_user_error(coach("config", *args), fragment)
    assert snapshot(db_path) == before
    assert ok(coach("config", "stalled.days")) == "stalled.days = 12\n"
