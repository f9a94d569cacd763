"""The public surface: documented names resolve, nothing shadows a module, errors are ours."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest

import summitlib
from summitlib import comparison, corpus, errors, table

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "summitlib"

#: Modules whose name is also a function of the package. ``validate`` is the last one:
#: its module belongs to the validation rewrite (issue 13), which renames it.
KNOWN_SHADOWS = {"validate"}


def _resolve(dotted: str) -> object:
    """Import the longest module prefix of *dotted*, then follow attributes."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for part in parts[cut:]:
            found = getattr(found, part)
        return found
    raise ImportError(dotted)


def _documented_names() -> set[str]:
    pages = [*ROOT.glob("docs/**/*.md"), ROOT / "README.md", ROOT / "CONTRIBUTING.md"]
    names: set[str] = set()
    for page in pages:
        text = page.read_text(encoding="utf-8")
        names.update(re.findall(r"`(summitlib(?:\.[A-Za-z_][A-Za-z0-9_]*)+)", text))
        names.update(re.findall(r"^::: (summitlib[\w.]*)", text, re.MULTILINE))
    return names


def test_every_documented_dotted_name_resolves() -> None:
    """``summitlib.comparison.compare_summit`` and its kind work as written in the docs."""
    names = _documented_names()
    assert "summitlib.corpus.process" in names
    for name in sorted(names):
        assert _resolve(name) is not None, name


def test_no_function_shadows_a_module() -> None:
    """``import summitlib.X as m`` gives the module X for every public module."""
    for module in pkgutil.iter_modules([str(SOURCE)]):
        if module.name.startswith("_") or module.name in KNOWN_SHADOWS:
            continue
        imported = importlib.import_module(f"summitlib.{module.name}")
        assert getattr(summitlib, module.name) is imported, module.name
    import summitlib.comparison as by_import

    assert isinstance(by_import, types.ModuleType)
    assert summitlib.compare is comparison.compare  # the function keeps its short name


def test_public_modules_are_reachable_lazily_after_a_bare_import() -> None:
    """render, table, corpus and strategies need no import of their own, and cost nothing."""
    code = (
        "import sys, summitlib\n"
        "lazy = ['summitlib.render', 'summitlib.table', 'summitlib.corpus', "
        "'summitlib.strategies', 'hypothesis', 'summitlib._pipeline']\n"
        "print(sorted(name for name in lazy if name in sys.modules))\n"
        "print(summitlib.render.markdown.__name__, summitlib.table.TABLES is not None,\n"
        "      summitlib.corpus.process.__name__, summitlib.strategies.summits.__name__)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.splitlines() == ["[]", "markdown True process summits"]
    assert "render" in dir(summitlib)
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        summitlib.nothing  # noqa: B018


def test_python_m_summitlib_runs_the_command_line() -> None:
    """``python -m summitlib`` is the ``summitlib`` command."""
    done = subprocess.run(
        [sys.executable, "-m", "summitlib", "validate", "examples/alaska-2025.json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert (done.returncode, done.stdout) == (0, "examples/alaska-2025.json: valid\n")


def test_cli_plumbing_is_private() -> None:
    """The old batch and report modules are gone; their jobs live in private modules."""
    for name in ("batch", "report"):
        with pytest.raises(ImportError):
            importlib.import_module(f"summitlib.{name}")


def test_purposeful_errors_derive_from_summitlib_error(tmp_path: Path) -> None:
    """Bad arguments raise SummitlibError that is still a ValueError."""
    summit = summitlib.load(ROOT / "examples" / "alaska-2025.json")
    single = summit.__class__(**{**_fields(summit), "agendas": summit.agendas[:1]})
    calls = [
        lambda: comparison.Thresholds(convergent=0.2, divergent=0.9),
        lambda: comparison.negotiation_map(single),
        lambda: table.export([summit], tmp_path, "xml"),
        lambda: corpus.export([str(ROOT / "examples")], tmp_path, "xml"),
    ]
    for call in calls:
        with pytest.raises(errors.SummitlibError) as caught:
            call()
        assert isinstance(caught.value, ValueError)


def _fields(summit: summitlib.Summit) -> dict[str, object]:
    import attrs

    return {field.name: getattr(summit, field.name) for field in attrs.fields(type(summit))}


@pytest.mark.parametrize(
    "name", ["_pipeline.py", "_files.py", "corpus.py", "_reporters.py", "_fmt_output.py"]
)
def test_the_pipeline_has_no_catch_all(name: str) -> None:
    """A bug in summitlib must surface as a bug, not as a problem of the user's file."""
    tree = ast.parse((SOURCE / name).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ExceptHandler):
            caught = ast.unparse(node.type) if node.type is not None else "everything"
            assert caught not in ("Exception", "everything"), f"{name}:{node.lineno}"


def test_every_exception_class_of_the_pipeline_is_ours() -> None:
    """Classes of exception defined in the files of the pipeline derive from SummitlibError."""
    for module_name in ("errors", "_files", "_pipeline", "corpus", "io"):
        module = importlib.import_module(f"summitlib.{module_name}")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, BaseException)
                and value.__module__ == module.__name__
                and issubclass(value, Exception)
            ):
                assert issubclass(value, errors.SummitlibError), value
