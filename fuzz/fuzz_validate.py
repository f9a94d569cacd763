"""Coverage-guided fuzzing of summitlib's reading and checking, with atheris.

Each input is tried as JSON text (bytes) and, when it parses, as plain data with one
value replaced, so both the parser and the structure checks are explored. The harness
fails on any exception but :class:`summitlib.SummitValidationError` from ``loads``, on
any exception at all from ``validate``, and on a valid document that does not round-trip.
See fuzz/README.md for how to run it.

``one_input`` needs no atheris: tests/test_hostile.py runs it on the corpus, so the
harness cannot rot unnoticed.
"""

from __future__ import annotations

import contextlib
import json
import sys
from typing import Any

try:
    import atheris
except ImportError:  # the harness function still works; only fuzzing needs atheris
    atheris = None

if atheris is not None:
    with atheris.instrument_imports():
        import summitlib
        from summitlib import _json
else:
    import summitlib
    from summitlib import _json

#: Problems read from JSON text must carry a line and column.
_JSON_LEVEL = frozenset({"syntax", "encoding", "non-finite", "duplicate-key", "too-deep"})


def _check_report(report: summitlib.Report, located: bool) -> None:
    for problem in report:
        if problem.code not in summitlib.PROBLEM_CODES or problem.code == "invalid":
            raise AssertionError(f"unexpected problem: {problem!r}")
        if located and (problem.line is None or problem.column is None):
            raise AssertionError(f"problem without a position: {problem!r}")
    if {problem.code for problem in report} & _JSON_LEVEL and len(report) != 1:
        raise AssertionError(f"a JSON-level problem and others: {report!r}")


def _replace_one(data: Any, selector: int, value: Any) -> Any:
    """Replace the value chosen by *selector* (walking the tree) with *value*."""
    order: list[tuple[Any, Any]] = []
    keys = data if isinstance(data, dict) else range(len(data))
    stack: list[tuple[Any, Any]] = [(data, key) for key in keys]
    while stack and len(order) < 10_000:
        parent, key = stack.pop()
        order.append((parent, key))
        child = parent[key]
        if isinstance(child, dict):
            stack.extend((child, k) for k in child)
        elif isinstance(child, list):
            stack.extend((child, i) for i in range(len(child)))
    if order:
        parent, key = order[selector % len(order)]
        parent[key] = value
    return data


def one_input(data: bytes) -> None:
    """Check one fuzz input; raise on any behaviour summitlib does not promise."""
    report = summitlib.validate(data)
    _check_report(report, located=True)
    try:
        summit = summitlib.loads(data)
    except summitlib.SummitValidationError as error:
        if error.problems != report.problems:
            raise AssertionError("loads and validate disagree") from error
    else:
        if not report.ok or summitlib.loads(summitlib.dumps(summit)) != summit:
            raise AssertionError("a valid document does not round-trip")
    try:
        parsed = _json.parse(data)
    except _json.JSONProblem:
        return
    if isinstance(parsed, (dict, list)) and parsed and len(data) > 2:
        # Structure level: the last bytes choose a value and what replaces it.
        replacement: Any = [None, 0, -1.5, 10**30, "", "x", [], {}, True][data[-1] % 9]
        mutated = _replace_one(parsed, int.from_bytes(data[-3:-1], "big"), replacement)
        if not isinstance(mutated, str):
            _check_report(summitlib.validate(mutated), located=False)
            with contextlib.suppress(summitlib.SummitValidationError):
                summitlib.structure(mutated)
        # The mutant as text again (json, not orjson: it writes integers of any size).
        _check_report(summitlib.validate(json.dumps(mutated).encode()), located=True)


def main() -> None:
    """Run atheris (libFuzzer) with the command-line options given."""
    if atheris is None:
        sys.exit("atheris is not installed: pip install atheris")
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
