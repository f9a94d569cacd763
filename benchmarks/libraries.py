"""Side by side in one process: summitlib against fast, fair pydantic and msgspec peers.

Every table compares contenders on the same bytes in the same run. Each round runs every
contender once, in an order that rotates from round to round, so drift in the machine's
speed falls on all of them alike; the clock is ``time.process_time()`` (CPU time). A
ratio is the median over the rounds of that round's ratio, not a ratio of medians.

    python benchmarks/libraries.py [--rounds 21] [--quick] [--out FILE]
"""

from __future__ import annotations

import argparse
import copy
import gc
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

sys.path.insert(0, str(Path(__file__).parent))

import generate
import peers

import summitlib
from summitlib import _json

#: Shortest time one sample should take, in seconds, so timer resolution does not matter.
MIN_SAMPLE = 0.02

Ops = dict[str, Callable[[], object]]


def _calls_per_sample(op: Callable[[], object]) -> int:
    start = time.process_time()
    op()
    once = time.process_time() - start
    return max(1, int(MIN_SAMPLE / max(once, 1e-7)))


def rounds_of(ops: Ops, rounds: int) -> dict[str, list[float]]:
    """Return, for each contender, its seconds per call in each round (interleaved)."""
    for op in ops.values():  # warm up caches and lazily built code
        op()
    calls = {name: _calls_per_sample(op) for name, op in ops.items()}
    samples: dict[str, list[float]] = {name: [] for name in ops}
    names = list(ops)
    for round_number in range(rounds):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            op, n = ops[name], calls[name]
            gc.collect()  # each sample starts from the same heap, whoever ran before
            start = time.process_time()
            for _ in range(n):
                op()
            samples[name].append((time.process_time() - start) / n)
    return samples


def median(values: list[float]) -> float:
    """The median of *values*."""
    return statistics.median(values)


def ratio(samples: dict[str, list[float]], top: str, bottom: str) -> float:
    """The median over rounds of ``top / bottom`` in the same round."""
    return median([a / b for a, b in zip(samples[top], samples[bottom], strict=True)])


def _ms(seconds: float) -> str:
    if seconds < 0.01:
        return f"{seconds * 1000:.3f}"
    return f"{seconds * 1000:.1f}" if seconds < 1 else f"{seconds * 1000:,.0f}"


def _size(data: bytes) -> str:
    size = len(data)
    return f"{size / 1e3:,.0f} kB" if size < 1e6 else f"{size / 1e6:,.1f} MB"


