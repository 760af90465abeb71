"""``coach import FILE``: reading and checking an export as it streams in.

The file is read incrementally (:mod:`coachcli.portable.jsonstream`), so a
whole caseload imports in bounded memory, and each record is checked here
against the format (:mod:`coachcli.portable.fmt`) and the bounds
(:mod:`coachcli.limits`) before :mod:`coachcli.portable.merge` writes it.
The merge rules are described there.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from coachcli.errors import CoachError, InputError, ScheduleError
from coachcli.limits import AMOUNT_DECIMALS as DECIMALS
from coachcli.limits import MAX_AMOUNT, MAX_ID, MAX_TEXT, MAX_YEAR, MIN_YEAR, date_in_range, year_range
from coachcli.portable.fmt import FORMAT_NAME, FORMAT_VERSION, SPECS, TABLES, Field, TableSpec, plural
from coachcli.portable.jsonstream import JsonProblem, JsonStream
from coachcli.portable.records import Record
from coachcli.store.reportdata import SETTING_PREFIX
from coachcli.textsafe import clean

_UUID = re.compile(r"[!-~]{1,100}")  # printable ASCII, no spaces
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: Lone UTF-16 surrogates: JSON's "\ud800" decodes to one, which no UTF-8 text can hold.
_SURROGATE = re.compile("[\ud800-\udfff]")


class ImportRefused(InputError):
    """The file cannot be imported; nothing was changed."""


@dataclass(slots=True)
class ImportResult:
    new: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    #: Sentences about clients merged by name or added under --as.
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> str:
        """``Imported: 3 goals, 120 actions new; 2 updated; 540 unchanged.``"""
        new = [plural(s, self.new[s.name]) for s in TABLES if self.new.get(s.name)]
        verb = "Would import" if self.dry_run else "Imported"
        return (
            f"{verb}: {', '.join(new) if new else 'nothing'} new; "
            f"{sum(self.updated.values())} updated; {sum(self.unchanged.values())} unchanged."
        )


# ---------------------------------------------------------------- reading the file


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


@contextmanager
def open_export(path: Path | str) -> Iterator[tuple[IO[bytes], str]]:
    """The export file at ``path`` (``-``: standard input) as a binary stream, and its name.

    A named pipe is opened without waiting for a writer (none: an empty file),
    so ``coach import FIFO`` never hangs; ``<(command)`` still works.
    """
    if str(path) == "-":
        yield sys.stdin.buffer, "stdin"
        return
    p = Path(path).expanduser()
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        os.set_blocking(fd, True)
        stream = os.fdopen(fd, "rb")
    except IsADirectoryError:
        raise ImportRefused(f"{p} is a directory, not an export file") from None
    except FileNotFoundError:
        raise ImportRefused(f"no such file: {p}") from None
    except (OSError, ValueError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ImportRefused(f"cannot read {p}: {why}") from None
    with stream:
        if stat.S_ISDIR(os.fstat(stream.fileno()).st_mode):
            raise ImportRefused(f"{p} is a directory, not an export file")
        yield stream, str(p)


class ExportReader:
    """An export read as it streams in: the header first, then each table's records, checked.

    The layout is the one ``coach export`` writes: ``"format"`` and ``"version"``
    before any table, and the tables in dependency order (clients first), so a
    record's parent is always read before it. Records are checked and
    normalised one by one (:func:`_check_record`); the first problem refuses
    the file with ``source: table[i] (uuid ...)`` and what is wrong.
    """

    def __init__(self, raw: IO[bytes], source: str) -> None:
        self.source = source
        self.exported_at: str | None = None
        #: Report settings (``threshold.*`` meta keys) with their values as text.
        self.settings: dict[str, str] = {}
        self._stream = JsonStream(raw, parse_constant=_no_constants)
        self._format_seen = False
        self._version_seen = False

    def _refused(self, problem: str) -> ImportRefused:
        return ImportRefused(f"{self.source} is not a coachcli export: {problem}")

    def _not_an_export(self) -> ImportRefused:
        return ImportRefused(
            f'{self.source} is not a coachcli export (it lacks "format": "{FORMAT_NAME}" '
            "before its records); make one with: coach export --format json -o FILE"
        )

    def tables(self) -> Iterator[tuple[TableSpec, Iterator[tuple[int, list[Record]]]]]:
        """Each table of the file, in the file's order, with its checked records in runs.

        A run is ``(index of its first record, records)``, at most :data:`RUN`
        records. Consume each table's runs before asking for the next table.
        """
        for spec, records in self._worded(self._tables()):
            yield spec, self._worded(records)

    def _worded(self, items: Iterator[Any]) -> Iterator[Any]:
        """``items``, with a problem in the text beneath them said as a refusal of the file."""
        try:
            yield from items
        except UnicodeDecodeError:
            raise self._refused("it is not UTF-8 text") from None
        except JsonProblem as exc:
            raise self._refused(str(exc)) from None

    def _tables(self) -> Iterator[tuple[TableSpec, Iterator[tuple[int, list[Record]]]]]:
        stream = self._stream
        if stream.first() != "{":
            stream.value()  # not JSON at all: say where; else it is JSON but not an object
            raise self._not_an_export()
        done: list[str] = []
        seen: set[str] = set()
        for key in stream.members():
            if key in seen:
                raise ImportRefused(f'{self.source}: "{_clip(key)}" appears twice')
            seen.add(key)
            spec = SPECS.get(key)
            if spec is None:
                if key in _HEADER:
                    self._header(key, stream.value())
                else:
                    stream.skip()
                continue
            if not (self._format_seen and self._version_seen):
                raise self._not_an_export() if not self._format_seen else self._bad_version(None)
            later = [t for t in done if TABLES.index(SPECS[t]) > TABLES.index(spec)]
            if later:
                raise ImportRefused(
                    f'{self.source}: "{key}" comes after "{later[0]}"; the tables must come in '
                    f"the order coach export writes them ({', '.join(t.name for t in TABLES)})"
                )
            done.append(key)
            if not stream.is_array():
                raise ImportRefused(f'{self.source}: "{key}" must be a list of records')
            yield spec, self._records(spec)
        if not self._format_seen:
            raise self._not_an_export()
        if not self._version_seen:
            raise self._bad_version(None)

    def _header(self, key: str, value: object) -> None:
        if key == "format":
            if value != FORMAT_NAME:
                raise self._not_an_export()
            self._format_seen = True
        elif key == "version":
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise self._bad_version(value)
            if value > FORMAT_VERSION:
                raise ImportRefused(
                    f"{self.source} is export format version {value}, written by a newer "
                    f"coachcli; this one reads version {FORMAT_VERSION}: upgrade coachcli to "
                    "import it"
                )
            self._version_seen = True
        elif key == "exported_at":
            self.exported_at = value if isinstance(value, str) else None
        elif key == "settings":
            self.settings = _check_settings(value, self.source)

    def _bad_version(self, value: object) -> ImportRefused:
        return ImportRefused(f'{self.source}: "version" must be a whole number, got {_show(value)}')

    def _records(self, spec: TableSpec) -> Iterator[tuple[int, list[Record]]]:
        """The table's records in checked runs: each run checked as a whole when it is valid as
        it stands (:mod:`coachcli.portable.columns`), else record by record, naming the first
        problem. A problem in the text after a run's records is raised once they are checked."""
        from coachcli.portable.columns import column_check

        run_check = column_check(spec)
        start = 0
        for run in self._stream.runs(RUN):
            if run_check is None or not run_check(run):
                for i, rec in enumerate(run, start):
                    self._check(spec, i, rec)
            if self._stream.stopped is not None:
                raise self._stream.stopped
            yield start, run
            start += len(run)

    def _check(self, spec: TableSpec, i: int, rec: Any) -> None:
        where = f"{self.source}: {spec.name}[{i}]"
        if not isinstance(rec, dict):
            raise ImportRefused(f"{where} is not a record (an object)")
        try:
            _check_record(spec, rec)
        except _Bad as bad:
            uuid = rec.get("uuid")
            label = f" (uuid {uuid})" if isinstance(uuid, str) and _UUID.fullmatch(uuid) else ""
            raise ImportRefused(f"{where}{label}: {bad}") from None


