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

import attrs
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
from summitlib.decide import (
    DecideFormatError,
    dump_decide,
    dumps_decide,
    load_decide,
    loads_decide,
)
from summitlib.errors import SummitlibError

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


# --------------------------------------------------------------------------- the decide format
# These need no reference environment.


def test_decide_module_examples_run() -> None:
    """The examples in summitlib.decide's docstrings hold."""
    import doctest

    import summitlib.decide

    assert doctest.testmod(summitlib.decide).failed == 0


@pytest.mark.parametrize("name", DATA_SETS)
def test_published_data_sets_round_trip_byte_for_byte(name: str, tmp_path: Path) -> None:
    """Reading and writing a published data set gives back the same bytes."""
    path = DATA / f"{name}.csv"
    read = load_decide(path)
    assert read.salience_scale == 1.0
    dump_decide(read.input, tmp_path / "out.csv")
    assert (tmp_path / "out.csv").read_bytes() == path.read_bytes()


def test_published_data_sets_read_as_decide_reads_them() -> None:
    """Counts and values match the files: 11 actors × 7 issues in Copenhagen, Russia on 5."""
    data = load_decide(DATA / "copenhagen.csv").input
    assert len(data.actors) == 11
    assert [issue.id for issue in data.issues][:2] == ["Newtreaty", "DevlopC2020"]
    assert len(data.actor_issues) == 75
    russia = [s.issue for s in data.actor_issues if s.actor == "Russia"]
    assert "Commitments" not in russia
    assert len(russia) == 5
    usa = data.actor("USA")
    assert usa.capability == 0.26
    assert usa.name == "USA"
    first = data.actor_issues[0]
    assert (first.actor, first.issue, first.position, first.salience) == (
        "USA",
        "Newtreaty",
        10.0,
        0.9,
    )
    assert all(issue.lower == 0 and issue.upper == 100 for issue in data.issues)
    assert [a.position for a in data.issues[0].anchors] == [0, 100]


@pytest.mark.parametrize("seed", range(20))
def test_generated_inputs_round_trip(seed: int) -> None:
    """Any input decide can hold comes back equal, per-stance capabilities included."""
    data, _ = _generated(seed)
    rng = random.Random(seed)
    # give some stances their own capability, as decide allows per row
    stances = tuple(
        attrs.evolve(s, capability=round(rng.uniform(0.1, 2), 3)) if rng.random() < 0.2 else s
        for s in data.actor_issues
    )
    data = attrs.evolve(data, actor_issues=stances)
    again = loads_decide(dumps_decide(data)).input
    assert [(a.id, a.name) for a in again.actors] == [(a.id, a.name) for a in data.actors]
    assert [i.id for i in again.issues] == [i.id for i in data.issues]
    for mine, theirs in zip(data.actor_issues, again.actor_issues, strict=True):
        assert (mine.actor, mine.issue, mine.position, mine.salience) == (
            theirs.actor,
            theirs.issue,
            theirs.position,
            theirs.salience,
        )
        assert data.capability_of(mine) == again.capability_of(theirs)
    assert dumps_decide(again) == dumps_decide(data)


def test_saliences_on_0_100_and_own_scales_round_trip() -> None:
    """A file with saliences on 0–100 is read as 0–1 and written back as it was."""
    text = (
        "'#A'\t'a'\t'Alpha'\t''\n"
        "'#A'\t'b'\t'Beta'\t'a comment'\n"
        "'#P'\t'x'\t'Tax'\t'how high'\n"
        "'#M'\t'x'\t-5\t'cut'\n"
        "'#M'\t'x'\t5\t'raise'\n"
        "'#D'\t'a'\t'x'\t-2.5\t70.0\t0.5\n"
        "'#D'\t'b'\t'x'\t4.0\t7.0\t0.25\t'firm'\n"
    )
    read = loads_decide(text)
    assert read.salience_scale == 100
    assert [s.salience for s in read.input.actor_issues] == [0.7, 0.07]
    issue = read.input.issues[0]
    assert (issue.lower, issue.upper, issue.label, issue.description) == (-5, 5, "Tax", "how high")
    assert [a.meaning for a in issue.anchors] == ["cut", "raise"]
    assert read.input.actor_issues[1].comment == "firm"
    assert dumps_decide(read.input, salience_scale=read.salience_scale) == text
    # the forecast is on 0–100: (-2.5 -> 25, 4 -> 90) weighted 0.35 : 0.0175
    forecast = nash_forecast(read.input).issues[0].position
    assert forecast == pytest.approx((25 * 0.35 + 90 * 0.0175) / (0.35 + 0.0175))


