"""JSON output: stable keys, dates as ISO text, Unicode kept readable."""

from __future__ import annotations

import dataclasses
import json
import re
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


#: What json leaves raw but a terminal would obey: DEL and C1 controls (0x9b is
#: an 8-bit CSI), bidi overrides, line and paragraph separators.
_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """JSON text with those characters as ``\\uXXXX`` escapes: the same data, safe to print."""
    if text.isascii() and "\x7f" not in text:
        return text
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def dumps(data: Any) -> str:
    # json escapes C0 controls such as ESC itself; terminal_safe escapes the rest.
    return terminal_safe(json.dumps(plain(data), indent=2, ensure_ascii=False, default=_default))
