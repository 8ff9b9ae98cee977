"""Build the shipped land polygons used for maps and the on-land check.

Input:  ``<shared>/natural-earth/50m/ne_50m_land.json`` (Natural Earth 1:50m
        land, public domain).
Output: ``src/arcticroute/data/land_50m.wkb.gz``: one MultiPolygon as
        gzip-compressed WKB, simplified with a 0.01° tolerance
        (about 1 km; topology preserved) to keep the package small.

Run: ``python scripts/build_basemap.py [--shared ../shared/data]``.
"""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

import shapely
from shapely.geometry import MultiPolygon, shape

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "arcticroute" / "data" / "land_50m.wkb.gz"
TOLERANCE_DEG = 0.01


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    feats = json.loads((args.shared / "natural-earth/50m/ne_50m_land.json").read_text())
    polys = []
    for f in feats["features"]:
        g = shape(f["geometry"]).simplify(TOLERANCE_DEG, preserve_topology=True)
        polys.extend(g.geoms if g.geom_type == "MultiPolygon" else [g])
    land = MultiPolygon([p for p in polys if not p.is_empty])
    wkb = shapely.to_wkb(land)
    tmp = args.out.with_suffix(".tmp")
    # mtime=0 keeps the file byte-identical between runs
    with gzip.GzipFile(tmp, "wb", compresslevel=9, mtime=0) as fh:
        fh.write(wkb)
    tmp.replace(args.out)
    n = shapely.get_num_coordinates(land)
    print(
        f"wrote {args.out}: {len(land.geoms)} polygons, {n} vertices, "
        f"{args.out.stat().st_size / 1e3:.0f} kB"
    )


if __name__ == "__main__":
    main()
