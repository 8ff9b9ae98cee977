"""Tests of arcticroute.ice.icedata: shipped climatology, ice_for sources and errors."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from arcticroute.errors import DataFileError
from arcticroute.ice import icedata, icegrid, seaice
from arcticroute.ice.extent import extent_km2
from arcticroute.ice.icedata import IceDataError, NoIceDataError, climatology, ice_for, shipped_grid

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "src/arcticroute/data" / icedata.EMBEDDED_FILE
CUBE = "nsidc-g02202-v3-monthly-nh/g02202_v03r01_monthly_nh_198901-201712.nc"
GRID = "nsidc-psn25-grid-ancillary/psn25_north_grid_ancillary.nc"


def _extent_mkm2(ds, grid, **kw) -> float:
    """Extent of a 2-D ice_for field (extent_km2 needs a time axis)."""
    stacked = ds.assign(sic=ds.sic.expand_dims("time"), pole_hole=ds.pole_hole.expand_dims("time"))
    return float(extent_km2(stacked, grid, **kw)[0]) / 1e6


@pytest.fixture()
def offline(shared_data, monkeypatch, tmp_path):
    """Observed files available from the shared folder, nothing downloaded."""
    monkeypatch.setenv("ARCTICROUTE_DATA_DIR", str(shared_data))
    monkeypatch.setenv("ARCTICROUTE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ARCTICROUTE_DATA_URL", raising=False)
    return shared_data


@pytest.fixture()
def no_files(monkeypatch, tmp_path):
    """No offline folder, an empty cache, and no mirror: only the embedded data."""
    monkeypatch.delenv("ARCTICROUTE_DATA_DIR", raising=False)
    monkeypatch.delenv("ARCTICROUTE_DATA_URL", raising=False)
    monkeypatch.setenv("ARCTICROUTE_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture(scope="module")
def cube(shared_data):
    return seaice.read_g02202(shared_data / CUBE)


# ----------------------------------------------------------------------------- shipped file


def test_shipped_file_equals_a_rebuild(shared_data, tmp_path):
    out = tmp_path / icedata.EMBEDDED_FILE
    cmd = [sys.executable, str(REPO / "scripts/build_ice_defaults.py")]
    subprocess.run([*cmd, "--shared", str(shared_data), "--out", str(out)], check=True)
    with np.load(out) as built, np.load(SHIPPED) as shipped:
        assert built.files == shipped.files
        for key in built.files:
            np.testing.assert_array_equal(built[key], shipped[key], err_msg=key)
    # The writer fixes the zip timestamps, so the rebuild is byte-identical too.
    assert out.read_bytes() == SHIPPED.read_bytes()


def test_shipped_file_is_small():
    assert SHIPPED.stat().st_size < 3e6


def test_shipped_grid_matches_the_ancillary_file(shared_data):
    ref = icegrid.load_grid(shared_data / GRID)
    grid = shipped_grid()
    assert set(grid.data_vars) == set(ref.data_vars)
    assert set(grid.coords) == set(ref.coords)
    for name in ("region", "region_filled", "region_n_msk", "x", "y"):
        np.testing.assert_array_equal(grid[name].values, ref[name].values, err_msg=name)
    # float32 storage: relative error <= 2**-24 ~ 6e-8.
    np.testing.assert_allclose(grid["cell_area_km2"], ref["cell_area_km2"], rtol=1e-7)
    np.testing.assert_allclose(grid["lat"], ref["lat"], atol=1e-5)
    np.testing.assert_allclose(grid["lon"], ref["lon"], atol=1e-4)
    x_m, y_m = icegrid.psn25_xy_m()
    np.testing.assert_array_equal(grid["x"], x_m)
    np.testing.assert_array_equal(grid["y"], y_m)


def test_shipped_grid_works_with_extent_by_region():
    ds = ice_for("2020-09-15", source="embedded")
    laptev = _extent_mkm2(ds, shipped_grid(), region="Laptev")
    total = _extent_mkm2(ds, shipped_grid())
    assert 0 <= laptev < total


def test_shipped_grid_is_read_only():
    grid = shipped_grid()
    with pytest.raises(ValueError, match="read-only"):
        grid["cell_area_km2"].values[0, 0] = 1.0


# ----------------------------------------------------------------------------- plausibility


@pytest.mark.parametrize("month", [3, 9])
def test_embedded_median_extent_near_mean_observed_extent(cube, shared_data, month):
    grid = icegrid.load_grid(shared_data / GRID)
    observed = extent_km2(cube, grid)
    years = observed.time.dt.year
    sel = observed.where((observed.time.dt.month == month) & (years >= 2008), drop=True)
    assert sel.sizes["time"] == 10
    mean_obs = float(sel.mean()) / 1e6
    median = _extent_mkm2(ice_for(f"2030-{month:02d}-15", source="embedded"), grid)
    # The extent of the median field is not the mean of the extents, but over
    # ten years of a smooth decline they agree closely: measured 5.56 vs 5.55
    # (September) and 15.30 vs 15.24 (March). 3 % leaves room for the rounding
    # to whole percent without hiding a wrong month or a wrong scale (x100).
    assert median == pytest.approx(mean_obs, rel=0.03)


def test_march_extent_larger_than_september():
    grid = shipped_grid()
    march = _extent_mkm2(ice_for("2030-03-15", source="embedded"), grid)
    september = _extent_mkm2(ice_for("2030-09-15", source="embedded"), grid)
    assert march > 2 * september


def test_percentiles_are_ordered_everywhere_defined():
    with np.load(SHIPPED) as z:
        p10, p50, p90 = (z[f"sic_{s}_pct"] for s in ("p10", "median", "p90"))
    known = p50 != icedata.UNKNOWN_PCT
    # The unknown rule depends only on how many years are NaN, not on the statistic.
    np.testing.assert_array_equal(known, p10 != 255)
    np.testing.assert_array_equal(known, p90 != 255)
    assert np.all(p10[known] <= p50[known])
    assert np.all(p50[known] <= p90[known])
    assert p90[known].max() <= 100


@pytest.mark.parametrize("stat", icedata.EMBEDDED_STATS)
@pytest.mark.parametrize("month", range(1, 13))
def test_masks_never_become_ice(stat, month):
    ds = ice_for(dt.date(2040, month, 1), source="embedded", stat=stat)
    masked = (ds.land | ds.coast | ds.lake | ds.pole_hole).values
    assert np.isnan(ds.sic.values[masked]).all()
    assert ds.pole_hole.values.sum() == 44  # F17 SSMIS pole hole
    assert np.nanmin(ds.sic.values) >= 0 and np.nanmax(ds.sic.values) <= 1


@pytest.mark.filterwarnings("ignore:All-NaN slice:RuntimeWarning")
def test_climatology_matches_numpy_nanpercentile(cube):
    clim = climatology(cube, range(2008, 2018), "p90")
    assert clim.attrs["ice_source"] == "climatology"
    assert clim.attrs["statistic"] == "p90"
    assert clim.attrs["climatology_years"] == list(range(2008, 2018))
    assert clim.sic.dims == ("month", "y", "x")
    september = cube.sic.values[(cube.time.dt.month == 9) & (cube.time.dt.year >= 2008)]
    ref = np.nanpercentile(september, 90, axis=0)
    got = clim.sic.sel(month=9).values
    known = np.isfinite(got)
    np.testing.assert_allclose(got[known], ref[known], atol=1e-6)


def test_climatology_by_day_of_year_on_daily_data(shared_data):
    daily = seaice.read_seaiceindex_netcdf(
        shared_data
        / "nsidc-seaiceindex-daily-conc-2025/N_daily_concentration_v3.0_20250101-20250611.nc"
    )
    clim = climatology(daily, stat="median", by="dayofyear")
    assert clim.sic.dims == ("dayofyear", "y", "x")
    assert clim.sizes["dayofyear"] == 160  # 2025-05-25 and 2025-06-10 are absent
    one_day = daily.sic.sel(time=np.datetime64("2025-03-01")).values
    np.testing.assert_array_equal(clim.sic.sel(dayofyear=60).values, one_day)


# ----------------------------------------------------------------------------- ice_for


def test_observed_g02202_month(offline):
    ds = ice_for("2012-09-20", source="g02202")
    assert ds.attrs["ice_source"] == "observed"
    assert ds.attrs["product"] == "G02202"
    assert ds.attrs["source_file"].endswith("g02202_v03r01_monthly_nh_198901-201712.nc")
    assert ds.time.values == np.datetime64("2012-09-01")
    assert ds.sic.dims == ("y", "x")
    # Record minimum of the CDR record, 4.32 million km² (shared data SOURCE.md).
    assert _extent_mkm2(ds, shipped_grid()) == pytest.approx(4.32, abs=0.01)


@pytest.mark.shared
def test_cube_months_read_in_blocks_equal_months_read_alone(shared_data):
    """A month of the 1989-2017 cube comes out of a year's block read exactly as when
    read alone: at both ends of a block and at the end of the file (fewer months)."""
    path = shared_data / CUBE
    st = path.stat()
    block = seaice.read_g02202(path, time_index=336, time_count=icedata.CUBE_BLOCK_MONTHS)
    assert block.sizes["time"] == 12  # Jan-Dec 2017, the file's last year
    for index in (0, 11, 12, 284, 347):
        alone = seaice.read_g02202(path, time_index=index)
        got = icedata._g02202_month(str(path), st.st_mtime_ns, st.st_size, index)
        assert np.datetime64(got.time) == alone.time.values[0].astype("datetime64[D]")
        for name in ("land", "coast", "lake"):
            np.testing.assert_array_equal(getattr(got, name), alone[name].values)
        for name in ("sic", "pole_hole"):
            np.testing.assert_array_equal(getattr(got, name), alone[name].values[0])


def test_auto_uses_local_observed_files(offline):
    assert ice_for("2012-09-20").attrs["ice_source"] == "observed"
    daily = ice_for(np.datetime64("2025-03-21"))
    assert daily.attrs["ice_source"] == "observed"
    assert daily.attrs["product"] == "G02135"
    assert daily.time.values == np.datetime64("2025-03-21")


@pytest.mark.parametrize("date", ["1985-06-01", "2025-05-25", "2026-01-10"])
def test_auto_falls_back_to_climatology_outside_the_data(offline, date):
    ds = ice_for(date)
    assert ds.attrs["ice_source"] == "climatology"
    assert ds.attrs["statistic"] == "median"
    assert ds.attrs["climatology_years"] == list(range(2008, 2018))
    assert ds.time.values == np.datetime64(date)


def test_auto_uses_the_observed_extent_where_no_grid_is_local(offline):
    # 2020-06 has a shipped Sea Ice Index outline: ice only inside it
    ds = ice_for("2020-06-01")
    clim = ice_for("2020-06-01", source="embedded")
    assert ds.attrs["ice_source"] == "extent"
    assert ds.attrs["extent_month"] == "2020-06"
    inside = ds.sic.values > 0
    assert np.all(ds.sic.values[inside] >= 0.15)  # the outline's least concentration
    assert np.all(ds.sic.values[inside] >= clim.sic.values[inside])
    assert inside.sum() < np.nansum(clim.sic.values > 0) * 1.2


def test_extent_source_outside_the_outlines_names_them():
    with pytest.raises(NoIceDataError, match=r"2018-01 \.\. 2023-02"):
        ice_for("2024-06-01", source="extent")


def test_auto_without_local_files_uses_the_shipped_extent_or_climatology(no_files):
    ds = ice_for(dt.datetime(2012, 9, 20, 12))
    assert ds.attrs["ice_source"] == "extent"  # every September 1979-2022 is shipped
    assert ice_for("2012-08-20").attrs["ice_source"] == "climatology"
    assert ds.attrs["source_file"].endswith(icedata.EMBEDDED_FILE)
    with pytest.raises(NoIceDataError, match="is not local: set ARCTICROUTE_DATA_DIR"):
        ice_for("2012-09-20", allow_climatology=False)
    with pytest.raises(NoIceDataError, match="only from local files"):
        ice_for("2030-09-20", allow_climatology=False)


def test_explicit_source_without_the_file_names_the_fix(no_files):
    with pytest.raises(DataFileError, match="ARCTICROUTE_DATA_DIR"):
        ice_for("2012-09-20", source="g02202")


def test_embedded_is_always_climatology(offline):
    for stat in icedata.EMBEDDED_STATS:
        ds = ice_for("2012-09-20", source="embedded", stat=stat)
        assert ds.attrs["ice_source"] == "climatology"
        assert ds.attrs["statistic"] == stat


def test_percentile_fields_are_ordered():
    p10, p50, p90 = (
        ice_for("2030-10-01", source="embedded", stat=s).sic.values
        for s in ("p10", "median", "p90")
    )
    known = np.isfinite(p50)
    assert np.all(p10[known] <= p50[known]) and np.all(p50[known] <= p90[known])


@pytest.mark.parametrize(
    ("source", "date", "match"),
    [
        ("g02202", "2020-09-01", r"g02202 covers 1989-01-01 \.\. 2017-12-31"),
        ("seaiceindex_daily", "2025-05-25", "without 2025-05-25, 2025-06-10"),
        ("seaiceindex_daily", "2024-12-31", r"covers 2025-01-01 \.\. 2025-06-11"),
        ("auto", "2030-01-01", "allow_climatology=True"),
    ],
)
def test_allow_climatology_false_outside_the_data(offline, source, date, match):
    with pytest.raises(NoIceDataError, match=match):
        ice_for(date, source=source, allow_climatology=False)
    with pytest.raises(LookupError, match="no observed sea-ice field"):
        ice_for(date, source=source, allow_climatology=False)


def test_custom_climatology_from_the_cube(offline):
    ds = ice_for("2030-09-15", source="g02202", stat="p25", years=range(1989, 1999))
    assert ds.attrs["ice_source"] == "climatology"
    assert ds.attrs["statistic"] == "p25"
    assert ds.attrs["climatology_years"] == list(range(1989, 1999))
    # 1990s September ice well above the 2008-2017 median.
    grid = shipped_grid()
    recent = _extent_mkm2(ice_for("2030-09-15", source="embedded"), grid)
    assert _extent_mkm2(ds, grid) > recent + 1.0


def test_returned_fields_do_not_share_writable_state():
    first = ice_for("2030-09-15", source="embedded")
    first.sic.values[:] = 1.0
    first.attrs["statistic"] = "changed"
    first.sic.attrs["units"] = "%"
    with pytest.raises(ValueError, match="read-only"):
        first.land.values[0, 0] = True
    again = ice_for("2030-09-15", source="embedded")
    assert np.nanmax(again.sic.values) <= 1.0 and np.nanmin(again.sic.values) == 0.0
    assert again.attrs["statistic"] == "median"
    assert again.sic.attrs["units"] == "1"


def test_observed_field_is_a_copy(offline):
    first = ice_for("2012-09-20", source="g02202")
    first.sic.values[:] = 0.5
    assert np.nanmax(ice_for("2012-09-20", source="g02202").sic.values) == 1.0


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "date", [None, 20120920, "20th September", "2012-13-01", np.datetime64("NaT")]
)
def test_ice_for_rejects_non_dates(date):
    with pytest.raises(IceDataError, match="date must be"):
        ice_for(date, source="embedded")


def test_ice_for_rejects_unknown_source():
    with pytest.raises(
        IceDataError, match="use one of auto, embedded, extent, g02202, seaiceindex_daily"
    ):
        ice_for("2020-01-01", source="osisaf")


@pytest.mark.parametrize("stat", ["mean", "p101", "P10", "p", 10])
def test_ice_for_rejects_unknown_statistic(stat):
    with pytest.raises(IceDataError, match="unknown statistic"):
        ice_for("2020-01-01", source="embedded", stat=stat)


def test_embedded_rejects_what_it_does_not_hold():
    with pytest.raises(IceDataError, match="use source='g02202'"):
        ice_for("2020-01-01", source="embedded", stat="p25")
    with pytest.raises(IceDataError, match="use source='g02202'"):
        ice_for("2020-01-01", source="embedded", years=range(1990, 2000))


@pytest.mark.parametrize("years", [[], "2010", [2010.5], range(1980, 1990)])
def test_ice_for_rejects_bad_years(years):
    with pytest.raises(IceDataError, match="years"):
        ice_for("2020-01-01", source="embedded", years=years)


def test_climatology_rejects_bad_input(cube):
    with pytest.raises(IceDataError, match=r"arcticroute\.ice\.seaice reader"):
        climatology(cube.sic)
    with pytest.raises(IceDataError, match="by must be one of month, dayofyear"):
        climatology(cube, by="season")
    with pytest.raises(IceDataError, match=r"holds 1989-2017"):
        climatology(cube, years=[1979])
    with pytest.raises(IceDataError, match="unknown statistic"):
        climatology(cube, stat="p200")


@pytest.mark.shared
def test_observed_cube_month_is_read_without_xarray(shared_data, tmp_path):
    """The router reads an observed month of the G02202 cube as numpy arrays: no xarray (and
    no pandas or dask behind it) in a process that only asks for the field."""
    code = (
        "import sys; from arcticroute.ice import icedata; f = icedata.ice_field('2012-09-15'); "
        "print(f.attrs['ice_source'], f.attrs['product'], f.time, "
        "[m for m in ('xarray', 'pandas', 'dask') if m in sys.modules])"
    )
    env = {**os.environ, "ARCTICROUTE_DATA_DIR": str(shared_data)}
    env["ARCTICROUTE_CACHE_DIR"] = str(tmp_path)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.split() == ["observed", "G02202", "2012-09-01", "[]"]
