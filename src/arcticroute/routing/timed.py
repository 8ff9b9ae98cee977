"""The time of passage: the mesh phase of a route on a date, searched with the ice of the day.

An ice-aware route searches the joined graph (:mod:`arcticroute.geo.joined`) in
three stretches of one shortest path: the lanes from the origin to the portals,
the **mesh phase** (:class:`MeshPhase`: the mesh, its joins to the portals and,
between every two portals, the lane distance, so a route may leave the mesh and
come back), and the lanes from the portals to the destination. Lanes are sailed
at the design speed; a mesh edge takes ``length / min(speed of its two nodes)``
with each node's speed that of the ice on the day the ship reaches it
(:func:`timed_tree`): arrival times depend on the speeds and the speeds on the
arrival days, so the mesh phase is searched again with the days of the previous
search until no node changes ice field (a fixed point; at most
:data:`MAX_TIME_ITERATIONS` searches, else a caveat). With monthly fields this is
one or two searches. Every search is :func:`arcticroute.routing.search.dijkstra`.

The first search of the fixed point uses the field of the day the ship enters
the mesh everywhere; it depends only on that field, the corridor, the draft and
the sources (relative to the first), so it is cached (:data:`FIRST_SEARCHES`) and
shared by every route that enters the mesh the same way.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.sparse import csr_matrix

from arcticroute import assumptions
from arcticroute.caches import LockedLru
from arcticroute.geo import arcticmesh, geodesy
from arcticroute.geo.joined import load_joins
from arcticroute.routing import icelayer
from arcticroute.routing.icelayer import IceLayer
from arcticroute.routing.search import dijkstra
from arcticroute.routing.variants import IceRoutingError, MeshFilter

__all__ = [
    "FIRST_SEARCHES",
    "HOURS_PER_DAY",
    "MAX_TIME_ITERATIONS",
    "MeshPhase",
    "TimedTree",
    "as_datetime",
    "mesh_phase",
    "open_phase",
    "timed_tree",
]

HOURS_PER_DAY = 24.0
MAX_TIME_ITERATIONS = 6
"""Searches of the time-of-passage fixed point before giving up (with a caveat)."""
FIRST_SEARCHES = LockedLru(64)
"""First searches kept (each ~1 MB)."""


# --- the mesh phase -------------------------------------------------------------------


@dataclass(frozen=True)
class MeshPhase:
    """The mesh, its portals and the lane distances between portals, as one CSR structure.

    Nodes ``0 .. n_mesh - 1`` are mesh nodes, ``n_mesh + i`` is portal ``i``
    (lane node ``portals[i]``). Per entry: its length in nautical miles and its mesh
    edge (-1 for a join or a lane stretch between portals); an entry's row is found
    from ``indptr`` (a per-entry row array would keep 5 MB per phase).
    """

    mask: int
    n_mesh: int
    portals: NDArray[np.int64] = field(repr=False)
    indptr: NDArray[np.int32] = field(repr=False)
    indices: NDArray[np.int32] = field(repr=False)
    length_nm: NDArray[np.float64] = field(repr=False)
    mesh_edge: NDArray[np.int32] = field(repr=False)

    @property
    def n(self) -> int:
        return self.n_mesh + int(self.portals.size)

    def portal_node(self, lane_node: int) -> int:
        return self.n_mesh + int(np.searchsorted(self.portals, lane_node))

    def lane_of(self, node: int) -> int:
        return int(self.portals[node - self.n_mesh])


def _mesh_rows() -> tuple[NDArray, NDArray, NDArray, NDArray]:
    """Mesh CSR with the joins mesh -> portal appended to their rows (mask-free part).
    Built for each mesh phase and not kept: it would hold 23 MB for the process's life."""
    mesh, joins = arcticmesh.load_mesh(), load_joins()
    portals = joins.portals
    n_mesh = mesh.n_nodes
    order = np.argsort(joins.join_mesh, kind="stable")
    jm = joins.join_mesh[order].astype(np.int64)
    jp = n_mesh + np.searchsorted(portals, joins.join_lane[order])
    jlen = joins.join_length_m[order] / geodesy.M_PER_NM
    at = mesh.graph.indptr[jm + 1]
    indices = np.insert(mesh.graph.indices, at, jp.astype(mesh.graph.indices.dtype))
    medge = np.insert(mesh.csr_edge.astype(np.int64), at, -1)
    length = np.insert(mesh.edge_length_m[mesh.csr_edge] / geodesy.M_PER_NM, at, jlen)
    extra = np.bincount(jm, minlength=n_mesh)
    indptr = mesh.graph.indptr.astype(np.int64) + np.r_[0, np.cumsum(extra)]
    return indptr, indices, length, medge


