"""The fault battery: the promises of SPEC section 5, tested under faults.

- several processes writing while others read: nothing lost, never "locked";
- SIGKILL at random moments during a large import: all or nothing;
- a corrupt, a truncated and a non-SQLite file: one clear line, exit 1, the
  file byte-identical;
- a read-only database (as an unprivileged user when the tests run as root):
  reads work, writes are refused clearly;
- a full disk for the database (``RLIMIT_FSIZE`` in a child) and for an export
  (``/dev/full``, and a size limit with an existing target);
- files private (0600) under a permissive umask: database, ``-wal``, ``-shm``,
  backups and exports;
- hostile user text through every command and format, printed literally;
- random sequences of operations (hypothesis) keeping the database invariants.

Each test is quick: the whole battery runs in well under two minutes.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, rule

from coachcli import service
from coachcli.domain.schedule import parse_schedule
from coachcli.errors import CoachError
from coachcli.portable.export_json import write_json
from coachcli.portable.merge import import_file
from coachcli.portable.records import Scope
from coachcli.store import Database
from coachcli.store.schema import TABLE_NAMES
from conftest import TODAY
from helpers import Coach, file_size_limit, memory_dir, unmeasured

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX processes and signals")

#: Every record table (store/schema.py), so a table added later is checked here too.
RECORD_TABLES = TABLE_NAMES


# ------------------------------------------------------------------ helpers


def env_for(db_path: Path, **extra: str) -> dict[str, str]:
    return Coach(db_path).environ(**extra)


def run(db_path: Path, *args: str, preexec: Callable[[], None] | None = None,
        timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coachcli", *args], capture_output=True, text=True,
        errors="replace", env=unmeasured(env_for(db_path)) if preexec else env_for(db_path),
        preexec_fn=preexec, timeout=timeout,
        check=False, cwd="/",
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def counts(path: Path) -> dict[str, int]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in RECORD_TABLES}


def healthy(path: Path) -> bool:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return (conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
                and conn.execute("PRAGMA foreign_key_check").fetchall() == [])


def one_clear_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert result.stderr.startswith("Error: "), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


def big_export(path: Path, actions: int, *, step_uuid: str | None = None) -> Path:
    """A valid export with one client, goal and step and ``actions`` actions, built directly."""
    stamp = "2026-11-01T08:00:00.000Z"
    client, goal, step = (f"00000000-0000-4000-8000-{n:012d}" for n in (1, 2, 3))
    doc = {
        "format": "coachcli-export", "version": 1,
        "clients": [{"uuid": client, "name": "Bulk", "created_at": stamp, "updated_at": stamp}],
        "goals": [{"uuid": goal, "client_uuid": client, "title": "Bulk goal", "should": False,
                   "status": "active", "status_on": "2024-01-01", "created_at": stamp,
                   "updated_at": stamp}],
        "steps": [{"uuid": step, "goal_uuid": goal, "title": "Bulk step", "schedule": "daily",
                   "start_date": "2024-01-01", "status": "active", "created_at": stamp,
                   "updated_at": stamp}],
        "actions": [
            {"uuid": f"10000000-0000-4000-8000-{i:012d}", "step_uuid": step_uuid or step,
             "kind": "done", "on_date": (date(2024, 1, 1) + timedelta(days=i % 700)).isoformat(),
             "count": 1, "note": f"note {i} " + "x" * 60, "created_at": stamp, "updated_at": stamp}
            for i in range(actions)
        ],
    }
    path.write_text(json.dumps(doc))
    return path


# ------------------------------------------------------------------ concurrency

_LOOP = """
import sys
from coachcli.cli import app
args = sys.argv[2:]
for i in range(int(sys.argv[1])):
    try:
        app([a.replace("{i}", str(i)) for a in args])
    except SystemExit as exc:
        if exc.code not in (0, None):
            sys.exit(exc.code)
