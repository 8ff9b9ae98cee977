"""IMO POLARIS: risk index values (RIV), risk index outcome (RIO) and what a ship may do.

POLARIS (Polar Operational Limit Assessment Risk Indexing System, IMO
MSC.1/Circ.1519, 2016) rates a cell of ice for a ship in four steps, each a
pure, vectorised function here:

1. :func:`riv`: the Risk Index Value of each ice type for the ship's ice class,
   from :data:`RIV_TABLE`;
2. :func:`rio`: the Risk Index Outcome, RIO = Σ C_i · RIV_i with C_i in tenths;
3. :func:`operation_level`: normal operation, elevated operational risk or
   operation subject to special consideration (:data:`RIO_THRESHOLDS`);
4. :func:`polaris_speed_kn`: the speed the result permits in the cell, with
   :func:`elevated_risk_speed_limit_kn` (:data:`ELEVATED_RISK_SPEED_LIMIT_KN`)
   in elevated risk; this is what the router applies to edge costs.

The table has rows for PC1–PC7, IA Super, IA, IB, IC and ships that are not
ice strengthened. A ship of another system (Arc4–Arc9, Ice1–Ice3) uses the row
of its nominal equivalent, found by :func:`polaris_class`: its IACS Polar Class
if it has one (confirmed for Arc4 = PC7 and Arc5 = PC6, assumed for Arc6–Arc9),
else its Finnish-Swedish class (assumed for Ice1–Ice3), else the "not ice
strengthened" row. Every assumption a result rests on is named by its key
(:func:`polaris_assumptions`), and each can be overridden.

Fail closed: an unknown stage (:attr:`IceStage.UNKNOWN`) or a missing
concentration gives a NaN RIV and RIO, an unknown operation level and a speed
of 0 kn. Unknown ice is never read as open water.

Glacier ice (:attr:`IceStage.GLACIER`) has no POLARIS column; it takes the
column named by the assumption ``polaris.glacier_ice.column`` (heavy
multi-year, the most severe, by default; "unknown" makes it NaN).

Decayed-ice and escorted RIVs exist in the Circular but their values are not
available to this project (no trustworthy copy, REFERENCE.md §3.4), so there is
no table for them. ``decayed=True`` and ``escorted=True`` use the standard
table (no credit taken, conservative) under the assumptions
``polaris.decayed_ice.rivs`` and ``polaris.escorted.rivs``; set either to
"unavailable" to make such requests raise instead.

Errors::

    PolarisError (arcticroute.errors.ArcticRouteError, ValueError)
        bad stage code, concentrations outside 0..1 or summing above 1,
        mismatched shapes, unknown policy, operation level or category,
        a decayed/escorted request while those RIVs are "unavailable"
    UnknownIceClassError (from arcticroute.vessel.iceclass)
        ice class not recognised

References
----------
.. [1] IMO MSC.1/Circ.1519 (6 June 2016), "Guidance on methodologies for
   assessing operational capabilities and limitations in ice" (POLARIS),
   https://www.imorules.com/GUID-2C1D86CB-5D58-490F-B4D4-46C057E1D102.html
   (only the introduction was reachable; REFERENCE.md §3.1).
.. [2] RIV table as reproduced in MPAS-Dev/MPAS-Analysis,
   ``mpas_analysis/sea_ice/climatology_map_risk_index_outcome.py`` ("table of Risk
   Index Values (defined by IMO)"); the IA and not-ice-strengthened rows agree with
   zcemjla/Arctic-shipping-technoeconomic-model ``Risk_index.csv``
   (REFERENCE.md §3.3). Not checked against the printed Circular.
.. [3] RIO formula, C_i in tenths with ice-free water included: ABS Alaskan
   Advisory; shipcalculators.com POLARIS glossary (REFERENCE.md §3.2).
.. [4] RIO thresholds: ARCTICE (UAA/APL-UW/Axiom) description and the
   shipcalculators POLARIS page (REFERENCE.md §3.5); the Circular's own wording was
   not reachable.
.. [5] Elevated-risk speed limits, "POLARIS Table 1.2 (MSC.1/Circ.1519)" as cited by
   third-party public code (REFERENCE.md §3.6); not checked against the Circular.
.. [6] Polar Code categories of the POLARIS rows (A = PC1–PC5, B = PC6–PC7,
   C = IA Super … not ice strengthened): FMI POLARIS module, public code
   (REFERENCE.md §3.7).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike

from arcticroute import assumptions
from arcticroute.errors import ArcticRouteError, DataFileError
from arcticroute.ice.icestage import POLARIS_COLUMNS, IceStage, IceStageError, parse_stage
from arcticroute.ice.xrcompat import is_dataarray
from arcticroute.vessel.iceclass import (
    IceClass,
    IceSystem,
    PolarCodeCategory,
    equivalence,
    parse_ice_class,
)

if TYPE_CHECKING:
    pass

__all__ = [
    "ELEVATED_RISK_SPEED_LIMIT_KN",
    "RIO_THRESHOLDS",
    "RIV_TABLE",
    "SPEED_POLICIES",
    "OperationLevel",
    "PolarisClass",
    "PolarisError",
    "elevated_risk_speed_limit_kn",
    "operation_level",
    "polaris_assumptions",
    "polaris_class",
    "polaris_speed_kn",
    "rio",
    "riv",
]


class PolarisError(ArcticRouteError, ValueError):
    """Bad input to a POLARIS function: stage, concentration, shape, policy or level."""


# --- published tables --------------------------------------------------------------------

_ROWS = (
    IceClass.PC1,
    IceClass.PC2,
    IceClass.PC3,
    IceClass.PC4,
    IceClass.PC5,
    IceClass.PC6,
    IceClass.PC7,
    IceClass.IA_SUPER,
    IceClass.IA,
    IceClass.IB,
    IceClass.IC,
    IceClass.NONE,
)

RIV_TABLE: Mapping[IceClass, tuple[int, ...]] = MappingProxyType(
    {
        # columns: IF, NI, GI, GWI, TFY1, TFY2, MFY<1m, MFY, TkFY, SY, LMY, HMY
        IceClass.PC1: (3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 1, 1),
        IceClass.PC2: (3, 3, 3, 3, 2, 2, 2, 2, 2, 1, 1, 0),
        IceClass.PC3: (3, 3, 3, 3, 2, 2, 2, 2, 2, 1, 0, -1),
        IceClass.PC4: (3, 3, 3, 3, 2, 2, 2, 2, 1, 0, -1, -2),
        IceClass.PC5: (3, 3, 3, 3, 2, 2, 1, 1, 0, -1, -2, -2),
        IceClass.PC6: (3, 2, 2, 2, 2, 1, 1, 0, -1, -2, -3, -3),
        IceClass.PC7: (3, 2, 2, 2, 1, 1, 0, -1, -2, -3, -3, -3),
        IceClass.IA_SUPER: (3, 2, 2, 2, 2, 1, 0, -1, -2, -3, -4, -4),
        IceClass.IA: (3, 2, 2, 2, 1, 0, -1, -2, -3, -4, -5, -5),
        IceClass.IB: (3, 2, 2, 1, 0, -1, -2, -3, -4, -5, -6, -6),
        IceClass.IC: (3, 2, 1, 0, -1, -2, -3, -4, -5, -6, -7, -8),
        IceClass.NONE: (3, 1, 0, -1, -2, -3, -4, -5, -6, -7, -8, -8),
    }
)
"""POLARIS Risk Index Values, standard (not decayed) ice, independent operation.

