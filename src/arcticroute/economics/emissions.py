"""Emissions from fuel burnt (CO2, CH4, N2O, CO2e, black carbon) and the EU ETS cost of a voyage.

Every function is pure and vectorised: fuel masses, years, shares and tonnages
may be numpy arrays that broadcast together (e.g. 100,000 routes), and
``fuel_type`` may be one fuel or an array of fuels. Every factor is read at
call time from the parameter registry (``data/parameters.toml``)
through :func:`arcticroute.assumptions.value`, so user overrides apply.

Greenhouse gases
----------------
Per tonne of fuel, the default factors of the EU MRV (Regulation (EU)
2015/757 Annex I as amended by Delegated Regulation (EU) 2023/2776) and
FuelEU Maritime (Regulation (EU) 2023/1805 Annex II): CO2 conversion factors
C_F from IMO MEPC.364(79), CH4 and N2O factors, and for LNG the share of fuel
that slips unburnt (by engine class)::

    CO2 = M · (1 − C_slip) · C_F,CO2
    CH4 = M · (1 − C_slip) · C_f,CH4 + M · C_slip
    N2O = M · (1 − C_slip) · C_f,N2O
    CO2e = CO2 + GWP_CH4 · CH4 + GWP_N2O · N2O     (GWP100, Delegated Reg. (EU) 2020/1044)

C_slip is 0 for oil fuels. The LNG pilot fuel (a few percent of energy,
usually MGO) is not modelled.

Black carbon is reported separately (not in CO2e), from the load-dependent
fits of the Fourth IMO GHG Study 2020 (two-stroke engines).

EU ETS
------
:func:`ets_scope_share` (which share of a voyage is covered),
:func:`ets_phase_in` (which share of covered emissions must be surrendered,
by year), :func:`ets_allowances_t` and :func:`ets_cost_usd` follow Directive
2003/87/EC as amended by Directive (EU) 2023/959 (REFERENCE.md §11.6): CO2
from 2024, CH4 and N2O from 2026; ships of 5,000 GT and above.

Errors
------
All are :class:`~arcticroute.errors.ArcticRouteError` and :class:`ValueError`:

* :class:`~arcticroute.economics.fuel.InvalidQuantityError`: NaN, infinite, negative or
  out-of-range numbers (message names the argument and the valid range);
* :class:`UnknownFuelTypeError`: a fuel type that is not HFO, VLSFO, MGO or LNG;
* :class:`UnknownEngineTypeError`: an LNG engine class not in
  :data:`LNG_ENGINE_TYPES`;
* :class:`InvalidCountryCodeError`: a country that is not an ISO 3166-1
  alpha-2 code.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from arcticroute.assumptions import value
from arcticroute.economics.fuel import FloatArray, InvalidQuantityError, checked_quantity
from arcticroute.errors import ArcticRouteError
from arcticroute.vessel.ships import FuelType

__all__ = [
    "EEA_EFTA_STATES_ISO2",
    "ETS_COUNTRIES_ISO2",
    "EU_MEMBER_STATES_ISO2",
    "EU_OUTERMOST_REGIONS_ISO2",
    "FUEL_TYPES",
    "LNG_ENGINE_TYPES",
    "GhgEmissions",
    "InvalidCountryCodeError",
    "InvalidQuantityError",
    "UnknownEngineTypeError",
    "UnknownFuelTypeError",
    "black_carbon_t",
    "co2_factor_t_per_t",
    "co2e_t",
    "ets_allowances_t",
    "ets_cost_usd",
    "ets_phase_in",
    "ets_scope_share",
    "ghg_emissions_t",
]


class UnknownFuelTypeError(ArcticRouteError, ValueError):
    """A fuel type is not one of :data:`FUEL_TYPES`."""


class UnknownEngineTypeError(ArcticRouteError, ValueError):
    """An LNG engine class is not one of :data:`LNG_ENGINE_TYPES`."""


class InvalidCountryCodeError(ArcticRouteError, ValueError):
    """A country is not given as an ISO 3166-1 alpha-2 code."""


FUEL_TYPES: tuple[str, ...] = tuple(f.value for f in FuelType)
"""Fuel types with emission factors: the values of :class:`arcticroute.vessel.ships.FuelType`."""

LNG_ENGINE_TYPES: tuple[str, ...] = (
    "otto_medium_speed",
    "otto_slow_speed",
    "diesel_slow_speed",
    "lbsi",
)
"""LNG engine classes of FuelEU Maritime Annex II with a default methane slip:
'LNG Otto (dual fuel medium speed)', 'LNG Otto (dual fuel slow speed)',
'LNG Diesel (dual fuel slow speed)' and 'LBSI' (lean-burn spark-ignited)."""

EU_MEMBER_STATES_ISO2: frozenset[str] = frozenset(
    # The 27 Member States of the European Union since 1 February 2020 (United Kingdom
    # withdrawn): Treaty on European Union Art. 52 as amended by the accession treaties.
    {
        "AT",  # Austria
        "BE",  # Belgium
        "BG",  # Bulgaria
        "CY",  # Cyprus
        "CZ",  # Czechia
        "DE",  # Germany
        "DK",  # Denmark
        "EE",  # Estonia
        "ES",  # Spain
        "FI",  # Finland
        "FR",  # France
        "GR",  # Greece
        "HR",  # Croatia
        "HU",  # Hungary
        "IE",  # Ireland
        "IT",  # Italy
        "LT",  # Lithuania
        "LU",  # Luxembourg
        "LV",  # Latvia
        "MT",  # Malta
        "NL",  # Netherlands
        "PL",  # Poland
        "PT",  # Portugal
        "RO",  # Romania
        "SE",  # Sweden
        "SI",  # Slovenia
        "SK",  # Slovakia
    }
)
"""ISO 3166-1 alpha-2 codes of the 27 EU Member States (Greece is ``GR``; ``EL`` is accepted)."""

EEA_EFTA_STATES_ISO2: frozenset[str] = frozenset({"IS", "LI", "NO"})
"""Iceland, Liechtenstein and Norway: the EFTA states of the Agreement on the European
Economic Area, to which the EU ETS applies (Directive 2003/87/EC is a text with EEA
relevance). Svalbard (``SJ``) lies outside the EEA and is not included."""

EU_OUTERMOST_REGIONS_ISO2: frozenset[str] = frozenset({"GF", "GP", "MQ", "RE", "YT", "MF"})
"""Outermost regions of the EU (TFEU Art. 349) that have their own ISO 3166-1 code:
French Guiana, Guadeloupe, Martinique, Réunion, Mayotte, Saint-Martin. They are EU
territory and so in ETS scope (the Azores, Madeira and the Canary Islands use PT/ES)."""

ETS_COUNTRIES_ISO2: frozenset[str] = (
    EU_MEMBER_STATES_ISO2 | EEA_EFTA_STATES_ISO2 | EU_OUTERMOST_REGIONS_ISO2
)
"""Country codes whose ports count as 'under the jurisdiction of a Member State' for the
EU ETS here. Greenland (``GL``), the Faroe Islands (``FO``), Svalbard (``SJ``) and the
United Kingdom (``GB``) are outside."""

# Codes that are not ISO 3166-1 alpha-2 but mean an ETS country.
_COUNTRY_ALIASES = {"EL": "GR", "AX": "FI"}

_PHASE_IN_YEARS = (2024, 2025, 2026)  # ets.surrender_share.<year>; the last applies onward


class GhgEmissions(NamedTuple):
    """Greenhouse-gas masses from burning fuel, tonnes (arrays or floats)."""

    co2_t: Any
    ch4_t: Any
    n2o_t: Any


# --- lookups --------------------------------------------------------------------------------


class _Codes(NamedTuple):
    """Distinct normalised labels and, for an array, each element's position among them."""

    names: tuple[str, ...]
    index: np.ndarray | None  # None for a single label


