"""Readable reports of a summit: Markdown and plain text.

A report is built once as a list of blocks (headings, paragraphs, bullet lists, tables)
and then written as Markdown or as plain text, so both say the same thing. The tables
follow general rules, not any one document; from ``examples/alaska-2025.json`` they
give the seed article's four tables:

1. **Goals in focus areas only one leader addresses**, per leader: ``Goal | Focus Area``
   (goal title, focus-area label), after the line "Goals in focus areas only <Leader>
   addresses:".
2. **Each leader's tactics**: ``Diplomatic Element | <Leader>'s Approach``.
3. **Focus areas at least two leaders address**: ``Agenda Focus | <Leader>'s Emphasis |
   …``, leaders in agenda order; a cell holds the leader's goal emphases in the area
   (their titles if no goal gives one), joined by ``; ``.
4. **Recommendations**: ``Strategic Focus | <Leader>'s Aim | …`` (focus-area label, then
   each leader's aim), leaders in the order they first appear in the aims.

Around the tables the report gives what a reader needs to interpret the numbers: the
leaders with their roles (when some leader is not a party) and capability; how the summit
ended (``result``, and each outcome with its signatories and the areas it settles, published
or secret); each focus area's scale anchors (what 0 and 100 mean); under each agenda, every
goal with its numbers, confidence ("not rated" when a format 1.1 goal has none; a 1.0
document's absent confidence reads as ``stated``), details, positions over time, linkage and
citations (source id, then page, document, section and quote); the sources of tactics and
recommendations; and the leaders' quotes. A goal-less agenda is headed "<Leader>'s Vision",
and every heading is followed by text, never directly by another heading.

A comparison section computed by :func:`summitlib.compare_summit` and
:func:`summitlib.negotiation_map` follows: every pair of parties (mediators, hosts and
observers do not bargain and are named as left out), with the agreement matrix when more
than two parties are compared, or one sentence when fewer than two parties have an agenda.
When at least two parties take a position on some focus area, a forecast section computed
by :func:`summitlib.negotiation.forecast` and :func:`summitlib.negotiation.exchanges`
follows: the forecast per area with its coalitions, pivotal leader (“—”, with a line saying
why, where there is none) and (where an outcome settles the area) error, the linkage told
with goal titles and area labels, and the exchange model's rounds until no exchange is
possible. Leaders are named by :attr:`~summitlib.Leader.display_name`.

Plain text wraps at ``width`` columns (:data:`TEXT_WIDTH` by default), except table rows,
which stay one line each, and single words longer than the width, such as URLs.

>>> import summitlib
>>> from summitlib import render
>>> report = render.markdown(summitlib.load(summitlib.examples.path("alaska-2025")))
>>> print(report.splitlines()[0])
# Alaska summit of Vladimir Putin and Donald Trump
>>> "| Communication Style | Direct and unfiltered |" in report
True
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import Final

import attrs

from summitlib import negotiation
from summitlib._countries import FORMER_COUNTRY_CODES
from summitlib._meta import spec_of
from summitlib._names import leader_names, owned_goal, possessive
from summitlib.comparison import (
    CARE_THRESHOLD,
    DEFAULT_THRESHOLDS,
    AgreementMatrix,
    Alignment,
    AreaComparison,
    Comparison,
    agreement_matrix,
    compare_summit,
    negotiation_map,
    party_agendas,
)
from summitlib.errors import InvalidArgumentError
from summitlib.model import (
    Agenda,
    Citation,
    Goal,
    Leader,
    OutcomeKind,
    Participation,
    Summit,
)

__all__ = [
    "MAX_DETAILED_PAIRS",
    "MIN_TEXT_WIDTH",
    "TEXT_WIDTH",
    "comparison_markdown",
    "comparison_text",
    "forecast_markdown",
    "forecast_text",
    "markdown",
    "matrix_markdown",
    "matrix_text",
    "text",
]

#: With more pairs of leaders than this, the comparison section shows the agreement
#: matrix only, not every pair's table (a summit of 20 leaders has 190 pairs).
MAX_DETAILED_PAIRS: Final = 6

#: Default width of plain text: paragraphs, list items and headings wrap to it (see
#: :func:`text` for the two things that do not).
TEXT_WIDTH: Final = 88
#: The narrowest plain text :func:`text` writes: a bullet and a word or two.
MIN_TEXT_WIDTH: Final = 20

#: Outcomes that are signed; the others (statements, readouts) are issued.
_SIGNED: Final = frozenset({OutcomeKind.AGREEMENT, OutcomeKind.TREATY, OutcomeKind.MEMORANDUM})


@attrs.frozen
class _Heading:
    level: int
    text: str


@attrs.frozen
class _Paragraph:
    text: str


@attrs.frozen
class _Bullets:
    items: tuple[str, ...]


@attrs.frozen
class _Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


_Block = _Heading | _Paragraph | _Bullets | _Table


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _sentence(text: str) -> str:
    """*text* ending as a sentence, so that another sentence can follow it."""
    text = text.rstrip()
    # A full stop inside closing quotes or brackets already ends the sentence.
    return text if text.rstrip("”’\"')")[-1:] in ".!?…" else text + "."


def _citation(citation: Citation) -> str:
    """A citation as the source's id and, where given, the place in it and the words."""
    where = []
    if citation.page is not None:
        where.append(f"p. {citation.page}")
    if citation.document is not None:
        # FRUS-style numbers ("308") need a word; "Document 308" already has one.
        document = citation.document
        where.append(f"document {document}" if document[:1].isdigit() else document)
    if citation.section is not None:
        where.append(citation.section)
    text = f"[{citation.source}]"
    if where:
        text += " " + ", ".join(where)
    if citation.quote is not None:
        text += f": “{_one_line(citation.quote)}”"
    return text


