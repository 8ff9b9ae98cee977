"""Shortest sea routes between ports through a chosen corridor.

One query is: snap both ends to the lane network (:mod:`arcticroute.geo.network`),
remove the edges of the passages the corridor forbids
(:mod:`arcticroute.geo.passages`), solve single-source Dijkstra with
``scipy.sparse.csgraph`` and walk the predecessors back. Distances are WGS84
geodesic lengths (pyproj), including the straight approach legs from each
port to the network.

Without a date, ice is not considered: routes through the Northern Sea Route
and the Northwest Passage are geometric only, and every such route says so in
its ``assumptions``. With a departure date, the Arctic corridors are routed
through the ice of the time of passage by :mod:`arcticroute.routing.voyage`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.sparse.csgraph import dijkstra

from arcticroute.errors import NoRouteError
from arcticroute.geo import geodesy
from arcticroute.geo.hierarchy import lane_hierarchy
from arcticroute.geo.network import Approach, Attachment, Network, load_network
from arcticroute.geo.passages import (
    PASSAGES,
    Corridor,
    corridor,
)
from arcticroute.geo.ports import Port, get_port
from arcticroute.routing.legs import Chain, Route, chain_legs, door_to_door
from arcticroute.routing.search import hierarchy_route

__all__ = [
    "DEFAULT_SHIP",
    "ICE_NOT_CONSIDERED",
    "Solution",
    "as_port",
    "assemble",
    "check_required",
    "distance_matrix",
    "lane_route",
    "matrix_m",
    "path_nodes",
    "resolve_speed",
    "same_edge",
    "solve",
]

ICE_NOT_CONSIDERED = (
    "sea ice not considered: the route follows open-water lanes whatever the date, "
    "ice class or Northern Sea Route rules"
)
DEFAULT_SHIP = "container_4500teu_arc4"
"""Preset used when no ship and no speed is given: an Arc4 container ship, the class
of most NSR transits of 2013 (voyages.md)."""


def as_port(p: str | Port) -> Port:
    port = p if isinstance(p, Port) else get_port(p)
    if port.source == "coordinate":
        # A position typed by the user must be at sea; catalogue ports sit on the
        # coast (often inland of a 1:50m coastline) and are not checked.
        from arcticroute.geo.land import check_at_sea

        check_at_sea(port.lon, port.lat)
    return port


def resolve_speed(ship: Any, speed_kn: float | None) -> float:
    """``speed_kn``, or the ship's (default ship's) design speed, checked against
    :data:`arcticroute.vessel.ships.SPEED_RANGE_KN`."""
    from arcticroute.vessel.ships import SPEED_RANGE_KN, get_ship

    if speed_kn is None:
        if ship is None:
            ship = get_ship(DEFAULT_SHIP)
        speed_kn = ship.design_speed_kn
    low, high = SPEED_RANGE_KN
    if not (low <= float(speed_kn) <= high):
        raise ValueError(f"speed_kn must be between {low:g} and {high:g} knots, got {speed_kn}")
    return float(speed_kn)


def path_nodes(pred: NDArray[np.int32], source: int, dst: int) -> NDArray[np.int64]:
    """Real nodes of the tree path from the virtual ``source`` to ``dst``."""
    nodes = [dst]
    while (p := int(pred[nodes[-1]])) != source:
        nodes.append(p)
    return np.array(nodes[::-1], dtype=np.int64)


@dataclass(frozen=True)
class Solution:
    """The best way between two attachments under one filter."""

    distance_m: float  # along the network, without the approaches
    start: Attachment | None
    nodes: NDArray[np.int64]
    end: Attachment | None
    direct: bool = False  # both on one edge, joined along it


_NO_NODES = np.zeros(0, dtype=np.int64)


def same_edge(net: Network, ao: Approach, ad: Approach, mask: int) -> Solution | None:
    if ao.edge < 0 or ao.edge != ad.edge or int(net.edge_tags[ao.edge]) & mask:
        return None
    a, b = net.edge_vert_offset[ao.edge], net.edge_vert_offset[ao.edge + 1]
    lon, lat = net.vert_lon[a:b], net.vert_lat[a:b]
    i, j = ao.vert, ad.vert
    piece_lon = lon[i : j + 1] if i <= j else lon[j : i + 1][::-1]
    piece_lat = lat[i : j + 1] if i <= j else lat[j : i + 1][::-1]
    length = abs(ao.ends[0].along_m - ad.ends[0].along_m)
    end = Attachment(-1, length, piece_lon, piece_lat, int(net.edge_tags[ao.edge]))
    return Solution(length, end, np.zeros(0, dtype=np.int64), None, direct=True)


def solve(net: Network, ao: Approach, ad: Approach, mask: int) -> Solution | None:
    """The best way between two attachments with the passages of ``mask`` closed: on the
    lane network through its contraction hierarchy, on another network by a full tree."""
    h = lane_hierarchy(mask, net.n_nodes) if net is load_network() else None
    best = _solve_hierarchy(h, ao, ad, mask) if h is not None else _solve_tree(net, ao, ad, mask)
    direct = same_edge(net, ao, ad, mask)
    if direct is not None and (best is None or direct.distance_m <= best.distance_m):
        return direct
    return best


def _solve_hierarchy(h: Any, ao: Approach, ad: Approach, mask: int) -> Solution | None:
    starts = [a for a in ao.ends if not a.tags & mask]
    ends = [b for b in ad.ends if not b.tags & mask]
    found = hierarchy_route(
        h, [(a.node, a.along_m) for a in starts], [(b.node, b.along_m) for b in ends]
    )
    if found is None:
        return None
    length, nodes = found
    start = next(a for a in starts if a.node == nodes[0])
    end = next(b for b in ends if b.node == nodes[-1])
    return Solution(length, start, np.array(nodes, dtype=np.int64), end)


def _solve_tree(net: Network, ao: Approach, ad: Approach, mask: int) -> Solution | None:
    dist, pred = net.shortest_tree(ao, mask)
    best: Solution | None = None
    for b in ad.ends:
        if b.tags & mask or not np.isfinite(dist[b.node]):
            continue
        total = float(dist[b.node]) + b.along_m
        if best is None or total < best.distance_m:
            nodes = path_nodes(pred, net.n_nodes, b.node)
            start = next(a for a in ao.ends if a.node == nodes[0])
            best = Solution(total, start, nodes, b)
    return best


def assemble(
    net: Network,
    o: Port,
    d: Port,
    cor: Corridor,
    sol: Solution,
    ao: Approach,
    ad: Approach,
    speed_kn: float,
) -> Route:
    chain = Chain()
    if sol.start is not None:
        chain.piece(sol.start.lon_deg, sol.start.lat_deg, sol.start.tags, sol.start.along_m)
    chain.edges(net, sol.nodes)
    if sol.end is not None:
        e = sol.end
        chain.piece(e.lon_deg[::-1], e.lat_deg[::-1], e.tags, e.along_m)
    sea_legs, seen, _ = chain_legs(chain)
    legs, lon, lat = door_to_door(ao, sea_legs, ad)
    assumptions = [
        "distances are WGS84 geodesics along searoute's marnet lanes (repaired where they "
        "cut across Natural Earth 1:10m land), with approach legs from each port",
        "duration is steaming time at constant speed: no port, canal queue or waiting time",
    ]
    if any(PASSAGES[p].arctic for p in seen):
        assumptions.insert(0, ICE_NOT_CONSIDERED)
    for port, a in ((o, ao), (d, ad)):
        if a.inland:
            assumptions.append(
                f"the approach to {port.name} crosses land on the 1:10m coastline (a river, "
                "lake or fjord port): its length is a straight-line lower bound"
            )
    return Route(
        origin=o,
        destination=d,
        via=cor.name,
        passages=tuple(seen),
        distance_m=ao.distance_m + sol.distance_m + ad.distance_m,
        speed_kn=speed_kn,
        legs=tuple(legs),
        lon_deg=lon,
        lat_deg=lat,
        assumptions=tuple(assumptions),
    )


def check_required(cor: Corridor, tags_seen: int, o: Port, d: Port) -> None:
    if cor.required is None:
        return
    if not tags_seen >> PASSAGES[cor.required].bit & 1:
        raise NoRouteError(
            f"no route from {o.name} to {d.name} {cor.description}: the shortest path that "
            f"avoids {', '.join(sorted(cor.forbidden))} does not use it; try --via auto or "
            "'arcticroute compare'"
        )


def lane_route(
    origin: str | Port,
    destination: str | Port,
    via: str = "auto",
    ship: Any = None,
    speed_kn: float | None = None,
) -> Route:
    """Shortest route on the open-water lane network through a corridor (ice ignored).

    Parameters and errors as for :func:`arcticroute.routing.route` without a date.
    """
    cor = corridor(via)
    o, d = as_port(origin), as_port(destination)
    speed = resolve_speed(ship, speed_kn)
    net = load_network()
    ao, ad = net.approach(o), net.approach(d)
    if ao is ad:  # the same port twice: nothing to sail
        stay = Approach(np.array([o.lon]), np.array([o.lat]), 0.0, ())
        r = assemble(net, o, d, cor, Solution(0.0, None, _NO_NODES, None), stay, stay, speed)
        check_required(cor, 0, o, d)
        return r
    sol = solve(net, ao, ad, cor.forbidden_mask)
    arctic_end = False
    if sol is None and cor.required is None:
        # "auto": an end port inside Arctic waters (Sabetta, Tiksi...) needs them.
        sol = solve(net, ao, ad, 0)
        arctic_end = True
    if sol is None:
        raise NoRouteError(
            f"no sea route from {o.name} to {d.name} through corridor '{cor.name}' "
            f"({cor.description}) in the lane network; try 'arcticroute compare'"
        )
    r = assemble(net, o, d, cor, sol, ao, ad, speed)
    if arctic_end and any(PASSAGES[p].arctic for p in r.passages):
        note = (
            f"corridor 'auto' uses Arctic waters because {o.name} or {d.name} "
            "can only be reached through them"
        )
        r = dataclasses.replace(r, assumptions=(*r.assumptions, note))
    check_required(cor, sum(1 << PASSAGES[p].bit for p in r.passages), o, d)
    return r


def distance_matrix(
    origins: Sequence[str | Port],
    destinations: Sequence[str | Port],
    via: str = "auto",
) -> NDArray[np.float64]:
    """Sea distances between every origin and destination, nautical miles.

    One multi-source Dijkstra call answers all pairs (one virtual source node
    per distinct origin attachment). Pairs that the corridor does not connect
    are ``nan``; for a corridor with a required passage, pairs whose shortest
    path under that corridor's filter does not use it are ``nan`` too. Equal
    to :func:`route` distances pair by pair.

    Returns
    -------
    ndarray, shape (len(origins), len(destinations))
    """
    cor = corridor(via)
    net = load_network()
    o_app = [net.approach(p) for p in map(as_port, origins)]
    d_app = [net.approach(p) for p in map(as_port, destinations)]
    if not o_app or not d_app:
        return np.empty((len(o_app), len(d_app)))
    out, ok = matrix_m(net, o_app, d_app, cor.forbidden_mask, cor.required)
    if cor.required is None and not np.isfinite(out).all():
        # as in route(): "auto" may use Arctic waters to reach ports inside them
        out = np.where(np.isfinite(out), out, matrix_m(net, o_app, d_app, 0, None)[0])
    out = np.where(ok, out, np.nan)
    out[~np.isfinite(out)] = np.nan
    return out / geodesy.M_PER_NM


def matrix_m(
    net: Network, o_app: list[Approach], d_app: list[Approach], mask: int, required: str | None
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Network + approach distances (m) and whether each best path uses ``required``
    (on any network with the lane network's API, e.g. the lanes outside the Arctic mesh)."""
    keys: dict[Any, Approach] = {}
    for a in o_app:
        keys.setdefault(a.key, a)
    uniq = list(keys.values())
    row_of = {k: i for i, k in enumerate(keys)}
    rows = np.array([row_of[a.key] for a in o_app], dtype=np.intp)
    g = net.graph_with_sources([a.ends for a in uniq], mask)
    n = net.n_nodes
    sources = n + np.arange(len(uniq))
    if required is None:
        dist = dijkstra(g, indices=sources)
        flag = None
    else:
        dist, pred = dijkstra(g, indices=sources, return_predecessors=True)
        flag = _uses_passage(net, pred, uniq, PASSAGES[required].bit)
    bit = 0 if required is None else 1 << PASSAGES[required].bit
    best = np.full((len(uniq), len(d_app)), np.inf)
    uses = np.zeros(best.shape, dtype=bool)
    for j, ad in enumerate(d_app):
        for b in ad.ends:
            if b.tags & mask:
                continue
            cand = dist[:, b.node] + b.along_m
            better = cand < best[:, j]
            best[better, j] = cand[better]
            if flag is not None:
                uses[better, j] = flag[better, b.node] | bool(b.tags & bit)
        for i, ao in enumerate(uniq):
            direct = same_edge(net, ao, ad, mask)
            if direct is not None and direct.distance_m <= best[i, j]:
                best[i, j] = direct.distance_m
                # as in route(): a zero-length stretch uses no passage
                start = direct.start  # same_edge always sets it
                uses[i, j] = direct.distance_m > 0 and start is not None and bool(start.tags & bit)
    out = best[rows] + np.array([a.distance_m for a in o_app])[:, None]
    out = out + np.array([a.distance_m for a in d_app])[None, :]
    same = np.array([[ao is ad for ad in d_app] for ao in o_app], dtype=bool)
    out[same] = 0.0  # as in route(): the same port twice
    ok = uses[rows] if required is not None else np.ones(out.shape, dtype=bool)
    return out, ok


