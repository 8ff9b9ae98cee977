"""One month of the G02202 CDR from its own file (v3r01, v4r00, v5r00), in the seaice model.

:func:`arcticroute.ice.seaice.read_g02202` reads the concentration of every
version. The versions differ in where the surface types live:

* v3r01 and v4r00 flag them inside the concentration byte (251 pole hole,
  252 lake, 253 coast, 254 land, 255 missing, from the variable's
  ``flag_values``/``flag_meanings``); the reader turns those into masks.
* v5r00 leaves every non-ocean cell at ``_FillValue`` 255 in
  ``cdr_seaice_conc_monthly`` and gives the surface in a separate
  ``surface_type_mask(y, x)`` with ``flag_values`` 50 ocean, 75 lake,
  100 pole hole, 200 coast, 250 land (``flag_meanings`` "ocean lake
  polehole_mask coast land"). Source: NSIDC's production code
  ``nsidc/seaice_ecdr``, ``monthly.py`` (``make_monthly_ds`` writes
  ``surface_type_mask`` next to ``cdr_seaice_conc_monthly``, uint8, scale 0.01,
  ``_FillValue`` 255) and its ancillary-file builder (the flag table).

:func:`read_cdr_month` takes the masks from ``surface_type_mask`` where the file
has one, so land, coast, lake and pole hole are masks in every version and a
v5 land cell is never read as "missing ocean". These v4/v5 layouts come from the
producer's code, not from a real v4/v5 file opened here (none is reachable from
the project's machines); the real v3r01 files are the ones the tests read.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import xarray as xr

from arcticroute.errors import DataFileError
from arcticroute.ice import seaice

__all__ = ["SURFACE_VARIABLE", "read_cdr_month"]

SURFACE_VARIABLE = "surface_type_mask"
"""v5 variable of the surface types (nsidc/seaice_ecdr, ``monthly.py``)."""

_ROLES = {"ocean": None, "lake": "lake", "pole": "pole_hole", "coast": "coast", "land": "land"}


def _surface_masks(path: Path) -> dict[str, np.ndarray] | None:
    """land/coast/lake/pole_hole (y, x) from ``surface_type_mask``, or None without it."""
    try:
        with xr.open_dataset(path, engine="netcdf4", mask_and_scale=False) as ds:
            if SURFACE_VARIABLE not in ds.variables:
                return None
            var = ds[SURFACE_VARIABLE]
            values = np.atleast_1d(np.asarray(var.attrs.get("flag_values", []))).astype(int)
            meanings = str(var.attrs.get("flag_meanings", "")).split()
            raw = np.asarray(var.values).astype(np.int64) % 256
    except (OSError, RuntimeError, ValueError, KeyError) as exc:
        raise DataFileError(f"cannot read {SURFACE_VARIABLE} from {path}: {exc}") from exc
    if raw.shape[-2:] != (448, 304) or len(values) != len(meanings) or not len(values):
        raise DataFileError(
            f"{path}: {SURFACE_VARIABLE} has shape {raw.shape} and {len(values)} flag_values "
            f"for {len(meanings)} flag_meanings; expected (448, 304) and one meaning per value"
        )
    raw = raw.reshape(raw.shape[-2:])
    roles = ("land", "coast", "lake", "pole_hole")
    masks = {role: np.zeros(raw.shape, dtype=bool) for role in roles}
    for value, meaning in zip(values.tolist(), meanings, strict=True):
        key = next((k for k in _ROLES if k in meaning.lower()), None)
        if key is None:
            raise DataFileError(
                f"{path}: {SURFACE_VARIABLE} flag {value} ({meaning!r}) has no known meaning; "
                "known: ocean, lake, pole hole, coast, land"
            )
        if _ROLES[key] is not None:
            masks[_ROLES[key]] |= raw == int(value) % 256
    return masks


def read_cdr_month(path: str | os.PathLike) -> xr.Dataset:
    """Read one per-month G02202 file (v3r01, v4r00 or v5r00) into the seaice model.

    Parameters
    ----------
    path : str or path-like
        e.g. ``seaice_conc_monthly_nh_f17_201209_v03r01.nc``,
        ``seaice_conc_monthly_nh_201209_f17_v04r00.nc`` or
        ``sic_psn25_201209_F17_v05r00.nc``.

    Returns
    -------
    xarray.Dataset
        As :func:`arcticroute.ice.seaice.read_g02202`, one time step; with a
        ``surface_type_mask`` (v5) the ``land``, ``coast``, ``lake`` and
        ``pole_hole`` masks come from it and ``sic`` is NaN on them.

    Raises
    ------
    DataFileError
        As :func:`~arcticroute.ice.seaice.read_g02202`; also a file holding more
        than one month, or a ``surface_type_mask`` with an unknown flag.
    """
    p = Path(path)
    ds = seaice.read_g02202(p)
    if ds.sizes["time"] != 1:
        raise DataFileError(
            f"{p}: {ds.sizes['time']} time steps; a per-month G02202 file holds one month"
        )
    masks = _surface_masks(p)
    if masks is None:
        return ds
    hole = masks["pole_hole"][np.newaxis]
    unknown = masks["land"] | masks["coast"] | masks["lake"] | masks["pole_hole"]
    sic = np.where(unknown[np.newaxis], np.float32(np.nan), ds["sic"].values)
    return ds.assign(
        sic=(ds["sic"].dims, sic.astype(np.float32), ds["sic"].attrs),
        land=(("y", "x"), masks["land"], ds["land"].attrs),
        coast=(("y", "x"), masks["coast"], ds["coast"].attrs),
        lake=(("y", "x"), masks["lake"], ds["lake"].attrs),
        pole_hole=(("time", "y", "x"), hole, ds["pole_hole"].attrs),
    )
