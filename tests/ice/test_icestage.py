"""Ice stages: WMO thickness table, concentration assumption, SIGRID-3 charts."""

from __future__ import annotations

import math
import shutil

import numpy as np
import pyogrio.raw
import pyproj
import pytest
import shapely
import xarray as xr

from arcticroute import assumptions
from arcticroute.errors import DataFileError
from arcticroute.ice.icestage import (
    POLARIS_COLUMNS,
    STAGE_THICKNESS_M,
    IceStage,
    IceStageError,
    concentration_from_sigrid3,
    parse_stage,
    read_sigrid3,
    stage_from_concentration,
    stage_from_sigrid3,
    stage_from_thickness,
    thickest_stage,
)

S = IceStage

# WMO stages and thickness, re-typed from REFERENCE.md §3.9 (LR Rules Pt 8 Ch 1 Sec 2,
# Table 1.2.1), in metres; (stage, lower, upper).
WMO_TABLE = [
    (S.NEW_ICE, 0.0, 0.10),  # nilas < 0.10 m
    (S.GREY, 0.10, 0.15),
    (S.GREY_WHITE, 0.15, 0.30),
    (S.THIN_FY_1, 0.30, 0.50),
    (S.THIN_FY_2, 0.50, 0.70),
    (S.THICK_FY, 1.20, None),  # > 1.20 m
]


def test_stages_follow_the_polaris_columns_in_order():
    # REFERENCE.md §3.3, re-typed.
    assert POLARIS_COLUMNS == (
        "IF", "NI", "GI", "GWI", "TFY1", "TFY2", "MFY<1m", "MFY", "TkFY", "SY", "LMY", "HMY",
    )  # fmt: skip
    for i, name in enumerate(POLARIS_COLUMNS):
        assert IceStage(i).abbreviation == name
        assert IceStage(i).polaris_column == i
    assert max(IceStage) is IceStage.UNKNOWN  # unknown wins any max: fails closed
    with pytest.raises(IceStageError, match="no POLARIS column"):
        IceStage.GLACIER.polaris_column  # noqa: B018


@pytest.mark.parametrize(("stage", "lower", "upper"), WMO_TABLE)
def test_thickness_table_matches_wmo(stage, lower, upper):
    lo, hi = STAGE_THICKNESS_M[stage]
    assert lo == lower
    if upper is not None:
        assert hi == upper


def test_medium_first_year_spans_wmo_range_split_at_polaris_1m():
    # WMO medium first-year 0.70-1.20 m, split by the POLARIS column "MFY < 1 m".
    assert STAGE_THICKNESS_M[S.MEDIUM_FY_LT_1M] == (0.70, 1.00)
    assert STAGE_THICKNESS_M[S.MEDIUM_FY] == (1.00, 1.20)
    assert STAGE_THICKNESS_M[S.HEAVY_MY][0] == 2.5  # multi-year > 2.5 m


@pytest.mark.parametrize(("stage", "lower", "upper"), WMO_TABLE)
def test_stage_from_thickness_inside_and_on_the_edges(stage, lower, upper):
    top = upper if upper is not None else 1.9
    inside = (lower + top) / 2
    got = stage_from_thickness([inside, top - 1e-6])
    assert list(got) == [stage, stage]
    if lower > 0:  # a boundary value belongs to the thicker stage
        assert stage_from_thickness(lower) == stage


@pytest.mark.parametrize(
    ("thickness_m", "stage"),
    [
        (0.0, S.ICE_FREE),
        (0.01, S.NEW_ICE),
        (0.69, S.THIN_FY_2),
        (0.70, S.MEDIUM_FY_LT_1M),
        (0.99, S.MEDIUM_FY_LT_1M),
        (1.00, S.MEDIUM_FY),
        (1.19, S.MEDIUM_FY),
        (1.99, S.THICK_FY),
        (2.00, S.LIGHT_MY),  # assumption: old ice from 2.0 m, LMY below 2.5 m
        (2.49, S.LIGHT_MY),
        (2.50, S.HEAVY_MY),
        (8.0, S.HEAVY_MY),
    ],
)
def test_stage_from_thickness_table(thickness_m, stage):
    assert stage_from_thickness(np.array([thickness_m]))[0] == stage


def test_stage_from_thickness_nan_is_unknown_never_ice_free():
    got = stage_from_thickness(np.array([[np.nan, 0.0], [1.5, np.nan]]))
    assert got.dtype == np.int8
    np.testing.assert_array_equal(got, [[S.UNKNOWN, S.ICE_FREE], [S.THICK_FY, S.UNKNOWN]])


