"""Corpus-scale processing: validate, tabulate and compare many documents, on Dask if you like.

This is the public face of summitlib's one file pipeline, the same one
``summitlib validate``, ``fmt`` and ``export`` run. :func:`process_file` reads one file
and returns a :class:`FileOutcome`: its problems, or its rows for every table of
:mod:`summitlib.table` (comparisons included). It never raises for a file that is
unreadable or invalid, so one bad file cannot stop a corpus. :func:`process` runs it over
many files, in this process or in parallel on Dask — ``dask.bag`` over the file names, on
a local scheduler or a ``dask.distributed`` cluster — and returns a :class:`CorpusResult`
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

import errno
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from summitlib import _pipeline, table
from summitlib._pipeline import DEFAULT_PARTITION_SIZE, LOCAL_SCHEDULERS, FileResult, Tables
from summitlib.errors import InvalidArgumentError

__all__ = [
    "DEFAULT_PARTITION_SIZE",
    "LOCAL_SCHEDULERS",
    "CorpusResult",
    "FileOutcome",
    "export",
    "outcomes_bag",
    "process",
    "process_file",
]

#: What became of one file: the pipeline's one result type (see
#: :class:`summitlib._pipeline.FileResult`): ``path``, ``status``, ``problems`` or
#: ``error``, and for a valid file its ``summit_id`` and ``tables``.
FileOutcome = FileResult


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

    def tables(self) -> Tables:
        """Return the rows of every valid file, stacked per table in file order."""
        out: Tables = {name: [] for name in table.TABLES}
        for outcome in self.files:
            for name, rows in outcome.tables.items():
                out[name].extend(rows)
        return out


def process_file(path: str) -> FileOutcome:
    """Read, check and tabulate the file at *path*; never raises for a bad file.

    Runs anywhere summitlib is installed, which is why :func:`process` ships file names
    to Dask workers rather than file contents.
    """
    return _pipeline.tabulate_file(path)


def outcomes_bag(paths: Sequence[str], partition_size: int = DEFAULT_PARTITION_SIZE) -> Any:
    """Return a ``dask.bag.Bag`` of :class:`FileOutcome`, one per file name, in order.

    For building your own pipeline, e.g.
    ``outcomes_bag(paths).filter(lambda o: not o.ok).map(lambda o: o.path)``.
    Needs Dask (``pip install summitlib[dask]``).
    """
    return _pipeline.DaskBag(partition_size=partition_size).bag(process_file, paths)


def process(
    paths: Iterable[str],
    *,
    scheduler: Any = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    jobs: int = 1,
) -> CorpusResult:
    """Validate and tabulate every file in *paths* (directories are searched for ``*.json``).

    *scheduler* chooses where the work runs:

    * ``None`` (the default): in this process, or in up to *jobs* local processes
      (0: one per CPU; never more than the CPUs this process may use); no Dask needed;
    * a Dask local scheduler name: ``"sync"``, ``"threads"`` or ``"processes"``;
    * the address of a ``dask.distributed`` scheduler (``"tcp://host:8786"``), to which
      a client connects for the run and then disconnects;
    * a ``distributed.Client`` you already hold (it stays open).

    The result is the same in every case. Standard input (``-``) is reported as an
    unreadable file: workers cannot read it.
    """
    mapper: _pipeline.Mapper
    if scheduler is not None:
        mapper = _pipeline.DaskBag(scheduler, partition_size)
    elif jobs == 1:
        mapper = _pipeline.InProcess()
    else:
        mapper = _pipeline.ProcessPool(jobs)
    items = list(_pipeline.expand_paths(paths))
    return CorpusResult(tuple(_pipeline.run(items, process_file, mapper)))


def export(
    paths: Iterable[str],
    directory: str | Path,
    format: str = "csv",
    *,
    scheduler: Any = None,
    jobs: int = 1,
) -> tuple[CorpusResult, list[Path]]:
    """Process *paths* and, if every file is valid, write every table to *directory*.

    Returns the corpus result and the files written, one per table (none at all when
    some file is invalid or unreadable: a partial corpus would be silently incomplete).
    *format* is ``csv`` or ``parquet``; *scheduler* and *jobs* are as for :func:`process`.
    Raises :class:`~summitlib.errors.InvalidArgumentError` for another format, and
    :class:`NotADirectoryError` when *directory* exists but is not a directory.
    """
    if format not in table.FORMATS:
        raise InvalidArgumentError(
            f"'format' must be one of {', '.join(table.FORMATS)} (got {format!r})"
        )
    if os.path.exists(directory) and not os.path.isdir(directory):
        # Checked first, so that nothing is processed for output that cannot be written.
        raise NotADirectoryError(errno.ENOTDIR, "not a directory", os.fspath(directory))
    result = process(paths, scheduler=scheduler, jobs=jobs)
    if not result.ok:
        return result, []
    tables = result.tables()
    if format == "parquet":
        return result, table.write_parquet(tables, directory)
    return result, table.write_csv(tables, directory)
