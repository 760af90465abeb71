"""JSON output: stable keys, dates as ISO text, Unicode kept readable."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from typing import Any


def _default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def plain(value: Any) -> Any:
    """Named tuples become objects (json would make them arrays); the rest as is."""
    if isinstance(value, tuple) and hasattr(value, "_asdict"):
        return {k: plain(v) for k, v in value._asdict().items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def dumps(data: Any) -> str:
    # json escapes every control character, so user text cannot inject escapes.
    return json.dumps(plain(data), indent=2, ensure_ascii=False, default=_default)
