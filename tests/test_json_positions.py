"""Positions that point at the real place (issue 16), and the locator's walk (issue 18)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import summitlib
from summitlib import _json


def _problem(data: bytes) -> _json.JSONProblem:
    with pytest.raises(_json.JSONProblem) as caught:
        _json.parse(data)
    return caught.value


# JSONTestSuite-style documents with a NUL among their first four bytes: each is UTF-8
# text with a control character in it, not UTF-16 or UTF-32.
@pytest.mark.parametrize(
    ("data", "line", "column"),
    [
        (b"[\x00]", 1, 2),
        (b'["a\x00a"]', 1, 4),
        (b"123\x00", 1, 4),
        (b'"\x00"', 1, 2),
        (b"\x00", 1, 1),
        (b" [\x00]", 1, 3),
    ],
)
def test_a_nul_near_the_start_is_a_control_character_where_it_is(
    data: bytes, line: int, column: int
) -> None:
    problem = _problem(data)
    assert (problem.code, problem.line, problem.column) == ("syntax", line, column)
    assert "U+0000" in problem.message
    assert "UTF-16" not in problem.message


@pytest.mark.parametrize("char", ["\x01", "\x08", "\x1f"])
def test_other_control_characters_are_named_too(char: str) -> None:
    problem = _problem(f'{{"a": "x{char}"}}'.encode())
    assert (problem.line, problem.column) == (1, 9)
    assert f"U+{ord(char):04X}" in problem.message


_DOC = '{\n  "a": [1, 2]\n}\n'


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("bom", [False, True])
def test_utf16_and_utf32_get_one_answer_whatever_the_bom(codec: str, bom: bool) -> None:
    data = _DOC.encode(codec)
    if bom:
        data = "\ufeff".encode(codec) + data
    name = codec.upper().replace("-LE", "LE").replace("-BE", "BE")
    assert _json.wide_encoding(data) == name
    problem = _problem(data)
    assert (problem.code, problem.line, problem.column) == ("encoding", 1, 1)
    assert problem.message == f"document is in {name}; save it as UTF-8"
    # The same answer through the public API, BOM or not.
    report = summitlib.validate(data)
    assert [(p.code, p.line, p.column) for p in report] == [("encoding", 1, 1)]


@pytest.mark.parametrize("data", [b"{}", b"[1]", b'"\xc3\xa9"', b"1", b" \t[]"])
def test_utf8_text_is_not_mistaken_for_a_wide_encoding(data: bytes) -> None:
    assert _json.wide_encoding(data) is None


@pytest.mark.parametrize(
    ("newline", "expected"),
    [("\n", (5, 1)), ("\r\n", (5, 1)), ("\r", (5, 1))],
)
def test_lone_carriage_returns_end_lines(newline: str, expected: tuple[int, int]) -> None:
    text = newline.join(["{", '"a": 1,', '"b": [', "1,", "}"])
    problem = _problem(text.encode())
    assert (problem.line, problem.column) == expected
    assert _json.position(text, len(text) - 1) == expected


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_the_locator_counts_lines_alike_for_every_line_ending(newline: str) -> None:
    text = newline.join(["{", '  "a": 1,', '  "b": [', "    1,", "    2", "  ]", "}"])
    locator = _json.Locator(text, paths=["$.b[1]", "$.a"])
    # Asked out of order: each position is counted from the nearest one known.
    assert locator.locate("$.b[1]") == (5, 5)
    assert locator.locate("$.a") == (2, 3)
    assert locator.locate("$.b") == (3, 3)
    assert locator.locate("$") == (1, 1)
    for offset in range(len(text)):
        assert locator.position(offset) == _json.position(text, offset), offset


def test_a_problem_in_a_crlf_file_is_located_on_its_line() -> None:
    text = '{\r\n  "id": "x",\r\n  "colour": 1\r\n}\r\n'
    report = summitlib.validate(text.encode())
    unknown = [p for p in report if p.path == "$.colour"]
    assert [(p.line, p.column) for p in unknown] == [(3, 3)]


@pytest.mark.parametrize(
    ("data", "column", "words"),
    [
        (b"[.123]", 2, "before its decimal point"),
        (b'{"a": .5}', 7, "before its decimal point"),
        (b"[+1]", 2, "cannot start with '+'"),
        (b"[-.5]", 3, "after the minus sign"),
        (b"[-]", 3, "after the minus sign"),
    ],
)
def test_numbers_without_a_leading_digit_say_what_is_wrong(
    data: bytes, column: int, words: str
) -> None:
    problem = _problem(data)
    assert (problem.code, problem.line, problem.column) == ("syntax", 1, column)
    assert words in problem.message
    if not data.startswith(b"[-"):
        assert "sign" not in problem.message


def test_find_stops_once_nothing_more_is_wanted(monkeypatch: pytest.MonkeyPatch) -> None:
    """The value of the last wanted key or item is not read, nor anything after it."""
    text = '{"a": 1, "b": [10, 20, 30], "c": {"d": [' + "1, " * 10 + "2]}}"
    skipped: list[int] = []
    skip = _json._skip

    def spy(text: str, pos: int) -> int:
        skipped.append(pos)
        return skip(text, pos)

    monkeypatch.setattr(_json, "_skip", spy)
    assert _json.find(text, ["$.b"]) == {"$": 0, "$.b": 9}
    assert skipped == [text.index("1")]  # the value of "a" only
    skipped.clear()
    assert _json.find(text, ["$.b[1]"]) == {"$": 0, "$.b": 9, "$.b[1]": text.index("20")}
    assert skipped == [text.index("1"), text.index("10")]


def test_find_skips_values_it_does_not_want() -> None:
    text = (
        '{"x": {"deep": [[[{"k": "v\\"}"}]]], "s": "a]}\\\\"}, "y": ['
        + ", ".join(['{"q": [1, "]"]}'] * 1000)
        + '], "z": {"w": 5}}'
    )
    wanted = ["$.z.w", "$.y[999].q[1]"]
    assert _json.find(text, wanted) == {
        key: value
        for key, value in _json.scan(text).offsets.items()
        if key in _with_parents(wanted)
    }


def test_find_skips_deeply_nested_values() -> None:
    deep = "[" * 1020 + "]" * 1020
    text = '{"a": ' + deep + ', "b": 1}'
    assert _json.find(text, ["$.b"])["$.b"] == text.index('"b"')


def _with_parents(paths: list[str]) -> set[str]:
    found = {"$"}
    for path in paths:
        for cut in range(1, len(path) + 1):
            if cut == len(path) or path[cut] in ".[":
                found.add(path[:cut])
    return found


def test_no_gc_restores_the_collector() -> None:
    import gc

    assert gc.isenabled()
    with _json.no_gc():
        assert not gc.isenabled()
        with _json.no_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), _json.no_gc():
        1 / 0  # noqa: B018
    assert gc.isenabled()
    paused = _json.no_gc()  # one instance in nested blocks restores each block's state
    with paused:
        with paused:
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


_TRICKY = st.text(alphabet='[]{}"\\,: aé\n', max_size=8)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _TRICKY,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TRICKY, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(value=_JSON, indent=st.sampled_from([None, 1]))
def test_skip_ends_exactly_where_the_value_ends(value: object, indent: int | None) -> None:
    """Brackets, quotes and backslashes inside strings never fool the skipper."""
    text = json.dumps([value, 1], indent=indent, ensure_ascii=False)
    start = _json._ws(text, 1)
    end = _json._skip(text, start)
    assert json.loads(text[start:end]) == value
    assert text[_json._ws(text, end)] == ","


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='ab[]{}",:\\ é\n'),
    lambda children: (
        st.lists(children, max_size=6)
        | st.dictionaries(st.text(alphabet='k[]{}"\\', max_size=4), children, max_size=6)
    ),
    max_leaves=40,
)


@given(value=_JSON_VALUES, indent=st.sampled_from([None, 0, 2]), padding=st.integers(0, 5000))
def test_skip_finds_the_end_of_any_value(value: object, indent: int | None, padding: int) -> None:
    # _skip hands small containers to the C scanner within a window and counts brackets
    # for larger ones; a long string makes some values outgrow the window.
    if isinstance(value, list):
        value = [*value, "x" * padding]
    encoded = json.dumps(value, indent=indent, ensure_ascii=False)
    text = f"[{encoded} , 1]"
    assert _json._skip(text, 1) == 1 + len(encoded)


def _all_paths(value: object, path: str = "$") -> list[str]:
    from summitlib._paths import key_path

    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _all_paths(item, key_path(path, key))
        found.append(key_path(path, "missing"))  # a key it lacks: placed at its parent
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _all_paths(item, f"{path}[{index}]")
        found.append(f"{path}[{len(value)}]")
    return found


_KEYS = st.text(alphabet='ka"\\:é', min_size=1, max_size=3)
_DOCUMENTS = st.dictionaries(
    _KEYS,
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(alphabet='ab[]{}":\\ é\n', max_size=6),
        lambda children: (
            st.lists(children, max_size=4) | st.dictionaries(_KEYS, children, max_size=4)
        ),
        max_leaves=30,
    ),
    max_size=5,
)


@settings(max_examples=400, deadline=None)
@given(
    value=_DOCUMENTS,
    indent=st.sampled_from([None, 0, 2, "\t"]),
    ascii=st.booleans(),
    data=st.data(),
)
def test_counting_strings_places_paths_where_walking_the_text_does(
    value: dict[str, object], indent: int | str | None, ascii: bool, data: st.DataObject
) -> None:
    """find_by_strings (from the parsed value) agrees with find (from the text) on every
    path and on paths that are not there, whatever the layout, escapes and item kinds."""
    text = json.dumps(value, indent=indent, ensure_ascii=ascii)
    if data.draw(st.booleans()):
        text = text.replace("\n", data.draw(st.sampled_from(["\r\n", "\r"])))
    paths = data.draw(st.lists(st.sampled_from(_all_paths(value)), min_size=1, max_size=8))
    by_text = _json.Locator(text, paths=paths)
    expected = [by_text.locate(p) for p in paths]
    for form in (text, text.encode()):  # in characters, or in bytes (columns: characters)
        by_strings = _json.Locator(form, paths=paths, value=json.loads(text))
        assert [by_strings.locate(p) for p in paths] == expected


def _existing(value: object, path: str = "$") -> dict[str, object]:
    """Every path *value* has, to the value there."""
    from summitlib._paths import key_path

    found: dict[str, object] = {path: value}
    if isinstance(value, dict):
        for key, item in value.items():
            found.update(_existing(item, key_path(path, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.update(_existing(item, f"{path}[{index}]"))
    return found


@settings(max_examples=400, deadline=None)
@given(value=_DOCUMENTS, indent=st.sampled_from([None, 0, 2]), data=st.data())
def test_placing_paths_orders_them_as_the_data_does(
    value: dict[str, object], indent: int | None, data: st.DataObject
) -> None:
    """The order the locator gives (where each path starts in the text) is
    document_order's; it gives none when a path is not in the text itself."""
    from summitlib._paths import document_order, split_path

    text = json.dumps(value, indent=indent)
    paths = data.draw(st.lists(st.sampled_from(_all_paths(value)), min_size=1, max_size=8))
    expected = sorted(paths, key=document_order(value))
    existing = _existing(value)
    # What only the walk of the text places (an item not starting with a string, any
    # path of a text with an escaped quote), and a path that is not there, give none.
    placeable = '\\"' not in text and all(
        p in existing
        and (
            type((split_path(p) or ("",))[-1]) is not int or _json._opening(existing[p]) is not None
        )
        for p in paths
    )
    for form in (text, text.encode()):
        order = _json.Locator(form, paths=paths, value=json.loads(text)).order()
        assert (order is not None) == placeable
        if order is not None:
            assert sorted(paths, key=order) == expected


