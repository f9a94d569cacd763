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

import calendar
import enum
import re
from typing import Final

import attrs

from summitlib._meta import Identity, field, record

__all__ = [
    "SCHEMA_VERSION",
    "SCHEMA_VERSIONS",
    "Agenda",
    "Aim",
    "Confidence",
    "FocusArea",
    "Goal",
    "Identifier",
    "Leader",
    "Location",
    "PartialDate",
    "Recommendation",
    "Scale",
    "Source",
    "Status",
    "Summit",
    "Tactic",
    "TacticCategory",
]

#: The version of the document format this library writes.
SCHEMA_VERSION: Final = "1.0"
#: Every version of the document format this library reads.
SCHEMA_VERSIONS: Final = ("1.0",)

_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


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


@attrs.frozen(order=False)
class PartialDate:
    """An ISO 8601 calendar date that may stop at the year or the month.

    >>> str(PartialDate.parse("2025-08"))
    '2025-08'
    >>> PartialDate.parse("2025-02-30")
    Traceback (most recent call last):
    ...
    ValueError: '2025-02-30' is not a real calendar date
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __attrs_post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year {self.year} is outside 1..9999")
        if self.month is None:
            if self.day is not None:
                raise ValueError("a day needs a month")
            return
        if not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} is outside 1..12")
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise ValueError(f"{self} is not a real calendar date")

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ``ValueError`` otherwise."""
        match = _DATE.fullmatch(text)
        if match is None:
            raise ValueError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = match.groups()
        try:
            return cls(
                year=int(year),
                month=None if month is None else int(month),
                day=None if day is None else int(day),
            )
        except ValueError:
            raise ValueError(f"{text!r} is not a real calendar date") from None

    def bounds(self) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
        """Return the first and last (year, month, day) this date can stand for."""
        if self.month is None:
            return (self.year, 1, 1), (self.year, 12, 31)
        if self.day is None:
            last = calendar.monthrange(self.year, self.month)[1]
            return (self.year, self.month, 1), (self.year, self.month, last)
        return (self.year, self.month, self.day), (self.year, self.month, self.day)

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text


@record
class Identifier:
    """An identifier of a leader in an outside register, such as Wikidata."""

    scheme: str = field("The register, as a slug: `wikidata`, `viaf`, `isni`.", kind="slug")
    identifier: str = field("The identifier within that register, e.g. `Q7747`.", kind="text")


@record
class Location:
    """Where a summit takes place."""

    name: str = field("The place as it is usually named, e.g. `Anchorage, Alaska`.", kind="text")
    locality: str | None = field("City or town.", kind="text", default=None)
    region: str | None = field("State, province or region.", kind="text", default=None)
    country: str | None = field(
        "ISO 3166-1 alpha-2 code of the host country.", kind="country", default=None
    )
    latitude: float | None = field(
        "Latitude in decimal degrees (WGS 84).", minimum=-90, maximum=90, default=None
    )
    longitude: float | None = field(
        "Longitude in decimal degrees (WGS 84).", minimum=-180, maximum=180, default=None
    )


@record
class Leader:
    """A person who brings an agenda to the summit."""

    id: str = field("Identifier of the leader, unique among leaders.", kind="slug", identity=True)
    name: str = field("Full name, e.g. `Vladimir Putin`.", kind="text")
    country: str = field("ISO 3166-1 alpha-2 code of the country they lead.", kind="country")
    role: str = field("Office held at the time of the summit.", kind="text")
    short_name: str | None = field(
        "Name used in table headings and reports, e.g. `Putin`.", kind="text", default=None
    )
    other_names: tuple[str, ...] = field(
        "Other names and spellings, e.g. transliterations.", kind="text", default=()
    )
    identifiers: tuple[Identifier, ...] = field(
        "Identifiers in outside registers, e.g. Wikidata.", default=()
    )

    @property
    def display_name(self) -> str:
        """``short_name`` when given, else ``name``."""
        return self.short_name if self.short_name is not None else self.name


@record
class Scale:
    """What the two ends of a 0–100 position scale mean for one focus area."""

    low: str = field("What a position of 0 means, e.g. `sanctions kept in full`.", kind="text")
    high: str = field("What a position of 100 means, e.g. `sanctions lifted`.", kind="text")


@record
class FocusArea:
    """A subject the leaders' goals and the recommendations are about."""

    id: str = field(
        "Identifier of the focus area, unique among focus areas.", kind="slug", identity=True
    )
    label: str = field("Short label, as used in tables, e.g. `Sanctions`.", kind="text")
    description: str | None = field("What the area covers.", kind="text", default=None)
    topic: str | None = field(
        "A topic code from a taxonomy, `scheme:code`, e.g. `cap:19` (CAP International Affairs).",
        kind="topic",
        default=None,
    )
    scale: Scale | None = field(
        "What positions 0 and 100 mean on this area; needed to compare positions.",
        default=None,
    )


