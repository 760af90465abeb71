"""The wall clock, in the one format the database and exports store it."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> str:
    """A UTC timestamp in ISO 8601 with milliseconds, sortable as text."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
