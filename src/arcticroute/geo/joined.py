"""The sea lanes and the Arctic mesh joined into one graph, for routes that judge ice.

Where ice is judged, the Arctic mesh (:mod:`arcticroute.geo.arcticmesh`) replaces
the lanes: ``scripts/build_joins.py`` cuts every lane edge where it enters the
mesh's domain (a lane vertex within ``domain_km`` of a mesh node), keeps the runs
outside it, and ties each run's first vertex inside it, a *portal*, to nearby
mesh nodes by straight edges that do not touch Natural Earth 1:10m land. The
result is shipped as ``data/arctic_joins.npz`` and read here:

* :attr:`Joins.lanes` -- the lane runs outside the domain as a
  :class:`~arcticroute.geo.network.Network` (its node ids extend the lane
  network's: the same junctions, then the portals);
* the join edges (portal, mesh node, length);
* the passage tags of every mesh node (the Arctic areas of
  :mod:`arcticroute.geo.passages`: ``nsr``, ``nsr_kara``, ``nwp``, ``bering``), so
  corridors filter the mesh as they filter the lanes;
* the mesh node of every catalogue port whose lane link ends inside the domain.

A port or position enters the joined graph on the lanes (its lane attachment,
moved onto the runs) or, inside the domain, at a mesh node (:func:`entry`).
Without ice the lane network is used whole (:mod:`arcticroute.routing.lanes`).

Errors
------
:class:`~arcticroute.errors.DataFileError` when the file is missing or was built
for another lane network, mesh or port catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import numpy as np
from numpy.typing import NDArray

from arcticroute.errors import DataFileError, InvalidCoordinateError
from arcticroute.geo import arcticmesh, geodesy
from arcticroute.geo.network import (
    LANE_ARRAYS,
    Approach,
    Attachment,
    Network,
    load_network,
    port_key,
)

__all__ = ["JOINS_FILE", "Entry", "Joins", "entry", "load_joins"]

JOINS_FILE = "arctic_joins.npz"


@dataclass(frozen=True)
class Joins:
    """The lane runs outside the mesh's domain, the joins and the mesh's tags.

    Attributes
    ----------
    lanes : Network
        Lane runs outside the domain; nodes ``0 .. n-1`` of the lane network
        keep their ids, portals follow.
    join_lane, join_mesh : ndarray of int
        Ends of each join edge: a portal (lane node id) and a mesh node.
    join_length_m : ndarray of float
        WGS84 geodesic length of each join edge, metres.
    mesh_tags : ndarray of uint16
        Passage bits of each mesh node.
    known : ndarray of bool
        Mesh nodes whose ice the shipped data knows (a finite concentration in
        every month of the climatology); joins and ports attach only to these.
    orig_to_split : ndarray of int
        Index of each lane-network vertex among :attr:`lanes`' vertices, -1
        inside the domain.
    port_mesh : dict
        Port key -> (mesh node, approach crosses land).
    domain_km : float
    """

    lanes: Network
    join_lane: NDArray[np.int32] = field(repr=False)
    join_mesh: NDArray[np.int32] = field(repr=False)
    join_length_m: NDArray[np.float64] = field(repr=False)
    mesh_tags: NDArray[np.uint16] = field(repr=False)
    known: NDArray[np.bool_] = field(repr=False)
    orig_to_split: NDArray[np.int64] = field(repr=False)
    port_mesh: dict = field(repr=False)
    domain_km: float
    clique_masks: tuple[int, ...] = ()
    cliques: NDArray[np.float64] | None = field(default=None, repr=False)

    def clique_m(self, mask: int) -> NDArray[np.float64]:
        """Lane distance (m) between every two portals with the passages of ``mask``
        closed (``[i, j]`` for :attr:`portals` ``i`` and ``j``; inf: not joined)."""
        if mask in self.clique_masks and self.cliques is not None:
            return self.cliques[self.clique_masks.index(mask)]
        from scipy.sparse.csgraph import dijkstra

        portals = self.portals
        return dijkstra(self.lanes.graph(mask), indices=portals)[:, portals]

    @property
    def portals(self) -> NDArray[np.int64]:
        """Lane node ids of the portals, sorted."""
        return np.unique(self.join_lane).astype(np.int64)


@dataclass(frozen=True)
class Entry:
    """How a port or position enters the joined graph.

    Attributes
    ----------
    approach : Approach
        The leg from the port to its attachment point; on the lanes its
        ``ends`` are on :attr:`Joins.lanes`, on the mesh they are empty.
    mesh_node : int
        Mesh node of a port inside the domain, else -1.
    """

    approach: Approach
    mesh_node: int = -1

    @property
    def on_mesh(self) -> bool:
        return self.mesh_node >= 0


@cache
def load_joins() -> Joins:
    """The shipped joins (once per process).

    Raises
    ------
    DataFileError
        If the file is missing, truncated or built for another network or mesh.
    """
    ref = resources.files("arcticroute") / "data" / JOINS_FILE
    try:
        with ref.open("rb") as fh, np.load(fh, allow_pickle=False) as z:
            a = {k: z[k] for k in z.files}
    except (OSError, ValueError, EOFError) as exc:
        raise DataFileError(
            f"cannot read the shipped joins {ref}: {exc}; reinstall arcticroute or rebuild "
            "them with scripts/build_joins.py"
        ) from exc
    net, mesh = load_network(), arcticmesh.load_mesh()
    n_verts, n_tags = a["orig_vert_to_split"].size, a["mesh_node_tags"].size
    if n_verts != net.vert_lon.size or n_tags != mesh.n_nodes:
        raise DataFileError(
            f"{JOINS_FILE} was built for another lane network or mesh; rebuild it with "
            "scripts/build_joins.py"
        )
    for arr in a.values():
        arr.flags.writeable = False
    lanes = Network(**{k: a[f"lane_{k}"] for k in LANE_ARRAYS if k != "passage_names"})
    port_mesh = {
        str(k): (int(n), bool(f))
        for k, n, f in zip(a["port_key"], a["port_mesh_node"], a["port_mesh_inland"], strict=True)
    }
    return Joins(
        lanes=lanes,
        join_lane=a["join_lane_node"],
        join_mesh=a["join_mesh_node"],
        join_length_m=a["join_length_m"],
        mesh_tags=a["mesh_node_tags"],
        known=a["mesh_node_known"],
        orig_to_split=a["orig_vert_to_split"],
        port_mesh=port_mesh,
        domain_km=float(a["domain_km"]),
        clique_masks=tuple(int(m) for m in a["clique_masks"]),
        cliques=a["clique_m"],
    )


def _mesh_entry(port, node: int, inland: bool) -> Entry:
    mesh = arcticmesh.load_mesh()
    lon = np.array([port.lon, mesh.lon[node]])
    lat = np.array([port.lat, mesh.lat[node]])
    return Entry(Approach(lon, lat, geodesy.path_length_m(lon, lat), (), inland=inland), node)


def _lane_entry(joins: Joins, a: Approach) -> Entry | None:
    """The lane approach moved onto the runs outside the domain (None: it ends inside)."""
    net, lanes = load_network(), joins.lanes
    if a.edge < 0:  # at a junction: same id on the runs, if it has a run
        node = a.ends[0].node
        if node >= lanes.n_nodes or not (
            np.any(lanes.edge_u == node) or np.any(lanes.edge_v == node)
        ):
            return None
        return Entry(a)
    s = int(joins.orig_to_split[int(net.edge_vert_offset[a.edge]) + a.vert])
    if s < 0:
        return None
    edge = int(np.searchsorted(lanes.edge_vert_offset, s, side="right") - 1)
    ends = lanes.attach(edge, s - int(lanes.edge_vert_offset[edge]))
    at_node = len(ends) == 1
    return Entry(
        Approach(
            a.lon_deg,
            a.lat_deg,
            a.distance_m,
            ends,
            -1 if at_node else edge,
            -1 if at_node else s - int(lanes.edge_vert_offset[edge]),
            a.inland,
        )
    )


def entry(port) -> Entry:
    """How a port (catalogue or coordinate) enters the joined graph.

    A catalogue port whose lane link ends inside the mesh's domain enters at
    the mesh node chosen at build time; a coordinate whose nearest lane vertex
    lies inside the domain enters at its nearest mesh node; others keep their
    lane approach, moved onto the runs outside the domain.

    Raises
    ------
    PointOnLandError, InvalidCoordinateError
        As :meth:`arcticroute.geo.network.Network.approach` and
        :func:`arcticroute.geo.arcticmesh.nearest_node`.
    """
    joins = load_joins()
    coordinate = getattr(port, "source", "") == "coordinate"
    if not coordinate:
        hit = joins.port_mesh.get(port_key(port))
        if hit is not None:
            return _mesh_entry(port, *hit)
    out = _lane_entry(joins, load_network().approach(port))
    if out is not None:
        return out
    try:
        node = arcticmesh.nearest_node(port.lon, port.lat)
    except InvalidCoordinateError as exc:
        raise InvalidCoordinateError(
            f"{port.name} joins the sea lanes inside the Arctic mesh's domain but is {exc}"
        ) from exc
    return _mesh_entry(port, node, False)


def attachment_ends(e: Entry) -> tuple[Attachment, ...]:
    """The lane attachments of an entry (empty on the mesh)."""
    return () if e.on_mesh else e.approach.ends
