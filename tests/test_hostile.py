"""Hostile input, one case at a time: each ends in one clear line (or works as documented).

Every case here was once a traceback, a lost edit or a runaway; the bounds
they meet are stated once in :mod:`coachcli.limits`.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from tests.helpers import Coach, assert_user_error, file_size_limit, rows, snapshot, unmeasured

from coachcli.limits import MAX_COUNT, MAX_ID


def ok(result: Any) -> str:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return str(result.stdout)


# ------------------------------------------------------------------ numbers


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("done", "1", "--count", str(10**21)), f"--count must be from 1 to {MAX_COUNT}"),
        (("done", "1", "--count", str(MAX_COUNT + 1)), f"--count must be from 1 to {MAX_COUNT}"),
        (("done", str(10**23)), f"no step with id {10**23}"),
        (("goal", "show", str(10**23)), f"no goal with id {10**23}"),
        (("step", "add", str(2**63), "x", "--every", "daily"), "no goal with id"),
    ],
)
def test_huge_numbers_are_one_line(stocked, db_path: Path, args: tuple[str, ...], fragment: str) -> None:
    before = snapshot(db_path)
    assert_user_error(stocked(*args), fragment)
    assert snapshot(db_path) == before


def test_huge_numbers_on_the_fast_path_too(stocked, coach_proc, db_path: Path) -> None:
    before = snapshot(db_path)
    for args in (("done", "1", "--count", str(10**21)), ("done", str(10**23)),
                 ("done", "9" * 5000)):
        result = coach_proc(*args)
        assert result.returncode in (1, 2), result
        assert "Traceback" not in result.stderr
        assert result.stderr.count("Error") == 1
    assert snapshot(db_path) == before


# ------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    "args",
    [
        ("report", "--week", "9999-W52"),
        ("report", "--since", "0001-01-02"),
        ("agenda", "--on", "9999-12-31"),
        ("log", "--since", "0001-01-01"),
        ("done", "1", "--on", "1899-12-31"),
        ("step", "add", "1", "Someday", "--due", "9999-12-31"),
        ("goal", "add", "Far", "--by", "2200-01-01"),
    ],
)
def test_dates_outside_the_supported_years_are_refused(stocked, db_path: Path, args: tuple[str, ...]) -> None:
    before = snapshot(db_path)
    assert_user_error(stocked(*args), "outside the supported years 1900-2199")
    assert snapshot(db_path) == before


def test_coach_today_outside_the_years_is_refused(stocked) -> None:
    assert_user_error(stocked("agenda", today=datetime(9999, 12, 31).date()),
                      "COACH_TODAY 9999-12-31 is outside the supported years")


def test_one_step_edited_to_year_9999_leaves_everyone_elses_calendar(stocked, db_path: Path) -> None:
    ok(stocked("step", "add", "1", "Dentist", "--due", "2026-12-01"))
    with sqlite3.connect(db_path) as conn:  # as if edited by hand, or written before the bound
        conn.execute("UPDATE steps SET due_date = '9999-12-31' WHERE id = 2")
    calendar = ok(stocked("export", "--format", "ics"))
    assert calendar.count("BEGIN:VEVENT") == 1
    assert "Walk 20 minutes" in calendar


# ------------------------------------------------------------------ schedules


DENSE = ("RRULE:FREQ=DAILY;BYHOUR=" + ",".join(map(str, range(24))) + ";BYMINUTE="
         + ",".join(map(str, range(60))))


def test_a_rule_repeating_within_a_day_is_refused_at_entry(stocked, db_path: Path) -> None:
    before = snapshot(db_path)
    assert_user_error(stocked("step", "add", "1", "x", "--every", DENSE), "repeats within a day")
    assert snapshot(db_path) == before


def test_a_rule_repeating_within_a_day_is_refused_at_import(stocked, tmp_path: Path) -> None:
    doc = json.loads(ok(stocked("export")))
    doc["steps"][0]["schedule"] = DENSE
    path = tmp_path / "dense.json"
    path.write_text(json.dumps(doc))
    assert_user_error(stocked("import", str(path), "--db", str(tmp_path / "t.db")),
                      "repeats within a day")
    assert not (tmp_path / "t.db").exists()


def test_a_stored_dense_rule_reports_like_a_daily_one(stocked, db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE steps SET schedule = ? WHERE id = 1", (DENSE,))
    started = time.perf_counter()
    report = json.loads(ok(stocked("report", "-f", "json", "--since", "2026-11-02")))
    assert time.perf_counter() - started < 30  # was 17 s and 870 MiB: a runaway, not a timing
    assert report["clients"][0]["goals"][0]["expected"] == 16  # Nov 2..17, today pending
    assert "BEGIN:VEVENT" in ok(stocked("export", "--format", "ics"))


# ------------------------------------------------------------------ text and the environment


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["done", "1", "--note", b"\xff".decode("utf-8", "surrogateescape")], {}),
        (["goal", "add", b"caf\xe9".decode("utf-8", "surrogateescape")], {}),
        (["goal", "list"], {"COACH_CLIENT": b"\xff".decode("utf-8", "surrogateescape")}),
        (["goal", "list"], {"COACH_DB": b"/tmp/\xff.db".decode("utf-8", "surrogateescape")}),
    ],
)
def test_invalid_utf8_in_arguments_and_environment(stocked, db_path: Path, args: list[str],
                                                   env: dict[str, str]) -> None:
    """Real processes: the bytes arrive as the shell passes them (fast path and Typer alike)."""

    before = snapshot(db_path)
    full = Coach(db_path).environ(**env)
    result = subprocess.run([sys.executable, "-c", "from coachcli.entry import main; main()", *args],
                            capture_output=True, text=True, env=full, timeout=60, check=False)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: ")
    assert result.stderr.count("\n") == 1
    assert "not valid UTF-8" in result.stderr
    assert snapshot(db_path) == before


def test_invalid_utf8_is_refused_in_process_too(stocked) -> None:
    assert_user_error(stocked("goal", "add", "\udcff"), "argument 3 is not valid UTF-8")


@pytest.mark.parametrize("fmt", ["text", "rich", "markdown", "json"])
def test_line_separators_never_reach_the_terminal(stocked, fmt: str) -> None:
    ok(stocked("goal", "add", "Run\u2028Injected line\u2029x\x85y"))
    out = ok(stocked("goal", "list", "-f", fmt))
    assert "\u2028" not in out
    assert "\u2029" not in out
    assert "\x85" not in out
    if fmt == "json":  # data stays exact, written as escapes a terminal shows as text
        assert json.loads(out)[1]["title"] == "Run\u2028Injected line\u2029x\x85y"
    else:
        assert "RunInjected line" in out


def test_html_report_strips_line_separators(stocked) -> None:
    ok(stocked("goal", "add", "Run\u2028Injected"))
    out = ok(stocked("report", "-f", "html"))
    assert "\u2028" not in out
    assert "RunInjected" in out


def test_columns_zero_still_prints_rich_output(stocked) -> None:
    out = ok(stocked("goal", "list", "-f", "rich", COLUMNS="0"))
    assert "Get fit" in out


def test_report_dash_o_writes_to_stdout_like_export(stocked, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    out = ok(stocked("report", "-o", "-", "-f", "json"))
    assert json.loads(out)["clients"]
    assert not (tmp_path / "-").exists()


# ------------------------------------------------------------------ our own tables, damaged


@pytest.mark.parametrize(
    ("sql", "args", "fragment"),
    [
        ("UPDATE checkins SET wins = '[not json'", ("log",), "checkins.wins"),
        ("UPDATE checkins SET wins = '{\"a\": 1}'", ("report", "-f", "json"), "checkins.wins"),
        ("UPDATE checkins SET change_talk = '[1'", ("prep", "me"), "checkins.change_talk"),
        ("UPDATE journal_entries SET before = '{oops'", ("undo",), "the undo journal"),
        ("UPDATE journal_entries SET before = '{\"title = 1; DROP TABLE goals; --\": 1}'",
         ("undo",), "the undo journal"),
        ("UPDATE journal_entries SET tbl = 'sqlite_master'", ("undo",), "the undo journal"),
    ],
)
def test_damaged_values_in_our_tables_are_one_line(stocked, db_path: Path, sql: str,
                                                    args: tuple[str, ...], fragment: str) -> None:
    ok(stocked("checkin", "--win", "slept", "--commit", "walk", "--on", "2026-11-17"))
    ok(stocked("goal", "edit", "1", "--title", "Get fitter"))
    with sqlite3.connect(db_path) as conn:
        conn.execute(sql)
    before = snapshot(db_path)
    assert_user_error(stocked(*args), f"damaged value in {fragment}")
    assert snapshot(db_path) == before


# ------------------------------------------------------------------ interrupts and pipes


@pytest.mark.parametrize("moment", ["coachcli.entry", "typer", "rich"])
def test_ctrl_c_during_startup_is_one_line_and_exit_130(stocked, db_path: Path, moment: str) -> None:
    """SIGINT as the program starts (while it imports Typer, Rich...): one line, exit 130.

    ``-X importtime`` reports each import as it completes, so the signal is sent at
    a known moment however slow the machine is.
    """

    env = Coach(db_path).environ()
    proc = subprocess.Popen([sys.executable, "-X", "importtime", "-m", "coachcli", "goal", "list",
                             "-f", "rich"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert proc.stderr is not None
    seen = False
    for line in proc.stderr:
        if line.split("|")[-1].strip() == moment:
            seen = True
            break
    assert seen, f"{moment} was never imported"
    proc.send_signal(signal.SIGINT)
    _out, rest = proc.communicate(timeout=60)
    said = [line for line in rest.splitlines() if not line.startswith("import time:")]
    assert "Traceback" not in rest
    assert proc.returncode == 130, (proc.returncode, said)
    assert said == ["Interrupted: nothing was written."]


@pytest.mark.parametrize(
    "args",
    [("log", "--since", "2026-01-01"), ("export",), ("report", "-f", "rich"), ("report", "-f", "json"),
     ("goal", "list"), ("--help",), ("export", "--format", "ics")],
)
def test_a_closed_pipe_ends_every_command_the_same_way(stocked, db_path: Path,
                                                       args: tuple[str, ...]) -> None:
    """Exit 0 and nothing on stderr: the reader chose to stop (coach log | head -0)."""

    for n in range(30):
        stocked("done", "1", "--on", f"2026-10-{n + 1:02d}", "--note", "x" * 200)
    env = Coach(db_path).environ(COLUMNS="80")
    proc = subprocess.Popen([sys.executable, "-m", "coachcli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None
    proc.stdout.close()  # the reader goes away before the first byte
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert err == b""


# ------------------------------------------------------------------ imports that hijack merges


def _export(coach: Any, tmp_path: Path) -> tuple[dict[str, Any], Path]:
    doc = json.loads(ok(coach("export")))
    return doc, tmp_path / "in.json"


def test_a_timestamp_from_the_future_cannot_win_merges(stocked, db_path: Path, tmp_path: Path) -> None:
    doc, path = _export(stocked, tmp_path)
    doc["goals"][0]["updated_at"] = "9999-12-31T23:59:59Z"
    doc["goals"][0]["title"] = "Old title"
    path.write_text(json.dumps(doc))
    before = snapshot(db_path)
    assert_user_error(stocked("import", str(path)), "outside the supported years")
    assert snapshot(db_path) == before
    soon = (datetime.now(UTC) + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    doc["goals"][0]["updated_at"] = soon
    path.write_text(json.dumps(doc))
    assert_user_error(stocked("import", str(path)), "later than now plus one day")
    assert snapshot(db_path) == before
    # A legitimate edit is never undone by re-importing an older file.
    ok(stocked("goal", "edit", "1", "--title", "New title"))
    doc["goals"][0]["updated_at"] = (datetime.now(UTC) + timedelta(hours=2)).strftime(
        "%Y-%m-%dT%H:%M:%S.000Z")  # within the clock-skew allowance: accepted, and it wins once
    path.write_text(json.dumps(doc))
    ok(stocked("import", str(path)))
    assert rows(db_path, "SELECT title FROM goals WHERE id = 1") == [("Old title",)]


def test_an_id_at_the_64_bit_limit_is_refused(stocked, db_path: Path, tmp_path: Path) -> None:
    doc, path = _export(stocked, tmp_path)
    doc["goals"][0]["id"] = 9223372036854775807
    path.write_text(json.dumps(doc))
    assert_user_error(stocked("import", str(path), "--db", str(tmp_path / "t.db")),
                      f'"id" must be a positive whole number up to {MAX_ID}')


def test_ids_in_a_file_never_number_a_database_that_has_records(stocked, db_path: Path,
                                                                  tmp_path: Path) -> None:
    doc, path = _export(stocked, tmp_path)
    for rec in doc["goals"]:
        rec["uuid"] = rec["uuid"][:-4] + "beef"
        rec["id"] = MAX_ID
    for rec in doc["steps"]:
        rec["uuid"], rec["goal_uuid"], rec["id"] = rec["uuid"][:-4] + "beef", doc["goals"][0]["uuid"], 5
    path.write_text(json.dumps(doc))
    ok(stocked("import", str(path)))
    assert rows(db_path, "SELECT max(id) FROM goals") == [(2,)]
    assert ok(stocked("client", "add", "Zoë")) == "Added client Zoë (id 2).\n"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('"count": 1000000000000000000000000000000', '"count" must be a whole number from 1 to 1000'),
        ('"note": "\\ud800"', "lone surrogate"),
        ('"created_at": "0001-01-01T00:00:00+01:00"', "outside the supported years"),
        ('"created_at": "9999-12-31T23:59:59-01:00"', "outside the supported years"),
        ('"on_date": "0001-01-01"', "outside the supported years"),
    ],
)
def test_hostile_values_in_an_import_are_one_line(stocked, db_path: Path, tmp_path: Path,
                                                  text: str, fragment: str) -> None:
    ok(stocked("done", "1", "--on", "2026-11-16"))
    raw = ok(stocked("export"))
    key = text.split(":", maxsplit=1)[0]
    lines = raw.splitlines()
    at = next(i for i, line in enumerate(lines) if '"step_uuid"' in line)
    record = json.loads(lines[at].strip().rstrip(","))
    rest = json.dumps({k: v for k, v in record.items() if k != key.strip('"')})[1:]
    lines[at] = "  {" + text + ", " + rest + ("," if lines[at].rstrip().endswith(",") else "")
    path = tmp_path / "in.json"
    path.write_text("\n".join(lines))
    before = snapshot(db_path)
    assert_user_error(stocked("import", str(path)), fragment)
    assert snapshot(db_path) == before


def test_nesting_a_hundred_thousand_deep_is_one_line(stocked, db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"format": "coachcli-export", "version": 1, "goals": [' + "[" * 100_000 + "]" * 100_000
                    + "]}")
    before = snapshot(db_path)
    assert_user_error(stocked("import", str(path)), "nested too deeply")
    assert snapshot(db_path) == before


def test_an_endless_file_is_refused_past_the_size_limit(stocked, coach_proc, db_path: Path) -> None:
    """/dev/zero is not JSON: refused at once, without reading to the end (there is none)."""
    before = snapshot(db_path)
    result = coach_proc("import", "/dev/zero")
    assert result.returncode == 1
    assert result.stderr.startswith("Error: ")
    assert result.stderr.count("\n") == 1
    assert snapshot(db_path) == before


def test_a_huge_file_is_refused_once_past_the_limit(stocked, db_path: Path, monkeypatch) -> None:
    """Read in chunks and counted: past the limit it stops, before its end (there is none)."""
    import io

    import coachcli.portable.jsonstream as jsonstream
    from coachcli.portable.checks import ImportRefused
    from coachcli.portable.merge import import_file
    from coachcli.store import Database

    monkeypatch.setattr(jsonstream, "MAX_IMPORT_BYTES", 4 << 20)  # the real one is 1 GiB

    class Endless(io.RawIOBase):
        """A header, then records forever."""

        head = b'{"format": "coachcli-export", "version": 1, "padding": [\n'

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            chunk, self.head = self.head or b'  {"uuid": "x"},\n' * (len(buffer) // 17), b""
            buffer[: len(chunk)] = chunk
            return len(chunk)

    before = snapshot(db_path)
    db = Database.open(db_path)
    try:
        with pytest.raises(ImportRefused, match="larger than 4 MiB, the most coach import reads"):
            import_file(db, io.BufferedReader(Endless()), "endless.json")
    finally:
        db.close()
    assert snapshot(db_path) == before


# ------------------------------------------------------------------ files


def test_output_to_a_symlink_is_refused_and_the_target_keeps_its_mode(stocked, tmp_path: Path) -> None:
    target = tmp_path / "shared.txt"
    target.write_text("theirs")
    target.chmod(0o644)
    link = tmp_path / "report.txt"
    link.symlink_to(target)
    for args in (("export", "-o", str(link)), ("report", "-o", str(link))):
        assert_user_error(stocked(*args), "is a symbolic link")
    assert link.is_symlink()
    assert target.read_text() == "theirs"
    assert target.stat().st_mode & 0o777 == 0o644


def test_output_to_a_symlink_loop_is_one_line(stocked, tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    assert_user_error(stocked("export", "-o", str(tmp_path / "a")), "is a symbolic link")


def test_output_to_a_named_pipe_nobody_reads_is_refused_not_waited_on(stocked, tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert_user_error(stocked("export", "-o", str(fifo)), "no program is reading from it")
    assert_user_error(stocked("goal", "list", "--db", str(fifo)), "not a regular file")
    assert_user_error(stocked("import", str(fifo)), "not valid JSON")  # no writer: an empty file


def test_every_directory_the_database_needs_is_created_0700_under_umask_000(tmp_path: Path) -> None:
    import os

    db = tmp_path / "sub" / "dir" / "q.db"
    env = {**os.environ, "COACH_TODAY": "2026-11-18"}
    code = "import os, sys; os.umask(0); sys.argv[1:] = ['goal', 'add', 'x', '--db', sys.argv[1]]; " \
           "from coachcli.entry import main; main()"
    result = subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, text=True,
                            env=env, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    for path in (tmp_path / "sub", tmp_path / "sub" / "dir"):
        assert path.stat().st_mode & 0o777 == 0o700, path
    assert db.stat().st_mode & 0o777 == 0o600


def test_an_existing_empty_file_becomes_a_private_database(coach, tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    db.touch()
    db.chmod(0o644)
    ok(coach("goal", "add", "x", "--db", str(db)))
    assert db.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("suffix", ["-wal", "-shm"])
def test_the_databases_own_wal_and_shm_are_never_a_backup_target(stocked, db_path: Path,
                                                                   suffix: str) -> None:
    ok(stocked("done", "1", "--on", "2026-11-16"))
    before = snapshot(db_path)
    assert_user_error(stocked("backup", f"{db_path}{suffix}", "--force"),
                      f"is the database's own {suffix} file")
    assert snapshot(db_path) == before


def test_a_foreign_file_with_only_sqlite_utils_migrations_keeps_its_bytes(coach, tmp_path: Path) -> None:
    import hashlib

    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE _sqlite_migrations (migration_set TEXT, name TEXT, applied_at TEXT)")
        conn.execute("INSERT INTO _sqlite_migrations VALUES ('another-tool', '0001', 'x')")
    digest = hashlib.sha256(foreign.read_bytes()).hexdigest()
    for args in (("goal", "add", "x"), ("goal", "list")):
        assert_user_error(coach(*args, "--db", str(foreign)), "not a coachcli one")
    assert hashlib.sha256(foreign.read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]


def test_a_killed_runs_temporary_file_is_removed_by_the_next_write(stocked, tmp_path: Path) -> None:
    import os

    out = tmp_path / "all.json"
    stale = tmp_path / ".all.json.deadbeef.tmp"  # as an export killed mid-write leaves it
    stale.write_text("{half")
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    fresh = tmp_path / ".all.json.cafef00d.tmp"  # another export writing right now: kept
    fresh.write_text("{")
    ok(stocked("export", "-o", str(out)))
    assert not stale.exists()
    assert fresh.exists()
    stale_backup = tmp_path / ".copy.db.deadbeef.tmp"
    stale_backup.write_text("")
    os.utime(stale_backup, (time.time() - 3600, time.time() - 3600))
    ok(stocked("backup", str(tmp_path / "copy.db")))
    assert not stale_backup.exists()


def test_a_dangling_symlink_as_the_database_says_so(coach, tmp_path: Path) -> None:
    link = tmp_path / "coach.db"
    link.symlink_to(tmp_path / "gone.db")
    for args in (("goal", "add", "x"), ("goal", "list")):
        assert_user_error(coach(*args, "--db", str(link)), "is a symbolic link to")
    assert not (tmp_path / "gone.db").exists()


def test_reads_work_on_a_full_disk(stocked, db_path: Path) -> None:
    """With no room for SQLite's -shm file, reads read the file as it is; writes say why not."""
    full_disk = file_size_limit(8192)
    env = unmeasured(Coach(db_path).environ())
    for args in (("goal", "list"), ("report", "-f", "text"), ("log",), ("export",), ("agenda",)):
        result = subprocess.run([sys.executable, "-m", "coachcli", *args], preexec_fn=full_disk,
                                capture_output=True, text=True, env=env, timeout=60, check=False)
        assert result.returncode == 0, (args, result.stderr)
    result = subprocess.run([sys.executable, "-m", "coachcli", "done", "1", "--on", "2026-11-16"],
                            preexec_fn=full_disk, capture_output=True, text=True, env=env, timeout=60,
                            check=False)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: could not write")


