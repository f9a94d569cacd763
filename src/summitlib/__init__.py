"""summitlib: describe, validate and compare what leaders bring to a summit.

>>> import summitlib
>>> summit = summitlib.load(summitlib.examples.path("alaska-2025"))
>>> [leader.name for leader in summit.leaders]
['Vladimir Putin', 'Donald Trump']
>>> summitlib.validate(summitlib.dumps(summit)).ok
True

The modules that are not needed for that (:mod:`summitlib.render`, :mod:`summitlib.html`,
:mod:`summitlib.table`, :mod:`summitlib.corpus`, :mod:`summitlib.examples`,
:mod:`summitlib.bargaining`, :mod:`summitlib.decide`, :mod:`summitlib.strategies` and
:mod:`summitlib.taxonomy`) are imported on first use, so ``summitlib.render.markdown``
works after a bare ``import summitlib`` without making that import slower.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from summitlib._versions import migrate
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
    SCHEMA_VERSIONS,
    Agenda,
    Aim,
    Citation,
    Confidence,
    FocusArea,
    Goal,
    Identifier,
    Leader,
    Location,
    Outcome,
    OutcomeKind,
    PartialDate,
    Participation,
    Position,
    Quote,
    Recommendation,
    Result,
    Scale,
    Settlement,
    Source,
    Stage,
    Status,
    Summit,
    Tactic,
    TacticCategory,
)
from summitlib.validate import PROBLEM_CODES, Problem, Report, validate

if TYPE_CHECKING:  # what __getattr__ gives, for type checkers
    from summitlib import bargaining as bargaining
    from summitlib import corpus as corpus
    from summitlib import decide as decide
    from summitlib import examples as examples
    from summitlib import html as html
    from summitlib import render as render
    from summitlib import strategies as strategies
    from summitlib import table as table
    from summitlib import taxonomy as taxonomy
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
    from summitlib.schema import json_schema

__version__ = "0.1.0"

#: Public modules imported on first attribute access rather than with the package.
_LAZY_MODULES = frozenset(
    {
        "bargaining",
        "corpus",
        "decide",
        "examples",
        "html",
        "render",
        "strategies",
        "table",
        "taxonomy",
    }
)


#: Public names whose modules a plain ``import summitlib; summitlib.loads(...)`` does not
#: need, by the module that defines them: imported on first access.
_LAZY_NAMES: dict[str, str] = {
    **dict.fromkeys(
        (
            "AgreementMatrix",
            "Alignment",
            "AreaComparison",
            "Comparison",
            "NegotiationMap",
            "Stance",
            "Thresholds",
            "TradeOff",
            "agreement_matrix",
            "compare",
            "compare_summit",
            "negotiation_map",
        ),
        "comparison",
    ),
    **dict.fromkeys(("Diff", "FieldChange", "RecordChange", "diff"), "differences"),
    "json_schema": "schema",
}


def __getattr__(name: str) -> object:
    if name in _LAZY_MODULES:
        # import_module also sets the attribute, so this runs once per module.
        return importlib.import_module(f"summitlib.{name}")
    module = _LAZY_NAMES.get(name)
    if module is not None:
        value = getattr(importlib.import_module(f"summitlib.{module}"), name)
        globals()[name] = value  # once per name
        return value
    raise AttributeError(f"module 'summitlib' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _LAZY_MODULES | set(_LAZY_NAMES))


__all__ = [
    "PROBLEM_CODES",
    "SCHEMA_VERSION",
    "SCHEMA_VERSIONS",
    "Agenda",
    "AgreementMatrix",
    "Aim",
    "Alignment",
    "AreaComparison",
    "Citation",
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
    "Outcome",
    "OutcomeKind",
    "OutputError",
    "PartialDate",
    "Participation",
    "Position",
    "Problem",
    "Quote",
    "ReadOnlyFileError",
    "Recommendation",
    "RecordChange",
    "Report",
    "Result",
    "Scale",
    "Settlement",
    "Source",
    "Stage",
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
    "examples",
    "html",
    "json_schema",
    "load",
    "loads",
    "migrate",
    "negotiation_map",
    "structure",
    "unstructure",
    "validate",
]
