"""Batch results as text, JSON and GitHub annotations; diffs, colour and progress."""

from __future__ import annotations

import doctest
import io
import json
import re
import threading
from pathlib import Path

import attrs
import pytest

import summitlib
from summitlib import _analysis_output, _color, _fmt_output, _progress, _reporters
from summitlib._pipeline import FileResult
from summitlib.validate import Problem


def format_text(results: list[FileResult], *, color: bool = False, quiet: bool = False) -> str:
    """The text report, as ``validate`` prints it."""
    return _reporters.render(results, "text", color=color, quiet=quiet)


VALID = FileResult("good.json")
INVALID = FileResult(
    "bad.json",
    problems=(
        Problem(path="$.id", code="pattern", message="'id' is bad", line=1, column=27),
        Problem(path="$", code="invalid", message="cannot check"),
    ),
)
UNREADABLE = FileResult("gone.json", error="no such file or directory")


class _Terminal(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("results", "code"),
    [
        ([VALID], 0),
        ([VALID, INVALID], 1),
        ([VALID, INVALID, UNREADABLE], 2),
        ([UNREADABLE], 2),
        ([], 0),
    ],
)
def test_exit_code_ranks_unreadable_over_invalid(results: list[FileResult], code: int) -> None:
    """0 all valid, 1 some invalid, 2 some unreadable."""
    assert _reporters.exit_code(results) == code


def test_text_reports_file_line_column_path_and_message() -> None:
    """Each problem is FILE:LINE:COL: PATH: message [code]; without a position, FILE: PATH."""
    text = format_text([VALID, INVALID, UNREADABLE])
    assert text.splitlines() == [
        "good.json: valid",
        "bad.json:1:27: $.id: 'id' is bad [pattern]",
        "bad.json: $: cannot check [invalid]",
        "gone.json: error: no such file or directory",
        "3 files: 1 valid, 1 invalid, 1 unreadable",
    ]


def test_quiet_text_leaves_out_valid_files() -> None:
    """quiet=True prints problems and the summary only."""
    assert format_text([VALID, INVALID], quiet=True).splitlines() == [
        "bad.json:1:27: $.id: 'id' is bad [pattern]",
        "bad.json: $: cannot check [invalid]",
        "2 files: 1 valid, 1 invalid, 0 unreadable",
    ]
    assert format_text([VALID], quiet=True) == ""


def test_text_for_one_file_has_no_summary() -> None:
    """One file, one line."""
    assert format_text([VALID]) == "good.json: valid\n"


def test_text_is_plain_unless_colour_is_asked_for() -> None:
    """ANSI escapes appear only with color=True, and the words stay the same."""
    plain = format_text([VALID, INVALID])
    coloured = format_text([VALID, INVALID], color=True)
    assert "\x1b[" not in plain
    assert "\x1b[" in coloured
    assert _strip_ansi(coloured) == plain