def _provenance(sources: Sequence[str], citations: Sequence[Citation]) -> str:
    """The citations, then the sources no citation points into; empty when there are none."""
    items = [_citation(citation) for citation in citations]
    cited = {citation.source for citation in citations}
    for source in sources:
        if source not in cited:
            items.append(f"[{source}]")
            cited.add(source)
    return "; ".join(items)


def _with_sources(text: str, sources: Sequence[str], citations: Sequence[Citation]) -> str:
    provenance = _provenance(sources, citations)
    return f"{_sentence(text)} Sources: {provenance}" if provenance else text


#: What a goal without a confidence meant in each older format version (declared on the field).
_LEGACY_CONFIDENCE: Final = dict(spec_of(attrs.fields(Goal).confidence).legacy_defaults)


def _confidence(goal: Goal, version: str) -> str:
    """The goal's confidence; absent, what that meant in the document's format version."""
    confidence = goal.confidence if goal.confidence is not None else _LEGACY_CONFIDENCE.get(version)
    return "not rated" if confidence is None else str(confidence.value)


def _place(leader: Leader) -> str:
    """Whom the leader speaks for: a country, an organisation and its members."""
    parts = []
    if leader.country is not None:
        former = leader.country in FORMER_COUNTRY_CODES
        parts.append(f"{leader.country}, a former country" if former else leader.country)
    members = ", ".join(leader.members)
    if leader.organization is not None:
        parts.append(
            f"{leader.organization}: members {members}" if members else leader.organization
        )
    elif members:
        parts.append(f"members {members}")
    return "; ".join(parts)


def _summit_blocks(summit: Summit) -> list[_Block]:
    blocks: list[_Block] = [_Heading(1, summit.title)]
    when = str(summit.start_date)
    if summit.end_date is not None:
        when += f" to {summit.end_date}"
    line = f"{when} · {summit.location.name} · {summit.status.value}"
    line += "".join(f" · {i.scheme} {i.identifier}" for i in summit.identifiers)
    blocks.append(_Paragraph(line))
    if summit.summary is not None:
        blocks.append(_Paragraph(summit.summary))
    provenance = _provenance((), summit.citations)
    if provenance:
        blocks.append(_Paragraph(f"Sources for this account: {provenance}"))
    if summit.leaders:
        # Roles are named only when they differ: a summit of parties reads as before.
        roles = any(leader.participation is not Participation.PARTY for leader in summit.leaders)
        items = []
        for leader in summit.leaders:
            item = f"{leader.name}, {leader.role}"
            place = _place(leader)
            if place:
                item += f" ({place})"
            extras = [leader.participation.value] if roles else []
            if leader.capability is not None:
                extras.append(f"capability {_number(leader.capability)}")
            if extras:
                item += " — " + ", ".join(extras)
            items.append(_with_sources(item, (), leader.citations))
        blocks.append(_Heading(2, "Leaders"))
        blocks.append(_Bullets(tuple(items)))
    return blocks


def _outcome_blocks(summit: Summit, names: Mapping[str, str]) -> list[_Block]:
    """How the summit ended: the result, then each outcome with what it settles."""
    if summit.result is None and not summit.outcomes:
        return []
    labels = {area.id: area.label for area in summit.focus_areas}
    if summit.result is not None:
        intro = f"Result: {summit.result.value.replace('-', ' ')}."
    else:
        intro = "The document gives no overall result."
    if summit.outcomes:
        count = len(summit.outcomes)
        intro += f" {count} outcome{'' if count == 1 else 's'} recorded."
    else:
        intro += " No outcome recorded."
    blocks: list[_Block] = [_Heading(2, "Outcome"), _Paragraph(intro)]
    for outcome in summit.outcomes:
        facts = [outcome.kind.value.replace("-", " ").capitalize()]
        if outcome.date is not None:
            facts.append(str(outcome.date))
        if outcome.published is True:
            facts.append("published")
        elif outcome.published is False:
            facts.append("kept secret at the time")
        line = ", ".join(facts) + "."
        if outcome.signatories:
            verb = "Signed by" if outcome.kind in _SIGNED else "Issued by"
            line += f" {verb}: {_names_of(outcome.signatories, names)}."
        items = []
        for settlement in outcome.settles:
            item = f"Settles {labels.get(settlement.focus_area, settlement.focus_area)}"
            if settlement.position is not None:
                item += f" at {_number(settlement.position)} on its 0–100 scale"
            items.append(item + (f": {settlement.note}" if settlement.note else ""))
        if outcome.text is not None:
            items.append(f"Text: “{_one_line(outcome.text)}”")
        if outcome.url is not None:
            items.append(f"Text at <{outcome.url}>")
        provenance = _provenance((), outcome.citations)
        if provenance:
            items.append(f"Sources: {provenance}")
        blocks += [_Heading(3, outcome.title), _Paragraph(line)]
        if items:
            blocks.append(_Bullets(tuple(items)))
    return blocks


