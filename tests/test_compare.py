"""Tests for summitlib.comparison: alignment per area, agreement, negotiation map, matrix."""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import json
import math
import os
import shutil
import sys
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import summitlib
from summitlib import strategies
from summitlib.comparison import (
    DEFAULT_SALIENCE,
    Alignment,
    AreaComparison,
    Comparison,
    Thresholds,
    TradeOff,
    agreement_matrix,
    compare,
    compare_summit,
    negotiation_map,
)
from summitlib.model import Agenda, FocusArea, Goal, Summit


def goal(id: str, area: str, position: float | None = None, salience: float | None = None) -> Goal:
    """A goal with just what comparison reads."""
    return Goal(id=id, focus_area=area, title=id, position=position, salience=salience)


def agenda(leader: str, *goals: Goal) -> Agenda:
    """An agenda with the given goals."""
    return Agenda(leader=leader, vision="v", goals=goals)


def areas(*ids: str) -> tuple[FocusArea, ...]:
    """Focus areas labelled by their upper-cased ids."""
    return tuple(FocusArea(id=i, label=i.upper()) for i in ids)


def by_area(result: Comparison) -> dict[str, tuple[float | None, Alignment]]:
    """Agreement and alignment per focus area id, independent of order."""
    return {area.focus_area: (area.agreement, area.alignment) for area in result.areas}


def test_doctests_pass() -> None:
    """The examples in the module's docstrings run and give what they show."""
    assert doctest.testmod(importlib.import_module("summitlib.comparison")).failed == 0


def test_the_comparison_page_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every Python block of docs/comparison.md runs and prints exactly its shown output."""
    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location(
        "summitlib_docs_run_blocks_compare", root / "docs" / "_scripts" / "run_blocks.py"
    )
    assert spec is not None
    assert spec.loader is not None
    run_blocks = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = run_blocks
    spec.loader.exec_module(run_blocks)
    shutil.copytree(root / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    assert run_blocks.run_page(root / "docs" / "comparison.md", strict=False) >= 5


def test_seed_comparison(alaska_path: Path) -> None:
    """The seed's shared areas are scored as the docs work them out."""
    summit = summitlib.load(alaska_path)
    (result,) = compare_summit(summit)
    assert (result.a, result.b) == ("trump", "putin")
    assert by_area(result) == {
        "arctic-resources": (None, Alignment.ONE_SIDED),
        "regional-balance": (None, Alignment.ONE_SIDED),
        "sanctions-relief": (None, Alignment.ONE_SIDED),
        "ukraine-conflict": (0.4, Alignment.DIVERGENT),
        "international-standing": (0.3, Alignment.DIVERGENT),
        "sanctions": (0.5, Alignment.PARTIAL),
    }
    assert result.agreement == pytest.approx((0.4 * 92.5 + 0.3 * 65 + 0.5 * 67.5) / 225)
    assert result.coverage == 0.5
    assert result.area("sanctions").a is not None
    assert result.area("sanctions").a.emphases == ("Leverage for peace concessions",)


def test_labels_and_order_follow_focus_areas() -> None:
    """Areas follow the focus-area list; areas it lacks come last, labelled by id."""
    a = agenda("a", goal("g1", "zeta", 10), goal("g2", "beta", 10), goal("g3", "alpha", 10))
    b = agenda("b", goal("h1", "beta", 30))
    result = compare(a, b, areas("beta", "zeta"))
    assert [(x.focus_area, x.label) for x in result.areas] == [
        ("beta", "BETA"),
        ("zeta", "ZETA"),
        ("alpha", "alpha"),
    ]


def test_missing_data_is_never_disagreement() -> None:
    """One-sided and unscored areas carry no agreement and do not lower the overall one."""
    a = agenda("a", goal("g1", "x", 50, 80), goal("g2", "only-a", 0, 100), goal("g3", "y", None))
    b = agenda("b", goal("h1", "x", 50, 80), goal("h2", "y", 100, 100))
    result = compare(a, b)
    assert by_area(result) == {
        "x": (1.0, Alignment.CONVERGENT),
        "only-a": (None, Alignment.ONE_SIDED),
        "y": (None, Alignment.UNSCORED),
    }
    assert result.agreement == 1.0
    assert result.coverage == pytest.approx(1 / 3)


