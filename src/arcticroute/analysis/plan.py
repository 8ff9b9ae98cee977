"""Annual cargo plans: how many ships, which route each month, at what cost and CO2.

A plan moves a yearly volume from one origin to one or more destinations (with
shares) with one ship type, through the ice of the year sailed. For every
departure (one a month by default, on the 15th; or every ``step_days``) and
destination it routes each allowed corridor out and back with
:func:`arcticroute.routing.planner.route` (the one search: the router's lane
trees and ice layers are shared by every leg of the year), prices each leg with
:func:`arcticroute.economics.costs.voyage_economics`, and keeps the cheapest way
(or the fastest, ``objective="time"``) to deliver a unit of cargo: directly, or
through a transshipment hub where a second ship carries the cargo on.

The model
---------
* **volume**: production is steady, so a month moves ``volume × days in month /
  days in year``, split between destinations by their shares and evenly between
  the month's departures. A departure with no feasible way moves nothing; its
  volume is moved by the year's other departures (storage at the origin).
* **round trip** of a ship (days) = ``port_days`` (loading) + the laden leg +
  ``port_days`` (discharge, or ``transfer_days`` at a hub) + the return leg, which
  leaves when the ship is free and takes the best corridor of that day (a ship may
  change corridor between voyages).
* **voyages**: whole voyages per destination, allotted to departures so that the
  running total of voyages is the running volume divided by the cargo per voyage,
  rounded up: over the year, voyages × cargo exceeds the volume by less than one
  voyage's cargo per destination.
* **fleet** = ship-days of all voyages / ``plans.ship_days_per_year``, rounded up
  (ships work through the year); ``peak_fleet`` is the same for the busiest month.
* **money and climate**: fuel, CO2, CO2e, EU ETS, canal tolls, icebreaker escort
  and pilotage per leg as :func:`~arcticroute.economics.costs.voyage_economics`
  (a ballast return at the ballast Suez rate), plus the ship's daily cost for the
  days in port; ``per_unit_usd`` = annual total / volume.
* **baseline**: the same flow with every leg through one corridor (``suez`` by
  default; a pair that corridor does not join keeps its direct route) and no hub.

Prices are those of the year sailed, except for years before
``seasons.cost_year`` (observed ice of 1989-2017), which are costed with the
prices, tariffs and rules of that year, as the season scan does.

Errors
------
:class:`PlanError` (``ValueError``): a volume that is not a positive number, shares
that do not sum to 1, an unknown unit or hub, a ship without a capacity in a unit
the volume can be converted to, and a flow no allowed corridor serves in any month.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from arcticroute import assumptions, routing
from arcticroute.analysis.planlegs import DIRECT, Leg, LegBook
from arcticroute.economics.costs import COST_KEYS
from arcticroute.errors import ArcticRouteError, UnknownPassageError, UnknownPortError
from arcticroute.geo.ports import Port
from arcticroute.vessel.ships import Ship

__all__ = [
    "COST_ITEMS",
    "DEFAULT_CORRIDORS",
    "OBJECTIVES",
    "UNITS",
    "Hub",
    "MonthRow",
    "Plan",
    "PlanError",
    "Totals",
    "check_plan",
    "departures",
    "plan",
]

UNITS = ("t", "m3", "TEU")
OBJECTIVES = ("cost", "time")
DEFAULT_CORRIDORS = ("nsr", "suez", "cape")
"""Corridors a plan weighs by default (the direct route is added where none of them
joins a pair, e.g. Sabetta to Zeebrugge)."""
COST_ITEMS = COST_KEYS
"""The cost items summed over a plan: the voyage's (:data:`economics.costs.COST_KEYS`)."""
_SUMS = ("fuel_t", "co2_t", "co2e_t", *COST_ITEMS, "total_usd", "sea_days")


class PlanError(ArcticRouteError, ValueError):
    """Bad plan input (volume, shares, unit, hub, ship) or a flow no corridor serves."""


@dataclass(frozen=True)
class Hub:
    """A transshipment hub: where the plan's ship hands its cargo to a second ship.

    Attributes
    ----------
    port : Port
    ship : Ship
        The ship that carries the cargo on from the hub (and back in ballast).
    transfer_days : float
        Days each ship spends at the hub per transfer.
    """

    port: Port
    ship: Ship
    transfer_days: float