#: Records checked, and then merged, as one run.
RUN = 2000
#: Top-level keys whose values the reader needs; any other is skipped unread.
_HEADER = frozenset({"format", "version", "exported_at", "settings"})


def _clip(text: str) -> str:
    return clean(text)[:40]


def _check_settings(value: object, source: str) -> dict[str, str]:
    """The file's report settings; values this coachcli does not know are left out."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ImportRefused(f'{source}: "settings" must be an object of name: value')
    from coachcli.domain.signals import DEFAULT_SETTINGS, check_setting

    out: dict[str, str] = {}
    for key, raw in value.items():
        name = key.removeprefix(SETTING_PREFIX)
        if not key.startswith(SETTING_PREFIX) or name not in DEFAULT_SETTINGS:
            continue  # a setting from a newer coachcli: this one would not use it
        try:
            if not isinstance(raw, str | int | float) or isinstance(raw, bool):
                raise InputError(f"must be a number, got {_show(raw)}")
            out[key] = repr(check_setting(name, str(raw)))
        except CoachError as exc:
            raise ImportRefused(f"{source}: settings[{key!r}]: {exc}") from None
    return out


class _Bad(Exception):
    """One problem with one value of a record."""


def _check_record(spec: TableSpec, rec: Record) -> None:
    """Check ``rec`` against ``spec`` and normalise it in place; raises :class:`_Bad`."""
    checker = _CHECKERS.get(spec.name)
    if checker is None or checker[0] is not spec:
        checker = _CHECKERS[spec.name] = (spec, _record_checker(spec))
    checker[1](rec)


_CHECKERS: dict[str, tuple[TableSpec, Callable[[Record], None]]] = {}


def _record_checker(spec: TableSpec) -> Callable[[Record], None]:
    """The check of one table's records, built once: an import runs it for every record.

    Each field's check accepts the values ``coach export`` writes with a few
    type and range tests, and hands anything else to :func:`_value`, which
    accepts or refuses it with the message: one set of rules, a fast road in.
    """
    fields = [(f.name, _field_checker(f)) for f in spec.fields]
    parent_key = spec.parent_key
    is_steps, is_ratings = spec.name == "steps", spec.name == "ratings"
    is_plans = spec.name == "step_plans"
    is_commitments = spec.name == "commitments"
    uuid_ok, canonical = _UUID.fullmatch, _CANONICAL_TIME.fullmatch
    earliest, after_last = _EARLIEST_TIME, _AFTER_LAST_TIME

    def check(rec: Record) -> None:
        value = rec.get("uuid")
        if not (type(value) is str and uuid_ok(value)):
            rec["uuid"] = _uuid(value, "uuid")
        rid = rec.get("id")
        if rid is not None and not (type(rid) is int and 1 <= rid <= MAX_ID):
            raise _Bad(f'"id" must be a positive whole number up to {MAX_ID}, got {_show(rid)}')
        if parent_key is not None:
            value = rec.get(parent_key)
            if not (type(value) is str and uuid_ok(value)):
                rec[parent_key] = _uuid(value, parent_key)
        for name, field_check in fields:
            rec[name] = field_check(rec.get(name))
        for key in ("created_at", "updated_at"):
            value = rec.get(key)
            if not (type(value) is str and canonical(value) and earliest <= value < after_last):
                rec[key] = _timestamp(value, key)
        if is_steps:
            if (rec["schedule"] is None) == (rec["due_date"] is None):
                raise _Bad('a step needs exactly one of "schedule" and "due_date"')
            if rec["until_date"] is not None and rec["until_date"] < rec["start_date"]:
                raise _Bad(f'"until_date" {rec["until_date"]} is before "start_date" {rec["start_date"]}')
        if is_plans and (rec["schedule"] is None) == (rec["due_date"] is None):
            raise _Bad('an earlier plan needs exactly one of "schedule" and "due_date"')
        if is_ratings and rec["importance"] is None and rec["confidence"] is None:
            raise _Bad('a rating needs "importance" or "confidence"')
        if is_commitments and (rec["outcome"] is None) != (rec["outcome_on"] is None):
            raise _Bad('a commitment needs both "outcome" and "outcome_on", or neither')

    return check


#: Text that :func:`_text` refuses on sight (a NUL, a lone surrogate), and on one line.
_BAD_TEXT = re.compile("[\x00\ud800-\udfff]")
_BAD_LINE = re.compile("[\x00\ud800-\udfff\n\r]")
#: Dates and schedules already checked: a file repeats the same few hundred of each.
_GOOD_DATES: set[str] = set()
_GOOD_SCHEDULES: dict[str, str] = {}


def _field_checker(f: Field) -> Callable[[object], object]:
    """One field's check: the common, valid values on a fast road, the rest by :func:`_value`."""

    def slow(value: object) -> object:
        return _value(f, value)

    optional = not f.required
    if f.kind in ("text", "line"):
        bad = (_BAD_LINE if f.kind == "line" else _BAD_TEXT).search

        def text(value: object) -> object:
            if value is None and optional:
                return None
            if type(value) is str and len(value) <= MAX_TEXT and not bad(value) and (
                    optional or value.strip()):
                return value
            return slow(value)

        return text
    if f.kind == "date":
        def day(value: object) -> object:
            if value is None and optional:
                return None
            if type(value) is str and value in _GOOD_DATES:
                return value
            checked = slow(value)
            if len(_GOOD_DATES) < 200_000:
                _GOOD_DATES.add(str(checked))
            return checked

        return day
    if f.kind == "int":
        low = f.low if f.low is not None else -(2**63)
        high = f.high if f.high is not None else 2**63 - 1

        def number(value: object) -> object:
            if (value is None and optional) or (type(value) is int and low <= value <= high):
                return value
            return slow(value)

        return number
    if f.kind == "amount":
        def amount(value: object) -> object:
            if (value is None and optional) or (type(value) in (int, float) and 0 <= value <= MAX_AMOUNT):  # type: ignore[operator]
                return value
            return slow(value)

        return amount
    if f.kind == "bool":
        def flag(value: object) -> object:
            return 1 if value is True else 0 if value is False else slow(value)

        return flag
    if f.kind == "enum":
        choices = frozenset(f.choices)

        def choice(value: object) -> object:
            if type(value) is str and value in choices:
                return value
            return slow(value)

        return choice
    if f.kind == "uuid":
        uuid_ok = _UUID.fullmatch

        def reference(value: object) -> object:
            if value is None and optional:
                return None
            if type(value) is str and uuid_ok(value):
                return value
            return _uuid(value, f.name)

        return reference
    if f.kind == "list":
        bad_text = _BAD_TEXT.search

        def texts(value: object) -> object:
            if type(value) is list:
                if not value:
                    return "[]"
                if all(type(t) is str and len(t) <= MAX_TEXT and not bad_text(t) for t in value):
                    return json.dumps(value, ensure_ascii=False)
            return slow(value)

        return texts

    def schedule(value: object) -> object:
        if value is None and optional:
            return None
        if type(value) is str:
            known = _GOOD_SCHEDULES.get(value)
            if known is not None:
                return known
        checked = slow(value)
        if len(_GOOD_SCHEDULES) < 10_000 and type(value) is str:
            _GOOD_SCHEDULES[value] = str(checked)
        return checked

    return schedule


