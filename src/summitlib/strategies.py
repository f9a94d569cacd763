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
import functools
import re
from collections.abc import Sequence
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

from summitlib import taxonomy
from summitlib._convert import unstructure
from summitlib._countries import COUNTRY_CODES
from summitlib._meta import MAX_ID_LENGTH, STRING_KINDS
from summitlib.model import (
    SCHEMA_VERSION,
    Agenda,
    Aim,
    Confidence,
    FocusArea,
    Goal,
    Identifier,
    Leader,
    Location,
    PartialDate,
    Recommendation,
    Scale,
    Source,
    Status,
    Summit,
    Tactic,
    TacticCategory,
)

__all__ = [
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

_NON_BLANK: Final = re.compile(STRING_KINDS["text"].pattern or "")
#: The characters summitlib counts as whitespace (all in the Basic Multilingual Plane).
_WHITESPACE: Final = tuple(_NON_BLANK.sub("", "".join(map(chr, range(0x10000)))))
_SLUG_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
_TOPIC_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
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


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


@functools.cache
def slugs(*, max_parts: int = 3, max_part_size: int = 8) -> st.SearchStrategy[str]:
    """Identifiers: lowercase letters and digits in groups joined by single hyphens.

    >>> slugs().example()  # doctest: +SKIP
    'k3-q'
    """
    if max_parts * (max_part_size + 1) - 1 > MAX_ID_LENGTH:
        raise ValueError(f"slugs are at most {MAX_ID_LENGTH} characters long")
    part = st.text(_SLUG_ALPHABET, min_size=1, max_size=max_part_size)
    return st.lists(part, min_size=1, max_size=max_parts).map("-".join)


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
        raise ValueError("max_size must be at least min_size and at least 1")
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
    """Taxonomy codes written ``scheme:code``, e.g. ``cap:19`` or ``cap:19.1``."""
    # Schemes summitlib does not know: their codes are not checked.
    scheme = st.text(_SLUG_ALPHABET, max_size=4).map(lambda rest: "x" + rest)
    part = st.text(_TOPIC_ALPHABET, min_size=1, max_size=4)
    code = st.lists(st.tuples(st.sampled_from(".-"), part), max_size=2)
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


@functools.cache
def _numbers(low: float, high: float) -> st.SearchStrategy[float]:
    # Integers too: a JSON number without a fraction is as valid as one with.
    whole = st.integers(int(low), int(high))
    return st.floats(low, high, allow_nan=False, allow_infinity=False) | whole


@functools.cache
def identifiers() -> st.SearchStrategy[Identifier]:
    """Identifiers in outside registers, e.g. ``wikidata`` / ``Q7747``."""
    return st.builds(Identifier, scheme=slugs(max_parts=1), identifier=texts(max_size=12))


@functools.cache
def locations() -> st.SearchStrategy[Location]:
    """Places, with and without coordinates and country."""
    return st.builds(
        Location,
        name=texts(),
        locality=_optional(texts()),
        region=_optional(texts()),
        country=_optional(countries()),
        latitude=_optional(_numbers(-90, 90)),
        longitude=_optional(_numbers(-180, 180)),
    )


@functools.cache
def leaders(*, id: str | None = None, max_text_size: int = 40) -> st.SearchStrategy[Leader]:
    """Leaders; *id* fixes the id, otherwise it is an arbitrary slug."""
    return st.builds(
        Leader,
        id=slugs() if id is None else st.just(id),
        name=texts(max_size=max_text_size),
        country=countries(),
        role=texts(max_size=max_text_size),
        short_name=_optional(texts(max_size=max_text_size)),
        other_names=_text_lists(2, max_text_size),
        identifiers=st.lists(identifiers(), max_size=2).map(tuple),
    )


@functools.cache
def scales() -> st.SearchStrategy[Scale]:
    """What positions 0 and 100 mean on a focus area."""
    return st.builds(Scale, low=texts(), high=texts())


@functools.cache
def focus_areas(
    *, id: str | None = None, scaled: bool | None = None, max_text_size: int = 40
) -> st.SearchStrategy[FocusArea]:
    """Focus areas; *scaled* True or False forces a scale or none, None leaves it to chance."""
    scale: st.SearchStrategy[Any] = _optional(scales())
    if scaled is not None:
        scale = scales() if scaled else st.none()
    return st.builds(
        FocusArea,
        id=slugs() if id is None else st.just(id),
        label=texts(max_size=max_text_size),
        description=_optional(texts(max_size=max_text_size)),
        topic=_optional(topics()),
        scale=scale,
    )


def _tuple(ids: Sequence[str] | None) -> tuple[str, ...] | None:
    return None if ids is None else tuple(ids)


def _pick(ids: Sequence[str] | None) -> st.SearchStrategy[str]:
    """One of *ids*, or any slug when there are none given."""
    return slugs() if ids is None else st.sampled_from(tuple(ids))


@functools.cache
def _references(ids: tuple[str, ...] | None) -> st.SearchStrategy[tuple[str, ...]]:
    if ids is None:
        return st.lists(slugs(), max_size=2, unique=True).map(tuple)
    if not ids:
        return st.just(())
    return st.lists(st.sampled_from(ids), max_size=3, unique=True).map(tuple)


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
        raise ValueError("a goal needs at least one focus area id to refer to")
    return _goals(
        id,
        None if focus_areas is None else tuple(focus_areas),
        None if sources is None else tuple(sources),
        scored,
        max_text_size,
    )


@functools.cache
def _goals(
    id: str | None,
    focus_areas: tuple[str, ...] | None,
    sources: tuple[str, ...] | None,
    scored: bool | None,
    max_text_size: int,
) -> st.SearchStrategy[Goal]:
    number: st.SearchStrategy[Any]
    if scored is None:
        number = _optional(_numbers(0, 100))
    else:
        number = _numbers(0, 100) if scored else st.none()
    return st.builds(
        Goal,
        id=slugs() if id is None else st.just(id),
        focus_area=slugs() if focus_areas is None else st.sampled_from(focus_areas),
        title=texts(max_size=max_text_size),
        emphasis=_optional(texts(max_size=max_text_size)),
        details=_text_lists(2, max_text_size),
        position=number,
        salience=number,
        confidence=st.sampled_from(Confidence),
        sources=_references(sources),
    )


def tactics(
    *, sources: Sequence[str] | None = None, max_text_size: int = 40
) -> st.SearchStrategy[Tactic]:
    """Tactics citing some of *sources* (ids)."""
    return _tactics(None if sources is None else tuple(sources), max_text_size)


@functools.cache
def _tactics(sources: tuple[str, ...] | None, max_text_size: int) -> st.SearchStrategy[Tactic]:
    return st.builds(
        Tactic,
        element=texts(max_size=max_text_size),
        approach=texts(max_size=max_text_size),
        category=_optional(st.sampled_from(TacticCategory)),
        sources=_references(sources),
    )


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
    # Records are drawn from cached strategies with arbitrary ids and references, which
    # are then replaced: building a new strategy for each id costs more than drawing.
    template = goals(max_text_size=max_text_size)
    agenda_goals = tuple(
        attrs.evolve(
            draw(template),
            id=goal_ids[index],
            focus_area=draw(_pick(focus_areas)),
            sources=draw(_references(_tuple(sources))),
        )
        for index in range(count)
    )
    return Agenda(
        leader=draw(slugs()) if leader is None else leader,
        vision=draw(texts(max_size=max_text_size)),
        goals=agenda_goals,
        tactics=tuple(
            draw(
                st.lists(
                    tactics(sources=_tuple(sources), max_text_size=max_text_size),
                    max_size=max_tactics,
                )
            )
        ),
    )


@functools.cache
def aims(*, leader: str | None = None) -> st.SearchStrategy[Aim]:
    """A leader's aim in a recommendation's focus area."""
    return st.builds(Aim, leader=slugs() if leader is None else st.just(leader), text=texts())


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
        raise ValueError("a recommendation needs at least one focus area id to refer to")
    if leaders is None:
        aimed = draw(_unique_slugs(0, 3))
    elif leaders:
        aimed = draw(st.lists(st.sampled_from(tuple(leaders)), unique=True, max_size=len(leaders)))
    else:
        aimed = []
    return Recommendation(
        id=draw(slugs()) if id is None else id,
        focus_area=draw(_pick(focus_areas)),
        title=draw(texts(max_size=max_text_size)),
        aims=tuple(attrs.evolve(draw(aims()), leader=leader) for leader in aimed),
        approaches=draw(_text_lists(2, max_text_size)),
        rationale=draw(_optional(texts(max_size=max_text_size))),
        sources=draw(_references(_tuple(sources))),
    )


@functools.cache
def sources(*, id: str | None = None, max_text_size: int = 40) -> st.SearchStrategy[Source]:
    """Sources, with and without URL, publisher and publication date."""
    return st.builds(
        Source,
        id=slugs() if id is None else st.just(id),
        title=texts(max_size=max_text_size),
        url=_optional(urls()),
        publisher=_optional(texts(max_size=max_text_size)),
        published=_optional(dates()),
    )


@functools.cache
def _date_range() -> st.SearchStrategy[tuple[PartialDate, PartialDate | None]]:
    return _date_ranges()


@st.composite
def _date_ranges(draw: st.DrawFn) -> tuple[PartialDate, PartialDate | None]:
    first = draw(dates())
    second = draw(_optional(dates()))
    if second is None:
        return first, None
    # Swapping an out-of-order pair yields an ordered one: the later date's last day is
    # after the earlier date's first day.
    if second.bounds()[1] < first.bounds()[0]:
        first, second = second, first
    return first, second


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
) -> st.SearchStrategy[Summit]:
    """Valid summits: every semantic rule holds; sizes are bounded by the arguments.

    ``max_goals`` and ``max_tactics`` are per agenda. Not every leader need have an
    agenda, nor every focus area a goal.
    """
    if min_leaders < 1:
        raise ValueError("a summit has at least one leader")
    return _summits(
        min_leaders=min_leaders,
        max_leaders=max_leaders,
        max_focus_areas=max_focus_areas,
        max_goals=max_goals,
        max_tactics=max_tactics,
        max_recommendations=max_recommendations,
        max_sources=max_sources,
        max_text_size=max_text_size,
    )


