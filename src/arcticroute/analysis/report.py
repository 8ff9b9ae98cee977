"""Routes and comparisons as JSON, GeoJSON and CSV (schema version 1).

The JSON layout is a stable, versioned contract for other tools and for the
later parts of arcticroute; its JSON Schema ships as
``data/schema/arcticroute-v1.schema.json`` and tests validate every output
against it. Additive changes keep ``schema_version`` "1.x"; removing or
renaming a key bumps the major version.

Envelope (both ``route`` and ``compare``)::

    {"schema_version": "1.6", "kind": "route" | "compare",
     "generator": "arcticroute 0.1.0",
     "from": PORT, "to": PORT, "ship": SHIP | null, "speed_kn": float,
     "routes": [ROUTE, ...], "unavailable": {via: reason},
     "verdicts": {via: VERDICT},
     "corridors": [{"via", "status", "reason"}, ...]}

An ice-aware ROUTE (a departure date was given) carries ``date``,
``ice_source`` ({kind: observed|climatology, product, statistic}),
``feasible``, ``reasons``, ``zones`` (per NSR zone: distance, hours,
concentration, minimum RIO, type of ice conditions, admission, escort) and the
full VERDICT under ``ice``; for an ice-free lane route these are null/empty.
``verdicts`` holds the VERDICT of every route on a date that entered the Arctic
mesh, feasible or not. ``corridors`` lists every corridor looked at, the direct
route (``via`` "auto") first, with its status: ``route``, ``infeasible`` (ice or
rules refuse it), ``not_applicable`` (it does not join the ports) or
``not_considered`` (much longer than the direct route). A closed variant's VERDICT
can carry its next feasible departure (``next_feasible_departure``,
``season_window``), and a climatology VERDICT its ``odds`` when asked.

The pieces without economics live in :mod:`arcticroute.routing.serialize` (what
``Route.to_dict()`` and ``Comparison.to_dict()`` use); this module adds the
economics, the outlooks, the odds and the CSV.

Geometries are GeoJSON (RFC 7946) in lon/lat, densified along the geodesic
to at most 50 km between vertices, and a MultiLineString split at the
antimeridian when the route crosses it.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from arcticroute.economics.costs import COST_KEYS
from arcticroute.routing.legs import Comparison
from arcticroute.routing.serialize import (
    SCHEMA_VERSION,
    envelope,
    geojson,
    geometry,
    leg_to_dict,
    port_to_dict,
    rounded,
    route_to_dict,
    ship_to_dict,
    to_json,
    verdict_to_dict,
    zone_to_dict,
)

__all__ = [
    "CSV_COLUMNS",
    "SCHEMA_VERSION",
    "comparison_to_csv",
    "comparison_to_dict",
    "comparison_to_geojson",
    "geometry",
    "leg_to_dict",
    "port_to_dict",
    "route_to_dict",
    "ship_to_dict",
    "to_json",
    "verdict_to_dict",
    "zone_to_dict",
]


def economics_to_dict(e, suez=None, ship=None, options=None) -> dict[str, Any]:
    """A route's ``economics`` block (schema v1.1)."""
    from arcticroute.economics.costs import break_even

    d: dict[str, Any] = {
        "date": options.date.isoformat() if options else None,
        "trip": options.trip if options else None,
        "load_factor": options.load_factor if options else None,
        "days": rounded(e.days, 3),
        "fuel_t": {k: rounded(v, 1) for k, v in e.fuel_t.items()},
        "co2_t": rounded(e.co2_t, 1),
        "ch4_t": rounded(e.ch4_t, 3),
        "n2o_t": rounded(e.n2o_t, 3),
        "co2e_t": rounded(e.co2e_t, 1),
        "black_carbon_t": rounded(e.black_carbon_t, 4),
        "costs": {k: rounded(v, 0) for k, v in e.costs.items()},
        "cargo": rounded(e.cargo, 1),
        "cargo_unit": e.cargo_unit,
        "per_unit_usd": None if e.per_unit_usd is None else rounded(e.per_unit_usd),
        "saving_vs_suez_usd": None,
        "break_even_vs_suez": None,
        "nsr_zones": list(e.nsr_zones),
        "escort_zones": e.escort_zones,
        "hfo_switch_nm": rounded(e.hfo_switch_nm, 1),
        "notes": list(e.notes),
        "assumptions": list(e.assumptions),
    }
    if e.per_unit_key:
        d[e.per_unit_key] = d["per_unit_usd"]
    if suez is not None:
        d["saving_vs_suez_usd"] = rounded(suez.total_usd - e.total_usd, 0)
        if e.via != "suez" and ship is not None:
            be = break_even(e, suez, ship)
            d["break_even_vs_suez"] = {
                "escort_fee_usd": None
                if be.escort_fee_usd is None
                else rounded(be.escort_fee_usd, 0),
                "bunker_usd_per_t": None
                if be.bunker_usd_per_t is None
                else rounded(be.bunker_usd_per_t, 1),
                "delay_days": None if be.delay_days is None else rounded(be.delay_days, 2),
            }
    return d


def outlook_to_dict(o) -> dict[str, Any]:
    """An :class:`arcticroute.analysis.outlook.Outlook` as the fields it adds to a verdict."""
    win = o.season_window
    return {
        "next_feasible_departure": None
        if o.next_feasible_departure is None
        else o.next_feasible_departure.isoformat(),
        "season_window": None
        if win is None
        else {"first": win[0].isoformat(), "last": win[1].isoformat()},
        "outlook_ice": o.ice_basis,
        "outlook_horizon_days": o.horizon_days,
    }


