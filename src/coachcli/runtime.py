"""What every command needs at run time, without Typer: the clock, dates, the database.

Kept apart from :mod:`coachcli.cli.common` (which defines Typer options) so
that the fast path of :mod:`coachcli.entry` can use the very same helpers
without importing Typer. Like :mod:`coachcli.entry`, it imports nothing
``coach done`` does not use (no ``pathlib``, no ``typing``).
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager, suppress
from datetime import date, timedelta

from coachcli.errors import CoachError, DateError
from coachcli.store.db import Database, StorageError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path
    from typing import Literal

    from coachcli.domain.records import ActionKind
    from coachcli.render.document import Document
    from coachcli.render.document import Format as FormatName

#: What a command can fail with that the user should see as one line, not a traceback.
#: Beyond our own errors: an interrupt, a closed pipe, a file the system refused
#: (OSError, of which BrokenPipeError is one), and the few ways Python itself
#: refuses a value (a number SQLite cannot hold, nesting past the stack).
FAILURES = (CoachError, StorageError, KeyboardInterrupt, OSError, OverflowError,
            RecursionError, UnicodeError, MemoryError)

#: Exit status of an interrupted command (128 + SIGINT, as shells report it).
EXIT_INTERRUPTED = 130
#: Exit status when the reader of our output went away (``coach log | head``):
#: the same for every command, and quiet, as the reader chose to stop.
EXIT_PIPE_CLOSED = 0


def _silence_stdout() -> None:
    """Point the process's stdout at /dev/null, so the interpreter's last flush cannot fail."""
    real = sys.__stdout__
    if real is None or sys.stdout is not real:  # replaced (a test runner): not ours to point
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, real.fileno())
    except (OSError, ValueError):
        pass


def report_failure(exc: BaseException) -> int:
    """Say what went wrong in one line on stderr; return the exit status.

    The one place where failures meet the user, for the Typer app
    (:class:`coachcli.cli.CoachGroup`) and the fast path (:mod:`coachcli.entry`).
    """
    from coachcli.textsafe import clean

    if isinstance(exc, KeyboardInterrupt):
        sys.stderr.write("Interrupted: nothing was written.\n")
        return EXIT_INTERRUPTED
    if isinstance(exc, BrokenPipeError):
        _silence_stdout()
        return EXIT_PIPE_CLOSED
    if isinstance(exc, CoachError):
        sys.stderr.write(f"Error: {clean(str(exc))}\n")
        return exc.exit_code
    if isinstance(exc, OSError):  # the system refused a file: say which and why
        where = f"{exc.filename}: " if exc.filename else ""
        sys.stderr.write(f"Error: {clean(where)}{clean(exc.strerror or exc)}\n")
        return 1
    plain = {
        OverflowError: "a number or date is too large for coachcli; nothing was written",
        RecursionError: "the input is nested too deeply to read; nothing was written",
        UnicodeError: "some text is not valid UTF-8; nothing was written",
        MemoryError: "not enough memory for this command; nothing was written",
    }
    for kind, message in plain.items():
        if isinstance(exc, kind):
            sys.stderr.write(f"Error: {message}\n")
            return 1
    # Writes report their own sqlite errors; this is a read meeting a damaged file.
    sys.stderr.write(
        f"Error: the database could not be read ({clean(str(exc))}); check it with: coach db check\n"
    )
    return 1


def today() -> date:
    """Today's local date; ``COACH_TODAY=YYYY-MM-DD`` pins it for tests and reruns."""
    pinned = os.environ.get("COACH_TODAY")
    if pinned:
        from coachcli.limits import date_in_range, year_range

        try:
            pinned_day = date.fromisoformat(pinned)
        except ValueError as exc:
            raise DateError(f"COACH_TODAY must be YYYY-MM-DD, got {pinned!r}") from exc
        if not date_in_range(pinned_day):
            raise DateError(f"COACH_TODAY {pinned} is outside the supported years {year_range()}")
        return pinned_day
    return date.today()


