"""Reaching the practice hub: which address, how to connect, and what to say when it fails.

Credentials stay where libpq keeps them: a ``postgresql://`` URL (``--hub`` or
``$COACH_HUB``), ``~/.pgpass``, ``PGSERVICE`` and the other ``PG*`` variables.
The local database only ever remembers the address with any password taken out
(:func:`address`), so that ``coach sync`` can be run again without arguments.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from coachcli.errors import HubError

if TYPE_CHECKING:
    import psycopg

#: Seconds to wait for the hub before saying it cannot be reached (libpq's PGCONNECT_TIMEOUT wins).
CONNECT_TIMEOUT_S = 10
#: Time limits on the hub, in seconds, each settable by its environment variable:
#: how long a sync waits for another's lock, and for any one statement.
LIMITS = {
    "lock_timeout": ("COACH_HUB_LOCK_TIMEOUT", 60),
    "statement_timeout": ("COACH_HUB_STATEMENT_TIMEOUT", 600),
}

INSTALL_HINT = "the practice hub needs psycopg: install coachcli[hub] (pip install 'coachcli[hub]')"


def require_psycopg() -> Any:
    """The psycopg module, or a one-line error saying how to install it."""
    try:
        import psycopg
    except ImportError:
        raise HubError(INSTALL_HINT) from None
    return psycopg


def choose_url(given: str | None, remembered: list[str]) -> str:
    """The hub to use: ``--hub``, else ``$COACH_HUB``, else the one this database synced with.

    With none of them but ``PGSERVICE`` set, libpq's own defaults are used (an
    empty connection string).
    """
    for candidate in (given, os.environ.get("COACH_HUB")):
        if candidate:
            return candidate
    if len(remembered) == 1:
        return remembered[0]
    if len(remembered) > 1:
        raise HubError(
            f"this database has synced with {len(remembered)} hubs; choose one with --hub URL: "
            + ", ".join(remembered)
        )
    if os.environ.get("PGSERVICE"):
        return ""
    raise HubError(
        "no hub given: use --hub postgresql://USER@HOST/DB or set COACH_HUB "
        "(libpq's ~/.pgpass and PGSERVICE provide the credentials)"
    )


def address(url: str) -> str:
    """The hub's address as this database may store it: never with a password."""
    psycopg = require_psycopg()
    try:
        params = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        raise HubError(f"not a hub address ({first_line(exc)}): use postgresql://USER@HOST/DB") from None
    params.pop("password", None)
    if not params and os.environ.get("PGSERVICE"):
        params["service"] = os.environ["PGSERVICE"]
    return str(psycopg.conninfo.make_conninfo(**params))


def connect(url: str) -> psycopg.Connection[Any]:
    """An open connection (not in autocommit), or a :class:`HubError` naming the hub."""
    pg = require_psycopg()
    where = address(url) or "the hub"
    try:
        conn: psycopg.Connection[Any] = pg.connect(
            url, connect_timeout=int(os.environ.get("PGCONNECT_TIMEOUT") or CONNECT_TIMEOUT_S),
            application_name="coachcli", options=_options(),
        )
    except pg.Error as exc:
        raise HubError(
            f"cannot reach the hub at {where}: {first_line(exc)}; nothing was changed"
        ) from None
    return conn


def limit(setting: str) -> int:
    """One time limit in seconds: its environment variable, else the default."""
    var, default = LIMITS[setting]
    raw = os.environ.get(var, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= 86_400:
        raise HubError(f"{var} must be a whole number of seconds from 1 to 86400, got {raw!r}")
    return int(raw)


def _options() -> str:
    """Server settings for the session: the time limits, after any PGOPTIONS of the user's."""
    mine = " ".join(f"-c {name}={limit(name)}s" for name in LIMITS)
    return f"{os.environ.get('PGOPTIONS', '')} {mine}".strip()


def first_line(exc: BaseException) -> str:
    """The first line of a server's error, or its kind: what a one-line message can quote."""
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
