"""Tests for arcticroute.economics.tariffs: Suez toll, NSR icebreaker escort, ice pilotage."""

from __future__ import annotations

import csv
import datetime as dt
import tomllib
from importlib import resources

import numpy as np
import pytest

from arcticroute.assumptions import assumption, overridden
from arcticroute.economics.tariffs import (
    Tariff,
    TariffError,
    ice_pilotage_usd,
    nsr_escort_fee_usd,
    nsr_escort_rate_rub_per_gt,
    suez_toll_sdr,
    suez_toll_usd,
)
from arcticroute.errors import ShipValidationError, UnknownIceClassError

N = 100_000

# --- NSR escort: FST order 45-t/1, Table 8 (winter-spring), re-typed from nsr-rules.md §3.2 ---

TABLE_8 = {
    "Arc4": [670.26, 804.32, 938.37, 1072.42, 1206.47, 1340.53, 1340.53],
    "Arc5": [663.56, 796.27, 928.99, 1061.70, 1194.41, 1327.12, 1327.12],
    "Arc6-Arc9": [656.86, 788.23, 919.60, 1050.97, 1182.35, 1313.72, 1313.72],
    "Icebreaker6-Icebreaker8": [650.16, 780.19, 910.22, 1040.25, 1170.28, 1300.31, 1300.31],
}
ROW_CLASSES = {
    "Arc4": ["Arc4"],
    "Arc5": ["Arc5"],
    "Arc6-Arc9": ["Arc6", "Arc7", "Arc8", "Arc9"],
}
WINTER = [12, 1, 2, 3, 4, 5, 6]
SUMMER = [7, 8, 9, 10, 11]


def rate(gt, ice_class, zones, month):
    return nsr_escort_rate_rub_per_gt(gt, ice_class, zones, month).value


@pytest.mark.parametrize("row", list(ROW_CLASSES))
@pytest.mark.parametrize("gt", [20_001, 30_000, 40_000])
def test_table8_cell_by_cell(row, gt):
    # Table 8 is taken to cover 20,001-40,000 GT (nsr_tariff.table8_gt_band), where the
    # confirmed values must come out exactly
    for ice_class in ROW_CLASSES[row]:
        for month in (1, 12, 6):
            got = rate(gt, ice_class, np.arange(1, 8), month)
            np.testing.assert_allclose(got, TABLE_8[row], rtol=0, atol=1e-9)


def test_icebreaker_row_is_in_the_registry_exactly():
    # no IceClass selects it (arcticroute has no icebreaker classes), but the confirmed row ships
    assert (
        assumption("nsr_tariff.table8.icebreaker6_icebreaker8").value
        == TABLE_8["Icebreaker6-Icebreaker8"]
    )


def test_escort_fee_hand_checked():
    # 30,000 GT Arc4, 3 zones, January: 938.37 RUB/GT x 30,000 GT / 103.00 RUB per USD
    fee = nsr_escort_fee_usd(30_000, "Arc4", 3, 1)
    assert fee.unit == "USD"
    assert fee.value == pytest.approx(938.37 * 30_000 / 103.00, rel=1e-12)
    assert set(fee.assumptions) == {
        "nsr_tariff.gt_band_ratio",
        "nsr_tariff.indexation_since_2014",
        "nsr_tariff.rub_per_usd",
        "nsr_tariff.table8_gt_band",
    }
    assert "nsr_tariff.table8.arc4" in fee.parameters
    assert "nsr_tariff.table8.arc5" not in fee.parameters


def test_summer_is_two_fifths_of_winter():
    winter = rate(30_000, "Arc5", np.arange(1, 8), 3)
    summer = rate(30_000, "Arc5", np.arange(1, 8), 8)
    np.testing.assert_allclose(summer, 0.4 * winter, rtol=1e-12)


@pytest.mark.parametrize("ice_class", ["Arc4", "Arc5", "Arc6", "Arc7", "Arc9"])
def test_winter_never_cheaper_than_summer(ice_class):
    gt = np.array([3_000, 8_000, 15_000, 30_000, 60_000, 150_000])[:, None]
    zones = np.arange(1, 8)[None, :]
    assert np.all(rate(gt, ice_class, zones, 1) >= rate(gt, ice_class, zones, 7))