Keys are the table's rows (PC1–PC7, IA Super, IA, IB, IC and ``IceClass.NONE`` =
not ice strengthened; plain strings such as ``"PC7"`` work as keys too); values
are the RIVs of the twelve ice-type columns in the order of
:data:`arcticroute.ice.icestage.POLARIS_COLUMNS` (IF, NI, GI, GWI, TFY1, TFY2, MFY<1m,
MFY, TkFY, SY, LMY, HMY), i.e. indexed by the :class:`IceStage` code.

Source: IMO MSC.1/Circ.1519 (2016) RIV table, as reproduced in MPAS-Analysis and
cross-checked against a second public copy for the IA and not-ice-strengthened rows
(REFERENCE.md §3.3, [2]_). An early FMI draft (09.08.2016) that circulates in public
code differs from PC5 downward; it is not used. Decayed-ice and escorted RIVs are
not available (REFERENCE.md §3.4): see the module docstring.
"""

RIO_THRESHOLDS: Mapping[str, float] = MappingProxyType({"normal_min": 0.0, "elevated_min": -10.0})
"""RIO limits of the operational criteria, MSC.1/Circ.1519 (2016) via [4]_ (REFERENCE.md §3.5).

RIO ≥ ``normal_min``: normal operation (every ship). ``elevated_min`` ≤ RIO <
``normal_min``: elevated operational risk for PC1–PC7, operation subject to
special consideration for ships below PC7 and not ice strengthened. RIO <
``elevated_min``: operation subject to special consideration for every ship.
"""

ELEVATED_RISK_SPEED_LIMIT_KN: Mapping[IceClass, float] = MappingProxyType(
    {
        IceClass.PC1: 11.0,
        IceClass.PC2: 8.0,
        IceClass.PC3: 5.0,
        IceClass.PC4: 5.0,
        IceClass.PC5: 5.0,
        **{row: 3.0 for row in _ROWS[5:]},
    }
)
"""Recommended maximum speed in knots in elevated operational risk, by POLARIS row.

