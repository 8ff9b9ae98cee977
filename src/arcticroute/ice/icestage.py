"""Sea-ice stage of development: WMO stages, thickness, concentration and SIGRID-3 charts.

The stages are the ice-type columns of IMO POLARIS (MSC.1/Circ.1519, 2016), in
order of increasing thickness, plus glacier ice and "unknown". They are stored
in arrays as ``int8`` codes (the :class:`IceStage` values), so the maximum over
stages is the thickest one and, because :attr:`IceStage.UNKNOWN` has the
largest code, an unknown stage always wins: unknown ice is never read as thin
ice or open water.

Three ways to a stage field:

* :func:`stage_from_thickness`: from an ice thickness field (e.g. CMIP6
  ``sithick``), by the WMO thickness ranges (:data:`STAGE_THICKNESS_M`);
* :func:`stage_from_concentration`: from concentration alone. A concentration
  says nothing about the stage, so this is a named assumption
  (``icestage.from_concentration.*`` in ``data/parameters.toml``),
  conservative by default;
* :func:`read_sigrid3`: from an ice chart in SIGRID-3 (egg-code attributes),
  rasterised onto a grid.

Code tables (:data:`SIGRID3_STAGE_CODES`, :func:`concentration_from_sigrid3`)
follow WMO SIGRID-3; codes that name a range of stages are mapped to the
thickest stage of the range, and codes the tables do not know to "unknown".

References
----------
.. [1] IMO MSC.1/Circ.1519 (2016), POLARIS ice-type columns, as reproduced in
   MPAS-Dev/MPAS-Analysis ``climatology_map_risk_index_outcome.py``
   (shared/reference/REFERENCE.md §3.3).
.. [2] WMO stages and thickness: LR Rules Pt 8 Ch 1 Sec 2, Table 1.2.1,
   https://imorules.com/LRSHIP_PT8_CH1_2.html ; Environment Canada "Sea Ice
   Symbols Fact Sheet" (REFERENCE.md §3.9, §10.7).
.. [3] JCOMM TR No. 23, WMO/TD-No. 1214, "SIGRID-3: A vector archive format for
   sea ice georeferenced information and data" (v3.0, 2014). Stage codes as
   used by CIS-derived public code (REFERENCE.md §10.7); concentration codes as
   tabulated in the NSIDC G02172 documentation ("Codes and Values for Ice
   Concentrations", https://nsidc.org/data/docs/noaa/g02172_nic_charts_climo_grid),
   quoted in public code (nansat/sea-ice evaluation scripts); not checked
   against the WMO document itself.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike

from arcticroute import assumptions
from arcticroute.errors import ArcticRouteError, DataFileError
from arcticroute.ice.xrcompat import is_dataarray

if TYPE_CHECKING:
    import xarray as xr

__all__ = [
    "POLARIS_COLUMNS",
    "SIGRID3_ATTRIBUTES",
    "SIGRID3_STAGE_CODES",
    "STAGE_THICKNESS_M",
    "IceStage",
    "IceStageError",
    "concentration_from_sigrid3",
    "parse_stage",
    "read_sigrid3",
    "stage_from_concentration",
    "stage_from_sigrid3",
    "stage_from_thickness",
    "thickest_stage",
]


class IceStageError(ArcticRouteError, ValueError):
    """Bad input to a stage function: negative thickness, month, region, grid, stage name."""


class IceStage(IntEnum):
    """WMO stage of development, ordered as the POLARIS ice-type columns.

    Codes 0-11 are the twelve POLARIS columns (IF ... HMY) in order; glacier ice
    (12) has no POLARIS column; UNKNOWN (99) sorts above every stage so that
    ``max`` over stages fails closed.
    """

    ICE_FREE = 0
    NEW_ICE = 1
    """New ice and nilas, < 0.10 m."""
    GREY = 2
    GREY_WHITE = 3
    THIN_FY_1 = 4
    THIN_FY_2 = 5
    MEDIUM_FY_LT_1M = 6
    MEDIUM_FY = 7
    THICK_FY = 8
    SECOND_YEAR = 9
    LIGHT_MY = 10
    HEAVY_MY = 11
    GLACIER = 12
    """Ice of land origin (SIGRID-3 code 98); not a POLARIS column."""
    UNKNOWN = 99

    @property
    def abbreviation(self) -> str:
        """POLARIS column abbreviation ("IF" ... "HMY"), "GL" or "unknown"."""
        return _ABBREVIATIONS[self]

    @property
    def polaris_column(self) -> int:
        """Index of this stage's column in the POLARIS RIV table (0 = IF ... 11 = HMY).

        Raises
        ------
        IceStageError
            For glacier ice and unknown stages, which have no column.
        """
        if self > IceStage.HEAVY_MY:
            raise IceStageError(
                f"stage {self.name} has no POLARIS column; the columns are "
                f"{', '.join(POLARIS_COLUMNS)}"
            )
        return int(self)


POLARIS_COLUMNS: tuple[str, ...] = (
    "IF",
    "NI",
    "GI",
    "GWI",
    "TFY1",
    "TFY2",
    "MFY<1m",
    "MFY",
    "TkFY",
    "SY",
    "LMY",
    "HMY",
)
"""POLARIS ice-type columns, MSC.1/Circ.1519 (2016) RIV table (REFERENCE.md §3.3)."""

_ABBREVIATIONS = {
    **{IceStage(i): name for i, name in enumerate(POLARIS_COLUMNS)},
    IceStage.GLACIER: "GL",
    IceStage.UNKNOWN: "unknown",
}

STAGE_THICKNESS_M: dict[IceStage, tuple[float, float]] = {
    IceStage.ICE_FREE: (0.0, 0.0),
    IceStage.NEW_ICE: (0.0, 0.10),
    IceStage.GREY: (0.10, 0.15),
    IceStage.GREY_WHITE: (0.15, 0.30),
    IceStage.THIN_FY_1: (0.30, 0.50),
    IceStage.THIN_FY_2: (0.50, 0.70),
    IceStage.MEDIUM_FY_LT_1M: (0.70, 1.00),
    IceStage.MEDIUM_FY: (1.00, 1.20),
    IceStage.THICK_FY: (1.20, 2.00),
    IceStage.SECOND_YEAR: (math.nan, 2.50),
    IceStage.LIGHT_MY: (math.nan, 2.50),
    IceStage.HEAVY_MY: (2.50, math.inf),
}
"""Thickness range (lower, upper) in metres of each stage; NaN where no source gives one.