@pytest.mark.parametrize("month", [1, 8])
@pytest.mark.parametrize("ice_class", ["Arc4", "Arc5", "Arc7"])
def test_more_zones_never_cheaper(ice_class, month):
    fees = nsr_escort_fee_usd(50_000, ice_class, np.arange(0, 8), month).value
    assert fees[0] == 0
    assert np.all(np.diff(fees) >= 0)
    assert fees[7] == fees[6]  # Table 8: the 7-zone rate equals the 6-zone rate in every row


def test_more_gt_never_cheaper_within_a_band():
    upper = [5_000, 10_000, 20_000, 40_000, 100_000, 400_000]
    lower = [1, 5_001, 10_001, 20_001, 40_001, 100_001]
    for lo, hi in zip(lower, upper, strict=True):
        gt = np.linspace(lo, hi, 50)
        fees = nsr_escort_fee_usd(gt, "Arc7", 4, 2).value
        assert np.all(np.diff(fees) > 0)


def test_fee_falls_where_a_ship_enters_a_cheaper_gt_band():
    # The rate applies to the whole GT (as both Waite et al. and Lambert et al. read the
    # order), so crossing 40,000 GT lowers the fee: a property of the tariff, not a bug.
    below, above = nsr_escort_fee_usd([40_000, 40_001], "Arc4", 5, 1).value
    assert above == pytest.approx(below * 40_001 / 40_000 / 1.2)
    assert above < below


def test_gt_band_ratios():
    t8 = np.array(TABLE_8["Arc4"])
    for gt, factor in [
        (1_000, 1.5),
        (5_000, 1.5),
        (5_001, 1.5),
        (10_001, 4 / 3),
        (40_001, 1 / 1.2),
        (100_000, 1 / 1.2),
        (250_000, 1 / 1.2),
    ]:
        np.testing.assert_allclose(rate(gt, "Arc4", np.arange(1, 8), 1), t8 * factor)


def test_no_ice_class_pays_twice_arc4_in_summer_and_has_no_winter_tariff():
    arc4 = rate(30_000, "Arc4", 3, 8)
    for ice_class in ["none", "Ice1", "Ice2", "Ice3", ""]:
        got = nsr_escort_rate_rub_per_gt(30_000, ice_class, 3, 8)
        assert got.value == pytest.approx(2 * arc4)
        assert "nsr_tariff.no_ice_class_summer_ratio" in got.assumptions
        with pytest.raises(TariffError, match=r"no winter-spring .* below Arc4 \(ice class"):
            nsr_escort_rate_rub_per_gt(30_000, ice_class, 3, 12)
    # without escort there is nothing to price, in any month
    assert nsr_escort_fee_usd(30_000, "none", 0, 12).value == 0


def test_no_escort_costs_nothing_and_rests_on_nothing():
    fee = nsr_escort_fee_usd([10_000, 80_000], "Arc7", 0, 2)
    np.testing.assert_array_equal(fee.value, [0.0, 0.0])
    assert fee.assumptions == ()


def test_other_systems_priced_as_their_russian_equivalent():
    # IA = Arc4 and IA Super = Arc5 are confirmed (IMO table): no assumption added
    ia = nsr_escort_rate_rub_per_gt(30_000, "IA", 2, 1)
    assert ia.value == TABLE_8["Arc4"][1]
    assert not any(k.startswith("iceclass.") for k in ia.assumptions)
    assert rate(30_000, "1A Super", 2, 1) == TABLE_8["Arc5"][1]
    # PC4 = Arc7 is an assumed equivalence, and is named
    pc4 = nsr_escort_rate_rub_per_gt(30_000, "PC4", 2, 1)
    assert pc4.value == TABLE_8["Arc6-Arc9"][1]
    assert "iceclass.equivalence.PC4.RS" in pc4.assumptions


@pytest.mark.parametrize(
    ("when", "summer"),
    [
        (6, False),
        (7, True),
        (11, True),
        (12, False),
        (dt.date(2024, 11, 30), True),
        (dt.date(2024, 12, 1), False),
        (np.datetime64("2024-07-01"), True),
        (np.datetime64("2024-06-30T23:00"), False),
        ("summer_autumn", True),
        ("Winter_Spring", False),
        ("summer", True),
        (8.0, True),
    ],
)
def test_navigation_period(when, summer):
    expected = TABLE_8["Arc5"][3] * (0.4 if summer else 1.0)
    assert rate(30_000, "Arc5", 4, when) == pytest.approx(expected)


