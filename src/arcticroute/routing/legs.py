"""What a route is: legs, the route, a comparison, and how a path becomes legs.

A route is a chain of pieces (an approach, lane edges, part of an edge, a join,
a stretch over the Arctic mesh) joined end to end; :class:`Chain` collects them
and :func:`chain_legs` groups consecutive pieces of equal passage tags into
:class:`Leg` objects.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from arcticroute.geo import geodesy
from arcticroute.geo.network import Approach, Network
from arcticroute.geo.passages import PASSAGES, passages_from_mask
from arcticroute.geo.ports import Port
from arcticroute.routing import serialize

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CORRIDOR_STATUSES",
    "DATAFRAME_COLUMNS",
    "GEOMETRY_STEP_M",
    "Chain",
    "Comparison",
    "CorridorStatus",
    "Leg",
    "Route",
    "chain_legs",
    "door_to_door",
    "path_vertices",
]

GEOMETRY_STEP_M = 50_000.0
"""Largest spacing of output geometry vertices along the geodesic, metres."""


@dataclass(frozen=True)
class Leg:
    """A stretch of a route with one character: port approach, open sea or a passage.

    Attributes
    ----------
    kind : str
        ``"approach"`` (port to lane network), ``"sea"`` (untagged lanes),
        ``"passage"`` or ``"ice"`` (an ice-aware passage through the Arctic mesh).
    passages : tuple of str
        Passage tags of this stretch (empty for sea and approach legs).
    distance_m : float
        Geodesic length, metres.
    lon_deg, lat_deg : ndarray
        Vertices of the leg in travel order, degrees.
    escort : ndarray of bool or None
        For an ``ice`` leg, per segment (vertex i to i + 1): sailed behind an
        icebreaker.
    """

    kind: str
    passages: tuple[str, ...]
    distance_m: float
    lon_deg: NDArray[np.float64] = field(repr=False)
    lat_deg: NDArray[np.float64] = field(repr=False)
    escort: NDArray[np.bool_] | None = field(default=None, repr=False)

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
        if self.kind in ("passage", "ice"):
            name = " + ".join(PASSAGES[p].title for p in self.passages)
            if self.kind == "passage":
                return name
            return f"ice-aware passage ({name or 'Arctic mesh'})"
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
    ice : IceVerdict or None
        For an ice-aware route (:func:`arcticroute.routing.voyage.ice_route`): the
        date, ice source, verdict and per-zone breakdown; its ``hours`` (with
        the slower passage through ice) is :attr:`duration_h`.
    ice_considered : bool
        True when the route was searched through the ice of a date (the route of a
        call with ``date=``, even one that never meets ice); False on the
        open-water lanes.
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
    ice: Any = field(default=None, repr=False)
    ice_considered: bool = False

    @property
    def distance_nm(self) -> float:
        return self.distance_m / geodesy.M_PER_NM

    @property
    def distance_km(self) -> float:
        return self.distance_m / 1000.0

    @property
    def duration_h(self) -> float:
        """Steaming time, hours (no port, canal or waiting time): at :attr:`speed_kn`,
        or for an ice-aware route the open-water legs at that speed plus the ice
        passage at the speeds the ice allows."""
        if self.ice is not None:
            return float(self.ice.hours)
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

    def to_dict(self) -> dict[str, Any]:
        """The route as the schema v1 ``ROUTE`` object (JSON-ready; the CLI's ``-o
        route.json`` holds it under ``routes``).

        Examples
        --------
        >>> from arcticroute import route
        >>> d = route("Shanghai", "Rotterdam", via="suez").to_dict()
        >>> d["via"], d["passages"][:2]
        ('suez', ['malacca', 'babelmandeb'])
        """
        return serialize.route_to_dict(self)

    def to_geojson(self) -> dict[str, Any]:
        """A GeoJSON Feature (RFC 7946): the line in lon/lat, split at the antimeridian,
        and the route's numbers as properties."""
        return serialize.route_feature(self.to_dict(), self.origin.name, self.destination.name)

    def to_dataframe(self) -> pd.DataFrame:
        """The legs as a ``pandas.DataFrame``: one row per leg (kind, name, passages,
        start/end lon and lat, distance_nm, distance_km, duration_h)."""
        import pandas as pd

        rows = []
        for leg in self.to_dict()["legs"]:
            (lon0, lat0), (lon1, lat1) = leg.pop("start"), leg.pop("end")
            leg["passages"] = ";".join(leg["passages"])
            rows.append(
                leg | {"start_lon": lon0, "start_lat": lat0, "end_lon": lon1, "end_lat": lat1}
            )
        return pd.DataFrame(rows)