def test_stage_from_thickness_keeps_dataarray_coords():
    da = xr.DataArray([[0.2, np.nan]], dims=("y", "x"), coords={"x": [1.0, 2.0]})
    got = stage_from_thickness(da)
    assert isinstance(got, xr.DataArray)
    assert list(got.x.values) == [1.0, 2.0]
    assert "old_ice_min_m" in got.attrs["assumptions"]
    assert list(got.values[0]) == [S.GREY_WHITE, S.UNKNOWN]


def test_stage_from_thickness_old_ice_assumptions_are_overridable():
    with assumptions.overridden(
        {
            "icestage.thickness.old_ice_min_m": 1.7,
            "icestage.thickness.old_ice_stage_below_2_5m": "SY",
        }
    ):
        assert stage_from_thickness(1.8) == S.SECOND_YEAR
    assert stage_from_thickness(1.8) == S.THICK_FY


def test_stage_from_thickness_bad_input():
    with pytest.raises(IceStageError, match="thickness_m must be >= 0"):
        stage_from_thickness([0.5, -0.1])
    with (
        assumptions.overridden({"icestage.thickness.old_ice_min_m": 3.0}),
        pytest.raises(IceStageError, match=r"must lie in 1\.2-2\.5 m"),
    ):
        stage_from_thickness(1.0)
    with (
        assumptions.overridden({"icestage.thickness.old_ice_stage_below_2_5m": "GI"}),
        pytest.raises(IceStageError, match="must be SY, LMY or HMY"),
    ):
        stage_from_thickness(1.0)


def test_parse_stage():
    assert parse_stage("TkFY") is S.THICK_FY
    assert parse_stage("mfy<1m") is S.MEDIUM_FY_LT_1M
    assert parse_stage("heavy_my") is S.HEAVY_MY
    assert parse_stage(9) is S.SECOND_YEAR
    with pytest.raises(IceStageError, match="unknown ice stage 'XY'; use one of IF, NI"):
        parse_stage("XY")


# --- concentration -> stage (assumption) ---------------------------------------------------


@pytest.mark.parametrize("month", range(1, 13))
def test_default_concentration_mapping_is_the_thickest_stage(month):
    got = stage_from_concentration(np.array([0.0, 0.05, 0.5, 1.0, np.nan]), month)
    assert list(got) == [S.ICE_FREE, S.HEAVY_MY, S.HEAVY_MY, S.HEAVY_MY, S.UNKNOWN]
    # conservative: no POLARIS column is thicker than the default stage
    assert got[2] == max(IceStage(i) for i in range(len(POLARIS_COLUMNS)))


def test_seasonal_region_is_first_year_at_most():
    got = stage_from_concentration(np.array([0.0, 0.8]), 2, region="seasonal_ice_zone")
    assert list(got) == [S.ICE_FREE, S.THICK_FY]


def test_concentration_mapping_is_overridable():
    table = ["GWI"] * 9 + ["NI"] * 3
    with assumptions.overridden(
        {
            "icestage.from_concentration.default.stage_by_month": table,
            "icestage.from_concentration.ice_free_max": 0.15,
        }
    ):
        got = stage_from_concentration(np.array([0.1, 0.5, 0.5]), np.array([1, 1, 11]))
    assert list(got) == [S.ICE_FREE, S.GREY_WHITE, S.NEW_ICE]
    assert stage_from_concentration(0.1, 1) == S.HEAVY_MY  # override gone


def test_concentration_mapping_dataarray_names_its_assumptions():
    da = xr.DataArray([0.3, np.nan], dims="x")
    got = stage_from_concentration(da, 7)
    assert list(got.values) == [S.HEAVY_MY, S.UNKNOWN]
    assert "icestage.from_concentration.default.stage_by_month" in got.attrs["assumptions"]


def test_concentration_mapping_bad_input():
    with pytest.raises(IceStageError, match=r"fraction 0\.\.1 \(divide percent by 100\)"):
        stage_from_concentration([50.0], 1)
    with pytest.raises(IceStageError, match="month must be an integer 1-12; got 13"):
        stage_from_concentration([0.5], 13)
    with pytest.raises(IceStageError, match="month must be an integer"):
        stage_from_concentration([0.5], 1.5)
    with pytest.raises(IceStageError, match="known regions: default, seasonal_ice_zone"):
        stage_from_concentration([0.5], 1, region="Baltic")
    with (
        assumptions.overridden({"icestage.from_concentration.default.stage_by_month": ["HMY"]}),
        pytest.raises(IceStageError, match="must list 12 stages"),
    ):
        stage_from_concentration([0.5], 1)


# --- SIGRID-3 code tables --------------------------------------------------------------------

