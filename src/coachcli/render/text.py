"""Plain text: no ANSI codes, aligned columns, stable for mail and diffs."""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections.abc import Sequence

from coachcli.render.document import (
    PIPED_WIDTH,
    Block,
    Cell,
    Column,
    Fields,
    Grid,
    Items,
    Para,
    Styled,
    Table,
    Title,
)
from coachcli.textsafe import clean

#: Prose wraps at the width, but no wider than this: long lines are hard to read.
PROSE_MAX = 100
#: The narrowest a column that shrinks is cut to (its header permitting).
MIN_CUT = 5
#: Spaces between the columns of a plain-text table.
GAP = 2


def width(s: str) -> int:
    """Display width in a terminal, counting wide (East Asian, emoji) characters as 2."""
    if s.isascii():  # no combining or wide character: one column each
        return len(s)
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
    if isinstance(value, Title):
        return clean(value.text) + clean(value.keep)
    return clean(value)


def _prefix(s: str, room: int) -> str:
    """The longest start of ``s`` that fits ``room`` display columns."""
    if s.isascii():  # one column a character: a 10,000-character word is broken by slicing
        return s[:max(room, 0)]
    out, used = "", 0
    for ch in s:
        w = width(ch)
        if used + w > room:
            break
        out += ch
        used += w
    return out


def fit(s: str, limit: int | None, unit: str = " ") -> str:
    """``s`` in at most ``limit`` display columns, cut after a whole word (or ``unit``) with "…".

    A first word longer than the room is cut inside it rather than lost.
    """
    if limit is None or width(s) <= limit:
        return s
    if limit < 1:
        return ""
    hard = _prefix(s, limit - 1)
    # The last boundary inside the room: what comes before it is whole.
    boundary = s.rfind(unit, 0, len(hard) + len(unit))
    out = (s[:boundary] if boundary > 0 else hard).rstrip(" ,;:·-/")
    return (out or hard) + "…"


def fit_cell(value: Cell, limit: int) -> str:
    """A cell's text in ``limit`` columns; a :class:`Title` keeps its ``keep`` part whole."""
    if isinstance(value, Title):
        keep = clean(value.keep)
        text = clean(value.text)
        if width(text + keep) <= limit:
            return text + keep
        room = limit - width(keep)
        return fit(text, room, value.unit) + keep if room >= 2 else fit(text + keep, limit)
    return fit(cell_text(value), limit)


#: The narrowest a column that wraps is made (its header permitting): a word or two a line.
MIN_WRAP = 12


def _pieces(value: Cell, limit: int) -> list[str]:
    """The pieces a cell's text is wrapped by: its words, or a list's whole items.

    A list (a :class:`Title` with ``unit=", "``) keeps each item on one line
    where it fits ("Importance and action," then "Priorities"); an item wider
    than the room falls back to its words.
    """
    text = cell_text(value)
    if not isinstance(value, Title) or value.unit == " ":
        return text.split(" ")
    unit = value.unit.rstrip()
    items = text.split(value.unit)
    out: list[str] = []
    for n, item in enumerate(items):
        piece = item + unit if n < len(items) - 1 else item
        out += piece.split(" ") if width(piece) > limit else [piece]
    return out


def wrap_cell(value: Cell, limit: int) -> list[str]:
    """A cell's text over lines of at most ``limit`` display columns, broken between words.

    A word wider than the room is broken inside it; nothing is cut or lost.
    """
    text = cell_text(value)
    if width(text) <= limit or limit < 1:
        return [text]
    lines: list[str] = []
    line = ""
    for whole in _pieces(value, limit):
        word = whole
        while width(word) > limit:  # a word wider than the column: broken across lines
            if line:
                lines.append(line)
                line = ""
            head = _prefix(word, limit) or word[0]
            lines.append(head)
            word = word[len(head):]
        if not word:
            continue
        candidate = f"{line} {word}" if line else word
        if width(candidate) <= limit:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line or not lines:
        lines.append(line)
    return lines


def header_lines(column: Column, limit: int, tall: int = 1) -> list[str]:
    """A column's header in ``limit`` columns over ``tall`` lines, its text on the last ones.

    A low-value column's header breaks after a space or a slash ("Done/"
    over "plan"); the others are one line.
    """
    lines: list[str] = []
    if width(column.header) <= limit or not column.low:
        lines.append(column.header)
    else:
        line = ""
        for piece in re.findall(r"[^ /]+/?", column.header):
            if line and width(line + piece) > limit:
                lines.append(line.rstrip())
                line = ""
            line += piece if not line or line.endswith("/") else " " + piece
        lines.append(line)
    return [""] * (tall - len(lines)) + lines


def header_floor(column: Column) -> int:
    """The narrowest a column's header lets it be once it gives way (its longest piece if low)."""
    if not column.low:
        return width(column.header)
    return max(width(p) for p in re.findall(r"[^ /]+/?", column.header))


