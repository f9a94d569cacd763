"""The ``summitlib`` command: a thin layer over the library.

:func:`main` only parses arguments; :func:`run` does the work against given streams and
returns the exit code, so tests can drive it in-process as well as through the script.
Exit codes: 0 success, 1 invalid input (or ``fmt --check`` found changes), 2 usage error,
unreadable input, a file ``fmt`` left alone because it changed or is read-only, or output
that cannot be written (closed, full, a broken pipe), 3 an internal error (a bug in
summitlib), 130 and 143 stopped by SIGINT (Ctrl-C) or SIGTERM.

Each subcommand is one ``_add_NAME`` function that builds its parser and one ``_NAME``
function that runs it; adding a subcommand means writing both and listing the first in
:data:`_COMMANDS`.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import signal
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, BinaryIO, NoReturn, TextIO

import attrs

import summitlib
from summitlib import _color, _files, _pipeline, _reporters
from summitlib._escape import printable, printable_text
from summitlib._progress import progress
from summitlib.errors import InvalidArgumentError, OutputError, SummitValidationError

if TYPE_CHECKING:
    from summitlib.comparison import Thresholds

__all__ = ["build_parser", "main", "run"]


@attrs.frozen
class _Context:
    """Where a subcommand reads and writes, and the environment it sees."""

    stdout: TextIO
    stderr: TextIO
    stdin: BinaryIO | None
    environ: Mapping[str, str]

    @property
    def color(self) -> bool:
        return _color.use_color(self.stdout, self.environ)


_Handler = Callable[[argparse.Namespace, _Context], int]


class _UsageError(Exception):  # never leaves this module: run() turns it into exit 2
    def __init__(self, parser: argparse.ArgumentParser, message: str) -> None:
        super().__init__(message)
        self.parser = parser


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(self, f"{self.prog}: error: {message}")


def _command(commands: Any, name: str, description: str, examples: str) -> argparse.ArgumentParser:
    """Add subcommand *name*, with its examples at the end of its ``--help``."""
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        help=_COMMANDS[name][0],
        description=description,
        epilog="examples:\n" + examples,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more (got {value})")
    return value


def _add_jobs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=1,
        metavar="N",
        help="check in N processes (0: one per CPU; never more than the CPUs available); "
        "output is the same as with 1",
    )


def _add_quiet(parser: argparse.ArgumentParser, meaning: str) -> None:
    parser.add_argument("-q", "--quiet", action="store_true", help=meaning)


def _add_output(parser: argparse.ArgumentParser, what: str = "OUT") -> None:
    parser.add_argument(
        "-o",
        "--output",
        metavar=what,
        help=f"write to file {what} (atomically, creating missing folders), not stdout",
    )


#: The first line of the examples of commands that read a document: every example must
#: work in an empty folder after a plain ``pip install``, so it fetches one first.
_GET_SAMPLE = "  summitlib example alaska-2025 -o alaska-2025.json   # a sample document\n"


# --- validate ----------------------------------------------------------------------------


def _add_validate(commands: Any) -> None:
    parser = _command(
        commands,
        "validate",
        "Check summit documents and report every problem as FILE:LINE:COL: PATH: message.\n"
        "Exit status: 0 all valid, 1 some invalid, 2 some unreadable or a usage error.",
        f"{_GET_SAMPLE}"
        "  summitlib validate alaska-2025.json\n"
        "  summitlib example -o agendas/         # every example, into agendas/\n"
        "  summitlib validate agendas/ --format json\n"
        "  summitlib validate agendas/ --format github --jobs 4\n"
        "  summitlib validate --quiet agendas/    # problems only\n"
        "  cat alaska-2025.json | summitlib validate -\n",
    )
    parser.add_argument(
        "paths", nargs="+", metavar="FILE", help="files, directories (searched for *.json) or -"
    )
    parser.add_argument(
        "--format",
        choices=list(_reporters.REPORTERS),
        default="text",
        help="output format: text (default), json (a stable object) or github (annotations)",
    )
    _add_quiet(parser, "text format: print only problems and the summary, not valid files")
    _add_jobs(parser)
    parser.set_defaults(handler=_validate)


def _validate(args: argparse.Namespace, context: _Context) -> int:
    items = list(_pipeline.expand_paths(args.paths))
    with progress(len(items), context.stderr, environ=context.environ) as tick:
        results = _pipeline.check_items(items, context.stdin, jobs=args.jobs, on_result=tick)
    text = _reporters.render(results, args.format, color=context.color, quiet=args.quiet)
    context.stdout.write(text)
    return _reporters.exit_code(results)


# --- fmt ---------------------------------------------------------------------------------


def _add_fmt(commands: Any) -> None:
    parser = _command(
        commands,
        "fmt",
        "Rewrite valid summit documents in canonical form (model key order, two-space\n"
        "indent, UTF-8, final newline), atomically. Invalid files are reported as by\n"
        "'validate' and left alone, and so is a file that changed while fmt ran or that\n"
        "you could not write (read-only). '-' reads standard input and writes the\n"
        "canonical text to standard output.\n"
        "Exit status: 0 done, 1 some invalid (or, with --check, not canonical), 2 some\n"
        "unreadable or left alone, or a usage error.",
        f"{_GET_SAMPLE}"
        "  summitlib fmt alaska-2025.json\n"
        "  summitlib example -o agendas/         # every example, into agendas/\n"
        "  summitlib fmt --check agendas/        # show a diff, change nothing\n"
        "  summitlib fmt - < alaska-2025.json > canonical.json\n",
    )
    parser.add_argument(
        "paths", nargs="+", metavar="FILE", help="files, directories (searched for *.json) or -"
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; print a unified diff and exit 1 if some file is not canonical",
    )
    _add_quiet(parser, "print only the summary line on standard error, not each file")
    _add_jobs(parser)
    parser.set_defaults(handler=_fmt, rewrite="fmt")


def _fmt(args: argparse.Namespace, context: _Context) -> int:
    from summitlib import _fmt_output

    # `fmt -` is a filter for editors: stdout carries the canonical text and nothing else.
    filter_mode = args.paths == [_pipeline.STDIN] and not args.check
    if _pipeline.STDIN in args.paths and len(args.paths) > 1 and not args.check:
        raise _UsageError(
            args.parser, f"{args.parser.prog}: error: '-' must be the only FILE (without --check)"
        )
    items = list(_pipeline.expand_paths(args.paths))
    with progress(len(items), context.stderr, environ=context.environ) as tick:
        results = _pipeline.format_items(
            items,
            context.stdin,
            write=not args.check,
            migrate=args.rewrite == "migrate",
            jobs=args.jobs,
            on_result=tick,
        )
    if filter_mode:
        (result,) = results
        if result.formatted is not None:
            context.stdout.write(result.formatted.decode("utf-8"))
        color = _color.use_color(context.stderr, context.environ)
        context.stderr.write(_fmt_output.output(results, check=False, color=color))
    else:
        context.stdout.write(_fmt_output.output(results, check=args.check, color=context.color))
        context.stderr.write(
            _fmt_output.summary(results, check=args.check, quiet=args.quiet, command=args.rewrite)
        )
    return _fmt_output.exit_code_of(results, check=args.check)


def _load(name: str, context: _Context) -> summitlib.Summit | int:
    """The summit in file *name*, or the exit status after reporting why there is none.

    Problems go to standard error, as ``validate`` words them: standard output is for
    the command's product.
    """
    summit, result = _pipeline.load_file(name, context.stdin)
    if summit is not None:
        return summit
    color = _color.use_color(context.stderr, context.environ)
    context.stderr.write(_reporters.render([result], "text", color=color))
    return _reporters.exit_code([result])


def _reason(error: OSError) -> str:
    return error.strerror.lower() if error.strerror else str(error)


def _write(text: str, output: str | None, context: _Context, args: argparse.Namespace) -> int:
    """Write *text* to standard output, or atomically to the file *output*.

    Standard output gets *text* with control characters escaped (it may be a terminal
    or a CI log); the file gets it as it is, in missing parent folders created as needed.
    """
    if output is None or output == _pipeline.STDIN:
        context.stdout.write(printable_text(text))
        return 0
    if not output:
        _usage(args, "-o/--output needs a file name (got an empty one); use - for stdout")
    try:
        _files.write_output(output, text.encode("utf-8"))
    except OSError as error:
        context.stderr.write(f"{printable(output)}: error: cannot write: {_reason(error)}\n")
        return 2
    return 0


def _usage(args: argparse.Namespace, message: str) -> NoReturn:
    raise _UsageError(args.parser, f"{args.parser.prog}: error: {message}")


# --- migrate -----------------------------------------------------------------------------


def _add_migrate(commands: Any) -> None:
    parser = _command(
        commands,
        "migrate",
        "Rewrite valid summit documents of an older format version (schema_version 1.0)\n"
        f"in the current one ({summitlib.SCHEMA_VERSION}), meaning exactly the same: what an "
        "absent value meant\nin the old version is written out. The file is written in "
        "canonical form, atomically,\nwith the care 'fmt' takes; documents already in the "
        "current version are left\nalone. 'fmt' never changes schema_version; 'migrate' "
        "does. '-' reads standard input\nand writes the migrated text to standard output.\n"
        "Exit status: 0 done, 1 some invalid (or, with --check, some would change), 2 some\n"
        "unreadable or left alone, or a usage error.",
        "  summitlib example alaska-2025 -o alaska-2025.json   # format 1.0\n"
        "  summitlib migrate --check alaska-2025.json   # show a diff, change nothing\n"
        "  summitlib migrate alaska-2025.json\n",
    )
    parser.add_argument(
        "paths", nargs="+", metavar="FILE", help="files, directories (searched for *.json) or -"
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; print a unified diff and exit 1 if some file would change",
    )
    _add_quiet(parser, "print only the summary line on standard error, not each file")
    _add_jobs(parser)
    parser.set_defaults(handler=_fmt, rewrite="migrate")


# --- example -----------------------------------------------------------------------------


def _add_example(commands: Any) -> None:
    parser = _command(
        commands,
        "example",
        "List the example summit documents that come with summitlib, print one, or write\n"
        "one (or, without NAME, all of them) to -o PATH: a file name, or a folder,\n"
        "created if missing. Exit status: 0 done, 2 an unknown NAME or a file that\n"
        "cannot be written.",
        "  summitlib example                                # list them\n"
        "  summitlib example alaska-2025                    # print one\n"
        "  summitlib example alaska-2025 -o alaska-2025.json\n"
        "  summitlib example -o examples/                   # all of them, into examples/\n",
    )
    parser.add_argument("name", nargs="?", metavar="NAME", help="the example's name")
    _add_output(parser, "PATH")
    _add_quiet(parser, "do not say which files were written")
    parser.set_defaults(handler=_example)


def _example(args: argparse.Namespace, context: _Context) -> int:
    from summitlib import examples

    if args.output == "":
        _usage(args, "-o/--output needs a path (got an empty one)")
    output = None if args.output == _pipeline.STDIN else args.output
    return examples.example_command(
        args.name, output, context.stdout, context.stderr, quiet=args.quiet
    )


# --- schema ------------------------------------------------------------------------------


def _add_schema(commands: Any) -> None:
    parser = _command(
        commands,
        "schema",
        "Print the JSON Schema (Draft 2020-12) of summit documents, generated from the\n"
        "model classes, for editors and other languages' validators. It checks the shape\n"
        "of a document; 'summitlib validate' also checks the rules that span records.",
        "  summitlib schema\n  summitlib schema -o schemas/summit.schema.json\n",
    )
    _add_output(parser)
    parser.set_defaults(handler=_schema)


def _schema(args: argparse.Namespace, context: _Context) -> int:
    from summitlib import schema

    return _write(schema.schema_text(), args.output, context, args)


# --- render ------------------------------------------------------------------------------


def _add_render(commands: Any) -> None:
    parser = _command(
        commands,
        "render",
        "Show a summit as a readable report: the agendas, the four tables of the seed\n"
        "article (goals, tactics, shared focus areas, recommendations) and the comparison\n"
        "of the agendas. --format html writes one self-contained page (inline CSS and\n"
        "SVG charts, no script). Invalid input is reported on standard error (exit status 1).",
        f"{_GET_SAMPLE}"
        "  summitlib render alaska-2025.json\n"
        "  summitlib render --format text alaska-2025.json\n"
        "  summitlib render alaska-2025.json -o reports/alaska.md\n"
        "  summitlib render alaska-2025.json --format html -o report.html\n",
    )
    parser.add_argument("path", metavar="FILE", help="a summit document, or - for stdin")
    parser.add_argument(
        "--format",
        choices=["markdown", "text", "html"],
        default="markdown",
        help="markdown (default), plain text or html (one self-contained page)",
    )
    _add_output(parser)
    parser.set_defaults(handler=_render)


def _render(args: argparse.Namespace, context: _Context) -> int:
    from summitlib import render

    summit = _load(args.path, context)
    if isinstance(summit, int):
        return summit
    if args.format == "html":
        from summitlib import html

        return _write(html.render(summit), args.output, context, args)
    show = render.markdown if args.format == "markdown" else render.text
    return _write(show(summit), args.output, context, args)


# --- compare -----------------------------------------------------------------------------


def _bounded(low: float, high: float) -> Callable[[str], float]:
    """An argparse type: a finite number from *low* to *high*."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
        if not low <= value <= high:  # NaN fails too
            raise argparse.ArgumentTypeError(f"must be from {low:g} to {high:g} (got {text})")
        return value

    return parse


