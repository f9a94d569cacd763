"""Tests for summitlib.schema: the generated JSON Schema, and its agreement with the library.

The agreement tests run generated documents through both the schema (``jsonschema``,
with an empty ``referencing`` registry) and :func:`summitlib.validate`. Each generated
example yields two valid documents (canonical, and with every absent optional field an
explicit ``null``) and two near-misses (one mutation each), so the default 1,000 examples
check 2,000 of each. ``SUMMITLIB_AGREEMENT_EXAMPLES`` sets another number of examples.
"""

from __future__ import annotations

import copy
import enum
import importlib.util
import json
import math
import os
import re
import shutil
import sys
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
import referencing
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import summitlib
from summitlib import _json, schema, strategies
from summitlib._convert import MODEL_CLASSES
from summitlib._meta import STRING_KINDS, key_of, spec, spec_of
from summitlib._paths import key_path
from summitlib.model import Summit

try:  # Python 3.11 and later
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "schemas" / "summit.schema.json"
DOCS = ROOT / "docs" / "schema.md"
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))
AGREEMENT_EXAMPLES = int(os.environ.get("SUMMITLIB_AGREEMENT_EXAMPLES", "1000"))

SCHEMA = schema.json_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, registry=referencing.Registry())

#: Keywords draft-07 validators also understand; nothing else may appear in the schema.
DRAFT_07_KEYWORDS = frozenset(
    {
        "$schema", "$id", "$comment", "$ref", "$defs", "title", "description",
        "type", "properties", "required", "additionalProperties", "items", "minItems",
        "minLength", "maxLength", "pattern", "enum", "const", "minimum", "maximum",
        "anyOf", "allOf", "if", "then",
    }
)  # fmt: skip


def _alaska() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ROOT / "examples" / "alaska-2025.json").read_text("utf-8"))
    return data


def schema_accepts(document: Any) -> bool:
    """True when the committed schema's validator finds no error."""
    return bool(VALIDATOR.is_valid(document))


def library_accepts(document: Any) -> bool:
    """True when summitlib finds no problem."""
    return summitlib.validate(document).ok


def _subschemas(node: Any) -> Iterator[dict[str, Any]]:
    """Every schema object in *node*: the root, $defs, properties, items, anyOf, …"""
    if not isinstance(node, dict):
        return
    yield node
    for key in ("$defs", "properties"):
        for child in node.get(key, {}).values():
            yield from _subschemas(child)
    for key in ("items", "if", "then", "additionalProperties"):
        yield from _subschemas(node.get(key))
    for key in ("anyOf", "allOf"):
        for child in node.get(key, []):
            yield from _subschemas(child)


# --- the schema itself ---------------------------------------------------------------------


def test_schema_is_valid_for_its_draft() -> None:
    """The schema passes check_schema for Draft 2020-12, and for draft-07 too."""
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft7Validator.check_schema(SCHEMA)


def test_schema_has_id_title_description_and_one_def_per_class() -> None:
    """$id is stable, title and description are set, every model class has a $defs entry.

    The root is the Summit object schema itself (not a bare $ref, which some code
    generators cannot start from), and $defs keeps Summit for outside references.
    """
    assert SCHEMA["$id"] == schema.SCHEMA_ID == "urn:summitlib:schema:summit:1.1"
    assert SCHEMA["title"]
    assert SCHEMA["description"]
    summit = {
        k: v for k, v in SCHEMA["$defs"]["Summit"].items() if k not in ("title", "description")
    }
    assert "$ref" not in SCHEMA
    assert {k: v for k, v in SCHEMA.items() if k in summit} == summit
    class_defs = {name for name, d in SCHEMA["$defs"].items() if d.get("type") == "object"}
    assert class_defs == {cls.__name__ for cls in MODEL_CLASSES}


def test_committed_schema_equals_the_generated_one() -> None:
    """schemas/summit.schema.json is exactly what json_schema() generates now."""
    committed = COMMITTED.read_text("utf-8") if COMMITTED.exists() else ""
    assert committed == schema.schema_text(), (
        "schemas/summit.schema.json is out of date; regenerate it with\n"
        "    summitlib schema --output schemas/summit.schema.json"
    )


