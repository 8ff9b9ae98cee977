"""Ice-aware Northern Sea Route passage and voyage verdict (first, interim version).

Three steps, each composed from tested modules:

1. :func:`node_speeds_kn`: the attainable speed of a ship at every node of the
   Arctic mesh (:mod:`arcticroute.arcticmesh`) on a date. The ice field is
   :func:`arcticroute.icedata.ice_for`; coast and pole-hole cells are filled by
   :func:`arcticroute.icefill.fill_unseen` (the nodes that use a filled cell are
   recorded); the stage comes from :func:`arcticroute.icestage.stage_from_concentration`
   (conservative default: heavy multi-year ice wherever there is ice); the speed
   is the smaller of the performance speed
   (:func:`arcticroute.performance.speed_in_ice_kn`) and the speed POLARIS
   permits (:func:`arcticroute.polaris.polaris_speed_kn`). Unknown ice (NaN
   concentration, e.g. a land-flagged psn25 cell under a coastal mesh node, or
   an unseen cell with no valid neighbour) gives speed 0: fail closed, unknown
   ice is never open water.
2. :func:`ice_passage`: the fastest path through the mesh between a west
   gateway in the Barents Sea (:data:`WEST_GATEWAY`) and an east gateway south
   of the Bering Strait (:data:`EAST_GATEWAY`). Dijkstra with edge time
   ``length / speed``, the edge speed being the smaller speed of its two nodes
   (0 = impassable). The verdict also checks the season limit of the NSR Rules
   (:func:`arcticroute.nsr_rules.season_allows`).
3. :func:`ice_aware_nsr_voyage`: the open-water lane legs of
   :func:`arcticroute.routing.route` from the origin to the nearer gateway and
   from the other gateway to the destination, joined to the ice passage.

Interim (what this version does not do)
---------------------------------------
* The passage is the fastest path through the *whole* mesh, not restricted to
  the NSR water area: with little ice it may cross the central Arctic (see
  :attr:`IcePassage.max_lat`, and the caveat added when it goes north of
  :data:`NSR_NORTH_LIMIT_LAT`).
* Speeds are steady-state and per node; no icebreaker escort, no waiting, no
  zone-by-zone admission (:func:`arcticroute.nsr_rules.admission`), no
  ice-pressure, ridging or decay. Time is steaming time only.
* The stage is inferred from concentration alone (a named assumption): with
  the shipped default (HMY everywhere), any cell with ice above
  ``performance.open_water_sic_max`` is severe for ships below Arc7, so the
  verdict for Arc4/Arc5 is conservative.
* The open-water legs are computed by the lane router without ice; their
  speed is the ship's design speed.

Errors
------
:class:`IceRoutingError` (``ValueError``) for a bad date, policy, speed array or
gateway; the errors of the composed modules propagate unchanged (e.g.
:class:`~arcticroute.errors.InvalidCoordinateError` for a gateway outside the
mesh, :class:`~arcticroute.errors.UnknownShipError`).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import arcticmesh, geodesy, icedata, icefill, icestage, nsr_rules, performance, polaris
from .errors import ArcticRouteError, NoRouteError

__all__ = [
    "EAST_GATEWAY",
    "NSR_NORTH_LIMIT_LAT",
    "WEST_GATEWAY",
    "IcePassage",
    "IceRoutingError",
    "IceVoyage",
    "NodeSpeedInfo",
    "ice_aware_nsr_voyage",
    "ice_passage",
    "node_speeds_kn",
]

WEST_GATEWAY = (33.0, 71.0)
"""(lon, lat) of the west gateway: Barents Sea north of the Kola Peninsula, at sea
on the mesh and on the lane network's NSR side."""
EAST_GATEWAY = (-170.0, 64.0)
"""(lon, lat) of the east gateway: northern Bering Sea south of the Bering Strait
(inside the mesh, which covers the sea north of 60°N)."""
NSR_NORTH_LIMIT_LAT = 81.5
"""A passage reaching further north than this leaves the NSR's coastal seas
(interim: the NSR water area is not enforced, only reported)."""

NO_PATH = "no passable path: ice closes the route"
FILLED_CELLS = "route depends on filled coastal/pole-hole cells"
_SEASON = "outside the NSR season for ships with no ice class or Ice1–Ice3 (1 Jul–15 Nov)"


