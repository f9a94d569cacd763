"""Strict structuring, generated from the field specs, and canonical unstructuring.

Strict means no coercion, ever: ``"7"`` is not a number, ``True`` is not a number,
``5`` is not a string, a string is not a list, and ``None`` is accepted only where a
field is optional. Unknown keys are errors.

Every check of a value is written once, in :func:`_value_lines`, and compiled into two
families of functions: the *fast* ones give up at the first problem (a valid document
pays for nothing else), the *collecting* ones record each problem as ``(path, code,
message)`` and go on, so an invalid document is structured once more, not twice more.
"""

from __future__ import annotations

import enum
import functools
import math
import types
import typing
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

import attrs
import orjson

from summitlib import _graph, _json, model
from summitlib._meta import STRING_KINDS, FieldSpec, key_of, spec_of
from summitlib._paths import Parts, key_path, remember, step
from summitlib._versions import is_newer
from summitlib.errors import SummitlibError

if TYPE_CHECKING:
    import cattrs

__all__ = [
    "MODEL_CLASSES",
    "Invalid",
    "RawProblem",
    "ShapeError",
    "dump_json",
    "shape_problems",
    "structure_checked",
    "structure_counted",
    "structure_fast",
    "structure_summit",
    "unstructure",
]

#: (JSON path, code, message)
RawProblem = tuple[str, str, str]
Hook = Callable[[Any, Any], Any]

if TYPE_CHECKING:
    #: Every class of the model, root first; found by walking the fields from Summit.
    #: Computed on first access (module ``__getattr__``): walking the model's types is
    #: not needed to import the package.
    MODEL_CLASSES: tuple[type, ...]


@functools.cache
def model_classes() -> tuple[type, ...]:
    """Every class of the model, root first; found by walking the fields from Summit."""
    return _graph.model_classes()


def __getattr__(name: str) -> Any:
    if name == "MODEL_CLASSES":
        return model_classes()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class Invalid(SummitlibError, ValueError):
    """One problem with one value, raised by a generated check: ``Invalid(code, message)``.

    The two are kept in ``args`` alone (no ``__init__`` of its own: one is raised for
    each problem found, and a Python ``__init__`` was most of the cost of raising it).
    """

    @property
    def code(self) -> str:
        """The problem's code (see :data:`~summitlib.validate.PROBLEM_CODES`)."""
        code: str = self.args[0]
        return code

    @property
    def message(self) -> str:
        """The problem, for people."""
        message: str = self.args[1]
        return message

    def __str__(self) -> str:
        return self.message


class ShapeError(SummitlibError, ValueError):
    """Plain data that is not a valid summit; ``problems`` says what and where."""

    def __init__(self, problems: list[RawProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s), the first: {problems[0]}")
        self.problems = problems


#: Problems reported per array or object before checking stops there: a 64 MiB array of
#: bad items would otherwise make tens of millions of problems and exhaust memory.
MAX_PROBLEMS_PER_CONTAINER: Final = 100

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


def _is_optional(tp: Any) -> tuple[bool, Any]:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(tp)) == 2:
            return True, args[0]
    return False, tp


# --------------------------------------------------------------------------- unstructure


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
        # For orjson, a record is left as it is: orjson asks for its dict when it gets
        # there (see dump_json).
        return f"un_{tp.__name__}({var})" if plain else var
    return var


