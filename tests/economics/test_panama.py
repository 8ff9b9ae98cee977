"""The Panama Canal toll of an LNG carrier, pinned to the Panama Canal Authority's figures.

The Authority published a worked example with its 2016 tariff: a 174,000 m3 LNG carrier
pays 382,440 USD laden and 336,540 USD in ballast. The 2025 tariff (item 1010) is a fixed
300,000 USD per neopanamax transit plus 2.05 USD per m3, ballast 85 % of laden.
"""

from __future__ import annotations

import datetime as dt

import pytest

from arcticroute.assumptions import overridden
from arcticroute.economics.costs import EconomicsOptions, canal_toll_usd, voyage_economics
from arcticroute.economics.panama import panama_toll_usd
from arcticroute.economics.tariffs import TariffError
from arcticroute.routing.planner import route
from arcticroute.vessel.ships import get_ship

D = dt.date


@pytest.fixture(scope="module")
def lng174():
    base = get_ship("lng_arc7_yamalmax")
    return base.model_copy(update={"capacity": 174_000.0})


def test_the_authoritys_2016_worked_example(lng174):
    assert panama_toll_usd(lng174, True, D(2016, 4, 1)).usd == pytest.approx(382_440.0)
    assert panama_toll_usd(lng174, False, D(2017, 9, 30)).usd == pytest.approx(336_540.0)


def test_the_2025_tariff_fixed_charge_rate_and_ballast_share(lng174):
    laden = panama_toll_usd(lng174, True, D(2026, 12, 8))
    assert laden.modelled and laden.usd == pytest.approx(300_000.0 + 2.05 * 174_000.0)
    assert panama_toll_usd(lng174, False, D(2025, 1, 1)).usd == pytest.approx(0.85 * laden.usd)
    assert "panama.lng.2025-01-01" in laden.keys and not laden.assumptions  # all sourced
    assert "fresh-water surcharge" in laden.note  # what the toll leaves out is said


def test_a_users_tariff_is_used_and_named(lng174):
    new = {"fixed_usd": 350_000.0, "rate_usd_per_m3": 2.5, "ballast_share": 0.8}
    with overridden({"panama.lng.2025-01-01": new}):
        toll = panama_toll_usd(lng174, False, D(2026, 6, 1))
    assert toll.usd == pytest.approx(0.8 * (350_000.0 + 2.5 * 174_000.0))
    assert toll.assumptions == ("panama.lng.2025-01-01",)


def test_each_tariff_holds_from_its_date(lng174):
    before, after = (panama_toll_usd(lng174, True, d).usd for d in (D(2022, 12, 31), D(2023, 1, 1)))
    assert before == pytest.approx(60_000 * 3.12 + 30_000 * 2.68 + 30_000 * 2.58 + 54_000 * 2.44)
    assert after == pytest.approx(300_000.0 + 1.35 * 174_000.0)


@pytest.mark.parametrize(
    ("ship", "update", "day", "why"),
    [
        ("container_4500teu_arc4", {}, D(2026, 1, 1), "for container ships"),
        ("lng_arc7_yamalmax", {}, D(2016, 3, 31), "before 1 Apr 2016"),
        ("lng_arc7_yamalmax", {"beam_m": 30.0, "length_m": 200.0}, D(2025, 6, 1), "original locks"),
    ],
)
def test_what_is_not_modelled_is_zero_and_said(ship, update, day, why):
    toll = panama_toll_usd(get_ship(ship).model_copy(update=update), True, day)
    assert not toll.modelled and toll.usd == 0.0
    assert "not modelled" in toll.note and why in toll.note


def test_a_small_lng_carrier_before_2023_pays_the_banded_toll():
    small = get_ship("lng_arc7_yamalmax").model_copy(
        update={"beam_m": 30.0, "length_m": 200.0, "capacity": 50_000.0}
    )
    assert panama_toll_usd(small, True, D(2021, 6, 1)).usd == pytest.approx(50_000 * 3.12)


def test_voyage_costs_carry_the_toll_laden_then_in_ballast():
    ship = get_ship("lng_arc7_yamalmax")
    r = route("Sabine Pass", "Tokyo", via="panama", ship=ship)
    day = D(2026, 3, 1)
    one = voyage_economics(r, ship, EconomicsOptions(date=day))
    laden = panama_toll_usd(ship, True, day).usd
    assert one.costs["canal_toll_usd"] == pytest.approx(laden)
    both = voyage_economics(r, ship, EconomicsOptions(date=day, trip="ballast_return"))
    assert both.costs["canal_toll_usd"] == pytest.approx(laden * 1.85)
    assert sum("Panama Canal toll: neopanamax" in n for n in both.notes) == 1  # said once
    assert canal_toll_usd({"panama"}, ship, day, laden=False) == pytest.approx(0.85 * laden)


def test_a_users_banded_tariff_with_a_rate_missing_is_one_clear_error(lng174):
    bad = {"band_widths_m3": [60000, 30000, 30000], "laden": [2.5, 2.1], "ballast": [2.2, 1.9]}
    with overridden({"panama.lng.2016-04-01": bad}), pytest.raises(TariffError, match="4 rates"):
        panama_toll_usd(lng174, True, D(2016, 6, 1))
