"""A summit's negotiation on the field's models: the forecast per focus area and the exchanges.

This module maps a :class:`~summitlib.model.Summit` to the input of
:mod:`summitlib.bargaining` and back, and reports what the models say about it:

* :func:`forecast` — per focus area the Nash bargaining solution over the parties that
  take a position (the capability × salience weighted mean of their positions), each
  leader's distance to it, the coalitions below and above it, the pivotal leader (with
  three parties or more), and the forecast error where an outcome of the summit settles the
  area at a position, and :func:`pivotal_notes` saying why an area has no pivotal leader;
* :func:`exchanges` — Stokman and Van Oosten's equal-gain exchange model: which pairs of
  leaders gain by trading moves on which pairs of focus areas, the moves, the gains and
  the forecast after each round, with at most ``top`` exchanges kept per round and the
  total counted;
* :func:`from_decide` and :func:`to_decide` — the same data as a decide-exchange-model file.

The mapping (docs/comparison.md gives the formulas and their sources):

* **leader → actor** with its ``capability`` and ``participation``; only parties bargain.
  A leader without a capability gets the mean of the capabilities the document gives its
  leaders, or 1 for everyone when it gives none (:data:`summitlib.bargaining.DEFAULT_CAPABILITY`);
* **focus area → issue** on 0–100, its scale's ``low`` and ``high`` as the anchors of 0 and 100;
* **goals → the leader's stance on the area**: a leader's goals in one area with a position
  combine as :func:`summitlib.compare` combines them — the salience-weighted mean of their
  positions (a goal without salience weighs 50) and the largest salience — and the salience
  is divided by 100 (the models take 0–1; an area without any salience gets 0.5). A goal's
  ``capability`` overrides the leader's in its area (the largest when several goals give one);
* **packaged_with → a package**: the goals linked by ``packaged_with`` (either way, and
  through each other) move only together: an exchange may move one of them only if it
  moves all of them. Exchanges are between two leaders on two areas, so a package of three
  areas of one leader cannot be traded at all;
* **conditional_on → blocked**: a goal that holds only if another goal is met does not move
  when that goal *cannot be met*: the other goal has a ``bottom_line`` and another party's
  goal on the same area has a ``bottom_line`` that leaves no point both accept (see
  :func:`linkage`).

None of the numbers is a probability: a *weight* is a share of capability × salience, a
*gain* a change in salience-weighted distance between a leader and the forecast.

>>> import summitlib
>>> from summitlib import negotiation
>>> summit = summitlib.examples.load("reykjavik-1986")
>>> result = negotiation.forecast(summit)
>>> [(area.focus_area, round(area.position, 1)) for area in result.areas][:2]
[('strategic-arms', 95.0), ('intermediate-range', 85.0)]
>>> [(b.leader, b.focus_area) for b in result.blocked]
[('gorbachev', 'strategic-arms'), ('gorbachev', 'intermediate-range')]
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Final, Literal

import attrs

from summitlib import _files, bargaining, comparison, decide
from summitlib._names import leader_names, owned_goal
from summitlib.bargaining import (
    DEFAULT_CAPABILITY,
    Actor,
    ActorIssue,
    Anchor,
    BargainingInput,
    Issue,
    Linkage,
)
from summitlib.errors import SummitlibError
from summitlib.model import (
    Agenda,
    FocusArea,
    Goal,
    Identifier,
    Leader,
    Location,
    PartialDate,
    Participation,
    Scale,
    Status,
    Summit,
)

__all__ = [
    "CARRY_OVER",
    "DECIDE_SCHEME",
    "DEFAULT_ROUNDS",
    "DEFAULT_TOP",
    "FORMAT_VERSION",
    "MAX_ROUNDS",
    "MIN_PIVOTAL_PARTIES",
    "NO_PIVOTAL_AGREED",
    "NO_PIVOTAL_FEW",
    "AreaForecast",
    "Blocked",
    "ExchangeRound",
    "LeaderPlace",
    "NegotiationError",
    "SummitExchanges",
    "SummitForecast",
    "Trade",
    "TradeMove",
    "bargaining_input",
    "exchanges",
    "forecast",
    "from_decide",
    "linkage",
    "pivotal_notes",
    "scored_areas",
    "settled_positions",
    "slugify",
    "summit_from_bargaining",
    "to_decide",
]

#: Version of the shape of :meth:`SummitForecast.as_dict` and :meth:`SummitExchanges.as_dict`;
#: it changes only when a key is renamed or removed or its meaning changes.
FORMAT_VERSION: Final = 1

#: Rounds of the exchange model run when not told otherwise.
DEFAULT_ROUNDS: Final = 3

#: Exchanges kept per round when not told otherwise; the total is always counted.
DEFAULT_TOP: Final = 10

#: The most rounds :func:`exchanges` runs: each round recomputes every candidate exchange.
MAX_ROUNDS: Final = 100

#: The fewest parties taking a position on an area for one of them to be pivotal: two
#: parties' pulls are equal and opposite, so with two neither shifts the forecast more.
MIN_PIVOTAL_PARTIES: Final = 3

#: :attr:`AreaForecast.no_pivotal_reason` with fewer than :data:`MIN_PIVOTAL_PARTIES` parties.
NO_PIVOTAL_FEW: Final = "fewer than three parties take a position"
#: :attr:`AreaForecast.no_pivotal_reason` when every party stands on the forecast.
NO_PIVOTAL_AGREED: Final = "every party stands on the forecast"

#: How the exchange model carries positions from one round to the next
#: (:func:`summitlib.bargaining.exchange_model`), said once for a report's reader.
CARRY_OVER: Final = (
    "Each round starts from positions only part of the way from where the previous round "
    "began to where its exchanges left them: a leader keeps "
    f"{bargaining.FIXED_WEIGHT:.0%} to {bargaining.FIXED_WEIGHT + bargaining.SALIENCE_WEIGHT:.0%}"
    " of a move, more on an area it cares less about (one who moved 45 → 95 on an area of "
    "salience 50 starts the next round at 60)."
)

#: Scheme of the :class:`~summitlib.model.Identifier` that keeps a decide actor's own id.
DECIDE_SCHEME: Final = "decide"

PositionStage = Literal["headline", "opening", "final"]
_STAGES: Final = ("headline", "opening", "final")


class NegotiationError(SummitlibError, ValueError):
    """The summit cannot be analysed or converted as asked; the message says why."""


# --------------------------------------------------------------------------- helpers


def _finite(value: float | None) -> float | None:
    if value is None or isinstance(value, bool) or not math.isfinite(value):
        return None
    return float(value)


def _scaled(value: float, factor: str) -> float:
    # Through decimal, so that 70 / 100 is 0.7 and 0.07 * 100 is 7.0: a round trip through
    # a document gives back the digits a decide file had.
    return float(Decimal(repr(float(value))) * Decimal(factor))


def _stage_position(goal: Goal, stage: PositionStage) -> float | None:
    if stage != "headline":
        for held in goal.positions:
            if held.stage.value == stage and _finite(held.value) is not None:
                return float(held.value)
    return _finite(goal.position)


@attrs.frozen
class _Stance:
    leader: str
    focus_area: str
    goals: tuple[Goal, ...]
    position: float
    salience: float  # 0–100
    salience_given: bool
    capability: float | None


def _stances(summit: Summit, stage: PositionStage) -> list[_Stance]:
    """Each leader's combined stance per area, in agenda order then first-goal order."""
    found: list[_Stance] = []
    for agenda in summit.agendas:
        groups: dict[str, list[Goal]] = {}
        for goal in agenda.goals:
            groups.setdefault(goal.focus_area, []).append(goal)
        for area, goals in groups.items():
            position = comparison._combined_position(
                [
                    (p, _finite(goal.salience))
                    for goal in goals
                    if (p := _stage_position(goal, stage)) is not None
                ]
            )
            if position is None:
                continue
            saliences = [s for s in (_finite(g.salience) for g in goals) if s is not None]
            capabilities = [c for c in (_finite(g.capability) for g in goals) if c is not None]
            found.append(
                _Stance(
                    leader=agenda.leader,
                    focus_area=area,
                    goals=tuple(goals),
                    position=min(100.0, max(0.0, position)),
                    salience=min(100.0, max(0.0, max(saliences))) if saliences else 50.0,
                    salience_given=bool(saliences),
                    capability=max(capabilities) if capabilities else None,
                )
            )
    return found


