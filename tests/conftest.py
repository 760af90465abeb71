"""Shared fixtures: a fresh database per test and a pinned clock.

The clock is injected through ``COACH_TODAY`` (read by the CLI) or the
``today=`` argument of domain functions; nothing mocks ``datetime``.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import Result

from helpers import DEMO_TODAY, TODAY, Coach, Templates, memory_dir
from pgcluster import Cluster, start_cluster

# No per-example deadline: the machines are shared, and a test never asserts timings.
settings.register_profile("coach", deadline=None)
settings.load_profile("coach")

__all__ = ["DEMO_TODAY", "TODAY", "Coach", "Invoke"]


#: Modules marked ``slow``: long by nature (many examples, many processes, a PostgreSQL server).
#: ``python -m pytest -m "not slow"`` is the edit loop; the README's command runs them all.
#: Longest first.
SLOW = ("test_model", "test_fuzz", "test_faults", "test_hub", "test_hub_trust", "test_hub_groups",
        "test_hub_offline")

#: Single tests as long by nature, in modules that are otherwise quick: properties over many
#: examples, several processes writing at once, a real bash on a terminal. Each takes 10-40 s,
#: as long as a whole quick module. Longest first; they run right after test_model.
SLOW_TESTS = (
    "test_timeline::test_a_past_window_reads_the_same_whatever_happens_after_it",
    "test_step_names::test_tab_in_bash_lists_titles_as_typed_and_inserts_one_word",
    "test_backup::test_backups_taken_while_others_write_are_consistent",
    "test_concurrency::test_bursts_of_writes_from_several_processes_lose_nothing",
    "test_groups::test_a_past_group_window_reads_the_same_whatever_happens_after_it",
)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """Tests' files in memory (:func:`helpers.memory_dir`) unless ``--basetemp`` says where.

    A directory of its own per run, so runs side by side never share one; removed when the
    run passes, kept (and named) when a test failed, as pytest keeps its own.
    """
    if hasattr(config, "workerinput") or config.option.basetemp:
        return
    memory = memory_dir()
    if memory is not None:
        config.option.basetemp = config.stash[_RUN_DIR] = tempfile.mkdtemp(
            prefix="coachcli-tests-", dir=memory)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    run_dir = session.config.stash.get(_RUN_DIR, None)
    if run_dir is None:
        return
    if exitstatus == 0:
        shutil.rmtree(run_dir, ignore_errors=True)
    else:
        session.config.stash[_KEPT] = run_dir


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    kept = config.stash.get(_KEPT, None)
    if kept is not None:
        terminalreporter.write_line(f"the tests' files are kept in {kept}")


_RUN_DIR = pytest.StashKey[str]()
_KEPT = pytest.StashKey[str]()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the :data:`SLOW` modules and :data:`SLOW_TESTS`, and run them first: a worker that
    starts a minute-long test last keeps the whole run waiting for it."""
    order = [SLOW[0], *SLOW_TESTS, *SLOW[1:]]
    rank = {name: n for n, name in enumerate(order)}

    def key(item: pytest.Item) -> int:
        test = f"{item.path.stem}::{getattr(item, 'originalname', item.name)}"
        return rank.get(test, rank.get(item.path.stem, len(order)))

    for item in items:
        if key(item) < len(order):
            item.add_marker(pytest.mark.slow)
    items.sort(key=key)


@pytest.fixture(scope="session")
def demo_caseload(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo caseload as of :data:`DEMO_TODAY`, built once; copy it before writing to it."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    result = Coach(None, DEMO_TODAY).run("demo", "--db", str(path), "--no-report")
    assert result.exit_code == 0, result.stderr
    return path


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """A PostgreSQL server for the hub tests, one per worker, stopped when the session ends."""
    try:
        cluster = start_cluster()
    except FileNotFoundError as exc:
        pytest.skip(f"no PostgreSQL server here: {exc}")
    yield cluster
    cluster.stop()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "coach.db"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Never touch the real user's database or see their settings."""
    # COLUMNS too: tables take its width, so a developer's wide terminal must not change goldens.
    for var in ("COACH_DB", "COACH_CLIENT", "COACH_TODAY", "NO_COLOR", "COLUMNS"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


Invoke = Callable[..., Result]


@pytest.fixture
def coach(db_path: Path) -> Coach:
    """Run a coach command in-process, like a user at a shell, on the test database."""
    return Coach(db_path)


@pytest.fixture
def coach_proc(db_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run ``python -m coachcli`` in a real subprocess (real stdin/stdout, exit codes)."""
    return Coach(db_path).proc


def build_stocked(coach: Invoke) -> None:
    assert coach("goal", "add", "Get fit", "-i", "8", "-k", "6").exit_code == 0
    assert coach("step", "add", "1", "Walk 20 minutes", "--every", "mon,wed,fri",
                 "--start", "2026-11-02").exit_code == 0


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Templates:
    """Databases built once per worker and copied for each test: see :class:`helpers.Templates`."""
    return Templates(tmp_path_factory)


@pytest.fixture
def stocked(coach: Coach, db_path: Path, templates: Templates) -> Invoke:
    """A database with one goal (id 1) and one mon,wed,fri step (id 1) for 'me' (some 250 tests)."""
    templates.copy(build_stocked, db_path)
    return coach
