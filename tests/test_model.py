"""Tests for summitlib.model: the vocabulary classes."""

from __future__ import annotations

import attrs
import pycountry
import pytest

import summitlib
from summitlib import model
from summitlib._convert import MODEL_CLASSES
from summitlib._countries import COUNTRY_CODES
from summitlib._meta import spec_of


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
def test_classes_are_frozen_slotted_and_keyword_only(cls: type) -> None:
    """Every model class is a frozen, slotted attrs class with keyword-only fields."""
    assert attrs.has(cls)
    assert "__slots__" in cls.__dict__
    assert all(a.kw_only for a in attrs.fields(cls))
    assert cls.__setattr__ is not object.__setattr__  # attrs' frozen guard


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
def test_every_field_is_documented(cls: type) -> None:
    """Every field carries a description, which the schema and the docs reuse."""
    for attribute in attrs.fields(cls):
        assert len(spec_of(attribute).doc) > 10, f"{cls.__name__}.{attribute.name}"
    assert cls.__doc__


def test_a_loaded_summit_is_immutable(alaska_text: str) -> None:
    """Assigning to a loaded record raises instead of changing the document."""
    summit = summitlib.loads(alaska_text)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        summit.title = "changed"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        summit.leaders[0].name = "changed"  # type: ignore[misc]
    assert isinstance(summit.leaders, tuple)


def test_equality_and_hashing(alaska_text: str) -> None:
    """Two loads of one document are equal, hash alike, and differ after a change."""
    first, second = summitlib.loads(alaska_text), summitlib.loads(alaska_text)
    assert first == second
    assert hash(first) == hash(second)
    assert len({first, second}) == 1
    changed = attrs.evolve(first, title="Another title")
    assert changed != first


def test_positional_arguments_are_refused() -> None:
    """Fields are keyword-only, so argument order can never be confused."""
    with pytest.raises(TypeError):
        model.Identifier("wikidata", "Q7747")  # type: ignore[misc]


def test_enumerations_serialize_as_their_values(alaska_text: str) -> None:
    """Enumerations are real enums that write out as their string values."""
    summit = summitlib.loads(alaska_text)
    assert summit.status is model.Status.HELD
    assert isinstance(summit.agendas[0].goals[0].confidence, model.Confidence)
    data = summitlib.unstructure(summit)
    assert data["status"] == "held"
    assert data["agendas"][0]["goals"][0]["confidence"] == "reported"
    assert type(data["status"]) is str


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025", (2025, None, None)),
        ("2025-08", (2025, 8, None)),
        ("2025-08-15", (2025, 8, 15)),
        ("2024-02-29", (2024, 2, 29)),
    ],
)
def test_partial_dates_parse(text: str, expected: tuple[int, int | None, int | None]) -> None:
    """Years, months and days are accepted and print back unchanged."""
    date = model.PartialDate.parse(text)
    assert (date.year, date.month, date.day) == expected
    assert str(date) == text


@pytest.mark.parametrize(
    "text", ["2025-02-30", "2025-13", "2025-00", "2023-02-29", "2025-8", "25", "2025-08-15T10:00"]
)
def test_unreal_or_malformed_dates_are_refused(text: str) -> None:
    """Only real calendar dates in ISO form are dates."""
    with pytest.raises(ValueError, match=text):
        model.PartialDate.parse(text)


def test_partial_date_bounds() -> None:
    """A partial date stands for the whole month or year."""
    assert model.PartialDate.parse("2024-02").bounds() == ((2024, 2, 1), (2024, 2, 29))
    assert model.PartialDate.parse("2025").bounds() == ((2025, 1, 1), (2025, 12, 31))


def test_country_codes_match_iso_3166() -> None:
    """The embedded ISO 3166-1 alpha-2 table equals pycountry's."""
    assert set(COUNTRY_CODES) == {country.alpha_2 for country in pycountry.countries}


def test_lookups_by_id(alaska_text: str) -> None:
    """A summit finds its leaders, agendas and focus areas by id."""
    summit = summitlib.loads(alaska_text)
    assert summit.leader("putin").display_name == "Putin"
    assert summit.agenda("trump").leader == "trump"
    assert summit.focus_area("sanctions").label == "Sanctions"
    with pytest.raises(KeyError):
        summit.leader("nobody")
