"""Tests for summitlib.negotiation: a summit on the bargaining models, and decide conversion."""

from __future__ import annotations

import doctest
import importlib
import json
import math
import os
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings

import summitlib
from summitlib import bargaining, decide, negotiation, strategies
from summitlib.model import Agenda, FocusArea, Goal, Leader, Location, PartialDate, Status, Summit

DECIDE = Path(__file__).resolve().parent / "data" / "decide"
PUBLISHED = sorted(DECIDE.glob("*.csv"))


def summit_of(*agendas: Agenda, leaders: tuple[Leader, ...] = ()) -> Summit:
    """A small summit with the given agendas; leaders default to one party per agenda."""
    areas = sorted({goal.focus_area for agenda in agendas for goal in agenda.goals})
    return Summit(
        id="s",
        title="S",
        status=Status.HELD,
        start_date=PartialDate(year=2020),
        location=Location(name="here"),
        leaders=leaders
        or tuple(
            Leader(id=agenda.leader, name=agenda.leader, role="r", country="FR")
            for agenda in agendas
        ),
        focus_areas=tuple(FocusArea(id=area, label=area.upper()) for area in areas),
        agendas=agendas,
    )


def goal(id: str, area: str, position: float, salience: float | None = None, **kw: object) -> Goal:
    """A goal with what the models read."""
    return Goal(id=id, focus_area=area, title=id, position=position, salience=salience, **kw)  # type: ignore[arg-type]


def test_doctests_pass() -> None:
    """The examples in the module's docstrings run and give what they show."""
    module = importlib.import_module("summitlib.negotiation")
    assert doctest.testmod(module).failed == 0


# --- the mapping ---------------------------------------------------------------------------


def test_several_goals_in_one_area_combine_as_compare_does() -> None:
    """Salience-weighted mean position and the largest salience, as summitlib.compare."""
    a = Agenda(
        leader="a",
        vision="v",
        goals=(goal("a1", "x", 20, 80), goal("a2", "x", 60, 40), goal("a3", "x", 100)),
    )
    b = Agenda(leader="b", vision="v", goals=(goal("b1", "x", 90, 30),))
    summit = summit_of(a, b)
    data = negotiation.bargaining_input(summit)
    stance = next(s for s in data.actor_issues if s.actor == "a")
    area = summitlib.compare(a, b).area("x")
    assert area.a is not None
    assert stance.position == pytest.approx(area.a.position)
    assert stance.position == pytest.approx((20 * 80 + 60 * 40 + 100 * 50) / 170)
    assert stance.salience == 0.8


def test_capability_defaults_and_goal_override() -> None:
    """No capability: equal clout; some given: the mean for the rest; a goal's wins in its area."""
    a = Agenda(leader="a", vision="v", goals=(goal("a1", "x", 0, 50), goal("a2", "y", 0, 50)))
    b = Agenda(leader="b", vision="v", goals=(goal("b1", "x", 100, 50), goal("b2", "y", 100, 50)))
    plain = negotiation.forecast(summit_of(a, b))
    assert plain.area("x").position == pytest.approx(50)
    assert dict(plain.capabilities) == {"a": (1.0, False), "b": (1.0, False)}
    leaders = (
        Leader(id="a", name="a", role="r", country="FR", capability=60),
        Leader(id="b", name="b", role="r", country="DE"),
        Leader(id="c", name="c", role="r", country="IT", capability=20),
    )
    given_some = negotiation.forecast(summit_of(a, b, leaders=leaders))
    assert given_some.capabilities["b"] == (40.0, False)  # mean of 60 and 20
    assert given_some.area("x").position == pytest.approx(100 * 40 / 100)
    override = attrs.evolve(b, goals=(attrs.evolve(b.goals[0], capability=90), b.goals[1]))
    overridden = negotiation.forecast(summit_of(a, override, leaders=leaders))
    assert overridden.area("x").position == pytest.approx(100 * 90 / 150)
    assert overridden.area("y").position == given_some.area("y").position


