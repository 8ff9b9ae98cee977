"""Web app benchmark: ``arcticroute serve`` under 50 concurrent clients, and page load time.

Run from the repository root (the ``dev`` extra installs httpx and playwright;
the page timing needs Debian's ``chromium``)::

    python benchmarks/bench_web.py            # full run: 120 cold solves, then 60 s of load
    python benchmarks/bench_web.py --quick    # smoke run: 5 requests to warm, 15 s of load

What it does, in order:

1. starts the server in a subprocess on 127.0.0.1 (a free port, default limits);
2. **pre-warm** (documented, part of the measurement): requests every one of
   the 120 comparisons of the mix once, one at a time, and reports these cold
   latencies (each is a full ice-aware ``compare``: lanes, 4 Arctic variants
   through the ice of the date, economics);
3. **load**: ``--clients`` (50) concurrent clients (httpx AsyncClient, one
   process, ``Accept-Encoding: gzip`` as a browser sends it), each from its
   own loopback address 127.0.0.(10+k) as 50 machines would be (the server
   caps connections and solves per address), ask for ``/api/compare`` over
   the mix of 20 port pairs x 3 dates x 2 ships, chosen at random (seeded),
   for ``--seconds`` (60): p50/p90/p99/max latency, errors by status and
   code (503 ``busy`` is documented, anything else counts), throughput, and
   the server's resident memory before and after. After pre-warm every
   answer comes from the server's LRU cache;
4. checks the server still answers afterwards: ``/api/health`` and one new,
   uncached comparison;
5. **page usable**: headless Chromium (Playwright, ``/usr/bin/chromium``) loads
   ``/`` in a fresh context, ``--page-runs`` times: time from navigation to the
   form filled with the ship presets and the map drawn with its coastline; and
   the time from "Compare routes" to the routes on the map (cached answer).

Clients and server share the machine (2 cores here), so the client's own
work (asyncio, gzip, HTTP parsing) is inside the latencies. It prints a table
per step, the issue's targets beside the measurements, and writes every number
to ``benchmarks/results/web-<date>.json``. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAIRS = (
    ("Shanghai", "Rotterdam"),
    ("Busan", "Hamburg"),
    ("Yokohama", "Rotterdam"),
    ("Dalian", "Rotterdam"),
    ("Tianjin", "Hamburg"),
    ("Qingdao", "Antwerp"),
    ("Kaohsiung", "Rotterdam"),
    ("Hong Kong", "Felixstowe"),
    ("Ningbo", "Le Havre"),
    ("Tokyo", "Gdansk"),
    ("Shanghai", "St Petersburg"),
    ("Busan", "Sabetta"),
    ("Yokohama", "Murmansk"),
    ("Dalian", "Gothenburg"),
    ("Xiamen", "Bremerhaven"),
    ("Incheon", "Antwerp"),
    ("Tianjin", "Oslo"),
    ("Vladivostok", "Rotterdam"),
    ("Shanghai", "New York"),
    ("Busan", "Halifax"),
)
"""Northeast Asia to Europe and the North Atlantic, where the Arctic routes compete."""
DATES = ("2026-07-15", "2026-08-15", "2026-09-15")
SHIPS = ("container_4500teu_arc4", "lng_arc7_yamalmax")
TARGETS = {"p99_s": 1.0, "errors": 0, "page_usable_s": 2.0, "memory_growth": 0.10}
"""Targets from the issue; printed beside the measurements, never asserted."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(port: int) -> subprocess.Popen:
    code = "import typer; from arcticroute.cli.serve import serve_command; typer.run(serve_command)"
    return subprocess.Popen(
        [sys.executable, "-c", code, "--port", str(port), "--log-level", "warning"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_ready(base: str, proc: subprocess.Popen, timeout_s: float = 60.0) -> float:
    import httpx

    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout_s:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.stderr.read() if proc.stderr else ''}")
        try:
            if httpx.get(base + "/api/health", timeout=1.0).status_code == 200:
                return time.perf_counter() - t0
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"server not ready after {timeout_s:g} s")


def _quantiles(xs: list[float]) -> dict[str, float | None]:
    if not xs:
        return {"n": 0, "p50": None, "p90": None, "p99": None, "max": None, "mean": None}
    s = sorted(xs)

    def q(p: float) -> float:
        return s[min(len(s) - 1, max(0, round(p * (len(s) - 1))))]

    return {
        "n": len(s),
        "p50": q(0.50),
        "p90": q(0.90),
        "p99": q(0.99),
        "max": s[-1],
        "mean": statistics.fmean(s),
    }


def _params(combo: tuple) -> dict[str, str]:
    (frm, to), date, ship = combo
    return {"from": frm, "to": to, "date": date, "ship": ship}


def _mix(args: argparse.Namespace) -> list[tuple]:
    pairs = PAIRS[: 5 if args.quick else len(PAIRS)]
    dates = DATES[1:2] if args.quick else DATES
    ships = SHIPS[:1] if args.quick else SHIPS
    return [(p, d, s) for p in pairs for d in dates for s in ships]


