"""The ice cover of a date: how much first-year, second-year and multi-year ice, and how thick.

This is what the rules and the ships need from the ice, per psn25 cell:

* the concentration of the day (:func:`arcticroute.ice.icedata.ice_for`), coast
  and pole-hole cells filled by the named rule of :mod:`arcticroute.ice.icefill`;
* its split by age (:func:`arcticroute.ice.iceage.old_ice_concentration`): the
  old ice is at most what the cell held at the last September minimum
  (multi-year where it held it at the two last), the rest is first-year;
* the thickness of the first-year ice from its freeze-up, growth and melt
  over the season (:func:`arcticroute.ice.thickness.thickness_on`),
  from the monthly fields of the season (same source and statistic);
* the thickness of old ice by the same growth on top of what survived each
  melt season: ``h_SY = h_FY + r`` (at most the WMO second-year bound
  ``icecover.second_year_max_m``), ``h_MY = h_FY + 2 r``, where ``r`` is the
  ice left of a full season's growth (Lebedev's law over the region's yearly
  freezing degree-days) after Appel & Gudkovich's last melt stage (R = 5:
  28 % of it remains). Seasonal seas' ice that outlives one September (the
  Taymyr and Ayon massifs) is thus thick first-year-like ice, the central
  pack's multi-year ice about 3 m.

:func:`ice_cover` returns an :class:`IceCover`; ``effective_thickness_m`` is
the cell-mean thickness the ship models use and ``stage_fy`` the WMO stage of
the first-year ice that POLARIS uses. Nothing here is about a ship.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from arcticroute import assumptions
from arcticroute.caches import LockedLru, array_digest
from arcticroute.ice import datacache, iceage, icedata, spillover, thickness
from arcticroute.ice.icestage import IceStage, stage_from_thickness
from arcticroute.ice.userice import UserIce, apply_user_ice

__all__ = ["IceCover", "ice_cover", "season_series", "sic_digest", "thickness_day"]

_SAMPLES = 13
"""Mid-month samples of a season: the September of the last minimum to the next."""


@dataclass(frozen=True)
class IceCover:
    """Ice of one date on the psn25 grid, by age, with thickness (arrays read-only).

    The float arrays are computed in float64 and kept as float32 (a cover is 7 grids of
    136k cells; a year of covers in float64 held ~200 MB); the layers sample them at
    the mesh nodes in float64.

    Attributes
    ----------
    day : datetime.date
    sic : ndarray of float32
        Total concentration (0..1) after the fill; NaN where unknown.
    filled : ndarray of bool
        Cells whose concentration came from the fill rule.
    c_fy, c_sy, c_my : ndarray of float32
        Partial concentrations of first-year, second-year and multi-year ice.
    h_fy_m : ndarray of float32
        Level thickness of the first-year ice, m.
    h_sy_m, h_my_m : ndarray of float32
        Thickness of the second-year and multi-year ice, m.
    stage_fy : ndarray of int8
        WMO stage (:class:`~arcticroute.ice.icestage.IceStage`) of the first-year ice.
    ice_source, product, statistic : str
        Of the day's field.
    basis : str
        What the age split and the thickness rest on.
    key : tuple
        What the cover was computed from (the field's digest, the half-month, source,
        statistic, user ice, data folders and assumptions): caches of things built
        from a cover key on it, never on ``id()``, which a freed cover hands on.
    """

    day: dt.date
    sic: NDArray[np.float32] = field(repr=False)
    filled: NDArray[np.bool_] = field(repr=False)
    c_fy: NDArray[np.float32] = field(repr=False)
    c_sy: NDArray[np.float32] = field(repr=False)
    c_my: NDArray[np.float32] = field(repr=False)
    h_fy_m: NDArray[np.float32] = field(repr=False)
    h_sy_m: NDArray[np.float32] = field(repr=False)
    h_my_m: NDArray[np.float32] = field(repr=False)
    stage_fy: NDArray[np.int8] = field(repr=False)
    ice_source: str
    product: str
    statistic: str
    basis: str
    key: tuple = field(default=(), repr=False, compare=False)

    @property
    def effective_thickness_m(self) -> NDArray[np.float64]:
        """Cell-mean thickness ``Σ c_i h_i``, m (NaN where the concentration is unknown)."""
        return self.c_fy * self.h_fy_m + self.c_sy * self.h_sy_m + self.c_my * self.h_my_m


_GROWTHS = LockedLru(8)
_COVERS = LockedLru(48)


def sic_digest(sic: np.ndarray) -> str:
    """A digest of a concentration field's values (the key of its cover;
    :func:`arcticroute.caches.array_digest`: a cached, read-only field is hashed once)."""
    return array_digest(np.asarray(sic))


_FILLED = LockedLru(64)


def _filled(f) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """The field with coast and pole-hole cells filled and the land spill-over removed
    (:mod:`arcticroute.ice.spillover`); cached by content: the same climatology month
    serves every year."""
    key = (
        array_digest(np.asarray(f.sic)),
        array_digest(np.asarray(f.coast)),
        spillover.applies(dict(f.attrs)),
        assumptions.state(),
    )

    def build() -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
        sic, mask = spillover.corrected_and_filled(f)
        out = (np.where(np.isnan(sic), np.nan, np.clip(sic, 0.0, 1.0)), mask)
        for arr in out:
            arr.setflags(write=False)
        return out

    return _FILLED.get_or_build(key, build)


def _env() -> tuple:
    return (
        # a download since: a season's samples may now be observed, not climatology
        *datacache.cache_state(),
        id(icedata.ice_field),  # a replaced reader (tests, what-ifs) must not hit old seasons
        assumptions.state(),
    )


def season_series(
    start: dt.date, source: str = "auto", stat: str = "median"
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Mid-month concentration samples of the season starting at the minimum ``start``.

    Returns
    -------
    days : ndarray, shape (13,)
        Days since ``start`` of the samples (the 15th of each month, from the
        month of ``start``).
    sic : ndarray, shape (13, 448, 304)
        Filled concentration of each sample (NaN unknown), from
        :func:`~arcticroute.ice.icedata.ice_for` with climatology allowed.
    """

    # not cached: its one caller keeps what it derives (_season_growth), and the samples
    # are cached fields (_filled); a kept stack would hold 14 MB per season
    days, fields = [], []
    for k in range(_SAMPLES):
        y, m = divmod(start.month - 1 + k, 12)
        sample = dt.date(start.year + y, m + 1, 15)
        fields.append(_filled(icedata.ice_field(sample, source=source, stat=stat))[0])
        days.append(float((sample - start).days))
    return np.array(days), np.stack(fields)


