"""Hypothesis strategies that generate valid summit documents and their parts.

For property-testing code that consumes summit documents: every :class:`~summitlib.Summit`
drawn from :func:`summits` passes :func:`summitlib.validate` — ids are unique, every
reference resolves, there is at most one agenda per leader and one aim per leader in a
recommendation, dates are real and ordered, country codes are real. Text is drawn from
all of Unicode (except lone surrogates, which JSON text cannot carry) and, half the time,
from real-world strings in several scripts, right-to-left, with combining marks and emoji
sequences: non-ASCII text is the rule rather than the exception.

Needs `hypothesis <https://hypothesis.readthedocs.io>`_: ``pip install 'summitlib[strategies]'``.

>>> from hypothesis import given
>>> import summitlib
>>> from summitlib import strategies
>>> @given(strategies.summits(max_leaders=3))
... def test_round_trip(summit):
...     assert summitlib.loads(summitlib.dumps(summit)) == summit
>>> test_round_trip()

Strategies for single records (:func:`leaders`, :func:`goals`, …) generate values whose
every field is valid on its own; references to other records are drawn from the ids
you pass, or are arbitrary slugs when you pass none. :func:`comparable_summits` and
:func:`agenda_pairs` generate agendas that overlap on scaled focus areas, with positions
and saliences, for testing comparisons.
"""

from __future__ import annotations

import calendar
import enum
import functools
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

import attrs

try:
    from hypothesis import strategies as st
except ImportError as error:  # pragma: no cover - tested in a fresh environment
    raise ImportError(
        "summitlib.strategies needs Hypothesis, which is not installed: "
        "pip install 'summitlib[strategies]'",
        name=error.name,
    ) from error

from summitlib import _graph, model, taxonomy
from summitlib._convert import unstructure
from summitlib._countries import COUNTRY_CODES
from summitlib._meta import STRING_KINDS, FieldSpec
from summitlib._versions import is_newer
from summitlib.errors import SummitlibError
from summitlib.model import (
    Agenda,
    Aim,
    FocusArea,
    Goal,
    Identifier,
    Leader,
    Location,
    PartialDate,
    Recommendation,
    Scale,
    Source,
    Summit,
    Tactic,
)

__all__ = [
    "StrategyError",
    "agenda_pairs",
    "agendas",
    "aims",
    "comparable_summits",
    "countries",
    "dates",
    "focus_areas",
    "goals",
    "identifiers",
    "leaders",
    "locations",
    "recommendations",
    "records",
    "scales",
    "slugs",
    "sources",
    "summit_documents",
    "summits",
    "tactics",
    "texts",
    "topics",
    "urls",
]


class StrategyError(SummitlibError, ValueError):
    """Options that no valid value can meet (a slug longer than slugs may be, say)."""


_NON_BLANK: Final = re.compile(STRING_KINDS["text"].pattern or "")
#: The characters summitlib counts as whitespace (all in the Basic Multilingual Plane).
_WHITESPACE: Final = tuple(_NON_BLANK.sub("", "".join(map(chr, range(0x10000)))))
_ASCII: Final = tuple(map(chr, range(0x21, 0x7F)))


def _matching(pattern: re.Pattern[str] | None, make: Callable[[str], str]) -> str:
    """The printable ASCII characters c for which *make(c)* matches *pattern*.

    The alphabets of slugs and topic codes are read from their kind's pattern this way,
    so that a change to the pattern changes what is generated.
    """
    assert pattern is not None
    return "".join(c for c in _ASCII if pattern.search(make(c)))


_SLUG: Final = STRING_KINDS["slug"]
_SLUG_ALPHABET: Final = _matching(_SLUG.compiled, lambda c: c)
_SLUG_SEPARATORS: Final = "".join(
    c for c in _matching(_SLUG.compiled, lambda c: f"a{c}a") if c not in _SLUG_ALPHABET
)
_TOPIC: Final = STRING_KINDS["topic"]
_SCHEME_ALPHABET: Final = _matching(_TOPIC.compiled, lambda c: f"x{c}:1")
_CODE_ALPHABET: Final = _matching(_TOPIC.compiled, lambda c: f"x:{c}")
_CODE_SEPARATORS: Final = "".join(
    c for c in _matching(_TOPIC.compiled, lambda c: f"x:1{c}1") if c not in _CODE_ALPHABET
)
#: Real-world text that random code points rarely produce: names in several scripts,
#: right-to-left text, combining marks, emoji sequences, typographic punctuation and
#: text with surrounding whitespace (valid: only blank text is not).
_SAMPLE_TEXTS: Final = (
    "Vladimir Putin",
    "Владимир Путин",
    "Дональд Трамп",
    "习近平",
    "김정은",
    "安倍 晋三",
    "عبد الفتاح السيسي",
    "בנימין נתניהו",
    "नरेन्द्र मोदी",
    "Recep Tayyip Erdoğan",
    "Zürich",
    "Ελλάδα",
    "Joint Base Elmendorf–Richardson",
    "“Peace through strength”",
    "U.S.–Russia relations",
    "e\u0301 combining",
    "👩‍👩‍👧 🇺🇦 🏳️‍🌈",
    " leading and trailing spaces ",
    "line one\nline two",
    "x",
    "Sanctions relief",
)
#: Every code point a JSON string can hold: lone surrogates (category Cs) cannot be
#: encoded as UTF-8, and summitlib rejects them.
_CHARACTERS = st.characters(codec="utf-8")
_SOLID = st.characters(codec="utf-8", exclude_characters=_WHITESPACE)