def _focus_area_blocks(summit: Summit) -> list[_Block]:
    """Each focus area with what 0 and 100 mean on its scale, so positions can be read."""
    if not summit.focus_areas:
        return []
    items = []
    for area in summit.focus_areas:
        item = area.label
        if area.description is not None:
            item += f": {area.description}"
        if area.scale is not None:
            item = f"{_sentence(item)} Scale: 0 = {area.scale.low}; 100 = {area.scale.high}."
        else:
            item = f"{_sentence(item)} No scale given: what 0 and 100 mean is not recorded."
        items.append(_with_sources(item, (), area.citations))
    intro = (
        "Positions, bottom lines and settlements are points on an area's 0–100 scale, "
        "whose two anchors say what 0 and 100 mean."
    )
    return [_Heading(2, "Focus Areas"), _Paragraph(intro), _Bullets(tuple(items))]


def _goal_blocks(
    goal: Goal,
    summit: Summit,
    labels: Mapping[str, str],
    goals: Mapping[str, tuple[str, Goal]],
    names: Mapping[str, str],
) -> list[_Block]:
    """One goal: its numbers and confidence, details, moves, linkage and sources."""
    facts = [f"Focus area: {labels.get(goal.focus_area, goal.focus_area)}"]
    if goal.emphasis is not None:
        facts.append(f"emphasis: {goal.emphasis}")
    for label, value in (
        ("position", goal.position),
        ("salience", goal.salience),
        ("bottom line", goal.bottom_line),
        ("capability", goal.capability),
    ):
        if value is not None:
            facts.append(f"{label} {_number(value)}")
    facts.append(f"confidence: {_confidence(goal, summit.schema_version)}")
    items = list(goal.details)
    for position in goal.positions:
        item = f"{position.stage.value.capitalize()} position {_number(position.value)}"
        if position.date is not None:
            item += f" ({position.date})"
        if position.note is not None:
            item += f": {position.note}"
        items.append(_with_sources(item, (), position.citations))

    def linked(ids: Sequence[str]) -> str:
        found = []
        for goal_id in ids:
            if goal_id in goals:
                leader, other = goals[goal_id]
                found.append(owned_goal(names.get(leader, leader), other.title))
            else:
                found.append(goal_id)
        return ", ".join(found)

    if goal.conditional_on:
        items.append(f"Holds only if met: {linked(goal.conditional_on)}")
    if goal.packaged_with:
        items.append(f"Moves only together with: {linked(goal.packaged_with)}")
    provenance = _provenance(goal.sources, goal.citations)
    if provenance:
        items.append(f"Sources: {provenance}")
    blocks: list[_Block] = [_Heading(4, goal.title), _Paragraph("; ".join(facts) + ".")]
    if items:
        blocks.append(_Bullets(tuple(items)))
    return blocks


def _agenda_intro(summit: Summit) -> str:
    intro = (
        "A goal's position and bottom line are points on its focus area's 0–100 scale. "
        "Salience is how much the leader cares about the area, from 0 (not at all) to 100 "
        "(above all); capability, where given, is the leader's power to shape the outcome "
        "there, 0 to 100 relative to the others. Confidence says how firmly the sources "
        "support the goal: stated (the leader or their government said it), reported "
        "(reporting attributes it to the leader), inferred (an analyst's reading)"
    )
    legacy = _LEGACY_CONFIDENCE.get(summit.schema_version)
    if legacy is None:
        return intro + " or not rated."
    return (
        f"{intro}. In this format {summit.schema_version} document a goal without one counts "
        f"as {legacy.value}."
    )


def _agenda_heading(agenda: Agenda, name: str) -> str:
    # A goal-less agenda is a vision only: its heading does not promise goals.
    what = "Goals and Vision" if agenda.goals else "Vision"
    return f"{possessive(name)} {what}"


