"""No compliance or judging words in anything a person reads (README: "Words").

Every human output of the demo caseload, plus a self-tracker, is read:
reports (one client and the caseload) and prep pages in every human format,
the agenda, the settings and every command's --help. The client's own text
(titles, notes, reasons, wins) is taken out first: their words are theirs.
Identifiers a user types (setting keys such as ``stalled.days``, signal codes)
are not sentences and are taken out too; JSON keeps its codes and keys.
"""

from __future__ import annotations

import html
import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer

from coachcli.cli import app
from helpers import Coach

#: The words no label, evidence sentence, question, setting or help text uses.
BANNED = re.compile(
    r"\b(adherence|adh|slipping|slips?|stalled|neglect\w*|excus\w*|fail\w*|behind|only|"
    r"non-?complian\w*|complian\w*)\b",
    re.IGNORECASE,
)
#: Words a person should not have to decode: the program's own terms, and a rule as typed.
JARGON = re.compile(
    r"planned occurrences|marked as a should|Nothing was planned in this window|Nothing was planned or|"
    r"RRULE:|FREQ=|has picked up",
    re.IGNORECASE,
)
#: What a self-tracker must never read about themselves.
THIRD_PERSON = re.compile(r"\b(from me|for me|by me|their|they|them|Ask:)", re.IGNORECASE)
IDENTIFIER = re.compile(r"\b[a-z_]+\.[a-z_]+\b|\b[a-z]+_[a-z_]+\b")
TODAY = "2026-11-23"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("lexicon") / "demo.db"
    result = Coach(db, TODAY).run("demo", "--db", str(db), "--no-report")
    assert result.exit_code == 0, result.output
    coach = Coach(db, "2026-11-03")

    def run(*args: str) -> int:
        result = coach.run(*args)
        assert result.exit_code == 0, (args, result.output)
        return int(re.search(r"(goal|step) (\d+)", result.stdout)[2]) if "Added" in result.stdout else 0  # type: ignore[index]

    goal = run("goal", "add", "Walk more", "--why", "to clear my head", "-i", "8", "-k", "3", "--should")
    step = run("step", "add", str(goal), "Walk 20 minutes", "--every", "daily", "--start", "2026-11-01")
    run("step", "add", str(goal), "Buy shoes", "--due", "2026-11-02")
    run("done", str(step), "--on", "2026-11-02", "--note", "felt good")
    run("checkin", "--on", "2026-11-03", "--session", "--win", "walked to work",
        "--commit", "walk on Saturday", "--sure", "6", "--note", "Talked about the mornings.\nAnd shoes.",
        "--change", "I feel clearer after a walk", "--sustain", "mornings are hard", "--next", "2026-11-10")
    run("step", "add", str(goal), "Long walk", "--every", "RRULE:FREQ=WEEKLY;BYDAY=TH",
        "--start", "2026-11-01")
    return db


def user_texts(db: Path) -> list[str]:
    """Everything a person typed, longest first (so a longer text goes before its parts)."""
    found: set[str] = set()
    with sqlite3.connect(db) as conn:
        for sql in ("SELECT name, note FROM clients", "SELECT title, why, drop_reason FROM goals",
                    "SELECT reason FROM status_changes", "SELECT note FROM ratings",
                    "SELECT title FROM steps", "SELECT note FROM actions",
                    "SELECT note FROM checkins", "SELECT text FROM commitments"):
            for row in conn.execute(sql):
                found |= {v for v in row if v}
        lists = "SELECT wins, obstacles, commitments, change_talk, sustain_talk FROM checkins"
        for row in conn.execute(lists):
            for value in row:
                found |= set(json.loads(value))
    return sorted(found, key=len, reverse=True)


def readable(text: str, theirs: list[str]) -> str:
    """The words the program wrote: tags, styles, user text and identifiers removed."""
    text = re.sub(r"<style>.*?</style>", " ", text, flags=re.DOTALL)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    text = re.sub(r"[ \t]*\n[ \t]*", " ", text)
    text = re.sub(r"\s+", " ", text)
    for typed in theirs:
        t = re.sub(r"\s+", " ", typed)
        text = text.replace(t, " ")
        # A title cut short to fit a column (every cut begins with its first 12 characters).
        if len(t) > 12 and "…" in text and t[:12] in text:
            for cut in range(12, len(t)):
                text = text.replace(t[:cut] + "…", " ")
    text = re.sub(r"`[^`]*`", " ", text)  # a code or key, in Markdown's code spans
    return IDENTIFIER.sub(" ", text)