def test_mediators_do_not_bargain() -> None:
    """Camp David's mediator is listed apart and changes no forecast and no exchange."""
    summit = summitlib.examples.load("camp-david-1978")
    result = negotiation.forecast(summit)
    assert dict(result.not_bargaining) == {"carter": "mediator"}
    assert "carter" not in result.parties
    assert all(place.leader != "carter" for area in result.areas for place in area.leaders)
    without = attrs.evolve(summit, agendas=tuple(a for a in summit.agendas if a.leader != "carter"))
    assert [a.position for a in negotiation.forecast(without).areas] == [
        a.position for a in result.areas
    ]
    assert (
        negotiation.exchanges(without).as_dict()["rounds"]
        == (negotiation.exchanges(summit).as_dict()["rounds"])
    )


def test_forecast_error_where_an_outcome_settles_the_area() -> None:
    """Woodside's readouts settle three areas: the error is |forecast − settled| there only."""
    summit = summitlib.examples.load("woodside-2023")
    result = negotiation.forecast(summit)
    settled = {s.focus_area: s.position for o in summit.outcomes for s in o.settles}
    for area in result.areas:
        if area.focus_area in settled:
            assert area.position is not None
            assert area.error == pytest.approx(abs(area.position - settled[area.focus_area]))
            assert area.outcomes == ("us-readout", "china-readout")
        else:
            assert area.error is None
    errors = [a.error for a in result.areas if a.error is not None]
    assert result.mean_error == pytest.approx(sum(errors) / len(errors))
    assert negotiation.forecast(summitlib.examples.load("alaska-2025")).mean_error is None


def test_opening_positions_can_be_forecast() -> None:
    """stage='opening' takes each goal's recorded opening position, else its headline one."""
    summit = summitlib.examples.load("reykjavik-1986")
    data = negotiation.bargaining_input(summit, stage="opening")
    positions = {(s.actor, s.issue): s.position for s in data.actor_issues}
    assert positions[("reagan", "missile-defense")] == 25
    assert positions[("reagan", "human-rights")] == 85  # no opening recorded
    with pytest.raises(negotiation.NegotiationError, match="stage"):
        negotiation.bargaining_input(summit, stage="middle")  # type: ignore[arg-type]


# --- linkage -------------------------------------------------------------------------------


def test_reykjavik_package_and_the_condition_that_cannot_be_met() -> None:
    """Gorbachev's three goals form one package; SDI's bottom lines block the other two."""
    summit = summitlib.examples.load("reykjavik-1986")
    links, blocked = negotiation.linkage(summit)
    assert links.packages == (
        frozenset(
            {
                ("gorbachev", "strategic-arms"),
                ("gorbachev", "intermediate-range"),
                ("gorbachev", "missile-defense"),
            }
        ),
    )
    assert {(b.leader, b.focus_area, b.condition) for b in blocked} == {
        ("gorbachev", "strategic-arms", "gorbachev-missile-defense"),
        ("gorbachev", "intermediate-range", "gorbachev-missile-defense"),
    }
    assert "no point both accept" in blocked[0].reason
    # Opening positions leave room to trade, yet every trade moving Gorbachev is ruled out.
    result = negotiation.exchanges(summit, stage="opening", rounds=1)
    assert result.infeasible > 0
    for trade in result.rounds[0].trades:
        assert "gorbachev" not in trade.leaders


def test_a_condition_that_can_be_met_blocks_nothing() -> None:
    """Without Reagan's bottom line on missile defence, nothing says SDI cannot be agreed."""
    summit = summitlib.examples.load("reykjavik-1986")
    reagan = summit.agenda("reagan")
    goals = tuple(
        attrs.evolve(g, bottom_line=None) if g.focus_area == "missile-defense" else g
        for g in reagan.goals
    )
    softened = attrs.evolve(
        summit, agendas=(attrs.evolve(reagan, goals=goals), *summit.agendas[1:])
    )
    assert negotiation.linkage(softened)[1] == ()
    assert negotiation.bargaining_input(softened).linkage.blocked == frozenset()


