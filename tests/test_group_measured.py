"""A measured shared challenge: "at least 20 km/week" for every member, and the group's total.

Four members share "Run" (at least 20 km a week) from Monday 2026-11-02. Ana
shares her name as "Blue Fox", Bo his own, Cy totals (the default), Dee
nothing. Peers read how many met it and what the group ran together; a
member's own amount only at ``named``, never for a sensitive challenge.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from coachcli.domain.groups import measured_target, met
from coachcli.domain.measure import parse_measure
from helpers import Coach, as_json, assert_user_error, rows, snapshot
from helpers import ok_words as _ok

START = "2026-11-02"  # a Monday
SUNDAY = "2026-11-08"
TODAY = "2026-11-22"
#: km by member and day in the first week: Ana 24, Bo 12, Cy 0, Dee 25.
KM = {"Ana": {"2026-11-02": "6", "2026-11-04": "6", "2026-11-06": "6", "2026-11-08": "6"},
      "Bo": {"2026-11-03": "5.5", "2026-11-07": "6.5"},
      "Dee": {"2026-11-08": "25"}}


@pytest.fixture
def runners(db_path: Path) -> Coach:
    coach = Coach(db_path, START)
    _ok(coach("group", "add", "Runners"))
    for name in ("Ana", "Bo", "Cy", "Dee"):
        _ok(coach("client", "add", name))
        _ok(coach("group", "join", "Runners", name))
    _ok(coach("group", "step", "Runners", "Run", "--at-least", "20 km/week"))
    _ok(coach("group", "consent", "Runners", "Ana", "named", "--as", "Blue Fox"))
    _ok(coach("group", "consent", "Runners", "Bo", "named"))
    _ok(coach("group", "consent", "Runners", "Dee", "none"))
    for name, days in KM.items():
        for day, km in days.items():
            _ok(coach("done", "Run", "-c", name, "--on", day, "--amount", km, today=TODAY))
    return coach


def _report(coach: Coach, *args: str, group: str = "Runners") -> dict[str, Any]:
    return as_json(coach("report", "--group", group, "--format", "json", *args, today=TODAY))  # type: ignore[return-value]


def test_each_member_gets_a_measured_step_they_log_amounts_of(runners: Coach) -> None:
    assert runners.db is not None
    copies = rows(runners.db, "SELECT c.name, s.schedule FROM group_steps x JOIN steps s ON s.id = x.step_id"
                              " JOIN goals g ON g.id = s.goal_id JOIN clients c ON c.id = g.client_id"
                              " ORDER BY c.name")
    assert copies == [(n, "at least 20 km/week") for n in ("Ana", "Bo", "Cy", "Dee")]
    # Each copy is a measured step of the member's own: their page says what is left of the week.
    said = _ok(runners("done", "Run", "-c", "Cy", "--on", "2026-11-09", "--amount", "8", today=TODAY))
    assert "8 of 20 km that week" in said


def test_peers_read_how_many_met_it_and_the_groups_total_never_a_member_sharing_none(runners: Coach) -> None:
    report = _report(runners, "--week", "2026-W45")
    week = report["weeks"][-1]
    # Dee (none) ran 25 km: in no figure. Ana 24 met it; Bo 12 and Cy 0 did not.
    assert (week["members"], week["did"], week["amount"]) == (3, 1, 36.0)
    assert report["challenge"]["measure"] == {"kind": "at_least", "target": 20.0, "unit": "km",
                                              "period": "week"}
    assert report["celebrations"] == ["Blue Fox"]
    assert report["celebrated_amounts"] == [24.0]
    text = _ok(runners("report", "--group", "Runners", "--week", "2026-W45", "--format", "text", today=TODAY))
    assert "1 of 3 members met the challenge in the week to 08 Nov." in text
    assert "Together, the group logged 36 km in the week to 08 Nov." in text
    assert "Blue Fox: 24 km in the week, the challenge met." in text
    for hidden in ("Ana", "Dee", "Cy", "25", "61", "12 km"):
        assert hidden not in text, hidden


def test_the_total_and_trend_against_the_week_before(runners: Coach) -> None:
    _ok(runners("done", "Run", "-c", "Cy", "--on", "2026-11-10", "--amount", "21", today=TODAY))
    _ok(runners("done", "Run", "-c", "Bo", "--on", "2026-11-12", "--amount", "20", today=TODAY))
    report = _report(runners, "--week", "2026-W46")
    assert [(w["did"], w["amount"]) for w in report["weeks"]] == [(1, 36.0), (2, 41.0)]
    assert report["celebrations"] == ["Bo"]  # Ana ran nothing that week; Cy met it at totals
    text = _ok(runners("report", "--group", "Runners", "--week", "2026-W46", "--format", "text", today=TODAY))
    assert "2 of 3 members met the challenge in the week to 15 Nov, up from 1 of 3 the week before." in text
    assert "Together, the group logged 41 km in the week to 15 Nov (36 km the week before)." in text


def test_the_coach_view_adds_each_members_amount_and_target(runners: Coach) -> None:
    report = _report(runners, "--week", "2026-W45", "--coach")
    cells = {m["name"]: m["weeks"][-1] for m in report["members"]}
    assert {n: (c["amount"], c["target"], c["did"]) for n, c in cells.items()} == {
        "Ana": (24.0, 20.0, True), "Bo": (12.0, 20.0, False), "Cy": (0.0, 20.0, False),
        "Dee": (25.0, 20.0, True)}
    text = _ok(runners("report", "--group", "Runners", "--week", "2026-W45", "--coach", "--format", "text",
                       today=TODAY))
    assert "25/20" in text
    assert "km logged / the week's target" in text


def test_every_format_says_the_total_and_the_summary_too(runners: Coach, tmp_path: Path) -> None:
    for fmt in ("markdown", "text"):
        for extra in ((), ("--summary",)):
            page = _ok(runners("report", "--group", "Runners", "--week", "2026-W45", "--format", fmt, *extra,
                               today=TODAY))
            assert "Together, the group logged 36 km in the week to 08 Nov." in page, (fmt, extra)
            assert ("Together (km)" in page) is not bool(extra)
    out = tmp_path / "runners.html"
    _ok(runners("report", "--group", "Runners", "--week", "2026-W45", "-o", str(out), "--quiet", today=TODAY))
    html = out.read_text(encoding="utf-8")
    assert "Together, the group logged 36 km in the week to 08 Nov." in html
    assert "<td>36</td>" in html
    assert "Blue Fox" in html
    assert "Dee" not in html


def test_a_member_joining_mid_week_is_asked_their_share_of_it(runners: Coach) -> None:
    _ok(runners("client", "add", "Eli", today="2026-11-05"))
    _ok(runners("group", "join", "Runners", "Eli", today="2026-11-05"))  # Thursday: 4 of 7 days
    _ok(runners("done", "Run", "-c", "Eli", "--on", "2026-11-07", "--amount", "11.5", today=TODAY))
    report = _report(runners, "--week", "2026-W45", "--coach")
    eli = next(m for m in report["members"] if m["name"] == "Eli")["weeks"][-1]
    assert eli["target"] == pytest.approx(20 * 4 / 7)
    assert eli["did"] is True  # 11.5 km of 11.43
    assert report["weeks"][-1]["did"] == 2


def test_a_sensitive_measured_challenge_shows_totals_never_a_member(runners: Coach) -> None:
    _ok(runners("group", "step", "Runners", "Drinks", "--at-most", "14 drinks/week", "--sensitive",
                "--start", "2026-11-09", today="2026-11-09"))
    for name, n in (("Ana", "3"), ("Bo", "9"), ("Cy", "20")):
        _ok(runners("done", "Drinks", "-c", name, "--on", "2026-11-10", "--amount", n, today=TODAY))
    report = _report(runners, "--week", "2026-W46", "--coach")
    assert report["weeks"][-1]["amount"] == 32.0
    assert report["weeks"][-1]["did"] == 2  # Ana and Bo kept within 14; Cy did not; Dee shares nothing
    assert report["celebrations"] == []
    assert report["celebrated_amounts"] == []
    peers = _ok(runners("report", "--group", "Runners", "--week", "2026-W46", "--format", "text",
                        today=TODAY))
    assert "2 of 3 members kept within the challenge" in peers
    assert "Together, the group logged 32 drinks" in peers
    assert "Blue Fox" not in peers
    assert "Worth celebrating" not in peers


def test_at_most_silence_is_not_a_week_kept_within() -> None:
    most = parse_measure("2 drinks/day", "at_most")
    # A week asks 2 a day: 14; nothing logged is unknown, not within.
    assert measured_target(most, date(2026, 11, 2), date(2026, 11, 2), date(2026, 11, 8)) == 14.0
    assert not met(most, 0.0, 14.0, days=7, logged=0)
    assert met(most, 0.0, 14.0, days=7, logged=7)
    assert not met(most, 14.5, 14.0, days=7, logged=3)
    zero = parse_measure("0 cigarettes/day", "at_most")
    assert met(zero, 0.0, 0.0, days=7, logged=1)


def test_a_months_share_is_by_its_own_length() -> None:
    month = parse_measure("30 pages/month", "at_least")
    # 28 Nov..4 Dec: 3 of November's 30 days, 4 of December's 31.
    got = measured_target(month, date(2026, 11, 1), date(2026, 11, 28), date(2026, 12, 4))
    assert got == pytest.approx(30 * 3 / 30 + 30 * 4 / 31)
    week = parse_measure("20 km/week", "at_least")
    # A 7-day week from a Thursday spans two ISO weeks: 4/7 + 3/7 of 20 is 20.
    got = measured_target(week, date(2026, 11, 1), date(2026, 11, 5), date(2026, 11, 11))
    assert got == pytest.approx(20)
    # Nothing before the anchor.
    assert measured_target(week, date(2026, 11, 9), date(2026, 11, 2), date(2026, 11, 8)) == 0.0


def test_a_withdrawal_takes_a_named_members_amount_off_every_page(runners: Coach) -> None:
    _ok(runners("group", "consent", "Runners", "Ana", "none", today=TODAY))
    report = _report(runners, "--week", "2026-W45")
    assert (report["weeks"][-1]["members"], report["weeks"][-1]["amount"]) == (2, 12.0)
    assert report["celebrations"] == []
    assert report["celebrated_amounts"] == []


@pytest.mark.parametrize("extra", [(), ("--coach",), ("--summary",)])
def test_the_measured_reports_json_validates_against_its_schema(runners: Coach,
                                                                 extra: tuple[str, ...]) -> None:
    import jsonschema

    schema = json.loads((Path(__file__).parents[1] / "src" / "coachcli" / "group-report.schema.json")
                        .read_text(encoding="utf-8"))
    for week in ("2026-W45", "2026-W47"):
        jsonschema.Draft202012Validator(schema).validate(_report(runners, "--week", week, *extra))


def test_a_challenge_is_planned_one_way_and_a_bad_measure_changes_nothing(runners: Coach) -> None:
    assert runners.db is not None
    before = snapshot(runners.db)
    none = runners("group", "step", "Runners", "Swim")
    assert none.exit_code == 2
    assert "give the challenge a plan: --every RULE, or --at-least/--at-most TARGET" in none.stderr
    both = runners("group", "step", "Runners", "Swim", "--every", "daily", "--at-least", "1 km/day")
    assert_user_error(both,
                      "a step is planned one way")
    assert_user_error(runners("group", "step", "Runners", "Swim", "--at-least", "lots"),
                      "is not an amount per day, week or month")
    assert snapshot(runners.db) == before


def test_the_measured_pages_use_no_judging_words(runners: Coach) -> None:
    from test_lexicon import BANNED

    _ok(runners("group", "step", "Runners", "Drinks", "--at-most", "14 drinks/week", "--start", "2026-11-09",
                today="2026-11-09"))
    _ok(runners("done", "Drinks", "-c", "Bo", "--on", "2026-11-10", "--amount", "20", today=TODAY))
    for args in (("--week", "2026-W45"), ("--week", "2026-W46"), ("--week", "2026-W46", "--coach")):
        for fmt in ("text", "markdown"):
            page = _ok(runners("report", "--group", "Runners", *args, "--format", fmt, today=TODAY))
            assert not BANNED.search(page), page
