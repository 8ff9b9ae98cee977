"""Build the shipped land spill-over floor: the persistent false ice of coastal G02202 cells.

Input:  the G02202 v3 monthly cube (``g02202_v03r01_monthly_nh_198901-201712.nc``) of
        ``<shared>/nsidc-g02202-v3-monthly-nh``, read through
        ``arcticroute.ice.icedata.ice_field(source="g02202")`` (so
        ``ARCTICROUTE_DATA_DIR`` must point at the shared data folder).
Output: ``src/arcticroute/data/spillover_floor_psn25.npz`` (read by
        ``arcticroute.ice.spillover``):

* ``floor_pct``: uint8 (448, 304), row 0 north: the concentration (percent) a
  spill-over cell shows with no ice (the median of its Septembers); 0 elsewhere;
* ``years``: int32, the Septembers it was computed from;
* ``rule``: text, the rule below with its numbers.

Rule. A passive-microwave footprint straddling the coast sees warm land as ice:
cells near land show "ice" in every September, the ice-free ones included. A cell
is taken as spill-over when, over the Septembers ``YEARS`` (the shipped
climatology's years),

* its centre lies within ``NEAR_LAND_KM`` of a land, lake or coast cell (the
  product's mixed land-ocean cells; two cells: the
  footprint of the 19 GHz channel is about 70 x 45 km, the CDR ATBD's figure as
  the research notes give it is not confirmed here, so two 25 km cells are taken);
* its least September concentration is at least ``MIN_FLOOR`` (the 15 % extent
  threshold: below it the cell counts as open water anyway) and at most
  ``MAX_FLOOR`` (a cell that never falls below 80 % is pack ice, e.g. north of
  Greenland);
* its September concentration hardly changes between years: standard deviation at
  most ``MAX_STD`` (real ice comes and goes between 2012 and 2013; spill-over
  does not: Coronation Gulf 0.49-0.54, Chaun Bay 0.31-0.39, the Ob mouth 0.61-0.72,
  Peel Sound 0.52-0.62 in 2008-2017, while the NWP and the NSR were open in 2012).

Its floor is the median September concentration of those years (what it shows with
no ice, its year-to-year noise around it). Every number here
is the builder's choice, stated in ``rule`` and in data/README.md; the run-time
switch is the registry key ``spillover.correct``.

Run from the repo root:
``ARCTICROUTE_DATA_DIR=../shared/data python scripts/build_spillover_floor.py [--out FILE]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import warnings
from pathlib import Path

import numpy as np
from build_ice_defaults import write_npz  # same folder: one zip writer for the shipped npz
from scipy import ndimage

from arcticroute.ice import icedata

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "arcticroute" / "data" / "spillover_floor_psn25.npz"
YEARS = tuple(range(2008, 2018))
NEAR_LAND_KM = 50.0
MIN_FLOOR = 0.15
MAX_FLOOR = 0.80
MAX_STD = 0.05
CELL_KM = 25.0


def floor_fraction(septembers: np.ndarray, land: np.ndarray) -> np.ndarray:
    """Floor (fraction) of the spill-over cells of a (n_years, 448, 304) stack; 0 elsewhere.

    ``land``: cells holding land (land, lake and the product's mixed coast cells)."""
    with warnings.catch_warnings():  # land cells are NaN in every year
        warnings.simplefilter("ignore", RuntimeWarning)
        least = np.nanmin(septembers, axis=0)
        middle = np.nanmedian(septembers, axis=0)
        spread = np.nanstd(septembers, axis=0)
    near = ndimage.distance_transform_edt(~land) * CELL_KM <= NEAR_LAND_KM
    spill = near & ~land & (least >= MIN_FLOOR) & (least <= MAX_FLOOR) & (spread <= MAX_STD)
    return np.where(spill, middle, 0.0)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    fields = [icedata.ice_field(dt.date(y, 9, 15), source="g02202") for y in YEARS]
    stack = np.stack([np.asarray(f.sic, dtype=float) for f in fields])
    f = fields[0]
    land = np.asarray(f.land, bool) | np.asarray(f.lake, bool) | np.asarray(f.coast, bool)
    floor = floor_fraction(stack, land)
    rule = (
        f"Septembers {YEARS[0]}-{YEARS[-1]} of G02202 v3: within {NEAR_LAND_KM:g} km of land "
        "or coast, "
        f"least concentration {MIN_FLOOR:g}..{MAX_FLOOR:g}, standard deviation <= {MAX_STD:g}; "
        "floor = median concentration"
    )
    arrays = {
        "floor_pct": np.rint(floor * 100).astype(np.uint8),
        "years": np.array(YEARS, dtype=np.int32),
        "rule": np.array(rule),
    }
    write_npz(args.out, arrays)
    print(f"wrote {args.out}: {int((floor > 0).sum())} spill-over cells; {rule}")


if __name__ == "__main__":
    main()
