"""The ``summitlib`` command: a thin layer over the library.

``main`` only parses arguments; :func:`run` does the work against given streams and
returns the exit code, so tests can drive it in-process as well as through the script.
Exit codes: 0 success, 1 invalid input (or ``fmt --check`` found changes), 2 usage error
or unreadable input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import BinaryIO, TextIO

import summitlib
from summitlib import batch, report

__all__ = ["main", "run"]

_VALIDATE_EPILOG = """\
examples:
  summitlib validate examples/alaska-2025.json
  summitlib validate agendas/ --format json
  cat summit.json | summitlib validate -
"""


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(f"{self.prog}: error: {message}")


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``summitlib`` command."""
    parser = _Parser(
        prog="summitlib",
        description="Describe, validate and compare what leaders bring to a summit.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Run 'summitlib COMMAND --help' for the options and examples of each command.",
    )
    parser.add_argument("--version", action="version", version=f"summitlib {summitlib.__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = commands.add_parser(
        "validate",
        help="check summit documents and report every problem",
        description="Check summit documents and report every problem with its location.",
        epilog=_VALIDATE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument(
        "paths", nargs="+", metavar="FILE", help="files, directories (searched for *.json) or -"
    )
    check.add_argument(
        "--format", choices=sorted(report.FORMATS), default="text", help="output format"
    )
    return parser


def run(argv: Sequence[str], stdout: TextIO, stderr: TextIO, stdin: BinaryIO | None = None) -> int:
    """Run the command line *argv* (without the program name); return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv))
    except _UsageError as error:
        stderr.write(parser.format_usage())
        stderr.write(f"{error}\n")
        return 2
    except SystemExit as exit_:  # --help and --version
        return int(exit_.code or 0)
    if args.command is None:
        stderr.write(parser.format_help())
        return 2
    if args.command == "validate":
        results = batch.check_paths(args.paths, stdin)
        stdout.write(report.FORMATS[args.format](results))
        return report.exit_code(results)
    raise AssertionError(args.command)  # pragma: no cover


def main() -> None:
    """Entry point of the ``summitlib`` console script."""
    try:
        code = run(sys.argv[1:], sys.stdout, sys.stderr)
    except KeyboardInterrupt:
        sys.stderr.write("summitlib: interrupted\n")
        code = 130
    sys.exit(code)
