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
    "report": "The report's window, columns and how it counts.",
    "signals": "What each signal means and when it fires.",
    "data": "Where the data lives and what survives what.",
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


def plain(topic: str) -> str:
    """The topic for a terminal: the same words, without Markdown's emphasis marks."""
    return re.sub(r"\*\*(.+?)\*\*", r"\1", markdown(topic), flags=re.DOTALL)
