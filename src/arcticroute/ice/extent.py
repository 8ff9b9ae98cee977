"""Sea-ice extent and area on the psn25 grid, total and per region.

* **extent** = Σ cell area over cells with concentration ≥ 15 %,
* **area** = Σ concentration × cell area,

with the true cell areas of the psn25 grid (NSIDC-0771), the definitions of the
NSIDC Sea Ice Index (Fetterer et al., G02135 user guide; REFERENCE.md §10.1).
Both take the common dataset of :mod:`arcticroute.ice.seaice` and the grid of
:func:`arcticroute.ice.icegrid.load_grid`, and are vectorised over time (one matrix
product per block of time steps).

Unknown cells (NaN concentration on a cell that is neither land, coast nor lake)
are never counted as open water: the result carries their area as the
coordinate ``unknown_km2``, and a time step whose unknown area exceeds
``max_unknown_fraction`` of the region's ocean area becomes NaN.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import xarray as xr

from arcticroute.errors import ArcticRouteError
from arcticroute.ice.icegrid import PSN25_SHAPE, region_mask

__all__ = ["EXTENT_THRESHOLD", "ExtentInputError", "area_km2", "extent_km2"]

EXTENT_THRESHOLD = 0.15
"""Concentration threshold of extent (fraction), NSIDC Sea Ice Index convention."""

_BLOCK = 32  # time steps per matrix product: bounds temporary memory to ~35 MB


class ExtentInputError(ArcticRouteError, ValueError):
    """The concentration dataset or grid given to an extent/area function is unusable."""


def _check(ds: xr.Dataset, grid: xr.Dataset) -> None:
    if not isinstance(ds, xr.Dataset) or "sic" not in ds:
        raise ExtentInputError(
            "ds must be a dataset from an arcticroute.ice.seaice reader (with a 'sic' variable); "
            f"got {type(ds).__name__}"
        )
    if ds.attrs.get("grid") != "psn25" or ds["sic"].dims != ("time", "y", "x"):
        raise ExtentInputError(
            f"ds is on grid {ds.attrs.get('grid')!r} with dims {ds['sic'].dims}; "
            "extent needs psn25 (time, y, x) from an arcticroute.ice.seaice reader"
        )
    if not isinstance(grid, xr.Dataset) or "cell_area_km2" not in grid:
        raise ExtentInputError(
            "grid must come from arcticroute.ice.icegrid.load_grid (needs 'cell_area_km2')"
        )
    if grid["cell_area_km2"].shape != PSN25_SHAPE or ds["sic"].shape[1:] != PSN25_SHAPE:
        raise ExtentInputError(
            f"grid {grid['cell_area_km2'].shape} and sic {ds['sic'].shape[1:]} must both be "
            f"psn25 {PSN25_SHAPE}"
        )


def _weights(
    grid: xr.Dataset, region: str | Sequence[str] | None, mask: str
) -> tuple[np.ndarray, list[str] | None]:
    area = grid["cell_area_km2"].values.reshape(-1, 1)
    if region is None:
        return area, None
    masks = region_mask(grid, region, mask)
    onehot = masks.values.reshape(masks.sizes["region"], -1).T
    return area * onehot, [str(r) for r in masks["region"].values]


def _integrate(
    ds: xr.Dataset,
    grid: xr.Dataset,
    region: str | Sequence[str] | None,
    mask: str,
    kind: str,
    threshold: float,
    pole_hole_policy: str,
    max_unknown_fraction: float,
) -> xr.DataArray:
    _check(ds, grid)
    if not 0.0 <= max_unknown_fraction <= 1.0:
        raise ExtentInputError(
            f"max_unknown_fraction must be within 0..1, got {max_unknown_fraction}"
        )
    weights, names = _weights(grid, region, mask)
    not_ocean = (ds["land"] | ds["coast"] | ds["lake"]).values.ravel()
    cols = np.flatnonzero(~not_ocean & (weights > 0).any(axis=1))
    w = weights[cols]
    ocean_km2 = w.sum(axis=0)

    sic = ds["sic"].values
    hole = ds["pole_hole"].values
    nt = sic.shape[0]
    value = np.empty((nt, w.shape[1]))
    unknown = np.empty((nt, w.shape[1]))
    thr = np.float32(threshold)
    for start in range(0, nt, _BLOCK):
        stop = min(start + _BLOCK, nt)
        s = sic[start:stop].reshape(stop - start, -1)[:, cols]
        h = hole[start:stop].reshape(stop - start, -1)[:, cols]
        known = np.isfinite(s)
        if kind == "extent":
            contrib = s >= thr
            if pole_hole_policy == "ice":
                contrib |= h
                known |= h
        else:
            contrib = np.where(known, s, np.float32(0))
            if pole_hole_policy == "exclude":
                known |= h
        value[start:stop] = contrib.astype(np.float64) @ w
        unknown[start:stop] = (~known).astype(np.float64) @ w
    too_uncertain = unknown > max_unknown_fraction * ocean_km2
    value[too_uncertain] = np.nan

    dims: tuple[str, ...] = ("time",)
    coords: dict = {"time": ds["time"]}
    if names is None or isinstance(region, str):
        value, unknown = value[:, 0], unknown[:, 0]
        if names is not None:
            coords["region"] = names[0]
    else:
        dims = ("time", "region")
        coords["region"] = ("region", names)
    coords["unknown_km2"] = (dims, unknown, {"units": "km2", "long_name": "area of unknown cells"})
    long_name = (
        f"sea ice extent (cells with concentration >= {threshold:g})"
        if kind == "extent"
        else "sea ice area (concentration x cell area)"
    )
    return xr.DataArray(
        value,
        dims=dims,
        coords=coords,
        name=f"{kind}_km2",
        attrs={
            "units": "km2",
            "long_name": long_name,
            "region_mask": mask if names is not None else "none (all cells)",
            "pole_hole": pole_hole_policy,
            "max_unknown_fraction": max_unknown_fraction,
            "source_file": ds.attrs.get("source_file", ""),
        },
    )


def extent_km2(
    ds: xr.Dataset,
    grid: xr.Dataset,
    region: str | Sequence[str] | None = None,
    *,
    mask: str = "nsidc0780",
    threshold: float = EXTENT_THRESHOLD,
    pole_hole: Literal["ice", "unknown"] = "ice",
    max_unknown_fraction: float = 0.0,
) -> xr.DataArray:
    """Sea-ice extent per time step, total or per region (km²).

    Parameters
    ----------
    ds : xarray.Dataset
        Concentration on psn25 from an :mod:`arcticroute.ice.seaice` reader.
    grid : xarray.Dataset
        From :func:`arcticroute.ice.icegrid.load_grid` (true cell areas, regions).
    region : str or sequence of str, optional
        None: all cells. A name (e.g. ``"Laptev"``): that region, dims
        ``(time,)``. A sequence: dims ``(time, region)``. Names per ``mask`` in
        :data:`arcticroute.ice.icegrid.REGION_MASKS`.
    mask : {"nsidc0780", "nsidc0780_filled", "region_n"}
        Region mask. ``nsidc0780`` (default) reproduces the Sea Ice Index
        regional series best (see tests/test_extent.py).
    threshold : float
        Concentration threshold (fraction), default 0.15.
    pole_hole : {"ice", "unknown"}
        ``"ice"`` (default) counts the pole hole as ice-covered, as the Sea Ice
        Index does; ``"unknown"`` treats it as unknown cells.
    max_unknown_fraction : float
        Largest tolerated unknown (missing, non-flagged) area as a fraction of the
        region's ocean area; above it the value is NaN. Default 0: any unknown
        cell makes the time step NaN (fail closed). The unknown area is always
        returned as the coordinate ``unknown_km2``.

    Returns
    -------
    xarray.DataArray
        Extent in km², float64, with coordinate ``unknown_km2``.

    Raises
    ------
    ExtentInputError
        ``ds``/``grid`` not from the arcticroute readers, or not on psn25.
    arcticroute.ice.icegrid.UnknownRegionError
        Unknown region or mask name (the message lists the valid names).

    Notes
    -----
    :math:`E(t) = \\sum_c A_c\\,[c_t(c) \\ge 0.15]`, over ocean cells (not land,
    coast or lake) of the region, :math:`A_c` the true cell area.
    """
    if pole_hole not in ("ice", "unknown"):
        raise ExtentInputError(f"pole_hole must be 'ice' or 'unknown', got {pole_hole!r}")
    return _integrate(ds, grid, region, mask, "extent", threshold, pole_hole, max_unknown_fraction)


def area_km2(
    ds: xr.Dataset,
    grid: xr.Dataset,
    region: str | Sequence[str] | None = None,
    *,
    mask: str = "nsidc0780",
    pole_hole: Literal["exclude", "unknown"] = "exclude",
    max_unknown_fraction: float = 0.0,
) -> xr.DataArray:
    """Sea-ice area per time step, total or per region (km²).

    Parameters
    ----------
    ds, grid, region, mask, max_unknown_fraction
        As for :func:`extent_km2`.
    pole_hole : {"exclude", "unknown"}
        ``"exclude"`` (default) leaves the pole hole out of the sum, which we
        understand to be the Sea Ice Index convention for area (not verified
        here); area is then low by up to the hole's area: 0.31 million km² for
        SSM/I (F08-F13, 468 cells), 0.03 for SSMIS (F17 on, 44 cells).
        ``"unknown"`` counts it as unknown cells.

    Returns
    -------
    xarray.DataArray
        Area in km², float64, with coordinate ``unknown_km2``.

    Notes
    -----
    :math:`a(t) = \\sum_c A_c\\,c_t(c)` over known ocean cells of the region.
    """
    if pole_hole not in ("exclude", "unknown"):
        raise ExtentInputError(f"pole_hole must be 'exclude' or 'unknown', got {pole_hole!r}")
    return _integrate(ds, grid, region, mask, "area", 0.0, pole_hole, max_unknown_fraction)
