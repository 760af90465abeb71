"""``coach import FILE``: reading and checking an export as it streams in.

The file is read incrementally (:mod:`coachcli.portable.jsonstream`), so a
whole caseload imports in bounded memory, and each record is checked against
the format (:mod:`coachcli.portable.fmt`) by the rules of
:mod:`coachcli.portable.checks` before :mod:`coachcli.portable.merge` writes it.
The merge rules are described there.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from coachcli.portable.checks import UUID, Bad, ImportRefused, check_record, check_settings, clip, show
from coachcli.portable.fmt import FORMAT_NAME, FORMAT_VERSION, SPECS, TABLES, TableSpec, plural
from coachcli.portable.jsonstream import JsonProblem, JsonStream
from coachcli.portable.records import Record


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
    normalised one by one (:func:`check_record`); the first problem refuses
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
                raise ImportRefused(f'{self.source}: "{clip(key)}" appears twice')
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
            self.settings = check_settings(value, self.source)

    def _bad_version(self, value: object) -> ImportRefused:
        return ImportRefused(f'{self.source}: "version" must be a whole number, got {show(value)}')

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
            check_record(spec, rec)
        except Bad as bad:
            uuid = rec.get("uuid")
            label = f" (uuid {uuid})" if isinstance(uuid, str) and UUID.fullmatch(uuid) else ""
            raise ImportRefused(f"{where}{label}: {bad}") from None


#: Records checked, and then merged, as one run.
RUN = 2000
#: Top-level keys whose values the reader needs; any other is skipped unread.
_HEADER = frozenset({"format", "version", "exported_at", "settings"})
