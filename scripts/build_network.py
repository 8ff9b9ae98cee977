"""Build the shipped world sea-lane network from searoute's marnet.

Input:  ``<shared>/searoute-marnet-ports/marnet_searoute.geojson`` (searoute
        1.6.0, Apache-2.0; derived from Eurostat SeaRoute, EUPL-1.2) and
        ``<shared>/natural-earth/10m/ne_10m_geography_marine_polys.json``
        (public domain) for the Arctic passage areas.
Output: ``src/arcticroute/data/network.npz`` and ``port_links.npz`` (see
        ``arcticroute.geo.network``).

Cleaning, in order (each step is printed with its counts):

1. Split the one MultiLineString into LineStrings.
2. Wrap longitudes to [-180, 180). The source has nodes at lon 180..190.85
   (the Chukchi/Bering area) that duplicate nodes at -180..-169.15; unless
   they are merged the Northwest Passage is unreachable from Asia.
3. Merge line endpoints closer than ``MERGE_TOL_M`` (1 m) into one node.
4. Split lines at interior vertices that coincide with another line's
   endpoint or vertex, so that T-junctions and crossings become nodes (as
   searoute's own graph joins lanes at every shared vertex).
5. Drop zero-length edges and duplicate edges (keep the shorter).
6. Keep the largest connected component (the others are tiny isolated
   pieces, listed in the output).
7. Repair lanes that cut across land. Each edge is densified to 1 km and
   tested against Natural Earth 1:10m land; a land stretch longer than
   ``MAX_LAND_KM`` (2 km) is rerouted over a local grid of sea cells
   (``seapath.py``). Where no sea path exists nearby the lane runs up a
   river, estuary or lake that the land polygons cover: it is kept and
   tagged ``inland``. Canal boxes (Suez, Panama, Kiel) are exempt.
8. Tag every edge with the passages whose area its geodesic (densified to
   10 km) intersects; the source's own ``passage`` property is ignored (its
   ``northwest`` tag sits on Chukchi Sea edges that NSR voyages use too,
   there is no NSR tag, and ``south_africa`` misses the coastal Cape lane).
9. Split edges into pieces of at most ``SPLIT_KM`` (50 km) so that ports
   near a long lane (the NSR lane is one 4,000 km edge in the source) can
   join it close by.
10. Link every port of the shipped catalogue (``data/ports.csv``, so build
   the ports first) to the network: the nearest of its ``LINK_CANDIDATES``
   nearest nodes whose straight approach stays at sea (land beyond the
   first ``PORT_SKIP_KM`` km from the port counts), else a sea path over
   the local grid to the nearest node that crosses as little land as it
   can (``LAND_COST``). An approach still crossing more than
   ``MAX_LAND_KM`` of land after its first ``PORT_SKIP_KM`` (river and
   lake ports, ports deep in fjords the 1:10m polygons close) is flagged
   ``inland``. Written to ``data/port_links.npz``.
11. Contract chains: a node of degree 2 between two edges with the same
    passage tags is merged away (its edges joined), so the solver works on
    junctions only. Ports keep their link point as (edge, vertex index):
    they attach inside an edge (``arcticroute.geo.network.Attachment``).

Run: ``python scripts/build_network.py [--shared ../shared/data]``
(``--port-stride N --out DIR``: every N-th port only, as the test checks the shipped
links).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
from collections import defaultdict
from pathlib import Path

import numpy as np
import seapath
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree
from shapely.geometry import LineString, MultiLineString, box, shape
from shapely.ops import unary_union

from arcticroute.geo import geodesy
from arcticroute.geo.network import port_key
from arcticroute.geo.passages import ARCTIC_OCEAN_BOXES, PASSAGES

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "src" / "arcticroute" / "data"
MERGE_TOL_M = 1.0
TAG_STEP_M = 10_000.0
MAX_LAND_KM = 2.0
CANAL_BOXES = (  # lon_min, lat_min, lon_max, lat_max: ships sail through land here
    (32.1, 29.8, 32.7, 31.4),  # Suez Canal
    (-80.0, 8.8, -79.4, 9.5),  # Panama Canal
    (9.0, 53.8, 10.3, 54.5),  # Kiel Canal
)
SPLIT_KM = 50.0
LINK_CANDIDATES = 8
PORT_SKIP_KM = 10.0  # WPI positions often lie a few km inside the 1:10m coastline
LAND_COST = 50.0  # a km over land costs as much as 50 km at sea in the port-approach search


def read_lines(path: Path) -> list[np.ndarray]:
    feats = json.loads(path.read_text())["features"]
    lines = []
    for f in feats:
        g = f["geometry"]
        parts = [g["coordinates"]] if g["type"] == "LineString" else g["coordinates"]
        for coords in parts:
            arr = np.asarray(coords, dtype=float)
            arr[:, 0] = geodesy.wrap_lon(arr[:, 0])
            lines.append(arr)
    return lines


def _key(lon: float, lat: float) -> tuple[int, int]:
    # 1e-5 deg is ~1 m; -180 and 180 are the same meridian after wrapping.
    return (round(lon * 1e5) % 36_000_000, round(lat * 1e5))


def split_at_junctions(lines: list[np.ndarray]) -> list[np.ndarray]:
    # A junction is a vertex where a line ends or that two lines share: searoute joins
    # lanes at every shared vertex, so crossing lanes are connected there.
    ends = {_key(*ln[0]) for ln in lines} | {_key(*ln[-1]) for ln in lines}
    seen: dict[tuple[int, int], int] = defaultdict(int)
    for ln in lines:
        for k in {_key(*xy) for xy in ln}:
            seen[k] += 1
    ends |= {k for k, c in seen.items() if c > 1}
    out = []
    n_split = 0
    for ln in lines:
        start = 0
        for i in range(1, len(ln) - 1):
            if _key(*ln[i]) in ends:
                out.append(ln[start : i + 1])
                start = i
                n_split += 1
        out.append(ln[start:])
    print(f"split at {n_split} interior junctions -> {len(out)} lines")
    return out


def build_graph(lines: list[np.ndarray]):
    node_of: dict[tuple[int, int], int] = {}
    node_xy: list[tuple[float, float]] = []

    def node(lon: float, lat: float) -> int:
        k = _key(lon, lat)
        if k not in node_of:
            node_of[k] = len(node_xy)
            node_xy.append((geodesy.wrap_lon(lon).item(), lat))
        return node_of[k]

    best: dict[tuple[int, int], tuple[float, np.ndarray]] = {}
    n_zero = n_dup = 0
    for ln in lines:
        u, v = node(*ln[0]), node(*ln[-1])
        length = geodesy.path_length_m(ln[:, 0], ln[:, 1])
        if u == v or length < MERGE_TOL_M:
            n_zero += 1
            continue
        key = (min(u, v), max(u, v))
        geom = ln if u < v else ln[::-1]
        if key in best:
            n_dup += 1
            if length >= best[key][0]:
                continue
        best[key] = (length, geom)
    print(f"nodes {len(node_xy)}, edges {len(best)} (dropped {n_zero} loops, {n_dup} duplicates)")
    return np.array(node_xy), best


def largest_component(node_xy, edges):
    n = len(node_xy)
    uv = np.array(list(edges.keys()))
    g = coo_matrix((np.ones(len(uv)), (uv[:, 0], uv[:, 1])), shape=(n, n))
    ncomp, labels = connected_components(g, directed=False)
    sizes = np.bincount(labels)
    main = int(np.argmax(sizes))
    dropped = [
        (int(s), tuple(np.round(node_xy[labels == c][0], 2)))
        for c, s in enumerate(sizes)
        if c != main
    ]
    print(f"{ncomp} components; keeping {sizes[main]} nodes; dropped {dropped}")
    keep = labels == main
    new_id = -np.ones(n, dtype=np.int64)
    new_id[keep] = np.arange(keep.sum())
    new_edges = {}
    for (u, v), val in edges.items():
        if keep[u]:
            new_edges[(int(new_id[u]), int(new_id[v]))] = val
    return node_xy[keep], new_edges


def passage_areas(shared: Path) -> dict[str, shapely.Geometry]:
    polys = json.loads(
        (shared / "natural-earth/10m/ne_10m_geography_marine_polys.json").read_text()
    )["features"]
    by_name = defaultdict(list)
    for f in polys:
        by_name[f["properties"].get("name")].append(shape(f["geometry"]))
    areas = {}
    for p in PASSAGES.values():
        if p.box is not None:
            areas[p.name] = box(*p.box)
            continue
        parts = []
        for name in p.marine_polys:
            if name not in by_name:
                raise SystemExit(f"marine polygon {name!r} not found in Natural Earth")
            parts.extend(by_name[name])
        area = unary_union(parts)
        if p.name in ARCTIC_OCEAN_BOXES:
            ocean = unary_union(by_name["ARCTIC OCEAN"]).intersection(
                box(*ARCTIC_OCEAN_BOXES[p.name])
            )
            area = unary_union([area, ocean])
        areas[p.name] = area
    return areas


def edge_geometry_for_tagging(geom: np.ndarray) -> MultiLineString:
    lon, lat = geodesy.densify(geom[:, 0], geom[:, 1], TAG_STEP_M)
    parts = geodesy.split_antimeridian(lon, lat)
    return MultiLineString([LineString(np.column_stack(p)) for p in parts])


def tag_edges(geoms, areas) -> np.ndarray:
    tags = np.zeros(len(geoms), dtype=np.uint16)
    prepared = {name: shapely.prepared.prep(a) for name, a in areas.items()}
    for i, geom in enumerate(geoms):
        g = edge_geometry_for_tagging(geom)
        for name, area in prepared.items():
            if area.intersects(g):
                tags[i] |= 1 << PASSAGES[name].bit
    return tags


def load_land(shared: Path):
    with gzip.open(shared / "natural-earth/10m/ne_10m_land.json.gz", "rt") as fh:
        feats = json.load(fh)["features"]
    land = shapely.union_all([shape(f["geometry"]) for f in feats])
    shapely.prepare(land)
    return land


def repair_edges(edges, land):
    inland = set()
    counts = {"ok": 0, "repaired": 0, "inland": 0}
    out = {}
    for key, (_, geom) in edges.items():
        lon, lat, status = seapath.repair_line(
            land, geom[:, 0], geom[:, 1], MAX_LAND_KM, CANAL_BOXES
        )
        counts[status] += 1
        geom = np.column_stack([geodesy.wrap_lon(lon), lat])
        if status == "inland":
            inland.add(key)
        out[key] = (geodesy.path_length_m(lon, lat), geom)
    print(f"land check: {counts}")
    return out, inland


def split_long_edges(node_xy, edges, inland):
    """Cut every edge into pieces of at most SPLIT_KM; cut points become nodes."""
    nodes = [tuple(xy) for xy in node_xy]
    out_u, out_v, out_geom, out_inland = [], [], [], []
    for (u, v), (_, geom) in edges.items():
        lon, lat = geodesy.densify(geom[:, 0], geom[:, 1], SPLIT_KM * 1000.0)
        seg = geodesy.geodesic_distance_m(lon[:-1], lat[:-1], lon[1:], lat[1:])
        start, acc, prev = 0, 0.0, u
        for i, d in enumerate(seg):
            if acc + d > SPLIT_KM * 1000.0 and i > start:
                nodes.append((float(geodesy.wrap_lon(lon[i])), float(lat[i])))
                cut = len(nodes) - 1
                out_u.append(prev)
                out_v.append(cut)
                out_geom.append(np.column_stack([lon[start : i + 1], lat[start : i + 1]]))
                out_inland.append((u, v) in inland)
                start, acc, prev = i, 0.0, cut
            acc += d
        out_u.append(prev)
        out_v.append(v)
        out_geom.append(np.column_stack([lon[start:], lat[start:]]))
        out_inland.append((u, v) in inland)
    for g in out_geom:
        g[:, 0] = geodesy.wrap_lon(g[:, 0])
    # Overlapping lanes cut at the same points give the same node pair twice: keep the
    # shorter piece (scipy would add the lengths of repeated pairs).
    best: dict[tuple[int, int], int] = {}
    lengths = [geodesy.path_length_m(g[:, 0], g[:, 1]) for g in out_geom]
    for e, (a, b) in enumerate(zip(out_u, out_v, strict=True)):
        if a == b:
            continue
        key = (min(a, b), max(a, b))
        if key not in best or lengths[e] < lengths[best[key]]:
            best[key] = e
    keep = sorted(best.values())
    print(
        f"split to <= {SPLIT_KM:.0f} km: {len(nodes)} nodes, {len(keep)} edges "
        f"({len(out_u) - len(keep)} overlapping pieces dropped)"
    )
    return (
        np.array(nodes),
        [out_u[e] for e in keep],
        [out_v[e] for e in keep],
        [out_geom[e] for e in keep],
        np.array([out_inland[e] for e in keep]),
    )


def contract(n_nodes, eu, ev, geoms, tags, keep_nodes):
    """Merge away degree-2 nodes not in keep_nodes between equally tagged edges."""
    eu, ev, geoms, tags = list(eu), list(ev), list(geoms), list(tags)
    alive = [True] * len(eu)
    inc = defaultdict(set)
    pair = {}
    for e, (a, b) in enumerate(zip(eu, ev, strict=True)):
        inc[a].add(e)
        inc[b].add(e)
        pair[(min(a, b), max(a, b))] = e
    removed = 0
    for n in range(n_nodes):
        if n in keep_nodes or len(inc[n]) != 2:
            continue
        e1, e2 = sorted(inc[n])
        if tags[e1] != tags[e2]:
            continue
        a = eu[e1] if ev[e1] == n else ev[e1]
        b = ev[e2] if eu[e2] == n else eu[e2]
        if a == b or (min(a, b), max(a, b)) in pair:
            continue
        g1 = geoms[e1] if ev[e1] == n else geoms[e1][::-1]  # a -> n
        g2 = geoms[e2] if eu[e2] == n else geoms[e2][::-1]  # n -> b
        new = len(eu)
        eu.append(a)
        ev.append(b)
        geoms.append(np.vstack([g1, g2[1:]]))
        tags.append(tags[e1])
        alive.append(True)
        for e in (e1, e2):
            alive[e] = False
            pair.pop((min(eu[e], ev[e]), max(eu[e], ev[e])), None)
        inc[a] = (inc[a] - {e1}) | {new}
        inc[b] = (inc[b] - {e2}) | {new}
        inc[n] = set()
        pair[(min(a, b), max(a, b))] = new
        removed += 1
    keep = [e for e in range(len(eu)) if alive[e]]
    used = sorted({eu[e] for e in keep} | {ev[e] for e in keep})
    print(f"contracted {removed} degree-2 nodes -> {len(used)} nodes, {len(keep)} edges")
    return keep, used, eu, ev, geoms, tags


def link_ports(node_xy, land, workers: int = 1, stride: int = 1):
    """Approach leg (node, vertices, inland flag) for every catalogue port.

    Each port is linked on its own (:func:`link_port`), so the ports are shared out
    over ``workers`` processes; the result does not depend on how many. ``stride`` > 1
    links every stride-th port only (a check of the shipped links, not a build).
    """
    from arcticroute.geo.ports import all_ports

    tree = cKDTree(geodesy.unit_vectors(node_xy[:, 0], node_xy[:, 1]))
    ports = list(all_ports())[::stride]
    jobs = []
    for p in ports:
        _, cand = tree.query(
            geodesy.unit_vectors(np.array([p.lon]), np.array([p.lat]))[0], LINK_CANDIDATES
        )
        jobs.append((p.lon, p.lat, node_xy[cand], cand))
    if workers > 1:
        from arcticroute.workers import local_pool

        with local_pool(workers, _set_land, (shapely.to_wkb(land),)) as pool:
            linked = list(pool.map(_link_job, jobs, chunksize=16))
    else:
        _set_land(land)
        linked = [_link_job(job) for job in jobs]
    counts = {"straight": 0, "grid": 0, "inland": 0}
    for kind, _, _, inland in linked:
        if kind != "inland":  # an approach without a sea path counts as inland below
            counts[kind] += 1
        counts["inland"] += int(inland)
    print(
        f"port links: {counts} (inland = approach crosses > {MAX_LAND_KM} km of land at a stretch)"
    )
    verts = [line for _, _, line, _ in linked]
    offsets = np.zeros(len(verts) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(v) for v in verts])
    allv = np.concatenate(verts)
    return {
        "port_key": np.array([port_key(p) for p in ports]),
        "port_node": np.array([node for _, node, _, _ in linked], dtype=np.int32),
        "port_inland": np.array([inland for _, _, _, inland in linked], dtype=bool),
        "port_vert_offset": offsets,
        "port_vert_lon": np.round(allv[:, 0], 6),
        "port_vert_lat": np.round(allv[:, 1], 6),
    }


_LAND: list = []  # the land polygons of this process (set once per worker)


def _set_land(land) -> None:
    if isinstance(land, bytes):
        land = shapely.from_wkb(land)
        shapely.prepare(land)
    _LAND[:] = [land]


def _link_job(job) -> tuple[str, int, np.ndarray, bool]:
    return link_port(_LAND[0], *job)


def link_port(land, lon: float, lat: float, cand_xy: np.ndarray, cand: np.ndarray):
    """One port's approach: (how it was found, node, vertices, inland flag).

    The nearest candidate node whose straight approach stays at sea beyond the
    first ``PORT_SKIP_KM``; else a grid path to the nearest candidate that crosses
    as little land as it can.
    """
    skip = int(PORT_SKIP_KM / seapath.STEP_KM)
    chosen, kind = None, "straight"
    for n, xy in zip(cand, cand_xy, strict=True):
        line = np.array([[lon, lat], xy])
        dl, dla, _ = seapath.densify_km(line[:, 0], line[:, 1])
        if not seapath.on_land(land, dl[skip:], dla[skip:], CANAL_BOXES).any():
            chosen = (int(n), line)
            break
    if chosen is None:
        n, xy = int(cand[0]), cand_xy[0]
        a = (lon, lat)
        b = (geodesy.unwrap_lon([lon, xy[0]])[1], xy[1])
        dist_km = geodesy.path_length_m([a[0], b[0]], [a[1], b[1]]) / 1000.0
        res = float(np.clip(dist_km / 100.0, 0.5, 3.0))
        path = seapath.grid_path(
            land, a, b, max(10.0, 0.3 * dist_km), res, CANAL_BOXES,
            land_cost=LAND_COST, max_cells=400_000,
        )  # fmt: skip
        line = np.array(path if path is not None else [a, b])
        line[:, 0] = geodesy.wrap_lon(line[:, 0])
        chosen, kind = (n, line), "grid" if path is not None else "inland"
    dl, dla, _ = seapath.densify_km(chosen[1][:, 0], chosen[1][:, 1])
    runs = seapath.land_runs(seapath.on_land(land, dl[skip:], dla[skip:], CANAL_BOXES))
    inland = max((b - a for a, b in runs), default=0) * seapath.STEP_KM > MAX_LAND_KM
    return kind, chosen[0], chosen[1], bool(inland)


def _length(g: np.ndarray) -> float:
    return geodesy.path_length_m(g[:, 0], g[:, 1])


def save_npz(path: Path, **arrays) -> None:
    tmp = path.with_suffix(".tmp.npz")
    np.savez_compressed(tmp, **arrays)
    tmp.replace(path)
    print(f"wrote {path} ({path.stat().st_size / 1e3:.0f} kB)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=DATA, help="output folder")
    ap.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="processes linking the ports"
    )
    ap.add_argument(
        "--port-stride",
        type=int,
        default=1,
        help="link every N-th port only (to check the shipped links quickly; not for shipping)",
    )
    args = ap.parse_args()

    lines = read_lines(args.shared / "searoute-marnet-ports/marnet_searoute.geojson")
    print(f"read {len(lines)} lines")
    lines = split_at_junctions(lines)
    node_xy, edges = build_graph(lines)
    node_xy, edges = largest_component(node_xy, edges)
    land = load_land(args.shared)
    edges, inland = repair_edges(edges, land)
    node_xy, eu, ev, geoms, inland_flags = split_long_edges(node_xy, edges, inland)
    print("tagging passages:")
    tags = tag_edges(geoms, passage_areas(args.shared))
    tags[inland_flags] |= np.uint16(1 << PASSAGES["inland"].bit)
    links = link_ports(node_xy, land, max(1, args.workers), max(1, args.port_stride))
    link_xy = node_xy[links.pop("port_node")]
    keep, used, eu, ev, geoms, tags = contract(len(node_xy), eu, ev, geoms, tags, set())
    # Two lanes through a shared vertex can both be cut there; after contraction the
    # survivors at one position become one node (a junction), as in searoute's graph.
    first_at: dict[tuple[int, int], int] = {}
    alias = {}
    for n in used:
        k = _key(*node_xy[n])
        if k in first_at:
            alias[n] = first_at[k]
        else:
            first_at[k] = n
    if alias:
        eu = [alias.get(a, a) for a in eu]
        ev = [alias.get(b, b) for b in ev]
        used = [n for n in used if n not in alias]
        best: dict[tuple[int, int], int] = {}
        for e in keep:
            a, b = eu[e], ev[e]
            k2 = (min(a, b), max(a, b))
            if a != b and (k2 not in best or _length(geoms[e]) < _length(geoms[best[k2]])):
                best[k2] = e
        keep = sorted(best.values())
        print(f"merged {len(alias)} coincident nodes")
    new_id = -np.ones(len(node_xy), dtype=np.int64)
    new_id[used] = np.arange(len(used))
    node_xy = node_xy[used]
    u = new_id[np.array([eu[e] for e in keep])]
    v = new_id[np.array([ev[e] for e in keep])]
    geoms = [geoms[e] for e in keep]
    tags = np.array([tags[e] for e in keep], dtype=np.uint16)
    flip = u > v
    u, v = np.where(flip, v, u), np.where(flip, u, v)
    geoms = [g[::-1] if f else g for g, f in zip(geoms, flip, strict=True)]
    # Each port's link point is a vertex of some final edge (contraction keeps vertices);
    # find it by position (the repair step's unwrap/wrap can move a coordinate by 1e-14°).
    all_v = np.concatenate(geoms)
    owner = np.repeat(np.arange(len(geoms)), [len(g) for g in geoms])
    first = np.repeat(np.cumsum([0] + [len(g) for g in geoms[:-1]]), [len(g) for g in geoms])
    dist, idx = cKDTree(geodesy.unit_vectors(all_v[:, 0], all_v[:, 1])).query(
        geodesy.unit_vectors(link_xy[:, 0], link_xy[:, 1])
    )
    assert dist.max() < 1e-6, "a port link point is not on the final network"
    links["port_edge"] = owner[idx].astype(np.int32)
    links["port_vert"] = (idx - first[idx]).astype(np.int32)
    for name, p in PASSAGES.items():
        print(f"  {name:12s} {int(((tags >> p.bit) & 1).sum()):4d} edges")

    lengths = np.array([geodesy.path_length_m(g[:, 0], g[:, 1]) for g in geoms])
    offsets = np.zeros(len(geoms) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(g) for g in geoms])
    verts = np.concatenate(geoms)
    args.out.mkdir(parents=True, exist_ok=True)
    save_npz(
        args.out / "network.npz",
        node_lon=node_xy[:, 0],
        node_lat=node_xy[:, 1],
        edge_u=u.astype(np.int32),
        edge_v=v.astype(np.int32),
        edge_length_m=lengths,
        edge_tags=tags,
        edge_vert_offset=offsets,
        vert_lon=np.round(verts[:, 0], 6),
        vert_lat=np.round(verts[:, 1], 6),
        passage_names=np.array(list(PASSAGES)),
        source=np.array("searoute 1.6.0 marnet_searoute.geojson (Apache-2.0; Eurostat SeaRoute)"),
    )
    ports_sha = hashlib.sha256((DATA / "ports.csv").read_bytes()).hexdigest()
    save_npz(args.out / "port_links.npz", ports_sha256=np.array(ports_sha), **links)


if __name__ == "__main__":
    main()