def _add_compare(commands: Any) -> None:
    from summitlib import _analysis_output, comparison

    parser = _command(
        commands,
        "compare",
        "Compare the leaders' agendas: agreement per focus area and overall, common\n"
        "ground, sticking points and possible trade-offs. Without --leaders, every pair\n"
        "of parties with an agenda is compared, in agenda order, with the agreement\n"
        "matrix first when more than two leaders are compared.\n"
        "With two documents (two summits, or two versions of one), each leader with an\n"
        "agenda in both (the same id, or else the same Wikidata identifier) is compared\n"
        "with themself; --leaders A B compares A in FILE with B in OTHER. Focus areas are\n"
        "matched by id; one that only one document defines is one-sided.\n"
        "Exit status: 0 done, 1 invalid input, 2 unreadable input or a usage error.",
        f"{_GET_SAMPLE}"
        "  summitlib compare alaska-2025.json\n"
        "  summitlib compare alaska-2025.json --leaders putin trump --care 70\n"
        "  summitlib compare alaska-2025.json --convergent 0.9 --divergent 0.6\n"
        "  summitlib compare alaska-2025.json --format json -o comparison.json\n"
        "  summitlib example singapore-2018 -o singapore-2018.json\n"
        "  summitlib compare singapore-2018.json alaska-2025.json   # Trump, 2018 and 2025\n",
    )
    parser.add_argument("path", metavar="FILE", help="a summit document, or - for stdin")
    parser.add_argument(
        "other",
        nargs="?",
        metavar="OTHER",
        help="a second summit document (or -), to compare agendas across the two",
    )
    parser.add_argument(
        "--leaders",
        nargs="+",
        metavar="ID",
        help="compare only these leaders (by id), pair by pair in the order given: two or "
        "more; with OTHER, exactly two: A in FILE and B in OTHER",
    )
    defaults = comparison.DEFAULT_THRESHOLDS
    parser.add_argument(
        "--convergent",
        type=_bounded(0.0, 1.0),
        default=defaults.convergent,
        metavar="X",
        help=f"an area is convergent from this agreement up (0 to 1, default "
        f"{defaults.convergent:g}): Thresholds.convergent",
    )
    parser.add_argument(
        "--divergent",
        type=_bounded(0.0, 1.0),
        default=defaults.divergent,
        metavar="X",
        help=f"an area is divergent below this agreement (0 to 1, at most --convergent, "
        f"default {defaults.divergent:g}): Thresholds.divergent",
    )
    parser.add_argument(
        "--care",
        type=_bounded(0.0, 100.0),
        default=comparison.CARE_THRESHOLD,
        metavar="S",
        help=f"a leader cares about an area from this salience up, for common ground and "
        f"sticking points (0 to 100, default {comparison.CARE_THRESHOLD:g}): "
        "negotiation_map(care=)",
    )
    parser.add_argument(
        "--format",
        choices=_analysis_output.COMPARISON_FORMATS,
        default="text",
        help="text (default), json or markdown",
    )
    _add_output(parser)
    parser.set_defaults(handler=_compare)


