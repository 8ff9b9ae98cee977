"""Routing benchmark: arcticroute against searoute-py and scgraph, same run, same ports.

Run from the repository root (the ``bench`` extra installs the peers)::

    python benchmarks/bench_routing.py            # full run, a few minutes
    python benchmarks/bench_routing.py --quick    # smoke run, under a minute

It prints one table per measurement with ratios (peer time / arcticroute
time, so above 1 means arcticroute is faster) and writes every number to
``benchmarks/results/routing-<date>.json``. Nothing here asserts a time:
the issue's targets are printed next to the measurements. See README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from arcticroute import routing
from arcticroute.errors import ArcticRouteError
from arcticroute.geo.network import load_network
from arcticroute.geo.ports import Port, all_ports, get_port

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import cpu_model, fmt_time, load_average, print_table, time_repeats, version
from peers import (
    SEAROUTE_RESTRICTIONS,
    Scgraph,
    Searoute,
    corridor_of_passages,
    corridor_of_path,
    in_corridor_area,
    sphere_path_nm,
)

HERE = Path(__file__).resolve().parent
DEFAULT_GEOGRAPHS = HERE.parent.parent / "shared/data/peer-benchmark-inputs/scgraph-geographs"
SPEED_KN = 14.0
HUB = "Rotterdam"
SINGLE_PAIR = ("Shanghai", "Rotterdam")
NAMED_ORIGINS = ("Shanghai", "Busan", "Yokohama", "Dalian")
NAMED_DESTINATIONS = ("Rotterdam", "Hamburg")
CORRIDORS = ("suez", "cape", "panama", "nsr", "nwp")
ARCTIC = ("nsr", "nwp")
MATRIX_REPEATS = 5
LONG_NM = 500.0
"""Pairs at least this long get their own p95: on short pairs the approach
legs (which lane node each tool snaps a port to) dominate the relative
difference."""

TARGETS = {
    "single_route_ms": 1.0,
    "pairs_total_s": 0.6,
    "matrix_us_per_pair": 36.0,
    "agreement_pct": 2.0,
    "cli_wall_s": 1.5,
    "cli_peak_rss_mib": 150.0,
}
"""Targets from the issue; printed beside the measurements, never asserted."""

Pair = tuple[Port, Port]


# ------------------------------------------------------------------ output


def fmt_ratio(peer: float, ours: float) -> str:
    if not (math.isfinite(peer) and math.isfinite(ours)) or ours <= 0:
        return "n/a"
    return f"{peer / ours:.3g}x"


def fmt_nm(x: float) -> str:
    return f"{x:,.0f}" if math.isfinite(x) else "—"


def fmt_pct(x: float, signed: bool = False) -> str:
    if not math.isfinite(x):
        return "—"
    return f"{x:+.2f}%" if signed else f"{x:.2f}%"


def jsonable(x: object) -> object:
    if isinstance(x, dict):
        return {str(k): jsonable(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [jsonable(v) for v in x]
    if isinstance(x, np.ndarray):
        return jsonable(x.tolist())
    if isinstance(x, np.generic):
        return jsonable(x.item())
    if isinstance(x, float) and not math.isfinite(x):
        return None
    return x


# ------------------------------------------------------------ measurement


def summary(times: list[float]) -> dict[str, float]:
    a = np.asarray(times)
    return {
        "n": int(a.size),
        "median_s": float(np.median(a)),
        "p10_s": float(np.percentile(a, 10)),
        "p90_s": float(np.percentile(a, 90)),
        "min_s": float(a.min()),
    }


def timed_loop(fn: Callable[[Port, Port], object], pairs: list[Pair]) -> tuple[float, list]:
    gc.collect()
    out = []
    t0 = time.perf_counter()
    for o, d in pairs:
        out.append(fn(o, d))
    return time.perf_counter() - t0, out


def run_measured(cmd: Sequence[str]) -> dict[str, object]:
    """Run a process: wall time, its peak RSS, exit code and output.

    Peak RSS comes from GNU ``/usr/bin/time -f %M`` when present. The
    fallback, ``os.wait4``, over-reports: Linux carries the forking parent's
    resident size into the child's high-water mark, so it is flagged.
    """
    gnu_time = shutil.which("time", path="/usr/bin")
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.NamedTemporaryFile("r", suffix=".rss") as rss,
    ):
        full = [gnu_time, "-f", "%M", "-o", rss.name, *cmd] if gnu_time else list(cmd)
        t0 = time.perf_counter()
        proc = subprocess.Popen(full, stdout=out, stderr=err)
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - t0
            proc.returncode = os.waitstatus_to_exitcode(status)
            wait4_mib = usage.ru_maxrss / 1024.0  # Linux: KiB
        else:
            proc.wait()
            wall = time.perf_counter() - t0
            wait4_mib = math.nan
        rss_mib, how = wait4_mib, "os.wait4 (upper bound: includes the parent at fork)"
        if gnu_time:
            words = rss.read().split()
            if words and words[-1].isdigit():
                rss_mib, how = int(words[-1]) / 1024.0, "/usr/bin/time %M"
        out.seek(0)
        err.seek(0)
        return {
            "wall_s": wall,
            "peak_rss_mib": rss_mib,
            "rss_method": how,
            "returncode": proc.returncode,
            "stdout": out.read().decode("utf-8", "replace"),
            "stderr": err.read().decode("utf-8", "replace"),
        }


def ar_route(o: Port, d: Port, via: str = "auto") -> routing.Route | None:
    try:
        return routing.route(o, d, via=via, speed_kn=SPEED_KN)
    except ArcticRouteError:
        return None


# ------------------------------------------------------- 0. cold start

COLD_ARCTICROUTE = """
import json, time
t0 = time.perf_counter()
from arcticroute.routing import route
t1 = time.perf_counter()
d = route({o!r}, {d!r}, speed_kn=14.0).distance_nm
t2 = time.perf_counter()
route({o!r}, {d!r}, speed_kn=14.0)
t3 = time.perf_counter()
print(json.dumps(dict(import_s=t1 - t0, setup_s=None, first_route_s=t2 - t1,
                      second_route_s=t3 - t2, distance_nm=d)))
