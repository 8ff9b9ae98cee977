"""Sea-ice concentration readers: one model on the psn25 grid.

Every reader returns the same :class:`xarray.Dataset`:

* ``sic(time, y, x)``: sea-ice concentration as a **fraction 0..1**, float32,
  ``standard_name = sea_ice_area_fraction``, ``units = 1``; NaN wherever the
  concentration is not known (land, coast, lake, pole hole, missing data). A
  flag or fill value is never read as a concentration, and never as open water.
* ``land(y, x)``, ``coast(y, x)``, ``lake(y, x)``: boolean surface masks from the
  file's own flags; ``pole_hole(time, y, x)``: boolean, the unobserved disc
  around the pole (it shrinks with newer sensors, so it has a time axis).
* coordinates ``time`` (datetime64), ``x``/``y`` (cell centres, m, EPSG:3411) and
  2-D ``lat``/``lon`` (degrees, from pyproj, see :func:`icegrid.psn25_lonlat`).
* a ``crs`` grid-mapping variable with CF attributes and ``crs_wkt``;
  ``sic.attrs["grid_mapping"] = "crs"``.
* ``attrs``: ``grid = "psn25"``, ``epsg``, ``product``, ``version``, ``source_file``.

Percent and tenths of percent exist only inside the readers; the conversion is
done once, by an exact division (``raw / 100`` in float32), so that a raw 15 %
is exactly ``np.float32(0.15)`` and passes the 15 % extent threshold.

Flags per product
-----------------
=========================  =====================  ==========================
product                    raw encoding           flags
=========================  =====================  ==========================
G02202 v3 (``read_g02202``) uint8 0-100 = %       251 pole hole, 252 lake,
  (int8 ``_Unsigned`` in                            253 coast, 254 land,
  the NSIDC files)                                  255 missing
Sea Ice Index v3 GeoTIFF    uint16 0-1000 =       2510 pole hole, 2530 coast,
  and stacked NetCDF        tenths of %           2540 land, 2550 missing
CMIP6 ``siconc``            float32 %, NaN        NaN = no model ocean (land)
=========================  =====================  ==========================

The G02202 and stacked-NetCDF readers take the flag table from the variable's
``flag_values``/``flag_meanings`` attributes and fall back to the table above
only when a file has none. Any raw value above the valid maximum that is not a
listed flag is an error. The Sea Ice Index has no lake flag: its 666 NSIDC lake
cells are stored as 0 (a value, not a flag); use the grid's ``region_n_msk == 0``
to leave them out if that matters.

The G02202 reader works on numpy arrays read with netCDF4 alone
(:func:`read_g02202_block`; :func:`read_g02202` wraps them in the dataset), so the
router reads an observed month without importing xarray (about 0.8 s and 90 MiB
with the pandas it pulls in).

Errors
------
A missing file, an unreadable (truncated, random-bytes) file, a missing
variable, a grid other than psn25 or a time step without a single valid cell
raise :class:`arcticroute.errors.DataFileError` naming the file and the problem.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from arcticroute.errors import DataFileError
from arcticroute.geo import geodesy
from arcticroute.ice.icegrid import PSN25_EPSG, PSN25_SHAPE, psn25_lonlat, psn25_xy_m

if TYPE_CHECKING:
    import xarray as xr

__all__ = [
    "G02202_VARIABLES",
    "G02202Block",
    "g02202_dataset",
    "g02202_times",
    "read_cmip6_siconc",
    "read_g02202",
    "read_g02202_block",
    "read_seaiceindex_geotiff",
    "read_seaiceindex_netcdf",
]

G02202_VARIABLES = (
    "cdr_seaice_conc",  # repacked v3 cube; v4/v5 daily files
    "seaice_conc_monthly_cdr",  # v3r01 monthly files
    "seaice_conc_cdr",  # v3r01 daily files
    "cdr_seaice_conc_monthly",  # v4r00 / v5r00 monthly files
)
"""Concentration variables :func:`read_g02202` looks for, in this order."""

_G02202_DEFAULT_FLAGS = {251: "pole_hole", 252: "lake", 253: "coast", 254: "land", 255: "missing"}
_SII_FLAGS = {2510: "pole_hole", 2530: "coast", 2540: "land", 2550: "missing"}
_FLAG_ROLE = {
    "pole": "pole_hole",
    "lake": "lake",
    "coast": "coast",
    "land": "land",
    "missing": "missing",
    "unused": "missing",
    "fill": "missing",
}
_READ_ERRORS = (OSError, RuntimeError, ValueError, KeyError, IndexError, EOFError)


# ----------------------------------------------------------------------------- helpers


def _check_path(path: str | os.PathLike, what: str) -> Path:
    p = Path(path).expanduser()
    if not p.is_file():
        raise DataFileError(f"{what} file {p} not found; check the path or fetch the file again")
    return p


def _open_netcdf(path: Path, *, decode_times: bool = True, mask_and_scale: bool = False):
    import xarray as xr

    try:
        return xr.open_dataset(
            path, engine="netcdf4", mask_and_scale=mask_and_scale, decode_times=decode_times
        )
    except _READ_ERRORS as exc:
        raise DataFileError(
            f"cannot open {path} as NetCDF ({type(exc).__name__}: {exc}); the file is "
            "truncated, corrupt or not NetCDF: fetch it again"
        ) from exc


def _load(path: Path, var: xr.DataArray) -> np.ndarray:
    try:
        return var.values
    except _READ_ERRORS as exc:
        raise DataFileError(
            f"cannot read variable {var.name!r} from {path} ({type(exc).__name__}: {exc}); "
            "the file is truncated or corrupt: fetch it again"
        ) from exc


def _flag_table(path: Path, name: str, attrs: dict, width: int, default: dict[int, str]):
    values = attrs.get("flag_values")
    meanings = attrs.get("flag_meanings")
    if values is None or meanings is None:
        return dict(default)
    values = np.atleast_1d(np.asarray(values)).astype(np.int64) % (1 << width)
    meanings = str(meanings).split()
    if len(values) != len(meanings):
        raise DataFileError(
            f"{path}: variable {name!r} has {len(values)} flag_values but "
            f"{len(meanings)} flag_meanings; the file's metadata is inconsistent"
        )
    table = {}
    for value, meaning in zip(values.tolist(), meanings, strict=True):
        role = next((r for key, r in _FLAG_ROLE.items() if key in meaning.lower()), None)
        if role is None:
            raise DataFileError(
                f"{path}: flag {value} ({meaning!r}) of {name!r} has no known meaning; "
                "known: pole hole, lake, coast, land, missing"
            )
        table[int(value)] = role
    return table


def _decode(
    path: Path, raw: np.ndarray, *, per_unit: int, flags: dict[int, str], what: str
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Raw counts (time, y, x) -> float32 fraction with NaN, plus flag masks."""
    if raw.dtype.kind == "i" and raw.dtype.itemsize == 1:
        raw = raw.view(np.uint8)  # NSIDC int8 with _Unsigned = true
    if raw.dtype.kind not in "iu":
        raise DataFileError(f"{path}: {what} has dtype {raw.dtype}, expected integer counts")
    valid = raw <= per_unit
    if raw.dtype.kind == "i":
        valid &= raw >= 0
    present = np.flatnonzero(np.bincount(raw.ravel().astype(np.int64) - int(raw.min())))
    present += int(raw.min())
    bad = [int(v) for v in present if (v < 0 or v > per_unit) and int(v) not in flags]
    if bad:
        raise DataFileError(
            f"{path}: {what} holds values {bad[:8]} that are neither a concentration "
            f"(0-{per_unit}) nor a documented flag ({sorted(flags)})"
        )
    # land/coast/lake are 2-D: identical in all 348 months of the v3 cube; a cell
    # flagged at any time step counts. The pole hole changes with the sensor.
    static = np.zeros(raw.shape[1:], dtype=bool)
    masks = {"pole_hole": np.zeros(raw.shape, dtype=bool)}
    masks.update({role: static.copy() for role in ("coast", "land", "lake")})
    for value, role in flags.items():
        if role == "pole_hole":
            masks[role] |= raw == value
        elif role in masks:
            masks[role] |= (raw == value).any(axis=0)
    sic = raw.astype(np.float32)
    sic /= np.float32(per_unit)  # exact division: raw 15 % -> float32(0.15)
    sic[~valid] = np.nan
    return sic, masks


