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

import summitlib
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


def test_migrate_upgrades_an_old_document_that_already_uses_new_fields(tmp_path: Path) -> None:
    """The `version` problem sends the user to migrate, and migrate then does the job:
    new fields kept, absent values written out with their old meaning."""
    data = summitlib.unstructure(summitlib.examples.load("singapore-2018"))
    goal = data["agendas"][0]["goals"][0]
    goal.pop("confidence", None)
    goal["bottom_line"] = goal["position"]  # new in 1.1
    target = tmp_path / "mixed.json"
    target.write_text(json.dumps(data), encoding="utf-8")
    check = Run(["validate", str(target)])
    assert check.code == 1
    assert "summitlib migrate" in check.out
    done = Run(["migrate", str(target)])
    assert done.code == 0, done.err
    migrated = json.loads(target.read_text(encoding="utf-8"))
    assert migrated["schema_version"] == "1.1"
    first = migrated["agendas"][0]["goals"][0]
    assert first["bottom_line"] == goal["position"]
    assert first["confidence"] == "stated"  # what its absence meant in 1.0
    assert Run(["validate", str(target)]).code == 0
    # Any other problem still stands, and nothing is written.
    data["id"] = "Not A Slug"
    target.write_text(json.dumps(data), encoding="utf-8")
    before = target.read_bytes()
    assert Run(["migrate", str(target)]).code == 1
    assert target.read_bytes() == before


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


# --- compare -----------------------------------------------------------------------------


def _example_path(tmp_path: Path, name: str) -> Path:
    from summitlib import examples

    target = tmp_path / f"{name}.json"
    target.write_text(examples.read(name), encoding="utf-8")
    return target


def test_compare_shows_the_matrix_for_more_than_two_leaders(tmp_path: Path) -> None:
    """Three leaders: the matrix comes first, in every format; two leaders: no matrix."""
    from summitlib import comparison

    yalta = _example_path(tmp_path, "yalta-1945")
    expected = comparison.agreement_matrix(summitlib.load(yalta))
    text = Run(["compare", str(yalta)])
    assert text.code == 0, text.err
    assert text.out.startswith("Agreement matrix\n")
    row = next(line for line in text.out.splitlines() if line.startswith("Stalin "))
    assert row.split()[1:] == [f"{value:.2f}" for value in expected.values[2]]
    markdown = Run(["compare", str(yalta), "--format", "markdown"])
    assert markdown.out.startswith("## Agreement matrix\n")
    data = json.loads(Run(["compare", str(yalta), "--format", "json"]).out)
    assert data["agreement_matrix"] == expected.as_dict()
    assert len(data["comparisons"]) == 3
    chosen = json.loads(
        Run(["compare", str(yalta), "--format", "json", "--leaders", "stalin", "churchill"]).out
    )
    assert "agreement_matrix" not in chosen
    assert [p["comparison"]["leaders"] for p in chosen["comparisons"]] == [["stalin", "churchill"]]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--leaders", "putin"], "two or more"),
        (["--leaders", "putin", "trump", "putin"], "'putin' twice"),
        (["--leaders", "putn", "trump"], "did you mean 'putin'?"),
        (["--leaders", "trunp", "putin"], "did you mean 'trump'?"),
        (["--convergent", "1.5"], "--convergent: must be from 0 to 1"),
        (["--divergent", "-0.1"], "--divergent: must be from 0 to 1"),
        (["--convergent", "0.4", "--divergent", "0.6"], "must be at most --convergent"),
        (["--care", "101"], "--care: must be from 0 to 100"),
        (["--care", "nan"], "--care: must be from 0 to 100"),
        (["--care", "lots"], "expected a number"),
    ],
)
def test_compare_usage_errors_are_exit_2(alaska_path: Path, argv: list[str], message: str) -> None:
    """Bad leaders and thresholds are usage errors that say what to fix."""
    run = Run(["compare", str(alaska_path), *argv])
    assert run.code == 2
    assert run.err.startswith("usage: summitlib compare")
    assert message in run.err


def test_an_unknown_leader_far_from_any_gets_no_guess(alaska_path: Path) -> None:
    """A suggestion only within a small edit distance: 'xi' is not 'putin'."""
    run = Run(["compare", str(alaska_path), "--leaders", "xi", "trump"])
    assert run.code == 2
    assert "did you mean" not in run.err
    assert "leaders with an agenda: trump, putin" in run.err