def _participation(leader: Leader) -> bargaining.Participation:
    value = leader.participation
    text = value.value if isinstance(value, Participation) else str(value)
    if text not in ("party", "mediator", "host", "observer"):
        raise NegotiationError(f"leader {leader.id!r}: unknown participation {text!r}")
    return text  # type: ignore[return-value]


# --------------------------------------------------------------------------- linkage


@attrs.frozen(kw_only=True)
class Blocked:
    """A leader's stance on an area that does not move, and why.

    ``goal`` holds only if ``condition`` is met, and ``condition`` cannot be met:
    ``reason`` says which bottom lines leave no point both sides accept, by id. ``rival``
    is the other party's goal whose bottom line leaves none; ``accepts`` and
    ``rival_accepts`` are the intervals (0–100) the two bottom lines accept.
    :meth:`describe` says the same for a reader, with names, titles and labels.
    """

    leader: str
    focus_area: str
    goal: str
    condition: str
    reason: str
    rival: str | None = None
    accepts: tuple[float, float] | None = None
    rival_accepts: tuple[float, float] | None = None

    def as_dict(self) -> dict[str, Any]:
        """The blocked stance as JSON-ready data (ids, not names)."""
        data = attrs.asdict(self)
        for key in ("accepts", "rival_accepts"):
            if data[key] is not None:
                data[key] = list(data[key])
        return data

    def describe(self, summit: Summit) -> str:
        """The blocked stance for a reader: leaders by name, goals by title (with their
        leader's name), areas by label; an id the summit does not hold is shown as is.

        The one wording of the reports (text, Markdown and HTML).

        >>> import summitlib
        >>> summit = summitlib.examples.load("reykjavik-1986")
        >>> print(linkage(summit)[1][0].describe(summit)[:72])
        Gorbachev does not move on Strategic offensive arms: Gorbachev's “Deep c
        """
        names = leader_names(summit)
        labels = {area.id: area.label for area in summit.focus_areas}
        owners = {
            goal.id: (agenda.leader, goal) for agenda in summit.agendas for goal in agenda.goals
        }

        def name(leader: str) -> str:
            return names.get(leader, leader)

        def titled(goal_id: str) -> str:
            if goal_id not in owners:
                return goal_id
            leader, goal = owners[goal_id]
            return owned_goal(name(leader), goal.title)

        text = (
            f"{name(self.leader)} does not move on {labels.get(self.focus_area, self.focus_area)}: "
            f"{titled(self.goal)} holds only if {titled(self.condition)} is met, and it cannot be"
        )
        mine = owners.get(self.condition)
        theirs = owners.get(self.rival) if self.rival is not None else None
        if mine is None or theirs is None or not self.accepts or not self.rival_accepts:
            return f"{text} ({self.reason})"
        (owner, condition), (rival, other) = mine, theirs
        area = labels.get(condition.focus_area, condition.focus_area)
        return (
            f"{text}: on {area}, {name(owner)} accepts {_interval(self.accepts)} and "
            f"{name(rival)} {_interval(self.rival_accepts)} (“{other.title}”), so no point both "
            "accept"
        )


