"""Write the hostile-input corpus: case files under ``cases/`` and ``expected.json``.

Run ``python tests/data/hostile/make_corpus.py`` after changing a case; the test suite
checks that the committed files equal what this script writes. Cases too big to commit
(deep nesting, multi-megabyte strings and arrays) are built in memory by
:func:`generated_cases`, which the tests import.

Each expectation is stated here, by hand, never read back from summitlib:

* JSON-level cases mark the offending character with ``<@>`` in the source below; the
  marker is removed and its line and column (1-based, in characters) are recorded;
* shape and rule cases name the problem's JSON path and code; the document is the small
  valid document :func:`base` with one change;
* ``{"ok": true}`` marks valid documents that look hostile but are not.
"""

from __future__ import annotations

import copy
import json
import random
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
EXPECTED = HERE / "expected.json"
MARK = b"<@>"

Case = tuple[str, bytes, dict[str, Any]]


def base() -> dict[str, Any]:
    """A small valid document that touches every class and field of the model."""
    return {
        "schema_version": "1.0",
        "id": "test-summit",
        "title": "Test summit",
        "status": "held",
        "start_date": "2025-08-15",
        "end_date": "2025-08-16",
        "location": {
            "name": "Anchorage",
            "locality": "Anchorage",
            "region": "Alaska",
            "country": "US",
            "latitude": 61.25,
            "longitude": -149.8,
        },
        "summary": "A summit.",
        "leaders": [
            {
                "id": "putin",
                "name": "Vladimir Putin",
                "country": "RU",
                "role": "President of Russia",
                "short_name": "Putin",
                "other_names": ["Владимир Путин"],
                "identifiers": [{"scheme": "wikidata", "identifier": "Q7747"}],
            },
            {"id": "trump", "name": "Donald Trump", "country": "US", "role": "President"},
        ],
        "focus_areas": [
            {
                "id": "ukraine",
                "label": "Ukraine",
                "description": "The war.",
                "topic": "cap:19",
                "scale": {"low": "ceasefire first", "high": "settlement first"},
            },
            {"id": "trade", "label": "Trade"},
        ],
        "agendas": [
            {
                "leader": "putin",
                "vision": "Recognition.",
                "goals": [
                    {
                        "id": "putin-ukraine",
                        "focus_area": "ukraine",
                        "title": "Terms",
                        "emphasis": "Settlement first",
                        "details": ["Territory."],
                        "position": 85,
                        "salience": 95,
                        "confidence": "inferred",
                        "sources": ["brief"],
                    }
                ],
                "tactics": [
                    {
                        "element": "Style",
                        "approach": "Measured",
                        "category": "communication",
                        "sources": ["brief"],
                    }
                ],
            },
            {
                "leader": "trump",
                "vision": "A deal.",
                "goals": [{"id": "trump-ukraine", "focus_area": "ukraine", "title": "Ceasefire"}],
            },
        ],
        "recommendations": [
            {
                "id": "ukraine-talks",
                "focus_area": "ukraine",
                "title": "Talks",
                "aims": [
                    {"leader": "putin", "text": "Keep territory"},
                    {"leader": "trump", "text": "Stop the fighting"},
                ],
                "approaches": ["patient diplomacy"],
                "rationale": "Both want talks.",
                "sources": ["brief"],
            }
        ],
        "sources": [
            {
                "id": "brief",
                "title": "Briefing",
                "url": "https://example.org/brief",
                "publisher": "Example",
                "published": "2025-08",
            }
        ],
    }


def _dump(data: Any) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _marked(name: str, source: bytes, code: str) -> Case:
    """A JSON-level case: *source* holds ``<@>`` where the problem is."""
    assert source.count(MARK) == 1, name
    index = source.index(MARK)
    before = source[:index].decode("utf-8")
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    return name, source.replace(MARK, b""), {"code": code, "line": line, "column": column}


def _get(data: Any, path: list[str | int]) -> Any:
    for part in path:
        data = data[part]
    return data


