"""Tests for summitlib.render: the seed's four tables, escaping, plain text, any document."""

from __future__ import annotations

import doctest
import importlib
import os
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings

import summitlib
from summitlib import render, strategies
from summitlib.model import Agenda, Goal, Summit

DATA = Path(__file__).resolve().parent / "data"
SEED_README = Path(__file__).resolve().parents[2] / "shared" / "seed" / "README.md"

Table = list[tuple[str, ...]]


def split_row(line: str) -> tuple[str, ...]:
    """Split a Markdown table row into cells, honouring backslash escapes."""
    cells, current, escaped = [], "", False
    for char in line.strip()[1:]:
        if escaped:
            current, escaped = current + char, False
        elif char == "\\":
            escaped = True
        elif char == "|":
            cells.append(current.strip())
            current = ""
        else:
            current += char
    return tuple(cells)


def tables(markdown: str) -> list[Table]:
    """Every table in a Markdown text: header row first, the separator row dropped."""
    found: list[Table] = []
    current: Table = []
    for line in [*markdown.splitlines(), ""]:
        if line.startswith("|"):
            if not set(line) <= set("|-: "):
                current.append(split_row(line))
        elif current:
            found.append(current)
            current = []
    return found


def seed_tables() -> list[Table]:
    """The seed's four tables, from the verbatim copy in tests/data."""
    return tables((DATA / "seed_tables.md").read_text(encoding="utf-8"))


def test_doctests_pass() -> None:
    """The examples in the module's docstrings run and give what they show."""
    assert doctest.testmod(importlib.import_module("summitlib.render")).failed == 0


@pytest.mark.skipif(not SEED_README.exists(), reason="the shared seed is not beside the clone")
def test_copied_tables_match_the_seed() -> None:
    """tests/data/seed_tables.md holds exactly the tables of the seed's README."""
    assert seed_tables() == tables(SEED_README.read_text(encoding="utf-8"))


@pytest.mark.parametrize("number", [0, 1, 2, 3])
def test_markdown_reproduces_each_seed_table(alaska_path: Path, number: int) -> None:
    """Each of the seed's four tables appears in the report: same columns, rows and text."""
    expected = seed_tables()[number]
    rendered = tables(render.markdown(summitlib.load(alaska_path)))
    matching = [table for table in rendered if table[0] == expected[0]]
    assert matching == [expected]


def test_seed_has_four_tables() -> None:
    """The copied seed tables are four, with three to three rows each (a sanity check)."""
    assert [len(table) for table in seed_tables()] == [4, 4, 4, 4]


@pytest.mark.parametrize(
    "path",
    sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.json")),
    ids=lambda path: path.stem,
)
def test_every_example_renders(path: Path) -> None:
    """Every example renders both ways, with a comparison section and whole table rows."""
    summit = summitlib.load(path)
    report = render.markdown(summit)
    assert report.startswith(f"# {summit.title}\n")
    assert "## Comparison" in report
    for table in tables(report):
        assert all(len(row) == len(table[0]) for row in table)
    assert summit.title in render.text(summit)


def test_markdown_has_the_convergence_section(alaska_path: Path) -> None:
    """The comparison section gives the computed agreement and the sticking points."""
    report = render.markdown(summitlib.load(alaska_path))
    assert "Overall agreement: 0.40" in report
    assert "Sticking points (divergent, both care): Ukraine Conflict, International Standing" in (
        report
    )
    comparison = next(t for t in tables(report) if t[0][0] == "Focus Area")
    assert ("Sanctions", "45", "95", "50", "85", "0.50", "partial") in comparison


def test_text_carries_the_same_cells(alaska_path: Path) -> None:
    """The plain-text report holds every cell of the seed's tables, without Markdown pipes."""
    report = render.text(summitlib.load(alaska_path))
    assert "|" not in report.replace("|a − b|", "")
    for table in seed_tables():
        for row in table[1:]:
            for cell in row:
                assert cell in report


def test_cells_are_escaped(alaska_path: Path) -> None:
    """Pipes, backslashes and line breaks in text do not break a table."""
    summit = summitlib.load(alaska_path)
    trump = summit.agenda("trump")
    odd = attrs.evolve(
        trump.tactics[0], element="Style | tone", approach="Back\\slash\nand newline"
    )
    summit = attrs.evolve(
        summit,
        agendas=(attrs.evolve(trump, tactics=(odd, *trump.tactics[1:])), *summit.agendas[1:]),
    )
    tactics = next(t for t in tables(render.markdown(summit)) if t[0][1] == "Trump's Approach")
    assert tactics[1] == ("Style | tone", "Back\\slash and newline")


