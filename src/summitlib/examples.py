"""The example documents and the JSON Schema file that ship inside the package.

A plain ``pip install summitlib`` brings them along, so the documentation's examples work
in an empty folder, with no clone of the repository:

>>> import summitlib
>>> "alaska-2025" in summitlib.examples.names()
True
>>> summit = summitlib.load(summitlib.examples.path("alaska-2025"))
>>> summit.title
'Alaska summit of Vladimir Putin and Donald Trump'
>>> summitlib.examples.schema_path().name
'summit.schema.json'

:func:`copy` writes an example where you want to edit it; :func:`example_command` is the
``summitlib example`` command (list the examples, print one, or copy them to files).

The files are the repository's ``examples/*.json`` and ``schemas/summit.schema.json``,
packed into the wheel as ``summitlib/_data/``. In a source checkout (an editable install)
they are read from the repository itself.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from summitlib.errors import SummitlibError

if TYPE_CHECKING:
    import sys

    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable

    from summitlib.model import Summit

__all__ = [
    "UnknownExampleError",
    "copy",
    "example_command",
    "load",
    "names",
    "path",
    "read",
    "schema_path",
]

_SCHEMA_NAME = "summit.schema.json"


class UnknownExampleError(SummitlibError, KeyError):
    """No example of that name ships with summitlib.

    >>> import summitlib
    >>> try:
    ...     summitlib.examples.path("alaska-2052")
    ... except summitlib.examples.UnknownExampleError as error:
    ...     print(str(error).split(" (")[0])
    unknown example 'alaska-2052'; did you mean 'alaska-2025'?
    """

    def __init__(self, name: str, known: tuple[str, ...]) -> None:
        self.name = name
        self.known = known
        super().__init__(name)

    def __str__(self) -> str:
        import difflib  # here: only a misspelt name needs it

        close = difflib.get_close_matches(self.name, self.known, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return f"unknown example {self.name!r}{hint} (examples: {', '.join(self.known)})"


@functools.cache
def _data() -> tuple[Traversable, Traversable]:
    """The folder of the examples and the schema file, packaged or in the checkout."""
    from importlib.resources import files

    packaged = files("summitlib") / "_data"
    if packaged.is_dir():
        return packaged / "examples", packaged / _SCHEMA_NAME
    # An editable install maps only src/summitlib: the files are still where the repository
    # keeps them. A broken wheel (no _data) must not find a stray checkout by accident.
    checkout = Path(__file__).resolve().parent.parent.parent
    schema = checkout / "schemas" / _SCHEMA_NAME
    if (checkout / "pyproject.toml").is_file() and schema.is_file():
        return checkout / "examples", schema
    raise SummitlibError(  # pragma: no cover - only a broken installation gets here
        f"summitlib's data files are missing from {packaged}; reinstall summitlib"
    )


_files = contextlib.ExitStack()
atexit.register(_files.close)


def _real_path(resource: Traversable) -> Path:
    """A file system path for *resource*, extracted for the process's life if zipped."""
    if isinstance(resource, Path):
        return resource
    from importlib.resources import as_file  # pragma: no cover - zip imports only

    return _files.enter_context(as_file(resource))  # pragma: no cover


def names() -> tuple[str, ...]:
    """Return the names of the example documents, sorted: ``('alaska-2025', ...)``."""
    folder, _ = _data()
    return tuple(
        sorted(
            entry.name.removesuffix(".json")
            for entry in folder.iterdir()
            if entry.name.endswith(".json") and entry.is_file()
        )
    )


def _resource(name: str) -> Traversable:
    known = names()
    if name not in known:
        raise UnknownExampleError(name, known)
    folder, _ = _data()
    return folder / f"{name}.json"


def path(name: str) -> Path:
    """Return the path of the example document *name* (see :func:`names`).

    Read it, never write to it: it is part of the installed package.

    >>> path("alaska-2025").name
    'alaska-2025.json'

    :raises UnknownExampleError: if there is no such example.
    """
    return _real_path(_resource(name))


def read(name: str) -> str:
    """Return the text of the example document *name*.

    >>> read("alaska-2025").startswith("{")
    True
    """
    return _resource(name).read_text(encoding="utf-8")


def load(name: str) -> Summit:
    """Return the example document *name* as a :class:`~summitlib.Summit`.

    >>> load("geneva-2021").id
    'geneva-2021'
    """
    from summitlib.io import loads

    return loads(_resource(name).read_bytes())


def schema_path() -> Path:
    """Return the path of the packaged JSON Schema, ``summit.schema.json``.

    It is the file committed as ``schemas/summit.schema.json``, equal to
    :func:`summitlib.schema.schema_text`; point editors and other languages' validators at it.
    """
    _, schema = _data()
    return _real_path(schema)


def copy(name: str, destination: str | os.PathLike[str]) -> Path:
    """Write the example *name* to *destination* and return the path written.

    A *destination* that is an existing folder, or ends with a path separator, receives
    ``NAME.json``; missing parent folders are created. An existing file is replaced.
    """
    data = _resource(name).read_bytes()
    target = Path(destination)
    if target.is_dir() or str(destination).endswith((os.sep, "/")):
        target = target / f"{name}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    from summitlib.io import write_atomic

    write_atomic(target, data)
    return target


def example_command(
    name: str | None, output: str | None, stdout: TextIO, stderr: TextIO, *, quiet: bool = False
) -> int:
    """Run ``summitlib example [NAME] [-o PATH]`` and return its exit status.

    Without *name*, lists the examples (one ``NAME  TITLE`` line each), or with *output*
    copies all of them into the folder *output*. With *name*, prints the document, or with
    *output* writes it there (a folder, or a file name). Exit status 0, or 2 for an unknown
    name or a file that cannot be written, with a message on *stderr*.

    >>> import io
    >>> out, err = io.StringIO(), io.StringIO()
    >>> example_command(None, None, out, err), out.getvalue().splitlines()[0].split()[0]
    (0, 'alaska-2025')
    >>> example_command("alska-2025", None, out, err), err.getvalue().split("?")[0]
    (2, "summitlib example: unknown example 'alska-2025'; did you mean 'alaska-2025'")
    """
    try:
        if name is None and output is None:
            width = max(map(len, names()), default=0) + 4
            for known in names():
                stdout.write(f"{known:<{width}}{load(known).title}\n")
        elif name is None:
            assert output is not None
            for known in names():
                written = copy(known, Path(output) / f"{known}.json")
                if not quiet:
                    stderr.write(f"wrote {written}\n")
        elif output is None:
            stdout.write(read(name))
        else:
            written = copy(name, output)
            if not quiet:
                stderr.write(f"wrote {written}\n")
    except UnknownExampleError as error:
        stderr.write(f"summitlib example: {error}\n")
        return 2
    except OSError as error:
        stderr.write(
            f"summitlib example: cannot write {error.filename or output}: "
            f"{error.strerror or error}\n"
        )
        return 2
    return 0
