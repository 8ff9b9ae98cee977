"""Figures of a cargo plan: volume by month and corridor; fleet size by year.

Draws the data of :func:`arcticroute.analysis.planreport.plan_to_dict` (one year)
or :func:`~arcticroute.analysis.planreport.years_to_dict` (several years); it
computes nothing the plan does not hold.
"""

from __future__ import annotations

from pathlib import Path

from arcticroute.plots.figures import save_png

__all__ = ["CORRIDOR_COLOURS", "plan_png"]

CORRIDOR_COLOURS = {
    "nsr": "#1f77b4",
    "nsr_high": "#17becf",
    "transpolar": "#9467bd",
    "suez": "#ff7f0e",
    "cape": "#d62728",
    "panama": "#8c564b",
    "auto": "#7f7f7f",
}
"""Bar colours by corridor of the laden leg (others: matplotlib's cycle)."""


def _volume_by_month(data: dict) -> dict[str, list[float]]:
    """Volume per month (mean over the years) by the laden leg's corridor and route."""
    years = data.get("years", [data])
    out: dict[str, list[float]] = {}
    for y in years:
        for m in y["months"]:
            label = m["corridor"] if m["route"] == "direct" else f"{m['corridor']} ({m['route']})"
            out.setdefault(label, [0.0] * 12)[m["month"] - 1] += m["volume"] / len(years)
    return out


def _months_axis(ax, data: dict) -> None:
    import numpy as np

    bottom = np.zeros(12)
    x = np.arange(1, 13)
    for label, vals in sorted(_volume_by_month(data).items()):
        colour = CORRIDOR_COLOURS.get(label.split(" ")[0])
        ax.bar(x, vals, bottom=bottom, label=label, color=colour, edgecolor="white")
        bottom += np.asarray(vals)
    ax.set_ylim(0, 1.3 * float(bottom.max() or 1.0))  # room for the legend
    n = len(data.get("years", [data]))
    what = f"mean of {n} years" if n > 1 else str(data.get("year", ""))
    ax.set_xticks(x, ["J", "F", "M", "A", "M", "J", "J", "A", "S", "O", "N", "D"])
    ax.set_ylabel(f"volume moved ({data['unit']})")
    ax.set_title(f"{data['origin']}: volume by month and corridor ({what})")
    ax.legend(fontsize=8, title="laden leg", title_fontsize=8)


def _fleet_axis(ax, data: dict) -> None:
    years = data["years"]
    xs = [y["year"] for y in years]
    ax.bar(xs, [y["fleet_size"] for y in years], color="#1f77b4", label="plan")
    base = [y["baseline"]["fleet_size"] for y in years if y.get("baseline")]
    if len(base) == len(years):
        corridor = years[0]["baseline"]["corridor"]
        ax.plot(xs, base, "k.--", label=f"all-{corridor}")
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(0, 1.25 * max([*base, *(y["fleet_size"] for y in years), 1]))
    s = data["summary"]
    ax.set_title(f"fleet by year (light {s['light_year']}, heavy {s['heavy_year']})")
    ax.set_ylabel(f"ships ({data['ship']})")
    ax.legend(fontsize=8, loc="upper right")


def plan_png(data: dict, out_path: str | Path, dpi: int = 110) -> Path:
    """Draw a plan (one or several years) to a PNG, written atomically.

    Parameters
    ----------
    data : dict
        From :func:`~arcticroute.analysis.planreport.plan_to_dict` or
        :func:`~arcticroute.analysis.planreport.years_to_dict`.
    out_path : str or Path
    dpi : int

    Returns
    -------
    Path
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    several = "years" in data
    fig, axes = plt.subplots(1, 2 if several else 1, figsize=(13 if several else 7, 4.5))
    axes = list(axes) if several else [axes]
    _months_axis(axes[0], data)
    if several:
        _fleet_axis(axes[1], data)
    return save_png(fig, out_path, dpi)