@lru_cache(maxsize=8)
def mesh_phase(mask: int) -> MeshPhase:
    """The mesh-phase structure for one lane filter (the lane stretches between portals
    depend on which passages are closed)."""
    joins = load_joins()
    portals = joins.portals
    p = portals.size
    indptr, indices, length, medge = _mesh_rows()
    n_mesh = indptr.size - 1
    clique = joins.clique_m(mask)
    rows_idx, rows_len = [], []
    for i, lane in enumerate(portals):
        mine = joins.join_lane == lane
        to_mesh = joins.join_mesh[mine].astype(np.int64)
        others = np.flatnonzero(np.isfinite(clique[i]) & (np.arange(p) != i))
        rows_idx.append(np.r_[to_mesh, n_mesh + others])
        rows_len.append(np.r_[joins.join_length_m[mine], clique[i, others]] / geodesy.M_PER_NM)
    counts = np.array([r.size for r in rows_idx], dtype=np.int64)
    base = indptr[-1]
    all_indices = np.concatenate([indices, *rows_idx]).astype(np.int32)
    all_len = np.concatenate([length, *rows_len])
    all_medge = np.concatenate([medge, np.full(int(counts.sum()), -1, dtype=np.int64)])
    all_medge = all_medge.astype(np.int32)  # 607k mesh edges: int32 halves 10 MB a phase
    all_indptr = np.concatenate([indptr, base + np.cumsum(counts)]).astype(np.int32)
    out = MeshPhase(
        mask=mask,
        n_mesh=n_mesh,
        portals=portals,
        indptr=all_indptr,
        indices=all_indices,
        length_nm=all_len,
        mesh_edge=all_medge,
    )
    for arr in (out.indptr, out.indices, out.length_nm, out.mesh_edge):
        arr.setflags(write=False)
    return out


@dataclass(frozen=True)
class OpenPhase:
    """The mesh phase without the nodes and edges a corridor closes (compact ids).

    ``kept`` holds the phase ids kept, in order; ``compact[i]`` is the compact id
    of phase node ``i`` (-1 when closed). Entries as in :class:`MeshPhase` (compact
    ids; an entry's row is found from ``indptr``: a per-entry row array would hold
    8 MB per corridor). An entry's hours come from its length and its two ends'
    speeds (:func:`phase_graph`).
    """

    kept: NDArray[np.int64] = field(repr=False)
    compact: NDArray[np.int64] = field(repr=False)
    indptr: NDArray[np.int32] = field(repr=False)
    indices: NDArray[np.int32] = field(repr=False)
    length_nm: NDArray[np.float64] = field(repr=False)

    @property
    def n(self) -> int:
        return int(self.kept.size)


_OPEN = LockedLru(16, every_date=True)


def open_phase(ph: MeshPhase, flt: MeshFilter) -> OpenPhase:
    """The mesh phase a corridor leaves open (cached by filter): the search runs on it,
    so closed water costs nothing."""
    key = (ph.mask, id(flt))
    hit = _OPEN.get(key)
    if hit is not None and hit[0] is flt:
        return hit[1]
    keep_node = np.r_[flt.node_ok, np.ones(ph.portals.size, dtype=bool)]
    me = ph.mesh_edge
    row = np.repeat(np.arange(ph.n, dtype=np.int32), np.diff(ph.indptr))
    ok = keep_node[row] & keep_node[ph.indices]
    ok &= (me < 0) | flt.edge_ok[np.maximum(me, 0)]
    compact = np.cumsum(keep_node) - 1
    compact[~keep_node] = -1
    kept = np.flatnonzero(keep_node)
    rows = compact[row[ok]]
    counts = np.bincount(rows, minlength=kept.size)
    out = OpenPhase(
        kept=kept,
        compact=compact,
        indptr=np.r_[0, np.cumsum(counts)].astype(np.int32),
        indices=compact[ph.indices[ok]].astype(np.int32),
        length_nm=ph.length_nm[ok],
    )
    for arr in vars(out).values():
        arr.setflags(write=False)
    _OPEN.put(key, (flt, out))
    return out


