"""The NSIDC 25 km polar stereographic north grid (psn25) and its region masks.

psn25 is the grid of G02202, NSIDC-0051/0081 and the Sea Ice Index: 304 columns x
448 rows of 25 km cells on EPSG:3411 (Hughes 1980 ellipsoid, true scale at 70°N,
central meridian -45°). Cell centres run from x = -3 837 500 m (column 0) to
3 737 500 m and from y = 5 837 500 m (row 0, north) to -5 337 500 m.

:func:`load_grid` reads the ancillary file (true cell area, lat/lon, region masks)
from a path the caller gives; nothing is read at import time and the package
never looks for ``../shared``.

Region codes
------------
``region`` / ``region_filled`` are the NSIDC-0780 Arctic regions (Meier & Stewart,
*Arctic and Antarctic Regional Masks for Sea Ice and Related Data Products*,
NSIDC-0780 v1, 2023), the regions of the Sea Ice Index regional series:

=====  =====================  =====  =======================
code   region                 code   region
=====  =====================  =====  =======================
1      Central Arctic         10     Gulf of St Lawrence
2      Beaufort               11     Hudson
3      Chukchi                12     Canadian Archipelago
4      East Siberian          13     Bering
5      Laptev                 14     Okhotsk
6      Kara                   15     Sea of Japan
7      Barents                16     Bohai/Yellow
8      East Greenland         17     Baltic
9      Baffin/Labrador        18     Gulf of Alaska
=====  =====================  =====  =======================

0 is ocean outside the defined regions. In ``region`` the codes 30 (land) and
32-35 (further non-ocean surface classes; 32 holds most of the lake cells) mark
cells that are not ocean in the NSIDC-0780 land mask; ``region_filled`` carries a
region code 0-18 on every cell.

``region_n_msk`` is the classic NSIDC-0051 mask ``region_n.msk``: 0 lakes,
1 non-regional ocean, 2 Sea of Okhotsk and Japan, 3 Bering Sea, 4 Hudson Bay,
5 Baffin Bay/Davis Strait/Labrador Sea, 6 Greenland Sea, 7 Kara and Barents Seas,
8 Arctic Ocean, 9 Canadian Archipelago, 10 Gulf of St Lawrence, 11 land, 12 coast.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from arcticroute.errors import ArcticRouteError, DataFileError

if TYPE_CHECKING:
    import xarray as xr

__all__ = [
    "PSN25_EPSG",
    "PSN25_PROJ4",
    "PSN25_SHAPE",
    "REGION_MASKS",
    "UnknownRegionError",
    "load_grid",
    "psn25_lonlat",
    "psn25_xy_m",
    "region_codes",
    "region_mask",
]

PSN25_SHAPE = (448, 304)
"""(rows, columns) of the psn25 grid, row 0 north."""
PSN25_EPSG = 3411
PSN25_PROJ4 = (
    "+proj=stere +lat_0=90 +lat_ts=70 +lon_0=-45 +k=1 +x_0=0 +y_0=0 "
    "+a=6378273 +b=6356889.449 +units=m +no_defs"
)
_CELL_M = 25_000.0
_X0_M = -3_850_000.0  # left edge
_Y0_M = 5_850_000.0  # top edge

REGION_MASKS: dict[str, dict[str, tuple[int, ...]]] = {
    "nsidc0780": {
        "Central Arctic": (1,),
        "Beaufort": (2,),
        "Chukchi": (3,),
        "East Siberian": (4,),
        "Laptev": (5,),
        "Kara": (6,),
        "Barents": (7,),
        "East Greenland": (8,),
        "Baffin/Labrador": (9,),
        "Gulf of St Lawrence": (10,),
        "Hudson": (11,),
        "Canadian Archipelago": (12,),
        "Bering": (13,),
        "Okhotsk": (14,),
        "Sea of Japan": (15,),
        "Bohai/Yellow": (16,),
        "Baltic": (17,),
        "Gulf of Alaska": (18,),
    },
    "region_n": {
        "Non-regional ocean": (1,),
        "Okhotsk and Japan": (2,),
        "Bering": (3,),
        "Hudson": (4,),
        "Baffin/Davis/Labrador": (5,),
        "Greenland": (6,),
        "Kara and Barents": (7,),
        "Arctic Ocean": (8,),
        "Canadian Archipelago": (9,),
        "Gulf of St Lawrence": (10,),
    },
}
"""Region name -> codes, per mask. ``nsidc0780`` uses the grid variable ``region``
(NSIDC-0780 with its own land classes) or, with ``filled=True``, ``region_filled``;
``region_n`` uses ``region_n_msk``. Codes documented in the module docstring."""

_MASK_VARIABLE = {
    "nsidc0780": "region",
    "nsidc0780_filled": "region_filled",
    "region_n": "region_n_msk",
}


class UnknownRegionError(ArcticRouteError, LookupError):
    """A sea-ice region or region mask name is not known."""


def psn25_xy_m() -> tuple[np.ndarray, np.ndarray]:
    """Cell-centre projection coordinates of psn25.

    Returns
    -------
    x_m, y_m : numpy.ndarray
        1-D float64, 304 values from -3 837 500 m east-going and 448 values from
        5 837 500 m south-going (row 0 is north).
    """
    x_m = _X0_M + _CELL_M * (np.arange(PSN25_SHAPE[1]) + 0.5)
    y_m = _Y0_M - _CELL_M * (np.arange(PSN25_SHAPE[0]) + 0.5)
    return x_m, y_m


@lru_cache(maxsize=1)
def _lonlat_cached() -> tuple[np.ndarray, np.ndarray]:
    from pyproj import Transformer

    x_m, y_m = psn25_xy_m()
    xx, yy = np.meshgrid(x_m, y_m)
    to_geo = Transformer.from_crs(PSN25_PROJ4, "EPSG:4326", always_xy=True)
    lon, lat = to_geo.transform(xx, yy)
    lon.setflags(write=False)
    lat.setflags(write=False)
    return lon, lat


def psn25_lonlat() -> tuple[np.ndarray, np.ndarray]:
    """Cell-centre longitude and latitude (degrees, (448, 304)) computed with pyproj.

    Agrees with the NSIDC-0771 ancillary latitude/longitude to better than 1e-5°.
    The arrays are cached and read-only.
    """
    return _lonlat_cached()


def load_grid(path: str | os.PathLike) -> xr.Dataset:
    """Load the psn25 ancillary grid: true cell area, lat/lon and region masks.

    Parameters
    ----------
    path : str or path-like
        ``psn25_north_grid_ancillary.nc`` (NSIDC-0771 lat/lon and cell area,
        NSIDC-0780 regions, classic ``region_n.msk``) or a file with the same
        variables.

    Returns
    -------
    xarray.Dataset
        Dims ``(y, x)`` = (448, 304); coordinates ``x``, ``y`` (m), ``lat``, ``lon``
        (degrees); variables ``cell_area_km2`` (true area, km², float64),
        ``region``, ``region_filled``, ``region_n_msk`` (uint8 codes, see the
        module docstring); ``attrs["grid"] = "psn25"``. The file is read once per
        path and cached; a shallow copy is returned.

    Raises
    ------
    DataFileError
        The file is missing, unreadable, lacks a variable or is not on psn25.
    """
    resolved = Path(path).expanduser().resolve()
    if not resolved.is_file():
        raise DataFileError(
            f"psn25 grid file {resolved} not found; pass the path of "
            "psn25_north_grid_ancillary.nc (NSIDC-0771/0780 ancillary grid)"
        )
    stat = resolved.stat()
    return _load_grid_cached(str(resolved), stat.st_mtime_ns, stat.st_size).copy()


@lru_cache(maxsize=4)
def _load_grid_cached(path: str, _mtime_ns: int, _size: int) -> xr.Dataset:
    import xarray as xr

    needed = ("latitude", "longitude", "cell_area", "region", "region_filled", "region_n_msk")
    try:
        with xr.open_dataset(path, engine="netcdf4", mask_and_scale=False) as raw:
            missing = [v for v in needed if v not in raw.variables]
            if missing:
                raise DataFileError(
                    f"psn25 grid file {path} lacks variable(s) {', '.join(missing)}; "
                    f"it needs {', '.join(needed)}"
                )
            data = {v: raw[v].values for v in needed}
    except DataFileError:
        raise
    except (OSError, RuntimeError, ValueError, KeyError, IndexError) as exc:
        raise DataFileError(
            f"cannot read psn25 grid file {path}: {exc}; the file may be truncated or "
            "corrupt, fetch it again"
        ) from exc
    for name, arr in data.items():
        if arr.shape != PSN25_SHAPE:
            raise DataFileError(
                f"psn25 grid file {path}: variable {name} has shape {arr.shape}, "
                f"expected {PSN25_SHAPE} (448 rows x 304 columns)"
            )
    area_m2 = data["cell_area"].astype(np.float64)
    if not np.all(np.isfinite(area_m2)) or area_m2.min() <= 0:
        raise DataFileError(f"psn25 grid file {path}: cell_area has non-positive or NaN cells")
    x_m, y_m = psn25_xy_m()
    dims = ("y", "x")
    ds = xr.Dataset(
        {
            "cell_area_km2": (
                dims,
                area_m2 / 1e6,
                {"units": "km2", "standard_name": "cell_area", "long_name": "true cell area"},
            ),
            "region": (dims, data["region"].astype(np.uint8), {"long_name": "NSIDC-0780 region"}),
            "region_filled": (
                dims,
                data["region_filled"].astype(np.uint8),
                {"long_name": "NSIDC-0780 region, extended over all cells"},
            ),
            "region_n_msk": (
                dims,
                data["region_n_msk"].astype(np.uint8),
                {"long_name": "classic NSIDC region_n.msk"},
            ),
        },
        coords={
            "y": ("y", y_m, {"units": "m", "standard_name": "projection_y_coordinate"}),
            "x": ("x", x_m, {"units": "m", "standard_name": "projection_x_coordinate"}),
            "lat": (dims, data["latitude"].astype(np.float64), {"units": "degrees_north"}),
            "lon": (dims, data["longitude"].astype(np.float64), {"units": "degrees_east"}),
        },
        attrs={"grid": "psn25", "epsg": PSN25_EPSG, "source_file": path},
    )
    return ds


def _normalise(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def region_codes(region: str, mask: str = "nsidc0780") -> tuple[int, ...]:
    """Codes of a named region in a region mask.

    Parameters
    ----------
    region : str
        Region name as in :data:`REGION_MASKS` (case, spaces, ``_`` and ``/``
        ignored: ``"east_siberian"`` works).
    mask : {"nsidc0780", "nsidc0780_filled", "region_n"}
        Which mask the name refers to.

    Raises
    ------
    UnknownRegionError
        Unknown mask or region; the message lists the valid names.
    """
    if mask not in _MASK_VARIABLE:
        raise UnknownRegionError(
            f"unknown region mask {mask!r}; use one of {', '.join(sorted(_MASK_VARIABLE))}"
        )
    table = REGION_MASKS["nsidc0780" if mask.startswith("nsidc0780") else mask]
    wanted = _normalise(region)
    for name, codes in table.items():
        if _normalise(name) == wanted:
            return codes
    raise UnknownRegionError(
        f"unknown region {region!r} in mask {mask!r}; valid regions: {', '.join(table)}"
    )


def region_mask(
    grid: xr.Dataset, regions: str | Sequence[str], mask: str = "nsidc0780"
) -> xr.DataArray:
    """Boolean (region, y, x) masks of named regions on psn25.

    Parameters
    ----------
    grid : xarray.Dataset
        From :func:`load_grid`.
    regions : str or sequence of str
        Region names (see :func:`region_codes`).
    mask : {"nsidc0780", "nsidc0780_filled", "region_n"}
        ``nsidc0780`` keeps the NSIDC-0780 land classes out of the regions;
        ``nsidc0780_filled`` assigns every cell to a region.

    Returns
    -------
    xarray.DataArray
        bool, dims ``(region, y, x)``, coordinate ``region`` with the canonical names.
    """
    import xarray as xr

    names = [regions] if isinstance(regions, str) else list(regions)
    codes = [region_codes(r, mask) for r in names]
    table = REGION_MASKS["nsidc0780" if mask.startswith("nsidc0780") else mask]
    canonical = [next(n for n, c in table.items() if c == cs) for cs in codes]
    values = grid[_MASK_VARIABLE[mask]].values
    stack = np.stack([np.isin(values, cs) for cs in codes])
    return xr.DataArray(
        stack,
        dims=("region", "y", "x"),
        coords={"region": canonical, "y": grid["y"], "x": grid["x"]},
        attrs={"mask": mask},
    )
