"""The committed examples are what the code produces today."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_examples_output_is_current() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "regenerate.py"), "--check"],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_weekly_mail_fits_80_columns_and_has_no_escape_codes() -> None:
    text = (ROOT / "examples" / "output" / "weekly-summary.txt").read_text()
    assert "Caseload report, week" in text
    assert "\x1b" not in text
    assert max(len(line) for line in text.splitlines()) <= 80


def test_crontab_runs_the_documented_command() -> None:
    cron = (ROOT / "examples" / "crontab").read_text()
    assert "coach report --all --week last --format text" in cron
