"""Figures and an HTML report of navigation seasons (:mod:`arcticroute.analysis.seasons`).

* :func:`plot_season_lengths`: season length by year and ship class, grid
  years filled, extent-model years hollow with the model's error bar, and the
  OLS trend line of each class;
* :func:`plot_month_heatmap`: month × class heat maps of the door-to-door
  transit time and of the cost saving against Suez, over the feasible
  departures of the grid years;
* :func:`season_report_html`: one self-contained HTML file for one route
  (both figures embedded as base64 PNG, the table of seasons, the model error,
  the data basis of each year, the trends and the caveats).

Files are written through a temporary name and renamed, so no half-written
file is left behind. matplotlib is imported inside the functions only.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from arcticroute.analysis.seasons import GRID_MONTHLY_YEARS, Season, SeasonError, trend
from arcticroute.errors import ArcticRouteError
from arcticroute.plots.figures import save_png

__all__ = ["SeasonPlotError", "plot_month_heatmap", "plot_season_lengths", "season_report_html"]

_COLOURS = ("#7f7f7f", "#2ca02c", "#1f77b4", "#d62728", "#9467bd", "#ff7f0e", "#8c564b")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class SeasonPlotError(ArcticRouteError, ValueError):
    """Nothing to draw, or seasons of several routes in one figure."""


def _by_ship(seasons: Sequence[Season]) -> dict[str, list[Season]]:
    items = list(seasons)
    if not items or not all(isinstance(s, Season) for s in items):
        raise SeasonPlotError(
            "need at least one Season from arcticroute.analysis.seasons.seasons()"
        )
    routes = {(s.origin, s.destination, s.variant) for s in items}
    if len(routes) > 1:
        raise SeasonPlotError(
            "the seasons are of several routes or variants: "
            + "; ".join(f"{o} → {d} ({v})" for o, d, v in sorted(routes))
            + ". Plot one route at a time"
        )
    out: dict[str, list[Season]] = {}
    for s in items:
        out.setdefault(s.ship, []).append(s)
    for v in out.values():
        v.sort(key=lambda s: s.year)
    return out


def _label(s: Season) -> str:
    ic = "no ice class" if s.ice_class.lower() == "none" else s.ice_class
    return f"{ic}: {s.ship_name}"


def _short_label(s: Season) -> str:
    import textwrap

    ic = "no ice class" if s.ice_class.lower() == "none" else s.ice_class
    return ic + "\n" + textwrap.shorten(s.ship_name, 30, placeholder="…")


def _route_text(s: Season) -> str:
    return f"{s.origin} → {s.destination} via {s.variant.upper()}"


def _trend_or_none(items: list[Season]):
    try:
        return trend(items)
    except SeasonError:
        return None


# --- figures ----------------------------------------------------------------------------


def _basis_labels(ax, lo: int, hi: int) -> None:
    """Label the grid years and the extent-model years on each side of their border."""
    sides = ((hi + 0.3, f"ice grids {lo}–{hi}", "right"), (hi + 0.7, "extent model", "left"))
    for x, text, ha in sides:
        ax.text(
            x, 0.97, text, transform=ax.get_xaxis_transform(), ha=ha, va="top", fontsize=8,
            color="#555555",
        )  # fmt: skip


def _fig_lengths(seasons: Sequence[Season]):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    groups = _by_ship(seasons)
    fig, ax = plt.subplots(figsize=(11, 5.2))
    n = len(groups)
    for k, (_, items) in enumerate(groups.items()):
        colour = _COLOURS[k % len(_COLOURS)]
        dx = (k - (n - 1) / 2) * 0.12  # keep overlapping zero-length points apart
        years = np.array([s.year for s in items], float)
        length = np.array([s.length_days for s in items], float)
        grid = np.array([s.basis == "grid-monthly" for s in items])
        cens = np.array([s.censored for s in items])
        model = ~grid & ~cens
        ax.plot(years + dx, length, "-", color=colour, lw=0.8, alpha=0.5)
        ax.plot(years[grid] + dx, length[grid], "o", color=colour, ms=5)
        if model.any():
            err = [
                s.model.validation.mae_length_days
                if s.model is not None and s.model.validation is not None
                else 0.0
                for s, m in zip(items, model, strict=True)
                if m
            ]
            err_a = np.array(err)
            ax.errorbar(
                years[model] + dx,
                length[model],
                yerr=[np.minimum(err_a, length[model]), err_a],  # a length is never < 0
                fmt="s",
                mfc="white",
                mec=colour,
                ecolor=colour,
                ms=5,
                elinewidth=0.8,
                capsize=2,
            )
        if cens.any():
            ax.plot(years[cens] + dx, length[cens], "^", mfc="white", mec=colour, ms=7)
        t = _trend_or_none(items)
        label = _label(items[0])
        if not np.any(length):
            label += "  never feasible"
        elif t is not None:
            x = np.array([years.min(), years.max()])
            ax.plot(x, t.intercept + t.days_per_decade / 10.0 * x, "--", color=colour, lw=1.3)
            label += (
                f"  trend {t.days_per_decade:+.1f} d/decade "
                f"(95 % CI {t.ci95[0]:+.1f} … {t.ci95[1]:+.1f})"
            )
        ax.plot([], [], "-", color=colour, label=label)
    first = next(iter(groups.values()))[0]
    ax.set_title(f"NSR navigation season length, {_route_text(first)}")
    ax.set_xlabel("year")
    ax.set_ylabel("season length, days (first to last feasible departure)")
    top = max((s.length_days for v in groups.values() for s in v), default=0)
    ax.set_ylim(-5, max(30.0, top * 1.45))
    ax.grid(alpha=0.3)
    shown = [s.year for v in groups.values() for s in v]
    x0, x1 = min(shown) - 1, max(shown) + 1  # the axis fits the years asked
    ax.set_xlim(x0, x1)
    ax.xaxis.get_major_locator().set_params(integer=True)
    lo, hi = GRID_MONTHLY_YEARS
    ax.axvspan(lo - 0.5, hi + 0.5, color="#f2f2f2", zorder=0)
    if x0 < hi + 0.5 < x1:  # the change of basis lies inside the years shown
        _basis_labels(ax, lo, hi)
    leg1 = ax.legend(loc="upper left", fontsize=8, framealpha=0.9)
    ax.add_artist(leg1)
    ax.legend(
        handles=[
            Line2D([], [], ls="", marker="o", color="k", label="grid (monthly CDR ice)"),
            Line2D(
                [],
                [],
                ls="",
                marker="s",
                mfc="white",
                color="k",
                label="extent model (bar: leave-one-year-out MAE)",
            ),
            Line2D(
                [],
                [],
                ls="",
                marker="^",
                mfc="white",
                color="k",
                label="at least (data end before the season closes)",
            ),
            Line2D([], [], ls="--", color="k", label="OLS trend"),
        ],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12),
        ncol=2,
        fontsize=8,
        frameon=False,
    )
    return fig


def _month_table(items: list[Season]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per month: median transit days, median saving (USD) and years with a feasible voyage."""
    days = [[] for _ in range(12)]
    save = [[] for _ in range(12)]
    years = [set() for _ in range(12)]
    for s in items:
        for r in s.feasible_rows():
            m = r.departure.month - 1
            days[m].append(r.transit_days)
            if math.isfinite(r.saving_vs_suez_usd):
                save[m].append(r.saving_vs_suez_usd)
            years[m].add(s.year)
    med = np.array([np.median(v) if v else np.nan for v in days])
    sav = np.array([np.median(v) if v else np.nan for v in save])
    return med, sav, np.array([len(y) for y in years])


