"""The one configured cattrs converter, with strict hooks built from field specs.

Strict means no coercion, ever: ``"7"`` is not a number, ``True`` is not a number,
``5`` is not a string, a string is not a list, and ``None`` is accepted only where a
field is optional. Unknown keys are errors. Every problem in a document is collected
(cattrs' detailed validation), then flattened into ``(path, code, message)`` triples by
:func:`problems_from_exception`.
"""

from __future__ import annotations

import difflib
import enum
import functools
import math
import types
import typing
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

import attrs
import orjson

from summitlib import _graph, model
from summitlib._meta import STRING_KINDS, FieldSpec, key_of, spec_of
from summitlib._paths import key_path
from summitlib.errors import SummitlibError

if TYPE_CHECKING:
    import cattrs

__all__ = [
    "MODEL_CLASSES",
    "Invalid",
    "RawProblem",
    "dump_json",
    "problems_from_exception",
    "structure_summit",
    "unstructure",
]

#: (JSON path, code, message)
RawProblem = tuple[str, str, str]
Hook = Callable[[Any, Any], Any]

#: Every class of the model, root first; found by walking the fields from Summit.
MODEL_CLASSES: Final[tuple[type, ...]] = _graph.model_classes()


class Invalid(SummitlibError, ValueError):
    """One problem with one value, raised inside a structure hook."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


#: Problems reported per array or object before checking stops there: a 64 MiB array of
#: bad items would otherwise make tens of millions of problems and exhaust memory.
MAX_PROBLEMS_PER_CONTAINER: Final = 100


class _ItemErrors(Exception):
    """Problems in some items of a list, by index; *unchecked* items were skipped."""

    def __init__(self, errors: list[tuple[int, Exception]], unchecked: int = 0) -> None:
        super().__init__(f"{len(errors)} invalid items")
        self.errors = errors
        self.unchecked = unchecked
        self.weight = sum(_weight(error) for _, error in errors)


def _weight(error: BaseException) -> int:
    """How many problems *error* will be reported as (at most, for unknown keys)."""
    if isinstance(error, _ItemErrors):
        return error.weight
    extra = getattr(error, "extra_fields", None)  # cattrs' ForbiddenExtraKeysError
    if extra is not None:
        return min(len(extra), MAX_PROBLEMS_PER_CONTAINER)
    inner = getattr(error, "exceptions", None)  # cattrs' ClassValidationError
    if inner is not None:
        return sum(_weight(sub) for sub in inner)
    return 1


_JSON_TYPE_NAMES: Final = {
    dict: "an object",
    list: "an array",
    tuple: "an array",
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "a boolean",
    type(None): "null",
}


def json_type_name(value: object) -> str:
    """Name *value*'s type the way a JSON author would."""
    if isinstance(value, _graph.Mistyped):
        return value.describe()
    name = _JSON_TYPE_NAMES.get(type(value))
    return name if name is not None else f"a Python {type(value).__name__}"


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _string_hook(label: str, spec: FieldSpec) -> Hook:
    kind = STRING_KINDS[spec.kind] if spec.kind is not None else None
    choices = spec.enum

    def hook(value: Any, _: Any) -> str:
        if type(value) is not str:
            raise Invalid("type", f"{label} must be a string (got {json_type_name(value)})")
        if choices is not None:
            if value not in choices:
                allowed = ", ".join(repr(choice) for choice in choices)
                raise Invalid("enum", f"{label} must be one of {allowed} (got {_short(value)})")
            return value
        if kind is None:
            return value
        if len(value) > kind.max_length:
            raise Invalid(
                "length",
                f"{label} must be at most {kind.max_length} characters (got {len(value)})",
            )
        if kind.enum is not None:
            if value not in kind.enum:
                raise Invalid("enum", f"{label} must be {kind.description} (got {_short(value)})")
        elif kind.compiled is not None and kind.compiled.search(value) is None:
            if kind.name == "text":
                raise Invalid("blank", f"{label} must not be empty or only whitespace")
            raise Invalid("pattern", f"{label} must be {kind.description} (got {_short(value)})")
        return value

    return hook


