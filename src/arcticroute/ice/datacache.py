"""Hashed download cache for the sea-ice input files (NSIDC and OSI SAF).

Large inputs are never shipped with the package nor fetched at import time;
they come through this module, modelled on MetPy's pooch registry
(``metpy/cbook.py``): a registry of files with pinned sha256 hashes, a user
cache directory, and an override directory for offline use.

Where files are looked for, in order:

1. ``ARCTICROUTE_DATA_DIR`` (optional): a read-only offline folder, for
   example a copy of the project's shared data. A file found there is used
   without any network access (looked up as ``<dir>/<name>``, then
   ``<dir>/<remote path>``, then anywhere below ``<dir>`` by file name), but
   it is still verified. Nothing is ever written there.
2. The cache, :func:`cache_dir` (``ARCTICROUTE_CACHE_DIR`` or the platform
   user cache, e.g. ``~/.cache/arcticroute``), laid out as
   ``<cache>/<host>/<remote path>``.
3. Download from the producer (or from ``base_url`` /
   ``ARCTICROUTE_DATA_URL``, a mirror holding the same relative paths).

Verification rules:

* **pinned** files (a sha256 in the registry) must match that hash and size,
  wherever they come from.
* Unpinned files are checked for their format (NetCDF/HDF5 or TIFF magic
  bytes, CSV header), and on first download their sha256 and size are
  recorded in ``<cache>/recorded_hashes.json``; later uses of the cached
  copy must still match the record (detects local corruption).
* ``refresh=True`` downloads again. For ``kind="updated"`` files (index CSVs,
  near-real-time grids) the new content replaces the cached copy and the
  record. For ``kind="fixed"`` files without a pinned hash (trust on first
  use) a different content is an error: the producer should never change a
  final file, so the cached copy is kept and :class:`DataFileError` raised.

Atomicity: a download goes to a temporary file in the target folder
(``.<name>.<random>.part``), is hashed while streaming, checked (length
against ``Content-Length``, sha256/size, format) and only then renamed over
the target with :func:`os.replace`. Any failure deletes the temporary file,
so the cache never holds a half-written or unverified file.

Products (:data:`PRODUCTS`) name the patterns a user downloads by date range
(``arcticroute data download g02202-v5-monthly --years 2012``):
:func:`download_range` fetches one file per month or day of the range, each
verified and recorded as above. :func:`local_path` finds a verified local copy
of a pattern file for a date without any network access; :mod:`icedata` uses
it to read the downloaded files.

URL patterns use the fields ``{YYYY}``, ``{MM}``, ``{DD}``, ``{Mon}``
(``Jan`` ... ``Dec``) and ``{sat}``/``{SAT}`` (G02202 satellite id, lower and
upper case), filled from the ``date`` argument. A concrete file name that
matches a pattern (``"N_20250301_concentration_v4.0.tif"``) can be passed
instead of the pattern plus a date.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import http.client
import json
import os
import re
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from arcticroute.errors import DataFileError, InputError

__all__ = [
    "PRODUCTS",
    "REGISTRY",
    "FetchResult",
    "Product",
    "RemoteFile",
    "VerifyResult",
    "cache_dir",
    "cache_generation",
    "cache_state",
    "date_span",
    "describe_files",
    "download",
    "download_range",
    "fetch",
    "file_name",
    "list_files",
    "local_files",
    "local_path",
    "product_dates",
    "verify",
    "verify_all",
]

ENV_OFFLINE_DIR = "ARCTICROUTE_DATA_DIR"
ENV_CACHE_DIR = "ARCTICROUTE_CACHE_DIR"
ENV_BASE_URL = "ARCTICROUTE_DATA_URL"
TIMEOUT_S = 60.0
"""Socket timeout of one HTTP request, seconds (connect and each read)."""
RECORD_FILE = "recorded_hashes.json"
_GENERATION = [0]
"""Downloads this process has put into a cache (see :func:`cache_generation`)."""

HOSTS: dict[str, str | None] = {
    # NSIDC HTTPS archive; REFERENCE.md §10.1-10.2, NSIDC landing pages of G02135/G02202.
    "nsidc": "https://noaadata.apps.nsidc.org/NOAA/",
    # MET Norway THREDDS, file download service (not OPeNDAP dodsC); REFERENCE.md §10.3.
    "osisaf": "https://thredds.met.no/thredds/fileServer/osisaf/met.no/",
    # Files derived by the project (repacked cubes, grids): no public URL, only
    # from ARCTICROUTE_DATA_DIR or a mirror given by base_url/ARCTICROUTE_DATA_URL.
    "arcticroute": None,
}

_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# G02202 v4/v5 monthly file-name satellite ids: first month of each platform.
# Source: public download scripts for these files (ESMValTool's G02202 v5
# downloader: n07, F08 from 1987-08, F11 from 1992-01, F13 from 1995-10, F17
# from 2008-01, used up to 2024-06; a NOAA GFDL wget script for v4 with the same
# breaks from 1992). The v3 files switch to f13 only in 1996-01, so v3 is not a
# pattern here. Months after the table are refused rather than guessed.
G02202_SATELLITES: tuple[tuple[dt.date, str], ...] = (
    (dt.date(1978, 11, 1), "n07"),
    (dt.date(1987, 8, 1), "f08"),
    (dt.date(1992, 1, 1), "f11"),
    (dt.date(1995, 10, 1), "f13"),
    (dt.date(2008, 1, 1), "f17"),
)
G02202_SATELLITES_LAST = dt.date(2024, 6, 30)

_FIELD_RE = re.compile(r"\{(YYYY|MM|DD|Mon|sat|SAT)\}")
_FIELD_PATTERNS = {
    "YYYY": r"(?P<YYYY>\d{4})",
    "MM": r"(?P<MM>\d{2})",
    "DD": r"(?P<DD>\d{2})",
    "Mon": r"(?P<Mon>[A-Z][a-z]{2})",
    "sat": r"(?P<sat>[a-z]\d{2})",
    "SAT": r"(?P<SAT>[A-Z]\d{2})",
}

Kind = Literal["fixed", "updated"]
Source = Literal["offline", "cache", "download"]


@dataclass(frozen=True)
class RemoteFile:
    """One registry entry.

    Attributes
    ----------
    host : str
        Key of :data:`HOSTS`; its URL is the default root of ``path``.
    path : str
        Path below the host root; may hold date fields (``{YYYY}`` ...).
    kind : {"fixed", "updated"}
        ``"updated"``: the producer rewrites the file (index CSVs, near-real-time
        grids). ``"fixed"``: final content.
    format : str
        ``"netcdf"``, ``"geotiff"``, ``"nsidc-msk"`` or ``"csv:<first header
        fields>"`` (compared without spaces).
    sha256 : str or None
        Pinned hash (lower-case hex) of the files the project holds; None if
        not pinned.
    size_bytes : int or None
        Pinned size, with ``sha256``.
    first, last : datetime.date or None
        Date range of a pattern, where documented.
    description : str
        Product and source.
    """

    host: str
    path: str
    kind: Kind
    format: str
    description: str
    sha256: str | None = None
    size_bytes: int | None = None
    first: dt.date | None = None
    last: dt.date | None = None

    @property
    def name(self) -> str:
        """File name (pattern) = last component of ``path``."""
        return self.path.rsplit("/", 1)[-1]

    @property
    def is_pattern(self) -> bool:
        return bool(_FIELD_RE.search(self.path))

    @property
    def pinned(self) -> bool:
        return self.sha256 is not None


_NSIDC_SII = "G02135/north"
_SII_GEOTIFF = _NSIDC_SII + "/daily/geotiff/{YYYY}/{MM}_{Mon}/N_{YYYY}{MM}{DD}_concentration_"
_CSV_DAILY = "csv:Year,Month,Day,Extent,Missing"
_CSV_MONTHLY = "csv:year,mo,data-type,region,extent,area"

REGISTRY: tuple[RemoteFile, ...] = (
    # --- G02202 CDR of passive microwave sea-ice concentration, monthly, psn25 ---
    RemoteFile(
        "nsidc",
        "G02202_V3/north/monthly/seaice_conc_monthly_nh_f17_201209_v03r01.nc",
        "fixed",
        "netcdf",
        "G02202 v3r01 monthly NH, 2012-09 (held copy; v3 is a legacy version and "
        "may no longer be served)",
        "c0ea3f079e9fbd457abdcfcd90f39096d2bcdb5cf9fd69766348d75d9c083279",
        3747772,
    ),
    RemoteFile(
        "nsidc",
        "G02202_V3/north/monthly/seaice_conc_monthly_nh_f17_201309_v03r01.nc",
        "fixed",
        "netcdf",
        "G02202 v3r01 monthly NH, 2013-09 (held copy; legacy version)",
        "91aaba972aa2e537413e3d158c9cc6bdc92f44ce91c707fe39f9f8cec354cecf",
        3747772,
    ),
    RemoteFile(
        "nsidc",
        "G02202_V4/north/monthly/seaice_conc_monthly_nh_{YYYY}{MM}_{sat}_v04r00.nc",
        "fixed",
        "netcdf",
        "G02202 v4r00 monthly NH (doi:10.7265/efmz-2t65)",
        first=dt.date(1978, 11, 1),
    ),
    RemoteFile(
        "nsidc",
        "G02202_V5/north/monthly/sic_psn25_{YYYY}{MM}_{SAT}_v05r00.nc",
        "fixed",
        "netcdf",
        "G02202 v5r00 monthly NH",
        first=dt.date(1978, 11, 1),
    ),
    RemoteFile(
        "nsidc",
        "G02202_V5/ancillary/G02202-ancillary-psn25-v05r00.nc",
        "fixed",
        "netcdf",
        "G02202 v5 psn25 grid ancillary file (lat/lon, cell area, masks)",
    ),
    # --- Sea Ice Index G02135: daily concentration GeoTIFFs ---
    RemoteFile(
        "nsidc",
        _SII_GEOTIFF + "v4.0.tif",
        "updated",
        "geotiff",
        "Sea Ice Index v4 daily concentration GeoTIFF, NH (0-1000 = tenths of a percent)",
    ),
    RemoteFile(
        "nsidc",
        _SII_GEOTIFF + "v3.0.tif",
        "updated",
        "geotiff",
        "Sea Ice Index v3 daily concentration GeoTIFF, NH (legacy version)",
    ),
    RemoteFile(
        "nsidc",
        _NSIDC_SII + "/daily/geotiff/2025/03_Mar/N_20250301_concentration_v3.0.tif",
        "fixed",
        "geotiff",
        "Sea Ice Index v3 daily concentration 2025-03-01 (held copy, format reference)",
        "809420d2ebef3cb72f714d4b5f7ac43c7c00578cb7e492b9e33769b208b8e51b",
        666261,
    ),
    # --- Sea Ice Index G02135: extent/area series ---
    RemoteFile(
        "nsidc",
        _NSIDC_SII + "/daily/data/N_seaice_extent_daily_v4.0.csv",
        "updated",
        _CSV_DAILY,
        "Sea Ice Index v4 daily extent NH, 10^6 km2 (updated daily)",
    ),
    RemoteFile(
        "nsidc",
        _NSIDC_SII + "/daily/data/N_seaice_extent_daily_v3.0.csv",
        "updated",
        _CSV_DAILY,
        "Sea Ice Index v3 daily extent NH, 10^6 km2 (legacy version)",
    ),
    RemoteFile(
        "nsidc",
        _NSIDC_SII + "/daily/data/N_seaice_extent_climatology_1981-2010_v3.0.csv",
        "fixed",
        "csv:",
        "Sea Ice Index v3 daily extent climatology 1981-2010, NH (held copy)",
        "3eba40748343468e81e5fd5c464be2046ab12bc818963c324098251390212942",
        34520,
    ),
    RemoteFile(
        "nsidc",
        _NSIDC_SII + "/monthly/data/N_{MM}_extent_v4.0.csv",
        "updated",
        _CSV_MONTHLY,
        "Sea Ice Index v4 monthly extent and area NH for one calendar month, all years",
    ),
    RemoteFile(
        "nsidc",
        _NSIDC_SII + "/monthly/data/N_{MM}_extent_v3.0.csv",
        "updated",
        _CSV_MONTHLY,
        "Sea Ice Index v3 monthly extent and area NH (legacy version)",
    ),
    # --- OSI SAF sea-ice concentration CDR, EASE2 25 km ---
    RemoteFile(
        "osisaf",
        "reprocessed/ice/conc_450a_files/{YYYY}/{MM}/ice_conc_nh_ease2-250_cdr-v3p0_"
        "{YYYY}{MM}{DD}1200.nc",
        "fixed",
        "netcdf",
        "OSI SAF OSI-450-a CDR v3.0 daily NH, EASE2 25 km",
        first=dt.date(1978, 10, 25),
        last=dt.date(2020, 12, 31),
    ),
    RemoteFile(
        "osisaf",
        "reprocessed/ice/conc_cra_files/{YYYY}/{MM}/ice_conc_nh_ease2-250_icdr-v3p0_"
        "{YYYY}{MM}{DD}1200.nc",
        "updated",
        "netcdf",
        "OSI SAF OSI-430-a interim CDR v3.0 daily NH (continuation of OSI-450-a from 2021)",
        first=dt.date(2021, 1, 1),
    ),
    # --- project-derived files: no public URL (offline dir or mirror only) ---
    RemoteFile(
        "arcticroute",
        "nsidc-g02202-v3-monthly-nh/g02202_v03r01_monthly_nh_198901-201712.nc",
        "fixed",
        "netcdf",
        "G02202 v3r01 monthly NH 1989-01..2017-12 repacked into one cube",
        "c45ebb1cb23dfe42dae6cdf3a1be9e2bd5c5d243fef527c1f35db67fb11440b6",
        15545374,
    ),
    RemoteFile(
        "arcticroute",
        "nsidc-seaiceindex-daily-conc-2025/N_daily_concentration_v3.0_20250101-20250611.nc",
        "fixed",
        "netcdf",
        "Sea Ice Index v3 daily concentration 2025-01-01..06-11 repacked into one cube",
        "69d2521d5df10aab2ccc1e568031fdd4c5abe6be9a5a09f3b8e320aba94916cf",
        4449564,
    ),
    RemoteFile(
        "arcticroute",
        "nsidc-psn25-grid-ancillary/psn25_north_grid_ancillary.nc",
        "fixed",
        "netcdf",
        "psn25 lat/lon, cell area and region masks (from NSIDC-0771/0780, region_n.msk)",
        "347e6a2edf0ed963d60d10fd8e86a7b332340be02bbe6c57e60ddedb283d54eb",
        2227872,
    ),
    RemoteFile(
        "arcticroute",
        "nsidc-psn25-grid-ancillary/region_n.msk",
        "fixed",
        "nsidc-msk",
        "classic NSIDC Arctic region mask, 300-byte header + 448x304 uint8",
        "0ea58382e68f68f4b7474de87fd30567b08d3bbe57b71841bb46964840accb51",
        136492,
    ),
    RemoteFile(
        "arcticroute",
        "nsidc-seaiceindex-g02135/derived/N_monthly_extent_area_v4.0.csv",
        "fixed",
        "csv:year,month,source_dataset,extent_Mkm2,area_Mkm2",
        "Sea Ice Index v4 monthly extent/area NH, tidy table from the v4 workbook",
        "d328063f43a2b369df842de70aa8ecdf08df231abd20052bcf1b3bf23a6ab2c7",
        16459,
    ),
    RemoteFile(
        "arcticroute",
        "nsidc-seaiceindex-g02135/derived/N_regional_daily_extent_area_v4.0_NSR_seas.csv",
        "fixed",
        "csv:date,Barents_extent_km2",
        "Sea Ice Index v4 regional daily extent/area (km2) of the seas along the NSR",
        "453b87d24212a05bbdc9353ebeee9451f1f68235591d3681dcd2656c5ad8479f",
        3154078,
    ),
)


class _Unreachable(DataFileError):
    """The server could not be reached or the transfer broke (not an HTTP answer)."""


@dataclass(frozen=True)
class Product:
    """A pattern of :data:`REGISTRY` downloaded by date range, one file per step.

    Attributes
    ----------
    name : str
        What the user types (``arcticroute data download <name> --years ...``).
    pattern : str
        Registry name of the URL pattern.
    step : {"month", "day"}
        One file per calendar month or per day.
    description : str
        Product, version and where its layout was checked.
    """

    name: str
    pattern: str
    step: Literal["month", "day"]
    description: str


PRODUCTS: tuple[Product, ...] = (
    # Layout: ESMValTool esmvaltool/cmorizers/data/downloaders/datasets/nsidc_g02202_nh.py
    # (URL root, file name, platform breaks) and nsidc/seaice_ecdr util.py
    # (standard_monthly_filename: sic_<grid>_<YYYYMM>_<platform>_<version>.nc).
    Product(
        "g02202-v5-monthly",
        "sic_psn25_{YYYY}{MM}_{SAT}_v05r00.nc",
        "month",
        "G02202 v5r00 monthly CDR concentration NH, one file per month, 1978-11 .. 2024-06",
    ),
    # Layout: a public NOAA GFDL wget script for .../NOAA/G02202_V4/north/monthly/
    # (seaice_conc_monthly_nh_<YYYYMM>_<sat>_v04r00.nc) and the test file names of
    # stactools-noaa-cdr (seaice_conc_monthly_nh_202112_f17_v04r00.nc).
    Product(
        "g02202-v4-monthly",
        "seaice_conc_monthly_nh_{YYYY}{MM}_{sat}_v04r00.nc",
        "month",
        "G02202 v4r00 monthly CDR concentration NH, one file per month, 1978-11 .. 2024-06",
    ),
    # Layout: REFERENCE.md section 10.1 and the project data folder
    # nsidc-seaiceindex-daily-conc-2025 (its v3 GeoTIFFs are NSIDC's files, byte-identical).
    Product(
        "seaiceindex-v4-daily",
        "N_{YYYY}{MM}{DD}_concentration_v4.0.tif",
        "day",
        "Sea Ice Index v4 daily concentration GeoTIFF NH, one file per day",
    ),
    Product(
        "seaiceindex-v3-daily",
        "N_{YYYY}{MM}{DD}_concentration_v3.0.tif",
        "day",
        "Sea Ice Index v3 daily concentration GeoTIFF NH (legacy version), one file per day",
    ),
)
"""Products :func:`download_range` fetches by date range; the first G02202 product is
the one :mod:`icedata` names in its advice."""


@dataclass(frozen=True)
class FetchResult:
    """Outcome of one :func:`download` item (plain data for the CLI).

    ``source`` is where the file came from (offline dir, cache, download);
    ``error`` is the :class:`DataFileError` message when it failed (then
    ``path`` and ``sha256`` are None).
    """

    name: str
    path: Path | None
    source: Source | None
    sha256: str | None
    error: str | None = None


@dataclass(frozen=True)
class VerifyResult:
    """Outcome of verifying one local file; ``error`` is None when it passed."""

    name: str
    path: Path
    error: str | None = None


# ---------------------------------------------------------------- registry lookup


def list_files() -> list[RemoteFile]:
    """Return the registry entries (files and URL patterns), in registry order."""
    return list(REGISTRY)


def _valid_names() -> str:
    return ", ".join(e.name for e in REGISTRY)


def _name_regex(entry: RemoteFile) -> re.Pattern[str]:
    parts = _FIELD_RE.split(entry.name)
    out = []
    seen: set[str] = set()
    for i, part in enumerate(parts):
        if i % 2 == 0:
            out.append(re.escape(part))
        elif part in seen:
            out.append(f"(?P={part})")
        else:
            seen.add(part)
            out.append(_FIELD_PATTERNS[part])
    return re.compile("".join(out) + r"\Z")


def _parse_date(date: dt.date | str | None) -> dt.date | None:
    if date is None or isinstance(date, dt.date):
        return date
    text = str(date).strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}", text):
            return dt.date.fromisoformat(text + "-01")
        return dt.date.fromisoformat(text)
    except ValueError:
        raise DataFileError(
            f"date {date!r} is not an ISO date; give YYYY-MM-DD (or YYYY-MM for monthly files)"
        ) from None


def _resolve(name: str, date: dt.date | str | None) -> tuple[RemoteFile, dt.date | None]:
    """Find the registry entry of ``name`` and the date it is for."""
    day = _parse_date(date)
    for entry in REGISTRY:
        if entry.name == name:
            if entry.is_pattern and day is None:
                raise DataFileError(
                    f"{name} is a URL pattern: give a date (date='YYYY-MM-DD') or a concrete "
                    "file name"
                )
            return entry, day
    for entry in REGISTRY:
        if not entry.is_pattern:
            continue
        match = _name_regex(entry).match(name)
        if match is None:
            continue
        fields = match.groupdict()
        if "YYYY" not in fields:
            month = int(fields["MM"])
            if day is not None and day.month != month:
                raise DataFileError(f"{name} is for month {month:02d}, but date={day} was given")
            # The file holds every year of that month; the year is not used.
            return entry, day or dt.date(2000, month, 1)
        try:
            named = dt.date(int(fields["YYYY"]), int(fields["MM"]), int(fields.get("DD") or 1))
        except ValueError:
            raise DataFileError(f"{name}: the date in the file name is not valid") from None
        if day is not None and day != named:
            raise DataFileError(f"{name} is for {named}, but date={day} was given")
        expected = _render(entry, named).rsplit("/", 1)[-1]
        if expected != name:
            raise DataFileError(f"{name}: the file for {named} is named {expected}")
        return entry, named
    raise DataFileError(f"unknown data file {name!r}; known files and patterns: {_valid_names()}")


def _satellite(day: dt.date) -> str:
    if day > G02202_SATELLITES_LAST:
        raise DataFileError(
            f"G02202 satellite id for {day:%Y-%m} is not documented here (table ends "
            f"{G02202_SATELLITES_LAST:%Y-%m}); download that file by its URL yourself and "
            f"put it in {ENV_OFFLINE_DIR}"
        )
    sat = G02202_SATELLITES[0][1]
    for start, sid in G02202_SATELLITES:
        if day >= start:
            sat = sid
    return sat


def _render(entry: RemoteFile, day: dt.date | None) -> str:
    """Relative path of ``entry`` for ``day``."""
    if not entry.is_pattern:
        return entry.path
    assert day is not None
    if (entry.first and day < entry.first) or (entry.last and day > entry.last):
        raise DataFileError(
            f"{entry.name}: {day} is outside the product period "
            f"{entry.first or '...'} to {entry.last or 'now'}"
        )
    values = {
        "YYYY": f"{day.year:04d}",
        "MM": f"{day.month:02d}",
        "DD": f"{day.day:02d}",
        "Mon": _MONTH_ABBR[day.month - 1],
    }
    if "{sat}" in entry.path or "{SAT}" in entry.path:
        values["sat"] = _satellite(day)
        values["SAT"] = values["sat"].upper()
    return _FIELD_RE.sub(lambda m: values[m.group(1)], entry.path)


def _url(entry: RemoteFile, rel: str, base_url: str | None) -> str:
    base = base_url or os.environ.get(ENV_BASE_URL) or HOSTS[entry.host]
    if base is None:
        raise DataFileError(
            f"{rel.rsplit('/', 1)[-1]} is a file held by the arcticroute project with no "
            f"public download URL: set {ENV_OFFLINE_DIR} to a folder that holds it (e.g. the "
            f"project's shared data folder) or {ENV_BASE_URL} to a mirror"
        )
    if urllib.parse.urlsplit(base).scheme not in ("http", "https"):
        raise DataFileError(f"base URL {base!r} must start with http:// or https://")
    return base.rstrip("/") + "/" + rel


# ---------------------------------------------------------------- directories


def cache_dir() -> Path:
    """Return the download cache folder (created if missing).

    ``ARCTICROUTE_CACHE_DIR`` if set, otherwise the platform user cache
    (``platformdirs.user_cache_path("arcticroute")``, as ``pooch.os_cache``).
    """
    env = os.environ.get(ENV_CACHE_DIR)
    if env:
        path = Path(env).expanduser()
    else:
        import platformdirs

        path = platformdirs.user_cache_path("arcticroute")
    offline = _offline_dir()
    if offline is not None and path.resolve().is_relative_to(offline.resolve()):
        raise DataFileError(
            f"cache folder {path} is inside the read-only {ENV_OFFLINE_DIR} {offline}; "
            f"point {ENV_CACHE_DIR} elsewhere"
        )
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataFileError(
            f"cannot create the download cache folder {path}: {exc.strerror or exc}; "
            f"set {ENV_CACHE_DIR} to a writable folder"
        ) from None
    return path


def _offline_dir() -> Path | None:
    env = os.environ.get(ENV_OFFLINE_DIR)
    if not env:
        return None
    path = Path(env).expanduser()
    if not path.is_dir():
        raise DataFileError(f"{ENV_OFFLINE_DIR}={env} is not a folder; fix or unset it")
    return path


def _find_offline(offline: Path, entry: RemoteFile, rel: str) -> Path | None:
    name = rel.rsplit("/", 1)[-1]
    for candidate in (offline / name, offline / rel):
        if candidate.is_file():
            return candidate
    found = sorted(p for p in offline.rglob(name) if p.is_file())
    if len(found) > 1 and len({_sha256(p) for p in found}) > 1:
        raise DataFileError(
            f"{name}: {len(found)} different copies under {ENV_OFFLINE_DIR} ({found[0]}, "
            f"{found[1]} ...); keep one"
        )
    return found[0] if found else None


def _cache_path(entry: RemoteFile, rel: str) -> Path:
    return cache_dir() / entry.host / rel


# ---------------------------------------------------------------- checks


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


_MAGIC = {
    "netcdf": (b"CDF\x01", b"CDF\x02", b"CDF\x05", b"\x89HDF\r\n\x1a\n"),
    "geotiff": (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"),
}
_MSK_SIZE = 300 + 448 * 304


def _format_problem(path: Path, fmt: str) -> str | None:
    """Return what is wrong with the file's format, or None if it looks right."""
    with path.open("rb") as fh:
        head = fh.read(4096)
    if fmt in _MAGIC:
        if head.startswith(_MAGIC[fmt]):
            return None
        return f"not a {fmt} file (first bytes {head[:8]!r})"
    if fmt == "nsidc-msk":
        size = path.stat().st_size
        return None if size == _MSK_SIZE else f"size {size} bytes, expected {_MSK_SIZE}"
    if fmt.startswith("csv:"):
        if b"\x00" in head or head.lstrip()[:1] == b"<":
            return "not a text CSV file (binary or HTML content)"
        first = head.split(b"\n", 1)[0].decode("utf-8", "replace").replace(" ", "").strip()
        want = fmt[4:]
        return None if first.startswith(want) else f"CSV header {first[:60]!r}, expected {want!r}"
    raise AssertionError(f"unknown format {fmt}")


