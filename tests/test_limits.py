"""Limits on size, depth and length: each is explicit and exceeding it is a clear problem.

No input, however large or deep, may end in ``RecursionError`` or ``MemoryError``: the
limits stop it first, and nothing summitlib runs recurses in proportion to the input.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import summitlib
from summitlib import _convert, _json, _meta, cli
from summitlib.validate import Problem

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = (ROOT / "examples" / "alaska-2025.json").read_text("utf-8")


def only_problem(document: object) -> Problem:
    """Return the one problem *document* has; fail if it has none or several."""
    (problem,) = summitlib.validate(document).problems
    return problem


@pytest.fixture
def shallow_stack() -> Iterator[None]:
    """Run the test with little room on the stack: recursion by input depth would fail."""
    depth = 0
    frame = sys._getframe()
    while frame is not None:
        depth += 1
        frame = frame.f_back  # type: ignore[assignment]
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + 250)
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


def nested_list(levels: int) -> list[Any]:
    """Return *levels* nested lists, built without recursion."""
    root: list[Any] = []
    inner = root
    for _ in range(levels - 1):
        child: list[Any] = []
        inner.append(child)
        inner = child
    return root


# --------------------------------------------------------------------------- size


def test_document_over_the_size_limit_is_too_large() -> None:
    """A document one byte over the limit is rejected before parsing, with the limit named."""
    data = b" " * (_json.MAX_DOCUMENT_BYTES + 1)
    problem = only_problem(data)
    assert problem.code == "too-large"
    assert f"{_json.MAX_DOCUMENT_BYTES:,}" in problem.message
    with pytest.raises(summitlib.SummitValidationError, match="too-large"):
        summitlib.loads(data)


def test_text_over_the_size_limit_in_utf8_is_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text within the limit in characters but over it in UTF-8 bytes is too large."""
    monkeypatch.setattr(_json, "MAX_DOCUMENT_BYTES", 1_000)
    assert only_problem('"' + "é" * 600 + '"').code == "too-large"
    assert only_problem("[" + " " * 1_000 + "]").code == "too-large"
    assert only_problem("[" + " " * 990 + "]").code == "type"


def test_document_at_the_size_limit_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    """A document exactly at the limit is parsed and checked as usual."""
    example = EXAMPLE.encode("utf-8")
    monkeypatch.setattr(_json, "MAX_DOCUMENT_BYTES", len(example))
    assert summitlib.validate(example).ok
    assert only_problem(example + b" ").code == "too-large"


def test_command_reports_a_file_over_the_size_limit(tmp_path: Path) -> None:
    """The command reads no more than the limit and reports the file as too large."""
    path = tmp_path / "big.json"
    with path.open("wb") as handle:
        handle.truncate(_json.MAX_DOCUMENT_BYTES + 10)  # sparse: costs no disk
    out = io.StringIO()
    assert cli.run(["validate", str(path)], out, io.StringIO()) == 1
    assert out.getvalue().count("[too-large]") == 1


# --------------------------------------------------------------------------- depth


@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_nesting_at_the_depth_limit_parses(opener: str) -> None:
    """Nesting exactly at the limit is well-formed JSON; it fails only as the wrong shape."""
    closer = "]" if opener == "[" else "}"
    text = '{"summary": ' + opener * (_json.MAX_DEPTH - 1) + "1" + closer * (_json.MAX_DEPTH - 1)
    report = summitlib.validate(text + "}")
    assert "too-deep" not in {problem.code for problem in report}
    assert ("$.summary", "type") in {(problem.path, problem.code) for problem in report}


@pytest.mark.parametrize("levels", [_json.MAX_DEPTH + 1, 100_000, 1_000_000])
def test_nesting_over_the_depth_limit_is_too_deep(levels: int, shallow_stack: None) -> None:
    """Nesting past the limit is one too-deep problem at the first bracket too many."""
    for text in ("[" * levels + "]" * levels, "[" * levels):
        problem = only_problem(text)
        assert (problem.code, problem.line, problem.column) == ("too-deep", 1, _json.MAX_DEPTH + 1)
        assert str(_json.MAX_DEPTH) in problem.message


