"""Command-line interface: ``arcticroute ports|ships|route|compare|assumptions``.

A thin layer over the public API: it parses arguments, calls the library
and formats the result (rich tables, JSON, GeoJSON, CSV, PNG maps). Every
:class:`~arcticroute.errors.ArcticRouteError` becomes a one-line message on
stderr and exit status 1, with no traceback. Heavy modules (matplotlib,
shapely) are imported only by the commands that draw.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from arcticroute.cli.common import EXIT_INFEASIBLE, check_outputs, emit, fail, help_markup
from arcticroute.cli.common import console as wide_console
from arcticroute.errors import ArcticRouteError
from arcticroute.version import __version__

app = typer.Typer(
    name="arcticroute",
    help="Arctic shipping routes (NSR, NWP) compared with Suez, the Cape and Panama.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=help_markup(),
)
HELP = {"no_args_is_help": True, "rich_markup_mode": help_markup()}
ports_app = typer.Typer(help="Search the port catalogue.", **HELP)
ships_app = typer.Typer(help="Ship presets.", **HELP)
data_app = typer.Typer(help="Download cache of sea-ice data.", **HELP)
ice_app = typer.Typer(help="Sea-ice concentration maps and extent series.", **HELP)
app.add_typer(ice_app, name="ice")
app.add_typer(ports_app, name="ports")
app.add_typer(ships_app, name="ships")
app.add_typer(data_app, name="data")


class TableJson(StrEnum):
    table = "table"
    json = "json"


class RouteFormat(StrEnum):
    table = "table"
    json = "json"
    geojson = "geojson"
    csv = "csv"


_TITLES = {
    "suez": "Suez",
    "panama": "Panama",
    "malacca": "Malacca",
    "gibraltar": "Gibraltar",
    "babelmandeb": "Bab-el-M.",
    "bering": "Bering",
    "cape": "Good Hope",
    "cape_horn": "Cape Horn",
    "magellan": "Magellan",
    "nsr": "NSR",
    "nsr_kara": "Kara Sea",
    "nwp": "NWP",
}


def _resolve_ship(spec: str | None):
    from arcticroute.routing.lanes import DEFAULT_SHIP
    from arcticroute.vessel.ships import get_ship, load_ship

    if spec is None:
        return get_ship(DEFAULT_SHIP)
    p = Path(spec)
    if p.suffix.lower() in (".toml", ".json") or p.exists():
        return load_ship(p)
    return get_ship(spec)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"arcticroute {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
    assumptions_file: Annotated[
        Path | None,
        typer.Option("--assumptions", help="TOML file overriding named assumptions."),
    ] = None,
) -> None:
    if assumptions_file is not None:
        from arcticroute.assumptions import load_overrides

        try:
            load_overrides(assumptions_file)
        except ArcticRouteError as exc:
            fail(str(exc))


@ports_app.command("search")
def ports_search(
    text: Annotated[str, typer.Argument(help="Name, UN/LOCODE or local name.")],
    limit: Annotated[int, typer.Option(min=1, max=200, help="Most matches shown.")] = 10,
    format: Annotated[TableJson, typer.Option("--format", "-f")] = TableJson.table,
) -> None:
    """Find ports by name, alternative name or UN/LOCODE."""
    import json

    from arcticroute.geo.ports import search_ports

    found = search_ports(text, limit=limit)
    if format is TableJson.json:
        from arcticroute.analysis.report import port_to_dict

        rows = [port_to_dict(p, alt=True) for p in found]
        emit(json.dumps(rows, ensure_ascii=False, indent=2), None)
        return
    if not found:
        fail(f"no port matches {text!r}; try a shorter part of the name or a UN/LOCODE")
    from rich.table import Table

    t = Table(title=f"Ports matching {text!r}")
    for col in ("name", "UN/LOCODE", "country", "lat", "lon", "also known as"):
        t.add_column(col, justify="right" if col in ("lat", "lon") else "left")
    for p in found:
        t.add_row(
            p.name,
            p.locode or "-",
            p.country,
            f"{p.lat:.4f}",
            f"{p.lon:.4f}",
            ", ".join([*p.alt_locodes, *p.alt_names][:4]),
        )
    wide_console().print(t)


@ships_app.command("template")
def ships_template() -> None:
    """Print a ship file to start from (every field, with its unit): redirect it to a
    file, edit it, pass it as --ship FILE."""
    from importlib import resources

    text = resources.files("arcticroute").joinpath("data/ship_template.toml").read_text("utf-8")
    sys.stdout.write(text)


@ships_app.command("list")
def ships_list(
    format: Annotated[TableJson, typer.Option("--format", "-f")] = TableJson.table,
) -> None:
    """List the ship presets."""
    import json

    from arcticroute.vessel.ships import list_ships

    ships = list_ships()
    if format is TableJson.json:
        emit(
            json.dumps([s.model_dump(mode="json") for s in ships], indent=2, ensure_ascii=False),
            None,
        )
        return
    from rich.table import Table

    t = Table(title="Ship presets (use the key with --ship)")
    for col in ("key", "name", "type", "ice class", "dwt (t)", "GT", "speed (kn)"):
        t.add_column(col, justify="right" if col in ("dwt (t)", "GT", "speed (kn)") else "left")
    for s in ships:
        t.add_row(
            s.slug or "-",
            s.name,
            s.ship_type,
            str(s.ice_class),
            f"{s.dwt_t:,.0f}",
            f"{s.gt:,.0f}",
            f"{s.design_speed_kn:g}",
        )
    wide_console().print(t)


def _yes(x) -> str:
    return {True: "yes", False: "[red]no[/red]", None: "unconfirmed"}[x]


def _day(iso: str) -> str:
    import datetime as dt

    return f"{dt.date.fromisoformat(iso):%d %b %Y}"


def _outlook_line(v: dict) -> str:
    """'next feasible departure 26 Jun 2027 (...), window 26 Jun-17 Nov 2027' or why none."""
    nxt, win = v["next_feasible_departure"], v["season_window"]
    if nxt is None:
        return (
            f"[yellow]no feasible departure within {v['outlook_horizon_days']} days[/yellow] "
            f"for this ship ({v['outlook_ice']})"
        )
    return (
        f"[green]next feasible departure {_day(nxt)}[/green] ({v['outlook_ice']}); "
        f"window {_day(win['first'])} – {_day(win['last'])}"
    )


def _verdict(console, via: str, v: dict) -> None:
    """One Arctic variant's verdict: headline, reasons, per-zone table."""
    from rich.table import Table

    src = v["ice_source"]
    ice = f"{src['kind']} ice, {src['product']}" + (
        f" {src['statistic']}" if src["statistic"] else ""
    )
    head = "[green]FEASIBLE[/green]" if v["feasible"] else "[red]NOT FEASIBLE[/red]"
    line = f"[bold]{via}[/bold] departing {v['date']}: {head} ({ice}, POLARIS {v['policy']})"
    if v["feasible"]:
        line += f"; arrives {v['arrival']}"
    heavy = v.get("heavy_ice")
    if heavy is not None:
        line += "; under heavy ice (p90): " + (
            f"feasible, {heavy['hours'] / 24:.1f} days" if heavy["feasible"] else "NOT feasible"
        )
    console.print(line)
    for r in v["reasons"]:
        console.print(f"  [red]reason:[/red] {r}")
    if "next_feasible_departure" in v:
        console.print(f"  {_outlook_line(v)}")
    if "odds" in v:
        console.print(f"  odds: {v['odds']['text']}")
    if not v["zones"]:
        return
    t = Table(title=f"{via}: NSR zones on the passage", title_justify="left")
    for col in (
        "zone",
        "entered UTC",
        "nm",
        "h",
        "max ice %",
        "ice m mean/max",
        "min RIO",
        "conditions",
        "alone",
        "escort",
    ):
        left = col in ("zone", "conditions", "entered UTC")
        t.add_column(col, justify="left" if left else "right")
    for z in v["zones"]:
        thick = (
            "-"
            if z["mean_thickness_m"] is None
            else f"{z['mean_thickness_m']:.2f}/{z['max_thickness_m']:.2f}"
        )
        t.add_row(
            f"{z['zone']} {z['name']}",
            z["entered"][:16].replace("T", " "),
            f"{z['distance_nm']:,.0f}",
            f"{z['hours']:.1f}",
            "-" if z["max_concentration"] is None else f"{100 * z['max_concentration']:.0f}",
            thick,
            "-" if z["min_rio"] is None else f"{z['min_rio']:.1f}",
            z["ice_conditions"],
            _yes(z["independent_allowed"]),
            "[yellow]needed[/yellow]" if z["escort_needed"] else "-",
        )
    console.print(t)


