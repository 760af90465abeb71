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

from coachcli.render.document import Block, Cell, Fields, Items, Para, Styled, Table
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


#: Narrower than this (``COLUMNS=0``, a broken terminal) and Rich would print nothing useful.
_MIN_WIDTH = 20


def console_for(stream: TextIO) -> Console:
    # highlight=False: Rich's repr highlighter would colour numbers in user text.
    console = _Console(file=stream, highlight=False, markup=False, emoji=False)
    if console.width < _MIN_WIDTH:
        console.width = 80
    return console


def cell(value: Cell) -> Text:
    if value is None:
        return Text("-", style="dim")
    if isinstance(value, float):
        return Text(f"{value:.2f}")
    if isinstance(value, Styled):
        return Text(clean(value.text), style=TONES[value.tone])
    return Text(clean(value))


def print_rich(blocks: Sequence[Block], stream: TextIO) -> None:
    console = console_for(stream)
    for i, b in enumerate(blocks):
        if i:
            console.print()
        if isinstance(b, Table):
            if not b.rows:
                if b.title:
                    console.print(Text(clean(b.title), style="bold"))
                console.print(Text(b.empty, style="dim"))
                continue
            t = RichTable(
                title=Text(clean(b.title), style="bold") if b.title else None,
                title_justify="left",
                box=box.SIMPLE_HEAD,
                pad_edge=False,  # two columns saved: the report fits an 80-column terminal
            )
            for c in b.columns:
                if c.max_width is None:
                    t.add_column(c.header, justify=c.justify)
                else:
                    t.add_column(c.header, justify=c.justify, max_width=c.max_width, no_wrap=True,
                                 overflow="ellipsis")
            for row in b.rows:
                t.add_row(*(cell(v) for v in row))
            console.print(t)
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
                line.append(clean(it.text))
                if it.follow_up:
                    line.append(f"\n{b.follow_up_label}: ", style="dim")
                    line.append(clean(it.follow_up), style="italic")
                grid.add_row(Text(marks[it.tone], style=TONES[it.tone]), line)
            console.print(grid)
        elif isinstance(b, Para):
            console.print(Text(clean(b.text, one_line=False), style=TONES[b.tone]))