def _agenda_blocks(summit: Summit, names: Mapping[str, str]) -> list[_Block]:
    labels = {area.id: area.label for area in summit.focus_areas}
    roles = {leader.id: leader.participation for leader in summit.leaders}
    goals = {goal.id: (agenda.leader, goal) for agenda in summit.agendas for goal in agenda.goals}
    addressed_by: dict[str, set[str]] = {}
    for agenda in summit.agendas:
        for goal in agenda.goals:
            addressed_by.setdefault(goal.focus_area, set()).add(agenda.leader)
    blocks: list[_Block] = []
    if summit.agendas:
        blocks += [_Heading(2, "Goals and Vision"), _Paragraph(_agenda_intro(summit))]
    for agenda in summit.agendas:
        name = names.get(agenda.leader, agenda.leader)
        blocks.append(_Heading(3, _agenda_heading(agenda, name)))
        blocks.append(_Paragraph(agenda.vision))
        role = roles.get(agenda.leader, Participation.PARTY)
        if role is not Participation.PARTY:
            blocks.append(
                _Paragraph(
                    f"{name} takes part as {role.value}: these goals are not a bargaining "
                    "position, and the forecast leaves them out."
                )
            )
        own = [goal for goal in agenda.goals if addressed_by[goal.focus_area] == {agenda.leader}]
        if own:
            rows = tuple((goal.title, labels.get(goal.focus_area, goal.focus_area)) for goal in own)
            blocks.append(_Paragraph(f"Goals in focus areas only {name} addresses:"))
            blocks.append(_Table(("Goal", "Focus Area"), rows))
        for goal in agenda.goals:
            blocks += _goal_blocks(goal, summit, labels, goals, names)
    with_tactics = [agenda for agenda in summit.agendas if agenda.tactics]
    if with_tactics:
        blocks += [
            _Heading(2, "Tactics"),
            _Paragraph("How each leader means to pursue their goals."),
        ]
    for agenda in with_tactics:
        name = possessive(names.get(agenda.leader, agenda.leader))
        blocks.append(_Heading(3, f"{name} Priorities and Diplomatic Tactics"))
        rows = tuple((tactic.element, tactic.approach) for tactic in agenda.tactics)
        blocks.append(_Table(("Diplomatic Element", f"{name} Approach"), rows))
        cited = {
            tactic.element: _provenance(tactic.sources, tactic.citations)
            for tactic in agenda.tactics
        }
        if set(cited.values()) == {""}:
            continue
        if len(set(cited.values())) == 1:  # one source for all: said once
            blocks.append(_Paragraph(f"Sources of the tactics: {next(iter(cited.values()))}"))
        else:
            items = tuple(f"{element}: {text or 'none given'}" for element, text in cited.items())
            blocks += [_Paragraph("Sources of the tactics:"), _Bullets(items)]
    return blocks


def _quote_blocks(summit: Summit, names: Mapping[str, str]) -> list[_Block]:
    items = []
    for quote in summit.quotes:
        speaker = names.get(quote.speaker, quote.speaker)
        when = f" ({quote.date})" if quote.date is not None else ""
        items.append(
            _with_sources(f"{speaker}{when}: “{_one_line(quote.text)}”", (), quote.citations)
        )
    return [_Heading(2, "Quotes"), _Bullets(tuple(items))] if items else []


def _emphasis_blocks(summit: Summit, names: Mapping[str, str]) -> list[_Block]:
    """Focus areas at least two leaders address, with each leader's emphasis."""
    emphases: dict[str, dict[str, str]] = {}
    for agenda in summit.agendas:
        by_area: dict[str, list[Goal]] = {}
        for goal in agenda.goals:
            by_area.setdefault(goal.focus_area, []).append(goal)
        for area_id, goals in by_area.items():
            # The emphases; the titles stand in only when no goal gives one.
            given = [goal.emphasis for goal in goals if goal.emphasis is not None]
            cell = "; ".join(given or [goal.title for goal in goals])
            emphases.setdefault(area_id, {}).setdefault(agenda.leader, cell)
    order = [area.id for area in summit.focus_areas]
    order += sorted(set(emphases) - set(order))
    shared = [area_id for area_id in order if len(emphases.get(area_id, {})) >= 2]
    if not shared:
        return []
    labels = {area.id: area.label for area in summit.focus_areas}
    leaders = [agenda.leader for agenda in summit.agendas]
    header = (
        "Agenda Focus",
        *(f"{possessive(names.get(leader, leader))} Emphasis" for leader in leaders),
    )
    rows = tuple(
        (labels.get(area_id, area_id), *(emphases[area_id].get(leader, "") for leader in leaders))
        for area_id in shared
    )
    return [_Heading(2, "Points of Convergence and Divergence"), _Table(header, rows)]


