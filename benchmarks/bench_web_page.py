"""Web page benchmark (issue 16): the page as a person meets it, in headless Chromium.

Run from the repository root (Playwright for Python and Debian's ``chromium``)::

    python benchmarks/bench_web_page.py             # 7 runs per measurement
    python benchmarks/bench_web_page.py --runs 3    # quicker

What it does, against ``arcticroute serve`` started in a subprocess on 127.0.0.1
(a free port, default limits, the server's own warm-up awaited through
``/api/land``, ``/api/nsr-zones`` and one comparison):

1. **page usable** at 1440x900 and at 390x844: time from navigation to the form
   filled with the ship presets, the language catalogue applied and the map
   drawn with its coastline, in a fresh browser context each run (no browser
   cache);
2. **compare -> routes on the map**: the time from "Compare routes" to the
   routes drawn, for a departure date the server has not seen (uncached: a full
   ice-aware comparison and the ice layer of the date; departures 3 days apart
   in June, then one in each month of 2027, so the server also prepares a new
   ice field) and for one it has (cached), each in a fresh context;
3. **phone layout** at 390x844 after a comparison: the sideways scroll (px), the
   WCAG 2.1 AA text-contrast violations (``tests/web/wcag_contrast.js``) and the
   axe-core violations of serious or critical impact (axe-playwright-python);
4. **catalogue coverage**: the share of the English catalogue's keys present in
   each of the five languages.

It prints each measurement beside the issue's target and writes every number to
``benchmarks/results/web-page-<date>.json``. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from common import print_table, version

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
STATIC = REPO / "src/arcticroute/web/static"
CONTRAST_JS = "\n".join(
    line
    for line in (REPO / "tests/web/wcag_contrast.js").read_text("utf-8").splitlines()
    if not line.startswith("//")
)
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
LANGS = ("en", "zh-Hans", "ja", "ko", "ru")
TARGETS = {
    "usable_s": 1.0,
    "cached_s": 0.5,
    "uncached_s": 3.0,
    "scroll_px": 0,
    "contrast_violations": 0,
    "axe_serious_critical": 0,
    "catalogue_pct": 100.0,
}
"""The issue's targets: medians for times."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    code = "import typer; from arcticroute.cli.serve import serve_command; typer.run(serve_command)"
    return subprocess.Popen(
        [sys.executable, "-c", code, "--port", str(port), "--log-level", "warning"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_warm(base: str, timeout_s: float = 120.0) -> float:
    """Seconds until the server answers the page's layers and one comparison."""
    import httpx

    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout_s:
        try:
            if httpx.get(base + "/api/health", timeout=1.0).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    for path in ("/api/land", "/api/nsr-zones", "/api/map-style", "/api/ships"):
        httpx.get(base + path, timeout=60.0)
    q = {"from": "Shanghai", "to": "Rotterdam", "date": "2026-08-01"}
    httpx.get(base + "/api/compare", params=q, timeout=120.0)
    return time.perf_counter() - t0


def page_usable(browser, base: str, width: int, height: int) -> float:
    ctx = browser.new_context(viewport={"width": width, "height": height})
    pg = ctx.new_page()
    t0 = time.perf_counter()
    pg.goto(base + "/")
    pg.wait_for_selector("#map[data-land=drawn]", timeout=30_000)
    pg.wait_for_selector("#ship option[value=container_4500teu_arc4]", state="attached")
    pg.wait_for_selector("html[data-lang-ready]", state="attached")
    dt_s = time.perf_counter() - t0
    ctx.close()
    return dt_s


def compare_to_routes(browser, base: str, day: str) -> float:
    ctx = browser.new_context(viewport={"width": 1440, "height": 900})
    pg = ctx.new_page()
    pg.goto(base + "/")
    pg.wait_for_selector("#map[data-land=drawn]", timeout=30_000)
    pg.wait_for_selector("#ship option[value=container_4500teu_arc4]", state="attached")
    pg.fill("#date", day)
    t0 = time.perf_counter()
    pg.click("#submit")
    pg.wait_for_selector("#map path.ar-route[data-via=suez]", timeout=120_000)
    dt_s = time.perf_counter() - t0
    ctx.close()
    return dt_s


def phone_layout(browser, base: str) -> dict[str, Any]:
    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    pg = ctx.new_page()
    pg.goto(base + "/?from=Shanghai&to=Rotterdam&date=2026-09-01")
    pg.wait_for_selector("#map path.ar-route[data-via=nsr]", timeout=120_000)
    pg.wait_for_selector("#season-svg", timeout=120_000)
    scroll = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    contrast = pg.evaluate(CONTRAST_JS)
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe().run(pg).response
    map_w = pg.locator("#map").bounding_box()["width"]
    ctx.close()
    return {
        "scroll_px": max(0, scroll),
        "contrast_checked": contrast["checked"],
        "contrast_violations": contrast["bad"],
        "axe_version": axe["testEngine"]["version"],
        "axe_rules_passed": len(axe["passes"]),
        "axe_violations": [(v["id"], v["impact"]) for v in axe["violations"]],
        "map_width_fraction": map_w / 390,
    }


def catalogue_coverage() -> dict[str, float]:
    keys = set(json.loads((STATIC / "i18n/en.json").read_text("utf-8")))
    out = {}
    for lang in LANGS:
        cat = json.loads((STATIC / f"i18n/{lang}.json").read_text("utf-8"))
        out[lang] = 100.0 * len(keys & {k for k, v in cat.items() if v.strip()}) / len(keys)
    return out


def measure(base: str, runs: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        usable = {
            f"{w}": [page_usable(b, base, w, h) for _ in range(runs)]
            for w, h in ((1440, 900), (390, 844))
        }
        first = dt.date(2026, 6, 2)
        days = [(first + dt.timedelta(days=3 * k)).isoformat() for k in range(runs)]
        uncached = [compare_to_routes(b, base, d) for d in days]
        # a month not asked before each time: the server reads and prepares a new ice field
        months = [dt.date(2027, 1 + k % 12, 10).isoformat() for k in range(runs)]
        new_month = [compare_to_routes(b, base, d) for d in months]
        cached = [compare_to_routes(b, base, days[0]) for _ in range(runs)]
        phone = phone_layout(b, base)
        b.close()
    return {
        "usable_s": usable,
        "uncached_s": uncached,
        "uncached_new_month_s": new_month,
        "cached_s": cached,
        "phone": phone,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--runs", type=int, default=7, help="runs per measurement (7)")
    ap.add_argument("--out", type=Path, help="JSON output (default benchmarks/results/...)")
    args = ap.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"skipped: no Chromium at {CHROMIUM} (apt-get install -y chromium)")
        return 0
    meta = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "versions": {d: version(d) for d in ("arcticroute", "fastapi", "playwright")},
        "runs": args.runs,
        "load_average_at_start": os.getloadavg(),
    }
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_server(port)
    try:
        meta["server_warm_s"] = wait_warm(base)
        res = measure(base, args.runs)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    res["catalogue_pct"] = catalogue_coverage()
    med = statistics.median
    rows = [
        ("page usable, 1440 px, median s", med(res["usable_s"]["1440"]), TARGETS["usable_s"]),
        ("page usable, 390 px, median s", med(res["usable_s"]["390"]), TARGETS["usable_s"]),
        ("compare -> routes, cached, median s", med(res["cached_s"]), TARGETS["cached_s"]),
        ("compare -> routes, uncached, median s", med(res["uncached_s"]), TARGETS["uncached_s"]),
        (
            "  ... uncached, new ice month, median s",
            med(res["uncached_new_month_s"]),
            TARGETS["uncached_s"],
        ),
        ("sideways scroll at 390 px, px", res["phone"]["scroll_px"], TARGETS["scroll_px"]),
        (
            "contrast violations at 390 px",
            len(res["phone"]["contrast_violations"]),
            TARGETS["contrast_violations"],
        ),
        (
            "axe-core serious/critical violations at 390 px",
            sum(i in ("serious", "critical") for _, i in res["phone"]["axe_violations"]),
            TARGETS["axe_serious_critical"],
        ),
        ("catalogue keys, worst language, %", min(res["catalogue_pct"].values()), 100.0),
    ]
    table = []
    for name, v, t in rows:
        met = v >= t if name.startswith("catalogue") else v <= t
        shown = f"{v:.3f}" if isinstance(v, float) else v
        table.append((name, shown, t, "met" if met else "NOT met"))
    print_table("Web page (issue 16): measured vs target", ["", "measured", "target", ""], table)
    times = {k: res[k] for k in ("usable_s", "cached_s", "uncached_s", "uncached_new_month_s")}
    print(f"  all times (s): {json.dumps(times)}")
    print(f"  load average at start: {meta['load_average_at_start']}")
    print(f"  map width at 390 px: {res['phone']['map_width_fraction']:.0%} of the viewport")
    meta["load_average_at_end"] = os.getloadavg()
    out = args.out or HERE / "results" / f"web-page-{dt.date.today().isoformat()}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"meta": meta, "targets": TARGETS, **res}, indent=2))
    print(f"\nwritten: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
