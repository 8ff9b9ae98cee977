"""Maps of sea-ice concentration and plots of extent series (matplotlib, no cartopy).

Concentration is drawn on its own grid (NSIDC polar stereographic north,
EPSG:3411, x/y in metres) with the shipped Natural Earth 1:50m land
transformed to it. Cells the sensor cannot see (coast, pole hole) and
unknown cells are drawn grey and hatched, never as open water.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from .plotting import _save_png

__all__ = ["ZOOMS", "plot_extent_series", "plot_ice"]

PSN25_PROJ = (
    "+proj=stere +lat_0=90 +lat_ts=70 +lon_0=-45 +k=1 +x_0=0 +y_0=0 "
    "+a=6378273 +b=6356889.449 +units=m +no_defs"
)
"""EPSG:3411 (NSIDC Sea Ice Polar Stereographic North, Hughes 1980 ellipsoid), REFERENCE §10.2."""

ZOOMS = {
    "arctic": None,
    "nsr": (30.0, 64.0, 195.0, 82.0),
    "nwp": (-170.0, 64.0, -55.0, 82.0),
}
"""Named map windows (lon_min, lat_min, lon_max, lat_max); ``arctic`` shows the whole grid."""


def _window(zoom: str, tr) -> tuple[float, float, float, float] | None:
    try:
        box = ZOOMS[zoom]
    except KeyError:
        raise ValueError(f"unknown map window {zoom!r}; use one of {', '.join(ZOOMS)}") from None
    if box is None:
        return None
    lon0, lat0, lon1, lat1 = box
    lon = np.concatenate([np.linspace(lon0, lon1, 60), np.linspace(lon1, lon0, 60)])
    lat = np.concatenate([np.full(60, lat0), np.full(60, lat1)])
    x, y = tr.transform(lon, lat)
    return float(np.min(x)), float(np.max(x)), float(np.min(y)), float(np.max(y))


def plot_ice(ds: xr.Dataset, out_path: str | Path, zoom: str = "arctic", dpi: int = 130) -> Path:
    """Map of one concentration field (``sic`` on x/y) with the coastline, saved as PNG.

    Parameters
    ----------
    ds : xarray.Dataset
        A 2-D field from :func:`arcticroute.icedata.ice_for` (or one time step
        of a reader's output) with ``sic``, ``x``, ``y`` and the masks.
    out_path : str or Path
        PNG to write (atomically).
    zoom : str
        Map window, a key of :data:`ZOOMS`.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import shapely
    from pyproj import Transformer

    from .land import land_polygons

    if "time" in ds["sic"].dims:
        if ds.sizes["time"] != 1:
            raise ValueError("plot_ice draws one field; select a single time step first")
        ds = ds.isel(time=0)
    sic = ds["sic"].values.astype(float)
    x, y = ds["x"].values, ds["y"].values
    tr = Transformer.from_crs("EPSG:4326", PSN25_PROJ, always_xy=True)

    fig, ax = plt.subplots(figsize=(8, 9))
    ax.set_facecolor("#ffffff")
    unseen = np.zeros(sic.shape, dtype=bool)
    for name in ("coast", "pole_hole"):
        if name in ds:
            m = ds[name].values
            unseen |= (m if m.ndim == 2 else m.any(axis=0)).astype(bool)
    land = ds["land"].values.astype(bool) if "land" in ds else np.zeros(sic.shape, bool)
    unknown = np.isnan(sic) & ~land
    mesh = ax.pcolormesh(
        x,
        y,
        np.ma.masked_invalid(np.where(unseen, np.nan, sic)),
        cmap="Blues_r",
        vmin=0,
        vmax=1,
        shading="nearest",
        zorder=1,
    )
    ax.contourf(
        x,
        y,
        (unknown | unseen).astype(float),
        levels=[0.5, 1.5],
        colors=["#9a9a9a"],
        hatches=["////"],
        zorder=2,
    )
    for poly in getattr(shapely.clip_by_rect(land_polygons(), -180, 30, 180, 90), "geoms", []):
        if poly.geom_type != "Polygon" or poly.is_empty:
            continue
        px, py = tr.transform(*np.asarray(poly.exterior.coords).T)
        # no edge line: the 1:50m polygons are cut at the antimeridian, and that cut
        # would show as a false coastline in this projection
        ax.fill(px, py, color="#d9d3c3", lw=0, zorder=3)
    win = _window(zoom, tr)
    if win is None:
        win = (float(x.min()), float(x.max()), float(y.min()), float(y.max()))
    ax.set_xlim(win[0], win[1])
    ax.set_ylim(win[2], win[3])
    aspect = (win[3] - win[2]) / (win[1] - win[0])
    fig.set_size_inches(9.0, float(np.clip(7.5 * aspect, 4.0, 11.0)) + 1.2)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    cb = fig.colorbar(mesh, ax=ax, shrink=0.7, pad=0.02)
    cb.set_label("sea-ice concentration (fraction)")
    t = np.datetime_as_string(ds["time"].values, unit="D") if "time" in ds.coords else ""
    src = ds.attrs.get("ice_source", "")
    extra = (
        f", {ds.attrs['statistic']} {ds.attrs.get('climatology_years', '')}"
        if src == ("climatology")
        else ""
    )
    ax.set_title(
        f"Sea-ice concentration {t}: {src}{extra}\n{ds.attrs.get('product', '')}", fontsize=10
    )
    fig.text(
        0.01,
        0.01,
        "Grey hatching: coast, pole hole or missing (not open water). Land: Natural Earth 1:50m.",
        fontsize=7,
        color="#555555",
    )
    return _save_png(fig, out_path, dpi)


def plot_extent_series(
    series: dict[str, tuple[np.ndarray, np.ndarray]],
    out_path: str | Path,
    title: str,
    dpi: int = 130,
) -> Path:
    """Line plot of extent (and area) series in million km², saved as PNG.

    Parameters
    ----------
    series : dict
        Label -> (dates as datetime64, values in million km²).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if not series:
        raise ValueError("plot_extent_series needs at least one series")
    fig, ax = plt.subplots(figsize=(10, 4.5))
    for label, (t, v) in series.items():
        ax.plot(t, v, lw=1.2, label=label)
    ax.set_ylabel("million km²")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=9)
    return _save_png(fig, out_path, dpi)
