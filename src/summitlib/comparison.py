"""Compare leaders' agendas: alignment per focus area, negotiation map, agreement matrix.

Per focus area, two positions on the area's 0–100 scale give an agreement of
``1 - |a - b| / 100``, classified by :class:`Thresholds`. An area only one side addresses
is *one-sided* and an area without a position on both sides is *unscored*: missing data
is never counted as disagreement. The overall agreement weights the scored areas by the
mean of both sides' salience. docs/comparison.md gives the formulas and works through
the seed.

>>> import summitlib
>>> summit = summitlib.load(summitlib.examples.path("alaska-2025"))
>>> trump, putin = summit.agendas
>>> result = summitlib.compare(trump, putin, summit.focus_areas)
>>> [area.alignment.value for area in result.areas if area.a and area.b]
['divergent', 'divergent', 'partial']
>>> round(result.agreement, 3), result.coverage
(0.401, 0.5)
"""

from __future__ import annotations

import enum
import heapq
import itertools
import math
from collections.abc import Iterable, Sequence
from typing import Any, Final

import attrs

from summitlib.errors import InvalidArgumentError
from summitlib.model import Agenda, FocusArea, Goal, Leader, Participation, Summit

__all__ = [
    "CARE_THRESHOLD",
    "DEFAULT_SALIENCE",
    "DEFAULT_THRESHOLDS",
    "MAX_TRADE_OFFS",
    "AgreementMatrix",
    "Alignment",
    "AreaComparison",
    "Comparison",
    "NegotiationMap",
    "Stance",
    "Thresholds",
    "TradeOff",
    "agreement_matrix",
    "combined_focus_areas",
    "compare",
    "compare_documents",
    "compare_summit",
    "match_leaders",
    "negotiation_map",
]

#: Salience assumed for a leader's goals in an area when none of them gives one: the
#: middle of the scale, so an unknown salience neither inflates nor hides an area.
DEFAULT_SALIENCE: Final = 50.0

#: A side "cares about" an area when its salience there is at least this (0–100).
CARE_THRESHOLD: Final = 50.0

#: Trade-offs :func:`negotiation_map` keeps unless told otherwise; the rest are counted.
MAX_TRADE_OFFS: Final = 10


class Alignment(str, enum.Enum):
    """How two leaders' stances on one focus area relate."""

    CONVERGENT = "convergent"
    """Both have positions, and their agreement is at least ``Thresholds.convergent``."""
    PARTIAL = "partial"
    """Both have positions; agreement between the two thresholds."""
    DIVERGENT = "divergent"
    """Both have positions, and their agreement is below ``Thresholds.divergent``."""
    ONE_SIDED = "one-sided"
    """Only one leader addresses the area; never counted as disagreement."""
    UNSCORED = "unscored"
    """Both address the area, but at least one gives no position."""


@attrs.frozen(kw_only=True)
class Thresholds:
    """Where agreement values divide convergent, partial and divergent areas.

    An area is convergent when ``agreement >= convergent``, divergent when
    ``agreement < divergent``, and partial in between. The defaults call positions up to
    25 points apart convergent and more than 50 points apart divergent.

    >>> Thresholds(convergent=0.9, divergent=0.3).classify(0.5)
    <Alignment.PARTIAL: 'partial'>
    """

    convergent: float = 0.75
    divergent: float = 0.5

    def __attrs_post_init__(self) -> None:
        if not 0.0 <= self.divergent <= self.convergent <= 1.0:
            raise InvalidArgumentError(
                "thresholds must satisfy 0 <= divergent <= convergent <= 1 "
                f"(got divergent={self.divergent!r}, convergent={self.convergent!r})"
            )

    def classify(self, agreement: float) -> Alignment:
        """Return the alignment class of an agreement value in [0, 1]."""
        if agreement >= self.convergent:
            return Alignment.CONVERGENT
        if agreement < self.divergent:
            return Alignment.DIVERGENT
        return Alignment.PARTIAL


