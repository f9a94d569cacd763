"""Tidy tables: summits as flat records for pandas, DuckDB, spreadsheets and Parquet.

:func:`tabulate` turns one or many summits into one table per kind of record —
``summits``, ``leaders``, ``focus_areas``, ``goals``, ``tactics``, ``aims``,
``comparisons`` (one row per pair of leaders) and ``comparison_areas`` (one row per
pair and focus area, from :func:`summitlib.compare_summit`) — each a list of
rows (plain dicts) with the columns of :data:`TABLES`, in the order given there. Every
table starts with ``document`` and ``summit_id``, so tables from many documents can be
stacked and joined. Column names and types are stable and documented in docs/tables.md.

:func:`write_csv` writes them with the standard library, :func:`write_parquet` through
pyarrow (``pip install summitlib[parquet]``); both replace files atomically.

>>> import summitlib
>>> from summitlib import table
>>> tables = table.tabulate([summitlib.load(summitlib.examples.path("alaska-2025"))])
>>> len(tables["goals"]), sorted(tables["goals"][0])[:3]
(9, ['confidence', 'document', 'emphasis'])
"""

from __future__ import annotations

import csv
import importlib
import io
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final, Literal

import attrs

from summitlib import taxonomy
from summitlib.comparison import compare_summit
from summitlib.errors import InvalidArgumentError
from summitlib.io import write_atomic
from summitlib.model import Summit

__all__ = [
    "FORMATS",
    "TABLES",
    "Column",
    "Row",
    "Tables",
    "export",
    "rows",
    "tabulate",
    "to_arrow",
    "to_csv",
    "write_csv",
    "write_parquet",
]

#: One record: column name to value (``str``, ``int``, ``float`` or ``None``).
Row = dict[str, Any]
#: Rows by table name, every table of :data:`TABLES` present.
Tables = dict[str, list[Row]]
ColumnType = Literal["string", "integer", "float"]


@attrs.frozen
class Column:
    """A column of a table: its name, its type and what it holds.

    Types are ``string``, ``integer`` (64-bit) and ``float`` (64-bit); every column
    may hold null (``None``; an empty field in CSV) unless ``required`` is true.
    """

    name: str
    type: ColumnType
    doc: str
    required: bool = False


def _c(name: str, type_: ColumnType, doc: str, required: bool = False) -> Column:
    return Column(name, type_, doc, required)


_KEY: Final = (
    _c("document", "string", "The file the row came from, as named; else the summit id.", True),
    _c("summit_id", "string", "Id of the summit.", required=True),
)

