"""Strict JSON: parse bytes or text into plain data, or fail with a located problem.

orjson does the parsing. It already rejects NaN and Infinity, numbers that overflow to
infinity, invalid UTF-8, lone surrogate escapes, a byte-order mark and nesting deeper
than 1,024 levels, but it keeps the last of duplicate keys silently. Duplicates are
caught without a second full parse (see :func:`_may_have_duplicates`); only a document
that may hold one is re-read by the slow, exact scanner in this module, which also maps
JSON paths to line and column for error reports.
"""

from __future__ import annotations

import bisect
import functools
import gc
import json
import json.decoder
import json.scanner
import operator
import re
from collections.abc import Callable, Container, Iterable
from typing import Any, Final, NamedTuple, cast

import attrs
import orjson

from summitlib._meta import shared_methods
from summitlib._paths import key_path, path_of, split_path

__all__ = [
    "MAX_DEPTH",
    "MAX_DOCUMENT_BYTES",
    "JSONProblem",
    "Locator",
    "Parsed",
    "find",
    "has_escaped_quote",
    "locate",
    "no_gc",
    "parse",
    "parse_deferred",
    "position",
    "strings_in",
    "strings_in_data",
    "wide_encoding",
]

#: Largest document accepted, in bytes of UTF-8.
MAX_DOCUMENT_BYTES: Final = 64 * 1024 * 1024
#: Deepest nesting of arrays and objects accepted (orjson's own limit).
MAX_DEPTH: Final = 1024


@attrs.frozen
class JSONProblem(Exception):
    """Input that is not acceptable JSON, with where it went wrong."""

    code: str
    message: str
    line: int | None = None
    column: int | None = None
    path: str = "$"


def position(text: str, offset: int) -> tuple[int, int]:
    """Return the 1-based (line, column) of character *offset* in *text*.

    A line ends at ``\\n``, ``\\r\\n`` or a lone ``\\r`` (JSON allows all three as
    whitespace, and old Mac files use the last).
    """
    line = text.count("\n", 0, offset) + 1
    if "\r" in text:
        line += text.count("\r", 0, offset) - text.count("\r\n", 0, offset)
    start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    return line, offset - start + 1


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    return position(
        data[:offset].decode("utf-8", "replace"), len(data[:offset].decode("utf-8", "replace"))
    )


_NON_FINITE = re.compile(r"-?(?:NaN|Infinity|inf|nan)")


def parse(document: str | bytes | bytearray | memoryview) -> Any:
    """Parse one JSON document strictly; raise :class:`JSONProblem` if it is not acceptable."""
    parsed = parse_deferred(document)
    parsed.check_duplicates()
    return parsed.value


class Parsed(NamedTuple):  # made once per document read: a tuple is made in a third the time
    """A parsed document whose duplicate-key check is still to be made.

    ``escaped`` says whether a quote in the text is preceded by a backslash; if none is,
    each quote opens or closes a string, and half the quotes is how many strings (keys
    and string values) the text holds. A parsed value with as many keys and string
    values holds them all: a duplicate key orjson dropped would have taken at least its
    own string with it. Code that walks the value anyway (the fast structuring path)
    counts them and hands the count to :meth:`check_duplicates`, which then needs only
    the quotes counted (in C).
    """

    value: Any
    #: The document as given, text or UTF-8 bytes (no second copy of a text is kept).
    source: str | bytes
    escaped: bool

    @property
    def data(self) -> bytes:
        """The document as UTF-8 bytes."""
        source = self.source
        return source.encode("utf-8") if isinstance(source, str) else source

    def check_duplicates(self, counted: int | None = None, quotes: int | None = None) -> None:
        """Raise :class:`JSONProblem` at the first duplicate key, if there is one.

        *counted* is the number of keys and string values in :attr:`value`, when the
        caller counted them; without it (or if it differs) the text is looked at again.
        *quotes* is the number of quotes in the text, when the caller counted them.
        """
        if counted is not None and not self.escaped:
            if quotes is None:
                source: Any = self.source
                quotes = source.count(b'"' if type(source) is bytes else '"')
            if counted == quotes // 2:
                return
        data = self.data
        if _may_have_duplicates(data, self.value):
            _raise_duplicates(data)


def parse_deferred(document: str | bytes | bytearray | memoryview) -> Parsed:
    """Parse like :func:`parse`, but leave the duplicate-key check to the caller."""
    if isinstance(document, str):
        if len(document) > MAX_DOCUMENT_BYTES:
            raise _too_large(len(document), "characters")
        try:
            data = document.encode("utf-8")
        except UnicodeEncodeError as error:
            line, column = position(document, error.start)
            raise JSONProblem(
                "encoding", "text contains a lone surrogate, which is not Unicode", line, column
            ) from None
    else:
        data = bytes(document)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise _too_large(len(data), "bytes")
    _check_encoding(data)
    value = _loads(data)
    # An escaped quote makes the quotes miscount the strings.
    return Parsed(value, document if isinstance(document, str) else data, has_escaped_quote(data))


