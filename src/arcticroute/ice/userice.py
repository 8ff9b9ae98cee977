"""A user's own ice products over the modelled ice cover: ice age, PIOMAS thickness, ice charts.

The package ships concentration only; users who have better products can let
them replace parts of :class:`arcticroute.ice.icecover.IceCover`:

* **NSIDC-0611 / NSIDC-0749 sea-ice age** [1]_: netCDF with
  ``age_of_sea_ice(time, y, x)`` (0 open water or < 15 % ice, 1 first-year, 2
  second-year, 3+ multi-year) and 2-D ``latitude``/``longitude``, weekly. The
  step nearest before the day, mapped to psn25 by nearest neighbour, replaces
  the age split by summer survival: the cell's ice is all of its age.
* **PIOMAS v2.1 monthly effective thickness** ``heff.HYYYY`` [2]_: gzip of
  12 × 120 × 360 little-endian float32 (m, grid-cell mean), with ``grid.dat``
  holding the 120 × 360 longitudes and then latitudes as whitespace-separated
  numbers (the layout this module reads; the tests write files in it). The
  month of the day, mapped to psn25 by nearest neighbour, replaces the
  modelled cell-mean thickness (the ice keeps its age split; its thickness is
  scaled to match).
* **SIGRID-3 ice charts** (:func:`arcticroute.ice.icestage.read_sigrid3`):
  inside the chart, its partial concentrations and stages replace the cover;
  stages give thickness by the middle of their WMO range (second-year and
  multi-year as the cover's).

Nothing here guesses: a product that cannot be read raises
:class:`~arcticroute.errors.DataFileError`; a cell the product leaves unknown
keeps the modelled value.

References
----------
.. [1] Tschudi, Meier, Stewart, Fowler, Maslanik (2019): EASE-Grid Sea Ice Age,
   Version 4 (NSIDC-0611), doi:10.5067/UTAV7490FEPB (shared/reference/ice-thickness.md §5).
.. [2] Zhang & Rothrock (2003), Mon. Wea. Rev. 131, 845–861; PIOMAS v2.1 files
   https://pscfiles.apl.uw.edu/zhang/PIOMAS/data/v2.1/heff/ (ice-thickness.md §5).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from arcticroute.errors import DataFileError
from arcticroute.ice.icegrid import PSN25_PROJ4, psn25_lonlat, psn25_xy_m
from arcticroute.ice.icestage import (
    STAGE_THICKNESS_M,
    IceStage,
    read_sigrid3,
    stage_from_thickness,
)

__all__ = [
    "PIOMAS_SHAPE",
    "UserIce",
    "apply_user_ice",
    "read_ice_age",
    "read_piomas_thickness",
]

PIOMAS_SHAPE = (12, 120, 360)
"""PIOMAS v2.1 heff file: months × j × i [2]_."""
_MAX_NEIGHBOUR_KM = 50.0


@dataclass(frozen=True)
class UserIce:
    """Paths of a user's ice products (any may be None). Hashable: part of cache keys.

    Attributes
    ----------
    ice_age, piomas_heff, piomas_grid, ice_chart : str or None
    """

    ice_age: str | None = None
    piomas_heff: str | None = None
    piomas_grid: str | None = None
    ice_chart: str | None = None

    def __post_init__(self) -> None:
        if (self.piomas_heff is None) != (self.piomas_grid is None):
            raise DataFileError("PIOMAS thickness needs both the heff file and its grid.dat")
        for f in dataclasses.fields(self):
            path = getattr(self, f.name)
            if path is not None and not Path(path).is_file():
                raise DataFileError(f"{f.name.replace('_', ' ')} file {path} does not exist")

    @property
    def token(self) -> tuple:
        """Paths with their modification times: a changed file is a new key."""
        out = []
        for f in dataclasses.fields(self):
            path = getattr(self, f.name)
            out.append(None if path is None else (path, Path(path).stat().st_mtime_ns))
        return tuple(out)


def _nearest_to_psn25(lon: NDArray, lat: NDArray) -> tuple[NDArray[np.intp], NDArray[np.bool_]]:
    """Index into the flattened (lon, lat) points of each psn25 cell's nearest, and a hit mask."""
    from scipy.spatial import cKDTree

    from arcticroute.geo.geodesy import MEAN_EARTH_RADIUS_M, unit_vectors

    src = unit_vectors(np.ravel(lon), np.ravel(lat))
    ok = np.isfinite(src).all(axis=1)
    glon, glat = psn25_lonlat()
    dist, idx = cKDTree(src[ok]).query(unit_vectors(glon.ravel(), glat.ravel()), k=1)
    hit = dist * MEAN_EARTH_RADIUS_M / 1000.0 <= _MAX_NEIGHBOUR_KM
    where = np.flatnonzero(ok)[np.minimum(idx, ok.sum() - 1)]
    return where.reshape(glon.shape), hit.reshape(glon.shape)