def _read_records() -> dict[str, dict[str, object]]:
    path = cache_dir() / RECORD_FILE
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise DataFileError(
            f"hash record {path} is unreadable ({exc}); delete it (the unpinned cached files "
            "are then re-recorded on the next refresh)"
        ) from None


def _write_records(records: dict[str, dict[str, object]]) -> None:
    folder = cache_dir()
    fd, tmp = tempfile.mkstemp(dir=folder, prefix="." + RECORD_FILE, suffix=".part")
    try:
        with os.fdopen(fd, "w") as fh:
            json.dump(records, fh, indent=1, sort_keys=True)
        os.replace(tmp, folder / RECORD_FILE)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _record_key(entry: RemoteFile, rel: str) -> str:
    return f"{entry.host}/{rel}"


def _check(path: Path, entry: RemoteFile, rel: str, *, use_record: bool, where: str) -> str:
    """Verify ``path`` as the file ``rel`` of ``entry``; return its sha256.

    ``where`` says where the file came from, for the error message.
    """
    name = rel.rsplit("/", 1)[-1]
    size = path.stat().st_size
    if entry.pinned:
        if entry.size_bytes is not None and size != entry.size_bytes:
            raise DataFileError(
                f"{name} ({where}) has {size} bytes, expected {entry.size_bytes} "
                f"(sha256 {entry.sha256}): truncated or a different version. {_ADVICE}"
            )
        digest = _sha256(path)
        if digest != entry.sha256:
            raise DataFileError(
                f"{name} ({where}) has sha256 {digest}, expected {entry.sha256}: "
                f"corrupt or a different version. {_ADVICE}"
            )
    problem = _format_problem(path, entry.format)
    if problem:
        raise DataFileError(f"{name} ({where}): {problem}. {_ADVICE}")
    if entry.pinned:
        return digest
    digest = _sha256(path)
    if use_record:
        rec = _read_records().get(_record_key(entry, rel))
        if rec is not None and rec["sha256"] != digest:
            raise DataFileError(
                f"{name} ({where}) has sha256 {digest}, but {rec['sha256']} was recorded "
                f"when it was downloaded on {rec['recorded_utc']}: the cached copy changed. "
                "Delete it or fetch again with refresh=True."
            )
    return digest


