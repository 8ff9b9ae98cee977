"""Map layers of the web app as GeoJSON: land, sea-ice concentration, NSR zones, escort.

The page draws everything in the browser (Leaflet, in a polar or world
projection), so the layers are lon/lat GeoJSON made from the package's own
data, small and cached:

* **land**: the shipped Natural Earth 1:50m land (:func:`arcticroute.geo.land.land_polygons`)
  south-clipped at 60°S (the polar view cannot show Antarctica) and simplified.
* **ice**: concentration bands (15–50 %, 50–80 %, 80–100 %) contoured on the
  psn25 grid of :func:`arcticroute.ice.icedata.ice_for` (EPSG:3411) as the ice router
  sees it (coast and pole-hole cells filled by :func:`arcticroute.ice.icefill.fill_unseen`,
  as in :mod:`arcticroute.plots.iceplot`), plus an ``unknown`` band for cells still
  without a value (the router treats them as impassable; never drawn as open
  water).
* **NSR zones**: the seven zones of the 2013 NSR Rules as the mesh assigns them
  (:func:`arcticroute.geo.nsrzones.load_zones`), contoured on the same grid.
* **escort**: the segments of an ice-aware passage sailed under icebreaker
  escort (``IcePassage.escort``), as a MultiLineString.

The polygons are contoured in EPSG:3411 metres and their vertices given in
lon/lat; rings around the pole are not split at the antimeridian, because they
are meant for a polar projection (the page does not draw them in its world view).
"""

from __future__ import annotations

from functools import cache
from itertools import pairwise
from typing import Any

import numpy as np

from arcticroute.plots.iceplot import ESCORT_COLOUR, LAND_COLOUR
from arcticroute.plots.routemap import POLAR_THRESHOLD_LAT, ROUTE_COLOURS

__all__ = [
    "ICE_BANDS",
    "ICE_BAND_COLOURS",
    "VARIANT_COLOURS",
    "escort_geometry",
    "ice_geojson",
    "land_geojson",
    "map_style",
    "nsr_zones_geojson",
]

ICE_BANDS = (
    ("15-50", 0.15, 0.50),
    ("50-80", 0.50, 0.80),
    ("80-100", 0.80, 1.0 + 1e-6),
)
"""Concentration bands drawn (name, lower fraction inclusive, upper exclusive).
15 % is the usual ice-edge threshold (NSIDC extent); 50 % and 80 % split medium
from close and very close pack (WMO sea-ice nomenclature, total concentration)."""
LAND_TOLERANCE_DEG = 0.05
"""Simplification of the land outline, degrees (~5 km): below a pixel at the page's scales."""
LAND_MIN_LAT = -60.0
"""Land south of this latitude is left out (Antarctica: off the polar view)."""
GRID_TOLERANCE_M = 4_000.0
"""Simplification of ice and zone polygons, metres (a sixth of a 25 km cell)."""
ICE_BAND_COLOURS = {
    "15-50": "#a9b8c9",
    "50-80": "#6f86a0",
    "80-100": "#3e5570",
    "unknown": "#c9a227",
}
"""Fill of each concentration band on the page: a sequential slate ramp (lighter is
less ice), chosen to stand apart from the pale-blue sea, the land colour of the CLI's
maps and every route colour (``tests/web/test_web_page.py`` checks the CIE76 colour
differences); ``unknown`` in ochre, never a shade of the ramp or of open water."""
SEA_COLOUR = "#dbe8f4"
"""Background of the page's map (open water)."""
VARIANT_COLOURS = {"nsr_high": ROUTE_COLOURS["nsr"], "transpolar": "#17becf"}
"""Arctic variants the CLI's route map has no colour for: the high-latitude NSR in the
NSR's red (the page draws it dashed, so it shows where it follows the NSR), the
transpolar route in matplotlib's tab:cyan (the next colour of the CLI's palette)."""
_ROUND = 3  # decimal degrees kept in layer coordinates (~100 m)


def _grid_proj() -> str:
    from arcticroute.plots.iceplot import PSN25_PROJ

    return PSN25_PROJ


@cache
def _to_lonlat():
    from pyproj import Transformer

    return Transformer.from_crs(_grid_proj(), "EPSG:4326", always_xy=True)


def _ring_lonlat(xy: np.ndarray) -> list[list[float]]:
    lon, lat = _to_lonlat().transform(xy[:, 0], xy[:, 1])
    return np.round(np.column_stack([lon, lat]), _ROUND).tolist()


