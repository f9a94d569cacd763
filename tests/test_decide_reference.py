"""summitlib.bargaining side by side with the reference implementation, decide-exchange-model.

The reference (GPL-3) runs in its own virtual environment, made by benchmarks/decide_env.sh,
through tests/data/decide/driver.py, which prints what its model did as JSON. The test finds
that environment's Python in ``SUMMITLIB_DECIDE_PYTHON``, else at ``.decide-venv/bin/python``
in the repository; without it the tests fail under CI (``CI`` set) and are skipped elsewhere.

Compared, on the two published data sets and on seeded random inputs: the forecast per issue
(within 1e-9), the exchanges of every round (the same actors on the same issues in the same
order, moves and gains within 1e-6) and the forecast after every round (within 1e-6).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
from pathlib import Path
from typing import Any

import pytest

from summitlib.bargaining import (
    Actor,
    ActorIssue,
    BargainingInput,
    ExchangeModelResult,
    Issue,
    exchange_model,
    nash_forecast,
)
from summitlib.decide import load_decide

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "decide"
DRIVER = DATA / "driver.py"
DATA_SETS = ("copenhagen", "cop21")
ROUNDS = 3
GENERATED = 40
FORECAST_TOLERANCE = 1e-9
TOLERANCE = 1e-6


def _reference_python() -> Path:
    configured = os.environ.get("SUMMITLIB_DECIDE_PYTHON")
    path = Path(configured) if configured else ROOT / ".decide-venv" / "bin" / "python"
    if path.exists():
        return path
    reason = (
        f"the reference decide-exchange-model is not installed ({path} not found); "
        "run benchmarks/decide_env.sh or set SUMMITLIB_DECIDE_PYTHON"
    )
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def reference() -> Path:
    return _reference_python()


def _run(python: Path, *args: str, stdin: str | None = None) -> Any:
    done = subprocess.run(
        [str(python), str(DRIVER), *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def published(reference: Path) -> dict[str, Any]:
    return {
        name: _run(reference, "csv", str(DATA / f"{name}.csv"), str(ROUNDS)) for name in DATA_SETS
    }


def _close(mine: float | None, theirs: str, tolerance: float) -> bool:
    return mine is not None and abs(mine - float(theirs)) <= tolerance


def _compare(result: ExchangeModelResult, theirs: dict[str, Any], label: str) -> None:
    """Every round of ``result`` agrees with the reference's output ``theirs``."""
    assert len(result.rounds) == len(theirs["rounds"]), label
    for mine, ref in zip(result.rounds, theirs["rounds"], strict=True):
        where = f"{label}, round {mine.number}"
        for issue, value in ref["nbs_before"].items():
            assert _close(mine.forecast_before[issue], value, FORECAST_TOLERANCE), (where, issue)
        assert mine.candidates == ref["candidates"], where
        assert mine.exchange_count == len(ref["exchanges"]), where
        assert len(mine.exchanges) == len(ref["exchanges"]), where
        for n, (exchange, other) in enumerate(zip(mine.exchanges, ref["exchanges"], strict=True)):
            at = f"{where}, exchange {n + 1}"
            assert (exchange.i.actor, exchange.i.issue, exchange.j.actor, exchange.j.issue) == (
                other["i"]["actor"],
                other["i"]["supply"],
                other["j"]["actor"],
                other["j"]["supply"],
            ), at
            assert _close(exchange.gain, other["gain"], TOLERANCE), at
            for side, ref_side in ((exchange.i, other["i"]), (exchange.j, other["j"])):
                assert _close(side.move, ref_side["move"], TOLERANCE), at
                assert _close(side.before, ref_side["x"], TOLERANCE), at
                assert _close(side.after, ref_side["y"], TOLERANCE), at
        for issue, value in ref["nbs_after"].items():
            assert _close(mine.forecast_after[issue], value, TOLERANCE), (where, issue)
        for issue, actors in ref["positions_next"].items():
            for actor, value in actors.items():
                assert _close(mine.positions[issue][actor], value, TOLERANCE), (where, issue)