def _parse_path(path: str) -> list[str | int]:
    parts: list[str | int] = []
    for piece in path[2:].replace("[", ".[").split("."):
        if not piece:
            continue
        parts.append(int(piece[1:-1]) if piece.startswith("[") else piece)
    return parts


def _shape(name: str, path: str, code: str, change: Callable[[dict[str, Any]], Any]) -> Case:
    """A shape or rule case: *change* edits a copy of :func:`base` in place."""
    data = base()
    result = change(data)
    if result is not None:
        data = result
    return name, _dump(data), {"code": code, "path": path}


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    parts = _parse_path(path)

    def change(data: dict[str, Any]) -> None:
        _get(data, parts[:-1])[parts[-1]] = copy.deepcopy(value)

    return change


def _delete(path: str) -> Callable[[dict[str, Any]], None]:
    parts = _parse_path(path)

    def change(data: dict[str, Any]) -> None:
        del _get(data, parts[:-1])[parts[-1]]

    return change


# --------------------------------------------------------------------------- JSON level

SYNTAX: list[tuple[str, bytes]] = [
    ("truncated-object", b'{"id": "x"<@>'),
    ("truncated-array", b'{"leaders": [1, 2<@>'),
    ("truncated-string", b'{"id": "abc<@>'),
    ("truncated-key", b'{"i<@>'),
    ("truncated-after-colon", b'{"id":<@>'),
    ("truncated-number", b'{"n": -<@>'),
    ("truncated-literal", b'{"n": tr<@>'),
    ("truncated-escape", b'{"n": "\\<@>'),
    ("truncated-unicode-escape", b'{"n": "\\u12<@>'),
    ("truncated-after-open", b"{<@>"),
    ("trailing-comma-object", b'{"id": "x"<@>,}'),
    ("trailing-comma-array", b'{"a": [1, 2<@>,]}'),
    ("leading-comma-array", b'{"a": [<@>, 1]}'),
    ("double-comma", b'{"a": [1,<@>, 2]}'),
    ("missing-comma", b'{"a": 1\n <@>"b": 2}'),
    ("missing-colon", b'{"a" <@>1}'),
    ("line-comment", b'{\n  "a": 1 <@>// note\n}'),
    ("block-comment", b"{<@>/* note */}"),
    ("hash-comment", b'{"a": 1}\n<@># note\n'),
    ("single-quoted-key", b"{<@>'a': 1}"),
    ("single-quoted-value", b"{\"a\": <@>'b'}"),
    ("unquoted-key", b"{<@>id: 1}"),
    ("raw-tab-in-string", b'{"a": "x<@>\ty"}'),
    ("raw-newline-in-string", b'{"a": "x<@>\ny"}'),
    ("raw-nul-in-string", b'{"a": "x<@>\x00y"}'),
    ("raw-control-0x1f", b'{"a": "<@>\x1f"}'),
    ("invalid-escape-q", b'{"a": "<@>\\q"}'),
    ("invalid-escape-x", b'{"a": "<@>\\x41"}'),
    ("invalid-escape-short-unicode", b'{"a": "<@>\\u12G4"}'),
    ("invalid-escape-apostrophe", b'{"a": "<@>\\\'"}'),
    ("leading-zero", b'{"a": <@>01}'),
    ("leading-zeros-negative", b'{"a": -<@>007}'),
    ("plus-sign", b'{"a": <@>+1}'),
    ("leading-dot", b'{"a": <@>.5}'),
    ("trailing-dot", b'{"a": 1.<@>}'),
    ("exponent-without-digits", b'{"a": 1e<@>}'),
    ("hex-number", b'{"a": 0<@>x10}'),
    ("octal-like", b'{"a": 0<@>o17}'),
    ("underscore-number", b'{"a": 1<@>_000}'),
    ("python-true", b'{"a": <@>True}'),
    ("python-none", b'{"a": <@>None}'),
    ("undefined", b'{"a": <@>undefined}'),
    ("two-documents", b'{"a": 1}\n<@>{"b": 2}'),
    ("trailing-garbage", b'{"a": 1}<@>x'),
    ("unbalanced-close", b'{"a": [1<@>}}'),
    ("extra-close", b'{"a": 1}<@>}'),
    ("array-in-key", b"{<@>[1]: 2}"),
    ("number-key", b"{<@>1: 2}"),
    ("ellipsis", b'{"a": [1, <@>...]}'),
    ("only-whitespace", b"<@>  \n\t  \n"),
    ("empty", b"<@>"),
    ("nbsp-whitespace", b'{"a":<@>\xc2\xa01}'),
    ("bom-in-middle", b'{"a": 1,<@>\xef\xbb\xbf"b": 2}'),
    ("form-feed-whitespace", b'{"a": 1<@>\x0c}'),
    ("vertical-tab-whitespace", b"{<@>\x0b}"),
    ("javascript-regex", b'{"a": <@>/x/}'),
]