#: Unknown leader ids get a suggestion within this many edits (insert, delete, replace,
#: swap two neighbours): enough for a typo, too few to suggest an unrelated leader.
_MAX_EDITS = 2


def _edits(a: str, b: str) -> int:
    """The optimal-string-alignment distance between *a* and *b*."""
    rows = [list(range(len(b) + 1))]
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            cost = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, rows[-2][j - 2] + 1)
            row.append(cost)
        rows.append(row)
    return rows[-1][-1]


def _did_you_mean(name: str, known: Sequence[str]) -> str:
    """``"; did you mean 'X'?"`` for the closest of *known*, if a typo away, else ``""``."""
    # In an id of four letters or fewer, two edits already make a different word.
    limit = 1 if len(name) <= 4 else _MAX_EDITS
    scored = sorted((_edits(name, other), other) for other in known)
    if scored and scored[0][0] <= limit:
        return f"; did you mean {scored[0][1]!r}?"
    return ""


def _check_leaders(
    args: argparse.Namespace, summit: summitlib.Summit, leaders: Sequence[str], name: str
) -> None:
    """A usage error for a leader without an agenda in *summit* (read from *name*)."""
    known = [agenda.leader for agenda in summit.agendas]
    for leader in leaders:
        if leader not in known:
            listed = ", ".join(known) or "none"
            _usage(
                args,
                printable(
                    f"no agenda for leader {leader!r} in {name} (leaders with an agenda: "
                    f"{listed}){_did_you_mean(leader, known)}"
                ),
            )


