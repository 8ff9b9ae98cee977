"""Shared fixtures and the one rule for what a test needs.

What a test needs and cannot find (``../shared/data``, a test dependency such as
schemathesis or playwright, Chromium) skips the test on a developer machine but
fails it when CI=true (:func:`unavailable`), so CI can never pass by skipping.
Tests marked ``shared`` get the check even when they read the folder themselves.
"""

from __future__ import annotations

import gzip
import importlib
import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


def unavailable(why: str, module_level: bool = False):
    """A test cannot run here: fail when CI=true, skip on a developer machine."""
    if os.environ.get("CI") == "true":
        pytest.fail(why + " (required in CI)")
    pytest.skip(why, allow_module_level=module_level)


def require_shared(path: Path = SHARED_DATA) -> Path:
    if path.exists():
        return path
    return unavailable(f"shared data not found at {path}")


def require_module(name: str, module_level: bool = False):
    """Import a test dependency (schemathesis, playwright, jsonschema...) or give up."""
    try:
        return importlib.import_module(name)
    except ImportError:
        return unavailable(f"test dependency {name} is not installed", module_level)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    return require_shared()


@pytest.fixture(autouse=True)
def _shared_marker(request) -> None:
    """The ``shared`` marker is enforced: such a test needs ../shared/data."""
    if request.node.get_closest_marker("shared") is not None:
        require_shared()


@pytest.fixture(scope="session")
def land_10m(shared_data):
    """Natural Earth 1:10m land, prepared for fast intersection tests."""
    import shapely
    from shapely.geometry import shape

    with gzip.open(shared_data / "natural-earth/10m/ne_10m_land.json.gz", "rt") as fh:
        feats = json.load(fh)["features"]
    geom = shapely.union_all([shape(f["geometry"]) for f in feats])
    shapely.prepare(geom)
    return geom
