#!/usr/bin/env bash
# Create .decide-venv/ at the repository root with the reference implementation of the
# Stokman & Van Oosten exchange model, decide-exchange-model (GPL-3), for
# tests/test_decide_reference.py. It lives in its own environment because its pins (numpy 1.23,
# pandas 1.5, matplotlib 3.6, PyQt5) are for its GUI, not for the model classes we drive. We
# install it without those dependencies and add only what the model and reader import:
# typesystem (the CSV row types) and peewee (imported by Actor.__eq__).
#
# Idempotent and quick: a second run finds the marker file and returns at once.
# Usage: benchmarks/decide_env.sh [VENV_DIR]      (default: .decide-venv at the repo root)
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="${1:-.decide-venv}"
DECIDE_VERSION="2022.1.28"
MARKER="$VENV/.decide-$DECIDE_VERSION"

if [ -f "$MARKER" ]; then
  exit 0
fi

PYTHON="${PYTHON:-python3}"
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
  "typesystem==0.2.5" "peewee>=3.14.4"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps \
  "decide-exchange-model==$DECIDE_VERSION"
# Fail here, not in the test, if the classes the test drives cannot be imported.
"$VENV/bin/python" -c "
from decide.data.reader import InputDataFile
from decide.data.modelfactory import ModelFactory
from decide.model.equalgain import EqualGainModel
from decide.model.utils import ModelLoop
"
touch "$MARKER"
