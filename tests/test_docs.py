"""The documentation cannot drift from the code.

Generated parts of pages (field tables, problem codes, limits, the schema reference) must
equal what ``docs/_scripts/generate.py`` writes now; every problem code's example must
really produce that code; and the examples on the guide pages must print what they show.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import attrs
import pytest

import summitlib
from summitlib._convert import MODEL_CLASSES
from tests.conftest import load_docs_script

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


generate = load_docs_script("generate")
run_blocks = load_docs_script("run_blocks")

GENERATED_PAGES = [page for page in generate.PAGES if (ROOT / page).exists()]


@pytest.mark.parametrize("page", GENERATED_PAGES)
def test_generated_parts_of_the_page_are_current(page: str) -> None:
    """Each generated block equals what the generator writes from the code today."""
    text = (ROOT / page).read_text(encoding="utf-8")
    assert generate.blocks(text), f"{page} has no generated block"
    assert generate.render(text) == text, f"{page} is out of date: run {generate.COMMAND}"


def test_a_stale_block_is_detected() -> None:
    """A generated block that lost a line no longer equals the generator's output."""
    text = (DOCS / "model.md").read_text(encoding="utf-8")
    stale = text.replace("| `salience` |", "| `importance` |", 1)
    assert stale != text
    assert generate.render(stale) == text


@pytest.mark.parametrize("example", generate.EXAMPLES, ids=lambda example: example.code)
def test_the_documented_example_produces_its_problem_code(example: generate.Example) -> None:
    """Validating the example shown for a code reports a problem with that code."""
    codes = [problem.code for problem in summitlib.validate(example.make())]
    assert example.code in codes


def test_every_problem_code_is_in_the_table() -> None:
    """The validation page has one row for every code in PROBLEM_CODES."""
    text = (DOCS / "validation.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z-]+)` \|", text, re.MULTILINE)
    assert rows == list(summitlib.PROBLEM_CODES)


def test_every_field_of_every_class_is_documented() -> None:
    """The model page documents each field under its class's heading."""
    text = (DOCS / "model.md").read_text(encoding="utf-8")
    for cls in MODEL_CLASSES:
        start = text.index(f"### {cls.__name__} {{#")
        end = text.find("\n### ", start + 1)
        section = text[start : end if end != -1 else len(text)]
        for field in attrs.fields(cls):
            assert f"| `{field.name}` |" in section, f"{cls.__name__}.{field.name}"


@pytest.mark.parametrize("page", ["index.md", "model.md", "validation.md", "strategies.md"])
def test_the_examples_on_the_page_print_what_they_show(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Python and console blocks of the guide pages run and print their shown output."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    assert run_blocks.run_page(DOCS / page, strict=False) > 0


def _nav_pages() -> list[str]:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = text[text.index("\nnav:") :]
    return re.findall(r":\s*(\S+\.md)\s*$", nav, re.MULTILINE)


def test_every_page_in_the_nav_exists() -> None:
    """The site's navigation names only pages that exist."""
    pages = _nav_pages()
    assert "tutorial.md" in pages
    missing = [page for page in pages if not (DOCS / page).exists()]
    assert missing == []


def test_the_changelog_keeps_a_changelog() -> None:
    """CHANGELOG.md follows Keep a Changelog, with an Unreleased section on top."""
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "keepachangelog.com" in text
    versions = re.findall(r"^## \[([^\]]+)\]", text, re.MULTILINE)
    assert versions[0] == "Unreleased"
    sections = re.findall(r"^### (\w+)", text, re.MULTILINE)
    allowed = {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}
    assert set(sections) <= allowed


def test_the_schema_reference_names_every_definition_and_property() -> None:
    """Each $defs entry of the committed schema has a section listing all its properties."""
    schema = json.loads((ROOT / "schemas" / "summit.schema.json").read_text(encoding="utf-8"))
    text = (DOCS / "reference" / "schema.md").read_text(encoding="utf-8")
    for name, definition in schema["$defs"].items():
        start = text.index(f"### {name} {{#")
        end = text.find("\n### ", start + 1)
        section = text[start : end if end != -1 else len(text)]
        for key in definition.get("properties", {}):
            assert f"| `{key}` |" in section, f"{name}.{key}"


def test_quoted_figures_are_the_generated_ones() -> None:
    """Every figure block in the docs is what benchmarks/docfigures.py last wrote.

    The figures are measured by `python benchmarks/docfigures.py` (run by
    `benchmarks/run.py`), which writes benchmarks/DOC-FIGURES.md and the pages' marked
    blocks together: a figure typed by hand, or a block left behind, fails here.
    """
    root = Path(__file__).resolve().parent.parent
    generated = (root / "benchmarks" / "DOC-FIGURES.md").read_text(encoding="utf-8")
    sections = re.findall(r"^## (\S+)\n\n((?:- .*\n)+)", generated, flags=re.M)
    assert {page for page, _ in sections} == {"docs/security.md", "docs/schema.md"}
    for page, bullets in sections:
        text = (root / page).read_text(encoding="utf-8")
        blocks = re.findall(
            r"<!-- figures: benchmarks/docfigures.py -->\n(.*?)[ ]*<!-- /figures -->", text, re.S
        )
        assert len(blocks) == 1, page
        quoted = "".join(line.strip() + "\n" for line in blocks[0].splitlines())
        assert quoted == bullets, page
