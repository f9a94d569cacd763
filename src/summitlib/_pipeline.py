"""The one file pipeline: find files, read them, check them, one result per file.

``summitlib validate``, ``summitlib fmt``, ``summitlib export`` and :mod:`summitlib.corpus`
all run the same three steps:

1. :func:`expand_paths` turns names and directories into file names (or results that
   say why a name cannot be used);
2. a *task* (:func:`check_file`, :func:`format_file`, :func:`tabulate_file`) reads one
   file with the bounded reader of :mod:`summitlib._files`, checks it and returns a
   :class:`FileResult`; it never raises for a file that cannot be read or is invalid;
3. a *mapper* applies the task to every name: :class:`InProcess`, :class:`ProcessPool`
   or :class:`DaskBag`. Every mapper returns the same results in the same order.

Each failure has one wording, made here: the reporters only print it.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import math
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Final, Protocol

import attrs

from summitlib import _files
from summitlib.errors import SummitValidationError
from summitlib.validate import Problem, Report, check

if TYPE_CHECKING:
    from summitlib.model import Summit

__all__ = [
    "MIN_FILES_PER_PROCESS",
    "STDIN",
    "DaskBag",
    "FileResult",
    "InProcess",
    "Mapper",
    "ProcessPool",
    "check_file",
    "check_items",
    "check_paths",
    "expand_paths",
    "format_file",
    "format_items",
    "format_paths",
    "load_file",
    "max_jobs",
    "run",
    "tabulate_file",
]

#: The name that stands for standard input.
STDIN: Final = "-"

#: A process pool starts no more processes than there are batches of this many files:
#: starting a worker costs about as much as checking a handful of medium files.
MIN_FILES_PER_PROCESS: Final = 8

#: Files per Dask partition: large enough that scheduling overhead stays small next to
#: the work (a few milliseconds a file), small enough to spread a few hundred files.
DEFAULT_PARTITION_SIZE: Final = 32

#: Names of Dask's local schedulers, accepted by :class:`DaskBag`.
LOCAL_SCHEDULERS: Final = ("sync", "synchronous", "threads", "processes")

#: Rows of every table, by table name (see :mod:`summitlib.table`).
Tables = dict[str, list[dict[str, Any]]]


def _tuple(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    return tuple(problems)


@attrs.frozen
class FileResult:
    """What became of one file: read or not, valid or not, and what was made of it.

    ``error`` is set when the file could not be used at all (missing, not a regular
    file, no permission, not UTF-8, changed while it was being formatted); then there
    are no problems. ``problems`` lists what is wrong with a file that was read.

    A valid file tabulated by :mod:`summitlib.corpus` has its ``summit_id`` and
    ``tables``. A file given to ``fmt`` has ``changed`` set when it is valid but not in
    canonical form; then ``original`` and ``formatted`` hold both texts (``None``
    otherwise, so a large batch of tidy files keeps nothing in memory; for standard
    input ``formatted`` is always set when it is valid), and ``written`` says whether
    the canonical text replaced the file.
    """

    path: str
    problems: tuple[Problem, ...] = attrs.field(default=(), kw_only=True, converter=_tuple)
    error: str | None = attrs.field(default=None, kw_only=True)
    summit_id: str | None = attrs.field(default=None, kw_only=True)
    tables: Tables = attrs.field(factory=dict, kw_only=True, repr=False, hash=False)
    changed: bool = attrs.field(default=False, kw_only=True)
    original: bytes | None = attrs.field(default=None, kw_only=True, repr=False)
    formatted: bytes | None = attrs.field(default=None, kw_only=True, repr=False)
    written: bool = attrs.field(default=False, kw_only=True)

    @property
    def ok(self) -> bool:
        """True when the file was read and is a valid summit document."""
        return self.error is None and not self.problems

    @property
    def status(self) -> str:
        """``valid``, ``invalid`` or ``unreadable``."""
        if self.error is not None:
            return "unreadable"
        return "invalid" if self.problems else "valid"

    @property
    def report(self) -> Report:
        """The problems as a :class:`~summitlib.Report` (empty when unreadable)."""
        return Report(self.problems)


# --- finding files -----------------------------------------------------------------------


def _hidden(name: str) -> bool:
    return name.startswith(".") and name not in (".", "..")


def expand_paths(paths: Iterable[str]) -> Iterator[FileResult | str]:
    """Yield each file to check, searching directories for ``*.json``, in sorted order.

    A directory search skips hidden files and directories (``.git``, ``.venv``, and the
    ``.NAME.XXXX.tmp`` files an interrupted write can leave) and does not follow
    symbolic links to directories, so links cannot make it loop; a file named on its
    own is always checked. A path that cannot be used yields a :class:`FileResult`
    with its error instead.
    """
    for name in paths:
        if name == STDIN:
            yield name
            continue
        path = Path(name)
        try:
            if path.is_dir():
                found = _search(name)
                if not found:
                    yield FileResult(name, error="directory holds no *.json files")
                yield from found
            elif path.exists() or path.is_symlink():
                yield name
            else:
                yield FileResult(name, error="no such file or directory")
        except OSError as error:
            yield FileResult(name, error=_os_message(error))


def _search(directory: str) -> list[str | FileResult]:
    """The JSON files under *directory*, and an error for each folder that cannot be read."""
    found: list[str | FileResult] = []

    def unreadable(error: OSError) -> None:
        found.append(FileResult(error.filename or directory, error=_os_message(error)))

    for root, dirs, files in os.walk(directory, onerror=unreadable):
        dirs[:] = [name for name in dirs if not _hidden(name)]
        found.extend(
            os.path.join(root, name)
            for name in files
            if name.endswith(".json") and not _hidden(name)
        )
    return sorted(found, key=lambda item: item if isinstance(item, str) else item.path)


# --- reading -----------------------------------------------------------------------------


def _os_message(error: OSError) -> str:
    """The one wording of an operating-system error: its reason, in lower case."""
    return error.strerror.lower() if error.strerror else str(error)


def _read(name: str, stdin: BinaryIO | None) -> _files.Snapshot | FileResult:
    """Read *name* (``-``: *stdin*), or return the result that says why it cannot be."""
    try:
        if name != STDIN:
            return _files.read_path(name)
        stream = stdin if stdin is not None else _files.stdin_binary()
        if stream is None:  # started without any standard input
            return FileResult(name, error="there is no standard input")
        data = _files.read_stream(stream, name)
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogateescape")
        return _files.Snapshot(0, 0, len(data), 0, data)
    except SummitValidationError as error:  # too large
        return FileResult(name, problems=error.problems)
    except OSError as error:
        return FileResult(name, error=_os_message(error))


def _checked(name: str, data: bytes) -> tuple[Summit | None, FileResult]:
    """Check the bytes *data* of file *name*; bytes that are not UTF-8 make it unreadable."""
    summit, problems = check(data)
    # The parser rejects bad UTF-8 itself, so valid files are decoded only once.
    if problems and problems[0].code == "encoding":
        text_error = _utf8_error(data)
        if text_error is not None:
            return None, FileResult(name, error=text_error)
    return summit, FileResult(name, problems=problems)


def _utf8_error(data: bytes) -> str | None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return f"not UTF-8 text (invalid byte at line {line})"
    return None


# --- tasks: one file each ----------------------------------------------------------------


def load_file(name: str, stdin: BinaryIO | None = None) -> tuple[Summit | None, FileResult]:
    """Read and check one file; return its summit (``None`` unless valid) and the result.

    >>> from summitlib import examples
    >>> summit, result = load_file(str(examples.path("alaska-2025")))
    >>> summit.id, result.ok
    ('alaska-2025', True)
    """
    read = _read(name, stdin)
    if isinstance(read, FileResult):
        return None, read
    return _checked(name, read.data)


def check_file(name: str, stdin: BinaryIO | None = None) -> FileResult:
    """Read and check one file (``-`` for *stdin*); never raises for bad input."""
    return load_file(name, stdin)[1]


def tabulate_file(name: str) -> FileResult:
    """Read, check and tabulate one file (its rows for every table of :mod:`summitlib.table`).

    Runs anywhere summitlib is installed, which is why the Dask mapper ships file names
    to its workers rather than file contents.
    """
    summit, result = load_file(name)
    if summit is None:
        return result
    from summitlib import table  # only the corpus needs it

    return attrs.evolve(result, summit_id=summit.id, tables=table.rows(summit, name))


def format_file(
    name: str, stdin: BinaryIO | None = None, *, write: bool = False, migrate: bool = False
) -> FileResult:
    """Check one file and compare it with its canonical form; never raises for bad input.

    With *migrate* (``summitlib migrate``), the canonical form is that of the document
    migrated to the current format version, and a document already in the current
    version counts as unchanged whatever its layout: ``fmt`` never changes
    ``schema_version``, and ``migrate`` changes nothing else.

    With *write*, a valid file that is not canonical is replaced atomically (through a
    symbolic link, the file it points to), but only if it is still what was read: a file
    changed meanwhile is left alone with an error saying so, and so is a file the user
    could not write. Invalid and unreadable files are never written, nor is standard
    input (``-``).
    """
    read = _read(name, stdin)
    if isinstance(read, FileResult):
        return read
    summit, result = _checked(name, read.data)
    if summit is None and migrate:
        summit = _migrated(read.data, result)
        if summit is not None:
            result = attrs.evolve(result, problems=())
    elif summit is not None and migrate:
        from summitlib import _versions, model

        if summit.schema_version == model.SCHEMA_VERSION:
            return attrs.evolve(result, formatted=read.data if name == STDIN else None)
        summit = _versions.migrate(summit)
    if summit is None:
        return result
    from summitlib.io import _dump_bytes  # the summit was just checked: no need to again

    formatted = _dump_bytes(summit)
    if formatted == read.data:
        return attrs.evolve(result, formatted=formatted if name == STDIN else None)
    result = attrs.evolve(result, changed=True, original=read.data, formatted=formatted)
    if not write or name == STDIN:
        return result
    try:
        _files.replace(name, formatted, expected=read)
    except OSError as error:
        return attrs.evolve(result, error=f"not written: {_os_message(error)}")
    return attrs.evolve(result, written=True)


def _migrated(data: bytes, result: FileResult) -> Summit | None:
    """The summit of an older document whose only problems are newer fields it uses.

    Such a document is what ``migrate`` is for (its ``version`` problem says so): it is
    migrated as data and checked again as the current version. ``None`` otherwise, and
    then the document's own problems stand.
    """
    if not result.problems or any(p.code != "version" for p in result.problems):
        return None
    import orjson

    from summitlib import _versions
    from summitlib.validate import check_data

    migrated = _versions.migrate_data(orjson.loads(data))
    summit, problems = check_data(migrated)
    return summit if not problems else None


# --- mappers: where the tasks run --------------------------------------------------------

Task = Callable[[str], FileResult]


class Mapper(Protocol):
    """Applies a task to file names and yields the results in the same order."""

    def __call__(self, task: Task, names: Sequence[str]) -> Iterable[FileResult]: ...


class InProcess:
    """Run every task here, one after another."""

    def __call__(self, task: Task, names: Sequence[str]) -> Iterable[FileResult]:
        return map(task, names)


def max_jobs() -> int:
    """The number of CPUs this process may use: the cap of :class:`ProcessPool`."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def _stop_worker(signum: int, frame: object) -> None:
    """SIGTERM in a worker: remove the temporary file it may be writing, then exit."""
    _files.remove_temporaries()
    os._exit(128 + signum)


