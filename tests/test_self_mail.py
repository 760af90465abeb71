"""A self-tracker's weekly mail, in their voice, mailed by cron without ever mailing nothing.

``coach report --summary`` for client ``me`` speaks to the reader ("Your week",
"To think about"); ``--mail-to`` hands the finished text to sendmail (a fake
one here, on PATH, as cron's bare environment finds it) and a failure mails
nothing and exits 1; ``-o`` takes ``--quiet`` and ``--mode``.
"""

from __future__ import annotations

import email
import email.policy
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import Coach, Templates

ROOT = Path(__file__).resolve().parent.parent
COACH = Path(sys.executable).with_name("coach")
#: What a coach must never read about themselves, or a self-tracker about themselves.
CASELOAD_WORDS = ("Caseload summary", "Client", "Worth a conversation", "Ask:", " me ", "their")


def build_tracker(coach: Coach) -> None:
    day = "2026-11-09"
    assert coach("goal", "add", "Sleep better", "--why", "to wake up rested", "-i", "9", "-k", "4",
                 "--on", day, today=day).exit_code == 0
    assert coach("step", "add", "1", "Screens off by 22:00", "--every", "daily", "--start", day,
                 today=day).exit_code == 0
    assert coach("step", "add", "1", "Book a sleep clinic", "--due", "2026-11-13", today=day).exit_code == 0
    for n in range(9, 23):
        on = f"2026-11-{n:02d}"
        kind = "missed" if n % 3 == 0 else "done"
        assert coach(kind, "screens", "--on", on, today="2026-11-23").exit_code == 0


@pytest.fixture
def tracker(templates: Templates, db_path: Path) -> Path:
    """Two weeks of someone tracking their own sleep, up to Monday 2026-11-23."""
    return templates.copy(build_tracker, db_path)


def fake_sendmail(tmp_path: Path, status: int = 0) -> Path:
    """A ``sendmail`` that keeps what it is given (and its arguments) and exits ``status``."""
    bindir = tmp_path / "bin"
    bindir.mkdir(exist_ok=True)
    script = bindir / "sendmail"
    script.write_text(f'#!/bin/sh\necho "$@" > "{tmp_path}/args"\ncat > "{tmp_path}/mailbox"\n'
                      f'[ {status} = 0 ] || echo "sendmail: cannot reach the relay" >&2\nexit {status}\n')
    script.chmod(0o755)
    return bindir


def cron(tmp_path: Path, db: Path, command: str, **more: str) -> subprocess.CompletedProcess[str]:
    """``command`` as cron runs it: env -i, PATH=/usr/bin:/bin (plus the fake sendmail), sh -c."""
    env = ["env", "-i", f"PATH={tmp_path / 'bin'}:/usr/bin:/bin", "SHELL=/bin/sh", f"HOME={tmp_path}",
           f"COACH_DB={db}", "COACH_TODAY=2026-11-23", *(f"{k}={v}" for k, v in more.items())]
    return subprocess.run([*env, "/bin/sh", "-c", command], capture_output=True, text=True,
                          check=False, timeout=120)


def test_the_summary_speaks_to_the_reader(coach: Coach, tracker: Path) -> None:
    out = coach("report", "--summary", "--week", "last", "-f", "text", today="2026-11-23").stdout
    assert out.startswith("Your week 2026-W47 (2026-11-16 to 2026-11-22)\n\n"
                          "You did 5 of the 7 steps you planned (71%).\n")
    assert "To think about: " in out
    assert "Past its date · Sleep better: 'Book a sleep clinic' was due on 2026-11-13" in out
    assert out.rstrip().endswith("The full report: coach report --week last")
    for words in CASELOAD_WORDS:
        assert words not in out, words
    # A database whose one client is 'me' reads the same with --all.
    assert coach("report", "--all", "--summary", "--week", "last", "-f", "text",
                 today="2026-11-23").stdout == out