"""


def loop(db_path: Path, times: int, *args: str) -> subprocess.Popen[str]:
    """A process running one coach command ``times`` times, each with its own connection."""
    return subprocess.Popen(
        [sys.executable, "-c", _LOOP, str(times), *args], env=env_for(db_path),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_writers_and_readers_at_once_lose_nothing_and_never_see_locked(stocked, db_path: Path) -> None:
    writers = [loop(db_path, 12, "done", "1", "--on", "2026-11-16", "--note", f"w{n}-{{i}}")
               for n in range(4)]
    readers = [loop(db_path, 8, "log", "-f", "json", "--since", "2026-11-01"),
               loop(db_path, 8, "export")]
    if Coach(None).run("report", "--help").exit_code == 0:
        readers.append(loop(db_path, 8, "report", "--all", "--format", "json"))
    for proc in writers + readers:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert "locked" not in err
        assert "busy" not in err
        assert "Error" not in err
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        notes = {r[0] for r in conn.execute("SELECT note FROM actions")}
    assert notes == {f"w{n}-{i}" for n in range(4) for i in range(12)}
    assert healthy(db_path)


# ------------------------------------------------------------------ killed imports


def test_an_import_killed_at_random_moments_applies_all_or_nothing(
    stocked, db_path: Path, tmp_path: Path
) -> None:
    rng = random.Random(5)
    export = big_export(tmp_path / "big.json", 25_000)
    before = counts(db_path)
    started = time.monotonic()
    assert run(db_path, "import", str(export), "--dry-run").returncode == 0
    full = time.monotonic() - started  # about how long reading and planning takes
    after = {**before, "clients": before["clients"] + 1, "goals": before["goals"] + 1,
             "steps": before["steps"] + 1, "actions": before["actions"] + 25_000}
    outcomes = []
    for attempt in range(5):
        proc = subprocess.Popen([sys.executable, "-m", "coachcli", "import", str(export)],
                                env=env_for(db_path), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(full * (0.6 + 0.25 * attempt) + rng.uniform(0, 0.2))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert healthy(db_path)
        now = counts(db_path)
        assert now in (before, after), now
        outcomes.append(now == after)
        if now == after:
            break
    # Whatever the kills did, finishing the import (again) lands it whole, once.
    result = run(db_path, "import", str(export))
    assert result.returncode == 0, result.stderr
    assert counts(db_path) == after
    assert healthy(db_path)


# ------------------------------------------------------------------ damaged files


def _real_database(db_path: Path, rows: int = 1500) -> None:
    """A coach database with enough actions to span many pages, checkpointed to one file.

    Enough that the second half of the file holds action pages only (the schema's own
    pages, grown by every migration, stay in the first half).
    """
    assert run(db_path, "goal", "add", "Get fit").returncode == 0
    assert run(db_path, "step", "add", "1", "Walk", "--every", "daily", "--start",
               "2026-01-01").returncode == 0
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        conn.executemany(
            "INSERT INTO actions (step_id, kind, on_date, count, note, uuid, created_at, updated_at)"
            " VALUES (1, 'done', '2026-11-02', 1, ?, ?, '2026-11-02T00:00:00.000Z',"
            " '2026-11-02T00:00:00.000Z')", [("n" * 150, f"u{i}") for i in range(rows)])
        conn.commit()
    assert not Path(f"{db_path}-wal").exists()


_OUT = tempfile.gettempdir()
READS = [("goal", "list"), ("log", "--all", "--since", "2000-01-01", "-f", "json"), ("export",),
         ("export", "-f", "csv", "-o", f"{_OUT}/coach-faults-never.zip"),
         ("export", "-f", "ics")]


def _reads_fail_clearly_and_touch_nothing(db_path: Path, commands: list[tuple[str, ...]]) -> None:
    original = digest(db_path)
    for args in commands:
        one_clear_line(run(db_path, *args))
        assert digest(db_path) == original, args
    assert {p.name for p in db_path.parent.iterdir()} >= {db_path.name}


def test_a_non_sqlite_file_is_refused_and_left_byte_identical(db_path: Path, tmp_path: Path) -> None:
    db_path.write_text("These are my coaching notes, not a database.\n" * 200)
    export = big_export(tmp_path / "in.json", 3)
    commands = [*READS, ("done", "1"), ("goal", "add", "x"), ("import", str(export)), ("backup",),
                ("db", "check"), ("undo",)]
    _reads_fail_clearly_and_touch_nothing(db_path, commands)
    assert "is not a readable coachcli database (file is not a database)" in run(
        db_path, "goal", "list").stderr


def test_a_truncated_database_is_refused_and_left_byte_identical(db_path: Path, tmp_path: Path) -> None:
    _real_database(db_path)
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) // 2])
    export = big_export(tmp_path / "in.json", 3)
    commands = [*READS, ("done", "1"), ("import", str(export)), ("backup",), ("db", "check")]
    _reads_fail_clearly_and_touch_nothing(db_path, commands)


def test_a_corrupt_database_is_reported_and_left_byte_identical(db_path: Path) -> None:
    """Random bytes over the data pages: every command that reads them stops with one line.

    SQLite detects damage in the pages a command touches; ``coach db check``
    reads them all and lists what it found.
    """
    _real_database(db_path)
    size = db_path.stat().st_size
    with open(db_path, "r+b") as f:
        f.seek(size // 2)
        f.write(random.Random(1).randbytes(size // 2 - 4096))
    original = digest(db_path)
    _reads_fail_clearly_and_touch_nothing(db_path, READS[1:4])  # the ones reading actions
    check = run(db_path, "db", "check")
    assert check.returncode == 1
    assert "verdict: PROBLEMS FOUND" in check.stdout
    assert "Traceback" not in check.stderr
    backup = run(db_path, "backup", str(db_path.parent / "copy.db"))
    assert "is damaged" in one_clear_line(backup) or "was written, but" in backup.stderr
    assert digest(db_path) == original


# ------------------------------------------------------------------ read-only database

_PR_CAPBSET_DROP = 24
#: CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, CAP_FSETID
_FILE_CAPS = range(5)


def _as_nobody() -> None:
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)


def _without_file_capabilities() -> None:
    """Stay root but lose the capabilities that bypass file permissions, for good."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in _FILE_CAPS:
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            os._exit(97)