def _check_psn25_axes(path: Path, x: np.ndarray | None, y: np.ndarray | None) -> None:
    x_m, y_m = psn25_xy_m()
    for name, got, want in (("x", x, x_m), ("y", y, y_m)):
        if got is None:
            continue
        got = np.asarray(got, dtype=np.float64)
        if got.shape != want.shape or np.max(np.abs(got - want)) > 1.0:
            raise DataFileError(
                f"{path}: {name} coordinates do not match the psn25 cell centres "
                f"({want[0]:.0f} ... {want[-1]:.0f} m in 25 km steps); is this another grid?"
            )


def _check_shape(path: Path, shape: tuple[int, ...], what: str) -> None:
    if tuple(shape[-2:]) != PSN25_SHAPE:
        raise DataFileError(
            f"{path}: {what} has grid shape {tuple(shape[-2:])}, expected psn25 {PSN25_SHAPE} "
            "(448 rows x 304 columns, NSIDC 25 km polar stereographic north)"
        )


@lru_cache(maxsize=1)
def crs_attrs() -> dict:
    from pyproj import CRS

    crs = CRS.from_epsg(PSN25_EPSG)
    attrs = {k: v for k, v in crs.to_cf().items() if v is not None}
    attrs["spatial_ref"] = attrs["crs_wkt"]
    attrs["epsg_code"] = f"EPSG:{PSN25_EPSG}"
    return attrs


