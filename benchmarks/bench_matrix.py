"""Matrix benchmark: a year of daily departures, 20 Asian x 20 European ports, 4 ship classes.

Run from the repository root::

    python benchmarks/bench_matrix.py            # 584,000 ice-aware routes, 2 then 1 workers
    python benchmarks/bench_matrix.py --quick    # 5 x 5 ports, 30 days, 2 ships: about 1 minute

Each job is :func:`arcticroute.analysis.matrix.run_matrix` in a fresh process (plan, worker
start, every chunk, the merge), timed from launch; peak memory is the largest sum
of the resident sets of that process and its workers, sampled every 0.2 s. A
serial run of two weeks under cProfile says where the time goes, with the matrix's
own work counters (trees shared, searches), and a seeded sample of rows is checked
against :func:`arcticroute.routing.icevoyage.ice_route`. Every number goes to
``benchmarks/results/matrix-<date>.json``. Nothing here asserts a time: the issue's
targets are printed beside the measurements.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime as dt
import json
import math
import os
import platform
import pstats
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from common import cpu_model, print_table, version

HERE = Path(__file__).resolve().parent
DEFAULT_SHARED = HERE.parent.parent / "shared/data"
ORIGINS = (
    "Shanghai", "Busan", "Yokohama", "Tokyo", "Dalian", "Tianjin", "Qingdao", "Ningbo",
    "Kaohsiung", "Hong Kong", "Singapore", "Xiamen", "Shenzhen", "Kobe", "Nagoya", "Incheon",
    "Keelung", "Manila", "Ho Chi Minh City", "Haiphong",
)  # fmt: skip
DESTINATIONS = (
    "Rotterdam", "Hamburg", "Antwerp", "Felixstowe", "Le Havre", "Gdansk", "Bremerhaven",
    "Zeebrugge", "Southampton", "Gothenburg", "Aarhus", "Copenhagen", "Oslo",
    "Saint Petersburg", "Klaipeda", "Riga", "Tallinn", "Helsinki", "Dunkirk", "Amsterdam",
)  # fmt: skip
SHIPS = (
    "container_4500teu_arc4",
    "multipurpose_19000dwt_arc4",
    "lng_arc7_yamalmax",
    "bulk_75000dwt_iasuper",
)
TARGETS = {"wall_s": 180.0, "ms_per_route": 0.3, "peak_rss_gib": 2.0}
"""From the issue, for 584,000 routes on 2 cores; printed, never asserted."""


def job(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "origins": list(ORIGINS[: args.ports]),
        "destinations": list(DESTINATIONS[: args.ports]),
        "dates": args.dates,
        "ships": list(SHIPS[: args.ships]),
        "variants": args.variants.split(","),
    }


# ------------------------------------------------------------------ one job, fresh process


def child_run(args: argparse.Namespace) -> None:
    """--child: run one job and print its MatrixRun as JSON (stdout's last line)."""
    from arcticroute.analysis import matrix

    j = job(args)
    run = matrix.run_matrix(
        j["origins"],
        j["destinations"],
        j["dates"],
        j["ships"],
        args.out,
        j["variants"],
        workers=args.workers,
        resume=False,
    )
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)  # the pool's, joined at its end
    cpu = own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime
    print(
        json.dumps({"rows": run.rows, "chunks": run.chunks, "seconds": run.seconds, "cpu_s": cpu})
    )


def tree_rss_bytes(pid: int) -> int:
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


