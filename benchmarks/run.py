"""Run every benchmark; write ``benchmarks/RESULTS.md`` and ``benchmarks/DOC-FIGURES.md``.

python benchmarks/run.py            # the full run: about ten to fifteen minutes
python benchmarks/run.py --quick    # fewer rounds, no 50 MB document, 200 files
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import docfigures
import files
import libraries

HERE = Path(__file__).parent
PACKAGES = ("summitlib", "orjson", "attrs", "cattrs", "pydantic", "pydantic-core", "msgspec")
PACKAGES += ("jsonschema", "check-jsonschema")


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    return "unknown"


def _load() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def machine() -> str:
    """Describe the machine, the interpreter and the library versions, as Markdown."""
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    return "\n".join(
        [
            f"- Date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
            f"- CPU: {_cpu()}, {os.cpu_count()} logical CPUs; memory {_memory()}",
            f"- System: {platform.system()} {platform.release()}",
            f"- Python: {platform.python_implementation()} {platform.python_version()}",
            f"- Packages: {', '.join(versions)}",
            f"- Load average (1, 5, 15 min) at the start: {_load()}",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """Run both benchmarks; write RESULTS.md (or --out)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument(
        "--skip-check-jsonschema", action="store_true", help="it alone takes minutes"
    )
    args = parser.parse_args(argv)
    header = machine()
    rounds = ["--rounds", "7", "--quick"] if args.quick else []
    tables = _capture(libraries.main, rounds)
    count = ["--files", "200"] if args.quick else []
    if args.skip_check_jsonschema:
        count.append("--skip-check-jsonschema")
    whole = _capture(files.main, count)
    _capture(docfigures.main, [])
    text = "\n\n".join(
        [
            "# Benchmark results",
            "Produced by `python benchmarks/run.py`; see benchmarks/README.md for what is "
            "measured and how.",
            "## Machine\n\n" + header + f"\n- Load average at the end: {_load()}",
            "## Libraries side by side (one process, interleaved rounds, CPU time)\n\n"
            + tables.strip(),
            "## Whole programs\n\n" + whole.strip(),
        ]
    )
    args.out.write_text(text + "\n", "utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


def _capture(main: object, argv: list[str]) -> str:
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        main(argv)  # type: ignore[operator]
    return buffer.getvalue()


if __name__ == "__main__":
    raise SystemExit(main())