def _fig_heatmap(seasons: Sequence[Season]):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    groups = _by_ship(seasons)
    grid_groups = {k: [s for s in v if s.basis == "grid-monthly"] for k, v in groups.items()}
    if not any(grid_groups.values()):
        raise SeasonPlotError(
            "the month heat map needs grid seasons (1989–2017): extent-model seasons carry no "
            "transit times or costs"
        )
    names = [_short_label(v[0]) for v in groups.values()]
    tables = [_month_table(v) for v in grid_groups.values()]
    days = np.array([t[0] for t in tables])
    save = np.array([t[1] for t in tables]) / 1e6
    nyrs = np.array([t[2] for t in tables])
    n_grid = max(len(v) for v in grid_groups.values())
    fig, axes = plt.subplots(2, 1, figsize=(11, 1.4 + 1.3 * len(names)), sharex=True)
    panels = (
        (axes[0], days, "viridis_r", "median door-to-door transit, days", "{:.0f}"),
        (axes[1], save, "RdBu", "median saving vs Suez, million USD", "{:+.2f}"),
    )
    for ax, data, cmap, title, fmt in panels:
        finite = data[np.isfinite(data)]
        if cmap == "RdBu" and finite.size:
            lim = float(np.max(np.abs(finite)))
            vmin, vmax = -lim, lim
        else:
            vmin = float(finite.min()) if finite.size else 0.0
            vmax = float(finite.max()) if finite.size else 1.0
        cm = plt.get_cmap(cmap).with_extremes(bad="#e8e8e8")
        im = ax.imshow(np.ma.masked_invalid(data), cmap=cm, vmin=vmin, vmax=vmax, aspect="auto")
        for i in range(data.shape[0]):
            for j in range(12):
                if np.isfinite(data[i, j]):
                    val = (data[i, j] - vmin) / ((vmax - vmin) or 1.0)
                    dark = val > 0.6 if cmap == "viridis_r" else abs(val - 0.5) > 0.3
                    ax.text(
                        j,
                        i,
                        fmt.format(data[i, j]) + f"\n{nyrs[i, j]} yr",
                        ha="center",
                        va="center",
                        fontsize=7.5,
                        color="white" if dark else "black",
                    )
                else:
                    ax.text(j, i, "–", ha="center", va="center", fontsize=9, color="#999999")
        ax.set_yticks(range(len(names)), names, fontsize=8)
        ax.set_title(title, fontsize=10)
        fig.colorbar(im, ax=ax, fraction=0.025, pad=0.01)
    axes[1].set_xticks(range(12), _MONTHS)
    axes[1].set_xlabel("departure month")
    first = next(iter(groups.values()))[0]
    fig.suptitle(
        f"Feasible departures by month, {_route_text(first)}: grid years "
        f"(up to {n_grid}); 'n yr' = years with a feasible departure in the month; "
        "grey: none",
        fontsize=9,
    )
    return fig


