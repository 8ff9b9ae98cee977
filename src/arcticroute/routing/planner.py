"""Routes and comparisons for a ship and a date: the entry point every caller uses.

Without a date a corridor is solved on the open-water lanes
(:mod:`arcticroute.routing.lanes`); with one, every corridor is searched on the
lanes joined to the Arctic mesh with the ice of the time of passage
(:mod:`arcticroute.routing.voyage`). This module decides which, and which
corridors a comparison looks at; it holds no search of its own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from arcticroute import assumptions
from arcticroute.errors import NoRouteError, UnknownPassageError
from arcticroute.geo.passages import COMPARE_CORRIDORS, corridor
from arcticroute.geo.ports import Port
from arcticroute.routing.lanes import DEFAULT_SHIP, as_port, lane_route, resolve_speed
from arcticroute.routing.legs import Comparison, CorridorStatus, Route
from arcticroute.vessel.ships import Ship, get_ship, load_ship

ShipSpec = Ship | str | PurePath | None
"""A ship: a :class:`~arcticroute.vessel.ships.Ship`, a preset name (``arcticroute ships
list``), a ship file path (``.toml``/``.json``), or None for the default preset."""
DateSpec = dt.date | str | None
"""A departure: a ``datetime.date`` or ``YYYY-MM-DD`` text; None: no ice (the lanes)."""

__all__ = [
    "DIRECT",
    "ICE_ALTERNATIVES",
    "ICE_VARIANTS",
    "DateSpec",
    "IceOptions",
    "ShipSpec",
    "compare",
    "route",
    "route_comparison",
]


DIRECT = "auto"
"""The corridor of the direct route: the shortest way, avoiding the Arctic passages
unless an end port lies in them."""
ICE_VARIANTS = ("nsr", "nsr_high", "transpolar", "nwp")
"""Arctic variants (routed on the mesh with ice when a date is given)."""
ICE_ALTERNATIVES = ("nsr_high", "transpolar")
"""Arctic variants ``compare`` adds to :data:`COMPARE_CORRIDORS` when judging ice."""
_OPEN_WATER_PROXY = {"nsr_high": "nsr", "transpolar": "nsr"}
"""Lane corridor whose open-water distance stands for a variant's when deciding
whether ``compare`` considers it (the lanes have no high-latitude or polar lane)."""


@dataclass(frozen=True)
class IceOptions:
    """How ice-aware routes are judged (see :func:`arcticroute.routing.voyage.ice_route`).

    Attributes
    ----------
    source : str
        Ice source for :func:`arcticroute.ice.icedata.ice_for` (``"auto"``).
    stat : str
        Climatology statistic for dates without observed ice (``"median"``).
    policy : str
        POLARIS policy: ``"normal_only"`` or ``"elevated_allowed"``.
    climatology : bool
        False: a date without observed ice is an error instead of a climatology.
    admission_table : AdmissionTable or None
        A user's NSR admission table.
    heavy_ice : bool
        Also judge under heavy (90th percentile) ice when the ice is a climatology.
    escort : bool
        Icebreaker escort may be had where the rules give it (False: the ship
        goes alone or not at all).
    user_ice : UserIce or None
        A user's ice age, PIOMAS thickness or ice chart
        (:class:`arcticroute.ice.userice.UserIce`).
    """

    source: str = "auto"
    stat: str = "median"
    policy: str = "normal_only"
    climatology: bool = True
    admission_table: Any = None
    heavy_ice: bool = True
    escort: bool = True
    user_ice: Any = None


def ice_ship(ship: Ship | None, speed_kn: float | None) -> Ship:
    """The ship as the ice router takes it: the default ship if none, its design speed
    replaced by the voyage's speed when one is given."""
    s = get_ship(DEFAULT_SHIP) if ship is None else ship
    if speed_kn is not None and speed_kn != s.design_speed_kn:
        s = s.model_copy(update={"design_speed_kn": float(speed_kn)})
    return s


def _ship(ship: ShipSpec) -> Ship | None:
    """A Ship from a Ship, a preset name, a ship file (``.toml``/``.json``) or None."""
    if isinstance(ship, PurePath) or (
        isinstance(ship, str) and ship.lower().endswith((".toml", ".json"))
    ):
        return load_ship(Path(ship))
    return get_ship(ship) if isinstance(ship, str) else ship


def _check_via(via: str) -> str:
    if via in ICE_VARIANTS:
        return via
    return corridor(via).name


