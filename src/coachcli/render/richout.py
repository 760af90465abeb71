"""Rich terminal output. The only module (with the report's) that imports Rich.

Every piece of user text goes in as a ``rich.text.Text`` (never a markup
string), so ``[bold]`` in a note is printed literally.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from coachcli.render.document import (
    MIN_WIDTH,
    PIPED_WIDTH,
    Block,
    Cell,
    Fields,
    Grid,
    Items,
    Para,
    Styled,
    Table,
    Title,
)
from coachcli.render.text import fit_cell, header_height, header_lines, table_layout, wrap_cell
from coachcli.textsafe import clean

TONES = {
    "plain": "",
    "muted": "dim",
    "good": "green",
    "attention": "yellow",
    "heading": "bold",
}


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """A closed pipe ends every command the same way (runtime.report_failure), not Rich's exit 1."""
        self.quiet = True
        raise BrokenPipeError


def console_for(stream: TextIO, width: int = PIPED_WIDTH) -> Console:
    """A console ``width`` columns wide (:func:`~coachcli.render.document.output_width` chose it)."""
    # highlight=False: Rich's repr highlighter would colour numbers in user text.
    return _Console(file=stream, width=max(width, MIN_WIDTH), highlight=False, markup=False, emoji=False)


def _tone(value: Cell) -> str:
    return TONES[value.tone] if isinstance(value, Styled | Title) else ""


def cell(value: Cell, limit: int | None = None) -> Text:
    """A cell as Rich text; with ``limit``, cut to it as the plain-text table would be."""
    if value is None:
        return Text("-", style="dim")
    if isinstance(value, float):
        return Text(f"{value:.2f}")
    tone = TONES[value.tone] if isinstance(value, Styled | Title) else ""
    if limit is not None:
        return Text(fit_cell(value, limit), style=tone)
    if isinstance(value, Styled):
        return Text(clean(value.text), style=tone)
    if isinstance(value, Title):
        return Text(clean(value.text) + clean(value.keep), style=tone)
    return Text(clean(value))


def print_rich(blocks: Sequence[Block], stream: TextIO, width: int = PIPED_WIDTH) -> None:
    """``blocks`` on a terminal ``width`` columns wide, tables laid out as the text format's."""
    console = console_for(stream, width)
    for i, b in enumerate(blocks):
        if i:
            console.print()
        if isinstance(b, Table):
            if not b.rows:
                if b.title:
                    console.print(Text(clean(b.title), style="bold"))
                console.print(Text(b.empty, style="dim"))
                continue
            # The same widths as the text format: the same columns give way, the same way.
            widths, gap = table_layout(b, width)
            tall = header_height(b, widths)
            t = RichTable(
                title=Text(clean(b.title), style="bold") if b.title else None,
                title_justify="left",
                box=box.SIMPLE_HEAD,
                show_edge=False,
                pad_edge=False,
                padding=(0, gap - 1, 0, 0),  # the column gap, as in the text format
            )
            shown = [n for n, w in enumerate(widths) if w]  # an empty low-value column is left out
            for n in shown:
                c = b.columns[n]
                t.add_column(Text("\n".join(header_lines(c, widths[n], tall))), justify=c.justify,
                             width=widths[n], no_wrap=True, overflow="ellipsis")
            for row in b.rows:
                t.add_row(*(Text("\n".join(wrap_cell(row[n], widths[n])), style=_tone(row[n]))
                            if b.columns[n].wrap
                            else cell(row[n], widths[n] if b.columns[n].cuttable else None)
                            for n in shown))
            # Never let Rich squeeze a column that does not shrink: if those alone are
            # wider than the terminal, the table is too, as in the text format.
            console.print(t, width=max(width, sum(widths) + gap * (len(shown) - 1)))
        elif isinstance(b, Fields):
            if b.title:
                console.print(Text(clean(b.title), style="bold"))
            grid = RichTable.grid(padding=(0, 2))
            grid.add_column(style="dim")
            grid.add_column()
            for k, v in b.items:
                grid.add_row(Text(k), cell(v))
            console.print(grid)
        elif isinstance(b, Items):
            if b.title:
                console.print(Text(clean(b.title), style="bold"))
            if not b.items and b.empty:
                console.print(Text(f"  {b.empty}", style="dim"))
            marks = {"good": "✔", "attention": "●", "muted": "·", "plain": "•", "heading": "•"}
            # A grid gives wrapped lines a hanging indent under the text, not column 0.
            grid = RichTable.grid(padding=(0, 1))
            grid.add_column(width=3, justify="right")
            grid.add_column(ratio=1)
            for it in b.items:
                line = Text()
                if it.label:
                    line.append(clean(it.label), style=f"bold {TONES[it.tone]}".strip())
                    line.append(": ")
                line.append(clean(it.text, one_line=False))
                if it.follow_up:
                    line.append(f"\n{b.follow_up_label}: ", style="dim")
                    line.append(clean(it.follow_up), style="italic")
                grid.add_row(Text(marks[it.tone], style=TONES[it.tone]), line)
            console.print(grid)
        elif isinstance(b, Para):
            console.print(Text(clean(b.text, one_line=False), style=TONES[b.tone]))
        elif isinstance(b, Grid):
            if b.title:
                console.print(Text(clean(b.title), style="bold"))
            for row in b.rows:
                line = Text(no_wrap=True, overflow="crop")
                for piece in row:
                    line.append(clean(piece.text), style=TONES[piece.tone])
                line.rstrip()
                console.print(line, crop=True, soft_wrap=False)
            if b.legend:
                console.print(Text(clean(b.legend), style="dim"))


def print_markdown(text: str, stream: TextIO, width: int = PIPED_WIDTH) -> None:
    """A help topic on a terminal: Markdown rendered (headings, tables, code) by Rich."""
    from rich.markdown import Markdown

    console_for(stream, width).print(Markdown(text))
