"""Tests for summitlib.table: tidy tables, CSV and Parquet export, queried with DuckDB."""

from __future__ import annotations

import csv
import importlib.util
import io
import os
import shutil
import sys
from collections import Counter
from pathlib import Path

import attrs
import duckdb
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings

import summitlib
from summitlib import _graph, strategies, table
from summitlib._meta import spec_of
from summitlib.model import (
    Citation,
    Goal,
    Leader,
    Outcome,
    Position,
    Quote,
    Settlement,
    Source,
    Summit,
)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PYTHON_TYPES = {"string": str, "integer": int, "float": float, "boolean": bool}


def _csv_text(value: object) -> str:
    """How to_csv writes a value: null empty, booleans as JSON writes them."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@pytest.fixture(scope="module")
def examples() -> list[tuple[str, Summit]]:
    """Every example document, labelled by file name."""
    return [(path.name, summitlib.load(path)) for path in sorted(EXAMPLES.glob("*.json"))]


@pytest.fixture
def alaska() -> Summit:
    """The seed example."""
    return summitlib.load(EXAMPLES / "alaska-2025.json")


def test_the_seed_gives_one_row_per_record(alaska: Summit) -> None:
    """Each table of the seed has one row per record of its kind."""
    tables = table.tabulate([alaska])
    counts = {name: len(rows) for name, rows in tables.items()}
    details = sum(len(goal.details) for agenda in alaska.agendas for goal in agenda.goals)
    assert counts == {
        "summits": 1,
        "leaders": 2,
        "leader_other_names": 3,
        "leader_members": 0,
        "identifiers": 2,
        "citations": 0,
        "focus_areas": 9,
        "agendas": 2,
        "goals": 9,
        "goal_details": details,
        "positions": 0,
        "tactics": 5,
        "recommendations": 3,
        "recommendation_approaches": 7,
        "aims": 6,
        "sources": 3,
        "outcomes": 0,
        "settlements": 0,
        "quotes": 0,
        "comparisons": 1,
        "comparison_areas": 6,
    }


def test_rows_have_the_documented_columns_and_types(examples: list[tuple[str, Summit]]) -> None:
    """Every row has exactly its table's columns, in order, of the declared types."""
    tables = table.tabulate(examples)
    assert list(tables) == list(table.TABLES)
    for name, rows in tables.items():
        columns = table.TABLES[name]
        for row in rows:
            assert list(row) == [column.name for column in columns], name
            for column in columns:
                value = row[column.name]
                if value is None:
                    assert not column.required, (name, column.name)
                else:
                    assert type(value) is PYTHON_TYPES[column.type], (name, column.name, value)


def test_document_labels_fill_the_document_column(alaska: Summit) -> None:
    """A (label, summit) pair labels its rows; a bare summit is labelled by its id."""
    tables = table.tabulate([("a.json", alaska), alaska])
    assert [row["document"] for row in tables["summits"]] == ["a.json", "alaska-2025"]
    assert {row["document"] for row in tables["goals"]} == {"a.json", "alaska-2025"}


def test_the_seed_rows_carry_the_seed_values(alaska: Summit) -> None:
    """Values come through unchanged, with topics split and labelled from CAP."""
    tables = table.tabulate([alaska])
    ukraine = next(r for r in tables["focus_areas"] if r["focus_area_id"] == "ukraine-conflict")
    assert (ukraine["topic_scheme"], ukraine["topic_code"], ukraine["topic_label"]) == (
        "cap",
        "19",
        "International Affairs",
    )
    first = tables["goals"][0]
    assert (first["leader_id"], first["goal_id"], first["position"], first["source_ids"]) == (
        "trump",
        "trump-ukraine-ceasefire",
        20.0,
        "analysis",
    )
    pair = tables["comparisons"][0]
    assert (pair["leader_a"], pair["leader_b"], pair["scored_count"]) == ("trump", "putin", 3)
    sanctions = next(r for r in tables["comparison_areas"] if r["focus_area_id"] == "sanctions")
    assert (sanctions["alignment"], sanctions["agreement"]) == ("partial", 0.5)