def test_other_delimiters_and_quotes_are_read() -> None:
    """Semicolons or commas and double quotes, as a spreadsheet writes them, are read too."""
    text = '"#A";"a";"A";""\n"#P";"x";"x";""\n"#D";"a";"x";40;0.5;1\n'
    data = loads_decide(text).input
    assert data.actor_issues[0].position == 40.0
    text = "#A,a,A,\n#P,x,x,\n#/,a comment\n#D,a,x,40,0.5,1\n"
    assert loads_decide(text).input.actor_issues[0].salience == 0.5


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("'#A'\t'a'\n'#X'\t'y'\n", r"f.csv:2: unknown row type '#X'"),
        ("'#A'\t'a'\n'#A'\t'a'\n", r"f.csv:2: actor 'a' defined twice"),
        ("'#A'\t'a'\n'#P'\t'x'\n'#D'\t'a'\t'x'\t40\n", r"f.csv:3: a #D row needs"),
        ("'#A'\t'a'\n'#P'\t'x'\n'#D'\t'b'\t'x'\t40\t0.5\t1\n", r"f.csv:3: unknown actor 'b'"),
        ("'#A'\t'a'\n'#P'\t'x'\n'#D'\t'a'\t'y'\t40\t0.5\t1\n", r"f.csv:3: unknown issue 'y'"),
        (
            "'#A'\t'a'\n'#P'\t'x'\n'#D'\t'a'\t'x'\tforty\t0.5\t1\n",
            r"f.csv:3: 'position' must be a number",
        ),
        (
            "'#A'\t'a'\n'#P'\t'x'\n'#D'\t'a'\t'x'\t140\t0.5\t1\n",
            r"f.csv:3: 'position' must be between 0 and 100",
        ),
        (
            "'#A'\t'a'\n'#P'\t'x'\n'#D'\t'a'\t'x'\t40\t150\t1\n",
            r"f.csv:3: 'salience' must be between 0 and 100",
        ),
        ("'#A'\t'a'\n'#P'\t'x'\n'#D'\t'a'\t'x'\t40\t0.5\t-1\n", r"f.csv:3: 'power' must be >= 0"),
        (
            "'#A'\t'a'\n'#P'\t'x'\n'#D'\t'a'\t'x'\t40\t0.5\t1\n'#D'\t'a'\t'x'\t41\t0.5\t1\n",
            r"f.csv:4: a second #D row .* \(first on line 3\)",
        ),
        (
            "'#A'\t'a'\n'#P'\t'x'\n'#M'\t'x'\t5\n'#M'\t'x'\t5\n",
            r"f.csv:3: issue 'x': the #M rows must span",
        ),
        ("'#A'\t'a'\n'#M'\t'y'\t5\n", r"f.csv:2: #M row for unknown issue 'y'"),
    ],
)
def test_bad_decide_files_are_reported_by_line(text: str, message: str) -> None:
    """A broken file raises DecideFormatError naming the file and line, not a traceback."""
    with pytest.raises(DecideFormatError, match=message) as caught:
        loads_decide(text, source="f.csv")
    assert isinstance(caught.value, SummitlibError)
    assert isinstance(caught.value, ValueError)