def measure_job(args: argparse.Namespace, workers: int, out: Path) -> dict[str, Any]:
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        "--workers",
        str(workers),
        "--out",
        str(out),
        "--ports",
        str(args.ports),
        "--ships",
        str(args.ships),
        "--dates",
        args.dates,
        "--variants",
        args.variants,
    ]
    import psutil

    waited = wait_quiet(args.quiet_wait)
    busy0 = busy_cpu_s(psutil.cpu_times())
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_rss_bytes(proc.pid))
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, _ = proc.communicate()
    wall = time.perf_counter() - t0
    busy = busy_cpu_s(psutil.cpu_times()) - busy0
    stop.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"job with {workers} workers failed (exit {proc.returncode})")
    run = json.loads(stdout.strip().splitlines()[-1])
    return {
        "workers": workers,
        "wall_s": wall,
        "run_matrix_s": run["seconds"],
        "rows": run["rows"],
        "chunks": run["chunks"],
        "routes_per_s": run["rows"] / wall,
        "ms_per_route": 1e3 * wall / run["rows"],
        "peak_rss_gib": peak / 1024**3,
        "parquet_mib": out.stat().st_size / 1024**2,
        "cpu_s": run["cpu_s"],
        "others_cores": max(0.0, busy - run["cpu_s"]) / wall,
        "waited_for_quiet_s": waited,
    }


def busy_cpu_s(times) -> float:
    """CPU seconds the whole machine spent busy (all cores, since boot)."""
    idle = times.idle + getattr(times, "iowait", 0.0)
    return sum(times) - idle


def wait_quiet(max_s: float) -> float:
    """Wait (at most ``max_s``) until other processes use under 10 % of the machine."""
    import psutil

    t0 = time.perf_counter()
    while time.perf_counter() - t0 < max_s and psutil.cpu_percent(interval=5.0) >= 10.0:
        pass
    return time.perf_counter() - t0


# ------------------------------------------------------------------ where the time goes

CATEGORIES = (
    ("Dijkstra searches (search.dijkstra)", "search.py", "dijkstra"),
    ("time-of-passage trees (timed.timed_tree)", "timed.py", "timed_tree"),
    ("ice layer per day (icelayer.ice_layer)", "icelayer.py", "ice_layer"),
    ("closed-route reasons (passage.no_path_reasons)", "passage.py", "no_path_reasons"),
    ("passage summaries (passage.summarize)", "passage.py", "summarize"),
    ("economics (matrix._economics)", "matrix.py", "_economics"),
    ("all chunks (matrix.matrix_chunk)", "matrix.py", "matrix_chunk"),
)


def profile_block(args: argparse.Namespace) -> dict[str, Any]:
    """A serial run of a contiguous block of days (the worst season) under cProfile."""
    import pyarrow as pa

    from arcticroute.analysis import matrix

    j = job(args)
    t0 = time.perf_counter()
    plan = matrix.plan_matrix(
        j["origins"], j["destinations"], args.profile_dates, j["ships"], j["variants"]
    )
    plan_s = time.perf_counter() - t0
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    tables = [matrix.matrix_chunk(plan, i, k) for i, k in plan.chunks()]
    prof.disable()
    wall = time.perf_counter() - t0
    rows = pa.concat_tables(tables).num_rows
    stats = pstats.Stats(prof)
    cum = {}
    for (file, _, name), (_, _, _, ct, _) in stats.stats.items():  # type: ignore[attr-defined]
        for label, f, fn in CATEGORIES:
            if file.endswith(f) and name == fn:
                cum[label] = cum.get(label, 0.0) + ct
    counters: Counter[str] = Counter()
    for (file, _, name), (_, nc, _, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        if file.endswith("search.py") and name == "dijkstra":
            counters["dijkstra_calls"] += nc
    top = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:12]  # type: ignore[attr-defined]
    return {
        "dates": args.profile_dates,
        "plan_s": plan_s,
        "wall_s": wall,
        "rows": rows,
        "ms_per_route": 1e3 * wall / rows,
        "cumulative_s": cum,
        "counters": dict(counters),
        "top_tottime": [
            {"function": f"{Path(f).name}:{ln}({fn})", "tottime_s": tt, "calls": nc}
            for (f, ln, fn), (_, nc, tt, _, _) in top
        ],
    }


# ------------------------------------------------------------------ equality with ice_route