def _records_by_class(summit: Summit) -> Counter[type]:
    return Counter(type(record) for _, record in _graph.walk_typed(summit))


def test_every_record_and_every_listed_text_has_a_row(
    examples: list[tuple[str, Summit]],
) -> None:
    """Nothing is lost: each record held in a list is a row, each listed text a row."""
    tables = table.tabulate(examples)
    found: Counter[type] = Counter()
    texts: Counter[str] = Counter()
    for _, summit in examples:
        found.update(_records_by_class(summit))
        for kind, record in _graph.walk_typed(summit):
            for info in kind.fields:
                if info.many and info.record is None and info.refers_to is None:
                    texts[f"{kind.name}_{info.name}"] += len(getattr(record, info.name))
    for cls in (Citation, Goal, Leader, Position, Outcome, Settlement, Quote, Source):
        name = _graph.kinds()[cls].name
        assert found[cls] > 0, name  # the examples use every 1.1 record
        assert len(tables[f"{name}s"]) == found[cls], name
    assert texts["goal_details"] > 0
    for name, count in texts.items():
        assert len(tables[name]) == count, name


def test_citations_keep_their_place_and_source(examples: list[tuple[str, Summit]]) -> None:
    """Each citation row names the record it supports, by kind and key, and its source."""
    tables = table.tabulate(examples)
    by_document = dict(examples)
    for row in tables["citations"]:
        summit = by_document[row["document"]]
        assert row["source_id"] in {source.id for source in summit.sources}
        if row["parent"] == "goal":
            goal = next(g for g in summit.agenda(row["leader_id"]).goals if g.id == row["goal_id"])
            assert goal.citations[row["citation_index"]].source == row["source_id"]
        if row["parent"] == "position":
            goal = next(g for g in summit.agenda(row["leader_id"]).goals if g.id == row["goal_id"])
            cited = goal.positions[row["position_index"]].citations[row["citation_index"]]
            assert cited.source == row["source_id"]
    parents = {row["parent"] for row in tables["citations"]}
    assert {"summit", "goal", "position", "tactic", "outcome"} <= parents


def test_column_docs_are_the_field_docs() -> None:
    """A column read from a field is documented by the field's own doc."""
    for cls, name in ((Goal, "goals"), (Outcome, "outcomes"), (Source, "sources")):
        docs = {column.name: column.doc for column in table.TABLES[name]}
        for attribute in attrs.fields(cls):
            info = _graph.kinds()[cls].field(attribute.name)
            if info.record is not None or (info.many and info.refers_to is None):
                continue
            column = attribute.name
            if info is _graph.kinds()[cls].identity:
                column = f"{_graph.kinds()[cls].name}_id"
            elif info.refers_to is not None and not info.many:
                column += "_id"
            doc = spec_of(attribute).doc
            if info.many:
                column = next(
                    c for c in docs if c.endswith("_ids") and docs[c].startswith(doc[:-1])
                )
            else:
                assert docs[column] == doc, (name, column)


def test_booleans_are_booleans_in_arrow_and_true_false_in_csv(
    examples: list[tuple[str, Summit]],
) -> None:
    """Outcome.published is a boolean column: bool in rows and Arrow, true/false in CSV."""
    tables = table.tabulate(examples)
    published = [row["published"] for row in tables["outcomes"]]
    assert True in published
    assert str(table.to_arrow(tables)["outcomes"].schema.field("published").type) == "bool"
    text = table.to_csv("outcomes", tables["outcomes"]).decode("utf-8")
    back = [row["published"] for row in csv.DictReader(io.StringIO(text, newline=""))]
    assert back == [_csv_text(value) for value in published]
    assert "true" in back