def test_committed_schema_is_pretty_printed_ascii() -> None:
    """The committed file is indented JSON, ASCII only, with one final newline."""
    raw = COMMITTED.read_bytes()
    assert raw.isascii()
    assert raw.endswith(b"}\n")
    assert b'\n  "$defs": {\n' in raw
    assert json.loads(raw) == SCHEMA


def test_every_model_field_is_a_property_with_its_doc() -> None:
    """Each attrs field is a property described by its field doc; required as declared."""
    for cls in MODEL_CLASSES:
        definition = SCHEMA["$defs"][cls.__name__]
        assert definition["additionalProperties"] is False
        names = [key_of(a) for a in attrs.fields(cls)]
        assert list(definition["properties"]) == names
        for attribute in attrs.fields(cls):
            prop = definition["properties"][key_of(attribute)]
            assert prop["description"] == spec_of(attribute).doc
        required = [key_of(a) for a in attrs.fields(cls) if spec_of(a).required]
        assert definition.get("required", []) == required


def test_adding_a_field_changes_the_schema() -> None:
    """The schema is generated: a class with one more field gets one more property."""

    @attrs.frozen(kw_only=True)
    class Extended:
        """An Aim with a weight."""

        leader: str = attrs.field(metadata=spec("Id of the leader.", kind="slug"))
        weight: float | None = attrs.field(
            default=None, metadata=spec("How much it counts.", minimum=0, maximum=1)
        )

    attrs.resolve_types(Extended, localns={"Extended": Extended})
    generated = schema._class_schema(Extended)
    assert generated["properties"]["weight"] == {
        "description": "How much it counts.",
        "anyOf": [{"type": "number", "minimum": 0, "maximum": 1}, {"type": "null"}],
    }
    assert generated["required"] == ["leader"]


def test_only_draft_07_keywords_are_used() -> None:
    """No prefixItems, unevaluatedProperties, dependentRequired or other newer keywords."""
    used = {key for node in _subschemas(SCHEMA) for key in node}
    assert used <= DRAFT_07_KEYWORDS, used - DRAFT_07_KEYWORDS


def test_every_ref_is_local_and_resolves() -> None:
    """Every $ref points into the schema itself, at a definition that exists."""
    refs = [node["$ref"] for node in _subschemas(SCHEMA) if "$ref" in node]
    assert refs
    for ref in refs:
        assert ref.startswith("#/$defs/"), ref
        assert ref.removeprefix("#/$defs/") in SCHEMA["$defs"]


def test_every_property_has_a_description() -> None:
    """Editors show a description for every property and every string kind."""
    for definition in SCHEMA["$defs"].values():
        assert definition["description"]
        for prop in definition.get("properties", {}).values():
            assert prop["description"]


def test_nullable_fields_are_exactly_the_optional_values() -> None:
    """null is allowed where the library reads it as absent, and nowhere else."""
    for cls in MODEL_CLASSES:
        for attribute in attrs.fields(cls):
            prop = SCHEMA["$defs"][cls.__name__]["properties"][key_of(attribute)]
            optional_value = type(None) in typing.get_args(attribute.type)
            assert ({"type": "null"} in prop.get("anyOf", [])) is optional_value


# --- patterns -------------------------------------------------------------------------------


def _patterns() -> dict[str, str]:
    return {
        f"{name}: {node['pattern']!r}": node["pattern"]
        for name, definition in SCHEMA["$defs"].items()
        for node in _subschemas(definition)
        if "pattern" in node
    }


PATTERNS = _patterns()


@pytest.mark.parametrize("pattern", PATTERNS.values(), ids=PATTERNS.keys())
def test_patterns_use_only_portable_syntax(pattern: str) -> None:
    """No look-around, back-reference, \\u escape, class shorthand or inline flag."""
    assert not re.search(r"\(\?[=!<]|\\[1-9]|\\[uUpPsSdDwWbBAZz]|\(\?[a-zA-Z]", pattern), pattern