def _number_hook(label: str, spec: FieldSpec) -> Hook:
    low = spec.minimum if spec.minimum is not None else -math.inf
    high = spec.maximum if spec.maximum is not None else math.inf

    def hook(value: Any, _: Any) -> float:
        if type(value) is not float and type(value) is not int:
            raise Invalid("type", f"{label} must be a number (got {json_type_name(value)})")
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            raise Invalid("range", f"{label} must be a finite number (got {_short(value)})")
        if not low <= number <= high:
            raise Invalid(
                "range", f"{label} must be between {low:g} and {high:g} (got {_short(value)})"
            )
        return number

    return hook


def _integer_hook(label: str, spec: FieldSpec) -> Hook:
    low = spec.minimum if spec.minimum is not None else -math.inf
    high = spec.maximum if spec.maximum is not None else math.inf

    def hook(value: Any, _: Any) -> int:
        if type(value) is float and value.is_integer():
            value = int(value)  # 3 and 3.0 are the same JSON number
        if type(value) is not int:
            raise Invalid("type", f"{label} must be an integer (got {json_type_name(value)})")
        if not low <= value <= high:
            raise Invalid(
                "range", f"{label} must be between {low:g} and {high:g} (got {_short(value)})"
            )
        return value

    return hook


def _bool_hook(label: str) -> Hook:
    def hook(value: Any, _: Any) -> bool:
        if type(value) is not bool:
            raise Invalid("type", f"{label} must be true or false (got {json_type_name(value)})")
        return value

    return hook


def _enum_hook(label: str, cls: type[enum.Enum]) -> Hook:
    by_value = {member.value: member for member in cls}
    allowed = ", ".join(repr(v) for v in by_value)

    def hook(value: Any, _: Any) -> enum.Enum:
        if type(value) is not str:
            raise Invalid("type", f"{label} must be a string (got {json_type_name(value)})")
        member = by_value.get(value)
        if member is None:
            raise Invalid("enum", f"{label} must be one of {allowed} (got {_short(value)})")
        return member

    return hook


def _date_hook(label: str) -> Hook:
    def hook(value: Any, _: Any) -> model.PartialDate:
        if type(value) is not str:
            raise Invalid("type", f"{label} must be a string (got {json_type_name(value)})")
        try:
            return model.PartialDate.parse(value)
        except ValueError as error:
            raise Invalid("date", f"{label} must be a real calendar date: {error}") from None

    return hook


def _optional(inner: Hook) -> Hook:
    def hook(value: Any, tp: Any) -> Any:
        return None if value is None else inner(value, tp)

    return hook


def _list_hook(label: str, spec: FieldSpec, item: Hook) -> Hook:
    min_items = spec.min_items

    def hook(value: Any, _: Any) -> tuple[Any, ...]:
        if type(value) is not list and type(value) is not tuple:
            raise Invalid("type", f"{label} must be an array (got {json_type_name(value)})")
        if len(value) < min_items:
            raise Invalid("min-items", f"{label} must have at least {min_items} item(s)")
        result = []
        errors: list[tuple[int, Exception]] = []
        weight = 0
        for index, element in enumerate(value):
            try:
                result.append(item(element, None))
            except Exception as error:  # collected, re-raised below with every index
                errors.append((index, error))
                weight += _weight(error)
                if weight >= MAX_PROBLEMS_PER_CONTAINER and index + 1 < len(value):
                    raise _ItemErrors(errors, unchecked=len(value) - index - 1) from None
        if errors:
            raise _ItemErrors(errors)
        return tuple(result)

    return hook


def _is_optional(tp: Any) -> tuple[bool, Any]:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(tp)) == 2:
            return True, args[0]
    return False, tp


def _hook_for(tp: Any, spec: FieldSpec, label: str) -> Hook:
    optional, tp = _is_optional(tp)
    hook: Hook
    if typing.get_origin(tp) is tuple:
        (item_type, _ellipsis) = typing.get_args(tp)
        hook = _list_hook(label, spec, _hook_for(item_type, spec, f"each item of {label}"))
    elif tp is model.PartialDate:
        hook = _date_hook(label)
    elif isinstance(tp, type) and issubclass(tp, enum.Enum):
        hook = _enum_hook(label, tp)
    elif tp is str:
        hook = _string_hook(label, spec)
    elif tp is float:
        hook = _number_hook(label, spec)
    elif tp is bool:
        hook = _bool_hook(label)
    elif tp is int:
        hook = _integer_hook(label, spec)
    elif attrs.has(tp):
        hook = _class_hook(label, tp)
    else:  # pragma: no cover - a new field type needs a hook here first
        raise TypeError(f"no structure hook for {tp!r}")
    return _optional(hook) if optional else hook


