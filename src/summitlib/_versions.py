"""Format versions: reading older documents as they were meant, and migrating them.

Each field declares the version that introduced it (``since``) and what an absent
value meant in older versions (``legacy_defaults``); nothing here names a field.
"""

from __future__ import annotations

import copy
from typing import Any

import attrs

from summitlib import _graph, model

__all__ = ["apply_legacy_defaults", "is_newer", "migrate", "migrate_data", "version_key"]


def version_key(version: str) -> tuple[int, int] | None:
    """``(major, minor)`` of a format version written ``MAJOR.MINOR`` in ASCII digits, else
    ``None``. Versions are ordered by their keys: ``"1.10"`` comes after ``"1.9"``."""
    major, dot, minor = version.partition(".")
    if not (dot and major.isascii() and minor.isascii() and major.isdigit() and minor.isdigit()):
        return None
    return int(major), int(minor)


def is_newer(version: str, than: str) -> bool:
    """Tell whether format *version* comes after format *than*; both must be versions."""
    keys = version_key(version), version_key(than)
    if keys[0] is None or keys[1] is None:
        raise ValueError(f"not format versions: {version!r}, {than!r}")
    return keys[0] > keys[1]


def _legacy_fields(version: str) -> dict[type, list[tuple[_graph.FieldInfo, Any]]]:
    out: dict[type, list[tuple[_graph.FieldInfo, Any]]] = {}
    for cls, kind in _graph.kinds().items():
        for info in kind.fields:
            for old, value in info.spec.legacy_defaults:
                if old == version:
                    out.setdefault(cls, []).append((info, value))
    return out


def apply_legacy_defaults(summit: model.Summit) -> model.Summit:
    """Fill the absent values of an older document with what they meant in its version.

    *summit* must be freshly structured (its records are not shared yet): values are
    set in place, which costs nothing for documents of the current version.
    """
    if summit.schema_version == model.SCHEMA_VERSION:
        return summit
    fields = _legacy_fields(summit.schema_version)
    if not fields:
        return summit
    for kind, record in _graph.walk_typed(summit):
        for info, value in fields.get(kind.cls, ()):
            if getattr(record, info.name) is None:
                object.__setattr__(record, info.name, value)
    return summit


def migrate(summit: model.Summit) -> model.Summit:
    """Return *summit* in the current format version, meaning exactly the same.

    A format 1.0 document's absent confidences were ``stated``: loading one fills them
    in, and the migrated document says so explicitly.

    >>> import summitlib
    >>> old = summitlib.loads(
    ...     '{"schema_version": "1.0", "id": "s", "title": "T", "status": "held",'
    ...     ' "start_date": "2025", "location": {"name": "X"},'
    ...     ' "leaders": [{"id": "a", "name": "A", "country": "US", "role": "R"}]}'
    ... )
    >>> new = summitlib.migrate(old)
    >>> new.schema_version, new.leaders == old.leaders
    ('1.1', True)
    """
    return attrs.evolve(summit, schema_version=model.SCHEMA_VERSION)


def migrate_data(data: Any) -> Any:
    """Return plain *data* of an older version as the current version, meaning the same.

    The plain-data twin of :func:`migrate`, for a document that is not valid in its own
    version only because it already uses newer fields: each absent value that meant
    something in the old version is written out, and ``schema_version`` is set. *data*
    is not modified; data that is not an older document is returned as it is.
    """
    if type(data) is not dict:
        return data
    version = data.get("schema_version")
    if version == model.SCHEMA_VERSION or version not in model.SCHEMA_VERSIONS:
        return data
    fields = _legacy_fields(version)
    data = copy.deepcopy(data)
    for node in _graph.walk(data):
        for info, value in fields.get(node.kind.cls, ()):
            if node.item.get(info.key) is None:
                node.item[info.key] = _graph._value_data(info, value, None)
    data["schema_version"] = model.SCHEMA_VERSION
    return data
