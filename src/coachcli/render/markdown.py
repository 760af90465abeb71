"""Markdown: user text escaped so a note can never become a link or a heading."""

from __future__ import annotations

import re
from collections.abc import Sequence

from coachcli.render.document import Block, Cell, Fields, Grid, Items, Para, Styled, Table, Title
from coachcli.textsafe import clean

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_LEADING = re.compile(r"^(\s*)([#+\-=>]|\d+[.)])")


def escape(value: Cell, *, cell: bool = False) -> str:
    """Markdown-safe text; ``cell`` skips line-start escapes, which tables do not need."""
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Styled):
        value = value.text
    elif isinstance(value, Title):
        value = value.text + value.keep
    text = _SPECIAL.sub(r"\\\1", clean(value))
    if cell:
        return text
    # Only at the start of a line do these make a heading, list or quote.
    return _LEADING.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def render_markdown(blocks: Sequence[Block]) -> str:
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Table):
            if b.title:
                out += [f"### {escape(b.title)}", ""]
            if not b.rows:
                out += [escape(b.empty), ""]
                continue
            out.append("| " + " | ".join(escape(c.header) for c in b.columns) + " |")
            out.append(
                "|"
                + "|".join("---:" if c.justify == "right" else "---" for c in b.columns)
                + "|"
            )
            out += ["| " + " | ".join(escape(v, cell=True) for v in row) + " |" for row in b.rows]
            out.append("")
        elif isinstance(b, Fields):
            if b.title:
                out += [f"### {escape(b.title)}", ""]
            out += [f"- **{escape(k)}**: {escape(v)}" for k, v in b.items]
            out.append("")
        elif isinstance(b, Items):
            if b.title:
                out += [f"### {escape(b.title)}", ""]
            if not b.items and b.empty:
                out += [escape(b.empty), ""]
            for it in b.items:
                head = f"**{escape(it.label)}**: " if it.label else ""
                out.append(f"- {head}{escape(it.text)}")
                if it.follow_up:
                    out.append(f"  *{escape(b.follow_up_label)}:* {escape(it.follow_up)}")
            out.append("")
        elif isinstance(b, Grid):
            if b.title:
                out += [f"### {escape(b.title)}", ""]
            # A code block keeps the columns lined up; the calendar's marks are shown as they are.
            out += ["```", *("".join(clean(p.text) for p in row).rstrip() for row in b.rows), "```", ""]
            if b.legend:
                out += [escape(b.legend), ""]
        elif isinstance(b, Para):
            text = escape(b.text)
            out += [f"## {text}" if b.tone == "heading" else text, ""]
    return "\n".join(out).rstrip("\n") + "\n" if out else ""