CORRIDOR_STATUSES = ("route", "infeasible", "not_applicable", "not_considered")
"""What ``compare`` says of a corridor: it gives a route; ice or rules refuse it; it
does not join the two ports; it is longer than the registry's
``compare.corridor_max_factor`` times the direct route (or, for an Arctic variant,
cannot be shorter than it)."""


@dataclass(frozen=True)
class CorridorStatus:
    """One corridor of a comparison: ``via``, one of :data:`CORRIDOR_STATUSES`, and why."""

    via: str
    status: str
    reason: str = ""


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
    verdicts : dict
        Corridor -> :class:`~arcticroute.routing.voyage.IceVerdict` for every
        ice-aware route tried that entered the Arctic mesh, feasible or not.
    corridors : tuple of CorridorStatus
        Every corridor looked at, in output order (the direct route first).
    ice_considered : bool
        True when the Arctic corridors were judged through the ice of a date.
    """

    origin: Port
    destination: Port
    routes: tuple[Route, ...]
    unavailable: dict[str, str]
    verdicts: dict[str, Any] = field(default_factory=dict)
    corridors: tuple[CorridorStatus, ...] = ()
    ice_considered: bool = False

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

    def to_dict(self, ship: Any = None) -> dict[str, Any]:
        """The comparison as the schema v1 envelope (what ``compare -o x.json`` writes
        with ``--no-economics``; economics and next departures are added by
        :func:`arcticroute.analysis.report.comparison_to_dict`).

        Parameters
        ----------
        ship : Ship, optional
            Recorded under ``ship`` (the routes do not depend on it here).

        Examples
        --------
        >>> from arcticroute import compare
        >>> doc = compare("Shanghai", "Rotterdam").to_dict()
        >>> doc["schema_version"], doc["routes"][0]["via"]
        ('1.6', 'auto')
        """
        return serialize.envelope(self, ship)

    def to_geojson(self) -> dict[str, Any]:
        """A GeoJSON FeatureCollection: one line per route, one point per port."""
        return serialize.geojson(self.to_dict())

    def to_dataframe(self) -> pd.DataFrame:
        """A ``pandas.DataFrame`` with one row per corridor looked at, the routes first:
        via, status (:data:`CORRIDOR_STATUSES`), reason, date, feasible, passages,
        distance_nm, distance_km, duration_h, duration_days, max_lat and
        saving_vs_suez_pct (empty for a corridor without a route)."""
        import pandas as pd

        doc = self.to_dict()
        status = {s.via: (s.status, s.reason) for s in self.corridors}
        rows = [_corridor_row(rd, *status.get(rd["via"], ("route", ""))) for rd in doc["routes"]]
        shown = {rd["via"] for rd in doc["routes"]}
        for s in self.corridors:
            if s.via not in shown:
                v = doc["verdicts"].get(s.via)
                rows.append(
                    {"via": s.via, "status": s.status, "reason": s.reason} | _verdict_row(v)
                )
        return pd.DataFrame(rows, columns=list(DATAFRAME_COLUMNS))


DATAFRAME_COLUMNS = (
    "via",
    "status",
    "reason",
    "date",
    "feasible",
    "passages",
    "distance_nm",
    "distance_km",
    "duration_h",
    "duration_days",
    "max_lat",
    "saving_vs_suez_pct",
)
"""Columns of :meth:`Comparison.to_dataframe`."""


def _verdict_row(v: dict[str, Any] | None) -> dict[str, Any]:
    if v is None:
        return {}
    return {"date": v["date"], "feasible": v["feasible"]}


def _corridor_row(rd: dict[str, Any], status: str, reason: str) -> dict[str, Any]:
    saving = rd["saving_vs_suez"] or {}
    return {
        "via": rd["via"],
        "status": status,
        "reason": reason or "; ".join(rd["reasons"]),
        "date": rd["date"],
        "feasible": rd["feasible"],
        "passages": ";".join(rd["passages"]),
        **{k: rd[k] for k in ("distance_nm", "distance_km", "duration_h", "duration_days")},
        "max_lat": rd["max_lat"],
        "saving_vs_suez_pct": saving.get("distance_pct"),
    }


def path_vertices(
    net: Network, nodes: NDArray[np.int64], edges: NDArray[np.int64]
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.int64]]:
    """Vertices along consecutive edges in travel direction (vectorised).

    Each edge after the first drops its first vertex (the shared node), so
    no vertex repeats. Returns lon, lat and the number of vertices each edge
    adds.
    """
    starts = net.edge_vert_offset[edges]
    ends = net.edge_vert_offset[edges + 1]
    counts = ends - starts
    forward = net.edge_u[edges] == nodes[:-1]
    edge_of = np.repeat(np.arange(edges.size), counts)
    pos = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    idx = np.where(forward[edge_of], starts[edge_of] + pos, ends[edge_of] - 1 - pos)
    keep = (pos > 0) | (edge_of == 0)
    added = counts - 1
    added[0] += 1
    return net.vert_lon[idx[keep]], net.vert_lat[idx[keep]], added


@dataclass
class Chain:
    """Pieces of a path (partial edges, whole edges) joined end to end."""

    lon: list[NDArray[np.float64]] = field(default_factory=list)
    lat: list[NDArray[np.float64]] = field(default_factory=list)
    tags: list[Any] = field(default_factory=list)
    length_m: list[Any] = field(default_factory=list)
    added: list[Any] = field(default_factory=list)

    def piece(
        self, lon: NDArray[np.float64], lat: NDArray[np.float64], tags: int, length_m: float
    ) -> None:
        if length_m <= 0.0:
            return
        skip = 1 if self.added else 0
        self.lon.append(lon[skip:])
        self.lat.append(lat[skip:])
        self.tags.append([tags])
        self.length_m.append([length_m])
        self.added.append([lon.size - skip])

    def edges(self, net: Network, nodes: NDArray[np.int64]) -> None:
        if nodes.size < 2:
            return
        edges = net.edge_ids(nodes)
        lon, lat, added = path_vertices(net, nodes, edges)
        if self.added:
            lon, lat = lon[1:], lat[1:]
            added[0] -= 1
        self.lon.append(lon)
        self.lat.append(lat)
        self.tags.append(net.edge_tags[edges])
        self.length_m.append(net.edge_length_m[edges])
        self.added.append(added)


def chain_legs(chain: Chain) -> tuple[list[Leg], list[str], float]:
    """Group the chain's pieces into legs of equal passage tags."""
    if not chain.added:
        return [], [], 0.0
    vlon, vlat = np.concatenate(chain.lon), np.concatenate(chain.lat)
    tags = np.concatenate(chain.tags).astype(np.int64)
    cumlen = np.cumsum(np.concatenate(chain.length_m)).tolist()
    stop = np.cumsum(np.concatenate(chain.added)).tolist()
    bounds = [0, *(np.flatnonzero(np.diff(tags)) + 1).tolist(), tags.size]
    legs: list[Leg] = []
    seen: list[str] = []
    for i, j in itertools.pairwise(bounds):
        names = passages_from_mask(int(tags[i]))
        seen.extend(p for p in names if p not in seen)
        v0 = 0 if i == 0 else stop[i - 1] - 1
        length = cumlen[j - 1] - (cumlen[i - 1] if i else 0.0)
        kind = "passage" if names else "sea"
        legs.append(Leg(kind, names, length, vlon[v0 : stop[j - 1]], vlat[v0 : stop[j - 1]]))
    return legs, seen, cumlen[-1]


def door_to_door(
    ao: Approach, inner: list[Leg], ad: Approach
) -> tuple[list[Leg], NDArray[np.float64], NDArray[np.float64]]:
    """The legs of a route from its two port approaches and the legs between them, and
    its vertices (longitudes wrapped, consecutive repeats dropped)."""
    inland = ("inland",)
    legs = [
        Leg("approach", inland if ao.inland else (), ao.distance_m, ao.lon_deg, ao.lat_deg),
        *inner,
        Leg(
            "approach",
            inland if ad.inland else (),
            ad.distance_m,
            ad.lon_deg[::-1],
            ad.lat_deg[::-1],
        ),
    ]
    lon = geodesy.unwrap_lon(np.concatenate([leg.lon_deg for leg in legs]))
    lat = np.concatenate([leg.lat_deg for leg in legs])
    keep = np.r_[True, (np.diff(lon) != 0) | (np.diff(lat) != 0)]
    return legs, geodesy.wrap_lon(lon[keep]), lat[keep]
