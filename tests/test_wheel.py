"""The wheel stands alone: installed outside the checkout, its docs' examples all work.

One wheel is built from the checkout and installed into a fresh virtual environment in a
temporary folder. The runtime dependencies come from this test environment through a
``.pth`` line (the test never downloads anything), after the new environment's own
site-packages, so ``import summitlib`` finds the installed wheel and never the checkout.
Everything runs with an empty temporary folder as the working directory.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

SRC = ROOT / "src" / "summitlib"


class Venv:
    """A fresh virtual environment with the wheel installed, and an empty working folder."""

    def __init__(self, root: Path, wheel: Path) -> None:
        self.root = root
        self.wheel = wheel
        self.bin = root / "venv" / ("Scripts" if os.name == "nt" else "bin")
        self.python = self.bin / "python"
        self.work = root / "work"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
        env["PATH"] = f"{self.bin}{os.pathsep}{env.get('PATH', '')}"
        env["NO_COLOR"] = "1"
        return env

    def run(
        self, args: list[str], *, cwd: Path | None = None, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            args,
            cwd=cwd or self.work,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if check:
            assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
        return done

    def python_code(self, code: str, *, cwd: Path | None = None) -> str:
        return self.run([str(self.python), "-c", code], cwd=cwd).stdout

    def empty_folder(self, name: str) -> Path:
        folder = self.root / "empty" / name
        folder.mkdir(parents=True)
        return folder


def _build_wheel(out: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )  # fmt: skip
    (wheel,) = out.glob("summitlib-*.whl")
    return wheel


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Venv:
    root = tmp_path_factory.mktemp("wheel")
    assert ROOT not in root.parents
    wheel = _build_wheel(root / "dist")
    env = Venv(root, wheel)
    env.work.mkdir()
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root / "venv")], check=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(env.python), "install", "-q",
         "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
        timeout=600,
    )  # fmt: skip
    site = Path(env.python_code("import sysconfig; print(sysconfig.get_path('purelib'))").strip())
    # Dependencies from this environment, searched after the venv's own site-packages.
    ours = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (site / "zz_test_dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    return env


def test_the_installed_package_is_the_wheel_not_the_checkout(venv: Venv) -> None:
    """summitlib imports from the new environment, and its data files are the packaged ones."""
    out = venv.python_code(
        "import summitlib, summitlib.examples as e\n"
        "print(summitlib.__file__); print(e.schema_path()); print(e.path('alaska-2025'))"
    )
    for line in out.splitlines():
        assert Path(line).is_relative_to(venv.root / "venv"), line
        assert not Path(line).is_relative_to(ROOT), line


def test_the_wheel_carries_the_schema_and_every_example(venv: Venv) -> None:
    """The packaged schema and examples are byte for byte the repository's files."""
    with zipfile.ZipFile(venv.wheel) as wheel:
        names = set(wheel.namelist())
        schema = wheel.read("summitlib/_data/summit.schema.json")
        for example in (ROOT / "examples").glob("*.json"):
            packed = wheel.read(f"summitlib/_data/examples/{example.name}")
            assert packed == example.read_bytes()
    assert schema == (ROOT / "schemas" / "summit.schema.json").read_bytes()
    assert "summitlib/py.typed" in names
    listed = json.loads(
        venv.python_code("import json, summitlib; print(json.dumps(summitlib.examples.names()))")
    )
    assert listed == sorted(path.stem for path in (ROOT / "examples").glob("*.json"))
    printed = venv.run([str(venv.bin / "summitlib"), "schema"]).stdout
    assert printed.encode() == schema


