"""Making text from documents safe to print on a terminal or in a CI log.

Keys, values and file names come from untrusted files. Written raw, an ESC can clear the
screen or set the terminal's title, a newline can forge a ``forged.json: valid`` line,
and a bidirectional override can make a line read differently from what it holds.
Every reporter passes such text through :func:`printable` (one field) or
:func:`printable_text` (a multi-line report), and JSON output through :func:`json_safe`.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["UNSAFE", "json_safe", "printable", "printable_text"]

#: C0 controls, DEL, C1 controls, and the bidirectional embeddings, overrides and
#: isolates (U+202A–U+202E, U+2066–U+2069).
UNSAFE: Final = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

#: The same, but keeping newlines and tabs, which lay out multi-line text.
_UNSAFE_IN_TEXT: Final = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

#: What JSON output must escape beyond what :func:`json.dumps` escapes itself.
_UNSAFE_IN_JSON: Final = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """*text* with every unsafe character (newlines too) shown as ``\\xNN`` or ``\\uNNNN``.

    >>> printable("a\\x1b]0;pwned\\x07.json")
    'a\\\\x1b]0;pwned\\\\x07.json'
    """
    return UNSAFE.sub(_escape, text) if UNSAFE.search(text) else text


def printable_text(text: str) -> str:
    """Like :func:`printable`, but keeps newlines and tabs: for whole reports."""
    return _UNSAFE_IN_TEXT.sub(_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_safe(text: str) -> str:
    """JSON text (from :func:`json.dumps`) with the rest of the unsafe characters
    written as ``\\uNNNN`` escapes: the same JSON value, safe to print."""
    return _UNSAFE_IN_JSON.sub(_json_escape, text)