def _interval(bounds: tuple[float, float]) -> str:
    low, high = bounds
    return f"only {low:g}" if low == high else f"{low:g}–{high:g}"


def _acceptable(goal: Goal) -> tuple[float, float] | None:
    """The interval of outcomes a goal's bottom line accepts, or ``None`` if not known.

    A bottom line below the position accepts ``[bottom_line, 100]``, above it ``[0,
    bottom_line]``; a bottom line equal to the position accepts that point only.
    """
    line, position = _finite(goal.bottom_line), _finite(goal.position)
    if line is None or position is None:
        return None
    if line < position:
        return (line, 100.0)
    if line > position:
        return (0.0, line)
    return (line, line)


@attrs.frozen
class _Unmeetable:
    reason: str
    rival: str
    accepts: tuple[float, float]
    rival_accepts: tuple[float, float]


def _unmeetable(summit: Summit, goal: Goal, owner: str, parties: set[str]) -> _Unmeetable | None:
    """Why *goal* cannot be met, or ``None`` when it can or nothing says it cannot."""
    if owner not in parties:
        return None
    mine = _acceptable(goal)
    if mine is None:
        return None
    for agenda in summit.agendas:
        if agenda.leader == owner or agenda.leader not in parties:
            continue
        for other in agenda.goals:
            if other.focus_area != goal.focus_area:
                continue
            theirs = _acceptable(other)
            if theirs is None:
                continue
            if max(mine[0], theirs[0]) > min(mine[1], theirs[1]):
                return _Unmeetable(
                    reason=(
                        f"{goal.id} accepts {mine[0]:g}–{mine[1]:g} on {goal.focus_area}, "
                        f"{other.id} accepts {theirs[0]:g}–{theirs[1]:g}: no point both accept"
                    ),
                    rival=other.id,
                    accepts=mine,
                    rival_accepts=theirs,
                )
    return None


def linkage(
    summit: Summit, *, stage: PositionStage = "headline"
) -> tuple[Linkage, tuple[Blocked, ...]]:
    """The linkage of a summit's goals as the models take it, and the blocked stances.

    * ``packaged_with`` links goals both ways and through each other; each connected set
      of goals becomes one package of (leader, area) stances. Goals without a position,
      and goals of leaders who are not parties, drop out of their package.
    * A party's goal ``conditional_on`` a goal that cannot be met blocks the party's stance
      on the goal's area. A goal cannot be met when it has a ``bottom_line`` and a goal of
      another party on the same area has one too, and the two leave no point both accept
      (a bottom line equal to the position accepts that point only). A condition without
      bottom lines, or on a goal of a mediator, is taken as one that can be met.
    """
    parties = {leader.id for leader in summit.leaders if _participation(leader) == "party"}
    known = {leader.id for leader in summit.leaders}
    parties |= {agenda.leader for agenda in summit.agendas if agenda.leader not in known}
    slots = {
        (stance.leader, stance.focus_area)
        for stance in _stances(summit, stage)
        if stance.leader in parties
    }
    owner: dict[str, str] = {}
    goals: dict[str, Goal] = {}
    for agenda in summit.agendas:
        for goal in agenda.goals:
            owner.setdefault(goal.id, agenda.leader)
            goals.setdefault(goal.id, goal)
    # Union-find over goal ids, in document order so that packages come out in that order.
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for goal_id, goal in goals.items():
        for other in goal.packaged_with:
            if other in goals:
                a, b = root(goal_id), root(other)
                if a != b:
                    parent[b] = a
    groups: dict[str, list[tuple[str, str]]] = {}
    for goal_id in goals:
        if goal_id in parent:
            slot = (owner[goal_id], goals[goal_id].focus_area)
            members = groups.setdefault(root(goal_id), [])
            if slot in slots and slot not in members:
                members.append(slot)
    packages = tuple(frozenset(members) for members in groups.values() if len(members) > 1)
    blocked: list[Blocked] = []
    for goal_id, goal in goals.items():
        slot = (owner[goal_id], goal.focus_area)
        if slot not in slots or any(
            b.leader == slot[0] and b.focus_area == slot[1] for b in blocked
        ):
            continue
        for condition in goal.conditional_on:
            if condition not in goals:
                continue
            why = _unmeetable(summit, goals[condition], owner[condition], parties)
            if why is not None:
                blocked.append(
                    Blocked(
                        leader=slot[0],
                        focus_area=slot[1],
                        goal=goal_id,
                        condition=condition,
                        reason=why.reason,
                        rival=why.rival,
                        accepts=why.accepts,
                        rival_accepts=why.rival_accepts,
                    )
                )
                break
    return (
        Linkage(packages=packages, blocked=frozenset((b.leader, b.focus_area) for b in blocked)),
        tuple(blocked),
    )