def test_duckdb_follows_positions_details_and_sources(
    tmp_path: Path, examples: list[tuple[str, Summit]]
) -> None:
    """Positions over time, goal details and cited sources all join back to their goal."""
    table.export(examples, tmp_path, "parquet")
    con = duckdb.connect()

    def scan(name: str) -> str:
        path = str(tmp_path / f"{name}.parquet").replace("'", "''")
        return f"read_parquet('{path}')"

    for child in ("positions", "goal_details"):
        orphans = con.execute(
            f"select count(*) from {scan(child)} anti join {scan('goals')} "
            "using (document, summit_id, leader_id, goal_id)"
        ).fetchone()
        assert orphans == (0,), child
    unsourced = con.execute(
        f"select count(*) from {scan('citations')} c anti join {scan('sources')} s "
        "using (document, summit_id, source_id)"
    ).fetchone()
    assert unsourced == (0,)
    moves = con.execute(
        f"""
        select goal_id, list(stage order by position_index), list(value order by position_index)
        from {scan("positions")} where document = 'camp-david-1978.json'
        group by goal_id order by goal_id
        """
    ).fetchall()
    summit = dict(examples)["camp-david-1978.json"]
    expected = sorted(
        (goal.id, [p.stage.value for p in goal.positions], [p.value for p in goal.positions])
        for agenda in summit.agendas
        for goal in agenda.goals
        if goal.positions
    )
    assert moves == expected


def test_csv_has_a_header_and_empty_fields_for_null(alaska: Summit) -> None:
    """CSV text reads back, with the header as columns and null as an empty field."""
    tables = table.tabulate([alaska])
    text = table.to_csv("goals", tables["goals"]).decode("utf-8")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert reader.fieldnames == [column.name for column in table.TABLES["goals"]]
    back = list(reader)
    assert len(back) == len(tables["goals"])
    for row, original in zip(back, tables["goals"], strict=True):
        assert row == {k: _csv_text(v) for k, v in original.items()}


def test_export_writes_every_table_as_csv(tmp_path: Path, alaska: Summit) -> None:
    """export() writes one CSV per table and replaces files already there."""
    target = tmp_path / "out"
    target.mkdir()
    (target / "goals.csv").write_text("stale\n", encoding="utf-8")
    written = table.export([alaska], target, "csv")
    assert [path.name for path in written] == [f"{name}.csv" for name in table.TABLES]
    goals = (target / "goals.csv").read_text(encoding="utf-8").splitlines()
    assert goals[0].startswith("document,summit_id,leader_id,goal_id")
    assert len(goals) == 1 + 9
    assert sorted(p.name for p in target.iterdir()) == sorted(p.name for p in written)


def test_export_refuses_an_unknown_format(tmp_path: Path, alaska: Summit) -> None:
    """An unknown format is a TableError (a ValueError) naming the choices; nothing is written."""
    with pytest.raises(table.TableError, match="csv, parquet"):
        table.export([alaska], tmp_path, "xlsx")
    assert list(tmp_path.iterdir()) == []


def test_arrow_tables_have_the_documented_schema(alaska: Summit) -> None:
    """Arrow column types and nullability follow TABLES."""
    arrow = table.to_arrow(table.tabulate([alaska]))
    kinds = {"string": "string", "integer": "int64", "float": "double", "boolean": "bool"}
    for name, columns in table.TABLES.items():
        schema = arrow[name].schema
        assert schema.names == [column.name for column in columns]
        for column in columns:
            assert str(schema.field(column.name).type) == kinds[column.type]
            assert schema.field(column.name).nullable is not column.required


def test_empty_input_gives_empty_tables_with_columns(tmp_path: Path) -> None:
    """No documents still give every table, with its columns and no rows."""
    written = table.export([], tmp_path, "parquet")
    assert len(written) == len(table.TABLES)
    goals = pq.read_table(tmp_path / "goals.parquet")
    assert goals.num_rows == 0
    assert goals.schema.names == [column.name for column in table.TABLES["goals"]]