def comparison_to_dict(
    c: Comparison,
    ship=None,
    kind: str = "compare",
    economics=None,
    options=None,
    outlooks=None,
    odds=None,
) -> dict[str, Any]:
    """The schema v1 envelope for a comparison (or a one-route result).

    ``economics`` is :func:`arcticroute.economics.costs.compare_economics` output;
    each route then carries an ``economics`` block (or ``null`` and an
    ``economics_unavailable`` reason). ``outlooks`` (variant ->
    :class:`~arcticroute.analysis.outlook.Outlook`) adds the next feasible
    departure and its window to the verdicts of closed variants; ``odds`` (variant ->
    :class:`~arcticroute.analysis.odds.Odds`) how often the voyage was feasible in the
    observed years behind a climatology.
    """
    doc = envelope(c, ship, kind)
    if economics is not None:
        suez = (economics.get("suez") or (None, None))[0]
        for rd in doc["routes"]:
            e, why = economics.get(rd["via"], (None, "not computed"))
            rd["economics"] = None if e is None else economics_to_dict(e, suez, ship, options)
            rd["economics_unavailable"] = why
    for via, o in (outlooks or {}).items():
        if via in doc["verdicts"]:
            doc["verdicts"][via] |= outlook_to_dict(o)
    for via, od in (odds or {}).items():
        if via in doc["verdicts"]:
            doc["verdicts"][via]["odds"] = od.to_dict()
    return doc


def comparison_to_geojson(c: Comparison, ship=None, economics=None, options=None) -> dict[str, Any]:
    """A FeatureCollection: one LineString feature per route, one Point per port."""
    return geojson(comparison_to_dict(c, ship, economics=economics, options=options))


CSV_COLUMNS = (
    "from",
    "from_locode",
    "to",
    "to_locode",
    "via",
    "date",
    "ice_considered",
    "feasible",
    "reason",
    "ice_source",
    "heavy_ice_feasible",
    "escort_zones",
    "next_feasible_departure",
    "passages",
    "distance_nm",
    "distance_km",
    "speed_kn",
    "duration_h",
    "duration_days",
    "max_lat",
    "saving_vs_suez_nm",
    "saving_vs_suez_pct",
    "fuel_t",
    "co2_t",
    "co2e_t",
    "black_carbon_t",
    *COST_KEYS,
    "total_usd",
    "per_unit_usd",
    "cargo_unit",
    "saving_vs_suez_usd",
    "assumptions",
)


def _verdict_columns(v: dict | None) -> dict[str, Any]:
    """The CSV columns of an ice verdict dict (empty when the route met no ice)."""
    if v is None:
        return {}
    src, heavy = v["ice_source"], v.get("heavy_ice")
    return {
        "date": v["date"],
        "feasible": v["feasible"],
        "reason": " | ".join(v["reasons"]),
        "ice_source": f"{src['kind']} {src['product']} {src['statistic'] or ''}".strip(),
        "heavy_ice_feasible": "" if heavy is None else heavy["feasible"],
        "escort_zones": ";".join(str(z) for z in v["escort_zones"]),
        "next_feasible_departure": v.get("next_feasible_departure") or "",
    }


def _csv_route(doc: dict, rd: dict) -> dict[str, Any]:
    s = rd["saving_vs_suez"] or {}
    e = rd.get("economics") or {}
    costs = e.get("costs", {})
    return {
        "fuel_t": sum(e["fuel_t"].values()) if e else "",
        **{k: e.get(k, "") for k in ("co2_t", "co2e_t", "black_carbon_t", "cargo_unit")},
        **{k: costs.get(k, "") for k in (*COST_KEYS, "total_usd")},
        "per_unit_usd": e.get("per_unit_usd", "") if e else "",
        "saving_vs_suez_usd": e.get("saving_vs_suez_usd", "") if e else "",
        "via": rd["via"],
        "date": rd["date"] or "",
        "ice_considered": rd["ice_considered"],
        "feasible": rd["feasible"],
        **_verdict_columns(doc["verdicts"].get(rd["via"]) if rd["ice"] else None),
        "passages": ";".join(rd["passages"]),
        "distance_nm": rd["distance_nm"],
        "distance_km": rd["distance_km"],
        "speed_kn": rd["speed_kn"],
        "duration_h": rd["duration_h"],
        "duration_days": rd["duration_days"],
        "max_lat": rd["max_lat"],
        "saving_vs_suez_nm": s.get("distance_nm", ""),
        "saving_vs_suez_pct": s.get("distance_pct", ""),
        "assumptions": " | ".join(rd["assumptions"]),
    }


def comparison_to_csv(c: Comparison, ship=None, economics=None, options=None, outlooks=None) -> str:
    """One CSV row per route, then one per Arctic variant the ice closed (its verdict,
    reason and next feasible departure; no distance); columns :data:`CSV_COLUMNS`
    (cost columns empty without economics)."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    w.writeheader()
    doc = comparison_to_dict(c, ship, economics=economics, options=options, outlooks=outlooks)
    ends = {
        "from": doc["from"]["name"],
        "from_locode": doc["from"]["locode"] or "",
        "to": doc["to"]["name"],
        "to_locode": doc["to"]["locode"] or "",
    }
    # every verdict shares the departure date: the lane routes of the comparison too
    day = next((v["date"] for v in doc["verdicts"].values()), "")
    routed = set()
    for rd in doc["routes"]:
        routed.add(rd["via"])
        w.writerow({**ends, **_csv_route(doc, rd), **({} if rd["date"] else {"date": day})})
    for via, v in doc["verdicts"].items():
        if via not in routed:
            w.writerow({**ends, "via": via, "ice_considered": True, **_verdict_columns(v)})
    return buf.getvalue()
