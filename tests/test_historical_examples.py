"""The historical examples of format 1.1 hold the facts they were written to show.

Read with the standard library only, so the checks do not depend on the model that
loads them: the structure is what the public record says, whatever the library does.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
HISTORICAL = (
    "reykjavik-1986.json",
    "camp-david-1978.json",
    "yalta-1945.json",
    "woodside-2023.json",
)
#: ISO 3166-3 codes of former countries, as the 1.1 format takes them.
FORMER_COUNTRIES = {"SUHH", "DDDE", "YUCS", "CSHH"}
CONFIDENCES = {"stated", "reported", "inferred"}


def _load(name: str) -> dict[str, Any]:
    data = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _goals(summit: dict[str, Any]) -> list[dict[str, Any]]:
    return [goal for agenda in summit.get("agendas", []) for goal in agenda.get("goals", [])]


def _leaders(summit: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {leader["id"]: leader for leader in summit["leaders"]}


def _citations(value: Any) -> list[dict[str, Any]]:
    """Every citation anywhere in *value*, found by walking the whole document."""
    found: list[dict[str, Any]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "citations":
                found.extend(item)
            found.extend(_citations(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(_citations(item))
    return found


@pytest.fixture(params=HISTORICAL)
def summit(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Each historical example, parsed."""
    return _load(request.param)


@pytest.mark.parametrize("name", HISTORICAL)
def test_file_is_canonical_json(name: str) -> None:
    """Two-space indent, UTF-8 without escapes, one final newline, no duplicate keys."""
    text = (EXAMPLES / name).read_text(encoding="utf-8")

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _ in pairs]
        assert len(keys) == len(set(keys)), keys
        return dict(pairs)

    data = json.loads(text, object_pairs_hook=no_duplicates)
    assert text == json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    assert data["id"] == name.removesuffix(".json")


def test_every_example_is_format_1_1_and_held(summit: dict[str, Any]) -> None:
    """The examples use the 1.1 keys, so they must say 1.1."""
    assert summit["schema_version"] == "1.1"
    assert summit["status"] == "held"
    assert summit["result"] in {"agreement", "partial-agreement", "no-agreement"}


