"""A cargo plan as JSON-ready data and CSV: the ``arcticroute plan`` output.

Keys (JSON Schema :data:`PLAN_SCHEMA`): ``months[]`` with
``month, destination, route, corridor, return_corridor, round_trip_days, voyages,
volume, hub_voyages, total_usd``; ``fleet_size``, ``peak_fleet``, ``hub_fleet_size``;
``annual{fuel_t, co2_t, co2e_t, ets_usd, canal_toll_usd, icebreaker_fee_usd,
pilotage_usd, fuel_usd, charter_usd, total_usd, per_unit_usd}``; ``baseline{...}`` (the
same keys for the all-Suez or all-Cape plan); ``years[]`` and ``summary`` when a plan
covers several years (:func:`years_to_dict`).
"""

from __future__ import annotations

import csv
import io
import statistics
from collections.abc import Sequence

from arcticroute.analysis.plan import Plan

__all__ = [
    "ANNUAL_KEYS",
    "MONTH_KEYS",
    "PLAN_SCHEMA",
    "PLAN_SCHEMA_VERSION",
    "plan_to_csv",
    "plan_to_dict",
    "years_summary",
    "years_to_dict",
]

PLAN_SCHEMA_VERSION = "arcticroute-plan-v1"
MONTH_KEYS = (
    "month",
    "destination",
    "route",
    "corridor",
    "return_corridor",
    "round_trip_days",
    "voyages",
    "volume",
    "hub_voyages",
    "total_usd",
)
ANNUAL_KEYS = (
    "fuel_t",
    "co2_t",
    "co2e_t",
    "ets_usd",
    "canal_toll_usd",
    "icebreaker_fee_usd",
    "pilotage_usd",
    "fuel_usd",
    "charter_usd",
    "total_usd",
)
PLAN_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "arcticroute annual cargo plan, version 1",
    "description": (
        "Output of `arcticroute plan --format json` and of "
        "arcticroute.analysis.planreport.plan_to_dict (one year) or years_to_dict (several "
        "years: `years[]` and `summary`). Volumes are in `unit`; money in USD; emissions and "
        "fuel in tonnes."
    ),
    "type": "object",
    "required": [
        "schema",
        "origin",
        "destinations",
        "ship",
        "volume",
        "unit",
        "cargo_per_voyage",
        "objective",
        "hub",
        "assumptions",
    ],
    "properties": {
        "schema": {"const": "arcticroute-plan-v1"},
        "origin": {"type": "string"},
        "destinations": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["port", "share"],
                "properties": {
                    "port": {"type": "string"},
                    "share": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
                },
            },
        },
        "ship": {"type": "string"},
        "volume": {"type": "number", "exclusiveMinimum": 0},
        "unit": {"enum": ["t", "m3", "TEU"]},
        "cargo_per_voyage": {"type": "number", "exclusiveMinimum": 0},
        "objective": {"enum": ["cost", "time"]},
        "hub": {
            "oneOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "required": ["port", "ship", "transfer_days", "cargo_per_voyage"],
                },
            ]
        },
        "notes": {"type": "array", "items": {"type": "string"}},
        "assumptions": {"type": "array", "items": {"type": "string"}},
        "year": {"type": "integer"},
        "months": {"$ref": "#/$defs/months"},
        "voyages": {"type": "integer", "minimum": 0},
        "nsr_share": {"type": "number", "minimum": 0, "maximum": 1},
        "fleet_size": {"type": "integer", "minimum": 0},
        "peak_fleet": {"type": "integer", "minimum": 0},
        "hub_fleet_size": {"type": "integer", "minimum": 0},
        "annual": {"$ref": "#/$defs/annual"},
        "ice_source": {"type": "string"},
        "baseline": {"oneOf": [{"type": "null"}, {"$ref": "#/$defs/baseline"}]},
        "years": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/year"}},
        "summary": {
            "type": "object",
            "required": ["fleet_size", "nsr_share", "per_unit_usd", "light_year", "heavy_year"],
            "properties": {
                "fleet_size": {"$ref": "#/$defs/distribution"},
                "nsr_share": {"$ref": "#/$defs/distribution"},
                "per_unit_usd": {"$ref": "#/$defs/distribution"},
                "light_year": {"type": "integer"},
                "heavy_year": {"type": "integer"},
            },
        },
    },
    "oneOf": [
        {"required": ["year", "months", "fleet_size", "annual", "baseline"]},
        {"required": ["years", "summary"]},
    ],
    "$defs": {
        "months": {
            "type": "array",
            "items": {
                "type": "object",
                "required": list(MONTH_KEYS),
                "properties": {
                    "month": {"type": "integer", "minimum": 1, "maximum": 12},
                    "destination": {"type": "string"},
                    "route": {"type": "string"},
                    "corridor": {"type": "string"},
                    "return_corridor": {"type": "string"},
                    "round_trip_days": {"type": "number", "minimum": 0},
                    "voyages": {"type": "integer", "minimum": 0},
                    "volume": {"type": "number", "minimum": 0},
                    "hub_voyages": {"type": "integer", "minimum": 0},
                    "total_usd": {"type": "number"},
                },
            },
        },
        "annual": {
            "type": "object",
            "required": [*ANNUAL_KEYS, "per_unit_usd"],
            "additionalProperties": {"type": "number"},
        },
        "baseline": {
            "type": "object",
            "required": ["corridor", "year", "months", "fleet_size", "annual"],
            "properties": {
                "months": {"$ref": "#/$defs/months"},
                "annual": {"$ref": "#/$defs/annual"},
            },
        },
        "year": {
            "type": "object",
            "required": [
                "year",
                "months",
                "voyages",
                "nsr_share",
                "fleet_size",
                "peak_fleet",
                "hub_fleet_size",
                "annual",
                "ice_source",
            ],
            "properties": {
                "months": {"$ref": "#/$defs/months"},
                "annual": {"$ref": "#/$defs/annual"},
                "baseline": {"oneOf": [{"type": "null"}, {"$ref": "#/$defs/baseline"}]},
            },
        },
        "distribution": {
            "type": "object",
            "required": ["min", "median", "max"],
            "additionalProperties": {"type": "number"},
        },
    },
}
"""JSON Schema (draft 2020-12) of :func:`plan_to_dict` and :func:`years_to_dict` output."""


