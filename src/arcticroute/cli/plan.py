"""``arcticroute plan``: an annual cargo plan (route by month, fleet, cost, CO2) as a table,
JSON or CSV, with an optional PNG.

A thin layer over :func:`arcticroute.analysis.plan.plan` (one year) and
:func:`arcticroute.analysis.planyears.plan_years` (several years, on worker
processes, resumable through ``OUT.parts/``). Any
:class:`~arcticroute.errors.ArcticRouteError` becomes one line on stderr and exit
status 1. Registered by :mod:`arcticroute.cli.main` as
``app.command("plan")(plan_command)``.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Annotated

import typer

from arcticroute.cli.common import emit, fail, ship_spec
from arcticroute.errors import ArcticRouteError

__all__ = ["parse_corridor_months", "parse_destinations", "plan_command"]


def parse_destinations(text: str) -> dict[str, float] | list[str]:
    """``"Tianjin:0.6,Zeebrugge:0.4"`` -> shares; ``"Tianjin"`` -> one port (share 1)."""
    items = [s.strip() for s in text.split(",") if s.strip()]
    if not items:
        fail("--to: no destination given; e.g. --to Tianjin or --to Tianjin:0.6,Zeebrugge:0.4")
    if not any(":" in s for s in items):
        return items
    out: dict[str, float] = {}
    for s in items:
        name, sep, share = s.rpartition(":")
        if not sep:
            fail(f"--to: give every destination a share (PORT:SHARE), or none; got {s!r}")
        try:
            out[name.strip()] = float(share)
        except ValueError:
            fail(f"--to: bad share {share!r} for {name.strip()!r}: give a fraction like 0.4")
    return out


def parse_corridor_months(text: str | None) -> dict[str, tuple[int, int]] | None:
    """``"nsr:7-12"`` -> ``{"nsr": (7, 12)}``."""
    if not text:
        return None
    out = {}
    for item in (s.strip() for s in text.split(",") if s.strip()):
        name, _, window = item.partition(":")
        first, _, last = window.partition("-")
        try:
            out[name.strip()] = (int(first), int(last))
        except ValueError:
            fail(f"--corridor-months: bad item {item!r}; e.g. nsr:7-12")
    return out


def _table(data: dict) -> None:
    from rich.table import Table

    from arcticroute.cli.common import console

    con = console()
    unit = data["unit"]
    for y in data.get("years", [data]):
        t = Table(
            title=f"{data['origin']} → {', '.join(d['port'] for d in data['destinations'])}: "
            f"{data['volume']:,.0f} {unit}/yr, {data['ship']}, {y['year']} "
            f"({y['ice_source'] or 'no ice met'} ice)"
        )
        for col in ("month", "to", "route", "corridor", "back", "round trip d", "voyages"):
            t.add_column(col, justify="right" if col in ("round trip d", "voyages") else "left")
        t.add_column(f"volume {unit}", justify="right")
        t.add_column("cost M$", justify="right")
        for m in y["months"]:
            t.add_row(
                str(m["month"]),
                m["destination"],
                m["route"],
                m["corridor"],
                m["return_corridor"],
                f"{m['round_trip_days']:.1f}",
                str(m["voyages"]),
                f"{m['volume']:,.0f}",
                f"{m['total_usd'] / 1e6:,.1f}",
            )
        con.print(t)
        _totals(con, data, y)
    if "summary" in data:
        s = data["summary"]
        con.print(
            f"over {len(data['years'])} years: fleet {s['fleet_size']['min']}-"
            f"{s['fleet_size']['max']} (median {s['fleet_size']['median']:g}), NSR share of "
            f"voyages {s['nsr_share']['min']:.0%}-{s['nsr_share']['max']:.0%}, cost per {unit} "
            f"{s['per_unit_usd']['min']:,.2f}-{s['per_unit_usd']['max']:,.2f} USD; light year "
            f"{s['light_year']}, heavy year {s['heavy_year']}"
        )


def _totals(con, data: dict, y: dict) -> None:
    a, unit = y["annual"], data["unit"]
    hub = f" + {y['hub_fleet_size']} at the hub" if data.get("hub") else ""
    con.print(
        f"fleet {y['fleet_size']} ships{hub} (busiest month {y['peak_fleet']}); "
        f"{y['voyages']} voyages, {y['nsr_share']:.0%} by the NSR; fuel {a['fuel_t']:,.0f} t, "
        f"CO2 {a['co2_t']:,.0f} t (CO2e {a['co2e_t']:,.0f} t), ETS {a['ets_usd'] / 1e6:,.1f} M$, "
        f"tolls {a['canal_toll_usd'] / 1e6:,.1f} M$, escort {a['icebreaker_fee_usd'] / 1e6:,.1f} "
        f"M$; total {a['total_usd'] / 1e6:,.1f} M$ = {a['per_unit_usd']:,.2f} USD/{unit}"
    )
    b = y.get("baseline")
    if b:
        ba = b["annual"]
        con.print(
            f"all-{b['corridor']} plan: fleet {b['fleet_size']}, CO2 {ba['co2_t']:,.0f} t, total "
            f"{ba['total_usd'] / 1e6:,.1f} M$ = {ba['per_unit_usd']:,.2f} USD/{unit}"
        )


def plan_command(
    origin: Annotated[str, typer.Option("--from", help="Loading port (name or UN/LOCODE).")],
    to: Annotated[
        str,
        typer.Option(
            "--to", help="Destinations: PORT, or PORT:SHARE,... with shares summing to 1."
        ),
    ],
    volume: Annotated[float, typer.Option("--volume", help="Yearly volume, in --unit.")],
    ship: Annotated[
        str, typer.Option("--ship", help="Ship preset or .toml/.json ship file.")
    ] = "lng_arc7_yamalmax",
    unit: Annotated[str, typer.Option("--unit", help="Volume unit: t, m3 or TEU.")] = "t",
    years: Annotated[
        str,
        typer.Option(
            "--years",
            "--year",
            help="Year(s) sailed: 2026, 1989-2017 (observed ice with ARCTICROUTE_DATA_DIR) "
            "or a comma list.",
        ),
    ] = "2026",
    ice_source: Annotated[
        str,
        typer.Option(
            "--ice-source",
            help="auto (observed where a local file has the date, else the median "
            "climatology), embedded (the climatology), g02202, or cmip6:PATH.",
        ),
    ] = "auto",
    hub: Annotated[
        str | None, typer.Option("--hub", help="Transshipment hub port (optional).")
    ] = None,
    hub_ship: Annotated[
        str | None, typer.Option("--hub-ship", help="Ship that carries on from the hub.")
    ] = None,
    transfer_days: Annotated[
        float | None, typer.Option("--transfer-days", help="Days at the hub per transfer.")
    ] = None,
    port_days: Annotated[
        float | None, typer.Option("--port-days", help="Days at each end of a voyage.")
    ] = None,
    load_factor: Annotated[
        float | None, typer.Option("--load-factor", help="Cargo per voyage / capacity.")
    ] = None,
    laden_return: Annotated[
        bool, typer.Option("--laden-return/--ballast-return", help="Return leg laden.")
    ] = False,
    corridors: Annotated[
        str, typer.Option("--corridors", help="Corridors weighed, comma separated.")
    ] = "nsr,suez,cape",
    corridor_months: Annotated[
        str | None,
        typer.Option(
            "--corridor-months",
            help="Months a corridor may be sailed, e.g. nsr:7-12 (a leg leaving in other "
            "months takes another corridor); comma separated.",
        ),
    ] = None,
    objective: Annotated[
        str, typer.Option("--objective", help="cost (per unit delivered) or time.")
    ] = "cost",
    baseline: Annotated[
        str, typer.Option("--baseline", help="Corridor of the comparison plan (suez, cape).")
    ] = "suez",
    step_days: Annotated[
        int | None,
        typer.Option(
            "--step-days",
            min=1,
            help="A departure every N days (default: one a month, on the 15th).",
        ),
    ] = None,
    format: Annotated[str, typer.Option("--format", help="table, json or csv.")] = "table",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write JSON/CSV here (atomically).")
    ] = None,
    png: Annotated[Path | None, typer.Option("--png", help="Also draw the plan as a PNG.")] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, help="Processes for several years.")
    ] = None,
    resume: Annotated[
        bool,
        typer.Option("--resume/--restart", help="Keep the years OUT.parts/ holds (with --out)."),
    ] = True,
) -> None:
    """Annual cargo plan: the route each month, the fleet, the year's cost and CO2.

    Moves a yearly volume from one port to one or more destinations with one ship
    type through the ice of the year, weighing the corridors (and a transshipment
    hub) for every departure, and compares it with an all-Suez (or all-Cape) plan.
    """
    if format not in ("table", "json", "csv"):
        fail(f"--format must be table, json or csv, got {format!r}")
    try:
        data = _compute(
            origin, parse_destinations(to), volume, ship_spec(ship), years, out, workers, resume,
            unit=unit, hub=hub, hub_ship=ship_spec(hub_ship) if hub_ship else None,
            transfer_days=transfer_days, port_days=port_days, load_factor=load_factor,
            laden_return=laden_return, corridors=[c for c in corridors.split(",") if c.strip()],
            objective=objective, baseline=baseline, step_days=step_days, ice_source=ice_source,
            corridor_months=parse_corridor_months(corridor_months),
        )  # fmt: skip
        if png is not None:
            from arcticroute.plots.planplot import plan_png

            plan_png(data, png)
            typer.echo(f"wrote {png}", err=True)
    except ArcticRouteError as exc:
        fail(str(exc))
    _emit(data, format, out)
    parts = out.with_name(out.name + ".parts") if out is not None else None
    if parts is not None and parts.is_dir():  # written in full: the parts are not needed
        for f in parts.glob("*.json"):
            f.unlink()
        with contextlib.suppress(OSError):  # something else was put there: leave it
            parts.rmdir()


def _compute(origin, dests, volume, ship, years, out, workers, resume, ice_source, **opt):
    from arcticroute.analysis.planreport import plan_to_dict, years_to_dict
    from arcticroute.analysis.planyears import parse_years, plan_years
    from arcticroute.routing import IceOptions

    ys = parse_years(years)
    opt["ice"] = IceOptions(source=ice_source)
    if len(ys) == 1 and out is None:
        from arcticroute.analysis.plan import plan

        return plan_to_dict(plan(origin, dests, volume, ship, ys[0], **opt))
    parts = out.with_name(out.name + ".parts") if out is not None else None
    rows = plan_years(
        origin, dests, volume, ship, ys, workers=workers, parts_dir=parts, resume=resume, **opt
    )
    return rows[0] if len(rows) == 1 else years_to_dict(rows)


def _emit(data: dict, format: str, out: Path | None) -> None:
    import json

    from arcticroute.analysis.planreport import plan_to_csv

    if format == "table" and out is None:
        _table(data)
        return
    if format == "csv":
        emit(plan_to_csv(data), out)
    else:
        emit(json.dumps(data, indent=2, ensure_ascii=False), out)
