"""The HTML report reads without a mouse: parsed as a browser would, on the demo caseload.

html.parser walks the page: it is well formed, needs nothing from a network,
every link inside it lands on something, and each chart says its figures in
text (week labels, scale, values, the report's week) with the colours the
legend names.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from coachcli.render.charts import BANDS, NONE, band, week_label
from conftest import DEMO_TODAY
from helpers import Coach, restore

TODAY = DEMO_TODAY
VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "source", "wbr"}


class Page(HTMLParser):
    """The page's elements as (tag, attrs, text inside), checking nesting as it goes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, dict[str, str]]] = []
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.texts: list[tuple[tuple[str, ...], dict[str, str], str]] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        self.elements.append((tag, found))
        if tag not in VOID:
            self.open.append((tag, found))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1][0] != tag:
            self.errors.append(f"</{tag}> closes {self.open[-1][0] if self.open else 'nothing'}")
            return
        self.open.pop()

    def handle_data(self, data: str) -> None:
        if data.strip() and self.open:
            self.texts.append((tuple(t for t, _ in self.open), self.open[-1][1], data))


@pytest.fixture(scope="module")
def report(demo_caseload: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any], Page]:
    db = tmp_path_factory.mktemp("copy") / "demo.db"
    restore(demo_caseload, db)
    coach = Coach(db, TODAY)

    def run(*args: str) -> str:
        result = coach(*args)
        assert result.exit_code == 0, result.stderr
        return result.stdout

    html = run("report", "--all", "--week", "last", "-f", "html")
    doc = json.loads(run("report", "--all", "--week", "last", "-f", "json"))
    page = Page()
    page.feed(html)
    page.close()
    return html, doc, page


def test_the_page_is_well_formed(report) -> None:  # type: ignore[no-untyped-def]
    html, _, page = report
    assert html.startswith("<!DOCTYPE html>\n")
    assert page.errors == []
    assert page.open == []  # every element closed
    ids = [a["id"] for _, a in page.elements if "id" in a]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]


def test_the_page_is_self_contained(report) -> None:  # type: ignore[no-untyped-def]
    html, _, page = report
    tags = {t for t, _ in page.elements}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed"}
    for tag, attrs in page.elements:
        for name in ("src", "href", "action", "srcset", "poster"):
            value = attrs.get(name, "")
            assert not value or value.startswith("#"), (tag, name, value)  # nothing but the page itself
    assert not re.search(r"url\(|@import|https?://(?!www\.w3\.org/2000/svg)", html)


def test_every_link_lands_on_the_page(report) -> None:  # type: ignore[no-untyped-def]
    _, doc, page = report
    ids = {a["id"] for _, a in page.elements if "id" in a}
    links = [a["href"] for t, a in page.elements if t == "a"]
    assert links
    assert {h[1:] for h in links} <= ids
    # The caseload table links each client to their section, in the caseload's order.
    caseload = [(a["href"], text) for path, a, text in page.texts
                if path[-1] == "a" and "td" in path and a.get("href", "").startswith("#client-")]
    assert [name for _, name in caseload] == [c["name"] for c in doc["clients"]]
    sections = {a["id"]: a for t, a in page.elements if t == "section"}
    assert {href[1:] for href, _ in caseload} == set(sections)


def charts(html: str, kind: str) -> list[tuple[str, list[tuple[str, bool, str]]]]:
    """(aria-label, [(text, bold, fill)]) for each chart of ``kind`` ("goal" or "client")."""
    found = []
    svg = r'<svg class="chart ([a-z]+)" role="img" aria-label="([^"]*)".*?</svg>'
    for m in re.finditer(svg, html, re.DOTALL):
        if m[1] != kind:
            continue
        label = m[2]
        texts = [(t, 'font-weight="700"' in attrs, re.search(r'fill="([^"]+)"', attrs)[1])  # type: ignore[index]
                 for attrs, t in re.findall(r"<text([^>]*)>([^<]*)</text>", m[0])]
        found.append((label, texts))
    return found


def _shown(client: dict[str, Any]) -> int:
    """How many trend weeks the client's charts show: from the first with anything planned or done."""
    planned = [sum(w) for w in zip(*(g["trend_expected"] for g in client["goals"]), strict=True)]
    done = [sum(w) for w in zip(*(g["trend_done"] for g in client["goals"]), strict=True)]
    first = next((i for i, (p, d) in enumerate(zip(planned, done, strict=True)) if p or d), len(planned) - 1)
    return len(planned) - first


def test_each_goal_chart_has_weeks_a_scale_the_values_and_its_week_marked(report) -> None:  # type: ignore[no-untyped-def]
    html, doc, _ = report
    goals = [(g, _shown(c)) for c in doc["clients"] for g in c["goals"]]
    found = charts(html, "goal")
    assert len(found) == len(goals)
    end = doc["window"]["end"]
    from datetime import date, timedelta

    last = date.fromisoformat(end)
    weeks = [week_label(last - timedelta(days=7 * k + 6)) for k in range(7, -1, -1)]
    assert weeks[-1] == "W47"
    for (g, n), (label, texts) in zip(goals, found, strict=True):
        words = [t for t, _, _ in texts]
        assert words[:3] == ["0%", "50%", "100%"]  # the scale
        # Every week shown is labelled; the weeks before the client began are not shown.
        assert [t for t in words if re.fullmatch(r"W\d\d", t)] == weeks[-n:]
        trend = g["trend"][-n:]
        values = [t for t in words[3:] if t.endswith("%")]
        assert values == [f"{round(100 * v)}%" for v in trend if v is not None]  # values printed
        assert words.count("–") == trend.count(None)  # nothing planned, said so
        bold = [t for t, b, _ in texts if b]
        assert "W47" in bold  # the report's week is marked ...
        assert not set(bold) & set(weeks[:-1])  # ... and no other
        assert g["title"] in label


