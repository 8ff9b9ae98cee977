"""Old ice from summer survival: how much of a cell's ice is second-year or multi-year.

A passive-microwave concentration carries no age. This module separates the
ice by the WMO definition of its age:

* *first-year ice* is "sea ice of not more than one winter's growth" and *old
  ice* (second-year and multi-year) "has survived at least one summer's melt"
  (WMO Sea-Ice Nomenclature, WMO-No. 259, terms 4.4 and 4.5) [1]_;
* so the ice that can be old in a cell is at most the ice the cell held at
  the **last summer minimum** (the September field, September being the month
  of the Arctic minimum [2]_): its old-ice concentration is that September
  concentration (where it reached the extent threshold
  ``iceage.survival_sic_min``), and multi-year where the cell held it at the
  two last minima; the rest of today's ice grew after the minimum and is
  first-year.

:func:`old_ice_concentration` gives these concentrations per psn25 cell. The
September fields are filled first (coast and pole-hole cells by the named fill
rule of :mod:`arcticroute.ice.icefill`), so a coast cell counts as old ice
only where its sea neighbours held ice, and are then spread by
``iceage.drift_margin_km`` (the largest September concentration within that
distance: old ice drifts into cells that were open).

What it does not do: it is an Eulerian approximation of Lagrangian ice age
(NSIDC's ice-age product tracks parcels; :mod:`arcticroute.ice.readers`
reads it where a user has it); drift beyond the margin is not modelled.

References
----------
.. [1] WMO Sea-Ice Nomenclature, WMO-No. 259 (2014 edition), terms 4.4
   (first-year ice) and 4.5 (old ice), as used by the stage table of
   :mod:`arcticroute.ice.icestage`.
.. [2] NSIDC Sea Ice Index (G02135) documentation: the Arctic minimum extent
   occurs in September; REFERENCE.md §10.1.

Errors
------
:class:`~arcticroute.ice.icestage.IceStageError` for bad arrays or settings;
:class:`~arcticroute.ice.icedata.IceDataError` for a bad date.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import ndimage

from arcticroute import assumptions
from arcticroute.caches import LockedLru, array_digest
from arcticroute.ice import extentfield, icedata, spillover
from arcticroute.ice.icestage import IceStageError

__all__ = [
    "CONFIRM_KEY",
    "OldIce",
    "extent_confirmation",
    "last_minimum",
    "old_ice_concentration",
]

MINIMUM_MONTH = 9
"""September: the month of the Arctic sea-ice minimum [2]_."""
_PSN25_CELL_KM = 25.0


def last_minimum(day: dt.date) -> dt.date:
    """Mid-September of the last summer minimum completed before ``day``.

    From October on it is this year's September; before (including September
    itself, whose minimum is not over) it is last year's.
    """
    year = day.year if day.month > MINIMUM_MONTH else day.year - 1
    return dt.date(year, MINIMUM_MONTH, 15)


@dataclass(frozen=True)
class OldIce:
    """Old-ice concentration per psn25 cell, and what it rests on.

    Attributes
    ----------
    once : ndarray of float, shape (448, 304)
        Concentration (0..1) of ice that may have survived the last minimum,
        spread by the drift margin; NaN where unknown. Read-only.
    twice : ndarray of float
        The same for the two last minima (multi-year ice), at most ``once``.
    minimum : datetime.date
        The last September used.
    basis : str
        What the two Septembers are (observed, extent, climatology, projection).
    """

    once: NDArray[np.float64]
    twice: NDArray[np.float64]
    minimum: dt.date
    basis: str


_CACHE = LockedLru(64)
_LOCK = threading.Lock()


def _basis(ds, minimum: dt.date) -> str:
    kind = ds.attrs.get("ice_source", "")
    if kind == "climatology":
        stat = ds.attrs.get("statistic", "")
        return f"climatology {stat} of September (no field for {minimum.year})"
    return f"{kind} September {minimum.year}"


def _survived(minimum: dt.date, source: str, stat: str) -> tuple[NDArray[np.float64], str]:
    """Filled, spread September concentration of the ice that survived (cached)."""
    ds = icedata.ice_field(minimum, source=source, stat=stat)
    key = (
        array_digest(np.asarray(ds.sic)),
        minimum,
        assumptions.state(),
    )
    with _LOCK:
        hit = _CACHE.get(key)
    if hit is not None:
        return hit
    filled, _ = spillover.corrected_and_filled(ds)
    threshold = float(assumptions.value("iceage.survival_sic_min"))
    seen = (filled >= threshold) & extent_confirmation(minimum, dict(ds.attrs))
    old = np.where(np.isnan(filled), np.nan, np.where(seen, filled, 0.0))
    margin_km = float(assumptions.value("iceage.drift_margin_km"))
    if margin_km < 0:
        raise IceStageError(f"assumption iceage.drift_margin_km must be >= 0 km; got {margin_km}")
    steps = round(margin_km / _PSN25_CELL_KM)
    if steps:
        r = np.arange(-steps, steps + 1)
        disk = (r[:, None] ** 2 + r[None, :] ** 2) <= steps**2
        sea = ~(np.asarray(ds.land, bool) | np.asarray(ds.lake, bool))
        spread = ndimage.maximum_filter(np.nan_to_num(old, nan=0.0), footprint=disk)
        old = np.where(np.isnan(old), np.nan, np.where(sea, np.maximum(old, spread), 0.0))
    old.setflags(write=False)
    out = (old, _basis(ds, minimum))
    with _LOCK:
        _CACHE.put(key, out)
    return out


CONFIRM_KEY = "iceage.extent_confirms"
"""Registry key: survival needs the Sea Ice Index's September extent to hold the cell too."""


