"""Fuel burnt at sea: days at sea, main-engine fuel by the cubic speed law, a hook for ice.

Every function is pure and vectorised: arguments are scalars or numpy arrays
that broadcast together (e.g. 100,000 routes, or routes × legs), and the
result has the broadcast shape. No Python loop runs over routes.

Model
-----
Propulsion power follows the cubic law around the design point (IMO Third
GHG Study power–speed relation with n = 3; REFERENCE.md §11.3)::

    P(V)      = P_MCR · L_d · (V / V_d)³            [kW]
    fuel/day  = P(V) · SFOC · 24 h / 10⁶            [t/day]
    days      = D / (24 · V)                        [day]
    fuel      = fuel/day · days                     [t]

with P_MCR the installed main-engine power (MCR), L_d the engine load at
design speed V_d as a fraction of MCR (named assumption
``fuel.engine_load_at_design_speed``), SFOC in g/kWh and D in nautical
miles. Fuel per day therefore scales with V³ and fuel per nautical mile
with V².

What is not modelled: SFOC rising at part load (SFOC is held constant),
weather and fouling margins, draught (laden vs ballast), and auxiliary
engines and boilers. Auxiliary fuel is *not* included in
:func:`main_engine_fuel_t`; :func:`auxiliary_engine_fuel_t` computes it
for a caller-supplied auxiliary power, because no source available to us
gives auxiliary power by ship type.

Ice
---
No ice model lives here. :func:`main_engine_fuel_in_ice_t` takes per-leg
factors from the ice-routing model: a *speed factor* (the ship makes only
that fraction of its commanded speed, at the open-water power for the
commanded speed, so the leg takes longer) and a *power factor* (the ship
holds its speed but needs that multiple of the open-water power). Either
or both may be given; with both equal to 1 the result equals
:func:`main_engine_fuel_t`.

Errors
------
:class:`InvalidQuantityError` (a :class:`~arcticroute.errors.ArcticRouteError`
and :class:`ValueError`) for NaN, infinite, negative or out-of-range inputs
and for speeds that would need more than the installed power; the message
names the argument, the valid range and the first offending value.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from arcticroute.assumptions import value
from arcticroute.errors import ArcticRouteError

__all__ = [
    "InvalidQuantityError",
    "auxiliary_engine_fuel_t",
    "engine_load_fraction",
    "main_engine_fuel_in_ice_t",
    "main_engine_fuel_per_day_t",
    "main_engine_fuel_t",
    "sea_days",
]

HOURS_PER_DAY = 24.0
GRAMS_PER_TONNE = 1e6

FloatArray = npt.NDArray[np.float64]


class InvalidQuantityError(ArcticRouteError, ValueError):
    """A numeric input is NaN, infinite, negative or outside its valid range."""


def _index(flat: int, shape: tuple[int, ...]) -> str:
    idx = tuple(int(j) for j in np.unravel_index(flat, shape))
    return str(idx[0]) if len(idx) == 1 else str(idx)


def checked_quantity(
    name: str,
    x: npt.ArrayLike,
    *,
    low: float = 0.0,
    high: float = np.inf,
    low_open: bool = False,
    high_open: bool = False,
    unit: str = "",
) -> FloatArray:
    """``x`` as a float array, or :class:`InvalidQuantityError` naming ``name`` and the range."""
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidQuantityError(
            f"{name} must be a number or an array of numbers, got {x!r}"
        ) from None
    above = arr > low if low_open else arr >= low
    below = arr < high if high_open else arr <= high
    bad = ~(np.isfinite(arr) & above & below)
    if bad.any():
        idx = np.flatnonzero(bad)
        first = arr.ravel()[idx[0]]
        u = f" {unit}" if unit else ""
        lo = f"> {low:g}" if low_open else f"≥ {low:g}"
        hi = "" if np.isinf(high) else (f" and < {high:g}" if high_open else f" and ≤ {high:g}")
        where = f" at index {_index(idx[0], arr.shape)}" if arr.ndim else ""
        many = f" ({idx.size} of {arr.size} values invalid)" if arr.size > 1 else ""
        raise InvalidQuantityError(
            f"{name} must be finite and {lo}{hi}{u}; got {first:g}{u}{where}{many}"
        )
    return arr


def _design_load(engine_load: float | None) -> float:
    if engine_load is None:
        name = "fuel.engine_load_at_design_speed"
        load = value(name)
    else:
        name, load = "engine_load", engine_load
    return float(checked_quantity(name, load, low=0.0, high=1.0, low_open=True, unit="of MCR"))


def sea_days(distance_nm: npt.ArrayLike, speed_kn: npt.ArrayLike) -> FloatArray | float:
    """Days at sea to cover a distance at a constant speed.

    Parameters
    ----------
    distance_nm : array_like
        Distance, nautical miles (≥ 0).
    speed_kn : array_like
        Speed over ground, knots (> 0). Broadcasts with ``distance_nm``.

    Returns
    -------
    ndarray or float
        Time at sea, days.

    Raises
    ------
    InvalidQuantityError
        If a distance is negative or a speed is not positive, or either is NaN/infinite.

    Notes
    -----
    ``days = distance_nm / (24 · speed_kn)`` (1 kn = 1 nm/h).

    Examples
    --------
    >>> float(sea_days(4800, 20))
    10.0
    """
    d = checked_quantity("distance_nm", distance_nm, unit="nm")
    v = checked_quantity("speed_kn", speed_kn, low_open=True, unit="kn")
    return d / (HOURS_PER_DAY * v)


def engine_load_fraction(
    speed_kn: npt.ArrayLike,
    design_speed_kn: npt.ArrayLike,
    engine_load: float | None = None,
    power_factor: npt.ArrayLike = 1.0,
) -> FloatArray | float:
    """Main-engine load as a fraction of MCR at a speed, by the cubic law.

    Parameters
    ----------
    speed_kn : array_like
        Speed through the water, knots (> 0).
    design_speed_kn : array_like
        Design (service) speed of the ship, knots (> 0).
    engine_load : float, optional
        Engine load at design speed, fraction of MCR in (0, 1]. Default: the
        named assumption ``fuel.engine_load_at_design_speed``.
    power_factor : array_like, optional
        Multiple of the open-water power needed (≥ 1 in ice; default 1).

    Returns
    -------
    ndarray or float
        Engine load, fraction of MCR. May exceed 1 (an infeasible speed);
        :func:`main_engine_fuel_per_day_t` and the fuel functions reject that.

    Notes
    -----
    ``load = L_d · (V / V_d)³ · power_factor`` (REFERENCE.md §11.3, n = 3).
    """
    v = checked_quantity("speed_kn", speed_kn, low_open=True, unit="kn")
    vd = checked_quantity("design_speed_kn", design_speed_kn, low_open=True, unit="kn")
    k = checked_quantity("power_factor", power_factor, low_open=True)
    return _design_load(engine_load) * (v / vd) ** 3 * k


def _fuel_per_day(
    speed_kn: FloatArray,
    design_speed_kn: npt.ArrayLike,
    power_kw: npt.ArrayLike,
    sfoc_g_per_kwh: npt.ArrayLike,
    engine_load: float | None,
    power_factor: npt.ArrayLike,
) -> FloatArray:
    p = checked_quantity("power_kw", power_kw, low_open=True, unit="kW")
    sfoc = checked_quantity("sfoc_g_per_kwh", sfoc_g_per_kwh, low_open=True, unit="g/kWh")
    load = np.asarray(engine_load_fraction(speed_kn, design_speed_kn, engine_load, power_factor))
    over = load > 1.0
    if over.any():
        i = np.flatnonzero(over)[0]
        worst = load.ravel()[i]
        v = np.broadcast_to(speed_kn, load.shape).ravel()[i]
        where = f" at index {_index(i, load.shape)}" if load.ndim else ""
        raise InvalidQuantityError(
            f"speed_kn = {v:g} kn{where} needs {worst:.3g} × MCR (power_factor included); "
            f"the engine gives at most 1 × MCR, here at {v * worst ** (-1 / 3):.3g} kn "
            f"({int(over.sum())} value(s) too fast): lower the speed"
        )
    return p * load * sfoc * HOURS_PER_DAY / GRAMS_PER_TONNE


def main_engine_fuel_per_day_t(
    speed_kn: npt.ArrayLike,
    design_speed_kn: npt.ArrayLike,
    power_kw: npt.ArrayLike,
    sfoc_g_per_kwh: npt.ArrayLike,
    engine_load: float | None = None,
) -> FloatArray | float:
    """Main-engine fuel per day at sea in open water, by the cubic speed law.

    Parameters
    ----------
    speed_kn : array_like
        Speed, knots (> 0).
    design_speed_kn : array_like
        Design speed, knots (> 0); :attr:`arcticroute.vessel.ships.Ship.design_speed_kn`.
    power_kw : array_like
        Installed main-engine power (MCR), kW (> 0);
        :attr:`~arcticroute.vessel.ships.Ship.main_engine_power_kw`.
    sfoc_g_per_kwh : array_like
        Specific fuel oil consumption, g/kWh (> 0);
        :attr:`~arcticroute.vessel.ships.Ship.sfoc_g_per_kwh`.
    engine_load : float, optional
        Engine load at design speed, fraction of MCR in (0, 1]. Default: the
        named assumption ``fuel.engine_load_at_design_speed``.

    Returns
    -------
    ndarray or float
        Fuel, tonnes per day.

    Raises
    ------
    InvalidQuantityError
        For NaN, infinite, negative or zero inputs, or a speed that would need
        more than 100 % MCR.

    Notes
    -----
    ``fuel/day = P_MCR · L_d · (V/V_d)³ · SFOC · 24 / 10⁶`` (REFERENCE.md §11.3).

    Examples
    --------
    30,000 kW at 75 % MCR and 185 g/kWh burn 99.9 t/day at design speed:

    >>> round(float(main_engine_fuel_per_day_t(20, 20, 30_000, 185, engine_load=0.75)), 3)
    99.9
    """
    v = checked_quantity("speed_kn", speed_kn, low_open=True, unit="kn")
    return _fuel_per_day(v, design_speed_kn, power_kw, sfoc_g_per_kwh, engine_load, 1.0)


def main_engine_fuel_t(
    distance_nm: npt.ArrayLike,
    speed_kn: npt.ArrayLike,
    design_speed_kn: npt.ArrayLike,
    power_kw: npt.ArrayLike,
    sfoc_g_per_kwh: npt.ArrayLike,
    engine_load: float | None = None,
) -> FloatArray | float:
    """Main-engine fuel for a passage in open water at constant speed.

    Parameters
    ----------
    distance_nm : array_like
        Distance, nautical miles (≥ 0).
    speed_kn, design_speed_kn, power_kw, sfoc_g_per_kwh, engine_load
        As in :func:`main_engine_fuel_per_day_t`. All broadcast together.

    Returns
    -------
    ndarray or float
        Fuel, tonnes. Auxiliary engines are not included
        (see :func:`auxiliary_engine_fuel_t`).

    Raises
    ------
    InvalidQuantityError
        As :func:`main_engine_fuel_per_day_t`, and for a negative distance.

    Notes
    -----
    ``fuel = fuel/day(V) · D / (24 V)``; fuel per nautical mile scales with V²,
    so halving the speed quarters the fuel for the same distance.
    """
    return main_engine_fuel_in_ice_t(
        distance_nm, speed_kn, design_speed_kn, power_kw, sfoc_g_per_kwh, engine_load=engine_load
    )


def main_engine_fuel_in_ice_t(
    distance_nm: npt.ArrayLike,
    speed_kn: npt.ArrayLike,
    design_speed_kn: npt.ArrayLike,
    power_kw: npt.ArrayLike,
    sfoc_g_per_kwh: npt.ArrayLike,
    speed_factor: npt.ArrayLike = 1.0,
    power_factor: npt.ArrayLike = 1.0,
    engine_load: float | None = None,
) -> FloatArray | float:
    """Main-engine fuel per leg when ice slows the ship or costs extra power.

    The hook through which the ice-routing model's results become fuel. No ice
    model lives here: the factors come from the caller, one per leg (arrays of
    shape ``(n_legs,)`` or ``(n_routes, n_legs)``; sum over the last axis for
    route totals).

    Parameters
    ----------
    distance_nm : array_like
        Leg length, nautical miles (≥ 0).
    speed_kn : array_like
        Commanded speed, knots (> 0): the speed the engine setting would give in
        open water.
    design_speed_kn, power_kw, sfoc_g_per_kwh
        As in :func:`main_engine_fuel_per_day_t`.
    speed_factor : array_like, optional
        Fraction of ``speed_kn`` actually made good on the leg, in (0, 1]
        (default 1, open water). The engine keeps the open-water power for
        ``speed_kn``; the leg takes ``1/speed_factor`` times longer.
    power_factor : array_like, optional
        Multiple (> 0, normally ≥ 1) of the open-water power for ``speed_kn``
        that the leg needs to hold the speed actually made (default 1).
    engine_load : float, optional
        Engine load at design speed, fraction of MCR in (0, 1]. Default: the
        named assumption ``fuel.engine_load_at_design_speed``.

    Returns
    -------
    ndarray or float
        Fuel per leg, tonnes. The leg's time at sea is
        ``sea_days(distance_nm, speed_kn * speed_factor)``.

    Raises
    ------
    InvalidQuantityError
        For invalid inputs, a speed factor outside (0, 1], or a leg whose power
        would exceed 100 % MCR (``L_d · (V/V_d)³ · power_factor > 1``): the ice
        model must lower the speed instead.

    Notes
    -----
    ::

        hours = D / (V · speed_factor)
        fuel  = P_MCR · L_d · (V/V_d)³ · power_factor · SFOC · hours / 10⁶

    With both factors 1 this is :func:`main_engine_fuel_t`.
    """
    d = checked_quantity("distance_nm", distance_nm, unit="nm")
    v = checked_quantity("speed_kn", speed_kn, low_open=True, unit="kn")
    s = checked_quantity("speed_factor", speed_factor, high=1.0, low_open=True)
    per_day = _fuel_per_day(v, design_speed_kn, power_kw, sfoc_g_per_kwh, engine_load, power_factor)
    return per_day * d / (HOURS_PER_DAY * v * s)


def auxiliary_engine_fuel_t(
    sea_days: npt.ArrayLike,
    aux_power_kw: npt.ArrayLike,
    sfoc_g_per_kwh: npt.ArrayLike,
) -> FloatArray | float:
    """Auxiliary-engine fuel for a time at sea at a constant auxiliary load.

    No default auxiliary power is shipped: no source available to the project
    gives auxiliary power at sea by ship type, so the caller supplies it (from
    the ship's documents or a study such as the Fourth IMO GHG Study 2020).

    Parameters
    ----------
    sea_days : array_like
        Time at sea, days (≥ 0); e.g. from :func:`sea_days`.
    aux_power_kw : array_like
        Mean auxiliary-engine power at sea, kW (≥ 0).
    sfoc_g_per_kwh : array_like
        Auxiliary-engine SFOC, g/kWh (> 0).

    Returns
    -------
    ndarray or float
        Fuel, tonnes.

    Notes
    -----
    ``fuel = P_aux · SFOC_aux · 24 · days / 10⁶``.
    """
    t = checked_quantity("sea_days", sea_days, unit="days")
    p = checked_quantity("aux_power_kw", aux_power_kw, unit="kW")
    sfoc = checked_quantity("sfoc_g_per_kwh", sfoc_g_per_kwh, low_open=True, unit="g/kWh")
    return p * sfoc * HOURS_PER_DAY * t / GRAMS_PER_TONNE
