"""Reading and replacing files without surprises: the one reader and the one writer.

Every entry point that reads a document from a file (``summitlib.load``, the command
line, the corpus pipeline) uses :func:`read_path` or :func:`read_stream`, so all of them
refuse the same things the same way: a FIFO or a device is never opened for a blocking
read, and no more than one byte past the size limit
(:data:`summitlib._json.MAX_DOCUMENT_BYTES`) is ever read. Every file summitlib
writes goes through :func:`replace`, which writes beside the target and renames, and
which, given what was read, refuses to replace a file that changed in the meantime.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Final

import attrs

from summitlib import _json
from summitlib.errors import (
    FileChangedError,
    NotRegularFileError,
    ReadOnlyFileError,
    SummitValidationError,
)
from summitlib.validate import Problem

#: Bytes read at a time from a stream of unknown length.
_CHUNK: Final = 1 << 20

#: Temporary files being written now; removed by :func:`remove_temporaries` when the
#: process is stopped by a signal.
_LIVE: set[str] = set()


@attrs.frozen
class Snapshot:
    """What a file was when it was read: where it is, its size and time, and its bytes.

    :func:`replace` compares all of them with the file as it is just before replacing it.
    """

    device: int
    inode: int
    size: int
    mtime_ns: int
    data: bytes = attrs.field(repr=False)


def _limit() -> int:
    # Read each time, not copied at import: the parser's limit is the one limit.
    return _json.MAX_DOCUMENT_BYTES


def too_large(size: int | None) -> Problem:
    """The ``too-large`` problem of a file of *size* bytes (``None``: an endless stream)."""
    limit = _limit()
    if size is None:
        message = f"document is more than the limit of {limit:,} bytes"
    else:
        message = f"document is {size:,} bytes, more than the limit of {limit:,} bytes"
    return Problem(path="$", code="too-large", message=message)


def read_path(name: str | os.PathLike[str]) -> Snapshot:
    """Read the regular file *name* whole, refusing anything else; return what was read.

    Raises :class:`OSError` (:class:`~summitlib.errors.NotRegularFileError` for a FIFO,
    a device or a socket, which are never read), or
    :class:`~summitlib.errors.SummitValidationError` with a ``too-large`` problem for a
    file over the limit, which is refused from its size without being read.
    """
    # O_NONBLOCK: opening a FIFO for reading would otherwise wait until a writer came.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(name, flags | getattr(os, "O_NOCTTY", 0))
    limit = _limit()
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a directory", os.fspath(name))
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFileError(errno.EINVAL, "not a regular file", os.fspath(name))
        if info.st_size > limit:
            raise SummitValidationError([too_large(info.st_size)], os.fspath(name))
        chunks = []
        size = 0
        # The file may grow while it is read: read what fstat promised, then up to the limit.
        want = info.st_size + 1
        while size <= limit:
            chunk = os.read(fd, min(want, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            want = _CHUNK
        if size > limit:
            raise SummitValidationError([too_large(None)], os.fspath(name))
    finally:
        os.close(fd)
    data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    return Snapshot(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, data)


def read_stream(stream: IO[bytes] | IO[str], name: str | None = None) -> bytes | str:
    """Read an open file (text or binary) to its end, but never more than the limit.

    A stream longer than the limit, ``/dev/zero`` included, raises
    :class:`~summitlib.errors.SummitValidationError` with a ``too-large`` problem after
    reading one chunk past the limit.
    """
    parts: list[bytes | str] = []
    size = 0
    limit = _limit()
    while size <= limit:
        part = stream.read(min(_CHUNK, limit + 1 - size))
        if not part:
            break
        parts.append(part)
        size += len(part)
    if size > limit:
        raise SummitValidationError([too_large(None)], name)
    if not parts:
        return b""
    if isinstance(parts[0], str):
        return "".join(str(part) for part in parts)
    return b"".join(bytes(part) for part in parts)  # type: ignore[arg-type]


def _umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status") as status:
        for line in status:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)  # no way to read it without setting it
    os.umask(mask)
    return mask


class _Terminated(BaseException):
    """SIGTERM arrived while a temporary file existed, in a program that left SIGTERM to
    its default action (to end the process): raised so the file is removed first."""


@contextlib.contextmanager
def _terminable() -> Iterator[None]:
    """While a temporary file exists, make a default SIGTERM remove it before the process
    ends of it, as it would have. A handler someone installed is left in charge (the
    command line's raises, which removes the file as Ctrl-C does)."""
    try:
        if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
            yield
            return
        signal.signal(signal.SIGTERM, _raise_terminated)
    except ValueError:  # not the main thread: signals are not ours to handle
        yield
        return
    try:
        yield
    except _Terminated:
        remove_temporaries()
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)
        raise  # only where the signal did not end the process
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _raise_terminated(signum: int, frame: object) -> None:
    raise _Terminated


