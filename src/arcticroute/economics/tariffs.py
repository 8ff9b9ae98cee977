"""Canal and icebreaker tariffs: Suez Canal toll, NSR icebreaker escort, NSR ice pilotage.

Pure, vectorised functions: tonnages, ship types, ice classes, zone counts,
months and dates may be scalars or numpy arrays (broadcast together), so one
call prices 100,000 routes. Every number comes from the parameter registry
(``data/parameters.toml``, keys ``suez.*``, ``nsr_tariff.*``,
``pilotage.*``), read at call time through :mod:`arcticroute.assumptions`, so
user override files and :func:`arcticroute.assumptions.overridden` apply.

Each function returns a :class:`Tariff`: the value, its unit, every registry
key it read (``parameters``) and the subset no source confirms or that a user
overrode (``assumptions``), for the economics output to list.

What is confirmed and what is assumed
-------------------------------------
* **Suez** [1]_: the structure (SDR per Suez Canal net tonnage in six bands, by
  vessel type, laden or ballast) and the 2006 rate table (SCA circular 01/2005)
  are sourced; later changes are applied as dated percentages, each sourced to
  a news or agent report. The current table body was not reachable: changes no
  source quantifies are one named assumption
  (``suez.unrecorded_changes_factor``), as are the tanker rate row, the deck
  tiers of a container ship when not given, and whether the 2022-23 surcharges
  still apply.
* **NSR escort** [2]_: FST order 45-t/1 (2014) sets rubles per unit of GT by GT
  band × ice class × number of zones escorted (1–7) × navigation period. Only
  one table (Table 8, winter–spring) was reached; its values are used exactly.
  Which GT band it covers, the other bands, the summer–autumn tables, the rows
  for ships below Arc4, any indexation since 2014 and the RUB/USD rate to
  apply are named assumptions.
* **Ice pilotage**: no tariff was found; a named assumption per transit.

Errors: :class:`~arcticroute.errors.ShipValidationError` for a missing, zero or
negative tonnage or an unknown ship type;
:class:`~arcticroute.errors.UnknownIceClassError` for an unknown ice class;
:class:`TariffError` for other inputs outside the tariff (zones, month, date,
deck tiers, a winter escort for a class the winter table has no row for);
:class:`~arcticroute.errors.DataFileError` when a registry entry is malformed.

References
----------
.. [1] Suez Canal Authority circular 01/2005, transit dues from 15 Mar 2006,
   https://lethagencies.com/SCA_Circulars/circ012005.htm ; later changes:
   shared/reference/REFERENCE.md §6 and the sources in
   ``data/parameters.toml``.
.. [2] FST order No. 45-t/1 of 4 Mar 2014 (FSUE Atomflot, NSR); Table 8
   (winter–spring), ConsultantPlus document LAW_161305; GT bands and
   navigation periods: CHNL, http://www.arctic-lio.com/node/219 ;
   shared/reference/nsr-rules.md §3.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from arcticroute.assumptions import all_parameters, assumption
from arcticroute.errors import (
    ArcticRouteError,
    DataFileError,
    ShipValidationError,
    UnknownIceClassError,
)
from arcticroute.vessel.iceclass import IceClass, IceSystem, equivalence, parse_ice_class
from arcticroute.vessel.ships import ShipType

__all__ = [
    "Tariff",
    "TariffError",
    "ice_pilotage_usd",
    "nsr_escort_fee_usd",
    "nsr_escort_rate_rub_per_gt",
    "suez_toll_sdr",
    "suez_toll_usd",
]


class TariffError(ArcticRouteError, ValueError):
    """A tariff input is outside what the tariff covers (zones, month, date, deck tiers)."""


class Tariff(NamedTuple):
    """A tariff result and what it rests on.

    Attributes
    ----------
    value : float or numpy.ndarray
        The amount, in ``unit``; a float when every input was a scalar.
    unit : str
        E.g. ``"USD"``, ``"SDR"``, ``"RUB per GT"``.
    parameters : tuple of str
        Every registry key the result was computed from, sorted.
    assumptions : tuple of str
        The keys among ``parameters`` that no source confirms (a ``why`` in
        the registry) or whose value a user override replaced. Empty only if
        the result rests on sourced values alone.
    """

    value: float | np.ndarray
    unit: str
    parameters: tuple[str, ...]
    assumptions: tuple[str, ...]


def _entry(key: str) -> Any:
    try:
        return assumption(key)
    except KeyError:
        raise DataFileError(
            f"the parameter registry has no entry {key!r}; it ships in "
            "data/parameters.toml (reinstall arcticroute)"
        ) from None


class _Params:
    """Reads registry values and records every key a result used."""

    def __init__(self) -> None:
        self.keys: dict[str, None] = {}

    def __call__(self, key: str) -> Any:
        self.keys[key] = None
        return self.peek(key)

    def note(self, key: str) -> None:
        self.keys[key] = None

    def peek(self, key: str) -> Any:
        """The value, without recording the key (for values that may not matter)."""
        return _entry(key).value

    def date(self, key: str) -> np.datetime64:
        """The date from which the entry applies (not recorded as a dependency)."""
        text = _entry(key).date
        try:
            return np.datetime64(text, "D")
        except ValueError:
            raise DataFileError(
                f"parameter {key!r} needs a date YYYY-MM-DD, got {text!r}"
            ) from None

    def result(self, value: ArrayLike, unit: str) -> Tariff:
        keys = tuple(sorted(self.keys))
        assumed = tuple(k for k in keys if assumption(k).assumed or assumption(k).overridden)
        arr = np.asarray(value, dtype=float)
        return Tariff(float(arr) if arr.ndim == 0 else arr, unit, keys, assumed)


# --- input checks ---------------------------------------------------------------------------


def _at(mask: np.ndarray) -> str:
    """Where an array check failed: '' for a scalar, else count and first index."""
    if mask.ndim == 0:
        return ""
    first = tuple(int(i) for i in np.argwhere(mask)[0])
    index = first[0] if len(first) == 1 else first
    return f" at {int(mask.sum())} of {mask.size} positions (first at index {index})"


def _first(arr: np.ndarray, mask: np.ndarray) -> Any:
    """The first failing element, as a plain Python value."""
    value = arr if arr.ndim == 0 else arr[tuple(np.argwhere(mask)[0])]
    return value.item() if isinstance(value, np.generic | np.ndarray) else value


def _tonnage(values: ArrayLike, name: str, what: str) -> np.ndarray:
    label = name.upper()
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ShipValidationError(
            f"{name} must be a number or an array of numbers for a tariff, got {values!r}"
        ) from None
    missing = np.isnan(arr)
    if missing.any():
        raise ShipValidationError(
            f"missing {label} for a tariff: {name} is None/NaN{_at(missing)}; give the {what}"
        )
    bad = ~np.isfinite(arr) | (arr <= 0)
    if bad.any():
        raise ShipValidationError(
            f"{name} must be a positive, finite tonnage for a tariff, got "
            f"{_first(arr, bad)!r}{_at(bad)}"
        )
    return arr


def _whole(values: ArrayLike, name: str, low: int, high: float, meaning: str) -> np.ndarray:
    arr = np.asarray(values)
    if arr.dtype.kind not in "iuf":
        raise TariffError(f"{name} must be {meaning}, got {values!r}")
    bad = ~np.isfinite(arr) | (arr != np.round(arr)) | (arr < low) | (arr > high)
    if bad.any():
        raise TariffError(f"{name} must be {meaning}, got {_first(arr, bad)!r}{_at(bad)}")
    return arr.astype(np.int64)


def _broadcast(**arrays: np.ndarray) -> list[np.ndarray]:
    try:
        return np.broadcast_arrays(*arrays.values())
    except ValueError:
        shapes = ", ".join(f"{k} {np.shape(v)}" for k, v in arrays.items())
        raise TariffError(f"inputs cannot be broadcast together: {shapes}") from None


def _unique_text(values: Any, name: str, error: type[Exception]) -> tuple[list, np.ndarray]:
    """Distinct entries of a scalar or array of text/enum values, and the inverse index."""
    arr = np.asarray(values)
    if arr.dtype.kind == "U" and arr.ndim > 0:
        uniq, inverse = np.unique(arr.ravel(), return_inverse=True)
        return [str(u) for u in uniq], inverse.reshape(arr.shape)
    arr = np.asarray(values, dtype=object)
    flat = arr.ravel()
    wrong = [v for v in flat if not isinstance(v, str)]
    if wrong:
        raise error(f"{name} must be text, got {wrong[0]!r} ({type(wrong[0]).__name__})")
    if arr.ndim == 0:  # keep the enum or text as given, for error messages
        return [arr.item()], np.zeros((), dtype=np.int64)
    uniq, inverse = np.unique(flat.astype(str), return_inverse=True)
    return [str(u) for u in uniq], inverse.reshape(arr.shape)


_PERIOD_WORDS = {"summer_autumn": True, "summer": True, "winter_spring": False, "winter": False}
_MONTH_HELP = "a month 1-12, a date, or 'summer_autumn'/'winter_spring'"


def _is_summer(month_or_season: Any, summer_months: ArrayLike) -> np.ndarray:
    """True where the month (or date, or named period) is in the summer-autumn period."""
    value = month_or_season
    if isinstance(value, dt.date | np.datetime64):
        value = np.datetime64(value, "D")
    arr = np.asarray(value)
    if arr.dtype.kind == "O":
        flat = arr.ravel()
        if all(isinstance(v, dt.date | np.datetime64) for v in flat):
            arr = arr.astype("datetime64[D]")
        elif all(isinstance(v, str) for v in flat):
            arr = arr.astype(str)
        else:
            try:
                arr = arr.astype(float)
            except (TypeError, ValueError):
                raise TariffError(f"month_or_season must be {_MONTH_HELP}, got {value!r}") from None
    kind = arr.dtype.kind
    if kind in "US":
        words = np.char.lower(np.char.strip(arr.astype(str)))
        summer = np.isin(words, [w for w, s in _PERIOD_WORDS.items() if s])
        bad = ~summer & ~np.isin(words, [w for w, s in _PERIOD_WORDS.items() if not s])
        if bad.any():
            raise TariffError(
                f"month_or_season must be {_MONTH_HELP}, got {_first(arr, bad)!r}{_at(bad)}"
            )
        return summer
    if kind == "M":
        missing = np.isnat(arr)
        if missing.any():
            raise TariffError(f"month_or_season has a missing date (NaT){_at(missing)}")
        months = arr.astype("datetime64[M]").astype(np.int64) % 12 + 1
    else:
        months = _whole(arr, "month_or_season", 1, 12, _MONTH_HELP)
    return np.isin(months, np.asarray(summer_months, dtype=np.int64))


def _dates(date: Any) -> np.ndarray | None:
    if date is None:
        return None
    try:
        if isinstance(date, str | dt.date | np.datetime64):
            arr = np.asarray(np.datetime64(date, "D"))
        else:
            arr = np.asarray(date)
            if arr.dtype.kind in "biuf":
                raise ValueError
            arr = arr.astype("datetime64[D]")
    except (TypeError, ValueError):
        raise TariffError(
            f"date must be a date, 'YYYY-MM-DD' text or datetime64 values, got {date!r}"
        ) from None
    missing = np.isnat(arr)
    if missing.any():
        raise TariffError(f"date is missing (NaT){_at(missing)}")
    return arr


# --- Suez Canal -----------------------------------------------------------------------------

_SHIP_TYPES = tuple(ShipType)

# Rows of the SCA table that name an arcticroute ship type [1]; every type the table does
# not name pays 'Other vessels'. Tankers: the row is a named assumption.
_SUEZ_ROW = {
    ShipType.CONTAINER: "container_vehicle",
    ShipType.CAR_CARRIER: "container_vehicle",
    ShipType.BULK: "dry_bulk",
    ShipType.LNG: "liquid_bulk_lng",
    ShipType.LPG: "lpg",
}
_SUEZ_ROWS = (
    "crude_oil_tanker",
    "product_tanker",
    "dry_bulk",
    "liquid_bulk_lng",
    "lpg",
    "container_vehicle",
    "other",
)
_LATEST = np.datetime64("9999-12-31")


def _ship_type_codes(ship_type: Any) -> np.ndarray:
    uniq, inverse = _unique_text(ship_type, "ship_type", ShipValidationError)
    valid = ", ".join(t.value for t in _SHIP_TYPES)
    codes = []
    for text in uniq:
        key = str(text).strip().lower().replace(" ", "_").replace("-", "_")
        if key not in ShipType._value2member_map_:
            raise ShipValidationError(f"unknown ship type {text!r} for a tariff; valid: {valid}")
        codes.append(_SHIP_TYPES.index(ShipType(key)))
    return np.asarray(codes, dtype=np.int64)[inverse]


def _by_type(table: Any, key: str) -> np.ndarray:
    """A {ship type: fraction} registry value as an array over ``_SHIP_TYPES`` (NaN = absent)."""
    if not isinstance(table, Mapping):
        raise DataFileError(f"parameter {key!r} must map ship types to fractions, got {table!r}")
    out = np.full(len(_SHIP_TYPES), np.nan)
    for name, frac in table.items():
        if name not in ShipType._value2member_map_ or not isinstance(frac, int | float):
            raise DataFileError(
                f"parameter {key!r}: {name!r} = {frac!r} is not a ship type with a fraction; "
                f"ship types: {', '.join(t.value for t in _SHIP_TYPES)}"
            )
        out[_SHIP_TYPES.index(ShipType(name))] = frac
    return out


def _dated_keys(prefix: str) -> list[str]:
    return [a.key for a in all_parameters() if a.key.startswith(prefix)]


def _tier_surcharge(tiers: np.ndarray, schedule: ArrayLike, extra: Any) -> np.ndarray:
    """Surcharge for a number of deck tiers: the schedule, then ``extra`` per further tier."""
    sched = np.asarray(schedule, dtype=float)
    n = sched.size
    listed = sched[np.clip(tiers, 1, n) - 1]
    return np.where(tiers > 0, listed + np.maximum(tiers - n, 0) * extra, 0.0)


def _suez_sdr(
    p: _Params,
    scnt: ArrayLike,
    ship_type: Any,
    laden: Any,
    deck_tiers: Any,
    date: Any,
) -> np.ndarray:
    given = deck_tiers is not None
    scnt_b, types_b, laden_b, tiers_b, days_b = _suez_inputs(
        p, scnt, ship_type, laden, deck_tiers, date
    )
    container = types_b == _SHIP_TYPES.index(ShipType.CONTAINER)
    toll = _suez_band_toll(p, scnt_b, types_b, laden_b)
    factor = _suez_increases(p, days_b, types_b)
    tiers_b = _suez_deck_tiers(p, given, tiers_b, types_b, container, laden_b)
    if (tiers_b > 0).any():
        extra = p("suez.deck_tier_surcharge_extra") if (tiers_b > 7).any() else 0.0
        factor *= 1.0 + _tier_surcharge(tiers_b, p("suez.deck_tier_surcharge"), extra)
    factor *= 1.0 + _suez_surcharge(p, days_b, types_b, laden_b, tiers_b, container)
    lng = types_b == _SHIP_TYPES.index(ShipType.LNG)
    if lng.any():
        factor *= np.where(lng, 1.0 - p("suez.lng_rebate"), 1.0)
    return toll * factor


def _suez_inputs(p: _Params, scnt, ship_type, laden, deck_tiers, date) -> tuple:
    """The toll's inputs checked and broadcast together (dates default to the latest table)."""
    scnt_a = _tonnage(scnt, "scnt", "Suez Canal net tonnage from the ship's SCNT certificate")
    types_a = _ship_type_codes(ship_type)
    laden_a = np.asarray(laden)
    if laden_a.dtype.kind != "b":
        raise TariffError(f"laden must be True/False or a boolean array, got {laden!r}")
    tiers_a = (
        _whole(deck_tiers, "deck_tiers", 0, np.inf, "a whole number of container tiers >= 0")
        if deck_tiers is not None
        else np.zeros((), dtype=np.int64)
    )
    days_a = _dates(date)
    base_date = p.date("suez.band_widths_scnt")
    if days_a is not None and (days_a < base_date).any():
        early = days_a < base_date
        raise TariffError(
            f"no Suez toll table before {base_date} in the parameter registry; date "
            f"{_first(days_a, early)}{_at(early)} is earlier"
        )
    days_a = np.asarray(_LATEST) if days_a is None else days_a
    return _broadcast(
        scnt=scnt_a, ship_type=types_a, laden=laden_a, deck_tiers=tiers_a, date=days_a
    )