@lru_cache(maxsize=4)
def _age_file(path: str, _mtime: int):
    import xarray as xr

    try:
        ds = xr.open_dataset(path)
        age = ds["age_of_sea_ice"].load()
        lat, lon = ds["latitude"].values, ds["longitude"].values
        times = ds["time"].values.astype("datetime64[D]") if "time" in ds else None
    except (OSError, KeyError, ValueError) as exc:
        raise DataFileError(
            f"{path} is not an NSIDC-0611/0749 ice-age file (needs age_of_sea_ice, latitude, "
            f"longitude): {exc}"
        ) from exc
    return age, lat, lon, times


def read_ice_age(path: str | Path, day: dt.date) -> NDArray[np.float64]:
    """Ice age (years; 0 open) of the week before ``day`` on psn25; NaN where unknown."""
    age, lat, lon, times = _age_file(str(path), Path(path).stat().st_mtime_ns)
    values = np.asarray(age.values, dtype=float)
    if times is not None and values.ndim == 3:
        before = np.flatnonzero(times <= np.datetime64(day, "D"))
        if before.size == 0:
            raise DataFileError(f"{path} has no ice-age step on or before {day}")
        values = values[before[-1]]
    if values.shape != np.shape(lat):
        raise DataFileError(f"{path}: age_of_sea_ice {values.shape} does not match latitude")
    where, hit = _nearest_to_psn25(lon, lat)
    out = values.ravel()[where]
    out = np.where(hit & (out >= 0) & (out < 50), out, np.nan)  # fill values are large
    return out


def _piomas_grid(path: str) -> tuple[NDArray, NDArray]:
    try:
        numbers = np.array(Path(path).read_text("ascii").split(), dtype=float)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise DataFileError(f"PIOMAS grid {path} cannot be read: {exc}") from exc
    n = PIOMAS_SHAPE[1] * PIOMAS_SHAPE[2]
    if numbers.size < 2 * n:
        raise DataFileError(f"PIOMAS grid {path} holds {numbers.size} numbers; needs {2 * n}")
    return numbers[:n].reshape(PIOMAS_SHAPE[1:]), numbers[n : 2 * n].reshape(PIOMAS_SHAPE[1:])


def read_piomas_thickness(heff: str | Path, grid: str | Path, day: dt.date) -> NDArray[np.float64]:
    """PIOMAS grid-cell mean thickness (m) of ``day``'s month on psn25; NaN where unknown."""
    try:
        raw = gzip.decompress(Path(heff).read_bytes())
    except (OSError, gzip.BadGzipFile, EOFError) as exc:
        raise DataFileError(f"PIOMAS file {heff} cannot be read: {exc}") from exc
    need = int(np.prod(PIOMAS_SHAPE)) * 4
    if len(raw) != need:
        raise DataFileError(f"PIOMAS file {heff} holds {len(raw)} bytes; a year is {need}")
    cube = np.frombuffer(raw, dtype="<f4").reshape(PIOMAS_SHAPE)
    lon, lat = _piomas_grid(str(grid))
    where, hit = _nearest_to_psn25(lon, lat)
    out = cube[day.month - 1].astype(float).ravel()[where]
    return np.where(hit & (out >= 0) & (out < 30), out, np.nan)


