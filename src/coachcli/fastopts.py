"""The options of the commands :mod:`coachcli.entry` runs without Typer, as cli/ defines them.

Written by ``python -m coachcli.cli.helpgen`` from the Typer app (do not edit);
``tests/test_static_help.py`` fails when it differs from the app.
"""

from __future__ import annotations

#: Command -> each spelling of an option taking a value -> the parameter it sets.
OPTIONS: dict[str, dict[str, str]] = {
    "done": {
        "--client": "client",
        "-c": "client",
        "--on": "on",
        "--note": "note",
        "--count": "count",
        "--amount": "amount",
        "--db": "db",
    },
    "missed": {
        "--client": "client",
        "-c": "client",
        "--on": "on",
        "--note": "note",
        "--reason": "note",
        "--db": "db",
    },
    "skip": {
        "--client": "client",
        "-c": "client",
        "--on": "on",
        "--note": "note",
        "--reason": "note",
        "--from": "from_",
        "--until": "until",
        "--db": "db",
    },
    "report": {
        "--client": "client",
        "-c": "client",
        "--week": "week",
        "--since": "since",
        "--until": "until",
        "--format": "fmt",
        "-f": "fmt",
        "--output": "output",
        "-o": "output",
        "--mail-to": "mail_to",
        "--subject": "subject",
        "--mode": "mode",
        "--group": "group",
        "-g": "group",
        "--db": "db",
    },
}

#: Command -> each spelling of an on/off option -> the parameter it sets.
FLAGS: dict[str, dict[str, str]] = {
    "done": {},
    "missed": {},
    "skip": {},
    "report": {
        "--all": "all_",
        "-a": "all_",
        "--summary": "summary",
        "--quiet": "quiet",
        "-q": "quiet",
        "--coach": "coach_view",
    },
}

#: Command -> parameter -> the values it accepts.
CHOICES: dict[str, dict[str, tuple[str, ...]]] = {
    "done": {},
    "missed": {},
    "skip": {},
    "report": {
        "fmt": ("rich", "text", "markdown", "json", "html"),
    },
}