def _compare(args: argparse.Namespace, context: _Context) -> int:
    from summitlib import _analysis_output, comparison

    try:
        thresholds = comparison.Thresholds(convergent=args.convergent, divergent=args.divergent)
    except InvalidArgumentError:
        _usage(
            args,
            f"--divergent ({args.divergent:g}) must be at most --convergent ({args.convergent:g})",
        )
    leaders = args.leaders
    if leaders is not None:
        if args.other is None and len(leaders) < 2:
            _usage(args, "--leaders needs two or more leader ids")
        if args.other is not None and len(leaders) != 2:
            _usage(args, "with two documents, --leaders takes two ids: A in FILE, B in OTHER")
        twice = next((leader for leader in leaders if leaders.count(leader) > 1), None)
        if twice is not None and args.other is None:
            _usage(args, printable(f"--leaders names {twice!r} twice; name different leaders"))
    if args.other is not None:
        return _compare_documents(args, context, thresholds)
    summit = _load(args.path, context)
    if isinstance(summit, int):
        return summit
    if leaders is not None:
        _check_leaders(args, summit, leaders, args.path)
    comparisons = comparison.compare_summit(summit, thresholds=thresholds, leaders=leaders)
    chosen = len(leaders) if leaders is not None else len(comparison.party_agendas(summit))
    matrix = None
    if chosen > 2:
        matrix = comparison.agreement_matrix(summit, thresholds=thresholds, leaders=leaders)
    text = _analysis_output.format_comparisons(
        summit, comparisons, args.format, care=args.care, matrix=matrix
    )
    return _write(text, args.output, context, args)


