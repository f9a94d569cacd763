"""Presenting batch results: text, JSON or GitHub annotations, diffs, colour and progress.

The JSON report of ``summitlib validate --format json`` is a stable, documented object
(see docs/cli.md); keys are only ever added to it, never renamed or removed::

    {"ok": false,
     "summary": {"files": 1, "valid": 0, "invalid": 1, "unreadable": 0},
     "files": [{"path": "a.json", "ok": false, "error": null,
                "problems": [{"path": "$.id", "code": "required", "message": "...",
                              "line": 1, "column": 1}]}]}

>>> import io, summitlib
>>> from summitlib.batch import check_paths
>>> alaska = io.BytesIO(summitlib.examples.path("alaska-2025").read_bytes())
>>> print(format_text(check_paths(["-"], alaska)), end="")
-: valid
"""

from __future__ import annotations

import contextlib
import difflib
import json
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Protocol

from summitlib.batch import FileResult, FormatResult
from summitlib.compare import Comparison, negotiation_map
from summitlib.diff import Diff
from summitlib.model import Summit

__all__ = [
    "COMPARISON_FORMATS",
    "FORMATS",
    "PROGRESS_DELAY",
    "as_dict",
    "exit_code",
    "fmt_exit_code",
    "format_changes",
    "format_comparisons",
    "format_diff",
    "format_fmt",
    "format_fmt_summary",
    "format_github",
    "format_json",
    "format_text",
    "leader_names",
    "progress",
    "render",
    "use_color",
]

#: Seconds a batch runs before a progress bar appears: short runs never show one.
PROGRESS_DELAY = 1.0


class _Stream(Protocol):
    def isatty(self) -> bool: ...


def use_color(stream: _Stream, environ: Mapping[str, str] | None = None) -> bool:
    """True when output to *stream* may be coloured.

    Never when ``NO_COLOR`` is set to anything (https://no-color.org), when ``TERM`` is
    ``dumb``, or when *stream* is not a terminal (a pipe, a file, CI logs).
    """
    environ = os.environ if environ is None else environ
    if environ.get("NO_COLOR"):
        return False
    return _is_terminal(stream, environ)


def _is_terminal(stream: _Stream, environ: Mapping[str, str]) -> bool:
    if environ.get("TERM") == "dumb":
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):  # closed or unusual streams
        return False


_STYLES = {"bold": "1", "red": "31", "green": "32", "yellow": "33", "cyan": "36", "dim": "2"}


def _style(text: str, style: str, color: bool) -> str:
    return f"\x1b[{_STYLES[style]}m{text}\x1b[0m" if color else text


def exit_code(results: Sequence[FileResult]) -> int:
    """0 when every file is valid, 1 when some are invalid, 2 when some are unreadable."""
    if any(result.error is not None for result in results):
        return 2
    return 0 if all(result.ok for result in results) else 1


def _problem_lines(result: FileResult, color: bool) -> list[str]:
    """``FILE:LINE:COL: PATH: message [code]`` for each problem, or the file's error."""
    path = _style(result.path, "bold", color)
    if result.error is not None:
        return [f"{path}: {_style('error', 'red', color)}: {result.error}"]
    lines = []
    for problem in result.problems:
        where = f"{path}:{problem.line}:{problem.column}" if problem.line is not None else path
        code = _style(f"[{problem.code}]", "red", color)
        lines.append(f"{where}: {_style(problem.path, 'cyan', color)}: {problem.message} {code}")
    return lines


def _counts(results: Sequence[FileResult]) -> tuple[int, int, int]:
    valid = sum(result.ok for result in results)
    unreadable = sum(result.error is not None for result in results)
    return valid, len(results) - valid - unreadable, unreadable


def _files(count: int) -> str:
    return f"{count} file" if count == 1 else f"{count} files"


def format_text(results: Sequence[FileResult], *, color: bool = False, quiet: bool = False) -> str:
    """One line per problem, ``FILE:LINE:COL: PATH: message [code]``, then a summary.

    A valid file gets one ``FILE: valid`` line, unless *quiet*; the summary line appears
    for more than one file. *color* adds ANSI colours (see :func:`use_color`).
    """
    lines = []
    for result in results:
        if result.ok:
            if quiet:
                continue
            lines.append(f"{_style(result.path, 'bold', color)}: {_style('valid', 'green', color)}")
        else:
            lines.extend(_problem_lines(result, color))
    if len(results) > 1:
        valid, invalid, unreadable = _counts(results)
        summary = (
            f"{_files(len(results))}: {valid} valid, {invalid} invalid, {unreadable} unreadable"
        )
        lines.append(_style(summary, "bold", color))
    return "".join(line + "\n" for line in lines)


def as_dict(results: Sequence[FileResult]) -> dict[str, Any]:
    """The JSON report as plain data (see the module's docstring for its shape)."""
    valid, invalid, unreadable = _counts(results)
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
                "path": result.path,
                "ok": result.ok,
                "error": result.error,
                "problems": [problem.as_dict() for problem in result.problems],
            }
            for result in results
        ],
    }


def format_json(results: Sequence[FileResult], *, color: bool = False) -> str:
    """The JSON report, indented, with a final newline; *color* is ignored."""
    return json.dumps(as_dict(results), indent=2, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(results: Sequence[FileResult], *, color: bool = False) -> str:
    """GitHub Actions workflow commands: one ``::error`` annotation per problem.

    Valid files print nothing; *color* is ignored.
    """
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
FORMATS: dict[str, Callable[..., str]] = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
}


