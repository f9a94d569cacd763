"""Exceptions raised by summitlib.

Every exception summitlib raises on purpose derives from :class:`SummitlibError`.
Subclasses also inherit the builtin a caller would naturally catch, as attrs does,
so ``except ValueError`` and ``except OSError`` keep working for code that does not
know summitlib.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from summitlib.validate import Problem

__all__ = [
    "FileChangedError",
    "InvalidArgumentError",
    "NotRegularFileError",
    "OutputError",
    "ReadOnlyFileError",
    "SummitValidationError",
    "SummitlibError",
]


class SummitlibError(Exception):
    """Base class of every error summitlib raises on purpose."""


class SummitValidationError(SummitlibError, ValueError):
    """A document is not valid: malformed JSON, the wrong shape, or a broken rule.

    It carries every problem found, each with its JSON path, a stable code and,
    when the input was text, a line and column. ``source`` names the file the
    document came from, when it came from one (it starts the message too).

    >>> import summitlib
    >>> try:
    ...     summitlib.loads('{"schema_version": "1.0"')
    ... except summitlib.SummitValidationError as error:
    ...     print(error.problems[0].code)
    syntax
    """

    problems: tuple[Problem, ...]
    source: str | None

    def __init__(self, problems: Sequence[Problem], source: str | None = None) -> None:
        self.problems = tuple(problems)
        self.source = source
        super().__init__(self._summary())

    def __reduce__(self) -> tuple[object, ...]:
        # Crosses process boundaries (process pools, Dask) with its problems intact.
        return (type(self), (self.problems, self.source))

    def _summary(self) -> str:
        where = "summit document" if self.source is None else self.source
        if not self.problems:
            return "invalid summit document" + ("" if self.source is None else f" {where}")
        lines = [str(problem) for problem in self.problems[:20]]
        more = len(self.problems) - len(lines)
        if more > 0:
            lines.append(f"... and {more} more")
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        return f"{count} {noun} in {where}:\n  " + "\n  ".join(lines)


class NotRegularFileError(SummitlibError, OSError):
    """A path names a FIFO, a device or a socket, which summitlib does not read.

    Opening one for reading could wait forever for a writer, or read forever.
    """


class ReadOnlyFileError(SummitlibError, PermissionError):
    """``fmt`` was asked to rewrite a file the user could not write (no write permission,
    or a read-only mode such as 0444, even for root)."""


class FileChangedError(SummitlibError, OSError):
    """A file changed between being read and being replaced, so it was left as it is.

    Raised instead of discarding an edit someone made while summitlib was working.
    """


class OutputError(SummitlibError, OSError):
    """Standard output or standard error could not be written (closed, full, or a
    reader that went away)."""


class InvalidArgumentError(SummitlibError, ValueError):
    """A function was called with an argument it cannot use (an unknown format name,
    thresholds out of order, too few agendas to compare)."""