@settings(max_examples=300, deadline=None)
@given(value=_DOCUMENTS, indent=st.sampled_from([None, 0, 2]), data=st.data())
def test_locating_paths_in_one_pass_agrees_with_locating_each(
    value: dict[str, object], indent: int | None, data: st.DataObject
) -> None:
    """locate_all, once the paths are ordered (one pass over the text) or not, gives
    what locate gives each path, in characters or bytes, whatever the line endings."""
    text = json.dumps(value, indent=indent, ensure_ascii=data.draw(st.booleans()))
    if data.draw(st.booleans()):
        text = text.replace("\n", data.draw(st.sampled_from(["\r\n", "\r"])))
    paths = data.draw(st.lists(st.sampled_from(_all_paths(value)), min_size=1, max_size=8))
    expected = {p: _json.Locator(text, paths=paths).locate(p) for p in paths}
    for form in (text, text.encode()):
        locator = _json.Locator(form, paths=paths, value=json.loads(text))
        order = locator.order()
        if order is not None and data.draw(st.booleans()):
            paths = sorted(paths, key=order)
        assert locator.locate_all(paths) == [expected[p] for p in paths]


def test_counting_strings_leaves_what_it_cannot_place_to_the_walk() -> None:
    text = '{"a": [1, [], ["x"]], "b": {"c": "d"}}'
    offsets, left = _json.find_by_strings(text, json.loads(text), ["$.a[0]", "$.a[2]", "$.b.c"])
    assert left == ["$.a[0]"]  # a number: no string to count to
    assert offsets["$.a[2]"] == text.index('["x"]')
    assert offsets["$.b.c"] == text.index('"c"')
    escaped = '{"a": "say \\"hi\\"", "b": 1}'
    assert _json.find_by_strings(escaped, json.loads(escaped), ["$.b"]) == ({}, ["$.b"])


