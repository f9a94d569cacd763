"""The rules JSON Schema cannot express, each written once.

Two kinds of rule run on every document:

* the graph rules, read from the field declarations (see ``_graph.py``): identities are
  unique (among all records of a class, or among siblings), and every reference
  resolves to a record of the class it names;
* the record rules registered below with :func:`~summitlib._graph.rule`: dates in
  order, topic codes that exist, and so on.

A valid document (the common case) is judged on the records the fast structuring path
collected while building them (:func:`follows_rules`), with set operations and no
paths; only a document that breaks a rule, or whose shape is wrong, is walked as plain
data to report every problem with its path (:func:`rule_problems`). Both run the same
declarations and the same rule functions.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import Any, Final

from summitlib import _graph, model
from summitlib._graph import Context, Kind, Node, View, rule, rules_for
from summitlib._paths import key_path
from summitlib.taxonomy import topic_problem

__all__ = ["MAX_RULE_PROBLEMS", "collected_classes", "follows_rules", "rule_problems"]

#: Rule problems reported before checking stops: a document citing an unknown source
#: millions of times costs bounded time and memory.
MAX_RULE_PROBLEMS: Final = 100

RawProblem = tuple[str, str, str]


# -- record rules ---------------------------------------------------------------------


@rule(model.Summit)
def _dates_in_order(summit: Any, _: Context) -> Iterator[tuple[str | None, str, str]]:
    start, end = summit.start_date, summit.end_date
    if end is not None and end.bounds()[1] < start.bounds()[0]:
        yield "end_date", "date-order", f"'end_date' {end} is before 'start_date' {start}"


@rule(model.FocusArea)
def _topic_exists(area: Any, _: Context) -> Iterator[tuple[str | None, str, str]]:
    if area.topic is not None:
        message = topic_problem(area.topic)
        if message is not None:
            yield "topic", "topic", message


# -- the engine -----------------------------------------------------------------------


@functools.cache
def collected_classes() -> tuple[type, ...]:
    """The classes whose records the fast path collects: those the rules look at."""
    return tuple(
        cls
        for cls, kind in _graph.kinds().items()
        if _document_identity(kind) or kind.references or rules_for(cls)
    )


def _document_identity(kind: Kind) -> bool:
    spec = kind.identity.spec.identity if kind.identity is not None else None
    return spec is not None and spec.scope == "document"


def follows_rules(summit: model.Summit, collected: list[list[Any]]) -> bool:
    """Tell whether a summit built on the fast path breaks none of the rules.

    *collected* holds the records of each of :func:`collected_classes`, as the fast
    path appended them.
    """
    classes = collected_classes()
    records = dict(zip(classes, collected))
    ids: dict[str, set[Any]] = {}
    for cls, objs in records.items():
        kind = _graph.kinds()[cls]
        if _document_identity(kind):
            assert kind.identity is not None
            name = kind.identity.name
            values = {getattr(o, name) for o in objs}
            if len(values) != len(objs):
                return False
            ids[cls.__name__] = values
    for cls, objs in records.items():
        for ref in _graph.kinds()[cls].references:
            known = ids.get(ref.refers_to or "", set())
            name = ref.name
            if ref.many:
                for o in objs:
                    if not known.issuperset(getattr(o, name)):
                        return False
            else:
                values = {getattr(o, name) for o in objs}
                values.discard(None)
                if not known.issuperset(values):
                    return False
    context = _graph.typed_context(summit)
    for cls, objs in records.items():
        for check in rules_for(cls):
            for o in objs:
                for _ in check(o, context):
                    return False
    return True


class _Full(Exception):
    """As many rule problems were found as are reported."""


class _Problems:
    def __init__(self) -> None:
        self.items: list[RawProblem] = []

    def add(self, path: str, code: str, message: str) -> None:
        if len(self.items) >= MAX_RULE_PROBLEMS:
            raise _Full
        self.items.append((path, code, message))


def rule_problems(data: Any) -> list[RawProblem]:
    """Check every rule on plain data of any shape; return each problem with its path.

    Values of the wrong shape are skipped: the shape check reports them, so that one
    mistake is one problem. At most :data:`MAX_RULE_PROBLEMS` are reported.
    """
    out = _Problems()
    try:
        _check(data, out)
    except _Full:
        path, code, message = out.items[-1]
        out.items[-1] = (
            path,
            code,
            f"{message} (checking the rules stopped here: at most "
            f"{MAX_RULE_PROBLEMS} problems are reported)",
        )
    return out.items


def _value(node: Node, info: _graph.FieldInfo) -> Iterable[tuple[str, Any]]:
    """(path, value) for the well-formed values of a slug field (each item, for lists)."""
    value = node.item.get(info.key)
    path = key_path(node.path, info.key)
    if info.many:
        if isinstance(value, list):
            for index, item in enumerate(value):
                if _graph.string_ok(info.spec, item):
                    yield f"{path}[{index}]", item
    elif _graph.string_ok(info.spec, value):
        yield path, value


def _check(data: Any, out: _Problems) -> None:
    unreadable: set[type] = set()
    nodes = list(_graph.walk(data, unreadable))
    ids: dict[str, set[str]] = {}
    index: dict[tuple[str, str], Any] = {}
    siblings: dict[tuple[int, str], set[str]] = {}
    for node in nodes:
        identity = node.kind.identity
        if identity is None or identity.spec.identity is None:
            continue
        declared = identity.spec.identity
        name = node.kind.cls.__name__
        for path, value in _value(node, identity):
            if declared.scope == "parent":
                seen = siblings.setdefault((id(node.parent), name), set())
            else:
                seen = ids.setdefault(name, set())
                index.setdefault((name, value), View(node.kind, node.item))
            if value in seen:
                message = declared.message.format(kind=node.kind.label, value=value)
                out.add(path, declared.code, message)
            seen.add(value)
    for cls in _graph.kinds():
        if _document_identity(_graph.kinds()[cls]):
            ids.setdefault(cls.__name__, set())
    unjudged = {cls.__name__ for cls in unreadable}
    for node in nodes:
        for ref in node.kind.references:
            target = ref.refers_to or ""
            if target in unjudged:
                continue
            known = ids[target]
            label = _graph.kind_of(target).label
            for path, value in _value(node, ref):
                if value not in known:
                    out.add(path, "reference", f"no {label} has the id {value!r}")
    context = Context(View(nodes[0].kind, nodes[0].item) if nodes else None, lambda: index)
    for node in nodes:
        checks = rules_for(node.kind.cls)
        if not checks:
            continue
        view = View(node.kind, node.item)
        for check in checks:
            try:
                found = list(check(view, context))
            except _graph.Unknown:
                continue
            for key, code, message in found:
                path = node.path if key is None else key_path(node.path, key)
                out.add(path, code, message)
