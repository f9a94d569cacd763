"""Topic vocabularies for focus areas, starting with the Comparative Agendas Project.

A focus area's ``topic`` names a scheme and a code in it, written ``scheme:code``:
``cap:19`` is major topic 19 (International Affairs) of the Comparative Agendas Project
(CAP) master codebook. Validation rejects a code that does not exist in a scheme this
module knows (the ``topic`` problem code); a scheme it does not know is accepted
unchecked, so projects can use vocabularies of their own (see docs/tables.md).

>>> from summitlib import taxonomy
>>> taxonomy.lookup("cap:19").label
'International Affairs'
>>> taxonomy.lookup("cap:11") is None
True
>>> taxonomy.topic_problem("cap:22")
"'cap:22' is not a CAP major topic code (known codes: 1-10, 12-21, 23)"
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any, Final

import attrs

__all__ = [
    "CAP",
    "SCHEMES",
    "Scheme",
    "Topic",
    "is_known_scheme",
    "lookup",
    "split_topic",
    "topic_problem",
    "topic_problems",
]


@attrs.frozen(kw_only=True)
class Topic:
    """One code of a topic scheme, with its official label."""

    scheme: str
    code: str
    label: str

    def __str__(self) -> str:
        return f"{self.scheme}:{self.code}"


@attrs.frozen(kw_only=True)
class Scheme:
    """A topic vocabulary: a short name (the part before the colon) and its codes."""

    name: str
    title: str
    noun: str
    url: str
    topics: Mapping[str, Topic] = attrs.field(eq=False, repr=False)

    def __contains__(self, code: object) -> bool:
        return code in self.topics

    def __iter__(self) -> Iterator[Topic]:
        return iter(self.topics.values())

    def __len__(self) -> int:
        return len(self.topics)


def _scheme(name: str, title: str, noun: str, url: str, labels: Mapping[int, str]) -> Scheme:
    topics = {
        str(code): Topic(scheme=name, code=str(code), label=label) for code, label in labels.items()
    }
    return Scheme(name=name, title=title, noun=noun, url=url, topics=MappingProxyType(topics))


#: The 21 major topics of the CAP master codebook, with their official labels. The
#: numbers are not consecutive: 11 and 22 were retired when the codebooks were harmonized.
CAP: Final = _scheme(
    "cap",
    "Comparative Agendas Project, major topics (master codebook)",
    "CAP major topic",
    "https://www.comparativeagendas.net/pages/master-codebook",
    {
        1: "Macroeconomics",
        2: "Civil Rights",
        3: "Health",
        4: "Agriculture",
        5: "Labor",
        6: "Education",
        7: "Environment",
        8: "Energy",
        9: "Immigration",
        10: "Transportation",
        12: "Law and Crime",
        13: "Social Welfare",
        14: "Housing",
        15: "Domestic Commerce",
        16: "Defense",
        17: "Technology",
        18: "Foreign Trade",
        19: "International Affairs",
        20: "Government Operations",
        21: "Public Lands",
        23: "Culture",
    },
)

#: The schemes whose codes validation checks, by name.
SCHEMES: Final[Mapping[str, Scheme]] = MappingProxyType({CAP.name: CAP})


def split_topic(topic: str) -> tuple[str, str]:
    """Split ``scheme:code`` into its two parts; raise ``ValueError`` without a colon.

    >>> split_topic("cap:19")
    ('cap', '19')
    """
    scheme, sep, code = topic.partition(":")
    if not sep:
        raise ValueError(f"{topic!r} is not of the form scheme:code")
    return scheme, code


def is_known_scheme(name: str) -> bool:
    """True when validation checks the codes of the scheme called *name*."""
    return name in SCHEMES


def lookup(topic: str) -> Topic | None:
    """Return the :class:`Topic` for ``scheme:code``; ``None`` if unknown or malformed."""
    try:
        name, code = split_topic(topic)
    except ValueError:
        return None
    scheme = SCHEMES.get(name)
    return None if scheme is None else scheme.topics.get(code)


def _ranges(codes: list[int]) -> str:
    spans: list[str] = []
    start = previous = codes[0]
    for code in [*codes[1:], None]:
        if code is not None and code == previous + 1:
            previous = code
            continue
        spans.append(str(start) if start == previous else f"{start}-{previous}")
        if code is not None:
            start = previous = code
    return ", ".join(spans)


def topic_problem(topic: str) -> str | None:
    """Return why *topic* names no code of a known scheme, or ``None`` when it is fine.

    Topics of schemes this module does not know are fine: they are not checked.
    """
    try:
        name, code = split_topic(topic)
    except ValueError:
        return None  # the pattern check reports the form
    scheme = SCHEMES.get(name)
    if scheme is None or code in scheme:
        return None
    known = _ranges(sorted(int(c) for c in scheme.topics))
    return f"{topic!r} is not a {scheme.noun} code (known codes: {known})"


def topic_problems(data: Any) -> list[tuple[str, str, str]]:
    """Return ``(path, "topic", message)`` for each focus area whose topic is unknown.

    *data* is a document as plain data; values of the wrong shape are skipped (the
    shape check reports them).
    """
    out: list[tuple[str, str, str]] = []
    areas = data.get("focus_areas") if isinstance(data, dict) else None
    if not isinstance(areas, list):
        return out
    for index, area in enumerate(areas):
        topic = area.get("topic") if isinstance(area, dict) else None
        if type(topic) is not str:
            continue
        message = topic_problem(topic)
        if message is not None:
            out.append((f"$.focus_areas[{index}].topic", "topic", message))
    return out
