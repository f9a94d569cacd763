"""Hostile input: every corpus case gets its recorded outcome, and nothing crashes.

The corpus lives in ``tests/data/hostile/`` (see its README). Each case goes through
``loads`` (which may raise only :class:`~summitlib.SummitValidationError`), ``validate``
(which never raises) and the ``validate`` command, in process; a handful also go through
the installed console script.
"""

from __future__ import annotations

import errno
import importlib.util
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import orjson
import pytest

import summitlib
from summitlib import _meta, cli

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
    shape = {"type", "required", "unknown-key", "version", "blank", "length", "pattern", "enum"}
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


# --------------------------------------------------------------------------- unreadable files


def _unreadable_files(tmp_path: Path) -> dict[str, str]:
    """Make one file of each unreadable kind; return each path with its expected error."""
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    (tmp_path / "loop-a.json").symlink_to(tmp_path / "loop-b.json")
    (tmp_path / "loop-b.json").symlink_to(tmp_path / "loop-a.json")
    (tmp_path / "empty-dir").mkdir()
    (tmp_path / "latin1.json").write_bytes('{"title": "Café"}'.encode("latin-1"))
    (tmp_path / "dangling.json").symlink_to(tmp_path / "nowhere.json")
    return {
        str(tmp_path / "missing.json"): "no such file or directory",
        str(fifo): "not a regular file",
        str(tmp_path / "loop-a.json"): "too many levels of symbolic links",
        str(tmp_path / "empty-dir"): "directory holds no *.json files",
        str(tmp_path / "latin1.json"): "not UTF-8 text (invalid byte at line 1)",
        str(tmp_path / "dangling.json"): "no such file or directory",
    }


