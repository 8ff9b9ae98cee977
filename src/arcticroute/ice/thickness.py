"""Thickness of first-year ice from its growth since freeze-up and its melt since spring.

A concentration field says where ice is, not how thick. First-year ice grows
from the day its cell freezes; this module follows it through one season (the
summer minimum to the next):

* **freeze-up**: the first day after the last September minimum on which the
  cell's concentration reaches ``icethickness.freezeup_sic`` (the 15 % extent
  threshold), from the monthly fields of the season, interpolated linearly
  between mid-month values (:func:`season_series`, :func:`crossing_days`);
* **growth**: Lebedev's law [1]_ ``h = 1.33 · FDD^0.58`` (h in cm, FDD the
  freezing degree-days since freeze-up in °C·day, base 0 °C as the source
  recommends), with the FDD summed over a daily air-temperature climatology
  of the cell's sea region (:func:`daily_air_temperature_c`, stations in
  ``data/air_temperature_normals.csv``). Zubov's law [2]_ is available for
  comparison (:func:`zubov_thickness_cm`). Growth stops where the air stays
  above 0 °C;
* **melt**: from the spring day the region's air temperature rises above
  0 °C (melt onset) the ice decays by Appel & Gudkovich's melt stages [3]_:
  ``R = 11.1 − 10 / (0.9025 + 1.02 ΔH/H)``, with the stage R taken to rise
  linearly from 0 at melt onset to 5 ("strongly decayed and almost
  disappeared") on the day the cell clears (concentration below the
  freeze-up threshold), or at the September minimum where it does not
  clear (a named assumption, ``icethickness.melt_stage_rule``); thinner again
  where the cell is open, by the source's open-water coefficient ``k``.

Calibration and validation against the AARI polar-station milestones (dates
on which fast ice reached 30, 70 and 120 cm) are in ``tests/ice/test_thickness.py``
and the closing note of the truth issue: the law is used as published, no
coefficient is tuned.

What it does not do: no snow, no dynamics (ridging, drift), one climatology
per region (not the year's own weather), and fast-ice stations for a pack-ice
model.

References
----------
.. [1] Lebedev (1938), as given by https://sites.google.com/site/cryospherecomputing/fdd
   and GOTM's STIM module (shared/reference/ice-thickness.md §1).
.. [2] Zubov (1945), H² + 50 H − 8 Σ(−t) = 0 (H cm, Σ °C·day), INSROP GIS
   documentation, http://www.fni.no/insrop/DOC_DATACold_sum.html (ice-thickness.md §1).
.. [3] Appel & Gudkovich (1977), via INSROP WP 121,
   http://www.fni.no/INSROP/DOC_DATAIce_thickness_calculated.html (ice-thickness.md §3):
   R = 11.1 − 10 / (0.9025 + 1.02 ΔH/H); open-water coefficient k by
   concentration and month.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
from numpy.typing import ArrayLike, NDArray

from arcticroute import assumptions
from arcticroute.errors import ArcticRouteError
from arcticroute.ice.icegrid import REGION_MASKS

__all__ = [
    "LEBEDEV_COEFFICIENT_CM",
    "LEBEDEV_EXPONENT",
    "SeasonGrowth",
    "ThicknessError",
    "appel_gudkovich_loss_fraction",
    "crossing_days",
    "daily_air_temperature_c",
    "first_year_thickness_m",
    "freezing_degree_days",
    "lebedev_thickness_cm",
    "melt_onset_day",
    "open_water_melt_factor",
    "season_growth",
    "station_normals",
    "surviving_thickness_m",
    "thickness_on",
    "zubov_thickness_cm",
]

LEBEDEV_COEFFICIENT_CM = 1.33
LEBEDEV_EXPONENT = 0.58
"""Lebedev (1938): h [cm] = 1.33 · FDD^0.58 [1]_."""

_MONTH_COLUMNS = (
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
)  # fmt: skip
_MID_MONTH_DOY = np.array([15, 45, 74, 105, 135, 166, 196, 227, 258, 288, 319, 349], float)
_REGION_CODE = {name: codes[0] for name, codes in REGION_MASKS["nsidc0780"].items()}

# Appel & Gudkovich's open-water coefficient k (INSROP WP 121, ice-thickness.md §3):
# rows: concentration in tenths 10, 9, 8, 6 (6/10 and below use the 6/10 row);
# columns: June, July, August, September.
_K_TENTHS = np.array([10.0, 9.0, 8.0, 6.0])
_K_TABLE = np.array(
    [
        [1.0, 1.0, 1.0, 1.0],
        [0.975, 0.95, 0.925, 0.90],
        [0.95, 0.90, 0.85, 0.80],
        [0.90, 0.80, 0.70, 0.60],
    ]
)


class ThicknessError(ArcticRouteError, ValueError):
    """Bad input to the ice-thickness model: a region, a day, a table."""


def lebedev_thickness_cm(fdd: ArrayLike) -> NDArray[np.float64]:
    """Level first-year ice thickness, cm, after ``fdd`` freezing degree-days (°C·day) [1]_."""
    f = np.clip(np.asarray(fdd, dtype=float), 0.0, None)
    return LEBEDEV_COEFFICIENT_CM * f**LEBEDEV_EXPONENT


def zubov_thickness_cm(fdd: ArrayLike) -> NDArray[np.float64]:
    """Zubov's thickness, cm: the positive root of H² + 50 H − 8 FDD = 0 [2]_."""
    f = np.clip(np.asarray(fdd, dtype=float), 0.0, None)
    return (-50.0 + np.sqrt(2500.0 + 32.0 * f)) / 2.0


