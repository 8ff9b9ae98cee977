"""Ship speed in ice: how fast a ship makes way alone or behind an icebreaker.

Alone, the speed follows the shape of Waite et al.'s speed-in-ice rule [1]_:

* at or below the speed-reduction thickness ``h_r`` = 0.10 m the ship makes
  its open-water speed;
* above it the speed falls as a power law of the (cell-mean) thickness,
  ``v = v_ow · (h / h_r)^p``, reaching 8 kn (Waite et al.'s speed at their
  icebreaker-need thickness, for both their ice classes) at the most the
  class may meet alone;
* beyond that the ship cannot proceed alone: speed 0.

Where Waite et al. give their own icebreaker-need thickness only for 1A and
1AS, the most a class may meet alone comes here from the class rules
(:func:`arcticroute.vessel.capability.class_capability`: the RS description
of each class, concentration × thickness). Checked against the source: Arc4
(= IA) in winter gives 0.36 m, Waite et al.'s IA 0.30 m; Arc5 (= IA Super)
0.48 m against their 0.40 m.

Behind an icebreaker the ship sails at the escort speed ``escort.speed_kn``
(the median of the escorted speeds reported on the NSR; at most its own
open-water speed) wherever the ice is within the class's escorted
thickness (as cell-mean thickness: the icebreaker leads through the cell's
open water and thinner ice as well as its thickest floes).

Concentration enters as the cell-mean ("equivalent") thickness
``Σ c_i · h_i`` over the ice types of the cell (first-year, second-year,
multi-year; :class:`arcticroute.ice.icecover.IceCover`), and below
``performance.open_water_sic_max`` the cell is open water.

Fail closed: an unknown (NaN) concentration or thickness gives speed 0
(impassable), never open water.

References
----------
.. [1] Waite, T., Msangi, S., Zhang, Y., French, M., Kholod, N., Edmonds, J.,
   Waldhoff, S.: "NSR Shipping Model", https://github.com/trwaite/NSR_shipping_model
   (BSD-2-Clause, commit 268024d, 2025-03-14): ``inputs/ship_specs/ShipSpecs.csv``
   (MaxSpeed, MaxSIT_SpeedRedn, MaxSIT_IBneed, MaxSIT_NoGo, MaxIceBreakSpeed),
   ``inputs/ship_specs/SpeedFcnParams1.csv`` (intercept, exponent),
   ``inputs/mappings/Seasons.csv``, and the rule in ``shipping_model.R``.
.. [2] Russian Register nominal ice capability (REFERENCE.md §3.8).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt

from arcticroute import assumptions
from arcticroute.errors import ArcticRouteError
from arcticroute.vessel.capability import Capability

__all__ = [
    "SEASONS",
    "SPEED_AT_CAPABILITY_KN",
    "SPEED_REDUCTION_M",
    "WAITE_SPEED_PARAMETERS",
    "PerformanceError",
    "parse_season",
    "speed_alone_kn",
    "speed_escorted_kn",
    "speed_factor_in_ice",
]


class PerformanceError(ArcticRouteError, ValueError):
    """Bad input to a ship-performance function: concentration, thickness, speed, season."""


SEASONS = ("WinterSpring", "SummerAutumn")
"""Waite et al.'s seasons [1]_: WinterSpring = Dec–Jun, SummerAutumn = Jul–Nov (Seasons.csv);
the RS navigation seasons of the class descriptions."""

_MONTH_SEASON = {m: "SummerAutumn" if 7 <= m <= 11 else "WinterSpring" for m in range(1, 13)}

WAITE_SPEED_PARAMETERS: dict[str, dict[str, float]] = {
    "1A": {
        "max_speed_kn": 16.0,
        "speed_reduction_m": 0.10,
        "icebreaker_need_m": 0.30,
        "no_go_m": 0.75,
        "intercept_kn": 3.742744916,
        "exponent": -0.630929754,
    },
    "1AS": {
        "max_speed_kn": 15.4,
        "speed_reduction_m": 0.10,
        "icebreaker_need_m": 0.40,
        "no_go_m": 1.05,
        "intercept_kn": 5.189093522,
        "exponent": -0.472429223,
    },
    "OW": {
        "speed_reduction_m": 0.01,
        "icebreaker_need_m": 0.01,
        "no_go_m": 0.01,
    },
}
"""Waite et al. [1]_ ship parameters; ``v = intercept_kn · h_m ** exponent``.