# --------------------------------------------------------------------------- summit -> input


def bargaining_input(summit: Summit, *, stage: PositionStage = "headline") -> BargainingInput:
    """The summit as the input of :mod:`summitlib.bargaining` (see the module's mapping).

    *stage* picks the positions: ``headline`` (each goal's ``position``), or ``opening`` /
    ``final`` (the goal's position recorded at that stage, else its ``position``).

    >>> import summitlib
    >>> data = bargaining_input(summitlib.examples.load("alaska-2025"))
    >>> [(s.actor, s.issue, s.position, s.salience) for s in data.actor_issues][:2]
    [('trump', 'ukraine-conflict', 20.0, 0.9), ('trump', 'international-standing', 15.0, 0.6)]
    """
    if stage not in _STAGES:
        raise NegotiationError(f"'stage' must be one of {_STAGES} (got {stage!r})")
    actors: list[Actor] = []
    for leader in summit.leaders:
        capability = _finite(leader.capability)
        actors.append(
            Actor(
                id=leader.id,
                name=leader.name,
                capability=None if capability is None else max(0.0, capability),
                participation=_participation(leader),
            )
        )
    known = {actor.id for actor in actors}
    for agenda in summit.agendas:
        if agenda.leader not in known:
            known.add(agenda.leader)
            actors.append(Actor(id=agenda.leader))
    issues: list[Issue] = []
    seen: set[str] = set()
    for area in summit.focus_areas:
        if area.id in seen:
            continue
        seen.add(area.id)
        issues.append(_issue(area))
    stances = _stances(summit, stage)
    for stance in stances:
        if stance.focus_area not in seen:
            seen.add(stance.focus_area)
            issues.append(Issue(id=stance.focus_area, label=stance.focus_area))
    actor_issues = tuple(
        ActorIssue(
            actor=stance.leader,
            issue=stance.focus_area,
            position=stance.position,
            salience=_scaled(stance.salience, "0.01"),
            capability=stance.capability,
        )
        for stance in stances
    )
    links, _ = linkage(summit, stage=stage)
    try:
        return BargainingInput(
            actors=tuple(actors), issues=tuple(issues), actor_issues=actor_issues, linkage=links
        )
    except bargaining.BargainingInputError as error:
        raise NegotiationError(f"summit {summit.id!r}: {error}") from None


def _issue(area: FocusArea) -> Issue:
    low = high = None
    if area.scale is not None:
        low, high = area.scale.low, area.scale.high
    return Issue(
        id=area.id,
        label=area.label,
        description=area.description,
        anchors=(Anchor(position=0.0, meaning=low), Anchor(position=100.0, meaning=high)),
    )


# --------------------------------------------------------------------------- forecast


@attrs.frozen(kw_only=True)
class LeaderPlace:
    """One party's place relative to an area's forecast (positions on 0–100).

    ``salience`` is on 0–100 as in the document; ``capability`` is the one used (given,
    or the default); ``weight`` its share of capability × salience in the area; ``pull``
    ``weight × (position − forecast)``, how far it drags the forecast towards itself.
    """

    leader: str
    position: float
    salience: float
    capability: float
    weight: float
    distance: float
    pull: float

    def as_dict(self) -> dict[str, Any]:
        """The place as JSON-ready data."""
        return attrs.asdict(self)


@attrs.frozen(kw_only=True)
class AreaForecast:
    """The forecast of one focus area, the parties around it and, if recorded, the outcome.

    ``position`` is the Nash bargaining solution (``None`` when no party has weight);
    ``below`` and ``above`` are the coalitions on either side (nearest first), ``at`` the
    parties on it, ``pivotal`` the party whose move shifts the forecast most (the largest
    ``|pull|``, the first on a tie). ``pivotal`` is ``None`` when fewer than
    :data:`MIN_PIVOTAL_PARTIES` parties take a position (two parties' pulls are equal and
    opposite, so neither shifts the forecast more) or when every party stands on the
    forecast; :attr:`no_pivotal_reason` says which. ``settled``
    is where the summit's outcomes settled the area (the mean when several give a
    position), ``outcomes`` their ids and ``error`` ``|position − settled|``.
    """

    focus_area: str
    label: str
    position: float | None
    leaders: tuple[LeaderPlace, ...]
    below: tuple[str, ...]
    above: tuple[str, ...]
    at: tuple[str, ...]
    pivotal: str | None
    settled: float | None
    outcomes: tuple[str, ...]
    error: float | None

    @property
    def no_pivotal_reason(self) -> str | None:
        """Why :attr:`pivotal` is ``None``, or ``None`` when some party is pivotal."""
        if self.pivotal is not None:
            return None
        if len(self.leaders) < MIN_PIVOTAL_PARTIES:
            return NO_PIVOTAL_FEW
        return NO_PIVOTAL_AGREED

    def as_dict(self) -> dict[str, Any]:
        """The area's forecast as JSON-ready data."""
        return {
            "focus_area": self.focus_area,
            "label": self.label,
            "forecast": self.position,
            "leaders": [place.as_dict() for place in self.leaders],
            "below": list(self.below),
            "above": list(self.above),
            "at": list(self.at),
            "pivotal": self.pivotal,
            "settled": self.settled,
            "outcomes": list(self.outcomes),
            "error": self.error,
        }


