"""The report's thresholds as settings a coach can change (``coach config``).

Stored in the database's ``meta`` table as ``threshold.<name>``, so a
practice's choices travel with its data and cron sees the same ones.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from coachcli.analysis import DEFAULT_SETTINGS, SETTING_HELP
from coachcli.errors import InputError, NotFoundError
from coachcli.store import Database
from coachcli.store.reportdata import SETTING_PREFIX, load_settings

#: Settings that are fractions of planned occurrences, 0 to 1.
_FRACTIONS = {k for k in DEFAULT_SETTINGS if k.endswith((".adherence", ".drop", ".rise", ".low", ".high"))}
#: Settings on the 0-10 rulers.
_RULERS = {"say_do_gap.importance", "low_confidence.max"}


@dataclass(frozen=True, slots=True)
class Setting:
    key: str
    value: float
    default: float
    help: str


def unknown_setting(key: str) -> NotFoundError:
    import difflib

    close = difflib.get_close_matches(key, list(DEFAULT_SETTINGS), n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return NotFoundError(f"no setting named '{key}'{hint} (list them with: coach config)")


def list_settings(db: Database) -> list[Setting]:
    current = load_settings(db)
    return [
        Setting(k, current.get(k, d), d, SETTING_HELP[k]) for k, d in DEFAULT_SETTINGS.items()
    ]


def validate(key: str, text: str) -> float:
    if key not in DEFAULT_SETTINGS:
        raise unknown_setting(key)
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"{key} takes a number, not {text!r}") from None
    if not math.isfinite(value):
        raise InputError(f"{key} takes a finite number")
    if key in _FRACTIONS and not 0 <= value <= 1:
        raise InputError(f"{key} is a share of planned steps, from 0 to 1 (e.g. 0.5), not {text}")
    if key in _RULERS and not 0 <= value <= 10:
        raise InputError(f"{key} is on the 0-10 ruler, not {text}")
    if key not in _FRACTIONS and key not in _RULERS and (value < 1 or not value.is_integer()):
        raise InputError(f"{key} is a whole number of at least 1, not {text}")
    return value


def set_setting(db: Database, key: str, text: str | None) -> float:
    """Store a new value (``None`` restores the default); returns the value in force."""
    if key not in DEFAULT_SETTINGS:
        raise unknown_setting(key)
    value = DEFAULT_SETTINGS[key] if text is None else validate(key, text)
    with db.write(f"set {key} to {value:g}") as tx:
        if text is None:
            tx.delete_meta(SETTING_PREFIX + key)
        else:
            tx.set_meta(SETTING_PREFIX + key, repr(value))
    return value
