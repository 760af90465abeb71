"""The ``coach`` entry point, with a fast path for the commands run many times a day.

``coach done 12``, ``coach done screens``, ``coach missed 12 --note "late meeting"``
and ``coach skip 12 --on yesterday`` are what a client types from a shell prompt, so they must
answer at once. Importing Typer alone costs about as much as everything else
such a command does, so when the command line has one of these plain shapes
it is read here and the command runs without Typer. The options it knows are
the Typer app's own, generated into :mod:`coachcli.fastopts` by ``helpgen``
(as ``help.txt`` is); it passes on those it can as typed. Anything else (``--help``,
an unknown or repeated option, a value Typer would convert or reject, a
directory as ``--db``) goes to the Typer app, which stays the one definition
of the command line: the fast path only ever agrees with it, and
``tests/test_entry.py`` checks both give the same output, exit status and
database for every shape the fast path accepts.

The behaviour itself (:func:`coachcli.runtime.log_and_tell`) is shared: the
Typer commands in :mod:`coachcli.cli.track` call the same function.

Start-up is most of what these commands cost, so this module and everything
``coach done`` imports load nothing beyond what ``import sqlite3`` already
has: no ``pathlib``, ``typing``, ``re`` or ``json`` (``tests/test_import_graph.py``
reads the list). ``TYPE_CHECKING = False`` stands in for typing's constant,
which type checkers treat alike.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

    from coachcli.domain.records import ActionKind

#: Command name -> the kind of action it logs.
FAST_COMMANDS: dict[str, ActionKind] = {"done": "done", "missed": "missed", "skip": "skipped"}


class Request:
    """One occurrence to log, as read from the command line (dates and the step still as typed)."""

    __slots__ = ("amount", "client", "db", "kind", "note", "on", "step", "times")

    def __init__(self, kind: ActionKind, step: str, *, on: str, note: str | None, times: int,
                 db: str | None, client: str = "me", amount: str | None = None) -> None:
        self.kind = kind
        #: A step id, or the beginning of a title of ``client``'s steps.
        self.step = step
        self.client = client
        self.on = on
        self.note = note
        self.times = times
        #: ``--db`` or ``$COACH_DB`` as given, None for the default place.
        self.db = db
        #: ``--amount`` as typed (a measurable step's done), read by the shared code.
        self.amount = amount


def _digits(text: str) -> bool:
    """A plain whole number short enough for int() (Typer words every other case)."""
    return text.isascii() and text.isdigit() and len(text) <= 19


def _options(argv: list[str], options: dict[str, str],
             flags: dict[str, str] | None = None) -> tuple[dict[str, str], list[str]] | None:
    """The values of ``argv``'s options (by key) and its other words; None if not plain.

    Plain: each option known, given once, with a value that is neither empty
    nor looks like an option (``--on=x`` or ``--on x``; ``-c x`` for short
    ones, which Click reads differently with ``=``). Anything else is for
    Typer to read or refuse.
    """
    values: dict[str, str] = {}
    words: list[str] = []
    i = 0
    while i < len(argv):
        token = argv[i]
        if token.startswith("-"):
            name, eq, value = token.partition("=") if token.startswith("--") else (token, "", "")
            flag = flags.get(name) if flags and not eq else None
            if flag is not None:
                if flag in values:
                    return None
                values[flag] = "1"
                i += 1
                continue
            key = options.get(name)
            if key is None or key in values:
                return None  # help, unknown or repeated: Typer decides
            if not eq:
                if i + 1 >= len(argv):
                    return None
                i += 1
                value = argv[i]
            if not value or value.startswith("-"):
                return None
            values[key] = value
        else:
            words.append(token)
        i += 1
    return values, words


def _db(values: dict[str, str]) -> tuple[str | None] | None:
    """``--db``, else ``$COACH_DB``, else None (the default place); None when Typer must refuse it."""
    db_text = values.get("db", os.environ.get("COACH_DB"))
    if db_text == "":
        return None
    if db_text is not None and os.path.isdir(db_text):
        return None  # Typer's own "is a directory" usage error
    return (db_text,)


def _read(argv: list[str], reads: frozenset[str]) -> tuple[dict[str, str], list[str]] | None:
    """:func:`_options` of a fast command's line, by its Typer options (:mod:`coachcli.fastopts`);
    None when it gives one outside ``reads``, the parameters the fast path passes on as typed."""
    from coachcli.fastopts import FLAGS, OPTIONS

    read = _options(argv[1:], OPTIONS[argv[0]], FLAGS[argv[0]])
    if read is None or not read[0].keys() <= reads:
        return None
    return read


#: The parameters of done/missed/skip the fast path reads; any other is for Typer.
LOG_READS = frozenset(("client", "on", "note", "count", "amount", "db"))


def parse(argv: list[str]) -> Request | None:
    """A :class:`Request` when ``argv`` is a plain done/missed/skip line, else None."""
    if not argv or argv[0] not in FAST_COMMANDS:
        return None
    kind = FAST_COMMANDS[argv[0]]
    read = _read(argv, LOG_READS)
    if read is None:
        return None
    values, words = read
    if len(words) != 1 or not words[0].strip():
        return None
    count = values.get("count", "1")
    if not _digits(count):
        return None
    db = _db(values)
    if db is None:
        return None
    return Request(kind, words[0], on=values.get("on", "today"), note=values.get("note"),
                   times=int(count), db=db[0],
                   client=values.get("client") or os.environ.get("COACH_CLIENT") or "me",
                   amount=values.get("amount"))


#: ``coach report``'s parameters the fast path reads (``-o`` and the rest go to Typer).
REPORT_READS = frozenset(("client", "all_", "week", "since", "until", "fmt", "db"))


def parse_report(argv: list[str]) -> dict[str, str | None] | None:
    """The options of a plain ``coach report`` line, by parameter name, else None.

    ``coach report -c Alice --format text`` runs for one client as long as
    Typer takes to start, so it skips Typer as done does;
    ``tests/test_entry.py`` holds both to the same output.
    """
    if not argv or argv[0] != "report":
        return None
    read = _read(argv, REPORT_READS)
    if read is None or read[1]:
        return None
    values = read[0]
    from coachcli.fastopts import CHOICES

    if values.get("fmt", "text") not in CHOICES["report"]["fmt"]:
        return None
    if "client" in values and "all_" in values:
        return None  # Typer's usage error: one scope or the other
    db = _db(values)
    if db is None:
        return None
    out: dict[str, str | None] = {**values, "db": db[0]}
    out.setdefault("client", os.environ.get("COACH_CLIENT") or "me")
    return out


def run_fast(argv: list[str]) -> int | None:
    """Run a plain done/missed/skip or report line; None when Typer should handle ``argv``."""
    request = parse(argv)
    report = parse_report(argv) if request is None else None
    if request is None and report is None:
        return None
    from coachcli.runtime import FAILURES, log_and_tell, report_failure, show_report

    try:
        if request is not None:
            log_and_tell(request.kind, request.step, on=request.on, note=request.note,
                         times=request.times, db=request.db, client=request.client,
                         amount=request.amount)
        elif report is not None:
            show_report(report["client"] or "me", all_clients="all_" in report, week=report.get("week"),
                        since=report.get("since"), until=report.get("until"),
                        fmt=report.get("fmt"),  # type: ignore[arg-type]
                        output=None, db=report["db"])
    except FAILURES as exc:
        return report_failure(exc)
    return 0


def terminal_columns() -> int:
    """The width Click wraps help to, found as :func:`shutil.get_terminal_size` finds it."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


