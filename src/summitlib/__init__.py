"""summitlib: describe, validate and compare what leaders bring to a summit.

>>> import summitlib
>>> summit = summitlib.load(summitlib.examples.path("alaska-2025"))
>>> [leader.name for leader in summit.leaders]
['Vladimir Putin', 'Donald Trump']
>>> summitlib.validate(summitlib.dumps(summit)).ok
True
"""

from summitlib import examples, html
from summitlib._versions import migrate
from summitlib.compare import (
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
from summitlib.diff import Diff, FieldChange, RecordChange, diff
from summitlib.errors import SummitlibError, SummitValidationError
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
from summitlib.schema import json_schema
from summitlib.validate import PROBLEM_CODES, Problem, Report, validate

__version__ = "0.1.0"

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
    "FocusArea",
    "Goal",
    "Identifier",
    "Leader",
    "Location",
    "NegotiationMap",
    "Outcome",
    "OutcomeKind",
    "PartialDate",
    "Participation",
    "Position",
    "Problem",
    "Quote",
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
