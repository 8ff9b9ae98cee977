"""Routes and comparisons as plain data: the schema v1 JSON pieces and GeoJSON.

The routing layer's own results (:class:`~arcticroute.routing.legs.Route`,
:class:`~arcticroute.routing.legs.Comparison`) turn into dicts here, so that
``Route.to_dict()`` and ``Comparison.to_dict()`` need nothing from the layers
above. What those layers add (economics, outlooks, CSV) stays in
:mod:`arcticroute.analysis.report`, which builds on these functions. The
layout is documented there and in ``data/schema/arcticroute-v1.schema.json``.

Must not import the result classes (``legs`` imports this module): objects are
read by their attributes.
"""

from __future__ import annotations

import json
from typing import Any

from arcticroute.geo import geodesy
from arcticroute.version import __version__

SCHEMA_VERSION = "1.6"
"""1.1 added the per-route ``economics`` block, 1.2 the ice-aware verdict (``date``,
``ice_source``, ``feasible``, ``reasons``, ``zones``, ``ice`` per route and
``verdicts`` in the envelope), 1.3 the ice basis, 1.4 ``corridors``, 1.5
``ice_considered`` and the next feasible departure, 1.6 a verdict's ``odds``; all
additive to 1.0."""
LONLAT_DECIMALS = 5
"""Decimals of a longitude or latitude in the output: ~1 m in latitude."""


def rounded(x: float, nd: int = 2) -> float:
    """``x`` as a float rounded to ``nd`` decimals (what every JSON number goes through)."""
    return round(float(x), nd)


def port_to_dict(p: Any, alt: bool = False) -> dict[str, Any]:
    """A port as JSON (``PORT``); ``alt`` adds its other names and UN/LOCODEs (the
    ``ports search`` listing)."""
    out: dict[str, Any] = {
        "name": p.name,
        "locode": p.locode or None,
        "country": p.country or None,
        "lat": rounded(p.lat, LONLAT_DECIMALS),
        "lon": rounded(p.lon, LONLAT_DECIMALS),
    }
    if alt:
        out["alt_names"] = list(p.alt_names)
        out["alt_locodes"] = list(p.alt_locodes)
    return out


def ship_to_dict(ship: Any) -> dict[str, Any] | None:
    if ship is None:
        return None
    dumped: dict[str, Any] = ship.model_dump(mode="json")
    return dumped


def lonlat(lon: float, lat: float) -> list[float]:
    """A position as GeoJSON ``[lon, lat]``, rounded to :data:`LONLAT_DECIMALS`."""
    return [rounded(lon, LONLAT_DECIMALS), rounded(lat, LONLAT_DECIMALS)]


def geometry(r: Any) -> dict[str, Any]:
    """GeoJSON geometry of a route, split at the antimeridian (RFC 7946 §3.1.9)."""
    lon, lat = r.densified
    parts = geodesy.split_antimeridian(lon, lat)
    lines = [[lonlat(x, y) for x, y in zip(plon, plat, strict=True)] for plon, plat in parts]
    if len(lines) == 1:
        return {"type": "LineString", "coordinates": lines[0]}
    return {"type": "MultiLineString", "coordinates": lines}


def _iso(t: Any) -> str | None:
    return None if t is None else t.replace(microsecond=0).isoformat(timespec="minutes")


def _num(x: float, nd: int = 2) -> float | None:
    return None if x is None or x != x else rounded(x, nd)


def zone_to_dict(z: Any) -> dict[str, Any]:
    """An NSR zone of a passage (:class:`~arcticroute.routing.passage.ZoneSummary`)."""
    return {
        "zone": z.zone,
        "name": z.name,
        "entered": _iso(z.entered),
        "left": _iso(z.left),
        "distance_nm": rounded(z.distance_nm, 1),
        "hours": rounded(z.hours, 1),
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


def ice_source_to_dict(v: Any) -> dict[str, Any]:
    return {"kind": v.ice_source, "product": v.ice_product, "statistic": v.ice_statistic or None}


def verdict_to_dict(v: Any) -> dict[str, Any]:
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
        "lane_nm": rounded(v.lane_nm, 1),
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


def leg_to_dict(leg: Any, speed_kn: float, hours: float | None = None) -> dict[str, Any]:
    return {
        "kind": leg.kind,
        "name": leg.name,
        "passages": list(leg.passages),
        "start": lonlat(*leg.start_lonlat),
        "end": lonlat(*leg.end_lonlat),
        "distance_nm": rounded(leg.distance_nm),
        "distance_km": rounded(leg.distance_m / 1000.0),
        "duration_h": rounded(leg.distance_nm / speed_kn if hours is None else hours),
    }


def route_to_dict(r: Any, saving: dict[str, float] | None = None) -> dict[str, Any]:
    """One route as a JSON-ready dict (schema v1 ``ROUTE``)."""
    v = r.ice
    ice_h = None if v is None else v.passage.hours
    return {
        "via": r.via,
        "passages": list(r.passages),
        "distance_nm": rounded(r.distance_nm),
        "distance_km": rounded(r.distance_km),
        "speed_kn": rounded(r.speed_kn),
        "duration_h": rounded(r.duration_h),
        "duration_days": rounded(r.duration_h / 24.0, 3),
        "max_lat": rounded(r.max_lat, 3),
        "saving_vs_suez": (None if saving is None else {k: rounded(v) for k, v in saving.items()}),
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


def to_json(doc: dict[str, Any]) -> str:
    """Strict JSON (RFC 8259): a NaN or infinity raises ValueError instead of writing
    ``NaN``/``Infinity``, which JSON parsers reject."""
    return json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False)


def envelope(c: Any, ship: Any = None, kind: str = "compare") -> dict[str, Any]:
    """The schema v1 envelope of a comparison (or a one-route result), without the
    blocks the analysis layer adds (economics, next feasible departures)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": kind,
        "generator": f"arcticroute {__version__}",
        "from": port_to_dict(c.origin),
        "to": port_to_dict(c.destination),
        "ship": ship_to_dict(ship),
        "speed_kn": c.routes[0].speed_kn if c.routes else None,
        "ice_considered": c.ice_considered,
        "routes": [route_to_dict(r, c.saving_vs_suez(r)) for r in c.routes],
        "unavailable": dict(c.unavailable),
        "verdicts": {via: verdict_to_dict(v) for via, v in c.verdicts.items()},
        "corridors": [{"via": s.via, "status": s.status, "reason": s.reason} for s in c.corridors],
    }


def route_feature(rd: dict[str, Any], origin: str, destination: str) -> dict[str, Any]:
    """A GeoJSON Feature of one route dict (:func:`route_to_dict`): its line, and its
    numbers as properties (legs and the full verdict left out)."""
    props = {k: v for k, v in rd.items() if k not in ("geometry", "legs", "ice")}
    props.update({"from": origin, "to": destination})
    return {"type": "Feature", "geometry": rd["geometry"], "properties": props}


def geojson(doc: dict[str, Any]) -> dict[str, Any]:
    """A FeatureCollection of an envelope: one line per route, one point per port."""
    features = [route_feature(rd, doc["from"]["name"], doc["to"]["name"]) for rd in doc["routes"]]
    for role in ("from", "to"):
        p = doc[role]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [p["lon"], p["lat"]]},
                "properties": {"role": role, **p},
            }
        )
    return {"type": "FeatureCollection", "schema_version": SCHEMA_VERSION, "features": features}