#: Click wraps help to min(terminal columns, 80) - 2: from 80 columns on, help.txt is the text.
HELP_COLUMNS = 80


def help_texts() -> dict[tuple[str, ...], str]:
    """Every command's help from ``help.txt`` (written by ``python -m coachcli.cli.helpgen``)."""
    with open(os.path.join(os.path.dirname(__file__), "help.txt"), encoding="utf-8") as f:
        chunks = f.read().split("\f\n")[1:]
    out = {}
    for chunk in chunks:
        words, _, text = chunk.partition("\n")
        out[tuple(words.split())] = text
    return out


def static_help(argv: list[str]) -> str | None:
    """The help ``coach ... --help`` prints, from ``help.txt``; None for Typer to say.

    Only for exactly ``[COMMAND [SUBCOMMAND]] --help`` (or ``-h``) on a terminal
    wide enough that Click's wrapping gives the generated text.
    """
    if not argv or argv[-1] not in ("--help", "-h") or len(argv) > 3:
        return None
    if terminal_columns() < HELP_COLUMNS:
        return None
    return help_texts().get(tuple(argv[:-1]))


def _bare() -> list[str]:
    """Bare ``coach``: the agenda when there is a database, else the help (as ``--help``)."""
    from coachcli.runtime import database_exists

    return [] if database_exists() else ["--help"]


