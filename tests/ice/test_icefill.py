"""Fill rule for coast and pole-hole cells (arcticroute.ice.icefill)."""

from __future__ import annotations

import time

import numpy as np
import pytest
import xarray as xr

from arcticroute import assumptions
from arcticroute.ice.icefill import IceFillError, fill_unseen

NAN = np.nan


def strait():
    """A 5x7 grid: land north and south, a coastal strait row between ice (west) and water.

    Row 2 is the strait; its middle cell (2, 3) is a coast cell.
    """
    land = np.zeros((5, 7), dtype=bool)
    land[0, :] = land[4, :] = True
    land[1, 2:5] = land[3, 2:5] = True
    coast = np.zeros_like(land)
    coast[2, 3] = True
    sic = np.full((5, 7), NAN)
    sic[1:4, 0:2] = 0.9  # ice to the west
    sic[1:4, 5:7] = 0.0  # open water to the east
    sic[2, 2] = 0.8
    sic[2, 4] = 0.1
    return sic, land, coast, np.zeros_like(land)


def test_coastal_strait_cell_gets_the_ice_value():
    sic, land, coast, pole = strait()
    filled, mask = fill_unseen(sic, land, coast, pole)
    # worst within 2 cells of (2, 3): 0.8 at (2, 2), 0.1 at (2, 4), 0.9 at (1..3, 1)
    assert filled[2, 3] == pytest.approx(0.9)
    assert mask[2, 3]
    assert mask.sum() == 1


def test_nearest_rule_takes_the_worst_of_the_equally_near():
    sic, land, coast, pole = strait()
    filled, _ = fill_unseen(sic, land, coast, pole, rule="nearest")
    assert filled[2, 3] == pytest.approx(0.8)  # (2, 2) and (2, 4) are 1 cell away


def test_radius_is_an_overridable_assumption():
    sic, land, coast, pole = strait()
    with assumptions.overridden({"icefill.radius_cells": 1}):
        filled, _ = fill_unseen(sic, land, coast, pole)
    assert filled[2, 3] == pytest.approx(0.8)
    with assumptions.overridden({"icefill.rule": "nearest"}):
        filled, _ = fill_unseen(sic, land, coast, pole, radius_cells=2)
    assert filled[2, 3] == pytest.approx(0.8)


def test_land_is_never_filled_and_stays_nan():
    sic, land, coast, pole = strait()
    sic[land] = 0.5  # a reader left values on land
    filled, mask = fill_unseen(sic, land, coast | land, pole)
    assert np.isnan(filled[land]).all()
    assert not mask[land].any()


def test_valid_cells_are_untouched_and_not_marked():
    sic, land, coast, pole = strait()
    filled, mask = fill_unseen(sic, land, coast, pole)
    valid = ~land & ~coast & np.isfinite(sic)
    np.testing.assert_array_equal(filled[valid], sic[valid])
    assert not mask[valid].any()


def test_isolated_unseen_cell_with_no_valid_neighbour_stays_nan():
    land = np.ones((9, 9), dtype=bool)
    land[4, 4] = False
    coast = ~land
    sic = np.full((9, 9), 0.0)
    filled, mask = fill_unseen(sic, land, coast, np.zeros_like(land))
    assert np.isnan(filled[4, 4])
    assert not mask.any()


def test_coast_cell_beyond_the_radius_stays_nan():
    land = np.zeros((1, 9), dtype=bool)
    coast = np.zeros_like(land)
    coast[0, 0:4] = True
    sic = np.array([[NAN, NAN, NAN, NAN, 0.7, 0.2, 0.2, 0.2, 0.2]])
    filled, mask = fill_unseen(sic, land, coast, np.zeros_like(land), radius_cells=2)
    np.testing.assert_array_equal(filled[0, :4], [NAN, NAN, 0.7, 0.7])
    np.testing.assert_array_equal(mask[0, :4], [False, False, True, True])