def _via_label(via: str, kind: str) -> str:
    """'direct' for the direct route of a comparison (corridor 'auto')."""
    return "direct" if via == "auto" and kind == "compare" else via


def _folded(doc: dict) -> list[tuple[str, dict]]:
    """The table's rows: a corridor whose route is the direct route itself (the same
    passages, distance and time) joins the direct row ("direct = suez") instead of
    repeating it; the JSON keeps both."""
    direct = next((r for r in doc["routes"] if r["via"] == "auto"), None)
    if doc["kind"] != "compare" or direct is None:
        return [(_via_label(r["via"], doc["kind"]), r) for r in doc["routes"]]

    def same(r: dict) -> bool:
        return (
            r is not direct
            and r["passages"] == direct["passages"]
            and abs(r["distance_nm"] - direct["distance_nm"]) < 0.5
            and abs(r["duration_days"] - direct["duration_days"]) < 1e-6
        )

    merged = [r["via"] for r in doc["routes"] if same(r)]
    label = " = ".join(["direct", *merged])
    return [(label if r is direct else r["via"], r) for r in doc["routes"] if not same(r)]


def _table(doc: dict) -> None:
    from rich.table import Table

    console = wide_console()
    frm, to = doc["from"], doc["to"]
    title = (
        f"{frm['name']} ({frm['locode'] or 'position'}) → {to['name']} "
        f"({to['locode'] or 'position'})"
    )
    if doc["speed_kn"] is not None:
        title += f" at {doc['speed_kn']:g} kn"
    if doc.get("ship"):
        title += f", {doc['ship']['name']}"
    if not doc["routes"]:
        console.print(title)
        for via, v in (doc.get("verdicts") or {}).items():
            _verdict(console, via, v)
        _statuses(console, doc)  # why no other corridor gives a route
        return
    t = Table(title=title)
    econ = any(r.get("economics") for r in doc["routes"])
    unit = next((r["economics"]["cargo_unit"] for r in doc["routes"] if r.get("economics")), None)
    # With costs shown, km and max lat give way (they stay in --format json/csv).
    wide = () if econ else ("km", "max lat")
    for col in ("via", "passages", "nm", *wide[:1], "days", *wide[1:], "vs Suez"):
        just = "left" if col in ("via", "passages") else "right"
        t.add_column(col, justify=just, no_wrap=col != "passages")
    if econ:
        for col in ("fuel t", "CO2 t", "cost M$", f"$/{unit}" if unit else "$/unit", "Δ$ vs Suez"):
            t.add_column(col, justify="right", no_wrap=True)
    for label, r in _folded(doc):
        s = r["saving_vs_suez"]
        same = s is None or r["via"] == "suez" or abs(s["distance_pct"]) < 1e-9
        vs = "-" if same else f"{-s['distance_pct']:+.1f}%"
        cells = {
            "km": f"{r['distance_km']:,.0f}",
            "max lat": f"{r['max_lat']:.1f}°",
        }
        row = [
            label,
            " · ".join(_TITLES.get(p, p) for p in r["passages"] if p != "inland") or "-",
            f"{r['distance_nm']:,.0f}",
            *[cells[c] for c in wide[:1]],
            f"{r['duration_days']:.1f}",
            *[cells[c] for c in wide[1:]],
            vs,
        ]
        if econ:
            e = r.get("economics")
            if e is None:
                row += ["-", "-", "n/a", "-", "-"]
            else:
                sv = e["saving_vs_suez_usd"]
                row += [
                    f"{sum(e['fuel_t'].values()):,.0f}",
                    f"{e['co2_t']:,.0f}",
                    f"{e['costs']['total_usd'] / 1e6:,.2f}",
                    "-" if e["per_unit_usd"] is None else f"{e['per_unit_usd']:,.0f}",
                    "-" if sv is None or same else f"{-sv:+,.0f}",
                ]
        t.add_row(*row)
    console.print(t)
    for r in doc["routes"]:
        if r.get("economics_unavailable"):
            console.print(f"[dim]{r['via']}: {r['economics_unavailable']}[/dim]")
    verdicts = doc.get("verdicts") or {}
    _statuses(console, doc)
    for via, v in verdicts.items():
        if doc["kind"] == "route" or not v["feasible"] or via != "auto":
            _verdict(console, _via_label(via, doc["kind"]), v)
    _notes(console, doc)