Sources: WMO ranges from LR Rules Pt 8 Ch 1 Sec 2, Table 1.2.1 (REFERENCE.md §3.9):
nilas < 0.10, grey 0.10-0.15, grey-white 0.15-0.30, thin first-year 1st stage
0.30-0.50, 2nd stage 0.50-0.70, medium first-year 0.70-1.20, thick first-year
> 1.20, second-year < 2.5, multi-year > 2.5. The 1.00 m split of medium first-year
is the POLARIS column "MFY < 1 m" (§3.3); the 2.00 m upper limit of first-year ice
is SIGRID-3 code 86 "first-year ice 30-200 cm" (§10.7); "LMY < 2.5 m" is the
POLARIS column name. New ice includes nilas (both < 0.10 m): POLARIS has one
column for them. A thickness on a boundary belongs to the thicker stage.
"""

# Breakpoints of stage_from_thickness confirmed by a source (see STAGE_THICKNESS_M);
# the old-ice breakpoint and stage come from the registry.
_FY_EDGES_M = (0.10, 0.15, 0.30, 0.50, 0.70, 1.00, 1.20)
_FY_STAGES = (
    IceStage.NEW_ICE,
    IceStage.GREY,
    IceStage.GREY_WHITE,
    IceStage.THIN_FY_1,
    IceStage.THIN_FY_2,
    IceStage.MEDIUM_FY_LT_1M,
    IceStage.MEDIUM_FY,
    IceStage.THICK_FY,
)
_HEAVY_MY_MIN_M = 2.50

SIGRID3_STAGE_CODES: dict[int, IceStage] = {
    0: IceStage.ICE_FREE,
    80: IceStage.UNKNOWN,  # "no stage of development"
    81: IceStage.NEW_ICE,
    82: IceStage.NEW_ICE,  # nilas, ice rind, < 10 cm
    83: IceStage.GREY_WHITE,  # young ice 10-30 cm: thicker of grey / grey-white
    84: IceStage.GREY,
    85: IceStage.GREY_WHITE,
    86: IceStage.THICK_FY,  # first-year 30-200 cm: thickest first-year stage
    87: IceStage.THIN_FY_2,  # thin first-year 30-70 cm: thicker stage
    88: IceStage.THIN_FY_1,
    89: IceStage.THIN_FY_2,
    91: IceStage.MEDIUM_FY,  # medium first-year 70-120 cm: thicker POLARIS column
    93: IceStage.THICK_FY,
    95: IceStage.HEAVY_MY,  # old ice: SY, LMY or HMY, thickest taken
    96: IceStage.SECOND_YEAR,
    97: IceStage.HEAVY_MY,  # multi-year: LMY or HMY, thickest taken
    98: IceStage.GLACIER,
    99: IceStage.UNKNOWN,
}
"""SIGRID-3 stage-of-development codes (SA, SB, SC) → stage.