def _suez_band_toll(p: _Params, scnt_b, types_b, laden_b) -> np.ndarray:
    """The normal toll from the banded table, SDR."""
    widths = np.asarray(p("suez.band_widths_scnt"), dtype=float)
    lower = np.concatenate([[0.0], np.cumsum(widths)])
    portion = np.clip(scnt_b[..., None] - lower, 0.0, np.append(widths, np.inf))
    rates = np.zeros((len(_SHIP_TYPES), 2, lower.size))
    for code in np.unique(types_b):
        ship = _SHIP_TYPES[code]
        row = _SUEZ_ROW.get(ship, "other")
        if ship is ShipType.TANKER:
            row = p("suez.tanker_rate_group")
            if row not in _SUEZ_ROWS:
                raise DataFileError(
                    f"suez.tanker_rate_group must be one of {', '.join(_SUEZ_ROWS)}, got {row!r}"
                )
        table = p(f"suez.base_table.{row}")
        for cond, name in enumerate(("ballast", "laden")):
            values = np.asarray(table[name], dtype=float)
            if values.shape != (lower.size,):
                raise DataFileError(
                    f"suez.base_table.{row}.{name} needs {lower.size} band rates, got {values}"
                )
            rates[code, cond] = values
    return (portion * rates[types_b, laden_b.astype(np.int64)]).sum(axis=-1)


