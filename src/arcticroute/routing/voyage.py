"""Port-to-port routes on a date: the lanes and the Arctic mesh as one graph, ice judged.

With a departure date every corridor is searched on the joined graph
(:mod:`arcticroute.geo.joined`): lanes outside the Arctic mesh's domain at the
design speed, the mesh with the ice of the day the ship gets to each node. The
search (:mod:`arcticroute.routing.search`) runs from the origin's lane
attachment (or its mesh node, for a port inside the domain) over the lanes to
the portals, over the mesh phase (where the route may leave the mesh and come
back), and over the lanes to the destination; a route that never needs the
mesh is the lane route outside the domain. The corridor filters lanes and mesh
alike (:mod:`arcticroute.routing.variants`).

The ship leaves the origin on the given date at 00:00. When any ice field is a
climatology, the voyage is judged twice: under the median ice and under heavy
ice (the 90th percentile, :data:`HEAVY_ICE_STAT`); the second verdict is
``heavy_ice`` of the result, so users see how robust the first is.

Errors
------
:class:`IceRouteInfeasible` (a :class:`~arcticroute.errors.NoRouteError`) when
ice, the NSR rules, the season or the draft close the corridor; it carries the
:class:`IceVerdict`. :class:`~arcticroute.errors.NoRouteError` when the corridor
does not join the two ports at all. Bad ports, ships, dates and corridors raise
the errors of :mod:`arcticroute.routing.lanes` and :mod:`arcticroute.routing.icelayer`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix

from arcticroute import assumptions
from arcticroute.errors import NoRouteError, RouteInfeasible
from arcticroute.geo import arcticmesh, geodesy
from arcticroute.geo.joined import Entry, entry, load_joins
from arcticroute.geo.network import Approach, Attachment, Network
from arcticroute.geo.passages import CORRIDORS, PASSAGES, passages_from_mask
from arcticroute.geo.ports import Port
from arcticroute.routing import icelayer, lanes, passage, timed, variants
from arcticroute.routing.legs import Chain, Leg, Route, chain_legs, door_to_door
from arcticroute.routing.passage import IcePassage, ZoneSummary

__all__ = [
    "ARCTIC_VARIANTS",
    "HEAVY_ICE_STAT",
    "OUTSIDE_MESH",
    "UNEXPLAINED",
    "IceRouteInfeasible",
    "IceVerdict",
    "ice_route",
    "lane_corridor_matrix",
    "lane_corridor_route",
    "with_heavy_ice_only",
]

HEAVY_ICE_STAT = "p90"
"""Climatology statistic of the heavy-ice verdict (90th percentile concentration)."""
ARCTIC_VARIANTS = tuple(variants.VARIANTS)
OUTSIDE_MESH = (
    "sea ice is judged on the Arctic mesh (north of 60°N); lanes outside it are sailed "
    "at the design speed whatever the ice (Baltic, Sea of Okhotsk, Bering Sea south of 60°N)"
)
UNEXPLAINED = "no passable path (not located: asked with explain=False)"
"""The reason of a closed route when :func:`ice_route` is asked not to explain it."""


@dataclass(frozen=True)
class IceVerdict:
    """The ice-aware verdict of one voyage through one corridor.

    Attributes
    ----------
    variant : str
        The corridor or Arctic variant.
    departure : datetime.datetime
        Leaving the origin.
    arrival : datetime.datetime or None
        At the destination (None when not feasible).
    feasible : bool
    reasons : tuple of str
        Why not (empty when feasible).
    caveats : tuple of str
    ice_source : str
        ``"observed"`` when every ice field used was observed, else
        ``"climatology"``, ``"projection"`` or ``"extent"``.
    ice_product, ice_statistic : str
    policy : str
        POLARIS policy.
    hours : float
        Door-to-door steaming hours (lanes at design speed + the mesh's passage).
    lane_nm, lane_hours : float
        Everything off the mesh: approaches, lanes and joins (when not feasible:
        the lanes to where the ship would enter the mesh).
    passage : IcePassage
    heavy_ice : IceVerdict or None
        The same voyage under the heavy-ice climatology, when the ice came from
        a climatology.
    """

    variant: str
    departure: dt.datetime
    arrival: dt.datetime | None
    feasible: bool
    reasons: tuple[str, ...]
    caveats: tuple[str, ...]
    ice_source: str
    ice_product: str
    ice_statistic: str
    policy: str
    hours: float
    lane_nm: float
    lane_hours: float
    passage: IcePassage = field(repr=False)
    heavy_ice: IceVerdict | None = field(default=None, repr=False)

    @property
    def zones(self) -> tuple[ZoneSummary, ...]:
        return self.passage.zones

    @property
    def escort_zones(self) -> tuple[int, ...]:
        """NSR zones where part of the passage is under icebreaker escort."""
        return tuple(z.zone for z in self.passage.zones if z.escort_needed)


class IceRouteInfeasible(RouteInfeasible):
    """No feasible ice-aware passage; ``verdict`` (an :class:`IceVerdict`) says why.
    Catch :class:`arcticroute.errors.RouteInfeasible`, its public name."""


# --- the search -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Trip:
    """One route's question: ends, corridor, ship and how the ice is judged."""

    o: Any
    d: Any
    eo: Entry
    ed: Entry
    via: str
    ship: Any
    departure: dt.datetime
    mask: int
    flt: variants.MeshFilter
    layer_kw: dict[str, Any]
    open_transit: bool = False
    explain: bool = True

    @property
    def m_per_h(self) -> float:
        return float(self.ship.design_speed_kn) * geodesy.M_PER_NM

    @property
    def arctic(self) -> bool:
        return self.via in variants.VARIANTS


@dataclass(frozen=True)
class _Found:
    """The best way found: over lanes only, or through the mesh phase."""

    hours: float
    lane: lanes.Solution | None = None
    trees: tuple[timed.TimedTree, ...] = ()
    exit_node: int = -1
    tree: timed.TimedTree | None = None
    stuck_at_via: bool = False


LaneTree = tuple[NDArray[np.float64], NDArray[np.int32]]
"""Distances (m) and predecessors of a shortest-path tree on the lanes."""


def _lane_tree(trip: _Trip, e: Entry) -> LaneTree | None:
    if e.on_mesh:
        return None
    return load_joins().lanes.shortest_tree(e.approach, trip.mask)


def _ends(trip: _Trip, e: Entry, tree: LaneTree | None, ph: timed.MeshPhase) -> dict[int, float]:
    """Phase nodes where the route enters (or leaves) the mesh phase, with the hours
    between them and the port."""
    h_app = e.approach.distance_m / trip.m_per_h
    if e.on_mesh or tree is None:
        return {e.mesh_node: h_app}
    dist = tree[0]
    out: dict[int, float] = {}
    for lane_node in ph.portals:
        if np.isfinite(dist[lane_node]):
            out[ph.portal_node(int(lane_node))] = h_app + float(dist[lane_node]) / trip.m_per_h
    return out


def _via_mesh(
    trip: _Trip, starts: dict[int, float], exits: dict[int, float], limit_h: float
) -> _Found | None:
    """The fastest way through the mesh phase (via the variant's point if it has one)."""
    src = list(starts.items())
    trees = []

    def tree_to(sources: list[tuple[int, float]], targets: Any) -> timed.TimedTree:
        return timed.timed_tree(
            trip.ship,
            trip.departure,
            sources,
            trip.flt,
            mask=trip.mask,
            layer_kw=trip.layer_kw,
            limit_h=limit_h,
            targets=targets,
        )

    if trip.flt.via_node >= 0:
        via = trip.flt.via_node
        first = tree_to(src, [via])
        trees.append(first)
        if not np.isfinite(first.hours[via]):
            return _Found(math.inf, trees=tuple(trees), tree=first, stuck_at_via=True)
        src = [(via, float(first.hours[via]))]
    tree = tree_to(src, exits)
    trees.append(tree)
    nodes = np.array(list(exits), dtype=np.int64)
    total = tree.hours[nodes] + np.array(list(exits.values()))
    if not nodes.size or not np.isfinite(total).any():
        return _Found(math.inf, trees=tuple(trees), tree=tree)
    k = int(np.argmin(total))
    return _Found(float(total[k]), trees=tuple(trees), exit_node=int(nodes[k]), tree=tree)


@lru_cache(maxsize=16)
def _portal_bound_nm(flt: variants.MeshFilter, mask: int) -> NDArray[np.float64]:
    """A lower bound of the distance (nm) from portal to portal through the mesh phase.

    Within one connected part of the open mesh a path is no shorter than the great
    circle; between parts the route must leave the mesh (the lane distance between
    portals). Shortest paths over those bounds (Floyd-Warshall on the portals).
    """
    from scipy.sparse.csgraph import connected_components, floyd_warshall

    mesh, joins = arcticmesh.load_mesh(), load_joins()
    ok_e = flt.edge_ok & flt.node_ok[mesh.edge_u] & flt.node_ok[mesh.edge_v]
    g = csr_matrix(
        (np.ones(int(ok_e.sum())), (mesh.edge_u[ok_e], mesh.edge_v[ok_e])),
        shape=(mesh.n_nodes, mesh.n_nodes),
    )
    _, part = connected_components(g, directed=False)
    portals = joins.portals
    comp = np.array(
        [part[joins.join_mesh[np.flatnonzero(joins.join_lane == p)[0]]] for p in portals]
    )
    lon, lat = joins.lanes.node_lon[portals], joins.lanes.node_lat[portals]
    gc = geodesy.geodesic_distance_m(lon[:, None], lat[:, None], lon[None, :], lat[None, :])
    w = np.where(comp[:, None] == comp[None, :], gc, np.inf)
    w = np.minimum(w, joins.clique_m(mask)) / geodesy.M_PER_NM
    np.fill_diagonal(w, 0.0)
    out: NDArray[np.float64] = floyd_warshall(w, directed=False)
    out.setflags(write=False)
    return out


def _mesh_cannot_help(
    trip: _Trip, starts: dict[int, float], exits: dict[int, float], lane_h: float
) -> bool:
    """True when no path through the mesh phase can beat ``lane_h`` (both ends on lanes)."""
    if not math.isfinite(lane_h) or trip.eo.on_mesh or trip.ed.on_mesh:
        return False
    ph = timed.mesh_phase(trip.mask)
    bound = _portal_bound_nm(trip.flt, trip.mask)
    p = np.fromiter((k - ph.n_mesh for k in starts), dtype=np.int64)
    q = np.fromiter((k - ph.n_mesh for k in exits), dtype=np.int64)
    s = np.fromiter(starts.values(), dtype=float)
    e = np.fromiter(exits.values(), dtype=float)
    knots = float(trip.ship.design_speed_kn)
    lb = s[:, None] + bound[np.ix_(p, q)] / knots + e[None, :]
    return bool(lb.min() >= lane_h)


def _search(trip: _Trip) -> _Found:
    """The fastest way from origin to destination for one trip (hours inf: none)."""
    ph = timed.mesh_phase(trip.mask)
    t_o, t_d = _lane_tree(trip, trip.eo), _lane_tree(trip, trip.ed)
    best = _Found(math.inf)
    if not (trip.arctic or trip.eo.on_mesh or trip.ed.on_mesh):
        sol = lanes.solve(load_joins().lanes, trip.eo.approach, trip.ed.approach, trip.mask)
        if sol is not None:
            m = trip.eo.approach.distance_m + sol.distance_m + trip.ed.approach.distance_m
            best = _Found(m / trip.m_per_h, lane=sol)
    starts, exits = _ends(trip, trip.eo, t_o, ph), _ends(trip, trip.ed, t_d, ph)
    if not starts or not exits or _mesh_cannot_help(trip, starts, exits, best.hours):
        return best
    found = _via_mesh(trip, starts, exits, best.hours)
    if found is not None and (found.hours < best.hours or best.lane is None):
        return found
    return dataclasses.replace(best, trees=found.trees, tree=found.tree) if found else best


# --- from the search to a route -------------------------------------------------------


Join = tuple[NDArray[np.float64], NDArray[np.float64], float]
"""(lon, lat, length m) of the join edges between a lane portal and a mesh node."""


@dataclass
class _Path:
    """A route's path as pieces: lane chains and mesh stretches, in order."""

    legs: list[Leg] = field(default_factory=list)
    chain: Chain = field(default_factory=Chain)
    stretches: list[tuple[timed.TimedTree, NDArray[np.int64]]] = field(default_factory=list)
    tags: int = 0
    ice: dict[int, list[Any]] = field(default_factory=dict)
    """Ice leg index -> [its stretch indices, join before it, join after it]."""

    def close_chain(self) -> None:
        sea, _, _ = chain_legs(self.chain)
        for leg in sea:
            self.tags |= sum(1 << PASSAGES[p].bit for p in leg.passages)
        self.legs.extend(sea)
        self.chain = Chain()

    def mesh(
        self, tree: timed.TimedTree, nodes: NDArray[np.int64], into: Join, out_of: Join
    ) -> None:
        """A mesh stretch, with the joins (lon, lat, length) before and after it."""
        self.close_chain()
        mesh, joins = arcticmesh.load_mesh(), load_joins()
        tags = int(np.bitwise_or.reduce(joins.mesh_tags[nodes]))
        self.tags |= tags
        lon = np.r_[into[0], mesh.lon[nodes], out_of[0]]
        lat = np.r_[into[1], mesh.lat[nodes], out_of[1]]
        length = geodesy.path_length_m(mesh.lon[nodes], mesh.lat[nodes]) + into[2] + out_of[2]
        names = passages_from_mask(tags & variants.arctic_tags())
        self.ice[len(self.legs)] = [[len(self.stretches)], into[0].size, out_of[0].size]
        self.legs.append(Leg("ice", names, length, lon, lat))
        self.stretches.append((tree, nodes))

    def with_escort(self, escort: NDArray[np.bool_]) -> None:
        """Give each ice leg its segments' escort flags (``escort``: the passage's)."""
        per: list[NDArray[np.bool_]] = []
        k, last = 0, -1
        for _, nodes in self.stretches:
            if per and nodes[0] != last:
                k += 1  # the passage's gap segment between stretches that do not meet
            per.append(escort[k : k + nodes.size - 1])
            k += nodes.size - 1
            last = nodes[-1]
        for i, (members, into, out_of) in self.ice.items():
            flags = np.r_[np.zeros(into, bool), *[per[m] for m in members], np.zeros(out_of, bool)]
            self.legs[i] = dataclasses.replace(self.legs[i], escort=flags)


def _join(ph: timed.MeshPhase, lane_node: int, mesh_node: int) -> Join:
    """(lon, lat, length) of the join edge between a portal and a mesh node."""
    joins = load_joins()
    k = np.flatnonzero((joins.join_lane == lane_node) & (joins.join_mesh == mesh_node))[0]
    lanes_net = joins.lanes
    return (
        np.array([lanes_net.node_lon[lane_node]]),
        np.array([lanes_net.node_lat[lane_node]]),
        float(joins.join_length_m[k]),
    )


_NOTHING = (np.empty(0), np.empty(0), 0.0)


def _lane_between(path: _Path, trip: _Trip, a: int, b: int) -> None:
    """The lane stretch between two portals (a route leaving the mesh and coming back)."""
    net = load_joins().lanes
    at_node = network_entry(a)
    _, pred = net.shortest_tree(at_node, trip.mask)
    path.chain.edges(net, lanes.path_nodes(pred, net.n_nodes, b))


def network_entry(node: int) -> Approach:
    """An approach of zero length at a lane node of the joined graph's lanes."""

    net = load_joins().lanes
    lon, lat = net.node_lon[node : node + 1], net.node_lat[node : node + 1]
    return Approach(lon, lat, 0.0, (Attachment(int(node), 0.0, lon, lat),))


def _walk_phase(
    path: _Path, trip: _Trip, tree: timed.TimedTree, nodes: NDArray[np.int64], ph: timed.MeshPhase
) -> None:
    """Mesh stretches and lane stretches between portals along one phase path."""
    n_mesh = ph.n_mesh
    is_mesh = nodes < n_mesh
    k = 0
    while k < nodes.size:
        if not is_mesh[k]:
            if k + 1 < nodes.size and not is_mesh[k + 1]:
                _lane_between(path, trip, ph.lane_of(nodes[k]), ph.lane_of(nodes[k + 1]))
            k += 1
            continue
        j = k
        while j + 1 < nodes.size and is_mesh[j + 1]:
            j += 1
        into = _join(ph, ph.lane_of(nodes[k - 1]), int(nodes[k])) if k > 0 else _NOTHING
        out_of = (
            _join(ph, ph.lane_of(nodes[j + 1]), int(nodes[j])) if j + 1 < nodes.size else _NOTHING
        )
        path.mesh(tree, nodes[k : j + 1], into, out_of)
        k = j + 1


def _lane_ends(path: _Path, trip: _Trip, found: _Found, ph: timed.MeshPhase) -> None:
    """The lanes from the origin to the first portal, for a route entering on the lanes."""
    if trip.eo.on_mesh:
        return
    net = load_joins().lanes
    target = trip.flt.via_node if len(found.trees) == 2 else found.exit_node
    first = found.trees[0].path_to(target)[0]
    _, pred = net.shortest_tree(trip.eo.approach, trip.mask)
    nodes = lanes.path_nodes(pred, net.n_nodes, ph.lane_of(first))
    start = next(a for a in trip.eo.approach.ends if a.node == nodes[0])
    path.chain.piece(start.lon_deg, start.lat_deg, start.tags, start.along_m)
    path.chain.edges(net, nodes)


def _lane_exit(path: _Path, trip: _Trip, found: _Found, ph: timed.MeshPhase) -> None:
    """The lanes from the last portal to the destination."""
    if trip.ed.on_mesh:
        return
    net = load_joins().lanes
    _, pred = net.shortest_tree(trip.ed.approach, trip.mask)
    nodes = lanes.path_nodes(pred, net.n_nodes, ph.lane_of(found.exit_node))[::-1]
    end = next(a for a in trip.ed.approach.ends if a.node == nodes[-1])
    path.chain.edges(net, nodes)
    path.chain.piece(end.lon_deg[::-1], end.lat_deg[::-1], end.tags, end.along_m)


def _mesh_path(trip: _Trip, found: _Found) -> _Path:
    ph = timed.mesh_phase(trip.mask)
    path = _Path()
    _lane_ends(path, trip, found, ph)
    if len(found.trees) == 2:
        _walk_phase(path, trip, found.trees[0], found.trees[0].path_to(trip.flt.via_node), ph)
        n_legs = len(path.legs)
        _walk_phase(path, trip, found.trees[1], found.trees[1].path_to(found.exit_node), ph)
        _merge_at_via(path, n_legs)
    else:
        _walk_phase(path, trip, found.trees[0], found.trees[0].path_to(found.exit_node), ph)
    _lane_exit(path, trip, found, ph)
    path.close_chain()
    return path


def _merge_at_via(path: _Path, k: int) -> None:
    """Join the two ice legs that meet at a variant's via node (``legs[k - 1]`` and
    ``legs[k]``) into one."""
    legs = path.legs
    if not (0 < k < len(legs) and legs[k - 1].kind == legs[k].kind == "ice"):
        return
    a, b = legs[k - 1], legs[k]
    legs[k - 1 : k + 1] = [
        Leg(
            "ice",
            tuple(dict.fromkeys((*a.passages, *b.passages))),
            a.distance_m + b.distance_m,
            np.r_[a.lon_deg, b.lon_deg[1:]],
            np.r_[a.lat_deg, b.lat_deg[1:]],
        )
    ]
    first, second = path.ice.pop(k - 1), path.ice.pop(k)
    merged = {k - 1: [first[0] + second[0], first[1], second[2]]}
    merged.update({i - 1 if i > k else i: v for i, v in path.ice.items()})
    path.ice = merged


# --- the verdict and the route --------------------------------------------------------


def _required_met(trip: _Trip, tags: int) -> bool:
    bit = variants.required_bit(trip.via)
    return not bit or bool(tags & bit)


def _caveats(p: IcePassage, lane_part: bool) -> list[str]:
    out = list(p.caveats)
    if lane_part:
        out.append(OUTSIDE_MESH)
    out.append(
        "steaming time and a wait of escort.waiting_h for each escorted stretch; no waiting "
        "for better ice, no port or canal time; escort at the escorted speed (escort.speed_kn)"
    )
    return out


def _verdict(trip: _Trip, found: _Found, path: _Path | None, policy: str) -> IceVerdict:
    """The verdict of a trip whose path uses the mesh (or that failed on it)."""
    if path is None or not path.stretches:
        reasons = _no_path(trip, found) if trip.explain else [UNEXPLAINED]
        entry_h = min(h for _, h in found.trees[0].sources)
        p = passage.infeasible(
            trip.via, trip.departure + dt.timedelta(hours=entry_h), _mesh_tree(found), reasons
        )
        # the lanes sailed to where the ship would enter the mesh
        hours, lane_h = math.nan, entry_h
        lane_nm = entry_h * float(trip.ship.design_speed_kn)
    else:
        p = passage.summarize(trip.via, path.stretches)
        path.with_escort(p.escort)
        mesh_nm = p.distance_nm
        total_nm = (
            sum(leg.distance_m for leg in path.legs) / geodesy.M_PER_NM
            + (trip.eo.approach.distance_m + trip.ed.approach.distance_m) / geodesy.M_PER_NM
        )
        lane_nm = total_nm - mesh_nm
        wait_h = p.hours - float(sum(np.diff(tr.hours[nd]).sum() for tr, nd in path.stretches))
        hours = found.hours + wait_h
        lane_h = hours - p.hours
    return IceVerdict(
        variant=trip.via,
        departure=trip.departure,
        arrival=trip.departure + dt.timedelta(hours=hours) if p.feasible else None,
        feasible=p.feasible,
        reasons=p.reasons,
        caveats=tuple(_caveats(p, p.feasible and lane_nm > 0)),
        ice_source=p.ice_source,
        ice_product=p.product,
        ice_statistic=p.statistic,
        policy=policy,
        hours=hours,
        lane_nm=lane_nm,
        lane_hours=lane_h,
        passage=p,
    )


def _mesh_tree(found: _Found) -> timed.TimedTree:
    """The tree of a search that entered the mesh phase (the only kind judged there)."""
    if found.tree is None:
        raise RuntimeError("a verdict on the mesh needs the tree of a mesh search")
    return found.tree


def _no_path(trip: _Trip, found: _Found) -> list[str]:
    tree = _mesh_tree(found)
    target = (trip.d.lon, trip.d.lat)
    if found.stuck_at_via:
        mesh = arcticmesh.load_mesh()
        target = (float(mesh.lon[trip.flt.via_node]), float(mesh.lat[trip.flt.via_node]))
    draft = float(getattr(trip.ship, "draft_m", 0.0) or 0.0)
    decides = False
    if variants.draft_closed_straits(draft):
        open_flt = variants.mesh_filter(trip.via, trip.open_transit, 0.0, assumptions.state())
        if _meets_closed_edges(found, trip.flt, open_flt):
            decides = math.isfinite(_search(dataclasses.replace(trip, flt=open_flt)).hours)
    return passage.no_path_reasons(tree, target, trip.ship, trip.flt, decides)


def _meets_closed_edges(
    found: _Found, flt: variants.MeshFilter, open_flt: variants.MeshFilter
) -> bool:
    """Whether a search reached a node of an edge the draft closes. If none did, the same
    search with those edges open reaches the same nodes at the same times (a search only
    grows over edges from the nodes it reaches), so the draft does not decide."""
    mesh = arcticmesh.load_mesh()
    closed = np.flatnonzero(open_flt.edge_ok & ~flt.edge_ok)
    ends = np.r_[mesh.edge_u[closed], mesh.edge_v[closed]]
    return any(bool(np.isfinite(tr.mesh_hours[ends]).any()) for tr in found.trees)


def _route(trip: _Trip, found: _Found, path: _Path, verdict: IceVerdict) -> Route:
    legs, lon, lat = door_to_door(trip.eo.approach, path.legs, trip.ed.approach)
    seen = list(dict.fromkeys(p for leg in legs for p in leg.passages if p != "inland"))
    notes = [
        f"ice-aware {trip.via} route for {trip.departure:%Y-%m-%d} departure: "
        f"{verdict.ice_source} ice ({verdict.ice_product}"
        + (f", {verdict.ice_statistic}" if verdict.ice_statistic else "")
        + ")",
        *verdict.caveats,
        "distances are WGS84 geodesics along the lanes outside the Arctic mesh and between "
        "mesh nodes on it, with approach legs from each port",
    ]
    return Route(
        origin=trip.o,
        destination=trip.d,
        via=trip.via,
        passages=tuple(seen),
        distance_m=sum(leg.distance_m for leg in legs),
        speed_kn=float(trip.ship.design_speed_kn),
        legs=tuple(legs),
        lon_deg=lon,
        lat_deg=lat,
        assumptions=tuple(notes),
        ice=verdict,
        ice_considered=True,
    )


def lane_corridor_matrix(
    origins: list[Port], destinations: list[Port], via: str
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """A corridor's distances (nm) on the lanes outside the Arctic mesh, and the pairs
    whose route on a date must be searched whole (an end on the mesh, or a lower bound
    that does not rule the mesh out); NaN where the lanes do not join a pair."""
    joins, cor = load_joins(), CORRIDORS[via]
    net, mask = joins.lanes, cor.forbidden_mask
    eo, ed = [entry(p) for p in origins], [entry(p) for p in destinations]
    on_o = np.array([e.on_mesh for e in eo])
    on_d = np.array([e.on_mesh for e in ed])
    nm = np.full((len(eo), len(ed)), np.nan)
    io, jd = np.flatnonzero(~on_o), np.flatnonzero(~on_d)
    if io.size and jd.size:
        m, ok = lanes.matrix_m(
            net, [eo[i].approach for i in io], [ed[j].approach for j in jd], mask, cor.required
        )
        sub = np.where(ok & np.isfinite(m), m / geodesy.M_PER_NM, np.nan)
        nm[np.ix_(io, jd)] = sub
    by_route = on_o[:, None] | on_d[None, :]
    flt = variants.mesh_filter(via, False, 0.0, assumptions.state())
    bound = _portal_bound_nm(flt, mask)
    portals = joins.portals
    ends_d = np.array(
        [
            _portal_nm(net, e, portals, mask) if not e.on_mesh else np.full(portals.size, np.inf)
            for e in ed
        ]
    ).T  # (P, n_d)
    for i in io:
        s = _portal_nm(net, eo[i], portals, mask)
        a = np.min(s[:, None] + bound, axis=0)
        lb = np.min(a[:, None] + ends_d, axis=0)
        by_route[i] |= np.isfinite(nm[i]) & (lb < nm[i])
    return nm, by_route


def _portal_nm(
    net: Network, e: Entry, portals: NDArray[np.int64], mask: int
) -> NDArray[np.float64]:
    """Lane distance (nm) from a port on the lanes to every portal, approach included."""
    dist, _ = net.shortest_tree(e.approach, mask)
    nm: NDArray[np.float64] = (e.approach.distance_m + dist[portals]) / geodesy.M_PER_NM
    return nm


def lane_corridor_route(o: Port, d: Port, via: str) -> Route:
    """The route of a corridor on the lanes outside the Arctic mesh (both ends on lanes)."""
    eo, ed, cor = entry(o), entry(d), CORRIDORS[via]
    net = load_joins().lanes
    sol = lanes.solve(net, eo.approach, ed.approach, cor.forbidden_mask)
    if sol is None:
        raise NoRouteError(f"no {via} route from {o.name} to {d.name} on the lanes")
    return lanes.assemble(net, o, d, cor, sol, eo.approach, ed.approach, 10.0)


def _lane_only(trip: _Trip, found: _Found) -> Route:
    """A route on a date that never enters the mesh: the lanes outside its domain."""
    cor = CORRIDORS[trip.via]
    if found.lane is None:
        raise NoRouteError(f"no {trip.via} route from {trip.o.name} to {trip.d.name}")
    r = lanes.assemble(
        load_joins().lanes,
        trip.o,
        trip.d,
        cor,
        found.lane,
        trip.eo.approach,
        trip.ed.approach,
        float(trip.ship.design_speed_kn),
    )
    lanes.check_required(cor, sum(1 << PASSAGES[p].bit for p in r.passages), trip.o, trip.d)
    return dataclasses.replace(r, assumptions=(*r.assumptions, OUTSIDE_MESH), ice_considered=True)


# --- the entry point ------------------------------------------------------------------


def _trip(
    o: Port,
    d: Port,
    ship: Any,
    day: dt.date,
    via: str,
    layer_kw: dict[str, Any],
    open_transit: bool,
) -> _Trip:
    draft = float(getattr(ship, "draft_m", 0.0) or 0.0)
    mask = 0 if open_transit else variants.lane_mask(via)
    flt = variants.mesh_filter(via, open_transit, draft, assumptions.state())
    return _Trip(
        o=o,
        d=d,
        eo=entry(o),
        ed=entry(d),
        via=via,
        ship=ship,
        departure=dt.datetime.combine(day, dt.time(0, 0)),
        mask=mask,
        flt=flt,
        layer_kw=layer_kw,
        open_transit=open_transit,
    )


def _judge(trip: _Trip, policy: str) -> tuple[_Found, _Path | None, IceVerdict | None]:
    found = _search(trip)
    if found.lane is not None and found.exit_node < 0:
        return found, None, None
    if not math.isfinite(found.hours):
        if found.tree is None:
            return found, None, None
        return found, None, _verdict(trip, found, None, policy)
    path = _mesh_path(trip, found)
    return found, path, _verdict(trip, found, path, policy)


def ice_route(
    origin: Any,
    destination: Any,
    ship: Any,
    date: Any,
    variant: str = "nsr",
    *,
    source: str = "auto",
    stat: str = "median",
    policy: str = "normal_only",
    admission_table: Any = None,
    climatology: bool = True,
    heavy_ice: bool = True,
    escort: bool = True,
    user_ice: Any = None,
    explain: bool = True,
) -> Route:
    """The route between two ports through a corridor on a date, ice judged on the mesh.

    Parameters
    ----------
    origin, destination : str or Port
        As for :func:`arcticroute.routing.planner.route`.
    ship : Ship or str
        Its ice class, design speed (lanes and open water) and draft are used.
    date : datetime.date or ISO text
        Departure from the origin.
    variant : str
        An Arctic variant (``nsr``, ``nsr_high``, ``transpolar``, ``nwp``) or a
        corridor (``auto``, ``suez``, ``cape``, ``panama``).
    source, stat, policy, admission_table, climatology, escort, user_ice
        As for :func:`arcticroute.routing.icelayer.ice_layer`.
    heavy_ice : bool
        Also judge the voyage under heavy ice (:data:`HEAVY_ICE_STAT`) when the
        ice is a climatology and the voyage is feasible on it (heavier ice cannot
        open a route the median closes).
    explain : bool
        Locate why no path passes (where the ship stops, what closes it); False
        gives the reason :data:`UNEXPLAINED` instead, for callers that need the
        verdict alone (the next-departure scan).

    Returns
    -------
    Route
        ``ice`` holds the :class:`IceVerdict` when the route enters the mesh;
        ``duration_h`` includes the slower passage through ice.

    Raises
    ------
    IceRouteInfeasible
        When ice, the NSR rules, the season or the draft close the corridor.
    NoRouteError
        When the corridor does not join the ports (or does not use its passage).
    """
    if variant not in variants.VARIANTS and variant not in CORRIDORS:
        variants.get_variant(variant)
    ship, day = icelayer.as_ship(ship), icelayer.as_date(date)
    icelayer.check_policy(policy)
    o, d = lanes.as_port(origin), lanes.as_port(destination)
    kw = dict(
        source=source,
        stat=stat,
        policy=policy,
        admission_table=admission_table,
        climatology=climatology,
        escort=escort,
        user_ice=user_ice,
    )
    trip = dataclasses.replace(_trip(o, d, ship, day, variant, kw, False), explain=explain)
    found, path, verdict = _judge(trip, policy)
    if not math.isfinite(found.hours) and variant == "auto":
        trip = dataclasses.replace(_trip(o, d, ship, day, variant, kw, True), explain=explain)
        found, path, verdict = _judge(trip, policy)
    return _finish(trip, found, path, verdict, heavy_ice, stat, policy)


def _finish(
    trip: _Trip,
    found: _Found,
    path: _Path | None,
    verdict: IceVerdict | None,
    heavy_ice: bool,
    stat: str,
    policy: str,
) -> Route:
    o, d = trip.o, trip.d
    if verdict is None and found.lane is None:
        raise NoRouteError(
            f"no sea route from {o.name} to {d.name} through corridor '{trip.via}'; "
            "try 'arcticroute compare'"
        )
    if verdict is None:
        return _lane_only(trip, found)
    if verdict.feasible and path is not None and not _required_met(trip, path.tags):
        name = trip.via.upper() if trip.via in ("nsr", "nwp") else trip.via
        raise NoRouteError(
            f"no route from {o.name} to {d.name} via {name}: the fastest path through the "
            "corridor does not use it"
        )
    # the p90 concentration is at least the median in every cell: heavier ice does not
    # open a route the median closes, so a closed route gets no second verdict
    wanted = verdict.feasible and verdict.ice_source == "climatology" and stat != HEAVY_ICE_STAT
    if heavy_ice and wanted:
        heavy_trip = dataclasses.replace(trip, layer_kw={**trip.layer_kw, "stat": HEAVY_ICE_STAT})
        _, _, heavy = _judge(heavy_trip, policy)
        if heavy is not None:
            verdict = dataclasses.replace(verdict, heavy_ice=heavy)
    if not verdict.feasible or path is None:  # a feasible verdict has its path
        raise IceRouteInfeasible(
            f"no feasible {trip.via} passage from {o.name} to {d.name} for {trip.ship.name} "
            f"(leaving {trip.departure:%Y-%m-%d}): " + "; ".join(verdict.reasons),
            verdict,
        )
    return _route(trip, found, path, verdict)


def with_heavy_ice_only(verdict: IceVerdict) -> IceVerdict:
    """The verdict without its heavy-ice sub-verdict (for compact output)."""
    return dataclasses.replace(verdict, heavy_ice=None)
