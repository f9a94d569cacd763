"""The JSON Schema of summit documents, generated from the model classes.

Every property, type, required field, pattern, range and enumeration in the schema is
read from the attrs classes in :mod:`summitlib.model` and the field specs of
:mod:`summitlib._meta` — the same specs the library's strict loader is built from — so
adding a field to a class adds it to the schema. The committed export,
``schemas/summit.schema.json``, is kept equal to :func:`json_schema` by a test.

>>> import summitlib
>>> schema = summitlib.json_schema()
>>> schema["$schema"]
'https://json-schema.org/draft/2020-12/schema'
>>> sorted(schema["$defs"]["Leader"]["required"])
['id', 'name', 'role']

Regenerate the committed file with ``summitlib schema --output schemas/summit.schema.json``
(or, from Python, ``summitlib.schema.write_schema("schemas/summit.schema.json")``).

The schema is Draft 2020-12 but uses only constraint keywords draft-07 tools also know
(``type``, ``properties``, ``required``, ``additionalProperties``, ``items``, ``minItems``,
``minLength``, ``maxLength``, ``pattern``, ``enum``, ``const``, ``minimum``, ``maximum``,
``anyOf``, ``allOf``, ``if``/``then`` and local ``$ref``), and patterns only in the syntax
ECMA-262, Python, Go, Java and .NET read alike: no look-around, no back-references, no
``\\u`` escapes. What JSON Schema cannot say is listed in :data:`DIFFERENCES`.
"""

from __future__ import annotations

import copy
import enum
import json
import os
import typing
from pathlib import Path
from typing import Any, Final

import attrs

from summitlib import _graph, model, taxonomy
from summitlib._meta import STRING_KINDS, FieldSpec, StringKind, key_of, spec_of
from summitlib.io import write_atomic

__all__ = [
    "DIFFERENCES",
    "DRAFT",
    "SCHEMA_ID",
    "json_schema",
    "portable_pattern",
    "schema_text",
    "write_schema",
]

#: The JSON Schema dialect of the generated schema.
DRAFT: Final = "https://json-schema.org/draft/2020-12/schema"

#: The schema's ``$id``: stable for a document format version, and never fetched. A URN
#: rather than a URL, so that no tool is tempted to look it up on the network.
SCHEMA_ID: Final = f"urn:summitlib:schema:summit:{model.SCHEMA_VERSION}"

#: What the library checks and the schema cannot: documents valid under the schema
#: that :func:`summitlib.validate` still rejects, each with its problem code(s).
#: Listed in the schema's ``description`` and docs/schema.md; each is pinned by a test.
DIFFERENCES: Final[tuple[tuple[str, str], ...]] = (
    ("duplicate-id", "ids are unique within their kind (goal ids across all agendas)"),
    (
        "reference",
        "every id reference resolves: agenda and aim leaders, goal and recommendation "
        "focus areas, cited sources, linked goals, signatories and speakers, settled areas",
    ),
    ("duplicate-agenda", "a leader has at most one agenda"),
    ("duplicate-aim", "a recommendation has at most one aim per leader"),
    ("date", "dates are real calendar dates: the pattern lets 2025-02-30 and year 0000 through"),
    ("date-order", "end_date is not before start_date"),
    (
        "date-range, scale, page, party",
        "a final position's date lies within the summit; a bottom line or a settled position "
        "needs a focus area with a scale; a cited page is within the source's pages; a leader "
        "has a country or an organization",
    ),
    ("version", "keys new in format 1.1 need schema_version 1.1"),
    (
        "duplicate-key, non-finite, encoding, too-large",
        "JSON text is strict: no duplicate keys (many parsers silently keep the last), "
        "no NaN or Infinity, UTF-8 without a BOM or lone surrogates, at most 64 MiB; "
        "a schema only sees the value a parser made of the text",
    ),
    (
        "pattern",
        "a pattern's final $ matches only at the very end, as in ECMA-262 and Go; validators "
        "whose $ also matches before a final newline (Python re, Java, .NET, PCRE) accept "
        "an id, topic, URL or date followed by one newline",
    ),
)

