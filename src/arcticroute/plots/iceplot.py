"""Maps of sea-ice concentration, routes over it, and plots of extent series.

Concentration is drawn on its own grid (NSIDC polar stereographic north,
EPSG:3411, x/y in metres) with the shipped Natural Earth 1:50m land
transformed to it (matplotlib + pyproj, no cartopy). Cells the sensor cannot
see (coast, pole hole) and unknown cells are drawn grey and hatched, never as
open water.

:func:`plot_ice_routes` draws routes (:class:`RouteLine`) over the field as
the ice-aware router sees it: coast and pole-hole cells filled from nearby
ocean cells by :func:`arcticroute.ice.icefill.fill_unseen` with its defaults,
cells still unknown in grey (the router treats them as impassable).

Errors
------
:class:`IcePlotError` (``ValueError``) for routes, escort masks, zone nodes or
an ice field that cannot be drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import xarray as xr
from numpy.typing import ArrayLike, NDArray

from arcticroute.errors import ArcticRouteError
from arcticroute.plots.figures import save_png, side_by_side
from arcticroute.plots.routemap import POLAR_THRESHOLD_LAT, ROUTE_COLOURS, plot_routes

__all__ = [
    "ZOOMS",
    "IcePlotError",
    "RouteLine",
    "plot_compare_map",
    "plot_extent_series",
    "plot_ice",
    "plot_ice_routes",
]


class IcePlotError(ArcticRouteError, ValueError):
    """Routes, escort mask, zone nodes or ice field given to an ice map are unusable."""


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


TURNED_ZOOMS = ("nsr",)
"""Map windows drawn half a turn round: on the NSIDC polar stereographic grid (EPSG:3413,
central meridian 45°W) Siberia lies above the pole; turned, the NSR coast is at the
bottom and north is up, as on a map of Russia's Arctic coast."""


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
        A 2-D field from :func:`arcticroute.ice.icedata.ice_for` (or one time step
        of a reader's output) with ``sic``, ``x``, ``y`` and the masks.
    out_path : str or Path
        PNG to write (atomically).
    zoom : str
        Map window, a key of :data:`ZOOMS`.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from pyproj import Transformer

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
    _draw_land(ax, tr, zorder=3)
    win = _window(zoom, tr)
    if win is None:
        win = (float(x.min()), float(x.max()), float(y.min()), float(y.max()))
    ax.set_xlim(win[0], win[1])
    ax.set_ylim(win[2], win[3])
    if zoom in TURNED_ZOOMS:  # turned half a turn: the Russian coast below the pole
        ax.invert_xaxis()
        ax.invert_yaxis()
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
    return save_png(fig, out_path, dpi)


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
    return save_png(fig, out_path, dpi)


WINDOW_MIN_LAT = 65.0
"""A route map reaches at least this far south (degrees N) across the longitudes
that the routes' Arctic parts span, so the coasts along them are in view.
A drawing choice, not a domain value."""

ESCORT_COLOUR = "#ff1fce"
"""Band under the route segments that need icebreaker escort."""

NO_DATA_COLOUR = "#8c8c8c"
LAND_COLOUR = "#d9d3c3"
# colours for routes not named after a corridor; no pink, which would read as escort
_CYCLE = ("#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#bcbd22", "#d62728", "#1f77b4")
_STEP_M = 25_000.0  # densify to about one psn25 cell, so long segments follow geodesics
_ICE_CMAP = ("#0b4f8a", "#2f7fc1", "#7fb8e0", "#cfe6f5", "#ffffff")  # open water -> full ice


@dataclass(frozen=True, eq=False)
class RouteLine:
    """One route to draw on an ice map.

    Attributes
    ----------
    label : str
        Legend text. If it is a corridor name of
        :data:`arcticroute.plots.routemap.ROUTE_COLOURS` (``"nsr"``, ``"suez"``, ...),
        also as its first word (``"nsr: 7,950 nm"``), the route gets that
        corridor's colour.
    lon_deg, lat_deg : array_like, shape (n,)
        Vertices in degrees (WGS84), n >= 2; longitudes may be wrapped or
        unwrapped. Consecutive vertices are joined by geodesics. Stored as
        read-only float arrays.
    colour : str, optional
        Any matplotlib colour; default by label, else the next free colour of a
        fixed cycle.
    feasible : bool
        False draws the route dashed, with "(not feasible)" in the legend.
    escort : array_like of bool, shape (n - 1,), optional
        Per segment (vertex i to i + 1): True where it needs icebreaker escort.

    Raises
    ------
    IcePlotError
        Coordinates not finite or out of range, lengths that differ, fewer than
        two vertices, an escort mask of the wrong length or not boolean, an
        unknown colour.
    """

    label: str
    lon_deg: ArrayLike
    lat_deg: ArrayLike
    colour: str | None = None
    feasible: bool = True
    escort: ArrayLike | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.label, str) or not self.label.strip():
            raise IcePlotError(f"route label must be a non-empty string, got {self.label!r}")
        name = f"route {self.label!r}"
        lon = _float_vector(self.lon_deg, f"{name}: lon_deg")
        lat = _float_vector(self.lat_deg, f"{name}: lat_deg")
        if lon.size != lat.size:
            raise IcePlotError(
                f"{name}: lon_deg has {lon.size} values but lat_deg has {lat.size}; give one "
                "longitude per latitude"
            )
        if lon.size < 2:
            raise IcePlotError(f"{name}: needs at least 2 vertices, got {lon.size}")
        if np.any(np.abs(lat) > 90.0):
            raise IcePlotError(
                f"{name}: latitudes must lie in [-90, 90], got {lat.min()}..{lat.max()}"
            )
        escort = None
        if self.escort is not None:
            escort = _bool_vector(self.escort, f"{name}: escort")
            if escort.size != lon.size - 1:
                raise IcePlotError(
                    f"{name}: escort needs one flag per segment, {lon.size - 1} for "
                    f"{lon.size} vertices; got {escort.size}"
                )
        if self.colour is not None:
            from matplotlib.colors import is_color_like

            if not is_color_like(self.colour):
                raise IcePlotError(f"{name}: {self.colour!r} is not a matplotlib colour")
        for attr, value in (("lon_deg", lon), ("lat_deg", lat), ("escort", escort)):
            if value is not None:
                value.setflags(write=False)
            object.__setattr__(self, attr, value)
        object.__setattr__(self, "feasible", bool(self.feasible))