#: Every code point a JSON string can hold: lone surrogates (category Cs) cannot be
#: encoded as UTF-8, and summitlib rejects them.
_CHARACTERS = st.characters(codec="utf-8")
_SOLID = st.characters(codec="utf-8", exclude_characters=_WHITESPACE)


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


@functools.cache
def slugs(*, max_parts: int = 3, max_part_size: int = 8) -> st.SearchStrategy[str]:
    """Identifiers: lowercase letters and digits in groups joined by single hyphens.

    The alphabet, the separator and the length limit are read from the ``slug`` kind.

    >>> slugs().example()  # doctest: +SKIP
    'k3-q'
    """
    if max_parts * (max_part_size + 1) - 1 > _SLUG.max_length:
        raise StrategyError(f"slugs are at most {_SLUG.max_length} characters long")
    part = st.text(_SLUG_ALPHABET, min_size=1, max_size=max_part_size)
    return st.lists(part, min_size=1, max_size=max_parts).map(_SLUG_SEPARATORS[:1].join)


@functools.cache
def _unique_slugs(min_size: int, max_size: int) -> st.SearchStrategy[list[str]]:
    return st.lists(slugs(), min_size=min_size, max_size=max_size, unique=True)


@functools.cache
def texts(
    *, min_size: int = 1, max_size: int = 40, alphabet: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[str]:
    """Non-blank text (at least one character that is not whitespace), any script.

    *min_size* and *max_size* count code points; the format allows up to 20,000.
    """
    if max_size < max(min_size, 1):
        raise StrategyError("max_size must be at least min_size and at least 1")
    # Built around one non-whitespace character rather than filtered: hypothesis
    # re-validates filtered strategies on every draw, which made documents 5x slower.
    characters = _CHARACTERS if alphabet is None else alphabet
    solid = _SOLID if alphabet is None else alphabet.filter(_NON_BLANK.search)
    generated = _non_blank_texts(
        st.text(characters, min_size=max(min_size - 1, 0), max_size=max_size - 1), solid
    )
    samples = [t for t in _SAMPLE_TEXTS if min_size <= len(t) <= max_size]
    if alphabet is not None or not samples:
        return generated
    # Half the time a real-world string: scripts, directions and emoji sequences that
    # random code points rarely combine, and much cheaper to draw.
    return st.one_of(st.sampled_from(samples), generated)


@st.composite
def _non_blank_texts(
    draw: st.DrawFn, around: st.SearchStrategy[str], solid: st.SearchStrategy[str]
) -> str:
    text = draw(around)
    at = draw(st.integers(0, len(text)))
    return text[:at] + draw(solid) + text[at:]


@functools.cache
def _text_lists(max_items: int, max_size: int) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(texts(max_size=max_size), max_size=max_items).map(tuple)


@functools.cache
def countries() -> st.SearchStrategy[str]:
    """ISO 3166-1 alpha-2 country codes that exist."""
    return st.sampled_from(COUNTRY_CODES)


@functools.cache
def topics() -> st.SearchStrategy[str]:
    """Taxonomy codes written ``scheme:code``, e.g. ``cap:19`` or ``cap:19.1``.

    Alphabets and separators are read from the ``topic`` kind's pattern.
    """
    # Schemes summitlib does not know: their codes are not checked.
    scheme = st.text(_SCHEME_ALPHABET, max_size=4).map(lambda rest: "x" + rest)
    part = st.text(_CODE_ALPHABET, min_size=1, max_size=4)
    code = st.lists(st.tuples(st.sampled_from(_CODE_SEPARATORS), part), max_size=2)
    free = st.builds(
        lambda s, first, rest: f"{s}:{first}" + "".join(sep + p for sep, p in rest),
        scheme,
        part,
        code,
    )
    # Known schemes (cap) accept only their own codes; see summitlib.taxonomy.
    known = st.sampled_from([str(topic) for topic in taxonomy.CAP])
    return st.one_of(known, free)


@functools.cache
def urls() -> st.SearchStrategy[str]:
    """Absolute http and https URLs without whitespace, with non-ASCII paths at times."""
    path = st.text(
        _SOLID,
        max_size=20,
    )
    return st.builds(
        lambda scheme, host, rest: f"{scheme}://{host}.example/{rest}",
        st.sampled_from(("http", "https")),
        slugs(max_parts=2),
        path,
    )


@st.composite
def dates(draw: st.DrawFn, *, min_year: int = 1, max_year: int = 9999) -> PartialDate:
    """Real calendar dates, partial at times: ``2025``, ``2025-08``, ``2025-08-15``."""
    year = draw(st.integers(min_year, max_year))
    precision = draw(st.sampled_from(("year", "month", "day")))
    if precision == "year":
        return PartialDate(year=year)
    month = draw(st.integers(1, 12))
    if precision == "month":
        return PartialDate(year=year, month=month)
    day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
    return PartialDate(year=year, month=month, day=day)


# -- records, from the field specs -----------------------------------------------------

#: Most items a list field gets, unless an option of :func:`summits` says otherwise.
_MAX_ITEMS: Final = 2
#: Largest whole number drawn for an integer field declared without a maximum.
_INTEGER_SPAN: Final = 500


@attrs.frozen
class _Options:
    """What shapes the records drawn: text sizes and list sizes, by field name."""

    max_text_size: int = 40
    sizes: tuple[tuple[str, tuple[int, int]], ...] = ()
    """(field name, (min, max)) for lists of records: ``leaders``, ``goals``, …"""
    root: type = Summit

    def size(self, info: _graph.FieldInfo) -> tuple[int, int]:
        for name, bounds in self.sizes:
            if name == info.name and info.record is not None:
                return max(bounds[0], info.spec.min_items), max(bounds[1], info.spec.min_items)
        return info.spec.min_items, max(_MAX_ITEMS, info.spec.min_items)


@functools.cache
def _numbers(low: float | None, high: float | None) -> st.SearchStrategy[float]:
    lo = -1e6 if low is None else low
    hi = 1e6 if high is None else high
    # Whole numbers too, as floats: a JSON number without a fraction is as valid as one with.
    whole = st.integers(int(lo), int(hi)).map(float)
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False) | whole


