"""Build the shipped sea-ice defaults: a monthly climatology and the psn25 grid.

Input:  ``<shared>/nsidc-g02202-v3-monthly-nh/g02202_v03r01_monthly_nh_198901-201712.nc``
        (NOAA/NSIDC CDR of passive microwave sea-ice concentration, G02202 v3r01,
        doi:10.7265/N59P2ZTG; read with ``seaice.read_g02202``) and
        ``<shared>/nsidc-psn25-grid-ancillary/psn25_north_grid_ancillary.nc``
        (NSIDC-0771 cell area and lat/lon, NSIDC-0780 regions, ``region_n.msk``;
        read with ``icegrid.load_grid``).
Output: ``src/arcticroute/data/ice_defaults_psn25.npz`` (see ``arcticroute.ice.icedata``).

Contents (all on psn25, 448 x 304, row 0 north):

* ``sic_median_pct``, ``sic_p10_pct``, ``sic_p90_pct``: uint8 (12, 448, 304), per
  calendar month (index 0 = January) the median, 10th and 90th percentile of the
  CDR concentration over ``--years`` (default 2008-2017, the last ten years of the
  cube, all F17 SSMIS), from ``icedata.climatology`` (linear interpolation
  between order statistics), rounded to whole percent (numpy ``rint``, half to
  even); **255 = unknown**: land, coast, lake, pole hole, or a cell that is NaN in
  more than half of the years.
* ``land``, ``coast``, ``lake``: bool masks of the cube; ``pole_hole``: bool, the
  pole hole of the latest sensor (last month of the cube, F17: 44 cells).
* ``x``, ``y``: cell centres, m (float64, EPSG:3411); ``lat``, ``lon``: degrees,
  float32; ``cell_area_km2``: true cell area, km², float32; ``region``,
  ``region_filled``, ``region_n_msk``: uint8 region codes (NSIDC-0780 and the
  classic mask, as ``icegrid.load_grid``); ``region_names``/``region_codes``:
  the NSIDC-0780 table of ``icegrid.REGION_MASKS``.
* ``years`` (int16), ``product``, ``version``, ``source_files`` (input file names).

The zip members carry a fixed timestamp (1980-01-01) instead of the current
time that ``np.savez_compressed`` stamps, so a rebuild is byte-identical; the
members are ordinary ``.npy`` files (``np.load`` reads the file). The file is
written to a temporary name and renamed into place.

Run from the repo root: ``python scripts/build_ice_defaults.py [--shared DIR] [--out FILE]``.
"""

from __future__ import annotations

import argparse
import io
import os
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from arcticroute.ice import icedata, icegrid, seaice

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "arcticroute" / "data" / icedata.EMBEDDED_FILE
CUBE = "nsidc-g02202-v3-monthly-nh/g02202_v03r01_monthly_nh_198901-201712.nc"
GRID = "nsidc-psn25-grid-ancillary/psn25_north_grid_ancillary.nc"
DEFAULT_YEARS = icedata.EMBEDDED_YEARS
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def to_pct(sic: np.ndarray) -> np.ndarray:
    """Fraction with NaN -> uint8 whole percent with 255 = unknown."""
    out = np.full(sic.shape, icedata.UNKNOWN_PCT, dtype=np.uint8)
    known = np.isfinite(sic)
    out[known] = np.rint(sic[known].astype(np.float64) * 100).astype(np.uint8)
    return out


def build(shared: Path, years: tuple[int, ...] = DEFAULT_YEARS) -> dict[str, np.ndarray]:
    cube_path = shared / CUBE
    ds = seaice.read_g02202(cube_path)
    grid = icegrid.load_grid(shared / GRID)
    arrays: dict[str, np.ndarray] = {}
    not_ocean = (ds["land"] | ds["coast"] | ds["lake"]).values
    for stat in icedata.EMBEDDED_STATS:
        clim = icedata.climatology(ds, years, stat, by="month")
        if clim.sizes["month"] != 12:
            raise SystemExit(f"{stat}: only months {clim['month'].values.tolist()} in {years}")
        pct = to_pct(clim["sic"].values)
        if (pct[:, not_ocean] != icedata.UNKNOWN_PCT).any():
            raise SystemExit(f"{stat}: a land/coast/lake cell received a concentration")
        arrays[f"sic_{stat}_pct"] = pct
    arrays["land"] = ds["land"].values
    arrays["coast"] = ds["coast"].values
    arrays["lake"] = ds["lake"].values
    arrays["pole_hole"] = ds["pole_hole"].values[-1]
    arrays["x"] = grid["x"].values.astype(np.float64)
    arrays["y"] = grid["y"].values.astype(np.float64)
    arrays["lat"] = grid["lat"].values.astype(np.float32)
    arrays["lon"] = grid["lon"].values.astype(np.float32)
    arrays["cell_area_km2"] = grid["cell_area_km2"].values.astype(np.float32)
    for name in ("region", "region_filled", "region_n_msk"):
        arrays[name] = grid[name].values.astype(np.uint8)
    table = icegrid.REGION_MASKS["nsidc0780"]
    arrays["region_names"] = np.array(list(table))
    arrays["region_codes"] = np.array([codes[0] for codes in table.values()], dtype=np.uint8)
    arrays["years"] = np.array(years, dtype=np.int16)
    arrays["product"] = np.array(ds.attrs["product"])
    arrays["version"] = np.array(ds.attrs["version"])
    arrays["source_files"] = np.array([cube_path.name, (shared / GRID).name])
    return arrays


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Deterministic ``savez_compressed``: fixed member timestamps, atomic rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with zipfile.ZipFile(tmp, "w") as zf:
            for key, arr in arrays.items():
                buf = io.BytesIO()
                np.lib.format.write_array(buf, np.asarray(arr), allow_pickle=False)
                info = zipfile.ZipInfo(f"{key}.npy", date_time=_ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, buf.getvalue(), compresslevel=9)
        tmp.chmod(0o644)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _years(text: str) -> tuple[int, ...]:
    """``"2008-2017"`` or ``"2008,2010,2012"`` -> tuple of years."""
    if "-" in text:
        first, last = (int(v) for v in text.split("-"))
        return tuple(range(first, last + 1))
    return tuple(int(v) for v in text.split(","))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=OUT, help="output .npz file")
    ap.add_argument(
        "--years",
        type=_years,
        default=DEFAULT_YEARS,
        help="climatology years, 'FIRST-LAST' or 'Y1,Y2,...' (default 2008-2017)",
    )
    args = ap.parse_args(argv)
    arrays = build(args.shared, args.years)
    write_npz(args.out, arrays)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
