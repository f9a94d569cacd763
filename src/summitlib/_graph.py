"""The record graph, read from the model's field declarations.

Which classes make up a document is found by walking the fields from
:class:`~summitlib.model.Summit`; which field is a record's identity and which field
refers to which kind of record is declared on the fields themselves
(``field(..., identity=True)``, ``field(..., refers_to=Leader)``). Everything that needs
the graph reads it from here: the converter, the rules, the schema, ``diff``, the tidy
tables and the hypothesis strategies. Nothing lists the classes or their ids by hand.
"""

from __future__ import annotations

import enum
import functools
import re
import types
import typing
from collections.abc import Callable, Iterator
from typing import Any, Final

import attrs

from summitlib import model
from summitlib._meta import STRING_KINDS, FieldSpec, key_of, shared_methods, spec_of

__all__ = [
    "FieldInfo",
    "Kind",
    "Node",
    "kind_of",
    "kinds",
    "model_classes",
    "string_ok",
    "walk",
    "walk_typed",
]

#: Types that are values, not records, although they are attrs classes.
SCALAR_CLASSES: Final[tuple[type, ...]] = (model.PartialDate,)


def _unwrap(tp: Any) -> tuple[bool, Any]:
    """Return (optional, inner type) for ``X | None``."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        inner = tuple(a for a in args if a is not type(None))
        if len(inner) == 1 and len(args) == 2:
            return True, inner[0]
    return False, tp


def is_record(tp: Any) -> bool:
    """Tell whether *tp* is a model record class (not a scalar such as PartialDate)."""
    return isinstance(tp, type) and attrs.has(tp) and tp not in SCALAR_CLASSES


@attrs.frozen
@shared_methods
class FieldInfo:
    """One field of a record class, with its type taken apart."""

    name: str
    """The attribute's name."""
    key: str
    """The JSON key."""
    spec: FieldSpec
    type: Any
    """The value type: the item type for lists, without ``| None``."""
    optional: bool
    many: bool
    """A list (a tuple in Python)."""
    default: Any
    required: bool
    """Required in documents."""
    record: type | None
    """The record class the field holds, if it holds records."""

    @property
    def refers_to(self) -> str | None:
        """Name of the class the field refers to by id."""
        return self.spec.refers_to


@attrs.frozen
@shared_methods
class Kind:
    """A record class of the model, with its identity, references and child fields."""

    cls: type
    name: str
    """Snake-case name, e.g. ``focus_area``: used by diff and the tables."""
    label: str
    """For people, e.g. ``focus area``."""
    fields: tuple[FieldInfo, ...]
    identity: FieldInfo | None
    references: tuple[FieldInfo, ...]
    children: tuple[FieldInfo, ...]
    """Fields that hold records."""

    @property
    def scope(self) -> str | None:
        """Where ids of this kind must differ: ``"document"``, ``"parent"`` (among the
        siblings in one record), or None for a kind without an identity."""
        declared = self.identity.spec.identity if self.identity is not None else None
        return None if declared is None else declared.scope

    def field(self, name: str) -> FieldInfo:
        """Return the field called *name*."""
        for info in self.fields:
            if info.name == name:
                return info
        raise KeyError(name)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _field_info(attribute: attrs.Attribute[Any]) -> FieldInfo:
    spec = spec_of(attribute)
    optional, tp = _unwrap(attribute.type)
    many = typing.get_origin(tp) is tuple
    if many:
        tp = typing.get_args(tp)[0]
    return FieldInfo(
        name=attribute.name,
        key=key_of(attribute),
        spec=spec,
        type=tp,
        optional=optional,
        many=many,
        default=attribute.default,
        required=spec.required,
        record=tp if is_record(tp) else None,
    )


def kinds(root: type | None = None) -> dict[type, Kind]:
    """Every record class reachable from *root* (:class:`~summitlib.model.Summit`), root first.

    Found by walking the fields depth-first in declaration order, so the order is
    stable and follows the document. Another *root* (a subclass of ``Summit`` with
    more fields, say) gives the graph of that model, built the same way.
    """
    return _kinds(model.Summit if root is None else root)


