"""The world sea-lane network as a compiled shortest-path graph.

The network is searoute's ``marnet`` lane graph (Eurostat SeaRoute via
searoute-py 1.6.0), cleaned and tagged with passages by
``scripts/build_network.py`` and shipped as ``data/network.npz``. It is
loaded once per process and kept as ``scipy.sparse`` CSR matrices, one per
set of forbidden passages, so each shortest-path query is a single call to
``scipy.sparse.csgraph.dijkstra`` (compiled).

Graph nodes are only lane junctions and ends (degree-2 chains are
contracted at build time), which keeps each solve small. Ports and positions
*attach* to the network anywhere along an edge:

* catalogue ports by the approach legs precomputed at build time
  (``data/port_links.npz``): a straight line or a short sea path, avoiding
  Natural Earth 1:10m land, to a point on a lane;
* positions typed by the user by a straight line to the nearest lane vertex.

An attachment on an edge reaches both of its end nodes, each at the
distance along the edge; a solve starts from a virtual source node joined to
those ends (:meth:`Network.shortest_tree`). The WGS84 geodesic length of the
approach is added to the route.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix

from arcticroute.errors import DataFileError, PointOnLandError
from arcticroute.geo import geodesy
from arcticroute.geo.passages import PASSAGES

__all__ = [
    "LANE_ARRAYS",
    "MAX_APPROACH_M",
    "Approach",
    "Attachment",
    "Network",
    "load_network",
    "port_key",
]

MAX_APPROACH_M = 600_000.0
"""Longest straight approach from a position to the lane network, metres.

