"""Build the NSR water area, its seven zones and the shallow straits on the Arctic mesh.

Inputs
------
* ``src/arcticroute/data/arctic_mesh.npz``: the shipped routing mesh (nodes, edges).
* ``src/arcticroute/data/nsr_centreline.csv``: the NSR centre line in 36 sub-zones
  with their 2013 zones (Waite et al., after Cheaitou et al. 2019; built from
  ``<shared>/nsr-shipping-model-inputs`` by ``scripts/build_nsr_centreline.py``).
* ``src/arcticroute/data/parameters_nsr_geography.toml``: the strait polygons.
* ``<shared>/natural-earth/``: 1:10m land, 1:10m marine polygons ("Barents Sea"),
  1:110m admin-0 countries (public domain).

Output
------
``src/arcticroute/data/arctic_mesh_zones.npz`` (see ``arcticroute.geo.nsrzones``):
``nsr_zone`` (int8 per node, 0 outside the NSR water area, else zone 1..7),
``strait_id`` (int8 per node, 0 none, else 1 + index into ``strait_names``),
``edge_strait_bits`` (uint8 per edge, bit k set when the edge meets strait k's
polygon), ``strait_names``, the strait polygons used (``strait_polygons_json``),
the capes found (``cape_*_lonlat_deg``), the east-limit longitude and
``mesh_sha256`` / ``mesh_n_nodes`` of the mesh it belongs to, and the estuary
arrays (``estuary_id``, ``estuary_source``, ``estuary_names``). Depths are not
stored: ``arcticroute.geo.nsrzones`` reads them from the registry at call time.

Method (every step an approximation of Art. 5.1 KTM RF, nsr-rules.md §1.1)
-------------------------------------------------------------------------
1. Capes, from Natural Earth 1:10m land. Cape Zhelaniya: the northernmost vertex
   of Severny Island (the largest land part lying inside 50-70°E, 73-78°N).
   Cape Dezhnev: the easternmost vertex of the Chukotka Peninsula east of the
   antimeridian (the largest land part lying inside 180-165°W, 60-72°N; Natural
   Earth splits polygons at 180°).
2. Russian land: the 1:10m coast vertices north of 55°N whose nearest 1:110m
   admin-0 boundary point belongs to Russia (1:110m is the only country layer
   in the shared data; 1:10m land has no country attribute).
3. EEZ: mesh nodes within 200 nm of a Russian coast vertex (great circle on a
   sphere of radius 6,371,008.8 m). UNCLOS Art. 57 measures the 200 nm from the
   baselines; straight baselines and the boundaries with Norway (Svalbard) and
   the USA other than the 1990 line below are ignored.
4. West limit: mesh edges are cut where they cross (a) the meridian of Cape
   Zhelaniya north of the cape, or (b) the Natural Earth "Barents Sea" polygon
   boundary west of that meridian and south of the cape, which follows the
   west coasts of Novaya Zemlya and Vaygach and closes the western mouths of
   Matochkin Shar, Kara Gates and Yugorsky Shar (so the straits are inside).
5. East limit: nodes east of the 1990 USSR-USA line (168°58'37"W) are out, and
   edges crossing the parallel of Cape Dezhnev between the cape and that line
   are cut.
6. The NSR water area is the connected part of the EEZ nodes (with the cuts of
   4-5) that holds the centre line in the Kara Sea; the build checks that the
   centre line in every zone is in it and the Barents and Bering Seas are not.
7. Zones (no source gives their bounds, nsr-rules.md §1.2): each NSR node takes
   the zone of the nearest point of the centre line (densified to 5 km), whose
   sub-zones carry the source's zone map. The source maps its Laptev section to
   zones 3 and 4 together; its eight sub-zones are split in order, the first
   four (105-125°E) to zone 3 and the last four (125-145°E) to zone 4.
   Sub-zones without a zone (sz1-sz3, west of the NSR) are left out.
8. Straits: nodes inside each polygon of ``parameters_nsr_geography.toml`` get
   its ``strait_id`` (the build fails if polygons overlap); every edge whose
   psn25 segment meets a polygon gets its bit, since a coarse edge (up to 79 km)
   can cross a strait polygon with neither end inside it.

9. Estuaries (``nsr_geography.spillover_estuaries``): nodes inside the named
   Natural Earth 1:10m marine polygons, widened by 25 km (one psn25 cell: the
   shore nodes), get ``estuary_id`` and, in ``estuary_source``, the node at
   the estuary's mouth (outside all estuaries, nearest to the polygon's
   northernmost vertex: both open to the north), whose ice the router uses
   there (land spill-over makes the 25 km concentration in these narrow
   estuaries unreliable).

Edges are straight in the psn25 projection (``arcticroute.geo.arcticmesh``), so the
crossing tests run there. Deterministic: no randomness, fixed input order.

Run: ``python scripts/build_nsr_zones.py [--shared ../shared/data] [--out PATH]``.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import time
import tomllib
from pathlib import Path

import numpy as np
import shapely
from pyproj import Transformer
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree
from shapely.geometry import shape

from arcticroute.geo import geodesy
from arcticroute.geo.nsrzones import mesh_sha256

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "src" / "arcticroute" / "data"
OUT_FILE = DATA / "arctic_mesh_zones.npz"
MESH_FILE = DATA / "arctic_mesh.npz"
CENTRELINE_FILE = DATA / "nsr_centreline.csv"
PARAMS_FILE = DATA / "parameters_nsr_geography.toml"

EARTH_RADIUS_M = 6_371_008.8
"""Mean Earth radius (IUGG), for chord distances between unit vectors."""
EEZ_NM = 200.0
"""Outer limit of the EEZ from the baselines, UNCLOS (1982) Art. 57."""
USSR_USA_LINE_LON_DEG = -(168.0 + 58.0 / 60.0 + 37.0 / 3600.0)
"""168°58'37"W, the 1990 USSR-USA maritime boundary north of 65°30'N (nsr-rules.md §1.1)."""
COUNTRY_LAT_MIN_DEG = 55.0
"""Coast vertices south of this cannot lie within 200 nm of a mesh node (all north of 60°N)."""
CENTRELINE_STEP_M = 5_000.0
LAPTEV_ZONE3_SUBZONES = ("sz17", "sz18", "sz19", "sz20")
"""Laptev sub-zones assigned to zone 3 (the rest of the section goes to zone 4)."""
KARA_SEED_LONLAT = (65.0, 72.958)
ESTUARY_MARGIN_M = 25_000.0
"""Estuary outlines are widened by one coarse (psn25) cell, in metres."""
"""Start of centre-line sub-zone sz8 (Kara Sea): seeds the NSR component."""
CHECK_IN = {
    "Kara SW (sz6)": (60.0, 71.289),
    "Laptev (sz20)": (125.0, 76.219),
    "East Siberian (sz27)": (160.0, 72.707),
    "Chukchi (sz34)": (-170.0, 69.49),
}
CHECK_OUT = {
    "Barents Sea": (33.0, 71.0),
    "Pechora Sea": (55.0, 69.5),
    "Barents Sea north of Novaya Zemlya": (60.0, 77.5),
    "Bering Sea": (-172.0, 64.5),
    "Gulf of Anadyr": (178.0, 64.5),
}


def _log(t0: float, msg: str, verbose: bool) -> None:
    if verbose:
        print(f"[{time.perf_counter() - t0:5.1f} s] {msg}")


def load_land_parts(shared: Path) -> np.ndarray:
    with gzip.open(shared / "natural-earth/10m/ne_10m_land.json.gz", "rt") as fh:
        feats = json.load(fh)["features"]
    return shapely.get_parts(np.array([shape(f["geometry"]) for f in feats]))


def largest_part_within(parts: np.ndarray, lon0, lat0, lon1, lat1) -> shapely.Geometry:
    b = shapely.bounds(parts)
    inside = (b[:, 0] >= lon0) & (b[:, 1] >= lat0) & (b[:, 2] <= lon1) & (b[:, 3] <= lat1)
    cand = parts[inside]
    return cand[int(np.argmax(shapely.area(cand)))]


def find_capes(parts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(lon, lat) of Cape Zhelaniya and Cape Dezhnev (method step 1)."""
    severny = np.asarray(largest_part_within(parts, 50, 73, 70, 78).exterior.coords)
    zhelaniya = severny[np.argmax(severny[:, 1])]
    chukotka = np.asarray(largest_part_within(parts, -180, 60, -165, 72).exterior.coords)
    dezhnev = chukotka[np.argmax(chukotka[:, 0])]
    return zhelaniya.copy(), dezhnev.copy()