def appel_gudkovich_loss_fraction(stage: ArrayLike) -> NDArray[np.float64]:
    """Fraction ΔH/H of the thickness lost at melt stage R (0..5) [3]_.

    The inversion of R = 11.1 − 10 / (0.9025 + 1.02 ΔH/H):
    ΔH/H = (10 / (11.1 − R) − 0.9025) / 1.02 (0 at R = 0, 0.72 at R = 5).
    """
    r = np.clip(np.asarray(stage, dtype=float), 0.0, 5.0)
    return np.clip((10.0 / (11.1 - r) - 0.9025) / 1.02, 0.0, 1.0)


def open_water_melt_factor(sic: ArrayLike, month: int) -> NDArray[np.float64]:
    """Appel & Gudkovich's factor ``0.1 · (N + (10 − N) · k)`` on the melting thickness [3]_.

    ``N`` is the concentration in tenths; ``k`` comes from the source's table
    for June–September (1 outside those months: no enhancement).
    """
    n = np.clip(np.asarray(sic, dtype=float), 0.0, 1.0) * 10.0
    if month not in (6, 7, 8, 9):
        return np.ones_like(n)
    col = _K_TABLE[:, month - 6]
    k = np.interp(n, _K_TENTHS[::-1], col[::-1])  # 6/10 and below take the 6/10 row
    return 0.1 * (n + (10.0 - n) * k)


# --------------------------------------------------------------------------- air temperature


@lru_cache(maxsize=1)
def station_normals() -> tuple[dict[str, object], ...]:
    """Rows of ``data/air_temperature_normals.csv``: station, region, 12 monthly means, source."""
    text = resources.files("arcticroute").joinpath("data/air_temperature_normals.csv")
    rows = []
    for r in csv.DictReader(text.read_text("utf-8").splitlines()):
        months = [float(r[m]) for m in _MONTH_COLUMNS]
        rows.append({**r, "monthly_c": tuple(months)})
    return tuple(rows)


def _region_donor(region: str) -> str:
    donors = assumptions.value("icethickness.region_temperature_donor")
    seen = {region}
    while region in donors:
        region = str(donors[region])
        if region in seen:
            raise ThicknessError(f"icethickness.region_temperature_donor loops at {region!r}")
        seen.add(region)
    return region


@lru_cache(maxsize=64)
def _daily_cached(region: str, _state: int) -> NDArray[np.float64]:
    donor = _region_donor(region)
    rows = [r["monthly_c"] for r in station_normals() if r["region"] == donor]
    if not rows:
        raise ThicknessError(
            f"no air-temperature station for region {region!r} (donor {donor!r}); regions with "
            f"stations: {', '.join(sorted({str(r['region']) for r in station_normals()}))}"
        )
    monthly = np.mean(np.array(rows, float), axis=0)
    doy = np.arange(1, 367, dtype=float)
    x = np.r_[_MID_MONTH_DOY - 365, _MID_MONTH_DOY, _MID_MONTH_DOY + 365]
    y = np.r_[monthly, monthly, monthly]
    out = np.interp(doy, x, y)
    out.setflags(write=False)
    return out


def daily_air_temperature_c(region: str) -> NDArray[np.float64]:
    """Daily mean air temperature climatology of an NSIDC-0780 sea region, °C, day of year 1..366.

    The mean of the region's stations' monthly means (or of its donor region's,
    ``icethickness.region_temperature_donor``), interpolated linearly between
    mid-month days (periodic over the year).
    """
    if region not in _REGION_CODE:
        raise ThicknessError(
            f"unknown region {region!r}; use one of {', '.join(sorted(_REGION_CODE))}"
        )
    return _daily_cached(region, assumptions.state())