# Concentration codes, re-typed from the NSIDC G02172 table (see icestage references):
# code -> (lower, upper) in tenths.
CONC_CODES = {
    "00": (0, 0),
    "01": (0, 1),
    "02": (0, 1),
    "10": (1, 1),
    "50": (5, 5),
    "90": (9, 9),
    "91": (9, 10),
    "92": (10, 10),
    "13": (1, 3),
    "46": (4, 6),
    "79": (7, 9),
    "71": (7, 10),
}


@pytest.mark.parametrize(("code", "bounds"), CONC_CODES.items())
@pytest.mark.parametrize("rule", ["upper", "mid", "lower"])
def test_concentration_codes(code, bounds, rule):
    low, high = bounds
    want = {"upper": high, "mid": (low + high) / 2, "lower": low}[rule] / 10
    assert concentration_from_sigrid3(code, rule) == pytest.approx(want)
    assert concentration_from_sigrid3(int(code), rule) == pytest.approx(want)


def test_concentration_code_default_rule_is_upper_and_overridable():
    assert concentration_from_sigrid3("79") == pytest.approx(0.9)
    with assumptions.overridden({"icestage.sigrid3.range_rule": "mid"}):
        assert concentration_from_sigrid3("79") == pytest.approx(0.8)


@pytest.mark.parametrize("code", ["99", "55", "31x", "93", "-3", 12.5])
def test_unknown_concentration_codes_are_nan(code):
    assert math.isnan(concentration_from_sigrid3(code))


@pytest.mark.parametrize("code", [None, "", "  ", "-9", -9, float("nan")])
def test_missing_concentration_codes_are_none(code):
    assert concentration_from_sigrid3(code) is None


def test_concentration_code_bad_rule():
    with pytest.raises(IceStageError, match="range_rule must be one of upper, mid, lower"):
        concentration_from_sigrid3("79", "max")


@pytest.mark.parametrize(
    ("code", "stage"),
    [
        ("00", S.ICE_FREE),
        ("81", S.NEW_ICE),
        ("82", S.NEW_ICE),
        ("83", S.GREY_WHITE),  # young ice: thicker of grey / grey-white
        ("84", S.GREY),
        ("85", S.GREY_WHITE),
        ("86", S.THICK_FY),  # first-year: thickest first-year stage
        ("87", S.THIN_FY_2),
        ("88", S.THIN_FY_1),
        ("89", S.THIN_FY_2),
        ("91", S.MEDIUM_FY),
        ("93", S.THICK_FY),
        ("95", S.HEAVY_MY),  # old ice
        ("96", S.SECOND_YEAR),
        ("97", S.HEAVY_MY),
        ("98", S.GLACIER),
        ("99", S.UNKNOWN),
        ("80", S.UNKNOWN),
        ("94", S.UNKNOWN),
        ("-9", S.UNKNOWN),
        ("", S.UNKNOWN),
        (None, S.UNKNOWN),
        ("XX", S.UNKNOWN),
    ],
)
def test_stage_codes(code, stage):
    assert stage_from_sigrid3(code) is stage


def test_thickest_stage_unknown_wins_and_empty_slots_ignored():
    stage = np.array([[S.THICK_FY, S.GREY], [S.GREY, S.UNKNOWN], [S.HEAVY_MY, S.ICE_FREE]])
    conc = np.array([[0.5, 0.3], [0.2, 0.1], [0.0, 0.0]])
    assert list(thickest_stage(stage, conc)) == [S.THICK_FY, S.UNKNOWN]


# --- SIGRID-3 chart built by the test --------------------------------------------------------

KM = 1000.0
FIELDS = ["CT", "CA", "CB", "CC", "SA", "SB", "SC", "FA", "FB", "FC", "POLY_TYPE"]


def write_chart(path, polygons, crs="EPSG:3411", fields=FIELDS):
    """Write a SIGRID-3 shapefile of (geometry, {field: code}) pairs."""
    geoms = np.array([g for g, _ in polygons])
    data = [np.array([attrs.get(f, "") for _, attrs in polygons], dtype=object) for f in fields]
    pyogrio.raw.write(
        str(path),
        shapely.to_wkb(geoms),
        data,
        fields,
        driver="ESRI Shapefile",
        geometry_type="Polygon",
        crs=crs,
    )
    return path


def box_km(x0, y0, x1, y1):
    return shapely.box(x0 * KM, y0 * KM, x1 * KM, y1 * KM)


