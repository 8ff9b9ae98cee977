"""Geodesic lengths and line geometry on the WGS84 ellipsoid.

All distances are geodesics on WGS84 computed with pyproj's ``Geod``
(Karney's algorithms, GeographicLib), in metres inside the library and
converted to nautical miles or kilometres only when reported.

Longitudes are degrees east in [-180, 180); a line that crosses the
antimeridian is unwrapped for drawing and split for GeoJSON (RFC 7946
§3.1.9).
"""

from __future__ import annotations

from functools import cache

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pyproj import Geod

__all__ = [
    "MEAN_EARTH_RADIUS_M",
    "M_PER_NM",
    "densify",
    "geodesic_distance_m",
    "path_length_m",
    "split_antimeridian",
    "unit_vectors",
    "unwrap_lon",
    "wrap_lon",
]

M_PER_NM = 1852.0
"""Metres per international nautical mile (exact, by definition)."""

MEAN_EARTH_RADIUS_M = 6_371_008.8
"""Mean radius R1 of the GRS80/WGS84 ellipsoid, m (Moritz, Geodetic Reference System 1980):
to turn small chord or angle distances on the unit sphere into metres."""


@cache
def _geod() -> Geod:
    return Geod(ellps="WGS84")


def wrap_lon(lon_deg: ArrayLike) -> NDArray[np.float64]:
    """Wrap longitudes to [-180, 180)."""
    lon = np.asarray(lon_deg, dtype=float)
    return (lon + 180.0) % 360.0 - 180.0


def unwrap_lon(lon_deg: ArrayLike) -> NDArray[np.float64]:
    """Make a sequence of longitudes continuous (no jumps over 180°).

    The first value is kept; later values may leave [-180, 180).
    """
    lon = np.asarray(lon_deg, dtype=float)
    return np.rad2deg(np.unwrap(np.deg2rad(lon)))


def unit_vectors(lon_deg: ArrayLike, lat_deg: ArrayLike) -> NDArray[np.float64]:
    """Points on the unit sphere, shape (n, 3), for nearest-neighbour searches (KD-trees).

    Chord distances between these vectors order points as great-circle
    distances do; use :func:`geodesic_distance_m` for the WGS84 length.
    """
    lon = np.deg2rad(np.atleast_1d(np.asarray(lon_deg, dtype=float)))
    lat = np.deg2rad(np.atleast_1d(np.asarray(lat_deg, dtype=float)))
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


def geodesic_distance_m(
    lon1: ArrayLike, lat1: ArrayLike, lon2: ArrayLike, lat2: ArrayLike
) -> NDArray[np.float64]:
    """Geodesic distance between point pairs on WGS84, in metres (vectorised)."""
    lon1, lat1, lon2, lat2 = np.broadcast_arrays(
        *(np.asarray(a, dtype=float) for a in (lon1, lat1, lon2, lat2))
    )
    _, _, dist = _geod().inv(lon1, lat1, lon2, lat2)
    return np.asarray(dist, dtype=float)


def path_length_m(lon_deg: ArrayLike, lat_deg: ArrayLike) -> float:
    """Length of a polyline along geodesics between its vertices, in metres."""
    lon = np.asarray(lon_deg, dtype=float)
    lat = np.asarray(lat_deg, dtype=float)
    if lon.size < 2:
        return 0.0
    return float(geodesic_distance_m(lon[:-1], lat[:-1], lon[1:], lat[1:]).sum())


def densify(
    lon_deg: ArrayLike, lat_deg: ArrayLike, max_step_m: float = 50_000.0
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Insert points along each geodesic segment so none is longer than ``max_step_m``.

    Parameters
    ----------
    lon_deg, lat_deg : array_like
        Polyline vertices, degrees.
    max_step_m : float
        Largest distance between consecutive output vertices, metres.

    Returns
    -------
    lon_deg, lat_deg : ndarray
        The densified polyline with longitudes unwrapped (continuous), so it
        can be drawn or split at the antimeridian.
    """
    if max_step_m <= 0:
        raise ValueError(f"max_step_m must be positive, got {max_step_m}")
    lon = np.asarray(lon_deg, dtype=float)
    lat = np.asarray(lat_deg, dtype=float)
    if lon.size < 2:
        return unwrap_lon(lon), lat.copy()
    seg = geodesic_distance_m(lon[:-1], lat[:-1], lon[1:], lat[1:])
    n_extra = np.ceil(seg / max_step_m).astype(int) - 1
    out_lon = [lon[:1]]
    out_lat = [lat[:1]]
    geod = _geod()
    for i in range(lon.size - 1):
        if n_extra[i] > 0:
            pts = geod.npts(lon[i], lat[i], lon[i + 1], lat[i + 1], int(n_extra[i]))
            arr = np.asarray(pts, dtype=float)
            out_lon.append(arr[:, 0])
            out_lat.append(arr[:, 1])
        out_lon.append(lon[i + 1 : i + 2])
        out_lat.append(lat[i + 1 : i + 2])
    return unwrap_lon(np.concatenate(out_lon)), np.concatenate(out_lat)


def split_antimeridian(
    lon_deg: ArrayLike, lat_deg: ArrayLike
) -> list[tuple[NDArray[np.float64], NDArray[np.float64]]]:
    """Split a polyline where it crosses the antimeridian (RFC 7946 §3.1.9).

    Parameters
    ----------
    lon_deg, lat_deg : array_like
        Polyline vertices; longitudes may be wrapped or unwrapped.

    Returns
    -------
    list of (lon, lat)
        One part per side crossing, longitudes in [-180, 180]; the crossing
        point is interpolated (linearly in lon/lat, adequate for the dense
        lines this is used on) and repeated at ±180 in both parts.
    """
    lon = unwrap_lon(lon_deg)
    lat = np.asarray(lat_deg, dtype=float)
    shift = np.floor((lon + 180.0) / 360.0)  # which 360° band each vertex is in
    wrapped = lon - 360.0 * shift
    parts: list[tuple[NDArray[np.float64], NDArray[np.float64]]] = []
    start, lead_lon, lead_lat = 0, np.empty(0), np.empty(0)
    for i in np.flatnonzero(shift[1:] != shift[:-1]) + 1:
        edge = 180.0 + 360.0 * min(shift[i], shift[i - 1])
        t = (edge - lon[i - 1]) / (lon[i] - lon[i - 1])
        lat_x = lat[i - 1] + t * (lat[i] - lat[i - 1])
        side = 180.0 if lon[i] > lon[i - 1] else -180.0
        parts.append(
            (np.r_[lead_lon, wrapped[start:i], side], np.r_[lead_lat, lat[start:i], lat_x])
        )
        start, lead_lon, lead_lat = i, np.array([-side]), np.array([lat_x])
    parts.append((np.r_[lead_lon, wrapped[start:]], np.r_[lead_lat, lat[start:]]))
    return [p for p in parts if p[0].size >= 2]