#: Environment variables coachcli reads as text (names, paths, dates).
TEXT_ENV = ("COACH_CLIENT", "COACH_DB", "COACH_TODAY", "COACH_HUB", "SOURCE_DATE_EPOCH")


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # bytes that were not UTF-8, kept as surrogates by Python
        return False
    return True


def unreadable_text(argv: list[str], environ: Mapping[str, str]) -> str | None:
    """What in the command line or environment is not UTF-8 text, in words; None if all is.

    (A NUL cannot come from a shell, only from a program calling ours in-process.)
    """
    for i, arg in enumerate(argv, 1):
        if not _utf8(arg):
            return f"argument {i} is not valid UTF-8 text; coach reads arguments and file names as UTF-8"
        if "\x00" in arg:
            return f"argument {i} contains a NUL character"
    for name in TEXT_ENV:
        if not _utf8(environ.get(name, "")):
            return f"${name} is not valid UTF-8 text"
    return None


def _unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    """An interrupt Python could not raise (see :func:`main`): the one line, exit 130."""
    if isinstance(unraisable.exc_value, KeyboardInterrupt):
        os.write(2, b"Interrupted: nothing was written.\n")
        os._exit(130)
    sys.__unraisablehook__(unraisable)


def main() -> None:
    """Console-script entry point: static help, the fast path, else the full Typer app.

    A shell asking for completions (``_COACH_COMPLETE``, Click's protocol) goes
    to the Typer app, which knows every command's options. Everything runs
    inside one ``try``, entered before any heavy import, so an interrupt or a
    closed pipe at any moment ends as :func:`~coachcli.runtime.report_failure` says.
    """
    # ``_signal``: the signal module without ``enum``, which coach done does not load.
    import _signal as signal  # type: ignore[import-not-found]
    import gc

    # A Ctrl-C that lands inside a callback Python calls on its own (a module lock's, as an
    # import finishes) cannot propagate: Python would print "Exception ignored" with a
    # traceback and go on. End there with the usual line; no write has been committed by it.
    sys.unraisablehook = _unraisable
    reporting, collecting = False, gc.isenabled()
    try:
        # From here an interrupt is a KeyboardInterrupt (writes roll back), worded below
        # (set inside the try: an interrupt right after it is caught too).
        signal.signal(signal.SIGINT, signal.default_int_handler)
        argv = sys.argv[1:]
        bad = unreadable_text(argv, os.environ)
        if bad is not None:
            from coachcli.errors import InputError
            from coachcli.runtime import report_failure

            sys.exit(report_failure(InputError(bad)))
        completing = "_COACH_COMPLETE" in os.environ
        text = None if completing else static_help(argv or _bare())
        if text is not None:
            sys.stdout.write(text)
            sys.stdout.flush()
            sys.exit(0)
        # A report runs without Python's cycle collector: it imports some fifty
        # modules and builds tens of thousands of small objects that all live until
        # it is printed, and the collector would look them over again and again as
        # they pile up, and once more at exit (a tenth of ``coach report -c``'s
        # time), to find nothing to free. On the Typer app's road it is back on.
        reporting = not completing and argv[:1] == ["report"]
        if reporting:
            gc.disable()
        code = None if completing else run_fast(argv)
        if code is None:
            if collecting:
                gc.enable()
            from coachcli.cli import main as cli_main

            cli_main()
            return
        sys.stdout.flush()
    except (KeyboardInterrupt, BrokenPipeError) as exc:
        if isinstance(exc, KeyboardInterrupt):
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C: the same one message
        from coachcli.runtime import report_failure

        code = report_failure(exc)
    finally:
        if reporting and collecting and not gc.isenabled():
            # What is left is freed with the process: frozen, it is not looked over at
            # exit. (A program that calls main() itself gets its collector back.)
            gc.freeze()
            gc.enable()
    sys.exit(code)