def extent_confirmation(minimum: dt.date, attrs: dict) -> NDArray[np.bool_] | bool:
    """Cells the Sea Ice Index's September 15 % extent outline holds, for a September field.

    A G02202 September field shows the same 20-70 % "ice" in the same coastal
    channels and bays year after year, the open years included (2008-2017: Peel
    Sound 0.52-0.62, Chaun Bay 0.31-0.39, the Vilkitsky Strait 0.22-0.39, the Ob
    mouth 0.61-0.72), where the Sea Ice Index (G02135), from the same satellites
    with its own coastal processing, draws no ice in any September 2007-2020
    (Barrow Strait only in 2013 and 2018). It is no cure everywhere: both products
    show Coronation Gulf every September (:mod:`arcticroute.ice.spillover` removes
    that). Ice counts as having survived only where both products see it
    (registry :data:`CONFIRM_KEY`).

    * observed or extent field: the outline of that September
      (:func:`arcticroute.ice.extentfield.extent_mask`);
    * climatology of years ``Y`` and percentile ``q``: cells inside the outline in at
      least ``1 - q`` of the Septembers of ``Y`` (half of them for the median);
    * a projection, a September without an outline, or the key off: ``True``
      (no confirmation, every cell as the field says).
    """
    if not bool(assumptions.value(CONFIRM_KEY)) or minimum.month != MINIMUM_MONTH:
        return True
    kind = attrs.get("ice_source", "")
    if kind in ("observed", "extent"):
        mask = extentfield.extent_mask(minimum.year, MINIMUM_MONTH)
        return True if mask is None else np.asarray(mask, dtype=bool)
    if kind != "climatology":
        return True
    masks = [extentfield.extent_mask(int(y), MINIMUM_MONTH) for y in attrs["climatology_years"]]
    if not masks or any(m is None for m in masks):
        return True
    _, pct = icedata.quantile_pct(str(attrs.get("statistic", "median")))
    share = np.mean(np.stack([np.asarray(m, dtype=bool) for m in masks]), axis=0)
    return share >= max(1.0 - pct / 100.0, 1e-9)


def old_ice_concentration(day: dt.date, source: str = "auto", stat: str = "median") -> OldIce:
    """Concentration of ice that may be second-year or multi-year on ``day``, per psn25 cell.

    Parameters
    ----------
    day : datetime.date
    source, stat : str
        As for :func:`arcticroute.ice.icedata.ice_for`: the September fields
        come from the same source and statistic as the day's ice.

    Returns
    -------
    OldIce

    Notes
    -----
    Registry keys: ``iceage.survival_sic_min`` (a September concentration at or
    above it is ice that survived; the 15 % extent threshold) and
    ``iceage.drift_margin_km``. Cached per September field and registry state.
    """
    minimum = last_minimum(day)
    once, basis1 = _survived(minimum, source, stat)
    before = minimum.replace(year=minimum.year - 1)
    prior, basis2 = _survived(before, source, stat)
    twice = np.minimum(once, prior)
    twice.setflags(write=False)
    return OldIce(once, twice, minimum, f"{basis1}; before: {basis2}")
