"""The world sea-lane network as a compiled shortest-path graph.

The network is searoute's ``marnet`` lane graph (Eurostat SeaRoute via
searoute-py 1.6.0), cleaned and tagged with passages by
``scripts/build_network.py`` and shipped as ``data/network.npz``. It is
loaded once per process and kept as ``scipy.sparse`` CSR matrices, one per
set of forbidden passages, so each shortest-path query is a single call to
``scipy.sparse.csgraph.dijkstra`` (compiled).

Catalogue ports join the network by the approach legs precomputed at build
time (``data/port_links.npz``): a straight line or a short sea path to a
nearby node that avoids Natural Earth 1:10m land. Positions typed by the
user join at their nearest node by a straight line. The WGS84 geodesic
length of the approach is added to the route.
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

from . import geodesy
from .errors import DataFileError, PointOnLandError
from .passages import PASSAGES

__all__ = ["MAX_APPROACH_M", "Approach", "Network", "load_network", "port_key"]

MAX_APPROACH_M = 600_000.0
"""Longest straight approach from a position to the lane network, metres.

Not a domain value: a guard against routing from positions far inland or
far from any lane (searoute's network reaches every coast it serves within
a few hundred km). Beyond it the position is refused with an explanation.
"""

TREE_CACHE_SIZE = 256
"""Shortest-path trees kept per process (each ~14 bytes per node, ~65 kB)."""

_ARRAYS = (
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
class Approach:
    """How a port or position joins the network.

    Attributes
    ----------
    node : int
        Network node reached.
    lon_deg, lat_deg : ndarray
        Approach vertices from the port to the node.
    distance_m : float
        Geodesic length of the approach, metres.
    inland : bool
        True when the approach crosses land on the 1:10m coastline (a river,
        lake or fjord port the coastline does not resolve): its length is then
        a lower bound.
    """

    node: int
    lon_deg: NDArray[np.float64]
    lat_deg: NDArray[np.float64]
    distance_m: float
    inland: bool = False


def port_key(port) -> str:
    """Key of a catalogue port in ``port_links.npz`` (code, name and position)."""
    return f"{port.locode}|{port.name}|{port.lat:.5f}|{port.lon:.5f}"


def _unit_xyz(lon_deg: NDArray, lat_deg: NDArray) -> NDArray[np.float64]:
    lon = np.deg2rad(lon_deg)
    lat = np.deg2rad(lat_deg)
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


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
        Passage bit mask per edge (see :mod:`arcticroute.passages`).
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
            self._graphs[forbidden_mask] = g
        return g

    def shortest_tree(
        self, source: int, forbidden_mask: int = 0
    ) -> tuple[NDArray[np.float64], NDArray[np.int32]]:
        """Single-source shortest-path tree: distances (m) and predecessors.

        One compiled Dijkstra call (``scipy.sparse.csgraph.dijkstra``); the
        last :data:`TREE_CACHE_SIZE` trees are kept, so repeated origins
        (matrices, a web app) cost a lookup. Returned arrays are read-only.
        """
        key = (source, forbidden_mask)
        tree = self._trees.get(key)
        if tree is None:
            from scipy.sparse.csgraph import dijkstra

            dist, pred = dijkstra(
                self.graph(forbidden_mask), indices=source, return_predecessors=True
            )
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

    def nearest_node(self, lon_deg: float, lat_deg: float) -> tuple[int, float]:
        """Nearest node to a position and the geodesic distance to it (m).

        Raises
        ------
        PointOnLandError
            If no node is within :data:`MAX_APPROACH_M`.
        """
        if self._tree is None:
            from scipy.spatial import cKDTree

            self._tree = cKDTree(_unit_xyz(self.node_lon, self.node_lat))
        xyz = _unit_xyz(np.atleast_1d(lon_deg), np.atleast_1d(lat_deg))
        _, idx = self._tree.query(xyz[0], k=1)
        node = int(idx)
        dist_m = float(
            geodesy.geodesic_distance_m(lon_deg, lat_deg, self.node_lon[node], self.node_lat[node])
        )
        if dist_m > MAX_APPROACH_M:
            raise PointOnLandError(
                f"position {lat_deg:.4f}N {lon_deg:.4f}E is {dist_m / 1000:.0f} km from the "
                f"nearest sea lane (limit {MAX_APPROACH_M / 1000:.0f} km); give a coastal port "
                "or a position at sea"
            )
        return node, dist_m

    def approach(self, port) -> Approach:
        """Approach leg from a port (or position) to the network.

        Catalogue ports use their precomputed link; other positions the
        straight line to the nearest node (:meth:`nearest_node`).
        """
        if getattr(port, "source", "") != "coordinate":
            link = self._port_links().get(port_key(port))
            if link is not None:
                node, lon, lat, inland = link
                return Approach(node, lon, lat, geodesy.path_length_m(lon, lat), inland)
        node, dist_m = self.nearest_node(port.lon, port.lat)
        lon = np.array([port.lon, self.node_lon[node]])
        lat = np.array([port.lat, self.node_lat[node]])
        return Approach(node, lon, lat, dist_m)

    def _port_links(self) -> dict[str, tuple[int, NDArray, NDArray, bool]]:
        if self._links is None:
            self._links = _load_port_links()
        return self._links


def _load_port_links() -> dict[str, tuple[int, NDArray, NDArray, bool]]:
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
    return {
        str(k): (int(n), lon[off[i] : off[i + 1]], lat[off[i] : off[i + 1]], bool(f))
        for i, (k, n, f) in enumerate(
            zip(a["port_key"], a["port_node"], a["port_inland"], strict=True)
        )
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
            arrays = {k: z[k] for k in _ARRAYS}
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
    return Network(**arrays)