def test_month_array_forms_agree():
    months = np.arange(1, 13)
    dates = np.array([f"2023-{m:02d}-15" for m in months], dtype="datetime64[D]")
    words = np.where(np.isin(months, SUMMER), "summer_autumn", "winter_spring")
    by_month = rate(30_000, "Arc6", 2, months)
    np.testing.assert_array_equal(by_month, rate(30_000, "Arc6", 2, dates))
    np.testing.assert_array_equal(by_month, rate(30_000, "Arc6", 2, words))
    np.testing.assert_array_equal(by_month, rate(30_000, "Arc6", 2, list(dates.astype(object))))


def test_escort_matches_waite_et_al(shared_data):
    # Waite et al. IceBreakCosts_v2.csv lists 2014 rubles for ship types 1A and 1AS (= Arc4 and
    # Arc5, confirmed IMO equivalences), 1-7 zones, by month, for Panamax/Aframax tankers. Our
    # GT band 5 (40,001-100,000) must reproduce it: Table 8 x (1/1.2) in winter and x 0.4 in
    # summer. Tolerance 0.01 RUB/GT: both tables are rounded to kopecks, and Waite's is
    # rounded from its own base (1005.40 vs 1206.47/1.2 = 1005.39), so the two can differ by
    # one kopeck. (Waite et al. apply these rates per tonne of cargo capacity, not per GT.)
    path = shared_data / "nsr-shipping-model-inputs/inputs/costs/IceBreakCosts_v2.csv"
    with path.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 2 * 12 * 7
    months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    ice = {"1A": "IA", "1AS": "IA Super"}
    got = rate(
        60_000,
        [ice[r["ship_type"]] for r in rows],
        [int(r["n_zones"]) for r in rows],
        [months.index(r["month"]) + 1 for r in rows],
    )
    want = np.array([float(r["fee"]) for r in rows])
    np.testing.assert_allclose(got, want, rtol=0, atol=0.01)


def test_escort_consistent_with_lambert_et_al():
    # Lambert et al. (2021) Winter/Summer_IB_fees.csv (REFERENCE.md §5): fee by GT in an
    # unstated currency. Divided by our Arc4 7-zone fee in rubles, the ratio must be the same
    # at every GT (their currency rate, 74.37). The band ratios were inferred from this table,
    # so this checks the implementation, not the inference. Tolerance 1e-5: their values are
    # given to the unit.
    gt = np.arange(1, 10) * 10_000
    summer_ice = [108147, 192261, 216293, 288391, 300406, 360487, 420568, 480650, 540731]
    summer_ow = [216293, 384523, 432586, 576782, 600812, 720975, 841137, 961299, 1081462]
    winter = [270367, 480652, 540735, 720980, 751022, 901226, 1051431, 1201635, 1351839]
    for ice_class, month, lambert in [
        ("Arc4", 8, summer_ice),
        ("none", 8, summer_ow),
        ("Arc4", 1, winter),
    ]:
        ratio = rate(gt, ice_class, 7, month) * gt / np.array(lambert)
        np.testing.assert_allclose(ratio, 74.3727, rtol=1e-5)


def test_escort_overrides_apply_and_are_named():
    base = nsr_escort_fee_usd(30_000, "Arc7", 5, 2)
    with overridden({"nsr_tariff.indexation_since_2014": 1.5}):
        indexed = nsr_escort_fee_usd(30_000, "Arc7", 5, 2)
    assert indexed.value == pytest.approx(1.5 * base.value)
    with overridden({"nsr_tariff.rub_per_usd": 1.0}):
        rubles = nsr_escort_fee_usd(30_000, "Arc7", 5, 2)
    assert rubles.value == pytest.approx(TABLE_8["Arc6-Arc9"][4] * 30_000)
    assert "nsr_tariff.rub_per_usd" in rubles.assumptions
    # a sourced value replaced by a user is no longer backed by its source
    assert "suez.usd_per_sdr" not in suez_toll_usd(40_000, "bulk").assumptions
    with overridden({"suez.usd_per_sdr": 1.4}):
        assert "suez.usd_per_sdr" in suez_toll_usd(40_000, "bulk").assumptions
    with overridden({"nsr_tariff.table8_gt_band": 5}):
        # if Table 8 were the 40,001-100,000 GT band, it would apply there exactly
        assert rate(60_000, "Arc4", 1, 1) == pytest.approx(TABLE_8["Arc4"][0])


