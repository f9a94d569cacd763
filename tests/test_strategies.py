"""Tests for summitlib.strategies: every strategy generates valid data."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import summitlib
from summitlib import _graph, strategies
from summitlib._meta import STRING_KINDS
from summitlib.model import Agenda, FocusArea, Summit


def _kind_ok(kind: str, value: str) -> bool:
    spec = STRING_KINDS[kind]
    if spec.enum is not None:
        return value in spec.enum
    assert spec.compiled is not None
    return len(value) <= spec.max_length and spec.compiled.search(value) is not None


@settings(max_examples=100)
@given(strategies.summits())
def test_summits_are_valid_and_round_trip(summit: Summit) -> None:
    """Every generated summit passes validation, with no problem at all, and round-trips."""
    report = summitlib.validate(summit)
    assert report.ok, report.problems
    assert summitlib.loads(summitlib.dumps(summit)) == summit


def _features(summit: Summit) -> set[str]:
    """The format 1.1 features a summit uses, by class and field."""
    used = set()
    for kind, record in _graph.walk_typed(summit):
        for info in kind.fields:
            if info.spec.since == "1.1" and getattr(record, info.name) != info.default:
                used.add(f"{kind.cls.__name__}.{info.name}")
    return used


def test_summits_use_the_features_of_format_1_1() -> None:
    """Across drawn summits, every 1.1 field is used at times, and references are wired."""
    seen: set[str] = set()
    wired: set[str] = set()

    @settings(max_examples=150, database=None)
    @given(strategies.summits(max_leaders=3, max_focus_areas=3))
    def collect(summit: Summit) -> None:
        seen.update(_features(summit))
        for kind, record in _graph.walk_typed(summit):
            for ref in kind.references:
                if getattr(record, ref.name):
                    wired.add(f"{kind.cls.__name__}.{ref.name}")

    collect()
    newer = {
        f"{cls.__name__}.{info.name}"
        for cls, kind in _graph.kinds().items()
        for info in kind.fields
        if info.spec.since == "1.1" and info.name != "participation"
    }
    assert newer - seen <= {"Summit.schema_uri"} or not newer - seen, newer - seen
    references = {
        f"{cls.__name__}.{ref.name}"
        for cls, kind in _graph.kinds().items()
        for ref in kind.references
    }
    assert references == wired


@settings(max_examples=50)
@given(strategies.summits(max_leaders=2).map(lambda s: attrs.evolve(s, schema_version="1.0")))
def test_a_summit_marked_1_0_with_new_fields_is_caught(summit: Summit) -> None:
    """The version rule is real: the strategies' version step is what keeps them valid."""
    report = summitlib.validate(summit)
    assert report.ok == (not _features(summit)), report.problems


@settings(max_examples=100)
@given(strategies.summit_documents(max_leaders=2))
def test_summit_documents_are_valid_plain_data(document: dict[str, object]) -> None:
    """Generated documents are plain data that validates and structures."""
    assert summitlib.validate(document).ok
    assert summitlib.unstructure(summitlib.structure(document)) == document


@settings(max_examples=50)
@given(strategies.comparable_summits(min_shared=2, max_focus_areas=4))
def test_comparable_summits_overlap_on_scaled_areas(summit: Summit) -> None:
    """Comparable summits are valid; every agenda addresses the shared areas, scored."""
    assert summitlib.validate(summit).ok
    assert len(summit.agendas) == len(summit.leaders) >= 2
    shared = {area.id for area in summit.focus_areas[:2]}
    for agenda in summit.agendas:
        addressed = [goal.focus_area for goal in agenda.goals]
        assert len(addressed) == len(set(addressed))
        assert shared <= set(addressed)
        assert all(g.position is not None and g.salience is not None for g in agenda.goals)
    assert all(area.scale is not None for area in summit.focus_areas)


@settings(max_examples=50)
@given(strategies.agenda_pairs(scored=None))
def test_agenda_pairs_share_a_focus_area(
    pair: tuple[Agenda, Agenda, tuple[FocusArea, ...]],
) -> None:
    """The two agendas of a pair address at least one focus area in common."""
    a, b, areas = pair
    assert a.leader != b.leader
    ids = {area.id for area in areas}
    assert {g.focus_area for g in a.goals} & {g.focus_area for g in b.goals} & ids


@settings(max_examples=300)
@given(
    st.one_of(
        strategies.slugs().map(lambda v: ("slug", v)),
        strategies.texts().map(lambda v: ("text", v)),
        strategies.topics().map(lambda v: ("topic", v)),
        strategies.urls().map(lambda v: ("url", v)),
        strategies.countries().map(lambda v: ("country", v)),
        strategies.dates().map(lambda v: ("date", str(v))),
    )
)
def test_string_strategies_match_their_kind(kind_value: tuple[str, str]) -> None:
    """Slugs, texts, topics, URLs, countries and dates have the form their kind requires."""
    kind, value = kind_value
    assert _kind_ok(kind, value), (kind, value)


@settings(max_examples=200)
@given(strategies.texts(min_size=3, max_size=5))
def test_texts_respect_their_size(text: str) -> None:
    """Texts are as long as asked, in code points."""
    assert 3 <= len(text) <= 5


