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


# ---------------------------------------------------------------- what a sync refuses, in part


def _checkin(**values: object) -> dict[str, object]:
    """A check-in row as the hub sends it: every column, texts as text."""
    from coachcli.portable.fmt import SPECS
    from coachcli.store.sync import shape

    row: dict[str, object] = dict.fromkeys(shape(SPECS["checkins"]))
    row.update(uuid="019aafc6-e940-7b0e-9cd6-ea8d71a5cce1",
               client_uuid="019aaff1-0680-72e3-b4a6-ffd8ee92868b", on_date="2026-11-18", mood=3,
               created_at="2026-11-18T08:00:00.000Z", updated_at="2026-11-18T08:00:00.000Z")
    row.update(values)
    return row


def test_a_hub_value_is_too_long_by_its_own_columns_bound() -> None:
    """A sync reads a text up to one character past its bound and leaves out a row holding
    a longer one; a list's JSON has the import's larger bound (the hub's own checks are
    the same, so a row between the two bounds is accepted, as on the hub)."""
    from coachcli.limits import MAX_IMPORT_VALUE, MAX_TEXT
    from coachcli.portable.exchange import _too_long
    from coachcli.portable.fmt import SPECS

    spec = SPECS["checkins"]
    assert _too_long(spec, _checkin()) is None
    assert _too_long(spec, _checkin(note="x" * MAX_TEXT)) is None
    assert _too_long(spec, _checkin(note="x" * (MAX_TEXT + 1))) == (
        '"note" is longer than 10,000 characters on the hub (not fetched whole)')
    # Texts that each fit, together longer than one bound: none is too long.
    assert _too_long(spec, _checkin(note="x" * MAX_TEXT, obstacles='["' + "y" * MAX_TEXT + '"]')) is None
    wins = '["' + "w" * (MAX_IMPORT_VALUE - 4) + '"]'
    assert _too_long(spec, _checkin(wins=wins)) is None
    assert _too_long(spec, _checkin(wins=wins + " ", note="x" * (MAX_TEXT + 1))) == (
        '"wins" is longer than 16,777,216 characters on the hub (not fetched whole)')  # the first named