ENCODING: list[tuple[str, bytes]] = [
    ("utf8-bom", b"<@>\xef\xbb\xbf{}"),
    ("invalid-utf8-ff", b'{"a": "<@>\xff"}'),
    ("invalid-utf8-fe", b'{"a": "<@>\xfe"}'),
    ("invalid-utf8-in-key", b'{"<@>\xc3": 1}'),
    ("invalid-utf8-outside-string", b'{"a": 1, <@>\xe9}'),
    ("invalid-utf8-on-line-3", b'{\n  "a": 1,\n  "b": "caf<@>\xe9"\n}'),
    ("overlong-slash-2-bytes", b'{"a": "<@>\xc0\xaf"}'),
    ("overlong-slash-3-bytes", b'{"a": "<@>\xe0\x80\xaf"}'),
    ("overlong-slash-4-bytes", b'{"a": "<@>\xf0\x80\x80\xaf"}'),
    ("overlong-nul", b'{"a": "<@>\xc0\x80"}'),
    ("five-byte-sequence", b'{"a": "<@>\xf8\x88\x80\x80\x80"}'),
    ("six-byte-sequence", b'{"a": "<@>\xfc\x84\x80\x80\x80\x80"}'),
    ("beyond-u10ffff", b'{"a": "<@>\xf4\x90\x80\x80"}'),
    ("stray-continuation-byte", b'{"a": "x<@>\x80y"}'),
    ("truncated-multibyte", b'{"a": "<@>\xe2\x82"}'),
    ("cesu8-surrogate", b'{"a": "<@>\xed\xa0\x80"}'),
    ("latin1-text", b'{"title": "Caf<@>\xe9 de Flore"}'),
    ("lone-high-surrogate-escape", b'{"a": "<@>\\ud800"}'),
    ("lone-low-surrogate-escape", b'{"a": "<@>\\udc00"}'),
    ("high-surrogate-then-letter", b'{"a": "<@>\\ud83dx"}'),
    ("high-surrogate-then-high", b'{"a": "<@>\\ud83d\\ud83d"}'),
    ("lone-surrogate-in-key", b'{"<@>\\ud800": 1}'),
]

NON_FINITE: list[tuple[str, bytes]] = [
    ("nan", b'{"a": <@>NaN}'),
    ("negative-nan", b'{"a": -<@>NaN}'),
    ("infinity", b'{"a": <@>Infinity}'),
    ("negative-infinity", b'{"a": -<@>Infinity}'),
    ("python-inf", b'{"a": <@>inf}'),
    ("exponent-overflow", b'{"a": <@>1e999}'),
    ("negative-exponent-overflow", b'{"a": <@>-1e999}'),
    ("integer-5000-digits", b'{"a": <@>' + b"9" * 5000 + b"}"),
    ("negative-integer-5000-digits", b'{"a": <@>-' + b"1" + b"0" * 4999 + b"}"),
    ("integer-400-digits", b'{"latitude": <@>' + b"7" * 400 + b"}"),
    ("nan-on-line-2", b'{\n  "latitude": <@>NaN\n}'),
]

