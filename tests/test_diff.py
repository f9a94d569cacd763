"""Tests for summitlib.differences: records added, removed and changed, fields by JSON path."""

from __future__ import annotations

import doctest
import importlib
import json
import os
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings

import summitlib
from summitlib import strategies
from summitlib.differences import Change, Diff, FieldChange, diff
from summitlib.model import Summit


@pytest.fixture
def alaska(alaska_path: Path) -> Summit:
    """The seed's example, loaded."""
    return summitlib.load(alaska_path)


def with_agenda(summit: Summit, index: int, **changes: object) -> Summit:
    """The summit with one agenda's fields replaced."""
    agendas = list(summit.agendas)
    agendas[index] = attrs.evolve(agendas[index], **changes)
    return attrs.evolve(summit, agendas=tuple(agendas))


def test_doctests_pass() -> None:
    """The examples in the module's docstrings run and give what they show."""
    assert doctest.testmod(importlib.import_module("summitlib.differences")).failed == 0


def test_identical_documents_have_no_diff(alaska: Summit) -> None:
    """A summit compared with itself has nothing added, removed or changed."""
    result = diff(alaska, alaska)
    assert not result
    assert result == Diff()
    assert result.lines() == ["no changes"]


def test_changed_field_is_reported_by_path(alaska: Summit) -> None:
    """A new position shows as one changed field of one goal, at its JSON path."""
    goals = list(alaska.agendas[1].goals)
    goals[3] = attrs.evolve(goals[3], position=70.0, emphasis=None)
    result = diff(alaska, with_agenda(alaska, 1, goals=tuple(goals)))
    (record,) = result.changed
    assert (record.kind, record.id) == ("goal", "putin-ukraine-gains")
    assert record.fields == (
        FieldChange(
            path="$.agendas[1].goals[3].emphasis",
            change=Change.REMOVED,
            old="Preserving influence & territorial gains",
        ),
        FieldChange(path="$.agendas[1].goals[3].position", change=Change.CHANGED, old=80, new=70.0),
    )


def test_added_and_removed_records_by_kind(alaska: Summit) -> None:
    """Records are matched by id: new ids are added, missing ones removed, in kind order."""
    trump = alaska.agenda("trump")
    new_goal = attrs.evolve(trump.goals[0], id="trump-new-goal")
    new = with_agenda(alaska, 0, goals=(new_goal, *trump.goals[1:]))
    new = attrs.evolve(new, sources=new.sources[:2])
    result = diff(alaska, new)
    assert [(r.kind, r.id, r.path) for r in result.added] == [
        ("goal", "trump-new-goal", "$.agendas[0].goals[0]")
    ]
    assert [(r.kind, r.id, r.path) for r in result.removed] == [
        ("goal", "trump-ukraine-ceasefire", "$.agendas[0].goals[0]"),
        ("source", "ref-2", "$.sources[2]"),
    ]
    assert result.changed == ()


def test_reordering_alone_is_no_change(alaska: Summit) -> None:
    """Moving records within their list changes nothing a diff reports."""
    reordered = attrs.evolve(alaska, leaders=alaska.leaders[::-1], agendas=alaska.agendas[::-1])
    assert not diff(alaska, reordered)


def test_summit_fields_and_lists_without_ids(alaska: Summit) -> None:
    """Summit fields and list items without ids (tactics, details) are compared by index."""
    trump = alaska.agenda("trump")
    extra = attrs.evolve(trump.tactics[0], element="Timing")
    new = with_agenda(alaska, 0, tactics=(*trump.tactics, extra))
    new = attrs.evolve(new, title="Anchorage summit")
    result = diff(alaska, new)
    assert [(r.kind, r.id) for r in result.changed] == [
        ("summit", "alaska-2025"),
        ("agenda", "trump"),
    ]
    summit_change, agenda_change = result.changed
    assert summit_change.fields[0].path == "$.title"
    assert agenda_change.fields[0].path == "$.agendas[0].tactics[3]"
    assert agenda_change.fields[0].change is Change.ADDED
    assert agenda_change.fields[0].new["element"] == "Timing"


def test_goal_moved_to_another_agenda(alaska: Summit) -> None:
    """A goal that changes agenda is reported as moved, with both leaders."""
    trump, putin = alaska.agendas
    moved = trump.goals[2]
    new = with_agenda(alaska, 0, goals=trump.goals[:2])
    new = with_agenda(new, 1, goals=(*putin.goals, moved))
    (record,) = diff(alaska, new).changed
    assert record.id == moved.id
    assert (record.old_path, record.new_path) == (
        "$.agendas[0].goals[2]",
        "$.agendas[1].goals[6]",
    )
    assert record.fields[0].change is Change.MOVED
    assert (record.fields[0].old, record.fields[0].new) == ("trump", "putin")


def test_as_dict_and_lines(alaska: Summit) -> None:
    """A diff serializes to JSON and describes itself line by line."""
    new = attrs.evolve(alaska, title="Anchorage summit", sources=alaska.sources[:2])
    result = diff(alaska, new)
    data = json.loads(json.dumps(result.as_dict()))
    assert data["removed"] == [{"kind": "source", "id": "ref-2", "path": "$.sources[2]"}]
    assert data["changed"][0]["fields"][0]["new"] == "Anchorage summit"
    assert result.lines()[0] == "- source ref-2 ($.sources[2])"
    assert "changed $.title" in result.lines()[2]


@settings(max_examples=int(os.environ.get("SUMMITLIB_PROPERTY_EXAMPLES", "60")))
@given(
    strategies.summits(max_leaders=3, max_text_size=4),
    strategies.summits(max_leaders=3, max_text_size=4),
)
def test_diff_laws(old: Summit, new: Summit) -> None:
    """A summit has no diff with itself; diff(a, b) adds what diff(b, a) removes."""
    assert not diff(old, old)
    forward, backward = diff(old, new), diff(new, old)
    assert {(r.kind, r.id) for r in forward.added} == {(r.kind, r.id) for r in backward.removed}
    assert {(r.kind, r.id) for r in forward.changed} == {(r.kind, r.id) for r in backward.changed}
    assert bool(forward) == (old != new)
