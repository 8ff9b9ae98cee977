"""Tests for arcticroute.economics.emissions: GHG factors, LNG slip, black carbon and the EU ETS."""

from __future__ import annotations

import tomllib
from importlib import resources

import numpy as np
import pytest

from arcticroute.assumptions import assumption, overridden
from arcticroute.economics import emissions as em
from arcticroute.economics.emissions import (
    ETS_COUNTRIES_ISO2,
    EU_MEMBER_STATES_ISO2,
    InvalidCountryCodeError,
    InvalidQuantityError,
    UnknownEngineTypeError,
    UnknownFuelTypeError,
    black_carbon_t,
    co2_factor_t_per_t,
    co2e_t,
    ets_allowances_t,
    ets_cost_usd,
    ets_phase_in,
    ets_scope_share,
    ghg_emissions_t,
)
from arcticroute.economics.fuel import engine_load_fraction, main_engine_fuel_t
from arcticroute.errors import ArcticRouteError
from arcticroute.vessel.ships import FuelType

# Re-typed from IMO MEPC.364(79) / MEPC.308(73), table of C_F (REFERENCE.md §11.4).
# Exact: the table gives three decimals and the registry stores the same numbers.
PUBLISHED_CF = {"HFO": 3.114, "MGO": 3.206, "LNG": 2.750}
LFO_CF = 3.151  # "light fuel oil", the factor assumed for VLSFO

# Re-typed from Regulation (EU) 2023/1805 (FuelEU Maritime) Annex II: (C_f CH4, C_f N2O) g/g.
FUELEU_CH4_N2O = {
    "HFO": (0.00005, 0.00018),
    "VLSFO": (0.00005, 0.00018),  # LFO and HFO rows agree
    "MGO": (0.00005, 0.00018),
    "LNG": (0.0, 0.00011),
}
# FuelEU Maritime Annex II C_slip, % of LNG mass, by engine class.
FUELEU_SLIP_PCT = {
    "otto_medium_speed": 3.1,
    "otto_slow_speed": 1.7,
    "diesel_slow_speed": 0.2,
    "lbsi": 2.6,
}


# --- factors against the published tables ----------------------------------------------------


@pytest.mark.parametrize(("fuel", "cf"), PUBLISHED_CF.items())
def test_co2_factor_matches_imo_table(fuel, cf):
    assert co2_factor_t_per_t(fuel) == cf
    assert assumption(f"emissions.cf_co2.{fuel}").source


def test_vlsfo_co2_factor_is_a_named_assumption():
    a = assumption("emissions.cf_co2.VLSFO")
    assert a.assumed and "grade" in a.why
    assert co2_factor_t_per_t("VLSFO") == LFO_CF


def test_fuel_type_spellings():
    assert co2_factor_t_per_t(FuelType.HFO) == 3.114
    assert co2_factor_t_per_t(" mgo ") == 3.206
    assert np.array_equal(co2_factor_t_per_t(["LNG", "hfo"]), [2.750, 3.114])


@pytest.mark.parametrize("fuel", ["HFO", "VLSFO", "MGO"])
def test_oil_fuels_hand_checked(fuel):
    ch4, n2o = FUELEU_CH4_N2O[fuel]
    got = ghg_emissions_t(1000.0, fuel)
    assert got.co2_t == pytest.approx(1000 * co2_factor_t_per_t(fuel))
    assert got.ch4_t == pytest.approx(1000 * ch4)
    assert got.n2o_t == pytest.approx(1000 * n2o)


@pytest.mark.parametrize(("engine", "pct"), FUELEU_SLIP_PCT.items())
def test_lng_slip_by_engine_matches_fueleu(engine, pct):
    s = pct / 100
    assert assumption(f"emissions.lng_methane_slip.{engine}").value == pytest.approx(s)
    got = ghg_emissions_t(1000.0, "LNG", lng_engine=engine)
    # Slipped LNG is methane, not CO2; the rest burns with the Annex II factors.
    assert got.co2_t == pytest.approx(1000 * (1 - s) * 2.750)
    assert got.ch4_t == pytest.approx(1000 * s)
    assert got.n2o_t == pytest.approx(1000 * (1 - s) * 0.00011)