def _statuses(console, doc: dict) -> None:
    """Dim lines for the corridors without a route: one for all those that do not apply to
    the pair (each one's reason is in the JSON), one each for those not considered."""
    rows = doc.get("corridors") or [
        {"via": v, "status": "not_applicable", "reason": why}
        for v, why in doc["unavailable"].items()
    ]
    absent = [_via_label(c["via"], doc["kind"]) for c in rows if c["status"] == "not_applicable"]
    if len(absent) == 1:
        reason = next(c["reason"] for c in rows if c["status"] == "not_applicable")
        console.print(f"[dim]{absent[0]}: does not apply: {reason}[/dim]")
    elif absent:
        console.print(
            f"[dim]does not apply: {', '.join(absent)}: no route through them joins these "
            "ports (each one's reason: --format json)[/dim]"
        )
    for c in rows:
        if c["status"] == "not_considered":
            console.print(
                f"[dim]{_via_label(c['via'], doc['kind'])}: not considered: {c['reason']}[/dim]"
            )


def _route_notes(r: dict) -> list[str]:
    econ = r.get("economics") or {}
    return list(dict.fromkeys([*r["assumptions"], *econ.get("notes", ())]))


def _notes(console, doc: dict) -> None:
    """Each note once: those of every route first, then each under the routes it is
    about ("notes on suez, cape:"), so notes that differ name their route."""
    per_route = {r["via"]: _route_notes(r) for r in doc["routes"]}
    owners: dict[str, tuple[str, ...]] = {}
    for via, notes in per_route.items():
        for n in notes:
            owners[n] = (*owners.get(n, ()), via)
    keys = sorted(
        {k for r in doc["routes"] if r.get("economics") for k in r["economics"]["assumptions"]}
    )
    if keys:
        owners[
            f"costs rest on {len(keys)} named assumptions (see --format json or "
            "'arcticroute assumptions'; override with --assumptions FILE)"
        ] = tuple(per_route)
    groups: dict[tuple[str, ...], list[str]] = {}
    for note, vias in owners.items():
        groups.setdefault(vias if len(vias) < len(per_route) else (), []).append(note)
    for vias, notes in sorted(groups.items(), key=lambda g: bool(g[0])):  # shared first
        if vias:
            names = ", ".join(_via_label(v, doc["kind"]) for v in vias)
            console.print(f"[yellow]notes on {names}:[/yellow]")
        for note in notes:
            console.print(f"  - {note}" if vias else f"[yellow]note:[/yellow] {note}")


def _ice_options(ice: dict | None):
    from arcticroute.routing.planner import IceOptions

    if ice is None:
        return None
    table = None
    if ice.get("admission_table") is not None:
        from arcticroute.rules.nsr_rules import load_admission_table

        table = load_admission_table(ice["admission_table"])
    return IceOptions(
        source=ice["source"],
        stat=ice["stat"],
        policy=ice["policy"],
        climatology=ice["climatology"],
        admission_table=table,
        user_ice=ice.get("user_ice"),
    )


def _run(
    kind: str,
    origin: str,
    destination: str,
    via: str | None,
    ship: str | None,
    speed_kn: float | None,
    format: RouteFormat,
    map_path: Path | None,
    out: Path | None,
    econ: dict | None = None,
    ice: dict | None = None,
    outlook: bool = False,
    odds: bool = False,
) -> None:
    from arcticroute import routing

    economics = options = None
    try:
        ship_obj = _resolve_ship(ship)
        ice_opt = _ice_options(ice)
        day = None if ice is None else ice["date"]
        if kind == "route":
            cmp = routing.route_comparison(
                origin,
                destination,
                via=via or "auto",
                ship=ship_obj,
                speed_kn=speed_kn,
                date=day,
                ice=ice_opt,
            )
        else:
            cmp = routing.compare(
                origin, destination, ship=ship_obj, speed_kn=speed_kn, date=day, ice=ice_opt
            )
        _say_fallback(cmp, ice)
        if not cmp.routes and not cmp.verdicts:
            fail(
                f"no corridor connects {cmp.origin.name} and {cmp.destination.name}: "
                + "; ".join(cmp.unavailable.values())
            )
        if econ is not None and cmp.routes:
            from arcticroute.assumptions import overridden
            from arcticroute.economics.costs import (
                EconomicsOptions,
                compare_economics,
                price_overrides,
            )

            chart = econ.pop("chart")
            prices = price_overrides(ship_obj, econ.get("bunker"), econ.get("ets_price"))
            options = EconomicsOptions(
                **{k: v for k, v in econ.items() if k not in ("bunker", "ets_price")}
            )
            with overridden(prices):
                economics = compare_economics(cmp.routes, ship_obj, options)
                if chart is not None:
                    _cost_chart(cmp, ship_obj, economics, chart)
    except (ArcticRouteError, ValueError) as exc:
        fail(_no_ice_hint(exc))
        return
    kw = {"economics": economics, "options": options, "outlooks": None, "odds": None}
    if outlook and ice is not None and format is not RouteFormat.geojson:
        kw["outlooks"] = _outlooks(cmp, kind, ship_obj, speed_kn, ice, ice_opt)
    if odds and ice is not None and format is not RouteFormat.geojson:
        kw["odds"] = _odds(cmp, kind, ship_obj, speed_kn, ice_opt)
    try:
        _output(cmp, ship_obj, kind, format, out, kw)
    except ValueError as exc:  # a non-finite number: strict JSON refuses it
        fail(f"the result cannot be written: {exc}")
    if map_path is not None:  # after the verdict: a refused route has no line to draw
        try:
            _map(cmp, map_path, day, ice_opt)
        except (ArcticRouteError, ValueError) as exc:
            fail(str(exc))
    if kind == "route" and not cmp.routes:
        raise typer.Exit(EXIT_INFEASIBLE)


def _say_fallback(cmp, ice: dict | None) -> None:
    """One stderr line when a past date was judged on a climatology (and how to get the
    observed ice)."""
    if ice is None:
        return
    from arcticroute.ice.icedata import fallback_note

    kinds = {v.ice_source for v in cmp.verdicts.values()}
    kind = next((k for k in ("climatology", "extent") if k in kinds), None)
    note = None if kind is None else fallback_note(ice["date"], kind, ice["stat"])
    if note:
        typer.echo(f"note: {note}", err=True)


def _no_ice_hint(exc: Exception) -> str:
    """The error's line; for --no-climatology on a date no observation can exist for,
    what to do instead of the library's allow_climatology."""
    from arcticroute.ice.icedata import NoIceDataError

    if isinstance(exc, NoIceDataError) and exc.download_command is None:
        return (
            f"{str(exc).split(';')[0]}; no observed ice exists for this date: "
            "leave out --no-climatology to use the climatology"
        )
    return str(exc)


