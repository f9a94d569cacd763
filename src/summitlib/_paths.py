"""JSON paths in the notation jsonschema's ``json_path`` uses: ``$.agendas[0].goals``."""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["format_path", "key_path"]

_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def key_path(base: str, key: object) -> str:
    """Return the path of *key* inside the object at *base*."""
    if isinstance(key, str) and _PLAIN_KEY.fullmatch(key):
        return f"{base}.{key}"
    text = str(key).replace("\\", "\\\\").replace("'", "\\'")
    return f"{base}['{text}']"


def format_path(parts: Iterable[str | int]) -> str:
    """Format path components (keys and indices) as a JSON path."""
    path = "$"
    for part in parts:
        path = f"{path}[{part}]" if isinstance(part, int) else key_path(path, part)
    return path