def _integers(spec: FieldSpec) -> st.SearchStrategy[int]:
    low = 0 if spec.minimum is None else int(spec.minimum)
    high = low + _INTEGER_SPAN if spec.maximum is None else int(spec.maximum)
    return st.integers(low, high)


@functools.cache
def _strings(kind_name: str | None, max_text_size: int) -> st.SearchStrategy[Any]:
    """Values of a string kind: each kind's own strategy, else its enum or its pattern."""
    if kind_name is None or kind_name == "text":
        return texts(max_size=max_text_size)
    known: dict[str, Callable[[], st.SearchStrategy[Any]]] = {
        "slug": slugs,
        "topic": topics,
        "url": urls,
        "date": dates,
    }
    if kind_name in known:
        return known[kind_name]()
    kind = STRING_KINDS[kind_name]
    if kind.enum is not None:
        return st.sampled_from(kind.enum)
    assert kind.compiled is not None  # a kind added later: its pattern says what fits
    return st.from_regex(kind.compiled, fullmatch=True).filter(lambda v: len(v) <= kind.max_length)


def _value(info: _graph.FieldInfo, options: _Options) -> st.SearchStrategy[Any]:
    tp, spec = info.type, info.spec
    if info.record is not None:
        return _records(info.record, options)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return st.sampled_from(tp)
    if tp is bool:
        return st.booleans()
    if tp is int:
        return _integers(spec)
    if tp is float:
        return _numbers(spec.minimum, spec.maximum)
    if spec.enum is not None:
        return st.sampled_from(spec.enum)
    return _strings(spec.kind, options.max_text_size)


def _field(info: _graph.FieldInfo, options: _Options) -> st.SearchStrategy[Any]:
    value = _value(info, options)
    if info.many:
        low, high = options.size(info)
        return st.lists(value, min_size=low, max_size=high).map(tuple)
    return _optional(value) if info.optional else value