#: The thresholds :func:`compare` uses unless told otherwise.
DEFAULT_THRESHOLDS: Final = Thresholds()


@attrs.frozen(kw_only=True)
class Stance:
    """One leader's combined stance on one focus area, from all their goals in it.

    ``position`` is the salience-weighted mean of the goals' positions (goals without a
    salience weigh :data:`DEFAULT_SALIENCE`; if every weight is 0, the plain mean);
    ``salience`` is the largest salience of the goals, or ``None`` if none gives one.
    """

    leader: str
    goals: tuple[str, ...]
    """Ids of the leader's goals in the area, in document order."""
    emphases: tuple[str, ...]
    """The goals' ``emphasis`` texts, in document order."""
    position: float | None
    salience: float | None

    @property
    def weight(self) -> float:
        """The salience used for weighting: ``salience``, or :data:`DEFAULT_SALIENCE`."""
        return DEFAULT_SALIENCE if self.salience is None else self.salience

    def as_dict(self) -> dict[str, Any]:
        """Return the stance as JSON-ready data."""
        return {
            "leader": self.leader,
            "goals": list(self.goals),
            "emphases": list(self.emphases),
            "position": self.position,
            "salience": self.salience,
        }


@attrs.frozen(kw_only=True)
class AreaComparison:
    """Two leaders' stances on one focus area, and how far they agree.

    ``a`` or ``b`` is ``None`` when that leader has no goal in the area. ``agreement`` is
    ``1 - |a.position - b.position| / 100``, or ``None`` when not comparable. ``weight``
    is the mean of both sides' salience for scored areas, and 0 otherwise.
    """

    focus_area: str
    label: str
    a: Stance | None
    b: Stance | None
    agreement: float | None
    alignment: Alignment
    weight: float

    @property
    def distance(self) -> float | None:
        """``|a.position - b.position| / 100``, or ``None`` when not comparable."""
        return None if self.agreement is None else 1.0 - self.agreement

    def mirrored(self) -> AreaComparison:
        """Return the same comparison with the sides swapped."""
        return attrs.evolve(self, a=self.b, b=self.a)

    def as_dict(self) -> dict[str, Any]:
        """Return the area comparison as JSON-ready data."""
        return {
            "focus_area": self.focus_area,
            "label": self.label,
            "alignment": self.alignment.value,
            "agreement": self.agreement,
            "weight": self.weight,
            "a": None if self.a is None else self.a.as_dict(),
            "b": None if self.b is None else self.b.as_dict(),
        }


@attrs.frozen(kw_only=True)
class Comparison:
    """The comparison of two leaders' agendas, one entry per focus area either addresses.

    ``areas`` follow the order of the focus areas given to :func:`compare`; areas a goal
    names but that list lacks come last, by id. ``agreement`` is the weighted mean of the
    scored areas' agreement (``None`` if no area is scored); ``coverage`` is the share of
    areas either side addresses that are scored (``None`` if neither addresses any).
    """

    a: str
    """Id of the first leader."""
    b: str
    """Id of the second leader."""
    areas: tuple[AreaComparison, ...]
    agreement: float | None
    coverage: float | None
    thresholds: Thresholds = DEFAULT_THRESHOLDS

    def area(self, focus_area: str) -> AreaComparison:
        """Return the entry for *focus_area*; raise ``KeyError`` if neither side addresses it."""
        for area in self.areas:
            if area.focus_area == focus_area:
                return area
        raise KeyError(focus_area)

    def with_alignment(self, alignment: Alignment) -> tuple[AreaComparison, ...]:
        """Return the areas of one alignment class, in order."""
        return tuple(area for area in self.areas if area.alignment is alignment)

    def mirrored(self) -> Comparison:
        """Return the comparison with the sides swapped, as ``compare(b, a)`` would."""
        return attrs.evolve(
            self, a=self.b, b=self.a, areas=tuple(area.mirrored() for area in self.areas)
        )

    def as_dict(self) -> dict[str, Any]:
        """Return the comparison as JSON-ready data.

        ``a`` and ``b`` are the leaders' ids, as on the object and in each area's
        stances; ``leaders`` is the pair ``[a, b]`` (its first name, kept).

        >>> import summitlib
        >>> summit = summitlib.load(summitlib.examples.path("alaska-2025"))
        >>> data = summitlib.compare_summit(summit)[0].as_dict()
        >>> data["a"], data["b"], data["leaders"]
        ('trump', 'putin', ['trump', 'putin'])
        """
        return {
            "a": self.a,
            "b": self.b,
            "leaders": [self.a, self.b],
            "agreement": self.agreement,
            "coverage": self.coverage,
            "thresholds": {
                "convergent": self.thresholds.convergent,
                "divergent": self.thresholds.divergent,
            },
            "areas": [area.as_dict() for area in self.areas],
        }