_ADVICE = (
    "Retry the download, check the URL/date, or set "
    f"{ENV_OFFLINE_DIR} to a folder holding a good copy."
)


# ---------------------------------------------------------------- download


def _download(url: str, target: Path, entry: RemoteFile, rel: str, timeout_s: float) -> str:
    """Stream ``url`` to a temporary file next to ``target``, check it, rename it into place."""
    name = target.name
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{name}.", suffix=".part")
    tmp = Path(tmp_name)
    try:
        try:
            request = urllib.request.Request(url, headers={"User-Agent": "arcticroute"})
            with (
                os.fdopen(fd, "wb") as out,
                urllib.request.urlopen(request, timeout=timeout_s) as resp,
            ):
                expected = resp.headers.get("Content-Length")
                received = 0
                for block in iter(lambda: resp.read(1 << 20), b""):
                    out.write(block)
                    received += len(block)
        except urllib.error.HTTPError as exc:
            raise DataFileError(
                f"{name}: HTTP {exc.code} {exc.reason} for {url}. Check the URL and date (the "
                f"producer may not have this file), or set {ENV_OFFLINE_DIR} to a folder "
                "holding it."
            ) from None
        except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise _Unreachable(
                f"{name}: download from {url} failed ({reason}). Retry later, check the URL "
                f"or your connection, or set {ENV_OFFLINE_DIR} to a folder holding the file."
            ) from None
        if expected is not None and received != int(expected):
            raise DataFileError(
                f"{name}: transfer from {url} truncated, {received} of {expected} bytes. {_ADVICE}"
            )
        digest = _check(tmp, entry, rel, use_record=False, where=f"downloaded from {url}")
        os.replace(tmp, target)
        _GENERATION[0] += 1
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return digest


