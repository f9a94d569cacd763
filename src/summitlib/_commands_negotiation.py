"""What the ``forecast`` and ``convert`` commands make, apart from reading and writing.

The command line (:mod:`summitlib.cli`) parses the options, reads the input, writes the
product and reports problems, as it does for every command; the functions here only
turn a summit (or a decide file) into the product and the notes said about it.
"""

from __future__ import annotations

import errno
import json
from typing import BinaryIO, Final

import summitlib
from summitlib import _files, _pipeline, decide, negotiation, render

__all__ = [
    "CONVERT_FORMATS",
    "FORECAST_FORMATS",
    "conversion",
    "decide_notes",
    "forecast_output",
    "read_decide",
]

#: Output formats of ``summitlib forecast``.
FORECAST_FORMATS: Final = ("text", "json", "markdown")

#: Formats ``summitlib convert`` reads and writes: summit documents and decide files.
CONVERT_FORMATS: Final = ("summit", "decide")


def forecast_output(summit: summitlib.Summit, *, rounds: int, top: int, output_format: str) -> str:
    """The forecast per focus area and the exchange rounds, in *output_format*.

    ``text`` and ``markdown`` give the report of :func:`summitlib.render.forecast_text`
    (empty when no two parties take a position on the same area); ``json`` gives
    ``{"forecast": …, "exchanges": …}``, the two ``as_dict()`` shapes documented in
    docs/comparison.md.
    """
    if output_format == "json":
        data = {
            "forecast": negotiation.forecast(summit).as_dict(),
            "exchanges": negotiation.exchanges(summit, rounds=rounds, top=top).as_dict(),
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    show = render.forecast_markdown if output_format == "markdown" else render.forecast_text
    return show(summit, rounds=rounds, top=top)


def conversion(path: str, source: str | None, target: str | None) -> tuple[str, str]:
    """``(from, to)`` for ``convert``: one given implies the other; neither reads ``.csv``,
    ``.tsv`` and ``.txt`` files as decide files and anything else as a summit document."""
    if source is None:
        if target is not None:
            source = "summit" if target == "decide" else "decide"
        else:
            decide_file = path.lower().endswith((".csv", ".tsv", ".txt"))
            source = "decide" if decide_file else "summit"
    if target is None:
        target = "summit" if source == "decide" else "decide"
    return source, target


def decide_notes(summit: summitlib.Summit) -> list[str]:
    """What a decide file cannot hold of *summit*, as notes for standard error.

    A decide file holds actors, issues with their scales' anchors, and per actor and issue
    a position, a salience and a capability: everything else is named here.
    """
    goals = [goal for agenda in summit.agendas for goal in agenda.goals]
    present = {
        "the summary": summit.summary,
        "goal titles and details": goals,
        "tactics": [tactic for agenda in summit.agendas for tactic in agenda.tactics],
        "recommendations": summit.recommendations,
        "outcomes": summit.outcomes,
        "sources": summit.sources,
    }
    lost = ["the dates", "the place", *(name for name, value in present.items() if value)]
    notes = [f"a decide file has no place for {', '.join(lost)}: not written"]
    unplaced = [goal.id for goal in goals if goal.position is None and not goal.positions]
    if unplaced:
        notes.append(
            f"goals without a position are not written ({len(unplaced)}): {', '.join(unplaced)}"
        )
    left_out = [
        f"{leader.id} ({leader.participation.value})"
        for leader in summit.leaders
        if leader.participation.value != "party"
    ]
    if left_out:
        notes.append(f"only parties bargain; not written: {', '.join(left_out)}")
    links, blocked = negotiation.linkage(summit)
    if links.packages or blocked:
        notes.append(
            f"a decide file has no linkage; not written: {len(links.packages)} package(s), "
            f"{len(blocked)} blocked stance(s)"
        )
    return notes


def read_decide(path: str, stdin: BinaryIO | None) -> summitlib.Summit:
    """The summit a decide file (or standard input, for ``-``) describes, read with the
    bounded reader every command uses.

    Raises :class:`summitlib.decide.DecideFormatError`, :class:`OSError`,
    :class:`UnicodeDecodeError` or :class:`~summitlib.errors.SummitValidationError`
    (``too-large``), which the command line reports.
    """
    if path != _pipeline.STDIN:
        return negotiation.from_decide(path)
    stream = stdin if stdin is not None else _files.stdin_binary()
    if stream is None:
        raise OSError(errno.EBADF, "there is no standard input")
    data = _files.read_stream(stream, path)
    text = data if isinstance(data, str) else data.decode("utf-8")
    loaded = decide.loads_decide(text, source=path)
    return negotiation.summit_from_bargaining(loaded.input, summit_id="stdin", title="stdin")