def test_lng_methane_slip_raises_co2e():
    # Hand-checked, per tonne of LNG in a medium-speed Otto engine (3.1 % slip):
    # 0.969 × 2.75 + 28 × 0.031 + 265 × 0.969 × 0.00011 = 2.66475 + 0.868 + 0.02825 = 3.561.
    otto = co2e_t(*ghg_emissions_t(1.0, "LNG", "otto_medium_speed"))
    assert otto == pytest.approx(3.5610, abs=1e-4)
    diesel = co2e_t(*ghg_emissions_t(1.0, "LNG", "diesel_slow_speed"))
    assert 2.75 < diesel < otto
    by_slip = sorted(FUELEU_SLIP_PCT, key=FUELEU_SLIP_PCT.get)
    co2e = [co2e_t(*ghg_emissions_t(1.0, "LNG", e)) for e in by_slip]
    assert co2e == sorted(co2e)


def test_lng_engine_default_is_a_named_assumption_and_overridable():
    a = assumption("emissions.lng_engine_default")
    assert a.assumed and a.value == "otto_medium_speed"
    with overridden({"emissions.lng_engine_default": "diesel_slow_speed"}):
        assert ghg_emissions_t(100.0, "LNG").ch4_t == pytest.approx(0.2)
    assert ghg_emissions_t(100.0, "LNG").ch4_t == pytest.approx(3.1)


def test_gwp100_and_co2e_hand_checked():
    assert assumption("emissions.gwp100.CH4").value == 28
    assert assumption("emissions.gwp100.N2O").value == 265
    assert co2e_t(100, 1, 0.1) == pytest.approx(100 + 28 + 26.5)
    with overridden({"emissions.gwp100.CH4": 25, "emissions.gwp100.N2O": 298}):
        assert co2e_t(100, 1, 0.1) == pytest.approx(100 + 25 + 29.8)


def test_mixed_fuel_array_equals_scalar_calls():
    fuels = np.array(["HFO", "LNG", "MGO", "VLSFO", "LNG"])
    mass = np.array([10.0, 20.0, 30.0, 40.0, 0.0])
    vec = ghg_emissions_t(mass, fuels, "lbsi")
    for i, (m, f) in enumerate(zip(mass, fuels, strict=True)):
        one = ghg_emissions_t(m, str(f), "lbsi")
        for gas in range(3):
            assert vec[gas][i] == pytest.approx(one[gas])


# --- black carbon -----------------------------------------------------------------------------


def test_black_carbon_hand_checked():
    # Fourth IMO GHG Study 2020 Eq. 18 at 100 % MCR: 1.5e-4 t BC per t of residual fuel.
    assert black_carbon_t(1000.0, "HFO", 1.0) == pytest.approx(0.15)
    assert black_carbon_t(1000.0, "HFO", 0.5) == pytest.approx(0.15 * 0.5**-0.359)
    assert black_carbon_t(1000.0, "MGO", 1.0) == pytest.approx(0.0311)
    assert black_carbon_t(1000.0, "MGO", 0.5) < black_carbon_t(1000.0, "HFO", 0.5)


def test_black_carbon_with_engine_load_from_fuel_model():
    load = engine_load_fraction(np.array([10.0, 20.0]), 20.0)
    fuel = main_engine_fuel_t(1000, np.array([10.0, 20.0]), 20.0, 30_000, 185)
    bc = black_carbon_t(fuel, "HFO", load)
    assert bc.shape == (2,)
    # Slow steaming: less fuel, but more black carbon per tonne of it.
    assert bc[0] / fuel[0] > bc[1] / fuel[1]


def test_black_carbon_assumed_factors_are_named():
    for key in (
        "emissions.black_carbon.VLSFO.coefficient",
        "emissions.black_carbon.LNG.coefficient",
    ):
        assert assumption(key).assumed
    assert assumption("emissions.black_carbon.HFO.coefficient").source


# --- EU ETS -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "share"),
    [(2020, 0.0), (2023, 0.0), (2024, 0.4), (2025, 0.7), (2026, 1.0), (2040, 1.0)],
)
def test_ets_phase_in_by_year(year, share):
    assert ets_phase_in(year) == share


def test_ets_phase_in_vectorised_and_overridable():
    assert np.array_equal(ets_phase_in([2023, 2024, 2025, 2026]), [0.0, 0.4, 0.7, 1.0])
    with overridden({"ets.surrender_share.2024": 0.5}):
        assert ets_phase_in(2024) == 0.5


@pytest.mark.parametrize(
    ("origin", "dest", "share"),
    [
        ("NL", "DE", 1.0),  # intra-EU
        ("CN", "NL", 0.5),  # arriving from outside
        ("NL", "CN", 0.5),  # departing to outside
        ("CN", "KR", 0.0),
        ("NO", "IS", 1.0),  # EEA EFTA states
        ("NO", "RU", 0.5),
        ("SJ", "NL", 0.5),  # Svalbard is outside the EEA
        ("GL", "DK", 0.5),  # Greenland is outside the EU
        ("GB", "NL", 0.5),  # United Kingdom left in 2020
        ("RE", "FR", 1.0),  # Réunion, an outermost region, is EU territory
        ("el", "cy", 1.0),  # EU spelling of Greece, lower case
    ],
)
def test_ets_scope_share(origin, dest, share):
    assert ets_scope_share(origin, dest) == share