def _output(cmp, ship_obj, kind: str, format: RouteFormat, out: Path | None, kw: dict) -> None:
    from arcticroute.analysis import report

    if format is RouteFormat.table:
        doc = report.comparison_to_dict(cmp, ship_obj, kind=kind, **kw)
        if out is not None:
            emit(report.to_json(doc), out)
        else:
            _table(doc)
        return
    if format is RouteFormat.json:
        emit(report.to_json(report.comparison_to_dict(cmp, ship_obj, kind=kind, **kw)), out)
        return
    if format is RouteFormat.geojson:
        kw = {k: v for k, v in kw.items() if k not in ("outlooks", "odds")}
        emit(report.to_json(report.comparison_to_geojson(cmp, ship_obj, **kw)), out)
    else:
        kw = {k: v for k, v in kw.items() if k != "odds"}  # the JSON carries them
        emit(report.comparison_to_csv(cmp, ship_obj, **kw), out)


def _outlooks(cmp, kind: str, ship, speed_kn, ice: dict, opt) -> dict:
    """The next feasible departure of each closed Arctic variant (``outlook.looked_ahead``)."""
    from arcticroute.analysis.outlook import looked_ahead, next_departure
    from arcticroute.routing.planner import ice_ship

    closed = [via for via, v in cmp.verdicts.items() if not v.feasible and looked_ahead(kind, via)]
    if not closed:
        return {}
    typer.echo(
        f"note: {', '.join(closed)} closed on {ice['date']}: looking for the next feasible "
        "departure within 12 months (a few seconds each; --no-outlook skips)",
        err=True,
    )
    from concurrent.futures import ThreadPoolExecutor

    s = ice_ship(ship, speed_kn)
    kw = {"source": opt.source, "stat": opt.stat, "climatology": opt.climatology}
    kw |= {"policy": opt.policy, "admission_table": opt.admission_table}

    def scan(via: str):
        return next_departure(cmp.origin, cmp.destination, s, via, ice["date"], **kw)

    # one thread per variant: the searches release the GIL in scipy and numpy, and the
    # router's caches are locked (as for the web server's threads); both end here
    with ThreadPoolExecutor(max_workers=len(closed)) as pool:
        return dict(zip(closed, pool.map(scan, closed), strict=True))


def _odds(cmp, kind: str, ship, speed_kn, opt) -> dict:
    """How often each verdict judged on a climatology held in the observed years behind it
    (``odds.comparison_odds``); one stderr line when their ice is not local."""
    from arcticroute.analysis.odds import comparison_odds
    from arcticroute.routing.planner import ice_ship

    s = ice_ship(ship, speed_kn)
    out = comparison_odds(cmp, kind, s, opt.policy, opt.admission_table)
    if not out:
        typer.echo("note: --odds: no verdict was judged on a climatology", err=True)
        return {}
    missing = next((o for o in out.values() if o.missing_years), None)
    if missing is not None:
        typer.echo(
            f"note: --odds: no observed ice on this machine for {len(missing.missing_years)} "
            f"of the years; fetch them with '{missing.download_command}'",
            err=True,
        )
    return out


def _no_map(path: Path) -> None:
    typer.echo(f"note: no map written to {path}: no feasible route to draw", err=True)


def _map(cmp, path: Path, day, ice_opt) -> None:
    """Route map: over the ice of the departure date when the routes are ice-aware."""
    if not cmp.verdicts:
        from arcticroute.plots.routemap import plot_routes

        if not cmp.routes:
            _no_map(path)
            return
        plot_routes(cmp.routes, path)
        typer.echo(f"wrote {path}", err=True)
        return
    from arcticroute.ice.icedata import ice_for
    from arcticroute.plots.iceplot import RouteLine, plot_compare_map, plot_ice_routes
    from arcticroute.routing.planner import IceOptions

    opt = ice_opt or IceOptions()
    lines = []
    for r in cmp.routes:
        if r.max_lat < 60.0:
            continue  # the polar map would only list it as outside the map
        if r.ice is None:
            lines.append(RouteLine(r.via, r.lon_deg, r.lat_deg))
            continue
        lon, lat, esc = _route_with_escort(r)
        lines.append(RouteLine(r.via, lon, lat, escort=esc))
    if not lines:  # no route reaches the Arctic: the plain route map
        from arcticroute.plots.routemap import plot_routes

        if not cmp.routes:
            _no_map(path)
            return
        plot_routes(cmp.routes, path)
        typer.echo(f"wrote {path}", err=True)
        return
    first = min(v.passage.start for v in cmp.verdicts.values())
    ds = ice_for(first.date(), source=opt.source, stat=opt.stat)
    title = f"{cmp.origin.name} → {cmp.destination.name}, departing {day}"
    zones = _zone_nodes() if any(v.passage.zones for v in cmp.verdicts.values()) else None
    if len(cmp.routes) > len(lines):  # corridors outside the Arctic too: both maps
        plot_compare_map(cmp.routes, ds, lines, path, title=title, zones=zones)
    else:
        plot_ice_routes(ds, lines, path, title=title, zones=zones)
    typer.echo(f"wrote {path}", err=True)


ZONE_MARKERS = 2500
"""At most this many NSR zone nodes are drawn on a map (every k-th): enough to show each
zone's extent without hiding the ice."""


