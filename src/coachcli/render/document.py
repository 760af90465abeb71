"""Turning results into output: plain blocks in, one of several formats out.

Commands describe what to show as a :class:`Document` of blocks and hand it
to :func:`emit`. Only the ``rich`` format imports Rich (30-45 ms of import),
so ``--format text`` under cron, JSON for scripts and every write command stay
fast. All user text passes through :func:`coachcli.textsafe.clean` first.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any, Literal, TextIO

from coachcli.domain.frozen import dataclass, field

Format = Literal["rich", "text", "markdown", "json", "html"]
#: Every output format, in the order help names them: the one list of names. ``html`` is the
#: report's alone (render/html.py); :func:`emit` renders a Document in each of the others.
#: Typer's choices (cli/common.py) repeat it, and the fast path reads them from fastopts.py
#: (written by helpgen), held equal by tests/test_registries.py.
FORMATS: tuple[Format, ...] = ("rich", "text", "markdown", "json", "html")
#: The formats every listing and show command offers.
DOCUMENT_FORMATS: tuple[Format, ...] = tuple(f for f in FORMATS if f != "html")
Tone = Literal["plain", "muted", "good", "attention", "heading"]


@dataclass(frozen=True, slots=True)
class Styled:
    """A cell with a tone that rich output colours and the other formats ignore."""

    text: str
    tone: Tone = "plain"


@dataclass(frozen=True, slots=True)
class Title:
    """A title that may be cut to fit its column; ``keep`` (' (should)', ' (3)') always shows.

    It is cut after a whole word, or with ``unit=", "`` after a whole item of a list.
    """

    text: str
    keep: str = ""
    tone: Tone = "plain"
    unit: str = " "


Cell = str | int | float | Styled | Title | None


@dataclass(frozen=True, slots=True)
class Column:
    """A table column.

    Only a ``shrink`` column is ever cut (at a word boundary, with an
    ellipsis; a ``wrap`` column goes on over lines instead), and only when
    the table would not fit the width otherwise, ``low`` columns first:
    figures, dates and the trend are always shown whole. ``max_width`` caps a
    column whatever the width (and makes it one that shrinks).
    """

    header: str
    justify: Literal["left", "right", "center"] = "left"
    max_width: int | None = None
    shrink: bool = False
    #: Narrowed like ``shrink``, but its text goes on over more lines instead of being cut
    #: (a title, a note: the client's words are shown whole).
    wrap: bool = False
    #: Gives way before the others (a date repeated on every row, a schedule's "every day").
    low: bool = False

    @property
    def cuttable(self) -> bool:
        return self.shrink or self.wrap or self.max_width is not None


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of cells under headers; ``empty`` is said when there are no rows."""

    title: str | None
    columns: Sequence[Column]
    rows: Sequence[Sequence[Cell]]
    empty: str = "Nothing to show."


@dataclass(frozen=True, slots=True)
class Fields:
    """A record shown as label: value lines."""

    title: str | None
    items: Sequence[tuple[str, Cell]]


@dataclass(frozen=True, slots=True)
class Para:
    """A line of prose; ``tone`` lets rich output colour it."""

    text: str
    tone: Tone = "plain"


@dataclass(frozen=True, slots=True)
class Item:
    """One entry of an :class:`Items` list: a label, a sentence and an optional follow-up."""

    label: str
    text: str
    follow_up: str | None = None
    tone: Tone = "plain"


@dataclass(frozen=True, slots=True)
class Items:
    """A titled list, e.g. the signals of a report with the question to ask."""

    title: str | None
    items: Sequence[Item]
    follow_up_label: str = "Ask"
    empty: str | None = None


@dataclass(frozen=True, slots=True)
class Grid:
    """Lines of cells shown as they are, never cut or wrapped (a calendar); ``legend`` under them.

    Each row is a sequence of pieces joined with nothing between them; rich
    output colours each by its tone, the other formats show the text alone.
    """

    title: str | None
    rows: Sequence[Sequence[Styled]]
    legend: str | None = None


Block = Table | Fields | Para | Items | Grid


@dataclass(slots=True)
class Document:
    """What a command shows: blocks for people, ``data`` for ``--format json``.

    ``data`` may be a function returning it, for output that is costly to shape
    and only needed when JSON is asked for (a caseload report at scale).
    """

    blocks: list[Block] = field(default_factory=list)
    data: Any = None


#: The width of output that goes to no terminal (a pipe, a file, a mail).
PIPED_WIDTH = 80
#: Narrower than this (``COLUMNS=0``, a broken terminal) nothing useful fits: use PIPED_WIDTH.
MIN_WIDTH = 20


def output_width(stream: TextIO | None = None) -> int:
    """How many columns tables may use: ``$COLUMNS``, else the terminal's, else 80."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit():
        return int(columns) if int(columns) >= MIN_WIDTH else PIPED_WIDTH
    stream = stream or sys.stdout
    try:
        if stream.isatty():
            found = os.get_terminal_size(stream.fileno()).columns
            return found if found >= MIN_WIDTH else PIPED_WIDTH
    except (OSError, ValueError, AttributeError):
        pass
    return PIPED_WIDTH


def default_format() -> Format:
    """``rich`` on a terminal, ``text`` when piped, mailed or redirected."""
    return "rich" if sys.stdout.isatty() and os.environ.get("TERM") != "dumb" else "text"


def emit(doc: Document, fmt: Format | None = None, out: TextIO | None = None) -> None:
    """Write ``doc`` to ``out`` (stdout by default) in ``fmt``."""
    fmt = fmt or default_format()
    stream = out or sys.stdout
    if fmt == "json":
        from coachcli.render.jsonout import dumps

        stream.write(dumps(doc.data() if callable(doc.data) else doc.data) + "\n")
    elif fmt == "markdown":
        from coachcli.render.markdown import render_markdown

        stream.write(render_markdown(doc.blocks))
    elif fmt == "rich":
        from coachcli.render.richout import print_rich

        print_rich(doc.blocks, stream, output_width(stream))
    elif fmt == "text":
        from coachcli.render.text import render_text

        stream.write(render_text(doc.blocks, output_width(stream)))
    else:  # a format added to FORMATS without a renderer here
        raise ValueError(f"no renderer for the {fmt} format")