def test_a_package_of_two_areas_admits_only_their_trade() -> None:
    """A leader's two packaged goals move only in the exchange that trades exactly them."""
    a = Agenda(
        leader="a",
        vision="v",
        goals=(
            goal("a-x", "x", 0, 90, packaged_with=("a-y",)),
            goal("a-y", "y", 0, 20),
            goal("a-z", "z", 0, 40),
        ),
    )
    b = Agenda(
        leader="b",
        vision="v",
        goals=(goal("b-x", "x", 100, 20), goal("b-y", "y", 100, 90), goal("b-z", "z", 100, 60)),
    )
    linked = negotiation.exchanges(summit_of(a, b), rounds=1)
    unlinked_a = attrs.evolve(a, goals=tuple(attrs.evolve(g, packaged_with=()) for g in a.goals))
    free = negotiation.exchanges(summit_of(unlinked_a, b), rounds=1)
    assert free.infeasible == 0
    assert linked.infeasible > 0
    for trade in linked.rounds[0].trades:
        assert set(trade.areas) == {"x", "y"}
    assert free.rounds[0].candidates == linked.rounds[0].candidates + linked.infeasible


# --- exchanges and output ------------------------------------------------------------------


def test_exchanges_are_bounded_and_counted() -> None:
    """top bounds the trades kept per round; exchange_count counts all of them."""
    summit = summitlib.examples.load("yalta-1945")
    full = negotiation.exchanges(summit, rounds=2, top=100)
    short = negotiation.exchanges(summit, rounds=2, top=1)
    for long_round, short_round in zip(full.rounds, short.rounds, strict=True):
        assert long_round.exchange_count == len(long_round.trades) >= 2
        assert short_round.exchange_count == long_round.exchange_count
        assert short_round.trades == long_round.trades[:1]
    with pytest.raises(negotiation.NegotiationError, match="rounds"):
        negotiation.exchanges(summit, rounds=negotiation.MAX_ROUNDS + 1)
    with pytest.raises(negotiation.NegotiationError, match="top"):
        negotiation.exchanges(summit, top=-1)


def test_as_dict_has_the_documented_shape() -> None:
    """The JSON of both results has exactly the documented keys and no 'probability'."""
    summit = summitlib.examples.load("camp-david-1978")
    result = json.loads(json.dumps(negotiation.forecast(summit).as_dict()))
    assert set(result) == {
        "format",
        "summit",
        "stage",
        "parties",
        "not_bargaining",
        "capabilities",
        "areas",
        "mean_error",
        "linkage",
    }
    assert set(result["areas"][0]) == {
        "focus_area",
        "label",
        "forecast",
        "leaders",
        "below",
        "above",
        "at",
        "pivotal",
        "settled",
        "outcomes",
        "error",
    }
    assert set(result["areas"][0]["leaders"][0]) == {
        "leader",
        "position",
        "salience",
        "capability",
        "weight",
        "distance",
        "pull",
    }
    moves = json.loads(
        json.dumps(negotiation.exchanges(summitlib.examples.load("yalta-1945")).as_dict())
    )
    assert set(moves) == {
        "format",
        "summit",
        "stage",
        "top",
        "candidate_bound",
        "infeasible",
        "rounds",
    }
    first = moves["rounds"][0]
    assert set(first) == {
        "round",
        "candidates",
        "exchange_count",
        "shown",
        "exchanges",
        "forecast_before",
        "forecast_after",
    }
    assert set(first["exchanges"][0]) == {"gain", "moves"}
    assert set(first["exchanges"][0]["moves"][0]) == {
        "leader",
        "moves_on",
        "demands",
        "start",
        "before",
        "after",
        "move",
    }
    assert "probab" not in json.dumps([result, moves]).lower()