def problem_with(spec: TableSpec, rec: Record) -> str | None:
    """What is wrong with one record in the export's shape, or None; ``rec`` is normalised in place.

    For records that arrive by other roads than a file (``coach sync``), checked by the same rules.
    """
    try:
        _check_record(spec, rec)
    except _Bad as bad:
        return str(bad)
    return None


def _uuid(value: object, name: str) -> str:
    if not isinstance(value, str) or not _UUID.fullmatch(value):
        raise _Bad(f'"{name}" must be a UUID, got {_show(value)}')
    return value


def _show(value: object) -> str:
    if isinstance(value, list | dict):
        return "a list" if isinstance(value, list) else "an object"
    try:
        text = json.dumps(value, ensure_ascii=True)
    except ValueError:  # an integer of thousands of digits
        return "a number too long to show"
    return text if len(text) <= 40 else text[:37] + "..."


def _text(value: object, name: str, *, one_line: bool = False) -> str:
    if not isinstance(value, str):
        raise _Bad(f'"{name}" must be text, got {_show(value)}')
    if "\x00" in value:
        raise _Bad(f'"{name}" contains a NUL character')
    if _SURROGATE.search(value):
        raise _Bad(f'"{name}" is not valid Unicode text (it holds a lone surrogate such as \\ud800)')
    if len(value) > MAX_TEXT:
        raise _Bad(f'"{name}" is {len(value)} characters long; the limit is {MAX_TEXT}')
    if one_line and ("\n" in value or "\r" in value):
        raise _Bad(f'"{name}" must be one line')
    return value


