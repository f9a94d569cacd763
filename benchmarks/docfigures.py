"""Measure the figures that docs/security.md and docs/schema.md quote, at this commit.

Each figure is measured in a fresh process (CPU seconds of the call, and the process's
peak resident memory, VmHWM) and written as Markdown sentences to
``benchmarks/DOC-FIGURES.md`` and into the marked blocks of those pages
(``<!-- figures: benchmarks/docfigures.py -->`` … ``<!-- /figures -->``), so no figure
in the docs is typed by hand; tests/test_docs.py checks the pages quote this file.

    python benchmarks/docfigures.py [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent

_PROBE = r"""
import json, sys, time
import summitlib

def peak():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise OSError("no VmHWM")

case = sys.argv[1]
base = json.load(open(sys.argv[2], encoding="utf-8"))
if case in ("53mib-valid", "53mib-unknown-key"):
    base["leaders"][0]["other_names"] = ["Putin"] * 7_000_000
    if case == "53mib-unknown-key":
        base["colour"] = "red"
elif case == "million-wrong-items":
    base["leaders"][0]["other_names"] = [0] * 1_000_000
elif case == "300000-unknown-sources":
    goal = base["agendas"][0]["goals"][0]
    goal["sources"] = ["no-such-source"] * 300_000
data = json.dumps(base, separators=(",", ":"), ensure_ascii=False).encode()
start = time.process_time()
report = summitlib.validate(data)
seconds = time.process_time() - start
print(json.dumps({"bytes": len(data), "seconds": seconds, "peak": peak(),
                  "problems": len(report.problems)}))
"""

_SMALL = r"""
import json, re, sys, time
import jsonschema, orjson, referencing
import summitlib
from summitlib._meta import STRING_KINDS

data = open(sys.argv[1], "rb").read()
schema = summitlib.json_schema()
validator = jsonschema.Draft202012Validator(schema, registry=referencing.Registry())

def cpu(function, seconds=0.5):
    function()
    calls, start = 0, time.process_time()
    while time.process_time() - start < seconds:
        function()
        calls += 1
    return (time.process_time() - start) / calls

slug = re.compile(STRING_KINDS["slug"].pattern)
hostile = "a" * 10_000 + "!"
print(json.dumps({
    "bytes": len(data),
    "summitlib": min(cpu(lambda: summitlib.validate(data)) for _ in range(5)),
    "jsonschema": min(cpu(lambda: validator.validate(orjson.loads(data))) for _ in range(5)),
    "regex": min(cpu(lambda: slug.search(hostile)) for _ in range(5)),
}))
"""


def _run(code: str, *args: str) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    ).stdout
    result: dict[str, float] = json.loads(output)
    return result


BEGIN, END = "<!-- figures: benchmarks/docfigures.py -->", "<!-- /figures -->"


def quote(page: str, bullets: list[str]) -> str:
    """*page* with the block between its figure markers replaced by *bullets*.

    The bullets take the indentation of the opening marker, so a block can sit inside a
    list item.
    """
    start = page.index(BEGIN)
    line_start = page.rindex("\n", 0, start) + 1
    indent = page[line_start:start]
    end = page.index(END, start)
    body = "".join(f"{indent}{bullet}\n" for bullet in bullets)
    return page[: start + len(BEGIN)] + "\n" + body + indent + page[end:]


def main(argv: list[str] | None = None) -> int:
    """Measure and write the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "DOC-FIGURES.md")
    args = parser.parse_args(argv)
    example = str(ROOT / "examples" / "alaska-2025.json")
    found = {}
    for case in (
        "53mib-valid",
        "53mib-unknown-key",
        "million-wrong-items",
        "300000-unknown-sources",
    ):
        print(f"measuring {case}", file=sys.stderr)
        found[case] = _run(_PROBE, case, example)
    print("measuring the small example", file=sys.stderr)
    small = _run(_SMALL, example)
    valid, unknown = found["53mib-valid"], found["53mib-unknown-key"]
    million, sources = found["million-wrong-items"], found["300000-unknown-sources"]
    sections = {
        "docs/security.md": [
            f"- A valid {valid['bytes'] / 2**20:.0f} MiB document (7 million short names in one "
            f"list) took {valid['seconds']:.1f} s to validate and peaked at "
            f"{valid['peak'] / 1e9:.2f} GB of memory.",
            f"- The same document with one unknown key took {unknown['seconds']:.1f} s and "
            f"{unknown['peak'] / 1e9:.2f} GB ({unknown['problems']:.0f} problem).",
            f"- A million wrong items in one array give {million['problems']:.0f} problems in "
            f"{million['seconds']:.1f} s.",
            f"- A {sources['bytes'] / 2**20:.0f} MiB document that cites an unknown source "
            f"300,000 times gives {sources['problems']:.0f} problems in "
            f"{sources['seconds']:.1f} s, peaking at {sources['peak'] / 1e6:.0f} MB.",
        ],
        "docs/schema.md": [
            f"- On the {small['bytes'] / 1000:.1f} kB Alaska example, `summitlib.validate` took "
            f"{small['summitlib'] * 1000:.2f} ms of CPU time against "
            f"{small['jsonschema'] * 1000:.1f} ms for `jsonschema` with this schema.",
            f"- The worst 10 kB adversarial string (10,000 letters and then `!` against the id "
            f"pattern) takes {small['regex'] * 1000:.2f} ms of CPU time with Python's `re`.",
        ],
    }
    lines = [
        "# Figures quoted in the docs",
        "",
        "Produced by `python benchmarks/docfigures.py` (also run by `benchmarks/run.py`); "
        "CPU time of one call in a fresh process, and the process's peak resident memory. "
        "The same lines replace the marked blocks of the pages named below.",
        "",
    ]
    for page, bullets in sections.items():
        lines += [f"## {page}", "", *bullets, ""]
        path = ROOT / page
        path.write_text(quote(path.read_text("utf-8"), bullets), "utf-8")
    text = "\n".join(lines)
    args.out.write_text(text, "utf-8")
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
