"""Checking and formatting many files: find them, read them, check them, keep the results.

This is the library side of ``summitlib validate`` and ``summitlib fmt``: each step is a
function a program can call without the command line, and none of them raises on bad
input. :mod:`summitlib.report` turns the results into text, JSON or annotations.

>>> import summitlib
>>> from summitlib.batch import check_paths
>>> results = check_paths([str(summitlib.examples.path("alaska-2025"))])
>>> results[0].ok
True
"""

from __future__ import annotations

import errno
import functools
import os
import signal
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import BinaryIO, TypeVar

import attrs

from summitlib import _json
from summitlib.io import dumps, write_atomic
from summitlib.model import Summit
from summitlib.validate import Problem, Report, check

__all__ = [
    "MIN_FILES_PER_PROCESS",
    "STDIN",
    "FileResult",
    "FormatResult",
    "check_bytes",
    "check_file",
    "check_items",
    "check_paths",
    "expand_paths",
    "format_file",
    "format_items",
    "format_paths",
    "load_file",
    "read_input",
]

#: The name that stands for standard input.
STDIN = "-"

#: ``jobs=N`` starts no more processes than there are batches of this many files:
#: starting a worker costs about as much as checking a handful of medium files.
MIN_FILES_PER_PROCESS = 8


@attrs.frozen
class FileResult:
    """The outcome of checking one file.

    ``error`` is set when the file could not be read at all (missing, a directory
    without JSON files, no permission, not a regular file, not UTF-8); then ``report``
    is ``None``.
    """

    path: str
    report: Report | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        """True when the file was read and is valid."""
        return self.error is None and self.report is not None and self.report.ok

    @property
    def problems(self) -> tuple[Problem, ...]:
        """The problems found, empty when unreadable."""
        return self.report.problems if self.report is not None else ()


@attrs.frozen
class FormatResult(FileResult):
    """The outcome of formatting one file.

    ``changed`` is true when the file is valid but not in canonical form; then
    ``original`` and ``formatted`` hold both texts (they are ``None`` otherwise, so a
    large batch of tidy files keeps nothing in memory). Standard input cannot be
    written back, so for it ``formatted`` is always set when it is valid. ``written``
    is true when the canonical text replaced the file.
    """

    changed: bool = False
    original: bytes | None = attrs.field(default=None, repr=False)
    formatted: bytes | None = attrs.field(default=None, repr=False)
    written: bool = False


class _Unreadable(Exception):
    """A file that cannot be read as a document, with the reason in words."""


def _hidden(name: str) -> bool:
    return name.startswith(".") and name not in (".", "..")


def expand_paths(paths: Iterable[str]) -> Iterator[FileResult | str]:
    """Yield each file to check, searching directories for ``*.json``, in sorted order.

    A directory search skips hidden files and directories (``.git``, ``.venv``) and
    does not follow symbolic links to directories, so links cannot make it loop; a file
    named on its own is always checked. A path that cannot be used yields a
    :class:`FileResult` with its error instead.
    """
    for name in paths:
        if name == STDIN:
            yield name
            continue
        path = Path(name)
        try:
            if path.is_dir():
                found = _search(name)
                if not found:
                    yield FileResult(name, error="directory holds no *.json files")
                yield from found
            elif path.exists() or path.is_symlink():
                yield name
            else:
                yield FileResult(name, error="no such file or directory")
        except OSError as error:
            yield FileResult(name, error=_os_message(error))


def _search(directory: str) -> list[str | FileResult]:
    """The JSON files under *directory*, and an error for each folder that cannot be read."""
    found: list[str | FileResult] = []

    def unreadable(error: OSError) -> None:
        found.append(FileResult(error.filename or directory, error=_os_message(error)))

    for root, dirs, files in os.walk(directory, onerror=unreadable):
        dirs[:] = [name for name in dirs if not _hidden(name)]
        found.extend(
            os.path.join(root, name)
            for name in files
            if name.endswith(".json") and not _hidden(name)
        )
    return sorted(found, key=lambda item: item if isinstance(item, str) else item.path)


def _os_message(error: OSError) -> str:
    return error.strerror.lower() if error.strerror else str(error)


