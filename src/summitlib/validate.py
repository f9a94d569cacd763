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

import weakref
from collections.abc import Callable, Iterator
from typing import Any, Final

import attrs
import orjson

from summitlib import _graph, _json, _paths
from summitlib._convert import (
    MAX_PROBLEMS_PER_CONTAINER,
    RawProblem,
    _short,
    structure_counted,
    structure_fast,
)
from summitlib._meta import shared_methods
from summitlib._rules import collected_classes, follows_rules, rule_problems, rules_hold
from summitlib._versions import apply_legacy_defaults, is_newer, version_key
from summitlib.model import SCHEMA_VERSIONS, Summit

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
    "version": "a schema_version this release does not read, or a key newer than the "
    "document's schema_version",
    "party": "a leader with neither a country nor an organization they speak for",
    "page": "a cited page past the end of its source",
    "scale": "a bottom line or a settled position on a focus area without a scale",
    "date-range": "a final position dated outside the summit",
    "topic": "a focus-area topic code that does not exist in its (known) scheme",
}


@attrs.frozen(kw_only=True)
@shared_methods
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
@shared_methods
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
    :func:`json.loads` would return it, or a :class:`~summitlib.model.Summit` (built
    by hand, say: a value of the wrong Python type is reported at its path).
    """
    _, problems = check(document)
    return Report(tuple(problems))


def check(document: object) -> tuple[Summit | None, list[Problem]]:
    """Check *document*; return the summit (when valid) and every problem, in document order."""
    if type(document) is Summit:
        made = _checked.get(id(document))
        if made is not None and made() is document:
            # Made by this function, so valid; and frozen all the way down (records,
            # tuples, strings, numbers), so still valid: ``dumps(loads(text))`` checks once.
            return document, []
    # The trees built here hold no cycles: the cyclic collector would only re-walk them
    # (its cost per megabyte grows with the document).
    with _json.no_gc():
        summit, problems = _check(document)
    if summit is not None:
        if len(_checked) >= _CHECKED_KEPT:
            _checked.clear()  # forgetting one costs only checking it again
        _checked[id(summit)] = weakref.ref(summit)
    return summit, problems


#: The summits :func:`check` returned, by identity (not equality: an equal summit built
#: by hand may hold a plain string where an enumeration member belongs). A weak
#: reference without a callback: a dead one answers None, and an id reused by a new
#: summit is written over (a WeakValueDictionary's callbacks cost a small document's
#: ``loads`` 2 %).
_checked: dict[int, weakref.ref[Summit]] = {}
#: How many are remembered at most.
_CHECKED_KEPT = 4096


def _check(document: object) -> tuple[Summit | None, list[Problem]]:
    if isinstance(document, (str, bytes, bytearray, memoryview)):
        try:
            return _check_text(document)
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
    data = _graph.to_data(document) if isinstance(document, Summit) else document
    summit, raw = check_data(data)
    # Parsed text never holds a lone surrogate (the parser rejects it); data built in
    # Python may, and no JSON text could carry it.
    raw.extend(_surrogate_problems(data, shaped=summit is not None))
    if not raw:
        return summit, []
    order = _paths.document_order(data)
    raw.sort(key=lambda problem: order(problem[0]))
    return None, [Problem(path=path, code=code, message=message) for path, code, message in raw]


def _check_text(
    document: str | bytes | bytearray | memoryview,
) -> tuple[Summit | None, list[Problem]]:
    sizes: dict[int, int] = {}  # what the collecting pass learns, for the locator
    parsed = _json.parse_deferred(document)
    data = parsed.value
    summit, raw, counted = _check_data(data, parsed, sizes)
    if not raw:
        if counted != _CHECKED:
            parsed.check_duplicates(counted)
        return summit, []
    # Placed in the document as given: bytes are not decoded unless the text holds an
    # escaped quote (see _json.Locator); columns count characters either way.
    paths = [p for p, _, _ in raw]
    locator = _json.Locator(
        parsed.source, paths=paths, value=data, sizes=sizes, escaped=parsed.escaped
    )
    # Document order: the order of the values in the data, which is the order of the
    # text; a missing key sorts after the keys its object has. Placing the problems
    # orders them too, unless one is at a missing key.
    order = locator.order()
    if counted != _CHECKED:
        # Only now, but before any problem is reported: placing them counted most of
        # the quotes the check needs.
        parsed.check_duplicates(counted, locator.quotes())
    where = _paths.document_order(data) if order is None else order
    raw.sort(key=lambda problem: where(problem[0]))
    places = locator.locate_all([path for path, _, _ in raw])
    return None, [
        _problem(path, code, message, line, column)
        for (path, code, message), (line, column) in zip(raw, places, strict=True)
    ]


def _make_problem_builder() -> Callable[[str, str, str, int | None, int | None], Problem]:
    """A quick maker of a :class:`Problem` from values known to be right: its slots
    filled directly, as the fast path fills records (attrs' ``__init__`` by keyword cost
    three times as much, once per problem)."""
    new = object.__new__
    setters = [getattr(Problem, a.name).__set__ for a in attrs.fields(Problem)]
    assert [a.name for a in attrs.fields(Problem)] == ["path", "code", "message", "line", "column"]
    set_path, set_code, set_message, set_line, set_column = setters

    def make(path: str, code: str, message: str, line: int | None, column: int | None) -> Problem:
        problem: Problem = new(Problem)
        set_path(problem, path)
        set_code(problem, code)
        set_message(problem, message)
        set_line(problem, line)
        set_column(problem, column)
        return problem

    return make


_problem = _make_problem_builder()


def _surrogate_problems(data: Any, *, shaped: bool) -> list[RawProblem]:
    """An ``encoding`` problem at each string (key or value) holding a lone surrogate.

    *shaped* says the data passed the shape check, so it is as deep as the model and no
    deeper: only then is it handed to orjson, which finds a lone surrogate in C but
    corrupts memory on tuples nested a few thousand deep (orjson 3.13).
    """
    if shaped:
        try:
            orjson.dumps(data)
            return []
        except (orjson.JSONEncodeError, TypeError):
            pass
    out: list[RawProblem] = []
    stack: list[tuple[str, Any]] = [("$", data)]
    # Data built in Python may contain itself; each container is looked into once.
    seen: set[int] = set()
    while stack and len(out) < MAX_PROBLEMS_PER_CONTAINER:
        path, value = stack.pop()
        if type(value) in (dict, list, tuple):
            if id(value) in seen:
                continue
            seen.add(id(value))
        if type(value) is dict:
            for key, item in value.items():
                sub = _paths.key_path(path, key)
                if type(key) is str and _has_surrogate(key):
                    out.append((sub, "encoding", "the key holds a lone surrogate"))
                stack.append((sub, item))
        elif type(value) in (list, tuple):
            stack.extend((f"{path}[{index}]", item) for index, item in enumerate(value))
        elif type(value) is str and _has_surrogate(value):
            out.append((path, "encoding", "a lone surrogate, which no UTF-8 or JSON text can hold"))
    return out


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def check_data(
    data: Any, parsed: _json.Parsed | None = None, sizes: dict[int, int] | None = None
) -> tuple[Summit | None, list[RawProblem]]:
    """Check plain data; return the summit (when valid) and every problem, unordered.

    The fast path builds the summit and collects the records the rules need; only a
    document it gives up on is structured once more, collecting every problem with its
    path as it goes (one pass, from the same generated checks). *parsed*, for data read
    from JSON text, is checked for duplicate keys (raising
    :class:`~summitlib._json.JSONProblem`) before any other problem is reported, with
    the strings the fast path counted when it got through. *sizes* gets what the
    collecting pass, if it runs, knows of the strings of each record (see
    :func:`~summitlib._json.find_by_strings`).
    """
    summit, raw, counted = _check_data(data, parsed, sizes)
    if parsed is not None and counted != _CHECKED:
        parsed.check_duplicates(counted)
    return summit, raw


#: Said by _check_data of a document whose duplicate keys it looked for already (or
#: that has no text to look in).
_CHECKED: Final = -1


def _check_data(
    data: Any, parsed: _json.Parsed | None, sizes: dict[int, int] | None
) -> tuple[Summit | None, list[RawProblem], int | None]:
    """:func:`check_data`, leaving the duplicate-key check of a document the collecting
    pass read to the caller (placing its problems counts the quotes the check needs):
    the strings the pass counted (None if it could not), or :data:`_CHECKED`."""
    # Read as its own version says, if it is one this release reads.
    version = data.get("schema_version") if type(data) is dict else None
    if type(version) is not str:
        version = None
    elif version not in SCHEMA_VERSIONS:
        if parsed is not None:
            parsed.check_duplicates()
        return None, [_version_problem(version)], _CHECKED
    try:
        fast = structure_fast(data, collected_classes(), version)
    except Exception:
        fast = None
    if fast is not None:
        if parsed is not None:
            parsed.check_duplicates(fast[2])
        summit, records, _ = fast
        if follows_rules(summit, records, version):
            # With a version, the fast path filled in the legacy defaults already.
            made = summit if version is not None else apply_legacy_defaults(summit)
            return made, [], _CHECKED
        return None, rule_problems(data), _CHECKED
    checked, raw, nodes, strings = structure_counted(data, sizes, version)
    if parsed is None:
        strings = _CHECKED
    if checked is not None or not rules_hold(nodes, versioned=version is not None):
        # Where each rule problem is: the rules walk the plain data. (A valid shape
        # lands here too: the fast path also gives up on a rule it checks in passing,
        # ids unique among siblings or fields newer than the document's version.)
        raw.extend(rule_problems(data))
    if raw or checked is None:
        return None, raw, strings
    # Valid, although the fast path gave up (it may give up on anything).
    return apply_legacy_defaults(checked), [], strings


def _version_problem(version: str) -> RawProblem:
    """One problem for a format version this release does not read, instead of a pile."""
    readable = " and ".join(SCHEMA_VERSIONS)
    # Advice only where it helps: a newer summitlib reads a newer format; nothing reads
    # an older one or a malformed one.
    if version_key(version) is None:
        advice = 'a format version is written like "1.1"'
    elif is_newer(version, SCHEMA_VERSIONS[-1]):
        advice = "upgrade summitlib to read it"
    else:
        advice = f"no release of summitlib reads it; write format {SCHEMA_VERSIONS[-1]}"
    return (
        "$.schema_version",
        "version",
        f"this summitlib reads format {readable}, not {_short(version)}: {advice}",
    )
