"""What a write tells the person who made it: short lines, neutral, in the present.

Imported by the fast path of ``coach done``, so it imports nothing heavier
than the records it words.
"""

from __future__ import annotations

from coachcli.domain.logged import format_amount, unit_for

TYPE_CHECKING = False
if TYPE_CHECKING:
    from coachcli.domain.logged import Logged
    from coachcli.domain.records import Correction, Removal, SetAside, Written


def times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def logged_lines(logged: Logged, note: str | None) -> list[str]:
    """The lines ``coach done``/``missed``/``skip`` print after logging."""
    what = f"{logged.title} (step {logged.step_id}, goal {logged.goal_id})"
    day = logged.on.isoformat()
    if logged.measure is not None and logged.amount is not None:
        return [amount_line(logged, what, day)]
    if logged.kind == "done":
        extra = f" x{logged.times}" if logged.times > 1 else ""
        lines = [f"Done{extra}: {what} on {day}."]
        if logged.period is not None:  # the step's own period: nothing about weeks for a daily step
            lines[0] += f" {times(logged.done_this_week).capitalize()} that {logged.period}."
        if logged.done_entries_that_day > 1:
            lines.append(f"Counted {times(logged.done_entries_that_day)} that day: use --count, "
                         "or coach undo.")
        return lines
    if logged.kind == "missed":
        reason = f" What got in the way: {note}." if note else ""
        lines = [f"Noted: {what} did not happen on {day}.{reason}"]
        if not note:
            lines.append("Knowing what got in the way helps: add it next time with --note.")
        return lines
    return [f"Skipped: {what} on {day} is set aside and not expected."]


def amount_line(logged: Logged, what: str, day: str) -> str:
    """A measured done: what was logged, and where the period stands ("6 of 8 glasses that day")."""
    assert logged.measure is not None
    assert logged.amount is not None
    words, target, unit, period = logged.measure
    total = logged.amount_that_period
    line = f"Logged {format_amount(logged.amount)} {unit_for(logged.amount, unit)}: {what} on {day}."
    if words == "at least":
        left = target - total
        tail = f", {format_amount(left)} to go" if left > 0 else ""
        return f"{line} {format_amount(total)} of {format_amount(target)} {unit} that {period}{tail}."
    over = total - target
    tail = f", {format_amount(over)} over" if over > 0 else ""
    return (f"{line} {format_amount(total)} {unit_for(total, unit)} that {period}, at most "
            f"{format_amount(target)}{tail}.")


def set_aside_lines(s: SetAside) -> list[str]:
    """What ``coach skip --from --until`` says: the range, and how many occurrences it covers."""
    n = len(s.days)
    what = f"{s.title} (step {s.step_id}, goal {s.goal_id})"
    span = f"from {s.first.isoformat()} to {s.last.isoformat()}"
    days = ", ".join(d.isoformat() for d in s.days) if n <= 7 else (
        f"{s.days[0].isoformat()} ... {s.days[-1].isoformat()}")
    return [f"Set aside: {what} {span}, {n} occurrence{'s' if n != 1 else ''} not expected ({days}).",
            "Take it back with: coach undo"]


def written(w: Written) -> str:
    """A journaled write, saying whose: "Alice · done 'Walk 20 minutes' on 2026-11-30"."""
    return f"{w.client} · {w.description}" if w.client else w.description


def undo_line(w: Written | None, *, dry_run: bool, redo: bool = False) -> str:
    verb = ("Would redo" if dry_run else "Redid") if redo else ("Would undo" if dry_run else "Undid")
    if w is None:
        return "Nothing to redo." if redo else "Nothing to undo."
    return f"{verb}: {written(w)}."


def correction_lines(c: Correction) -> list[str]:
    """What ``coach edit``/``coach delete`` changed, one line per value."""
    if c.deleted:
        return [f"Deleted {c.ref}: {c.client} · {c.label}. Bring it back with: coach undo"]
    lines = [f"Edited {c.ref}: {c.client} · {c.label}"]
    lines += [f"  {what}: {old} -> {new}" for what, old, new in c.changes]
    return lines


#: How each table's records are counted in words.
RECORD_WORDS = {"goals": ("goal", "goals"), "steps": ("step", "steps"),
                "step_plans": ("earlier plan", "earlier plans"), "actions": ("action", "actions"),
                "ratings": ("rating", "ratings"), "status_changes": ("status change", "status changes"),
                "checkins": ("check-in", "check-ins"),
                "group_members": ("group membership", "group memberships"),
                "group_consents": ("sharing choice in a group", "sharing choices in groups"),
                "group_steps": ("link to a group challenge", "links to group challenges")}


def counted(r: Removal) -> str:
    counts = dict(r.counts)
    parts = [f"{n} {RECORD_WORDS[t][0 if n == 1 else 1]}" for t in RECORD_WORDS if (n := counts.get(t, 0))]
    return ", ".join(parts) if parts else "no records"


def removal_lines(r: Removal) -> list[str]:
    lines = [f"Deleted {r.client} and {counted(r)}."]
    if r.purged:
        n = r.forgotten_writes
        lines.append(f"Purged: the undo journal forgot the {n} write{'' if n == 1 else 's'} that held "
                     "their records and the file was rewritten, so none of them remain in it. "
                     "Backups and exports made before still hold them.")
    else:
        lines.append("Bring them back with: coach undo (or remove every trace with --purge)")
    return lines
