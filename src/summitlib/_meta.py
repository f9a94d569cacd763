"""Field metadata: each constraint is declared once, on the field.

The converter (``_convert.py``) builds its strict structure hooks from these specs and
the schema generator (``schema.py``) builds the JSON Schema from the same specs, so the
library and the schema cannot drift apart by construction.
"""

from __future__ import annotations

import re
import threading
from typing import Any, Final, TypeVar

import attrs

from summitlib._countries import COUNTRY_CODES, FORMER_COUNTRY_CODES

__all__ = [
    "SPEC_KEY",
    "STRING_KINDS",
    "FieldSpec",
    "Identity",
    "StringKind",
    "key_of",
    "shared_methods",
    "spec",
    "spec_of",
]

SPEC_KEY: Final = "summitlib"

_T = TypeVar("_T", bound=type)


class _Methods:
    """What a class's shared ``__repr__``, ``__eq__`` and ``__hash__`` read, per class."""

    __slots__ = ("eq", "hash", "repr", "salt")

    def __init__(self, cls: type) -> None:
        fields = cls.__attrs_attrs__  # type: ignore[attr-defined]
        self.repr = [(a.name, a.repr) for a in fields if a.repr is not False]
        self.eq = [(a.name, a.eq_key) for a in fields if a.eq]
        self.hash = [
            (a.name, a.eq_key) for a in fields if a.hash is True or (a.hash is None and a.eq)
        ]
        self.salt = hash(("summitlib record", cls.__module__, cls.__qualname__))


_METHODS: dict[type, _Methods] = {}
_REPRING = threading.local()


def _methods(cls: type) -> _Methods:
    found = _METHODS.get(cls)
    if found is None:
        found = _METHODS[cls] = _Methods(cls)
    return found


def _repr(self: Any) -> str:
    # attrs' own recursion guard: a record met again inside itself is shown as "...".
    try:
        repring: set[int] = _REPRING.repring
    except AttributeError:
        repring = _REPRING.repring = set()
    if id(self) in repring:
        return "..."
    repring.add(id(self))
    try:
        parts = [
            f"{name}={repr(getattr(self, name)) if how is True else how(getattr(self, name))}"
            for name, how in _methods(self.__class__).repr
        ]
        return f"{self.__class__.__qualname__.rsplit('>.', 1)[-1]}({', '.join(parts)})"
    finally:
        repring.remove(id(self))


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    for name, key in _methods(self.__class__).eq:
        mine, theirs = getattr(self, name), getattr(other, name)
        if key is not None:
            mine, theirs = key(mine), key(theirs)
        # As attrs: `==` asked, not `!=` (a type may define them inconsistently).
        if not mine == theirs:  # noqa: SIM201
            return False
    return True


def _hash(self: Any) -> int:
    methods = _methods(self.__class__)
    return hash(
        (
            methods.salt,
            *(
                getattr(self, name) if key is None else key(getattr(self, name))
                for name, key in methods.hash
            ),
        )
    )


def shared_methods(cls: _T) -> _T:
    """Give a frozen attrs class (decorated after this) shared repr, equality and hash.

    They behave as the ones attrs would generate: the same text (with attrs' guard
    against recursion), equality field by field in order (``eq_key`` honoured) and only
    between instances of the very same class, a hash of the same fields. attrs sees
    that the class defines them (``auto_detect``) and generates only ``__init__``:
    compiling the three per class was most of the cost of ``import summitlib``.
    """
    cls.__repr__ = _repr  # type: ignore[assignment]
    cls.__eq__ = _eq  # type: ignore[assignment]
    cls.__hash__ = _hash  # type: ignore[assignment]
    return cls


#: Longest text field, in code points. Documented in docs/limits.md.
MAX_TEXT_LENGTH: Final = 20_000
#: Longest identifier.
MAX_ID_LENGTH: Final = 100
#: Longest URL.
MAX_URL_LENGTH: Final = 2_048