def _float_vector(values: Any, what: str) -> NDArray[np.float64]:
    try:
        arr = np.array(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise IcePlotError(f"{what} must be numbers in degrees: {exc}") from None
    if arr.ndim != 1:
        raise IcePlotError(f"{what} must be 1-D, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise IcePlotError(f"{what} has {int(np.sum(~np.isfinite(arr)))} NaN/inf values")
    return arr


def _bool_vector(values: Any, what: str) -> NDArray[np.bool_]:
    arr = np.array(values)
    if arr.ndim != 1:
        raise IcePlotError(f"{what} must be 1-D, got shape {arr.shape}")
    if arr.dtype != bool:
        ok = arr.dtype.kind in "iuf" and np.all(np.isin(arr, (0, 1)))
        if not ok:
            raise IcePlotError(f"{what} must be booleans (or 0/1), got dtype {arr.dtype}")
        arr = arr.astype(bool)
    return arr


def _zone_nodes(zones: ArrayLike) -> tuple[NDArray, NDArray, NDArray]:
    msg = "zones must be (lon_deg, lat_deg, zone): three 1-D arrays of equal length"
    try:
        lon, lat, zone = (np.array(v, dtype=float) for v in zones)  # type: ignore[union-attr]
    except (TypeError, ValueError) as exc:
        raise IcePlotError(f"{msg}; {exc}") from None
    if not (lon.ndim == lat.ndim == zone.ndim == 1) or not (lon.size == lat.size == zone.size):
        raise IcePlotError(f"{msg}; got shapes {lon.shape}, {lat.shape}, {zone.shape}")
    if not (np.all(np.isfinite(lon)) and np.all(np.abs(lat) <= 90.0) and np.all(np.isfinite(zone))):
        raise IcePlotError(f"{msg}; all values finite, latitudes in [-90, 90]")
    return lon, lat, zone


def _field_2d(ds: Any) -> xr.Dataset:
    if not isinstance(ds, xr.Dataset):
        raise IcePlotError(
            "ds must be an xarray.Dataset from arcticroute.ice.icedata.ice_for, got "
            f"{type(ds).__name__}"
        )
    missing = [v for v in ("sic", "x", "y") if v not in ds.variables]
    if missing:
        raise IcePlotError(
            f"ice field lacks {', '.join(missing)}; pass a field from "
            "arcticroute.ice.icedata.ice_for "
            "(sic on psn25 x/y)"
        )
    if "time" in ds["sic"].dims:
        if ds.sizes["time"] != 1:
            raise IcePlotError(
                f"ice field has {ds.sizes['time']} time steps; select one (ds.isel(time=i))"
            )
        ds = ds.isel(time=0)
    if ds["sic"].dims != ("y", "x"):
        raise IcePlotError(f"sic must have dims ('y', 'x'), got {ds['sic'].dims}")
    return ds


def _router_view(ds: xr.Dataset) -> tuple[NDArray, NDArray]:
    """Concentration as the ice router sees it (NaN on land and lakes) and its unknown cells."""
    from arcticroute.ice import icefill

    sic = ds["sic"].values.astype(float)
    masks = {}
    for name in ("land", "coast", "pole_hole", "lake"):
        m = np.asarray(ds[name].values, dtype=bool) if name in ds else np.zeros(sic.shape, bool)
        if m.shape != sic.shape:
            raise IcePlotError(f"mask {name!r} has shape {m.shape}, sic {sic.shape}")
        masks[name] = m
    if masks["coast"].any() or masks["pole_hole"].any():
        sic, _ = icefill.fill_unseen(
            sic, masks["land"], masks["coast"], masks["pole_hole"], lake=masks["lake"]
        )
        sic = np.asarray(sic, dtype=float)
    dry = masks["land"] | masks["lake"]
    return np.where(dry, np.nan, sic), np.isnan(sic) & ~dry


def _route_colour(label: str, used: set[str]) -> str:
    """Corridor colour for a corridor label (unless taken), else the next free colour."""
    key = label.strip().lower()
    for k in (key, key.replace(":", " ").split()[0]):
        if ROUTE_COLOURS.get(k) not in (None, *used):
            return ROUTE_COLOURS[k]
    free = [c for c in _CYCLE if c not in used]
    return free[0] if free else _CYCLE[len(used) % len(_CYCLE)]


def _runs(flags: NDArray[np.bool_]) -> list[tuple[int, int]]:
    """(first, last + 1) of each run of True values."""
    edges = np.diff(np.concatenate([[0], flags.astype(np.int8), [0]]))
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True))