def _recommendation_blocks(summit: Summit, names: Mapping[str, str]) -> list[_Block]:
    if not summit.recommendations:
        return []
    labels = {area.id: area.label for area in summit.focus_areas}
    leaders: list[str] = []
    for recommendation in summit.recommendations:
        for aim in recommendation.aims:
            if aim.leader not in leaders:
                leaders.append(aim.leader)
    header = (
        "Strategic Focus",
        *(f"{possessive(names.get(leader, leader))} Aim" for leader in leaders),
    )
    rows = []
    for recommendation in summit.recommendations:
        aims: dict[str, str] = {}
        for aim in recommendation.aims:
            aims.setdefault(aim.leader, aim.text)
        label = labels.get(recommendation.focus_area, recommendation.focus_area)
        rows.append((label, *(aims.get(leader, "") for leader in leaders)))
    blocks: list[_Block] = [_Heading(2, "Recommendations"), _Table(header, tuple(rows))]
    approaches = tuple(
        f"{recommendation.title}: {'; '.join(recommendation.approaches)}"
        for recommendation in summit.recommendations
        if recommendation.approaches
    )
    if approaches:
        blocks += [_Heading(3, "Approaches for Negotiators"), _Bullets(approaches)]
    explained = tuple(
        _with_sources(
            f"{recommendation.title}: {recommendation.rationale}"
            if recommendation.rationale is not None
            else recommendation.title,
            recommendation.sources,
            recommendation.citations,
        )
        for recommendation in summit.recommendations
        if recommendation.rationale is not None
        or recommendation.sources
        or recommendation.citations
    )
    if explained:
        blocks += [_Heading(3, "Rationale and Sources"), _Bullets(explained)]
    return blocks


def _pair_blocks(
    comparison: Comparison,
    names: Mapping[str, str],
    level: int = 3,
    *,
    care: float = CARE_THRESHOLD,
) -> list[_Block]:
    a = names.get(comparison.a, comparison.a)
    b = names.get(comparison.b, comparison.b)
    scored = sum(area.agreement is not None for area in comparison.areas)
    summary = (
        f"Overall agreement: {_ratio(comparison.agreement)} (salience-weighted over {scored} "
        f"scored area{'' if scored == 1 else 's'}); coverage: {_ratio(comparison.coverage)} "
        f"of the {len(comparison.areas)} area{'' if len(comparison.areas) == 1 else 's'} "
        "either leader addresses."
    )
    blocks: list[_Block] = [_Heading(level, f"{a} and {b}"), _Paragraph(summary)]
    if comparison.areas:
        header = (
            "Focus Area",
            f"{possessive(a)} Position",
            f"{possessive(b)} Position",
            f"{possessive(a)} Salience",
            f"{possessive(b)} Salience",
            "Agreement",
            "Alignment",
        )
        blocks.append(_Table(header, tuple(_area_row(area) for area in comparison.areas)))
    nmap = negotiation_map(comparison, care=care)

    def listing(areas: Sequence[AreaComparison]) -> str:
        return ", ".join(area.label for area in areas) or "none"

    labels = {area.focus_area: area.label for area in comparison.areas}
    items = [
        f"Common ground (convergent, both care): {listing(nmap.common_ground)}",
        f"Sticking points (divergent, both care): {listing(nmap.sticking_points)}",
    ]
    if not nmap.trade_offs:
        items.append("Trade-offs: none found")
    for trade in nmap.trade_offs:
        items.append(
            f"Trade-off (heuristic): {a} prevails on {labels[trade.a_wins]}, {b} on "
            f"{labels[trade.b_wins]}; joint gain {trade.gain:.3f} "
            f"({a} {trade.gain_a:.3f}, {b} {trade.gain_b:.3f})"
        )
    if nmap.trade_off_count > len(nmap.trade_offs):
        items.append(
            f"… and {nmap.trade_off_count - len(nmap.trade_offs)} more trade-offs "
            "(alternatives sharing areas with those above)"
        )
    blocks.append(_Bullets(tuple(items)))
    return blocks


def _area_row(area: AreaComparison) -> tuple[str, ...]:
    alignment = area.alignment.value
    if area.alignment is Alignment.ONE_SIDED:
        alignment = "one-sided (not counted)"
    return (
        area.label,
        _number(area.a.position if area.a else None),
        _number(area.b.position if area.b else None),
        _number(area.a.salience if area.a else None),
        _number(area.b.salience if area.b else None),
        _ratio(area.agreement),
        alignment,
    )


def _comparison_blocks(summit: Summit, names: Mapping[str, str]) -> list[_Block]:
    if len(summit.agendas) < 2:
        return []
    # Only parties are compared, as by `summitlib compare`: mediators, hosts and observers
    # do not bargain.
    parties = party_agendas(summit)
    bargaining = {agenda.leader for agenda in parties}
    roles = {leader.id: leader.participation.value for leader in summit.leaders}
    left_out = [agenda.leader for agenda in summit.agendas if agenda.leader not in bargaining]
    others = ", ".join(f"{names.get(i, i)} ({roles.get(i, 'party')})" for i in left_out)
    if len(parties) < 2:
        verb = "does" if len(left_out) == 1 else "do"
        who = (
            f"{names.get(parties[0].leader, parties[0].leader)} is the only party with an agenda"
            if parties
            else "no party has an agenda"
        )
        why = f"Nothing to compare: {who}, and {others} {verb} not bargain."
        return [_Heading(2, "Comparison"), _Paragraph(why)]
    intro = (
        "Computed by summitlib: agreement on an area is 1 − |a − b| / 100 for positions "
        f"on its 0–100 scale; convergent from {DEFAULT_THRESHOLDS.convergent:.2f}, "
        f"divergent below {DEFAULT_THRESHOLDS.divergent:.2f}. An area only one leader "
        "addresses is one-sided and never counts as disagreement."
    )
    if others:
        intro += f" Not compared, as they do not bargain: {others}."
    blocks: list[_Block] = [_Heading(2, "Comparison"), _Paragraph(intro)]
    if len(parties) > 2:
        blocks.append(_matrix_table(agreement_matrix(summit), names))
    pairs = compare_summit(summit)
    if len(pairs) > MAX_DETAILED_PAIRS:
        blocks.append(_Paragraph(f"{len(pairs)} pairs of leaders: details omitted."))
        return blocks
    for comparison in pairs:
        blocks += _pair_blocks(comparison, names)
    return blocks


