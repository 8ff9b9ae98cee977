"""The Yong Sheng voyage of August 2013 replayed on the observed ice.

COSCO's Yong Sheng left Dalian on 8 August 2013 and reached Rotterdam on
10 September through the NSR, the first Chinese merchant ship to do so. This
script reads what the voyage catalogue records of it, routes the preset whose
reference ship she is (19,000 dwt Arc4 multipurpose ship) on the observed sea
ice of those weeks (NSIDC CDR monthly fields; no climatology allowed), and
prints the verdict and the NSR zones next to what was reported.

Needs the observed ice: ARCTICROUTE_DATA_DIR must point at a folder holding
nsidc-g02202-v3-monthly-nh/ (see the Data page).
Run: ARCTICROUTE_DATA_DIR=... python docs/examples/yong_sheng_2013.py
"""

from __future__ import annotations

from arcticroute import IceOptions, compare, get_ship
from arcticroute.analysis.backtest import load_voyages, operating_speed_kn

SHIP = "multipurpose_19000dwt_arc4"


def record() -> dict[str, str]:
    """The catalogue row of the voyage (data/voyages.csv), as recorded."""
    return next(v.row for v in load_voyages() if v.id == "yong_sheng_2013")


def replay(rec: dict[str, str], speed_kn: float | None = None, corridors=("suez", "nsr")):
    """Suez and NSR from the recorded ports on the recorded departure, observed ice only,
    at the preset's design speed unless ``speed_kn`` is given."""
    return compare(
        rec["from_port"],
        rec["to_port"],
        ship=SHIP,
        speed_kn=speed_kn,
        corridors=list(corridors),
        date=rec["departure_date"],
        ice=IceOptions(climatology=False),
    )


def main() -> None:
    rec = record()
    c = replay(rec)
    nsr, suez = c.by_via("nsr"), c.by_via("suez")
    v = c.verdicts["nsr"]
    print("| | reported | arcticroute |")
    print("|---|---|---|")
    print(f"| departure | {rec['departure_date']} {rec['from_port']} | {v.departure:%Y-%m-%d} |")
    arrival = f"{v.arrival:%Y-%m-%d %H:%M} UTC" if v.arrival else "not feasible"
    print(f"| arrival | {rec['arrival_date']} {rec['to_port']} | {arrival} |")
    feasible = f"{'yes' if v.feasible else 'no'} ({v.ice_source} ice)"
    print(f"| NSR feasible | {rec['outcome']} | {feasible} |")
    zones = ", ".join(map(str, v.escort_zones)) or "none"
    print(f"| escort | {rec['escort']} | escorted in NSR zone(s) {zones} |")
    if nsr is not None:
        print(f"| distance, nm | {rec['distance_nm']} | {nsr.distance_nm:,.0f} |")
        print(f"| port to port, days | {rec['transit_days']} | {nsr.duration_h / 24:.1f} |")
        speed, _ = operating_speed_kn(get_ship(SHIP))
        slow = replay(rec, speed, corridors=("nsr",)).by_via("nsr")
        days = f"{slow.duration_h / 24:.1f}" if slow is not None else "not feasible"
        print(f"| port to port at {speed:.1f} kn (fleet operating speed), days | | {days} |")
    print(f"| Suez route, nm | | {suez.distance_nm:,.0f} |")
    for reason in v.reasons:
        print(f"\nNot feasible: {reason}")
    print(
        "\nNSR zones on the passage (times UTC; ice concentration along the path; "
        "thickness: the largest cell mean, concentration × thickness):\n"
    )
    print("| zone | entered | nm | hours | max ice % | mean ice % | thickness, m | escort |")
    print("|---|---|---:|---:|---:|---:|---:|---|")
    for z in v.zones:
        print(
            f"| {z.zone} {z.name} | {z.entered:%Y-%m-%d %H:%M} | {z.distance_nm:,.0f} "
            f"| {z.hours:.1f} | {100 * z.max_sic:.0f} | {100 * z.mean_sic:.0f} "
            f"| {z.max_thickness_m:.2f} | {'yes' if z.escort_needed else 'no'} |"
        )


if __name__ == "__main__":
    main()
