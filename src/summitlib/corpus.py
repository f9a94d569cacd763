"""Corpus-scale processing: validate, tabulate and compare many documents, on Dask if you like.

:func:`process_file` reads one file and returns a :class:`FileOutcome`: its problems, or
its rows for every table of :mod:`summitlib.table` (comparisons included). It never
raises, so one bad file cannot stop a corpus. :func:`process` runs it over many files,
in this process or in parallel on Dask — ``dask.bag`` over the file names, on a local
scheduler or a ``dask.distributed`` cluster — and returns a :class:`CorpusResult`
that is the same whichever way it ran: outcomes in input order, invalid and unreadable
files reported with the rest, never dropped. Dask is an optional extra
(``pip install summitlib[dask]``); without a scheduler nothing needs it.

>>> from summitlib import corpus
>>> import summitlib
>>> result = corpus.process([str(summitlib.examples.path("alaska-2025"))])
>>> result.ok, len(result.tables()["goals"])
(True, 9)

On a cluster (workers must see the same paths, e.g. on a shared file system)::

    result = corpus.process(paths, scheduler="tcp://scheduler.example:8786")
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Final

import attrs

from summitlib import _json, batch, table
from summitlib.validate import Problem, Report, check

__all__ = [
    "DEFAULT_PARTITION_SIZE",
    "CorpusResult",
    "FileOutcome",
    "export",
    "outcomes_bag",
    "process",
    "process_file",
]

#: Files per Dask partition: large enough that scheduling overhead stays small next to
#: the work (a few milliseconds a file), small enough to spread a few hundred files.
DEFAULT_PARTITION_SIZE: Final = 32

#: Names of Dask's local schedulers, accepted as ``scheduler``.
LOCAL_SCHEDULERS: Final = ("sync", "synchronous", "threads", "processes")


@attrs.frozen(kw_only=True)
class FileOutcome:
    """What became of one file: its rows when valid, its problems when not.

    ``error`` is set when the file could not be read at all (missing, not a regular
    file, no permission); then there are neither problems nor rows.
    """

    path: str
    summit_id: str | None = None
    problems: tuple[Problem, ...] = ()
    error: str | None = None
    tables: table.Tables = attrs.field(factory=dict, repr=False, hash=False)

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

    def as_file_result(self) -> batch.FileResult:
        """Return the outcome as a :class:`~summitlib.batch.FileResult`, for the reporters."""
        if self.error is not None:
            return batch.FileResult(self.path, error=self.error)
        return batch.FileResult(self.path, report=Report(self.problems))


@attrs.frozen
class CorpusResult:
    """The outcome of every file of a corpus, in the order the files were given."""

    files: tuple[FileOutcome, ...]

    @property
    def ok(self) -> bool:
        """True when every file is valid."""
        return all(outcome.ok for outcome in self.files)

    @property
    def valid(self) -> tuple[FileOutcome, ...]:
        """The valid files."""
        return tuple(outcome for outcome in self.files if outcome.ok)

    @property
    def failed(self) -> tuple[FileOutcome, ...]:
        """The invalid and the unreadable files."""
        return tuple(outcome for outcome in self.files if not outcome.ok)

    def tables(self) -> table.Tables:
        """Return the rows of every valid file, stacked per table in file order."""
        out: table.Tables = {name: [] for name in table.TABLES}
        for outcome in self.files:
            for name, rows in outcome.tables.items():
                out[name].extend(rows)
        return out


def process_file(path: str) -> FileOutcome:
    """Read, check and tabulate the file at *path*; never raises.

    Runs anywhere summitlib is installed, which is why :func:`process` ships file names
    to Dask workers rather than file contents.
    """
    try:
        try:
            data = batch.read_input(path)
        except OSError as error:
            reason = error.strerror.lower() if error.strerror else str(error)
            return FileOutcome(path=path, error=reason)
        if len(data) > _json.MAX_DOCUMENT_BYTES:
            limit = f"{_json.MAX_DOCUMENT_BYTES:,}"
            too_large = Problem(
                path="$", code="too-large", message=f"document is larger than {limit} bytes"
            )
            return FileOutcome(path=path, problems=(too_large,))
        summit, problems = check(data)
        if summit is None:
            return FileOutcome(path=path, problems=tuple(problems))
        return FileOutcome(path=path, summit_id=summit.id, tables=table.rows(summit, path))
    except Exception as error:  # a last resort: one odd file must not stop a corpus
        return FileOutcome(path=path, error=f"cannot process: {error!r}")


def _expand(paths: Iterable[str]) -> list[str | FileOutcome]:
    items: list[str | FileOutcome] = []
    for item in batch.expand_paths(paths):
        if isinstance(item, str):
            if item == batch.STDIN:
                items.append(FileOutcome(path=item, error="standard input is not supported"))
            else:
                items.append(item)
        else:
            items.append(FileOutcome(path=item.path, error=item.error or "cannot be read"))
    return items


def outcomes_bag(paths: Sequence[str], partition_size: int = DEFAULT_PARTITION_SIZE) -> Any:
    """Return a ``dask.bag.Bag`` of :class:`FileOutcome`, one per file name, in order.

    For building your own pipeline, e.g.
    ``outcomes_bag(paths).filter(lambda o: not o.ok).map(lambda o: o.path)``.
    Needs Dask (``pip install summitlib[dask]``).
    """
    # Imported by name: Dask is optional, and its typing is partial.
    bag = importlib.import_module("dask.bag")
    partitions = max(1, math.ceil(len(paths) / max(1, partition_size)))
    return bag.from_sequence(list(paths), npartitions=partitions).map(process_file)


def process(
    paths: Iterable[str],
    *,
    scheduler: Any = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
) -> CorpusResult:
    """Validate and tabulate every file in *paths* (directories are searched for ``*.json``).

    *scheduler* chooses where the work runs:

    * ``None`` (the default): in this process, one file after another; no Dask needed;
    * a Dask local scheduler name: ``"sync"``, ``"threads"`` or ``"processes"``;
    * the address of a ``dask.distributed`` scheduler (``"tcp://host:8786"``), to which
      a client connects for the run and then disconnects;
    * a ``distributed.Client`` you already hold (it stays open).

    The result is the same in every case.
    """
    items = _expand(paths)
    names = [item for item in items if isinstance(item, str)]
    if scheduler is None:
        done: list[FileOutcome] = [process_file(name) for name in names]
    else:
        done = _compute(outcomes_bag(names, partition_size), scheduler) if names else []
    found = iter(done)
    return CorpusResult(
        tuple(item if isinstance(item, FileOutcome) else next(found) for item in items)
    )


def _compute(bag: Any, scheduler: Any) -> list[FileOutcome]:
    if isinstance(scheduler, str) and scheduler not in LOCAL_SCHEDULERS:
        distributed = importlib.import_module("distributed")
        with distributed.Client(scheduler, set_as_default=False) as client:
            return list(bag.compute(scheduler=client))
    return list(bag.compute(scheduler=scheduler))


def export(
    paths: Iterable[str],
    directory: str | Path,
    format: str = "csv",
    *,
    scheduler: Any = None,
) -> tuple[CorpusResult, list[Path]]:
    """Process *paths* and, if every file is valid, write every table to *directory*.

    Returns the corpus result and the files written, one per table (none at all when
    some file is invalid or unreadable: a partial corpus would be silently incomplete).
    *format* is ``csv`` or ``parquet``; *scheduler* is as for :func:`process`.
    """
    if format not in table.FORMATS:
        raise ValueError(f"'format' must be one of {', '.join(table.FORMATS)} (got {format!r})")
    result = process(paths, scheduler=scheduler)
    if not result.ok:
        return result, []
    tables = result.tables()
    if format == "parquet":
        return result, table.write_parquet(tables, directory)
    return result, table.write_csv(tables, directory)