def _route_window(
    lines: list[tuple[NDArray, NDArray]], tr: Any, grid: tuple[float, float, float, float]
) -> tuple[float, float, float, float]:
    """x0, x1, y0, y1 around the routes' parts north of POLAR_THRESHOLD_LAT, inside the grid."""
    xs, ys = [], []
    for lon, lat in lines:
        for a, b in _runs(lat >= POLAR_THRESHOLD_LAT):
            lo, hi = float(lon[a:b].min()), float(lon[a:b].max())
            if hi - lo >= 360.0:
                return grid
            arc = np.linspace(lo, hi, max(2, int(hi - lo)))
            x, y = tr.transform(
                np.concatenate([lon[a:b], arc]),
                np.concatenate([lat[a:b], np.full(arc.size, WINDOW_MIN_LAT)]),
            )
            xs.append(x)
            ys.append(y)
    if not xs:
        return grid
    x, y = np.concatenate(xs), np.concatenate(ys)
    pad = max(0.06 * max(np.ptp(x), np.ptp(y)), 150e3)
    return (
        max(grid[0], float(x.min()) - pad),
        min(grid[1], float(x.max()) + pad),
        max(grid[2], float(y.min()) - pad),
        min(grid[3], float(y.max()) + pad),
    )


def _source_text(ds: xr.Dataset) -> str:
    a = ds.attrs
    product = " ".join(str(a[k]) for k in ("product", "version") if a.get(k))
    day = a.get("requested_date") or (
        np.datetime_as_string(ds["time"].values, unit="D") if "time" in ds.coords else ""
    )
    src = a.get("ice_source", "unknown source")
    if src == "climatology":
        years = np.atleast_1d(a.get("climatology_years", []))
        span = f"{min(years)}–{max(years)}" if years.size else "?"
        by = f" by {a['climatology_by']}" if a.get("climatology_by") else ""
        what = f"climatology, {a.get('statistic', '?')} of {span}{by}"
    elif src == "observed" and "time" in ds.coords:
        what = f"observed, field of {np.datetime_as_string(ds['time'].values, unit='D')}"
    else:
        what = str(src)
    return f"Ice for {day}: {what}" + (f" ({product})" if product else "")