def _zone_nodes():
    """Lon, lat and zone of a sample of the NSR mesh nodes, for the map."""
    import numpy as np

    from arcticroute.geo import arcticmesh, nsrzones

    mesh, zone = arcticmesh.load_mesh(), nsrzones.load_zones().node_zone
    nodes = np.flatnonzero(zone > 0)
    nodes = nodes[:: max(1, nodes.size // ZONE_MARKERS)]
    return mesh.lon[nodes], mesh.lat[nodes], zone[nodes]


def _route_with_escort(r):
    """Route vertices and a per-segment escort flag (the ice legs' own flags)."""
    import numpy as np

    lons, lats, esc = [], [], []
    for leg in r.legs:
        lon, lat = np.asarray(leg.lon_deg), np.asarray(leg.lat_deg)
        if lons:
            esc.append(False)  # joint between legs
        lons.append(lon)
        lats.append(lat)
        if leg.escort is not None:
            esc.extend(bool(x) for x in leg.escort)
        else:
            esc.extend([False] * (lon.size - 1))
    return np.concatenate(lons), np.concatenate(lats), np.array(esc, dtype=bool)


def _cost_chart(cmp, ship, economics, path: Path) -> None:
    from arcticroute.plots.routemap import plot_costs

    rows = {}
    for via, (e, _) in economics.items():
        if e is not None:
            rows[via] = {**e.costs, "per_unit_usd": e.per_unit_usd}
    if not rows:
        fail("no route could be costed, so there is no cost chart to draw")
    unit = next((e.cargo_unit for e, _ in economics.values() if e is not None), None)
    title = f"{cmp.origin.name} → {cmp.destination.name}: voyage cost, {ship.name}"
    plot_costs(rows, path, title, per_unit=unit)
    typer.echo(f"wrote {path}", err=True)


def _econ_options(
    economics: bool,
    date: str | None,
    trip: str,
    load_factor: float,
    hfo_policy: str,
    cost_chart: Path | None,
    bunker: float | None = None,
    ets_price: float | None = None,
) -> dict | None:
    import datetime as dt

    if not economics:
        if cost_chart is not None:
            fail("--cost-chart needs the economics; drop --no-economics")
        return None
    day = _parse_day(date, "--date") if date is not None else dt.date.today()
    return {
        "date": day,
        "trip": trip,
        "load_factor": load_factor,
        "hfo_policy": hfo_policy,
        "chart": cost_chart,
        "bunker": bunker,
        "ets_price": ets_price,
    }


ShipOpt = Annotated[
    str | None,
    typer.Option("--ship", help="Preset key/name (see 'ships list') or a TOML/JSON ship file."),
]
SpeedOpt = Annotated[
    float | None, typer.Option("--speed-kn", help="Speed in knots (default: ship design speed).")
]
MapOpt = Annotated[Path | None, typer.Option("--map", help="Write a PNG map of the route(s).")]
EconOpt = Annotated[
    bool, typer.Option("--economics/--no-economics", help="Cost and emissions of each route.")
]
DateOpt = Annotated[
    str | None, typer.Option("--date", help="Departure date YYYY-MM-DD (default: today).")
]
TripOpt = Annotated[str, typer.Option("--trip", help="one_way, round_trip or ballast_return.")]
LoadOpt = Annotated[float, typer.Option("--load-factor", help="Share of capacity carried, (0, 1].")]
HfoOpt = Annotated[
    str,
    typer.Option("--hfo-policy", help="Arctic HFO ban: 'switch' (cost a fuel switch) or 'error'."),
]
BunkerOpt = Annotated[
    float | None,
    typer.Option("--bunker-usd-per-t", help="Price of the ship's fuel, USD/t (default: registry)."),
]
EtsOpt = Annotated[
    float | None,
    typer.Option("--ets-eur-per-t", help="EU allowance price, EUR/t CO2e (default: registry)."),
]
ChartOpt = Annotated[
    Path | None, typer.Option("--cost-chart", help="Write a PNG bar chart of the costs.")
]
OutOpt = Annotated[Path | None, typer.Option("--out", "-o", help="Write output to a file.")]
IceOpt = Annotated[
    bool,
    typer.Option(
        "--ice/--no-ice",
        help="Route the Arctic corridors through the ice of the departure date (POLARIS, "
        "NSR rules); --no-ice follows the open-water lanes.",
    ),
]
IceStatOpt = Annotated[
    str,
    typer.Option(
        "--ice-stat", help="Climatology for dates without observed ice: median, p10 or p90."
    ),
]
IceSourceOpt = Annotated[
    str,
    typer.Option(
        "--ice-source",
        help="auto, embedded, g02202, seaiceindex_daily, or cmip6:PATH (a CMIP6 siconc file).",
    ),
]
PolicyOpt = Annotated[
    str,
    typer.Option(
        "--polaris", help="POLARIS: normal_only, or elevated_allowed (at the limited speed)."
    ),
]
NoClimOpt = Annotated[
    bool,
    typer.Option(
        "--no-climatology", help="Fail for a date without observed ice instead of a climatology."
    ),
]
AdmissionOpt = Annotated[
    Path | None,
    typer.Option(
        "--admission-table", help="CSV of NSR admission criteria replacing the shipped one."
    ),
]

ChartFileOpt = Annotated[
    Path | None,
    typer.Option("--ice-chart", help="A SIGRID-3 ice chart (shapefile): its ice inside it."),
]
AgeFileOpt = Annotated[
    Path | None,
    typer.Option("--ice-age", help="An NSIDC-0611/0749 sea-ice age file (netCDF)."),
]
PiomasOpt = Annotated[
    str | None,
    typer.Option("--piomas", help="PIOMAS thickness: HEFF_FILE,GRID_FILE (heff.HYYYY, grid.dat)."),
]

OutlookOpt = Annotated[
    bool,
    typer.Option(
        "--outlook/--no-outlook",
        help="When the NSR or NWP is closed on the date, find the next feasible departure "
        "within 12 months and its window (same ice).",
    ),
]
OddsOpt = Annotated[
    bool,
    typer.Option(
        "--odds",
        help="For a date judged on a climatology: in how many of its observed years "
        "(2008-2017) the NSR/NWP voyage leaving that day was feasible (needs the observed "
        "ice; about a second a year).",
    ),
]


def _user_ice(chart: Path | None, age: Path | None, piomas: str | None):
    if chart is None and age is None and piomas is None:
        return None
    from arcticroute.ice.userice import UserIce

    heff = grid = None
    if piomas is not None:
        heff, _, grid = piomas.partition(",")
        if not grid:
            fail(f"--piomas needs HEFF_FILE,GRID_FILE (two paths); got {piomas!r}")
    try:
        return UserIce(
            ice_age=None if age is None else str(age),
            piomas_heff=heff,
            piomas_grid=grid or None,
            ice_chart=None if chart is None else str(chart),
        )
    except ArcticRouteError as exc:
        fail(str(exc))


def _ice_dict(
    on, date, stat, source, policy, no_climatology, admission_table, user_ice=None
) -> dict | None:
    import datetime as dt

    if not on:
        return None
    return {
        "date": _parse_day(date, "--date") if date is not None else dt.date.today(),
        "stat": stat,
        "source": source,
        "policy": policy,
        "climatology": not no_climatology,
        "admission_table": admission_table,
        "user_ice": user_ice,
    }


_VOYAGE_OPTIONS = (
    ("ship", ShipOpt, None),
    ("speed_kn", SpeedOpt, None),
    ("format", Annotated[RouteFormat, typer.Option("--format", "-f")], RouteFormat.table),
    ("map", MapOpt, None),
    ("out", OutOpt, None),
    ("economics", EconOpt, True),
    ("date", DateOpt, None),
    ("trip", TripOpt, "one_way"),
    ("load_factor", LoadOpt, 1.0),
    ("hfo_policy", HfoOpt, "switch"),
    ("cost_chart", ChartOpt, None),
    ("bunker_usd_per_t", BunkerOpt, None),
    ("ets_eur_per_t", EtsOpt, None),
    ("ice", IceOpt, True),
    ("ice_stat", IceStatOpt, "median"),
    ("ice_source", IceSourceOpt, "auto"),
    ("polaris", PolicyOpt, "normal_only"),
    ("no_climatology", NoClimOpt, False),
    ("admission_table", AdmissionOpt, None),
    ("ice_chart", ChartFileOpt, None),
    ("ice_age", AgeFileOpt, None),
    ("piomas", PiomasOpt, None),
    ("outlook", OutlookOpt, True),
    ("odds", OddsOpt, False),
)
"""The options ``route`` and ``compare`` share: (name, typer annotation, default)."""


@dataclass(frozen=True)
class VoyageArgs:
    """The shared options of ``route`` and ``compare``, as one typed object."""

    ship: str | None
    speed_kn: float | None
    format: RouteFormat
    map: Path | None
    out: Path | None
    economics: bool
    date: str | None
    trip: str
    load_factor: float
    hfo_policy: str
    cost_chart: Path | None
    bunker_usd_per_t: float | None
    ets_eur_per_t: float | None
    ice: bool
    ice_stat: str
    ice_source: str
    polaris: str
    no_climatology: bool
    admission_table: Path | None
    ice_chart: Path | None
    ice_age: Path | None
    piomas: str | None
    outlook: bool
    odds: bool


def voyage_options(fn):
    """Give a command the shared voyage options (typer sees them as its own); the
    command receives them as ``opts``, a :class:`VoyageArgs`."""
    import functools
    import inspect

    sig = inspect.signature(fn)
    own = [p for p in sig.parameters.values() if p.name != "opts"]
    shared = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=ann, default=default)
        for name, ann, default in _VOYAGE_OPTIONS
    ]

    @functools.wraps(fn)
    def command(**kwargs):
        opts = VoyageArgs(**{name: kwargs.pop(name) for name, _, _ in _VOYAGE_OPTIONS})
        return fn(**kwargs, opts=opts)

    command.__signature__ = sig.replace(parameters=[*own, *shared])
    return command


