"""The rules a record of an export must meet, and the form it is stored in.

One set of rules for every road a record takes in: a file (:mod:`coachcli.portable.importer`
and its column-wise fast check, :mod:`coachcli.portable.columns`) and a sync
(:func:`problem_with`). Each field's check accepts the values ``coach export`` writes
with a few type and range tests and hands anything else to :func:`field_value`, which
accepts or refuses it with the message.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, date, datetime

from coachcli.errors import CoachError, InputError, ScheduleError
from coachcli.limits import AMOUNT_DECIMALS as DECIMALS
from coachcli.limits import MAX_AMOUNT, MAX_ID, MAX_TEXT, MAX_YEAR, MIN_YEAR, date_in_range, year_range
from coachcli.portable.fmt import Field, TableSpec
from coachcli.portable.records import Record
from coachcli.store.reportdata import SETTING_PREFIX
from coachcli.textsafe import clean

UUID = re.compile(r"[!-~]{1,100}")  # printable ASCII, no spaces
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: Lone UTF-16 surrogates: JSON's "\ud800" decodes to one, which no UTF-8 text can hold.
_SURROGATE = re.compile("[\ud800-\udfff]")


class ImportRefused(InputError):
    """The file cannot be imported; nothing was changed."""


def clip(text: str) -> str:
    return clean(text)[:40]


def check_settings(value: object, source: str) -> dict[str, str]:
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
                raise InputError(f"must be a number, got {show(raw)}")
            out[key] = repr(check_setting(name, str(raw)))
        except CoachError as exc:
            raise ImportRefused(f"{source}: settings[{key!r}]: {exc}") from None
    return out


class Bad(Exception):
    """One problem with one value of a record."""


def check_record(spec: TableSpec, rec: Record) -> None:
    """Check ``rec`` against ``spec`` and normalise it in place; raises :class:`Bad`."""
    checker = _CHECKERS.get(spec.name)
    if checker is None or checker[0] is not spec:
        checker = _CHECKERS[spec.name] = (spec, _record_checker(spec))
    checker[1](rec)


_CHECKERS: dict[str, tuple[TableSpec, Callable[[Record], None]]] = {}


def _record_checker(spec: TableSpec) -> Callable[[Record], None]:
    """The check of one table's records, built once: an import runs it for every record.

    Each field's check accepts the values ``coach export`` writes with a few
    type and range tests, and hands anything else to :func:`field_value`, which
    accepts or refuses it with the message: one set of rules, a fast road in.
    """
    fields = [(f.name, _field_checker(f)) for f in spec.fields]
    parent_key = spec.parent_key
    is_steps, is_ratings = spec.name == "steps", spec.name == "ratings"
    is_plans = spec.name == "step_plans"
    is_commitments = spec.name == "commitments"
    uuid_ok, canonical = UUID.fullmatch, CANONICAL_TIME.fullmatch
    earliest, after_last = EARLIEST_TIME, AFTER_LAST_TIME

    def check(rec: Record) -> None:
        value = rec.get("uuid")
        if not (type(value) is str and uuid_ok(value)):
            rec["uuid"] = _uuid(value, "uuid")
        rid = rec.get("id")
        if rid is not None and not (type(rid) is int and 1 <= rid <= MAX_ID):
            raise Bad(f'"id" must be a positive whole number up to {MAX_ID}, got {show(rid)}')
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
                raise Bad('a step needs exactly one of "schedule" and "due_date"')
            if rec["until_date"] is not None and rec["until_date"] < rec["start_date"]:
                raise Bad(f'"until_date" {rec["until_date"]} is before "start_date" {rec["start_date"]}')
        if is_plans and (rec["schedule"] is None) == (rec["due_date"] is None):
            raise Bad('an earlier plan needs exactly one of "schedule" and "due_date"')
        if is_ratings and rec["importance"] is None and rec["confidence"] is None:
            raise Bad('a rating needs "importance" or "confidence"')
        if is_commitments and (rec["outcome"] is None) != (rec["outcome_on"] is None):
            raise Bad('a commitment needs both "outcome" and "outcome_on", or neither')

    return check


#: Text that :func:`_text` refuses on sight (a NUL, a lone surrogate), and on one line.
BAD_TEXT = re.compile("[\x00\ud800-\udfff]")
BAD_LINE = re.compile("[\x00\ud800-\udfff\n\r]")
#: Dates and schedules already checked: a file repeats the same few hundred of each.
GOOD_DATES: set[str] = set()
_GOOD_SCHEDULES: dict[str, str] = {}


def _field_checker(f: Field) -> Callable[[object], object]:
    """One field's check: the common, valid values on a fast road, the rest by :func:`field_value`."""

    def slow(value: object) -> object:
        return field_value(f, value)

    optional = not f.required
    if f.kind in ("text", "line"):
        bad = (BAD_LINE if f.kind == "line" else BAD_TEXT).search

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
            if type(value) is str and value in GOOD_DATES:
                return value
            checked = slow(value)
            if len(GOOD_DATES) < 200_000:
                GOOD_DATES.add(str(checked))
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
        uuid_ok = UUID.fullmatch

        def reference(value: object) -> object:
            if value is None and optional:
                return None
            if type(value) is str and uuid_ok(value):
                return value
            return _uuid(value, f.name)

        return reference
    if f.kind == "list":
        bad_text = BAD_TEXT.search

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
        check_record(spec, rec)
    except Bad as bad:
        return str(bad)
    return None


