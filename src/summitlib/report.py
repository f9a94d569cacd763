"""Formatting batch results as text, JSON or GitHub workflow annotations.

The JSON report is a stable, documented object (see docs/cli.md)::

    {"ok": false, "files": [{"path": "a.json", "ok": false, "error": null,
      "problems": [{"path": "$.id", "code": "required", "message": "...",
                    "line": 1, "column": 1}]}]}
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from summitlib.batch import FileResult

__all__ = ["FORMATS", "exit_code", "format_github", "format_json", "format_text"]


def exit_code(results: Sequence[FileResult]) -> int:
    """0 when every file is valid, 1 when some are invalid, 2 when some are unreadable."""
    if any(result.error is not None for result in results):
        return 2
    return 0 if all(result.ok for result in results) else 1


def format_text(results: Sequence[FileResult]) -> str:
    """One line per problem, ``FILE:LINE:COL: PATH: message [code]``, then a summary."""
    lines = []
    for result in results:
        if result.error is not None:
            lines.append(f"{result.path}: error: {result.error}")
        elif result.ok:
            lines.append(f"{result.path}: valid")
        else:
            for problem in result.problems:
                where = (
                    f"{result.path}:{problem.line}:{problem.column}"
                    if problem.line is not None
                    else result.path
                )
                lines.append(f"{where}: {problem.path}: {problem.message} [{problem.code}]")
    if len(results) > 1:
        valid = sum(result.ok for result in results)
        unreadable = sum(result.error is not None for result in results)
        invalid = len(results) - valid - unreadable
        lines.append(
            f"{len(results)} files: {valid} valid, {invalid} invalid, {unreadable} unreadable"
        )
    return "\n".join(lines) + "\n"


def as_dict(results: Sequence[FileResult]) -> dict[str, Any]:
    """The JSON report as plain data."""
    return {
        "ok": all(result.ok for result in results),
        "files": [
            {
                "path": result.path,
                "ok": result.ok,
                "error": result.error,
                "problems": [problem.as_dict() for problem in result.problems],
            }
            for result in results
        ],
    }


def format_json(results: Sequence[FileResult]) -> str:
    """The JSON report, indented, with a final newline."""
    return json.dumps(as_dict(results), indent=2, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(results: Sequence[FileResult]) -> str:
    """GitHub Actions workflow commands: one ``::error`` annotation per problem."""
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


FORMATS = {"text": format_text, "json": format_json, "github": format_github}
