"""Tests for summitlib.table: tidy tables, CSV and Parquet export, queried with DuckDB."""

from __future__ import annotations

import csv
import importlib.util
import io
import os
import shutil
import sys
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings

import summitlib
from summitlib import strategies, table
from summitlib.model import Summit

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PYTHON_TYPES = {"string": str, "integer": int, "float": float}


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
    assert counts == {
        "summits": 1,
        "leaders": 2,
        "focus_areas": 9,
        "goals": 9,
        "tactics": 5,
        "aims": 6,
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


def test_csv_has_a_header_and_empty_fields_for_null(alaska: Summit) -> None:
    """CSV text reads back, with the header as columns and null as an empty field."""
    tables = table.tabulate([alaska])
    text = table.to_csv("goals", tables["goals"]).decode("utf-8")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert reader.fieldnames == [column.name for column in table.TABLES["goals"]]
    back = list(reader)
    assert len(back) == len(tables["goals"])
    for row, original in zip(back, tables["goals"], strict=True):
        expected = {k: "" if v is None else str(v) for k, v in original.items()}
        assert row == expected


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
    """An unknown format is a ValueError naming the choices, and writes nothing."""
    with pytest.raises(ValueError, match="csv, parquet"):
        table.export([alaska], tmp_path, "xlsx")
    assert list(tmp_path.iterdir()) == []


def test_arrow_tables_have_the_documented_schema(alaska: Summit) -> None:
    """Arrow column types and nullability follow TABLES."""
    arrow = table.to_arrow(table.tabulate([alaska]))
    kinds = {"string": "string", "integer": "int64", "float": "double"}
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
    assert text[begin:end] == _column_reference()


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
    n = len(summit.agendas)
    assert len(tables["comparisons"]) == n * (n - 1) // 2
    arrow = table.to_arrow(tables)
    for name, rows in tables.items():
        assert arrow[name].to_pylist() == rows, name
        text = table.to_csv(name, rows).decode("utf-8")
        back = list(csv.DictReader(io.StringIO(text, newline="")))
        assert back == [{k: "" if v is None else str(v) for k, v in row.items()} for row in rows]