# ------------------------------------------------------------------ names


NFC, NFD = "Jos\u00e9", "Jose\u0301"


@pytest.mark.parametrize("look_alike", [NFD, "JOSÉ", "jose", " José ", "Jos\u00e9\u200f"])
def test_look_alike_names_are_one_client(coach, db_path: Path, look_alike: str) -> None:
    ok(coach("client", "add", NFC))
    before = snapshot(db_path)
    assert_user_error(coach("client", "add", look_alike), f"a client named '{NFC}' already exists")
    assert snapshot(db_path) == before
    assert "José" in ok(coach("client", "show", look_alike))


def test_names_are_stored_composed(coach, db_path: Path) -> None:
    ok(coach("client", "add", NFD + "   Smith"))
    assert rows(db_path, "SELECT name FROM clients") == [("José Smith",)]


def test_a_unique_beginning_names_a_client_and_an_ambiguous_one_says_who(coach) -> None:
    for name in ("Alice Martin", "Alan Wu", "Bob"):
        ok(coach("client", "add", name))
    ok(coach("goal", "add", "Sleep", "-c", "alic"))
    assert ok(coach("goal", "list", "-c", "Alice Martin", "-f", "json")).count("Sleep") == 1
    assert_user_error(coach("goal", "list", "-c", "al"), "'al' could be 'Alice Martin', 'Alan Wu'")


