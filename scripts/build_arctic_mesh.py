"""Build the Arctic Ocean routing mesh from Natural Earth 1:10m land.

Input:  ``<shared>/natural-earth/10m/ne_10m_land.json.gz`` (public domain).
Output: ``src/arcticroute/data/arctic_mesh.npz`` (see ``arcticroute.geo.arcticmesh``).

Method
------
1. Cells are the psn25 sea-ice grid (EPSG:3411, 25 km, 304 x 448) whose centre
   lies north of ``LAT_MIN_DEG``, so every node maps to one ice cell.
2. Land (10m, clipped to north of ``LAND_LAT_MIN_DEG``) is projected to psn25
   and cut into one piece per 25 km cell (via 400 km tiles, to keep the
   clipping cheap). A cell that touches land is refined into ``REFINE`` x
   ``REFINE`` fine cells (6.25 km); a cell that is all land is dropped.
3. Nodes are the cell centres (coarse in open water, fine near the coast)
   that are not inside the 10m land (tested in lon/lat, as the tests do).
4. Candidate edges follow a 24-direction stencil: the offsets (p, q) with
   ``gcd(p, q) = 1`` and ``p² + q² <= 10``, i.e. the 8 king moves plus the
   knight-like (1, 2) and (1, 3) moves, in units of the source node's cell.
   Their largest angular gap is 18.4° (as for the 32-direction 7x7 stencil),
   so a grid path is at most ``1 / cos(9.2°) - 1 = 1.3 %`` longer than the
   straight line in the projection. A stencil target that falls in a refined
   cell goes to the fine node nearest to the target (coarse to fine); a
   fine-stencil target inside an unrefined cell goes to that cell's centre.
5. An edge is kept only if its straight segment in the projection does not
   intersect the land pieces (exact GEOS test, no sampling).
6. Only the largest connected component is kept (drops lakes and enclosed
   fjord bits that the land polygons cut off).

Edge lengths are WGS84 geodesic distances between the end nodes (pyproj).

Run: ``python scripts/build_arctic_mesh.py [--shared ../shared/data] [--out PATH]``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

import numpy as np
import shapely
from pyproj import Geod, Transformer
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from shapely.geometry import shape

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "src" / "arcticroute" / "data"
OUT_FILE = DATA / "arctic_mesh.npz"

PSN25_PROJ4 = (
    "+proj=stere +lat_0=90 +lat_ts=70 +lon_0=-45 +k=1 +x_0=0 +y_0=0 "
    "+a=6378273 +b=6356889.449 +units=m +no_defs"
)  # same as arcticroute.ice.icegrid.PSN25_PROJ4 (EPSG:3411)
NROW, NCOL = 448, 304
CELL_M = 25_000.0
X0_M = -3_850_000.0  # left edge of column 0
Y0_M = 5_850_000.0  # top edge of row 0
LAT_MIN_DEG = 60.0
"""Coarse cells whose centre lies south of this are outside the mesh."""
LAND_LAT_MIN_DEG = 50.0
REFINE = 4
"""Fine cells per coarse cell side: 25 km / 4 = 6.25 km."""
TILE = 16
"""Coarse cells per side of a clipping tile (400 km)."""
STENCIL = [
    (p, q)
    for p in range(-3, 4)
    for q in range(-3, 4)
    if (p, q) != (0, 0) and np.gcd(p, q) == 1 and p * p + q * q <= 10
]  # 24 directions


def load_land_lonlat(shared: Path) -> list[shapely.Geometry]:
    """10m land polygons north of ``LAND_LAT_MIN_DEG`` (lon/lat)."""
    with gzip.open(shared / "natural-earth/10m/ne_10m_land.json.gz", "rt") as fh:
        feats = json.load(fh)["features"]
    geoms = shapely.get_parts(np.array([shape(f["geometry"]) for f in feats]))
    clipped = shapely.clip_by_rect(geoms, -180.0, LAND_LAT_MIN_DEG, 180.0, 90.0)
    clipped = clipped[~shapely.is_empty(clipped)]
    return list(shapely.get_parts(clipped))


def project_land(parts: list[shapely.Geometry]) -> np.ndarray:
    fwd = Transformer.from_crs("EPSG:4326", PSN25_PROJ4, always_xy=True)

    def tr(coords: np.ndarray) -> np.ndarray:
        x, y = fwd.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    # clip edges (lat = LAND_LAT_MIN_DEG) have only two vertices; densify them so
    # they stay on the parallel instead of becoming chords across the Arctic
    dense = shapely.segmentize(np.array(parts), 0.05)
    proj = shapely.transform(dense, tr)
    return shapely.make_valid(proj)


def cell_pieces(land_xy: np.ndarray, rows: np.ndarray, cols: np.ndarray):
    """Land clipped to each coarse cell: dict (row, col) -> geometry (non-empty only)."""
    tree = shapely.STRtree(land_xy)
    wanted = set(zip(rows.tolist(), cols.tolist(), strict=True))
    pieces: dict[tuple[int, int], list] = {}
    for tr0 in range(0, NROW, TILE):
        for tc0 in range(0, NCOL, TILE):
            tx0, ty1 = X0_M + tc0 * CELL_M, Y0_M - tr0 * CELL_M
            tx1, ty0 = tx0 + TILE * CELL_M, ty1 - TILE * CELL_M
            hits = tree.query(shapely.box(tx0, ty0, tx1, ty1))
            if hits.size == 0:
                continue
            tile = shapely.clip_by_rect(land_xy[hits], tx0, ty0, tx1, ty1)
            tile = tile[~shapely.is_empty(tile)]
            if tile.size == 0:
                continue
            sub = shapely.STRtree(tile)
            for r in range(tr0, min(tr0 + TILE, NROW)):
                for c in range(tc0, min(tc0 + TILE, NCOL)):
                    if (r, c) not in wanted:
                        continue
                    cx0, cy1 = X0_M + c * CELL_M, Y0_M - r * CELL_M
                    cx1, cy0 = cx0 + CELL_M, cy1 - CELL_M
                    h = sub.query(shapely.box(cx0, cy0, cx1, cy1))
                    if h.size == 0:
                        continue
                    g = shapely.clip_by_rect(tile[h], cx0, cy0, cx1, cy1)
                    g = g[~shapely.is_empty(g) & (shapely.area(g) > 0)]
                    if g.size:
                        pieces[(r, c)] = shapely.union_all(g)
    return pieces


def on_land_lonlat(land_parts: list[shapely.Geometry], lon: np.ndarray, lat: np.ndarray):
    land = shapely.union_all(land_parts)
    shapely.prepare(land)
    return shapely.contains_xy(land, lon, lat)


def build(shared: Path, verbose: bool = True) -> dict[str, np.ndarray]:
    """Build the mesh arrays (see module docstring)."""
    t0 = time.perf_counter()

    def log(msg: str) -> None:
        if verbose:
            print(f"[{time.perf_counter() - t0:6.1f} s] {msg}")

    inv = Transformer.from_crs(PSN25_PROJ4, "EPSG:4326", always_xy=True)
    rr, cc = np.meshgrid(np.arange(NROW), np.arange(NCOL), indexing="ij")
    cx = X0_M + (cc + 0.5) * CELL_M
    cy = Y0_M - (rr + 0.5) * CELL_M
    _, clat = inv.transform(cx, cy)
    inside = clat >= LAT_MIN_DEG
    rows, cols = rr[inside], cc[inside]
    log(f"{rows.size} coarse cells north of {LAT_MIN_DEG}°N")

    land_ll = load_land_lonlat(shared)
    land_xy = project_land(land_ll)
    near = clat >= LAT_MIN_DEG - 2.0  # edges near the boundary may pass just outside
    pieces = cell_pieces(land_xy, rr[near], cc[near])
    log(f"{len(pieces)} coarse cells touch land")

    # state per coarse cell: 0 outside, 1 coarse (open water), 2 refined, 3 all land
    state = np.zeros((NROW, NCOL), dtype=np.int8)
    state[rows, cols] = 1
    for (r, c), g in pieces.items():
        if not inside[r, c]:
            continue
        state[r, c] = 3 if shapely.area(g) >= CELL_M * CELL_M * (1 - 1e-9) else 2

    # candidate nodes: coarse centres and fine centres, in fine index units
    cr, cc_ = np.nonzero(state == 1)
    rr2, cc2 = np.nonzero(state == 2)
    k = np.arange(REFINE)
    fr = (rr2[:, None, None] * REFINE + k[None, :, None]) + 0 * k[None, None, :]
    fc = (cc2[:, None, None] * REFINE + k[None, None, :]) + 0 * k[None, :, None]
    fr, fc = fr.ravel(), fc.ravel()
    fine_m = CELL_M / REFINE
    node_x = np.concatenate([X0_M + (cc_ + 0.5) * CELL_M, X0_M + (fc + 0.5) * fine_m])
    node_y = np.concatenate([Y0_M - (cr + 0.5) * CELL_M, Y0_M - (fr + 0.5) * fine_m])
    node_level = np.concatenate([np.zeros(cr.size, np.int8), np.ones(fr.size, np.int8)])
    node_row = np.concatenate([cr, fr // REFINE]).astype(np.int16)
    node_col = np.concatenate([cc_, fc // REFINE]).astype(np.int16)
    lon, lat = inv.transform(node_x, node_y)
    sea = ~on_land_lonlat(land_ll, lon, lat)
    log(f"candidate nodes {node_x.size} ({cr.size} coarse), at sea {sea.sum()}")

    # lookup tables
    n_cand = node_x.size
    coarse_id = np.full((NROW, NCOL), -1, dtype=np.int64)
    coarse_id[cr, cc_] = np.where(sea[: cr.size], np.arange(cr.size), -1)
    fine_id = np.full((NROW * REFINE, NCOL * REFINE), -1, dtype=np.int64)
    fine_id[fr, fc] = np.where(sea[cr.size :], np.arange(cr.size, n_cand), -1)

    def lookup_fine(fi: np.ndarray, fj: np.ndarray) -> np.ndarray:
        """Node at fine index (fi, fj): fine node if its cell is refined, else coarse centre."""
        ok = (fi >= 0) & (fi < NROW * REFINE) & (fj >= 0) & (fj < NCOL * REFINE)
        out = np.full(fi.shape, -1, dtype=np.int64)
        fi_, fj_ = fi[ok], fj[ok]
        st = state[fi_ // REFINE, fj_ // REFINE]
        res = np.where(
            st == 2,
            fine_id[fi_, fj_],
            np.where(st == 1, coarse_id[fi_ // REFINE, fj_ // REFINE], -1),
        )
        out[ok] = res
        return out

    us, vs = [], []
    coarse_nodes = np.nonzero(sea[: cr.size])[0]
    fine_nodes = cr.size + np.nonzero(sea[cr.size :])[0]
    for p, q in STENCIL:  # p: column step, q: row step
        # coarse sources: target coarse centre, or nearest fine cell of a refined target
        r0, c0 = cr[coarse_nodes] + q, cc_[coarse_nodes] + p
        fi = r0 * REFINE + (REFINE // 2 - (q > 0))
        fj = c0 * REFINE + (REFINE // 2 - (p > 0))
        fi = np.where(q == 0, r0 * REFINE + REFINE // 2 - 1, fi)
        fj = np.where(p == 0, c0 * REFINE + REFINE // 2 - 1, fj)
        tgt = lookup_fine(fi, fj)
        us.append(coarse_nodes)
        vs.append(tgt)
        # fine sources
        src_f = fine_nodes - cr.size
        tgt = lookup_fine(fr[src_f] + q, fc[src_f] + p)
        us.append(fine_nodes)
        vs.append(tgt)
    u = np.concatenate(us)
    v = np.concatenate(vs)
    ok = (v >= 0) & (v != u)
    u, v = np.minimum(u[ok], v[ok]), np.maximum(u[ok], v[ok])
    uv = np.unique(u * n_cand + v)
    u, v = uv // n_cand, uv % n_cand
    log(f"candidate edges {u.size}")

    tree = shapely.STRtree(list(pieces.values()))
    lines = shapely.linestrings(
        np.stack(
            [np.column_stack([node_x[u], node_y[u]]), np.column_stack([node_x[v], node_y[v]])], 1
        )
    )
    hit_line, _ = tree.query(lines, predicate="intersects")
    keep = np.ones(u.size, dtype=bool)
    keep[hit_line] = False
    u, v = u[keep], v[keep]
    log(f"edges at sea {u.size}")

    g = coo_matrix((np.ones(u.size), (u, v)), shape=(n_cand, n_cand))
    _, label = connected_components(g, directed=False)
    used = np.zeros(n_cand, dtype=bool)
    used[u] = used[v] = True
    big = np.bincount(label[used]).argmax() if used.any() else -1
    keep_node = sea & (label == big)
    new_id = np.cumsum(keep_node) - 1
    em = keep_node[u] & keep_node[v]
    u, v = new_id[u[em]], new_id[v[em]]
    log(f"largest component: {keep_node.sum()} nodes, {u.size} edges")

    lon, lat = lon[keep_node], lat[keep_node]
    _, _, length = Geod(ellps="WGS84").inv(lon[u], lat[u], lon[v], lat[v])
    return {
        "x_m": node_x[keep_node],
        "y_m": node_y[keep_node],
        "lon": np.round(lon, 7),
        "lat": np.round(lat, 7),
        "level": node_level[keep_node],
        "ice_row": node_row[keep_node],
        "ice_col": node_col[keep_node],
        "edge_u": u.astype(np.int32),
        "edge_v": v.astype(np.int32),
        "edge_length_m": np.asarray(length, dtype=np.float32),
        "proj4": np.array(PSN25_PROJ4),
        "params": np.array([LAT_MIN_DEG, CELL_M, REFINE, len(STENCIL)], dtype=np.float64),
    }


def save_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    tmp = path.with_suffix(".tmp.npz")
    np.savez_compressed(tmp, **arrays)
    tmp.replace(path)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=OUT_FILE, help="output .npz file")
    args = ap.parse_args()
    save_npz(args.out, build(args.shared))


if __name__ == "__main__":
    main()