def test_several_goals_and_missing_emphasis() -> None:
    """A cell joins a leader's emphases; titles stand in when none is given."""
    summit = Summit(
        schema_version="1.0",
        id="s",
        title="T",
        status=summitlib.Status.PLANNED,
        start_date=summitlib.PartialDate(year=2025),
        location=summitlib.Location(name="here"),
        leaders=(
            summitlib.Leader(id="a", name="Ann", country="FR", role="r"),
            summitlib.Leader(id="b", name="Bob", country="DE", role="r"),
            summitlib.Leader(id="c", name="Cy", country="IT", role="r"),
        ),
        agendas=(
            Agenda(
                leader="a",
                vision="v",
                goals=(
                    Goal(id="a1", focus_area="x", title="A1", emphasis="first"),
                    Goal(id="a2", focus_area="x", title="A2", emphasis="second"),
                ),
            ),
            Agenda(leader="b", vision="v", goals=(Goal(id="b1", focus_area="x", title="B1"),)),
            Agenda(leader="c", vision="v", goals=(Goal(id="c1", focus_area="y", title="C1"),)),
        ),
    )
    found = tables(render.markdown(summit))
    emphases = next(t for t in found if t[0][0] == "Agenda Focus")
    assert emphases == [
        ("Agenda Focus", "Ann's Emphasis", "Bob's Emphasis", "Cy's Emphasis"),
        ("x", "first; second", "B1", ""),
    ]
    assert [("Goal", "Focus Area"), ("C1", "y")] in found
    matrix = next(t for t in found if t[0][0] == "Agreement")
    assert matrix[0] == ("Agreement", "Ann", "Bob", "Cy")


def test_comparison_renders_alone(alaska_path: Path) -> None:
    """One comparison renders as Markdown and text, with the names given."""
    summit = summitlib.load(alaska_path)
    comparison = summitlib.compare_summit(summit)[0]
    names = {"trump": "Trump", "putin": "Putin"}
    assert render.comparison_markdown(comparison, names).startswith("## Trump and Putin\n")
    assert "Ukraine Conflict" in render.comparison_text(comparison, names)


@settings(max_examples=int(os.environ.get("SUMMITLIB_PROPERTY_EXAMPLES", "60")))
@given(strategies.summits(max_leaders=4, max_text_size=6))
def test_any_valid_summit_renders_with_whole_rows(summit: Summit) -> None:
    """Every valid summit renders; every table row has as many cells as its header."""
    for table in tables(render.markdown(summit)):
        assert all(len(row) == len(table[0]) for row in table)
    assert render.text(summit).endswith("\n")


# --- the forecast section ------------------------------------------------------------------


def test_the_forecast_section_follows_the_models(alaska_path: Path) -> None:
    """The seed's report has a forecast per shared area, computed as negotiation.forecast."""
    from summitlib import negotiation

    summit = summitlib.load(alaska_path)
    report = render.markdown(summit)
    assert "## Forecast" in report
    assert "### Exchanges" in report
    forecast = next(t for t in tables(report) if t[0][:2] == ("Focus Area", "Forecast"))
    expected = negotiation.forecast(summit)
    assert [row[0] for row in forecast[1:]] == [area.label for area in expected.areas]
    assert [row[1] for row in forecast[1:]] == [f"{area.position:.1f}" for area in expected.areas]
    first = negotiation.exchanges(summit).rounds[0].trades[0]
    assert f"Trump moves on Sanctions {first.first.before:.1f} → {first.first.after:.1f}" in report
    # The seed's four tables are untouched: each still appears exactly once.
    for table in seed_tables():
        assert [t for t in tables(report) if t[0] == table[0]] == [table]


def test_the_forecast_section_reports_the_error_where_outcomes_settle() -> None:
    """Outcomes add Settled and Error columns; without scored areas there is no section."""
    summit = summitlib.examples.load("yalta-1945")
    forecast = next(
        t for t in tables(render.markdown(summit)) if t[0][:2] == ("Focus Area", "Forecast")
    )
    assert forecast[0][-2:] == ("Settled", "Error")
    assert forecast[-1][:2] == ("War against Japan", "100.0")
    assert forecast[-1][-1] == "0.0"
    lonely = attrs.evolve(summit, agendas=summit.agendas[:1])
    assert "## Forecast" not in render.markdown(lonely)
    assert render.forecast_markdown(lonely) == ""


def test_the_forecast_alone_as_text_and_markdown() -> None:
    """forecast_markdown and forecast_text say the same, with blocked stances named."""
    summit = summitlib.examples.load("reykjavik-1986")
    markdown = render.forecast_markdown(summit, rounds=1)
    text = render.forecast_text(summit, rounds=1)
    assert markdown.startswith("# Forecast\n")
    assert text.startswith("Forecast\n========\n")
    assert "Blocked: Gorbachev does not move on Strategic offensive arms" in markdown
    assert "Round 1: 0 exchanges made of 0 candidates" in text
    assert "|" not in text.replace("|a − b|", "")