def _build(
    path: Path,
    sic: np.ndarray,
    masks: dict[str, np.ndarray],
    time: np.ndarray,
    *,
    product: str,
    version: str,
    extra: dict | None = None,
) -> xr.Dataset:
    import xarray as xr

    time = np.asarray(time).astype("datetime64[ns]")
    if sic.shape[0] != time.shape[0]:
        raise DataFileError(
            f"{path}: {sic.shape[0]} concentration fields but {time.shape[0]} time values"
        )
    empty = ~np.isfinite(sic).reshape(sic.shape[0], -1).any(axis=1)
    if empty.any():
        days = np.datetime_as_string(time[empty], unit="D")
        raise DataFileError(
            f"{path}: no valid concentration at time step(s) {', '.join(days[:5])}"
            f"{' ...' if empty.sum() > 5 else ''} (every cell flagged or missing)"
        )
    x_m, y_m = psn25_xy_m()
    lon, lat = psn25_lonlat()
    cell = ("y", "x")
    ds = xr.Dataset(
        {
            "sic": (
                ("time", *cell),
                sic,
                {
                    "standard_name": "sea_ice_area_fraction",
                    "long_name": "sea ice concentration",
                    "units": "1",
                    "valid_range": np.array([0.0, 1.0], dtype=np.float32),
                    "grid_mapping": "crs",
                    "comment": "NaN where unknown: land, coast, lake, pole hole, missing data",
                },
            ),
            "land": (cell, masks["land"], {"long_name": "land flag"}),
            "coast": (cell, masks["coast"], {"long_name": "coast flag"}),
            "lake": (cell, masks["lake"], {"long_name": "lake flag"}),
            "pole_hole": (
                ("time", *cell),
                masks["pole_hole"],
                {"long_name": "pole hole: not observed by the sensor"},
            ),
            "crs": ((), np.int32(0), crs_attrs()),
        },
        coords={
            "time": ("time", time, {"standard_name": "time"}),
            "y": ("y", y_m, {"units": "m", "standard_name": "projection_y_coordinate"}),
            "x": ("x", x_m, {"units": "m", "standard_name": "projection_x_coordinate"}),
            "lat": (cell, lat, {"units": "degrees_north", "standard_name": "latitude"}),
            "lon": (cell, lon, {"units": "degrees_east", "standard_name": "longitude"}),
        },
        attrs=_dataset_attrs(path, product, version, extra),
    )
    return ds


def _dataset_attrs(path: Path, product: str, version: str, extra: dict | None) -> dict:
    """The global attrs of every reader's dataset."""
    return {
        "grid": "psn25",
        "epsg": PSN25_EPSG,
        "product": product,
        "version": version,
        "source_file": str(path),
        "Conventions": "CF-1.8",
        **(extra or {}),
    }


def _time_values(path: Path, ds: xr.Dataset, var: xr.DataArray) -> np.ndarray:
    name = var.dims[0] if var.ndim == 3 else None
    for cand in (name, "time"):
        if cand and cand in ds.variables and ds[cand].ndim == 1:
            values = ds[cand].values
            if np.issubdtype(values.dtype, np.datetime64):
                return values
    raise DataFileError(
        f"{path}: no decodable time coordinate for {var.name!r}; expected a CF 'time' variable"
    )


# ----------------------------------------------------------------------------- readers


@contextmanager
def _open_nc4(path: Path) -> Iterator[Any]:
    """A NetCDF file opened with netCDF4, raw values (no masking or scaling)."""
    import netCDF4

    try:
        ds = netCDF4.Dataset(path)
    except _READ_ERRORS as exc:
        raise DataFileError(
            f"cannot open {path} as NetCDF ({type(exc).__name__}: {exc}); the file is "
            "truncated, corrupt or not NetCDF: fetch it again"
        ) from exc
    try:
        ds.set_auto_maskandscale(False)
        yield ds
    finally:
        ds.close()


