"""Inline SVG charts of one step as a habit: its calendar of days and its score week by week.

They share the report charts' scale, type and colours (:mod:`coachcli.render.charts`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

from coachcli.render.charts import BANDS, GRID, INK, MUTED, svg, text, week_label

#: The calendar's colour for each state of a day (domain/habit.py STATES), and its words.
DAY_COLOURS: dict[str, tuple[str, str]] = {
    "done": (BANDS[0][2], "done"),
    "missed": (BANDS[2][2], "missed"),
    "open": ("#dfe5ec", "planned, not logged"),
    "skipped": ("#ffffff", "set aside"),
    "pending": ("#ffffff", "today"),
    "free": ("#f2f5f8", "any day counts"),
    # A measured step's days: a day period judged, or a day of a week or month period.
    "met": (BANDS[0][2], "reached"),
    "within": (BANDS[0][2], "within the limit"),
    "short": (BANDS[2][2], "short of it"),
    "over": (BANDS[2][2], "over the limit"),
    "unknown": ("#ffffff", "not logged"),
    "logged": (BANDS[0][2], "logged"),
    "unlogged": ("#f2f5f8", "nothing logged that day"),
}
#: Days that were planned and judged, and those of them that went as planned.
_JUDGED = ("done", "missed", "open", "met", "short", "within", "over")
_GOOD = ("done", "met", "within")


def calendar_chart(days: Sequence[tuple[date, str]], title: str) -> str:
    """A heatmap of days: a column a week (Monday on top), a square a day, coloured by its state."""
    cell, gap, left, top = 13, 3, 30, 16
    weeks = [days[i:i + 7] for i in range(0, len(days), 7)]
    width = left + len(weeks) * (cell + gap) + 2
    height = top + 7 * (cell + gap) + 2
    body = []
    for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri"), (6, "Sun")):
        body.append(text(left - 5, top + row * (cell + gap) + cell - 3, name, anchor="end", size=10))
    last_label = -99.0
    for k, week in enumerate(weeks):
        x = left + k * (cell + gap)
        # A month is named over the week holding its 1st (the first week: its own month).
        first = next((d for d, _ in week if d.day == 1), week[0][0] if k == 0 else None)
        if first is not None and x - last_label >= 30 and x + 20 <= width:
            body.append(text(x, top - 5, f"{first:%b}", anchor="start", size=10))
            last_label = x
        for row, (_, state) in enumerate(week):
            y = top + row * (cell + gap)
            if state == "off":
                continue
            colour = DAY_COLOURS[state][0]
            edge = ""
            if state == "skipped":
                edge = f' stroke="{MUTED}" stroke-dasharray="2 2"'
            elif state == "unknown":  # silence is not success: drawn apart, as an outline
                edge = f' stroke="{MUTED}" stroke-dasharray="1 2"'
            elif state == "pending":
                edge = f' stroke="{INK}"'
            body.append(f'<rect class="day {state}" x="{x}" y="{y}" width="{cell}" height="{cell}" rx="2" '
                        f'fill="{colour}"{edge}/>')
    planned = sum(1 for _, s in days if s in _JUDGED)
    done = sum(1 for _, s in days if s in _GOOD)
    logged = sum(1 for _, s in days if s == "logged")
    said = (f"{done} of {planned} planned days done" if planned
            else f"{logged} days logged" if logged else f"{done} days done")
    first_day = days[0][0] if days else None
    since = f" since {first_day:%-d %b %Y}" if first_day else ""
    return svg(width, height, f"{title}: calendar, {said}{since}", body, kind="calendar",
                largest=round(width * 1.25))


def calendar_legend(states: set[str]) -> str:
    """What the calendar's colours mean, for the states the page shows."""
    items = []
    for state, (colour, words) in DAY_COLOURS.items():
        if state in states:
            border = "1.5px dashed #66788a" if state == "skipped" else "1.5px dotted #66788a" if (
                state == "unknown") else (
                "1.5px solid #1f2933" if state == "pending" else "1px solid #e3e8ee")
            items.append(f'<li><span class="swatch day {state}" style="background:{colour};'
                         f'border:{border}"></span>{escape(words)}</li>')
    return f'<ul class="legend" aria-label="What the calendar colours mean">{"".join(items)}</ul>'


def score_chart(scores: Sequence[int], weeks: Sequence[tuple[date, date]], title: str) -> str:
    """The habit score (0-100) at the end of each week, as a line, the newest labelled."""
    width, height = 300, 110
    left, right, top, bottom = 30, 30, 12, 22
    plot_w, plot_h = width - left - right, height - top - bottom
    body = []
    for level in (0, 50, 100):
        y = top + plot_h * (1 - level / 100)
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        body.append(text(left - 4, y + 3, str(level), anchor="end", size=9))
    n = len(scores)
    step = plot_w / max(n - 1, 1)
    points = [(left + step * i, top + plot_h * (1 - s / 100)) for i, s in enumerate(scores)]
    if len(points) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        body.append(f'<polyline points="{path}" fill="none" stroke="{BANDS[1][2]}" stroke-width="2"/>')
    for x, y in points[-1:]:
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{BANDS[1][2]}"/>')
        body.append(text(x + 5, y + 4, str(scores[-1]), anchor="start", size=11, fill=INK, bold=True))
    if weeks:
        body.append(text(left, height - 6, week_label(weeks[0][0]), anchor="start", size=9))
        body.append(text(width - right, height - 6, week_label(weeks[-1][0]), anchor="end", size=9,
                          fill=INK))
    said = ", ".join(f"{week_label(s)} {v}" for v, (s, _) in zip(scores, weeks, strict=True))
    return svg(width, height, f"{title}: habit score each week, {said}", body, kind="score")