def _annual(p: Plan) -> dict:
    out = {k: round(float(p.annual[k]), 3) for k in ANNUAL_KEYS}
    out["per_unit_usd"] = round(p.per_unit_usd, 4)
    return out


def _months(p: Plan) -> list[dict]:
    return [
        {
            "month": r.month,
            "destination": r.destination,
            "route": r.route,
            "corridor": r.corridor,
            "return_corridor": r.return_corridor,
            "round_trip_days": round(r.round_trip_days, 3),
            "voyages": r.voyages,
            "volume": round(r.volume, 3),
            "hub_voyages": r.hub_voyages,
            "total_usd": round(float(r.totals["total_usd"]), 2),
        }
        for r in p.months
    ]


def _core(p: Plan) -> dict:
    return {
        "year": p.year,
        "months": _months(p),
        "voyages": p.voyages,
        "nsr_share": round(p.nsr_share, 4),
        "fleet_size": p.fleet_size,
        "peak_fleet": p.peak_fleet,
        "hub_fleet_size": p.hub_fleet_size,
        "annual": _annual(p),
        "ice_source": p.ice_source,
    }


def plan_to_dict(p: Plan) -> dict:
    """One year's plan as plain data (what ``--format json`` prints)."""
    hub = None
    if p.hub is not None:
        hub = {
            "port": p.hub.port.name,
            "ship": p.hub.ship.slug or p.hub.ship.name,
            "transfer_days": p.hub.transfer_days,
            "cargo_per_voyage": p.hub_cargo_per_voyage,
        }
    out = {
        "schema": PLAN_SCHEMA_VERSION,
        "origin": p.origin.name,
        "destinations": [{"port": d.name, "share": s} for d, s in p.destinations],
        "ship": p.ship.slug or p.ship.name,
        "volume": p.volume,
        "unit": p.unit,
        "cargo_per_voyage": round(p.cargo_per_voyage, 3),
        "objective": p.objective,
        "hub": hub,
        **_core(p),
        "baseline": None,
        "notes": list(p.notes),
        "assumptions": list(p.assumptions),
    }
    if p.baseline is not None:
        out["baseline"] = {"corridor": p.baseline_corridor, **_core(p.baseline)}
    return out


def years_summary(rows: Sequence[dict]) -> dict:
    """Distribution over years of fleet size, NSR share and cost per unit, and the light
    and heavy years (most and least NSR voyages; ties: the cheaper and the dearer)."""
    fleet = [r["fleet_size"] for r in rows]
    nsr = [r["nsr_share"] for r in rows]
    unit = [r["annual"]["per_unit_usd"] for r in rows]

    def dist(xs):
        return {"min": min(xs), "median": statistics.median(xs), "max": max(xs)}

    light = max(rows, key=lambda r: (r["nsr_share"], -r["annual"]["per_unit_usd"]))
    heavy = min(rows, key=lambda r: (r["nsr_share"], -r["annual"]["per_unit_usd"]))
    return {
        "fleet_size": dist(fleet),
        "nsr_share": dist(nsr),
        "per_unit_usd": dist(unit),
        "light_year": light["year"],
        "heavy_year": heavy["year"],
    }


def years_to_dict(rows: Sequence[dict]) -> dict:
    """Several years' plans (each :func:`plan_to_dict`): the first year's inputs, the
    ``years[]`` and their ``summary``."""
    rows = sorted(rows, key=lambda r: r["year"])
    head = {k: v for k, v in rows[0].items() if k not in _YEAR_KEYS}
    years = [{k: r[k] for k in _YEAR_KEYS if k in r} for r in rows]
    return {**head, "years": years, "summary": years_summary(rows)}


_YEAR_KEYS = (
    "year",
    "months",
    "voyages",
    "nsr_share",
    "fleet_size",
    "peak_fleet",
    "hub_fleet_size",
    "annual",
    "ice_source",
    "baseline",
    "notes",
)


def plan_to_csv(data: dict) -> str:
    """The month rows (of every year) as CSV, with a ``year`` column."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(("year", *MONTH_KEYS))
    for y in data.get("years", [data]):
        for m in y["months"]:
            w.writerow((y["year"], *(m[k] for k in MONTH_KEYS)))
    return buf.getvalue()