def _fetch(
    name: str,
    date: dt.date | str | None,
    base_url: str | None,
    refresh: bool,
    timeout_s: float,
) -> tuple[Path, Source, str]:
    entry, day = _resolve(name, date)
    rel = _render(entry, day)
    offline = _offline_dir()
    if offline is not None and not refresh:
        found = _find_offline(offline, entry, rel)
        if found is not None:
            digest = _check(
                found, entry, rel, use_record=False, where=f"{ENV_OFFLINE_DIR} copy {found}"
            )
            return found, "offline", digest
    target = _cache_path(entry, rel)
    key = _record_key(entry, rel)
    if target.exists() and not refresh:
        digest = _check(target, entry, rel, use_record=True, where=f"cached copy {target}")
        return target, "cache", digest
    url = _url(entry, rel, base_url)
    records = _read_records()
    if refresh and target.exists() and entry.kind == "fixed" and not entry.pinned:
        digest = _refresh_fixed(url, target, entry, rel, records.get(key), timeout_s)
    else:
        digest = _download(url, target, entry, rel, timeout_s)
    if not entry.pinned and records.get(key, {}).get("sha256") != digest:
        records[key] = {
            "sha256": digest,
            "size_bytes": target.stat().st_size,
            "url": url,
            "recorded_utc": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        _write_records(records)
    return target, "download", digest


def _refresh_fixed(
    url: str,
    target: Path,
    entry: RemoteFile,
    rel: str,
    rec: dict[str, object] | None,
    timeout_s: float,
) -> str:
    """Download a final, unpinned file again; it must equal the recorded hash."""
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".refresh.") as tmpdir:
        fresh = Path(tmpdir) / target.name
        digest = _download(url, fresh, entry, rel, timeout_s)
        if rec is not None and digest != rec["sha256"]:
            raise DataFileError(
                f"{target.name}: the producer now serves sha256 {digest}, but {rec['sha256']} "
                f"was recorded on {rec['recorded_utc']} for this final ('fixed') file. The "
                f"cached copy {target} is kept; delete it to accept the new content."
            )
        os.replace(fresh, target)
    return digest


