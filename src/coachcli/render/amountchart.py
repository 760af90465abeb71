"""The HTML page's chart of a measured step: the amount of each period, its target as a line.

Each bar is one period's amount (a day, an ISO week or a month), coloured by its
credit on the charts' one scale; the period's target is a dark line across its
slot (a period cut short asks for its share, so the line can move). A period
that says nothing (at most, nothing logged) is drawn apart: an empty dashed
outline marked "?", never a bar of 0. The period under way is shaded, as the
report's week is on the other charts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from coachcli.domain.logged import format_amount
from coachcli.domain.measure import Measure, MeasurePeriod
from coachcli.render.charts import INK, MUTED, NONE, SHADE, _svg, _text, band

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
TARGET = "#1f2933"


def nice_step(x: float) -> float:
    """The gridline step at or above ``x`` among 1, 2, 2.5 and 5 times a power of ten."""
    power = 10.0 ** math.floor(math.log10(x)) if x > 0 else 1.0
    for m in (1.0, 2.0, 2.5, 5.0, 10.0):
        if m * power >= x - 1e-12:
            return m * power
    return 10 * power  # pragma: no cover - 10 x power always is


def period_label(p: MeasurePeriod, *, short: bool = False) -> str:
    """``Mon 30`` (``30`` when ``short``), ``W49``, ``Dec``: short enough for a phone."""
    if p.start == p.end:
        return str(p.start.day) if short else f"{_DAYS[p.start.weekday()]} {p.start.day}"
    if (p.end - p.start).days == 6:
        return f"W{p.start.isocalendar()[1]:02d}"
    return f"{p.start:%b}"


def amount_chart(periods: Sequence[MeasurePeriod], measure: Measure, today: date, title: str) -> str:
    """Bars of each period's amount, the target as a line, unknown periods drawn apart."""
    width, height = 420, 170
    left, right, top, bottom = 38, 6, 20, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    shown = [p for p in periods if p.planned] or list(periods[-1:])
    gap = nice_step(max([*(p.amount for p in shown), *(p.target for p in shown), 1.0]) * 1.05 / 4)
    top_value = gap * 4
    slot = plot_w / max(len(shown), 1)
    bar = min(slot * 0.6, 48.0)
    body: list[str] = []
    for level in (0.0, 0.25, 0.5, 0.75, 1.0):
        y = top + plot_h * (1 - level)
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e8ee"/>')
        body.append(_text(left - 4, y + 3, format_amount(top_value * level), anchor="end", size=9))
    said = []
    for i, p in enumerate(shown):
        x = left + slot * i + (slot - bar) / 2
        mid = x + bar / 2
        state = p.state(today)
        if state == "under_way":
            body.insert(0, f'<rect x="{left + slot * i:.1f}" y="{top - 14}" width="{slot:.1f}" '
                        f'height="{plot_h + 14 + 26}" fill="{SHADE}"/>')
        if state == "unknown" or (state == "under_way" and p.logged == 0 and p.kind == "at_most"):
            body.append(f'<rect x="{x:.1f}" y="{top + plot_h * 0.35:.1f}" width="{bar:.1f}" '
                        f'height="{plot_h * 0.65:.1f}" fill="none" stroke="{NONE[1]}" stroke-width="1.5" '
                        'stroke-dasharray="3 3" class="unknown"/>')
            body.append(_text(mid, top + plot_h * 0.7, "?", size=12, fill=MUTED, bold=True))
            said.append(f"{period_label(p)} not logged")
        else:
            h = plot_h * p.amount / top_value
            _, colour = band(p.credit if state != "under_way" else None)
            body.append(f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar:.1f}" '
                        f'height="{max(h, 1):.1f}" rx="1.5" fill="{colour}"/>')
            body.append(_text(mid, top + plot_h - h - 3, format_amount(p.amount), size=9, fill=INK))
            said.append(f"{period_label(p)} {format_amount(p.amount)} of {format_amount(p.target)}")
        ty = top + plot_h * (1 - p.target / top_value)
        body.append(f'<line x1="{left + slot * i + 2:.1f}" x2="{left + slot * (i + 1) - 2:.1f}" '
                    f'y1="{ty:.1f}" y2="{ty:.1f}" stroke="{TARGET}" stroke-width="2" class="target"/>')
        body.append(_text(mid, height - 12, period_label(p, short=len(shown) > 7), size=9,
                          fill=INK if state == "under_way" else MUTED))
    label = (f"{title}, {measure.describe()}: amount each {measure.period} against its target, "
             + ", ".join(said))
    return _svg(width, height, label, body, kind="goal")
