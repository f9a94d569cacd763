"""JSON paths in the notation jsonschema's ``json_path`` uses: ``$.agendas[0].goals``."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

__all__ = ["document_order", "format_path", "key_path", "split_path"]

_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def key_path(base: str, key: object) -> str:
    """Return the path of *key* inside the object at *base*."""
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


_PART = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]")


def split_path(path: str) -> list[str | int]:
    """Split a JSON path made by :func:`key_path` back into keys and indices.

    >>> split_path("$.agendas[0]['a.b']")
    ['agendas', 0, 'a.b']
    """
    parts: list[str | int] = []
    position = 1  # after "$"
    while position < len(path):
        match = _PART.match(path, position)
        if match is None:
            break
        plain, index, quoted = match.groups()
        if plain is not None:
            parts.append(plain)
        elif index is not None:
            parts.append(int(index))
        else:
            parts.append(re.sub(r"\\(.)", r"\1", quoted))
        position = match.end()
    return parts


def document_order(data: Any) -> Callable[[str], tuple[int, ...]]:
    """Return a sort key that orders JSON paths of *data* as their values appear in it.

    A path to a key the data lacks (a required key) sorts after the keys present.
    """

    def key(path: str) -> tuple[int, ...]:
        out: list[int] = []
        value = data
        for part in split_path(path):
            if type(value) is dict:
                keys = list(value)
                position = keys.index(part) if part in value else len(keys)
                out.append(position)
                value = value.get(part)
            elif type(value) is list and type(part) is int and part < len(value):
                out.append(part)
                value = value[part]
            else:
                out.append(0)
                value = None
        return tuple(out)

    return key
