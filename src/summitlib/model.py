"""The summit vocabulary: frozen, slotted, keyword-only attrs classes.

A :class:`Summit` is the root of a document. Records refer to each other by id (a
slug, unique within its kind); lists keep their order. Instances are immutable and
hashable, so they can be cached, compared and used as dictionary keys.

Classes do not re-check their values when built in Python (msgspec's ``Struct`` takes
the same line): the checks run where data enters, in :func:`summitlib.loads`,
:func:`summitlib.structure` and :func:`summitlib.validate`, which also accepts a
:class:`Summit` built by hand. Every field's constraint is declared once, here, and the
converter and the JSON Schema are both generated from it.

>>> from summitlib.model import Leader
>>> putin = Leader(id="putin", name="Vladimir Putin", country="RU", role="President of Russia")
>>> putin.display_name
'Vladimir Putin'
"""

from __future__ import annotations

import enum
import re
from typing import Final

import attrs

from summitlib._meta import Identity, shared_methods, spec
from summitlib.errors import SummitlibError

__all__ = [
    "SCHEMA_VERSION",
    "SCHEMA_VERSIONS",
    "Agenda",
    "Aim",
    "Citation",
    "Confidence",
    "DateError",
    "FocusArea",
    "Goal",
    "Identifier",
    "Leader",
    "Location",
    "Outcome",
    "OutcomeKind",
    "PartialDate",
    "Participation",
    "Position",
    "Quote",
    "Recommendation",
    "Result",
    "Scale",
    "Settlement",
    "Source",
    "Stage",
    "Status",
    "Summit",
    "Tactic",
    "TacticCategory",
]

#: The version of the document format this library writes for new documents.
SCHEMA_VERSION: Final = "1.1"
#: Every version of the document format this library reads, oldest first.
SCHEMA_VERSIONS: Final = ("1.0", "1.1")

_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def _days_in_month(year: int, month: int) -> int:
    # calendar.monthrange's answer for a month in 1..12; not importing calendar (and
    # locale with it) saves a good part of a millisecond of ``import summitlib``.
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


class Status(str, enum.Enum):
    """Where a summit stands."""

    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"


class Confidence(str, enum.Enum):
    """How firmly a source supports a claim about a leader's goal.

    The seed's hedged wording ("likely include", "is expected to") is ``INFERRED``.
    """

    STATED = "stated"
    """The leader or their government said it."""
    REPORTED = "reported"
    """Reporting attributes it to the leader."""
    INFERRED = "inferred"
    """An analyst's reading, hedged in the source."""


class TacticCategory(str, enum.Enum):
    """A small vocabulary for what a tactic works on; see docs/model.md."""

    COMMUNICATION = "communication"
    """How the leader speaks and signals: style, tone, channels."""
    AGENDA_SETTING = "agenda-setting"
    """What the leader puts on or keeps off the table."""
    LEVERAGE = "leverage"
    """Pressure, incentives and threats: sanctions, tariffs, force posture."""
    RELATIONSHIP = "relationship"
    """Personal rapport and trust between the leaders."""
    OUTCOME = "outcome"
    """What kind of result the leader aims to leave with."""
    VENUE = "venue"
    """Symbolism of place, timing and format."""


class Participation(str, enum.Enum):
    """What part a leader takes in the summit. Only parties bargain."""

    PARTY = "party"
    """Brings an agenda and bargains for it."""
    MEDIATOR = "mediator"
    """Helps the parties agree; may have aims, but does not trade."""
    HOST = "host"
    """Hosts the summit without bargaining."""
    OBSERVER = "observer"
    """Attends without bargaining."""


class Result(str, enum.Enum):
    """How a summit ended."""

    AGREEMENT = "agreement"
    """The parties agreed on what they came to settle."""
    PARTIAL_AGREEMENT = "partial-agreement"
    """Some things were agreed, others left open."""
    NO_AGREEMENT = "no-agreement"
    """Nothing was agreed."""


