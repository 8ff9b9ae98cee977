"""The legs of a cargo plan: routes on a day through a corridor, and what each costs.

A :class:`LegBook` routes the sailings of a plan (:mod:`arcticroute.analysis.plan`)
with :func:`arcticroute.routing.planner.route` on the day and hour each leaves, and
prices them with :func:`arcticroute.economics.costs.voyage_economics`: a laden leg
as a one-way trip, a ballast leg as the difference between a ballast-return and a
one-way trip of the same route (so the ballast Suez rate applies). Every leg is
kept, so the baseline plan and the return legs reuse the routes already found.

Which corridors a pair is routed through: those of the plan's list that join the
two ports on the open-water lanes, and the direct route (``auto``) when it is not
one of them (e.g. Sabetta to Zeebrugge, which no canal or Arctic passage joins).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from arcticroute import assumptions, routing
from arcticroute.errors import ArcticRouteError, NoRouteError
from arcticroute.geo.ports import Port
from arcticroute.vessel.ships import Ship

__all__ = ["DIRECT", "Leg", "LegBook", "cost_day"]

DIRECT = "auto"


@dataclass(frozen=True)
class Leg:
    """One sailing of one ship.

    Attributes
    ----------
    via : str
        Corridor.
    hours : float
        Door-to-door steaming hours (through the ice of the days sailed).
    passages : tuple of str
    ice_source : str
        ``observed``, ``climatology``... or empty for a leg that never met the mesh.
    items : dict
        ``fuel_t``, ``co2_t``, ``co2e_t`` (t), the cost items of
        :data:`arcticroute.economics.costs.COST_KEYS` and ``total_usd`` (USD),
        ``sea_days`` and ``daily_usd`` (the ship's cost per day).
    assumptions : tuple of str
        Registry keys of the named assumptions behind the costs.
    """

    via: str
    hours: float
    passages: tuple[str, ...]
    ice_source: str
    items: dict[str, float] = field(repr=False)
    assumptions: tuple[str, ...] = ()


def cost_day(day: dt.date) -> dt.date:
    """The day whose prices cost a leg sailed on ``day``: the same day in
    ``seasons.cost_year`` for earlier years (observed ice of past years is costed at
    today's prices, tariffs and rules, as the season scan does), else ``day``."""
    year = int(assumptions.value("seasons.cost_year"))
    if day.year >= year:
        return day
    return dt.date(year, day.month, min(day.day, 28 if day.month == 2 else day.day))


def _items(ve) -> dict[str, float]:
    out = {k: float(v) for k, v in ve.costs.items()}
    out.update(
        fuel_t=float(sum(ve.fuel_t.values())),
        co2_t=float(ve.co2_t),
        co2e_t=float(ve.co2e_t),
        sea_days=float(ve.days),
    )
    return out


def _economics(route, ship: Ship, day: dt.date, laden: bool) -> tuple[dict, tuple]:
    from arcticroute.economics.costs import EconomicsOptions, voyage_economics

    one = voyage_economics(route, ship, EconomicsOptions(date=day))
    items = _items(one)
    if not laden and items["canal_toll_usd"] > 0:
        # the same leg in ballast: only the canal toll changes (the ballast rates)
        from arcticroute.economics.costs import canal_toll_usd

        toll = canal_toll_usd(route.passages, ship, day, laden=False)
        items["total_usd"] += toll - items["canal_toll_usd"]
        items["canal_toll_usd"] = toll
    days = one.days
    items["daily_usd"] = one.costs["charter_usd"] / days if days > 0 else 0.0
    return items, one.assumptions


@dataclass
class LegBook:
    """Routes and prices the legs of a plan, each once.

    Parameters
    ----------
    ice : IceOptions
        How the ice is judged (the heavy-ice sub-verdict is not needed).
    corridors : tuple of str
        Corridors the plan weighs.
    grid : tuple of datetime
        Departures a return leg is moved to (the nearest), so returns share routes.
    months : tuple of (corridor, first month, last month)
        Corridors a leg may take only when it leaves in these months (a window may
        wrap round the new year, e.g. 11-2).
    direct_if_none : bool
        The direct route only for a pair no corridor joins (a baseline: an all-Suez
        plan sails Suez wherever Suez joins the ports, direct elsewhere); False: also
        wherever it differs from every corridor.
    """

    ice: Any
    corridors: tuple[str, ...]
    grid: tuple[dt.datetime, ...] = ()
    months: tuple[tuple[str, int, int], ...] = ()
    direct_if_none: bool = False
    _legs: dict = field(default_factory=dict, repr=False)
    _pairs: dict = field(default_factory=dict, repr=False)

    def candidates(self, a: Port, b: Port, ship: Ship) -> tuple[str, ...]:
        """Corridors routed for a pair: those that join it on the lanes, and the direct
        route when it differs from all of them (with ``direct_if_none``: when none joins
        the pair)."""
        key = (a, b, ship.slug or ship.name, self.corridors, self.direct_if_none)
        if key not in self._pairs:
            nm = {}
            for via in (DIRECT, *self.corridors):
                try:
                    nm[via] = routing.route(a, b, via=via, ship=ship).distance_nm
                except NoRouteError:
                    continue
            named = [v for v in self.corridors if v in nm]
            direct = nm.get(DIRECT)
            if direct is not None and (
                not named if self.direct_if_none else all(abs(nm[v] - direct) > 1.0 for v in named)
            ):
                named.append(DIRECT)
            self._pairs[key] = tuple(named)
        return self._pairs[key]

    def snap(self, when: dt.datetime) -> dt.datetime:
        """The departure of the grid nearest to ``when`` (``when`` without a grid)."""
        if not self.grid:
            return when
        return min(self.grid, key=lambda g: abs((g - when).total_seconds()))

    def closed(self, via: str, when: dt.datetime) -> str | None:
        """Why ``via`` may not be taken on a leg leaving at ``when`` (None: it may)."""
        for name, first, last in self.months:
            if name != via:
                continue
            m = when.month
            inside = first <= m <= last if first <= last else (m >= first or m <= last)
            if not inside:
                return f"allowed only in months {first}-{last} (corridor_months)"
        return None

    def leg(self, a: Port, b: Port, ship: Ship, when: dt.datetime, via: str, laden: bool):
        """The :class:`Leg`, or why there is none (a string)."""
        shut = self.closed(via, when)
        if shut is not None:
            return shut
        key = (a, b, ship.slug or ship.name, when, via, laden)
        if key not in self._legs:
            self._legs[key] = self._route(a, b, ship, when, via, laden)
        return self._legs[key]

    def _route(self, a, b, ship, when, via, laden):
        try:
            r = routing.route(a, b, via=via, ship=ship, date=when, ice=self.ice)
        except NoRouteError as exc:
            v = getattr(exc, "verdict", None)
            return "; ".join(v.reasons) if v is not None and v.reasons else str(exc)
        try:
            items, keys = _economics(r, ship, cost_day(when.date()), laden)
        except ArcticRouteError as exc:
            return f"cannot cost the {via} leg: {exc}"
        src = r.ice.ice_source if r.ice is not None else ""
        return Leg(r.via, float(r.duration_h), tuple(r.passages), src, items, tuple(keys))

    def best(
        self, a: Port, b: Port, ship: Ship, when: dt.datetime, laden: bool, objective: str
    ) -> tuple[Leg | None, list[str]]:
        """The best leg of the pair on a day (cheapest, or fastest) and the reasons of
        the corridors that had none."""
        legs: list[Leg] = []
        why: list[str] = []
        for via in self.candidates(a, b, ship):
            x = self.leg(a, b, ship, when, via, laden)
            if isinstance(x, Leg):
                legs.append(x)
            else:
                why.append(f"{via}: {x}")
        if not legs:
            return None, why
        key = (lambda x: x.hours) if objective == "time" else (lambda x: x.items["total_usd"])
        return min(legs, key=key), why
