"""Everyday tracking end to end: ``done``, ``missed``, ``skip``, ``checkin``, ``log`` and ``undo``.

The guided check-in is driven through a real pseudo-terminal, the way a
client meets it: ``python -m coachcli checkin`` asking open questions.
"""

from __future__ import annotations

import io
import json
import os
import pty
import select
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from conftest import TODAY
from helpers import as_json, assert_user_error, records, rows, snapshot

# ------------------------------------------------------------------ a real terminal


class Terminal:
    """``python -m coachcli ARGS`` on a pseudo-terminal, answered line by line."""

    def __init__(self, db_path: Path, *args: str) -> None:
        env = {**os.environ, "COACH_DB": str(db_path), "COACH_TODAY": TODAY.isoformat(),
               "TERM": "xterm"}
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "coachcli", *args],
            stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
        )
        os.close(slave)
        self.seen = ""
        self._buf = b""

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return True
        try:
            data = os.read(self.master, 4096)
        except OSError:  # EIO: the child closed the terminal
            data = b""
        if not data:
            return False
        self._buf += data
        return True

    def expect(self, text: str, timeout: float = 20) -> str:
        """Wait for ``text``; return everything shown up to and including it."""
        deadline = time.monotonic() + timeout
        needle = text.encode()
        while needle not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0 or not self._read(left):
                raise AssertionError(f"never saw {text!r}; terminal shows {self._buf.decode()!r}")
        end = self._buf.index(needle) + len(needle)
        shown, self._buf = self._buf[:end].decode(), self._buf[end:]
        self.seen += shown
        return shown

    def answer(self, line: str) -> None:
        os.write(self.master, line.encode() + b"\n")

    def finish(self, timeout: float = 20) -> tuple[int, str]:
        """Read to the end; return the exit status and the rest of the output."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self._read(deadline - time.monotonic()):
            if self.proc.poll() is not None and not select.select([self.master], [], [], 0.05)[0]:
                break
        code = self.proc.wait(timeout=max(1.0, deadline - time.monotonic()))
        rest = self._buf.decode()
        self.seen += rest
        os.close(self.master)
        return code, rest


@pytest.fixture
def terminal(db_path: Path):
    opened: list[Terminal] = []

    def start(*args: str) -> Terminal:
        t = Terminal(db_path, *args)
        opened.append(t)
        return t

    yield start
    for t in opened:
        if t.proc.poll() is None:
            t.proc.kill()
            t.proc.wait()


# ------------------------------------------------------------------ done


def test_done_today_stores_the_action_and_counts_the_week(stocked, db_path: Path) -> None:
    result = stocked("done", "1")
    assert result.exit_code == 0
    assert result.stdout == "Done: Walk 20 minutes (step 1, goal 1) on 2026-11-18. Once that week.\n"
    assert rows(db_path, "SELECT step_id, kind, on_date, count, note FROM actions") == [
        (1, "done", "2026-11-18", 1, None)
    ]
    assert stocked("done", "1", "--on", "monday").stdout.endswith("Twice that week.\n")
    result = stocked("done", "1", "--on", "2026-11-20", "--count", "3", "--note", "felt good",
                     today=date(2026, 11, 21))
    assert result.stdout == (
        "Done x3: Walk 20 minutes (step 1, goal 1) on 2026-11-20. 5 times that week.\n"
    )
    # The previous week is counted separately.
    assert stocked("done", "1", "--on", "2026-11-13").stdout.endswith("Once that week.\n")
    assert rows(db_path, "SELECT on_date, count, note FROM actions ORDER BY id") == [
        ("2026-11-18", 1, None), ("2026-11-16", 1, None), ("2026-11-20", 3, "felt good"),
        ("2026-11-13", 1, None),
    ]


@pytest.mark.parametrize(
    ("on", "stored"),
    [("yesterday", "2026-11-17"), ("3 days ago", "2026-11-15"), ("2026-11-02", "2026-11-02")],
)
def test_done_on_a_past_date(stocked, db_path: Path, on: str, stored: str) -> None:
    assert stocked("done", "1", "--on", on).exit_code == 0
    assert rows(db_path, "SELECT on_date FROM actions") == [(stored,)]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("1", "--on", "tomorrow"), "--on 2026-11-19 is in the future (today is 2026-11-18)"),
        (("1", "--on", "2027-01-01"), "is in the future"),
        (("1", "--on", "the day after the party"), "the day after the party"),
        (("1", "--count", "0"), "--count must be from 1 to 1000, got 0"),
        (("1", "--count", "-2"), "--count must be from 1 to 1000"),
        (("1", "--note", "a\x00b"), "NUL"),
        (("9",), "no step with id 9"),
    ],
)
def test_bad_done_exits_1_and_writes_nothing(stocked, db_path: Path, args, fragment) -> None:
    before = snapshot(db_path)
    assert_user_error(stocked("done", *args), fragment)
    assert snapshot(db_path) == before


def test_done_errors_from_a_real_process(stocked, coach_proc, db_path: Path) -> None:
    before = snapshot(db_path)
    result = coach_proc("done", "1", "--on", "tomorrow")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == "Error: --on 2026-11-19 is in the future (today is 2026-11-18)\n"
    result = coach_proc("done", "one")
    assert result.returncode == 1
    assert result.stderr == "Error: no step of yours has a title starting with 'one' (see: coach step list)\n"
    assert snapshot(db_path) == before


def test_a_bad_pinned_clock_is_a_clear_error(stocked, coach_proc) -> None:
    result = coach_proc("done", "1", COACH_TODAY="18/11/2026")
    assert result.returncode == 1
    assert result.stderr == "Error: COACH_TODAY must be YYYY-MM-DD, got '18/11/2026'\n"


# ------------------------------------------------------------------ missed and skip


def test_missed_keeps_what_got_in_the_way(stocked, db_path: Path) -> None:
    result = stocked("missed", "1", "--on", "monday", "--note", "night shift")
    assert result.exit_code == 0
    assert result.stdout == (
        "Noted: Walk 20 minutes (step 1, goal 1) did not happen on 2026-11-16. "
        "What got in the way: night shift.\n"
    )
    result = stocked("missed", "1", "--on", "2026-11-13")
    assert result.stdout.splitlines() == [
        "Noted: Walk 20 minutes (step 1, goal 1) did not happen on 2026-11-13.",
        "Knowing what got in the way helps: add it next time with --note.",
    ]
    stocked("missed", "1", "--on", "2026-11-11", "--reason", "rain")
    assert rows(db_path, "SELECT kind, on_date, note FROM actions ORDER BY id") == [
        ("missed", "2026-11-16", "night shift"), ("missed", "2026-11-13", None),
        ("missed", "2026-11-11", "rain"),
    ]


def test_skip_is_an_excused_occurrence(stocked, db_path: Path) -> None:
    result = stocked("skip", "1", "--on", "2026-11-16", "--reason", "flu")
    assert result.exit_code == 0
    assert result.stdout == (
        "Skipped: Walk 20 minutes (step 1, goal 1) on 2026-11-16 is set aside and not expected.\n"
    )
    assert rows(db_path, "SELECT kind, note FROM actions") == [("skipped", "flu")]
    # A skip is not a done: the week count stays at what was done.
    assert stocked("done", "1", "--on", "2026-11-17").stdout.endswith("Once that week.\n")


@pytest.mark.parametrize("command", ["missed", "skip"])
def test_missed_and_skip_refuse_bad_input(stocked, db_path: Path, command: str) -> None:
    before = snapshot(db_path)
    if command == "missed":  # a day can be set aside ahead; a miss cannot have happened yet
        assert_user_error(stocked(command, "1", "--on", "tomorrow"), "is in the future")
    assert_user_error(stocked(command, "5"), "no step with id 5")
    assert snapshot(db_path) == before


# ------------------------------------------------------------------ checkin with flags


def test_checkin_with_every_flag(stocked, db_path: Path) -> None:
    result = stocked("checkin", "--on", "yesterday", "--mood", "4", "--win", "walked 3 times",
                     "--win", "cooked", "--obstacle", "late meetings", "--commit", "walk at lunch",
                     "--note", "good energy", "--session")
    assert result.exit_code == 0
    assert result.stdout == (
        "Saved your session of 2026-11-17.\n"
        "Went well: 'walked 3 times'; 'cooked'.\n"
        "Got in the way: 'late meetings'.\n"
        "Next: 'walk at lunch' [k1].\n"
        "Mood: 4/5.\n"
        "Note: good energy\n"
    )
    (row,) = rows(db_path, "SELECT client_id, on_date, mood, wins, obstacles, (SELECT json_group_array(text)"
                           " FROM commitments), note, session FROM checkins")
    assert row[:3] == (1, "2026-11-17", 4)
    assert [json.loads(v) for v in row[3:6]] == [["walked 3 times", "cooked"], ["late meetings"],
                                                 ["walk at lunch"]]
    assert row[6:] == ("good energy", 1)


def test_checkin_for_another_client_by_any_case(stocked, db_path: Path) -> None:
    stocked("client", "add", "Alice")
    result = stocked("checkin", "-c", "ALICE", "--obstacle", "exams")
    assert result.stdout == "Saved Alice's check-in of 2026-11-18.\nGot in the way: 'exams'.\n"
    assert rows(db_path, "SELECT c.name, k.session FROM checkins k JOIN clients c ON c.id = k.client_id") == [
        ("Alice", 0)
    ]


def test_checkin_creates_the_default_client(coach, db_path: Path) -> None:
    assert coach("checkin", "--mood", "3").exit_code == 0
    assert rows(db_path, "SELECT name FROM clients") == [("me",)]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--mood", "0"), "--mood must be between 1 and 5, got 0"),
        (("--mood", "6"), "--mood must be between 1 and 5, got 6"),
        (("--win", "x", "--on", "tomorrow"), "is in the future"),
        (("--win", "   "), "a check-in needs some content"),
        (("--win", "x", "-c", "Zoe"), "no client named 'Zoe'"),
    ],
)
def test_bad_checkins_exit_1_and_write_nothing(stocked, db_path: Path, args, fragment) -> None:
    before = snapshot(db_path)
    assert_user_error(stocked("checkin", *args), fragment)
    assert snapshot(db_path) == before


def test_checkin_without_flags_or_terminal_refuses_instead_of_waiting(
    stocked, coach_proc, db_path: Path
) -> None:
    before = snapshot(db_path)
    for args in ((), ("-c", "me", "--on", "yesterday")):
        result = coach_proc("checkin", *args, input="")
        assert result.returncode == 1
        assert result.stdout == ""
        assert result.stderr == (
            "Error: no check-in content given and no terminal to ask on: use --win, "
            "--obstacle, --commit, --mood, --note or --session\n"
        )
    assert snapshot(db_path) == before


def test_a_session_with_nothing_else_marks_where_the_next_prep_starts(stocked, coach_proc, db_path) -> None:
    result = coach_proc("checkin", "--session", "--on", "2026-11-16", input="")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "Saved your session of 2026-11-16.\n"
    assert rows(db_path, "SELECT on_date, session, note FROM checkins") == [("2026-11-16", 1, None)]
    assert as_json(stocked("prep", "me", "-f", "json"))["since"] == "2026-11-17"


def test_checkin_without_a_terminal_on_a_new_machine_creates_no_file(coach_proc, db_path: Path) -> None:
    result = coach_proc("checkin", input="")
    assert result.returncode == 1
    assert not db_path.exists()


# ------------------------------------------------------------------ guided checkin on a terminal


def test_guided_checkin_on_a_terminal(stocked, terminal, db_path: Path) -> None:
    stocked("goal", "add", "Read \x1b[31mmore")
    stocked("checkin", "--on", "2026-11-11", "--commit", "walk on Saturday", "--sure", "7", "--session")
    t = terminal("checkin", "--rate-all")  # 'Get fit' was rated today: asked again only so
    t.expect("Check-in. Answer what you like; press Enter to skip a question.")
    # It opens with what they said they would do, and asks how it went.
    t.expect("Last time you planned: 'walk on Saturday'. How did it go? (Enter to skip)")
    t.answer("Walked twice, legs sore")
    # Then how the commitment went, in three plain answers; anything else is asked again.
    t.expect("On 2026-11-11: 'walk on Saturday'. Kept, partly, or not kept? (k/p/n, Enter to skip)")
    t.answer("maybe")
    t.expect("Please answer k (kept), p (partly) or n (not kept), or press Enter.")
    t.expect("Kept, partly, or not kept?")
    t.answer("p")
    t.expect("What went well since the last check-in? (Enter to skip)")
    t.expect("> ")
    t.answer("Walked three times")
    t.expect("Anything else? (Enter to move on)")
    t.answer("Cooked at home")
    t.expect("Anything else?")
    t.answer("")
    t.expect("Was there anything that made it harder? (Enter to skip)")
    t.answer("Night shifts")
    t.expect("Anything else?")
    t.answer("")
    t.expect("Goal 1: Get fit")
    t.expect("How important is this to you right now? (0-10, Enter to keep 8)")
    t.answer("11")
    t.expect("Please answer with a whole number from 0 to 10.")
    t.expect("How important is this to you right now?")
    t.answer("9")
    t.expect("How confident are you that you can do it? (0-10, Enter to keep 6)")
    t.answer("4")
    # A rating that moved is asked about, each one: a rise with curiosity, a fall the MI way.
    t.expect("What helped your importance go from 8 to 9? (Enter to skip)")
    t.answer("a calm month at work")
    t.expect("Your confidence is at 4 now. What makes it 4 and not 2? (Enter to skip)")
    t.answer("")
    t.expect("Goal 2: Read [31mmore")  # the title's escape sequence is not sent to the terminal
    t.expect("How important is this to you right now? (0-10, Enter to skip)")
    t.answer("")
    t.expect("How confident are you that you can do it? (0-10, Enter to skip)")
    t.answer("")
    t.expect("What is one small thing you will do before the next check-in? (Enter to skip)")
    t.answer("Walk on Monday")
    t.expect("How sure are you that you will do it? (0-10, Enter to skip)")
    t.answer("8")
    t.expect("How are you feeling overall? (1-5, Enter to skip)")
    t.answer("4")
    t.expect("Did you talk this over with your coach? (y/N)")  # 'me' is spoken to as you
    t.answer("y")
    code, rest = t.finish()
    assert code == 0, t.seen
    assert "\x1b[31m" not in t.seen
    # The close says back what was said, in their words; no counts.
    assert "Saved your session of 2026-11-18." in rest
    assert "Went well: 'Walked three times'; 'Cooked at home'." in rest
    assert "Next: 'Walk on Monday' (8/10 sure) [k2]." in rest
    assert "'walk on Saturday' (2026-11-11): partly kept." in rest
    assert "Rated 'Get fit': importance 9, confidence 4." in rest
    assert "win(s)" not in rest
    (row,) = rows(db_path, "SELECT mood, wins, obstacles, (SELECT json_group_array(text) FROM commitments m"
                           " WHERE m.checkin_id = k.id), session, sure, note FROM checkins k"
                           " WHERE on_date = '2026-11-18'")
    assert row[0] == 4
    assert [json.loads(v) for v in row[1:4]] == [
        ["Walked three times", "Cooked at home"], ["Night shifts"], ["Walk on Monday"]
    ]
    assert rows(db_path, "SELECT id, text, sure, outcome, outcome_on FROM commitments ORDER BY id") == [
        (1, "walk on Saturday", 7, "partly", "2026-11-18"), (2, "Walk on Monday", 8, None, None)]
    assert row[4:] == (1, 8, "How 'walk on Saturday' went: Walked twice, legs sore")
    # One new rating, for the goal re-rated, with what moved it; none for the skipped one.
    rated = "SELECT goal_id, on_date, importance, confidence, note FROM ratings ORDER BY id"
    assert rows(db_path, rated) == [
        (1, "2026-11-18", 8, 6, None),
        (1, "2026-11-18", 9, 4, "importance 8 to 9: a calm month at work"),
    ]
    # The whole conversation is one write: one undo reverts check-in and rating together.
    assert stocked("undo").stdout == "Undid: me · session on 2026-11-18.\n"
    assert rows(db_path, "SELECT count(*) FROM checkins") == [(1,)]
    assert rows(db_path, "SELECT id, outcome FROM commitments") == [(1, None)]
    assert rows(db_path, "SELECT count(*) FROM ratings") == [(1,)]


def test_guided_checkin_skipping_everything_saves_nothing(stocked, terminal, db_path: Path) -> None:
    before = snapshot(db_path)
    t = terminal("checkin", "--rate-all")
    for prompt in ("What went well", "made it harder", "How important", "How confident",
                   "What is one small thing", "How are you feeling", "with your coach"):
        t.expect(prompt)
        t.answer("")
    code, rest = t.finish()
    assert code == 1
    assert "Error: a check-in needs some content" in rest
    assert snapshot(db_path) == before


def test_guided_checkin_for_a_new_user_asks_no_goal_questions(coach, terminal, db_path: Path) -> None:
    t = terminal("checkin", "--session")
    t.expect("What went well")
    t.answer("Started")
    t.expect("Anything else?")
    t.answer("")
    t.expect("Was there anything that made it harder?")
    t.answer("")
    t.expect("What is one small thing")
    t.answer("")
    t.expect("How are you feeling overall?")
    t.answer("")
    code, rest = t.finish()
    assert code == 0, t.seen
    assert "Goal " not in t.seen
    assert "your coach" not in t.seen  # --session said so already
    assert "Saved your session of 2026-11-18.\r\nWent well: 'Started'." in rest
    assert rows(db_path, "SELECT session FROM checkins") == [(1,)]


def test_guided_checkin_ended_with_ctrl_d_writes_nothing(stocked, terminal, db_path: Path) -> None:
    before = snapshot(db_path)
    t = terminal("checkin")
    t.expect("What went well")
    t.answer("Something good")
    t.expect("Anything else?")
    os.write(t.master, b"\x04")  # Ctrl-D at the start of a line: end of input
    code, rest = t.finish()
    assert code == 130
    assert "Interrupted: nothing was written." in rest
    assert "Traceback" not in t.seen
    assert snapshot(db_path) == before


def test_guided_checkin_interrupted_with_ctrl_c_writes_nothing(stocked, terminal, db_path: Path) -> None:
    before = snapshot(db_path)
    t = terminal("checkin")
    t.expect("What went well")
    t.proc.send_signal(signal.SIGINT)
    code, rest = t.finish()
    assert code == 130
    assert "Interrupted: nothing was written." in rest
    assert "Traceback" not in t.seen
    assert snapshot(db_path) == before


def test_guided_conversation_in_process(stocked, db_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    """The conversation itself, fed line by line: odd numbers are asked again, never crash."""
    from coachcli.cli.track import _guided
    from coachcli.store import Database

    answers = ["Walked", "", "", "²", "10", "", "", "Walk Monday", "6", "7", "٣", "no"]
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(a + "\n" for a in answers)))
    monkeypatch.setenv("COACH_TODAY", TODAY.isoformat())
    with Database.open(db_path) as store:
        g = _guided(store, "ME", rate_all=True)
    assert (g.wins, g.obstacles, g.commitments, g.mood, g.ratings, g.sure, g.session) == (
        ["Walked"], [], ["Walk Monday"], 3, [(1, 10, None)], 6, False)
    shown = capsys.readouterr().out
    assert shown.count("Please answer with a whole number from 0 to 10.") == 1
    assert shown.count("Please answer with a whole number from 1 to 5.") == 1
    assert "Did you talk this over with your coach? (y/N)" in shown
    assert "coaching session" not in shown
    # A coach's client is asked about the session in the coach's words.
    assert stocked("client", "add", "Alice").exit_code == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("Walked\n\n\n\n\ny\n"))
    with Database.open(db_path) as store:
        assert _guided(store, "Alice").session is True
    assert "Was this check-in a coaching session? (y/N)" in capsys.readouterr().out


def test_guided_checkin_rates_only_active_goals_not_rated_lately(stocked, terminal,
                                                                 db_path: Path) -> None:
    """Five goals, ten questions, every time: now only the active ones not rated in two weeks."""
    stocked("goal", "add", "Read more", "-i", "5", "-k", "5", "--on", "2026-10-26", today="2026-10-26")
    stocked("goal", "add", "Sleep by 11", "-i", "6", "-k", "4", "--on", "2026-10-26", today="2026-10-26")
    stocked("goal", "achieve", "3", "--on", "2026-11-10")
    stocked("goal", "add", "Paused one", "--on", "2026-10-26", today="2026-10-26")
    stocked("goal", "pause", "4", "--on", "2026-11-01")
    t = terminal("checkin")
    t.expect("What went well")
    t.answer("")
    t.expect("Was there anything that made it harder?")
    t.answer("")
    t.expect("Goal 2: Read more")  # rated on 26 October: due a new look
    t.expect("(0-10, Enter to keep 5)")
    t.answer("3")
    t.expect("How confident")
    t.answer("")
    t.expect("Your importance is at 3 now. What makes it 3 and not 1? (Enter to skip)")
    t.answer("it still matters on weekends")
    t.expect("What is one small thing")
    t.answer("")
    t.expect("How are you feeling overall?")
    t.answer("")
    t.expect("with your coach")
    t.answer("")
    code, _rest = t.finish()
    assert code == 0, t.seen
    # Rated today (1), achieved (3), paused (4): none of them asked.
    for title in ("Goal 1:", "Goal 3:", "Goal 4:"):
        assert title not in t.seen, (title, t.seen)
    assert "What got in the way" not in t.seen
    latest = "SELECT importance, note FROM ratings WHERE goal_id = 2 ORDER BY id DESC LIMIT 1"
    assert rows(db_path, latest) == [(3, "importance 5 to 3: it still matters on weekends")]


def test_guided_checkin_after_a_quiet_spell_welcomes_before_last_times_plans(
    stocked, terminal, db_path: Path,
) -> None:
    stocked("checkin", "--on", "2026-10-30", "--commit", "walk on Saturday", "--session",
            today="2026-10-30")
    stocked("done", "1", "--on", "2026-10-30", today="2026-10-30")
    t = terminal("checkin")  # 18 November: nothing recorded for 19 days
    t.expect("Welcome back. What has been happening since 30 October? (Enter to skip)")
    t.answer("I got the flu")
    # Last time's commitment is not weighed today: "What went well" comes next.
    t.expect("What went well")
    t.answer("")
    t.expect("made it harder")
    t.answer("")
    t.expect("What is one small thing")
    t.answer("walk once")
    t.expect("How sure")
    t.answer("")
    t.expect("How are you feeling overall?")
    t.answer("")
    t.expect("with your coach")
    t.answer("")
    code, _ = t.finish()
    assert code == 0, t.seen
    assert "Last time you planned" not in t.seen
    assert "Kept, partly, or not kept?" not in t.seen
    assert rows(db_path, "SELECT note FROM checkins WHERE on_date = '2026-11-18'") == [
        ("Back after a quiet spell: I got the flu",)]


def test_guided_conversation_for_an_unknown_client_stops_before_asking(stocked, db_path: Path) -> None:
    from coachcli.cli.track import _guided
    from coachcli.errors import NotFoundError
    from coachcli.store import Database

    with Database.open(db_path) as store, pytest.raises(NotFoundError, match="no client named 'Zed'"):
        _guided(store, "Zed")


def test_checkin_without_content_in_process_is_refused(stocked, db_path: Path) -> None:
    before = snapshot(db_path)
    assert_user_error(stocked("checkin"), "no check-in content given and no terminal to ask on")
    assert snapshot(db_path) == before


def test_checkin_ratings_must_belong_to_the_client(stocked, db_path: Path) -> None:
    """The guided check-in re-rates goals inside the same single write; bad ratings undo it all."""
    from coachcli import service
    from coachcli.errors import InputError, NotFoundError
    from coachcli.store import Database

    stocked("client", "add", "Alice")
    before = snapshot(db_path)
    with Database.open(db_path) as store:
        with pytest.raises(InputError, match="goal 1 belongs to 'me', not 'Alice'"):
            service.add_checkin(store, "alice", on=TODAY, today=TODAY, wins=["x"], ratings=[(1, 5, None)])
        with pytest.raises(InputError, match="importance must be between 0 and 10, got 12"):
            service.add_checkin(store, "me", on=TODAY, today=TODAY, ratings=[(1, 12, None)])
        with pytest.raises(NotFoundError, match="no goal with id 9"):
            service.add_checkin(store, "me", on=TODAY, today=TODAY, ratings=[(9, 5, 5)])
    assert snapshot(db_path) == before
    with Database.open(db_path) as store:
        saved = service.add_checkin(store, "me", on=TODAY, today=TODAY, ratings=[(1, None, None), (1, 3, 4)])
    assert saved.wins == []
    assert rows(db_path, "SELECT importance, confidence FROM ratings ORDER BY id") == [(8, 6), (3, 4)]


def test_flags_on_a_terminal_do_not_ask(stocked, terminal, db_path: Path) -> None:
    t = terminal("checkin", "--win", "slept well")
    code, rest = t.finish()
    assert code == 0
    assert "What went well" not in rest
    assert "Saved your check-in of 2026-11-18." in rest


# ------------------------------------------------------------------ log


@pytest.fixture
def history(stocked):
    """A fortnight of activity for 'me', and one entry for Alice."""
    stocked("done", "1", "--on", "2026-11-09")
    stocked("missed", "1", "--on", "2026-11-11", "--note", "night shift")
    stocked("skip", "1", "--on", "2026-11-13", "--note", "flu")
    stocked("done", "1", "--on", "2026-11-16", "--count", "2", "--note", "with a friend")
    stocked("goal", "rate", "1", "-k", "7", "--on", "2026-11-17", "--note", "easier now")
    stocked("checkin", "--on", "2026-11-17", "--mood", "4", "--win", "walked", "--obstacle", "rain",
            "--commit", "walk at lunch", "--note", "upbeat")
    # 48 days ago, outside the default window (the walk was planned from then on).
    stocked("step", "edit", "1", "--start", "2026-10-01", "--from", "2026-10-01")
    stocked("done", "1", "--on", "2026-10-01")
    stocked("client", "add", "Alice")
    stocked("checkin", "-c", "alice", "--on", "2026-11-15", "--win", "exam passed")
    return stocked


def test_log_is_a_timeline_oldest_first(history) -> None:
    data = as_json(history("log", "-f", "json"))
    assert [(e["on_date"], e["kind"], e["subject"], e["detail"]) for e in data] == [
        ("2026-11-09", "done", "Walk 20 minutes", ""),
        ("2026-11-11", "missed", "Walk 20 minutes", "night shift"),
        ("2026-11-13", "skipped", "Walk 20 minutes", "flu"),
        ("2026-11-16", "done", "Walk 20 minutes", "x2 with a friend"),
        ("2026-11-17", "rating", "Get fit", "confidence 7 - easier now"),
        ("2026-11-17", "check-in", "mood 4/5", "win: walked; obstacle: rain; upbeat"),
        # A commitment is a line of its own, with the ref coach edit and --kept take.
        ("2026-11-17", "commitment", "", "walk at lunch"),
        # The day a goal began comes before what happened that day.
        ("2026-11-18", "goal active", "Get fit", ""),
        ("2026-11-18", "rating", "Get fit", "importance 8 confidence 6"),
    ]
    assert all(e["client"] == "me" for e in data)


def test_log_text(history) -> None:
    out = history("log", "-f", "text").stdout
    lines = out.splitlines()
    assert lines[0] == "Your log, 2026-10-19 to 2026-11-18"
    assert lines[1].split() == ["Ref", "Date", "What", "Subject", "Detail"]
    assert any(line.startswith("a2   2026-11-11  missed") and "Walk 20 minutes (step 1)" in line
               and line.endswith("night shift") for line in lines)
    assert any("Get fit (goal 1)" in line for line in lines)


def test_log_window_and_limit(history) -> None:
    data = as_json(history("log", "--since", "2026-10-01", "--until", "2026-11-10", "-f", "json"))
    assert [e["on_date"] for e in data] == ["2026-10-01", "2026-11-09"]
    data = as_json(history("log", "--limit", "2", "-f", "json"))
    assert [e["kind"] for e in data] == ["goal active", "rating"]
    data = as_json(history("log", "--since", "3 days ago", "-f", "json"))
    assert data[0]["on_date"] == "2026-11-16"


@pytest.mark.parametrize("limit", ["0", "-1", "-5"])
def test_log_limit_below_one_is_a_user_error(history, limit: str) -> None:
    # Not Typer's range error (exit 2): a value out of range is a user error.
    assert_user_error(history("log", "--limit", limit), f"--limit must be at least 1, got {limit}")
    assert_user_error(history("log", "--all", "--limit", limit), "--limit must be at least 1")


def test_log_of_another_client_and_of_everyone(history) -> None:
    data = as_json(history("log", "-c", "alice", "-f", "json"))
    assert [(e["client"], e["kind"], e["detail"]) for e in data] == [
        ("Alice", "check-in", "win: exam passed")
    ]
    everyone = as_json(history("log", "--all", "-f", "json"))
    assert {e["client"] for e in everyone} == {"me", "Alice"}
    text = history("log", "--all", "-f", "text").stdout
    assert text.splitlines()[0].startswith("Log of everyone")
    assert "Client" in text.splitlines()[1]
    history("client", "archive", "alice")
    assert {e["client"] for e in as_json(history("log", "--all", "-f", "json"))} == {"me"}


def test_log_errors_and_empty_cases(history, coach, tmp_path: Path) -> None:
    assert_user_error(history("log", "-c", "alcie"), "did you mean 'Alice'?")
    assert_user_error(history("log", "--since", "the beginning"), "the beginning")
    empty = history("log", "--since", "2026-01-01", "--until", "2026-01-31", "-f", "text")
    assert "Nothing logged in this period." in empty.stdout
    fresh = tmp_path / "fresh.db"
    assert_user_error(coach("log", "-f", "text", COACH_DB=str(fresh)), f"no database at {fresh}")
    assert not fresh.exists()


# ------------------------------------------------------------------ undo


def test_undo_walks_back_each_write_exactly(coach, db_path: Path) -> None:
    assert coach("init").exit_code == 0
    writes = [
        ("goal", "add", "Get fit", "-i", "8"),
        ("step", "add", "1", "Walk", "--every", "daily", "--start", "2026-11-01"),
        ("done", "1", "--on", "2026-11-16"),
        ("missed", "1", "--on", "2026-11-17", "--note", "rain"),
        ("goal", "rate", "1", "-k", "5"),
        ("goal", "edit", "1", "--title", "Get strong", "--should"),
        ("goal", "pause", "1"),
        ("step", "edit", "1", "--every", "weekdays"),
        ("step", "drop", "1"),
        ("checkin", "--win", "x"),
        ("client", "rename", "me", "Sam"),
        ("client", "archive", "sam"),
    ]
    said = [
        "Undid: Sam · archived.",
        "Undid: Sam · renamed from 'me'.",
        "Undid: me · check-in on 2026-11-18.",
        "Undid: me · dropped step 'Walk' on 2026-11-18.",
        "Undid: me · plan of 'Walk' from 2026-11-18.",
        "Undid: me · paused 'Get strong' on 2026-11-18.",
        "Undid: me · edit of goal 'Get fit'.",
        "Undid: me · rating of 'Get fit' on 2026-11-18.",
        "Undid: me · missed 'Walk' on 2026-11-17.",
        "Undid: me · done 'Walk' on 2026-11-16.",
        "Undid: me · new step 'Walk' (goal 1).",
        "Undid: me · new goal 'Get fit'.",
    ]
    states = []
    for args in writes:
        states.append(records(db_path))
        result = coach(*args)
        assert result.exit_code == 0, (args, result.stderr)

    def restored(state: dict[str, list[tuple[object, ...]]] | None) -> dict[str, list[tuple[object, ...]]]:
        """All but the tombstones: what undo restores exactly (a removal leaves a tombstone)."""
        return {k: v for k, v in (state or {}).items() if k != "tombstones"}

    for expected_state, message in zip(reversed(states), said, strict=True):
        result = coach("undo")
        assert result.exit_code == 0
        assert result.stdout == message + "\n"
        assert restored(records(db_path)) == restored(expected_state), message
    assert coach("undo").stdout == "Nothing to undo.\n"
    assert rows(db_path, "SELECT count(*) FROM clients") == [(0,)]  # 'me' went with the first goal
    removed = set(rows(db_path, "SELECT uuid FROM tombstones"))
    tables = ("clients", "goals", "status_changes", "ratings", "steps", "step_plans", "actions", "checkins")
    def uuid_of(row: tuple[object, ...]) -> object:
        # Columns added by later migrations come after uuid, created_at, updated_at.
        return next(v for v in row if isinstance(v, str) and len(v) == 36 and v.count("-") == 4)

    ever = {(uuid_of(r),) for state in states if state for t in tables for r in state[t]}
    assert removed == ever  # every record the undos removed, and nothing else


def test_undo_does_not_revert_refused_commands(stocked, db_path: Path) -> None:
    stocked("done", "1", "--on", "2026-11-16")
    assert_user_error(stocked("done", "1", "--on", "tomorrow"), "in the future")
    assert stocked("undo").stdout == "Undid: me · done 'Walk 20 minutes' on 2026-11-16.\n"
    assert rows(db_path, "SELECT count(*) FROM actions") == [(0,)]


def test_undo_on_a_new_machine(coach_proc) -> None:
    result = coach_proc("undo")
    assert result.returncode == 0
    assert result.stdout == "Nothing to undo.\n"
    assert result.stderr == ""


def test_ids_are_reused_cleanly_after_undo(stocked, db_path: Path) -> None:
    stocked("done", "1", "--on", "2026-11-16")
    stocked("undo")
    stocked("done", "1", "--on", "2026-11-17")
    stocked("undo")
    assert stocked("undo").stdout == "Undid: me · new step 'Walk 20 minutes' (goal 1).\n"
    assert rows(db_path, "SELECT count(*) FROM actions") == [(0,)]
    assert rows(db_path, "SELECT count(*) FROM steps") == [(0,)]
