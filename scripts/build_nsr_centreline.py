"""Build the shipped NSR centre line with its tariff zones.

Input:  ``<shared>/nsr-shipping-model-inputs/`` (Waite et al., NSR_shipping_model,
        BSD-2-Clause, (c) 2025 Battelle Memorial Institute): the 36 sub-zone
        segments of the NSR centre line after Cheaitou et al. (2019)
        (``gridded_emissions_inputs/subzone_coordinates.csv``), their lengths
        (``inputs/distances/SubZoneDist.csv``), the sub-zone -> sea section map
        (``inputs/mappings/MapSubzoneNSRsecs.csv``) and the section -> zone map
        (``inputs/mappings/ZoneMap.csv``).
Output: ``src/arcticroute/data/nsr_centreline.csv``: one row per sub-zone
        with its end points, length (nm), section and the tariff zones
        (1..7, "|"-separated; the source maps the Laptev section to zones 3
        and 4 together; Pechora sub-zones have no zone: they lie west of the
        NSR water area).

Run: ``python scripts/build_nsr_centreline.py [--shared ../shared/data]``.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "arcticroute" / "data" / "nsr_centreline.csv"


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    src = args.shared / "nsr-shipping-model-inputs"
    coords = {
        int(r["subzone"]): r for r in read(src / "gridded_emissions_inputs/subzone_coordinates.csv")
    }
    dist = {r["sz"]: r["dist"] for r in read(src / "inputs/distances/SubZoneDist.csv")}
    section = {r["sz"]: r["section"] for r in read(src / "inputs/mappings/MapSubzoneNSRsecs.csv")}
    zones = {}
    for r in read(src / "inputs/mappings/ZoneMap.csv"):
        zones[r["section"]] = "|".join(str(i) for i in range(1, 8) if r[f"zone{i}"] == "Y")
    rows = []
    for k in range(1, 37):
        sz = f"sz{k}"
        c = coords[k]
        sec = section.get(sz, "")
        rows.append(
            {
                "subzone": sz,
                "lat_start": c["lat_start"],
                "lon_start": c["long_start"],
                "lat_end": c["lat_end"],
                "lon_end": c["long_end"],
                "length_nm": dist[sz],
                "section": sec,
                "zones": zones.get(sec, ""),
            }
        )
    tmp = args.out.with_suffix(".tmp")
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    tmp.replace(args.out)
    print(f"wrote {args.out}: {len(rows)} sub-zones")


if __name__ == "__main__":
    main()
