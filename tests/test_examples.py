"""Every example document validates, is canonical, is well sourced, renders and compares."""

from __future__ import annotations

from pathlib import Path

import pytest

import summitlib
from summitlib import render, taxonomy
from summitlib.comparison import Alignment, compare_summit
from summitlib.model import Confidence

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PATHS = sorted(EXAMPLES.glob("*.json"))
#: The seed's sources are the analysis itself; the other examples cite public reporting.
SEED = "alaska-2025.json"


def test_there_are_three_examples_or_more() -> None:
    """The seed and at least two real summits from public reporting are shipped."""
    names = [path.name for path in PATHS]
    assert SEED in names
    assert len(names) >= 3


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_example_validates(path: Path) -> None:
    """The example has no problems."""
    report = summitlib.validate(path.read_bytes())
    assert report.ok, [str(problem) for problem in report.problems]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_example_is_in_canonical_form(path: Path) -> None:
    """The file is exactly what summitlib.dumps writes for it."""
    text = path.read_text(encoding="utf-8")
    assert summitlib.dumps(summitlib.loads(text)) == text


@pytest.mark.parametrize("path", [p for p in PATHS if p.name != SEED], ids=lambda p: p.name)
def test_real_examples_cite_dated_public_sources(path: Path) -> None:
    """Every source has a URL, a publisher and a date, and every source is cited."""
    summit = summitlib.load(path)
    assert summit.sources
    cited = {
        source
        for agenda in summit.agendas
        for record in (*agenda.goals, *agenda.tactics)
        for source in record.sources
    }
    for source in summit.sources:
        assert source.url is not None, source.id
        assert source.publisher is not None, source.id
        assert source.published is not None, source.id
        assert source.id in cited, source.id


@pytest.mark.parametrize("path", [p for p in PATHS if p.name != SEED], ids=lambda p: p.name)
def test_real_examples_explain_their_numbers(path: Path) -> None:
    """Goals with a position or salience say how it was judged; inferred ones say so."""
    summit = summitlib.load(path)
    for agenda in summit.agendas:
        for goal in agenda.goals:
            notes = " ".join(goal.details)
            if goal.position is not None:
                assert f"Position {goal.position:g}" in notes, goal.id
            if goal.salience is not None:
                assert f"Salience {goal.salience:g}" in notes, goal.id
            if goal.confidence is Confidence.INFERRED:
                assert "(inferred)" in notes, goal.id


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_example_topics_and_tactics_use_the_vocabularies(path: Path) -> None:
    """Focus areas carry known CAP codes; tactics carry a category."""
    summit = summitlib.load(path)
    assert all(taxonomy.lookup(area.topic or "") for area in summit.focus_areas)
    assert all(t.category is not None for a in summit.agendas for t in a.tactics)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_example_compares(path: Path) -> None:
    """Comparing the example's leaders scores some areas, symmetrically."""
    summit = summitlib.load(path)
    comparisons = compare_summit(summit)
    parties = [a for a in summit.agendas if summit.leader(a.leader).participation == "party"]
    assert len(comparisons) == len(parties) * (len(parties) - 1) // 2
    comparison = comparisons[0]
    assert comparison.agreement is not None
    assert 0.0 <= comparison.agreement <= 1.0
    scored = [area for area in comparison.areas if area.agreement is not None]
    assert scored
    mirrored = summitlib.compare(parties[1], parties[0], summit.focus_areas)
    assert mirrored == comparison.mirrored()


def test_the_real_examples_find_both_common_ground_and_divergence() -> None:
    """Singapore and Geneva each have convergent and divergent areas, as reported."""
    expected = {
        "singapore-2018.json": ({"new-relations"}, {"sanctions"}),
        "geneva-2021.json": ({"strategic-stability", "diplomatic-missions"}, {"human-rights"}),
    }
    for name, (convergent, divergent) in expected.items():
        comparison = compare_summit(summitlib.load(EXAMPLES / name))[0]
        found = {area.focus_area: area.alignment for area in comparison.areas}
        assert all(found[area] is Alignment.CONVERGENT for area in convergent), found
        assert all(found[area] is Alignment.DIVERGENT for area in divergent), found


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_example_renders(path: Path) -> None:
    """Markdown and text views name the summit, each leader, each compared area and source."""
    summit = summitlib.load(path)
    markdown = render.markdown(summit)
    plain = render.text(summit)
    for view in (markdown, plain):
        assert summit.title in view
        for leader in summit.leaders:
            assert leader.display_name in view
        for area in summit.focus_areas:
            if any(goal.focus_area == area.id for a in summit.agendas for goal in a.goals):
                assert area.label in view, area.id
        for source in summit.sources:
            assert f"[{source.id}]" in view, source.id
    for source in summit.sources:
        assert source.title in markdown, source.id  # the text view wraps long lines
    for agenda in summit.agendas:
        name = summit.leader(agenda.leader).display_name
        assert f"| Diplomatic Element | {name}'s Approach |" in markdown
