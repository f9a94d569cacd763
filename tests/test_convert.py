"""Tests for summitlib._convert: the fast path accepts exactly what the collecting path does."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summitlib import _convert, strategies
from summitlib.model import Summit

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "alaska-2025.json"
SEED_BYTES = EXAMPLE.read_bytes()
SEED: dict[str, Any] = json.loads(SEED_BYTES)

#: Values that break some rule somewhere: wrong types, blank or over-long text, bad
#: slugs and dates, out-of-range and non-finite numbers, coercible look-alikes.
ODD_VALUES: tuple[Any, ...] = (
    None,
    True,
    False,
    0,
    -1,
    101,
    100.0,
    -90.5,
    1e300,
    10**400,
    math.nan,
    math.inf,
    "",
    " ",
    "\ufeff",
    "\u3000\t",
    "x",
    "X",
    "a-",
    "a--b",
    "a\n",
    "ZZ",
    "US",
    "1.0",
    "2025-02-30",
    "2025-13",
    "2025",
    "cap:19",
    "cap:99",
    "held",
    "stated",
    "leverage",
    "https://example.org/a b",
    "y" * 20_001,
    [],
    [""],
    ["x"],
    {},
    {"id": "x"},
    ("x",),
)


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside *value*, containers included (the root excluded)."""
    found: list[tuple[Any, ...]] = []
    if isinstance(value, (dict, list)):
        for key, child in value.items() if isinstance(value, dict) else enumerate(value):
            found.append((*path, key))
            found.extend(_leaves(child, (*path, key)))
    return found


def _fast(data: Any) -> Any:
    return _convert.structure_fast(data, ())[0]


def _outcome(function: Any, data: Any) -> tuple[bool, Summit | None]:
    try:
        return True, function(data)
    except Exception:
        return False, None


def _collecting(data: Any) -> Summit:
    """The collecting path: every problem, or the summit."""
    summit, problems, _ = _convert.structure_checked(data)
    if summit is None:
        assert problems  # a document is rejected only with a reason
        raise _convert.ShapeError(problems)
    assert not problems
    return summit


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    """The example with one to three values replaced, removed or added."""
    data = orjson.loads(SEED_BYTES)  # a deep copy, many times faster
    for _ in range(draw(st.integers(1, 3))):
        paths = _leaves(data)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "delete":
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "id", "sources", "notes"]))] = "x"
        else:
            # A copy: a drawn list or dict may be mutated later, and must not leak into
            # the next example (hypothesis replays draws and sees the change as flakiness).
            parent[path[-1]] = copy.deepcopy(draw(st.sampled_from(ODD_VALUES)))
    return data


def test_the_fast_path_structures_the_example_like_the_collecting_one() -> None:
    """On a valid document, both paths build equal summits."""
    assert _fast(SEED) == _collecting(SEED)


@given(mutated())
def test_the_fast_path_accepts_exactly_what_the_collecting_path_accepts(data: Any) -> None:
    """Fast and collecting structuring agree on every document: same verdict, same summit."""
    fast_ok, fast = _outcome(_fast, data)
    slow_ok, slow = _outcome(_collecting, data)
    assert fast_ok == slow_ok
    assert fast == slow


@given(mutated(), st.sampled_from(["1.0", "1.1"]))
def test_the_collecting_pass_finds_the_same_for_any_version(data: Any, version: str) -> None:
    """Told the document's version, the collecting pass tries records on the fast path
    for that version only; what it finds, and what it builds, are the same."""
    from summitlib._rules import _no_newer_fields

    plain = _convert.structure_counted(copy.deepcopy(data), {})
    versioned = _convert.structure_counted(copy.deepcopy(data), {}, version)
    assert versioned[0] == plain[0]
    assert versioned[1] == plain[1]
    if not _no_newer_fields(plain[2], version):
        # A field newer than the version set: marked for the rule walk to report.
        assert versioned[2][-1]
        return
    assert versioned[3] == plain[3]
    # The same dicts met, each built (or not) the same, and the same marked unreadable.
    assert [[pair[0] for pair in found] for found in versioned[2][:-1]] == [
        [pair[0] for pair in found] for found in plain[2][:-1]
    ]
    assert [[pair[1] is None for pair in found] for found in versioned[2][:-1]] == [
        [pair[1] is None for pair in found] for found in plain[2][:-1]
    ]
    assert bool(versioned[2][-1]) == bool(plain[2][-1])