@functools.cache
def _records(cls: type, options: _Options) -> st.SearchStrategy[Any]:
    kind = _graph.kinds(options.root)[cls]
    fields = {info.name: _field(info, options) for info in kind.fields}
    return st.builds(cls, **fields)


def records(
    cls: type, *, max_text_size: int = 40, root: type | None = None
) -> st.SearchStrategy[Any]:
    """Records of any model class, drawn from its field declarations alone.

    Every field is valid on its own: slugs, topics, URLs, dates and country codes of
    their kind, numbers within their bounds, enumerations sampled, nested records
    drawn the same way, optional fields sometimes absent. References are arbitrary
    slugs and ids may repeat: :func:`summits` wires them into a valid document.
    *root* is the root class of the model, for classes of a model that extends
    :class:`~summitlib.model.Summit`.
    """
    if root is None:
        root = Summit if cls in _graph.kinds() else cls
    return _records(cls, _Options(max_text_size=max_text_size, root=root))


# -- a valid document: identities unique, references wired, rules kept -----------------

#: Called on each record with its kind and the identities already used among its
#: siblings; returns the record, changed or not, or None to drop it.
_Visit = Callable[[_graph.Kind, Any, set[Any]], Any]


def _transform(
    record: Any, kind: _graph.Kind, graph: dict[type, _graph.Kind], visit: _Visit
) -> Any:
    """Apply *visit* to *record*, then to every record inside it, in document order."""
    return _transform_one(record, kind, graph, visit, set())


def _transform_one(
    record: Any,
    kind: _graph.Kind,
    graph: dict[type, _graph.Kind],
    visit: _Visit,
    siblings: set[Any],
) -> Any:
    record = visit(kind, record, siblings)
    if record is None:
        return None
    changes: dict[str, Any] = {}
    for info in kind.children:
        value = getattr(record, info.name)
        if value is None:
            continue
        assert info.record is not None
        child = graph[info.record]
        if info.many:
            seen: set[Any] = set()
            items = [_transform_one(item, child, graph, visit, seen) for item in value]
            new = tuple(item for item in items if item is not None)
            if len(new) != len(value) or any(a is not b for a, b in zip(new, value, strict=True)):
                changes[info.name] = new
        else:
            one = _transform_one(value, child, graph, visit, set())
            if one is None and not info.optional:
                return None  # the record cannot stand without it
            if one is not value:
                changes[info.name] = one
    return attrs.evolve(record, **changes) if changes else record


def _pools(summit: Any, root: type) -> dict[str, list[Any]]:
    """The ids of each kind with a document-wide identity, in document order."""
    out: dict[str, list[Any]] = {}
    for kind, record in _graph.walk_typed(summit, root):
        if kind.identity is not None and kind.scope == "document":
            out.setdefault(kind.cls.__name__, []).append(getattr(record, kind.identity.name))
    return {name: list(dict.fromkeys(ids)) for name, ids in out.items()}


def _fresh(value: str, seen: set[Any]) -> str:
    """*value*, or a variant of it not yet in *seen* (``value-2``, ``value-3``, …)."""
    number = 2
    candidate = value
    while candidate in seen:
        candidate = f"{value}{_SLUG_SEPARATORS[:1]}{number}"
        if len(candidate) > _SLUG.max_length:
            candidate = f"id{_SLUG_SEPARATORS[:1]}{number}"
        number += 1
    return candidate


def _drop_unresolvable(summit: Any, graph: dict[type, _graph.Kind], root: type) -> Any:
    """Drop the records whose required references have nothing to refer to."""
    while True:
        pools = _pools(summit, root)

        def visit(
            kind: _graph.Kind, record: Any, _: set[Any], pools: dict[str, list[Any]] = pools
        ) -> Any:
            for ref in kind.references:
                if not ref.many and not ref.optional and not pools.get(ref.refers_to or ""):
                    return None
            return record

        changed = _transform(summit, graph[root], graph, visit)
        if changed is summit:
            return summit
        summit = changed


def _unique_identities(
    draw: st.DrawFn, summit: Any, graph: dict[type, _graph.Kind], root: type
) -> Any:
    """Make every identity unique in its scope; an identity that is a reference takes a
    record not taken yet (a leader without an agenda), or the record is dropped."""
    pools = _pools(summit, root)
    used: dict[str, set[Any]] = {}

    def visit(kind: _graph.Kind, record: Any, siblings: set[Any]) -> Any:
        identity = kind.identity
        if identity is None or kind.scope is None:
            return record
        seen = siblings if kind.scope == "parent" else used.setdefault(kind.cls.__name__, set())
        value = old = getattr(record, identity.name)
        if identity.refers_to is not None:
            free = [v for v in pools.get(identity.refers_to, ()) if v not in seen]
            if value not in free:
                if not free:
                    return None
                value = draw(st.sampled_from(free))
        else:
            value = _fresh(value, seen)
        seen.add(value)
        return record if value == old else attrs.evolve(record, **{identity.name: value})

    return _transform(summit, graph[root], graph, visit)


