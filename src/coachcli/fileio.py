"""Writing output files so that each is either complete or not there at all.

Used by every ``--output``: reports, exports and their streaming writers.

``-o FILE`` writes to a temporary file in the same directory (so the final
rename never crosses a filesystem), flushes and fsyncs it, then renames it
over the target with :func:`os.replace`, and fsyncs the directory. If any
write fails (a full disk, a file-size limit, a vanished directory) the
temporary file is removed and an existing target is left exactly as it was.

A target that is not a regular file (``/dev/stdout``, a named pipe,
``/dev/full``) is written in place: renaming over a device would replace it;
a named pipe nobody reads is refused rather than waited on. New files are
created 0600, as exports hold personal notes; an existing regular target
keeps its permissions. A symbolic link is refused: replacing it would give
the file it pointed at a new mode (or follow it somewhere unexpected).

A temporary file left by a killed run (``.NAME.XXXXXXXX.tmp``) is removed by
the next write of the same target, once no process holds it: each writer
keeps a lock on its own temporary file while it writes.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from coachcli.errors import OutputError


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


@contextmanager
def atomic_output(path: Path | str, *, mode: int | None = None) -> Iterator[IO[bytes]]:
    """A binary stream that becomes ``path`` only if everything written reached the disk.

    ``mode``: the file's permissions whether it existed or not (``--mode 0644``
    for a page a web server serves); None: 0600 for a new file, an existing
    one keeps its own.
    """
    target = Path(path).expanduser()
    try:
        if target.is_symlink():
            raise OutputError(
                f"{target} is a symbolic link; write to the file it points at, or remove the link"
            )
        st: os.stat_result | None = target.stat()
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {_reason(exc)}") from exc
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{target} is a directory; give a file name")
    if st is not None and not stat.S_ISREG(st.st_mode):
        with _in_place(target) as stream:
            yield stream
        return
    parent = target.parent
    if not parent.is_dir():
        raise OutputError(f"cannot write {target}: the directory {parent} does not exist")
    try:
        fd, tmp = private_temp(target)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {_reason(exc)}") from exc
    done = False
    try:
        with os.fdopen(fd, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(tmp, mode if mode is not None else stat.S_IMODE(st.st_mode) if st is not None
                 else 0o600)
        os.replace(tmp, target)
        done = True
    except OSError as exc:
        raise OutputError(
            f"could not write {target}: {_reason(exc)}; "
            + ("it was left as it was" if st is not None else "nothing was written")
        ) from exc
    finally:
        if not done:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    _sync_dir(parent)


#: A temporary file younger than this is never taken for a leftover.
_STALE_AFTER_S = 60


def private_temp(target: Path) -> tuple[int, Path]:
    """A new 0600 temporary file beside ``target``, locked while its writer lives.

    Leftovers of killed runs for the same target (unlocked, and older than a
    minute) are removed first.
    """
    remove_stale_temps(target)
    tmp = target.parent / f".{target.name}.{os.urandom(4).hex()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    _lock(fd, wait=True)
    return fd, tmp


def remove_stale_temps(target: Path) -> None:
    """Remove ``target``'s temporary files that a killed run left behind."""
    import time

    prefix = f".{target.name}."
    try:
        names = os.listdir(target.parent)
    except OSError:
        return
    for name in names:
        if not (name.startswith(prefix) and name.endswith(".tmp") and len(name) == len(prefix) + 12):
            continue
        leftover = target.parent / name
        try:
            fd = os.open(leftover, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            st = os.fstat(fd)
            if (stat.S_ISREG(st.st_mode) and st.st_uid == os.getuid()
                    and time.time() - st.st_mtime > _STALE_AFTER_S and _lock(fd, wait=False)):
                os.unlink(leftover)
        except OSError:
            pass
        finally:
            os.close(fd)


def _lock(fd: int, *, wait: bool) -> bool:
    """An exclusive lock on an open file; False when another process holds one."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on Windows: leftovers are then kept
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except OSError:
        return False
    return True


@contextmanager
def _in_place(target: Path) -> Iterator[IO[bytes]]:
    """Write a device or named pipe as it is; a pipe nobody reads is refused, not waited on."""
    try:
        fd = os.open(target, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise OutputError(f"cannot write {target}: no program is reading from it") from exc
        raise OutputError(f"cannot write {target}: {_reason(exc)}") from exc
    try:
        os.set_blocking(fd, True)
        with os.fdopen(fd, "wb") as stream:
            yield stream
            stream.flush()
    except BrokenPipeError:
        raise  # the reader went away: runtime.report_failure says how that ends
    except OSError as exc:
        raise OutputError(f"could not write {target}: {_reason(exc)}") from exc


def _sync_dir(directory: Path) -> None:
    """Make the rename itself durable; not every platform can open a directory."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def stdout_bytes() -> Iterator[IO[bytes]]:
    """Standard output as bytes, with write errors (``> /dev/full``) reported in words."""
    sys.stdout.flush()
    stream = sys.stdout.buffer
    try:
        yield stream
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(f"could not write to standard output: {_reason(exc)}") from exc


@contextmanager
def output(path: Path | str | None, *, mode: int | None = None) -> Iterator[IO[bytes]]:
    """``path`` written atomically, or standard output when ``path`` is None or ``-``."""
    if path is None or str(path) == "-":
        with stdout_bytes() as stream:
            yield stream
    else:
        with atomic_output(path, mode=mode) as stream:
            yield stream


def write_atomic(path: Path | str, data: str | bytes, *, mode: int | None = None) -> Path:
    """Write ``data`` (text as UTF-8) to ``path`` atomically; returns the path."""
    with atomic_output(path, mode=mode) as stream:
        stream.write(data.encode("utf-8") if isinstance(data, str) else data)
    return Path(path).expanduser()


def parse_mode(text: str) -> int:
    """``--mode 0644`` as permission bits: octal, owner may read and write, nobody else write."""
    from coachcli.errors import InputError

    digits = text.strip().removeprefix("0o")
    if not (1 <= len(digits) <= 5 and all(c in "01234567" for c in digits)):
        raise InputError(f"--mode {text!r} is not an octal file mode such as 0600 or 0644")
    mode = int(digits, 8)
    if mode > 0o777:
        raise InputError(f"--mode {text}: only permission bits (up to 0777) can be set")
    if mode & 0o600 != 0o600:
        raise InputError(f"--mode {text}: the owner must be able to read and write the file (0600)")
    if mode & 0o022:
        raise InputError(f"--mode {text}: a file others may write is refused; 0644 lets them read it")
    return mode
