"""How figures read: one definition of a percentage and of a count for every format."""

from __future__ import annotations


def pct(x: float | None) -> str:
    return "-" if x is None else f"{round(100 * x)}%"


def num(x: float) -> str:
    """A count for a table: whole when near whole or large, else one decimal (quotas)."""
    if abs(x - round(x)) < 0.05 or x >= 10:
        return str(round(x))
    return f"{x:.1f}"


def count(x: float) -> str:
    """A count in a sentence: whole, or with one decimal when it is not."""
    return str(int(x)) if float(x).is_integer() else f"{x:.1f}"