def _labels(labels: Any) -> tuple[np.ndarray, _Codes] | None:
    """Distinct raw labels and their stripped upper-case codes; None if not an array of str."""
    arr = np.asarray(labels)
    if arr.ndim == 0 or arr.dtype.kind not in "UO":
        return None
    raw, inverse = np.unique(arr.astype(str), return_inverse=True)
    names = tuple(str(u).strip().upper() for u in raw)
    return raw, _Codes(names, inverse.reshape(arr.shape))


def _fuel_codes(fuel_type: Any) -> _Codes:
    """Validated fuel code(s), or :class:`UnknownFuelTypeError`."""
    valid = ", ".join(FUEL_TYPES)
    if isinstance(fuel_type, str):
        code = fuel_type.strip().upper()
        if code not in FUEL_TYPES:
            raise UnknownFuelTypeError(f"fuel_type {fuel_type!r} is not known; valid: {valid}")
        return _Codes((code,), None)
    split = _labels(fuel_type)
    if split is None:
        raise UnknownFuelTypeError(
            f"fuel_type must be a fuel name ({valid}) or an array of them, got {fuel_type!r}"
        )
    raw, codes = split
    bad = [i for i, n in enumerate(codes.names) if n not in FUEL_TYPES]
    if bad:
        count = int(np.isin(codes.index, bad).sum())
        raise UnknownFuelTypeError(
            f"fuel_type {str(raw[bad[0]])!r} is not known ({count} value(s)); valid: {valid}"
        )
    return codes