def _suez_increases(p: _Params, days_b, types_b) -> np.ndarray:
    """The dated increases of the table in force on each date, as a factor."""
    factor = np.ones(np.shape(days_b))
    for key in _dated_keys("suez.increase."):
        applies = days_b >= p.date(key)
        if applies.any():
            inc = np.nan_to_num(_by_type(p(key), key))[types_b]
            factor *= np.where(applies, 1.0 + inc, 1.0)
    unrecorded = days_b >= p.date("suez.unrecorded_changes_factor")
    if unrecorded.any():
        factor *= np.where(unrecorded, p("suez.unrecorded_changes_factor"), 1.0)
    return factor


def _suez_deck_tiers(p: _Params, given: bool, tiers_b, types_b, container, laden_b):
    """Deck tiers of containers (the classic surcharge on the dues), defaulted when not given."""
    if given and (tiers_b[~container] > 0).any():
        wrong = ~container & (tiers_b > 0)
        raise TariffError(
            f"deck_tiers applies to container ships only; got {_first(tiers_b, wrong)} tiers "
            f"for ship type {_SHIP_TYPES[_first(types_b, wrong)].value!r}{_at(wrong)}"
        )
    if not given and (container & laden_b).any():
        default = p("suez.container_deck_tiers_default")
        if not isinstance(default, int) or isinstance(default, bool) or default < 0:
            raise DataFileError(
                f"suez.container_deck_tiers_default must be a whole number >= 0, got {default!r}"
            )
        tiers_b = np.where(container & laden_b, default, 0)
    return tiers_b


