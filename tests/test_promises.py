"""The promises of docs/security.md at the edges: lost edits, unbounded reads, escapes, output.

Each test here failed before the change it guards (issue 16).
"""

from __future__ import annotations

import concurrent.futures
import errno
import io
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import attrs
import pytest

import summitlib
from summitlib import _files, _json, _pipeline, cli
from summitlib.errors import NotRegularFileError

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX files and signals")
ESCAPES = ("\x1b", "\x07", "\x9b", "\x7f", "\u202e", "\u2066")


def _compact(path: Path) -> str:
    return json.dumps(json.loads(path.read_text(encoding="utf-8")), ensure_ascii=False)


def _run(*argv: str, stdin: bytes = b"") -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = cli.run(list(argv), stdout, stderr, io.BytesIO(stdin), environ={"NO_COLOR": "1"})
    return code, stdout.getvalue(), stderr.getvalue()


def _temporaries(directory: Path) -> list[Path]:
    return sorted(directory.rglob(".*.tmp"))


# --- nothing the user had is lost --------------------------------------------------------


def _edit_while_formatting(
    monkeypatch: pytest.MonkeyPatch, target: Path, new: bytes, *, keep_stat: bool = False
) -> None:
    """Make the next format of *target* meet a concurrent save of *new* after reading it."""
    from summitlib import io as summit_io

    real = summit_io._dump_bytes

    def dump_then_edit(summit: summitlib.Summit) -> bytes:
        before = target.stat()
        target.write_bytes(new)
        if keep_stat:  # the same size and time: only the bytes tell
            os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
        return real(summit)

    monkeypatch.setattr(summit_io, "_dump_bytes", dump_then_edit)


@pytest.mark.parametrize("keep_stat", [False, True])
def test_fmt_never_discards_an_edit_made_while_it_runs(
    tmp_path: Path, alaska_path: Path, monkeypatch: pytest.MonkeyPatch, keep_stat: bool
) -> None:
    """A file saved between fmt's read and its rename is left as saved, and reported."""
    target = tmp_path / "a.json"
    old = _compact(alaska_path).encode("utf-8")
    target.write_bytes(old)
    new = old.replace(b"Alaska", b"ALASKA") if keep_stat else old + b" "
    assert len(new) == len(old) or not keep_stat
    _edit_while_formatting(monkeypatch, target, new, keep_stat=keep_stat)
    code, out, err = _run("fmt", str(target))
    assert target.read_bytes() == new
    assert code == 2
    assert "changed while being formatted, so left as it is" in out
    assert "1 not written" in err
    assert _temporaries(tmp_path) == []


@POSIX
def test_fmt_refuses_a_read_only_file_even_as_root(tmp_path: Path, alaska_path: Path) -> None:
    """Mode 0444 says the file is meant to stay: fmt reports it and leaves it."""
    target = tmp_path / "a.json"
    target.write_text(_compact(alaska_path), encoding="utf-8")
    target.chmod(0o444)
    code, out, _ = _run("fmt", str(target))
    assert (code, out) == (2, f"{target}: error: not written: read-only file\n")
    assert target.read_text(encoding="utf-8") == _compact(alaska_path)
    assert target.stat().st_mode & 0o777 == 0o444


@POSIX
@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_new_files_get_the_mode_the_umask_gives(
    tmp_path: Path, alaska_path: Path, umask: int, mode: int
) -> None:
    """dump, render -o, schema -o and export create files as any other program would."""
    summit = summitlib.load(alaska_path)
    old = os.umask(umask)
    try:
        summitlib.dump(summit, tmp_path / "dumped.json")
        assert _run("render", str(alaska_path), "-o", str(tmp_path / "r.md"))[0] == 0
        assert _run("schema", "-o", str(tmp_path / "s.json"))[0] == 0
        assert _run("export", str(alaska_path), "-o", str(tmp_path / "t"))[0] == 0
    finally:
        os.umask(old)
    written = [tmp_path / "dumped.json", tmp_path / "r.md", tmp_path / "s.json"]
    written += sorted((tmp_path / "t").iterdir())
    assert {path.name: path.stat().st_mode & 0o777 for path in written} == {
        path.name: mode for path in written
    }


@POSIX
@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_fmt_as_root_keeps_the_owner_and_group(tmp_path: Path, alaska_path: Path) -> None:
    """Root rewriting nobody's file gives it back to nobody."""
    target = tmp_path / "a.json"
    target.write_text(_compact(alaska_path), encoding="utf-8")
    os.chown(target, 65534, 65534)
    assert _run("fmt", str(target))[0] == 0
    assert (target.stat().st_uid, target.stat().st_gid) == (65534, 65534)
    assert target.read_bytes() == alaska_path.read_bytes()