def _start_worker() -> None:
    # Ctrl-C is for the main process, which stops the workers itself: otherwise each
    # worker would print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_worker)
    if sys.platform == "linux":
        # A main process killed by SIGKILL cannot stop its workers: have the kernel send
        # them SIGTERM, or they would wait for work forever, holding its pipes open.
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


@attrs.frozen
class ProcessPool:
    """Run the tasks in up to *jobs* processes (0: one per CPU), never more than
    :func:`max_jobs`, and only as many as there are batches of
    :data:`MIN_FILES_PER_PROCESS` files.

    If processes cannot be started (no memory, a process limit), or one dies, the files
    not yet done are checked in this process instead: the results are the same.
    """

    jobs: int = 0

    def processes(self, files: int) -> int:
        """How many processes *files* files get."""
        wanted = max_jobs() if self.jobs <= 0 else min(self.jobs, max_jobs())
        return min(wanted, files // MIN_FILES_PER_PROCESS)

    def __call__(self, task: Task, names: Sequence[str]) -> Iterator[FileResult]:
        processes = self.processes(len(names))
        if processes <= 1:
            yield from map(task, names)
            return
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        done = 0
        executor = None
        try:
            executor = ProcessPoolExecutor(
                processes, mp_context=_context(), initializer=_start_worker
            )
            # Several chunks per process keep every process busy when file sizes differ.
            chunk = max(1, len(names) // (processes * 4))
            # Submitted by hand, not with executor.map, whose clean-up cancels the futures
            # it has not returned, which Python 3.11's pool then fails on when stopped.
            parts = [names[start : start + chunk] for start in range(0, len(names), chunk)]
            futures = [executor.submit(_run_part, task, part) for part in parts]
            for future in futures:
                for result in future.result():
                    yield result
                    done += 1
        except (OSError, BrokenProcessPool):
            # fork or spawn failed, or a worker was killed: finish here.
            if executor is not None:
                _terminate(executor)
                executor = None
            yield from map(task, names[done:])
        except BaseException:  # interrupted: stop the workers, which remove their temp files
            if executor is not None:
                _terminate(executor)
                executor = None
            raise
        finally:
            if executor is not None:
                executor.shutdown(cancel_futures=True)


def _context() -> Any:
    """The platform's way of starting worker processes; but not a fork of a process
    running other threads (a library's allocator thread, a caller's), which can leave a
    child waiting forever on a lock one of them held: a fork server's process is
    started afresh, and forks the workers."""
    import multiprocessing

    context = multiprocessing.get_context()
    if context.get_start_method() == "fork" and _threads() > 1:
        return multiprocessing.get_context("forkserver")
    return context


def _threads() -> int:
    """How many threads this process runs, native ones included where the system says
    (pyarrow's jemalloc starts one that Python does not know of)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        import threading

        return threading.active_count()


def _run_part(task: Task, names: Sequence[str]) -> list[FileResult]:
    """Run *task* on a chunk of names, in a worker."""
    return [task(name) for name in names]


def _terminate(executor: Any) -> None:
    """Stop *executor*'s processes now (SIGTERM, which they handle) and forget them."""
    stop = getattr(executor, "terminate_workers", None)  # Python 3.14
    if stop is not None:
        stop()
        return
    for process in list((getattr(executor, "_processes", None) or {}).values()):
        process.terminate()
    # Not cancel_futures: Python 3.11's pool then fails to mark cancelled futures broken,
    # and prints a traceback from its own thread.
    executor.shutdown(wait=False)


@attrs.frozen
class DaskBag:
    """Run the tasks as a ``dask.bag`` of file names, *partition_size* names a partition.

    *scheduler* is a Dask local scheduler name (``"sync"``, ``"threads"``,
    ``"processes"``), the address of a ``dask.distributed`` scheduler
    (``"tcp://host:8786"``), to which a client connects for the run, or a
    ``distributed.Client`` you hold. Workers must see the same paths.
    """

    scheduler: Any = "threads"
    partition_size: int = DEFAULT_PARTITION_SIZE

    def bag(self, task: Task, names: Sequence[str]) -> Any:
        """The ``dask.bag.Bag`` of results, for pipelines of your own."""
        # Imported by name: Dask is optional, and its typing is partial.
        dask_bag = importlib.import_module("dask.bag")
        partitions = max(1, math.ceil(len(names) / max(1, self.partition_size)))
        return dask_bag.from_sequence(list(names), npartitions=partitions).map(task)

    def __call__(self, task: Task, names: Sequence[str]) -> Iterable[FileResult]:
        if not names:
            return []
        bag = self.bag(task, names)
        scheduler = self.scheduler
        if isinstance(scheduler, str) and scheduler not in LOCAL_SCHEDULERS:
            distributed = importlib.import_module("distributed")
            with distributed.Client(scheduler, set_as_default=False) as client:
                return list(bag.compute(scheduler=client))
        return list(bag.compute(scheduler=scheduler))


# --- running -----------------------------------------------------------------------------


def run(
    items: Sequence[FileResult | str],
    task: Task,
    mapper: Mapper | None = None,
    *,
    stdin_task: Task | None = None,
    on_result: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Apply *task* to each file name in *items* with *mapper*, keeping *items*' order.

    *items* are what :func:`expand_paths` yields: results pass through as they are.
    *task* must be picklable for a process pool or Dask (a module-level function or a
    partial of one); standard input (``-``) is read here, by *stdin_task*.
    *on_result* is called with each result as it is ready, in order (for progress).
    """
    mapper = InProcess() if mapper is None else mapper
    names = [item for item in items if isinstance(item, str) and item != STDIN]
    results: list[FileResult] = []
    done = iter(mapper(task, names))
    for item in items:
        if isinstance(item, FileResult):
            result = item
        elif item == STDIN:
            if stdin_task is None:
                result = FileResult(item, error="standard input is not supported here")
            else:
                result = stdin_task(item)
        else:
            result = next(done)
        results.append(result)
        if on_result is not None:
            on_result(result)
    return results


def _mapper(jobs: int) -> Mapper:
    return InProcess() if jobs == 1 else ProcessPool(jobs)


def check_items(
    items: Sequence[FileResult | str],
    stdin: BinaryIO | None = None,
    *,
    jobs: int = 1,
    on_result: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Check the files :func:`expand_paths` found, in order, in up to *jobs* processes."""
    stdin_task = functools.partial(check_file, stdin=stdin)
    return run(items, check_file, _mapper(jobs), stdin_task=stdin_task, on_result=on_result)


def check_paths(
    paths: Sequence[str],
    stdin: BinaryIO | None = None,
    *,
    jobs: int = 1,
    on_result: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Check every file named or found under *paths*, in order.

    >>> from summitlib import examples
    >>> alaska = str(examples.path("alaska-2025"))
    >>> [result.ok for result in check_paths([alaska, "missing.json"])]
    [True, False]
    """
    return check_items(list(expand_paths(paths)), stdin, jobs=jobs, on_result=on_result)


def format_items(
    items: Sequence[FileResult | str],
    stdin: BinaryIO | None = None,
    *,
    write: bool = False,
    migrate: bool = False,
    jobs: int = 1,
    on_result: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Format the files :func:`expand_paths` found, in order (see :func:`format_file`)."""
    task = functools.partial(format_file, write=write, migrate=migrate)
    stdin_task = functools.partial(format_file, stdin=stdin, write=write, migrate=migrate)
    return run(items, task, _mapper(jobs), stdin_task=stdin_task, on_result=on_result)


def format_paths(
    paths: Sequence[str],
    stdin: BinaryIO | None = None,
    *,
    write: bool = False,
    jobs: int = 1,
    on_result: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Format every file named or found under *paths*, in order (see :func:`format_file`).

    >>> from summitlib import examples
    >>> [result.changed for result in format_paths([str(examples.path("alaska-2025"))])]
    [False]
    """
    items = list(expand_paths(paths))
    return format_items(items, stdin, write=write, jobs=jobs, on_result=on_result)