@functools.cache
def scalar_hook(info: _graph.FieldInfo) -> Hook:
    """The detailed hook of one value of a non-record field (an item, for lists)."""
    return _hook_for(info.type, info.spec, repr(info.key))


#: The generated (cattrs) structure function of each model class; see _make_converter.
_generated: dict[type, Hook] = {}


class _MissingKeys(Exception):
    """Keys required in documents that Python gives a default, plus other problems."""

    def __init__(self, keys: list[str], others: list[BaseException]) -> None:
        super().__init__(f"missing {keys}")
        self.keys = keys
        self.others = others


def _class_hook(label: str, cls: type) -> Hook:
    # Keys that documents must give although Python has a default for them (cattrs
    # would quietly fill the default in).
    defaulted = [
        info.key
        for info in _graph.kinds()[cls].fields
        if info.required and info.default is not attrs.NOTHING
    ]

    # Looked up at call time: a class may refer to classes generated after it.
    def hook(value: Any, _: Any) -> Any:
        if type(value) is not dict:
            raise Invalid("type", f"{label} must be an object (got {json_type_name(value)})")
        missing = [key for key in defaulted if key not in value]
        if not missing:
            return _generated[cls](value, cls)
        others: list[BaseException] = []
        try:
            _generated[cls](value, cls)
        except Exception as error:  # reported together with the missing keys
            others.append(error)
        raise _MissingKeys(missing, others)

    return hook


def _make_converter() -> cattrs.Converter:
    # cattrs is imported here, not at the top: only a document with a problem needs it,
    # and importing it is a good part of the cost of ``import summitlib``.
    import cattrs
    from cattrs.gen import make_dict_structure_fn, override

    conv = cattrs.Converter(
        forbid_extra_keys=True,
        detailed_validation=True,
        unstruct_collection_overrides={tuple: list},
    )
    conv.register_unstructure_hook(model.PartialDate, str)
    # Built in a second pass so that a class hook can refer to classes defined after it.
    for cls in MODEL_CLASSES:
        overrides = {
            a.name: override(
                struct_hook=_hook_for(a.type, spec_of(a), repr(key_of(a))),
                rename=key_of(a) if key_of(a) != a.name else None,
            )
            for a in attrs.fields(cls)
        }
        _generated[cls] = make_dict_structure_fn(cls, conv, **overrides)  # type: ignore[arg-type]
        conv.register_structure_hook(cls, _class_hook(f"a {cls.__name__}", cls))
    for cls in MODEL_CLASSES:
        conv.register_unstructure_hook(cls, _make_unstructure_fns()[0][cls])
    return conv


def _unstructure_expr(tp: Any, var: str, plain: bool) -> str:
    if typing.get_origin(tp) is tuple:
        (item_type, _ellipsis) = typing.get_args(tp)
        item = _unstructure_expr(item_type, "x", plain)
        if item == "x":
            return f"list({var})" if plain else var
        return f"[{item} for x in {var}]"
    if tp is model.PartialDate:
        return f"str({var})"
    if tp is float:
        # A number as canonical JSON writes it: numbers are floats once loaded, and
        # integral values are written without a fraction (45.0 as 45), as JavaScript's
        # JSON.stringify writes them, so documents written by hand round-trip. Inline: a
        # call per number field was a tenth of dumps.
        return (
            f"(int({var}) if type({var}) is float and {var}.is_integer()"
            f" and -9007199254740992.0 <= {var} <= 9007199254740992.0 else {var})"
        )
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return f"{var}.value" if plain else var
    if attrs.has(tp):
        return f"{'un' if plain else 'js'}_{tp.__name__}({var})"
    return var