def _probe(preexec: Callable[[], None], code: str) -> bool:
    try:
        result = subprocess.run([sys.executable, "-c", code], preexec_fn=preexec, cwd="/",
                                capture_output=True, timeout=60, check=False)
    except OSError:
        return False
    return result.returncode == 0


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[tuple[Path, Callable[[], None] | None, Path]]:
    """(a read-only copy's directory, how to start an unprivileged child, a writable directory).

    As root: the child runs as ``nobody`` if it can start Python there, else as
    root without the capabilities that bypass file permissions (the files
    then belong to ``nobody``). As another user: plain chmod is enough.
    """
    base = Path(tempfile.mkdtemp(prefix="coach-ro-", dir=memory_dir()))
    try:
        os.chmod(base, 0o755)
        ro, out = base / "ro", base / "out"
        ro.mkdir()
        out.mkdir()
        os.chmod(out, 0o777)
        preexec: Callable[[], None] | None = None
        if os.geteuid() == 0:
            if _probe(_as_nobody, "import coachcli, typer"):
                preexec = _as_nobody
            else:
                marker = base / "probe"
                marker.write_text("x")
                os.chown(marker, 65534, 65534)
                os.chmod(marker, 0o444)
                if not _probe(_without_file_capabilities,
                              f"import coachcli\ntry:\n open({str(marker)!r}, 'a')\n"
                              "except PermissionError:\n pass\nelse:\n raise SystemExit(1)"):
                    pytest.skip("cannot drop root's file privileges here")
                preexec = _without_file_capabilities
        yield ro, preexec, out
    finally:
        with contextlib.suppress(OSError):
            os.chmod(base / "ro", 0o755)
        shutil.rmtree(base, ignore_errors=True)


def test_a_read_only_database_can_be_read_but_not_written(
    stocked, db_path: Path, read_only: tuple[Path, Callable[[], None] | None, Path], tmp_path: Path
) -> None:
    ro, preexec, out = read_only
    assert stocked("done", "1", "--on", "2026-11-16").exit_code == 0
    target = ro / "coach.db"
    shutil.copyfile(db_path, target)
    export = big_export(tmp_path / "in.json", 3)
    shutil.copyfile(export, out / "in.json")
    if os.geteuid() == 0:
        for p in (ro, target):
            os.chown(p, 65534, 65534)
    os.chmod(target, 0o444)
    os.chmod(ro, 0o555)
    original = digest(target)

    def coach(*args: str) -> subprocess.CompletedProcess[str]:
        return run(target, *args, preexec=preexec)

    listing = coach("goal", "list", "-f", "text")
    assert listing.returncode == 0, listing.stderr
    assert "Get fit" in listing.stdout
    log = coach("log", "-f", "json", "--since", "2026-11-01")
    assert log.returncode == 0
    assert "done" in [e["kind"] for e in json.loads(log.stdout)]
    assert coach("export").returncode == 0
    assert "verdict: healthy" in coach("db", "check").stdout
    backup = coach("backup", str(out / "copy.db"))
    assert backup.returncode == 0, backup.stderr
    for args in (("done", "1"), ("goal", "add", "More"), ("import", str(out / "in.json")),
                 ("undo",)):
        assert "is read-only: nothing was written" in one_clear_line(coach(*args)), args
    assert digest(target) == original
    assert sorted(p.name for p in ro.iterdir()) == ["coach.db"]