def test_nothing_comparable_gives_none() -> None:
    """Without a scored area, agreement is None (not 0); without any area, coverage too."""
    result = compare(agenda("a", goal("g", "x")), agenda("b"))
    assert (result.agreement, result.coverage) == (None, 0.0)
    empty = compare(agenda("a"), agenda("b"))
    assert (empty.agreement, empty.coverage, empty.areas) == (None, None, ())


def test_several_goals_in_one_area_combine() -> None:
    """Positions combine as a salience-weighted mean and salience as the maximum."""
    a = agenda("a", goal("g1", "x", 0, 30), goal("g2", "x", 100, 90), goal("g3", "x", None, 10))
    stance = compare(a, agenda("b", goal("h", "x", 75))).area("x").a
    assert stance is not None
    assert stance.position == pytest.approx(75.0)
    assert stance.salience == 90
    assert stance.goals == ("g1", "g2", "g3")


def test_missing_salience_weighs_the_default() -> None:
    """A goal without salience weighs DEFAULT_SALIENCE, in positions and in areas."""
    a = agenda("a", goal("g1", "x", 0), goal("g2", "x", 100, DEFAULT_SALIENCE * 3))
    stance = compare(a, agenda("b")).area("x").a
    assert stance is not None
    assert stance.position == pytest.approx(75.0)
    result = compare(agenda("a", goal("g", "x", 0)), agenda("b", goal("h", "x", 0)))
    assert result.area("x").weight == DEFAULT_SALIENCE


def test_zero_salience_everywhere_falls_back_to_plain_means() -> None:
    """When every weight is 0 the means are unweighted rather than undefined."""
    a = agenda("a", goal("g1", "x", 0, 0), goal("g2", "x", 50, 0), goal("g3", "y", 0, 0))
    b = agenda("b", goal("h1", "x", 25, 0), goal("h2", "y", 100, 0))
    result = compare(a, b)
    assert result.area("x").agreement == 1.0
    assert result.agreement == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("distance", "expected"),
    [
        (0, Alignment.CONVERGENT),
        (25, Alignment.CONVERGENT),
        (26, Alignment.PARTIAL),
        (50, Alignment.PARTIAL),
        (51, Alignment.DIVERGENT),
        (100, Alignment.DIVERGENT),
    ],
)
def test_default_thresholds_classify(distance: int, expected: Alignment) -> None:
    """Up to 25 points apart is convergent, over 50 divergent, partial between."""
    result = compare(agenda("a", goal("g", "x", 0)), agenda("b", goal("h", "x", distance)))
    assert result.area("x").alignment is expected


def test_thresholds_are_parameters() -> None:
    """Custom thresholds change the classes, and bad ones are refused."""
    a, b = agenda("a", goal("g", "x", 0)), agenda("b", goal("h", "x", 40))
    strict = Thresholds(convergent=0.95, divergent=0.7)
    assert compare(a, b, thresholds=strict).area("x").alignment is Alignment.DIVERGENT
    with pytest.raises(ValueError, match="divergent <= convergent"):
        Thresholds(convergent=0.3, divergent=0.6)


def test_as_dict_is_json_ready(alaska_path: Path) -> None:
    """A comparison and a negotiation map serialize to JSON as they are."""
    summit = summitlib.load(alaska_path)
    data = json.loads(json.dumps(compare_summit(summit)[0].as_dict()))
    assert data["leaders"] == ["trump", "putin"]
    assert data["areas"][3]["a"]["position"] == 20
    nmap = json.loads(json.dumps(negotiation_map(summit).as_dict()))
    assert nmap["sticking_points"] == ["ukraine-conflict", "international-standing"]