def has_escaped_quote(text: str | bytes) -> bool:
    """Tell whether a quote in *text* follows a backslash (then not every quote opens
    or closes a string). A backslash is rare in prose and found at memchr speed; the
    pair is looked for only after one (on 100 kB of non-ASCII text it costs 0.1 ms)."""
    if isinstance(text, bytes):
        return b"\\" in text and b'\\"' in text
    return "\\" in text and '\\"' in text


def _loads(data: bytes) -> Any:
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as error:
        if "allocate" not in str(error.msg):
            raise _explain(data, error) from None
        first = error
    # orjson (yyjson) sizes its buffers from the input's length, and on some truncated
    # documents with many open arrays (``[[[...``, ``[1,[1,...``) it gives up with "failed
    # to allocate memory" at a meaningless position. Trailing whitespace changes neither
    # the meaning nor the position of any problem, but gives it room to find the real one.
    try:
        return orjson.loads(data + b" " * len(data))
    except orjson.JSONDecodeError as error:
        raise _explain(data, first if "allocate" in str(error.msg) else error) from None


def _too_large(size: int, unit: str) -> JSONProblem:
    return JSONProblem(
        "too-large",
        f"document is {size:,} {unit}, more than the limit of {MAX_DOCUMENT_BYTES:,} bytes",
    )


#: Byte-order marks of the wide encodings, longest first (UTF-32LE's starts like UTF-16LE's).
_WIDE_BOMS: Final = (
    (b"\x00\x00\xfe\xff", "UTF-32BE"),
    (b"\xff\xfe\x00\x00", "UTF-32LE"),
    (b"\xfe\xff", "UTF-16BE"),
    (b"\xff\xfe", "UTF-16LE"),
)


def wide_encoding(data: bytes) -> str | None:
    """Name the UTF-16 or UTF-32 encoding *data* is in, or return None.

    A byte-order mark decides. Without one, the zero bytes of the first code units
    decide, as in RFC 4627: JSON text starts with ASCII, so UTF-16 text starts
    ``00 xx`` or ``xx 00`` and UTF-32 text ``00 00 00 xx`` or ``xx 00 00 00``. A zero
    byte anywhere else (``[\\x00]``, ``"a\\x00"``) is a control character in UTF-8 text,
    and is reported as one, where it is.
    """
    for bom, name in _WIDE_BOMS:
        if data.startswith(bom):
            return name
    head = data[:4]
    if b"\x00" not in head:
        return None
    size = len(data)
    zero = [byte == 0 for byte in head]
    if size % 4 == 0 and size >= 4:
        if zero == [True, True, True, False]:
            return "UTF-32BE"
        if zero == [False, True, True, True]:
            return "UTF-32LE"
    if size % 2 == 0 and size >= 2:
        # Every second byte zero, the others not: ASCII in 16-bit code units.
        if all(zero[i] == (i % 2 == 0) for i in range(len(zero))):
            return "UTF-16BE"
        if all(zero[i] == (i % 2 == 1) for i in range(len(zero))):
            return "UTF-16LE"
    return None


def _check_encoding(data: bytes) -> None:
    if data[:1] == b"{" and b"\x00" not in data[:4]:
        return  # an object in UTF-8 (not UTF-16 or UTF-32, no byte-order mark, not blank)
    if data.startswith(b"\xef\xbb\xbf"):
        raise JSONProblem(
            "encoding",
            "document starts with a byte-order mark; save it as UTF-8 without one",
            1,
            1,
        )
    wide = wide_encoding(data)
    if wide is not None:
        raise JSONProblem("encoding", f"document is in {wide}; save it as UTF-8", 1, 1)
    if not data.strip(b" \t\r\n"):
        raise JSONProblem("syntax", "document is empty", 1, 1)


# Raw control characters JSON never allows, inside strings or out (tab, line feed and
# carriage return are whitespace outside strings; inside they must be escaped too, but
# orjson reports those well).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _explain(data: bytes, error: orjson.JSONDecodeError) -> JSONProblem:
    reason = str(error.msg)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as bad:
        line, column = _byte_position(data, bad.start)
        return JSONProblem(
            "encoding", f"invalid UTF-8 (byte 0x{data[bad.start]:02x})", line, column
        )
    # orjson reports a character offset into the decoded text.
    offset = min(max(error.pos, 0), len(text))
    control = _CONTROL.search(text, 0, offset + 1)
    if control is not None:
        line, column = position(text, control.start())
        char = ord(control.group())
        return JSONProblem(
            "syntax",
            f"invalid JSON: control character U+{char:04X} is not allowed"
            f" (inside a string, write it as \\u{char:04x})",
            line,
            column,
        )
    line, column = position(text, offset)
    if "depth" in reason or "recursion" in reason:
        # orjson points just past the opening bracket that went one level too deep.
        opener = max(text.rfind("[", 0, offset), text.rfind("{", 0, offset))
        line, column = position(text, max(opener, 0))
        return JSONProblem(
            "too-deep", f"nesting is deeper than the limit of {MAX_DEPTH} levels", line, column
        )
    if "infinity" in reason or _NON_FINITE.match(text, offset) is not None:
        return JSONProblem(
            "non-finite",
            "NaN, Infinity and numbers too large for a double are not allowed",
            line,
            column,
        )
    if "surrogate" in reason:
        return JSONProblem("encoding", f"invalid string: {reason}", line, column)
    if reason == "no digit after sign":
        reason = _number_start(text, offset)
    return JSONProblem("syntax", f"invalid JSON: {reason}", line, column)