@st.composite
def _summits(
    draw: st.DrawFn,
    *,
    min_leaders: int = 1,
    max_leaders: int = 4,
    max_focus_areas: int = 6,
    max_goals: int = 4,
    max_tactics: int = 3,
    max_recommendations: int = 4,
    max_sources: int = 3,
    max_text_size: int = 40,
) -> Summit:
    leader_ids = draw(_unique_slugs(min_leaders, max(min_leaders, max_leaders)))
    area_ids = draw(_unique_slugs(0, max_focus_areas))
    source_ids = draw(_unique_slugs(0, max_sources))
    agenda_leaders = draw(st.permutations(leader_ids))[: draw(st.integers(0, len(leader_ids)))]
    goal_ids = draw(_unique_slugs(0, max_goals * len(agenda_leaders)))
    agenda_list = []
    for index, leader in enumerate(agenda_leaders):
        own = goal_ids[index * max_goals : (index + 1) * max_goals]
        agenda_list.append(
            draw(
                agendas(
                    leader=leader,
                    focus_areas=area_ids,
                    sources=source_ids,
                    goal_ids=own,
                    max_goals=max_goals,
                    max_tactics=max_tactics,
                    max_text_size=max_text_size,
                )
            )
        )
    recommendation_ids = draw(_unique_slugs(0, max_recommendations if area_ids else 0))
    start, end = draw(_date_range())
    return Summit(
        schema_version=SCHEMA_VERSION,
        id=draw(slugs()),
        title=draw(texts(max_size=max_text_size)),
        status=draw(st.sampled_from(Status)),
        start_date=start,
        end_date=end,
        location=draw(locations()),
        summary=draw(_optional(texts(max_size=max_text_size))),
        leaders=tuple(
            attrs.evolve(draw(leaders(max_text_size=max_text_size)), id=leader)
            for leader in leader_ids
        ),
        focus_areas=tuple(
            attrs.evolve(draw(focus_areas(max_text_size=max_text_size)), id=area)
            for area in area_ids
        ),
        agendas=tuple(agenda_list),
        recommendations=tuple(
            draw(
                recommendations(
                    id=rid,
                    focus_areas=area_ids,
                    leaders=leader_ids,
                    sources=source_ids,
                    max_text_size=max_text_size,
                )
            )
            for rid in recommendation_ids
        ),
        sources=tuple(
            attrs.evolve(draw(sources(max_text_size=max_text_size)), id=source)
            for source in source_ids
        ),
    )


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
        raise ValueError("need at least one leader and min_shared <= max_focus_areas")
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
    agenda_list = []
    for index, leader in enumerate(leader_ids):
        addressed = area_ids[:min_shared] + [
            area for area in area_ids[min_shared:] if draw(st.booleans())
        ]
        own = goal_ids[index * len(area_ids) :]
        template = goals(sources=(), scored=scored, max_text_size=max_text_size)
        agenda_goals = tuple(
            attrs.evolve(draw(template), id=own[number], focus_area=area)
            for number, area in enumerate(draw(st.permutations(addressed)))
        )
        agenda_list.append(
            Agenda(leader=leader, vision=draw(texts(max_size=max_text_size)), goals=agenda_goals)
        )
    return Summit(
        schema_version=SCHEMA_VERSION,
        id=draw(slugs()),
        title=draw(texts(max_size=max_text_size)),
        status=draw(st.sampled_from(Status)),
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


def agenda_pairs(
    **options: Any,
) -> st.SearchStrategy[tuple[Agenda, Agenda, tuple[FocusArea, ...]]]:
    """Two overlapping agendas and the focus areas they refer to: ``(a, b, areas)``.

    Takes the options of :func:`comparable_summits` (except the leader counts).
    """
    return comparable_summits(min_leaders=2, max_leaders=2, **options).map(
        lambda summit: (summit.agendas[0], summit.agendas[1], summit.focus_areas)
    )