def plot_season_lengths(seasons: Sequence[Season], out_path: str | Path, dpi: int = 130) -> Path:
    """Season length by year and class, with the trend line of each class, as PNG.

    Parameters
    ----------
    seasons : sequence of Season
        One route; any ships and years (:func:`arcticroute.analysis.seasons.seasons`).
    out_path : str or Path
        PNG to write (atomically).
    dpi : int

    Returns
    -------
    pathlib.Path
    """
    return save_png(_fig_lengths(seasons), out_path, dpi)


def plot_month_heatmap(seasons: Sequence[Season], out_path: str | Path, dpi: int = 130) -> Path:
    """Month × class heat maps of transit days and saving vs Suez (grid years), as PNG.

    Values are medians over every feasible departure of the grid seasons in
    the month (the bisection's extra days included); a cell is grey where no
    grid year has a feasible departure.
    """
    return save_png(_fig_heatmap(seasons), out_path, dpi)


# --- HTML -------------------------------------------------------------------------------


def _png_base64(fig, dpi: int) -> str:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    try:
        fig.tight_layout()
        fig.savefig(buf, format="png", dpi=dpi)
    finally:
        plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _d(day: dt.date | None) -> str:
    return day.strftime("%d %b") if day else "–"


def _e(text: object) -> str:
    return html.escape(str(text))


