"""Mutated valid documents: ``validate`` never raises, ``loads`` raises only its error.

Valid documents are broken at the byte level (bytes deleted, inserted, replaced,
repeated, truncated; hostile tokens spliced in) and at the structure level (values
replaced by arbitrary JSON, keys deleted or added, items repeated, types changed).

Examples per test: ``SUMMITLIB_FUZZ_EXAMPLES`` (default 100, which keeps CI quick). The
dedicated run uses at least 10,000::

    SUMMITLIB_FUZZ_EXAMPLES=10000 pytest tests/test_mutation.py

For longer, coverage-guided runs see ``fuzz/README.md``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import summitlib
from summitlib import _json

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = (ROOT / "examples" / "alaska-2025.json").read_bytes()

EXAMPLES = int(os.environ.get("SUMMITLIB_FUZZ_EXAMPLES", "100"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Problems found while reading JSON text, which must carry a line and a column.
JSON_LEVEL = frozenset({"syntax", "encoding", "non-finite", "duplicate-key", "too-deep"})

#: Fragments an attacker would try: broken tokens, non-standard numbers, bad encodings.
HOSTILE_TOKENS = [
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b'"',
    b"\\",
    b"\\u",
    b"\\ud800",
    b"\\udc00x",
    b"NaN",
    b"-Infinity",
    b"1e999",
    b"9" * 400,
    b"-0",
    b"01",
    b".5",
    b"+1",
    b"0x1F",
    b"true",
    b"null",
    b"\x00",
    b"\x1f",
    b"\x7f",
    b"\xff",
    b"\xc0\xaf",
    b"\xed\xa0\x80",
    b"\xef\xbb\xbf",
    b"\xe2\x80\xa8",
    b"/*",
    b"//",
    b"'",
    b'"id": "x", "id": "y"',
    b"[" * 2000,
    b'"\\u003a"',
]


def _seed_documents() -> st.SearchStrategy[bytes]:
    """Valid documents to mutate: the seed example, and generated ones when available."""
    seeds = st.sampled_from(
        [EXAMPLE, orjson.dumps(orjson.loads(EXAMPLE)), json.dumps(json.loads(EXAMPLE)).encode()]
    )
    try:
        from summitlib import strategies
    except ImportError:  # pragma: no cover - summitlib.strategies not available
        return seeds
    # Small summits: drawing big ones would cost more than checking their mutants.
    small = strategies.summits(
        max_leaders=2,
        max_focus_areas=2,
        max_goals=2,
        max_tactics=1,
        max_recommendations=1,
        max_sources=1,
        max_text_size=8,
    )
    generated = small.map(lambda summit: summitlib.dumps(summit).encode("utf-8"))
    return st.one_of(seeds, generated)


@st.composite
def byte_mutants(draw: st.DrawFn) -> bytes:
    """A valid document with one to four byte-level mutations."""
    data = bytearray(draw(_seed_documents()))
    for _ in range(draw(st.integers(1, 4))):
        size = len(data)
        at = draw(st.integers(0, size))
        end = draw(st.integers(at, min(size, at + 64)))
        operation = draw(
            st.sampled_from(["delete", "insert", "replace", "token", "repeat", "truncate", "flip"])
        )
        if operation == "delete":
            del data[at:end]
        elif operation == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif operation == "replace":
            data[at:end] = draw(st.binary(max_size=8))
        elif operation == "token":
            data[at:at] = draw(st.sampled_from(HOSTILE_TOKENS))
        elif operation == "repeat":
            data[at:at] = data[at:end] * draw(st.integers(1, 3))
        elif operation == "truncate":
            del data[at:]
        elif at < size:
            data[at] ^= 1 << draw(st.integers(0, 7))
    return bytes(data)


#: Any JSON value, including the awkward ones: huge and negative numbers, odd text.
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.sampled_from(["", " ", "putin", "trump", "1.0", "held", "US", "2025-02-30"]),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children)
    ),
    max_leaves=12,
)


def _paths(value: Any) -> Iterator[list[str | int]]:
    """Yield the path of every value inside *value*, without recursion."""
    stack: list[tuple[list[str | int], Any]] = [([], value)]
    while stack:
        path, item = stack.pop()
        yield path
        if isinstance(item, dict):
            stack.extend(([*path, key], child) for key, child in item.items())
        elif isinstance(item, list):
            stack.extend(([*path, index], child) for index, child in enumerate(item))


@st.composite
def structure_mutants(draw: st.DrawFn) -> Any:
    """A valid document's data with one to three structural mutations."""
    data: Any = orjson.loads(draw(_seed_documents()))
    for _ in range(draw(st.integers(1, 3))):
        paths = list(_paths(data))
        path = paths[draw(st.integers(0, len(paths) - 1))]  # sampled_from would hash them all
        parent: Any = None
        target = data
        for part in path:
            parent, target = target, target[part]
        operation = draw(
            st.sampled_from(
                ["replace", "delete", "add-key", "repeat", "wrap", "empty", "stringify"]
            )
        )
        new: Any = target
        if operation == "replace":
            new = draw(JSON_VALUES)
        elif operation == "delete" and parent is not None:
            del parent[path[-1]]
            continue
        elif operation == "add-key" and isinstance(target, dict):
            target[draw(st.text(max_size=12))] = draw(JSON_VALUES)
            continue
        elif operation == "repeat" and isinstance(target, list) and target:
            target.append(target[draw(st.integers(0, len(target) - 1))])
            continue
        elif operation == "wrap":
            new = [target]
        elif operation == "empty":
            new = type(target)() if isinstance(target, (dict, list, str)) else None
        elif operation == "stringify":
            new = json.dumps(target)
        if parent is None:
            if isinstance(new, str):
                continue  # validate() would read a str as JSON text, not as data
            data = new
        else:
            parent[path[-1]] = new
    return data


