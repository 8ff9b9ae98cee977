"""One sea-ice field on the psn25 grid as plain numpy arrays: what the router reads.

:func:`arcticroute.ice.icedata.ice_for` returns the same field as an
``xarray.Dataset`` (the public model of :mod:`arcticroute.ice.seaice`);
:func:`arcticroute.ice.icedata.ice_field` returns this lighter form, so that
routing on the shipped climatology, the extent outlines or a month of the G02202
cube never imports xarray (about a second with the pandas and dask it pulls in).
:meth:`IceField.to_dataset` and :meth:`IceField.from_dataset` convert both ways.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from arcticroute.ice.icegrid import PSN25_EPSG, psn25_lonlat, psn25_xy_m

if TYPE_CHECKING:
    import xarray as xr

__all__ = ["SIC_ATTRS", "IceField"]

SIC_ATTRS = {
    "standard_name": "sea_ice_area_fraction",
    "long_name": "sea ice concentration",
    "units": "1",
    "grid_mapping": "crs",
    "comment": "NaN where unknown: land, coast, lake, pole hole, missing data",
}
_MASKS = ("land", "coast", "lake", "pole_hole")
_MASK_NAMES = {
    "land": "land flag",
    "coast": "coast flag",
    "lake": "lake flag",
    "pole_hole": "pole hole: not observed by the sensor",
}


@dataclass(frozen=True)
class IceField:
    """Concentration and masks of one date on psn25 (448 × 304, row 0 north).

    Attributes
    ----------
    sic : ndarray of float32
        Concentration, fraction 0..1; NaN unknown.
    land, coast, lake, pole_hole : ndarray of bool
    time : datetime.date or None
        The data's date (first of the month for monthly products, the
        requested date for a climatology); None for a month of the shipped
        climatology read without one.
    attrs : dict
        ``ice_source``, ``product``, ``statistic``… as ``ice_for`` gives them.
    """

    sic: NDArray[np.float32] = field(repr=False)
    land: NDArray[np.bool_] = field(repr=False)
    coast: NDArray[np.bool_] = field(repr=False)
    lake: NDArray[np.bool_] = field(repr=False)
    pole_hole: NDArray[np.bool_] = field(repr=False)
    time: dt.date | None
    attrs: dict[str, Any]

    def replace(self, **changes: Any) -> IceField:
        return dataclasses.replace(self, **changes)

    @classmethod
    def from_dataset(cls, ds: xr.Dataset) -> IceField:
        """The arrays of an ``ice_for`` dataset."""
        t = np.datetime64(ds["time"].values, "D").astype(object) if "time" in ds.coords else None
        arrays = {name: np.asarray(ds[name].values, dtype=bool) for name in _MASKS}
        return cls(
            sic=np.asarray(ds["sic"].values, dtype=np.float32),
            time=t,
            attrs=dict(ds.attrs),
            **arrays,
        )

    def to_dataset(self) -> xr.Dataset:
        """The field in the model of :mod:`arcticroute.ice.seaice` (imports xarray).

        ``sic`` is the caller's own copy; the masks stay shared and read-only.
        """
        import xarray as xr

        from arcticroute.ice.seaice import crs_attrs

        x, y = psn25_xy_m()
        lon, lat = psn25_lonlat()
        dims = ("y", "x")
        data = {"sic": (dims, np.array(self.sic, dtype=np.float32), dict(SIC_ATTRS))}
        for name in _MASKS:
            data[name] = (dims, getattr(self, name), {"long_name": _MASK_NAMES[name]})
        data["crs"] = ((), np.int32(0), crs_attrs())
        ds = xr.Dataset(
            data,
            coords={
                "y": ("y", y, {"units": "m", "standard_name": "projection_y_coordinate"}),
                "x": ("x", x, {"units": "m", "standard_name": "projection_x_coordinate"}),
                "lat": (dims, lat, {"units": "degrees_north", "standard_name": "latitude"}),
                "lon": (dims, lon, {"units": "degrees_east", "standard_name": "longitude"}),
            },
            attrs={"grid": "psn25", "epsg": PSN25_EPSG, **self.attrs},
        )
        if self.time is not None:
            ds = ds.assign_coords(time=np.datetime64(self.time.isoformat(), "ns"))
        return ds
