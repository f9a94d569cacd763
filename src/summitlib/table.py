"""Tidy tables: summits as flat records for pandas, DuckDB, spreadsheets and Parquet.

:func:`tabulate` turns one or many summits into tables: ``summits``, one table per kind
of record held in a list (``leaders``, ``goals``, ``positions``, ``citations``, …), one
per list of text (``goal_details``, …), and the computed ``comparisons`` (one row per
pair of leaders) and ``comparison_areas`` (one row per pair and focus area, from
:func:`summitlib.compare_summit`). Each is a list of rows (plain dicts) with the
columns of :data:`TABLES`, in the order given there. Every table starts with
``document`` and ``summit_id``, so tables from many documents can be stacked and
joined.

The tables are read from the record graph the model's fields declare (see
``_graph.py``): nothing here names a record kind, so a field or kind added to the model
gets its columns, keys and column docs with no change here. The rules are in
docs/tables.md, with every column.

:func:`write_csv` writes them with the standard library, :func:`write_parquet` through
pyarrow (``pip install summitlib[parquet]``); both replace files atomically.

>>> import summitlib
>>> from summitlib import table
>>> tables = table.tabulate([summitlib.load(summitlib.examples.path("alaska-2025"))])
>>> len(tables["goals"]), list(tables["goals"][0])[:5]
(9, ['document', 'summit_id', 'leader_id', 'goal_id', 'goal_index'])
"""

from __future__ import annotations

import csv
import enum
import functools
import importlib
import io
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from operator import attrgetter
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, Literal

import attrs

from summitlib import _graph, model, taxonomy
from summitlib.comparison import compare_summit
from summitlib.errors import SummitlibError
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

#: One record: column name to value (``str``, ``int``, ``float``, ``bool`` or ``None``).
Row = dict[str, Any]
#: Rows by table name, every table of :data:`TABLES` present.
Tables = dict[str, list[Row]]
ColumnType = Literal["string", "integer", "float", "boolean"]
#: One step from a record to a field of it that holds records.
_Step = tuple[_graph.Kind, _graph.FieldInfo]


class TableError(SummitlibError, ValueError):
    """Tables were asked for something they cannot give: an unknown format, say."""


@attrs.frozen
class Column:
    """A column of a table: its name, its type and what it holds.

    Types are ``string``, ``integer`` (64-bit), ``float`` (64-bit) and ``boolean``;
    every column may hold null (``None``; an empty field in CSV) unless ``required``
    is true.
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

#: The computed tables, from :func:`summitlib.compare_summit`.
_COMPARISONS: Final[Mapping[str, tuple[Column, ...]]] = {
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


# -- names ----------------------------------------------------------------------------


def _plural(name: str) -> str:
    if name.endswith("y") and not name.endswith(("ay", "ey", "oy")):
        return name[:-1] + "ies"
    if name.endswith(("s", "x", "ch", "sh")):
        return name + "es"
    return name + "s"


def _singular(name: str) -> str:
    if name.endswith("ies"):
        return name[:-3] + "y"
    if name.endswith(("ches", "shes", "sses", "xes")):
        return name[:-2]
    if name.endswith("s"):
        return name[:-1]
    return name


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _identity_column(kind: _graph.Kind) -> str | None:
    """``<kind>_id``, or ``<field>_id`` for an identity that is a reference (an agenda
    is identified by its ``leader``)."""
    identity = kind.identity
    if identity is None:
        return None
    return f"{identity.name}_id" if identity.refers_to is not None else f"{kind.name}_id"


def _column_type(tp: Any) -> ColumnType:
    if tp is bool:
        return "boolean"
    if tp is int:
        return "integer"
    if tp is float:
        return "float"
    return "string"


# -- the layout: the tables and columns the record graph gives -----------------------


@attrs.frozen
class _Reader:
    """One column of a record's row and how to read its value from the record."""

    column: Column
    read: Callable[[Any], Any]


@attrs.frozen
class _ValueTable:
    """A list of plain values of a record (a goal's details), as a table of its own."""

    table: str
    field: str
    index: str
    value: str
    columns: tuple[Column, ...]


