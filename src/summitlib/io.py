"""Reading and writing documents: strict JSON in, canonical JSON out.

Canonical JSON is UTF-8 without ASCII escapes, keys in the order the model declares
them, two-space indentation, one final newline, and no optional field that holds its
default (``None`` or an empty list). ``loads(dumps(s)) == s`` for every valid summit and
``dumps(loads(text)) == text`` for canonical text.

>>> import summitlib
>>> summit = summitlib.load(summitlib.examples.path("alaska-2025"))
>>> summit.leaders[0].name
'Vladimir Putin'
>>> summitlib.loads(summitlib.dumps(summit)) == summit
True
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import IO, Any, Union

from summitlib import _files
from summitlib._convert import dump_json
from summitlib._convert import unstructure as _unstructure
from summitlib.errors import SummitValidationError
from summitlib.model import Summit
from summitlib.validate import check

__all__ = ["dump", "dumps", "load", "loads", "structure", "unstructure", "write_atomic"]

#: A file name, or an open file.
PathOrFile = Union[str, "os.PathLike[str]", IO[str], IO[bytes]]


def loads(document: str | bytes | bytearray | memoryview) -> Summit:
    """Parse and check JSON text; return the :class:`~summitlib.model.Summit` it describes.

    Raises :class:`~summitlib.SummitValidationError`, carrying every problem with its
    JSON path, line and column, if the text is not a valid summit document.
    """
    summit, problems = check(document)
    if summit is None:
        raise SummitValidationError(problems)
    return summit


def load(source: PathOrFile) -> Summit:
    """Read a summit document from a path or an open file (text or binary).

    A path is read as the command line reads it: only a regular file (a FIFO or a
    device raises :class:`~summitlib.errors.NotRegularFileError`, an :class:`OSError`,
    without waiting on it), and a file over the size limit is refused from its size,
    unread. An open file is read up to one chunk past the limit, never further.
    :class:`~summitlib.SummitValidationError` names the file in its message and in
    its ``source``.

    >>> import summitlib
    >>> summit = load(summitlib.examples.path("alaska-2025"))
    """
    data: str | bytes
    if isinstance(source, (str, os.PathLike)):
        name: str | None = os.fspath(source)
        data = _files.read_path(source).data
    else:
        name = getattr(source, "name", None)
        name = name if isinstance(name, str) else None
        data = _files.read_stream(source, name)
    summit, problems = check(data)
    if summit is None:
        raise SummitValidationError(problems, name)
    return summit


def structure(data: Any) -> Summit:
    """Build a :class:`~summitlib.model.Summit` from plain Python data, strictly.

    *data* is what :func:`json.loads` would return. Raises
    :class:`~summitlib.SummitValidationError` with every problem if it is not valid.
    """
    summit, problems = check(data)
    if summit is None:
        raise SummitValidationError(problems)
    return summit


def unstructure(summit: Summit) -> dict[str, Any]:
    """Return *summit* as plain JSON-ready data, in canonical key order."""
    data: dict[str, Any] = _unstructure(summit)
    return data


def dumps(summit: Summit) -> str:
    """Return the canonical JSON text of *summit*.

    *summit* is checked first, as :func:`~summitlib.validate` would check it: a summit
    built by hand that is not valid (an id with a space, an empty title, a latitude of
    ``inf`` or ``10**30``) raises :class:`~summitlib.SummitValidationError` with every
    problem, rather than giving text that reads back differently or not at all.
    """
    return _checked_bytes(summit).decode("utf-8")


def _checked_bytes(summit: Summit) -> bytes:
    _, problems = check(summit)
    if problems:
        raise SummitValidationError(problems)
    return _dump_bytes(summit)


def _dump_bytes(summit: Summit) -> bytes:
    """The canonical text of a summit known to be valid (as :func:`check` returns it).

    A valid summit always has a JSON form: numbers are finite and within their ranges
    (integers too), strings hold no lone surrogate.
    """
    return dump_json(summit)


def dump(summit: Summit, target: PathOrFile) -> None:
    """Write the canonical JSON of *summit* to a path or an open file.

    *summit* is checked first, as by :func:`dumps`. Writing to a path is atomic: the
    text goes to a temporary file beside the target, which then replaces it, so a
    failure at any point, SIGTERM and Ctrl-C included, leaves the old file untouched
    and no temporary file behind. A new file gets the mode the umask gives; an
    existing one keeps its mode, owner and group (see :func:`write_atomic`).
    """
    data = _checked_bytes(summit)
    if isinstance(target, (str, os.PathLike)):
        write_atomic(Path(target), data)
        return
    if isinstance(target, io.TextIOBase):
        target.write(data.decode("utf-8"))
    else:
        target.write(data)  # type: ignore[arg-type]


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace the file *path* with *data* atomically, keeping the old file's mode.

    The text goes to a hidden ``.NAME.XXXX.tmp`` file beside the target, is flushed
    to disk and renamed over it. A new file gets the mode the umask gives (0644 under
    umask 022); an existing file keeps its mode, and its owner and group where the
    process may set them. Through a symbolic link, the file it points to is replaced;
    other hard links to the old file keep the old text.
    """
    _files.replace(path, data)
