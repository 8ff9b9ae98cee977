"""Build the web app's vendored front-end files from the npm registry (pinned).

Installs the exact versions of ``web/package-lock.json`` with ``npm ci`` in a
temporary copy of ``web/`` (so no ``node_modules`` is left in the repository)
and copies the distribution files the page loads, with each package's licence,
into ``src/arcticroute/web/static/vendor/<package>/``. ``MANIFEST.json`` there
records every file's version, licence and sha256; ``tests/test_web_api.py``
checks the shipped files against it and the versions against the lock file.

Usage (from the repository root; needs node and npm)::

    python scripts/build_web_assets.py           # (re)build the vendored files
    python scripts/build_web_assets.py --check   # rebuild in a temp dir, compare; 1 if different

The page then works offline: nothing is fetched from a CDN at run time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WEB = REPO / "web"
VENDOR = REPO / "src/arcticroute/web/static/vendor"

FILES = {
    "leaflet": {
        "dist/leaflet.js": "leaflet.js",
        "dist/leaflet.css": "leaflet.css",
        "LICENSE": "LICENSE",
    },
    "proj4": {
        "dist/proj4.js": "proj4.js",
        "LICENSE.md": "LICENSE.md",
        # proj4's dist bundle includes these two dependencies.
        "../mgrs/license.md": "LICENSE-mgrs.md",
        "../wkt-parser/LICENSE.md": "LICENSE-wkt-parser.md",
    },
    "proj4leaflet": {
        "src/proj4leaflet.js": "proj4leaflet.js",
        "LICENSE": "LICENSE",
    },
}
"""Per npm package: file in the package -> name under ``vendor/<package>/``."""


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _npm_ci(workdir: Path) -> Path:
    for name in ("package.json", "package-lock.json"):
        shutil.copy2(WEB / name, workdir / name)
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("error: npm not found; install Node.js (e.g. apt-get install -y nodejs npm)")
    subprocess.run(
        [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--omit=dev"],
        cwd=workdir,
        check=True,
    )
    return workdir / "node_modules"


def _copy(modules: Path, out: Path) -> dict:
    lock = json.loads((WEB / "package-lock.json").read_text())["packages"]
    manifest = {}
    for package, files in FILES.items():
        meta = json.loads((modules / package / "package.json").read_text())
        locked = lock[f"node_modules/{package}"]["version"]
        if meta["version"] != locked:
            sys.exit(f"error: {package} {meta['version']} installed, lock says {locked}")
        dest = out / package
        dest.mkdir(parents=True, exist_ok=True)
        shas = {}
        for src, name in files.items():
            shutil.copyfile((modules / package / src).resolve(), dest / name)
            shas[name] = _sha256(dest / name)
        manifest[package] = {
            "version": meta["version"],
            "license": meta.get("license"),
            "files": shas,
        }
    (out / "MANIFEST.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="compare a fresh build with the shipped files"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="arcticroute-web-") as tmp:
        modules = _npm_ci(Path(tmp))
        if not args.check:
            if VENDOR.exists():
                shutil.rmtree(VENDOR)
            manifest = _copy(modules, VENDOR)
            for package, m in manifest.items():
                print(f"{package} {m['version']} ({m['license']}): {', '.join(m['files'])}")
            print(f"wrote {VENDOR.relative_to(REPO)}")
            return 0
        fresh = _copy(modules, Path(tmp) / "vendor")
        shipped = json.loads((VENDOR / "MANIFEST.json").read_text())
        bad = [
            f"{p}/{name}"
            for p, m in fresh.items()
            for name, sha in m["files"].items()
            if not (VENDOR / p / name).exists() or _sha256(VENDOR / p / name) != sha
        ]
        if bad or fresh != shipped:
            print("vendored files differ from a fresh build: " + (", ".join(bad) or "manifest"))
            return 1
        print("vendored files match a fresh build of web/package-lock.json")
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