"""
COLD_SEAROUTE = """
import json, time
t0 = time.perf_counter()
import searoute as sr
t1 = time.perf_counter()
f = sr.searoute({o}, {d}, units="naut", append_orig_dest=True)
t2 = time.perf_counter()
sr.searoute({o}, {d}, units="naut", append_orig_dest=True)
t3 = time.perf_counter()
print(json.dumps(dict(import_s=t1 - t0, setup_s=None, first_route_s=t2 - t1,
                      second_route_s=t3 - t2, distance_nm=f.properties["length"])))
"""
COLD_SCGRAPH = """
import json, time
t0 = time.perf_counter()
from scgraph import GeoGraph
t1 = time.perf_counter()
g = GeoGraph.load_geograph("marnet", cache_dir={cache!r})
t2 = time.perf_counter()
o, d = {o}, {d}
out = g.get_shortest_path(origin_node=o, destination_node=d, output_units="km")
t3 = time.perf_counter()
g.get_shortest_path(origin_node=o, destination_node=d, output_units="km")
t4 = time.perf_counter()
print(json.dumps(dict(import_s=t1 - t0, setup_s=t2 - t1, first_route_s=t3 - t2,
                      second_route_s=t4 - t3, distance_nm=out["length"] / 1.852)))
"""


def section_cold(o: Port, d: Port, sc: Scgraph, in_process: dict[str, float]) -> dict:
    """Fresh-process import, graph load and first/second route for each tool."""
    codes = {
        "arcticroute": COLD_ARCTICROUTE.format(o=o.locode, d=d.locode),
        "searoute": COLD_SEAROUTE.format(o=[o.lon, o.lat], d=[d.lon, d.lat]),
        "scgraph": COLD_SCGRAPH.format(
            cache=sc.cache_dir,
            o={"latitude": o.lat, "longitude": o.lon},
            d={"latitude": d.lat, "longitude": d.lon},
        ),
    }
    res: dict[str, dict] = {}
    for tool, code in codes.items():
        m = run_measured([sys.executable, "-c", code])
        entry = {
            "process_wall_s": m["wall_s"],
            "peak_rss_mib": m["peak_rss_mib"],
            "rss_method": m["rss_method"],
        }
        if m["returncode"] == 0:
            entry.update(json.loads(m["stdout"].strip().splitlines()[-1]))
        else:
            entry["error"] = (m["stderr"].strip().splitlines() or ["?"])[-1]
        res[tool] = entry
    print_table(
        f"0. Cold start, one fresh process per tool: {o.name} -> {d.name} "
        "(searoute and arcticroute load their graph lazily, inside the 1st route)",
        ["tool", "import", "load graph", "1st route", "2nd route", "process", "peak RSS"],
        [
            [
                tool,
                fmt_time(c.get("import_s")),
                "in 1st route" if c.get("setup_s") is None else fmt_time(c["setup_s"]),
                fmt_time(c.get("first_route_s")),
                fmt_time(c.get("second_route_s")),
                fmt_time(c["process_wall_s"]),
                f"{c['peak_rss_mib']:.0f} MiB",
            ]
            + ([c["error"]] if "error" in c else [])
            for tool, c in res.items()
        ],
    )
    res["in_process"] = in_process
    return res


# --------------------------------------------------- 1. single route


def section_single(o: Port, d: Port, sr: Searoute, sc: Scgraph, repeats: int) -> dict:
    net = load_network()

    def cold(fn: Callable[[], object]) -> Callable[[], object]:
        # Each call solves its shortest-path tree anew: no help from the tree cache.
        def call() -> object:
            net.clear_tree_cache()
            return fn()

        return call

    calls: dict[str, Callable[[], object]] = {
        "arcticroute": cold(lambda: routing.route(o, d, via="auto", speed_kn=SPEED_KN)),
        "arcticroute (via nsr)": cold(lambda: routing.route(o, d, via="nsr", speed_kn=SPEED_KN)),
        "arcticroute (port names)": cold(lambda: routing.route(*SINGLE_PAIR, speed_kn=SPEED_KN)),
        "arcticroute (tree cached)": lambda: routing.route(o, d, via="auto", speed_kn=SPEED_KN),
        "searoute": lambda: sr.route(o, d),
        "scgraph": lambda: sc.route(o, d),
    }
    res = {}
    for name, call in calls.items():
        out = call()
        res[name] = summary(time_repeats(call, repeats))
        if isinstance(out, routing.Route):
            nm, took = out.distance_nm, corridor_of_passages(out.passages)
        else:
            nm, took = _path_summary(*out[:3])
        res[name] |= {"distance_nm": nm, "corridor_taken": took}
    base = res["arcticroute"]["median_s"]
    print_table(
        f"1. Single route, warm, {repeats} repeats: {o.name} -> {d.name}, each tool's "
        f"default corridor (target arcticroute <= {TARGETS['single_route_ms']:g} ms)",
        ["tool", "median", "p10", "p90", "peer/arcticroute", "nm", "took"],
        [
            [
                name,
                fmt_time(s["median_s"]),
                fmt_time(s["p10_s"]),
                fmt_time(s["p90_s"]),
                fmt_ratio(s["median_s"], base),
                fmt_nm(s["distance_nm"]),
                s["corridor_taken"],
            ]
            for name, s in res.items()
        ],
    )
    return res


def _path_summary(nm: float, lon: NDArray, lat: NDArray) -> tuple[float, str]:
    return nm, corridor_of_path(lon, lat) if math.isfinite(nm) else "no route"


# ------------------------------------------------- 2. random port pairs


def build_pool(
    n: int, rng: np.random.Generator, sr: Searoute, sc: Scgraph, max_approach_km: float
) -> tuple[list[Port], dict[str, int]]:
    """``n`` catalogue ports with a UN/LOCODE that all three tools route to the hub.

    The graphs are undirected, so two pool ports also route to each other.
    Candidates are taken in a seeded random order; rejections are counted.
    Ports whose approach leg to arcticroute's lane network is longer than
    ``max_approach_km`` (inland river and lake "ports") are left out when it
    is positive: there every tool's distance is mostly a line over land to
    whichever lane node it snaps to.
    """
    hub = get_port(HUB)
    cands = sorted((p for p in all_ports() if p.locode), key=lambda p: p.locode)
    rejected: Counter[str] = Counter()
    seen: set[tuple[float, float]] = set()
    pool: list[Port] = []
    for idx in rng.permutation(len(cands)):
        p = cands[int(idx)]
        if (p.lat, p.lon) in seen:
            rejected["duplicate position"] += 1
            continue
        try:
            r = routing.route(p, hub, speed_kn=SPEED_KN)
        except ArcticRouteError as exc:
            rejected[f"arcticroute {type(exc).__name__}"] += 1
            continue
        if max_approach_km > 0 and r.legs[0].distance_m > max_approach_km * 1000.0:
            rejected[f"approach > {max_approach_km:g} km"] += 1
            continue
        if not math.isfinite(sc.route(p, hub)[0]):
            rejected["scgraph no path"] += 1
            continue
        if not math.isfinite(sr.route(p, hub)[0]):
            rejected["searoute no path"] += 1
            continue
        seen.add((p.lat, p.lon))
        pool.append(p)
        if len(pool) == n:
            break
    return pool, dict(rejected)


def draw_pairs(pool: list[Port], n: int, rng: np.random.Generator) -> list[Pair]:
    pairs = []
    while len(pairs) < n:
        i, j = (int(k) for k in rng.integers(len(pool), size=2))
        if i != j:
            pairs.append((pool[i], pool[j]))
    return pairs


@dataclass
class PeerRuns:
    """Distances (nm) and corridor labels of one tool on the random pairs."""

    nm: NDArray[np.float64]
    took: list[str]
    sphere_nm: NDArray[np.float64] | None = None
    """arcticroute only: its own path measured on searoute's sphere."""