def _season_growth(start: dt.date, source: str = "auto", stat: str = "median"):
    """Freeze-up and clearance days of the season starting at the minimum ``start``
    (:func:`arcticroute.ice.thickness.season_growth` on :func:`season_series`; cached:
    every half-month of the season shares them)."""

    def build() -> thickness.SeasonGrowth:
        days, series = season_series(start, source, stat)
        region = np.asarray(icedata.shipped_regions(), dtype=int)
        return thickness.season_growth(days, series, start, region)

    return _GROWTHS.get_or_build((start, source, stat, *_env()), build)


@lru_cache(maxsize=4)
def _residual_m(state: object) -> NDArray[np.float64]:
    """What a full season's first-year ice leaves, per shipped cell (registry ``state``)."""
    out = thickness.surviving_thickness_m(np.asarray(icedata.shipped_regions(), dtype=int))
    out.setflags(write=False)
    return out


def thickness_day(day: dt.date) -> dt.date:
    """The day whose thickness stands for ``day``: the 8th for the 1st-15th, the 23rd after.

    First-year ice grows by about a centimetre a day at most (Lebedev's law
    early in winter); half-month steps keep the error under the AARI
    milestones' own scatter while letting all the days of a monthly field share
    two ice covers (and the router two layers).
    """
    return day.replace(day=8 if day.day <= 15 else 23)


def ice_cover(
    day: dt.date,
    source: str = "auto",
    stat: str = "median",
    climatology: bool = True,
    user: UserIce | None = None,
) -> IceCover:
    """The ice cover of ``day``: concentration by age and thickness per psn25 cell (cached).

    Parameters
    ----------
    day : datetime.date
    source, stat : str
        As for :func:`arcticroute.ice.icedata.ice_for`.
    climatology : bool
        False: the day itself must have an observed field
        (:class:`~arcticroute.ice.icedata.NoIceDataError` otherwise); the
        season's other months may still come from the climatology, and the
        basis says so.
    user : UserIce, optional
        A user's ice age, PIOMAS thickness or ice chart, applied over the
        modelled cover (:func:`arcticroute.ice.userice.apply_user_ice`).

    Returns
    -------
    IceCover
        For the half-month of ``day`` (:func:`thickness_day`).
    """
    ds = icedata.ice_field(day, source=source, stat=stat, allow_climatology=climatology)
    digest = sic_digest(ds.sic)
    day = thickness_day(day)
    key = (digest, day, source, stat, None if user is None else user.token, *_env())

    def build() -> IceCover:
        cover = _build(day, ds, source, stat)
        if user is not None:
            cover = apply_user_ice(cover, user)
        return dataclasses.replace(cover, key=key)

    return _COVERS.get_or_build(key, build)


def _build(day: dt.date, ds, source: str, stat: str) -> IceCover:
    sic, filled = _filled(ds)
    old = iceage.old_ice_concentration(day, source=source, stat=stat)
    c_old = np.minimum(sic, np.nan_to_num(old.once, nan=1.0))
    c_my = np.minimum(c_old, np.nan_to_num(old.twice, nan=1.0))
    c_sy = c_old - c_my
    c_fy = sic - c_old
    start = iceage.last_minimum(day)
    h_fy = thickness.thickness_on(_season_growth(start, source, stat), day, sic)
    h_fy = np.where(np.isnan(sic), np.nan, h_fy)
    residual = _residual_m(assumptions.state())
    h_sy = np.minimum(h_fy + residual, float(assumptions.value("icecover.second_year_max_m")))
    h_my = h_fy + 2.0 * residual
    stage = np.asarray(stage_from_thickness(np.nan_to_num(h_fy, nan=0.0)), dtype=np.int8)
    stage = np.where(np.isnan(sic), np.int8(IceStage.UNKNOWN), stage).astype(np.int8)
    sic, c_fy, c_sy, c_my, h_fy, h_sy, h_my = (
        a.astype(np.float32) for a in (sic, c_fy, c_sy, c_my, h_fy, h_sy, h_my)
    )
    for arr in (sic, filled, c_fy, c_sy, c_my, h_fy, h_sy, h_my, stage):
        arr.setflags(write=False)
    return IceCover(
        day=day,
        sic=sic,
        filled=filled,
        c_fy=c_fy,
        c_sy=c_sy,
        c_my=c_my,
        h_fy_m=h_fy,
        h_sy_m=h_sy,
        h_my_m=h_my,
        stage_fy=stage,
        ice_source=str(ds.attrs.get("ice_source", "")),
        product=str(ds.attrs.get("product", "")),
        statistic=str(ds.attrs.get("statistic", "")),
        basis=(
            f"old ice from {old.basis}; first-year thickness grown from freeze-up (Lebedev) "
            f"and melted from spring (Appel & Gudkovich) over the {start.year}-{start.year + 1} "
            "season"
        ),
    )
