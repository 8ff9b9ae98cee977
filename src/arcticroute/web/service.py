"""What the web API computes: the CLI's route/compare JSON, a season scan, a custom ship.

Plain synchronous functions over the public API, run by :mod:`.app` in its
thread pool. :func:`voyage_doc` mirrors ``arcticroute route|compare --format
json`` (``cli._run``) step for step, so the API answers with the CLI's JSON
(schema 1.2), plus one additive key per route, ``escort_geometry``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from arcticroute.errors import NoRouteError

__all__ = [
    "EXPORT_FORMATS",
    "VoyageQuery",
    "custom_ship",
    "observed_grid_local",
    "season_doc",
    "season_inputs",
    "voyage_doc",
    "voyage_export",
]


@dataclass(frozen=True)
class VoyageQuery:
    """One route or comparison request, normalized (hashable: the cache key).

    Attributes
    ----------
    kind : {"route", "compare"}
    origin, destination : str
        Port name, UN/LOCODE, local name or ``"lat,lon"`` (whitespace stripped).
    via : str or None
        Corridor of a route.
    ship : str
        Preset slug.
    ship_changes : tuple of (field, value)
        Custom particulars replacing the preset's (``ice_class``,
        ``design_speed_kn``, ``draft_m``), sorted by field.
    speed_kn : float or None
        Voyage speed, kn (default the ship's design speed).
    date : datetime.date or None
        Departure; a comparison without one uses today (as the CLI does).
    ice : bool
        Route the Arctic corridors through the ice of the date.
    ice_stat, ice_source, polaris : str
    climatology : bool
    economics : bool
    trip : str
    load_factor : float
    hfo_policy : str
    bunker_usd_per_t, ets_eur_per_t : float or None
        The ship's fuel price, USD/t, and the EU allowance price, EUR/t CO2e
        (default: the registry's).
    odds : bool
        For each NSR/NWP verdict judged on a climatology, how often the voyage was
        feasible on the observed ice of 2008–2017 (``--odds``).
    """

    kind: str
    origin: str
    destination: str
    via: str | None
    ship: str
    ship_changes: tuple[tuple[str, Any], ...]
    speed_kn: float | None
    date: dt.date | None
    ice: bool = True
    ice_stat: str = "median"
    ice_source: str = "auto"
    polaris: str = "normal_only"
    climatology: bool = True
    economics: bool = True
    trip: str = "one_way"
    load_factor: float = 1.0
    hfo_policy: str = "switch"
    bunker_usd_per_t: float | None = None
    ets_eur_per_t: float | None = None
    odds: bool = False


def custom_ship(preset: str, changes: dict[str, Any] | None = None):
    """A preset, or a user ship based on it with some particulars replaced.

    As ``base = "<preset>"`` in a ship file (:func:`arcticroute.vessel.ships.load_ship`):
    the changed fields' assumption keys are dropped, a new ice class re-derives
    the Polar Code category, and the ship is no longer a preset (``slug`` None,
    its name says what changed).

    Raises
    ------
    UnknownShipError, ShipValidationError
    """
    from arcticroute.vessel.iceclass import polar_code_category_assumptions
    from arcticroute.vessel.ships import Ship, get_ship

    base = get_ship(preset)
    if not changes:
        return base
    data = base.model_dump()
    dropped = {f"ship.{data['slug']}.{name}" for name in changes}
    if "ice_class" in changes:
        data.pop("polar_code_category")
        dropped |= set(polar_code_category_assumptions(data["ice_class"]))
    data["assumptions"] = tuple(k for k in data["assumptions"] if k not in dropped)
    data["slug"] = None
    what = ", ".join(f"{k} {getattr(v, 'value', v)}" for k, v in sorted(changes.items()))
    data["name"] = f"{base.name}, modified: {what}"
    return Ship(**{**data, **changes})


def _ice_options(q: VoyageQuery):
    from arcticroute.routing.planner import IceOptions

    return IceOptions(
        source=q.ice_source, stat=q.ice_stat, policy=q.polaris, climatology=q.climatology
    )


def voyage_doc(q: VoyageQuery) -> dict[str, Any]:
    """The CLI's JSON for a route or comparison, plus ``escort_geometry`` per route.

    Raises
    ------
    ArcticRouteError
        Unknown port or ship, bad ship particulars, position on land, no ice
        data, economics options...; :class:`~arcticroute.errors.NoRouteError` when
        no corridor connects the ports and no Arctic verdict explains why.
    """
    from arcticroute.analysis import report
    from arcticroute.web.layers import escort_geometry

    cmp, ship, economics, options = _voyage_parts(q)
    odds = _odds(q, cmp, ship) if q.odds else None
    doc = report.comparison_to_dict(
        cmp, ship, kind=q.kind, economics=economics, options=options, odds=odds
    )
    for rd, r in zip(doc["routes"], cmp.routes, strict=True):
        rd["escort_geometry"] = escort_geometry(r)
    return doc


def _odds(q: VoyageQuery, cmp, ship) -> dict:
    """The CLI's ``--odds`` (:func:`arcticroute.analysis.odds.comparison_odds`)."""
    from arcticroute.analysis.odds import comparison_odds
    from arcticroute.routing.planner import ice_ship

    if not q.ice:
        return {}
    return comparison_odds(cmp, q.kind, ice_ship(ship, q.speed_kn), q.polaris)


EXPORT_FORMATS = ("csv", "geojson")
"""Formats of :func:`voyage_export`: those of ``arcticroute compare --format``."""


def voyage_export(q: VoyageQuery, fmt: str) -> str:
    """A route or comparison as the CLI writes it with ``--format csv|geojson``.

    The text of :func:`arcticroute.analysis.report.comparison_to_csv` or
    :func:`~arcticroute.analysis.report.comparison_to_geojson` (serialized with
    :func:`~arcticroute.analysis.report.to_json`), for the same inputs as
    :func:`voyage_doc`.

    Raises
    ------
    ValueError
        ``fmt`` not one of :data:`EXPORT_FORMATS`; and as :func:`voyage_doc`.
    """
    from arcticroute.analysis import report

    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"format must be one of {', '.join(EXPORT_FORMATS)}, got {fmt!r}")
    cmp, ship, economics, options = _voyage_parts(q)
    if fmt == "csv":
        return report.comparison_to_csv(cmp, ship, economics=economics, options=options)
    doc = report.comparison_to_geojson(cmp, ship, economics=economics, options=options)
    return report.to_json(doc)


def _voyage_parts(q: VoyageQuery):
    """The comparison, ship, economics and economics options of a query."""
    from arcticroute import routing

    ship = custom_ship(q.ship, dict(q.ship_changes))
    ice_on = q.ice  # route and compare: the ice of the date, today by default (as the CLI)
    day = (q.date or dt.date.today()) if ice_on else None
    ice_opt = _ice_options(q) if ice_on else None
    if q.kind == "route":
        cmp = routing.route_comparison(
            q.origin,
            q.destination,
            via=q.via or "auto",
            ship=ship,
            speed_kn=q.speed_kn,
            date=day,
            ice=ice_opt,
        )
    else:
        cmp = routing.compare(
            q.origin, q.destination, ship=ship, speed_kn=q.speed_kn, date=day, ice=ice_opt
        )
    if not cmp.routes and not cmp.verdicts:
        raise NoRouteError(
            f"no corridor connects {cmp.origin.name} and {cmp.destination.name}: "
            + "; ".join(cmp.unavailable.values())
        )
    economics = options = None
    if q.economics and cmp.routes:
        from arcticroute.assumptions import overridden
        from arcticroute.economics.costs import (
            EconomicsOptions,
            compare_economics,
            price_overrides,
        )

        options = EconomicsOptions(
            date=q.date or dt.date.today(),
            trip=q.trip,
            load_factor=q.load_factor,
            hfo_policy=q.hfo_policy,
        )
        # as the CLI's --bunker-usd-per-t / --ets-eur-per-t; the override holds in
        # this solve's thread only
        with overridden(price_overrides(ship, q.bunker_usd_per_t, q.ets_eur_per_t)):
            economics = compare_economics(cmp.routes, ship, options)
    return cmp, ship, economics, options


def _num(x: float, nd: int = 2) -> float | None:
    return None if x is None or not math.isfinite(x) else round(float(x), nd)


def _season_from_module(
    o, d, ship, year: int, variant: str, on_departure=None
) -> dict[str, Any] | None:
    """:func:`arcticroute.analysis.seasons.season` on the observed grids, where it applies."""
    from arcticroute.analysis import seasons

    first, last = seasons.GRID_MONTHLY_YEARS
    if not first <= year <= last or not observed_grid_local(year):
        return None  # no grid year, or its observed field is not local: the climatology
    s = seasons.season(
        year, ship, route=(o, d), variant=variant, basis="grid", on_departure=on_departure
    )
    if all(r.feasible is None for r in s.per_date):
        return None
    method = (
        "arcticroute.analysis.seasons.season on the observed monthly CDR grids (G02202 v3), "
        f"departures every {s.step_days} days"
    )
    return _season_body(s, s.basis, method, "observed")


def observed_grid_local(year: int) -> bool:
    """Whether the observed monthly grid (G02202) of mid-``year`` is on this machine.

    :func:`arcticroute.analysis.seasons.season` refuses a grid year whose observed
    fields are not local; asking :func:`arcticroute.ice.icedata.ice_for` for the
    observed field alone (no climatology, never a download) tells it up front.
    """
    from arcticroute.errors import ArcticRouteError
    from arcticroute.ice.icedata import ice_for

    try:
        ds = ice_for(dt.date(year, 7, 1), source="g02202", allow_climatology=False)
    except ArcticRouteError:
        return False
    return ds.attrs.get("ice_source") == "observed"


def _season_scan(
    o, d, ship, year: int, variant: str, stat: str, on_departure=None
) -> dict[str, Any]:
    """The season judged on the climatology ``compare`` uses for a date without observed
    ice (:func:`arcticroute.analysis.seasons.climatology_season`)."""
    from arcticroute.analysis import seasons

    s = seasons.climatology_season(
        year, ship, route=(o, d), variant=variant, stat=stat, on_departure=on_departure
    )
    method = (
        "arcticroute.analysis.seasons.climatology_season: departures every "
        f"{s.step_days} days judged on the shipped monthly climatology "
        f"({icedata_years()}, statistic {stat})"
    )
    return _season_body(s, f"scan-climatology ({stat})", method, "climatology")


def _season_body(s, basis: str, method: str, ice_source: str) -> dict[str, Any]:
    """A :class:`~arcticroute.analysis.seasons.Season` as the ``/api/season`` body."""
    rows = [
        {
            "departure": r.departure.isoformat(),
            "feasible": r.feasible,
            "transit_days": _num(r.transit_days),
            "ice_days": _num(r.ice_days),
            "reason": r.reason,
            "ice_source": ice_source if r.feasible is not None else None,
        }
        for r in s.per_date
    ]
    return {
        "basis": basis,
        "method": f"{method}, changes of verdict located to {s.resolution_days} day",
        "first_day": None if s.first_day is None else s.first_day.isoformat(),
        "last_day": None if s.last_day is None else s.last_day.isoformat(),
        "length_days": s.length_days,
        "resolution_days": s.resolution_days,
        "rows": rows,
        "notes": list(s.notes),
    }


def icedata_years() -> str:
    """The years of the shipped climatology, as text."""
    from arcticroute.ice.icedata import EMBEDDED_YEARS

    return f"{EMBEDDED_YEARS[0]}–{EMBEDDED_YEARS[-1]}"


def season_doc(
    origin: str,
    destination: str,
    ship_preset: str,
    ship_changes: tuple[tuple[str, Any], ...],
    year: int,
    variant: str = "nsr",
    stat: str = "median",
    on_departure: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Navigation season of a route in one year: feasibility and transit days by departure.

    For 1989–2017, where :mod:`arcticroute.analysis.seasons` judges departures on the
    observed grids, its :func:`~arcticroute.analysis.seasons.season`; for any other year
    (or a grid year whose observed fields are not local) its
    :func:`~arcticroute.analysis.seasons.climatology_season`, on the ice ``/api/compare``
    uses for a date without an observed field. Both scan at the registry's
    ``seasons.step_days`` and locate changes of verdict to the day; ``basis`` and
    ``method`` say which. ``on_departure`` reports the scan's progress
    (:data:`arcticroute.analysis.seasons.DepartureProgress`).

    Raises
    ------
    ArcticRouteError
        Unknown port or ship, bad particulars, bad variant or year.
    """
    from arcticroute.analysis.report import port_to_dict, ship_to_dict

    o, d, ship = season_inputs(origin, destination, ship_preset, ship_changes)
    body = _season_from_module(o, d, ship, year, variant, on_departure)
    if body is None:
        body = _season_scan(o, d, ship, year, variant, stat, on_departure)
        if 1989 <= year <= 2017 and "observed" not in body["basis"]:
            body["notes"].append(
                f"the observed grids of {year} are not local (set ARCTICROUTE_DATA_DIR): "
                "departures judged on the climatology instead"
            )
    return {
        "year": year,
        "variant": variant,
        "from": port_to_dict(o),
        "to": port_to_dict(d),
        "ship": ship_to_dict(ship),
        **body,
    }


def season_inputs(
    origin: str, destination: str, ship_preset: str, ship_changes: tuple[tuple[str, Any], ...]
):
    """The ports and ship of a season query (quick: a look-up, no scan).

    Raises
    ------
    ArcticRouteError
        Unknown port or ship, bad particulars.
    """
    from arcticroute.routing.lanes import as_port

    ship = custom_ship(ship_preset, dict(ship_changes))
    return as_port(origin), as_port(destination), ship