def _stopping_signals() -> set[signal.Signals]:
    return {signal.SIGINT, signal.SIGTERM} & set(signal.Signals)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back while a temporary file is created and recorded, so
    a stop cannot fall between the two and leave a file nobody knows about."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _stopping_signals())
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def remove_temporaries() -> None:
    """Remove the temporary files being written now (from a signal handler)."""
    for name in list(_LIVE):
        with contextlib.suppress(OSError):
            os.unlink(name)
        _LIVE.discard(name)


def _same(info: os.stat_result, expected: Snapshot) -> bool:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns) == (
        expected.device,
        expected.inode,
        expected.size,
        expected.mtime_ns,
    )


def _check_unchanged(path: Path, expected: Snapshot) -> None:
    """Raise :class:`FileChangedError` unless *path* still holds what was read."""
    try:
        now = read_path(path)
    except (OSError, SummitValidationError):
        now = None
    if now is None or not _same(os.stat(path), expected) or now.data != expected.data:
        raise _changed(path)


def _changed(path: Path) -> FileChangedError:
    reason = "changed while being formatted, so left as it is"
    return FileChangedError(errno.EAGAIN, reason, str(path))


def check_writable(path: Path) -> os.stat_result:
    """Return *path*'s status, or raise :class:`ReadOnlyFileError` if the user could not
    write it: no write permission, or no write bit at all (0444), which root could
    override but which says the file is meant to stay as it is."""
    info = os.stat(path)
    if not info.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise ReadOnlyFileError(errno.EACCES, "read-only file", str(path))
    return info


def replace(path: str | os.PathLike[str], data: bytes, *, expected: Snapshot | None = None) -> None:
    """Replace the file *path* with *data* atomically (a new file if there is none).

    The text goes to a hidden temporary file beside the target (``.NAME.XXXX.tmp``),
    is flushed to disk, then renamed over the target. A new file gets the mode the
    umask gives (0644 under umask 022); an existing file keeps its mode, and its owner
    and group where the process may set them. A symbolic link is followed: the file it
    points to is replaced. A hard link is not: the other names keep the old text.

    With *expected* (what :func:`read_path` returned), the file must still be what was
    read, just before the rename; otherwise :class:`~summitlib.errors.FileChangedError`
    is raised and the file is left alone. It must also be writable by the user
    (:class:`~summitlib.errors.ReadOnlyFileError` otherwise).
    """
    import tempfile  # here, not at the top: it costs ~10 ms of every ``import summitlib``

    target = Path(os.path.realpath(path))
    old: os.stat_result | None
    if expected is not None:
        old = check_writable(target)
        if not _same(old, expected):
            raise _changed(target)
    else:
        try:
            old = os.stat(target)
        except FileNotFoundError:
            old = None
    with _terminable():
        temporary: str | None = None
        try:
            with _signals_held():
                fd, temporary = tempfile.mkstemp(
                    prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
                )
                _LIVE.add(temporary)
            _write_and_rename(fd, temporary, target, data, old, expected)
        except BaseException:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
            raise
        finally:
            _LIVE.discard(temporary or "")


def _write_and_rename(
    fd: int,
    temporary: str,
    target: Path,
    data: bytes,
    old: os.stat_result | None,
    expected: Snapshot | None,
) -> None:
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        if old is None:
            os.chmod(temporary, 0o666 & ~_umask())
        else:
            _keep_owner(handle.fileno(), old)
            os.chmod(temporary, stat.S_IMODE(old.st_mode))
        os.fsync(handle.fileno())
    if expected is not None:
        # The last look before the rename: the window left is this function's return.
        _check_unchanged(target, expected)
    os.replace(temporary, target)


def _keep_owner(fd: int, old: os.stat_result) -> None:
    if not hasattr(os, "fchown"):  # Windows
        return
    now = os.fstat(fd)
    if (now.st_uid, now.st_gid) == (old.st_uid, old.st_gid):
        return
    # Root may give the file back to its owner; others may at least keep its group.
    with contextlib.suppress(OSError):
        os.fchown(fd, old.st_uid, old.st_gid)
        return
    with contextlib.suppress(OSError):
        os.fchown(fd, -1, old.st_gid)


def stdin_binary() -> IO[bytes] | None:
    """The process's standard input as bytes, or ``None`` if it was started without one."""
    if sys.stdin is None:
        return None
    return sys.stdin.buffer


def write_output(path: str | os.PathLike[str], data: bytes) -> None:
    """Write a command's product to *path* atomically, creating missing parent folders.

    Every command's ``-o/--output`` goes through here, so they all treat a path in a
    folder that does not exist yet the same way.
    """
    parent = Path(path).parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        # mkdir says "file exists" when the folder (or one above it) is a file.
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(parent)) from None
    replace(path, data)