class IceRoutingError(ArcticRouteError, ValueError):
    """Bad input to the ice router: date, policy, speed array or gateway."""


def _as_date(date: object) -> dt.date:
    return icedata._as_date(date, IceRoutingError)


def _as_ship(ship: Any) -> Any:
    if isinstance(ship, str):
        from .ships import get_ship

        return get_ship(ship)
    if not (hasattr(ship, "ice_class") and hasattr(ship, "design_speed_kn")):
        raise IceRoutingError(
            f"ship must be a Ship or a preset name; got {ship!r} ({type(ship).__name__})"
        )
    return ship


def _check_policy(policy: str) -> None:
    if policy not in polaris.SPEED_POLICIES:
        raise IceRoutingError(
            f"unknown policy {policy!r}; use one of {', '.join(polaris.SPEED_POLICIES)}"
        )


def _gateway(point: Any, name: str) -> tuple[float, float]:
    try:
        lon, lat = (float(v) for v in point)
    except (TypeError, ValueError):
        raise IceRoutingError(
            f"{name} must be a (lon, lat) pair in degrees; got {point!r}"
        ) from None
    if not (math.isfinite(lon) and math.isfinite(lat) and -90.0 <= lat <= 90.0):
        raise IceRoutingError(f"{name} must be finite (lon, lat) with |lat| <= 90; got {point!r}")
    return lon, lat


@dataclass(frozen=True)
class NodeSpeedInfo:
    """How :func:`node_speeds_kn` got its speeds; arrays are per mesh node (read-only).

    Attributes
    ----------
    date : datetime.date
    ice_class : str
        The ship's ice class (value of :class:`~arcticroute.iceclass.IceClass`).
    open_water_speed_kn : float
        The ship's design speed.
    policy : str
        POLARIS speed policy.
    season : str
        Performance season of the month (``WinterSpring``/``SummerAutumn``).
    ice_source, ice_statistic : str
        ``attrs["ice_source"]`` (``"observed"``/``"climatology"``) and statistic
        (empty for an observed field) of the ice field.
    sic : ndarray of float
        Concentration at each node after the fill; NaN unknown.
    filled : ndarray of bool
        Node's psn25 cell was supplied by :func:`~arcticroute.icefill.fill_unseen`.
    unknown : ndarray of bool
        Concentration unknown (speed 0, fail closed).
    stage : ndarray of int8
        :class:`~arcticroute.icestage.IceStage` codes.
    performance_kn, polaris_kn : ndarray of float
        The two speeds whose minimum is the node speed (0 where NaN).
    """

    date: dt.date
    ice_class: str
    open_water_speed_kn: float
    policy: str
    season: str
    ice_source: str
    ice_statistic: str
    sic: NDArray[np.float64] = field(repr=False)
    filled: NDArray[np.bool_] = field(repr=False)
    unknown: NDArray[np.bool_] = field(repr=False)
    stage: NDArray[np.int8] = field(repr=False)
    performance_kn: NDArray[np.float64] = field(repr=False)
    polaris_kn: NDArray[np.float64] = field(repr=False)


