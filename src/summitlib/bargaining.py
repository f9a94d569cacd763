"""Bargaining models over actors × issues: the Nash bargaining forecast and the exchange model.

The data is the one the field's expected-utility and exchange models use: for each actor and
issue a *position* on the issue's scale, a *salience* (how much the actor cares, 0–1) and a
*capability* (the actor's clout, any non-negative scale). Two models work on it:

* :func:`nash_forecast` — the Nash bargaining solution per issue, the capability × salience
  weighted mean of the positions (Nash 1950; Van den Bos 1991; Achen 2006),
  with each actor's distance to it, the coalitions on either side and the pivotal actor.
* :func:`exchange_model` — Stokman & Van Oosten's (1994) exchange model in its equal-gain
  form: pairs of actors who stand on opposite sides of the forecast on two issues trade
  position moves (each gives way on the issue it cares less about), with equal expected
  gain for both, the largest gain first, round after round.

The exchange model reproduces the reference implementation, ``decide-exchange-model``
(Draaijer, GPL-3; tested side by side in tests/test_decide_reference.py). To make exact
ties and "which side of the forecast" decisions come out the same way, it computes in
decimal arithmetic with 28 significant digits, as the reference does, and in the
reference's order of operations; results are returned as floats. docs/comparison.md
gives every formula with its source.

None of the numbers here is a probability: a *gain* is a change in salience-weighted
distance to the forecast (utility units), a *weight* is a share of capability × salience.

>>> from summitlib.bargaining import Actor, ActorIssue, BargainingInput, Issue, nash_forecast
>>> data = BargainingInput(
...     actors=(Actor(id="a", capability=2), Actor(id="b", capability=1)),
...     issues=(Issue(id="tariffs"),),
...     actor_issues=(
...         ActorIssue(actor="a", issue="tariffs", position=20, salience=0.5),
...         ActorIssue(actor="b", issue="tariffs", position=80, salience=1.0),
...     ),
... )
>>> forecast = nash_forecast(data)
>>> forecast.issues[0].position
50.0
>>> forecast.issues[0].pivotal
'a'
"""

from __future__ import annotations

import decimal
import itertools
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final, Literal

import attrs

from summitlib.errors import SummitlibError

__all__ = [
    "DEFAULT_CAPABILITY",
    "FIXED_WEIGHT",
    "SALIENCE_WEIGHT",
    "Actor",
    "ActorForecast",
    "ActorIssue",
    "Anchor",
    "BargainingInput",
    "BargainingInputError",
    "Exchange",
    "ExchangeModelResult",
    "Forecast",
    "Issue",
    "IssueForecast",
    "Linkage",
    "Move",
    "Round",
    "candidate_bound",
    "exchange_model",
    "forecast_error",
    "nash_forecast",
]

#: Capability used for every actor when no actor in the input has one: equal clout.
#: When some actors have one and others not, the missing ones get the mean of the given
#: capabilities (see :meth:`BargainingInput.capability_of`).
DEFAULT_CAPABILITY: Final = 1.0

#: Weight of the salience-dependent pull towards the voting position when an actor's
#: position is updated between rounds (Stokman & Van Oosten 1994; decide's
#: ``SALIENCE_WEIGHT``). Kept as the binary float 0.4, converted exactly, as the reference
#: converts it: ``Decimal(0.4)`` is 0.40000000000000002220446..., not 0.4.
SALIENCE_WEIGHT: Final = 0.4

#: Weight of the fixed pull towards the voting position between rounds (decide's
#: ``FIXED_WEIGHT``), converted from the binary float as :data:`SALIENCE_WEIGHT` is.
FIXED_WEIGHT: Final = 0.1

Participation = Literal["party", "mediator", "host", "observer"]
_PARTICIPATIONS: Final = ("party", "mediator", "host", "observer")

# The reference computes in Python's default decimal context: 28 significant digits,
# half-even rounding. We use our own context so a caller's global context cannot change
# the results.
_CONTEXT: Final = decimal.Context(
    prec=28,
    rounding=decimal.ROUND_HALF_EVEN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)
_ZERO: Final = Decimal(0)
_HUNDRED: Final = Decimal(100)
# The reference's threshold for "no move" and "no gain": the binary float 1e-10, compared
# exactly with decimals, so converted exactly here too.
_TINY: Final = 1e-10
_TINY_MOVE: Final = Decimal(_TINY)
_SW: Final = Decimal(SALIENCE_WEIGHT)
_FW: Final = Decimal(FIXED_WEIGHT)


class BargainingInputError(SummitlibError, ValueError):
    """The input to a bargaining model is inconsistent; the message names where."""


def _finite(value: float) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