def _polygons(gen, lower: float, upper: float) -> list[list[list[list[float]]]]:
    """Filled contour polygons between two levels, simplified, as lon/lat rings."""
    import shapely

    points, offsets = gen.filled(lower, upper)
    out = []
    for pts, offs in zip(points, offsets, strict=True):
        rings = [pts[a:b] for a, b in pairwise(offs)]
        poly = shapely.Polygon(rings[0], rings[1:])
        poly = shapely.simplify(poly, GRID_TOLERANCE_M, preserve_topology=True)
        if poly.is_empty or poly.area < (25_000.0**2) / 4:
            continue
        out.append(
            [_ring_lonlat(np.asarray(poly.exterior.coords))]
            + [_ring_lonlat(np.asarray(r.coords)) for r in poly.interiors]
        )
    return out


def _generator(x: np.ndarray, y: np.ndarray, z: np.ndarray):
    import contourpy

    return contourpy.contour_generator(
        x, y, np.ma.masked_invalid(z), fill_type=contourpy.FillType.OuterOffset
    )


def _fill_dry(values: np.ndarray, dry: np.ndarray, max_cells: float | None = None) -> np.ndarray:
    """Give dry (land, lake) cells the value of the nearest wet cell, for drawing only.

    The land layer is drawn over the ice, so a band reaching under the coast
    meets the coastline instead of stopping half a cell short of it.
    """
    from scipy import ndimage

    dist, (iy, ix) = ndimage.distance_transform_edt(dry, return_indices=True)
    out = values[iy, ix]
    out = np.where(dry, out, values)
    if max_cells is not None:
        out = np.where(dry & (dist > max_cells), np.nan, out)
    return out


def ice_geojson(ds) -> dict[str, Any]:
    """Concentration bands of one ice field as a GeoJSON FeatureCollection.

    Parameters
    ----------
    ds : xarray.Dataset
        :func:`arcticroute.ice.icedata.ice_for` output (``sic`` fraction on psn25 ``y``/``x``).

    Returns
    -------
    dict
        Features with ``band`` (``"15-50"``, ``"50-80"``, ``"80-100"``,
        ``"unknown"``), ``min``/``max`` fraction; foreign members ``ice_source``,
        ``product``, ``statistic``, ``requested_date``, ``time`` describe the field.
    """
    from arcticroute.ice import icefill

    sic = np.asarray(ds["sic"].values, dtype=float)
    masks = {
        name: np.asarray(ds[name].values, dtype=bool)
        if name in ds
        else np.zeros(sic.shape, dtype=bool)
        for name in ("land", "coast", "pole_hole", "lake")
    }
    if masks["coast"].any() or masks["pole_hole"].any():
        sic, _ = icefill.fill_unseen(
            sic, masks["land"], masks["coast"], masks["pole_hole"], lake=masks["lake"]
        )
        sic = np.asarray(sic, dtype=float)
    dry = masks["land"] | masks["lake"]
    unknown = np.isnan(sic) & ~dry
    shown = _fill_dry(np.where(dry, np.nan, sic), dry, max_cells=1.5)
    shown[unknown] = np.nan
    x, y = np.asarray(ds["x"].values, float), np.asarray(ds["y"].values, float)
    gen = _generator(x, y, shown)
    features = []
    for band, lo, hi in ICE_BANDS:
        for rings in _polygons(gen, lo, hi):
            features.append(_feature(rings, {"band": band, "min": lo, "max": min(hi, 1.0)}))
    if unknown.any():
        gen_u = _generator(x, y, unknown.astype(float))
        for rings in _polygons(gen_u, 0.5, 1.5):
            features.append(_feature(rings, {"band": "unknown", "min": None, "max": None}))
    attrs = ds.attrs
    time = ds["time"].values if "time" in ds.coords or "time" in ds else None
    return {
        "type": "FeatureCollection",
        "features": features,
        "ice_source": attrs.get("ice_source"),
        "product": attrs.get("product"),
        "statistic": attrs.get("statistic"),
        "requested_date": attrs.get("requested_date"),
        "time": None if time is None else str(np.datetime_as_string(time, unit="D")),
    }


def _feature(rings: list, properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": "Polygon", "coordinates": rings},
    }