def _check_numbers(o: VoyageArgs) -> None:
    from arcticroute.economics.costs import PRICE_LIMIT
    from arcticroute.inputs import finite

    try:
        finite(o.load_factor, "--load-factor", 0.0, 1.0)
        if o.load_factor <= 0:
            fail(f"--load-factor must be above 0 and at most 1; got {o.load_factor:g}")
        prices = ((o.bunker_usd_per_t, "--bunker-usd-per-t"), (o.ets_eur_per_t, "--ets-eur-per-t"))
        for value, option in prices:
            if value is not None:
                finite(value, option, 0.0, PRICE_LIMIT)
    except ArcticRouteError as exc:
        fail(str(exc))


def _voyage(kind: str, origin: str, destination: str, via: str | None, o: VoyageArgs) -> None:
    check_outputs(
        (o.out, "--out", ()), (o.map, "--map", (".png",)), (o.cost_chart, "--cost-chart", (".png",))
    )
    _check_numbers(o)
    econ = _econ_options(
        o.economics,
        o.date,
        o.trip,
        o.load_factor,
        o.hfo_policy,
        o.cost_chart,
        o.bunker_usd_per_t,
        o.ets_eur_per_t,
    )
    # route and compare judge the Arctic through the ice of the date, today by default
    ice_d = _ice_dict(
        o.ice,
        o.date,
        o.ice_stat,
        o.ice_source,
        o.polaris,
        o.no_climatology,
        o.admission_table,
        _user_ice(o.ice_chart, o.ice_age, o.piomas),
    )
    _run(
        kind,
        origin,
        destination,
        via,
        o.ship,
        o.speed_kn,
        o.format,
        o.map,
        o.out,
        econ,
        ice_d,
        o.outlook and ice_d is not None and ice_d["user_ice"] is None,
        o.odds and ice_d is not None and ice_d["user_ice"] is None,
    )


@app.command()
@voyage_options
def route(
    origin: Annotated[str, typer.Argument(help="From: port name, UN/LOCODE or 'lat,lon'.")],
    destination: Annotated[str, typer.Argument(help="To: port name, UN/LOCODE or 'lat,lon'.")],
    via: Annotated[
        str,
        typer.Option(
            help="Corridor: auto, suez, cape, panama, nsr or nwp; with --date also nsr_high "
            "and transpolar."
        ),
    ] = "auto",
    *,
    opts: VoyageArgs,
) -> None:
    """Route between two ports through one corridor, with its cost.

    The route is searched through the ice of the time of passage for the ship,
    leaving on --date (default today): an Arctic corridor gets a feasibility verdict
    and the per-zone NSR breakdown; --no-ice follows the open-water lanes. Exit
    status 3 when the ship cannot make the voyage on that date (the verdict says
    why), 1 on an error.
    """
    _voyage("route", origin, destination, via, opts)


@app.command()
@voyage_options
def compare(
    origin: Annotated[str, typer.Argument(help="From: port name, UN/LOCODE or 'lat,lon'.")],
    destination: Annotated[str, typer.Argument(help="To: port name, UN/LOCODE or 'lat,lon'.")],
    *,
    opts: VoyageArgs,
) -> None:
    """The direct route between two ports, then the corridors worth comparing (Suez, Cape,
    Panama and, through the ice of the departure date, default today, the NSR, its
    high-latitude variant, the Transpolar route and the NWP): distance, time,
    feasibility, cost."""
    _voyage("compare", origin, destination, None, opts)


@data_app.command("list")
def data_list(
    format: Annotated[TableJson, typer.Option("--format", "-f")] = TableJson.table,
) -> None:
    """Files the download cache knows: name, kind, whether pinned by sha256, cached or not;
    then the products 'data download' fetches by date range."""
    import json

    from arcticroute.ice.datacache import PRODUCTS, cache_dir, describe_files

    try:
        folder, rows = cache_dir(), describe_files()
    except ArcticRouteError as exc:
        fail(str(exc))
    if format is TableJson.json:
        emit(json.dumps(rows, indent=2, ensure_ascii=False, default=str), None)
        return
    from rich.table import Table

    t = Table(title=f"Sea-ice data files (cache: {folder})")
    for col in ("name", "kind", "pinned", "cached", "description"):
        t.add_column(col, overflow="fold")
    for r in rows:
        t.add_row(
            str(r["name"]),
            str(r["kind"]),
            "yes" if r["pinned"] else "no",
            "yes" if r["cached"] else "no",
            str(r["description"]),
        )
    wide_console().print(t)
    products = Table(title="Products: 'data download NAME --years Y1-Y2' (or --start/--end)")
    for col in ("name", "one file per", "description"):
        products.add_column(col, overflow="fold")
    for p in PRODUCTS:
        products.add_row(p.name, p.step, p.description)
    wide_console().print(products)


