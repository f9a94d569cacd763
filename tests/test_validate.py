"""Tests for summitlib.validate: every problem, with its path, code and position."""

from __future__ import annotations

import json
from typing import Any

import attrs
import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

import summitlib
from summitlib import PROBLEM_CODES, Problem, Report

from .conftest import EXAMPLES


def _doc(alaska_text: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(alaska_text)
    return data


def _pairs(report: Report) -> list[tuple[str, str]]:
    return [(p.path, p.code) for p in report.problems]


def test_the_example_is_valid(alaska_text: str) -> None:
    """The seed example passes every check."""
    report = summitlib.validate(alaska_text)
    assert report.ok
    assert report.problems == ()
    assert len(report) == 0


def test_k_independent_errors_give_exactly_k_problems(alaska_text: str) -> None:
    """Eight independent mistakes are eight problems, each at its own path."""
    data = _doc(alaska_text)
    goals = data["agendas"][0]["goals"]
    goals[0]["salience"] = "high"  # type
    goals[1]["position"] = 140  # range
    data["focus_areas"][0]["topic"] = "CAP 19"  # pattern
    del data["location"]["name"]  # missing field
    goals[2]["priority"] = 1  # unknown key
    data["agendas"][1]["goals"][0]["focus_area"] = "nowhere"  # broken reference
    data["recommendations"][1]["id"] = "security"  # duplicate id
    data["start_date"] = "2025-02-30"  # bad date
    report = summitlib.validate(json.dumps(data, indent=2))
    assert sorted(_pairs(report)) == sorted(
        [
            ("$.agendas[0].goals[0].salience", "type"),
            ("$.agendas[0].goals[1].position", "range"),
            ("$.focus_areas[0].topic", "pattern"),
            ("$.location.name", "required"),
            ("$.agendas[0].goals[2].priority", "unknown-key"),
            ("$.agendas[1].goals[0].focus_area", "reference"),
            ("$.recommendations[1].id", "duplicate-id"),
            ("$.start_date", "date"),
        ]
    )
    assert all(p.line is not None and p.column is not None for p in report.problems)


def test_positions_point_at_the_problem(alaska_text: str) -> None:
    """A problem found in text carries the line and column of its key."""
    text = alaska_text.replace('"salience": 90', '"salience": 140')
    (problem,) = summitlib.validate(text).problems
    line_text = text.splitlines()[problem.line - 1]  # type: ignore[operator]
    assert line_text[problem.column - 1 :].startswith('"salience": 140')  # type: ignore[operator]
    assert problem.path == "$.agendas[0].goals[0].salience"
    assert problem.message == "'salience' must be between 0 and 100 (got 140)"


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda d: d["leaders"].append(dict(d["leaders"][0])),
            [("$.leaders[2].id", "duplicate-id")],
        ),
        (
            lambda d: d["focus_areas"].append(dict(d["focus_areas"][0])),
            [("$.focus_areas[9].id", "duplicate-id")],
        ),
        (
            lambda d: d["sources"].append(dict(d["sources"][0])),
            [("$.sources[3].id", "duplicate-id")],
        ),
        (
            lambda d: d["agendas"][1]["goals"][0].update(id="trump-ukraine-ceasefire"),
            [("$.agendas[1].goals[0].id", "duplicate-id")],
        ),
        (
            lambda d: d["agendas"][0].update(leader="biden"),
            [("$.agendas[0].leader", "reference")],
        ),
        (
            lambda d: d["agendas"][1].update(leader="trump"),
            [("$.agendas[1].leader", "duplicate-agenda")],
        ),
        (
            lambda d: d["recommendations"][0]["aims"][0].update(leader="xi"),
            [("$.recommendations[0].aims[0].leader", "reference")],
        ),
        (
            lambda d: d["recommendations"][0]["aims"][1].update(leader="putin"),
            [("$.recommendations[0].aims[1].leader", "duplicate-aim")],
        ),
        (
            lambda d: d["recommendations"][2].update(focus_area="tone"),
            [("$.recommendations[2].focus_area", "reference")],
        ),
        (
            lambda d: d["agendas"][0]["tactics"][1].update(sources=["analysis", "nyt"]),
            [("$.agendas[0].tactics[1].sources[1]", "reference")],
        ),
        (
            lambda d: d["recommendations"][0].update(sources=["ref-3"]),
            [("$.recommendations[0].sources[0]", "reference")],
        ),
        (
            lambda d: d.update(start_date="2025-08-15", end_date="2025-08-14"),
            [("$.end_date", "date-order")],
        ),
        (lambda d: d.update(start_date="2025-08-15", end_date="2025-08"), []),
        (
            lambda d: d.update(start_date="2025-08", end_date="2025-07-31"),
            [("$.end_date", "date-order")],
        ),
        (lambda d: d["leaders"][0].update(country="QQ"), [("$.leaders[0].country", "enum")]),
        (lambda d: d["location"].update(country="us"), [("$.location.country", "enum")]),
        (lambda d: d["location"].update(latitude=91), [("$.location.latitude", "range")]),
        (lambda d: d["location"].update(longitude=-180.5), [("$.location.longitude", "range")]),
        (lambda d: d.update(sources=[]), [("$.agendas[0].goals[0].sources[0]", "reference")]),
    ],
)
def test_semantic_rules(alaska_text: str, mutate: Any, expected: list[tuple[str, str]]) -> None:
    """Each rule JSON Schema cannot express is checked and reported at the right path."""
    data = _doc(alaska_text)
    mutate(data)
    pairs = _pairs(summitlib.validate(data))
    if expected and expected[0][1] == "reference" and "sources" in expected[0][0]:
        assert expected[0] in pairs  # every citation of a removed source is reported
    else:
        assert pairs == expected