def test_ets_scope_share_vectorised():
    got = ets_scope_share(np.array(["CN", "NL", "JP"]), np.array(["NL", "SE", "KR"]))
    assert np.array_equal(got, [0.5, 1.0, 0.0])
    assert len(EU_MEMBER_STATES_ISO2) == 27
    assert {"IS", "LI", "NO"} <= ETS_COUNTRIES_ISO2
    assert not {"GB", "GL", "FO", "SJ", "RU", "CH"} & ETS_COUNTRIES_ISO2


def test_ets_ch4_n2o_only_from_2026():
    co2, ch4, n2o = 1000.0, 10.0, 1.0
    common = {"scope_share": 1.0, "gt": 50_000}
    assert ets_allowances_t(co2, ch4, n2o, 2025, **common) == pytest.approx(0.7 * 1000)
    assert ets_allowances_t(co2, ch4, n2o, 2026, **common) == pytest.approx(1000 + 280 + 265)


def test_ets_gross_tonnage_threshold():
    common = {"year": 2026, "scope_share": 0.5}
    assert ets_allowances_t(100.0, 0.0, 0.0, gt=4_999, **common) == 0.0
    assert ets_allowances_t(100.0, 0.0, 0.0, gt=5_000, **common) == pytest.approx(50.0)


def test_ets_cost_hand_checked():
    # 1,000 t CO2 in 2024, half in scope, 40 % surrendered: 200 allowances × €80 × 1.1 $/€.
    cost = ets_cost_usd(
        1000.0, 0.0, 0.0, 2024, 0.5, gt=30_000, allowance_price_eur_per_t=80, usd_per_eur=1.1
    )
    assert cost == pytest.approx(17_600.0)
    assert ets_cost_usd(1000.0, 0.0, 0.0, 2023, 1.0, gt=30_000) == 0.0


def test_ets_cost_defaults_come_from_the_registry():
    price = assumption("ets.allowance_price_eur_per_t")
    fx = assumption("ets.usd_per_eur")
    assert price.source and price.date == "2024" and fx.assumed and fx.date == "2024"
    expected = 1000 * price.value * fx.value
    assert ets_cost_usd(1000.0, 0.0, 0.0, 2026, 1.0, gt=30_000) == pytest.approx(expected)
    with overridden({"ets.allowance_price_eur_per_t": 100.0, "ets.usd_per_eur": 1.0}):
        assert ets_cost_usd(1000.0, 0.0, 0.0, 2026, 1.0, gt=30_000) == pytest.approx(100_000.0)


def test_lng_slip_costs_ets_allowances_from_2026():
    lng = ghg_emissions_t(1000.0, "LNG", "otto_medium_speed")
    a2025 = ets_allowances_t(*lng, 2025, 1.0, gt=100_000)
    a2026 = ets_allowances_t(*lng, 2026, 1.0, gt=100_000)
    assert a2025 == pytest.approx(0.7 * lng.co2_t)
    assert a2026 == pytest.approx(co2e_t(*lng))


# --- vectorisation: 100,000 routes ------------------------------------------------------------


def test_100k_routes_pipeline_matches_scalar_calls():
    rng = np.random.default_rng(11)
    n = 100_000
    fuel = rng.uniform(0, 5_000, n)
    year = rng.integers(2022, 2031, n)
    share = rng.choice([0.0, 0.5, 1.0], n)
    gt = rng.uniform(1_000, 200_000, n)
    fuels = rng.choice(list(em.FUEL_TYPES), n)
    gases = ghg_emissions_t(fuel, fuels)
    cost = ets_cost_usd(*gases, year, share, gt=gt)
    bc = black_carbon_t(fuel, fuels, 0.6)
    assert cost.shape == bc.shape == (n,)
    for i in rng.choice(n, 100, replace=False):
        one = ghg_emissions_t(fuel[i], str(fuels[i]))
        # Same formula element by element; allow for last-bit differences of SIMD code.
        assert cost[i] == pytest.approx(
            ets_cost_usd(*one, int(year[i]), share[i], gt=gt[i]), rel=1e-12
        )
        assert bc[i] == pytest.approx(black_carbon_t(fuel[i], str(fuels[i]), 0.6), rel=1e-12)


