"""``coach client ...`` end to end, plus the root command (``--version``, ``python -m``, usage errors)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from coachcli import __version__
from helpers import assert_user_error, rows, snapshot


@pytest.fixture
def caseload(coach):
    """Alice with a goal and a step, and Bob with nothing yet."""
    assert coach("client", "add", "Alice", "--note", "Referred by Dr Lee").exit_code == 0
    assert coach("client", "add", "Bob").exit_code == 0
    assert coach("goal", "add", "Sleep by 11", "-c", "alice", "-i", "7").exit_code == 0
    assert coach("step", "add", "1", "Screens off at 10", "--every", "daily",
                 "--start", "2026-11-10").exit_code == 0
    return coach


# ------------------------------------------------------------------ add


def test_add_stores_the_client_and_says_its_id(coach, db_path: Path) -> None:
    result = coach("client", "add", "  Alice  ", "--note", "Referred by Dr Lee")
    assert result.exit_code == 0
    assert result.stdout == "Added client Alice (id 1).\n"
    assert rows(db_path, "SELECT id, name, note, archived_on FROM clients") == [
        (1, "Alice", "Referred by Dr Lee", None)
    ]


@pytest.mark.parametrize("name", ["ALICE", "alice", " Alice "])
def test_adding_an_existing_name_in_any_case_is_refused(coach, db_path: Path, name: str) -> None:
    coach("client", "add", "Alice")
    before = snapshot(db_path)
    assert_user_error(coach("client", "add", name), "a client named 'Alice' already exists")
    assert snapshot(db_path) == before


@pytest.mark.parametrize(
    ("name", "fragment"),
    [("", "client name cannot be empty"), ("   ", "client name cannot be empty"),
     ("Al\nice", "must be one line"), ("Al\rice", "must be one line"),
     ("Al\x00ice", "NUL"), ("x" * 10_001, "the limit is 10000")],
)
def test_bad_names_are_refused_and_nothing_is_written(coach, db_path: Path, name: str, fragment: str) -> None:
    coach("client", "add", "Alice")
    before = snapshot(db_path)
    assert_user_error(coach("client", "add", name), fragment)
    assert snapshot(db_path) == before


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("client", "add", "  "), "cannot be empty"),
        (("client", "rename", "me", "Ann"), "no client named 'me'"),
        (("goal", "add", "x", "-i", "99"), "between 0 and 10"),
        (("goal", "add", "x", "-c", "Alice"), "no client named 'Alice'"),
        (("step", "add", "1", "Walk", "--every", "daily"), "no goal with id 1"),
        (("done", "1"), "no step with id 1"),
        (("checkin", "--mood", "9"), "--mood must be between 1 and 5"),
        (("config", "stalled.days", "soon"), "stalled.days"),
    ],
)
def test_a_refused_first_write_on_a_new_machine_leaves_no_file(
    coach, db_path: Path, args: tuple[str, ...], fragment: str
) -> None:
    assert_user_error(coach(*args), fragment)
    assert not db_path.exists()
    assert list(db_path.parent.iterdir()) == []


def test_a_refused_first_write_in_a_real_process_leaves_no_file(coach_proc, tmp_path: Path) -> None:
    result = coach_proc("goal", "add", "x", "-i", "99", COACH_DB="")
    assert result.returncode == 1
    assert result.stderr == "Error: importance must be between 0 and 10, got 99\n"
    default = tmp_path / "xdg" / "coachcli"
    assert not (default / "coach.db").exists()
    assert not default.exists() or list(default.iterdir()) == []
    # An existing database, even an empty one, is kept as it is.
    assert coach_proc("init", COACH_DB="").returncode == 0
    assert coach_proc("goal", "add", "x", "-i", "99", COACH_DB="").returncode == 1
    assert (default / "coach.db").exists()


# ------------------------------------------------------------------ list


def test_list_on_a_new_machine_says_how_to_start_and_creates_nothing(coach, db_path: Path) -> None:
    # No database yet is said as such (a mistyped --db is not an empty caseload) ...
    assert_user_error(coach("client", "list"), f"no database at {db_path}: start one with coach init")
    assert not db_path.exists()
    # ... and once there is one, an empty caseload says how to start.
    assert coach("init").exit_code == 0
    result = coach("client", "list")
    assert result.exit_code == 0
    assert "No clients yet. Add one with: coach client add NAME" in result.stdout


def test_list_shows_names_goals_and_last_activity(caseload, db_path: Path) -> None:
    # Last activity is the last day something was recorded (here on the 16th itself).
    assert caseload("done", "1", "--on", "2026-11-16", today=date(2026, 11, 16)).exit_code == 0
    result = caseload("client", "list", "-f", "text")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Clients"
    assert lines[1].split()[:3] == ["Name", "Active", "goals"]
    alice = next(line for line in lines if line.startswith("Alice"))
    bob = next(line for line in lines if line.startswith("Bob"))
    assert alice.split()[:3] == ["Alice", "1", "2026-11-16"]
    assert "Referred by Dr Lee" in alice
    assert bob.split()[:3] == ["Bob", "0", "-"]
    assert lines.index(alice) < lines.index(bob)  # alphabetical


def test_last_activity_counts_checkins_too(caseload) -> None:
    caseload("done", "1", "--on", "2026-11-10", today=date(2026, 11, 10))
    caseload("checkin", "-c", "alice", "--on", "2026-11-12", "--win", "slept well", today=date(2026, 11, 12))
    data = json.loads(caseload("client", "list", "-f", "json").stdout)
    assert {c["name"]: c["last_activity"] for c in data} == {"Alice": "2026-11-12", "Bob": None}


def test_archived_clients_are_hidden_unless_asked_for(caseload) -> None:
    caseload("client", "archive", "bob")
    names = [c["name"] for c in json.loads(caseload("client", "list", "-f", "json").stdout)]
    assert names == ["Alice"]
    listed = json.loads(caseload("client", "list", "--archived", "-f", "json").stdout)
    assert [(c["name"], c["archived_on"]) for c in listed] == [("Alice", None), ("Bob", "2026-11-18")]


# ------------------------------------------------------------------ show


def test_show_a_client_with_goals_and_steps(caseload) -> None:
    result = caseload("client", "show", "ALICE", "-f", "text")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("Alice\n")
    assert "Note:     Referred by Dr Lee" in out
    assert "Added:    " in out
    assert "Archived: no" in out
    assert "Sleep by 11" in out
    assert "Screens off at 10" in out
    assert "every day" in out.lower() or "daily" in out.lower()


def test_show_me_before_any_write_is_empty_not_an_error(coach, db_path: Path) -> None:
    assert coach("init").exit_code == 0
    result = coach("client", "show", "me", "-f", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["name"] == "me"
    assert data["id"] is None
    assert data["goals"] == []
    assert rows(db_path, "SELECT count(*) FROM clients") == [(0,)]


def test_show_unknown_client_suggests_a_close_name(caseload, db_path: Path) -> None:
    before = snapshot(db_path)
    assert_user_error(caseload("client", "show", "Alcie"), "did you mean 'Alice'?")
    assert_user_error(caseload("client", "show", "bobb"), "did you mean 'Bob'?")
    result = caseload("client", "show", "Zed")
    assert_user_error(result, "no client named 'Zed'")
    assert "did you mean" not in result.stderr
    assert "coach client add NAME" in result.stderr
    assert snapshot(db_path) == before


# ------------------------------------------------------------------ rename


def test_rename_keeps_goals_and_history(caseload, db_path: Path) -> None:
    result = caseload("client", "rename", "alice", "Alice Smith")
    assert result.exit_code == 0
    assert result.stdout == "Renamed alice to Alice Smith.\n"
    assert rows(db_path, "SELECT name FROM clients WHERE id = 1") == [("Alice Smith",)]
    goals = json.loads(caseload("goal", "list", "-c", "alice smith", "-f", "json").stdout)
    assert [g["title"] for g in goals] == ["Sleep by 11"]
    # A unique beginning names the client; a near miss is answered with the closest names.
    alice = json.loads(caseload("goal", "list", "-c", "Alice", "-f", "json").stdout)
    assert [g["title"] for g in alice] == ["Sleep by 11"]
    assert_user_error(caseload("goal", "list", "-c", "Alise"), "did you mean 'Alice Smith'?")


def test_rename_changing_only_the_case(caseload, db_path: Path) -> None:
    assert caseload("client", "rename", "alice", "ALICE").exit_code == 0
    assert rows(db_path, "SELECT name FROM clients WHERE id = 1") == [("ALICE",)]


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [("Alice", "bob", "a client named 'Bob' already exists"),
     ("Alicia", "Ann", "no client named 'Alicia'"),
     ("Alice", "  ", "new name cannot be empty"),
     ("Alice", "Al\nice", "a client name must be one line"),
     ("Alice", "Al\rice", "a client name must be one line")],
)
def test_bad_renames_change_nothing(caseload, db_path: Path, old: str, new: str, fragment: str) -> None:
    before = snapshot(db_path)
    assert_user_error(caseload("client", "rename", old, new), fragment)
    assert snapshot(db_path) == before


# ------------------------------------------------------------------ archive / restore


def test_archive_and_restore(caseload, db_path: Path) -> None:
    result = caseload("client", "archive", "Alice")
    assert result.exit_code == 0
    assert result.stdout == "Archived Alice. Bring them back with: coach client restore Alice\n"
    assert rows(db_path, "SELECT archived_on FROM clients WHERE name = 'Alice'") == [("2026-11-18",)]
    show = json.loads(caseload("client", "show", "alice", "-f", "json").stdout)
    assert show["archived_on"] == "2026-11-18"

    result = caseload("client", "restore", "alice")
    assert result.exit_code == 0
    assert result.stdout == "Restored Alice.\n"
    assert rows(db_path, "SELECT archived_on FROM clients WHERE name = 'Alice'") == [(None,)]
    assert caseload("goal", "add", "Walk daily", "-c", "alice").exit_code == 0


@pytest.mark.parametrize(
    "args",
    [
        ("goal", "add", "New goal", "-c", "alice"),
        ("goal", "rate", "1", "-i", "9"),
        ("goal", "pause", "1"),
        ("goal", "edit", "1", "--title", "Sleep by 10"),
        ("step", "add", "1", "Read", "--every", "daily"),
        ("step", "edit", "1", "--every", "weekdays"),
        ("step", "drop", "1"),
        ("done", "1"),
        ("missed", "1", "--note", "late shift"),
        ("skip", "1"),
        ("checkin", "-c", "alice", "--win", "x"),
    ],
)
def test_writes_for_an_archived_client_are_refused(caseload, db_path: Path, args: tuple[str, ...]) -> None:
    caseload("client", "archive", "alice")
    before = snapshot(db_path)
    assert_user_error(caseload(*args), "client 'Alice' is archived; restore it first")
    assert snapshot(db_path) == before


def test_archive_twice_and_restore_unarchived_are_refused(caseload, db_path: Path) -> None:
    caseload("client", "archive", "alice")
    before = snapshot(db_path)
    assert_user_error(caseload("client", "archive", "Alice"), "already archived (since 2026-11-18)")
    assert_user_error(caseload("client", "restore", "bob"), "client 'Bob' is not archived")
    assert_user_error(caseload("client", "archive", "Carol"), "no client named 'Carol'")
    assert_user_error(caseload("client", "restore", "Carol"), "no client named 'Carol'")
    assert snapshot(db_path) == before


# ------------------------------------------------------------------ default client and -c


def test_default_client_me_is_created_on_first_write(coach, db_path: Path) -> None:
    assert coach("goal", "add", "Drink water").stdout.startswith("Added goal 1: Drink water")
    assert rows(db_path, "SELECT id, name FROM clients") == [(1, "me")]
    coach("goal", "add", "Stretch", "-c", "ME")
    assert rows(db_path, "SELECT count(*) FROM clients") == [(1,)]
    assert rows(db_path, "SELECT client_id FROM goals") == [(1,), (1,)]


def test_other_unknown_clients_are_never_created_by_a_write(coach, db_path: Path) -> None:
    coach("client", "add", "Alice")
    before = snapshot(db_path)
    assert_user_error(coach("goal", "add", "x", "-c", "alcie"), "did you mean 'Alice'?")
    assert_user_error(coach("checkin", "-c", "Zed", "--win", "x"), "no client named 'Zed'")
    assert snapshot(db_path) == before


def test_client_from_the_environment(coach, db_path: Path) -> None:
    coach("client", "add", "Alice")
    result = coach("goal", "add", "Run", COACH_CLIENT="alice")
    assert result.exit_code == 0
    assert "for Alice" in result.stdout
    assert rows(db_path, "SELECT c.name FROM goals g JOIN clients c ON c.id = g.client_id") == [("Alice",)]
    # -c wins over the environment.
    coach("goal", "add", "Swim", "-c", "me", COACH_CLIENT="alice")
    assert rows(db_path, "SELECT count(*) FROM clients WHERE name = 'me'") == [(1,)]


# ------------------------------------------------------------------ the root command


def test_version(coach) -> None:
    result = coach("--version")
    assert result.exit_code == 0
    assert result.stdout == f"coach {__version__}\n"


def test_python_dash_m_is_the_same_program(coach_proc) -> None:
    result = coach_proc("--version")
    assert result.returncode == 0
    assert result.stdout == f"coach {__version__}\n"
    result = coach_proc("client", "add", "Alice")
    assert (result.returncode, result.stdout) == (0, "Added client Alice (id 1).\n")


def test_no_arguments_shows_help(coach_proc) -> None:
    result = coach_proc()
    assert "Usage" in result.stdout + result.stderr
    assert "client" in result.stdout + result.stderr


def test_user_errors_are_one_line_exit_1_no_traceback(coach_proc, db_path: Path) -> None:
    coach_proc("client", "add", "Alice")
    result = coach_proc("client", "show", "Alcie")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        "Error: no client named 'Alcie'; did you mean 'Alice'? "
        "(all clients: coach client list; a new one: coach client add NAME)\n"
    )


@pytest.mark.parametrize(
    "args",
    [
        ("client", "add"),  # missing NAME
        ("client", "frobnicate"),
        ("client", "list", "--format", "yaml"),
        ("client", "add", "Alice", "--colour", "red"),
        ("nonsense",),
    ],
)
def test_usage_errors_exit_2_and_write_nothing(coach_proc, db_path: Path, args: tuple[str, ...]) -> None:
    result = coach_proc(*args)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert not db_path.exists()


def test_broken_pipe_is_quiet(db_path: Path) -> None:
    """``coach client list | head -n 1``: the reader leaves early; no traceback, exit 0."""
    from coachcli.store import Database

    with Database.open(db_path) as store, store.write("seed") as tx:
        for i in range(120):  # ~1.2 MB of output: far more than a pipe holds
            tx.insert("clients", {"name": f"Client {i:03d}", "note": "n" * 10_000})
    proc = subprocess.Popen(
        [sys.executable, "-m", "coachcli", "client", "list", "-f", "text", "--db", str(db_path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    assert proc.stderr is not None
    assert proc.stdout.read(8) == b"Clients\n"
    proc.stdout.close()  # the reader goes away while coach is still writing
    err = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 0
    assert err == b""


def test_names_match_case_insensitively_beyond_ascii(coach, db_path: Path) -> None:
    assert coach("client", "add", "Zoë").exit_code == 0
    before = snapshot(db_path)
    assert_user_error(coach("client", "add", "ZOË"), "a client named 'Zoë' already exists")
    assert snapshot(db_path) == before
    result = coach("goal", "add", "Swim", "-c", "ZOË")
    assert result.exit_code == 0
    assert "for Zoë" in result.stdout
    assert rows(db_path, "SELECT count(*) FROM clients") == [(1,)]
    assert coach("client", "rename", "zoË", "Zoé").stdout == "Renamed zoË to Zoé.\n"


def test_main_turns_a_broken_pipe_into_a_quiet_exit(monkeypatch: pytest.MonkeyPatch) -> None:
    """The handler behind ``coach log | head``, exercised directly (some kernels hand a
    blocked writer a short write instead of EPIPE, so the pipe test cannot force it)."""
    import io

    import coachcli.cli as cli

    def reader_went_away(**_: object) -> None:
        raise BrokenPipeError

    err = io.StringIO()
    monkeypatch.setattr(cli, "build_app", lambda command=None: reader_went_away)
    monkeypatch.setattr(sys, "argv", ["coach", "log"])
    monkeypatch.setattr(sys, "stderr", err)
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 0  # EXIT_PIPE_CLOSED, the same for every command
    assert err.getvalue() == ""  # the reader chose to stop: nothing to say about it


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("client", "add", "Alice"), "Added client Alice (id 1).\n"),
        (("init",), "Created: "),
        (("undo",), "Nothing to undo.\n"),
        (("db", "path"), ""),
    ],
)
def test_the_app_built_for_one_command_runs_it(db_path: Path, args: tuple[str, ...], expected: str) -> None:
    """``coach X`` builds only the module that defines X; that app must behave the same."""
    from typer.testing import CliRunner

    from coachcli.cli import build_app

    result = CliRunner().invoke(build_app(args[0]), list(args),
                                env={"COACH_DB": str(db_path), "COACH_TODAY": "2026-11-18"})
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(expected)


def test_the_app_built_for_one_command_reports_errors_the_same_way(db_path: Path) -> None:
    from typer.testing import CliRunner

    from coachcli.cli import build_app

    result = CliRunner().invoke(build_app("done"), ["done", "3"],
                                env={"COACH_DB": str(db_path), "COACH_TODAY": "2026-11-18"})
    assert result.exit_code == 1
    assert result.stderr == "Error: no step with id 3 (list them with: coach step list --all)\n"


def test_unknown_module_attributes_are_errors() -> None:
    import coachcli.cli as cli

    with pytest.raises(AttributeError):
        cli.no_such_thing


def test_a_bad_pinned_clock_in_process(coach) -> None:
    result = coach("goal", "add", "x", COACH_TODAY="tomorrow-ish")
    assert result.exit_code == 1
    assert result.stderr == "Error: COACH_TODAY must be YYYY-MM-DD, got 'tomorrow-ish'\n"
