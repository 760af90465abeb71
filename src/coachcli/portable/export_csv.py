"""``coach export --format csv``: a zip of one CSV file per table, for spreadsheets.

RFC 4180 quoting comes from the :mod:`csv` module (CRLF line ends, quotes
doubled, fields with commas, quotes or newlines quoted). Two things protect
the person who opens the file: a cell starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return is prefixed with a single quote, so a
spreadsheet shows it as text instead of running it as a formula; and
control characters are dropped. CSV is for reading, not for restoring:
use the JSON export for that.
"""

from __future__ import annotations

import csv
import io
import sqlite3
import zipfile
from typing import IO, Any

from coachcli.portable.fmt import TABLES
from coachcli.portable.records import Scope, select_records
from coachcli.textsafe import clean

#: Leading characters a spreadsheet would treat as the start of a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A cell value safe to open in a spreadsheet; numbers and empty cells pass as they are."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, list):
        value = "\n".join(str(v) for v in value)
    if not isinstance(value, str):
        return value
    # Cleaned first: "\x1b=cmd" must not become a formula once the ESC is gone.
    value = clean(value, one_line=False)
    if value.startswith(FORMULA_START):
        value = "'" + value
    return value


def write_csv_zip(
    conn: sqlite3.Connection, out: IO[bytes], scope: Scope, *, exported_at: str
) -> dict[str, int]:
    """Write ``clients.csv``, ``goals.csv``, ... into a zip on ``out``; returns row counts."""
    stamp = (
        int(exported_at[0:4]), int(exported_at[5:7]), int(exported_at[8:10]),
        int(exported_at[11:13]), int(exported_at[14:16]), int(exported_at[17:19]),
    )
    counts: dict[str, int] = {}
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.comment = f"coachcli csv export {exported_at}".encode()
        for spec in TABLES:
            info = zipfile.ZipInfo(f"{spec.name}.csv", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            n = 0
            with zf.open(info, "w") as raw, io.TextIOWrapper(
                raw, encoding="utf-8", newline=""
            ) as text:
                writer = csv.writer(text)  # dialect "excel": RFC 4180
                columns: list[str] | None = None
                for rec in select_records(conn, spec, scope):
                    if columns is None:
                        columns = list(rec)
                        writer.writerow(columns)
                    writer.writerow([neutralise(rec[c]) for c in columns])
                    n += 1
                if columns is None:
                    writer.writerow(_empty_columns(spec.name))
            counts[spec.name] = n
    return counts


def _empty_columns(table: str) -> list[str]:
    """Headers of a table with no rows, so every CSV has its header line."""
    spec = next(t for t in TABLES if t.name == table)
    parent = [spec.parent_key] if spec.parent_key else []
    return ["uuid", "id", *parent, *spec.columns, "created_at", "updated_at"]