@functools.cache
def _kinds(root: type) -> dict[type, Kind]:
    found: dict[type, Kind] = {}

    def visit(cls: type) -> None:
        if cls in found:
            return
        attrs.resolve_types(cls)
        infos = tuple(_field_info(a) for a in attrs.fields(cls))
        identities = [i for i in infos if i.spec.identity is not None]
        if len(identities) > 1:
            raise TypeError(f"{cls.__name__} declares more than one identity field")
        name = _snake(cls.__name__)
        found[cls] = Kind(
            cls=cls,
            name=name,
            label=name.replace("_", " "),
            fields=infos,
            identity=identities[0] if identities else None,
            references=tuple(i for i in infos if i.spec.refers_to is not None),
            children=tuple(i for i in infos if i.record is not None),
        )
        for info in infos:
            if info.record is not None:
                visit(info.record)

    visit(root)
    by_name = {cls.__name__: cls for cls in found}
    for kind in found.values():
        for ref in kind.references:
            target = by_name.get(ref.refers_to or "")
            if target is None or found[target].identity is None:
                raise TypeError(
                    f"{kind.cls.__name__}.{ref.name} refers to {ref.refers_to!r}, "
                    "which is not a model class with an identity field"
                )
    return found


@functools.cache
def sibling_groups(cls: type) -> tuple[tuple[Kind, tuple[FieldInfo, ...]], ...]:
    """The children of a record of *cls* whose ids must differ among siblings: per
    child kind, the fields of *cls* that hold them (siblings are pooled across fields)."""
    table = kinds()
    pooled: dict[type, list[FieldInfo]] = {}
    for child in table[cls].children:
        assert child.record is not None
        if table[child.record].scope == "parent":
            pooled.setdefault(child.record, []).append(child)
    return tuple((table[child], tuple(fields)) for child, fields in pooled.items())


def model_classes(root: type | None = None) -> tuple[type, ...]:
    """Every record class of the model, root first."""
    return tuple(kinds(root))


def kind_of(cls_or_name: type | str, root: type | None = None) -> Kind:
    """Return the kind of a record class, given the class or its name."""
    if isinstance(cls_or_name, str):
        for cls, kind in kinds(root).items():
            if cls.__name__ == cls_or_name:
                return kind
        raise KeyError(cls_or_name)
    return kinds(root)[cls_or_name]


def string_ok(spec: FieldSpec, value: object) -> bool:
    """Tell whether *value* passes the string checks of *spec* (type, length, pattern).

    The same compiled patterns as the converter's, so a value the shape check rejects
    is never also a rule problem.
    """
    if type(value) is not str:
        return False
    if spec.kind is None:
        return True
    kind = STRING_KINDS[spec.kind]
    if len(value) > kind.max_length:
        return False
    if kind.enum is not None:
        return value in kind.enum
    return kind.compiled is None or kind.compiled.search(value) is not None


@attrs.define
class Node:
    """A record met while walking plain data: where it is and what it holds."""

    kind: Kind
    path: str
    item: dict[str, Any]
    parent: Node | None
    index: int | None
    """Position in the parent's list, if it sits in one."""


def _key_path(base: str, key: str) -> str:
    from summitlib._paths import key_path

    return key_path(base, key)


def walk(
    data: Any, unreadable: set[type] | None = None, root: type | None = None
) -> Iterator[Node]:
    """Yield every record of plain *data* in document order, root first.

    Values of the wrong shape are skipped (the shape check reports them); the classes
    whose records could not all be read are added to *unreadable*, so that a reference
    to them is not judged. *root* is the root class, as for :func:`kinds`.
    """
    if type(data) is not dict:
        return
    table = kinds(root)
    stack: list[Node] = [Node(table[model.Summit if root is None else root], "$", data, None, None)]
    while stack:
        node = stack.pop()
        yield node
        found: list[Node] = []
        for info in node.kind.children:
            value = node.item.get(info.key)
            if value is None:
                continue
            assert info.record is not None
            path = _key_path(node.path, info.key)
            kind = table[info.record]
            if not info.many:
                if type(value) is dict:
                    found.append(Node(kind, path, value, node, None))
                elif unreadable is not None:
                    unreadable.add(info.record)
                continue
            if type(value) not in (list, tuple):
                if unreadable is not None:
                    unreadable.add(info.record)
                continue
            for index, item in enumerate(value):
                if type(item) is dict:
                    found.append(Node(kind, f"{path}[{index}]", item, node, index))
                elif unreadable is not None:
                    unreadable.add(info.record)
        stack.extend(reversed(found))


