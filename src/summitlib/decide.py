"""Read and write the input files of decide-exchange-model (the ``decide`` CSV format).

A decide file is a delimited text file (the published ones use tabs and single quotes) whose
first column says what a row is:

* ``#A`` actor: ``id``, ``name``, ``comment``
* ``#P`` issue: ``id``, ``label``, ``description``
* ``#M`` a point of an issue's scale: ``issue``, ``position``, ``meaning``; the lowest and
  highest give the scale (0–100 when an issue has none)
* ``#D`` an actor's stance: ``actor``, ``issue``, ``position``, ``salience``, ``power``,
  ``comment``
* ``#O`` and ``#/`` free text, which decide shows and we skip.

They map to :class:`~summitlib.bargaining.BargainingInput`: ``#A`` to an
:class:`~summitlib.bargaining.Actor`, ``#P`` with its ``#M`` rows to an
:class:`~summitlib.bargaining.Issue` with :class:`~summitlib.bargaining.Anchor` s, ``#D`` to
an :class:`~summitlib.bargaining.ActorIssue`. decide keeps power per row; an actor whose rows
all have the same power gets it as its capability, otherwise each stance keeps its own.
decide accepts saliences up to 100; a file with any salience above 1 is read as 0–100 and
divided by 100 (``salience_scale`` remembers it for writing back).

Writing produces the layout of the published data sets, so reading and writing
``copenhagen.csv`` or ``cop21.csv`` gives the same bytes back.

>>> from summitlib.decide import dumps_decide, loads_decide
>>> text = "'#A'\\t'a'\\t'A'\\t''\\n'#P'\\t'x'\\t'x'\\t''\\n'#D'\\t'a'\\t'x'\\t40.0\\t0.5\\t1.0\\n"
>>> data = loads_decide(text).input
>>> data.actor_issues[0].position, data.actors[0].capability
(40.0, 1.0)
>>> dumps_decide(data) == text
True
"""

from __future__ import annotations

import csv
import io
import os
from decimal import Decimal
from typing import Final

import attrs

from summitlib import _files
from summitlib.bargaining import (
    Actor,
    ActorIssue,
    Anchor,
    BargainingInput,
    BargainingInputError,
    Issue,
)
from summitlib.errors import SummitlibError

__all__ = [
    "DecideData",
    "DecideFormatError",
    "dump_decide",
    "dumps_decide",
    "load_decide",
    "loads_decide",
]

_FIELDS: Final = {
    "#A": ("id", "name", "comment"),
    "#P": ("id", "label", "description"),
    "#M": ("issue", "position", "meaning"),
    "#D": ("actor", "issue", "position", "salience", "power", "comment"),
    "#O": ("text",),
    "#/": ("text",),
}
_REQUIRED: Final = {"#A": 1, "#P": 1, "#M": 2, "#D": 5, "#O": 0, "#/": 0}


class DecideFormatError(SummitlibError, ValueError):
    """A decide file cannot be read; ``source`` and ``line`` say where."""

    def __init__(self, source: str, line: int | None, message: str) -> None:
        self.source = source
        self.line = line
        self.reason = message
        where = source if line is None else f"{source}:{line}"
        super().__init__(f"{where}: {message}")


@attrs.frozen(kw_only=True)
class DecideData:
    """A decide file as a bargaining input, with the salience scale the file used (1 or 100)."""

    input: BargainingInput
    salience_scale: float = 1.0


def load_decide(path: str | os.PathLike[str]) -> DecideData:
    """Read a decide file (UTF-8) with the bounded reader of :func:`summitlib.load`.

    Only a regular file is read (a FIFO or a device raises
    :class:`~summitlib.errors.NotRegularFileError`, an :class:`OSError`, without waiting or
    reading), and one over the document size limit raises
    :class:`~summitlib.errors.SummitValidationError` (``too-large``) unread.
    """
    data = _files.read_path(path).data
    return loads_decide(data.decode("utf-8"), source=os.fspath(path))


def _dialect(text: str) -> tuple[str, str]:
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "\t" if "\t" in first else ";" if ";" in first else ","
    quote = '"' if first.lstrip().startswith('"') else "'"
    return delimiter, quote


