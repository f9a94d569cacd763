"""The reporters of ``summitlib validate``, in a registry keyed by format name.

A reporter turns the results of a batch into the text one output format prints: lines
for people, a JSON object for programs, or GitHub annotations. Adding a format is
writing one :class:`Reporter` subclass and adding it to :data:`REPORTERS`.

The JSON report is a stable, documented object (see docs/cli.md); keys are only ever
added to it, never renamed or removed. In ``files[]``, ``file`` names the file and
``path`` repeats it: ``path`` was its first name, kept for the programs that read it,
but ``path`` means a JSON path everywhere else (in ``problems[]``, in ``diff``)::

    {"ok": false,
     "summary": {"files": 1, "valid": 0, "invalid": 1, "unreadable": 0},
     "files": [{"file": "a.json", "path": "a.json", "ok": false, "error": null,
                "problems": [{"path": "$.id", "code": "required", "message": "...",
                              "line": 1, "column": 1}]}]}

Every piece of text that came from a file (its name, keys and values quoted in
messages) is escaped (:mod:`summitlib._escape`) before it is printed.

>>> import io
>>> from summitlib import examples
>>> from summitlib._pipeline import check_file
>>> document = io.BytesIO(examples.read("alaska-2025").encode("utf-8"))
>>> print(render([check_file("-", document)]), end="")
-: valid
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, ClassVar

from summitlib._color import style
from summitlib._escape import json_safe, printable
from summitlib._pipeline import FileResult

__all__ = [
    "REPORTERS",
    "GithubReporter",
    "JsonReporter",
    "Reporter",
    "TextReporter",
    "as_dict",
    "counts",
    "exit_code",
    "files",
    "problem_lines",
    "render",
]


def exit_code(results: Sequence[FileResult]) -> int:
    """0 when every file is valid, 1 when some are invalid, 2 when some are unreadable."""
    if any(result.error is not None for result in results):
        return 2
    return 0 if all(result.ok for result in results) else 1


def counts(results: Sequence[FileResult]) -> tuple[int, int, int]:
    """How many of *results* are valid, invalid and unreadable."""
    valid = sum(result.ok for result in results)
    unreadable = sum(result.error is not None for result in results)
    return valid, len(results) - valid - unreadable, unreadable


def files(count: int) -> str:
    """``1 file``, ``2 files``."""
    return f"{count} file" if count == 1 else f"{count} files"


def problem_lines(result: FileResult, color: bool = False) -> list[str]:
    """``FILE:LINE:COL: PATH: message [code]`` for each problem, or the file's error."""
    path = style(printable(result.path), "bold", color)
    if result.error is not None:
        return [f"{path}: {style('error', 'red', color)}: {printable(result.error)}"]
    lines = []
    for problem in result.problems:
        where = f"{path}:{problem.line}:{problem.column}" if problem.line is not None else path
        code = style(f"[{printable(problem.code)}]", "red", color)
        at = style(printable(problem.path), "cyan", color)
        lines.append(f"{where}: {at}: {printable(problem.message)} {code}")
    return lines


def as_dict(results: Sequence[FileResult]) -> dict[str, Any]:
    """The JSON report as plain data (see the module's docstring for its shape)."""
    valid, invalid, unreadable = counts(results)
    return {
        "ok": valid == len(results),
        "summary": {
            "files": len(results),
            "valid": valid,
            "invalid": invalid,
            "unreadable": unreadable,
        },
        "files": [
            {
                "file": result.path,
                "path": result.path,
                "ok": result.ok,
                "error": result.error,
                "problems": [problem.as_dict() for problem in result.problems],
            }
            for result in results
        ],
    }


class Reporter:
    """Formats the results of a batch in one output format."""

    #: Whether the format can use colour (only the text format does).
    colored: ClassVar[bool] = False

    def __init__(self, *, color: bool = False, quiet: bool = False) -> None:
        self.color = color and self.colored
        self.quiet = quiet

    def render(self, results: Sequence[FileResult]) -> str:
        """The whole report of *results*, ending with a newline (or empty)."""
        raise NotImplementedError


class TextReporter(Reporter):
    """One line per problem, ``FILE:LINE:COL: PATH: message [code]``, then a summary.

    A valid file gets one ``FILE: valid`` line, unless *quiet*; the summary line
    appears for more than one file.
    """

    colored = True

    def render(self, results: Sequence[FileResult]) -> str:
        color = self.color
        lines = []
        for result in results:
            if result.ok:
                if not self.quiet:
                    path = style(printable(result.path), "bold", color)
                    lines.append(f"{path}: {style('valid', 'green', color)}")
            else:
                lines.extend(problem_lines(result, color))
        if len(results) > 1:
            valid, invalid, unreadable = counts(results)
            summary = (
                f"{files(len(results))}: {valid} valid, {invalid} invalid, {unreadable} unreadable"
            )
            lines.append(style(summary, "bold", color))
        return "".join(line + "\n" for line in lines)


class JsonReporter(Reporter):
    """The JSON report, indented, with a final newline."""

    def render(self, results: Sequence[FileResult]) -> str:
        return json_safe(json.dumps(as_dict(results), indent=2, ensure_ascii=False)) + "\n"


def _escape_data(text: str) -> str:
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter(Reporter):
    """GitHub Actions workflow commands: one ``::error`` annotation per problem.

    Valid files print nothing.
    """

    def render(self, results: Sequence[FileResult]) -> str:
        lines = []
        for result in results:
            file = _escape_property(result.path)
            if result.error is not None:
                lines.append(f"::error file={file},title=summitlib::{_escape_data(result.error)}")
            for problem in result.problems:
                where = f"file={file}"
                if problem.line is not None:
                    where += f",line={problem.line},col={problem.column}"
                title = _escape_property(f"summitlib {problem.code}")
                message = _escape_data(f"{problem.path}: {problem.message}")
                lines.append(f"::error {where},title={title}::{message}")
        return "".join(line + "\n" for line in lines)


#: The output formats of ``summitlib validate``, by name.
REPORTERS: dict[str, type[Reporter]] = {
    "text": TextReporter,
    "json": JsonReporter,
    "github": GithubReporter,
}


def render(
    results: Sequence[FileResult], format: str = "text", *, color: bool = False, quiet: bool = False
) -> str:
    """Format *results* with the reporter named *format* (a key of :data:`REPORTERS`).

    *color* and *quiet* apply to the text format only.
    """
    return REPORTERS[format](color=color, quiet=quiet).render(results)
