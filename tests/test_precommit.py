"""Another repository can use this one as a pre-commit hook source.

This is the one test that installs from the package index: pre-commit builds its own
environment for the hooks, as it does for every user. Set ``SUMMITLIB_SKIP_PRECOMMIT=1``
to skip it on a machine without access to the index.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("SUMMITLIB_SKIP_PRECOMMIT")), reason="SUMMITLIB_SKIP_PRECOMMIT is set"
)


def _git(*args: str, cwd: Path) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True, env=_env()
    )
    return done.stdout.strip()


def _env(**extra: str) -> dict[str, str]:
    # A test run from inside a git hook inherits GIT_DIR and friends; they would point
    # pre-commit at the wrong repository.
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(extra)
    return env


def test_hooks_pass_a_valid_file_and_fail_an_invalid_one(tmp_path: Path) -> None:
    """The hooks pass the example and fail a broken file, naming the problem."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    rev = _git("rev-parse", "HEAD", cwd=ROOT)
    if not _git("ls-tree", "--name-only", rev, ".pre-commit-hooks.yaml", cwd=ROOT):
        pytest.skip("HEAD has no .pre-commit-hooks.yaml yet")
    user = tmp_path / "user"
    (user / "agendas").mkdir(parents=True)
    shutil.copy(EXAMPLES / "alaska-2025.json", user / "agendas" / "valid.json")
    (user / "agendas" / "invalid.json").write_text(
        '{"schema_version": "1.0", "id": "Not A Slug"}\n', encoding="utf-8"
    )
    (user / "package.json").write_text('{"name": "not a summit"}\n', encoding="utf-8")
    (user / ".pre-commit-config.yaml").write_text(
        f"repos:\n"
        f"  - repo: {ROOT}\n"
        f"    rev: {rev}\n"
        f"    hooks:\n"
        f"      - id: summitlib-validate\n"
        f"        files: ^agendas/\n"
        f"      - id: summitlib-fmt\n"
        f"        files: ^agendas/\n",
        encoding="utf-8",
    )
    _git("init", "--quiet", cwd=user)
    _git("add", ".", cwd=user)
    env = _env(PRE_COMMIT_HOME=str(tmp_path / "cache"), NO_COLOR="1")

    def pre_commit(*files: str, verbose: bool = False) -> subprocess.CompletedProcess[str]:
        flags = ["--verbose"] if verbose else []
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", "--color=never", *flags, "--files", *files],
            cwd=user,
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
        )

    passed = pre_commit("agendas/valid.json", "package.json")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert passed.stdout.count("Passed") == 2
    failed = pre_commit("agendas/valid.json", "agendas/invalid.json")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "agendas/invalid.json:1:" in failed.stdout
    assert "$.id" in failed.stdout
    assert "agendas/valid.json: valid" in failed.stdout

    # Five files: pre-commit would split them across processes (4 + 1 on two CPUs), each
    # printing its own summary; require_serial keeps one summary per hook for the run.
    five = [f"agendas/copy-{index}.json" for index in range(5)]
    for name in five:
        shutil.copy(EXAMPLES / "alaska-2025.json", user / name)
    _git("add", ".", cwd=user)
    serial = pre_commit(*five, verbose=True)
    assert serial.returncode == 0, serial.stdout + serial.stderr
    summaries = re.findall(r"^\d+ files?: .*$", serial.stdout + serial.stderr, re.MULTILINE)
    assert summaries == [
        "5 files: 5 valid, 0 invalid, 0 unreadable",
        "5 files: 0 reformatted, 5 unchanged, 0 invalid, 0 unreadable",
    ], serial.stdout


def test_every_hook_runs_serially() -> None:
    """Each hook asks pre-commit for one process per run, so there is one summary."""
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    hooks = text.split("\n- id: ")[1:]
    assert len(hooks) == 2
    for hook in hooks:
        assert "\n  require_serial: true\n" in hook + "\n", hook