# ------------------------------------------------------------------ full disk


def test_a_full_disk_during_a_large_write_leaves_the_database_intact(
    stocked, db_path: Path, tmp_path: Path
) -> None:
    export = big_export(tmp_path / "big.json", 6_000)
    before = counts(db_path)
    original = digest(db_path)
    limit = max(db_path.stat().st_size, 256 * 1024)
    result = run(db_path, "import", str(export), preexec=file_size_limit(limit))
    message = one_clear_line(result)
    assert "nothing was written" in message
    assert counts(db_path) == before
    assert healthy(db_path)
    assert digest(db_path) == original
    assert run(db_path, "done", "1", "--on", "2026-11-16").returncode == 0  # and it still works


def test_a_full_disk_during_an_export_keeps_the_old_file(stocked, db_path: Path, tmp_path: Path) -> None:
    for n in range(40):
        assert stocked("done", "1", "--on", "2026-11-16", "--note", "x" * 9000 + str(n)).exit_code == 0
    target = tmp_path / "out" / "export.json"
    target.parent.mkdir()
    target.write_text("the previous export\n")
    result = run(db_path, "export", "-o", str(target), preexec=file_size_limit(128 * 1024))
    assert one_clear_line(result) == (
        f"Error: could not write {target}: File too large; it was left as it was\n")
    assert target.read_text() == "the previous export\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["export.json"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_an_export_to_dev_full_is_a_clear_error(stocked, db_path: Path) -> None:
    result = run(db_path, "export", "-o", "/dev/full")
    assert one_clear_line(result) == "Error: could not write /dev/full: No space left on device\n"
    assert not Path("/dev/full").is_file()  # the device was written to, never replaced
    with open("/dev/full", "wb") as full:
        piped = subprocess.run([sys.executable, "-m", "coachcli", "export", "-f", "ics"],
                               stdout=full, stderr=subprocess.PIPE, text=True,
                               env=env_for(db_path), check=False)
    assert piped.returncode == 1
    assert piped.stderr == "Error: could not write to standard output: No space left on device\n"


# ------------------------------------------------------------------ permissions


def test_every_file_is_private_under_a_permissive_umask(db_path: Path, tmp_path: Path) -> None:
    umask0 = lambda: os.umask(0)  # noqa: E731
    assert run(db_path, "goal", "add", "Private", preexec=umask0).returncode == 0
    probe = (
        "import os, stat, sys\n"
        "from coachcli.store import Database\n"
        "db = Database.open(sys.argv[1])\n"
        "with db.write('probe') as tx:\n"
        "    tx.set_meta('probe', '1')\n"
        "for s in ('-wal', '-shm'):\n"
        "    print(oct(stat.S_IMODE(os.stat(sys.argv[1] + s).st_mode)))\n"
        "db.close()\n"
    )
    modes = subprocess.run([sys.executable, "-c", probe, str(db_path)], preexec_fn=umask0,
                           capture_output=True, text=True, check=True).stdout.split()
    assert modes == ["0o600", "0o600"]
    assert run(db_path, "backup", str(tmp_path / "b.db"), preexec=umask0).returncode == 0
    assert run(db_path, "export", "-o", str(tmp_path / "e.json"), preexec=umask0).returncode == 0
    assert run(db_path, "export", "-f", "csv", "-o", str(tmp_path / "e.zip"),
               preexec=umask0).returncode == 0
    fresh = tmp_path / "fresh" / "new.db"
    assert run(fresh, "init", preexec=umask0).returncode == 0
    for path in (db_path, tmp_path / "b.db", tmp_path / "e.json", tmp_path / "e.zip", fresh):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


# ------------------------------------------------------------------ hostile text

MARKUP = "[bold]x[/bold]"
HOSTILE = f"{MARKUP} \x1b[2J\x1b]0;pwned\x07 \u202eevil \x9b31m 🏃‍♀️ done"
LONG = "é" * 9_990 + " 🏃 end"


def holds(value: object, text: str) -> bool:
    """Whether some string inside a JSON value contains ``text``."""
    if isinstance(value, str):
        return text in value
    if isinstance(value, dict):
        return any(holds(v, text) for v in value.values())
    if isinstance(value, list):
        return any(holds(v, text) for v in value)
    return False