def _suez_surcharge(p: _Params, days_b, types_b, laden_b, tiers_b, container) -> np.ndarray:
    """The 2022-23 surcharges: per type and condition, the latest entry listing it."""
    surcharge = np.zeros(np.shape(days_b))
    entries = sorted(_dated_keys("suez.surcharge."), key=p.date)
    last = max((p.date(k) for k in entries), default=_LATEST)
    for key in entries:
        applies = days_b >= p.date(key)
        if not applies.any():
            continue
        table = p(key)
        for cond, name in ((False, "ballast"), (True, "laden")):
            frac = _by_type(table.get(name, {}), f"{key}.{name}")[types_b]
            update = applies & (laden_b == cond) & ~np.isnan(frac)
            surcharge = np.where(update, frac, surcharge)
    tier_key = "suez.container_tier_surcharge_2022"
    tier_applies = container & (tiers_b > 0) & (days_b >= p.date(tier_key))
    if tier_applies.any():
        extra = p(f"{tier_key}_extra") if (tiers_b > 11).any() else 0.0
        last = max(last, p.date(tier_key))
        surcharge = np.where(tier_applies, _tier_surcharge(tiers_b, p(tier_key), extra), surcharge)
    if not (surcharge > 0).any():
        return surcharge
    end = p.peek("suez.surcharge_end_date")
    if end:
        p.note("suez.surcharge_end_date")
        try:
            return np.where(days_b >= np.datetime64(end, "D"), 0.0, surcharge)
        except ValueError:
            raise DataFileError(
                f"suez.surcharge_end_date must be '' or YYYY-MM-DD, got {end!r}"
            ) from None
    if (days_b[surcharge > 0] > last).any():
        # a surcharge is applied after the last date a source shows it in force
        p.note("suez.surcharge_end_date")
    return surcharge