@attrs.frozen
class _Plan:
    """How the records of one kind held in lists become rows of one table."""

    kind: _graph.Kind
    table: str
    columns: tuple[Column, ...]
    id_column: str | None
    index_column: str
    readers: tuple[_Reader, ...]
    value_tables: tuple[_ValueTable, ...]


@attrs.frozen
class _Layout:
    """Every table of a model, and how each record kind fills its table."""

    root: type
    tables: Mapping[str, tuple[Column, ...]]
    summit_readers: tuple[_Reader, ...]
    counts: tuple[tuple[str, str], ...]
    """(column, table): the summit's count of the rows of each record table."""
    plans: Mapping[type, _Plan]


def _plain(info: _graph.FieldInfo, value: Any) -> Any:
    if value is None:
        return None
    if info.many:
        return " ".join(value) if value else None
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, model.PartialDate):
        return str(value)
    if info.type is float:
        return float(value)  # JSON integers may arrive as int: one type per column
    return value


def _getter(path: tuple[str, ...], info: _graph.FieldInfo) -> Callable[[Any], Any]:
    def read(record: Any) -> Any:
        for name in path:
            record = getattr(record, name)
            if record is None:
                return None
        return _plain(info, getattr(record, info.name))

    return read


def _topic_part(read: Callable[[Any], Any], part: str) -> Callable[[Any], Any]:
    def split(record: Any) -> Any:
        topic = read(record)
        if topic is None:
            return None
        if part == "label":
            found = taxonomy.lookup(topic)
            return None if found is None else found.label
        scheme, _, code = topic.partition(":")
        return scheme if part == "scheme" else code

    return split


def _property_reader(name: str, member: property) -> _Reader:
    returns = typing.get_type_hints(member.fget).get("return", str)
    doc = " ".join((member.__doc__ or name).split()).replace("``", "`")
    required = type(None) not in typing.get_args(returns)
    return _Reader(Column(name, _column_type(returns), doc, required), attrgetter(name))


def _field_readers(
    graph: dict[type, _graph.Kind],
    kind: _graph.Kind,
    prefix: str = "",
    path: tuple[str, ...] = (),
    present: bool = True,
) -> Iterator[_Reader]:
    """The columns of a record's own fields: scalars, references (``<field>_id``,
    ``<singular>_ids``), nested single records flattened as ``<field>_<subfield>``, the
    parts of topic codes, and the record's documented properties."""
    for info in kind.fields:
        if info is kind.identity and not path:
            continue  # the record's id column
        required = present and not info.optional
        if info.record is not None:
            if not info.many:
                yield from _field_readers(
                    graph,
                    graph[info.record],
                    f"{prefix}{info.name}_",
                    (*path, info.name),
                    required,
                )
            continue
        if info.many and info.refers_to is None:
            continue  # a list of plain values: a table of its own
        name, doc = f"{prefix}{info.name}", info.spec.doc
        if info.refers_to is not None and info.many:
            name = f"{prefix}{_singular(info.name)}_ids"
            doc = doc.rstrip(".") + ", separated by spaces."
            required = False
        elif info.refers_to is not None:
            name += "_id"
        read = _getter(path, info)
        yield _Reader(Column(name, _column_type(info.type), doc, required), read)
        if info.spec.kind == "topic":
            for part, text in (
                ("scheme", f"The scheme part of `{info.key}` (`cap`)."),
                ("code", f"The code part of `{info.key}` (`19`)."),
                ("label", f"The label of `{info.key}`, when summitlib knows its scheme."),
            ):
                yield _Reader(Column(f"{name}_{part}", "string", text), _topic_part(read, part))
    if not path:
        for name, member in vars(kind.cls).items():
            if isinstance(member, property) and not name.startswith("_"):
                yield _property_reader(name, member)