def _number_start(text: str, offset: int) -> str:
    """Say what is wrong where orjson reports "no digit after sign" at *offset*.

    orjson says so for any number that does not start with a digit, sign or not:
    ``[-.5]`` and ``[-]`` but also ``[.5]`` and ``[+1]``.
    """
    if offset > 0 and text[offset - 1] == "-":
        return "no digit after the minus sign"
    char = text[offset : offset + 1]
    if char == ".":
        return "a number needs a digit before its decimal point (0.5, not .5)"
    if char == "+":
        return "a number cannot start with '+'"
    return "unexpected character, expected a JSON value"


def _may_have_duplicates(data: bytes, value: Any) -> bool:
    """Tell, cheaply and conservatively, whether *data* may hold a duplicate key.

    Outside strings, every ``:`` in JSON separates one key from its value; inside strings,
    a raw ``:`` decodes to exactly one ``:`` (UTF-8 never uses the byte 0x3A in a
    multi-byte character). Re-serialising the parsed value therefore yields as many colons
    as *data* holds unless a key was dropped as a duplicate (taking its colon, and those
    of its value, with it) or a colon was written as an escape, which we treat as a maybe.
    """
    # A backslash is rare in prose and found at memchr speed, where looking for the
    # five-byte escape itself costs a quarter of the parse.
    if b"\\" in data and b"\\u003" in data:
        return True
    try:
        again = orjson.dumps(value)
    except orjson.JSONEncodeError:
        # orjson writes at most 254 levels but reads 1,024: let the exact scanner decide.
        return True
    return data.count(b":") != again.count(b":")


def _raise_duplicates(data: bytes) -> None:
    text = data.decode("utf-8")
    duplicates = scan(text).duplicates
    if duplicates:
        path, key, offset = duplicates[0]
        line, column = position(text, offset)
        raise JSONProblem(
            "duplicate-key",
            f"duplicate key {key!r} in the same object",
            line,
            column,
            key_path(path, key),
        )


_WS = re.compile(r"[ \t\n\r]*")
# Unrolled ("normal* (special normal*)*"): one step per run of plain characters, not per
# character, and no way to backtrack.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_SCALAR = re.compile(r"[^\s,\]}]+")


@attrs.frozen
@shared_methods
class Scan:
    """Where each value of a document starts, and the duplicate keys in it."""

    offsets: dict[str, int]
    duplicates: list[tuple[str, str, int]]


def scan(text: str) -> Scan:
    """Map every JSON path of well-formed *text* to its character offset.

    For object members the offset is the key's; for array items, the item's. Iterative,
    so any depth is safe. Used only to report problems, never on the hot path.
    """
    offsets: dict[str, int] = {}
    duplicates: list[tuple[str, str, int]] = []
    # Each frame: [is_object, path, seen keys or index]
    stack: list[list[Any]] = []
    pos = _WS.match(text, 0).end()  # type: ignore[union-attr]
    path = "$"
    expect_key = False
    while True:
        if expect_key:
            frame = stack[-1]
            match = _STRING.match(text, pos)
            if match is None:
                break
            key = json.loads(match.group())
            if key in frame[2]:
                duplicates.append((frame[1], key, pos))
            frame[2].add(key)
            path = key_path(frame[1], key)
            offsets.setdefault(path, pos)
            pos = _WS.match(text, match.end()).end()  # type: ignore[union-attr]
            pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]  # past ':'
            expect_key = False
            continue
        offsets.setdefault(path, pos)
        char = text[pos : pos + 1]
        if char == "{" or char == "[":
            is_object = char == "{"
            pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
            if text[pos : pos + 1] in ("}", "]"):
                pos += 1
            else:
                stack.append([is_object, path, set() if is_object else 0])
                if is_object:
                    expect_key = True
                else:
                    path = f"{path}[0]"
                continue
        elif char == '"':
            match = _STRING.match(text, pos)
            if match is None:
                break
            pos = match.end()
        else:
            match = _SCALAR.match(text, pos)
            if match is None:
                break
            pos = match.end()
        # A value ended: close containers until one continues with a comma.
        while stack:
            pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
            char = text[pos : pos + 1]
            frame = stack[-1]
            if char == ",":
                pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
                if frame[0]:
                    expect_key = True
                else:
                    frame[2] += 1
                    path = f"{frame[1]}[{frame[2]}]"
                break
            stack.pop()
            pos += 1
        if not stack:
            break
    return Scan(offsets, duplicates)