def test_texts_include_non_ascii() -> None:
    """Some generated text is not ASCII: the format is Unicode throughout."""
    seen: list[str] = []

    @settings(max_examples=100, database=None)
    @given(strategies.texts())
    def collect(text: str) -> None:
        seen.append(text)

    collect()
    assert any(not text.isascii() for text in seen)


@pytest.mark.parametrize(
    ("factory", "options"),
    [
        (strategies.slugs, {"max_parts": 20, "max_part_size": 20}),
        (strategies.texts, {"min_size": 5, "max_size": 2}),
        (strategies.goals, {"focus_areas": []}),
    ],
)
def test_impossible_options_are_refused(factory: object, options: dict[str, object]) -> None:
    """Options no valid value can meet raise ValueError at once."""
    with pytest.raises(strategies.StrategyError, match=r"\w"):
        factory(**options)  # type: ignore[operator]


def test_summits_need_a_leader() -> None:
    """min_leaders below one is refused: a summit has at least one leader."""
    with pytest.raises(ValueError, match="at least one leader"):
        strategies.summits(min_leaders=0)


#: Problem codes about relations between records, which a lone record cannot satisfy.
RELATIONAL = {
    "reference",
    "duplicate-id",
    "duplicate-agenda",
    "duplicate-aim",
    "date-order",
    "date-range",
    "page",
    "scale",
}


def _base() -> Summit:
    document = {
        "schema_version": "1.1",
        "id": "s",
        "title": "t",
        "status": "held",
        "start_date": "2025",
        "location": {"name": "n"},
        "leaders": [{"id": "a", "name": "n", "country": "US", "role": "r"}],
        "focus_areas": [{"id": "f", "label": "l"}],
        "agendas": [{"leader": "a", "vision": "v"}],
        "recommendations": [{"id": "r", "focus_area": "f", "title": "t", "aims": []}],
    }
    return summitlib.structure(document)


def _place(name: str, record: Any) -> Summit:
    """A valid summit with *record* put where records of its kind go."""
    base = _base()
    leader, area, agenda = base.leaders[0], base.focus_areas[0], base.agendas[0]
    recommendation = base.recommendations[0]
    evolve = attrs.evolve
    placed = {
        "identifiers": lambda: evolve(base, leaders=(evolve(leader, identifiers=(record,)),)),
        "locations": lambda: evolve(base, location=record),
        "leaders": lambda: evolve(base, leaders=(record,)),
        "scales": lambda: evolve(base, focus_areas=(evolve(area, scale=record),)),
        "focus_areas": lambda: evolve(base, focus_areas=(record,)),
        "goals": lambda: evolve(base, agendas=(evolve(agenda, goals=(record,)),)),
        "tactics": lambda: evolve(base, agendas=(evolve(agenda, tactics=(record,)),)),
        "agendas": lambda: evolve(base, agendas=(record,)),
        "aims": lambda: evolve(base, recommendations=(evolve(recommendation, aims=(record,)),)),
        "recommendations": lambda: evolve(base, recommendations=(record,)),
        "sources": lambda: evolve(base, sources=(record,)),
    }
    summit: Summit = placed[name]()
    return summit


RECORD_STRATEGIES = {
    "identifiers": strategies.identifiers(),
    "locations": strategies.locations(),
    "leaders": strategies.leaders(),
    "scales": strategies.scales(),
    "focus_areas": strategies.focus_areas(),
    "goals": strategies.goals(),
    "tactics": strategies.tactics(),
    "agendas": strategies.agendas(),
    "aims": strategies.aims(),
    "recommendations": strategies.recommendations(),
    "sources": strategies.sources(),
}


@pytest.mark.parametrize("name", RECORD_STRATEGIES)
def test_record_strategies_give_records_of_valid_shape(name: str) -> None:
    """Each record strategy yields records with every field valid; only relations may fail."""

    @settings(max_examples=30)
    @given(RECORD_STRATEGIES[name])
    def check(record: Any) -> None:
        problems = summitlib.validate(_place(name, record)).problems
        assert {p.code for p in problems} <= RELATIONAL, problems

    check()


@pytest.mark.parametrize("cls", list(_graph.kinds()), ids=lambda cls: cls.__name__)
def test_records_of_every_class_have_fields_valid_on_their_own(cls: type) -> None:
    """records(cls) draws any model class from its declarations; the shape always holds."""
    from summitlib._convert import shape_problems, unstructure

    @settings(max_examples=20, database=None)
    @given(strategies.records(cls))
    def check(record: Any) -> None:
        assert isinstance(record, cls)
        if cls is Summit:
            assert shape_problems(unstructure(record)) == []

    check()


def test_slugs_follow_the_slug_kind() -> None:
    """The slug alphabet and separator are read from the slug kind's pattern."""
    pattern = STRING_KINDS["slug"].compiled
    assert pattern is not None
    alphabet = set(strategies._SLUG_ALPHABET)
    assert alphabet == {c for c in map(chr, range(33, 127)) if pattern.search(c)}
    assert strategies._SLUG_SEPARATORS == "-"


def test_sample_texts_are_valid_text() -> None:
    """Every built-in real-world sample is non-blank text within the length limit."""
    assert strategies._SAMPLE_TEXTS
    for text in strategies._SAMPLE_TEXTS:
        assert _kind_ok("text", text), text