def _rounds_for(data: bytes, rounds: int) -> int:
    # Large documents take tens to hundreds of milliseconds a call: fewer rounds there.
    if len(data) > 10_000_000:
        return max(3, rounds // 4)
    if len(data) > 1_000_000:
        return max(5, rounds // 2)
    return rounds


# --------------------------------------------------------------------------- loads


def _no_gc(function: Callable[[bytes], object], data: bytes) -> object:
    with _json.no_gc():
        return function(data)


def load_ops(data: bytes) -> Ops:
    """What ``loads`` is compared with, on one document."""

    def loads_no_gc() -> object:
        with _json.no_gc():
            return summitlib.loads(data)

    return {
        "summitlib.loads": lambda: summitlib.loads(data),
        "summitlib.loads, GC paused": loads_no_gc,
        "pydantic model_validate_json": lambda: peers.PSummit.model_validate_json(data),
        "msgspec decode": lambda: peers.MSGSPEC_DECODER.decode(data),
        "orjson.loads": lambda: orjson.loads(data),
        "orjson.loads, GC paused": lambda: _no_gc(orjson.loads, data),
        # What loads parses with: the duplicate-key check is finished by structuring.
        "summitlib strict parse (_json.parse_deferred)": lambda: _json.parse_deferred(data),
    }


LOAD_RATIOS = (
    ("summitlib.loads", "pydantic model_validate_json", "≤ 1.25 (medium), ≤ 1.5 (small)"),
    ("summitlib.loads", "msgspec decode", "≤ 1.25 (medium), ≤ 1.5 (small)"),
    ("summitlib.loads", "orjson.loads", ""),
    ("summitlib.loads, GC paused", "pydantic model_validate_json", ""),
    ("summitlib strict parse (_json.parse_deferred)", "orjson.loads", ""),
)


def loads_tables(documents: dict[str, bytes], rounds: int) -> tuple[str, dict[str, Any]]:
    """Time loading each document; return Markdown and the samples for the scaling table."""
    results = {}
    for size, data in documents.items():
        print(f"loads: {size}, {len(data):,} bytes", file=sys.stderr)
        results[size] = rounds_of(load_ops(data), _rounds_for(data, rounds))
    columns = list(results)
    head = " | ".join(f"{size} ({_size(documents[size])})" for size in columns)
    lines = [
        "Median CPU time per document, milliseconds:",
        "",
        f"| operation | {head} |",
        "|---|" + "---:|" * len(columns),
    ]
    for name in results[columns[0]]:
        cells = " | ".join(_ms(median(results[size][name])) for size in columns)
        lines.append(f"| {name} | {cells} |")
    lines += [
        "",
        "Ratios (median of per-round ratios; below 1 means summitlib is faster):",
        "",
        f"| ratio | {' | '.join(columns)} | target (issue 18) |",
        "|---|" + "---:|" * len(columns) + "---|",
    ]
    for top, bottom, target in LOAD_RATIOS:
        cells = " | ".join(f"{ratio(results[size], top, bottom):.2f}" for size in columns)
        lines.append(f"| {top} / {bottom} | {cells} | {target} |")
    return "\n".join(lines) + "\n", results


# --------------------------------------------------------------------------- errors


def with_errors(size: str, count: int) -> bytes:
    """The *size* document with *count* goals given an out-of-range position."""
    document = copy.deepcopy(generate.document(size))
    goals = [goal for agenda in document["agendas"] for goal in agenda["goals"]]
    for goal in goals[:: len(goals) // count][:count]:
        goal["position"] = 150
    return orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"


def errors_table(sizes: list[str], counts: list[int], rounds: int) -> str:
    """Time the full problem list of invalid documents against pydantic's ``.errors()``."""
    lines = [
        "Full list of problems, each with its path (summitlib: and line and column), on a",
        "document with 1 or 50 out-of-range numbers; both libraries report exactly that many.",
        "",
        "| document | summitlib.validate, ms | pydantic .errors(), ms | ratio | target |",
        "|---|---:|---:|---:|---|",
    ]
    for size in sizes:
        for count in counts:
            data = with_errors(size, count)
            print(f"errors: {size}, {count}", file=sys.stderr)
            report = summitlib.validate(data)
            errors = peers.pydantic_errors(data)
            assert len(report.problems) == len(errors) == count, (len(report), len(errors))
            assert all(problem.line is not None for problem in report.problems)
            ops: Ops = {
                "summitlib": lambda data=data: summitlib.validate(data).problems,  # type: ignore[misc]
                "pydantic": lambda data=data: peers.pydantic_errors(data),  # type: ignore[misc]
            }
            samples = rounds_of(ops, _rounds_for(data, rounds))
            lines.append(
                f"| {size} ({_size(data)}), {count} error{'s' if count > 1 else ''} | "
                f"{_ms(median(samples['summitlib']))} | {_ms(median(samples['pydantic']))} | "
                f"{ratio(samples, 'summitlib', 'pydantic'):.2f} | ≤ 2 |"
            )
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- dumps


def dumps_table(documents: dict[str, bytes], rounds: int) -> str:
    """Time writing canonical JSON against pydantic and msgspec."""
    lines = [
        "| document | summitlib.dumps, ms | pydantic model_dump_json, ms | msgspec encode, ms "
        "| / pydantic | / msgspec | target |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for size, data in documents.items():
        print(f"dumps: {size}", file=sys.stderr)
        summit = summitlib.loads(data)
        model = peers.PSummit.model_validate_json(data)
        struct = peers.MSGSPEC_DECODER.decode(data)
        ops: Ops = {
            "summitlib": lambda summit=summit: summitlib.dumps(summit),  # type: ignore[misc]
            "pydantic": lambda model=model: model.model_dump_json(  # type: ignore[misc]
                indent=2, exclude_none=True
            ),
            "msgspec": lambda struct=struct: peers.MSGSPEC_ENCODER.encode(struct),  # type: ignore[misc]
        }
        samples = rounds_of(ops, _rounds_for(data, rounds))
        lines.append(
            f"| {size} ({_size(data)}) | {_ms(median(samples['summitlib']))} | "
            f"{_ms(median(samples['pydantic']))} | {_ms(median(samples['msgspec']))} | "
            f"{ratio(samples, 'summitlib', 'pydantic'):.2f} | "
            f"{ratio(samples, 'summitlib', 'msgspec'):.2f} | ≤ 1.0 (pydantic) |"
        )
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- scaling


SCALING = (
    "summitlib.loads",
    "summitlib.loads, GC paused",
    "pydantic model_validate_json",
    "msgspec decode",
    "orjson.loads",
    "orjson.loads, GC paused",
)


def scaling_table(documents: dict[str, bytes], results: dict[str, Any]) -> str:
    """Cost per MB at each size, and its growth against the smallest size."""
    columns = list(documents)
    head = " | ".join(f"{size} ({_size(documents[size])})" for size in columns)
    lines = [
        "CPU milliseconds per MB of JSON (median), then the largest over the smallest:",
        "",
        f"| operation | {head} | growth |",
        "|---|" + "---:|" * len(columns) + "---:|",
    ]
    for name in SCALING:
        per_mb = [median(results[size][name]) / (len(documents[size]) / 1e6) for size in columns]
        cells = " | ".join(f"{value * 1000:.1f}" for value in per_mb)
        lines.append(f"| {name} | {cells} | {per_mb[-1] / per_mb[0]:.2f} |")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- jsonschema


def jsonschema_table(data: bytes, rounds: int) -> str:
    """``summitlib.validate`` against ``jsonschema`` with the exported schema."""
    import jsonschema
    import referencing

    # An empty registry: the validator must never fetch a remote $ref.
    validator = jsonschema.Draft202012Validator(
        summitlib.json_schema(), registry=referencing.Registry()
    )
    assert validator.is_valid(orjson.loads(data))
    ops: Ops = {
        "summitlib.validate": lambda: summitlib.validate(data),
        "jsonschema": lambda: validator.validate(orjson.loads(data)),
    }
    samples = rounds_of(ops, rounds)
    return (
        f"On the small document ({_size(data)}), `summitlib.validate` took "
        f"{_ms(median(samples['summitlib.validate']))} ms of CPU time and "
        f"`orjson.loads` + `jsonschema` Draft 2020-12 {_ms(median(samples['jsonschema']))} ms "
        f"({ratio(samples, 'jsonschema', 'summitlib.validate'):.0f}×).\n"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the side-by-side benchmarks and print (or write) the Markdown tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21, help="rounds on small documents")
    parser.add_argument("--quick", action="store_true", help="no 50 MB document")
    parser.add_argument("--out", type=Path, help="write the tables here as well")
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    args = parser.parse_args(argv)
    sizes = ["small", "medium", "large", "30mb"] + ([] if args.quick else ["50mb"])
    documents = {size: generate.document_bytes(size) for size in sizes}
    names = peers.check_honest(generate.document("medium"), documents["medium"])
    print(f"peers agree with summitlib on {len(names)} broken documents", file=sys.stderr)
    loads, results = loads_tables(documents, args.rounds)
    sections = [
        "### Peers\n\n"
        f"Generated from the exported schema (see `benchmarks/peers.py`); checked in this run "
        f"to accept the benchmark documents and reject the same {len(names)} broken ones as "
        "summitlib.\n",
        "### `loads`\n\n" + loads,
        "### Cost per MB, 10 kB to the largest document\n\n" + scaling_table(documents, results),
        "### Invalid documents: the full list of problems\n\n"
        + errors_table(["medium", "large"], [1, 50], args.rounds),
        "### `dumps`\n\n"
        + dumps_table({s: documents[s] for s in ("small", "medium", "large")}, args.rounds),
        "### Against jsonschema\n\n" + jsonschema_table(documents["small"], args.rounds),
    ]
    text = "\n".join(sections)
    sys.stdout.write(text)
    if args.out is not None:
        args.out.write_text(text, "utf-8")
    if args.json is not None:
        figures = {
            size: {name: median(values) for name, values in result.items()}
            for size, result in results.items()
        }
        args.json.write_text(json.dumps(figures, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
