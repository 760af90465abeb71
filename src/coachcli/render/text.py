"""Plain text: no ANSI codes, aligned columns, stable for mail and diffs."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from coachcli.render import Block, Cell, Fields, Para, Table
from coachcli.render.safe import clean


def width(s: str) -> int:
    """Display width in a terminal, counting wide (East Asian, emoji) characters as 2."""
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in s
    )


def _pad(s: str, w: int, justify: str) -> str:
    gap = max(0, w - width(s))
    return " " * gap + s if justify == "right" else s + " " * gap


def cell_text(value: Cell) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.2f}"
    return clean(value)


def table_lines(t: Table) -> list[str]:
    lines: list[str] = []
    if t.title:
        lines.append(clean(t.title))
    if not t.rows:
        lines.append(t.empty)
        return lines
    cells = [[cell_text(c) for c in row] for row in t.rows]
    headers = [c.header for c in t.columns]
    widths = [
        max([width(headers[i])] + [width(r[i]) for r in cells]) for i in range(len(headers))
    ]
    just = [c.justify for c in t.columns]
    lines.append("  ".join(_pad(h, widths[i], just[i]) for i, h in enumerate(headers)).rstrip())
    lines.append("  ".join("-" * w for w in widths))
    for r in cells:
        lines.append("  ".join(_pad(v, widths[i], just[i]) for i, v in enumerate(r)).rstrip())
    return lines


def fields_lines(f: Fields) -> list[str]:
    lines = [clean(f.title)] if f.title else []
    label_w = max((width(k) for k, _ in f.items), default=0) + 1
    lines += [f"{_pad(k + ':', label_w, 'left')} {cell_text(v)}".rstrip() for k, v in f.items]
    return lines


def render_text(blocks: Sequence[Block]) -> str:
    out: list[str] = []
    for b in blocks:
        if out:
            out.append("")
        if isinstance(b, Table):
            out += table_lines(b)
        elif isinstance(b, Fields):
            out += fields_lines(b)
        elif isinstance(b, Para):
            out.append(clean(b.text, one_line=False))
    return "\n".join(out) + "\n" if out else ""