def ar_runs(routes: Sequence[routing.Route | None]) -> PeerRuns:
    return PeerRuns(
        np.array([r.distance_nm if r else math.nan for r in routes]),
        [corridor_of_passages(r.passages) if r else "no route" for r in routes],
        np.array([sphere_path_nm(r.lon_deg, r.lat_deg) if r else math.nan for r in routes]),
    )


def peer_runs(out: Sequence[tuple]) -> PeerRuns:
    return PeerRuns(
        np.array([x[0] for x in out]),
        [_path_summary(x[0], x[1], x[2])[1] for x in out],
    )


def section_pairs(
    pairs: list[Pair], sr: Searoute, sc: Scgraph, seed: int
) -> tuple[dict, list[routing.Route | None], dict[str, PeerRuns]]:
    net = load_network()

    def ar_cold(a: Port, b: Port) -> routing.Route | None:
        net.clear_tree_cache()
        return ar_route(a, b, "auto")

    t_ar, ar_out = timed_loop(ar_cold, pairs)
    t_cached, _ = timed_loop(lambda a, b: ar_route(a, b, "auto"), pairs)
    t_sr, sr_out = timed_loop(sr.route, pairs)
    t_sc, sc_out = timed_loop(sc.route, pairs)
    runs = {"arcticroute": ar_runs(ar_out), "searoute": peer_runs(sr_out)}
    runs["scgraph"] = peer_runs(sc_out)
    totals = {
        "arcticroute": t_ar,
        "arcticroute (tree cached)": t_cached,
        "searoute": t_sr,
        "scgraph": t_sc,
    }
    n = len(pairs)
    res = {
        "n_pairs": n,
        "total_s": totals,
        "no_route": {k: int(np.isnan(v.nm).sum()) for k, v in runs.items()}
        | {"arcticroute (tree cached)": int(np.isnan(runs["arcticroute"].nm).sum())},
        "pairs": [
            {"origin": a.locode, "destination": b.locode}
            | {f"{t}_nm": runs[t].nm[k] for t in runs}
            | {f"{t}_took": runs[t].took[k] for t in runs}
            for k, (a, b) in enumerate(pairs)
        ],
    }
    print_table(
        f"2. {n} random port pairs (seed {seed}), one route call each, via auto / each tool's "
        f"default (target arcticroute <= {TARGETS['pairs_total_s']:g} s total)",
        ["tool", "total", "per route", "peer/arcticroute", "no route"],
        [
            [name, fmt_time(t), fmt_time(t / n), fmt_ratio(t, t_ar), res["no_route"][name]]
            for name, t in totals.items()
        ],
    )
    return res, ar_out, runs


# ------------------------------------------------- 3. distance matrix