def locate(text: str, path: str, offsets: dict[str, int] | None = None) -> tuple[int, int]:
    """Return the (line, column) of *path* in *text*, or of its nearest existing parent."""
    if offsets is None:
        offsets = scan(text).offsets
    return position(text, offsets.get(_nearest(path, offsets), 0))


_NOT_GIVEN: Final = object()


class Locator:
    """Find the line and column of JSON paths in one text.

    Built once per text and then asked about every problem: calling :func:`locate` for
    each of a million problems would count newlines a million times over the text.
    Line numbers are counted lazily, from the nearest offset already asked about, so
    locating problems near the start of a 64 MiB text never reads the rest of it.

    >>> Locator('{"a": [1, 2]}').locate("$.a[1]")
    (1, 11)
    """

    def __init__(
        self,
        text: str | bytes,
        offsets: dict[str, int] | None = None,
        paths: Iterable[str] | None = None,
        value: Any = _NOT_GIVEN,
        sizes: dict[int, int] | None = None,
        escaped: bool | None = None,
    ) -> None:
        if value is not _NOT_GIVEN and escaped is None:
            escaped = has_escaped_quote(text)  # unless the caller knows (see Parsed.escaped)
        if escaped:
            value = _NOT_GIVEN  # counting strings cannot place anything: the walk will
        if isinstance(text, bytes) and value is _NOT_GIVEN:
            # Only counting strings reads bytes: the walk places every path, in characters.
            text = text.decode("utf-8")
        # UTF-8 bytes or text: offsets are into whichever it is; columns are characters.
        self._text: str | bytes = text
        self._offsets = offsets
        # The parsed text, when the caller has it, and what it knows of its objects'
        # strings: see find_by_strings.
        self._value = value
        self._sizes = sizes
        self._passed: list[int] = []  # where counting quotes ended, and how many (see quotes)
        # Given the paths it will be asked about, the locator walks only toward them,
        # skipping everything else: no map of every value of a 64 MiB document.
        self._paths = None if paths is None else set(paths)
        # Known (offset, line) pairs, sorted: every position is counted from the nearest.
        self._known_offsets = [0]
        self._known_lines = [1]
        self._last_column = (-2, 0, 0)  # (line start, offset, its column), see position
        ends: Any = (b"\n", b"\r", b"\r\n") if isinstance(text, bytes) else ("\n", "\r", "\r\n")
        self._lf, self._cr, self._crlf = ends
        self._has_cr: bool = self._cr in text

    def _line(self, offset: int) -> int:
        index = bisect.bisect_right(self._known_offsets, offset) - 1
        start, line = self._known_offsets[index], self._known_lines[index]
        text: Any = self._text
        line += int(text.count(self._lf, start, offset))
        if self._has_cr:
            line += text.count(self._cr, start, offset) - text.count(self._crlf, start, offset)
            # A "\r\n" split by *start* was counted once already, at its "\r".
            if 0 < start < len(text) and text[start - 1 : start + 1] == self._crlf:
                line -= 1
        self._known_offsets.insert(index + 1, offset)
        self._known_lines.insert(index + 1, line)
        return line

    def position(self, offset: int) -> tuple[int, int]:
        """Return the 1-based (line, column) of *offset* (a character's, or in bytes, a
        byte's; the column counts characters either way)."""
        text: Any = self._text
        start = text.rfind(self._lf, 0, offset)
        if self._has_cr:
            start = max(start, text.rfind(self._cr, 0, offset))
        if isinstance(text, bytes):
            # Characters, not bytes: decoded from the last offset asked about on this
            # line (problems come in document order), else from the line's start.
            last_start, last_offset, last_column = self._last_column
            if last_start == start and last_offset <= offset:
                column = last_column + len(text[last_offset:offset].decode("utf-8", "replace"))
            else:
                column = len(text[start + 1 : offset].decode("utf-8", "replace")) + 1
            self._last_column = (start, offset, column)
            return self._line(offset), column
        return self._line(offset), offset - start

    def locate(self, path: str) -> tuple[int, int]:
        """Return the (line, column) of *path*, or of its nearest existing parent."""
        if path == "$":
            # The root starts at the first non-blank character; no need to scan for it.
            return self.position(_ws(self._text, 0))
        if self._offsets is None:
            if self._paths is not None and path in self._paths:
                self._place()
            else:
                assert isinstance(self._text, str)  # bytes come with their paths
                self._offsets = scan(self._text).offsets
        assert self._offsets is not None
        return self.position(self._offsets.get(_nearest(path, self._offsets), 0))

    def locate_all(self, paths: list[str]) -> list[tuple[int, int]]:
        """:meth:`locate` each of *paths*, in one pass over the text when each is in it
        and they come in its order (as :meth:`order` sorts them)."""
        offsets = self._offsets
        if offsets is None or self._has_cr or not offsets.keys() >= set(paths):
            return [self.locate(path) for path in paths]
        at = [offsets[path] for path in paths]
        if at != sorted(at):
            return [self.locate(path) for path in paths]
        text: Any = self._text
        lf = self._lf
        count, rfind = text.count, text.rfind
        found = []
        line, done = 1, 0
        if isinstance(text, bytes):
            for offset in at:
                line += count(lf, done, offset)
                done = offset
                start = rfind(lf, 0, offset) + 1
                # Columns count characters: the line's bytes before the offset, decoded.
                found.append((line, len(text[start:offset].decode("utf-8", "replace")) + 1))
        else:
            for offset in at:
                line += count(lf, done, offset)
                done = offset
                found.append((line, offset - rfind(lf, 0, offset)))
        return found

    def order(self) -> Callable[[str], int] | None:
        """Return a sort key putting the paths this locator was given in document order,
        by where each starts in the text; or None if some path is not in the text as
        given (a missing key sorts after the keys its object has, which its parent's
        place does not tell: see :func:`~summitlib._paths.document_order`).

        The text's order is the data's: placing the paths orders them too.

        >>> paths = ["$.a[0]", "$.b"]
        >>> locator = Locator(b'{"b": 1, "a": ["x"]}', paths=paths, value={"b": 1, "a": ["x"]})
        >>> sorted(paths, key=locator.order())
        ['$.b', '$.a[0]']
        """
        if self._paths is None:
            return None
        exact = self._place() if self._offsets is None else self._paths.issubset(self._offsets)
        return self._offsets.__getitem__ if exact and self._offsets is not None else None

    def quotes(self) -> int | None:
        """How many quotes the text holds, if placing the paths counted them (up to the
        last, and the rest here, in C); else None."""
        if not self._passed:
            return None
        pos, passed = self._passed
        text: Any = self._text
        return passed + int(text.count(b'"' if type(text) is bytes else '"', pos))

    def _place(self) -> bool:
        """Place every path given; tell whether each is in the text itself (not placed
        at a parent)."""
        assert self._paths is not None
        offsets: dict[str, int] = {}
        left: Iterable[str] = self._paths
        if self._value is not _NOT_GIVEN:
            offsets, left = find_by_strings(
                self._text,
                self._value,
                self._paths,
                self._sizes,
                escaped=False,
                passed=self._passed,
            )
        exact = not left and self._paths.issubset(offsets)
        if left:
            for p, offset in self._find(left).items():
                offsets.setdefault(p, offset)
        self._offsets = offsets
        return exact

    def _find(self, paths: Iterable[str]) -> dict[str, int]:
        """:func:`find`, whose offsets are characters, in this locator's units."""
        if isinstance(self._text, str):
            return find(self._text, paths)
        text = self._text.decode("utf-8")
        found = find(text, paths)
        # From characters to bytes: one pass over the text up to the last offset.
        converted: dict[int, int] = {}
        done = at = 0
        for offset in sorted(set(found.values())):
            at += len(text[done:offset].encode("utf-8"))
            done = offset
            converted[offset] = at
        return {path: converted[offset] for path, offset in found.items()}


