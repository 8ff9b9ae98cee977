"""Tests for arcticroute.rules.polaris against the published POLARIS tables (REFERENCE.md §3)."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from arcticroute import assumptions
from arcticroute.errors import DataFileError, UnknownIceClassError
from arcticroute.ice.icestage import POLARIS_COLUMNS, IceStage
from arcticroute.rules.polaris import (
    ELEVATED_RISK_SPEED_LIMIT_KN,
    RIV_TABLE,
    OperationLevel,
    PolarisError,
    elevated_risk_speed_limit_kn,
    operation_level,
    polaris_assumptions,
    polaris_class,
    polaris_speed_kn,
    rio,
    riv,
)
from arcticroute.vessel.iceclass import IceClass, PolarCodeCategory

# Re-typed from REFERENCE.md §3.3 (MSC.1/Circ.1519 RIV table via MPAS-Analysis), one
# string per row so that a typo in the module's table cannot be copied into the test.
PUBLISHED_RIV = """
PC1       3 3 3 3  2  2  2  2  2  2  1  1
PC2       3 3 3 3  2  2  2  2  2  1  1  0
PC3       3 3 3 3  2  2  2  2  2  1  0 -1
PC4       3 3 3 3  2  2  2  2  1  0 -1 -2
PC5       3 3 3 3  2  2  1  1  0 -1 -2 -2
PC6       3 2 2 2  2  1  1  0 -1 -2 -3 -3
PC7       3 2 2 2  1  1  0 -1 -2 -3 -3 -3
IA_Super  3 2 2 2  2  1  0 -1 -2 -3 -4 -4
IA        3 2 2 2  1  0 -1 -2 -3 -4 -5 -5
IB        3 2 2 1  0 -1 -2 -3 -4 -5 -6 -6
IC        3 2 1 0 -1 -2 -3 -4 -5 -6 -7 -8
none      3 1 0 -1 -2 -3 -4 -5 -6 -7 -8 -8
"""
PUBLISHED = {
    line.split()[0].replace("_", " "): [int(v) for v in line.split()[1:]]
    for line in PUBLISHED_RIV.strip().splitlines()
}
CELLS = [
    (row, col, value)
    for row, values in PUBLISHED.items()
    for col, value in zip(POLARIS_COLUMNS, values, strict=True)
]

# REFERENCE.md §3.6
PUBLISHED_SPEED_KN = {
    "PC1": 11,
    "PC2": 8,
    "PC3": 5,
    "PC4": 5,
    "PC5": 5,
    "PC6": 3,
    "PC7": 3,
}


def test_published_table_has_12_rows_of_12_columns():
    assert len(PUBLISHED) == 12
    assert all(len(v) == 12 for v in PUBLISHED.values())
    assert set(RIV_TABLE) == {IceClass(k) for k in PUBLISHED}


@pytest.mark.parametrize(("row", "column", "value"), CELLS)
def test_riv_table_cell_matches_published(row, column, value):
    # integers, exact: no tolerance
    assert RIV_TABLE[IceClass(row)][POLARIS_COLUMNS.index(column)] == value
    assert riv(row, column) == value


def test_riv_table_is_read_only():
    with pytest.raises(TypeError, match="does not support item assignment"):
        RIV_TABLE[IceClass.PC1] = (0,) * 12  # type: ignore[index]


def test_riv_table_accepts_plain_string_keys():
    assert RIV_TABLE["IA Super"] == RIV_TABLE[IceClass.IA_SUPER]


# --- riv: stages, classes, equivalences ----------------------------------------------


def test_unknown_stage_is_nan_never_a_value():
    out = riv("PC1", np.array([IceStage.UNKNOWN, IceStage.ICE_FREE], dtype=np.int8))
    assert np.isnan(out[0]) and out[1] == 3
    assert np.isnan(riv("PC1", IceStage.UNKNOWN))


def test_nan_in_a_float_stage_array_is_unknown():
    out = riv("PC7", np.array([np.nan, 8.0]))
    assert np.isnan(out[0]) and out[1] == -2


def test_glacier_ice_is_heavy_multi_year_by_default():
    for row in PUBLISHED:
        assert riv(row, IceStage.GLACIER) == PUBLISHED[row][11]


def test_glacier_ice_can_be_made_unknown():
    with assumptions.overridden({"polaris.glacier_ice.column": "unknown"}):
        assert np.isnan(riv("PC1", IceStage.GLACIER))
    with assumptions.overridden({"polaris.glacier_ice.column": "SY"}):
        assert riv("PC7", IceStage.GLACIER) == -3
        assert riv("PC4", IceStage.GLACIER) == 0


def test_glacier_assumption_must_name_a_column():
    with (
        assumptions.overridden({"polaris.glacier_ice.column": "iceberg"}),
        pytest.raises(DataFileError, match="POLARIS column"),
    ):
        riv("PC1", IceStage.GLACIER)


def test_arc4_is_pc7_confirmed():
    pc = polaris_class("Arc4")
    assert pc.row is IceClass.PC7 and pc.confirmed and pc.assumption_keys == ()
    stages = np.arange(12)
    np.testing.assert_array_equal(riv("Arc4", stages), PUBLISHED["PC7"])


def test_arc5_is_pc6_confirmed():
    pc = polaris_class("UL")
    assert pc.row is IceClass.PC6 and pc.confirmed


def test_arc7_uses_the_named_equivalence_assumption():
    pc = polaris_class("Arc7")
    assert pc.row is IceClass.PC4
    assert not pc.confirmed
    assert pc.assumption_keys == ("iceclass.equivalence.Arc7.IACS",)
    assert "iceclass.equivalence.Arc7.IACS" in polaris_assumptions("Arc7")
    assert riv("Arc7", "HMY") == PUBLISHED["PC4"][11]


def test_overriding_the_arc7_equivalence_changes_the_result():
    base = rio("Arc7", 1.0, "HMY", type_axis=None)
    with assumptions.overridden({"iceclass.equivalence.Arc7.IACS": "PC2"}):
        assert polaris_class("Arc7").row is IceClass.PC2
        assert rio("Arc7", 1.0, "HMY", type_axis=None) == 0.0
        assert elevated_risk_speed_limit_kn("Arc7") == 8
    assert base == -20.0


@pytest.mark.parametrize(
    ("ice_class", "row", "key"),
    [
        ("Ice3", "IA", "iceclass.equivalence.Ice3.FSICR"),
        ("Ice2", "IB", "iceclass.equivalence.Ice2.FSICR"),
        ("Ice1", "IC", "iceclass.equivalence.Ice1.FSICR"),
    ],
)
def test_rs_ice_classes_use_their_assumed_fsicr_row(ice_class, row, key):
    pc = polaris_class(ice_class)
    assert pc.row is IceClass(row)
    assert pc.category is PolarCodeCategory.C
    assert key in pc.assumption_keys


def test_rs_class_with_no_equivalent_falls_back_to_not_ice_strengthened():
    with assumptions.overridden({"iceclass.equivalence.Ice1.FSICR": "none"}):
        assert polaris_class("Ice1").row is IceClass.NONE


@pytest.mark.parametrize(
    ("ice_class", "category"),
    [("PC1", "A"), ("PC5", "A"), ("PC6", "B"), ("PC7", "B"), ("Arc4", "B")]
    + [(c, "C") for c in ("IA Super", "IA", "IB", "IC", "none")],
)
def test_criteria_category_of_each_row(ice_class, category):
    assert polaris_class(ice_class).category is PolarCodeCategory(category)


def test_decayed_and_escorted_use_the_standard_table_under_named_assumptions():
    assert riv("PC7", "TkFY", decayed=True, escorted=True) == -2
    keys = polaris_assumptions("PC7", decayed=True, escorted=True)
    assert "polaris.decayed_ice.rivs" in keys and "polaris.escorted.rivs" in keys
    assert "polaris.decayed_ice.rivs" not in polaris_assumptions("PC7")


@pytest.mark.parametrize(
    ("key", "flag"),
    [("polaris.decayed_ice.rivs", "decayed"), ("polaris.escorted.rivs", "escorted")],
)
def test_decayed_or_escorted_can_be_made_to_raise(key, flag):
    with (
        assumptions.overridden({key: "unavailable"}),
        pytest.raises(PolarisError, match=f"{flag}=True.*not available"),
    ):
        riv("PC7", "TkFY", **{flag: True})


def test_riv_accepts_xarray_and_keeps_coords():
    stage = xr.DataArray(np.array([[0, 8], [11, 99]], dtype=np.int8), dims=("y", "x"))
    out = riv("PC7", stage)
    assert isinstance(out, xr.DataArray) and out.dims == ("y", "x")
    np.testing.assert_array_equal(out.values[0], [3, -2])
    assert np.isnan(out.values[1, 1])


# --- rio -----------------------------------------------------------------------------


def test_rio_ten_tenths_thick_first_year_pc7():
    # 10 x RIV(PC7, TkFY) = 10 x (-2)
    assert rio("PC7", 1.0, "TkFY", type_axis=None) == -20.0


def test_rio_mix_of_three_types_with_open_water():
    # PC5: 4/10 MFY (1) + 3/10 TkFY (0) + 2/10 SY (-1) + 1/10 ice free (3) = 4 + 0 - 2 + 3
    assert rio("PC5", [0.4, 0.3, 0.2], ["MFY", "TkFY", "SY"]) == 5.0
    # IA: 5/10 TFY1 (1) + 3/10 GWI (2) + 1/10 LMY (-5) + 1/10 IF (3) = 5 + 6 - 5 + 3
    assert rio("IA", [0.5, 0.3, 0.1], ["TFY1", "GWI", "LMY"]) == 9.0


def test_rio_open_water_is_30_for_every_class():
    for row in PUBLISHED:
        assert rio(row, 0.0, "IF", type_axis=None) == 30.0
        assert rio(row, [0.0, 0.0], [IceStage.UNKNOWN, IceStage.UNKNOWN]) == 30.0


def test_rio_is_nan_where_a_present_type_has_unknown_stage():
    assert np.isnan(rio("PC1", [0.5, 0.1], ["TkFY", IceStage.UNKNOWN]))
    assert np.isnan(rio("PC1", [0.5, np.nan], ["TkFY", "TkFY"]))


def test_rio_lands_exactly_on_thresholds_despite_float_fractions():
    # PC7: 6/10 MFY (-1) + 3/10 TFY1 (1) + 1/10 IF (3): -6 + 3 + 3 = 0 exactly
    assert rio("PC7", [0.6, 0.3], ["MFY", "TFY1"]) == 0.0
    # PC7: 7/10 TkFY (-2) + 3/10 MFY<1m (0) = -14 + 0; 0.5 TkFY + 0.5 MFY<1m = -10
    assert rio("PC7", [0.5, 0.5], ["TkFY", "MFY<1m"]) == -10.0


def test_rio_over_a_sigrid3_like_grid_matches_scalar_calls():
    rng = np.random.default_rng(1519)
    ny, nx = 448, 304
    raw = rng.random((3, ny, nx))
    conc = raw / raw.sum(axis=0) * rng.random((ny, nx))  # partials summing to <= 1
    conc[:, rng.random((ny, nx)) < 0.2] = 0.0
    stage = rng.integers(0, 13, size=(3, ny, nx)).astype(np.int8)
    stage[1, rng.random((ny, nx)) < 0.05] = IceStage.UNKNOWN
    out = rio("PC6", conc, stage)
    assert out.shape == (ny, nx)
    for j, i in zip(rng.integers(0, ny, 300), rng.integers(0, nx, 300), strict=True):
        expect = rio("PC6", list(conc[:, j, i]), list(stage[:, j, i]))
        np.testing.assert_equal(out[j, i], expect)
    # the speed follows cell by cell too
    speed = polaris_speed_kn(out, "PC6", 12.0, policy="elevated_allowed")
    for j, i in zip(rng.integers(0, ny, 100), rng.integers(0, nx, 100), strict=True):
        assert speed[j, i] == polaris_speed_kn(out[j, i], "PC6", 12.0, "elevated_allowed")


def test_rio_from_total_concentration_and_one_stage_grid():
    sic = np.array([[0.0, 0.5], [1.0, np.nan]])
    out = rio("PC7", sic, "TkFY", type_axis=None)
    np.testing.assert_array_equal(out[0], [30.0, 5.0])  # 5*(-2) + 5*3 = 5
    assert out[1, 0] == -20.0 and np.isnan(out[1, 1])


def test_rio_on_xarray_uses_the_ice_type_dimension():
    ds = xr.Dataset(
        {
            "partial_concentration": (
                ("ice_type", "y", "x"),
                np.array([[[0.7]], [[0.2]], [[0.0]]]),
            ),
            "stage": (("ice_type", "y", "x"), np.array([[[8]], [[11]], [[99]]], np.int8)),
        },
        coords={"ice_type": ["A", "B", "C"], "y": [0.0], "x": [0.0]},
    )
    out = rio("PC4", ds.partial_concentration, ds.stage)
    assert isinstance(out, xr.DataArray) and out.dims == ("y", "x")
    # 7 x 1 + 2 x (-2) + 1 x 3
    assert float(out[0, 0]) == 6.0
    assert "iceclass" not in out.attrs["assumptions"]
    assert (
        "iceclass.equivalence.Arc6.IACS"
        in rio("Arc6", ds.partial_concentration, ds.stage).attrs["assumptions"]
    )


@pytest.mark.parametrize(
    ("conc", "stage", "kwargs", "match"),
    [
        ([0.5, 1.2], ["TkFY", "SY"], {}, "fraction 0..1"),
        ([-0.1], ["TkFY"], {}, "fraction 0..1"),
        (7.0, "TkFY", {"type_axis": None}, "not tenths or percent"),
        ([0.6, 0.5], ["TkFY", "SY"], {}, "sum to 1.1 > 1"),
        ([0.5, 0.5], ["TkFY", "SY", "HMY"], {}, "do not broadcast"),
        ([0.5, 0.5], ["TkFY", "SY"], {"type_axis": 2}, "type_axis=2 is out of range"),
        ([0.5], [42], {}, "unknown stage code"),
        ([0.5], ["slush"], {}, "unknown ice stage 'slush'"),
        ([0.5], [2.5], {}, "whole numbers"),
    ],
)
def test_rio_bad_inputs(conc, stage, kwargs, match):
    with pytest.raises(PolarisError, match=match):
        rio("PC7", conc, stage, **kwargs)


def test_unknown_ice_class_raises_with_valid_forms():
    with pytest.raises(UnknownIceClassError, match="Valid forms"):
        rio("PC8", 0.5, "TkFY", type_axis=None)
    with pytest.raises(UnknownIceClassError, match="unknown ice class"):
        riv("Arc 10", "TkFY")
    with pytest.raises(UnknownIceClassError, match="super strong"):
        elevated_risk_speed_limit_kn("super strong")


# --- operational criteria --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "pc_level", "below_pc7_level"),
    [
        (30.0, "NORMAL", "NORMAL"),
        (0.0, "NORMAL", "NORMAL"),
        (-1e-6, "ELEVATED_RISK", "SPECIAL_CONSIDERATION"),
        (-5.0, "ELEVATED_RISK", "SPECIAL_CONSIDERATION"),
        (-10.0, "ELEVATED_RISK", "SPECIAL_CONSIDERATION"),
        (-10.000001, "SPECIAL_CONSIDERATION", "SPECIAL_CONSIDERATION"),
        (-30.0, "SPECIAL_CONSIDERATION", "SPECIAL_CONSIDERATION"),
        (np.nan, "UNKNOWN", "UNKNOWN"),
    ],
)
def test_operation_level_thresholds(value, pc_level, below_pc7_level):
    for category in ("A", "B"):
        assert operation_level(value, category) is OperationLevel[pc_level]
    assert operation_level(value, PolarCodeCategory.C) is OperationLevel[below_pc7_level]


def test_operation_level_wording():
    assert OperationLevel.NORMAL.wording == "Normal operation"
    assert OperationLevel.ELEVATED_RISK.wording == "Elevated operational risk"
    assert (
        OperationLevel.SPECIAL_CONSIDERATION.wording == "Operation subject to special consideration"
    )


def test_operation_level_vectorised_and_xarray():
    r = np.array([1.0, -3.0, -12.0, np.nan])
    np.testing.assert_array_equal(operation_level(r, "B"), [0, 1, 2, 99])
    da = xr.DataArray(r, dims="x")
    out = operation_level(da, "c")
    assert isinstance(out, xr.DataArray)
    np.testing.assert_array_equal(out.values, [0, 2, 2, 99])


def test_operation_level_bad_category():
    with pytest.raises(PolarisError, match="unknown Polar Code category 'D'"):
        operation_level(0.0, "D")


# --- speed -----------------------------------------------------------------------------


@pytest.mark.parametrize(("row", "limit"), PUBLISHED_SPEED_KN.items())
def test_elevated_risk_speed_limits_polar_classes(row, limit):
    assert elevated_risk_speed_limit_kn(row) == limit
    assert ELEVATED_RISK_SPEED_LIMIT_KN[IceClass(row)] == limit


@pytest.mark.parametrize("ice_class", ["IA Super", "IA", "IB", "IC", "none", "Ice2"])
def test_elevated_risk_speed_limit_below_pc5_is_3_kn(ice_class):
    assert elevated_risk_speed_limit_kn(ice_class) == 3


def test_elevated_risk_speed_limit_of_arc_classes():
    assert elevated_risk_speed_limit_kn("Arc4") == 3  # PC7, confirmed
    assert elevated_risk_speed_limit_kn("Arc7") == 5  # PC4, assumed


def test_polaris_speed_normal_only():
    r = np.array([5.0, 0.0, -1.0, -11.0, np.nan])
    np.testing.assert_array_equal(polaris_speed_kn(r, "PC2", 14.0), [14, 14, 0, 0, 0])


def test_polaris_speed_elevated_allowed():
    r = np.array([5.0, -1.0, -10.0, -11.0, np.nan])
    np.testing.assert_array_equal(
        polaris_speed_kn(r, "PC2", 14.0, policy="elevated_allowed"), [14, 8, 8, 0, 0]
    )
    # never faster than the ship's own speed
    assert polaris_speed_kn(-1.0, "PC1", 6.0, policy="elevated_allowed") == 6.0


def test_polaris_speed_below_pc7_gets_no_elevated_risk():
    assert polaris_speed_kn(-1.0, "IA Super", 12.0, policy="elevated_allowed") == 0.0
    assert polaris_speed_kn(-1.0, "PC7", 12.0, policy="elevated_allowed") == 3.0


def test_polaris_speed_on_xarray():
    da = xr.DataArray([10.0, -5.0], dims="x", coords={"x": [1, 2]})
    out = polaris_speed_kn(da, "PC5", 12.0, "elevated_allowed")
    assert isinstance(out, xr.DataArray) and out.attrs["units"] == "knot"
    np.testing.assert_array_equal(out.values, [12, 5])


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"policy": "always"}, "unknown policy 'always'; use one of normal_only"),
        ({"open_water_speed_kn": -1.0}, "finite and ≥ 0 knots"),
        ({"open_water_speed_kn": np.nan}, "finite and ≥ 0 knots"),
        ({"open_water_speed_kn": np.ones(3)}, "does not broadcast"),
    ],
)
def test_polaris_speed_bad_inputs(kwargs, match):
    args = {"rio": np.zeros(2), "ice_class": "PC7", "open_water_speed_kn": 10.0, **kwargs}
    with pytest.raises(PolarisError, match=match):
        polaris_speed_kn(**args)


def test_polaris_parameters_are_registered():
    for key in ("polaris.decayed_ice.rivs", "polaris.escorted.rivs", "polaris.glacier_ice.column"):
        item = assumptions.assumption(key)
        assert item.assumed and item.why and item.date