def test_command_reports_each_unreadable_file_on_one_line(tmp_path: Path) -> None:
    """Missing, FIFO, symlink loop, empty directory, not UTF-8: exit 2, one line each."""
    files = _unreadable_files(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(["validate", *files], out, err)
    assert code == 2
    assert err.getvalue() == ""
    lines = out.getvalue().splitlines()
    assert lines.pop() == f"{len(files)} files: 0 valid, 0 invalid, {len(files)} unreadable"
    assert lines == [f"{path}: error: {message}" for path, message in files.items()]


def test_command_reports_a_file_it_may_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file without read permission is one line and exit 2 (injected: tests run as root)."""
    secret = tmp_path / "secret.json"
    secret.write_text("{}", "utf-8")
    real_open = os.open

    def guarded_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if str(path) == str(secret):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded_open)
    out = io.StringIO()
    assert cli.run(["validate", str(secret), str(CASES / "valid-base.json")], out, io.StringIO())
    assert out.getvalue().splitlines() == [
        f"{secret}: error: permission denied",
        f"{CASES / 'valid-base.json'}: valid",
        "2 files: 1 valid, 0 invalid, 1 unreadable",
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_console_script_reports_a_file_it_may_not_read(tmp_path: Path) -> None:
    """Without read permission the installed command exits 2 with one line."""
    secret = tmp_path / "secret.json"
    secret.write_text("{}", "utf-8")
    secret.chmod(0)
    done = subprocess.run(
        [_console_script(), "validate", str(secret)], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout) == (2, f"{secret}: error: permission denied\n")


def test_console_script_reports_unreadable_files(tmp_path: Path) -> None:
    """The installed command reports unreadable files without a traceback or a hang."""
    files = _unreadable_files(tmp_path)
    for command in ("validate", "fmt"):
        done = subprocess.run(
            [_console_script(), command, *files],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 2, command
        assert "Traceback" not in done.stdout + done.stderr
        lines = done.stdout.splitlines()
        for path, message in files.items():
            assert f"{path}: error: {message}" in lines, (command, lines)


# --------------------------------------------------------------------------- interrupted writes


def _interrupt_writes(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    """Make every file opened for writing fail half-way through its first write."""
    real_fdopen = os.fdopen

    class HalfWriter(io.RawIOBase):
        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def write(self, data: Any) -> int:
            self.handle.write(bytes(data)[: len(data) // 2])
            self.handle.flush()
            raise error

        def fileno(self) -> int:
            return int(self.handle.fileno())

        def close(self) -> None:
            self.handle.close()
            super().close()

    def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_fdopen(fd, mode, *args, **kwargs)
        return HalfWriter(handle) if "w" in mode else handle

    monkeypatch.setattr(os, "fdopen", fdopen)


@pytest.mark.parametrize("error", [OSError(errno.ENOSPC, "No space left on device")])
def test_fmt_interrupted_mid_write_keeps_the_original(
    error: BaseException, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """fmt failing half-way through writing leaves the file as it was, and no litter."""
    path = tmp_path / "summit.json"
    original = json.dumps(json.loads((CASES / "valid-base.json").read_bytes())).encode()
    path.write_bytes(original)
    _interrupt_writes(monkeypatch, error)
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(["fmt", str(path)], out, err)
    assert code == 2
    assert "no space left on device" in out.getvalue()
    assert "Traceback" not in out.getvalue() + err.getvalue()
    assert path.read_bytes() == original
    assert [p.name for p in tmp_path.iterdir()] == ["summit.json"]


def test_fmt_killed_mid_write_keeps_the_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An interrupt (Ctrl-C) half-way through a write leaves the file as it was."""
    path = tmp_path / "summit.json"
    original = json.dumps(json.loads((CASES / "valid-base.json").read_bytes())).encode()
    path.write_bytes(original)
    _interrupt_writes(monkeypatch, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        cli.run(["fmt", str(path)], io.StringIO(), io.StringIO())
    assert path.read_bytes() == original
    assert [p.name for p in tmp_path.iterdir()] == ["summit.json"]


def test_dump_interrupted_mid_write_keeps_the_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """dump to a path that fails half-way raises the OSError and keeps the old file."""
    path = tmp_path / "summit.json"
    path.write_bytes(b"old contents")
    summit = summitlib.loads((CASES / "valid-base.json").read_bytes())
    _interrupt_writes(monkeypatch, OSError(errno.EIO, "Input/output error"))
    with pytest.raises(OSError, match="Input/output error"):
        summitlib.dump(summit, path)
    assert path.read_bytes() == b"old contents"
    assert [p.name for p in tmp_path.iterdir()] == ["summit.json"]


# --------------------------------------------------------------------------- regular expressions

_REGEX_CHECK = r"""
import importlib, json, pkgutil, re, sys
import summitlib
from summitlib import _meta

patterns = {}
for kind in _meta.STRING_KINDS.values():
    if kind.pattern is not None:
        patterns[f"kind {kind.name}"] = re.compile(kind.pattern)
        patterns[f"kind {kind.name} (compiled)"] = kind.compiled
for info in pkgutil.iter_modules(summitlib.__path__):
    try:
        module = importlib.import_module(f"summitlib.{info.name}")
    except ImportError:  # an optional extra that is not installed
        continue
    for name, value in vars(module).items():
        if isinstance(value, re.Pattern):
            patterns[f"{info.name}.{name}"] = value
for name, pattern in json.loads(sys.argv[1]).items():
    patterns[name] = re.compile(pattern)

try:
    import re._parser as sre_parse
except ImportError:  # Python 3.10
    import sre_parse


def alphabet(pattern):
    # Every literal and class bound in the pattern, plus characters no class expects.
    found = set("!\x00\n \t-:./\\\"aZ9\u3000")
    stack = [sre_parse.parse(pattern.pattern)]
    while stack:
        for op, arg in stack.pop():
            if op is sre_parse.LITERAL:
                found.add(chr(arg))
            elif op is sre_parse.IN:
                for inner_op, inner in arg:
                    if inner_op is sre_parse.LITERAL:
                        found.add(chr(inner))
                    elif inner_op is sre_parse.RANGE:
                        found.update((chr(inner[0]), chr(inner[1])))
            elif isinstance(arg, (list, tuple)):
                for item in arg:
                    if isinstance(item, sre_parse.SubPattern):
                        stack.append(item)
                    elif isinstance(item, (list, tuple)):
                        stack.extend(x for x in item if isinstance(x, sre_parse.SubPattern))
    return sorted(found)


SIZE = 10_000
checked = 0
unique = {(pattern.pattern, pattern.flags): pattern for pattern in patterns.values()}
for pattern in unique.values():
    chars = alphabet(pattern)
    bodies = [c * SIZE for c in chars]
    bodies += [(a + b) * (SIZE // 2) for a in chars[:6] for b in chars[:6] if a != b]
    for prefix in ("", "https://", "cap:", "a-"):
        for body in bodies:
            for end in ("", "!", "\n"):
                text = prefix + body + end
                if isinstance(pattern.pattern, bytes):  # a byte pattern's alphabet is bytes
                    text = text.encode("latin-1", "replace")
                pattern.search(text)
                pattern.fullmatch(text)
                checked += 1
print(len(unique), checked)
"""


def _schema_patterns() -> dict[str, str]:
    schema_path = CORPUS.parent.parent.parent / "schemas" / "summit.schema.json"
    if not schema_path.exists():
        return {}
    found: dict[str, str] = {}
    stack: list[Any] = [json.loads(schema_path.read_text("utf-8"))]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "pattern" and isinstance(value, str):
                    found[f"schema {value}"] = value
                if key == "patternProperties" and isinstance(value, dict):
                    found.update({f"schema {k}": k for k in value})
                stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)
    return found


def test_regular_expressions_resist_catastrophic_backtracking() -> None:
    """Every pattern in the library and the schema finishes on adversarial 10 kB inputs.

    Nothing is timed: the generous bound (a subprocess timeout of minutes for what takes
    seconds) only stops a hang. Exponential backtracking on 10,000 characters would not
    end this century.
    """
    done = subprocess.run(
        [sys.executable, "-c", _REGEX_CHECK, json.dumps(_schema_patterns())],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    patterns, checked = map(int, done.stdout.split())
    assert patterns > len([kind for kind in _meta.STRING_KINDS.values() if kind.pattern])
    assert checked > 5_000


def test_fuzz_harness_accepts_the_corpus() -> None:
    """The atheris harness (run here without atheris) passes every committed case."""
    spec = importlib.util.spec_from_file_location(
        "fuzz_validate", CORPUS.parent.parent.parent / "fuzz" / "fuzz_validate.py"
    )
    assert spec is not None
    assert spec.loader is not None
    harness = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(harness)
    for path in sorted(CASES.iterdir()):
        harness.one_input(path.read_bytes())