def fetch(
    name_or_pattern: str,
    date: dt.date | str | None = None,
    base_url: str | None = None,
    *,
    refresh: bool = False,
    timeout_s: float = TIMEOUT_S,
) -> Path:
    """Return the local path of a registry file, downloading it if needed.

    Parameters
    ----------
    name_or_pattern : str
        A registry name (see :func:`list_files`), a pattern name with
        ``date``, or a concrete file name that matches a pattern.
    date : datetime.date or str, optional
        Date of a pattern file (``"YYYY-MM-DD"``; ``"YYYY-MM"`` for monthly).
    base_url : str, optional
        Mirror root replacing the producer's host root (default
        ``ARCTICROUTE_DATA_URL``, else the producer).
    refresh : bool
        Download again even if cached or in ``ARCTICROUTE_DATA_DIR`` (see the
        module notes for what happens when the content changed).
    timeout_s : float
        Socket timeout per request, seconds.

    Returns
    -------
    pathlib.Path
        Verified file in ``ARCTICROUTE_DATA_DIR`` or in :func:`cache_dir`.

    Raises
    ------
    DataFileError
        Unknown name, missing date, HTTP or network error, truncated,
        corrupt or wrongly formatted file.
    """
    return _fetch(name_or_pattern, date, base_url, refresh, timeout_s)[0]