def _draw_land(ax: Any, tr: Any, zorder: float) -> None:
    import shapely

    from arcticroute.geo.land import land_polygons

    for poly in getattr(shapely.clip_by_rect(land_polygons(), -180, 30, 180, 90), "geoms", []):
        if poly.geom_type != "Polygon" or poly.is_empty:
            continue
        px, py = tr.transform(*np.asarray(poly.exterior.coords).T)
        # no edge line: the 1:50m polygons are cut at the antimeridian, and that cut
        # would show as a false coastline in this projection
        ax.fill(px, py, color=LAND_COLOUR, lw=0, zorder=zorder)


def plot_ice_routes(
    ds: xr.Dataset,
    routes: Sequence[RouteLine],
    out_path: str | Path,
    *,
    title: str | None = None,
    zones: ArrayLike | None = None,
    dpi: int = 130,
) -> Path:
    """Map of routes over the sea-ice concentration they were planned on, saved as PNG.

    Parameters
    ----------
    ds : xarray.Dataset
        One field from :func:`arcticroute.ice.icedata.ice_for`: ``sic(y, x)``
        (fraction, NaN unknown) on the psn25 grid (``x``, ``y`` in metres,
        EPSG:3411), with the ``land``, ``coast``, ``lake`` and ``pole_hole``
        masks if it has them. A ``time`` axis of length 1 is dropped.
    routes : sequence of RouteLine
        At least one. Drawn in order, later routes on top.
    out_path : str or Path
        PNG to write, atomically (no half-written file on failure).
    title : str, optional
        First title line; the second names the date and ice source.
    zones : (lon_deg, lat_deg, zone), optional
        Nodes of NSR zones (three 1-D arrays of equal length; ``zone`` an integer
        such as 1..7), drawn as faint dots labelled with the zone number.
    dpi : int
        Resolution of the PNG.

    Returns
    -------
    Path
        The written file.

    Raises
    ------
    IcePlotError
        No routes, an item that is not a :class:`RouteLine`, a field without
        ``sic``/``x``/``y`` or with several time steps, bad zone nodes.

    Notes
    -----
    The field is shown as :mod:`arcticroute.routing.icelayer` uses it: coast and
    pole-hole cells filled by :func:`arcticroute.ice.icefill.fill_unseen` (default
    rule), cells still without a value grey, since the router treats unknown
    ice as impassable. The window covers the routes' vertices north of
    :data:`arcticroute.plots.routemap.POLAR_THRESHOLD_LAT` and reaches down to
    :data:`WINDOW_MIN_LAT` across their longitudes, plus a margin, inside the
    grid; parts of routes outside it (e.g. to Rotterdam) are clipped. Routes
    are projected to the polar stereographic grid as a whole, so a route
    crossing the antimeridian stays one continuous line.
    """
    routes = _route_lines(routes)
    ds = _field_2d(ds)
    zone_nodes = None if zones is None else _zone_nodes(zones)
    sic, unknown = _router_view(ds)

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from pyproj import Transformer

    from arcticroute.geo import geodesy

    tr = Transformer.from_crs("EPSG:4326", PSN25_PROJ, always_xy=True)
    x, y = ds["x"].values, ds["y"].values
    dx, dy = abs(float(x[1] - x[0])) / 2, abs(float(y[1] - y[0])) / 2
    grid = (float(x.min()) - dx, float(x.max()) + dx, float(y.min()) - dy, float(y.max()) + dy)
    dense = [geodesy.densify(r.lon_deg, r.lat_deg, _STEP_M) for r in routes]
    win = _route_window(dense, tr, grid)
    aspect = (win[3] - win[2]) / (win[1] - win[0])

    fig, ax = plt.subplots(figsize=(9.0, float(np.clip(8.0 * aspect, 4.5, 11.0)) + 2.2))
    try:
        mesh = _draw_field(ax, x, y, sic, unknown)
        _draw_graticule(ax, tr, win)
        _draw_land(ax, tr, zorder=3)
        handles: list[Any] = []
        if zone_nodes is not None:
            handles += _draw_zones(ax, tr, *zone_nodes)
        handles += _draw_route_lines(ax, tr, routes, dense, win)
        _frame_ice_map(fig, ax, mesh, handles, win, f"{title or 'Routes over sea ice'}", ds)
    except BaseException:
        plt.close(fig)
        raise
    return save_png(fig, out_path, dpi)