def phase_graph(
    op: OpenPhase,
    n_mesh: int,
    mesh_speed_kn: NDArray,
    lane_speed_kn: float,
    mesh_escort: NDArray[np.bool_] | None = None,
    wait_h: float = 0.0,
) -> csr_matrix:
    """Edge hours ``length / min(speed of its two nodes)`` over the open phase: mesh
    nodes at ``mesh_speed_kn`` (0 = closed), portals at the lane speed; an edge from a
    node sailed alone into one sailed under escort (``mesh_escort``) also takes the wait
    for the icebreaker, ``wait_h``, as the passage's hours count it."""
    speed = np.r_[mesh_speed_kn, np.full(op.compact.size - n_mesh, lane_speed_kn)][op.kept]
    # np.take, and the rows by repeat (they are sorted): the same values, fewer cache misses
    slower = np.minimum(np.repeat(speed, np.diff(op.indptr)), np.take(speed, op.indices))
    with np.errstate(divide="ignore"):
        w = np.divide(op.length_nm, slower, out=slower)
    if mesh_escort is not None and wait_h > 0 and np.any(mesh_escort):
        esc = np.r_[np.asarray(mesh_escort, bool), np.zeros(op.compact.size - n_mesh, bool)]
        esc = esc[op.kept]
        into = np.flatnonzero(np.take(esc, op.indices))  # entries into escorted water
        rows = np.searchsorted(op.indptr, into, side="right") - 1
        into = into[~esc[rows]]  # ... from water sailed alone
        w[into] += wait_h
    return csr_matrix((w, op.indices, op.indptr), shape=(op.n, op.n))


def open_search(
    op: OpenPhase, graph: csr_matrix, sources: Sequence[tuple[int, float]], limit: float
) -> tuple[NDArray, NDArray]:
    """:func:`~arcticroute.routing.search.dijkstra` on the open phase, in phase ids."""
    src = [(int(op.compact[s]), h) for s, h in sources if op.compact[s] >= 0]
    n = op.compact.size
    hours = np.full(n, np.inf)
    pred = np.full(n, -1, dtype=np.int64)
    if not src:
        return hours, pred
    h_c, p_c = dijkstra(graph, src, limit=limit)
    hours[op.kept] = h_c
    pred[op.kept] = np.where(p_c >= 0, op.kept[np.maximum(p_c, 0)], -1)
    return hours, pred


# --- time of passage ------------------------------------------------------------------


@dataclass(frozen=True)
class TimedTree:
    """Fastest times over the mesh phase, with the ice of the day each node is reached.

    Attributes
    ----------
    start : datetime.datetime
        Time zero of ``hours``.
    phase : MeshPhase
    sources : tuple of (node, hours)
        Phase nodes the search starts from, and when the ship is there.
    hours : ndarray of float
        Time from ``start`` to each phase node, hours (inf where unreachable).
    pred : ndarray of int
        Predecessor on the fastest path (-1 at a source and where unreached).
    layer_of_node : ndarray of int
        Index into ``layers`` of the ice field each mesh node is judged with.
    layers : tuple of IceLayer
    converged : bool
        The time-of-passage fixed point was reached.
    searches : int
    """

    start: dt.datetime
    phase: MeshPhase = field(repr=False)
    sources: tuple[tuple[int, float], ...]
    hours: NDArray[np.float64] = field(repr=False)
    pred: NDArray[np.int64] = field(repr=False)
    layer_of_node: NDArray[np.intp] = field(repr=False)
    layers: tuple[IceLayer, ...] = field(repr=False)
    converged: bool
    searches: int

    def path_to(self, node: int) -> NDArray[np.int64]:
        """Phase nodes from a source to ``node`` (empty if unreachable)."""
        if not np.isfinite(self.hours[node]):
            return np.empty(0, dtype=np.int64)
        out = [int(node)]
        while self.pred[out[-1]] >= 0:
            out.append(int(self.pred[out[-1]]))
        return np.array(out[::-1], dtype=np.int64)

    @property
    def mesh_hours(self) -> NDArray[np.float64]:
        return self.hours[: self.phase.n_mesh]


def as_datetime(start: Any) -> dt.datetime:
    if isinstance(start, dt.datetime):
        return start
    return dt.datetime.combine(icelayer.as_date(start), dt.time(0, 0))