def _unstructure_source(cls: type, plain: bool, defaults: dict[str, Any]) -> str:
    """Return the source of the canonical unstructure function of *cls*.

    Hand-generated rather than cattrs' ``make_dict_unstructure_fn``: canonical output
    keeps the declaration order of fields, while cattrs moves the fields it may omit
    after the others. Optional fields holding their default are left out. *plain*
    functions (``un_``) return only dicts, lists, str and numbers; the others (``js_``),
    for orjson alone, leave tuples and enumeration members as they are, since orjson
    writes both natively and copying them would be wasted work.
    """
    lines = [f"def {'un' if plain else 'js'}_{cls.__name__}(o):", "  d = {}"]
    for a in attrs.fields(cls):
        _, tp = _is_optional(a.type)
        expr = _unstructure_expr(tp, "v", plain)
        key = key_of(a)
        lines.append(f"  v = o.{a.name}")
        if a.default is attrs.NOTHING or spec_of(a).required:
            lines.append(f"  d[{key!r}] = {expr}")
        elif a.default is None:
            lines.append(f"  if v is not None: d[{key!r}] = {expr}")
        elif a.default == ():
            lines.append(f"  if v: d[{key!r}] = {expr}")
        else:
            # Any other default (participation "party") is left out too: canonical text
            # says only what differs from the format's defaults.
            defaults[f"_default_{cls.__name__}_{a.name}"] = a.default
            lines.append(f"  if v != _default_{cls.__name__}_{a.name}: d[{key!r}] = {expr}")
    lines.append("  return d")
    return "\n".join(lines)


@functools.cache
def _make_unstructure_fns() -> tuple[dict[type, Unstructure], Unstructure]:
    """Generate the unstructure functions of every class, once, on first use."""
    # One namespace for all: the functions call each other by name.
    namespace: dict[str, Any] = {}
    sources = [
        _unstructure_source(cls, plain, namespace)
        for cls in MODEL_CLASSES
        for plain in (True, False)
    ]
    exec(compile("\n\n".join(sources), "<summitlib unstructure>", "exec"), namespace)
    plain = {cls: namespace[f"un_{cls.__name__}"] for cls in MODEL_CLASSES}
    return plain, namespace["js_Summit"]


Unstructure = Callable[[Any], dict[str, Any]]


_detailed: cattrs.Converter | None = None


def _detailed_converter() -> cattrs.Converter:
    """Build the detailed converter on first use: valid documents never need it."""
    global _detailed
    if _detailed is None:
        _detailed = _make_converter()
    return _detailed


_root_hook = _class_hook("the document", model.Summit)


# The fast path. Detailed validation sets up exception handling for every field and
# every list item so that it can report all problems at once; on a valid document that
# is pure cost. The fast functions below, generated once from the same field specs,
# check each value inline with the very same tests and give up at the first problem,
# by raising anything at all; the detailed path then runs from the start and reports
# every problem exactly as before. So the fast path decides nothing about an invalid
# document: it can only accept what the detailed path accepts (tests/test_convert.py
# checks the two agree). While it builds the objects it also collects, per class, the
# records the graph rules need (see _rules.py), so a valid document is never walked
# a second time.


class _Reject(Exception):
    """A value the fast path does not accept; the detailed path will say why."""