def route(
    origin: str | Port,
    destination: str | Port,
    via: str = "auto",
    ship: ShipSpec = None,
    speed_kn: float | None = None,
    *,
    date: DateSpec = None,
    ice: IceOptions | None = None,
) -> Route:
    """Shortest sea route between two ports through a corridor.

    Parameters
    ----------
    origin, destination : str or Port
        Port name, UN/LOCODE, local name or ``"lat,lon"`` text, or a Port.
    via : str
        Corridor: ``auto`` (the direct route: shortest avoiding Arctic passages),
        ``suez``, ``cape``, ``panama``, ``nsr`` or ``nwp``; with a ``date`` also
        ``nsr_high`` and ``transpolar``.
    ship : Ship, str or path, optional
        A Ship, preset name or ship file (:data:`ShipSpec`): gives the speed when
        ``speed_kn`` is not set
        (default preset otherwise), and the ice class and draft of an ice-aware route.
    speed_kn : float, optional
        Constant open-water speed, knots.
    date : datetime.date or ISO text, optional
        Departure. With a date the route is searched on the lanes joined to the
        Arctic mesh, through the ice of the time of passage
        (:func:`arcticroute.routing.voyage.ice_route`); without one it follows
        the lanes and ignores ice (said in ``assumptions``).
    ice : IceOptions, optional
        How the ice is judged (default :class:`IceOptions`).

    Returns
    -------
    Route
        ``ice`` holds the verdict of a route that enters the Arctic mesh.

    Raises
    ------
    UnknownPortError, InvalidCoordinateError, PointOnLandError
        For bad ports or positions.
    UnknownPassageError
        For an unknown corridor.
    NoRouteError
        If the corridor does not connect the two ports.
    RouteInfeasible
        (a NoRouteError) If the ship cannot make the voyage on ``date``: ice, its
        class, the NSR rules or POLARIS close the route; ``verdict`` says why.
    """
    via, ship = _check_via(via), _ship(ship)
    if date is None:
        if via in ICE_ALTERNATIVES:
            raise UnknownPassageError(
                f"corridor '{via}' exists only on the ice-aware Arctic mesh: give a departure "
                "date (--date YYYY-MM-DD, without --no-ice)"
            )
        return lane_route(origin, destination, via, ship, speed_kn)
    o, d = as_port(origin), as_port(destination)
    if (o.lat, o.lon) == (d.lat, d.lon):  # the same port twice: nothing to sail
        return dataclasses.replace(lane_route(o, d, via, ship, speed_kn), ice_considered=True)
    from arcticroute.routing.voyage import ice_route  # the ice stack loads only with a date

    opt = ice or IceOptions()
    return ice_route(
        o,
        d,
        ice_ship(ship, speed_kn),
        date,
        via,
        source=opt.source,
        stat=opt.stat,
        policy=opt.policy,
        climatology=opt.climatology,
        admission_table=opt.admission_table,
        heavy_ice=opt.heavy_ice,
        escort=opt.escort,
        user_ice=opt.user_ice,
    )


def _open_water_nm(o: Port, d: Port, via: str) -> float | str:
    """Open-water distance of a corridor (nm), or why it does not join the ports."""
    try:
        return lane_route(o, d, _OPEN_WATER_PROXY.get(via, via), speed_kn=10.0).distance_nm
    except NoRouteError as exc:
        return str(exc)


def _considered(o: Port, d: Port, via: str, direct_nm: float) -> CorridorStatus | None:
    """None when ``compare`` should route the corridor, else its status and why not."""
    nm = _open_water_nm(o, d, via)
    if isinstance(nm, str):
        return CorridorStatus(via, "not_applicable", nm)
    factor = float(assumptions.value("compare.corridor_max_factor"))
    if via in ICE_VARIANTS and nm >= direct_nm:
        return CorridorStatus(
            via,
            "not_considered",
            f"an Arctic route cannot be shorter here: {nm:,.0f} nm in open water against "
            f"{direct_nm:,.0f} nm for the direct route",
        )
    if nm > factor * direct_nm:
        return CorridorStatus(
            via,
            "not_considered",
            f"{nm:,.0f} nm in open water, over {factor:g} x the direct route's "
            f"{direct_nm:,.0f} nm (compare.corridor_max_factor; ask for it by name to see it)",
        )
    return None


def _attempt(
    o: Port,
    d: Port,
    via: str,
    ship: Ship | None,
    speed_kn: float | None,
    date: Any,
    ice: Any,
) -> tuple[Route | None, CorridorStatus, Any]:
    """Route one corridor: the route or None, its status and the ice verdict if any."""
    try:
        r = route(o, d, via=via, ship=ship, speed_kn=speed_kn, date=date, ice=ice)
    except NoRouteError as exc:  # IceRouteInfeasible carries the ice verdict
        verdict = getattr(exc, "verdict", None)
        status = "infeasible" if verdict is not None else "not_applicable"
        return None, CorridorStatus(via, status, str(exc)), verdict
    return r, CorridorStatus(via, "route"), r.ice


