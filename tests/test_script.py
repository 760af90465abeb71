"""Migration scripts are split into statements as sqlite-utils splits them, in linear time.

A new database runs every migration; the split is what made that cost half a second.
"""

from __future__ import annotations

import contextlib
import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlite_utils import Database
from sqlite_utils.db import _iter_complete_sql_statements

from coachcli.store.migrations import migrations
from coachcli.store.script import ScriptDatabase, statements

TRIGGER = """
CREATE TRIGGER t AFTER INSERT ON a BEGIN
    INSERT INTO b VALUES (new.x); -- a comment; with a semicolon
    UPDATE b SET y = ';' WHERE x = new.x;
END;
CREATE INDEX i ON a (x) ;  SELECT 1
"""

CASES = {
    "empty": "",
    "one without a semicolon": "SELECT 1",
    "two on a line": "SELECT 1; SELECT 2;",
    "a semicolon in a string": "INSERT INTO a VALUES ('x;y');\nSELECT 2;",
    "a semicolon in a quoted name": 'CREATE TABLE "a;b" (x);',
    "a semicolon in comments": "/* ; */ SELECT 1; -- ;\nSELECT 2; /* tail */",
    "a trigger": TRIGGER,
    "only whitespace after the last": "SELECT 1;\n\n   ",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_script_splits_into_the_statements_sqlite_utils_finds(name: str) -> None:
    sql = CASES[name]
    assert list(statements(sql)) == list(_iter_complete_sql_statements(sql))


PIECES = st.sampled_from(["SELECT 1", ";", " ", "\n", "'", "';'", '"', "--", "/*", "*/", "x",
                          "BEGIN", "END", "CREATE TRIGGER t AFTER INSERT ON a", "CASE", "WHEN"])


@given(st.lists(PIECES, max_size=30).map("".join))
def test_any_text_splits_as_sqlite_utils_splits_it(sql: str) -> None:
    assert list(statements(sql)) == list(_iter_complete_sql_statements(sql))


def schema(conn: sqlite3.Connection) -> list[tuple[object, ...]]:
    return conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name").fetchall()


def test_every_migration_builds_the_schema_sqlite_utils_builds() -> None:
    built = []
    for database in (Database, ScriptDatabase):
        with contextlib.closing(sqlite3.connect(":memory:", isolation_level=None)) as conn:
            conn.execute("BEGIN IMMEDIATE")
            migrations.apply(database(conn, execute_plugins=False))
            conn.execute("COMMIT")
            built.append(schema(conn))
    assert built[0] == built[1]
    assert len(built[0]) > 30