@dataclass(frozen=True)
class Totals:
    """Sums over voyages: fuel (t), CO2 and CO2e (t), the cost items and total (USD),
    days at sea."""

    values: Mapping[str, float]

    def __getitem__(self, key: str) -> float:
        return self.values[key]

    @staticmethod
    def zero() -> Totals:
        return Totals(dict.fromkeys(_SUMS, 0.0))

    def plus(self, other: Totals | Mapping[str, float], times: float = 1.0) -> Totals:
        vals = other.values if isinstance(other, Totals) else other
        return Totals({k: self.values[k] + times * float(vals.get(k, 0.0)) for k in _SUMS})


@dataclass(frozen=True)
class MonthRow:
    """What one month's departures to one destination do.

    Attributes
    ----------
    month : int
    destination : str
    route : str
        ``direct`` or ``via <hub>``.
    corridor, return_corridor : str
        Corridors of the laden and return legs of the plan's ship (the most used
        one when the month's departures differ).
    round_trip_days : float
        Days of one round trip of the plan's ship (port days included), volume-weighted.
    voyages : int
        Voyages of the plan's ship.
    volume : float
        Volume moved, in the plan's unit.
    ship_days, hub_ship_days : float
        Ship-days of the plan's ship and of the hub's ship.
    hub_voyages : int
    totals : Totals
        Fuel, emissions and costs of these voyages (both ships).
    """

    month: int
    destination: str
    route: str
    corridor: str
    return_corridor: str
    round_trip_days: float
    voyages: int
    volume: float
    ship_days: float
    hub_voyages: int
    hub_ship_days: float
    totals: Totals = field(repr=False)


@dataclass(frozen=True)
class Plan:
    """An annual cargo plan (see the module docstring for the model).

    Attributes
    ----------
    origin : Port
    destinations : tuple of (Port, float)
        Destinations and their shares of the volume.
    ship : Ship
    hub : Hub or None
    year : int
    volume : float
    unit : str
        ``t``, ``m3`` or ``TEU``.
    cargo_per_voyage, hub_cargo_per_voyage : float
        In ``unit``.
    objective : str
    months : tuple of MonthRow
        By month, then destination (months with nothing moved are left out).
    fleet_size, peak_fleet, hub_fleet_size : int
    annual : Totals
    baseline : Plan or None
        The all-``baseline_corridor`` plan.
    baseline_corridor : str
    ice_source : str
        Where the ice of the legs came from: ``observed``, ``climatology``,
        ``projection``..., joined by ``+`` when legs differ (e.g. returns in the next
        year, beyond the data); empty when no leg met the mesh.
    notes : tuple of str
    assumptions : tuple of str
        Registry keys of the named assumptions the figures rest on.
    """

    origin: Port
    destinations: tuple[tuple[Port, float], ...]
    ship: Ship
    hub: Hub | None
    year: int
    volume: float
    unit: str
    cargo_per_voyage: float
    hub_cargo_per_voyage: float | None
    objective: str
    months: tuple[MonthRow, ...]
    fleet_size: int
    peak_fleet: int
    hub_fleet_size: int
    annual: Totals
    baseline: Plan | None
    baseline_corridor: str
    ice_source: str
    notes: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = ()

    @property
    def voyages(self) -> int:
        return sum(r.voyages for r in self.months)

    @property
    def per_unit_usd(self) -> float:
        return self.annual["total_usd"] / self.volume

    @property
    def nsr_share(self) -> float:
        """Share of the plan ship's voyages whose laden leg takes the NSR."""
        n = self.voyages
        return sum(r.voyages for r in self.months if r.corridor.startswith("nsr")) / n if n else 0.0


# --- input ------------------------------------------------------------------------------


def _positive(name: str, x: float, zero_ok: bool = False) -> float:
    try:
        v = float(x)
    except (TypeError, ValueError):
        raise PlanError(f"{name} must be a number, got {x!r}") from None
    if not math.isfinite(v) or v < 0 or (v == 0 and not zero_ok):
        what = ">= 0" if zero_ok else "> 0"
        raise PlanError(f"{name} must be a finite number {what}, got {x!r}")
    return v