def prewarm(base: str, mix: list[tuple]) -> dict[str, Any]:
    import httpx

    lat, status = [], Counter()
    t0 = time.perf_counter()
    with httpx.Client(base_url=base, timeout=120.0) as c:
        for combo in mix:
            t = time.perf_counter()
            r = c.get("/api/compare", params=_params(combo))
            lat.append(time.perf_counter() - t)
            status[r.status_code] += 1
    out = {
        "requests": len(mix),
        "total_s": time.perf_counter() - t0,
        "status": dict(status),
        "latency_s": _quantiles(lat),
    }
    q = out["latency_s"]
    print(
        f"\n[pre-warm: {len(mix)} cold comparisons, one at a time]\n"
        f"  total {out['total_s']:.1f} s; cold latency p50 {q['p50']:.2f} s, p90 {q['p90']:.2f} s, "
        f"max {q['max']:.2f} s; status {dict(status)}"
    )
    return out


async def _load(base: str, mix: list[tuple], clients: int, seconds: float, seed: int) -> dict:
    import httpx

    rng = random.Random(seed)
    lat: list[float] = []
    status: Counter = Counter()
    errors: Counter = Counter()
    deadline = time.perf_counter() + seconds
    busy = Counter()

    async def client(k: int) -> None:
        local = random.Random(rng.random() + k)
        transport = httpx.AsyncHTTPTransport(local_address=f"127.0.0.{10 + k % 240}")
        async with httpx.AsyncClient(
            base_url=base, timeout=30.0, transport=transport, headers={"Accept-Encoding": "gzip"}
        ) as c:
            while time.perf_counter() < deadline:
                combo = local.choice(mix)
                t = time.perf_counter()
                try:
                    r = await c.get("/api/compare", params=_params(combo))
                    await r.aread()
                except httpx.HTTPError as exc:
                    errors[type(exc).__name__] += 1
                    continue
                lat.append(time.perf_counter() - t)
                status[r.status_code] += 1
                if r.status_code != 200:
                    is_json = "json" in r.headers.get("content-type", "")
                    code = r.json().get("error") if is_json else ""
                    (busy if code == "busy" else errors)[f"HTTP {r.status_code} {code}"] += 1

    t0 = time.perf_counter()
    await asyncio.gather(*(client(k) for k in range(clients)))
    elapsed = time.perf_counter() - t0
    return {
        "clients": clients,
        "seconds": elapsed,
        "requests": len(lat) + sum(v for k, v in errors.items() if not k.startswith("HTTP")),
        "throughput_rps": len(lat) / elapsed,
        "status": dict(status),
        "errors": dict(errors),
        "error_count": sum(errors.values()),
        "busy_503": dict(busy),
        "latency_s": _quantiles(lat),
    }


def rss_mb(pid: int) -> float | None:
    """Resident memory of a process, MB (None without psutil)."""
    try:
        import psutil
    except ImportError:
        return None
    return psutil.Process(pid).memory_info().rss / 1e6


def load(base: str, mix: list[tuple], args: argparse.Namespace, pid: int) -> dict[str, Any]:
    before = rss_mb(pid)
    out = asyncio.run(_load(base, mix, args.clients, args.seconds, args.seed))
    out["rss_mb"] = {"before": before, "after": rss_mb(pid)}
    if before:
        out["rss_mb"]["growth"] = out["rss_mb"]["after"] / before - 1
    q = out["latency_s"]
    print(
        f"\n[load: {args.clients} concurrent clients, {len(mix)} comparisons mixed, "
        f"{out['seconds']:.0f} s]"
    )
    print(f"  {'requests':>10} {'req/s':>8} {'errors':>7} {'p50 ms':>8} {'p90 ms':>8} "
          f"{'p99 ms':>8} {'max ms':>8}")  # fmt: skip
    print(
        f"  {out['requests']:>10} {out['throughput_rps']:>8.0f} {out['error_count']:>7} "
        f"{q['p50'] * 1e3:>8.1f} {q['p90'] * 1e3:>8.1f} {q['p99'] * 1e3:>8.1f} "
        f"{q['max'] * 1e3:>8.1f}"
    )
    if out["errors"]:
        print(f"  errors: {out['errors']}")
    if out["busy_503"]:
        print(f"  documented 503 busy: {out['busy_503']}")
    m = out["rss_mb"]
    if m["before"] is not None:
        print(f"  server memory: {m['before']:.0f} MB before, {m['after']:.0f} MB after "
              f"({100 * m['growth']:+.1f} %)")  # fmt: skip
    return out


def afterwards(base: str) -> dict[str, Any]:
    import httpx

    with httpx.Client(base_url=base, timeout=120.0) as c:
        health = c.get("/api/health")
        t = time.perf_counter()
        r = c.get(
            "/api/compare",
            params={"from": "Busan", "to": "Rotterdam", "date": "2026-08-20", "ship": SHIPS[0]},
        )
        new_s = time.perf_counter() - t
    out = {
        "health_status": health.status_code,
        "pool": health.json().get("pool") if health.status_code == 200 else None,
        "new_compare_status": r.status_code,
        "new_compare_s": new_s,
    }
    print(
        f"\n[afterwards] /api/health {out['health_status']}; a new (uncached) comparison: "
        f"HTTP {out['new_compare_status']} in {new_s:.2f} s; pool counters {out['pool']}"
    )
    return out