@record
class Goal:
    """Something a leader wants from the summit, in one focus area."""

    id: str = field(
        "Identifier of the goal, unique among all goals of the summit.",
        kind="slug",
        identity=True,
    )
    focus_area: str = field(
        "Id of the focus area this goal is about.", kind="slug", refers_to=FocusArea
    )
    title: str = field("Short name of the goal, e.g. `Arctic Resource Access`.", kind="text")
    emphasis: str | None = field(
        "The leader's stance on the focus area in words, e.g. `Seek sanctions relief`.",
        kind="text",
        default=None,
    )
    details: tuple[str, ...] = field(
        "Further points, and how position and salience were judged.", kind="text", default=()
    )
    position: float | None = field(
        "Where the leader stands on the focus area's scale, 0 to 100.",
        minimum=0,
        maximum=100,
        default=None,
    )
    salience: float | None = field(
        "How much the leader cares about this area, 0 (not at all) to 100 (above all).",
        minimum=0,
        maximum=100,
        default=None,
    )
    confidence: Confidence = field(
        "How firmly the sources support the claim: stated, reported or inferred.",
        default=Confidence.STATED,
    )
    sources: tuple[str, ...] = field(
        "Ids of the sources for this goal.", kind="slug", refers_to="Source", default=()
    )


@record
class Tactic:
    """How a leader means to pursue their goals."""

    element: str = field("The aspect of diplomacy, e.g. `Communication Style`.", kind="text")
    approach: str = field("The leader's approach to it, e.g. `Direct and unfiltered`.", kind="text")
    category: TacticCategory | None = field(
        "What the tactic works on, from a small vocabulary.", default=None
    )
    sources: tuple[str, ...] = field(
        "Ids of the sources for this tactic.", kind="slug", refers_to="Source", default=()
    )


@record
class Agenda:
    """What one leader brings to the summit."""

    leader: str = field(
        "Id of the leader whose agenda this is.",
        kind="slug",
        refers_to=Leader,
        identity=Identity(
            code="duplicate-agenda", message="leader {value!r} already has an agenda"
        ),
    )
    vision: str = field("The leader's overall vision for the summit, in prose.", kind="text")
    goals: tuple[Goal, ...] = field("The leader's goals, in the order given.", default=())
    tactics: tuple[Tactic, ...] = field("The leader's tactics, in the order given.", default=())


@record
class Aim:
    """What one leader aims for in a recommendation's focus area."""

    leader: str = field(
        "Id of the leader.",
        kind="slug",
        refers_to=Leader,
        identity=Identity(
            scope="parent",
            code="duplicate-aim",
            message="leader {value!r} already has an aim here",
        ),
    )
    text: str = field("The aim, e.g. `Strengthen regional influence`.", kind="text")


@record
class Recommendation:
    """An analyst's advice for one focus area, with each side's aim in it."""

    id: str = field(
        "Identifier of the recommendation, unique among them.", kind="slug", identity=True
    )
    focus_area: str = field(
        "Id of the focus area the recommendation is about.", kind="slug", refers_to=FocusArea
    )
    title: str = field("Short title of the recommendation.", kind="text")
    aims: tuple[Aim, ...] = field("Each leader's aim in this area, at most one per leader.")
    approaches: tuple[str, ...] = field(
        "Practical approaches for negotiators, e.g. `patient diplomacy`.", kind="text", default=()
    )
    rationale: str | None = field("Why the analyst recommends it.", kind="text", default=None)
    sources: tuple[str, ...] = field(
        "Ids of the sources for this recommendation.",
        kind="slug",
        refers_to="Source",
        default=(),
    )


@record
class Source:
    """A document the description relies on; cited by id."""

    id: str = field("Identifier of the source, unique among sources.", kind="slug", identity=True)
    title: str = field("Title of the source.", kind="text")
    url: str | None = field("Where the source can be read.", kind="url", default=None)
    publisher: str | None = field("Who published it.", kind="text", default=None)
    published: PartialDate | None = field("When it was published.", kind="date", default=None)


@record
class Summit:
    """A summit: who comes, what each brings, and what analysts recommend.

    The root of every summitlib document.
    """

    schema_version: str = field(
        "Version of the summitlib document format; always `1.0` for now.",
        const=SCHEMA_VERSION,
        required=True,
        default=SCHEMA_VERSION,
    )
    id: str = field("Identifier of the summit.", kind="slug", identity=True)
    title: str = field("Title of the summit.", kind="text")
    status: Status = field("Where the summit stands: planned, held, cancelled or postponed.")
    start_date: PartialDate = field("First day (or month, or year) of the summit.", kind="date")
    end_date: PartialDate | None = field(
        "Last day of the summit, if not the start date; never before it.", kind="date", default=None
    )
    location: Location = field("Where the summit takes place.")
    summary: str | None = field("A short account of the summit.", kind="text", default=None)
    leaders: tuple[Leader, ...] = field("The leaders taking part.", min_items=1)
    focus_areas: tuple[FocusArea, ...] = field(
        "The subjects goals and recommendations refer to.", default=()
    )
    agendas: tuple[Agenda, ...] = field("One agenda per participating leader.", default=())
    recommendations: tuple[Recommendation, ...] = field(
        "Analysts' recommendations, one per focus area or more.", default=()
    )
    sources: tuple[Source, ...] = field("The documents cited by id elsewhere.", default=())

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
