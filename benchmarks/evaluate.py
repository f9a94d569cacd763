"""Evaluate the forecast and the exchange model against what the example summits settled.

Writes benchmarks/EVALUATION.md (``--check`` only compares and exits 1 if it is stale)::

    python benchmarks/evaluate.py            # write the file
    python benchmarks/evaluate.py --check    # is it current?

Every example with an outcome that settles a focus area at a position is used. For each
such area the forecast error ``|forecast − settled|`` is measured for:

* the **forecast** (the Nash bargaining solution) from the goals' headline positions, and
  from their opening positions where recorded (``stage="opening"``);
* the forecast **after round 1** of the exchange model (headline positions);
* baseline **midpoint**: halfway between the lowest and the highest party position;
* baseline **more capable**: the position of the party with the largest capability in the
  area (on a tie, the mean of the tied parties' positions).

Trades. An outcome *records a trade* between parties ``i`` and ``j`` on areas ``p`` and
``q`` (both settled at a position, both parties with a position on both) when the
settlement of ``p`` lies strictly nearer ``i``'s position than ``j``'s — ``j`` gave way on
``p`` — and that of ``q`` strictly nearer ``j``'s than ``i``'s — ``i`` gave way on ``q``.
Positions are the opening ones where recorded, else the headline ones: what each side
brought. A round-1 exchange of the model *matches* when the same two parties give way on
the same two areas (each on the area the record says). The *more capable* baseline
predicts that the less capable party gives way on every area, so it predicts a trade
wherever each of two parties is the more capable on one of two areas; the midpoint
predicts no one gives way, so it never predicts a trade.
"""

from __future__ import annotations

import argparse
import itertools
import math
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import summitlib
from summitlib import negotiation
from summitlib.model import Summit

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "benchmarks" / "EVALUATION.md"

Give = tuple[str, str]  # (leader who gives way, area)


def _positions(summit: Summit, stage: negotiation.PositionStage) -> dict[str, dict[str, float]]:
    data = negotiation.bargaining_input(summit, stage=stage)
    parties = {actor.id for actor in data.actors if actor.bargains}
    found: dict[str, dict[str, float]] = {}
    for stance in data.actor_issues:
        if stance.actor in parties:
            found.setdefault(stance.issue, {})[stance.actor] = stance.position
    return found


def _capabilities(summit: Summit) -> dict[str, dict[str, float]]:
    data = negotiation.bargaining_input(summit)
    parties = {actor.id for actor in data.actors if actor.bargains}
    found: dict[str, dict[str, float]] = {}
    for stance in data.actor_issues:
        if stance.actor in parties:
            found.setdefault(stance.issue, {})[stance.actor] = data.capability_of(stance)
    return found


def midpoint(positions: dict[str, float]) -> float:
    """Halfway between the lowest and the highest position."""
    return (min(positions.values()) + max(positions.values())) / 2


def more_capable(positions: dict[str, float], capabilities: dict[str, float]) -> float:
    """The position of the most capable party; the mean of the tied ones on a tie."""
    top = max(capabilities[leader] for leader in positions)
    tied = [positions[leader] for leader in positions if capabilities[leader] == top]
    return math.fsum(tied) / len(tied)


def recorded_trades(
    positions: dict[str, dict[str, float]], settled: dict[str, float], parties: Sequence[str]
) -> set[frozenset[Give]]:
    """The trades the outcome records (see the module's docstring)."""
    areas = [area for area in settled if area in positions]
    trades: set[frozenset[Give]] = set()
    for i, j in itertools.permutations(parties, 2):
        for p, q in itertools.permutations(areas, 2):
            x = positions
            if not all(leader in x[area] for leader in (i, j) for area in (p, q)):
                continue
            j_gives_p = abs(settled[p] - x[p][i]) < abs(settled[p] - x[p][j])
            i_gives_q = abs(settled[q] - x[q][j]) < abs(settled[q] - x[q][i])
            if j_gives_p and i_gives_q:
                trades.add(frozenset({(j, p), (i, q)}))
    return trades