def test_duckdb_counts_and_joins_the_parquet_of_the_examples(
    tmp_path: Path, examples: list[tuple[str, Summit]]
) -> None:
    """DuckDB reads the Parquet export: the counts match and every goal joins its leader."""
    tables = table.tabulate(examples)
    table.export(examples, tmp_path, "parquet")
    con = duckdb.connect()

    def scan(name: str) -> str:
        path = str(tmp_path / f"{name}.parquet").replace("'", "''")
        return f"read_parquet('{path}')"

    for name, rows in tables.items():
        count = con.execute(f"select count(*) from {scan(name)}").fetchone()
        assert count == (len(rows),), name
    joined = con.execute(
        f"""
        select l.display_name, count(*) as goals, avg(g.salience) as mean_salience
        from {scan("goals")} g
        join {scan("leaders")} l using (document, summit_id, leader_id)
        where g.document = 'alaska-2025.json'
        group by l.display_name order by l.display_name
        """
    ).fetchall()
    assert [(name, goals) for name, goals, _ in joined] == [("Putin", 6), ("Trump", 3)]
    assert joined[1][2] == pytest.approx((90 + 60 + 50) / 3)
    unmatched = con.execute(
        f"""
        select count(*) from {scan("goals")} g
        anti join {scan("leaders")} l using (document, summit_id, leader_id)
        """
    ).fetchone()
    assert unmatched == (0,)
    all_goals = con.execute(
        f"""
        select count(*) from {scan("goals")} g
        join {scan("leaders")} l using (document, summit_id, leader_id)
        """
    ).fetchone()
    assert all_goals == (len(tables["goals"]),)


DOCS = Path(__file__).resolve().parent.parent / "docs"


def _column_reference() -> str:
    """The column tables of docs/tables.md, as TABLES describes them."""
    parts = []
    for name, columns in table.TABLES.items():
        lines = [f"### `{name}`", "", "| column | type | null | meaning |", "|---|---|---|---|"]
        for c in columns:
            null = "no" if c.required else "yes"
            lines.append(f"| `{c.name}` | {c.type} | {null} | {c.doc} |")
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts) + "\n"


def test_the_docs_list_every_column_with_its_type() -> None:
    """docs/tables.md's generated column reference equals TABLES."""
    text = (DOCS / "tables.md").read_text(encoding="utf-8")
    begin = text.index("-->\n", text.index("<!-- BEGIN GENERATED tables")) + len("-->\n")
    end = text.index("<!-- END GENERATED tables -->")
    assert text[begin:end].strip() == _column_reference().strip()


def test_the_examples_on_the_tables_page_print_what_they_show(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page's Python (and console) blocks run and print their shown output."""
    spec = importlib.util.spec_from_file_location(
        "summitlib_docs_run_blocks", DOCS / "_scripts" / "run_blocks.py"
    )
    assert spec is not None
    assert spec.loader is not None
    run_blocks = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = run_blocks
    spec.loader.exec_module(run_blocks)
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    assert run_blocks.run_page(DOCS / "tables.md", strict=False) >= 4
    assert (tmp_path / "out" / "goals.parquet").is_file()
    assert (tmp_path / "tables" / "goals.csv").is_file()


@settings(max_examples=int(os.environ.get("SUMMITLIB_TABLE_EXAMPLES", "60")), deadline=None)
@given(strategies.summits(max_leaders=3))
def test_any_valid_summit_tabulates_to_typed_rows_that_survive_arrow_and_csv(
    summit: Summit,
) -> None:
    """Rows of any valid summit have their declared types and round-trip Arrow and CSV."""
    tables = table.rows(summit, "generated.json")
    assert len(tables["summits"]) == 1
    assert len(tables["leaders"]) == len(summit.leaders)
    assert len(tables["goals"]) == sum(len(agenda.goals) for agenda in summit.agendas)
    n = len(summitlib.comparison.party_agendas(summit))
    assert len(tables["comparisons"]) == n * (n - 1) // 2
    arrow = table.to_arrow(tables)
    for name, rows in tables.items():
        assert arrow[name].to_pylist() == rows, name
        text = table.to_csv(name, rows).decode("utf-8")
        back = list(csv.DictReader(io.StringIO(text, newline="")))
        assert back == [{k: _csv_text(v) for k, v in row.items()} for row in rows]