def _per_fuel(prefix: str, codes: _Codes, field: str = "") -> FloatArray | float:
    """The registry value ``<prefix>.<fuel><field>`` for each fuel."""
    table = np.array([float(value(f"{prefix}.{n}{field}")) for n in codes.names])
    return float(table[0]) if codes.index is None else table[codes.index]


def _is_lng(codes: _Codes) -> bool | np.ndarray:
    mask = np.array([n == "LNG" for n in codes.names])
    return bool(mask[0]) if codes.index is None else mask[codes.index]


def _lng_slip(lng_engine: str | None) -> float:
    key = "emissions.lng_engine_default"
    engine = value(key) if lng_engine is None else lng_engine
    name = key if lng_engine is None else "lng_engine"
    code = engine.strip().lower() if isinstance(engine, str) else None
    if code not in LNG_ENGINE_TYPES:
        raise UnknownEngineTypeError(
            f"{name} {engine!r} is not an LNG engine class; valid: {', '.join(LNG_ENGINE_TYPES)}"
        )
    key = f"emissions.lng_methane_slip.{code}"
    return float(checked_quantity(key, value(key), high=1.0))


def co2_factor_t_per_t(fuel_type: str | FuelType | npt.ArrayLike) -> FloatArray | float:
    """CO2 conversion factor C_F of a fuel, t CO2 per t fuel.

    Parameters
    ----------
    fuel_type : str, FuelType or array_like of str
        ``HFO``, ``VLSFO``, ``MGO`` or ``LNG`` (case-insensitive).

    Returns
    -------
    ndarray or float
        C_F, t CO2/t fuel: HFO 3.114, MGO 3.206, LNG 2.750 (IMO MEPC.364(79));
        VLSFO 3.151 (the LFO factor; a named assumption, see
        ``emissions.cf_co2.VLSFO``).

    Raises
    ------
    UnknownFuelTypeError
        If a fuel type is not known.

    Notes
    -----
    This is the factor per tonne of fuel *burnt*. For LNG the CO2 of a voyage
    is lower by the slipped share (:func:`ghg_emissions_t`).

    References
    ----------
    IMO MEPC.364(79) (2022), table of C_F; Regulation (EU) 2015/757 Annex I as
    amended by Delegated Regulation (EU) 2023/2776 (REFERENCE.md §11.4).
    """
    return _per_fuel("emissions.cf_co2", _fuel_codes(fuel_type))


