"""Hostile input: every corpus case gets its recorded outcome, and nothing crashes.

The corpus lives in ``tests/data/hostile/`` (see its README). Each case goes through
``loads`` (which may raise only :class:`~summitlib.SummitValidationError`), ``validate``
(which never raises) and the ``validate`` command, in process; a handful also go through
the installed console script.
"""

from __future__ import annotations

import importlib.util
import io
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import orjson
import pytest

import summitlib
from summitlib import cli

CORPUS = Path(__file__).resolve().parent / "data" / "hostile"
CASES = CORPUS / "cases"


def _load_maker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


maker = _load_maker()
EXPECTED: dict[str, dict[str, Any]] = json.loads((CORPUS / "expected.json").read_text("utf-8"))


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def check_library(data: bytes, expect: dict[str, Any]) -> summitlib.Report:
    """Assert *data* gets the *expect*ed outcome from validate and loads; return the report."""
    report = summitlib.validate(data)
    if expect.get("ok"):
        assert report.ok, report.problems[:5]
        assert isinstance(summitlib.loads(data), summitlib.Summit)
        return report
    assert not report.ok
    with pytest.raises(summitlib.SummitValidationError) as caught:
        summitlib.loads(data)
    assert caught.value.problems == report.problems
    if "line" in expect:
        # A JSON-level problem: exactly one, located by line and column.
        (problem,) = report.problems
        assert (problem.code, problem.line, problem.column) == (
            expect["code"],
            expect["line"],
            expect["column"],
        )
        assert problem.path == expect.get("path", "$")
    else:
        found = {(problem.path, problem.code) for problem in report.problems}
        assert (expect["path"], expect["code"]) in found, sorted(found)[:5]
        assert all(problem.line is not None for problem in report.problems)
    return report


def check_cli(path: Path, data: bytes, expect: dict[str, Any], report: summitlib.Report) -> None:
    """Assert the in-process ``validate`` command reports *path* as recorded."""
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(["validate", "--format", "json", str(path)], out, err)
    assert err.getvalue() == ""
    (result,) = json.loads(out.getvalue())["files"]
    if not _is_utf8(data):
        # The command refuses to read text that is not UTF-8, naming the line.
        assert code == 2
        assert result["error"].startswith("not UTF-8 text")
        return
    assert code == (0 if expect.get("ok") else 1)
    assert result["error"] is None
    assert result["problems"] == [problem.as_dict() for problem in report.problems]
    out = io.StringIO()
    assert cli.run(["validate", str(path)], out, io.StringIO()) == code
    lines = out.getvalue().splitlines()
    if expect.get("ok"):
        assert lines == [f"{path}: valid"]
    elif "line" in expect:
        assert lines == [
            f"{path}:{expect['line']}:{expect['column']}: {expect.get('path', '$')}: "
            f"{report.problems[0].message} [{expect['code']}]"
        ]
    else:
        assert len(lines) == len(report.problems)
        assert any(f": {expect['path']}: " in line for line in lines)


def test_corpus_is_large_and_current() -> None:
    """The corpus holds at least 150 cases, equal to what make_corpus.py writes."""
    written = {f"{name}.json": (data, expect) for name, data, expect in maker.committed_cases()}
    assert len(written) >= 150
    assert set(written) == set(EXPECTED) == {path.name for path in CASES.iterdir()}
    for name, (data, expect) in written.items():
        assert (CASES / name).read_bytes() == data, name
        assert EXPECTED[name] == expect, name


def test_corpus_covers_every_kind_of_problem() -> None:
    """The corpus exercises every JSON-level code and every shape and rule code."""
    codes = {expect["code"] for expect in EXPECTED.values() if "code" in expect}
    json_level = {"syntax", "encoding", "non-finite", "duplicate-key", "too-deep"}
    shape = {"type", "required", "unknown-key", "const", "blank", "length", "pattern", "enum"}
    rules = {"range", "min-items", "date", "duplicate-id", "reference", "date-order"}
    rules |= {"duplicate-agenda", "duplicate-aim"}
    assert json_level | shape | rules <= codes
    assert codes <= set(summitlib.PROBLEM_CODES)
    assert sum(1 for expect in EXPECTED.values() if expect.get("ok")) >= 5


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_case(name: str) -> None:
    """Each case gets its recorded outcome from loads, validate and the command."""
    path = CASES / name
    data = path.read_bytes()
    expect = EXPECTED[name]
    report = check_library(data, expect)
    if _is_utf8(data):
        # The same text given as str is located identically (columns count characters).
        assert summitlib.validate(data.decode("utf-8")) == report
    plain_data = orjson.loads(data) if "path" in expect and "line" not in expect else None
    if plain_data is not None and not isinstance(plain_data, str):  # a str would be JSON text
        # Plain data (no text) gives the same problems, without positions.
        plain = summitlib.validate(plain_data)
        assert {(p.path, p.code) for p in plain} == {(p.path, p.code) for p in report}
    check_cli(path, data, expect, report)


@pytest.mark.parametrize(
    ("name", "data", "expect"),
    [pytest.param(*case, id=case[0]) for case in maker.generated_cases()],
)
def test_generated_case(name: str, data: bytes, expect: dict[str, Any], tmp_path: Path) -> None:
    """Cases too big to commit (deep, long, huge) get their recorded outcome too."""
    report = check_library(data, expect)
    path = tmp_path / f"{name}.json"
    path.write_bytes(data)
    out = io.StringIO()
    code = cli.run(["validate", str(path)], out, io.StringIO())
    assert code == (0 if expect.get("ok") else 1)
    assert len(out.getvalue().splitlines()) == max(len(report.problems), 1)


def _console_script() -> str:
    script = Path(sys.executable).with_name("summitlib")
    if not script.exists():  # pragma: no cover - depends on how the package was installed
        pytest.skip("the summitlib console script is not installed beside this Python")
    return str(script)


def test_console_script_reports_hostile_files() -> None:
    """The installed command reports a handful of hostile files, one line each, no traceback."""
    names = [
        "syntax-truncated-object.json",
        "encoding-lone-high-surrogate-escape.json",
        "number-integer-5000-digits.json",
        "duplicate-key-depth-4.json",
        "shape-goal-is-array.json",
        "encoding-invalid-utf8-ff.json",
        "binary-png-header.json",
    ]
    paths = [str(CASES / name) for name in names]
    done = subprocess.run(
        [_console_script(), "validate", *paths],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2  # two files are not UTF-8 at all
    assert "Traceback" not in done.stderr + done.stdout
    lines = done.stdout.splitlines()
    summary = lines.pop()
    assert summary == "7 files: 0 valid, 5 invalid, 2 unreadable"
    assert len(lines) == len(names)
    for name, line in zip(names, lines, strict=True):
        assert line.startswith(str(CASES / name) + ":"), line
    assert lines[0].startswith(f"{CASES / names[0]}:1:11: $: ")


def test_console_script_reads_hostile_stdin() -> None:
    """The installed command reads a hostile document from standard input."""
    done = subprocess.run(
        [_console_script(), "validate", "-"],
        input=b"[" * 100_000,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr == b""
    assert done.stdout.decode().splitlines() == [
        "-:1:1025: $: nesting is deeper than the limit of 1024 levels [too-deep]"
    ]
