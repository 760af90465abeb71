"""coach sync without a hub to talk to: psycopg missing, or a server that is not there.

These need neither PostgreSQL nor psycopg, so they run everywhere.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.helpers import Coach, assert_user_error, snapshot
from typer.testing import Result


def invoke(db: Path, *args: str) -> Result:
    return Coach(db, "2026-11-18", COACH_HUB="").run(*args)


def assert_ok(result: Result) -> str:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def test_an_unreachable_hub_is_one_line_and_local_work_is_untouched(tmp_path: Path) -> None:
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[test]')")
    db = tmp_path / "coach.db"
    assert_ok(invoke(db, "goal", "add", "Walk"))
    before = snapshot(db)
    missing = tmp_path / "no-server-here"
    result = invoke(db, "sync", "--hub", f"postgresql://anna@/practice?host={missing}")
    assert_user_error(result, "cannot reach the hub at")
    assert "nothing was changed" in result.stderr
    assert snapshot(db) == before
    assert_user_error(invoke(db, "sync"), "no hub given")


def test_without_psycopg_sync_says_how_to_install_it(tmp_path: Path) -> None:
    blocker = tmp_path / "site"
    blocker.mkdir()
    (blocker / "psycopg.py").write_text("raise ImportError('blocked for this test')\n")
    db = tmp_path / "coach.db"
    assert_ok(invoke(db, "goal", "add", "Walk"))
    before = snapshot(db)
    proc = subprocess.run(
        [sys.executable, "-m", "coachcli", "sync", "--hub", "postgresql://anna@/practice"],
        capture_output=True, text=True, check=False,
        env={**os.environ, "COACH_DB": str(db), "PYTHONPATH": str(blocker)},
    )
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        "Error: the practice hub needs psycopg: install coachcli[hub] (pip install 'coachcli[hub]')"
    ]
    assert snapshot(db) == before
    init = subprocess.run(
        [sys.executable, "-m", "coachcli", "hub", "init", "postgresql://owner@/practice"],
        capture_output=True, text=True, check=False, env={**os.environ, "PYTHONPATH": str(blocker)},
    )
    assert init.returncode == 1
    assert "install coachcli[hub]" in init.stderr