def node_speeds_kn(
    ship: Any,
    date: Any,
    source: str = "auto",
    stat: str = "median",
    policy: str = "normal_only",
) -> tuple[NDArray[np.float64], NodeSpeedInfo]:
    """Attainable speed of the ship at every mesh node on a date, knots.

    Parameters
    ----------
    ship : Ship or str
        A :class:`~arcticroute.ships.Ship` or a preset name; its ``ice_class`` and
        ``design_speed_kn`` (open-water speed) are used.
    date : datetime.date, datetime.datetime, numpy.datetime64 or str
        Day of navigation (ISO text ``"YYYY-MM-DD"``).
    source, stat : str
        As for :func:`arcticroute.icedata.ice_for` (``"auto"`` never downloads and
        falls back to the shipped monthly climatology).
    policy : {"normal_only", "elevated_allowed"}
        POLARIS policy for :func:`arcticroute.polaris.polaris_speed_kn`.

    Returns
    -------
    speed_kn : ndarray, shape (n_nodes,)
        ``min(performance speed, POLARIS speed)``, 0 where the ship cannot
        proceed or the ice is unknown. Read-only.
    info : NodeSpeedInfo
    """
    day = _as_date(date)
    _check_policy(policy)
    ship = _as_ship(ship)
    mesh = arcticmesh.load_mesh()
    ds = icedata.ice_for(day, source=source, stat=stat)
    filled_sic, filled_mask = icefill.fill_unseen(
        ds.sic.values, ds.land.values, ds.coast.values, ds.pole_hole.values, lake=ds.lake.values
    )
    rows, cols = mesh.ice_row.astype(np.intp), mesh.ice_col.astype(np.intp)
    sic = np.asarray(filled_sic, dtype=float)[rows, cols]
    sic = np.where(np.isnan(sic), np.nan, np.clip(sic, 0.0, 1.0))
    filled = np.asarray(filled_mask, dtype=bool)[rows, cols]
    unknown = np.isnan(sic)
    stage = np.asarray(icestage.stage_from_concentration(sic, day.month), dtype=np.int8)
    v_ow = float(ship.design_speed_kn)
    season = performance.parse_season(day.month)
    perf = np.asarray(
        performance.speed_in_ice_kn(ship.ice_class, v_ow, sic, stage=stage, season=season),
        dtype=float,
    )
    r = polaris.rio(ship.ice_class, sic, stage, type_axis=None)
    pol = np.asarray(polaris.polaris_speed_kn(r, ship.ice_class, v_ow, policy=policy), dtype=float)
    perf = np.nan_to_num(perf, nan=0.0)
    pol = np.nan_to_num(pol, nan=0.0)
    speed = np.minimum(perf, pol)
    speed[unknown] = 0.0  # fail closed even if a model were to return a speed
    for arr in (speed, sic, filled, unknown, stage, perf, pol):
        arr.setflags(write=False)
    info = NodeSpeedInfo(
        date=day,
        ice_class=str(getattr(ship.ice_class, "value", ship.ice_class)),
        open_water_speed_kn=v_ow,
        policy=policy,
        season=season,
        ice_source=str(ds.attrs.get("ice_source", "")),
        ice_statistic=str(ds.attrs.get("statistic", "")),
        sic=sic,
        filled=filled,
        unknown=unknown,
        stage=stage,
        performance_kn=perf,
        polaris_kn=pol,
    )
    return speed, info


@dataclass(frozen=True)
class IcePassage:
    """Verdict and geometry of one ice-aware passage between the gateways.

    Attributes
    ----------
    feasible : bool
        A passable path exists and the season limit allows the class.
    reasons : tuple of str
        Why it is not feasible (empty when feasible).
    caveats : tuple of str
        What a feasible (or infeasible) verdict rests on, e.g. filled cells.
    distance_nm, hours : float
        Length of the path and steaming time at the node speeds; NaN when no
        passable path exists.
    lon, lat, nodes : ndarray
        Path from west to east gateway (empty when none).
    max_sic, mean_sic : float
        Largest and length-weighted mean concentration met along the path (NaN
        when none).
    min_speed_kn : float
        Lowest node speed along the path.
    ice_source : str
        ``"observed"`` or ``"climatology"``.
    filled_nodes : ndarray of int
        Path nodes whose concentration came from a filled coast/pole-hole cell.
    season_ok : bool
        :func:`arcticroute.nsr_rules.season_allows` for the class and date.
    info : NodeSpeedInfo
    """

    feasible: bool
    reasons: tuple[str, ...]
    caveats: tuple[str, ...]
    distance_nm: float
    hours: float
    lon: NDArray[np.float64] = field(repr=False)
    lat: NDArray[np.float64] = field(repr=False)
    nodes: NDArray[np.int64] = field(repr=False)
    max_sic: float
    mean_sic: float
    min_speed_kn: float
    ice_source: str
    filled_nodes: NDArray[np.int64] = field(repr=False)
    season_ok: bool
    info: NodeSpeedInfo = field(repr=False)

    @property
    def max_lat(self) -> float:
        """Northernmost node latitude of the path, degrees (NaN when none)."""
        return float(np.max(self.lat)) if self.lat.size else math.nan


def _season_ok(ice_class: Any, day: dt.date) -> bool:
    return nsr_rules.season_allows(ice_class, day)


