import datetime as dt

import numpy as np
import pytest

from arcticroute.assumptions import overridden, value
from arcticroute.economics.costs import (
    COST_KEYS,
    EconomicsError,
    EconomicsOptions,
    break_even,
    compare_economics,
    cost_arrays,
    voyage_economics,
)
from arcticroute.routing.planner import compare, route
from arcticroute.rules.hfo_ban import HFOBanError
from arcticroute.vessel.ships import get_ship

SEPT = EconomicsOptions(date=dt.date(2026, 9, 1))


@pytest.fixture(scope="module")
def ship():
    return get_ship("container_4500teu_arc4")


@pytest.fixture(scope="module")
def cmp(ship):
    return compare("Shanghai", "Rotterdam", ship=ship)


@pytest.fixture(scope="module")
def econ(cmp, ship):
    out = compare_economics(cmp.routes, ship, SEPT)
    return {via: e for via, (e, why) in out.items()}


def test_costs_add_up(econ):
    for e in econ.values():
        assert sum(e.costs[k] for k in COST_KEYS) == pytest.approx(e.costs["total_usd"])
        assert all(e.costs[k] >= 0 for k in COST_KEYS)


def test_hand_checked_items(econ, cmp, ship):
    e, r = econ["suez"], cmp.by_via("suez")
    # Days at sea and main-engine fuel: P x load x SFOC x 24 h per day at design speed.
    assert e.days == pytest.approx(r.distance_nm / ship.design_speed_kn / 24)
    per_day_t = ship.main_engine_power_kw * value("fuel.engine_load_at_design_speed")
    per_day_t *= ship.sfoc_g_per_kwh * 24 / 1e6
    assert e.fuel_t["VLSFO"] == pytest.approx(per_day_t * e.days)
    assert e.costs["fuel_usd"] == pytest.approx(
        e.fuel_t["VLSFO"] * value("costs.bunker_usd_per_t.VLSFO")
    )
    daily = value("costs.daily_operating_usd.ice_class") + value(
        "costs.capital_usd_per_day.container"
    )
    assert e.costs["charter_usd"] == pytest.approx(e.days * daily)
    # CO2 with the VLSFO factor (named assumption emissions.cf_co2.VLSFO).
    assert e.co2_t == pytest.approx(e.fuel_t["VLSFO"] * value("emissions.cf_co2.VLSFO"))


def test_items_by_corridor(econ):
    assert econ["suez"].costs["canal_toll_usd"] > 0
    assert econ["suez"].costs["icebreaker_fee_usd"] == 0
    assert econ["nsr"].costs["canal_toll_usd"] == 0
    assert econ["nsr"].costs["icebreaker_fee_usd"] > 0
    assert econ["nsr"].nsr_zones == (1, 2, 3, 4, 5, 6, 7)
    assert econ["cape"].costs["canal_toll_usd"] == 0
    # the container ship's Panama toll is not modelled (only the LNG tariff is): said
    assert any("Panama Canal toll not modelled for container" in n for n in econ["panama"].notes)


def test_ets_half_scope_for_asia_europe_and_full_intra_eu(econ, ship):
    e = econ["suez"]
    price = value("ets.allowance_price_eur_per_t") * value("ets.usd_per_eur")
    # 2026: 100 % phase-in, CO2 + CH4 + N2O, 50 % scope (one end outside the EEA).
    assert e.costs["ets_usd"] == pytest.approx(0.5 * e.co2e_t * price, rel=1e-6)
    intra = voyage_economics(route("Rotterdam", "Hamburg", speed_kn=14), ship, SEPT)
    assert intra.costs["ets_usd"] == pytest.approx(intra.co2e_t * price, rel=1e-6)
    early = voyage_economics(
        route("Rotterdam", "Hamburg", speed_kn=14), ship, EconomicsOptions(date=dt.date(2024, 9, 1))
    )
    assert early.costs["ets_usd"] == pytest.approx(0.4 * early.co2_t * price, rel=1e-6)


def test_higher_bunker_price_grows_the_nsr_saving(cmp, ship):
    savings = []
    for price in (400.0, 600.0, 800.0):
        with overridden({"costs.bunker_usd_per_t.VLSFO": price}):
            e = {v: x for v, (x, _) in compare_economics(cmp.routes, ship, SEPT).items()}
        assert e["nsr"].fuel_t["VLSFO"] < e["suez"].fuel_t["VLSFO"]
        savings.append(e["suez"].total_usd - e["nsr"].total_usd)
    assert savings[0] < savings[1] < savings[2]