def _uuid(value: object, name: str) -> str:
    if not isinstance(value, str) or not UUID.fullmatch(value):
        raise Bad(f'"{name}" must be a UUID, got {show(value)}')
    return value


def show(value: object) -> str:
    if isinstance(value, list | dict):
        return "a list" if isinstance(value, list) else "an object"
    try:
        text = json.dumps(value, ensure_ascii=True)
    except ValueError:  # an integer of thousands of digits
        return "a number too long to show"
    return text if len(text) <= 40 else text[:37] + "..."


def _text(value: object, name: str, *, one_line: bool = False) -> str:
    if not isinstance(value, str):
        raise Bad(f'"{name}" must be text, got {show(value)}')
    if "\x00" in value:
        raise Bad(f'"{name}" contains a NUL character')
    if _SURROGATE.search(value):
        raise Bad(f'"{name}" is not valid Unicode text (it holds a lone surrogate such as \\ud800)')
    if len(value) > MAX_TEXT:
        raise Bad(f'"{name}" is {len(value)} characters long; the limit is {MAX_TEXT}')
    if one_line and ("\n" in value or "\r" in value):
        raise Bad(f'"{name}" must be one line')
    return value


def field_value(f: Field, value: object) -> object:
    """One field's value, checked and in the database's form (bools as 0/1, lists as JSON)."""
    if value is None:
        if f.required and f.kind not in ("bool", "list"):
            raise Bad(f'"{f.name}" is required')
        if f.kind == "bool":
            return 0
        if f.kind == "list":
            return "[]"
        return None
    if f.kind in ("text", "line"):
        text = _text(value, f.name, one_line=f.kind == "line")
        if f.required and not text.strip():
            raise Bad(f'"{f.name}" cannot be empty')
        return text
    if f.kind == "date":
        if not isinstance(value, str) or not _DATE.fullmatch(value):
            raise Bad(f'"{f.name}" must be a date YYYY-MM-DD, got {show(value)}')
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise Bad(f'"{f.name}" is not a real date: {value}') from None
        if not date_in_range(day):
            raise Bad(f'"{f.name}" {value} is outside the supported years {year_range()}')
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
            raise Bad(f'"{f.name}" must be a whole number{span}, got {show(value)}')
        return value
    if f.kind == "amount":
        if (not isinstance(value, (int, float)) or isinstance(value, bool)
                or not 0 <= value <= MAX_AMOUNT):  # NaN fails the comparison too
            raise Bad(f'"{f.name}" must be a number from 0 to {MAX_AMOUNT}, got {show(value)}')
        return round(float(value), DECIMALS)
    if f.kind == "bool":
        if value not in (True, False, 0, 1) or isinstance(value, float):
            raise Bad(f'"{f.name}" must be true or false, got {show(value)}')
        return int(bool(value))
    if f.kind == "enum":
        if value not in f.choices:
            raise Bad(f'"{f.name}" must be one of {", ".join(f.choices)}, got {show(value)}')
        return value
    if f.kind == "uuid":
        return _uuid(value, f.name)
    if f.kind == "list":
        if not isinstance(value, list):
            raise Bad(f'"{f.name}" must be a list of texts, got {show(value)}')
        return json.dumps([_text(v, f.name) for v in value], ensure_ascii=False)
    # schedule
    if not isinstance(value, str):
        raise Bad(f'"{f.name}" must be a schedule rule, got {show(value)}')
    from coachcli.domain.schedule import plan_schedule

    try:
        return plan_schedule(value).text
    except ScheduleError as exc:
        raise Bad(f'"{f.name}": {exc}') from None


CANONICAL_TIME = re.compile(
    r"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
    r"T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\.[0-9]{3}Z"
)


def _timestamp(value: object, name: str) -> str:
    """An ISO 8601 instant, rewritten in the database's form so text order is time order."""
    if type(value) is str and CANONICAL_TIME.fullmatch(value) and EARLIEST_TIME <= value < AFTER_LAST_TIME:
        return value  # what coachcli writes: most of every file (the latest is checked in merge)
    if not isinstance(value, str) or "T" not in value:
        raise Bad(f'"{name}" must be an ISO 8601 timestamp, got {show(value)}')
    try:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        moment = moment.astimezone(UTC)
    except ValueError:
        raise Bad(f'"{name}" must be an ISO 8601 timestamp, got {show(value)}') from None
    except OverflowError:  # 0001-01-01T00:00:00+01:00 is before the first day Python knows
        moment = None
    if moment is None or not date_in_range(moment.date()):
        raise Bad(f'"{name}" {show(value)} is outside the supported years {year_range()}')
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


EARLIEST_TIME = f"{MIN_YEAR:04d}-01-01T00:00:00.000Z"
AFTER_LAST_TIME = f"{MAX_YEAR + 1:04d}-01-01T00:00:00.000Z"
