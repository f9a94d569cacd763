"""Round-trip laws of reading and writing, over generated documents.

The dumps/loads laws run 1,000 examples under the ``ci`` hypothesis profile (``CI`` set)
and 100 locally; the documents are kept small so that the examples go to variety, not bulk.
"""

from __future__ import annotations

import json

from hypothesis import given, settings

import summitlib
from summitlib import strategies
from summitlib.model import Summit

#: Small documents: every record kind and field still occurs, at a fraction of the cost.
SMALL = strategies.summits(
    max_leaders=2,
    max_focus_areas=3,
    max_goals=2,
    max_tactics=1,
    max_recommendations=2,
    max_sources=2,
    max_text_size=12,
)


@given(SMALL)
def test_loads_of_dumps_is_identity_and_canonical_text_is_a_fixed_point(summit: Summit) -> None:
    """``loads(dumps(s)) == s`` for every valid summit; ``dumps(loads(text)) == text``.

    One test for both laws: generating the summit is most of the cost.
    """
    text = summitlib.dumps(summit)
    assert summitlib.loads(text) == summit
    assert summitlib.dumps(summitlib.loads(text)) == text
    assert summitlib.dumps(summitlib.loads(text.encode("utf-8"))) == text


@settings(max_examples=200)
@given(strategies.summit_documents(max_leaders=2, max_focus_areas=3, max_text_size=12))
def test_structure_of_unstructure_is_identity(document: dict[str, object]) -> None:
    """Plain data survives ``structure`` then ``unstructure`` unchanged, and equals the JSON."""
    assert summitlib.unstructure(summitlib.structure(document)) == document
    assert json.loads(summitlib.dumps(summitlib.structure(document))) == document


def test_example_documents_are_fixed_points(alaska_text: str) -> None:
    """The committed example is canonical: reading and writing it changes nothing."""
    assert summitlib.dumps(summitlib.loads(alaska_text)) == alaska_text