@settings(max_examples=int(os.environ.get("SUMMITLIB_PROPERTY_EXAMPLES", "60")))
@given(strategies.summits(max_leaders=4, max_text_size=4))
def test_any_valid_summit_can_be_analysed(summit: Summit) -> None:
    """Every valid summit gets a forecast inside its parties' positions, and exchanges."""
    result = negotiation.forecast(summit)
    for area in result.areas:
        if area.position is not None:
            positions = [place.position for place in area.leaders if place.weight > 0]
            assert min(positions) - 1e-9 <= area.position <= max(positions) + 1e-9
            assert math.isclose(sum(p.pull for p in area.leaders), 0, abs_tol=1e-9)
    json.dumps(result.as_dict())
    json.dumps(negotiation.exchanges(summit, rounds=1, top=3).as_dict())


# --- decide --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", PUBLISHED, ids=lambda p: p.stem)
def test_the_published_data_sets_round_trip_through_a_document(path: Path, tmp_path: Path) -> None:
    """decide file → summit → JSON → summit → decide file gives the same bytes back."""
    summit = negotiation.from_decide(path)
    assert summitlib.validate(summitlib.dumps(summit)).ok
    document = tmp_path / "data.json"
    summitlib.dump(summit, document)
    target = tmp_path / "back.csv"
    negotiation.to_decide(summitlib.load(document), target)
    assert target.read_bytes() == path.read_bytes()


@pytest.mark.parametrize("path", PUBLISHED, ids=lambda p: p.stem)
def test_the_document_gives_the_reference_models_results(path: Path) -> None:
    """Converted, a published data set gives the engine's forecast and round-1 exchanges."""
    data = decide.load_decide(path).input
    summit = summitlib.loads(summitlib.dumps(negotiation.from_decide(path)))
    ids = {
        identifier.identifier: leader.id
        for leader in summit.leaders
        for identifier in leader.identifiers
    }
    areas = {negotiation.slugify(issue.id): issue.id for issue in data.issues}
    expected = bargaining.nash_forecast(data).positions()
    got = negotiation.forecast(summit)
    assert {areas[a.focus_area]: a.position for a in got.areas} == pytest.approx(expected, abs=1e-9)
    reference = bargaining.exchange_model(data, rounds=1, top=50).rounds[0]
    ours = negotiation.exchanges(summit, rounds=1, top=50).rounds[0]
    assert ours.exchange_count == reference.exchange_count
    for trade, exchange in zip(ours.trades, reference.exchanges, strict=True):
        assert trade.leaders == (ids[exchange.i.actor], ids[exchange.j.actor])
        assert tuple(areas[a] for a in trade.areas) == exchange.issues
        assert trade.gain == pytest.approx(exchange.gain, abs=1e-6)
        assert trade.first.move == pytest.approx(exchange.i.move, abs=1e-6)


def test_actor_ids_become_unique_slugs_and_come_back() -> None:
    """'EU (incl Norway)' becomes eu-incl-norway named as before; colliding slugs stay apart."""
    text = (
        "'#A'\t'EU (incl Norway)'\t'EU (incl Norway)'\t''\n"
        "'#A'\t'usa'\t'usa'\t''\n"
        "'#A'\t'USA'\t'United States'\t''\n"
        "'#P'\t'x'\t'x'\t''\n"
        "'#D'\t'EU (incl Norway)'\t'x'\t40.0\t0.5\t1.0\n"
        "'#D'\t'usa'\t'x'\t60.0\t0.25\t2.0\n"
        "'#D'\t'USA'\t'x'\t70.0\t0.07\t3.0\n"
    )
    data = decide.loads_decide(text).input
    summit = negotiation.summit_from_bargaining(data)
    assert [leader.id for leader in summit.leaders] == ["eu-incl-norway", "usa", "usa-2"]
    assert [leader.name for leader in summit.leaders] == [
        "EU (incl Norway)",
        "usa",
        "United States",
    ]
    assert summitlib.validate(summitlib.dumps(summit)).ok
    back = negotiation.to_decide(summitlib.loads(summitlib.dumps(summit)))
    assert decide.loads_decide(back).input.actor_issues == data.actor_issues
    assert [a.id for a in decide.loads_decide(back).input.actors] == [
        "EU (incl Norway)",
        "usa",
        "USA",
    ]