def test_classic_logroll_is_found_and_ranked_first() -> None:
    """Each side gets its way where it cares more; the best trade comes first."""
    a = agenda(
        "a",
        goal("a-fish", "fish", 0, 90),
        goal("a-farm", "farm", 0, 20),
        goal("a-tax", "tax", 0, 50),
    )
    b = agenda(
        "b",
        goal("b-fish", "fish", 100, 20),
        goal("b-farm", "farm", 100, 90),
        goal("b-tax", "tax", 100, 55),
    )
    nmap = negotiation_map(compare(a, b))
    # Fish and farm are not sticking points: one side barely cares about each.
    assert [area.focus_area for area in nmap.sticking_points] == ["tax"]
    best = nmap.trade_offs[0]
    assert (best.a_wins, best.b_wins) == ("fish", "farm")
    assert best.gain_a == pytest.approx((90 - 20) / 200)
    assert best.gain_b == pytest.approx((90 - 20) / 200)
    assert best.gain == pytest.approx(best.gain_a + best.gain_b)
    assert all(t.gain <= best.gain for t in nmap.trade_offs)
    assert "fish" in best.reason


def test_no_trade_when_both_care_most_about_the_same_area() -> None:
    """Two divergent areas both sides rank alike give no trade-off."""
    a = agenda("a", goal("g1", "x", 0, 90), goal("g2", "y", 0, 40))
    b = agenda("b", goal("h1", "x", 100, 95), goal("h2", "y", 100, 45))
    assert negotiation_map(compare(a, b)).trade_offs == ()


def test_common_ground_needs_both_sides_to_care() -> None:
    """A convergent area is common ground only if both saliences reach the care level."""
    a = agenda("a", goal("g1", "x", 50, 80), goal("g2", "y", 50, 10))
    b = agenda("b", goal("h1", "x", 55, 60), goal("h2", "y", 50, 90))
    nmap = negotiation_map(compare(a, b))
    assert [area.focus_area for area in nmap.common_ground] == ["x"]
    assert [area.focus_area for area in negotiation_map(compare(a, b), care=5).common_ground] == [
        "x",
        "y",
    ]


def test_negotiation_map_of_a_summit(alaska_path: Path) -> None:
    """A summit's map compares its first two agendas, or the leaders named."""
    summit = summitlib.load(alaska_path)
    assert negotiation_map(summit).comparison.a == "trump"
    assert negotiation_map(summit, leaders=("putin", "trump")).comparison.a == "putin"
    with pytest.raises(ValueError, match="needs two agendas"):
        negotiation_map(attrs.evolve(summit, agendas=summit.agendas[:1]))


def test_agreement_matrix_over_three_leaders() -> None:
    """The matrix is symmetric, with 1.0 on the diagonal for leaders with positions."""
    summit = Summit(
        schema_version="1.0",
        id="s",
        title="t",
        status=summitlib.Status.PLANNED,
        start_date=summitlib.PartialDate(year=2025),
        location=summitlib.Location(name="here"),
        leaders=(),
        agendas=(
            agenda("a", goal("a1", "x", 0)),
            agenda("b", goal("b1", "x", 100)),
            agenda("c", goal("c1", "y", 10)),
        ),
    )
    matrix = agreement_matrix(summit)
    assert matrix.leaders == ("a", "b", "c")
    assert matrix.values == ((1.0, 0.0, None), (0.0, 1.0, None), (None, None, 1.0))
    assert matrix.get("b", "a") == 0.0
    with pytest.raises(KeyError):
        matrix.get("a", "z")
    assert json.loads(json.dumps(matrix.as_dict()))["values"][0][2] is None


# Properties over generated documents. Generating documents dominates their cost, so the
# number of examples is capped (raise it with SUMMITLIB_PROPERTY_EXAMPLES for a deep run).
properties = settings(max_examples=int(os.environ.get("SUMMITLIB_PROPERTY_EXAMPLES", "60")))


@properties
@given(strategies.agenda_pairs(scored=None, max_text_size=4))
def test_self_comparison_is_perfect_agreement(pair: tuple[Agenda, Agenda, tuple]) -> None:
    """compare(a, a) has agreement 1.0 (or None) and every scored area convergent."""
    a, _, focus_areas = pair
    result = compare(a, a, focus_areas)
    scored = [area for area in result.areas if area.agreement is not None]
    assert result.agreement == (1.0 if scored else None)
    for area in result.areas:
        assert area.alignment in {Alignment.CONVERGENT, Alignment.UNSCORED}
    assert all(area.alignment is Alignment.CONVERGENT for area in scored)