def ice_passage(
    ship: Any,
    date: Any,
    west: tuple[float, float] = WEST_GATEWAY,
    east: tuple[float, float] = EAST_GATEWAY,
    *,
    source: str = "auto",
    stat: str = "median",
    policy: str = "normal_only",
    node_speed_kn: ArrayLike | None = None,
) -> IcePassage:
    """Fastest ice-aware passage through the Arctic mesh between two gateways.

    Parameters
    ----------
    ship, date, source, stat, policy
        As for :func:`node_speeds_kn`.
    west, east : (lon, lat)
        Gateways, degrees; both must be within the mesh (north of 60°N).
    node_speed_kn : array_like of shape (n_nodes,), optional
        Use these node speeds (knots, ≥ 0) instead of the computed ones, e.g. to
        close a strait in a what-if; the ice statistics still come from the date.

    Returns
    -------
    IcePassage
        ``feasible`` False with reasons when the ice closes every path or the
        date is outside the season of the class. Edge time is ``length /
        min(node speeds)``; a node speed of 0 makes its edges impassable.
    """
    wlon, wlat = _gateway(west, "west")
    elon, elat = _gateway(east, "east")
    speed, info = node_speeds_kn(ship, date, source=source, stat=stat, policy=policy)
    mesh = arcticmesh.load_mesh()
    if node_speed_kn is not None:
        s = np.asarray(node_speed_kn, dtype=float)
        if s.shape != (mesh.n_nodes,) or not np.all(s >= 0):  # NaN fails too
            raise IceRoutingError(
                f"node_speed_kn must have shape ({mesh.n_nodes},) with values >= 0; "
                f"got shape {s.shape}"
            )
        speed = s
    # validate gateways (outside the mesh → InvalidCoordinateError) before routing
    arcticmesh.nearest_node(wlon, wlat, mesh)
    arcticmesh.nearest_node(elon, elat, mesh)
    season_ok = _season_ok(info.ice_class, info.date)
    reasons: list[str] = []
    caveats: list[str] = []
    if not season_ok:
        reasons.append(_SEASON)
    try:
        path = arcticmesh.shortest_path(
            wlon, wlat, elon, elat, arcticmesh.edge_factor_from_nodes(speed, mesh), mesh
        )
    except NoRouteError:
        path = None
    empty_f = np.empty(0, dtype=float)
    empty_i = np.empty(0, dtype=np.int64)
    if path is None:
        reasons.append(NO_PATH)
        return IcePassage(
            feasible=False,
            reasons=tuple(reasons),
            caveats=(),
            distance_nm=math.nan,
            hours=math.nan,
            lon=empty_f,
            lat=empty_f,
            nodes=empty_i,
            max_sic=math.nan,
            mean_sic=math.nan,
            min_speed_kn=math.nan,
            ice_source=info.ice_source,
            filled_nodes=empty_i,
            season_ok=season_ok,
            info=info,
        )
    nodes = path.nodes
    c = info.sic[nodes]
    seg = geodesy.geodesic_distance_m(path.lon[:-1], path.lat[:-1], path.lon[1:], path.lat[1:])
    seg = np.atleast_1d(np.asarray(seg, dtype=float))
    mid = 0.5 * (c[:-1] + c[1:])
    mean_sic = float(np.sum(mid * seg) / np.sum(seg)) if seg.size and seg.sum() > 0 else float(c[0])
    filled_nodes = nodes[info.filled[nodes]]
    if filled_nodes.size:
        caveats.append(f"{FILLED_CELLS} ({filled_nodes.size} of {nodes.size} path nodes)")
    if path.lat.max() > NSR_NORTH_LIMIT_LAT:
        caveats.append(
            f"path reaches {path.lat.max():.1f}°N, north of the NSR coastal seas "
            "(the NSR water area is not enforced in this version)"
        )
    if info.ice_source == "climatology":
        caveats.append(
            f"ice from the monthly climatology ({info.ice_statistic}), not an observed field"
        )
    caveats.append("stage inferred from concentration (icestage.from_concentration assumption)")
    return IcePassage(
        feasible=not reasons,
        reasons=tuple(reasons),
        caveats=tuple(caveats),
        distance_nm=path.length_m / geodesy.M_PER_NM,
        hours=path.cost / geodesy.M_PER_NM,
        lon=path.lon,
        lat=path.lat,
        nodes=nodes,
        max_sic=float(np.max(c)),
        mean_sic=mean_sic,
        min_speed_kn=float(np.min(speed[nodes])),
        ice_source=info.ice_source,
        filled_nodes=filled_nodes,
        season_ok=season_ok,
        info=info,
    )