def test_the_default_client_is_never_reached_by_a_beginning(coach, db_path: Path) -> None:
    ok(coach("client", "add", "Melanie"))
    ok(coach("goal", "add", "Mine"))  # -c me by default: me is created, not Melanie's goal
    assert rows(db_path, "SELECT c.name FROM goals g JOIN clients c ON c.id = g.client_id") == [("me",)]


def test_an_unknown_name_suggests_the_closest_first(coach) -> None:
    for name in ("Alice Martin", "Bob"):
        ok(coach("client", "add", name))
    result = coach("goal", "list", "-c", "Alise")
    assert_user_error(result, "no client named 'Alise'; did you mean 'Alice Martin'?")
    assert result.stderr.index("did you mean") < result.stderr.index("coach client add")


def test_an_import_merges_a_look_alike_name(coach, db_path: Path, tmp_path: Path) -> None:
    ok(coach("client", "add", NFC))
    doc = {"format": "coachcli-export", "version": 1,
           "clients": [{"uuid": "c-1", "name": NFD, "created_at": "2026-11-01T10:00:00Z",
                        "updated_at": "2026-11-01T10:00:00Z"}]}
    path = tmp_path / "in.json"
    path.write_text(json.dumps(doc))
    out = ok(coach("import", str(path)))
    assert f"merged into '{NFC}'" in out
    assert rows(db_path, "SELECT count(*) FROM clients") == [(1,)]


