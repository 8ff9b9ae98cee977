"""Land polygons shipped with the package (Natural Earth 1:50m, simplified).

Used to draw maps and to refuse positions on land. Built by
``scripts/build_basemap.py``; loading needs shapely and takes ~0.1 s, so it
happens only when a map is drawn or a "lat,lon" position is checked.
"""

from __future__ import annotations

import gzip
from functools import cache
from importlib import resources

from arcticroute.errors import DataFileError, PointOnLandError

__all__ = ["check_at_sea", "land_polygons"]


@cache
def land_polygons():
    """Natural Earth 1:50m land as one shapely MultiPolygon (lon/lat, WGS84)."""
    import shapely

    ref = resources.files("arcticroute").joinpath("data/land_50m.wkb.gz")
    try:
        with ref.open("rb") as raw, gzip.GzipFile(fileobj=raw) as fh:
            geom = shapely.from_wkb(fh.read())
    except (OSError, EOFError, shapely.errors.GEOSException) as exc:
        raise DataFileError(
            f"cannot read the shipped land polygons {ref}: {exc}; reinstall arcticroute or "
            "rebuild them with scripts/build_basemap.py"
        ) from exc
    shapely.prepare(geom)
    return geom


def check_at_sea(lon_deg: float, lat_deg: float) -> None:
    """Raise :class:`PointOnLandError` if the position is on land.

    Land is Natural Earth 1:50m (simplified to ~1 km), so positions within
    about a kilometre of the coast may be judged either way.
    """
    import shapely

    if shapely.contains_xy(land_polygons(), lon_deg, lat_deg):
        raise PointOnLandError(
            f"position {lat_deg:.4f},{lon_deg:.4f} (lat,lon) is on land; give a position at "
            "sea or a port name (check the order: latitude first, then longitude)"
        )