def assert_sound(document: bytes | str, report: summitlib.Report) -> None:
    """Assert what holds of every report on JSON text, valid or not."""
    assert isinstance(report, summitlib.Report)
    for problem in report:
        assert problem.code in summitlib.PROBLEM_CODES, problem
        assert problem.code != "invalid", problem  # an unexpected exception inside
        assert problem.path.startswith("$"), problem
        assert problem.line is not None, problem
        assert problem.column is not None, problem
        assert problem.line >= 1, problem
        assert problem.column >= 1, problem
    codes = {problem.code for problem in report}
    if codes & JSON_LEVEL:
        assert len(report) == 1, report
    if report.ok:
        summit = summitlib.loads(document)
        assert summitlib.loads(summitlib.dumps(summit)) == summit
    else:
        with pytest.raises(summitlib.SummitValidationError) as caught:
            summitlib.loads(document)
        assert caught.value.problems == report.problems


@FUZZ
@given(byte_mutants())
def test_validate_never_raises_on_byte_mutants(document: bytes) -> None:
    """Byte-level mutants get a report with located, coded problems; loads agrees."""
    assert_sound(document, summitlib.validate(document))


@FUZZ
@given(byte_mutants())
def test_text_and_bytes_get_the_same_report(document: bytes) -> None:
    """A mutant decoded to text gets the same report as its bytes."""
    try:
        text = document.decode("utf-8")
    except UnicodeDecodeError:
        text = document.decode("utf-8", "surrogateescape")  # lone surrogates: not Unicode
        report = summitlib.validate(text)
        assert [problem.code for problem in report] == ["encoding"]
        return
    report = summitlib.validate(text)
    assert report == summitlib.validate(document)
    assert_sound(text, report)


@FUZZ
@given(structure_mutants())
def test_validate_never_raises_on_structure_mutants(data: Any) -> None:
    """Structural mutants get problems with JSON paths; structure raises only its error."""
    report = summitlib.validate(data)
    assert isinstance(report, summitlib.Report)
    for problem in report:
        assert problem.code in summitlib.PROBLEM_CODES, problem
        assert problem.code != "invalid", problem
        assert problem.path.startswith("$"), problem
    if report.ok:
        summit = summitlib.structure(data)
        assert summitlib.structure(summitlib.unstructure(summit)) == summit
    else:
        with pytest.raises(summitlib.SummitValidationError) as caught:
            summitlib.structure(data)
        found = {(problem.path, problem.code) for problem in caught.value.problems}
        assert found == {(problem.path, problem.code) for problem in report}


@FUZZ
@given(structure_mutants())
def test_structure_mutants_as_text_get_the_same_problems(data: Any) -> None:
    """The same mutant as JSON text gets the same problems, each with a line and column."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    report = summitlib.validate(text)
    assert_sound(text, report)
    codes = [problem.code for problem in report]
    if JSON_LEVEL.intersection(codes):
        # Only numbers beyond a double's range may fail to come back.
        assert codes == ["non-finite"]
        return
    # validate reads a str as JSON text, so a mutant that is itself a string has no
    # plain-data twin to compare with.
    if not isinstance(data, str) and _json.parse(text) == data:
        expected = {(problem.path, problem.code) for problem in summitlib.validate(data)}
        assert {(problem.path, problem.code) for problem in report} == expected