def ghg_emissions_t(
    fuel_t: npt.ArrayLike,
    fuel_type: str | FuelType | npt.ArrayLike,
    lng_engine: str | None = None,
) -> GhgEmissions:
    """CO2, CH4 and N2O from burning fuel, with LNG methane slip.

    Parameters
    ----------
    fuel_t : array_like
        Fuel used, tonnes (≥ 0).
    fuel_type : str, FuelType or array_like of str
        ``HFO``, ``VLSFO``, ``MGO`` or ``LNG``; an array broadcasts with ``fuel_t``.
    lng_engine : str, optional
        LNG engine class, one of :data:`LNG_ENGINE_TYPES`; applies to LNG entries.
        Default: the named assumption ``emissions.lng_engine_default``.

    Returns
    -------
    GhgEmissions
        ``(co2_t, ch4_t, n2o_t)``, tonnes, each of the broadcast shape.

    Raises
    ------
    InvalidQuantityError
        If a fuel mass is negative, NaN or infinite.
    UnknownFuelTypeError, UnknownEngineTypeError
        For an unknown fuel or LNG engine class.

    Notes
    -----
    With M the fuel mass and C_slip the slipped share (0 except for LNG)::

        CO2 = M (1 − C_slip) C_F,CO2
        CH4 = M (1 − C_slip) C_f,CH4 + M C_slip
        N2O = M (1 − C_slip) C_f,N2O

    References
    ----------
    Regulation (EU) 2023/1805 (FuelEU Maritime) Annexes I and II; Regulation
    (EU) 2015/757 Annex I as amended by Delegated Regulation (EU) 2023/2776.
    """
    m = checked_quantity("fuel_t", fuel_t, unit="t")
    codes = _fuel_codes(fuel_type)
    cf_co2 = _per_fuel("emissions.cf_co2", codes)
    cf_ch4 = _per_fuel("emissions.cf_ch4", codes)
    cf_n2o = _per_fuel("emissions.cf_n2o", codes)
    lng = _is_lng(codes)
    slip = np.where(lng, _lng_slip(lng_engine), 0.0) if np.any(lng) else 0.0
    burnt = m * (1.0 - slip)
    return GhgEmissions(burnt * cf_co2, burnt * cf_ch4 + m * slip, burnt * cf_n2o)


def co2e_t(co2_t: npt.ArrayLike, ch4_t: npt.ArrayLike, n2o_t: npt.ArrayLike) -> FloatArray | float:
    """CO2-equivalent of CO2, CH4 and N2O with the GWP100 values of the EU MRV/ETS.

    Parameters
    ----------
    co2_t, ch4_t, n2o_t : array_like
        Masses of each gas, tonnes (≥ 0); broadcast together.

    Returns
    -------
    ndarray or float
        t CO2e.

    Notes
    -----
    ``CO2e = CO2 + GWP_CH4 · CH4 + GWP_N2O · N2O`` with ``emissions.gwp100.CH4``
    = 28 and ``emissions.gwp100.N2O`` = 265.

    References
    ----------
    Commission Delegated Regulation (EU) 2020/1044, Annex (IPCC AR5 GWP100).
    """
    co2 = checked_quantity("co2_t", co2_t, unit="t")
    ch4 = checked_quantity("ch4_t", ch4_t, unit="t")
    n2o = checked_quantity("n2o_t", n2o_t, unit="t")
    return co2 + value("emissions.gwp100.CH4") * ch4 + value("emissions.gwp100.N2O") * n2o


def black_carbon_t(
    fuel_t: npt.ArrayLike,
    fuel_type: str | FuelType | npt.ArrayLike,
    engine_load: npt.ArrayLike,
) -> FloatArray | float:
    """Black carbon from burning fuel in the main engine, tonnes (reported apart from CO2e).

    Parameters
    ----------
    fuel_t : array_like
        Fuel used, tonnes (≥ 0).
    fuel_type : str, FuelType or array_like of str
        ``HFO``, ``VLSFO``, ``MGO`` or ``LNG``.
    engine_load : array_like
        Main-engine load, fraction of MCR in (0, 1]; e.g. from
        :func:`arcticroute.economics.fuel.engine_load_fraction`.

    Returns
    -------
    ndarray or float
        Black carbon, tonnes.

    Notes
    -----
    ``BC = M · a · load^b`` with (a, b) per fuel from the Fourth IMO GHG Study
    2020 fits for two-stroke engines: residual fuel (HFO; VLSFO by assumption)
    a = 1.500e-4, b = −0.359 (Eq. 18); distillate (MGO; LNG as an upper bound,
    by assumption) a = 3.110e-5, b = −0.397 (Eq. 19). Black carbon per tonne of
    fuel rises as the load falls. Four-stroke engines (Eqs. 20–21) are not
    distinguished; override ``emissions.black_carbon.<FUEL>.*`` for them.

    References
    ----------
    Fourth IMO GHG Study 2020 (IMO, 2021), Eqs. 18–19.
    """
    m = checked_quantity("fuel_t", fuel_t, unit="t")
    load = checked_quantity("engine_load", engine_load, high=1.0, low_open=True, unit="of MCR")
    codes = _fuel_codes(fuel_type)
    a = _per_fuel("emissions.black_carbon", codes, ".coefficient")
    b = _per_fuel("emissions.black_carbon", codes, ".exponent")
    return m * a * load**b