@dataclass
class _Fields:
    """The ice layers met so far, by day offset from the start."""

    ship: Any
    t0: dt.datetime
    kw: dict
    layers: list = field(default_factory=list)
    by_key: dict = field(default_factory=dict)
    by_day: dict = field(default_factory=dict)
    node_day: NDArray[np.int64] | None = None

    def index(self, day_offset: int) -> int:
        if day_offset not in self.by_day:
            day = self.t0.date() + dt.timedelta(days=day_offset)
            lay = icelayer.ice_layer(self.ship, day, **self.kw)
            if lay.key not in self.by_key:
                self.by_key[lay.key] = len(self.layers)
                self.layers.append(lay)
            self.by_day[day_offset] = self.by_key[lay.key]
        return self.by_day[day_offset]

    def assignment(
        self, hours: NDArray, previous: NDArray, monotone: bool = False
    ) -> NDArray[np.intp]:
        """The layer of each reached mesh node: the field of the day the ship gets there.

        ``monotone``: a node's day never moves back to an earlier one than it was given
        before (a node whose arrival crosses a field boundary one way with one field and
        back with the other keeps the later field, so the fixed point ends)."""
        start_hour = self.t0.hour + self.t0.minute / 60.0 + self.t0.second / 3600.0
        reach = np.isfinite(hours)
        offsets = np.floor((start_hour + hours[reach]) / HOURS_PER_DAY).astype(np.int64)
        if self.node_day is None or self.node_day.size != hours.size:
            self.node_day = np.full(hours.size, np.iinfo(np.int64).min, dtype=np.int64)
        if monotone:
            offsets = np.maximum(offsets, self.node_day[reach])
        self.node_day[reach] = offsets
        new = previous.copy()
        if not offsets.size:
            return new
        # the days span a few weeks: a table by day instead of sorting every node's day
        first = int(offsets.min())
        days = np.flatnonzero(np.bincount(offsets - first))
        table = np.zeros(days[-1] + 1, dtype=np.intp)
        table[days] = [self.index(first + int(d)) for d in days]
        new[reach] = table[offsets - first]
        return new


def _check_sources(ph: MeshPhase, sources: Sequence[tuple[int, float]]) -> tuple:
    out = tuple((int(s), float(h)) for s, h in sources)
    if not out or any(not 0 <= s < ph.n or not h >= 0 for s, h in out):
        raise IceRoutingError(
            f"sources must be (phase node 0..{ph.n - 1}, hours >= 0) pairs; got {sources!r}"
        )
    return out


def timed_tree(
    ship: Any,
    start: Any,
    sources: Sequence[tuple[int, float]],
    flt: MeshFilter,
    *,
    mask: int,
    layer_kw: dict | None = None,
    node_speed_kn: ArrayLike | None = None,
    limit_h: float = np.inf,
    targets: dict[int, float] | Sequence[int] | None = None,
) -> TimedTree:
    """Fastest times from the sources over the mesh phase, with the ice of the day of passage.

    Parameters
    ----------
    ship : Ship
        Its design speed is the lane speed; its class, draft and options give
        the ice layers (:func:`arcticroute.routing.icelayer.ice_layer`).
    start : datetime.datetime, datetime.date or ISO text
        Time zero: a source ``(node, h)`` is reached ``h`` hours after it.
    sources : sequence of (int, float)
        Phase nodes and their hours.
    flt : MeshFilter
        Open mesh nodes and edges (:func:`arcticroute.routing.variants.mesh_filter`).
    mask : int
        Lane filter (passage bits closed) of the lane stretches between portals.
    layer_kw : dict, optional
        Keyword arguments of :func:`~arcticroute.routing.icelayer.ice_layer`.
    node_speed_kn : array_like, optional
        Fixed mesh node speeds (knots, >= 0) replacing the layers' (what-if fields);
        the layers still give ice statistics.
    limit_h : float
        Nodes beyond this many hours are left unreached (a route's upper bound).
    targets : dict of int to float, or sequence of int, optional
        Phase nodes the caller needs, with the hours from each to the end of the
        route (0 for a sequence): the fixed point is settled on the nodes reached
        no later than the best target (the one with the earliest end; a node's
        time depends only on nodes reached before it); None: on every reached node.
    """
    t0 = as_datetime(start)
    ph = mesh_phase(mask)
    src = _check_sources(ph, sources)
    lane_kn = float(ship.design_speed_kn)
    fields = _Fields(ship, t0, dict(layer_kw or {}))
    fixed = _fixed_speeds(node_speed_kn, ph.n_mesh)

    op = open_phase(ph, flt)
    wait_h = float(assumptions.value("escort.waiting_h"))

    def search(
        mesh_speed: NDArray, escort: NDArray | None = None, sources=src, limit=limit_h
    ) -> tuple[NDArray, NDArray]:
        speed = np.asarray(mesh_speed, dtype=float)
        g = phase_graph(op, ph.n_mesh, speed, lane_kn, escort, wait_h)
        return open_search(op, g, sources, limit)

    start_hour = t0.hour + t0.minute / 60.0 + t0.second / 3600.0
    first = fields.index(math.floor((start_hour + min(h for _, h in src)) / HOURS_PER_DAY))
    assign = np.full(ph.n_mesh, first, dtype=np.intp)
    if fixed is not None:
        hours, pred = search(fixed)
        assign = fields.assignment(hours[: ph.n_mesh], assign)
        return _timed(t0, ph, src, hours, pred, assign, fields, True, 1)
    hours, pred = _first_search(fields.layers[first], flt, ph, src, search, limit_h)
    settled = hours[: ph.n_mesh][_settled(hours, ph.n_mesh, targets)]
    d0, d1 = (
        math.floor((start_hour + h) / HOURS_PER_DAY)
        for h in ((settled.min(), settled.max()) if settled.size else (0.0, 0.0))
    )
    # every day from the first to the last node settled (a superset of the days present:
    # stricter, never wrong)
    if all(fields.index(d) == first for d in range(d0, d1 + 1)):
        return _timed(t0, ph, src, hours, pred, assign, fields, True, 1)
    searches, converged = 1, False
    while True:
        # from the third search on, days only move forward: a node oscillating across a
        # field boundary settles on the later field
        new = fields.assignment(hours[: ph.n_mesh], assign, monotone=searches >= 2)
        reach = _settled(hours, ph.n_mesh, targets)
        if np.array_equal(new[reach], assign[reach]):
            assign, converged = new, True
            break
        assign = new
        if searches >= MAX_TIME_ITERATIONS:
            break
        stack = np.stack([lay.speed_kn for lay in fields.layers])
        escorts = np.stack([lay.escort for lay in fields.layers])
        at = (assign, np.arange(ph.n_mesh))
        hours, pred = search(stack[at], escorts[at])
        searches += 1
    return _timed(t0, ph, src, hours, pred, assign, fields, converged, searches)


