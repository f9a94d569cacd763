"""The README's two commands stay true, and CI runs exactly its test command."""

from __future__ import annotations

import re

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
VENV = "python3 -m venv .venv && . .venv/bin/activate && "


def _commands() -> list[str]:
    return re.findall(r"```console\n([^$\n][^\n]*)\n```", README)


def test_readme_starts_with_two_commands() -> None:
    """The first command installs and validates the example; the second runs the tests."""
    install, test = _commands()[:2]
    assert "pip install ." in install
    assert install.endswith("summitlib validate examples/alaska-2025.json")
    assert test == VENV + "pip install -e '.[test]' && pytest"


def test_each_readme_command_makes_its_own_venv() -> None:
    """Neither command relies on a virtual environment another one made and activated."""
    for command in _commands()[:2]:
        assert command.startswith(VENV), command


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    """.ci/run contains the README's test command as a line of its own."""
    test = _commands()[1]
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in script


def test_readme_links_work_on_the_package_index() -> None:
    """Every link is absolute: the package index shows the README without the repository."""
    links = re.findall(r"\]\(([^)]+)\)", README) + re.findall(r"<(https?://[^>]+)>", README)
    assert links
    relative = [link for link in links if not link.startswith("https://")]
    assert relative == []


def test_the_command_line_section_names_every_command() -> None:
    """The README's table of commands has one row per subcommand, no more, no fewer."""
    import argparse

    from summitlib import cli

    section = README[README.index("## Command line") : README.index("## Documentation")]
    listed = re.findall(r"^\| `([a-z]+)[ `]", section, re.MULTILINE)
    parser = cli.build_parser()
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert sorted(listed) == sorted(action.choices)