_NULL: Final[dict[str, Any]] = {"type": "null"}
#: $defs names of the string kinds, so that each long enum or pattern is written once.
_KIND_DEFS: Final = {
    "text": "Text",
    "slug": "Slug",
    "country": "CountryCode",
    "topic": "Topic",
    "url": "Url",
    "date": "Date",
}
# Characters that mean something in a regular expression: kept as escapes, not literals.
_REGEX_SYNTAX: Final = frozenset("\\^$.|?*+()[]{}-/")


def json_schema(root: type | None = None) -> dict[str, Any]:
    """Return the JSON Schema (Draft 2020-12) of summit documents, as plain data.

    A new dict each time; it is generated, not read from ``schemas/summit.schema.json``.
    *root* is the root class (:class:`~summitlib.model.Summit`, or a subclass of it that
    adds fields): the schema covers every record class reachable from it.
    """
    root_cls = model.Summit if root is None else root
    defs: dict[str, Any] = {
        cls.__name__: _class_schema(cls) for cls in _graph.model_classes(root_cls)
    }
    for kind_name, def_name in _KIND_DEFS.items():
        defs[def_name] = _kind_schema(STRING_KINDS[kind_name])
    root_doc = _summary(root_cls)
    # The root is the Summit object schema itself, not a bare $ref: some code generators
    # (json-schema-to-typescript) cannot start from a $ref. $defs keeps its own copy so that
    # other schemas' references to `#/$defs/Summit` still resolve.
    summit = defs[root_cls.__name__]
    root_object = {
        key: copy.deepcopy(value)
        for key, value in summit.items()
        if key not in ("title", "description")
    }
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_ID,
        "$comment": (
            "Generated from the summitlib model classes; do not edit. Regenerate with "
            "`summitlib schema --output schemas/summit.schema.json`."
        ),
        # Code generators name the root type after the title: `Summit`, as in Python.
        "title": root_cls.__name__,
        "description": _root_description(
            f"A summitlib summit document, format {model.SCHEMA_VERSION}. {root_doc}"
        ),
        **root_object,
        "$defs": defs,
    }


def schema_text() -> str:
    """Return the schema as pretty-printed JSON text, exactly as committed.

    Two-space indentation, one final newline, ASCII only (other characters as ``\\u``
    escapes, so that no invisible whitespace character sits raw in the file).
    """
    return json.dumps(json_schema(), indent=2, ensure_ascii=True) + "\n"


def write_schema(path: str | os.PathLike[str]) -> None:
    """Write :func:`schema_text` to *path* atomically: the old file stays on failure."""
    write_atomic(Path(path), schema_text().encode("ascii"))


def _root_description(root_doc: str) -> str:
    lines = [
        root_doc,
        "",
        "Beyond this schema, summitlib also checks (problem codes in brackets):",
        *(f"- {text} [{code}]" for code, text in DIFFERENCES),
        "",
        "Numbers are JSON numbers (50 and 50.0 alike; never booleans). A null optional "
        "field is the same as an absent one. Text is Unicode, non-blank, and its length "
        "is counted in code points.",
    ]
    return "\n".join(lines)


def _summary(cls: type) -> str:
    """The class docstring's paragraphs up to the first doctest, joined into lines."""
    doc = cls.__doc__ or cls.__name__
    paragraphs = []
    for paragraph in doc.strip().split("\n\n"):
        if paragraph.lstrip().startswith(">>>"):
            break
        paragraphs.append(" ".join(line.strip() for line in paragraph.splitlines()))
    return "\n\n".join(paragraphs)


