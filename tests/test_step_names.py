"""Steps named as people name them: ``coach done screens`` instead of looking up an id.

A unique beginning of a title of the current client's steps (case-insensitive)
names the step, for done/missed/skip (fast path and Typer alike) and ``step
show``; an ambiguous one is refused with the candidates; and one day holds a
done or a missed of a step, never both.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import shutil
import struct
import subprocess
import termios
import time
from pathlib import Path

import pytest

from helpers import Coach, Templates, assert_user_error, rows, snapshot
from test_completion import COACH, _env, complete
from test_import_graph import NOT_FOR_DONE, heavy_in, loaded_modules


def build_tracker(coach: Coach) -> None:
    assert coach("goal", "add", "Sleep better").exit_code == 0
    for title, rule in (("Screens off by 22:00", "daily"), ("No coffee after noon", "daily"),
                        ("Screen-free Sunday", "sun")):
        assert coach("step", "add", "1", title, "--every", rule, "--start", "2026-11-01").exit_code == 0
    assert coach("client", "add", "Alice").exit_code == 0
    assert coach("goal", "add", "Rest", "-c", "Alice").exit_code == 0
    assert coach("step", "add", "2", "No coffee at all", "--every", "daily",
                 "--start", "2026-11-01").exit_code == 0


@pytest.fixture
def tracker(templates: Templates, db_path: Path) -> Path:
    """A self-tracker: steps 1-3 for 'me', and Alice's step 4 called like one of them."""
    return templates.copy(build_tracker, db_path)


def logged(db: Path) -> list[tuple[object, ...]]:
    return rows(db, "SELECT step_id, kind, on_date FROM actions ORDER BY id")


def test_done_takes_a_unique_beginning_of_a_title_in_any_case(coach: Coach, tracker: Path) -> None:
    result = coach("done", "SCREENS")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Done: Screens off by 22:00 (step 1, goal 1) on 2026-11-18.")
    assert coach("missed", "no coffee", "--note", "meeting").exit_code == 0
    assert coach("skip", "screen-f", "--on", "2026-11-22").exit_code == 0
    assert logged(tracker) == [(1, "done", "2026-11-18"), (2, "missed", "2026-11-18"),
                               (3, "skipped", "2026-11-22")]


def test_a_whole_title_and_another_clients_titles(coach: Coach, tracker: Path) -> None:
    # 'No coffee' begins Alice's 'No coffee at all' too, but titles are the current client's.
    assert coach("done", "no coffee after noon").exit_code == 0
    assert coach("done", "-c", "alice", "no coffee", "--on", "yesterday").exit_code == 0
    assert coach("missed", "no coffee", "--on", "monday", COACH_CLIENT="Alice").exit_code == 0
    assert logged(tracker) == [(2, "done", "2026-11-18"), (4, "done", "2026-11-17"),
                               (4, "missed", "2026-11-16")]


def test_an_ambiguous_beginning_lists_the_candidates_and_writes_nothing(coach: Coach,
                                                                       tracker: Path) -> None:
    before = snapshot(tracker)
    assert_user_error(coach("done", "screen"),
                      "'screen' could be step 1 'Screens off by 22:00', 3 'Screen-free Sunday'; "
                      "give more of the title, or the id")
    assert_user_error(coach("done", "walk"), "no step of yours has a title starting with 'walk'")
    assert_user_error(coach("done", "rest", "-c", "Alice"),
                      "no step of Alice's has a title starting with 'rest'")
    assert snapshot(tracker) == before


def test_the_fast_path_resolves_titles_without_heavy_modules(tracker: Path) -> None:
    modules = loaded_modules(["done", "screens off"], tracker)
    assert "coachcli.service.steprefs" in modules  # the title was read
    assert heavy_in(modules) == []
    assert not any(m == "typer" or m.startswith(("typer.", "coachcli.cli")) for m in modules)
    assert logged(tracker) == [(1, "done", "2026-11-18")]
    # For the default client it costs what an id does: nothing sqlite3 does not already load.
    modules = loaded_modules(["missed", "no coffee", "--on", "yesterday"], tracker, script=True)
    assert "coachcli.service.steprefs" in modules
    assert sorted(set(NOT_FOR_DONE) & modules) == []


def test_step_show_takes_a_title(coach: Coach, tracker: Path) -> None:
    result = coach("step", "show", "no c", "--format", "text")
    assert result.exit_code == 0, result.stderr
    assert "No coffee after noon" in result.stdout