def check_sample(path: Path, n: int, seed: int) -> dict[str, Any]:
    import pyarrow.parquet as pq

    from arcticroute.routing.voyage import IceRouteInfeasible, ice_route
    from arcticroute.vessel.ships import get_ship

    df = pq.read_table(path).to_pandas()
    ice = df[df.via.isin(["nsr", "nsr_high", "transpolar", "nwp"])]
    rng = np.random.default_rng(seed)
    feas = ice[ice.feasible]
    half = min(n // 2, len(feas))
    pick = list(rng.choice(feas.index, half, replace=False)) if half else []
    rest = ice.index.difference(pick)
    pick += list(rng.choice(rest, min(n - half, len(rest)), replace=False))
    worst, mismatches, checked = 0.0, [], 0
    for idx in pick:
        row = df.loc[idx]
        try:
            r = ice_route(row.origin, row.destination, get_ship(row.ship), row.date, row.via)
            ok, hours, reason = True, r.duration_h, ""
            esc = len(r.ice.escort_zones)
        except IceRouteInfeasible as exc:
            ok, hours, reason, esc = False, math.nan, "; ".join(exc.verdict.reasons), 0
        checked += 1
        if ok and row.feasible:
            worst = max(worst, abs(row.hours - hours) / hours)
        if ok != row.feasible or reason != row.reason or esc != row.escort_zones:
            mismatches.append(f"{row.origin}-{row.destination} {row.date} {row.ship} {row.via}")
    return {
        "checked": checked,
        "feasible_checked": half,
        "max_rel_hours_diff": worst,
        "mismatches": mismatches,
    }


# ------------------------------------------------------------------ main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="5 x 5 ports, 30 days, 2 ships")
    p.add_argument("--ports", type=int, default=20, help="origins and destinations each")
    p.add_argument("--ships", type=int, default=4, help="ship classes (1..4)")
    p.add_argument("--dates", default="2013-01-01..2013-12-31")
    p.add_argument("--variants", default="nsr", help="e.g. nsr or nsr,suez,cape")
    p.add_argument("--profile-dates", default="2013-08-18..2013-08-31")
    p.add_argument("--workers", type=int, default=None, help="(with --child)")
    p.add_argument("--scaling", default="2,1", help="worker counts to run, in order")
    p.add_argument("--sample", type=int, default=24, help="rows checked against ice_route")
    p.add_argument("--seed", type=int, default=13)
    p.add_argument(
        "--quiet-wait",
        type=float,
        default=0.0,
        help="before each job, wait up to this many seconds for an idle machine",
    )
    p.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    p.add_argument(
        "--data-dir",
        default=None,
        help="ARCTICROUTE_DATA_DIR (default: the environment's, else --shared; '' = climatology)",
    )
    p.add_argument("--results", type=Path, default=HERE / "results")
    p.add_argument("--out", type=Path, default=None, help="(with --child)")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.quick:
        args.ports, args.ships = min(args.ports, 5), min(args.ships, 2)
        args.dates, args.profile_dates = "2013-08-01..2013-08-30", "2013-08-24..2013-08-27"
        args.sample = min(args.sample, 8)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        child_run(args)
        return 0
    if args.data_dir is None:
        env_dir = os.environ.get("ARCTICROUTE_DATA_DIR")
        args.data_dir = env_dir if env_dir is not None else str(args.shared)
    if args.data_dir:
        os.environ["ARCTICROUTE_DATA_DIR"] = args.data_dir
    else:
        os.environ.pop("ARCTICROUTE_DATA_DIR", None)
    from arcticroute.analysis import matrix

    j = job(args)
    n_routes = (
        len(j["origins"])
        * len(j["destinations"])
        * len(matrix.parse_dates(args.dates))
        * len(j["ships"])
        * len(j["variants"])
    )
    meta = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "command": " ".join(["python benchmarks/bench_matrix.py", *sys.argv[1:]]),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu": f"{cpu_model()} ({os.cpu_count()} CPUs)",
        "versions": {d: version(d) for d in ("arcticroute", "numpy", "scipy", "pyarrow", "dask")},
        "arcticroute_data_dir": args.data_dir or None,
        "job": j | {"routes": n_routes},
        "load_average_at_start": list(os.getloadavg()),
    }
    print("arcticroute route-matrix benchmark")
    for k, v in meta.items():
        print(f"  {k}: {v}")
    results: dict[str, Any] = {"meta": meta | {"targets": TARGETS}}

    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "matrix.parquet"
        for workers in (int(w) for w in args.scaling.split(",")):
            print(f"\n[job: {n_routes:,} routes, {workers} worker(s)] ...", flush=True)
            runs.append(measure_job(args, workers, out))
            print(f"  {runs[-1]['wall_s']:.1f} s", flush=True)
        print(f"\n[checking {args.sample} rows against ice_route] ...", flush=True)
        results["equality"] = check_sample(out, args.sample, args.seed)
    results["runs"] = runs
    base = next((r for r in runs if r["workers"] == 1), None)
    print_table(
        f"Whole job ({n_routes:,} routes, fresh process: plan, workers, chunks, merge)",
        [
            "workers",
            "wall",
            "routes/s",
            "ms/route",
            "speed-up",
            "CPU",
            "others' load",
            "peak RSS",
            "parquet",
        ],
        [
            [
                r["workers"],
                f"{r['wall_s']:.1f} s",
                f"{r['routes_per_s']:,.0f}",
                f"{r['ms_per_route']:.3f}",
                f"{base['wall_s'] / r['wall_s']:.2f}x" if base else "n/a",
                f"{r['cpu_s']:.0f} s",
                f"{r['others_cores']:.2f} cores",
                f"{r['peak_rss_gib']:.2f} GiB",
                f"{r['parquet_mib']:.1f} MiB",
            ]
            for r in runs
        ],
    )

    print(f"\n[profile: serial, {args.profile_dates}] ...", flush=True)
    prof = profile_block(args)
    results["profile"] = prof
    print_table(
        f"Where the time goes: serial run of {prof['dates']} ({prof['rows']:,} routes, "
        f"{prof['wall_s']:.1f} s, {prof['ms_per_route']:.3f} ms/route; "
        f"plan {prof['plan_s']:.1f} s)",
        ["step (cumulative, overlapping)", "seconds", "share"],
        [
            [k, f"{v:.2f}", f"{100 * v / prof['wall_s']:.0f}%"]
            for k, v in sorted(prof["cumulative_s"].items(), key=lambda kv: -kv[1])
        ],
    )
    print_table(
        "Work counters (trees: 'shared' stopped after a cached first search; 'own' needed "
        "searches of their own)",
        ["counter", "count"],
        sorted(prof["counters"].items()),
    )
    print_table(
        "Top functions by own time",
        ["function", "tottime", "calls"],
        [[t["function"], f"{t['tottime_s']:.2f} s", t["calls"]] for t in prof["top_tottime"]],
    )

    eq = results["equality"]
    print_table(
        "Equality with ice_route on a seeded sample",
        ["checked", "of which feasible", "max rel. hours diff", "mismatches"],
        [
            [
                eq["checked"],
                eq["feasible_checked"],
                f"{eq['max_rel_hours_diff']:.1e}",
                len(eq["mismatches"]),
            ]
        ],
    )
    two = next((r for r in runs if r["workers"] == 2), runs[0])
    print_table(
        f"Targets (for 584,000 routes on 2 cores; this job: {n_routes:,} routes)",
        ["target", "goal", "measured", "met"],
        [
            [
                "wall time",
                f"<= {TARGETS['wall_s']:.0f} s",
                f"{two['wall_s']:.1f} s",
                "yes" if two["wall_s"] <= TARGETS["wall_s"] else "no",
            ],
            [
                "per route",
                f"<= {TARGETS['ms_per_route']} ms",
                f"{two['ms_per_route']:.3f} ms",
                "yes" if two["ms_per_route"] <= TARGETS["ms_per_route"] else "no",
            ],
            [
                "peak memory",
                f"<= {TARGETS['peak_rss_gib']:.0f} GiB",
                f"{two['peak_rss_gib']:.2f} GiB",
                "yes" if two["peak_rss_gib"] <= TARGETS["peak_rss_gib"] else "no",
            ],
        ],
    )
    results["meta"]["load_average_at_end"] = list(os.getloadavg())
    args.results.mkdir(parents=True, exist_ok=True)
    path = args.results / f"matrix-{dt.date.today().isoformat()}.json"
    path.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(f"\nwrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