@attrs.frozen(kw_only=True)
class Anchor:
    """What one point of an issue's scale means, e.g. ``0`` = ``sanctions kept in full``."""

    position: float
    meaning: str | None = None


@attrs.frozen(kw_only=True)
class Actor:
    """One actor: a leader, a state or a group of states.

    ``capability`` is the actor's clout on any non-negative scale (only ratios matter);
    ``None`` means unknown (see :meth:`BargainingInput.capability_of`). Only actors whose
    ``participation`` is ``party`` bargain: mediators, hosts and observers are kept in the
    input but take no part in the forecast or the exchanges.
    """

    id: str
    name: str | None = None
    capability: float | None = None
    participation: Participation = "party"
    comment: str | None = None

    @property
    def bargains(self) -> bool:
        """Whether the actor takes part in the models (``participation == "party"``)."""
        return self.participation == "party"


@attrs.frozen(kw_only=True)
class Issue:
    """One issue (a focus area) with its scale, ``lower`` to ``upper`` (0–100 by default).

    Positions are given on this scale; the models work on it rescaled to 0–100, as the
    reference does, and report forecasts and moves on 0–100.
    """

    id: str
    label: str | None = None
    description: str | None = None
    lower: float = 0.0
    upper: float = 100.0
    anchors: tuple[Anchor, ...] = ()


@attrs.frozen(kw_only=True)
class ActorIssue:
    """An actor's stance on one issue: position, salience (0–1) and optional capability.

    ``capability`` overrides the actor's capability on this issue only.
    """

    actor: str
    issue: str
    position: float
    salience: float
    capability: float | None = None
    comment: str | None = None


Slot = tuple[str, str]
"""An (actor id, issue id) pair: one actor's position on one issue."""


@attrs.frozen(kw_only=True)
class Linkage:
    """Constraints on which moves an exchange may contain.

    * ``packages`` — each a set of (actor, issue) slots that move only together: an
      exchange that moves any member is feasible only if all members are among its four
      slots (both actors on both issues). A package of one actor's two issues thus admits
      only the exchange that trades exactly those two issues.
    * ``blocked`` — slots on which the actor does not move at all (a red line, or a goal
      whose condition cannot be met): every exchange that would move it is infeasible.

    Infeasible exchanges are never formed; the forecast itself is unaffected.
    """

    packages: tuple[frozenset[Slot], ...] = ()
    blocked: frozenset[Slot] = frozenset()

    def feasible(self, moving: Iterable[Slot], slots: frozenset[Slot]) -> bool:
        """Whether an exchange that moves ``moving`` and touches ``slots`` is allowed."""
        for slot in moving:
            if slot in self.blocked:
                return False
            for package in self.packages:
                if slot in package and not package <= slots:
                    return False
        return True


@attrs.frozen(kw_only=True)
class BargainingInput:
    """Actors × issues with positions, saliences and capabilities, and their linkage.

    The order of ``actors``, ``issues`` and ``actor_issues`` is kept: it decides the order in
    which exchanges are formed and so which of two exactly equal gains goes first, as in
    the reference. Building one validates it and raises :class:`BargainingInputError`
    naming the offending entry.
    """

    actors: tuple[Actor, ...]
    issues: tuple[Issue, ...]
    actor_issues: tuple[ActorIssue, ...]
    linkage: Linkage = Linkage()

    def __attrs_post_init__(self) -> None:
        _validate(self)

    def actor(self, actor_id: str) -> Actor:
        """The actor with this id."""
        for actor in self.actors:
            if actor.id == actor_id:
                return actor
        raise KeyError(actor_id)

    def capability_of(self, stance: ActorIssue) -> float:
        """The capability used for ``stance``: its own, else its actor's, else a default.

        The default is the mean of the capabilities the actors have, or
        :data:`DEFAULT_CAPABILITY` when none has one.
        """
        if stance.capability is not None:
            return stance.capability
        own = self.actor(stance.actor).capability
        if own is not None:
            return own
        known = [a.capability for a in self.actors if a.capability is not None]
        return sum(known) / len(known) if known else DEFAULT_CAPABILITY