def _compare_documents(args: argparse.Namespace, context: _Context, thresholds: Thresholds) -> int:
    from summitlib import _analysis_output, comparison

    if args.path == _pipeline.STDIN and args.other == _pipeline.STDIN:
        _usage(args, "only one of FILE, OTHER can be -")
    first = _load(args.path, context)
    second = _load(args.other, context)
    if isinstance(first, int) or isinstance(second, int):
        return max(code for code in (first, second) if isinstance(code, int))
    leaders = None
    if args.leaders is not None:
        # Either document's id names a matched leader, so `--leaders putin putin` works
        # when the second document calls him `vladimir-putin`.
        a, b = comparison._own_ids(first, second, tuple(args.leaders))
        _check_leaders(args, first, [a], args.path)
        _check_leaders(args, second, [b], args.other)
        leaders = (a, b)
    comparisons = comparison.compare_documents(
        first, second, thresholds=thresholds, leaders=leaders
    )
    text = _analysis_output.format_document_comparisons(
        first, second, comparisons, args.format, care=args.care
    )
    return _write(text, args.output, context, args)


# --- diff --------------------------------------------------------------------------------


def _add_diff(commands: Any) -> None:
    parser = _command(
        commands,
        "diff",
        "Show what changed between two versions of a summit document: records added,\n"
        "removed and changed (matched by id), and each changed field by JSON path.\n"
        "Exit status: 0 compared (1 with --exit-code when something changed), 1 some\n"
        "input invalid (2 with --exit-code, so 1 always means 'different'), 2 some input\n"
        "unreadable or a usage error.",
        "  summitlib example alaska-2025 -o old.json\n"
        "  sed 's/Anchorage/Juneau/' old.json > new.json\n"
        "  summitlib diff old.json new.json\n"
        "  cat old.json | summitlib diff - new.json\n"
        "  summitlib diff --format json old.json new.json -o changes.json\n",
    )
    parser.add_argument("old", metavar="OLD", help="the earlier version, or - for stdin")
    parser.add_argument("new", metavar="NEW", help="the later version, or - for stdin")
    parser.add_argument(
        "--format", choices=["text", "json"], default="text", help="text (default) or json"
    )
    parser.add_argument(
        "--exit-code",
        action="store_true",
        help="exit with status 1 when the documents differ, like git diff --exit-code "
        "(and 2 when an input is invalid)",
    )
    _add_output(parser)
    parser.set_defaults(handler=_diff)


def _diff(args: argparse.Namespace, context: _Context) -> int:
    if args.old == _pipeline.STDIN and args.new == _pipeline.STDIN:
        _usage(args, "only one of OLD, NEW can be -")
    old = _load(args.old, context)
    new = _load(args.new, context)
    if isinstance(old, int) or isinstance(new, int):
        code = max(code for code in (old, new) if isinstance(code, int))
        # With --exit-code, 1 means "different"; an invalid input must not look like that.
        return 2 if args.exit_code else code
    from summitlib import _analysis_output

    changes = summitlib.diff(old, new)
    code = _write(_analysis_output.format_changes(changes, args.format), args.output, context, args)
    return code or (1 if args.exit_code and changes else 0)


# --- forecast and convert ----------------------------------------------------------------


def _rounds(text: str) -> int:
    from summitlib import negotiation

    value = _jobs(text)
    if value > negotiation.MAX_ROUNDS:
        raise argparse.ArgumentTypeError(
            f"must be between 0 and {negotiation.MAX_ROUNDS} (got {value})"
        )
    return value


def _add_forecast(commands: Any) -> None:
    from summitlib import _commands_negotiation, negotiation

    parser = _command(
        commands,
        "forecast",
        "Forecast the outcome of each focus area (positions weighted by salience and\n"
        "capability) and the exchanges of positions the leaders would gain from, with\n"
        "the forecast after each round. docs/comparison.md gives the formulas and the\n"
        "JSON shape. Exit status: 0 done, 1 invalid input, 2 unreadable or a usage error.",
        f"{_GET_SAMPLE}"
        "  summitlib forecast alaska-2025.json\n"
        "  summitlib forecast alaska-2025.json --rounds 3 --top 5 --format markdown\n"
        "  summitlib forecast alaska-2025.json --format json -o forecast.json\n",
    )
    parser.add_argument("path", metavar="FILE", help="a summit document, or - for stdin")
    parser.add_argument(
        "--rounds",
        type=_rounds,
        default=negotiation.DEFAULT_ROUNDS,
        metavar="N",
        help=f"rounds of exchanges (default {negotiation.DEFAULT_ROUNDS}, "
        f"at most {negotiation.MAX_ROUNDS})",
    )
    parser.add_argument(
        "--top",
        type=_jobs,
        default=negotiation.DEFAULT_TOP,
        metavar="N",
        help=f"exchanges shown per round (default {negotiation.DEFAULT_TOP})",
    )
    parser.add_argument(
        "--format",
        choices=list(_commands_negotiation.FORECAST_FORMATS),
        default="text",
        help="text (default), json or markdown",
    )
    _add_output(parser)
    parser.set_defaults(handler=_forecast)


