"""Duplicate keys are found however the text is laid out, wherever they are.

The check counts the strings of the text against the keys and string values that the
fast structuring path read (``_json.Parsed``): these tests write valid documents with
one key repeated, in every object and with the layouts that could mislead a count.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import summitlib
from summitlib import strategies as sst
from summitlib._paths import key_path

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Between a key and its colon: what canonical files use, and what hand-written ones may.
SEPARATORS = ('": ', '":', '" : ', '"\n  :', '"\t:\n')


def _objects(value: Any, path: str = "$") -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(value, dict):
        found.append((path, value))
        for key, item in value.items():
            found += _objects(item, key_path(path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _objects(item, f"{path}[{index}]")
    return found


def _write(value: Any, target: dict[str, Any], key: str, separator: str, ascii: bool) -> str:
    """JSON text of *value*, with *key* written twice in the object *target*."""
    if isinstance(value, dict):
        pairs = [
            json.dumps(k, ensure_ascii=ascii)[:-1]
            + separator
            + _write(v, target, key, separator, ascii)
            for k, v in value.items()
        ]
        if value is target:
            pairs.append(pairs[list(value).index(key)])
        return "{" + ", ".join(pairs) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_write(v, target, key, separator, ascii) for v in value) + "]"
    return json.dumps(value, ensure_ascii=ascii)


@SETTINGS
@given(sst.summit_documents(), st.data())
def test_a_repeated_key_is_the_one_problem_reported(
    document: dict[str, Any], data: st.DataObject
) -> None:
    if data.draw(st.booleans()):
        # Invalid besides: the count then comes from the collecting pass.
        document["title"] = data.draw(st.sampled_from([5, "", None, ["a", "b"]]))
    path, target = data.draw(st.sampled_from([o for o in _objects(document) if o[1]]))
    key = data.draw(st.sampled_from(sorted(target)))
    separator = data.draw(st.sampled_from(SEPARATORS))
    ascii = data.draw(st.booleans())
    text = _write(document, target, key, separator, ascii)
    for form in (text, text.encode()):
        problems = summitlib.validate(form).problems
        assert [(p.code, p.path) for p in problems] == [("duplicate-key", key_path(path, key))]


@SETTINGS
@given(sst.summit_documents(), st.sampled_from(SEPARATORS), st.booleans())
def test_the_same_layouts_without_a_repeated_key_are_valid(
    document: dict[str, Any], separator: str, ascii: bool
) -> None:
    text = _write(document, {}, "", separator, ascii)
    assert summitlib.validate(text).problems == ()
    assert summitlib.loads(text) == summitlib.structure(document)


def test_a_string_that_looks_like_keys_does_not_hide_a_duplicate(alaska_text: str) -> None:
    # Quotes written as escapes inside a string add no delimiters; a string holding
    # `": "` and backslashes must not make a duplicate look like a different count.
    document = json.loads(alaska_text)
    document["title"] = 'He said: \\"no\\" and "yes", \u201cmaybe\u201d: a\\b'
    text = json.dumps(document, ensure_ascii=False)
    assert summitlib.validate(text).problems == ()
    repeated = text.replace('"title": ', '"title": "x", "title": ', 1)
    problems = summitlib.validate(repeated).problems
    assert [(p.code, p.path) for p in problems] == [("duplicate-key", "$.title")]