def _validate(data: BargainingInput) -> None:
    def fail(where: str, message: str) -> None:
        raise BargainingInputError(f"{where}: {message}")

    actor_ids: set[str] = set()
    for n, actor in enumerate(data.actors):
        where = f"actors[{n}] ({actor.id!r})"
        if not actor.id:
            fail(f"actors[{n}]", "'id' must not be empty")
        if actor.id in actor_ids:
            fail(where, "duplicate actor id")
        actor_ids.add(actor.id)
        if actor.capability is not None and not (
            _finite(actor.capability) and actor.capability >= 0
        ):
            fail(where, f"'capability' must be a number >= 0 (got {actor.capability!r})")
        if actor.participation not in _PARTICIPATIONS:
            fail(
                where,
                f"'participation' must be one of {_PARTICIPATIONS} (got {actor.participation!r})",
            )
    issues: dict[str, Issue] = {}
    for n, issue in enumerate(data.issues):
        where = f"issues[{n}] ({issue.id!r})"
        if not issue.id:
            fail(f"issues[{n}]", "'id' must not be empty")
        if issue.id in issues:
            fail(where, "duplicate issue id")
        issues[issue.id] = issue
        if not (_finite(issue.lower) and _finite(issue.upper) and issue.lower < issue.upper):
            fail(where, f"'lower' must be below 'upper' (got {issue.lower!r}, {issue.upper!r})")
    seen: set[Slot] = set()
    for n, stance in enumerate(data.actor_issues):
        where = f"actor_issues[{n}] ({stance.actor!r}, {stance.issue!r})"
        if stance.actor not in actor_ids:
            fail(where, f"unknown actor {stance.actor!r}")
        if stance.issue not in issues:
            fail(where, f"unknown issue {stance.issue!r}")
        if (stance.actor, stance.issue) in seen:
            fail(where, "a second position of the same actor on the same issue")
        seen.add((stance.actor, stance.issue))
        issue = issues[stance.issue]
        if not (_finite(stance.position) and issue.lower <= stance.position <= issue.upper):
            fail(
                where,
                f"'position' must be between {issue.lower:g} and {issue.upper:g} "
                f"(got {stance.position!r})",
            )
        if not (_finite(stance.salience) and 0 <= stance.salience <= 1):
            fail(where, f"'salience' must be between 0 and 1 (got {stance.salience!r})")
        if stance.capability is not None and not (
            _finite(stance.capability) and stance.capability >= 0
        ):
            fail(where, f"'capability' must be a number >= 0 (got {stance.capability!r})")
    for n, package in enumerate(data.linkage.packages):
        for slot in sorted(package):
            if slot not in seen:
                fail(f"linkage.packages[{n}]", f"{slot!r} is not an actor's position on an issue")
    for slot in sorted(data.linkage.blocked):
        if slot not in seen:
            fail("linkage.blocked", f"{slot!r} is not an actor's position on an issue")


# --------------------------------------------------------------------------- results


@attrs.frozen(kw_only=True)
class ActorForecast:
    """One actor's place relative to an issue's forecast.

    ``weight`` is the actor's share of capability × salience on the issue; ``pull`` is
    ``weight × (position − forecast)``, how far the actor drags the forecast towards
    itself (the pulls of one issue sum to zero).
    """

    actor: str
    position: float
    distance: float
    weight: float
    pull: float


@attrs.frozen(kw_only=True)
class IssueForecast:
    """The Nash bargaining solution of one issue and the actors around it (0–100 scale).

    ``position`` is ``None`` when no bargaining actor has weight on the issue. ``below``
    and ``above`` are the coalitions on either side of it (by position, nearest first),
    ``at`` the actors on it. ``pivotal`` is the actor whose move shifts the forecast
    most: the largest ``|pull|``, i.e. the shift if it gave up its position for the
    forecast; the first in input order on a tie.
    """

    issue: str
    position: float | None
    actors: tuple[ActorForecast, ...]
    below: tuple[str, ...]
    above: tuple[str, ...]
    at: tuple[str, ...]
    pivotal: str | None


@attrs.frozen(kw_only=True)
class Forecast:
    """The Nash bargaining forecast of every issue, in input order."""

    issues: tuple[IssueForecast, ...]

    def position(self, issue: str) -> float | None:
        """The forecast of one issue."""
        for item in self.issues:
            if item.issue == issue:
                return item.position
        raise KeyError(issue)

    def positions(self) -> dict[str, float | None]:
        """``{issue id: forecast}``."""
        return {item.issue: item.position for item in self.issues}

    def as_dict(self) -> dict[str, Any]:
        """The whole forecast as plain data for JSON (tuples become lists)."""
        return attrs.asdict(self)


@attrs.frozen(kw_only=True)
class Move:
    """One actor's move in an exchange: it gives way on ``issue`` to gain on ``demand``.

    ``start`` is its position when the round began, ``before`` when the move was made
    (an earlier exchange of the round may have moved it already), ``after`` its voting
    position once moved; ``move = after − before``. All on the 0–100 scale.
    """

    actor: str
    issue: str
    demand: str
    start: float
    before: float
    move: float
    after: float


