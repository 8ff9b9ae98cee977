"""Shared fixtures.

Tests that need ``../shared/data`` use the ``shared_data`` fixture: it skips
when the folder is missing on a developer machine but fails when CI=true,
so CI can never pass by skipping them.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


def require_shared(path: Path = SHARED_DATA) -> Path:
    if path.exists():
        return path
    msg = f"shared data not found at {path}"
    if os.environ.get("CI") == "true":
        pytest.fail(msg + " (required in CI)")
    pytest.skip(msg)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    return require_shared()


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
