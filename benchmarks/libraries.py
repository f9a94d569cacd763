"""Side by side in one process: summitlib against pydantic, msgspec, orjson and jsonschema.

For each document size, every contender runs once per round, in an order that rotates
from round to round, so drift in the machine's speed (other processes, CPU frequency)
falls on all of them alike. Each sample times enough calls to last a few milliseconds;
the table gives the median time per document over the rounds, then the ratios.

    python benchmarks/libraries.py [--rounds 21] [--sizes small,medium,large] [--out FILE]
"""

from __future__ import annotations

import argparse
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

#: Shortest time one sample should take, in seconds, so timer resolution does not matter.
MIN_SAMPLE = 0.02


def exported_schema() -> dict[str, Any] | None:
    """Return summitlib's exported JSON Schema, or None if this version has none yet."""
    make = getattr(summitlib, "json_schema", None)
    if make is not None:
        schema: dict[str, Any] = make()
        return schema
    path = Path(__file__).parents[1] / "schemas" / "summit.schema.json"
    if path.exists():
        loaded: dict[str, Any] = json.loads(path.read_text("utf-8"))
        return loaded
    return None


def contenders(data: bytes) -> dict[str, Callable[[], object]]:
    """Return the operations to time on one document, by name."""
    summit = summitlib.loads(data)
    pyd = peers.PSummit.model_validate_json(data)
    msg = peers.MSGSPEC_DECODER.decode(data)
    ops: dict[str, Callable[[], object]] = {
        "summitlib.loads": lambda: summitlib.loads(data),
        "summitlib.validate": lambda: summitlib.validate(data),
        "summitlib.dumps": lambda: summitlib.dumps(summit),
        "pydantic model_validate_json": lambda: peers.PSummit.model_validate_json(data),
        "pydantic model_dump_json": lambda: pyd.model_dump_json(indent=2, exclude_none=True),
        "msgspec decode": lambda: peers.MSGSPEC_DECODER.decode(data),
        "msgspec encode": lambda: peers.MSGSPEC_ENCODER.encode(msg),
        "orjson.loads": lambda: orjson.loads(data),
    }
    schema = exported_schema()
    if schema is not None:
        import jsonschema
        import referencing

        # An empty registry: the validator must never fetch a remote $ref.
        validator = jsonschema.Draft202012Validator(schema, registry=referencing.Registry())
        assert validator.is_valid(orjson.loads(data))
        ops["jsonschema (orjson + validate)"] = lambda: validator.validate(orjson.loads(data))
    return ops


def _calls_per_sample(op: Callable[[], object]) -> int:
    start = time.process_time()
    op()
    once = time.process_time() - start
    return max(1, int(MIN_SAMPLE / max(once, 1e-7)))


def measure(data: bytes, rounds: int) -> dict[str, float]:
    """Return the median seconds per call of each contender on *data*."""
    ops = contenders(data)
    for op in ops.values():  # warm up caches and lazily built code
        op()
    calls = {name: _calls_per_sample(op) for name, op in ops.items()}
    samples: dict[str, list[float]] = {name: [] for name in ops}
    names = list(ops)
    gc.collect()
    for round_number in range(rounds):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            op, n = ops[name], calls[name]
            start = time.process_time()
            for _ in range(n):
                op()
            samples[name].append((time.process_time() - start) / n)
    return {name: statistics.median(values) for name, values in samples.items()}


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.3f}" if seconds < 0.01 else f"{seconds * 1000:.1f}"


#: (row, denominator) pairs for the ratio table; the targets are in the last column.
RATIOS: tuple[tuple[str, str, str], ...] = (
    ("summitlib.loads", "pydantic model_validate_json", "≤ 2.0"),
    ("summitlib.loads", "msgspec decode", "≤ 2.0"),
    ("summitlib.loads", "orjson.loads", "≤ 8"),
    ("summitlib.validate", "pydantic model_validate_json", ""),
    ("summitlib.dumps", "pydantic model_dump_json", "≤ 1.0"),
    ("summitlib.dumps", "msgspec encode", ""),
    ("jsonschema (orjson + validate)", "summitlib.validate", ""),
)


def markdown(results: dict[str, dict[str, float]], sizes: dict[str, int]) -> str:
    """Return the medians and ratios as two Markdown tables."""
    columns = list(results)
    head = " | ".join(f"{size} ({sizes[size] / 1000:,.0f} kB)" for size in columns)
    lines = [
        "Median time per document, milliseconds:",
        "",
        f"| operation | {head} |",
        "|---|" + "---:|" * len(columns),
    ]
    for name in results[columns[0]]:
        cells = " | ".join(_ms(results[size][name]) for size in columns)
        lines.append(f"| {name} | {cells} |")
    lines += [
        "",
        "Ratios (same run; below 1 means summitlib is faster):",
        "",
        f"| ratio | {' | '.join(columns)} | target (medium) |",
        "|---|" + "---:|" * len(columns) + "---|",
    ]
    for top, bottom, target in RATIOS:
        if top not in results[columns[0]]:
            continue
        cells = " | ".join(f"{results[s][top] / results[s][bottom]:.2f}" for s in columns)
        lines.append(f"| {top} / {bottom} | {cells} | {target} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the side-by-side benchmark and print (or write) the Markdown tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21, help="samples per contender and size")
    parser.add_argument("--sizes", default="small,medium,large")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--out", type=Path, help="write the tables here as well")
    args = parser.parse_args(argv)
    results: dict[str, dict[str, float]] = {}
    sizes: dict[str, int] = {}
    for size in args.sizes.split(","):
        data = generate.document_bytes(size, args.seed)
        sizes[size] = len(data)
        # Fewer rounds on the largest size: each call there takes tens of milliseconds.
        rounds = args.rounds if size != "large" else max(5, args.rounds // 3)
        print(f"{size}: {len(data):,} bytes, {rounds} rounds", file=sys.stderr)
        results[size] = measure(data, rounds)
    text = markdown(results, sizes)
    sys.stdout.write(text)
    if args.out is not None:
        args.out.write_text(text, "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