@properties
@given(strategies.summits(max_leaders=3, max_goals=6, max_text_size=4))
def test_comparison_is_symmetric(summit: Summit) -> None:
    """compare(a, b) mirrors compare(b, a)."""
    for a in summit.agendas:
        for b in summit.agendas:
            assert compare(b, a, summit.focus_areas) == compare(a, b, summit.focus_areas).mirrored()


@properties
@given(
    strategies.summits(max_leaders=3, max_goals=6, max_text_size=4)
    | strategies.comparable_summits(scored=None, max_text_size=4)
)
def test_agreement_is_within_zero_and_one(summit: Summit) -> None:
    """Overall and per-area agreement, and coverage, are None or within [0, 1]."""
    for result in compare_summit(summit):
        for value in (result.agreement, result.coverage, *(a.agreement for a in result.areas)):
            assert value is None or 0.0 <= value <= 1.0


@properties
@given(strategies.comparable_summits(scored=None, max_leaders=2, max_text_size=4), st.randoms())
def test_results_do_not_depend_on_list_order(summit: Summit, random: st.Random) -> None:
    """Shuffling goals and focus areas changes no number and no class."""
    a, b = summit.agendas
    shuffled = [list(a.goals), list(b.goals), list(summit.focus_areas)]
    for items in shuffled:
        random.shuffle(items)
    a2 = attrs.evolve(a, goals=tuple(shuffled[0]))
    b2 = attrs.evolve(b, goals=tuple(shuffled[1]))
    first = compare(a, b, summit.focus_areas)
    second = compare(a2, b2, tuple(shuffled[2]))
    assert by_area(first) == by_area(second)
    assert first.agreement == second.agreement
    assert first.coverage == second.coverage
    assert compare(a, b, summit.focus_areas) == first  # deterministic


@properties
@given(
    strategies.agenda_pairs(scored=None, max_text_size=4),
    st.floats(0, 100),
    st.floats(0, 100) | st.none(),
    st.booleans(),
)
def test_an_area_one_side_ignores_leaves_shared_areas_alone(
    pair: tuple[Agenda, Agenda, tuple], position: float, salience: float | None, to_a: bool
) -> None:
    """Adding a goal in an area the other side ignores changes no shared area's agreement."""
    a, b, focus_areas = pair
    extra = goal("zz-extra-goal", "zz-new-area", position, salience)
    before = compare(a, b, focus_areas)
    if to_a:
        after = compare(attrs.evolve(a, goals=(*a.goals, extra)), b, focus_areas)
    else:
        after = compare(a, attrs.evolve(b, goals=(*b.goals, extra)), focus_areas)
    assert after.area("zz-new-area").alignment is Alignment.ONE_SIDED
    shared = {k: v for k, v in by_area(after).items() if k != "zz-new-area"}
    assert shared == by_area(before)


@properties
@given(strategies.comparable_summits(scored=None, max_leaders=2, max_text_size=4))
def test_trade_offs_are_mutual_gains_ranked_best_first(summit: Summit) -> None:
    """Every trade-off gains both sides, pairs divergent areas, and comes in rank order."""
    nmap = negotiation_map(summit)
    gains = [trade.gain for trade in nmap.trade_offs]
    assert gains == sorted(gains, reverse=True)
    for trade in nmap.trade_offs:
        assert trade.gain_a > 0
        assert trade.gain_b > 0
        assert math.isclose(trade.gain, trade.gain_a + trade.gain_b)
        assert nmap.comparison.area(trade.a_wins).alignment is Alignment.DIVERGENT
        assert nmap.comparison.area(trade.b_wins).alignment is Alignment.DIVERGENT


# --- the trade-off heuristic's bound ------------------------------------------------------


def _many_trades(n: int) -> tuple[Agenda, Agenda]:
    """Two agendas on *n* divergent areas whose saliences rank the areas in opposite orders."""
    a = agenda("a", *(goal(f"a{k}", f"area{k:03}", 0, 10 + 80 * k / n) for k in range(n)))
    b = agenda("b", *(goal(f"b{k}", f"area{k:03}", 100, 90 - 80 * k / n) for k in range(n)))
    return a, b


