"""Tests for summitlib.io: strict loading, canonical writing, atomic files."""

from __future__ import annotations

import copy
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest

import summitlib
from summitlib import SummitValidationError


def _document(alaska_text: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(alaska_text)
    return data


def _codes(error: SummitValidationError) -> list[tuple[str, str]]:
    return [(p.path, p.code) for p in error.problems]


GOAL = "$.agendas[0].goals[0]"


@pytest.mark.parametrize(
    ("mutate", "path", "code"),
    [
        (lambda d: d["agendas"][0]["goals"][0].update(salience="7"), f"{GOAL}.salience", "type"),
        (lambda d: d["agendas"][0]["goals"][0].update(salience=True), f"{GOAL}.salience", "type"),
        (lambda d: d["agendas"][0]["goals"][0].update(position=None), None, None),
        (lambda d: d["agendas"][0]["goals"][0].update(title=5), f"{GOAL}.title", "type"),
        (lambda d: d["agendas"][0]["goals"][0].update(details="abc"), f"{GOAL}.details", "type"),
        (lambda d: d["agendas"][0]["goals"][0].update(title=None), f"{GOAL}.title", "type"),
        (lambda d: d["agendas"][0]["goals"][0].update(extra=1), f"{GOAL}.extra", "unknown-key"),
        (lambda d: d["location"].update(latitude="61.2"), "$.location.latitude", "type"),
        (lambda d: d.update(status="HELD"), "$.status", "enum"),
        (lambda d: d.update(status=1), "$.status", "type"),
        (lambda d: d.update(leaders={}), "$.leaders", "type"),
        (lambda d: d.update(leaders=[], agendas=[], recommendations=[]), "$.leaders", "min-items"),
        (lambda d: d.update(schema_version="2.0"), "$.schema_version", "version"),
        (lambda d: d.update(summary=None), None, None),
        (lambda d: d.update(title="   "), "$.title", "blank"),
        (lambda d: d.update(title=""), "$.title", "blank"),
    ],
)
def test_no_coercion_ever(
    alaska_text: str, mutate: Any, path: str | None, code: str | None
) -> None:
    """Wrong types are errors, never coerced; null only where a field is optional."""
    data = _document(alaska_text)
    mutate(data)
    text = json.dumps(data)
    if path is None:
        summitlib.loads(text)  # an optional field set to null is simply absent
        return
    with pytest.raises(SummitValidationError) as caught:
        summitlib.loads(text)
    assert _codes(caught.value) == [(path, code)]


@pytest.mark.parametrize(
    ("text", "code", "line", "column"),
    [
        ('{"a": NaN}', "non-finite", 1, 7),
        ('{"a": Infinity}', "non-finite", 1, 7),
        ('{"a":\n -Infinity}', "non-finite", 2, None),
        ('{"a": 1e999}', "non-finite", 1, None),
        ('{"a": 1, "b": {"c": 1, "c": 2}}', "duplicate-key", 1, 24),
        ('{"a": 1,\n "a": 2}', "duplicate-key", 2, 2),
        ('{"leaders": [{"id": "x", "id": "y"}]}', "duplicate-key", 1, 26),
        ('"\\ud800"', "encoding", 1, None),
        ("[" * 5000, "too-deep", 1, None),
        ('{"a": 1,}', "syntax", 1, 8),
        ('{"a": 1', "syntax", 1, None),
        ("", "syntax", 1, 1),
    ],
)
def test_json_level_problems_are_located(
    text: str, code: str, line: int, column: int | None
) -> None:
    """Malformed or dangerous JSON is one problem with its line and column."""
    with pytest.raises(SummitValidationError) as caught:
        summitlib.loads(text)
    (problem,) = caught.value.problems
    assert problem.code == code
    assert problem.line == line
    if column is not None:
        assert problem.column == column


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b'\xef\xbb\xbf{"a": 1}', "encoding"),
        (b'{"a": "\xff"}', "encoding"),
        (b'{"a": "\xc0\xaf"}', "encoding"),
        ('{"a": 1}'.encode("utf-16"), "encoding"),
        ('{"a": "\ud800"}', "encoding"),
    ],
)
def test_bad_encodings_are_refused(data: bytes | str, code: str) -> None:
    """Invalid UTF-8, byte-order marks, UTF-16 and lone surrogates are refused."""
    with pytest.raises(SummitValidationError) as caught:
        summitlib.loads(data)
    assert [p.code for p in caught.value.problems] == [code]


