"""mypy --strict accepts a client program written against the public API."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CLIENT = """
from pathlib import Path

import summitlib
from summitlib import Goal, Problem, Report, Summit


def salient_goals(summit: Summit, threshold: float) -> list[Goal]:
    return [
        goal
        for agenda in summit.agendas
        for goal in agenda.goals
        if goal.salience is not None and goal.salience >= threshold
    ]


def problems(path: Path) -> list[str]:
    report: Report = summitlib.validate(path.read_bytes())
    found: list[Problem] = list(report.problems)
    return [f"{p.path}: {p.message} ({p.code}, line {p.line})" for p in found]


summit = summitlib.load(Path("examples/alaska-2025.json"))
names: list[str] = [leader.display_name for leader in summit.leaders]
text: str = summitlib.dumps(summit)
try:
    summitlib.loads(text)
except summitlib.SummitValidationError as error:
    codes: list[str] = [p.code for p in error.problems]
print(names, salient_goals(summit, 80.0), problems(Path("x.json")))
"""

BROKEN = CLIENT + "\nbad: int = summit.title\n"


def _mypy(source: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    program = tmp_path / "client.py"
    program.write_text(source, encoding="utf-8")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path / "cache"),
            str(program),
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def test_mypy_strict_accepts_a_client_and_catches_misuse(tmp_path: Path) -> None:
    """The typed public API checks cleanly, and a type error in client code is caught."""
    good = _mypy(CLIENT, tmp_path)
    assert good.returncode == 0, good.stdout + good.stderr
    bad = _mypy(BROKEN, tmp_path)
    assert bad.returncode == 1
    assert 'Incompatible types in assignment (expression has type "str"' in bad.stdout