def _season_rows(groups: dict[str, list[Season]]) -> str:
    ships = list(groups)
    years = sorted({s.year for v in groups.values() for s in v})
    index = {(s.ship, s.year): s for v in groups.values() for s in v}
    head = "".join(f"<th colspan='3'>{_e(_label(groups[k][0]))}</th>" for k in ships)
    sub = "<th>first</th><th>last</th><th>days</th>" * len(ships)
    body = []
    for y in years:
        cells, bases = [], set()
        for k in ships:
            s = index.get((k, y))
            if s is None:
                cells.append("<td colspan='3'></td>")
                continue
            bases.add(s.basis)
            cls = " class='model'" if s.basis == "extent-model" else ""
            length = "?" if s.first_day and not s.last_day else s.length_days
            cells.append(
                f"<td{cls}>{_d(s.first_day)}</td><td{cls}>{_d(s.last_day)}</td>"
                f"<td{cls}><b>{length}</b></td>"
            )
        body.append(f"<tr><td>{y}</td><td>{_e(', '.join(sorted(bases)))}</td>{''.join(cells)}</tr>")
    return (
        f"<table><tr><th rowspan='2'>year</th><th rowspan='2'>basis</th>{head}</tr>"
        f"<tr>{sub}</tr>{''.join(body)}</table>"
    )


def _model_rows(groups: dict[str, list[Season]]) -> str:
    rows = []
    for items in groups.values():
        m = next((s.model for s in items if s.model is not None), None)
        if m is None or m.validation is None:
            continue
        v = m.validation
        th = (
            "none (no calibration year has a season)"
            if m.open_threshold is None
            else f"{m.open_threshold:.3f} / {m.close_threshold:.3f}"
        )
        rows.append(
            f"<tr><td>{_e(_label(items[0]))}</td><td>{th}</td><td>{m.lag_days:.1f}</td>"
            f"<td>{v.mae_length_days:.1f}</td><td>{v.bias_length_days:+.1f}</td>"
            f"<td>{_fmt(v.mae_first_days)}</td><td>{_fmt(v.mae_last_days)}</td>"
            f"<td>{v.presence_mismatches} of {len(v.years)}</td>"
            f"<td>{v.baseline_mae_length_days:.1f}</td>"
            f"<td>{v.in_sample_mae_length_days:.1f}</td></tr>"
        )
    if not rows:
        return "<p>No extent-model year in this report.</p>"
    return (
        "<table><tr><th>class</th><th>thresholds open / close</th><th>lag, d</th>"
        "<th>length MAE, d</th><th>length bias, d</th><th>first-day MAE, d</th>"
        "<th>last-day MAE, d</th><th>season yes/no wrong</th>"
        "<th>no-skill MAE, d</th><th>in-sample MAE, d</th></tr>" + "".join(rows) + "</table>"
    )


def _summary_rows(groups: dict[str, list[Season]]) -> str:
    rows = []
    for items in groups.values():
        grid = [s for s in items if s.basis == "grid-monthly"]
        with_season = [s for s in grid if s.has_season]
        longest = max(items, key=lambda s: s.length_days)
        t = _trend_or_none(items)
        mean = f"{np.mean([s.length_days for s in grid]):.0f}" if grid else "–"
        rows.append(
            f"<tr><td>{_e(_label(items[0]))}</td>"
            f"<td>{len(with_season)} of {len(grid)}</td><td>{mean}</td>"
            + (
                f"<td>{longest.length_days} ({longest.year}, {_e(longest.basis)})</td>"
                if longest.length_days
                else "<td>never feasible</td>"
            )
            + (
                f"<td>{t.days_per_decade:+.1f} ({t.ci95[0]:+.1f} … {t.ci95[1]:+.1f})</td>"
                if t is not None
                else "<td>–</td>"
            )
            + "</tr>"
        )
    return (
        "<table><tr><th>class</th><th>grid years with a season</th>"
        "<th>mean length, grid years, d</th><th>longest, d</th>"
        "<th>trend, d/decade (95 % CI), all years</th></tr>" + "".join(rows) + "</table>"
    )


