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
import json
import re
from typing import Any, Final

import attrs
import orjson

from summitlib._paths import key_path

__all__ = [
    "MAX_DEPTH",
    "MAX_DOCUMENT_BYTES",
    "JSONProblem",
    "Locator",
    "locate",
    "parse",
    "position",
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
    """Return the 1-based (line, column) of character *offset* in *text*."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    return position(
        data[:offset].decode("utf-8", "replace"), len(data[:offset].decode("utf-8", "replace"))
    )


_NON_FINITE = re.compile(r"-?(?:NaN|Infinity|inf|nan)")


def parse(document: str | bytes | bytearray | memoryview) -> Any:
    """Parse one JSON document strictly; raise :class:`JSONProblem` if it is not acceptable."""
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
    if _may_have_duplicates(data, value):
        _raise_duplicates(data)
    return value


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


def _check_encoding(data: bytes) -> None:
    if data.startswith(b"\xef\xbb\xbf"):
        raise JSONProblem(
            "encoding",
            "document starts with a byte-order mark; save it as UTF-8 without one",
            1,
            1,
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(data) >= 2 and b"\x00" in data[:4]):
        raise JSONProblem(
            "encoding", "document looks like UTF-16 or UTF-32; save it as UTF-8", 1, 1
        )
    if not data.strip(b" \t\r\n"):
        raise JSONProblem("syntax", "document is empty", 1, 1)


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
    return JSONProblem("syntax", f"invalid JSON: {reason}", line, column)


def _may_have_duplicates(data: bytes, value: Any) -> bool:
    """Tell, cheaply and conservatively, whether *data* may hold a duplicate key.

    Outside strings, every ``:`` in JSON separates one key from its value; inside strings,
    a raw ``:`` decodes to exactly one ``:`` (UTF-8 never uses the byte 0x3A in a
    multi-byte character). Re-serialising the parsed value therefore yields as many colons
    as *data* holds unless a key was dropped as a duplicate (taking its colon, and those
    of its value, with it) or a colon was written as an escape, which we treat as a maybe.
    """
    if b"\\u003" in data:
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


class Locator:
    """Find the line and column of JSON paths in one text, each in logarithmic time.

    Built once per text and then asked about every problem: calling :func:`locate` for
    each of a million problems would count newlines a million times over the text.

    >>> Locator('{"a": [1, 2]}').locate("$.a[1]")
    (1, 11)
    """

    def __init__(self, text: str, offsets: dict[str, int] | None = None) -> None:
        self._text = text
        self._offsets = offsets
        self._line_starts = [0]
        start = text.find("\n")
        while start != -1:
            self._line_starts.append(start + 1)
            start = text.find("\n", start + 1)

    def position(self, offset: int) -> tuple[int, int]:
        """Return the 1-based (line, column) of character *offset*."""
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    def locate(self, path: str) -> tuple[int, int]:
        """Return the (line, column) of *path*, or of its nearest existing parent."""
        if path == "$":
            # The root starts at the first non-blank character; no need to scan for it.
            return self.position(_WS.match(self._text).end())  # type: ignore[union-attr]
        if self._offsets is None:
            self._offsets = scan(self._text).offsets
        return self.position(self._offsets.get(_nearest(path, self._offsets), 0))


def _nearest(path: str, offsets: dict[str, int]) -> str:
    while path not in offsets and len(path) > 1:
        cut = max(path.rfind("."), path.rfind("["))
        if cut <= 0:
            return "$"
        path = path[:cut]
    return path