def walk_typed(obj: Any, root: type | None = None) -> Iterator[tuple[Kind, Any]]:
    """Yield (kind, record) for *obj* and every record inside it, in document order.

    *root* is the root class of the model *obj* belongs to, as for :func:`kinds`.
    """
    stack = [obj]
    table = kinds(root)
    while stack:
        record = stack.pop()
        kind = table[type(record)]
        yield kind, record
        found: list[Any] = []
        for info in kind.children:
            value = getattr(record, info.name)
            if value is None:
                continue
            if info.many:
                found.extend(value)
            else:
                found.append(value)
        stack.extend(reversed(found))


class Mistyped:
    """A Python value of the wrong type in a hand-built record, for the shape check.

    :func:`to_data` puts it where a field's declared type and its value disagree, so
    that validating the plain data reports a ``type`` problem at that field's path.
    """

    __slots__ = ("expected", "value")

    def __init__(self, value: object, expected: str) -> None:
        self.value = value
        self.expected = expected

    def describe(self) -> str:
        """Name the value's type and the type expected, for messages."""
        return f"a Python {type(self.value).__name__} where {self.expected} is expected"


def _type_name(tp: Any) -> str:
    return f"a {tp.__name__}" if isinstance(tp, type) else repr(tp)


def to_data(obj: Any, cls: type = model.Summit, root: type | None = None) -> Any:
    """Return a hand-built record as plain data, marking values of the wrong type.

    Unlike the canonical unstructuring, nothing is assumed about the values: a field
    whose value is not of its declared type gets a :class:`Mistyped` marker. *root* is
    the root class of the model, as for :func:`kinds`.
    """
    if not isinstance(obj, cls):
        return Mistyped(obj, _type_name(cls))
    out: dict[str, Any] = {}
    for info in kinds(root)[cls].fields:
        value = getattr(obj, info.name)
        if value is None:
            if not info.optional:  # a required field or a list set to None: say so
                out[info.key] = None if not info.many else Mistyped(value, "a tuple")
            continue
        if not info.required and type(value) is type(info.default) and value == info.default:
            continue  # a default is left out, as in canonical text
        if info.many:
            if type(value) is not tuple:
                out[info.key] = Mistyped(value, "a tuple")
                continue
            out[info.key] = [_value_data(info, item, root) for item in value]
        else:
            out[info.key] = _value_data(info, value, root)
    return out


def _value_data(info: FieldInfo, value: Any, root: type | None) -> Any:
    tp = info.type
    if info.record is not None:
        return to_data(value, info.record, root)
    if tp is model.PartialDate:
        return str(value) if isinstance(value, model.PartialDate) else Mistyped(value, "a date")
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return value.value if isinstance(value, tp) else Mistyped(value, _type_name(tp))
    return value


#: A rule: given a record (typed, or a view of plain data) and the document context,
#: yields (JSON key of the field or None for the record, code, message).
Rule = Callable[[Any, "Context"], Iterator[tuple[str | None, str, str]]]
_RULES: dict[type, list[Rule]] = {}


def rule(cls: type, *, when: tuple[str, ...] = ()) -> Callable[[Rule], Rule]:
    """Register a rule for records of *cls*; see :data:`Rule`.

    A rule reads fields as attributes: on typed records directly, on plain data
    through a view that structures each field on access. A field whose value is
    malformed makes the view raise :class:`Unknown`, and the rule is skipped for that
    record (the shape check reports the malformed value).

    *when* names fields of which one at least must be set (not None, not empty) for
    the rule to find anything: the quick checks skip the other records without
    calling it.
    """

    def register(function: Rule) -> Rule:
        _RULES.setdefault(cls, []).append(function)
        if when:
            _WHEN[function] = when
        return function

    return register


