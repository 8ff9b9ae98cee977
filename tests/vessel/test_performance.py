"""Tests for arcticroute.vessel.performance (speed in ice by ice class)."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import xarray as xr

from arcticroute import assumptions
from arcticroute.errors import UnknownIceClassError
from arcticroute.ice.icestage import IceStage
from arcticroute.vessel.performance import (
    PerformanceError,
    parse_season,
    speed_factor_in_ice,
    speed_in_ice_kn,
    speed_parameters,
    stage_thickness_m,
)

# Waite et al., NSR_shipping_model, inputs/ship_specs (re-typed from the CSVs):
# ShipSpecs.csv MaxSpeed (kn), MaxSIT_SpeedRedn / MaxSIT_IBneed / MaxSIT_NoGo (cm);
# SpeedFcnParams1.csv intercept, exponent (same in both seasons).
WAITE = {
    "1A": (16.0, 10, 30, 75, 3.742744916, -0.630929754),
    "1AS": (15.4, 10, 40, 105, 5.189093522, -0.472429223),
}
ESCORT_KN = 3.0  # ShipSpecs.csv MaxIceBreakSpeed

CLASSES_WEAK_TO_STRONG = {
    "RS": ["Ice1", "Ice2", "Ice3", "Arc4", "Arc5", "Arc6", "Arc7", "Arc8", "Arc9"],
    "IACS": ["PC7", "PC6", "PC5", "PC4", "PC3", "PC2", "PC1"],
    "FSICR": ["none", "IC", "IB", "IA", "IA Super"],
}


def waite_speed(ship: str, sit_cm: float) -> float:
    """Independent re-implementation of shipping_model.R ``max_speed`` (escort case)."""
    vmax, redn, ibneed, nogo, a, b = WAITE[ship]
    if sit_cm > nogo:
        return 0.0
    if sit_cm >= ibneed:
        return ESCORT_KN
    if sit_cm > redn:
        return a * (sit_cm / 100) ** b
    return vmax


@pytest.mark.parametrize("ship,cls", [("1A", "IA"), ("1AS", "IA Super")])
@pytest.mark.parametrize("season", ["WinterSpring", "SummerAutumn"])
def test_matches_waite_rule(ship, cls, season):
    vmax = WAITE[ship][0]
    # thickness grid with the source thresholds themselves (boundary rules)
    sit_cm = np.array([0, 5, 10, 10.5, 15, 20, 29.9, 30, 39.9, 40, 50, 75, 75.1, 105, 106, 300])
    expected = np.array([waite_speed(ship, s) for s in sit_cm])
    got = speed_in_ice_kn(
        cls, vmax, sic=1.0, thickness_m=sit_cm / 100, season=season, escorted=True
    )
    # 1e-3 relative: the published intercepts are rounded to 10 digits and the
    # curve passes through (h_r, MaxSpeed) only to ~3e-4 (15.403 vs 15.4 kn for 1AS)
    np.testing.assert_allclose(got, expected, rtol=1e-3)


@pytest.mark.parametrize("ship,cls", [("1A", "IA"), ("1AS", "IA Super")])
def test_power_law_anchors(ship, cls):
    vmax, redn, ibneed, _, a, b = WAITE[ship]
    # the published power law passes through (h_r, MaxSpeed) and (h_ib, 8 kn)
    assert a * (redn / 100) ** b == pytest.approx(vmax, rel=1e-3)
    assert a * (ibneed / 100) ** b == pytest.approx(8.0, rel=1e-3)
    p = speed_parameters(cls)
    assert p.exponent == pytest.approx(b, abs=1e-9)
    assert (p.speed_reduction_m, p.icebreaker_need_m) == pytest.approx((redn / 100, ibneed / 100))


def test_independent_is_zero_from_icebreaker_need():
    assert speed_in_ice_kn("IA", 16, 1.0, thickness_m=0.29) > 8
    assert speed_in_ice_kn("IA", 16, 1.0, thickness_m=0.30) == 0.0
    assert speed_in_ice_kn("IA", 16, 1.0, thickness_m=0.30, escorted=True) == ESCORT_KN
    assert speed_in_ice_kn("IA", 16, 1.0, thickness_m=0.76, escorted=True) == 0.0
    # a slow ship: the escort speed is capped at its own speed just below h_ib
    slow = speed_in_ice_kn("IA", 2.0, 1.0, thickness_m=[0.2999, 0.30, 0.5], escorted=True)
    np.testing.assert_allclose(slow, 2.0 * 3**-0.630929754, rtol=1e-3)


def test_no_ice_class_is_no_go_in_any_ice():
    # Waite's open-water ships: all three thresholds 1 cm
    assert speed_in_ice_kn("none", 14.6, 1.0, thickness_m=0.005) == 14.6
    assert speed_in_ice_kn("none", 14.6, 1.0, thickness_m=0.02) == 0.0


def test_open_water_gives_open_water_speed():
    v = speed_in_ice_kn("Arc4", 14.0, [0.0, 0.05, 0.099], thickness_m=[np.nan, 2.0, 3.0])
    np.testing.assert_array_equal(v, 14.0)
    assert speed_in_ice_kn("none", 14.0, 0.0, stage=IceStage.UNKNOWN) == 14.0


@pytest.mark.parametrize(
    "kwargs",
    [
        {"sic": np.nan, "thickness_m": 0.0},
        {"sic": np.nan},
        {"sic": 0.5, "thickness_m": np.nan},
        {"sic": 0.5, "stage": IceStage.UNKNOWN},
        {"sic": 0.5, "stage": int(IceStage.GLACIER)},
        {"sic": 0.5, "stage": "unknown"},
    ],
)
@pytest.mark.parametrize("cls", ["none", "IA", "Arc9", "PC1"])
def test_unknown_ice_fails_closed(cls, kwargs):
    assert speed_in_ice_kn(cls, 15.0, escorted=True, **kwargs) == 0.0


@pytest.mark.parametrize("cls", ["IA", "IA Super", "Arc7", "IB", "PC5", "Ice2"])
@pytest.mark.parametrize("season", ["WinterSpring", "SummerAutumn"])
def test_monotonic_in_concentration_and_thickness(cls, season):
    sic = np.linspace(0, 1, 41)[:, None]
    h = np.linspace(0, 4, 161)[None, :]
    for escorted, v_ow in ((False, 15.0), (True, 15.0), (True, 2.0)):
        v = speed_in_ice_kn(cls, v_ow, sic, thickness_m=h, season=season, escorted=escorted)
        assert np.all(np.diff(v, axis=0) <= 1e-12)
        assert np.all(np.diff(v, axis=1) <= 1e-12)
    stages = np.array([int(s) for s in IceStage if s <= IceStage.HEAVY_MY])
    v = speed_in_ice_kn(cls, 15.0, 0.9, stage=stages, season=season)
    assert np.all(np.diff(v) <= 1e-12)


@pytest.mark.parametrize("system", list(CLASSES_WEAK_TO_STRONG))
@pytest.mark.parametrize("season", ["WinterSpring", "SummerAutumn"])
@pytest.mark.parametrize("escorted", [False, True])
def test_higher_class_never_slower(system, season, escorted):
    sic, h = np.meshgrid(np.linspace(0, 1, 21), np.linspace(0, 5, 101))
    speeds = [
        speed_in_ice_kn(c, 15.0, sic, thickness_m=h, season=season, escorted=escorted)
        for c in CLASSES_WEAK_TO_STRONG[system]
    ]
    for weaker, stronger in itertools.pairwise(speeds):
        assert np.all(stronger >= weaker - 1e-12)


def test_scaled_classes_hand_checked():
    # Arc7 winter: 1AS thresholds x 1.4/0.8 (REFERENCE.md 3.8) = 0.175, 0.70, 1.8375 m
    p = speed_parameters("Arc7", "winter")
    assert (p.speed_reduction_m, p.icebreaker_need_m, p.no_go_m) == pytest.approx(
        (0.175, 0.70, 1.8375)
    )
    assert p.assumption_keys == ("performance.threshold_scaling",)
    # summer: x 1.7/1.0
    assert speed_parameters("Arc7", 8).no_go_m == pytest.approx(1.05 * 1.7)
    # at 0.35 m (twice h_r) Arc7 winter makes 2 ** -0.4724 of open-water speed
    v = speed_in_ice_kn("Arc7", 15.0, 1.0, thickness_m=0.35)
    assert v == pytest.approx(15.0 * 2**-0.472429223)
    # IB: 1A thresholds x 0.6/0.8
    assert speed_parameters("IB").no_go_m == pytest.approx(0.75 * 0.75)
    # PC4 goes through the assumed PC4 -> Arc7 equivalence
    assert speed_parameters("PC4").assumption_keys == (
        "iceclass.equivalence.PC4.RS",
        "performance.threshold_scaling",
    )
    # confirmed equivalents use the source curves directly
    assert speed_parameters("PC7").base == "1A" and speed_parameters("PC7").assumption_keys == ()
    assert speed_parameters("Arc5").base == "1AS"


def test_concentration_enters_as_cell_mean_thickness():
    # 0.5 x 0.5 m = 0.25 m effective for IA: 16 * 2.5 ** -0.6309
    v = speed_in_ice_kn("IA", 16.0, 0.5, thickness_m=0.5)
    assert v == pytest.approx(16.0 * 2.5**-0.630929754)
    with assumptions.overridden({"performance.thickness_basis": "ice_covered"}):
        assert speed_in_ice_kn("IA", 16.0, 0.5, thickness_m=0.5) == 0.0


def test_overrides():
    with assumptions.overridden({"performance.open_water_sic_max": 0.15}):
        assert speed_in_ice_kn("none", 12.0, 0.12, thickness_m=1.0) == 12.0
    assert speed_in_ice_kn("none", 12.0, 0.12, thickness_m=1.0) == 0.0
    with assumptions.overridden({"performance.threshold_scaling": "off"}):
        assert speed_parameters("Arc9").no_go_m == pytest.approx(1.05)
        assert speed_parameters("IC").base == "OW"
    with assumptions.overridden({"performance.thickness_if_unknown_m": 0.2}):
        # 1.0 x 0.2 m effective for IA
        assert speed_in_ice_kn("IA", 16.0, 1.0) == pytest.approx(16.0 * 2**-0.630929754)
    with assumptions.overridden({"performance.stage_thickness_rule": "mid"}):
        assert stage_thickness_m(IceStage.GREY_WHITE) == pytest.approx(0.225)
    with assumptions.overridden({"performance.heavy_multiyear_thickness_m": 5.0}):
        assert stage_thickness_m(IceStage.HEAVY_MY) == 5.0
    with assumptions.overridden({"iceclass.equivalence.PC4.RS": "Arc9"}):
        assert speed_parameters("PC4").no_go_m == pytest.approx(1.05 * 3.5 / 0.8)


def test_stage_thickness_upper_bounds():
    got = stage_thickness_m(
        [int(s) for s in (IceStage.ICE_FREE, IceStage.GREY, IceStage.THICK_FY, IceStage.LIGHT_MY)]
    )
    np.testing.assert_allclose(got, [0.0, 0.15, 2.0, 2.5])
    assert math.isnan(float(stage_thickness_m(IceStage.UNKNOWN)))
    # stage and the equivalent thickness give the same speed
    a = speed_in_ice_kn("Arc6", 15.0, 1.0, stage=IceStage.THIN_FY_2)
    b = speed_in_ice_kn("Arc6", 15.0, 1.0, thickness_m=0.70)
    assert a == b


def test_vectorised_grid_equals_scalar_calls():
    rng = np.random.default_rng(1)
    shape = (448, 304)
    sic = rng.uniform(0, 1, shape)
    sic[rng.uniform(size=shape) < 0.05] = np.nan
    h = rng.uniform(0, 2.5, shape)
    h[rng.uniform(size=shape) < 0.05] = np.nan
    v_ow = rng.uniform(10, 20, shape)
    grid = speed_in_ice_kn("Arc5", v_ow, sic, thickness_m=h, season="summer", escorted=True)
    assert grid.shape == shape
    for i, j in zip(rng.integers(0, 448, 300), rng.integers(0, 304, 300), strict=True):
        one = speed_in_ice_kn(
            "Arc5", v_ow[i, j], sic[i, j], thickness_m=h[i, j], season="summer", escorted=True
        )
        assert grid[i, j] == one
    stages = rng.choice([int(s) for s in IceStage], shape).astype(np.int8)
    by_stage = speed_in_ice_kn("PC6", 14.0, sic, stage=stages)
    for i, j in zip(rng.integers(0, 448, 100), rng.integers(0, 304, 100), strict=True):
        assert by_stage[i, j] == speed_in_ice_kn("PC6", 14.0, sic[i, j], stage=int(stages[i, j]))


def test_dataarray_in_dataarray_out():
    sic = xr.DataArray(np.array([[0.0, 0.5], [1.0, np.nan]]), dims=("y", "x"))
    v = speed_in_ice_kn("IA Super", 15.0, sic, thickness_m=0.3)
    assert isinstance(v, xr.DataArray) and v.attrs["units"] == "knot"
    assert float(v[1, 1]) == 0.0 and float(v[0, 0]) == 15.0


def test_speed_factor_for_fuel_hook():
    f = speed_factor_in_ice("IA", [0.0, 1.0, 1.0], thickness_m=[0.0, 0.2, 1.0])
    np.testing.assert_allclose(f, [1.0, 2**-0.630929754, 0.0])
    # independent of the open-water speed without escort
    g = speed_factor_in_ice("IA", 1.0, thickness_m=0.2, open_water_speed_kn=12.0)
    assert g == pytest.approx(2**-0.630929754)
    assert speed_factor_in_ice(
        "IA", 1.0, thickness_m=0.5, escorted=True, open_water_speed_kn=12.0
    ) == pytest.approx(0.25)


def test_seasons():
    assert parse_season("winter") == "WinterSpring"
    assert parse_season("SUMMERAUTUMN") == "SummerAutumn"
    assert [parse_season(m) for m in (6, 7, 11, 12)] == [
        "WinterSpring",
        "SummerAutumn",
        "SummerAutumn",
        "WinterSpring",
    ]


@pytest.mark.parametrize(
    "call,error,match",
    [
        (lambda: speed_in_ice_kn("Arc11", 15, 0.5), UnknownIceClassError, "unknown ice class"),
        (lambda: speed_in_ice_kn("IA", 15, 0.5, thickness_m=-0.1), PerformanceError, ">= 0 m"),
        (lambda: speed_in_ice_kn("IA", 15, 1.2), PerformanceError, "sic must be a fraction"),
        (lambda: speed_in_ice_kn("IA", 15, 50), PerformanceError, "percent"),
        (lambda: speed_in_ice_kn("IA", 15, -0.1), PerformanceError, "0..1"),
        (lambda: speed_in_ice_kn("IA", 15, 0.5, season="monsoon"), PerformanceError, "season"),
        (lambda: speed_in_ice_kn("IA", 15, 0.5, season=13), PerformanceError, "month 1-12"),
        (lambda: speed_in_ice_kn("IA", 0, 0.5), PerformanceError, "open_water_speed_kn"),
        (lambda: speed_in_ice_kn("IA", np.nan, 0.5), PerformanceError, "open_water_speed_kn"),
        (
            lambda: speed_in_ice_kn("IA", 15, 0.5, thickness_m=0.1, stage=3),
            PerformanceError,
            "not both",
        ),
        (lambda: speed_in_ice_kn("IA", 15, 0.5, stage=42), PerformanceError, "not an IceStage"),
        (lambda: stage_thickness_m([0.5]), PerformanceError, "integers"),
        (lambda: speed_factor_in_ice("IA", 2.0), PerformanceError, "sic"),
        (lambda: speed_parameters("IA", "x"), PerformanceError, "season"),
    ],
)
def test_bad_inputs(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_bad_assumption_values():
    with (
        assumptions.overridden({"performance.thickness_basis": "weird"}),
        pytest.raises(PerformanceError, match="thickness_basis"),
    ):
        speed_in_ice_kn("IA", 15, 0.5)
    with (
        assumptions.overridden({"performance.threshold_scaling": "weird"}),
        pytest.raises(PerformanceError, match="threshold_scaling"),
    ):
        speed_parameters("Arc7")
    with (
        assumptions.overridden({"performance.stage_thickness_rule": "weird"}),
        pytest.raises(PerformanceError, match="stage_thickness_rule"),
    ):
        stage_thickness_m(1)