def compare(
    origin: str | Port,
    destination: str | Port,
    ship: ShipSpec = None,
    speed_kn: float | None = None,
    corridors: Sequence[str] | None = None,
    *,
    date: DateSpec = None,
    ice: IceOptions | None = None,
) -> Comparison:
    """The direct route between two ports, then the other corridors worth comparing.

    The direct route (:data:`DIRECT`) comes first. Then, unless ``corridors``
    names them, the corridors of :data:`COMPARE_CORRIDORS` (and with a ``date``
    the Arctic alternatives :data:`ICE_ALTERNATIVES`) that join the two ports
    and whose open-water distance is within ``compare.corridor_max_factor`` of
    the direct route's; an Arctic variant only where it can be shorter. Every
    corridor looked at gets a :class:`CorridorStatus` (``route``,
    ``infeasible``, ``not_applicable``, ``not_considered``) in ``corridors``;
    a corridor that does not exist for the pair is never an error.

    Parameters
    ----------
    origin, destination : str or Port
        Port name, UN/LOCODE, local name (上海) or ``"lat,lon"`` text, or a Port.
    ship : Ship, str or path, optional
        A Ship, preset name or ship file (:data:`ShipSpec`); default
        ``container_4500teu_arc4``.
    speed_kn : float, optional
        Open-water speed, knots (3–35); default the ship's design speed.
    corridors : sequence of str, optional
        Only these corridors (each routed even where it is much longer).
    date : datetime.date or str, optional
        Departure (:data:`DateSpec`). With a date the Arctic corridors are judged
        through the ice of the time of passage, as on the command line; without
        one every corridor follows the open-water lanes and the result says
        ``ice_considered`` False.
    ice : IceOptions, optional
        How the ice is judged (source, statistic, POLARIS policy, escort...).

    Returns
    -------
    Comparison
        Routes, verdicts of the Arctic variants tried, and every corridor's status.

    Raises
    ------
    UnknownPortError, InvalidCoordinateError, PointOnLandError
        For bad ports or positions.
    UnknownShipError, ShipValidationError
        For an unknown preset or a bad ship file.

    Examples
    --------
    >>> import arcticroute as ar
    >>> c = ar.compare("Shanghai", "Rotterdam", date="2026-09-01")
    >>> c.by_via("nsr").distance_nm < c.by_via("suez").distance_nm
    True
    """
    o, d, ship = as_port(origin), as_port(destination), _ship(ship)
    speed = resolve_speed(ship, speed_kn)
    asked = corridors is not None
    names = (
        [_check_via(c) for c in corridors]
        if corridors is not None
        else [
            *COMPARE_CORRIDORS,
            *(ICE_ALTERNATIVES if date is not None else ()),
        ]
    )
    direct_nm = _open_water_nm(o, d, DIRECT)
    routes, statuses, unavailable, verdicts = [], [], {}, {}
    for via in dict.fromkeys([DIRECT, *names]):
        skip = None
        if via != DIRECT and not asked and not isinstance(direct_nm, str):
            skip = _considered(o, d, via, direct_nm)
        r, status, verdict = (
            (None, skip, None) if skip else _attempt(o, d, via, ship, speed, date, ice)
        )
        statuses.append(status)
        if r is not None:
            routes.append(r)
        else:
            unavailable[via] = status.reason
        if verdict is not None:
            verdicts[via] = verdict
    return Comparison(o, d, tuple(routes), unavailable, verdicts, tuple(statuses), date is not None)


def route_comparison(
    origin: str | Port,
    destination: str | Port,
    via: str = "auto",
    ship: ShipSpec = None,
    speed_kn: float | None = None,
    *,
    date: DateSpec = None,
    ice: IceOptions | None = None,
) -> Comparison:
    """:func:`route` as a one-corridor :class:`Comparison` (the ``route`` output).

    A corridor that ice closes gives no route but its verdict in ``verdicts``
    and the reason in ``unavailable``; other failures raise as :func:`route` does.
    """
    try:
        r = route(origin, destination, via=via, ship=ship, speed_kn=speed_kn, date=date, ice=ice)
    except NoRouteError as exc:
        verdict = getattr(exc, "verdict", None)
        if verdict is None:
            raise
        o, d = as_port(origin), as_port(destination)
        status = (CorridorStatus(via, "infeasible", str(exc)),)
        return Comparison(o, d, (), {via: str(exc)}, {via: verdict}, status, True)
    verdicts = {r.via: r.ice} if r.ice else {}
    status = (CorridorStatus(r.via, "route"),)
    return Comparison(r.origin, r.destination, (r,), {}, verdicts, status, r.ice_considered)
