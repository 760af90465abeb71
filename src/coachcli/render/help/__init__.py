"""The explanations behind ``coach help TOPIC``, one Markdown file per topic.

The README includes the same files (its cog blocks print them), so a user
with only the installed package reads what the README says, and
``tests/test_help.py`` keeps the two identical.
"""

from __future__ import annotations

import re
from importlib.resources import files

#: Topic name -> its one-line description in ``coach help``.
TOPICS: dict[str, str] = {
    "dates": "How to write a DATE and a WEEK.",
    "schedules": "How to write a step's schedule (--every RULE).",
    "amounts": "Measured steps: --at-least, --at-most, --amount, and how their periods count.",
    "report": "The report's window, columns and how it counts.",
    "signals": "What each signal means and when it fires.",
    "sessions": "Sessions, commitments kept or not, and coach restart.",
    "data": "Where the data lives and what survives what.",
    "groups": "Groups: a shared challenge, and what each member shares.",
}


#: The line of signals.md that stands for the table made from the signals' words.
SIGNALS_TABLE = "<!-- the table of signals: render/signals.py help_table(), from WORDS -->\n"


def markdown(topic: str) -> str:
    """The topic as written, in Markdown (what the README shows)."""
    text = files(__name__).joinpath(f"{topic}.md").read_text(encoding="utf-8")
    if topic == "signals":
        from coachcli.render.signals import help_table

        text = text.replace(SIGNALS_TABLE, help_table())
    return text


def _table(rows: list[str], width: int) -> list[str]:
    """A Markdown table as aligned plain text; the last column wraps to fit ``width``."""
    import textwrap

    cells = [[c.strip() for c in r.strip().strip("|").split("|")] for r in rows]
    cells = [r for r in cells if not all(set(c) <= set("-: ") for c in r)]  # the |---| line
    n = max(len(r) for r in cells)
    cells = [r + [""] * (n - len(r)) for r in cells]
    widths = [max(len(r[i]) for r in cells) for i in range(n)]
    lead = sum(widths[:-1]) + 2 * (n - 1)  # where the last column starts
    last = max(20, width - lead)
    out: list[str] = []
    for k, r in enumerate(cells):
        tail = textwrap.wrap(r[-1], last) or [""]
        head = "  ".join(c.ljust(widths[i]) for i, c in enumerate(r[:-1]))
        out.append(f"{head}  {tail[0]}".rstrip())
        out += [(" " * lead + t).rstrip() for t in tail[1:]]
        if k == 0:
            out.append("  ".join("-" * w for w in widths[:-1]) + "  " + "-" * min(widths[-1], last))
    return out


def plain(topic: str, width: int = 80) -> str:
    """The topic as plain text (a pipe, a file): no emphasis marks, tables aligned, code as `code`."""
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", markdown(topic), flags=re.DOTALL)
    lines: list[str] = []
    table: list[str] = []
    fenced = False
    for line in text.split("\n"):
        if line.startswith("```"):
            fenced = not fenced
            continue
        if not fenced and line.startswith("|"):
            table.append(line)
            continue
        if table:
            lines += _table(table, width)
            table = []
        if fenced:
            lines.append(f"  {line}" if line else line)
        elif len(line) > width:  # a source line longer than the screen: wrapped, keeping its indent
            import textwrap

            indent = " " * (len(line) - len(line.lstrip(" -")))
            lines += textwrap.wrap(line, width, subsequent_indent=indent, break_on_hyphens=False)
        else:
            lines.append(line)
    if table:
        lines += _table(table, width)
    return "\n".join(lines)