def _ring_coords(geoms) -> np.ndarray:
    rings = shapely.get_rings(np.asarray(geoms))
    return shapely.get_coordinates(rings)


def russian_coast_vertices(shared: Path, parts: np.ndarray) -> np.ndarray:
    """Unit vectors of the 1:10m coast vertices assigned to Russia (method step 2)."""
    with open(shared / "natural-earth/110m/ne_110m_admin_0_countries.json", encoding="utf-8") as fh:
        feats = json.load(fh)["features"]
    samples, is_rus = [], []
    for f in feats:
        g = shape(f["geometry"])
        if g.bounds[3] < COUNTRY_LAT_MIN_DEG:
            continue
        xy = _ring_coords(shapely.get_parts(shapely.segmentize(g, 0.05)))
        samples.append(xy)
        is_rus.append(np.full(len(xy), f["properties"]["ADM0_A3"] == "RUS"))
    xy110 = np.concatenate(samples)
    rus110 = np.concatenate(is_rus)
    b = shapely.bounds(parts)
    xy10 = _ring_coords(parts[b[:, 3] >= COUNTRY_LAT_MIN_DEG])
    xy10 = xy10[xy10[:, 1] >= COUNTRY_LAT_MIN_DEG]
    tree = cKDTree(geodesy.unit_vectors(xy110[:, 0], xy110[:, 1]))
    v10 = geodesy.unit_vectors(xy10[:, 0], xy10[:, 1])
    _, idx = tree.query(v10)
    return v10[rus110[idx]]


