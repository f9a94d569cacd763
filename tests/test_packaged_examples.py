"""summitlib.examples: the example documents and the schema, from the installed package."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import summitlib
from summitlib import examples
from tests.conftest import EXAMPLES, ROOT

NAMES = sorted(path.stem for path in EXAMPLES.glob("*.json"))


def test_names_are_the_repository_examples() -> None:
    """Every examples/*.json is listed, sorted, without its suffix."""
    assert list(examples.names()) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_path_read_and_load_give_the_same_document(name: str) -> None:
    """path(), read() and load() all reach the file examples/NAME.json holds."""
    expected = (EXAMPLES / f"{name}.json").read_bytes()
    assert examples.path(name).read_bytes() == expected
    assert examples.read(name).encode("utf-8") == expected
    assert examples.load(name) == summitlib.loads(expected)


def test_schema_path_is_the_committed_schema() -> None:
    """schema_path() holds exactly schemas/summit.schema.json."""
    committed = (ROOT / "schemas" / "summit.schema.json").read_bytes()
    assert examples.schema_path().read_bytes() == committed


def test_an_unknown_name_suggests_the_closest() -> None:
    """UnknownExampleError is a KeyError and a SummitlibError, with a suggestion."""
    with pytest.raises(examples.UnknownExampleError) as caught:
        examples.path("alaska-2052")
    assert isinstance(caught.value, KeyError)
    assert isinstance(caught.value, summitlib.SummitlibError)
    assert "did you mean 'alaska-2025'?" in str(caught.value)
    with pytest.raises(examples.UnknownExampleError) as far:
        examples.read("zzzz")
    assert "did you mean" not in str(far.value)
    with pytest.raises(examples.UnknownExampleError):
        examples.path("../schemas/summit.schema")


def test_copy_writes_files_and_folders(tmp_path: Path) -> None:
    """copy() to a file name, an existing folder or a path ending in / creates parents."""
    name = NAMES[0]
    expected = (EXAMPLES / f"{name}.json").read_bytes()
    as_file = examples.copy(name, tmp_path / "a" / "b" / "mine.json")
    assert as_file == tmp_path / "a" / "b" / "mine.json"
    into_folder = examples.copy(name, tmp_path / "a")
    assert into_folder == tmp_path / "a" / f"{name}.json"
    trailing = examples.copy(name, f"{tmp_path / 'new'}/")
    assert trailing == tmp_path / "new" / f"{name}.json"
    assert {p.read_bytes() for p in (as_file, into_folder, trailing)} == {expected}


def _command(name: str | None, output: str | None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = examples.example_command(name, output, out, err)
    return code, out.getvalue(), err.getvalue()


def test_the_command_lists_prints_and_copies(tmp_path: Path) -> None:
    """No name lists; a name prints; -o writes one, or without a name all, into a folder."""
    code, out, _ = _command(None, None)
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == NAMES
    assert summitlib.load(EXAMPLES / f"{NAMES[0]}.json").title in out
    code, out, _ = _command(NAMES[0], None)
    assert (code, out) == (0, (EXAMPLES / f"{NAMES[0]}.json").read_text(encoding="utf-8"))
    code, out, err = _command(NAMES[0], str(tmp_path / "one.json"))
    assert (code, out) == (0, "")
    assert f"wrote {tmp_path / 'one.json'}" in err
    code, _, _ = _command(None, str(tmp_path / "all"))
    assert code == 0
    assert sorted(p.stem for p in (tmp_path / "all").iterdir()) == NAMES


def test_the_command_fails_with_2_and_a_message(tmp_path: Path) -> None:
    """An unknown name, or a path that cannot be written, exits 2 with a message."""
    code, out, err = _command("alska-2025", None)
    assert (code, out) == (2, "")
    assert err.startswith("summitlib example: unknown example 'alska-2025'; did you mean")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = _command(NAMES[0], str(blocker / "sub" / "x.json"))
    assert code == 2
    assert err.startswith("summitlib example: cannot write")
    assert "Traceback" not in err