def _destinations(destinations: Any) -> tuple[tuple[Port, float], ...]:
    """(Port, share) pairs from a mapping, a sequence of (port, share) or of ports."""
    if isinstance(destinations, str | Port):
        destinations = [destinations]
    items = list(destinations.items()) if isinstance(destinations, Mapping) else []
    if not isinstance(destinations, Mapping):
        plain = [d for d in destinations if isinstance(d, str | Port)]
        if plain and len(plain) != len(list(destinations)):
            raise PlanError("give every destination a share, or none (equal shares)")
        items = [(d, 1.0 / len(plain)) for d in plain] if plain else list(destinations)
    if not items:
        raise PlanError("no destination given; e.g. {'Tianjin': 1.0}")
    out = []
    for p, s in items:
        try:
            port = routing.as_port(p)
        except UnknownPortError as exc:
            raise UnknownPortError(f"destination: {exc}", exc.suggestions) from None
        out.append((port, _positive(f"share of {port.name}", s)))
    total = sum(s for _, s in out)
    if abs(total - 1.0) > 1e-6:
        raise PlanError(
            f"destination shares must sum to 1, got {total:g} "
            f"({', '.join(f'{p.name} {s:g}' for p, s in out)})"
        )
    names = [p.name for p, _ in out]
    if len(set(names)) != len(names):
        raise PlanError(f"destination given twice: {', '.join(sorted(set(names)))}")
    return tuple(out)


def _as_ship(s: Ship | str, what: str) -> Ship:
    from arcticroute.vessel.ships import get_ship

    ship = get_ship(s) if isinstance(s, str) else s
    if not ship.capacity or ship.capacity_unit is None:
        raise PlanError(f"{what} {ship.name} has no cargo capacity: give capacity and unit")
    return ship


def cargo_per_voyage(ship: Ship, unit: str, load_factor: float, density: float | None) -> float:
    """Cargo one voyage carries, in ``unit`` (t, m3 or TEU).

    ``density`` (t/m3) converts between t and m3; by default
    ``plans.density_t_per_m3.<ship type>`` when the registry has one (LNG).
    """
    if ship.capacity is None:
        raise PlanError(f"{ship.name} has no cargo capacity: give capacity and unit")
    cap, cap_unit = float(ship.capacity) * load_factor, str(ship.capacity_unit)
    if cap_unit == unit:
        return cap
    if {cap_unit, unit} == {"t", "m3"}:
        if density is None:
            key = f"plans.density_t_per_m3.{ship.ship_type}"
            try:
                density = float(assumptions.value(key))
            except KeyError:
                raise PlanError(
                    f"{ship.name} carries {cap_unit} and the volume is in {unit}: give a "
                    "density (t/m3) or the volume in the ship's unit"
                ) from None
        return cap * density if unit == "t" else cap / density
    raise PlanError(f"{ship.name} carries {cap_unit}: a volume in {unit} cannot be converted")


def _hub(
    hub: str | Port | None,
    hub_ship: Ship | str | None,
    transfer_days: float | None,
    ship: Ship,
) -> Hub | None:
    if hub is None:
        return None
    try:
        port = routing.as_port(hub)
    except UnknownPortError as exc:
        raise PlanError(f"unknown hub: {exc}") from None
    days = assumptions.value("plans.transfer_days") if transfer_days is None else transfer_days
    return Hub(port, _as_ship(hub_ship or ship, "hub ship"), _positive("transfer_days", days, True))


def _corridor(name: str) -> str:
    from arcticroute.geo.passages import corridor
    from arcticroute.routing.planner import ICE_VARIANTS

    key = str(name).strip().lower().replace("-", "_")
    if key in ICE_VARIANTS or key == DIRECT:
        return key
    try:
        return corridor(key).name
    except UnknownPassageError as exc:
        raise PlanError(f"unknown corridor {name!r}: {exc}") from None


def departures(year: int, step_days: int | None = None) -> tuple[dt.date, ...]:
    """Departure days of a year: the 15th of each month, or every ``step_days`` from 1 Jan."""
    if step_days is None:
        return tuple(dt.date(year, m, 15) for m in range(1, 13))
    if int(step_days) < 1:
        raise PlanError(f"step_days must be >= 1, got {step_days}")
    first, n = dt.date(year, 1, 1), 366 if calendar.isleap(year) else 365
    return tuple(first + dt.timedelta(days=k) for k in range(0, n, int(step_days)))


