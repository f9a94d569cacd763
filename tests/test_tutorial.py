"""The tutorial is executed: every block in docs/tutorial.md is run and its output compared.

The runner lives in ``docs/_scripts/run_blocks.py`` so that a writer can run a page by hand
(``python docs/_scripts/run_blocks.py docs/tutorial.md``) and see the same failure.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import load_docs_script

ROOT = Path(__file__).resolve().parent.parent
TUTORIAL = ROOT / "docs" / "tutorial.md"


run_blocks = load_docs_script("run_blocks")


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory holding a copy of examples/, as a reader's clone would."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_every_block_of_the_tutorial_runs_as_shown(scratch: Path) -> None:
    """Each Python block prints its Output block, each command its output, each fragment matches."""
    checked = run_blocks.run_page(TUTORIAL, strict=True)
    assert checked == len(run_blocks.blocks(TUTORIAL.read_text(encoding="utf-8")))
    assert (scratch / "broken.json").exists()


def test_the_tutorial_covers_the_whole_path_from_article_to_report() -> None:
    """The tutorial has fragments of each part of the example and uses Python and the CLI."""
    found = run_blocks.blocks(TUTORIAL.read_text(encoding="utf-8"))
    titles = {block.title for block in found if block.title}
    for part in ("$.focus_areas", "$.agendas", "$.recommendations", "$.sources"):
        assert any(title.startswith(part) for title in titles), part
    languages = {block.lang for block in found}
    assert {"python", "console", "json", "text"} <= languages


def test_the_runner_rejects_a_block_whose_output_differs(scratch: Path) -> None:
    """A Python block that prints something else than its Output block fails the page."""
    page = scratch / "page.md"
    page.write_text('```python\nprint("one")\n```\n\n```text title="Output"\ntwo\n```\n')
    with pytest.raises(run_blocks.BlockError, match="printed something else"):
        run_blocks.run_page(page, strict=True)


def test_the_runner_rejects_a_command_whose_output_differs(scratch: Path) -> None:
    """A console block's expected output is compared with what the command prints."""
    page = scratch / "page.md"
    page.write_text(
        "```console\n$ summitlib validate examples/alaska-2025.json\nexamples/x.json: valid\n```\n"
    )
    with pytest.raises(run_blocks.BlockError, match="printed something else"):
        run_blocks.run_page(page, strict=True)


def test_the_runner_rejects_a_fragment_that_is_not_in_the_file(scratch: Path) -> None:
    """A JSON fragment must equal the value at its path in the page's document."""
    page = scratch / "page.md"
    page.write_text(
        "<!-- fragments-of: examples/alaska-2025.json -->\n"
        '```json title="$.leaders[0].id"\n"trump"\n```\n'
    )
    with pytest.raises(run_blocks.BlockError, match="differs"):
        run_blocks.run_page(page, strict=True)


def test_the_runner_rejects_an_unchecked_block_in_a_strict_page(scratch: Path) -> None:
    """In the tutorial every block must be checked, so a bash block is an error there."""
    page = scratch / "page.md"
    page.write_text("```bash\nrm -rf /\n```\n")
    with pytest.raises(run_blocks.BlockError, match="nothing checks"):
        run_blocks.run_page(page, strict=True)
    assert run_blocks.run_page(page, strict=False) == 0


def test_echo_status_shows_the_exit_status_of_the_command_before(scratch: Path) -> None:
    """``$ echo $?`` in a console block is checked against the previous command's status."""
    page = scratch / "page.md"
    page.write_text(
        "```console\n$ summitlib validate examples/alaska-2025.json\n"
        "examples/alaska-2025.json: valid\n$ echo $?\n1\n```\n"
    )
    with pytest.raises(run_blocks.BlockError, match=r"echo \$\?"):
        run_blocks.run_page(page, strict=True)
