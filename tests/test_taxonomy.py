"""Tests for summitlib.taxonomy: the CAP major topics and topic validation."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

import summitlib
from summitlib import taxonomy
from summitlib.model import TacticCategory

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture
def alaska() -> dict[str, Any]:
    """The seed example as plain data."""
    data: dict[str, Any] = json.loads((EXAMPLES / "alaska-2025.json").read_text("utf-8"))
    return data


def test_cap_has_the_21_major_topics_without_11_and_22() -> None:
    """CAP has codes 1-10, 12-21 and 23, and no others."""
    codes = sorted(int(topic.code) for topic in taxonomy.CAP)
    assert codes == [*range(1, 11), *range(12, 22), 23]
    assert len(taxonomy.CAP) == 21


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("1", "Macroeconomics"),
        ("2", "Civil Rights"),
        ("12", "Law and Crime"),
        ("16", "Defense"),
        ("18", "Foreign Trade"),
        ("19", "International Affairs"),
        ("20", "Government Operations"),
        ("21", "Public Lands"),
        ("23", "Culture"),
    ],
)
def test_cap_labels_are_the_official_ones(code: str, label: str) -> None:
    """Each CAP code carries the master codebook's label."""
    topic = taxonomy.lookup(f"cap:{code}")
    assert topic is not None
    assert (topic.label, str(topic)) == (label, f"cap:{code}")


@pytest.mark.parametrize("text", ["cap:11", "cap:22", "cap:0", "cap:24", "cap:019", "cap:1901"])
def test_codes_outside_cap_are_problems(text: str) -> None:
    """A code CAP does not define is named in the message, with the known codes."""
    message = taxonomy.topic_problem(text)
    assert message == (f"{text!r} is not a CAP major topic code (known codes: 1-10, 12-21, 23)")
    assert taxonomy.lookup(text) is None


def test_unknown_schemes_are_accepted_unchecked() -> None:
    """A scheme summitlib does not know passes validation; lookup has no label for it."""
    assert taxonomy.topic_problem("manifesto:501") is None
    assert taxonomy.lookup("manifesto:501") is None
    assert not taxonomy.is_known_scheme("manifesto")
    assert taxonomy.is_known_scheme("cap")


def test_split_topic_needs_a_colon() -> None:
    """split_topic separates scheme and code and refuses text without a colon."""
    assert taxonomy.split_topic("cap:19") == ("cap", "19")
    with pytest.raises(ValueError, match="scheme:code"):
        taxonomy.split_topic("cap19")
    assert taxonomy.lookup("cap19") is None


def test_validation_reports_an_unknown_cap_code_at_its_path(alaska: dict[str, Any]) -> None:
    """validate() reports the 'topic' code at the focus area's topic, with a position."""
    alaska["focus_areas"][2]["topic"] = "cap:11"
    report = summitlib.validate(json.dumps(alaska, indent=2))
    assert [(p.path, p.code) for p in report.problems] == [("$.focus_areas[2].topic", "topic")]
    assert report.problems[0].line is not None
    assert "topic" in summitlib.PROBLEM_CODES


def test_validation_accepts_an_unknown_scheme(alaska: dict[str, Any]) -> None:
    """A topic in an unknown scheme is valid."""
    alaska["focus_areas"][0]["topic"] = "mp:501"
    assert summitlib.validate(alaska).ok


def test_topic_problems_skip_values_of_the_wrong_shape(alaska: dict[str, Any]) -> None:
    """Wrong shapes are left to the shape check and never crash the topic check."""
    broken = copy.deepcopy(alaska)
    broken["focus_areas"][0]["topic"] = 19
    broken["focus_areas"][1] = "not an object"
    assert taxonomy.topic_problems(broken) == []
    assert taxonomy.topic_problems({"focus_areas": "x"}) == []
    assert taxonomy.topic_problems([]) == []
    codes = {p.code for p in summitlib.validate(broken).problems}
    assert "topic" not in codes
    assert "type" in codes


def test_every_example_topic_is_a_known_cap_code() -> None:
    """All focus areas of every example carry a CAP code that exists."""
    for path in sorted(EXAMPLES.glob("*.json")):
        summit = summitlib.load(path)
        for area in summit.focus_areas:
            assert area.topic is not None, (path.name, area.id)
            assert taxonomy.lookup(area.topic) is not None, (path.name, area.id)


def test_every_example_tactic_uses_the_vocabulary() -> None:
    """Every tactic of every example has a category from TacticCategory."""
    for path in sorted(EXAMPLES.glob("*.json")):
        summit = summitlib.load(path)
        for agenda in summit.agendas:
            for tactic in agenda.tactics:
                assert isinstance(tactic.category, TacticCategory), (path.name, tactic.element)