@attrs.frozen(kw_only=True)
class SummitForecast:
    """The forecast of every focus area a party takes a position on, in document order.

    ``parties`` bargain; ``not_bargaining`` maps the other leaders to their part.
    ``capabilities`` gives each party's capability as used and whether the document gave
    it. ``mean_error`` is the mean of the areas' errors (``None`` without outcomes).
    """

    summit: str
    stage: str
    parties: tuple[str, ...]
    not_bargaining: Mapping[str, str]
    capabilities: Mapping[str, tuple[float, bool]]
    areas: tuple[AreaForecast, ...]
    packages: tuple[tuple[tuple[str, str], ...], ...]
    blocked: tuple[Blocked, ...]

    @property
    def mean_error(self) -> float | None:
        """Mean absolute forecast error over the areas an outcome settles at a position."""
        errors = [area.error for area in self.areas if area.error is not None]
        return math.fsum(errors) / len(errors) if errors else None

    def area(self, focus_area: str) -> AreaForecast:
        """The forecast of one area; ``KeyError`` if no party takes a position there."""
        for area in self.areas:
            if area.focus_area == focus_area:
                return area
        raise KeyError(focus_area)

    def as_dict(self) -> dict[str, Any]:
        """The forecast as JSON-ready data; the shape is documented in docs/comparison.md."""
        return {
            "format": FORMAT_VERSION,
            "summit": self.summit,
            "stage": self.stage,
            "parties": list(self.parties),
            "not_bargaining": dict(self.not_bargaining),
            "capabilities": {
                leader: {"value": value, "given": given}
                for leader, (value, given) in self.capabilities.items()
            },
            "areas": [area.as_dict() for area in self.areas],
            "mean_error": self.mean_error,
            "linkage": {
                "packages": [
                    [{"leader": leader, "focus_area": area} for leader, area in package]
                    for package in self.packages
                ],
                "blocked": [item.as_dict() for item in self.blocked],
            },
        }


def settled_positions(summit: Summit) -> dict[str, tuple[float, tuple[str, ...]]]:
    """``{area: (settled position, outcome ids)}`` from the summit's outcomes.

    Several outcomes that settle one area at a position (two readouts, say) give the mean.
    """
    found: dict[str, list[tuple[float, str]]] = {}
    for outcome in summit.outcomes:
        for settled in outcome.settles:
            value = _finite(settled.position)
            if value is not None:
                found.setdefault(settled.focus_area, []).append((value, outcome.id))
    return {
        area: (math.fsum(v for v, _ in items) / len(items), tuple(i for _, i in items))
        for area, items in found.items()
    }


def _capabilities(data: BargainingInput) -> dict[str, tuple[float, bool]]:
    result: dict[str, tuple[float, bool]] = {}
    for actor in data.actors:
        if not actor.bargains:
            continue
        if actor.capability is not None:
            result[actor.id] = (actor.capability, True)
        else:
            known = [a.capability for a in data.actors if a.capability is not None]
            value = math.fsum(known) / len(known) if known else DEFAULT_CAPABILITY
            result[actor.id] = (value, False)
    return result


def forecast(summit: Summit, *, stage: PositionStage = "headline") -> SummitForecast:
    """The Nash bargaining forecast of each focus area, with coalitions, pivot and error.

    >>> import summitlib
    >>> result = forecast(summitlib.examples.load("alaska-2025"))
    >>> area = result.area("sanctions")
    >>> round(area.position, 2), area.pivotal, area.no_pivotal_reason
    (76.48, None, 'fewer than three parties take a position')
    """
    data = bargaining_input(summit, stage=stage)
    _, blocked = linkage(summit, stage=stage)
    result = bargaining.nash_forecast(data)
    settled = settled_positions(summit)
    labels = {issue.id: issue.label or issue.id for issue in data.issues}
    saliences = {(s.actor, s.issue): s for s in data.actor_issues}
    areas: list[AreaForecast] = []
    for item in result.issues:
        if not item.actors:
            continue
        places = tuple(
            LeaderPlace(
                leader=person.actor,
                position=person.position,
                salience=_scaled(saliences[(person.actor, item.issue)].salience, "100"),
                capability=data.capability_of(saliences[(person.actor, item.issue)]),
                weight=person.weight,
                distance=person.distance,
                pull=person.pull,
            )
            for person in item.actors
        )
        value, outcomes = settled.get(item.issue, (None, ()))
        areas.append(
            AreaForecast(
                focus_area=item.issue,
                label=labels[item.issue],
                position=item.position,
                leaders=places,
                below=item.below,
                above=item.above,
                at=item.at,
                # Two pulls are always equal and opposite, so a pivot between two parties
                # would be a tie broken by document order; and nobody can shift a forecast
                # every party already stands on.
                pivotal=(
                    item.pivotal
                    if len(places) >= MIN_PIVOTAL_PARTIES and any(p.pull != 0 for p in places)
                    else None
                ),
                settled=value,
                outcomes=outcomes,
                error=(
                    None if value is None or item.position is None else abs(item.position - value)
                ),
            )
        )
    return SummitForecast(
        summit=summit.id,
        stage=stage,
        parties=tuple(actor.id for actor in data.actors if actor.bargains),
        not_bargaining={
            actor.id: actor.participation for actor in data.actors if not actor.bargains
        },
        capabilities=_capabilities(data),
        areas=tuple(areas),
        packages=tuple(tuple(sorted(package)) for package in data.linkage.packages),
        blocked=blocked,
    )