def section_matrix(
    ports: list[Port],
    sr: Searoute,
    sc: Scgraph,
    k: int,
    rng: np.random.Generator,
    route_s: float,
) -> dict:
    m = len(ports)
    res: dict[str, object] = {"n": m, "pairs": m * m}
    for v in ("auto", "nsr"):
        name = "arcticroute" if v == "auto" else f"arcticroute (via {v})"
        try:
            mat = routing.distance_matrix(ports, ports, via=v)
            res[name] = summary(
                time_repeats(
                    lambda v=v: routing.distance_matrix(ports, ports, via=v), MATRIX_REPEATS
                )
            )
            res[name].update(_matrix_vs_route(mat, ports, rng, v))
        except Exception as exc:  # an API failure is a result to report, not a crash
            res[name] = {"error": f"{type(exc).__name__}: {exc}"}
    cold, warm = [], []
    for _ in range(MATRIX_REPEATS):
        sc.reset_cache()
        t0 = time.perf_counter()
        sc.distance_matrix_nm(ports)
        cold.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        sc.distance_matrix_nm(ports)
        warm.append(time.perf_counter() - t0)
    res["scgraph"] = summary(cold)
    res["scgraph (trees cached)"] = summary(warm)
    k = min(k, m)
    sub = [(ports[i], ports[j]) for i in range(k) for j in range(k) if i != j]
    t_sub, _ = timed_loop(sr.route, sub)
    res["searoute"] = {"median_s": t_sub / len(sub) * m * m, "subset_pairs": len(sub)}
    res["searoute"]["subset_s"] = t_sub
    res["arcticroute route() pair by pair"] = {"median_s": route_s * m * m}

    ar = res["arcticroute"]
    ar_per = ar["median_s"] / (m * m) if "median_s" in ar else math.nan
    notes = {
        name: (
            f"vs route() on {res[name]['cells_checked_vs_route']} cells: max |Δ| "
            f"{res[name]['max_abs_diff_vs_route_nm']:.2g} nm, "
            f"{res[name]['cells_nan_mismatch_vs_route']} no-route mismatches"
            if "median_s" in res[name]
            else ""
        )
        for name in ("arcticroute", "arcticroute (via nsr)")
    } | {
        "scgraph": "shortest-path trees reset before each run",
        "scgraph (trees cached)": "second call on the same nodes",
        "searoute": f"no matrix function; extrapolated from {len(sub)} pairs ({k}x{k})",
        "arcticroute route() pair by pair": "extrapolated from section 2 per-route time",
    }
    rows = []
    for name, note in notes.items():
        s = res[name]
        if "error" in s:
            rows.append([name, "FAILED", "", "", s["error"][:100]])
            continue
        per = s["median_s"] / (m * m)
        rows.append(
            [name, fmt_time(s["median_s"]), f"{per * 1e6:.2f}", fmt_ratio(per, ar_per), note]
        )
    print_table(
        f"3. {m}x{m} distance matrix ({m * m} pairs incl. diagonal), median of "
        f"{MATRIX_REPEATS} (target arcticroute <= {TARGETS['matrix_us_per_pair']:g} µs per pair)",
        ["tool", "total", "µs/pair", "peer/arcticroute", "note"],
        rows,
    )
    res["arcticroute_us_per_pair"] = ar_per * 1e6
    return res


def _matrix_vs_route(mat: NDArray, ports: list[Port], rng: np.random.Generator, via: str) -> dict:
    """Check up to 200 random off-diagonal cells against single ``route()`` calls.

    A cell must be ``nan`` exactly when ``route()`` finds no route through
    the corridor, and equal to its distance otherwise.
    """
    m = len(ports)
    cells = [(i, j) for i in range(m) for j in range(m) if i != j]
    diffs, mismatched = [], 0
    for c in rng.choice(len(cells), size=min(200, len(cells)), replace=False):
        i, j = cells[int(c)]
        r = ar_route(ports[i], ports[j], via)
        if (r is None) != bool(np.isnan(mat[i, j])):
            mismatched += 1
        elif r is not None:
            diffs.append(abs(mat[i, j] - r.distance_nm))
    return {
        "max_abs_diff_vs_route_nm": float(np.max(diffs)) if diffs else math.nan,
        "cells_checked_vs_route": min(200, len(cells)),
        "cells_nan_mismatch_vs_route": mismatched,
    }


# ---------------------------------------------------- 4. agreement


def rel_pct(ours: NDArray, peer: NDArray) -> NDArray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return 100.0 * (peer - ours) / ours