def test_escort_vectorised_equals_scalar():
    rng = np.random.default_rng(45)
    gt = rng.uniform(500, 300_000, N)
    classes = rng.choice(["Arc4", "Arc5", "Arc7", "IA", "PC3"], N)
    zones = rng.integers(0, 8, N)
    months = rng.integers(1, 13, N)
    fees = nsr_escort_fee_usd(gt, classes, zones, months)
    assert fees.value.shape == (N,)
    # scalar calls cost ~0.2 ms each, so 1,000 positions are checked, not all 100,000
    for i in rng.choice(N, 1_000, replace=False):
        one = nsr_escort_fee_usd(gt[i], classes[i], zones[i], months[i])
        assert isinstance(one.value, float)
        assert one.value == fees.value[i]
        assert set(one.assumptions) <= set(fees.assumptions)


@pytest.mark.parametrize("gt", [None, np.nan, [30_000, None], [1.0, np.nan]])
def test_escort_missing_gt(gt):
    with pytest.raises(ShipValidationError, match="missing GT for a tariff"):
        nsr_escort_fee_usd(gt, "Arc4", 2, 1)


@pytest.mark.parametrize("gt", [-5, 0, np.inf, [10_000, -1]])
def test_escort_bad_gt(gt):
    with pytest.raises(ShipValidationError, match="gt must be a positive, finite tonnage"):
        nsr_escort_fee_usd(gt, "Arc4", 2, 1)


def test_escort_gt_not_a_number():
    with pytest.raises(ShipValidationError, match="gt must be a number"):
        nsr_escort_fee_usd("big", "Arc4", 2, 1)


@pytest.mark.parametrize("ice_class", ["Arc10", "PC8", "strong", ["Arc4", "bogus"]])
def test_escort_unknown_ice_class(ice_class):
    with pytest.raises(UnknownIceClassError, match="unknown ice class"):
        nsr_escort_fee_usd(30_000, ice_class, 2, 1)


def test_escort_ice_class_not_text():
    with pytest.raises(UnknownIceClassError, match="ice_class must be text"):
        nsr_escort_fee_usd(30_000, ["Arc4", None], 2, 1)


@pytest.mark.parametrize("zones", [-1, 8, 2.5, [1, 9], np.nan, "3", True])
def test_escort_zones_outside_0_to_7(zones):
    with pytest.raises(TariffError, match="n_zones must be a whole number of NSR zones 0-7"):
        nsr_escort_fee_usd(30_000, "Arc4", zones, 1)


@pytest.mark.parametrize(
    "month", [0, 13, 6.5, "spring", "", True, [1, 14], np.datetime64("NaT"), ["summer", 3]]
)
def test_escort_bad_month(month):
    with pytest.raises(TariffError, match="month_or_season"):
        nsr_escort_fee_usd(30_000, "Arc4", 2, month)


def test_escort_inputs_that_do_not_broadcast():
    with pytest.raises(TariffError, match="cannot be broadcast"):
        nsr_escort_fee_usd([10_000, 20_000, 30_000], "Arc4", [1, 2], 1)


# --- Suez Canal ----------------------------------------------------------------------------

EARLY = "2006-06-01"  # the 2006 table alone: before any recorded or unrecorded change


def sdr(*args, **kwargs):
    return suez_toll_sdr(*args, **kwargs).value