_NO_PIVOTAL_WHY: Final = {
    NO_PIVOTAL_FEW: (
        "two parties' pulls are always equal and opposite, so neither shifts the forecast "
        "more than the other"
    ),
    NO_PIVOTAL_AGREED: "no party's move can shift it",
}


def pivotal_notes(result: SummitForecast) -> tuple[str, ...]:
    """One sentence per reason some area has no pivotal leader (shown as “—”), for a report.

    The areas are named only when the reasons differ between them.

    >>> import summitlib
    >>> print(pivotal_notes(forecast(summitlib.examples.load("alaska-2025")))[0][:60])
    Pivotal “—”: fewer than three parties take a position; two p
    """
    found: dict[str, list[str]] = {}
    for area in result.areas:
        reason = area.no_pivotal_reason
        if reason is not None:
            found.setdefault(reason, []).append(area.label)
    notes = []
    for reason, labels in found.items():
        where = f" ({', '.join(labels)})" if len(found) > 1 else ""
        notes.append(f"Pivotal “—”{where}: {reason}; {_NO_PIVOTAL_WHY[reason]}.")
    return tuple(notes)


def scored_areas(summit: Summit) -> int:
    """How many focus areas at least two parties take a position on (what the models need)."""
    data = bargaining_input(summit)
    parties = {actor.id for actor in data.actors if actor.bargains}
    counts: dict[str, int] = {}
    for stance in data.actor_issues:
        if stance.actor in parties:
            counts[stance.issue] = counts.get(stance.issue, 0) + 1
    return sum(1 for count in counts.values() if count >= 2)


# --------------------------------------------------------------------------- exchanges


@attrs.frozen(kw_only=True)
class TradeMove:
    """One leader's side of an exchange: it gives way on ``moves_on`` to gain on ``demands``.

    ``start`` is where it stood when the round began, ``before`` when the exchange was
    made, ``after`` where the exchange puts it; ``move = after − before`` (0–100).
    """

    leader: str
    moves_on: str
    demands: str
    start: float
    before: float
    after: float
    move: float

    def as_dict(self) -> dict[str, Any]:
        """The move as JSON-ready data."""
        return attrs.asdict(self)


@attrs.frozen(kw_only=True)
class Trade:
    """Two leaders trade moves on two areas, each gaining ``gain`` (utility units, not a
    probability: the salience-weighted shift of the forecast towards it, less what it
    concedes)."""

    first: TradeMove
    second: TradeMove
    gain: float

    @property
    def leaders(self) -> tuple[str, str]:
        """The two leaders."""
        return (self.first.leader, self.second.leader)

    @property
    def areas(self) -> tuple[str, str]:
        """The areas the first and the second leader move on."""
        return (self.first.moves_on, self.second.moves_on)

    def as_dict(self) -> dict[str, Any]:
        """The trade as JSON-ready data."""
        return {"gain": self.gain, "moves": [self.first.as_dict(), self.second.as_dict()]}


@attrs.frozen(kw_only=True)
class ExchangeRound:
    """One round: how many candidate exchanges, how many made, the first ``top`` of them
    (largest gain first, in the order made) and the forecast before and after."""

    number: int
    candidates: int
    exchange_count: int
    trades: tuple[Trade, ...]
    forecast_before: Mapping[str, float | None]
    forecast_after: Mapping[str, float | None]

    def as_dict(self) -> dict[str, Any]:
        """The round as JSON-ready data."""
        return {
            "round": self.number,
            "candidates": self.candidates,
            "exchange_count": self.exchange_count,
            "shown": len(self.trades),
            "exchanges": [trade.as_dict() for trade in self.trades],
            "forecast_before": dict(self.forecast_before),
            "forecast_after": dict(self.forecast_after),
        }


@attrs.frozen(kw_only=True)
class SummitExchanges:
    """The exchange model's rounds over a summit.

    ``infeasible`` counts the exchanges linkage (or a zero weight) ruled out over all
    rounds; ``candidate_bound`` is the most candidates one round can hold
    (:func:`summitlib.bargaining.candidate_bound`); ``top`` the exchanges kept per round.
    """

    summit: str
    stage: str
    top: int
    rounds: tuple[ExchangeRound, ...]
    infeasible: int
    candidate_bound: int

    @property
    def converged(self) -> int | None:
        """The first round that makes no exchange, or ``None`` if every round makes one.

        A round without an exchange moves no position, so every later round starts where
        it did and repeats it: the model has converged.
        """
        return next((item.number for item in self.rounds if item.exchange_count == 0), None)

    @property
    def active_rounds(self) -> tuple[ExchangeRound, ...]:
        """The rounds before :attr:`converged`: those that make an exchange."""
        return tuple(item for item in self.rounds if item.exchange_count > 0)

    @property
    def rounds_to_rest(self) -> tuple[ExchangeRound, ...]:
        """The rounds up to :attr:`converged`, whose forecast after shows where the
        positions came to rest; none when no round makes an exchange (the forecast stands),
        all when every round makes one. What a report's table of forecasts shows."""
        if not self.active_rounds:
            return ()
        last = self.converged
        return tuple(item for item in self.rounds if last is None or item.number <= last)

    def convergence_note(self) -> str | None:
        """One sentence saying from which round no exchange is possible, for a report."""
        if self.converged is None:
            return None
        if self.converged == self.rounds[0].number:
            # Every round repeats the first, so each rules out the same share.
            ruled_out = self.infeasible // len(self.rounds)
            if not ruled_out:
                return "No exchange is possible."
            return (
                f"No exchange is possible: linkage rules out the {ruled_out} that would "
                f"otherwise be {'a candidate' if ruled_out == 1 else 'candidates'}."
            )
        before = self.converged - 1
        return (
            f"No exchange is possible after round {before}: round {self.converged} finds "
            "none, and the positions no longer change."
        )

    def as_dict(self) -> dict[str, Any]:
        """The rounds as JSON-ready data; the shape is documented in docs/comparison.md."""
        return {
            "format": FORMAT_VERSION,
            "summit": self.summit,
            "stage": self.stage,
            "top": self.top,
            "candidate_bound": self.candidate_bound,
            "infeasible": self.infeasible,
            "rounds": [item.as_dict() for item in self.rounds],
        }


