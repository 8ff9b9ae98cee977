"""Routes and comparisons as JSON, GeoJSON and CSV (schema version 1).

The JSON layout is a stable, versioned contract for other tools and for the
later parts of arcticroute; its JSON Schema ships as
``data/schema/arcticroute-v1.schema.json`` and tests validate every output
against it. Additive changes keep ``schema_version`` "1.x"; removing or
renaming a key bumps the major version.

Envelope (both ``route`` and ``compare``)::

    {"schema_version": "1.4", "kind": "route" | "compare",
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
``not_considered`` (much longer than the direct route).

Geometries are GeoJSON (RFC 7946) in lon/lat, densified along the geodesic
to at most 50 km between vertices, and a MultiLineString split at the
antimeridian when the route crosses it.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from arcticroute.economics.costs import COST_KEYS
from arcticroute.geo import geodesy
from arcticroute.routing.legs import Comparison, Leg, Route
from arcticroute.version import __version__

__all__ = [
    "CSV_COLUMNS",
    "SCHEMA_VERSION",
    "comparison_to_csv",
    "comparison_to_dict",
    "comparison_to_geojson",
    "port_to_dict",
    "to_json",
]

SCHEMA_VERSION = "1.5"
"""1.1 added the per-route ``economics`` block, 1.2 the ice-aware verdict (``date``,
``ice_source``, ``feasible``, ``reasons``, ``zones``, ``ice`` per route and
``verdicts`` in the envelope), 1.3 the ice basis, 1.4 ``corridors``; all additive
to 1.0."""
_NDIGITS = 5  # ~1 m in latitude


def _r(x: float, nd: int = 2) -> float:
    return round(float(x), nd)


def port_to_dict(p, alt: bool = False) -> dict[str, Any]:
    """A port as JSON (``PORT``); ``alt`` adds its other names and UN/LOCODEs (the
    ``ports search`` listing)."""
    out: dict[str, Any] = {
        "name": p.name,
        "locode": p.locode or None,
        "country": p.country or None,
        "lat": _r(p.lat, _NDIGITS),
        "lon": _r(p.lon, _NDIGITS),
    }
    if alt:
        out["alt_names"] = list(p.alt_names)
        out["alt_locodes"] = list(p.alt_locodes)
    return out


def ship_to_dict(ship) -> dict[str, Any] | None:
    if ship is None:
        return None
    return ship.model_dump(mode="json")


def geometry(r: Route) -> dict[str, Any]:
    """GeoJSON geometry of a route, split at the antimeridian (RFC 7946 §3.1.9)."""
    lon, lat = r.densified
    parts = geodesy.split_antimeridian(lon, lat)
    lines = [
        [[_r(x, _NDIGITS), _r(y, _NDIGITS)] for x, y in zip(plon, plat, strict=True)]
        for plon, plat in parts
    ]
    if len(lines) == 1:
        return {"type": "LineString", "coordinates": lines[0]}
    return {"type": "MultiLineString", "coordinates": lines}


def _iso(t) -> str | None:
    return None if t is None else t.replace(microsecond=0).isoformat(timespec="minutes")


def _num(x: float, nd: int = 2) -> float | None:
    return None if x is None or x != x else _r(x, nd)


def zone_to_dict(z) -> dict[str, Any]:
    """An NSR zone of a passage (:class:`~arcticroute.routing.passage.ZoneSummary`)."""
    return {
        "zone": z.zone,
        "name": z.name,
        "entered": _iso(z.entered),
        "distance_nm": _r(z.distance_nm, 1),
        "hours": _r(z.hours, 1),
        "max_concentration": _num(z.max_sic, 3),
        "mean_concentration": _num(z.mean_sic, 3),
        "min_rio": _num(z.min_rio, 2),
        "mean_thickness_m": _num(z.mean_thickness_m, 2),
        "max_thickness_m": _num(z.max_thickness_m, 2),
        "ice_conditions": z.ice_conditions,
        "independent_allowed": z.independent_allowed,
        "escort_needed": z.escort_needed,
        "escort_allowed": z.escort_allowed,
        "admission_status": z.status,
        "admission": z.reason,
    }


def ice_source_to_dict(v) -> dict[str, Any]:
    return {"kind": v.ice_source, "product": v.ice_product, "statistic": v.ice_statistic or None}


def verdict_to_dict(v) -> dict[str, Any]:
    """An :class:`arcticroute.routing.voyage.IceVerdict` as a JSON-ready dict (``VERDICT``)."""
    p = v.passage
    return {
        "variant": v.variant,
        "date": v.departure.date().isoformat(),
        "departure": _iso(v.departure),
        "arrival": _iso(v.arrival),
        "ice_source": ice_source_to_dict(v),
        "ice_basis": v.passage.ice_basis,
        "feasible": v.feasible,
        "reasons": list(v.reasons),
        "caveats": list(v.caveats),
        "policy": v.policy,
        "hours": _num(v.hours, 1),
        "lane_nm": _r(v.lane_nm, 1),
        "passage": {
            "start": _iso(p.start),
            "end": _iso(p.end),
            "distance_nm": _num(p.distance_nm, 1),
            "hours": _num(p.hours, 1),
            "max_concentration": _num(p.max_sic, 3),
            "mean_concentration": _num(p.mean_sic, 3),
            "min_speed_kn": _num(p.min_speed_kn, 2),
            "max_lat": _num(p.max_lat, 3),
            "filled_nodes": p.filled_nodes,
        },
        "zones": [zone_to_dict(z) for z in p.zones],
        "escort_zones": list(v.escort_zones),
        "heavy_ice": None if v.heavy_ice is None else verdict_to_dict(v.heavy_ice),
    }


def leg_to_dict(leg: Leg, speed_kn: float, hours: float | None = None) -> dict[str, Any]:
    return {
        "kind": leg.kind,
        "name": leg.name,
        "passages": list(leg.passages),
        "start": [_r(leg.start_lonlat[0], _NDIGITS), _r(leg.start_lonlat[1], _NDIGITS)],
        "end": [_r(leg.end_lonlat[0], _NDIGITS), _r(leg.end_lonlat[1], _NDIGITS)],
        "distance_nm": _r(leg.distance_nm),
        "distance_km": _r(leg.distance_m / 1000.0),
        "duration_h": _r(leg.distance_nm / speed_kn if hours is None else hours),
    }


def economics_to_dict(e, suez=None, ship=None, options=None) -> dict[str, Any]:
    """A route's ``economics`` block (schema v1.1)."""
    from arcticroute.economics.costs import break_even

    d: dict[str, Any] = {
        "date": options.date.isoformat() if options else None,
        "trip": options.trip if options else None,
        "load_factor": options.load_factor if options else None,
        "days": _r(e.days, 3),
        "fuel_t": {k: _r(v, 1) for k, v in e.fuel_t.items()},
        "co2_t": _r(e.co2_t, 1),
        "ch4_t": _r(e.ch4_t, 3),
        "n2o_t": _r(e.n2o_t, 3),
        "co2e_t": _r(e.co2e_t, 1),
        "black_carbon_t": _r(e.black_carbon_t, 4),
        "costs": {k: _r(v, 0) for k, v in e.costs.items()},
        "cargo": _r(e.cargo, 1),
        "cargo_unit": e.cargo_unit,
        "per_unit_usd": None if e.per_unit_usd is None else _r(e.per_unit_usd),
        "saving_vs_suez_usd": None,
        "break_even_vs_suez": None,
        "nsr_zones": list(e.nsr_zones),
        "escort_zones": e.escort_zones,
        "hfo_switch_nm": _r(e.hfo_switch_nm, 1),
        "notes": list(e.notes),
        "assumptions": list(e.assumptions),
    }
    if e.per_unit_key:
        d[e.per_unit_key] = d["per_unit_usd"]
    if suez is not None:
        d["saving_vs_suez_usd"] = _r(suez.total_usd - e.total_usd, 0)
        if e.via != "suez" and ship is not None:
            be = break_even(e, suez, ship)
            d["break_even_vs_suez"] = {
                "escort_fee_usd": None if be.escort_fee_usd is None else _r(be.escort_fee_usd, 0),
                "bunker_usd_per_t": None
                if be.bunker_usd_per_t is None
                else _r(be.bunker_usd_per_t, 1),
                "delay_days": None if be.delay_days is None else _r(be.delay_days, 2),
            }
    return d