def suez_toll_sdr(
    scnt: ArrayLike,
    ship_type: ShipType | str | ArrayLike,
    laden: bool | ArrayLike = True,
    deck_tiers: int | ArrayLike | None = None,
    date: str | dt.date | np.datetime64 | ArrayLike | None = None,
) -> Tariff:
    """Suez Canal transit toll in SDR, by Suez Canal net tonnage, ship type and condition.

    Parameters
    ----------
    scnt : float or array_like
        Suez Canal net tonnage (dimensionless), > 0.
    ship_type : ShipType, str or array_like of them
        ``container``, ``bulk``, ``tanker``, ``lng``, ``lpg``, ``car_carrier``,
        ``general_cargo``, ``multipurpose``, ``ro_ro``, ``passenger``, ``other``.
    laden : bool or array_like of bool, default True
        Laden (True) or in ballast (False).
    deck_tiers : int, array_like of int or None
        Tiers of containers on the weather deck (container ships only).
        None: the named assumption ``suez.container_deck_tiers_default`` for
        laden container ships, 0 otherwise.
    date : date, 'YYYY-MM-DD', datetime64 or array_like, optional
        Transit date; the rules in force that day apply. None: every dated
        change in the registry applies (the latest rules known).

    Returns
    -------
    Tariff
        ``value`` in SDR, shaped like the broadcast inputs.

    Raises
    ------
    ShipValidationError
        SCNT missing ("missing SCNT for a tariff"), zero or negative; unknown ship type.
    TariffError
        ``laden`` not boolean, bad ``deck_tiers`` or deck tiers on a ship that
        is not a container ship, a bad date or one before the 2006 table,
        inputs that do not broadcast.

    Notes
    -----
    .. math::

        T = \\sum_b r_{b}\\,n_b \\times \\prod_i (1 + c_i) \\times u
            \\times (1 + s_{tier}) \\times (1 + s) \\times (1 - \\rho_{LNG})

    with :math:`n_b` the SCNT falling in band *b* (first 5,000, next 5,000,
    next 10,000, next 20,000, next 30,000, the rest) and :math:`r_b` the 2006
    rate of the ship's row and condition [1]_; :math:`c_i` the recorded
    changes in force on the date (2008, 2012, 2020, 2022, 2023, 2024);
    :math:`u` the factor for unrecorded changes (named assumption);
    :math:`s_{tier}` the deck-tier surcharge of container ships (2–18 % for
    1–7 tiers); :math:`s` the 2022–23 surcharge in force for the type and
    condition (for container ships the 2022 tier-based schedule, 7–47 %, read
    as a surcharge on top of the deck-tier one); :math:`\\rho_{LNG}` = 35 %.
    The circulars do not say how surcharges and rebates combine; they are
    multiplied here. Not modelled: route-specific rebates (e.g. for container
    ships from NW Europe to SE Asia and the Far East, and their exemption from
    the 2024 increase), SUMED part-cargo tolls, convoy surcharges, tugs,
    pilotage and other SCA charges, and tolls on Suez Canal gross tonnage.

    References
    ----------
    .. [1] SCA circular 01/2005 (transit dues from 15 Mar 2006),
       https://lethagencies.com/SCA_Circulars/circ012005.htm ; dated changes:
       shared/reference/REFERENCE.md §6.2 and ``data/parameters.toml``.
    """
    p = _Params()
    return p.result(_suez_sdr(p, scnt, ship_type, laden, deck_tiers, date), "SDR")