def _nearest(path: str, offsets: Container[str]) -> str:
    while path not in offsets and len(path) > 1:
        cut = max(path.rfind("."), path.rfind("["))
        if cut <= 0:
            return "$"
        path = path[:cut]
    return path


_scanstring = json.decoder.scanstring  # type: ignore[attr-defined]
_scan_once = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]
#: Characters of text the C scanner is given to skip one container (see :func:`_skip`).
_WINDOW: Final = 4096
# What can change the nesting depth (a bracket) or hide a quote (a backslash escape).
_BRACKET_OR_ESCAPE = re.compile(r"[\[\]{}\\]")


def _skip(text: str, pos: int) -> int:
    """Return where the JSON value starting at *pos* ends (*text* is well-formed).

    Python runs once per bracket or backslash, never per character or per string: the
    engine finds the next one, and whether it lies inside a string follows from the
    parity of the quotes before it (``str.count``; escaped quotes are stepped over).
    A list of seven million strings is two searches. Nothing is built, so skipping a
    large value costs no memory, where the standard library's C scanner would build
    every value it passes; that scanner is used only on a window of :data:`_WINDOW`
    characters, for a container small enough to close within it.
    """
    char = text[pos : pos + 1]
    if char == '"':
        return _STRING.match(text, pos).end()  # type: ignore[union-attr]
    if char != "[" and char != "{":
        match = _SCALAR.match(text, pos)
        return pos if match is None else match.end()
    # A small container (a record among many in an array, say) is skipped fastest by the
    # C scanner, given a bounded window so that the memory of what it builds stays
    # bounded too: a container that does not close within the window fails to parse
    # (it cannot be mistaken for a shorter one) and is skipped bracket by bracket below.
    try:
        return pos + _scan_once(text[pos : pos + _WINDOW], 0)[1]
    except (ValueError, StopIteration, RecursionError):
        pass
    depth = 1
    pos += 1
    inside = 0  # 1 while inside a string
    search = _BRACKET_OR_ESCAPE.search
    while True:
        found = search(text, pos)
        if found is None:
            return len(text)
        at = found.start()
        inside ^= text.count('"', pos, at) & 1
        char = text[at]
        if char == "\\":
            pos = at + 2  # only inside a string; the escaped character never counts
            continue
        pos = at + 1
        if inside:
            continue
        if char == "[" or char == "{":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return pos


