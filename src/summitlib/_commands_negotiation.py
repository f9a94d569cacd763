"""The ``forecast`` and ``convert`` commands, as functions of parsed options and streams.

The command line (:mod:`summitlib.cli`) only parses arguments and calls these; each takes
the options, the streams and the environment, writes its product to standard output (or
the file ``output``) and its complaints to standard error, and returns the exit code:
0 success, 1 invalid input, 2 usage error or unreadable input.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO, Final, TextIO

import summitlib
from summitlib import _color, _files, _pipeline, _reporters, decide, negotiation, render

__all__ = ["CONVERT_FORMATS", "FORECAST_FORMATS", "convert_command", "forecast_command"]

#: Output formats of ``summitlib forecast``.
FORECAST_FORMATS: Final = ("text", "json", "markdown")

#: Formats ``summitlib convert`` reads and writes: summit documents and decide files.
CONVERT_FORMATS: Final = ("summit", "decide")


def _write(text: str, output: str | None, stdout: TextIO, stderr: TextIO) -> int:
    if output is None or output == _pipeline.STDIN:
        stdout.write(text)
        return 0
    try:
        _files.write_output(output, text.encode("utf-8"))
    except OSError as error:
        reason = error.strerror.lower() if error.strerror else str(error)
        stderr.write(f"{output}: error: cannot write: {reason}\n")
        return 2
    return 0


def _load(
    path: str, stderr: TextIO, stdin: BinaryIO | None, environ: Mapping[str, str] | None
) -> summitlib.Summit | int:
    summit, result = _pipeline.load_file(path, stdin)
    if summit is not None:
        return summit
    stderr.write(_reporters.render([result], "text", color=_color.use_color(stderr, environ)))
    return _reporters.exit_code([result])


def forecast_command(
    path: str,
    *,
    rounds: int = negotiation.DEFAULT_ROUNDS,
    top: int = negotiation.DEFAULT_TOP,
    output_format: str = "text",
    output: str | None = None,
    stdout: TextIO,
    stderr: TextIO,
    stdin: BinaryIO | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    """``summitlib forecast FILE``: the forecast per focus area and the exchange rounds.

    ``text`` and ``markdown`` give the report of :func:`summitlib.render.forecast_text`;
    ``json`` gives ``{"forecast": …, "exchanges": …}``, the two ``as_dict()`` shapes
    documented in docs/comparison.md. A summit where no two parties take a position on
    the same area has nothing to forecast: that is said on standard error (exit 0).
    """
    if output_format not in FORECAST_FORMATS:
        stderr.write(f"summitlib forecast: error: unknown format {output_format!r}\n")
        return 2
    if not 0 <= rounds <= negotiation.MAX_ROUNDS:
        stderr.write(
            f"summitlib forecast: error: --rounds must be between 0 and "
            f"{negotiation.MAX_ROUNDS} (got {rounds})\n"
        )
        return 2
    if top < 0:
        stderr.write(f"summitlib forecast: error: --top must be 0 or more (got {top})\n")
        return 2
    summit = _load(path, stderr, stdin, environ)
    if isinstance(summit, int):
        return summit
    if output_format == "json":
        data = {
            "forecast": negotiation.forecast(summit).as_dict(),
            "exchanges": negotiation.exchanges(summit, rounds=rounds, top=top).as_dict(),
        }
        return _write(json.dumps(data, indent=2, ensure_ascii=False) + "\n", output, stdout, stderr)
    show = render.forecast_markdown if output_format == "markdown" else render.forecast_text
    text = show(summit, rounds=rounds, top=top)
    if not text:
        stderr.write(f"{path}: nothing to forecast: no focus area has positions of two parties\n")
    return _write(text, output, stdout, stderr)


def _guess(path: str) -> str:
    return "decide" if path.lower().endswith((".csv", ".tsv", ".txt")) else "summit"


def convert_command(
    path: str,
    *,
    source: str | None = None,
    target: str | None = None,
    output: str | None = None,
    stdout: TextIO,
    stderr: TextIO,
    stdin: BinaryIO | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    """``summitlib convert``: between summit documents and decide-exchange-model files.

    *source* (``--from``) and *target* (``--to``) are ``summit`` or ``decide``; one given
    implies the other, and neither given reads ``.csv`` (and ``.tsv``, ``.txt``) files as
    decide files. What the target cannot hold is named on standard error: a decide file
    has no roles (only parties are written), no linkage, no dates and no texts.
    """
    for name, value in (("--from", source), ("--to", target)):
        if value is not None and value not in CONVERT_FORMATS:
            stderr.write(
                f"summitlib convert: error: {name} must be one of {', '.join(CONVERT_FORMATS)} "
                f"(got {value!r})\n"
            )
            return 2
    if source is None:
        source = ("summit" if target == "decide" else "decide") if target else _guess(path)
    if target is None:
        target = "summit" if source == "decide" else "decide"
    if source == target:
        stderr.write(f"summitlib convert: error: nothing to do: {path} is already {source}\n")
        return 2
    if source == "decide":
        return _from_decide(path, output, stdout, stderr, stdin)
    summit = _load(path, stderr, stdin, environ)
    if isinstance(summit, int):
        return summit
    left_out = [
        f"{leader.id} ({leader.participation.value})"
        for leader in summit.leaders
        if leader.participation.value != "party"
    ]
    if left_out:
        stderr.write(f"{path}: note: only parties bargain; not written: {', '.join(left_out)}\n")
    links, blocked = negotiation.linkage(summit)
    if links.packages or blocked:
        stderr.write(
            f"{path}: note: a decide file has no linkage; not written: "
            f"{len(links.packages)} package(s), {len(blocked)} blocked stance(s)\n"
        )
    try:
        text = negotiation.to_decide(summit)
    except negotiation.NegotiationError as error:
        stderr.write(f"{path}: error: {error}\n")
        return 1
    return _write(text, output, stdout, stderr)


def _from_decide(
    path: str, output: str | None, stdout: TextIO, stderr: TextIO, stdin: BinaryIO | None
) -> int:
    try:
        if path == _pipeline.STDIN:
            raw = (stdin if stdin is not None else os.fdopen(0, "rb", closefd=False)).read()
            with tempfile.TemporaryDirectory() as folder:
                copy = Path(folder) / "stdin.csv"
                copy.write_bytes(raw)
                summit = negotiation.from_decide(copy, summit_id="stdin", title="stdin")
        else:
            summit = negotiation.from_decide(path)
    except decide.DecideFormatError as error:
        stderr.write(f"error: {error}\n")
        return 1
    except UnicodeDecodeError as error:
        stderr.write(f"{path}: error: not UTF-8 text ({error.reason})\n")
        return 2
    except OSError as error:
        reason = error.strerror.lower() if error.strerror else str(error)
        stderr.write(f"{path}: error: cannot read: {reason}\n")
        return 2
    stderr.write(
        f"{path}: note: a decide file has no dates or place: start_date is this year and "
        "the location 'not recorded'; edit them\n"
    )
    return _write(summitlib.dumps(summit), output, stdout, stderr)