def plot_compare_map(
    routes: Sequence[Any],
    ds: xr.Dataset,
    lines: Sequence[RouteLine],
    out_path: str | Path,
    *,
    title: str,
    zones: ArrayLike | None = None,
    dpi: int = 130,
) -> Path:
    """A comparison's map in one PNG: every corridor between the two ports (left,
    :func:`arcticroute.plots.routemap.plot_routes`) and the Arctic routes over the ice
    they were judged on, with the NSR zones (right, :func:`plot_ice_routes`).

    ``routes`` are the comparison's routes (at least one), ``lines`` its Arctic routes
    as :class:`RouteLine` (with their escorted stretches); the other parameters as for
    :func:`plot_ice_routes`. Written atomically.
    """
    import tempfile

    with tempfile.TemporaryDirectory(prefix="arcticroute-map-") as tmp:
        world = plot_routes(routes, Path(tmp) / "corridors.png", title=title, dpi=dpi)
        ice = plot_ice_routes(
            ds, lines, Path(tmp) / "ice.png", title=f"{title}: the Arctic", zones=zones, dpi=dpi
        )
        return side_by_side(world, ice, out_path, dpi)


def _route_lines(routes) -> list[RouteLine]:
    routes = list(routes) if not isinstance(routes, RouteLine) else [routes]
    if not routes:
        raise IcePlotError("plot_ice_routes needs at least one RouteLine")
    for r in routes:
        if not isinstance(r, RouteLine):
            raise IcePlotError(f"routes must be RouteLine objects, got {type(r).__name__}")
    return routes


def _draw_field(ax: Any, x: NDArray, y: NDArray, sic: NDArray, unknown: NDArray) -> Any:
    """The concentration (and unknown cells in grey) under the routes; its mesh artist."""
    from matplotlib.colors import LinearSegmentedColormap, ListedColormap

    ax.set_facecolor(LAND_COLOUR)  # psn25 land/lake cells (NaN) show through as land
    cmap = LinearSegmentedColormap.from_list("ice", _ICE_CMAP)
    mesh = ax.pcolormesh(
        x, y, np.ma.masked_invalid(sic), cmap=cmap, vmin=0, vmax=1, shading="nearest", zorder=1
    )
    ax.pcolormesh(
        x,
        y,
        np.ma.masked_where(~unknown, unknown.astype(float)),
        cmap=ListedColormap([NO_DATA_COLOUR]),
        shading="nearest",
        zorder=2,
    )
    return mesh


def _draw_route_lines(ax: Any, tr: Any, routes, dense, win) -> list[Any]:
    """Each route (dashed when not feasible) with its escorted stretches; legend handles."""
    import matplotlib.patheffects as pe
    from matplotlib.lines import Line2D

    from arcticroute.geo import geodesy

    halo = [pe.Stroke(linewidth=4.2, foreground="white"), pe.Normal()]
    used: set[str] = set()
    handles: list[Any] = []
    escort_drawn = False
    for r, (lon, lat) in zip(routes, dense, strict=True):
        colour = r.colour or _route_colour(r.label, used)
        used.add(colour)
        style = "-" if r.feasible else (0, (4, 2.5))
        for a, b in _runs(np.asarray(r.escort)) if r.escort is not None else ():
            ex, ey = tr.transform(
                *geodesy.densify(r.lon_deg[a : b + 1], r.lat_deg[a : b + 1], _STEP_M)
            )
            ax.plot(ex, ey, color=ESCORT_COLOUR, lw=8, solid_capstyle="butt", zorder=5)
            escort_drawn = True
        px, py = tr.transform(lon, lat)
        ax.plot(px, py, color=colour, lw=2.2, ls=style, zorder=6, path_effects=halo)
        for i, marker in ((0, "o"), (-1, "s")):
            ax.plot(px[i], py[i], marker, ms=6, mfc=colour, mec="black", mew=0.8, zorder=7)
        text = r.label if r.feasible else f"{r.label} (not feasible)"
        inside = (px >= win[0]) & (px <= win[1]) & (py >= win[2]) & (py <= win[3])
        if not inside.any():
            text += " (outside the map)"
        handles.append(Line2D([], [], color=colour, lw=2.2, ls=style, label=text))
    if escort_drawn:
        handles.append(Line2D([], [], color=ESCORT_COLOUR, lw=8, label="icebreaker escort needed"))
    return handles