def test_the_wheel_has_a_licence_version_and_project_urls(venv: Venv) -> None:
    """The metadata carries the MIT text, the package's own version and the project URLs."""
    with zipfile.ZipFile(venv.wheel) as wheel:
        (metadata_name,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = wheel.read(metadata_name).decode()
        licence = wheel.read(metadata_name.replace("METADATA", "licenses/LICENSE")).decode()
    assert "Permission is hereby granted, free of charge" in licence
    assert "Copyright (c) 2026 summitlib developers" in licence
    version = venv.python_code("import summitlib; print(summitlib.__version__)").strip()
    assert f"\nVersion: {version}\n" in metadata
    urls = dict(re.findall(r"^Project-URL: ([^,]+), (\S+)$", metadata, re.MULTILINE))
    assert {"Homepage", "Documentation", "Changelog", "Issues"} <= set(urls)
    assert all(url.startswith("https://") for url in urls.values())


def _catches_import_error(node: ast.Try) -> bool:
    names = {"ImportError", "ModuleNotFoundError"}
    return any(
        isinstance(handler.type, ast.Name) and handler.type.id in names for handler in node.handlers
    )


def _imports(*, guarded: bool) -> set[str]:
    """Third-party top-level names src/ imports anywhere (not for type checking only).

    *guarded*: only the imports behind an ``except ImportError`` (an extra's), else the rest.
    """
    found: set[str] = set()

    def visit(node: ast.AST, inside_guard: bool) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return
        if isinstance(node, ast.Import) and inside_guard == guarded:
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and inside_guard == guarded:
            found.add("." if node.level or not node.module else node.module.split(".")[0])
        if isinstance(node, ast.Try) and _catches_import_error(node):
            for child in node.body:
                visit(child, True)
            for child in [*node.handlers, *node.orelse, *node.finalbody]:
                visit(child, inside_guard)
            return
        for child in ast.iter_child_nodes(node):
            visit(child, inside_guard)

    for path in SRC.glob("*.py"):
        visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return {name for name in found if name not in sys.stdlib_module_names} - {"summitlib", "."}


def _requirements(metadata: str) -> dict[str | None, set[str]]:
    """Requires-Dist names by extra (None: the runtime dependencies)."""
    by_extra: dict[str | None, set[str]] = {}
    for line in re.findall(r"^Requires-Dist: (.+)$", metadata, re.MULTILINE):
        name = re.match(r"[A-Za-z0-9_.-]+", line)
        assert name is not None
        extra = re.search(r"extra == '([^']+)'", line)
        by_extra.setdefault(extra.group(1) if extra else None, set()).add(name.group(0).lower())
    return by_extra


def test_runtime_dependencies_are_what_src_imports(venv: Venv) -> None:
    """The runtime dependencies are exactly the distributions of src/'s unguarded imports.

    An import behind an ImportError guard (hypothesis in summitlib.strategies) belongs to
    an extra of its own instead, and the guard's message names that extra.
    """
    import importlib.metadata

    with zipfile.ZipFile(venv.wheel) as wheel:
        (name,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
        requirements = _requirements(wheel.read(name).decode())
    distributions = importlib.metadata.packages_distributions()
    runtime = {distributions[module][0].lower() for module in _imports(guarded=False)}
    assert runtime == requirements[None]
    for module in _imports(guarded=True):
        (extra,) = [
            extra
            for extra, names in requirements.items()
            if names == {distributions[module][0].lower()}
        ]
        source = "\n".join(p.read_text(encoding="utf-8") for p in SRC.glob("*.py"))
        assert f"pip install 'summitlib[{extra}]'" in source


def test_strategies_without_hypothesis_say_which_extra_to_install(venv: Venv) -> None:
    """Importing summitlib.strategies without Hypothesis names `summitlib[strategies]`."""
    code = (
        "import sys\n"
        "sys.modules['hypothesis'] = None  # as if it were not installed\n"
        "try:\n"
        "    import summitlib.strategies\n"
        "except ImportError as error:\n"
        "    print(error)\n"
    )
    out = venv.python_code(code, cwd=venv.empty_folder("strategies"))
    assert "pip install 'summitlib[strategies]'" in out
    assert venv.python_code("import summitlib; print(summitlib.validate('{}').ok)") == "False\n"


def test_the_readme_python_block_runs_in_an_empty_folder(venv: Venv) -> None:
    """The README's Python example prints what its comments say, without the repository."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Python") :]
    code = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert code is not None
    out = venv.python_code(code.group(1), cwd=venv.empty_folder("readme"))
    assert out.splitlines()[0] == "['Vladimir Putin', 'Donald Trump']"
    assert out.splitlines()[1].startswith("$.id pattern ")


def _modules() -> list[Any]:
    names = sorted(path.stem for path in SRC.glob("*.py") if path.stem != "__main__")
    params = []
    for name in names:
        module = "summitlib" if name == "__init__" else f"summitlib.{name}"
        params.append(pytest.param(module, id=module))
    return params


@pytest.fixture(scope="module")
def doctest_results(venv: Venv) -> dict[str, list[int]]:
    """Every module's doctests, run once in the installed package from an empty folder."""
    code = textwrap.dedent(
        """
        import doctest, importlib, json, pkgutil, summitlib
        results = {"summitlib": list(doctest.testmod(summitlib))}
        for info in pkgutil.iter_modules(summitlib.__path__, "summitlib."):
            module = importlib.import_module(info.name)
            results[info.name] = list(doctest.testmod(module, optionflags=doctest.ELLIPSIS))
        print(json.dumps(results))
        """
    )
    out = venv.python_code(code, cwd=venv.empty_folder("doctests"))
    results: dict[str, list[int]] = json.loads(out.splitlines()[-1])
    return results


@pytest.mark.parametrize("module", _modules())
def test_docstring_examples_work_after_a_plain_install(
    doctest_results: dict[str, list[int]], module: str
) -> None:
    """Each module's >>> examples pass in the installed package, in an empty folder."""
    failed, attempted = doctest_results[module]
    assert failed == 0, f"{failed} of {attempted} examples of {module} failed"


def _help_pages(venv: Venv) -> dict[str, str]:
    script = str(venv.bin / "summitlib")
    top = venv.run([script, "--help"]).stdout
    commands = re.findall(r"^    (\w+)\s", top[top.index("commands:") :], re.MULTILINE)
    assert len(commands) >= 5
    pages = {"summitlib": top}
    for command in commands:
        pages[command] = venv.run([script, command, "--help"]).stdout
    return pages


def _examples(page: str) -> list[str]:
    start = page.find("examples:\n")
    if start == -1:
        return []
    lines = []
    for line in page[start + len("examples:\n") :].splitlines():
        if not line.startswith("  "):
            break
        lines.append(line.strip())
    return lines


def test_every_help_example_works_in_an_empty_folder(venv: Venv) -> None:
    """Each --help page's examples, run in order from an empty folder, exit 0 or 1.

    2 (usage error or unreadable input) or 3 (a bug) means the example does not work as
    written: it names a file the reader does not have, or an option that does not exist.
    """
    failures = []
    for command, page in _help_pages(venv).items():
        examples = _examples(page)
        assert examples, f"summitlib {command} --help shows no examples"
        folder = venv.empty_folder(f"help-{command}")
        for example in examples:
            done = venv.run(["bash", "-c", example], cwd=folder, check=False)
            if done.returncode not in (0, 1):
                failures.append(f"{example} -> {done.returncode}: {done.stderr.strip()[:200]}")
    assert failures == []
