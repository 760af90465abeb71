"""What a write tells the person who made it: short lines, neutral, in the present.

Imported by the fast path of ``coach done``, so it imports nothing heavier
than the records it words.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from coachcli.domain.logged import Logged


def times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def logged_lines(logged: Logged, note: str | None) -> list[str]:
    """The lines ``coach done``/``missed``/``skip`` print after logging."""
    what = f"{logged.title} (step {logged.step_id}, goal {logged.goal_id})"
    day = logged.on.isoformat()
    if logged.kind == "done":
        extra = f" x{logged.times}" if logged.times > 1 else ""
        return [f"Done{extra}: {what} on {day}. {times(logged.done_this_week).capitalize()} that week."]
    if logged.kind == "missed":
        reason = f" What got in the way: {note}." if note else ""
        lines = [f"Noted: {what} did not happen on {day}.{reason}"]
        if not note:
            lines.append("Knowing what got in the way helps: add it next time with --note.")
        return lines
    return [f"Skipped: {what} on {day} is set aside and not expected."]