def _fast_check(tp: Any, spec: FieldSpec, var: str, env: dict[str, Any]) -> list[str]:
    """Return lines that check *var* (of type *tp*) and rebind it to its structured value."""
    if typing.get_origin(tp) is tuple:
        (item_type, _ellipsis) = typing.get_args(tp)
        lines = [
            f"if type({var}) is not list and type({var}) is not tuple: raise _Reject",
        ]
        if spec.min_items:
            lines.append(f"if len({var}) < {spec.min_items}: raise _Reject")
        if _graph.is_record(item_type):
            lines.append(f"{var} = tuple([_fast_{item_type.__name__}(x, c) for x in {var}])")
            identity = _graph.kinds()[item_type].identity
            scope = identity.spec.identity if identity is not None else None
            if identity is not None and scope is not None and scope.scope == "parent":
                # Unique among siblings: checked here, where the siblings are together.
                lines.append(
                    f"if len({{x.{identity.name} for x in {var}}}) != len({var}): raise _Reject"
                )
            return lines
        item = _fast_check(item_type, spec, "x", env)
        if item_type is float:
            lines.append(f"{var} = list({var})")
            lines.append(f"for i, x in enumerate({var}):")
            lines += [f"    {line}" for line in item]
            lines.append(f"    {var}[i] = x")
        else:
            lines.append(f"for x in {var}:")
            lines += [f"    {line}" for line in item]
        lines.append(f"{var} = tuple({var})")
        return lines
    if tp is model.PartialDate:
        return [f"if type({var}) is not str: raise _Reject", f"{var} = _parse_date({var})"]
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        name = f"_members_{tp.__name__}"
        env[name] = {member.value: member for member in tp}
        return [
            f"{var} = {name}.get({var}) if type({var}) is str else None",
            f"if {var} is None: raise _Reject",
        ]
    if tp is str:
        if spec.enum is not None:
            env[f"_choices_{id(spec)}"] = frozenset(spec.enum)
            return [f"if type({var}) is not str or {var} not in _choices_{id(spec)}: raise _Reject"]
        test = f"type({var}) is not str"
        if spec.kind is not None:
            kind = STRING_KINDS[spec.kind]
            test += f" or len({var}) > {kind.max_length}"
            if kind.enum is not None:
                env[f"_enum_{kind.name}"] = frozenset(kind.enum)
                test += f" or {var} not in _enum_{kind.name}"
            elif kind.name == "text" and kind.compiled is not None:
                # Non-blank text: a character that is neither Python whitespace nor a BOM
                # (the only other character the pattern counts as whitespace) is enough,
                # and found without calling the pattern (tests/test_convert.py checks it).
                env["_search_text"] = kind.compiled.search
                test += (
                    f" or not {var} or (({var}.isspace() or '\\ufeff' in {var})"
                    f" and _search_text({var}) is None)"
                )
            elif kind.compiled is not None:
                env[f"_search_{kind.name}"] = kind.compiled.search
                test += f" or _search_{kind.name}({var}) is None"
        return [f"if {test}: raise _Reject"]
    if tp is float:
        # An int becomes a float (one too large for a double raises, as anything may);
        # a float is kept as it is. A range with both bounds also rejects NaN and the
        # infinities, so the finiteness test is needed only without one.
        lines = [
            f"if type({var}) is not float:",
            f"    if type({var}) is not int: raise _Reject",
            f"    {var} = float({var})",
        ]
        low, high = spec.minimum, spec.maximum
        if low is not None and high is not None:
            lines.append(f"if not {float(low)!r} <= {var} <= {float(high)!r}: raise _Reject")
        else:
            test = f"not _isfinite({var})"
            if low is not None:
                test += f" or {var} < {float(low)!r}"
            if high is not None:
                test += f" or {var} > {float(high)!r}"
            lines.append(f"if {test}: raise _Reject")
        return lines
    if tp is int:
        head = f"if type({var}) is float and {var}.is_integer(): {var} = int({var})"
        test = f"type({var}) is not int"
        if spec.minimum is not None:
            test += f" or {var} < {spec.minimum!r}"
        if spec.maximum is not None:
            test += f" or {var} > {spec.maximum!r}"
        return [head, f"if {test}: raise _Reject"]
    if tp is bool:
        return [f"if type({var}) is not bool: raise _Reject"]
    if attrs.has(tp):
        return [f"{var} = _fast_{tp.__name__}({var}, c)"]
    raise TypeError(f"no fast check for {tp!r}")  # pragma: no cover


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def _fast_source(cls: type, env: dict[str, Any], slot: int | None, version: str | None) -> str:
    """Return the source of the fast structure function of *cls*.

    *slot*, when given, is the index in the collector ``c`` where records of *cls*
    are appended for the graph rules. *version*, when given, is the document's format
    version: a field newer than it must hold its default (else the function gives up,
    and the rules report it), and an absent value takes what it meant in that version.
    """
    fields = attrs.fields(cls)
    env[f"_keys_{cls.__name__}"] = frozenset(key_of(a) for a in fields)
    lines = [
        f"def _fast_{cls.__name__}(o, c):",
        f"  if type(o) is not dict or not _keys_{cls.__name__}.issuperset(o): raise _Reject",
    ]
    arguments = []
    for a in fields:
        optional, tp = _is_optional(a.type)
        var = f"f_{a.name}"
        key = key_of(a)
        check = _fast_check(tp, spec_of(a), var, env)
        if a.default is attrs.NOTHING or spec_of(a).required:
            lines.append(f"  {var} = o[{key!r}]")
            lines += [f"  {line}" for line in check]
        elif optional:
            # Absent and null both mean the default, None, as on the detailed path.
            assert a.default is None, f"{cls.__name__}.{a.name}: optional needs default None"
            lines.append(f"  {var} = o.get({key!r})")
            lines.append(f"  if {var} is not None:")
            lines += [f"    {line}" for line in check]
        else:
            env[f"_default_{cls.__name__}_{a.name}"] = a.default
            lines.append(f"  {var} = o.get({key!r}, _MISSING)")
            lines.append(f"  if {var} is _MISSING:")
            lines.append(f"    {var} = _default_{cls.__name__}_{a.name}")
            lines.append("  else:")
            lines += [f"    {line}" for line in check]
        if version is not None:
            lines += _version_lines(cls, a, var, version, env)
        arguments.append(f"{a.name}={var}")
    env[f"_cls_{cls.__name__}"] = cls
    if _init_only_assigns(cls):
        # Filling the slots directly is three times faster than the keyword call to
        # attrs' __init__, and the same thing when __init__ does nothing but assign.
        lines.append(f"  o = _new(_cls_{cls.__name__})")
        for a in fields:
            env[f"_set_{cls.__name__}_{a.name}"] = getattr(cls, a.name).__set__
            lines.append(f"  _set_{cls.__name__}_{a.name}(o, f_{a.name})")
    else:  # pragma: no cover - no model class needs it today
        lines.append(f"  o = _cls_{cls.__name__}({', '.join(arguments)})")
    if slot is not None:
        lines.append(f"  c[{slot}].append(o)")
    lines.append("  return o")
    return "\n".join(lines)