@dataclass
class Row:
    """One peer compared with one arcticroute corridor on a subset of pairs."""

    corridor: str
    peer: str
    how: str
    ours: PeerRuns
    theirs: PeerRuns
    mask: NDArray[np.bool_] = field(repr=False)

    def stats(self) -> dict[str, object]:
        a, b = self.ours.nm, self.theirs.nm
        ok = self.mask & np.isfinite(a) & np.isfinite(b) & (a > 0)
        r = rel_pct(a[ok], b[ok])
        geo = rel_pct(a[ok], self.ours.sphere_nm[ok])
        ab = np.abs(r)
        long = ab[a[ok] >= LONG_NM]
        same = sum(1 for k in np.flatnonzero(ok) if self.ours.took[k] == self.theirs.took[k])

        def q(x: NDArray, fn: Callable[[NDArray], float]) -> float:
            return float(fn(x)) if x.size else math.nan

        return {
            "corridor": self.corridor,
            "peer": self.peer,
            "how": self.how,
            "n": int(ok.sum()),
            "median_signed_pct": q(r, np.median),
            "median_abs_pct": q(ab, np.median),
            "p95_abs_pct": q(ab, lambda x: np.percentile(x, 95)),
            "max_abs_pct": q(ab, np.max),
            "n_over_target": int((ab > TARGETS["agreement_pct"]).sum()),
            "p95_abs_pct_long": q(long, lambda x: np.percentile(x, 95)),
            "n_long": int(long.size),
            "median_sphere_effect_pct": q(geo, np.median),
            "same_corridor": same,
        }

    def over_target(self, pairs: list[Pair]) -> list[dict[str, object]]:
        r = rel_pct(self.ours.nm, self.theirs.nm)
        bad = self.mask & np.isfinite(r) & (np.abs(r) > TARGETS["agreement_pct"])
        out = []
        for k in np.flatnonzero(bad):
            o, d = pairs[k]
            out.append(
                {
                    "corridor": self.corridor,
                    "peer": self.peer,
                    "origin": f"{o.name} ({o.locode})",
                    "destination": f"{d.name} ({d.locode})",
                    "arcticroute_nm": float(self.ours.nm[k]),
                    "arcticroute_on_sphere_nm": float(self.ours.sphere_nm[k]),
                    "peer_nm": float(self.theirs.nm[k]),
                    "diff_pct": float(r[k]),
                    "arcticroute_took": self.ours.took[k],
                    "peer_took": self.theirs.took[k],
                }
            )
        return out


def forced_searoute(
    sr: Searoute, pairs: list[Pair], ours: NDArray, key: str, wanted: tuple[str, ...]
) -> PeerRuns:
    """searoute pushed into a corridor, on the pairs where arcticroute has one.

    The distance is kept only when the path's geometry shows one of the
    ``wanted`` corridors; the label says what it took otherwise.
    """
    nm = np.full(len(pairs), math.nan)
    took = ["not run"] * len(pairs)
    for k in np.flatnonzero(np.isfinite(ours)):
        o, d = pairs[k]
        dist, lon, lat, _ = sr.route(o, d, SEAROUTE_RESTRICTIONS[key])
        took[k] = _path_summary(dist, lon, lat)[1]
        if took[k] in wanted:
            nm[k] = dist
    return PeerRuns(nm, took)


def _pick(runs: PeerRuns, keep: NDArray[np.bool_]) -> PeerRuns:
    nan = np.full(keep.size, math.nan)
    return PeerRuns(np.where(keep, runs.nm, nan), runs.took)


def _shortest(candidates: list[PeerRuns]) -> PeerRuns:
    """Element-wise shortest of several arcticroute corridors (nan = no route)."""
    stack = np.vstack([np.where(np.isnan(c.nm), np.inf, c.nm) for c in candidates])
    best = np.argmin(stack, axis=0)
    cols = np.arange(best.size)
    nm = stack[best, cols]
    sphere = np.vstack([c.sphere_nm for c in candidates])[best, cols]
    took = [candidates[b].took[k] for k, b in enumerate(best)]
    return PeerRuns(np.where(np.isinf(nm), math.nan, nm), took, sphere)


