"""summitlib: describe, validate and compare what leaders bring to a summit.

>>> import summitlib
>>> summit = summitlib.load("examples/alaska-2025.json")
>>> [leader.name for leader in summit.leaders]
['Vladimir Putin', 'Donald Trump']
>>> summitlib.validate(summitlib.dumps(summit)).ok
True

The modules that are not needed for that (:mod:`summitlib.render`, :mod:`summitlib.table`,
:mod:`summitlib.corpus`, :mod:`summitlib.strategies` and :mod:`summitlib.taxonomy`)
are imported on first use, so ``summitlib.render.markdown``
works after a bare ``import summitlib`` without making that import slower.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from summitlib.comparison import (
    AgreementMatrix,
    Alignment,
    AreaComparison,
    Comparison,
    NegotiationMap,
    Stance,
    Thresholds,
    TradeOff,
    agreement_matrix,
    compare,
    compare_summit,
    negotiation_map,
)
from summitlib.differences import Diff, FieldChange, RecordChange, diff
from summitlib.errors import (
    FileChangedError,
    InvalidArgumentError,
    NotRegularFileError,
    OutputError,
    ReadOnlyFileError,
    SummitlibError,
    SummitValidationError,
)
from summitlib.io import dump, dumps, load, loads, structure, unstructure
from summitlib.model import (
    SCHEMA_VERSION,
    Agenda,
    Aim,
    Confidence,
    FocusArea,
    Goal,
    Identifier,
    Leader,
    Location,
    PartialDate,
    Recommendation,
    Scale,
    Source,
    Status,
    Summit,
    Tactic,
    TacticCategory,
)
from summitlib.schema import json_schema
from summitlib.validate import PROBLEM_CODES, Problem, Report, validate

if TYPE_CHECKING:  # what __getattr__ gives, for type checkers
    from summitlib import corpus as corpus
    from summitlib import render as render
    from summitlib import strategies as strategies
    from summitlib import table as table
    from summitlib import taxonomy as taxonomy

__version__ = "0.1.0"

#: Public modules imported on first attribute access rather than with the package.
_LAZY_MODULES = frozenset({"corpus", "render", "strategies", "table", "taxonomy"})


def __getattr__(name: str) -> object:
    if name in _LAZY_MODULES:
        # import_module also sets the attribute, so this runs once per module.
        return importlib.import_module(f"summitlib.{name}")
    raise AttributeError(f"module 'summitlib' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _LAZY_MODULES)


__all__ = [
    "PROBLEM_CODES",
    "SCHEMA_VERSION",
    "Agenda",
    "AgreementMatrix",
    "Aim",
    "Alignment",
    "AreaComparison",
    "Comparison",
    "Confidence",
    "Diff",
    "FieldChange",
    "FileChangedError",
    "FocusArea",
    "Goal",
    "Identifier",
    "InvalidArgumentError",
    "Leader",
    "Location",
    "NegotiationMap",
    "NotRegularFileError",
    "OutputError",
    "PartialDate",
    "Problem",
    "ReadOnlyFileError",
    "Recommendation",
    "RecordChange",
    "Report",
    "Scale",
    "Source",
    "Stance",
    "Status",
    "Summit",
    "SummitValidationError",
    "SummitlibError",
    "Tactic",
    "TacticCategory",
    "Thresholds",
    "TradeOff",
    "__version__",
    "agreement_matrix",
    "compare",
    "compare_summit",
    "diff",
    "dump",
    "dumps",
    "json_schema",
    "load",
    "loads",
    "negotiation_map",
    "structure",
    "unstructure",
    "validate",
]