def _doy(day: dt.date) -> int:
    return day.timetuple().tm_yday


def freezing_degree_days(region: str, start: dt.date, end: dt.date) -> float:
    """Freezing degree-days (°C·day below ``icethickness.fdd_base_c``) from ``start`` to ``end``."""
    if end <= start:
        return 0.0
    base = float(assumptions.value("icethickness.fdd_base_c"))
    temp = daily_air_temperature_c(region)
    days = np.arange(np.datetime64(start, "D"), np.datetime64(end, "D"))
    doy = (days - days.astype("datetime64[Y]")).astype(int)  # 0-based day of year
    return float(np.clip(base - temp[np.minimum(doy, 365)], 0.0, None).sum())


def melt_onset_day(region: str, year: int) -> dt.date:
    """First day of ``year`` after the coldest month on which the region's air rises above 0 °C."""
    temp = daily_air_temperature_c(region)
    coldest = int(np.argmin(temp))
    above = np.flatnonzero(temp[coldest:] > 0.0)
    if above.size == 0:
        return dt.date(year, 12, 31)  # never thaws: melt never starts
    return dt.date(year, 1, 1) + dt.timedelta(days=int(coldest + above[0]))


def surviving_thickness_m(region: NDArray[np.integer]) -> NDArray[np.float64]:
    """Thickness left of a full season's first-year ice at the end of its melt, m, per cell.

    Lebedev's thickness over the region's yearly freezing degree-days, times
    what Appel & Gudkovich's last melt stage leaves (R = 5: 1 − 0.722) [1]_ [3]_.
    """
    name_of = {code: name for name, code in _REGION_CODE.items()}
    base = float(assumptions.value("icethickness.fdd_base_c"))
    left = 1.0 - float(appel_gudkovich_loss_fraction(5.0))
    out = np.zeros(np.shape(region))
    for code in np.unique(region):
        temp = daily_air_temperature_c(name_of.get(int(code), "Central Arctic"))
        fdd = np.clip(base - temp[:365], 0.0, None).sum()
        out[region == code] = left * float(lebedev_thickness_cm(fdd)) / 100.0
    return out


# --------------------------------------------------------------------------- the season


def crossing_days(
    days: NDArray[np.float64], sic: NDArray[np.float64], threshold: float, upward: bool
) -> NDArray[np.float64]:
    """Day (same units as ``days``) of the first crossing of ``threshold`` per cell; inf if none.

    Parameters
    ----------
    days : ndarray, shape (t,)
        Ascending times of the samples (e.g. days since the season start).
    sic : ndarray, shape (t, ...)
        Concentration samples (NaN unknown: the cell never crosses).
    threshold : float
    upward : bool
        True: from below to at-or-above; False: from at-or-above to below.
        A cell already on the far side at the first sample crosses there.
    """
    s = np.asarray(sic, float)
    on = s >= threshold if upward else s < threshold
    on = on & ~np.isnan(s)
    first = np.argmax(on, axis=0)
    any_on = on.any(axis=0)
    out = np.full(s.shape[1:], np.inf)
    idx = np.nonzero(any_on)
    i = first[idx]
    t1 = days[i]
    prev = np.maximum(i - 1, 0)
    s0, s1 = s[(prev, *idx)], s[(i, *idx)]
    t0 = days[prev]
    with np.errstate(invalid="ignore", divide="ignore"):
        frac = np.where((i > 0) & (s1 != s0), (threshold - s0) / (s1 - s0), 1.0)
    out[idx] = np.where(i > 0, t0 + np.clip(frac, 0.0, 1.0) * (t1 - t0), t1)
    return out


@dataclass(frozen=True)
class SeasonGrowth:
    """What one season's concentration samples fix for every day of it.

    Attributes
    ----------
    start : datetime.date
        Day 0 of the season (the last September minimum).
    shape : tuple of int
        Shape of the cells.
    regions : tuple of (str, ndarray of int, float, ndarray of float)
        Per region code: the name whose air temperatures it takes, the flat
        indices of its cells, its melt-onset day, and each of its cells'
        clearance day after that (the season's end where it does not clear).
    freeze : ndarray of float
        Freeze-up day per flat cell (inf where it does not freeze).
    """

    start: dt.date
    shape: tuple[int, ...]
    regions: tuple[tuple[str, NDArray[np.intp], float, NDArray[np.float64]], ...]
    freeze: NDArray[np.float64]


