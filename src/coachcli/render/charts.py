"""Inline SVG charts for the HTML report, readable without a mouse and in print.

Every chart says its figures in text: week labels under the bars, the scale
beside them, each value above its bar, and the report's own week shaded. One
colour scale (:data:`BANDS`) is shared by the charts and the meters of the
tables, and the page shows it once as a legend.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

from coachcli.render.figures import pct

#: (lowest share done, CSS class, colour, legend words), highest first.
BANDS: tuple[tuple[float, str, str, str], ...] = (
    (0.8, "b-high", "#1e7f4f", "80% or more done"),
    (0.5, "b-mid", "#3b6fb6", "50-79%"),
    (0.0, "b-low", "#b86a00", "under 50%"),
)
#: A week with nothing planned.
NONE = ("b-none", "#c4ccd5", "nothing planned")
INK, MUTED, GRID, SHADE = "#1f2933", "#66788a", "#e3e8ee", "#eef3fa"


def band(share: float | None) -> tuple[str, str]:
    """The CSS class and colour for a share done (None: nothing planned)."""
    if share is None:
        return NONE[0], NONE[1]
    for low, css, colour, _ in BANDS:
        if share >= low:
            return css, colour
    return BANDS[-1][1], BANDS[-1][2]  # pragma: no cover - shares are never below 0


def week_label(start: date) -> str:
    """``W47`` for an ISO week, else the block's first day (``19 Nov``)."""
    if start.weekday() == 0:
        return f"W{start.isocalendar()[1]:02d}"
    return f"{start.day} {start:%b}"


def span(start: date, end: date) -> str:
    """``16-22 Nov``, or ``30 Nov-6 Dec`` across a month's end."""
    if start.month == end.month:
        return f"{start.day}-{end.day} {end:%b}"
    return f"{start.day} {start:%b}-{end.day} {end:%b}"


def _text(x: float, y: float, s: str, *, anchor: str = "middle", size: int = 10,
          fill: str = MUTED, bold: bool = False) -> str:
    weight = ' font-weight="700"' if bold else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
            f'fill="{fill}"{weight}>{escape(s)}</text>')


def _svg(width: int, height: int, label: str, body: list[str], *, kind: str,
         largest: int | None = None) -> str:
    """An SVG that scales to its box: a viewBox and no fixed size, so a phone shows it whole.

    The page's CSS (``svg.chart``) sets its width to 100% of its box, capped per ``kind``
    so that type does not grow past a comfortable size on a wide screen; ``largest``
    caps one whose width varies (a calendar of a few weeks) at that many pixels.
    """
    cap = f' style="max-width:{largest}px"' if largest is not None else ""
    return (f'<svg class="chart {kind}" role="img" aria-label="{escape(label, quote=True)}"{cap} '
            f'viewBox="0 0 {width} {height}" preserveAspectRatio="xMinYMin meet" '
            f'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif">{"".join(body)}</svg>')


def first_week(planned: Sequence[int], done: Sequence[int]) -> int:
    """The index of the first week with anything planned or done: the weeks before it are not shown.

    A new self-tracker's chart is about the weeks they tracked, not the empty ones
    before they began. Nothing at all planned or done: only the last week.
    """
    for i, (p, d) in enumerate(zip(planned, done, strict=True)):
        if p or d:
            return i
    return len(planned) - 1


def goal_chart(shares: Sequence[float | None], weeks: Sequence[tuple[date, date]], title: str) -> str:
    """A goal's 8 weeks: the share done each week on a 0-100% scale, oldest first."""
    width, height = 300, 132
    left, right, top, bottom = 34, 6, 16, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    slot = plot_w / len(shares)
    bar = min(slot * 0.62, 34.0)
    body = [f'<rect x="{left + slot * (len(shares) - 1):.1f}" y="{top - 14}" width="{slot:.1f}" '
            f'height="{plot_h + 14 + 26}" fill="{SHADE}"/>']
    for level in (0.0, 0.5, 1.0):
        y = top + plot_h * (1 - level)
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        body.append(_text(left - 4, y + 3, pct(level), anchor="end", size=9))
    for i, (share, (start, _)) in enumerate(zip(shares, weeks, strict=True)):
        x = left + slot * i + (slot - bar) / 2
        mid = x + bar / 2
        current = i == len(shares) - 1
        _, colour = band(share)
        if share is None:
            body.append(f'<rect x="{x:.1f}" y="{top + plot_h - 2}" width="{bar:.1f}" height="2" '
                        f'fill="{colour}"/>')
            body.append(_text(mid, top + plot_h - 6, "–"))
        else:
            h = plot_h * share
            body.append(f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar:.1f}" '
                        f'height="{max(h, 1):.1f}" rx="1.5" fill="{colour}"/>')
            body.append(_text(mid, top + plot_h - h - 3, pct(share), size=9, fill=INK, bold=current))
        name = week_label(start)  # a date label ("14 Oct") is wider than W46: smaller type
        body.append(_text(mid, height - 14, name, size=10 if name.startswith("W") else 8, bold=current,
                          fill=INK if current else MUTED))
    said = ", ".join(f"{week_label(s)} {'nothing planned' if v is None else pct(v)}"
                     for v, (s, _) in zip(shares, weeks, strict=True))
    return _svg(width, height, f"{title}: share of planned steps done each week, {said}", body,
                kind="goal")