# --- the ways to deliver one departure's cargo -------------------------------------------


@dataclass(frozen=True)
class _Option:
    """One way to deliver a departure's cargo to a destination (per voyage of each ship)."""

    route: str
    corridor: str
    return_corridor: str
    rt_days: float
    hub_rt_days: float
    items: Totals
    hub_items: Totals
    per_unit_usd: float
    delivery_days: float
    ice_sources: frozenset[str]
    keys: frozenset[str]


@dataclass(frozen=True)
class _Job:
    """Everything a plan's year needs besides the year (shared by the baseline)."""

    origin: Port
    destinations: tuple[tuple[Port, float], ...]
    ship: Ship
    hub: Hub | None
    volume: float
    unit: str
    cargo: float
    hub_cargo: float | None
    port_days: float
    laden_return: bool
    objective: str


def _round_trip(
    book: LegBook,
    job: _Job,
    a: Port,
    b: Port,
    ship: Ship,
    out: Leg,
    stay_days: float,
    when: dt.datetime,
) -> tuple[Leg | None, list[str]]:
    """The return of a ship that sailed ``out`` from a to b and stays ``stay_days`` at b:
    (return leg, reasons), leaving when it is free."""
    back = when + dt.timedelta(hours=out.hours) + dt.timedelta(days=stay_days)
    leg, why = book.best(b, a, ship, book.snap(back), job.laden_return, job.objective)
    return leg, why


def _charter(days: float, leg: Leg) -> dict[str, float]:
    usd = days * leg.items["daily_usd"]
    return {"charter_usd": usd, "total_usd": usd}


def _direct(
    book: LegBook, job: _Job, dest: Port, when: dt.datetime
) -> tuple[list[_Option], list[str]]:
    opts: list[_Option] = []
    why: list[str] = []
    o, ship, port = job.origin, job.ship, job.port_days
    for via in book.candidates(o, dest, ship):
        out = book.leg(o, dest, ship, when, via, True)
        if isinstance(out, str):
            why.append(f"{via}: {out}")
            continue
        ret, why_back = _round_trip(book, job, o, dest, ship, out, port, when)
        if ret is None:
            why.extend(f"return {w}" for w in why_back)
            continue
        items = Totals.zero().plus(out.items).plus(ret.items).plus(_charter(2 * port, out))
        opts.append(
            _Option(
                "direct",
                out.via,
                ret.via,
                2 * port + (out.hours + ret.hours) / 24,
                0.0,
                items,
                Totals.zero(),
                items["total_usd"] / job.cargo,
                out.hours / 24,
                frozenset({out.ice_source, ret.ice_source}),
                frozenset(out.assumptions + ret.assumptions),
            )
        )
    return opts, why


def _via_hub(
    book: LegBook, job: _Job, dest: Port, when: dt.datetime
) -> tuple[list[_Option], list[str]]:
    hub, o, hub_cargo = job.hub, job.origin, job.hub_cargo
    if hub is None or hub_cargo is None or hub.port == dest:
        return [], []
    out, why_out = book.best(o, hub.port, job.ship, when, True, job.objective)
    if out is None:
        return [], [f"to the hub {w}" for w in why_out]
    ret, why_ret = _round_trip(book, job, o, hub.port, job.ship, out, hub.transfer_days, when)
    if ret is None:
        return [], [f"back from the hub {w}" for w in why_ret]
    t_hub = when + dt.timedelta(hours=out.hours, days=hub.transfer_days)
    port, stay = job.port_days, hub.transfer_days
    first = Totals.zero().plus(out.items).plus(ret.items).plus(_charter(port + stay, out))
    opts: list[_Option] = []
    why: list[str] = []
    for via in book.candidates(hub.port, dest, hub.ship):
        on = book.leg(hub.port, dest, hub.ship, t_hub, via, True)
        if isinstance(on, str):
            why.append(f"from the hub {via}: {on}")
            continue
        back, _ = _round_trip(book, job, hub.port, dest, hub.ship, on, port, t_hub)
        if back is None:
            continue
        second = Totals.zero().plus(on.items).plus(back.items).plus(_charter(stay + port, on))
        opts.append(
            _Option(
                f"via {hub.port.name}",
                out.via,
                ret.via,
                port + stay + (out.hours + ret.hours) / 24,
                stay + port + (on.hours + back.hours) / 24,
                first,
                second,
                first["total_usd"] / job.cargo + second["total_usd"] / hub_cargo,
                (out.hours + on.hours) / 24 + stay,
                frozenset({out.ice_source, ret.ice_source, on.ice_source, back.ice_source}),
                frozenset(out.assumptions + ret.assumptions + on.assumptions + back.assumptions),
            )
        )
    return opts, why