def _strip_ansi(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


@pytest.mark.parametrize(
    ("stream", "environ", "expected"),
    [
        (_Terminal(), {}, True),
        (_Terminal(), {"NO_COLOR": "1"}, False),
        (_Terminal(), {"NO_COLOR": ""}, True),
        (_Terminal(), {"TERM": "dumb"}, False),
        (io.StringIO(), {}, False),
    ],
)
def test_colour_only_on_a_terminal_without_no_color(
    stream: io.StringIO, environ: dict[str, str], expected: bool
) -> None:
    """NO_COLOR (when not empty), TERM=dumb and pipes all turn colour off."""
    assert _color.use_color(stream, environ) is expected


def test_colour_is_off_for_a_closed_stream() -> None:
    """A stream that cannot answer isatty is treated as no terminal."""
    stream = io.StringIO()
    stream.close()
    assert _color.use_color(stream, {}) is False


def test_json_report_is_the_documented_object() -> None:
    """The JSON report has ok, summary and files with problems, all keys always present."""
    data = json.loads(_reporters.JsonReporter().render([VALID, INVALID, UNREADABLE]))
    assert data["ok"] is False
    assert data["summary"] == {"files": 3, "valid": 1, "invalid": 1, "unreadable": 1}
    good, bad, gone = data["files"]
    assert good == {
        "file": "good.json",
        "path": "good.json",
        "ok": True,
        "error": None,
        "problems": [],
    }
    assert bad["problems"][0] == {
        "path": "$.id",
        "code": "pattern",
        "message": "'id' is bad",
        "line": 1,
        "column": 27,
    }
    assert bad["problems"][1]["line"] is None
    assert gone == {
        "file": "gone.json",
        "path": "gone.json",
        "ok": False,
        "error": "no such file or directory",
        "problems": [],
    }


def test_json_report_of_valid_files_is_ok() -> None:
    """ok is true only when every file is valid."""
    assert json.loads(_reporters.JsonReporter().render([VALID, VALID]))["ok"] is True


def test_github_annotations_escape_their_data() -> None:
    """Newlines, percent signs, colons and commas cannot break an annotation."""
    odd = FileResult(
        "a,b:c.json",
        problems=(Problem(path="$.x", code="type", message="50%\nbad", line=2, column=3),),
    )
    lines = _reporters.GithubReporter().render([VALID, odd, UNREADABLE]).splitlines()
    assert lines == [
        "::error file=a%2Cb%3Ac.json,line=2,col=3,title=summitlib type::$.x: 50%25%0Abad",
        "::error file=gone.json,title=summitlib::no such file or directory",
    ]


def test_render_picks_the_format_by_name() -> None:
    """render() dispatches on every name in the registry."""
    assert set(_reporters.REPORTERS) == {"text", "json", "github"}
    for name, reporter in _reporters.REPORTERS.items():
        assert _reporters.render([INVALID], name) == reporter().render([INVALID])


CHANGED = FileResult(
    "a.json",
    changed=True,
    original=b'{"a": 1,\n "b": 2}',
    formatted=b'{\n  "a": 1,\n  "b": 2\n}\n',
)
TIDY = FileResult("b.json")


def test_diff_is_a_unified_diff_with_the_file_name() -> None:
    """The diff names the file on both sides and marks a missing final newline."""
    diff = _fmt_output.format_diff(CHANGED)
    assert diff.splitlines() == [
        "--- a.json",
        "+++ a.json",
        "@@ -1,2 +1,4 @@",
        '-{"a": 1,',
        '- "b": 2}',
        "\\ No newline at end of file",
        "+{",
        '+  "a": 1,',
        '+  "b": 2',
        "+}",
    ]


def test_diff_of_an_unchanged_file_is_empty() -> None:
    """Nothing to show for a canonical file."""
    assert _fmt_output.format_diff(TIDY) == ""


def test_coloured_diff_keeps_its_text() -> None:
    """Colour wraps added and removed lines only."""
    coloured = _fmt_output.format_diff(CHANGED, color=True)
    assert "\x1b[32m+{" in coloured
    assert _strip_ansi(coloured) == _fmt_output.format_diff(CHANGED)


def test_fmt_output_shows_problems_and_with_check_the_diffs() -> None:
    """fmt prints problems of invalid files, and diffs only when checking."""
    invalid = FileResult(INVALID.path, problems=INVALID.problems)
    results = [CHANGED, TIDY, invalid]
    assert _fmt_output.output(results, check=False) == format_text([INVALID])
    checked = _fmt_output.output(results, check=True)
    assert checked.startswith("--- a.json\n")
    assert "bad.json:1:27: $.id" in checked


def test_fmt_summary_counts_what_happened() -> None:
    """The summary names each changed file and counts every outcome."""
    written = FileResult("a.json", changed=True, written=True)
    assert _fmt_output.summary([written, TIDY], check=False).splitlines() == [
        "reformatted a.json",
        "2 files: 1 reformatted, 1 unchanged, 0 invalid, 0 unreadable",
    ]
    assert _fmt_output.summary([CHANGED], check=True).splitlines() == [
        "would reformat a.json",
        "1 file: 1 would be reformatted, 0 unchanged, 0 invalid, 0 unreadable",
    ]


@pytest.mark.parametrize(
    ("results", "check", "code"),
    [
        ([CHANGED, TIDY], False, 0),
        ([CHANGED, TIDY], True, 1),
        ([TIDY], True, 0),
        ([FileResult("x.json", error="no such file")], True, 2),
        ([FileResult(INVALID.path, problems=INVALID.problems)], False, 1),
    ],
)
def test_fmt_exit_code(results: list[FileResult], check: bool, code: int) -> None:
    """--check makes a change a failure; invalid is 1 and unreadable 2 either way."""
    assert _fmt_output.exit_code_of(results, check=check) == code


def test_no_progress_bar_when_piped() -> None:
    """A stream that is not a terminal gets nothing."""
    stream = io.StringIO()
    with _progress.progress(100, stream, delay=0) as tick:
        for _ in range(100):
            tick(VALID)
    assert stream.getvalue() == ""


def test_progress_bar_on_a_terminal() -> None:
    """On a terminal a bar counts files and is cleared at the end."""
    stream = _Terminal()
    with _progress.progress(100, stream, delay=0, environ={}) as tick:
        for _ in range(100):
            tick(VALID)
    shown = stream.getvalue()
    assert "/100 files" in shown
    assert shown.endswith("\r")


def test_progress_bar_starts_no_thread() -> None:
    """Workers are forked while the bar shows: no monitor thread may be running then."""
    before = threading.active_count()
    with _progress.progress(100, _Terminal(), delay=0, environ={}) as tick:
        tick(VALID)
        assert threading.active_count() == before


def test_no_progress_bar_for_a_dumb_terminal_or_one_file() -> None:
    """TERM=dumb cannot redraw a line; a single file needs no bar."""
    for total, environ in [(100, {"TERM": "dumb"}), (1, {})]:
        stream = _Terminal()
        with _progress.progress(total, stream, delay=0, environ=environ) as tick:
            tick(VALID)
        assert stream.getvalue() == ""


def test_comparisons_as_json_text_and_markdown(alaska_path: Path) -> None:
    """Each pair comes with its negotiation map; the formats say the same thing."""
    summit = summitlib.load(alaska_path)
    pairs = summitlib.compare_summit(summit)
    data = json.loads(_analysis_output.format_comparisons(summit, pairs, "json"))
    (pair,) = data["comparisons"]
    assert pair["comparison"]["leaders"] == ["trump", "putin"]
    assert pair["negotiation_map"]["leaders"] == ["trump", "putin"]
    text = _analysis_output.format_comparisons(summit, pairs, "text")
    assert text.startswith("Trump and Putin\n")
    assert _analysis_output.format_comparisons(summit, pairs, "markdown").startswith(
        "## Trump and Putin"
    )


def test_no_pairs_to_compare_is_said_in_words(alaska_path: Path) -> None:
    """A summit with fewer than two agendas has nothing to compare."""
    summit = summitlib.load(alaska_path)
    assert "nothing to compare" in _analysis_output.format_comparisons(summit, (), "text")
    assert json.loads(_analysis_output.format_comparisons(summit, (), "json")) == {
        "comparisons": []
    }


def test_leader_names_use_display_names(alaska_path: Path) -> None:
    """Reports name leaders by their short name where they have one."""
    names = _analysis_output.leader_names(summitlib.load(alaska_path))
    assert names == {"putin": "Putin", "trump": "Trump"}


def test_changes_as_text_and_json(alaska_path: Path) -> None:
    """format_changes gives Diff.lines() or Diff.as_dict()."""
    summit = summitlib.load(alaska_path)
    renamed = attrs.evolve(summit, title="Another title")
    changes = summitlib.diff(summit, renamed)
    assert _analysis_output.format_changes(changes).splitlines() == changes.lines()
    assert json.loads(_analysis_output.format_changes(changes, "json")) == changes.as_dict()
    assert _analysis_output.format_changes(summitlib.diff(summit, summit)) == "no changes\n"


def test_the_examples_in_the_docstrings_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """The >>> examples of the output modules print what they show."""
    monkeypatch.chdir(Path(__file__).resolve().parent.parent)
    for module in (_reporters, _progress, _color, _fmt_output, _analysis_output):
        assert doctest.testmod(module).failed == 0