def _finite(value: float | None) -> float | None:
    """Treat non-finite numbers (only possible in objects built by hand) as missing."""
    if value is None or not math.isfinite(value):
        return None
    return float(value)


def _stances(agenda: Agenda) -> dict[str, Stance]:
    """Group one agenda's goals by focus area and combine each group into a stance."""
    groups: dict[str, list[Goal]] = {}
    for goal in agenda.goals:
        groups.setdefault(goal.focus_area, []).append(goal)
    return {area: _stance(agenda.leader, goals) for area, goals in groups.items()}


def _combined_position(positioned: Sequence[tuple[float, float | None]]) -> float | None:
    """One leader's position in an area from its goals' ``(position, salience)`` pairs.

    The salience-weighted mean (a missing salience weighs :data:`DEFAULT_SALIENCE`; all
    zero, the plain mean); one goal's position is taken exactly. Every analysis that
    combines goals (comparison, forecast, the HTML charts) goes through here.
    """
    if not positioned:
        return None
    if len(positioned) == 1:
        # Exactly the goal's position: p·w/w may differ from p in the last bit.
        return positioned[0][0]
    weighted = [(p, DEFAULT_SALIENCE if w is None else w) for p, w in positioned]
    # fsum is exactly rounded, so the mean does not depend on the order of the goals.
    total = math.fsum(w for _, w in weighted)
    if total > 0:
        return math.fsum(p * w for p, w in weighted) / total
    return math.fsum(p for p, _ in weighted) / len(weighted)


def _stance(leader: str, goals: Sequence[Goal]) -> Stance:
    saliences = [s for s in (_finite(goal.salience) for goal in goals) if s is not None]
    positioned = [
        (p, _finite(goal.salience)) for goal in goals if (p := _finite(goal.position)) is not None
    ]
    return Stance(
        leader=leader,
        goals=tuple(goal.id for goal in goals),
        emphases=tuple(goal.emphasis for goal in goals if goal.emphasis is not None),
        position=_combined_position(positioned),
        salience=max(saliences) if saliences else None,
    )


def _area(
    area_id: str, label: str, a: Stance | None, b: Stance | None, thresholds: Thresholds
) -> AreaComparison:
    if a is None or b is None:
        alignment, agreement, weight = Alignment.ONE_SIDED, None, 0.0
    elif a.position is None or b.position is None:
        alignment, agreement, weight = Alignment.UNSCORED, None, 0.0
    else:
        agreement = min(1.0, max(0.0, (100.0 - abs(a.position - b.position)) / 100.0))
        alignment = thresholds.classify(agreement)
        weight = (a.weight + b.weight) / 2.0
    return AreaComparison(
        focus_area=area_id,
        label=label,
        a=a,
        b=b,
        agreement=agreement,
        alignment=alignment,
        weight=weight,
    )


