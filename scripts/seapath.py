"""Build-time helpers: find where a line crosses land and route it round by sea.

Used by ``build_network.py`` to repair sea-lane edges that cut across
Natural Earth 1:10m land and to build port approach legs. Only the build
uses this; the installed package never does.

Method
------
A line is densified along the geodesic to ``STEP_KM`` and each point tested
against the land polygons. A run of land points longer than the tolerance is
replaced by a path over a local lat/lon grid of sea cells (cell centres not
on land), found with ``scipy.sparse.csgraph.dijkstra`` over 16-neighbour
moves weighted by local equirectangular distance, then thinned by
line-of-sight (a vertex is dropped if the straight geodesic that skips it
stays at sea). The grid spans the run's bounding box plus a margin; if no
sea path exists there the crossing is an inland waterway (river, lake or
canal that the land polygons cover), and the caller decides what to do.
"""

from __future__ import annotations

import numpy as np
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import dijkstra

from arcticroute.geo import geodesy

STEP_KM = 1.0
MAX_REPAIRS = 5
KM_PER_DEG_LAT = 111.0
MOVES = [
    (dy, dx)
    for dy in (-2, -1, 0, 1, 2)
    for dx in (-2, -1, 0, 1, 2)
    if (dy, dx) != (0, 0) and np.gcd(abs(dy), abs(dx)) == 1
]  # 16 neighbours


def densify_km(lon, lat, step_km=STEP_KM):
    """Densify a polyline; return unwrapped lon, lat and, per output point, the source segment."""
    lon = np.asarray(lon, float)
    lat = np.asarray(lat, float)
    out_lon, out_lat, seg = [lon[:1]], [lat[:1]], [np.array([0])]
    for i in range(lon.size - 1):
        dl, dla = geodesy.densify(lon[i : i + 2], lat[i : i + 2], step_km * 1000.0)
        out_lon.append(dl[1:])
        out_lat.append(dla[1:])
        seg.append(np.full(dl.size - 1, i))
    lon_d = geodesy.unwrap_lon(np.concatenate(out_lon))
    return lon_d, np.concatenate(out_lat), np.concatenate(seg)


def on_land(land, lon, lat, exempt_boxes=()):
    w = geodesy.wrap_lon(lon)
    flag = shapely.contains_xy(land, w, lat)
    for x0, y0, x1, y1 in exempt_boxes:
        flag &= ~((w >= x0) & (w <= x1) & (lat >= y0) & (lat <= y1))
    return flag


def land_runs(flag):
    """(start, stop) index pairs of consecutive True values."""
    d = np.diff(np.r_[0, flag.astype(np.int8), 0])
    return list(zip(np.where(d == 1)[0], np.where(d == -1)[0], strict=True))


def longest_land_km(land, lon, lat, exempt_boxes=()):
    dl, dla, _ = densify_km(lon, lat)
    runs = land_runs(on_land(land, dl, dla, exempt_boxes))
    return max((b - a for a, b in runs), default=0) * STEP_KM


def grid_path(land, a, b, margin_km, res_km, exempt_boxes=(), land_cost=None, max_cells=2_500_000):
    """Path from a to b (lon, lat; lon may be unwrapped) over a local grid, or None.

    With ``land_cost=None`` only sea cells are used. With a number, land
    cells are usable at that many times their length, so the path crosses as
    little land as it can (used from ports that sit inside the land polygon
    or up a river). Returns a thinned list of (lon, lat) points from a to b.
    """
    lat0 = 0.5 * (a[1] + b[1])
    coslat = max(np.cos(np.deg2rad(lat0)), 0.05)
    dlat = res_km / KM_PER_DEG_LAT
    dlon = dlat / coslat
    mlat = margin_km / KM_PER_DEG_LAT
    mlon = mlat / coslat
    lon_min, lon_max = min(a[0], b[0]) - mlon, max(a[0], b[0]) + mlon
    lat_min = max(min(a[1], b[1]) - mlat, -89.5)
    lat_max = min(max(a[1], b[1]) + mlat, 89.5)
    nx = int(np.ceil((lon_max - lon_min) / dlon)) + 1
    ny = int(np.ceil((lat_max - lat_min) / dlat)) + 1
    if nx * ny > max_cells:
        return None
    xs = lon_min + dlon * np.arange(nx)
    ys = lat_min + dlat * np.arange(ny)
    gx, gy = np.meshgrid(xs, ys)
    is_land = on_land(land, gx.ravel(), gy.ravel(), exempt_boxes)
    ia = round((a[1] - lat_min) / dlat) * nx + round((a[0] - lon_min) / dlon)
    ib = round((b[1] - lat_min) / dlat) * nx + round((b[0] - lon_min) / dlon)
    if land_cost is None:
        usable = ~is_land
        if not (usable[ia] and usable[ib]):
            return None
        cost = np.ones(nx * ny)
    else:
        usable = np.ones(nx * ny, dtype=bool)
        cost = np.where(is_land, float(land_cost), 1.0)
    idx = np.arange(nx * ny).reshape(ny, nx)
    rows, cols, wts = [], [], []
    for dy, dx in MOVES:
        src = idx[max(0, -dy) : ny - max(0, dy), max(0, -dx) : nx - max(0, dx)].ravel()
        dst = src + dy * nx + dx
        ok = usable[src] & usable[dst]
        src, dst = src[ok], dst[ok]
        ylat = gy.ravel()[src]
        length = np.hypot(dy * dlat, dx * dlon * np.cos(np.deg2rad(ylat)))
        rows.append(src)
        cols.append(dst)
        wts.append(length * 0.5 * (cost[src] + cost[dst]))
    g = coo_matrix(
        (np.concatenate(wts), (np.concatenate(rows), np.concatenate(cols))),
        shape=(nx * ny, nx * ny),
    ).tocsr()
    dist, pred = dijkstra(g, indices=ia, return_predecessors=True)
    if not np.isfinite(dist[ib]):
        return None
    cells = [ib]
    while cells[-1] != ia:
        cells.append(int(pred[cells[-1]]))
    cells = cells[::-1]
    pts = [tuple(a)] + [(gx.flat[c], gy.flat[c]) for c in cells[1:-1]] + [tuple(b)]
    return thin(land, pts, exempt_boxes)