PC1 11 kn, PC2 8 kn, PC3–PC5 5 kn, below PC5 3 kn. Source: "POLARIS Table 1.2
(MSC.1/Circ.1519)" as cited by third-party public code (REFERENCE.md §3.6, [5]_); the
table number and text are not confirmed against the Circular. Rows below PC7 never
reach elevated risk (their RIO < 0 is "special consideration"); their 3 kn is the
"below PC5" value and is listed only so that every row has a limit.
"""

_CATEGORY_BY_ROW: Mapping[IceClass, PolarCodeCategory] = MappingProxyType(
    {
        **{row: PolarCodeCategory.A for row in _ROWS[:5]},
        IceClass.PC6: PolarCodeCategory.B,
        IceClass.PC7: PolarCodeCategory.B,
        **{row: PolarCodeCategory.C for row in _ROWS[7:]},
    }
)

_DECAYED_KEY = "polaris.decayed_ice.rivs"
_ESCORTED_KEY = "polaris.escorted.rivs"
_GLACIER_KEY = "polaris.glacier_ice.column"
_SUBSTITUTES = ("standard", "unavailable")

# A RIO is a sum of at most 13 products of tenths and small integers; rounding it to
# this many decimals removes the noise of the fraction -> tenths conversion so that a
# RIO of exactly 0 or -10 is not pushed across a threshold.
_RIO_DECIMALS = 9
# Concentrations may exceed 1 (or their sum 1) by this much from float rounding.
_CONCENTRATION_TOL = 1e-6


# --- ice class -> table row ----------------------------------------------------------------


@dataclass(frozen=True)
class PolarisClass:
    """How POLARIS treats an ice class.

    Attributes
    ----------
    ice_class : IceClass
        The class asked about.
    row : IceClass
        The :data:`RIV_TABLE` row used (the class itself, or its nominal equivalent).
    category : PolarCodeCategory
        Polar Code category of that row (A = PC1–PC5, B = PC6–PC7, C = the rest, [6]_).
        It selects the operational criteria: A and B are "PC1–PC7", C is "below PC7
        and not ice strengthened".
    confirmed : bool
        True if no assumption was needed to choose the row.
    assumption_keys : tuple of str
        Keys of the ice-class equivalence assumptions used (may be empty).
    """

    ice_class: IceClass
    row: IceClass
    category: PolarCodeCategory
    confirmed: bool
    assumption_keys: tuple[str, ...] = ()


def polaris_class(ice_class: IceClass | str) -> PolarisClass:
    """The :data:`RIV_TABLE` row and criteria category POLARIS uses for an ice class.

    Parameters
    ----------
    ice_class : IceClass or str
        Any form :func:`arcticroute.vessel.iceclass.parse_ice_class` accepts ("PC7", "Arc7",
        "1A Super", "none", ...).

    Returns
    -------
    PolarisClass

    Raises
    ------
    UnknownIceClassError
        If the ice class is not recognised (the message lists the valid forms).

    Notes
    -----
    IACS, Finnish-Swedish and "none" classes have their own rows. A Russian Register
    class takes the row of its IACS equivalent (:func:`arcticroute.vessel.iceclass.equivalence`;
    Arc4 = PC7 and Arc5 = PC6 are confirmed, Arc6–Arc9 assumed); if it has none
    (Ice1–Ice3), the row of its Finnish-Swedish equivalent (assumed); if neither
    exists, the "not ice strengthened" row (conservative).

    The category here is that of the POLARIS row and may differ from
    :func:`arcticroute.vessel.iceclass.polar_code_category`: IA Super and IA are C here
    because the POLARIS criteria put them "below PC7" (REFERENCE.md §3.5, §3.7),
    though their nominal IACS equivalents PC6 and PC7 are category B.
    """
    ic = parse_ice_class(ice_class)
    keys: list[str] = []
    row: IceClass | None = ic if ic in RIV_TABLE else None
    if row is None:
        for system in (IceSystem.IACS, IceSystem.FSICR):
            eq = equivalence(ic, system)
            if eq.assumption_key:
                keys.append(eq.assumption_key)
            if eq.equivalent is not None:
                row = eq.equivalent
                break
    if row is None:
        row = IceClass.NONE
    return PolarisClass(ic, row, _CATEGORY_BY_ROW[row], not keys, tuple(keys))


def _substitute(key: str, flag: str) -> None:
    """Check that the standard table may stand in for decayed or escorted RIVs."""
    rule = assumptions.value(key)
    if rule not in _SUBSTITUTES:
        raise DataFileError(f"assumption {key!r} must be one of {_SUBSTITUTES}, got {rule!r}")
    if rule == "unavailable":
        raise PolarisError(
            f"{flag}=True: the {flag} RIVs of MSC.1/Circ.1519 are not available to "
            f"arcticroute and assumption {key!r} is 'unavailable'; set it to 'standard' "
            f"to use the standard-condition RIVs (no credit taken), or pass {flag}=False"
        )


def polaris_assumptions(
    ice_class: IceClass | str, *, decayed: bool = False, escorted: bool = False
) -> tuple[str, ...]:
    """Keys of every assumption a POLARIS result for this ship may rest on.

    The ice-class equivalence keys of :func:`polaris_class`, the decayed/escorted
    substitution keys when those flags are set, and ``polaris.glacier_ice.column``
    (used wherever glacier ice is present).
    """
    keys = list(polaris_class(ice_class).assumption_keys)
    if decayed:
        keys.append(_DECAYED_KEY)
    if escorted:
        keys.append(_ESCORTED_KEY)
    keys.append(_GLACIER_KEY)
    return tuple(keys)


# --- helpers ---------------------------------------------------------------------------------


def _wrap(result: Any, like: Any, name: str, attrs: Mapping[str, Any]) -> Any:
    """Return ``result`` as a DataArray like ``like``, as a scalar for 0-d, else as is."""
    if is_dataarray(like):
        import xarray as xr

        return xr.DataArray(result, coords=like.coords, dims=like.dims, name=name, attrs=attrs)
    if np.ndim(result) == 0:
        return np.asarray(result).item()
    return result


_VALID_CODES = np.array([int(s) for s in IceStage])


def _stage_codes(stage: ArrayLike) -> np.ndarray:
    """Stage input (codes, IceStage, abbreviations; NaN = unknown) as an int array."""
    raw = stage.values if is_dataarray(stage) else stage
    arr = np.asarray(raw)
    if arr.dtype.kind == "U" and not isinstance(raw, np.ndarray):
        # a list mixing names and codes: keep each element's own type
        arr = np.array(raw, dtype=object)
    if arr.dtype.kind in "USO":
        try:
            return np.vectorize(lambda s: int(parse_stage(s)), otypes=[np.int16])(arr)
        except IceStageError as exc:
            raise PolarisError(str(exc)) from None
    if arr.dtype.kind == "b" or arr.dtype.kind not in "iuf":
        raise PolarisError(f"stage must be IceStage codes or abbreviations, got dtype {arr.dtype}")
    if arr.dtype.kind == "f":
        nan = np.isnan(arr)
        if np.any(arr[~nan] != np.round(arr[~nan])):
            raise PolarisError("stage codes must be whole numbers (IceStage values)")
        arr = np.where(nan, int(IceStage.UNKNOWN), arr)
    codes = arr.astype(np.int16)
    bad = ~np.isin(codes, _VALID_CODES, kind="table")  # by lookup table: half the time
    if np.any(bad):
        valid = ", ".join(f"{int(s)} ({s.abbreviation})" for s in IceStage)
        raise PolarisError(
            f"unknown stage code(s) {sorted(set(codes[bad].tolist()))[:5]}; "
            f"valid IceStage codes: {valid}"
        )
    return codes


def _glacier_column() -> int | None:
    name = assumptions.value(_GLACIER_KEY)
    try:
        stage = parse_stage(name)
    except IceStageError:
        stage = None
    if stage is IceStage.UNKNOWN:
        return None
    if stage is None or stage > IceStage.HEAVY_MY:
        raise DataFileError(
            f"assumption {_GLACIER_KEY!r} must be a POLARIS column "
            f"({', '.join(POLARIS_COLUMNS)}) or 'unknown', got {name!r}"
        )
    return int(stage)


def _lookup(row: IceClass) -> np.ndarray:
    """RIV by stage code 0..99 for one row: NaN for unknown (and glacier if so set)."""
    lut = np.full(int(IceStage.UNKNOWN) + 1, np.nan)
    lut[: len(POLARIS_COLUMNS)] = RIV_TABLE[row]
    glacier = _glacier_column()
    if glacier is not None:
        lut[int(IceStage.GLACIER)] = RIV_TABLE[row][glacier]
    return lut


# --- RIV and RIO -----------------------------------------------------------------------------


def riv(
    ice_class: IceClass | str,
    stage: ArrayLike,
    decayed: bool = False,
    escorted: bool = False,
) -> Any:
    """Risk Index Value of ice of the given stage(s) for a ship's ice class.

    Parameters
    ----------
    ice_class : IceClass or str
        The ship's ice class, any system (see :func:`polaris_class`).
    stage : array_like or xarray.DataArray
        :class:`IceStage` codes (``int``, as from :func:`arcticroute.ice.icestage.read_sigrid3`),
        :class:`IceStage` members or POLARIS abbreviations ("TkFY"). NaN in a float
        array means unknown.
    decayed : bool
        Ice in the decay season. Decayed RIVs are not available: the standard table is
        used under the assumption ``polaris.decayed_ice.rivs`` (see module docstring).
    escorted : bool
        Icebreaker escort. Escorted RIVs are not available: the standard table is used
        under the assumption ``polaris.escorted.rivs``.

    Returns
    -------
    float, numpy.ndarray or xarray.DataArray
        RIV (dimensionless) of the shape of ``stage``; NaN where the stage is unknown
        (and for glacier ice if ``polaris.glacier_ice.column`` is "unknown").

    Raises
    ------
    UnknownIceClassError
        If the ice class is not recognised.
    PolarisError
        If a stage code is not an :class:`IceStage`, or ``decayed``/``escorted`` is set
        while the matching assumption is "unavailable".

    Notes
    -----
    RIV = ``RIV_TABLE[row][column]`` (:data:`RIV_TABLE`), row from :func:`polaris_class`, column the
    stage code (IF = 0 … HMY = 11); glacier ice takes the column of
    ``polaris.glacier_ice.column`` (HMY by default).

    References
    ----------
    IMO MSC.1/Circ.1519 (2016), RIV table, via REFERENCE.md §3.3.
    """
    if decayed:
        _substitute(_DECAYED_KEY, "decayed")
    if escorted:
        _substitute(_ESCORTED_KEY, "escorted")
    pc = polaris_class(ice_class)
    out = _lookup(pc.row)[_stage_codes(stage)]
    attrs = {
        "long_name": f"POLARIS risk index value, {pc.ice_class.value} (row {pc.row.value})",
        "units": "1",
        "assumptions": ", ".join(
            polaris_assumptions(pc.ice_class, decayed=decayed, escorted=escorted)
        ),
        "references": "IMO MSC.1/Circ.1519 (2016)",
    }
    return _wrap(out, stage, "riv", attrs)


def rio(
    ice_class: IceClass | str,
    concentration: ArrayLike,
    stage: ArrayLike,
    *,
    type_axis: int | None = 0,
    decayed: bool = False,
    escorted: bool = False,
) -> Any:
    """Risk Index Outcome of a (partly) ice-covered cell for a ship's ice class.

    Parameters
    ----------
    ice_class : IceClass or str
        The ship's ice class, any system (see :func:`polaris_class`).
    concentration : array_like or xarray.DataArray
        Partial concentration of each ice type, fraction 0..1 (not tenths), e.g.
        ``partial_concentration`` of :func:`arcticroute.ice.icestage.read_sigrid3` of shape
        ``(n_types, ny, nx)``; or one total concentration per cell with
        ``type_axis=None``. The partials of a cell must sum to at most 1; the
        remainder is ice-free water. NaN means unknown and gives a NaN RIO.
    stage : array_like or xarray.DataArray
        Stage of each ice type (as for :func:`riv`), broadcastable to
        ``concentration``.
    type_axis : int or None
        Axis of ``concentration`` that runs over ice types (default 0, as in the
        SIGRID-3 reader); None when there is a single ice type per cell. For
        DataArrays the ``ice_type`` dimension is the type axis if present, else
        there is a single ice type; this argument is then ignored.
    decayed, escorted : bool
        As for :func:`riv`.

    Returns
    -------
    float, numpy.ndarray or xarray.DataArray
        RIO (dimensionless) with the type axis removed; NaN where a present ice
        type (concentration > 0) has an unknown stage, or a concentration is NaN.

    Raises
    ------
    UnknownIceClassError
        If the ice class is not recognised.
    PolarisError
        If a concentration is outside 0..1, the partials of a cell sum above 1,
        the shapes do not broadcast, ``type_axis`` is out of range, or a stage is
        invalid.

    Notes
    -----
    .. math:: RIO = \\sum_i C_i \\, RIV_i + C_{IF} \\, RIV_{IF}, \\quad
              C_i = 10 \\, c_i, \\quad C_{IF} = 10 - \\sum_i C_i

    with :math:`c_i` the partial concentration (fraction) and :math:`C_i` in tenths
    (MSC.1/Circ.1519 via REFERENCE.md §3.2). An ice type with concentration 0 adds
    nothing whatever its stage. The RIO is rounded to 9 decimals to remove the
    floating-point noise of the fraction → tenths conversion.

    Examples
    --------
    10/10 thick first-year ice for PC7: 10 × (−2) = −20.

    >>> rio("PC7", 1.0, "TkFY", type_axis=None)
    -20.0
    """
    like: Any = None
    if is_dataarray(concentration):
        import xarray as xr

        like = concentration
        if is_dataarray(stage):
            concentration, stage = xr.broadcast(concentration, stage)
            like = concentration
        type_axis = like.dims.index("ice_type") if "ice_type" in like.dims else None
        if type_axis is not None:
            like = like.isel(ice_type=0, drop=True)

    c = np.asarray(
        concentration.values if is_dataarray(concentration) else concentration,
        dtype=float,
    )
    codes = _stage_codes(stage)
    try:
        c, codes = np.broadcast_arrays(c, codes)
    except ValueError:
        raise PolarisError(
            f"concentration shape {c.shape} and stage shape {codes.shape} do not broadcast; "
            "give one stage per partial concentration"
        ) from None
    if type_axis is None:
        c, codes, type_axis = c[np.newaxis], codes[np.newaxis], 0
    elif not -c.ndim <= type_axis < c.ndim:
        raise PolarisError(
            f"type_axis={type_axis} is out of range for a concentration of shape {c.shape}; "
            "use type_axis=None for a single ice type per cell"
        )
    _check_concentration(c, type_axis)

    rivs = riv(ice_class, codes, decayed=decayed, escorted=escorted)
    rivs = np.asarray(rivs, dtype=float)
    tenths = 10.0 * c
    contribution = np.where(tenths == 0, 0.0, tenths * rivs)
    ice_free = np.clip(10.0 - tenths.sum(axis=type_axis), 0.0, None)
    free_riv = float(RIV_TABLE[polaris_class(ice_class).row][int(IceStage.ICE_FREE)])
    out = np.round(contribution.sum(axis=type_axis) + ice_free * free_riv, _RIO_DECIMALS)

    attrs = {
        "long_name": f"POLARIS risk index outcome, {parse_ice_class(ice_class).value}",
        "units": "1",
        "assumptions": ", ".join(
            polaris_assumptions(ice_class, decayed=decayed, escorted=escorted)
        ),
        "references": "IMO MSC.1/Circ.1519 (2016)",
    }
    return _wrap(out, like, "rio", attrs)


def _check_concentration(c: np.ndarray, type_axis: int) -> None:
    known = c[~np.isnan(c)]
    if known.size and (known.min() < 0 or known.max() > 1 + _CONCENTRATION_TOL):
        raise PolarisError(
            f"concentration must be a fraction 0..1 (not tenths or percent), got values "
            f"from {known.min():g} to {known.max():g}"
        )
    total = np.nansum(c, axis=type_axis)
    if np.any(total > 1 + _CONCENTRATION_TOL):
        raise PolarisError(
            f"partial concentrations of a cell sum to {total.max():g} > 1; they are "
            f"fractions of the cell (the remainder is ice free) along type_axis={type_axis}"
        )


# --- operational criteria and speed ----------------------------------------------------------


class OperationLevel(IntEnum):
    """POLARIS operation level of a RIO (REFERENCE.md §3.5); higher is more restrictive."""

    NORMAL = 0
    """Normal operation."""
    ELEVATED_RISK = 1
    """Elevated operational risk (PC1–PC7 only)."""
    SPECIAL_CONSIDERATION = 2
    """Operation subject to special consideration."""
    UNKNOWN = 99
    """RIO unknown (NaN): no operation may be assumed safe."""

    @property
    def wording(self) -> str:
        """The criterion's wording as given in REFERENCE.md §3.5."""
        return _WORDING[self]


