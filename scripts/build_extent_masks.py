"""Build the shipped monthly sea-ice extent masks from the Sea Ice Index extent polygons.

Input:  ``<shared>/nsidc-seaiceindex-monthly-extent-polygons/N-YYYY-MM.geojson``: the
        NSIDC Sea Ice Index (G02135 v3) monthly 15 % extent outlines (Fetterer et al.
        2017, doi:10.7265/N5K072F8), as GeoJSON in lon/lat (SOURCE.md there): every
        September 1979-2022, every month of 2013 and 2018-01 .. 2023-02.
Output: ``src/arcticroute/data/ice_extent_masks_psn25.npz`` (see
        ``arcticroute.ice.extentfield``):

* ``months``: int32 (n,), YYYYMM of each mask;
* ``masks``: uint8 (n, 448 * 304 / 8), ``np.packbits`` of a bool (448, 304) psn25
  grid per month, row 0 north: True where the cell centre lies inside the month's
  extent polygons;
* ``source``: the input folder name.

Method: each polygon is projected to the psn25 grid's polar stereographic CRS
(EPSG:3411, ``arcticroute.ice.icegrid.PSN25_PROJ4``), repaired with
``shapely.make_valid`` (the pack polygon is cut at +-180 deg and holds the pole,
as SOURCE.md warns), and cell centres are tested with ``shapely.contains_xy``.
Land cells are left as the polygons make them; the reader masks land.

Written by ``build_ice_defaults.write_npz`` (fixed zip timestamps, so a rebuild is
byte-identical; temporary name renamed into place).

Run from the repo root: ``python scripts/build_extent_masks.py [--shared DIR] [--out FILE]``.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import numpy as np
import shapely
from build_ice_defaults import write_npz  # same folder: one zip writer for the shipped npz
from pyproj import Transformer

from arcticroute.ice import icegrid

REPO = Path(__file__).resolve().parents[1]
FOLDER = "nsidc-seaiceindex-monthly-extent-polygons"
OUT = REPO / "src" / "arcticroute" / "data" / "ice_extent_masks_psn25.npz"
_NAME = re.compile(r"N-(\d{4})-(\d{2})\.geojson\Z")


def month_mask(path: Path, to_xy: Transformer, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Bool psn25 mask of the cells whose centre lies inside the file's polygons."""
    features = json.loads(path.read_text("utf-8"))["features"]
    geoms = []
    for f in features:
        g = shapely.geometry.shape(f["geometry"])
        g = shapely.transform(g, lambda c: np.column_stack(to_xy.transform(c[:, 0], c[:, 1])))
        geoms.append(shapely.make_valid(g))
    union = shapely.union_all(geoms)
    xx, yy = np.meshgrid(x, y)
    return shapely.contains_xy(union, xx, yy)


def build(shared: Path) -> dict[str, np.ndarray]:
    to_xy = Transformer.from_crs("EPSG:4326", icegrid.PSN25_PROJ4, always_xy=True)
    x, y = icegrid.psn25_xy_m()
    months, masks = [], []
    for path in sorted((shared / FOLDER).glob("N-*.geojson")):
        m = _NAME.match(path.name)
        if m is None:
            continue
        months.append(int(m.group(1)) * 100 + int(m.group(2)))
        masks.append(np.packbits(month_mask(path, to_xy, x, y).ravel()))
    return {
        "months": np.array(months, dtype=np.int32),
        "masks": np.stack(masks).astype(np.uint8),
        "source": np.array(FOLDER),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    arrays = build(args.shared)
    write_npz(args.out, arrays)
    print(f"wrote {args.out}: {len(arrays['months'])} months, {args.out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