def test_hostile_text_is_printed_literally_in_every_command_and_format(
    coach, tmp_path: Path
) -> None:
    def ok(*args: str, **env: str) -> str:
        result = coach(*args, **env)
        assert result.exit_code == 0, (args, result.output)
        return result.output

    ok("client", "add", HOSTILE, "--note", HOSTILE + "\nsecond line")
    c = ("-c", HOSTILE)
    ok("goal", "add", HOSTILE, *c, "--why", LONG, "-i", "9", "-k", "2", "--should")
    ok("step", "add", "1", HOSTILE, "--every", "daily", "--start", "2026-11-02")
    ok("step", "add", "1", LONG, "--due", "2026-11-20")
    ok("done", "1", "--on", "2026-11-16", "--note", HOSTILE)
    ok("missed", "1", "--on", "2026-11-17", "--note", LONG)
    ok("goal", "rate", "1", "-k", "3", "--note", HOSTILE)
    ok("checkin", *c, "--win", HOSTILE, "--obstacle", LONG, "--commit", HOSTILE, "--note", HOSTILE,
       "--session")

    def available(*args: str) -> bool:
        return Coach(None).run(*args, "--help").exit_code == 0

    views: list[tuple[str, ...]] = [
        ("client", "list"), ("client", "show", HOSTILE), ("goal", "list", *c), ("goal", "show", "1"),
        ("step", "list", *c), ("log", *c, "--since", "2026-11-01"),
    ]
    views += [v for v in [("agenda", *c), ("prep", HOSTILE)] if available(v[0])]
    reports = [("report", *c)] if available("report") else []
    for args in views + reports:
        formats = ["text", "markdown", "json", "rich"] + (["html"] if args in reports else [])
        for fmt in formats:
            out = ok(*args, "--format", fmt, COLUMNS="400")  # wide: no title is cut to fit
            for bad in ("\x1b", "\x9b", "\x07", "\u202e"):
                assert bad not in out, (args, fmt, bad)
            if fmt in ("text", "rich"):
                assert MARKUP in out, (args, fmt)
                assert "🏃" in out, (args, fmt)
            if fmt == "json":
                assert holds(json.loads(out), HOSTILE), args  # the data itself, exactly
    exported = ok("export")
    assert "\x1b" not in exported
    assert "\u202e" not in exported
    assert json.loads(exported)["goals"][0]["title"] == HOSTILE  # kept exactly, escaped
    for fmt in ("csv", "ics"):
        target = tmp_path / f"x.{fmt}"
        ok("export", "-f", fmt, "-o", str(target))
        raw = target.read_bytes()
        if fmt == "csv":
            with zipfile.ZipFile(target) as zf:
                raw = b"".join(zf.read(name) for name in zf.namelist())
        assert MARKUP.encode() in raw
        assert b"\x1b" not in raw
        assert "\u202e".encode() not in raw
        assert b"\x07" not in raw


@pytest.mark.parametrize(
    "args",
    [
        ("goal", "add", "a\x00b"),
        ("client", "add", "nul\x00name"),
        ("goal", "add", "x" * 10_001),
    ],
)
def test_nul_and_overlong_text_are_refused_cleanly(coach, db_path: Path, args: tuple[str, ...]) -> None:
    result = coach(*args)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert result.stderr.count("\n") == 1
    assert "NUL" in result.stderr or "limit is 10000" in result.stderr
    assert not db_path.exists() or counts(db_path)["goals"] == 0


# ------------------------------------------------------------------ random operations