def test_suez_bands_hand_checked():
    # SCA circular 01/2005 (in force 15 Mar 2006), container ships, SDR per SCNT by band
    assert sdr(3_000, "container", deck_tiers=0, date=EARLY) == pytest.approx(3_000 * 7.65)
    laden_50k = 5_000 * 7.65 + 5_000 * 4.35 + 10_000 * 3.57 + 20_000 * 2.56 + 10_000 * 2.56
    assert laden_50k == pytest.approx(172_500)
    assert sdr(50_000, "container", deck_tiers=0, date=EARLY) == pytest.approx(laden_50k)
    ballast_50k = 5_000 * 6.50 + 5_000 * 3.70 + 10_000 * 3.06 + 20_000 * 2.18 + 10_000 * 2.18
    assert sdr(50_000, "container", laden=False, date=EARLY) == pytest.approx(ballast_50k)
    laden_100k = laden_50k + 20_000 * 2.56 + 30_000 * 1.94
    assert sdr(100_000, "container", deck_tiers=0, date=EARLY) == pytest.approx(laden_100k)
    # dry bulk: 5,000 x 7.65 + 5,000 x 4.39 + 10,000 x 3.15 + 20,000 x 1.11 + 30,000 x 1.06
    # + 10,000 x 1.06
    bulk_80k = 38_250 + 21_950 + 31_500 + 22_200 + 31_800 + 10_600
    assert sdr(80_000, "bulk", date=EARLY) == pytest.approx(bulk_80k)


def test_suez_types_without_a_row_pay_other_vessels():
    other = sdr(25_000, "other", date=EARLY)
    assert other == pytest.approx(5_000 * 7.65 + 5_000 * 4.39 + 10_000 * 4.00 + 5_000 * 2.79)
    for ship_type in ["general_cargo", "multipurpose", "ro_ro", "passenger"]:
        assert sdr(25_000, ship_type, date=EARLY) == pytest.approx(other)
    # vehicle carriers share the container row, without deck tiers
    assert sdr(25_000, "car_carrier", date=EARLY) == pytest.approx(
        sdr(25_000, "container", deck_tiers=0, date=EARLY)
    )


def test_suez_tanker_row_is_an_assumption():
    crude = suez_toll_sdr(60_000, "tanker", date=EARLY)
    assert crude.value == pytest.approx(34_400 + 19_200 + 34_500 + 29_600 + 29_600)
    assert "suez.tanker_rate_group" in crude.assumptions
    with overridden({"suez.tanker_rate_group": "product_tanker"}):
        product = sdr(60_000, "tanker", date=EARLY)
    assert product == pytest.approx(35_800 + 20_000 + 36_400 + 41_000 + 41_000)
    with overridden({"suez.tanker_rate_group": "cruise"}), pytest.raises(Exception, match="one of"):
        sdr(60_000, "tanker")


def test_suez_lng_rebate():
    lng = suez_toll_sdr(101_000, "lng", laden=False, date=EARLY)
    with overridden({"suez.lng_rebate": 0.0}):
        full = sdr(101_000, "lng", laden=False, date=EARLY)
    assert lng.value == pytest.approx(0.65 * full)
    assert "suez.lng_rebate" in lng.parameters
    assert "suez.lng_rebate" not in suez_toll_sdr(101_000, "bulk").parameters


def test_suez_deck_tiers():
    plain = sdr(60_000, "container", deck_tiers=0, date=EARLY)
    tiers = sdr(60_000, "container", deck_tiers=np.arange(1, 8), date=EARLY)
    np.testing.assert_allclose(tiers / plain, 1 + np.array([2, 4, 6, 8, 12, 16, 18]) / 100)
    nine = suez_toll_sdr(60_000, "container", deck_tiers=9, date=EARLY)
    assert nine.value / plain == pytest.approx(1.22)  # 18 % + 2 x 2 % (assumed beyond 7)
    assert "suez.deck_tier_surcharge_extra" in nine.assumptions
    # not given: the named default for laden container ships, none in ballast
    default = suez_toll_sdr(60_000, "container", date=EARLY)
    assert default.value == pytest.approx(sdr(60_000, "container", deck_tiers=4, date=EARLY))
    assert "suez.container_deck_tiers_default" in default.assumptions
    ballast = suez_toll_sdr(60_000, "container", laden=False, date=EARLY)
    assert "suez.container_deck_tiers_default" not in ballast.parameters
    assert ballast.value == pytest.approx(sdr(60_000, "container", False, 0, EARLY))


