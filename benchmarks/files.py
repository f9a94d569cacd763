"""Whole-program figures: a folder of files, the 3 MB document, and ``import summitlib``.

* ``summitlib validate`` over 2,000 generated medium files against ``check-jsonschema``
  with summitlib's exported schema on the same files, each as one command, as a user
  would run them (wall-clock time and the CPU time of the child processes);
* the peak memory of ``summitlib.loads`` and pydantic's ``model_validate_json`` on the
  3 MB and 30 MB documents, each in a fresh process;
* the time ``import summitlib`` takes in a fresh interpreter with compiled bytecode,
  against ``import pydantic``.

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
HERE = Path(__file__).parent


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
import gc, sys, time
sys.path.insert(0, {here!r})
library, path, warm = sys.argv[1:4]
if library == "summitlib":
    import summitlib
    load = summitlib.loads
else:
    import peers
    load = peers.PSummit.model_validate_json

def peak_rss():
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across exec.
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise OSError("no VmHWM")

data = open(path, "rb").read()
load(open(warm, "rb").read())  # warm up: lazily built code, caches
gc.collect()
before = peak_rss()
start = time.perf_counter()
value = load(data)
seconds = time.perf_counter() - start
print(seconds, peak_rss() - before)
"""


def peak_memory(directory: Path, sizes: tuple[str, ...] = ("large", "30mb")) -> str:
    """Peak resident memory of loading each document in a fresh process, against pydantic."""
    small = directory / "small.json"
    small.write_bytes(generate.document_bytes("small"))
    lines = [
        "Loading one document in a fresh process: growth of the peak resident set (VmHWM)",
        "during the call, median of three processes each:",
        "",
        "| document | summitlib.loads, MB | pydantic model_validate_json, MB | ratio | target |",
        "|---|---:|---:|---:|---|",
    ]
    probe = _LOAD_PROBE.format(here=str(HERE))
    for size in sizes:
        path = directory / f"{size}.json"
        path.write_bytes(generate.document_bytes(size))
        peaks: dict[str, float] = {}
        for library in ("summitlib", "pydantic"):
            runs = []
            for _ in range(3):
                output = subprocess.run(
                    [sys.executable, "-c", probe, library, str(path), str(small)],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
                runs.append(float(output.split()[1]))
            peaks[library] = statistics.median(runs)
        mb = path.stat().st_size / 1e6
        lines.append(
            f"| {size} ({mb:.1f} MB) | {peaks['summitlib'] / 1e6:.1f} | "
            f"{peaks['pydantic'] / 1e6:.1f} | {peaks['summitlib'] / peaks['pydantic']:.2f} | ≤ 1 |"
        )
    return "\n".join(lines) + "\n"


_IMPORT_PROBE = """
import time
start, cpu = time.perf_counter(), time.process_time()
{statement}
print(time.perf_counter() - start, time.process_time() - cpu)
"""

IMPORTS = {
    "import summitlib": "import summitlib",
    "import pydantic": "import pydantic",
    "from pydantic import BaseModel": "from pydantic import BaseModel",
    "import attrs, orjson, re, enum, typing (the floor)": "import attrs, orjson, re, enum, typing",
}


def import_time(runs: int = 15) -> str:
    """Median wall and CPU time of each import in fresh interpreters, interleaved.

    Bytecode is compiled once into a private cache first, as it is after installation.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="summitlib-pycache-")
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in IMPORTS}
    commands = {
        name: [sys.executable, "-c", _IMPORT_PROBE.format(statement=statement)]
        for name, statement in IMPORTS.items()
    }
    for command in commands.values():
        subprocess.run(command, env=env, check=True, capture_output=True)
    for _ in range(runs):
        for name, command in commands.items():
            output = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
            wall, cpu = (float(x) for x in output.stdout.split())
            times[name].append((wall, cpu))
    shutil.rmtree(env["PYTHONPYCACHEPREFIX"], ignore_errors=True)
    heavy = subprocess.run(
        [sys.executable, "-c", "import summitlib, sys; print(sorted(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    ours = statistics.median(cpu for _, cpu in times["import summitlib"])
    lines = [
        f"Fresh interpreters, bytecode compiled, interleaved; median of {runs} runs each:",
        "",
        "| statement | wall ms | CPU ms | summitlib / this (CPU) |",
        "|---|---:|---:|---:|",
    ]
    for name, found in times.items():
        wall = statistics.median(w for w, _ in found)
        cpu = statistics.median(c for _, c in found)
        lines.append(f"| `{name}` | {wall * 1000:.0f} | {cpu * 1000:.0f} | {ours / cpu:.2f} |")
    lines += [
        "",
        "Targets: `import summitlib` ≤ 1.5× `import pydantic` and under 100 ms. "
        f"`import summitlib` imports jsonschema: {'jsonschema' in heavy}, "
        f"cattrs: {'cattrs' in heavy}.",
    ]
    return "\n".join(lines) + "\n"


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
    print("peak memory", file=sys.stderr)
    lines += ["", peak_memory(work)]
    print("timing imports", file=sys.stderr)
    lines += [import_time()]
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if args.out is not None:
        args.out.write_text(text, "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