class Stage(str, enum.Enum):
    """When in a negotiation a position was held."""

    OPENING = "opening"
    INTERIM = "interim"
    FINAL = "final"


class OutcomeKind(str, enum.Enum):
    """What kind of document or result an outcome is."""

    AGREEMENT = "agreement"
    TREATY = "treaty"
    JOINT_STATEMENT = "joint-statement"
    DECLARATION = "declaration"
    COMMUNIQUE = "communique"
    MEMORANDUM = "memorandum"
    READOUT = "readout"
    """One side's account of what was agreed, not a joint text."""


@attrs.frozen(order=False)
@shared_methods
class PartialDate:
    """An ISO 8601 calendar date that may stop at the year or the month.

    >>> str(PartialDate.parse("2025-08"))
    '2025-08'
    >>> PartialDate.parse("2025-02-30")
    Traceback (most recent call last):
    ...
    summitlib.model.DateError: '2025-02-30' is not a real calendar date
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __attrs_post_init__(self) -> None:
        if type(self.year) is not int or type(self.month) not in (int, type(None)):
            raise DateError(
                f"PartialDate takes whole numbers: year, month, day (got {self.year!r}); "
                "to read text such as '2025-08-15', use PartialDate.parse"
            )
        if not 1 <= self.year <= 9999:
            raise DateError(f"year {self.year} is outside 1..9999")
        if self.month is None:
            if self.day is not None:
                raise DateError("a day needs a month")
            return
        if not 1 <= self.month <= 12:
            raise DateError(f"month {self.month} is outside 1..12")
        if self.day is not None:
            last = _days_in_month(self.year, self.month)
            if not 1 <= self.day <= last:
                raise DateError(f"{self} is not a real calendar date")

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise :class:`DateError` otherwise."""
        match = _DATE.fullmatch(text)
        if match is None:
            raise DateError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = match.groups()
        try:
            return cls(
                year=int(year),
                month=None if month is None else int(month),
                day=None if day is None else int(day),
            )
        except DateError:
            raise DateError(f"{text!r} is not a real calendar date") from None

    def bounds(self) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
        """Return the first and last (year, month, day) this date can stand for."""
        if self.month is None:
            return (self.year, 1, 1), (self.year, 12, 31)
        if self.day is None:
            last = _days_in_month(self.year, self.month)
            return (self.year, self.month, 1), (self.year, self.month, last)
        return (self.year, self.month, self.day), (self.year, self.month, self.day)

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text


class DateError(SummitlibError, ValueError):
    """A date that is not a real calendar date, or not of the form YYYY[-MM[-DD]]."""


@attrs.frozen(kw_only=True)
@shared_methods
class Citation:
    """Where in a source a claim is supported: the source, and a page or section of it."""

    source: str = attrs.field(
        metadata=spec("Id of the source cited.", kind="slug", refers_to="Source")
    )
    page: int | None = attrs.field(
        default=None,
        metadata=spec(
            "The page cited, counting from 1; never past the source's `pages`.",
            minimum=1,
            maximum=1_000_000,
        ),
    )
    section: str | None = attrs.field(
        default=None,
        metadata=spec("The section, chapter or paragraph cited, e.g. `§ 3`.", kind="text"),
    )
    document: str | None = attrs.field(
        default=None,
        metadata=spec("A document number within the source, e.g. `Document 308`.", kind="text"),
    )
    quote: str | None = attrs.field(
        default=None, metadata=spec("The words of the source relied on.", kind="text")
    )


@attrs.frozen(kw_only=True)
@shared_methods
class Identifier:
    """An identifier of a leader in an outside register, such as Wikidata."""

    scheme: str = attrs.field(
        metadata=spec("The register, as a slug: `wikidata`, `viaf`, `isni`.", kind="slug")
    )
    identifier: str = attrs.field(
        metadata=spec("The identifier within that register, e.g. `Q7747`.", kind="text")
    )