def verify(path_or_name: str | os.PathLike[str]) -> None:
    """Check a local file against the registry; raise :class:`DataFileError` if it fails.

    Parameters
    ----------
    path_or_name : str or path-like
        Path of a file (its file name selects the registry entry) or a
        registry/concrete file name, looked up in ``ARCTICROUTE_DATA_DIR`` and
        the cache (never downloaded).
    """
    path = Path(path_or_name)
    if path.is_file():
        entry, day = _resolve(path.name, None)
        rel = _render(entry, day)
        in_cache = path.resolve() == (_cache_path(entry, rel)).resolve()
        _check(path, entry, rel, use_record=in_cache, where=f"file {path}")
        return
    if len(path.parts) > 1:
        raise DataFileError(f"{path} does not exist")
    entry, day = _resolve(str(path_or_name), None)
    rel = _render(entry, day)
    offline = _offline_dir()
    found = _find_offline(offline, entry, rel) if offline is not None else None
    if found is not None:
        _check(found, entry, rel, use_record=False, where=f"{ENV_OFFLINE_DIR} copy {found}")
        return
    target = _cache_path(entry, rel)
    if not target.exists():
        raise DataFileError(
            f"{path.name} is neither in {ENV_OFFLINE_DIR} nor in the cache {cache_dir()}; "
            "download it first (fetch / 'arcticroute data download')"
        )
    _check(target, entry, rel, use_record=True, where=f"cached copy {target}")


# ---------------------------------------------------------------- CLI helpers


