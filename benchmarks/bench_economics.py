"""Economics benchmark: compare with costs for one port pair, and economics vectorised.

Targets (issue "Voyage economics and emissions"):
* ``compare`` for one port pair, all corridors, routing + economics: <= 300 ms warm;
* economics alone, vectorised over 100,000 routes: <= 1 s.

No peer tool computes voyage economics from PyPI (the research models are R and
MATLAB code), so this prints the times against the targets only.

Run: ``python benchmarks/bench_economics.py [--routes 100000] [--repeats 20]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time

import numpy as np

from arcticroute.economics import emissions, tariffs
from arcticroute.economics.costs import EconomicsOptions, compare_economics, cost_arrays
from arcticroute.geo.network import load_network
from arcticroute.routing.planner import compare
from arcticroute.vessel.ships import get_ship


def timed(fn, repeats: int) -> list[float]:
    out = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--routes", type=int, default=100_000)
    ap.add_argument("--repeats", type=int, default=20)
    args = ap.parse_args()

    ship = get_ship("container_4500teu_arc4")
    opts = EconomicsOptions(date=dt.date(2026, 9, 1))
    net = load_network()

    def one_compare(cold: bool) -> None:
        if cold:
            net.clear_tree_cache()
        c = compare("Shanghai", "Rotterdam", ship=ship)
        compare_economics(c.routes, ship, opts)

    one_compare(False)  # load data, import modules
    warm = timed(lambda: one_compare(False), args.repeats)
    cold = timed(lambda: one_compare(True), args.repeats)

    n = args.routes
    rng = np.random.default_rng(20261129)
    dist = rng.uniform(500, 15_000, n)
    speed = rng.uniform(10, 20, n)
    suez = rng.random(n) < 0.5
    zones = np.where(suez, 0, rng.integers(1, 8, n))
    months = rng.integers(1, 13, n)
    scope = rng.choice([0.0, 0.5, 1.0], n)

    def vectorised() -> None:
        toll = tariffs.suez_toll_usd(np.full(n, ship.scnt), str(ship.ship_type)).value * suez
        fee = tariffs.nsr_escort_fee_usd(np.full(n, ship.gt), ship.ice_class, zones, months).value
        cost_arrays(
            dist,
            speed,
            ship,
            canal_toll_usd=toll,
            icebreaker_fee_usd=fee,
            ets_year=2026,
            ets_scope_share=scope,
        )
        emissions.ets_scope_share(np.full(n, "CN"), np.full(n, "NL"))

    vectorised()
    vec = timed(vectorised, max(3, args.repeats // 4))

    rows = [
        ("compare Shanghai-Rotterdam + economics, warm (median)", statistics.median(warm), 0.300),
        ("  same, shortest-path trees not cached (median)", statistics.median(cold), 0.300),
        (f"economics vectorised over {n:,} routes (median)", statistics.median(vec), 1.0),
    ]
    print(f"{'measure':60s} {'seconds':>10s} {'target':>8s}  met")
    for name, t, target in rows:
        print(f"{name:60s} {t:10.4f} {target:8.3f}  {'yes' if t <= target else 'NO'}")


if __name__ == "__main__":
    main()