@data_app.command("download")
def data_download(
    names: Annotated[
        list[str],
        typer.Argument(
            help="Products (g02202-v5-monthly, g02202-v4-monthly, seaiceindex-v4-daily, "
            "seaiceindex-v3-daily) with --years or --start/--end; or file names and "
            "patterns ('data list') with --date."
        ),
    ],
    date: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD or YYYY-MM.")] = None,
    years: Annotated[
        str | None, typer.Option("--years", help="Whole years of a product: 2012 or 2012-2013.")
    ] = None,
    start: Annotated[
        str | None, typer.Option("--start", help="First day or month of a product's range.")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--end", help="Last day or month (default: --start).")
    ] = None,
    base_url: Annotated[str | None, typer.Option("--base-url", help="Mirror root URL.")] = None,
    refresh: Annotated[bool, typer.Option("--refresh", help="Download again.")] = False,
) -> None:
    """Download files into the cache, verified by sha256 or format; nothing half-written.

    A product with a range fetches one file per month (or day) from NSIDC's public
    HTTPS archive: 'arcticroute data download g02202-v5-monthly --years 2012'.
    Observed ice for route, compare and 'ice show' is then read from the cache.
    """
    from arcticroute.ice.datacache import PRODUCTS, date_span, download, download_range

    products = {p.name for p in PRODUCTS}
    ranged = [n for n in names if n in products]
    try:
        if ranged and date is not None:
            fail("--date is for file names; give a product's range with --years or --start/--end")
        span = date_span(years, start, end) if ranged or years or start or end else None
        if span is not None and len(ranged) != len(names):
            fail(
                "--years/--start/--end are for products ("
                + ", ".join(sorted(products))
                + "); fetch single files with --date"
            )
        results = []
        for name in names:
            if span is not None:
                results += download_range(name, *span, base_url=base_url, refresh=refresh)
            else:
                results += download([name], date=date, base_url=base_url, refresh=refresh)
    except ArcticRouteError as exc:
        fail(str(exc))
        return
    failed = 0
    for r in results:
        if r.error:
            failed += 1
            typer.echo(f"error: {r.name}: {r.error}", err=True)
        else:
            typer.echo(f"{r.name}: {r.source} {r.path}")
    if len(results) > 1:
        typer.echo(f"{len(results) - failed} file(s) in the cache, {failed} error(s)", err=True)
    if failed:
        raise typer.Exit(1)


@data_app.command("verify")
def data_verify(
    target: Annotated[str | None, typer.Argument(help="A file name or path; default: all.")] = None,
) -> None:
    """Check cached files against their pinned or recorded sha256 and their format."""
    from arcticroute.ice.datacache import verify, verify_all

    if target is not None:
        try:
            verify(target)
        except ArcticRouteError as exc:
            fail(str(exc))
        typer.echo(f"ok: {target}")
        return
    bad = [r for r in verify_all() if r.error]
    for r in bad:
        typer.echo(f"error: {r.name}: {r.error}", err=True)
    if bad:
        raise typer.Exit(1)
    typer.echo("all cached files verified")


def _parse_day(text: str, what: str = "DATE"):
    from arcticroute.inputs import parse_date

    try:
        return parse_date(text, what)
    except ArcticRouteError as exc:
        fail(str(exc))


@ice_app.command("show")
def ice_show(
    date: Annotated[str, typer.Argument(help="YYYY-MM-DD.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="PNG map to write.")],
    source: Annotated[
        str,
        typer.Option(help="auto, embedded, g02202 or seaiceindex_daily (see 'data list')."),
    ] = "auto",
    stat: Annotated[str, typer.Option(help="Climatology statistic: median, p10, p90.")] = "median",
    region: Annotated[str, typer.Option(help="Map window: arctic, nsr or nwp.")] = "arctic",
    no_climatology: Annotated[
        bool, typer.Option("--no-climatology", help="Fail instead of using a climatology.")
    ] = False,
) -> None:
    """Map the ice concentration for a date: observed where the data has it, else climatology."""
    from arcticroute.ice.extent import extent_km2
    from arcticroute.ice.icedata import ice_for, shipped_grid
    from arcticroute.plots.iceplot import plot_ice

    check_outputs((out, "--out", (".png",)))
    day = _parse_day(date)
    try:
        ds = ice_for(day, source=source, stat=stat, allow_climatology=not no_climatology)
        plot_ice(ds, out, zoom=region)
        ext = extent_km2(
            ds.expand_dims("time") if "time" not in ds["sic"].dims else ds,
            shipped_grid(),
            max_unknown_fraction=1.0,
        )
    except (ArcticRouteError, ValueError) as exc:
        fail(str(exc))
        return
    kind = ds.attrs.get("ice_source", "?")
    yrs = ds.attrs.get("climatology_years")
    if yrs is not None and not isinstance(yrs, str) and len(yrs):
        yrs = f"{min(yrs)}-{max(yrs)}"
    detail = f" ({ds.attrs.get('statistic')} of {yrs})" if kind == "climatology" else ""
    typer.echo(
        f"{day}: {kind}{detail}, {ds.attrs.get('product', '')}; "
        f"extent {float(ext.values.ravel()[0]) / 1e6:.2f} million km²"
    )
    typer.echo(f"wrote {out}", err=True)


@ice_app.command("extent")
def ice_extent(
    years: Annotated[
        str, typer.Option("--years", help="A-B, e.g. 2007-2017 (monthly: 1989-2017; daily: 2025).")
    ],
    region: Annotated[
        str | None, typer.Option(help="NSIDC-0780 region, e.g. Kara, Laptev (default: all).")
    ] = None,
    format: Annotated[RouteFormat, typer.Option("--format", "-f")] = RouteFormat.table,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="PNG plot of the series.")] = None,
    daily: Annotated[
        bool,
        typer.Option("--daily", help="Daily series from the Sea Ice Index 2025 grids instead."),
    ] = False,
) -> None:
    """Extent and area series, monthly (G02202 CDR) or daily (--daily, Sea Ice Index 2025)."""
    import json

    import numpy as np

    from arcticroute.ice.datacache import fetch
    from arcticroute.ice.extent import area_km2, extent_km2
    from arcticroute.ice.icedata import shipped_grid
    from arcticroute.ice.seaice import read_g02202, read_seaiceindex_netcdf

    try:
        a, b = (int(v) for v in years.split("-"))
    except ValueError:
        fail(f"--years must be A-B, e.g. 2007-2017; got {years!r}")
        return
    first, last = (2025, 2025) if daily else (1989, 2017)
    if not (first <= a <= b <= last):
        what = (
            "the daily Sea Ice Index grids cover 2025 (Jan-Jun)"
            if daily
            else ("the monthly CDR covers 1989-2017 (use --daily for 2025)")
        )
        fail(f"--years {years}: {what}")
    if format is RouteFormat.geojson:
        fail("--format geojson does not apply to a series; use table, json or csv")
    try:
        if daily:
            ds = read_seaiceindex_netcdf(fetch("N_daily_concentration_v3.0_20250101-20250611.nc"))
        else:
            ds = read_g02202(fetch("g02202_v03r01_monthly_nh_198901-201712.nc"))
        ds = ds.sel(time=slice(f"{a}-01-01", f"{b}-12-31"))
        grid = shipped_grid()
        ext = extent_km2(ds, grid, region=region, max_unknown_fraction=0.01)
        area = area_km2(ds, grid, region=region, max_unknown_fraction=0.01)
    except (ArcticRouteError, ValueError) as exc:
        fail(str(exc))
        return
    src = f"observed {ds.attrs.get('product', 'G02202')} {ds.attrs.get('version', '')}".strip()
    dates = np.datetime_as_string(ds["time"].values, unit="D")
    rows = [
        {
            "date": d,
            "extent_mkm2": round(float(e) / 1e6, 4),
            "area_mkm2": round(float(r) / 1e6, 4),
            "source": src,
        }
        for d, e, r in zip(dates, ext.values, area.values, strict=True)
    ]
    if out is not None:
        from arcticroute.plots.iceplot import plot_extent_series

        t = ds["time"].values
        plot_extent_series(
            {"extent": (t, ext.values / 1e6), "area": (t, area.values / 1e6)},
            out,
            f"Sea-ice extent and area, {region or 'Northern Hemisphere'}, {a}-{b} ({src})",
        )
        typer.echo(f"wrote {out}", err=True)
    if format is RouteFormat.json:
        emit(json.dumps(rows, indent=2), None)
    elif format is RouteFormat.csv:
        lines = ["date,extent_mkm2,area_mkm2,source"] + [
            f"{r['date']},{r['extent_mkm2']},{r['area_mkm2']},{r['source']}" for r in rows
        ]
        emit("\n".join(lines), None)
    else:
        from rich.table import Table

        t = Table(title=f"Sea-ice extent, {region or 'all regions'}, {a}-{b}")
        for col in ("date", "extent (M km²)", "area (M km²)", "source"):
            t.add_column(col, justify="left" if col in ("date", "source") else "right")
        for r in rows:
            t.add_row(r["date"], f"{r['extent_mkm2']:.3f}", f"{r['area_mkm2']:.3f}", r["source"])
        wide_console().print(t)