@pytest.mark.parametrize(
    "value",
    [
        None,
        5,
        1.5,
        True,
        [],
        "",
        b"",
        b"\xff\xfe",
        "null",
        "[]",
        object(),
        {1: 2},
        {"id": {}},
        [[[[]]]],
        {"leaders": [None, 5, "x", []]},
        bytearray(b"{}"),
        memoryview(b"["),
    ],
)
def test_validate_never_raises(value: object) -> None:
    """Any input gives a report, never an exception."""
    report = summitlib.validate(value)
    assert not report.ok
    assert all(p.code in PROBLEM_CODES for p in report.problems)


def test_validate_checks_a_summit_built_in_python(alaska_text: str) -> None:
    """A Summit built by hand is checked too: classes do not validate on construction."""
    summit = summitlib.loads(alaska_text)
    goal = attrs.evolve(summit.agendas[0].goals[0], salience=140.0)
    agenda = attrs.evolve(summit.agendas[0], goals=(goal, *summit.agendas[0].goals[1:]))
    broken = attrs.evolve(summit, agendas=(agenda, *summit.agendas[1:]))
    assert _pairs(summitlib.validate(broken)) == [("$.agendas[0].goals[0].salience", "range")]
    assert summitlib.validate(summit).ok


def test_load_raises_with_the_same_problems(alaska_text: str) -> None:
    """loads raises SummitValidationError carrying exactly validate's problems."""
    text = alaska_text.replace('"putin"', '"Putin"', 1)
    report = summitlib.validate(text)
    with pytest.raises(summitlib.SummitValidationError) as caught:
        summitlib.loads(text)
    assert caught.value.problems == report.problems
    assert ("$.leaders[0].id", "pattern") in _pairs(report)


def test_problem_text_and_dict() -> None:
    """A problem prints as line:column: path: message [code] and converts to a dict."""
    problem = Problem(path="$.id", code="required", message="'id' is required", line=2, column=3)
    assert str(problem) == "2:3: $.id: 'id' is required [required]"
    assert problem.as_dict() == {
        "path": "$.id",
        "code": "required",
        "message": "'id' is required",
        "line": 2,
        "column": 3,
    }