def test_break_even_figures_balance(econ, ship, cmp):
    suez, nsr, cape = econ["suez"], econ["nsr"], econ["cape"]
    be = break_even(nsr, suez, ship)
    assert nsr.total_usd - nsr.costs["icebreaker_fee_usd"] + be.escort_fee_usd == pytest.approx(
        suez.total_usd
    )
    daily = value("costs.daily_operating_usd.ice_class") + value(
        "costs.capital_usd_per_day.container"
    )
    assert nsr.total_usd + be.delay_days * daily == pytest.approx(suez.total_usd)
    # At the bunker break-even price the Cape and Suez routes cost the same.
    be_cape = break_even(cape, suez, ship)
    assert be_cape.escort_fee_usd is None and be_cape.bunker_usd_per_t > 0
    with overridden({"costs.bunker_usd_per_t.VLSFO": be_cape.bunker_usd_per_t}):
        e = {
            v: x
            for v, (x, _) in compare_economics(
                [cmp.by_via("suez"), cmp.by_via("cape")], ship, SEPT
            ).items()
        }
    assert e["cape"].total_usd == pytest.approx(e["suez"].total_usd, rel=1e-9)


def test_trips_and_load_factor(cmp, ship):
    r = cmp.by_via("suez")
    one = voyage_economics(r, ship, SEPT)
    rt = voyage_economics(r, ship, EconomicsOptions(date=SEPT.date, trip="round_trip"))
    bal = voyage_economics(r, ship, EconomicsOptions(date=SEPT.date, trip="ballast_return"))
    half = voyage_economics(r, ship, EconomicsOptions(date=SEPT.date, load_factor=0.5))
    assert rt.total_usd == pytest.approx(2 * one.total_usd)
    assert rt.cargo == 2 * one.cargo and bal.cargo == one.cargo
    # The ballast leg pays the lower ballast toll.
    assert one.total_usd < bal.total_usd < rt.total_usd
    assert half.per_unit_usd == pytest.approx(2 * one.per_unit_usd)
    assert one.per_unit_key == "per_teu_usd"


def test_hfo_ban_switch_and_error():
    bulker = get_ship("bulk_75000dwt_iasuper").replace(fuel_type="HFO", protected_fuel_tanks=False)
    r = route("Shanghai", "Rotterdam", via="nsr", speed_kn=12)
    before = voyage_economics(r, bulker, EconomicsOptions(date=dt.date(2024, 6, 30)))
    after = voyage_economics(r, bulker, EconomicsOptions(date=dt.date(2024, 7, 1)))
    assert before.hfo_switch_nm == 0 and "MGO" not in before.fuel_t
    assert after.hfo_switch_nm > 2000 and after.fuel_t["MGO"] > 0
    assert after.costs["fuel_usd"] > before.costs["fuel_usd"]  # MGO costs more than HFO
    with pytest.raises(HFOBanError, match="MGO"):
        voyage_economics(r, bulker, EconomicsOptions(date=dt.date(2025, 8, 1), hfo_policy="error"))


def test_vectorised_core_equals_scalar(ship):
    rng = np.random.default_rng(1)
    d = rng.uniform(100, 15_000, 100_000)
    v = rng.uniform(8, 20, 100_000)
    arr = cost_arrays(d, v, ship, canal_toll_usd=1000.0, ets_scope_share=0.5)
    for i in (0, 17, 99_999):
        one = cost_arrays(d[i], v[i], ship, canal_toll_usd=1000.0, ets_scope_share=0.5)
        for k in ("total_usd", "co2e_t", "fuel_main_t"):
            assert arr[k][i] == pytest.approx(float(one[k]))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"trip": "there_and_back"}, "trip must be one of"),
        ({"load_factor": 0.0}, "load_factor"),
        ({"load_factor": 1.5}, "load_factor"),
        ({"date": "2026-09-01"}, "datetime.date"),
    ],
)
def test_bad_options(kwargs, match):
    with pytest.raises(EconomicsError, match=match):
        EconomicsOptions(**kwargs)


def test_negative_price_and_missing_scnt(cmp, ship):
    with (
        overridden({"costs.bunker_usd_per_t.VLSFO": -5.0}),
        pytest.raises(EconomicsError, match="bunker price"),
    ):
        voyage_economics(cmp.by_via("cape"), ship, SEPT)
    no_scnt = ship.replace(scnt=None)
    with pytest.raises(EconomicsError, match="Suez Canal net tonnage"):
        voyage_economics(cmp.by_via("suez"), no_scnt, SEPT)
    with pytest.raises(EconomicsError, match="distance_nm"):
        cost_arrays(-1.0, 12.0, ship)


def test_winter_nsr_for_a_ship_without_ice_class_cannot_be_costed():
    panamax = get_ship("panamax_bulker")
    r = route("Shanghai", "Rotterdam", via="nsr", speed_kn=12)
    out = compare_economics([r], panamax, EconomicsOptions(date=dt.date(2026, 2, 1)))
    e, why = out["nsr"]
    assert e is None and "cannot cost" in why