def _matrix_table(matrix: AgreementMatrix, names: Mapping[str, str]) -> _Table:
    header = ("Agreement", *(names.get(leader, leader) for leader in matrix.leaders))
    rows = tuple(
        (names.get(leader, leader), *(_ratio(value) for value in row))
        for leader, row in zip(matrix.leaders, matrix.values, strict=True)
    )
    return _Table(header, rows)


def _names_of(ids: Sequence[str], names: Mapping[str, str]) -> str:
    return ", ".join(names.get(i, i) for i in ids) or "—"


def _forecast_blocks(
    summit: Summit,
    names: Mapping[str, str],
    *,
    rounds: int = negotiation.DEFAULT_ROUNDS,
    top: int = negotiation.DEFAULT_TOP,
    level: int = 2,
) -> list[_Block]:
    """The forecast per focus area, the linkage and the exchange model's rounds."""
    if negotiation.scored_areas(summit) == 0:
        return []
    result = negotiation.forecast(summit)
    labels = {area.focus_area: area.label for area in result.areas}
    given = [leader for leader, (_, known) in result.capabilities.items() if known]
    capability = (
        "capabilities as the document gives them"
        if len(given) == len(result.capabilities)
        else "equal capability for every party (the document gives none)"
        if not given
        else "capability given for some parties, the mean of those for the rest"
    )
    intro = (
        "Computed by summitlib: the forecast of an area is the Nash bargaining solution, the "
        "capability × salience weighted mean of the parties' positions on its 0–100 scale, "
        f"with {capability}. Distances and gains are in scale points and utility units; "
        "none is a probability."
    )
    if result.not_bargaining:
        intro += " Not bargaining: " + ", ".join(
            f"{names.get(leader, leader)} ({part})"
            for leader, part in result.not_bargaining.items()
        )
        intro += "."
    blocks: list[_Block] = [_Heading(level, "Forecast"), _Paragraph(intro)]
    settled = any(area.settled is not None for area in result.areas)
    header: tuple[str, ...] = ("Focus Area", "Forecast", "Pivotal", "Below", "Above")
    if settled:
        header += ("Settled", "Error")
    rows = []
    for area in result.areas:
        row: tuple[str, ...] = (
            area.label,
            _one_decimal(area.position),
            names.get(area.pivotal, area.pivotal) if area.pivotal else "—",
            _names_of(area.below, names),
            _names_of(area.above, names),
        )
        if settled:
            row += (_one_decimal(area.settled), _one_decimal(area.error))
        rows.append(row)
    blocks.append(_Table(header, tuple(rows)))
    blocks += [_Paragraph(note) for note in negotiation.pivotal_notes(result)]
    items = []
    if result.mean_error is not None:
        items.append(
            f"Mean forecast error over the areas an outcome settles: {result.mean_error:.1f} points"
        )
    for package in result.packages:
        members = ", ".join(
            f"{names.get(leader, leader)} on {labels.get(area, area)}" for leader, area in package
        )
        items.append(f"Package (moves only together): {members}")
    for blocked in result.blocked:
        items.append(f"Blocked: {blocked.describe(summit)}")
    if items:
        blocks.append(_Bullets(tuple(items)))
    blocks += _exchange_blocks(summit, names, labels, rounds=rounds, top=top, level=level + 1)
    return blocks