def read_input(name: str, stdin: BinaryIO | None = None) -> bytes:
    """Read the bytes of file *name*, or of standard input (*stdin*) for ``-``.

    Reads at most one byte more than :data:`summitlib._json.MAX_DOCUMENT_BYTES`, so an
    endless stream cannot exhaust memory. Refuses anything but a regular file: opening
    a FIFO or a device would wait for a writer or read forever.
    Raises :class:`OSError` with the reason.
    """
    limit = _json.MAX_DOCUMENT_BYTES + 1
    if name == STDIN:
        if stdin is None and sys.stdin is None:  # started without any standard input
            raise _Unreadable("there is no standard input")
        stream = stdin if stdin is not None else sys.stdin.buffer
        return stream.read(limit)
    # O_NONBLOCK: opening a FIFO for reading would otherwise block until a writer came.
    fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "is a directory", name)
        if not stat.S_ISREG(mode):
            raise _Unreadable("not a regular file")
        return handle.read(limit)


def check_bytes(name: str, data: bytes) -> FileResult:
    """Check the bytes *data* read from file *name*; never raises.

    Bytes that are not UTF-8 make the file unreadable (an error), not invalid.
    """
    _, problems = check(data)
    return _result(name, data, problems)


def _result(name: str, data: bytes, problems: Sequence[Problem]) -> FileResult:
    # The parser rejects bad UTF-8 itself, so valid files are decoded only once.
    if problems and problems[0].code == "encoding":
        text_error = _utf8_error(data)
        if text_error is not None:
            return FileResult(name, error=text_error)
    return FileResult(name, report=Report(tuple(problems)))


def _utf8_error(data: bytes) -> str | None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return f"not UTF-8 text (invalid byte at line {line})"
    return None


def _read(name: str, stdin: BinaryIO | None) -> bytes | FileResult:
    """Read *name*, or return the :class:`FileResult` that says why it cannot be."""
    try:
        data = read_input(name, stdin)
    except _Unreadable as error:
        return FileResult(name, error=str(error))
    except OSError as error:
        return FileResult(name, error=_os_message(error))
    if len(data) > _json.MAX_DOCUMENT_BYTES:
        problem = Problem(
            path="$",
            code="too-large",
            message=f"document is larger than the limit of {_json.MAX_DOCUMENT_BYTES:,} bytes",
        )
        return FileResult(name, report=Report((problem,)))
    return data


def load_file(name: str, stdin: BinaryIO | None = None) -> tuple[Summit | None, FileResult]:
    """Read and check one file; return its summit (``None`` unless valid) and the result.

    Never raises on bad input: the result says why there is no summit.

    >>> import summitlib
    >>> summit, result = load_file(str(summitlib.examples.path("alaska-2025")))
    >>> summit.id, result.ok
    ('alaska-2025', True)
    """
    try:
        data = _read(name, stdin)
        if isinstance(data, FileResult):
            return None, data
        summit, problems = check(data)
        return summit, _result(name, data, problems)
    except Exception as error:  # a last resort, as in check_file
        return None, FileResult(name, error=f"cannot check: {error!r}")


def check_file(name: str, stdin: BinaryIO | None = None) -> FileResult:
    """Read and check one file (``-`` for *stdin*); never raises."""
    try:
        data = _read(name, stdin)
        return data if isinstance(data, FileResult) else check_bytes(name, data)
    except Exception as error:  # a last resort: one odd file must not stop a batch
        return FileResult(name, error=f"cannot check: {error!r}")


_R = TypeVar("_R", bound=FileResult)