def section_agreement(
    pairs: list[Pair], ar_auto: list[routing.Route | None], runs: dict[str, PeerRuns], sr: Searoute
) -> dict:
    n = len(pairs)
    via: dict[str, PeerRuns] = {"auto": runs["arcticroute"]}
    # The geometry labeller used for the peers, checked on arcticroute's own
    # paths, whose passages are tagged.
    check: Counter[bool] = Counter()
    misses: Counter[str] = Counter()
    for v in ("auto", *CORRIDORS):
        rs = ar_auto if v == "auto" else [ar_route(a, b, v) for a, b in pairs]
        if v != "auto":
            via[v] = ar_runs(rs)
        for r in filter(None, rs):
            got, want = corridor_of_path(r.lon_deg, r.lat_deg), corridor_of_passages(r.passages)
            check[got == want] += 1
            if got != want:
                misses[f"tags say {want}, geometry says {got}"] += 1

    sr_runs, sc_runs = runs["searoute"], runs["scgraph"]
    forced = {v: forced_searoute(sr, pairs, via[v].nm, v, (v,)) for v in ("suez", "cape", "panama")}
    arctic = forced_searoute(sr, pairs, np.fmin(via["nsr"].nm, via["nwp"].nm), "arctic", ARCTIC)
    for v in ARCTIC:
        forced[v] = _pick(arctic, np.array([t == v for t in arctic.took]))
    sc_took = np.array(sc_runs.took)
    everything = np.ones(n, dtype=bool)
    rows = [
        Row(
            "auto",
            "searoute",
            "its default, restrictions=['northwest']",
            via["auto"],
            sr_runs,
            everything,
        ),
        Row(
            "auto",
            "scgraph",
            "its default, on the pairs where its path avoids the NSR and NWP",
            via["auto"],
            sc_runs,
            ~np.isin(sc_took, ARCTIC),
        ),
        Row(
            "auto or nsr",
            "scgraph",
            "its default (its lanes include the NSR, no usable NWP) vs the shorter of "
            "arcticroute auto and nsr",
            _shortest([via["auto"], via["nsr"]]),
            sc_runs,
            everything,
        ),
    ]
    for v in CORRIDORS:
        # A pair with an end port inside the corridor's box "uses" it without a transit.
        inside = np.array([in_corridor_area(a, v) or in_corridor_area(b, v) for a, b in pairs])
        restr = list(SEAROUTE_RESTRICTIONS["arctic" if v in ARCTIC else v])
        k_in = int(inside.sum())
        left_out = f"; {k_in} pairs with an end port inside its box left out" if k_in else ""
        rows.append(
            Row(
                v,
                "searoute",
                f"restrictions={restr}, kept if its path took {v}{left_out}",
                via[v],
                forced[v],
                ~inside,
            )
        )
        rows.append(
            Row(
                v,
                "scgraph",
                f"cannot be forced: pairs where its default took {v}{left_out}",
                via[v],
                sc_runs,
                (sc_took == v) & ~inside,
            )
        )
    stats = [r.stats() for r in rows]
    bad = sorted((x for r in rows for x in r.over_target(pairs)), key=lambda x: -abs(x["diff_pct"]))
    print_table(
        f"4a. Distance agreement on the {n} random pairs, Δ = (peer - arcticroute) / arcticroute "
        f"(target within {TARGETS['agreement_pct']:g}%)",
        [
            "#",
            "corridor",
            "peer",
            "n",
            "median Δ",
            "median |Δ|",
            "p95 |Δ|",
            "max |Δ|",
            f">{TARGETS['agreement_pct']:g}%",
            f"p95 |Δ| >={LONG_NM:g}nm",
            "sphere effect",
            "same corridor",
        ],
        [
            [
                k + 1,
                s["corridor"],
                s["peer"],
                s["n"],
                fmt_pct(s["median_signed_pct"], signed=True),
                fmt_pct(s["median_abs_pct"]),
                fmt_pct(s["p95_abs_pct"]),
                fmt_pct(s["max_abs_pct"]),
                s["n_over_target"],
                fmt_pct(s["p95_abs_pct_long"]),
                fmt_pct(s["median_sphere_effect_pct"], signed=True),
                f"{s['same_corridor']}/{s['n']}",
            ]
            for k, s in enumerate(stats)
        ],
    )
    for k, s in enumerate(stats):
        print(f"   {k + 1:>2}. {s['peer']}: {s['how']}")
    found = {v: int(np.isfinite(via[v].nm).sum()) for v in via}
    print(
        "   sphere effect: median Δ expected from geodesy alone (arcticroute's own path measured "
        "on searoute's 6371.0088 km sphere instead of WGS84).\n"
        f"   arcticroute routes per corridor: {found}. Path labeller vs arcticroute's passage "
        f"tags: {check[True]}/{sum(check.values())} agree"
        + (f" (misses: {dict(misses)})" if misses else "")
    )
    shown, seen = [], set()
    for x in bad:  # a pair can fail in two rows with the same numbers (auto, auto or nsr)
        key = (x["peer"], x["origin"], x["destination"], x["peer_nm"], x["arcticroute_nm"])
        if key not in seen:
            seen.add(key)
            shown.append(x)
    if shown:
        print_table(
            f"4b. Largest disagreements over {TARGETS['agreement_pct']:g}% "
            f"({len(shown)} distinct in all, 25 shown, each once; all in the JSON)",
            [
                "corridor",
                "peer",
                "origin",
                "destination",
                "arcticroute nm",
                "on sphere",
                "peer nm",
                "Δ",
                "arcticroute took",
                "peer took",
            ],
            [
                [
                    x["corridor"],
                    x["peer"],
                    x["origin"],
                    x["destination"],
                    fmt_nm(x["arcticroute_nm"]),
                    fmt_nm(x["arcticroute_on_sphere_nm"]),
                    fmt_nm(x["peer_nm"]),
                    fmt_pct(x["diff_pct"], signed=True),
                    x["arcticroute_took"],
                    x["peer_took"],
                ]
                for x in shown[:25]
            ],
        )
    return {
        "rows": stats,
        "arcticroute_routes_per_corridor": found,
        "labeller_self_check": {
            "agree": check[True],
            "disagree": check[False],
            "misses": dict(misses),
        },
        "over_target": bad,
        "n_over_target": len(bad),
    }


def section_named(sr: Searoute, sc: Scgraph) -> dict:
    """Named Asia-Europe pairs through every corridor."""
    rows = []
    for on in NAMED_ORIGINS:
        for dn in NAMED_DESTINATIONS:
            o, d = get_port(on), get_port(dn)
            sc_nm, sc_took = _path_summary(*sc.route(o, d))
            arctic = sr.route(o, d, SEAROUTE_RESTRICTIONS["arctic"])
            arctic_took = _path_summary(*arctic[:3])[1]
            for v in ("auto", *CORRIDORS):
                r = ar_route(o, d, v)
                ours = r.distance_nm if r else math.nan
                sphere = sphere_path_nm(r.lon_deg, r.lat_deg) if r else math.nan
                if v in ARCTIC:
                    s_nm = arctic[0] if arctic_took == v else math.nan
                else:
                    s = sr.route(o, d, SEAROUTE_RESTRICTIONS[v])
                    s_nm = s[0] if v == "auto" or _path_summary(*s[:3])[1] == v else math.nan
                in_row = sc_took not in ARCTIC if v == "auto" else sc_took == v
                g_nm = sc_nm if in_row else math.nan
                rows.append(
                    {
                        "pair": f"{o.name}-{d.name}",
                        "via": v,
                        "arcticroute_nm": ours,
                        "arcticroute_passages": list(r.passages) if r else None,
                        "sphere_effect_pct": 100 * (sphere - ours) / ours,
                        "searoute_nm": s_nm,
                        "searoute_diff_pct": 100 * (s_nm - ours) / ours,
                        "scgraph_nm": g_nm,
                        "scgraph_took": sc_took,
                        "scgraph_diff_pct": 100 * (g_nm - ours) / ours,
                    }
                )
    parts, worst = [], math.nan
    for peer in ("searoute", "scgraph"):
        a = np.abs([x[f"{peer}_diff_pct"] for x in rows])
        a = a[np.isfinite(a)]
        if a.size:
            worst = float(np.fmax(worst, a.max()))
            parts.append(
                f"{peer}: {a.size} comparisons, median |Δ| {np.median(a):.2f}%, max {a.max():.2f}%"
            )
    print_table(
        "4c. Named pairs, every corridor (searoute forced by restrictions; scgraph cannot be "
        "forced, so it appears only in the row of the corridor its default path took)",
        [
            "pair",
            "via",
            "arcticroute nm",
            "sphere effect",
            "searoute nm",
            "Δ searoute",
            "scgraph nm",
            "Δ scgraph",
        ],
        [
            [
                x["pair"],
                x["via"],
                fmt_nm(x["arcticroute_nm"]),
                fmt_pct(x["sphere_effect_pct"], signed=True),
                fmt_nm(x["searoute_nm"]),
                fmt_pct(x["searoute_diff_pct"], signed=True),
                fmt_nm(x["scgraph_nm"]),
                fmt_pct(x["scgraph_diff_pct"], signed=True),
            ]
            for x in rows
        ],
    )
    summary_text = "; ".join(parts)
    print(f"   {summary_text}")
    return {"rows": rows, "max_abs_diff_pct": worst, "summary": summary_text}