def describe_files(base_url: str | None = None) -> list[dict[str, object]]:
    """Registry as rows for ``arcticroute data list``.

    Each row: ``name``, ``kind``, ``pinned`` (bool), ``sha256``, ``size_bytes``,
    ``url`` (pattern or URL; None for project files without a mirror),
    ``first``/``last`` (ISO dates or None), ``cached`` (local path of a
    non-pattern file in the offline dir or cache, else None), ``description``.
    """
    rows: list[dict[str, object]] = []
    offline = _offline_dir()
    for entry in REGISTRY:
        base = base_url or os.environ.get(ENV_BASE_URL) or HOSTS[entry.host]
        cached: Path | None = None
        if not entry.is_pattern:
            if offline is not None:
                cached = _find_offline(offline, entry, entry.path)
            if cached is None and _cache_path(entry, entry.path).exists():
                cached = _cache_path(entry, entry.path)
        rows.append(
            {
                "name": entry.name,
                "kind": entry.kind,
                "pinned": entry.pinned,
                "sha256": entry.sha256,
                "size_bytes": entry.size_bytes,
                "url": None if base is None else base.rstrip("/") + "/" + entry.path,
                "first": entry.first.isoformat() if entry.first else None,
                "last": entry.last.isoformat() if entry.last else None,
                "cached": str(cached) if cached else None,
                "description": entry.description,
            }
        )
    return rows


def download(
    names: Sequence[str],
    date: dt.date | str | None = None,
    base_url: str | None = None,
    *,
    refresh: bool = False,
    timeout_s: float = TIMEOUT_S,
) -> list[FetchResult]:
    """Fetch several files for ``arcticroute data download``; one result per name.

    A failure is reported in its result (``error``) and does not stop the
    others; the CLI should exit non-zero if any ``error`` is set.
    """
    results = []
    for name in names:
        try:
            path, source, digest = _fetch(name, date, base_url, refresh, timeout_s)
        except DataFileError as exc:
            results.append(FetchResult(name, None, None, None, str(exc)))
        else:
            results.append(FetchResult(name, path, source, digest))
    return results


def _cached_files() -> Iterator[tuple[RemoteFile, str, Path]]:
    root = cache_dir()
    for entry_host in HOSTS:
        folder = root / entry_host
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                rel = path.relative_to(folder).as_posix()
                entry, _ = _resolve_lenient(path.name)
                if entry is not None and entry.host == entry_host:
                    yield entry, rel, path


def _resolve_lenient(name: str) -> tuple[RemoteFile | None, dt.date | None]:
    try:
        return _resolve(name, None)
    except DataFileError:
        return None, None


def verify_all() -> list[VerifyResult]:
    """Verify every registry file in the cache and in ``ARCTICROUTE_DATA_DIR``.

    For ``arcticroute data verify``. Files that are no registry entry are
    skipped; leftover temporary files (``.*.part``) are reported as errors.
    """
    results = []
    offline = _offline_dir()
    if offline is not None:
        for entry in REGISTRY:
            if entry.is_pattern:
                continue
            found = _find_offline(offline, entry, entry.path)
            if found is not None:
                results.append(_verify_one(entry, entry.path, found, use_record=False))
    for entry, rel, path in _cached_files():
        results.append(_verify_one(entry, rel, path, use_record=True))
    for leftover in sorted(cache_dir().rglob(".*.part")):
        results.append(VerifyResult(leftover.name, leftover, "leftover temporary file; delete it"))
    return results


def _verify_one(entry: RemoteFile, rel: str, path: Path, *, use_record: bool) -> VerifyResult:
    try:
        _check(path, entry, rel, use_record=use_record, where=f"file {path}")
    except DataFileError as exc:
        return VerifyResult(path.name, path, str(exc))
    return VerifyResult(path.name, path)


# ---------------------------------------------------------------- date ranges


def _product(name: str) -> Product:
    for product in PRODUCTS:
        if product.name == name:
            return product
    raise DataFileError(
        f"unknown product {name!r}; products: {', '.join(p.name for p in PRODUCTS)}"
    )