def _land_km(land, p, q, exempt_boxes):
    dl, dla = geodesy.densify([p[0], q[0]], [p[1], q[1]], STEP_KM * 500.0)
    return on_land(land, dl, dla, exempt_boxes).sum() * STEP_KM * 0.5


def thin(land, pts, exempt_boxes=()):
    """Greedy line-of-sight thinning that never adds land to the path.

    A shortcut from vertex i to j is taken when its straight geodesic
    crosses no more land than the path it replaces (plus 0.5 km).
    """
    seg_land = np.array(
        [_land_km(land, pts[k], pts[k + 1], exempt_boxes) for k in range(len(pts) - 1)]
    )
    cum = np.r_[0.0, np.cumsum(seg_land)]
    out = [pts[0]]
    i = 0
    while i < len(pts) - 1:
        j = len(pts) - 1
        while j > i + 1 and _land_km(land, pts[i], pts[j], exempt_boxes) > cum[j] - cum[i] + 0.5:
            j -= 1
        out.append(pts[j])
        i = j
    return out


def repair_line(land, lon, lat, max_land_km, exempt_boxes=(), keep_start_km=0.0):
    """Route every land crossing longer than ``max_land_km`` round by sea.

    Parameters
    ----------
    keep_start_km : float
        Land within this many km of the start is left alone (a port on the
        coast may sit inside the 1:10m land polygon).

    Returns
    -------
    (lon, lat, status) where status is "ok", "repaired" or "inland".
    """
    status = "ok"
    for attempt in range(MAX_REPAIRS + 1):
        dl, dla, seg = densify_km(lon, lat)
        flag = on_land(land, dl, dla, exempt_boxes)
        flag[: int(keep_start_km / STEP_KM)] = False
        runs = [(s, e) for s, e in land_runs(flag) if (e - s) * STEP_KM > max_land_km]
        if not runs:
            return lon, lat, status
        if attempt == MAX_REPAIRS:
            break  # still crossing land after every reroute: treat it as inland
        s, e = max(runs, key=lambda r: r[1] - r[0])
        pad = 2
        ia, ib = max(s - pad, 0), min(e + pad, dl.size - 1)
        if flag[ia] or flag[ib]:
            return lon, lat, "inland"
        run_km = (ib - ia) * STEP_KM
        path = None
        for margin in (max(20.0, 0.5 * run_km), max(60.0, 1.5 * run_km)):
            res = float(np.clip(run_km / 150.0, 0.5, 4.0))
            path = grid_path(land, (dl[ia], dla[ia]), (dl[ib], dla[ib]), margin, res, exempt_boxes)
            if path is not None:
                break
        if path is None:
            return lon, lat, "inland"
        ulon = geodesy.unwrap_lon(lon)
        i0, i1 = int(seg[ia]), int(seg[ib])
        new = (
            list(zip(ulon[: i0 + 1], lat[: i0 + 1], strict=True))
            + path
            + list(zip(ulon[i1 + 1 :], lat[i1 + 1 :], strict=True))
        )
        arr = np.array(new)
        keep = np.r_[True, np.any(np.diff(arr, axis=0) != 0, axis=1)]
        lon, lat = geodesy.unwrap_lon(arr[keep, 0]), arr[keep, 1]
        status = "repaired"
    return lon, lat, "inland"