def _value(f: Field, value: object) -> object:
    """One field's value, checked and in the database's form (bools as 0/1, lists as JSON)."""
    if value is None:
        if f.required and f.kind not in ("bool", "list"):
            raise _Bad(f'"{f.name}" is required')
        if f.kind == "bool":
            return 0
        if f.kind == "list":
            return "[]"
        return None
    if f.kind in ("text", "line"):
        text = _text(value, f.name, one_line=f.kind == "line")
        if f.required and not text.strip():
            raise _Bad(f'"{f.name}" cannot be empty')
        return text
    if f.kind == "date":
        if not isinstance(value, str) or not _DATE.fullmatch(value):
            raise _Bad(f'"{f.name}" must be a date YYYY-MM-DD, got {_show(value)}')
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise _Bad(f'"{f.name}" is not a real date: {value}') from None
        if not date_in_range(day):
            raise _Bad(f'"{f.name}" {value} is outside the supported years {year_range()}')
        return value
    if f.kind == "int":
        low, high = f.low, f.high
        if (
            not isinstance(value, int)
            or isinstance(value, bool)
            or (low is not None and value < low)
            or (high is not None and value > high)
        ):
            span = f" from {low} to {high}" if high is not None else f" of at least {low}"
            raise _Bad(f'"{f.name}" must be a whole number{span}, got {_show(value)}')
        return value
    if f.kind == "amount":
        if (not isinstance(value, (int, float)) or isinstance(value, bool)
                or not 0 <= value <= MAX_AMOUNT):  # NaN fails the comparison too
            raise _Bad(f'"{f.name}" must be a number from 0 to {MAX_AMOUNT}, got {_show(value)}')
        return round(float(value), DECIMALS)
    if f.kind == "bool":
        if value not in (True, False, 0, 1) or isinstance(value, float):
            raise _Bad(f'"{f.name}" must be true or false, got {_show(value)}')
        return int(bool(value))
    if f.kind == "enum":
        if value not in f.choices:
            raise _Bad(f'"{f.name}" must be one of {", ".join(f.choices)}, got {_show(value)}')
        return value
    if f.kind == "uuid":
        return _uuid(value, f.name)
    if f.kind == "list":
        if not isinstance(value, list):
            raise _Bad(f'"{f.name}" must be a list of texts, got {_show(value)}')
        return json.dumps([_text(v, f.name) for v in value], ensure_ascii=False)
    # schedule
    if not isinstance(value, str):
        raise _Bad(f'"{f.name}" must be a schedule rule, got {_show(value)}')
    from coachcli.domain.schedule import plan_schedule

    try:
        return plan_schedule(value).text
    except ScheduleError as exc:
        raise _Bad(f'"{f.name}": {exc}') from None


_CANONICAL_TIME = re.compile(
    r"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
    r"T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\.[0-9]{3}Z"
)


def _timestamp(value: object, name: str) -> str:
    """An ISO 8601 instant, rewritten in the database's form so text order is time order."""
    if type(value) is str and _CANONICAL_TIME.fullmatch(value) and _EARLIEST_TIME <= value < _AFTER_LAST_TIME:
        return value  # what coachcli writes: most of every file (the latest is checked in merge)
    if not isinstance(value, str) or "T" not in value:
        raise _Bad(f'"{name}" must be an ISO 8601 timestamp, got {_show(value)}')
    try:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        moment = moment.astimezone(UTC)
    except ValueError:
        raise _Bad(f'"{name}" must be an ISO 8601 timestamp, got {_show(value)}') from None
    except OverflowError:  # 0001-01-01T00:00:00+01:00 is before the first day Python knows
        moment = None
    if moment is None or not date_in_range(moment.date()):
        raise _Bad(f'"{name}" {_show(value)} is outside the supported years {year_range()}')
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


_EARLIEST_TIME = f"{MIN_YEAR:04d}-01-01T00:00:00.000Z"
_AFTER_LAST_TIME = f"{MAX_YEAR + 1:04d}-01-01T00:00:00.000Z"