@attrs.frozen(kw_only=True)
@shared_methods
class Location:
    """Where a summit takes place."""

    name: str = attrs.field(
        metadata=spec("The place as it is usually named, e.g. `Anchorage, Alaska`.", kind="text")
    )
    locality: str | None = attrs.field(default=None, metadata=spec("City or town.", kind="text"))
    region: str | None = attrs.field(
        default=None, metadata=spec("State, province or region.", kind="text")
    )
    country: str | None = attrs.field(
        default=None, metadata=spec("ISO 3166-1 alpha-2 code of the host country.", kind="country")
    )
    latitude: float | None = attrs.field(
        default=None,
        metadata=spec("Latitude in decimal degrees (WGS 84).", minimum=-90, maximum=90),
    )
    longitude: float | None = attrs.field(
        default=None,
        metadata=spec("Longitude in decimal degrees (WGS 84).", minimum=-180, maximum=180),
    )


@attrs.frozen(kw_only=True)
@shared_methods
class Leader:
    """A person who brings an agenda to the summit."""

    id: str = attrs.field(
        metadata=spec("Identifier of the leader, unique among leaders.", kind="slug", identity=True)
    )
    name: str = attrs.field(metadata=spec("Full name, e.g. `Vladimir Putin`.", kind="text"))
    country: str | None = attrs.field(
        default=None,
        metadata=spec(
            "Code of the country they lead: ISO 3166-1 alpha-2, or ISO 3166-3 for a former "
            "country (`SUHH`, the Soviet Union). A leader has a country or an organization.",
            kind="country",
        ),
    )
    role: str = attrs.field(metadata=spec("Office held at the time of the summit.", kind="text"))
    short_name: str | None = attrs.field(
        default=None,
        metadata=spec("Name used in table headings and reports, e.g. `Putin`.", kind="text"),
    )
    other_names: tuple[str, ...] = attrs.field(
        default=(), metadata=spec("Other names and spellings, e.g. transliterations.", kind="text")
    )
    identifiers: tuple[Identifier, ...] = attrs.field(
        default=(), metadata=spec("Identifiers in outside registers, e.g. Wikidata.")
    )
    organization: str | None = attrs.field(
        default=None,
        metadata=spec(
            "The bloc, group or organisation they speak for when that is not one state, e.g. "
            "`European Union`, `African Group`, `United Nations`.",
            kind="text",
            since="1.1",
        ),
    )
    members: tuple[str, ...] = attrs.field(
        default=(),
        metadata=spec(
            "Member states of the bloc or group they speak for, as country codes.",
            kind="country",
            since="1.1",
        ),
    )
    participation: Participation = attrs.field(
        default=Participation.PARTY,
        metadata=spec(
            "Their part in the summit: party (the default), mediator, host or observer. "
            "Only parties bargain.",
            since="1.1",
        ),
    )
    capability: float | None = attrs.field(
        default=None,
        metadata=spec(
            "Their power to shape the outcome, 0 to 100, relative to the others at the summit "
            "(the capability of bargaining models).",
            minimum=0,
            maximum=100,
            since="1.1",
        ),
    )
    citations: tuple[Citation, ...] = attrs.field(
        default=(),
        metadata=spec("Where the sources support what is said of the leader.", since="1.1"),
    )

    @property
    def display_name(self) -> str:
        """``short_name`` when given, else ``name``."""
        return self.short_name if self.short_name is not None else self.name


@attrs.frozen(kw_only=True)
@shared_methods
class Scale:
    """What the two ends of a 0–100 position scale mean for one focus area."""

    low: str = attrs.field(
        metadata=spec("What a position of 0 means, e.g. `sanctions kept in full`.", kind="text")
    )
    high: str = attrs.field(
        metadata=spec("What a position of 100 means, e.g. `sanctions lifted`.", kind="text")
    )


