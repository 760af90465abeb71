"""Checking a run of an export's records column by column, without rebuilding any of them.

``coach import`` checks every record (:mod:`coachcli.portable.checks`); a
whole practice is over half a million of them, nearly all valid as
``coach export`` wrote them. For such a run, what the record-by-record check
would do is known in advance: accept each value as it stands. This module
proves that for a run at once, with a few set, regex and min/max operations
over each column (``set(days) <= known days``, one regular expression over
all the run's UUIDs joined), so no record is visited value by value in
Python. When it cannot prove it (a value of another type, a date not yet
seen and not valid, a missing key), it says so, and the caller checks that
run record by record, with the same rules, normalisation and messages.

Only tables whose values are all kept as they arrive take this road; a
table with a value the record check rewrites (a flag stored as 0/1, a list
stored as JSON text, a schedule stored in its canonical form) or with rules
across fields beyond those below is checked record by record.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from operator import itemgetter, methodcaller
from typing import Any

from coachcli.limits import MAX_AMOUNT, MAX_ID, MAX_TEXT
from coachcli.portable import checks
from coachcli.portable.fmt import Field, TableSpec

Column = Sequence[Any]
_NONE = type(None)
#: The kinds of value the record check keeps exactly as they arrive, when they are valid.
_AS_THEY_ARE = frozenset({"text", "line", "date", "int", "amount", "enum", "uuid"})
_BUILT: dict[str, tuple[TableSpec, Callable[[list[Any]], bool] | None]] = {}


def column_check(spec: TableSpec) -> Callable[[list[Any]], bool] | None:
    """The run check for ``spec``'s records (True: all valid as they stand), or None if it has none."""
    found = _BUILT.get(spec.name)
    if found is None or found[0] is not spec:
        found = _BUILT[spec.name] = (spec, _build(spec))
    return found[1]


def _build(spec: TableSpec) -> Callable[[list[Any]], bool] | None:
    if any(f.kind not in _AS_THEY_ARE for f in spec.fields) or spec.name not in _ACROSS:
        return None
    keys = tuple(k for k in spec.keys if k != "id")  # "id" may be left out
    take = itemgetter(*keys)
    uuids = _uuids(checks.UUID.pattern)
    by_key: dict[str, Callable[[Column], bool]] = {"uuid": uuids}
    if spec.parent_key is not None:
        by_key[spec.parent_key] = uuids
    for f in spec.fields:
        by_key[f.name] = _field(f)
    stamps = _stamps()
    by_key["created_at"] = by_key["updated_at"] = stamps
    tests = [by_key[k] for k in keys]
    across = _ACROSS[spec.name]
    position = {k: n for n, k in enumerate(keys)}
    get_id = methodcaller("get", "id")

    def check(records: list[Any]) -> bool:
        if not records or set(map(type, records)) != {dict}:
            return False
        try:
            columns = list(zip(*map(take, records), strict=True))
            return (all(test(column) for test, column in zip(tests, columns, strict=True))
                    and across(columns, position)
                    and _ints(list(map(get_id, records)), 1, MAX_ID, optional=True))
        except (KeyError, TypeError):  # a value left out, or one no rule here expects
            return False

    return check


def _present(values: Column, optional: bool) -> Column | None:
    """The values that are not None (None if a None is not allowed here)."""
    if _NONE not in set(map(type, values)):
        return values
    return [v for v in values if v is not None] if optional else None


def _only(values: Column, *types: type) -> bool:
    return set(map(type, values)) <= set(types)


def _ints(values: Column, low: int, high: int, *, optional: bool) -> bool:
    present = _present(values, optional)
    if present is None or not _only(present, int):
        return False
    return not present or (min(present) >= low and max(present) <= high)


def _each(every: re.Pattern[str], between: str, values: Column) -> bool:
    """Whether each of ``values`` (texts) matches, by one match of them all joined by ``between``.

    ``every`` matches the values with ``between`` between them; a value that
    holds ``between`` itself could pass as two, so the joined text must hold
    it exactly once per gap.
    """
    joined = between.join(values)
    return joined.count(between) == len(values) - 1 and every.fullmatch(joined) is not None


def _uuids(one: str) -> Callable[[Column], bool]:
    every = re.compile(f"(?:{one})(?: (?:{one}))*")

    def test(values: Column) -> bool:
        return _only(values, str) and _each(every, " ", values)

    return test


def _stamps() -> Callable[[Column], bool]:
    one = checks.CANONICAL_TIME.pattern
    every = re.compile(f"(?:{one})(?:\n(?:{one}))*")
    earliest, after_last = checks.EARLIEST_TIME, checks.AFTER_LAST_TIME

    def test(values: Column) -> bool:
        return (_only(values, str) and _each(every, "\n", values)
                and min(values) >= earliest and max(values) < after_last)

    return test


def _field(f: Field) -> Callable[[Column], bool]:
    optional = not f.required
    if f.kind in ("text", "line"):
        bad = (checks.BAD_LINE if f.kind == "line" else checks.BAD_TEXT).search

        def text(values: Column) -> bool:
            present = _present(values, optional)
            if present is None:
                return False
            if not present:
                return True
            return (_only(present, str) and max(map(len, present)) <= MAX_TEXT
                    and bad("".join(present)) is None and (optional or all(map(str.strip, present))))

        return text
    if f.kind == "date":
        def day(values: Column) -> bool:
            present = _present(values, optional)
            if present is None or not _only(present, str):
                return False
            for value in set(present) - checks.GOOD_DATES:
                try:
                    checks.field_value(f, value)  # a valid date is kept as it is
                except checks.Bad:
                    return False
                if len(checks.GOOD_DATES) < 200_000:
                    checks.GOOD_DATES.add(value)
            return True

        return day
    if f.kind == "int":
        low = f.low if f.low is not None else -(2**63)
        high = f.high if f.high is not None else 2**63 - 1
        return lambda values: _ints(values, low, high, optional=optional)
    if f.kind == "amount":
        def amount(values: Column) -> bool:
            present = _present(values, optional)
            if present is None or not _only(present, int, float):
                return False
            return not present or (min(present) >= 0 and max(present) <= MAX_AMOUNT)

        return amount
    if f.kind == "enum":
        choices = frozenset(f.choices)

        def choice(values: Column) -> bool:
            present = _present(values, optional)
            return present is not None and _only(present, str) and set(present) <= choices

        return choice
    assert f.kind == "uuid", f.kind
    uuids = _uuids(checks.UUID.pattern)

    def reference(values: Column) -> bool:
        present = _present(values, optional)
        return present is not None and (not present or uuids(present))

    return reference


def _none(columns: Sequence[Column], at: dict[str, int]) -> bool:
    return True


def _rating(columns: Sequence[Column], at: dict[str, int]) -> bool:
    """A rating has an importance or a confidence."""
    both = zip(columns[at["importance"]], columns[at["confidence"]], strict=True)
    return all(i is not None or c is not None for i, c in both)


def _commitment(columns: Sequence[Column], at: dict[str, int]) -> bool:
    """A commitment has an outcome and its day, or neither."""
    both = zip(columns[at["outcome"]], columns[at["outcome_on"]], strict=True)
    return all((o is None) == (d is None) for o, d in both)


#: The tables that take this road, with their rules across fields (as in the record check).
_ACROSS: dict[str, Callable[[Sequence[Column], dict[str, int]], bool]] = {
    "clients": _none, "status_changes": _none, "ratings": _rating, "actions": _none,
    "commitments": _commitment, "groups": _none, "group_members": _none,
    "group_consents": _none, "group_steps": _none,
}