def _chart(path: str, _mtime: int):
    x, y = psn25_xy_m()
    return read_sigrid3(path, x, y, PSN25_PROJ4)


def _stage_mid_m(stage: NDArray) -> NDArray[np.float64]:
    """Middle of each stage's WMO thickness range, m (NaN for open water and unknown)."""
    table = np.full(max(int(s) for s in IceStage) + 1, np.nan)
    for st, (lo, hi) in STAGE_THICKNESS_M.items():
        if np.isfinite(lo) and np.isfinite(hi):
            table[int(st)] = (lo + hi) / 2
    return table[np.asarray(stage, dtype=int)]


def apply_user_ice(cover, user: UserIce):
    """The cover with the user's products in place of the modelled parts (see module docs)."""
    day = cover.day
    c_fy, c_sy, c_my = np.array(cover.c_fy), np.array(cover.c_sy), np.array(cover.c_my)
    h_fy, sic = np.array(cover.h_fy_m), np.array(cover.sic)
    basis = [cover.basis]
    if user.ice_age:
        age = read_ice_age(user.ice_age, day)
        known = ~np.isnan(age) & ~np.isnan(sic)
        c_fy = np.where(known, np.where(age <= 1, sic, 0.0), c_fy)
        c_sy = np.where(known, np.where(age == 2, sic, 0.0), c_sy)
        c_my = np.where(known, np.where(age >= 3, sic, 0.0), c_my)
        basis.append(f"ice age from {Path(user.ice_age).name}")
    if user.ice_chart:
        chart = _chart(user.ice_chart, Path(user.ice_chart).stat().st_mtime_ns)
        part = np.asarray(chart["partial_concentration"].values, float)
        stage = np.asarray(chart["stage"].values, int)
        inside = np.asarray(chart["covered"].values, bool) & ~np.isnan(part).any(axis=0)
        is_old = stage >= int(IceStage.SECOND_YEAR)
        fy_c = np.where(is_old, 0.0, np.nan_to_num(part)).sum(axis=0)
        fy_h = np.where(is_old, 0.0, np.nan_to_num(part) * np.nan_to_num(_stage_mid_m(stage)))
        sy_c = np.where(stage == int(IceStage.SECOND_YEAR), part, 0.0).sum(axis=0)
        my_c = np.where(stage > int(IceStage.SECOND_YEAR), part, 0.0).sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            h_chart = np.where(fy_c > 0, fy_h.sum(axis=0) / fy_c, 0.0)
        pairs = ((fy_c, c_fy), (sy_c, c_sy), (my_c, c_my))
        c_fy, c_sy, c_my = (np.where(inside, a, b) for a, b in pairs)
        h_fy = np.where(inside, h_chart, h_fy)
        sic = np.where(inside, c_fy + c_sy + c_my, sic)
        basis.append(f"ice chart {Path(user.ice_chart).name} inside its polygons")
    h_sy, h_my = np.array(cover.h_sy_m), np.array(cover.h_my_m)
    if user.piomas_heff:
        heff = read_piomas_thickness(user.piomas_heff, user.piomas_grid, day)
        model = c_fy * h_fy + c_sy * h_sy + c_my * h_my
        with np.errstate(invalid="ignore", divide="ignore"):
            scale = np.where(model > 0, heff / model, np.nan)
        ok = np.isfinite(scale)
        h_fy, h_sy, h_my = (np.where(ok, h * scale, h) for h in (h_fy, h_sy, h_my))
        basis.append(f"thickness scaled to PIOMAS {Path(user.piomas_heff).name}")
    stage = np.asarray(stage_from_thickness(np.nan_to_num(h_fy, nan=0.0)), dtype=np.int8)
    stage = np.where(np.isnan(sic), np.int8(IceStage.UNKNOWN), stage).astype(np.int8)
    return dataclasses.replace(
        cover,
        stage_fy=stage,
        sic=sic,
        c_fy=c_fy,
        c_sy=c_sy,
        c_my=c_my,
        h_fy_m=h_fy,
        h_sy_m=h_sy,
        h_my_m=h_my,
        basis="; ".join(basis),
    )