@attrs.frozen(kw_only=True)
@shared_methods
class FocusArea:
    """A subject the leaders' goals and the recommendations are about."""

    id: str = attrs.field(
        metadata=spec(
            "Identifier of the focus area, unique among focus areas.", kind="slug", identity=True
        )
    )
    label: str = attrs.field(
        metadata=spec("Short label, as used in tables, e.g. `Sanctions`.", kind="text")
    )
    description: str | None = attrs.field(
        default=None, metadata=spec("What the area covers.", kind="text")
    )
    topic: str | None = attrs.field(
        default=None,
        metadata=spec(
            "A topic code from a taxonomy, `scheme:code`, e.g. `cap:19` "
            "(CAP International Affairs).",
            kind="topic",
        ),
    )
    scale: Scale | None = attrs.field(
        default=None,
        metadata=spec("What positions 0 and 100 mean on this area; needed to compare positions."),
    )
    citations: tuple[Citation, ...] = attrs.field(
        default=(),
        metadata=spec("Where the sources support what is said of the area.", since="1.1"),
    )


@attrs.frozen(kw_only=True)
@shared_methods
class Position:
    """A position a leader held on a focus area's scale at one stage of the summit."""

    stage: Stage = attrs.field(metadata=spec("When it was held: opening, interim or final."))
    value: float = attrs.field(
        metadata=spec("Where on the area's scale, 0 to 100.", minimum=0, maximum=100)
    )
    date: PartialDate | None = attrs.field(
        default=None, metadata=spec("When it was held.", kind="date")
    )
    note: str | None = attrs.field(
        default=None, metadata=spec("What was offered or said.", kind="text")
    )
    citations: tuple[Citation, ...] = attrs.field(
        default=(), metadata=spec("Where the sources record it.")
    )


@attrs.frozen(kw_only=True)
@shared_methods
class Goal:
    """Something a leader wants from the summit, in one focus area."""

    id: str = attrs.field(
        metadata=spec(
            "Identifier of the goal, unique among all goals of the summit.",
            kind="slug",
            identity=True,
        )
    )
    focus_area: str = attrs.field(
        metadata=spec("Id of the focus area this goal is about.", kind="slug", refers_to=FocusArea)
    )
    title: str = attrs.field(
        metadata=spec("Short name of the goal, e.g. `Arctic Resource Access`.", kind="text")
    )
    emphasis: str | None = attrs.field(
        default=None,
        metadata=spec(
            "The leader's stance on the focus area in words, e.g. `Seek sanctions relief`.",
            kind="text",
        ),
    )
    details: tuple[str, ...] = attrs.field(
        default=(),
        metadata=spec("Further points, and how position and salience were judged.", kind="text"),
    )
    position: float | None = attrs.field(
        default=None,
        metadata=spec(
            "Where the leader stands on the focus area's scale, 0 to 100.", minimum=0, maximum=100
        ),
    )
    salience: float | None = attrs.field(
        default=None,
        metadata=spec(
            "How much the leader cares about this area, 0 (not at all) to 100 (above all).",
            minimum=0,
            maximum=100,
        ),
    )
    confidence: Confidence | None = attrs.field(
        default=None,
        metadata=spec(
            "How firmly the sources support the claim: stated, reported or inferred. Absent, "
            "it is not rated (in a format 1.0 document, absent means `stated`).",
            legacy_defaults=(("1.0", Confidence.STATED),),
        ),
    )
    sources: tuple[str, ...] = attrs.field(
        default=(),
        metadata=spec("Ids of the sources for this goal.", kind="slug", refers_to="Source"),
    )
    positions: tuple[Position, ...] = attrs.field(
        default=(),
        metadata=spec(
            "How the position moved during the summit: opening, interim and final positions.",
            since="1.1",
        ),
    )
    bottom_line: float | None = attrs.field(
        default=None,
        metadata=spec(
            "The furthest the leader would go on the area's scale, 0 to 100, where known.",
            minimum=0,
            maximum=100,
            since="1.1",
        ),
    )
    capability: float | None = attrs.field(
        default=None,
        metadata=spec(
            "The leader's capability in this area, 0 to 100, where it differs from theirs overall.",
            minimum=0,
            maximum=100,
            since="1.1",
        ),
    )
    conditional_on: tuple[str, ...] = attrs.field(
        default=(),
        metadata=spec(
            "Ids of goals (any leader's) this goal holds only if they are met.",
            kind="slug",
            refers_to="Goal",
            since="1.1",
        ),
    )
    packaged_with: tuple[str, ...] = attrs.field(
        default=(),
        metadata=spec(
            "Ids of goals this goal moves only together with: a package deal.",
            kind="slug",
            refers_to="Goal",
            since="1.1",
        ),
    )
    citations: tuple[Citation, ...] = attrs.field(
        default=(), metadata=spec("Where in the sources the goal is supported.", since="1.1")
    )


