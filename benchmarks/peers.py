"""Fast, fair peers: pydantic v2 and msgspec models generated from summitlib's own schema.

Both are built at import time from ``summitlib.json_schema()``, so they carry exactly the
schema's patterns, length limits, ranges, enumerations, required fields and nullability,
and cannot drift from it. They are written the way a user who cares about speed would
write them:

* pydantic: one ``BaseModel`` per object, ``strict=True``, ``extra="forbid"``, frozen;
  every constrained string or number is an ``Annotated[..., Field(...)]`` alias, never a
  per-field ``RootModel`` (what datamodel-code-generator emits when fields carry
  descriptions, and about 1.5 times slower);
* msgspec: one ``Struct`` per object, ``forbid_unknown_fields=True``, frozen, with
  ``msgspec.Meta`` constraints.

Two translations keep the engines as strict as the schema:

* a pattern's final ``$`` becomes ``\\Z`` for msgspec, whose Python ``re`` would let a
  final newline through (pydantic's Rust engine already anchors ``$`` at the very end);
* the topic rule "``cap:`` topics come from a closed list" (an ``if``/``then`` in the
  schema) becomes one pattern without look-ahead (which the Rust engine lacks): either
  a listed ``cap:`` topic, or a prefix that is not ``cap``.

What neither peer checks, and summitlib does: real calendar dates, duplicate keys in the
JSON text, and the rules between records (unique ids, references, date order).
:func:`check_honest` proves, on every run, that all three accept the benchmark documents
and reject the same set of broken ones.
"""

from __future__ import annotations

import copy
import re
from typing import Annotated, Any, Literal

import msgspec
import pydantic
from pydantic import ConfigDict, Field

import summitlib

SCHEMA: dict[str, Any] = summitlib.json_schema()
DEFS: dict[str, Any] = SCHEMA["$defs"]


def _not_prefix(word: str) -> str:
    """Return a pattern for ``[a-z][a-z0-9]*`` names other than *word* (no look-ahead)."""
    alternatives = []
    for i in range(len(word)):
        chars = "".join(c for c in "abcdefghijklmnopqrstuvwxyz0123456789" if c != word[i])
        if i == 0:
            chars = "".join(c for c in chars if c.isalpha())
        alternatives.append(f"{re.escape(word[:i])}[{chars}][a-z0-9]*")
    alternatives += [re.escape(word[:i]) for i in range(1, len(word))]
    alternatives.append(f"{re.escape(word)}[a-z0-9]+")
    return "(?:" + "|".join(alternatives) + ")"


def _string_pattern(definition: dict[str, Any]) -> str | None:
    pattern: str | None = definition.get("pattern")
    for rule in definition.get("allOf", ()):
        # {"if": {"pattern": "^cap:"}, "then": {"enum": [...]}}: the only if/then we have.
        prefix = rule["if"]["pattern"]
        assert prefix.startswith("^"), prefix
        assert prefix.endswith(":"), prefix
        word = prefix[1:-1]
        listed = "|".join(re.escape(value) for value in rule["then"]["enum"])
        assert pattern is not None
        assert pattern.startswith("^[a-z][a-z0-9]*:"), pattern
        rest = pattern[len("^[a-z][a-z0-9]*:") :]
        pattern = f"^(?:(?:{listed})$|{_not_prefix(word)}:{rest})"
    return pattern


def _for_msgspec(pattern: str) -> str:
    return pattern[:-1] + "\\Z" if pattern.endswith("$") else pattern.replace("$)", "\\Z)")


class _Builder:
    """Turn schema nodes into annotations for one engine ("pydantic" or "msgspec")."""

    def __init__(self, engine: str) -> None:
        self.engine = engine
        self.classes: dict[str, Any] = {}

    def constrained(self, base: type, **limits: Any) -> Any:
        limits = {key: value for key, value in limits.items() if value is not None}
        if not limits:
            return base
        if self.engine == "pydantic":
            return Annotated[base, Field(**limits)]
        if "pattern" in limits:
            limits["pattern"] = _for_msgspec(limits["pattern"])
        return Annotated[base, msgspec.Meta(**limits)]

    def annotation(self, node: dict[str, Any]) -> Any:
        if "$ref" in node:
            return self.definition(node["$ref"].rsplit("/", 1)[-1])
        if "anyOf" in node:
            options = [option for option in node["anyOf"] if option != {"type": "null"}]
            assert len(options) == 1, node
            return self.annotation(options[0]) | None
        if "const" in node:
            return Literal[node["const"]]
        if "enum" in node:
            return Literal[tuple(node["enum"])]
        kind = node["type"]
        if kind == "string":
            return self.constrained(
                str,
                pattern=_string_pattern(node),
                min_length=node.get("minLength"),
                max_length=node.get("maxLength"),
            )
        if kind == "number":
            return self.constrained(float, ge=node.get("minimum"), le=node.get("maximum"))
        if kind == "integer":
            return self.constrained(int, ge=node.get("minimum"), le=node.get("maximum"))
        if kind == "boolean":
            return bool
        if kind == "array":
            items = tuple[self.annotation(node["items"]), ...]  # type: ignore[misc]
            return self.constrained(items, min_length=node.get("minItems"))
        raise ValueError(f"no translation for {node}")

    def definition(self, name: str, node: dict[str, Any] | None = None) -> Any:
        if name in self.classes:
            return self.classes[name]
        if node is None:
            node = DEFS[name]
        if node.get("type") != "object":
            self.classes[name] = self.annotation(node)
            return self.classes[name]
        required = set(node.get("required", ()))
        fields: list[tuple[str, Any, Any]] = []
        for field, prop in node["properties"].items():
            annotation = self.annotation(prop)
            if field in required:
                fields.append((field, annotation, ...))
            else:
                default = prop.get("default", () if prop.get("type") == "array" else None)
                fields.append((field, annotation, default))
        self.classes[name] = self.make_class(name, fields)
        return self.classes[name]

    def make_class(self, name: str, fields: list[tuple[str, Any, Any]]) -> Any:
        # A key that is not an identifier ("$schema") gets a field under another name.
        def attribute(key: str) -> str:
            return key if key.isidentifier() else "x_" + re.sub(r"\W", "", key)

        if self.engine == "pydantic":
            config = ConfigDict(strict=True, extra="forbid", frozen=True)
            return pydantic.create_model(  # type: ignore[call-overload]
                f"P{name}",
                __config__=config,
                **{
                    attribute(field): (annotation, Field(default, alias=field))
                    if attribute(field) != field
                    else (annotation, default)
                    for field, annotation, default in fields
                },
            )

        def spec(field: str, annotation: Any, default: Any) -> tuple[Any, ...]:
            if attribute(field) == field:
                return (field, annotation) if default is ... else (field, annotation, default)
            value = msgspec.field(name=field) if default is ... else msgspec.field(
                default=default, name=field
            )
            return (attribute(field), annotation, value)

        # msgspec wants fields without defaults first.
        ordered = [f for f in fields if f[2] is ...] + [f for f in fields if f[2] is not ...]
        return msgspec.defstruct(
            f"M{name}",
            [spec(f, a, d) for f, a, d in ordered],
            forbid_unknown_fields=True,
            frozen=True,
            omit_defaults=True,
        )