def test_a_done_and_a_missed_of_one_day_are_refused_saying_which_stands(coach: Coach,
                                                                       tracker: Path) -> None:
    assert coach("done", "1").exit_code == 0
    before = snapshot(tracker)
    assert_user_error(coach("missed", "1", "--note", "late"),
                      "'Screens off by 22:00' (step 1) is already logged as done on 2026-11-18 (a1); "
                      "if it was missed, change that entry: coach edit a1 --kind missed")
    assert snapshot(tracker) == before
    assert coach("missed", "1", "--on", "yesterday").exit_code == 0  # another day is another fact
    # An edit may not make the two stand together either.
    before = snapshot(tracker)
    assert_user_error(coach("edit", "a2", "--on", "2026-11-18"), "already logged as done on 2026-11-18 (a1)")
    assert snapshot(tracker) == before
    assert coach("edit", "a1", "--kind", "missed").exit_code == 0  # the way the message shows


def test_bash_completion_offers_titles_as_one_word_each(tracker: Path) -> None:
    # Coach's own script says it quotes: a title is a `text` reply, which bash quotes as it inserts it.
    quoting = {"_COACH_COMPLETE_QUOTE": "bash"}
    assert complete(tracker, "coach done ", **quoting) == [
        "text,Screens off by 22:00", "text,No coffee after noon", "text,Screen-free Sunday"]
    assert complete(tracker, "coach step show -c Alice ", **quoting) == ["text,No coffee at all"]
    assert complete(tracker, "coach done 4", **quoting) == ["plain,4"]  # a number typed: the ids
    # A script saved from an older coach (Click's) inserts a reply as it is, after its `read`
    # took one level of backslashes: the title comes escaped.
    assert complete(tracker, "coach done scr") == [r"plain,Screens\\\ off\\\ by\\\ 22\\\:00",
                                                   r"plain,Screen-free\\\ Sunday"]
    zsh = complete(tracker, "coach missed no", shell="zsh")
    assert zsh == ["plain", "No coffee after noon", "step 2 (Sleep better)"]


def test_a_title_with_a_slash_comes_escaped(coach: Coach, tracker: Path) -> None:
    """Bash lists a file name from its last slash on ("day"): such titles come escaped instead."""
    assert coach("step", "add", "1", "Read 20 pages/day", "--every", "daily").exit_code == 0
    assert complete(tracker, "coach done r", _COACH_COMPLETE_QUOTE="bash") == [r"plain,Read\ 20\ pages/day"]
    assert complete(tracker, "coach done no", _COACH_COMPLETE_QUOTE="bash") == ["text,No coffee after noon"]


class Terminal:
    """An interactive bash on a pseudo-terminal, typed into as a person types (Tab included)."""

    def __init__(self, env: dict[str, str]) -> None:
        self.controller, terminal = pty.openpty()
        fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
        self.proc = subprocess.Popen(["bash", "--norc", "--noprofile", "-i"], stdin=terminal, stdout=terminal,
                                     stderr=terminal, env={**env, "PS1": "@> "}, start_new_session=True)
        os.close(terminal)
        self.seen = b""

    def type(self, keys: str, until: str, timeout: float = 60) -> str:
        """Type ``keys``; what the screen showed until ``until`` appeared."""
        start = len(self.seen)
        os.write(self.controller, keys.encode())
        deadline = time.monotonic() + timeout
        while until.encode() not in self.seen[start:]:
            ready, _, _ = select.select([self.controller], [], [], max(0.0, deadline - time.monotonic()))
            shown = self.seen[start:].decode(errors="replace")
            assert ready, f"waited for {until!r}; the screen showed {shown!r}"
            self.seen += os.read(self.controller, 65536)
        return self.seen[start:].decode(errors="replace")

    def close(self) -> None:
        os.write(self.controller, b"\x03exit\r")  # Ctrl-C first: whatever was half typed is dropped
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=30)
        os.close(self.controller)


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_tab_in_bash_lists_titles_as_typed_and_inserts_one_word(tracker: Path, tmp_path: Path) -> None:
    env = _env(tracker, PATH=f"{COACH.parent}{os.pathsep}{os.environ['PATH']}", HOME=str(tmp_path),
               TERM="dumb", INPUTRC="/dev/null")
    bash = Terminal(env)
    try:
        bash.type('eval "$(coach completion bash)"\r', "@> ")
        menu = bash.type("coach done \t\t", "Screen-free Sunday")
        assert "No coffee after noon" in menu  # the menu shows titles as they are
        assert "\\" not in menu
        bash.type("\x15", "")  # Ctrl-U: a new line
        assert "No\\ coffee\\ after\\ noon" in bash.type("coach done No\t", "noon")  # one word
        assert "Done: No coffee after noon (step 2, goal 1)" in bash.type("\r", "@> ")
        # Within quotes the user opened, the title is closed by bash, not escaped.
        assert 'coach missed "Screens off by 22:00" ' in bash.type('coach missed "Screens\t', "22:00")
        bash.type("--on yesterday\r", "@> ")
    finally:
        bash.close()
    assert logged(tracker) == [(2, "done", "2026-11-18"), (1, "missed", "2026-11-17")]


