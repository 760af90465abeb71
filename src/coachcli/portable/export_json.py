"""``coach export --format json``: the versioned backup and merge format.

The file is ordinary JSON, laid out one record per line so that it diffs
well and can be inspected with ``grep``. It is streamed, table by table, in
dependency order (clients, goals, status_changes, ratings, steps, actions,
checkins). Characters that could rewrite a terminal (C1 controls, bidi
overrides, line/paragraph separators) are written as ``\\uXXXX`` escapes, so
``cat``-ing an export is safe; JSON already escapes C0 controls such as ESC.
"""

from __future__ import annotations

import json
import sqlite3
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import IO, Any

from coachcli import __version__
from coachcli.portable.fmt import FORMAT_NAME, FORMAT_VERSION, TABLES
from coachcli.portable.records import Scope, select_json, select_records, select_settings
from coachcli.render.jsonout import terminal_safe

_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))

# JSONEncoder.encode builds a new C encoder on every call, which is most of the
# cost of an export of ~600k records; this one is built once and gives the same
# text (no circular check: records are flat values read from the database).
_C_ENCODE = (
    c_make_encoder(None, _ENCODER.default, encode_basestring, None, ": ", ", ", False, False, True)
    if c_make_encoder is not None else None
)


def dumps_line(value: Any) -> str:
    """Compact JSON on one line, Unicode kept readable but terminal-safe."""
    if _C_ENCODE is None:  # pragma: no cover - a Python without the C accelerator
        return terminal_safe(_ENCODER.encode(value))
    return terminal_safe("".join(_C_ENCODE(value, 0)))


def header(exported_at: str, schema_version: int, scope: Scope) -> dict[str, Any]:
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": exported_at,
        "generator": f"coachcli {__version__}",
        "schema_version": schema_version,
        "scope": "all" if scope.everything else "clients",
    }


def write_json(
    conn: sqlite3.Connection, out: IO[bytes], scope: Scope, *, exported_at: str,
    schema_version: int,
) -> dict[str, int]:
    """Stream the export of ``scope`` to ``out``; returns the record count per table."""
    counts: dict[str, int] = {}

    def put(text: str) -> None:
        out.write(text.encode("utf-8"))

    put("{")
    first = True
    head = header(exported_at, schema_version, scope)
    # Settings belong to the practice, so only a whole-database export carries them.
    head["settings"] = select_settings(conn) if scope.everything else {}
    for key, value in head.items():
        put(("" if first else ",\n ") + f"{json.dumps(key)}: {dumps_line(value)}")
        first = False
    for spec in TABLES:
        put(f',\n "{spec.name}": [')
        n = 0
        chunk: list[str] = []
        lines = select_json(conn, spec, scope, _ENCODER.encode)
        if lines is not None:
            lines = map(terminal_safe, lines)
        else:
            lines = map(dumps_line, select_records(conn, spec, scope))
        for line in lines:
            chunk.append(line)
            n += 1
            if len(chunk) == 1000:
                put(("\n  " if n == len(chunk) else ",\n  ") + ",\n  ".join(chunk))
                chunk = []
        if chunk:
            put(("\n  " if n == len(chunk) else ",\n  ") + ",\n  ".join(chunk))
        put("\n ]" if n else "]")
        counts[spec.name] = n
    put("\n}\n")
    return counts
