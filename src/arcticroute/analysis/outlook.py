"""When an Arctic corridor closed on the date asked opens next: the first feasible
departure within a year and the window it opens.

A user who asks for the NSR in December is told it is closed; this module says
when it opens for that ship, on the same ice source and statistic: departures
are tried every ``seasons.step_days`` days (the season scan's step, registry)
for :data:`HORIZON_DAYS` days after the date, and the first change of verdict is
located to the day by bisection, as :mod:`arcticroute.analysis.seasons` does.
Each departure is judged by the same search as a route
(:func:`arcticroute.routing.voyage.ice_route`, without the heavy-ice second
verdict and without locating why a closed one is closed); nothing here routes on
its own.

Limits: the window is that of the ice source (on a climatology, a typical year,
not a forecast); a corridor that opens for a few days between two scanned
departures can be missed, as in the season scan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from arcticroute import assumptions
from arcticroute.caches import LockedLru
from arcticroute.ice import datacache
from arcticroute.routing import voyage
from arcticroute.routing.lanes import as_port

__all__ = ["HORIZON_DAYS", "OUTLOOK_VARIANTS", "Outlook", "looked_ahead", "next_departure"]

HORIZON_DAYS = 365
"""How far after the date asked a feasible departure is looked for (12 months)."""
OUTLOOK_VARIANTS = ("nsr", "nwp")
"""Closed variants a comparison looks ahead for (a route: the one asked for): the NSR and
the NWP, each scan costing seconds; ``route --via nsr_high|transpolar`` for the others."""


def looked_ahead(kind: str, via: str) -> bool:
    """Whether a variant's verdict gets the scans over other dates (next departure,
    odds): the one asked for by a ``route``, the :data:`OUTLOOK_VARIANTS` of a
    ``compare``."""
    return kind == "route" or via in OUTLOOK_VARIANTS


STEP_KEY = "seasons.step_days"
CLOSE_STEPS = 4
"""The end of a window is scanned every ``CLOSE_STEPS`` scan steps, then bisected to
the day (a shorter closed spell inside the window can be missed; said in the docs)."""

_PROBES: LockedLru = LockedLru(4096)


@dataclass(frozen=True)
class Outlook:
    """When a corridor closed on ``asked`` opens next for the ship.

    Attributes
    ----------
    variant : str
        The Arctic variant.
    asked : datetime.date
        The departure asked for (closed).
    next_feasible_departure : datetime.date or None
        The first departure after ``asked`` on which the voyage is feasible, None
        when none is within :data:`HORIZON_DAYS` days.
    season_window : (datetime.date, datetime.date) or None
        First and last feasible departure of the window that opens then.
    ice_basis : str
        The ice the opening departure was judged on (e.g. ``"climatology ice, G02202
        median"``).
    step_days : int
        Scan step (registry ``seasons.step_days``).
    horizon_days : int
        How far after ``asked`` a departure was looked for.
    """

    variant: str
    asked: dt.date
    next_feasible_departure: dt.date | None
    season_window: tuple[dt.date, dt.date] | None
    ice_basis: str
    step_days: int
    horizon_days: int = HORIZON_DAYS


def _feasible(o, d, ship, day: dt.date, variant: str, ice: tuple) -> tuple[bool, str]:
    """Whether the voyage leaving on ``day`` is feasible, and the ice it was judged on
    (cached per case and day)."""
    source, stat, climatology, policy, table = ice
    key = (o.name, o.lat, o.lon, d.name, d.lat, d.lon, ship.model_dump_json())
    key += (day, variant, ice[:4], id(table), assumptions.state())
    # where observed ice is found, and whether a download since brought a field in
    key += datacache.cache_state()
    hit = _PROBES.get(key)
    if hit is not None:
        return hit
    try:
        v = voyage.ice_route(
            o, d, ship, day, variant, source=source, stat=stat, climatology=climatology,
            policy=policy, admission_table=table, heavy_ice=False, explain=False,
        ).ice  # fmt: skip
        ok = True
    except voyage.IceRouteInfeasible as exc:
        v, ok = exc.verdict, False
    basis = "no ice met" if v is None else f"{v.ice_source} ice, {v.ice_product}"
    if v is not None and v.ice_statistic:
        basis += f" {v.ice_statistic}"
    return _PROBES.put(key, (ok, basis))


def _first_change(probe, start: dt.date, want: bool, step: int, last: dt.date) -> dt.date | None:
    """The first day after ``start`` (up to ``last``) whose verdict is ``want``, located
    to the day: scanned every ``step`` days, then bisected."""
    before, day = start, start + dt.timedelta(days=step)
    while day <= last:
        if probe(day) == want:
            while (day - before).days > 1:
                mid = before + dt.timedelta(days=(day - before).days // 2)
                if probe(mid) == want:
                    day = mid
                else:
                    before = mid
            return day
        before, day = day, day + dt.timedelta(days=step)
    return None


def next_departure(
    origin: Any,
    destination: Any,
    ship: Any,
    variant: str,
    date: dt.date,
    *,
    source: str = "auto",
    stat: str = "median",
    climatology: bool = True,
    policy: str = "normal_only",
    admission_table: Any = None,
) -> Outlook:
    """The first feasible departure within :data:`HORIZON_DAYS` days after ``date``
    and the window it opens (:class:`Outlook`), on the same ice as ``date``.

    ``origin``/``destination`` as for :func:`arcticroute.routing.planner.route`;
    ``ship`` a :class:`~arcticroute.vessel.ships.Ship` (its design speed is the
    speed sailed); ``source``/``stat``/``climatology``/``policy``/``admission_table``
    as for :func:`arcticroute.routing.voyage.ice_route`.
    """
    o, d = as_port(origin), as_port(destination)
    ice = (source, stat, climatology, policy, admission_table)
    step = int(assumptions.value(STEP_KEY))

    def probe(day: dt.date) -> bool:
        return _feasible(o, d, ship, day, variant, ice)[0]

    last = date + dt.timedelta(days=HORIZON_DAYS)
    opens = _first_change(probe, date, True, step, last)
    window = None
    if opens is not None:
        # a window lasts weeks to months: its end is looked for at a coarser step
        far = opens + dt.timedelta(HORIZON_DAYS)
        closes = _first_change(probe, opens, False, CLOSE_STEPS * step, far)
        window = (opens, (closes or last) - dt.timedelta(days=1))
    basis = _feasible(o, d, ship, opens or date, variant, ice)[1]
    return Outlook(variant, date, opens, window, basis, step)
