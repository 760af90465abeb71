"""Bare ``coach``: where things stand today when there is a database, else the help; exit 0."""

from __future__ import annotations

from pathlib import Path

from helpers import Coach


def test_bare_coach_without_a_database_prints_the_help_on_stdout(coach_proc, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = coach_proc()
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("Usage: coach [OPTIONS] COMMAND [ARGS]...")
    assert "agenda" in result.stdout  # the whole listing, not a part of it
    assert not db_path.exists()  # asking creates nothing


def test_bare_coach_with_a_database_shows_todays_agenda(coach: Coach, coach_proc) -> None:  # type: ignore[no-untyped-def]
    assert coach("goal", "add", "Sleep better").exit_code == 0
    assert coach("step", "add", "1", "Screens off", "--every", "daily").exit_code == 0
    result = coach_proc()
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == coach_proc("agenda").stdout
    assert result.stdout.startswith("Agenda for 2026-11-18\n")
    assert "Screens off (1)" in result.stdout
    assert coach().stdout == coach("agenda").stdout  # in-process, the same


def test_a_new_database_shows_an_empty_agenda_not_an_error(coach: Coach, coach_proc) -> None:  # type: ignore[no-untyped-def]
    assert coach("init").exit_code == 0
    for args in ((), ("agenda",)):
        result = coach_proc(*args)
        assert (result.returncode, result.stderr) == (0, ""), args
        assert result.stdout == "Agenda for 2026-11-18\nNothing due. Enjoy the day.\n"