_WS_BYTES: Final = re.compile(_WS.pattern.encode())


def _ws(text: str | bytes, pos: int) -> int:
    if isinstance(text, bytes):
        return _WS_BYTES.match(text, pos).end()  # type: ignore[union-attr]
    return _WS.match(text, pos).end()  # type: ignore[union-attr]


def _trie(
    paths: Iterable[str], ends: dict[str, dict[Any, Any]] | None = None
) -> tuple[dict[Any, Any], int]:
    """The parts of *paths* as nested dicts: keys (str) and indices (int) to children;
    and how many nodes it has below its root. *ends*, if given, gets each path's node."""
    trie: dict[Any, Any] = {}
    size = 0
    for path in paths:
        parts = split_path(path)
        if parts is None:
            continue
        node = trie
        for part in parts:
            below = node.get(part)
            if below is None:
                below = node[part] = {}
                size += 1
            node = below
        if ends is not None:
            ends[path] = node
    return trie, size


def _nearest_walked(
    path: str, trie: dict[Any, Any], walked: dict[int, tuple[int, int] | None]
) -> tuple[str, tuple[int, int] | None]:
    """The nearest parent of *path* that find_by_strings' walk reached (the root if none
    did), and what it found there."""
    parts = split_path(path) or ()
    node, depth, place = trie, 0, None
    for index, part in enumerate(parts):
        node = node[part]
        if id(node) not in walked:
            break  # the walk went no deeper: a child is reached through its parent
        depth, place = index + 1, walked[id(node)]
    return path_of(parts[:depth]), place


def strings_in_data(value: Any) -> int:
    """:func:`strings_in` for data built in Python, which may contain itself: each
    container is counted once (a cycle is no JSON text, so any count will do)."""
    kind = type(value)
    if kind is not dict and kind is not list and kind is not tuple:
        return 1 if kind is str else 0  # a wrong scalar, the usual caller's question
    count = 0
    stack = [value]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is str:
            count += 1
        elif kind is dict or kind is list or kind is tuple:
            if id(item) in seen:
                continue
            seen.add(id(item))
            if kind is dict:
                count += len(item)
                stack.extend(item.values())
            else:
                stack.extend(item)
    return count


def strings_in(value: Any, sizes: dict[int, int] | None = None) -> int:
    """How many strings, keys and values, the parsed JSON *value* was written with.

    *sizes* holds the answer for some objects already, by id (what the collecting pass
    counted); they are not looked into again.
    """
    count = 0
    stack = [value]
    pop, extend = stack.pop, stack.extend
    known = (sizes if sizes is not None else {}).get
    while stack:
        item = pop()
        kind = type(item)
        if kind is str:
            count += 1
        elif kind is dict:
            size = known(id(item))
            if size is None:
                count += len(item)
                extend(item.values())
            else:
                count += size
        elif kind is list:
            extend(item)
    return count


def _opening(value: Any) -> int | None:
    """How many brackets open before the first string of *value* (a string itself: 0),
    or None if it does not start with a string (a number, ``[]``, ``[1, "a"]``)."""
    opens = 0
    while True:
        kind = type(value)
        if kind is str:
            return opens
        if kind is dict:
            return opens + 1 if value else None
        if kind is not list or not value:
            return None
        opens += 1
        value = value[0]


#: Fewer quotes than this are passed by one pattern made for that many (_few_quotes);
#: more, by counting them a window at a time (see _after_quotes).
_FEW_QUOTES: Final = 64


