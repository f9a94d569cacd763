"""Whole-program figures: a folder of files, the 3 MB document, and ``import summitlib``.

* ``summitlib validate`` over 2,000 generated medium files against ``check-jsonschema``
  with summitlib's exported schema on the same files, each as one command, as a user
  would run them (wall-clock time and the CPU time of the child processes);
* the time and peak memory of ``summitlib.loads`` on the 3 MB document, in a fresh
  process (peak resident memory above what the process held before, and the peak of
  Python allocations that ``tracemalloc`` sees);
* the time ``import summitlib`` takes in a fresh interpreter with compiled bytecode.

    python benchmarks/files.py [--files 2000] [--dir DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import generate

import summitlib

BIN = Path(sys.executable).parent


def make_files(directory: Path, count: int) -> list[Path]:
    """Write *count* medium documents (seeds 0, 1, ...) to *directory*, once."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = [directory / f"summit-{seed:05d}.json" for seed in range(count)]
    for seed, path in enumerate(paths):
        if not path.exists():
            path.write_bytes(generate.document_bytes("medium", seed))
    return paths


def timed(command: list[str], **options: Any) -> tuple[float, float, int]:
    """Run *command*; return its wall-clock seconds, CPU seconds and exit code."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, check=False, **options)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.returncode


_LOAD_PROBE = """
import gc, resource, sys, time, tracemalloc
import summitlib

def peak_rss():
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across exec.
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