def capable_trades(
    positions: dict[str, dict[str, float]],
    capabilities: dict[str, dict[str, float]],
    settled: Iterable[str],
    parties: Sequence[str],
) -> set[frozenset[Give]]:
    """The trades the more-capable baseline predicts: each of two parties prevails once."""
    areas = [area for area in settled if area in positions]
    trades: set[frozenset[Give]] = set()
    for i, j in itertools.permutations(parties, 2):
        for p, q in itertools.permutations(areas, 2):
            if not all(leader in positions[area] for leader in (i, j) for area in (p, q)):
                continue
            if positions[p][i] == positions[p][j] or positions[q][i] == positions[q][j]:
                continue
            c = capabilities
            if c[p][i] > c[p][j] and c[q][j] > c[q][i]:
                trades.add(frozenset({(j, p), (i, q)}))
    return trades


def _model_trades(summit: Summit, settled: Iterable[str]) -> tuple[set[frozenset[Give]], int]:
    """Round-1 exchanges on settled areas as gives, and how many exchanges round 1 made."""
    keep = set(settled)
    result = negotiation.exchanges(summit, rounds=1, top=10_000)
    gives: set[frozenset[Give]] = set()
    made = 0
    for item in result.rounds:
        made = item.exchange_count
        for trade in item.trades:
            if {trade.first.moves_on, trade.second.moves_on} <= keep:
                gives.add(
                    frozenset(
                        {
                            (trade.first.leader, trade.first.moves_on),
                            (trade.second.leader, trade.second.moves_on),
                        }
                    )
                )
    return gives, made