def test_suez_dated_changes():
    def container(date):
        return sdr(60_000, "container", deck_tiers=0, date=date)

    base = container(EARLY)
    assert container("2008-03-31") == pytest.approx(base)
    assert container("2008-04-01") == pytest.approx(base * 1.057)
    assert container("2012-03-01") == pytest.approx(base * 1.057 * 1.03)
    assert container("2020-06-01") == pytest.approx(base * 1.057 * 1.03)  # +5 % bulk/LPG only
    assert container("2022-02-01") == pytest.approx(base * 1.057 * 1.03 * 1.06)
    assert container("2023-01-01") == pytest.approx(base * 1.057 * 1.03 * 1.06 * 1.15)
    assert container("2024-01-15") == pytest.approx(base * 1.057 * 1.03 * 1.06 * 1.15**2)
    assert container(None) == pytest.approx(container("2030-01-01"))
    # LNG carriers and cruise ships were exempt from the 2022 increase
    lng = sdr(60_000, "lng", date="2022-02-15") / sdr(60_000, "lng", date="2022-01-15")
    assert lng == pytest.approx(1.0)


def test_suez_unrecorded_changes_are_named():
    early = suez_toll_sdr(60_000, "bulk", date=EARLY)
    later = suez_toll_sdr(60_000, "bulk", date="2007-06-01")
    assert early.value == later.value
    assert "suez.unrecorded_changes_factor" not in early.parameters
    assert "suez.unrecorded_changes_factor" in later.assumptions
    with overridden({"suez.unrecorded_changes_factor": 1.1}):
        assert sdr(60_000, "bulk", date="2007-06-01") == pytest.approx(1.1 * later.value)
        assert sdr(60_000, "bulk", date=EARLY) == early.value


def test_suez_surcharges_2022_2023():
    def ratio(ship_type, laden, after, before, **kw):
        return sdr(60_000, ship_type, laden, date=after, **kw) / sdr(
            60_000, ship_type, laden, date=before, **kw
        )

    # 1 Mar 2022: +5 % bulk and tankers, +10 % LPG, containers by deck tiers (4 tiers: 21 %)
    assert ratio("bulk", True, "2022-03-01", "2022-02-28") == pytest.approx(1.05)
    assert ratio("lpg", False, "2022-03-01", "2022-02-28") == pytest.approx(1.10)
    assert ratio("container", True, "2022-03-01", "2022-02-28", deck_tiers=4) == pytest.approx(1.21)
    assert ratio("container", True, "2022-03-01", "2022-02-28", deck_tiers=0) == pytest.approx(1)
    # 1 May 2022: laden tankers 15 % (from 5 %), ballast stays 5 %
    assert ratio("tanker", True, "2022-05-01", "2022-04-30") == pytest.approx(1.15 / 1.05)
    assert ratio("tanker", False, "2022-05-01", "2022-04-30") == pytest.approx(1.0)
    # 1 Apr 2023: tankers 25 % laden, 15 % ballast
    assert ratio("tanker", True, "2023-04-01", "2023-03-31") == pytest.approx(1.25 / 1.15)
    assert ratio("tanker", False, "2023-04-01", "2023-03-31") == pytest.approx(1.15 / 1.05)


def test_suez_surcharge_persistence_is_an_assumption():
    confirmed = suez_toll_sdr(60_000, "tanker", date="2022-06-01")
    assert "suez.surcharge_end_date" not in confirmed.parameters
    later = suez_toll_sdr(60_000, "tanker", date="2024-06-01")
    assert "suez.surcharge_end_date" in later.assumptions
    with overridden({"suez.surcharge_end_date": "2024-01-15"}):
        ended = sdr(60_000, "tanker", date="2024-06-01")
    assert later.value / ended == pytest.approx(1.25)


def test_suez_monotone_in_scnt_and_laden_at_least_ballast():
    scnt = np.linspace(1_000, 250_000, 300)
    for ship_type in ["container", "bulk", "tanker", "lng", "lpg", "other", "car_carrier"]:
        for date in [EARLY, None]:
            laden = sdr(scnt, ship_type, True, date=date)
            ballast = sdr(scnt, ship_type, False, date=date)
            assert np.all(np.diff(laden) > 0)
            assert np.all(np.diff(ballast) > 0)
            assert np.all(laden >= ballast)