@attrs.frozen(kw_only=True)
@shared_methods
class Tactic:
    """How a leader means to pursue their goals."""

    element: str = attrs.field(
        metadata=spec("The aspect of diplomacy, e.g. `Communication Style`.", kind="text")
    )
    approach: str = attrs.field(
        metadata=spec("The leader's approach to it, e.g. `Direct and unfiltered`.", kind="text")
    )
    category: TacticCategory | None = attrs.field(
        default=None, metadata=spec("What the tactic works on, from a small vocabulary.")
    )
    sources: tuple[str, ...] = attrs.field(
        default=(),
        metadata=spec("Ids of the sources for this tactic.", kind="slug", refers_to="Source"),
    )
    citations: tuple[Citation, ...] = attrs.field(
        default=(), metadata=spec("Where in the sources the tactic is supported.", since="1.1")
    )


@attrs.frozen(kw_only=True)
@shared_methods
class Agenda:
    """What one leader brings to the summit."""

    leader: str = attrs.field(
        metadata=spec(
            "Id of the leader whose agenda this is.",
            kind="slug",
            refers_to=Leader,
            identity=Identity(
                code="duplicate-agenda", message="leader {value!r} already has an agenda"
            ),
        )
    )
    vision: str = attrs.field(
        metadata=spec("The leader's overall vision for the summit, in prose.", kind="text")
    )
    goals: tuple[Goal, ...] = attrs.field(
        default=(), metadata=spec("The leader's goals, in the order given.")
    )
    tactics: tuple[Tactic, ...] = attrs.field(
        default=(), metadata=spec("The leader's tactics, in the order given.")
    )


@attrs.frozen(kw_only=True)
@shared_methods
class Aim:
    """What one leader aims for in a recommendation's focus area."""

    leader: str = attrs.field(
        metadata=spec(
            "Id of the leader.",
            kind="slug",
            refers_to=Leader,
            identity=Identity(
                scope="parent",
                code="duplicate-aim",
                message="leader {value!r} already has an aim here",
            ),
        )
    )
    text: str = attrs.field(
        metadata=spec("The aim, e.g. `Strengthen regional influence`.", kind="text")
    )


@attrs.frozen(kw_only=True)
@shared_methods
class Recommendation:
    """An analyst's advice for one focus area, with each side's aim in it."""

    id: str = attrs.field(
        metadata=spec(
            "Identifier of the recommendation, unique among them.", kind="slug", identity=True
        )
    )
    focus_area: str = attrs.field(
        metadata=spec(
            "Id of the focus area the recommendation is about.", kind="slug", refers_to=FocusArea
        )
    )
    title: str = attrs.field(metadata=spec("Short title of the recommendation.", kind="text"))
    aims: tuple[Aim, ...] = attrs.field(
        metadata=spec("Each leader's aim in this area, at most one per leader.")
    )
    approaches: tuple[str, ...] = attrs.field(
        default=(),
        metadata=spec(
            "Practical approaches for negotiators, e.g. `patient diplomacy`.", kind="text"
        ),
    )
    rationale: str | None = attrs.field(
        default=None, metadata=spec("Why the analyst recommends it.", kind="text")
    )
    sources: tuple[str, ...] = attrs.field(
        default=(),
        metadata=spec(
            "Ids of the sources for this recommendation.", kind="slug", refers_to="Source"
        ),
    )
    citations: tuple[Citation, ...] = attrs.field(
        default=(),
        metadata=spec("Where in the sources the recommendation is supported.", since="1.1"),
    )