def client_chart(done: Sequence[int], planned: Sequence[int], weeks: Sequence[tuple[date, date]],
                 name: str) -> str:
    """Done against planned, week by week, for all of a client's goals together.

    Drawn 560 units wide, the newest week at the right edge: the weeks given fill
    the width (a bar is never wider than a label), so two weeks of tracking are two
    broad bars rather than six empty slots and two thin ones.
    """
    width, height = 560, 214
    left, right, top, bottom = 30, 6, 22, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    top_count = max([*planned, *done, 1])
    step = max(1, -(-top_count // 4))  # about four gridlines, at whole numbers
    scale_top = step * -(-top_count // step)
    slot = plot_w / len(planned)
    bar = min(slot * 0.56, 64.0)
    size = 12 if len(planned) > 5 else 14  # fewer weeks, more room: type a phone can read
    body = [f'<rect x="{left + slot * (len(planned) - 1):.1f}" y="{top - 18}" width="{slot:.1f}" '
            f'height="{plot_h + 18 + 30}" fill="{SHADE}"/>']
    for level in range(0, scale_top + 1, step):
        y = top + plot_h * (1 - level / scale_top)
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        body.append(_text(left - 5, y + 3, str(level), anchor="end"))
    for i, (d, p, (start, end)) in enumerate(zip(done, planned, weeks, strict=True)):
        x = left + slot * i + (slot - bar) / 2
        mid = x + bar / 2
        current = i == len(planned) - 1
        _, colour = band(d / p if p else None)
        hp, hd = plot_h * p / scale_top, plot_h * d / scale_top
        body.append(f'<rect x="{x:.1f}" y="{top + plot_h - hp:.1f}" width="{bar:.1f}" height="{hp:.1f}" '
                    f'fill="none" stroke="{NONE[1]}" stroke-width="1.5" stroke-dasharray="4 2"/>')
        if d:
            body.append(f'<rect x="{x:.1f}" y="{top + plot_h - hd:.1f}" width="{bar:.1f}" '
                        f'height="{hd:.1f}" rx="2" fill="{colour}"/>')
        said = f"{d} of {p}" if p else "none"
        body.append(_text(mid, top + plot_h - max(hp, hd) - 5, said, size=size, fill=INK, bold=current))
        tone = INK if current else MUTED
        body.append(_text(mid, height - 30, week_label(start), size=size, bold=current, fill=tone))
        body.append(_text(mid, height - 17, span(start, end), size=9, fill=tone))
    body.append(_text(width - right, height - 4, "the report's week", anchor="end", size=10,
                      bold=True))
    said = ", ".join(f"{week_label(s)} {d} of {p} done" for d, p, (s, _) in zip(done, planned, weeks,
                                                                                  strict=True))
    return _svg(width, height, f"{name}: steps done and planned each week, {said}", body, kind="client")


def legend() -> str:
    """The colour scale, once per page: what a colour in any chart or meter means."""
    keys = [(css, words) for _, css, _, words in BANDS] + [(NONE[0], NONE[2])]
    items = "".join(f'<li><span class="swatch {css}"></span>{escape(words)}</li>' for css, words in keys)
    return (f'<ul class="legend" aria-label="What the colours mean">{items}'
            '<li><span class="swatch planned"></span>planned (dashed outline)</li>'
            '<li><span class="swatch shade"></span>the report\'s week</li></ul>')


def band_css() -> str:
    """The bands as CSS classes, so the meters use the charts' colours."""
    rules = [f".{css} {{ background: {colour}; }}" for _, css, colour, _ in BANDS]
    rules.append(f".{NONE[0]} {{ background: {NONE[1]}; }}")
    return "\n".join(rules)


#: The drawing helpers, for the step charts (render/stepcharts.py).
svg, text = _svg, _text