@app.command("assumptions")
def assumptions_cmd(
    format: Annotated[TableJson, typer.Option("--format", "-f")] = TableJson.table,
    all_: Annotated[
        bool, typer.Option("--all", help="Also list the sourced parameters, with source and date.")
    ] = False,
    prefix: Annotated[
        str, typer.Option("--prefix", help="Only keys starting with this, e.g. 'suez.'.")
    ] = "",
) -> None:
    """List the named assumptions (values no source confirms) and their current values."""
    import json

    from arcticroute.assumptions import all_assumptions, all_parameters

    items = [
        a for a in (all_parameters() if all_ else all_assumptions()) if a.key.startswith(prefix)
    ]
    if format is TableJson.json:
        rows = [{**a.__dict__, "assumed": a.assumed} for a in items]
        emit(json.dumps(rows, indent=2, ensure_ascii=False, default=str), None)
        return
    from rich.table import Table

    title = "Parameters" if all_ else "Named assumptions"
    t = Table(title=f"{title} (* = overridden; override with --assumptions FILE.toml)")
    for col in ("key", "value", "unit", "source or why", "date"):
        t.add_column(col, overflow="fold")
    for a in items:
        basis = a.source if a.source else f"ASSUMPTION: {a.why}"
        t.add_row(a.key + (" *" if a.overridden else ""), str(a.value), a.unit, basis, a.date)
    wide_console().print(t)


def _register_commands() -> None:
    """Commands defined in their own modules (each imports nothing heavy at load time)."""
    from arcticroute.cli.backtest import backtest_command
    from arcticroute.cli.matrix import matrix_command
    from arcticroute.cli.plan import plan_command
    from arcticroute.cli.season import season_command
    from arcticroute.cli.serve import serve_command

    app.command("season")(season_command)
    app.command("matrix")(matrix_command)
    app.command("plan")(plan_command)
    app.command("serve")(serve_command)
    app.command("backtest")(backtest_command)


_register_commands()


_NEGATIVE_POSITION = re.compile(r"-\d+(\.\d*)?\s*,\s*[-+]?\d+(\.\d*)?")


def shield_positions(argv: list[str]) -> list[str]:
    """Arguments with each ``-33.9,18.4`` (a southern latitude first) led by a space, so
    the option parser takes it for a position, not an option ``-3`` (ports strip it)."""
    return [f" {a}" if _NEGATIVE_POSITION.fullmatch(a) else a for a in argv]


def _port_hint(exc: Any) -> str:
    """For a command that names its ports by option, what to type instead of bare port names
    (``exc``: click's UsageError)."""
    ctx = exc.ctx
    if ctx is None or "unexpected extra argument" not in exc.format_message():
        return ""
    opts = {o for p in ctx.command.params for o in getattr(p, "opts", ())}
    if {"--from", "--to"} <= opts:
        return "; this command takes the ports as --from PORT --to PORT"
    return ""


def run(argv: list[str]) -> int:
    """Run the command line ``argv``; the exit status. A usage error (unknown option, a
    value of the wrong type) is one line on stderr and status 1, like every bad input."""
    # typer ships its own click; its UsageError is the base of the public BadParameter
    usage_error = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")
    try:
        status = app(args=shield_positions(argv), prog_name="arcticroute", standalone_mode=False)
    except usage_error as exc:
        where = exc.ctx.command_path if exc.ctx is not None else "arcticroute"
        typer.echo(
            f"error: {exc.format_message()}{_port_hint(exc)} (see '{where} --help')", err=True
        )
        return 1
    except typer.Abort:
        typer.echo("error: aborted", err=True)
        return 1
    return status if isinstance(status, int) else 0


def main() -> None:
    """Entry point of the ``arcticroute`` command."""
    sys.exit(run(sys.argv[1:]))


if __name__ == "__main__":
    main()
