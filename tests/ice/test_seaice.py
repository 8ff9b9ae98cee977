"""Readers of sea-ice concentration and the psn25 grid, on the real files in ../shared/data."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from arcticroute.errors import DataFileError
from arcticroute.ice import icegrid, seaice

G02202 = "nsidc-g02202-v3-monthly-nh"
CUBE = f"{G02202}/g02202_v03r01_monthly_nh_198901-201712.nc"
SII = "nsidc-seaiceindex-daily-conc-2025"
SII_NC = f"{SII}/N_daily_concentration_v3.0_20250101-20250611.nc"
SII_TIF = f"{SII}/N_20250301_concentration_v3.0.tif"
GRID = "nsidc-psn25-grid-ancillary/psn25_north_grid_ancillary.nc"
CMIP6 = "cmip6-canesm5-siconc-ssp245-2020/sic_SImon_CCCma-CanESM5_ssp245_r13i1p2f1_2020.nc"

# Flag-cell counts of the psn25 masks, identical in G02202 v3 and the classic
# region_n.msk (SOURCE.md of nsidc-g02202-v3-monthly-nh).
N_LAND, N_COAST, N_LAKE = 63_212, 5_052, 666
N_POLE_SSMI, N_POLE_SSMIS = 468, 44  # F08-F13 vs F17 pole hole


@pytest.fixture(scope="module")
def grid(shared_data):
    return icegrid.load_grid(shared_data / GRID)


@pytest.fixture(scope="module")
def cube(shared_data):
    return seaice.read_g02202(shared_data / CUBE)


@pytest.fixture(scope="module")
def sii(shared_data):
    return seaice.read_seaiceindex_netcdf(shared_data / SII_NC)


@pytest.fixture(scope="module")
def cmip(shared_data):
    return seaice.read_cmip6_siconc(shared_data / CMIP6)


def _check_model(ds: xr.Dataset) -> None:
    """The common model every reader must return."""
    assert ds.attrs["grid"] == "psn25"
    assert ds.attrs["epsg"] == 3411
    assert ds.attrs["source_file"]
    sic = ds["sic"]
    assert sic.dims == ("time", "y", "x")
    assert sic.shape[1:] == (448, 304)
    assert sic.dtype == np.float32
    assert sic.attrs["standard_name"] == "sea_ice_area_fraction"
    assert sic.attrs["units"] == "1"
    assert sic.attrs["grid_mapping"] == "crs"
    assert float(sic.min()) >= 0.0
    assert float(sic.max()) <= 1.0
    for name in ("land", "coast", "lake"):
        assert ds[name].dims == ("y", "x") and ds[name].dtype == bool
    assert ds["pole_hole"].dims == ("time", "y", "x") and ds["pole_hole"].dtype == bool
    flagged = (ds["land"] | ds["coast"] | ds["lake"]) | ds["pole_hole"]
    assert bool(sic.where(flagged).isnull().all()), "a flag leaked into sic"
    assert np.issubdtype(ds["time"].dtype, np.datetime64)
    assert ds["lat"].dims == ("y", "x") and ds["lon"].dims == ("y", "x")
    from pyproj import CRS

    assert CRS.from_wkt(ds["crs"].attrs["crs_wkt"]).to_epsg() == 3411
    assert ds["crs"].attrs["grid_mapping_name"] == "polar_stereographic"
    assert ds["x"].attrs["units"] == "m"
    assert ds["x"].values[0] == -3_837_500 and ds["y"].values[0] == 5_837_500


# ------------------------------------------------------------------ G02202


def test_g02202_cube_model_and_time(cube):
    _check_model(cube)
    assert cube.sizes["time"] == 348
    assert str(cube.time.values[0])[:10] == "1989-01-01"
    assert str(cube.time.values[-1])[:10] == "2017-12-01"
    assert cube.attrs["product"] == "G02202"
    assert cube.attrs["version"] == "v03r01"


def test_g02202_flags_become_masks_not_concentration(cube, shared_data):
    assert int(cube.land.sum()) == N_LAND
    assert int(cube.coast.sum()) == N_COAST
    assert int(cube.lake.sum()) == N_LAKE
    hole = cube.pole_hole.sum(("y", "x"))
    assert int(hole.sel(time="1989-01-01")) == N_POLE_SSMI
    assert int(hole.sel(time="2017-12-01")) == N_POLE_SSMIS
    # every raw value >= 251 (a flag) is NaN in sic, every raw 0..100 is raw/100
    with xr.open_dataset(shared_data / CUBE, mask_and_scale=False) as raw_ds:
        raw = raw_ds["cdr_seaice_conc"].isel(time=284).values  # 2012-09
    sic = cube.sic.isel(time=284).values
    assert np.isnan(sic[raw > 100]).all()
    np.testing.assert_array_equal(sic[raw <= 100], raw[raw <= 100].astype(np.float32) / 100)
    # percent 15 converts to exactly float32(0.15), so it passes the extent threshold
    assert (sic[raw == 15] == np.float32(0.15)).all()


@pytest.mark.parametrize("month", ["201209", "201309"])
def test_g02202_single_month_file_equals_cube(cube, shared_data, month):
    one = seaice.read_g02202(shared_data / G02202 / f"seaice_conc_monthly_nh_f17_{month}_v03r01.nc")
    _check_model(one)
    assert one.sizes["time"] == 1
    assert one.attrs["variable"] == "seaice_conc_monthly_cdr"
    stamp = f"{month[:4]}-{month[4:]}-01"
    np.testing.assert_array_equal(one.sic[0], cube.sic.sel(time=stamp))
    np.testing.assert_array_equal(one.pole_hole[0], cube.pole_hole.sel(time=stamp))


def test_g02202_one_time_step_of_the_cube(cube, shared_data):
    path = shared_data / CUBE
    times = seaice.g02202_times(path)
    assert times.size == 348 and str(times[284])[:7] == "2012-09"
    one = seaice.read_g02202(path, time_index=284)
    _check_model(one)
    assert one.sizes["time"] == 1 and str(one.time.values[0])[:7] == "2012-09"
    np.testing.assert_array_equal(one.sic[0], cube.sic.isel(time=284))
    np.testing.assert_array_equal(one.pole_hole[0], cube.pole_hole.isel(time=284))
    with pytest.raises(DataFileError, match="time_index 348 outside"):
        seaice.read_g02202(path, time_index=348)


def test_g02202_goddard_variable(shared_data):
    gm = seaice.read_g02202(shared_data / CUBE, variable="goddard_merged_seaice_conc")
    _check_model(gm)
    assert gm.attrs["variable"] == "goddard_merged_seaice_conc"


# (row, column) cells spread over the grid; the ancillary file is NSIDC-0771.
@pytest.mark.parametrize(
    "name,variable,per_unit,steps",
    [
        # the repacked cube: uint8 percent, no scale; SSM/I and SSMIS months, both ends
        (CUBE, "cdr_seaice_conc", 100.0, (0, 150, 284, 347)),
        # an original monthly file: int8 with _Unsigned and scale_factor 0.01
        (f"{G02202}/seaice_conc_monthly_nh_f17_201209_v03r01.nc", "seaice_conc_monthly_cdr",
         1.0, (0,)),
    ],
)  # fmt: skip
def test_g02202_netcdf4_reading_agrees_with_xarray_cf_decoding(
    shared_data, name, variable, per_unit, steps
):
    """The reader decodes with netCDF4 alone; xarray's own CF decoding of the same file
    (scale_factor, _Unsigned, _FillValue, CF time) is the independent reference."""
    path = shared_data / name
    with xr.open_dataset(path, engine="netcdf4") as ref:
        assert np.array_equal(seaice.g02202_times(path), ref["time"].values)
        for index in steps:
            ours = seaice.read_g02202_block(path, time_index=index).sic[0]
            theirs = ref[variable].isel(time=index).values.astype(np.float64) / per_unit
            conc = theirs <= 1.0  # flags stay above 100 % (or 2.51..2.54), the fill is NaN
            assert conc.sum() > 40_000
            np.testing.assert_allclose(ours[conc], theirs[conc], atol=1e-6)
            assert np.isnan(ours[~conc]).all()


@pytest.mark.parametrize(
    "row,col", [(0, 0), (0, 303), (447, 0), (447, 303), (234, 152), (100, 200)]
)
def test_pixel_lat_lon_match_ancillary(cube, grid, row, col):
    # 1e-6 deg (0.1 m): both are the same projection formula, differences are rounding
    assert cube.lat.values[row, col] == pytest.approx(grid.lat.values[row, col], abs=1e-6)
    dlon = (cube.lon.values[row, col] - grid.lon.values[row, col] + 180) % 360 - 180
    assert abs(dlon) < 1e-6


def test_north_pole_is_at_the_grid_centre_gap(cube):
    # x=0, y=0 is a cell corner: the four cells around it are ~85.9...89.8 N pole-hole cells
    i = np.searchsorted(cube.x.values, 0)
    j = np.searchsorted(-cube.y.values, 0)
    assert cube.lat.values[j, i] > 89.8
    assert bool(cube.pole_hole.isel(time=-1, y=j, x=i))


# ------------------------------------------------------------------ Sea Ice Index


def test_sii_netcdf_model(sii):
    _check_model(sii)
    assert sii.sizes["time"] == 160
    assert str(sii.time.values[0])[:10] == "2025-01-01"
    assert str(sii.time.values[-1])[:10] == "2025-06-11"
    assert sii.attrs["product"] == "G02135" and sii.attrs["version"] == "v3.0"
    assert int(sii.land.sum()) == N_LAND and int(sii.coast.sum()) == N_COAST
    assert not sii.lake.any()  # no lake flag in the Sea Ice Index
    assert (sii.pole_hole.sum(("y", "x")) == N_POLE_SSMIS).all()
    # tenths of a percent: every value is a multiple of 0.001
    v = sii.sic.isel(time=0).values
    v = v[np.isfinite(v)]
    np.testing.assert_allclose(v * 1000, np.round(v * 1000), atol=1e-3)


def test_sii_geotiff_equals_netcdf_slice(sii, shared_data):
    tif = seaice.read_seaiceindex_geotiff(shared_data / SII_TIF)
    _check_model(tif)
    assert str(tif.time.values[0])[:10] == "2025-03-01"
    np.testing.assert_array_equal(tif.sic[0], sii.sic.sel(time="2025-03-01"))
    assert int(tif.pole_hole.sum()) == N_POLE_SSMIS
    assert int(tif.land.sum()) == N_LAND


# ------------------------------------------------------------------ CMIP6


def test_cmip6_regrid_model(cmip):
    _check_model(cmip)
    assert cmip.sizes["time"] == 12
    assert [str(t)[:7] for t in cmip.time.values[[0, 8]]] == ["2020-01", "2020-09"]
    assert cmip.attrs["source_id"] == "CanESM5"
    assert "nearest neighbour" in cmip.attrs["regrid_method"]
    assert not cmip.pole_hole.any()
    # model land is NaN, and it covers the NSIDC land interior (e.g. Greenland centre, 72N 40W)
    assert bool(cmip.land.values[cmip.sic.isel(time=0).isnull().values].all())
    j, i = np.unravel_index(
        np.argmin(np.hypot(cmip.lat.values - 72, (cmip.lon.values + 40) * 0.3)), (448, 304)
    )
    assert bool(cmip.land.values[j, i])


# ------------------------------------------------------------------ bad input


def test_missing_file(tmp_path):
    with pytest.raises(DataFileError, match="not found"):
        seaice.read_g02202(tmp_path / "nope.nc")


@pytest.mark.parametrize(
    "reader",
    [seaice.read_g02202, seaice.read_seaiceindex_netcdf, seaice.read_cmip6_siconc],
)
def test_random_bytes_netcdf(tmp_path, reader):
    bad = tmp_path / "random.nc"
    bad.write_bytes(np.random.default_rng(0).bytes(50_000))
    with pytest.raises(DataFileError, match=r"random\.nc.*(truncated|corrupt)"):
        reader(bad)


@pytest.mark.parametrize(
    "name,reader",
    [(CUBE, seaice.read_g02202), (SII_NC, seaice.read_seaiceindex_netcdf)],
)
def test_truncated_netcdf(shared_data, tmp_path, name, reader):
    src = (shared_data / name).read_bytes()
    bad = tmp_path / "truncated.nc"
    bad.write_bytes(src[: len(src) // 2])
    with pytest.raises(DataFileError, match=r"truncated\.nc.*(truncated|corrupt)"):
        reader(bad)


def test_truncated_and_random_geotiff(shared_data, tmp_path):
    src = (shared_data / SII_TIF).read_bytes()
    cut = tmp_path / "N_20250301_concentration_v3.0.tif"
    cut.write_bytes(src[: len(src) // 3])
    with pytest.raises(DataFileError, match=r"N_20250301.*truncated"):
        seaice.read_seaiceindex_geotiff(cut)
    noise = tmp_path / "N_20250302_concentration_v3.0.tif"
    noise.write_bytes(np.random.default_rng(1).bytes(20_000))
    with pytest.raises(DataFileError, match=r"N_20250302.*not a GeoTIFF"):
        seaice.read_seaiceindex_geotiff(noise)


def test_geotiff_without_date_or_wrong_crs(shared_data, tmp_path):
    import rasterio

    plain = tmp_path / "ice.tif"
    plain.write_bytes((shared_data / SII_TIF).read_bytes())
    with pytest.raises(DataFileError, match="pass time="):
        seaice.read_seaiceindex_geotiff(plain)
    assert str(seaice.read_seaiceindex_geotiff(plain, time="2025-03-01").time.values[0])[:10] == (
        "2025-03-01"
    )
    wrong = tmp_path / "N_20250301_concentration_v3.0.tif"
    with rasterio.open(
        wrong, "w", driver="GTiff", width=304, height=448, count=1, dtype="uint16",
        crs="EPSG:4326", transform=rasterio.Affine(1, 0, -180, 0, -0.5, 90),
    ) as dst:  # fmt: skip
        dst.write(np.zeros((1, 448, 304), dtype=np.uint16))
    with pytest.raises(DataFileError, match="expected EPSG:3411"):
        seaice.read_seaiceindex_geotiff(wrong)


def _write_fake_cube(path, values, name="cdr_seaice_conc"):
    ds = xr.Dataset(
        {name: (("time", "y", "x"), values.astype(np.uint8))},
        coords={"time": ("time", np.array(["2012-09-01"], dtype="datetime64[ns]"))},
    )
    ds[name].attrs.update(flag_values=np.array([251, 252, 253, 254, 255], dtype=np.uint8))
    ds[name].attrs["flag_meanings"] = "pole_hole lakes coastal land_mask missing_data"
    ds.to_netcdf(path, engine="netcdf4")


def test_missing_variable(tmp_path):
    path = tmp_path / "novar.nc"
    _write_fake_cube(path, np.zeros((1, 448, 304)), name="something_else")
    with pytest.raises(DataFileError, match=r"novar\.nc: no G02202 concentration variable"):
        seaice.read_g02202(path)
    with pytest.raises(DataFileError, match="variable 'cdr_seaice_conc' not found"):
        seaice.read_g02202(path, variable="cdr_seaice_conc")
    with pytest.raises(DataFileError, match="variable 'concentration' not found"):
        seaice.read_seaiceindex_netcdf(path)


def test_wrong_grid_shape(tmp_path):
    path = tmp_path / "small.nc"
    _write_fake_cube(path, np.zeros((1, 100, 80)))
    with pytest.raises(DataFileError, match=r"grid shape \(100, 80\), expected psn25"):
        seaice.read_g02202(path)


@pytest.mark.parametrize("fill", [255, 254])
def test_all_missing_field(tmp_path, fill):
    path = tmp_path / "empty.nc"
    _write_fake_cube(path, np.full((1, 448, 304), fill))
    with pytest.raises(DataFileError, match=r"no valid concentration at time step.*2012-09-01"):
        seaice.read_g02202(path)


def test_undocumented_value_is_not_concentration(tmp_path):
    values = np.zeros((1, 448, 304))
    values[0, 200, 150] = 180
    path = tmp_path / "odd.nc"
    _write_fake_cube(path, values)
    with pytest.raises(DataFileError, match=r"values \[180\] that are neither a concentration"):
        seaice.read_g02202(path)


def test_cmip6_missing_siconc(tmp_path):
    path = tmp_path / "tas.nc"
    xr.Dataset({"tas": (("time",), np.zeros(2))}).to_netcdf(path, engine="netcdf4")
    with pytest.raises(DataFileError, match="no 'siconc' variable"):
        seaice.read_cmip6_siconc(path)


# ------------------------------------------------------------------ icegrid


def test_grid_areas_and_regions(grid):
    assert grid.attrs["grid"] == "psn25"
    area = grid.cell_area_km2
    assert float(area.min()) == pytest.approx(382.7, abs=0.1)  # SOURCE.md: 382.7-664.4 km²
    assert float(area.max()) == pytest.approx(664.4, abs=0.1)
    # mean position of each NSR sea's cells: geography (Laptev 70-80N 100-140E, ...)
    for name, lat_deg, lon_deg in [
        ("Laptev", 75.4, 123.6),
        ("Kara", 75.2, 75.9),
        ("East Siberian", 73.0, 162.7),
        ("Chukchi", 71.5, -169.5),
    ]:
        cells = icegrid.region_mask(grid, name).values[0]
        lon = np.radians(grid.lon.values[cells])
        mean_lon = np.degrees(np.arctan2(np.sin(lon).mean(), np.cos(lon).mean()))
        assert grid.lat.values[cells].mean() == pytest.approx(lat_deg, abs=0.2)
        assert mean_lon == pytest.approx(lon_deg, abs=0.2)
    assert icegrid.region_codes("east_siberian") == (4,)
    assert icegrid.region_codes("Kara and Barents", mask="region_n") == (7,)


def test_grid_bad_input(tmp_path, grid):
    with pytest.raises(DataFileError, match="not found"):
        icegrid.load_grid(tmp_path / "none.nc")
    path = tmp_path / "g.nc"
    xr.Dataset({"latitude": (("y", "x"), np.zeros((448, 304)))}).to_netcdf(path)
    with pytest.raises(DataFileError, match=r"lacks variable.*cell_area"):
        icegrid.load_grid(path)
    with pytest.raises(icegrid.UnknownRegionError, match="valid regions: Central Arctic, Beaufort"):
        icegrid.region_codes("Laptev Sea")
    with pytest.raises(icegrid.UnknownRegionError, match="unknown region mask"):
        icegrid.region_mask(grid, "Laptev", mask="nsidc0781")