def _unstructure_source(cls: type, plain: bool, defaults: dict[str, Any]) -> str:
    """Return the source of the canonical unstructure function of *cls*.

    Hand-generated rather than cattrs' ``make_dict_unstructure_fn``: canonical output
    keeps the declaration order of fields, while cattrs moves the fields it may omit
    after the others. Optional fields holding their default are left out. *plain*
    functions (``un_``) return only dicts, lists, str and numbers; the others (``js_``),
    for orjson alone, return the record's own fields and leave tuples, enumeration
    members and the records below as they are: orjson writes the first two natively and
    calls back for each record (see :func:`dump_json`).
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
    """Generate the unstructure functions of every class, once, on first use: the plain
    ones by class, and orjson's ``default`` (a record's own fields, by its class)."""
    # One namespace for all: the functions call each other by name.
    namespace: dict[str, Any] = {}
    sources = [
        _unstructure_source(cls, plain, namespace)
        for cls in model_classes()
        for plain in (True, False)
    ]
    exec(compile("\n\n".join(sources), "<summitlib unstructure>", "exec"), namespace)
    plain = {cls: namespace[f"un_{cls.__name__}"] for cls in model_classes()}
    for_orjson: dict[type, Unstructure] = {
        cls: namespace[f"js_{cls.__name__}"] for cls in model_classes()
    }

    def default(record: Any) -> dict[str, Any]:
        function = for_orjson.get(type(record))
        if function is None:
            # A subclass of a model class (a root with more fields, say): its base's.
            bases = (for_orjson.get(base) for base in type(record).__mro__)
            function = next((found for found in bases if found is not None), None)
            if function is None:
                raise TypeError(f"not a summitlib record: {type(record).__name__}")
        return function(record)

    return plain, default


Unstructure = Callable[[Any], dict[str, Any]]


# --------------------------------------------------------------------------- checks
#
# Each check of a value is written once, here, as lines of Python with a placeholder for
# what to do on a problem: *fail(code, message)* returns that statement. The fast
# functions fail with ``raise _Reject`` (the message expression is never compiled in);
# the collecting functions and the single-value hooks raise :class:`Invalid` with the
# message, which the collecting record function turns into a problem at the field's path.
# Only where the fast form of a test is cheaper for the same verdict (a two-sided range
# also rejects NaN; a float is converted in place) does *fast* choose a different line.

#: (code, message expression) -> the statement that reports it
Fail = Callable[[str, str], str]


class _Reject(Exception):
    """A value the fast path does not accept; the collecting path will say why."""


def _got(prefix: str, var: str) -> str:
    """A message expression: *prefix*, then the JSON type of *var* in parentheses."""
    return f"{prefix + ' (got '!r} + _tn({var}) + ')'"


def _shown(prefix: str, var: str) -> str:
    """A message expression: *prefix*, then *var* itself, shortened, in parentheses."""
    return f"{prefix + ' (got '!r} + _short({var}) + ')'"


def _record_test(label: str, var: str) -> tuple[str, str, str]:
    """(condition, code, message) for a value that must be an object."""
    return f"type({var}) is not dict", "type", _got(f"{label} must be an object", var)


def _list_tests(label: str, spec: FieldSpec, var: str) -> list[tuple[str, str, str]]:
    """(condition, code, message) for each test of a list as a whole, in order."""
    tests = [
        (
            f"type({var}) is not list and type({var}) is not tuple",
            "type",
            _got(f"{label} must be an array", var),
        )
    ]
    if spec.min_items:
        tests.append(
            (
                f"len({var}) < {spec.min_items}",
                "min-items",
                repr(f"{label} must have at least {spec.min_items} item(s)"),
            )
        )
    return tests


def _range_tests(var: str, spec: FieldSpec, number: type[float] | type[int]) -> list[str]:
    """The tests of *var* against the bounds of *spec*, written as *number* literals."""
    tests = []
    if spec.minimum is not None:
        tests.append(f"{var} < {number(spec.minimum)!r}")
    if spec.maximum is not None:
        tests.append(f"{var} > {number(spec.maximum)!r}")
    return tests


def _value_lines(
    tp: Any, spec: FieldSpec, var: str, label: str, env: dict[str, Any], fail: Fail, fast: bool
) -> list[str]:
    """Lines that check the scalar *var* (of type *tp*) and rebind it to its structured value."""
    if tp is model.PartialDate:
        lines = [
            f"if type({var}) is not str: {fail('type', _got(f'{label} must be a string', var))}"
        ]
        # A date recurs (a summit's day, in every record dated on it): one lookup
        # answers for one already read; PartialDate is frozen, so one object serves all.
        read = f"{var} = _dates.get({var}) or _parse_date({var})"
        if fast:
            return [*lines, read]
        message = f"{label + ' must be a real calendar date: '!r} + str(_error)"
        return [
            *lines,
            "try:",
            f"    {read}",
            "except ValueError as _error:",
            f"    {fail('date', message)}",
        ]
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        name = f"_members_{tp.__name__}"
        env[name] = {member.value: member for member in tp}
        allowed = ", ".join(repr(member.value) for member in tp)
        enum_fail = fail("enum", _shown(f"{label} must be one of {allowed}", var))
        if fast:  # one lookup decides: a non-string is no member either
            return [
                f"{var} = {name}.get({var}) if type({var}) is str else None",
                f"if {var} is None: {enum_fail}",
            ]
        return [
            f"if type({var}) is not str: {fail('type', _got(f'{label} must be a string', var))}",
            f"_member = {name}.get({var})",
            f"if _member is None: {enum_fail}",
            f"{var} = _member",
        ]
    if tp is str:
        tests = [(f"type({var}) is not str", "type", _got(f"{label} must be a string", var))]
        # Where only the verdict counts, a test may be left out that another implies.
        fast_tests: list[str] | None = None
        if spec.enum is not None:
            env[f"_choices_{id(spec)}"] = frozenset(spec.enum)
            allowed = ", ".join(repr(choice) for choice in spec.enum)
            tests.append(
                (
                    f"{var} not in _choices_{id(spec)}",
                    "enum",
                    _shown(f"{label} must be one of {allowed}", var),
                )
            )
        elif spec.kind is not None:
            kind = STRING_KINDS[spec.kind]
            length = (
                f"{label + f' must be at most {kind.max_length} characters (got '!r}"
                f" + str(len({var})) + ')'"
            )
            too_long = f"len({var}) > {kind.max_length}"
            tests.append((too_long, "length", length))
            if kind.enum is not None:
                env[f"_enum_{kind.name}"] = frozenset(kind.enum)
                tests.append(
                    (
                        f"{var} not in _enum_{kind.name}",
                        "enum",
                        _shown(f"{label} must be {kind.description}", var),
                    )
                )
                if all(len(value) <= kind.max_length for value in kind.enum):
                    fast_tests = [tests[0][0], tests[-1][0]]  # a member is short enough
            elif kind.name == "text" and kind.compiled is not None:
                # Non-blank text: a character that is neither Python whitespace nor a BOM
                # (the only other character the pattern counts as whitespace) is enough,
                # and found without calling the pattern (tests/test_convert.py checks it).
                env["_search_text"] = kind.compiled.search
                tests.append(
                    (
                        f"not {var} or (({var}.isspace() or '\\ufeff' in {var})"
                        f" and _search_text({var}) is None)",
                        "blank",
                        repr(f"{label} must not be empty or only whitespace"),
                    )
                )
            elif kind.compiled is not None and kind.max_length <= _REMEMBERED_LENGTH:
                # Identifiers recur (each reference repeats one): a set lookup answers
                # for one already seen, in a tenth of the time the pattern takes.
                seen = _SEEN.setdefault(kind.name, set())
                env[f"_seen_{kind.name}"] = seen
                env[f"_unseen_{kind.name}"] = _remembering(kind.compiled.search, seen)
                known, unseen = f"{var} not in _seen_{kind.name}", f"_unseen_{kind.name}({var})"
                tests.append(
                    (
                        f"({known} and {unseen})",
                        "pattern",
                        _shown(f"{label} must be {kind.description}", var),
                    )
                )
                # Only a string that passed both tests is remembered (see _remembering).
                fast_tests = [tests[0][0], f"({known} and ({too_long} or {unseen}))"]
            elif kind.compiled is not None:
                env[f"_search_{kind.name}"] = kind.compiled.search
                tests.append(
                    (
                        f"_search_{kind.name}({var}) is None",
                        "pattern",
                        _shown(f"{label} must be {kind.description}", var),
                    )
                )
        if fast:  # one test: which part failed does not matter here
            if fast_tests is None:
                fast_tests = [test for test, _, _ in tests]
            return [f"if {' or '.join(fast_tests)}: raise _Reject"]
        return [f"if {test}: {fail(code, message)}" for test, code, message in tests]
    if tp is float:
        low, high = spec.minimum, spec.maximum
        bounds = f"{-math.inf if low is None else low:g} and {math.inf if high is None else high:g}"

        if fast:
            # An int becomes a float (one too large for a double raises, as anything
            # may); a float is kept as it is. A range with both bounds also rejects NaN
            # and the infinities, so the finiteness test is needed only without one.
            lines = [
                f"if type({var}) is not float:",
                f"    if type({var}) is not int: raise _Reject",
                f"    {var} = float({var})",
            ]
            if low is not None and high is not None:
                lines.append(f"if not {float(low)!r} <= {var} <= {float(high)!r}: raise _Reject")
            else:
                test = " or ".join([f"not _isfinite({var})", *_range_tests(var, spec, float)])
                lines.append(f"if {test}: raise _Reject")
            return lines
        lines = [
            f"if type({var}) is not float and type({var}) is not int: "
            + fail("type", _got(f"{label} must be a number", var)),
            f"_number = _to_float({var})",
            "if not _isfinite(_number): "
            + fail("range", _shown(f"{label} must be a finite number", var)),
        ]
        if _range_tests("_number", spec, float):
            lines.append(
                f"if {' or '.join(_range_tests('_number', spec, float))}: "
                + fail("range", _shown(f"{label} must be between {bounds}", var))
            )
        return [*lines, f"{var} = _number"]
    if tp is int:
        low, high = spec.minimum, spec.maximum
        bounds = f"{-math.inf if low is None else low:g} and {math.inf if high is None else high:g}"
        lines = [
            f"if type({var}) is float and {var}.is_integer(): {var} = int({var})",
            f"if type({var}) is not int: " + fail("type", _got(f"{label} must be an integer", var)),
        ]
        if _range_tests(var, spec, int):
            lines.append(
                f"if {' or '.join(_range_tests(var, spec, int))}: "
                + fail("range", _shown(f"{label} must be between {bounds}", var))
            )
        return lines
    if tp is bool:
        message = _got(f"{label} must be true or false", var)
        return [f"if type({var}) is not bool: {fail('type', message)}"]
    raise TypeError(f"no check for {tp!r}")  # pragma: no cover - a new field type needs one


#: Strings of a pattern this long at most are remembered once they match it.
_REMEMBERED_LENGTH: Final = 100
#: How many are remembered per pattern before starting afresh: one set per string kind
#: for the whole process (two today, slugs and topics), each about 2 MB at most.
_REMEMBERED: Final = 8192
#: The strings remembered, per string kind, shared by every generated function.
_SEEN: Final[dict[str, set[str]]] = {}


def _remembering(search: Callable[[str], object], seen: set[str]) -> Callable[[str], bool]:
    """Return a test that says whether a string fails the pattern *search* looks for,
    adding each one that passes to *seen*."""

    def unseen(value: str) -> bool:
        if search(value) is None:
            return True
        if len(seen) >= _REMEMBERED:
            seen.clear()
        seen.add(value)
        return False

    return unseen


#: The dates read, by their text, shared by every generated function (at most
#: ``_REMEMBERED``, about 1 MB).
_DATES: Final[dict[str, model.PartialDate]] = {}


def _parse_date(text: str) -> model.PartialDate:
    """Parse *text* as :meth:`~summitlib.model.PartialDate.parse` does, remembering it."""
    date = model.PartialDate.parse(text)
    if len(_DATES) >= _REMEMBERED:
        _DATES.clear()
    _DATES[text] = date
    return date


def _strings_of_record(record: dict[Any, Any], below: frozenset[str]) -> int:
    """How many strings the JSON text of *record* holds, its keys and string values,
    but those of the keys in *below* (records, which count their own)."""
    kinds = list(map(type, record.values()))
    count = len(record) + kinds.count(str)  # the types counted in C
    if list in kinds or dict in kinds or tuple in kinds:
        for key, value in record.items():
            kind = type(value)
            if key in below or (kind is not list and kind is not dict and kind is not tuple):
                continue
            if kind is list:  # mostly strings: a list of texts or ids
                items = list(map(type, value))
                strings = items.count(str)
                count += strings
                if strings == len(items):
                    continue
                value = [item for item in value if type(item) in (dict, list, tuple)]
            count += _json.strings_in_data(value) if value else 0
    for key in below:  # a string where a record belongs is not the record's own
        if type(record.get(key)) is str:
            count -= 1
    return count


def _raise_invalid(code: str, message: str) -> str:
    return f"raise _Invalid({code!r}, {message})"


def _raise_reject(code: str, message: str) -> str:
    return "raise _Reject"


def _note_and_stop(code: str, message: str) -> str:
    # In the loop _tolerant_lines wraps the checks in: a problem found is kept, not
    # raised (raising and catching it cost a problem a fifth of its reading).
    return f"_e = ({code!r}, {message}); break"


def _env() -> dict[str, Any]:
    """What generated code may call."""
    return {
        "_Reject": _Reject,
        "_Invalid": Invalid,
        "_Bad": _Bad,
        "_MISSING": _MISSING,
        "_isfinite": math.isfinite,
        "_to_float": _to_float,
        "_dates": _DATES,
        "_parse_date": _parse_date,
        "_new": object.__new__,
        "_tn": json_type_name,
        "_short": _short,
        "_fail": _fail,
        "_problem_of": _problem_of,
        "_unknown": _unknown,
        "_note": _note,
        "_MAX": MAX_PROBLEMS_PER_CONTAINER,
        "_strings_of_record": _strings_of_record,
        # The strings of a value a check refused: it may be anything.
        "_strings_of_value": _json.strings_in_data,
    }


_MISSING: Final = object()


def _to_float(value: int | float) -> float:
    try:
        return float(value)
    except OverflowError:
        return math.inf


@functools.cache
def scalar_hook(info: _graph.FieldInfo) -> Hook:
    """Check and structure one value of a non-record field (an item, for lists).

    Raises :class:`Invalid` at the first problem; generated by the same code as the
    fast and collecting functions, so it judges every value as they do.
    """
    env = _env()
    lines = ["def _hook(v, _):"]
    lines += [
        f"  {line}"
        for line in _value_lines(
            info.type, info.spec, "v", repr(info.key), env, _raise_invalid, False
        )
    ]
    lines.append("  return v")
    exec(compile("\n".join(lines), f"<summitlib check of {info.key}>", "exec"), env)
    hook: Hook = env["_hook"]
    return hook


# --------------------------------------------------------------------------- fast


def _fast_check(
    tp: Any, spec: FieldSpec, var: str, label: str, env: dict[str, Any], prefix: str = "_fast_"
) -> list[str]:
    """Return lines that check *var* (of type *tp*) and rebind it to its structured value;
    a record is made by the function named *prefix* and its class name."""
    if typing.get_origin(tp) is tuple:
        (item_type, _ellipsis) = typing.get_args(tp)
        lines = [f"if {test}: raise _Reject" for test, _, _ in _list_tests(label, spec, var)]
        if _graph.is_record(item_type):
            lines.append(f"{var} = tuple([{prefix}{item_type.__name__}(x, c) for x in {var}])")
            kind = _graph.kinds()[item_type]
            if kind.identity is not None and kind.scope == "parent":
                # Unique among siblings: checked here, where the siblings are together.
                name = kind.identity.name
                lines.append(f"if len({{x.{name} for x in {var}}}) != len({var}): raise _Reject")
            return lines
        item = _value_lines(item_type, spec, "x", label, env, _raise_reject, True)
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
    if attrs.has(tp) and tp is not model.PartialDate:
        return [f"{var} = {prefix}{tp.__name__}({var}, c)"]
    return _value_lines(tp, spec, var, label, env, _raise_reject, True)


def _fast_source(
    cls: type,
    env: dict[str, Any],
    slot: int | None,
    version: str | None,
    node: int | None = None,
    *,
    legacy: bool = True,
) -> str:
    """Return the source of the fast structure function of *cls*.

    *slot*, when given, is the index in the collector ``c`` where records of *cls*
    are appended for the graph rules, and the strings each record was read from are
    counted in ``c[-1]``. *version*, when given, is the document's format version: a
    field newer than it is no key the function reads (a record holding one is given up
    on, and the rules judge it), and an absent value takes what it meant in that version
    (unless *legacy* is False).

    With *node* instead, the function is ``_fastn_<Class>``, the collecting functions'
    first try at a record (see :func:`_col_source`): it appends the dict and the record
    to ``c[node]`` as they do, and counts in ``c[-2]``.
    """
    fields = attrs.fields(cls)
    prefix = "_fast_" if node is None else "_fastn_"
    # Read for a *version*, a field newer than it is no key the function reads: a record
    # holding one (even empty) is given up on, so a newer field costs nothing here.
    newer = {
        a.name
        for a in fields
        if version is not None and is_newer(spec_of(a).since, version) and not spec_of(a).required
    }
    # Its own name: the collecting functions share the namespace and read every key.
    keys = f"_{prefix.strip('_')}keys_{cls.__name__}"
    env[keys] = frozenset(key_of(a) for a in fields if a.name not in newer)
    # The collecting pass's first try reads on past a wrong scalar (see _tolerant_lines)
    # when told where the record is, *p*; called from another's first try, it is not.
    arguments = "o, c" if node is None else "o, c, p=None, out=None"
    lines = [
        f"def {prefix}{cls.__name__}({arguments}):",
        f"  if type(o) is not dict or not {keys}.issuperset(o): raise _Reject",
    ]
    if node is not None:
        lines.append("  d = o")
        lines.append("  w = 0")
    # ``n`` counts the strings the record was read from, its keys and its string values
    # (see _json.Parsed): a required string field counts for one without a test.
    required_strings = 0
    for a in fields:
        optional, tp = _is_optional(a.type)
        var = f"f_{a.name}"
        key = key_of(a)
        check = _fast_check(tp, spec_of(a), var, repr(key), env, prefix)
        strings = _strings_of(tp)
        if a.name in newer and version is not None:
            env[f"_default_{cls.__name__}_{a.name}"] = a.default
            lines.append(f"  {var} = _default_{cls.__name__}_{a.name}")
            lines += _version_lines(cls, a, var, version, env, checked=False, legacy=legacy)
            continue
        if node is not None and typing.get_origin(tp) is not tuple and not _graph.is_record(tp):
            stand_in = (
                None
                if optional or a.default is attrs.NOTHING or spec_of(a).required
                else f"_default_{cls.__name__}_{a.name}"
            )
            check = _tolerant_lines(tp, spec_of(a), var, key, env, check, strings, stand_in)
        if a.default is attrs.NOTHING or spec_of(a).required:
            lines.append(f"  {var} = o[{key!r}]")
            lines += [f"  {line}" for line in check]
            if strings == "one":
                required_strings += 1
            elif strings == "each":
                lines.append(f"  n += len({var})")
        else:
            if optional:
                # Absent and null both mean the default, None, as on the collecting path.
                assert a.default is None, f"{cls.__name__}.{a.name}: optional needs default None"
                lines.append(f"  {var} = o.get({key!r})")
                lines.append(f"  if {var} is not None:")
            else:
                env[f"_default_{cls.__name__}_{a.name}"] = a.default
                lines.append(f"  {var} = o.get({key!r}, _MISSING)")
                lines.append(f"  if {var} is _MISSING:")
                lines.append(f"    {var} = _default_{cls.__name__}_{a.name}")
                lines.append("  else:")
            lines += [f"    {line}" for line in check]
            if strings is not None:
                lines.append(f"    n += {1 if strings == 'one' else f'len({var})'}")
        if version is not None:
            lines += _version_lines(cls, a, var, version, env, legacy=legacy)
    lines.insert(2, f"  n = len(o) + {required_strings}")
    if node is None:
        lines.append("  c[-1].append(n)")
    elif _descendants(cls):
        # And the strings of the whole record, its records' included, for placing
        # problems (see _json.find_by_strings): theirs were counted since m.
        lines.insert(3, "  m = len(c[-2])")
        # (Most hold none: a slice and its sum cost the pass 4 %.)
        lines.append("  c[-3][id(d)] = n if len(c[-2]) == m else n + sum(c[-2][m:])")
        lines.append("  c[-2].append(n)")
    else:  # a record with none below: counting it again costs no more than looking up
        lines.append("  c[-2].append(n)")
    build = _build_lines(cls, env, slot, node)
    if node is not None:  # a stand-in, if a scalar was wrong (see _col_source)
        build.insert(-1, "  if w: return _Bad(w, o)")
    lines += build
    return "\n".join(lines)


def _tolerant_lines(
    tp: Any,
    spec: FieldSpec,
    var: str,
    key: str,
    env: dict[str, Any],
    fast: list[str],
    strings: str | None,
    stand_in: str | None,
) -> list[str]:
    """The *fast* lines of a scalar field, which on the collecting pass's first try at a
    record (told its path ``p``) report a wrong value as the collecting lines do, and go
    on with the value its stand-in holds: a record wrong only in scalars is read once.

    The value's strings are counted in ``n`` as if it passed (one, for a string type):
    a wrong one may hold any. *stand_in* names the default a null takes (else None).
    """
    checks = _value_lines(tp, spec, var, repr(key), env, _note_and_stop, False)
    counted = 1 if strings == "one" else 0
    if stand_in is None:
        replaced = [f"    {var} = None"]
    else:  # null is wrong here, but means the default to the rules (see _col_source)
        replaced = [f"    {var} = {stand_in} if {var} is None else None"]
    # The value as it was is still in the dict (the fast lines may have rebound *var*):
    # nothing kept on the way that passes. The checks run once, in a loop only so that
    # the first problem can leave it (see _note_and_stop).
    return [
        "try:",
        *[f"  {line}" for line in fast],
        "except Exception:",
        "  if p is None: raise",
        f"  {var} = o[{key!r}]",
        "  _e = None",
        "  try:",
        "    while True:",
        *[f"      {line}" for line in checks],
        "      break",
        "  except Exception as _error:",
        "    _e = _problem_of(_error)",
        "  if _e is not None:",
        f"    out.append(((p, {key!r}), *_e))",
        f"    {var} = o[{key!r}]",
        f"    n += _strings_of_value({var}){f' - {counted}' if counted else ''}",
        *replaced,
        "    w += 1",
    ]


def _strings_of(tp: Any) -> str | None:
    """How many strings of the JSON text a field of type *tp* holds (besides its key):
    ``"one"``, one per item (``"each"``), or none of its own (None)."""
    if typing.get_origin(tp) is tuple:
        return "each" if _strings_of(typing.get_args(tp)[0]) == "one" else None
    if tp is str or tp is model.PartialDate or (isinstance(tp, type) and issubclass(tp, enum.Enum)):
        return "one"
    return None


def _build_lines(
    cls: type, env: dict[str, Any], slot: int | None, node: int | None = None
) -> list[str]:
    """Lines that build the record ``o`` of *cls* from the checked ``f_<name>`` values.

    With *slot*, the record is appended to ``c[slot]``; with *node*, the pair (the dict
    it was read from, ``d``, and the record) to ``c[node]``.
    """
    lines = []
    env[f"_cls_{cls.__name__}"] = cls
    fields = attrs.fields(cls)
    if _init_only_assigns(cls):
        # Filling the slots directly is three times faster than the keyword call to
        # attrs' __init__, and the same thing when __init__ does nothing but assign.
        lines.append(f"  o = _new(_cls_{cls.__name__})")
        for a in fields:
            env[f"_set_{cls.__name__}_{a.name}"] = getattr(cls, a.name).__set__
            lines.append(f"  _set_{cls.__name__}_{a.name}(o, f_{a.name})")
    else:  # pragma: no cover - no model class needs it today
        arguments = ", ".join(f"{a.name}=f_{a.name}" for a in fields)
        lines.append(f"  o = _cls_{cls.__name__}({arguments})")
    if slot is not None:
        lines.append(f"  c[{slot}].append(o)")
    if node is not None:
        lines.append(f"  c[{node}].append((d, o))")
    lines.append("  return o")
    return lines


def _version_lines(
    cls: type,
    a: attrs.Attribute[Any],
    var: str,
    version: str,
    env: dict[str, Any],
    *,
    checked: bool = True,
    legacy: bool = True,
) -> list[str]:
    """Lines that hold a field to what format *version* allows and meant (see _fast_source);
    *checked* False: the field is known to be absent, so only what it meant is filled in;
    *legacy* False: nor that (see :func:`_make_collecting`)."""
    spec = spec_of(a)
    lines = []
    if checked and is_newer(spec.since, version):
        # As the rules judge a typed summit: a set value is one that is not the default.
        if a.default is None:
            lines.append(f"  if {var} is not None: raise _Reject")
        elif a.default == ():
            lines.append(f"  if {var}: raise _Reject")
        else:
            name = f"_newdefault_{cls.__name__}_{a.name}"
            env[name] = a.default
            lines.append(f"  if {var} != {name}: raise _Reject")
    for old, value in spec.legacy_defaults if legacy else ():
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


# --------------------------------------------------------------------------- collecting
#
# The collecting functions structure a document as the fast ones do, from the same
# checks, but record every problem and go on. Paths are built only for problems: a
# record's path is passed down as a chain of (parent, key or index) tuples, which
# costs a tuple per record and nothing per value. A record with a problem is not built;
# its function returns a _Bad carrying its weight, the number of problems it counts for
# towards the cap of its array (see _col_list_lines).


class _Bad:
    """What a collecting function returns for a record with problems, and the stand-in
    made for the rules when the record could be read (see _rules.rules_hold)."""

    __slots__ = ("stand_in", "weight")

    def __init__(self, weight: int, stand_in: Any = None) -> None:
        self.weight = weight
        self.stand_in = stand_in


#: A path being built: "$" or (parent path, key or index); see _path_text.
LazyPath = Any
#: Problems with lazy paths, as the collecting functions append them.
LazyProblem = tuple[LazyPath, str, str]


def _path_text(path: LazyPath) -> str:
    """The JSON path text of a lazy path."""
    return _path_texts([path])[0]


def _path_texts(paths: list[LazyPath]) -> list[str]:
    """The JSON path texts of lazy paths: one below another met already (a record's, a
    list's) is made from its text, which is made once."""
    made: dict[int, tuple[str, Parts | None]] = {}  # by the id of a lazy path in *paths*
    texts = []
    for path in paths:
        if type(path) is not tuple:
            # The root, or a path built already (an unknown key's: see _unknown).
            texts.append(path)
            continue
        # A problem's own path is seldom another's parent: only its parents are kept.
        parent, last = path
        links = []
        while type(parent) is tuple:
            found = made.get(id(parent))
            if found is not None:
                text, parts = found
                break
            links.append(parent)
            parent = parent[0]
        else:
            text, parts = parent, (() if parent == "$" else None)
        for link in reversed(links):
            text, parts = step(text, parts, link[1])
            made[id(link)] = text, parts
        text, parts = step(text, parts, last)
        if parts is not None:
            remember(text, parts)
        texts.append(text)
    return texts


def _fail(out: list[LazyProblem], path: LazyPath, error: Exception) -> None:
    """Record the problem a check raised (see _problem_of)."""
    out.append((path, *_problem_of(error)))


def _problem_of(error: Exception) -> tuple[str, str]:
    """The code and message of the problem a check raised; anything but
    :class:`Invalid` is reported as is."""
    if isinstance(error, Invalid):
        code, message = error.args
        return code, message
    return "invalid", f"{type(error).__name__}: {error}"


def _unknown(
    out: list[LazyProblem], path: LazyPath, value: dict[Any, Any], allowed: tuple[str, ...]
) -> int:
    """Record the unknown keys of *value*, a record whose keys are *allowed*; return their
    weight (towards the cap of an array the record is in)."""
    import difflib  # only a document with an unknown key needs it

    known = frozenset(allowed)  # hashed first, as a set difference would: a foreign key's
    # __eq__ is never asked about every allowed key
    unknown = sorted((key for key in value if key not in known), key=_key_text)
    base = _path_text(path)
    for key in unknown[:MAX_PROBLEMS_PER_CONTAINER]:
        text = _short(_key_text(key))
        # A typo of a real key is the likeliest unknown key: name the key it resembles.
        close = difflib.get_close_matches(_key_text(key), allowed, n=1, cutoff=0.75)
        hint = f" (did you mean {_short(close[0])}?)" if close else ""
        out.append((key_path(base, key), "unknown-key", f"unknown key {text}{hint}"))
    if len(unknown) > MAX_PROBLEMS_PER_CONTAINER:
        _note(out, f"{len(unknown) - MAX_PROBLEMS_PER_CONTAINER:,} more unknown keys not listed")
    return min(len(unknown), MAX_PROBLEMS_PER_CONTAINER)


def _key_text(key: object) -> str:
    """A key as text; a foreign object's ``__str__`` may fail (plain data from Python)."""
    if type(key) is str:
        return key
    try:
        return str(key)
    except Exception:
        return f"<unprintable {type(key).__name__}>"


def _note(out: list[LazyProblem], note: str) -> None:
    """Add *note* to the message of the last problem (more were found than are reported)."""
    path, code, message = out[-1]
    if message.endswith(" reported)"):  # an inner container stopped here already
        return
    out[-1] = (path, code, f"{message} ({note}: at most {MAX_PROBLEMS_PER_CONTAINER} reported)")


def _col_value_lines(
    tp: Any, spec: FieldSpec, var: str, path: str, label: str, env: dict[str, Any]
) -> list[str]:
    """Lines that check *var*, at lazy path *path*, and rebind it; on a problem they
    add its weight to ``w`` and set ``bad``."""
    if typing.get_origin(tp) is tuple:
        return _col_list_lines(tp, spec, var, path, label, env)
    if _graph.is_record(tp):
        test, code, message = _record_test(label, var)
        return [
            f"if {test}:",
            f"  out.append(({path}, {code!r}, {message}))",
            "  c[-1].append(1)",
            "  w += 1",
            "  bad = deep = True",
            "else:",
            f"  {var} = _col_{tp.__name__}({var}, {path}, out, c)",
            f"  if type({var}) is _Bad:",
            f"    w += {var}.weight",
            "    bad = True",
            f"    if {var}.stand_in is None:",
            "      deep = True",
            "    else:",
            f"      {var} = {var}.stand_in",
        ]
    # The fast lines first: most values are fine, and they cost least. Only a value
    # they give up on is checked again, in detail, from its original (they may have
    # rebound *var* before giving up).
    fast = _value_lines(tp, spec, var, label, env, _raise_reject, True)
    checks = _value_lines(tp, spec, var, label, env, _raise_invalid, False)
    # The strings it was read from (see _col_source): one, if it passed as a string
    # type; a wrong value may hold any.
    one = _strings_of(tp) == "one"
    return [
        f"_original = {var}",
        "try:",
        *[f"  {line}" for line in fast],
        *(["  s += 1"] if one else []),
        "except Exception:",
        f"  {var} = _original",
        "  try:",
        *[f"    {line}" for line in checks],
        *(["    s += 1"] if one else []),
        "  except Exception as _error:",
        f"    _fail(out, {path}, _error)",
        "    s += _strings_of_value(_original)",
        f"    {var} = None",
        "    w += 1",
        "    bad = True",
    ]


def _col_list_lines(
    tp: Any, spec: FieldSpec, var: str, path: str, label: str, env: dict[str, Any]
) -> list[str]:
    """Lines that check a list: as a whole, then each item.

    Problems in items count towards the array's cap by weight: one per value, the
    weight of a record's problems for a record (a record missing a key that has a
    default in Python counts once), at most the cap for the unknown keys of one object.
    Once the cap is reached, the items left are not checked, and the last problem says so.
    """
    (item_type, _ellipsis) = typing.get_args(tp)
    item_label = f"each item of {label}"
    # True unless the items must be checked one by one (see below).
    lines = ["_listed = True"]
    # A record list that cannot be read, or not all of it, leaves records unseen.
    unseen = ["  c[-1].append(1)"] if _graph.is_record(item_type) else []
    for number, (test, code, message) in enumerate(_list_tests(label, spec, var)):
        lines += [
            f"{'el' if number else ''}if {test}:",
            f"  out.append(({path}, {code!r}, {message}))",
            *unseen,
            "  w += 1",
            "  bad = deep = True",
        ]
    head = "else:"
    # Its strings, once read (see _col_source): a list of strings holds one per item.
    count = [f"s += len({var})"] if _strings_of(tp) == "each" else []
    if not _graph.is_record(item_type):
        # The fast lines for the whole list first; item by item only if they give up.
        lines += [
            "else:",
            f"  _original = {var}",
            "  try:",
            *[f"    {line}" for line in _fast_check(tp, spec, var, label, env)],
            *[f"    {line}" for line in count],
            "    _listed = True",
            "  except Exception:",
            f"    {var} = _original",
            "    _listed = False",
        ]
        head = "if not _listed:"
    else:
        # Each record on its first try, as the fast lines read a list (a record wrong
        # only in scalars comes as a stand-in, its problems reported); item by item,
        # each tried again, only if one gives up (what they appended forgotten) or the
        # cap is reached (the items say where it was).
        name = item_type.__name__
        below = [model_classes().index(cls) for cls in [item_type, *_descendants(item_type)]]
        mark, forget = _forgetting([*below, -2])
        lines += [
            "else:",
            f"  lp = {path}",
            f"  {mark}",
            "  try:",
            f"    r = [_fastn_{name}(x, c, (lp, i), out) for i, x in enumerate({var})]",
            "    lw = 0",
            "    if _Bad in map(type, r):",
            "      lw = sum([x.weight for x in r if type(x) is _Bad])",
            "      if lw >= _MAX: raise _Reject",
            "      r = [x.stand_in if type(x) is _Bad else x for x in r]",
            "    _listed = True",
            "  except Exception:",
            *[f"    {line}" for line in forget],
            "    _listed = False",
            "  if _listed:",
            f"    {var} = tuple(r)",
            "    if lw:",
            "      w += lw",
            "      bad = True",
        ]
        head = "if not _listed:"
    lines += [
        head,
        f"  lp = {path}",
        "  r = []",
        "  lw = 0",
        "  lbad = ldeep = False",
        f"  n = len({var})",
        f"  for i, x in enumerate({var}):",
    ]
    if _graph.is_record(item_type):
        test, code, message = _record_test(item_label, "x")
        lines += [
            f"    if {test}:",
            f"      out.append(((lp, i), {code!r}, {message}))",
            "      c[-1].append(1)",
            "      lw += 1",
            "      ldeep = True",
            "    else:",
            f"      x = _col_{item_type.__name__}(x, (lp, i), out, c)",
            "      if type(x) is not _Bad:",
            "        r.append(x)",
            "        continue",
            "      lw += x.weight",
            "      if x.stand_in is None:",
            "        ldeep = True",
            "      else:",
            "        r.append(x.stand_in)",
        ]
    else:
        checks = _value_lines(item_type, spec, "x", item_label, env, _raise_invalid, False)
        lines += [
            "    try:",
            *[f"      {line}" for line in checks],
            "      r.append(x)",
            "      continue",
            "    except Exception as _error:",
            "      _fail(out, (lp, i), _error)",
            f"      s += _strings_of_value({var}[i])",
            "    lw += 1",
        ]
    lines += [
        "    lbad = True",
        "    if lw >= _MAX and i + 1 < n:",
        "      _note(out, f'checking stopped here; {n - i - 1:,} later items not checked')",
        *[f"    {line}" for line in unseen],
        "      ldeep = True",
        "      break",
        "  if lbad:",
        "    w += lw",
        "    bad = True",
        # Every item read (records wrong only in scalars as stand-ins), or, for scalars,
        # the items that are right: the stand-in's list (see _rules.rules_hold).
        "  if ldeep:",
        "    deep = True",
        "  else:",
        f"    {var} = tuple(r)",
        *[f"    {line}" for line in count],
    ]
    return lines


def _col_source(cls: type, env: dict[str, Any], node: int, version: str | None = None) -> str:
    """Return the source of the collecting structure function of *cls*.

    ``_col_<Class>(o, p, out, c)`` takes a dict *o* at lazy path *p*, appends each
    problem to *out* in the order of the fields (unknown keys last), and returns the
    record, or a :class:`_Bad`. Keys required in documents that Python gives a default
    (``schema_version``) are reported first. Every dict read as a record of *cls* is
    appended to ``c[node]`` with its record, or None, and ``c[-1]`` gets an item when
    some record could not be read at all (see :func:`structure_checked`).

    With a *version*, a field newer than it set (not null) is marked in ``c[-1]`` too:
    the rule walk then reports it (see :func:`~summitlib._rules.rules_hold`).
    """
    name = cls.__name__
    fields = attrs.fields(cls)
    env[f"_keys_{name}"] = frozenset(key_of(a) for a in fields)
    env[f"_allowed_{name}"] = tuple(key_of(a) for a in fields)
    # Most records are fine: the fast function makes one faster, and gives up on the
    # others (forgetting the records it appended below this one) for the lines below.
    # Not the root: the collecting pass runs when the fast one gave up on the document.
    below = [model_classes().index(child) for child in _descendants(cls)]
    below += [-2] if below else []  # and the strings they counted
    mark, forget = _forgetting(below)
    first_try = [
        f"  {mark}",
        "  try:",
        f"    return _fastn_{name}(o, c, p, out)",
        "  except Exception:",
        *[f"    {line}" for line in forget],
    ]
    # Nor a record with a long list of records: where one of them is wrong, the try
    # would read all those before it twice (once here, once in their own tries). Only
    # its own lists are looked at: a long list further down may be read once more per
    # level above it that is tried (a few levels in this model).
    children = _graph.kinds()[cls].children
    lists = [info.key for info in children if info.many]
    short = " and ".join(
        f"(type(o.get({key!r})) is not list or len(o[{key!r}]) <= {_TRIED_ITEMS})" for key in lists
    )
    if short:
        first_try = [f"  if {short}:", *[f"  {line}" for line in first_try]]
    lines = [
        f"def _col_{name}(o, p, out, c):",
        *(first_try if cls is not model.Summit else []),
        "  d = o",
        "  m = len(c[-2])",
        "  u = len(c[-1])",
        "  w = s = 0",
        "  bad = deep = False",
        "  missing = False",
    ]
    for a in fields:
        key = key_of(a)
        if spec_of(a).required and a.default is not attrs.NOTHING:
            lines += [
                f"  if {key!r} not in o:",
                f"    out.append(((p, {key!r}), 'required', {f'{key!r} is required'!r}))",
                "    missing = True",
            ]
    for a in fields:
        optional, tp = _is_optional(a.type)
        var = f"f_{a.name}"
        key = key_of(a)
        check = _col_value_lines(tp, spec_of(a), var, f"(p, {key!r})", repr(key), env)
        if optional:
            check = [f"if {var} is not None:", *[f"  {line}" for line in check]]
        elif (
            a.default is not attrs.NOTHING
            and not spec_of(a).required
            and typing.get_origin(tp) is not tuple  # a null list leaves no stand-in
        ):
            # null is a problem here, but the rule walk reads it as the default (a view
            # does): so does a stand-in.
            check = [
                f"_null = {var} is None",
                *check,
                f"if _null: {var} = _default_{name}_{a.name}",
            ]
        lines.append(f"  {var} = o.get({key!r}, _MISSING)")
        if version is not None and is_newer(spec_of(a).since, version):
            lines.append(f"  if {var} is not _MISSING and {var} is not None: c[-1].append(1)")
        lines.append(f"  if {var} is _MISSING:")
        if a.default is attrs.NOTHING:
            lines += [
                f"    out.append(((p, {key!r}), 'required', {f'{key!r} is required'!r}))",
                "    w += 1",
                "    bad = deep = True",
            ]
        else:
            env[f"_default_{name}_{a.name}"] = a.default
            lines.append(f"    {var} = _default_{name}_{a.name}")
        lines.append("  else:")
        lines += [f"    {line}" for line in check]
    build = _build_lines(cls, env, None, node)
    env[f"_records_{name}"] = frozenset(info.key for info in children)
    lines += [
        f"  if not _keys_{name}.issuperset(o):",
        f"    w += _unknown(out, p, o, _allowed_{name})",
        "    bad = deep = True",
        # The strings this record was read from, but those of the records below it,
        # which count their own (one that could not be read is marked in c[-1]); and
        # those of the whole record, when all of it was read. Each value that passed
        # counted itself in ``s``; where one did not, its text may hold anything.
        "  if deep:",
        f"    s = _strings_of_record(o, _records_{name})",
        "  else:",
        "    s += len(o)",
        "  if len(c[-1]) == u:",
        "    c[-3][id(d)] = s if len(c[-2]) == m else s + sum(c[-2][m:])",
        "  c[-2].append(s)",
        "  if missing or deep:",
        f"    c[{node}].append((d, None))",
        "    return _Bad(1 if missing else w)",
        *_sibling_lines(cls),
        "  if bad:",
        # Only scalars are wrong (here or in records below, themselves stand-ins), and
        # they are None: a stand-in for the rules, whose every other field is what the
        # record holds (see _rules.rules_hold).
        *[f"  {line}" for line in build[:-1]],
        "    return _Bad(w, o)",
    ]
    lines += build
    return "\n".join(lines)


def _forgetting(lists: list[int]) -> tuple[str, list[str]]:
    """A line that marks where the problems (``out``) and the collector's *lists* end
    before a first try, and the lines that forget what the try appended to them when
    it gives up (what it found is found again, by the lines that follow)."""
    ends = ", ".join(["len(out)", *(f"len(c[{index}])" for index in lists)])
    forget = [f"del c[{index}][marks[{n}]:]" for n, index in enumerate(lists, 1)]
    return f"marks = ({ends},)", ["del out[marks[0]:]", *forget]


def _sibling_lines(cls: type) -> list[str]:
    """Lines that mark ``c[-1]`` (the rule walk decides) where children of this record
    that must differ among siblings share an id: the fast functions give up on those,
    and the rule check trusts them for every record they built (see rules_hold)."""
    lines = []
    for sibling, fields in _graph.sibling_groups(cls):
        identity = sibling.identity
        assert identity is not None
        held = " + ".join(
            f"list(f_{info.name})"
            if info.many
            else f"([f_{info.name}] if f_{info.name} is not None else [])"
            for info in fields
        )
        lines += [
            f"  _ids = [x.{identity.name} for x in {held} if x.{identity.name} is not None]",
            "  if len(set(_ids)) != len(_ids):",
            "    c[-1].append(1)",
        ]
    return lines


#: Structures a document, collecting problems: (data, path, problems, nodes) -> the
#: summit, or a _Bad.
Collecting = Callable[[Any, LazyPath, list[LazyProblem], list[Any]], Any]


#: A record whose lists of records are this long at most is first tried on the fast path.
_TRIED_ITEMS: Final = 8


def _descendants(cls: type) -> list[type]:
    """The record classes found below records of *cls*, each once."""
    found: list[type] = []
    stack = [cls]
    while stack:
        for info in _graph.kinds()[stack.pop()].children:
            child = info.record
            if child is not None and child not in found:
                found.append(child)
                stack.append(child)
    return found


@functools.cache
def _make_collecting(version: str | None = None) -> Collecting:
    """Generate the collecting structure functions, once, on first use.

    With a *version* (the document's), each record's first try on the fast path gives up
    on a field newer than it (the record is then read field by field, and the rules
    report the field): a field the document cannot hold costs nothing to look for.
    """
    env = _env()
    classes = model_classes()
    source = "\n\n".join(
        [_col_source(cls, env, index, version) for index, cls in enumerate(classes)]
        + [
            _fast_source(cls, env, None, version, node=index, legacy=False)
            for index, cls in enumerate(classes)
        ]
    )
    exec(compile(source, "<summitlib collecting structure>", "exec"), env)
    function: Collecting = env[f"_col_{model.Summit.__name__}"]
    return function


#: Per class of :data:`MODEL_CLASSES`, (dict, record or None) for each dict read as a
#: record of it; then one more list, not empty if some record could not be read.
Nodes = list[list[tuple[dict[str, Any], Any]]]


def structure_checked(data: Any) -> tuple[model.Summit | None, list[RawProblem], Nodes]:
    """Structure *data* in one pass, collecting every shape problem.

    Returns the summit (None if there is a problem), the problems in the order of the
    document's fields (not yet sorted by position), and the records met (see
    :data:`Nodes`): those the rules read, with what each dict became, so a document
    with shape problems need not be walked again to know that its rules hold.
    """
    summit, problems, nodes, _ = structure_counted(data)
    return summit, problems, nodes


def structure_counted(
    data: Any, sizes: dict[int, int] | None = None, version: str | None = None
) -> tuple[model.Summit | None, list[RawProblem], Nodes, int | None]:
    """:func:`structure_checked`, and the number of keys and string values read (see
    :class:`~summitlib._json.Parsed`), or None if some record could not be read.

    *sizes*, if given, gets the number of strings of each record read whole, by the
    id of its dict, for :func:`~summitlib._json.find_by_strings`. *version*, the
    document's format version if it is one this release reads, makes it faster; a
    record setting a field newer than it is then marked as one not read (the rule walk
    reports the field).
    """
    if sizes is None:
        sizes = {}
    nodes: Nodes = [[] for _ in range(len(model_classes()) + 1)]
    if type(data) is not dict:
        message = f"the document must be an object (got {json_type_name(data)})"
        nodes[-1].append(({}, None))
        return None, [("$", "type", message)], nodes, None
    out: list[LazyProblem] = []
    counts: list[int] = []
    # The generated functions count in c[-2], the strings of each record read whole in
    # c[-3] (by the dict's id), and mark what they could not read in c[-1].
    collector: list[Any] = [*nodes[:-1], sizes, counts, nodes[-1]]
    summit = _make_collecting(version)(data, "$", out, collector)
    strings = None if nodes[-1] else sum(counts)
    texts = _path_texts([path for path, _, _ in out])
    problems = [(text, code, message) for text, (_, code, message) in zip(texts, out, strict=True)]
    if problems:
        return None, problems, nodes, strings
    return summit, [], nodes, strings


def shape_problems(data: Any) -> list[RawProblem]:
    """Return every shape problem of plain *data* (none if it is a valid summit)."""
    return structure_checked(data)[1]


# --------------------------------------------------------------------------- entry points

#: Structures a document fast: data -> (Summit, collector); raises on any problem.
FastStructure = Callable[[Any], tuple[model.Summit, list[list[Any]]]]


@functools.cache
def _make_fast(collected: tuple[type, ...], version: str | None = None) -> FastStructure:
    """Generate the fast structure functions, once, on first use.

    Records of the classes in *collected* are appended to ``c[i]``, ``i`` being the
    class's index in *collected*, and the strings of each record to ``c[-1]``. With a
    *version*, the functions read documents of that format version only (see
    :func:`_fast_source`).
    """
    env = _env()
    slots = {cls: index for index, cls in enumerate(collected)}
    source = "\n\n".join(_fast_source(cls, env, slots.get(cls), version) for cls in model_classes())
    # The collector as a literal: a small document's loads notices a comprehension.
    source += (
        "\n\ndef _fast(o):\n"
        f"  c = [{'[], ' * (len(collected) + 1)}]\n"
        f"  return _fast_{model.Summit.__name__}(o, c), c\n"
    )
    exec(compile(source, "<summitlib fast structure>", "exec"), env)
    function: FastStructure = env["_fast"]
    return function


def structure_fast(
    data: Any, collected: tuple[type, ...], version: str | None = None
) -> tuple[model.Summit, list[list[Any]], int]:
    """Structure *data* on the fast path; return the summit, the collected records and
    the number of keys and string values read (see :class:`~summitlib._json.Parsed`).

    Raises (anything) when *data* is not a valid shape; then use :func:`structure_checked`.
    With *version* (the document's ``schema_version``, which must be one this release
    reads), it also gives up on a field newer than that version, and fills absent values
    with what they meant in it, as :func:`~summitlib._versions.apply_legacy_defaults`
    would.
    """
    summit, collector = _make_fast(collected, version)(data)
    strings = sum(collector.pop())
    return summit, collector, strings


def structure_summit(data: Any) -> model.Summit:
    """Structure plain data into a :class:`~summitlib.model.Summit`, strictly.

    Raises :class:`ShapeError` with every shape problem on failure.
    """
    try:
        return structure_fast(data, ())[0]
    except Exception:  # any failure at all: the collecting path finds every problem
        pass
    summit, problems, _ = structure_checked(data)
    if summit is None:
        raise ShapeError(problems)
    return summit


def unstructure(obj: Any) -> Any:
    """Turn a model object into plain JSON-ready data (dicts, lists, str, numbers)."""
    function = _make_unstructure_fns()[0].get(type(obj))
    if function is not None:
        return function(obj)
    return _unstructure_converter().unstructure(obj)


def dump_json(summit: model.Summit) -> bytes:
    """Return the canonical JSON of *summit*: UTF-8, two-space indents, a final newline."""
    # orjson asks for each record's fields as it writes (its ``default``): no plain tree
    # of the whole summit is built, each record's dict is freed once written, and so the
    # cyclic collector, which pausing it once kept off a growing tree, has nothing to do.
    return orjson.dumps(
        summit,
        default=_make_unstructure_fns()[1],
        option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE,
    )


@functools.cache
def _unstructure_converter() -> cattrs.Converter:
    """A cattrs converter for what is not a model record (a tuple of records, say).

    cattrs is imported here, not at the top: nothing on the load path needs it, and
    importing it is a good part of the cost of ``import summitlib``.
    """
    import cattrs

    conv = cattrs.Converter(unstruct_collection_overrides={tuple: list})
    conv.register_unstructure_hook(model.PartialDate, str)
    for cls in model_classes():
        conv.register_unstructure_hook(cls, _make_unstructure_fns()[0][cls])
    return conv