#: Every table and its columns, in order. Changing a name or type is a breaking change.
TABLES: Final[Mapping[str, tuple[Column, ...]]] = {
    "summits": (
        *_KEY,
        _c("title", "string", "Title of the summit.", required=True),
        _c("status", "string", "planned, held, cancelled or postponed.", required=True),
        _c("start_date", "string", "First day: YYYY, YYYY-MM or YYYY-MM-DD.", required=True),
        _c("end_date", "string", "Last day, when given."),
        _c("location", "string", "The place as usually named.", required=True),
        _c("locality", "string", "City or town."),
        _c("region", "string", "State, province or region."),
        _c("country", "string", "ISO 3166-1 alpha-2 code of the host country."),
        _c("latitude", "float", "Latitude in decimal degrees."),
        _c("longitude", "float", "Longitude in decimal degrees."),
        _c("leader_count", "integer", "Number of leaders.", required=True),
        _c("focus_area_count", "integer", "Number of focus areas.", required=True),
        _c("goal_count", "integer", "Number of goals, all agendas.", required=True),
        _c("tactic_count", "integer", "Number of tactics, all agendas.", required=True),
        _c("recommendation_count", "integer", "Number of recommendations.", required=True),
        _c("source_count", "integer", "Number of sources.", required=True),
    ),
    "leaders": (
        *_KEY,
        _c("leader_id", "string", "Id of the leader.", required=True),
        _c("leader_index", "integer", "Position among the leaders, from 0.", required=True),
        _c("name", "string", "Full name.", required=True),
        _c("short_name", "string", "Name used in headings, when given."),
        _c("display_name", "string", "short_name when given, else name.", required=True),
        _c("country", "string", "ISO 3166-1 alpha-2 code of the leader's country.", True),
        _c("role", "string", "Office held at the time of the summit.", required=True),
        _c("wikidata", "string", "Wikidata identifier (Q…), when given."),
    ),
    "focus_areas": (
        *_KEY,
        _c("focus_area_id", "string", "Id of the focus area.", required=True),
        _c("focus_area_index", "integer", "Position among the focus areas, from 0.", True),
        _c("label", "string", "Short label.", required=True),
        _c("description", "string", "What the area covers."),
        _c("topic", "string", "Topic code as written, scheme:code (cap:19)."),
        _c("topic_scheme", "string", "The scheme part of topic (cap)."),
        _c("topic_code", "string", "The code part of topic (19)."),
        _c("topic_label", "string", "The topic's label in a known scheme."),
        _c("scale_low", "string", "What position 0 means on this area."),
        _c("scale_high", "string", "What position 100 means on this area."),
    ),
    "goals": (
        *_KEY,
        _c("leader_id", "string", "Id of the leader whose agenda holds the goal.", True),
        _c("goal_id", "string", "Id of the goal.", required=True),
        _c("goal_index", "integer", "Position in the leader's goals, from 0.", True),
        _c("focus_area_id", "string", "Id of the goal's focus area.", required=True),
        _c("title", "string", "Short name of the goal.", required=True),
        _c("emphasis", "string", "The leader's stance in words."),
        _c("position", "float", "Position on the focus area's scale, 0 to 100."),
        _c("salience", "float", "How much the leader cares, 0 to 100."),
        _c("confidence", "string", "stated, reported or inferred.", required=True),
        _c("source_ids", "string", "Ids of the goal's sources, separated by spaces."),
    ),
    "tactics": (
        *_KEY,
        _c("leader_id", "string", "Id of the leader whose agenda holds the tactic.", True),
        _c("tactic_index", "integer", "Position in the leader's tactics, from 0.", True),
        _c("element", "string", "The aspect of diplomacy.", required=True),
        _c("approach", "string", "The leader's approach to it.", required=True),
        _c("category", "string", "Category from the tactic vocabulary, when given."),
        _c("source_ids", "string", "Ids of the tactic's sources, separated by spaces."),
    ),
    "aims": (
        *_KEY,
        _c("recommendation_id", "string", "Id of the recommendation.", required=True),
        _c("recommendation_index", "integer", "Position among them, from 0.", True),
        _c("focus_area_id", "string", "Id of the recommendation's focus area.", True),
        _c("recommendation_title", "string", "Title of the recommendation.", True),
        _c("leader_id", "string", "Id of the leader the aim belongs to.", required=True),
        _c("aim", "string", "The leader's aim in this area.", required=True),
    ),
    "comparisons": (
        *_KEY,
        _c("leader_a", "string", "Id of the first leader of the pair (agenda order).", True),
        _c("leader_b", "string", "Id of the second leader of the pair.", required=True),
        _c("agreement", "float", "Salience-weighted agreement over scored areas, 0 to 1."),
        _c("coverage", "float", "Share of the areas either addresses that are scored."),
        _c("area_count", "integer", "Areas either leader addresses.", required=True),
        _c("scored_count", "integer", "Areas with a position on both sides.", True),
    ),
    "comparison_areas": (
        *_KEY,
        _c("leader_a", "string", "Id of the first leader of the pair.", required=True),
        _c("leader_b", "string", "Id of the second leader of the pair.", required=True),
        _c("focus_area_id", "string", "Id of the focus area compared.", required=True),
        _c("alignment", "string", "convergent, partial, divergent, one-sided or unscored.", True),
        _c("agreement", "float", "1 - abs(position_a - position_b) / 100, when both known."),
        _c("weight", "float", "Weight in the pair's agreement: mean salience, else 0.", True),
        _c("position_a", "float", "Leader a's position on the area, when known."),
        _c("position_b", "float", "Leader b's position on the area, when known."),
        _c("salience_a", "float", "Leader a's salience for the area, when known."),
        _c("salience_b", "float", "Leader b's salience for the area, when known."),
        _c("goal_ids_a", "string", "Ids of leader a's goals in the area, space-separated."),
        _c("goal_ids_b", "string", "Ids of leader b's goals in the area, space-separated."),
    ),
}

#: The file formats :func:`export` writes.
FORMATS: Final = ("csv", "parquet")