def find_by_strings(
    text: str | bytes,
    value: Any,
    paths: Iterable[str],
    sizes: dict[int, int] | None = None,
    *,
    escaped: bool | None = None,
    passed: list[int] | None = None,
) -> tuple[dict[str, int], list[str]]:
    """Place *paths* in *text* from *value*, the parsed *text*, without reading the text's
    structure; return the offsets and the paths left for :func:`find` to place.

    Offsets are those of :func:`find`, for each path that exists and, for one that does
    not, for its nearest existing parent. In a text with no escaped quote, each ``"``
    opens or closes a string, so the n-th string (key or value, in document order)
    starts at the (2n+1)-th quote: counting strings in *value* up to each path (in
    Python, but per value, not per character) and passing quotes (in the regular
    expression engine) finds it. Left out: an array item that does not start with a
    string (a number, ``[]``, ``{}``), and every path of a text with an escaped quote.
    *sizes* are the strings of some objects of *value*, by id (see :func:`strings_in`).
    *escaped* says whether the text has an escaped quote, when the caller knows.
    *passed*, if given, gets where the quotes counted end and how many there were.
    """
    paths = list(paths)
    if has_escaped_quote(text) if escaped is None else escaped:
        return {}, paths
    marks: Any = (b'"', b" \t\r\n") if isinstance(text, bytes) else ('"', " \t\r\n")
    quote, blanks = marks
    searched: Any = text
    ends: dict[str, dict[Any, Any]] = {}
    trie, size = _trie(paths, ends)
    remaining = [size]
    # Each node of the trie walked to, by id: (ordinal of its first string, brackets
    # opening before it), or None for an item that does not start with a string. (No
    # path's text is made on the way: the trie's nodes stand for them.)
    walked: dict[int, tuple[int, int] | None] = {}
    seen = 0
    known = (sizes if sizes is not None else {}).get

    # The object and array branches look alike but differ in what a member adds (a key
    # and its value, or a value): written out, as each runs once per member.
    def walk(node: dict[Any, Any], item: Any) -> None:
        nonlocal seen
        if type(item) is dict:
            # Once all wanted here are found, the rest of a record counted whole (sizes)
            # is passed at once.
            start, wanted_here = seen, len(node)
            whole = known(id(item))
            for key, child in item.items():
                below = node.get(key)
                if below is None:
                    kind = type(child)
                    if kind is str:
                        seen += 2
                    elif (
                        kind is list
                        and (not child or type(child[0]) is str)
                        and list(map(type, child)).count(str) == len(child)
                    ):
                        seen += 1 + len(child)  # strings only (a record's sources): in C
                    elif kind is dict or kind is list:
                        seen += 1 + strings_in(child, sizes)
                    else:
                        seen += 1
                    continue
                walked[id(below)] = (seen, 0)
                seen += 1
                remaining[0] -= 1
                if below:
                    walk(below, child)
                elif type(child) is str:
                    seen += 1
                elif type(child) is dict or type(child) is list:
                    seen += strings_in(child, sizes)
                if not remaining[0]:
                    return
                wanted_here -= 1
                if not wanted_here and whole is not None:
                    seen = start + whole
                    return
        elif type(item) is list:
            if len(item) > _MANY_RECORDS and type(item[0]) is dict:
                # A long list of records the collecting pass counted (a large agenda's
                # goals): their sizes added up in C between the wanted ones.
                found: list[int | None] = list(map(known, map(id, item)))
                if None not in found:
                    counted = cast("list[int]", found)
                    start = 0
                    for index in sorted(k for k in node if type(k) is int and k < len(item)):
                        seen += sum(counted[start:index])
                        start = index + 1
                        if item_wanted(node[index], item[index]):
                            return
                    seen += sum(counted[start:])
                    return
            for index, child in enumerate(item):
                below = node.get(index)
                if below is None:
                    kind = type(child)
                    if kind is str:
                        seen += 1
                    elif kind is dict:
                        size = known(id(child))  # a record the collecting pass counted
                        seen += strings_in(child, sizes) if size is None else size
                    elif kind is list:
                        seen += strings_in(child, sizes)
                    continue
                if item_wanted(below, child):
                    return

    def item_wanted(below: dict[Any, Any], child: Any) -> bool:
        """Place a wanted array item; tell whether nothing more is wanted."""
        nonlocal seen
        if type(child) is dict and child:
            walked[id(below)] = (seen, 1)  # a record: its first key, after its "{"
        else:
            opens = _opening(child)
            walked[id(below)] = None if opens is None else (seen, opens)
        remaining[0] -= 1
        if below:
            walk(below, child)
        else:
            seen += strings_in(child, sizes)
        return not remaining[0]

    walk(trie, value)
    offsets = {"$": _ws(text, 0)}
    wanted: dict[str, tuple[int, int]] = {}
    left = []
    for path in paths:
        end = ends.get(path)
        if end is not None and id(end) in walked:
            placed, place = path, walked[id(end)]
        else:  # not there itself: placed at its nearest parent that is
            placed, place = _nearest_walked(path, trie, walked)
        if place is not None:
            wanted[placed] = place
        elif placed != "$":
            left.append(path)
    pos = passed_quotes = 0
    # By ordinal (paths of one ordinal, an item and its first item, are placed alike).
    for path, (ordinal, opens) in sorted(wanted.items(), key=_place_of):
        spacing = pos / passed_quotes if passed_quotes else 16.0
        pos = _after_quotes(text, pos, 2 * ordinal - passed_quotes, spacing)
        passed_quotes = 2 * ordinal
        at = searched.index(quote, pos)
        for _ in range(opens):  # back over the brackets (and blanks) before the string
            at -= 1
            while searched[at] in blanks:
                at -= 1
        offsets[path] = at
    if passed is not None:
        passed += (pos, passed_quotes)
    return offsets, left


