"""LNG from Sabetta and Hammerfest to Japan, Korea and China, month by month.

For the Arc7 LNG carrier preset (Yamalmax) leaving on the 15th of each month
of one year: is the NSR open, how long does it take, which NSR zones need an
icebreaker, and what does a cubic metre delivered cost against the Suez route
(fuel, charter, tolls or escort fees, EU ETS; the ship returns in ballast)?
Future dates are judged on the embedded 2008-2017 ice climatology (median).

Run: python docs/examples/lng_by_season.py   (prints Markdown tables)
"""

from __future__ import annotations

import datetime as dt

from arcticroute import NoRouteError, get_ship, route
from arcticroute.economics import EconomicsOptions, compare_economics

SHIP = "lng_arc7_yamalmax"
ORIGINS = ["Sabetta", "Hammerfest"]
DESTINATIONS = ["Kitakyushu", "Incheon", "Tianjin"]  # Japan, Korea, China
YEAR = 2027
MONTHS = range(1, 13)
COST_MONTHS = (1, 8)  # a winter and a summer departure
TRIP = "ballast_return"  # LNG carriers come back empty


def nsr_by_month(origin: str, destination: str) -> dict[int, object]:
    """Month -> the NSR route leaving on the 15th, or the reason it is closed."""
    out = {}
    for m in MONTHS:
        try:
            out[m] = route(origin, destination, via="nsr", ship=SHIP, date=dt.date(YEAR, m, 15))
        except NoRouteError as exc:  # ice or rules close the corridor
            out[m] = str(exc)
    return out


def cell(r) -> str:
    """Days at sea, with the escorted NSR zones; "closed" when ice or rules close the NSR."""
    if isinstance(r, str):
        return "closed"
    zones = r.ice.escort_zones
    return f"{r.duration_h / 24:.1f}" + (f" (e{','.join(map(str, zones))})" if zones else "")


def main() -> None:
    ship = get_ship(SHIP)
    table = {(o, d): nsr_by_month(o, d) for o in ORIGINS for d in DESTINATIONS}
    print(f"NSR days at sea leaving on the 15th of each month of {YEAR} ({ship.name});")
    print("(e3,4) = under icebreaker escort in NSR zones 3 and 4:\n")
    print("| leaving | " + " | ".join(f"{o} → {d}" for o, d in table) + " |")
    print("|---|" + "---:|" * len(table))
    for m in MONTHS:
        cells = " | ".join(cell(by_month[m]) for by_month in table.values())
        print(f"| {dt.date(YEAR, m, 15):%d %b} | {cells} |")

    print(
        "\nAgainst the Suez route (also through the ice of the date); costs of the voyage "
        "out laden and back in ballast, per m3 delivered:\n"
    )
    print("| from → to | month | Suez days | Suez USD/m3 | NSR days | NSR USD/m3 |")
    print("|---|---|---:|---:|---:|---:|")
    for (o, d), by_month in table.items():
        for m in COST_MONTHS:
            day = dt.date(YEAR, m, 15)
            opt = EconomicsOptions(date=day, trip=TRIP)
            suez = route(o, d, via="suez", ship=SHIP, date=day)
            routes = [suez] + ([] if isinstance(by_month[m], str) else [by_month[m]])
            usd = {
                via: e.per_unit_usd
                for via, (e, _) in compare_economics(routes, ship, opt).items()
                if e
            }
            nsr = f"{cell(by_month[m])} | {usd['nsr']:.2f}" if "nsr" in usd else "closed |"
            print(
                f"| {o} → {d} | {day:%b} | {suez.duration_h / 24:.1f} | {usd['suez']:.2f} | {nsr} |"
            )


if __name__ == "__main__":
    main()
