"""Run the code blocks of a documentation page, so that its examples cannot rot.

``tests/test_tutorial.py`` and ``tests/test_docs.py`` run pages through :func:`run_page`;
run one by hand with ``python docs/_scripts/run_blocks.py docs/tutorial.md`` (from the
repository root; it works in a scratch directory holding a copy of ``examples/``).

How each fenced block is treated:

- ``python``: run, in page order, in one namespace. What it prints must equal the
  ``text title="Output"`` block that directly follows it, or be empty when none does.
- ``console``: each line starting with ``$ summitlib`` is run through
  :func:`summitlib.cli.run`; the lines after it, up to the next ``$``, are its expected
  output (standard output, then standard error). ``$ echo $?`` prints the exit status of
  the command before it, as a shell would.
- ``json title="NAME.json"``: written to the file NAME.json, for later blocks to use.
- ``json title="$.path"``: must equal the value at that JSON path in the page's
  document, named once in the page by a comment ``<!-- fragments-of: FILE -->``.
- ``text title="Output"``: the output of the block before it.

In a *strict* page (the tutorial) any other block is an error: every block is checked.
Elsewhere other blocks (``bash`` install commands, for example) are left alone.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shlex
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import attrs

ROOT = Path(__file__).resolve().parents[2]

# A fence may be indented, inside an admonition or a collapsible block; its body is dedented.
_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)```(?P<lang>[a-z]*)(?P<info>[^\n]*)\n(?P<body>.*?)^(?P=indent)```[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
_TITLE = re.compile(r'title="(?P<title>[^"]*)"')
_FRAGMENTS = re.compile(r"<!-- fragments-of: (?P<file>\S+) -->")
_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[([0-9]+)\]")


class BlockError(AssertionError):
    """A block whose result differs from what the page says."""


@attrs.frozen
class Block:
    """One fenced code block of a page."""

    lang: str
    title: str | None
    body: str
    line: int


def blocks(text: str) -> list[Block]:
    """Every fenced code block of *text*, in order, with the line it starts on."""
    found = []
    for match in _FENCE.finditer(text):
        title = _TITLE.search(match.group("info"))
        indent = match.group("indent")
        body = match.group("body")
        if indent:
            body = "".join(line.removeprefix(indent) for line in body.splitlines(keepends=True))
        found.append(
            Block(
                lang=match.group("lang"),
                title=title.group("title") if title else None,
                body=body,
                line=text.count("\n", 0, match.start()) + 1,
            )
        )
    return found


def value_at(data: Any, path: str) -> Any:
    """The value at JSON *path* (``$.a[0].b``) in *data*."""
    if not path.startswith("$"):
        raise ValueError(f"not a JSON path: {path!r}")
    position = 1
    for match in _STEP.finditer(path, 1):
        if match.start() != position:
            raise ValueError(f"cannot read JSON path {path!r}")
        position = match.end()
        data = data[match.group(1)] if match.group(1) else data[int(match.group(2))]
    if position != len(path):
        raise ValueError(f"cannot read JSON path {path!r}")
    return data


def _run_console(block: Block, where: str) -> None:
    from summitlib.cli import run

    commands: list[tuple[str, list[str]]] = []
    for line in block.body.splitlines():
        if line.startswith("$ "):
            commands.append((line[2:], []))
        elif commands:
            commands[-1][1].append(line)
        elif line.strip():
            raise BlockError(f"{where}: output before the first command: {line!r}")
    status: int | None = None
    for command, expected_lines in commands:
        if command.strip() == "echo $?":
            if status is None:
                raise BlockError(f"{where}: 'echo $?' before any command")
            actual = f"{status}\n"
        else:
            argv = shlex.split(command)
            if argv[0] != "summitlib":
                raise BlockError(f"{where}: only summitlib commands can be run: {command!r}")
            stdout, stderr = io.StringIO(), io.StringIO()
            status = run(argv[1:], stdout, stderr, io.BytesIO(b""))
            actual = stdout.getvalue() + stderr.getvalue()
        _compare(where, f"$ {command}", "\n".join(expected_lines), actual)


def _compare(where: str, what: str, expected: str, actual: str) -> None:
    if expected.rstrip("\n") != actual.rstrip("\n"):
        raise BlockError(
            f"{where}: {what} printed something else.\n"
            f"--- the page says:\n{expected.rstrip()}\n--- it printed:\n{actual.rstrip()}\n"
        )


def run_page(page: Path, *, strict: bool) -> int:
    """Run the blocks of *page* in the current directory; return how many were checked.

    Raises :class:`BlockError` at the first block whose result differs from the page.
    """
    text = page.read_text(encoding="utf-8")
    fragments = _FRAGMENTS.search(text)
    document: Any = None
    if fragments is not None:
        document = json.loads(Path(fragments.group("file")).read_text(encoding="utf-8"))
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    found = blocks(text)
    checked = 0
    outputs: set[int] = set()
    for index, block in enumerate(found):
        where = f"{page.name}:{block.line}"
        following = found[index + 1] if index + 1 < len(found) else None
        if block.lang == "python":
            output = io.StringIO()
            with contextlib.redirect_stdout(output):
                exec(compile(block.body, where, "exec"), namespace)
            expected = ""
            if following is not None and following.lang == "text" and following.title == "Output":
                end = block.line + block.body.count("\n") + 1
                if not any(line.strip() for line in text.splitlines()[end : following.line - 1]):
                    expected = following.body
                    outputs.add(index + 1)
            _compare(where, "the Python block", expected, output.getvalue())
        elif block.lang == "console":
            _run_console(block, where)
        elif block.lang == "json" and block.title is not None and block.title.startswith("$"):
            if document is None:
                raise BlockError(f"{where}: a fragment, but the page names no fragments-of file")
            if json.loads(block.body) != value_at(document, block.title):
                raise BlockError(f"{where}: the fragment differs from {block.title} in the file")
        elif block.lang == "json" and block.title is not None and block.title.endswith(".json"):
            Path(block.title).write_text(block.body, encoding="utf-8")
        elif block.lang == "text" and block.title == "Output":
            if index not in outputs:
                raise BlockError(f"{where}: an Output block that follows no Python block")
        elif strict:
            raise BlockError(f"{where}: a {block.lang or 'plain'} block that nothing checks")
        else:
            continue
        checked += 1
    return checked


def scratch_directory() -> Path:
    """A new temporary directory holding a copy of the repository's ``examples/``."""
    directory = Path(tempfile.mkdtemp(prefix="summitlib-docs-"))
    shutil.copytree(ROOT / "examples", directory / "examples")
    return directory


def main(argv: list[str]) -> int:
    """Run each page named in *argv* in a scratch directory (``--lenient``: skip other blocks)."""
    import os

    strict = "--lenient" not in argv
    for name in (arg for arg in argv if arg != "--lenient"):
        page = Path(name).resolve()
        directory = scratch_directory()
        previous = Path.cwd()
        os.chdir(directory)
        try:
            count = run_page(page, strict=strict)
        finally:
            os.chdir(previous)
            shutil.rmtree(directory)
        print(f"{name}: {count} blocks checked")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