def _strings_written(value: Any) -> int:
    """The strings, keys and values, of *value* written as JSON text: a container held
    twice (one drawn tuple put in two places) is written twice."""
    if type(value) is str:
        return 1
    if type(value) is dict:
        return len(value) + sum(map(_strings_written, value.values()))
    if type(value) is list or type(value) is tuple:
        return sum(map(_strings_written, value))
    return 0


@given(mutated(), st.sampled_from([None, "1.0", "1.1"]))
def test_the_collecting_pass_counts_the_strings_of_each_record_it_reads(
    data: Any, version: str | None
) -> None:
    """What the collecting pass counts, the locator trusts (see _json.find_by_strings):
    the strings of each record read whole, and of the document, are those of its text,
    wrong values included."""
    sizes: dict[int, int] = {}
    _, _, nodes, strings = _convert.structure_counted(data, sizes, version)
    dicts = {id(found): found for kind in nodes[:-1] for found, _ in kind}
    for key, size in sizes.items():
        assert size == _strings_written(dicts[key])
    if strings is not None:
        assert strings == _strings_written(data)
    if not nodes[-1]:
        assert id(data) in sizes  # every record was read: the document too


#: One place per field of each class: array items past the first add nothing new.
PLACES = [path for path in _leaves(SEED) if all(k == 0 for k in path if isinstance(k, int))]


@pytest.mark.parametrize("value", ODD_VALUES, ids=[f"odd{i}" for i in range(len(ODD_VALUES))])
def test_each_odd_value_gets_the_same_verdict_in_every_field(value: Any) -> None:
    """Each odd value, put in each place of the example in turn, gets one verdict."""
    data = copy.deepcopy(SEED)
    for path in PLACES:
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        original = parent[path[-1]]
        parent[path[-1]] = value
        fast_ok, fast = _outcome(_fast, data)
        slow_ok, slow = _outcome(_collecting, data)
        parent[path[-1]] = original
        assert (fast_ok, fast) == (slow_ok, slow), path


def test_structure_summit_reports_through_the_collecting_path() -> None:
    """A rejected document raises ShapeError, with every problem."""
    data = copy.deepcopy(SEED)
    data["id"] = "Not A Slug"
    data["leaders"][0]["country"] = "XX"
    with pytest.raises(_convert.ShapeError) as caught:
        _convert.structure_summit(data)
    problems = caught.value.problems
    assert [(path, code) for path, code, _ in problems] == [
        ("$.id", "pattern"),
        ("$.leaders[0].country", "enum"),
    ]


def test_unstructure_round_trips_the_example() -> None:
    """Unstructuring a structured document gives the plain data back."""
    assert _convert.unstructure(_convert.structure_summit(SEED)) == SEED


def test_the_fast_path_reads_an_older_document_as_its_version_meant() -> None:
    """Given the version, the fast path fills legacy defaults and refuses newer fields."""
    from summitlib._versions import apply_legacy_defaults

    assert SEED["schema_version"] == "1.0"
    old = copy.deepcopy(SEED)
    for agenda in old["agendas"]:
        for goal in agenda["goals"]:
            goal.pop("confidence", None)  # absent in 1.0: meant "stated"
    expected = apply_legacy_defaults(_convert.structure_fast(copy.deepcopy(old), ())[0])
    versioned = _convert.structure_fast(copy.deepcopy(old), (), "1.0")[0]
    assert versioned == expected
    assert versioned != _convert.structure_fast(copy.deepcopy(old), ())[0]  # filled in
    newer = copy.deepcopy(SEED)
    newer["result"] = "agreement"
    _convert.structure_fast(newer, ())  # a well-formed value...
    with pytest.raises(_convert._Reject):
        _convert.structure_fast(newer, (), "1.0")  # ...that format 1.0 does not have


def test_a_newer_field_is_judged_as_the_rule_walk_judges_it() -> None:
    """Read for format 1.0, the fast path gives up on a goal holding a 1.1 key at all;
    the verdict is the rule walk's: null is as good as absent, anything else (an empty
    list too, which the fast path once let through) is a version problem."""
    import summitlib

    for value, codes in [(None, []), ([], ["version"]), (10, ["version"])]:
        data = copy.deepcopy(SEED)
        key = "positions" if type(value) is list else "bottom_line"
        data["agendas"][0]["goals"][0][key] = value
        with pytest.raises(_convert._Reject):
            _convert.structure_fast(copy.deepcopy(data), (), "1.0")
        problems = summitlib.validate(orjson.dumps(data)).problems
        assert [(p.path, p.code) for p in problems] == [
            (f"$.agendas[0].goals[0].{key}", code) for code in codes
        ]
        if not codes:
            assert summitlib.loads(orjson.dumps(data)) == summitlib.loads(SEED_BYTES)
        # Beside a shape problem too, where the collecting pass reads the goal.
        data["title"] = 5
        problems = summitlib.validate(orjson.dumps(data)).problems
        assert [(p.path, p.code) for p in problems] == [("$.title", "type")] + [
            (f"$.agendas[0].goals[0].{key}", code) for code in codes
        ]