def suez_toll_usd(
    scnt: ArrayLike,
    ship_type: ShipType | str | ArrayLike,
    laden: bool | ArrayLike = True,
    deck_tiers: int | ArrayLike | None = None,
    date: str | dt.date | np.datetime64 | ArrayLike | None = None,
) -> Tariff:
    """Suez Canal transit toll in USD: :func:`suez_toll_sdr` × ``suez.usd_per_sdr``.

    Parameters and errors as :func:`suez_toll_sdr`. The SDR rate is one dated
    registry value (IMF, 17 Dec 2024), not the rate of the transit date.

    Returns
    -------
    Tariff
        ``value`` in USD.
    """
    p = _Params()
    sdr = _suez_sdr(p, scnt, ship_type, laden, deck_tiers, date)
    return p.result(sdr * p("suez.usd_per_sdr"), "USD")


# --- NSR icebreaker escort ------------------------------------------------------------------

_N_ZONES = 7
# Ice-class groups of the tariff tables: 0 = no ice class and Ice1-Ice3 (summer-autumn only),
# then the rows of Table 8.
_TABLE8_ROWS = ("arc4", "arc5", "arc6_arc9")


def _ice_groups(ice_class: Any) -> tuple[np.ndarray, np.ndarray, list[str | None], list]:
    """Tariff group of each distinct class, the inverse index, equivalence assumptions, names."""
    uniq, inverse = _unique_text(ice_class, "ice_class", UnknownIceClassError)
    groups, keys = [], []
    for text in uniq:
        ic = parse_ice_class(text)
        key = None
        rs: IceClass | None = ic
        if ic.system not in (IceSystem.RS, IceSystem.NONE):
            eq = equivalence(ic, IceSystem.RS)
            rs, key = eq.equivalent, eq.assumption_key
        rank = 0 if rs is None or rs.system is IceSystem.NONE else rs.rank
        groups.append(0 if rank <= 3 else min(rank - 3, len(_TABLE8_ROWS)))
        keys.append(key)
    return np.asarray(groups, dtype=np.int64), inverse, keys, uniq