@cache
def land_geojson() -> dict[str, Any]:
    """The shipped land as one GeoJSON Feature (MultiPolygon), simplified (cached)."""
    import json

    import shapely

    from arcticroute.geo.land import land_polygons

    land = shapely.clip_by_rect(land_polygons(), -180.0, LAND_MIN_LAT, 180.0, 90.0)
    land = shapely.simplify(land, LAND_TOLERANCE_DEG, preserve_topology=True)
    land = shapely.set_precision(land, 0.01)
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"source": "Natural Earth 1:50m land (public domain)"},
                "geometry": json.loads(shapely.to_geojson(land)),
            }
        ],
    }


@cache
def nsr_zones_geojson() -> dict[str, Any]:
    """The 2013 NSR zones 1–7 as GeoJSON polygons (``zone``, ``name``), cached."""
    from arcticroute.geo.arcticmesh import load_mesh
    from arcticroute.geo.nsr import ZONE_NAMES
    from arcticroute.geo.nsrzones import load_zones
    from arcticroute.ice.icedata import shipped_grid

    mesh, zones, grid = load_mesh(), load_zones(), shipped_grid()
    x, y = np.asarray(grid["x"].values, float), np.asarray(grid["y"].values, float)
    cell_zone = np.zeros((y.size, x.size))
    inside = zones.node_zone > 0
    cell_zone[mesh.ice_row[inside], mesh.ice_col[inside]] = zones.node_zone[inside]
    # Reach a cell under the coastline (drawn over the zones) from the nearest zone cell.
    cell_zone = _fill_dry(cell_zone, cell_zone == 0, max_cells=1.5)
    features = []
    for zone, name in sorted(ZONE_NAMES.items()):
        gen = _generator(x, y, (cell_zone == zone).astype(float))
        for rings in _polygons(gen, 0.5, 1.5):
            features.append(_feature(rings, {"zone": zone, "name": name}))
    return {"type": "FeatureCollection", "features": features}


def escort_geometry(route) -> dict[str, Any] | None:
    """The escorted segments of an ice-aware route as a GeoJSON MultiLineString.

    Parameters
    ----------
    route : arcticroute.routing.legs.Route
        Its ``ice`` legs carry one escort flag per segment (``Leg.escort``).

    Returns
    -------
    dict or None
        Lon/lat lines split at the antimeridian (RFC 7946); None when no segment
        is escorted or the route is not ice-aware.
    """
    from arcticroute.geo.geodesy import split_antimeridian

    lines = []
    for leg in route.legs:
        if leg.escort is None or not np.any(leg.escort):
            continue
        lon, lat = np.asarray(leg.lon_deg, float), np.asarray(leg.lat_deg, float)
        edges = np.diff(np.concatenate([[0], np.asarray(leg.escort, np.int8), [0]]))
        for a, b in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True):
            for plon, plat in split_antimeridian(lon[a : b + 1], lat[a : b + 1]):
                lines.append(np.round(np.column_stack([plon, plat]), 5).tolist())
    if not lines:
        return None
    return {"type": "MultiLineString", "coordinates": lines}


def map_style() -> dict[str, Any]:
    """Colours and thresholds of the page's map, from the CLI's plots where they exist.

    Returns
    -------
    dict
        ``route_colours`` (:data:`arcticroute.plots.routemap.ROUTE_COLOURS` plus
        :data:`VARIANT_COLOURS`), ``dashed`` (variants drawn dashed), ``escort_colour``
        (:data:`arcticroute.plots.iceplot.ESCORT_COLOUR`), ``land_colour``,
        ``sea_colour``, ``ice_bands`` (name, lower and upper percent, colour) and
        ``polar_threshold_lat`` (degrees north beyond which a route gets the polar map).
    """
    unknown = ICE_BAND_COLOURS["unknown"]
    return {
        "route_colours": {**ROUTE_COLOURS, **VARIANT_COLOURS},
        "dashed": ["nsr_high"],
        "escort_colour": ESCORT_COLOUR,
        "land_colour": LAND_COLOUR,
        "sea_colour": SEA_COLOUR,
        "ice_bands": [
            {
                "band": name,
                "min_pct": round(lo * 100),
                "max_pct": min(round(hi * 100), 100),
                "colour": ICE_BAND_COLOURS[name],
            }
            for name, lo, hi in ICE_BANDS
        ]
        + [{"band": "unknown", "min_pct": None, "max_pct": None, "colour": unknown}],
        "polar_threshold_lat": POLAR_THRESHOLD_LAT,
    }
