"""One command-line grammar (issue 17), checked by walking the argparse tree.

Each rule is stated once, over every subcommand the parser has, so a new command that
breaks the grammar fails here without anyone remembering to add it.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
from pathlib import Path

import pytest

from summitlib import cli

#: Every ``--format`` name, with the one thing it means wherever it appears.
FORMAT_NAMES = {
    "text": "plain text for a terminal",
    "json": "one JSON object, stable",
    "markdown": "Markdown",
    "github": "GitHub Actions annotations",
    "html": "one self-contained HTML page",
    "csv": "CSV tables",
    "parquet": "Parquet tables",
}

#: Commands whose output is a report on standard output rather than a product: they
#: take no -o (``fmt`` and ``migrate`` rewrite files in place).
NO_OUTPUT = {"validate", "fmt", "migrate"}

#: Commands that print a summary of what they did, so -q/--quiet can silence it.
SUMMARIES = {"validate", "fmt", "migrate", "example", "export"}


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = cli.build_parser()
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def _option(parser: argparse.ArgumentParser, dest: str) -> argparse.Action | None:
    found = [a for a in parser._actions if a.dest == dest and a.option_strings]
    return found[0] if found else None


COMMANDS = sorted(_commands())


class Run:
    """One in-process run of the command line."""

    def __init__(self, argv: list[str], stdin: bytes = b"") -> None:
        out, err = io.StringIO(), io.StringIO()
        self.code = cli.run(argv, out, err, io.BytesIO(stdin), environ={})
        self.out, self.err = out.getvalue(), err.getvalue()


def test_the_tree_has_the_commands_of_issue_17() -> None:
    """The walk below sees every command, the new ones included."""
    assert {"example", "forecast", "convert", "migrate", "render", "export"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_format_names_come_from_one_vocabulary(command: str) -> None:
    """--format offers only names of the shared vocabulary, and says what each does."""
    parser = _commands()[command]
    action = _option(parser, "format")
    if action is None:
        return
    assert action.option_strings == ["--format"]
    assert action.choices is not None
    assert set(action.choices) <= set(FORMAT_NAMES), command
    assert action.default in action.choices
    for name in action.choices:
        assert name in (action.help or ""), f"{command} --format help does not name {name}"


@pytest.mark.parametrize("command", COMMANDS)
def test_output_is_spelled_the_same_everywhere(command: str) -> None:
    """Every command that makes a product takes -o/--output, spelled just so."""
    action = _option(_commands()[command], "output")
    if command in NO_OUTPUT:
        assert action is None
        return
    assert action is not None, f"summitlib {command} has no -o/--output"
    assert action.option_strings == ["-o", "--output"]


@pytest.mark.parametrize("command", COMMANDS)
def test_quiet_wherever_there_is_a_summary(command: str) -> None:
    """-q/--quiet exists exactly where a command prints a summary."""
    action = _option(_commands()[command], "quiet")
    if command in SUMMARIES:
        assert action is not None, f"summitlib {command} has no -q/--quiet"
        assert action.option_strings == ["-q", "--quiet"]
    else:
        assert action is None


@pytest.mark.parametrize("command", COMMANDS)
def test_a_usage_error_is_exit_2_everywhere(command: str) -> None:
    """An unknown option is a usage error, status 2, with the usage line on stderr."""
    run = Run([command, "--no-such-option"])
    assert run.code == 2
    assert run.err.startswith(f"usage: summitlib {command}")


#: How to run each command that takes -o, given a valid document.
def _argv(command: str, document: Path) -> list[str]:
    return {
        "schema": [],
        "render": [str(document)],
        "compare": [str(document)],
        "diff": [str(document), str(document)],
        "forecast": [str(document)],
        "convert": [str(document), "--to", "decide"],
        "example": ["alaska-2025"],
        "export": [str(document)],
    }[command]


@pytest.mark.parametrize("command", sorted(set(COMMANDS) - NO_OUTPUT))
def test_every_output_creates_missing_folders(
    command: str, tmp_path: Path, alaska_path: Path
) -> None:
    """-o into folders that do not exist yet creates them, for every command alike."""
    target = tmp_path / "new" / "deeper" / "out"
    run = Run([command, *_argv(command, alaska_path), "-o", str(target)])
    assert run.code == 0, run.err
    assert target.exists()
    assert run.out == "" or command == "export"  # export says what it wrote


@pytest.mark.parametrize("command", sorted(set(COMMANDS) - NO_OUTPUT))
def test_an_output_under_a_file_is_exit_2(command: str, tmp_path: Path, alaska_path: Path) -> None:
    """-o that cannot be written (its folder is a file) is exit 2 for every command."""
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    target = tmp_path / "a-file" / "out"
    run = Run([command, *_argv(command, alaska_path), "-o", str(target)])
    assert run.code == 2
    assert run.err


def test_diff_exit_code_is_2_for_an_invalid_input(tmp_path: Path, alaska_path: Path) -> None:
    """With --exit-code, 1 means 'different': an invalid input is 2, not 1."""
    (tmp_path / "bad.json").write_text('{"id": "Not A Slug"}', encoding="utf-8")
    assert Run(["diff", str(tmp_path / "bad.json"), str(alaska_path)]).code == 1
    run = Run(["diff", "--exit-code", str(tmp_path / "bad.json"), str(alaska_path)])
    assert run.code == 2
    assert "bad.json" in run.err
    assert Run(["diff", "--exit-code", str(alaska_path), str(alaska_path)]).code == 0


def test_compare_rejects_the_same_leader_twice(alaska_path: Path) -> None:
    """--leaders putin putin is a usage error, not a comparison of a leader with itself."""
    run = Run(["compare", str(alaska_path), "--leaders", "putin", "putin"])
    assert run.code == 2
    assert "'putin' twice" in run.err
    assert Run(["compare", str(alaska_path), "--leaders", "putin", "trump"]).code == 0


def test_export_to_is_a_hidden_deprecated_alias(tmp_path: Path, alaska_path: Path) -> None:
    """--to still works, says it is deprecated, and is not shown in --help."""
    run = Run(["export", str(alaska_path), "--to", str(tmp_path / "t")])
    assert run.code == 0, run.err
    assert "deprecated" in run.err
    assert (tmp_path / "t" / "summits.csv").exists()
    assert "--to" not in Run(["export", "--help"]).out
    assert Run(["export", str(alaska_path)]).code == 2
    both = Run(["export", str(alaska_path), "--to", "a", "-o", "b"])
    assert both.code == 2


def test_migrate_rewrites_old_documents_and_fmt_never_does(
    tmp_path: Path, alaska_path: Path
) -> None:
    """fmt keeps schema_version; migrate --check exits 1; migrate writes 1.1 once."""
    target = tmp_path / "old.json"
    shutil.copy(alaska_path, target)
    assert json.loads(target.read_text(encoding="utf-8"))["schema_version"] == "1.0"
    assert Run(["fmt", str(target)]).code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["schema_version"] == "1.0"
    before = target.read_bytes()
    check = Run(["migrate", "--check", str(target)])
    assert check.code == 1
    assert '+  "schema_version": "1.1",' in check.out
    assert target.read_bytes() == before
    done = Run(["migrate", str(target)])
    assert done.code == 0, done.err
    assert f"migrated {target}" in done.err
    assert json.loads(target.read_text(encoding="utf-8"))["schema_version"] == "1.1"
    assert Run(["migrate", "--check", str(target)]).code == 0
    assert Run(["fmt", "--check", str(target)]).code == 0


def test_migrate_quiet_prints_only_the_summary(tmp_path: Path, alaska_path: Path) -> None:
    """-q leaves out the per-file lines, keeping the one summary line."""
    shutil.copy(alaska_path, tmp_path / "old.json")
    run = Run(["migrate", "-q", str(tmp_path)])
    assert run.code == 0
    assert run.err == "1 file: 1 migrated, 0 unchanged, 0 invalid, 0 unreadable\n"


def test_migrate_reads_standard_input(alaska_path: Path) -> None:
    """migrate - is a filter: the migrated document on stdout."""
    run = Run(["migrate", "-"], stdin=alaska_path.read_bytes())
    assert run.code == 0
    assert json.loads(run.out)["schema_version"] == "1.1"


def test_example_lists_prints_and_copies(tmp_path: Path) -> None:
    """example lists names, prints one, and writes one or all with -o."""
    listed = Run(["example"])
    assert listed.code == 0
    assert listed.out.split()[0] == "alaska-2025"
    printed = Run(["example", "alaska-2025"])
    assert json.loads(printed.out)["id"] == "alaska-2025"
    assert Run(["example", "-q", "-o", str(tmp_path / "all")]).code == 0
    names = [line.split()[0] for line in listed.out.splitlines()]
    assert sorted(p.stem for p in (tmp_path / "all").glob("*.json")) == sorted(names)
    assert Run(["example", "no-such-example"]).code == 2


def test_render_html_is_one_page(tmp_path: Path, alaska_path: Path) -> None:
    """render --format html writes a self-contained page."""
    run = Run(["render", str(alaska_path), "--format", "html", "-o", str(tmp_path / "r.html")])
    assert run.code == 0, run.err
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page


def test_forecast_and_convert_through_the_command_line(tmp_path: Path, alaska_path: Path) -> None:
    """forecast prints JSON with both parts; convert goes to decide and back."""
    run = Run(["forecast", str(alaska_path), "--format", "json", "--rounds", "2"])
    assert run.code == 0, run.err
    assert set(json.loads(run.out)) == {"forecast", "exchanges"}
    assert Run(["forecast", str(alaska_path), "--rounds", "-1"]).code == 2
    csv = tmp_path / "a.csv"
    assert Run(["convert", str(alaska_path), "--to", "decide", "-o", str(csv)]).code == 0
    back = Run(["convert", str(csv), "--from", "decide"])
    assert back.code == 0, back.err
    assert json.loads(back.out)["leaders"]