def _forecast(args: argparse.Namespace, context: _Context) -> int:
    from summitlib import _commands_negotiation

    summit = _load(args.path, context)
    if isinstance(summit, int):
        return summit
    text = _commands_negotiation.forecast_output(
        summit, rounds=args.rounds, top=args.top, output_format=args.format
    )
    if not text:
        context.stderr.write(
            f"{printable(args.path)}: nothing to forecast: no focus area has positions "
            "of two parties\n"
        )
    return _write(text, args.output, context, args)


def _add_convert(commands: Any) -> None:
    from summitlib import _commands_negotiation

    parser = _command(
        commands,
        "convert",
        "Convert between summit documents and the CSV files of the decide exchange model.\n"
        "Give --from or --to (the other is implied); without either, .csv, .tsv and .txt\n"
        "files are read as decide files. What the target cannot hold (roles other than\n"
        "party, linkage, dates, texts) is named on standard error.\n"
        "Exit status: 0 done, 1 invalid input, 2 unreadable or a usage error.",
        f"{_GET_SAMPLE}"
        "  summitlib convert alaska-2025.json --to decide -o alaska-2025.csv\n"
        "  summitlib convert alaska-2025.csv --from decide -o back/alaska-2025.json\n",
    )
    formats = list(_commands_negotiation.CONVERT_FORMATS)
    parser.add_argument("path", metavar="FILE", help="the file to convert, or - for stdin")
    parser.add_argument("--from", dest="source", choices=formats, help="what FILE is")
    parser.add_argument("--to", dest="target", choices=formats, help="what to write")
    _add_output(parser)
    parser.set_defaults(handler=_convert)


def _convert(args: argparse.Namespace, context: _Context) -> int:
    from summitlib import _commands_negotiation, decide, negotiation

    source, target = _commands_negotiation.conversion(args.path, args.source, args.target)
    if source == target:
        _usage(args, printable(f"nothing to do: {args.path} is already {source}"))
    name = printable(args.path)
    if source == "decide":
        try:
            summit = _commands_negotiation.read_decide(args.path, context.stdin)
        except decide.DecideFormatError as error:
            where = error.source if error.line is None else f"{error.source}:{error.line}"
            context.stderr.write(printable(f"{where}: error: {error.reason}") + "\n")
            return 1
        except UnicodeDecodeError as error:
            context.stderr.write(f"{name}: error: not UTF-8 text ({error.reason})\n")
            return 2
        except OSError as error:
            context.stderr.write(f"{name}: error: cannot read: {_reason(error)}\n")
            return 2
        except SummitValidationError as error:  # too large
            results = [_pipeline.FileResult(args.path, problems=error.problems)]
            color = _color.use_color(context.stderr, context.environ)
            context.stderr.write(_reporters.render(results, "text", color=color))
            return _reporters.exit_code(results)
        context.stderr.write(
            f"{name}: note: a decide file has no dates or place: start_date is this year "
            "and the location 'not recorded'; edit them\n"
        )
        return _write(summitlib.dumps(summit), args.output, context, args)
    loaded = _load(args.path, context)
    if isinstance(loaded, int):
        return loaded
    for note in _commands_negotiation.decide_notes(loaded):
        context.stderr.write(f"{name}: note: {printable(note)}\n")
    try:
        text = negotiation.to_decide(loaded)
    except negotiation.NegotiationError as error:
        context.stderr.write(f"{name}: error: {printable(str(error))}\n")
        return 1
    return _write(text, args.output, context, args)


# --- export ------------------------------------------------------------------------------