def _version_lines(
    cls: type, a: attrs.Attribute[Any], var: str, version: str, env: dict[str, Any]
) -> list[str]:
    """Lines that hold a field to what format *version* allows and meant (see _fast_source)."""
    spec = spec_of(a)
    lines = []
    if _version_key(spec.since) > _version_key(version):
        # As the rules judge a typed summit: a set value is one that is not the default.
        if a.default is None:
            lines.append(f"  if {var} is not None: raise _Reject")
        elif a.default == ():
            lines.append(f"  if {var}: raise _Reject")
        else:
            name = f"_newdefault_{cls.__name__}_{a.name}"
            env[name] = a.default
            lines.append(f"  if {var} != {name}: raise _Reject")
    for old, value in spec.legacy_defaults:
        if old == version:
            name = f"_legacy_{cls.__name__}_{a.name}"
            env[name] = value
            lines.append(f"  if {var} is None: {var} = {name}")
    return lines


def _init_only_assigns(cls: type) -> bool:
    """Tell whether attrs' ``__init__`` of *cls* only assigns each field to its slot."""
    return (
        "__slots__" in cls.__dict__
        and not hasattr(cls, "__attrs_pre_init__")
        and not hasattr(cls, "__attrs_post_init__")
        and all(
            a.init and a.validator is None and a.converter is None and a.on_setattr is None
            for a in attrs.fields(cls)
        )
    )


#: Structures a document fast: (data, collector) -> Summit; raises on any problem.
FastStructure = Callable[[Any, list[list[Any]]], model.Summit]


@functools.cache
def _make_fast(collected: tuple[type, ...], version: str | None = None) -> FastStructure:
    """Generate the fast structure functions, once, on first use.

    Records of the classes in *collected* are appended to ``c[i]``, ``i`` being the
    class's index in *collected*. With a *version*, the functions read documents of
    that format version only (see :func:`_fast_source`).
    """
    env: dict[str, Any] = {
        "_Reject": _Reject,
        "_MISSING": object(),
        "_isfinite": math.isfinite,
        "_parse_date": model.PartialDate.parse,
        "_new": object.__new__,
    }
    slots = {cls: index for index, cls in enumerate(collected)}
    source = "\n\n".join(_fast_source(cls, env, slots.get(cls), version) for cls in MODEL_CLASSES)
    exec(compile(source, "<summitlib fast structure>", "exec"), env)
    function: FastStructure = env["_fast_Summit"]
    return function


def structure_fast(
    data: Any, collected: tuple[type, ...], version: str | None = None
) -> tuple[model.Summit, list[list[Any]]]:
    """Structure *data* on the fast path; return the summit and the collected records.

    Raises (anything) when *data* is not a valid shape; then use :func:`structure_summit`.
    With *version* (the document's ``schema_version``, which must be one this release
    reads), it also gives up on a field newer than that version, and fills absent values
    with what they meant in it, as :func:`~summitlib._versions.apply_legacy_defaults`
    would.
    """
    collector: list[list[Any]] = [[] for _ in collected]
    return _make_fast(collected, version)(data, collector), collector


def structure_summit(data: Any) -> model.Summit:
    """Structure plain data into a :class:`~summitlib.model.Summit`, strictly.

    Raises the cattrs exception tree on failure; see :func:`problems_from_exception`.
    """
    try:
        return structure_fast(data, ())[0]
    except Exception:  # any failure at all: the detailed path finds and reports every problem
        _detailed_converter()
    return _root_hook(data, model.Summit)  # type: ignore[no-any-return]