def _nsr_rate(
    p: _Params, gt: ArrayLike, ice_class: Any, n_zones: ArrayLike, month_or_season: Any
) -> tuple[np.ndarray, np.ndarray]:
    gt_a = _tonnage(gt, "gt", "gross tonnage from the ship's tonnage certificate")
    zones_a = _whole(n_zones, "n_zones", 0, _N_ZONES, f"a whole number of NSR zones 0-{_N_ZONES}")
    summer_a = _is_summer(month_or_season, p("nsr_tariff.summer_autumn_months"))
    group_of, inverse, class_keys, names = _ice_groups(ice_class)
    gt_b, zones_b, summer_b, inv_b = _broadcast(
        gt=gt_a, n_zones=zones_a, month_or_season=summer_a, ice_class=inverse
    )
    group = group_of[inv_b]
    escorted = zones_b > 0
    if not escorted.any():
        return np.zeros(gt_b.shape), gt_b

    for code in np.unique(inv_b[escorted]):
        if class_keys[code]:
            p.note(class_keys[code])
    row_of = np.maximum(group, 1) - 1  # group 0 (below Arc4) is priced from the Arc4 row
    table = np.zeros((len(_TABLE8_ROWS), _N_ZONES))
    for row in np.unique(row_of[escorted]):
        values = np.asarray(p(f"nsr_tariff.table8.{_TABLE8_ROWS[row]}"), dtype=float)
        if values.shape != (_N_ZONES,):
            raise DataFileError(
                f"nsr_tariff.table8.{_TABLE8_ROWS[row]} needs {_N_ZONES} zone rates, got {values}"
            )
        table[row] = values
    upper = np.asarray(p("nsr_tariff.gt_band_upper"), dtype=float)
    ratio = np.asarray(p("nsr_tariff.gt_band_ratio"), dtype=float)
    table_band = p("nsr_tariff.table8_gt_band")
    if (
        ratio.shape != (upper.size + 1,)
        or not isinstance(table_band, int)
        or not 1 <= table_band <= ratio.size
    ):
        raise DataFileError(
            f"nsr_tariff.gt_band_ratio needs {upper.size + 1} values (one per GT band) and "
            f"nsr_tariff.table8_gt_band a band 1-{upper.size + 1}; got {ratio.tolist()} and "
            f"{table_band!r}"
        )
    band = np.searchsorted(upper, gt_b, side="left")
    winter = table[row_of, np.maximum(zones_b, 1) - 1] * ratio[band] / ratio[table_band - 1]
    rate = np.where(escorted, winter, 0.0)
    if (escorted & summer_b).any():
        rate = np.where(summer_b, rate * p("nsr_tariff.summer_to_winter_ratio"), rate)
    below_arc4 = escorted & (group == 0)
    if below_arc4.any():
        winter_escort = below_arc4 & ~summer_b
        if winter_escort.any():
            which = ", ".join(str(names[i]) for i in np.unique(inv_b[winter_escort]))
            raise TariffError(
                f"no winter-spring (1 Dec - 30 Jun) escort tariff for ships below Arc4 "
                f"(ice class {which}){_at(winter_escort)}: Table 8 of FST order "
                "45-t/1 lists Arc4 and above only, and the 2013 NSR Rules bar ships with no "
                "ice class or Ice1-Ice3 from the NSR from 16 Nov to 30 Jun"
            )
        rate = np.where(below_arc4, rate * p("nsr_tariff.no_ice_class_summer_ratio"), rate)
    return rate, gt_b


