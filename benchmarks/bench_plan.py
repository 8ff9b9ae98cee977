"""Cargo-plan benchmark: the Yamal LNG reference case, a one-year plan, 1989-2017 on 2 workers.

Run from the repository root::

    python benchmarks/bench_plan.py            # reference, one year, 1989-2017 (2 workers)
    python benchmarks/bench_plan.py --quick    # reference, one year, 1989-1991

1. **Yamal LNG reference** (median climatology): 16.5 Mt/yr from Sabetta with the Arc7
   Yamalmax; 3 Mt/yr to Tianjin (CNPC off-take), the rest to Zeebrugge, Montoir and
   Bilbao in the shares of the Arc7 voyages of Jan-Apr 2024; Zeebrugge as the
   transshipment hub for the Asian cargo (onward by a conventional carrier); cargo per
   voyage 74,000 t. Every input comes from ``data/parameters_plans.toml`` (sourced) or
   is a named assumption, printed before the run; the fleet is compared with the 15
   Arc7 carriers (target: within ±30 %). Nothing is tuned to the target.
2. **One-year plan**: Sabetta -> Tianjin, 3 Mt/yr, Arc7, median climatology, timed in a
   fresh process from launch (cold) and again in the same process (warm).
3. **1989-2017**: the same flow through the observed ice of each year
   (``ARCTICROUTE_DATA_DIR``, default ``../shared/data``), 2 worker processes; wall
   time from launch and peak resident memory of the process tree (sampled every 0.2 s).

Nothing here asserts a time; the issue's targets are printed beside the measurements
and every number goes to ``benchmarks/results/plan-<date>.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from common import print_table

HERE = Path(__file__).resolve().parent
DEFAULT_SHARED = HERE.parent.parent / "shared/data"
TARGETS = {"fleet_rel": 0.30, "one_year_s": 5.0, "years_s": 60.0, "peak_rss_gib": 1.5}
EAST = ("Sabetta", "Tianjin", 3_000_000.0, "lng_arc7_yamalmax")
# A conventional carrier for the onward leg from the hub: the Yamalmax hull without an ice
# class (ASSUMPTION: no preset of a conventional LNG carrier exists; same size, speed and
# power, so the onward leg is priced like the Arc7's own).
CONVENTIONAL = {
    "base": "lng_arc7_yamalmax",
    "name": "172,600 m3 LNG carrier, no ice class (assumed: Yamalmax hull)",
    "ice_class": "none",
    "double_acting": False,
    "level_ice_capability_m": None,
}


def reference_inputs() -> dict[str, Any]:
    """The Yamal LNG reference, every number from the registry (see parameters_plans.toml)."""
    from arcticroute import assumptions as a
    from arcticroute.vessel.ships import get_ship

    total = float(a.value("plans.yamal.volume_t_per_year"))
    asia = float(a.value("plans.yamal.asia_t_per_year"))
    europe = {k: float(v) for k, v in a.value("plans.yamal.europe_voyages").items()}
    n_eu = sum(europe.values())
    dests = {"Tianjin": asia / total}
    names = {"zeebrugge": "Zeebrugge", "montoir": "Montoir", "bilbao": "Bilbao"}
    for k, n in europe.items():
        dests[names[k]] = (1 - asia / total) * n / n_eu
    ship = get_ship("lng_arc7_yamalmax")
    density = float(a.value("plans.density_t_per_m3.lng"))
    cargo_t = float(a.value("plans.yamal.cargo_t_per_voyage"))
    return {
        "origin": "Sabetta",
        "destinations": dests,
        "volume_t": total,
        "ship": ship.slug,
        "cargo_t_per_voyage": cargo_t,
        "density_t_per_m3": density,
        "load_factor": cargo_t / (float(ship.capacity) * density),
        "hub": str(a.value("plans.yamal.hub")),
        "hub_ship": CONVENTIONAL["name"],
        "transfer_days": float(a.value("plans.transfer_days")),
        "port_days": float(a.value("plans.port_days")),
        "ship_days_per_year": float(a.value("plans.ship_days_per_year")),
        "design_speed_kn": ship.design_speed_kn,
        "ice": "embedded median climatology (G02202 1989-2017)",
        "published_fleet": int(a.value("plans.yamal.fleet_arc7")),
        "published_nsr_east_months": a.value("plans.yamal.nsr_east_months"),
    }


def run_reference(year: int, season: bool = False) -> dict[str, Any]:
    """The reference plan; ``season``: the NSR only July-December (the published eastbound
    season of the class, ``plans.yamal.nsr_east_months``) instead of whenever the router
    finds it open."""
    from arcticroute.analysis.plan import plan
    from arcticroute.analysis.planreport import plan_to_dict
    from arcticroute.routing.planner import IceOptions
    from arcticroute.vessel.ships import load_ship

    inp = reference_inputs()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "conventional_lng.json"
        path.write_text(json.dumps(CONVENTIONAL))
        hub_ship = load_ship(path)
    t0 = time.perf_counter()
    p = plan(
        inp["origin"],
        inp["destinations"],
        inp["volume_t"],
        inp["ship"],
        year,
        hub=inp["hub"],
        hub_ship=hub_ship,
        load_factor=inp["load_factor"],
        density_t_per_m3=inp["density_t_per_m3"],
        ice=IceOptions(source="embedded"),
        corridor_months={"nsr": tuple(inp["published_nsr_east_months"])} if season else None,
    )
    secs = time.perf_counter() - t0
    out = plan_to_dict(p)
    out["seconds"] = secs
    out["inputs"] = inp
    return out


def child(args: argparse.Namespace) -> None:
    """One measurement in this (fresh) process; prints one JSON line."""
    t_import = time.perf_counter()
    from arcticroute.analysis.plan import plan
    from arcticroute.analysis.planreport import years_to_dict
    from arcticroute.analysis.planyears import plan_years
    from arcticroute.routing.planner import IceOptions

    if args.child == "reference":
        print(json.dumps([run_reference(2026), run_reference(2026, season=True)]))
        return
    if args.child == "one_year":
        t0 = time.perf_counter()
        p = plan(*EAST, 2026, ice=IceOptions(source="embedded"))
        cold = time.perf_counter() - t0
        t1 = time.perf_counter()
        plan(*EAST, 2027, ice=IceOptions(source="embedded"))
        warm = time.perf_counter() - t1
        imp = t0 - t_import
        print(json.dumps({"cold_s": cold, "warm_s": warm, "import_s": imp, "fleet": p.fleet_size}))
        return
    rows = plan_years(*EAST, args.years, workers=args.workers, ice=IceOptions(source="auto"))
    print(json.dumps(years_to_dict(rows)))


def _tree_rss(pid: int) -> int:
    import psutil

    try:
        p = psutil.Process(pid)
        procs = [p, *p.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for q in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += q.memory_info().rss
    return total


def measure(case: str, extra: list[str], env: dict | None = None) -> tuple[dict, float, float]:
    """(the child's JSON, wall seconds from launch, peak RSS GiB of the process tree)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", case, *extra]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env)
    peak, stop = 0, threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            stop.wait(0.2)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    out, _ = proc.communicate()
    wall = time.perf_counter() - t0
    stop.set()
    th.join()
    if proc.returncode != 0:
        raise SystemExit(f"{case} failed (exit {proc.returncode})")
    return json.loads(out.strip().splitlines()[-1]), wall, peak / 1024**3


def report_reference(ref: dict, wall: float, label: str) -> dict:
    inp = ref["inputs"]
    if not label:
        print_table(
            "Yamal LNG reference: inputs (fixed from sources before the run)",
            ("input", "value"),
            [(k, json.dumps(v) if isinstance(v, dict | list) else v) for k, v in inp.items()],
        )
    rows = [
        (m["month"], m["destination"], m["route"], m["corridor"], m["return_corridor"],
         f"{m['round_trip_days']:.1f}", m["voyages"], f"{m['volume']:,.0f}")
        for m in ref["months"]
    ]  # fmt: skip
    print_table(
        f"Yamal LNG reference{label}: months",
        ("month", "to", "route", "corridor", "back", "round trip d", "voyages", "t"),
        rows,
    )
    fleet, pub = ref["fleet_size"], inp["published_fleet"]
    rel = fleet / pub - 1
    a = ref["annual"]
    print_table(
        f"Yamal LNG reference{label}: result",
        ("measure", "value"),
        [
            ("Arc7 fleet (plan)", fleet),
            ("Arc7 fleet (published)", pub),
            ("difference", f"{rel:+.0%} (target ±{TARGETS['fleet_rel']:.0%})"),
            ("busiest-month fleet", ref["peak_fleet"]),
            ("conventional ships at the hub", ref["hub_fleet_size"]),
            ("Arc7 voyages", ref["voyages"]),
            ("NSR share of voyages", f"{ref['nsr_share']:.0%}"),
            ("CO2 t", f"{a['co2_t']:,.0f}"),
            ("total M USD", f"{a['total_usd'] / 1e6:,.0f}"),
            ("USD per t", f"{a['per_unit_usd']:.2f}"),
            ("all-Suez fleet", ref["baseline"]["fleet_size"]),
            ("plan time (s, in process)", f"{ref['seconds']:.1f}"),
            ("wall from launch (s, both variants)", f"{wall:.1f}"),
        ],
    )
    return {"fleet": fleet, "published": pub, "relative": rel, "peak_fleet": ref["peak_fleet"],
            "hub_fleet": ref["hub_fleet_size"], "nsr_share": ref["nsr_share"],
            "per_unit_usd": a["per_unit_usd"], "baseline_fleet": ref["baseline"]["fleet_size"],
            "seconds": ref["seconds"]}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="1989-1991 instead of 1989-2017")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--years", default="1989-2017", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args)
        return
    results: dict[str, Any] = {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    (ref, ref_season), wall, rss = measure("reference", [])
    results["reference"] = {**report_reference(ref, wall, ""), "wall_s": wall, "peak_rss_gib": rss}
    results["reference_nsr_july_december"] = report_reference(
        ref_season, wall, " with the NSR east July-December only (published season)"
    )
    one, wall1, rss1 = measure("one_year", [])
    results["one_year"] = {**one, "wall_s": wall1, "peak_rss_gib": rss1}
    years = "1989-1991" if args.quick else "1989-2017"
    env = {**os.environ, "ARCTICROUTE_DATA_DIR": str(args.shared)}
    many, wall2, rss2 = measure(
        "years", ["--years", years, "--workers", str(args.workers)], env=env
    )
    s = many["summary"]
    results["years"] = {"years": years, "wall_s": wall2, "peak_rss_gib": rss2, "summary": s}
    print_table(
        f"{EAST[0]} -> {EAST[1]}, {EAST[2]:,.0f} t/yr, {EAST[3]}",
        ("measurement", "value", "target"),
        [
            ("one year, cold (s, in process)", f"{one['cold_s']:.1f}", TARGETS["one_year_s"]),
            ("one year, warm (s)", f"{one['warm_s']:.1f}", TARGETS["one_year_s"]),
            ("one year, wall from launch (s)", f"{wall1:.1f}", ""),
            (f"{years}, {args.workers} workers (s)", f"{wall2:.1f}", TARGETS["years_s"]),
            ("peak RSS, years (GiB)", f"{rss2:.2f}", TARGETS["peak_rss_gib"]),
            ("fleet min-median-max", "{min}-{median:g}-{max}".format(**s["fleet_size"]), ""),
            ("NSR share min-max", f"{s['nsr_share']['min']:.0%}-{s['nsr_share']['max']:.0%}", ""),
            ("light / heavy year", f"{s['light_year']} / {s['heavy_year']}", ""),
        ],
    )
    out_dir = HERE / "results"
    out_dir.mkdir(exist_ok=True)
    path = out_dir / f"plan-{dt.date.today().isoformat()}.json"
    path.write_text(json.dumps(results, indent=2))
    print(f"\nwrote {path}")


if __name__ == "__main__":
    main()