def _move(move: bargaining.Move) -> TradeMove:
    return TradeMove(
        leader=move.actor,
        moves_on=move.issue,
        demands=move.demand,
        start=move.start,
        before=move.before,
        after=move.after,
        move=move.move,
    )


def exchanges(
    summit: Summit,
    *,
    rounds: int = DEFAULT_ROUNDS,
    top: int = DEFAULT_TOP,
    stage: PositionStage = "headline",
) -> SummitExchanges:
    """Run the equal-gain exchange model on the summit for *rounds* rounds.

    Only parties trade; linkage is respected (see :func:`linkage`). Each round keeps its
    first *top* exchanges and counts all of them.

    >>> import summitlib
    >>> result = exchanges(summitlib.examples.load("alaska-2025"), rounds=1)
    >>> first = result.rounds[0].trades[0]
    >>> first.leaders, first.areas
    (('trump', 'putin'), ('sanctions', 'ukraine-conflict'))
    """
    if not 0 <= rounds <= MAX_ROUNDS:
        raise NegotiationError(f"'rounds' must be between 0 and {MAX_ROUNDS} (got {rounds})")
    if top < 0:
        raise NegotiationError(f"'top' must be >= 0 (got {top})")
    data = bargaining_input(summit, stage=stage)
    result = bargaining.exchange_model(data, rounds=rounds, top=top)
    return SummitExchanges(
        summit=summit.id,
        stage=stage,
        top=top,
        rounds=tuple(
            ExchangeRound(
                number=item.number,
                candidates=item.candidates,
                exchange_count=item.exchange_count,
                trades=tuple(
                    Trade(first=_move(e.i), second=_move(e.j), gain=e.gain) for e in item.exchanges
                ),
                forecast_before=dict(item.forecast_before),
                forecast_after=dict(item.forecast_after),
            )
            for item in result.rounds
        ),
        infeasible=result.infeasible,
        candidate_bound=result.candidate_bound,
    )


# --------------------------------------------------------------------------- input -> summit


_NOT_SLUG: Final = re.compile(r"[^a-z0-9]+")