def test_compare_options_map_to_the_library(alaska_path: Path) -> None:
    """--convergent/--divergent are Thresholds, --care is negotiation_map(care=)."""
    from summitlib import comparison

    summit = summitlib.load(alaska_path)
    argv = ["compare", str(alaska_path), "--format", "json"]
    run = Run([*argv, "--convergent", "0.45", "--divergent", "0.35", "--care", "92"])
    assert run.code == 0, run.err
    (pair,) = json.loads(run.out)["comparisons"]
    thresholds = comparison.Thresholds(convergent=0.45, divergent=0.35)
    (expected,) = comparison.compare_summit(summit, thresholds=thresholds)
    assert pair["comparison"] == json.loads(json.dumps(expected.as_dict()))
    nmap = comparison.negotiation_map(expected, care=92)
    assert pair["negotiation_map"] == json.loads(json.dumps(nmap.as_dict()))
    default = json.loads(Run(argv).out)["comparisons"][0]
    assert default["negotiation_map"]["sticking_points"] != nmap.as_dict()["sticking_points"]
    # Ukraine's saliences are 90 and 95, International Standing's 60 and 70.
    text = Run(["compare", str(alaska_path), "--care", "90"]).out
    assert "Sticking points (divergent, both care): Ukraine Conflict\n" in text
    assert "International Standing\n" in Run(["compare", str(alaska_path)]).out


def test_compare_two_documents(tmp_path: Path) -> None:
    """Two documents: a leader in both is compared with themself, labelled by summit."""
    singapore = _example_path(tmp_path, "singapore-2018")
    alaska = _example_path(tmp_path, "alaska-2025")
    run = Run(["compare", str(singapore), str(alaska)])
    assert run.code == 0, run.err
    assert "Trump (singapore-2018) and Trump (alaska-2025)\n" in run.out
    assert "Focus areas only in singapore-2018: Denuclearization; Security guarantees" in run.out
    assert "Oil, Gas, Minerals; Strategic Balance in Region" in run.out
    data = json.loads(Run(["compare", str(singapore), str(alaska), "--format", "json"]).out)
    assert data["documents"] == ["singapore-2018", "alaska-2025"]
    (pair,) = data["comparisons"]
    assert pair["comparison"]["leaders"] == ["trump", "trump"]
    assert "sanctions" not in data["focus_areas_only_in"]["first"]
    # Both define `sanctions`, on North Korea and on Russia, with different anchors.
    assert data["scales_differ"] == ["sanctions"]
    assert "* Sanctions: the two documents anchor its scale differently" in run.out
    # --leaders A B: A in the first document, B in the second; the same id twice is fine.
    named = Run(["compare", str(alaska), str(singapore), "--leaders", "putin", "kim"])
    assert named.code == 0, named.err
    assert "Putin (alaska-2025) and Kim" in named.out
    assert Run(["compare", str(alaska), str(alaska), "--leaders", "putin", "putin"]).code == 0
    wrong = Run(["compare", str(alaska), str(singapore), "--leaders", "putin", "kin"])
    assert wrong.code == 2
    assert f"no agenda for leader 'kin' in {singapore}" in wrong.err
    assert "did you mean 'kim'?" in wrong.err
    three = Run(["compare", str(alaska), str(singapore), "--leaders", "a", "b", "c"])
    assert three.code == 2


def test_compare_two_documents_without_a_shared_leader(tmp_path: Path) -> None:
    """Nothing in common: said in words, exit 0; an invalid second document: exit 1."""
    yalta = _example_path(tmp_path, "yalta-1945")
    alaska = _example_path(tmp_path, "alaska-2025")
    run = Run(["compare", str(yalta), str(alaska)])
    assert run.code == 0
    assert "nothing to compare" in run.out
    (tmp_path / "bad.json").write_text('{"id": "Not A Slug"}', encoding="utf-8")
    bad = Run(["compare", str(alaska), str(tmp_path / "bad.json")])
    assert bad.code == 1
    assert "bad.json" in bad.err
    assert bad.out == ""
    missing = Run(["compare", str(alaska), str(tmp_path / "missing.json")])
    assert missing.code == 2
    both = Run(["compare", "-", "-"], stdin=alaska.read_bytes())
    assert both.code == 2


# --- docs/cli.md -------------------------------------------------------------------------


def _documented_options() -> tuple[list[str], dict[str, dict[str, str]]]:
    """The commands (columns) and each option's cells (by command) of the page's table."""
    text = (Path(__file__).resolve().parent.parent / "docs" / "cli.md").read_text("utf-8")
    table = text.split("<!-- options-table -->\n")[1].split("<!-- /options-table -->")[0]
    header, _, *rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")] for line in table.splitlines()
    ]
    assert header[0] == "Option"
    commands = header[1:]
    options = {}
    for row in rows:
        assert len(row) == len(header), row
        options[row[0].strip("`")] = dict(zip(commands, row[1:], strict=True))
    return commands, options


def _parser_options() -> dict[str, dict[str, argparse.Action]]:
    """Each listed option of the parser: the actions by command (help and hidden left out)."""
    found: dict[str, dict[str, argparse.Action]] = {}
    for command, parser in _commands().items():
        for action in parser._actions:
            if not action.option_strings or isinstance(action, argparse._HelpAction):
                continue
            if action.help == argparse.SUPPRESS:
                continue
            found.setdefault("/".join(action.option_strings), {})[command] = action
    return found


