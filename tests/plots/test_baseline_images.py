"""Maps and charts compared with baseline PNGs (issue 15: image comparison with a
tolerance, matplotlib's ``compare_images``): a change that moves, drops or recolours what
a figure shows fails here; a change of antialiasing does not.

The inputs are fixed and offline (lane routes, the shipped climatology, set costs). After
an intended change of a figure, or a matplotlib release that renders text differently,
regenerate the baselines and look at them before committing::

    ARCTICROUTE_UPDATE_BASELINES=1 python -m pytest tests/plots/test_baseline_images.py
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from conftest import require_module

from arcticroute import routing
from arcticroute.ice import icedata
from arcticroute.plots import iceplot, routemap

matplotlib = require_module("matplotlib", module_level=True)
matplotlib.use("Agg")
from matplotlib.testing.compare import compare_images  # noqa: E402

BASELINE = Path(__file__).parent / "baseline"
TOLERANCE_RMS = 6.0
"""RMS pixel difference (0-255) allowed: above font hinting and antialiasing noise
(< 2 between runs here), below a moved line or a changed colour band."""
DPI = 50


def _compare(name: str, drawn: Path) -> None:
    """Compare with the baseline (first written there when asked to regenerate)."""
    expected = BASELINE / f"{name}.png"
    if os.environ.get("ARCTICROUTE_UPDATE_BASELINES") == "1":
        shutil.copyfile(drawn, expected)
    assert expected.is_file(), f"no baseline {expected}: see this module's docstring"
    _compare_no_update(name, drawn)


def test_route_map(tmp_path):
    cmp = routing.compare("Shanghai", "Rotterdam")  # no date: the open-water lanes
    out = routemap.plot_routes(cmp.routes, tmp_path / "routes.png", dpi=DPI)
    _compare("routes_shanghai_rotterdam", out)


def test_cost_chart(tmp_path):
    costs = {
        "suez": {"fuel_usd": 1.30e6, "charter_usd": 0.74e6, "canal_toll_usd": 0.38e6},
        "nsr": {"fuel_usd": 0.95e6, "charter_usd": 0.51e6, "icebreaker_fee_usd": 0.20e6},
    }
    for c in costs.values():
        c["total_usd"] = sum(c.values())
    out = routemap.plot_costs(costs, tmp_path / "costs.png", "Shanghai -> Rotterdam", dpi=DPI)
    _compare("costs", out)


def test_ice_map(tmp_path):
    ds = icedata.ice_for("2027-03-15", source="embedded")
    out = iceplot.plot_ice(ds, tmp_path / "ice.png", dpi=DPI)
    _compare("ice_march_climatology", out)


def test_routes_over_the_ice(tmp_path):
    ds = icedata.ice_for("2027-09-15", source="embedded")
    lon = np.concatenate([[33.0, 50.0], np.arange(70.0, 181.0, 10.0), [-175.0, -170.0]])
    lat = np.concatenate([[71.0, 74.0], np.full(12, 75.0), [70.0, 64.0]])
    escort = np.zeros(lon.size - 1, dtype=bool)
    escort[5:9] = True
    line = iceplot.RouteLine("nsr", lon, lat, escort=escort)
    out = iceplot.plot_ice_routes(ds, [line], tmp_path / "nsr.png", dpi=DPI)
    _compare("nsr_over_september_ice", out)


def test_a_changed_figure_fails(tmp_path):
    # the comparison can fail: the ice map of September against March's baseline
    ds = icedata.ice_for("2027-09-15", source="embedded")
    out = iceplot.plot_ice(ds, tmp_path / "ice.png", dpi=DPI)
    with pytest.raises(AssertionError):
        _compare_no_update("ice_march_climatology", out)


def _compare_no_update(name: str, drawn: Path) -> None:
    diff = compare_images(str(BASELINE / f"{name}.png"), str(drawn), tol=TOLERANCE_RMS)
    assert diff is None, diff
