"""``coach report --all --summary``: the short weekly mail, end to end on the demo caseload."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import DEMO_TODAY
from helpers import Coach, restore

TODAY = DEMO_TODAY


@pytest.fixture
def run(demo_caseload: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    db = tmp_path / "demo.db"
    restore(demo_caseload, db)
    coach = Coach(db, TODAY)

    def invoke(*args: str) -> str:
        result = coach(*args)
        assert result.exit_code == 0, result.stderr
        return result.stdout

    return invoke


def test_the_summary_is_the_caseload_table_and_one_entry_per_client_to_raise(run) -> None:  # type: ignore[no-untyped-def]
    mail = run("report", "--all", "--summary", "--week", "last", "-f", "text")
    full = run("report", "--all", "--week", "last", "-f", "text")
    doc = json.loads(run("report", "--all", "--week", "last", "-f", "json"))
    assert mail.startswith("Caseload summary, week 2026-W47 (2026-11-16 to 2026-11-22)\n")
    # The table is the full report's, line for line.
    table = full.split("\n\n")[1]
    assert f"\n\n{table}\n\n" in mail
    entries = re.findall(r"^  ! (.+?): (.+?)\n    Ask: ", mail.split("Worth a conversation\n")[1],
                         re.MULTILINE | re.DOTALL)
    raising = [c for c in doc["clients"] if any(s["severity"] == "attention" for s in c["signals"])]
    assert [label.split(" · ")[0] for label, _ in entries] == [c["name"] for c in raising]
    assert len(mail.splitlines()) * 4 < len(full.splitlines())


def test_each_entry_is_the_clients_weightiest_signal_and_its_question(run) -> None:  # type: ignore[no-untyped-def]
    from coachcli.domain.signals import ATTENTION_WEIGHT

    summary = json.loads(run("report", "--all", "--summary", "--week", "last", "-f", "json"))
    full = json.loads(run("report", "--all", "--week", "last", "-f", "json"))
    mail = run("report", "--all", "--summary", "--week", "last", "-f", "text")
    flat = " ".join(mail.split())
    for short, long in zip(summary["clients"], full["clients"], strict=True):
        assert short["name"] == long["name"]
        worth = [s for s in long["signals"] if s["severity"] == "attention"]
        if not worth:
            assert short["top_signal"] is None
            continue
        heaviest = max(ATTENTION_WEIGHT.get(s["code"], 0) for s in worth)
        first = next(s for s in worth if ATTENTION_WEIGHT.get(s["code"], 0) == heaviest)
        assert short["top_signal"] == first
        assert " ".join(first["evidence"].split()) in flat
        assert "Ask: " + " ".join(first["question"].split()) in flat


def test_summary_in_markdown_and_rich_too(run) -> None:  # type: ignore[no-untyped-def]
    md = run("report", "--all", "--summary", "--week", "last", "-f", "markdown")
    assert "Worth a conversation" in md
    assert "| Client |" in md
    rich = run("report", "--all", "--summary", "--week", "last", "-f", "rich")
    assert "Worth a conversation" in rich


def test_a_caseload_with_nothing_to_raise_says_so(coach) -> None:
    assert coach("client", "add", "Alice").exit_code == 0
    out = coach("report", "--all", "--summary", "-f", "text").stdout
    assert "Worth a conversation\n  Nothing stands out this week.\n" in out


@pytest.mark.parametrize(("args", "message"), [
    (["--summary", "--mail-to", "a@example.org", "-f", "html"], "--summary has no html form"),
    (["--mail-to", "a@example.org", "-o", "x.txt"], "give either -o FILE or --mail-to ADDRESS"),
    (["--mail-to", "a@example.org", "-f", "html"], "--mail-to mails text"),
    (["--subject", "Hi"], "--subject goes with --mail-to ADDRESS"),
    (["--mode", "0644"], "--mode sets the permissions of the -o FILE"),
    (["--all", "--summary", "-f", "html"], "--summary has no html form"),
])
def test_summary_refuses_what_it_is_not(coach, args: list[str], message: str) -> None:
    result = coach("report", *args)
    assert result.exit_code == 2
    assert message in result.stderr