# Whitespace as both Python's ``str.isspace`` and ECMA-262's ``\s`` understand it. Spelled
# out because the two disagree (\x1c-\x1f and \x85 for Python, \ufeff for ECMA-262), and
# a schema pattern must mean the same thing in every language's validator.
_WHITESPACE: Final = (
    r"\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)


@attrs.frozen
@shared_methods
class StringKind:
    """What a string field must look like: a pattern, a length bound, or a closed set."""

    name: str
    description: str
    pattern: str | None = None
    max_length: int = MAX_TEXT_LENGTH
    enum: tuple[str, ...] | None = None
    compiled: re.Pattern[str] | None = attrs.field(default=None, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.pattern is not None:
            # Python's `$` also matches before a final newline; ECMA-262's (the schema's) does
            # not, so the library would accept "id\n" where the schema rejects it.
            pattern = self.pattern[:-1] + r"\Z" if self.pattern.endswith("$") else self.pattern
            object.__setattr__(self, "compiled", re.compile(pattern))


STRING_KINDS: Final[dict[str, StringKind]] = {
    kind.name: kind
    for kind in (
        StringKind(
            "text",
            "non-blank text: at least one character that is not whitespace",
            pattern=f"[^{_WHITESPACE}]",
        ),
        StringKind(
            "slug",
            "an identifier: lowercase letters and digits in groups joined by single hyphens",
            pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
            max_length=MAX_ID_LENGTH,
        ),
        StringKind(
            "country",
            "an ISO 3166-1 alpha-2 country code, or the ISO 3166-3 code of a former "
            "country, upper case",
            max_length=4,
            enum=COUNTRY_CODES + FORMER_COUNTRY_CODES,
        ),
        StringKind(
            "topic",
            "a taxonomy code written scheme:code, for example cap:19",
            pattern=r"^[a-z][a-z0-9]*:[A-Za-z0-9]+(?:[.-][A-Za-z0-9]+)*$",
            max_length=MAX_ID_LENGTH,
        ),
        StringKind(
            "url",
            "an absolute http or https URL without spaces",
            pattern=f"^https?://[^{_WHITESPACE}]+$",
            max_length=MAX_URL_LENGTH,
        ),
        StringKind(
            "date",
            "an ISO 8601 calendar date, possibly partial: YYYY, YYYY-MM or YYYY-MM-DD",
            pattern=r"^[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?$",
            max_length=10,
        ),
    )
}


@attrs.frozen
@shared_methods
class Identity:
    """How a record's identity field is unique: among all records of its class in the
    document (``scope="document"``), or among its siblings in one list (``"parent"``).

    *code* and *message* word the problem reported for a second use of the same value;
    ``{kind}`` and ``{value}`` are filled in.
    """

    scope: str = "document"
    code: str = "duplicate-id"
    message: str = "{kind} id {value!r} is used twice"


@attrs.frozen
@shared_methods
class FieldSpec:
    """The documentation, constraints and graph role of one model field.

    ``identity`` marks the field that identifies a record; ``refers_to`` names the
    class (by name) whose identity a field's value, or each of its values, must be.
    ``required`` keeps a field required in documents although Python gives it a
    default; ``key`` is the JSON key when it is not the attribute's name; ``since`` is
    the format version that introduced the field; ``legacy_defaults`` pairs an older
    format version with what an absent value meant in it.
    """

    doc: str
    kind: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    min_items: int = 0
    enum: tuple[str, ...] | None = None
    identity: Identity | None = None
    refers_to: str | None = None
    required: bool = False
    key: str | None = None
    since: str = "1.0"
    legacy_defaults: tuple[tuple[str, Any], ...] = ()


def spec(
    doc: str,
    *,
    kind: str | None = None,
    minimum: float | None = None,
    maximum: float | None = None,
    min_items: int = 0,
    enum: tuple[str, ...] | None = None,
    identity: bool | Identity = False,
    refers_to: str | type | None = None,
    required: bool = False,
    key: str | None = None,
    since: str = "1.0",
    legacy_defaults: tuple[tuple[str, Any], ...] = (),
) -> dict[str, FieldSpec]:
    """Declare a model field's documentation, constraints and role in the graph.

    Used as ``attrs.field(metadata=spec(...))``, so that attrs and its mypy plugin see
    an ordinary attrs field: a field without a default is required, for type checkers
    and in documents. ``required=True`` keeps a field required in documents although
    Python gives it a default (``schema_version``).

    >>> import attrs
    >>> @attrs.frozen(kw_only=True)
    ... class Example:
    ...     id: str = attrs.field(metadata=spec("An id.", kind="slug", identity=True))
    >>> spec_of(attrs.fields(Example).id).identity.scope
    'document'
    """
    if kind is not None and kind not in STRING_KINDS:
        raise ValueError(f"unknown string kind {kind!r}")
    if isinstance(refers_to, type):
        refers_to = refers_to.__name__
    return {
        SPEC_KEY: FieldSpec(
            doc=doc,
            kind=kind,
            minimum=minimum,
            maximum=maximum,
            min_items=min_items,
            enum=enum,
            identity=Identity() if identity is True else (identity or None),
            refers_to=refers_to,
            required=required,
            key=key,
            since=since,
            legacy_defaults=legacy_defaults,
        )
    }


def spec_of(attribute: attrs.Attribute[Any]) -> FieldSpec:
    """Return the spec declared on *attribute*; a field without a default is required."""
    declared = attribute.metadata.get(SPEC_KEY)
    if not isinstance(declared, FieldSpec):
        raise TypeError(f"field {attribute.name!r} was not declared with summitlib's spec()")
    if attribute.default is attrs.NOTHING and not declared.required:
        return attrs.evolve(declared, required=True)
    return declared


def key_of(attribute: attrs.Attribute[Any]) -> str:
    """Return the JSON key of *attribute*."""
    return spec_of(attribute).key or attribute.name
