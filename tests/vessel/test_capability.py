"""Class capability from the class rules (arcticroute.vessel.capability).

Re-types the RS class descriptions (REFERENCE.md §3.8 for the independent
thicknesses; research capability.md §1.1 for the escorted ones) and checks the
module against them, and that other systems go through the IMO equivalences.
"""

from __future__ import annotations

import math

import pytest

from arcticroute import assumptions
from arcticroute.errors import UnknownIceClassError
from arcticroute.vessel.capability import CLOSE_ICE_MAX, OPEN_ICE_MAX, class_capability

# class: (alone W/S, alone S/A), (escorted W/S, escorted S/A), m
RS_TABLE = {
    "Arc4": ((0.6, 0.8), (0.7, 1.0)),
    "Arc5": ((0.8, 1.0), (0.9, 1.2)),
    "Arc6": ((1.1, 1.3), (1.2, 1.7)),
    "Arc7": ((1.4, 1.7), (2.0, 3.2)),
    "Arc8": ((2.1, 3.1), (3.4, math.inf)),
    "Arc9": ((3.5, 4.0), (3.5, 4.0)),
}


@pytest.mark.parametrize("cls", sorted(RS_TABLE))
@pytest.mark.parametrize("col", [0, 1])
def test_rs_classes_follow_the_register(cls, col):
    season = ("WinterSpring", "SummerAutumn")[col]
    cap = class_capability(cls, season)
    assert cap.alone_level_m == RS_TABLE[cls][0][col]
    assert cap.escorted_level_m == RS_TABLE[cls][1][col]
    conc = CLOSE_ICE_MAX if cls in ("Arc7", "Arc8", "Arc9") else OPEN_ICE_MAX
    assert cap.alone_concentration == conc


def test_open_and_close_ice_bounds():
    # 'open' 4-6/10, 'close' 7-8/10 (Russian concentration terms)
    assert (OPEN_ICE_MAX, CLOSE_ICE_MAX) == (0.6, 0.8)


@pytest.mark.parametrize(
    ("other", "rs"), [("IA", "Arc4"), ("IA Super", "Arc5"), ("PC7", "Arc4"), ("PC6", "Arc5")]
)
def test_imo_confirmed_equivalents(other, rs):
    a, b = class_capability(other, "SummerAutumn"), class_capability(rs, "SummerAutumn")
    assert (a.alone_effective_m, a.escorted_level_m) == (b.alone_effective_m, b.escorted_level_m)
    assert a.assumption_keys == ()


def test_assumed_equivalents_are_named():
    cap = class_capability("PC2", "WinterSpring")
    assert cap.assumption_keys == ("iceclass.equivalence.PC2.RS",)


def test_no_ice_class_escort_is_a_named_assumption():
    cap = class_capability("none", "SummerAutumn")
    assert cap.alone_effective_m == pytest.approx(0.01)  # Waite et al.'s open-water ship
    assert "capability.no_ice_class.escorted_level_m" in cap.assumption_keys
    with assumptions.overridden({"capability.no_ice_class.escorted_level_m": 0.2}):
        assert class_capability("none", "SummerAutumn").escorted_level_m == 0.2


def test_a_ships_own_capability_replaces_the_class_figure():
    # Christophe de Margerie: independent navigation in ice up to 2.1 m (REFERENCE.md 3.8)
    cap = class_capability("Arc7", "WinterSpring", level_ice_capability_m=2.1)
    assert cap.alone_effective_m == pytest.approx(2.1)
    assert cap.escorted_level_m == pytest.approx(2.1)
    weaker = class_capability("Arc7", "WinterSpring", level_ice_capability_m=0.5)
    assert weaker.alone_effective_m == pytest.approx(1.4 * 0.8)  # never below the class


def test_unknown_class_is_refused():
    with pytest.raises(UnknownIceClassError, match="Arc99"):
        class_capability("Arc99", "WinterSpring")