def _nc4_attrs(var: Any) -> dict[str, Any]:
    return {key: var.getncattr(key) for key in var.ncattrs()}


def _nc4_values(path: Path, var: Any, index: Any = slice(None)) -> np.ndarray:
    try:
        return np.asarray(var[index])
    except _READ_ERRORS as exc:
        raise DataFileError(
            f"cannot read variable {var.name!r} from {path} ({type(exc).__name__}: {exc}); "
            "the file is truncated or corrupt: fetch it again"
        ) from exc


def _nc4_time(path: Path, ds: Any, var: Any) -> np.ndarray:
    """The CF time axis of ``var`` (its first dimension, else ``time``) as datetime64[ns]."""
    import netCDF4

    first = var.dimensions[0] if len(var.dimensions) == 3 else None
    for cand in (first, "time"):
        t = ds.variables.get(cand) if cand else None
        if t is None or t.ndim != 1:
            continue
        try:
            dates = netCDF4.num2date(
                _nc4_values(path, t),
                t.getncattr("units"),
                calendar=_nc4_attrs(t).get("calendar", "standard"),
                only_use_cftime_datetimes=False,
                only_use_python_datetimes=True,
            )
        except (AttributeError, ValueError, TypeError, OverflowError):
            continue
        return np.array(np.atleast_1d(dates), dtype="datetime64[ns]")
    raise DataFileError(
        f"{path}: no decodable time coordinate for {var.name!r}; expected a CF 'time' variable"
    )


def _g02202_variable(path: Path, ds: Any, variable: str | None) -> Any:
    found = ", ".join(n for n, v in ds.variables.items() if v.ndim >= 2) or "none"
    if variable is None:
        variable = next((v for v in G02202_VARIABLES if v in ds.variables), None)
        if variable is None:
            raise DataFileError(
                f"{path}: no G02202 concentration variable; looked for "
                f"{', '.join(G02202_VARIABLES)}; found {found}"
            )
    elif variable not in ds.variables:
        raise DataFileError(f"{path}: variable {variable!r} not found; available: {found}")
    return ds.variables[variable]


def g02202_times(path: str | os.PathLike, variable: str | None = None) -> np.ndarray:
    """Time axis of a G02202 file (datetime64), without reading the concentration.

    Raises
    ------
    DataFileError
        As :func:`read_g02202`.
    """
    p = _check_path(path, "G02202")
    with _open_nc4(p) as ds:
        return np.atleast_1d(_nc4_time(p, ds, _g02202_variable(p, ds, variable)))


@dataclass(frozen=True)
class G02202Block:
    """Time steps of a G02202 file as numpy arrays (what :func:`read_g02202` wraps).

    ``sic`` (time, y, x) float32 fraction with NaN unknown; ``masks`` as the
    dataset's (``land``/``coast``/``lake`` 2-D over the steps read, ``pole_hole``
    per step); ``time`` datetime64[ns]; ``version`` (e.g. ``"v03r01"``) and the
    ``variable`` read.
    """

    path: Path
    sic: np.ndarray
    masks: dict[str, np.ndarray]
    time: np.ndarray
    version: str
    variable: str

    @property
    def attrs(self) -> dict:
        """The attrs of its dataset (:func:`g02202_dataset`)."""
        return _dataset_attrs(self.path, "G02202", self.version, {"variable": self.variable})


