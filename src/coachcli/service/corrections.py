"""Corrections: changing or removing one logged entry, named by its reference.

``coach log`` shows every entry with a reference: the letter of its kind
and its id (``a12`` an action, ``c3`` a check-in, ``r5`` a rating, ``s4`` a
status change). An edit or a deletion is one journaled write, so ``coach
undo`` reverts it like any other; what it refuses, it refuses before
changing anything.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from coachcli.domain.logged import format_amount, read_amount, split_measure
from coachcli.domain.records import Correction, Step
from coachcli.errors import InputError, NotFoundError, StateError
from coachcli.service.clients import check_client_active
from coachcli.service.goals import STATUS_WORDS
from coachcli.service.steps import get_step
from coachcli.service.tracking import KIND_WORDS, check_log_date, check_no_contradiction
from coachcli.service.validate import check_not_future, check_ruler, clean_text
from coachcli.store import Database, Tx, actions, entries

#: What each kind of entry is called, for messages.
KIND_NAMES = {"actions": "an action", "checkins": "a check-in", "commitments": "a commitment",
              "ratings": "a rating", "status_changes": "a status change"}
_DATED = frozenset(KIND_NAMES) - {"commitments"}

#: Which entries each edit takes (the rest: ``on`` and ``note`` apply to all), and its option.
FIELDS: dict[str, tuple[frozenset[str], str]] = {
    "on": (frozenset(KIND_NAMES), "--on"),
    "note": (_DATED, "--note"),
    "text": (frozenset({"commitments"}), "--text"),
    "sure": (frozenset({"commitments"}), "--sure"),
    "due": (frozenset({"commitments"}), "--due"),
    "outcome": (frozenset({"commitments"}), "--outcome"),
    "count": (frozenset({"actions"}), "--count"),
    "amount": (frozenset({"actions"}), "--amount"),
    "kind": (frozenset({"actions"}), "--kind"),
    "mood": (frozenset({"checkins"}), "--mood"),
    "wins": (frozenset({"checkins"}), "--win"),
    "obstacles": (frozenset({"checkins"}), "--obstacle"),
    "commitments": (frozenset({"checkins"}), "--commit"),
    "importance": (frozenset({"ratings"}), "--importance"),
    "confidence": (frozenset({"ratings"}), "--confidence"),
}

_REF = re.compile(r"([ackrs])(\d{1,18})")
_KINDS = {"done": "done", "missed": "missed", "skip": "skipped", "skipped": "skipped"}


def parse_ref(ref: str) -> tuple[str, int]:
    """``a12`` -> (``actions``, 12); anything else is a clear error."""
    m = _REF.fullmatch(ref.strip().lower())
    if m is None:
        raise InputError(
            f"'{ref}' is not an entry reference: they read like a12 (an action), c3 (a check-in), "
            "k7 (a commitment), r5 (a rating) or s4 (a status change), as coach log shows them"
        )
    return entries.REF_TABLES[m.group(1)], int(m.group(2))


def _get(db: Database, ref: str) -> tuple[str, int, dict[str, Any]]:
    table, row_id = parse_ref(ref)
    found = entries.entry(db, table, row_id)
    if found is None:
        raise NotFoundError(f"no entry {ref.strip().lower()} (coach log shows each entry's reference)")
    return table, row_id, found


def label(table: str, e: Mapping[str, Any]) -> str:
    """An entry in a few words: "done 'Walk 20 minutes' on 2026-11-30"."""
    day = e["on_date"]
    if table == "actions":
        return f"{KIND_WORDS[e['kind']]} '{e['subject']}' on {day}"
    if table == "checkins":
        return f"{'session' if e['session'] else 'check-in'} on {day}"
    if table == "ratings":
        return f"rating of '{e['subject']}' on {day}"
    if table == "commitments":
        return f"commitment '{e['subject']}' of {day}"
    verb = "began" if e.get("first") else STATUS_WORDS[e["status"]]
    return f"{verb} '{e['subject']}' on {day}"


def _shown(value: object) -> str:
    if value is None or value == []:
        return "-"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, float):
        return format_amount(value)
    return str(value)


def edit_entry(db: Database, ref: str, *, today: date, values: Mapping[str, Any]) -> Correction:
    """Change some values of one entry; ``values`` keys are those of :data:`FIELDS`."""
    given = {k: v for k, v in values.items() if v is not None}
    table, row_id = parse_ref(ref)
    if not given:
        raise InputError(
            "nothing to change: give --on or --note, and for an action --count, --amount or --kind, for a "
            "check-in --mood, --win, --obstacle or --commit, for a rating --importance or --confidence"
        )
    for key in given:
        kinds, option = FIELDS[key]
        if table not in kinds:
            which = " or ".join(KIND_NAMES[k] for k in sorted(kinds))
            raise InputError(f"{ref.strip().lower()} is {KIND_NAMES[table]}: {option} applies to {which}")
    if table == "commitments":
        return _edit_commitment(db, ref, row_id, given, today)
    with db.write(f"edit {ref}") as tx:
        table, row_id, e = _get(db, ref)
        check_client_active(db, e["client_id"])
        columns = _columns(db, table, e, given, today)
        changes = tuple(
            (name, _shown(e.get(col)), _shown(columns[col]))
            for name, col in _NAMES[table] if col in columns and columns[col] != e.get(col)
        )
        if not changes:
            raise InputError(f"{ref.strip().lower()} already reads so; nothing was changed")
        tx.describe(f"edit of {label(table, e)}", e["client"])
        replaced = columns.pop("commitments", None)
        if replaced is not None:  # records of their own: the old ones go, the new ones are made
            _replace_commitments(db, tx, e, replaced)
        stored = {c: json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v
                  for c, v in columns.items()}
        if stored:
            tx.update(table, row_id, stored)
    return Correction(ref.strip().lower(), e["client"], label(table, e), changes)


def _replace_commitments(db: Database, tx: Tx, e: Mapping[str, Any], texts: Sequence[str]) -> None:
    from coachcli.service.sessions import write_commitments
    from coachcli.store.queries import find_client

    for cid in entries.commitment_ids(db, e["id"]):
        tx.delete("commitments", cid)
    client = find_client(db, e["client"])
    assert client is not None
    write_commitments(db, tx, client, e["id"], on=date.fromisoformat(e["on_date"]), texts=texts,
                      sure=e["sure"])


def _edit_commitment(
    db: Database, ref: str, row_id: int, given: Mapping[str, Any], today: date,
) -> Correction:
    """``coach edit kN``: its text, strength, due day, or how it went (``--outcome``, dated ``--on``)."""
    from coachcli.service.sessions import edit_commitment

    found = entries.entry(db, "commitments", row_id)
    if found is None:
        raise NotFoundError(f"no entry {ref.strip().lower()} (coach log shows each entry's reference)")
    outcome = given.get("outcome")
    after = edit_commitment(db, f"k{row_id}", today=today, text=given.get("text"), sure=given.get("sure"),
                            due=given.get("due"), outcome=None if outcome in ("none", "") else outcome,
                            clear_outcome=outcome in ("none", ""), on=given.get("on"))
    before = (("text", found["text"], after.text), ("sure", found["sure"], after.sure),
              ("due", found["due_date"], after.due_date.isoformat() if after.due_date else None),
              ("outcome", found["outcome"], after.outcome),
              ("looked at on", found["outcome_on"],
               after.outcome_on.isoformat() if after.outcome_on else None))
    changes = tuple((name, _shown(old), _shown(new)) for name, old, new in before if old != new)
    return Correction(ref.strip().lower(), found["client"], label("commitments", found), changes)


#: (shown name, column) of what an edit can change, per kind of entry.
_NAMES: dict[str, tuple[tuple[str, str], ...]] = {
    "actions": (("date", "on_date"), ("kind", "kind"), ("count", "count"), ("amount", "amount"),
                ("note", "note")),
    "checkins": (("date", "on_date"), ("mood", "mood"), ("wins", "wins"),
                 ("obstacles", "obstacles"), ("commitments", "commitments"), ("note", "note")),
    "ratings": (("date", "on_date"), ("importance", "importance"), ("confidence", "confidence"),
                ("note", "note")),
    "status_changes": (("date", "on_date"), ("reason", "reason")),
}


def _columns(
    db: Database, table: str, e: Mapping[str, Any], given: Mapping[str, Any], today: date
) -> dict[str, Any]:
    """The new column values of an edit, each checked as the command that logged it would."""
    out: dict[str, Any] = {}
    on: date | None = given.get("on")
    if on is not None:
        check_not_future(on, today, "--on")
        out["on_date"] = on.isoformat()
    if "note" in given:
        out["reason" if table == "status_changes" else "note"] = clean_text(given["note"], "note")
    if table == "actions":
        _action_columns(db, e, given, on, out)
    elif table == "checkins":
        if "mood" in given and not 1 <= given["mood"] <= 5:
            raise InputError(f"--mood must be between 1 and 5, got {given['mood']}")
        if "mood" in given:
            out["mood"] = given["mood"]
        for key, what in (("wins", "win"), ("obstacles", "obstacle"), ("commitments", "commitment")):
            if key in given:
                items: Sequence[str] = given[key]
                out[key] = [t for t in (clean_text(v, what) for v in items) if t]
    elif table == "ratings":
        for key in ("importance", "confidence"):
            if key in given:
                out[key] = check_ruler(given[key], key)
    elif on is not None:
        _check_status_date(db, e, on)
    return out


def _action_columns(
    db: Database, e: Mapping[str, Any], given: Mapping[str, Any], on: date | None,
    out: dict[str, Any],
) -> None:
    kind = e["kind"]
    if "kind" in given:
        kind = _KINDS.get(str(given["kind"]).lower())
        if kind is None:
            raise InputError(f"--kind must be done, missed or skip, not {given['kind']!r}")
        out["kind"] = kind
        if kind != "done":
            out["count"] = 1
            out["amount"] = None
    if "count" in given:
        if kind != "done":
            raise InputError(f"--count applies to done entries; this one is {KIND_WORDS[kind]}")
        if given["count"] < 1:
            raise InputError(f"--count must be at least 1, got {given['count']}")
        out["count"] = given["count"]
    step: Step = get_step(db, e["step_id"])
    day = on or date.fromisoformat(e["on_date"])
    measured = split_measure(_plan_on(db, step.id, day))
    if "count" in given and measured is not None:
        raise InputError(f"step {step.id} is measured in {measured[2]}: --amount says how much, "
                         "--count is for yes/no steps")
    if "amount" in given:
        if kind != "done":
            raise InputError(f"--amount applies to done entries; this one is {KIND_WORDS[kind]}")
        if measured is None:
            raise InputError(f"step {step.id} is a yes/no step on {day}: --amount is for a measured step")
        out["amount"] = read_amount(str(given["amount"]))
    elif measured is not None and kind == "done" and e.get("amount") is None:
        raise InputError(f"step {step.id} is measured on {day} ({measured[2]}): give --amount too")
    elif measured is not None and kind == "missed":
        raise InputError(f"step {step.id} is measured on {day}: its entries are amounts (--amount), "
                         "or a day set aside (--kind skip)")
    elif measured is None and kind == "done" and e.get("amount") is not None and (
            "on" in given or "kind" in given):
        raise InputError(f"step {step.id} is a yes/no step on {day}: an amount cannot move there")
    if step.status == "dropped" and step.dropped_on is not None and day >= step.dropped_on:
        raise StateError(f"step {step.id} was dropped on {step.dropped_on}")
    if on is not None:
        found = actions.step_for_log(db, step.id, on)
        assert found is not None  # the entry's own step
        check_log_date(db, step.id, step.goal_id, found[6], on)
    if "kind" in given or on is not None:
        check_no_contradiction(db, step.id, step.title, kind, day, leaving=e["id"])


def _plan_on(db: Database, step_id: int, day: date) -> str | None:
    """The stored text of the step's plan in force on ``day``."""
    found = actions.step_for_log(db, step_id, day)
    return None if found is None else found[7]


