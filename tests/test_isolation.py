"""Isolation: checking a document opens no connection and reads no other file.

An audit hook (PEP 578) watches every file opened and every socket used while the code
under test runs, including opens from C; sockets are also disabled outright. Schema
``$ref``s to a remote URL or a ``file://`` path are never followed: validation against
the schema goes through an explicit, empty :class:`referencing.Registry`.
"""

from __future__ import annotations

import io
import json
import socket
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import referencing
import referencing.exceptions

import summitlib
from summitlib import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_PATH = ROOT / "examples" / "alaska-2025.json"
EXAMPLE = EXAMPLE_PATH.read_text("utf-8")
SECRET = ROOT / "tests" / "data" / "hostile" / "README.md"  # stands in for any other file

_NETWORK_EVENTS = ("socket.", "urllib.Request", "http.client.connect")


class Watch:
    """What the code under watch tried to open or connect to."""

    def __init__(self) -> None:
        self.opened: list[str] = []
        self.network: list[tuple[str, str]] = []
        self.active = False


_watch = Watch()


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if not _watch.active:
        return
    if event == "open" and args and isinstance(args[0], (str, bytes, Path)):
        path = args[0].decode() if isinstance(args[0], bytes) else str(args[0])
        _watch.opened.append(path)
    elif event.startswith(_NETWORK_EVENTS):
        _watch.network.append((event, repr(args)[:200]))
        raise OSError(f"network disabled in this test ({event})")


sys.addaudithook(_audit)  # audit hooks cannot be removed; this one is inert unless watching


class NetworkUsed(Exception):
    """Raised by the disabled socket functions."""


def _refuse(*args: object, **kwargs: object) -> Any:
    _watch.network.append(("refused", repr(args)[:200]))
    raise NetworkUsed(f"network disabled in this test: {args!r}")


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every way of opening a connection raise."""
    for name in ("socket", "create_connection", "getaddrinfo", "gethostbyname"):
        monkeypatch.setattr(socket, name, _refuse)
    monkeypatch.setattr(urllib.request, "urlopen", _refuse)


@contextmanager
def watched() -> Iterator[Watch]:
    """Record the files opened and the network used inside the block."""
    _watch.opened.clear()
    _watch.network.clear()
    _watch.active = True
    try:
        yield _watch
    finally:
        _watch.active = False


def _own_files(opened: list[str]) -> list[str]:
    """The opened paths that are not Python's own (module imports, bytecode caches)."""
    return [path for path in opened if not path.endswith((".py", ".pyc", ".so", ".pth"))]


HOSTILE_REFS = ["https://example.invalid/schema.json", f"file://{SECRET}", str(SECRET)]


def test_the_watch_catches_what_jsonschema_does_by_default(no_network: None) -> None:
    """Without an explicit registry jsonschema would fetch a remote $ref; the watch sees it."""
    schema = {"$ref": HOSTILE_REFS[0]}
    with watched() as watch, pytest.raises(referencing.exceptions.Unresolvable):
        jsonschema.validate({}, schema)
    assert watch.network


@pytest.mark.parametrize("ref", HOSTILE_REFS)
def test_empty_registry_follows_no_ref(ref: str, no_network: None) -> None:
    """Validation through an empty registry refuses remote and file $refs, touching neither."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": {"id": {"$ref": ref}},
    }
    validator = jsonschema.Draft202012Validator(schema, registry=referencing.Registry())
    with watched() as watch, pytest.raises(referencing.exceptions.Unresolvable):
        list(validator.iter_errors({"id": "x"}))
    assert watch.network == []
    assert _own_files(watch.opened) == []


def _generated_schema() -> dict[str, Any] | None:
    build = getattr(summitlib, "json_schema", None)
    if build is not None:
        schema: dict[str, Any] = build()
        return schema
    committed = ROOT / "schemas" / "summit.schema.json"
    if committed.exists():
        loaded: dict[str, Any] = json.loads(committed.read_text("utf-8"))
        return loaded
    return None


def _refs(node: Any) -> Iterator[str]:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if key in ("$ref", "$dynamicRef") and isinstance(value, str):
                    yield value
                stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)


def test_summit_schema_refers_only_to_itself(no_network: None) -> None:
    """Every $ref in the summit schema is local, and the example validates offline."""
    schema = _generated_schema()
    if schema is None:
        pytest.skip("the summit schema is not built yet")
    refs = list(_refs(schema))
    assert refs
    assert all(ref.startswith("#") for ref in refs), refs
    validator = jsonschema.Draft202012Validator(schema, registry=referencing.Registry())
    with watched() as watch:
        errors = list(validator.iter_errors(json.loads(EXAMPLE)))
    assert errors == []
    assert watch.network == []


@pytest.mark.parametrize("ref", HOSTILE_REFS)
def test_validate_ignores_refs_in_documents(ref: str, no_network: None) -> None:
    """A $ref inside a document is an unknown key, never a reference to follow."""
    text = EXAMPLE.replace('"location": {', f'"location": {{\n    "$ref": {json.dumps(ref)},', 1)
    text = text.replace("{", '{"$ref": ' + json.dumps(ref) + ", ", 1)
    summitlib.validate(text)  # warm up lazy imports outside the watch
    with watched() as watch:
        report = summitlib.validate(text)
        with pytest.raises(summitlib.SummitValidationError):
            summitlib.loads(text.encode())
    assert {(problem.path, problem.code) for problem in report} >= {
        ("$['$ref']", "unknown-key"),
        ("$.location['$ref']", "unknown-key"),
    }
    assert watch.network == []
    assert watch.opened == []


def test_checking_touches_nothing_but_the_document(no_network: None) -> None:
    """validate, loads, structure and dumps open no file and use no network."""
    summit = summitlib.loads(EXAMPLE)
    data = summitlib.unstructure(summit)
    with watched() as watch:
        assert summitlib.validate(EXAMPLE).ok
        assert summitlib.validate(data).ok
        assert summitlib.validate(summit).ok
        assert summitlib.loads(EXAMPLE.encode()) == summit
        assert summitlib.structure(data) == summit
        assert summitlib.loads(summitlib.dumps(summit)) == summit
    assert watch.network == []
    assert watch.opened == []


def test_load_reads_only_the_file_given(no_network: None) -> None:
    """load opens the one path it was given."""
    summitlib.load(EXAMPLE_PATH)
    with watched() as watch:
        summitlib.load(EXAMPLE_PATH)
        summitlib.load(str(EXAMPLE_PATH))
    assert watch.network == []
    assert {str(Path(path).resolve()) for path in _own_files(watch.opened)} == {str(EXAMPLE_PATH)}


def test_command_reads_only_the_files_given(no_network: None, tmp_path: Path) -> None:
    """The validate command opens the files it was given and nothing else."""
    document = tmp_path / "summit.json"
    document.write_text(EXAMPLE.replace('"held"', '"HELD"'), "utf-8")
    cli.run(["validate", str(document)], io.StringIO(), io.StringIO())  # warm up imports
    out = io.StringIO()
    with watched() as watch:
        code = cli.run(["validate", "--format", "json", str(document)], out, io.StringIO())
    assert code == 1
    assert watch.network == []
    assert {str(Path(path).resolve()) for path in _own_files(watch.opened)} == {
        str(document.resolve())
    }