@dataclass(frozen=True)
class IceVoyage:
    """Port-to-port voyage: open-water lane legs joined by the ice passage.

    Attributes
    ----------
    feasible : bool
        The ice passage is feasible (which includes the season limit).
    reasons, caveats : tuple of str
        From the passage, plus the voyage's own interim notes in ``caveats``.
    westbound : bool
        True when the origin is nearer the east gateway (voyage east → west).
    to_gateway, from_gateway : Route
        Lane routes origin → first gateway and second gateway → destination
        (ice not considered on them).
    passage : IcePassage
        Geometry is west → east; reverse it for a westbound voyage.
    distance_nm, hours : float
        Totals (NaN when the passage is infeasible for want of a path); the lane
        legs are timed at the ship's design speed.
    """

    feasible: bool
    reasons: tuple[str, ...]
    caveats: tuple[str, ...]
    westbound: bool
    to_gateway: Any = field(repr=False)
    from_gateway: Any = field(repr=False)
    passage: IcePassage = field(repr=False)
    distance_nm: float
    hours: float


def _latlon_text(point: tuple[float, float]) -> str:
    lon, lat = point
    return f"{lat:.6f},{lon:.6f}"


def ice_aware_nsr_voyage(
    origin: Any,
    destination: Any,
    ship: Any,
    date: Any,
    *,
    west: tuple[float, float] = WEST_GATEWAY,
    east: tuple[float, float] = EAST_GATEWAY,
    source: str = "auto",
    stat: str = "median",
    policy: str = "normal_only",
) -> IceVoyage:
    """Origin → gateway (lanes) → ice passage → gateway → destination (lanes).

    The direction is chosen by lane distance: the voyage goes through the
    gateway pairing with the shorter ``origin → gateway`` + ``gateway →
    destination`` lane distance (:func:`arcticroute.routing.distance_matrix`,
    corridor ``"auto"``). The ice is evaluated on ``date`` for the whole passage
    (interim: no drift of the date along the voyage).

    Parameters
    ----------
    origin, destination : str or Port
        As for :func:`arcticroute.routing.route`.
    ship : Ship or str
    date, west, east, source, stat, policy
        As for :func:`ice_passage`.
    """
    from . import routing

    ship = _as_ship(ship)
    day = _as_date(date)
    _check_policy(policy)
    w, e = _latlon_text(_gateway(west, "west")), _latlon_text(_gateway(east, "east"))
    dm = routing.distance_matrix([origin, w, e], [w, e, destination])
    eastbound_nm = dm[0, 0] + dm[2, 2]  # origin→W, E→destination
    westbound_nm = dm[0, 1] + dm[1, 2]  # origin→E, W→destination
    if np.isnan(eastbound_nm) and np.isnan(westbound_nm):
        raise NoRouteError(f"no lane route joins {origin!r} and {destination!r} to the gateways")
    westbound = bool(
        np.nan_to_num(westbound_nm, nan=np.inf) < np.nan_to_num(eastbound_nm, nan=np.inf)
    )
    first, second = (e, w) if westbound else (w, e)
    speed = float(ship.design_speed_kn)
    to_gw = routing.route(origin, first, via="auto", speed_kn=speed)
    from_gw = routing.route(second, destination, via="auto", speed_kn=speed)
    p = ice_passage(ship, day, west, east, source=source, stat=stat, policy=policy)
    lanes_nm = to_gw.distance_nm + from_gw.distance_nm
    lanes_h = to_gw.duration_h + from_gw.duration_h
    caveats = (
        *p.caveats,
        "lane legs to and from the gateways ignore ice and are timed at the design speed",
        "ice evaluated for one date over the whole passage; no escort, waiting or port time",
    )
    return IceVoyage(
        feasible=p.feasible,
        reasons=p.reasons,
        caveats=caveats,
        westbound=westbound,
        to_gateway=to_gw,
        from_gateway=from_gw,
        passage=p,
        distance_nm=lanes_nm + p.distance_nm,
        hours=lanes_h + p.hours,
    )