def _frame_ice_map(fig: Any, ax: Any, mesh: Any, handles: list, win, head: str, ds) -> None:
    """Window, colour bar, legend, title and the note under the map."""
    from matplotlib.patches import Patch
    from matplotlib.transforms import offset_copy

    handles = [
        *handles,
        Patch(facecolor=NO_DATA_COLOUR, edgecolor="none", label="no data (treated as impassable)"),
        Patch(facecolor=LAND_COLOUR, edgecolor="#999999", lw=0.5, label="land"),
    ]
    ax.set_xlim(win[0], win[1])
    ax.set_ylim(win[2], win[3])
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    cb = fig.colorbar(mesh, ax=ax, orientation="horizontal", shrink=0.6, pad=0.02, aspect=35)
    cb.set_label("sea-ice concentration (fraction)", fontsize=9)
    cb.ax.tick_params(labelsize=8)
    # anchored below the colourbar's label, so the gap is the same for any map shape
    cb.ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        bbox_transform=offset_copy(cb.ax.transAxes, fig=fig, y=-34, units="points"),
        ncol=2,
        fontsize=9,
        frameon=False,
    )
    ax.set_title(f"{head}\n{_source_text(ds)}", fontsize=10)
    fig.text(
        0.01,
        0.005,
        "Coast and pole-hole cells filled from nearby ocean cells, as the router does. "
        "○ start, □ end. Land: Natural Earth 1:50m. Polar stereographic (EPSG:3411).",
        fontsize=7,
        color="#555555",
    )


def _draw_zones(ax: Any, tr: Any, lon: NDArray, lat: NDArray, zone: NDArray) -> list[Any]:
    import matplotlib.patheffects as pe
    from matplotlib.lines import Line2D

    x, y = tr.transform(lon, lat)
    ax.scatter(x, y, s=7, c="#3d3d3d", alpha=0.35, lw=0, zorder=4)
    for z in np.unique(zone):
        sel = zone == z
        i = np.flatnonzero(sel)[int(sel.sum()) // 2]
        ax.annotate(
            f"{z:g}",
            (x[i], y[i]),
            xytext=(0, -9),
            textcoords="offset points",
            ha="center",
            fontsize=8,
            color="#333333",
            zorder=4,
            path_effects=[pe.withStroke(linewidth=2, foreground="white")],
        )
    return [
        Line2D(
            [],
            [],
            ls="",
            marker="o",
            ms=3,
            color="#3d3d3d",
            alpha=0.5,
            label="NSR zone nodes (zone number)",
        )
    ]


def _draw_graticule(ax: Any, tr: Any, win: tuple[float, float, float, float]) -> None:
    """Faint parallels every 10° from 60°N and meridians every 30°, parallels labelled."""
    import matplotlib.patheffects as pe

    style = {"color": "#8fa7bd", "lw": 0.5, "alpha": 0.7, "zorder": 2.5}
    lon = np.linspace(-180.0, 180.0, 361)
    for lat in (60.0, 70.0, 80.0):
        ax.plot(*tr.transform(lon, np.full(lon.size, lat)), **style)
    lat = np.linspace(60.0, 90.0, 61)
    for m in np.arange(-180.0, 180.0, 30.0):
        ax.plot(*tr.transform(np.full(lat.size, m), lat), **style)
    # label the parallels along the meridian through the centre of the window
    centre_lon, _ = tr.transform(
        0.5 * (win[0] + win[1]), 0.5 * (win[2] + win[3]), direction="INVERSE"
    )
    for lat_label in (60.0, 70.0, 80.0):
        x, y = tr.transform(centre_lon, lat_label)
        if win[0] < x < win[1] and win[2] < y < win[3]:
            ax.annotate(
                f"{lat_label:.0f}°N",
                (x, y),
                fontsize=7,
                color="#333333",
                zorder=4,
                path_effects=[pe.withStroke(linewidth=2, foreground="white")],
            )