data = open(sys.argv[1], "rb").read()
summitlib.loads(open(sys.argv[2], "rb").read())  # warm up: lazily built code, caches
gc.collect()
before = peak_rss()
start = time.perf_counter()
summit = summitlib.loads(data)
seconds = time.perf_counter() - start
after = peak_rss()
del summit
gc.collect()
tracemalloc.start()
summit = summitlib.loads(data)
_, peak = tracemalloc.get_traced_memory()
tracemalloc.stop()
print(seconds, (after - before) * 1024, peak)
"""


def load_large(directory: Path) -> dict[str, float]:
    """Time and measure loading the 3 MB document in a fresh process, three times."""
    large = directory / "large.json"
    large.write_bytes(generate.document_bytes("large"))
    small = directory / "small.json"
    small.write_bytes(generate.document_bytes("small"))
    runs = []
    for _ in range(3):
        output = subprocess.run(
            [sys.executable, "-c", _LOAD_PROBE, str(large), str(small)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        runs.append([float(x) for x in output.split()])
    size = large.stat().st_size
    return {
        "bytes": size,
        "seconds": statistics.median(r[0] for r in runs),
        "rss": statistics.median(r[1] for r in runs),
        "traced": statistics.median(r[2] for r in runs),
    }


_IMPORT_PROBE = """
import time
start, cpu = time.perf_counter(), time.process_time()
import {modules}
print(time.perf_counter() - start, time.process_time() - cpu)
"""

#: What summitlib cannot import faster than: its dependencies and the standard modules
#: it needs, imported the same way.
FLOOR = "attrs, orjson, pathlib, calendar, re, enum, typing"


def import_time(runs: int = 15) -> dict[str, float]:
    """Return wall and CPU seconds of ``import summitlib`` in fresh processes.

    Bytecode is compiled once into a private cache first, as it is after installation.
    Runs alternate with imports of :data:`FLOOR` alone, for comparison.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="summitlib-pycache-")
    times: dict[str, list[tuple[float, float]]] = {"summitlib": [], FLOOR: []}
    for modules in times:
        command = [sys.executable, "-c", _IMPORT_PROBE.format(modules=modules)]
        subprocess.run(command, env=env, check=True, capture_output=True)
    for _ in range(runs):
        for modules, found in times.items():
            command = [sys.executable, "-c", _IMPORT_PROBE.format(modules=modules)]
            output = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
            wall, cpu = (float(x) for x in output.stdout.split())
            found.append((wall, cpu))
    shutil.rmtree(env["PYTHONPYCACHEPREFIX"], ignore_errors=True)
    walls = [wall for wall, _ in times["summitlib"]]
    cpus = [cpu for _, cpu in times["summitlib"]]
    floor = [wall for wall, _ in times[FLOOR]]
    heavy = subprocess.run(
        [sys.executable, "-c", "import summitlib, sys; print(sorted(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {
        "wall": statistics.median(walls),
        "cpu": statistics.median(cpus),
        "fastest": min(walls),
        "floor": statistics.median(floor),
        "jsonschema imported": float("'jsonschema'" in heavy),
        "cattrs imported": float("'cattrs'" in heavy),
    }


def main(argv: list[str] | None = None) -> int:
    """Run the whole-program benchmarks and print (or write) a Markdown summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--dir", type=Path, help="where to keep the generated files")
    parser.add_argument("--out", type=Path, help="write the summary here as well")
    parser.add_argument("--skip-check-jsonschema", action="store_true")
    args = parser.parse_args(argv)
    work = args.dir or Path(tempfile.gettempdir()) / "summitlib-bench"
    files = work / f"medium-{args.files}"
    print(f"generating {args.files} files in {files}", file=sys.stderr)
    paths = make_files(files, args.files)
    total = sum(p.stat().st_size for p in paths)
    schema = work / "summit.schema.json"
    schema.write_text(json.dumps(summitlib.json_schema(), indent=2), "utf-8")

    lines = [f"{args.files:,} medium files, {total / 1e6:,.0f} MB in all:", ""]
    lines += [
        "| command | wall s | CPU s | per file, ms (wall) | exit |",
        "|---|---:|---:|---:|---:|",
    ]
    rows: dict[str, tuple[float, float, int]] = {}
    commands = {
        "summitlib validate DIR": [str(BIN / "summitlib"), "validate", str(files)],
        "summitlib validate --jobs 2 DIR": [
            str(BIN / "summitlib"),
            "validate",
            "--jobs",
            "2",
            str(files),
        ],
    }
    if not args.skip_check_jsonschema:
        commands["check-jsonschema --schemafile SCHEMA FILES"] = [
            str(BIN / "check-jsonschema"),
            "--schemafile",
            str(schema),
            *map(str, paths),
        ]
    for name, command in commands.items():
        print(f"running {name}", file=sys.stderr)
        rows[name] = timed(command)
        wall, cpu, code = rows[name]
        lines.append(
            f"| `{name}` | {wall:.1f} | {cpu:.1f} | {wall / args.files * 1000:.2f} | {code} |"
        )
    reference = rows.get("check-jsonschema --schemafile SCHEMA FILES")
    if reference is not None:
        ours = rows["summitlib validate DIR"]
        lines += [
            "",
            f"check-jsonschema / summitlib validate (one process): "
            f"{reference[0] / ours[0]:.1f}× wall, {reference[1] / ours[1]:.1f}× CPU "
            "(target ≥ 10×).",
        ]
    print("loading the large document", file=sys.stderr)
    large = load_large(work)
    lines += [
        "",
        f"Loading the large document ({large['bytes'] / 1e6:.2f} MB) with `summitlib.loads`: "
        f"{large['seconds'] * 1000:.0f} ms; peak resident memory grew by "
        f"{large['rss'] / 1e6:.1f} MB ({large['rss'] / large['bytes']:.1f}× the document); "
        f"peak traced Python allocations {large['traced'] / 1e6:.1f} MB "
        f"({large['traced'] / large['bytes']:.1f}×) (target < 10×).",
    ]
    print("timing import summitlib", file=sys.stderr)
    imported = import_time()
    lines += [
        "",
        f"`import summitlib` in a fresh interpreter (bytecode compiled): median "
        f"{imported['wall'] * 1000:.0f} ms wall (fastest {imported['fastest'] * 1000:.0f} ms), "
        f"{imported['cpu'] * 1000:.0f} ms CPU (target < 150 ms); importing only `{FLOOR}` "
        f"took {imported['floor'] * 1000:.0f} ms (median) in the same runs; "
        f"imports jsonschema: {bool(imported['jsonschema imported'])}, "
        f"cattrs: {bool(imported['cattrs imported'])}.",
    ]
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if args.out is not None:
        args.out.write_text(text, "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
