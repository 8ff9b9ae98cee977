"""Observed ice for users without the project's data folder: download by range, then use it.

A local HTTP server on 127.0.0.1 (started and stopped here, bounded by 5 s
timeouts) serves files laid out as NSIDC's HTTPS archive does
(``https://noaadata.apps.nsidc.org/NOAA/...``):

* the real G02202 v3r01 monthly files and a real Sea Ice Index v3 GeoTIFF,
  byte for byte from ``../shared/data``;
* one year (2012) of G02202 v4r00 and v5r00 monthly files that this module
  writes from the same observations (the v3 cube's CDR bytes) in the layouts the
  producer documents: v4 names and variables from a NOAA GFDL download script
  and stactools-noaa-cdr's test files, v5 names from ESMValTool's G02202
  downloader and the variables (``cdr_seaice_conc_monthly`` without flags,
  ``surface_type_mask`` 50/75/100/200/250) from NSIDC's ``seaice_ecdr``
  (``monthly.py``). No real v4/v5 file was reachable to copy.

Every test runs with ``ARCTICROUTE_CACHE_DIR`` in ``tmp_path``, without
``ARCTICROUTE_DATA_DIR``, and with ``ARCTICROUTE_DATA_URL`` at a closed local
port unless the server runs, so nothing reaches the internet.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest
from conftest import SHARED_DATA, require_shared
from typer.testing import CliRunner

from arcticroute.cli.main import app
from arcticroute.errors import InputError
from arcticroute.ice import cdrmonthly, datacache, icedata, seaice
from arcticroute.ice.extent import extent_km2
from arcticroute.ice.icedata import NoIceDataError, ice_for

V3_DIR = "nsidc-g02202-v3-monthly-nh"
CUBE = V3_DIR + "/g02202_v03r01_monthly_nh_198901-201712.nc"
V3_FILE = "seaice_conc_monthly_nh_f17_201209_v03r01.nc"
DAILY_DIR = "nsidc-seaiceindex-daily-conc-2025"
TIF = "N_20250301_concentration_v3.0.tif"
TIF_REMOTE = "G02135/north/daily/geotiff/2025/03_Mar/" + TIF
YEAR = 2012
TIMEOUT_S = 5.0
runner = CliRunner()

# v5 surface types (nsidc/seaice_ecdr, ancillary builder): value per v3 flag.
V5_SURFACE = {251: 100, 252: 75, 253: 200, 254: 250}
V5_FLAGS = np.array([50, 75, 100, 200, 250], dtype=np.uint8)


def v4_rel(month: int) -> str:
    name = f"seaice_conc_monthly_nh_{YEAR}{month:02d}_f17_v04r00.nc"
    return "G02202_V4/north/monthly/" + name


def v5_rel(month: int) -> str:
    return f"G02202_V5/north/monthly/sic_psn25_{YEAR}{month:02d}_F17_v05r00.nc"


# ---------------------------------------------------------------- the service's files


def _cube_month(month: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict]:
    """Raw CDR bytes (y, x) of a month of the v3 cube, x, y, and the v3 flag attributes."""
    import netCDF4

    shared = require_shared()
    with netCDF4.Dataset(shared / CUBE) as ds:
        ds.set_auto_maskandscale(False)
        days = ds["time"][:]
        index = int(np.flatnonzero(days == (dt.date(YEAR, month, 1) - dt.date(1970, 1, 1)).days)[0])
        raw = np.asarray(ds["cdr_seaice_conc"][index], dtype=np.uint8)
        x, y = np.asarray(ds["x"][:], float), np.asarray(ds["y"][:], float)
    with netCDF4.Dataset(shared / V3_DIR / V3_FILE) as v3:
        var = v3["seaice_conc_monthly_cdr"]
        flags = {k: var.getncattr(k) for k in ("flag_values", "flag_meanings")}
    return raw, x, y, flags


def _time_days(month: int) -> float:
    return float((dt.date(YEAR, month, 1) - dt.date(1970, 1, 1)).days)


def write_v4(path: Path, month: int) -> None:
    """v4r00 monthly: cdr_seaice_conc_monthly(tdim, y, x) int8 with v3's flag coding,
    xgrid/ygrid axes, time(tdim)."""
    import netCDF4

    raw, x, y, flags = _cube_month(month)
    with netCDF4.Dataset(path, "w") as ds:
        ds.createDimension("tdim", 1)
        ds.createDimension("y", 448)
        ds.createDimension("x", 304)
        ds.product_version = "v04r00"
        t = ds.createVariable("time", "f8", ("tdim",))
        t.units, t.calendar = "days since 1970-01-01", "standard"
        t[:] = [_time_days(month)]
        for name, dim, values in (("xgrid", "x", x), ("ygrid", "y", y)):
            ds.createVariable(name, "f8", (dim,))[:] = values
        var = ds.createVariable("cdr_seaice_conc_monthly", "i1", ("tdim", "y", "x"), zlib=True)
        var.set_auto_maskandscale(False)
        var.setncatts({"_Unsigned": "true", "scale_factor": np.float32(0.01), **flags})
        var[0] = raw.view(np.int8)


def write_v5(path: Path, month: int) -> None:
    """v5r00 monthly: cdr_seaice_conc_monthly(time, y, x) uint8, 255 off the ocean, and
    surface_type_mask(y, x) with its own flag table."""
    import netCDF4

    raw, x, y, _ = _cube_month(month)
    surface = np.full(raw.shape, 50, dtype=np.uint8)
    for flag, code in V5_SURFACE.items():
        surface[raw == flag] = code
    conc = np.where(raw <= 100, raw, 255).astype(np.uint8)
    with netCDF4.Dataset(path, "w") as ds:
        ds.createDimension("time", None)
        ds.createDimension("y", 448)
        ds.createDimension("x", 304)
        t = ds.createVariable("time", "f8", ("time",))
        t.units, t.calendar = "days since 1970-01-01 00:00:00", "standard"
        t[:] = [_time_days(month)]
        ds.createVariable("x", "f8", ("x",))[:] = x
        ds.createVariable("y", "f8", ("y",))[:] = y
        var = ds.createVariable(
            "cdr_seaice_conc_monthly", "u1", ("time", "y", "x"), zlib=True, fill_value=255
        )
        var.set_auto_maskandscale(False)
        var.setncatts({"scale_factor": np.float32(0.01), "add_offset": np.float32(0.0)})
        var.units, var.standard_name = "1", "sea_ice_area_fraction"
        var[0] = conc
        mask = ds.createVariable("surface_type_mask", "u1", ("y", "x"), zlib=True)
        mask.set_auto_maskandscale(False)
        mask.flag_values = V5_FLAGS
        mask.flag_meanings = "ocean lake polehole_mask coast land"
        mask[:] = surface


@pytest.fixture(scope="module")
def www(tmp_path_factory) -> Path:
    shared = require_shared()
    root = tmp_path_factory.mktemp("www")
    for name in (V3_FILE, "seaice_conc_monthly_nh_f17_201309_v03r01.nc"):
        target = root / "G02202_V3/north/monthly" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shared / V3_DIR / name, target)
    (root / TIF_REMOTE).parent.mkdir(parents=True)
    shutil.copyfile(shared / DAILY_DIR / TIF, root / TIF_REMOTE)
    for month in range(1, 13):
        for rel, write in ((v4_rel(month), write_v4), (v5_rel(month), write_v5)):
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            write(root / rel, month)
    return root


class _Handler(SimpleHTTPRequestHandler):
    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        super().do_GET()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server(www, monkeypatch):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(www)))
    httpd.daemon_threads = True
    httpd.requests = []
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/"
    monkeypatch.setenv(datacache.ENV_BASE_URL, url)
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=TIMEOUT_S)


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv(datacache.ENV_CACHE_DIR, str(tmp_path / "cache"))
    monkeypatch.delenv(datacache.ENV_OFFLINE_DIR, raising=False)
    # Port 9 (discard) on the loopback: a stray download fails fast, never leaves the host.
    monkeypatch.setenv(datacache.ENV_BASE_URL, "http://127.0.0.1:9/")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _download(product: str, first: str, last: str) -> list[datacache.FetchResult]:
    span = datacache.date_span(start=first, end=last)
    return datacache.download_range(product, *span, timeout_s=TIMEOUT_S)


# ---------------------------------------------------------------- the target, end to end


@pytest.mark.shared
def test_one_year_downloaded_then_compare_uses_the_observed_ice(server, www, tmp_path):
    compare = ("compare", "Shanghai", "Rotterdam", "--date", "2012-08-20", "--no-climatology")
    before = runner.invoke(app, [*compare, "--no-economics"])
    assert before.exit_code == 1
    # the suggested range adds the two years the ice age and thickness look back to;
    # the target: one year is enough for an observed verdict
    wanted = "arcticroute data download g02202-v5-monthly --years 2010-2012"
    assert wanted in before.stderr and "allow_climatology" not in before.stderr

    got = runner.invoke(app, ["data", "download", "g02202-v5-monthly", "--years", "2012"])
    assert got.exit_code == 0, got.stderr
    assert "12 file(s) in the cache, 0 error(s)" in got.stderr
    served = sorted(p for p in server.requests if p.startswith("/G02202_V5/"))
    assert served == sorted("/" + v5_rel(m) for m in range(1, 13))
    records = json.loads((tmp_path / "cache" / datacache.RECORD_FILE).read_text())
    for month in range(1, 13):
        cached = tmp_path / "cache" / "nsidc" / v5_rel(month)
        assert _sha256(cached) == _sha256(www / v5_rel(month))
        assert records["nsidc/" + v5_rel(month)]["sha256"] == _sha256(www / v5_rel(month))

    after = runner.invoke(app, [*compare, "--no-economics"])
    assert after.exit_code == 0, after.stderr
    assert "observed ice (G02202)" in after.stdout


@pytest.mark.shared
def test_a_downloaded_year_is_scanned_for_its_season(server):
    """Without the project's cube, the season scan reads the downloaded monthly fields
    (what the season's error tells a user to fetch)."""
    from arcticroute.analysis import seasons

    with pytest.raises(seasons.SeasonError, match="data download g02202-v5-monthly"):
        seasons.season(YEAR, "lng_arc7_yamalmax", step_days=31)
    got = runner.invoke(app, ["data", "download", "g02202-v5-monthly", "--years", str(YEAR)])
    assert got.exit_code == 0, got.stderr
    s = seasons.season(YEAR, "lng_arc7_yamalmax", step_days=31)
    assert s.basis == "grid-monthly" and s.feasible_days > 0
    # a late-December departure meets January of the next year, not downloaded
    assert s.per_date[-1].feasible is None


# ---------------------------------------------------------------- layouts and readers


@pytest.mark.shared
@pytest.mark.parametrize(
    ("product", "rel"),
    [("g02202-v5-monthly", v5_rel(9)), ("g02202-v4-monthly", v4_rel(9))],
)
def test_downloaded_month_equals_the_real_v3_file(server, product, rel):
    """v4/v5 files written from the cube give the field NSIDC's own v3 file gives."""
    (result,) = _download(product, "2012-09", "2012-09")
    assert result.error is None and result.path.name == rel.rsplit("/", 1)[-1]
    ds = ice_for("2012-09-15", allow_climatology=False)
    assert ds.attrs["ice_source"] == "observed" and ds.attrs["source_file"] == str(result.path)
    ref = seaice.read_g02202(SHARED_DATA / V3_DIR / V3_FILE).isel(time=0)
    np.testing.assert_array_equal(ds["sic"].values, ref["sic"].values)
    for mask in ("land", "coast", "lake", "pole_hole"):
        np.testing.assert_array_equal(ds[mask].values, ref[mask].values)


@pytest.mark.shared
def test_september_2012_extent_from_the_download_is_the_record_minimum(server):
    # SOURCE.md of the G02202 v3 folder: CDR September 2012 extent 4.32 million km2
    # (cells >= 15 % plus pole hole, true psn25 cell areas); rounding to 0.01.
    _download("g02202-v5-monthly", "2012-09", "2012-09")
    month = cdrmonthly.read_cdr_month(
        datacache.local_path("sic_psn25_{YYYY}{MM}_{SAT}_v05r00.nc", "2012-09")
    )
    grid = icedata.shipped_grid()  # true psn25 cell areas (NSIDC-0771)
    assert extent_km2(month, grid).values[0] / 1e6 == pytest.approx(4.32, abs=0.005)


@pytest.mark.shared
def test_held_v3_month_and_daily_geotiff_are_used_from_the_cache(server):
    (v3,) = datacache.download([V3_FILE], timeout_s=TIMEOUT_S)
    assert v3.error is None and v3.source == "download"
    assert ice_for("2012-09-02", allow_climatology=False).attrs["source_file"] == str(v3.path)
    (tif,) = _download("seaiceindex-v3-daily", "2025-03-01", "2025-03-01")
    assert tif.error is None and tif.path.name == TIF
    day = ice_for("2025-03-01", allow_climatology=False)
    assert day.attrs["ice_source"] == "observed" and day.attrs["product"] == "G02135"
    cube = seaice.read_seaiceindex_netcdf(
        SHARED_DATA
        / "nsidc-seaiceindex-daily-conc-2025/N_daily_concentration_v3.0_20250101-20250611.nc"
    )
    ref = cube.sel(time=np.datetime64("2025-03-01", "ns"))
    np.testing.assert_array_equal(day["sic"].values, ref["sic"].values)


@pytest.mark.shared
def test_a_download_replaces_the_climatology_in_a_running_process(server):
    assert icedata.ice_field("2012-08-20").attrs["ice_source"] == "climatology"
    _download("g02202-v4-monthly", "2012-08", "2012-08")
    field = icedata.ice_field("2012-08-20")
    assert field.attrs["ice_source"] == "observed" and field.attrs["version"] == "v04r00"


@pytest.mark.shared
def test_a_download_renews_the_ice_cover_of_a_running_process(server):
    """The first-year thickness grows from freeze-up days read off the season's monthly
    fields: after a download they come from the observed months, as in a new process."""
    from arcticroute.caches import clear_caches
    from arcticroute.ice import icecover

    day = dt.date(2012, 11, 20)
    before = icecover.ice_cover(day).h_fy_m
    _download("g02202-v5-monthly", "2012-01", "2012-12")
    after = icecover.ice_cover(day).h_fy_m
    clear_caches()
    fresh = icecover.ice_cover(day).h_fy_m
    assert np.array_equal(after, fresh, equal_nan=True)
    assert not np.array_equal(before, after, equal_nan=True)


# ---------------------------------------------------------------- advice and errors


def test_past_date_without_files_names_the_download_and_the_climatology_years():
    ds = ice_for("2012-08-20")
    assert ds.attrs["ice_source"] == "climatology"
    note = icedata.fallback_note("2012-08-20", ds.attrs["ice_source"])
    assert note.count("\n") == 0 and "2012-08-20" in note and "2008-2017" in note
    assert "arcticroute data download g02202-v5-monthly --years 2010-2012" in note
    with pytest.raises(NoIceDataError) as info:
        ice_for("2012-08-20", allow_climatology=False)
    command = "arcticroute data download g02202-v5-monthly --years 2010-2012"
    assert info.value.download_command == command
    assert "allow_climatology" not in str(info.value)


def test_no_note_for_the_future_and_partial_years_named_by_month():
    future = dt.date.today() + dt.timedelta(days=400)
    assert icedata.fallback_note(future, ice_for(future).attrs["ice_source"]) is None
    assert icedata.fallback_note("2012-08-20", "observed") is None
    assert icedata.download_command("2024-03-01").endswith(
        "g02202-v5-monthly --start 2022-01 --end 2024-06"
    )  # the documented satellites end in 2024-06
    assert icedata.download_command("1979-05-01").endswith(
        "--start 1978-11 --end 1979-12"
    )  # the record starts in 1978-11
    assert "seaiceindex-v4-daily --start 2025-03 --end 2025-04" in icedata.download_command(
        "2025-03-10"
    )


def test_missing_month_is_reported_and_the_others_are_kept(server, tmp_path):
    results = _download("g02202-v5-monthly", "2012-12", "2013-01")
    assert [r.error is None for r in results] == [True, False]
    assert "HTTP 404" in results[1].error
    leftovers = list((tmp_path / "cache").rglob("*.part"))
    assert leftovers == []


def test_unreachable_server_ends_the_range_at_once():
    results = _download("g02202-v5-monthly", "2012-01", "2012-12")  # port 9: refused
    assert len(results) == 2 and "failed" in results[0].error
    assert results[1].name.startswith("11 more file(s)") and results[1].path is None


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        ({"years": "2013-2012"}, "ends .* before it starts"),
        ({"years": "2012", "start": "2012-01"}, "not both"),
        ({}, "give a date range"),
        ({"start": "2012-13"}, "not a date"),
        ({"years": "twelve"}, "give a year or a span"),
        ({"years": "1970-1980"}, "before the satellite record"),
        ({"start": "2999-01"}, "after today"),
    ],
)
def test_bad_ranges_say_what_works(kw, match):
    with pytest.raises(InputError, match=match):
        datacache.date_span(**kw)


def test_a_range_into_the_future_stops_today():
    first, last = datacache.date_span(years="2010-2099")
    assert (first, last) == (dt.date(2010, 1, 1), dt.date.today())


def test_range_steps_months_and_days():
    first, last = datacache.date_span(start="2012-02-27", end="2012-03")
    assert (first, last) == (dt.date(2012, 2, 27), dt.date(2012, 3, 31))
    assert datacache.product_dates("g02202-v4-monthly", first, last) == [
        dt.date(2012, 2, 1),
        dt.date(2012, 3, 1),
    ]
    assert len(datacache.product_dates("seaiceindex-v4-daily", first, last)) == 3 + 31


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["g02202-v5-monthly", "--years", "2013-2012"], "before it starts"),
        (["g02202-v5-monthly", "--date", "2012-09"], "--date is for file names"),
        (["g02202-v5-monthly"], "give a date range"),
        ([V3_FILE, "--years", "2012"], "are for products"),
        (["g02202-v9-monthly", "--years", "2012"], "are for products"),
    ],
)
def test_cli_bad_download_ranges_fail_in_one_line(args, message):
    res = runner.invoke(app, ["data", "download", *args])
    assert res.exit_code == 1
    assert message in res.stderr and res.stderr.count("\n") == 1
