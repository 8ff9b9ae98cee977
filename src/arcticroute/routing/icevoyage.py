"""Port-to-port ice-aware voyages: open-water lanes joined to the Arctic mesh at gateways.

A voyage through an Arctic variant (:data:`arcticroute.routing.icerouting.VARIANTS`) is

    origin → (lanes) → gateway → (ice passage on the mesh) → gateway → (lanes) → destination

The lane network and the mesh meet only at the variant's two gateways, so the
fastest voyage through the variant is the best of the two gateway orders: the
order with the shorter lane distance is taken (a port's lane legs do not
depend on the ice). A port inside the NSR water area (Sabetta, Dikson, Tiksi,
Pevek...) joins the mesh directly at its nearest node instead of through a
gateway.

The ship leaves the origin on the given date at 00:00; it reaches the first
gateway after the lane leg at its design speed; the passage is judged with the
ice of the day (daily data) or month (monthly data) it reaches each node
(:func:`arcticroute.routing.icerouting.timed_tree`).

When any ice field is a climatology (a date with no observed field), the
voyage is judged twice: under the median ice and under heavy ice (the 90th
percentile, :data:`HEAVY_ICE_STAT`); the second verdict is ``heavy_ice`` of
the result, so users see how robust the first is.

Errors
------
:class:`IceRouteInfeasible` (a :class:`~arcticroute.errors.NoRouteError`) when
no feasible passage exists; it carries the :class:`IceVerdict` with the
reasons. Bad ports, ships, dates and variants raise the errors of
:mod:`arcticroute.routing.lanes` and :mod:`arcticroute.routing.icerouting`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from arcticroute.errors import InvalidCoordinateError, NoRouteError
from arcticroute.geo import arcticmesh, geodesy, nsrzones
from arcticroute.routing import icerouting, lanes
from arcticroute.routing.icerouting import IcePassage, as_date, as_ship, get_variant
from arcticroute.routing.lanes import Leg, Route

__all__ = [
    "ARCTIC_VARIANTS",
    "HEAVY_ICE_STAT",
    "IceRouteInfeasible",
    "IceVerdict",
    "ice_route",
]

HEAVY_ICE_STAT = "p90"
"""Climatology statistic of the heavy-ice verdict (90th percentile concentration)."""
ARCTIC_VARIANTS = tuple(icerouting.VARIANTS)
_PASSAGE_TAGS = {
    "nsr": ("nsr", "bering"),
    "nsr_high": ("nsr", "bering"),
    "transpolar": ("bering",),
    "nwp": ("nwp", "bering"),
}


@dataclass(frozen=True)
class IceVerdict:
    """The ice-aware verdict of one voyage through one Arctic variant.

    Attributes
    ----------
    variant : str
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
        ``"climatology"``.
    ice_product, ice_statistic : str
    policy : str
        POLARIS policy.
    hours : float
        Door-to-door steaming hours (lanes at design speed + ice passage).
    lane_nm, lane_hours : float
        Open-water lane legs.
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
    def zones(self):
        return self.passage.zones

    @property
    def escort_zones(self) -> tuple[int, ...]:
        """NSR zones where part of the passage is under icebreaker escort."""
        return tuple(z.zone for z in self.passage.zones if z.escort_needed)


class IceRouteInfeasible(NoRouteError):
    """No feasible ice-aware passage; ``verdict`` says why."""

    def __init__(self, message: str, verdict: IceVerdict) -> None:
        super().__init__(message)
        self.verdict = verdict


def mesh_node_in_nsr(port) -> int | None:
    """The mesh node of a port inside the NSR water area, else None."""
    mesh = arcticmesh.load_mesh()
    if port.lat < 60.0:
        return None
    try:
        node = arcticmesh.nearest_node(port.lon, port.lat, mesh)
    except InvalidCoordinateError:
        return None
    return node if nsrzones.load_zones().node_zone[node] > 0 else None