# --- bad inputs -------------------------------------------------------------------------------


def test_error_classes_are_domain_value_errors():
    for cls in (UnknownFuelTypeError, UnknownEngineTypeError, InvalidCountryCodeError):
        assert issubclass(cls, ArcticRouteError) and issubclass(cls, ValueError)


@pytest.mark.parametrize("bad", ["diesel", "", ["HFO", "Methanol"], 3])
def test_unknown_fuel_type(bad):
    with pytest.raises(UnknownFuelTypeError, match=r"HFO, VLSFO, MGO, LNG"):
        co2_factor_t_per_t(bad)
    with pytest.raises(UnknownFuelTypeError, match=r"HFO, VLSFO, MGO, LNG"):
        ghg_emissions_t(1.0, bad)


def test_unknown_lng_engine():
    with pytest.raises(UnknownEngineTypeError, match=r"lng_engine 'two-stroke'.*otto_medium_speed"):
        ghg_emissions_t(1.0, "LNG", "two-stroke")
    with (
        overridden({"emissions.lng_engine_default": "turbine"}),
        pytest.raises(UnknownEngineTypeError, match=r"emissions\.lng_engine_default 'turbine'"),
    ):
        ghg_emissions_t(1.0, "LNG")


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: ghg_emissions_t(-1.0, "HFO"), r"fuel_t must be finite and ≥ 0 t; got -1"),
        (lambda: ghg_emissions_t(np.nan, "HFO"), r"fuel_t must be finite"),
        (lambda: co2e_t(1.0, -1.0, 0.0), r"ch4_t must be finite and ≥ 0"),
        (lambda: black_carbon_t(1.0, "HFO", 0.0), r"engine_load must be finite and > 0 and ≤ 1"),
        (lambda: black_carbon_t(1.0, "HFO", 1.5), r"engine_load .* got 1.5"),
        (lambda: ets_phase_in(2024.5), r"year must be a whole calendar year"),
        (lambda: ets_phase_in(np.nan), r"year must be finite and ≥ 1900 and ≤ 2200"),
        (lambda: ets_allowances_t(1.0, 0, 0, 2026, 1.5, gt=1e4), r"scope_share .* ≤ 1"),
        (lambda: ets_allowances_t(1.0, 0, 0, 2026, 1.0, gt=0), r"gt must be finite and > 0"),
        (lambda: ets_allowances_t(np.inf, 0, 0, 2026, 1.0, gt=1e4), r"co2_t must be finite"),
        (
            lambda: ets_cost_usd(1.0, 0, 0, 2026, 1.0, gt=1e4, allowance_price_eur_per_t=-5),
            r"allowance_price_eur_per_t must be finite and ≥ 0 EUR/t; got -5",
        ),
        (
            lambda: ets_cost_usd(1.0, 0, 0, 2026, 1.0, gt=1e4, usd_per_eur=0),
            r"usd_per_eur must be finite and > 0",
        ),
    ],
)
def test_bad_quantities(call, match):
    with pytest.raises(InvalidQuantityError, match=match):
        call()


@pytest.mark.parametrize("bad", ["NLD", "N1", "", 31, ["CN", "Rotterdam"]])
def test_bad_country_codes(bad):
    with pytest.raises(InvalidCountryCodeError, match=r"ISO 3166-1 alpha-2"):
        ets_scope_share(bad, "NL")


# --- the parameter file -----------------------------------------------------------------------


def test_every_parameter_has_unit_date_and_source_or_why():
    text = resources.files("arcticroute").joinpath("data/parameters.toml").read_text()
    keys = []

    def walk(table, prefix=""):
        for name, item in table.items():
            key = f"{prefix}.{name}" if prefix else name
            if "value" in item:
                keys.append(key)
                assert "unit" in item and item.get("date"), key
                assert bool(item.get("source")) != bool(item.get("why")), key
            else:
                walk(item, key)

    walk({k: v for k, v in tomllib.loads(text).items() if k in ("fuel", "emissions", "ets")})
    assert {k.split(".")[0] for k in keys} == {"fuel", "emissions", "ets"}
    assumed = {k for k in keys if assumption(k).assumed}
    # The named assumptions of this file; a change here should be a deliberate one.
    assert assumed == {
        "fuel.engine_load_at_design_speed",
        "emissions.cf_co2.VLSFO",
        "emissions.lng_engine_default",
        "emissions.black_carbon.VLSFO.coefficient",
        "emissions.black_carbon.VLSFO.exponent",
        "emissions.black_carbon.LNG.coefficient",
        "emissions.black_carbon.LNG.exponent",
        "ets.usd_per_eur",
    }