def _uses_passage(
    net: Network, pred: NDArray[np.int32], sources: list[Approach], bit: int
) -> NDArray[np.bool_]:
    """For each source row and real node: does the tree path to it use a tagged edge?

    Pointer doubling over the predecessor trees: ``flag[x]`` starts as "the
    edge from x to its parent is tagged" (for a parent that is the virtual
    source, the tags of the attachment's edge) and absorbs its ancestors'
    flags in log2(depth) vectorised steps.
    """
    n = net.n_nodes
    pred = pred[:, :n]
    rows = np.arange(pred.shape[0])[:, None]
    nodes = np.broadcast_to(np.arange(n), pred.shape)
    real_parent = (pred >= 0) & (pred < n)
    anc = np.where(real_parent, pred, nodes)
    flag = np.zeros(pred.shape, dtype=bool)
    tags = net.edge_tags_between(nodes[real_parent], anc[real_parent])
    flag[real_parent] = (tags >> bit) & 1 == 1
    for i, src in enumerate(sources):
        for a in src.ends:
            if pred[i, a.node] >= n:
                flag[i, a.node] = bool(a.tags >> bit & 1)
    while True:
        nxt = anc[rows, anc]
        flag |= flag[rows, anc]
        if np.array_equal(nxt, anc):
            break
        anc = nxt
    return flag
