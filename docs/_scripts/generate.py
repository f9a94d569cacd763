"""Regenerate the generated parts of the documentation.

Run from the repository root::

    python docs/_scripts/generate.py           # rewrite the generated blocks
    python docs/_scripts/generate.py --check   # exit 1 if any page is out of date

A generated block sits between two HTML comments in a page::

    <!-- BEGIN GENERATED model -->
    ...
    <!-- END GENERATED model -->

Everything between them is rebuilt from the source of truth: the field metadata of the
model classes (docs/model.md), :data:`summitlib.PROBLEM_CODES` with an example that is
run through :func:`summitlib.validate` (docs/validation.md), and the committed schema
``schemas/summit.schema.json`` (docs/reference/schema.md). ``tests/test_docs.py`` fails
when a page differs from what this script would write.
"""

from __future__ import annotations

import ast
import copy
import enum
import inspect
import itertools
import json
import re
import sys
import typing
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

import summitlib
from summitlib import model
from summitlib._convert import MODEL_CLASSES
from summitlib._json import MAX_DEPTH, MAX_DOCUMENT_BYTES
from summitlib._meta import MAX_TEXT_LENGTH, STRING_KINDS, spec_of

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "alaska-2025.json"
SCHEMA = ROOT / "schemas" / "summit.schema.json"
COMMAND = "python docs/_scripts/generate.py"

_BLOCK = re.compile(
    r"(<!-- BEGIN GENERATED (?P<name>[a-z-]+) -->\n)"
    r"(?P<body>.*?)"
    r"(<!-- END GENERATED (?P=name) -->)",
    re.DOTALL,
)