DUPLICATES: list[tuple[str, bytes, str]] = [
    ("duplicate-key-root", b'{"id": "a", <@>"id": "b"}', "$.id"),
    ("duplicate-key-same-value", b'{"id": "a", <@>"id": "a"}', "$.id"),
    ("duplicate-key-escaped", b'{"id": "a", <@>"\\u0069d": "b"}', "$.id"),
    ("duplicate-key-escaped-colon", b'{"a\\u003a": 1, <@>"a:": 2}', "$['a:']"),
    (
        "duplicate-key-depth-2",
        b'{"location": {"name": "x",\n  <@>"name": "y"}}',
        "$.location.name",
    ),
    (
        "duplicate-key-depth-4",
        b'{"leaders": [{"identifiers": [{"scheme": "a", <@>"scheme": "b"}]}]}',
        "$.leaders[0].identifiers[0].scheme",
    ),
    (
        "duplicate-key-in-second-item",
        b'{"leaders": [{"id": "a"}, {"id": "b", <@>"id": "c"}]}',
        "$.leaders[1].id",
    ),
    ("duplicate-key-empty", b'{"": 1, <@>"": 2}', "$['']"),
    ("duplicate-key-unicode", '{"é": 1, <@>"é": 2}'.encode(), "$['é']"),
    ("duplicate-key-third", b'{"a": 1, "b": 2, <@>"a": 3, "a": 4}', "$.a"),
]


def json_level_cases() -> Iterator[Case]:
    """Malformed JSON of every kind; each is rejected with a line and a column."""
    for name, source in SYNTAX:
        yield _marked(f"syntax-{name}", source, "syntax")
    for name, source in ENCODING:
        yield _marked(f"encoding-{name}", source, "encoding")
    for name, source in NON_FINITE:
        yield _marked(f"number-{name}", source, "non-finite")
    for name, source, path in DUPLICATES:
        case_name, data, expect = _marked(name, source, "duplicate-key")
        yield case_name, data, {**expect, "path": path}
    for name, text in [
        ("utf16-le-bom", '{"a": 1}'.encode("utf-16-le")),
        ("utf16-be-bom", '{"a": 1}'.encode("utf-16-be")),
        ("utf16-le-no-bom", '{"a": 1}'.encode("utf-16-le")),
        ("utf16-be-no-bom", '{"a": 1}'.encode("utf-16-be")),
        ("utf32-le-bom", '{"a": 1}'.encode("utf-32-le")),
        ("utf32-be-no-bom", '{"a": 1}'.encode("utf-32-be")),
    ]:
        prefix = b""
        if name.endswith("-bom"):
            prefix = b"\xff\xfe" if "-le" in name else b"\xfe\xff"
            prefix = prefix + b"\x00\x00" if name.startswith("utf32") else prefix
        yield f"encoding-{name}", prefix + text, {"code": "encoding", "line": 1, "column": 1}
    yield (
        "nesting-1025-arrays",
        b"[" * 1025 + b"]" * 1025,
        {"code": "too-deep", "line": 1, "column": 1025},
    )
    yield (
        "nesting-1025-objects-on-lines",
        b'{"a":\n' * 1025 + b"1" + b"}" * 1025,
        {"code": "too-deep", "line": 1025, "column": 1},
    )
    yield (
        "nesting-1025-arrays-unclosed",
        b"[" * 1025,
        {"code": "too-deep", "line": 1, "column": 1025},
    )
    for name, source in [
        ("truncated-500-open-arrays", b"[" * 500 + b"<@>"),
        ("truncated-1000-items", b"[1," * 1000 + b"<@>"),
        ("truncated-300-open-objects", b'[{"a": [' * 300 + b"<@>"),
    ]:
        yield _marked(f"syntax-{name}", source, "syntax")
    rng = random.Random(8)
    # Not UTF-8: located at the first byte that is not (0x8b; 0x80 after a lone CR).
    binary = [
        ("png-header", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "encoding", 1, 1),
        ("gzip-header", b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "encoding", 1, 2),
        (
            "random-bytes",
            bytes([0xC8]) + bytes(rng.randrange(256) for _ in range(511)),
            "encoding",
            1,
            1,
        ),
        ("all-bytes", bytes(range(256)), "encoding", 3, 115),
        ("zip-header", b"PK\x03\x04\x14\x00\x00\x00", "syntax", 1, 1),
        ("elf-header", b"\x7fELF\x02\x01\x01", "syntax", 1, 1),
    ]
    for name, data, code, line, column in binary:
        yield f"binary-{name}", data, {"code": code, "line": line, "column": column}


