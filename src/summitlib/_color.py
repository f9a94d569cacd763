"""Colour on terminals, and only there."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Protocol

__all__ = ["is_terminal", "style", "use_color"]


class _Stream(Protocol):
    def isatty(self) -> bool: ...


def use_color(stream: _Stream, environ: Mapping[str, str] | None = None) -> bool:
    """True when output to *stream* may be coloured.

    Never when ``NO_COLOR`` is set to anything (https://no-color.org), when ``TERM`` is
    ``dumb``, or when *stream* is not a terminal (a pipe, a file, CI logs).
    """
    environ = os.environ if environ is None else environ
    if environ.get("NO_COLOR"):
        return False
    return is_terminal(stream, environ)


def is_terminal(stream: object, environ: Mapping[str, str] | None = None) -> bool:
    """True when *stream* is an interactive terminal and ``TERM`` is not ``dumb``."""
    environ = os.environ if environ is None else environ
    if environ.get("TERM") == "dumb":
        return False
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):  # closed or unusual streams
        return False


_STYLES = {"bold": "1", "red": "31", "green": "32", "yellow": "33", "cyan": "36", "dim": "2"}


def style(text: str, name: str, color: bool) -> str:
    """*text* in the ANSI style *name* (``bold``, ``red``...) when *color*, else as it is."""
    return f"\x1b[{_STYLES[name]}m{text}\x1b[0m" if color else text