ShipSpecs.csv: MaxSpeed (kn); MaxSIT_SpeedRedn, MaxSIT_IBneed, MaxSIT_NoGo
(given in cm, here in m). The power law passes through (h_r, MaxSpeed) and
(h_ib, 8 kn): ``exponent = ln(8 / MaxSpeed) / ln(h_ib / h_r)`` reproduces both
exponents to 1e-9 (tested), which is where :data:`SPEED_AT_CAPABILITY_KN` and
:data:`SPEED_REDUCTION_M` come from.
"""

SPEED_REDUCTION_M = 0.10
"""Cell-mean thickness up to which a ship keeps its open-water speed: Waite et al.'s
MaxSIT_SpeedRedn for both ice classes [1]_."""
SPEED_AT_CAPABILITY_KN = 8.0
"""Speed at the most a class may meet alone: Waite et al.'s speed at their
icebreaker-need thickness, the same for 1A and 1AS [1]_."""


def parse_season(season: str | int) -> str:
    """Waite et al.'s season name for a season name or a calendar month.

    Parameters
    ----------
    season : str or int
        ``"WinterSpring"``, ``"SummerAutumn"`` (case-insensitive), one of
        ``"winter"``, ``"spring"``, ``"summer"``, ``"autumn"``, or a month 1–12
        (Dec–Jun → WinterSpring, Jul–Nov → SummerAutumn, Seasons.csv [1]_).

    Raises
    ------
    PerformanceError
        For any other value.
    """
    if isinstance(season, int | np.integer) and not isinstance(season, bool):
        if 1 <= int(season) <= 12:
            return _MONTH_SEASON[int(season)]
    elif isinstance(season, str):
        key = season.strip().lower()
        for name in SEASONS:
            if key == name.lower():
                return name
        if key in ("winter", "spring"):
            return "WinterSpring"
        if key in ("summer", "autumn", "fall"):
            return "SummerAutumn"
    raise PerformanceError(
        f"season must be one of {', '.join(SEASONS)}, 'winter', 'spring', 'summer', "
        f"'autumn' or a month 1-12; got {season!r}"
    )


def _as_float(name: str, x: Any) -> np.ndarray:
    try:
        return np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError):
        raise PerformanceError(f"{name} must be numbers, got {x!r}") from None


def _inputs(open_water_speed_kn, sic, effective_thickness_m):
    v = _as_float("open_water_speed_kn", open_water_speed_kn)
    if not np.all(np.isfinite(v) & (v > 0)):
        raise PerformanceError("open_water_speed_kn must be finite and > 0 kn")
    c = _as_float("sic", sic)
    if np.any((c < 0) | (c > 1)):
        bad = c[(c < 0) | (c > 1)].ravel()[0]
        raise PerformanceError(
            f"sic must be a fraction in 0..1 (NaN for unknown); got {bad:g}"
            + (" (percent? divide by 100)" if bad > 1 else "")
        )
    h = _as_float("effective_thickness_m", effective_thickness_m)
    if np.any(h < 0):
        raise PerformanceError(
            f"effective_thickness_m must be >= 0 m (NaN for unknown); got {np.nanmin(h):g} m"
        )
    ow_max = float(assumptions.value("performance.open_water_sic_max"))
    v, c, h = np.broadcast_arrays(v, c, h)
    return v, c, h, ow_max


def _finish(out: np.ndarray, v, c, h, ow_max) -> Any:
    out = np.where(np.isnan(h), 0.0, out)
    out = np.where(c < ow_max, v, out)
    out = np.where(np.isnan(c), 0.0, out).astype(np.float64)
    return float(out) if out.ndim == 0 else out


def speed_alone_kn(
    capability: Capability,
    open_water_speed_kn: npt.ArrayLike,
    sic: npt.ArrayLike,
    effective_thickness_m: npt.ArrayLike,
) -> Any:
    """Speed a ship makes alone, knots (0 where it cannot proceed alone).

    Parameters
    ----------
    capability : Capability
        Of the ship's class and season (:func:`arcticroute.vessel.capability.class_capability`).
    open_water_speed_kn : array_like
        Open-water speed at the same engine setting, kn (> 0).
    sic : array_like
        Total concentration, fraction 0..1 (NaN unknown).
    effective_thickness_m : array_like
        Cell-mean thickness ``Σ c_i h_i``, m (NaN unknown).

    Notes
    -----
    With ``h`` the cell-mean thickness, ``h_r`` = :data:`SPEED_REDUCTION_M`
    and ``h_ib`` = ``capability.alone_effective_m``::

        C unknown → 0;   C < performance.open_water_sic_max → v_ow
        h ≤ h_r → v_ow;  h_r < h ≤ h_ib → v_ow · (h / h_r)^p;  h > h_ib → 0

    with ``p = ln(min(8 kn, v_ow) / v_ow) / ln(h_ib / h_r)`` (Waite et al.'s
    curve through 8 kn at the limit). A class whose limit is at or below
    ``h_r`` keeps its open-water speed up to the limit.
    """
    v, c, h, ow_max = _inputs(open_water_speed_kn, sic, effective_thickness_m)
    h_ib = capability.alone_effective_m
    with np.errstate(invalid="ignore", divide="ignore"):
        if h_ib > SPEED_REDUCTION_M:
            p = np.log(np.minimum(SPEED_AT_CAPABILITY_KN, v) / v) / math.log(
                h_ib / SPEED_REDUCTION_M
            )
            ratio = np.maximum(h, SPEED_REDUCTION_M) / SPEED_REDUCTION_M
            reduced = v * ratio**p
        else:
            reduced = v
        out = np.where(h <= h_ib, reduced, 0.0)
    return _finish(out, v, c, h, ow_max)


def speed_escorted_kn(
    capability: Capability,
    open_water_speed_kn: npt.ArrayLike,
    sic: npt.ArrayLike,
    effective_thickness_m: npt.ArrayLike,
) -> Any:
    """Speed behind an icebreaker, knots (0 where the ice is beyond the class even escorted).

    Parameters
    ----------
    capability : Capability
    open_water_speed_kn, sic : array_like
        As for :func:`speed_alone_kn`.
    effective_thickness_m : array_like
        Cell-mean thickness ``Σ c_i h_i``, m (NaN unknown).

    Notes
    -----
    ``min(escort.speed_kn, v_ow)`` where the cell-mean thickness is within
    ``capability.escorted_level_m``, else 0; open water as alone.
    """
    v, c, h, ow_max = _inputs(open_water_speed_kn, sic, effective_thickness_m)
    v_esc = np.minimum(float(assumptions.value("escort.speed_kn")), v)
    out = np.where(h <= capability.escorted_level_m, v_esc, 0.0)
    return _finish(out, v, c, h, ow_max)


def speed_factor_in_ice(speed_kn: npt.ArrayLike, open_water_speed_kn: npt.ArrayLike) -> Any:
    """Fraction of the open-water speed made good: the fuel hook's ``speed_factor``.

    Notes
    -----
    Waite et al.'s curve is an attainable speed at the engine setting of the
    open-water speed, so ``power_factor = 1`` goes with this ratio in
    :func:`arcticroute.economics.fuel.main_engine_fuel_in_ice_t` (ice costs
    time, not extra power per hour).
    """
    return np.asarray(speed_kn, dtype=np.float64) / np.asarray(open_water_speed_kn, np.float64)