def _add_export(commands: Any) -> None:
    from summitlib import table

    parser = _command(
        commands,
        "export",
        "Write summit documents as tidy tables for pandas, DuckDB or a spreadsheet: one\n"
        f"file per table ({len(table.TABLES)} tables: summits, leaders, focus_areas, goals, "
        "comparisons and\nthe others docs/tables.md lists with their columns) in the folder "
        "DIR (-o), created\nif missing.\n"
        "Nothing is written unless every file is valid; problems go to standard error,\n"
        "as 'validate' words them. Parquet needs pyarrow: pip install 'summitlib[parquet]'.\n"
        "Exit status: 0 written, 1 some invalid, 2 some unreadable, a usage error, or DIR\n"
        "not writable (or not a directory).",
        "  summitlib example -o agendas/         # every example, into agendas/\n"
        "  summitlib export agendas/ -o tables\n"
        "  summitlib export agendas/alaska-2025.json agendas/yalta-1945.json -o out/csv\n",
    )
    parser.add_argument(
        "paths", nargs="+", metavar="FILE", help="files or directories (searched for *.json)"
    )
    parser.add_argument(
        "-o", "--output", metavar="DIR", help="folder to write the tables to (required)"
    )
    # The old name of -o, kept working: hidden from --help, and it says it is deprecated.
    parser.add_argument("--to", dest="to", metavar="DIR", help=argparse.SUPPRESS)
    parser.add_argument(
        "--format", choices=list(table.FORMATS), default="csv", help="csv (default) or parquet"
    )
    _add_quiet(parser, "print nothing on success (problems are still reported)")
    parser.set_defaults(handler=_export)


def _export(args: argparse.Namespace, context: _Context) -> int:
    from summitlib import corpus

    if args.to is not None:
        if args.output is not None:
            _usage(args, "give -o/--output only (--to is its deprecated old name)")
        context.stderr.write(f"{args.parser.prog}: warning: --to is deprecated; use -o/--output\n")
        args.output = args.to
    if args.output is None:
        _usage(args, "the following arguments are required: -o/--output")
    if not args.output:
        _usage(args, "-o/--output needs a folder name (got an empty one)")
    if args.output == _pipeline.STDIN:
        _usage(args, "export writes a folder of tables, not standard output: give -o DIR")
    args.to = args.output
    try:
        result, written = corpus.export(args.paths, args.to, args.format)
    except ImportError as error:  # pyarrow missing
        context.stderr.write(f"{args.parser.prog}: error: {error}\n")
        return 2
    except OSError as error:
        to = printable(args.to)
        context.stderr.write(f"{to}: error: cannot write: {_reason(error)}\n")
        return 2
    if not result.ok:
        results = list(result.files)
        color = _color.use_color(context.stderr, context.environ)
        context.stderr.write(_reporters.render(results, "text", color=color, quiet=True))
        context.stderr.write(f"{args.parser.prog}: nothing written to {printable(args.to)}\n")
        return _reporters.exit_code(results)
    if args.quiet:
        return 0
    rows = sum(len(table_rows) for table_rows in result.tables().values())
    files = len(result.files)
    context.stdout.write(
        f"{printable(args.to)}: wrote {len(written)} {args.format} tables, {rows} rows from "
        f"{files} file{'' if files == 1 else 's'}\n"
    )
    return 0


#: Every subcommand, with its one-line summary and what adds its options, in the order
#: ``--help`` lists them.
_COMMANDS: dict[str, tuple[str, Callable[[Any], None]]] = {
    "validate": ("check summit documents and report every problem", _add_validate),
    "fmt": ("rewrite summit documents in canonical form", _add_fmt),
    "migrate": ("rewrite older summit documents in the current format version", _add_migrate),
    "example": (
        "list, print or copy the example summit documents shipped with summitlib",
        _add_example,
    ),
    "schema": ("print the JSON Schema of summit documents", _add_schema),
    "render": ("show a summit as a readable report", _add_render),
    "compare": ("compare the leaders' agendas, focus area by focus area", _add_compare),
    "diff": ("show what changed between two versions of a summit document", _add_diff),
    "forecast": (
        "forecast each focus area and the exchanges of positions, round by round",
        _add_forecast,
    ),
    "convert": ("convert between summit documents and decide exchange-model files", _add_convert),
    "export": ("write summit documents as tidy tables, CSV or Parquet", _add_export),
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """Return the argument parser of the ``summitlib`` command.

    With *only* (a command's name), the other commands get their name and summary but
    not their options: building a command's options may import what only that command
    needs (the forecast models, the tables), and one run uses one command.
    """
    parser = _Parser(
        prog="summitlib",
        description="Describe, validate and compare what leaders bring to a summit.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n"
        f"{_GET_SAMPLE}"
        "  summitlib validate alaska-2025.json\n"
        "  summitlib fmt --check alaska-2025.json\n"
        "  summitlib compare alaska-2025.json\n"
        "  summitlib validate --help\n\n"
        "exit status: 0 success, 1 invalid input, 2 usage error, unreadable input or\n"
        "output that cannot be written, 3 internal error, 130/143 stopped by SIGINT or\n"
        "SIGTERM. Set NO_COLOR to turn colour off.\n\n"
        "Run 'summitlib COMMAND --help' for the options and examples of each command.",
    )
    parser.add_argument("--version", action="version", version=f"summitlib {summitlib.__version__}")
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_Parser, title="commands"
    )
    for name, (summary, add) in _COMMANDS.items():
        if only is None or name == only:
            add(commands)
        else:
            commands.add_parser(name, help=summary)
    for subparser in commands.choices.values():
        subparser.set_defaults(parser=subparser)
    return parser