def read_g02202_block(
    path: str | os.PathLike,
    variable: str | None = None,
    time_index: int | None = None,
    time_count: int = 1,
) -> G02202Block:
    """:func:`read_g02202` as numpy arrays, with netCDF4 alone (no xarray).

    Parameters, errors and coding as :func:`read_g02202`.
    """
    p = _check_path(path, "G02202")
    with _open_nc4(p) as ds:
        var = _g02202_variable(p, ds, variable)
        name, attrs = str(var.name), _nc4_attrs(var)
        if var.ndim not in (2, 3):
            raise DataFileError(f"{p}: {name!r} has {var.ndim} dims, expected (time, y, x)")
        _check_shape(p, var.shape, repr(name))
        scale = attrs.get("scale_factor")
        if scale is not None and not np.isclose(float(scale), 0.01):
            raise DataFileError(
                f"{p}: {name!r} has scale_factor {scale}; only percent bytes (0.01) are known"
            )
        x_found, y_found = (
            next((_nc4_values(p, ds.variables[n]) for n in names if _is_axis(ds, n)), None)
            for names in (("x", "xgrid"), ("y", "ygrid"))
        )
        _check_psn25_axes(p, x_found, y_found)
        steps: Any = slice(None)
        if var.ndim == 3:
            time = _nc4_time(p, ds, var)
            if time_index is not None:
                if not 0 <= time_index < var.shape[0]:
                    raise DataFileError(
                        f"{p}: time_index {time_index} outside 0..{var.shape[0] - 1}"
                    )
                steps = slice(time_index, time_index + max(int(time_count), 1))
                time = time[steps]
        else:
            if "time" not in ds.variables:
                raise DataFileError(f"{p}: 2-D field without a time coordinate")
            time = _nc4_time(p, ds, var)
        flags = _flag_table(p, name, attrs, 8, _G02202_DEFAULT_FLAGS)
        raw = _nc4_values(p, var, steps)
        version = str(_nc4_attrs(ds).get("product_version", ""))
    if raw.ndim == 2:
        raw = raw[np.newaxis]
    if not version:
        m = re.search(r"v0?(\d)r(\d\d)", p.name)
        version = f"v0{m.group(1)}r{m.group(2)}" if m else "unknown"
    sic, masks = _decode(p, raw, per_unit=100, flags=flags, what=repr(name))
    return G02202Block(p, sic, masks, time, version, name)


def _is_axis(ds: Any, name: str) -> bool:
    return name in ds.variables and ds.variables[name].ndim == 1


def read_g02202(
    path: str | os.PathLike,
    variable: str | None = None,
    time_index: int | None = None,
    time_count: int = 1,
) -> xr.Dataset:
    """Read NOAA/NSIDC CDR sea-ice concentration (G02202), northern hemisphere psn25.

    Parameters
    ----------
    path : str or path-like
        A G02202 NetCDF file: a v3r01 monthly or daily file
        (``seaice_conc_monthly_nh_f17_201209_v03r01.nc``), the repacked v3 monthly
        cube ``g02202_v03r01_monthly_nh_198901-201712.nc``, or a v4/v5 file (see
        Notes).
    variable : str, optional
        Concentration variable to read. Default: the first of
        :data:`G02202_VARIABLES` present (the CDR field); pass e.g.
        ``"goddard_merged_seaice_conc_monthly"`` (v3 file) or
        ``"goddard_merged_seaice_conc"`` (cube) for the Goddard merged field.
    time_index : int, optional
        Read only this time step of a file with a time axis (e.g. one month of
        the 1989-2017 cube: 0.13 MB instead of the whole cube in memory).
    time_count : int
        With ``time_index``: read this many steps from it (fewer at the end of the
        file), e.g. a year of the cube in one read.

    Returns
    -------
    xarray.Dataset
        The common model described in the module docstring; ``product = "G02202"``,
        ``version`` from the file (e.g. ``"v03r01"``), ``variable`` in attrs.

    Raises
    ------
    DataFileError
        Missing/unreadable file, no concentration variable, grid other than psn25,
        values that are neither 0-100 % nor a flag, or a time step without data.

    Notes
    -----
    Raw storage is bytes 0-100 (percent; CF ``scale_factor = 0.01`` in the NSIDC
    files) with flags 251 pole hole, 252 lake, 253 coast, 254 land, 255 missing;
    the flag table is read from ``flag_values``/``flag_meanings``.

    v4 (v04r00, DOI 10.7265/efmz-2t65) and v5 (v05r00) store the CDR field as
    ``cdr_seaice_conc_monthly`` (monthly) / ``cdr_seaice_conc`` (daily) with the
    same byte coding (0-100, scale 0.01, ``_FillValue`` 255), on the same grid;
    v4 aggregate files use a ``tdim`` time dimension. These names and the coding
    come from NSIDC's own production code (``nsidc/seaice_ecdr``, monthly module)
    and public user code, not from a v4/v5 file we opened: the reader accepts
    them, but that path is **not verified** against a real v4/v5 file. The v4/v5
    NASA Team and Bootstrap inputs (``nsidc_nt_*``, ``nsidc_bt_*``) can be read
    with ``variable=``.
    """
    return g02202_dataset(read_g02202_block(path, variable, time_index, time_count))


def g02202_dataset(block: G02202Block) -> xr.Dataset:
    """A :class:`G02202Block` in the dataset model of this module (what
    :func:`read_g02202` returns; the arrays are the block's own)."""
    return _build(
        block.path,
        block.sic,
        block.masks,
        block.time,
        product="G02202",
        version=block.version,
        extra={"variable": block.variable},
    )