# --- EU ETS -----------------------------------------------------------------------------------


def _in_ets(name: str, country_iso2: Any) -> bool | np.ndarray:
    """Whether each country code is in :data:`ETS_COUNTRIES_ISO2`."""
    if isinstance(country_iso2, str):
        raw, codes = np.array([country_iso2]), _Codes((country_iso2.strip().upper(),), None)
    elif (split := _labels(country_iso2)) is not None:
        raw, codes = split
    else:
        raise InvalidCountryCodeError(
            f"{name} must be an ISO 3166-1 alpha-2 code such as 'NL' or an array of them, "
            f"got {country_iso2!r}"
        )
    for r, code in zip(raw, codes.names, strict=True):
        if len(code) != 2 or not code.isascii() or not code.isalpha():
            raise InvalidCountryCodeError(
                f"{name} {str(r)!r} is not an ISO 3166-1 alpha-2 country code "
                "(two letters, e.g. 'NL', 'CN', 'NO')"
            )
    member = np.array([_COUNTRY_ALIASES.get(c, c) in ETS_COUNTRIES_ISO2 for c in codes.names])
    return bool(member[0]) if codes.index is None else member[codes.index]


def ets_scope_share(
    origin_country_iso2: str | npt.ArrayLike, destination_country_iso2: str | npt.ArrayLike
) -> FloatArray | float:
    """Share of a voyage's emissions covered by the EU ETS, from its end countries.

    Parameters
    ----------
    origin_country_iso2, destination_country_iso2 : str or array_like of str
        ISO 3166-1 alpha-2 codes of the ports of call at each end (e.g. the
        ``country`` column of the port catalogue); broadcast together.

    Returns
    -------
    ndarray or float
        1.0 when both ends are in :data:`ETS_COUNTRIES_ISO2` (intra-EU/EEA),
        0.5 when one end is, 0.0 when neither is (``ets.voyage_share.*``).

    Raises
    ------
    InvalidCountryCodeError
        If a code is not two letters.

    Notes
    -----
    Not modelled here: emissions at berth in EU/EEA ports (100 % covered);
    container transhipment ports within 300 nm of an EU port that the
    Commission lists as not counting as ports of call; stops that are not
    ports of call (bunkering only, shelter); the derogations for outermost
    regions, small islands and public-service ferries until 2030; the UK ETS.

    References
    ----------
    Directive 2003/87/EC Art. 3ga(1) as inserted by Directive (EU) 2023/959
    (REFERENCE.md §11.6); EU Member States: Treaty on European Union Art. 52;
    outermost regions: TFEU Art. 349.
    """
    origin = _in_ets("origin_country_iso2", origin_country_iso2)
    dest = _in_ets("destination_country_iso2", destination_country_iso2)
    ends = np.add(origin, dest, dtype=int)
    shares = np.array(
        [0.0, value("ets.voyage_share.extra_eea"), value("ets.voyage_share.intra_eea")]
    )
    out = shares[ends]
    return float(out) if out.ndim == 0 else out


def _years(year: npt.ArrayLike) -> FloatArray:
    y = checked_quantity("year", year, low=1900, high=2200)
    if np.any(y != np.round(y)):
        raise InvalidQuantityError(f"year must be a whole calendar year such as 2026, got {year!r}")
    return y


def ets_phase_in(year: npt.ArrayLike) -> FloatArray | float:
    """Share of a year's covered maritime emissions for which allowances are surrendered.

    Parameters
    ----------
    year : array_like of int
        Calendar year in which the emissions occur (1900–2200).

    Returns
    -------
    ndarray or float
        0 before 2024, 0.40 for 2024, 0.70 for 2025, 1.0 from 2026
        (``ets.surrender_share.*``).

    Raises
    ------
    InvalidQuantityError
        If a year is not a whole number in 1900–2200.

    References
    ----------
    Directive 2003/87/EC Art. 3gb as inserted by Directive (EU) 2023/959
    (REFERENCE.md §11.6).
    """
    y = _years(year)
    first, second, full = _PHASE_IN_YEARS
    out = np.select(
        [y >= full, y == second, y == first],
        [value(f"ets.surrender_share.{k}") for k in (full, second, first)],
        0.0,
    ).astype(np.float64)
    return float(out) if out.ndim == 0 else out


