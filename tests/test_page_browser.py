"""The HTML report laid out by a real browser, at a phone's width and a desktop's.

A headless Chromium (Debian's package, installed by ``.ci/run``) opens the page
at 390 and 1280 CSS pixels: nothing scrolls sideways, every chart's labels are
inside the chart and the viewport, tables keep to their own box, and no title
is squeezed to one word a line. Skipped, with the reason, where no browser is
installed (``$CHROMIUM`` names one elsewhere).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser import Browser, find_browser
from conftest import DEMO_TODAY
from helpers import Coach, restore

WIDTHS = (390, 1280)

#: What the page looks like to a reader, measured in the browser's own layout.
MEASURE = """(() => {
  const root = document.documentElement, vw = root.clientWidth;
  const out = {vw, inner: window.innerWidth, scrollWidth: root.scrollWidth, outside: [], clipped: [],
               squeezed: [], charts: 0, wideTables: [], hiddenCells: []};
  for (const svg of document.querySelectorAll('svg.chart')) {
    out.charts += 1;
    const box = svg.getBoundingClientRect();
    for (const t of svg.querySelectorAll('text')) {
      const r = t.getBoundingClientRect();
      if (r.left < -0.5 || r.right > vw + 0.5) out.outside.push([t.textContent, r.left, r.right]);
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5
          || r.bottom > box.bottom + 0.5) out.clipped.push([t.textContent, r.left, r.right]);
    }
  }
  for (const el of document.querySelectorAll('h1, h2, td.title, figcaption, th')) {
    const words = el.textContent.trim().split(/\\s+/).length;
    const range = document.createRange();
    range.selectNodeContents(el);
    const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
    if (words >= 3 && lines >= words) out.squeezed.push([el.textContent.trim(), lines]);
  }
  for (const box of document.querySelectorAll('table')) {
    const holder = box.parentElement.getBoundingClientRect();
    if (holder.right > vw + 0.5) out.wideTables.push(box.id || box.textContent.slice(0, 40));
    for (const cell of box.querySelectorAll('td, th')) {
      const r = cell.getBoundingClientRect();
      if (r.width > 0 && r.right > vw + 0.5) out.hiddenCells.push(cell.textContent.slice(0, 40));
    }
  }
  return out;
})()"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    path = find_browser()
    if path is None:
        pytest.skip("no Chromium on this machine (apt-get install chromium, or set $CHROMIUM)")
    b = Browser(path)
    try:
        yield b
    finally:
        b.close()


def _self_tracker(db: Path) -> Coach:
    """Someone who began tracking themselves two and a half weeks ago, with long titles, as a phone shows."""
    coach = Coach(db, "2026-11-24")
    for args in (
        ("goal", "add", "Sleep better and wake up rested before work", "--on", "2026-11-06"),
        ("step", "add", "1", "Screens off by 22:30 in the bedroom", "--every", "daily",
         "--start", "2026-11-06"),
        ("step", "add", "1", "No coffee after noon", "--every", "weekdays", "--start", "2026-11-06"),
        ("goal", "add", "Move more", "--on", "2026-11-06"),
        ("step", "add", "2", "Walk 30 minutes", "--every", "3/week", "--start", "2026-11-06"),
    ):
        assert coach(*args).exit_code == 0
    for day in ("2026-11-07", "2026-11-08", "2026-11-10", "2026-11-12", "2026-11-13", "2026-11-16",
                "2026-11-17"):
        assert coach("done", "1", "--on", day).exit_code == 0
        assert coach("done", "3", "--on", day).exit_code == 0
    assert coach("missed", "2", "--on", "2026-11-11").exit_code == 0
    return coach


@pytest.fixture(scope="module")
def pages(demo_caseload: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    where = tmp_path_factory.mktemp("pages")
    db = where / "demo.db"
    restore(demo_caseload, db)
    demo = Coach(db, DEMO_TODAY)
    found = {}
    result = demo("report", "--all", "--week", "last", "-o", str(where / "caseload.html"))
    assert result.exit_code == 0, result.stderr
    found["caseload"] = where / "caseload.html"
    me = _self_tracker(where / "me.db")
    result = me("report", "--week", "last", "-o", str(where / "me.html"))
    assert result.exit_code == 0, result.stderr
    found["me"] = where / "me.html"
    return found


def _measure(browser: Browser, page: Path, width: int) -> dict[str, Any]:
    browser.open(page, width, mobile=width < 600)
    found: dict[str, Any] = browser.evaluate(MEASURE)
    return found


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["caseload", "me"])
def test_the_page_fits_the_screen_without_sideways_scrolling(
    browser: Browser, pages: dict[str, Path], name: str, width: int
) -> None:
    m = _measure(browser, pages[name], width)
    # A page wider than the screen widens a phone's layout viewport (it zooms out, or scrolls).
    assert m["inner"] == width, f"laid out {m['inner']} px wide on a {width} px screen"
    assert m["scrollWidth"] <= m["vw"], f"the page scrolls sideways: {m['scrollWidth']} > {m['vw']}"
    assert m["charts"] > 0
    assert m["outside"] == [], "chart labels outside the viewport"
    assert m["clipped"] == [], "chart labels cut off at the chart's edge"
    assert m["wideTables"] == [], "a table's box is wider than the screen"
    assert m["hiddenCells"] == [], "table columns off the screen's edge"
    assert m["squeezed"] == [], "titles wrapped one word a line"


def test_a_new_tracker_s_chart_shows_the_weeks_they_tracked(browser: Browser, pages: dict[str, Path]) -> None:
    """Two and a half weeks of tracking: the chart's bars are those weeks, filling its width."""
    browser.open(pages["me"], 390, mobile=True)
    weeks = browser.evaluate(
        "[...document.querySelectorAll('svg.chart.client text')].map(t => t.textContent)"
        ".filter(s => /^W\\d\\d$/.test(s))")
    assert weeks == ["W45", "W46", "W47"]
    # The bars fill the chart: the first week's label sits in its left third.
    left = browser.evaluate(
        "(() => { const svg = document.querySelector('svg.chart.client').getBoundingClientRect();"
        " const t = [...document.querySelectorAll('svg.chart.client text')]"
        ".find(t => t.textContent === 'W45').getBoundingClientRect();"
        " return (t.left - svg.left) / svg.width; })()")
    assert left < 1 / 3
