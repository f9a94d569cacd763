"""Soak test: validate and fmt many files while they are edited, and stop fmt halfway.

Not part of the test run (it takes minutes). Run it before a release::

    python benchmarks/soak.py                     # 20,000 files, 6 rounds
    python benchmarks/soak.py --files 2000 --rounds 4

Each round starts ``summitlib fmt`` (with ``--jobs``) on a folder of valid canonical,
valid non-canonical and invalid files while an editor thread saves new versions of
random files, half in place and half by rename, as editors do. Some rounds are stopped
with SIGTERM or SIGKILL partway. After each round it checks that:

* no file lost content: every file holds the editor's last version, or its canonical
  form, or (if never edited) its first version or that one's canonical form; invalid
  files are byte for byte what was last written;
* no temporary file is left, except after SIGKILL, which cannot be caught; those are
  counted, and the next round must skip them (they are removed at the end);
* every outcome was reported: a run that was not stopped reports every file in its
  summary, and ``summitlib validate --format json`` reports every file afterwards.

It prints one line per round and a summary, and exits 1 if any check failed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = json.loads((ROOT / "examples" / "alaska-2025.json").read_text(encoding="utf-8"))
SUMMARY = re.compile(r"^(\d+) files?: (\d+) reformatted, (\d+) unchanged, (\d+) invalid, (\d+) ")


def _document(number: int, version: int) -> dict[str, object]:
    data = dict(SEED)
    data["id"] = f"soak-{number:05d}"
    data["title"] = f"Soak document {number}, version {version}"
    return data


def _text(number: int, version: int, kind: str) -> bytes:
    if kind == "invalid":
        return json.dumps({"schema_version": "1.0", "id": f"Bad {number} v{version}"}).encode()
    if kind == "compact":
        return json.dumps(_document(number, version), ensure_ascii=False).encode("utf-8")
    return (json.dumps(_document(number, version), ensure_ascii=False, indent=2) + "\n").encode()


class Corpus:
    """The folder and, per file, what the last writer put in it."""

    def __init__(self, directory: Path, files: int, rng: random.Random) -> None:
        self.directory = directory
        self.kinds = [
            rng.choice(["canonical", "compact", "compact", "invalid"]) for _ in range(files)
        ]
        self.last: list[bytes] = []
        self.lock = threading.Lock()
        for number, kind in enumerate(self.kinds):
            text = _text(number, 0, kind)
            self.path(number).write_bytes(text)
            self.last.append(text)
        self.versions = [0] * files

    def path(self, number: int) -> Path:
        return self.directory / f"{number // 1000:02d}" / f"doc-{number:05d}.json"

    def edit(self, number: int, rng: random.Random) -> None:
        with self.lock:
            self.versions[number] += 1
            kind = (
                "invalid"
                if self.kinds[number] == "invalid"
                else rng.choice(["compact", "canonical"])
            )
            text = _text(number, self.versions[number], kind)
            target = self.path(number)
            if rng.random() < 0.5:
                target.write_bytes(text)  # in place
            else:
                fd, temporary = tempfile.mkstemp(dir=target.parent, prefix="editor-", suffix=".swp")
                with os.fdopen(fd, "wb") as handle:
                    handle.write(text)
                os.replace(temporary, target)
            self.last[number] = text

    def lost(self) -> list[str]:
        """Files whose content is neither the last version written nor its canonical form."""
        lost = []
        for number, expected in enumerate(self.last):
            now = self.path(number).read_bytes()
            if self.kinds[number] == "invalid":
                if now != expected:
                    lost.append(str(self.path(number)))
            elif json.loads(now) != json.loads(expected):
                lost.append(str(self.path(number)))
        return lost


def _editor(corpus: Corpus, stop: threading.Event, rng: random.Random, counter: list[int]) -> None:
    while not stop.is_set():
        corpus.edit(rng.randrange(len(corpus.kinds)), rng)
        counter[0] += 1
        time.sleep(0.001)


def _summitlib(*args: str) -> list[str]:
    return [sys.executable, "-m", "summitlib", *args]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=20250815)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    failures = 0
    totals = {"edits": 0, "not written": 0, "killed leftovers": 0, "lost": 0}
    with tempfile.TemporaryDirectory(prefix="summitlib-soak-") as name:
        directory = Path(name)
        for sub in range(args.files // 1000 + 1):
            (directory / f"{sub:02d}").mkdir()
        start = time.perf_counter()
        corpus = Corpus(directory, args.files, rng)
        print(f"{args.files} files written in {time.perf_counter() - start:.1f} s")
        stops = ["none", "SIGTERM", "none", "SIGKILL", "SIGTERM", "none"]
        for round_number in range(args.rounds):
            how = stops[round_number % len(stops)]
            stop_editing = threading.Event()
            edits = [0]
            editor = threading.Thread(
                target=_editor, args=(corpus, stop_editing, random.Random(rng.random()), edits)
            )
            started = time.perf_counter()
            process = subprocess.Popen(
                _summitlib("fmt", "--jobs", str(args.jobs), str(directory)),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            editor.start()
            if how != "none":
                time.sleep(rng.uniform(0.5, 2.0))
                process.send_signal(getattr(signal, how))
            try:
                out, err = process.communicate(timeout=600)
            except subprocess.TimeoutExpired:
                process.kill()
                out, err = process.communicate()
                err += " [hung: killed after 600 s]"
            elapsed = time.perf_counter() - started
            stop_editing.set()
            editor.join()
            totals["edits"] += edits[0]
            problems = []
            leftovers = sorted(directory.rglob(".*.tmp"))
            if how == "SIGKILL":
                totals["killed leftovers"] += len(leftovers)
                for leftover in leftovers:  # what a user would do; the next round skips them anyway
                    if rng.random() < 0.5:
                        leftover.unlink()
            elif leftovers:
                problems.append(f"{len(leftovers)} temporary files left")
            expected_code = {"none": (0, 1, 2), "SIGTERM": (143, 0, 1, 2), "SIGKILL": (-9,)}[how]
            if process.returncode not in expected_code:
                problems.append(f"exit status {process.returncode}: {err[-300:]!r}")
            if "internal error" in err or "Traceback" in err:
                problems.append(f"crash: {err[-300:]!r}")
            not_written = out.count("changed while being formatted")
            totals["not written"] += not_written
            if how == "none":
                summary = SUMMARY.search(err.splitlines()[-1]) if err else None
                if summary is None or int(summary.group(1)) != args.files:
                    problems.append(f"summary does not count every file: {err[-200:]!r}")
            lost = corpus.lost()
            totals["lost"] += len(lost)
            if lost:
                problems.append(f"{len(lost)} files lost content, e.g. {lost[:3]}")
            failures += bool(problems)
            print(
                f"round {round_number + 1}: stop={how:7} exit={process.returncode:4} "
                f"{elapsed:6.1f} s, {edits[0]} edits, {not_written} left alone as changed, "
                f"{len(leftovers)} .tmp after it"
                + ("" if not problems else "\n  FAILED: " + "; ".join(problems))
            )
        for leftover in directory.rglob(".*.tmp"):
            leftover.unlink()
        started = time.perf_counter()
        done = subprocess.run(
            _summitlib("validate", "--format", "json", "--jobs", str(args.jobs), str(directory)),
            capture_output=True,
            text=True,
        )
        report = json.loads(done.stdout)
        reported = {entry["file"] for entry in report["files"]}
        missing = args.files - len(reported)
        invalid = sum(kind == "invalid" for kind in corpus.kinds)
        print(
            f"validate: {report['summary']} in {time.perf_counter() - started:.1f} s "
            f"(expected {invalid} invalid, {missing} files unreported)"
        )
        if missing or report["summary"]["invalid"] != invalid or report["summary"]["unreadable"]:
            failures += 1
        lost = corpus.lost()
        print(
            f"total: {totals['edits']} concurrent edits, {totals['not written']} files left alone "
            f"as changed, {totals['killed leftovers']} temporary files left by SIGKILL, "
            f"{totals['lost'] + len(lost)} lost edits; "
            f"{'FAILED' if failures else 'all checks passed'}"
        )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