@attrs.frozen(kw_only=True)
@shared_methods
class Source:
    """A document the description relies on; cited by id."""

    id: str = attrs.field(
        metadata=spec("Identifier of the source, unique among sources.", kind="slug", identity=True)
    )
    title: str = attrs.field(metadata=spec("Title of the source.", kind="text"))
    url: str | None = attrs.field(
        default=None, metadata=spec("Where the source can be read.", kind="url")
    )
    publisher: str | None = attrs.field(
        default=None, metadata=spec("Who published it.", kind="text")
    )
    published: PartialDate | None = attrs.field(
        default=None, metadata=spec("When it was published.", kind="date")
    )
    pages: int | None = attrs.field(
        default=None,
        metadata=spec(
            "How many pages it has, so that cited pages can be checked.",
            minimum=1,
            maximum=1_000_000,
            since="1.1",
        ),
    )


@attrs.frozen(kw_only=True)
@shared_methods
class Settlement:
    """A focus area an outcome settles, and where on its scale it settled."""

    focus_area: str = attrs.field(
        metadata=spec("Id of the focus area settled.", kind="slug", refers_to=FocusArea)
    )
    position: float | None = attrs.field(
        default=None,
        metadata=spec(
            "Where on the area's scale it settled, 0 to 100, when that can be placed.",
            minimum=0,
            maximum=100,
        ),
    )
    note: str | None = attrs.field(
        default=None, metadata=spec("What was settled, in words.", kind="text")
    )


@attrs.frozen(kw_only=True)
@shared_methods
class Outcome:
    """What the summit produced: an agreement, a joint statement, a readout."""

    id: str = attrs.field(
        metadata=spec(
            "Identifier of the outcome, unique among outcomes.", kind="slug", identity=True
        )
    )
    kind: OutcomeKind = attrs.field(
        metadata=spec(
            "What it is: agreement, treaty, joint-statement, declaration, communique, "
            "memorandum or readout."
        )
    )
    title: str = attrs.field(
        metadata=spec("Its title, e.g. `A Framework for Peace in the Middle East`.", kind="text")
    )
    date: PartialDate | None = attrs.field(
        default=None, metadata=spec("When it was signed or issued.", kind="date")
    )
    signatories: tuple[str, ...] = attrs.field(
        default=(),
        metadata=spec("Ids of the leaders who signed or issued it.", kind="slug", refers_to=Leader),
    )
    settles: tuple[Settlement, ...] = attrs.field(
        default=(), metadata=spec("The focus areas it settles, with where each settled.")
    )
    published: bool | None = attrs.field(
        default=None, metadata=spec("Whether it was made public at the time (`false`: secret).")
    )
    text: str | None = attrs.field(
        default=None, metadata=spec("Its text, or its key passage.", kind="text")
    )
    url: str | None = attrs.field(
        default=None, metadata=spec("Where its text can be read.", kind="url")
    )
    citations: tuple[Citation, ...] = attrs.field(
        default=(), metadata=spec("Where the sources record it.")
    )


@attrs.frozen(kw_only=True)
@shared_methods
class Quote:
    """Words a leader said, with where they are recorded."""

    speaker: str = attrs.field(
        metadata=spec("Id of the leader who said it.", kind="slug", refers_to=Leader)
    )
    text: str = attrs.field(metadata=spec("The words, as recorded.", kind="text"))
    date: PartialDate | None = attrs.field(
        default=None, metadata=spec("When it was said.", kind="date")
    )
    citations: tuple[Citation, ...] = attrs.field(
        default=(), metadata=spec("Where it is recorded.")
    )