def _cell(text: str) -> str:
    """Make *text* safe inside a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def _code(text: str) -> str:
    """Inline code that survives backticks in *text*.

    Pipes stay as they are: Python-Markdown's tables do not split cells inside code spans.
    """
    fence = "``" if "`" in text else "`"
    pad = " " if "`" in text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


# --- the data model ----------------------------------------------------------------------


def _member_docs(cls: type[enum.Enum]) -> dict[str, str]:
    """The docstrings written under each member of *cls* (Python keeps none at run time)."""
    tree = ast.parse(inspect.getsource(cls))
    body = tree.body[0].body if isinstance(tree.body[0], ast.ClassDef) else []
    docs: dict[str, str] = {}
    for statement, following in itertools.pairwise(body):
        if (
            isinstance(statement, ast.Assign)
            and isinstance(statement.targets[0], ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[statement.targets[0].id] = inspect.cleandoc(following.value.value)
    return docs


def _anchor(cls: type) -> str:
    return cls.__name__.lower()


def _type_text(tp: Any) -> str:
    origin = typing.get_origin(tp)
    if origin is typing.Union or (origin is not None and origin.__name__ == "UnionType"):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _type_text(args[0])
    if origin is tuple:
        return f"array of {_type_text(typing.get_args(tp)[0])}"
    if tp is str:
        return "string"
    if tp is float:
        return "number"
    if tp is int:
        return "integer"
    if tp is bool:
        return "boolean"
    if tp is model.PartialDate:
        return "string (date)"
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return f"string: [{tp.__name__}](#{_anchor(tp)})"
    if attrs.has(tp):
        return f"[{tp.__name__}](#{_anchor(tp)})"
    raise TypeError(f"no documentation type for {tp!r}")


def _constraints(attribute: attrs.Attribute[Any]) -> list[str]:
    spec = spec_of(attribute)
    notes = []
    if spec.enum is not None:
        notes.append("One of " + ", ".join(_code(json.dumps(v)) for v in spec.enum) + ".")
    if spec.kind is not None:
        kind = STRING_KINDS[spec.kind]
        text = kind.description[0].upper() + kind.description[1:]
        if kind.pattern is not None and kind.name in ("slug", "topic"):
            text += f" ({_code(kind.pattern)})"
        notes.append(f"{text}; at most {kind.max_length:,} characters.")
    if spec.minimum is not None and spec.maximum is not None:
        notes.append(f"From {spec.minimum:g} to {spec.maximum:g}.")
    if spec.min_items:
        notes.append(f"At least {spec.min_items} item{'s' if spec.min_items > 1 else ''}.")
    return notes


def _default_text(attribute: attrs.Attribute[Any]) -> str:
    default = attribute.default
    if default is attrs.NOTHING:
        return "yes"
    if isinstance(default, enum.Enum):
        return f"no (default {_code(json.dumps(default.value))})"
    return "no"


def model_reference() -> str:
    """Field tables of every model class and the values of every enumeration."""
    out = []
    for cls in MODEL_CLASSES:
        attrs.resolve_types(cls)
        out.append(f"### {cls.__name__} {{#{_anchor(cls)}}}\n")
        out.append(inspect.cleandoc(cls.__doc__ or "") + "\n")
        out.append("| Field | Type | Required | Description |")
        out.append("|---|---|---|---|")
        for attribute in attrs.fields(cls):
            spec = spec_of(attribute)
            description = " ".join([spec.doc, *_constraints(attribute)])
            out.append(
                f"| `{attribute.name}` | {_type_text(attribute.type)} "
                f"| {_default_text(attribute)} | {_cell(description)} |"
            )
        out.append("")
    for enum_cls in (model.Status, model.Confidence, model.TacticCategory):
        out.append(f"### {enum_cls.__name__} {{#{_anchor(enum_cls)}}}\n")
        out.append(inspect.cleandoc(enum_cls.__doc__ or "") + "\n")
        docs = _member_docs(enum_cls)
        if docs:
            out.append("| Value | Meaning |")
            out.append("|---|---|")
            for member in enum_cls:
                out.append(f"| `{member.value}` | {_cell(docs.get(member.name, ''))} |")
        else:
            values = ", ".join(f"`{member.value}`" for member in enum_cls)
            out.append(f"Values: {values}.")
        out.append("")
    return "\n".join(out)


# --- problem codes -----------------------------------------------------------------------


def _seed() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    return data


_STEP = re.compile(r"\.([a-z_]+)|\[([0-9]+)\]")


def _steps(path: str) -> list[str | int]:
    if not path.startswith("$"):
        raise ValueError(f"not a JSON path: {path!r}")
    steps: list[str | int] = []
    for match in _STEP.finditer(path, 1):
        steps.append(match.group(1) if match.group(1) else int(match.group(2)))
    return steps


def changed(
    path: str, value: Any = ..., *, delete: bool = False, version: str | None = None
) -> dict[str, Any]:
    """The seed document with the value at *path* replaced (or deleted).

    *version*, when given, is the document's schema_version (for keys new in 1.1).
    """
    data = copy.deepcopy(_seed())
    if version is not None:
        data["schema_version"] = version
    *parents, last = _steps(path)
    target: Any = data
    for step in parents:
        target = target[step]
    if delete:
        del target[last]
    else:
        target[last] = value
    return data


@attrs.frozen
class Example:
    """One documented way to get a problem code, and the input that really produces it."""

    code: str
    text: str
    make: Callable[[], object]


def _cited_page(page: int) -> dict[str, Any]:
    data = changed("$.sources[0].pages", 10, version="1.1")
    data["agendas"][0]["goals"][0]["citations"] = [
        {"source": data["sources"][0]["id"], "page": page}
    ]
    return data


EXAMPLES: tuple[Example, ...] = (
    Example("syntax", 'The text `{"id": "alaska-2025",}`', lambda: '{"id": "alaska-2025",}'),
    Example(
        "encoding",
        'The bytes `{"title": "\\xff"}` (0xFF is never UTF-8)',
        lambda: b'{"title": "\xff"}',
    ),
    Example("non-finite", 'The text `{"latitude": NaN}`', lambda: '{"latitude": NaN}'),
    Example("duplicate-key", 'The text `{"id": "a", "id": "b"}`', lambda: '{"id": "a", "id": "b"}'),
    Example(
        "too-deep",
        f"{MAX_DEPTH + 1:,} nested arrays: `[[[…]]]`",
        lambda: "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1),
    ),
    Example(
        "too-large",
        f"A text of {MAX_DOCUMENT_BYTES + 1:,} characters",
        lambda: " " * (MAX_DOCUMENT_BYTES + 1),
    ),
    Example("type", "`$.leaders[0].name` set to `42`", lambda: changed("$.leaders[0].name", 42)),
    Example("required", "`$.title` removed", lambda: changed("$.title", delete=True)),
    Example(
        "unknown-key",
        '`$.leaders[0].nickname` set to `"Vova"`',
        lambda: changed("$.leaders[0].nickname", "Vova"),
    ),
    Example(
        "version", '`$.schema_version` set to `"2.0"`', lambda: changed("$.schema_version", "2.0")
    ),
    Example("blank", '`$.title` set to `" "`', lambda: changed("$.title", " ")),
    Example(
        "length",
        f"`$.summary` set to {MAX_TEXT_LENGTH + 1:,} letters",
        lambda: changed("$.summary", "x" * (MAX_TEXT_LENGTH + 1)),
    ),
    Example("pattern", '`$.id` set to `"Alaska 2025"`', lambda: changed("$.id", "Alaska 2025")),
    Example(
        "enum",
        '`$.leaders[0].country` set to `"QQ"` (no country has that code)',
        lambda: changed("$.leaders[0].country", "QQ"),
    ),
    Example(
        "range",
        "`$.agendas[0].goals[0].salience` set to `140`",
        lambda: changed("$.agendas[0].goals[0].salience", 140),
    ),
    Example("min-items", "`$.leaders` set to `[]`", lambda: changed("$.leaders", [])),
    Example(
        "date",
        '`$.start_date` set to `"2025-02-30"`',
        lambda: changed("$.start_date", "2025-02-30"),
    ),
    Example(
        "duplicate-id",
        '`$.focus_areas[1].id` set to `"arctic-resources"`, the id of the first',
        lambda: changed("$.focus_areas[1].id", "arctic-resources"),
    ),
    Example(
        "reference",
        '`$.agendas[0].goals[0].focus_area` set to `"ukraine"`',
        lambda: changed("$.agendas[0].goals[0].focus_area", "ukraine"),
    ),
    Example(
        "duplicate-agenda",
        '`$.agendas[1].leader` set to `"trump"`, the leader of the first agenda',
        lambda: changed("$.agendas[1].leader", "trump"),
    ),
    Example(
        "duplicate-aim",
        '`$.recommendations[0].aims[1].leader` set to `"putin"`, like the first aim',
        lambda: changed("$.recommendations[0].aims[1].leader", "putin"),
    ),
    Example(
        "date-order",
        '`$.end_date` set to `"2025-08-14"`, the day before the start',
        lambda: changed("$.end_date", "2025-08-14"),
    ),
    Example(
        "topic",
        '`$.focus_areas[0].topic` set to `"cap:11"` (CAP has no major topic 11)',
        lambda: changed("$.focus_areas[0].topic", "cap:11"),
    ),
    Example(
        "party",
        "`$.leaders[0].country` removed, with no `organization` either",
        lambda: changed("$.leaders[0].country", delete=True, version="1.1"),
    ),
    Example(
        "page",
        "A citation of page 12 of a source whose `pages` is 10",
        lambda: _cited_page(12),
    ),
    Example(
        "scale",
        "`$.agendas[1].goals[0].bottom_line` set on a focus area without a scale",
        lambda: changed("$.agendas[1].goals[0].bottom_line", 30, version="1.1"),
    ),
    Example(
        "date-range",
        'A final position dated `"2024-01-01"`, before the summit',
        lambda: changed(
            "$.agendas[0].goals[0].positions",
            [{"stage": "final", "value": 20, "date": "2024-01-01"}],
            version="1.1",
        ),
    ),
)


def problem_for(example: Example) -> summitlib.Problem:
    """Run *example* through :func:`summitlib.validate`; return its problem of that code."""
    for problem in summitlib.validate(example.make()):
        if problem.code == example.code:
            return problem
    raise AssertionError(f"the documented example for {example.code!r} does not produce it")


def problem_code_table() -> str:
    """One row per problem code: its meaning, an example input and what it reports."""
    documented = [example.code for example in EXAMPLES]
    missing = [code for code in summitlib.PROBLEM_CODES if code not in documented]
    unknown = [code for code in documented if code not in summitlib.PROBLEM_CODES]
    if missing or unknown or len(set(documented)) != len(documented):
        raise AssertionError(
            f"EXAMPLES in docs/_scripts/generate.py must hold one example per problem code; "
            f"missing {missing}, unknown {unknown}"
        )
    order = list(summitlib.PROBLEM_CODES)
    out = [
        "| Code | Meaning | Example | What `validate` reports |",
        "|---|---|---|---|",
    ]
    for example in sorted(EXAMPLES, key=lambda e: order.index(e.code)):
        problem = problem_for(example)
        reported = f"{problem.path}: {problem.message}"
        if len(reported) > 160:
            reported = reported[:157] + "..."
        out.append(
            f"| `{example.code}` | {_cell(summitlib.PROBLEM_CODES[example.code])} "
            f"| {_cell(example.text)} | {_code(reported)} |"
        )
    return "\n".join(out) + "\n"


# --- limits ------------------------------------------------------------------------------


_KIND_LABELS = {
    "slug": "Identifier",
    "country": "Country code",
    "topic": "Topic code",
    "url": "URL",
}


def limits_table() -> str:
    """The limits on documents, read from the constants the library enforces."""
    mib = MAX_DOCUMENT_BYTES / 2**20
    rows = [
        ("Document size", f"{MAX_DOCUMENT_BYTES:,} bytes ({mib:g} MiB)", "too-large"),
        ("Nesting depth", f"{MAX_DEPTH:,} levels of arrays and objects", "too-deep"),
        ("Text (`text`)", f"{MAX_TEXT_LENGTH:,} characters", "length"),
    ]
    for kind in STRING_KINDS.values():
        if kind.max_length != MAX_TEXT_LENGTH:
            what = f"{_KIND_LABELS.get(kind.name, kind.name.capitalize())} (`{kind.name}`)"
            rows.append((what, f"{kind.max_length:,} characters", "length"))
    out = ["| What | Limit | Problem code |", "|---|---|---|"]
    for what, limit, code in rows:
        out.append(f"| {what} | {limit} | `{code}` |")
    return "\n".join(out) + "\n"


# --- hypothesis strategies -----------------------------------------------------------------


def strategies_table() -> str:
    """Every public strategy with its signature and the first line of its docstring."""
    from summitlib import strategies

    out = ["| Strategy | Generates |", "|---|---|"]
    for name in sorted(strategies.__all__):
        function = getattr(strategies, name)
        if inspect.isclass(function):
            continue  # StrategyError: not a strategy
        # hypothesis' composite strategies keep the user-facing signature on the wrapper.
        signature = str(inspect.signature(function)).split(" -> ")[0].replace("'", "")
        summary = inspect.getdoc(function) or ""
        out.append(f"| {_code(name + signature)} | {_cell(summary.splitlines()[0])} |")
    return "\n".join(out) + "\n"


# --- the schema reference ----------------------------------------------------------------


def _schema_type(node: dict[str, Any]) -> str:
    """The type of a schema node in words, with links to the definitions it refers to."""
    if "$ref" in node:
        name = str(node["$ref"]).rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    options = node.get("anyOf", node.get("oneOf"))
    if options is not None:
        return " or ".join(_schema_type(option) for option in options)
    kind = node.get("type")
    if kind == "array":
        items = node.get("items")
        return f"array of {_schema_type(items)}" if isinstance(items, dict) else "array"
    if isinstance(kind, list):
        return " or ".join(str(k) for k in kind)
    return str(kind) if kind is not None else "any value"


def _visible(pattern: str) -> str:
    """Write invisible characters of a pattern as ``\\xNN`` or ``\\uNNNN`` escapes."""
    out = []
    for char in pattern:
        if char == " " or unicodedata.category(char)[0] not in "ZC":
            out.append(char)
        elif ord(char) <= 0xFF:
            out.append(f"\\x{ord(char):02x}")
        else:
            out.append(f"\\u{ord(char):04x}")
    return "".join(out)


def _paragraphs(text: str) -> str:
    """Markdown for plain text whose lists may lack the blank line Markdown needs."""
    lines: list[str] = []
    for line in text.strip().splitlines():
        if line.startswith("- ") and lines and lines[-1] and not lines[-1].startswith("- "):
            lines.append("")
        lines.append(line)
    return "\n".join(lines)


def _values(values: list[Any]) -> str:
    if len(values) > 12:
        shown = ", ".join(_code(json.dumps(v, ensure_ascii=False)) for v in values[:5])
        return f"one of {len(values)} values ({shown}, …)"
    return "one of " + ", ".join(_code(json.dumps(v, ensure_ascii=False)) for v in values)


def _schema_constraints(node: dict[str, Any]) -> list[str]:
    """Every constraint a schema node states, in words, each with its keyword's value."""
    out = []
    if "const" in node:
        out.append(f"always {_code(json.dumps(node['const'], ensure_ascii=False))}")
    if "enum" in node:
        out.append(_values(node["enum"]))
    if "minLength" in node or "maxLength" in node:
        low, high = node.get("minLength", 0), node.get("maxLength")
        out.append(
            f"{low:,}" + (f" to {high:,}" if high is not None else " or more") + " characters"
        )
    if "pattern" in node:
        out.append(f"pattern {_code(_visible(node['pattern']))}")
    if "minimum" in node or "maximum" in node:
        low, high = node.get("minimum"), node.get("maximum")
        if low is not None and high is not None:
            out.append(f"from {low:g} to {high:g}")
        else:
            out.append(f"at least {low:g}" if low is not None else f"at most {high:g}")
    if "minItems" in node:
        count = node["minItems"]
        out.append(f"at least {count} item{'s' if count != 1 else ''}")
    if "maxItems" in node:
        out.append(f"at most {node['maxItems']} items")
    if node.get("uniqueItems"):
        out.append("items unique")
    for condition in node.get("allOf", []):
        if "if" in condition and "then" in condition:
            when = ", ".join(_schema_constraints(condition["if"]))
            then = ", ".join(_schema_constraints(condition["then"]))
            out.append(f"if it has {when}: {then}")
    for option in node.get("anyOf", node.get("oneOf", [])):
        out.extend(_schema_constraints(option))
    items = node.get("items")
    if isinstance(items, dict) and "$ref" not in items:
        out.extend(f"each item: {text}" for text in _schema_constraints(items))
    known = {"description", "title", "type", "$ref", "items", "anyOf", "oneOf", "allOf"}
    known |= {"const", "enum", "minLength", "maxLength", "pattern", "minimum", "maximum"}
    known |= {"minItems", "maxItems", "uniqueItems", "properties", "required"}
    known |= {"additionalProperties", "$comment", "examples", "default"}
    unknown = sorted(set(node) - known)
    if unknown:
        raise ValueError(f"the schema reference does not describe the keywords {unknown}")
    return out