def slugify(text: str, fallback: str = "item") -> str:
    """A slug for *text*: ASCII letters and digits, lower case, joined by single hyphens.

    >>> slugify("EU (incl Norway)")
    'eu-incl-norway'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")[:100].strip("-")
    return slug or fallback


def _unique(slug: str, taken: set[str]) -> str:
    candidate, n = slug, 2
    while candidate in taken:
        suffix = f"-{n}"
        candidate = slug[: 100 - len(suffix)].rstrip("-") + suffix
        n += 1
    taken.add(candidate)
    return candidate


def _text(value: str | None, fallback: str) -> str:
    return value if value is not None and value.strip() else fallback


def summit_from_bargaining(
    data: BargainingInput,
    *,
    summit_id: str = "imported",
    title: str | None = None,
    start_date: PartialDate | None = None,
    location: str | None = None,
) -> Summit:
    """A summit document holding *data*: leaders, focus areas and one goal per stance.

    Actor ids become slugs (:func:`slugify`, made unique); the original id is kept as the
    leader's identifier of scheme :data:`DECIDE_SCHEME`, and the actor's name (else its
    id) as the leader's name and organisation. Issue ids become the focus areas' slugs,
    their labels (else ids) the labels. Positions are taken to 0–100 from the issue's
    scale; saliences are multiplied by 100. Capabilities are kept as they are when none
    exceeds 100, else scaled so the largest is 100 (only ratios matter to the models).
    A scale's anchors at its two ends become the focus area's ``scale`` when both have a
    meaning. Dates and place are not in the data: *start_date* (default: this year) and
    *location* (default: "not recorded") fill them.
    """
    import datetime

    taken_leaders: set[str] = set()
    leader_ids = {
        actor.id: _unique(slugify(actor.id, "actor"), taken_leaders) for actor in data.actors
    }
    taken_areas: set[str] = set()
    area_ids = {issue.id: _unique(slugify(issue.id, "area"), taken_areas) for issue in data.issues}
    issues = {issue.id: issue for issue in data.issues}
    powers = [a.capability for a in data.actors if a.capability is not None]
    powers += [s.capability for s in data.actor_issues if s.capability is not None]
    factor = 100.0 / max(powers) if powers and max(powers) > 100 else None

    def power(value: float | None) -> float | None:
        return value if value is None or factor is None else value * factor

    leaders = tuple(
        Leader(
            id=leader_ids[actor.id],
            name=_text(actor.name, actor.id),
            organization=_text(actor.name, actor.id),
            role=_text(actor.comment, "Actor in a bargaining model"),
            identifiers=(Identifier(scheme=DECIDE_SCHEME, identifier=actor.id),),
            participation=Participation(actor.participation),
            capability=power(actor.capability),
        )
        for actor in data.actors
    )
    focus_areas = []
    for issue in data.issues:
        scale = None
        ends = {anchor.position: anchor.meaning for anchor in issue.anchors}
        low, high = ends.get(issue.lower), ends.get(issue.upper)
        if low and high:
            scale = Scale(low=low, high=high)
        focus_areas.append(
            FocusArea(
                id=area_ids[issue.id],
                label=_text(issue.label, issue.id),
                description=issue.description if issue.description else None,
                scale=scale,
            )
        )
    goals: dict[str, list[Goal]] = {actor.id: [] for actor in data.actors}
    taken_goals: set[str] = set()
    for stance in data.actor_issues:
        issue = issues[stance.issue]
        position = (stance.position - issue.lower) * 100.0 / (issue.upper - issue.lower)
        if issue.lower != 0 or issue.upper != 100:
            position = min(100.0, max(0.0, position))
        goals[stance.actor].append(
            Goal(
                id=_unique(
                    f"{leader_ids[stance.actor]}-{area_ids[stance.issue]}"[:100].strip("-"),
                    taken_goals,
                ),
                focus_area=area_ids[stance.issue],
                title=_text(issue.label, issue.id),
                details=(stance.comment,) if stance.comment else (),
                position=position,
                salience=min(100.0, _scaled(stance.salience, "100")),
                capability=power(stance.capability),
            )
        )
    # Agendas in the order the stances first name their actors, so that a file whose rows
    # go actor by actor is written back in the same order.
    order = list(dict.fromkeys(stance.actor for stance in data.actor_issues))
    actors = {actor.id: actor for actor in data.actors}
    agendas = tuple(
        Agenda(
            leader=leader_ids[actor_id],
            vision=_text(
                actors[actor_id].comment,
                f"Positions of {_text(actors[actor_id].name, actor_id)}.",
            ),
            goals=tuple(goals[actor_id]),
        )
        for actor_id in order
    )
    return Summit(
        schema_version="1.1",
        id=slugify(summit_id, "imported"),
        title=title or summit_id,
        status=Status.HELD,
        start_date=start_date or PartialDate(year=datetime.date.today().year),
        location=Location(name=location or "not recorded"),
        leaders=leaders,
        focus_areas=tuple(focus_areas),
        agendas=agendas,
    )


def from_decide(
    path: str | os.PathLike[str],
    *,
    summit_id: str | None = None,
    title: str | None = None,
    start_date: PartialDate | None = None,
    location: str | None = None,
) -> Summit:
    """Read a decide-exchange-model file as a summit (see :func:`summit_from_bargaining`).

    Errors name the file and line (:class:`summitlib.decide.DecideFormatError`).
    """
    loaded = decide.load_decide(path)
    stem = Path(path).stem
    return summit_from_bargaining(
        loaded.input,
        summit_id=summit_id or stem,
        title=title or f"{stem} (from a decide file)",
        start_date=start_date,
        location=location,
    )


def _decide_input(summit: Summit) -> BargainingInput:
    """The summit's bargaining input with decide's own ids restored where recorded."""
    data = bargaining_input(summit)
    actor_ids: dict[str, str] = {}
    for leader in summit.leaders:
        original = next(
            (i.identifier for i in leader.identifiers if i.scheme == DECIDE_SCHEME), None
        )
        actor_ids[leader.id] = original or leader.id
    issue_ids = {
        issue.id: issue.label
        if issue.label and slugify(issue.label, "area") == issue.id
        else issue.id
        for issue in data.issues
    }
    if len(set(actor_ids.values())) != len(actor_ids) or len(set(issue_ids.values())) != len(
        issue_ids
    ):
        actor_ids = {key: key for key in actor_ids}
        issue_ids = {key: key for key in issue_ids}
    # decide has no roles: everyone in its file bargains, so only parties are written.
    parties = {actor.id for actor in data.actors if actor.bargains}
    return BargainingInput(
        actors=tuple(
            attrs.evolve(a, id=actor_ids.get(a.id, a.id)) for a in data.actors if a.id in parties
        ),
        issues=tuple(attrs.evolve(i, id=issue_ids[i.id]) for i in data.issues),
        actor_issues=tuple(
            # The capability the models used, fixed before the others are left out.
            attrs.evolve(
                s,
                actor=actor_ids.get(s.actor, s.actor),
                issue=issue_ids[s.issue],
                capability=data.capability_of(s),
            )
            for s in data.actor_issues
            if s.actor in parties
        ),
    )


def to_decide(
    summit: Summit, path: str | os.PathLike[str] | None = None, *, salience_scale: float = 1.0
) -> str:
    """Write the summit as a decide-exchange-model file at *path*; return the text.

    Every party becomes an actor (its decide id restored from its identifier of scheme
    :data:`DECIDE_SCHEME`, else its id), every focus area an issue on 0–100 with its
    scale's anchors, every combined stance a ``#D`` row with the capability used (so a
    capability the document leaves out is written as the default the models used).
    decide has no roles, so mediators, hosts and observers are left out, and no linkage,
    which is not written; *path* ``None`` only returns the text.
    """
    text = decide.dumps_decide(_decide_input(summit), salience_scale)
    if path is not None:
        _files.replace(path, text.encode("utf-8"))
    return text
