"""Tests for arcticroute.economics.fuel: days at sea, main-engine fuel (cubic law), ice hook."""

from __future__ import annotations

import numpy as np
import pytest

from arcticroute.assumptions import assumption, overridden
from arcticroute.economics.fuel import (
    InvalidQuantityError,
    auxiliary_engine_fuel_t,
    engine_load_fraction,
    main_engine_fuel_in_ice_t,
    main_engine_fuel_per_day_t,
    main_engine_fuel_t,
    sea_days,
)
from arcticroute.errors import ArcticRouteError

# A large two-stroke ship: 30,000 kW MCR, 185 g/kWh (Fourth IMO GHG Study base SFC for
# > 5 MW engines, REFERENCE.md §11.3), 20 kn design speed.
P_KW, SFOC, VD = 30_000.0, 185.0, 20.0
# Hand-checked: 30,000 kW × 0.75 × 185 g/kWh × 24 h = 99,900,000 g = 99.9 t/day.
DAY_AT_DESIGN_T = 99.9


# --- hand-checked cases -----------------------------------------------------------------------


def test_sea_days_hand_checked():
    assert sea_days(4800, 20) == pytest.approx(10.0)
    assert sea_days(0, 12) == 0.0


def test_design_speed_fuel_per_day_hand_checked():
    assert main_engine_fuel_per_day_t(VD, VD, P_KW, SFOC, engine_load=0.75) == pytest.approx(
        DAY_AT_DESIGN_T, rel=1e-12
    )


def test_default_engine_load_is_the_named_assumption():
    a = assumption("fuel.engine_load_at_design_speed")
    assert a.assumed and a.why and a.value == 0.75
    assert main_engine_fuel_per_day_t(VD, VD, P_KW, SFOC) == pytest.approx(DAY_AT_DESIGN_T)


def test_half_speed_eighth_per_day_quarter_per_nm():
    full_day = main_engine_fuel_per_day_t(VD, VD, P_KW, SFOC)
    half_day = main_engine_fuel_per_day_t(VD / 2, VD, P_KW, SFOC)
    assert half_day == pytest.approx(full_day / 8)
    full = main_engine_fuel_t(1000, VD, VD, P_KW, SFOC)
    half = main_engine_fuel_t(1000, VD / 2, VD, P_KW, SFOC)
    assert half == pytest.approx(full / 4)


def test_voyage_fuel_is_fuel_per_day_times_days():
    # 4,800 nm at 20 kn = 10 days at 99.9 t/day.
    assert main_engine_fuel_t(4800, VD, VD, P_KW, SFOC) == pytest.approx(999.0)


def test_override_engine_load_through_registry():
    with overridden({"fuel.engine_load_at_design_speed": 0.85}):
        assert main_engine_fuel_per_day_t(VD, VD, P_KW, SFOC) == pytest.approx(
            DAY_AT_DESIGN_T * 0.85 / 0.75
        )
    assert main_engine_fuel_per_day_t(VD, VD, P_KW, SFOC) == pytest.approx(DAY_AT_DESIGN_T)


def test_engine_load_argument_beats_registry():
    with overridden({"fuel.engine_load_at_design_speed": 0.5}):
        assert main_engine_fuel_per_day_t(VD, VD, P_KW, SFOC, engine_load=0.75) == pytest.approx(
            DAY_AT_DESIGN_T
        )


def test_engine_load_fraction_is_cubic():
    assert engine_load_fraction(VD, VD, engine_load=0.75) == pytest.approx(0.75)
    assert engine_load_fraction(VD / 2, VD, engine_load=0.8) == pytest.approx(0.1)
    assert engine_load_fraction(VD / 2, VD, 0.8, power_factor=2) == pytest.approx(0.2)


def test_auxiliary_fuel_hand_checked():
    # 1,000 kW × 200 g/kWh × 24 h × 10 days = 48 t.
    assert auxiliary_engine_fuel_t(10, 1000, 200) == pytest.approx(48.0)
    assert auxiliary_engine_fuel_t(sea_days(4800, 20), 0, 200) == 0.0


# --- the ice hook -----------------------------------------------------------------------------


def test_ice_hook_with_unit_factors_is_open_water():
    d = np.array([100.0, 250.0, 0.0])
    assert np.allclose(
        main_engine_fuel_in_ice_t(d, 14, VD, P_KW, SFOC), main_engine_fuel_t(d, 14, VD, P_KW, SFOC)
    )


def test_ice_speed_factor_stretches_time_at_open_water_power():
    open_water = main_engine_fuel_t(100, 14, VD, P_KW, SFOC)
    slowed = main_engine_fuel_in_ice_t(100, 14, VD, P_KW, SFOC, speed_factor=0.5)
    assert slowed == pytest.approx(2 * open_water)
    assert sea_days(100, 14 * 0.5) == pytest.approx(2 * sea_days(100, 14))


def test_ice_power_factor_scales_fuel():
    open_water = main_engine_fuel_t(100, 14, VD, P_KW, SFOC)
    heavy = main_engine_fuel_in_ice_t(100, 14, VD, P_KW, SFOC, power_factor=1.5)
    assert heavy == pytest.approx(1.5 * open_water)


