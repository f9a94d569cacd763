"""The summitlib command, in-process through cli.run and as a user runs the console script."""

from __future__ import annotations

import doctest
import hashlib
import importlib.util
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import summitlib
import summitlib.cli
from summitlib import _pipeline, cli, schema

INVALID = '{"schema_version": "1.0", "id": "Not A Slug"}\n'
SCRIPT = shutil.which("summitlib", path=str(Path(sys.executable).parent)) or "summitlib"
ANSI = re.compile(r"\x1b\[")


class _Terminal(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


class Run:
    """The outcome of one in-process run."""

    def __init__(
        self, argv: list[str], stdin: bytes = b"", environ: dict[str, str] | None = None
    ) -> None:
        out, err = _Terminal() if environ is not None else io.StringIO(), io.StringIO()
        self.code = cli.run(argv, out, err, io.BytesIO(stdin), environ=environ or {})
        self.out = out.getvalue()
        self.err = err.getvalue()


def _compact(alaska_path: Path) -> str:
    return json.dumps(json.loads(alaska_path.read_text(encoding="utf-8")))


@pytest.fixture
def folder(tmp_path: Path, alaska_path: Path) -> Path:
    """A folder of one valid, one non-canonical, one invalid and one non-UTF-8 file."""
    shutil.copy(alaska_path, tmp_path / "a-valid.json")
    (tmp_path / "b-compact.json").write_text(_compact(alaska_path), encoding="utf-8")
    (tmp_path / "c-invalid.json").write_text(INVALID, encoding="utf-8")
    (tmp_path / "d-latin1.json").write_bytes(b'{"id": "caf\xe9"}')
    return tmp_path


def test_validate_a_valid_file(alaska_path: Path) -> None:
    """A valid file prints FILE: valid and exits 0."""
    run = Run(["validate", str(alaska_path)])
    assert (run.code, run.out, run.err) == (0, f"{alaska_path}: valid\n", "")


def test_validate_an_invalid_file(tmp_path: Path) -> None:
    """Problems print as FILE:LINE:COL: PATH: message and exit 1."""
    (tmp_path / "a.json").write_text(INVALID, encoding="utf-8")
    run = Run(["validate", str(tmp_path / "a.json")])
    assert run.code == 1
    assert run.out.startswith(f"{tmp_path / 'a.json'}:1:27: $.id: 'id' must be")


def test_validate_continues_past_bad_files(folder: Path) -> None:
    """Every file is reported, in order; unreadable input makes the exit status 2."""
    run = Run(["validate", str(folder), str(folder / "missing.json")])
    assert run.code == 2
    assert run.out.splitlines()[0] == f"{folder / 'a-valid.json'}: valid"
    assert f"{folder / 'd-latin1.json'}: error: not UTF-8 text" in run.out
    assert f"{folder / 'missing.json'}: error: no such file or directory" in run.out
    assert run.out.endswith("5 files: 2 valid, 1 invalid, 2 unreadable\n")


def test_validate_quiet_prints_problems_only(folder: Path) -> None:
    """--quiet leaves out the valid files' lines."""
    run = Run(["validate", "--quiet", str(folder)])
    assert ": valid" not in run.out
    assert run.out.endswith("4 files: 2 valid, 1 invalid, 1 unreadable\n")


def test_validate_reads_standard_input(alaska_text: str) -> None:
    """``-`` is standard input."""
    run = Run(["validate", "-"], stdin=alaska_text.encode("utf-8"))
    assert (run.code, run.out) == (0, "-: valid\n")


def test_validate_json_format(folder: Path) -> None:
    """--format json prints the documented object."""
    run = Run(["validate", "--format", "json", str(folder)])
    data = json.loads(run.out)
    assert run.code == 2
    assert data["summary"] == {"files": 4, "valid": 2, "invalid": 1, "unreadable": 1}
    assert data["files"][2]["problems"][0]["code"] == "pattern"


def test_validate_github_format(folder: Path) -> None:
    """--format github prints one annotation per problem and nothing for valid files."""
    run = Run(["validate", "--format", "github", str(folder)])
    assert all(line.startswith("::error file=") for line in run.out.splitlines())
    assert "line=1,col=27" in run.out


def test_jobs_give_identical_output(tmp_path: Path, alaska_path: Path) -> None:
    """--jobs 2 prints exactly what one process prints, in every format."""
    for index in range(_pipeline.MIN_FILES_PER_PROCESS * 3):
        if index % 4:
            shutil.copy(alaska_path, tmp_path / f"{index:02}.json")
        else:
            (tmp_path / f"{index:02}.json").write_text(INVALID, encoding="utf-8")
    for format in ("text", "json", "github"):
        alone = Run(["validate", "--format", format, str(tmp_path)])
        together = Run(["validate", "--format", format, "--jobs", "2", str(tmp_path)])
        assert (together.code, together.out) == (alone.code, alone.out)


@pytest.mark.parametrize("jobs", ["-1", "two"])
def test_bad_jobs_is_a_usage_error(alaska_path: Path, jobs: str) -> None:
    """--jobs takes a whole number of 0 or more."""
    run = Run(["validate", "--jobs", jobs, str(alaska_path)])
    assert run.code == 2
    assert "usage: summitlib validate" in run.err
    assert "--jobs" in run.err


def test_colour_on_a_terminal_and_never_with_no_color(tmp_path: Path) -> None:
    """A terminal gets colour unless NO_COLOR is set."""
    (tmp_path / "a.json").write_text(INVALID, encoding="utf-8")
    argv = ["validate", str(tmp_path / "a.json")]
    assert ANSI.search(Run(argv, environ={}).out)
    assert not ANSI.search(Run(argv, environ={"NO_COLOR": "1"}).out)
    assert not ANSI.search(Run(argv).out)
    assert not ANSI.search(Run([*argv, "--format", "json"], environ={}).out)


def test_no_command_prints_help_and_exits_2() -> None:
    """Running summitlib bare is a usage error that shows the commands."""
    run = Run([])
    assert run.code == 2
    assert "validate" in run.err
    assert "fmt" in run.err


def test_unknown_option_is_a_usage_error(alaska_path: Path) -> None:
    """A bad option prints the usage and exits 2, without a traceback."""
    run = Run(["validate", "--nope", str(alaska_path)])
    assert run.code == 2
    assert "unrecognized arguments: --nope" in run.err
    assert "Traceback" not in run.err


def test_version() -> None:
    """--version prints the package version."""
    run = Run(["--version"])
    assert (run.code, run.out) == (0, f"summitlib {summitlib.__version__}\n")


def _subcommands() -> list[str]:
    parser = cli.build_parser()
    actions = [action for action in parser._actions if action.dest == "command"]
    return sorted(actions[0].choices)  # type: ignore[arg-type]


def test_help_has_examples_for_every_command() -> None:
    """summitlib --help and every COMMAND --help end with runnable examples."""
    assert "examples:\n  summitlib " in Run(["--help"]).out
    for command in _subcommands():
        run = Run([command, "--help"])
        assert run.code == 0
        assert f"usage: summitlib {command}" in run.out
        examples = run.out[run.out.index("examples:\n") :]
        # The first examples may fetch a sample document; the command itself must follow.
        assert examples.startswith("examples:\n  summitlib ")
        assert f"\n  summitlib {command}" in examples


def test_fmt_check_prints_a_diff_and_writes_nothing(folder: Path) -> None:
    """--check shows what would change, exits 1, and leaves the file alone."""
    target = folder / "b-compact.json"
    before = target.read_bytes()
    run = Run(["fmt", "--check", str(target)])
    assert run.code == 1
    assert run.out.startswith(f"--- {target}\n+++ {target}\n")
    assert f"would reformat {target}" in run.err
    assert target.read_bytes() == before


def test_fmt_check_passes_a_canonical_file(alaska_path: Path) -> None:
    """A canonical file needs nothing."""
    run = Run(["fmt", "--check", str(alaska_path)])
    assert (run.code, run.out) == (0, "")


def test_fmt_rewrites_in_canonical_form(folder: Path, alaska_path: Path) -> None:
    """fmt rewrites what it can, reports the rest like validate, and exits by the worst."""
    run = Run(["fmt", str(folder)])
    assert run.code == 2
    assert (folder / "b-compact.json").read_bytes() == alaska_path.read_bytes()
    assert (folder / "c-invalid.json").read_text(encoding="utf-8") == INVALID
    assert f"{folder / 'c-invalid.json'}:1:27: $.id:" in run.out
    assert f"reformatted {folder / 'b-compact.json'}" in run.err
    assert Run(["fmt", "--check", str(folder / "b-compact.json")]).code == 0


def test_fmt_standard_input_to_standard_output(alaska_path: Path) -> None:
    """``fmt -`` writes the canonical text to stdout and nothing else."""
    run = Run(["fmt", "-"], stdin=_compact(alaska_path).encode("utf-8"))
    assert (run.code, run.out, run.err) == (0, alaska_path.read_text(encoding="utf-8"), "")


def test_fmt_invalid_standard_input_reports_on_stderr_only() -> None:
    """An editor piping through ``fmt -`` never gets problems in place of its text."""
    run = Run(["fmt", "-"], stdin=INVALID.encode("utf-8"))
    assert (run.code, run.out) == (1, "")
    assert run.err.startswith("-:1:27: $.id:")


def test_fmt_standard_input_with_other_files_is_a_usage_error(alaska_path: Path) -> None:
    """Canonical text for stdin and reports for files cannot share stdout."""
    run = Run(["fmt", "-", str(alaska_path)])
    assert run.code == 2
    assert "'-' must be the only FILE" in run.err


def test_schema_prints_the_generated_schema() -> None:
    """schema prints json_schema() as JSON."""
    run = Run(["schema"])
    assert run.code == 0
    assert json.loads(run.out) == schema.json_schema()


def test_schema_to_a_file_matches_the_committed_export(tmp_path: Path) -> None:
    """-o writes the same bytes as the committed schemas/summit.schema.json."""
    run = Run(["schema", "-o", str(tmp_path / "summit.schema.json")])
    assert (run.code, run.out, run.err) == (0, "", "")
    committed = Path(__file__).resolve().parent.parent / "schemas" / "summit.schema.json"
    assert (tmp_path / "summit.schema.json").read_bytes() == committed.read_bytes()


def test_render_markdown_and_text(alaska_path: Path) -> None:
    """render prints the report with the seed's tables, as Markdown or plain text."""
    markdown = Run(["render", str(alaska_path)])
    assert markdown.code == 0
    assert markdown.out.startswith("# Alaska summit of Vladimir Putin and Donald Trump\n")
    assert "| Communication Style | Direct and unfiltered |" in markdown.out
    text = Run(["render", "--format", "text", str(alaska_path)])
    assert text.code == 0
    assert text.out.splitlines()[1].startswith("=====")
    assert "|" not in text.out.splitlines()[0]


def test_render_to_a_file(tmp_path: Path, alaska_path: Path) -> None:
    """-o writes the report to a file and nothing to stdout."""
    run = Run(["render", str(alaska_path), "-o", str(tmp_path / "out.md")])
    assert (run.code, run.out) == (0, "")
    assert (tmp_path / "out.md").read_text(encoding="utf-8").startswith("# Alaska summit")


def test_render_to_an_unwritable_place_is_an_error(tmp_path: Path, alaska_path: Path) -> None:
    """A report that cannot be written is exit status 2 with the reason."""
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    run = Run(["render", str(alaska_path), "-o", str(tmp_path / "a-file" / "out.md")])
    assert run.code == 2
    assert "cannot write: " in run.err
    assert not (tmp_path / "a-file").is_dir()


def test_render_creates_missing_folders(tmp_path: Path, alaska_path: Path) -> None:
    """-o into a folder that does not exist yet creates it, as every -o does."""
    target = tmp_path / "no" / "such" / "out.md"
    run = Run(["render", str(alaska_path), "-o", str(target)])
    assert run.code == 0, run.err
    assert target.read_text(encoding="utf-8").startswith("# ")


def test_render_an_invalid_file_reports_problems_on_stderr(tmp_path: Path) -> None:
    """Problems go to stderr, as validate words them; stdout stays empty."""
    (tmp_path / "a.json").write_text(INVALID, encoding="utf-8")
    for command in ("render", "compare"):
        run = Run([command, str(tmp_path / "a.json")])
        assert (run.code, run.out) == (1, "")
        assert run.err.startswith(f"{tmp_path / 'a.json'}:1:27: $.id:")


def test_render_reads_standard_input(alaska_path: Path) -> None:
    """``-`` is standard input."""
    run = Run(["render", "-"], stdin=alaska_path.read_bytes())
    assert run.code == 0
    assert run.out.startswith("# Alaska summit")


def test_render_a_missing_file_is_exit_2(tmp_path: Path) -> None:
    """An unreadable input is exit status 2."""
    run = Run(["render", str(tmp_path / "missing.json")])
    assert run.code == 2
    assert "no such file or directory" in run.err


def test_compare_every_pair(alaska_path: Path) -> None:
    """compare shows agreement, alignment per area and the negotiation map."""
    run = Run(["compare", str(alaska_path)])
    assert run.code == 0
    assert run.out.startswith("Trump and Putin\n")
    assert "Sticking points" in run.out
    assert "Ukraine Conflict" in run.out


def test_compare_named_leaders_in_the_order_given(alaska_path: Path) -> None:
    """--leaders A B compares just those two, A first."""
    run = Run(["compare", str(alaska_path), "--leaders", "putin", "trump", "--format", "json"])
    assert run.code == 0
    (pair,) = json.loads(run.out)["comparisons"]
    assert pair["comparison"]["leaders"] == ["putin", "trump"]
    assert pair["negotiation_map"]["sticking_points"] == [
        "ukraine-conflict",
        "international-standing",
    ]


def test_compare_markdown(alaska_path: Path) -> None:
    """--format markdown gives a Markdown section per pair."""
    run = Run(["compare", str(alaska_path), "--format", "markdown"])
    assert run.code == 0
    assert run.out.startswith("## Trump and Putin\n")


def test_compare_an_unknown_leader_is_a_usage_error(alaska_path: Path) -> None:
    """A leader without an agenda is named, with the ones that have one."""
    run = Run(["compare", str(alaska_path), "--leaders", "putin", "xi"])
    assert run.code == 2
    assert "no agenda for leader 'xi'" in run.err
    assert "trump, putin" in run.err


def _revised(alaska_path: Path, tmp_path: Path) -> Path:
    text = alaska_path.read_text(encoding="utf-8")
    revised = text.replace('"position": 45,', '"position": 60,', 1)
    assert revised != text
    (tmp_path / "new.json").write_text(revised, encoding="utf-8")
    return tmp_path / "new.json"


def test_diff_names_changed_records_and_fields(tmp_path: Path, alaska_path: Path) -> None:
    """diff prints one line per changed record and field; exit 0 unless --exit-code."""
    new = _revised(alaska_path, tmp_path)
    run = Run(["diff", str(alaska_path), str(new)])
    assert run.code == 0
    assert run.out.splitlines() == [
        "~ goal trump-sanctions-leverage ($.agendas[0].goals[2])",
        "    changed $.agendas[0].goals[2].position: 45 -> 60",
    ]
    assert Run(["diff", "--exit-code", str(alaska_path), str(new)]).code == 1
    same = Run(["diff", "--exit-code", str(alaska_path), str(alaska_path)])
    assert (same.code, same.out) == (0, "no changes\n")


def test_diff_json(tmp_path: Path, alaska_path: Path) -> None:
    """--format json gives added, removed and changed."""
    run = Run(["diff", "--format", "json", str(alaska_path), str(_revised(alaska_path, tmp_path))])
    data = json.loads(run.out)
    assert (data["added"], data["removed"]) == ([], [])
    assert data["changed"][0]["id"] == "trump-sanctions-leverage"


def test_diff_against_standard_input(alaska_path: Path) -> None:
    """One side may be ``-``; both may not."""
    run = Run(["diff", "-", str(alaska_path)], stdin=alaska_path.read_bytes())
    assert (run.code, run.out) == (0, "no changes\n")
    both = Run(["diff", "-", "-"])
    assert both.code == 2
    assert "only one of OLD, NEW can be -" in both.err


def test_diff_with_bad_inputs_reports_both(tmp_path: Path, alaska_path: Path) -> None:
    """Each bad side is reported; the status is the worse one."""
    (tmp_path / "a.json").write_text(INVALID, encoding="utf-8")
    run = Run(["diff", str(tmp_path / "a.json"), str(tmp_path / "missing.json")])
    assert run.code == 2
    assert "$.id" in run.err
    assert "missing.json: error: no such file or directory" in run.err
    assert Run(["diff", str(tmp_path / "a.json"), str(alaska_path)]).code == 1


def _digests(folder: Path) -> dict[str, str]:
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in folder.iterdir()}


