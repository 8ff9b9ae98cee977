"""The Panama Canal toll of a transit, by date: the Panama Canal Authority's LNG tariff.

What is modelled: LNG carriers, from the registry entries ``panama.lng.<date>``
(each in force from its date to the next):

* 1 April 2016 to 31 December 2022: USD per m3 of cargo capacity by band (the
  first 60,000 m3, the next 30,000, the next 30,000, the rest), with a laden
  and a ballast table;
* from 1 January 2023: a fixed charge per transit plus one rate per m3 of the
  whole capacity, for the neopanamax size category (a beam over the original
  locks' 32.31 m, ``panama.panamax_max_beam_m``); in ballast a share of the
  laden toll.

What is not (said in the result's note, toll 0): other ship types (their
capacity rates of the 2023 tariff were not found), LNG carriers of the
original locks from 2023, dates before 1 April 2016, the roundtrip-ballast
table of 2016-2022 (a ship returning within 60 days paid less), and the
charges outside the toll: the fresh-water surcharge (10,000 USD plus 0-10 % of
the toll, set daily from Gatun Lake's level), booking fees and slot auctions.
The capacity is the ship's nominal one; the Authority charges on its own
admeasurement.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from arcticroute import assumptions
from arcticroute.assumptions import all_parameters, assumption
from arcticroute.economics.tariffs import TariffError

__all__ = ["BEAM_KEY", "PREFIX", "PanamaToll", "panama_toll_usd"]

PREFIX = "panama.lng."
"""Registry keys of the LNG tariff, one per date it took effect."""
BEAM_KEY = "panama.panamax_max_beam_m"
"""Registry key: the widest beam of the original locks, m."""
_OUTSIDE = "fresh-water surcharge, booking fees and slot auctions not included"


@dataclass(frozen=True)
class PanamaToll:
    """The toll of one Panama transit, or why none is modelled.

    Attributes
    ----------
    usd : float
        The toll, USD (0 when not modelled).
    modelled : bool
    note : str
        Which tariff was applied and what it leaves out, or why no toll is modelled.
    keys : tuple of str
        Registry keys the toll rests on.
    assumptions : tuple of str
        Those of ``keys`` that are named assumptions or overridden by the user.
    """

    usd: float
    modelled: bool
    note: str
    keys: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = ()


def _toll(usd: float, note: str, keys: tuple[str, ...]) -> PanamaToll:
    """A modelled toll; its assumptions read now (an override holds in its scope only)."""
    named = tuple(k for k in keys if assumption(k).assumed or assumption(k).overridden)
    return PanamaToll(usd, True, note, keys, named)


def _in_force(day: dt.date) -> str | None:
    """Key of the LNG tariff in force on ``day`` (None before the first)."""
    keys = sorted(a.key for a in all_parameters() if a.key.startswith(PREFIX))
    due = [k for k in keys if dt.date.fromisoformat(k[len(PREFIX) :]) <= day]
    return due[-1] if due else None


def _banded_usd(key: str, capacity_m3: float, widths: list[float], rates: list[float]) -> float:
    """Capacity charged band by band: each band's m3 at its rate, the rest at the last."""
    if len(rates) != len(widths) + 1:
        raise TariffError(
            f"{key} needs one rate per band and one for the rest: {len(widths) + 1} rates "
            f"for {len(widths)} band widths, got {len(rates)}"
        )
    usd, left = 0.0, capacity_m3
    for width, rate in zip([*widths, float("inf")], rates, strict=True):
        part = min(left, float(width))
        usd += part * float(rate)
        left -= part
    return usd


def _not_modelled(why: str) -> PanamaToll:
    return PanamaToll(0.0, False, f"Panama Canal toll not modelled {why} (0 USD)")


def panama_toll_usd(ship: Any, laden: bool, date: dt.date) -> PanamaToll:
    """The Panama Canal toll of one transit of ``ship`` on ``date`` (:class:`PanamaToll`).

    Parameters
    ----------
    ship : Ship
        Its type, capacity (m3 for an LNG carrier) and beam are used.
    laden : bool
        Laden or in ballast.
    date : datetime.date
        Day of the transit (the tariff in force then).
    """
    kind = str(getattr(ship.ship_type, "value", ship.ship_type))
    if kind != "lng":
        return _not_modelled(f"for {kind} ships: only the LNG tariff is in the registry")
    unit = str(getattr(ship.capacity_unit, "value", ship.capacity_unit))
    if not ship.capacity or unit != "m3":
        return _not_modelled("for an LNG carrier without its capacity in m3")
    key = _in_force(date)
    if key is None:
        return _not_modelled("before 1 Apr 2016, the first LNG tariff in the registry")
    t, m3 = assumptions.value(key), float(ship.capacity)
    since = key[len(PREFIX) :]
    if "fixed_usd" not in t:  # the banded tariff
        usd = _banded_usd(key, m3, t["band_widths_m3"], t["laden" if laden else "ballast"])
        return _toll(usd, f"Panama Canal toll: LNG tariff of {since}; {_OUTSIDE}", (key,))
    if float(ship.beam_m) <= float(assumptions.value(BEAM_KEY)):
        return _not_modelled(
            f"for an LNG carrier of the original locks (beam {ship.beam_m:g} m): the registry "
            "holds the neopanamax rates only"
        )
    usd = float(t["fixed_usd"]) + float(t["rate_usd_per_m3"]) * m3
    if not laden:
        usd *= float(t["ballast_share"])
    note = f"Panama Canal toll: neopanamax LNG tariff of {since}; {_OUTSIDE}"
    return _toll(usd, note, (key, BEAM_KEY))