def _projection_rows(projections: Sequence[Season]) -> str:
    if not projections:
        return (
            "<p class='note'>None in this report (<code>arcticroute season --cmip6 FILE</code> "
            "adds the years of a CMIP6 siconc file).</p>"
        )
    rows = "".join(
        f"<tr><td>{_e(_label(p))}</td><td>{p.year}</td><td>{_d(p.first_day)}</td>"
        f"<td>{_d(p.last_day)}</td><td><b>{p.length_days}</b></td>"
        f"<td style='text-align:left'>{_e('; '.join(p.notes[:2]))}</td></tr>"
        for p in projections
    )
    return (
        "<table><tr><th>class</th><th>year</th><th>first</th><th>last</th><th>days</th>"
        "<th>basis and comparison</th></tr>" + rows + "</table>"
    )


def _never_reasons(groups: dict[str, list[Season]]) -> list[str]:
    """For each class never feasible in a grid year: its most frequent summer reason."""
    from collections import Counter

    out = []
    for items in groups.values():
        grid = [s for s in items if s.basis == "grid-monthly"]
        if not grid or any(s.has_season for s in grid):
            continue
        reasons = Counter(
            r.reason.split(" in zone(s)")[0].split(" (the ship")[0]
            for s in grid
            for r in s.per_date
            if r.feasible is False and 7 <= r.departure.month <= 10
        )
        if reasons:
            text, n = reasons.most_common(1)[0]
            total = sum(reasons.values())
            out.append(
                f"{_label(items[0])} is never feasible in the grid years; most frequent reason "
                f"for July–October departures ({n} of {total}): {text}"
            )
    return out


def _fmt(x: float, nd: int = 1) -> str:
    return "–" if not math.isfinite(x) else f"{x:.{nd}f}"


def _trend_rows(groups: dict[str, list[Season]]) -> str:
    rows = []
    for items in groups.values():
        for label, bases in (("all years", None), ("grid years only", ["grid-monthly"])):
            try:
                t = trend(items, bases=bases)
            except SeasonError as exc:
                rows.append(
                    f"<tr><td>{_e(_label(items[0]))}</td><td>{label}</td>"
                    f"<td colspan='4'>{_e(exc)}</td></tr>"
                )
                continue
            rows.append(
                f"<tr><td>{_e(_label(items[0]))}</td><td>{label}</td><td>{t.n_years}</td>"
                f"<td><b>{t.days_per_decade:+.1f}</b> ± {t.stderr:.1f}</td>"
                f"<td>{t.ci95[0]:+.1f} … {t.ci95[1]:+.1f}</td><td>{t.p_value:.3f}</td></tr>"
            )
    return (
        "<table><tr><th>class</th><th>years</th><th>n</th><th>trend ± s.e., d/decade</th>"
        "<th>95 % CI</th><th>p</th></tr>" + "".join(rows) + "</table>"
    )