def _compare_stances(
    leader_a: str,
    leader_b: str,
    stances_a: dict[str, Stance],
    stances_b: dict[str, Stance],
    focus_areas: Sequence[FocusArea],
    thresholds: Thresholds,
) -> Comparison:
    labels: dict[str, str] = {}
    for focus_area in focus_areas:
        labels.setdefault(focus_area.id, focus_area.label)
    addressed = stances_a.keys() | stances_b.keys()
    order = [area_id for area_id in labels if area_id in addressed]
    order += sorted(addressed - labels.keys())
    areas = tuple(
        _area(area_id, labels.get(area_id, area_id), a, b, thresholds)
        for area_id in order
        for a, b in [(stances_a.get(area_id), stances_b.get(area_id))]
    )
    scored = [area for area in areas if area.agreement is not None]
    agreement: float | None = None
    if scored:
        total = math.fsum(area.weight for area in scored)
        if total > 0:
            value = math.fsum(area.weight * (area.agreement or 0.0) for area in scored) / total
        else:
            value = math.fsum(area.agreement or 0.0 for area in scored) / len(scored)
        agreement = min(1.0, max(0.0, value))
    return Comparison(
        a=leader_a,
        b=leader_b,
        areas=areas,
        agreement=agreement,
        coverage=len(scored) / len(areas) if areas else None,
        thresholds=thresholds,
    )


