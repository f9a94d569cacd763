"""Checking many files: find them, read them, check them, and report the results.

This is the library side of ``summitlib validate``: each step is a function a program
can call without the command line.

>>> from summitlib.batch import check_paths
>>> results = check_paths(["examples/alaska-2025.json"])
>>> results[0].ok
True
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

import attrs

from summitlib.validate import Problem, Report, validate

__all__ = ["STDIN", "FileResult", "check_file", "check_paths", "expand_paths"]

#: The name that stands for standard input.
STDIN = "-"


@attrs.frozen
class FileResult:
    """The outcome of checking one file.

    ``error`` is set when the file could not be read at all (missing, a directory
    without JSON files, no permission, not UTF-8); then ``report`` is ``None``.
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


def expand_paths(paths: Iterable[str]) -> Iterator[FileResult | str]:
    """Yield each file to check, searching directories for ``*.json``, in sorted order.

    A path that cannot be used yields a :class:`FileResult` with its error instead.
    """
    for name in paths:
        if name == STDIN:
            yield name
            continue
        path = Path(name)
        try:
            if path.is_dir():
                found = sorted(str(p) for p in path.rglob("*.json") if p.is_file())
                if not found:
                    yield FileResult(name, error="directory holds no *.json files")
                yield from found
            elif path.exists() or path.is_symlink():
                yield name
            else:
                yield FileResult(name, error="no such file")
        except OSError as error:
            yield FileResult(name, error=_os_message(error))


def _os_message(error: OSError) -> str:
    return error.strerror.lower() if error.strerror else str(error)


def read_input(name: str, stdin: BinaryIO | None = None) -> bytes:
    """Read the bytes of file *name*, or of standard input (*stdin*) for ``-``."""
    if name == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        return stream.read()
    with open(name, "rb") as handle:
        return handle.read()


def check_file(name: str, stdin: BinaryIO | None = None) -> FileResult:
    """Read and check one file; never raises."""
    try:
        if name != STDIN and os.path.isdir(name):
            return FileResult(name, error="is a directory")
        data = read_input(name, stdin)
    except OSError as error:
        return FileResult(name, error=_os_message(error))
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return FileResult(name, error=f"not UTF-8 text (invalid byte at line {line})")
    return FileResult(name, report=validate(data))


def check_paths(paths: Sequence[str], stdin: BinaryIO | None = None) -> list[FileResult]:
    """Check every file named or found under *paths*, in order."""
    results = []
    for item in expand_paths(paths):
        results.append(item if isinstance(item, FileResult) else check_file(item, stdin))
    return results