_WORDING = {
    OperationLevel.NORMAL: "Normal operation",
    OperationLevel.ELEVATED_RISK: "Elevated operational risk",
    OperationLevel.SPECIAL_CONSIDERATION: "Operation subject to special consideration",
    OperationLevel.UNKNOWN: "Unknown (no RIO)",
}


def _category(value: PolarCodeCategory | str) -> PolarCodeCategory:
    try:
        return PolarCodeCategory(str(value).strip().upper())
    except ValueError:
        raise PolarisError(
            f"unknown Polar Code category {value!r}; use 'A', 'B' or 'C' "
            "(polaris_class(ice_class).category gives it for an ice class)"
        ) from None


def operation_level(rio: ArrayLike, polar_code_category: PolarCodeCategory | str) -> Any:
    """POLARIS operation level of RIO value(s) for a ship of a Polar Code category.

    Parameters
    ----------
    rio : array_like or xarray.DataArray
        Risk Index Outcome(s), dimensionless; NaN = unknown.
    polar_code_category : PolarCodeCategory or str
        "A" or "B" for PC1–PC7 ships, "C" for ships below PC7 (IA Super … IC) and not
        ice strengthened. Use ``polaris_class(ice_class).category``: for IA Super and
        IA it is C, unlike :func:`arcticroute.vessel.iceclass.polar_code_category`.

    Returns
    -------
    OperationLevel, numpy.ndarray or xarray.DataArray
        An :class:`OperationLevel` for a scalar RIO, else an ``int8`` array of its
        codes (NORMAL 0, ELEVATED_RISK 1, SPECIAL_CONSIDERATION 2, UNKNOWN 99 for NaN).

    Raises
    ------
    PolarisError
        If the category is not A, B or C.

    Notes
    -----
    ===================  ==========================  ==========================================
    RIO                  PC1–PC7 (A, B)              below PC7, not ice strengthened (C)
    ===================  ==========================  ==========================================
    RIO ≥ 0              Normal operation            Normal operation
    −10 ≤ RIO < 0        Elevated operational risk   Operation subject to special consideration
    RIO < −10            Operation subject to special consideration (every ship)
    ===================  ==========================  ==========================================

    Thresholds from :data:`RIO_THRESHOLDS` (MSC.1/Circ.1519 via REFERENCE.md §3.5;
    the Circular's exact wording is not confirmed).
    """
    category = _category(polar_code_category)
    r = np.asarray(rio.values if is_dataarray(rio) else rio, dtype=float)
    middle = OperationLevel.SPECIAL_CONSIDERATION
    if category in (PolarCodeCategory.A, PolarCodeCategory.B):
        middle = OperationLevel.ELEVATED_RISK
    out = np.select(
        [
            np.isnan(r),
            r >= RIO_THRESHOLDS["normal_min"],
            r >= RIO_THRESHOLDS["elevated_min"],
        ],
        [int(OperationLevel.UNKNOWN), int(OperationLevel.NORMAL), int(middle)],
        default=int(OperationLevel.SPECIAL_CONSIDERATION),
    ).astype(np.int8)
    if out.ndim == 0 and not is_dataarray(rio):
        return OperationLevel(int(out))
    attrs = {
        "long_name": f"POLARIS operation level, Polar Code category {category.value}",
        "flag_values": [int(v) for v in OperationLevel],
        "flag_meanings": " ".join(v.name.lower() for v in OperationLevel),
        "references": "IMO MSC.1/Circ.1519 (2016)",
    }
    return _wrap(out, rio, "operation_level", attrs)