def _wire_references(
    draw: st.DrawFn,
    summit: Any,
    graph: dict[type, _graph.Kind],
    root: type,
    given: Mapping[str, Sequence[Any]] | None = None,
) -> Any:
    """Point every reference that does not resolve at a record of the class it names.

    With *given* (ids by class name), only references to those classes are wired, to
    those ids; the others are left as they are.
    """
    pools = _pools(summit, root) if given is None else {k: list(v) for k, v in given.items()}
    known = {name: set(ids) for name, ids in pools.items()}

    def pick(name: str) -> Any:
        return draw(st.sampled_from(pools[name]))

    def visit(kind: _graph.Kind, record: Any, _: set[Any]) -> Any:
        changes: dict[str, Any] = {}
        for ref in kind.references:
            if ref is kind.identity:
                continue
            name = ref.refers_to or ""
            if given is not None and name not in given:
                continue
            value = getattr(record, ref.name)
            if ref.many:
                if all(v in known.get(name, ()) for v in value):
                    continue
                wired = (
                    [v if v in known[name] else pick(name) for v in value]
                    if pools.get(name)
                    else []
                )
                changes[ref.name] = tuple(dict.fromkeys(wired))
            elif value is not None and value not in known.get(name, ()):
                if pools.get(name):
                    changes[ref.name] = pick(name)
                elif ref.optional:
                    changes[ref.name] = None
                else:
                    return None
        return attrs.evolve(record, **changes) if changes else record

    return _transform(summit, graph[root], graph, visit)


@attrs.frozen
class _AllTime:
    """A stand-in summit for judging a record alone: it spans every date there is."""

    start_date: PartialDate = PartialDate(1)
    end_date: PartialDate = PartialDate(9999)


def _alone() -> _graph.Context:
    """A context with no other records to look up: only the record itself is judged."""
    return _graph.Context(_AllTime(), dict)


def _keep_rules(
    draw: st.DrawFn,
    summit: Any,
    graph: dict[type, _graph.Kind],
    root: type,
    context: Callable[[Any], _graph.Context] = _graph.typed_context,
) -> Any:
    """Repair what the record rules (``_rules.py``) find, without knowing the rules.

    A problem with a field is repaired by leaving that optional field out (a cited page
    past the source's end, a final position dated outside the summit, a bottom line on
    an area without a scale); a problem with the record as a whole, by filling in its
    absent optional fields (a leader with neither country nor organization). Each
    repair changes only the record the rule judged, so the others stay as checked.
    """
    from summitlib import _rules  # noqa: F401  (registers the rules)

    options = _Options(root=root)
    for _ in range(4):
        current = context(summit)

        def visit(
            kind: _graph.Kind, record: Any, _: set[Any], judge: _graph.Context = current
        ) -> Any:
            for _attempt in range(3):
                found = [p for check in _graph.rules_for(kind.cls) for p in check(record, judge)]
                if not found:
                    return record
                changes: dict[str, Any] = {}
                for key, code, message in found:
                    if key is not None:
                        info = next(i for i in kind.fields if i.key == key)
                        if not info.optional and info.default is attrs.NOTHING:
                            raise StrategyError(f"cannot repair {code!r}: {message}")
                        changes[info.name] = info.default
                    else:
                        for info in kind.fields:
                            if info.optional and getattr(record, info.name) is None:
                                changes[info.name] = draw(_value(info, options))
                record = attrs.evolve(record, **changes)
            raise StrategyError(f"cannot repair the rules of a {kind.label}: {found}")

        repaired = _transform(summit, graph[root], graph, visit)
        if repaired is summit:
            return summit
        summit = repaired
    return summit