def season_growth(
    season_days: NDArray[np.float64],
    season_sic: NDArray[np.float64],
    season_start: dt.date,
    region: NDArray[np.integer],
) -> SeasonGrowth:
    """Freeze-up and clearance days of a season, per cell (:class:`SeasonGrowth`).

    Parameters as for :func:`first_year_thickness_m`; computed once per
    season, they serve every day of it (:func:`thickness_on`).
    """
    threshold = float(assumptions.value("icethickness.freezeup_sic"))
    days = np.asarray(season_days, float)
    series = np.asarray(season_sic, float)
    region = np.asarray(region)
    shape = region.shape
    flat = series.reshape(series.shape[0], -1)
    freeze = crossing_days(days, flat, threshold, upward=True)
    name_of = {code: name for name, code in _REGION_CODE.items()}
    codes = region.ravel()
    regions = []
    for code in np.unique(codes):
        name = name_of.get(int(code), "Central Arctic")
        cells = np.flatnonzero(codes == code)
        onset = melt_onset_day(name, season_start.year + 1)
        t_onset = float((onset - season_start).days)
        after = days >= t_onset
        clear = crossing_days(days[after], flat[after][:, cells], threshold, upward=False)
        clear = np.where(np.isfinite(clear), np.minimum(clear, days[-1]), days[-1])
        regions.append((name, cells, t_onset, clear))
    return SeasonGrowth(season_start, shape, tuple(regions), freeze)


def thickness_on(growth: SeasonGrowth, day: dt.date, sic_now: ArrayLike) -> NDArray[np.float64]:
    """Level first-year ice thickness on ``day`` of a season (m; 0 where not yet frozen).

    Growth by Lebedev's law from each cell's freeze-up over its region's
    freezing degree-days; decay by Appel & Gudkovich's melt stage from the
    region's melt onset to the cell's clearance, and the open-water factor of
    ``sic_now`` (concentration on ``day``, per cell).
    """
    t_now = float((day - growth.start).days)
    now = np.broadcast_to(np.asarray(sic_now, float), growth.shape).ravel()
    out = np.zeros(now.size)
    for name, cells, t_onset, clear in growth.regions:
        h = _grown_m(name, growth.start, t_now, growth.freeze[cells])
        if t_now > t_onset:
            span = np.maximum(clear - t_onset, 1.0)
            stage = 5.0 * np.clip((t_now - t_onset) / span, 0.0, 1.0)
            h = h * (1.0 - appel_gudkovich_loss_fraction(stage))
            h = h * open_water_melt_factor(now[cells], day.month)
        out[cells] = h
    return out.reshape(growth.shape)


def first_year_thickness_m(
    day: dt.date,
    season_days: NDArray[np.float64],
    season_sic: NDArray[np.float64],
    season_start: dt.date,
    region: NDArray[np.integer],
    sic_now: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Thickness of the first-year ice of each cell on ``day``, metres (NaN where none).

    Parameters
    ----------
    day : datetime.date
    season_days, season_sic : ndarray
        Mid-month sample days (days since ``season_start``) and the
        concentration samples, shape (t, ...cells), covering the season from
        the last September minimum to the next.
    season_start : datetime.date
        Day 0 of ``season_days`` (the last minimum).
    region : ndarray of int
        NSIDC-0780 region code of each cell.
    sic_now : ndarray
        Concentration on ``day`` (for the open-water melt factor).

    Returns
    -------
    ndarray of float
        Level-ice thickness of first-year ice, m; 0 where the cell has not yet
        frozen this season. Many days of one season: build
        :func:`season_growth` once and call :func:`thickness_on`.
    """
    growth = season_growth(season_days, season_sic, season_start, region)
    return thickness_on(growth, day, sic_now)


def _grown_m(region: str, season_start: dt.date, t_now: float, freeze) -> NDArray[np.float64]:
    """Lebedev thickness (m) on season day ``t_now`` of cells frozen on days ``freeze``."""
    temp = daily_air_temperature_c(region)
    base = float(assumptions.value("icethickness.fdd_base_c"))
    n_days = int(max(t_now, 0)) + 1
    dates = np.datetime64(season_start, "D") + np.arange(n_days)
    doy = (dates - dates.astype("datetime64[Y]")).astype(int)
    cum = np.r_[0.0, np.cumsum(np.clip(base - temp[np.minimum(doy, 365)], 0.0, None))]
    start = np.clip(np.floor(np.where(np.isfinite(freeze), freeze, n_days)), 0, n_days).astype(int)
    fdd = cum[n_days] - cum[np.minimum(start, n_days)]
    h = lebedev_thickness_cm(fdd) / 100.0
    return np.where(freeze <= t_now, h, 0.0)