def test_the_next_fmt_skips_a_leftover_temporary_file(tmp_path: Path, alaska_path: Path) -> None:
    """What SIGKILL leaves (``.NAME.XXXX.tmp``) is neither validated nor rewritten."""
    (tmp_path / "a.json").write_bytes(alaska_path.read_bytes())
    leftover = tmp_path / ".a.json.k2j4.tmp"
    leftover.write_text('{"half": ', encoding="utf-8")
    code, out, err = _run("fmt", str(tmp_path))
    assert (code, out) == (0, "")
    assert err == "1 file: 0 reformatted, 1 unchanged, 0 invalid, 0 unreadable\n"
    assert leftover.read_text(encoding="utf-8") == '{"half": '


_STOP_DURING_WRITE = """
import os, signal, sys
# As in a terminal's foreground job: a shell starts background jobs (a CI step run with
# `&`, say) with SIGINT ignored, and Python then installs no KeyboardInterrupt handler.
signal.signal(signal.SIGINT, signal.default_int_handler)
import summitlib, summitlib.cli
real = os.fsync
def fsync_then_stop(fd):
    real(fd)
    os.kill(os.getpid(), signal.{signal})
os.fsync = fsync_then_stop
if sys.argv[1] == "dump":
    summitlib.dump(summitlib.load(sys.argv[2]), sys.argv[3])
else:
    sys.argv = ["summitlib", *sys.argv[1:]]
    summitlib.cli.main()
"""


@POSIX
@pytest.mark.parametrize("stop", ["SIGTERM", "SIGINT"])
@pytest.mark.parametrize("command", ["fmt", "dump", "render", "schema", "export"])
def test_a_stop_during_a_write_leaves_no_temporary_file(
    tmp_path: Path, alaska_path: Path, command: str, stop: str
) -> None:
    """SIGTERM (timeout, CI cancellation) and Ctrl-C remove the temporary file first."""
    source = tmp_path / "in.json"
    source.write_text(_compact(alaska_path), encoding="utf-8")
    out = tmp_path / "out"
    argv = {
        "fmt": ["fmt", str(source)],
        "dump": ["dump", str(alaska_path), str(out)],
        "render": ["render", str(alaska_path), "-o", str(out)],
        "schema": ["schema", "-o", str(out)],
        "export": ["export", str(alaska_path), "-o", str(out)],
    }[command]
    done = subprocess.run(
        [sys.executable, "-c", _STOP_DURING_WRITE.format(signal=stop), *argv],
        capture_output=True,
        text=True,
        timeout=120,
    )
    signum = getattr(signal, stop)
    if command == "dump" and stop == "SIGTERM":
        assert done.returncode == -signum  # a library leaves the process to die of it
    elif command == "dump":
        assert "KeyboardInterrupt" in done.stderr
    else:
        assert done.returncode == 128 + signum, done.stderr
        assert "Traceback" not in done.stderr
    assert _temporaries(tmp_path) == []
    assert source.read_text(encoding="utf-8") == _compact(alaska_path)
    assert not out.is_file()


# --- bounded work for every entry point --------------------------------------------------