# --------------------------------------------------------------------------- shapes

#: Every object in the model, by a path to one instance in :func:`base`.
OBJECTS = {
    "summit": "$",
    "location": "$.location",
    "leader": "$.leaders[0]",
    "identifier": "$.leaders[0].identifiers[0]",
    "focus-area": "$.focus_areas[0]",
    "scale": "$.focus_areas[0].scale",
    "agenda": "$.agendas[0]",
    "goal": "$.agendas[0].goals[0]",
    "tactic": "$.agendas[0].tactics[0]",
    "recommendation": "$.recommendations[0]",
    "aim": "$.recommendations[0].aims[0]",
    "source": "$.sources[0]",
}

#: A required field of each object.
REQUIRED = {
    "summit": "start_date",
    "location": "name",
    "leader": "role",
    "identifier": "scheme",
    "focus-area": "label",
    "scale": "high",
    "agenda": "vision",
    "goal": "focus_area",
    "tactic": "approach",
    "recommendation": "aims",
    "aim": "text",
    "source": "title",
}

ARRAYS = [
    "$.leaders",
    "$.leaders[0].other_names",
    "$.leaders[0].identifiers",
    "$.focus_areas",
    "$.agendas",
    "$.agendas[0].goals",
    "$.agendas[0].goals[0].details",
    "$.agendas[0].goals[0].sources",
    "$.agendas[0].tactics",
    "$.recommendations",
    "$.recommendations[0].aims",
    "$.recommendations[0].approaches",
    "$.sources",
]