@attrs.frozen(kw_only=True)
class Exchange:
    """Two actors trade moves on two issues, with equal expected gain.

    ``i`` moves on the issue the other actor cares about relatively more, and vice versa.
    ``gain`` is what each of the two gains: the salience-weighted shift of the forecast
    towards it on its demand issue minus the same on its supply issue (utility units, not
    a probability).
    """

    i: Move
    j: Move
    gain: float

    @property
    def actors(self) -> tuple[str, str]:
        """The two actors, ``i`` first."""
        return (self.i.actor, self.j.actor)

    @property
    def issues(self) -> tuple[str, str]:
        """The two issues: the one ``i`` moves on, then the one ``j`` moves on."""
        return (self.i.issue, self.j.issue)


@attrs.frozen(kw_only=True)
class Round:
    """One round of the exchange model.

    ``forecast_before`` is the Nash bargaining solution on the positions the round starts
    from; ``forecast_after`` on the voting positions once its exchanges are made.
    ``exchanges`` are the first of the round's ``exchange_count`` exchanges, in the order
    made (largest gain first, as they were chosen); ``candidates`` is how many possible
    exchanges the round began with. ``positions`` are the positions the next round starts
    from, ``{issue: {actor: position}}`` (0–100).
    """

    number: int
    forecast_before: Mapping[str, float | None]
    candidates: int
    exchange_count: int
    exchanges: tuple[Exchange, ...]
    forecast_after: Mapping[str, float | None]
    positions: Mapping[str, Mapping[str, float]]


@attrs.frozen(kw_only=True)
class ExchangeModelResult:
    """The rounds of the exchange model, and how many exchanges linkage ruled out."""

    rounds: tuple[Round, ...]
    infeasible: int
    candidate_bound: int

    def as_dict(self) -> dict[str, Any]:
        """The whole result as plain data for JSON (tuples become lists)."""
        return attrs.asdict(self)


# --------------------------------------------------------------------------- decimal state


def _dec(value: float) -> Decimal:
    # repr gives the shortest decimal that reads back as the float: 0.9 -> Decimal("0.9"),
    # as the reference gets it from the text of its CSV file.
    return Decimal(repr(float(value))) if not isinstance(value, int) else Decimal(value)


class _Table:
    """Positions, saliences and capabilities of the bargaining actors, per issue, as Decimal.

    Per issue the actors are kept in ``actor_issues`` order, which is the reference's
    summation order.
    """

    def __init__(self, data: BargainingInput) -> None:
        bargaining = {a.id for a in data.actors if a.bargains}
        self.actors: list[str] = [a.id for a in data.actors if a.bargains]
        self.issues: list[str] = [i.id for i in data.issues]
        self.x: dict[str, dict[str, Decimal]] = {i: {} for i in self.issues}
        self.s: dict[str, dict[str, Decimal]] = {i: {} for i in self.issues}
        self.c: dict[str, dict[str, Decimal]] = {i: {} for i in self.issues}
        scale = {i.id: i for i in data.issues}
        with decimal.localcontext(_CONTEXT):
            for stance in data.actor_issues:
                if stance.actor not in bargaining:
                    continue
                issue = scale[stance.issue]
                lower = _dec(issue.lower)
                # decide: step = 100 / (upper - lower); normalised = (x - lower) * step
                step = _HUNDRED / (_dec(issue.upper) - lower)
                self.x[stance.issue][stance.actor] = (_dec(stance.position) - lower) * step
                self.s[stance.issue][stance.actor] = _dec(stance.salience)
                self.c[stance.issue][stance.actor] = _dec(data.capability_of(stance))
            self.den: dict[str, Decimal] = {i: self._denominator(i) for i in self.issues}

    def _denominator(self, issue: str) -> Decimal:
        total = _ZERO
        for actor, s in self.s[issue].items():
            total += s * self.c[issue][actor]
        return total

    def nbs(self, issue: str, positions: Mapping[str, Decimal] | None = None) -> Decimal:
        """Σ x·s·c / Σ s·c over the actors on ``issue``; 0 when nobody has weight (decide)."""
        den = self.den[issue]
        if den == 0:
            return _ZERO
        x = self.x[issue] if positions is None else positions
        numerator = _ZERO
        for actor, s in self.s[issue].items():
            numerator += x[actor] * s * self.c[issue][actor]
        return numerator / den

    def all_nbs(self) -> dict[str, Decimal]:
        return {issue: self.nbs(issue) for issue in self.issues}


# --------------------------------------------------------------------------- forecast