@POSIX
def test_load_refuses_a_device_and_a_fifo_without_reading(tmp_path: Path) -> None:
    """load('/dev/zero') does not grow until MemoryError, and a FIFO does not block."""
    os.mkfifo(tmp_path / "fifo.json")
    outcome: list[BaseException] = []

    def load_all() -> None:
        for name in ("/dev/zero", tmp_path / "fifo.json"):
            try:
                summitlib.load(name)
            except NotRegularFileError as error:
                outcome.append(error)

    worker = threading.Thread(target=load_all, daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive(), "load blocked"
    assert [isinstance(error, OSError) for error in outcome] == [True, True]
    assert [error.filename for error in outcome] == ["/dev/zero", str(tmp_path / "fifo.json")]


def test_load_refuses_a_large_file_from_its_size_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file over the limit is refused as too-large before a byte of it is read."""
    monkeypatch.setattr(_json, "MAX_DOCUMENT_BYTES", 1000)
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 5000)
    reads: list[int] = []
    real = os.read

    def counting(fd: int, size: int) -> bytes:
        reads.append(size)
        return real(fd, size)

    monkeypatch.setattr(_files.os, "read", counting)
    with pytest.raises(summitlib.SummitValidationError) as caught:
        summitlib.load(big)
    assert reads == []
    assert [p.code for p in caught.value.problems] == ["too-large"]
    assert str(big) in str(caught.value)


@POSIX
def test_load_of_an_endless_open_file_stops_past_the_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """load(open('/dev/zero', 'rb')) reads one chunk past the limit, then refuses."""
    monkeypatch.setattr(_json, "MAX_DOCUMENT_BYTES", 10_000)
    with (
        open("/dev/zero", "rb") as endless,
        pytest.raises(summitlib.SummitValidationError) as caught,
    ):
        summitlib.load(endless)
    assert [p.code for p in caught.value.problems] == ["too-large"]
    assert caught.value.source == "/dev/zero"


def test_load_errors_name_the_file(tmp_path: Path) -> None:
    """A loop over many files can say which one failed."""
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema_version": "1.0"}', encoding="utf-8")
    with pytest.raises(summitlib.SummitValidationError) as caught:
        summitlib.load(broken)
    assert caught.value.source == str(broken)
    assert str(caught.value).startswith(f"6 problems in {broken}:")
    with broken.open("rb") as handle, pytest.raises(summitlib.SummitValidationError) as caught:
        summitlib.load(handle)
    assert caught.value.source == str(broken)


def test_jobs_are_capped_at_the_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    """--jobs 10000 on 4,000 files starts as many processes as there are CPUs."""
    monkeypatch.setattr(_pipeline, "max_jobs", lambda: 3)
    assert _pipeline.ProcessPool(10_000).processes(4_000) == 3
    assert _pipeline.ProcessPool(0).processes(4_000) == 3
    assert _pipeline.ProcessPool(2).processes(4_000) == 2
    assert _pipeline.ProcessPool(10_000).processes(20) == 2  # few files, few processes


def _many(directory: Path, alaska_path: Path) -> list[str]:
    for index in range(_pipeline.MIN_FILES_PER_PROCESS * 4):
        target = directory / f"{index:02}.json"
        if index % 5:
            target.write_bytes(alaska_path.read_bytes())
        else:
            target.write_text('{"schema_version": "1.0"}', encoding="utf-8")
    return [str(directory)]


def test_a_failed_fork_falls_back_to_checking_here(
    tmp_path: Path, alaska_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No process can be started: the results are those of one process, not an error."""
    paths = _many(tmp_path, alaska_path)
    alone = _pipeline.check_paths(paths)

    def no_fork(*args: Any, **kwargs: Any) -> Any:
        raise BlockingIOError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(_pipeline, "max_jobs", lambda: 4)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_fork)
    assert _pipeline.check_paths(paths, jobs=4) == alone
    code, out, err = _run("validate", "--jobs", "4", *paths)
    assert code == 1
    assert "internal error" not in out + err