# The root is either a reference to a definition or (format 1.1) written in place.
_root = SCHEMA["$ref"].rsplit("/", 1)[-1] if "$ref" in SCHEMA else SCHEMA["title"]
_root_node = None if "$ref" in SCHEMA else SCHEMA
PSummit: Any = _Builder("pydantic").definition(_root, _root_node)
MSummit: Any = _Builder("msgspec").definition(_root, _root_node)
MSGSPEC_DECODER = msgspec.json.Decoder(MSummit)
MSGSPEC_ENCODER = msgspec.json.Encoder()


def pydantic_errors(data: bytes) -> list[Any]:
    """Return pydantic's full error list for *data* (empty if it is valid)."""
    try:
        PSummit.model_validate_json(data)
    except pydantic.ValidationError as error:
        return error.errors()
    return []


def _broken(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Documents each broken in one way that the schema alone forbids."""
    cases: dict[str, dict[str, Any]] = {}

    def case(name: str, path: list[Any], value: Any, *, delete: bool = False) -> None:
        broken = copy.deepcopy(document)
        node = broken
        for part in path[:-1]:
            node = node[part]
        if delete:
            del node[path[-1]]
        else:
            node[path[-1]] = value
        cases[name] = broken

    goal = ["agendas", 0, "goals", 0]
    case("unknown key", ["colour"], "red")
    case("unknown nested key", [*goal, "colour"], "red")
    case("missing required", ["leaders", 0, "role"], None, delete=True)
    case("bad slug", ["id"], "Not A Slug")
    case("slug with final newline", ["id"], "summit\n")
    case("blank text", ["title"], " \t")
    case("empty text", ["title"], "")
    case("text too long", ["title"], "x" * 20_001)
    case("bad country", ["leaders", 0, "country"], "XX")
    case("bad enum", ["status"], "over")
    case("bad const", ["schema_version"], "2.0")
    case("out of range", [*goal, "position"], 100.5)
    case("latitude out of range", ["location", "latitude"], -91)
    case("boolean as number", [*goal, "salience"], True)
    case("string as number", [*goal, "salience"], "5")
    case("number as string", ["title"], 5)
    case("string as array", [*goal, "sources"], "source-1")
    case("empty leaders", ["leaders"], [])
    case("unknown cap topic", ["focus_areas", 0, "topic"], "cap:99")
    case("bad topic", ["focus_areas", 0, "topic"], "CAP:1")
    case("bad date", ["start_date"], "2025-13-01")
    case("bad url", ["sources", 0, "url"], "ftp://example.org")
    case("null required", ["location"], None)
    return cases


def check_honest(document: dict[str, Any], encoded: bytes) -> list[str]:
    """Check that summitlib and both peers agree on *document* and its broken variants.

    Returns the names of the broken variants; raises AssertionError on any disagreement.
    """
    import orjson

    assert summitlib.validate(encoded).ok
    PSummit.model_validate_json(encoded)
    MSGSPEC_DECODER.decode(encoded)
    # Fine by the schema, so all three must accept: non-cap topics, integers as numbers.
    for topic in ("ca:1", "c:1", "capx:1", "cat:1", "cap:23", "wikidata:Q1"):
        ok = copy.deepcopy(document)
        ok["focus_areas"][0]["topic"] = topic
        data = orjson.dumps(ok)
        assert summitlib.validate(data).ok, topic
        PSummit.model_validate_json(data)
        MSGSPEC_DECODER.decode(data)
    cases = _broken(document)
    for name, broken in cases.items():
        data = orjson.dumps(broken)
        assert not summitlib.validate(data).ok, name
        assert pydantic_errors(data), f"pydantic accepts {name}"
        try:
            MSGSPEC_DECODER.decode(data)
        except msgspec.ValidationError:
            pass
        else:
            raise AssertionError(f"msgspec accepts {name}")
    return list(cases)