def _month_end(day: dt.date) -> dt.date:
    nxt = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _span_text(text: str, what: str, *, end: bool) -> dt.date:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``: the first (or, for an end, last) day."""
    value = text.strip()
    try:
        if re.fullmatch(r"\d{4}", value):
            return dt.date(int(value), 12, 31) if end else dt.date(int(value), 1, 1)
        if re.fullmatch(r"\d{4}-\d{2}", value):
            first = dt.date.fromisoformat(value + "-01")
            return _month_end(first) if end else first
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    raise InputError(f"{what} {text!r} is not a date; give YYYY, YYYY-MM or YYYY-MM-DD")


FIRST_RECORD_YEAR = 1978
"""Year the passive-microwave sea-ice record begins (G02202 monthly from 1978-11)."""


def date_span(
    years: str | None = None, start: str | None = None, end: str | None = None
) -> tuple[dt.date, dt.date]:
    """First and last day of a download range given as years or as start/end.

    Parameters
    ----------
    years : str, optional
        ``"2012"`` or ``"2012-2013"`` (whole calendar years).
    start, end : str, optional
        ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; ``end`` defaults to ``start``
        (a month given as ``YYYY-MM`` runs to its last day).

    Raises
    ------
    arcticroute.errors.InputError
        Both or neither of ``years`` and ``start``, ``end`` without ``start``, an
        unreadable date, a range that ends before it starts, starts before the
        satellite record or after today. An end after today is cut to today.
    """
    if (years is None) == (start is None):
        raise InputError(
            "give the range as --years YYYY[-YYYY] or as --start DATE [--end DATE], not both"
            if years is not None
            else "give a date range: --years YYYY[-YYYY] or --start DATE [--end DATE]"
        )
    if years is not None:
        m = re.fullmatch(r"\s*(\d{4})(?:\s*-\s*(\d{4}))?\s*", years)
        if m is None:
            raise InputError(f"--years {years!r}: give a year or a span, e.g. 2012 or 2012-2013")
        first = dt.date(int(m.group(1)), 1, 1)
        last = dt.date(int(m.group(2) or m.group(1)), 12, 31)
    else:
        assert start is not None
        first = _span_text(start, "--start", end=False)
        last = _span_text(end if end is not None else start, "--end", end=True)
    if last < first:
        raise InputError(f"the range ends ({last}) before it starts ({first}); swap the dates")
    return _observable(first, last)


def _observable(first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    """The part of a range that can have been observed: the passive-microwave record
    begins in late 1978 (G02202 from 1978-11, see :data:`PRODUCTS`), and nothing after
    today exists yet, so the end is cut to today."""
    today = dt.date.today()
    if first.year < FIRST_RECORD_YEAR:
        raise InputError(
            f"the range starts {first}, before the satellite record (late {FIRST_RECORD_YEAR}); "
            f"start in {FIRST_RECORD_YEAR} or later"
        )
    if first > today:
        raise InputError(
            f"the range starts {first}, after today ({today}): nothing is observed yet; "
            f"give a range up to {today.year}"
        )
    return first, min(last, today)


def product_dates(product: str, first: dt.date, last: dt.date) -> list[dt.date]:
    """The dates (first of each month, or every day) whose files make up a range."""
    step = _product(product).step
    if step == "day":
        return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    out, month = [], dt.date(first.year, first.month, 1)
    while month <= last:
        out.append(month)
        month = _month_end(month) + dt.timedelta(days=1)
    return out


def download_range(
    product: str,
    first: dt.date,
    last: dt.date,
    base_url: str | None = None,
    *,
    refresh: bool = False,
    timeout_s: float = TIMEOUT_S,
) -> list[FetchResult]:
    """Fetch every file of ``product`` from ``first`` to ``last`` into the cache.

    Parameters
    ----------
    product : str
        A :data:`PRODUCTS` name, e.g. ``"g02202-v5-monthly"``.
    first, last : datetime.date
        The range (see :func:`date_span`); monthly products take every month it
        touches.
    base_url, refresh, timeout_s
        As for :func:`fetch`.

    Returns
    -------
    list of FetchResult
        One per file, named by its concrete file name; a failed file carries its
        ``error`` and does not stop the others, except an unreachable server,
        which ends the range with one result for the files not tried.
    """
    entry = _product(product)
    results = []
    days = product_dates(product, first, last)
    for i, day in enumerate(days):
        try:
            name = file_name(entry.pattern, day)
            path, source, digest = _fetch(name, None, base_url, refresh, timeout_s)
        except _Unreachable as exc:
            results.append(FetchResult(name, None, None, None, str(exc)))
            if i + 1 < len(days):
                rest = f"{len(days) - i - 1} more file(s) of {entry.name} not tried"
                results.append(FetchResult(rest, None, None, None, "the server is unreachable"))
            break
        except DataFileError as exc:
            results.append(FetchResult(f"{entry.name} {day}", None, None, None, str(exc)))
        else:
            results.append(FetchResult(name, path, source, digest))
    return results


def local_path(name_or_pattern: str, date: dt.date | str | None = None) -> Path | None:
    """Verified local copy of a registry file (offline folder, then cache), or None.

    Never downloads. A pattern with a date outside what the registry can name
    (before the product, after the documented satellites) has no local copy.

    Raises
    ------
    DataFileError
        Unknown name, or a local copy that fails its pinned or recorded sha256 or
        its format check.
    """
    try:
        entry, day = _resolve(name_or_pattern, date)
        rel = _render(entry, day)
    except DataFileError:
        if any(e.name == name_or_pattern for e in REGISTRY) and date is not None:
            return None
        raise
    offline = _offline_dir()
    found = _find_offline(offline, entry, rel) if offline is not None else None
    if found is not None:
        _check(found, entry, rel, use_record=False, where=f"{ENV_OFFLINE_DIR} copy {found}")
        return found
    target = _cache_path(entry, rel)
    if not target.is_file():
        return None
    _check(target, entry, rel, use_record=True, where=f"cached copy {target}")
    return target


def file_name(name_or_pattern: str, date: dt.date | str | None = None) -> str:
    """The concrete file name of a registry name or pattern for a date.

    Raises
    ------
    DataFileError
        Unknown name, missing date, or a date the pattern cannot name.
    """
    entry, day = _resolve(name_or_pattern, date)
    return _render(entry, day).rsplit("/", 1)[-1]


def local_files(pattern: str) -> dict[str, Path]:
    """Files on this machine whose names fit a registry pattern: {file name: path}.

    One listing of ``ARCTICROUTE_DATA_DIR`` and of the pattern's folder in the
    cache (offline copies first), not verified: pass a hit to :func:`local_path`.
    """
    entry = next((e for e in REGISTRY if e.name == pattern), None)
    if entry is None or not entry.is_pattern:
        raise DataFileError(f"{pattern!r} is not a URL pattern of the registry")
    regex = _name_regex(entry)
    glob = re.sub(r"\*+", "*", _FIELD_RE.sub("*", entry.name))
    found: dict[str, Path] = {}
    roots = [cache_dir() / entry.host]
    offline = _offline_dir()
    if offline is not None:
        roots.insert(0, offline)
    for root in roots:
        for path in sorted(root.rglob(glob)) if root.is_dir() else ():
            if path.is_file() and regex.fullmatch(path.name):
                found.setdefault(path.name, path)
    return found


def cache_generation() -> tuple[int, int]:
    """Changes whenever a file enters the cache: (downloads by this process, mtime of the
    hash record in ns, which other processes rewrite with every unpinned download).

    Lets readers keep a listing of the cache until something new arrives.
    """
    record = _record_path(os.environ.get(ENV_CACHE_DIR), os.environ.get(ENV_OFFLINE_DIR))
    try:
        stamp = record.stat().st_mtime_ns
    except OSError:
        stamp = 0
    return _GENERATION[0], stamp


def cache_state() -> tuple[str | None, str | None, tuple[int, int]]:
    """Where observed files are found and whether one arrived since: offline folder, cache
    folder and :func:`cache_generation`. The key part of every cache of what rests on
    observed ice (fields, covers, layers, verdicts), so a download is never hidden by one."""
    return (os.environ.get(ENV_OFFLINE_DIR), os.environ.get(ENV_CACHE_DIR), cache_generation())


@functools.lru_cache(maxsize=8)
def _record_path(_cache_env: str | None, _offline_env: str | None) -> Path:
    return cache_dir() / RECORD_FILE
