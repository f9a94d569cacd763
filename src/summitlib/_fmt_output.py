"""What ``summitlib fmt`` prints: problems, diffs to the canonical form, and a summary."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from summitlib._color import style
from summitlib._escape import printable
from summitlib._pipeline import FileResult
from summitlib._reporters import counts, exit_code, files, problem_lines

__all__ = ["VERBS", "exit_code_of", "format_diff", "output", "summary"]


def format_diff(result: FileResult, *, color: bool = False) -> str:
    """The unified diff from *result*'s text to its canonical form ('' if unchanged).

    Both sides carry the file's name, so ``patch -p0`` applies it. Characters that could
    drive a terminal are escaped (then the diff no longer applies, which is the point).
    """
    if not result.changed or result.original is None or result.formatted is None:
        return ""
    lines = difflib.unified_diff(
        result.original.decode("utf-8").splitlines(keepends=True),
        result.formatted.decode("utf-8").splitlines(keepends=True),
        fromfile=printable(result.path),
        tofile=printable(result.path),
    )
    out = []
    for line in lines:
        ending = "\n" if line.endswith("\n") else "\n\\ No newline at end of file\n"
        line = printable(line.removesuffix("\n"))
        if color and line.startswith(("+", "-")) and not line.startswith(("+++", "---")):
            line = style(line, "green" if line[0] == "+" else "red", True)
        out.append(line + ending)
    return "".join(out)


def output(results: Sequence[FileResult], *, check: bool, color: bool = False) -> str:
    """What ``summitlib fmt`` prints on standard output.

    Problems of invalid and unreadable files as ``validate`` words them; with *check*,
    the diff of each file that is not canonical.
    """
    parts: list[str] = []
    for result in results:
        if not result.ok:
            parts.extend(line + "\n" for line in problem_lines(result, color))
        elif check:
            parts.append(format_diff(result, color=color))
    return "".join(parts)


#: The verb of each rewriting command: (infinitive, past participle).
VERBS: dict[str, tuple[str, str]] = {
    "fmt": ("reformat", "reformatted"),
    "migrate": ("migrate", "migrated"),
}


def summary(
    results: Sequence[FileResult], *, check: bool, quiet: bool = False, command: str = "fmt"
) -> str:
    """What ``summitlib fmt`` (or *command*) prints on standard error: what it did to
    each file, then a summary line; with *quiet*, the summary line only."""
    verb, done = VERBS[command]
    lines = []
    for result in results:
        if quiet:
            break
        if result.changed and check:
            lines.append(f"would {verb} {printable(result.path)}")
        elif result.written:
            lines.append(f"{done} {printable(result.path)}")
    valid, invalid, unreadable = counts(results)
    # Canonical-form changes that could not be written are errors, but not unreadable.
    not_written = sum(result.changed and result.error is not None for result in results)
    changed = sum(result.changed and result.error is None for result in results)
    verb = f"would be {done}" if check else done
    line = (
        f"{files(len(results))}: {changed} {verb}, {valid - changed} unchanged, "
        f"{invalid} invalid, {unreadable - not_written} unreadable"
    )
    if not_written:
        line += f", {not_written} not written"
    lines.append(line)
    return "".join(line + "\n" for line in lines)


def exit_code_of(results: Sequence[FileResult], *, check: bool) -> int:
    """As ``validate``: 0, 1 some invalid, 2 some unreadable or not written; with
    *check*, also 1 when some file is not canonical."""
    code = exit_code(results)
    if code == 0 and check and any(result.changed for result in results):
        return 1
    return code