_SII_NAME = re.compile(r"N_(\d{8})_concentration_v(\d+\.\d+)\.tif$")


def read_seaiceindex_geotiff(path: str | os.PathLike, time: str | None = None) -> xr.Dataset:
    """Read one Sea Ice Index (G02135) daily concentration GeoTIFF, northern hemisphere.

    Parameters
    ----------
    path : str or path-like
        ``N_YYYYMMDD_concentration_v3.0.tif`` (v4.0 names are accepted too).
    time : str, optional
        ISO date of the field; default: parsed from the NSIDC file name.

    Returns
    -------
    xarray.Dataset
        The common model with one time step; ``product = "G02135"``.

    Raises
    ------
    DataFileError
        Unreadable file, CRS other than EPSG:3411, transform or shape other than
        psn25, values neither 0-1000 nor a flag, no date.

    Notes
    -----
    Pixels are uint16: 0-1000 = concentration in tenths of a percent (so
    ``sic = raw / 1000``); 2510 pole hole, 2530 coast, 2540 land, 2550 missing
    (checked on the 2025 files: exactly 44 pole-hole, 5 052 coast and 63 212 land
    cells, the counts of the G02202 F17 masks). There is no lake flag.
    The v4.0 GeoTIFFs are assumed to share this coding (not verified).
    """
    import rasterio
    from rasterio.errors import NotGeoreferencedWarning, RasterioError

    p = _check_path(path, "Sea Ice Index GeoTIFF")
    m = _SII_NAME.search(p.name)
    if time is None:
        if m is None:
            raise DataFileError(
                f"{p}: cannot tell the date from the file name; pass time='YYYY-MM-DD' or use "
                "the NSIDC name N_YYYYMMDD_concentration_v3.0.tif"
            )
        time = f"{m.group(1)[:4]}-{m.group(1)[4:6]}-{m.group(1)[6:]}"
    version = f"v{m.group(2)}" if m else "unknown"
    try:
        stamp = np.datetime64(time, "D")
    except ValueError as exc:
        raise DataFileError(f"time {time!r} is not an ISO date (YYYY-MM-DD)") from exc
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", NotGeoreferencedWarning)
            with rasterio.open(p) as src:
                raw = src.read(1)
                crs, transform, shape = src.crs, src.transform, (src.height, src.width)
    except (RasterioError, *_READ_ERRORS) as exc:
        raise DataFileError(
            f"cannot read {p} as GeoTIFF ({type(exc).__name__}: {exc}); the file is truncated, "
            "corrupt or not a GeoTIFF: fetch it again"
        ) from exc
    if crs is None:
        raise DataFileError(
            f"{p}: no CRS/georeferencing; the file is truncated or corrupt (NSIDC GeoTIFFs keep "
            "their geokeys at the end), or not an NSIDC GeoTIFF: fetch it again"
        )
    if crs.to_epsg() != PSN25_EPSG:
        raise DataFileError(f"{p}: CRS is {crs}, expected EPSG:{PSN25_EPSG} (NSIDC psn25)")
    _check_shape(p, shape, "raster")
    t = transform
    if not np.allclose((t.a, t.b, t.c, t.d, t.e, t.f), (25e3, 0, -3.85e6, 0, -25e3, 5.85e6)):
        raise DataFileError(
            f"{p}: geotransform {tuple(t)[:6]} is not psn25 "
            "(25 km cells from x=-3 850 000, y=5 850 000 m, north-up)"
        )
    sic, masks = _decode(p, raw[np.newaxis], per_unit=1000, flags=_SII_FLAGS, what="raster")
    return _build(p, sic, masks, np.array([stamp]), product="G02135", version=version)


