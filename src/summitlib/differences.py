"""What a revision of a summit document changed: records by kind and id, fields by JSON path.

Records with an identity (declared on the model's fields) are matched by it, wherever
they sit in their list: leaders, focus areas, goals (across all agendas),
recommendations and sources by ``id``, agendas by ``leader``, and any record kind added
to the model the same way. The summit's own fields (title, dates, location, …) form one
record of kind ``summit``. Within a record, fields are compared on the canonical JSON
form; lists without ids (tactics, aims, details, …) are compared item by item.

>>> import attrs, summitlib
>>> old = summitlib.load(summitlib.examples.path("alaska-2025"))
>>> trump = old.agenda("trump")
>>> goal = attrs.evolve(trump.goals[2], position=60.0)
>>> new_trump = attrs.evolve(trump, goals=(*trump.goals[:2], goal))
>>> new = attrs.evolve(old, agendas=(new_trump, *old.agendas[1:]))
>>> change = summitlib.diff(old, new).changed[0]
>>> change.kind, change.id, [(f.path, f.old, f.new) for f in change.fields]
('goal', 'trump-sanctions-leverage', [('$.agendas[0].goals[2].position', 45, 60)])
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from typing import Any, Final

import attrs

from summitlib import _graph
from summitlib._convert import unstructure
from summitlib._paths import key_path
from summitlib.model import Summit

__all__ = ["KINDS", "Change", "Diff", "FieldChange", "RecordChange", "RecordRef", "diff"]


def _identified(kind: _graph.Kind) -> bool:
    identity = kind.identity.spec.identity if kind.identity is not None else None
    return identity is not None and identity.scope == "document"


#: Kinds of record matched by id, in the order a diff reports them: every record class
#: of the model with a document-wide identity, in the order the graph declares them.
KINDS: Final = tuple(kind.name for kind in _graph.kinds().values() if _identified(kind))


class Change(str, enum.Enum):
    """What happened to a field."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    MOVED = "moved"
    """A goal moved to another leader's agenda (``old``/``new`` are the leader ids)."""


@attrs.frozen(kw_only=True)
class FieldChange:
    """One changed value, at its JSON path (in the new document; in the old if removed)."""

    path: str
    change: Change
    old: Any = None
    """The old JSON value; ``None`` when added."""
    new: Any = None
    """The new JSON value; ``None`` when removed."""

    def as_dict(self) -> dict[str, Any]:
        """Return the field change as JSON-ready data."""
        return {"path": self.path, "change": self.change.value, "old": self.old, "new": self.new}


@attrs.frozen(kw_only=True)
class RecordRef:
    """A record added or removed: its kind, id and JSON path."""

    kind: str
    id: str
    path: str

    def as_dict(self) -> dict[str, Any]:
        """Return the reference as JSON-ready data."""
        return {"kind": self.kind, "id": self.id, "path": self.path}


@attrs.frozen(kw_only=True)
class RecordChange:
    """A record present in both documents whose content changed."""

    kind: str
    id: str
    old_path: str
    new_path: str
    fields: tuple[FieldChange, ...]

    def as_dict(self) -> dict[str, Any]:
        """Return the record change as JSON-ready data."""
        return {
            "kind": self.kind,
            "id": self.id,
            "old_path": self.old_path,
            "new_path": self.new_path,
            "fields": [change.as_dict() for change in self.fields],
        }


@attrs.frozen(kw_only=True)
class Diff:
    """Added, removed and changed records between two summits, by kind, in document order."""

    added: tuple[RecordRef, ...] = ()
    removed: tuple[RecordRef, ...] = ()
    changed: tuple[RecordChange, ...] = ()

    def __bool__(self) -> bool:
        """A diff is true when anything changed."""
        return bool(self.added or self.removed or self.changed)

    @property
    def field_changes(self) -> tuple[FieldChange, ...]:
        """Every changed field of every changed record, in order."""
        return tuple(change for record in self.changed for change in record.fields)

    def as_dict(self) -> dict[str, Any]:
        """Return the diff as JSON-ready data."""
        return {
            "added": [ref.as_dict() for ref in self.added],
            "removed": [ref.as_dict() for ref in self.removed],
            "changed": [change.as_dict() for change in self.changed],
        }

    def lines(self) -> list[str]:
        """Describe the diff in lines of text, one per record and one per field.

        >>> Diff().lines()
        ['no changes']
        """
        if not self:
            return ["no changes"]
        out = [f"+ {ref.kind} {ref.id} ({ref.path})" for ref in self.added]
        out += [f"- {ref.kind} {ref.id} ({ref.path})" for ref in self.removed]
        for record in self.changed:
            out.append(f"~ {record.kind} {record.id} ({record.new_path})")
            for change in record.fields:
                out.append(f"    {change.change.value} {change.path}: {_describe(change)}")
        return out


def _describe(change: FieldChange) -> str:
    if change.change is Change.ADDED:
        return _short(change.new)
    if change.change is Change.REMOVED:
        return _short(change.old)
    return f"{_short(change.old)} -> {_short(change.new)}"


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: (kind, id, path, data, parent) for each record; parent is the id of the nearest
#: enclosing record below the summit (a goal's agenda, by leader), else None.
_Record = tuple[str, str, str, dict[str, Any], str | None]