def outputs(db: Path) -> Iterator[tuple[str, str]]:
    coach = Coach(db, TODAY, COLUMNS="100")
    with sqlite3.connect(db) as conn:
        clients = [r[0] for r in conn.execute("SELECT name FROM clients ORDER BY name")]
    commands: list[list[str]] = [["config"], ["agenda", "--all", "--week", "this"], ["client", "list"],
                                 ["step", "list", "--all", "-f", "text"]]
    commands += [["help", topic] for topic in ("dates", "schedules", "report", "signals", "sessions", "data")]
    for fmt in ("text", "markdown", "rich"):
        commands += [["report", "--all", "-f", fmt], ["report", "--all", "--week", "last", "-f", fmt]]
        for name in clients:
            commands += [["report", "-c", name, "-f", fmt], ["prep", name, "-f", fmt],
                         ["history", name, "-f", fmt],
                         ["agenda", "-c", name, "--week", "this", "-f", fmt],
                         ["log", "-c", name, "-f", fmt]]
    commands += [["report", "--all", "-f", "html"]]
    commands += [["report", "-c", name, "-f", "html"] for name in clients]
    for args in commands:
        result = coach.run(*args)
        assert result.exit_code == 0, (args, result.output)
        yield " ".join(args), result.stdout
    for path, _ in walk(typer.main.get_command(app)):
        result = coach.run(*path, "--help")
        yield " ".join([*path, "--help"]), result.stdout


def walk(command: object, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], object]]:
    found = [(path, command)]
    for name, sub in getattr(command, "commands", {}).items():
        found += walk(sub, (*path, name))
    return found


@pytest.fixture(scope="module")
def said(demo: Path) -> list[tuple[str, str]]:
    """Every output of :func:`outputs` as :func:`readable` leaves it, made once for the tests below."""
    theirs = user_texts(demo)
    return [(what, readable(text, theirs)) for what, text in outputs(demo)]


def test_no_human_output_judges(said: list[tuple[str, str]]) -> None:
    found = []
    for what, words in said:
        for m in BANNED.finditer(words):
            start = max(0, m.start() - 40)
            found.append(f"{what}: ...{words[start:m.end() + 40]}...")
    assert not found, "\n".join(found[:20])


def test_no_output_speaks_in_the_programs_own_terms(said: list[tuple[str, str]]) -> None:
    """Schedules in words ("every Thursday"), no "planned occurrences", no ratio as praise.

    Help and --help teach how to type a rule (RRULE:...), so only what reads the
    records is checked for it; the rest of the terms nowhere.
    """
    found = []
    for what, words in said:
        for m in JARGON.finditer(words):
            if m.group().upper() in ("RRULE:", "FREQ=") and ("help" in what.split()[:1] or "--help" in what):
                continue
            found.append(f"{what}: ...{words[max(0, m.start() - 40):m.end() + 40]}...")
        for m in re.finditer(r"Best week: (\d+) of (\d+)", words):
            if 2 * int(m[1]) < int(m[2]):
                found.append(f"{what}: praise for a share under half: {m.group()}")
    assert not found, "\n".join(found[:20])


def test_a_self_tracker_is_spoken_to_in_every_output(demo: Path) -> None:
    theirs = user_texts(demo)
    coach = Coach(demo, TODAY)
    for fmt in ("text", "markdown", "rich", "html"):
        for args in (["report"], ["report", "--since", "2026-11-01"], ["prep"]):
            if args[0] == "prep" and fmt == "html":
                continue
            result = coach.run(*args, "-f", fmt)
            assert result.exit_code == 0, result.output
            words = readable(result.stdout, theirs)
            assert not THIRD_PERSON.search(words), (args, fmt, THIRD_PERSON.findall(words), words)
            if args[0] == "prep":  # a report's questions quote the reason in some weeks, not all
                flat = " ".join(html.unescape(result.stdout).split())
                assert "'Walk more' matters because 'to clear my head'" in flat or (
                    "It matters because" in flat and "'to clear my head'" in flat), (args, fmt, flat)