@pytest.mark.parametrize("top", [0, 1, 3, 10, 1000])
def test_trade_offs_are_the_best_top_and_all_are_counted(top: int) -> None:
    """The map keeps the best *top* trade-offs, in rank order, and counts every one."""
    a, b = _many_trades(12)
    everything = negotiation_map(compare(a, b), top=10_000)
    nmap = negotiation_map(compare(a, b), top=top)
    # Each ordered pair (j, k) with j above k in a's ranking and below in b's trades: 66.
    assert everything.trade_off_count == len(everything.trade_offs) == 66
    assert nmap.trade_off_count == 66
    assert nmap.trade_offs == everything.trade_offs[:top]
    assert nmap.as_dict()["trade_off_count"] == 66


def test_trade_offs_are_not_all_kept_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """Finding the best few among many pairs keeps little more than a heap of that size."""
    import weakref

    module = importlib.import_module("summitlib.comparison")
    alive: list[weakref.ref[object]] = []
    peak = 0
    original = module._trade

    def tracking(won: AreaComparison, conceded: AreaComparison) -> TradeOff | None:
        nonlocal peak
        trade = original(won, conceded)
        if trade is not None:
            alive.append(weakref.ref(trade))
            peak = max(peak, sum(ref() is not None for ref in alive))
        return trade

    monkeypatch.setattr(module, "_trade", tracking)
    a, b = _many_trades(40)
    nmap = negotiation_map(compare(a, b), top=5)
    assert nmap.trade_off_count == len(alive) == 40 * 39 // 2
    assert len(nmap.trade_offs) == 5
    # The heap, the trade being compared and the one just made; never the 780.
    assert peak <= 5 + 2


def test_negative_top_is_refused() -> None:
    """A negative bound is a usage error, not an empty list."""
    a, b = _many_trades(3)
    with pytest.raises(ValueError, match="'top'"):
        negotiation_map(compare(a, b), top=-1)


def test_a_mediator_is_not_paired_by_default() -> None:
    """From a summit, the map pairs the first two parties, passing over a mediator."""
    summit = summitlib.examples.load("camp-david-1978")
    mediated = attrs.evolve(summit, agendas=(summit.agenda("carter"), *summit.agendas[:2]))
    assert mediated.agendas[0].leader == "carter"
    nmap = negotiation_map(mediated)
    assert {nmap.comparison.a, nmap.comparison.b} == {"sadat", "begin"}


# --- across two documents ----------------------------------------------------------------


def _example(name: str) -> Summit:
    return summitlib.load(summitlib.examples.path(name))


def _renamed(summit: Summit, old: str, new: str, wikidata: str | None = None) -> Summit:
    """*summit* with leader *old* called *new* (and given *wikidata*, if any)."""
    from summitlib.model import Identifier

    leaders = []
    for leader in summit.leaders:
        if leader.id == old:
            ids = leader.identifiers
            if wikidata is not None:
                ids = (Identifier(scheme="wikidata", identifier=wikidata),)
            leader = attrs.evolve(leader, id=new, identifiers=ids)
        leaders.append(leader)
    agendas = [
        attrs.evolve(agenda, leader=new) if agenda.leader == old else agenda
        for agenda in summit.agendas
    ]
    return attrs.evolve(summit, leaders=tuple(leaders), agendas=tuple(agendas))


def test_leaders_are_matched_by_id_across_documents() -> None:
    """The same id in both documents is the same leader, in the first's agenda order."""
    from summitlib.comparison import match_leaders

    alaska = _example("alaska-2025")
    assert match_leaders(alaska, alaska) == (("trump", "trump"), ("putin", "putin"))
    assert match_leaders(_example("singapore-2018"), alaska) == (("trump", "trump"),)
    assert match_leaders(_example("yalta-1945"), alaska) == ()


def test_leaders_with_other_ids_are_matched_by_wikidata() -> None:
    """Where ids differ, a shared Wikidata identifier makes the match."""
    from summitlib.comparison import match_leaders

    alaska = _example("alaska-2025")
    renamed = _renamed(alaska, "putin", "vladimir-putin")
    assert match_leaders(_example("geneva-2021"), renamed) == (("putin", "vladimir-putin"),)
    # A different identifier is a different person, whatever the name.
    anonymous = _renamed(alaska, "putin", "vladimir-putin", wikidata="Q1")
    assert match_leaders(_example("geneva-2021"), anonymous) == ()


