"""Help that stands alone: ``coach help TOPIC`` says what the README says, and the report's
``--help`` explains every column it prints."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from coachcli.render.help import TOPICS, markdown, plain

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_the_readme_shows_each_topic_word_for_word(topic: str) -> None:
    assert markdown(topic) in README.read_text(encoding="utf-8")


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_coach_help_prints_the_topic_from_the_installed_package(topic: str, tmp_path: Path) -> None:
    # Run from elsewhere, as a pip-installed user would: nothing is read from the checkout.
    proc = subprocess.run([sys.executable, "-m", "coachcli", "help", topic], capture_output=True,
                          text=True, cwd=tmp_path, check=False, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == plain(topic)
    # Piped, it is plain text: no emphasis marks, no Markdown table rows (`code` stays marked).
    assert "**" not in proc.stdout
    assert not re.search(r"^\|", proc.stdout, re.MULTILINE)
    assert max(len(line) for line in proc.stdout.splitlines()) <= 80
    # The same words as the Markdown, in the same order.
    shown = " ".join(proc.stdout.split())
    for word in re.sub(r"[*|]|^-+$|```", " ", markdown(topic), flags=re.MULTILINE).split():
        if set(word) <= set("-:"):
            continue
        assert word in shown, word


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_no_topic_names_a_source_file_or_a_test(topic: str) -> None:
    """A pip user has no checkout: the help names what they can run, not where code lives."""
    text = markdown(topic)
    assert not re.search(r"\bsrc/|\btests?/|\w\.py\b", text), re.findall(r"\S*\.py\S*|\S*src/\S*", text)


def test_on_a_terminal_a_topic_is_rendered_not_shown_as_markdown(tmp_path: Path) -> None:
    import os
    import pty

    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "100"}
    proc = subprocess.Popen([sys.executable, "-m", "coachcli", "help", "report"], stdin=slave,
                            stdout=slave, stderr=slave, env=env, cwd=tmp_path)
    os.close(slave)
    out = b""
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        out += data
    assert proc.wait(timeout=60) == 0
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", out.decode())
    assert "**" not in shown
    assert "|---|" not in shown
    assert "━" in shown or "─" in shown  # Rich drew the table
    assert "Done/plan" in shown


def test_help_lists_the_topics_and_refuses_an_unknown_one(coach) -> None:
    listing = coach("help")
    assert listing.exit_code == 0
    for topic, what in TOPICS.items():
        assert re.search(rf"^  {topic} +{re.escape(what)}$", listing.stdout, re.MULTILINE)
    wrong = coach("help", "colours")
    assert wrong.exit_code == 2
    topics = "dates, schedules, amounts, report, signals, sessions, data, groups"
    assert f"no help topic 'colours'; topics: {topics}" in wrong.stderr


def _headers(text: str, first: str) -> list[str]:
    line = next(line for line in text.splitlines() if line.startswith(first))
    return re.split(r"\s{2,}", line.strip())


def test_report_help_explains_every_column_it_prints(coach) -> None:
    assert coach("goal", "add", "Run", "-i", "8").exit_code == 0
    assert coach("step", "add", "1", "Jog", "--every", "daily", "--start", "2026-11-01").exit_code == 0
    one = coach("report", "-f", "text").stdout
    caseload = coach("report", "--all", "-f", "text").stdout
    columns = _headers(one, "Goal") + _headers(caseload, "Client")
    explained = coach("report", "--help").stdout
    block = explained.split("Columns:\n", 1)[1].split("\n\n", 1)[0]
    named = {n.strip() for line in block.splitlines() for n in re.split(r"  +", line.strip())[0].split(",")}
    for column in columns:
        assert column in named | {"Client"}, (column, block)
    # The fuller explanation is one command away, and in the report topic.
    assert "coach help report" in explained
    for column in columns:
        assert column in markdown("report"), column