#: Commands that take any number of files and directories.
BATCH_COMMANDS = [
    ["validate"],
    ["validate", "--format", "json"],
    ["validate", "--format", "github", "--jobs", "2"],
    ["fmt", "--check"],
]
#: Commands that take one file.
FILE_COMMANDS = [
    ["render"],
    ["render", "--format", "text"],
    ["compare"],
    ["compare", "--format", "json"],
    ["compare", "--format", "markdown", "--leaders", "putin", "trump"],
]


@pytest.mark.parametrize("command", BATCH_COMMANDS + FILE_COMMANDS, ids=" ".join)
def test_inputs_are_byte_identical_after_commands_other_than_fmt(
    folder: Path, command: list[str]
) -> None:
    """Only fmt without --check may change a file; everything else only reads."""
    before = _digests(folder)
    files = sorted(str(path) for path in folder.iterdir())
    if command in BATCH_COMMANDS:
        Run([*command, *files])
        Run([*command, str(folder)])
    else:
        for file in files:
            Run([command[0], file, *command[1:]])
    assert _digests(folder) == before


def test_inputs_are_byte_identical_after_diff(folder: Path) -> None:
    """diff reads both sides and writes neither, whatever they hold."""
    before = _digests(folder)
    files = sorted(str(path) for path in folder.iterdir())
    for old in files:
        for new in files:
            Run(["diff", "--format", "json", old, new])
    assert _digests(folder) == before


