"""Shortest sea routes between ports through a chosen corridor.

One query is: snap both ends to the lane network (:mod:`arcticroute.network`),
remove the edges of the passages the corridor forbids
(:mod:`arcticroute.passages`), solve single-source Dijkstra with
``scipy.sparse.csgraph`` and walk the predecessors back. Distances are WGS84
geodesic lengths (pyproj), including the straight approach legs from each
port to the network.

Ice is not considered here: routes through the Northern Sea Route and the
Northwest Passage are geometric only, and every such route says so in its
``assumptions``.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from numpy.typing import NDArray
from scipy.sparse.csgraph import dijkstra

from . import geodesy
from .errors import NoRouteError
from .network import Approach, Network, load_network
from .passages import COMPARE_CORRIDORS, PASSAGES, Corridor, corridor, passages_from_mask
from .ports import Port, get_port

__all__ = [
    "DEFAULT_SHIP",
    "ICE_NOT_CONSIDERED",
    "Comparison",
    "Leg",
    "Route",
    "compare",
    "distance_matrix",
    "route",
]

ICE_NOT_CONSIDERED = (
    "sea ice not considered: the route follows open-water lanes whatever the date, "
    "ice class or Northern Sea Route rules"
)
DEFAULT_SHIP = "container_4500teu_arc4"
"""Preset used when no ship and no speed is given (the issue's NSR case study ship)."""
GEOMETRY_STEP_M = 50_000.0
"""Largest spacing of output geometry vertices along the geodesic, metres."""


@dataclass(frozen=True)
class Leg:
    """A stretch of a route with one character: port approach, open sea or a passage.

    Attributes
    ----------
    kind : str
        ``"approach"`` (port to lane network), ``"sea"`` (untagged lanes) or
        ``"passage"``.
    passages : tuple of str
        Passage tags of this stretch (empty for sea and approach legs).
    distance_m : float
        Geodesic length, metres.
    lon_deg, lat_deg : ndarray
        Vertices of the leg in travel order, degrees.
    """

    kind: str
    passages: tuple[str, ...]
    distance_m: float
    lon_deg: NDArray[np.float64] = field(repr=False)
    lat_deg: NDArray[np.float64] = field(repr=False)

    @property
    def start_lonlat(self) -> tuple[float, float]:
        return float(self.lon_deg[0]), float(self.lat_deg[0])

    @property
    def end_lonlat(self) -> tuple[float, float]:
        return float(self.lon_deg[-1]), float(self.lat_deg[-1])

    @property
    def distance_nm(self) -> float:
        return self.distance_m / geodesy.M_PER_NM

    @property
    def name(self) -> str:
        if self.kind == "passage":
            return " + ".join(PASSAGES[p].title for p in self.passages)
        return {"approach": "port approach", "sea": "open sea"}[self.kind]


@dataclass(frozen=True)
class Route:
    """A port-to-port sea route through one corridor.

    Attributes
    ----------
    origin, destination : Port
        End ports (or positions).
    via : str
        Corridor name (``"suez"``, ``"nsr"``, ``"auto"`` ...).
    passages : tuple of str
        Passages traversed, in order of first use.
    distance_m : float
        Total geodesic length including the approach legs, metres.
    speed_kn : float
        Speed used for :attr:`duration_h`, knots.
    legs : tuple of Leg
        The route split where its character changes.
    lon_deg, lat_deg : ndarray
        Route vertices (lane vertices, not densified), degrees.
    assumptions : tuple of str
        What the numbers take for granted (e.g. ice not considered).
    """

    origin: Port
    destination: Port
    via: str
    passages: tuple[str, ...]
    distance_m: float
    speed_kn: float
    legs: tuple[Leg, ...]
    lon_deg: NDArray[np.float64] = field(repr=False)
    lat_deg: NDArray[np.float64] = field(repr=False)
    assumptions: tuple[str, ...] = ()

    @property
    def distance_nm(self) -> float:
        return self.distance_m / geodesy.M_PER_NM

    @property
    def distance_km(self) -> float:
        return self.distance_m / 1000.0

    @property
    def duration_h(self) -> float:
        """Steaming time at :attr:`speed_kn`, hours (no port, canal or waiting time)."""
        return self.distance_nm / self.speed_kn

    @cached_property
    def densified(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Vertices along the geodesics, at most 50 km apart, longitudes unwrapped."""
        return geodesy.densify(self.lon_deg, self.lat_deg, GEOMETRY_STEP_M)

    @property
    def max_lat(self) -> float:
        """Northernmost latitude reached along the geodesics, degrees."""
        return float(np.max(self.densified[1]))

    @property
    def min_lat(self) -> float:
        """Southernmost latitude reached along the geodesics, degrees."""
        return float(np.min(self.densified[1]))


@dataclass(frozen=True)
class Comparison:
    """Every corridor between two ports, with the ones that do not connect.

    Attributes
    ----------
    origin, destination : Port
    routes : tuple of Route
        The corridors that connect, in :data:`COMPARE_CORRIDORS` order.
    unavailable : dict
        Corridor name -> reason it gives no route.
    """

    origin: Port
    destination: Port
    routes: tuple[Route, ...]
    unavailable: dict[str, str]

    def by_via(self, via: str) -> Route | None:
        return next((r for r in self.routes if r.via == via), None)

    def saving_vs_suez(self, r: Route) -> dict[str, float] | None:
        """Distance and time saved against the Suez route (positive = shorter)."""
        suez = self.by_via("suez")
        if suez is None:
            return None
        return {
            "distance_nm": suez.distance_nm - r.distance_nm,
            "distance_pct": 100.0 * (suez.distance_m - r.distance_m) / suez.distance_m,
            "duration_h": suez.duration_h - r.duration_h,
        }


def _as_port(p: str | Port) -> Port:
    port = p if isinstance(p, Port) else get_port(p)
    if port.source == "coordinate":
        # A position typed by the user must be at sea; catalogue ports sit on the
        # coast (often inland of a 1:50m coastline) and are not checked.
        from .land import check_at_sea

        check_at_sea(port.lon, port.lat)
    return port


def _resolve_speed(ship, speed_kn: float | None) -> float:
    if speed_kn is None:
        if ship is None:
            from .ships import get_ship

            ship = get_ship(DEFAULT_SHIP)
        speed_kn = ship.design_speed_kn
    if not (0.5 <= float(speed_kn) <= 60.0):
        raise ValueError(f"speed_kn must be between 0.5 and 60 knots, got {speed_kn}")
    return float(speed_kn)


def _path_nodes(pred: NDArray[np.int32], src: int, dst: int) -> NDArray[np.int64]:
    nodes = [dst]
    while nodes[-1] != src:
        nodes.append(int(pred[nodes[-1]]))
    return np.array(nodes[::-1], dtype=np.int64)


def _path_vertices(
    net: Network, nodes: NDArray[np.int64], edges: NDArray[np.int64]
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.int64]]:
    """Vertices along consecutive edges in travel direction (vectorised).

    Each edge after the first drops its first vertex (the shared node), so
    no vertex repeats. Returns lon, lat and the index of each edge's last
    vertex + 1 (``stop``): edges ``i..j-1`` span ``[stop[i-1] - 1, stop[j-1])``.
    """
    starts = net.edge_vert_offset[edges]
    ends = net.edge_vert_offset[edges + 1]
    counts = ends - starts
    forward = net.edge_u[edges] == nodes[:-1]
    edge_of = np.repeat(np.arange(edges.size), counts)
    pos = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    idx = np.where(forward[edge_of], starts[edge_of] + pos, ends[edge_of] - 1 - pos)
    keep = (pos > 0) | (edge_of == 0)
    idx = idx[keep]
    stop = np.cumsum(counts - 1) + 1
    return net.vert_lon[idx], net.vert_lat[idx], stop


def _assemble(
    net: Network,
    o: Port,
    d: Port,
    cor: Corridor,
    nodes: NDArray[np.int64],
    ao: Approach,
    ad: Approach,
    speed_kn: float,
) -> Route:
    edges = net.edge_ids(nodes) if nodes.size > 1 else np.zeros(0, dtype=np.int64)
    inland = ("inland",)
    legs = [Leg("approach", inland if ao.inland else (), ao.distance_m, ao.lon_deg, ao.lat_deg)]
    seen: list[str] = []
    if edges.size:
        vlon, vlat, stop = _path_vertices(net, nodes, edges)
        cumlen = np.cumsum(net.edge_length_m[edges]).tolist()
        tags = net.edge_tags[edges]
        bounds = [0, *(np.flatnonzero(np.diff(tags)) + 1).tolist(), edges.size]
        for i, j in itertools.pairwise(bounds):
            names = tuple(passages_from_mask(int(tags[i])))
            seen.extend(p for p in names if p not in seen)
            v0 = 0 if i == 0 else int(stop[i - 1]) - 1
            v1 = int(stop[j - 1])
            length = cumlen[j - 1] - (cumlen[i - 1] if i else 0.0)
            kind = "passage" if names else "sea"
            legs.append(Leg(kind, names, length, vlon[v0:v1], vlat[v0:v1]))
    legs.append(
        Leg(
            "approach",
            inland if ad.inland else (),
            ad.distance_m,
            ad.lon_deg[::-1],
            ad.lat_deg[::-1],
        )
    )
    lon = geodesy.unwrap_lon(np.concatenate([leg.lon_deg for leg in legs]))
    lat = np.concatenate([leg.lat_deg for leg in legs])
    keep = np.r_[True, (np.diff(lon) != 0) | (np.diff(lat) != 0)]
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
        distance_m=ao.distance_m + float(net.edge_length_m[edges].sum()) + ad.distance_m,
        speed_kn=speed_kn,
        legs=tuple(legs),
        lon_deg=geodesy.wrap_lon(lon[keep]),
        lat_deg=lat[keep],
        assumptions=tuple(assumptions),
    )


def _check_required(cor: Corridor, tags_seen: int, o: Port, d: Port) -> None:
    if cor.required is None:
        return
    if not tags_seen >> PASSAGES[cor.required].bit & 1:
        raise NoRouteError(
            f"no route from {o.name} to {d.name} {cor.description}: the shortest path that "
            f"avoids {', '.join(sorted(cor.forbidden))} does not use it; try --via auto or "
            "'arcticroute compare'"
        )


def route(
    origin: str | Port,
    destination: str | Port,
    via: str = "auto",
    ship=None,
    speed_kn: float | None = None,
) -> Route:
    """Shortest sea route between two ports through a corridor.

    Parameters
    ----------
    origin, destination : str or Port
        Port name, UN/LOCODE, local name or ``"lat,lon"`` text, or a Port.
    via : str
        Corridor: ``auto`` (shortest avoiding Arctic passages), ``suez``,
        ``cape``, ``panama``, ``nsr`` or ``nwp``.
    ship : Ship, optional
        Gives the speed when ``speed_kn`` is not set (default preset otherwise).
    speed_kn : float, optional
        Constant speed for the duration, knots.

    Returns
    -------
    Route

    Raises
    ------
    UnknownPortError, InvalidCoordinateError, PointOnLandError
        For bad ports or positions.
    UnknownPassageError
        For an unknown corridor.
    NoRouteError
        If the corridor does not connect the two ports.
    """
    cor = corridor(via)
    o, d = _as_port(origin), _as_port(destination)
    speed = _resolve_speed(ship, speed_kn)
    net = load_network()
    ao, ad = net.approach(o), net.approach(d)
    src, dst = ao.node, ad.node
    dist, pred = net.shortest_tree(src, cor.forbidden_mask)
    arctic_end = False
    if not np.isfinite(dist[dst]) and cor.required is None:
        # "auto": an end port inside Arctic waters (Sabetta, Tiksi...) needs them.
        dist, pred = net.shortest_tree(src, 0)
        arctic_end = True
    if not np.isfinite(dist[dst]):
        raise NoRouteError(
            f"no sea route from {o.name} to {d.name} through corridor '{cor.name}' "
            f"({cor.description}) in the lane network; try 'arcticroute compare'"
        )
    nodes = _path_nodes(pred, src, dst)
    r = _assemble(net, o, d, cor, nodes, ao, ad, speed)
    if arctic_end:
        note = (
            f"corridor 'auto' uses Arctic waters because {o.name} or {d.name} "
            "can only be reached through them"
        )
        r = dataclasses.replace(r, assumptions=(*r.assumptions, note))
    _check_required(cor, sum(1 << PASSAGES[p].bit for p in r.passages), o, d)
    return r


def compare(
    origin: str | Port,
    destination: str | Port,
    ship=None,
    speed_kn: float | None = None,
    corridors: Sequence[str] = COMPARE_CORRIDORS,
) -> Comparison:
    """Route between two ports through every corridor that connects them.

    Corridors that do not connect (e.g. the Panama Canal between Shanghai and
    Rotterdam is longer than... still connects; the NWP between two Baltic
    ports does not) are listed in ``unavailable`` with the reason.
    """
    o, d = _as_port(origin), _as_port(destination)
    speed = _resolve_speed(ship, speed_kn)
    routes, unavailable = [], {}
    for name in corridors:
        try:
            routes.append(route(o, d, via=name, speed_kn=speed))
        except NoRouteError as exc:
            unavailable[name] = str(exc)
    return Comparison(o, d, tuple(routes), unavailable)


def distance_matrix(
    origins: Sequence[str | Port],
    destinations: Sequence[str | Port],
    via: str = "auto",
) -> NDArray[np.float64]:
    """Sea distances between every origin and destination, nautical miles.

    One multi-source Dijkstra call answers all pairs. Pairs that the corridor
    does not connect are ``nan``; for a corridor with a required passage,
    pairs whose shortest path under that corridor's filter does not use it
    are ``nan`` too.

    Returns
    -------
    ndarray, shape (len(origins), len(destinations))
    """
    cor = corridor(via)
    net = load_network()
    o_nodes, o_m = _snap_all(net, origins)
    d_nodes, d_m = _snap_all(net, destinations)
    uniq, inv = np.unique(o_nodes, return_inverse=True)
    g = net.graph(cor.forbidden_mask)
    need_check = cor.required is not None
    if need_check:
        dist, pred = dijkstra(g, indices=uniq, return_predecessors=True)
        ok = _uses_passage(net, pred, uniq, d_nodes, PASSAGES[cor.required].bit)
    else:
        dist = dijkstra(g, indices=uniq)
        if not np.isfinite(dist[:, d_nodes]).all():
            # as in route(): "auto" may use Arctic waters to reach ports inside them
            dist = np.where(np.isfinite(dist), dist, dijkstra(net.graph(0), indices=uniq))
    out = dist[np.ix_(np.arange(uniq.size), d_nodes)][inv]
    out = out + o_m[:, None] + d_m[None, :]
    if need_check:
        out = np.where(ok[inv], out, np.nan)
    out[~np.isfinite(out)] = np.nan
    return out / geodesy.M_PER_NM


def _snap_all(net: Network, ports: Sequence[str | Port]) -> tuple[NDArray, NDArray]:
    approaches = [net.approach(p) for p in map(_as_port, ports)]
    return np.array([a.node for a in approaches]), np.array([a.distance_m for a in approaches])


def _uses_passage(
    net: Network, pred: NDArray, sources: NDArray, targets: NDArray, bit: int
) -> NDArray[np.bool_]:
    """Whether each shortest-path-tree path (source row -> target) uses a tagged edge.

    Pointer doubling over the predecessor trees: ``flag[x]`` starts as "the
    edge from x to its parent is tagged" and absorbs its ancestors' flags in
    log2(depth) vectorised steps.
    """
    n = net.n_nodes
    rows = np.arange(sources.size)[:, None]
    nodes = np.broadcast_to(np.arange(n), pred.shape)
    has_parent = pred >= 0
    anc = np.where(has_parent, pred, nodes)
    tags = net.edge_tags_between(nodes[has_parent], anc[has_parent])
    flag = np.zeros(pred.shape, dtype=bool)
    flag[has_parent] = (tags >> bit) & 1 == 1
    while True:
        nxt = anc[rows, anc]
        flag |= flag[rows, anc]
        if np.array_equal(nxt, anc):
            break
        anc = nxt
    return flag[:, targets]