# ------------------------------------------------------------- 5. CLI


def section_cli(runs: int) -> dict:
    exe = shutil.which("arcticroute", path=str(Path(sys.executable).parent)) or shutil.which(
        "arcticroute"
    )
    args = ["route", SINGLE_PAIR[0], SINGLE_PAIR[1], "--format", "json"]
    res: dict[str, object] = {"command": " ".join(["arcticroute", *args]), "runs": runs}
    if exe is None:
        res.update(median_wall_s=math.nan, peak_rss_mib=math.nan, error="no arcticroute script")
        print(f"\n5. CLI: {res['error']}")
        return res
    run_measured([exe, *args])  # warm the OS file cache and the .pyc files
    ms = [run_measured([exe, *args]) for _ in range(runs)]
    walls = [x["wall_s"] for x in ms]
    try:
        doc = json.loads(ms[-1]["stdout"])
        check = f"valid JSON, {doc['routes'][0]['distance_nm']:,.0f} nm"
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        check = f"bad output ({exc!r}); stderr: {ms[-1]['stderr'].strip()[-200:]}"
    res.update(
        wall_s=walls,
        median_wall_s=float(np.median(walls)),
        max_wall_s=float(np.max(walls)),
        peak_rss_mib=float(np.max([x["peak_rss_mib"] for x in ms])),
        rss_method=ms[-1]["rss_method"],
        returncodes=[x["returncode"] for x in ms],
        output_check=check,
    )
    print_table(
        f"5. `{res['command']}` as a fresh process, {runs} runs after 1 warm-up "
        f"(targets <= {TARGETS['cli_wall_s']:g} s, <= {TARGETS['cli_peak_rss_mib']:g} MiB)",
        ["measure", "value"],
        [
            ["median wall", fmt_time(res["median_wall_s"])],
            ["max wall", fmt_time(res["max_wall_s"])],
            ["peak RSS, max over runs", f"{res['peak_rss_mib']:.0f} MiB ({res['rss_method']})"],
            ["exit codes", res["returncodes"]],
            ["output", check],
        ],
    )
    return res


# ------------------------------------------------------------- targets


def section_targets(results: dict) -> list[dict]:
    single = results["single_route"]["arcticroute"]["median_s"]
    pairs = results["random_pairs"]
    auto_sr = results["agreement_random_pairs"]["rows"][0]
    cli = results["cli"]
    checks = [
        ("single route, warm median (ms)", single * 1e3, TARGETS["single_route_ms"]),
        (
            "1000 random pairs, total (s)"
            + ("" if pairs["n_pairs"] == 1000 else f", scaled from {pairs['n_pairs']}"),
            pairs["total_s"]["arcticroute"] * 1000 / pairs["n_pairs"],
            TARGETS["pairs_total_s"],
        ),
        (
            "distance matrix (µs per pair)",
            results["distance_matrix"]["arcticroute_us_per_pair"],
            TARGETS["matrix_us_per_pair"],
        ),
        (
            "named pairs, max |Δ| vs either peer (%)",
            results["agreement_named_pairs"]["max_abs_diff_pct"],
            TARGETS["agreement_pct"],
        ),
        (
            "random pairs auto vs searoute, median |Δ| (%)",
            auto_sr["median_abs_pct"],
            TARGETS["agreement_pct"],
        ),
        (
            "random pairs auto vs searoute, p95 |Δ| (%)",
            auto_sr["p95_abs_pct"],
            TARGETS["agreement_pct"],
        ),
        (
            f"random pairs auto vs searoute, p95 |Δ| >= {LONG_NM:g} nm (%)",
            auto_sr["p95_abs_pct_long"],
            TARGETS["agreement_pct"],
        ),
        ("CLI fresh process, median wall (s)", cli["median_wall_s"], TARGETS["cli_wall_s"]),
        ("CLI fresh process, peak RSS (MiB)", cli["peak_rss_mib"], TARGETS["cli_peak_rss_mib"]),
    ]
    out = [
        {"metric": name, "value": v, "target": t, "met": bool(math.isfinite(v) and v <= t)}
        for name, v, t in checks
    ]
    print_table(
        "Targets (arcticroute)",
        ["metric", "measured", "target", "met"],
        [
            [
                x["metric"],
                f"{x['value']:.3g}" if math.isfinite(x["value"]) else "n/a (failed)",
                f"{x['target']:g}",
                "yes" if x["met"] else "NO",
            ]
            for x in out
        ],
    )
    return out