def _number(source: str, line: int, name: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise DecideFormatError(source, line, f"{name!r} must be a number (got {text!r})") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise DecideFormatError(source, line, f"{name!r} must be finite (got {text!r})")
    return value


def _text(value: str | None) -> str | None:
    return value if value else None


def loads_decide(text: str, source: str = "<string>") -> DecideData:
    """Read the text of a decide file; errors name ``source`` and the line."""
    delimiter, quote = _dialect(text)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, quotechar=quote)
    actors: dict[str, dict[str, str | None]] = {}
    issues: dict[str, dict[str, str | None]] = {}
    anchors: dict[str, list[tuple[int, Anchor]]] = {}
    rows: list[tuple[int, dict[str, str]]] = []
    seen: dict[tuple[str, str], int] = {}
    try:
        for raw in reader:
            line = reader.line_num
            cells = [cell.strip() for cell in raw]
            while cells and not cells[-1]:
                cells.pop()
            if not cells:
                continue
            kind, values = cells[0], cells[1:]
            if kind not in _FIELDS:
                raise DecideFormatError(
                    source, line, f"unknown row type {kind!r} (expected one of {sorted(_FIELDS)})"
                )
            names = _FIELDS[kind]
            if len(values) < _REQUIRED[kind]:
                raise DecideFormatError(
                    source, line, f"a {kind} row needs {', '.join(names[: _REQUIRED[kind]])}"
                )
            if len(values) > len(names):
                # decide joins surplus cells into the last field.
                values = [*values[: len(names) - 1], " ".join(values[len(names) - 1 :])]
            row = dict(zip(names, values, strict=False))
            if kind == "#A":
                if row["id"] in actors:
                    raise DecideFormatError(source, line, f"actor {row['id']!r} defined twice")
                actors[row["id"]] = {"name": row.get("name"), "comment": row.get("comment")}
            elif kind == "#P":
                if row["id"] in issues:
                    raise DecideFormatError(source, line, f"issue {row['id']!r} defined twice")
                issues[row["id"]] = {
                    "label": row.get("label"),
                    "description": row.get("description"),
                }
            elif kind == "#M":
                position = _number(source, line, "position", row["position"])
                anchors.setdefault(row["issue"], []).append(
                    (line, Anchor(position=position, meaning=_text(row.get("meaning"))))
                )
            elif kind == "#D":
                key = (row["actor"], row["issue"])
                if key in seen:
                    raise DecideFormatError(
                        source, line, f"a second #D row for {key!r} (first on line {seen[key]})"
                    )
                seen[key] = line
                rows.append((line, row))
    except csv.Error as error:
        raise DecideFormatError(source, reader.line_num, f"not a delimited file: {error}") from None
    return _build(source, actors, issues, anchors, rows)