def _choose(
    book: LegBook, job: _Job, dest: Port, when: dt.datetime
) -> tuple[_Option | None, list[str]]:
    direct, why = _direct(book, job, dest, when)
    hubbed, why_hub = _via_hub(book, job, dest, when)
    opts = direct + hubbed
    if not opts:
        return None, why + why_hub
    if job.objective == "time":
        return min(opts, key=lambda x: (x.delivery_days, x.per_unit_usd)), []
    return min(opts, key=lambda x: (x.per_unit_usd, x.delivery_days)), []


# --- a year: volumes, voyages, fleet ---------------------------------------------------


@dataclass
class _Slot:
    """One departure to one destination: the way chosen, the volume, the voyages."""

    day: dt.date
    dest: Port
    option: _Option | None
    volume: float
    voyages: int = 0
    hub_voyages: int = 0


def _volumes(job: _Job, days: Sequence[dt.date]) -> dict[tuple[int, int], float]:
    """Volume of each (departure, destination): steady production, by month, shared
    evenly by the month's departures."""
    year_days = 366 if calendar.isleap(days[0].year) else 365
    per_month: dict[int, int] = {}
    for d in days:
        per_month[d.month] = per_month.get(d.month, 0) + 1
    out = {}
    for k, d in enumerate(days):
        month_vol = job.volume * calendar.monthrange(d.year, d.month)[1] / year_days
        share = month_vol / per_month[d.month]
        for j, (_, s) in enumerate(job.destinations):
            out[k, j] = s * share
    # months without a departure (step_days over 28): the others carry their volume
    scale = job.volume / sum(out.values())
    return {key: v * scale for key, v in out.items()}


def _whole_voyages(slots: list[_Slot], cargo: float, hub: bool = False) -> None:
    """Whole voyages per slot: the running total is the running volume / cargo, rounded up."""
    run, done = 0.0, 0
    for s in slots:
        if hub and (s.option is None or not s.option.route.startswith("via ")):
            continue
        run += s.volume
        n = math.ceil(run / cargo - 1e-9)
        if hub:
            s.hub_voyages = n - done
        else:
            s.voyages = n - done
        done = n


def _slots(book: LegBook, job: _Job, days: Sequence[dt.date]) -> tuple[list[_Slot], list[str]]:
    vol = _volumes(job, days)
    slots, notes = [], []
    for j, (dest, _) in enumerate(job.destinations):
        mine, reasons = [], []
        for k, d in enumerate(days):
            opt, why = _choose(book, job, dest, dt.datetime.combine(d, dt.time()))
            reasons.extend(why)
            mine.append(_Slot(d, dest, opt, vol[k, j]))
        ok = [s for s in mine if s.option is not None]
        if not ok:
            first = "; ".join(dict.fromkeys(reasons)) or "no corridor joins the ports"
            raise PlanError(
                f"{job.ship.name} cannot carry cargo from {job.origin.name} to {dest.name} "
                f"in any month of {days[0].year} through {', '.join(book.corridors)}: {first}"
            )
        lost = sum(s.volume for s in mine if s.option is None)
        if lost > 0:
            months = sorted({s.day.month for s in mine if s.option is None})
            notes.append(
                f"{dest.name}: no feasible voyage in month(s) {', '.join(map(str, months))}; "
                "their volume is moved by the other departures (storage at the origin)"
            )
            total_ok = sum(s.volume for s in ok)
            for s in ok:
                s.volume += lost * s.volume / total_ok
            for s in mine:
                if s.option is None:
                    s.volume = 0.0
        _whole_voyages(ok, job.cargo)
        if job.hub is not None and job.hub_cargo is not None:
            _whole_voyages(ok, job.hub_cargo, hub=True)
        slots.extend(mine)
    return slots, notes