def _settled(hours: NDArray, n_mesh: int, targets) -> NDArray[np.bool_]:
    """Mesh nodes whose field must not change: reached no later than the ship leaves the
    phase at the best target (the hours after it are on the lanes, without ice)."""
    mesh_h = hours[:n_mesh]
    horizon = np.inf
    if targets:
        ends = targets if isinstance(targets, dict) else dict.fromkeys(targets, 0.0)
        nodes = np.fromiter(ends, dtype=np.int64, count=len(ends))
        reach = hours[nodes]
        total = reach + np.fromiter(ends.values(), dtype=float, count=len(ends))
        if np.isfinite(total).any():
            horizon = float(reach[int(np.argmin(total))])
    return np.isfinite(mesh_h) & (mesh_h <= horizon)


def _fixed_speeds(node_speed_kn: ArrayLike | None, n_mesh: int) -> NDArray | None:
    if node_speed_kn is None:
        return None
    fixed = np.asarray(node_speed_kn, dtype=float)
    if fixed.shape != (n_mesh,) or not np.all(fixed >= 0):  # NaN fails too
        raise IceRoutingError(
            f"node_speed_kn must have shape ({n_mesh},) with values >= 0; got shape {fixed.shape}"
        )
    return fixed


def _first_search(lay: IceLayer, flt: MeshFilter, ph: MeshPhase, src, search, limit_h) -> tuple:
    """The search with one field's speeds everywhere (cached by field, filter and the
    sources' hours relative to the first): hours and predecessors."""
    h0 = min(h for _, h in src)
    # searched from the sources' hours relative to the first (rounded): the cached tree
    # then depends on its key alone, whoever asked first
    rel = tuple(sorted((s, round(h - h0, 9)) for s, h in src))
    rel_limit = round(limit_h - h0, 9)
    key = (lay.key, flt.name, id(flt), ph.mask, rel, rel_limit)
    hit = FIRST_SEARCHES.get(key)
    # the entry holds its filter, so the filter's id cannot pass to another while it lives
    if hit is None or hit[0] is not flt:
        hours, pred = search(lay.speed_kn, lay.escort, rel, rel_limit)
        for arr in (hours, pred):
            arr.setflags(write=False)
        hit = FIRST_SEARCHES.put(key, (flt, hours, pred))
    return hit[1] + h0, hit[2]


def _timed(t0, ph, src, hours, pred, assign, fields: _Fields, converged, searches) -> TimedTree:
    for arr in (hours, pred, assign):
        if arr.flags.writeable:
            arr.setflags(write=False)
    return TimedTree(
        start=t0,
        phase=ph,
        sources=src,
        hours=hours,
        pred=pred,
        layer_of_node=assign,
        layers=tuple(fields.layers),
        converged=converged,
        searches=searches,
    )