def _check_status_date(db: Database, e: Mapping[str, Any], on: date) -> None:
    """A status change stays between the one it follows and the one after it."""
    changes = entries.status_changes(db, e["goal_id"])
    at = next(i for i, c in enumerate(changes) if c[0] == e["id"])
    if at > 0 and on < changes[at - 1][1]:
        prev = changes[at - 1]
        raise InputError(
            f"s{e['id']} follows s{prev[0]} ({STATUS_WORDS[prev[2]]} on {prev[1]}); it cannot be "
            f"dated before it ({on})"
        )
    if at + 1 < len(changes) and on > changes[at + 1][1]:
        nxt = changes[at + 1]
        raise InputError(
            f"s{e['id']} comes before s{nxt[0]} ({STATUS_WORDS[nxt[2]]} on {nxt[1]}); it cannot be "
            f"dated after it ({on})"
        )


def delete_entry(db: Database, ref: str) -> Correction:
    """Remove one entry. A status change can go only if it is its goal's latest, not its beginning."""
    with db.write(f"delete {ref}") as tx:
        table, row_id, e = _get(db, ref)
        check_client_active(db, e["client_id"])
        name = ref.strip().lower()
        if table == "status_changes":
            changes = entries.status_changes(db, e["goal_id"])
            if changes[0][0] == row_id:
                raise StateError(
                    f"{name} is the day goal {e['goal_id']} began; it can be dated otherwise "
                    f"(coach edit {name} --on DATE), not deleted"
                )
            if changes[-1][0] != row_id:
                last = changes[-1]
                raise StateError(
                    f"{name} is not goal {e['goal_id']}'s latest status change (s{last[0]}, "
                    f"{STATUS_WORDS[last[2]]} on {last[1]}): delete that one first"
                )
        tx.describe(f"deleted {label(table, e)}", e["client"])
        if table == "checkins":  # its commitments go with it (and come back with an undo)
            for cid in entries.commitment_ids(db, row_id):
                tx.delete("commitments", cid)
        tx.delete(table, row_id)
    return Correction(name, e["client"], label(table, e), deleted=True)
