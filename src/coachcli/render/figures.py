"""How figures read: one definition of a percentage for every format.

Counts need none: they are whole numbers (README, "How the report counts").
"""

from __future__ import annotations


def pct(x: float | None) -> str:
    return "-" if x is None else f"{round(100 * x)}%"