@attrs.frozen(kw_only=True)
@shared_methods
class Summit:
    """A summit: who comes, what each brings, and what analysts recommend.

    The root of every summitlib document.
    """

    schema_uri: str | None = attrs.field(
        default=None,
        metadata=spec(
            "The JSON Schema of the document, as a URL or relative path, for editors; "
            "written `$schema`. summitlib itself does not read it.",
            kind="text",
            key="$schema",
            since="1.1",
        ),
    )
    schema_version: str = attrs.field(
        default=SCHEMA_VERSION,
        metadata=spec(
            "Version of the summitlib document format: `1.0` or `1.1`.",
            enum=SCHEMA_VERSIONS,
            required=True,
        ),
    )
    id: str = attrs.field(metadata=spec("Identifier of the summit.", kind="slug", identity=True))
    title: str = attrs.field(metadata=spec("Title of the summit.", kind="text"))
    status: Status = attrs.field(
        metadata=spec("Where the summit stands: planned, held, cancelled or postponed.")
    )
    start_date: PartialDate = attrs.field(
        metadata=spec("First day (or month, or year) of the summit.", kind="date")
    )
    end_date: PartialDate | None = attrs.field(
        default=None,
        metadata=spec(
            "Last day of the summit, if not the start date; never before it.", kind="date"
        ),
    )
    location: Location = attrs.field(metadata=spec("Where the summit takes place."))
    summary: str | None = attrs.field(
        default=None, metadata=spec("A short account of the summit.", kind="text")
    )
    leaders: tuple[Leader, ...] = attrs.field(
        metadata=spec("The leaders taking part.", min_items=1)
    )
    focus_areas: tuple[FocusArea, ...] = attrs.field(
        default=(), metadata=spec("The subjects goals and recommendations refer to.")
    )
    agendas: tuple[Agenda, ...] = attrs.field(
        default=(), metadata=spec("One agenda per participating leader.")
    )
    recommendations: tuple[Recommendation, ...] = attrs.field(
        default=(), metadata=spec("Analysts' recommendations, one per focus area or more.")
    )
    sources: tuple[Source, ...] = attrs.field(
        default=(), metadata=spec("The documents cited by id elsewhere.")
    )
    identifiers: tuple[Identifier, ...] = attrs.field(
        default=(),
        metadata=spec(
            "Identifiers of the summit itself in outside registers, e.g. its Wikidata item.",
            since="1.1",
        ),
    )
    result: Result | None = attrs.field(
        default=None,
        metadata=spec(
            "How the summit ended: agreement, partial-agreement or no-agreement.", since="1.1"
        ),
    )
    outcomes: tuple[Outcome, ...] = attrs.field(
        default=(),
        metadata=spec("What the summit produced: agreements, statements, readouts.", since="1.1"),
    )
    quotes: tuple[Quote, ...] = attrs.field(
        default=(), metadata=spec("Words of the leaders, as recorded.", since="1.1")
    )
    citations: tuple[Citation, ...] = attrs.field(
        default=(),
        metadata=spec(
            "Where the sources support the summary and the summit's own fields.", since="1.1"
        ),
    )

    def leader(self, leader_id: str) -> Leader:
        """Return the leader with *leader_id*; raise ``KeyError`` if there is none."""
        for leader in self.leaders:
            if leader.id == leader_id:
                return leader
        raise KeyError(leader_id)

    def agenda(self, leader_id: str) -> Agenda:
        """Return the agenda of the leader with *leader_id*; raise ``KeyError`` if none."""
        for agenda in self.agendas:
            if agenda.leader == leader_id:
                return agenda
        raise KeyError(leader_id)

    def focus_area(self, area_id: str) -> FocusArea:
        """Return the focus area with *area_id*; raise ``KeyError`` if there is none."""
        for area in self.focus_areas:
            if area.id == area_id:
                return area
        raise KeyError(area_id)
