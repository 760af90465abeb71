"""Opening the database safely and writing to it in single transactions.

Promises kept here: the file (and so its ``-wal``/``-shm`` companions, which
SQLite creates with the main file's mode) is created 0600 before SQLite opens
it; WAL mode with a busy timeout so that concurrent commands wait for each
other; every write is one ``BEGIN IMMEDIATE`` transaction (a deferred one can
fail with "database is locked" when it upgrades to a writer); every write is
journaled so ``coach undo`` can revert it; a file that is not a coachcli
database is reported and never touched; a file this command created and
never wrote to can be removed again (:meth:`Database.discard_if_unused`).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from contextlib import contextmanager

from coachcli.errors import DatabaseError
from coachcli.store.files import (
    BUSY_TIMEOUT_MS,
    cannot_write,
    create_private_file,
    describe_sqlite_error,
    file_identity,
    file_uri,
    make_private_if_empty,
)

# Every command opens the database, ``coach done`` included, so this module
# loads nothing that ``import sqlite3`` has not: ``pathlib`` and ``json`` are
# imported where used, names for annotations only under TYPE_CHECKING.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path
    from typing import Literal

    from coachcli.store.tx import Tx

    #: ``write`` ends what redo could re-apply; ``undo`` is a revert redo can play back;
    #: ``redo`` re-applies an undone write (undoable again, leaving other redos).
    TxKind = Literal["write", "undo", "redo"]

#: Bumped with every migration in :mod:`coachcli.store.migrations`; stored in
#: ``PRAGMA user_version`` so a current database is recognised with one read.
SCHEMA_VERSION = 15

#: What the storage engine raises; callers catch it without importing sqlite3.
StorageError = sqlite3.Error


#: How many times :meth:`Database.open` tries a file that keeps being removed.
_OPEN_ATTEMPTS = 5

#: How many past writes ``coach undo`` can walk back through.
UNDO_DEPTH = 100

#: Tables whose rows carry uuid/created_at/updated_at and can be journaled.
RECORD_TABLES = frozenset(
    {"clients", "goals", "status_changes", "ratings", "steps", "step_plans", "actions", "checkins",
     "commitments", "groups", "group_members", "group_consents", "group_challenges", "group_steps",
     "group_sessions"}
)


def new_uuid() -> str:
    """A random RFC 4122 version-4 UUID; avoids importing :mod:`uuid`."""
    b = bytearray(os.urandom(16))
    b[6] = (b[6] & 0x0F) | 0x40
    b[8] = (b[8] & 0x3F) | 0x80
    h = b.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


class Database:
    """A connection to one coachcli database file.

    Use :meth:`open`; read with :attr:`conn`, write inside :meth:`write`.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path | str) -> None:
        self.conn = conn
        self._path = path
        #: Whether :meth:`open` created the file (see :meth:`discard_if_unused`).
        self.created = False
        #: The write in progress: a write begun inside it joins it (see :meth:`write`).
        self._open_tx: Tx | None = None

    @property
    def path(self) -> Path:
        """The database file (a :class:`~pathlib.Path` made on first use: ``coach done`` never asks)."""
        if isinstance(self._path, str):
            from pathlib import Path

            self._path = Path(self._path)
        return self._path

    @classmethod
    def open(
        cls, path: Path | str, *, create: bool = True, missing: Literal["error", "empty"] = "error"
    ) -> Database:
        """Open (and with ``create``, create) the database at ``path``.

        Reading commands pass ``create=False``: a database that does not exist
        is then an error that names the path, and nothing is created. An empty
        report from a mistyped ``--db`` or ``COACH_DB`` (mailed by cron every
        week) would look like a quiet caseload. ``missing="empty"`` reads a
        missing file as an empty in-memory database instead, for previews of a
        write (``coach import --dry-run`` into a new file).
        """
        db = cls._open_current(os.path.expanduser(path))
        if db is not None:
            return db
        from pathlib import Path

        path = Path(path).expanduser()
        for _ in range(_OPEN_ATTEMPTS):
            db = cls._open_once(path, create=create, missing=missing)
            if db is not None:
                return db
        raise DatabaseError(f"{path} was removed each time it was opened; nothing was written")

    @classmethod
    def _open_current(cls, path: str) -> Database | None:
        """The common case in few steps: an existing file, already ours, current and in WAL mode.

        None for anything else (no file, another schema version, not WAL, a
        file that changed meanwhile, any SQLite error), which the full
        :meth:`_open_once` then handles and words. Nothing is written here.
        """
        try:
            before = os.stat(path)
        except (OSError, ValueError):
            return None
        if not stat.S_ISREG(before.st_mode):
            return None
        try:
            conn = sqlite3.connect(
                f"{file_uri(os.path.abspath(path))}?mode=rw", uri=True, isolation_level=None,
                timeout=BUSY_TIMEOUT_MS / 1000,
            )
        except sqlite3.Error:
            return None
        db = cls(conn, path)
        try:
            db._configure()
            current = (db.schema_version() == SCHEMA_VERSION
                       and conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal")
            after = os.stat(path)
        except (sqlite3.Error, OSError):
            current = False
        if current and (after.st_dev, after.st_ino) == (before.st_dev, before.st_ino):
            return db
        conn.close()
        return None

    @classmethod
    def _open_once(
        cls, path: Path, *, create: bool, missing: Literal["error", "empty"] = "error"
    ) -> Database | None:
        """One attempt at :meth:`open`; None if the file was removed meanwhile.

        A command refused on a new machine removes the file it had just
        created (:meth:`discard_if_unused`); a command that started at the
        same moment then opens the path again rather than fail.
        """
        try:
            is_dir, exists = path.is_dir(), path.exists()
        except OSError as exc:  # e.g. a name too long for the file system
            raise DatabaseError(f"cannot use {path} as the database: {exc.strerror}") from exc
        if is_dir:
            raise DatabaseError(f"{path} is a directory, not a database file")
        if not exists and path.is_symlink():
            raise DatabaseError(
                f"{path} is a symbolic link to {os.readlink(path)}, which does not exist (or "
                "links in a loop); create that file, or choose the database with --db"
            )
        if exists and not stat.S_ISREG(os.stat(path).st_mode):
            raise DatabaseError(f"{path} is not a regular file (a device or a pipe), not a database")
        if not exists and not create and missing == "empty":
            conn = sqlite3.connect(":memory:", isolation_level=None)
            db = cls(conn, path)
            db._configure()
            db._migrate()
            return db
        if not exists and not create:
            raise DatabaseError(
                f"no database at {path}: start one with coach init (any write also creates it),"
                " or check --db and COACH_DB"
            )
        created = create_private_file(path) if not exists else False
        if exists and not created:
            make_private_if_empty(path)
        identity = file_identity(path)
        try:
            # mode=rw: SQLite never creates the file itself (it would not be private).
            conn = sqlite3.connect(
                f"{file_uri(str(path.absolute()))}?mode=rw", uri=True, isolation_level=None,
                timeout=BUSY_TIMEOUT_MS / 1000,
            )
        except sqlite3.Error as exc:
            if identity is None or file_identity(path) is None:
                return None
            raise describe_sqlite_error(path, exc) from exc
        db = cls(conn, path)
        db.created = created
        try:
            db._configure()
            version = db.schema_version()
            if version != SCHEMA_VERSION:
                db._check_is_ours_now()
            # Only once the file is known to be ours: switching to WAL rewrites its header.
            db._use_wal()
            if version != SCHEMA_VERSION:
                db._migrate()
            if file_identity(path) != identity:  # removed before this connection first read it
                conn.close()
                return None
        except sqlite3.Error as exc:
            conn.close()
            if getattr(exc, "sqlite_errorname", "") == "SQLITE_READONLY_DBMOVED":
                return None
            if not db._writable() and ("readonly" in str(exc) or "unable to open" in str(exc)):
                return cls._open_immutable(path)
            if not create and cannot_write(exc):
                # A full disk: reading WAL needs a -shm file it cannot make. A read
                # command reads the file as it stands rather than fail to write.
                return cls._open_immutable(path)
            raise describe_sqlite_error(path, exc) from exc
        except BaseException:
            conn.close()
            raise
        return db

    @classmethod
    def _open_immutable(cls, path: Path) -> Database:
        """A WAL database where this user cannot write (read-only file or directory).

        Reading WAL needs a ``-shm`` file that SQLite cannot create here, so the
        file is opened as immutable: reads work, writes are refused as
        read-only. Refused when a ``-wal`` still holds changes, as they would
        be invisible.
        """
        from pathlib import Path

        wal = Path(f"{path}-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise DatabaseError(
                f"{path} is read-only for you and has changes in {wal.name} that cannot be "
                "read without write access; open it once where it can be written"
            )
        try:
            conn = sqlite3.connect(
                f"{file_uri(str(path.absolute()))}?immutable=1", uri=True, isolation_level=None
            )
            db = cls(conn, path)
            db._configure()
            version = db.schema_version()
            if version != SCHEMA_VERSION:
                db._check_is_ours(version)
                raise DatabaseError(
                    f"{path} is read-only and uses schema {version}; it needs an upgrade "
                    f"to {SCHEMA_VERSION}, which needs write access"
                )
        except sqlite3.Error as exc:
            raise describe_sqlite_error(path, exc) from exc
        return db

    def _configure(self) -> None:
        self.conn.row_factory = sqlite3.Row
        self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self.conn.execute("PRAGMA foreign_keys = ON")

    def _use_wal(self) -> None:
        # Persistent; only writes the header the first time. Cheap otherwise.
        mode = self.conn.execute("PRAGMA journal_mode").fetchone()[0]
        if mode != "wal" and self._writable():
            self.conn.execute("PRAGMA journal_mode = WAL")

    def _writable(self) -> bool:
        return os.access(self.path, os.W_OK) and os.access(self.path.parent, os.W_OK)

    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _check_is_ours_now(self) -> None:
        """:meth:`_check_is_ours` on one read snapshot of the version and the tables.

        Read apart, a first migration committed by another process in between
        would make a new coachcli file look like a foreign one.
        """
        self.conn.execute("BEGIN")
        try:
            self._check_is_ours(self.schema_version())
        finally:
            self.conn.execute("ROLLBACK")

    def _check_is_ours(self, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise DatabaseError(
                f"{self.path} was written by a newer coachcli (schema {version}, this one "
                f"knows {SCHEMA_VERSION}); upgrade coachcli to use it"
            )
        if version == 0:
            tables = {
                r[0]
                for r in self.conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                    " AND name NOT LIKE 'sqlite_%'"
                )
            }
            if tables and (not tables <= {"_sqlite_migrations"} or not self._migrations_ours()):
                raise DatabaseError(
                    f"{self.path} is an SQLite database but not a coachcli one; "
                    "refusing to change it (choose another file with --db)"
                )

    def _migrations_ours(self) -> bool:
        """Whether a ``_sqlite_migrations`` table (sqlite-utils') records only coachcli's steps.

        Any other tool using sqlite-utils has one too; an empty one is no sign of ours.
        """
        try:
            sets = {r[0] for r in self.conn.execute(
                "SELECT DISTINCT migration_set FROM _sqlite_migrations")}
        except sqlite3.Error:  # a table of that name, but not sqlite-utils' shape
            return False
        return sets == {"coachcli"}

    def _migrate(self) -> None:
        """Check that the file is ours and bring its schema up to date, under one write lock.

        The version and the tables are read inside the lock, from one snapshot:
        a file that another process created and migrated meanwhile is then seen
        as the current coachcli database it is, never as a foreign one. Taking
        the lock writes nothing, so a refused foreign file keeps its bytes.
        """
        from coachcli.store.migrations import migrate

        with self._immediate():
            version = self.schema_version()
            if version != SCHEMA_VERSION:
                self._check_is_ours(version)
                migrate(self.conn)

    @contextmanager
    def _immediate(self) -> Iterator[None]:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise describe_sqlite_error(self.path, exc) from exc
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise describe_sqlite_error(self.path, exc) from exc

    @contextmanager
    def write(
        self, description: str, *, journal: bool = True, client: str | None = None,
        kind: TxKind = "write",
    ) -> Iterator[Tx]:
        """One write: a single ``BEGIN IMMEDIATE`` transaction, journaled for undo.

        Everything inside either lands together or not at all; a
        :class:`~coachcli.errors.CoachError` raised inside rolls it back.
        ``client`` names whose records it touches, for undo's message; the
        write can say so later with :meth:`Tx.describe`.

        A write begun inside another joins it: the same transaction and journal
        entry, its description left to the outer write. So one command can
        compose several services (``coach restart``) into what one undo reverts.
        """
        if self._open_tx is not None:
            outer = self._open_tx
            outer.depth += 1
            try:
                yield outer
            finally:
                outer.depth -= 1
            return
        with self._immediate():
            from coachcli.store.tx import Tx

            tx = Tx(self.conn, description if journal else None, client=client, kind=kind)
            self._open_tx = tx
            try:
                yield tx
                tx.finish()
            except sqlite3.IntegrityError as exc:
                raise DatabaseError(f"refused by the database: {exc}") from exc
            except sqlite3.Error as exc:
                raise describe_sqlite_error(self.path, exc) from exc
            finally:
                self._open_tx = None

    def compact(self, *, after: str | None = None) -> None:
        """Rewrite the file from its live records and empty its WAL (after a purge).

        Deleted records leave bytes in free pages and in the WAL: ``VACUUM``
        rebuilds every page, the truncating checkpoint empties the WAL. ``after``
        says what was already committed, for the message if this step fails.
        """
        done = f"{after}, but " if after else ""
        try:
            self.conn.execute("VACUUM")
            busy = self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        except sqlite3.Error as exc:
            raise DatabaseError(
                f"{done}{self.path} could not be rewritten ({exc}): what was deleted may remain in the "
                "file's bytes until it is; free some space and run: coach db compact"
            ) from exc
        if busy:
            raise DatabaseError(
                f"{done}another command has {self.path} open, so its write-ahead log could not be "
                "emptied: what was deleted is gone from the records but may remain in the file's "
                "bytes until it is; close the other command and run: coach db compact"
            )

    def discard_if_unused(self) -> bool:
        """Remove the file again if :meth:`open` created it and nothing was written; closes.

        For a command that creates the database and then fails (``coach goal add
        x -i 99`` on a new machine): it leaves no empty file behind. The file
        goes only if no other connection has it open (leaving WAL mode needs
        exclusive access; tried without waiting) and, under an exclusive lock,
        it holds no client and no journaled write. A command that connected in
        the instant before, and had not read yet, sees the file gone and opens
        the path again (:meth:`_open_once`); a write through such a connection
        is refused by SQLite (``SQLITE_READONLY_DBMOVED``), never lost.
        Returns whether the file was removed.
        """
        removed = False
        try:
            if not self.created or self.conn.in_transaction:
                return False
            self.conn.execute("PRAGMA busy_timeout = 0")
            if self.conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0] != "delete":
                return False
            self.conn.execute("BEGIN EXCLUSIVE")
            try:
                used = self.conn.execute(
                    "SELECT EXISTS (SELECT 1 FROM clients) OR EXISTS (SELECT 1 FROM journal)"
                ).fetchone()[0]
                if not used:
                    self.path.unlink()
                    removed = True
                    for suffix in ("-wal", "-shm", "-journal"):
                        with contextlib.suppress(FileNotFoundError):
                            os.unlink(f"{self.path}{suffix}")
            finally:
                self.conn.execute("ROLLBACK")
        except (sqlite3.Error, OSError):
            pass  # kept: a valid, empty database is harmless
        finally:
            self.conn.close()
        return removed

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