def _class_schema(cls: type) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    required: list[str] = []
    for attribute in attrs.fields(cls):
        key = key_of(attribute)
        properties[key] = _property_schema(attribute.type, spec_of(attribute))
        if spec_of(attribute).required:
            required.append(key)
    schema: dict[str, Any] = {
        "title": cls.__name__,
        "description": _summary(cls),
        "type": "object",
        "properties": properties,
    }
    if required:
        schema["required"] = required
    schema["additionalProperties"] = False
    return schema


def _property_schema(tp: Any, spec: FieldSpec) -> dict[str, Any]:
    args = typing.get_args(tp)
    if typing.get_origin(tp) is not tuple and type(None) in args:
        (inner,) = (arg for arg in args if arg is not type(None))
        # A null optional field is accepted and means "absent", as in the library.
        return {"description": spec.doc, "anyOf": [_value_schema(inner, spec), _NULL]}
    return {"description": spec.doc, **_value_schema(tp, spec)}


def _value_schema(tp: Any, spec: FieldSpec) -> dict[str, Any]:
    if typing.get_origin(tp) is tuple:
        (item, _ellipsis) = typing.get_args(tp)
        schema: dict[str, Any] = {"type": "array", "items": _value_schema(item, spec)}
        if spec.min_items:
            schema["minItems"] = spec.min_items
        return schema
    if (tp is str or tp is model.PartialDate) and spec.kind is not None:
        return {"$ref": f"#/$defs/{_KIND_DEFS[spec.kind]}"}
    if attrs.has(tp):
        return {"$ref": f"#/$defs/{tp.__name__}"}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"type": "string", "enum": [member.value for member in tp]}
    if tp is float:
        # Integers are numbers too: no field of the format is integer-typed.
        number: dict[str, Any] = {"type": "number"}
        if spec.minimum is not None:
            number["minimum"] = spec.minimum
        if spec.maximum is not None:
            number["maximum"] = spec.maximum
        return number
    if tp is str and spec.enum is not None:
        return {"type": "string", "enum": list(spec.enum)}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        integer: dict[str, Any] = {"type": "integer"}
        if spec.minimum is not None:
            integer["minimum"] = spec.minimum
        if spec.maximum is not None:
            integer["maximum"] = spec.maximum
        return integer
    if tp is str:
        return {"type": "string"}
    raise TypeError(f"no schema for field type {tp!r}")  # pragma: no cover - new field type


def _kind_schema(kind: StringKind) -> dict[str, Any]:
    schema: dict[str, Any] = {"description": kind.description, "type": "string"}
    if kind.enum is not None:
        schema["enum"] = list(kind.enum)
        return schema
    schema["minLength"] = 1
    schema["maxLength"] = kind.max_length
    if kind.pattern is not None:
        schema["pattern"] = portable_pattern(kind.pattern)
    if kind.name == "topic":
        # Codes of the schemes summitlib knows are checked against the scheme's list.
        checks = [
            {
                "if": {"pattern": f"^{name}:"},
                "then": {"enum": [str(topic) for topic in scheme]},
            }
            for name, scheme in taxonomy.SCHEMES.items()
        ]
        if checks:
            schema["allOf"] = checks
    return schema


def portable_pattern(pattern: str) -> str:
    r"""Return *pattern* with ``\xHH`` and ``\uHHHH`` escapes written as the characters.

    Go's RE2 has no ``\u`` escape; a literal character means the same in every dialect.
    Escapes of characters with a meaning in regular expressions are kept.

    >>> portable_pattern(r"[^\t\u3000]")
    '[^\\t\u3000]'
    """
    out: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char != "\\" or index + 1 == len(pattern):
            out.append(char)
            index += 1
            continue
        letter = pattern[index + 1]
        width = {"x": 2, "u": 4}.get(letter)
        digits = pattern[index + 2 : index + 2 + width] if width else ""
        if width and len(digits) == width and all(c in "0123456789abcdefABCDEF" for c in digits):
            literal = chr(int(digits, 16))
            if literal not in _REGEX_SYNTAX:
                out.append(literal)
                index += 2 + width
                continue
        out.append(pattern[index : index + 2])
        index += 2
    return "".join(out)