def _routes(graph: dict[type, _graph.Kind], root: type) -> dict[type, list[tuple[_Step, ...]]]:
    """Every way from the root to each kind held in a list, as the steps through the
    records around it; the last step is the list that holds it."""
    found: dict[type, list[tuple[_Step, ...]]] = {}

    def visit(kind: _graph.Kind, steps: tuple[_Step, ...]) -> None:
        for info in kind.children:
            assert info.record is not None
            if info.record is kind.cls or any(s[0].cls is info.record for s in steps):
                continue  # a kind that holds itself would have no end
            route = (*steps, (kind, info))
            if info.many:
                found.setdefault(info.record, []).append(route)
            visit(graph[info.record], route)

    visit(graph[root], ())
    return found


def _around(graph: dict[type, _graph.Kind], route: tuple[_Step, ...]) -> list[Column]:
    """The key columns of the records around a record (``summit_id`` stands for the root)."""
    out = []
    for _, info in route[:-1]:
        assert info.record is not None
        kind = graph[info.record]
        if not info.many:
            continue  # a nested single record is part of the record around it
        name = _identity_column(kind)
        if name is not None and kind.identity is not None:
            doc = f"The {kind.label} it belongs to: {_lower_first(kind.identity.spec.doc)}"
            out.append(Column(name, "string", doc, True))
        else:
            doc = f"The {kind.label} it belongs to: its position in its list, from 0."
            out.append(Column(f"{kind.name}_index", "integer", doc, True))
    return out


def _add(columns: dict[str, Column], column: Column, kind: _graph.Kind) -> Column:
    """Add *column*, renamed ``<kind>_<name>`` if its name is taken; return it as added."""
    if column.name in columns:
        column = attrs.evolve(column, name=f"{kind.name}_{column.name}")
    columns[column.name] = column
    return column


def _plan(
    graph: dict[type, _graph.Kind], kind: _graph.Kind, routes: list[tuple[_Step, ...]]
) -> _Plan:
    columns: dict[str, Column] = {c.name: c for c in _KEY}
    parents = list(dict.fromkeys(route[-1][0].name for route in routes))
    if len(parents) > 1:
        doc = f"The kind of record it belongs to: {', '.join(parents)}."
        columns["parent"] = Column("parent", "string", doc, True)
    around = [_around(graph, route) for route in routes]
    for found in around:
        for column in found:
            everywhere = all(any(c.name == column.name for c in other) for other in around)
            if column.name not in columns:
                columns[column.name] = attrs.evolve(column, required=everywhere)
    keys = dict(columns)
    id_column = _identity_column(kind)
    if id_column is not None:
        assert kind.identity is not None
        columns[id_column] = Column(id_column, "string", kind.identity.spec.doc, True)
    index_column = f"{kind.name}_index"
    if len(routes) == 1:
        holder, info = routes[0][-1]
        where = f"the {holder.label}'s {info.key.replace('_', ' ')}"
    else:
        where = "the list that holds it"
    columns[index_column] = Column(index_column, "integer", f"Position in {where}, from 0.", True)
    readers = tuple(
        attrs.evolve(reader, column=_add(columns, reader.column, kind))
        for reader in _field_readers(graph, kind)
    )
    own = keys | (
        {id_column: columns[id_column]}
        if id_column is not None
        else {index_column: columns[index_column]}
    )
    value_tables = []
    for info in kind.fields:
        if info.many and info.record is None and info.refers_to is None:
            singular = _singular(info.name)
            value_columns = (
                *own.values(),
                Column(f"{singular}_index", "integer", "Position in the list, from 0.", True),
                Column(singular, _column_type(info.type), info.spec.doc, True),
            )
            value_tables.append(
                _ValueTable(
                    f"{kind.name}_{info.name}",
                    info.name,
                    f"{singular}_index",
                    singular,
                    value_columns,
                )
            )
    return _Plan(
        kind=kind,
        table=_plural(kind.name),
        columns=tuple(columns.values()),
        id_column=id_column,
        index_column=index_column,
        readers=readers,
        value_tables=tuple(value_tables),
    )