def compare(
    a: Agenda,
    b: Agenda,
    focus_areas: Sequence[FocusArea] = (),
    *,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> Comparison:
    """Compare two agendas, focus area by focus area.

    *focus_areas* (usually ``summit.focus_areas``) gives the areas' labels and their
    order; areas it lacks are labelled by id and listed last. The result is symmetric:
    ``compare(b, a) == compare(a, b).mirrored()``.

    >>> import summitlib
    >>> summit = summitlib.load(summitlib.examples.path("alaska-2025"))
    >>> trump, putin = summit.agendas
    >>> area = compare(trump, putin, summit.focus_areas).area("sanctions")
    >>> area.a.position, area.b.position, area.agreement, area.alignment.value
    (45.0, 95.0, 0.5, 'partial')
    """
    return _compare_stances(a.leader, b.leader, _stances(a), _stances(b), focus_areas, thresholds)


def party_agendas(summit: Summit) -> tuple[Agenda, ...]:
    """The agendas of the leaders who bargain: mediators, hosts and observers are left out."""
    others = {
        leader.id for leader in summit.leaders if leader.participation is not Participation.PARTY
    }
    return tuple(agenda for agenda in summit.agendas if agenda.leader not in others)


def _chosen_agendas(summit: Summit, leaders: Sequence[str] | None) -> tuple[Agenda, ...]:
    """The party agendas, or the agendas of *leaders* in the order given."""
    if leaders is None:
        return party_agendas(summit)
    seen: set[str] = set()
    for leader in leaders:
        if leader in seen:
            raise InvalidArgumentError(f"leader {leader!r} is named twice; name different leaders")
        seen.add(leader)
    return tuple(summit.agenda(leader) for leader in leaders)


def _pairs(
    summit: Summit, thresholds: Thresholds, leaders: Sequence[str] | None = None
) -> list[Comparison]:
    stances = [(agenda.leader, _stances(agenda)) for agenda in _chosen_agendas(summit, leaders)]
    return [
        _compare_stances(la, lb, sa, sb, summit.focus_areas, thresholds)
        for (la, sa), (lb, sb) in itertools.combinations(stances, 2)
    ]


def compare_summit(
    summit: Summit,
    *,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    leaders: Sequence[str] | None = None,
) -> tuple[Comparison, ...]:
    """Compare every pair of agendas of the summit's parties, in agenda order.

    For agendas ``[A, B, C]`` the result is ``(A–B, A–C, B–C)``; fewer than two agendas
    give an empty tuple. Mediators, hosts and observers do not bargain, so their agendas
    are not compared, unless *leaders* names them: then exactly the agendas of *leaders*
    are compared, pair by pair in the order given. Raises ``KeyError`` for a leader
    without an agenda and :class:`~summitlib.errors.InvalidArgumentError` for a leader
    named twice (a leader always agrees with themself).

    >>> import summitlib
    >>> [(c.a, c.b) for c in compare_summit(summitlib.load(summitlib.examples.path("alaska-2025")))]
    [('trump', 'putin')]
    """
    return tuple(_pairs(summit, thresholds, leaders))


@attrs.frozen(kw_only=True)
class AgreementMatrix:
    """Overall agreement between every pair of leaders with an agenda.

    ``values[i][j]`` is the agreement of ``leaders[i]`` with ``leaders[j]`` (``None`` when
    nothing is comparable); the matrix is symmetric, and the diagonal is 1.0 for a leader
    with at least one position, else ``None``.
    """

    leaders: tuple[str, ...]
    values: tuple[tuple[float | None, ...], ...]

    def get(self, a: str, b: str) -> float | None:
        """Return the agreement between leaders *a* and *b*; ``KeyError`` if either is absent."""
        try:
            return self.values[self.leaders.index(a)][self.leaders.index(b)]
        except ValueError:
            raise KeyError(a if a not in self.leaders else b) from None

    def as_dict(self) -> dict[str, Any]:
        """Return the matrix as JSON-ready data: ``{"leaders": [...], "values": [[...]]}``."""
        return {"leaders": list(self.leaders), "values": [list(row) for row in self.values]}


def agreement_matrix(
    summit: Summit,
    *,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    leaders: Sequence[str] | None = None,
) -> AgreementMatrix:
    """Return the pairwise agreement matrix over the parties' agendas, in agenda order.

    *leaders* chooses the agendas, and their order, as for :func:`compare_summit`.

    >>> import summitlib
    >>> matrix = agreement_matrix(summitlib.load(summitlib.examples.path("alaska-2025")))
    >>> matrix.leaders, round(matrix.get("putin", "trump"), 3)
    (('trump', 'putin'), 0.401)
    """
    agendas = _chosen_agendas(summit, leaders)
    ids = tuple(agenda.leader for agenda in agendas)
    n = len(ids)
    values: list[list[float | None]] = [[None] * n for _ in range(n)]
    for i, agenda in enumerate(agendas):
        has_position = any(_finite(goal.position) is not None for goal in agenda.goals)
        values[i][i] = 1.0 if has_position else None
    pairs = iter(_pairs(summit, thresholds, ids))
    for i, j in itertools.combinations(range(n), 2):
        value = next(pairs).agreement
        values[i][j] = values[j][i] = value
    return AgreementMatrix(leaders=ids, values=tuple(tuple(row) for row in values))


# --- across two documents ----------------------------------------------------------------


def _wikidata(leader: Leader) -> frozenset[str]:
    return frozenset(
        identifier.identifier.strip().upper()
        for identifier in leader.identifiers
        if identifier.scheme == "wikidata"
    )


def match_leaders(first: Summit, second: Summit) -> tuple[tuple[str, str], ...]:
    """Pair the leaders who have an agenda in both documents: ``(id in first, id in second)``.

    Leaders are the same person when their ids are equal, unless both give Wikidata
    identifiers and share none (two people with one slug, such as two presidents Bush);
    where the ids differ, when they share a Wikidata identifier. Each leader is paired at
    most once, an equal id before a shared identifier; pairs follow *first*'s agendas.

    >>> import summitlib
    >>> geneva = summitlib.load(summitlib.examples.path("geneva-2021"))
    >>> alaska = summitlib.load(summitlib.examples.path("alaska-2025"))
    >>> match_leaders(geneva, alaska)
    (('putin', 'putin'),)
    """
    people_a = {leader.id: _wikidata(leader) for leader in first.leaders}
    people_b = {leader.id: _wikidata(leader) for leader in second.leaders}
    with_agenda_b = [agenda.leader for agenda in second.agendas]
    pairs: dict[str, str] = {}
    taken: set[str] = set()
    for agenda in first.agendas:
        leader = agenda.leader
        if leader in with_agenda_b:
            a, b = people_a.get(leader, frozenset()), people_b.get(leader, frozenset())
            if not (a and b and not a & b):
                pairs[leader] = leader
                taken.add(leader)
    for agenda in first.agendas:
        leader = agenda.leader
        known = people_a.get(leader, frozenset())
        if leader in pairs or not known:
            continue
        for other in with_agenda_b:
            if (
                other not in taken
                and other not in people_a
                and known & people_b.get(other, frozenset())
            ):
                pairs[leader] = other
                taken.add(other)
                break
    return tuple(
        (agenda.leader, pairs[agenda.leader]) for agenda in first.agendas if agenda.leader in pairs
    )


def combined_focus_areas(first: Summit, second: Summit) -> tuple[FocusArea, ...]:
    """The focus areas of both documents, matched by id: *first*'s, then those only *second* has.

    An area both define keeps *first*'s label. An area only one document defines stays
    in: only that document's leader can address it, so it is one-sided, never counted as
    disagreement, and lowers the coverage.
    """
    ids = {area.id for area in first.focus_areas}
    return (*first.focus_areas, *(area for area in second.focus_areas if area.id not in ids))


def compare_documents(
    first: Summit,
    second: Summit,
    *,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    leaders: tuple[str, str] | None = None,
) -> tuple[Comparison, ...]:
    """Compare agendas across two documents: two summits, or two versions of one.

    Without *leaders*, each leader with an agenda in both (see :func:`match_leaders`) is
    compared with themself: the agenda in *first* as ``a``, the one in *second* as ``b``.
    With ``leaders=(x, y)``, ``x``'s agenda in *first* is compared with ``y``'s in
    *second*; a leader may be named by their id in either document. Focus areas are
    matched by id (see :func:`combined_focus_areas`). Raises ``KeyError`` for a leader
    without an agenda in their document.

    >>> import summitlib
    >>> singapore = summitlib.load(summitlib.examples.path("singapore-2018"))
    >>> alaska = summitlib.load(summitlib.examples.path("alaska-2025"))
    >>> (trump,) = compare_documents(singapore, alaska)
    >>> area = trump.area("sanctions")
    >>> area.a.position, area.b.position, area.alignment.value
    (10.0, 45.0, 'partial')
    """
    pairs = match_leaders(first, second) if leaders is None else (_own_ids(first, second, leaders),)
    areas = combined_focus_areas(first, second)
    return tuple(
        compare(first.agenda(x), second.agenda(y), areas, thresholds=thresholds) for x, y in pairs
    )


def _own_ids(first: Summit, second: Summit, leaders: tuple[str, str]) -> tuple[str, str]:
    """``(x, y)`` as each document names them: a leader named by the other document's id
    for the same person (see :func:`match_leaders`) gets their own document's id."""
    matched = match_leaders(first, second)
    x, y = leaders
    return (
        _own(first, x, {b: a for a, b in matched}),
        _own(second, y, dict(matched)),
    )


def _own(summit: Summit, leader: str, aliases: dict[str, str]) -> str:
    """*leader* as *summit* names them: their own id, or the id matched to the other one."""
    if any(agenda.leader == leader for agenda in summit.agendas):
        return leader
    return aliases.get(leader, leader)


@attrs.frozen(kw_only=True)
class TradeOff:
    """A possible logroll: each side gets its way on the area it cares more about.

    The outcome on ``a_wins`` moves to ``a``'s position and on ``b_wins`` to ``b``'s.
    Each side's gain is measured against splitting the difference on both areas, with
    a side's loss on an area being ``salience / 100 × distance`` from its position:
    ``gain_a = (a_salience_won × distance_a_wins − a_salience_conceded × distance_b_wins)
    / 200``, and likewise for ``b``. ``gain`` is their sum, the joint gain.

    A heuristic: it looks at two leaders and two divergent areas at a time, ignores
    capability, linkage and the other leaders, and its gain is a score in salience ×
    distance units, not a probability. :func:`summitlib.negotiation.exchanges` runs the
    established model (Stokman and Van Oosten's exchange model) instead.
    """

    a_wins: str
    """Focus area settled at ``a``'s position."""
    b_wins: str
    """Focus area settled at ``b``'s position."""
    a_salience_won: float
    a_salience_conceded: float
    b_salience_won: float
    b_salience_conceded: float
    distance_a_wins: float
    """Distance of the positions on ``a_wins``, 0–1."""
    distance_b_wins: float
    """Distance of the positions on ``b_wins``, 0–1."""
    gain_a: float
    gain_b: float
    gain: float

    @property
    def reason(self) -> str:
        """The reasoning in one sentence, for people."""
        return (
            f"a cares more about {self.a_wins} ({self.a_salience_won:g} vs "
            f"{self.a_salience_conceded:g}) and b about {self.b_wins} "
            f"({self.b_salience_won:g} vs {self.b_salience_conceded:g}); "
            f"gains over splitting the difference: a {self.gain_a:.3f}, b {self.gain_b:.3f}"
        )

    def as_dict(self) -> dict[str, Any]:
        """Return the trade-off, with its reasoning as numbers, as JSON-ready data."""
        return {
            "a_wins": self.a_wins,
            "b_wins": self.b_wins,
            "a_salience_won": self.a_salience_won,
            "a_salience_conceded": self.a_salience_conceded,
            "b_salience_won": self.b_salience_won,
            "b_salience_conceded": self.b_salience_conceded,
            "distance_a_wins": self.distance_a_wins,
            "distance_b_wins": self.distance_b_wins,
            "gain_a": self.gain_a,
            "gain_b": self.gain_b,
            "gain": self.gain,
        }


@attrs.frozen(kw_only=True)
class NegotiationMap:
    """Where two leaders stand: common ground, sticking points and possible trades.

    ``common_ground``: convergent areas both care about (salience at least ``care``);
    ``sticking_points``: divergent areas both care about; ``trade_offs``: the best
    logrolls between divergent areas, best first (see :class:`TradeOff`, a heuristic), at
    most the ``top`` asked for; ``trade_off_count`` counts all there are. Trade-offs that
    share an area are alternatives, not steps of one deal.
    """

    comparison: Comparison
    care: float
    common_ground: tuple[AreaComparison, ...]
    sticking_points: tuple[AreaComparison, ...]
    trade_offs: tuple[TradeOff, ...]
    trade_off_count: int = 0

    def as_dict(self) -> dict[str, Any]:
        """Return the map as JSON-ready data; areas are given by focus-area id."""
        return {
            "leaders": [self.comparison.a, self.comparison.b],
            "agreement": self.comparison.agreement,
            "care": self.care,
            "common_ground": [area.focus_area for area in self.common_ground],
            "sticking_points": [area.focus_area for area in self.sticking_points],
            "trade_offs": [trade.as_dict() for trade in self.trade_offs],
            "trade_off_count": self.trade_off_count,
        }


def _cares(area: AreaComparison, care: float) -> bool:
    return (
        area.a is not None
        and area.b is not None
        and area.a.weight >= care
        and area.b.weight >= care
    )


def _trade(won: AreaComparison, conceded: AreaComparison) -> TradeOff | None:
    """Return the trade giving ``a`` its way on *won* and ``b`` on *conceded*, if it pays."""
    if won.a is None or won.b is None or conceded.a is None or conceded.b is None:
        return None
    d_won, d_conceded = won.distance or 0.0, conceded.distance or 0.0
    a_won, a_conceded = won.a.weight, conceded.a.weight
    b_won, b_conceded = conceded.b.weight, won.b.weight
    if not (a_won > a_conceded and b_won > b_conceded):
        return None
    gain_a = (a_won * d_won - a_conceded * d_conceded) / 200.0
    gain_b = (b_won * d_conceded - b_conceded * d_won) / 200.0
    if gain_a <= 0 or gain_b <= 0:
        return None
    return TradeOff(
        a_wins=won.focus_area,
        b_wins=conceded.focus_area,
        a_salience_won=a_won,
        a_salience_conceded=a_conceded,
        b_salience_won=b_won,
        b_salience_conceded=b_conceded,
        distance_a_wins=d_won,
        distance_b_wins=d_conceded,
        gain_a=gain_a,
        gain_b=gain_b,
        gain=gain_a + gain_b,
    )


def negotiation_map(
    source: Summit | Comparison,
    *,
    leaders: tuple[str, str] | None = None,
    care: float = CARE_THRESHOLD,
    include_partial: bool = False,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    top: int = MAX_TRADE_OFFS,
) -> NegotiationMap:
    """Map common ground, sticking points and trade-offs between two leaders.

    *source* is a :class:`Comparison`, or a summit: then the two leaders are *leaders*,
    or the first two agendas of parties (mediators, hosts and observers do not bargain).
    Trade-offs (a heuristic, see :class:`TradeOff`) pair divergent areas (and partial ones
    too with *include_partial*) where each side cares more about a different one and both
    gain over splitting the difference; they are ranked by joint gain, then by the smaller
    side's gain, then by area ids. Only the best *top* are kept: they are picked with a
    heap of that size, so memory does not grow with the square of the areas, and
    ``trade_off_count`` counts them all. Raises ``ValueError`` if a summit has fewer than
    two agendas or *top* is negative, ``KeyError`` if a leader named in *leaders* has none.

    >>> import summitlib
    >>> nmap = negotiation_map(summitlib.load(summitlib.examples.path("alaska-2025")))
    >>> [area.focus_area for area in nmap.sticking_points]
    ['ukraine-conflict', 'international-standing']
    """
    if top < 0:
        raise ValueError(f"'top' must be >= 0 (got {top})")
    if isinstance(source, Comparison):
        comparison = source
    else:
        bargaining = [agenda for agenda in source.agendas if _bargains(source, agenda.leader)]
        if len(bargaining) < 2:
            bargaining = list(source.agendas)
        if leaders is not None:
            agendas = (source.agenda(leaders[0]), source.agenda(leaders[1]))
        elif len(bargaining) >= 2:
            agendas = (bargaining[0], bargaining[1])
        else:
            raise InvalidArgumentError(
                f"a negotiation map needs two agendas; summit {source.id!r} has "
                f"{len(source.agendas)}"
            )
        comparison = compare(*agendas, source.focus_areas, thresholds=thresholds)
    common = tuple(
        area for area in comparison.with_alignment(Alignment.CONVERGENT) if _cares(area, care)
    )
    sticking = tuple(
        area for area in comparison.with_alignment(Alignment.DIVERGENT) if _cares(area, care)
    )
    tradable = _tradable(comparison.areas, include_partial)
    count = 0

    def candidates() -> Iterable[TradeOff]:
        nonlocal count
        for won, conceded in itertools.permutations(tradable, 2):
            trade = _trade(won, conceded)
            if trade is not None:
                count += 1
                yield trade

    # nsmallest keeps a heap of `top` items: the pairs are generated, never all stored.
    trades = heapq.nsmallest(
        top,
        candidates(),
        key=lambda t: (-t.gain, -min(t.gain_a, t.gain_b), t.a_wins, t.b_wins),
    )
    if top == 0:
        # nsmallest(0, ...) does not consume the generator; count what there is.
        for _ in candidates():
            pass
    return NegotiationMap(
        comparison=comparison,
        care=care,
        common_ground=common,
        sticking_points=sticking,
        trade_offs=tuple(trades),
        trade_off_count=count,
    )


def _bargains(summit: Summit, leader_id: str) -> bool:
    for leader in summit.leaders:
        if leader.id == leader_id:
            return getattr(leader.participation, "value", leader.participation) == "party"
    return True


def _tradable(areas: Iterable[AreaComparison], include_partial: bool) -> list[AreaComparison]:
    kinds = {Alignment.DIVERGENT, Alignment.PARTIAL} if include_partial else {Alignment.DIVERGENT}
    return [area for area in areas if area.alignment in kinds and area.agreement is not None]