def test_ice_hook_routes_by_legs():
    # 3 routes × 2 legs; the second leg of each route is in ice.
    dist = np.array([[1000.0, 200.0], [800.0, 300.0], [500.0, 0.0]])
    speed_f = np.array([1.0, 0.6])
    power_f = np.array([1.0, 1.3])
    legs = main_engine_fuel_in_ice_t(dist, 14, VD, P_KW, SFOC, speed_f, power_f)
    assert legs.shape == (3, 2)
    per_nm_open = main_engine_fuel_t(1, 14, VD, P_KW, SFOC)
    expected = dist[:, 0] * per_nm_open + dist[:, 1] * per_nm_open * 1.3 / 0.6
    assert np.allclose(legs.sum(axis=-1), expected)


def test_ice_power_above_mcr_is_refused():
    # At 18 kn with L_d = 0.75 the engine is at 0.547 MCR; a factor 2 needs 1.09 MCR.
    with pytest.raises(InvalidQuantityError, match=r"needs 1\.09 × MCR.*lower the speed"):
        main_engine_fuel_in_ice_t([100, 100], [10, 18], VD, P_KW, SFOC, power_factor=2.0)


# --- vectorisation ----------------------------------------------------------------------------


def test_100k_routes_match_scalar_calls():
    rng = np.random.default_rng(7)
    n = 100_000
    dist = rng.uniform(0, 15_000, n)
    speed = rng.uniform(6, 20, n)
    design = rng.uniform(20, 24, n)
    power = rng.uniform(5_000, 60_000, n)
    sfoc = rng.uniform(165, 200, n)
    vec = main_engine_fuel_t(dist, speed, design, power, sfoc)
    days = sea_days(dist, speed)
    assert vec.shape == days.shape == (n,)
    for i in rng.choice(n, 200, replace=False):
        scalar = main_engine_fuel_t(dist[i], speed[i], design[i], power[i], sfoc[i])
        # Same formula; numpy's SIMD pow may differ from the scalar one in the last bit.
        assert vec[i] == pytest.approx(scalar, rel=1e-12)
        assert days[i] == pytest.approx(sea_days(dist[i], speed[i]), rel=1e-12)


# --- bad inputs -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"distance_nm": -1}, r"distance_nm must be finite and ≥ 0 nm; got -1"),
        ({"distance_nm": np.nan}, r"distance_nm must be finite"),
        ({"speed_kn": 0}, r"speed_kn must be finite and > 0 kn; got 0"),
        ({"speed_kn": -5}, r"speed_kn must be finite and > 0"),
        ({"speed_kn": np.inf}, r"speed_kn must be finite"),
        ({"design_speed_kn": 0}, r"design_speed_kn must be finite and > 0"),
        ({"power_kw": -30_000}, r"power_kw must be finite and > 0 kW"),
        ({"sfoc_g_per_kwh": np.nan}, r"sfoc_g_per_kwh must be finite and > 0 g/kWh"),
        ({"engine_load": 0}, r"engine_load must be finite and > 0 and ≤ 1"),
        ({"engine_load": 1.2}, r"engine_load must be finite and > 0 and ≤ 1 of MCR; got 1.2"),
        ({"speed_kn": 25}, r"speed_kn = 25 kn needs 1\.46 × MCR.*at 22 kn"),
        ({"distance_nm": "far"}, r"distance_nm must be a number or an array of numbers"),
    ],
)
def test_main_engine_fuel_bad_inputs(kwargs, match):
    args = {
        "distance_nm": 100.0,
        "speed_kn": 15.0,
        "design_speed_kn": VD,
        "power_kw": P_KW,
        "sfoc_g_per_kwh": SFOC,
        "engine_load": 0.75,
    } | kwargs
    with pytest.raises(InvalidQuantityError, match=match):
        main_engine_fuel_t(**args)


def test_bad_value_in_array_is_located():
    with pytest.raises(
        InvalidQuantityError, match=r"got -3 nm at index 2 \(2 of 4 values invalid\)"
    ):
        sea_days([1, 2, -3, np.nan], 10)


def test_errors_are_domain_value_errors():
    assert issubclass(InvalidQuantityError, ArcticRouteError)
    assert issubclass(InvalidQuantityError, ValueError)


def test_bad_registry_override_names_the_key():
    with (
        overridden({"fuel.engine_load_at_design_speed": 1.5}),
        pytest.raises(InvalidQuantityError, match=r"fuel\.engine_load_at_design_speed must be"),
    ):
        main_engine_fuel_t(100, 10, VD, P_KW, SFOC)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: sea_days(100, 0), "speed_kn must be finite and > 0"),
        (lambda: engine_load_fraction(10, VD, 0.75, power_factor=0), "power_factor must be"),
        (lambda: main_engine_fuel_per_day_t(-1, VD, P_KW, SFOC), "speed_kn must be"),
        (
            lambda: main_engine_fuel_in_ice_t(100, 10, VD, P_KW, SFOC, speed_factor=1.5),
            r"speed_factor must be finite and > 0 and ≤ 1; got 1.5",
        ),
        (
            lambda: main_engine_fuel_in_ice_t(100, 10, VD, P_KW, SFOC, speed_factor=0),
            r"speed_factor must be finite and > 0",
        ),
        (lambda: auxiliary_engine_fuel_t(-1, 1000, 200), "sea_days must be finite and ≥ 0"),
        (lambda: auxiliary_engine_fuel_t(1, -1000, 200), "aux_power_kw must be finite and ≥ 0"),
        (lambda: auxiliary_engine_fuel_t(1, 1000, 0), "sfoc_g_per_kwh must be finite and > 0"),
    ],
)
def test_every_public_function_rejects_bad_input(call, match):
    with pytest.raises(InvalidQuantityError, match=match):
        call()