@settings(max_examples=300, deadline=None)
@given(
    runs=st.lists(st.tuples(st.integers(0, 400), st.integers(1, 300)), min_size=1, max_size=12),
    spacing=st.floats(0.5, 5000),
    data=st.data(),
)
def test_passing_quotes_ends_after_the_quote_asked_for(
    runs: list[tuple[int, int]], spacing: float, data: st.DataObject
) -> None:
    """However the quotes are spread (dense runs, long stretches without), and however
    wrong the spacing the caller guessed, the count-th quote is found."""
    text = "".join("x" * gap + '"' * quotes for gap, quotes in runs)
    ends = [i + 1 for i, char in enumerate(text) if char == '"']
    start = data.draw(st.sampled_from([0, *ends[:-1]]))
    left = [end for end in ends if end > start]
    count = data.draw(st.integers(1, len(left)))
    for form in (text, text.encode()):
        assert _json._after_quotes(form, start, count, spacing) == left[count - 1]


@pytest.mark.parametrize("indent", [None, 2])
def test_counting_strings_passes_many_quotes_at_once(indent: int | None) -> None:
    """Far into a long text (tens of thousands of quotes, passed a chunk at a time),
    paths are placed where the text walk places them."""
    value = {
        "items": [
            {"name": f"item {n} \u00e9" * (n % 7), "tags": ["a", "b"][: n % 3], "n": n}
            for n in range(6000)
        ]
    }
    text = json.dumps(value, indent=indent, ensure_ascii=False)
    paths = [f"$.items[{n}].tags" for n in (0, 1, 63, 64, 1000, 1001, 4095, 5999)]
    paths += ["$.items[2500]", "$.items[5998].missing"]
    by_text = _json.Locator(text, paths=paths)
    expected = [by_text.locate(p) for p in paths]
    for form in (text, text.encode()):
        by_strings = _json.Locator(form, paths=paths, value=json.loads(text))
        assert [by_strings.locate(p) for p in paths] == expected


