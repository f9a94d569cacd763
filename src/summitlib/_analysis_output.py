"""What ``summitlib compare`` and ``summitlib diff`` print."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Final

from summitlib._escape import json_safe, printable_text
from summitlib.comparison import Comparison, negotiation_map
from summitlib.differences import Diff
from summitlib.model import Summit

__all__ = ["COMPARISON_FORMATS", "format_changes", "format_comparisons", "leader_names"]

#: The output formats of ``summitlib compare``.
COMPARISON_FORMATS: Final = ("text", "json", "markdown")


def leader_names(summit: Summit) -> dict[str, str]:
    """Map each leader's id to the name reports show (:attr:`Leader.display_name`)."""
    return {leader.id: leader.display_name for leader in summit.leaders}


def format_comparisons(
    summit: Summit, comparisons: Sequence[Comparison], format: str = "text"
) -> str:
    """Format pairwise comparisons of *summit*'s agendas, each with its negotiation map.

    ``json`` gives ``{"comparisons": [{"comparison": ..., "negotiation_map": ...}]}``,
    built from :meth:`Comparison.as_dict` and :meth:`NegotiationMap.as_dict`; ``text``
    and ``markdown`` give :func:`summitlib.render.comparison_text` / ``_markdown`` for
    each pair, separated by a blank line. Characters that could drive a terminal are
    escaped in every format.
    """
    if format == "json":
        data = {
            "comparisons": [
                {
                    "comparison": comparison.as_dict(),
                    "negotiation_map": negotiation_map(comparison).as_dict(),
                }
                for comparison in comparisons
            ]
        }
        return json_safe(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"
    from summitlib import render

    show = render.comparison_markdown if format == "markdown" else render.comparison_text
    names = leader_names(summit)
    if not comparisons:
        return "no two leaders have an agenda: nothing to compare\n"
    text = "\n".join(show(comparison, names).rstrip("\n") + "\n" for comparison in comparisons)
    return printable_text(text)


def format_changes(changes: Diff, format: str = "text") -> str:
    """Format what :func:`summitlib.diff` found: one line per record and field, or JSON.

    ``json`` gives :meth:`Diff.as_dict` (``added``, ``removed``, ``changed``).
    """
    if format == "json":
        return json_safe(json.dumps(changes.as_dict(), indent=2, ensure_ascii=False)) + "\n"
    return "".join(printable_text(line).replace("\n", "\\n") + "\n" for line in changes.lines())
