"""A progress line for long batches on a terminal, and nothing anywhere else."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final

from summitlib._color import is_terminal

__all__ = ["PROGRESS_DELAY", "progress"]

#: Seconds a batch runs before the progress line appears: short runs never show one.
PROGRESS_DELAY: Final = 1.0

#: Seconds between redraws, so a fast batch does not spend its time drawing.
_INTERVAL: Final = 0.1

_WIDTH: Final = 24


class _Line:
    def __init__(self, total: int, stream: Any, delay: float) -> None:
        self.total = total
        self.stream = stream
        self.done = 0
        self.start = time.monotonic()
        self.delay = delay
        self.drawn_at: float | None = None
        self.width = 0

    def tick(self, result: object) -> None:
        self.done += 1
        now = time.monotonic()
        if now - self.start < self.delay:
            return
        if self.drawn_at is not None and now - self.drawn_at < _INTERVAL:
            return
        self.drawn_at = now
        filled = _WIDTH * self.done // self.total
        text = (
            f"\r{100 * self.done // self.total:3d}% |{'█' * filled}{' ' * (_WIDTH - filled)}| "
            f"{self.done}/{self.total} files"
        )
        self.width = len(text)
        self.stream.write(text)
        self.stream.flush()

    def close(self) -> None:
        if self.drawn_at is not None:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()


@contextlib.contextmanager
def progress(
    total: int,
    stream: Any,
    *,
    delay: float = PROGRESS_DELAY,
    environ: Mapping[str, str] | None = None,
) -> Iterator[Callable[[object], None]]:
    """Show a progress line on *stream* while a batch of *total* files runs.

    Yields the function to call once per finished file. The line appears only on a
    terminal, only after *delay* seconds, and is erased when done; elsewhere the
    function does nothing, so piped output and CI logs stay clean. It draws only when
    called: no thread runs beside the batch, which forks worker processes.

    >>> import io
    >>> with progress(3, io.StringIO()) as tick:
    ...     tick(None)
    """
    if total < 2 or not is_terminal(stream, environ):
        yield _ignore
        return
    line = _Line(total, stream, delay)
    try:
        yield line.tick
    finally:
        line.close()


def _ignore(result: object) -> None:
    """Do nothing with a result."""