def _schema_definition(name: str, definition: dict[str, Any], out: list[str]) -> None:
    out.append(f"### {name} {{#{name.lower()}}}\n")
    if "description" in definition:
        text = str(definition["description"])
        out.append(text[0].upper() + text[1:] + ("" if text.endswith(".") else ".") + "\n")
    properties = definition.get("properties")
    if properties is None:
        facts = [f"Type: {_schema_type(definition)}", *_schema_constraints(definition)]
        out.append("; ".join(facts) + ".\n")
        return
    required = set(definition.get("required", []))
    out.append("| Property | Type | Required | Constraints | Description |")
    out.append("|---|---|---|---|---|")
    for key, prop in properties.items():
        cells = [
            f"`{key}`",
            _cell(_schema_type(prop)),
            "yes" if key in required else "no",
            _cell("; ".join(_schema_constraints(prop)) or "—"),
            _cell(str(prop.get("description", ""))),
        ]
        out.append(f"| {' | '.join(cells)} |")
    if definition.get("additionalProperties") is False:
        out.append("\nNo other properties are allowed.")
    out.append("")


def schema_reference() -> str:
    """Every definition of the committed schema, with its properties and their constraints."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    out = [
        "| Keyword | Value |",
        "|---|---|",
        f"| `$schema` | `{schema.get('$schema', '')}` |",
        f"| `$id` | `{schema.get('$id', '')}` |",
        f"| `title` | {_cell(str(schema.get('title', '')))} |",
        f"| The document | {_schema_type(schema)} |",
        "",
        "### What the schema says of itself {#description}\n",
        _paragraphs(str(schema.get("description", ""))),
        "",
    ]
    for name, definition in schema.get("$defs", {}).items():
        _schema_definition(name, definition, out)
    return "\n".join(out)


# --- tidy tables ---------------------------------------------------------------------------


def tables_reference() -> str:
    """Every tidy table with its columns' types, nullability and docs."""
    from summitlib import table

    parts = []
    for name, columns in table.TABLES.items():
        lines = [f"### `{name}`", "", "| column | type | null | meaning |", "|---|---|---|---|"]
        for c in columns:
            null = "no" if c.required else "yes"
            lines.append(f"| `{c.name}` | {c.type} | {null} | {c.doc} |")
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