@pytest.mark.parametrize("name", DATA_SETS)
def test_forecast_matches_the_reference_on_published_data(
    name: str, published: dict[str, Any]
) -> None:
    """The Nash bargaining solution per issue equals decide's within 1e-9."""
    data = load_decide(DATA / f"{name}.csv").input
    forecast = nash_forecast(data)
    theirs = published[name]["rounds"][0]["nbs_before"]
    assert set(theirs) == {item.issue for item in forecast.issues}
    for issue, value in theirs.items():
        assert _close(forecast.position(issue), value, FORECAST_TOLERANCE), issue


@pytest.mark.parametrize("name", DATA_SETS)
def test_exchanges_match_the_reference_on_published_data(
    name: str, published: dict[str, Any]
) -> None:
    """Every round's exchanges, moves, gains and forecasts equal decide's."""
    data = load_decide(DATA / f"{name}.csv").input
    result = exchange_model(data, rounds=ROUNDS, top=10_000)
    assert result.rounds[0].exchange_count > 10  # the data sets do trade
    _compare(result, published[name], name)


def _generated(seed: int) -> tuple[BargainingInput, dict[str, Any]]:
    """A random input and the same as the driver's JSON (numbers as decimal strings).

    Even seeds put positions and saliences on coarse grids, as hand-coded data is, so that
    actors sit exactly on a forecast and gains tie; odd seeds use fine-grained values.
    """
    rng = random.Random(seed)
    coarse = seed % 2 == 0
    actors = [f"a{n}" for n in range(rng.randint(2, 9))]
    issues = [f"i{n}" for n in range(rng.randint(2, 5))]
    stances = []
    for actor in actors:
        power = f"{rng.choice([0.1, 0.25, 0.5, 1.0])}" if coarse else f"{rng.uniform(0.01, 1):.5f}"
        for issue in issues:
            if rng.random() < 0.1:
                continue  # this actor takes no position on this issue
            if coarse:
                position = f"{float(rng.randrange(0, 101, 10))}"
                salience = f"{rng.choice([0.2, 0.4, 0.5, 0.6, 0.8, 1.0])}"
            else:
                position = f"{rng.uniform(0, 100):.6f}"
                salience = f"{rng.uniform(0.05, 1):.6f}"
            stances.append([actor, issue, position, salience, power])
    data = BargainingInput(
        actors=tuple(Actor(id=a, name=a.upper()) for a in actors),
        issues=tuple(Issue(id=i) for i in issues),
        actor_issues=tuple(
            ActorIssue(actor=a, issue=i, position=float(x), salience=float(s), capability=float(c))
            for a, i, x, s, c in stances
        ),
    )
    spec = {"actors": [[a, a.upper()] for a in actors], "issues": issues, "stances": stances}
    return data, spec


@pytest.fixture(scope="module")
def generated(reference: Path) -> list[tuple[BargainingInput, dict[str, Any]]]:
    cases = [_generated(seed) for seed in range(GENERATED)]
    outputs = _run(reference, "json", str(ROUNDS), stdin=json.dumps([spec for _, spec in cases]))
    return [(data, output) for (data, _), output in zip(cases, outputs, strict=True)]


def test_forecast_matches_the_reference_on_generated_data(
    generated: list[tuple[BargainingInput, dict[str, Any]]],
) -> None:
    """On random inputs too, the forecast per issue equals decide's within 1e-9."""
    for seed, (data, theirs) in enumerate(generated):
        forecast = nash_forecast(data)
        for issue, value in theirs["rounds"][0]["nbs_before"].items():
            assert _close(forecast.position(issue), value, FORECAST_TOLERANCE), (seed, issue)


def test_exchanges_match_the_reference_on_generated_data(
    generated: list[tuple[BargainingInput, dict[str, Any]]],
) -> None:
    """On random inputs, every round's exchanges and forecasts equal decide's."""
    traded = 0
    for seed, (data, theirs) in enumerate(generated):
        result = exchange_model(data, rounds=ROUNDS, top=10_000)
        traded += result.rounds[0].exchange_count
        _compare(result, theirs, f"seed {seed}")
    assert traded > GENERATED  # the comparison is not between empty lists
