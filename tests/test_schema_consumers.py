"""The committed schema works in real consumers outside summitlib's own validator.

- ajv (JavaScript) in strict mode compiles it with no warning and accepts every example;
- json-schema-to-typescript generates types that ``tsc --strict`` accepts every example as;
- datamodel-code-generator generates pydantic models that validate every example.

Each also rejects a broken document, so a consumer that accepts anything cannot pass.
The Node tools are looked up in ``.ci-node/`` (``.ci/run`` installs them there with npm);
a missing tool fails the test when ``CI`` is set and skips it, saying how to install it,
otherwise.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

SCHEMA = ROOT / "schemas" / "summit.schema.json"
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))
NODE_MODULES = ROOT / ".ci-node" / "node_modules"
NPM_INSTALL = "npm install --prefix .ci-node ajv ajv-formats json-schema-to-typescript typescript"


def _require(available: bool, what: str, how: str) -> None:
    """Fail under CI, skip with the install command elsewhere, when *what* is missing."""
    if available:
        return
    message = f"{what} is not installed; install it with: {how}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _node_package(name: str) -> Path:
    package = NODE_MODULES / name
    _require(shutil.which("node") is not None, "node", "your system's package manager")
    _require((package / "package.json").is_file(), f"the npm package {name}", NPM_INSTALL)
    return package


def _broken() -> dict[str, Any]:
    """An example with a salience of 200 (the schema allows 0-100)."""
    document: dict[str, Any] = json.loads(EXAMPLES[0].read_text(encoding="utf-8"))
    broken = copy.deepcopy(document)
    broken["agendas"][0]["goals"][0]["salience"] = 200
    return broken


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=600, check=False)


AJV_SCRIPT = """
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");
const fs = require("fs");
const warnings = [];
const logger = {
  log: () => {},
  warn: (...args) => warnings.push(args.join(" ")),
  error: (...args) => warnings.push(args.join(" ")),
};
const ajv = new Ajv2020({ strict: true, allErrors: true, logger });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(process.argv[2], "utf8")));
const results = {};
for (const file of process.argv.slice(3)) {
  results[file] = validate(JSON.parse(fs.readFileSync(file, "utf8")))
    ? null : validate.errors;
}
console.log(JSON.stringify({ warnings, results }));
"""


def test_ajv_strict_compiles_the_schema_and_accepts_every_example(tmp_path: Path) -> None:
    """ajv (Draft 2020-12, strict) compiles without warnings, accepts examples, rejects junk."""
    _node_package("ajv")
    _node_package("ajv-formats")
    script = tmp_path / "ajv.js"
    script.write_text(AJV_SCRIPT, encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(_broken()), encoding="utf-8")
    files = [str(path) for path in EXAMPLES] + [str(broken)]
    done = subprocess.run(
        ["node", str(script), str(SCHEMA), *files],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "NODE_PATH": str(NODE_MODULES)},
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["warnings"] == []
    assert {file: report["results"][file] for file in files[:-1]} == dict.fromkeys(files[:-1])
    assert report["results"][str(broken)], "ajv accepted a salience of 200"


def test_typescript_types_accept_every_example(tmp_path: Path) -> None:
    """json-schema-to-typescript's types type-check every example; tsc rejects a broken one."""
    bin_dir = NODE_MODULES / ".bin"
    _node_package("json-schema-to-typescript")
    _node_package("typescript")
    generated = _run(
        [str(bin_dir / "json2ts"), "-i", str(SCHEMA), "-o", str(tmp_path / "summit.ts")],
        tmp_path,
    )
    assert generated.returncode == 0, generated.stderr
    types = (tmp_path / "summit.ts").read_text(encoding="utf-8")
    assert "export interface Summit {" in types

    def check(name: str, document: Any) -> subprocess.CompletedProcess[str]:
        source = tmp_path / f"{name}.ts"
        # `satisfies` checks the literal against the type, excess properties included.
        source.write_text(
            'import type { Summit } from "./summit";\n'
            f"export const document = {json.dumps(document, indent=1)} satisfies Summit;\n",
            encoding="utf-8",
        )
        return _run(
            [str(bin_dir / "tsc"), "--strict", "--noEmit", "--target", "es2020",
             "--module", "commonjs", str(source)],
            tmp_path,
        )  # fmt: skip

    for path in EXAMPLES:
        done = check(path.stem.replace("-", "_"), json.loads(path.read_text(encoding="utf-8")))
        assert done.returncode == 0, f"{path.name}:\n{done.stdout}{done.stderr}"
    broken = _broken()
    broken["leaders"][0]["nickname"] = "not a field"
    done = check("broken", broken)
    assert done.returncode != 0
    assert "nickname" in done.stdout + done.stderr


def test_pydantic_models_validate_every_example(tmp_path: Path) -> None:
    """datamodel-code-generator's pydantic models validate every example, reject junk."""
    codegen = shutil.which("datamodel-codegen", path=str(Path(sys.executable).parent))
    _require(
        codegen is not None,
        "datamodel-code-generator",
        "pip install -e '.[test]'",
    )
    assert codegen is not None
    models = tmp_path / "summit_models.py"
    done = _run(
        [codegen, "--input", str(SCHEMA), "--input-file-type", "jsonschema",
         "--output", str(models), "--output-model-type", "pydantic_v2.BaseModel"],
        tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(_broken()), encoding="utf-8")
    script = (
        "import json, sys\n"
        "import pydantic\n"
        "from summit_models import Summit\n"
        "for name in sys.argv[1:]:\n"
        "    try:\n"
        "        Summit.model_validate_json(open(name, 'rb').read())\n"
        "        print(json.dumps([name, True]))\n"
        "    except pydantic.ValidationError:\n"
        "        print(json.dumps([name, False]))\n"
    )
    files = [str(path) for path in EXAMPLES] + [str(broken)]
    done = _run([sys.executable, "-c", script, *files], tmp_path)
    assert done.returncode == 0, done.stderr
    results = dict(json.loads(line) for line in done.stdout.splitlines())
    assert results == {**dict.fromkeys(files[:-1], True), str(broken): False}