def render(
    results: Sequence[FileResult], format: str = "text", *, color: bool = False, quiet: bool = False
) -> str:
    """Format *results* in the named output *format* (a key of :data:`FORMATS`).

    *color* and *quiet* apply to the text format only.
    """
    if format == "text":
        return format_text(results, color=color, quiet=quiet)
    formatter: Callable[..., str] = FORMATS[format]
    return formatter(results)


def format_diff(result: FormatResult, *, color: bool = False) -> str:
    """The unified diff from *result*'s text to its canonical form ('' if unchanged).

    Both sides carry the file's name, so ``patch -p0`` applies it.
    """
    if not result.changed or result.original is None or result.formatted is None:
        return ""
    lines = difflib.unified_diff(
        result.original.decode("utf-8").splitlines(keepends=True),
        result.formatted.decode("utf-8").splitlines(keepends=True),
        fromfile=result.path,
        tofile=result.path,
    )
    out = []
    for line in lines:
        if not line.endswith("\n"):
            line += "\n\\ No newline at end of file\n"
        if color and line.startswith(("+", "-")) and not line.startswith(("+++", "---")):
            line = _style(line.rstrip("\n"), "green" if line[0] == "+" else "red", True) + "\n"
        out.append(line)
    return "".join(out)


def format_fmt(results: Sequence[FormatResult], *, check: bool, color: bool = False) -> str:
    """What ``summitlib fmt`` prints on standard output.

    Problems of invalid and unreadable files as in :func:`format_text`; with *check*,
    the diff of each file that is not canonical.
    """
    parts: list[str] = []
    for result in results:
        if not result.ok:
            parts.extend(line + "\n" for line in _problem_lines(result, color))
        elif check:
            parts.append(format_diff(result, color=color))
    return "".join(parts)


def format_fmt_summary(results: Sequence[FormatResult], *, check: bool) -> str:
    """What ``summitlib fmt`` prints on standard error: what it did to each file."""
    lines = []
    for result in results:
        if result.changed and check:
            lines.append(f"would reformat {result.path}")
        elif result.written:
            lines.append(f"reformatted {result.path}")
    changed = sum(result.changed for result in results)
    valid, invalid, unreadable = _counts(results)
    verb = "would be reformatted" if check else "reformatted"
    lines.append(
        f"{_files(len(results))}: {changed} {verb}, {valid - changed} unchanged, "
        f"{invalid} invalid, {unreadable} unreadable"
    )
    return "".join(line + "\n" for line in lines)


def fmt_exit_code(results: Sequence[FormatResult], *, check: bool) -> int:
    """Like :func:`exit_code`; with *check*, also 1 when some file is not canonical."""
    code = exit_code(results)
    if code == 0 and check and any(result.changed for result in results):
        return 1
    return code


@contextlib.contextmanager
def progress(
    total: int,
    stream: Any,
    *,
    delay: float = PROGRESS_DELAY,
    environ: Mapping[str, str] | None = None,
) -> Iterator[Callable[[FileResult], None]]:
    """Show a progress bar on *stream* while a batch of *total* files runs.

    Yields the function to call once per finished file. The bar appears only on a
    terminal, only after *delay* seconds, and disappears when done; elsewhere the
    function does nothing, so piped output and CI logs stay clean.

    >>> import io
    >>> with progress(3, io.StringIO()) as tick:
    ...     pass
    """
    if total < 2 or not _is_terminal(stream, os.environ if environ is None else environ):
        yield _ignore
        return
    # Imported only on a terminal, to keep `import summitlib` light.
    from tqdm import tqdm  # type: ignore[import-untyped,unused-ignore]

    class Bar(tqdm):  # type: ignore[misc,unused-ignore]
        # No monitor thread: worker processes are forked while the bar is shown, and
        # forking a process that runs threads risks deadlocks.
        monitor_interval = 0

    with Bar(total=total, file=stream, unit="file", delay=delay, leave=False) as bar:

        def tick(result: FileResult) -> None:
            bar.update()

        yield tick


def _ignore(result: FileResult) -> None:
    """Do nothing with a result."""


def leader_names(summit: Summit) -> dict[str, str]:
    """Map each leader's id to the name reports show (:attr:`Leader.display_name`)."""
    return {leader.id: leader.display_name for leader in summit.leaders}


#: The output formats of ``summitlib compare``.
COMPARISON_FORMATS = ("text", "json", "markdown")


def format_comparisons(
    summit: Summit, comparisons: Sequence[Comparison], format: str = "text"
) -> str:
    """Format pairwise comparisons of *summit*'s agendas, each with its negotiation map.

    ``json`` gives ``{"comparisons": [{"comparison": ..., "negotiation_map": ...}]}``,
    built from :meth:`Comparison.as_dict` and :meth:`NegotiationMap.as_dict`; ``text``
    and ``markdown`` give :func:`summitlib.render.comparison_text` / ``_markdown`` for
    each pair, separated by a blank line.
    """
    if format == "json":
        data = {
            "comparisons": [
                {
                    "comparison": comparison.as_dict(),
                    "negotiation_map": negotiation_map(comparison).as_dict(),
                }
                for comparison in comparisons
            ]
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    from summitlib import render

    show = render.comparison_markdown if format == "markdown" else render.comparison_text
    names = leader_names(summit)
    if not comparisons:
        return "no two leaders have an agenda: nothing to compare\n"
    return "\n".join(show(comparison, names).rstrip("\n") + "\n" for comparison in comparisons)


def format_changes(changes: Diff, format: str = "text") -> str:
    """Format what :func:`summitlib.diff` found: one line per record and field, or JSON.

    ``json`` gives :meth:`Diff.as_dict` (``added``, ``removed``, ``changed``).
    """
    if format == "json":
        return json.dumps(changes.as_dict(), indent=2, ensure_ascii=False) + "\n"
    return "".join(line + "\n" for line in changes.lines())
