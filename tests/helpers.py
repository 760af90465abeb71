"""Assertions and database readers the CLI tests share."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path
from typing import Any


def snapshot(path: Path) -> dict[str, list[tuple[object, ...]]] | None:
    """Every row of every table, to prove a refused command changed nothing."""
    if not path.exists():
        return None
    with contextlib.closing(sqlite3.connect(path)) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        dump = {t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in tables}
        dump["user_version"] = conn.execute("PRAGMA user_version").fetchall()
        return dump


def records(path: Path) -> dict[str, list[tuple[object, ...]]] | None:
    """:func:`snapshot` without the undo journal and sync bookkeeping: the data a person sees."""
    dump = snapshot(path)
    if dump is not None:
        for table in ("journal", "journal_entries", "tombstones", "changes"):
            dump.pop(table, None)
    return dump


def rows(path: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql, params).fetchall()


def assert_user_error(result: Any, fragment: str) -> None:
    """Exit 1 with exactly one 'Error:' line on stderr and nothing on stdout."""
    assert result.exit_code == 1, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert fragment in lines[0], lines[0]
    assert result.stdout == ""


def as_json(result: Any) -> object:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)