#: The fields named by :func:`rule`'s *when*, per rule.
_WHEN: dict[Rule, tuple[str, ...]] = {}


@functools.cache
def rule_applies(cls: type, function: Rule) -> Callable[[Any], bool] | None:
    """:func:`rule_condition` as a function of a typed record, or None."""
    condition = rule_condition(cls, function, "o")
    if condition is None:
        return None
    applies: Callable[[Any], bool] = eval(f"lambda o: bool({condition})")
    return applies


def rule_condition(
    cls: type, function: Rule, record: str, version: str | None = None
) -> str | None:
    """An expression, on the typed record named *record*, that is false only where
    *function* (a rule of *cls*) cannot find a problem; None if it may find one anywhere.

    With a *version*, for records read as that format version (a field newer than it
    holds its default): ``"False"`` for a rule that needs only such fields.
    """
    from summitlib._versions import is_newer  # it reads the graph: imported here

    fields = {info.name: info for info in kinds()[cls].fields}
    when = _WHEN.get(function, ())
    if not when:
        return None
    tests = [
        f"{record}.{name}" if fields[name].many else f"{record}.{name} is not None"
        for name in when
        if version is None or not is_newer(fields[name].spec.since, version)
    ]
    return " or ".join(tests) or "False"


def rules_for(cls: type) -> list[Rule]:
    """The rules registered for *cls* and its base classes (a subclassed root keeps them)."""
    if len(cls.__mro__) <= 2:  # a model class: no base but object
        return _RULES.get(cls, [])
    return [check for base in cls.__mro__ for check in _RULES.get(base, ())]


class Unknown(Exception):
    """A field of a view holds a malformed value: the rule cannot judge it."""


class Context:
    """What a rule may look up besides its record: the root and records by id."""

    def __init__(self, root: Any, index: Callable[[], dict[tuple[str, str], Any]]) -> None:
        self.root = root
        self._index_fn = index
        self._index: dict[tuple[str, str], Any] | None = None

    def lookup(self, cls_name: str, identity: str) -> Any:
        """Return the record of class *cls_name* with *identity*, or None."""
        if self._index is None:
            self._index = self._index_fn()
        return self._index.get((cls_name, identity))


def typed_context(summit: Any) -> Context:
    """A context over a typed summit."""

    def index() -> dict[tuple[str, str], Any]:
        out: dict[tuple[str, str], Any] = {}
        for kind, record in walk_typed(summit, type(summit)):
            if kind.identity is not None and kind.scope == "document":
                out.setdefault((kind.cls.__name__, getattr(record, kind.identity.name)), record)
        return out

    return Context(summit, index)


_MISSING: Final = object()


class View:
    """A record of plain data seen through its declared field types, for the rules."""

    __slots__ = ("_item", "_kind", "_root")

    def __init__(self, kind: Kind, item: dict[str, Any], root: type | None = None) -> None:
        self._kind = kind
        self._item = item
        self._root = root

    def __getattr__(self, name: str) -> Any:
        try:
            info = self._kind.field(name)
        except KeyError:
            raise AttributeError(name) from None
        value = self._item.get(info.key, _MISSING)
        if value is _MISSING or value is None:
            if info.required:
                raise Unknown(name)
            return info.default
        if info.many:
            if type(value) not in (list, tuple):
                raise Unknown(name)
            return tuple(self._one(info, item) for item in value)
        return self._one(info, value)

    def _one(self, info: FieldInfo, value: Any) -> Any:
        if info.record is not None:
            if type(value) is not dict:
                raise Unknown(info.name)
            return View(kinds(self._root)[info.record], value, self._root)
        from summitlib._convert import scalar_hook

        try:
            return scalar_hook(info)(value, None)
        except Exception:  # any malformed value: the shape check reports it
            raise Unknown(info.name) from None
