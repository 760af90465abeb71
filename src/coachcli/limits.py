"""Every bound on what coachcli accepts, stated once.

The date grammar, the schedule grammar, the command line, the fast path and
the importer all read their limits from here, so a value refused in one place
is refused everywhere, and the README lists the same numbers (its "Limits"
table is checked against this module by ``tests/test_docs.py``).

Each bound is far beyond any real coaching practice and small enough that no
arithmetic on it can overflow (SQLite integers are 64-bit, Python's ``date``
ends in 9999) or run away (a report never plans more than one occurrence per
step per day). Standard library only: ``coach done`` imports this module.
"""

from __future__ import annotations

from datetime import date, timedelta

#: Dates a command or an import accepts: event dates, due dates, report windows.
MIN_YEAR = 1900
MAX_YEAR = 2199
MIN_DATE = date(MIN_YEAR, 1, 1)
MAX_DATE = date(MAX_YEAR, 12, 31)

#: Largest record id an import may give; far below SQLite's 2**63 - 1, so that
#: numbering after it can never overflow or make SQLite pick random ids.
MAX_ID = 2**31 - 1
#: SQLite's largest integer: an id typed past it names no record (and cannot be bound).
SQLITE_MAX_INT = 2**63 - 1

#: Largest ``--count`` (times a step was done on one day), typed or imported.
MAX_COUNT = 1000

#: Largest amount one entry of a measurable step carries (``--amount``), or a target asks
#: for (``--at-least``/``--at-most``); amounts keep AMOUNT_DECIMALS decimals.
MAX_AMOUNT = 1_000_000
AMOUNT_DECIMALS = 3

#: Longest text (a title, a note, a win), in characters.
MAX_TEXT = 10_000

#: Largest ``N`` in ``every N days``.
MAX_EVERY = 9999

#: Largest export file ``coach import`` reads; a bigger (or endless) one is
#: refused once this many bytes have been read, before anything is written.
MAX_IMPORT_BYTES = 1 << 30

#: Longest single value (one record, one header field) in an import, in characters.
#: Records hold only texts, numbers and lists of texts, so anything nested in
#: them is refused by its shape, and nesting too deep to decode is refused too.
MAX_IMPORT_VALUE = 16 << 20

#: Most clients one import may add or merge (each is kept in memory while the
#: file is read, to refuse two with the same name).
MAX_IMPORT_CLIENTS = 100_000

#: How far in the future an imported ``created_at``/``updated_at`` may be
#: (clocks drift). A later one is refused: the newer ``updated_at`` wins a
#: merge, so a timestamp from the future would win every merge after it.
MAX_CLOCK_SKEW = timedelta(days=1)

#: Longest report window, in days (three years).
MAX_WINDOW_DAYS = 366 * 3

def year_range() -> str:
    """``1900-2199``, for messages."""
    return f"{MIN_YEAR}-{MAX_YEAR}"


def date_in_range(d: date) -> bool:
    return MIN_DATE <= d <= MAX_DATE


def id_in_range(value: int) -> bool:
    """Whether a typed id could name a record at all."""
    return 1 <= value <= SQLITE_MAX_INT
