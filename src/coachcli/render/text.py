"""Plain text: no ANSI codes, aligned columns, stable for mail and diffs."""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Sequence

from coachcli.render.document import Block, Cell, Fields, Items, Para, Styled, Table
from coachcli.textsafe import clean

#: Prose is wrapped to fit a mail reader or an 80-column terminal.
WRAP = 79


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
    if isinstance(value, Styled):
        return clean(value.text)
    return clean(value)


def fit(s: str, limit: int | None) -> str:
    """``s`` cut to ``limit`` display columns, ending in an ellipsis when cut."""
    if limit is None or width(s) <= limit:
        return s
    out, used = "", 0
    for ch in s:
        w = width(ch)
        if used + w > limit - 1:
            break
        out += ch
        used += w
    return out + "…"


def table_lines(t: Table) -> list[str]:
    lines: list[str] = []
    if t.title:
        lines.append(clean(t.title))
    if not t.rows:
        lines.append(t.empty)
        return lines
    cells = [
        [fit(cell_text(c), col.max_width) for c, col in zip(row, t.columns, strict=True)]
        for row in t.rows
    ]
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


def wrap(text: str, indent: str = "", hang: str = "    ") -> list[str]:
    return textwrap.wrap(
        text, WRAP, initial_indent=indent, subsequent_indent=hang, break_on_hyphens=False
    ) or [indent.rstrip()]


def items_lines(b: Items) -> list[str]:
    lines = [clean(b.title)] if b.title else []
    if not b.items and b.empty:
        lines.append(f"  {b.empty}")
    mark = {"good": "+", "attention": "!", "muted": "-", "plain": "*", "heading": "*"}
    for it in b.items:
        label = clean(it.label)
        lines += wrap(f"{label}: {clean(it.text)}" if label else clean(it.text),
                      f"  {mark[it.tone]} ", "    ")
        if it.follow_up:
            lines += wrap(f"{b.follow_up_label}: {clean(it.follow_up)}", "    ", "      ")
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
        elif isinstance(b, Items):
            out += items_lines(b)
        elif isinstance(b, Para):
            for line in clean(b.text, one_line=False).split("\n"):
                out += wrap(line, "", "  ")
    return "\n".join(out) + "\n" if out else ""