def _exchange_blocks(
    summit: Summit,
    names: Mapping[str, str],
    labels: Mapping[str, str],
    *,
    rounds: int,
    top: int,
    level: int,
) -> list[_Block]:
    result = negotiation.exchanges(summit, rounds=rounds, top=top)
    intro = (
        "Stokman and Van Oosten's exchange model: two parties on opposite sides of the "
        "forecast on two areas each give way on the one they care less about, with equal "
        "gain, the largest gain first. Positions move from → to on the 0–100 scale. "
        f"{rounds} round{'' if rounds == 1 else 's'}, at most {top} exchanges shown per round"
        + (
            f"; {result.infeasible} ruled out by linkage over the {rounds} round"
            f"{'' if rounds == 1 else 's'}."
            # With no exchange at all, the convergence note says how many, once.
            if result.infeasible and result.active_rounds
            else "."
        )
    )
    if len(result.rounds) > 1 and result.rounds[0].exchange_count:
        intro += " " + negotiation.CARRY_OVER
    blocks: list[_Block] = [_Heading(level, "Exchanges"), _Paragraph(intro)]
    # Rounds after the first without an exchange repeat it: they are not listed.
    for item in result.active_rounds:
        shown = len(item.trades)
        items = [
            f"Round {item.number}: {item.exchange_count} exchange"
            f"{'' if item.exchange_count == 1 else 's'} made of {item.candidates} candidate"
            f"{'' if item.candidates == 1 else 's'}"
            + (f"; the first {shown} shown" if shown < item.exchange_count else "")
        ]
        for trade in item.trades:
            moves = "; ".join(
                f"{names.get(m.leader, m.leader)} moves on {labels.get(m.moves_on, m.moves_on)} "
                f"{m.before:.1f} → {m.after:.1f}"
                for m in (trade.first, trade.second)
            )
            items.append(f"{moves}; gain {trade.gain:.3f} each")
        blocks.append(_Bullets(tuple(items)))
    note = result.convergence_note()
    if note is not None:
        blocks.append(_Paragraph(note))
    resting = result.rounds_to_rest
    if resting:
        header = (
            "Focus Area",
            "Forecast",
            *(f"After Round {item.number}" for item in resting),
        )
        rows = tuple(
            (
                labels.get(area, area),
                _one_decimal(result.rounds[0].forecast_before.get(area)),
                *(_one_decimal(item.forecast_after.get(area)) for item in resting),
            )
            for area in labels
        )
        blocks.append(_Table(header, rows))
    return blocks


def _one_decimal(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _sources_blocks(summit: Summit) -> list[_Block]:
    if not summit.sources:
        return []
    items = []
    for source in summit.sources:
        item = f"[{source.id}] {source.title}"
        published = None if source.published is None else str(source.published)
        pages = None if source.pages is None else f"{source.pages} pages"
        details = [text for text in (source.publisher, published, pages) if text]
        if details:
            item += f" ({', '.join(details)})"
        if source.url is not None:
            item += f" <{source.url}>"
        items.append(item)
    return [_Heading(2, "Sources"), _Bullets(tuple(items))]


def _blocks(summit: Summit) -> list[_Block]:
    names = leader_names(summit)
    return [
        *_summit_blocks(summit),
        *_outcome_blocks(summit, names),
        *_focus_area_blocks(summit),
        *_agenda_blocks(summit, names),
        *_emphasis_blocks(summit, names),
        *_recommendation_blocks(summit, names),
        *_quote_blocks(summit, names),
        *_comparison_blocks(summit, names),
        *_forecast_blocks(summit, names),
        *_sources_blocks(summit),
    ]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _cell(text: str) -> str:
    # A pipe would end the cell and a line break the row; a backslash would escape.
    return _one_line(text).replace("\\", "\\\\").replace("|", "\\|")


def _paragraph(text: str) -> str:
    # One line, so a line of the text cannot turn into a heading, list or table row.
    line = _one_line(text)
    return "\\" + line if line[:1] in _BLOCK_STARTERS else line


_BLOCK_STARTERS: Final = frozenset("#>|-+*=`~")


def _to_markdown(blocks: Sequence[_Block]) -> str:
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, _Heading):
            parts.append(f"{'#' * block.level} {_one_line(block.text)}")
        elif isinstance(block, _Paragraph):
            parts.append(_paragraph(block.text))
        elif isinstance(block, _Bullets):
            parts.append("\n".join(f"- {_one_line(item)}" for item in block.items))
        else:
            lines = [
                "| " + " | ".join(_cell(c) for c in block.header) + " |",
                "|" + "---|" * len(block.header),
            ]
            lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows]
            parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def _wrap(text: str, width: int, first: str = "", rest: str = "") -> str:
    # Long words (URLs) stay whole: a broken URL can no longer be followed.
    return textwrap.fill(
        _one_line(text),
        width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    )


def _to_text(blocks: Sequence[_Block], width: int = TEXT_WIDTH) -> str:
    if isinstance(width, bool) or not isinstance(width, int) or width < MIN_TEXT_WIDTH:
        raise InvalidArgumentError(
            f"width must be a whole number of columns, at least {MIN_TEXT_WIDTH} (got {width!r})"
        )
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, _Heading):
            title = _wrap(block.text, width)
            underline = {1: "=", 2: "-", 3: "~"}.get(block.level, ".")
            longest = max(len(line) for line in title.splitlines())
            parts.append(f"{title}\n{underline * longest}")
        elif isinstance(block, _Paragraph):
            parts.append(_wrap(block.text, width))
        elif isinstance(block, _Bullets):
            parts.append("\n".join(_wrap(item, width, "* ", "  ") for item in block.items))
        else:
            # Rows are never wrapped: a row stays one line, to be read across, grepped and
            # diffed; a table wider than *width* is left wide.
            rows = [tuple(_one_line(c) for c in block.header)]
            rows += [tuple(_one_line(c) for c in row) for row in block.rows]
            widths = [max(len(row[i]) for row in rows) for i in range(len(block.header))]
            lines = [
                "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
                for row in rows
            ]
            lines.insert(1, "  ".join("-" * w for w in widths))
            parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def markdown(summit: Summit) -> str:
    """Return a Markdown report of *summit*: agendas, the four tables, the comparison.

    >>> import summitlib
    >>> report = markdown(summitlib.load(summitlib.examples.path("alaska-2025")))
    >>> "| Agenda Focus | Trump's Emphasis | Putin's Emphasis |" in report
    True
    """
    return _to_markdown(_blocks(summit))


