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

import contextlib
import io
import os
import stat
from pathlib import Path
from typing import IO, Any, Union

from summitlib._convert import dump_json
from summitlib._convert import unstructure as _unstructure
from summitlib.errors import SummitValidationError
from summitlib.model import Summit
from summitlib.validate import check

__all__ = ["dump", "dumps", "load", "loads", "structure", "unstructure"]

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

    >>> import summitlib
    >>> summit = load(summitlib.examples.path("alaska-2025"))
    """
    if isinstance(source, (str, os.PathLike)):
        data: str | bytes = Path(source).read_bytes()
    else:
        data = source.read()
    return loads(data)


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
    """Return the canonical JSON text of *summit*."""
    return _dump_bytes(summit).decode("utf-8")


def _dump_bytes(summit: Summit) -> bytes:
    return dump_json(summit)


def dump(summit: Summit, target: PathOrFile) -> None:
    """Write the canonical JSON of *summit* to a path or an open file.

    Writing to a path is atomic: the text goes to a temporary file beside the target,
    which then replaces it, so a failure at any point leaves the old file untouched.
    """
    data = _dump_bytes(summit)
    if isinstance(target, (str, os.PathLike)):
        write_atomic(Path(target), data)
        return
    if isinstance(target, io.TextIOBase):
        target.write(data.decode("utf-8"))
    else:
        target.write(data)  # type: ignore[arg-type]


def write_atomic(path: Path, data: bytes) -> None:
    """Replace *path* with *data* atomically, keeping the old file's permissions."""
    import tempfile  # here, not at the top: it costs ~10 ms of every ``import summitlib``

    try:
        mode: int | None = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = None
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
