"""Shared fixtures and hypothesis profiles.

The ``ci`` profile (selected when the ``CI`` environment variable is set) runs more
examples; ``dev`` keeps local runs quick. Select one explicitly with
``pytest --hypothesis-profile=NAME``.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def load_docs_script(name: str) -> ModuleType:
    """Import ``docs/_scripts/NAME.py`` (not a package) once, shared by every test module."""
    module_name = f"summitlib_docs_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    path = ROOT / "docs" / "_scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(module_name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


settings.register_profile(
    "ci", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "dev", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture
def alaska_path() -> Path:
    """The seed's example document."""
    return EXAMPLES / "alaska-2025.json"


@pytest.fixture
def alaska_text(alaska_path: Path) -> str:
    """The seed's example document as text."""
    return alaska_path.read_text(encoding="utf-8")