_place_of = operator.itemgetter(1)

#: A list longer than this, of records whose strings are known, is passed in C.
_MANY_RECORDS: Final = 16


def _after_quotes(text: str | bytes, pos: int, count: int, spacing: float = 16.0) -> int:
    """Return where the *count*-th quote from *pos* ends.

    Many quotes are passed a window at a time (``str.count``, three times the speed of
    the regular expression), each window sized to hold a little fewer than are left,
    from *spacing*, the characters per quote the caller has seen so far; the last few
    (fewer than :data:`_FEW_QUOTES`) by one pattern of :func:`_few_quotes`.
    """
    searched: Any = text
    quote = b'"' if isinstance(text, bytes) else '"'
    # Nine tenths of the way, by the spacing so far: most texts' quotes are spread
    # evenly enough that a window rarely holds as many as are left, and the rest is
    # short. Where they are denser, the window shrinks; where sparser, it grows.
    end = len(searched)
    while count >= _FEW_QUOTES and pos < end:
        size = int(count * spacing * 0.9) + 1
        found = searched.count(quote, pos, pos + size)
        if found >= count:
            spacing /= 2
            continue
        pos += size
        count -= found
        if found < count // 2:
            spacing *= 2
    if count:  # the last few in one match: a problem's quotes are usually few
        pos = _few_quotes(count, type(searched) is bytes).match(searched, pos).end()  # type: ignore[union-attr]
    return pos


@functools.lru_cache(maxsize=2 * _FEW_QUOTES)
def _few_quotes(count: int, in_bytes: bool) -> re.Pattern[Any]:
    pattern = f'(?:[^"]*"){{{count}}}'
    return re.compile(pattern.encode() if in_bytes else pattern)


def find(text: str, paths: Iterable[str]) -> dict[str, int]:
    """Map each of *paths*, and each of their parents, to its offset in well-formed *text*.

    Offsets are those of :func:`scan` (an object member's key, an array item's value),
    for the paths that exist. Walks only toward the paths, skipping every other value
    at the C scanner's speed, and leaves an object or array as soon as nothing more is
    wanted from it: cheap where :func:`scan`, which maps every value, is not.
    """
    trie, _ = _trie(paths)
    offsets: dict[str, int] = {}
    start = _ws(text, 0)
    # Each entry: (trie node, path, offset to record, where the value starts)
    stack: list[tuple[dict[Any, Any], str, int, int]] = [(trie, "$", start, start)]
    while stack:
        node, path, offset, pos = stack.pop()
        offsets.setdefault(path, offset)
        if not node:
            continue
        char = text[pos : pos + 1]
        if char == "{":
            keys = {part for part in node if isinstance(part, str)}
            pos = _ws(text, pos + 1)
            while keys and text[pos : pos + 1] == '"':
                key, end = _scanstring(text, pos + 1)
                value = _ws(text, _ws(text, end) + 1)  # past the ':'
                if key in keys:
                    keys.discard(key)
                    stack.append((node[key], key_path(path, key), pos, value))
                    if not keys:
                        break  # the rest of this object is not wanted: do not read it
                pos = _ws(text, _skip(text, value))
                if text[pos : pos + 1] != ",":
                    break
                pos = _ws(text, pos + 1)
        elif char == "[":
            indices = {part for part in node if isinstance(part, int)}
            last = max(indices, default=-1)
            pos = _ws(text, pos + 1)
            index = 0
            while index <= last and text[pos : pos + 1] not in ("]", ""):
                if index in indices:
                    stack.append((node[index], f"{path}[{index}]", pos, pos))
                    if index == last:
                        break
                pos = _ws(text, _skip(text, pos))
                if text[pos : pos + 1] != ",":
                    break
                pos = _ws(text, pos + 1)
                index += 1
    return offsets


class no_gc:  # named like the function it was: used the same way
    """Pause CPython's cyclic garbage collector for the block, then restore it.

    Building a tree of many containers triggers a collection every 700 allocations, each
    one walking the young objects (and, every so often, the whole heap): on large
    documents the cost per megabyte grows with the size. The trees built here (parsed
    JSON and the frozen records made from it) cannot hold cycles, so nothing is lost by
    not looking for them; reference counting still frees everything. Nested use is safe:
    only the outermost block turns the collector back on, and only if it was on.
    (A class, not a generator: entering costs a fifth, which counts on small documents.)
    """

    __slots__ = ("_was_enabled",)

    def __init__(self) -> None:
        # One state per block entered: an instance used in nested blocks restores each.
        self._was_enabled: list[bool] = []

    def __enter__(self) -> None:
        self._was_enabled.append(gc.isenabled())
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self._was_enabled.pop():
            gc.enable()