CHART = [
    # two ice types: 10/10 = 6/10 thick FY + 4/10 medium FY
    (
        box_km(0, 0, 40, 100),
        {"CT": "92", "CA": "60", "SA": "93", "FA": "04", "CB": "40", "SB": "91", "FB": "03"},
    ),
    # one ice type, CA left empty (= CT), range code 7/10-9/10 -> 9/10 (upper)
    (box_km(40, 50, 70, 100), {"CT": "79", "SA": "96", "FA": "05"}),
    # unknown total concentration
    (box_km(40, 0, 70, 25), {"CT": "99", "CA": "50", "SA": "93"}),
    # known concentration, unknown stage code
    (box_km(40, 25, 70, 50), {"CT": "50", "SA": "94"}),
    # land
    (box_km(70, 0, 100, 50), {"CT": "-9", "POLY_TYPE": "L"}),
    # ice free
    (box_km(70, 50, 100, 100), {"CT": "00", "POLY_TYPE": "W"}),
]


@pytest.fixture
def grid():
    x = np.arange(5, 110, 10) * KM  # 11 columns; the last is outside the chart
    y = np.arange(95, 0, -10) * KM  # 10 rows, descending like the NSIDC grid
    return x, y


def expected_cell(xk, yk):
    """(total, partial A/B/C, stage A/B/C, thickest, land) for a cell centre in km."""
    unknown = (math.nan, [math.nan] * 3, [S.UNKNOWN] * 3, S.UNKNOWN, False)
    if xk > 100:
        return unknown
    if xk < 40:
        return (1.0, [0.6, 0.4, 0.0], [S.THICK_FY, S.MEDIUM_FY, S.ICE_FREE], S.THICK_FY, False)
    if xk < 70 and yk > 50:
        return (0.9, [0.9, 0, 0], [S.SECOND_YEAR, S.ICE_FREE, S.ICE_FREE], S.SECOND_YEAR, False)
    if xk < 70 and yk < 25:
        return unknown
    if xk < 70:
        return (0.5, [0.5, 0, 0], [S.UNKNOWN, S.ICE_FREE, S.ICE_FREE], S.UNKNOWN, False)
    if yk < 50:
        return (*unknown[:4], True)
    return (0.0, [0.0] * 3, [S.ICE_FREE] * 3, S.ICE_FREE, False)


def test_read_sigrid3_rasterises_the_egg_codes(tmp_path, grid):
    x, y = grid
    path = write_chart(tmp_path / "chart.shp", CHART)
    ds = read_sigrid3(path, x, y, "EPSG:3411")
    assert ds.total_concentration.shape == (10, 11)
    assert ds.stage.dims == ("ice_type", "y", "x")
    assert list(ds.ice_type.values) == ["A", "B", "C"]
    for j, yv in enumerate(y):
        for i, xv in enumerate(x):
            total, partial, stage, thickest, land = expected_cell(xv / KM, yv / KM)
            cell = ds.isel(x=i, y=j)
            where = f"cell x={xv / KM} km, y={yv / KM} km"
            np.testing.assert_allclose(cell.total_concentration, total, err_msg=where)
            np.testing.assert_allclose(cell.partial_concentration, partial, err_msg=where)
            assert list(cell.stage.values) == stage, where
            assert cell.thickest_stage == thickest, where
            assert bool(cell.land) == land, where
            assert bool(cell.covered) == (xv / KM < 100), where
    assert list(ds.form.isel(x=0, y=0).values) == [4, 3, -1]


def test_read_sigrid3_never_reads_unknown_as_open_water(tmp_path, grid):
    x, y = grid
    ds = read_sigrid3(write_chart(tmp_path / "chart.shp", CHART), x, y, "EPSG:3411")
    zero = ds.total_concentration == 0
    assert bool((ds.thickest_stage.where(zero) == S.ICE_FREE).sum() == zero.sum())
    unknown = np.isnan(ds.total_concentration)
    assert bool((ds.thickest_stage.values[unknown.values] == S.UNKNOWN).all())
    assert int(unknown.sum()) == 10 + 3 * 2 + 3 * 5  # outside + CT 99 + land


def test_read_sigrid3_ascending_y_gives_the_same_cells(tmp_path, grid):
    x, y = grid
    path = write_chart(tmp_path / "chart.shp", CHART)
    down = read_sigrid3(path, x, y, "EPSG:3411")
    up = read_sigrid3(path, x, y[::-1], "EPSG:3411")
    xr.testing.assert_identical(
        down.stage.sortby("y").drop_attrs(), up.stage.sortby("y").drop_attrs()
    )


