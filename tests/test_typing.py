"""``py.typed`` honoured: mypy --strict passes on every module behind a name of
``import arcticroute`` (issue 15, the Python API). The modules are read from the
package's stub, so a name added to the public API brings its module under the check."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import require_module

SRC = Path(__file__).resolve().parents[1] / "src"
STUB = SRC / "arcticroute" / "__init__.pyi"


def public_modules() -> list[Path]:
    dotted = set(re.findall(r"^from \.([\w.]+) import", STUB.read_text("utf-8"), re.M))
    files = [SRC / "arcticroute" / (name.replace(".", "/") + ".py") for name in sorted(dotted)]
    return [f for f in files if f.is_file()]


def test_the_public_modules_pass_mypy_strict(tmp_path):
    api = require_module("mypy.api")
    files = public_modules()
    assert {f.stem for f in files} >= {"planner", "voyage", "legs", "ports", "icedata", "ships"}
    args = ["--strict", "--follow-imports=silent", "--ignore-missing-imports"]
    out, err, status = api.run([*args, "--cache-dir", str(tmp_path), *map(str, files)])
    assert status == 0, out + err
