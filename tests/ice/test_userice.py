"""A user's own ice products over the modelled cover: NSIDC-0611 age, PIOMAS, SIGRID-3 charts.

The files are written here in the documented layouts (ice-thickness.md §5; the
SIGRID-3 attributes of REFERENCE.md §10.7), small, on the psn25 geometry.
"""

from __future__ import annotations

import datetime as dt
import gzip

import numpy as np
import pytest
import shapely
import xarray as xr
from conftest import require_module
from typer.testing import CliRunner

from arcticroute.cli.main import app
from arcticroute.errors import DataFileError
from arcticroute.ice import icecover
from arcticroute.ice.icegrid import psn25_lonlat
from arcticroute.ice.userice import (
    PIOMAS_SHAPE,
    UserIce,
    apply_user_ice,
    read_ice_age,
    read_piomas_thickness,
)

DAY = dt.date(2024, 3, 15)


@pytest.fixture(autouse=True)
def _embedded(monkeypatch):
    monkeypatch.delenv("ARCTICROUTE_DATA_DIR", raising=False)


@pytest.fixture
def age_file(tmp_path):
    """An NSIDC-0611-like file on the psn25 cell centres: multi-year north of 80°N."""
    lon, lat = psn25_lonlat()
    age = np.where(lat > 80, 4, np.where(lat > 75, 2, 1)).astype(np.uint8)
    ds = xr.Dataset(
        {"age_of_sea_ice": (("time", "y", "x"), np.stack([age, np.ones_like(age)]))},
        coords={
            "time": np.array(["2024-03-01", "2024-03-20"], dtype="datetime64[ns]"),
            "latitude": (("y", "x"), lat.astype(np.float32)),
            "longitude": (("y", "x"), lon.astype(np.float32)),
        },
    )
    path = tmp_path / "iceage_nh_12.5km_20240101_20241231_v4.1.nc"
    ds.to_netcdf(path)
    return path


@pytest.fixture
def piomas(tmp_path):
    """heff.H2024 (gzip, 12 x 120 x 360 little-endian float32) and its grid.dat."""
    j, i = PIOMAS_SHAPE[1:]
    lat = np.repeat(np.linspace(45.5, 89.5, j)[:, None], i, axis=1)
    lon = np.repeat(np.linspace(0.5, 359.5, i)[None, :], j, axis=0)
    cube = np.zeros(PIOMAS_SHAPE, dtype="<f4")
    cube[2] = np.where(lat > 70, 2.0, 0.0)  # March: 2 m north of 70°N
    heff = tmp_path / "heff.H2024"
    heff.write_bytes(gzip.compress(cube.tobytes()))
    grid = tmp_path / "grid.dat"
    grid.write_text(
        "\n".join(" ".join(f"{v:.4f}" for v in row) for row in (lon.ravel(), lat.ravel()))
    )
    return heff, grid


def test_ice_age_is_read_onto_psn25(age_file):
    age = read_ice_age(age_file, DAY)  # the step of 1 March, before the day
    _, lat = psn25_lonlat()
    assert np.all(age[lat > 81] == 4) and np.all(age[(lat > 76) & (lat < 79)] == 2)
    later = read_ice_age(age_file, dt.date(2024, 3, 21))
    assert np.nanmax(later) == 1


def test_ice_age_replaces_the_survival_split(age_file):
    base = icecover.ice_cover(DAY)
    got = apply_user_ice(base, UserIce(ice_age=str(age_file)))
    _, lat = psn25_lonlat()
    north = (lat > 81) & (got.sic > 0.5)
    assert np.allclose(got.c_my[north], got.sic[north]) and np.all(got.c_fy[north] == 0)
    south = (lat < 74) & (got.sic > 0.5)
    assert np.allclose(got.c_fy[south], got.sic[south])
    assert "ice age from" in got.basis


def test_piomas_thickness_scales_the_cover(piomas):
    heff, grid = piomas
    h = read_piomas_thickness(heff, grid, DAY)
    _, lat = psn25_lonlat()
    assert np.nanmin(h[lat > 75]) == pytest.approx(2.0)
    base = icecover.ice_cover(DAY)
    got = apply_user_ice(base, UserIce(piomas_heff=str(heff), piomas_grid=str(grid)))
    cells = (lat > 75) & (got.sic > 0.5) & (base.effective_thickness_m > 0)
    assert np.allclose(got.effective_thickness_m[cells], 2.0)


def test_an_ice_chart_replaces_the_ice_inside_it(tmp_path):
    pyogrio_raw = require_module("pyogrio.raw")
    poly = shapely.box(60.0, 74.0, 80.0, 77.0)  # the Kara Sea
    fields = ["CT", "CA", "CB", "CC", "SA", "SB", "SC", "POLY_TYPE"]
    path = tmp_path / "chart.shp"
    pyogrio_raw.write(
        str(path), shapely.to_wkb(np.array([poly])),
        [np.array([v], dtype=object) for v in ("92", "", "", "", "87", "", "", "I")], fields,
        driver="ESRI Shapefile", geometry_type="Polygon", crs="EPSG:4326",
    )  # fmt: skip
    base = icecover.ice_cover(DAY)
    got = apply_user_ice(base, UserIce(ice_chart=str(path)))
    lon, lat = psn25_lonlat()
    inside = (lon > 62) & (lon < 78) & (lat > 74.3) & (lat < 76.7) & ~np.isnan(got.sic)
    assert inside.sum() > 5
    assert np.allclose(got.sic[inside], 1.0)
    # code 87, thin first-year 30-70 cm, reads as its thickest stage (50-70 cm): its middle
    assert np.allclose(got.h_fy_m[inside], 0.6)
    assert "ice chart" in got.basis


def test_bad_products_fail_closed(tmp_path, piomas):
    heff, grid = piomas
    with pytest.raises(DataFileError, match="does not exist"):
        UserIce(ice_age=str(tmp_path / "none.nc"))
    with pytest.raises(DataFileError, match=r"needs both the heff file and its grid\.dat"):
        UserIce(piomas_heff=str(heff))
    short = tmp_path / "heff.H2023"
    short.write_bytes(gzip.compress(b"\0" * 100))
    with pytest.raises(DataFileError, match="a year is"):
        read_piomas_thickness(short, grid, DAY)
    bad = tmp_path / "age.nc"
    xr.Dataset({"x": (("a",), [1])}).to_netcdf(bad)
    with pytest.raises(DataFileError, match="not an NSIDC-0611/0749 ice-age file"):
        read_ice_age(bad, DAY)


def test_cli_takes_the_products(piomas, tmp_path):
    heff, grid = piomas
    runner = CliRunner()
    args = ["route", "Busan", "Rotterdam", "--via", "nsr", "--date", "2024-03-15", "--no-economics"]
    res = runner.invoke(app, [*args, "--piomas", f"{heff},{grid}", "--format", "json"])
    assert res.exit_code in (0, 3) or "NOT FEASIBLE" in res.stdout
    assert "PIOMAS" in res.stdout
    res = runner.invoke(app, [*args, "--piomas", str(heff)])
    assert res.exit_code == 1 and "--piomas needs HEFF_FILE,GRID_FILE" in res.stderr
    res = runner.invoke(app, [*args, "--ice-chart", str(tmp_path / "missing.shp")])
    assert res.exit_code == 1 and res.stderr.startswith("error: ice chart file")