def test_the_demo_hears_its_own_reasons_back(demo: Path) -> None:
    """Every demo client's prep: the last session, then an affirmation first, what they did, at most 3
    questions, their why."""
    coach = Coach(demo, TODAY)
    with sqlite3.connect(demo) as conn:
        whys = dict(conn.execute("SELECT title, why FROM goals WHERE why IS NOT NULL"))
        clients = [r[0] for r in conn.execute("SELECT name FROM clients ORDER BY name")]
    for name in clients:
        doc = json.loads(coach.run("prep", name, "-f", "json").stdout)
        assert doc["affirmations"], name
        assert doc["done_since"], name
        assert 1 <= len(doc["questions"]) <= 3, (name, doc["questions"])
        text = coach.run("prep", name, "-f", "text", COLUMNS="1000").stdout
        blocks = text.split("\n\n")[1:]
        if blocks[0].startswith("Coming back\n"):  # a client back after a quiet spell: welcomed first
            blocks.pop(0)
        if doc["session"] is not None:  # what was said and agreed last time opens the page
            assert blocks.pop(0).startswith(f"Last session ({doc['session']['on_date']})"), (name, text)
        if doc["change_talk"] or doc["sustain_talk"]:
            assert blocks.pop(0).startswith("In "), (name, text)
        assert blocks[0].startswith("To affirm\n  + "), (name, text)
        heard = [g["why"] for g in doc["done_since"] if g["why"]]
        assert heard
        assert all(whys[g["goal"]] == g["why"] for g in doc["done_since"] if g["why"])
        flat = " ".join(text.split())
        assert all("'" + " ".join(w.split()) + "'" in flat for w in heard), name


#: Caseload words and "me" as a name, which a self-tracker's own lists and mail never use.
NOT_TO_ME = re.compile(r"\b(of me|for me|Client:? me|Caseload|Worth a conversation|Ask:|"
                       r"coaching session)\b", re.IGNORECASE)


def test_a_self_trackers_lists_log_and_mail_say_you(demo: Path, tmp_path: Path) -> None:
    theirs = user_texts(demo)
    coach = Coach(demo, TODAY)
    for args in (["step", "list"], ["goal", "list"], ["log"], ["step", "show", "1"], ["habit", "1"],
                 ["report", "--summary"],
                 ["report", "--summary", "--week", "last"], ["goal", "add", "Read more"],
                 ["export", "--format", "ics", "-c", "me"]):
        for fmt in (["-f", "text"], ["-f", "rich"]) if args[0] in ("step", "goal", "log", "habit") \
                and args[1:2] != ["add"] else ([],):
            result = coach.run(*args, *fmt)
            assert result.exit_code == 0, (args, result.output)
            words = readable(result.stdout, theirs)
            assert not NOT_TO_ME.search(words), (args, NOT_TO_ME.findall(words), words)
    assert coach.run("step", "list", "-f", "text").stdout.startswith("Your steps\n")
    assert coach.run("log").stdout.startswith("Your log, ")


def test_sessions_commitments_and_a_restart_say_back_without_a_verdict(tmp_path: Path) -> None:
    """What the session, commitment and restart commands write back, for a coach and for a self-tracker."""
    db = tmp_path / "back.db"
    said: list[tuple[str, str, str]] = []
    for who in ("Dan", "me"):
        def run(*args: str, day: str, who: str = who) -> None:
            result = Coach(db, day).run(*args)
            assert result.exit_code == 0, (args, result.output)
            said.append((who, " ".join(args), result.stdout))

        if who != "me":
            run("client", "add", who, "--on", "2026-11-02", day="2026-11-02")
        run("goal", "add", "Run", "-c", who, "--on", "2026-11-02", "-i", "8", "-k", "6", day="2026-11-02")
        def last(table: str) -> str:
            with sqlite3.connect(db) as conn:
                return str(conn.execute(f"SELECT max(id) FROM {table}").fetchone()[0])

        goal = last("goals")
        run("step", "add", goal, "Run 20 minutes", "--every", "mon,wed,fri", "--start", "2026-11-02",
            day="2026-11-02")
        step = last("steps")
        run("checkin", "-c", who, "--session", "--commit", "three runs", "--sure", "4", "--commit", "stretch",
            "--as-step", goal, "--change", "I want this", "--sustain", "no time", "--next", "2026-11-09",
            day="2026-11-02")
        second = "k" + last("commitments")
        first = f"k{int(second[1:]) - 1}"
        run("checkin", "-c", who, "--session", "--kept", first, "--not-kept", second, day="2026-11-09")
        run("edit", second, "--outcome", "partly", day="2026-11-09")
        run("restart", who, "--reason", "flu", "--rate", f"{goal}:8:3", "--smaller", f"{step}:2/week",
            "--commit", "one short run", "--sure", "7", "--note", "I was ill", day="2026-11-25")
        for fmt in ("text", "rich", "markdown"):
            run("prep", who, "-f", fmt, day="2026-11-26")
            run("report", "-c", who, "-f", fmt, day="2026-11-26")
            run("log", "-c", who, "-f", fmt, day="2026-11-26")
    theirs = user_texts(db)
    for who, what, text in said:
        words = readable(text, theirs)
        assert not BANNED.search(words), (what, BANNED.findall(words), words)
        if who == "me":
            assert not THIRD_PERSON.search(words), (what, THIRD_PERSON.findall(words), words)
