"""The record graph is declared once: a record kind added in a test is followed everywhere.

This module declares a new record kind, ``Agreement``, with an identity and a reference
to leaders, and a model that holds it (``ExtendedSummit``, a subclass of ``Summit``).
Nothing else is changed: the rules, ``diff``, the schema, the tables and the strategies
read the new kind from its field declarations, given the new root class.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given, settings

import summitlib
from summitlib import _graph, _rules, schema, strategies, table
from summitlib._meta import spec
from summitlib.model import Summit


@attrs.frozen(kw_only=True)
class Agreement:
    """An agreement the summit produced."""

    id: str = attrs.field(
        metadata=spec("Identifier of the agreement, unique among them.", kind="slug", identity=True)
    )
    title: str = attrs.field(metadata=spec("Title of the agreement.", kind="text"))
    signatories: tuple[str, ...] = attrs.field(
        default=(),
        metadata=spec("Ids of the leaders who signed it.", kind="slug", refers_to="Leader"),
    )


@attrs.frozen(kw_only=True)
class ExtendedSummit(Summit):
    """A summit with agreements."""

    agreements: tuple[Agreement, ...] = attrs.field(
        default=(), metadata=spec("The agreements signed.", since="1.1")
    )


@pytest.fixture
def alaska() -> Summit:
    """The seed example."""
    return summitlib.load(summitlib.examples.path("alaska-2025"))


def _extended(summit: Summit, *agreements: Agreement) -> ExtendedSummit:
    values = {a.name: getattr(summit, a.name) for a in attrs.fields(Summit)}
    values["schema_version"] = "1.1"
    return ExtendedSummit(**values, agreements=agreements)


def _data(summit: Summit, *agreements: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = summitlib.unstructure(summit)
    return {**data, "schema_version": "1.1", "agreements": list(agreements)}


def test_the_graph_of_the_extended_model_has_the_new_kind() -> None:
    """The new kind is found from the new root, with its identity and reference."""
    kind = _graph.kinds(ExtendedSummit)[Agreement]
    assert kind.identity is not None
    assert kind.identity.name == "id"
    assert [ref.refers_to for ref in kind.references] == ["Leader"]
    assert Agreement not in _graph.kinds()  # the model's own graph is unchanged


def test_validation_catches_a_broken_reference_and_a_duplicate_id(alaska: Summit) -> None:
    """The graph rules run on the new kind: unknown signatory, id used twice."""
    good = _data(alaska, {"id": "deal", "title": "Deal", "signatories": ["trump", "putin"]})
    assert _rules.rule_problems(good, root=ExtendedSummit) == []
    bad = _data(
        alaska,
        {"id": "deal", "title": "Deal", "signatories": ["trump", "nobody"]},
        {"id": "deal", "title": "Another"},
    )
    problems = _rules.rule_problems(bad, root=ExtendedSummit)
    assert ("$.agreements[0].signatories[1]", "reference") in [(p, c) for p, c, _ in problems]
    assert ("$.agreements[1].id", "duplicate-id") in [(p, c) for p, c, _ in problems]
    assert len(problems) == 2
    # The model's own rules still run on the extended root (a Summit rule: dates in order).
    backwards = {**good, "start_date": "2026", "end_date": "2025"}
    codes = [code for _, code, _ in _rules.rule_problems(backwards, root=ExtendedSummit)]
    assert codes == ["date-order"]


def test_diff_matches_the_new_kind_by_id(alaska: Summit) -> None:
    """Agreements are matched by id wherever they sit; a changed one is one record change."""
    deal = Agreement(id="deal", title="Deal", signatories=("trump",))
    other = Agreement(id="other", title="Other")
    old = _extended(alaska, deal, other)
    new = _extended(alaska, other, attrs.evolve(deal, title="The deal"))
    result = summitlib.diff(old, new)
    assert [(c.kind, c.id) for c in result.changed] == [("agreement", "deal")]
    assert [(f.path, f.old, f.new) for f in result.changed[0].fields] == [
        ("$.agreements[1].title", "Deal", "The deal")
    ]
    assert not result.added
    assert not result.removed
    grown = summitlib.diff(old, _extended(alaska, deal, other, Agreement(id="third", title="T")))
    assert [(r.kind, r.id, r.path) for r in grown.added] == [
        ("agreement", "third", "$.agreements[2]")
    ]


def test_the_schema_has_the_new_kind(alaska: Summit) -> None:
    """The generated schema defines the kind and checks documents that use it."""
    generated = schema.json_schema(root=ExtendedSummit)
    assert generated["properties"]["agreements"]["items"] == {"$ref": "#/$defs/Agreement"}
    assert generated["$defs"]["Agreement"]["required"] == ["id", "title"]
    validator = jsonschema.Draft202012Validator(generated)
    good = _data(alaska, {"id": "deal", "title": "Deal"})
    assert list(validator.iter_errors(good)) == []
    assert list(validator.iter_errors(_data(alaska, {"id": "deal"})))
    assert "agreements" not in schema.json_schema()["properties"]


def test_the_tables_export_the_new_kind(tmp_path: Path, alaska: Summit) -> None:
    """A table of agreements, with its key columns, docs from the fields, and its rows."""
    columns = {c.name: c for c in table.layout(ExtendedSummit)["agreements"]}
    assert list(columns)[:5] == [
        "document",
        "summit_id",
        "agreement_id",
        "agreement_index",
        "title",
    ]
    assert columns["signatory_ids"].doc == "Ids of the leaders who signed it, separated by spaces."
    assert columns["title"].doc == "Title of the agreement."
    summit = _extended(alaska, Agreement(id="deal", title="Deal", signatories=("trump", "putin")))
    rows = table.rows(summit, "x.json")["agreements"]
    assert rows == [
        {
            "document": "x.json",
            "summit_id": "alaska-2025",
            "agreement_id": "deal",
            "agreement_index": 0,
            "title": "Deal",
            "signatory_ids": "trump putin",
        }
    ]
    written = table.export([summit], tmp_path, "csv", root=ExtendedSummit)
    assert tmp_path / "agreements.csv" in written
    text = (tmp_path / "agreements.csv").read_text(encoding="utf-8")
    first = next(iter(csv.DictReader(io.StringIO(text, newline=""))))
    assert first["signatory_ids"] == "trump putin"
    assert "agreements" not in table.TABLES
    with pytest.raises(table.TableError, match="ExtendedSummit"):
        table.tabulate([summit])  # a Summit table set cannot hold it


@settings(max_examples=30, deadline=None)
@given(strategies.summits(max_leaders=3, root=ExtendedSummit))
def test_the_strategies_draw_the_new_kind_wired(summit: ExtendedSummit) -> None:
    """Drawn extended summits keep every rule, agreements and signatories included."""
    assert type(summit) is ExtendedSummit
    data = _graph.to_data(summit, ExtendedSummit, ExtendedSummit)
    assert _rules.rule_problems(data, root=ExtendedSummit) == []
    leaders = {leader.id for leader in summit.leaders}
    for agreement in summit.agreements:
        assert set(agreement.signatories) <= leaders
    assert len({a.id for a in summit.agreements}) == len(summit.agreements)