def test_unusual_keys_get_bracketed_paths(alaska_text: str) -> None:
    """Keys that are not identifiers are quoted in paths, as jsonschema's json_path does."""
    data = _doc(alaska_text)
    data["location"]["two words"] = 1
    data["location"]["it's"] = 2
    assert _pairs(summitlib.validate(data)) == [
        ("$.location['two words']", "unknown-key"),
        ("$.location['it\\'s']", "unknown-key"),
    ]


_SEED_BYTES = (EXAMPLES / "alaska-2025.json").read_bytes()
_SEED = json.loads(_SEED_BYTES)
#: Keys whose values the cross-record rules look at (besides the items of ``sources``).
_RULE_KEYS = {"id", "leader", "focus_area", "topic", "start_date", "end_date"}


def _slug_places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    places: list[tuple[Any, ...]] = []
    if isinstance(value, dict):
        for key, child in value.items():
            if isinstance(child, str) and key in _RULE_KEYS:
                places.append((*path, key))
            places += _slug_places(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            if isinstance(child, str) and path and path[-1] == "sources":
                places.append((*path, index))
            places += _slug_places(child, (*path, index))
    return places


def _at(document: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        document = document[key]
    return document


_PLACES = _slug_places(_SEED)
# Values found elsewhere in the document: reused, each breaks a reference or a rule.
_VALUES = sorted({_at(_SEED, place) for place in _PLACES} | {"nobody", "cap:99", "2024"})


@given(st.data())
def test_the_quick_rule_check_agrees_with_the_full_one(data: st.DataObject) -> None:
    """A structured summit passes the quick rule check exactly when no rule problem is found."""
    from summitlib._convert import structure_fast
    from summitlib._rules import collected_classes, follows_rules, rule_problems

    document = orjson.loads(_SEED_BYTES)  # a deep copy, many times faster
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(_PLACES))
        parent = document
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = data.draw(st.sampled_from(_VALUES))
    try:
        fast = structure_fast(document, collected_classes())
    except Exception:
        return  # not well-formed: only the full check runs
    summit, collected, _ = fast  # outside the try: a changed return shape must fail here
    holds = rule_problems(document) == []
    assert follows_rules(summit, collected) == holds
    # Read as its own version says, the check leaves out what that version cannot hold.
    version = document["schema_version"]
    summit, collected, _ = structure_fast(
        orjson.loads(orjson.dumps(document)), collected_classes(), version
    )
    assert follows_rules(summit, collected, version) == holds


@pytest.mark.parametrize(
    ("version", "advice"),
    [
        ("1.2", "upgrade summitlib to read it"),
        ("2.0", "upgrade summitlib to read it"),
        ("1.10", "upgrade summitlib to read it"),
        ("0.9", "no release of summitlib reads it; write format 1.1"),
        ("", 'a format version is written like "1.1"'),
        (" 1.0", 'a format version is written like "1.1"'),
        ("1.0.0", 'a format version is written like "1.1"'),
        ("１.０", 'a format version is written like "1.1"'),
    ],
)
def test_an_unknown_version_gets_one_problem_with_advice_that_fits(
    version: str, advice: str
) -> None:
    """Only a newer version is a reason to upgrade; older and malformed ones are not."""
    (problem,) = summitlib.validate(json.dumps({"schema_version": version, "id": "x"})).problems
    assert (problem.path, problem.code) == ("$.schema_version", "version")
    assert problem.message.endswith(f": {advice}")


def test_problems_made_quickly_are_problems() -> None:
    """validate makes each Problem by filling its slots: the same object attrs makes."""
    import importlib

    module = importlib.import_module("summitlib.validate")
    quick = module._problem("$.id", "pattern", "no", 3, 4)
    made = Problem(path="$.id", code="pattern", message="no", line=3, column=4)
    assert quick == made
    assert hash(quick) == hash(made)
    assert repr(quick) == repr(made)
    assert attrs.asdict(quick) == attrs.asdict(made)
    assert not any(a.validator or a.converter for a in attrs.fields(Problem))