Source: WMO SIGRID-3 (JCOMM TR No. 23) code table as used by CIS-derived public
code, REFERENCE.md §10.7 (00 ice free, 80 no stage, 81 new, 82 nilas, 83 young,
84 grey, 85 grey-white, 86 first-year, 87 thin FY, 88/89 thin FY 1st/2nd stage,
91 medium FY, 93 thick FY, 95 old, 96 second-year, 97 multi-year, 98 glacier,
99 unknown). Codes naming several POLARIS columns take the thickest (conservative);
codes not in the table and missing values (-9, empty) are UNKNOWN.
"""

SIGRID3_ATTRIBUTES = ("CT", "CA", "CB", "CC", "SA", "SB", "SC")
"""Egg-code attributes :func:`read_sigrid3` requires (FA, FB, FC and POLY_TYPE are optional)."""

_RANGE_RULES = ("upper", "mid", "lower")


def parse_stage(name: str | int | IceStage) -> IceStage:
    """Return the stage named by a POLARIS abbreviation ("TkFY"), enum name or code.

    Raises
    ------
    IceStageError
        If the name is not a stage; the message lists the valid abbreviations.
    """
    if isinstance(name, IceStage):
        return name
    if isinstance(name, int | np.integer):
        try:
            return IceStage(int(name))
        except ValueError:
            pass
    else:
        key = str(name).strip().lower()
        for stage in IceStage:
            if key in (stage.abbreviation.lower(), stage.name.lower()):
                return stage
    valid = ", ".join(s.abbreviation for s in IceStage)
    raise IceStageError(f"unknown ice stage {name!r}; use one of {valid}")


def _wrap(result: np.ndarray, like: Any, name: str, attrs: Mapping[str, Any]) -> Any:
    if is_dataarray(like):
        import xarray as xr

        return xr.DataArray(result, coords=like.coords, dims=like.dims, name=name, attrs=attrs)
    return result


def stage_from_thickness(thickness_m: ArrayLike) -> Any:
    """Stage of development from ice thickness.

    Parameters
    ----------
    thickness_m : array_like or xarray.DataArray
        Ice thickness in metres (thickness of the ice-covered part of the cell,
        as CMIP6 ``sithick``). NaN means unknown.

    Returns
    -------
    numpy.ndarray of int8, or xarray.DataArray
        :class:`IceStage` codes, same shape: 0 m → ICE_FREE, NaN → UNKNOWN
        (never ice free).

    Raises
    ------
    IceStageError
        If any thickness is negative, or the old-ice assumptions are out of range.

    Notes
    -----
    Up to 1.20 m the WMO ranges of :data:`STAGE_THICKNESS_M` apply, with a
    boundary value given to the thicker stage. Thickness cannot tell thick
    first-year ice from old ice, nor second-year from light multi-year; these
    steps are the assumptions ``icestage.thickness.old_ice_min_m`` (default
    2.0 m) and ``icestage.thickness.old_ice_stage_below_2_5m`` (default LMY).
    From 2.5 m the stage is heavy multi-year (WMO multi-year > 2.5 m; POLARIS
    LMY < 2.5 m). SY is produced only if that assumption is set to "SY".
    A thickness field says nothing about concentration: combine with one.
    """
    t = np.asarray(thickness_m, dtype=float)
    if np.any(t < 0):
        raise IceStageError(
            f"thickness_m must be >= 0 m (NaN for unknown); got minimum {np.nanmin(t):g} m"
        )
    old_min = float(assumptions.value("icestage.thickness.old_ice_min_m"))
    if not _FY_EDGES_M[-1] <= old_min <= _HEAVY_MY_MIN_M:
        raise IceStageError(
            f"assumption icestage.thickness.old_ice_min_m must lie in "
            f"{_FY_EDGES_M[-1]}-{_HEAVY_MY_MIN_M} m; got {old_min}"
        )
    old_stage = parse_stage(assumptions.value("icestage.thickness.old_ice_stage_below_2_5m"))
    if old_stage not in (IceStage.SECOND_YEAR, IceStage.LIGHT_MY, IceStage.HEAVY_MY):
        raise IceStageError(
            "assumption icestage.thickness.old_ice_stage_below_2_5m must be SY, LMY or HMY; "
            f"got {old_stage.abbreviation}"
        )
    edges = np.array([*_FY_EDGES_M, old_min, _HEAVY_MY_MIN_M])
    stages = np.array([*_FY_STAGES, old_stage, IceStage.HEAVY_MY], dtype=np.int8)
    out = np.array(stages[np.searchsorted(edges, np.nan_to_num(t, nan=0.0), side="right")])
    out[t == 0] = IceStage.ICE_FREE
    out[np.isnan(t)] = IceStage.UNKNOWN
    attrs = {
        "long_name": "sea-ice stage of development (arcticroute.ice.icestage.IceStage codes)",
        "method": "stage_from_thickness",
        "assumptions": "icestage.thickness.old_ice_min_m, "
        "icestage.thickness.old_ice_stage_below_2_5m",
    }
    return _wrap(out, thickness_m, "stage", attrs)


def _regions() -> list[str]:
    prefix, suffix = "icestage.from_concentration.", ".stage_by_month"
    return sorted(
        p.key[len(prefix) : -len(suffix)]
        for p in assumptions.all_parameters()
        if p.key.startswith(prefix) and p.key.endswith(suffix)
    )


def stage_from_concentration(sic: ArrayLike, month: ArrayLike, region: str | None = None) -> Any:
    """Conservative stage for ice seen only as a concentration (a named assumption).

    Parameters
    ----------
    sic : array_like or xarray.DataArray
        Ice concentration as a fraction 0..1; NaN means unknown.
    month : int or array_like of int
        Calendar month 1-12, scalar or broadcastable to ``sic``.
    region : str, optional
        Name of a stage table in the registry,
        ``icestage.from_concentration.<region>.stage_by_month``. None uses
        ``default``. Shipped: ``default`` (HMY in every month) and
        ``seasonal_ice_zone`` (TkFY: seas that melt out every summer). Apply a
        region to part of a grid with :func:`numpy.where` and a region mask.

    Returns
    -------
    numpy.ndarray of int8, or xarray.DataArray
        :class:`IceStage` codes: ICE_FREE where ``sic <=
        icestage.from_concentration.ice_free_max``, UNKNOWN where ``sic`` is NaN,
        else the region's stage for the month.

    Raises
    ------
    IceStageError
        For a concentration outside 0..1 (e.g. percent), a month outside 1-12,
        an unknown region or a malformed table.

    Notes
    -----
    Passive-microwave concentration carries no stage. The shipped tables are
    the worst stage the region can plausibly hold ("when in doubt, the older and
    thicker stage"); they list one stage per month so that a sourced climatology
    can vary it, but no source was found to justify a monthly variation, so the
    shipped months are all the same. Override with
    :func:`arcticroute.assumptions.overridden` or a user assumptions file.
    """
    c = np.asarray(sic, dtype=float)
    if np.any((c < 0) | (c > 1)):
        raise IceStageError(
            "sic must be a fraction 0..1 (divide percent by 100); got range "
            f"{np.nanmin(c):g}..{np.nanmax(c):g}"
        )
    m = np.asarray(month)
    if not np.issubdtype(m.dtype, np.integer) or np.any((m < 1) | (m > 12)):
        raise IceStageError(f"month must be an integer 1-12; got {month!r}")
    name = "default" if region is None else region
    key = f"icestage.from_concentration.{name}.stage_by_month"
    try:
        table = assumptions.value(key)
    except KeyError:
        raise IceStageError(
            f"unknown region {region!r} for stage_from_concentration; known regions: "
            f"{', '.join(_regions())} (or add {key} to an assumptions file)"
        ) from None
    if len(table) != 12:
        raise IceStageError(f"assumption {key} must list 12 stages, one per month; got {table}")
    by_month = np.array([parse_stage(s) for s in table], dtype=np.int8)
    ice_free_max = float(assumptions.value("icestage.from_concentration.ice_free_max"))
    out = np.broadcast_to(by_month[m - 1], c.shape).copy()
    out[c <= ice_free_max] = IceStage.ICE_FREE
    out[np.isnan(c)] = IceStage.UNKNOWN
    attrs = {
        "long_name": "sea-ice stage of development (arcticroute.ice.icestage.IceStage codes)",
        "method": f"stage_from_concentration, region {name}",
        "assumptions": f"{key}, icestage.from_concentration.ice_free_max",
    }
    return _wrap(out, sic, "stage", attrs)


def thickest_stage(stage: ArrayLike, concentration: ArrayLike, axis: int = 0) -> np.ndarray:
    """The thickest stage present (partial concentration > 0) along ``axis``.

    UNKNOWN has the highest code, so any unknown stage present makes the result
    unknown; a NaN concentration counts as present. Where no stage is present
    the result is ICE_FREE.
    """
    s = np.asarray(stage, dtype=np.int8)
    c = np.asarray(concentration, dtype=float)
    present = (c > 0) | np.isnan(c)
    return np.where(present, s, np.int8(IceStage.ICE_FREE)).max(axis=axis).astype(np.int8)


# --- SIGRID-3 ----------------------------------------------------------------------------


def _code(raw: Any) -> int | None:
    """A SIGRID-3 attribute as an int code; None when missing (empty, -9, null).

    A value that is present but not a number returns -1 (unknown code).
    """
    if raw is None:
        return None
    if isinstance(raw, bytes):
        raw = raw.decode("ascii", "replace")
    if isinstance(raw, str):
        raw = raw.strip()
        if raw == "":
            return None
        try:
            raw = float(raw)
        except ValueError:
            return -1
    value = float(raw)
    if math.isnan(value) or value == -9:
        return None
    if value != int(value) or value < 0:
        return -1
    return int(value)


def _concentration_range(code: int) -> tuple[float, float] | None:
    """Concentration range (low, high) in tenths of a SIGRID-3 code; None if not a code."""
    if code == 0:
        return (0.0, 0.0)
    if code in (1, 2):  # less than 1/10 (open water), bergy water
        return (0.0, 1.0)
    if code == 92:
        return (10.0, 10.0)
    if code == 91:  # 9+/10: more than 9/10, less than 10/10
        return (9.0, 10.0)
    if 10 <= code <= 90 and code % 10 == 0:
        return (code / 10, code / 10)
    low, high = divmod(code, 10)
    if 1 <= low <= 8 and high == 1:  # e.g. 71 = 7/10 to 10/10
        return (float(low), 10.0)
    if 1 <= low < high <= 9:  # e.g. 79 = 7/10 to 9/10
        return (float(low), float(high))
    return None


def concentration_from_sigrid3(code: Any, range_rule: str | None = None) -> float | None:
    """Concentration (fraction 0..1) of a SIGRID-3 concentration code (CT, CA, CB, CC).

    Parameters
    ----------
    code : str, int, float or None
        The attribute value, e.g. ``"92"``, ``79``, ``"-9"``.
    range_rule : {"upper", "mid", "lower"}, optional
        Which end of a range code to take; default the assumption
        ``icestage.sigrid3.range_rule`` ("upper", conservative).

    Returns
    -------
    float or None
        The concentration as a fraction; NaN for an unknown code (99 or any
        code not in the table); None when the value is missing (empty, -9, null).

    Notes
    -----
    Code table (SIGRID-3, as tabulated for NSIDC G02172; see module references):
    00 ice free; 01 less than 1/10 (open water) and 02 bergy water, both the range
    0 to 1/10; 10, 20, ..., 90 = 1/10 ... 9/10; 91 = 9+/10 (more than 9/10, less
    than 10/10); 92 = 10/10; two-digit range codes ClCh = Cl/10 to Ch/10 (e.g.
    13, 46, 79), with Ch = 1 meaning 10/10 (e.g. 71 = 7/10 to 10/10); 99
    undetermined; -9 null.
    """
    rule = range_rule or assumptions.value("icestage.sigrid3.range_rule")
    if rule not in _RANGE_RULES:
        raise IceStageError(f"range_rule must be one of {', '.join(_RANGE_RULES)}; got {rule!r}")
    c = _code(code)
    if c is None:
        return None
    bounds = _concentration_range(c) if c >= 0 else None
    if bounds is None:
        return math.nan
    low, high = bounds
    tenths = {"upper": high, "mid": (low + high) / 2, "lower": low}[rule]
    return tenths / 10


def stage_from_sigrid3(code: Any) -> IceStage:
    """Stage of a SIGRID-3 stage-of-development code (SA, SB, SC).

    Missing values and codes not in :data:`SIGRID3_STAGE_CODES` give UNKNOWN.
    """
    c = _code(code)
    if c is None:
        return IceStage.UNKNOWN
    return SIGRID3_STAGE_CODES.get(c, IceStage.UNKNOWN)


def _decode_polygon(
    attrs: Mapping[str, Any], rule: str
) -> tuple[float, list[float], list[IceStage], list[int]]:
    """Total concentration, partial concentrations, stages and forms of one polygon."""
    forms = [_code(attrs.get(f)) for f in ("FA", "FB", "FC")]
    forms = [-1 if f is None else f for f in forms]
    unknown = (math.nan, [math.nan] * 3, [IceStage.UNKNOWN] * 3, forms)
    ct_code = _code(attrs["CT"])
    total = concentration_from_sigrid3(attrs["CT"], rule)
    if total is None or math.isnan(total):
        return unknown
    if total == 0:
        return (0.0, [0.0] * 3, [IceStage.ICE_FREE] * 3, forms)
    raw = [concentration_from_sigrid3(attrs[f], rule) for f in ("CA", "CB", "CC")]
    stages = [stage_from_sigrid3(attrs[f]) for f in ("SA", "SB", "SC")]
    partial = [0.0 if c is None or math.isnan(c) else c for c in raw]
    # Ice the partials do not account for (CA left empty when only one type is
    # present, range-code rounding) goes to the first slot whose concentration
    # code is unreadable, else to type A, the thickest reported.
    remainder = total - sum(partial)
    if remainder > 1e-9:
        bad = [i for i, c in enumerate(raw) if c is not None and math.isnan(c)]
        target = bad[0] if bad else 0
        partial[target] += remainder
        if ct_code == 2 and raw[target] is None and stages[target] == IceStage.UNKNOWN:
            stages[target] = IceStage.GLACIER  # bergy water: ice of land origin
    total = max(total, sum(partial))
    stages = [s if p > 0 else IceStage.ICE_FREE for s, p in zip(stages, partial, strict=True)]
    return (total, partial, stages, forms)


def _read_chart(path: Path) -> tuple[dict, np.ndarray, dict[str, np.ndarray]]:
    import pyogrio
    import pyogrio.errors

    if not path.exists():
        raise DataFileError(f"SIGRID-3 chart not found: {path}")
    try:
        meta, _, geometry, field_data = pyogrio.raw.read(path)
    except (
        pyogrio.errors.DataSourceError,
        pyogrio.errors.DataLayerError,
        pyogrio.errors.FieldError,
        pyogrio.errors.FeatureError,
        pyogrio.errors.GeometryError,
    ) as exc:
        raise DataFileError(
            f"cannot read SIGRID-3 chart {path}: {exc} (is the shapefile complete, "
            "with its .shp, .shx and .dbf?)"
        ) from exc
    # GDAL reads the records of a truncated .shp as empty geometries, without error.
    empty = [i for i, g in enumerate(geometry) if g is None]
    if empty:
        raise DataFileError(
            f"SIGRID-3 chart {path}: {len(empty)} of {len(geometry)} polygons have no "
            f"geometry (first: record {empty[0]}); the .shp is truncated or corrupt"
        )
    fields = {
        str(name).upper(): values for name, values in zip(meta["fields"], field_data, strict=True)
    }
    missing = [f for f in SIGRID3_ATTRIBUTES if f not in fields]
    if missing:
        raise DataFileError(
            f"SIGRID-3 chart {path} lacks egg-code attribute(s) {', '.join(missing)}; "
            f"it has {', '.join(fields) or 'no attributes'}; needs {', '.join(SIGRID3_ATTRIBUTES)}"
        )
    return meta, geometry, fields


def _grid_transform(grid_x: np.ndarray, grid_y: np.ndarray):
    from rasterio.transform import Affine

    for name, v in (("grid_x", grid_x), ("grid_y", grid_y)):
        if v.ndim != 1 or v.size < 2 or not np.all(np.isfinite(v)):
            raise IceStageError(f"{name} must be 1-D cell-centre coordinates with >= 2 values")
        step = np.diff(v)
        if step[0] == 0 or not np.allclose(step, step[0], rtol=1e-6, atol=0):
            raise IceStageError(
                f"{name} must be regularly spaced; got steps {step.min():g} to {step.max():g}"
            )
    dx = grid_x[1] - grid_x[0]
    dy = grid_y[1] - grid_y[0]
    return Affine(dx, 0.0, grid_x[0] - dx / 2, 0.0, dy, grid_y[0] - dy / 2)


def read_sigrid3(
    path: str | Path,
    grid_x: ArrayLike,
    grid_y: ArrayLike,
    crs: Any,
    *,
    chart_crs: Any = None,
) -> xr.Dataset:
    """Read a SIGRID-3 ice chart (shapefile) and rasterise its egg codes onto a grid.

    Parameters
    ----------
    path : str or Path
        The chart's ``.shp`` (with its ``.shx``, ``.dbf`` and, normally, ``.prj``).
    grid_x, grid_y : array_like
        1-D, regularly spaced cell-centre coordinates of the target grid in
        ``crs`` units (metres for EPSG:3411); y may ascend or descend.
    crs : Any
        CRS of the grid, anything :meth:`pyproj.CRS.from_user_input` accepts.
    chart_crs : Any, optional
        CRS of the chart, used only when the file has no ``.prj``.

    Returns
    -------
    xarray.Dataset
        On dims ``(y, x)`` and ``(ice_type, y, x)`` with ``ice_type`` = A, B, C (thickest
        first, as in the egg code):

        * ``total_concentration`` (y, x): fraction 0..1 (CT);
        * ``partial_concentration`` (ice_type, y, x): fraction (CA, CB, CC, with the
          share CT leaves unassigned added as described in Notes);
        * ``stage`` (ice_type, y, x): :class:`IceStage` codes (SA, SB, SC);
        * ``thickest_stage`` (y, x): :func:`thickest_stage` of the ice types;
        * ``form`` (ice_type, y, x): raw floe-size / form codes FA, FB, FC (-1 missing);
        * ``land`` (y, x): inside a land polygon (``POLY_TYPE`` "L");
        * ``covered`` (y, x): inside any chart polygon.

        Cells outside the chart, on land, or with an unreadable CT are NaN with
        stage UNKNOWN: never open water.

    Raises
    ------
    DataFileError
        If the file is missing, unreadable or truncated, lacks a required
        attribute (:data:`SIGRID3_ATTRIBUTES`) or a CRS.
    IceStageError
        If the grid coordinates are not 1-D and regular.

    Notes
    -----
    Decoding: concentrations by :func:`concentration_from_sigrid3` (range codes by
    the assumption ``icestage.sigrid3.range_rule``), stages by
    :func:`stage_from_sigrid3`. CT 00 makes the cell ice free. A partial that is
    empty counts 0; when CA..CC sum to less than CT, the difference goes to the
    first partial whose code is unreadable, otherwise to type A (the egg code
    leaves CA empty when only one ice type is present: "assumed equal to CT").
    For bergy water (CT 02) without a stage that share is glacier ice. If the
    partials exceed CT the total is raised to their sum. Trace ice (SO, SD and
    CD) is not read.

    Rasterisation assigns a cell the polygon containing its centre
    (``rasterio.features.rasterize``, ``all_touched=False``); where polygons
    overlap the later one wins. Geographic charts are densified to 0.25° before
    projection; polygons crossing the antimeridian are not split.
    """
    import xarray as xr

    path = Path(path)
    gx = np.asarray(grid_x, dtype=float)
    gy = np.asarray(grid_y, dtype=float)
    meta, geometry, fields = _read_chart(path)
    geoms, dst = _chart_geometries(path, meta, geometry, chart_crs, crs)
    rule = assumptions.value("icestage.sigrid3.range_rule")
    total, partial, stage, form, land = _decode_polygons(fields, len(geoms), rule)
    index = _rasterize_polygons(geoms, gx, gy)
    part = partial[:, index]
    stg = stage[:, index]
    coords = {"ice_type": ["A", "B", "C"], "y": gy, "x": gx}
    stage_attrs = {"long_name": "stage of development (arcticroute.ice.icestage.IceStage codes)"}
    frac = {"units": "1"}
    return xr.Dataset(
        {
            "total_concentration": (
                ("y", "x"),
                total[index],
                {**frac, "standard_name": "sea_ice_area_fraction"},
            ),
            "partial_concentration": (("ice_type", "y", "x"), part, frac),
            "stage": (("ice_type", "y", "x"), stg, stage_attrs),
            "thickest_stage": (("y", "x"), thickest_stage(stg, part), stage_attrs),
            "form": (("ice_type", "y", "x"), form[:, index], {"long_name": "SIGRID-3 form code"}),
            "land": (("y", "x"), land[index]),
            "covered": (("y", "x"), index > 0),
        },
        coords=coords,
        attrs={
            "source": str(path),
            "crs": dst.to_string(),
            "range_rule": rule,
            "assumptions": "icestage.sigrid3.range_rule",
            "references": "WMO SIGRID-3 (JCOMM TR No. 23, WMO/TD-No. 1214)",
        },
    )


def _chart_geometries(path: Path, meta: dict, geometry, chart_crs, crs):
    """The chart's polygons in the grid's CRS (geographic charts densified to 0.25°)."""
    import pyproj
    import shapely

    src_crs = meta.get("crs") or chart_crs
    if src_crs is None:
        raise DataFileError(f"SIGRID-3 chart {path} has no CRS (.prj missing); pass chart_crs=...")
    try:
        src = pyproj.CRS.from_user_input(src_crs)
        dst = pyproj.CRS.from_user_input(crs)
    except pyproj.exceptions.CRSError as exc:
        raise DataFileError(f"SIGRID-3 chart {path}: bad CRS: {exc}") from exc
    geoms = shapely.from_wkb(geometry)
    if src.is_geographic:
        geoms = shapely.segmentize(geoms, 0.25)
    if src != dst:
        to_grid = pyproj.Transformer.from_crs(src, dst, always_xy=True)
        geoms = shapely.transform(geoms, lambda xy: np.column_stack(to_grid.transform(*xy.T)))
    return geoms, dst


def _decode_polygons(fields: dict, n: int, rule: str) -> tuple:
    """Total and partial concentrations, stages, forms and land of every polygon (index
    ``i + 1`` for polygon ``i``; 0 is no polygon)."""
    total = np.full(n + 1, np.nan)
    partial = np.full((3, n + 1), np.nan)
    stage = np.full((3, n + 1), IceStage.UNKNOWN, dtype=np.int8)
    form = np.full((3, n + 1), -1, dtype=np.int16)
    land = np.zeros(n + 1, dtype=bool)
    poly_type = fields.get("POLY_TYPE")
    for i in range(n):
        attrs = {name: values[i] for name, values in fields.items()}
        kind = _code_str(poly_type[i]) if poly_type is not None else ""
        if kind == "L":
            land[i + 1] = True
            continue
        t, p, s, f = _decode_polygon(attrs, rule)
        total[i + 1], partial[:, i + 1], stage[:, i + 1], form[:, i + 1] = t, p, s, f
    return total, partial, stage, form, land


def _rasterize_polygons(geoms, gx: np.ndarray, gy: np.ndarray) -> np.ndarray:
    """The polygon (index ``i + 1``) holding each grid cell's centre, 0 for none."""
    from rasterio.features import rasterize

    shapes = [(g, i + 1) for i, g in enumerate(geoms) if g is not None and not g.is_empty]
    if not shapes:
        return np.zeros((gy.size, gx.size), dtype=np.int32)
    return rasterize(
        shapes,
        out_shape=(gy.size, gx.size),
        transform=_grid_transform(gx, gy),
        fill=0,
        all_touched=False,
        dtype="int32",
    )


def _code_str(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, bytes):
        raw = raw.decode("ascii", "replace")
    return str(raw).strip().upper()