def test_suez_usd_is_sdr_times_rate():
    toll_sdr = suez_toll_sdr(45_000, "bulk", date="2023-06-01")
    toll_usd = suez_toll_usd(45_000, "bulk", date="2023-06-01")
    assert toll_usd.unit == "USD"
    assert toll_usd.value == pytest.approx(toll_sdr.value * 1.31124)
    with overridden({"suez.usd_per_sdr": 1.5}):
        assert suez_toll_usd(45_000, "bulk", date="2023-06-01").value == pytest.approx(
            toll_sdr.value * 1.5
        )


def test_suez_against_lambert_et_al():
    # Lambert et al. (2021) Cont/DB/WB_Suez_fee.csv (REFERENCE.md §6.3): toll by GT, with
    # 'SCNT assumed equal to GT' (their Main.m), currency not stated (likely USD), model vintage
    # about 2019-2021, rate table and SDR rate not stated. Compared at 2019-06-01 with SCNT = GT,
    # no deck tiers, our 2024 SDR rate, crude-oil tanker rates for 'wet bulk'. Observed: container
    # within 3 % at every size (their table looks built on the same SCA rates); dry bulk 78-91 %
    # and wet bulk 89-92 % of theirs, for reasons their files do not show. Tolerance 5 % for
    # containers, 25 % for bulk and tankers.
    gt = np.arange(1, 11) * 10_000.0
    lambert = {
        "container": [
            85918,
            137386,
            173892,
            210212,
            244416,
            278662,
            312604,
            339707,
            366810,
            393913,
        ],
        "bulk": [93733, 154690, 177939, 201002, 221948, 242936, 263620, 283048, 302476, 321904],
        "tanker": [86895, 138642, 165100, 191373, 214551, 237773, 260690, 280676, 300662, 320648],
    }
    for ship_type, rtol in [("container", 0.05), ("bulk", 0.25), ("tanker", 0.25)]:
        ours = suez_toll_usd(
            gt, ship_type, deck_tiers=0 if ship_type == "container" else None, date="2019-06-01"
        ).value
        np.testing.assert_allclose(ours, lambert[ship_type], rtol=rtol)


def test_suez_against_waite_et_al(shared_data):
    # Waite et al. CanalFee.csv: USD 141,449 (their '2015$') per Suez transit of their
    # Panamax/Aframax oil tankers (ShipSpecs.csv: 511,518-519,588 bbl ~ 70,000 t of crude at
    # their 0.1364 t/bbl). Their SCNT is not given: SCNT ~ dwt / 2 (Kadmar rule of thumb,
    # REFERENCE.md §6.1), laden crude-oil rates, transit in mid-2015. Observed: ours 13 % higher
    # (also: our SDR rate is of 2024). Tolerance 20 %: the SCNT rule alone is approximate.
    costs = shared_data / "nsr-shipping-model-inputs/inputs/costs"
    with (costs / "CanalFee.csv").open(encoding="utf-8-sig") as fh:
        fees = {float(v) for row in csv.DictReader(fh) for v in row.values()}
    assert fees == {141_449.0}
    ours = suez_toll_usd(70_000 / 2, "tanker", laden=True, date="2015-06-01").value
    assert ours == pytest.approx(141_449, rel=0.20)


def test_suez_vectorised_equals_scalar():
    rng = np.random.default_rng(2006)
    scnt = rng.uniform(500, 250_000, N)
    types = rng.choice(["container", "bulk", "tanker", "lng", "lpg", "general_cargo"], N)
    laden = rng.random(N) < 0.6
    tiers = np.where(types == "container", rng.integers(0, 13, N), 0)
    dates = np.datetime64("2006-03-15") + rng.integers(0, 7_000, N).astype("timedelta64[D]")
    tolls = suez_toll_usd(scnt, types, laden, tiers, dates)
    assert tolls.value.shape == (N,)
    # scalar calls cost ~0.4 ms each, so 1,000 positions are checked, not all 100,000
    for i in rng.choice(N, 1_000, replace=False):
        one = suez_toll_usd(scnt[i], types[i], bool(laden[i]), int(tiers[i]), dates[i])
        assert isinstance(one.value, float)
        assert one.value == pytest.approx(tolls.value[i], rel=1e-12)
        assert set(one.assumptions) <= set(tolls.assumptions)


@pytest.mark.parametrize("scnt", [None, np.nan, [40_000, None]])
def test_suez_missing_scnt(scnt):
    with pytest.raises(ShipValidationError, match="missing SCNT for a tariff"):
        suez_toll_usd(scnt, "bulk")


