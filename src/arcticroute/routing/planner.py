"""Routes and comparisons for a ship and a date: the entry point every caller uses.

Without a date a corridor is solved on the open-water lanes
(:mod:`arcticroute.routing.lanes`); with one, the Arctic corridors go through
the ice of the time of passage (:mod:`arcticroute.routing.icevoyage`).
This module decides which; it holds no search of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from arcticroute.errors import NoRouteError, UnknownPassageError
from arcticroute.geo.passages import COMPARE_CORRIDORS
from arcticroute.geo.ports import Port
from arcticroute.routing.lanes import (
    DEFAULT_SHIP,
    Comparison,
    Route,
    as_port,
    lane_route,
    resolve_speed,
)
from arcticroute.vessel.ships import get_ship

__all__ = [
    "ICE_ALTERNATIVES",
    "ICE_VARIANTS",
    "IceOptions",
    "compare",
    "route",
    "route_comparison",
]


ICE_VARIANTS = ("nsr", "nsr_high", "transpolar", "nwp")
"""Corridors routed through the Arctic mesh with ice when a date is given."""
ICE_ALTERNATIVES = ("nsr_high", "transpolar")
"""Arctic variants ``compare`` adds to :data:`COMPARE_CORRIDORS` when judging ice."""


@dataclass(frozen=True)
class IceOptions:
    """How ice-aware routes are judged (see :func:`arcticroute.routing.icevoyage.ice_route`).

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


def ice_ship(ship, speed_kn: float | None):
    s = get_ship(DEFAULT_SHIP) if ship is None else ship
    if speed_kn is not None and speed_kn != s.design_speed_kn:
        s = s.model_copy(update={"design_speed_kn": float(speed_kn)})
    return s


def route(
    origin: str | Port,
    destination: str | Port,
    via: str = "auto",
    ship=None,
    speed_kn: float | None = None,
    *,
    date=None,
    ice: IceOptions | None = None,
) -> Route:
    """Shortest sea route between two ports through a corridor.

    Parameters
    ----------
    origin, destination : str or Port
        Port name, UN/LOCODE, local name or ``"lat,lon"`` text, or a Port.
    via : str
        Corridor: ``auto`` (shortest avoiding Arctic passages), ``suez``,
        ``cape``, ``panama``, ``nsr`` or ``nwp``; with a ``date`` also
        ``nsr_high`` and ``transpolar``.
    ship : Ship, optional
        Gives the speed when ``speed_kn`` is not set (default preset otherwise),
        and the ice class and draft of an ice-aware route.
    speed_kn : float, optional
        Constant open-water speed, knots.
    date : datetime.date or ISO text, optional
        Departure. With a date, the Arctic corridors (:data:`ICE_VARIANTS`) are
        routed through the ice of the time of passage
        (:func:`arcticroute.routing.icevoyage.ice_route`); without one they follow the
        lanes and ignore ice (said in ``assumptions``).
    ice : IceOptions, optional
        How the ice is judged (default :class:`IceOptions`).

    Returns
    -------
    Route
        ``ice`` holds the verdict of an ice-aware route.

    Raises
    ------
    UnknownPortError, InvalidCoordinateError, PointOnLandError
        For bad ports or positions.
    UnknownPassageError
        For an unknown corridor.
    NoRouteError
        If the corridor does not connect the two ports; for an ice-aware route
        :class:`~arcticroute.routing.icevoyage.IceRouteInfeasible` with the verdict.
    """
    if via in ICE_VARIANTS and date is not None:
        # imported here: the ice stack (xarray) loads only when ice is judged
        from arcticroute.routing.icevoyage import ice_route

        opt = ice or IceOptions()
        return ice_route(
            origin,
            destination,
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
    if via in ICE_ALTERNATIVES:
        raise UnknownPassageError(
            f"corridor '{via}' exists only on the ice-aware Arctic mesh: give a departure "
            "date (--date YYYY-MM-DD)"
        )
    return lane_route(origin, destination, via, ship, speed_kn)


def compare(
    origin: str | Port,
    destination: str | Port,
    ship=None,
    speed_kn: float | None = None,
    corridors: Sequence[str] | None = None,
    *,
    date=None,
    ice: IceOptions | None = None,
) -> Comparison:
    """Route between two ports through every corridor that connects them.

    Corridors that do not connect (e.g. the NWP between two Baltic ports) are
    listed in ``unavailable`` with the reason. With a ``date``, the Arctic
    corridors are ice-aware and the alternatives :data:`ICE_ALTERNATIVES`
    (high-latitude NSR, Transpolar) are tried too; every Arctic verdict,
    feasible or not, is in ``verdicts``.
    """
    o, d = as_port(origin), as_port(destination)
    speed = resolve_speed(ship, speed_kn)
    if corridors is None:
        corridors = COMPARE_CORRIDORS + (ICE_ALTERNATIVES if date is not None else ())
    routes, unavailable, verdicts = [], {}, {}
    for name in corridors:
        try:
            r = route(o, d, via=name, ship=ship, speed_kn=speed, date=date, ice=ice)
        except NoRouteError as exc:  # IceRouteInfeasible carries the ice verdict
            unavailable[name] = str(exc)
            if getattr(exc, "verdict", None) is not None:
                verdicts[name] = exc.verdict
            continue
        routes.append(r)
        if r.ice is not None:
            verdicts[name] = r.ice
    return Comparison(o, d, tuple(routes), unavailable, verdicts)


def route_comparison(
    origin: str | Port,
    destination: str | Port,
    via: str = "auto",
    ship=None,
    speed_kn: float | None = None,
    *,
    date=None,
    ice: IceOptions | None = None,
) -> Comparison:
    """:func:`route` as a one-corridor :class:`Comparison` (the ``route`` output).

    An ice-aware corridor that is not feasible gives no route but its verdict in
    ``verdicts`` and the reason in ``unavailable``; other failures raise as
    :func:`route` does.
    """
    try:
        r = route(origin, destination, via=via, ship=ship, speed_kn=speed_kn, date=date, ice=ice)
    except NoRouteError as exc:
        if getattr(exc, "verdict", None) is None:
            raise
        o, d = as_port(origin), as_port(destination)
        return Comparison(o, d, (), {via: str(exc)}, {via: exc.verdict})
    return Comparison(r.origin, r.destination, (r,), {}, {r.via: r.ice} if r.ice else {})