def test_one_id_with_different_wikidata_is_two_people() -> None:
    """Equal ids whose Wikidata identifiers differ (two presidents Bush) do not match."""
    from summitlib.comparison import match_leaders

    alaska = _example("alaska-2025")
    other = _renamed(alaska, "trump", "trump", wikidata="Q207")
    assert match_leaders(alaska, other) == (("putin", "putin"),)


def test_compare_documents_compares_a_leader_with_themself() -> None:
    """Each matched leader's two agendas are compared, focus areas matched by id."""
    from summitlib.comparison import combined_focus_areas, compare_documents

    singapore, alaska = _example("singapore-2018"), _example("alaska-2025")
    (trump,) = compare_documents(singapore, alaska)
    assert (trump.a, trump.b) == ("trump", "trump")
    sanctions = trump.area("sanctions")
    assert sanctions.a is not None
    assert sanctions.b is not None
    goals_a = {g.id for g in singapore.agenda("trump").goals if g.focus_area == "sanctions"}
    goals_b = {g.id for g in alaska.agenda("trump").goals if g.focus_area == "sanctions"}
    assert set(sanctions.a.goals) == goals_a
    assert set(sanctions.b.goals) == goals_b
    assert sanctions.agreement == 1 - abs(sanctions.a.position - sanctions.b.position) / 100
    # An area only one document defines is one-sided: never counted as disagreement.
    only = {area.id for area in singapore.focus_areas} ^ {area.id for area in alaska.focus_areas}
    for area in trump.areas:
        if area.focus_area in only:
            assert area.alignment is Alignment.ONE_SIDED
    ids = [area.id for area in combined_focus_areas(singapore, alaska)]
    assert len(ids) == len(set(ids))
    assert set(ids) == {area.id for area in (*singapore.focus_areas, *alaska.focus_areas)}


def test_compare_documents_with_named_leaders() -> None:
    """leaders=(x, y): x in the first document against y in the second, either id accepted."""
    from summitlib.comparison import compare_documents

    geneva, alaska = _example("geneva-2021"), _example("alaska-2025")
    (pair,) = compare_documents(geneva, alaska, leaders=("biden", "trump"))
    assert (pair.a, pair.b) == ("biden", "trump")
    renamed = _renamed(alaska, "putin", "vladimir-putin")
    (by_alias,) = compare_documents(geneva, renamed, leaders=("putin", "putin"))
    assert (by_alias.a, by_alias.b) == ("putin", "vladimir-putin")
    with pytest.raises(KeyError):
        compare_documents(geneva, alaska, leaders=("biden", "xi"))


def test_a_document_against_itself_agrees_fully() -> None:
    """The same document twice: every leader agrees with themself wherever scored."""
    from summitlib.comparison import compare_documents

    alaska = _example("alaska-2025")
    for comparison in compare_documents(alaska, alaska):
        assert comparison.agreement == 1.0
        assert all(area.alignment is not Alignment.ONE_SIDED for area in comparison.areas)


def test_compare_summit_with_chosen_leaders_and_their_matrix() -> None:
    """leaders= picks the agendas and their order; a name given twice is refused."""
    from summitlib.errors import InvalidArgumentError

    yalta = _example("yalta-1945")
    pairs = compare_summit(yalta, leaders=["stalin", "roosevelt"])
    assert [(c.a, c.b) for c in pairs] == [("stalin", "roosevelt")]
    matrix = agreement_matrix(yalta, leaders=["stalin", "churchill", "roosevelt"])
    assert matrix.leaders == ("stalin", "churchill", "roosevelt")
    full = agreement_matrix(yalta)
    assert matrix.get("stalin", "roosevelt") == full.get("stalin", "roosevelt")
    with pytest.raises(InvalidArgumentError, match="twice"):
        compare_summit(yalta, leaders=["stalin", "stalin"])
    with pytest.raises(KeyError):
        agreement_matrix(yalta, leaders=["stalin", "de-gaulle"])