@pytest.mark.parametrize("scnt", [-1, 0, [5_000, -3]])
def test_suez_bad_scnt(scnt):
    with pytest.raises(ShipValidationError, match="scnt must be a positive, finite tonnage"):
        suez_toll_usd(scnt, "bulk")


@pytest.mark.parametrize("ship_type", ["banana", "", ["bulk", "submarine"]])
def test_suez_unknown_ship_type(ship_type):
    with pytest.raises(ShipValidationError, match="unknown ship type"):
        suez_toll_usd(40_000, ship_type)


def test_suez_ship_type_not_text():
    with pytest.raises(ShipValidationError, match="ship_type must be text"):
        suez_toll_usd([40_000, 50_000], ["bulk", None])


@pytest.mark.parametrize("laden", ["yes", 1, [1, 0], None])
def test_suez_bad_laden(laden):
    with pytest.raises(TariffError, match="laden must be True/False"):
        suez_toll_usd(40_000, "bulk", laden)


@pytest.mark.parametrize("tiers", [-1, 2.5, [3, np.nan], "4"])
def test_suez_bad_deck_tiers(tiers):
    with pytest.raises(TariffError, match="deck_tiers must be a whole number"):
        suez_toll_usd(40_000, "container", deck_tiers=tiers)


def test_suez_deck_tiers_only_for_container_ships():
    with pytest.raises(TariffError, match="deck_tiers applies to container ships only"):
        suez_toll_usd([40_000, 40_000], ["container", "bulk"], deck_tiers=3)
    assert suez_toll_usd(40_000, "bulk", deck_tiers=0).value > 0


@pytest.mark.parametrize("date", ["2005-12-31", ["2010-01-01", "1999-05-01"]])
def test_suez_date_before_the_table(date):
    with pytest.raises(TariffError, match="no Suez toll table before 2006-03-15"):
        suez_toll_usd(40_000, "bulk", date=date)


@pytest.mark.parametrize("date", ["yesterday", "2024-13-01", 2024, [2024], np.datetime64("NaT")])
def test_suez_bad_date(date):
    with pytest.raises(TariffError, match="date"):
        suez_toll_usd(40_000, "bulk", date=date)


# --- ice pilotage --------------------------------------------------------------------------


def test_ice_pilotage():
    fee = ice_pilotage_usd()
    assert fee.value == assumption("pilotage.ice_pilot_usd_per_transit").value
    assert fee.assumptions == ("pilotage.ice_pilot_usd_per_transit",)
    both = ice_pilotage_usd(np.array([True, False]))
    np.testing.assert_array_equal(both.value, [fee.value, 0.0])
    none = ice_pilotage_usd(False)
    assert none.value == 0 and none.assumptions == ()
    with overridden({"pilotage.ice_pilot_usd_per_transit": 12_000.0}):
        assert ice_pilotage_usd().value == 12_000.0


@pytest.mark.parametrize("needed", ["yes", 1, None])
def test_ice_pilotage_bad_input(needed):
    with pytest.raises(TariffError, match="needed must be True/False"):
        ice_pilotage_usd(needed)


# --- the registry file ---------------------------------------------------------------------


def test_tariff_registry_entries_are_complete():
    text = resources.files("arcticroute").joinpath("data/parameters.toml").read_text()
    table = {
        k: v for k, v in tomllib.loads(text).items() if k in ("suez", "nsr_tariff", "pilotage")
    }
    assert set(table) == {"suez", "nsr_tariff", "pilotage"}

    def entries(node, prefix=""):
        for name, item in node.items():
            key = f"{prefix}.{name}" if prefix else name
            if "value" in item:
                yield key, item
            else:
                yield from entries(item, key)

    found = dict(entries(table))
    assert len(found) > 30
    for key, item in found.items():
        assert {"value", "unit", "date"} <= set(item), key
        assert bool(item.get("source")) != bool(item.get("why")), key


def test_result_type():
    fee = nsr_escort_fee_usd(30_000, "Arc4", 1, 1)
    assert isinstance(fee, Tariff)
    _value, unit, parameters, assumptions = fee
    assert unit == "USD" and parameters == tuple(sorted(parameters))
    assert set(assumptions) <= set(parameters)
