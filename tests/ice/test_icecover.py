"""The ice cover of a date: concentration by age, with thickness (arcticroute.ice.icecover)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from arcticroute.ice import icecover


@pytest.fixture(autouse=True)
def _embedded(monkeypatch):
    monkeypatch.delenv("ARCTICROUTE_DATA_DIR", raising=False)


@pytest.mark.parametrize(
    ("day", "rep"),
    [("2013-03-01", "2013-03-08"), ("2013-03-15", "2013-03-08"), ("2013-03-16", "2013-03-23"),
     ("2013-02-28", "2013-02-23")],
)  # fmt: skip
def test_thickness_day_is_the_half_month(day, rep):
    assert icecover.thickness_day(dt.date.fromisoformat(day)) == dt.date.fromisoformat(rep)


def test_partial_concentrations_add_up():
    c = icecover.ice_cover(dt.date(2024, 3, 15))
    known = ~np.isnan(c.sic)
    total = c.c_fy + c.c_sy + c.c_my
    assert np.allclose(total[known], c.sic[known])
    assert (c.c_fy[known] >= -1e-9).all() and (c.c_sy[known] >= -1e-9).all()
    assert c.ice_source == "climatology" and "Lebedev" in c.basis


def test_winter_first_year_ice_is_a_metre_or_more_in_the_kara_sea():
    # AARI stations of the SW Kara Sea: 120 cm reached between January and April
    # (ice-thickness.md §2); the model grows first-year ice to about that by March
    c = icecover.ice_cover(dt.date(2024, 3, 15))
    from arcticroute.ice import icedata

    region = icedata.shipped_grid()["region_filled"].values
    kara = (region == 6) & (c.c_fy > 0.9)
    assert 1.0 < np.nanmedian(c.h_fy_m[kara]) < 2.0


def test_old_ice_is_thicker_than_first_year_ice_in_the_same_cell():
    c = icecover.ice_cover(dt.date(2024, 3, 15))
    both = (c.c_my > 0) & ~np.isnan(c.sic)
    assert both.any()
    assert (c.h_my_m[both] > c.h_fy_m[both]).all()
    assert (c.h_sy_m <= 2.5 + 1e-9)[~np.isnan(c.sic)].all()  # WMO second-year bound


def test_effective_thickness_is_the_cell_mean():
    c = icecover.ice_cover(dt.date(2024, 9, 15))
    want = c.c_fy * c.h_fy_m + c.c_sy * c.h_sy_m + c.c_my * c.h_my_m
    assert np.allclose(c.effective_thickness_m, want, equal_nan=True)