def test_only_python_whitespace_and_the_bom_count_as_blank() -> None:
    """The fast text check asks the pattern only about whitespace and the BOM; no other
    character may be one the pattern takes for whitespace."""
    from summitlib._meta import STRING_KINDS

    search = STRING_KINDS["text"].compiled
    assert search is not None
    blank = [chr(c) for c in range(0x110000) if search.search(chr(c)) is None]
    assert "\ufeff" in blank
    assert [c for c in blank if not c.isspace() and c != "\ufeff"] == []


def test_an_invalid_document_is_checked_without_cattrs() -> None:
    """The full problem list comes from the generated collecting functions alone."""
    import subprocess
    import sys

    script = (
        "import sys, json, summitlib\n"
        f"data = json.loads({SEED_BYTES.decode('utf-8')!r})\n"
        "data['id'] = 'Not A Slug'\n"
        "data['leaders'][0]['colour'] = 'red'\n"
        "report = summitlib.validate(json.dumps(data))\n"
        "print(len(report), 'cattrs' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["2", "False"]


def test_collecting_paths_are_built_only_for_problems() -> None:
    """A lazy path becomes the JSON path text that key_path and indices give."""
    path = ((("$", "agendas"), 3), "goals")
    assert _convert._path_text(((path, 0), "$schema")) == "$.agendas[3].goals[0]['$schema']"
    assert _convert._path_text("$") == "$"


@given(
    st.lists(
        st.one_of(
            st.integers(0, 10**6),
            st.text(max_size=12),
            st.text(st.characters(codec="ascii"), max_size=12),
            st.sampled_from(["a.b", "it's", "back\\slash", "[0]", "\ud800", "goals"]),
        ),
        max_size=6,
    )
)
def test_a_path_built_from_its_parts_splits_as_its_text_does(parts: list[Any]) -> None:
    """A problem's path is remembered with its parts when it is built: splitting it
    again (to sort, to place) gives what splitting its text gives."""
    from summitlib import _paths

    path = _paths.path_of(parts)
    assert path == _paths.format_path(parts)
    assert _paths.split_path(path) == _paths._split(path)


_PARTS = st.one_of(
    st.integers(0, 10**6),
    st.text(max_size=6),
    st.sampled_from(["a.b", "it's", "\ud800", "goals", "position"]),
)


@given(st.lists(st.tuples(st.integers(0, 20), _PARTS), min_size=1, max_size=30), st.data())
def test_paths_below_the_same_parent_are_made_as_each_alone(
    steps: list[tuple[int, Any]], data: st.DataObject
) -> None:
    """Lazy paths sharing parents (a record's problems share its path) get the texts
    path_of gives each alone, and are remembered with their parts as it remembers them."""
    from summitlib import _paths

    # Each lazy path one part below an earlier one (or below the root, or a path text
    # made already, as an unknown key's problems are), as the collecting pass builds them.
    roots: list[Any] = ["$", "$.x['y z']"]
    made: list[tuple[Any, str, list[Any]]] = [(root, root, []) for root in roots]
    for parent, part in steps:
        lazy, base, parts = made[parent % len(made)]
        made.append(((lazy, part), base, [*parts, part]))
    asked = data.draw(st.lists(st.sampled_from(made), min_size=1, max_size=12))
    _paths._built.clear()
    texts = _convert._path_texts([lazy for lazy, _, _ in asked])
    assert texts == [_paths.path_of(parts, base) for _, base, parts in asked]
    for text, (_, base, parts) in zip(texts, asked, strict=True):
        if base == "$" and all(type(p) is int or p.isascii() for p in parts) and parts:
            assert _paths._built[text] == tuple(parts)
        assert _paths.split_path(text) == _paths._split(text)


@given(mutated(), st.booleans())
def test_the_quick_rule_check_trusts_only_what_the_rule_walk_confirms(
    data: Any, shape_problem: bool
) -> None:
    """On a document with shape problems, "the rules hold" from the records the
    collecting pass met is never said where the rule walk finds a problem."""
    from summitlib._rules import rule_problems, rules_hold

    if shape_problem:
        data["title"] = 5
    summit, problems, nodes = _convert.structure_checked(copy.deepcopy(data))
    if summit is not None:
        return
    assert problems
    if rules_hold(nodes):
        assert rule_problems(data) == []
    # Told the document's version, as validate tells it: newer fields marked in passing.
    version = data.get("schema_version")
    if version in ("1.0", "1.1"):
        _, _, nodes, _ = _convert.structure_counted(copy.deepcopy(data), {}, version)
        if rules_hold(nodes, versioned=True):
            assert rule_problems(data) == []


@pytest.mark.parametrize(
    ("key", "value"),
    [("position", 150), ("title", 5), ("confidence", "sure"), ("id", "Not A Slug")],
)
def test_a_stand_in_keeps_the_rule_problems_of_its_good_fields(key: str, value: Any) -> None:
    """A record wrong only in a scalar is a stand-in for the rules (that field None):
    a broken rule among its other fields is still seen."""
    from summitlib import model
    from summitlib._rules import rule_problems, rules_hold

    data = copy.deepcopy(SEED)
    goal = data["agendas"][0]["goals"][0]
    goal[key] = value
    _, problems, nodes = _convert.structure_checked(copy.deepcopy(data))
    stand_in = nodes[_convert.model_classes().index(model.Goal)][0][1]
    assert [p[0].rsplit(".", 1)[-1] for p in problems] == [key]
    assert type(stand_in) is model.Goal
    assert getattr(stand_in, key) is None
    assert rules_hold(nodes)  # nothing else is wrong
    goal["sources"] = ["nowhere"]
    _, _, nodes = _convert.structure_checked(copy.deepcopy(data))
    assert rule_problems(data)
    assert not rules_hold(nodes)


def test_a_stand_in_reads_null_as_the_rule_walk_does() -> None:
    """null where a field with a default may not be null is a problem; the rules read it
    as the default (a view of the dict does), and so does the record's stand-in."""
    from summitlib import model

    data = copy.deepcopy(SEED)
    data["leaders"][0]["participation"] = None
    _, problems, nodes = _convert.structure_checked(data)
    stand_in = nodes[_convert.model_classes().index(model.Leader)][0][1]
    assert [(p[0], p[1]) for p in problems] == [("$.leaders[0].participation", "type")]
    assert stand_in.participation is model.Participation.PARTY


def test_the_quick_rule_check_sees_a_broken_rule_beside_a_shape_problem() -> None:
    """A dangling reference next to a bad value is found, and reported with both."""
    from summitlib._rules import rule_problems, rules_hold

    data = copy.deepcopy(SEED)
    data["title"] = 5
    _, _, nodes = _convert.structure_checked(copy.deepcopy(data))
    assert rules_hold(nodes)
    data["agendas"][0]["goals"][0]["sources"] = ["nowhere"]
    _, _, nodes = _convert.structure_checked(copy.deepcopy(data))
    assert not rules_hold(nodes)
    assert [code for _, code, _ in rule_problems(data)] == ["reference"]


def test_a_summit_check_returned_is_not_checked_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """dumps(loads(text)) checks once; an evolved copy, equal or not, is checked anew."""
    import importlib

    import attrs

    import summitlib

    validate_module = importlib.import_module("summitlib.validate")
    summit = summitlib.loads(SEED_BYTES)
    calls: list[object] = []
    inner = validate_module._check

    def counting(document: object) -> Any:
        calls.append(document)
        return inner(document)

    monkeypatch.setattr(validate_module, "_check", counting)
    assert summitlib.dumps(summit) == summitlib.dumps(summit)
    assert calls == []
    copy_of = attrs.evolve(summit)
    assert copy_of == summit
    assert copy_of is not summit
    summitlib.dumps(copy_of)
    assert calls == [copy_of]
    with pytest.raises(summitlib.SummitValidationError):
        summitlib.dumps(attrs.evolve(summit, id="Not A Slug"))
    assert summitlib.validate(None).problems[0].code == "type"
    # Only so many are remembered: one forgotten is checked again, and still passes.
    monkeypatch.setattr(validate_module, "_CHECKED_KEPT", 2)
    kept = [summitlib.loads(SEED_BYTES) for _ in range(3)]
    calls.clear()
    summitlib.dumps(kept[-1])
    assert calls == []
    summitlib.dumps(kept[0])
    assert len(calls) == 1
    assert calls[0] is kept[0]


def test_days_in_month_agrees_with_calendar() -> None:
    # model.py counts days itself so that ``import summitlib`` need not import calendar.
    import calendar

    from summitlib.model import _days_in_month

    for year in (1, 4, 100, 400, 1900, 2000, 2023, 2024, 2100, 9999):
        for month in range(1, 13):
            assert _days_in_month(year, month) == calendar.monthrange(year, month)[1]


def test_model_classes_are_not_walked_at_import() -> None:
    import subprocess
    import sys

    code = (
        "import summitlib, sys; from summitlib import _graph, _convert;"
        "assert _graph._kinds.cache_info().currsize == 0;"
        "assert 'calendar' not in sys.modules;"
        "assert _convert.MODEL_CLASSES[0] is summitlib.Summit"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def _attrs_twin(cls: type) -> type:
    """The class attrs would make of *cls*'s fields, with attrs' own generated methods."""
    import attrs

    fields = {
        a.name: attrs.field(eq=a.eq, repr=a.repr, hash=a.hash, default=None)
        for a in attrs.fields(cls)
    }
    return attrs.make_class(cls.__name__, fields, frozen=True, kw_only=True)


def _records_in(value: object) -> list[object]:
    import attrs

    found: list[object] = []
    if attrs.has(type(value)):
        found.append(value)
        for a in attrs.fields(type(value)):
            found += _records_in(getattr(value, a.name))
    elif isinstance(value, tuple):
        for item in value:
            found += _records_in(item)
    return found


@settings(max_examples=25, deadline=None)
@given(summit=strategies.summits())
def test_shared_methods_behave_as_attrs_generated_ones(summit: Summit) -> None:
    # model classes get one shared __repr__/__eq__/__hash__ instead of attrs compiling
    # three per class at import; they must be indistinguishable from attrs' own.
    import attrs

    from summitlib import _meta

    for record in _records_in(summit):
        cls = type(record)
        assert cls.__repr__ is _meta._repr
        twin = _attrs_twin(cls)
        assert repr(record) == twin.__repr__(record)
        copy = attrs.evolve(record)
        assert (record == copy) is twin.__eq__(record, copy) is True
        assert hash(record) == hash(copy)
        assert record != object()
        assert record.__eq__(object()) is NotImplemented
        for a in attrs.fields(cls):
            changed = object.__new__(cls)
            for b in attrs.fields(cls):
                object.__setattr__(changed, b.name, getattr(record, b.name))
            object.__setattr__(changed, a.name, ("changed",))
            assert (record == changed) is twin.__eq__(record, changed) is False
            assert (record != changed) is True


def test_shared_methods_keep_attrs_semantics_at_the_edges() -> None:
    import attrs

    from summitlib import _meta, model

    nan = float("nan")
    position = object.__new__(model.Position)
    for a in attrs.fields(model.Position):
        object.__setattr__(position, a.name, nan if a.name == "value" else a.default)
    twin = _attrs_twin(model.Position)
    # The same NaN object: attrs compares fields with ==, so a record is not equal to itself.
    assert (position == position) is twin.__eq__(position, position) is False
    # A record that holds itself is shown with "..." where it recurs, as attrs does.
    date = model.PartialDate(2025)
    object.__setattr__(date, "month", date)
    twin_date = _attrs_twin(model.PartialDate)(year=2025)
    object.__setattr__(twin_date, "month", twin_date)
    assert repr(date) == repr(twin_date) == "PartialDate(year=2025, month=..., day=None)"
    assert _meta._REPRING.repring == set()


def test_remembered_strings_and_dates_are_bounded_and_only_good_ones_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What the generated checks remember is what passed, and no more than the limit."""
    import summitlib
    from summitlib.model import PartialDate

    monkeypatch.setattr(_convert, "_REMEMBERED", 3)
    _convert._DATES.clear()
    for day in range(1, 6):
        assert _convert._parse_date(f"2025-08-{day:02d}") == PartialDate(2025, 8, day)
        assert len(_convert._DATES) <= 3
    with pytest.raises(ValueError, match="not a real calendar date"):
        _convert._parse_date("2025-02-30")
    assert "2025-02-30" not in _convert._DATES
    data = copy.deepcopy(SEED)
    data["start_date"] = "2025-02-30"
    for _ in range(2):  # the second time, nothing remembered lets it through
        problems = summitlib.validate(orjson.dumps(data)).problems
        assert [(p.path, p.code) for p in problems] == [("$.start_date", "date")]
