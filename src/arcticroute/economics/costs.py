"""Voyage economics: fuel, time, tolls, escort, ETS, totals, per-unit costs, break-even.

The model for one route (all amounts in USD; parameters from the registry,
:mod:`arcticroute.assumptions`, so ``--assumptions FILE`` overrides any of
them):

* **fuel** (t): main engine with the cubic speed law (:mod:`arcticroute.economics.fuel`),
  on the ship's fuel, except the distance inside Arctic waters that the HFO
  ban (:mod:`arcticroute.rules.hfo_ban`) makes it sail on a compliant fuel;
  ``fuel_usd`` = Σ tonnes × ``costs.bunker_usd_per_t.<fuel>``;
* **emissions** (t): CO2, CH4, N2O (with LNG slip), CO2e and black carbon
  (:mod:`arcticroute.economics.emissions`);
* **ship time**: ``charter_usd`` = days × (operating cost per day, ice-class
  or not, + capital/hire per day of the ship type);
* **canal toll**: the Suez toll (:mod:`arcticroute.economics.tariffs`) on routes through
  Suez; the Panama toll of an LNG carrier (:mod:`arcticroute.economics.panama`) on
  routes through Panama, for other ships *not* modelled (said in the output);
* **icebreaker escort** and **ice pilotage** on routes through the NSR: the
  FST 45-t/1 tariff for the NSR zones crossed (:mod:`arcticroute.geo.nsr`) times
  ``costs.nsr_escort_share_of_zones``;
* **EU ETS**: allowances for the voyage's CO2 (and CH4/N2O from 2026) in the
  scope share of its end ports, phased in by year.

``total_usd`` is the sum of the items; per-unit figures divide it by the
cargo carried (capacity × load factor). Round trips double the voyage;
a ballast return adds the same route back with the ballast canal rates and no
cargo. Break-even figures compare a route with the Suez route: the escort
fee, the bunker price and the days of delay at which both cost the same.

:func:`cost_arrays` is the vectorised core (100,000 routes in well under a
second); :func:`voyage_economics` and :func:`compare_economics` apply it to
:class:`~arcticroute.routing.lanes.Route` objects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from arcticroute.assumptions import assumption, value
from arcticroute.economics import emissions, fuel, panama, tariffs
from arcticroute.errors import ArcticRouteError
from arcticroute.vessel.iceclass import IceSystem

__all__ = [
    "COST_KEYS",
    "PRICE_LIMIT",
    "TRIPS",
    "EconomicsError",
    "EconomicsOptions",
    "VoyageEconomics",
    "canal_toll_usd",
    "compare_economics",
    "cost_arrays",
    "price_overrides",
    "voyage_economics",
]

COST_KEYS = (
    "fuel_usd",
    "charter_usd",
    "canal_toll_usd",
    "icebreaker_fee_usd",
    "pilotage_usd",
    "ets_usd",
)
"""Cost items, in output order; ``total_usd`` is their sum."""

TRIPS = ("one_way", "round_trip", "ballast_return")

PRICE_LIMIT = 1e5
"""Largest fuel (USD/t) or allowance (EUR/t) price accepted: a bound on the input that
keeps every cost finite (1e308 overflowed to infinity), not a price anyone has paid."""

ARCTIC_WATERS_MIN_LAT = 58.0
"""Southernmost latitude of the Arctic waters boundary (58°00'N 042°00'W, MARPOL
Annex I reg. 46.2; see :mod:`arcticroute.rules.hfo_ban`)."""

_PER_UNIT_NAME = {"TEU": "per_teu_usd", "t": "per_tonne_usd", "m3": "per_m3_usd"}


class EconomicsError(ArcticRouteError, ValueError):
    """An economics option is out of range (trip, load factor, price, date)."""


@dataclass(frozen=True)
class EconomicsOptions:
    """Choices that are not ship or route particulars.

    Attributes
    ----------
    date : datetime.date
        Departure date: sets the NSR tariff season, the ETS year and whether
        the Arctic HFO ban applies.
    trip : str
        ``one_way``, ``round_trip`` (the same route back, laden) or
        ``ballast_return`` (back empty, ballast canal rates).
    load_factor : float
        Share of the cargo capacity carried (0, 1], for per-unit figures.
    hfo_policy : str
        ``switch`` (sail Arctic waters on a compliant fuel and cost it) or
        ``error`` (refuse a route that breaches the ban).
    waiver_flag_state : bool
        The ship's flag state has waived the HFO ban (until 1 July 2029).
    """

    date: dt.date = field(default_factory=dt.date.today)
    trip: str = "one_way"
    load_factor: float = 1.0
    hfo_policy: str = "switch"
    waiver_flag_state: bool = False

    def __post_init__(self) -> None:
        if self.trip not in TRIPS:
            raise EconomicsError(f"trip must be one of {', '.join(TRIPS)}, got {self.trip!r}")
        if not (0.0 < float(self.load_factor) <= 1.0):
            raise EconomicsError(f"load_factor must be in (0, 1], got {self.load_factor}")
        if not isinstance(self.date, dt.date):
            raise EconomicsError(f"date must be a datetime.date, got {self.date!r}")


@dataclass(frozen=True)
class VoyageEconomics:
    """Costs and emissions of one route (schema v1 ``economics`` block).

    Attributes
    ----------
    via : str
        The route's corridor.
    days : float
        Days at sea (all legs of the trip).
    fuel_t : dict
        Fuel burnt per fuel type, tonnes.
    co2_t, ch4_t, n2o_t, co2e_t, black_carbon_t : float
        Emissions, tonnes (black carbon is not part of CO2e).
    costs : dict
        Cost items (:data:`COST_KEYS`) and ``total_usd``, USD.
    cargo : float
        Cargo carried over the trip, in ``cargo_unit``.
    cargo_unit : str or None
        ``TEU``, ``t`` or ``m3``.
    nsr_zones : tuple of int
        NSR zones crossed (empty off the NSR).
    escort_zones : int
        Zones charged for icebreaker escort.
    hfo_switch_nm : float
        Distance sailed on a compliant fuel because of the Arctic HFO ban.
    notes : tuple of str
        What the figures leave out or rest on, in words.
    assumptions : tuple of str
        Registry keys of the named assumptions the figures rest on.
    unavailable : str or None
        Why no cost could be computed (e.g. no tariff for the ship and season).
    """

    via: str
    days: float
    fuel_t: dict[str, float]
    co2_t: float
    ch4_t: float
    n2o_t: float
    co2e_t: float
    black_carbon_t: float
    costs: dict[str, float]
    cargo: float
    cargo_unit: str | None
    nsr_zones: tuple[int, ...] = ()
    escort_zones: int = 0
    hfo_switch_nm: float = 0.0
    notes: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = ()

    @property
    def total_usd(self) -> float:
        return self.costs["total_usd"]

    @property
    def per_unit_usd(self) -> float | None:
        """Total cost per unit of cargo (TEU, t or m3), or None without a capacity."""
        if not self.cargo:
            return None
        return self.total_usd / self.cargo

    @property
    def per_unit_key(self) -> str | None:
        return _PER_UNIT_NAME.get(self.cargo_unit or "")


def _nonneg(name: str, a: ArrayLike) -> NDArray[np.float64]:
    arr = np.asarray(a, dtype=float)
    if np.any(~np.isfinite(arr)) or np.any(arr < 0):
        raise EconomicsError(f"{name} must be finite and >= 0, got {a!r}")
    return arr


def _price(fuel_type: str, override: float | None = None) -> float:
    if override is not None:
        return float(_nonneg("bunker price (USD/t)", override))
    p = float(value(f"costs.bunker_usd_per_t.{fuel_type}"))
    if p < 0:
        raise EconomicsError(f"bunker price for {fuel_type} must be >= 0, got {p}")
    return p


def _daily_cost_usd(ship) -> tuple[float, list[str]]:
    ice = ship.ice_class.system is not IceSystem.NONE
    op_key = f"costs.daily_operating_usd.{'ice_class' if ice else 'no_ice_class'}"
    cap_key = f"costs.capital_usd_per_day.{ship.ship_type}"
    try:
        capital = float(value(cap_key))
    except KeyError:
        cap_key = "costs.capital_usd_per_day.other"
        capital = float(value(cap_key))
    keys = [k for k in (op_key, cap_key) if assumption(k).assumed or assumption(k).overridden]
    return float(value(op_key)) + capital, keys


def cost_arrays(
    distance_nm: ArrayLike,
    speed_kn: ArrayLike,
    ship,
    *,
    switch_nm: ArrayLike = 0.0,
    switch_fuel: str = "MGO",
    canal_toll_usd: ArrayLike = 0.0,
    icebreaker_fee_usd: ArrayLike = 0.0,
    pilotage_usd: ArrayLike = 0.0,
    ets_year: ArrayLike = 2026,
    ets_scope_share: ArrayLike = 0.0,
    bunker_usd_per_t: float | None = None,
) -> dict[str, NDArray[np.float64]]:
    """Fuel, emissions and cost items for many routes of one ship (vectorised).

    Parameters
    ----------
    distance_nm, speed_kn : array_like
        Route length (nm) and speed (kn), broadcast together.
    ship : Ship
        Power, SFOC, design speed, fuel type, GT and ship type.
    switch_nm : array_like
        Part of the distance sailed on ``switch_fuel`` (Arctic HFO ban), nm.
    canal_toll_usd, icebreaker_fee_usd, pilotage_usd : array_like
        Tolls and fees already computed per route, USD.
    ets_year, ets_scope_share : array_like
        ETS year and scope share (0, 0.5 or 1) per route.
    bunker_usd_per_t : float, optional
        Price of the ship's own fuel, overriding the registry (USD/t).

    Returns
    -------
    dict of ndarray
        ``days``, ``fuel_main_t``, ``fuel_switch_t``, ``co2_t``, ``ch4_t``,
        ``n2o_t``, ``co2e_t``, ``black_carbon_t``, the :data:`COST_KEYS`
        and ``total_usd``.
    """
    d = _nonneg("distance_nm", distance_nm)
    v = np.asarray(speed_kn, dtype=float)
    sw = np.minimum(_nonneg("switch_nm", switch_nm), d)
    main_type = str(ship.fuel_type)
    args = (ship.design_speed_kn, ship.main_engine_power_kw, ship.sfoc_g_per_kwh)
    fuel_main = fuel.main_engine_fuel_t(d - sw, v, *args)
    fuel_switch = fuel.main_engine_fuel_t(sw, v, *args)
    days = fuel.sea_days(d, v)
    ghg_main = emissions.ghg_emissions_t(fuel_main, main_type)
    ghg_sw = emissions.ghg_emissions_t(fuel_switch, switch_fuel)
    co2 = ghg_main.co2_t + ghg_sw.co2_t
    ch4 = ghg_main.ch4_t + ghg_sw.ch4_t
    n2o = ghg_main.n2o_t + ghg_sw.n2o_t
    load = fuel.engine_load_fraction(v, ship.design_speed_kn)
    bc = emissions.black_carbon_t(fuel_main, main_type, load) + emissions.black_carbon_t(
        fuel_switch, switch_fuel, load
    )
    daily, _ = _daily_cost_usd(ship)
    out = {
        "days": np.asarray(days, dtype=float),
        "fuel_main_t": np.asarray(fuel_main, dtype=float),
        "fuel_switch_t": np.asarray(fuel_switch, dtype=float),
        "co2_t": np.asarray(co2, dtype=float),
        "ch4_t": np.asarray(ch4, dtype=float),
        "n2o_t": np.asarray(n2o, dtype=float),
        "co2e_t": np.asarray(emissions.co2e_t(co2, ch4, n2o), dtype=float),
        "black_carbon_t": np.asarray(bc, dtype=float),
        "fuel_usd": fuel_main * _price(main_type, bunker_usd_per_t)
        + fuel_switch * _price(switch_fuel),
        "charter_usd": days * daily,
        "canal_toll_usd": _nonneg("canal_toll_usd", canal_toll_usd) + 0 * d,
        "icebreaker_fee_usd": _nonneg("icebreaker_fee_usd", icebreaker_fee_usd) + 0 * d,
        "pilotage_usd": _nonneg("pilotage_usd", pilotage_usd) + 0 * d,
        "ets_usd": np.asarray(
            emissions.ets_cost_usd(co2, ch4, n2o, ets_year, ets_scope_share, gt=ship.gt),
            dtype=float,
        )
        + 0 * d,
    }
    out["total_usd"] = sum(out[k] for k in COST_KEYS)
    return out


def _trip_legs(trip: str) -> tuple[bool, ...]:
    """Laden flag of each passage of the trip."""
    return {"one_way": (True,), "round_trip": (True, True), "ballast_return": (True, False)}[trip]


def voyage_economics(route, ship, options: EconomicsOptions | None = None) -> VoyageEconomics:
    """Costs and emissions of one route for a ship.

    Parameters
    ----------
    route : Route
        From :func:`arcticroute.routing.planner.route`; its ``speed_kn`` is used.
    ship : Ship
        The ship (GT, SCNT, ice class, fuel...).
    options : EconomicsOptions, optional
        Date, trip, load factor, HFO-ban policy.

    Raises
    ------
    HFOBanError
        With ``hfo_policy="error"`` when the route breaches the Arctic HFO ban.
    EconomicsError
        For bad options; tariff and fuel errors propagate with their messages.
    """
    opt = options or EconomicsOptions()
    notes: list[str] = []
    keys: set[str] = set()
    passages = set(route.passages)
    switch_nm, switch_fuel = _hfo_switch(route, ship, opt, notes, keys)
    zones, escort_zones, fee, pilot = _escort(route, ship, opt, notes, keys)
    scope = float(
        emissions.ets_scope_share(route.origin.country or "XX", route.destination.country or "XX")
    )
    totals: dict[str, float] = {}
    for laden in _trip_legs(opt.trip):
        toll = canal_toll_usd(passages, ship, opt.date, laden, keys, notes)
        arr = cost_arrays(
            # distance at the commanded speed that takes as long as the voyage (= the
            # distance itself in open water)
            route.duration_h * route.speed_kn if route.ice is not None else route.distance_nm,
            route.speed_kn,
            ship,
            switch_nm=switch_nm,
            switch_fuel=switch_fuel,
            canal_toll_usd=toll,
            icebreaker_fee_usd=fee,
            pilotage_usd=pilot,
            ets_year=opt.date.year,
            ets_scope_share=scope,
        )
        for k, a in arr.items():
            totals[k] = totals.get(k, 0.0) + float(a)
    keys.update(_cost_keys(ship))
    cargo = 0.0
    if ship.capacity:
        cargo = float(ship.capacity) * opt.load_factor * sum(_trip_legs(opt.trip))
    fuel_t = {str(ship.fuel_type): totals["fuel_main_t"]}
    if totals["fuel_switch_t"] > 0:
        fuel_t[switch_fuel] = fuel_t.get(switch_fuel, 0.0) + totals["fuel_switch_t"]
    notes.append("main engine only: auxiliary engines, port time and canal waiting not included")
    return VoyageEconomics(
        via=route.via,
        days=totals["days"],
        fuel_t=fuel_t,
        co2_t=totals["co2_t"],
        ch4_t=totals["ch4_t"],
        n2o_t=totals["n2o_t"],
        co2e_t=totals["co2e_t"],
        black_carbon_t=totals["black_carbon_t"],
        costs={k: totals[k] for k in (*COST_KEYS, "total_usd")},
        cargo=cargo,
        cargo_unit=str(ship.capacity_unit) if ship.capacity_unit else None,
        nsr_zones=zones,
        escort_zones=escort_zones,
        hfo_switch_nm=switch_nm,
        notes=tuple(notes),
        assumptions=tuple(sorted(keys)),
    )


def _hfo_switch(route, ship, opt: EconomicsOptions, notes: list, keys: set) -> tuple[float, str]:
    """Distance sailed on the switch fuel under the Arctic HFO ban, and that fuel."""
    # Arctic waters lie north of 58°N (their southernmost boundary point, MARPOL
    # Annex I reg. 46.2): routes that stay south skip the geometry (and shapely).
    if route.max_lat < ARCTIC_WATERS_MIN_LAT:
        return 0.0, "MGO"
    from arcticroute.rules.hfo_ban import hfo_ban_check

    ban = hfo_ban_check(
        route, ship, opt.date, policy=opt.hfo_policy, waiver_flag_state=opt.waiver_flag_state
    )
    keys.update(getattr(ban.status, "assumptions", ()))
    switch_fuel = str(ban.switch_fuel) if ban.switch_fuel is not None else "MGO"
    if ban.switch_distance_nm > 0:
        notes.append(
            f"Arctic HFO ban: {ban.switch_distance_nm:,.0f} nm in Arctic waters sailed on "
            f"{switch_fuel} instead of {ship.fuel_type} ({ban.status.reason})"
        )
    return ban.switch_distance_nm, switch_fuel


def _escort(route, ship, opt: EconomicsOptions, notes: list, keys: set) -> tuple:
    """NSR zones crossed and escorted, icebreaker fee and ice pilotage (USD)."""
    from arcticroute.geo.nsr import nsr_crossing

    ice = getattr(route, "ice", None)
    if ice is not None:
        # ice-aware route: the zones crossed and the zones escorted come from the verdict
        zones = tuple(sorted({z.zone for z in ice.zones}))
        escort_zones = len(ice.escort_zones)
        if zones:
            notes.append(
                f"icebreaker escort charged in {escort_zones} of the {len(zones)} NSR zones "
                "crossed (zones where the ice-aware verdict needs escort)"
            )
        notes.append(
            "in ice the main engine keeps its open-water setting for the hours the passage "
            "takes: fuel and charter days follow the ice-aware steaming time"
        )
    elif {"nsr", "nsr_kara"} & set(route.passages):
        zones = nsr_crossing(route).zones
        share = float(value("costs.nsr_escort_share_of_zones"))
        keys.add("costs.nsr_escort_share_of_zones")
        escort_zones = round(share * len(zones))
        notes.append(
            f"icebreaker escort charged in {escort_zones} of the {len(zones)} NSR zones crossed "
            "(ice not considered: costs.nsr_escort_share_of_zones)"
        )
    else:
        return (), 0, 0.0, 0.0
    fee = pilot = 0.0
    if escort_zones:
        t = tariffs.nsr_escort_fee_usd(ship.gt, ship.ice_class, escort_zones, opt.date)
        p = tariffs.ice_pilotage_usd(True)
        fee, pilot = float(t.value), float(p.value)
        keys.update(t.assumptions)
        keys.update(p.assumptions)
    return zones, escort_zones, fee, pilot


def canal_toll_usd(
    passages: Iterable[str],
    ship: Any,
    date: dt.date,
    laden: bool,
    keys: set | None = None,
    notes: list | None = None,
) -> float:
    """The canal tolls of one passage of a route through ``passages``, USD: the Suez toll
    (:func:`arcticroute.economics.tariffs.suez_toll_usd`) and the Panama toll
    (:func:`arcticroute.economics.panama.panama_toll_usd`). The registry keys used go
    into ``keys``; what the Panama toll leaves out (or that it is not modelled) into
    ``notes``, once.

    Raises
    ------
    EconomicsError
        A Suez transit of a ship without its Suez Canal net tonnage.
    """
    passages, usd = set(passages), 0.0
    keys = set() if keys is None else keys
    if "suez" in passages:
        if ship.scnt is None:
            raise EconomicsError(
                f"{ship.name} has no Suez Canal net tonnage (scnt): give it in the ship "
                "file to cost a Suez transit"
            )
        t = tariffs.suez_toll_usd(ship.scnt, ship.ship_type, laden=laden, date=date)
        keys.update(t.assumptions)
        usd += float(t.value)
    if "panama" in passages:
        p = panama.panama_toll_usd(ship, laden, date)
        keys.update(p.assumptions)
        if notes is not None and p.note not in notes:
            notes.append(p.note)
        usd += p.usd
    return usd


def _cost_keys(ship) -> set[str]:
    """Assumptions behind the daily cost, bunker price and engine load of a ship."""
    _, keys = _daily_cost_usd(ship)
    out = set(keys)
    out.update(
        k
        for k in (f"costs.bunker_usd_per_t.{ship.fuel_type}", "fuel.engine_load_at_design_speed")
        if assumption(k).assumed or assumption(k).overridden
    )
    out.update(ship.assumptions)
    return out


@dataclass(frozen=True)
class BreakEven:
    """Where a route and the Suez route cost the same.

    Attributes
    ----------
    escort_fee_usd : float or None
        Icebreaker fee at which the route costs as much as Suez (NSR only).
    bunker_usd_per_t : float or None
        Price of the ship's fuel at which both cost the same (None when both
        burn the same amount).
    delay_days : float or None
        Extra days (at the ship's daily cost) that would use up the saving;
        negative when the route is already dearer.
    """

    escort_fee_usd: float | None
    bunker_usd_per_t: float | None
    delay_days: float | None


def break_even(r: VoyageEconomics, suez: VoyageEconomics, ship) -> BreakEven:
    """Break-even figures of route ``r`` against the Suez route (same ship and options)."""
    saving = suez.total_usd - r.total_usd
    fee = None
    if r.nsr_zones:
        fee = r.costs["icebreaker_fee_usd"] + saving
    main = str(ship.fuel_type)
    f_r, f_s = r.fuel_t.get(main, 0.0), suez.fuel_t.get(main, 0.0)
    bunker = None
    if abs(f_s - f_r) > 1e-9:
        price = float(value(f"costs.bunker_usd_per_t.{main}"))
        rest_r = r.total_usd - f_r * price
        rest_s = suez.total_usd - f_s * price
        bunker = (rest_r - rest_s) / (f_s - f_r)
    daily, _ = _daily_cost_usd(ship)
    return BreakEven(fee, bunker, saving / daily if daily > 0 else None)


def price_overrides(
    ship, bunker_usd_per_t: float | None = None, ets_eur_per_t: float | None = None
) -> dict[str, float]:
    """Registry overrides for a user's prices: the ship's fuel, USD/t, and the EU
    allowance, EUR/t CO2e (for :func:`arcticroute.assumptions.overridden`).

    Raises
    ------
    EconomicsError
        A price below 0 or not a number.
    """
    prices = {}
    if bunker_usd_per_t is not None:
        prices[f"costs.bunker_usd_per_t.{ship.fuel_type}"] = bunker_usd_per_t
    if ets_eur_per_t is not None:
        prices["ets.allowance_price_eur_per_t"] = ets_eur_per_t
    for name, v in prices.items():
        if not v >= 0:
            raise EconomicsError(f"price {name} must be >= 0, got {v}")
    return prices


def compare_economics(
    routes: Sequence, ship, options: EconomicsOptions | None = None
) -> dict[str, tuple[VoyageEconomics | None, str | None]]:
    """Economics of every route; a route that cannot be costed gets its reason instead.

    Returns
    -------
    dict
        ``via`` -> ``(VoyageEconomics, None)`` or ``(None, reason)``.
    """
    out: dict[str, tuple[VoyageEconomics | None, str | None]] = {}
    for r in routes:
        try:
            out[r.via] = (voyage_economics(r, ship, options), None)
        except tariffs.TariffError as exc:
            out[r.via] = (None, f"cannot cost this route: {exc}")
    return out