# --- pages ---------------------------------------------------------------------------------

GENERATORS: dict[str, Callable[[], str]] = {
    "model": model_reference,
    "problem-codes": problem_code_table,
    "limits": limits_table,
    "strategies": strategies_table,
    "schema": schema_reference,
    "tables": tables_reference,
}

PAGES = (
    "docs/model.md",
    "docs/validation.md",
    "docs/limits.md",
    "docs/strategies.md",
    "docs/reference/schema.md",
    "docs/tables.md",
)


def render(text: str) -> str:
    """Return *text* with every generated block rebuilt."""

    def replace(match: re.Match[str]) -> str:
        body = GENERATORS[match.group("name")]().rstrip("\n") + "\n"
        return match.group(1) + "\n" + body + "\n" + match.group(4)

    return _BLOCK.sub(replace, text)


def blocks(text: str) -> list[str]:
    """The names of the generated blocks in *text*."""
    return [match.group("name") for match in _BLOCK.finditer(text)]


def stale_pages() -> list[str]:
    """The pages whose generated blocks are out of date."""
    stale = []
    for page in PAGES:
        path = ROOT / page
        if path.exists():
            text = path.read_text(encoding="utf-8")
            if render(text) != text:
                stale.append(page)
    return stale


def main(argv: list[str]) -> int:
    """Rewrite the generated blocks, or with ``--check`` only report stale pages."""
    if "--check" in argv:
        stale = stale_pages()
        for page in stale:
            print(f"{page} is out of date: run {COMMAND}")
        return 1 if stale else 0
    for page in PAGES:
        path = ROOT / page
        if path.exists():
            text = path.read_text(encoding="utf-8")
            new = render(text)
            if new != text:
                path.write_text(new, encoding="utf-8")
                print(f"rewrote {page}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