def _ids(values: Sequence[str]) -> str | None:
    return " ".join(values) if values else None


def rows(summit: Summit, document: str | None = None) -> Tables:
    """Return the rows of every table for one *summit*.

    *document* fills the ``document`` column (a file name, say); it defaults to the
    summit's id.
    """
    doc = summit.id if document is None else document
    key: Row = {"document": doc, "summit_id": summit.id}
    location = summit.location
    goals = [goal for agenda in summit.agendas for goal in agenda.goals]
    out: Tables = {name: [] for name in TABLES}
    out["summits"].append(
        {
            **key,
            "title": summit.title,
            "status": summit.status.value,
            "start_date": str(summit.start_date),
            "end_date": None if summit.end_date is None else str(summit.end_date),
            "location": location.name,
            "locality": location.locality,
            "region": location.region,
            "country": location.country,
            "latitude": _float(location.latitude),
            "longitude": _float(location.longitude),
            "leader_count": len(summit.leaders),
            "focus_area_count": len(summit.focus_areas),
            "goal_count": len(goals),
            "tactic_count": sum(len(agenda.tactics) for agenda in summit.agendas),
            "recommendation_count": len(summit.recommendations),
            "source_count": len(summit.sources),
        }
    )
    for index, leader in enumerate(summit.leaders):
        wikidata = [i.identifier for i in leader.identifiers if i.scheme == "wikidata"]
        out["leaders"].append(
            {
                **key,
                "leader_id": leader.id,
                "leader_index": index,
                "name": leader.name,
                "short_name": leader.short_name,
                "display_name": leader.display_name,
                "country": leader.country,
                "role": leader.role,
                "wikidata": wikidata[0] if wikidata else None,
            }
        )
    for index, area in enumerate(summit.focus_areas):
        scheme = code = label = None
        if area.topic is not None:
            scheme, _, code = area.topic.partition(":")
            topic = taxonomy.lookup(area.topic)
            label = None if topic is None else topic.label
        out["focus_areas"].append(
            {
                **key,
                "focus_area_id": area.id,
                "focus_area_index": index,
                "label": area.label,
                "description": area.description,
                "topic": area.topic,
                "topic_scheme": scheme,
                "topic_code": code,
                "topic_label": label,
                "scale_low": None if area.scale is None else area.scale.low,
                "scale_high": None if area.scale is None else area.scale.high,
            }
        )
    for agenda in summit.agendas:
        for index, goal in enumerate(agenda.goals):
            out["goals"].append(
                {
                    **key,
                    "leader_id": agenda.leader,
                    "goal_id": goal.id,
                    "goal_index": index,
                    "focus_area_id": goal.focus_area,
                    "title": goal.title,
                    "emphasis": goal.emphasis,
                    "position": _float(goal.position),
                    "salience": _float(goal.salience),
                    "confidence": goal.confidence.value,
                    "source_ids": _ids(goal.sources),
                }
            )
        for index, tactic in enumerate(agenda.tactics):
            out["tactics"].append(
                {
                    **key,
                    "leader_id": agenda.leader,
                    "tactic_index": index,
                    "element": tactic.element,
                    "approach": tactic.approach,
                    "category": None if tactic.category is None else tactic.category.value,
                    "source_ids": _ids(tactic.sources),
                }
            )
    for index, recommendation in enumerate(summit.recommendations):
        for aim in recommendation.aims:
            out["aims"].append(
                {
                    **key,
                    "recommendation_id": recommendation.id,
                    "recommendation_index": index,
                    "focus_area_id": recommendation.focus_area,
                    "recommendation_title": recommendation.title,
                    "leader_id": aim.leader,
                    "aim": aim.text,
                }
            )
    for comparison in compare_summit(summit):
        pair = {**key, "leader_a": comparison.a, "leader_b": comparison.b}
        out["comparisons"].append(
            {
                **pair,
                "agreement": comparison.agreement,
                "coverage": comparison.coverage,
                "area_count": len(comparison.areas),
                "scored_count": sum(e.agreement is not None for e in comparison.areas),
            }
        )
        for entry in comparison.areas:
            a, b = entry.a, entry.b
            out["comparison_areas"].append(
                {
                    **pair,
                    "focus_area_id": entry.focus_area,
                    "alignment": entry.alignment.value,
                    "agreement": entry.agreement,
                    "weight": float(entry.weight),
                    "position_a": None if a is None else a.position,
                    "position_b": None if b is None else b.position,
                    "salience_a": None if a is None else _float(a.salience),
                    "salience_b": None if b is None else _float(b.salience),
                    "goal_ids_a": None if a is None else _ids(a.goals),
                    "goal_ids_b": None if b is None else _ids(b.goals),
                }
            )
    return out