def read_seaiceindex_netcdf(path: str | os.PathLike, variable: str = "concentration") -> xr.Dataset:
    """Read a stack of Sea Ice Index daily GeoTIFF values repacked into NetCDF.

    Parameters
    ----------
    path : str or path-like
        e.g. ``N_daily_concentration_v3.0_20250101-20250611.nc``: variable
        ``concentration(time, y, x)`` uint16 raw GeoTIFF values, ``x``/``y`` cell
        centres (m), CF time.
    variable : str
        Name of the raw-value variable.

    Returns
    -------
    xarray.Dataset
        The common model; ``product = "G02135"``.

    Notes
    -----
    Same coding as :func:`read_seaiceindex_geotiff` (tenths of a percent; flags
    from the variable's ``flag_values``/``flag_meanings``: 2510 pole hole,
    2530 coast, 2540 land, 2550 missing).
    """
    p = _check_path(path, "Sea Ice Index NetCDF")
    with _open_netcdf(p) as ds:
        if variable not in ds.variables:
            raise DataFileError(
                f"{p}: variable {variable!r} not found; available: "
                f"{', '.join(map(str, ds.data_vars))}"
            )
        var = ds[variable]
        if var.ndim != 3:
            raise DataFileError(f"{p}: {variable!r} has dims {var.dims}, expected (time, y, x)")
        _check_shape(p, var.shape, repr(variable))
        _check_psn25_axes(
            p,
            ds["x"].values if "x" in ds.variables else None,
            ds["y"].values if "y" in ds.variables else None,
        )
        time = _time_values(p, ds, var)
        flags = _flag_table(p, variable, var.attrs, 16, _SII_FLAGS)
        raw = _load(p, var)
        m = re.search(r"v(\d+\.\d+)", p.name)
    sic, masks = _decode(p, raw, per_unit=1000, flags=flags, what=repr(variable))
    version = f"v{m.group(1)}" if m else "unknown"
    return _build(p, sic, masks, time, product="G02135", version=version)


def _cftime_to_datetime64(values) -> np.ndarray:
    out = []
    for v in np.atleast_1d(values):
        if isinstance(v, np.datetime64):
            out.append(v.astype("datetime64[s]"))
        else:
            out.append(
                np.datetime64(
                    f"{v.year:04d}-{v.month:02d}-{v.day:02d}T{v.hour:02d}:{v.minute:02d}", "s"
                )
            )
    return np.array(out)


def read_cmip6_siconc(
    path: str | os.PathLike, *, max_distance_km: float = 100.0, min_lat_deg: float = 25.0
) -> xr.Dataset:
    """Read CMIP6 ``siconc`` on its native ocean grid and regrid it to psn25.

    Parameters
    ----------
    path : str or path-like
        A CMIP6 ``siconc`` file (SImon or SIday, ``gn`` grid) with 2-D
        ``latitude``/``longitude`` (or ``lat``/``lon``) cell centres, e.g. CanESM5
        ORCA1 (291 x 360).
    max_distance_km : float
        Largest great-circle distance from a psn25 cell centre to the model cell
        centre it takes its value from; farther cells are NaN and marked land.
    min_lat_deg : float
        Model cells south of this latitude are ignored (psn25 reaches 31.1°N).

    Returns
    -------
    xarray.Dataset
        The common model; ``product = "CMIP6 siconc"``, model, experiment and
        variant in attrs; ``land`` = psn25 cells without model ocean;
        ``coast``, ``lake``, ``pole_hole`` all False (a model has no pole hole).

    Notes
    -----
    **Method: nearest neighbour on the sphere.** Model and psn25 cell centres are
    turned into unit vectors (spherical Earth) and each psn25 centre takes the
    value of the nearest model centre (scipy ``cKDTree``), if it is within
    ``max_distance_km``. Why: psn25 cells (25 km) are smaller than ORCA1 cells
    (about 40-100 km in the Arctic), so nearly every psn25 cell lies inside a
    single model cell and nearest-neighbour is close to what conservative
    remapping would give at this resolution ratio, without smoothing the ice
    edge (bilinear/inverse-distance would invent intermediate concentrations and
    bleed the model's NaN land into the sea). Model land is NaN in ``siconc``, so
    psn25 cells nearest to a model land cell are NaN and marked ``land``.
    ``max_distance_km`` only guards against files that omit land cells or cover
    part of the Arctic; on CanESM5 it never binds (the same cells are land at
    100 and 300 km). Extent and area on psn25 agree with the model's own
    ``areacello`` sums to within 1.1 % for every month of 2020 (tests allow 1.5 %).

    ``siconc`` is in percent (CMIP6 data request, ``units = "%"``) and is divided
    by 100; a file in fraction (``units = "1"``) is taken as is.
    """
    p = _check_path(path, "CMIP6 siconc")
    lat, lon, values, times, units, attrs = _read_cmip6_arrays(p)
    values = _cmip6_fraction(p, values, units)
    sic = _regrid_to_psn25(p, lat, lon, values, min_lat_deg, max_distance_km)
    land = ~np.isfinite(sic).any(axis=0)
    zeros = np.zeros(PSN25_SHAPE, dtype=bool)
    masks = {"land": land, "coast": zeros, "lake": zeros}
    masks["pole_hole"] = np.zeros(sic.shape, dtype=bool)
    time = _cftime_to_datetime64(times)
    attrs.update(
        regrid_method=f"nearest neighbour on the sphere (cKDTree), max {max_distance_km:g} km",
        source_units=units,
    )
    return _build(p, sic, masks, time, product="CMIP6 siconc", version="CMIP6", extra=attrs)


