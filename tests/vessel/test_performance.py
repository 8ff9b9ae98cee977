"""Speed in ice alone and behind an icebreaker (arcticroute.vessel.performance).

Pinned to the sources: Waite et al.'s published curve (through 8 kn at their
icebreaker-need thickness, exponents in SpeedFcnParams1.csv), the RS class
descriptions via arcticroute.vessel.capability, and the escort speed of the
registry.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from arcticroute import assumptions
from arcticroute.vessel.capability import class_capability
from arcticroute.vessel.performance import (
    SPEED_AT_CAPABILITY_KN,
    SPEED_REDUCTION_M,
    WAITE_SPEED_PARAMETERS,
    PerformanceError,
    parse_season,
    speed_alone_kn,
    speed_escorted_kn,
    speed_factor_in_ice,
)


@pytest.mark.parametrize("ship", ["1A", "1AS"])
def test_waite_exponents_come_from_8_kn_at_icebreaker_need(ship):
    # SpeedFcnParams1.csv exponents reproduce the curve through (h_r, MaxSpeed), (h_ib, 8 kn)
    p = WAITE_SPEED_PARAMETERS[ship]
    exponent = math.log(8.0 / p["max_speed_kn"]) / math.log(
        p["icebreaker_need_m"] / p["speed_reduction_m"]
    )
    assert exponent == pytest.approx(p["exponent"], abs=1e-8)
    assert p["speed_reduction_m"] == SPEED_REDUCTION_M
    assert SPEED_AT_CAPABILITY_KN == 8.0


def test_arc4_winter_limit_is_close_to_waites_1a():
    # RS Arc4 (= IA, IMO table): 0.6 m open (<= 6/10) first-year ice alone in winter-spring
    # -> 0.36 m cell-mean; Waite et al.'s 1A needs an icebreaker from 0.30 m
    cap = class_capability("Arc4", "WinterSpring")
    assert cap.alone_effective_m == pytest.approx(0.36)
    assert speed_alone_kn(cap, 16.0, 1.0, 0.36) == pytest.approx(8.0)
    assert speed_alone_kn(cap, 16.0, 1.0, 0.37) == 0.0


def test_open_water_and_thin_ice_keep_the_open_water_speed():
    cap = class_capability("Arc4", "SummerAutumn")
    assert speed_alone_kn(cap, 14.0, 0.05, 3.0) == 14.0  # under 1/10: open water
    assert speed_alone_kn(cap, 14.0, 0.5, SPEED_REDUCTION_M) == 14.0


def test_speed_falls_with_thickness_and_class_helps():
    h = np.linspace(0.1, 1.5, 15)
    arc4 = speed_alone_kn(class_capability("Arc4", "SummerAutumn"), 16.0, 1.0, h)
    arc7 = speed_alone_kn(class_capability("Arc7", "SummerAutumn"), 16.0, 1.0, h)
    assert np.all(np.diff(arc7) <= 1e-12)
    assert np.all(arc7 >= arc4)
    assert arc7[-1] == 0.0  # 1.5 m cell-mean > Arc7's 1.7 m x 0.8


def test_no_ice_class_keeps_to_open_water_alone():
    cap = class_capability("none", "SummerAutumn")
    assert speed_alone_kn(cap, 14.0, 0.2, 0.05) == 0.0
    assert speed_alone_kn(cap, 14.0, 0.05, 0.05) == 14.0


def test_escort_speed_is_the_registry_value_within_the_escorted_thickness():
    cap = class_capability("Arc4", "SummerAutumn")  # RS: 1.0 m behind an icebreaker
    v = float(assumptions.value("escort.speed_kn"))
    assert speed_escorted_kn(cap, 14.0, 1.0, 0.9) == v
    assert speed_escorted_kn(cap, 14.0, 1.0, 1.1) == 0.0
    assert speed_escorted_kn(cap, 6.0, 1.0, 0.9) == 6.0  # never faster than the ship


@pytest.mark.parametrize("fn", [speed_alone_kn, speed_escorted_kn])
def test_unknown_ice_fails_closed(fn):
    cap = class_capability("Arc7", "WinterSpring")
    assert fn(cap, 14.0, np.nan, 0.1) == 0.0
    assert fn(cap, 14.0, 0.5, np.nan) == 0.0


def test_vectorised_equals_scalar():
    cap = class_capability("Arc5", "WinterSpring")
    sic = np.array([0.0, 0.3, 0.8, 1.0, np.nan])
    h = np.array([0.0, 0.2, 0.4, 0.6, 0.5])
    grid = speed_alone_kn(cap, 15.0, sic, h)
    assert list(grid) == [speed_alone_kn(cap, 15.0, s, x) for s, x in zip(sic, h, strict=True)]


def test_speed_factor_for_the_fuel_hook():
    assert speed_factor_in_ice(8.0, 16.0) == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("season", "expected"),
    [(1, "WinterSpring"), (6, "WinterSpring"), (7, "SummerAutumn"), (11, "SummerAutumn"),
     (12, "WinterSpring"), ("summer", "SummerAutumn"), ("winterspring", "WinterSpring")],
)  # fmt: skip
def test_seasons_follow_waites_table(season, expected):
    assert parse_season(season) == expected


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda c: speed_alone_kn(c, 0.0, 0.5, 0.5), "open_water_speed_kn must be finite"),
        (lambda c: speed_alone_kn(c, 14.0, 50.0, 0.5), r"percent\? divide by 100"),
        (lambda c: speed_alone_kn(c, 14.0, 0.5, -1.0), "effective_thickness_m must be >= 0"),
        (lambda c: speed_alone_kn(c, 14.0, "thick", 0.5), "sic must be numbers"),
        (lambda c: parse_season(13), "season must be one of"),
    ],
)
def test_bad_inputs(call, match):
    with pytest.raises(PerformanceError, match=match):
        call(class_capability("Arc4", "WinterSpring"))