@pytest.mark.parametrize("known", ["all", "some"])
def test_counting_strings_passes_long_lists_of_counted_records_at_once(known: str) -> None:
    """A long list of records whose strings the collecting pass counted (``sizes``) is
    passed by adding up their counts; the paths land where the text walk puts them, and
    a record not counted sends the list back to the item-by-item count."""
    value = {
        "first": "x",
        "items": [
            {"id": f"i{n}", "tags": ["a", "b"][: n % 3], "n": n, "note": "é\u201c" * (n % 2)}
            for n in range(50)
        ],
        "last": ["y", {"z": "w"}],
    }
    text = json.dumps(value, indent=2, ensure_ascii=False)
    parsed = json.loads(text)
    sizes = {id(item): _json.strings_in(item) for item in parsed["items"]}
    if known == "some":
        del sizes[id(parsed["items"][30])]
    paths = ["$.items[0].n", "$.items[17].tags", "$.items[18]", "$.items[49].note"]
    paths += ["$.items[60]", "$.last[1].z", "$.items[40].missing"]
    expected = [_json.Locator(text, paths=paths).locate(p) for p in paths]
    for form in (text, text.encode()):
        locator = _json.Locator(form, paths=paths, value=parsed, sizes=sizes, escaped=False)
        assert [locator.locate(p) for p in paths] == expected