def _read_cmip6_arrays(p: Path) -> tuple:
    """Latitude, longitude, siconc (time, j, i), times, units and global attributes."""
    with _open_netcdf(p, decode_times=False, mask_and_scale=True) as ds:
        if "siconc" not in ds.variables:
            raise DataFileError(
                f"{p}: no 'siconc' variable (found {', '.join(map(str, ds.data_vars))}); "
                "read_cmip6_siconc needs CMIP6 SImon/SIday siconc on the ocean grid"
            )
        var = ds["siconc"]
        lat_name = next((n for n in ("latitude", "lat") if n in ds.variables), None)
        lon_name = next((n for n in ("longitude", "lon") if n in ds.variables), None)
        if lat_name is None or lon_name is None or ds[lat_name].ndim != 2:
            raise DataFileError(
                f"{p}: needs 2-D cell-centre 'latitude'/'longitude' of the native grid"
            )
        if var.ndim != 3 or ds[lat_name].shape != var.shape[1:]:
            raise DataFileError(
                f"{p}: siconc has shape {var.shape}; expected (time, j, i) matching "
                f"latitude {ds[lat_name].shape}"
            )
        units = str(var.attrs.get("units", "")).strip()
        times = _cmip6_times(p, ds)
        lat = _load(p, ds[lat_name]).astype(np.float64)
        lon = _load(p, ds[lon_name]).astype(np.float64)
        values = _load(p, var).astype(np.float32)
        attrs = {
            k: str(ds.attrs[k])
            for k in ("source_id", "experiment_id", "variant_label", "table_id", "grid_label")
            if k in ds.attrs
        }
    return lat, lon, values, times, units, attrs


def _cmip6_times(p: Path, ds) -> np.ndarray:
    if "time" not in ds.variables:
        raise DataFileError(f"{p}: no 'time' variable")
    tvar = ds["time"]
    try:
        import cftime

        return cftime.num2date(
            tvar.values, tvar.attrs["units"], tvar.attrs.get("calendar", "standard")
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise DataFileError(f"{p}: cannot decode time ({exc})") from exc


def _cmip6_fraction(p: Path, values: np.ndarray, units: str) -> np.ndarray:
    """siconc as a fraction in [0, 1] (percent divided by 100), range checked."""
    if units in ("%", "percent"):
        per_unit = 100.0
    elif units in ("1", "fraction", ""):
        per_unit = 1.0
    else:
        raise DataFileError(f"{p}: siconc units {units!r}; expected '%' or '1'")
    values /= np.float32(per_unit)
    finite = values[np.isfinite(values)]
    if finite.size and (finite.min() < -1e-4 or finite.max() > 1 + 1e-4):
        raise DataFileError(
            f"{p}: siconc outside 0-{per_unit:g} {units} ({finite.min() * per_unit:g} "
            f"... {finite.max() * per_unit:g})"
        )
    np.clip(values, 0, 1, out=values)
    return values


def _regrid_to_psn25(p: Path, lat, lon, values, min_lat_deg: float, max_distance_km: float):
    """Nearest model cell on the sphere for every psn25 cell (NaN beyond the distance)."""
    from scipy.spatial import cKDTree

    north = np.isfinite(lat) & np.isfinite(lon) & (lat >= min_lat_deg)
    if not north.any():
        raise DataFileError(f"{p}: no model cells north of {min_lat_deg}°N")
    src_xyz = geodesy.unit_vectors(lon[north], lat[north])
    lon_t, lat_t = psn25_lonlat()
    dst_xyz = geodesy.unit_vectors(lon_t.ravel(), lat_t.ravel())
    chord = 2 * np.sin(max_distance_km / 6371.0 / 2)
    dist, idx = cKDTree(src_xyz).query(dst_xyz, distance_upper_bound=chord)
    reach = np.isfinite(dist)
    src = values.reshape(values.shape[0], -1)[:, north.ravel()]
    sic = np.full((values.shape[0], dst_xyz.shape[0]), np.nan, dtype=np.float32)
    sic[:, reach] = src[:, idx[reach]]
    return sic.reshape(values.shape[0], *PSN25_SHAPE)