def _unbounded_repeats(parsed: Any) -> Iterator[tuple[Any, Any]]:
    """(repeat item, body) for every unbounded repeat in a parsed pattern, nested ones too."""
    for op, arg in parsed:
        if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT):
            _low, high, body = arg
            if high == sre_parse.MAXREPEAT:
                yield (op, arg), body
            yield from _unbounded_repeats(body)
        elif op == sre_parse.SUBPATTERN:
            yield from _unbounded_repeats(arg[-1])
        elif op == sre_parse.BRANCH:
            for branch in arg[1]:
                yield from _unbounded_repeats(branch)


def _first_set(body: Any) -> set[int] | None:
    """The code points the first element of *body* can match, if it is a literal or class."""
    op, arg = body[0]
    if op == sre_parse.LITERAL:
        return {arg}
    if op == sre_parse.IN and all(kind in (sre_parse.LITERAL,) for kind, _ in arg):
        return {value for _, value in arg}
    if op == sre_parse.SUBPATTERN:
        return _first_set(arg[-1])
    return None


def _matches_any(body: Any, codes: set[int]) -> bool:
    text = "".join(chr(c) for c in codes)
    for op, arg in body:
        if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT):
            if _matches_any(arg[2], codes):
                return True
        elif op == sre_parse.SUBPATTERN:
            if _matches_any(arg[-1], codes):
                return True
        elif op in (sre_parse.IN, sre_parse.ANY, sre_parse.NOT_LITERAL):
            element = re.compile(_unparse_single(op, arg))
            if any(element.fullmatch(c) for c in text):
                return True
    return False