def test_a_caseload_summary_is_unchanged_by_a_self_tracker_among_clients(coach: Coach,
                                                                        tracker: Path) -> None:
    assert coach("client", "add", "Alice").exit_code == 0
    out = coach("report", "--all", "--summary", "-f", "text", today="2026-11-23").stdout
    assert out.startswith("Caseload summary, ")


def test_the_self_tracker_crontab_mails_the_summary_under_env_i(tmp_path: Path, tracker: Path) -> None:
    fake_sendmail(tmp_path)
    line = next(x for x in (ROOT / "examples" / "crontab-self").read_text().splitlines()
                if "--mail-to" in x and not x.startswith("#"))
    command = line.split(None, 5)[5].replace("/home/me/.local/bin/coach", str(COACH))
    proc = cron(tmp_path, tracker, command)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")  # cron has nothing to mail
    assert (tmp_path / "args").read_text() == "-t -oi\n"
    mail = email.message_from_bytes((tmp_path / "mailbox").read_bytes(), policy=email.policy.default)
    assert mail["To"] == "me@example.org"
    assert mail["Subject"] == "Your week 2026-W47 (2026-11-16 to 2026-11-22)"
    body = mail.get_content()
    assert body.startswith("Your week 2026-W47")
    assert "\x1b" not in body
    assert max(len(x) for x in body.splitlines()) <= 80
    direct = Coach(tracker, "2026-11-23").run("report", "--summary", "--week", "last", "-f", "text")
    assert body == direct.stdout


@pytest.mark.parametrize("what", ["a mistyped COACH_DB", "a refusing sendmail", "no sendmail"])
def test_a_failure_mails_nothing_and_says_so(tmp_path: Path, tracker: Path, what: str) -> None:
    fake_sendmail(tmp_path, status=75 if what == "a refusing sendmail" else 0)
    db = tmp_path / "typo.db" if what == "a mistyped COACH_DB" else tracker
    extra = {"COACH_SENDMAIL": str(tmp_path / "nowhere")} if what == "no sendmail" else {}
    proc = cron(tmp_path, db, f"{COACH} report --summary --mail-to me@example.org -q", **extra)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert len(proc.stderr.splitlines()) == 1, proc.stderr
    assert proc.stderr.startswith("Error: ")
    if what == "a refusing sendmail":
        assert proc.stderr == ("Error: " + str(tmp_path / "bin" / "sendmail") + " refused the mail "
                               "(exit status 75): sendmail: cannot reach the relay\n")
    else:
        assert not (tmp_path / "mailbox").exists()
    assert not db.exists() or db == tracker  # a typo creates no database


def test_mail_addresses_that_would_smuggle_headers_are_refused(coach: Coach, tracker: Path,
                                                               tmp_path: Path) -> None:
    fake_sendmail(tmp_path)
    path = f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}"
    for address in ("me@example.org\nBcc: x@evil.example", "a@b.org, c@d.org", "-oQ/tmp"):
        result = coach("report", "--summary", "--mail-to", address, PATH=path)
        assert result.exit_code == 1
        assert "is not a mail address" in result.stderr
    assert not (tmp_path / "mailbox").exists()


def test_o_quiet_says_nothing_and_mode_opens_the_page_to_readers(coach: Coach, tracker: Path,
                                                                 tmp_path: Path) -> None:
    page = tmp_path / "week.html"
    result = coach("report", "--week", "last", "-o", str(page), "-q", today="2026-11-23")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert stat.S_IMODE(page.stat().st_mode) == 0o600  # private by default
    result = coach("report", "--week", "last", "-o", str(page), "--mode", "0644", today="2026-11-23")
    assert result.exit_code == 0
    assert result.stderr == f"Wrote {page}\n"
    assert stat.S_IMODE(page.stat().st_mode) == 0o644  # also for a file that existed
    for mode, why in (("0666", "others may write"), ("0400", "owner must be able to read and write"),
                      ("rw-r--r--", "not an octal file mode"), ("04755", "only permission bits")):
        result = coach("report", "-o", str(page), "--mode", mode)
        assert result.exit_code == 1
        assert why in result.stderr
    assert stat.S_IMODE(page.stat().st_mode) == 0o644
