"""``arcticroute season``: navigation seasons of a route by year and ship class.

A thin layer over :mod:`arcticroute.analysis.seasons` and :mod:`arcticroute.plots.seasonplot`:
it parses the options, runs the scan and prints a table, JSON or CSV, and
writes the figures and the HTML report. The command function is
:func:`season_command`; the main app registers it with
``app.command("season")(season_command)``. Every
:class:`~arcticroute.errors.ArcticRouteError` becomes a one-line message on
stderr and exit status 1.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import statistics
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from arcticroute.cli.common import check_outputs, emit, fail, ship_spec
from arcticroute.errors import ArcticRouteError

__all__ = ["SeasonFormat", "parse_years", "season_command", "seasons_to_dict"]

_YEARS_RE = re.compile(r"\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?")


class SeasonFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def parse_years(text: str) -> list[int]:
    """``"1989-2017"``, ``"2012"`` or ``"2007,2012,2015-2017"`` -> sorted years.

    Raises
    ------
    ValueError
        With a message naming the bad part.
    """
    out: set[int] = set()
    for part in text.split(","):
        m = _YEARS_RE.fullmatch(part)
        if not m:
            raise ValueError(
                f"--years must be years or ranges such as 1989-2025 or 2007,2012; got {text!r}"
            )
        a = int(m.group(1))
        b = int(m.group(2) or a)
        if b < a:
            raise ValueError(f"--years range {a}-{b} runs backwards; write {b}-{a}")
        out.update(range(a, b + 1))
    return sorted(out)


def _resolve_ship(spec: str):
    from arcticroute.vessel.ships import get_ship

    ship = ship_spec(spec)
    return get_ship(ship) if isinstance(ship, str) else ship


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def _num(x: float, nd: int = 2) -> float | None:
    return None if x is None or not math.isfinite(x) else round(float(x), nd)


def _median(values: list[float]) -> float:
    v = [x for x in values if math.isfinite(x)]
    return float(statistics.median(v)) if v else math.nan


def _summary(s) -> dict[str, Any]:
    rows = s.feasible_rows()
    return {
        "median_transit_days": _num(_median([r.transit_days for r in rows])),
        "median_cost_usd": _num(_median([r.cost_usd for r in rows]), 0),
        "median_saving_vs_suez_usd": _num(_median([r.saving_vs_suez_usd for r in rows]), 0),
    }


def _validation(m) -> dict[str, Any] | None:
    if m is None:
        return None
    v = m.validation
    return {
        "lag_days": _num(m.lag_days),
        "open_threshold": m.open_threshold,
        "close_threshold": m.close_threshold,
        "validation": None
        if v is None
        else {
            "method": v.method,
            "years": [v.years[0], v.years[-1]],
            "mae_length_days": _num(v.mae_length_days),
            "bias_length_days": _num(v.bias_length_days),
            "max_abs_length_days": _num(v.max_abs_length_days),
            "mae_first_days": _num(v.mae_first_days),
            "mae_last_days": _num(v.mae_last_days),
            "presence_mismatches": v.presence_mismatches,
            "baseline_mae_length_days": _num(v.baseline_mae_length_days),
            "in_sample_mae_length_days": _num(v.in_sample_mae_length_days),
        },
    }


def _trends(items) -> dict[str, Any]:
    """Per ship: the trend over all years and over the grid years only."""
    from arcticroute.analysis.seasons import SeasonError, trend

    by_ship: dict[str, list] = {}
    for s in items:
        by_ship.setdefault(s.ship, []).append(s)
    out: dict[str, Any] = {}
    for ship, group in by_ship.items():
        out[ship] = {}
        for name, bases in (("all_years", None), ("grid_years", ["grid-monthly"])):
            try:
                t = trend(group, bases=bases)
            except SeasonError as exc:
                out[ship][name] = {"error": str(exc)}
                continue
            out[ship][name] = {
                "quantity": t.quantity,
                "days_per_decade": _num(t.days_per_decade),
                "stderr_days_per_decade": _num(t.stderr),
                "ci95_days_per_decade": [_num(t.ci95[0]), _num(t.ci95[1])],
                "n_years": t.n_years,
                "p_value": _num(t.p_value, 4),
                "bases": sorted({s.basis for s in group if bases is None or s.basis in bases}),
            }
    return out


def seasons_to_dict(items, step_days: int, cost_year: int) -> dict[str, Any]:
    """The seasons, their trends and model errors as a JSON-ready dict."""
    from arcticroute.version import __version__

    first = items[0]
    models = {}
    for s in items:
        if s.model is not None and s.ship not in models:
            models[s.ship] = _validation(s.model)
    return {
        "kind": "seasons",
        "generator": f"arcticroute {__version__}",
        "route": {"from": first.origin, "to": first.destination, "variant": first.variant},
        "step_days": step_days,
        "cost_year": cost_year,
        "seasons": [
            {
                "year": s.year,
                "ship": s.ship,
                "ship_name": s.ship_name,
                "ice_class": s.ice_class,
                "basis": s.basis,
                "first_day": _iso(s.first_day),
                "last_day": _iso(s.last_day),
                "length_days": s.length_days,
                "feasible_days": s.feasible_days,
                "resolution_days": s.resolution_days,
                **_summary(s),
                "notes": list(s.notes),
                "per_date": [
                    {
                        "departure": r.departure.isoformat(),
                        "feasible": r.feasible,
                        "basis": r.basis,
                        "transit_days": _num(r.transit_days),
                        "cost_usd": _num(r.cost_usd, 0),
                        "suez_cost_usd": _num(r.suez_cost_usd, 0),
                        "saving_vs_suez_usd": _num(r.saving_vs_suez_usd, 0),
                        "escort_zones": r.escort_zones,
                        "reason": r.reason,
                    }
                    for r in s.per_date
                ],
            }
            for s in items
        ],
        "trends": _trends(items),
        "extent_models": models,
    }


_CSV_COLUMNS = (
    "year",
    "ship",
    "ice_class",
    "basis",
    "first_day",
    "last_day",
    "length_days",
    "feasible_days",
    "median_transit_days",
    "median_cost_usd",
    "median_saving_vs_suez_usd",
)


def _to_csv(items) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(_CSV_COLUMNS)
    for s in items:
        m = _summary(s)
        w.writerow(
            [
                s.year,
                s.ship,
                s.ice_class,
                s.basis,
                _iso(s.first_day) or "",
                _iso(s.last_day) or "",
                s.length_days,
                s.feasible_days,
                *("" if m[k] is None else m[k] for k in _CSV_COLUMNS[8:]),
            ]
        )
    return buf.getvalue()


def _table(items, trends: dict[str, Any]) -> None:
    import shutil

    from rich.console import Console
    from rich.table import Table

    console = Console(soft_wrap=False, width=max(shutil.get_terminal_size((120, 24)).columns, 110))
    ships: dict[str, Any] = {}
    for s in items:
        ships.setdefault(s.ship, s)
    first = items[0]
    t = Table(
        title=f"Navigation seasons {first.origin} → {first.destination} via "
        f"{first.variant.upper()} (first – last feasible departure, days; * extent model)"
    )
    t.add_column("year")
    for s in ships.values():
        t.add_column(s.ice_class if s.ice_class != "none" else "no ice class", justify="right")
    index = {(s.ship, s.year): s for s in items}
    for y in sorted({s.year for s in items}):
        cells = []
        for key in ships:
            s = index.get((key, y))
            if s is None:
                cells.append("")
            elif s.first_day is None:
                cells.append("–" + (" *" if s.basis == "extent-model" else ""))
            else:
                last = f"{s.last_day:%d %b}" if s.last_day else "?"
                length = s.length_days if s.last_day else f"≥{s.length_days}"
                star = " *" if s.basis == "extent-model" else ""
                cells.append(f"{s.first_day:%d %b} – {last} ({length}){star}")
        t.add_row(str(y), *cells)
    console.print(t)
    for key, s in ships.items():
        parts = []
        for name, label in (("all_years", "all years"), ("grid_years", "grid years")):
            tr = trends.get(key, {}).get(name, {})
            if "days_per_decade" in tr:
                lo, hi = tr["ci95_days_per_decade"]
                parts.append(
                    f"{label} {tr['days_per_decade']:+.1f} ± {tr['stderr_days_per_decade']:.1f} "
                    f"(95 % CI {lo:+.1f} … {hi:+.1f}, n = {tr['n_years']})"
                )
        line = f"{s.ship_name}: trend, days/decade: " + ("; ".join(parts) or "none (< 3 years)")
        m = next((x.model for x in items if x.ship == key and x.model is not None), None)
        if m is not None and m.validation is not None:
            v = m.validation
            line += (
                f"; extent model error (leave-one-year-out): length MAE "
                f"{v.mae_length_days:.1f} d (no-skill {v.baseline_mae_length_days:.1f} d)"
            )
        console.print(line)


def _projections(items, path: Path, step: int) -> list:
    """Extent-model projections of a CMIP6 file, one model per ship from ``items``."""
    from arcticroute.analysis.seasons import (
        GRID_MONTHLY_YEARS,
        SeasonError,
        fit_extent_model,
        project_seasons,
    )

    out = []
    for ship in dict.fromkeys(s.ship for s in items):
        model = next((s.model for s in items if s.ship == ship and s.model is not None), None)
        if model is None:
            grid = [s for s in items if s.ship == ship and s.basis == "grid-monthly"]
            lo, hi = GRID_MONTHLY_YEARS
            if len(grid) < hi - lo + 1:
                raise SeasonError(
                    f"--cmip6 needs the extent model: include a year without grids (e.g. 2020) "
                    f"or all of {lo}-{hi} in --years"
                )
            model = fit_extent_model(grid)
        out.extend(project_seasons(model, path, step))
    return out


def season_command(
    origin: Annotated[
        str, typer.Option("--from", help="Origin port: name, UN/LOCODE or 'lat,lon'.")
    ] = "Busan",
    destination: Annotated[
        str, typer.Option("--to", help="Destination port: name, UN/LOCODE or 'lat,lon'.")
    ] = "Rotterdam",
    ships: Annotated[
        str,
        typer.Option(
            "--ships",
            help="Comma list of ship presets (see 'ships list') or ship files. Default: one per "
            "class: no ice class, Arc4, IA Super, Arc7.",
        ),
    ] = "panamax_bulker,container_4500teu_arc4,bulk_75000dwt_iasuper,lng_arc7_yamalmax",
    years: Annotated[
        str,
        typer.Option(
            "--years",
            help="Years or ranges, e.g. 1989-2025 or 2007,2012,2013 (1979-2025; grids "
            "1989-2017, others from the extent model).",
        ),
    ] = "1989-2025",
    variant: Annotated[
        str, typer.Option("--variant", help="Arctic variant: nsr, nsr_high, transpolar or nwp.")
    ] = "nsr",
    step_days: Annotated[
        int | None,
        typer.Option(
            "--step-days", help="Scan step in days, 1-31 (default: registry seasons.step_days)."
        ),
    ] = None,
    format: Annotated[SeasonFormat, typer.Option("--format", "-f")] = SeasonFormat.table,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write the table/JSON/CSV to a file.")
    ] = None,
    report: Annotated[
        Path | None, typer.Option("--report", help="Write a self-contained HTML report.")
    ] = None,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Write a PNG of season length by year.")
    ] = None,
    heatmap: Annotated[
        Path | None,
        typer.Option("--heatmap", help="Write a PNG month x class heat map (transit, saving)."),
    ] = None,
    cost_year: Annotated[
        int | None,
        typer.Option(
            "--cost-year", help="Prices and tariffs of this year (default: seasons.cost_year)."
        ),
    ] = None,
    workers: Annotated[
        int, typer.Option("--workers", min=1, max=64, help="Processes for the grid scans.")
    ] = 1,
    cmip6: Annotated[
        Path | None,
        typer.Option(
            "--cmip6",
            help="CMIP6 SImon siconc file: also project its years through the extent model "
            "(no bias adjustment).",
        ),
    ] = None,
) -> None:
    """Navigation season (first and last feasible day, length) by year and ship class.

    Years 1989-2017 come from the monthly ice grids (each departure judged with the ice of
    the time of passage); other years from the Sea Ice Index regional extents through a
    model calibrated on the grid years, with its error. A full 1989-2025 scan of four
    classes takes several minutes (use --workers 2 on two cores).
    """
    from arcticroute import assumptions
    from arcticroute.analysis import seasons

    year_list, ship_objs = _season_inputs(years, ships, out, format, (report, plot, heatmap))
    try:
        step = step_days if step_days is not None else int(assumptions.value(seasons.STEP_KEY))
        cy = cost_year if cost_year is not None else int(assumptions.value(seasons.COST_YEAR_KEY))
        items = seasons.seasons(
            year_list,
            ship_objs,
            (origin, destination),
            variant,
            step,
            cost_year=cy,
            workers=workers,
            progress=_progress(len(year_list) * len(ship_objs)),
        )
        projections = _projections(items, cmip6, step) if cmip6 is not None else []
        _season_figures(items, projections, plot, heatmap, report)
    except ArcticRouteError as exc:
        fail(str(exc))
    _season_output(format, items, projections, step, cy, out)


def _season_inputs(years: str, ships: str, out, format, figures) -> tuple[list, list]:
    """Years and ships from the options, refused in one line when unusable."""
    try:
        year_list = parse_years(years)
    except ValueError as exc:
        fail(str(exc))
    if out is not None and format is SeasonFormat.table:
        fail("--out needs --format json or csv")
    names = [s.strip() for s in ships.split(",") if s.strip()]
    if not names:
        fail("--ships is empty; give presets such as container_4500teu_arc4 (see 'ships list')")
    report, plot, heatmap = figures
    check_outputs(
        (out, "--out", ()),
        (report, "--report", (".html",)),
        (plot, "--plot", (".png",)),
        (heatmap, "--heatmap", (".png",)),
    )
    try:
        return year_list, [_resolve_ship(n) for n in names]
    except ArcticRouteError as exc:
        fail(str(exc))


PROGRESS_EVERY_S = 10.0
"""Seconds between progress lines when stderr is not a terminal (a log file, CI)."""


def _progress(total: int):
    """A line with the count and the time left per scanned year and ship on a terminal;
    one every :data:`PROGRESS_EVERY_S` seconds otherwise (a long run is never silent)."""
    import time

    t0, state = time.monotonic(), {"done": 0, "said": 0.0}
    tty = sys.stderr.isatty()

    def progress(s) -> None:
        state["done"] += 1
        now = time.monotonic() - t0
        if not tty and now - state["said"] < PROGRESS_EVERY_S and state["done"] < total:
            return
        state["said"] = now
        left = now / state["done"] * max(total - state["done"], 0)
        typer.echo(
            f"  scanned {s.year} {s.ship} ({state['done']} of at most {total}; "
            f"{now:.0f} s so far, about {left:.0f} s left)",
            err=True,
        )

    return progress


def _season_figures(items, projections, plot, heatmap, report) -> None:
    if plot is not None:
        from arcticroute.plots.seasonplot import plot_season_lengths

        plot_season_lengths(items, plot)
        typer.echo(f"wrote {plot}", err=True)
    if heatmap is not None:
        from arcticroute.plots.seasonplot import plot_month_heatmap

        plot_month_heatmap(items, heatmap)
        typer.echo(f"wrote {heatmap}", err=True)
    if report is not None:
        from arcticroute.plots.seasonplot import season_report_html

        season_report_html(items, report, projections=projections)
        typer.echo(f"wrote {report}", err=True)


def _season_output(format, items, projections, step: int, cy: int, out) -> None:
    if format is SeasonFormat.json:
        doc = seasons_to_dict(items, step, cy)
        doc["projections"] = [
            {
                "year": p.year,
                "ship": p.ship,
                "basis": p.basis,
                "first_day": _iso(p.first_day),
                "last_day": _iso(p.last_day),
                "length_days": p.length_days,
                "notes": list(p.notes),
            }
            for p in projections
        ]
        emit(json.dumps(doc, indent=1, ensure_ascii=False), out)
    elif format is SeasonFormat.csv:
        emit(_to_csv([*items, *projections]), out)
    else:
        _table(items, _trends(items))
        for p in projections:
            span = (
                f"{p.first_day:%d %b} – {p.last_day:%d %b} ({p.length_days} days)"
                if p.first_day and p.last_day
                else "no season"
            )
            typer.echo(f"{p.ship_name}, {p.year} projected ({p.basis}): {span}; {p.notes[0]}")
