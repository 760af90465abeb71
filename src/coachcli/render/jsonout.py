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


def dumps(data: Any) -> str:
    # json escapes every control character, so user text cannot inject escapes.
    return json.dumps(data, indent=2, ensure_ascii=False, default=_default)