def _top(weights: dict[str, float]) -> str:
    return max(weights, key=lambda k: weights[k]) if weights else ""


def _month_row(month: int, dest: Port, slots: list[_Slot]) -> MonthRow:
    route: dict[str, float] = {}
    cor: dict[str, float] = {}
    back: dict[str, float] = {}
    totals, vol, rt_w = Totals.zero(), 0.0, 0.0
    voyages = hub_voyages = 0
    ship_days = hub_days = 0.0
    for s in slots:
        o = s.option
        if o is None:  # no voyage that month (the caller passes those with one)
            continue
        for d, k in ((route, o.route), (cor, o.corridor), (back, o.return_corridor)):
            d[k] = d.get(k, 0.0) + s.volume
        vol += s.volume
        rt_w += s.volume * o.rt_days
        voyages += s.voyages
        hub_voyages += s.hub_voyages
        ship_days += s.voyages * o.rt_days
        hub_days += s.hub_voyages * o.hub_rt_days
        totals = totals.plus(o.items, s.voyages).plus(o.hub_items, s.hub_voyages)
    return MonthRow(
        month,
        dest.name,
        _top(route),
        _top(cor),
        _top(back),
        rt_w / vol if vol else 0.0,
        voyages,
        vol,
        ship_days,
        hub_voyages,
        hub_days,
        totals,
    )


def _fleet(ship_days: float, peak: dict[int, float], year: int) -> tuple[int, int]:
    per_year = _positive("plans.ship_days_per_year", assumptions.value("plans.ship_days_per_year"))
    fleet = math.ceil(ship_days / per_year - 1e-9)
    top = max(
        (d / calendar.monthrange(year, m)[1] * 365.0 / per_year for m, d in peak.items()),
        default=0.0,
    )
    return fleet, math.ceil(top - 1e-9)


def _ice_source(slots: list[_Slot]) -> str:
    seen = set().union(*(s.option.ice_sources for s in slots if s.option is not None)) - {""}
    return "+".join(sorted(seen))


def _grid(year: int, step_days: int | None) -> tuple[dt.datetime, ...]:
    """Departure days of the year and of the first quarter after it, at 00:00."""
    if step_days is None:
        days = departures(year) + departures(year + 1)[:3]
    else:
        first, step = dt.date(year, 1, 1), int(step_days)
        n = (dt.date(year + 1, 4, 1) - first).days
        days = tuple(first + dt.timedelta(days=k) for k in range(0, n, step))
    return tuple(dt.datetime.combine(d, dt.time()) for d in days)


def _build(book: LegBook, job: _Job, year: int, step_days: int | None) -> Plan:
    days = departures(year, step_days)
    book.grid = _grid(year, step_days)
    slots, notes = _slots(book, job, days)
    rows: list[MonthRow] = []
    peak: dict[int, float] = {}
    peak_hub: dict[int, float] = {}
    for m in range(1, 13):
        for dest, _ in job.destinations:
            mine = [
                s
                for s in slots
                if s.day.month == m and s.dest == dest and s.option is not None and s.volume > 0
            ]
            if mine:
                r = _month_row(m, dest, mine)
                rows.append(r)
                peak[m] = peak.get(m, 0.0) + r.ship_days
                peak_hub[m] = peak_hub.get(m, 0.0) + r.hub_ship_days
    fleet, top = _fleet(sum(r.ship_days for r in rows), peak, year)
    hub_fleet, _ = _fleet(sum(r.hub_ship_days for r in rows), peak_hub, year)
    annual = Totals.zero()
    for r in rows:
        annual = annual.plus(r.totals)
    keys = set().union(*(s.option.keys for s in slots if s.option is not None))
    return Plan(
        origin=job.origin,
        destinations=job.destinations,
        ship=job.ship,
        hub=job.hub,
        year=year,
        volume=job.volume,
        unit=job.unit,
        cargo_per_voyage=job.cargo,
        hub_cargo_per_voyage=job.hub_cargo,
        objective=job.objective,
        months=tuple(rows),
        fleet_size=fleet,
        peak_fleet=top,
        hub_fleet_size=hub_fleet,
        annual=annual,
        baseline=None,
        baseline_corridor="",
        ice_source=_ice_source(slots),
        notes=tuple(notes),
        assumptions=tuple(sorted(keys)),
    )


