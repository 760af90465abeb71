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


def markdown(topic: str) -> str:
    """The topic as written, in Markdown (what the README shows)."""
    return files(__name__).joinpath(f"{topic}.md").read_text(encoding="utf-8")


def plain(topic: str) -> str:
    """The topic for a terminal: the same words, without Markdown's emphasis marks."""
    return re.sub(r"\*\*(.+?)\*\*", r"\1", markdown(topic), flags=re.DOTALL)
