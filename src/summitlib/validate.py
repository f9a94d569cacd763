"""Checking documents: :class:`Problem`, :class:`Report` and :func:`validate`.

Two layers of checks run on every document and are reported together:

* the shape: types, required fields, unknown keys, patterns, ranges and enumerations,
  enforced while structuring (see ``_convert.py``) and mirrored by the JSON Schema;
* the rules JSON Schema cannot express, checked here on the plain data: unique ids,
  references that resolve, one agenda per leader, one aim per leader in a
  recommendation, and an end date not before the start date.

>>> import summitlib
>>> report = summitlib.validate({"schema_version": "1.0"})
>>> report.ok
False
>>> report.problems[0].path, report.problems[0].code
('$.id', 'required')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import attrs

from summitlib import _json
from summitlib._convert import (
    MAX_PROBLEMS_PER_CONTAINER,
    RawProblem,
    problems_from_exception,
    structure_summit,
    unstructure,
)
from summitlib._meta import STRING_KINDS
from summitlib._paths import key_path
from summitlib.model import PartialDate, Summit
from summitlib.taxonomy import topic_problem, topic_problems

__all__ = ["PROBLEM_CODES", "Problem", "Report", "check", "validate"]

#: Every problem code summitlib reports, with what it means. Codes are stable.
PROBLEM_CODES: dict[str, str] = {
    "syntax": "the input is not well-formed JSON",
    "encoding": "the input is not UTF-8 text, has a byte-order mark, or a lone surrogate",
    "non-finite": "NaN, Infinity or a number too large for a double",
    "duplicate-key": "the same key twice in one object",
    "too-deep": "nesting deeper than the limit",
    "too-large": "the document is larger than the limit",
    "type": "a value of the wrong JSON type",
    "required": "a required key is missing",
    "unknown-key": "a key the format does not define",
    "const": "a value that must be one exact value is another",
    "blank": "text that is empty or only whitespace",
    "length": "text longer than the limit",
    "pattern": "a string that does not match the required form",
    "enum": "a value outside a closed set, such as an unknown country code",
    "range": "a number outside its range",
    "min-items": "an array with too few items",
    "date": "not a real calendar date, or not of the form YYYY[-MM[-DD]]",
    "duplicate-id": "an id used twice within one kind of record",
    "reference": "an id that refers to no record of the right kind",
    "duplicate-agenda": "a second agenda for the same leader",
    "duplicate-aim": "a second aim for the same leader in one recommendation",
    "date-order": "an end date before the start date",
    "topic": "a focus-area topic code that does not exist in its (known) scheme",
    "invalid": "a value summitlib could not check (an unexpected Python object)",
}


@attrs.frozen(kw_only=True)
class Problem:
    """One problem in a document.

    ``path`` is a JSON path (``$.agendas[0].goals[2].salience``); ``code`` a stable
    machine-readable name from :data:`PROBLEM_CODES`; ``message`` is for people.
    ``line`` and ``column`` (1-based) are set when the input was text.
    """

    path: str
    code: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = f"{self.line}:{self.column}: " if self.line is not None else ""
        return f"{where}{self.path}: {self.message} [{self.code}]"

    def as_dict(self) -> dict[str, Any]:
        """Return the problem as a JSON-ready dict (the CLI's ``--format json``)."""
        return {
            "path": self.path,
            "code": self.code,
            "message": self.message,
            "line": self.line,
            "column": self.column,
        }


@attrs.frozen
class Report:
    """The outcome of :func:`validate`: every problem found, in document order."""

    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the document has no problems."""
        return not self.problems

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)

    def __len__(self) -> int:
        return len(self.problems)


def validate(document: object) -> Report:
    """Check *document* and report every problem; never raises on bad input.

    *document* may be JSON text (``str`` or ``bytes``), plain Python data as
    :func:`json.loads` would return it, or a :class:`~summitlib.model.Summit`.
    """
    _, problems = check(document)
    return Report(tuple(problems))


def check(document: object) -> tuple[Summit | None, list[Problem]]:
    """Check *document*; return the summit (when valid) and every problem."""
    text: str | None = None
    try:
        if isinstance(document, (str, bytes, bytearray, memoryview)):
            try:
                data = _json.parse(document)
            except _json.JSONProblem as error:
                return None, [
                    Problem(
                        path=error.path,
                        code=error.code,
                        message=error.message,
                        line=error.line,
                        column=error.column,
                    )
                ]
        elif isinstance(document, Summit):
            data = unstructure(document)
        else:
            data = document
        summit, raw = _check_data(data)
    except Exception as error:
        return None, [Problem(path="$", code="invalid", message=f"cannot check: {error!r}")]
    if not raw:
        return summit, []
    if isinstance(document, (str, bytes, bytearray, memoryview)):
        # Decoded only now: a valid document never needs its text.
        text = document if isinstance(document, str) else bytes(document).decode("utf-8")
    locator = _json.Locator(text, paths=[p for p, _, _ in raw]) if text is not None else None
    problems = []
    for path, code, message in raw:
        line = column = None
        if locator is not None:
            line, column = locator.locate(path)
        problems.append(Problem(path=path, code=code, message=message, line=line, column=column))
    return None, problems


def _check_data(data: Any) -> tuple[Summit | None, list[RawProblem]]:
    summit: Summit | None = None
    try:
        summit = structure_summit(data)
        raw: list[RawProblem] = []
    except Exception as error:
        raw = problems_from_exception(error)
    raw.extend(semantic_problems(data, summit))
    return (summit if not raw else None), raw


_SLUG = re.compile(STRING_KINDS["slug"].pattern or "")


def _items(container: Any, key: str, base: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield (path, item) for the object items of the array at ``container[key]``."""
    if not isinstance(container, dict):
        return
    value = container.get(key)
    if not isinstance(value, list):
        return
    path = key_path(base, key)
    for index, item in enumerate(value):
        if isinstance(item, dict):
            yield f"{path}[{index}]", item


def _slug(item: dict[str, Any], key: str) -> str | None:
    value = item.get(key)
    if type(value) is str and _SLUG.match(value):
        return value
    return None


def _slugs(item: dict[str, Any], key: str, base: str) -> Iterator[tuple[str, str]]:
    values = item.get(key)
    if not isinstance(values, list):
        return
    path = key_path(base, key)
    for index, value in enumerate(values):
        if type(value) is str and _SLUG.match(value):
            yield f"{path}[{index}]", value


class _Full(Exception):
    """Raised when as many rule problems were found as are reported."""


class _Capped(list[RawProblem]):
    """A list of problems that refuses to grow past the reporting limit."""

    def append(self, problem: RawProblem) -> None:
        if len(self) >= MAX_PROBLEMS_PER_CONTAINER:
            raise _Full
        super().append(problem)

    def extend(self, problems: Iterable[RawProblem]) -> None:
        for problem in problems:
            self.append(problem)


def semantic_problems(data: Any, summit: Summit | None = None) -> list[RawProblem]:
    """Check the rules JSON Schema cannot express, on plain data of any shape.

    Values of the wrong type are skipped here: the shape check reports them. *summit*,
    when given, is *data* already structured; then a valid document is recognised
    quickly (see :func:`_follows_rules`) and only a document that breaks a rule is
    walked again to report every problem with its path. At most
    ``MAX_PROBLEMS_PER_CONTAINER`` problems are reported, so that a document citing an
    unknown source millions of times costs bounded time and memory.
    """
    out = _Capped()
    try:
        _rule_problems(data, summit, out)
    except _Full:
        path, code, message = out[-1]
        out[-1] = (
            path,
            code,
            f"{message} (checking the rules stopped here: at most "
            f"{MAX_PROBLEMS_PER_CONTAINER} problems are reported)",
        )
    return list(out)


def _rule_problems(data: Any, summit: Summit | None, out: list[RawProblem]) -> list[RawProblem]:
    if not isinstance(data, dict) or (summit is not None and _follows_rules(summit)):
        return out

    def unique(key: str, kind: str) -> set[str] | None:
        """Report duplicate ids of one kind; return the ids, or None if unreadable."""
        if not isinstance(data.get(key, []), list):
            return None  # the shape check reports it; references to it cannot be judged
        return unique_ids(list(_items(data, key, "$")), kind)

    def unique_ids(records: list[tuple[str, dict[str, Any]]], kind: str) -> set[str]:
        seen: set[str] = set()
        for path, item in records:
            value = _slug(item, "id")
            if value is None:
                continue
            if value in seen:
                out.append((f"{path}.id", "duplicate-id", f"{kind} id {value!r} is used twice"))
            seen.add(value)
        return seen

    leaders = unique("leaders", "leader")
    areas = unique("focus_areas", "focus area")
    unique("recommendations", "recommendation")
    sources = unique("sources", "source")
    recommendations = list(_items(data, "recommendations", "$"))
    agendas = list(_items(data, "agendas", "$"))
    goals = [goal for path, agenda in agendas for goal in _items(agenda, "goals", path)]
    unique_ids(goals, "goal")

    def resolve(path: str, value: str | None, known: set[str] | None, kind: str) -> None:
        if value is not None and known is not None and value not in known:
            out.append((path, "reference", f"no {kind} has the id {value!r}"))

    def cited(path: str, item: dict[str, Any]) -> None:
        for source_path, value in _slugs(item, "sources", path):
            resolve(source_path, value, sources, "source")

    with_agenda: set[str] = set()
    for path, agenda in agendas:
        leader = _slug(agenda, "leader")
        resolve(f"{path}.leader", leader, leaders, "leader")
        if leader is not None:
            if leader in with_agenda:
                out.append(
                    (
                        f"{path}.leader",
                        "duplicate-agenda",
                        f"leader {leader!r} already has an agenda",
                    )
                )
            with_agenda.add(leader)
        for goal_path, goal in _items(agenda, "goals", path):
            resolve(f"{goal_path}.focus_area", _slug(goal, "focus_area"), areas, "focus area")
            cited(goal_path, goal)
        for tactic_path, tactic in _items(agenda, "tactics", path):
            cited(tactic_path, tactic)

    for path, recommendation in recommendations:
        resolve(f"{path}.focus_area", _slug(recommendation, "focus_area"), areas, "focus area")
        aimed: set[str] = set()
        for aim_path, aim in _items(recommendation, "aims", path):
            leader = _slug(aim, "leader")
            resolve(f"{aim_path}.leader", leader, leaders, "leader")
            if leader is not None:
                if leader in aimed:
                    out.append(
                        (
                            f"{aim_path}.leader",
                            "duplicate-aim",
                            f"leader {leader!r} already has an aim here",
                        )
                    )
                aimed.add(leader)
        cited(path, recommendation)

    out.extend(topic_problems(data))
    start, end = _date(data.get("start_date")), _date(data.get("end_date"))
    if start is not None and end is not None and end.bounds()[1] < start.bounds()[0]:
        out.append(("$.end_date", "date-order", f"'end_date' {end} is before 'start_date' {start}"))
    return out


def _follows_rules(summit: Summit) -> bool:
    """Tell whether *summit* breaks none of the rules :func:`semantic_problems` checks.

    The same rules, on typed records whose every field is known to be well-formed, with
    no paths to build and no copies of lists; a valid document (the common case) costs a
    few set operations per record. Any rule added to :func:`semantic_problems` must be
    added here too (tests/test_validate.py checks that the two agree).
    """
    leaders = {leader.id for leader in summit.leaders}
    areas = {area.id for area in summit.focus_areas}
    sources = {source.id for source in summit.sources}
    if (
        len(leaders) != len(summit.leaders)
        or len(areas) != len(summit.focus_areas)
        or len(sources) != len(summit.sources)
        or len({r.id for r in summit.recommendations}) != len(summit.recommendations)
        or len({agenda.leader for agenda in summit.agendas}) != len(summit.agendas)
    ):
        return False
    goals: set[str] = set()
    count = 0
    for agenda in summit.agendas:
        if agenda.leader not in leaders:
            return False
        for goal in agenda.goals:
            if goal.focus_area not in areas or not sources.issuperset(goal.sources):
                return False
            goals.add(goal.id)
        count += len(agenda.goals)
        for tactic in agenda.tactics:
            if not sources.issuperset(tactic.sources):
                return False
    if len(goals) != count:
        return False
    for recommendation in summit.recommendations:
        aimed = {aim.leader for aim in recommendation.aims}
        if (
            recommendation.focus_area not in areas
            or not sources.issuperset(recommendation.sources)
            or len(aimed) != len(recommendation.aims)
            or not leaders.issuperset(aimed)
        ):
            return False
    for area in summit.focus_areas:
        if area.topic is not None and topic_problem(area.topic) is not None:
            return False
    end = summit.end_date
    return end is None or end.bounds()[1] >= summit.start_date.bounds()[0]


def _date(value: Any) -> PartialDate | None:
    if type(value) is not str:
        return None
    try:
        return PartialDate.parse(value)
    except ValueError:
        return None