def _keep_version(summit: Any, graph: dict[type, _graph.Kind], root: type) -> Any:
    """Raise ``schema_version`` to the newest format whose fields the summit uses, and
    give the fields an older format defaults (``legacy_defaults``) their meaning there."""
    version = summit.schema_version
    newest = version
    for kind, record in _graph.walk_typed(summit, root):
        for info in kind.fields:
            newer = is_newer(info.spec.since, newest)
            if newer and getattr(record, info.name) != info.default:
                newest = info.spec.since
    if newest != version:
        return attrs.evolve(summit, schema_version=newest)

    def visit(kind: _graph.Kind, record: Any, _: set[Any]) -> Any:
        changes = {
            info.name: value
            for info in kind.fields
            for old, value in info.spec.legacy_defaults
            if old == version and getattr(record, info.name) is None
        }
        return attrs.evolve(record, **changes) if changes else record

    return _transform(summit, graph[root], graph, visit)


def _valid(draw: st.DrawFn, summit: Any, root: type = Summit) -> Any:
    """Make a drawn summit valid: ids unique, references wired, rules and version kept."""
    graph = _graph.kinds(root)
    summit = _drop_unresolvable(summit, graph, root)
    summit = _unique_identities(draw, summit, graph, root)
    summit = _drop_unresolvable(summit, graph, root)
    summit = _wire_references(draw, summit, graph, root)
    summit = _keep_rules(draw, summit, graph, root)
    return _keep_version(summit, graph, root)


@st.composite
def _single(
    draw: st.DrawFn,
    cls: type,
    max_text_size: int = 40,
    fixed: tuple[tuple[str, Any], ...] = (),
    pools: tuple[tuple[str, tuple[str, ...] | None], ...] = (),
) -> Any:
    """A record valid on its own: fields *fixed*, references to the classes of *pools*
    drawn from those ids (None: arbitrary slugs), the record's own rules kept."""
    graph = _graph.kinds()
    record = draw(_records(cls, _Options(max_text_size=max_text_size)))
    if fixed:
        record = attrs.evolve(record, **dict(fixed))
    given = {name: ids for name, ids in pools if ids is not None}
    if given:
        record = _wire_references(draw, record, graph, cls, given)
        if record is None:
            raise StrategyError(f"a {graph[cls].label} needs ids to refer to")
    return _keep_rules(draw, record, graph, cls, lambda _: _alone())


def _ids(ids: Sequence[str] | None) -> tuple[str, ...] | None:
    return None if ids is None else tuple(ids)


@functools.cache
def identifiers() -> st.SearchStrategy[Identifier]:
    """Identifiers in outside registers, e.g. ``wikidata`` / ``Q7747``."""
    return _single(Identifier)


@functools.cache
def locations() -> st.SearchStrategy[Location]:
    """Places, with and without coordinates and country."""
    return _single(Location)


@functools.cache
def leaders(*, id: str | None = None, max_text_size: int = 40) -> st.SearchStrategy[Leader]:
    """Leaders; *id* fixes the id, otherwise it is an arbitrary slug."""
    return _single(Leader, max_text_size, () if id is None else (("id", id),))


@functools.cache
def scales() -> st.SearchStrategy[Scale]:
    """What positions 0 and 100 mean on a focus area."""
    return _single(Scale)


@functools.cache
def focus_areas(
    *, id: str | None = None, scaled: bool | None = None, max_text_size: int = 40
) -> st.SearchStrategy[FocusArea]:
    """Focus areas; *scaled* True or False forces a scale or none, None leaves it to chance."""
    strategy = _single(FocusArea, max_text_size, () if id is None else (("id", id),))
    if scaled is None:
        return strategy
    if not scaled:
        return strategy.map(lambda area: attrs.evolve(area, scale=None))
    return st.builds(lambda area, scale: attrs.evolve(area, scale=scale), strategy, scales())


def goals(
    *,
    id: str | None = None,
    focus_areas: Sequence[str] | None = None,
    sources: Sequence[str] | None = None,
    scored: bool | None = None,
    max_text_size: int = 40,
) -> st.SearchStrategy[Goal]:
    """Goals in one of *focus_areas* (ids), citing some of *sources* (ids).

    *scored* True gives every goal a position and a salience, False gives none,
    None leaves each to chance. Without *focus_areas* the focus area is any slug.
    """
    if focus_areas is not None and not focus_areas:
        raise StrategyError("a goal needs at least one focus area id to refer to")
    return _goals(id, _ids(focus_areas), _ids(sources), scored, max_text_size)


@functools.cache
def _goals(
    id: str | None,
    focus_areas: tuple[str, ...] | None,
    sources: tuple[str, ...] | None,
    scored: bool | None,
    max_text_size: int,
) -> st.SearchStrategy[Goal]:
    strategy = _single(
        Goal,
        max_text_size,
        () if id is None else (("id", id),),
        (("FocusArea", focus_areas), ("Source", sources)),
    )
    if scored is None:
        return strategy
    if not scored:
        return strategy.map(lambda goal: attrs.evolve(goal, position=None, salience=None))
    number = _numbers(0, 100)
    return st.builds(
        lambda goal, position, salience: attrs.evolve(goal, position=position, salience=salience),
        strategy,
        number,
        number,
    )