def _build(
    source: str,
    actors: dict[str, dict[str, str | None]],
    issues: dict[str, dict[str, str | None]],
    anchors: dict[str, list[tuple[int, Anchor]]],
    rows: list[tuple[int, dict[str, str]]],
) -> DecideData:
    for issue_id, lines in anchors.items():
        if issue_id not in issues:
            raise DecideFormatError(source, lines[0][0], f"#M row for unknown issue {issue_id!r}")
    stances: list[tuple[int, dict[str, str], float, float, float]] = []
    for line, row in rows:
        if row["actor"] not in actors:
            raise DecideFormatError(source, line, f"unknown actor {row['actor']!r} (no #A row)")
        if row["issue"] not in issues:
            raise DecideFormatError(source, line, f"unknown issue {row['issue']!r} (no #P row)")
        position = _number(source, line, "position", row["position"])
        salience = _number(source, line, "salience", row["salience"])
        power = _number(source, line, "power", row["power"])
        if not 0 <= salience <= 100:
            raise DecideFormatError(
                source, line, f"'salience' must be between 0 and 100 (got {row['salience']})"
            )
        if power < 0:
            raise DecideFormatError(source, line, f"'power' must be >= 0 (got {row['power']})")
        stances.append((line, row, position, salience, power))
    scale = 100.0 if any(s > 1 for _, _, _, s, _ in stances) else 1.0
    powers: dict[str, set[float]] = {}
    for _, row, _, _, power in stances:
        powers.setdefault(row["actor"], set()).add(power)
    issue_objects = []
    for issue_id, fields in issues.items():
        marks = tuple(anchor for _, anchor in anchors.get(issue_id, ()))
        positions = [anchor.position for anchor in marks]
        lower, upper = (min(positions), max(positions)) if positions else (0.0, 100.0)
        if lower >= upper:
            raise DecideFormatError(
                source,
                anchors[issue_id][0][0],
                f"issue {issue_id!r}: the #M rows must span a scale (got {lower:g} to {upper:g})",
            )
        issue_objects.append(
            Issue(
                id=issue_id,
                label=_text(fields["label"]),
                description=_text(fields["description"]),
                lower=lower,
                upper=upper,
                anchors=marks,
            )
        )
    bounds = {issue.id: issue for issue in issue_objects}
    actor_issues = []
    for line, row, position, salience, power in stances:
        scale_of = bounds[row["issue"]]
        if not scale_of.lower <= position <= scale_of.upper:
            raise DecideFormatError(
                source,
                line,
                f"'position' must be between {scale_of.lower:g} and {scale_of.upper:g} "
                f"(got {row['position']})",
            )
        uniform = len(powers[row["actor"]]) == 1
        actor_issues.append(
            ActorIssue(
                actor=row["actor"],
                issue=row["issue"],
                position=position,
                salience=salience if scale == 1 else _scaled(salience, 1 / scale),
                capability=None if uniform else power,
                comment=_text(row.get("comment")),
            )
        )
    actor_objects = tuple(
        Actor(
            id=actor_id,
            name=_text(fields["name"]),
            comment=_text(fields["comment"]),
            capability=(
                next(iter(powers[actor_id]))
                if actor_id in powers and len(powers[actor_id]) == 1
                else None
            ),
        )
        for actor_id, fields in actors.items()
    )
    try:
        data = BargainingInput(
            actors=actor_objects, issues=tuple(issue_objects), actor_issues=tuple(actor_issues)
        )
    except BargainingInputError as error:
        raise DecideFormatError(source, None, str(error)) from None
    return DecideData(input=data, salience_scale=scale)


def _scaled(value: float, factor: float) -> float:
    # Through decimal, so that 0.07 * 100 is 7.0 and 7 / 100 is 0.07, and a round trip
    # gives back the digits that were read.
    return float(Decimal(repr(value)) * Decimal(repr(factor)))


def _cell(value: float) -> float | int:
    return int(value) if value.is_integer() else value


def dumps_decide(data: BargainingInput, salience_scale: float = 1.0) -> str:
    """The decide file of ``data``: tab-separated, strings in single quotes.

    Every actor and issue is written, with the effective capability of each stance as its
    power (:meth:`~summitlib.bargaining.BargainingInput.capability_of`); saliences are
    multiplied by ``salience_scale`` (1, or 100 for a file on 0–100). Participation and
    linkage have no place in the format and are not written.
    """
    out = io.StringIO()
    writer = csv.writer(
        out, delimiter="\t", quotechar="'", quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n"
    )
    for actor in data.actors:
        writer.writerow(["#A", actor.id, actor.name or "", actor.comment or ""])
    for issue in data.issues:
        writer.writerow(["#P", issue.id, issue.label or "", issue.description or ""])
        for anchor in issue.anchors:
            row: list[str | float | int] = ["#M", issue.id, _cell(anchor.position)]
            if anchor.meaning is not None:
                row.append(anchor.meaning)
            writer.writerow(row)
    for stance in data.actor_issues:
        salience = (
            stance.salience if salience_scale == 1 else _scaled(stance.salience, salience_scale)
        )
        row = [
            "#D",
            stance.actor,
            stance.issue,
            float(stance.position),
            float(salience),
            float(data.capability_of(stance)),
        ]
        if stance.comment is not None:
            row.append(stance.comment)
        writer.writerow(row)
    return out.getvalue()


def dump_decide(
    data: BargainingInput, path: str | os.PathLike[str], salience_scale: float = 1.0
) -> None:
    """Write ``data`` as a decide file at ``path`` (UTF-8), atomically."""
    _files.replace(path, dumps_decide(data, salience_scale).encode("utf-8"))
