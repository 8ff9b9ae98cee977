"""Join the sea-lane network and the Arctic mesh into one graph for ice-aware routing.

Inputs: the shipped ``data/network.npz``, ``data/port_links.npz`` and
``data/arctic_mesh.npz`` (build them first), Natural Earth 1:10m land and
marine polygons in ``<shared>/natural-earth/10m/`` (public domain).
Output: ``src/arcticroute/data/arctic_joins.npz`` (read by
``arcticroute.geo.joined``).

Where ice is judged the Arctic mesh replaces the lanes: a lane vertex within
``DOMAIN_KM`` of a mesh node is *inside the mesh's domain*. Steps:

1. Cut every lane edge into its runs of vertices outside the domain. A run
   that borders the domain keeps its first vertex inside it, the *portal*;
   the rest of the edge inside the domain is left to the mesh. Runs keep the
   edge's passage tags; their lengths are WGS84 geodesics along the vertices.
2. Join every portal to the mesh: up to ``JOIN_K`` nearest mesh nodes within
   ``JOIN_MAX_KM`` whose straight segment (densified to 1 km) does not touch
   1:10m land. A run whose first vertex inside cannot be joined (a narrow fjord
   or bay the mesh does not resolve, e.g. Kola Bay) keeps following its lane
   into the domain until a vertex can.
3. Ports whose lane link ends inside the domain attach to the mesh instead:
   the nearest of their ``PORT_CANDIDATES`` nearest mesh nodes whose straight
   approach stays at sea after its first ``PORT_SKIP_KM`` (WPI positions lie a
   few km inside the 1:10m coastline), else the nearest node, flagged inland.

Joins and port attachments use only mesh nodes whose ice is *known*: a finite
concentration in every month of the shipped climatology after the coast fill
(the ice read at every node, as the router reads it). Nodes deep in fjords and
inlets the 25 km grid does not see have unknown ice, which the router never
treats as open water; a port inside such a fjord (Kangerlussuaq) joins the
mesh where its ice is known, by an approach flagged as crossing land (its
length a lower bound), as its lane link did.
4. Tag mesh nodes with the Arctic passages whose area holds them (the areas
   of ``arcticroute.geo.passages``, as the lane edges are tagged).
5. For every corridor's filter, the lane distance between every two portals
   over the runs outside the domain (a route may leave the mesh and come back,
   round Cape Farewell or through the Panama Canal): ``clique_m``.

Every count is printed. Run: ``python scripts/build_joins.py [--shared ../shared/data]``.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from importlib import resources
from pathlib import Path

import numpy as np
import shapely
from pyproj import Transformer

sys.path.insert(0, str(Path(__file__).resolve().parent))
import seapath
from build_network import load_land, passage_areas

from arcticroute.geo import arcticmesh, geodesy
from arcticroute.geo.network import load_network, port_key
from arcticroute.geo.passages import CORRIDORS, PASSAGES
from arcticroute.geo.ports import all_ports

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "src" / "arcticroute" / "data"
DOMAIN_KM = 20.0
JOIN_K = 6
JOIN_MAX_KM = 30.0
PORT_CANDIDATES = 8
PORT_MAX_KM = 50.0
PORT_SKIP_KM = 10.0
MESH_TAGS = ("nsr", "nsr_kara", "nwp", "bering")


def sha256(name: str) -> str:
    return hashlib.sha256((resources.files("arcticroute") / "data" / name).read_bytes()).hexdigest()


def mesh_distance_km(mesh, lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """Distance (km, psn25 plane) from each point to its nearest mesh node, and the node."""
    x, y = Transformer.from_crs("EPSG:4326", mesh.proj4, always_xy=True).transform(lon, lat)
    dist, idx = mesh.tree.query(np.column_stack([x, y]))
    return dist / 1000.0, idx


def runs_of(inside: np.ndarray, joinable) -> list[tuple[int, int]]:
    """Vertex ranges [a, b] of one edge outside the domain, each widened into the domain
    where it borders it, up to the first vertex that can be joined to the mesh (the
    portal; ``joinable(k)`` for vertex ``k`` of the edge) or the edge's end."""
    out = []
    n = inside.size
    i = 0
    while i < n:
        if inside[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and not inside[j + 1]:
            j += 1
        a = i - 1 if i > 0 else i
        while a > 0 and inside[a - 1] and not joinable(a):
            a -= 1
        b = j + 1 if j + 1 < n else j
        while b < n - 1 and inside[b + 1] and not joinable(b):
            b += 1
        out.append((a, b))
        i = j + 1
    return out


def split_lanes(net, inside, joinable):
    """Runs of every edge as a new edge list; portals become new nodes after the lane nodes.

    ``joinable(g)``: lane vertex ``g`` (global index) has a land-free join to the mesh.
    """
    node_lon, node_lat = list(net.node_lon), list(net.node_lat)
    eu, ev, tags, lengths, offsets, vlon, vlat = [], [], [], [], [0], [], []
    to_split = -np.ones(net.vert_lon.size, dtype=np.int64)
    portals = set()
    off = net.edge_vert_offset
    for e in range(net.n_edges):
        a0, b0 = int(off[e]), int(off[e + 1])
        flags = inside[a0:b0]
        last = b0 - a0 - 1
        for a, b in runs_of(flags, lambda k, a0=a0: joinable(a0 + k)):
            ends = []
            for k, node in ((a, int(net.edge_u[e])), (b, int(net.edge_v[e]))):
                if k in (0, last):  # the edge's own end node
                    ends.append(node)
                else:  # a vertex inside the edge, inside the domain: a new node
                    node_lon.append(float(net.vert_lon[a0 + k]))
                    node_lat.append(float(net.vert_lat[a0 + k]))
                    ends.append(len(node_lon) - 1)
                if flags[k]:
                    portals.add(ends[-1])
            lon, lat = net.vert_lon[a0 + a : a0 + b + 1], net.vert_lat[a0 + a : a0 + b + 1]
            start = offsets[-1]
            to_split[a0 + a : a0 + b + 1] = np.arange(start, start + lon.size)
            vlon.append(lon)
            vlat.append(lat)
            offsets.append(start + lon.size)
            eu.append(ends[0])
            ev.append(ends[1])
            tags.append(int(net.edge_tags[e]))
            lengths.append(geodesy.path_length_m(lon, lat))
    lanes = {
        "node_lon": np.array(node_lon),
        "node_lat": np.array(node_lat),
        "edge_u": np.array(eu, dtype=np.int32),
        "edge_v": np.array(ev, dtype=np.int32),
        "edge_length_m": np.array(lengths),
        "edge_tags": np.array(tags, dtype=np.uint16),
        "edge_vert_offset": np.array(offsets, dtype=np.int64),
        "vert_lon": np.concatenate(vlon),
        "vert_lat": np.concatenate(vlat),
    }
    return lanes, to_split, sorted(portals)


def sea_segment(land, lon0, lat0, lon1, lat1, skip_km: float = 0.0) -> bool:
    lon, lat, _ = seapath.densify_km([lon0, lon1], [lat0, lat1])
    skip = int(skip_km / seapath.STEP_KM)
    return not seapath.on_land(land, lon[skip:], lat[skip:]).any()


def known_nodes(mesh) -> np.ndarray:
    """Mesh nodes with a finite filled concentration in every month of the shipped
    climatology (estuary nodes read the cell at their mouth, as the router does)."""
    import datetime as dt

    from arcticroute.geo import nsrzones
    from arcticroute.ice import icecover

    src = nsrzones.estuary_source_nodes()
    rows, cols = mesh.ice_row.astype(np.intp)[src], mesh.ice_col.astype(np.intp)[src]
    known = np.ones(mesh.n_nodes, dtype=bool)
    for month in range(1, 13):
        cover = icecover.ice_cover(dt.date(2015, month, 15), source="embedded")
        known &= np.isfinite(np.asarray(cover.sic)[rows, cols])
    print(f"mesh nodes with known ice: {int(known.sum())} of {known.size}")
    return known


class Joiner:
    """Land-free joins from a point to its nearest known mesh nodes (memoized by point)."""

    def __init__(self, mesh, land, known) -> None:
        self.mesh, self.land, self.memo, self.known = mesh, land, {}, known
        self.to_xy = Transformer.from_crs("EPSG:4326", mesh.proj4, always_xy=True)

    def joins(self, lon: float, lat: float) -> list[tuple[int, float]]:
        key = (round(float(lon), 7), round(float(lat), 7))
        if key not in self.memo:
            mesh = self.mesh
            dist, cand = mesh.tree.query(self.to_xy.transform(lon, lat), k=JOIN_K)
            out = []
            for d, m in zip(dist, cand, strict=True):
                if not self.known[m]:
                    continue
                if d <= JOIN_MAX_KM * 1000.0 and sea_segment(
                    self.land, lon, lat, mesh.lon[m], mesh.lat[m]
                ):
                    length = geodesy.geodesic_distance_m(lon, lat, mesh.lon[m], mesh.lat[m])
                    out.append((int(m), float(length)))
            self.memo[key] = out
        return self.memo[key]


def join_portals(lanes, portals, joiner):
    """Land-free edges from each portal to its nearest mesh nodes."""
    jl, jm, jlen, lonely = [], [], [], []
    for p in portals:
        found = joiner.joins(lanes["node_lon"][p], lanes["node_lat"][p])
        for m, length in found:
            jl.append(p)
            jm.append(m)
            jlen.append(length)
        if not found:
            lonely.append(p)
    print(f"joins: {len(jl)} edges from {len(portals) - len(lonely)} of {len(portals)} portals")
    for p in lonely:
        print(
            f"  portal without a land-free join: {lanes['node_lat'][p]:.3f}N "
            f"{lanes['node_lon'][p]:.3f}E (its lane run ends there)"
        )
    return np.array(jl, dtype=np.int32), np.array(jm, dtype=np.int32), np.array(jlen)


def attach_ports(net, to_split, mesh, land, known):
    """Mesh attachment of every catalogue port whose lane link ends inside the domain."""
    from scipy.spatial import cKDTree

    links = net._port_links()
    known_idx = np.flatnonzero(known)
    known_tree = cKDTree(np.column_stack([mesh.x_m[known_idx], mesh.y_m[known_idx]]))
    to_xy = Transformer.from_crs("EPSG:4326", mesh.proj4, always_xy=True)
    keys, nodes, inland = [], [], []
    for p in all_ports():
        k = port_key(p)
        edge, vert, *_ = links[k]
        if to_split[int(net.edge_vert_offset[edge]) + vert] >= 0:
            continue
        dist, cand = known_tree.query(to_xy.transform(p.lon, p.lat), k=PORT_CANDIDATES)
        cand = known_idx[cand]
        chosen, flag = int(cand[0]), True
        for d, m in zip(dist, cand, strict=True):
            if d <= PORT_MAX_KM * 1000.0 and sea_segment(
                land, p.lon, p.lat, mesh.lon[m], mesh.lat[m], PORT_SKIP_KM
            ):
                chosen, flag = int(m), False
                break
        keys.append(k)
        nodes.append(chosen)
        inland.append(flag)
    print(f"ports on the mesh: {len(keys)} ({sum(inland)} with an approach over land)")
    return np.array(keys), np.array(nodes, dtype=np.int32), np.array(inland, dtype=bool)


def mesh_tags(mesh, shared: Path) -> np.ndarray:
    areas = passage_areas(shared)
    tags = np.zeros(mesh.n_nodes, dtype=np.uint16)
    for name in MESH_TAGS:
        hit = shapely.contains_xy(areas[name], mesh.lon, mesh.lat)
        tags[hit] |= np.uint16(1 << PASSAGES[name].bit)
        print(f"mesh nodes in {name}: {int(hit.sum())}")
    return tags


def portal_cliques(lanes: dict, portals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lane distance (m) between every two portals under each corridor's filter (and none)."""
    from scipy.sparse.csgraph import dijkstra

    from arcticroute.geo.network import Network

    net = Network(**lanes)
    masks = sorted({0} | {c.forbidden_mask for c in CORRIDORS.values()})
    out = np.empty((len(masks), portals.size, portals.size), dtype=np.float64)
    for i, mask in enumerate(masks):
        dist = dijkstra(net.graph(mask), indices=portals)
        out[i] = dist[:, portals]
    print(f"portal cliques for {len(masks)} lane filters")
    return np.array(masks, dtype=np.int64), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=DATA / "arctic_joins.npz")
    args = ap.parse_args()
    net, mesh = load_network(), arcticmesh.load_mesh()
    land = load_land(args.shared)
    dist_km, _ = mesh_distance_km(mesh, net.vert_lon, net.vert_lat)
    inside = dist_km <= DOMAIN_KM
    print(f"lane vertices inside the mesh's domain: {int(inside.sum())} of {inside.size}")
    known = known_nodes(mesh)
    joiner = Joiner(mesh, land, known)

    def joinable(g: int) -> bool:
        return bool(joiner.joins(net.vert_lon[g], net.vert_lat[g]))

    lanes, to_split, portals = split_lanes(net, inside, joinable)
    print(f"lane runs outside it: {lanes['edge_u'].size} edges, {len(portals)} portals")
    jl, jm, jlen = join_portals(lanes, portals, joiner)
    pkeys, pnodes, pinland = attach_ports(net, to_split, mesh, land, known)
    masks, cliques = portal_cliques(lanes, np.unique(jl).astype(np.int64))
    arrays = {f"lane_{k}": v for k, v in lanes.items()}
    arrays.update(
        orig_vert_to_split=to_split,
        join_lane_node=jl,
        join_mesh_node=jm,
        join_length_m=jlen,
        mesh_node_tags=mesh_tags(mesh, args.shared),
        mesh_node_known=known,
        port_key=pkeys,
        port_mesh_node=pnodes,
        port_mesh_inland=pinland,
        clique_masks=masks,
        clique_m=cliques,
        domain_km=np.float64(DOMAIN_KM),
        network_sha256=np.array(sha256("network.npz")),
        mesh_sha256=np.array(sha256(arcticmesh.MESH_FILE)),
        ports_sha256=np.array(sha256("ports.csv")),
    )
    tmp = args.out.with_suffix(".tmp.npz")
    np.savez_compressed(tmp, **arrays)
    tmp.replace(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e3:.0f} kB)")


if __name__ == "__main__":
    main()