@functools.cache
def _layout(root: type) -> _Layout:
    graph = _graph.kinds(root)
    plans = {cls: _plan(graph, graph[cls], routes) for cls, routes in _routes(graph, root).items()}
    plans = {cls: plans[cls] for cls in graph if cls in plans}  # the graph's order
    summit_columns: dict[str, Column] = {c.name: c for c in _KEY}
    root_kind = graph[root]
    summit_readers = [
        attrs.evolve(reader, column=_add(summit_columns, reader.column, root_kind))
        for reader in _field_readers(graph, root_kind)
    ]
    counts = []
    for plan in plans.values():
        doc = f"Number of {_plural(plan.kind.label)} in the document."
        count = Column(f"{plan.kind.name}_count", "integer", doc, True)
        counts.append((_add(summit_columns, count, root_kind).name, plan.table))
    tables: dict[str, tuple[Column, ...]] = {"summits": tuple(summit_columns.values())}
    for plan in plans.values():
        tables[plan.table] = plan.columns
        for value_table in plan.value_tables:
            tables[value_table.table] = value_table.columns
    tables.update(_COMPARISONS)
    return _Layout(
        root,
        MappingProxyType(tables),
        tuple(summit_readers),
        tuple(counts),
        MappingProxyType(plans),
    )


def layout(root: type | None = None) -> Mapping[str, tuple[Column, ...]]:
    """Every table and its columns, in order, for the model rooted at *root*.

    *root* defaults to :class:`~summitlib.model.Summit` (that layout is :data:`TABLES`);
    a subclass of it that adds fields gets tables for the records it adds.
    """
    return _layout(Summit if root is None else root).tables


#: Every table and its columns, in order. Changing a name or type is a breaking change.
TABLES: Final[Mapping[str, tuple[Column, ...]]] = layout()

#: The file formats :func:`export` writes.
FORMATS: Final = ("csv", "parquet")


def _ids(values: Sequence[str]) -> str | None:
    return " ".join(values) if values else None


def _emit(
    layout: _Layout,
    kind: _graph.Kind,
    record: Any,
    keys: Row,
    out: Tables,
) -> None:
    """Add the rows of the records inside *record*; *keys* holds the key columns so far."""
    graph = _graph.kinds(layout.root)
    for info in kind.children:
        value = getattr(record, info.name)
        assert info.record is not None
        child = graph[info.record]
        if not info.many:
            if value is not None:
                _emit(layout, child, value, keys, out)
            continue
        plan = layout.plans[info.record]
        for index, item in enumerate(value):
            values: Row = {**keys, "parent": kind.name, plan.index_column: index}
            if plan.id_column is not None:
                assert child.identity is not None
                values[plan.id_column] = getattr(item, child.identity.name)
            for reader in plan.readers:
                values[reader.column.name] = reader.read(item)
            out[plan.table].append({c.name: values.get(c.name) for c in plan.columns})
            own = plan.id_column if plan.id_column is not None else plan.index_column
            inner = {**keys, own: values[own]}
            for value_table in plan.value_tables:
                base = {**inner, "parent": kind.name}
                for number, text in enumerate(getattr(item, value_table.field)):
                    base[value_table.index], base[value_table.value] = number, text
                    out[value_table.table].append(
                        {c.name: base.get(c.name) for c in value_table.columns}
                    )
            _emit(layout, child, item, inner, out)


def rows(summit: Summit, document: str | None = None) -> Tables:
    """Return the rows of every table for one *summit*.

    *document* fills the ``document`` column (a file name, say); it defaults to the
    summit's id. A summit of a subclass of :class:`~summitlib.model.Summit` gives the
    tables of :func:`layout` for that class.
    """
    doc = summit.id if document is None else document
    key: Row = {"document": doc, "summit_id": summit.id}
    root: type = type(summit)
    shape = _layout(root)
    out: Tables = {name: [] for name in shape.tables}
    root_kind = _graph.kinds(shape.root)[shape.root]
    _emit(shape, root_kind, summit, key, out)
    summit_row: Row = dict(key)
    for reader in shape.summit_readers:
        summit_row[reader.column.name] = reader.read(summit)
    for column, name in shape.counts:
        summit_row[column] = len(out[name])
    out["summits"].append({c.name: summit_row.get(c.name) for c in shape.tables["summits"]})
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


