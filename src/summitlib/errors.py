"""Exceptions raised by summitlib.

Every exception summitlib raises on purpose derives from :class:`SummitlibError`.
Subclasses also inherit the builtin a caller would naturally catch, as attrs does,
so ``except ValueError`` keeps working for code that does not know summitlib.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from summitlib.validate import Problem

__all__ = ["SummitValidationError", "SummitlibError"]


class SummitlibError(Exception):
    """Base class of every error summitlib raises on purpose."""


class SummitValidationError(SummitlibError, ValueError):
    """A document is not valid: malformed JSON, the wrong shape, or a broken rule.

    It carries every problem found, each with its JSON path, a stable code and,
    when the input was text, a line and column.

    >>> import summitlib
    >>> try:
    ...     summitlib.loads('{"schema_version": "1.0"')
    ... except summitlib.SummitValidationError as error:
    ...     print(error.problems[0].code)
    syntax
    """

    problems: tuple[Problem, ...]

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(self._summary())

    def _summary(self) -> str:
        if not self.problems:
            return "invalid summit document"
        lines = [str(problem) for problem in self.problems[:20]]
        more = len(self.problems) - len(lines)
        if more > 0:
            lines.append(f"... and {more} more")
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        return f"{count} {noun} in summit document:\n  " + "\n  ".join(lines)