def _kinds(root: type) -> tuple[str, ...]:
    return tuple(kind.name for kind in _graph.kinds(root).values() if _identified(kind))


def _records(data: dict[str, Any], root: type) -> Iterator[_Record]:
    table = _graph.kinds(root)
    for node in _graph.walk(data, root=root):
        kind = node.kind
        if not _identified(kind):
            continue  # part of the record that holds it
        assert kind.identity is not None
        own = {
            key: value
            for key, value in node.item.items()
            if not any(
                c.key == key and _identified(table[c.record]) for c in kind.children if c.record
            )
        }
        parent = node.parent
        while parent is not None and not _identified(parent.kind):
            parent = parent.parent
        parent_id = None
        if parent is not None and parent.parent is not None:
            assert parent.kind.identity is not None
            parent_id = str(parent.item.get(parent.kind.identity.key, ""))
        yield kind.name, str(node.item.get(kind.identity.key, "")), node.path, own, parent_id


def _index(data: dict[str, Any], root: type) -> dict[tuple[str, str, int], _Record]:
    """Key records by (kind, id, occurrence), so even duplicate ids pair up in order."""
    seen: dict[tuple[str, str], int] = {}
    index: dict[tuple[str, str, int], _Record] = {}
    for record in _records(data, root):
        kind, rid = record[0], record[1]
        n = seen.get((kind, rid), 0)
        seen[(kind, rid)] = n + 1
        index[(kind, rid, n)] = record
    return index


def _merged_keys(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Keys of both, in canonical (declaration) order: removed keys go where they were."""
    keys = list(new)
    previous: str | None = None
    for key in old:
        if key not in new:
            keys.insert(0 if previous is None else keys.index(previous) + 1, key)
        previous = key
    return keys


def _compare_values(path: str, old: Any, new: Any, out: list[FieldChange]) -> None:
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in _merged_keys(old, new):
            sub = key_path(path, key)
            if key not in old:
                out.append(FieldChange(path=sub, change=Change.ADDED, new=new[key]))
            elif key not in new:
                out.append(FieldChange(path=sub, change=Change.REMOVED, old=old[key]))
            else:
                _compare_values(sub, old[key], new[key], out)
        return
    if isinstance(old, list) and isinstance(new, list):
        for i in range(max(len(old), len(new))):
            sub = f"{path}[{i}]"
            if i >= len(old):
                out.append(FieldChange(path=sub, change=Change.ADDED, new=new[i]))
            elif i >= len(new):
                out.append(FieldChange(path=sub, change=Change.REMOVED, old=old[i]))
            else:
                _compare_values(sub, old[i], new[i], out)
        return
    out.append(FieldChange(path=path, change=Change.CHANGED, old=old, new=new))


def diff(old: Summit, new: Summit) -> Diff:
    """Return what changed from *old* to *new*.

    Added records are listed at their path in *new*, removed ones at their path in
    *old*; a changed record lists each changed field by its path in *new* (a removed
    field by where it was). Reordering alone is not a change. A summit of a subclass
    of :class:`~summitlib.model.Summit` is compared on that model's record graph.

    >>> import summitlib
    >>> summit = summitlib.load(summitlib.examples.path("alaska-2025"))
    >>> bool(diff(summit, summit))
    False
    """
    root = type(new)
    if root is Summit:
        old_index = _index(unstructure(old), root)
        new_index = _index(unstructure(new), root)
    else:  # the converter knows only the model's own classes
        old_index = _index(_graph.to_data(old, root, root), root)
        new_index = _index(_graph.to_data(new, root, root), root)
    added = [
        RecordRef(kind=kind, id=rid, path=path)
        for key, (kind, rid, path, _, _) in new_index.items()
        if key not in old_index
    ]
    removed = [
        RecordRef(kind=kind, id=rid, path=path)
        for key, (kind, rid, path, _, _) in old_index.items()
        if key not in new_index
    ]
    changed: list[RecordChange] = []
    for key, (kind, rid, new_path, new_data, new_parent) in new_index.items():
        if key not in old_index:
            continue
        _, _, old_path, old_data, old_parent = old_index[key]
        fields: list[FieldChange] = []
        if old_parent != new_parent:
            fields.append(
                FieldChange(path=new_path, change=Change.MOVED, old=old_parent, new=new_parent)
            )
        _compare_values(new_path, old_data, new_data, fields)
        if fields:
            changed.append(
                RecordChange(
                    kind=kind, id=rid, old_path=old_path, new_path=new_path, fields=tuple(fields)
                )
            )
    order = {kind: n for n, kind in enumerate(_kinds(root))}
    return Diff(
        added=tuple(sorted(added, key=lambda r: order[r.kind])),
        removed=tuple(sorted(removed, key=lambda r: order[r.kind])),
        changed=tuple(sorted(changed, key=lambda r: order[r.kind])),
    )
