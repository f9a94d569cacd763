"""JSON paths in the notation jsonschema's ``json_path`` uses: ``$.agendas[0].goals``."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import Any

__all__ = ["document_order", "format_path", "key_path", "path_of", "split_path"]

_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def key_path(base: str, key: object) -> str:
    """Return the path of *key* inside the object at *base*."""
    if type(key) is str and len(key) <= 64:
        # Keys recur (every problem's path repeats its parents' keys): each is
        # formatted once.
        return base + _key_part(key)
    return _key_path(base, key)


@functools.lru_cache(maxsize=1024)
def _key_part(key: str) -> str:
    return _key_path("", key)


def _key_path(base: str, key: object) -> str:
    if type(key) is str and _PLAIN_KEY.fullmatch(key):
        return f"{base}.{key}"
    if type(key) is str:
        raw = key
    else:
        # A foreign object as a key (plain data built in Python): its __str__ may fail.
        try:
            raw = str(key)
        except Exception:
            raw = f"<unprintable {type(key).__name__}>"
    # A lone surrogate (in data built in Python) is written as its escape: a path must
    # always be printable text.
    raw = raw.encode("utf-8", "backslashreplace").decode("utf-8")
    text = raw.replace("\\", "\\\\").replace("'", "\\'")
    return f"{base}['{text}']"


def format_path(parts: Iterable[str | int]) -> str:
    """Format path components (keys and indices) as a JSON path."""
    path = "$"
    for part in parts:
        path = f"{path}[{part}]" if isinstance(part, int) else key_path(path, part)
    return path


_PART = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[([0-9]+)\]|\['((?:[^'\\]|\\.)*)'\]", re.DOTALL)


def split_path(path: str) -> tuple[str | int, ...] | None:
    """Split a JSON path made by :func:`key_path` back into keys and indices, or return
    None for one it could not have made.

    >>> split_path("$.agendas[0]['a.b']")
    ('agendas', 0, 'a.b')
    """
    parts = _built.get(path)
    if parts is not None:
        return parts
    # Paths recur (the locator and the sort both split each problem's); a path holding
    # a long key from a document is split each time rather than kept.
    return _split_short(path) if len(path) <= 200 else _split(path)


#: A path's keys and indices, from the root.
Parts = tuple[str | int, ...]


def path_of(parts: Iterable[object], base: str = "$") -> str:
    """The path of *parts* (keys, and list indices as ints) below *base*, as the checks
    report it: an int is an index, anything else a key.

    A path from the root is remembered with its parts: splitting it again (to sort it,
    to place it in the text) costs a lookup.
    """
    path = base
    known: Parts | None = () if base == "$" else None
    for part in parts:
        path, known = step(path, known, part)
    if known is not None:
        remember(path, known)
    return path


def step(path: str, parts: Parts | None, part: object) -> tuple[str, Parts | None]:
    """The path of *part* (a key, or an index if an int) below *path*, and its parts
    from the root, given *parts*, those of *path*: None where they are not to be
    remembered (see :func:`remember`)."""
    if type(part) is int:
        return f"{path}[{part}]", None if parts is None else (*parts, part)
    # Only a key that comes back from its path as itself is remembered (not one holding
    # a lone surrogate, written as its escape; nor a foreign object).
    if parts is not None and type(part) is str and part.isascii():
        return key_path(path, part), (*parts, part)
    return key_path(path, part), None


def remember(path: str, parts: Parts) -> None:
    """Remember the parts of *path*, which :func:`split_path` then returns."""
    if len(_built) >= _BUILT_KEPT:
        _built.clear()
    _built[path] = parts


#: Paths made by path_of and step, with their parts (see remember).
_built: dict[str, Parts] = {}
_BUILT_KEPT = 4096


def _split(path: str) -> tuple[str | int, ...] | None:
    if not path.startswith("$"):
        return None
    parts: list[str | int] = []
    position = 1  # after "$"
    while position < len(path):
        match = _PART.match(path, position)
        if match is None:
            return None
        plain, index, quoted = match.groups()
        if plain is not None:
            parts.append(plain)
        elif index is not None:
            parts.append(int(index))
        else:
            parts.append(re.sub(r"\\(.)", r"\1", quoted, flags=re.DOTALL))
        position = match.end()
    return tuple(parts)


_split_short = functools.lru_cache(maxsize=4096)(_split)


def document_order(data: Any) -> Callable[[str], tuple[int, ...]]:
    """Return a sort key that orders JSON paths of *data* as their values appear in it.

    A path to a key the data lacks (a required key) sorts after the keys present.
    """

    # The keys of each object asked about, in order, listed once per object: most are
    # asked about once or twice (one record's problems), where a list's C-level search
    # costs less than building a map of positions.
    places: dict[int, tuple[dict[Any, Any], list[Any]]] = {}

    def place(value: dict[Any, Any], part: object) -> int:
        if part not in value:
            return len(value)
        known = places.get(id(value))
        if known is None or known[0] is not value:
            known = places[id(value)] = (value, list(value))
        return known[1].index(part)

    def key(path: str) -> tuple[int, ...]:
        out: list[int] = []
        value = data
        for part in split_path(path) or ():
            if type(value) is dict:
                out.append(place(value, part))
                value = value.get(part)
            elif type(value) is list and type(part) is int and part < len(value):
                out.append(part)
                value = value[part]
            else:
                out.append(0)
                value = None
        return tuple(out)

    return key