#: (name, path, bad value, code) for scalar fields.
SCALARS: list[tuple[str, str, Any, str]] = [
    ("version-wrong", "$.schema_version", "2.0", "version"),
    ("version-number", "$.schema_version", 1.0, "type"),
    ("id-uppercase", "$.id", "Test-Summit", "pattern"),
    ("id-space", "$.id", "test summit", "pattern"),
    ("id-double-hyphen", "$.id", "test--summit", "pattern"),
    ("id-trailing-newline", "$.id", "test\n", "pattern"),
    ("id-trailing-newline-in-reference", "$.agendas[0].leader", "putin\n", "pattern"),
    ("topic-trailing-newline", "$.focus_areas[0].topic", "cap:19\n", "pattern"),
    ("url-trailing-newline", "$.sources[0].url", "https://example.org/\n", "pattern"),
    ("date-trailing-newline", "$.start_date", "2025-08-15\n", "date"),
    ("id-too-long", "$.id", "a" * 101, "length"),
    ("id-empty", "$.id", "", "pattern"),
    ("id-number", "$.id", 7, "type"),
    ("title-null", "$.title", None, "type"),
    ("title-blank", "$.title", " \t\n", "blank"),
    ("title-ideographic-space", "$.title", "\u3000\u2003", "blank"),
    ("title-array", "$.title", ["Test"], "type"),
    ("title-too-long", "$.title", "x" * 20_001, "length"),
    ("status-unknown", "$.status", "done", "enum"),
    ("status-case", "$.status", "Held", "enum"),
    ("status-bool", "$.status", True, "type"),
    ("start-date-invalid-day", "$.start_date", "2025-02-30", "date"),
    ("start-date-month-13", "$.start_date", "2025-13", "date"),
    ("start-date-slashes", "$.start_date", "15/08/2025", "date"),
    ("start-date-time", "$.start_date", "2025-08-15T10:00:00Z", "date"),
    ("start-date-number", "$.start_date", 2025, "type"),
    ("end-date-leap", "$.end_date", "2025-02-29", "date"),
    ("country-lowercase", "$.location.country", "us", "enum"),
    ("country-unknown", "$.location.country", "XX", "enum"),
    ("country-alpha3", "$.leaders[0].country", "RUS", "enum"),
    ("latitude-high", "$.location.latitude", 90.5, "range"),
    ("latitude-string", "$.location.latitude", "61.25", "type"),
    ("latitude-bool", "$.location.latitude", True, "type"),
    ("longitude-low", "$.location.longitude", -180.01, "range"),
    ("latitude-huge", "$.location.latitude", 1e300, "range"),
    ("position-high", "$.agendas[0].goals[0].position", 101, "range"),
    ("position-negative", "$.agendas[0].goals[0].position", -0.5, "range"),
    ("salience-string", "$.agendas[0].goals[0].salience", "high", "type"),
    ("confidence-number", "$.agendas[0].goals[0].confidence", 3, "type"),
    ("confidence-unknown", "$.agendas[0].goals[0].confidence", "likely", "enum"),
    ("category-unknown", "$.agendas[0].tactics[0].category", "charm", "enum"),
    ("topic-space", "$.focus_areas[0].topic", "cap 19", "pattern"),
    ("topic-no-scheme", "$.focus_areas[0].topic", "19", "pattern"),
    ("url-ftp", "$.sources[0].url", "ftp://example.org/x", "pattern"),
    ("url-space", "$.sources[0].url", "https://example.org/a b", "pattern"),
    ("url-javascript", "$.sources[0].url", "javascript:alert(1)", "pattern"),
    ("url-too-long", "$.sources[0].url", "https://e.org/" + "a" * 2048, "length"),
    ("published-invalid", "$.sources[0].published", "2025-00", "date"),
    ("other-name-number", "$.leaders[0].other_names[0]", 5, "type"),
    ("other-name-blank", "$.leaders[0].other_names[0]", "", "blank"),
    ("detail-object", "$.agendas[0].goals[0].details[0]", {}, "type"),
    ("source-ref-not-slug", "$.agendas[0].goals[0].sources[0]", "Brief", "pattern"),
    ("aim-leader-number", "$.recommendations[0].aims[0].leader", 1, "type"),
    ("identifier-scheme-space", "$.leaders[0].identifiers[0].scheme", "wiki data", "pattern"),
]

#: (name, path, code, change) for the rules JSON Schema cannot express.
RULES: list[tuple[str, str, str, Callable[[dict[str, Any]], Any]]] = [
    ("duplicate-leader-id", "$.leaders[1].id", "duplicate-id", _set("$.leaders[1].id", "putin")),
    (
        "duplicate-focus-area-id",
        "$.focus_areas[1].id",
        "duplicate-id",
        _set("$.focus_areas[1].id", "ukraine"),
    ),
    (
        "duplicate-goal-id-across-agendas",
        "$.agendas[1].goals[0].id",
        "duplicate-id",
        _set("$.agendas[1].goals[0].id", "putin-ukraine"),
    ),
    (
        "duplicate-source-id",
        "$.sources[1].id",
        "duplicate-id",
        lambda d: d["sources"].append({"id": "brief", "title": "Again"}),
    ),
    (
        "duplicate-recommendation-id",
        "$.recommendations[1].id",
        "duplicate-id",
        lambda d: d["recommendations"].append(copy.deepcopy(d["recommendations"][0])),
    ),
    (
        "agenda-unknown-leader",
        "$.agendas[1].leader",
        "reference",
        _set("$.agendas[1].leader", "xi"),
    ),
    (
        "goal-unknown-focus-area",
        "$.agendas[0].goals[0].focus_area",
        "reference",
        _set("$.agendas[0].goals[0].focus_area", "arctic"),
    ),
    (
        "goal-unknown-source",
        "$.agendas[0].goals[0].sources[0]",
        "reference",
        _set("$.agendas[0].goals[0].sources[0]", "missing"),
    ),
    (
        "tactic-unknown-source",
        "$.agendas[0].tactics[0].sources[0]",
        "reference",
        _set("$.agendas[0].tactics[0].sources[0]", "missing"),
    ),
    (
        "recommendation-unknown-focus-area",
        "$.recommendations[0].focus_area",
        "reference",
        _set("$.recommendations[0].focus_area", "arctic"),
    ),
    (
        "aim-unknown-leader",
        "$.recommendations[0].aims[1].leader",
        "reference",
        _set("$.recommendations[0].aims[1].leader", "xi"),
    ),
    (
        "recommendation-unknown-source",
        "$.recommendations[0].sources[0]",
        "reference",
        _set("$.recommendations[0].sources[0]", "missing"),
    ),
    (
        "duplicate-agenda",
        "$.agendas[1].leader",
        "duplicate-agenda",
        _set("$.agendas[1].leader", "putin"),
    ),
    (
        "duplicate-aim",
        "$.recommendations[0].aims[1].leader",
        "duplicate-aim",
        _set("$.recommendations[0].aims[1].leader", "putin"),
    ),
    ("end-before-start", "$.end_date", "date-order", _set("$.end_date", "2025-08-14")),
    ("end-year-before-start", "$.end_date", "date-order", _set("$.end_date", "2024")),
]