def generated_at() -> str | None:
    """``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) pins report timestamps."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    from datetime import UTC, datetime

    try:
        moment = datetime.fromtimestamp(int(epoch), UTC)
    except (ValueError, OverflowError, OSError) as exc:
        raise DateError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, got {epoch!r}") from exc
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def when(text: str | None, *, prefer: Literal["past", "future", "neither"] = "past") -> date | None:
    """Read a DATE option relative to :func:`today`; None stays None."""
    if text is None:
        return None
    # What `coach done` is given nearly every time, read without loading the date grammar
    # (domain.dates reads these the same way; anything else, or a date that does not
    # exist, goes to it).
    from coachcli.limits import date_in_range

    quick: date | None = None
    if text == "today":
        quick = today()
    elif text == "yesterday":
        quick = today() - timedelta(days=1)
    elif len(text) == 10 and text[4] == text[7] == "-":
        digits = text[:4] + text[5:7] + text[8:]
        if digits.isascii() and digits.isdigit():
            with suppress(ValueError):
                quick = date(int(text[:4]), int(text[5:7]), int(text[8:]))
    if quick is not None and date_in_range(quick):
        return quick
    from coachcli.domain.dates import parse_date

    return parse_date(text, today=today(), prefer=prefer)


def on_date(text: str) -> date:
    d = when(text)
    assert d is not None
    return d


def database_path(path: Path | None) -> Path:
    """The database a command uses: ``--db``/``$COACH_DB`` (already in ``path``), else the default."""
    from coachcli.store.files import default_db_path

    return path or default_db_path()


def database_exists() -> bool:
    """Whether ``$COACH_DB`` (else the default place) holds a database: bare ``coach`` asks."""
    from coachcli.store.files import default_db_file

    return os.path.isfile(os.environ.get("COACH_DB") or default_db_file())


@contextmanager
def open_db(
    path: str | Path | None, *, write: bool, missing: Literal["error", "empty"] = "error"
) -> Iterator[Database]:
    """Open the chosen database for one command, and close it after.

    A read of a missing file is an error that names it, and creates nothing
    (``missing="empty"``: an empty database, for a preview of a write). A write
    command that creates the file and is then refused (``coach goal add x -i
    99`` on a new machine) removes it again, so a refused command leaves no
    trace: one rule for every command, instead of each validating its input
    before opening. The store decides when removal is safe
    (:meth:`~coachcli.store.Database.discard_if_unused`).
    """
    if not path:
        from coachcli.store.files import default_db_file

        path = default_db_file()
    db = Database.open(path, create=write, missing=missing)
    try:
        yield db
    except BaseException:  # whatever stopped the command, it leaves no new empty file
        if db.created:
            db.discard_if_unused()
        raise
    finally:
        db.close()


def say(message: str) -> None:
    """A confirmation line for people; user text in it is made safe to print."""
    from coachcli.textsafe import clean

    sys.stdout.write(clean(message, one_line=False) + "\n")


def log_and_tell(
    kind: ActionKind, step: str, *, on: str, note: str | None, times: int, db: str | Path | None,
    client: str = "me", amount: str | None = None,
) -> None:
    """Log one occurrence of a step (an id, or a title of ``client``'s) and tell what was recorded.

    Shared by the fast path and the Typer commands, so both say the same.
    """
    from coachcli.domain.logged import read_amount
    from coachcli.render.messages import logged_lines
    from coachcli.service.tracking import log_action

    day = on_date(on)
    how_much = None if amount is None else read_amount(amount)
    with open_db(db, write=True) as store:
        if step.isascii() and step.isdigit() and len(step) <= 19:
            step_id = int(step)
        else:  # a title, or a number no id can be
            from coachcli.service.steprefs import step_for_ref

            step_id = step_for_ref(store, step, client, day)
        logged = log_action(store, step_id, kind, on=day, today=today(), note=note, count=times,
                            amount=how_much)
    for line in logged_lines(logged, note):
        say(line)


def client_ids(store: Database, client: str, all_clients: bool) -> list[int] | None:
    """The clients a reading command covers: None for every active one (``--all``)."""
    from coachcli.service.report import report_client_ids

    return report_client_ids(store, client, all_=all_clients)


def deliver(text: str, output: Path | None, *, quiet: bool = False, mode: int | None = None) -> None:
    """Write a finished output to stdout, or atomically to ``output`` (saying so on stderr).

    ``quiet``: no "Wrote ..." (cron mails whatever a job prints); ``mode``: the
    file's permissions (0600 for a new file when None).
    """
    if output is None:
        sys.stdout.write(text)
        return
    from coachcli.fileio import write_atomic

    write_atomic(output, text, mode=mode)
    if not quiet:
        sys.stderr.write(f"Wrote {output}\n")


def show_report(
    client: str, *, all_clients: bool, week: str | None, since: str | None, until: str | None,
    fmt: FormatName | None, output: Path | None, db: str | Path | None, summary: bool = False,
    quiet: bool = False, mode: int | None = None, mail_to: str | None = None,
    subject: str | None = None,
) -> None:
    """``coach report``: the analysis of the chosen window, in the chosen format.

    Shared by the Typer command and the fast path of :mod:`coachcli.entry`
    (``coach report -c NAME``), so both say the same. ``summary``: the short
    form for a mail (:mod:`coachcli.render.summary`), never html. ``mail_to``:
    mail the finished text through sendmail (:mod:`coachcli.mail`) instead of
    printing it; ``quiet`` and ``mode``: as :func:`deliver`.
    """
    from coachcli.render.report import report_document
    from coachcli.service.report import build_report, choose_window

    window = choose_window(today(), week=week, since=when(since), until=when(until))
    chosen = fmt
    with open_db(db, write=False) as store:
        ids = client_ids(store, client, all_clients)
        result = build_report(store, ids, window, today(), generated_at=generated_at())
        if chosen == "html":
            from coachcli.service.habit import report_habits

            habits = report_habits(store, ids, result)
        course = None
        if chosen == "html" and not all_clients and len(result.clients) == 1:
            from coachcli.service.history import build_history

            course = build_history(store, result.clients[0].name, today())
    if chosen == "html":
        from coachcli.render.html import render_html

        deliver(render_html(result, habits, course), output, quiet=quiet, mode=mode)
        return
    if summary:
        from coachcli.render.summary import summary_document

        doc = summary_document(result)
    else:
        doc = report_document(result)
    send_document(doc, chosen, output=output, mail_to=mail_to, subject=subject, quiet=quiet, mode=mode)


def send_document(doc: Document, fmt: str | None, *, output: Path | None, mail_to: str | None,
                  subject: str | None, quiet: bool, mode: int | None) -> None:
    """A document printed, written to ``output`` or mailed: the one way a report leaves.

    A file or a mail holds no terminal colours, so rich (and the default) become text there;
    a mail's subject defaults to the document's first line.
    """
    from coachcli.render.document import emit

    if output is None and mail_to is None:
        emit(doc, fmt)  # type: ignore[arg-type]
        return
    import io

    buf = io.StringIO()
    emit(doc, "text" if fmt in (None, "rich") else fmt, buf)  # type: ignore[arg-type]
    if mail_to is not None:
        from coachcli.mail import send

        text = buf.getvalue()
        send(mail_to, subject or text.partition("\n")[0], text)
        if not quiet:
            sys.stderr.write(f"Mailed to {mail_to}\n")
        return
    deliver(buf.getvalue(), output, quiet=quiet, mode=mode)
