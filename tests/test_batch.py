"""Tests for the file pipeline (summitlib._pipeline): find, read, check and format files."""

from __future__ import annotations

import concurrent.futures
import doctest
import errno
import io
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from summitlib import _files, _json
from summitlib import _pipeline as batch
from summitlib._pipeline import FileResult

INVALID = '{"schema_version": "1.0", "id": "Not A Slug"}\n'


@pytest.fixture
def tree(tmp_path: Path, alaska_path: Path) -> Path:
    """A directory with valid, invalid, hidden and non-JSON files, some nested."""
    shutil.copy(alaska_path, tmp_path / "b.json")
    (tmp_path / "a.json").write_text(INVALID, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not json", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    shutil.copy(alaska_path, tmp_path / "sub" / "c.json")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "hidden.json").write_text("{}", encoding="utf-8")
    (tmp_path / ".hidden.json").write_text("{}", encoding="utf-8")
    return tmp_path


def _compact(alaska_path: Path) -> str:
    """The example document as valid but non-canonical JSON."""
    return json.dumps(json.loads(alaska_path.read_text(encoding="utf-8")))


def test_directories_are_searched_for_json_files_in_sorted_order(tree: Path) -> None:
    """Nested *.json files are found, sorted; hidden files and directories are skipped."""
    found = list(batch.expand_paths([str(tree)]))
    assert found == [str(tree / "a.json"), str(tree / "b.json"), str(tree / "sub" / "c.json")]


def test_paths_keep_the_order_given(tree: Path) -> None:
    """Named files and directories come out in the order named; stdin passes through."""
    found = list(batch.expand_paths([str(tree / "b.json"), "-", str(tree / "sub")]))
    assert found == [str(tree / "b.json"), "-", str(tree / "sub" / "c.json")]


def test_a_hidden_file_named_explicitly_is_checked(tree: Path) -> None:
    """Only directory searches skip hidden files."""
    assert list(batch.expand_paths([str(tree / ".hidden.json")])) == [str(tree / ".hidden.json")]


def test_missing_paths_and_empty_directories_are_errors(tmp_path: Path) -> None:
    """A missing path and a directory without JSON become error results, not exceptions."""
    (tmp_path / "empty").mkdir()
    missing, empty = batch.expand_paths([str(tmp_path / "nope.json"), str(tmp_path / "empty")])
    assert isinstance(missing, FileResult)
    assert missing.error == "no such file or directory"
    assert isinstance(empty, FileResult)
    assert empty.error == "directory holds no *.json files"


def test_an_unreadable_folder_in_a_search_is_an_error(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder the search cannot list is reported in its place, not skipped silently."""
    real_scandir = os.scandir

    def scandir(path: Any) -> Any:
        if os.fspath(path).endswith("sub"):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = list(batch.expand_paths([str(tree)]))
    assert found[:2] == [str(tree / "a.json"), str(tree / "b.json")]
    assert found[2] == FileResult(str(tree / "sub"), error="permission denied")


def test_a_symlink_loop_of_directories_does_not_hang(tmp_path: Path, alaska_path: Path) -> None:
    """Symbolic links to directories are not followed by a search, so loops end."""
    shutil.copy(alaska_path, tmp_path / "a.json")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    assert list(batch.expand_paths([str(tmp_path)])) == [str(tmp_path / "a.json")]


def test_a_valid_file_is_ok(alaska_path: Path) -> None:
    """The example checks clean."""
    result = batch.check_file(str(alaska_path))
    assert result.ok
    assert result.problems == ()


def test_an_invalid_file_reports_problems_with_positions(tmp_path: Path) -> None:
    """An invalid file has a report with located problems and no error."""
    (tmp_path / "a.json").write_text(INVALID, encoding="utf-8")
    result = batch.check_file(str(tmp_path / "a.json"))
    assert not result.ok
    assert result.error is None
    first = result.problems[0]
    assert (first.path, first.code, first.line, first.column) == ("$.id", "pattern", 1, 27)


def test_a_symlink_loop_is_an_error(tmp_path: Path) -> None:
    """A file that is a symbolic link to itself is reported, not followed forever."""
    (tmp_path / "loop.json").symlink_to(tmp_path / "loop.json")
    found = list(batch.expand_paths([str(tmp_path / "loop.json")]))
    assert found == [str(tmp_path / "loop.json")]
    result = batch.check_file(str(tmp_path / "loop.json"))
    assert result.error == "too many levels of symbolic links"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    """Opening a FIFO would block; it is refused as not a regular file."""
    os.mkfifo(tmp_path / "pipe.json")
    assert batch.check_file(str(tmp_path / "pipe.json")).error == "not a regular file"


def test_a_directory_named_as_a_file_is_an_error(tmp_path: Path) -> None:
    """check_file on a directory says so."""
    assert batch.check_file(str(tmp_path)).error == "is a directory"


def test_permission_denied_is_an_error(
    tmp_path: Path, alaska_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unreadable file is an error result (simulated: tests may run as root)."""
    shutil.copy(alaska_path, tmp_path / "a.json")

    def refuse(*args: Any, **kwargs: Any) -> int:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(batch.os, "open", refuse)
    assert batch.check_file(str(tmp_path / "a.json")).error == "permission denied"


def test_text_that_is_not_utf8_is_an_error_with_its_line(tmp_path: Path) -> None:
    """Invalid UTF-8 is unreadable input, and the message says on which line."""
    (tmp_path / "a.json").write_bytes(b'{\n  "id": "caf\xe9"\n}\n')
    assert batch.check_file(str(tmp_path / "a.json")).error == (
        "not UTF-8 text (invalid byte at line 2)"
    )


def test_a_file_over_the_size_limit_is_reported_without_reading_it_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A document larger than the limit is a too-large problem."""
    monkeypatch.setattr(_json, "MAX_DOCUMENT_BYTES", 10)
    (tmp_path / "a.json").write_text('{"schema_version": "1.0"}', encoding="utf-8")
    result = batch.check_file(str(tmp_path / "a.json"))
    assert [problem.code for problem in result.problems] == ["too-large"]


def test_standard_input_is_read_for_a_dash(alaska_text: str) -> None:
    """``-`` reads the given stdin stream."""
    result = batch.check_file("-", io.BytesIO(alaska_text.encode("utf-8")))
    assert result.path == "-"
    assert result.ok


def test_a_missing_standard_input_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """A process started without stdin reports it instead of failing oddly."""
    monkeypatch.setattr(sys, "stdin", None)
    assert batch.check_file("-").error == "there is no standard input"


def test_an_endless_standard_input_is_cut_at_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading stdin stops one byte past the limit, so a huge stream cannot fill memory."""
    monkeypatch.setattr(_json, "MAX_DOCUMENT_BYTES", 100)
    result = batch.check_file("-", io.BytesIO(b" " * 10_000))
    assert [problem.code for problem in result.problems] == ["too-large"]


def test_a_bug_in_checking_is_raised_not_blamed_on_the_file(
    alaska_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only bad files become results: a failure of summitlib itself is not the file's fault."""

    def broken(data: bytes) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(batch, "check", broken)
    with pytest.raises(RuntimeError, match="boom"):
        batch.check_file(str(alaska_path))


def test_load_file_gives_the_summit_of_a_valid_file(alaska_path: Path) -> None:
    """A valid file gives its summit and an ok result."""
    summit, result = batch.load_file(str(alaska_path))
    assert summit is not None
    assert summit.id == "alaska-2025"
    assert result.ok


def test_load_file_gives_no_summit_for_bad_files(tmp_path: Path) -> None:
    """Invalid and unreadable files give None and a result that says why."""
    (tmp_path / "a.json").write_text(INVALID, encoding="utf-8")
    (tmp_path / "b.json").write_bytes(b"\xff")
    summit, invalid = batch.load_file(str(tmp_path / "a.json"))
    assert summit is None
    assert invalid.problems[0].code == "pattern"
    summit, unreadable = batch.load_file(str(tmp_path / "b.json"))
    assert summit is None
    assert unreadable.error == "not UTF-8 text (invalid byte at line 1)"
    assert batch.load_file(str(tmp_path / "missing.json"))[1].error == "no such file or directory"


def test_check_paths_continues_past_bad_files(tree: Path) -> None:
    """Every file gets a result, in order, whatever the others held."""
    results = batch.check_paths([str(tree / "missing.json"), str(tree)])
    assert [result.path for result in results] == [
        str(tree / "missing.json"),
        str(tree / "a.json"),
        str(tree / "b.json"),
        str(tree / "sub" / "c.json"),
    ]
    assert [result.ok for result in results] == [False, False, True, True]


@pytest.fixture
def many(tmp_path: Path, alaska_path: Path) -> Path:
    """Enough files (valid, invalid, unreadable) for several processes."""
    for index in range(batch.MIN_FILES_PER_PROCESS * 3):
        name = tmp_path / f"{index:03}.json"
        if index % 3 == 0:
            name.write_text(INVALID, encoding="utf-8")
        elif index % 7 == 0:
            name.write_bytes(b"\xff")
        else:
            shutil.copy(alaska_path, name)
    return tmp_path


class _Spy:
    """Records that a process pool was started."""

    started: list[int]

    def __init__(self, real: Any) -> None:
        self.real = real
        self.started = []

    def __call__(self, processes: int, **kwargs: Any) -> Any:
        self.started.append(processes)
        return self.real(processes, **kwargs)


def test_jobs_give_the_same_results_in_the_same_order(
    many: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checking in several processes gives exactly the single-process results."""
    spy = _Spy(concurrent.futures.ProcessPoolExecutor)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", spy)
    monkeypatch.setattr(batch, "max_jobs", lambda: 2)
    alone = batch.check_paths([str(many)])
    seen: list[str] = []
    together = batch.check_paths(
        [str(many)], jobs=2, on_result=lambda result: seen.append(result.path)
    )
    assert spy.started == [2]
    assert together == alone
    assert seen == [result.path for result in alone]


def test_a_process_running_other_threads_is_not_forked(
    many: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Forking a process that runs another thread can leave a worker waiting forever on
    a lock that thread held: the workers then come from a fork server, with the same
    results."""
    import threading

    kwargs: list[dict[str, Any]] = []
    real = concurrent.futures.ProcessPoolExecutor

    def spy(processes: int, **given: Any) -> Any:
        kwargs.append(given)
        return real(processes, **given)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", spy)
    monkeypatch.setattr(batch, "max_jobs", lambda: 2)
    alone = batch.check_paths([str(many)])
    stop = threading.Event()
    waiting = threading.Thread(target=stop.wait, daemon=True)
    waiting.start()
    try:
        together = batch.check_paths([str(many)], jobs=2)
    finally:
        stop.set()
        waiting.join()
    assert together == alone
    context = kwargs[-1]["mp_context"]
    if sys.platform.startswith("linux"):  # fork is the default only there
        assert context.get_start_method() == "forkserver"


def test_small_batches_stay_in_one_process(
    alaska_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process pool is not worth starting for a few files."""
    spy = _Spy(concurrent.futures.ProcessPoolExecutor)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", spy)
    assert batch.check_paths([str(alaska_path)] * 3, jobs=0)[0].ok
    assert spy.started == []


def test_a_canonical_file_is_unchanged(alaska_path: Path) -> None:
    """The committed example is already canonical."""
    result = batch.format_file(str(alaska_path), write=True)
    assert result.ok
    assert not result.changed
    assert not result.written


def test_format_without_write_leaves_the_file_alone(tmp_path: Path, alaska_path: Path) -> None:
    """A non-canonical file is reported changed, with both texts, and not written."""
    target = tmp_path / "a.json"
    target.write_text(_compact(alaska_path), encoding="utf-8")
    before = target.read_bytes()
    result = batch.format_file(str(target))
    assert result.changed
    assert not result.written
    assert result.original == before
    assert result.formatted == alaska_path.read_bytes()
    assert target.read_bytes() == before


def test_format_with_write_rewrites_in_canonical_form(tmp_path: Path, alaska_path: Path) -> None:
    """Writing replaces the file with the canonical text."""
    target = tmp_path / "a.json"
    target.write_text(_compact(alaska_path), encoding="utf-8")
    result = batch.format_file(str(target), write=True)
    assert result.written
    assert target.read_bytes() == alaska_path.read_bytes()


def test_format_writes_through_a_symlink(tmp_path: Path, alaska_path: Path) -> None:
    """A symbolic link stays a link; the file it points to is rewritten."""
    target = tmp_path / "real.json"
    target.write_text(_compact(alaska_path), encoding="utf-8")
    (tmp_path / "link.json").symlink_to(target)
    assert batch.format_file(str(tmp_path / "link.json"), write=True).written
    assert (tmp_path / "link.json").is_symlink()
    assert target.read_bytes() == alaska_path.read_bytes()


def test_invalid_and_unreadable_files_are_never_written(tmp_path: Path) -> None:
    """Formatting reports invalid files like validate does, and leaves them byte-identical."""
    (tmp_path / "a.json").write_text(INVALID, encoding="utf-8")
    (tmp_path / "b.json").write_bytes(b"\xff")
    invalid, unreadable = batch.format_paths([str(tmp_path)], write=True)
    assert invalid.problems[0].code == "pattern"
    assert not invalid.written
    assert unreadable.error is not None
    assert (tmp_path / "a.json").read_text(encoding="utf-8") == INVALID
    assert (tmp_path / "b.json").read_bytes() == b"\xff"


def test_a_failed_write_is_an_error(
    tmp_path: Path, alaska_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that cannot be replaced is an error result, and keeps its text."""
    target = tmp_path / "a.json"
    target.write_text(_compact(alaska_path), encoding="utf-8")

    def refuse(path: Path, data: bytes, **kwargs: Any) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(_files, "replace", refuse)
    result = batch.format_file(str(target), write=True)
    assert result.error == "not written: permission denied"
    assert target.read_text(encoding="utf-8") == _compact(alaska_path)


def test_standard_input_always_carries_its_canonical_text(alaska_path: Path) -> None:
    """Stdin cannot be written back, so its canonical text is kept even when unchanged."""
    result = batch.format_file("-", io.BytesIO(alaska_path.read_bytes()), write=True)
    assert not result.changed
    assert result.formatted == alaska_path.read_bytes()


def test_format_with_jobs_matches_one_process(many: Path) -> None:
    """format_paths in processes gives the same results, in order."""
    alone = batch.format_paths([str(many)])
    together = batch.format_paths([str(many)], jobs=2)
    assert together == alone


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_format_keeps_the_file_mode(tmp_path: Path, alaska_path: Path) -> None:
    """A rewritten file keeps its permissions."""
    target = tmp_path / "a.json"
    target.write_text(_compact(alaska_path), encoding="utf-8")
    target.chmod(0o640)
    batch.format_file(str(target), write=True)
    assert target.stat().st_mode & 0o777 == 0o640


def test_the_examples_in_the_docstrings_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """The >>> examples of the pipeline print what they show."""
    monkeypatch.chdir(Path(__file__).resolve().parent.parent)
    assert doctest.testmod(batch).failed == 0
