"""Ice-aware routing benchmark: arcticroute's Arctic mesh router against PolarRoute, same run.

Run from the repository root (the ``bench`` extra installs polar-route)::

    python benchmarks/bench_icerouting.py            # full run, about 4 minutes
    python benchmarks/bench_icerouting.py --quick    # smoke run: no Antarctic mesh, few repeats

PolarRoute (BAS, with its mesh builder MeshiPhi) runs its two documented
offline examples from ``../shared/data/peer-benchmark-inputs/``: the synthetic
Gaussian-random-field (GRF) config, built into a mesh here, and a prebuilt
real Antarctic mesh. arcticroute routes a ship through its Arctic mesh on a
date. The problems are not identical (region, size, ice field, vessel model):
both are printed side by side, and the ratios compared are the "mesh + route
pipeline" wall time in a fresh process and the "route only" time.

It prints tables with ratios **PolarRoute time / arcticroute time** (above 1
means arcticroute is faster), the issue's targets next to the measurements,
and writes every number to ``benchmarks/results/icerouting-<date>.json``.
Nothing here asserts a time. If PolarRoute is missing or fails, the reason is
printed and arcticroute's numbers still are.

Top-level imports are the standard library only: fresh-process children run
this same file (``--child``) and must time arcticroute's own imports (numpy
included).
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import datetime as dt
import json
import math
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from common import cpu_model, fmt_time, load_average, print_table, time_repeats, version

HERE = Path(__file__).resolve().parent
DEFAULT_SHARED = HERE.parent.parent / "shared" / "data"
PEER_DIR = "peer-benchmark-inputs"
GRF_DIR = "polarroute-example-grf"
ANTARCTIC_DIR = "polarroute-example-antarctic-real"

SHIP = "container_4500teu_arc4"
DATE = "2013-09-15"
NEW_DATES = tuple(f"{y}-{m:02d}-15" for y in range(2005, 2018) for m in (8, 9, 10))
"""One new date per call for the "new date" warm timing: every call gets a fresh
ice field and node speeds (39 dates, each used once per pass)."""

OTHER_PAIRS = (
    ("Shanghai", "Hamburg"),
    ("Yokohama", "Antwerp"),
    ("Dalian", "Le Havre"),
    ("Qingdao", "Bremerhaven"),
    ("Tianjin", "Gdansk"),
    ("Kaohsiung", "Felixstowe"),
)
ROUTE_NEW_DATES = tuple(f"{y}-{m:02d}-05" for y in range(1990, 2018) for m in (7, 8, 9))
"""Dates no other measurement reads (observed fields with the shared data, else the
climatology's months): one per call for the "new field" route timing."""

TARGETS = {
    "route_new_field_ms": ("<=", 80.0),
    "route_cached_field_ms": ("<=", 15.0),
    "fresh_route_s": ("<=", 0.8),
    "passage_warm_ms": ("<=", 100.0),
    "pipeline_speedup_x": (">=", 100.0),
    "all_destinations_ms": ("<=", 200.0),
    "peak_rss_mib": ("<=", 300.0),
}
"""Targets from the issue; printed beside the measurements, never asserted."""


# ------------------------------------------------- arcticroute API (swap here)
# Each call the benchmark makes into arcticroute goes through one of these, so
# a change of the package's API is a change of a few lines here.


def ar_import() -> None:
    """Import what the pipeline needs (timed as 'import' in fresh processes)."""


def ar_load_mesh() -> Any:
    """The Arctic routing mesh (``arcticmesh.load_mesh``, cached after the 1st call)."""
    from arcticroute.geo import arcticmesh

    return arcticmesh.load_mesh()


BARENTS = (33.0, 71.0)
"""(lon, lat): the passage's start, the Barents Sea north of the Kola Peninsula."""
BERING = (-170.0, 64.0)
"""(lon, lat): the passage's end, the northern Bering Sea."""


def ar_node_speeds(ship: str, date: str) -> tuple[Any, Any]:
    """Mesh costing: the ship's speed (kn) at every node on a date (ice, POLARIS, NSR rules)."""
    from arcticroute.routing import icelayer

    layer = icelayer.ice_layer(ship, date)
    return layer.speed_kn, layer


def ar_ice_passage(ship: str, date: str) -> Any:
    """One ice-aware passage, Barents Sea -> Bering Sea, at the time of passage."""
    from arcticroute.routing import passage

    return passage.ice_passage(ship, date, BARENTS, BERING, "nsr")


def ar_port_route(ship: str, date: str, pair: tuple[str, str] = ("Busan", "Rotterdam")) -> Any:
    """One ice-aware port-to-port route through the NSR (no heavy-ice sub-verdict): its
    verdict, feasible or not."""
    from arcticroute.routing import voyage

    try:
        return voyage.ice_route(pair[0], pair[1], ship, date, "nsr", heavy_ice=False).ice
    except voyage.IceRouteInfeasible as exc:
        return exc.verdict


def ar_clear_caches() -> None:
    import arcticroute

    arcticroute.clear_caches()


def ar_gateways() -> tuple[tuple[float, float], tuple[float, float]]:
    """(lon, lat) of the ends of the passage timed on its own."""
    return BARENTS, BERING


def ar_nearest_node(mesh: Any, lon: float, lat: float) -> int:
    from arcticroute.geo import arcticmesh

    return arcticmesh.nearest_node(lon, lat, mesh)


def ar_route_only(mesh: Any, speed_kn: Any) -> Any:
    """Route only: least-time mesh path between the passage's ends with node speeds given."""
    from arcticroute.geo import arcticmesh

    (wlon, wlat), (elon, elat) = ar_gateways()
    factor = arcticmesh.edge_factor_from_nodes(speed_kn, mesh)
    return arcticmesh.shortest_path(wlon, wlat, elon, elat, factor, mesh)


def ar_time_graph(mesh: Any, speed_kn: Any) -> Any:
    """CSR graph of edge times ``length / min(node speeds)`` (inf = impassable)."""
    import numpy as np
    from scipy.sparse import csr_matrix

    factor = np.minimum(speed_kn[mesh.edge_u], speed_kn[mesh.edge_v])
    with np.errstate(divide="ignore"):
        w = mesh.edge_length_m / factor
    g = mesh.graph
    return csr_matrix((w[mesh.csr_edge], g.indices, g.indptr), shape=g.shape)


def ar_dijkstra_all(graph: Any, source: int) -> Any:
    """Times from one node to every node, with predecessors."""
    from scipy.sparse.csgraph import dijkstra

    return dijkstra(graph, directed=True, indices=source, return_predecessors=True)


def ar_all_destinations(ship: str, date: str, source: int) -> Any:
    """All destinations from one origin: the time-of-passage tree (one or more Dijkstra)."""
    from arcticroute.routing import icelayer, timed, variants

    s = icelayer.as_ship(ship)
    flt = variants.mesh_filter("nsr", False, float(s.draft_m or 0.0), 0)
    return timed.timed_tree(s, date, [(source, 0.0)], flt, mask=variants.lane_mask("nsr"))


def fmt_ratio(peer: float | None, ours: float | None) -> str:
    if peer is None or ours is None or not (math.isfinite(peer) and math.isfinite(ours)):
        return "n/a"
    if ours <= 0:
        return "n/a"
    r = peer / ours
    return f"{r:,.0f}x" if r >= 1000 else f"{r:.3g}x"


def fmt_mib(x: float | None) -> str:
    return "n/a" if x is None or not math.isfinite(x) else f"{x:.0f} MiB"


def jsonable(x: object) -> object:
    if isinstance(x, dict):
        return {str(k): jsonable(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [jsonable(v) for v in x]
    if hasattr(x, "tolist") and not isinstance(x, str):  # numpy arrays and scalars
        return jsonable(x.tolist())
    if isinstance(x, float) and not math.isfinite(x):
        return None
    return x


# ------------------------------------------------------------ measurement


def summary(times: Sequence[float]) -> dict[str, float]:
    s = sorted(times)
    return {
        "n": len(s),
        "median_s": statistics.median(s),
        "min_s": s[0],
        "max_s": s[-1],
    }


def median_of(xs: Sequence[float | None]) -> float | None:
    ys = [x for x in xs if x is not None and math.isfinite(x)]
    return statistics.median(ys) if ys else None


def peak_rss() -> dict[str, float]:
    """This process's peak RSS: ``getrusage`` ru_maxrss and /proc VmHWM, MiB.

    ru_maxrss is exact only when the process was started from a small parent
    (Linux folds the forking parent's high-water mark into it at exec); the
    benchmark launches children through ``/usr/bin/time`` or ``sh`` for that.
    VmHWM is the current address space's own mark and serves as a check.
    """
    out = {"ru_maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0}
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                out["vmhwm_mib"] = int(line.split()[1]) / 1024.0
    return out


def run_child(mode: str, args: list[str], timeout_s: float, env: dict[str, str]) -> dict:
    """Run this script as ``--child MODE`` in a fresh process and read its JSON result.

    The child is started by a small launcher (GNU ``/usr/bin/time`` when present,
    else ``sh``) so that its own ru_maxrss excludes this parent's memory. Adds
    ``process_wall_s`` and ``start_epoch`` (wall clock at launch; the child's
    ``*_epoch`` stamps minus it give phase walls that include interpreter start).
    A failure or a timeout gives ``{"error": ...}``; the process group is killed
    on timeout.
    """
    with tempfile.TemporaryDirectory(prefix="arcticroute-bench-ice-") as tmp:
        result = Path(tmp) / "result.json"
        rss_file = Path(tmp) / "time.rss"
        cmd = [sys.executable, str(Path(__file__).resolve()), "--child", mode]
        cmd += ["--result", str(result), *args]
        gnu_time = shutil.which("time", path="/usr/bin")
        if gnu_time:
            full = [gnu_time, "-f", "%M", "-o", str(rss_file), *cmd]
        else:
            full = ["/bin/sh", "-c", '"$@"; exit $?', "sh", *cmd]
        err_path = Path(tmp) / "stderr.txt"
        with err_path.open("wb") as err:
            start = time.time()
            t0 = time.perf_counter()
            proc = subprocess.Popen(
                full, stdout=subprocess.DEVNULL, stderr=err, env=env, start_new_session=True
            )
            try:
                rc = proc.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                return {"error": f"timed out after {timeout_s:.0f} s (killed)"}
            wall = time.perf_counter() - t0
        stderr = err_path.read_text("utf-8", "replace")
        if rc != 0 or not result.is_file():
            tail = " | ".join(stderr.strip().splitlines()[-3:])[-400:]
            return {"error": f"exit code {rc}: {tail or 'no output'}", "process_wall_s": wall}
        out = json.loads(result.read_text())
        out["process_wall_s"] = wall
        out["start_epoch"] = start
        if gnu_time and rss_file.is_file():
            words = rss_file.read_text().split()
            if words and words[-1].isdigit():
                out["gnu_time_max_rss_mib"] = int(words[-1]) / 1024.0
        return out


# ------------------------------------------------------------ children


def child_ar_mesh(_: argparse.Namespace) -> dict:
    """Fresh process: import + cold mesh load."""
    t0 = time.perf_counter()
    ar_import()
    t1 = time.perf_counter()
    mesh = ar_load_mesh()
    t2 = time.perf_counter()
    return {"import_s": t1 - t0, "load_mesh_s": t2 - t1, "n_nodes": int(mesh.n_nodes)}


def child_ar_pipeline(args: argparse.Namespace) -> dict:
    """Fresh process: import + mesh + ice + costing + one port-to-port route (Busan ->
    Rotterdam through the NSR), then a second route on the same ice."""
    t0 = time.perf_counter()
    ar_import()
    t1 = time.perf_counter()
    ar_load_mesh()
    t2 = time.perf_counter()
    p = ar_port_route(args.ship, args.date).passage
    t3 = time.perf_counter()
    done = time.time()
    rss = peak_rss()
    t4 = time.perf_counter()
    ar_port_route(args.ship, args.date, ("Shanghai", "Hamburg"))
    t5 = time.perf_counter()
    return {
        "import_s": t1 - t0,
        "load_mesh_s": t2 - t1,
        "first_passage_s": t3 - t2,
        "second_passage_s": t5 - t4,
        "pipeline_done_epoch": done,
        "feasible": bool(p.feasible),
        "distance_nm": float(p.distance_nm),
        "hours": float(p.hours),
        "ice_source": str(p.ice_source),
        "ice_statistic": str(p.statistic),
        "data_dir": os.environ.get("ARCTICROUTE_DATA_DIR"),
    } | rss


def _pr_resolution(cellboxes: list[dict]) -> dict:
    """Cell sizes of a MeshiPhi mesh: counts per (width, height) in degrees, and km."""
    sizes: dict[tuple[float, float], list[float]] = {}
    for c in cellboxes:
        key = (round(2 * float(c["dcx"]), 6), round(2 * float(c["dcy"]), 6))
        sizes.setdefault(key, []).append(float(c["cy"]))
    rows = []
    for (w, h), lats in sorted(sizes.items(), key=lambda kv: -kv[0][0] * kv[0][1]):
        coslat = [math.cos(math.radians(y)) for y in lats]
        rows.append(
            {
                "width_deg": w,
                "height_deg": h,
                "n_cells": len(lats),
                "width_km_min": w * 111.32 * min(coslat),
                "width_km_max": w * 111.32 * max(coslat),
                "height_km": h * 111.13,
            }
        )
    return {"n_cells": len(cellboxes), "sizes": rows}


def child_polarroute(args: argparse.Namespace) -> dict:
    """Fresh process: PolarRoute's pipeline on one example, phase by phase."""
    case = args.case
    base = Path(args.inputs)
    t0 = time.perf_counter()
    from meshiphi.mesh_generation.mesh_builder import MeshBuilder
    from polar_route.route_planner.route_planner import RoutePlanner
    from polar_route.vessel_performance.vessel_performance_modeller import (
        VesselPerformanceModeller,
    )

    t1 = time.perf_counter()
    out: dict[str, Any] = {"case": case, "import_s": t1 - t0}
    if case == "grf":
        d = base / GRF_DIR
        cfg = json.loads((d / "grf_example.config.json").read_text())
        if args.grf_split_depth is not None:
            cfg["splitting"]["split_depth"] = args.grf_split_depth
        out["split_depth"] = cfg["splitting"]["split_depth"]
        vessel_file, route_file, wp_file = (
            "ship.config.json",
            "traveltime.config.json",
            ("waypoints_example.csv"),
        )
        t = time.perf_counter()
        mesh_json = MeshBuilder(cfg).build_environmental_mesh().to_json()
        out["mesh_s"] = time.perf_counter() - t
        out["mesh_step"] = "MeshBuilder(config).build_environmental_mesh().to_json()"
    else:
        d = base / ANTARCTIC_DIR
        vessel_file, route_file, wp_file = (
            "vessel.config.json",
            "traveltime.config.json",
            ("waypoints.csv"),
        )
        t = time.perf_counter()
        mesh_json = json.loads((d / "antarctica.mesh.json").read_text())
        out["mesh_s"] = time.perf_counter() - t
        out["mesh_step"] = "json load of the prebuilt mesh (built from real data not held here)"
    route_cfg = json.loads((d / route_file).read_text())
    waypoints = str(d / wp_file)
    out["resolution"] = _pr_resolution(mesh_json["cellboxes"])
    out["region"] = mesh_json["config"]["mesh_info"]["region"]

    t = time.perf_counter()
    vp = VesselPerformanceModeller(mesh_json, json.loads((d / vessel_file).read_text()))
    vp.model_accessibility()
    vp.model_performance()
    vessel_json = vp.to_json()
    out["vessel_s"] = time.perf_counter() - t
    out["accessible_cells"] = sum(
        1 for c in vessel_json["cellboxes"] if not c.get("inaccessible", False)
    )

    t = time.perf_counter()
    rp = RoutePlanner(vessel_json, copy.deepcopy(route_cfg))
    out["planner_init_s"] = time.perf_counter() - t
    t = time.perf_counter()
    routes = rp.compute_routes(waypoints)
    route_s = [time.perf_counter() - t]
    out["dijkstra_done_epoch"] = time.time()
    out["rss_after_dijkstra"] = peak_rss()
    t = time.perf_counter()
    smoothed = rp.compute_smoothed_routes()
    out["smoothing_s"] = time.perf_counter() - t
    out["pipeline_done_epoch"] = time.time()
    out["rss_after_pipeline"] = peak_rss()
    if routes:
        props = routes[0].to_json(route_type="dijkstra")["properties"]
        out["dijkstra_traveltime_days"] = float(props["total_traveltime"])
    feats = smoothed.get("features", []) if isinstance(smoothed, dict) else []
    if feats:
        props = feats[0]["properties"]
        out["smoothed_traveltime_days"] = float(props["total_traveltime"])
        out["smoothed_distance_nm"] = float(props["distance"][-1]) / 1852.0
        out["route"] = f"{props['from']} -> {props['to']}"

    for _ in range(args.pr_repeats - 1):  # new planner each time (its init not timed)
        rp_i = RoutePlanner(vessel_json, copy.deepcopy(route_cfg))
        t = time.perf_counter()
        rp_i.compute_routes(waypoints)
        route_s.append(time.perf_counter() - t)
    out["route_s"] = route_s

    # All destinations: PolarRoute's own Dijkstra with early stopping off runs
    # over the whole domain from the source waypoint.
    cfg_all = copy.deepcopy(route_cfg) | {"early_stopping_criterion": False}
    rp_all = RoutePlanner(vessel_json, cfg_all)
    t = time.perf_counter()
    rp_all.compute_routes(waypoints)
    out["all_destinations_s"] = time.perf_counter() - t
    with contextlib.suppress(Exception):
        table = rp_all.src_wps[0][0].routing_table
        out["all_destinations_cells_reached"] = len(table)
    out["rss_at_end"] = peak_rss()
    return out


CHILDREN: dict[str, Callable[[argparse.Namespace], dict]] = {
    "ar-mesh": child_ar_mesh,
    "ar-pipeline": child_ar_pipeline,
    "polarroute": child_polarroute,
}


# ---------------------------------------------------- in-process arcticroute


def section_warm(args: argparse.Namespace) -> dict:
    """Warm, in-process timings of arcticroute (median of repeats)."""
    import numpy as np

    mesh = ar_load_mesh()
    p = ar_ice_passage(args.ship, args.date)  # first call: reads the ice, fills caches
    speed, info = ar_node_speeds(args.ship, args.date)
    levels = np.bincount(np.asarray(mesh.level, dtype=np.int64))
    res: dict[str, Any] = {
        "mesh": {
            "n_nodes": int(mesh.n_nodes),
            "n_edges": int(mesh.n_edges),
            "nodes_25km": int(levels[0]),
            "nodes_6p25km": int(levels[1]) if levels.size > 1 else 0,
        },
        "passage": {
            "ship": args.ship,
            "date": args.date,
            "feasible": bool(p.feasible),
            "reasons": list(p.reasons),
            "distance_nm": float(p.distance_nm),
            "hours": float(p.hours),
            "path_nodes": int(p.nodes.size),
            "max_lat": float(p.max_lat),
            "ice_source": info.ice_source,
            "ice_statistic": info.statistic,
        },
    }
    r = args.repeats
    res["passage_same_date"] = summary(
        time_repeats(lambda: ar_ice_passage(args.ship, args.date), r)
    )
    dates = iter(NEW_DATES * (1 + r // len(NEW_DATES)))
    for d in NEW_DATES[:3]:  # warm: the new dates' ice file is already read
        ar_node_speeds(args.ship, d)
    res["passage_new_date"] = summary(
        time_repeats(lambda: ar_ice_passage(args.ship, next(dates)), r)
    )
    res["node_speeds_same_date"] = summary(
        time_repeats(lambda: ar_node_speeds(args.ship, args.date), r)
    )
    dates = iter(NEW_DATES * (1 + r // len(NEW_DATES)))
    res["node_speeds_new_date"] = summary(
        time_repeats(lambda: ar_node_speeds(args.ship, next(dates)), r)
    )
    path = ar_route_only(mesh, speed)
    res["route_only"] = summary(time_repeats(lambda: ar_route_only(mesh, speed), r))
    res["route_only"]["distance_nm"] = path.length_m / 1852.0
    (wlon, wlat), _ = ar_gateways()
    src = ar_nearest_node(mesh, wlon, wlat)
    graph = ar_time_graph(mesh, speed)
    dist, _ = ar_dijkstra_all(graph, src)
    res["all_destinations"] = summary(
        time_repeats(lambda: ar_all_destinations(args.ship, args.date, src), r)
    )
    res["all_destinations"]["searches"] = ar_all_destinations(args.ship, args.date, src).searches
    ar_port_route(args.ship, args.date)
    res["port_to_port"] = summary(time_repeats(lambda: ar_port_route(args.ship, args.date), r))
    # a field in memory, a route not: other ports, each a new origin and destination
    pairs = iter(OTHER_PAIRS * (1 + r // len(OTHER_PAIRS)))
    res["route_cached_field"] = summary(
        time_repeats(lambda: ar_port_route(args.ship, args.date, next(pairs)), r)
    )
    # a field not in memory: each call a date no earlier call read
    fresh = iter(ROUTE_NEW_DATES)
    res["route_new_field"] = summary(
        time_repeats(lambda: ar_port_route(args.ship, next(fresh)), min(r, len(ROUTE_NEW_DATES)))
    )
    res["all_destinations"]["dijkstra_only"] = summary(
        time_repeats(lambda: ar_dijkstra_all(graph, src), r)
    )
    res["all_destinations"]["source_node"] = src
    res["all_destinations"]["nodes_reached"] = int(np.isfinite(dist).sum())
    return res


def section_cold(args: argparse.Namespace, env: dict[str, str], alt_env: dict[str, str]) -> dict:
    """Fresh-process mesh load and cold pipeline, median of ``--cold-runs`` after a warm-up."""
    child_args = ["--ship", args.ship, "--date", args.date]
    run_child("ar-pipeline", child_args, 120, env)  # warm the OS file cache and .pyc files
    res: dict[str, Any] = {"runs": args.cold_runs}
    mesh_runs = [run_child("ar-mesh", [], 120, env) for _ in range(args.cold_runs)]
    pipe_runs = [run_child("ar-pipeline", child_args, 120, env) for _ in range(args.cold_runs)]
    for name, runs in (("mesh", mesh_runs), ("pipeline", pipe_runs)):
        errors = [x["error"] for x in runs if "error" in x]
        ok = [x for x in runs if "error" not in x]
        res[name] = {"runs": ok, "errors": errors}
        if errors:
            print(f"   arcticroute {name} child failed: {errors[0]}")
    ok = res["pipeline"]["runs"]
    for x in ok:
        x["pipeline_wall_s"] = x["pipeline_done_epoch"] - x["start_epoch"]
    res["pipeline_wall_s"] = median_of([x["pipeline_wall_s"] for x in ok])
    res["pipeline_peak_rss_mib"] = max((x["ru_maxrss_mib"] for x in ok), default=None)
    for key in ("import_s", "load_mesh_s", "first_passage_s", "second_passage_s"):
        res[f"pipeline_{key}"] = median_of([x[key] for x in ok])
    mesh_ok = res["mesh"]["runs"]
    res["mesh_import_s"] = median_of([x["import_s"] for x in mesh_ok])
    res["mesh_load_s"] = median_of([x["load_mesh_s"] for x in mesh_ok])
    res["ice_source"] = ok[0]["ice_source"] if ok else None
    alt = run_child("ar-pipeline", child_args, 120, alt_env)
    if "error" in alt:
        print(f"   arcticroute pipeline child with the other ice source failed: {alt['error']}")
    else:
        alt["pipeline_wall_s"] = alt["pipeline_done_epoch"] - alt["start_epoch"]
    res["other_ice_source"] = alt
    return res


# ------------------------------------------------------------ PolarRoute


def polarroute_available() -> str | None:
    """None when polar_route and meshiphi import, else why not."""
    for mod, dist in (("polar_route", "polar-route"), ("meshiphi", "meshiphi")):
        if find_spec(mod) is None:
            return f"{dist} is not installed (pip install -e '.[bench]')"
    return None


def section_polarroute(args: argparse.Namespace, env: dict[str, str]) -> dict:
    """PolarRoute on its GRF example (mesh built here) and on the real Antarctic mesh."""
    why = polarroute_available()
    inputs = args.shared / PEER_DIR
    if why is None and not (inputs / GRF_DIR).is_dir():
        why = f"PolarRoute inputs not found at {inputs} (use --shared)"
    if why:
        print(f"\nPolarRoute not measured: {why}")
        return {"error": why}
    deadline = time.perf_counter() + args.budget_s
    cases = ["grf"] + ([] if args.no_antarctic else ["antarctic"])
    res: dict[str, Any] = {}
    env = env | {"TQDM_DISABLE": "1"}
    for case in cases:
        left = deadline - time.perf_counter()
        if left < 30:
            res[case] = {"error": f"skipped: time budget ({args.budget_s:.0f} s) used up"}
            print(f"\nPolarRoute {case}: {res[case]['error']}")
            continue
        child = ["--case", case, "--inputs", str(inputs), "--pr-repeats", str(args.pr_repeats)]
        if case == "grf" and args.grf_split_depth is not None:
            child += ["--grf-split-depth", str(args.grf_split_depth)]
        print(f"[PolarRoute {case}: running, timeout {min(left, args.case_timeout_s):.0f} s]")
        t0 = time.perf_counter()
        out = run_child("polarroute", child, min(left, args.case_timeout_s), env)
        print(f"[PolarRoute {case}: {time.perf_counter() - t0:.0f} s]")
        if "error" in out:
            print(f"\nPolarRoute {case} failed: {out['error']}")
        else:
            out["pipeline_wall_s"] = out["pipeline_done_epoch"] - out["start_epoch"]
            out["pipeline_dijkstra_only_wall_s"] = out["dijkstra_done_epoch"] - out["start_epoch"]
            out["route_median_s"] = statistics.median(out["route_s"])
        res[case] = out
    return res


# ------------------------------------------------------------ report


def _get(d: dict | None, *keys: str) -> Any:
    for k in keys:
        if not isinstance(d, dict) or k not in d:
            return None
        d = d[k]
    return d


def _km(x: float) -> str:
    return f"{x:.0f}" if x >= 10 else f"{x:.1f}"


def pr_resolution_text(case: dict) -> str:
    sizes = _get(case, "resolution", "sizes") or []
    parts = []
    for s in sizes:
        lo, hi = _km(s["width_km_min"]), _km(s["width_km_max"])
        width = lo if lo == hi else f"{lo}–{hi}"
        parts.append(
            f"{s['n_cells']}× {s['width_deg']:g}°×{s['height_deg']:g}° "
            f"(~{width} × {_km(s['height_km'])} km)"
        )
    return "; ".join(parts) if parts else "n/a"


def section_problems(warm: dict, pr: dict) -> dict:
    """The problems side by side (they are not identical)."""
    mesh, p = warm["mesh"], warm["passage"]
    (wlon, wlat), (elon, elat) = ar_gateways()
    ice = (
        f"{p['ice_source']}: NSIDC G02202 v3r01 CDR monthly field of {p['date'][:7]} (25 km)"
        if p["ice_source"] == "observed"
        else f"{p['ice_source']} ({p['ice_statistic']}): shipped G02202 monthly "
        "climatology 2008-2017 (25 km)"
    )
    rows = {
        "arcticroute": {
            "region": "Arctic Ocean north of 60°N (psn25 polar stereographic, EPSG:3411)",
            "cells": f"{mesh['n_nodes']:,} nodes, {mesh['n_edges']:,} edges (24-direction)",
            "resolution": f"{mesh['nodes_25km']:,}× 25 km + {mesh['nodes_6p25km']:,}× 6.25 km "
            "(coast)",
            "ice": ice,
            "route": f"Barents gateway ({wlon:g}°, {wlat:g}°) -> Bering gateway "
            f"({elon:g}°, {elat:g}°), {p['ship']} on {p['date']}",
            "result": f"{'feasible' if p['feasible'] else 'NOT feasible'}, "
            f"{p['distance_nm']:,.0f} nm, {p['hours']:.0f} h",
        }
    }
    descr = {
        "grf": (
            "synthetic 10°×10° box, 0–10°N 0–10°E (lat/lon cells)",
            "synthetic Gaussian random fields (SIC seed 16, elevation, thickness, density, "
            "currents, wind)",
        ),
        "antarctic": (
            "Antarctic Peninsula–Scotia Sea, 65–57.5°S 65–40°W (lat/lon cells)",
            "real: AMSR2 SIC 20–23 Nov 2023, GEBCO depth, SOSE currents (prebuilt mesh)",
        ),
    }
    for case, (region, ice_text) in descr.items():
        c = pr.get(case) if isinstance(pr, dict) else None
        if not c or "error" in c:
            continue
        split = f", split depth {c['split_depth']}" if "split_depth" in c else ""
        rows[f"PolarRoute {case}"] = {
            "region": region,
            "cells": f"{c['resolution']['n_cells']:,} cellboxes, "
            f"{c['accessible_cells']:,} accessible{split}",
            "resolution": pr_resolution_text(c),
            "ice": ice_text,
            "route": f"{c.get('route', '?')} (its example waypoints), vessel SDA",
            "result": f"{c.get('smoothed_distance_nm', math.nan):,.0f} nm, "
            f"{24 * c.get('smoothed_traveltime_days', math.nan):.0f} h smoothed "
            f"({24 * c.get('dijkstra_traveltime_days', math.nan):.0f} h Dijkstra)",
        }
    print(
        "\nProblems compared (not identical: different regions, sizes, ice fields and vessel "
        "models)"
    )
    for name, r in rows.items():
        print(f"  {name}")
        for k, v in r.items():
            print(f"    {k + ':':<11} {v}")
    return rows


def section_times(warm: dict, cold: dict, pr: dict) -> list[dict]:
    """Step, arcticroute time, PolarRoute times and ratios."""
    grf = pr.get("grf") if isinstance(pr, dict) else None
    ant = pr.get("antarctic") if isinstance(pr, dict) else None
    grf = grf if grf and "error" not in grf else {}
    ant = ant if ant and "error" not in ant else {}
    alt = cold.get("other_ice_source") or {}

    def pr_sum(c: dict, *keys: str) -> float | None:
        vals = [c.get(k) for k in keys]
        return sum(vals) if c and all(v is not None for v in vals) else None

    rows = [
        (
            "import (fresh process)",
            cold.get("mesh_import_s"),
            "import arcticmesh, icerouting",
            grf.get("import_s"),
            ant.get("import_s"),
            "import meshiphi + polar_route",
        ),
        (
            "mesh: cold load / build",
            cold.get("mesh_load_s"),
            "load_mesh() in a fresh process",
            grf.get("mesh_s"),
            ant.get("mesh_s"),
            "GRF: MeshBuilder build; Antarctic: JSON load",
        ),
        (
            "mesh costing (ice + ship speeds), warm",
            _get(warm, "node_speeds_same_date", "median_s"),
            "node_speeds_kn, same date",
            grf.get("vessel_s"),
            ant.get("vessel_s"),
            "VesselPerformanceModeller",
        ),
        (
            "mesh costing, warm, new date each call",
            _get(warm, "node_speeds_new_date", "median_s"),
            "node_speeds_kn, new date",
            grf.get("vessel_s"),
            ant.get("vessel_s"),
            "(same)",
        ),
        (
            "route only (one pair)",
            _get(warm, "route_only", "median_s"),
            "shortest_path, speeds given",
            grf.get("route_median_s"),
            ant.get("route_median_s"),
            "compute_routes (Dijkstra), median",
        ),
        (
            "costing + route, warm (one passage)",
            _get(warm, "passage_same_date", "median_s"),
            "ice_layer (cached) + timed_tree",
            pr_sum(grf, "vessel_s", "planner_init_s", "route_median_s"),
            pr_sum(ant, "vessel_s", "planner_init_s", "route_median_s"),
            "vessel + planner + Dijkstra",
        ),
        (
            "costing + route, warm, new date",
            _get(warm, "passage_new_date", "median_s"),
            "ice_passage, new date each call",
            pr_sum(grf, "vessel_s", "planner_init_s", "route_median_s"),
            pr_sum(ant, "vessel_s", "planner_init_s", "route_median_s"),
            "(same)",
        ),
        (
            "route smoothing",
            None,
            "none (grid path, 24 directions)",
            grf.get("smoothing_s"),
            ant.get("smoothing_s"),
            "compute_smoothed_routes",
        ),
        (
            "all destinations from one origin",
            _get(warm, "all_destinations", "median_s"),
            "timed_tree (time of passage)",
            grf.get("all_destinations_s"),
            ant.get("all_destinations_s"),
            "compute_routes, early stopping off",
        ),
        (
            "PIPELINE cold, fresh process (Dijkstra)",
            cold.get("pipeline_wall_s"),
            "start + import + mesh + ice + route",
            grf.get("pipeline_dijkstra_only_wall_s"),
            ant.get("pipeline_dijkstra_only_wall_s"),
            "start + import + mesh + vessel + Dijkstra",
        ),
        (
            "PIPELINE cold, fresh process (+ smoothing)",
            cold.get("pipeline_wall_s"),
            "(same)",
            grf.get("pipeline_wall_s"),
            ant.get("pipeline_wall_s"),
            "... + smoothing (optimise_routes)",
        ),
        (
            "PIPELINE after imports (Dijkstra)",
            _sum(cold.get("pipeline_load_mesh_s"), cold.get("pipeline_first_passage_s")),
            "load_mesh + 1st port-to-port route",
            _first_pipeline(grf),
            _first_pipeline(ant),
            "mesh + vessel + planner + 1st Dijkstra",
        ),
        (
            f"PIPELINE cold (Dijkstra), {alt.get('ice_source', 'other')} ice",
            alt.get("pipeline_wall_s"),
            "other ice source, for reference",
            grf.get("pipeline_dijkstra_only_wall_s"),
            ant.get("pipeline_dijkstra_only_wall_s"),
            "start + import + mesh + vessel + Dijkstra",
        ),
    ]
    out = [
        {
            "step": s,
            "arcticroute_s": a,
            "arcticroute_how": ah,
            "polarroute_grf_s": g,
            "polarroute_antarctic_s": n,
            "polarroute_how": ph,
            "ratio_grf": g / a if a and g else None,
            "ratio_antarctic": n / a if a and n else None,
        }
        for s, a, ah, g, n, ph in rows
    ]
    print_table(
        "Times: ratio = PolarRoute / arcticroute (above 1: arcticroute faster). Warm rows: "
        "median in one process; cold rows: fresh process, wall from launch",
        [
            "step",
            "arcticroute",
            "PolarRoute GRF",
            "GRF ratio",
            "PolarRoute Antarctic",
            "Antarctic ratio",
            "arcticroute does",
            "PolarRoute does",
        ],
        [
            [
                x["step"],
                fmt_time(x["arcticroute_s"]),
                fmt_time(x["polarroute_grf_s"]),
                fmt_ratio(x["polarroute_grf_s"], x["arcticroute_s"]),
                fmt_time(x["polarroute_antarctic_s"]),
                fmt_ratio(x["polarroute_antarctic_s"], x["arcticroute_s"]),
                x["arcticroute_how"],
                x["polarroute_how"],
            ]
            for x in out
        ],
    )
    ar_rss = cold.get("pipeline_peak_rss_mib")
    rss_rows = [
        [
            f"arcticroute, mesh + {cold.get('ice_source')} ice + 1 passage",
            fmt_mib(ar_rss),
            "",
        ],
        [
            f"arcticroute, mesh + {alt.get('ice_source', '?')} ice + 1 passage",
            fmt_mib(alt.get("ru_maxrss_mib")),
            "other ice source, for reference",
        ],
    ]
    for case, c in (("GRF", grf), ("Antarctic", ant)):
        if c:
            v = _get(c, "rss_after_pipeline", "ru_maxrss_mib")
            rss_rows.append(
                [
                    f"PolarRoute {case}, after mesh + vessel + route + smoothing",
                    fmt_mib(v),
                    fmt_ratio(v, ar_rss),
                ]
            )
    print_table(
        "Peak RSS of the fresh process (getrusage ru_maxrss; ratio PolarRoute / arcticroute)",
        ["process", "peak RSS", "ratio"],
        rss_rows,
    )
    return out


def _sum(*xs: float | None) -> float | None:
    vals = [x for x in xs if x is not None]
    return float(sum(vals)) if len(vals) == len(xs) else None


def _first_pipeline(c: dict) -> float | None:
    """PolarRoute mesh + vessel + planner + first Dijkstra, in-process (no imports)."""
    if not c:
        return None
    return _sum(c.get("mesh_s"), c.get("vessel_s"), c.get("planner_init_s"), c["route_s"][0])


def section_per_node(warm: dict, pr: dict) -> list[dict]:
    """Route-only and all-destinations time per mesh node/cell: the meshes differ in size."""
    n_ar = warm["mesh"]["n_nodes"]
    rows = []
    for step, ar_key, pr_key in (
        ("route only (one pair)", "route_only", "route_median_s"),
        ("all destinations from one origin", "all_destinations", "all_destinations_s"),
    ):
        ours = warm[ar_key]["median_s"] / n_ar
        row = {"step": step, "arcticroute_us_per_node": 1e6 * ours, "arcticroute_nodes": n_ar}
        for case in ("grf", "antarctic"):
            c = pr.get(case) if isinstance(pr, dict) else None
            if c and "error" not in c:
                n = c["resolution"]["n_cells"]
                row[f"polarroute_{case}_us_per_cell"] = 1e6 * c[pr_key] / n
                row[f"polarroute_{case}_cells"] = n
        rows.append(row)

    def cell(r: dict, case: str) -> list[str]:
        v = r.get(f"polarroute_{case}_us_per_cell")
        if v is None:
            return ["n/a", "n/a"]
        return [f"{v:,.0f}", fmt_ratio(v, r["arcticroute_us_per_node"])]

    print_table(
        "Per node/cell (time / mesh size; a rough scale-free view, Dijkstra is O(n log n))",
        ["step", "arcticroute µs/node", "GRF µs/cell", "GRF ratio", "Ant. µs/cell", "Ant. ratio"],
        [
            [
                r["step"],
                f"{r['arcticroute_us_per_node']:.2f}",
                *cell(r, "grf"),
                *cell(r, "antarctic"),
            ]
            for r in rows
        ],
    )
    return rows


def section_breakdown(warm: dict, cold: dict) -> None:
    alt = cold.get("other_ice_source") or {}
    rows = [
        ["import arcticmesh + icerouting", fmt_time(cold.get("pipeline_import_s"))],
        ["load_mesh()", fmt_time(cold.get("pipeline_load_mesh_s"))],
        [
            "1st port-to-port route (reads ice, costing, route)",
            fmt_time(cold.get("pipeline_first_passage_s")),
        ],
        [
            "2nd port-to-port route (other ports), same process",
            fmt_time(cold.get("pipeline_second_passage_s")),
        ],
        [
            f"whole pipeline, wall from launch (median), {cold.get('ice_source')} ice",
            fmt_time(cold.get("pipeline_wall_s")),
        ],
        [
            f"whole pipeline, wall from launch (1 run), {alt.get('ice_source', '?')} ice",
            fmt_time(alt.get("pipeline_wall_s")),
        ],
        [
            f"1st port-to-port route (1 run), {alt.get('ice_source', '?')} ice",
            fmt_time(alt.get("first_passage_s")),
        ],
        [
            "all destinations: scipy dijkstra only (weights prebuilt)",
            fmt_time(_get(warm, "all_destinations", "dijkstra_only", "median_s")),
        ],
    ]
    print_table(
        f"arcticroute cold pipeline breakdown (fresh process, median of {cold['runs']}) and extras",
        ["phase", "time"],
        rows,
    )


def section_targets(warm: dict, cold: dict, pr: dict) -> list[dict]:
    grf = pr.get("grf") if isinstance(pr, dict) else None
    grf = grf if grf and "error" not in grf else {}
    ours = cold.get("pipeline_wall_s")

    def speedup(key: str) -> float:
        v = grf.get(key)
        return v / ours if v and ours else math.nan

    nan = math.nan
    checks = [
        (
            "ice-aware port-to-port route, ice field not in memory (ms) [new date each call]",
            1e3 * (_get(warm, "route_new_field", "median_s") or nan),
            "route_new_field_ms",
        ),
        (
            "ice-aware port-to-port route, ice field in memory (ms) [other ports each call]",
            1e3 * (_get(warm, "route_cached_field", "median_s") or nan),
            "route_cached_field_ms",
        ),
        (
            "fresh process: import, mesh, ice, one port-to-port route (s)",
            cold.get("pipeline_wall_s") or nan,
            "fresh_route_s",
        ),
        (
            "one ice-aware passage, warm median (ms) [Barents to Bering, same date]",
            1e3 * (_get(warm, "passage_same_date", "median_s") or nan),
            "passage_warm_ms",
        ),
        (
            "one ice-aware passage, warm median (ms) [new date each call]",
            1e3 * (_get(warm, "passage_new_date", "median_s") or nan),
            "passage_warm_ms",
        ),
        (
            "mesh+route pipeline, PolarRoute GRF / arcticroute (x) [Dijkstra only]",
            speedup("pipeline_dijkstra_only_wall_s"),
            "pipeline_speedup_x",
        ),
        (
            "mesh+route pipeline, PolarRoute GRF / arcticroute (x) [with smoothing]",
            speedup("pipeline_wall_s"),
            "pipeline_speedup_x",
        ),
        (
            "one ice-aware port-to-port route, warm median (ms) [Busan -> Rotterdam]",
            1e3 * (_get(warm, "port_to_port", "median_s") or nan),
            "passage_warm_ms",
        ),
        (
            "all destinations from one origin (ms) [timed_tree, time of passage]",
            1e3 * (_get(warm, "all_destinations", "median_s") or nan),
            "all_destinations_ms",
        ),
        (
            f"peak RSS, mesh + {cold.get('ice_source')} ice + 1 route (MiB)",
            cold.get("pipeline_peak_rss_mib") or nan,
            "peak_rss_mib",
        ),
    ]
    alt = cold.get("other_ice_source") or {}
    if "ru_maxrss_mib" in alt:
        checks.append(
            (
                f"peak RSS, mesh + {alt['ice_source']} ice + 1 route (MiB)",
                alt["ru_maxrss_mib"],
                "peak_rss_mib",
            )
        )
    out = []
    for name, v, key in checks:
        op, t = TARGETS[key]
        met = math.isfinite(v) and (v <= t if op == "<=" else v >= t)
        out.append({"metric": name, "value": v, "target": f"{op} {t:g}", "met": met})
    print_table(
        "Targets (from the issue)",
        ["metric", "measured", "target", "met"],
        [
            [
                x["metric"],
                f"{x['value']:,.3g}" if math.isfinite(x["value"]) else "n/a (failed)",
                x["target"],
                "yes" if x["met"] else "NO",
            ]
            for x in out
        ],
    )
    return out


# ---------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smoke run: no Antarctic, few repeats")
    ap.add_argument("--ship", default=SHIP, help=f"ship preset (default {SHIP})")
    ap.add_argument("--date", default=DATE, help=f"navigation date (default {DATE})")
    ap.add_argument("--repeats", type=int, help="warm repeats (default 50, quick 10)")
    ap.add_argument("--cold-runs", type=int, help="fresh processes per cold step (5, quick 2)")
    ap.add_argument(
        "--pr-repeats", type=int, help="PolarRoute compute_routes repeats (default 3, quick 1)"
    )
    ap.add_argument(
        "--shared",
        type=Path,
        default=DEFAULT_SHARED,
        help="shared data folder holding peer-benchmark-inputs/ (default ../shared/data)",
    )
    ap.add_argument(
        "--data-dir",
        help="ARCTICROUTE_DATA_DIR for observed ice (default: the environment's, else "
        "--shared when it exists); '' uses the shipped climatology",
    )
    ap.add_argument("--no-antarctic", action="store_true", help="skip PolarRoute's real mesh")
    ap.add_argument(
        "--grf-split-depth",
        type=int,
        help="reduce PolarRoute's GRF mesh (its config: 6); default: the config unchanged",
    )
    ap.add_argument(
        "--budget-s", type=float, default=480.0, help="time cap for all PolarRoute runs (480 s)"
    )
    ap.add_argument(
        "--case-timeout-s", type=float, default=300.0, help="time cap per PolarRoute case (300 s)"
    )
    ap.add_argument("--out", type=Path, help="JSON output (default benchmarks/results/...)")
    # internal: fresh-process children
    ap.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    ap.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--case", choices=("grf", "antarctic"), help=argparse.SUPPRESS)
    ap.add_argument("--inputs", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    a.repeats = a.repeats or (10 if a.quick else 50)
    a.cold_runs = a.cold_runs or (2 if a.quick else 5)
    a.pr_repeats = a.pr_repeats or (1 if a.quick else 3)
    a.no_antarctic = a.no_antarctic or a.quick
    return a


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        out = CHILDREN[args.child](args)
        args.result.write_text(json.dumps(jsonable(out)))
        return 0

    if args.data_dir is None:
        env_dir = os.environ.get("ARCTICROUTE_DATA_DIR")
        args.data_dir = (
            env_dir if env_dir is not None else (str(args.shared) if args.shared.is_dir() else "")
        )
    if args.data_dir:
        os.environ["ARCTICROUTE_DATA_DIR"] = args.data_dir
    else:
        os.environ.pop("ARCTICROUTE_DATA_DIR", None)
    env = dict(os.environ)
    alt_env = {k: v for k, v in env.items() if k != "ARCTICROUTE_DATA_DIR"}
    if not args.data_dir and args.shared.is_dir():
        alt_env["ARCTICROUTE_DATA_DIR"] = str(args.shared)

    meta = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "command": " ".join(["python benchmarks/bench_icerouting.py", *sys.argv[1:]]),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu": f"{cpu_model()} ({os.cpu_count()} CPUs)",
        "versions": {
            d: version(d)
            for d in ("arcticroute", "polar-route", "meshiphi", "numpy", "scipy", "xarray")
        },
        "arcticroute_code": str(Path(find_spec("arcticroute").origin).parent),
        "ship": args.ship,
        "navigation_date": args.date,
        "arcticroute_data_dir": args.data_dir or None,
        "parameters": {
            k: getattr(args, k)
            for k in (
                "quick",
                "repeats",
                "cold_runs",
                "pr_repeats",
                "no_antarctic",
                "grf_split_depth",
                "budget_s",
                "case_timeout_s",
            )
        },
        "load_average_at_start": load_average(),
    }
    print("arcticroute ice-aware routing benchmark vs PolarRoute")
    for k, v in meta.items():
        print(f"  {k}: {v}")
    t_start = time.perf_counter()
    results: dict[str, Any] = {"meta": meta | {"targets": TARGETS}}

    warm = section_warm(args)
    results["arcticroute_warm"] = warm
    src = warm["passage"]["ice_source"]
    print(
        f"\n[arcticroute ice: {src}"
        + (f" ({warm['passage']['ice_statistic']})" if warm["passage"]["ice_statistic"] else "")
        + f"; ARCTICROUTE_DATA_DIR={args.data_dir or '(unset: shipped climatology)'}]"
    )
    print("[arcticroute: cold runs in fresh processes]")
    cold = section_cold(args, env, alt_env)
    results["arcticroute_cold"] = cold
    pr = section_polarroute(args, env)
    results["polarroute"] = pr

    results["problems"] = section_problems(warm, pr)
    results["times"] = section_times(warm, cold, pr)
    results["per_node"] = section_per_node(warm, pr)
    section_breakdown(warm, cold)
    results["targets"] = section_targets(warm, cold, pr)
    results["meta"]["load_average_at_end"] = load_average()
    results["meta"]["total_s"] = time.perf_counter() - t_start
    print(
        "\nNotes: arcticroute caches the ice layer of a field and the first search of a tree, so "
        "'same date' rows are cache hits; 'new date each call' rows read, fill and recost a "
        "new field and search again (the honest warm figure). PolarRoute's compute_routes "
        "keeps no state between planners; each "
        "repeat uses a new RoutePlanner (its init not timed). PolarRoute's GRF config is run "
        "as shipped"
        + (
            f" except split depth {args.grf_split_depth}"
            if args.grf_split_depth is not None
            else ""
        )
        + "."
    )
    print(
        f"load average (1, 5, 15 min): {meta['load_average_at_start']} at start, "
        f"{results['meta']['load_average_at_end']} at end, on {os.cpu_count()} CPUs; "
        f"total {results['meta']['total_s']:.0f} s"
    )
    out = args.out or HERE / "results" / f"icerouting-{dt.date.today().isoformat()}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(jsonable(results), indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
