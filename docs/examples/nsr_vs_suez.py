"""NSR against Suez from five Northeast Asian ports to Rotterdam and Hamburg.

Two questions: how much shorter is the NSR on the open-water shipping lanes
(the geometry behind the "6,000-8,000 km shorter" claim), and what is left of
the saving when the NSR is routed through the ice of a summer departure for
the default ship (4,500 TEU Arc4 container ship; ice from the embedded
2008-2017 climatology, as a future date has no observed ice).

Run: python docs/examples/nsr_vs_suez.py   (prints Markdown tables)
"""

from __future__ import annotations

from arcticroute import compare

ORIGINS = ["Shanghai", "Dalian", "Busan", "Yokohama", "Kitakyushu"]
DESTINATIONS = ["Rotterdam", "Hamburg"]
SUMMER_DEPARTURE = "2027-08-15"


def lane_rows() -> list[dict]:
    """Suez and NSR distances on the open-water lanes (no date: no ice)."""
    rows = []
    for o in ORIGINS:
        for d in DESTINATIONS:
            c = compare(o, d, corridors=["suez", "nsr"])
            suez, nsr = c.by_via("suez"), c.by_via("nsr")
            rows.append(
                {
                    "pair": f"{o} → {d}",
                    "suez_km": suez.distance_km,
                    "nsr_km": nsr.distance_km,
                    "saving_km": suez.distance_km - nsr.distance_km,
                    "saving_pct": c.saving_vs_suez(nsr)["distance_pct"],
                }
            )
    return rows


def ice_rows(date: str = SUMMER_DEPARTURE) -> list[dict]:
    """The same pairs on a departure date: the NSR through the ice of its passage."""
    rows = []
    for o in ORIGINS:
        for d in DESTINATIONS:
            c = compare(o, d, corridors=["suez", "nsr"], date=date)
            suez, nsr = c.by_via("suez"), c.by_via("nsr")
            row = {
                "pair": f"{o} → {d}",
                "suez_km": suez.distance_km,
                "suez_days": suez.duration_h / 24,
            }
            if nsr is None:  # ice or rules close it: say why
                row |= {"nsr_km": None, "nsr_days": None, "why": c.unavailable["nsr"]}
            else:
                row |= {
                    "nsr_km": nsr.distance_km,
                    "saving_km": suez.distance_km - nsr.distance_km,
                    "nsr_days": nsr.duration_h / 24,
                    "escorted_zones": ", ".join(map(str, nsr.ice.escort_zones)) or "none",
                    "saving_days": (suez.duration_h - nsr.duration_h) / 24,
                }
            rows.append(row)
    return rows


def span(rows: list[dict]) -> str:
    """The smallest and largest saving, with their pairs."""
    lo, hi = (f(rows, key=lambda r: r["saving_km"]) for f in (min, max))
    return f"{lo['saving_km']:,.0f} km ({lo['pair']}) to {hi['saving_km']:,.0f} km ({hi['pair']})"


def main() -> None:
    lanes = lane_rows()
    print("| pair | Suez km | NSR km | NSR shorter by km | by % |")
    print("|---|---:|---:|---:|---:|")
    for r in lanes:
        print(
            f"| {r['pair']} | {r['suez_km']:,.0f} | {r['nsr_km']:,.0f} "
            f"| {r['saving_km']:,.0f} | {r['saving_pct']:.1f} |"
        )
    print(f"\nOn the open-water lanes the NSR is {span(lanes)} shorter than the Suez route.\n")
    print(f"Departing {SUMMER_DEPARTURE}, NSR through the ice of the passage:\n")
    print("| pair | NSR km | shorter by km | NSR days | Suez days | days saved | zones escorted |")
    print("|---|---:|---:|---:|---:|---:|---|")
    rows = ice_rows()
    for r in rows:
        if r["nsr_km"] is None:
            print(f"| {r['pair']} | closed | | | {r['suez_days']:.1f} | | {r['why']} |")
            continue
        print(
            f"| {r['pair']} | {r['nsr_km']:,.0f} | {r['saving_km']:,.0f} | {r['nsr_days']:.1f} "
            f"| {r['suez_days']:.1f} | {r['saving_days']:.1f} | {r['escorted_zones']} |"
        )
    open_rows = [r for r in rows if r["nsr_km"] is not None]
    if open_rows:
        print(
            f"\nThrough the ice on {SUMMER_DEPARTURE} the NSR is {span(open_rows)} shorter than "
            f"the Suez route ({len(open_rows)} of {len(rows)} pairs open)."
        )


if __name__ == "__main__":
    main()
