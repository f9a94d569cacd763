"""The README's two commands stay true, and CI runs exactly its test command."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def _commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```console\n([^$\n][^\n]*)\n```", readme)


def test_readme_starts_with_two_commands() -> None:
    """The first command installs and validates the example; the second runs the tests."""
    install, test = _commands()[:2]
    assert "pip install ." in install
    assert install.endswith("summitlib validate examples/alaska-2025.json")
    assert test == "pip install -e '.[test]' && pytest"


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    """.ci/run contains the README's test command as a line of its own."""
    test = _commands()[1]
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in script