def test_a_decide_scale_other_than_0_to_100_is_rescaled() -> None:
    """Positions on a decide scale of -10 to 10 are taken to 0–100, with the anchors' meanings."""
    text = (
        "'#A'\t'a'\t'a'\t''\n'#A'\t'b'\t'b'\t''\n"
        "'#P'\t'x'\t'x'\t''\n'#M'\t'x'\t-10\t'none'\n'#M'\t'x'\t10\t'all'\n"
        "'#D'\t'a'\t'x'\t-5.0\t0.5\t1.0\n'#D'\t'b'\t'x'\t10.0\t0.5\t1.0\n"
    )
    data = decide.loads_decide(text).input
    summit = negotiation.summit_from_bargaining(data)
    assert [g.position for a in summit.agendas for g in a.goals] == [25.0, 100.0]
    assert summit.focus_areas[0].scale is not None
    assert summit.focus_areas[0].scale.low == "none"
    assert negotiation.forecast(summit).areas[0].position == pytest.approx(
        bargaining.nash_forecast(data).issues[0].position
    )


def test_from_decide_names_the_file_and_line_of_an_error(tmp_path: Path) -> None:
    """A broken decide file is a DecideFormatError naming where, not a traceback."""
    bad = tmp_path / "bad.csv"
    bad.write_text("'#A'\t'a'\t'a'\n'#D'\t'a'\t'nowhere'\t1\t1\t1\n", encoding="utf-8")
    with pytest.raises(decide.DecideFormatError, match=r"bad\.csv:2"):
        negotiation.from_decide(bad)


# --- the commands ----------------------------------------------------------------------------


