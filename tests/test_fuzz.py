"""Fuzzers: hostile command lines built from the real command tree, and hostile import files.

The command-line fuzzer walks the Click objects behind ``coach`` (every
command, argument and option, so a new command is fuzzed the day it lands)
and fills them from a library of hostile values: the cases that once broke
things (huge and negative numbers, dates near year 1 and 9999, schedules that
repeat within a day, invalid UTF-8, control, bidi and line-separator
characters, paths to directories, named pipes, symbolic links and devices).
Each command line runs through :func:`coachcli.entry.main`, the program's
real entry (so the Typer-free fast paths are fuzzed too), in-process against
a copy of a small database, and a few through real subprocesses. Every run
must end with exit status 0, 1 or 2, at most one ``Error:`` line, no
traceback, within a bounded time, and, after exit 1 or 2, a database dump
(``iterdump``) identical to the one before.

The import fuzzer starts from a real export and breaks it: hostile values in
any field, missing and duplicated records, reordered tables, deep nesting,
truncation and stray bytes. A refused file leaves the database as it was; an
accepted one leaves it healthy, with ids that stay small.

Both are sized to run in CI in well under a minute each on a 2-core machine;
``COACH_FUZZ_EXAMPLES`` raises the count for a longer hunt.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from coachcli.cli import app
from helpers import Coach, memory_dir

EXAMPLES = int(os.environ.get("COACH_FUZZ_EXAMPLES", "250"))
TODAY = "2026-11-18"

#: Commands left out: demo builds a caseload (minutes for --clients 10000, by
#: design), and hub/sync talk to a PostgreSQL server, which tests/test_hub.py
#: starts and fuzzes nothing against.
SKIPPED = {("demo",), ("sync",), ("hub",)}


# ------------------------------------------------------------------ the command tree


def _walk(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    if hasattr(command, "commands"):
        for name, sub in sorted(command.commands.items()):
            if (*path, name)[:1] in SKIPPED or (*path, name) in SKIPPED:
                continue
            yield from _walk(sub, (*path, name))
    else:
        yield path, command


COMMANDS = list(_walk(typer.main.get_command(app)))


def test_the_fuzzer_sees_the_whole_command_tree() -> None:
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"done", "report", "import", "export", "backup", "goal add", "step edit", "client rename"} <= names
    assert len(COMMANDS) >= 30


# ------------------------------------------------------------------ hostile values

SURROGATE = b"\xff\xfe".decode("utf-8", "surrogateescape")  # bytes that are not UTF-8
DENSE = ("RRULE:FREQ=DAILY;BYHOUR=" + ",".join(map(str, range(24))) + ";BYMINUTE="
         + ",".join(map(str, range(60))))

TEXTS = [
    "", " ", "x", "\x00", "a\x00b", "\x1b[2J\x1b]0;pwned\x07", "\u202eevil", "\u2028\u2029", "\x85",
    "[bold]x[/bold]", "x" * 10_001, "é" * 9_999, SURROGATE, "Jose\u0301", "JOSÉ", "=1+1", "-", "--",
    "'; DROP TABLE goals; --", "%s%n{0}", "line\nline", "\r", "\t", "🏃‍♀️", "\ufeff", "\udcff",
]
NUMBERS = ["0", "-1", "1", "2", "3", "7", "10", "11", "1000", "1001", str(10**21), str(2**63),
           str(2**63 - 1), str(2**64), "9" * 5000, "1e3", "NaN", "3.5", "+5", " 1", "٣"]
DATES = ["today", "yesterday", "tomorrow", "friday", "last friday", "3 days ago", "in 2 weeks",
         "9999-12-31", "0001-01-01", "1899-12-31", "1900-01-01", "2199-12-31", "2200-01-01",
         "2026-02-30", "3/4/2026", "in 99999999 days", "9999 years ago", "2026-11-18T25:00",
         "nov 22 26", "2026-W47", "", "\x00"]
WEEKS = ["this", "last", "next", "2026-W47", "2026-W53", "9999-W52", "0000-W01", "1899-W10", "w", ""]
SCHEDULES = ["daily", "weekdays", "mon,wed,fri", "every 3 days", "every 0 days", "every 99999 days",
             "3/week", "8/week", "99/month", "monthly", DENSE, "RRULE:FREQ=HOURLY",
             "RRULE:FREQ=DAILY;COUNT=0", "RRULE:FREQ=DAILY;INTERVAL=999999",
             "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "RRULE:FREQ=WEEKLY;BYDAY=MO;BYMINUTE=0,30",
             "RRULE:FREQ=DAILY;UNTIL=99991231", "sometimes", ""]
NAMES = ["me", "Me", "Alice Martin", "alice", "al", "José", "Jose\u0301", "jose", "Nobody", "Alise",
         "", " ", SURROGATE, "\u202eevil", "x" * 10_001, "a\nb"]
IDS = ["1", "2", "3", "4", "0", "-1", "999", str(2**31), str(2**63), str(10**23), "9" * 5000, "x"]
WIDTHS = ["0", "-5", "abc", "1", "100000", ""]


class Paths:
    """Hostile paths, made once inside the fuzzing directory."""

    def __init__(self, root: Path, db: Path) -> None:
        self.root = root
        (root / "dir").mkdir()
        os.mkfifo(root / "fifo")
        (root / "loop1").symlink_to(root / "loop2")
        (root / "loop2").symlink_to(root / "loop1")
        (root / "dangling").symlink_to(root / "gone")
        (root / "plain.txt").write_text("not a database")
        (root / "export.json").write_text("{}")
        self.values = [
            str(root / "dir"), str(root / "fifo"), str(root / "loop1"), str(root / "dangling"),
            str(root / "plain.txt"), str(root / "new" / "deep" / "x.db"), str(root / "out.json"),
            str(db), f"{db}-wal", f"{db}-shm", "/dev/null", "/dev/full", "/dev/zero", "-", "",
            str(root / "export.json"), str(root / SURROGATE), str(root / ("n" * 300)),
            str(root / "a\x00b"),
        ]


def values_for(param: Any, paths: Paths) -> st.SearchStrategy[str]:
    kind = type(param.type).__name__
    name = (param.name or "").lower()
    pools: dict[str, list[str]] = {
        "TyperPath": paths.values, "IntParamType": NUMBERS, "DateText": DATES, "Week": WEEKS,
        "Rule": SCHEDULES, "ClientName": NAMES, "StepId": IDS, "GoalId": IDS,
    }
    pool = pools.get(kind)
    if pool is None and name in ("week",):
        pool = WEEKS
    if pool is None and kind == "TyperChoice":
        pool = [*map(str, getattr(param.type, "choices", [])), "nope", ""]
    if pool is None:
        pool = TEXTS
    return st.sampled_from(pool)


@st.composite
def command_lines(draw: st.DrawFn, paths: Paths) -> list[str]:
    path, command = draw(st.sampled_from(COMMANDS))
    argv = list(path)
    options = [p for p in command.params if type(p).__name__.endswith("Option")]
    arguments = [p for p in command.params if type(p).__name__.endswith("Argument")]
    for arg in arguments:
        count = 1 if arg.nargs == 1 else draw(st.integers(0, 2))
        if not arg.required and draw(st.booleans()):
            count = 0
        argv += [draw(values_for(arg, paths)) for _ in range(count)]
    for opt in draw(st.lists(st.sampled_from(options), max_size=4, unique_by=id)) if options else []:
        flag = draw(st.sampled_from(opt.opts))
        if opt.is_flag:
            argv.append(flag)
        else:
            argv += [flag, draw(values_for(opt, paths))]
    if draw(st.integers(0, 9)) == 0:  # now and then something Typer must refuse
        argv.insert(draw(st.integers(0, len(argv))), draw(st.sampled_from(["--nope", "-z", "extra"])))
    return argv


# ------------------------------------------------------------------ running


class Runaway(BaseException):
    """A command that ran past the time any of them may take (not caught as an Exception)."""


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    def stop(signum: int, frame: object) -> None:
        raise Runaway(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def dump(db: Path) -> list[str] | None:
    if not db.exists():
        return None
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def run_in_process(argv: list[str], env: dict[str, str | None], stdin: bytes = b"") -> tuple[int, str, str]:
    """``coach ARGV`` through coachcli.entry.main, with CliRunner's isolated streams."""
    from coachcli import entry

    runner = CliRunner()
    code = 0
    with runner.isolation(input=stdin, env=env) as (out, err, *_):
        old_argv = sys.argv
        sys.argv = ["coach", *argv]
        try:
            with time_limit(60):
                entry.main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            sys.argv = old_argv
            sys.stdout.flush()
        stdout, stderr = out.getvalue(), err.getvalue()
    return code, stdout.decode("utf-8", "replace"), stderr.decode("utf-8", "replace")