def test_deep_documents_are_checked_without_recursion(shallow_stack: None) -> None:
    """Parsing, duplicate detection and locating use no stack in proportion to depth."""
    levels = _json.MAX_DEPTH - 2
    duplicate = '{"id": "x", ' + '{"a":' * levels + '{"k": 1, "k": 2}' + "}" * levels + "}"
    problem = only_problem(duplicate.replace('"id": "x", {', '"id": "x", "n": {'))
    assert (problem.code, problem.column) == ("duplicate-key", 5 * levels + 27)
    report = summitlib.validate('{"summary": ' + "[" * levels + "]" * levels + "}")
    assert ("$.summary", "type") in {(problem.path, problem.code) for problem in report}


def test_deep_python_data_is_checked_without_recursion(shallow_stack: None) -> None:
    """Plain data nested 100,000 levels deep is reported, not recursed into."""
    deep = nested_list(100_000)
    assert only_problem(deep).code == "type"
    data = summitlib.unstructure(summitlib.loads(EXAMPLE))
    data["summary"] = deep
    data["location"]["name"] = {"a": deep}
    report = summitlib.validate(data)
    assert {(problem.path, problem.code) for problem in report} == {
        ("$.summary", "type"),
        ("$.location.name", "type"),
    }
    with pytest.raises(summitlib.SummitValidationError):
        summitlib.structure(data)


def test_self_referencing_python_data_is_checked() -> None:
    """Data that contains itself is reported like any other wrong shape."""
    data = summitlib.unstructure(summitlib.loads(EXAMPLE))
    data["location"] = data
    loop: list[Any] = []
    loop.append(loop)
    data["leaders"][0]["other_names"] = loop
    report = summitlib.validate(data)
    paths = {problem.path for problem in report}
    assert "$.location.schema_version" in paths
    assert "$.leaders[0].other_names[0]" in paths


# --------------------------------------------------------------------------- length


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        (("title",), "text"),
        (("leaders", 0, "role"), "text"),
        (("id",), "slug"),
        (("sources", 0, "url"), "url"),
        (("location", "country"), "country"),
    ],
)
def test_string_over_its_length_limit_is_too_long(path: tuple[Any, ...], kind: str) -> None:
    """A string at its kind's length limit passes that check; one more character fails it."""
    limit = _meta.STRING_KINDS[kind].max_length
    filler = {"text": "x", "slug": "a", "url": "a", "country": "A"}[kind]
    prefix = "https://e.org/" if kind == "url" else ""
    json_path = "$." + ".".join(str(p) for p in path).replace(".0", "[0]")
    for length, expect_length_problem in [(limit, False), (limit + 1, True)]:
        data: Any = summitlib.unstructure(summitlib.loads(EXAMPLE))
        if kind == "url":
            data["sources"] = [{"id": "s", "title": "t"}]
        target = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = prefix + filler * (length - len(prefix))
        codes = {p.code for p in summitlib.validate(data) if p.path == json_path}
        assert ("length" in codes) is expect_length_problem, (length, codes)
        if expect_length_problem:
            (problem,) = [p for p in summitlib.validate(data) if p.path == json_path]
            assert f"at most {limit} characters (got {limit + 1})" in problem.message


def test_huge_string_is_reported_without_echoing_it() -> None:
    """A 10-million character title is one short problem, not a 10 MB message."""
    data = summitlib.unstructure(summitlib.loads(EXAMPLE))
    data["title"] = "x" * 10_000_000
    (problem,) = summitlib.validate(data).problems
    assert problem.code == "length"
    assert len(str(problem)) < 200


def test_long_key_is_an_unknown_key() -> None:
    """A key of a million characters is an unknown key, located on its line."""
    key = "k" * 1_000_000
    text = EXAMPLE.replace('"schema_version"', f'"{key}": 1,\n  "schema_version"', 1)
    problem = only_problem(text)
    assert (problem.code, problem.line, problem.column) == ("unknown-key", 2, 3)
    assert problem.path == f"$.{key}"


def test_huge_numbers_in_python_data_are_reported() -> None:
    """Integers too large for a float are reported at their path, never raised."""
    data = summitlib.unstructure(summitlib.loads(EXAMPLE))
    data["location"]["latitude"] = 10**5000
    data["agendas"][0]["goals"][0]["salience"] = -(10**400)
    report = summitlib.validate(data)
    assert {problem.path for problem in report} == {
        "$.location.latitude",
        "$.agendas[0].goals[0].salience",
    }


# --------------------------------------------------------------------------- locating