def test_errors_are_value_errors() -> None:
    """SummitValidationError is a ValueError and a SummitlibError, and says what is wrong."""
    with pytest.raises(ValueError, match=r"1 problem") as caught:
        summitlib.loads("{")
    assert isinstance(caught.value, summitlib.SummitlibError)


def test_load_reads_paths_and_open_files(alaska_path: Path) -> None:
    """load accepts a path, a str path, a text file and a binary file."""
    expected = summitlib.load(alaska_path)
    assert summitlib.load(str(alaska_path)) == expected
    with alaska_path.open(encoding="utf-8") as handle:
        assert summitlib.load(handle) == expected
    with alaska_path.open("rb") as handle:
        assert summitlib.load(handle) == expected


def test_canonical_text_round_trips_exactly(alaska_text: str) -> None:
    """The example is canonical: loading and dumping it gives the same text."""
    assert summitlib.dumps(summitlib.loads(alaska_text)) == alaska_text


def test_canonical_form(alaska_text: str) -> None:
    """Canonical JSON: UTF-8 unescaped, two-space indent, model key order, final newline."""
    data = _document(alaska_text)
    data["leaders"][0] = dict(reversed(list(data["leaders"][0].items())))
    data["summary"] = None
    text = summitlib.dumps(summitlib.loads(json.dumps(data, ensure_ascii=True)))
    assert text.endswith("}\n")
    assert not text.endswith("\n\n")
    assert "Владимир Путин" in text
    assert '\n  "schema_version": "1.0",\n  "id": "alaska-2025"' in text
    assert '"summary"' not in text
    leader = json.loads(text)["leaders"][0]
    assert list(leader) == [
        "id",
        "name",
        "country",
        "role",
        "short_name",
        "other_names",
        "identifiers",
    ]


def test_dump_writes_paths_and_files(alaska_text: str, tmp_path: Path) -> None:
    """dump writes the canonical text to a path, a text stream or a binary stream."""
    summit = summitlib.loads(alaska_text)
    target = tmp_path / "out.json"
    summitlib.dump(summit, target)
    assert target.read_text(encoding="utf-8") == alaska_text
    text_stream = io.StringIO()
    summitlib.dump(summit, text_stream)
    assert text_stream.getvalue() == alaska_text
    binary_stream = io.BytesIO()
    summitlib.dump(summit, binary_stream)
    assert binary_stream.getvalue() == alaska_text.encode("utf-8")


def test_dump_is_atomic(alaska_text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure while replacing the file leaves the old file and no temporary file."""
    summit = summitlib.loads(alaska_text)
    target = tmp_path / "agenda.json"
    target.write_text("previous content", encoding="utf-8")
    os.chmod(target, 0o640)

    def broken_replace(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        summitlib.dump(summit, target)
    assert target.read_text(encoding="utf-8") == "previous content"
    assert [p.name for p in tmp_path.iterdir()] == ["agenda.json"]
    monkeypatch.undo()
    summitlib.dump(summit, target)
    assert target.read_text(encoding="utf-8") == alaska_text
    assert target.stat().st_mode & 0o777 == 0o640


def test_structure_and_unstructure(alaska_text: str) -> None:
    """Plain data in and out: structure(unstructure(s)) == s, and input is not modified."""
    summit = summitlib.loads(alaska_text)
    data = summitlib.unstructure(summit)
    assert data == _document(alaska_text)
    before = copy.deepcopy(data)
    assert summitlib.structure(data) == summit
    assert data == before


def test_structure_reports_every_problem(alaska_text: str) -> None:
    """structure raises with every problem, each with its path."""
    data = _document(alaska_text)
    data["id"] = "Not A Slug"
    data["leaders"][1]["country"] = "XX"
    with pytest.raises(SummitValidationError) as caught:
        summitlib.structure(data)
    assert _codes(caught.value) == [("$.id", "pattern"), ("$.leaders[1].country", "enum")]
    assert all(p.line is None for p in caught.value.problems)