def test_every_source_has_a_url_publisher_and_date(summit: dict[str, Any]) -> None:
    """Real examples cite checkable public sources."""
    assert summit["sources"]
    for source in summit["sources"]:
        assert re.fullmatch(r"https?://\S+", source["url"]), source["id"]
        assert source["publisher"].strip(), source["id"]
        assert re.fullmatch(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", source["published"]), source["id"]


def test_every_source_is_cited_and_every_citation_resolves(summit: dict[str, Any]) -> None:
    """No dead sources, and no citation of a source that is not listed."""
    ids = {source["id"] for source in summit["sources"]}
    by_id = [
        source
        for agenda in summit["agendas"]
        for record in (*agenda.get("goals", []), *agenda.get("tactics", []))
        for source in record.get("sources", [])
    ]
    pinpointed = [citation["source"] for citation in _citations(summit)]
    assert set(by_id) <= ids
    assert set(pinpointed) <= ids
    assert ids <= set(by_id)  # the 1.0 readers still see every source cited
    for citation in _citations(summit):
        assert citation.get("page", 1) >= 1, citation


def test_every_goal_is_rated_and_explained(summit: dict[str, Any]) -> None:
    """Explicit confidence; details say how position and salience were judged."""
    for goal in _goals(summit):
        assert goal["confidence"] in CONFIDENCES, goal["id"]
        notes = " ".join(goal["details"])
        assert goal["details"], goal["id"]
        if "position" in goal:
            assert f"Position {goal['position']:g}" in notes, goal["id"]
        if "salience" in goal:
            assert f"Salience {goal['salience']:g}" in notes, goal["id"]
        if goal["confidence"] == "inferred":
            assert "(inferred)" in notes, goal["id"]
        if "capability" in goal:
            assert f"Capability {goal['capability']:g}" in notes, goal["id"]


def test_focus_areas_have_scales_and_goals_stay_on_them(summit: dict[str, Any]) -> None:
    """Positions, positions over time and bottom lines need a scale, and lie on 0-100."""
    areas = {area["id"]: area for area in summit["focus_areas"]}
    for area in areas.values():
        assert area["scale"]["low"].strip(), area["id"]
        assert area["scale"]["high"].strip(), area["id"]
    for goal in _goals(summit):
        assert goal["focus_area"] in areas, goal["id"]
        values = [goal.get("position"), goal.get("bottom_line")]
        values += [step["value"] for step in goal.get("positions", [])]
        assert all(0 <= value <= 100 for value in values if value is not None), goal["id"]


def test_links_and_references_resolve(summit: dict[str, Any]) -> None:
    """Linked goals exist, signatories and speakers are leaders, settled areas exist."""
    goal_ids = {goal["id"] for goal in _goals(summit)}
    leaders = _leaders(summit)
    areas = {area["id"] for area in summit["focus_areas"]}
    for goal in _goals(summit):
        for linked in (*goal.get("conditional_on", []), *goal.get("packaged_with", [])):
            assert linked in goal_ids, (goal["id"], linked)
            assert linked != goal["id"], linked
    for outcome in summit.get("outcomes", []):
        assert set(outcome.get("signatories", [])) <= set(leaders), outcome["id"]
        assert {s["focus_area"] for s in outcome.get("settles", [])} <= areas, outcome["id"]
    for quote in summit.get("quotes", []):
        assert quote["speaker"] in leaders
        assert quote["citations"], quote["text"]
    assert {agenda["leader"] for agenda in summit["agendas"]} <= set(leaders)


def test_final_positions_fall_within_the_summit(summit: dict[str, Any]) -> None:
    """A final position is dated on a day of the summit."""
    start = summit["start_date"]
    end = summit.get("end_date", start)
    for goal in _goals(summit):
        for step in goal.get("positions", []):
            if step["stage"] == "final":
                assert start <= step["date"] <= end, goal["id"]


def test_every_leader_has_a_country_and_a_role(summit: dict[str, Any]) -> None:
    """Leaders of states carry a current or a former country code."""
    for leader in summit["leaders"]:
        country = leader["country"]
        assert re.fullmatch(r"[A-Z]{2}", country) or country in FORMER_COUNTRIES, leader["id"]
        assert leader.get("participation", "party") in {"party", "mediator", "host", "observer"}
        assert 0 <= leader.get("capability", 0) <= 100


def test_reykjavik_ended_without_agreement_over_sdi() -> None:
    """A Soviet leader, no agreement, and Gorbachev's cuts hanging on the SDI restriction."""
    summit = _load("reykjavik-1986.json")
    assert _leaders(summit)["gorbachev"]["country"] == "SUHH"
    assert summit["result"] == "no-agreement"
    assert not any(o.get("signatories") for o in summit.get("outcomes", []))
    goals = {goal["id"]: goal for goal in _goals(summit)}
    cuts = goals["gorbachev-strategic-arms"]
    assert "gorbachev-missile-defense" in cuts["conditional_on"]
    assert "gorbachev-missile-defense" in cuts["packaged_with"]
    stages = [step["stage"] for step in cuts["positions"]]
    assert stages[0] == "opening"
    assert stages[-1] == "final"
    # The blocking issue: far apart at the end, each at his bottom line.
    reagan, gorbachev = goals["reagan-missile-defense"], goals["gorbachev-missile-defense"]
    assert gorbachev["position"] - reagan["position"] >= 40
    assert reagan["position"] == reagan["bottom_line"]
    assert gorbachev["position"] == gorbachev["bottom_line"]


def test_camp_david_was_mediated_and_signed() -> None:
    """Carter mediates; the two frameworks are signed by Sadat and Begin and published."""
    summit = _load("camp-david-1978.json")
    leaders = _leaders(summit)
    assert leaders["carter"]["participation"] == "mediator"
    assert {leaders[n].get("participation", "party") for n in ("begin", "sadat")} == {"party"}
    assert summit["result"] == "agreement"
    signed = [o for o in summit["outcomes"] if o.get("signatories")]
    assert len(signed) == 2
    for outcome in signed:
        assert set(outcome["signatories"]) == {"sadat", "begin"}
        assert outcome["published"] is True
        assert outcome["date"] == summit["end_date"]
        assert any("position" in settled for settled in outcome["settles"])
    goals = {goal["id"]: goal for goal in _goals(summit)}
    assert "sadat-sinai" in goals["sadat-peace-relations"]["conditional_on"]
    assert "sadat-palestinian-autonomy" in goals["sadat-peace-relations"]["packaged_with"]


def test_yalta_had_three_leaders_and_a_secret_agreement() -> None:
    """Three leaders, Stalin for a former state, published and unpublished outcomes."""
    summit = _load("yalta-1945.json")
    leaders = _leaders(summit)
    assert len(leaders) >= 3
    assert leaders["stalin"]["country"] == "SUHH"
    outcomes = {outcome["id"]: outcome for outcome in summit["outcomes"]}
    assert outcomes["declaration-liberated-europe"]["published"] is True
    assert outcomes["agreement-regarding-japan"]["published"] is False
    assert set(outcomes["agreement-regarding-japan"]["signatories"]) == set(leaders)
    assert "country" not in summit["location"]


def test_woodside_ended_in_readouts_not_a_treaty() -> None:
    """A partial agreement recorded in each side's readout, settling the three deliverables."""
    summit = _load("woodside-2023.json")
    assert summit["result"] == "partial-agreement"
    kinds = {outcome["kind"] for outcome in summit["outcomes"]}
    assert kinds == {"readout"}
    settled = {s["focus_area"] for o in summit["outcomes"] for s in o["settles"]}
    assert settled == {"military-communication", "counternarcotics", "artificial-intelligence"}
    assert "taiwan" not in settled