def tactics(
    *, sources: Sequence[str] | None = None, max_text_size: int = 40
) -> st.SearchStrategy[Tactic]:
    """Tactics citing some of *sources* (ids)."""
    return _single(Tactic, max_text_size, (), (("Source", _ids(sources)),))


@st.composite
def agendas(
    draw: st.DrawFn,
    *,
    leader: str | None = None,
    focus_areas: Sequence[str] | None = None,
    sources: Sequence[str] | None = None,
    goal_ids: Sequence[str] | None = None,
    max_goals: int = 4,
    max_tactics: int = 3,
    max_text_size: int = 40,
) -> Agenda:
    """An agenda for *leader* (an id); goal ids come from *goal_ids* when given.

    Goal ids are unique within the agenda. With *focus_areas* empty the agenda has no goals.
    """
    if goal_ids is None:
        goal_ids = draw(_unique_slugs(0, max_goals))
    count = 0 if focus_areas is not None and not focus_areas else min(len(goal_ids), max_goals)
    template = goals(focus_areas=focus_areas, sources=sources, max_text_size=max_text_size)
    return Agenda(
        leader=draw(slugs()) if leader is None else leader,
        vision=draw(texts(max_size=max_text_size)),
        goals=tuple(attrs.evolve(draw(template), id=goal_ids[n]) for n in range(count)),
        tactics=tuple(
            draw(
                st.lists(
                    tactics(sources=sources, max_text_size=max_text_size), max_size=max_tactics
                )
            )
        ),
    )


@functools.cache
def aims(*, leader: str | None = None) -> st.SearchStrategy[Aim]:
    """A leader's aim in a recommendation's focus area."""
    return _single(Aim, 40, () if leader is None else (("leader", leader),))


@st.composite
def recommendations(
    draw: st.DrawFn,
    *,
    id: str | None = None,
    focus_areas: Sequence[str] | None = None,
    leaders: Sequence[str] | None = None,
    sources: Sequence[str] | None = None,
    max_text_size: int = 40,
) -> Recommendation:
    """A recommendation on one of *focus_areas*, with at most one aim per leader of *leaders*."""
    if focus_areas is not None and not focus_areas:
        raise StrategyError("a recommendation needs at least one focus area id to refer to")
    if leaders is None:
        aimed = draw(_unique_slugs(0, 3))
    elif leaders:
        aimed = draw(st.lists(st.sampled_from(tuple(leaders)), unique=True, max_size=len(leaders)))
    else:
        aimed = []
    pools = (("FocusArea", _ids(focus_areas)), ("Source", _ids(sources)))
    fixed = () if id is None else (("id", id),)
    recommendation: Recommendation = draw(_single(Recommendation, max_text_size, fixed, pools))
    return attrs.evolve(
        recommendation,
        aims=tuple(attrs.evolve(draw(aims()), leader=leader) for leader in aimed),
    )


@functools.cache
def sources(*, id: str | None = None, max_text_size: int = 40) -> st.SearchStrategy[Source]:
    """Sources, with and without URL, publisher, publication date and page count."""
    return _single(Source, max_text_size, () if id is None else (("id", id),))


def summits(
    *,
    min_leaders: int = 1,
    max_leaders: int = 4,
    max_focus_areas: int = 6,
    max_goals: int = 4,
    max_tactics: int = 3,
    max_recommendations: int = 4,
    max_sources: int = 3,
    max_text_size: int = 40,
    root: type | None = None,
) -> st.SearchStrategy[Summit]:
    """Valid summits: every rule holds; sizes are bounded by the arguments.

    Drawn from the field declarations: records of every kind, then ids made unique,
    references wired to records of the class they name, and what the record rules
    find repaired (see the module's documentation). ``max_goals`` and ``max_tactics``
    are per agenda; other lists hold up to two items. Not every leader need have an
    agenda, nor every focus area a goal. *root* draws summits of a model that extends
    :class:`~summitlib.model.Summit` (a subclass of it).
    """
    if min_leaders < 1:
        raise StrategyError("a summit has at least one leader")
    sizes = (
        ("leaders", (min_leaders, max(min_leaders, max_leaders))),
        ("agendas", (0, max(min_leaders, max_leaders))),
        ("focus_areas", (0, max_focus_areas)),
        ("goals", (0, max_goals)),
        ("tactics", (0, max_tactics)),
        ("recommendations", (0, max_recommendations)),
        ("sources", (0, max_sources)),
    )
    model_root = Summit if root is None else root
    return _summits(_Options(max_text_size=max_text_size, sizes=sizes, root=model_root))


