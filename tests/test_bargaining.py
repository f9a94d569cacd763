"""Tests for summitlib.bargaining: the laws of the forecast and of the exchange model.

Agreement with the reference implementation is in tests/test_decide_reference.py.
"""

from __future__ import annotations

import decimal
import doctest
import math

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import summitlib.bargaining
from summitlib.bargaining import (
    DEFAULT_CAPABILITY,
    Actor,
    ActorIssue,
    BargainingInput,
    BargainingInputError,
    Issue,
    Linkage,
    candidate_bound,
    exchange_model,
    forecast_error,
    nash_forecast,
)
from summitlib.errors import SummitlibError

# --------------------------------------------------------------------------- strategies


@st.composite
def inputs(draw: st.DrawFn, max_actors: int = 7, max_issues: int = 4) -> BargainingInput:
    """Random actors × issues; every actor takes a position on most issues."""
    n_actors = draw(st.integers(2, max_actors))
    n_issues = draw(st.integers(1, max_issues))
    actors = tuple(
        Actor(id=f"a{n}", capability=draw(st.floats(0.01, 10).map(lambda v: round(v, 3))))
        for n in range(n_actors)
    )
    issues = tuple(Issue(id=f"i{n}") for n in range(n_issues))
    grid = draw(st.booleans())
    position = (
        st.integers(0, 10).map(lambda v: float(v * 10))
        if grid
        else st.floats(0, 100).map(lambda v: round(v, 4))
    )
    salience = (
        st.sampled_from([0.2, 0.5, 0.8, 1.0])
        if grid
        else st.floats(0.05, 1).map(lambda v: round(v, 4))
    )
    stances = []
    for actor in actors:
        for issue in issues:
            if draw(st.integers(0, 9)) == 0:
                continue
            stances.append(
                ActorIssue(
                    actor=actor.id,
                    issue=issue.id,
                    position=draw(position),
                    salience=draw(salience),
                )
            )
    return BargainingInput(actors=actors, issues=issues, actor_issues=tuple(stances))


def _reordered(data: BargainingInput, seed: int) -> BargainingInput:
    import random

    rng = random.Random(seed)
    actors = list(data.actors)
    stances = list(data.actor_issues)
    rng.shuffle(actors)
    rng.shuffle(stances)
    return attrs.evolve(data, actors=tuple(actors), actor_issues=tuple(stances))


def _weights(data: BargainingInput, issue: str) -> dict[str, float]:
    return {
        s.actor: s.salience * data.capability_of(s)
        for s in data.actor_issues
        if s.issue == issue and data.actor(s.actor).bargains
    }


# --------------------------------------------------------------------------- forecast


def test_module_examples_run() -> None:
    """The examples in the module docstrings hold."""
    assert doctest.testmod(summitlib.bargaining).failed == 0


def test_forecast_is_the_weighted_mean_of_positions() -> None:
    """O = Σ c·s·x / Σ c·s, worked by hand."""
    data = BargainingInput(
        actors=(Actor(id="a", capability=3), Actor(id="b", capability=1)),
        issues=(Issue(id="x"),),
        actor_issues=(
            ActorIssue(actor="a", issue="x", position=10, salience=0.5),
            ActorIssue(actor="b", issue="x", position=90, salience=1.0),
        ),
    )
    item = nash_forecast(data).issues[0]
    # (3·0.5·10 + 1·1·90) / (3·0.5 + 1·1) = 105 / 2.5
    assert item.position == pytest.approx(42.0)
    assert [a.distance for a in item.actors] == pytest.approx([32.0, 48.0])
    assert [a.weight for a in item.actors] == pytest.approx([0.6, 0.4])
    assert item.below == ("a",)
    assert item.above == ("b",)
    assert item.pivotal == "a" or item.pivotal == "b"
    # |pull| = weight·distance: a 0.6·32 = 19.2, b 0.4·48 = 19.2 -> a tie, the first wins
    assert item.pivotal == "a"