def tabulate(
    documents: Iterable[Summit | tuple[str, Summit]], *, root: type | None = None
) -> Tables:
    """Return the tables of many summits, stacked in the order given.

    Each item is a :class:`~summitlib.model.Summit`, or a ``(document, summit)`` pair
    whose first part fills the ``document`` column. *root* names the model the summits
    are of, as for :func:`layout`; a summit of another model is a :class:`TableError`.
    """
    expected = Summit if root is None else root
    out: Tables = {name: [] for name in layout(expected)}
    for item in documents:
        document, summit = (None, item) if isinstance(item, Summit) else item
        if type(summit) is not expected:
            raise TableError(
                f"summit {summit.id!r} is a {type(summit).__name__}, not a "
                f"{expected.__name__}: tabulate documents of one model at a time (root=...)"
            )
        for name, table_rows in rows(summit, document).items():
            out[name].extend(table_rows)
    return out


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"  # as JSON writes them, and DuckDB reads them
    return value


def to_csv(name: str, table_rows: Iterable[Row], *, root: type | None = None) -> bytes:
    """Return table *name* as CSV bytes: a header row, then one line per row.

    UTF-8, ``\\r\\n`` line ends (RFC 4180), null as an empty field, floats as Python
    writes them (``20.0``), booleans as ``true`` and ``false``.
    """
    columns = [column.name for column in layout(root)[name]]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in table_rows:
        writer.writerow([_csv_value(row.get(c)) for c in columns])
    return buffer.getvalue().encode("utf-8")


def _target(directory: str | Path, name: str, suffix: str) -> Path:
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{name}.{suffix}"


def write_csv(
    tables: Mapping[str, Sequence[Row]], directory: str | Path, *, root: type | None = None
) -> list[Path]:
    """Write each table to ``DIRECTORY/NAME.csv``, atomically; return the paths written."""
    written = []
    for name in layout(root):
        path = _target(directory, name, "csv")
        write_atomic(path, to_csv(name, tables.get(name, ()), root=root))
        written.append(path)
    return written


def _import(module: str) -> Any:
    """Import an optional dependency, saying how to install it if it is missing."""
    try:
        return importlib.import_module(module)
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError("Parquet needs pyarrow: pip install 'summitlib[parquet]'") from None


def to_arrow(tables: Mapping[str, Sequence[Row]], *, root: type | None = None) -> dict[str, Any]:
    """Return each table as a ``pyarrow.Table`` with the documented column types.

    Needs pyarrow (``pip install summitlib[parquet]``). ``table.to_pandas()`` gives a
    pandas DataFrame when pandas is installed.
    """
    pa = _import("pyarrow")
    types = {
        "string": pa.string(),
        "integer": pa.int64(),
        "float": pa.float64(),
        "boolean": pa.bool_(),
    }
    out = {}
    for name, columns in layout(root).items():
        schema = pa.schema(
            [pa.field(c.name, types[c.type], nullable=not c.required) for c in columns]
        )
        table_rows = tables.get(name, ())
        arrays = [
            pa.array([row.get(c.name) for row in table_rows], type=types[c.type]) for c in columns
        ]
        out[name] = pa.Table.from_arrays(arrays, schema=schema)
    return out


def write_parquet(
    tables: Mapping[str, Sequence[Row]], directory: str | Path, *, root: type | None = None
) -> list[Path]:
    """Write each table to ``DIRECTORY/NAME.parquet``, atomically; return the paths."""
    pq = _import("pyarrow.parquet")

    written = []
    for name, arrow_table in to_arrow(tables, root=root).items():
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
    *,
    root: type | None = None,
) -> list[Path]:
    """Tabulate *documents* and write every table to *directory* as CSV or Parquet.

    Returns the paths written, one per table, in the order of :data:`TABLES` (of
    :func:`layout` for another *root*).
    """
    if format not in FORMATS:
        raise TableError(f"'format' must be one of {', '.join(FORMATS)} (got {format!r})")
    tables = tabulate(documents, root=root)
    if format == "parquet":
        return write_parquet(tables, directory, root=root)
    return write_csv(tables, directory, root=root)