# A few runs of the real console script, as a user would run it.


def _script(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "SUMMITLIB_DEBUG"}
    return subprocess.run(
        [SCRIPT, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=120
    )


def test_script_validates_the_example() -> None:
    """The installed command checks the example, plainly when piped."""
    done = _script("validate", "examples/alaska-2025.json", cwd=Path(__file__).parent.parent)
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        "examples/alaska-2025.json: valid\n",
        "",
    )


def test_script_never_shows_a_traceback_for_hostile_input(tmp_path: Path) -> None:
    """FIFOs, symlink loops, bad bytes, deep nesting, NaN and odd names give messages."""
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "fifo.json")
    (tmp_path / "loop.json").symlink_to(tmp_path / "loop.json")
    (tmp_path / "dangling.json").symlink_to(tmp_path / "nowhere.json")
    (tmp_path / "bytes.json").write_bytes(b"\x00\xff\xfe\x80")
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (tmp_path / "nan.json").write_text('{"a": NaN}', encoding="utf-8")
    (tmp_path / "empty.json").write_bytes(b"")
    (tmp_path / "bom.json").write_bytes(b"\xef\xbb\xbf{}")
    (tmp_path / "dup.json").write_text('{"id": "a", "id": "b"}', encoding="utf-8")
    (tmp_path / "big-number.json").write_text('{"a": 1e999}', encoding="utf-8")
    if sys.platform == "linux":  # a file name that is not UTF-8
        (tmp_path / os.fsdecode(b"caf\xe9.json")).write_bytes(b"[]")
    for command in (["validate"], ["validate", "--format", "json"], ["fmt", "--check"]):
        done = _script(*command, str(tmp_path))
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr
        assert "Traceback" not in done.stdout
        assert "internal error" not in done.stderr


