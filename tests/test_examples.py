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


def test_crontab_mails_the_summary_with_the_full_path_cron_needs() -> None:
    cron = (ROOT / "examples" / "crontab").read_text()
    assert ("0 7 * * 1  /home/coach/.local/bin/coach report --all --summary --week last "
            "--mail-to coach@example.org") in cron
    assert "| mail" not in cron  # a pipe would mail an empty body when coach fails
    mail = (ROOT / "examples" / "output" / "weekly-mail.txt").read_text()
    assert mail.startswith("Caseload summary, week ")
    assert "Worth a conversation\n" in mail
    assert max(len(line) for line in mail.splitlines()) <= 80
    mine = (ROOT / "examples" / "output" / "self-mail.txt").read_text()
    assert mine.startswith("Your week ")
    assert max(len(line) for line in mine.splitlines()) <= 80


def test_the_cron_line_runs_in_crons_bare_environment(tmp_path: Path) -> None:
    """The crontab's mail line, run as cron runs it: env -i, PATH=/usr/bin:/bin, sh -c.

    Only the two things a user changes are replaced: coach's full path (here, this
    checkout's) and sendmail (here, a script on PATH that keeps the message), so what
    runs is the line as written.
    """
    import email
    import email.policy

    db = tmp_path / "demo.db"
    coach = Path(sys.executable).with_name("coach")
    subprocess.run([str(coach), "demo", "--db", str(db), "--no-report"], check=True, capture_output=True,
                   env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "COACH_TODAY": "2026-11-23"})
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "sendmail").write_text(f'#!/bin/sh\ncat > "{tmp_path}/mailbox"\n')
    (bindir / "sendmail").chmod(0o755)
    cron = (ROOT / "examples" / "crontab").read_text()
    line = next(x for x in cron.splitlines() if "--mail-to" in x and not x.startswith("#"))
    command = line.split(None, 5)[5]  # after the five time fields
    command = command.replace("/home/coach/.local/bin/coach", str(coach))
    env = ["env", "-i", f"PATH={bindir}:/usr/bin:/bin", "SHELL=/bin/sh", f"HOME={tmp_path}",
           f"COACH_DB={db}", "COACH_TODAY=2026-11-23", "SOURCE_DATE_EPOCH=1795420800"]
    proc = subprocess.run([*env, "/bin/sh", "-c", command], capture_output=True, text=True, check=False,
                          timeout=120)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")  # cron has nothing to mail
    mail = email.message_from_bytes((tmp_path / "mailbox").read_bytes(), policy=email.policy.default)
    assert mail["Subject"] == "Coaching: last week"
    assert mail["To"] == "coach@example.org"
    mailed = mail.get_content()
    assert mailed == (ROOT / "examples" / "output" / "weekly-mail.txt").read_text(encoding="utf-8")
    assert "\x1b" not in mailed
