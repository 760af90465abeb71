"""``coach backup``: a consistent copy of the database, taken while it is in use.

SQLite's online backup API copies the database as of one moment (one read
transaction over the WAL), so a backup taken while another command writes is
never a mix of before and after. The copy goes to a temporary file created
0600 beside the destination and appears under its name only once complete;
without ``force`` an existing file is never replaced (the final step is a
hard link, which fails rather than overwrite). The copy is switched to a
rollback journal so it is one self-contained file, readable even from
read-only media; coachcli turns WAL back on when it next writes to it.
The copy is then read back with ``PRAGMA quick_check``: a backup of a
damaged database is kept (it may be the best copy there is) but reported.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from coachcli.errors import DatabaseError, OutputError
from coachcli.fileio import private_temp
from coachcli.store import Database


@dataclass(frozen=True, slots=True)
class BackupResult:
    path: Path
    size: int


def default_name(now: datetime) -> str:
    return f"coach-{now:%Y%m%d-%H%M%S}.db"


def destination(db_path: Path, target: Path | None, now: datetime) -> Path:
    """Where the backup goes: ``target``, a default name inside it if it is a directory,
    or a default name beside the database."""
    if target is None:
        return db_path.parent / default_name(now)
    target = target.expanduser()
    if target.is_dir():
        return target / default_name(now)
    return target


def backup_database(
    db: Database, target: Path | None, *, force: bool = False, now: datetime | None = None
) -> BackupResult:
    """Copy the open database ``db`` to ``target``; see the module docstring."""
    dest = destination(db.path, target, now or datetime.now())
    real = os.path.realpath(dest)  # not resolve(): that raises on a symbolic-link loop
    own = {f"{os.path.realpath(db.path)}{suffix}": suffix for suffix in ("-wal", "-shm", "-journal")}
    if real in own:
        raise OutputError(
            f"{dest} is the database's own {own[real]} file, which SQLite needs; choose another name"
        )
    if dest.exists():
        if not force:
            raise OutputError(f"{dest} already exists; choose another name, or replace it with --force")
        if real == os.path.realpath(db.path):
            raise OutputError(f"{dest} is the database itself; choose another name")
        if not dest.is_file():
            raise OutputError(f"{dest} is not a regular file; choose another name")
    if not dest.parent.is_dir():
        raise OutputError(f"cannot write {dest}: the directory {dest.parent} does not exist")
    try:
        fd, tmp = private_temp(dest)  # locked until closed, so no other run takes it for a leftover
    except OSError as exc:
        raise OutputError(f"cannot write {dest}: {exc.strerror or exc}") from exc
    try:
        problems = _copy(db, tmp)
        _publish(tmp, dest, force=force)
    except sqlite3.Error as exc:
        raise _backup_error(db, dest, exc) from exc
    except OSError as exc:
        raise OutputError(f"could not write {dest}: {exc.strerror or exc}; no backup was made") from exc
    finally:
        for leftover in (tmp, *(Path(f"{tmp}{s}") for s in ("-journal", "-wal", "-shm"))):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        os.close(fd)
    if problems:
        raise DatabaseError(
            f"the backup {dest} was written, but the database it copies is damaged "
            f"({problems[0]}); keep both files and run: coach db check"
        )
    return BackupResult(dest, dest.stat().st_size)


def _copy(db: Database, tmp: Path) -> list[str]:
    """Copy into ``tmp``; returns what ``quick_check`` found wrong with the copy."""
    dst = sqlite3.connect(tmp, isolation_level=None)
    try:
        db.conn.backup(dst)
        dst.execute("PRAGMA journal_mode = DELETE")
        try:
            problems = [r[0] for r in dst.execute("PRAGMA quick_check")]
        except sqlite3.DatabaseError as exc:  # damage bad enough to stop the check itself
            problems = [str(exc)]
    finally:
        dst.close()
    with open(tmp, "rb+") as f:
        os.fsync(f.fileno())
    return [] if problems == ["ok"] else problems


def _publish(tmp: Path, dest: Path, *, force: bool) -> None:
    """Give the finished copy its name; without ``force`` never replace a file."""
    if force:
        os.replace(tmp, dest)
    else:
        try:
            os.link(tmp, dest)
        except FileExistsError:
            raise OutputError(
                f"{dest} already exists; choose another name, or replace it with --force"
            ) from None
        except OSError:  # a filesystem without hard links
            if dest.exists():
                raise OutputError(f"{dest} already exists; choose another name") from None
            os.replace(tmp, dest)
    with contextlib.suppress(OSError):
        fd = os.open(dest.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _backup_error(db: Database, dest: Path, exc: sqlite3.Error) -> Exception:
    text = str(exc)
    if "malformed" in text or "not a database" in text:
        return DatabaseError(f"could not back up {db.path}: it is damaged ({text}); run: coach db check")
    if "disk" in text or "full" in text or "I/O" in text or "unable to open" in text:
        return OutputError(f"could not write {dest}: {text}; no backup was made")
    return DatabaseError(f"could not back up {db.path}: {text}; no backup was made")
