"""The summit shape modelled in pydantic v2 and in msgspec, as strict as each allows.

Both mirror ``summitlib.model`` field for field: unknown keys forbidden, no type
coercion, the same patterns for ids, topics, URLs and dates, the same closed sets for
countries and enumerations, the same ranges, length limits and minimum item count.
Text fields use ``\\S`` (Unicode non-space) for "not blank", the closest both engines
spell alike. What neither checks (and summitlib does): calendar reality of dates,
duplicate keys, and the cross-record rules (unique ids, references).
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from pydantic import BaseModel, ConfigDict, Field

from summitlib._countries import COUNTRY_CODES
from summitlib._meta import MAX_ID_LENGTH, MAX_TEXT_LENGTH, MAX_URL_LENGTH, STRING_KINDS

_SLUG = STRING_KINDS["slug"].pattern
_TOPIC = STRING_KINDS["topic"].pattern
_URL = STRING_KINDS["url"].pattern
_DATE = STRING_KINDS["date"].pattern
_TEXT = r"\S"

Country = Literal[COUNTRY_CODES]  # type: ignore[valid-type]
Status = Literal["planned", "held", "cancelled", "postponed"]
Confidence = Literal["stated", "reported", "inferred"]
Category = Literal[
    "communication", "agenda-setting", "leverage", "relationship", "outcome", "venue"
]

# --- pydantic v2 -------------------------------------------------------------------------

PText = Annotated[str, Field(pattern=_TEXT, max_length=MAX_TEXT_LENGTH)]
PSlug = Annotated[str, Field(pattern=_SLUG, max_length=MAX_ID_LENGTH)]
PTopic = Annotated[str, Field(pattern=_TOPIC, max_length=MAX_ID_LENGTH)]
PUrl = Annotated[str, Field(pattern=_URL, max_length=MAX_URL_LENGTH)]
PDate = Annotated[str, Field(pattern=_DATE, max_length=10)]
PScore = Annotated[float, Field(ge=0, le=100)]


class _P(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class PIdentifier(_P):
    scheme: PSlug
    identifier: PText


class PLocation(_P):
    name: PText
    locality: PText | None = None
    region: PText | None = None
    country: Country | None = None
    latitude: Annotated[float, Field(ge=-90, le=90)] | None = None
    longitude: Annotated[float, Field(ge=-180, le=180)] | None = None


class PLeader(_P):
    id: PSlug
    name: PText
    country: Country
    role: PText
    short_name: PText | None = None
    other_names: tuple[PText, ...] = ()
    identifiers: tuple[PIdentifier, ...] = ()


class PScale(_P):
    low: PText
    high: PText


class PFocusArea(_P):
    id: PSlug
    label: PText
    description: PText | None = None
    topic: PTopic | None = None
    scale: PScale | None = None


class PGoal(_P):
    id: PSlug
    focus_area: PSlug
    title: PText
    emphasis: PText | None = None
    details: tuple[PText, ...] = ()
    position: PScore | None = None
    salience: PScore | None = None
    confidence: Confidence = "stated"
    sources: tuple[PSlug, ...] = ()


class PTactic(_P):
    element: PText
    approach: PText
    category: Category | None = None
    sources: tuple[PSlug, ...] = ()


class PAgenda(_P):
    leader: PSlug
    vision: PText
    goals: tuple[PGoal, ...] = ()
    tactics: tuple[PTactic, ...] = ()


class PAim(_P):
    leader: PSlug
    text: PText


class PRecommendation(_P):
    id: PSlug
    focus_area: PSlug
    title: PText
    aims: tuple[PAim, ...]
    approaches: tuple[PText, ...] = ()
    rationale: PText | None = None
    sources: tuple[PSlug, ...] = ()


class PSource(_P):
    id: PSlug
    title: PText
    url: PUrl | None = None
    publisher: PText | None = None
    published: PDate | None = None


class PSummit(_P):
    schema_version: Literal["1.0"]
    id: PSlug
    title: PText
    status: Status
    start_date: PDate
    end_date: PDate | None = None
    location: PLocation
    summary: PText | None = None
    leaders: Annotated[tuple[PLeader, ...], Field(min_length=1)]
    focus_areas: tuple[PFocusArea, ...] = ()
    agendas: tuple[PAgenda, ...] = ()
    recommendations: tuple[PRecommendation, ...] = ()
    sources: tuple[PSource, ...] = ()


# --- msgspec ---------------------------------------------------------------------------

MText = Annotated[str, msgspec.Meta(pattern=_TEXT, max_length=MAX_TEXT_LENGTH)]
MSlug = Annotated[str, msgspec.Meta(pattern=_SLUG, max_length=MAX_ID_LENGTH)]
MTopic = Annotated[str, msgspec.Meta(pattern=_TOPIC, max_length=MAX_ID_LENGTH)]
MUrl = Annotated[str, msgspec.Meta(pattern=_URL, max_length=MAX_URL_LENGTH)]
MDate = Annotated[str, msgspec.Meta(pattern=_DATE, max_length=10)]
MScore = Annotated[float, msgspec.Meta(ge=0, le=100)]


class _M(msgspec.Struct, forbid_unknown_fields=True, frozen=True, kw_only=True, omit_defaults=True):
    pass


class MIdentifier(_M):
    scheme: MSlug
    identifier: MText


class MLocation(_M):
    name: MText
    locality: MText | None = None
    region: MText | None = None
    country: Country | None = None
    latitude: Annotated[float, msgspec.Meta(ge=-90, le=90)] | None = None
    longitude: Annotated[float, msgspec.Meta(ge=-180, le=180)] | None = None


class MLeader(_M):
    id: MSlug
    name: MText
    country: Country
    role: MText
    short_name: MText | None = None
    other_names: tuple[MText, ...] = ()
    identifiers: tuple[MIdentifier, ...] = ()


class MScale(_M):
    low: MText
    high: MText


class MFocusArea(_M):
    id: MSlug
    label: MText
    description: MText | None = None
    topic: MTopic | None = None
    scale: MScale | None = None


class MGoal(_M):
    id: MSlug
    focus_area: MSlug
    title: MText
    emphasis: MText | None = None
    details: tuple[MText, ...] = ()
    position: MScore | None = None
    salience: MScore | None = None
    confidence: Confidence = "stated"
    sources: tuple[MSlug, ...] = ()


class MTactic(_M):
    element: MText
    approach: MText
    category: Category | None = None
    sources: tuple[MSlug, ...] = ()


class MAgenda(_M):
    leader: MSlug
    vision: MText
    goals: tuple[MGoal, ...] = ()
    tactics: tuple[MTactic, ...] = ()


class MAim(_M):
    leader: MSlug
    text: MText


class MRecommendation(_M):
    id: MSlug
    focus_area: MSlug
    title: MText
    aims: tuple[MAim, ...]
    approaches: tuple[MText, ...] = ()
    rationale: MText | None = None
    sources: tuple[MSlug, ...] = ()


class MSource(_M):
    id: MSlug
    title: MText
    url: MUrl | None = None
    publisher: MText | None = None
    published: MDate | None = None


class MSummit(_M):
    schema_version: Literal["1.0"]
    id: MSlug
    title: MText
    status: Status
    start_date: MDate
    location: MLocation
    leaders: Annotated[tuple[MLeader, ...], msgspec.Meta(min_length=1)]
    end_date: MDate | None = None
    summary: MText | None = None
    focus_areas: tuple[MFocusArea, ...] = ()
    agendas: tuple[MAgenda, ...] = ()
    recommendations: tuple[MRecommendation, ...] = ()
    sources: tuple[MSource, ...] = ()


MSGSPEC_DECODER = msgspec.json.Decoder(MSummit)
MSGSPEC_ENCODER = msgspec.json.Encoder()
