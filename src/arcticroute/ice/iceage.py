"""Old ice versus first-year ice from summer survival: a stage for concentration-only fields.

A passive-microwave concentration carries no stage of development, and the
conservative default of :func:`arcticroute.ice.icestage.stage_from_concentration`
(heavy multi-year ice wherever there is ice) closes the NSR to every ship below
Arc7 whenever a trace of ice is present. This module separates the two kinds of
ice by the WMO definition of their age:

* *first-year ice* is "sea ice of not more than one winter's growth" and *old
  ice* (second-year and multi-year) "has survived at least one summer's melt"
  (WMO Sea-Ice Nomenclature, WMO-No. 259, terms 4.4 and 4.5) [1]_;
* so ice in a cell that was **open water at the last summer minimum** (the
  September monthly field, September being the month of the Arctic minimum [2]_)
  grew after it: at most first-year. Ice in a cell that held ice then may be
  second-year; in a cell that held ice at the two last minima, multi-year.

:func:`survived_last_summer` gives the mask of cells that held ice at the last
September (monthly concentration ≥ ``iceage.survival_sic_min``), widened by
``iceage.drift_margin_km`` because old ice drifts into cells that were open;
:func:`stage_by_survival` applies the registry's stage tables: the
``seasonal_ice_zone`` table (thick first-year) outside the mask and the
``default`` table (heavy multi-year) inside it.

What it does not do: it is an Eulerian approximation of Lagrangian ice age
(NSIDC's ice-age product tracks parcels); drift beyond the margin, ice that
survived in a cell the monthly mean shows as open, and thin new ice (counted as
thick first-year, conservatively) are not modelled. Unknown September
concentration counts as survived (fail closed).

References
----------
.. [1] WMO Sea-Ice Nomenclature, WMO-No. 259 (2014 edition), terms 4.4
   (first-year ice) and 4.5 (old ice), as used by the stage table of
   :mod:`arcticroute.ice.icestage`.
.. [2] NSIDC Sea Ice Index (G02135) documentation: the Arctic minimum extent
   occurs in September; REFERENCE.md §10.1.

Errors
------
:class:`~arcticroute.ice.icestage.IceStageError` for bad arrays or months;
:class:`~arcticroute.ice.icedata.IceDataError` for a bad date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import ndimage

from arcticroute import assumptions
from arcticroute.ice import icedata
from arcticroute.ice.icestage import IceStageError, stage_from_concentration

__all__ = ["SurvivalMask", "last_minimum", "stage_by_survival", "survived_last_summer"]

MINIMUM_MONTH = 9
"""September: the month of the Arctic sea-ice minimum [2]_."""
_PSN25_CELL_KM = 25.0


@dataclass(frozen=True)
class SurvivalMask:
    """Cells (psn25 grid) where old ice may be, and what the mask rests on.

    Attributes
    ----------
    survived : ndarray of bool, shape (448, 304)
        True where the cell held ice at the last September (or its September
        concentration is unknown), widened by the drift margin. Read-only.
    minimum : datetime.date
        The September used (15th of the month).
    basis : str
        ``"observed September YYYY"`` or ``"climatology <stat> of September"``
        (when no observed field for that September is local).
    """

    survived: NDArray[np.bool_]
    minimum: dt.date
    basis: str


def last_minimum(day: dt.date) -> dt.date:
    """Mid-September of the last summer minimum completed before ``day``.

    From October on it is this year's September; before (including September
    itself, whose minimum is not over) it is last year's.
    """
    year = day.year if day.month > MINIMUM_MONTH else day.year - 1
    return dt.date(year, MINIMUM_MONTH, 15)


_MASKS: dict[tuple, SurvivalMask] = {}


def _mask(minimum: dt.date, source: str) -> SurvivalMask:
    ds = icedata.ice_for(minimum, source=source, stat="p90")
    sic = np.asarray(ds.sic.values, dtype=float)
    observed = ds.attrs.get("ice_source") == "observed"
    key = (hashlib.blake2b(sic.tobytes(), digest_size=12).hexdigest(), minimum, assumptions.state())
    hit = _MASKS.get(key)
    if hit is not None:
        return hit
    sea = ~(np.asarray(ds.land.values, bool) | np.asarray(ds.lake.values, bool))
    threshold = float(assumptions.value("iceage.survival_sic_min"))
    survived = sea & (np.isnan(sic) | (sic >= threshold))
    margin_km = float(assumptions.value("iceage.drift_margin_km"))
    if margin_km < 0:
        raise IceStageError(f"assumption iceage.drift_margin_km must be >= 0 km; got {margin_km}")
    steps = round(margin_km / _PSN25_CELL_KM)
    if steps:
        r = np.arange(-steps, steps + 1)
        disk = (r[:, None] ** 2 + r[None, :] ** 2) <= steps**2
        survived = ndimage.binary_dilation(survived, structure=disk) & sea
    survived.setflags(write=False)
    if observed:
        basis = f"observed September {minimum.year}"
    elif ds.attrs.get("ice_source") == "projection":
        basis = f"projected September {minimum.year} ({ds.attrs.get('product', 'CMIP6')})"
    else:
        basis = f"climatology p90 of September (no observed field for {minimum.year} is local)"
    if len(_MASKS) > 64:
        _MASKS.clear()
    _MASKS[key] = SurvivalMask(survived, minimum, basis)
    return _MASKS[key]


def survived_last_summer(day: dt.date, source: str = "auto", summers: int = 1) -> SurvivalMask:
    """Mask of psn25 cells that may hold old ice on ``day``.

    Parameters
    ----------
    day : datetime.date
    source : str
        As for :func:`arcticroute.ice.icedata.ice_for`. When the September field is
        not observed, the climatology's 90th percentile is used (more cells
        survive: conservative).
    summers : int
        1: the last September; 2: the one before it (ice that survived both is
        multi-year, WMO-No. 259 term 4.5.2).

    Notes
    -----
    Registry keys: ``iceage.survival_sic_min`` (a September concentration at or
    above it means ice survived; the 15 % extent threshold) and
    ``iceage.drift_margin_km`` (a named assumption). Masks are cached per
    September field and registry state, so overrides apply.
    """
    if summers not in (1, 2):
        raise IceStageError(f"summers must be 1 or 2; got {summers!r}")
    minimum = last_minimum(day)
    return _mask(minimum.replace(year=minimum.year - (summers - 1)), source)


def stage_by_survival(
    sic: ArrayLike, survived: ArrayLike, month: int, survived_twice: ArrayLike | None = None
) -> NDArray[np.int8]:
    """Stage codes: multi-year, second-year or first-year ice by the summers survived.

    Parameters
    ----------
    sic : array_like
        Concentration fraction 0..1, NaN unknown.
    survived : array_like of bool
        Same shape: the cell may hold old ice (:func:`survived_last_summer`).
    month : int
        Calendar month 1-12.
    survived_twice : array_like of bool, optional
        Same shape: the cell may hold ice that survived the two last Septembers
        (multi-year). None: every surviving cell is treated as multi-year.

    Returns
    -------
    ndarray of int8
        :class:`~arcticroute.ice.icestage.IceStage` codes from
        :func:`~arcticroute.ice.icestage.stage_from_concentration`: region
        ``default`` (multi-year) where the ice survived twice, ``second_year``
        where it survived only the last September (WMO-No. 259 term 4.5.1:
        second-year ice has survived only one summer's melt) and
        ``seasonal_ice_zone`` (first-year) elsewhere.
    """
    c = np.asarray(sic, dtype=float)
    s = np.asarray(survived, dtype=bool)
    if s.shape != c.shape:
        raise IceStageError(f"survived must have the shape of sic {c.shape}; got {s.shape}")
    twice = s if survived_twice is None else np.asarray(survived_twice, dtype=bool) & s
    if twice.shape != c.shape:
        raise IceStageError(f"survived_twice must have the shape of sic {c.shape}")
    multi = np.asarray(stage_from_concentration(c, month), dtype=np.int8)
    second = np.asarray(stage_from_concentration(c, month, "second_year"), dtype=np.int8)
    young = np.asarray(stage_from_concentration(c, month, "seasonal_ice_zone"), dtype=np.int8)
    return np.where(twice, multi, np.where(s, second, young)).astype(np.int8)