Not a domain value: a guard against routing from positions far inland or
far from any lane (searoute's network reaches every coast it serves within
a few hundred km). Beyond it the position is refused with an explanation.
"""

TREE_CACHE_SIZE = 256
"""Shortest-path trees kept per process (each ~14 bytes per node, ~65 kB)."""

LANE_ARRAYS = (
    "node_lon",
    "node_lat",
    "edge_u",
    "edge_v",
    "edge_length_m",
    "edge_tags",
    "edge_vert_offset",
    "vert_lon",
    "vert_lat",
    "passage_names",
)


@dataclass(frozen=True)
class Attachment:
    """One way from an attachment point into the graph: along its edge to a node.

    Attributes
    ----------
    node : int
        Graph node reached.
    along_m : float
        Distance along the edge from the attachment point to ``node``, metres.
    lon_deg, lat_deg : ndarray
        Edge vertices from the attachment point to ``node``.
    tags : int
        Passage tags of the edge (so a forbidden edge cannot be used to leave).
    """

    node: int
    along_m: float
    lon_deg: NDArray[np.float64] = field(repr=False)
    lat_deg: NDArray[np.float64] = field(repr=False)
    tags: int = 0


@dataclass(frozen=True)
class Approach:
    """How a port or position joins the network.

    Attributes
    ----------
    lon_deg, lat_deg : ndarray
        Approach vertices from the port to the attachment point.
    distance_m : float
        Geodesic length of the approach, metres.
    ends : tuple of Attachment
        One (the point is a graph node) or two (the point is inside an edge:
        towards each of its end nodes).
    edge : int
        Edge holding the attachment point, or -1 at a node.
    vert : int
        Index of the attachment point among that edge's vertices (-1 at a node).
    inland : bool
        True when the approach crosses land on the 1:10m coastline (a river,
        lake or fjord port the coastline does not resolve): its length is then
        a lower bound.
    """

    lon_deg: NDArray[np.float64] = field(repr=False)
    lat_deg: NDArray[np.float64] = field(repr=False)
    distance_m: float
    ends: tuple[Attachment, ...]
    edge: int = -1
    vert: int = -1
    inland: bool = False

    @property
    def key(self) -> tuple:
        """Hashable identity of the attachment (for caching solves)."""
        return tuple((a.node, a.along_m, a.tags) for a in self.ends)


def port_key(port) -> str:
    """Key of a catalogue port in ``port_links.npz`` (code, name and position)."""
    return f"{port.locode}|{port.name}|{port.lat:.5f}|{port.lon:.5f}"


@dataclass(eq=False)
class Network:
    """An undirected lane graph with passage-tagged edges.

    Attributes
    ----------
    node_lon, node_lat : ndarray
        Node positions, degrees (lon in [-180, 180)).
    edge_u, edge_v : ndarray of int
        Edge end nodes (u < v).
    edge_length_m : ndarray
        Geodesic length of each edge along its vertices, metres.
    edge_tags : ndarray of uint16
        Passage bit mask per edge (see :mod:`arcticroute.geo.passages`).
    edge_vert_offset, vert_lon, vert_lat : ndarray
        Edge geometries: vertices of edge ``e`` (from u to v) are
        ``vert_*[edge_vert_offset[e]:edge_vert_offset[e + 1]]``.
    """

    node_lon: NDArray[np.float64]
    node_lat: NDArray[np.float64]
    edge_u: NDArray[np.int32]
    edge_v: NDArray[np.int32]
    edge_length_m: NDArray[np.float64]
    edge_tags: NDArray[np.uint16]
    edge_vert_offset: NDArray[np.int64]
    vert_lon: NDArray[np.float64]
    vert_lat: NDArray[np.float64]
    _graphs: dict[int, csr_matrix] = field(default_factory=dict, repr=False)
    _edge_key: NDArray[np.int64] | None = field(default=None, repr=False)
    _edge_order: NDArray[np.int64] | None = field(default=None, repr=False)
    _tree: object = field(default=None, repr=False)
    _links: dict | None = field(default=None, repr=False)
    _approaches: dict = field(default_factory=dict, repr=False)
    _trees: OrderedDict = field(default_factory=OrderedDict, repr=False)

    @property
    def n_nodes(self) -> int:
        return int(self.node_lon.size)

    @property
    def n_edges(self) -> int:
        return int(self.edge_u.size)

    def graph(self, forbidden_mask: int = 0) -> csr_matrix:
        """Symmetric CSR matrix of edge lengths (m) without the forbidden passages."""
        g = self._graphs.get(forbidden_mask)
        if g is None:
            keep = (self.edge_tags & np.uint16(forbidden_mask)) == 0
            u, v, w = self.edge_u[keep], self.edge_v[keep], self.edge_length_m[keep]
            n = self.n_nodes
            g = csr_matrix((np.r_[w, w], (np.r_[u, v], np.r_[v, u])), shape=(n, n))
            g.sort_indices()
            self._graphs[forbidden_mask] = g
        return g

    def graph_with_sources(
        self, sources: list[tuple[Attachment, ...]], forbidden_mask: int = 0
    ) -> csr_matrix:
        """The graph plus one virtual node per source, joined to its attachment nodes.

        Virtual node ``n_nodes + i`` has an edge of length ``along_m`` to each
        usable attachment node of ``sources[i]`` (none into it), so a Dijkstra
        solve from it starts at the attachment point.
        """
        g = self.graph(forbidden_mask)
        n, k = self.n_nodes, len(sources)
        rows = [[a for a in ends if not a.tags & forbidden_mask] for ends in sources]
        counts = np.array([len(r) for r in rows], dtype=np.int64)
        extra_idx = np.array([a.node for r in rows for a in r], dtype=g.indices.dtype)
        extra_w = np.array([a.along_m for r in rows for a in r], dtype=float)
        # A zero-length entry would be read as "no edge": use the smallest positive float.
        extra_w = np.maximum(extra_w, np.finfo(float).tiny)
        indptr = np.concatenate([g.indptr, g.nnz + np.cumsum(counts)])
        return csr_matrix(
            (np.concatenate([g.data, extra_w]), np.concatenate([g.indices, extra_idx]), indptr),
            shape=(n + k, n + k),
        )

    def shortest_tree(
        self, source: Approach, forbidden_mask: int = 0
    ) -> tuple[NDArray[np.float64], NDArray[np.int32]]:
        """Shortest-path tree from an attachment: distances (m) and predecessors.

        One compiled Dijkstra call (``scipy.sparse.csgraph.dijkstra``) from a
        virtual node (index ``n_nodes``) joined to the attachment's ends; the
        last :data:`TREE_CACHE_SIZE` trees are kept, so repeated origins
        (matrices, a web app) cost a lookup. Returned arrays are read-only.
        """
        key = (source.key, forbidden_mask)
        tree = self._trees.get(key)
        if tree is None:
            from scipy.sparse.csgraph import dijkstra

            g = self.graph_with_sources([source.ends], forbidden_mask)
            dist, pred = dijkstra(g, indices=self.n_nodes, return_predecessors=True)
            dist.flags.writeable = False
            pred.flags.writeable = False
            tree = (dist, pred)
            self._trees[key] = tree
            if len(self._trees) > TREE_CACHE_SIZE:
                self._trees.popitem(last=False)
        else:
            self._trees.move_to_end(key)
        return tree

    def clear_tree_cache(self) -> None:
        """Forget cached shortest-path trees (for benchmarks of cold solves)."""
        self._trees.clear()

    def edge_between(self, a: NDArray, b: NDArray) -> NDArray[np.int64]:
        """Edge index joining each node pair ``(a[i], b[i])`` (vectorised).

        Raises
        ------
        KeyError
            If a pair is not joined by an edge.
        """
        if self._edge_key is None:
            key = np.minimum(self.edge_u, self.edge_v).astype(np.int64) * self.n_nodes
            key += np.maximum(self.edge_u, self.edge_v)
            self._edge_order = np.argsort(key)
            self._edge_key = key[self._edge_order]
        a = np.asarray(a, dtype=np.int64)
        b = np.asarray(b, dtype=np.int64)
        want = np.minimum(a, b) * self.n_nodes + np.maximum(a, b)
        pos = np.searchsorted(self._edge_key, want)
        pos = np.minimum(pos, self._edge_key.size - 1)
        if not np.array_equal(self._edge_key[pos], want):
            raise KeyError("node pair not joined by an edge")
        return self._edge_order[pos]

    def edge_tags_between(self, a: NDArray, b: NDArray) -> NDArray[np.uint16]:
        """Passage tags of the edge joining each node pair (vectorised)."""
        return self.edge_tags[self.edge_between(a, b)]

    def edge_ids(self, nodes: NDArray[np.int64]) -> NDArray[np.int64]:
        """Edge index of each consecutive node pair of a path."""
        return self.edge_between(nodes[:-1], nodes[1:])

    def edge_coords(self, edge: int, from_node: int) -> tuple[NDArray, NDArray]:
        """Vertices of one edge, oriented to start at ``from_node``."""
        a, b = self.edge_vert_offset[edge], self.edge_vert_offset[edge + 1]
        lon, lat = self.vert_lon[a:b], self.vert_lat[a:b]
        if from_node != self.edge_u[edge]:
            lon, lat = lon[::-1], lat[::-1]
        return lon, lat

    def attach(self, edge: int, vert: int) -> tuple[Attachment, ...]:
        """Attachments of the point ``vert`` (vertex index) of ``edge``."""
        a, b = self.edge_vert_offset[edge], self.edge_vert_offset[edge + 1]
        lon, lat = self.vert_lon[a:b], self.vert_lat[a:b]
        u, v, tags = int(self.edge_u[edge]), int(self.edge_v[edge]), int(self.edge_tags[edge])
        if vert == 0:
            return (Attachment(u, 0.0, lon[:1], lat[:1]),)
        if vert == lon.size - 1:
            return (Attachment(v, 0.0, lon[-1:], lat[-1:]),)
        to_u = geodesy.path_length_m(lon[: vert + 1], lat[: vert + 1])
        to_v = float(self.edge_length_m[edge]) - to_u
        return (
            Attachment(u, to_u, lon[vert::-1], lat[vert::-1], tags),
            Attachment(v, to_v, lon[vert:], lat[vert:], tags),
        )

    def _vertex_tree(self):
        if self._tree is None:
            from scipy.spatial import cKDTree

            self._tree = cKDTree(geodesy.unit_vectors(self.vert_lon, self.vert_lat))
        return self._tree

    def nearest_vertex(self, lon_deg: float, lat_deg: float) -> tuple[int, int, float]:
        """Nearest lane vertex to a position: (edge, vertex index, geodesic distance m).

        Raises
        ------
        PointOnLandError
            If no lane vertex is within :data:`MAX_APPROACH_M`.
        """
        xyz = geodesy.unit_vectors(lon_deg, lat_deg)
        _, idx = self._vertex_tree().query(xyz[0], k=1)
        idx = int(idx)
        edge = int(np.searchsorted(self.edge_vert_offset, idx, side="right") - 1)
        vert = idx - int(self.edge_vert_offset[edge])
        dist_m = float(
            geodesy.geodesic_distance_m(lon_deg, lat_deg, self.vert_lon[idx], self.vert_lat[idx])
        )
        if dist_m > MAX_APPROACH_M:
            where = (
                f"{abs(lat_deg):.4f}{'N' if lat_deg >= 0 else 'S'} "
                f"{abs(lon_deg):.4f}{'E' if lon_deg >= 0 else 'W'}"
            )
            raise PointOnLandError(
                f"position {where} is {dist_m / 1000:.0f} km from the nearest sea lane "
                f"(limit {MAX_APPROACH_M / 1000:.0f} km): the network has no lanes there "
                "(far inland, or in polar waters off the network); give a coastal port or a "
                "position nearer the shipping lanes"
            )
        return edge, vert, dist_m

    def approach(self, port) -> Approach:
        """Approach from a port (or position) to the network.

        Catalogue ports use their precomputed link; other positions the
        straight line to the nearest lane vertex (:meth:`nearest_vertex`).
        Results are cached per port.
        """
        key = port_key(port) + "|" + getattr(port, "source", "")
        cached = self._approaches.get(key)
        if cached is not None:
            return cached
        link = None
        if getattr(port, "source", "") != "coordinate":
            link = self._port_links().get(port_key(port))
        if link is not None:
            edge, vert, lon, lat, inland = link
            dist_m = geodesy.path_length_m(lon, lat)
        else:
            edge, vert, dist_m = self.nearest_vertex(port.lon, port.lat)
            i = int(self.edge_vert_offset[edge]) + vert
            lon = np.array([port.lon, self.vert_lon[i]])
            lat = np.array([port.lat, self.vert_lat[i]])
            inland = False
        ends = self.attach(edge, vert)
        at_node = len(ends) == 1
        out = Approach(
            lon, lat, dist_m, ends, -1 if at_node else edge, -1 if at_node else vert, inland
        )
        self._approaches[key] = out
        return out

    def _port_links(self) -> dict[str, tuple[int, int, NDArray, NDArray, bool]]:
        if self._links is None:
            self._links = _load_port_links()
        return self._links


def _load_port_links() -> dict[str, tuple[int, int, NDArray, NDArray, bool]]:
    files = resources.files("arcticroute")
    ref = files.joinpath("data/port_links.npz")
    try:
        with resources.as_file(ref) as path, np.load(path, allow_pickle=False) as z:
            a = {k: z[k] for k in z.files}
        ports_sha = hashlib.sha256(files.joinpath("data/ports.csv").read_bytes()).hexdigest()
    except (OSError, ValueError, EOFError) as exc:
        raise DataFileError(
            f"cannot read the shipped port links {ref}: {exc}; reinstall arcticroute or "
            "rebuild them with scripts/build_network.py"
        ) from exc
    if str(a.get("ports_sha256")) != ports_sha:
        raise DataFileError(
            "port_links.npz was built for another ports.csv; rebuild it with "
            "scripts/build_network.py after scripts/build_ports.py"
        )
    off = a["port_vert_offset"]
    lon, lat = a["port_vert_lon"], a["port_vert_lat"]
    rows = zip(a["port_key"], a["port_edge"], a["port_vert"], a["port_inland"], strict=True)
    lon.flags.writeable = False
    lat.flags.writeable = False
    return {
        str(k): (int(e), int(v), lon[off[i] : off[i + 1]], lat[off[i] : off[i + 1]], bool(f))
        for i, (k, e, v, f) in enumerate(rows)
    }


@cache
def load_network() -> Network:
    """Load the shipped network (once per process).

    Raises
    ------
    DataFileError
        If ``network.npz`` is missing, truncated or lacks an array.
    """
    ref = resources.files("arcticroute").joinpath("data/network.npz")
    try:
        with resources.as_file(ref) as path, np.load(path, allow_pickle=False) as z:
            arrays = {k: z[k] for k in LANE_ARRAYS}
    except (OSError, ValueError, KeyError, EOFError) as exc:
        raise DataFileError(
            f"cannot read the shipped network {ref}: {exc}; reinstall arcticroute or rebuild it "
            "with scripts/build_network.py"
        ) from exc
    names = [str(s) for s in arrays.pop("passage_names")]
    if names != list(PASSAGES):
        raise DataFileError(
            f"network.npz was built for passages {names}, this version knows {list(PASSAGES)}; "
            "rebuild it with scripts/build_network.py"
        )
    for a in arrays.values():
        a.flags.writeable = False  # shared by every route and cached solve
    return Network(**arrays)