def _nested(name: str, path: str, code: str, levels: int, open_: str, close: str) -> Case:
    """A shape case with *levels* of nesting as the summary (spliced in as text)."""
    data = base()
    data["summary"] = "@nest@"
    text = _dump(data).replace(b'"@nest@"', (open_ * levels + "1" + close * levels).encode())
    return name, text, {"code": code, "path": path}


def shape_cases() -> Iterator[Case]:
    """Valid JSON of the wrong shape at every level of the model."""
    for name, path in OBJECTS.items():
        parts = _parse_path(path)
        if parts:
            yield _shape(f"shape-{name}-is-array", path, "type", _set(path, []))
            yield _shape(f"shape-{name}-is-string", path, "type", _set(path, "x"))
        yield _shape(
            f"shape-{name}-unknown-key",
            f"{path}.colour",
            "unknown-key",
            _set(f"{path}.colour", "red"),
        )
        required = REQUIRED[name]
        yield _shape(
            f"shape-{name}-missing-{required}",
            f"{path}.{required}",
            "required",
            _delete(f"{path}.{required}"),
        )
    for path in ARRAYS:
        field = path.rsplit(".", 1)[1].replace("_", "-")
        owner = path.rsplit(".", 1)[0].replace("$", "root").replace(".", "-")
        for owner_part in "[]":
            owner = owner.replace(owner_part, "")
        yield _shape(f"shape-{owner}-{field}-is-object", path, "type", _set(path, {}))
        yield _shape(f"shape-{owner}-{field}-is-string", path, "type", _set(path, "abc"))
    for name, path, value, code in SCALARS:
        yield _shape(f"field-{name}", path, code, _set(path, value))
    for name, path, code, change in RULES:
        yield _shape(f"rule-{name}", path, code, change)
    yield _shape("shape-leaders-empty", "$.leaders", "min-items", _set("$.leaders", []))
    yield _shape("shape-leader-null", "$.leaders[1]", "type", _set("$.leaders[1]", None))
    yield _shape("shape-optional-null", "$.location", "type", _set("$.location", None))
    for levels in (10, 1000):
        yield _nested(f"nesting-{levels}-arrays", "$.summary", "type", levels, "[", "]")
    yield _nested("nesting-1000-objects", "$.summary", "type", 1000, '{"a":', "}")
    for name, value in [
        ("array", []),
        ("string", "summit"),
        ("number", 1),
        ("zero", 0),
        ("true", True),
        ("null", None),
        ("empty-object", {}),
    ]:
        expect_path = "$.schema_version" if name == "empty-object" else "$"
        yield (
            f"lone-{name}",
            json.dumps(value).encode(),
            {"code": "required" if name == "empty-object" else "type", "path": expect_path},
        )


