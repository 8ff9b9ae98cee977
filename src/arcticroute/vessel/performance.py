"""Ship performance in ice: attainable speed by ice class, concentration and thickness.

The model is the speed-in-ice rule of Waite et al.'s NSR shipping model [1]_,
published for two Finnish-Swedish classes (1A, 1AS) and open-water ships, and
carried to the other classes by the nominal ice capabilities of
REFERENCE.md §3.8 [2]_:

* below the speed-reduction thickness ``h_r`` the ship makes its open-water
  speed;
* from ``h_r`` up to the icebreaker-need thickness ``h_ib`` the speed falls as
  a power law of thickness, ``v = v_ow · (h / h_r)^p``;
* from ``h_ib`` the class cannot proceed independently: speed 0 (or, with
  ``escorted=True``, the escort speed of 3 kn up to the no-go thickness
  ``h_nogo``);
* above ``h_nogo``: speed 0.

Which curve each class gets:

* IA (1A) and IA Super (1AS): Waite et al.'s own thresholds and exponents
  (:data:`WAITE_SPEED_PARAMETERS`); no ice class: their open-water ship (any
  ice over 1 cm is no-go).
* Arc4, PC7 and Arc5, PC6: the curve of IA and IA Super, their equivalents in
  the IMO nominal-equivalence table (confirmed, :mod:`arcticroute.vessel.iceclass`).
* Arc6–Arc9: the IA Super curve stretched in thickness by the ratio of the
  class's nominal level-ice capability to that of Arc5 (= IA Super) for the
  season (:data:`RS_NOMINAL_LEVEL_ICE_M`); IB and IC: the IA curve stretched by
  the ratio of FSICR design thicknesses (:data:`FSICR_DESIGN_THICKNESS_M`).
  This stretching is the assumption ``performance.threshold_scaling``. Checked
  against the one pair the source gives: stretching 1AS by Arc4/Arc5 (0.6/0.8
  in winter) gives ``h_ib`` = 0.30 m and ``h_nogo`` = 0.79 m, against Waite's
  1A values of 0.30 m and 0.75 m.
* PC1–PC5 and Ice1–Ice3: through their assumed equivalents
  (``iceclass.equivalence.<CLASS>.RS`` for PC1–PC5,
  ``iceclass.equivalence.<CLASS>.FSICR`` for Ice1–Ice3), see
  :func:`speed_parameters`, whose ``assumption_keys`` name every key used.

Concentration enters in two places: below ``performance.open_water_sic_max``
the cell is open water, and above it the thickness the curve sees is, by
default, the cell-mean ("equivalent") thickness ``sic · h``
(``performance.thickness_basis``).

Fail closed: an unknown (NaN) concentration, an unknown (NaN) thickness or an
unknown stage where there is ice gives speed 0 (impassable), never open water.

References
----------
.. [1] Waite, T., Msangi, S., Zhang, Y., French, M., Kholod, N., Edmonds, J.,
   Waldhoff, S.: "NSR Shipping Model", https://github.com/trwaite/NSR_shipping_model
   (BSD-2-Clause, commit 268024d, 2025-03-14): ``inputs/ship_specs/ShipSpecs.csv``
   (MaxSpeed, MaxSIT_SpeedRedn, MaxSIT_IBneed, MaxSIT_NoGo, MaxIceBreakSpeed),
   ``inputs/ship_specs/SpeedFcnParams1.csv`` (intercept, exponent),
   ``inputs/mappings/Seasons.csv``, and the rule in ``shipping_model.R``
   (``max_speed = case_when(...)``, thickness in cm, power law in m).
.. [2] Russian Register nominal ice capability (max level-ice thickness,
   winter/spring and summer/autumn) and FSICR design thickness,
   https://de.zxc.wiki/wiki/Eisklasse, as in shared/reference/REFERENCE.md §3.8.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import xarray as xr

from arcticroute import assumptions
from arcticroute.errors import ArcticRouteError
from arcticroute.ice.icestage import STAGE_THICKNESS_M, IceStage, parse_stage
from arcticroute.vessel.iceclass import IceClass, IceSystem, equivalence, parse_ice_class

__all__ = [
    "FSICR_DESIGN_THICKNESS_M",
    "RS_NOMINAL_LEVEL_ICE_M",
    "SEASONS",
    "WAITE_ESCORT_SPEED_KN",
    "WAITE_SPEED_PARAMETERS",
    "PerformanceError",
    "SpeedInIceParameters",
    "parse_season",
    "speed_factor_in_ice",
    "speed_in_ice_kn",
    "speed_parameters",
    "stage_thickness_m",
]


class PerformanceError(ArcticRouteError, ValueError):
    """Bad input to a ship-performance function: concentration, thickness, speed, season."""


SEASONS = ("WinterSpring", "SummerAutumn")
"""Waite et al.'s seasons [1]_: WinterSpring = Dec–Jun, SummerAutumn = Jul–Nov (Seasons.csv)."""

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
(given in cm, here in m; the open-water ships OWPanamax/OWSuezmax have 1 cm for
all three). SpeedFcnParams1.csv: intercept and exponent, the same in both
seasons. The power law passes through (h_r, MaxSpeed) and (h_ib, 8 kn):
``exponent = ln(8 / MaxSpeed) / ln(h_ib / h_r)`` reproduces both exponents to
1e-9, so ``intercept · h ** exponent = MaxSpeed · (h / h_r) ** exponent``; this
module uses the second form with the ship's own open-water speed.
"""

WAITE_ESCORT_SPEED_KN = 3.0
"""Speed under icebreaker escort between h_ib and h_nogo: ShipSpecs.csv MaxIceBreakSpeed [1]_."""

RS_NOMINAL_LEVEL_ICE_M: dict[IceClass, tuple[float, float]] = {
    IceClass.ARC4: (0.6, 0.8),
    IceClass.ARC5: (0.8, 1.0),
    IceClass.ARC6: (1.1, 1.3),
    IceClass.ARC7: (1.4, 1.7),
    IceClass.ARC8: (2.1, 3.1),
    IceClass.ARC9: (3.5, 4.0),
}
"""Russian Register nominal max level-ice thickness (winter/spring, summer/autumn), m [2]_."""

FSICR_DESIGN_THICKNESS_M: dict[IceClass, float] = {
    IceClass.IA_SUPER: 1.0,
    IceClass.IA: 0.8,
    IceClass.IB: 0.6,
    IceClass.IC: 0.4,
}
"""FSICR design ice thickness, m [2]_."""


@dataclass(frozen=True)
class SpeedInIceParameters:
    """The speed-in-ice curve of one ice class in one season.

    Attributes
    ----------
    ice_class : IceClass
        The class asked about.
    season : str
        ``"WinterSpring"`` or ``"SummerAutumn"``.
    base : str
        Waite et al.'s ship whose curve is used: ``"1A"``, ``"1AS"`` or ``"OW"``.
    scale : float
        Factor applied to the base thresholds (1 for the base classes).
    speed_reduction_m, icebreaker_need_m, no_go_m : float
        Thresholds h_r, h_ib, h_nogo in metres of (effective) thickness.
    exponent : float
        Power-law exponent p (NaN for the open-water curve, which has no
        reduced-speed range).
    assumption_keys : tuple of str
        Registry keys the curve rests on (equivalences and scaling).
    """

    ice_class: IceClass
    season: str
    base: str
    scale: float
    speed_reduction_m: float
    icebreaker_need_m: float
    no_go_m: float
    exponent: float
    assumption_keys: tuple[str, ...] = ()


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


def _base(name: str, ice_class: IceClass, season: str, scale: float, keys: tuple[str, ...]):
    p = WAITE_SPEED_PARAMETERS[name]
    return SpeedInIceParameters(
        ice_class,
        season,
        name,
        scale,
        p["speed_reduction_m"] * scale,
        p["icebreaker_need_m"] * scale,
        p["no_go_m"] * scale,
        p.get("exponent", math.nan),
        keys,
    )


def _scaling_on() -> bool:
    rule = assumptions.value("performance.threshold_scaling")
    if rule not in ("nominal_thickness", "off"):
        raise PerformanceError(
            f"assumption 'performance.threshold_scaling' must be 'nominal_thickness' or "
            f"'off', got {rule!r}"
        )
    return rule == "nominal_thickness"


def speed_parameters(
    ice_class: IceClass | str, season: str | int = "WinterSpring"
) -> SpeedInIceParameters:
    """The speed-in-ice curve (thresholds and exponent) of an ice class.

    Parameters
    ----------
    ice_class : IceClass or str
        Any form accepted by :func:`arcticroute.vessel.iceclass.parse_ice_class`.
    season : str or int, optional
        See :func:`parse_season`. Default WinterSpring (the lower nominal
        capability, conservative).

    Returns
    -------
    SpeedInIceParameters

    Raises
    ------
    UnknownIceClassError
        If the class is unknown.
    PerformanceError
        If the season is not known.

    Notes
    -----
    See the module docstring for the mapping. With
    ``performance.threshold_scaling = "off"``, Arc6–Arc9 get the IA Super curve
    and IB, IC the open-water curve (both conservative).
    """
    ic = parse_ice_class(ice_class)
    s = parse_season(season)
    col = SEASONS.index(s)
    key_scale = "performance.threshold_scaling"
    if ic is IceClass.NONE:
        return _base("OW", ic, s, 1.0, ())
    if ic is IceClass.IA:
        return _base("1A", ic, s, 1.0, ())
    if ic is IceClass.IA_SUPER:
        return _base("1AS", ic, s, 1.0, ())
    if ic in (IceClass.IB, IceClass.IC):
        if not _scaling_on():
            return _base("OW", ic, s, 1.0, (key_scale,))
        ratio = FSICR_DESIGN_THICKNESS_M[ic] / FSICR_DESIGN_THICKNESS_M[IceClass.IA]
        return _base("1A", ic, s, ratio, (key_scale,))
    if ic in RS_NOMINAL_LEVEL_ICE_M and ic.rank >= IceClass.ARC6.rank:
        if not _scaling_on():
            return _base("1AS", ic, s, 1.0, (key_scale,))
        ratio = RS_NOMINAL_LEVEL_ICE_M[ic][col] / RS_NOMINAL_LEVEL_ICE_M[IceClass.ARC5][col]
        return _base("1AS", ic, s, ratio, (key_scale,))
    # PC1-PC7 go through their RS equivalent, Arc4/Arc5 and Ice1-Ice3 through FSICR
    target = IceSystem.RS if ic.system is IceSystem.IACS else IceSystem.FSICR
    eq = equivalence(ic, target)
    keys = (eq.assumption_key,) if eq.assumption_key else ()
    if eq.equivalent is None:
        return _base("OW", ic, s, 1.0, keys)
    inner = speed_parameters(eq.equivalent, s)
    return SpeedInIceParameters(
        ic,
        s,
        inner.base,
        inner.scale,
        inner.speed_reduction_m,
        inner.icebreaker_need_m,
        inner.no_go_m,
        inner.exponent,
        keys + inner.assumption_keys,
    )


def stage_thickness_m(stage: npt.ArrayLike) -> np.ndarray:
    """Representative thickness of each stage of development, metres.

    Parameters
    ----------
    stage : array_like of int, IceStage or str
        :class:`~arcticroute.ice.icestage.IceStage` codes (or one stage name).

    Returns
    -------
    numpy.ndarray of float
        Thickness per cell; NaN for UNKNOWN and GLACIER (ice of land origin has
        no level-ice thickness: treated as impassable).

    Raises
    ------
    PerformanceError
        If a code is not an :class:`IceStage`.

    Notes
    -----
    The rule is the assumption ``performance.stage_thickness_rule``: "upper"
    (default, the thickest ice of the stage's WMO range in
    :data:`~arcticroute.ice.icestage.STAGE_THICKNESS_M`) or "mid" (midpoint; for
    SY and LMY, which have no lower bound, the upper bound). Heavy multi-year
    ice has no upper bound; it takes ``performance.heavy_multiyear_thickness_m``
    under both rules.
    """
    rule = assumptions.value("performance.stage_thickness_rule")
    if rule not in ("upper", "mid"):
        raise PerformanceError(
            f"assumption 'performance.stage_thickness_rule' must be 'upper' or 'mid', got {rule!r}"
        )
    hmy = float(assumptions.value("performance.heavy_multiyear_thickness_m"))
    table = {}
    for st, (lo, hi) in STAGE_THICKNESS_M.items():
        if math.isinf(hi):
            table[int(st)] = hmy
        elif rule == "mid" and not math.isnan(lo):
            table[int(st)] = (lo + hi) / 2
        else:
            table[int(st)] = hi
    if isinstance(stage, str | IceStage):
        codes = np.asarray(int(parse_stage(stage)))
    else:
        codes = np.asarray(stage)
        if codes.dtype.kind not in "iu":
            raise PerformanceError(
                f"stage must be IceStage codes (integers), got dtype {codes.dtype}"
            )
    valid = {int(s) for s in IceStage}
    bad = ~np.isin(codes, list(valid))
    if bad.any():
        raise PerformanceError(
            f"stage code {codes[bad].ravel()[0]} is not an IceStage; valid codes: {sorted(valid)}"
        )
    lut = np.full(max(valid) + 1, np.nan)
    for code, h in table.items():
        lut[code] = h
    return lut[codes]


def _as_float(name: str, x: Any) -> np.ndarray:
    try:
        return np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError):
        raise PerformanceError(f"{name} must be numbers, got {x!r}") from None


def speed_in_ice_kn(
    ice_class: IceClass | str,
    open_water_speed_kn: npt.ArrayLike,
    sic: npt.ArrayLike,
    thickness_m: npt.ArrayLike | None = None,
    stage: npt.ArrayLike | None = None,
    season: str | int = "WinterSpring",
    escorted: bool = False,
) -> Any:
    """Attainable speed in ice, knots, for one ice class over a grid.

    Parameters
    ----------
    ice_class : IceClass or str
        Any form accepted by :func:`arcticroute.vessel.iceclass.parse_ice_class`.
    open_water_speed_kn : array_like
        Speed the ship makes in open water at the same engine setting, knots
        (> 0; e.g. ``Ship.design_speed_kn``).
    sic : array_like or xarray.DataArray
        Sea-ice concentration, fraction 0..1; NaN means unknown.
    thickness_m : array_like, optional
        Thickness of the ice-covered part of the cell (as CMIP6 ``sithick``),
        metres ≥ 0; NaN means unknown.
    stage : array_like of int or IceStage, optional
        Stage of development (:class:`~arcticroute.ice.icestage.IceStage` codes),
        turned into a thickness by :func:`stage_thickness_m`. Give
        ``thickness_m`` or ``stage``, not both. With neither, the ice is
        ``performance.thickness_if_unknown_m`` thick.
    season : str or int, optional
        See :func:`parse_season`; default WinterSpring.
    escorted : bool, optional
        False (default): independent operation, speed 0 from ``h_ib``. True:
        icebreaker escort at :data:`WAITE_ESCORT_SPEED_KN` between ``h_ib`` and
        ``h_nogo`` (or the power-law speed at ``h_ib`` if lower, which happens
        only for open-water speeds under about 6 kn; Waite et al.'s ships make
        8 kn there).

    Returns
    -------
    numpy.ndarray, float or xarray.DataArray
        Speed in knots, the broadcast shape of the inputs; 0 where the ship
        cannot proceed. A DataArray when ``sic`` is one.

    Raises
    ------
    PerformanceError
        For ``sic`` outside 0..1, negative thickness, non-positive or NaN
        open-water speed, both thickness and stage given, a bad season or
        stage code.
    UnknownIceClassError
        If the class is unknown.

    Notes
    -----
    With ``C = sic``, ``h`` the ice thickness, ``h_e`` the effective thickness
    (``C·h`` for ``performance.thickness_basis = "cell_mean"``, else ``h``) and
    the class thresholds of :func:`speed_parameters` [1]_::

        C unknown (NaN)                       → 0
        C < performance.open_water_sic_max    → v_ow   (thickness not consulted)
        h unknown (NaN thickness or stage)    → 0
        h_e ≤ h_r                             → v_ow
        h_r < h_e < h_ib                      → v_ow · (h_e / h_r) ** p
        h_ib ≤ h_e ≤ h_nogo                   → 0, or min(3 kn, v_ow·(h_ib/h_r)**p)
                                                 if escorted
        h_e > h_nogo                          → 0

    Boundaries follow ``shipping_model.R``. Unknown ice is never open water.
    """
    params = speed_parameters(ice_class, season)
    v = _as_float("open_water_speed_kn", open_water_speed_kn)
    if not np.all(np.isfinite(v) & (v > 0)):
        raise PerformanceError(
            f"open_water_speed_kn must be finite and > 0 kn; got minimum {np.nanmin(v):g} kn"
            if np.any(~np.isnan(v))
            else "open_water_speed_kn must be finite and > 0 kn; got NaN"
        )
    c = _as_float("sic", sic)
    if np.any((c < 0) | (c > 1)):
        bad = c[(c < 0) | (c > 1)].ravel()[0]
        raise PerformanceError(
            f"sic must be a fraction in 0..1 (NaN for unknown); got {bad:g}"
            + (" (percent? divide by 100)" if bad > 1 else "")
        )
    if thickness_m is not None and stage is not None:
        raise PerformanceError("give thickness_m or stage, not both")
    if stage is not None:
        h = stage_thickness_m(stage)
    elif thickness_m is not None:
        h = _as_float("thickness_m", thickness_m)
        if np.any(h < 0):
            raise PerformanceError(
                f"thickness_m must be >= 0 m (NaN for unknown); got minimum {np.nanmin(h):g} m"
            )
    else:
        h = np.asarray(float(assumptions.value("performance.thickness_if_unknown_m")))

    basis = assumptions.value("performance.thickness_basis")
    if basis not in ("cell_mean", "ice_covered"):
        raise PerformanceError(
            "assumption 'performance.thickness_basis' must be 'cell_mean' or 'ice_covered', "
            f"got {basis!r}"
        )
    ow_max = float(assumptions.value("performance.open_water_sic_max"))
    v, c, h = np.broadcast_arrays(v, c, h)
    h_e = c * h if basis == "cell_mean" else h

    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(h_e > params.speed_reduction_m, h_e / params.speed_reduction_m, 1.0)
        reduced = v * ratio ** np.nan_to_num(params.exponent)
        # capped at the speed just below h_ib so that thicker ice is never faster
        # (binds only for open-water speeds under ~6 kn)
        at_ib = v * (params.icebreaker_need_m / params.speed_reduction_m) ** np.nan_to_num(
            params.exponent
        )
        escort = np.minimum(WAITE_ESCORT_SPEED_KN, at_ib) if escorted else np.zeros_like(v)
        beyond = escort * (h_e <= params.no_go_m)
        out = np.where(h_e < params.icebreaker_need_m, reduced, beyond)
        out = np.where(np.isnan(h_e), 0.0, out)
        out = np.where(c < ow_max, v, out)
        out = np.where(np.isnan(c), 0.0, out)
    out = out.astype(np.float64)

    if isinstance(sic, xr.DataArray) and out.shape == sic.shape:
        return xr.DataArray(
            out,
            coords=sic.coords,
            dims=sic.dims,
            name="speed_in_ice",
            attrs={
                "units": "knot",
                "long_name": f"attainable speed in ice, {params.ice_class.value}",
                "season": params.season,
            },
        )
    return float(out) if out.ndim == 0 else out


def speed_factor_in_ice(
    ice_class: IceClass | str,
    sic: npt.ArrayLike,
    thickness_m: npt.ArrayLike | None = None,
    stage: npt.ArrayLike | None = None,
    season: str | int = "WinterSpring",
    escorted: bool = False,
    open_water_speed_kn: npt.ArrayLike = 1.0,
) -> Any:
    """Fraction of the open-water speed made good in ice: the fuel hook's ``speed_factor``.

    Parameters
    ----------
    ice_class, sic, thickness_m, stage, season, escorted
        As in :func:`speed_in_ice_kn`.
    open_water_speed_kn : array_like, optional
        Needed only with ``escorted=True`` (the escort speed is a fixed
        3 kn, so its fraction depends on the open-water speed). Default 1 kn.

    Returns
    -------
    numpy.ndarray, float or xarray.DataArray
        ``speed_in_ice_kn / open_water_speed_kn`` in [0, 1]; 0 where impassable.

    Notes
    -----
    Waite et al.'s curve is an attainable speed with the engine setting of the
    open-water speed, so the model implies ``speed_factor`` this ratio and
    ``power_factor = 1`` in
    :func:`arcticroute.economics.fuel.main_engine_fuel_in_ice_t` (the ice costs time,
    not extra power per hour). Waite et al. themselves compute fuel per day
    from the reduced speed (``FuelConsDS · (v/v_d)^exp``), i.e. they let the
    power fall with the speed; that would be ``power_factor =
    speed_factor ** 3`` with the cubic law of :mod:`arcticroute.economics.fuel`. The fuel
    hook rejects a factor of 0: impassable cells must be kept off the route.
    Without escort the factor does not depend on the open-water speed.
    """
    v_ice = speed_in_ice_kn(
        ice_class, open_water_speed_kn, sic, thickness_m, stage, season, escorted
    )
    return v_ice / np.asarray(open_water_speed_kn, dtype=np.float64)
