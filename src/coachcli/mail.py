"""Mailing a finished report through the system's ``sendmail`` interface.

``coach report --mail-to ADDRESS`` is the crontab's way to mail a report:
the report is built first, and only a complete one is handed to sendmail,
so a wrong ``$COACH_DB`` or an empty result is an error on stderr (which
cron mails to the crontab's owner) and an exit status, never an empty mail.

The message goes to ``sendmail -t -oi`` on standard input, the interface
every mail transfer agent provides (Postfix, Exim, msmtp-mta, nullmailer):
``$COACH_SENDMAIL`` if set (a command, with its own arguments), else
``sendmail`` on ``PATH``, else ``/usr/sbin/sendmail`` (cron's PATH does not
hold ``/usr/sbin``).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from email.message import EmailMessage
from email.utils import formatdate

from coachcli.errors import InputError, OutputError

#: Where sendmail lives when it is not on PATH (cron runs with PATH=/usr/bin:/bin).
SENDMAIL_PATHS = ("/usr/sbin/sendmail", "/usr/lib/sendmail")
#: How long sendmail may take to accept a message.
TIMEOUT_S = 60


def check_address(address: str) -> str:
    """An address as sendmail takes it: one word, no spaces, commas or angle brackets."""
    text = address.strip()
    if not text or any(c.isspace() or c in ",<>;\"'\\" or not c.isprintable() for c in text) \
            or text.startswith("-"):
        raise InputError(f"--mail-to {address!r} is not a mail address (e.g. you@example.org)")
    return text


def sendmail_command() -> list[str]:
    """The sendmail command to run, with ``-t -oi``; an error saying how to get one."""
    chosen = os.environ.get("COACH_SENDMAIL", "").strip()
    if chosen:
        words = shlex.split(chosen)
    else:
        found = shutil.which("sendmail") or next(
            (p for p in SENDMAIL_PATHS if os.access(p, os.X_OK)), None)
        if found is None:
            raise OutputError(
                "no sendmail found (on PATH or at /usr/sbin/sendmail), so nothing was mailed: install "
                "a mail transfer agent (msmtp-mta, nullmailer, postfix) or set $COACH_SENDMAIL"
            )
        words = [found]
    return [*words, "-t", "-oi"]


def message(to: str, subject: str, body: str) -> bytes:
    """A plain-text UTF-8 message (the subject encoded as mail headers require)."""
    msg = EmailMessage()
    msg["To"] = to
    msg["Subject"] = " ".join(subject.split())
    msg["Date"] = formatdate(localtime=True)
    # 8bit keeps the text readable as it travels; only lines past mail's limit need encoding.
    long_lines = any(len(line.encode()) > 900 for line in body.splitlines())
    msg.set_content(body, charset="utf-8", cte="quoted-printable" if long_lines else "8bit")
    return msg.as_bytes()


def send(to: str, subject: str, body: str) -> None:
    """Hand one message to sendmail; its failure is an error, never silence."""
    if not body.strip():
        raise OutputError("the report is empty, so nothing was mailed")
    data = message(check_address(to), subject, body)
    command = sendmail_command()
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=TIMEOUT_S, check=False)
    except FileNotFoundError as exc:
        raise OutputError(f"cannot run {command[0]}: no such program; nothing was mailed") from exc
    except subprocess.TimeoutExpired as exc:
        raise OutputError(f"{command[0]} did not answer within {TIMEOUT_S} s; the mail may not have "
                          "gone") from exc
    except OSError as exc:
        raise OutputError(f"cannot run {command[0]}: {exc.strerror or exc}; nothing was mailed") from exc
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        why = f": {said[-1]}" if said else ""
        raise OutputError(f"{command[0]} refused the mail (exit status {done.returncode}){why}")