def test_each_client_has_a_chart_of_done_against_planned_by_week(report) -> None:  # type: ignore[no-untyped-def]
    html, doc, _ = report
    found = charts(html, "client")
    assert len(found) == len(doc["clients"])
    for c, (label, texts) in zip(doc["clients"], found, strict=True):
        n = _shown(c)
        done = [sum(w) for w in zip(*(g["trend_done"] for g in c["goals"]), strict=True)][-n:]
        planned = [sum(w) for w in zip(*(g["trend_expected"] for g in c["goals"]), strict=True)][-n:]
        said = [t for t, _, _ in texts if re.fullmatch(r"\d+ of \d+|none", t)]
        assert said == [f"{d} of {p}" if p else "none" for d, p in zip(done, planned, strict=True)]
        assert c["name"] in label
        # The week ending the window is this report's: its figures match the client's own.
        assert (done[-1], planned[-1]) == (c["done"], c["expected"])


def test_a_new_tracker_s_charts_start_the_week_they_began(coach: Coach) -> None:
    """Ten days of tracking fill the chart: no "none" weeks from before the first step."""
    assert coach("goal", "add", "Sleep better", "--on", "2026-11-08").exit_code == 0
    added = coach("step", "add", "1", "Screens off", "--every", "daily", "--start", "2026-11-08")
    assert added.exit_code == 0
    assert coach("done", "1", "--on", "2026-11-10").exit_code == 0
    result = coach("report", "--week", "this", "-f", "html", today="2026-11-18")
    assert result.exit_code == 0, result.stderr
    (_, texts), = charts(result.stdout, "client")
    assert [t for t, _, _ in texts if re.fullmatch(r"W\d\d", t)] == ["W45", "W46", "W47"]
    assert "none" not in [t for t, _, _ in texts]
    assert "the last 3 weeks" in result.stdout


def test_charts_scale_to_their_box(report) -> None:  # type: ignore[no-untyped-def]
    """No chart has a fixed size: a viewBox and the page's CSS fit it to a phone or a desktop."""
    html, _, page = report
    svgs = [a for t, a in page.elements if t == "svg"]
    assert svgs
    for a in svgs:
        assert "width" not in a, a
        assert "height" not in a, a
        assert re.fullmatch(r"0 0 \d+ \d+", a["viewbox"])  # the parser lowers attribute names
    assert "svg.chart { display: block; width: 100%; height: auto; }" in html


def test_colours_mean_the_same_in_meters_bars_and_the_legend(report) -> None:  # type: ignore[no-untyped-def]
    html, doc, page = report
    legend = [a for t, a in page.elements if t == "span" and "swatch" in a.get("class", "")]
    assert {a["class"].split()[1] for a in legend} >= {css for _, css, _, _ in BANDS} | {NONE[0]}
    for _, css, colour, _ in BANDS:
        assert f".{css} {{ background: {colour}; }}" in html
    meters = [a["class"] for t, a in page.elements if t == "span" and a.get("style", "").startswith("width:")]
    shares = [c["adherence"] for c in doc["clients"] if c["adherence"] is not None]
    shares += [g["adherence"] for c in doc["clients"] for g in c["goals"] if g["adherence"] is not None]
    assert sorted(meters) == sorted(band(s)[0] for s in shares)
    # Each goal's bars are filled with the colour of their week's band.
    bars = re.findall(r'<rect x="[^"]+" y="[^"]+" width="[^"]+" height="[^"]+" rx="1.5" fill="([^"]+)"/>',
                      html)
    expected = [band(v)[1] for c in doc["clients"] for g in c["goals"] for v in g["trend"] if v is not None]
    assert bars == expected


def test_commitment_reads_like_win_and_obstacle(report) -> None:  # type: ignore[no-untyped-def]
    _, _, page = report
    labels = {text: a["class"] for path, a, text in page.texts if path[-1] == "span"
              and "label" in a.get("class", "").split() and "li" in path}
    assert {"Win", "Commitment"} <= set(labels)
    assert labels["Commitment"].split()[0] == labels["Win"].split()[0] == "label"


def test_print_gives_each_client_a_page(report) -> None:  # type: ignore[no-untyped-def]
    html, doc, page = report
    media = html[html.index("@media print"):]
    assert "body.caseload section.client, section.client + section.client { break-before: page; }" in media
    assert "print-color-adjust: exact" in media
    body = next(a for t, a in page.elements if t == "body")
    assert body.get("class") == "caseload"
    assert sum(1 for t, a in page.elements if t == "section" and a.get("class") == "client") == \
        len(doc["clients"])


def test_each_step_shown_has_its_calendar_and_score(report) -> None:  # type: ignore[no-untyped-def]
    """The per-step section: a calendar and a score line for every step the report lists."""
    html, doc, page = report
    steps = [s["id"] for c in doc["clients"] for g in c["goals"] for s in g["steps"]]
    assert steps
    figures = [a["id"] for t, a in page.elements if t == "figure" and a.get("id", "").startswith("habit-")]
    assert sorted(figures) == sorted(f"habit-{i}" for i in steps)
    for i in steps:
        card = html[html.index(f'<figure class=habit id="habit-{i}">'):]
        card = card[:card.index("</figure>")]
        assert card.count('<svg class="chart calendar"') == card.count('<svg class="chart score"') == 1
        assert re.search(r"Streak \d+ · best \d+ · habit score \d+", card)
    assert 'aria-label="What the calendar colours mean"' in html
