"""What ``summitlib compare`` and ``summitlib diff`` print."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Final

import attrs

from summitlib._escape import json_safe, printable_text
from summitlib._names import leader_names
from summitlib.comparison import CARE_THRESHOLD, AgreementMatrix, Comparison, negotiation_map
from summitlib.differences import Diff
from summitlib.model import Summit

__all__ = [
    "COMPARISON_FORMATS",
    "format_changes",
    "format_comparisons",
    "format_document_comparisons",
    "leader_names",
]

#: The output formats of ``summitlib compare``.
COMPARISON_FORMATS: Final = ("text", "json", "markdown")


def format_comparisons(
    summit: Summit,
    comparisons: Sequence[Comparison],
    format: str = "text",
    *,
    care: float = CARE_THRESHOLD,
    matrix: AgreementMatrix | None = None,
) -> str:
    """Format pairwise comparisons of *summit*'s agendas, each with its negotiation map.

    ``json`` gives ``{"comparisons": [{"comparison": ..., "negotiation_map": ...}]}``,
    built from :meth:`Comparison.as_dict` and :meth:`NegotiationMap.as_dict`, plus
    ``"agreement_matrix"`` (:meth:`AgreementMatrix.as_dict`) when *matrix* is given;
    ``text`` and ``markdown`` give the matrix, then :func:`summitlib.render.comparison_text`
    / ``_markdown`` for each pair, separated by a blank line. *care* is the negotiation
    maps'. Characters that could drive a terminal are escaped in every format.
    """
    names = leader_names(summit)
    if format == "json":
        data: dict[str, Any] = {"comparisons": _json_pairs(comparisons, care)}
        if matrix is not None:
            data["agreement_matrix"] = matrix.as_dict()
        return _dumps(data)
    if not comparisons:
        return _nothing_to_compare(summit)
    parts = [] if matrix is None else [_matrix_text(matrix, names, format)]
    parts += _pair_texts(comparisons, names, format, care)
    return printable_text("\n".join(parts))


def format_document_comparisons(
    first: Summit,
    second: Summit,
    comparisons: Sequence[Comparison],
    format: str = "text",
    *,
    care: float = CARE_THRESHOLD,
) -> str:
    """Format comparisons across two documents (:func:`summitlib.comparison.compare_documents`).

    Each leader is named with their document's summit id, so one leader's two agendas
    can be told apart. ``json`` adds ``"documents"`` (the two summit ids, in order: each
    comparison's ``a`` comes from the first) and ``"focus_areas_only_in"`` (the ids of
    the focus areas only one document defines) and ``"scales_differ"`` (the ids of the
    areas both define with different scale anchors, compared as if on one scale) to
    :func:`format_comparisons`' object.
    """
    first_ids = {area.id for area in first.focus_areas}
    second_ids = {area.id for area in second.focus_areas}
    only = {
        "first": [area.id for area in first.focus_areas if area.id not in second_ids],
        "second": [area.id for area in second.focus_areas if area.id not in first_ids],
    }
    scales = {area.id: area.scale for area in second.focus_areas}
    # Areas match by id alone: where the two documents anchor the scale differently, the
    # positions are compared as if on one scale, and the reader should know.
    differ = [
        area
        for area in first.focus_areas
        if area.id in scales
        and area.scale is not None
        and scales[area.id] is not None
        and (area.scale.low, area.scale.high) != (scales[area.id].low, scales[area.id].high)  # type: ignore[union-attr]
    ]
    if format == "json":
        data = {
            "documents": [first.id, second.id],
            "focus_areas_only_in": only,
            "scales_differ": [area.id for area in differ],
            "comparisons": _json_pairs(comparisons, care),
        }
        return _dumps(data)
    if not comparisons:
        return _nothing_in_common(first, second)
    tags = (first.id, second.id) if first.id != second.id else ("first", "second")
    names_a, names_b = leader_names(first), leader_names(second)
    shown = []
    names: dict[str, str] = {}
    for comparison in comparisons:
        a, b = f"{tags[0]}/{comparison.a}", f"{tags[1]}/{comparison.b}"
        names[a] = f"{names_a.get(comparison.a, comparison.a)} ({tags[0]})"
        names[b] = f"{names_b.get(comparison.b, comparison.b)} ({tags[1]})"
        shown.append(attrs.evolve(comparison, a=a, b=b))
    labels = {area.id: area.label for area in (*second.focus_areas, *first.focus_areas)}
    notes = [
        f"Focus areas only in {tag}: {'; '.join(labels[i] for i in ids)}"
        for tag, ids in zip(tags, only.values(), strict=True)
        if ids
    ]
    notes += [
        f"{area.label}: the two documents anchor its scale differently; positions are "
        "compared as if on one scale"
        for area in differ
    ]
    parts = [_lines(notes, format)] if notes else []
    parts += _pair_texts(shown, names, format, care)
    return printable_text("\n".join(parts))


def _nothing_to_compare(summit: Summit) -> str:
    """Why one document gives no pair of agendas to compare."""
    from summitlib.comparison import party_agendas

    if len(summit.agendas) >= 2:
        bargaining = len(party_agendas(summit))
        return printable_text(
            f"{'only one party has' if bargaining else 'no party has'} an agenda (mediators, "
            "hosts and observers do not bargain): nothing to compare; name two leaders "
            "with --leaders to compare them anyway\n"
        )
    return "fewer than two leaders have an agenda: nothing to compare\n"


def _nothing_in_common(first: Summit, second: Summit) -> str:
    """Why two documents give no leader to compare with themself."""
    from summitlib.comparison import _wikidata

    people = {leader.id: leader for leader in second.leaders}
    in_both = {agenda.leader for agenda in second.agendas}
    for agenda in first.agendas:
        other = people.get(agenda.leader)
        if agenda.leader in in_both and other is not None:
            mine = next(leader for leader in first.leaders if leader.id == agenda.leader)
            a, b = sorted(_wikidata(mine)), sorted(_wikidata(other))
            return printable_text(
                f"{agenda.leader!r} has an agenda in both documents, but with different "
                f"Wikidata identifiers ({', '.join(a)}; {', '.join(b)}), so as two people: "
                "nothing to compare (name one leader of each with --leaders A B)\n"
            )
    return (
        "no leader has an agenda in both documents (leaders match by id, or by Wikidata "
        "identifier where the ids differ): nothing to compare (name one leader of each "
        "with --leaders A B)\n"
    )


def _dumps(data: object) -> str:
    return json_safe(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


def _json_pairs(comparisons: Sequence[Comparison], care: float) -> list[dict[str, Any]]:
    return [
        {
            "comparison": comparison.as_dict(),
            "negotiation_map": negotiation_map(comparison, care=care).as_dict(),
        }
        for comparison in comparisons
    ]


def _pair_texts(
    comparisons: Sequence[Comparison], names: dict[str, str], format: str, care: float
) -> list[str]:
    from summitlib import render

    show = render.comparison_markdown if format == "markdown" else render.comparison_text
    return [show(comparison, names, care=care).rstrip("\n") + "\n" for comparison in comparisons]


def _lines(lines: Sequence[str], format: str) -> str:
    bullet = "- " if format == "markdown" else "* "
    return "".join(f"{bullet}{line}\n" for line in lines)


def _matrix_text(matrix: AgreementMatrix, names: dict[str, str], format: str) -> str:
    from summitlib import render

    show = render.matrix_markdown if format == "markdown" else render.matrix_text
    return show(matrix, names)


def format_changes(changes: Diff, format: str = "text") -> str:
    """Format what :func:`summitlib.diff` found: one line per record and field, or JSON.

    ``json`` gives :meth:`Diff.as_dict` (``added``, ``removed``, ``changed``).
    """
    if format == "json":
        return json_safe(json.dumps(changes.as_dict(), indent=2, ensure_ascii=False)) + "\n"
    return "".join(printable_text(line).replace("\n", "\\n") + "\n" for line in changes.lines())