def nash_forecast(data: BargainingInput) -> Forecast:
    """The Nash bargaining solution of every issue, with the actors around it.

    Per issue, over the bargaining actors that take a position there::

        O = Σ c_i s_i x_i / Σ c_i s_i

    (capability ``c``, salience ``s``, position ``x`` on 0–100; Van den Bos 1991;
    Achen 2006 calls it the compromise model; Stokman & Van Oosten 1994 use it as the
    expected outcome). See
    :class:`IssueForecast` for the coalitions and the pivotal actor.
    """
    table = _Table(data)
    with decimal.localcontext(_CONTEXT):
        return Forecast(issues=tuple(_issue_forecast(table, issue) for issue in table.issues))


def _issue_forecast(table: _Table, issue: str) -> IssueForecast:
    den = table.den[issue]
    if den == 0:
        return IssueForecast(
            issue=issue, position=None, actors=(), below=(), above=(), at=(), pivotal=None
        )
    forecast = table.nbs(issue)
    people: list[ActorForecast] = []
    for actor, x in table.x[issue].items():
        weight = table.s[issue][actor] * table.c[issue][actor] / den
        people.append(
            ActorForecast(
                actor=actor,
                position=float(x),
                distance=float(abs(x - forecast)),
                weight=float(weight),
                pull=float(weight * (x - forecast)),
            )
        )
    tolerance = 1e-9
    o = float(forecast)
    below = sorted((p for p in people if p.position < o - tolerance), key=lambda p: p.distance)
    above = sorted((p for p in people if p.position > o + tolerance), key=lambda p: p.distance)
    at = [p for p in people if abs(p.position - o) <= tolerance]
    pivotal: ActorForecast | None = None
    for person in people:
        if person.weight > 0 and (pivotal is None or abs(person.pull) > abs(pivotal.pull)):
            pivotal = person
    return IssueForecast(
        issue=issue,
        position=o,
        actors=tuple(people),
        below=tuple(p.actor for p in below),
        above=tuple(p.actor for p in above),
        at=tuple(p.actor for p in at),
        pivotal=None if pivotal is None else pivotal.actor,
    )


def forecast_error(
    forecast: Forecast | Mapping[str, float | None], settled: Mapping[str, float]
) -> dict[str, float]:
    """Absolute error ``|forecast − settled|`` per issue with both a forecast and an outcome."""
    predicted = forecast.positions() if isinstance(forecast, Forecast) else forecast
    return {
        issue: abs(value - settled[issue])
        for issue, value in predicted.items()
        if value is not None and issue in settled
    }


# --------------------------------------------------------------------------- exchange model