def test_read_sigrid3_bergy_water_and_partials_short_of_total(tmp_path, grid):
    x, y = grid
    chart = [
        (box_km(0, 0, 50, 100), {"CT": "02"}),  # bergy water, no stage: glacier ice
        # 9+/10 (-> 10/10) but partials 5/10 + 4/10: the tenth left goes to A
        (box_km(50, 0, 110, 100), {"CT": "91", "CA": "50", "SA": "85", "CB": "40", "SB": "84"}),
    ]
    ds = read_sigrid3(write_chart(tmp_path / "c.shp", chart), x, y, "EPSG:3411")
    west, east = ds.isel(x=0, y=0), ds.isel(x=8, y=0)
    assert float(west.total_concentration) == pytest.approx(0.1)
    assert int(west.thickest_stage) == S.GLACIER
    np.testing.assert_allclose(east.partial_concentration, [0.6, 0.4, 0.0])
    assert list(east.stage.values) == [S.GREY_WHITE, S.GREY, S.ICE_FREE]


def test_read_sigrid3_reprojects_a_geographic_chart(tmp_path):
    # A lon/lat box north of Svalbard on the psn25-like grid: compare with an
    # independent point-in-polygon test of the cell centres (projected to lon/lat).
    poly = shapely.box(10.0, 80.0, 30.0, 83.0)
    path = write_chart(tmp_path / "geo.shp", [(poly, {"CT": "92", "SA": "97"})], crs="EPSG:4326")
    x = np.arange(-3850, 3750, 25.0)[120:200] * KM + 12.5 * KM
    y = np.arange(5850, -5350, -25.0)[180:260] * KM - 12.5 * KM
    ds = read_sigrid3(path, x, y, "EPSG:3411")
    xx, yy = np.meshgrid(x, y)
    lon, lat = pyproj.Transformer.from_crs("EPSG:3411", "EPSG:4326", always_xy=True).transform(
        xx, yy
    )
    inside = shapely.contains_xy(shapely.segmentize(poly, 0.25), lon, lat)
    assert inside.sum() > 20
    # Edges are straight in lon/lat and densified to 0.25 deg before projection, so a
    # cell centre within a few km of an edge may fall either side: compare away from it.
    got = ds.covered.values
    agree = got == inside
    assert agree.mean() > 0.97
    assert bool((ds.thickest_stage.values[got] == S.HEAVY_MY).all())


def test_read_sigrid3_missing_file(tmp_path, grid):
    with pytest.raises(DataFileError, match="SIGRID-3 chart not found"):
        read_sigrid3(tmp_path / "nothing.shp", *grid, "EPSG:3411")


@pytest.mark.parametrize("size", [50, 200])
def test_read_sigrid3_truncated_shp(tmp_path, grid, size):
    path = write_chart(tmp_path / "chart.shp", CHART)
    with open(path, "r+b") as fh:
        fh.truncate(size)
    with pytest.raises(DataFileError, match=r"truncated or corrupt|unreadable, or corrupt"):
        read_sigrid3(path, *grid, "EPSG:3411")


def test_read_sigrid3_missing_ct_attribute(tmp_path, grid):
    fields = [f for f in FIELDS if f != "CT"]
    path = write_chart(tmp_path / "chart.shp", CHART, fields=fields)
    with pytest.raises(DataFileError, match="lacks egg-code attribute\\(s\\) CT; it has CA"):
        read_sigrid3(path, *grid, "EPSG:3411")


def test_read_sigrid3_missing_prj(tmp_path, grid):
    path = write_chart(tmp_path / "chart.shp", CHART)
    (tmp_path / "chart.prj").unlink()
    with pytest.raises(DataFileError, match=r"has no CRS .* pass chart_crs"):
        read_sigrid3(path, *grid, "EPSG:3411")
    ds = read_sigrid3(path, *grid, "EPSG:3411", chart_crs="EPSG:3411")
    assert float(ds.total_concentration[0, 0]) == 1.0


def test_read_sigrid3_missing_dbf(tmp_path, grid):
    path = write_chart(tmp_path / "chart.shp", CHART)
    shutil.move(tmp_path / "chart.dbf", tmp_path / "other.dbf")
    with pytest.raises(DataFileError, match="SIGRID-3 chart"):
        read_sigrid3(path, *grid, "EPSG:3411")


def test_read_sigrid3_bad_grid(tmp_path, grid):
    x, y = grid
    path = write_chart(tmp_path / "chart.shp", CHART)
    with pytest.raises(IceStageError, match="grid_x must be regularly spaced"):
        read_sigrid3(path, np.array([0.0, 1.0, 3.0]), y, "EPSG:3411")
    with pytest.raises(IceStageError, match="grid_y must be 1-D"):
        read_sigrid3(path, x, np.zeros((2, 2)), "EPSG:3411")
