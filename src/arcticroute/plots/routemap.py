"""Maps of routes on a Natural Earth coastline (matplotlib + pyproj, no cartopy).

Routes that reach north of 60°N are drawn on a north-polar Lambert azimuthal
equal-area projection (so the Northern Sea Route and Suez route appear in
true proportion side by side); others on the Equal Earth projection.
matplotlib is imported here only, so commands that draw nothing start fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from arcticroute.geo import geodesy
from arcticroute.geo.land import land_polygons
from arcticroute.plots.figures import save_png
from arcticroute.routing.legs import Route

__all__ = ["POLAR_THRESHOLD_LAT", "plot_routes"]

POLAR_THRESHOLD_LAT = 60.0
"""Routes reaching north of this latitude (degrees) get the polar projection."""

ROUTE_COLOURS = {
    "suez": "#1f77b4",
    "cape": "#8c564b",
    "panama": "#9467bd",
    "nsr": "#d62728",
    "nwp": "#ff7f0e",
    "auto": "#2ca02c",
}


def _projection(routes: Sequence[Route]) -> tuple[str, bool]:
    polar = max(r.max_lat for r in routes) > POLAR_THRESHOLD_LAT
    if polar:
        ends = [r.origin.lon for r in routes] + [r.destination.lon for r in routes]
        # Put the mean longitude of the end ports at the bottom of the map.
        ang = np.deg2rad(ends)
        lon0 = float(np.rad2deg(np.arctan2(np.sin(ang).mean(), np.cos(ang).mean())))
        return f"+proj=laea +lat_0=90 +lon_0={lon0:.1f} +datum=WGS84 +units=m", True
    return "+proj=eqearth +lon_0=0 +datum=WGS84 +units=m", False


def plot_routes(
    routes: Sequence[Route], out_path: str | Path, title: str | None = None, dpi: int = 130
) -> Path:
    """Draw routes on a coastline map and save it as PNG.

    Parameters
    ----------
    routes : sequence of Route
        Routes to draw (at least one), e.g. ``compare(...).routes``.
    out_path : str or Path
        PNG file to write; written to a temporary name and renamed, so an
        interrupted run leaves no half-written file.
    title : str, optional
        Figure title; defaults to "origin -> destination".

    Returns
    -------
    Path
        The written file.
    """
    if not routes:
        raise ValueError("plot_routes needs at least one route")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import shapely
    from pyproj import Transformer

    proj, polar = _projection(routes)
    tr = Transformer.from_crs("EPSG:4326", proj, always_xy=True)
    min_lat = min(r.min_lat for r in routes)

    fig, ax = plt.subplots(figsize=(9, 9) if polar else (12, 6.5))
    ax.set_facecolor("#dcecf5")
    land = land_polygons()
    if polar:
        clip_lat = max(-60.0, min_lat - 15.0)
        land = shapely.clip_by_rect(land, -180, clip_lat, 180, 90)
    for poly in getattr(land, "geoms", [land]):
        if poly.geom_type != "Polygon" or poly.is_empty:
            continue
        x, y = tr.transform(*np.asarray(poly.exterior.coords).T)
        ax.fill(x, y, color="#e8e4d8", ec="#8a8a80", lw=0.3, zorder=1)

    xs_all, ys_all = [], []
    for r in routes:
        lon, lat = r.densified
        colour = ROUTE_COLOURS.get(r.via, "#2ca02c")
        label = f"{r.via}: {r.distance_nm:,.0f} nm, {r.duration_h / 24:.1f} d"
        for i, (plon, plat) in enumerate(geodesy.split_antimeridian(lon, lat)):
            x, y = tr.transform(plon, plat)
            ax.plot(x, y, color=colour, lw=2.0, zorder=3, label=label if i == 0 else None)
            xs_all.append(x)
            ys_all.append(y)
    for p, marker in ((routes[0].origin, "o"), (routes[0].destination, "s")):
        x, y = tr.transform(p.lon, p.lat)
        ax.plot(x, y, marker, color="black", ms=7, zorder=4)
        ax.annotate(p.name, (x, y), xytext=(6, 6), textcoords="offset points", fontsize=9, zorder=5)
    xs, ys = np.concatenate(xs_all), np.concatenate(ys_all)
    pad = 0.08 * max(np.ptp(xs), np.ptp(ys), 1e6)
    ax.set_xlim(xs.min() - pad, xs.max() + pad)
    ax.set_ylim(ys.min() - pad, ys.max() + pad)
    aspect = (np.ptp(ys) + 2 * pad) / (np.ptp(xs) + 2 * pad)
    fig.set_size_inches(10.0, float(np.clip(10.0 * aspect, 4.5, 12.0)) + 0.8)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    o, d = routes[0].origin, routes[0].destination
    ax.set_title(title or f"{o.name} → {d.name}")
    ax.legend(loc="lower left", fontsize=9, framealpha=0.9)
    ice = (
        "Arctic corridors routed through the ice of the date; the others on the open-water lanes."
        if any(r.ice_considered for r in routes)
        else "Sea ice not considered."
    )
    note = f"{ice} Land: Natural Earth 1:50m. Lanes: searoute/Eurostat marnet."
    fig.text(0.01, 0.01, note, fontsize=7, color="#555555")
    return save_png(fig, out_path, dpi)


COST_ITEMS = (
    ("fuel_usd", "fuel", "#4c72b0"),
    ("charter_usd", "ship time (hire + operating)", "#dd8452"),
    ("canal_toll_usd", "canal toll", "#55a868"),
    ("icebreaker_fee_usd", "icebreaker escort", "#c44e52"),
    ("pilotage_usd", "ice pilotage", "#8172b3"),
    ("ets_usd", "EU ETS", "#937860"),
)


def plot_costs(
    costs_by_via: dict[str, dict[str, float]],
    out_path: str | Path,
    title: str,
    per_unit: str | None = None,
    dpi: int = 130,
) -> Path:
    """Stacked bar chart of the cost breakdown of each route, saved as PNG.

    Parameters
    ----------
    costs_by_via : dict
        Route name -> cost items in USD (keys of :data:`COST_ITEMS`, plus
        ``total_usd``).
    out_path : str or Path
        PNG to write (via a temporary name, so no half-written file remains).
    title : str
        Figure title.
    per_unit : str, optional
        Label of a per-unit figure to print at the end of each bar (the dict
        may hold it under ``"per_unit_usd"``).
    """
    if not costs_by_via:
        raise ValueError("plot_costs needs at least one route")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(costs_by_via)
    fig, ax = plt.subplots(figsize=(10, 1.2 + 0.7 * len(names)))
    left = np.zeros(len(names))
    for key, label, colour in COST_ITEMS:
        vals = np.array([costs_by_via[n].get(key, 0.0) for n in names]) / 1e6
        if not np.any(vals):
            continue
        ax.barh(names, vals, left=left, color=colour, label=label, height=0.6)
        left += vals
    for i, n in enumerate(names):
        text = f" {costs_by_via[n]['total_usd'] / 1e6:,.2f} M USD"
        if per_unit and costs_by_via[n].get("per_unit_usd") is not None:
            text += f"  ({costs_by_via[n]['per_unit_usd']:,.0f} USD/{per_unit})"
        ax.text(left[i], i, text, va="center", fontsize=9)
    ax.invert_yaxis()
    ax.set_xlabel("voyage cost, million USD")
    ax.set_xlim(0, left.max() * 1.35)
    ax.set_title(title)
    ax.legend(loc="lower right", fontsize=8, framealpha=0.9)
    ax.grid(axis="x", alpha=0.3)
    return save_png(fig, out_path, dpi)