def nsr_escort_rate_rub_per_gt(
    gt: ArrayLike,
    ice_class: IceClass | str | ArrayLike,
    n_zones: int | ArrayLike,
    month_or_season: int | str | dt.date | ArrayLike,
) -> Tariff:
    """NSR icebreaker-escort tariff rate, 2014 rubles per unit of GT (FST order 45-t/1).

    Parameters
    ----------
    gt : float or array_like
        Gross tonnage (ITC 69, dimensionless), > 0; it selects the GT band.
    ice_class : IceClass, str or array_like of them
        Any form :func:`arcticroute.vessel.iceclass.parse_ice_class` accepts. Classes
        of other systems are priced as their Russian Register equivalent
        (IA = Arc4 and IA Super = Arc5 confirmed; others named assumptions).
    n_zones : int or array_like of int
        Number of NSR zones in which escort is provided, 0–7 (0: no escort,
        rate 0).
    month_or_season : int, str, date, datetime64 or array_like
        Month 1–12 or date of the escort, or ``"summer_autumn"`` (1 Jul–30
        Nov) / ``"winter_spring"`` (1 Dec–30 Jun).

    Returns
    -------
    Tariff
        ``value`` in RUB per GT of the 2014 order, without indexation.

    Raises
    ------
    ShipValidationError
        GT missing ("missing GT for a tariff"), zero or negative.
    UnknownIceClassError
        Unknown ice class.
    TariffError
        ``n_zones`` outside 0–7 or not whole; bad month; winter–spring
        escort of a ship below Arc4 (the tariff has no such row).

    Notes
    -----
    .. math:: r = T_8[c, z] \\times \\frac{q_b}{q_{b_8}} \\times k_{period} \\times k_{class}

    :math:`T_8[c, z]` is Table 8 (winter–spring) [1]_ for ice-class row *c*
    (Arc4; Arc5; Arc6–Arc9) and *z* zones, used exactly. :math:`q_b` is the
    relative rate of the ship's GT band (≤5,000; 5,001–10,000; 10,001–20,000;
    20,001–40,000; 40,001–100,000; >100,000 GT [2]_) and :math:`b_8` the band
    of Table 8; :math:`k_{period}` = 1 in winter–spring and the summer ratio in
    summer–autumn; :math:`k_{class}` = 1 from Arc4 up and the no-ice-class
    ratio for no ice class and Ice1–Ice3. Band ratios, Table 8's band, the
    summer ratio and the no-ice-class ratio are named assumptions
    (``nsr_tariff.*``), inferred from the Waite et al. and Lambert et al.
    models (see ``data/parameters.toml``). The rate applies to the
    whole GT, so the fee falls where a ship crosses into a cheaper band
    (e.g. 40,000 → 40,001 GT). Which seven zones the order means is not
    confirmed (nsr-rules.md §3.2); the caller counts them.

    References
    ----------
    .. [1] FST order 45-t/1 of 4 Mar 2014, Table 8,
       https://consultant.ru/document/cons_doc_LAW_161305/e9fea9cc5ed12bff0e00b0d409cc2dcacfa34ed1
    .. [2] CHNL, http://www.arctic-lio.com/node/219
    """
    p = _Params()
    return p.result(_nsr_rate(p, gt, ice_class, n_zones, month_or_season)[0], "RUB per GT")


def nsr_escort_fee_usd(
    gt: ArrayLike,
    ice_class: IceClass | str | ArrayLike,
    n_zones: int | ArrayLike,
    month_or_season: int | str | dt.date | ArrayLike,
) -> Tariff:
    """NSR icebreaker-escort fee in USD for one voyage.

    Parameters, errors and the rate as :func:`nsr_escort_rate_rub_per_gt`.

    Returns
    -------
    Tariff
        ``value`` in USD.

    Notes
    -----
    .. math:: F = r \\times GT \\times i / x

    with *r* the rate (RUB per GT), *i* the indexation since 2014
    (``nsr_tariff.indexation_since_2014``, named assumption) and *x* RUB per
    USD (``nsr_tariff.rub_per_usd``, named assumption: the IMF rate of 17 Dec
    2024 stands for the rate of the escort date). The order sets the
    tariff for escort actually provided; in practice fees are negotiated with
    the operator (REFERENCE.md §5).
    """
    p = _Params()
    rate, gt_b = _nsr_rate(p, gt, ice_class, n_zones, month_or_season)
    if (rate > 0).any():
        rate = rate * p("nsr_tariff.indexation_since_2014") / p("nsr_tariff.rub_per_usd")
    return p.result(rate * gt_b, "USD")


# --- NSR ice pilotage -----------------------------------------------------------------------


def ice_pilotage_usd(needed: bool | ArrayLike = True) -> Tariff:
    """Ice-pilotage fee for an NSR transit, USD (a named assumption: no tariff was found).

    Parameters
    ----------
    needed : bool or array_like of bool, default True
        Whether the transit takes an ice pilot.

    Returns
    -------
    Tariff
        ``value`` in USD: ``pilotage.ice_pilot_usd_per_transit`` where needed, else 0.

    Raises
    ------
    TariffError
        If ``needed`` is not boolean.
    """
    needed_a = np.asarray(needed)
    if needed_a.dtype.kind != "b":
        raise TariffError(f"needed must be True/False or a boolean array, got {needed!r}")
    p = _Params()
    fee = p("pilotage.ice_pilot_usd_per_transit") if needed_a.any() else 0.0
    return p.result(np.where(needed_a, fee, 0.0), "USD")
