"""Fill the sea-ice cells a radiometer cannot see: coast cells and the pole hole.

Passive-microwave concentration grids flag two kinds of ocean cell without a
value: *coast* cells, whose footprint spills over land, and the *pole hole*,
never overpassed by the satellite. A route through a coastal strait or over the
pole needs a value there, so :func:`fill_unseen` supplies one by a named rule
and says which cells it filled:

* ``"worst_neighbour"`` (default): the highest concentration among the valid
  ocean cells within ``radius_cells``;
* ``"nearest"``: the concentration of the nearest valid ocean cell within
  ``radius_cells`` (the highest of equally near ones).

Pole-hole cells take the highest concentration among the valid ocean cells
within ``pole_hole_ring_cells`` (Euclidean) outside the hole, each hole separately. Land
and lake cells stay NaN; a cell with no valid cell in reach stays NaN (unknown:
fail closed). Rule and radii are assumptions ``icefill.rule``,
``icefill.radius_cells`` and ``icefill.pole_hole_ring_cells`` in
``data/parameters.toml``; results that use filled cells depend on them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike
from scipy import ndimage

from arcticroute import assumptions
from arcticroute.caches import LockedLru, array_digest
from arcticroute.errors import ArcticRouteError
from arcticroute.ice.xrcompat import is_dataarray

if TYPE_CHECKING:
    pass

__all__ = ["FILL_RULES", "IceFillError", "fill_unseen"]

FILL_RULES = ("worst_neighbour", "nearest")
"""Names of the rules :func:`fill_unseen` knows."""


class IceFillError(ArcticRouteError, ValueError):
    """Bad input to the fill: unknown rule, bad radius, shapes that do not match."""


def _mask(value: ArrayLike | None, name: str, shape: tuple[int, int]) -> np.ndarray:
    if value is None:
        return np.zeros(shape, dtype=bool)
    m = np.asarray(value)
    if m.shape != shape:
        raise IceFillError(f"{name} must have the grid shape {shape}; got {m.shape}")
    if m.dtype != bool:
        raise IceFillError(f"{name} must be a boolean mask; got dtype {m.dtype}")
    return m


def _disk_offsets(radius: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r = np.arange(-radius, radius + 1)
    dy, dx = (a.ravel() for a in np.meshgrid(r, r, indexing="ij"))
    dist = np.hypot(dy, dx)
    keep = (dist <= radius) & (dist > 0)
    return dy[keep], dx[keep], dist[keep]


def _nanmax(values: np.ndarray, axis: int = -1) -> np.ndarray:
    """Maximum ignoring NaN; NaN where every value is NaN (no warning)."""
    any_valid = ~np.all(np.isnan(values), axis=axis)
    return np.where(any_valid, np.max(np.nan_to_num(values, nan=-np.inf), axis=axis), np.nan)


def fill_unseen(
    sic: ArrayLike,
    land: ArrayLike,
    coast: ArrayLike,
    pole_hole: ArrayLike,
    rule: str | None = None,
    *,
    radius_cells: int | None = None,
    pole_hole_ring_cells: int | None = None,
    lake: ArrayLike | None = None,
) -> tuple[Any, Any]:
    """Give coast and pole-hole cells a concentration from valid ocean cells nearby.

    Parameters
    ----------
    sic : array_like or xarray.DataArray, shape (..., ny, nx)
        Ice concentration as a fraction 0..1 (NaN = no value), one or more time
        steps on the grid of the masks.
    land, coast, pole_hole : array_like of bool, shape (ny, nx)
        Grid masks. Valid ocean cells are those in none of the masks with a
        finite ``sic``.
    rule : {"worst_neighbour", "nearest"}, optional
        How coast cells are filled; default the assumption ``icefill.rule``.
    radius_cells : int, optional
        Search radius for coast cells in grid cells (Euclidean, between cell
        centres); default the assumption ``icefill.radius_cells``.
    pole_hole_ring_cells : int, optional
        Width of the ring of cells around the pole hole whose worst value fills
        it; default the assumption ``icefill.pole_hole_ring_cells``.
    lake : array_like of bool, shape (ny, nx), optional
        Lake cells: never filled, NaN like land.

    Returns
    -------
    filled_sic : numpy.ndarray or xarray.DataArray
        ``sic`` with coast and pole-hole cells filled where a valid cell was in
        reach; land and lake NaN; unfilled unseen cells NaN.
    filled_mask : numpy.ndarray of bool or xarray.DataArray
        Same shape as ``sic``: True where the value was supplied by the fill, so
        a result can say it depends on filled cells.

    Raises
    ------
    IceFillError
        For an unknown rule, a negative radius, or masks not of the grid shape.

    Notes
    -----
    Priority of the masks: land/lake, then pole hole, then coast. A coast cell's
    own value (if any) is discarded: the coast flag means the value is
    contaminated. Ocean cells that are NaN for other reasons (missing swaths)
    are not filled and stay unknown. The search radius can reach across a
    narrow strip of land; with ``worst_neighbour`` that can only raise the value.
    """
    values = np.asarray(sic, dtype=float)
    if values.ndim < 2:
        raise IceFillError(f"sic must have at least 2 dimensions (..., ny, nx); got {values.shape}")
    shape = values.shape[-2:]
    land_m = _mask(land, "land", shape) | _mask(lake, "lake", shape)
    pole_m = _mask(pole_hole, "pole_hole", shape) & ~land_m
    coast_m = _mask(coast, "coast", shape) & ~land_m & ~pole_m

    rule, radius, ring = _fill_settings(rule, radius_cells, pole_hole_ring_cells)
    unseen = land_m | pole_m | coast_m
    out = values.copy()
    out[..., unseen] = np.nan
    _fill_coast(out, values, unseen, coast_m, rule, radius)
    _fill_pole_hole(out, values, unseen, pole_m, ring)
    filled = (pole_m | coast_m) & np.isfinite(out)
    return _as_input(sic, out, filled, rule, radius, ring)


def _fill_settings(rule, radius_cells, pole_hole_ring_cells) -> tuple[str, int, int]:
    """The fill rule and radii, from the arguments or the registry, checked."""
    rule = rule or assumptions.value("icefill.rule")
    if rule not in FILL_RULES:
        raise IceFillError(f"unknown fill rule {rule!r}; use one of {', '.join(FILL_RULES)}")
    radius = int(
        assumptions.value("icefill.radius_cells") if radius_cells is None else radius_cells
    )
    ring = int(
        assumptions.value("icefill.pole_hole_ring_cells")
        if pole_hole_ring_cells is None
        else pole_hole_ring_cells
    )
    if radius < 0 or ring < 0:
        raise IceFillError(
            f"radius_cells and pole_hole_ring_cells must be >= 0; got {radius} and {ring}"
        )
    return rule, radius, ring


_REACH: LockedLru[tuple[str, str, int], tuple] = LockedLru(8, every_date=True)
"""Coast cells and the cells within reach of each, by masks and radius (the masks are
the same in every field of a sensor)."""


def _coast_reach(unseen: np.ndarray, coast_m: np.ndarray, radius: int) -> tuple:
    """(coast rows, cols, neighbour rows, cols, neighbour is valid ocean, distance)."""

    def build() -> tuple:
        iy, ix = np.nonzero(coast_m)
        dy, dx, dist = _disk_offsets(radius)
        ny, nx = coast_m.shape
        ny_, nx_ = iy[:, None] + dy[None, :], ix[:, None] + dx[None, :]
        inside = (ny_ >= 0) & (ny_ < ny) & (nx_ >= 0) & (nx_ < nx)
        ny_c, nx_c = np.clip(ny_, 0, ny - 1), np.clip(nx_, 0, nx - 1)
        out = (iy, ix, ny_c, nx_c, inside & ~unseen[ny_c, nx_c], dist)
        for arr in out:
            arr.setflags(write=False)  # shared by every field with these masks
        return out

    return _REACH.get_or_build((array_digest(unseen), array_digest(coast_m), radius), build)


def _fill_coast(out, values, unseen, coast_m, rule: str, radius: int) -> None:
    """Coast cells take the largest (or nearest) value within ``radius`` cells."""
    if not (coast_m.any() and radius > 0):
        return
    iy, ix, ny_c, nx_c, valid, dist = _coast_reach(unseen, coast_m, radius)
    near = np.where(valid, values[..., ny_c, nx_c], np.nan)
    if rule == "nearest":
        reach = np.where(np.isnan(near), np.inf, dist)
        closest = reach == reach.min(axis=-1, keepdims=True)
        near = np.where(closest, near, np.nan)
    out[..., iy, ix] = _nanmax(near)


_HOLES: LockedLru[tuple[str, int], list] = LockedLru(8, every_date=True)
"""Cells of each pole hole and of its ring, by pole mask: a sensor's hole is the same in
every field it made (44 cells for F17), so its two distance transforms are done once."""


def _hole_rings(pole_m: np.ndarray, ring: int) -> list:
    """(hole cells, ring cells) of each pole hole, as (rows, cols) index pairs (cached)."""

    def build() -> list:
        labels, n_holes = ndimage.label(pole_m, structure=np.ones((3, 3), dtype=bool))
        out = []
        for hole in range(1, n_holes + 1):
            inside = labels == hole
            dist = ndimage.distance_transform_edt(~inside)
            out.append((np.nonzero(inside), np.nonzero((dist > 0) & (dist <= ring))))
        for pair in out:
            for arr in (*pair[0], *pair[1]):
                arr.setflags(write=False)  # shared by every field with this pole mask
        return out

    return _HOLES.get_or_build((array_digest(pole_m), ring), build)


def _fill_pole_hole(out, values, unseen, pole_m, ring: int) -> None:
    """Each pole hole takes the largest value in a ring of ``ring`` cells around it."""
    for (hy, hx), (ry, rx) in _hole_rings(pole_m, ring):
        ring_vals = np.where(unseen[ry, rx], np.nan, values[..., ry, rx])
        worst = _nanmax(ring_vals) if ry.size else np.full(values.shape[:-2], np.nan)
        out[..., hy, hx] = np.asarray(worst)[..., None]


def _as_input(sic, out, filled, rule: str, radius: int, ring: int):
    """The filled values and mask as arrays, or as DataArrays for a DataArray input."""
    if is_dataarray(sic):
        import xarray as xr

        attrs = {
            **sic.attrs,
            "fill_rule": rule,
            "fill_radius_cells": radius,
            "fill_pole_hole_ring_cells": ring,
            "assumptions": "icefill.rule, icefill.radius_cells, icefill.pole_hole_ring_cells",
        }
        filled_da = xr.DataArray(out, coords=sic.coords, dims=sic.dims, name=sic.name, attrs=attrs)
        mask_da = xr.DataArray(
            filled,
            coords=sic.coords,
            dims=sic.dims,
            name="filled",
            attrs={"long_name": f"cell value supplied by fill_unseen ({rule})"},
        )
        return filled_da, mask_da
    return out, filled