def ets_allowances_t(
    co2_t: npt.ArrayLike,
    ch4_t: npt.ArrayLike,
    n2o_t: npt.ArrayLike,
    year: npt.ArrayLike,
    scope_share: npt.ArrayLike,
    *,
    gt: npt.ArrayLike,
) -> FloatArray | float:
    """EU ETS allowances (t CO2e) to surrender for a voyage's emissions.

    Parameters
    ----------
    co2_t, ch4_t, n2o_t : array_like
        Voyage emissions of each gas, tonnes (≥ 0), e.g. from :func:`ghg_emissions_t`.
    year : array_like of int
        Year of the emissions.
    scope_share : array_like
        Covered share of the voyage, in [0, 1]; e.g. from :func:`ets_scope_share`.
    gt : array_like
        Gross tonnage of the ship (> 0); ships below ``ets.min_gross_tonnage``
        (5,000 GT) are outside the ETS.

    Returns
    -------
    ndarray or float
        Allowances, t CO2e (one allowance = 1 t CO2e).

    Notes
    -----
    ::

        gases      = CO2 + [year ≥ 2026] · (GWP_CH4 · CH4 + GWP_N2O · N2O)
        allowances = gases · scope_share · phase_in(year) · [GT ≥ 5000]

    References
    ----------
    Directive 2003/87/EC Arts. 3ga, 3gb and Annex I as amended by Directive
    (EU) 2023/959; GWP100: Delegated Regulation (EU) 2020/1044.
    """
    co2 = checked_quantity("co2_t", co2_t, unit="t")
    ch4 = checked_quantity("ch4_t", ch4_t, unit="t")
    n2o = checked_quantity("n2o_t", n2o_t, unit="t")
    y = _years(year)
    share = checked_quantity("scope_share", scope_share, high=1.0)
    tonnage = checked_quantity("gt", gt, low_open=True, unit="GT")
    non_co2 = value("emissions.gwp100.CH4") * ch4 + value("emissions.gwp100.N2O") * n2o
    gases = co2 + np.where(y >= value("ets.non_co2_from_year"), non_co2, 0.0)
    covered = tonnage >= value("ets.min_gross_tonnage")
    return gases * share * ets_phase_in(y) * covered


def ets_cost_usd(
    co2_t: npt.ArrayLike,
    ch4_t: npt.ArrayLike,
    n2o_t: npt.ArrayLike,
    year: npt.ArrayLike,
    scope_share: npt.ArrayLike,
    *,
    gt: npt.ArrayLike,
    allowance_price_eur_per_t: npt.ArrayLike | None = None,
    usd_per_eur: npt.ArrayLike | None = None,
) -> FloatArray | float:
    """EU ETS cost of a voyage's emissions, US dollars.

    Parameters
    ----------
    co2_t, ch4_t, n2o_t, year, scope_share, gt
        As in :func:`ets_allowances_t`.
    allowance_price_eur_per_t : array_like, optional
        EU allowance price, EUR per t CO2e (≥ 0). Default:
        ``ets.allowance_price_eur_per_t`` (2024 average auction price, 64.76).
    usd_per_eur : array_like, optional
        Exchange rate, USD per EUR (> 0). Default: the named assumption
        ``ets.usd_per_eur`` (2024).

    Returns
    -------
    ndarray or float
        Cost, USD.

    Raises
    ------
    InvalidQuantityError
        For negative, NaN or infinite masses or prices, a share outside [0, 1],
        a non-integer year or a non-positive tonnage or exchange rate.

    Notes
    -----
    ``cost = allowances · price_EUR · USD/EUR`` (allowances: :func:`ets_allowances_t`).
    """
    if allowance_price_eur_per_t is None:
        price = checked_quantity(
            "ets.allowance_price_eur_per_t", value("ets.allowance_price_eur_per_t")
        )
    else:
        price = checked_quantity(
            "allowance_price_eur_per_t", allowance_price_eur_per_t, unit="EUR/t"
        )
    if usd_per_eur is None:
        fx = checked_quantity("ets.usd_per_eur", value("ets.usd_per_eur"), low_open=True)
    else:
        fx = checked_quantity("usd_per_eur", usd_per_eur, low_open=True, unit="USD/EUR")
    return ets_allowances_t(co2_t, ch4_t, n2o_t, year, scope_share, gt=gt) * price * fx