def is_empty(t: Table, i: int) -> bool:
    """Whether column ``i`` says nothing on any row (every cell "-" or blank)."""
    return bool(t.rows) and all(cell_text(r[i]).strip() in ("", "-") for r in t.rows)


def cell_lines(value: Cell, column: Column, limit: int) -> list[str]:
    """A cell as the lines it takes in a column ``limit`` wide."""
    if column.wrap:
        return wrap_cell(value, limit)
    return [fit_cell(value, limit) if column.cuttable else cell_text(value)]


def column_widths(t: Table, width_: int, gap: int) -> list[int]:
    """Each column's width so the table fits ``width_``; 0 for a column left out.

    Natural widths when they fit. Otherwise the low-value columns give way
    first: an empty one (every row "-") is left out, a low one that wraps
    narrows to :data:`MIN_WRAP`; then every column that wraps does; then a low
    column's header goes over two lines ("Done/" "plan") to fit its figures;
    then columns that wrap narrow to their longest word, and last words are
    broken (or, in a column that shrinks, cut down to :data:`MIN_CUT`). The
    widest column gives up one column at a time, so titles and notes meet in
    the middle rather than one vanishing. A cut at a word boundary can leave
    a column narrower than its room; that room goes back to the columns still
    cut, a few rounds at most. Columns that neither wrap nor shrink are never
    cut: if they alone are wider than the width, so is the table.
    """
    cols = t.columns
    natural = [max([width(c.header)] + [width(cell_text(r[i])) for r in t.rows])
               for i, c in enumerate(cols)]
    if sum(natural) + gap * (len(cols) - 1) <= width_ and not any(c.max_width for c in cols):
        return natural
    shown_cols = [i for i in range(len(cols)) if not (cols[i].low and is_empty(t, i))]
    # Two floors: columns that wrap first give way to MIN_WRAP (low-value ones first), and
    # only then down to their longest word, so a word is broken only when nothing else fits.
    cut_floor = [max(width(c.header), MIN_CUT) for c in cols]
    comfy = [min(natural[i], max(width(c.header), MIN_WRAP)) if c.wrap else cut_floor[i]
             for i, c in enumerate(cols)]
    tight = [max(width(c.header), min(MIN_WRAP, max((width(w) for r in t.rows
                                                      for w in cell_text(r[i]).split(" ")), default=1)))
             if c.wrap else cut_floor[i] for i, c in enumerate(cols)]
    budget = width_ - gap * (len(shown_cols) - 1)

    def shown(room: list[int]) -> list[int]:
        """The widths the cells take once cut (or wrapped) to ``room``."""
        return [0 if i not in shown_cols else
                r if not c.cuttable or r >= natural[i] else
                max([width(c.header)] + [width(x) for row in t.rows for x in cell_lines(row[i], c, r)])
                for i, (c, r) in enumerate(zip(cols, room, strict=True))]

    def give_way(room: list[int], phases: list[tuple[bool, list[int]]]) -> None:
        """Narrow the widest column the first phase allows, a column at a time, until it fits."""
        excess = sum(room) - budget
        while excess > 0:
            candidates: list[int] = []
            for only_low, floor in phases:  # low-value columns give way first
                candidates = [i for i in shown_cols if cols[i].cuttable and room[i] > floor[i]
                              and (cols[i].low or not only_low)]
                if candidates:
                    break
            if not candidates:
                break
            widest = max(candidates, key=lambda i: (room[i], i))
            room[widest] -= 1
            excess -= 1

    room = [0 if i not in shown_cols else min(n, c.max_width) if c.max_width else n
            for i, (n, c) in enumerate(zip(natural, cols, strict=True))]
    give_way(room, [(True, comfy), (False, comfy)])
    if sum(room) > budget:  # low-value headers go over two lines before titles get narrower
        for i in shown_cols:
            if cols[i].low and not cols[i].cuttable:
                figures = max((width(cell_text(r[i])) for r in t.rows), default=0)
                room[i] = natural[i] = max(figures, header_floor(cols[i]))
    best = shown(room)
    for _ in range(4):
        give_way(room, [(True, comfy), (False, comfy), (True, tight), (False, tight), (False, cut_floor)])
        widths = shown(room)
        if sum(widths) <= budget or sum(widths) < sum(best):
            best = widths
        slack = budget - sum(widths)
        still_cut = [i for i in shown_cols if cols[i].cuttable and widths[i] < natural[i]]
        if slack <= 0 or not still_cut:
            break
        room = [w + slack if i in still_cut else w for i, w in enumerate(widths)]
        room = [min(r, natural[i]) for i, r in enumerate(room)]
    return best


def _breaks_words(t: Table, widths: list[int]) -> bool:
    """Whether a column that wraps is narrower than one of its words (so the word is broken)."""
    return any(c.wrap and widths[i] and any(width(w) > widths[i]
                                            for r in t.rows for w in cell_text(r[i]).split())
               for i, c in enumerate(t.columns))