def _default(
    key: str, given: float | None, name: str, zero_ok: bool = False
) -> tuple[float, list[str]]:
    if given is not None:
        return _positive(name, given, zero_ok), []
    return _positive(key, assumptions.value(key), zero_ok), [key]


def plan(
    origin: str | Port,
    destinations: Any,
    volume: float,
    ship: Ship | str,
    year: int,
    *,
    unit: str = "t",
    hub: str | Port | None = None,
    hub_ship: Ship | str | None = None,
    transfer_days: float | None = None,
    port_days: float | None = None,
    load_factor: float | None = None,
    density_t_per_m3: float | None = None,
    laden_return: bool = False,
    corridors: Sequence[str] = DEFAULT_CORRIDORS,
    objective: str = "cost",
    baseline: str | None = "suez",
    step_days: int | None = None,
    corridor_months: Mapping[str, Sequence[int]] | None = None,
    ice: routing.IceOptions | None = None,
) -> Plan:
    """An annual cargo plan: the way chosen each month, the fleet, the year's costs and CO2.

    Parameters
    ----------
    origin : str or Port
        Loading port (name, UN/LOCODE, ``"lat,lon"`` or Port).
    destinations : str, Port, mapping or sequence
        ``{"Tianjin": 0.6, "Zeebrugge": 0.4}``, a sequence of (port, share), or ports
        (equal shares). Shares must sum to 1.
    volume : float
        Yearly volume, in ``unit``.
    ship : Ship or str
        The ship (preset or Ship); needs a capacity.
    year : int
        The year sailed (its ice: observed where ``ice.source`` has it, else the
        climatology).
    unit : {"t", "m3", "TEU"}
    hub, hub_ship, transfer_days : optional
        A transshipment hub, the ship that carries on from it (default: the same
        ship type) and the days each ship spends there per transfer (default
        ``plans.transfer_days``). Each departure then goes direct or via the hub,
        whichever the objective prefers.
    port_days : float, optional
        Days at each end of a voyage (default ``plans.port_days``).
    load_factor : float, optional
        Cargo per voyage as a share of capacity (default ``plans.load_factor``).
    density_t_per_m3 : float, optional
        To convert t and m3 (default ``plans.density_t_per_m3.<ship type>``).
    laden_return : bool
        The ship returns laden (backhaul; full Suez rate); default ballast.
    corridors : sequence of str
        Corridors weighed (the direct route is added for pairs none of them joins).
    objective : {"cost", "time"}
        Cheapest delivery per unit, or fastest delivery.
    baseline : str or None
        Corridor of the comparison plan (``suez``, ``cape``...; None: none).
    step_days : int, optional
        A departure every ``step_days`` days from 1 January (default: the 15th of
        each month).
    corridor_months : mapping, optional
        ``{"nsr": (7, 12)}``: a corridor only for legs leaving in these months (first,
        last; a window may wrap round the new year). A planning rule of the user's,
        e.g. a published season.
    ice : IceOptions, optional
        Ice source and statistic (the heavy-ice sub-verdict is not used).

    Returns
    -------
    Plan

    Raises
    ------
    PlanError
        See the module docstring. Unknown ports and ships raise the errors of
        :mod:`arcticroute.geo.ports` and :mod:`arcticroute.vessel.ships`.
    """
    job, book, keys = _job(
        origin, destinations, volume, ship, unit, hub, hub_ship, transfer_days, port_days,
        load_factor, density_t_per_m3, laden_return, corridors, objective, ice,
    )  # fmt: skip
    book.months = _months_rule(corridor_months)
    out = _build(book, job, int(year), step_days)
    base = None
    if baseline is not None:
        # every leg through the baseline's corridor where it joins the ports, direct elsewhere
        base_book = replace(book, corridors=(_corridor(baseline),), direct_if_none=True)
        base_book._legs = book._legs  # the same legs: route each once
        base = _build(base_book, replace(job, hub=None), int(year), step_days)
    notes = (
        *out.notes,
        "main engine only: auxiliary engines, boil-off, port dues and canal waiting not "
        "included; the ship's daily cost is counted for its days at sea and in port",
    )
    return replace(
        out,
        baseline=base,
        baseline_corridor=baseline or "",
        notes=notes,
        assumptions=tuple(sorted(set(out.assumptions) | set(keys))),
    )