def _text(point: tuple[float, float]) -> str:
    lon, lat = point
    return f"{lat:.6f},{lon:.6f}"


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
):
    """Ice-aware route between two ports through an Arctic variant.

    Parameters
    ----------
    origin, destination : str or Port
        As for :func:`arcticroute.routing.planner.route`.
    ship : Ship or str
        Its ice class, design speed (lanes and open water) and draft are used.
    date : datetime.date or ISO text
        Departure from the origin.
    variant : {"nsr", "nsr_high", "transpolar", "nwp"}
    source, stat, policy, admission_table, climatology
        As for :func:`arcticroute.routing.icerouting.ice_layer`.
    escort : bool
        False: no icebreaker escort is to be had.
    user_ice : UserIce, optional
        A user's ice age, thickness or chart (:mod:`arcticroute.ice.userice`).
    heavy_ice : bool
        Also judge the voyage under heavy ice (:data:`HEAVY_ICE_STAT`) when the
        ice is a climatology.

    Returns
    -------
    Route
        With ``ice`` set to the :class:`IceVerdict`; ``duration_h`` includes the
        slower passage through ice.

    Raises
    ------
    IceRouteInfeasible
        When ice, the NSR rules, the season or the draft close the variant; the
        exception's ``verdict`` has the reasons.
    """
    v = get_variant(variant)
    ship = as_ship(ship)
    day = as_date(date)
    o, d = lanes.as_port(origin), lanes.as_port(destination)
    node_o, node_d = mesh_node_in_nsr(o), mesh_node_in_nsr(d)
    w, e = _text(v.west), _text(v.east)
    speed = float(ship.design_speed_kn)
    # which gateway order: the shorter lane distance (ports inside the NSR count 0)
    dm = lanes.distance_matrix([o, w, e], [w, e, d])
    o_w, o_e = (0.0, 0.0) if node_o is not None else (dm[0, 0], dm[0, 1])
    w_d, e_d = (0.0, 0.0) if node_d is not None else (dm[1, 2], dm[2, 2])
    eastbound_nm, westbound_nm = o_w + e_d, o_e + w_d
    if np.isnan(eastbound_nm) and np.isnan(westbound_nm):
        raise NoRouteError(f"no lane route joins {o.name} and {d.name} to the {v.name} gateways")
    westbound = bool(
        np.nan_to_num(westbound_nm, nan=np.inf) < np.nan_to_num(eastbound_nm, nan=np.inf)
    )
    first, second = (e, w) if westbound else (w, e)
    to_gw = None if node_o is not None else lanes.lane_route(o, first, speed_kn=speed)
    from_gw = None if node_d is not None else lanes.lane_route(second, d, speed_kn=speed)
    lane_h0 = to_gw.duration_h if to_gw is not None else 0.0
    departure = dt.datetime.combine(day, dt.time(0, 0))

    def judge(statistic: str, with_heavy: bool) -> IceVerdict:
        p = icerouting.ice_passage(
            ship,
            departure + dt.timedelta(hours=lane_h0),
            v,
            westbound=westbound,
            source=source,
            stat=statistic,
            policy=policy,
            admission_table=admission_table,
            climatology=climatology,
            escort=escort,
            user_ice=user_ice,
            from_node=node_o,
            to_node=node_d,
        )
        lane_nm = sum(r.distance_nm for r in (to_gw, from_gw) if r is not None)
        lane_h = sum(r.duration_h for r in (to_gw, from_gw) if r is not None)
        hours = lane_h + p.hours if p.feasible else math.nan
        caveats = list(p.caveats)
        if to_gw is not None or from_gw is not None:
            caveats.append(
                "lane legs to and from the gateways ignore ice and are sailed at the design speed"
            )
        caveats.append(
            "steaming time and a wait of escort.waiting_h for each escorted stretch; no waiting "
            "for better ice, no port or canal time; escort at the escorted speed (escort.speed_kn)"
        )
        heavy = None
        if with_heavy and p.ice_source == "climatology" and statistic != HEAVY_ICE_STAT:
            heavy = judge(HEAVY_ICE_STAT, False)
        return IceVerdict(
            variant=v.name,
            departure=departure,
            arrival=departure + dt.timedelta(hours=hours) if p.feasible else None,
            feasible=p.feasible,
            reasons=p.reasons,
            caveats=tuple(caveats),
            ice_source=p.ice_source,
            ice_product=p.product,
            ice_statistic=p.statistic,
            policy=policy,
            hours=hours,
            lane_nm=lane_nm,
            lane_hours=lane_h,
            passage=p,
            heavy_ice=heavy,
        )

    verdict = judge(stat, heavy_ice)
    if not verdict.feasible:
        raise IceRouteInfeasible(
            f"no feasible {v.name} passage from {o.name} to {d.name} for {ship.name} "
            f"({verdict.passage.start:%Y-%m-%d} at the gateway): " + "; ".join(verdict.reasons),
            verdict,
        )
    return _assemble(o, d, v.name, to_gw, from_gw, verdict, speed)


def _assemble(o, d, variant: str, to_gw, from_gw, verdict: IceVerdict, speed_kn: float):
    p = verdict.passage
    lon, lat = geodesy.wrap_lon(p.lon), p.lat
    ice_leg = Leg("ice", _PASSAGE_TAGS[variant], p.distance_nm * geodesy.M_PER_NM, lon, lat)
    legs = [*(to_gw.legs if to_gw else ()), ice_leg, *(from_gw.legs if from_gw else ())]
    seen = []
    for leg in legs:
        for tag in leg.passages:
            if tag not in seen:
                seen.append(tag)
    all_lon = geodesy.unwrap_lon(np.concatenate([leg.lon_deg for leg in legs]))
    all_lat = np.concatenate([leg.lat_deg for leg in legs])
    keep = np.r_[True, (np.diff(all_lon) != 0) | (np.diff(all_lat) != 0)]
    notes = [
        f"ice-aware {variant} passage for {verdict.departure:%Y-%m-%d} departure: "
        f"{verdict.ice_source} ice ({verdict.ice_product}"
        + (f", {verdict.ice_statistic}" if verdict.ice_statistic else "")
        + ")",
        *verdict.caveats,
    ]
    for r in (to_gw, from_gw):
        if r is not None:
            notes.extend(a for a in r.assumptions if a not in notes and "sea ice not" not in a)
    return Route(
        origin=o,
        destination=d,
        via=variant,
        passages=tuple(seen),
        distance_m=sum(leg.distance_m for leg in legs),
        speed_kn=speed_kn,
        legs=tuple(legs),
        lon_deg=geodesy.wrap_lon(all_lon[keep]),
        lat_deg=all_lat[keep],
        assumptions=tuple(notes),
        ice=verdict,
    )


def with_heavy_ice_only(verdict: IceVerdict) -> IceVerdict:
    """The verdict without its heavy-ice sub-verdict (for compact output)."""
    return dataclasses.replace(verdict, heavy_ice=None)