# ---------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small smoke run (under a minute)")
    ap.add_argument("--seed", type=int, default=20240917, help="RNG seed for ports and pairs")
    ap.add_argument("--repeats", type=int, help="single-route repeats (default 200, quick 30)")
    ap.add_argument("--pairs", type=int, help="random port pairs (default 1000, quick 100)")
    ap.add_argument("--pool", type=int, help="ports to draw pairs from (default 400, quick 60)")
    ap.add_argument(
        "--max-approach-km",
        type=float,
        default=100.0,
        help="leave ports farther than this from the lane network out of the pool (0: keep all)",
    )
    ap.add_argument("--matrix", type=int, help="matrix size N for NxN (default 100, quick 30)")
    ap.add_argument(
        "--searoute-matrix", type=int, help="searoute subset k (kxk pairs; default 10, quick 4)"
    )
    ap.add_argument("--cli-runs", type=int, help="fresh CLI processes (default 10, quick 3)")
    ap.add_argument(
        "--geographs",
        type=Path,
        default=Path(os.environ.get("ARCTICROUTE_SCGRAPH_GEOGRAPHS", DEFAULT_GEOGRAPHS)),
        help="folder holding scgraph's marnet.graphjson (copied to a temp dir before use)",
    )
    ap.add_argument("--out", type=Path, help="JSON output (default benchmarks/results/...)")
    a = ap.parse_args(argv)
    a.repeats = a.repeats or (30 if a.quick else 200)
    a.pairs = a.pairs or (100 if a.quick else 1000)
    a.pool = a.pool or (60 if a.quick else 400)
    a.matrix = a.matrix or (30 if a.quick else 100)
    a.searoute_matrix = a.searoute_matrix or (4 if a.quick else 10)
    a.cli_runs = a.cli_runs or (3 if a.quick else 10)
    if a.matrix > a.pool:
        ap.error("--matrix must not exceed --pool")
    return a


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    params = ("quick", "repeats", "pairs", "pool", "max_approach_km", "matrix")
    meta = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "command": " ".join(["python benchmarks/bench_routing.py", *sys.argv[1:]]),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu": f"{cpu_model()} ({os.cpu_count()} CPUs)",
        "versions": {
            d: version(d) for d in ("arcticroute", "searoute", "scgraph", "numpy", "scipy")
        },
        "seed": args.seed,
        "speed_kn": SPEED_KN,
        "parameters": {k: getattr(args, k) for k in (*params, "searoute_matrix", "cli_runs")},
        "load_average_at_start": load_average(),
    }
    print("arcticroute routing benchmark")
    for k, v in meta.items():
        print(f"  {k}: {v}")
    results: dict[str, object] = {"meta": meta | {"targets": TARGETS}}
    sc = Scgraph(args.geographs)
    try:
        run(args, results, sc)
    finally:
        sc.close()
    results["meta"]["load_average_at_end"] = load_average()
    print(
        f"\nload average (1, 5, 15 min): {meta['load_average_at_start']} at start, "
        f"{results['meta']['load_average_at_end']} at end, on {os.cpu_count()} CPUs"
    )
    out = args.out or HERE / "results" / f"routing-{dt.date.today().isoformat()}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(jsonable(results), indent=1, ensure_ascii=False)
    out.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


def run(args: argparse.Namespace, results: dict[str, object], sc: Scgraph) -> None:
    rng = np.random.default_rng(args.seed)
    o, d = get_port(SINGLE_PAIR[0]), get_port(SINGLE_PAIR[1])
    t0 = time.perf_counter()
    load_network()
    for v in ("auto", *CORRIDORS):  # builds every corridor's graph once
        ar_route(o, d, v)
    ar_setup = time.perf_counter() - t0
    t0 = time.perf_counter()
    sr = Searoute()
    sr_import = time.perf_counter() - t0
    t0 = time.perf_counter()
    sr.route(o, d)
    sr_first = time.perf_counter() - t0
    t0 = time.perf_counter()
    sc.route(o, d)
    sc_first = time.perf_counter() - t0
    in_process = {
        "arcticroute_network_ports_and_corridor_graphs_s": ar_setup,
        "searoute_import_s": sr_import,
        "searoute_first_call_s": sr_first,
        "scgraph_load_geograph_s": sc.load_s,
        "scgraph_first_call_s": sc_first,
    }

    results["cold_start"] = section_cold(o, d, sc, in_process)
    results["single_route"] = section_single(o, d, sr, sc, args.repeats)

    t0 = time.perf_counter()
    pool, rejected = build_pool(args.pool, rng, sr, sc, args.max_approach_km)
    print(
        f"\n[pool: {len(pool)} catalogue ports with a UN/LOCODE, within "
        f"{args.max_approach_km:g} km of the lanes, routable by all three tools to {HUB}; "
        f"built in {time.perf_counter() - t0:.1f} s; passed over: {rejected or 'none'}]"
    )
    pairs = draw_pairs(pool, args.pairs, rng)
    res, ar_auto, runs = section_pairs(pairs, sr, sc, args.seed)
    results["random_pairs"] = res | {"pool_size": len(pool), "pool_passed_over": rejected}

    per_route = res["total_s"]["arcticroute"] / len(pairs)
    results["distance_matrix"] = section_matrix(
        pool[: args.matrix], sr, sc, args.searoute_matrix, rng, per_route
    )
    results["agreement_random_pairs"] = section_agreement(pairs, ar_auto, runs, sr)
    results["agreement_named_pairs"] = section_named(sr, sc)
    results["cli"] = section_cli(args.cli_runs)
    results["targets"] = section_targets(results)


if __name__ == "__main__":
    raise SystemExit(main())