def within_eez(rus_vec: np.ndarray, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Nodes within ``EEZ_NM`` of Russian coast (method step 3)."""
    angle = EEZ_NM * geodesy.M_PER_NM / EARTH_RADIUS_M
    chord = 2.0 * np.sin(angle / 2.0)
    dist, _ = cKDTree(rus_vec).query(
        geodesy.unit_vectors(lon, lat), distance_upper_bound=chord * (1 + 1e-12)
    )
    return np.isfinite(dist)


def barents_closing_lines(shared: Path, lon_z: float, lat_z: float) -> list[np.ndarray]:
    """Runs of the NE 'Barents Sea' boundary west of lon_z, south of lat_z, east of 50°E."""
    with open(
        shared / "natural-earth/10m/ne_10m_geography_marine_polys.json", encoding="utf-8"
    ) as fh:
        feats = json.load(fh)["features"]
    (barents,) = [shape(f["geometry"]) for f in feats if f["properties"]["name"] == "Barents Sea"]
    runs = []
    for ring in shapely.get_rings(shapely.get_parts(barents)):
        c = np.asarray(ring.coords)
        ok = (c[:, 0] < lon_z) & (c[:, 0] > 50.0) & (c[:, 1] < lat_z)
        seg_ok = ok[:-1] & ok[1:]
        # split the boundary into runs of consecutive kept segments
        start = None
        for i, keep in enumerate(np.append(seg_ok, False)):
            if keep and start is None:
                start = i
            elif not keep and start is not None:
                runs.append(c[start : i + 1])
                start = None
    return runs


def cut_edges(lines_lonlat: list[np.ndarray], to_xy, edges_xy: np.ndarray) -> np.ndarray:
    """Mask of mesh edges (straight in psn25) that cross any of the lines."""
    lines = []
    for ll in lines_lonlat:
        lon, lat = geodesy.densify(ll[:, 0], ll[:, 1], 2_000.0)
        lines.append(shapely.linestrings(np.column_stack(to_xy(lon, lat))))
    hit = shapely.STRtree(edges_xy).query(np.array(lines), predicate="intersects")[1]
    mask = np.zeros(edges_xy.size, dtype=bool)
    mask[hit] = True
    return mask


def read_centreline(path: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Centre-line points (densified) and their zone (method step 7)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    lons, lats, zones = [], [], []
    for r in rows:
        zs = [int(z) for z in r["zones"].split("|") if z]
        if not zs:
            continue
        zone = zs[0] if len(zs) == 1 else (3 if r["subzone"] in LAPTEV_ZONE3_SUBZONES else 4)
        if len(zs) > 1 and zs != [3, 4]:
            raise ValueError(f"unexpected zone list {r['zones']!r} in {r['subzone']}")
        lon, lat = geodesy.densify(
            [float(r["lon_start"]), float(r["lon_end"])],
            [float(r["lat_start"]), float(r["lat_end"])],
            CENTRELINE_STEP_M,
        )
        lons.append(geodesy.wrap_lon(lon))
        lats.append(lat)
        zones.append(np.full(lon.size, zone, dtype=np.int8))
    return np.concatenate(lons), np.concatenate(lats), np.concatenate(zones)


def read_strait_polygons(path: Path) -> dict[str, list[list[float]]]:
    table = tomllib.loads(path.read_text("utf-8"))
    straits = table["nsr_geography"]["strait"]
    return {name: entry["polygon_lonlat_deg"]["value"] for name, entry in straits.items()}


def strait_masks(
    polygons: dict[str, list[list[float]]], lon, lat, edges_xy: np.ndarray, to_xy
) -> tuple[np.ndarray, np.ndarray]:
    """strait_id per node and the strait bits per edge (method step 8)."""
    if len(polygons) > 8:
        raise ValueError(f"at most 8 straits fit the uint8 edge bits, got {len(polygons)}")
    sid = np.zeros(lon.size, dtype=np.int8)
    bits = np.zeros(edges_xy.size, dtype=np.uint8)
    tree = shapely.STRtree(edges_xy)
    for k, (name, verts) in enumerate(polygons.items(), start=1):
        poly = shapely.Polygon(verts)
        if not poly.is_valid or np.ptp(np.asarray(verts)[:, 0]) > 180:
            raise ValueError(f"strait {name}: polygon must be valid and not cross 180°")
        inside = shapely.contains_xy(poly, lon, lat)
        if not inside.any():
            raise ValueError(f"strait {name}: no mesh node inside its polygon")
        if np.any(sid[inside]):
            raise ValueError(f"strait {name}: its polygon overlaps another strait's")
        sid[inside] = k
        ring = np.asarray(shapely.segmentize(poly, 0.01).exterior.coords)
        poly_xy = shapely.Polygon(np.column_stack(to_xy(ring[:, 0], ring[:, 1])))
        bits[tree.query(poly_xy, predicate="intersects")] |= np.uint8(1 << (k - 1))
    return sid, bits


def build(
    shared: Path,
    mesh_file: Path = MESH_FILE,
    centreline_file: Path = CENTRELINE_FILE,
    params_file: Path = PARAMS_FILE,
    verbose: bool = True,
) -> dict[str, np.ndarray]:
    """The zone arrays (see module docstring)."""
    t0 = time.perf_counter()
    with np.load(mesh_file, allow_pickle=False) as npz:
        lon, lat = npz["lon"], npz["lat"]
        x, y = npz["x_m"], npz["y_m"]
        u = npz["edge_u"].astype(np.int64)
        v = npz["edge_v"].astype(np.int64)
        proj4 = str(npz["proj4"])
    fwd = Transformer.from_crs("EPSG:4326", proj4, always_xy=True)

    def to_xy(lo, la):
        return fwd.transform(np.asarray(lo, dtype=float), np.asarray(la, dtype=float))

    n = lon.size
    _log(t0, f"mesh: {n} nodes, {u.size} edges", verbose)

    parts = load_land_parts(shared)
    zhelaniya, dezhnev = find_capes(parts)
    _log(t0, f"Cape Zhelaniya {zhelaniya.round(4)}, Cape Dezhnev {dezhnev.round(4)}", verbose)

    eez = within_eez(russian_coast_vertices(shared, parts), lon, lat)
    _log(t0, f"{eez.sum()} nodes within {EEZ_NM:.0f} nm of Russian land", verbose)

    east_of_line = (lon > USSR_USA_LINE_LON_DEG) & (lon < 0.0)
    lon_z, lat_z = float(zhelaniya[0]), float(zhelaniya[1])
    west_lines = [np.array([[lon_z, lat_z], [lon_z, 90.0]])]
    west_lines += barents_closing_lines(shared, lon_z, lat_z)
    east_lines = [np.array([[dezhnev[0], dezhnev[1]], [USSR_USA_LINE_LON_DEG, dezhnev[1]]])]
    edges_xy = shapely.linestrings(
        np.stack([np.column_stack([x[u], y[u]]), np.column_stack([x[v], y[v]])], axis=1)
    )
    cut = cut_edges(west_lines + east_lines, to_xy, edges_xy)
    _log(t0, f"{cut.sum()} edges cut by the west and east limits", verbose)

    cand = eez & ~east_of_line
    keep = cand[u] & cand[v] & ~cut
    graph = coo_matrix((np.ones(keep.sum()), (u[keep], v[keep])), shape=(n, n))
    _, label = connected_components(graph, directed=False)
    tree = cKDTree(np.column_stack([x, y]))

    def node_at(lo, la):
        return int(tree.query(np.column_stack(to_xy([lo], [la])))[1][0])

    nsr = cand & (label == label[node_at(*KARA_SEED_LONLAT)])
    for name, (lo, la) in CHECK_IN.items():
        if not nsr[node_at(lo, la)]:
            raise RuntimeError(f"centre line in the {name} is not in the NSR water area")
    for name, (lo, la) in CHECK_OUT.items():
        if nsr[node_at(lo, la)]:
            raise RuntimeError(f"the {name} ({lo}, {la}) came out inside the NSR water area")
    _log(t0, f"{nsr.sum()} nodes in the NSR water area", verbose)

    cl_lon, cl_lat, cl_zone = read_centreline(centreline_file)
    _, idx = cKDTree(geodesy.unit_vectors(cl_lon, cl_lat)).query(
        geodesy.unit_vectors(lon[nsr], lat[nsr])
    )
    zone = np.zeros(n, dtype=np.int8)
    zone[nsr] = cl_zone[idx]
    counts = np.bincount(zone, minlength=8)
    _log(t0, "nodes per zone 0..7: " + ", ".join(str(c) for c in counts), verbose)

    polygons = read_strait_polygons(params_file)
    sid, bits = strait_masks(polygons, lon, lat, edges_xy, to_xy)
    _log(
        t0,
        "strait nodes/edges: "
        + ", ".join(
            f"{k} {np.sum(sid == i)}/{np.sum(bits & (1 << (i - 1)) > 0)}"
            for i, k in enumerate(polygons, start=1)
        ),
        verbose,
    )
    estuaries = read_estuary_names(params_file)
    eid, esrc = estuary_masks(shared, estuaries, lon, lat, x, y, to_xy)
    _log(
        t0,
        "estuary nodes: "
        + ", ".join(f"{k} {np.sum(eid == i)}" for i, k in enumerate(estuaries, start=1)),
        verbose,
    )
    return {
        "estuary_id": eid,
        "estuary_source": esrc,
        "estuary_names": np.array(estuaries, dtype=str),
        "nsr_zone": zone,
        "strait_id": sid,
        "edge_strait_bits": bits,
        "strait_names": np.array(list(polygons), dtype=str),
        "strait_polygons_json": np.array(json.dumps(polygons, sort_keys=False)),
        "cape_zhelaniya_lonlat_deg": zhelaniya.astype(np.float64),
        "cape_dezhnev_lonlat_deg": dezhnev.astype(np.float64),
        "ussr_usa_line_lon_deg": np.array(USSR_USA_LINE_LON_DEG),
        "mesh_n_nodes": np.array(n, dtype=np.int64),
        "mesh_sha256": np.array(mesh_sha256(lon, lat)),
    }


def read_estuary_names(path: Path) -> list[str]:
    table = tomllib.loads(path.read_text("utf-8"))
    return list(table["nsr_geography"]["spillover_estuaries"]["value"])


def estuary_masks(
    shared: Path, names: list[str], lon, lat, x, y, to_xy
) -> tuple[np.ndarray, np.ndarray]:
    """estuary_id per node (0 none, else 1 + index in ``names``) and, per estuary node,
    the node at its mouth: the node outside every estuary nearest to the polygon's
    northernmost vertex (method step 9)."""
    with open(
        shared / "natural-earth/10m/ne_10m_geography_marine_polys.json", encoding="utf-8"
    ) as fh:
        feats = json.load(fh)["features"]
    eid = np.zeros(lon.size, dtype=np.int8)
    mouths = []
    for k, name in enumerate(names, start=1):
        polys = [shape(f["geometry"]) for f in feats if f["properties"]["name"] == name]
        if len(polys) != 1:
            raise ValueError(f"estuary {name!r}: {len(polys)} Natural Earth marine polygons")
        # in psn25 metres, widened by one coarse cell: mesh nodes along the shore fall just
        # outside the Natural Earth outline, and the source node must be clear of the estuary
        ring = np.asarray(shapely.segmentize(polys[0], 0.05).exterior.coords)
        px, py = to_xy(ring[:, 0], ring[:, 1])
        zone_xy = shapely.Polygon(np.column_stack([px, py])).buffer(ESTUARY_MARGIN_M)
        inside = shapely.contains_xy(zone_xy, x, y)
        if not inside.any():
            raise ValueError(f"estuary {name!r}: no mesh node inside its polygon")
        eid[inside & (eid == 0)] = k
        top = int(np.argmax(ring[:, 1]))  # these estuaries open to the north
        mouths.append((px[top], py[top]))
    source = np.full(lon.size, -1, dtype=np.int32)
    out = np.flatnonzero(eid == 0)
    tree = cKDTree(np.column_stack([x[out], y[out]]))
    for k, mouth in enumerate(mouths, start=1):
        source[eid == k] = out[tree.query(mouth)[1]]
    return eid, source


def save_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write atomically: a temporary file next to ``path``, then ``os.replace``."""
    tmp = path.with_name(path.name + ".tmp.npz")
    np.savez_compressed(tmp, **arrays)
    os.replace(tmp, path)
    print(f"wrote {path} ({path.stat().st_size / 1e3:.0f} kB)")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--mesh", type=Path, default=MESH_FILE, help="mesh .npz")
    ap.add_argument("--out", type=Path, default=OUT_FILE, help="output .npz file")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    save_npz(args.out, build(args.shared, mesh_file=args.mesh, verbose=not args.quiet))


if __name__ == "__main__":
    main()
