"""Wording for ``coach sync`` and ``coach hub``: what moved, what was kept, who may see what."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from coachcli.render.document import Column, Document, Item, Items, Table

if TYPE_CHECKING:
    from coachcli.portable.sync import SyncResult
    from coachcli.store.sync import Conflict

Labels = Mapping[str, tuple[str, str]]  # table -> (singular, plural), in the order to list them


def _records(counts: Any, labels: Labels) -> str:
    parts = [f"{counts[t]} {label[0] if counts[t] == 1 else label[1]}"
             for t, label in labels.items() if counts.get(t)]
    return ", ".join(parts) if parts else "nothing"


def sync_lines(result: SyncResult, labels: Labels) -> list[str]:
    """One summary line, then any notes."""
    verb = ("would send", "would receive") if result.dry_run else ("sent", "received")
    head = "Dry run with" if result.dry_run else "Synced with"
    line = (
        f"{head} {result.hub}: {verb[0]} {_records(result.sent, labels)}; "
        f"{verb[1]} {_records(result.received, labels)}; "
        f"deletions {result.deletions_sent} out, {result.deletions_received} in; "
        f"conflicts {result.conflicts}"
        + (" (see: coach sync --conflicts)." if result.conflicts else ".")
    )
    return [line, *result.notes]


def _label(version: dict[str, Any] | None) -> str:
    if version is None:
        return "deleted"
    label = version.get("title") or version.get("name") or version.get("on_date")
    when = str(version.get("updated_at", ""))[:19].replace("T", " ")
    return f"'{label}', changed {when}" if label else f"changed {when}"


def _values(kept: dict[str, Any] | None, lost: dict[str, Any] | None) -> str:
    """The other version's values where they differ from the kept one."""
    if lost is None:
        return "the record was deleted there"
    times = ("updated_at", "created_at", "seq", "uuid", "left_out")
    diff = [f"{k}: {lost[k]!r}" for k in lost
            if k not in times and (kept is None or kept.get(k) != lost[k])]
    return "; ".join(diff) or "the same values"


def _what_happened(c: Conflict) -> str:
    lost = c.lost_version or {}
    if c.kept == "local" and "left_out" in lost:
        return f"left out the hub's version ({lost['left_out']}); it is saved in this list"
    return (
        f"kept {'this machine' if c.kept == 'local' else 'the hub'}'s version ({_label(c.kept_version)});"
        f" {'the hub' if c.kept == 'local' else 'this machine'}'s ({_label(c.lost_version)})"
        " is saved in this list"
    )


def conflicts_document(items: list[Conflict], labels: Labels) -> Document:
    entries = [
        Item(
            f"{c.at[:16].replace('T', ' ')} · {labels[c.table][0] if c.table in labels else c.table}",
            _what_happened(c),
            _values(c.kept_version, c.lost_version),
        )
        for c in items
    ]
    left_out = sum(1 for c in items if c.kept == "local" and "left_out" in (c.lost_version or {}))
    heading = ("Conflicts: both sides changed a record between syncs" if not left_out
               else "Conflicts: versions from the hub that were left out" if left_out == len(items)
               else "Conflicts: records both sides changed, and versions from the hub left out")
    return Document(
        [
            Items(
                heading,
                entries,
                follow_up_label="Its values",
                empty="No conflicts: every sync so far found at most one side changed each record.",
            )
        ],
        data=[
            {"at": c.at, "hub": c.hub, "table": c.table, "uuid": c.uuid, "kept": c.kept,
             "kept_version": c.kept_version, "other_version": c.lost_version}
            for c in items
        ],
    )


def people_document(people: list[Any]) -> Document:
    rows = [[p.role, "coach" if p.kind == "coach" else "self-tracking client", ", ".join(p.clients)]
            for p in people]
    return Document(
        [Table("People on the hub", [Column("Role"), Column("Kind"), Column("May sync")], rows,
               empty="Nobody yet. Add a coach with: coach hub grant ROLE")],
        data=[{"role": p.role, "kind": p.kind, "clients": list(p.clients)} for p in people],
    )
