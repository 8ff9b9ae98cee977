"""The Northern Sea Route: its sea sections and tariff zones along a route.

Interim model (the ice-routing work replaces it with the legal water area
and zone geometries of the 2013 Rules): the NSR centre line of Cheaitou et
al. (2019) in 36 sub-zones, with the sub-zone -> sea section -> zone maps of
Waite et al.'s NSR_shipping_model (``data/nsr_centreline.csv``, built by
``scripts/build_nsr_centreline.py``). The parts of a route tagged ``nsr``, ``nsr_kara``
(and the Bering Strait legs, whose Chukchi Sea part the interim ``nsr``
passage area leaves out) are assigned, point by point, to the nearest
centre-line sub-zone within ``MAX_OFFSET_M``; the zones of those sub-zones
are the zones the route crosses.

The seven zones are those of the 2013 Rules (nsr-rules.md §1.2): 1 Kara Sea
SW, 2 Kara Sea NE, 3 Laptev Sea W, 4 Laptev Sea E, 5 East Siberian Sea SW,
6 East Siberian Sea NE, 7 Chukchi Sea. The source maps its "Laptev" section
to zones 3 and 4 together, so crossing any of it counts both.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from arcticroute.geo import geodesy

__all__ = ["NsrCrossing", "nsr_crossing"]

ZONE_NAMES = {
    1: "Kara Sea, south-western part",
    2: "Kara Sea, north-eastern part",
    3: "Laptev Sea, western part",
    4: "Laptev Sea, eastern part",
    5: "East Siberian Sea, south-western part",
    6: "East Siberian Sea, north-eastern part",
    7: "Chukchi Sea",
}
"""Zones of the 2013 NSR Rules (Mintrans Order No. 7 of 17 Jan 2013), nsr-rules.md §1.2."""

_STEP_M = 10_000.0
MAX_OFFSET_M = 250_000.0
"""Route points farther than this from the centre line are not assigned to a sub-zone.

Not a domain value: wide enough for the high-latitude variants north of the
islands (the centre line follows the coastal route), narrow enough to keep
the Bering Sea south of the strait out.
"""
_CHORD_LIMIT = 2.0 * np.sin(MAX_OFFSET_M / 6_371_008.8 / 2.0)  # unit-sphere chord


@dataclass(frozen=True)
class NsrCrossing:
    """Where a route runs along the NSR.

    Attributes
    ----------
    zones : tuple of int
        Tariff/admission zones (1..7) the route crosses, west to east.
    section_nm : dict
        Distance (nm) along the route per sea section of the source.
    distance_nm : float
        Total distance assigned to the centre line, nm.
    """

    zones: tuple[int, ...]
    section_nm: dict[str, float]
    distance_nm: float


@cache
def _centreline():
    text = resources.files("arcticroute").joinpath("data/nsr_centreline.csv").read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    lons, lats, owner = [], [], []
    for i, r in enumerate(rows):
        lon, lat = geodesy.densify(
            [float(r["lon_start"]), float(r["lon_end"])],
            [float(r["lat_start"]), float(r["lat_end"])],
            _STEP_M,
        )
        lons.append(lon)
        lats.append(lat)
        owner.append(np.full(lon.size, i))
    lon = np.concatenate(lons)
    lat = np.concatenate(lats)
    from scipy.spatial import cKDTree

    xyz = geodesy.unit_vectors(lon, lat)
    return rows, cKDTree(xyz), np.concatenate(owner)


def nsr_crossing(route) -> NsrCrossing:
    """Zones and sections of the NSR that a route's ``nsr`` legs run through.

    Parameters
    ----------
    route : Route
        A route from :func:`arcticroute.routing.planner.route`.

    Returns
    -------
    NsrCrossing
        Empty (no zones, 0 nm) when the route has no ``nsr`` leg.
    """
    rows, tree, owner = _centreline()
    section_m: dict[str, float] = {}
    zones: set[int] = set()
    total_m = 0.0
    for leg in route.legs:
        if not {"nsr", "nsr_kara", "bering"} & set(leg.passages):
            continue
        lon, lat = geodesy.densify(leg.lon_deg, leg.lat_deg, _STEP_M)
        lon = geodesy.wrap_lon(lon)
        step = geodesy.geodesic_distance_m(lon[:-1], lat[:-1], lon[1:], lat[1:])
        mid_lon = geodesy.wrap_lon(lon[:-1] + 0.5 * ((lon[1:] - lon[:-1] + 180) % 360 - 180))
        chord, idx = tree.query(geodesy.unit_vectors(mid_lon, 0.5 * (lat[:-1] + lat[1:])))
        near = chord <= _CHORD_LIMIT
        for sub, d in zip(owner[idx[near]], step[near], strict=True):
            r = rows[int(sub)]
            name = r["section"] or "west of the NSR"
            section_m[name] = section_m.get(name, 0.0) + float(d)
            zones.update(int(z) for z in r["zones"].split("|") if z)
            total_m += float(d)
    return NsrCrossing(
        tuple(sorted(zones)),
        {k: v / geodesy.M_PER_NM for k, v in section_m.items()},
        total_m / geodesy.M_PER_NM,
    )