def _run_all(
    items: Sequence[FileResult | str],
    task: Callable[[str], _R],
    stdin_task: Callable[[str], _R],
    jobs: int,
    on_result: Callable[[FileResult], None] | None,
) -> list[FileResult]:
    """Apply *task* to each file name in *items*, in order, in up to *jobs* processes.

    *task* must be picklable (a module-level function or a partial of one);
    *stdin_task* reads standard input, in this process.
    """
    names = [item for item in items if isinstance(item, str) and item != STDIN]
    processes = min(_jobs(jobs), len(names) // MIN_FILES_PER_PROCESS)
    results: list[FileResult] = []
    with _Pool(processes) as pool:
        done = pool.map(task, names)
        for item in items:
            if isinstance(item, FileResult):
                result: FileResult = item
            elif item == STDIN:
                result = stdin_task(item)
            else:
                result = next(done)
            results.append(result)
            if on_result is not None:
                on_result(result)
    return results


def _jobs(jobs: int) -> int:
    return (os.cpu_count() or 1) if jobs <= 0 else jobs


def _ignore_interrupts() -> None:
    """Leave Ctrl-C to the main process, so workers do not each print a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class _Pool:
    """``map`` in a process pool when there is more than one process, else in this one."""

    def __init__(self, processes: int) -> None:
        self._executor = (
            ProcessPoolExecutor(processes, initializer=_ignore_interrupts)
            if processes > 1
            else None
        )
        self._processes = processes

    def __enter__(self) -> _Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._executor is not None:
            self._executor.shutdown(cancel_futures=True)

    def map(self, task: Callable[[str], _R], names: list[str]) -> Iterator[_R]:
        if self._executor is None:
            return map(task, names)
        # Several chunks per process keep every process busy when file sizes differ.
        chunk = max(1, len(names) // (self._processes * 4))
        return self._executor.map(task, names, chunksize=chunk)


def check_items(
    items: Sequence[FileResult | str],
    stdin: BinaryIO | None = None,
    *,
    jobs: int = 1,
    on_result: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Check the files :func:`expand_paths` found, in order; never raises on bad input.

    *jobs* > 1 checks in up to that many processes (0 means one per CPU) when there
    are enough files to gain from it; the results are the same, in the same order.
    *on_result* is called with each result as it is ready, in order (for progress).
    """
    stdin_task = functools.partial(check_file, stdin=stdin)
    return _run_all(items, check_file, stdin_task, jobs, on_result)


def check_paths(
    paths: Sequence[str],
    stdin: BinaryIO | None = None,
    *,
    jobs: int = 1,
    on_result: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Check every file named or found under *paths*, in order.

    >>> import summitlib
    >>> alaska = str(summitlib.examples.path("alaska-2025"))
    >>> [result.ok for result in check_paths([alaska, "missing.json"])]
    [True, False]
    """
    return check_items(list(expand_paths(paths)), stdin, jobs=jobs, on_result=on_result)


def format_file(name: str, stdin: BinaryIO | None = None, *, write: bool = False) -> FormatResult:
    """Check one file and compare it with its canonical form; never raises on bad input.

    With *write*, a valid file that is not canonical is replaced atomically (through a
    symbolic link, the file it points to); invalid and unreadable files are never
    written. Standard input (``-``) is never written.
    """
    try:
        data = _read(name, stdin)
        if isinstance(data, FileResult):
            return FormatResult(data.path, report=data.report, error=data.error)
        summit, problems = check(data)
        if summit is None:
            failed = _result(name, data, problems)
            return FormatResult(name, report=failed.report, error=failed.error)
        formatted = dumps(summit).encode("utf-8")
        report = Report()
        if formatted == data:
            return FormatResult(name, report=report, formatted=formatted if name == STDIN else None)
        written = False
        if write and name != STDIN:
            try:
                write_atomic(Path(os.path.realpath(name)), formatted)
            except OSError as error:
                return FormatResult(
                    name, report=report, error=f"cannot write: {_os_message(error)}"
                )
            written = True
        return FormatResult(
            name, report=report, changed=True, original=data, formatted=formatted, written=written
        )
    except Exception as error:  # a last resort: one odd file must not stop a batch
        return FormatResult(name, error=f"cannot format: {error!r}")


def format_items(
    items: Sequence[FileResult | str],
    stdin: BinaryIO | None = None,
    *,
    write: bool = False,
    jobs: int = 1,
    on_result: Callable[[FileResult], None] | None = None,
) -> list[FormatResult]:
    """Format the files :func:`expand_paths` found, in order (see :func:`format_file`).

    *jobs* and *on_result* work as in :func:`check_items`.
    """
    task = functools.partial(format_file, write=write)
    stdin_task = functools.partial(format_file, stdin=stdin, write=write)
    results = _run_all(items, task, stdin_task, jobs, on_result)
    return [
        result
        if isinstance(result, FormatResult)
        else FormatResult(result.path, report=result.report, error=result.error)
        for result in results
    ]


def format_paths(
    paths: Sequence[str],
    stdin: BinaryIO | None = None,
    *,
    write: bool = False,
    jobs: int = 1,
    on_result: Callable[[FileResult], None] | None = None,
) -> list[FormatResult]:
    """Format every file named or found under *paths*, in order (see :func:`format_file`).

    >>> import summitlib
    >>> [result.changed for result in format_paths([str(summitlib.examples.path("alaska-2025"))])]
    [False]
    """
    items = list(expand_paths(paths))
    return format_items(items, stdin, write=write, jobs=jobs, on_result=on_result)
