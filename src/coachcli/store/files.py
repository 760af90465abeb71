"""Where the database lives, how its file is made private, and its errors in words.

The file side of :mod:`coachcli.store.db`: the default path (without platformdirs,
which costs ~35 ms of import on every command), the folders and file created
0700/0600 before SQLite opens them, and SQLite's errors said as what happened
to the user's file. Like ``db``, it loads nothing that ``import sqlite3`` has not.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import sys

from coachcli.errors import DatabaseError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

#: How long a command waits for another writer before giving up, in ms.
BUSY_TIMEOUT_MS = 15_000


def default_db_file() -> str:
    """The platform's per-user data directory, without importing platformdirs.

    platformdirs costs ~35 ms of import on every command for three branches.
    """
    home = os.path.expanduser("~")
    join = os.path.join
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        base = os.environ.get("LOCALAPPDATA") or join(home, "AppData", "Local")
    elif sys.platform == "darwin":  # pragma: no cover - exercised on macOS only
        base = join(home, "Library", "Application Support")
    else:
        base = os.environ.get("XDG_DATA_HOME") or join(home, ".local", "share")
    return join(base, "coachcli", "coach.db")


def default_db_path() -> Path:
    """:func:`default_db_file` as a :class:`~pathlib.Path`."""
    from pathlib import Path

    return Path(default_db_file())


def file_uri(path: str) -> str:
    """An SQLite ``file:`` URI for an absolute ``path`` (as :meth:`pathlib.Path.as_uri` quotes)."""
    safe = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-_.~"
    quoted = "".join(chr(b) if b in safe else f"%{b:02X}" for b in os.fsencode(path))
    return f"file://{quoted}"


def describe_sqlite_error(path: Path, exc: sqlite3.Error) -> DatabaseError:
    text = str(exc)
    if getattr(exc, "sqlite_errorname", "") == "SQLITE_READONLY_DBMOVED":
        return DatabaseError(
            f"{path} was removed or replaced while this command ran; nothing was written, "
            "run the command again"
        )
    if "locked" in text or "busy" in text:
        return DatabaseError(
            f"the database {path} is busy: another command held it for more than "
            f"{BUSY_TIMEOUT_MS // 1000} s; nothing was written, try again"
        )
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return DatabaseError(f"{path} is not a readable coachcli database ({text})")
    if "readonly" in text or "read-only" in text:
        return DatabaseError(f"{path} is read-only: nothing was written ({text})")
    if "disk" in text and ("full" in text or "I/O" in text):
        return DatabaseError(f"could not write {path}: {text}; nothing was written")
    return DatabaseError(f"database error on {path}: {text}")


def cannot_write(exc: sqlite3.Error) -> bool:
    """Whether SQLite failed for want of space (a full disk, a file-size limit)."""
    name = getattr(exc, "sqlite_errorname", "")
    return name.startswith(("SQLITE_IOERR", "SQLITE_FULL")) or "disk" in str(exc)


def file_identity(path: Path) -> tuple[int, int] | None:
    """Which file ``path`` names now (device, inode), or None if there is none."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def make_private_dirs(directory: Path) -> None:
    """Create ``directory`` and any missing parents, each 0700 whatever the umask.

    ``mkdir(parents=True)`` gives the parents the umask's mode (0777 under
    ``umask 000``); the folders holding a database are private like the file.
    """
    missing: list[Path] = []
    while not directory.exists():
        missing.append(directory)
        if directory.parent == directory:
            break
        directory = directory.parent
    if not missing and not directory.is_dir():
        raise FileExistsError(errno.EEXIST, "a file of that name is in the way", str(directory))
    for d in reversed(missing):
        try:
            d.mkdir(mode=0o700)
        except FileExistsError:
            if not d.is_dir():
                raise
            continue  # made by another command meanwhile
        os.chmod(d, 0o700)  # mkdir's mode passes through the umask, which may be stricter


def make_private_if_empty(path: Path) -> None:
    """An existing empty file is about to become a database: make it 0600 first."""
    try:
        if os.stat(path).st_size == 0:
            os.chmod(path, 0o600)
    except OSError:
        pass  # not ours to change: SQLite then opens it as it is


def create_private_file(path: Path) -> bool:
    """Create an empty file with mode 0600 so SQLite never makes it world-readable.

    True when this call created it; False when another process got there first.
    """
    try:
        make_private_dirs(path.parent)
    except OSError as exc:  # a parent is a file, or no permission
        why = "a file of that name is in the way" if isinstance(exc, FileExistsError) else exc.strerror
        raise DatabaseError(
            f"cannot create the folder {exc.filename or path.parent} for the database: {why}"
        ) from exc
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return False
    except OSError as exc:
        raise DatabaseError(f"cannot create the database {path}: {exc.strerror}") from exc
    os.close(fd)
    return True