def test_a_pool_that_breaks_halfway_is_finished_here(
    tmp_path: Path, alaska_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker that dies (BrokenProcessPool) costs time, not results."""
    from concurrent.futures.process import BrokenProcessPool

    paths = _many(tmp_path, alaska_path)
    alone = _pipeline.check_paths(paths)

    class Breaking:
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            self.submitted = 0

        def submit(self, function: Any, *args: Any) -> concurrent.futures.Future[Any]:
            future: concurrent.futures.Future[Any] = concurrent.futures.Future()
            self.submitted += 1
            if self.submitted == 1:
                future.set_result(function(*args))
            else:
                future.set_exception(BrokenProcessPool("a worker died"))
            return future

        def shutdown(self, *args: Any, **kwargs: Any) -> None:
            pass

    monkeypatch.setattr(_pipeline, "max_jobs", lambda: 2)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Breaking)
    assert _pipeline.check_paths(paths, jobs=2) == alone


# --- what is printed is safe to print ----------------------------------------------------

HOSTILE_KEY = "\x1b]0;owned\x07\x1b[2J\u202efdp.exe\nforged.json: valid"


def _hostile_document(alaska_path: Path) -> str:
    data = json.loads(alaska_path.read_text(encoding="utf-8"))
    data[HOSTILE_KEY] = 1
    data["title"] = "Title\u202e\u2066 \x9b31m \x7f"
    return json.dumps(data, ensure_ascii=False)


def _assert_safe(text: str) -> None:
    assert not any(char in text for char in ESCAPES), repr(text)
    assert "forged.json: valid" not in text.splitlines()


@pytest.mark.parametrize("format", ["text", "json", "github"])
def test_validate_output_escapes_control_characters(
    tmp_path: Path, alaska_path: Path, format: str
) -> None:
    """Keys, values and file names cannot drive the terminal or forge a line."""
    name = "x\x1b[31m\u202e.json" if sys.platform == "linux" else "x.json"
    target = tmp_path / name
    target.write_text(_hostile_document(alaska_path), encoding="utf-8")
    code, out, err = _run("validate", "--format", format, str(target))
    assert code == 1
    _assert_safe(out + err)
    assert "\\x1b" in out or "\\u001b" in out
    if format == "json":
        report = json.loads(out)
        assert report["files"][0]["file"] == str(target)  # the same data, only escaped


def test_fmt_compare_diff_and_render_output_is_escaped(tmp_path: Path, alaska_path: Path) -> None:
    """Diffs and reports quote document text; none of it reaches the terminal raw."""
    data = json.loads(alaska_path.read_text(encoding="utf-8"))
    data["title"] = "Title\u202e\u2066 \x9b31m \x7f\x85"
    data["agendas"][0]["goals"][0]["title"] = "Goal \u202egnp.exe"
    hostile = tmp_path / "h.json"
    hostile.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    outputs = [
        _run("fmt", "--check", str(hostile)),
        _run("compare", str(hostile)),
        _run("compare", "--format", "json", str(hostile)),
        _run("compare", "--format", "markdown", str(hostile)),
        _run("diff", str(alaska_path), str(hostile)),
        _run("diff", "--format", "json", str(alaska_path), str(hostile)),
        _run("render", str(hostile)),
        _run("render", "--format", "text", str(hostile)),
    ]
    for code, out, err in outputs:
        assert code in (0, 1), err
        _assert_safe(out + err)
    assert json.loads(outputs[5][1])["changed"]


# --- the user's environment is not a bug in summitlib ------------------------------------


def _shell(command: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "SUMMITLIB_DEBUG"}
    script = f"{sys.executable} -m summitlib {command}"
    return subprocess.run(
        ["/bin/sh", "-c", script],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=tmp_path,
    )


@POSIX
@pytest.mark.parametrize(
    ("redirect", "message"),
    [
        (">&-", "summitlib: cannot write to standard output: it is closed\n"),
        ("> /dev/full", "summitlib: cannot write to standard output: no space left on device\n"),
        (">&- 2>&-", ""),
    ],
)
def test_output_that_cannot_be_written_is_one_line_and_exit_2(
    tmp_path: Path, alaska_path: Path, redirect: str, message: str
) -> None:
    """Closed stdout, a full disk, both streams closed: never 'internal error', never exit 1."""
    if redirect.startswith("> /dev/full") and not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    done = _shell(f"validate {alaska_path} {redirect}", tmp_path)
    assert (done.returncode, done.stderr) == (2, message)


@POSIX
def test_a_broken_pipe_is_one_line_and_exit_2(tmp_path: Path, alaska_path: Path) -> None:
    """A reader that has gone away before the output is written."""
    script = (
        f"{sys.executable} -m summitlib validate {alaska_path}"
        " | (exec 0<&-; sleep 1); exit ${PIPESTATUS[0]}"
    )
    done = subprocess.run(
        ["/bin/bash", "-c", script], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert (done.returncode, done.stderr) == (
        2,
        "summitlib: cannot write to standard output: broken pipe\n",
    )


def test_an_empty_output_name_says_so(alaska_path: Path) -> None:
    """render -o '' and schema -o '' are usage errors that say what is wrong."""
    for argv in (["render", str(alaska_path), "-o", ""], ["schema", "-o", ""]):
        code, out, err = _run(*argv)
        assert (code, out) == (2, "")
        assert "-o/--output needs a file name (got an empty one)" in err


def test_export_to_something_that_is_not_a_directory_says_so(alaska_path: Path) -> None:
    """export -o /dev/null (or a file) is refused before any file is processed."""
    code, out, err = _run("export", str(alaska_path), "-o", os.devnull)
    assert (code, out, err) == (2, "", f"{os.devnull}: error: cannot write: not a directory\n")


# --- the Python API never writes what it cannot read back --------------------------------


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"location": {"latitude": float("inf")}}, "range"),
        ({"location": {"latitude": float("nan")}}, "range"),
        ({"location": {"latitude": 10**30}}, "range"),
        ({"id": "BAD ID"}, "pattern"),
        ({"title": ""}, "blank"),
    ],
)
def test_dump_of_a_hand_built_summit_checks_it_first(
    tmp_path: Path, alaska_path: Path, change: dict[str, Any], code: str
) -> None:
    """inf never becomes null, and an invalid summit is never written at all."""
    summit = summitlib.load(alaska_path)
    if "location" in change:
        summit = attrs.evolve(summit, location=attrs.evolve(summit.location, **change["location"]))
    else:
        summit = attrs.evolve(summit, **change)
    with pytest.raises(summitlib.SummitValidationError) as caught:
        summitlib.dumps(summit)
    assert code in {problem.code for problem in caught.value.problems}
    target = tmp_path / "out.json"
    with pytest.raises(summitlib.SummitValidationError):
        summitlib.dump(summit, target)
    assert not target.exists()
    assert _temporaries(tmp_path) == []
