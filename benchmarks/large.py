"""Figures for docs/security.md: the largest documents the limits allow.

Builds a valid document just under the 64 MiB limit (millions of short strings in one
list, the worst case for time and memory per byte) and the same document with one
unknown key, then times ``summitlib.validate`` on each in a fresh process and records
the peak resident memory of that process::

    python benchmarks/large.py [--items 7000000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_MEASURE = """
import resource, sys, time
import summitlib
data = open(sys.argv[1], "rb").read()
start = time.perf_counter()
report = summitlib.validate(data)
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # MiB on Linux
print(f"{len(data) / 2**20:.0f} MiB, {len(report.problems)} problems, {elapsed:.1f} s, "
      f"peak {peak / 1024:.2f} GiB")
"""


def build(items: int, unknown_key: bool) -> bytes:
    data = json.loads((ROOT / "examples" / "alaska-2025.json").read_text(encoding="utf-8"))
    data["agendas"][0]["goals"][0]["details"] = [f"n{i}" for i in range(items)]
    if unknown_key:
        data["agendas"][0]["goals"][0]["unknown"] = 1
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=4_700_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        for label, unknown in (("valid", False), ("one unknown key", True)):
            path = Path(name) / "large.json"
            path.write_bytes(build(args.items, unknown))
            done = subprocess.run(
                [sys.executable, "-c", _MEASURE, str(path)], capture_output=True, text=True
            )
            print(f"{label}: {done.stdout.strip() or done.stderr[-500:]}")


if __name__ == "__main__":
    main()