def unstructure(obj: Any) -> Any:
    """Turn a model object into plain JSON-ready data (dicts, lists, str, numbers)."""
    function = _make_unstructure_fns()[0].get(type(obj))
    if function is not None:
        return function(obj)
    return _detailed_converter().unstructure(obj)


def dump_json(summit: model.Summit) -> bytes:
    """Return the canonical JSON of *summit*: UTF-8, two-space indents, a final newline."""
    return orjson.dumps(
        _make_unstructure_fns()[1](summit), option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE
    )


def shape_problems(data: Any) -> list[RawProblem]:
    """Structure *data* on the detailed path; return every shape problem (none if valid).

    Only the exceptions the structure hooks raise on purpose are turned into problems;
    anything else is a bug in summitlib and propagates.
    """
    _detailed_converter()
    from cattrs.errors import BaseValidationError, ForbiddenExtraKeysError

    try:
        _root_hook(data, model.Summit)
    except (
        Invalid,
        _ItemErrors,
        _MissingKeys,
        BaseValidationError,
        ForbiddenExtraKeysError,
    ) as error:
        return problems_from_exception(error)
    return []


#: JSON keys of the fields whose key is not their attribute's name ("$schema"); cattrs'
#: error notes name the attribute.
_RENAMED: Final = {
    a.name: key_of(a) for cls in MODEL_CLASSES for a in attrs.fields(cls) if key_of(a) != a.name
}


def problems_from_exception(error: BaseException, path: str = "$") -> list[RawProblem]:
    """Flatten an exception raised while structuring into ``(path, code, message)``."""
    out: list[RawProblem] = []
    _collect(error, path, out)
    return out


def _collect(error: BaseException, path: str, out: list[RawProblem]) -> None:
    from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError

    if isinstance(error, Invalid):
        out.append((path, error.code, error.message))
    elif isinstance(error, _MissingKeys):
        for key in error.keys:
            out.append((key_path(path, key), "required", f"{key!r} is required"))
        for sub in error.others:
            _collect(sub, path, out)
    elif isinstance(error, ClassValidationError):
        with_notes, others = error.group_exceptions()
        for sub, note in with_notes:
            key = _RENAMED.get(note.name, note.name)
            if type(sub) is KeyError:
                out.append((key_path(path, key), "required", f"{key!r} is required"))
            else:
                _collect(sub, key_path(path, key), out)
        for sub in others:
            _collect(sub, path, out)
    elif isinstance(error, ForbiddenExtraKeysError):
        keys = sorted(error.extra_fields, key=_key_text)
        cls = getattr(error, "cl", None)
        allowed = (
            [key_of(a) for a in attrs.fields(cls)]
            if isinstance(cls, type) and attrs.has(cls)
            else []
        )
        for key in keys[:MAX_PROBLEMS_PER_CONTAINER]:
            text = _short(_key_text(key))
            # A typo of a real key is the likeliest unknown key: name the key it resembles.
            close = difflib.get_close_matches(_key_text(key), allowed, n=1, cutoff=0.75)
            hint = f" (did you mean {_short(close[0])}?)" if close else ""
            out.append((key_path(path, key), "unknown-key", f"unknown key {text}{hint}"))
        if len(keys) > MAX_PROBLEMS_PER_CONTAINER:
            _note(out, f"{len(keys) - MAX_PROBLEMS_PER_CONTAINER:,} more unknown keys not listed")
    elif isinstance(error, _ItemErrors):
        for index, sub in error.errors:
            _collect(sub, f"{path}[{index}]", out)
        if error.unchecked:
            _note(out, f"checking stopped here; {error.unchecked:,} later items not checked")
    else:
        out.append((path, "invalid", f"{type(error).__name__}: {error}"))


def _key_text(key: object) -> str:
    """A key as text; a foreign object's ``__str__`` may fail (plain data from Python)."""
    if type(key) is str:
        return key
    try:
        return str(key)
    except Exception:
        return f"<unprintable {type(key).__name__}>"


def _note(out: list[RawProblem], note: str) -> None:
    """Add *note* to the message of the last problem (more were found than are reported)."""
    path, code, message = out[-1]
    if message.endswith(" reported)"):  # an inner container stopped here already
        return
    out[-1] = (path, code, f"{message} ({note}: at most {MAX_PROBLEMS_PER_CONTAINER} reported)")