def run(
    argv: Sequence[str],
    stdout: TextIO,
    stderr: TextIO,
    stdin: BinaryIO | None = None,
    *,
    environ: Mapping[str, str] | None = None,
) -> int:
    """Run the command line *argv* (without the program name); return the exit code.

    *stdin* is read for the file name ``-`` (default: the process's standard input);
    *environ* decides colour (default: :data:`os.environ`).

    >>> import io
    >>> from summitlib import examples
    >>> document = io.BytesIO(examples.read("alaska-2025").encode("utf-8"))
    >>> run(["validate", "-"], io.StringIO(), io.StringIO(), document)
    0
    """
    # The first word that is not an option names the command (the program's own
    # options, --help and --version, take no value).
    first = next((arg for arg in argv if not arg.startswith("-")), None)
    parser = build_parser(first if first in _COMMANDS else None)
    context = _Context(stdout, stderr, stdin, os.environ if environ is None else environ)
    try:
        # argparse prints --help and --version to sys.stdout itself.
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            args, extra = parser.parse_known_args(list(argv))
        if args.command is None:
            stderr.write(parser.format_help())
            return 2
        if extra:
            # Named by the subcommand, so its usage line is the one shown.
            _usage(args, f"unrecognized arguments: {' '.join(extra)}")
        handler: _Handler = args.handler
        return handler(args, context)
    except _UsageError as error:
        stderr.write(error.parser.format_usage())
        stderr.write(f"{error}\n")
        return 2
    except SystemExit as exit_:  # --help and --version
        return exit_.code if isinstance(exit_.code, int) else 0


class _Guarded(io.TextIOBase):
    """A standard stream whose failures are the user's environment, not a bug.

    Writing to a closed descriptor, a full disk or a pipe whose reader went away raises
    :class:`~summitlib.errors.OutputError`, which :func:`main` reports in one line.
    """

    def __init__(self, stream: TextIO | None, name: str) -> None:
        self._stream = stream
        self.name = name
        self.failed = False

    def _fail(self, error: Exception) -> NoReturn:
        self.failed = True
        reason = _reason(error) if isinstance(error, OSError) else "it is closed"
        raise OutputError(f"cannot write to {self.name}: {reason}") from error

    def write(self, text: str) -> int:
        if self._stream is None:
            self._fail(OSError(9, "it is closed"))
        try:
            return self._stream.write(text)
        except (OSError, ValueError) as error:  # ValueError: I/O on a closed file
            self._fail(error)

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except (OSError, ValueError) as error:
            self._fail(error)

    def isatty(self) -> bool:
        return _color.is_terminal(self._stream) if self._stream is not None else False

    def fileno(self) -> int:
        if self._stream is None:
            raise OSError(9, "standard stream is closed")
        return self._stream.fileno()


class _Stopped(KeyboardInterrupt):
    """SIGTERM: stop as Ctrl-C stops, removing temporary files on the way out."""

    signum = 15


def _stop(signum: int, frame: object) -> None:
    raise _Stopped


def _detach(stream: _Guarded) -> None:
    """Point a failed standard stream at the null device, so the interpreter's own
    final flush does not fail again."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())


def main() -> None:
    """Entry point of the ``summitlib`` console script."""
    for stream in (sys.stdout, sys.stderr):
        # Never fail on a character the terminal's encoding cannot show (a file name
        # that is not valid UTF-8, or a C locale): escape it instead.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    stdout = _Guarded(sys.stdout, "standard output")
    stderr = _Guarded(sys.stderr, "standard error")
    with contextlib.suppress(ValueError):  # not the main thread
        signal.signal(signal.SIGTERM, _stop)
    try:
        code = run(sys.argv[1:], stdout, stderr)  # type: ignore[arg-type]
        stdout.flush()
    except KeyboardInterrupt as stop:
        _files.remove_temporaries()
        signum = getattr(stop, "signum", 2)
        with contextlib.suppress(OutputError):
            stderr.write(f"summitlib: {'interrupted' if signum == 2 else 'stopped'}\n")
        code = 128 + signum
    except OutputError as error:
        for stream in (stdout, stderr):
            if stream.failed:
                _detach(stream)
        with contextlib.suppress(OutputError):
            stderr.write(f"summitlib: {error}\n")
            stderr.flush()
        code = 2
    except Exception as error:
        if os.environ.get("SUMMITLIB_DEBUG"):
            raise
        with contextlib.suppress(OutputError):
            stderr.write(
                f"summitlib: internal error: {printable(repr(error))}\n"
                "This is a bug in summitlib; set SUMMITLIB_DEBUG=1 to see the traceback.\n"
            )
        code = 3
    sys.exit(code)