@settings(max_examples=60, deadline=None)
@given(inputs(), st.integers(0, 10_000))
def test_forecast_is_invariant_to_actor_order(data: BargainingInput, seed: int) -> None:
    """Reordering actors and stances leaves every forecast unchanged."""
    first = nash_forecast(data).positions()
    second = nash_forecast(_reordered(data, seed)).positions()
    assert first.keys() == second.keys()
    for issue, value in first.items():
        other = second[issue]
        assert (value is None) == (other is None)
        if value is not None and other is not None:
            assert other == pytest.approx(value, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(inputs())
def test_forecast_lies_within_the_positions(data: BargainingInput) -> None:
    """Each forecast lies between the lowest and the highest position on the issue."""
    for item in nash_forecast(data).issues:
        positions = [a.position for a in item.actors if a.weight > 0]
        if item.position is None:
            assert not positions
            continue
        assert min(positions) - 1e-9 <= item.position <= max(positions) + 1e-9


@settings(max_examples=60, deadline=None)
@given(inputs())
def test_pulls_balance_and_coalitions_split_the_actors(data: BargainingInput) -> None:
    """Weights sum to 1, pulls to 0; below, at and above partition the actors."""
    for item in nash_forecast(data).issues:
        if item.position is None:
            continue
        assert math.fsum(a.weight for a in item.actors) == pytest.approx(1.0)
        assert math.fsum(a.pull for a in item.actors) == pytest.approx(0.0, abs=1e-9)
        everyone = sorted(a.actor for a in item.actors)
        assert sorted(item.below + item.at + item.above) == everyone
        where = {a.actor: a.position for a in item.actors}
        assert all(where[a] < item.position for a in item.below)
        assert all(where[a] > item.position for a in item.above)
        strongest = max(abs(a.pull) for a in item.actors)
        pivotal = next(a for a in item.actors if a.actor == item.pivotal)
        assert abs(pivotal.pull) == strongest


@settings(max_examples=40, deadline=None)
@given(inputs(), st.floats(0.1, 100))
def test_capability_scale_does_not_matter(data: BargainingInput, factor: float) -> None:
    """Multiplying every capability by the same factor leaves the forecast unchanged."""
    scaled = attrs.evolve(
        data,
        actors=tuple(
            attrs.evolve(a, capability=None if a.capability is None else a.capability * factor)
            for a in data.actors
        ),
    )
    for issue, value in nash_forecast(data).positions().items():
        other = nash_forecast(scaled).position(issue)
        if value is not None:
            assert other == pytest.approx(value, abs=1e-7)


@settings(max_examples=40, deadline=None)
@given(inputs(), st.sampled_from(["mediator", "host", "observer"]), st.floats(0, 100))
def test_actors_who_do_not_bargain_change_nothing(
    data: BargainingInput, role: str, position: float
) -> None:
    """A mediator, host or observer with any position moves no forecast and trades nothing."""
    outsider = Actor(id="outsider", capability=1000.0, participation=role)  # type: ignore[arg-type]
    stances = tuple(
        ActorIssue(actor="outsider", issue=i.id, position=position, salience=1.0)
        for i in data.issues
    )
    with_outsider = attrs.evolve(
        data, actors=(outsider, *data.actors), actor_issues=stances + data.actor_issues
    )
    assert nash_forecast(with_outsider).positions() == nash_forecast(data).positions()
    assert all(a.actor != "outsider" for i in nash_forecast(with_outsider).issues for a in i.actors)
    plain = exchange_model(data, rounds=2)
    mixed = exchange_model(with_outsider, rounds=2)
    assert plain.rounds == mixed.rounds


def test_capability_defaults() -> None:
    """Without any capability all weigh the same; a missing one gets the mean of the rest."""
    stances = (
        ActorIssue(actor="a", issue="x", position=0, salience=1),
        ActorIssue(actor="b", issue="x", position=100, salience=1),
        ActorIssue(actor="c", issue="x", position=100, salience=1, capability=5),
    )
    data = BargainingInput(
        actors=(Actor(id="a"), Actor(id="b"), Actor(id="c")),
        issues=(Issue(id="x"),),
        actor_issues=stances,
    )
    assert [data.capability_of(s) for s in stances] == [DEFAULT_CAPABILITY, DEFAULT_CAPABILITY, 5]
    some = attrs.evolve(
        data, actors=(Actor(id="a", capability=1), Actor(id="b"), Actor(id="c", capability=3))
    )
    assert [some.capability_of(s) for s in stances] == [1, 2, 5]


def test_issue_scales_are_rescaled_to_0_100() -> None:
    """Positions on an issue's own scale are taken to 0–100, as decide does."""
    data = BargainingInput(
        actors=(Actor(id="a"), Actor(id="b")),
        issues=(Issue(id="x", lower=-1, upper=1),),
        actor_issues=(
            ActorIssue(actor="a", issue="x", position=-1, salience=1),
            ActorIssue(actor="b", issue="x", position=0.5, salience=1),
        ),
    )
    item = nash_forecast(data).issues[0]
    assert [a.position for a in item.actors] == pytest.approx([0.0, 75.0])
    assert item.position == pytest.approx(37.5)


def test_forecast_error_compares_with_settled_positions() -> None:
    """The error is |forecast − settled| for the issues that have both."""
    assert forecast_error({"x": 40.0, "y": None, "z": 10.0}, {"x": 55.0, "y": 3.0}) == {"x": 15.0}


def test_an_issue_without_weight_has_no_forecast() -> None:
    """When every salience on an issue is 0 there is no forecast, not a forecast of 0."""
    data = BargainingInput(
        actors=(Actor(id="a"),),
        issues=(Issue(id="x"),),
        actor_issues=(ActorIssue(actor="a", issue="x", position=70, salience=0),),
    )
    item = nash_forecast(data).issues[0]
    assert item.position is None
    assert item.pivotal is None
    assert exchange_model(data).rounds[0].forecast_before == {"x": None}


# --------------------------------------------------------------------------- exchange model


def _four_actors() -> BargainingInput:
    """Two issues, two camps: each actor cares more about one issue than the other."""
    return BargainingInput(
        actors=tuple(Actor(id=a, capability=1) for a in ("a", "b", "c", "d")),
        issues=(Issue(id="p"), Issue(id="q")),
        actor_issues=(
            ActorIssue(actor="a", issue="p", position=0, salience=0.9),
            ActorIssue(actor="a", issue="q", position=0, salience=0.2),
            ActorIssue(actor="b", issue="p", position=100, salience=0.3),
            ActorIssue(actor="b", issue="q", position=100, salience=0.8),
            ActorIssue(actor="c", issue="p", position=10, salience=0.6),
            ActorIssue(actor="c", issue="q", position=20, salience=0.5),
            ActorIssue(actor="d", issue="p", position=90, salience=0.5),
            ActorIssue(actor="d", issue="q", position=70, salience=0.6),
        ),
    )


def test_a_worked_exchange() -> None:
    """a and b trade: a gives way on q, which it cares little about, b on p."""
    result = exchange_model(_four_actors(), rounds=1)
    first = result.rounds[0].exchanges[0]
    assert first.actors == ("a", "b")
    assert first.issues == ("q", "p")
    assert first.i.move > 0  # a moves up on q, towards b
    assert first.j.move < 0  # b moves down on p, towards a
    assert first.gain > 0


def _gains(data: BargainingInput, exchange: summitlib.bargaining.Exchange) -> tuple[float, float]:
    """Each partner's gain recomputed from the moves: Δ_demand·s_demand − Δ_supply·s_supply."""
    den = {i.id: math.fsum(_weights(data, i.id).values()) for i in data.issues}

    def stance(actor: str, issue: str) -> ActorIssue:
        return next(s for s in data.actor_issues if s.actor == actor and s.issue == issue)

    def shift(move: summitlib.bargaining.Move) -> float:
        s = stance(move.actor, move.issue)
        return abs(move.move) * s.salience * data.capability_of(s) / den[move.issue]

    shift_i, shift_j = shift(exchange.i), shift(exchange.j)
    gain_i = (
        shift_j * stance(exchange.i.actor, exchange.j.issue).salience
        - shift_i * stance(exchange.i.actor, exchange.i.issue).salience
    )
    gain_j = (
        shift_i * stance(exchange.j.actor, exchange.i.issue).salience
        - shift_j * stance(exchange.j.actor, exchange.j.issue).salience
    )
    return gain_i, gain_j


@settings(max_examples=40, deadline=None)
@given(inputs(max_actors=6, max_issues=4))
def test_both_partners_gain_the_same(data: BargainingInput) -> None:
    """Each partner's gain, recomputed from the moves, equals the exchange's gain, above 0."""
    for round_ in exchange_model(data, rounds=2, top=1000).rounds:
        for exchange in round_.exchanges:
            gain_i, gain_j = _gains(data, exchange)
            assert gain_i == pytest.approx(exchange.gain, rel=1e-9, abs=1e-12)
            assert gain_j == pytest.approx(exchange.gain, rel=1e-9, abs=1e-12)
            assert exchange.gain > 0


@settings(max_examples=40, deadline=None)
@given(inputs(max_actors=6, max_issues=4))
def test_moves_go_towards_the_partner_and_stay_on_the_scale(data: BargainingInput) -> None:
    """Each actor moves towards its partner's position and not past it, within 0–100."""
    start = {(s.actor, s.issue): s.position for s in data.actor_issues}
    for exchange in exchange_model(data, rounds=1, top=1000).rounds[0].exchanges:
        for mover, partner in ((exchange.i, exchange.j), (exchange.j, exchange.i)):
            target = start[(partner.actor, mover.issue)]
            assert 0 <= mover.after <= 100
            low, high = sorted((mover.before, target))
            assert low - 1e-9 <= mover.after <= high + 1e-9
            assert mover.after == pytest.approx(mover.before + mover.move)


@settings(max_examples=40, deadline=None)
@given(inputs(max_actors=6, max_issues=4), st.integers(0, 5))
def test_output_is_bounded(data: BargainingInput, top: int) -> None:
    """A round lists its first ``top`` exchanges and counts all; candidates stay bounded."""
    full = exchange_model(data, rounds=2, top=10_000)
    short = exchange_model(data, rounds=2, top=top)
    bound = candidate_bound(data)
    assert full.candidate_bound == bound
    for long_round, short_round in zip(full.rounds, short.rounds, strict=True):
        assert short_round.exchange_count == long_round.exchange_count
        assert short_round.exchanges == long_round.exchanges[:top]
        assert len(short_round.exchanges) <= top
        assert long_round.candidates <= bound


@settings(max_examples=30, deadline=None)
@given(inputs(max_actors=6, max_issues=3))
def test_first_round_starts_from_the_forecast(data: BargainingInput) -> None:
    """Round 1 starts from the Nash forecast of the input; round 2 from round 1's positions."""
    result = exchange_model(data, rounds=2)
    assert result.rounds[0].forecast_before == nash_forecast(data).positions()
    later = attrs.evolve(
        data,
        actor_issues=tuple(
            attrs.evolve(s, position=result.rounds[0].positions[s.issue][s.actor])
            for s in data.actor_issues
        ),
    )
    for issue, value in result.rounds[1].forecast_before.items():
        expected = nash_forecast(later).position(issue)
        if value is not None:
            assert expected == pytest.approx(value, abs=1e-9)


def test_no_rounds_and_bad_arguments() -> None:
    """Zero rounds give no rounds; a negative count is an error naming the argument."""
    assert exchange_model(_four_actors(), rounds=0).rounds == ()
    with pytest.raises(BargainingInputError, match="'rounds' must be >= 0"):
        exchange_model(_four_actors(), rounds=-1)
    with pytest.raises(BargainingInputError, match="'top' must be >= 0"):
        exchange_model(_four_actors(), top=-1)


def test_the_callers_decimal_context_does_not_matter() -> None:
    """A coarse global decimal context does not change the results."""
    expected = exchange_model(_four_actors(), rounds=2)
    with decimal.localcontext(decimal.Context(prec=3, rounding=decimal.ROUND_DOWN)):
        assert exchange_model(_four_actors(), rounds=2) == expected


# --------------------------------------------------------------------------- linkage


def _slots_moved(result: summitlib.bargaining.ExchangeModelResult) -> list[tuple[str, str]]:
    return [
        (move.actor, move.issue)
        for round_ in result.rounds
        for exchange in round_.exchanges
        for move in (exchange.i, exchange.j)
    ]


def test_a_blocked_position_never_moves() -> None:
    """An exchange that would move a blocked slot is not formed, and is counted."""
    data = _four_actors()
    free = exchange_model(data, rounds=1, top=100)
    assert ("a", "q") in _slots_moved(free)
    blocked = attrs.evolve(data, linkage=Linkage(blocked=frozenset({("a", "q")})))
    result = exchange_model(blocked, rounds=1, top=100)
    assert ("a", "q") not in _slots_moved(result)
    assert result.infeasible > 0
    assert nash_forecast(blocked) == nash_forecast(data)


@settings(max_examples=30, deadline=None)
@given(inputs(max_actors=6, max_issues=4), st.data())
def test_packages_move_only_together(data: BargainingInput, draw: st.DataObject) -> None:
    """Every exchange that moves a packaged slot holds all of the package's slots."""
    slots = sorted({(s.actor, s.issue) for s in data.actor_issues})
    assume(len(slots) >= 2)
    package = frozenset(draw.draw(st.lists(st.sampled_from(slots), min_size=2, max_size=3)))
    linked = attrs.evolve(data, linkage=Linkage(packages=(package,)))
    for round_ in exchange_model(linked, rounds=2, top=1000).rounds:
        for exchange in round_.exchanges:
            touched = {(actor, issue) for actor in exchange.actors for issue in exchange.issues}
            moving = {(exchange.i.actor, exchange.i.issue), (exchange.j.actor, exchange.j.issue)}
            if moving & package:
                assert package <= touched


def test_a_package_of_two_issues_admits_their_trade() -> None:
    """An actor's package of its two issues still allows the exchange of exactly those."""
    data = attrs.evolve(
        _four_actors(), linkage=Linkage(packages=(frozenset({("a", "p"), ("a", "q")}),))
    )
    first = exchange_model(data, rounds=1).rounds[0].exchanges[0]
    assert first.actors == ("a", "b")


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"actors": (Actor(id="a"), Actor(id="a"))}, r"actors\[1\] \('a'\): duplicate actor id"),
        ({"actors": (Actor(id="a", capability=-1),)}, r"'capability' must be a number >= 0"),
        ({"actors": (Actor(id="a", participation="chair"),)}, r"'participation' must be one of"),  # type: ignore[arg-type]
        ({"issues": (Issue(id="x", lower=5, upper=5),)}, r"'lower' must be below 'upper'"),
        (
            {"actor_issues": (ActorIssue(actor="z", issue="x", position=1, salience=1),)},
            r"actor_issues\[0\] \('z', 'x'\): unknown actor 'z'",
        ),
        (
            {"actor_issues": (ActorIssue(actor="a", issue="x", position=1, salience=90),)},
            r"'salience' must be between 0 and 1 \(got 90\)",
        ),
        (
            {"actor_issues": (ActorIssue(actor="a", issue="x", position=101, salience=1),)},
            r"'position' must be between 0 and 100 \(got 101\)",
        ),
        (
            {"actor_issues": (ActorIssue(actor="a", issue="x", position=math.nan, salience=1),)},
            r"'position' must be between",
        ),
        (
            {
                "actor_issues": (
                    ActorIssue(actor="a", issue="x", position=1, salience=1),
                    ActorIssue(actor="a", issue="x", position=2, salience=1),
                )
            },
            r"actor_issues\[1\].*second position",
        ),
        ({"linkage": Linkage(blocked=frozenset({("a", "y")}))}, r"linkage.blocked"),
        ({"linkage": Linkage(packages=(frozenset({("b", "x")}),))}, r"linkage.packages\[0\]"),
    ],
)
def test_bad_input_is_reported_with_where(change: dict[str, object], message: str) -> None:
    """Inconsistent input raises a SummitlibError (and ValueError) naming the entry."""
    base: dict[str, object] = {
        "actors": (Actor(id="a"),),
        "issues": (Issue(id="x"),),
        "actor_issues": (ActorIssue(actor="a", issue="x", position=1, salience=1),),
    }
    with pytest.raises(BargainingInputError, match=message) as caught:
        BargainingInput(**{**base, **change})  # type: ignore[arg-type]
    assert isinstance(caught.value, SummitlibError)
    assert isinstance(caught.value, ValueError)


def test_results_are_plain_data_for_json() -> None:
    """as_dict() gives JSON-serialisable data that keeps every exchange and forecast."""
    import json

    result = exchange_model(_four_actors(), rounds=2)
    plain = json.loads(json.dumps(result.as_dict()))
    assert plain["rounds"][0]["exchanges"][0]["i"]["actor"] == "a"
    assert plain["rounds"][1]["forecast_after"] == result.rounds[1].forecast_after
    forecast = json.loads(json.dumps(nash_forecast(_four_actors()).as_dict()))
    assert [item["issue"] for item in forecast["issues"]] == ["p", "q"]


def test_zero_salience_pairs_are_not_formed() -> None:
    """An actor that does not care about an issue cannot trade on it; nothing divides by 0."""
    data = _four_actors()
    stances = tuple(
        attrs.evolve(s, salience=0.0) if (s.actor, s.issue) == ("a", "q") else s
        for s in data.actor_issues
    )
    result = exchange_model(attrs.evolve(data, actor_issues=stances), rounds=2)
    assert result.infeasible > 0
    assert all("a" not in e.actors for r in result.rounds for e in r.exchanges)