def _float(value: float | None) -> float | None:
    # JSON integers arrive as int; one column type keeps Parquet and CSV stable.
    return None if value is None else float(value)


def tabulate(documents: Iterable[Summit | tuple[str, Summit]]) -> Tables:
    """Return the tables of many summits, stacked in the order given.

    Each item is a :class:`~summitlib.model.Summit`, or a ``(document, summit)`` pair
    whose first part fills the ``document`` column.
    """
    out: Tables = {name: [] for name in TABLES}
    for item in documents:
        document, summit = (None, item) if isinstance(item, Summit) else item
        for name, table_rows in rows(summit, document).items():
            out[name].extend(table_rows)
    return out


def to_csv(name: str, table_rows: Iterable[Row]) -> bytes:
    """Return table *name* as CSV bytes: a header row, then one line per row.

    UTF-8, ``\\r\\n`` line ends (RFC 4180), null as an empty field, floats as Python
    writes them (``20.0``).
    """
    columns = [column.name for column in TABLES[name]]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in table_rows:
        writer.writerow(["" if row.get(c) is None else row[c] for c in columns])
    return buffer.getvalue().encode("utf-8")


def _target(directory: str | Path, name: str, suffix: str) -> Path:
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{name}.{suffix}"


def write_csv(tables: Mapping[str, Sequence[Row]], directory: str | Path) -> list[Path]:
    """Write each table to ``DIRECTORY/NAME.csv``, atomically; return the paths written."""
    written = []
    for name in TABLES:
        path = _target(directory, name, "csv")
        write_atomic(path, to_csv(name, tables.get(name, ())))
        written.append(path)
    return written


def _import(module: str) -> Any:
    """Import an optional dependency, saying how to install it if it is missing."""
    try:
        return importlib.import_module(module)
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError("Parquet needs pyarrow: pip install 'summitlib[parquet]'") from None


def to_arrow(tables: Mapping[str, Sequence[Row]]) -> dict[str, Any]:
    """Return each table as a ``pyarrow.Table`` with the documented column types.

    Needs pyarrow (``pip install summitlib[parquet]``). ``table.to_pandas()`` gives a
    pandas DataFrame when pandas is installed.
    """
    pa = _import("pyarrow")
    types = {"string": pa.string(), "integer": pa.int64(), "float": pa.float64()}
    out = {}
    for name, columns in TABLES.items():
        schema = pa.schema(
            [pa.field(c.name, types[c.type], nullable=not c.required) for c in columns]
        )
        table_rows = tables.get(name, ())
        arrays = [
            pa.array([row.get(c.name) for row in table_rows], type=types[c.type]) for c in columns
        ]
        out[name] = pa.Table.from_arrays(arrays, schema=schema)
    return out


def write_parquet(tables: Mapping[str, Sequence[Row]], directory: str | Path) -> list[Path]:
    """Write each table to ``DIRECTORY/NAME.parquet``, atomically; return the paths."""
    pq = _import("pyarrow.parquet")

    written = []
    for name, arrow_table in to_arrow(tables).items():
        path = _target(directory, name, "parquet")
        buffer = io.BytesIO()
        pq.write_table(arrow_table, buffer)
        write_atomic(path, buffer.getvalue())
        written.append(path)
    return written


def export(
    documents: Iterable[Summit | tuple[str, Summit]],
    directory: str | Path,
    format: str = "csv",
) -> list[Path]:
    """Tabulate *documents* and write every table to *directory* as CSV or Parquet.

    Returns the paths written, one per table, in the order of :data:`TABLES`.
    """
    if format not in FORMATS:
        raise InvalidArgumentError(f"'format' must be one of {', '.join(FORMATS)} (got {format!r})")
    tables = tabulate(documents)
    if format == "parquet":
        return write_parquet(tables, directory)
    return write_csv(tables, directory)