_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2em auto;
max-width:1150px;color:#222;line-height:1.4}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;font-size:0.82em;margin:0.5em 0}
td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}
th{background:#f0f0f0;text-align:center}td:first-child{text-align:left}
td.model{background:#fff7e0;font-style:italic}img{max-width:100%}
.note{color:#555;font-size:0.9em}li{margin:0.2em 0}
"""


def season_report_html(
    seasons: Sequence[Season],
    out_path: str | Path,
    title: str | None = None,
    dpi: int = 110,
    projections: Sequence[Season] = (),
) -> Path:
    """A self-contained HTML report of the seasons of one route.

    Parameters
    ----------
    seasons : sequence of Season
        One route; any ships and years.
    out_path : str or Path
        HTML file to write (atomically); the figures are embedded as base64 PNG.
    title : str, optional
    dpi : int
        Of the embedded figures.
    projections : sequence of Season, optional
        From :func:`arcticroute.analysis.seasons.project_seasons`: listed in their own
        section (never in the trend).

    Returns
    -------
    pathlib.Path
    """
    groups = _by_ship(seasons)
    first = next(iter(groups.values()))[0]
    title = title or f"Navigation seasons {_route_text(first)}"
    lengths = _png_base64(_fig_lengths(seasons), dpi)
    try:
        heat = _png_base64(_fig_heatmap(seasons), dpi)
        heat_html = f"<img alt='month heat map' src='data:image/png;base64,{heat}'>"
    except SeasonPlotError as exc:
        heat_html = f"<p>{_e(exc)}</p>"
    all_items = [s for v in groups.values() for s in v]
    generic = ("estimated from the Sea Ice Index", "model error (", "no calibration year")
    notes = [*_never_reasons(groups)]
    notes += [
        f"{s.year}, {_label(s)}: {n}"
        for s in sorted(all_items, key=lambda s: (s.year, s.ship))
        for n in s.notes
        if not n.startswith(generic)
    ]
    steps = sorted({s.step_days for s in all_items})
    doc = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{_e(title)}</title>
<style>{_CSS}</style></head><body>
<h1>{_e(title)}</h1>
<p class="note">Generated {dt.date.today():%Y-%m-%d} by arcticroute. A season is the span of
departure days from {_e(first.origin)} (00:00) on which the ice-aware voyage through the
{_e(first.variant.upper())} is feasible, judged with the ice of the time of passage. Departures
scanned every {", ".join(map(str, steps))} days, changes of verdict located to the day by
bisection.</p>
<h2>Summary</h2>
{_summary_rows(groups)}
<h2>Season length by year</h2>
<img alt="season length by year" src="data:image/png;base64,{lengths}">
<h2>Transit time and saving against Suez by departure month</h2>
{heat_html}
<h2>Seasons</h2>
<p class="note">Shaded italic cells are extent-model estimates; the others come from the ice
grids. 'days' = last − first + 1 (0: no feasible departure); '?' = the extents end before the
season closes.</p>
{_season_rows(groups)}
<h2>Trend of season length</h2>
<p class="note">OLS on year (scipy.stats.linregress); 95 % interval from Student's t with n − 2
degrees of freedom. The standard error does not include the extent model's error.</p>
{_trend_rows(groups)}
<h2>Extent model and its error</h2>
<p class="note">Years without grids are estimated from the Sea Ice Index regional daily extents of
the Kara, Laptev, East Siberian and Chukchi Seas (mean ice-covered share, read at departure +
lag), with two thresholds per class fitted on the grid seasons {GRID_MONTHLY_YEARS[0]}–
{GRID_MONTHLY_YEARS[1]}. Errors are leave-one-year-out (each year predicted by the model
fitted on the others); 'no-skill' is the error of predicting the mean length of the other
years.</p>
{_model_rows(groups)}
<h2>Projection (CMIP6)</h2>
{_projection_rows(projections)}
<h2>Data basis and caveats</h2>
<ul>
<li><b>grid-monthly</b> ({GRID_MONTHLY_YEARS[0]}–{GRID_MONTHLY_YEARS[1]}): NOAA/NSIDC CDR
G02202 v3 monthly concentration; every day of a month sees that month's mean field, so first and
last days cluster where the time of passage enters a new month.</li>
<li><b>grid-daily</b> (1 Jan – 11 Jun 2025): Sea Ice Index v3 daily grids; they end before the
summer, so 2025's season is an extent-model estimate.</li>
<li><b>extent-model</b> (other years): see above; it estimates the season the monthly grids
would show, with the error in the table.</li>
<li>Costs use the prices, tariffs and rules of one year for every year
(registry <code>seasons.cost_year</code>); steaming time only (no waiting for ice or escort);
icebreaker always available. The NSR admission table (2013/2017 Rules) and the type of ice
conditions per zone decide ships with no ice class and Ice1–Ice3.</li>
{"".join(f"<li>{_e(n)}</li>" for n in notes)}
</ul>
</body></html>
"""
    out = Path(out_path)
    tmp = out.with_name(out.name + ".part")
    try:
        tmp.write_text(doc, encoding="utf-8")
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return out