def snapshot(conn: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    out = {t: [tuple(r) for r in conn.execute(f"SELECT * FROM {t} ORDER BY id")]
           for t in RECORD_TABLES}
    out["meta"] = [tuple(r) for r in conn.execute("SELECT * FROM meta ORDER BY key")]
    return out


days = st.integers(min_value=0, max_value=20)
notes = st.one_of(st.none(), st.sampled_from([HOSTILE, "rain", "", "  padded  ", "=1+1"]))


class Operations(RuleBasedStateMachine):
    """Random sequences of what a coach does, through the service layer.

    After every step: the file is sound, every reference resolves, each goal's
    status is its latest status change, and a refused operation changed
    nothing. ``undo`` must give back exactly the state before the last write.
    """

    goals = Bundle("goals")
    steps = Bundle("steps")

    def __init__(self) -> None:
        super().__init__()
        self.dir = tempfile.mkdtemp(prefix="coach-ops-", dir=memory_dir())
        self.db = Database.open(Path(self.dir) / "coach.db")
        self.before: list[dict[str, list[tuple[Any, ...]]]] = []

    def teardown(self) -> None:
        self.db.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def write(self, op: Callable[[], object]) -> object | None:
        state = snapshot(self.db.conn)
        try:
            result = op()
        except CoachError:
            assert snapshot(self.db.conn) == state, "a refused operation changed the database"
            return None
        if snapshot(self.db.conn) != state:
            self.before.append(state)
        return result

    @initialize()
    def start(self) -> None:
        self.write(lambda: service.add_client(self.db, "Ana", None))

    @rule(target=goals, importance=st.one_of(st.none(), st.integers(0, 10)), should=st.booleans(),
          client=st.sampled_from(["me", "Ana"]))
    def add_goal(self, importance: int | None, should: bool, client: str) -> int:
        goal = self.write(lambda: service.add_goal(
            self.db, client, "Goal", today=TODAY, importance=importance, should=should))
        return goal.id if goal is not None else -1  # type: ignore[attr-defined]

    @rule(target=steps, goal=goals, every=st.sampled_from(["daily", "mon,wed,fri", "3/week", None]),
          start=days)
    def add_step(self, goal: int, every: str | None, start: int) -> int:
        schedule = parse_schedule(every).text if every else None
        due = None if every else TODAY + timedelta(days=start)
        step = self.write(lambda: service.add_step(
            self.db, goal, "Step", today=TODAY, schedule=schedule, due=due,
            start=TODAY - timedelta(days=start)))
        return step.id if step is not None else -1  # type: ignore[attr-defined]

    @rule(step=steps, kind=st.sampled_from(["done", "missed", "skipped"]), ago=days, note=notes,
          count=st.integers(1, 3))
    def log(self, step: int, kind: Any, ago: int, note: str | None, count: int) -> None:
        self.write(lambda: service.log_action(self.db, step, kind, on=TODAY - timedelta(days=ago),
                                              today=TODAY, note=note, count=count))

    @rule(goal=goals, importance=st.one_of(st.none(), st.integers(-1, 11)),
          confidence=st.one_of(st.none(), st.integers(0, 10)), ago=days)
    def rate(self, goal: int, importance: int | None, confidence: int | None, ago: int) -> None:
        self.write(lambda: service.rate_goal(self.db, goal, on=TODAY - timedelta(days=ago),
                                             today=TODAY, importance=importance,
                                             confidence=confidence))

    @rule(goal=goals, status=st.sampled_from(["active", "paused", "achieved", "dropped"]), ago=days)
    def change_status(self, goal: int, status: Any, ago: int) -> None:
        self.write(lambda: service.set_goal_status(
            self.db, goal, status, on=TODAY - timedelta(days=ago), today=TODAY,
            reason="changed plans" if status == "dropped" else None))

    @rule(mood=st.one_of(st.none(), st.integers(0, 6)), win=notes)
    def checkin(self, mood: int | None, win: str | None) -> None:
        self.write(lambda: service.add_checkin(self.db, "Ana", on=TODAY, today=TODAY, mood=mood,
                                               wins=[win] if win else []))

    @rule()
    def undo(self) -> None:
        what = service.undo(self.db)
        if self.before:
            assert what is not None
            assert snapshot(self.db.conn) == self.before.pop(), f"undo of {what} was not exact"
        else:
            assert what is None

    @rule()
    def export_then_import_changes_nothing(self) -> None:
        import io

        buffer = io.BytesIO()
        write_json(self.db.conn, buffer, Scope(), exported_at="2026-11-18T00:00:00.000Z",
                   schema_version=self.db.schema_version())
        state = snapshot(self.db.conn)
        buffer.seek(0)
        result = import_file(self.db, buffer, "self.json")
        assert sum(result.new.values()) == 0
        assert sum(result.updated.values()) == 0
        assert snapshot(self.db.conn) == state

    @invariant()
    def sound(self) -> None:
        conn = self.db.conn
        assert [tuple(r) for r in conn.execute("PRAGMA integrity_check")] == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute(
            "SELECT count(*) FROM steps s LEFT JOIN goals g ON g.id = s.goal_id WHERE g.id IS NULL"
        ).fetchone()[0] == 0
        mismatched = conn.execute(
            """
            SELECT g.id FROM goals g
            WHERE g.status IS NOT (SELECT x.status FROM status_changes x WHERE x.goal_id = g.id
                                   ORDER BY x.on_date DESC, x.id DESC LIMIT 1)
            """
        ).fetchall()
        assert mismatched == []


TestOperations = Operations.TestCase
TestOperations.settings = settings(
    max_examples=30, stateful_step_count=25, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
