"""Checks on values a user typed, shared by every operation that stores them."""

from __future__ import annotations

from datetime import date

from coachcli.errors import InputError, NotFoundError, StateError
from coachcli.limits import MAX_TEXT

__all__ = ["DEFAULT_CLIENT", "MAX_TEXT", "archived", "check_not_future", "check_ruler",
           "clean_client_name", "clean_text", "no_such_step"]

DEFAULT_CLIENT = "me"


def clean_text(value: str | None, what: str, *, required: bool = False) -> str | None:
    """Trim user text; refuse empty required text, NUL bytes and absurd lengths."""
    if value is None:
        if required:
            raise InputError(f"{what} is required")
        return None
    text = value.strip()
    if not text:
        if required:
            raise InputError(f"{what} cannot be empty")
        return None
    if "\x00" in text:
        raise InputError(f"{what} contains a NUL character")
    if len(text) > MAX_TEXT:
        raise InputError(f"{what} is {len(text)} characters long; the limit is {MAX_TEXT}")
    return text


def clean_client_name(value: str, what: str = "client name") -> str:
    """A client name: required text on one line, stored in Unicode's composed form (NFC).

    NFC makes 'José' from any keyboard the same string; visible spacing is
    collapsed to single spaces, so a name has one way to be written.
    """
    import unicodedata

    clean = clean_text(value, what, required=True)
    assert clean is not None
    if "\n" in clean or "\r" in clean:
        raise InputError("a client name must be one line")
    return " ".join(unicodedata.normalize("NFC", clean).split())


def check_ruler(value: int | None, what: str) -> int | None:
    """Importance and confidence are motivational-interviewing rulers, 0 to 10."""
    if value is not None and not 0 <= value <= 10:
        raise InputError(f"{what} must be between 0 and 10, got {value}")
    return value


def check_not_future(on: date, today: date, what: str = "date") -> date:
    if on > today:
        raise InputError(f"{what} {on.isoformat()} is in the future (today is {today.isoformat()})")
    return on


def no_such_step(step_id: int | str) -> NotFoundError:
    return NotFoundError(f"no step with id {step_id} (list them with: coach step list --all)")


def archived(client: str) -> StateError:
    """Refusing a change to an archived client's records says how to restore them."""
    return StateError(f"client '{client}' is archived; restore it first: coach client restore {client}")