def _f(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _describe(trades: Iterable[frozenset[Give]], labels: dict[str, str]) -> str:
    items = []
    for trade in sorted(trades, key=lambda t: sorted(t)):
        items.append(
            " ↔ ".join(
                f"{leader} gives way on {labels.get(area, area)}" for leader, area in sorted(trade)
            )
        )
    return "; ".join(items) or "none"


def evaluate() -> str:
    """The text of EVALUATION.md, computed from the examples now."""
    names = summitlib.examples.names()
    rows: list[tuple[str, ...]] = []
    errors: dict[str, list[float]] = {
        "forecast": [],
        "opening": [],
        "round1": [],
        "midpoint": [],
        "capable": [],
    }
    trade_rows: list[tuple[str, ...]] = []
    totals = {"model": 0, "recorded": 0, "matched": 0, "capable": 0, "capable_matched": 0}
    used: list[str] = []
    skipped: list[str] = []
    for name in names:
        summit = summitlib.examples.load(name)
        settled = {
            area: value for area, (value, _) in negotiation.settled_positions(summit).items()
        }
        if not settled:
            skipped.append(name)
            continue
        used.append(name)
        labels = {area.id: area.label for area in summit.focus_areas}
        headline = negotiation.forecast(summit)
        opening = negotiation.forecast(summit, stage="opening")
        after = negotiation.exchanges(summit, rounds=1).rounds[0].forecast_after
        positions = _positions(summit, "headline")
        capabilities = _capabilities(summit)
        for area, value in settled.items():
            if area not in positions or len(positions[area]) < 2:
                continue
            values = {
                "forecast": headline.area(area).position,
                "opening": opening.area(area).position,
                "round1": after.get(area),
                "midpoint": midpoint(positions[area]),
                "capable": more_capable(positions[area], capabilities[area]),
            }
            for key, predicted in values.items():
                if predicted is not None:
                    errors[key].append(abs(predicted - value))
            rows.append(
                (
                    name,
                    labels.get(area, area),
                    _f(value, 0),
                    *(
                        f"{_f(v)} ({_f(None if v is None else abs(v - value))})"
                        for v in values.values()
                    ),
                )
            )
        parties = list(headline.parties)
        brought = _positions(summit, "opening")
        recorded = recorded_trades(brought, settled, parties)
        model, made = _model_trades(summit, settled)
        capable = capable_trades(brought, capabilities, settled, parties)
        matched = model & recorded
        totals["model"] += len(model)
        totals["recorded"] += len(recorded)
        totals["matched"] += len(matched)
        totals["capable"] += len(capable)
        totals["capable_matched"] += len(capable & recorded)
        trade_rows.append(
            (
                name,
                _describe(recorded, labels),
                f"{_describe(model, labels)} (of {made} made)",
                str(len(matched)),
                _describe(capable, labels),
                str(len(capable & recorded)),
            )
        )

    def mean(key: str) -> str:
        values = errors[key]
        return f"{math.fsum(values) / len(values):.2f}" if values else "—"

    def ratio(a: int, b: int) -> str:
        return f"{a} of {b}" if b else "0 of 0"

    lines = [
        "# Evaluation: forecast and exchanges against what the summits settled",
        "",
        "<!-- Generated by benchmarks/evaluate.py; do not edit. "
        "tests/test_negotiation.py checks it is current. -->",
        "",
        "**Read with care.** The examples are few and hand-coded: positions, saliences,"
        " capabilities and settled positions are one analyst's reading of the sources on"
        " coarse steps of 5, and the same analyst coded the outcomes. The numbers below say"
        " how the models behave on these documents, not how well they predict summits.",
        "",
        f"Examples with an outcome that settles an area at a position: {', '.join(used)}."
        f" Without one (not evaluated): {', '.join(skipped)}.",
        "",
        "## Forecast error per settled area",
        "",
        "Each cell: the predicted position (its absolute error against the settled position),"
        " on the area's 0–100 scale. *Forecast*: the Nash bargaining solution on the goals'"
        " headline positions; *opening*: on the opening positions where recorded; *round 1*:"
        " the forecast after one round of the exchange model; *midpoint*: halfway between"
        " the outermost party positions; *more capable*: the most capable party's position.",
        "",
        "| Summit | Focus area | Settled | Forecast | Opening | Round 1 | Midpoint"
        " | More capable |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
        *("| " + " | ".join(row) + " |" for row in rows),
        "",
        f"Mean absolute error over {len(rows)} areas: forecast {mean('forecast')}, opening"
        f" {mean('opening')}, round 1 {mean('round1')}, midpoint {mean('midpoint')}, more"
        f" capable {mean('capable')}.",
        "",
        "The headline positions of the 1.1 examples are the final positions where the"
        " documents record stages, so the *forecast* column partly sees the end of the"
        " negotiation; the *opening* column does not.",
        "",
        "## Round-1 trades against the trades the outcomes record",
        "",
        "An outcome records a trade between two parties on two settled areas when each area"
        " settled strictly nearer one party's position (opening, else headline) than the"
        " other's, a different party on each: each gave way on one area. A round-1 exchange"
        " matches when the same parties give way on the same areas. Only exchanges between"
        " two settled areas can match.",
        "",
        "| Summit | Recorded | Exchange model, round 1 | Matched | More capable baseline"
        " | Matched |",
        "|---|---|---|---:|---|---:|",
        *("| " + " | ".join(row) + " |" for row in trade_rows),
        "",
        f"Exchange model: {ratio(totals['matched'], totals['model'])} round-1 trades on settled"
        f" areas match a recorded trade; {ratio(totals['matched'], totals['recorded'])} recorded"
        f" trades are found. More capable baseline:"
        f" {ratio(totals['capable_matched'], totals['capable'])} predicted trades match;"
        f" {ratio(totals['capable_matched'], totals['recorded'])} recorded trades found."
        " The midpoint baseline predicts no trade.",
        "",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Write EVALUATION.md, or with ``--check`` report whether it is current."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    args = parser.parse_args(argv)
    text = evaluate()
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            sys.stderr.write(f"{TARGET} is out of date: run python benchmarks/evaluate.py\n")
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
