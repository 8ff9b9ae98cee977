"""How often the voyage asked for was feasible in the years behind a climatology.

A date in the future (or one without observed ice) is judged on the median
climatology of its month over :data:`~arcticroute.ice.icedata.EMBEDDED_YEARS`
(2008-2017): a typical year, not a forecast. This module says how typical: the
same voyage, leaving on the same day of the year, judged on the observed ice of
each of those years ("feasible in 7 of 10 observed years"). Each year is judged
by the same search as a route (:func:`arcticroute.routing.voyage.ice_route`, no
climatology, no heavy-ice second verdict, without locating why a closed one is
closed); nothing here routes on its own.

The observed fields are the G02202 CDR files (the project's 1989-2017 cube under
``ARCTICROUTE_DATA_DIR``, or monthly files fetched with ``arcticroute data
download``); a year without them is listed as missing, never guessed, and
:attr:`Odds.download_command` says how to fetch them. With the observed ice a
year costs about a second (the first one loads the cube), so the command line
asks for it with ``--odds``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from arcticroute.analysis.outlook import looked_ahead
from arcticroute.errors import NoRouteError
from arcticroute.ice.datacache import PRODUCTS
from arcticroute.ice.icedata import EMBEDDED_YEARS, NoIceDataError
from arcticroute.routing import voyage
from arcticroute.routing.lanes import as_port

__all__ = ["Odds", "comparison_odds", "same_day_in", "voyage_odds"]

ICE_AGE_YEARS_BEFORE = 2
"""Years of observed ice a voyage's ice age rests on before its own (the two Septembers
before the departure, :mod:`arcticroute.ice.iceage`): fetched with the year itself."""


@dataclass(frozen=True)
class Odds:
    """The voyage leaving on one day of the year, judged in each observed year.

    Attributes
    ----------
    variant : str
        The Arctic variant.
    asked : datetime.date
        The departure asked for (judged on a climatology).
    years : tuple of int
        Years judged on their observed ice.
    feasible_years : tuple of int
        Those in which the voyage was feasible.
    missing_years : tuple of int
        Years asked for whose observed ice is not on this machine.
    download_command : str or None
        The command that fetches the missing years (None when none is missing).
    """

    variant: str
    asked: dt.date
    years: tuple[int, ...]
    feasible_years: tuple[int, ...]
    missing_years: tuple[int, ...]
    download_command: str | None

    @property
    def text(self) -> str:
        """'feasible in 7 of 10 observed years (2008-2017), leaving 01 Aug' or why not."""
        if not self.years:
            return "no observed year on this machine to give odds"
        span = f"{self.years[0]}-{self.years[-1]}" if len(self.years) > 1 else str(self.years[0])
        return (
            f"feasible in {len(self.feasible_years)} of {len(self.years)} observed years "
            f"({span}), leaving {self.asked:%d %b}"
        )

    def to_dict(self) -> dict[str, Any]:
        """The ``odds`` object of a verdict in the JSON (schema 1.6)."""
        return {
            "years": list(self.years),
            "feasible_years": list(self.feasible_years),
            "missing_years": list(self.missing_years),
            "download_command": self.download_command,
            "text": self.text,
        }


def same_day_in(day: dt.date, year: int) -> dt.date:
    """``day`` moved to ``year``; 29 February becomes the 28th in a common year."""
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


def _feasible(o, d, ship, day: dt.date, variant: str, policy: str, table: Any) -> bool:
    try:
        voyage.ice_route(
            o, d, ship, day, variant, climatology=False, heavy_ice=False, explain=False,
            policy=policy, admission_table=table,
        )  # fmt: skip
    except NoRouteError:  # ice, rules or season close it (IceRouteInfeasible), or no path
        return False
    return True


def voyage_odds(
    origin: Any,
    destination: Any,
    ship: Any,
    variant: str,
    date: dt.date,
    *,
    years: Iterable[int] = EMBEDDED_YEARS,
    policy: str = "normal_only",
    admission_table: Any = None,
) -> Odds:
    """The voyage leaving on ``date``'s day of the year, judged on each year's observed ice.

    Parameters
    ----------
    origin, destination : str or Port
        As for :func:`arcticroute.routing.planner.route`.
    ship : Ship
        Its design speed is the speed sailed.
    variant : str
        An Arctic variant (``nsr``, ``nsr_high``, ``transpolar``, ``nwp``).
    date : datetime.date
        The departure asked for; its day and month are used.
    years : iterable of int
        The years to judge; default the climatology's own (2008-2017).
    policy, admission_table
        As for :func:`arcticroute.routing.voyage.ice_route`.

    Returns
    -------
    Odds

    Examples
    --------
    >>> import datetime as dt
    >>> from arcticroute import get_ship
    >>> o = voyage_odds("Shanghai", "Rotterdam", get_ship("container_4500teu_arc4"),
    ...                 "nsr", dt.date(2027, 8, 1))  # doctest: +SKIP
    >>> o.text  # doctest: +SKIP
    'feasible in 9 of 10 observed years (2008-2017), leaving 01 Aug'
    """
    o, d = as_port(origin), as_port(destination)
    judged, feasible, missing = [], [], []
    for year in sorted(set(years)):
        try:
            ok = _feasible(o, d, ship, same_day_in(date, year), variant, policy, admission_table)
        except NoIceDataError:
            missing.append(year)
            continue
        judged.append(year)
        if ok:
            feasible.append(year)
    command = None
    if missing:
        first = min(missing) - ICE_AGE_YEARS_BEFORE
        command = f"arcticroute data download {PRODUCTS[0].name} --years {first}-{max(missing)}"
    return Odds(variant, date, tuple(judged), tuple(feasible), tuple(missing), command)


def comparison_odds(
    cmp, kind: str, ship, policy: str = "normal_only", admission_table=None
) -> dict[str, Odds]:
    """The odds of each verdict of a comparison judged on a climatology (the variants of
    :func:`~arcticroute.analysis.outlook.looked_ahead`; ``kind`` "route" or "compare").

    ``ship`` is the ship as the router took it (``planner.ice_ship``, with the voyage's
    speed); ``policy`` and ``admission_table`` as for the comparison. Empty when no
    verdict was judged on a climatology.
    """
    return {
        via: voyage_odds(
            cmp.origin,
            cmp.destination,
            ship,
            via,
            v.departure.date(),
            policy=policy,
            admission_table=admission_table,
        )
        for via, v in cmp.verdicts.items()
        if v.ice_source == "climatology" and looked_ahead(kind, via)
    }