def test_ocean_cells_missing_for_other_reasons_are_not_filled():
    sic, land, coast, pole = strait()
    sic[2, 0] = NAN  # e.g. a missing swath
    filled, mask = fill_unseen(sic, land, coast, pole)
    assert np.isnan(filled[2, 0])
    assert not mask[2, 0]


def pole_grid():
    n = 15
    yy, xx = np.mgrid[0:n, 0:n]
    r = np.hypot(yy - 7, xx - 7)
    pole = r <= 3
    sic = np.where(pole, NAN, 0.95)
    sic[(r > 3) & (r <= 4) & (xx < 7)] = 0.99  # the worst value on the ring
    sic[r > 6] = 0.2  # far away, lower
    return sic, pole


def test_pole_hole_is_filled_from_its_ring():
    sic, pole = pole_grid()
    none = np.zeros_like(pole)
    filled, mask = fill_unseen(sic, none, none, pole)
    np.testing.assert_allclose(filled[pole], 0.99)
    np.testing.assert_array_equal(mask, pole)


def test_pole_hole_with_no_valid_ring_stays_nan():
    sic, pole = pole_grid()
    ring = ~pole & (np.hypot(*(np.mgrid[0:15, 0:15] - 7)) <= 5)
    sic[ring] = NAN
    none = np.zeros_like(pole)
    filled, mask = fill_unseen(sic, none, none, pole, pole_hole_ring_cells=2)
    assert np.isnan(filled[pole]).all()
    assert not mask.any()


def test_time_series_and_dataarray():
    sic, land, coast, pole = strait()
    series = np.stack([sic, np.where(np.isfinite(sic), 0.3, NAN)])
    da = xr.DataArray(series, dims=("time", "y", "x"), attrs={"units": "1"})
    filled, mask = fill_unseen(da, land, coast, pole)
    assert isinstance(filled, xr.DataArray)
    assert filled.dims == ("time", "y", "x")
    np.testing.assert_allclose(filled[:, 2, 3], [0.9, 0.3])
    assert filled.attrs["fill_rule"] == "worst_neighbour"
    assert "icefill.radius_cells" in filled.attrs["assumptions"]
    assert mask.dtype == bool
    assert bool(mask[:, 2, 3].all())
    assert int(mask.sum()) == 2


def test_full_year_on_the_psn25_grid_is_fast():
    rng = np.random.default_rng(0)
    land = np.zeros((448, 304), dtype=bool)
    land[:, :40] = True
    coast = np.zeros_like(land)
    coast[:, 40] = True
    coast[200:203, 100:103] = True
    yy, xx = np.mgrid[0:448, 0:304]
    pole = np.hypot(yy - 234, xx - 154) < 12
    sic = rng.random((365, 448, 304))
    start = time.perf_counter()
    filled, mask = fill_unseen(sic, land, coast, pole)
    elapsed = time.perf_counter() - start
    assert mask[:, coast].all() and mask[:, pole].all()
    assert np.isnan(filled[:, land]).all()
    assert elapsed < 10  # a guard against a per-cell Python loop, not a benchmark


def test_bad_input():
    sic, land, coast, pole = strait()
    with pytest.raises(IceFillError, match="unknown fill rule 'mean'; use one of worst_neighbour"):
        fill_unseen(sic, land, coast, pole, rule="mean")
    with pytest.raises(IceFillError, match="coast must have the grid shape \\(5, 7\\)"):
        fill_unseen(sic, land, coast[:3], pole)
    with pytest.raises(IceFillError, match="land must be a boolean mask"):
        fill_unseen(sic, land.astype(int), coast, pole)
    with pytest.raises(IceFillError, match="must be >= 0"):
        fill_unseen(sic, land, coast, pole, radius_cells=-1)
    with pytest.raises(IceFillError, match="at least 2 dimensions"):
        fill_unseen(sic[0], land, coast, pole)
