"""Sea-ice layer benchmark: cube load + regional extents, warm ice_for, daily-stack throughput.

Targets (issue "Sea-ice data layer"): the 1989-2017 monthly cube loaded and
regional extents computed for all 348 months in < 5 s with peak RSS < 1 GB;
``ice_for(date)`` warm < 10 ms; the throughput on the 2025 daily stack is
reported. Needs the shared data: ``--shared ../shared/data`` (default).

Run: ``python benchmarks/bench_seaice.py``. Each timing runs in a fresh
process so that peak RSS is the measured step's own.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

STEP = r"""
import datetime as dt, json, resource, statistics, sys, time
from pathlib import Path
shared = Path(sys.argv[2])
step = sys.argv[1]
from arcticroute import extent, icegrid, icedata, seaice
grid = icegrid.load_grid(shared / "nsidc-psn25-grid-ancillary/psn25_north_grid_ancillary.nc")
out = {}
if step == "cube":
    t0 = time.perf_counter()
    cube = "nsidc-g02202-v3-monthly-nh/g02202_v03r01_monthly_nh_198901-201712.nc"
    ds = seaice.read_g02202(shared / cube)
    regions = list(icegrid.REGION_MASKS["nsidc0780"])
    ext = extent.extent_km2(ds, grid, region=regions, max_unknown_fraction=0.01)
    out = {"seconds": time.perf_counter() - t0, "months": int(ds.sizes["time"]),
           "regions": len(regions)}
elif step == "ice_for":
    icedata.ice_for(dt.date(2030, 9, 15))
    ts = []
    for i in range(200):
        t0 = time.perf_counter()
        icedata.ice_for(dt.date(2030, 1 + i % 12, 15))
        ts.append(time.perf_counter() - t0)
    out = {"median_ms": 1e3 * statistics.median(ts), "max_ms": 1e3 * max(ts)}
elif step == "daily":
    t0 = time.perf_counter()
    daily = "nsidc-seaiceindex-daily-conc-2025/N_daily_concentration_v3.0_20250101-20250611.nc"
    ds = seaice.read_seaiceindex_netcdf(shared / daily)
    t1 = time.perf_counter()
    ext = extent.extent_km2(ds, grid, max_unknown_fraction=0.02)
    t2 = time.perf_counter()
    n = int(ds.sizes["time"])
    out = {"days": n, "read_s": t1 - t0, "extent_s": t2 - t1, "days_per_s": n / (t2 - t0)}
out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def run(step: str, shared: Path) -> dict:
    res = subprocess.run(
        [sys.executable, "-c", STEP, step, str(shared)], capture_output=True, text=True, check=True
    )
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data")
    args = ap.parse_args()
    cube = run("cube", args.shared)
    warm = run("ice_for", args.shared)
    daily = run("daily", args.shared)
    print(f"{'measure':58s} {'value':>12s} {'target':>10s}  met")
    rows = [
        (
            f"cube load + {cube['regions']} regional extents x {cube['months']} months (s)",
            cube["seconds"],
            5.0,
        ),
        ("  peak RSS of that step (MiB)", cube["peak_rss_mib"], 1024.0),
        ("ice_for(date) warm, embedded climatology, median (ms)", warm["median_ms"], 10.0),
    ]
    for name, value, target in rows:
        print(f"{name:58s} {value:12.2f} {target:10.1f}  {'yes' if value <= target else 'NO'}")
    print(
        f"{'daily 2025 stack: days read + total extent per second':58s} "
        f"{daily['days_per_s']:12.1f}   (read {daily['read_s']:.2f} s, extent "
        f"{daily['extent_s']:.2f} s for {daily['days']} days, {daily['peak_rss_mib']:.0f} MiB)"
    )


if __name__ == "__main__":
    main()