def test_the_options_table_has_every_command_and_option() -> None:
    """docs/cli.md's table lists exactly the commands and options argparse has."""
    commands, documented = _documented_options()
    assert commands == list(_commands())  # in the order of --help
    actual = _parser_options()
    assert sorted(documented) == sorted(actual)
    for option, cells in documented.items():
        marked = {command for command, cell in cells.items() if cell}
        assert marked == set(actual[option]), option
        for command, action in actual[option].items():
            if action.choices is not None:  # the names offered, the default first
                names = cells[command].replace("`", "").split()
                if action.default is not None:
                    assert names[0] == action.default, (option, command)
                assert sorted(names) == sorted(action.choices), (option, command)
            else:
                assert cells[command] == "✓", (option, command)


def test_the_table_check_notices_drift() -> None:
    """An option missing from the table would be caught: the sets differ."""
    _, documented = _documented_options()
    actual = _parser_options()
    documented.pop("--care")
    assert sorted(documented) != sorted(actual)


#: A way to run each command that reads a document, given its path.
READERS = {
    "validate": ["validate"],
    "fmt": ["fmt"],
    "migrate": ["migrate"],
    "render": ["render"],
    "compare": ["compare"],
    "forecast": ["forecast"],
    "convert": ["convert", "--to", "decide"],
    "export": ["export", "-o", "{out}"],
    "diff": ["diff", "{valid}"],
    "diff --exit-code": ["diff", "--exit-code", "{valid}"],
}


@pytest.mark.parametrize("reader", sorted(READERS))
def test_exit_status_is_the_documented_one(reader: str, tmp_path: Path, alaska_path: Path) -> None:
    """0 valid, 1 invalid (2 for diff --exit-code), 2 unreadable, for every reader."""
    (tmp_path / "bad.json").write_text('{"id": "Not A Slug"}', encoding="utf-8")
    good = tmp_path / "good.json"
    shutil.copy(alaska_path, good)

    def status(path: Path) -> int:
        values = {"out": str(tmp_path / "out"), "valid": str(alaska_path)}
        argv = [part.format(**values) for part in READERS[reader]]
        return Run([*argv, str(path)]).code

    assert status(good) == 0
    assert status(tmp_path / "bad.json") == (2 if reader == "diff --exit-code" else 1)
    assert status(tmp_path / "missing.json") == 2


def test_export_to_standard_output_is_a_usage_error(
    tmp_path: Path, alaska_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """export's product is a folder: -o - is refused, and no folder named '-' appears."""
    monkeypatch.chdir(tmp_path)
    run = Run(["export", str(alaska_path), "-o", "-"])
    assert run.code == 2
    assert "not standard output" in run.err
    assert not (tmp_path / "-").exists()


def test_output_under_a_file_says_not_a_directory(tmp_path: Path, alaska_path: Path) -> None:
    """-o a/b where a is a file: 'not a directory', at any depth, not 'file exists'."""
    blocker = tmp_path / "a.json"
    blocker.write_text("{}", encoding="utf-8")
    for target in (blocker / "x.md", blocker / "y" / "x.md"):
        run = Run(["render", str(alaska_path), "-o", str(target)])
        assert run.code == 2
        assert run.err == f"{target}: error: cannot write: not a directory\n"


def test_nothing_to_compare_says_why(tmp_path: Path) -> None:
    """No pair to compare: the message gives the real reason, not a false one."""
    data = summitlib.unstructure(summitlib.examples.load("camp-david-1978"))
    data["agendas"] = [a for a in data["agendas"] if a["leader"] != "begin"]
    one_party = tmp_path / "one-party.json"
    one_party.write_text(json.dumps(data), encoding="utf-8")
    run = Run(["compare", str(one_party)])
    assert run.code == 0, run.err
    assert run.out.startswith("only one party has an agenda (mediators, hosts and observers")
    # The same leader id in both documents, told apart by Wikidata: two people.
    geneva = summitlib.unstructure(summitlib.examples.load("geneva-2021"))
    for leader in geneva["leaders"]:
        if leader["id"] == "putin":
            leader["identifiers"] = [{"scheme": "wikidata", "identifier": "Q999999"}]
    other = tmp_path / "geneva.json"
    other.write_text(json.dumps(geneva), encoding="utf-8")
    alaska = _example_path(tmp_path, "alaska-2025")
    run = Run(["compare", str(other), str(alaska)])
    assert run.code == 0, run.err
    assert "'putin' has an agenda in both documents, but with different Wikidata" in run.out
    assert "(Q999999; Q7747)" in run.out


def test_validate_imports_only_what_it_needs(alaska_path: Path) -> None:
    """A run builds the options of its own command only: `validate` (pre-commit runs it
    often) does not load the forecast models, the comparison, the tables or the reports."""
    import subprocess
    import sys

    code = (
        "import io, sys\n"
        "from summitlib import cli\n"
        f"assert cli.run(['validate', {str(alaska_path)!r}], io.StringIO(), io.StringIO()) == 0\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('summitlib'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = set(done.stdout.split())
    assert "summitlib.validate" in loaded
    heavy = {
        "summitlib.negotiation",
        "summitlib.bargaining",
        "summitlib.comparison",
        "summitlib.table",
        "summitlib.render",
        "summitlib.html",
    }
    assert not loaded & heavy, sorted(loaded & heavy)