def route_to_dict(r: Route, saving: dict[str, float] | None = None) -> dict[str, Any]:
    """One route as a JSON-ready dict (schema v1 ``ROUTE``)."""
    v = r.ice
    ice_h = None if v is None else v.passage.hours
    return {
        "via": r.via,
        "passages": list(r.passages),
        "distance_nm": _r(r.distance_nm),
        "distance_km": _r(r.distance_km),
        "speed_kn": _r(r.speed_kn),
        "duration_h": _r(r.duration_h),
        "duration_days": _r(r.duration_h / 24.0, 3),
        "max_lat": _r(r.max_lat, 3),
        "saving_vs_suez": (None if saving is None else {k: _r(v) for k, v in saving.items()}),
        "legs": [
            leg_to_dict(leg, r.speed_kn, ice_h if leg.kind == "ice" else None) for leg in r.legs
        ],
        "assumptions": list(r.assumptions),
        "ice_considered": r.ice_considered,
        "date": None if v is None else v.departure.date().isoformat(),
        "ice_source": None if v is None else ice_source_to_dict(v),
        "feasible": True if v is None else v.feasible,
        "reasons": [] if v is None else list(v.reasons),
        "zones": [] if v is None else [zone_to_dict(z) for z in v.zones],
        "ice": None if v is None else verdict_to_dict(v),
        "geometry": geometry(r),
    }


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
) -> dict[str, Any]:
    """The schema v1 envelope for a comparison (or a one-route result).

    ``economics`` is :func:`arcticroute.economics.costs.compare_economics` output;
    each route then carries an ``economics`` block (or ``null`` and an
    ``economics_unavailable`` reason). ``outlooks`` (variant ->
    :class:`~arcticroute.analysis.outlook.Outlook`) adds the next feasible
    departure and its window to the verdicts of closed variants.
    """
    speed = c.routes[0].speed_kn if c.routes else None
    routes = [route_to_dict(r, c.saving_vs_suez(r)) for r in c.routes]
    if economics is not None:
        suez = (economics.get("suez") or (None, None))[0]
        for rd in routes:
            e, why = economics.get(rd["via"], (None, "not computed"))
            rd["economics"] = None if e is None else economics_to_dict(e, suez, ship, options)
            rd["economics_unavailable"] = why
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": kind,
        "generator": f"arcticroute {__version__}",
        "from": port_to_dict(c.origin),
        "to": port_to_dict(c.destination),
        "ship": ship_to_dict(ship),
        "speed_kn": speed,
        "ice_considered": c.ice_considered,
        "routes": routes,
        "unavailable": dict(c.unavailable),
        "verdicts": {
            via: verdict_to_dict(v)
            | ({} if via not in (outlooks or {}) else outlook_to_dict(outlooks[via]))
            for via, v in c.verdicts.items()
        },
        "corridors": [{"via": s.via, "status": s.status, "reason": s.reason} for s in c.corridors],
    }


def to_json(doc: dict[str, Any]) -> str:
    """Strict JSON (RFC 8259): a NaN or infinity raises ValueError instead of writing
    ``NaN``/``Infinity``, which JSON parsers reject."""
    return json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False)


def comparison_to_geojson(c: Comparison, ship=None, economics=None, options=None) -> dict[str, Any]:
    """A FeatureCollection: one LineString feature per route, one Point per port."""
    doc = comparison_to_dict(c, ship, economics=economics, options=options)
    features = []
    for rd in doc["routes"]:
        props = {k: v for k, v in rd.items() if k not in ("geometry", "legs", "ice")}
        props.update({"from": doc["from"]["name"], "to": doc["to"]["name"]})
        features.append({"type": "Feature", "geometry": rd["geometry"], "properties": props})
    for role in ("from", "to"):
        p = doc[role]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [p["lon"], p["lat"]]},
                "properties": {"role": role, **p},
            }
        )
    return {
        "type": "FeatureCollection",
        "schema_version": SCHEMA_VERSION,
        "features": features,
    }


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