def _run(*argv: str) -> tuple[int, str, str]:
    import io

    from summitlib import cli

    out, err = io.StringIO(), io.StringIO()
    code = cli.run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_forecast_command_prints_json_text_and_markdown() -> None:
    """The forecast command's three formats, and its usage errors."""
    path = str(summitlib.examples.path("yalta-1945"))
    code, out, err = _run("forecast", path, "--rounds", "2", "--top", "1", "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    summit = summitlib.examples.load("yalta-1945")
    assert data["forecast"] == json.loads(json.dumps(negotiation.forecast(summit).as_dict()))
    assert [len(r["exchanges"]) for r in data["exchanges"]["rounds"]] == [1, 1]
    code, out, _ = _run("forecast", path, "--format", "markdown")
    assert code == 0
    assert out.startswith("# Forecast\n")
    code, out, _ = _run("forecast", path)
    assert out.startswith("Forecast\n========\n")
    assert _run("forecast", path, "--rounds", "-1")[0] == 2
    assert _run("forecast", path, "--top", "-1")[0] == 2
    assert _run("forecast", path, "--format", "yaml")[0] == 2
    code, out, err = _run("forecast", "does-not-exist.json")
    assert code == 2
    assert "does-not-exist.json" in err


def test_forecast_escapes_what_it_prints(tmp_path: Path) -> None:
    """A leader's name with terminal escapes is printed escaped, as every command does."""
    data = summitlib.unstructure(summitlib.examples.load("yalta-1945"))
    data["leaders"][0]["short_name"] = "Sta\x1b]0;owned\x07lin"
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = _run("forecast", str(path))
    assert (code, err) == (0, "")
    assert "\x1b" not in out
    assert "\\x1b" in out


def test_convert_command_both_ways(tmp_path: Path) -> None:
    """decide → summit → decide through the command gives the published file back."""
    source = PUBLISHED[0]
    document = tmp_path / "data.json"
    code, out, err = _run("convert", str(source), "--from", "decide", "-o", str(document))
    assert (code, out) == (0, "")
    assert "no dates or place" in err
    assert summitlib.validate(document.read_text(encoding="utf-8")).ok
    back = tmp_path / "back.csv"
    code, out, err = _run("convert", str(document), "--to", "decide", "-o", str(back))
    assert (code, out) == (0, "")
    note = (
        "a decide file has no place for the dates, the place, goal titles and details: not written"
    )
    assert err == f"{document}: note: {note}\n"
    assert back.read_bytes() == source.read_bytes()
    # Roles and linkage are named when left out.
    camp = str(summitlib.examples.path("camp-david-1978"))
    code, out, err = _run("convert", camp, "--to", "decide")
    assert code == 0
    assert "carter (mediator)" in err
    assert "no linkage" in err
    assert "the summary, goal titles and details, tactics" in err
    assert "'carter'" not in out
    assert _run("convert", camp, "--from", "summit", "--to", "summit")[0] == 2
    assert _run("convert", camp, "--to", "yaml")[0] == 2


def test_convert_names_goals_it_cannot_place() -> None:
    """Goals without a position have no decide row: each is named, nothing is lost silently."""
    code, _, err = _run("convert", str(summitlib.examples.path("alaska-2025")), "--to", "decide")
    assert code == 0
    assert "goals without a position are not written (3): arctic-resource-access" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and /dev/zero are POSIX")
def test_decide_files_are_read_with_the_bounded_reader(tmp_path: Path) -> None:
    """A device or a FIFO is refused without reading or waiting, from Python and from
    `convert`; a file over the size limit is refused unread; stdin is read as a file is."""
    from summitlib.errors import NotRegularFileError

    with pytest.raises(NotRegularFileError):
        decide.load_decide("/dev/zero")
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    for name in ("/dev/zero", str(fifo)):
        code, out, err = _run("convert", name, "--from", "decide")
        assert (code, out) == (2, "")
        assert err == f"{name}: error: cannot read: not a regular file\n"
    big = tmp_path / "big.csv"
    with open(big, "wb") as handle:
        handle.truncate(summitlib._json.MAX_DOCUMENT_BYTES + 1)
    code, _, err = _run("convert", str(big))
    assert code == 1
    assert "[too-large]" in err
    import io

    from summitlib import cli

    out, err_stream = io.StringIO(), io.StringIO()
    stdin = io.BytesIO(PUBLISHED[0].read_bytes())
    assert cli.run(["convert", "-", "--from", "decide"], out, err_stream, stdin) == 0
    from_stdin = summitlib.loads(out.getvalue())
    assert from_stdin.id == "stdin"
    assert from_stdin.leaders == negotiation.from_decide(PUBLISHED[0]).leaders


def test_convert_command_reports_a_broken_decide_file(tmp_path: Path) -> None:
    """A decide file with an error gives exit 1 and the file and line, no traceback."""
    bad = tmp_path / "bad.csv"
    bad.write_text("'#A'\t'a'\t'a'\n'#D'\t'b'\t'x'\t1\t1\t1\n", encoding="utf-8")
    code, out, err = _run("convert", str(bad))
    assert (code, out) == (1, "")
    assert err.startswith(f"{bad}:2: error: ")
    assert _run("convert", str(tmp_path / "missing.csv"))[0] == 2


# --- the evaluation ------------------------------------------------------------------------


def test_the_evaluation_runs_and_its_report_is_current(tmp_path: Path) -> None:
    """benchmarks/evaluate.py runs, and benchmarks/EVALUATION.md is what it writes today."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, str(root / "benchmarks" / "evaluate.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    text = (root / "benchmarks" / "EVALUATION.md").read_text(encoding="utf-8")
    assert "few and hand-coded" in text
    for name in ("camp-david-1978", "woodside-2023", "yalta-1945"):
        assert name in text


# --- pivotal, blocked wording, convergence -------------------------------------------------


def test_no_pivotal_party_with_fewer_than_three_parties() -> None:
    """Two parties' pulls are equal and opposite: pivotal is None there, in JSON null, with
    the reason; three parties off the forecast have one."""
    alaska = negotiation.forecast(summitlib.examples.load("alaska-2025"))
    for area in alaska.areas:
        assert len(area.leaders) == 2
        assert area.pivotal is None
        assert area.no_pivotal_reason == "fewer than three parties take a position"
    assert all(
        area["pivotal"] is None for area in json.loads(json.dumps(alaska.as_dict()))["areas"]
    )
    three = summit_of(
        Agenda(
            leader="a", vision="v", goals=(Goal(id="a1", focus_area="x", title="A", position=10),)
        ),
        Agenda(
            leader="b", vision="v", goals=(Goal(id="b1", focus_area="x", title="B", position=50),)
        ),
        Agenda(
            leader="c", vision="v", goals=(Goal(id="c1", focus_area="x", title="C", position=95),)
        ),
    )
    (area,) = negotiation.forecast(three).areas
    assert area.pivotal == "c"  # forecast 51.67: c's pull 14.44 beats a's -13.89
    assert area.no_pivotal_reason is None
    agreed = summit_of(
        *(
            Agenda(
                leader=x,
                vision="v",
                goals=(Goal(id=f"{x}1", focus_area="x", title=x, position=50),),
            )
            for x in "abc"
        )
    )
    (area,) = negotiation.forecast(agreed).areas
    assert (area.pivotal, area.no_pivotal_reason) == (None, "every party stands on the forecast")


def test_a_blocked_stance_is_described_with_titles_names_and_labels() -> None:
    """describe() names what the ids stand for; the JSON keeps the ids and adds the rival."""
    summit = summitlib.examples.load("reykjavik-1986")
    _, blocked = negotiation.linkage(summit)
    text = blocked[0].describe(summit)
    assert text == (
        "Gorbachev does not move on Strategic offensive arms: Gorbachev's “Deep cuts, as part "
        "of the package” holds only if Gorbachev's “SDI back in the laboratory” is met, and it "
        "cannot be: on SDI and the ABM Treaty, Gorbachev accepts only 95 and Reagan only 45 "
        "(“Keep SDI”), so no point both accept"
    )
    data = blocked[0].as_dict()
    assert (data["goal"], data["condition"], data["rival"]) == (
        "gorbachev-strategic-arms",
        "gorbachev-missile-defense",
        "reagan-missile-defense",
    )
    assert (data["accepts"], data["rival_accepts"]) == ([95.0, 95.0], [45.0, 45.0])
    assert json.loads(json.dumps(data)) == data


def test_a_range_and_an_unknown_goal_are_described_too() -> None:
    """A bottom line short of the position gives a range; an id the summit lacks stays."""
    blocked = negotiation.Blocked(
        leader="a",
        focus_area="y",
        goal="a2",
        condition="a1",
        reason="r",
        rival="b1",
        accepts=(60.0, 100.0),
        rival_accepts=(0.0, 40.0),
    )
    summit = summit_of(
        Agenda(leader="a", vision="v", goals=(Goal(id="a1", focus_area="x", title="A one"),)),
        Agenda(leader="b", vision="v", goals=(Goal(id="b1", focus_area="x", title="B one"),)),
    )
    assert blocked.describe(summit) == (
        "a does not move on y: a2 holds only if a's “A one” is met, and it cannot be: on X, a "
        "accepts 60–100 and b 0–40 (“B one”), so no point both accept"
    )


def test_the_round_the_model_converges_at() -> None:
    """converged is the first round that makes no exchange; later rounds repeat it."""
    camp = negotiation.exchanges(summitlib.examples.load("camp-david-1978"))
    assert (camp.converged, camp.active_rounds, camp.infeasible) == (1, (), 3)
    assert camp.convergence_note() == (
        "No exchange is possible: linkage rules out the 1 that would otherwise be a candidate."
    )
    reykjavik = negotiation.exchanges(summitlib.examples.load("reykjavik-1986"))
    assert reykjavik.convergence_note() == "No exchange is possible."
    alaska = negotiation.exchanges(summitlib.examples.load("alaska-2025"))
    assert alaska.converged is None
    assert alaska.convergence_note() is None
    quiet = attrs.evolve(alaska.rounds[1], exchange_count=0, candidates=0, trades=())
    later = attrs.evolve(alaska, rounds=(alaska.rounds[0], quiet, alaska.rounds[2]))
    assert later.converged == 2
    assert later.convergence_note() == (
        "No exchange is possible after round 1: round 2 finds none, and the positions no "
        "longer change."
    )
