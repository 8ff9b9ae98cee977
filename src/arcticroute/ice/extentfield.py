"""Observed monthly ice extent for the months without a gridded field, and a field built on it.

Between the end of the G02202 v3 cube (2017-12) and the daily files a user may
have, most Arc7-era voyages have no gridded concentration. The Sea Ice Index
(G02135 v3) publishes the outline of each month's 15 % extent [1]_; the package
ships those outlines rasterised on psn25 (``data/ice_extent_masks_psn25.npz``,
built by ``scripts/build_extent_masks.py``: every September 1979-2022, every
month of 2013 and 2018-01 .. 2023-02).

:func:`extent_field` turns a month's outline into a concentration field: no ice
outside the observed extent, and inside it the climatology's concentration of
the month, raised to ``extentfield.floor_sic`` where the climatology is more
open than the outline says (the extent itself asserts at least 15 % ice). The
field is labelled ``ice_source = "extent"`` in every result: it is observed
where the ice is, not how much.

References
----------
.. [1] Fetterer, F., K. Knowles, W. N. Meier, M. Savoie, A. K. Windnagel (2017,
   updated daily): Sea Ice Index, Version 3 (G02135). NSIDC.
   doi:10.7265/N5K072F8. Monthly extent shapefiles (the build script's docstring
   names the copy used).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np

from arcticroute import assumptions
from arcticroute.ice.field import IceField
from arcticroute.ice.icegrid import PSN25_SHAPE

if TYPE_CHECKING:
    pass

__all__ = ["EXTENT_FILE", "extent_field", "extent_mask", "extent_months"]

EXTENT_FILE = "ice_extent_masks_psn25.npz"


@lru_cache(maxsize=1)
def _masks() -> tuple[dict[int, int], np.ndarray]:
    path = resources.files("arcticroute").joinpath(f"data/{EXTENT_FILE}")
    with resources.as_file(path) as p, np.load(p, allow_pickle=False) as z:
        months = z["months"].astype(int)
        packed = z["masks"].copy()
    packed.setflags(write=False)
    return {int(m): i for i, m in enumerate(months)}, packed


def extent_months() -> tuple[int, ...]:
    """Months (``YYYYMM``) with a shipped extent outline, ascending."""
    return tuple(sorted(_masks()[0]))


def extent_mask(year: int, month: int) -> np.ndarray | None:
    """Bool psn25 mask of the month's observed 15 % extent, or None when not shipped."""
    index, packed = _masks()
    i = index.get(year * 100 + month)
    if i is None:
        return None
    n = PSN25_SHAPE[0] * PSN25_SHAPE[1]
    mask = np.unpackbits(packed[i])[:n].reshape(PSN25_SHAPE).astype(bool)
    mask.setflags(write=False)
    return mask


def extent_field(day: dt.date, climatology: IceField) -> IceField | None:
    """The ice field of ``day``'s month from its observed extent and a climatology.

    Parameters
    ----------
    day : datetime.date
    climatology : IceField
        The climatology field of the month (concentration with NaN where
        unknown, and the masks).

    Returns
    -------
    IceField or None
        The same field with ``sic`` 0 outside the extent and
        ``max(climatology, extentfield.floor_sic)`` inside it (unknown cells stay
        unknown), ``attrs["ice_source"] = "extent"``; None when no outline of
        the month is shipped.
    """
    mask = extent_mask(day.year, day.month)
    if mask is None:
        return None
    floor = float(assumptions.value("extentfield.floor_sic"))
    clim = np.asarray(climatology.sic, dtype=np.float32)
    inside = np.maximum(clim, np.float32(floor))
    sic = np.where(mask, inside, np.where(np.isnan(clim), np.nan, 0.0)).astype(np.float32)
    stat = climatology.attrs.get("statistic", "median")
    years = climatology.attrs.get("climatology_years", [])
    span = f"{min(years)}-{max(years)}" if years else ""
    attrs = {
        **climatology.attrs,
        "ice_source": "extent",
        "product": f"Sea Ice Index monthly extent {day:%Y-%m} with the {stat} concentration "
        f"{span}".strip(),
        "extent_month": f"{day:%Y-%m}",
    }
    return climatology.replace(sic=sic, attrs=attrs)