def page(base: str, runs: int) -> dict[str, Any]:
    if not CHROMIUM.exists():
        print(f"\n[page] skipped: no Chromium at {CHROMIUM} (apt-get install -y chromium)")
        return {"skipped": f"no {CHROMIUM}"}
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("\n[page] skipped: playwright (Python) not installed")
        return {"skipped": "playwright not installed"}
    usable, routes = [], []
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for _ in range(runs):
            ctx = b.new_context(viewport={"width": 1400, "height": 1000})
            pg = ctx.new_page()
            t0 = time.perf_counter()
            pg.goto(base + "/")
            pg.wait_for_selector("#map[data-land=drawn]", timeout=30_000)
            pg.wait_for_selector(f"#ship option[value={SHIPS[0]}]", state="attached")
            usable.append(time.perf_counter() - t0)
            pg.fill("#date", "2026-09-15")
            t1 = time.perf_counter()
            pg.click("#submit")
            pg.wait_for_selector("#map path.ar-route[data-via=nsr]", timeout=60_000)
            routes.append(time.perf_counter() - t1)
            ctx.close()
        b.close()
    out = {
        "runs": runs,
        "usable_s": _quantiles(usable),
        "compare_to_routes_s": _quantiles(routes),
        "usable_all_s": usable,
    }
    print(
        f"\n[page: {runs} loads in fresh browser contexts]\n"
        f"  navigation -> form and map with coastline: median {statistics.median(usable):.2f} s, "
        f"max {max(usable):.2f} s\n"
        f"  'Compare routes' -> routes on the map (Shanghai -> Rotterdam, cached after the "
        f"first): median {statistics.median(routes):.2f} s, max {max(routes):.2f} s"
    )
    return out


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smoke run: 5 comparisons, 15 s")
    ap.add_argument("--clients", type=int, default=50, help="concurrent clients (50)")
    ap.add_argument("--seconds", type=float, help="load duration, s (60; quick 15)")
    ap.add_argument("--page-runs", type=int, help="page loads timed (5; quick 2)")
    ap.add_argument("--seed", type=int, default=7, help="random seed of the request mix")
    ap.add_argument("--out", type=Path, help="JSON output (default benchmarks/results/...)")
    args = ap.parse_args(argv)
    args.seconds = args.seconds or (15.0 if args.quick else 60.0)
    args.page_runs = args.page_runs or (2 if args.quick else 5)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    mix = _mix(args)
    meta = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "command": " ".join(["python benchmarks/bench_web.py", *sys.argv[1:]]),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "versions": {d: _version(d) for d in ("arcticroute", "fastapi", "uvicorn", "httpx")},
        "mix": {"pairs": len({c[0] for c in mix}), "dates": sorted({c[1] for c in mix}),
                "ships": sorted({c[2] for c in mix}), "comparisons": len(mix)},
        "clients": args.clients,
        "seconds": args.seconds,
        "load_average_at_start": os.getloadavg(),
        "targets": TARGETS,
    }  # fmt: skip
    print("arcticroute web benchmark (server and clients on this machine)")
    for k, v in meta.items():
        print(f"  {k}: {v}")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = _start_server(port)
    results: dict[str, Any] = {"meta": meta}
    try:
        results["server_ready_s"] = _wait_ready(base, proc)
        print(f"\nserver ready in {results['server_ready_s']:.1f} s at {base}")
        results["prewarm"] = prewarm(base, mix)
        results["load"] = load(base, mix, args, proc.pid)
        results["afterwards"] = afterwards(base)
        results["page"] = page(base, args.page_runs)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    ld, pg = results["load"], results["page"]
    usable = None if "skipped" in pg else pg["usable_s"]["max"]
    rows = [
        ("p99 latency under load, s", ld["latency_s"]["p99"], TARGETS["p99_s"]),
        ("errors under load", ld["error_count"], TARGETS["errors"]),
        ("server memory growth, fraction", ld["rss_mb"].get("growth"), TARGETS["memory_growth"]),
        ("page usable (worst of runs), s", usable, TARGETS["page_usable_s"]),
    ]
    results["targets"] = {
        name: {"measured": v, "target": t, "met": None if v is None else v <= t}
        for name, v, t in rows
    }
    results["meta"]["load_average_at_end"] = os.getloadavg()
    print("\nTargets (issue): measured vs target")
    for name, v, t in rows:
        shown = "skipped" if v is None else (f"{v:.3f}" if isinstance(v, float) else str(v))
        verdict = "" if v is None else ("met" if v <= t else "NOT met")
        print(f"  {name:<34} {shown:>10}  target <= {t}  {verdict}")
    print(
        "\nNotes: the load phase runs after the documented pre-warm, so it measures the cached "
        "path; the pre-warm table is the cold path. Server and clients share "
        f"{os.cpu_count()} CPUs."
    )
    out = args.out or HERE / "results" / f"web-{dt.date.today().isoformat()}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