def table_layout(t: Table, width_: int) -> tuple[list[int], int]:
    """The column widths and the gap between columns for ``t`` in ``width_`` columns.

    The gap is :data:`GAP`; only where a title's word would otherwise be broken
    (a narrow screen) do the columns stand one space apart, if that keeps
    every word whole.
    """
    widths = column_widths(t, width_, GAP)
    if _breaks_words(t, widths):
        closer = column_widths(t, width_, 1)
        if not _breaks_words(t, closer):
            return closer, 1
    return widths, GAP


def header_height(t: Table, widths: list[int]) -> int:
    """How many lines the tallest header of the shown columns takes."""
    return max(len(header_lines(c, w)) for c, w in zip(t.columns, widths, strict=True) if w)


def table_lines(t: Table, width_: int = PIPED_WIDTH) -> list[str]:
    lines: list[str] = []
    if t.title:
        lines.append(fit(clean(t.title), width_))
    if not t.rows:
        lines.append(fit(t.empty, width_))
        return lines
    widths, gap = table_layout(t, width_)
    shown = [i for i, w in enumerate(widths) if w]
    just = [c.justify for c in t.columns]
    sep = " " * gap
    tall = header_height(t, widths)
    heads = {i: header_lines(t.columns[i], widths[i], tall) for i in shown}
    for n in range(tall):
        lines.append(sep.join(_pad(heads[i][n], widths[i], just[i]) for i in shown).rstrip())
    lines.append(sep.join("-" * widths[i] for i in shown))
    for row in t.rows:
        cells = {i: cell_lines(row[i], t.columns[i], widths[i]) for i in shown}
        for n in range(max(len(c) for c in cells.values())):
            lines.append(sep.join(_pad(cells[i][n] if n < len(cells[i]) else "", widths[i], just[i])
                                  for i in shown).rstrip())
    return lines


def fields_lines(f: Fields) -> list[str]:
    lines = [clean(f.title)] if f.title else []
    label_w = max((width(k) for k, _ in f.items), default=0) + 1
    lines += [f"{_pad(k + ':', label_w, 'left')} {cell_text(v)}".rstrip() for k, v in f.items]
    return lines


def prose_width(width_: int) -> int:
    """Where prose wraps: one short of the width (no cursor wrap), at most :data:`PROSE_MAX`."""
    return max(20, min(width_, PROSE_MAX) - 1)


def wrap(text: str, indent: str = "", hang: str = "    ", width_: int = PIPED_WIDTH) -> list[str]:
    if (text and len(indent) + len(text) <= prose_width(width_) and text.isprintable()
            and text[0] != " " and text[-1] != " "):
        return [indent + text]  # what textwrap gives a line that fits, without its work
    return textwrap.wrap(
        text, prose_width(width_), initial_indent=indent, subsequent_indent=hang,
        break_on_hyphens=False,
    ) or [indent.rstrip()]


def items_lines(b: Items, width_: int = PIPED_WIDTH) -> list[str]:
    lines = [clean(b.title)] if b.title else []
    if not b.items and b.empty:
        lines.append(f"  {b.empty}")
    mark = {"good": "+", "attention": "!", "muted": "-", "plain": "*", "heading": "*"}
    for it in b.items:
        label = clean(it.label)
        # Text a person wrote keeps its own line breaks (a session's notes, read whole).
        first, *more = clean(it.text, one_line=False).split("\n")
        lines += wrap(f"{label}: {first}" if label else first, f"  {mark[it.tone]} ", "    ", width_)
        for part in more:
            lines += wrap(part, "    ", "    ", width_) if part.strip() else [""]
        if it.follow_up:
            lines += wrap(f"{b.follow_up_label}: {clean(it.follow_up)}", "    ", "      ", width_)
    return lines


def grid_lines(g: Grid) -> list[str]:
    """A grid's title, its rows as they are (trailing blanks dropped), and its legend."""
    lines = [clean(g.title)] if g.title else []
    lines += ["".join(clean(p.text) for p in row).rstrip() for row in g.rows]
    if g.legend:
        lines.append(clean(g.legend))
    return lines


def render_text(blocks: Sequence[Block], width_: int = PIPED_WIDTH) -> str:
    """``blocks`` as plain text in ``width_`` columns (80: what a pipe or a mail gets)."""
    out: list[str] = []
    for b in blocks:
        if out:
            out.append("")
        if isinstance(b, Table):
            out += table_lines(b, width_)
        elif isinstance(b, Fields):
            out += fields_lines(b)
        elif isinstance(b, Items):
            out += items_lines(b, width_)
        elif isinstance(b, Para):
            for line in clean(b.text, one_line=False).split("\n"):
                out += wrap(line, "", "  ", width_)
        elif isinstance(b, Grid):
            out += grid_lines(b)
    return "\n".join(out) + "\n" if out else ""