def valid_cases() -> Iterator[Case]:
    """Documents that look hostile but are valid."""
    yield "valid-base", _dump(base()), {"ok": True}
    yield "valid-minified", json.dumps(base(), separators=(",", ":")).encode(), {"ok": True}
    yield "valid-ascii-escaped", json.dumps(base()).encode(), {"ok": True}
    data = base()
    data["title"] = 'Colons: "quoted", \\ backslash, \u0000 nul, \u2028 separator, 🦀 crab'
    data["summary"] = "x" * 20_000
    yield "valid-odd-text", json.dumps(data, ensure_ascii=False).encode(), {"ok": True}
    text = _dump(base()).replace(b'"title"', b'"\\u0074itle"').replace(b"Test summit", b"a\\u003ab")
    yield "valid-escaped-keys", text, {"ok": True}
    spaced = json.dumps(base(), indent="\t").replace(",", " ,\r\n ").encode()
    yield "valid-crlf-whitespace", spaced, {"ok": True}
    numbers = _dump(base()).replace(b'"position": 85', b'"position": 8.5e1')
    numbers = numbers.replace(b'"salience": 95', b'"salience": 95.000000000000000000001')
    numbers = numbers.replace(b'"latitude": 61.25', b'"latitude": -0.0')
    yield "valid-number-forms", numbers, {"ok": True}
    tiny = _dump(base()).replace(b'"longitude": -149.8', b'"longitude": 1e-999')
    yield "valid-underflow", tiny, {"ok": True}


def committed_cases() -> list[Case]:
    """Every case written to ``cases/``."""
    cases = [*json_level_cases(), *shape_cases(), *valid_cases()]
    names = [name for name, _, _ in cases]
    duplicates = {name for name in names if names.count(name) > 1}
    assert not duplicates, duplicates
    return cases


def generated_cases() -> Iterator[Case]:
    """Cases too big to commit, built in memory (tens of megabytes at most)."""
    yield (
        "nesting-100000-arrays",
        b"[" * 100_000 + b"]" * 100_000,
        {"code": "too-deep", "line": 1, "column": 1025},
    )
    yield (
        "nesting-100000-objects",
        b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
        {"code": "too-deep", "line": 1, "column": 1 + 5 * 1024},
    )
    data = base()
    data["title"] = "x" * 5_000_000
    yield "string-5-million-characters", _dump(data), {"code": "length", "path": "$.title"}
    data = base()
    data["location"]["k" * 1_000_000] = 1
    path = "$.location." + "k" * 1_000_000
    yield "key-1-million-characters", _dump(data), {"code": "unknown-key", "path": path}
    yield (
        "array-1-million-numbers",
        b"[" + b"0," * 999_999 + b"0]",
        {"code": "type", "path": "$"},
    )
    data = base()
    data["leaders"][0]["other_names"] = ["Putin"] * 200_000
    yield "array-200000-valid-strings", json.dumps(data).encode(), {"ok": True}
    data = base()
    data["leaders"][0]["other_names"] = [0] * 1_000_000
    path = "$.leaders[0].other_names[99]"  # checking stops after 100 problems in one array
    yield "array-1-million-invalid-items", json.dumps(data).encode(), {"code": "type", "path": path}


def write() -> None:
    """Write ``cases/`` and ``expected.json`` from :func:`committed_cases`."""
    CASES.mkdir(exist_ok=True)
    expected = {}
    for name, data, expect in committed_cases():
        (CASES / f"{name}.json").write_bytes(data)
        expected[f"{name}.json"] = expect
    for stale in CASES.glob("*.json"):
        if stale.name not in expected:
            stale.unlink()
    EXPECTED.write_text(json.dumps(expected, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(f"wrote {len(expected)} cases", file=sys.stderr)


if __name__ == "__main__":
    write()
