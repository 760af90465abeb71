"""The test driver, and the assertions and database readers the CLI tests share."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import typer.testing
from typer.testing import CliRunner, Result

from coachcli.cli import app

#: A Wednesday, so "this week" has days on both sides of it.
TODAY = date(2026, 11, 18)

#: The day the shared demo caseload is built on (a Monday).
DEMO_TODAY = "2026-11-23"

#: What a developer's shell may set that would change what a command does or prints.
_UNSET: dict[str, str | None] = {"COACH_CLIENT": None, "NO_COLOR": None, "COLUMNS": None}


def memory_dir() -> str | None:
    """A directory in memory (Linux's /dev/shm), if there is one; else None (the usual temp directory).

    The tests' databases and PostgreSQL servers live there. Every write a test makes ends in an
    fsync, which on a virtual disk waits several milliseconds: in memory the same tests took half
    the wall time; a hub test's ``CREATE DATABASE`` copies PostgreSQL's template, 0.4 s on disk
    against 0.1 s. Nothing a test checks depends on the disk being a disk.
    """
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK | os.X_OK) else None


#: What starts coverage in a child process (its ``patch = subprocess`` and start-up file).
_COVERAGE_START = ("COVERAGE_PROCESS_CONFIG", "COVERAGE_PROCESS_START")


def file_size_limit(limit: int) -> Callable[[], None]:
    """A child's ``preexec_fn``: no file it writes may pass LIMIT bytes, a full disk as it sees it.

    Run the child with ``unmeasured(env)``: coverage's own data file is capped too.
    """

    def preexec() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() then fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return preexec


def unmeasured(env: Mapping[str, str]) -> dict[str, str]:
    """ENV without what starts coverage in the child.

    A child whose files are capped cannot save coverage's data at exit either, and says so
    on stderr in a traceback; under ``--cov`` that broke tests asserting one line of stderr.
    """
    return {k: v for k, v in env.items() if k not in _COVERAGE_START}


class Coach:
    """The coach command line run in-process, as a user at a shell would: one database, one pinned day.

    ``Coach(db, today).run("goal", "list")``; calling the object is the same as ``run``.
    Per-call ``today=`` and environment variables (``COLUMNS="160"``, ``COACH_CLIENT=None``
    to unset) override the defaults. Settings from the caller's shell that change output
    (COACH_CLIENT, NO_COLOR, COLUMNS) are unset, so a fixture built outside a test's
    isolated environment sees what the test would.
    """

    def __init__(self, db: Path | None, today: date | str = TODAY, **env: str | None) -> None:
        self.db = db
        self.today = today
        self.env = env
        self.runner = CliRunner()

    def _env(self, today: date | str | None, env: dict[str, str | None]) -> dict[str, str | None]:
        day = self.today if today is None else today
        return {
            **_UNSET,
            "COACH_DB": None if self.db is None else str(self.db),
            "COACH_TODAY": day if isinstance(day, str) else day.isoformat(),
            **self.env, **env,
        }

    def run(self, *args: str, input: str | None = None, today: date | str | None = None,
            **env: str | None) -> Result:
        full_env = self._env(today, env)
        # CliRunner.invoke turns the Typer app into a Click command on every call: nine tenths
        # of an in-process run. The command is the same each time, so it is built once.
        build, typer.testing._get_command = typer.testing._get_command, _click_command
        try:
            return self.runner.invoke(app, list(args), input=input, env=full_env)  # type: ignore[arg-type]
        finally:
            typer.testing._get_command = build

    __call__ = run

    def environ(self, today: date | str | None = None, **env: str | None) -> dict[str, str]:
        """The environment of a real ``coach`` process: this one's, with the database and day."""
        merged: dict[str, str | None] = {**os.environ, **self._env(today, env)}
        return {k: v for k, v in merged.items() if v is not None}

    def proc(self, *args: str, input: str | None = None, today: date | str | None = None,
             **env: str | None) -> subprocess.CompletedProcess[str]:
        """``python -m coachcli ARGS`` in a real process (real stdin/stdout, exit codes)."""
        return subprocess.run(
            [sys.executable, "-m", "coachcli", *args], capture_output=True, text=True, input=input,
            env=self.environ(today, **env), timeout=60, check=False,
        )


@functools.cache
def _built() -> Any:
    return typer.main.get_command(app)


def _click_command(typer_app: Any) -> Any:
    assert typer_app is app
    return _built()


def build_template(tmp_path_factory: Any, name: str, build: Callable[[Coach], object],
                   today: date | str = TODAY) -> Path:
    """A database built once by ``build`` (through the CLI), for :func:`restore` to copy per test.

    Building a caseload command by command takes seconds; copying it takes milliseconds,
    and every test still starts from its own file.
    """
    path = Path(tmp_path_factory.mktemp(name)) / "coach.db"
    build(Coach(path, today))
    return path


def restore(template: Path, db: Path) -> None:
    """Copy a :func:`build_template` database (and its write-ahead log, if one is left) to ``db``."""
    shutil.copy(template, db)
    for suffix in ("-wal",):
        side = template.with_name(template.name + suffix)
        if side.exists():
            shutil.copy(side, db.with_name(db.name + suffix))


class Templates:
    """Databases built once per worker, each by its build function, copied for every test that asks.

    ``templates.copy(build, db)`` gives ``db`` what ``build(Coach(file, today))`` made on an empty
    file, built the first time any test asks. A build must make the same database whichever
    test asks first: it reads nothing from the test.
    """

    def __init__(self, tmp_path_factory: Any) -> None:
        self.factory = tmp_path_factory
        self.built: dict[tuple[Callable[[Coach], object], str], Path] = {}

    def copy(self, build: Callable[[Coach], object], db: Path, today: date | str = TODAY) -> Path:
        day = today if isinstance(today, str) else today.isoformat()
        if (build, day) not in self.built:
            self.built[build, day] = build_template(self.factory, build.__name__, build, day)
        restore(self.built[build, day], db)
        return db


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


def schema_before(path: Path, migration: str) -> None:
    """The file at ``path`` as coachcli left it before ``migration``: to test that migration's upgrade."""
    from coachcli.store.migrations import migrate

    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("BEGIN IMMEDIATE")
        migrate(conn, stop_before=migration)
        conn.execute("COMMIT")


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


def ok(result: Any) -> str:
    """A command's output, after a clean exit (what failed is in the assertion's message)."""
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return str(result.stdout)


def ok_words(result: Any) -> str:
    """:func:`ok`'s output on one line, its words single-spaced (a sentence may wrap)."""
    return " ".join(ok(result).split())


def as_json(result: Any) -> object:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)