def elevated_risk_speed_limit_kn(ice_class: IceClass | str) -> float:
    """Recommended maximum speed in elevated operational risk, knots.

    Parameters
    ----------
    ice_class : IceClass or str
        The ship's ice class, any system (the row of :func:`polaris_class` is used).

    Returns
    -------
    float
        PC1 11 kn, PC2 8 kn, PC3–PC5 5 kn, below PC5 3 kn
        (:data:`ELEVATED_RISK_SPEED_LIMIT_KN`, REFERENCE.md §3.6).

    Raises
    ------
    UnknownIceClassError
        If the ice class is not recognised.
    """
    return ELEVATED_RISK_SPEED_LIMIT_KN[polaris_class(ice_class).row]


SPEED_POLICIES: tuple[str, ...] = ("normal_only", "elevated_allowed")
"""Policies of :func:`polaris_speed_kn`: which operation levels a voyage accepts."""


def polaris_speed_kn(
    rio: ArrayLike,
    ice_class: IceClass | str,
    open_water_speed_kn: ArrayLike,
    policy: str = "normal_only",
) -> Any:
    """The speed POLARIS permits in each cell, knots (0 where operation is not permitted).

    Parameters
    ----------
    rio : array_like or xarray.DataArray
        Risk Index Outcome per cell (:func:`rio`); NaN = unknown.
    ice_class : IceClass or str
        The ship's ice class, any system; its criteria category and speed limit come
        from :func:`polaris_class`.
    open_water_speed_kn : float or array_like
        The ship's speed in the cell without the POLARIS limit, knots, ≥ 0;
        broadcast against ``rio``.
    policy : {"normal_only", "elevated_allowed"}
        "normal_only": only normal operation is permitted. "elevated_allowed": also
        elevated operational risk, at the speed limit of
        :func:`elevated_risk_speed_limit_kn`.

    Returns
    -------
    float, numpy.ndarray or xarray.DataArray
        Permitted speed, knots: ``open_water_speed_kn`` in normal operation;
        ``min(open_water_speed_kn, limit)`` in elevated risk when the policy allows
        it; 0 in elevated risk otherwise, under special consideration, and where the
        RIO is unknown.

    Raises
    ------
    UnknownIceClassError
        If the ice class is not recognised.
    PolarisError
        If the policy is unknown or a speed is negative or not finite.

    Notes
    -----
    "Operation subject to special consideration" is treated as not permitted: the
    Circular leaves it to the Administration, which a router cannot decide.
    """
    if policy not in SPEED_POLICIES:
        raise PolarisError(f"unknown policy {policy!r}; use one of {', '.join(SPEED_POLICIES)}")
    v = np.asarray(
        open_water_speed_kn.values if is_dataarray(open_water_speed_kn) else open_water_speed_kn,
        dtype=float,
    )
    bad = ~np.isfinite(v) | (v < 0)
    if np.any(bad):
        raise PolarisError(
            f"open_water_speed_kn must be finite and ≥ 0 knots, got {v[bad].flat[0]!r}"
        )
    pc = polaris_class(ice_class)
    level = np.asarray(
        operation_level(
            np.asarray(rio.values if is_dataarray(rio) else rio, dtype=float),
            pc.category,
        )
    )
    try:
        level, v = np.broadcast_arrays(level, v)
    except ValueError:
        raise PolarisError(
            f"open_water_speed_kn shape {v.shape} does not broadcast to rio shape {level.shape}"
        ) from None
    elevated = np.zeros_like(v)
    if policy == "elevated_allowed":
        elevated = np.minimum(v, ELEVATED_RISK_SPEED_LIMIT_KN[pc.row])
    out = np.select(
        [level == OperationLevel.NORMAL, level == OperationLevel.ELEVATED_RISK],
        [v, elevated],
        default=0.0,
    )
    attrs = {
        "long_name": f"speed permitted by POLARIS, {pc.ice_class.value}, policy {policy}",
        "units": "knot",
        "assumptions": ", ".join(polaris_assumptions(pc.ice_class)),
        "references": "IMO MSC.1/Circ.1519 (2016)",
    }
    if is_dataarray(rio) and out.shape == rio.shape:
        return _wrap(out, rio, "polaris_speed_kn", attrs)
    return _wrap(out, None, "polaris_speed_kn", attrs)