def test_script_output_to_a_closed_pipe_is_quiet(tmp_path: Path) -> None:
    """``summitlib validate … | head -1`` ends without a BrokenPipeError traceback."""
    for index in range(200):
        (tmp_path / f"{index:03}.json").write_text(INVALID, encoding="utf-8")
    with subprocess.Popen(
        [SCRIPT, "validate", str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.readline()
        process.stdout.close()
        error = process.stderr.read()
        process.wait(timeout=120)
    assert b"Traceback" not in error


def _run_blocks() -> Any:
    """docs/_scripts/run_blocks.py, which runs the console examples of a page."""
    name = "summitlib_docs_run_blocks"
    if name not in sys.modules:
        path = Path(__file__).resolve().parent.parent / "docs" / "_scripts" / "run_blocks.py"
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def test_the_command_line_page_prints_what_it_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every console example in docs/cli.md runs and prints exactly its shown output."""
    root = Path(__file__).resolve().parent.parent
    shutil.copytree(root / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    assert _run_blocks().run_page(root / "docs" / "cli.md", strict=False) >= 8


def test_the_readme_command_line_section_prints_what_it_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's command-line examples print exactly their shown output."""
    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Command line")
    end = readme.find("\n## ", start + 1)
    (tmp_path / "section.md").write_text(
        readme[start : end if end != -1 else None], encoding="utf-8"
    )
    shutil.copytree(root / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    assert _run_blocks().run_page(tmp_path / "section.md", strict=False) >= 1


def test_the_examples_in_the_docstrings_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """The >>> examples of summitlib.cli print what they show."""
    monkeypatch.chdir(Path(__file__).resolve().parent.parent)
    assert doctest.testmod(summitlib.cli).failed == 0