def test_completion_offers_help_topics_entry_refs_and_only_dates_a_command_takes(coach: Coach,
                                                                               tracker: Path) -> None:
    assert complete(tracker, "coach help s") == ["plain,schedules", "plain,signals", "plain,sessions"]
    assert coach("done", "1").exit_code == 0
    assert coach("missed", "2", "--on", "yesterday").exit_code == 0
    assert complete(tracker, "coach edit a") == ["plain,a1", "plain,a2"]  # the newest day first
    assert complete(tracker, "coach delete a2") == ["plain,a2"]
    assert complete(tracker, "coach done 1 --on t") == ["plain,today", "plain,tuesday", "plain,thursday"]
    assert "plain,tomorrow" not in complete(tracker, "coach missed 1 --on ")
    assert "plain,tomorrow" in complete(tracker, "coach skip 1 --on t")  # a day may be set aside ahead


def test_habit_takes_a_unique_beginning_of_a_title(coach: Coach, tracker: Path) -> None:
    assert coach("done", "screens", "--on", "2026-11-16").exit_code == 0
    assert coach("done", "screens", "--on", "2026-11-17").exit_code == 0
    by_title = coach("habit", "screens OFF", "-f", "json")
    assert by_title.exit_code == 0, by_title.stderr
    assert by_title.stdout == coach("habit", "1", "-f", "json").stdout
    assert '"current_streak": 2' in by_title.stdout
    text = coach("habit", "no c", "-f", "text")
    assert text.exit_code == 0, text.stderr
    assert text.stdout.startswith("Step 2: No coffee after noon\n")
    # -c (or $COACH_CLIENT) picks whose titles: Alice's 'No coffee at all' is step 4.
    assert coach("habit", "-c", "alice", "no coffee", "-f", "text").stdout.startswith(
        "Step 4: No coffee at all\n")
    assert coach("habit", "no coffee", "-f", "text", COACH_CLIENT="Alice").stdout.startswith(
        "Step 4: No coffee at all\n")


def test_habit_refuses_an_ambiguous_or_unknown_title_and_writes_nothing(coach: Coach,
                                                                       tracker: Path) -> None:
    before = snapshot(tracker)
    assert_user_error(coach("habit", "screen"),
                      "'screen' could be step 1 'Screens off by 22:00', 3 'Screen-free Sunday'; "
                      "give more of the title, or the id")
    assert_user_error(coach("habit", "walk"), "no step of yours has a title starting with 'walk'")
    assert_user_error(coach("habit", "rest", "-c", "Alice"),
                      "no step of Alice's has a title starting with 'rest'")
    assert snapshot(tracker) == before


def test_habit_reads_the_title_a_step_had_on_the_last_day_shown(coach: Coach, tracker: Path) -> None:
    assert coach("step", "edit", "1", "--title", "Lights out by 23:00", "--from", "2026-11-17").exit_code == 0
    assert coach("habit", "lights", "-f", "text").stdout.startswith("Step 1: ")
    old = coach("habit", "screens off", "--until", "2026-11-15", "-f", "text")
    assert old.exit_code == 0, old.stderr
    assert old.stdout.startswith("Step 1: ")


def test_habit_completes_titles(tracker: Path) -> None:
    assert complete(tracker, "coach habit scr") == [r"plain,Screens\\\ off\\\ by\\\ 22\\\:00",
                                                    r"plain,Screen-free\\\ Sunday"]
    assert complete(tracker, "coach habit -c Alice ") == [r"plain,No\\\ coffee\\\ at\\\ all"]
    assert complete(tracker, "coach habit 3") == ["plain,3"]


def test_step_show_speaks_to_a_self_tracker_and_names_a_clients(coach: Coach, tracker: Path) -> None:
    mine = coach("step", "show", "screens", "-f", "text").stdout.splitlines()
    assert mine[:2] == ["Step 1: Screens off by 22:00", "Goal:   1 Sleep better"]
    assert not any(line.startswith("Client") for line in mine)  # not "Client: me": it is yours
    alices = coach("step", "show", "4", "-f", "text").stdout.splitlines()
    assert "Client: Alice" in alices