JSON_DOCUMENTS = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=6),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(alphabet="ab'\\.[]$\n é", max_size=4), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=200)
@given(JSON_DOCUMENTS, st.sampled_from([None, 1, 2]), st.booleans())
def test_find_agrees_with_scan(document: Any, indent: int | None, ask_all: bool) -> None:
    """Walking toward some paths finds each where the full scan does, and their parents."""
    text = json.dumps(document, indent=indent, ensure_ascii=False)
    offsets = _json.scan(text).offsets
    wanted = list(offsets) if ask_all else [*list(offsets)[-3:], "$.missing", "$[99]"]
    found = _json.find(text, wanted)
    for path, offset in found.items():
        assert offsets[path] == offset, path
    assert set(wanted) & set(offsets) <= set(found)


def test_locating_few_problems_in_a_huge_document_maps_little() -> None:
    """One problem after 200,000 values is located without mapping them all."""
    data = summitlib.unstructure(summitlib.loads(EXAMPLE))
    data["leaders"][0]["other_names"] = ["Putin"] * 200_000
    data["leaders"][1]["colour"] = "red"
    text = json.dumps(data, indent=1)
    found = _json.find(text, ["$.leaders[1].colour"])
    assert set(found) == {"$", "$.leaders", "$.leaders[1]", "$.leaders[1].colour"}
    (problem,) = summitlib.validate(text).problems
    assert (problem.path, problem.code) == ("$.leaders[1].colour", "unknown-key")
    assert problem.line is not None
    assert text.splitlines()[problem.line - 1].strip().startswith('"colour"')


# --------------------------------------------------------------------------- problem count


def test_problems_per_array_are_capped() -> None:
    """A million bad items give 100 problems, the last saying checking stopped there."""
    data = summitlib.unstructure(summitlib.loads(EXAMPLE))
    data["leaders"][0]["other_names"] = [0] * 1_000_000
    report = summitlib.validate(json.dumps(data))
    cap = _convert.MAX_PROBLEMS_PER_CONTAINER
    assert [problem.path for problem in report] == [
        f"$.leaders[0].other_names[{index}]" for index in range(cap)
    ]
    assert "999,900 later items not checked" in report.problems[-1].message


def test_problems_in_nested_arrays_share_the_cap() -> None:
    """Bad items in arrays inside arrays count toward the outer array's cap too."""
    data = summitlib.unstructure(summitlib.loads(EXAMPLE))
    goal = data["agendas"][0]["goals"][0]
    goal["details"] = [0] * 150
    data["agendas"][0]["goals"] = [goal] * 150
    report = summitlib.validate(data)
    shape = [problem for problem in report if problem.code == "type"]
    assert len(shape) == _convert.MAX_PROBLEMS_PER_CONTAINER


def test_unknown_keys_per_object_are_capped() -> None:
    """An object with 200,000 unknown keys gives 100 problems and says how many more."""
    data = summitlib.unstructure(summitlib.loads(EXAMPLE))
    data["location"].update({f"k{index}": 1 for index in range(200_000)})
    report = summitlib.validate(data)
    assert len(report) == _convert.MAX_PROBLEMS_PER_CONTAINER
    assert {problem.code for problem in report} == {"unknown-key"}
    assert "199,900 more unknown keys not listed" in report.problems[-1].message


def test_rule_problems_are_capped() -> None:
    """A source cited unresolved 300,000 times gives 100 problems, the last saying so."""
    data = summitlib.unstructure(summitlib.loads(EXAMPLE))
    data["agendas"][0]["goals"][0]["sources"] = ["nowhere"] * 300_000
    report = summitlib.validate(json.dumps(data))
    assert len(report) == _convert.MAX_PROBLEMS_PER_CONTAINER
    assert {problem.code for problem in report} == {"reference"}
    assert "checking the rules stopped here" in report.problems[-1].message


@pytest.mark.parametrize("where", ["root", "field"])
def test_deeply_nested_tuples_are_checked_without_crashing(where: str) -> None:
    """A tuple chain thousands deep in Python data is a shape problem, not a crashed
    process (orjson corrupts memory on such data, so it never sees invalid data)."""
    deep: Any = 1
    for _ in range(5_000):
        deep = (deep,)
    if where == "root":
        report = summitlib.validate(deep)
    else:
        data = summitlib.unstructure(summitlib.loads(EXAMPLE))
        data["title"] = deep
        report = summitlib.validate(data)
        assert [p.path for p in report] == ["$.title"]
    assert not report.ok
