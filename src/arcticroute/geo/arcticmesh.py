"""The Arctic Ocean routing mesh: sea nodes on the psn25 ice grid, refined at the coast.

The mesh is built by ``scripts/build_arctic_mesh.py`` from Natural Earth 1:10m land
and shipped as ``data/arctic_mesh.npz``. Nodes are centres of psn25 cells (25 km,
EPSG:3411) north of 60°N in open water and of 6.25 km sub-cells where a psn25
cell touches land; every node carries the (row, column) of its psn25 ice cell.
Edges follow a 24-direction stencil (largest angular gap 18.4°, so a grid path
is at most 1.3 % longer than the straight line) and none crosses 10m land.

This first version only finds shortest paths with optional per-edge speed
factors; ice-aware costs are built on top of it by the router.

Errors
------
:class:`~arcticroute.errors.InvalidCoordinateError` for points outside the mesh
or bad factor arrays; :class:`~arcticroute.errors.NoRouteError` when no passable
path joins the two points.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pyproj import Transformer
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree

from arcticroute.errors import InvalidCoordinateError, NoRouteError
from arcticroute.geo import geodesy

__all__ = [
    "MESH_FILE",
    "ArcticMesh",
    "MeshPath",
    "edge_factor_from_nodes",
    "load_mesh",
    "nearest_node",
    "shortest_path",
    "to_xy",
]

MESH_FILE = "arctic_mesh.npz"
"""Shipped mesh, in ``arcticroute/data/``."""
MAX_SNAP_M = 50_000.0
"""A point farther than this from every mesh node is outside the mesh."""


@dataclass(frozen=True)
class ArcticMesh:
    """Mesh arrays (read-only) and the undirected graph as symmetric CSR.

    ``x_m``/``y_m`` are psn25 coordinates (m), ``lon``/``lat`` degrees,
    ``ice_row``/``ice_col`` the psn25 cell of each node, ``level`` 0 for a
    25 km node and 1 for a 6.25 km node. Edge ``k`` joins ``edge_u[k]`` and
    ``edge_v[k]`` and is ``edge_length_m[k]`` long (WGS84 geodesic).
    ``csr_edge[j]`` is the edge index of the ``j``-th stored CSR entry.
    """

    x_m: NDArray[np.float64]
    y_m: NDArray[np.float64]
    lon: NDArray[np.float64]
    lat: NDArray[np.float64]
    level: NDArray[np.int8]
    ice_row: NDArray[np.int16]
    ice_col: NDArray[np.int16]
    edge_u: NDArray[np.int32]
    edge_v: NDArray[np.int32]
    edge_length_m: NDArray[np.float64]
    proj4: str
    graph: csr_matrix
    csr_edge: NDArray[np.int64]
    tree: cKDTree

    @property
    def n_nodes(self) -> int:
        return int(self.x_m.size)

    @property
    def n_edges(self) -> int:
        return int(self.edge_u.size)

    @property
    def node_area_m2(self) -> NDArray[np.float64]:
        """Area each node stands for, m²: its square on the psn25 plane (25 km or 6.25 km)."""
        return np.where(self.level == 0, 25_000.0**2, 6_250.0**2)


@dataclass(frozen=True)
class MeshPath:
    """A path over the mesh: node indices, their lon/lat (degrees) and length (m)."""

    nodes: NDArray[np.int64]
    lon: NDArray[np.float64]
    lat: NDArray[np.float64]
    length_m: float
    cost: float


@lru_cache(maxsize=1)
def load_mesh() -> ArcticMesh:
    """The shipped mesh (cached)."""
    path = resources.files("arcticroute") / "data" / MESH_FILE
    with path.open("rb") as fh, np.load(fh, allow_pickle=False) as npz:
        a = {key: npz[key] for key in npz.files}
    u = a["edge_u"].astype(np.int32)
    v = a["edge_v"].astype(np.int32)
    length = a["edge_length_m"].astype(np.float64)
    n = a["x_m"].size
    m = u.size
    # both directions of every edge; the COO -> CSR conversion (compiled, no sort) carries
    # each entry's edge index + 1 as its value (exact in float32 below 2**24 edges), which
    # gives csr_edge; 32-bit arrays keep the load's peak memory down
    ids = np.arange(1, m + 1, dtype=np.float32)
    by_entry = coo_matrix(
        (np.concatenate([ids, ids]), (np.concatenate([u, v]), np.concatenate([v, u]))),
        shape=(n, n),
    ).tocsr()
    del ids
    eidx = by_entry.data.astype(np.int32) - 1
    graph = csr_matrix((length[eidx], by_entry.indices, by_entry.indptr), shape=(n, n))
    del by_entry
    for arr in (*a.values(), length, eidx):
        arr.setflags(write=False)
    return ArcticMesh(
        x_m=a["x_m"],
        y_m=a["y_m"],
        lon=a["lon"],
        lat=a["lat"],
        level=a["level"],
        ice_row=a["ice_row"],
        ice_col=a["ice_col"],
        edge_u=a["edge_u"],
        edge_v=a["edge_v"],
        edge_length_m=length,
        proj4=str(a["proj4"]),
        graph=graph,
        csr_edge=eidx,
        tree=cKDTree(np.column_stack([a["x_m"], a["y_m"]])),
    )


@lru_cache(maxsize=4)
def _transformer(proj4: str) -> Transformer:
    return Transformer.from_crs("EPSG:4326", proj4, always_xy=True)


def to_xy(mesh: ArcticMesh, lon: ArrayLike, lat: ArrayLike) -> tuple[NDArray, NDArray]:
    """Mesh projection coordinates (m) of lon/lat points (degrees)."""
    x, y = _transformer(mesh.proj4).transform(
        np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    )
    return np.asarray(x), np.asarray(y)


def nearest_node(lon: float, lat: float, mesh: ArcticMesh | None = None) -> int:
    """Index of the mesh node nearest to (lon, lat) in degrees.

    Raises
    ------
    InvalidCoordinateError
        If the coordinates are not finite or the point is more than
        :data:`MAX_SNAP_M` from every node (outside the mesh or deep inland).
    """
    mesh = load_mesh() if mesh is None else mesh
    if not (np.isfinite(lon) and np.isfinite(lat) and -90.0 <= lat <= 90.0):
        raise InvalidCoordinateError(f"lon/lat must be finite with |lat| <= 90, got {lon}, {lat}")
    x, y = to_xy(mesh, lon, lat)
    dist, idx = mesh.tree.query([float(x), float(y)])
    if dist > MAX_SNAP_M:
        raise InvalidCoordinateError(
            f"point ({lon}, {lat}) is {dist / 1000:.0f} km from the nearest mesh node "
            f"(limit {MAX_SNAP_M / 1000:.0f} km); the mesh covers the sea north of 60°N"
        )
    return int(idx)


def edge_factor_from_nodes(node_factor: ArrayLike, mesh: ArcticMesh | None = None) -> NDArray:
    """Per-edge speed factor as the smaller factor of its two end nodes."""
    mesh = load_mesh() if mesh is None else mesh
    f = np.asarray(node_factor, dtype=float)
    if f.shape != (mesh.n_nodes,):
        raise InvalidCoordinateError(
            f"node_factor must have shape ({mesh.n_nodes},), got {f.shape}"
        )
    return np.minimum(f[mesh.edge_u], f[mesh.edge_v])


def shortest_path(
    lon1: float,
    lat1: float,
    lon2: float,
    lat2: float,
    edge_speed_factor: ArrayLike | None = None,
    mesh: ArcticMesh | None = None,
) -> MeshPath:
    """Least-cost path between the mesh nodes nearest to two points.

    Parameters
    ----------
    lon1, lat1, lon2, lat2 : float
        Start and end, degrees.
    edge_speed_factor : array of shape (n_edges,), optional
        Relative speed on each edge, >= 0; an edge costs ``length / factor``
        and factor 0 makes it impassable. ``None``: all 1 (shortest distance).

    Returns
    -------
    MeshPath
        Nodes from start to end, their lon/lat, geodesic length (m) and cost
        (m of full-speed distance).

    Raises
    ------
    NoRouteError
        If every path between the two points uses an impassable edge.
    """
    mesh = load_mesh() if mesh is None else mesh
    a = nearest_node(lon1, lat1, mesh)
    b = nearest_node(lon2, lat2, mesh)
    graph = mesh.graph
    if edge_speed_factor is not None:
        f = np.asarray(edge_speed_factor, dtype=float)
        if f.shape != (mesh.n_edges,) or not np.all(f >= 0):
            raise InvalidCoordinateError(
                f"edge_speed_factor must have shape ({mesh.n_edges},) and values >= 0, "
                f"got shape {f.shape}"
            )
        with np.errstate(divide="ignore"):
            w = mesh.edge_length_m / f
        keep = np.isfinite(w[mesh.csr_edge])
        data = np.where(keep, w[mesh.csr_edge], 0.0)
        # copies: eliminate_zeros works in place and must not touch the cached graph
        graph = csr_matrix((data, graph.indices.copy(), graph.indptr.copy()), shape=graph.shape)
        graph.eliminate_zeros()
    dist, pred = dijkstra(graph, directed=True, indices=a, return_predecessors=True)
    if not np.isfinite(dist[b]):
        raise NoRouteError(
            f"no passable mesh path from ({lon1}, {lat1}) to ({lon2}, {lat2}): "
            "every route uses an edge with speed factor 0"
        )
    nodes = [b]
    while nodes[-1] != a:
        nodes.append(int(pred[nodes[-1]]))
    idx = np.array(nodes[::-1], dtype=np.int64)
    length = geodesy.path_length_m(mesh.lon[idx], mesh.lat[idx])
    return MeshPath(idx, mesh.lon[idx], mesh.lat[idx], length, float(dist[b]))
