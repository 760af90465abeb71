"""The report's thresholds as settings a coach can change (``coach config``).

Stored in the database's ``meta`` table as ``threshold.<name>``, so a
practice's choices travel with its data and cron sees the same ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from coachcli.domain.signals import DEFAULT_SETTINGS, SETTING_HELP, check_setting, unknown_setting
from coachcli.service.report import thresholds
from coachcli.store import Database
from coachcli.store.reportdata import SETTING_PREFIX


@dataclass(frozen=True, slots=True)
class Setting:
    key: str
    value: float
    default: float
    help: str


def list_settings(db: Database) -> list[Setting]:
    current = thresholds(db)
    return [
        Setting(k, current.get(k, d), d, SETTING_HELP[k]) for k, d in DEFAULT_SETTINGS.items()
    ]


def get_setting(db: Database, key: str) -> Setting:
    for setting in list_settings(db):
        if setting.key == key:
            return setting
    raise unknown_setting(key)


def set_setting(db: Database, key: str, text: str | None) -> float:
    """Store a new value (``None`` restores the default); returns the value in force."""
    if key not in DEFAULT_SETTINGS:
        raise unknown_setting(key)
    value = DEFAULT_SETTINGS[key] if text is None else check_setting(key, text)
    with db.write(f"set {key} to {value:g}") as tx:
        if text is None:
            tx.delete_meta(SETTING_PREFIX + key)
        else:
            tx.set_meta(SETTING_PREFIX + key, repr(value))
    return value