def _unparse_single(op: Any, arg: Any) -> str:
    if op == sre_parse.ANY:
        return "."
    if op == sre_parse.NOT_LITERAL:
        return f"[^{re.escape(chr(arg))}]"
    parts = []
    negate = ""
    for kind, value in arg:
        if kind == sre_parse.NEGATE:
            negate = "^"
        elif kind == sre_parse.LITERAL:
            parts.append(re.escape(chr(value)))
        elif kind == sre_parse.RANGE:
            parts.append(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
    return f"[{negate}{''.join(parts)}]"


@pytest.mark.parametrize("pattern", PATTERNS.values(), ids=PATTERNS.keys())
def test_patterns_cannot_backtrack_catastrophically(pattern: str) -> None:
    """A repeat inside a repeat starts with a separator its body cannot match otherwise.

    That makes every way of matching unambiguous, so a backtracking engine tries each
    position once: linear time. Then 10 kB adversarial strings are matched (no timing is
    asserted; a catastrophic pattern would hang the test).
    """
    for _item, body in _unbounded_repeats(sre_parse.parse(pattern)):
        if not list(_unbounded_repeats(body)):
            continue
        first = _first_set(body)
        assert first is not None, f"nested repeat without a separator in {pattern!r}"
        assert not _matches_any(body[1:], first), f"ambiguous nested repeat in {pattern!r}"
    compiled = re.compile(pattern)
    for attack in ("a" * 10_000 + "!", "a-" * 5_000 + "!", "x:" + "a." * 5_000 + "-", " " * 10_000):
        compiled.search(attack)


@pytest.mark.parametrize("kind", [k for k in STRING_KINDS.values() if k.pattern is not None])
def test_schema_patterns_mean_what_the_library_patterns_mean(kind: Any) -> None:
    """Written with literal characters, each pattern still accepts exactly the same strings."""
    ported = re.compile(schema.portable_pattern(kind.pattern))
    original = re.compile(kind.pattern)
    prefix = {"url": "http://a", "topic": "x:a", "slug": "a", "date": "2025"}.get(kind.name, "")
    for code in [*range(0x3100), 0xFEFF, 0xFFFF, 0x1F600, 0x10FFFF]:
        for text in (chr(code), prefix + chr(code), prefix + chr(code) + "a"):
            assert bool(ported.search(text)) == bool(original.search(text)), (kind.name, text)


def test_portable_pattern_keeps_escapes_of_regex_syntax() -> None:
    """An escape of a character with a meaning (\\x2d is '-') stays an escape."""
    assert schema.portable_pattern(r"[\x2d\x41\u3000]") == "[\\x2dA\u3000]"
    assert schema.portable_pattern("a\\") == "a\\"
    assert schema.portable_pattern(r"\u12") == r"\u12"


# --- writing --------------------------------------------------------------------------------


def test_write_schema_writes_the_text(tmp_path: Path) -> None:
    """write_schema writes exactly schema_text()."""
    target = tmp_path / "summit.schema.json"
    schema.write_schema(target)
    assert target.read_text("ascii") == schema.schema_text()


def test_write_schema_keeps_the_old_file_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the final rename fails, the old file is untouched and no temporary is left."""
    target = tmp_path / "summit.schema.json"
    target.write_text("old", "utf-8")

    def fail(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        schema.write_schema(target)
    assert target.read_text("utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["summit.schema.json"]


# --- agreement ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_examples_are_accepted_by_both(path: Path) -> None:
    """Every example document is valid for the schema and for the library."""
    document = json.loads(path.read_text("utf-8"))
    assert list(VALIDATOR.iter_errors(document)) == []
    assert summitlib.validate(document).ok


@attrs.frozen(eq=False)
class Site:
    """One field of one record in a document: where a mutation can happen."""

    path: str
    record: dict[str, Any]
    attribute: attrs.Attribute[Any]

    @property
    def nullable(self) -> bool:
        return self.attribute.default is None

    @property
    def required(self) -> bool:
        return spec_of(self.attribute).required

    @property
    def key(self) -> str:
        return key_of(self.attribute)


def _value_type(tp: Any) -> Any:
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    return args[0] if typing.get_origin(tp) is not tuple and len(args) == 1 else tp


def sites(record: dict[str, Any], cls: type, path: str = "$") -> Iterator[Site]:
    """Every field site of *record* (of class *cls*) and of the records inside it."""
    for attribute in attrs.fields(cls):
        yield Site(path, record, attribute)
        value = record.get(key_of(attribute))
        tp = _value_type(attribute.type)
        if typing.get_origin(tp) is tuple:
            (item,) = typing.get_args(tp)[:1]
            if attrs.has(item) and item is not summitlib.PartialDate:
                for index, child in enumerate(value or []):
                    yield from sites(child, item, f"{path}.{key_of(attribute)}[{index}]")
        elif attrs.has(tp) and tp is not summitlib.PartialDate and isinstance(value, dict):
            yield from sites(value, tp, f"{path}.{key_of(attribute)}")


BAD_STRINGS: dict[str, list[Any]] = {
    "text": ["", " ", "\u3000\t", "\ufeff", "\x1c\x85", "x" * 20_001],
    "slug": ["Bad", "a--b", "-a", "a-", "a b", "ä", "", "a" * 101],
    "country": ["us", "XX", "USA", "", "U"],
    "topic": ["cap", "Cap:1", "x:", "cap:22", "cap:19.1", ":1", "x:" + "a" * 99],
    "url": ["ftp://x", "http://", "http://a b", "https://a\ufeffb", "http://a\x85", "x"],
    "date": ["2025-13", "25", "2025-1-01", "2025/01/01", "2025-00", "", "２０２５"],
}
WRONG_TYPES: list[Any] = [1, 2.5, "x", True, None, [], {}, ["x"], {"a": 1}]


def _accepts_type(tp: Any, value: Any, nullable: bool) -> bool:
    if value is None:
        return nullable
    if typing.get_origin(tp) is tuple:
        return type(value) is list
    if tp is float:
        return type(value) in (int, float)
    if tp is int:
        return type(value) is int
    if tp is bool:
        return type(value) is bool
    if attrs.has(tp) and tp is not summitlib.PartialDate:
        return type(value) is dict
    return type(value) is str


def mutations(site: Site) -> list[tuple[str, Callable[[], None]]]:
    """The near-miss mutations possible at *site*: (name, apply in place)."""
    record, name, spec = site.record, site.key, spec_of(site.attribute)
    tp = _value_type(site.attribute.type)
    out: list[tuple[str, Callable[[], None]]] = []

    def setter(value: Any) -> Callable[[], None]:
        return lambda: record.__setitem__(name, value)

    out.append(("unknown key", lambda: record.__setitem__(f"{name}_extra", 1)))
    if site.required:
        out.append(("missing field", lambda: record.pop(name, None)))
    if not site.nullable:
        out.append(("null in a required field", setter(None)))
    for value in WRONG_TYPES:
        if not _accepts_type(tp, value, site.nullable):
            out.append((f"wrong type {value!r}", setter(value)))
    if tp is float:
        low, high = spec.minimum, spec.maximum
        assert low is not None
        assert high is not None
        for value in (math.nextafter(low, -math.inf), math.nextafter(high, math.inf), 2**64):
            out.append((f"out of range {value!r}", setter(value)))
        out.append(("bool where a number belongs", setter(True)))
        out.append(("bool where a number belongs", setter(False)))
    item = typing.get_args(tp)[0] if typing.get_origin(tp) is tuple else tp
    if tp is int:
        low = spec.minimum
        assert low is not None
        out.append((f"out of range {low - 1!r}", setter(int(low) - 1)))
        out.append(("a fraction where an integer belongs", setter(low + 0.5)))
    if spec.enum is not None:
        for value in ("", " 1.0", "1.0.0"):
            out.append((f"not one of the choices {value!r}", setter(value)))
    elif spec.kind is not None:
        for value in BAD_STRINGS[spec.kind]:
            if item is tp:
                out.append((f"bad {spec.kind} {value!r}", setter(value)))
            else:
                out.append((f"bad {spec.kind} item {value!r}", setter([value])))
    if isinstance(item, type) and issubclass(item, enum.Enum):
        for value in ("Held", "other", ""):
            bad: Any = value if item is tp else [value]
            out.append((f"bad enum {value!r}", setter(bad)))
    if typing.get_origin(tp) is tuple:
        if spec.min_items:
            out.append(("too few items", setter([])))
        out.append(("wrong item type", setter([5])))
    return out


def _with_explicit_nulls(document: dict[str, Any]) -> dict[str, Any]:
    """The document with every absent optional value written as an explicit null."""
    copied = copy.deepcopy(document)
    for site in sites(copied, Summit):
        if site.nullable and site.key not in site.record:
            site.record[site.key] = None
    return copied


AGREEMENT_DOCUMENTS = strategies.summit_documents(
    max_leaders=2,
    max_focus_areas=2,
    max_goals=2,
    max_tactics=1,
    max_recommendations=1,
    max_sources=2,
    max_text_size=6,
)


@settings(
    max_examples=AGREEMENT_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(AGREEMENT_DOCUMENTS, st.data())
def test_schema_and_library_agree_on_valid_and_near_miss_documents(
    document: dict[str, Any], data: st.DataObject
) -> None:
    """Both accept generated valid documents; both reject each one-mutation near-miss.

    The library also names the mutated field (or a place inside it) in its problems.
    """
    for valid in (document, _with_explicit_nulls(document)):
        assert schema_accepts(valid), list(VALIDATOR.iter_errors(valid))[:1]
        assert library_accepts(valid), summitlib.validate(valid).problems
    for _ in range(2):
        near_miss = copy.deepcopy(document)
        site = data.draw(st.sampled_from(list(sites(near_miss, Summit))), label="site")
        label, apply = data.draw(st.sampled_from(mutations(site)), label="mutation")
        apply()
        where = f"{key_path(site.path, site.key)} ({label})"
        assert not schema_accepts(near_miss), where
        report = summitlib.validate(near_miss)
        assert not report.ok, where
        field_path = key_path(site.path, site.key)
        extra = key_path(site.path, f"{site.key}_extra")
        assert any(p.path.startswith((field_path, extra)) for p in report.problems), (
            where,
            report,
        )


def test_a_schema_key_is_accepted_in_format_1_1() -> None:
    """A 1.1 document may name its schema with "$schema" for editors; both accept it."""
    document = {"$schema": "./schemas/summit.schema.json", **_alaska(), "schema_version": "1.1"}
    assert schema_accepts(document)
    assert summitlib.validate(document).ok


def test_a_1_1_key_in_a_1_0_document_is_a_version_problem() -> None:
    """The schema cannot tie keys to a version (a listed difference); the library does."""
    document = {"$schema": "./schemas/summit.schema.json", **_alaska()}
    assert document["schema_version"] == "1.0"
    assert schema_accepts(document)
    assert [(p.path, p.code) for p in summitlib.validate(document).problems] == [
        ("$['$schema']", "version")
    ]


# --- numbers and strings: the documented policy ---------------------------------------------


def _with_goal_value(key: str, value: Any) -> dict[str, Any]:
    document = _alaska()
    document["agendas"][0]["goals"][0][key] = value
    return document


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        (50, True),
        (50.0, True),
        (0, True),
        (-0.0, True),
        (100, True),
        (1e2, True),
        (0.000001, True),
        (True, False),
        (False, False),
        ("50", False),
        (2**53 + 1, False),
        (2**64, False),
        (-1, False),
        (100.00000000000001, False),
    ],
)
def test_number_policy_is_shared(value: Any, valid: bool) -> None:
    """Integers and floats alike are numbers, booleans never; big integers are out of range."""
    document = _with_goal_value("salience", value)
    assert schema_accepts(document) is valid
    assert library_accepts(document) is valid


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("Владимир Путин", True),
        ("习近平", True),
        ("🇺🇸 🇷🇺", True),
        ("\u00a0x\u00a0", True),
        ("\x00", True),
        ("𝒳" * 20_000, True),
        ("𝒳" * 20_001, False),
        ("", False),
        (" \t\n", False),
        ("\u3000", False),
        ("\ufeff", False),
        ("\x1c\x1d\x1e\x1f\x85", False),
        ("\u2028\u2029", False),
    ],
)
def test_string_policy_is_shared(text: str, valid: bool) -> None:
    """Any Unicode text with one non-whitespace character; lengths in code points."""
    document = _with_goal_value("title", text)
    assert schema_accepts(document) is valid
    assert library_accepts(document) is valid


# --- the listed differences, each pinned ------------------------------------------------------


def _duplicate_id() -> Any:
    document = _alaska()
    document["sources"].append(copy.deepcopy(document["sources"][0]))
    return document


def _reference() -> Any:
    document = _alaska()
    document["agendas"][0]["goals"][0]["focus_area"] = "nowhere"
    return document


def _duplicate_agenda() -> Any:
    document = _alaska()
    extra = copy.deepcopy(document["agendas"][0])
    extra["goals"] = []
    document["agendas"].append(extra)
    return document


def _duplicate_aim() -> Any:
    document = _alaska()
    aims = document["recommendations"][0]["aims"]
    aims.append(copy.deepcopy(aims[0]))
    return document


def _date() -> Any:
    document = _alaska()
    document["start_date"] = "2025-02-30"
    return document


def _year_zero() -> Any:
    document = _alaska()
    document["start_date"] = "0000"
    return document


def _date_order() -> Any:
    document = _alaska()
    document["start_date"], document["end_date"] = "2025-08-15", "2025-08-14"
    return document


def _alaska_text() -> str:
    return (ROOT / "examples" / "alaska-2025.json").read_text("utf-8")


def _duplicate_key() -> Any:
    return _alaska_text().replace('"id": "alaska-2025",', '"id": "alaska-2025",\n  "id": "x",', 1)


def _non_finite() -> Any:
    return re.sub(r'"latitude": [0-9.]+', '"latitude": NaN', _alaska_text(), count=1)


def _encoding() -> Any:
    return _alaska_text().replace('"Vladimir Putin"', '"Vladimir Putin \\ud800"', 1)


def _bom() -> Any:
    return b"\xef\xbb\xbf" + _alaska_text().encode("utf-8")


def _final_newline() -> Any:
    document = _alaska()
    document["id"] = "alaska-2025\n"
    return document


def _v11(document: Any) -> Any:
    document["schema_version"] = "1.1"
    return document


def _version() -> Any:
    document = _alaska()
    document["leaders"][0]["capability"] = 60
    return document


def _party() -> Any:
    document = _v11(_alaska())
    del document["leaders"][0]["country"]
    return document


def _page() -> Any:
    document = _v11(_alaska())
    document["sources"][0]["pages"] = 10
    source = document["sources"][0]["id"]
    document["agendas"][0]["goals"][0]["citations"] = [{"source": source, "page": 11}]
    return document


def _scale() -> Any:
    document = _v11(_alaska())
    document["agendas"][1]["goals"][0]["bottom_line"] = 30
    return document


def _date_range() -> Any:
    document = _v11(_alaska())
    final = {"stage": "final", "value": 20, "date": "2024-01-01"}
    document["agendas"][0]["goals"][0]["positions"] = [final]
    return document


#: code → documents the schema accepts and the library rejects with that code.
PINNED: dict[str, list[Callable[[], Any]]] = {
    "duplicate-id": [_duplicate_id],
    "reference": [_reference],
    "duplicate-agenda": [_duplicate_agenda],
    "duplicate-aim": [_duplicate_aim],
    "date": [_date, _year_zero],
    "date-order": [_date_order],
    "version": [_version],
    "party": [_party],
    "page": [_page],
    "scale": [_scale],
    "date-range": [_date_range],
    "duplicate-key": [_duplicate_key],
    "non-finite": [_non_finite],
    "encoding": [_encoding, _bom],
    "pattern": [_final_newline],
}
PINNED_CASES = [(code, make) for code, makers in PINNED.items() for make in makers]


def _python_json(document: Any) -> Any:
    """What a permissive JSON parser (Python's json) makes of the document."""
    if isinstance(document, bytes):
        return json.loads(document)
    if isinstance(document, str):
        return json.loads(document)
    return document


@pytest.mark.parametrize(
    ("code", "make"), PINNED_CASES, ids=[f"{c}-{m.__name__}" for c, m in PINNED_CASES]
)
def test_listed_difference_schema_accepts_library_rejects(
    code: str, make: Callable[[], Any]
) -> None:
    """Each listed difference: the schema accepts the document, summitlib reports the code."""
    document = make()
    assert schema_accepts(_python_json(document))
    codes = {problem.code for problem in summitlib.validate(document).problems}
    assert code in codes, codes


def test_too_large_documents_are_a_listed_difference(monkeypatch: pytest.MonkeyPatch) -> None:
    """The size limit is the library's: a valid document over it is rejected (limit lowered)."""
    text = _alaska_text()
    monkeypatch.setattr(_json, "MAX_DOCUMENT_BYTES", len(text.encode("utf-8")) - 1)
    assert schema_accepts(json.loads(text))
    assert [p.code for p in summitlib.validate(text.encode("utf-8")).problems] == ["too-large"]


def test_every_listed_difference_is_pinned_and_documented() -> None:
    """Each DIFFERENCES entry has pinning tests, and appears in the schema and docs/schema.md."""
    pinned = {*PINNED, "too-large"}
    docs = DOCS.read_text("utf-8")
    for codes, text in schema.DIFFERENCES:
        for code in codes.split(", "):
            assert code in pinned, code
            assert code in summitlib.PROBLEM_CODES, code
            assert f"`{code}`" in docs, code
        assert text in SCHEMA["description"]
    listed = {code for codes, _ in schema.DIFFERENCES for code in codes.split(", ")}
    assert pinned <= listed


def test_the_page_examples_print_what_they_show(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Python blocks of docs/schema.md run and print their shown output."""
    spec = importlib.util.spec_from_file_location(
        "summitlib_docs_run_blocks_for_schema", ROOT / "docs" / "_scripts" / "run_blocks.py"
    )
    assert spec is not None
    assert spec.loader is not None
    run_blocks = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = run_blocks
    spec.loader.exec_module(run_blocks)
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    assert run_blocks.run_page(DOCS, strict=False) >= 2