def check_outcome(argv: list[str], code: int, stdout: str, stderr: str, before: Any, after: Any) -> None:
    shown = (argv, code, stderr[-600:])
    assert code in (0, 1, 2), shown
    assert "Traceback" not in stderr, shown
    assert "Traceback" not in stdout, shown
    assert sum(line.startswith("Error:") for line in stderr.splitlines()) <= 1, shown
    if code in (1, 2):
        assert after == before, ("the database changed", shown)


class Sandbox:
    """A fuzzing directory: a template database, hostile paths, and a fresh copy per run."""

    def __init__(self, root: Path, template: Path) -> None:
        self.root = root
        self.db = root / "coach.db"
        self.template = template
        (root / "paths").mkdir()
        self.paths = Paths(root / "paths", self.db)
        self.reset()

    def reset(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.db}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self.template, self.db)
        for extra in (self.paths.root / "out.json", self.paths.root / "new"):
            if extra.is_dir():
                shutil.rmtree(extra)
            else:
                extra.unlink(missing_ok=True)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small caseload: two clients with goals, steps of each kind, actions, a check-in."""
    db = tmp_path_factory.mktemp("fuzz-template") / "coach.db"
    coach = Coach(db, TODAY)
    for args in (
        ["goal", "add", "Get fit", "-i", "8", "-k", "4"],
        ["step", "add", "1", "Walk", "--every", "mon,wed,fri", "--start", "2026-11-02"],
        ["step", "add", "1", "Stretch", "--every", "RRULE:FREQ=DAILY;BYHOUR=9", "--start", "2026-11-02"],
        ["step", "add", "1", "Book physio", "--due", "2026-11-20"],
        ["client", "add", "Alice Martin"], ["client", "add", "José"],
        ["goal", "add", "Sleep by 11", "-c", "Alice Martin", "--should"],
        ["step", "add", "2", "Lights out", "--every", "3/week", "--start", "2026-11-16"],
        ["done", "1", "--on", "2026-11-16"], ["missed", "1", "--on", "2026-11-13", "--note", "rain"],
        ["skip", "2", "--on", "2026-11-17"], ["done", "4", "--on", "2026-11-17", "--count", "2"],
        ["checkin", "--on", "2026-11-17", "--win", "ran", "--obstacle", "rain", "--commit", "walk"],
        ["goal", "rate", "1", "-i", "9", "--on", "2026-11-17"],
    ):
        result = coach.run(*args)
        assert result.exit_code == 0, (args, result.output)
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db


@pytest.fixture(scope="module")
def sandbox(template: Path) -> Iterator[Sandbox]:
    root = Path(tempfile.mkdtemp(prefix="coach-fuzz-", dir=memory_dir()))
    cwd = os.getcwd()
    os.chdir(root)  # a relative --db or -o lands in the sandbox
    try:
        yield Sandbox(root, template)
    finally:
        os.chdir(cwd)
        shutil.rmtree(root, ignore_errors=True)


# ------------------------------------------------------------------ the command-line fuzzer


@st.composite
def environments(draw: st.DrawFn) -> dict[str, str | None]:
    env: dict[str, str | None] = {"COACH_TODAY": TODAY, "COACH_CLIENT": None, "COLUMNS": None,
                                  "NO_COLOR": None, "COACH_HUB": None}
    if draw(st.integers(0, 4)) == 0:
        env["COACH_CLIENT"] = draw(st.sampled_from(NAMES))
    if draw(st.integers(0, 4)) == 0:
        env["COLUMNS"] = draw(st.sampled_from(WIDTHS))
    return env


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(data=st.data())
def test_hostile_command_lines(sandbox: Sandbox, data: st.DataObject) -> None:
    argv = data.draw(command_lines(sandbox.paths), label="argv")
    env = data.draw(environments(), label="env")
    sandbox.reset()
    env["COACH_DB"] = str(sandbox.db)
    before = dump(sandbox.db)
    code, stdout, stderr = run_in_process(argv, env)
    event(f"exit {code}")  # shown by --hypothesis-show-statistics
    check_outcome(argv, code, stdout, stderr, before, dump(sandbox.db))


@settings(max_examples=max(EXAMPLES // 10, 10), deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_hostile_command_lines_in_real_processes(sandbox: Sandbox, data: st.DataObject) -> None:
    """Real argv bytes (invalid UTF-8 arrives as the shell passes it), real exit statuses."""
    argv = data.draw(command_lines(sandbox.paths), label="argv")
    if any("\x00" in a for a in argv):
        argv = [a.replace("\x00", "0") for a in argv]  # an argv cannot hold NUL
    sandbox.reset()
    before = dump(sandbox.db)
    env = Coach(sandbox.db, TODAY).environ()
    raw = [os.fsencode(a) for a in argv]
    proc = subprocess.run([sys.executable, "-m", "coachcli", *raw], capture_output=True, env=env,
                          timeout=120, check=False, cwd=sandbox.root, stdin=subprocess.DEVNULL)
    check_outcome(argv, proc.returncode, proc.stdout.decode("utf-8", "replace"),
                  proc.stderr.decode("utf-8", "replace"), before, dump(sandbox.db))


# ------------------------------------------------------------------ the import fuzzer

HOSTILE_JSON: list[Any] = [
    None, True, False, 0, -1, 1, 2**31, 2**63 - 1, 2**63, 2**64, 10**30, 1.5, -0.0, 1e308, "",
    " ", "x" * 10_001, "\x00", "\u202e", "\u2028", "9999-12-31", "0001-01-01", "2026-02-30",
    "9999-12-31T23:59:59Z", "0001-01-01T00:00:00+01:00", "2999-01-01T00:00:00.000Z",
    "2026-11-18T10:00:00.000Z", "yesterday", DENSE, "RRULE:FREQ=HOURLY", "daily", [], [1],
    ["ok", None], {"a": 1}, [[[[[]]]]], "done", "active", "me", "ME", "Jose\u0301",
]
_LONE_SURROGATE = '"\\ud800"'  # only expressible as JSON text
_NAN = "NaN"


#: Values a record may hold (so the file is accepted) that are still unusual.
ODD_BUT_VALID: dict[str, list[Any]] = {
    "note": ["\u202eevil", "\u2028x\u2029", "é" * 9_999, "[bold]x[/bold]", "=cmd|' /C calc'!A0", "🏃‍♀️"],
    "title": ["\x1b[2J", "x" * 10_000, "Jose\u0301"],
    "updated_at": ["2026-11-18T10:00:00+14:00", "1900-01-01T00:00:00Z", "2026-11-18T10:00:00.5Z"],
    "id": [1, 2**31 - 1, 7, 2, 1],
    "count": [1, 1000],
}


@st.composite
def odd_exports(draw: st.DrawFn, base: dict[str, Any]) -> bytes:
    """A real export with values at the edges of what is accepted: ids out of order or
    near the bound, hostile but valid text, timestamps with offsets."""
    doc = json.loads(json.dumps(base))
    for _ in range(draw(st.integers(1, 6))):
        table = draw(st.sampled_from([t for t in TABLE_NAMES if doc.get(t)]))
        record = draw(st.sampled_from(doc[table]))
        keys = sorted(k for k in ODD_BUT_VALID if k in record)
        if keys:
            key = draw(st.sampled_from(keys))
            record[key] = draw(st.sampled_from(ODD_BUT_VALID[key]))
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


TABLE_NAMES = ("clients", "goals", "status_changes", "ratings", "steps", "actions", "checkins")


@st.composite
def hostile_exports(draw: st.DrawFn, base: dict[str, Any]) -> bytes:
    if draw(st.integers(0, 3)) == 0:
        return draw(odd_exports(base))
    doc = json.loads(json.dumps(base))
    tables = [t for t in TABLE_NAMES if doc.get(t)]
    for _ in range(draw(st.integers(1, 4))):
        move = draw(st.integers(0, 7))
        table = draw(st.sampled_from(tables))
        records = doc.get(table)
        if not isinstance(records, list) or not records:
            continue
        i = draw(st.integers(0, len(records) - 1))
        record = records[i]
        if not isinstance(record, dict):
            continue
        if move <= 2:  # one field, hostile
            key = draw(st.sampled_from([*record.keys(), "id", "uuid", "updated_at", "extra"]))
            record[key] = draw(st.sampled_from(HOSTILE_JSON))
        elif move == 3 and record:
            record.pop(draw(st.sampled_from(list(record.keys()))), None)
        elif move == 4:
            records.append(dict(record))  # the same UUID twice
        elif move == 5:
            records[i] = draw(st.sampled_from(HOSTILE_JSON))
        elif move == 6:
            doc[draw(st.sampled_from(["format", "version", "settings", table]))] = draw(
                st.sampled_from(HOSTILE_JSON))
        else:
            doc = dict(reversed(list(doc.items())))  # tables out of order
    text = json.dumps(doc, ensure_ascii=False)
    damage = draw(st.integers(0, 9))
    if damage == 0:
        text = text[: draw(st.integers(0, len(text)))]
    elif damage == 1:
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from([_LONE_SURROGATE, _NAN, "[" * 5000, "\x00", "}", ","]))\
            + text[at:]
    elif damage == 2:
        text = text.replace('"note": null', '"note": ' + _LONE_SURROGATE, 1)
    raw = text.encode("utf-8", "surrogatepass")
    if damage == 3:
        raw = raw.replace(b"a", b"\xff", 1)
    return raw


@pytest.fixture(scope="module")
def base_export(template: Path) -> dict[str, Any]:
    result = Coach(template, TODAY).run("export")
    assert result.exit_code == 0
    return json.loads(result.stdout)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(data=st.data())
def test_hostile_import_files(sandbox: Sandbox, base_export: dict[str, Any], data: st.DataObject) -> None:
    raw = data.draw(hostile_exports(base_export), label="file")
    into_empty = data.draw(st.booleans(), label="into an empty database")
    sandbox.reset()
    target = sandbox.root / "fresh.db" if into_empty else sandbox.db
    for suffix in ("", "-wal", "-shm"):
        Path(f"{sandbox.root / 'fresh.db'}{suffix}").unlink(missing_ok=True)
    path = sandbox.root / "in.json"
    path.write_bytes(raw)
    env: dict[str, str | None] = {"COACH_DB": str(target), "COACH_TODAY": TODAY, "COACH_CLIENT": None}
    before = dump(target)
    code, stdout, stderr = run_in_process(["import", str(path)], env)
    event(f"exit {code}")
    shown = (raw[:300], stderr[-400:])
    assert code in (0, 1), shown
    check_outcome(["import"], code, stdout, stderr, before, dump(target))
    if code == 0:  # what was accepted is sound, and poisons nothing after it
        code, out, err = run_in_process(["db", "check"], env)
        assert code == 0, (shown, out, err)
        assert "verdict: healthy" in out, (shown, out, err)
        code, out, err = run_in_process(["report", "--all", "-f", "json"], env)
        assert code == 0, (shown, err)
        code, out, err = run_in_process(["client", "add", "Fuzz Probe"], env)
        assert code == 0, (shown, err)
        assert int(out.rsplit("(id ", 1)[1].split(")")[0]) < 2**31 + 1000, (shown, out)