def test_a_ctrl_c_python_cannot_raise_is_still_one_line_and_exit_130() -> None:
    """An interrupt that lands in a callback Python runs itself (a module lock's, as an import
    ends) is "unraisable": Python printed a traceback and went on. The entry point ends there."""
    code = ("import gc, sys, weakref; from coachcli import entry; sys.unraisablehook = entry._unraisable\n"
            "class T: pass\n"
            "def cb(_): raise KeyboardInterrupt\n"
            "t = T(); r = weakref.ref(t, cb); del t; gc.collect()\n"
            "print('went on')\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          check=False)
    assert (proc.returncode, proc.stdout, proc.stderr) == (130, "", "Interrupted: nothing was written.\n")


@pytest.mark.parametrize("moment", ["coachcli", "coachcli.errors", "coachcli.clock", "coachcli.entry"])
def test_ctrl_c_as_the_coach_command_starts_is_one_line_and_exit_130(stocked, db_path: Path,
                                                                    moment: str) -> None:
    """SIGINT in the first milliseconds of the installed ``coach`` command, before ``main`` runs.

    PYTHONPROFILEIMPORTTIME reports each import as it completes: the signal is sent while
    coachcli itself loads, the first thing the script does after its handler. (Before
    that the interpreter runs its own start-up, ``site`` and a check of the script's
    path, where a Ctrl-C is Python's to report.)
    """
    import os
    import shutil

    script = shutil.which("coach", path=os.path.dirname(sys.executable))
    assert script is not None, "the coach command is not installed next to this Python"
    env = {**Coach(db_path).environ(), "PYTHONPROFILEIMPORTTIME": "1"}
    proc = subprocess.Popen([script, "done", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    assert proc.stderr is not None
    for line in proc.stderr:
        if line.split("|")[-1].strip() == moment:
            break
    proc.send_signal(signal.SIGINT)
    _out, rest = proc.communicate(timeout=60)
    said = [line for line in rest.splitlines() if not line.startswith("import time:")]
    assert "Traceback" not in rest, said
    assert proc.returncode == 130, (proc.returncode, said)
    assert said == ["Interrupted: nothing was written."]