def text(summit: Summit, *, width: int = TEXT_WIDTH) -> str:
    """Return the same report as :func:`markdown`, as plain text with aligned columns.

    Headings, paragraphs and list items wrap at *width* columns (:data:`TEXT_WIDTH`, 88,
    unless given; at least :data:`MIN_TEXT_WIDTH`). Two things are never broken, and
    may run past it: a table row, which stays one line so that it can be read across,
    searched and compared line by line; and a single word longer than the width, such as
    a URL, which would no longer work if broken.

    >>> import summitlib
    >>> print(text(summitlib.load(summitlib.examples.path("alaska-2025"))).splitlines()[1])
    ================================================
    """
    return _to_text(_blocks(summit), width)


def forecast_markdown(
    summit: Summit,
    *,
    rounds: int = negotiation.DEFAULT_ROUNDS,
    top: int = negotiation.DEFAULT_TOP,
) -> str:
    """Return the forecast and the exchanges of *summit* as Markdown (empty when no
    focus area has positions of two parties).

    >>> import summitlib
    >>> summit = summitlib.load(summitlib.examples.path("alaska-2025"))
    >>> print(forecast_markdown(summit, rounds=1).splitlines()[0])
    # Forecast
    """
    blocks = _forecast_blocks(summit, leader_names(summit), rounds=rounds, top=top, level=1)
    return _to_markdown(blocks) if blocks else ""


def forecast_text(
    summit: Summit,
    *,
    rounds: int = negotiation.DEFAULT_ROUNDS,
    top: int = negotiation.DEFAULT_TOP,
    width: int = TEXT_WIDTH,
) -> str:
    """Return :func:`forecast_markdown`'s report as plain text, wrapped as :func:`text`."""
    blocks = _forecast_blocks(summit, leader_names(summit), rounds=rounds, top=top, level=1)
    return _to_text(blocks, width) if blocks else ""


def comparison_markdown(
    comparison: Comparison,
    names: Mapping[str, str] | None = None,
    *,
    care: float = CARE_THRESHOLD,
) -> str:
    """Return one comparison (with its negotiation map) as Markdown.

    *names* maps leader ids to the names to show; ids are shown otherwise. *care* is
    the negotiation map's (see :func:`summitlib.comparison.negotiation_map`).

    >>> import summitlib
    >>> summit = summitlib.load(summitlib.examples.path("alaska-2025"))
    >>> print(comparison_markdown(summitlib.compare_summit(summit)[0]).splitlines()[0])
    ## trump and putin
    """
    return _to_markdown(_pair_blocks(comparison, names or {}, level=2, care=care))


def comparison_text(
    comparison: Comparison,
    names: Mapping[str, str] | None = None,
    *,
    care: float = CARE_THRESHOLD,
    width: int = TEXT_WIDTH,
) -> str:
    """Return one comparison (with its negotiation map) as plain text, wrapped as :func:`text`.

    *names* and *care* are as in :func:`comparison_markdown`.

    >>> import summitlib
    >>> summit = summitlib.load(summitlib.examples.path("alaska-2025"))
    >>> names = {"trump": "Trump", "putin": "Putin"}
    >>> print(comparison_text(summitlib.compare_summit(summit)[0], names).splitlines()[0])
    Trump and Putin
    """
    return _to_text(_pair_blocks(comparison, names or {}, level=2, care=care), width)


def matrix_markdown(matrix: AgreementMatrix, names: Mapping[str, str] | None = None) -> str:
    """Return an agreement matrix as a Markdown table under the heading "Agreement matrix".

    *names* maps leader ids to the names to show, as in :func:`comparison_markdown`.

    >>> import summitlib
    >>> matrix = summitlib.agreement_matrix(summitlib.examples.load("yalta-1945"))
    >>> print(matrix_markdown(matrix).splitlines()[2])
    | Agreement | roosevelt | churchill | stalin |
    """
    return _to_markdown([_Heading(2, "Agreement matrix"), _matrix_table(matrix, names or {})])


def matrix_text(
    matrix: AgreementMatrix, names: Mapping[str, str] | None = None, *, width: int = TEXT_WIDTH
) -> str:
    """Return :func:`matrix_markdown`'s table as plain text, with aligned columns."""
    return _to_text([_Heading(2, "Agreement matrix"), _matrix_table(matrix, names or {})], width)
