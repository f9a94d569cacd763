"""The seed article as data: every cell of its four tables is in the example document."""

from __future__ import annotations

import pytest

import summitlib
from summitlib import Confidence, Summit

# The four tables of ../shared/seed/README.md, cell for cell.
PUTIN_GOALS = [
    ("Arctic Resource Access", "Oil, Gas, Minerals"),
    ("Military Posture", "Strategic Balance in Region"),
    ("Diplomatic Leverage", "Sanctions Relief"),
]
TRUMP_TACTICS = [
    ("Communication Style", "Direct and unfiltered"),
    ("Negotiation Focus", "Economic leverage and security"),
    ("Intended Outcome", "Practical agreements with clear benefits"),
]
EMPHASES = [  # Agenda Focus | Trump's Emphasis | Putin's Emphasis
    (
        "Ukraine Conflict",
        "Ceasefire & diplomatic restart",
        "Preserving influence & territorial gains",
    ),
    ("International Standing", "Reassert US leadership", "Challenge Western dominance"),
    ("Sanctions", "Leverage for peace concessions", "Seek sanctions relief"),
]
AIMS = [  # Strategic Focus | Putin's Aim | Trump's Aim
    ("Security", "Strengthen regional influence", "Ensure U.S. border protection"),
    ("Economics", "Expand energy cooperation", "Boost trade flexibility"),
    ("Diplomatic Tone", "Project strength and sovereignty", "Showcase negotiation success"),
]
APPROACHES = [
    "patient diplomacy",
    "flexibility",
    "creative compromise",
    "active listening",
    "respect for each side's positions",
    "rebuilding trust",
]


@pytest.fixture
def summit(alaska_text: str) -> Summit:
    """The loaded seed example."""
    return summitlib.loads(alaska_text)


def _label(summit: Summit, area_id: str) -> str:
    return summit.focus_area(area_id).label


def test_leaders_roles_and_identifiers(summit: Summit) -> None:
    """Both leaders, their countries, roles and Wikidata identifiers."""
    putin, trump = summit.leader("putin"), summit.leader("trump")
    assert (putin.name, putin.country, putin.role) == (
        "Vladimir Putin",
        "RU",
        "President of Russia",
    )
    assert (trump.name, trump.country) == ("Donald Trump", "US")
    assert trump.role == "President of the United States"
    assert [(i.scheme, i.identifier) for i in putin.identifiers] == [("wikidata", "Q7747")]
    assert [(i.scheme, i.identifier) for i in trump.identifiers] == [("wikidata", "Q22686")]


def test_place_and_date(summit: Summit) -> None:
    """The summit is in Alaska, US, in 2025."""
    assert summit.location.region == "Alaska"
    assert summit.location.country == "US"
    assert summit.start_date.year == 2025


def test_visions_come_from_the_prose(summit: Summit) -> None:
    """Each vision carries the themes the article gives that leader."""
    putin, trump = summit.agenda("putin").vision, summit.agenda("trump").vision
    for theme in ["Arctic", "Alaska", "military cooperation", "intelligence sharing", "resource"]:
        assert theme in putin
    for theme in ["U.S.-Russia relations", "ceasefire in Ukraine", "personal rapport", "economic"]:
        assert theme in trump


def test_table_1_putins_goals(summit: Summit) -> None:
    """Table 1: each of Putin's goals with its focus area."""
    goals = [(g.title, _label(summit, g.focus_area)) for g in summit.agenda("putin").goals]
    for row in PUTIN_GOALS:
        assert row in goals


def test_table_2_trumps_tactics(summit: Summit) -> None:
    """Table 2: Trump's diplomatic elements and approaches, in order."""
    tactics = [(t.element, t.approach) for t in summit.agenda("trump").tactics]
    assert tactics == TRUMP_TACTICS


def test_table_3_emphases(summit: Summit) -> None:
    """Table 3: each leader's emphasis in each shared focus area."""

    def emphasis(leader: str, label: str) -> list[str | None]:
        return [
            g.emphasis for g in summit.agenda(leader).goals if _label(summit, g.focus_area) == label
        ]

    for label, trump, putin in EMPHASES:
        assert emphasis("trump", label) == [trump]
        assert emphasis("putin", label) == [putin]


def test_table_4_recommendation_aims(summit: Summit) -> None:
    """Table 4: each recommendation's focus area and each leader's aim."""
    rows = [
        (
            _label(summit, r.focus_area),
            {aim.leader: aim.text for aim in r.aims}["putin"],
            {aim.leader: aim.text for aim in r.aims}["trump"],
        )
        for r in summit.recommendations
    ]
    assert rows == AIMS


def test_practical_approaches(summit: Summit) -> None:
    """The practical approaches for negotiators are all recorded."""
    approaches = " | ".join(a for r in summit.recommendations for a in r.approaches)
    for approach in APPROACHES:
        assert approach in approaches


def test_hedged_claims_are_inferred(summit: Summit) -> None:
    """The goals the article hedges ("likely include") are marked inferred."""
    for title, _ in PUTIN_GOALS:
        (goal,) = [g for g in summit.agenda("putin").goals if g.title == title]
        assert goal.confidence is Confidence.INFERRED


def test_the_article_and_its_citations_are_sources(summit: Summit) -> None:
    """The article is a source, cited by every goal; its numbered references are kept."""
    ids = [s.id for s in summit.sources]
    assert ids[0] == "analysis"
    assert {"ref-1", "ref-2"} <= set(ids)
    for agenda in summit.agendas:
        for goal in agenda.goals:
            assert "analysis" in goal.sources


def test_positions_and_saliences_are_explained(summit: Summit) -> None:
    """Every position and salience in the example says how it was judged."""
    for agenda in summit.agendas:
        for goal in agenda.goals:
            notes = " ".join(goal.details)
            if goal.position is not None:
                assert f"Position {goal.position:g}" in notes
            if goal.salience is not None:
                assert f"Salience {goal.salience:g}" in notes