def _months_rule(rule: Mapping[str, Sequence[int]] | None) -> tuple[tuple[str, int, int], ...]:
    out = []
    for name, window in (rule or {}).items():
        try:
            first, last = (int(m) for m in window)
        except (TypeError, ValueError):
            raise PlanError(
                f"corridor_months for {name!r} must be (first month, last month), got {window!r}"
            ) from None
        if not (1 <= first <= 12 and 1 <= last <= 12):
            raise PlanError(f"corridor_months for {name!r}: months are 1-12, got {window!r}")
        out.append((_corridor(name), first, last))
    return tuple(out)


def check_plan(
    origin: str | Port, destinations: Any, volume: float, ship: Ship | str, **options: Any
) -> None:
    """Check a plan's inputs as :func:`plan` does, without routing (raises the same errors)."""
    keys = ("unit", "hub", "hub_ship", "transfer_days", "port_days", "load_factor",
            "density_t_per_m3", "laden_return", "corridors", "objective", "ice")  # fmt: skip
    unknown = set(options) - set(keys) - {"year", "baseline", "step_days", "corridor_months"}
    if unknown:
        raise PlanError(f"unknown plan option(s): {', '.join(sorted(unknown))}")
    defaults = {"unit": "t", "laden_return": False, "corridors": DEFAULT_CORRIDORS,
                "objective": "cost"}  # fmt: skip
    args = [options.get(k, defaults.get(k)) for k in keys]
    _job(origin, destinations, volume, ship, *args)
    if options.get("step_days") is not None:
        departures(2000, options["step_days"])
    if options.get("baseline") is not None:
        _corridor(options["baseline"])
    _months_rule(options.get("corridor_months"))


def _job(
    origin: str | Port,
    destinations: Any,
    volume: float,
    ship: Ship | str,
    unit: str,
    hub: str | Port | None,
    hub_ship: Ship | str | None,
    transfer_days: float | None,
    port_days: float | None,
    load_factor: float | None,
    density: float | None,
    laden_return: bool,
    corridors: Sequence[str],
    objective: str,
    ice: Any,
) -> tuple[_Job, LegBook, list[str]]:
    if unit not in UNITS:
        raise PlanError(f"unknown unit {unit!r}: use one of {', '.join(UNITS)}")
    if objective not in OBJECTIVES:
        raise PlanError(f"unknown objective {objective!r}: use {' or '.join(OBJECTIVES)}")
    vol = _positive("volume", volume)
    try:
        o = routing.as_port(origin)
    except UnknownPortError as exc:
        raise UnknownPortError(f"origin: {exc}", exc.suggestions) from None
    dests = _destinations(destinations)
    s = _as_ship(ship, "ship")
    lf, keys = _default("plans.load_factor", load_factor, "load_factor")
    if lf > 1:
        raise PlanError(f"load_factor must be in (0, 1], got {lf:g}")
    pd_, k2 = _default("plans.port_days", port_days, "port_days", zero_ok=True)
    h = _hub(hub, hub_ship, transfer_days, s)
    if transfer_days is None and h is not None:
        keys.append("plans.transfer_days")
    if density is not None:
        _positive("density_t_per_m3", density)
    vias = tuple(dict.fromkeys(_corridor(c) for c in corridors))
    if not vias:
        raise PlanError("no corridor given; e.g. nsr,suez,cape")
    job = _Job(
        o, dests, s, h, vol, unit, cargo_per_voyage(s, unit, lf, density),
        cargo_per_voyage(h.ship, unit, lf, density) if h else None,
        pd_, bool(laden_return), objective,
    )  # fmt: skip
    opts = ice or routing.IceOptions()
    book = LegBook(replace(opts, heavy_ice=False), vias)
    return job, book, [*keys, *k2, "plans.ship_days_per_year"]