def candidate_bound(data: BargainingInput) -> int:
    """The most candidate exchanges one round can hold in memory.

    For each pair of issues, an actor can only trade with one on the opposite side of the
    forecast on both, so the candidates are at most ``|A|·|D| + |B|·|C|`` for the four
    groups; with ``n`` bargaining actors that take a position on both issues this is at
    most ``⌊n/2⌋·⌈n/2⌉``, and over ``m`` issues at most ``m(m−1)/2 · ⌊n/2⌋·⌈n/2⌉``.
    """
    table = _Table(data)
    total = 0
    for p, q in itertools.combinations(table.issues, 2):
        n = sum(1 for a in table.actors if a in table.x[p] and a in table.x[q])
        total += (n // 2) * ((n + 1) // 2)
    return total


class _Side:
    """One actor in a candidate exchange (decide's ExchangeActor): moves on ``supply``."""

    __slots__ = (
        "actor",
        "c_sup",
        "dem_pos",
        "demand",
        "move",
        "moves",
        "nbs0",
        "nbs1",
        "opposite",
        "s_dem",
        "s_sup",
        "start",
        "sup_pos",
        "supply",
        "y",
    )

    def __init__(self, table: _Table, actor: str, supply: str, demand: str) -> None:
        self.actor = actor
        self.supply = supply
        self.demand = demand
        # Snapshots taken when the candidate is formed; only sup_pos is updated later.
        self.sup_pos: Decimal = table.x[supply][actor]
        self.s_sup: Decimal = table.s[supply][actor]
        self.c_sup: Decimal = table.c[supply][actor]
        self.dem_pos: Decimal = table.x[demand][actor]
        self.s_dem: Decimal = table.s[demand][actor]
        self.start: Decimal = self.sup_pos
        self.y: Decimal = self.sup_pos
        self.move: Decimal = _ZERO
        self.moves: list[Decimal] = []
        self.nbs0: Decimal = _ZERO
        self.nbs1: Decimal = _ZERO
        self.opposite: _Side = self

    def valid_move(self, move: Decimal) -> bool:
        # decide's is_move_valid: a real move, inside the scale, all moves one way.
        if abs(move) > _HUNDRED or abs(move) <= _TINY_MOVE:
            return False
        if self.sup_pos + move < 0 or self.sup_pos + move > _HUNDRED:
            return False
        if sum(self.moves, _ZERO) > _HUNDRED:
            return False
        low, high = min(self.moves), max(self.moves)
        return (low < 0 and high < 0) or (low > 0 and high > 0)


class _Candidate:
    """A possible exchange between two actors on two issues (decide's EqualGainExchange)."""

    __slots__ = ("gain", "i", "j", "order", "table", "updates", "valid")

    def __init__(self, table: _Table, a: str, b: str, p: str, q: str, order: int) -> None:
        self.table = table
        self.order = order
        self.gain: Decimal = _ZERO
        self.valid = True
        # Positions of other actors moved by exchanges made earlier in the round, per
        # issue, as far as they bear on this exchange (decide's ``updates``).
        self.updates: dict[str, dict[str, Decimal]] = {}
        s = table.s
        # The actor with the larger salience ratio p:q demands p and supplies q.
        if s[p][a] / s[q][a] < s[p][b] / s[q][b]:
            a, b = b, a
        self.i = _Side(table, a, supply=q, demand=p)
        self.j = _Side(table, b, supply=p, demand=q)
        self.i.opposite = self.j
        self.j.opposite = self.i

    # -- the formulas (Stokman & Van Oosten 1994; decide's model/calculations.py)

    def _ratio_by_move(self, side: _Side) -> Decimal:
        """Shift of the forecast on ``side``'s supply issue if it moves to the other's position."""
        distance = abs(side.opposite.dem_pos - side.sup_pos)
        return distance * side.s_sup * side.c_sup / self.table.den[side.supply]

    @staticmethod
    def _equal_gain(side: _Side, ratio: Decimal) -> Decimal:
        """The other issue's forecast shift that gives both actors the same gain."""
        other = side.opposite
        return (side.s_sup + other.s_dem) / (side.s_dem + other.s_sup) * ratio

    def _move_by_ratio(self, side: _Side, ratio: Decimal) -> Decimal:
        """The move of ``side`` that shifts its supply issue's forecast by ``ratio``."""
        return ratio * self.table.den[side.supply] / (side.c_sup * side.s_sup)

    @staticmethod
    def _utility(side: _Side, supply_ratio: Decimal, demand_ratio: Decimal) -> Decimal:
        return abs(supply_ratio * side.s_sup - demand_ratio * side.s_dem)

    def _positions(self, side: _Side) -> dict[str, Decimal]:
        positions = dict(self.table.x[side.supply])
        for actor, value in self.updates.get(side.supply, {}).items():
            if actor in positions:
                positions[actor] = value
        return positions

    def _nbs_with(self, side: _Side, position: Decimal) -> Decimal:
        positions = self._positions(side)
        positions[side.actor] = position
        return self.table.nbs(side.supply, positions)

    def _shift_to(self, side: _Side, target: Decimal) -> Decimal:
        """The move of ``side`` from where it stands that puts the forecast on ``target``."""
        positions = dict(self.table.x[side.supply])
        positions[side.actor] = side.sup_pos
        for actor, value in self.updates.get(side.supply, {}).items():
            positions[actor] = value
        issue = side.supply
        numerator = _ZERO
        for actor, s in self.table.s[issue].items():
            numerator += positions[actor] * s * self.table.c[issue][actor]
        return (target * self.table.den[issue] - numerator) / (side.s_sup * side.c_sup)

    # -- the steps

    def calculate(self) -> None:
        """Moves and gain: j moves all the way to i's position, else i all the way to j's."""
        i, j = self.i, self.j
        dp = self._ratio_by_move(j)
        dq = self._equal_gain(j, dp)
        i.move = self._move_by_ratio(i, dq)
        j.move = abs(i.dem_pos - j.sup_pos)
        if abs(i.move) > abs(j.dem_pos - i.sup_pos):
            dq = self._ratio_by_move(i)
            dp = self._equal_gain(i, dq)
            i.move = abs(j.dem_pos - i.sup_pos)
            j.move = self._move_by_ratio(j, dp)
        if i.sup_pos > j.dem_pos:
            i.move = -i.move
        if j.sup_pos > i.dem_pos:
            j.move = -j.move
        i.moves.append(i.move)
        j.moves.append(j.move)
        i.y = i.sup_pos + i.move
        j.y = j.sup_pos + j.move
        self.gain = self._utility(i, dq, dp)
        self.valid = i.valid_move(i.move) and j.valid_move(j.move)
        if self.gain < _TINY_MOVE:
            self.valid = False
        if not self.valid:
            return
        self._keep_short_of_demand(i)
        self._keep_short_of_demand(j)
        self.valid = i.valid_move(i.move) and j.valid_move(j.move)

    def _keep_short_of_demand(self, side: _Side) -> None:
        """If the move carries the forecast past the partner's position, shorten it.

        The partner wants the forecast of this issue at its own position, not beyond; the
        move is cut to put the forecast exactly there and the partner's move is
        recomputed for equal gain (decide's ``check_nbs``).
        """
        other = side.opposite
        side.nbs0 = self._nbs_with(side, side.sup_pos)
        side.nbs1 = self._nbs_with(side, side.y)
        target = other.dem_pos
        if (target - side.nbs0 >= 0 and target - side.nbs1 >= 0) or (
            target - side.nbs0 <= 0 and target - side.nbs1 <= 0
        ):
            return
        delta = abs(self._shift_to(side, target))
        ratio = delta * side.s_sup * side.c_sup / self.table.den[side.supply]
        other_ratio = self._equal_gain(side, ratio)
        other.move = abs(self._move_by_ratio(other, other_ratio))
        side.move = delta
        if other.sup_pos > side.dem_pos:
            other.move = -other.move
        if side.sup_pos > other.dem_pos:
            side.move = -side.move
        other.moves[-1] = other.move
        side.moves[-1] = side.move
        other.y = other.sup_pos + other.move
        side.y = side.sup_pos + side.move
        self.gain = self._utility(other, other_ratio, ratio)
        valid = other.valid_move(other.move) and side.valid_move(side.move)
        side.nbs1 = self._nbs_with(side, side.y)
        self.valid = valid

    def _drop_last_moves(self) -> None:
        for side in (self.i, self.j):
            if side.moves:
                side.moves.pop()

    def _merge_update(self, mover: _Side, issue: str, existing: Decimal) -> None:
        # Of two moves by the same actor on one issue, keep the one nearer its start.
        if mover.start <= existing:
            value = existing if existing < mover.y else mover.y
        else:
            value = existing if existing > mover.y else mover.y
        self.updates[issue][mover.actor] = value

    def recalculate(self, made: _Candidate) -> None:
        """Bring this candidate up to date after ``made`` was carried out (decide's recalculate)."""
        changed = False
        for side in (self.i, self.j):
            for moved in (made.i, made.j):
                if side.actor == moved.actor and side.supply == moved.supply:
                    side.sup_pos = moved.y
                    side.moves.append(moved.moves[-1])
                    changed = True
                    break
        if changed:
            self._drop_last_moves()
        for mover, partner in ((made.i, made.j), (made.j, made.i)):
            # ``mover`` moved on the issue ``partner`` demands; if one of our actors demands
            # that issue too, the forecast it expects there has moved.
            if any(
                side.actor == partner.actor and side.demand == partner.demand
                for side in (self.j, self.i)
            ):
                issue = partner.demand
                bucket = self.updates.setdefault(issue, {})
                if mover.actor in bucket:
                    self._merge_update(mover, issue, bucket[mover.actor])
                else:
                    bucket[mover.actor] = mover.y
                if not changed:
                    self._drop_last_moves()
                    changed = True
        if changed:
            self.calculate()


def _new_start(side: _Side) -> Decimal:
    """Position the next round starts from (decide's ``new_start_position``).

    ``x' = ((1 − s)·w_s + w_f)·y + (1 − (1 − s)·w_s − w_f)·x`` with the round's start ``x``,
    voting position ``y`` and salience ``s``: the less an actor cares, the more of its
    traded position it keeps.
    """
    s = side.s_sup
    return (1 - s) * _SW * side.y + _FW * side.y + (1 - (1 - s) * _SW - _FW) * side.start


def _to_move(side: _Side) -> Move:
    return Move(
        actor=side.actor,
        issue=side.supply,
        demand=side.demand,
        start=float(side.start),
        before=float(side.sup_pos),
        move=float(side.move),
        after=float(side.y),
    )


def _candidates(
    table: _Table, linkage: Linkage, nbs: Mapping[str, Decimal]
) -> tuple[list[_Candidate], int]:
    made: list[_Candidate] = []
    infeasible = 0
    for p, q in itertools.combinations(table.issues, 2):
        groups: tuple[list[str], list[str], list[str], list[str]] = ([], [], [], [])
        for actor in table.actors:
            if actor in table.x[p] and actor in table.x[q]:
                left_p = table.x[p][actor] <= nbs[p]
                left_q = table.x[q][actor] <= nbs[q]
                groups[int(left_p) + 2 * int(left_q)].append(actor)
        for first, second in ((groups[0], groups[3]), (groups[1], groups[2])):
            for a in first:
                for b in second:
                    if _zero_weight(table, (a, b), (p, q)):
                        infeasible += 1
                        continue
                    candidate = _Candidate(table, a, b, p, q, len(made))
                    slots = frozenset({(a, p), (a, q), (b, p), (b, q)})
                    moving = ((candidate.i.actor, q), (candidate.j.actor, p))
                    if not linkage.feasible(moving, slots):
                        infeasible += 1
                        continue
                    candidate.calculate()
                    made.append(candidate)
    return made, infeasible


def _zero_weight(table: _Table, actors: Sequence[str], issues: Sequence[str]) -> bool:
    # An actor without salience or capability on an issue can neither move the forecast
    # there nor be paid for it; the reference divides by zero on such input.
    return any(table.s[i][a] * table.c[i][a] == 0 for a in actors for i in issues)


def exchange_model(data: BargainingInput, rounds: int = 1, top: int = 20) -> ExchangeModelResult:
    """Run the equal-gain exchange model for ``rounds`` rounds.

    Each round (Stokman & Van Oosten 1994, as implemented in decide):

    1. the forecast ``O`` of every issue on the current positions;
    2. for every pair of issues ``p, q``, actors are grouped by side of ``O_p`` and ``O_q``;
       an actor can exchange with one on the opposite side of both forecasts;
    3. in each such pair, the actor with the larger salience ratio ``s_p / s_q`` demands
       ``p`` and moves on ``q``, the other the reverse; one of them moves all the way to
       the other's position and the other by as much as gives both the same gain
       ``Δ_p·s_ip − Δ_q·s_iq = Δ_q·s_jq − Δ_p·s_jp`` (``Δ`` the shift of the forecast);
    4. the exchange with the largest gain is made, exchanges it affects are recomputed or
       dropped, and so on until none is left;
    5. ``forecast_after`` is taken on the voting positions; the next round starts from
       positions moved part of the way (see ``_new_start``).

    Ties between exactly equal gains go to the candidate that came first in the
    (stably sorted) list, as the reference does with its random tie-break switched off.

    Memory: a round keeps all its candidate exchanges, at most :func:`candidate_bound`
    (``m(m−1)/2 · ⌊n/2⌋·⌈n/2⌉`` for ``m`` issues and ``n`` actors), since the greedy
    choice needs all of them; the result keeps only the first ``top`` exchanges of each
    round and the count.
    """
    if rounds < 0:
        raise BargainingInputError(f"'rounds' must be >= 0 (got {rounds})")
    if top < 0:
        raise BargainingInputError(f"'top' must be >= 0 (got {top})")
    table = _Table(data)
    result: list[Round] = []
    infeasible_total = 0
    with decimal.localcontext(_CONTEXT):
        for number in range(1, rounds + 1):
            nbs = table.all_nbs()
            candidates, infeasible = _candidates(table, data.linkage, nbs)
            infeasible_total += infeasible
            count = len(candidates)
            made = list(_run_round(candidates))
            for exchange in made:
                for side in (exchange.i, exchange.j):
                    table.x[side.supply][side.actor] = side.y
            after = table.all_nbs()
            for exchange in made:
                for side in (exchange.i, exchange.j):
                    table.x[side.supply][side.actor] = _new_start(side)
            result.append(
                Round(
                    number=number,
                    forecast_before=_floats(table, nbs),
                    candidates=count,
                    exchange_count=len(made),
                    exchanges=tuple(
                        Exchange(i=_to_move(e.i), j=_to_move(e.j), gain=float(e.gain))
                        for e in made[:top]
                    ),
                    forecast_after=_floats(table, after),
                    positions={
                        issue: {a: float(x) for a, x in table.x[issue].items()}
                        for issue in table.issues
                    },
                )
            )
    return ExchangeModelResult(
        rounds=tuple(result), infeasible=infeasible_total, candidate_bound=candidate_bound(data)
    )


def _floats(table: _Table, nbs: Mapping[str, Decimal]) -> dict[str, float | None]:
    return {issue: None if table.den[issue] == 0 else float(value) for issue, value in nbs.items()}


def _run_round(candidates: list[_Candidate]) -> Iterator[_Candidate]:
    """Make the best exchange, update the rest, repeat (decide's ModelLoop.loop)."""
    while candidates:
        # A stable sort of the list as last sorted: equal gains keep their order.
        candidates.sort(key=lambda c: c.gain, reverse=True)
        best = candidates.pop(0)
        if not best.valid:
            continue
        kept: list[_Candidate] = []
        for candidate in candidates:
            if candidate.valid:
                candidate.recalculate(best)
                if candidate.valid:
                    kept.append(candidate)
        candidates[:] = kept
        yield best