@functools.cache
def _summits(options: _Options) -> st.SearchStrategy[Summit]:
    return _valid_summits(_records(options.root, options), options.root)


@st.composite
def _valid_summits(draw: st.DrawFn, drawn: st.SearchStrategy[Any], root: type) -> Any:
    return _valid(draw, draw(drawn), root)


def summit_documents(**options: Any) -> st.SearchStrategy[dict[str, Any]]:
    """Valid documents as plain JSON-ready data (what :func:`json.loads` returns).

    Takes the options of :func:`summits`; the dict is in canonical form.
    """
    return summits(**options).map(unstructure)


def comparable_summits(
    *,
    min_leaders: int = 2,
    max_leaders: int = 3,
    min_shared: int = 1,
    max_focus_areas: int = 6,
    scored: bool | None = True,
    max_text_size: int = 20,
) -> st.SearchStrategy[Summit]:
    """Valid summits whose agendas overlap, for testing comparisons.

    Every leader has an agenda; every focus area has a scale; each agenda has at most
    one goal per focus area; the first *min_shared* focus areas are addressed by every
    agenda, the others by a random subset. *scored* True gives every goal a position
    and a salience, None leaves each to chance (to exercise one-sided and unscored areas).
    """
    if min_leaders < 1 or min_shared > max_focus_areas:
        raise StrategyError("need at least one leader and min_shared <= max_focus_areas")
    return _comparable_summits(
        min_leaders=min_leaders,
        max_leaders=max_leaders,
        min_shared=min_shared,
        max_focus_areas=max_focus_areas,
        scored=scored,
        max_text_size=max_text_size,
    )


@st.composite
def _comparable_summits(
    draw: st.DrawFn,
    *,
    min_leaders: int = 2,
    max_leaders: int = 3,
    min_shared: int = 1,
    max_focus_areas: int = 6,
    scored: bool | None = True,
    max_text_size: int = 20,
) -> Summit:
    leader_ids = draw(_unique_slugs(min_leaders, max(min_leaders, max_leaders)))
    area_ids = draw(_unique_slugs(max(min_shared, 1), max(max_focus_areas, 1)))
    goal_ids = draw(_unique_slugs(len(area_ids) * len(leader_ids), len(area_ids) * len(leader_ids)))
    template = goals(focus_areas=area_ids, sources=(), scored=scored, max_text_size=max_text_size)
    agenda_list = []
    for index, leader in enumerate(leader_ids):
        addressed = area_ids[:min_shared] + [
            area for area in area_ids[min_shared:] if draw(st.booleans())
        ]
        own = goal_ids[index * len(area_ids) :]
        agenda_goals = tuple(
            attrs.evolve(draw(template), id=own[number], focus_area=area)
            for number, area in enumerate(draw(st.permutations(addressed)))
        )
        agenda_list.append(
            Agenda(leader=leader, vision=draw(texts(max_size=max_text_size)), goals=agenda_goals)
        )
    summit = Summit(
        id=draw(slugs()),
        title=draw(texts(max_size=max_text_size)),
        status=draw(st.sampled_from(model.Status)),
        start_date=draw(dates(min_year=1990, max_year=2040)),
        location=draw(locations()),
        leaders=tuple(
            attrs.evolve(draw(leaders(max_text_size=max_text_size)), id=leader)
            for leader in leader_ids
        ),
        focus_areas=tuple(
            attrs.evolve(draw(focus_areas(scaled=True, max_text_size=max_text_size)), id=area)
            for area in area_ids
        ),
        agendas=tuple(agenda_list),
    )
    # Links between goals (conditional_on, packaged_with) are wired to goals that exist.
    return _valid(draw, summit)  # type: ignore[no-any-return]


def agenda_pairs(
    **options: Any,
) -> st.SearchStrategy[tuple[Agenda, Agenda, tuple[FocusArea, ...]]]:
    """Two overlapping agendas and the focus areas they refer to: ``(a, b, areas)``.

    Takes the options of :func:`comparable_summits` (except the leader counts).
    """
    return comparable_summits(min_leaders=2, max_leaders=2, **options).map(
        lambda summit: (summit.agendas[0], summit.agendas[1], summit.focus_areas)
    )
