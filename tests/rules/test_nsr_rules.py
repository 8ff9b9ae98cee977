"""NSR admission criteria: the 2013/2017 table, season limit, ice-conditions rule."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pytest

from arcticroute import assumptions
from arcticroute.errors import DataFileError, UnknownIceClassError
from arcticroute.rules.nsr_rules import (
    ICE_CONDITIONS,
    MODES,
    REGIONS_FROM_KEY,
    NsrRulesError,
    admission,
    classify,
    escort_needed,
    fail_closed,
    ice_conditions_type,
    load_admission_table,
    regional,
    season_allows,
)
from arcticroute.vessel.iceclass import IceClass

IN_SEASON = dt.date(2024, 8, 15)

# Re-typed from shared/reference/nsr-rules.md, second part §1.4 (2013 Rules as amended
# 9 Jan 2017, section 1): per (class, mode), seven zone groups "Т С Л" = heavy medium light.
CONFIRMED = {
    ("none", "independent"): "--- --- --- --- --- --- ---",
    ("none", "escorted"): "--+ --+ --+ --+ --+ --+ --+",
    ("Ice1", "independent"): "--+ --+ --+ --+ --+ --+ --+",
    ("Ice1", "escorted"): "--+ --+ --+ --+ --+ --+ --+",
    ("Ice2", "independent"): "--+ --+ --+ --+ --+ --+ --+",
    ("Ice2", "escorted"): "-++ -++ --+ --+ --+ --+ --+",
    ("Ice3", "independent"): "--+ --+ --+ --+ --+ --+ --+",
}
HML = ("heavy", "medium", "light")
CONFIRMED_CELLS = [
    (ic, mode, zone, HML[k], sym == "+")
    for (ic, mode), groups in CONFIRMED.items()
    for zone, group in enumerate(groups.split(), start=1)
    for k, sym in enumerate(group)
]
UNCONFIRMED_CLASSES = ["Arc4", "Arc5", "Arc6", "Arc7", "Arc8", "Arc9"]
HEADER = "ice_class,mode,zone,ice_conditions,period,admitted,status,source\n"


# --- the table ---------------------------------------------------------------------------


@pytest.mark.parametrize(("ice_class", "mode", "zone", "cond", "expected"), CONFIRMED_CELLS)
def test_confirmed_cells_match_the_source(ice_class, mode, zone, cond, expected):
    res = admission(ice_class, zone, cond, mode, IN_SEASON)
    assert res.admitted is expected
    assert res.status == "confirmed"
    assert res.fallback is None
    assert "Order No. 7" in res.reason


def test_shipped_table_layout():
    table = load_admission_table()
    assert len(table.rows) == 10 * 2 * 7 * 3  # none, Ice1-3, Arc4-9; modes; zones; conditions
    confirmed = [r for r in table.rows if r.status == "confirmed"]
    assert len(confirmed) == len(CONFIRMED_CELLS) == 147
    # every confirmed row is one of the re-typed cells, and nothing else is confirmed
    assert {(r.ice_class.value, r.mode, r.zone, r.ice_conditions) for r in confirmed} == {
        c[:4] for c in CONFIRMED_CELLS
    }
    for r in table.rows:
        if r.status == "unconfirmed":
            assert r.admitted is None  # never invented
            assert r.ice_class.value in [*UNCONFIRMED_CLASSES, "Ice3"]
        if r.ice_class.value in ("none", "Ice1", "Ice2", "Ice3"):
            assert r.period == ((7, 1), (11, 15))  # footnote <1>


@pytest.mark.parametrize("ice_class", UNCONFIRMED_CLASSES)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("cond", ICE_CONDITIONS)
def test_unconfirmed_rows_fall_back_to_polaris(ice_class, mode, cond):
    for zone in range(1, 8):
        res = admission(ice_class, zone, cond, mode, "2024-01-15")
        assert res.admitted is None
        assert res.status == "unconfirmed"
        assert res.fallback == "polaris"
        assert "POLARIS" in res.reason


def test_ice3_escorted_is_unconfirmed_in_season_and_closed_out_of_season():
    res = admission("Ice3", 1, "heavy", "escorted", IN_SEASON)
    assert (res.admitted, res.fallback) == (None, "polaris")
    assert "truncated" in res.reason
    out = admission("Ice3", 1, "light", "escorted", "2024-12-01")
    assert (out.admitted, out.status) == (False, "confirmed")


# --- season limit (footnote <1>) ---------------------------------------------------------

SEASON_EDGES = [
    (dt.date(2024, 6, 30), False),
    (dt.date(2024, 7, 1), True),
    (dt.date(2024, 11, 15), True),
    (dt.date(2024, 11, 16), False),
    (dt.date(2024, 1, 1), False),
    (dt.date(2024, 12, 31), False),
]


@pytest.mark.parametrize("ice_class", ["none", "Ice1", "Ice2", "Ice3"])
@pytest.mark.parametrize(("date", "allowed"), SEASON_EDGES)
def test_season_limit_for_weak_classes(ice_class, date, allowed):
    assert season_allows(ice_class, date) is allowed
    res = admission(ice_class, 1, "light", "escorted", date)
    if allowed and ice_class == "Ice3":
        assert (res.admitted, res.fallback) == (None, "polaris")  # Ice3 escorted: unconfirmed
    elif allowed:
        assert (res.admitted, res.status) == (True, "confirmed")  # zone 1 light, escorted: "+"
    else:
        assert (res.admitted, res.status, res.fallback) == (False, "confirmed", None)
        assert "footnote <1>" in res.reason


@pytest.mark.parametrize("ice_class", [*UNCONFIRMED_CLASSES, "PC7", "PC1", "IA Super"])
@pytest.mark.parametrize("date", [d for d, _ in SEASON_EDGES])
def test_no_footnote_limit_for_arc_classes(ice_class, date):
    assert season_allows(ice_class, date) is True


@pytest.mark.parametrize(
    "date", ["2024-07-01", np.datetime64("2024-07-01"), dt.datetime(2024, 7, 1)]
)
def test_date_forms(date):
    assert season_allows("Ice1", date) is True


# --- other class systems -----------------------------------------------------------------


def test_other_systems_use_the_russian_equivalent():
    # IB -> Ice2 is an assumption; the key is named in the result
    res = admission("IB", 1, "medium", "escorted", IN_SEASON)
    assert res.ice_class is IceClass.ICE2
    assert res.admitted is True
    assert res.assumption_keys == ("iceclass.equivalence.IB.RS",)
    assert "iceclass.equivalence.IB.RS" in res.reason
    # IA = Arc4 is confirmed (IMO table): no assumption, still unknown in the NSR table
    res = admission("IA", 1, "light", "independent", IN_SEASON)
    assert (res.ice_class, res.assumption_keys, res.fallback) == (IceClass.ARC4, (), "polaris")
    assert season_allows("IC", "2024-06-30") is False  # IC -> Ice1 (assumed)


def test_overridden_equivalence_changes_the_lookup():
    with assumptions.overridden({"iceclass.equivalence.IB.RS": "Ice1"}):
        assert admission("IB", 1, "medium", "escorted", IN_SEASON).admitted is False


# --- escort ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ice_class", "zone", "cond", "expected"),
    [
        ("none", 3, "light", True),  # alone -, escorted +
        ("none", 3, "medium", False),  # neither
        ("Ice1", 3, "light", False),  # alone +
        ("Ice2", 1, "medium", True),  # alone -, escorted +
        ("Ice2", 3, "medium", False),
        ("Ice3", 1, "heavy", None),  # alone -, escorted unconfirmed
        ("Ice3", 1, "light", False),  # alone +
        ("Arc7", 5, "heavy", None),
    ],
)
def test_escort_needed(ice_class, zone, cond, expected):
    assert escort_needed(ice_class, zone, cond, IN_SEASON) is expected


def test_escort_needed_out_of_season_is_false():
    assert escort_needed("none", 3, "light", "2024-11-16") is False


# --- user tables -------------------------------------------------------------------------


def test_user_table_replaces_the_shipped_one(tmp_path):
    path = tmp_path / "official.csv"
    path.write_text(
        HEADER
        + "Arc7,independent,5,heavy,07-01..11-30,+,confirmed,official table\n"
        + "Arc7,independent,5,heavy,12-01..06-30,-,confirmed,official table\n"
        + "Ice2,escorted,1,medium,all,no,confirmed,what-if\n"
    )
    table = load_admission_table(path)
    assert len(table.rows) == 3
    res = admission("Arc7", 5, "heavy", "independent", "2024-11-30", table=table)
    assert (res.admitted, res.status) == (True, "confirmed")
    assert "official.csv" in res.reason
    # the period wraps over the new year
    assert admission("Arc7", 5, "heavy", "independent", "2025-01-10", table=table).admitted is False
    assert admission("Ice2", 1, "medium", "escorted", IN_SEASON, table=table).admitted is False
    # combinations the user table lacks are unknown
    missing = admission("Arc7", 6, "heavy", "independent", IN_SEASON, table=table)
    assert (missing.admitted, missing.fallback) == (None, "polaris")
    assert "no row" in missing.reason


BAD_ROWS = [
    ("Arc7,independent,5,heavy,,yes,confirmed,x\n", "line 2: a confirmed row needs a period"),
    ("Arc10,independent,5,heavy,all,yes,confirmed,x\n", "line 2: unknown ice class 'Arc10'"),
    ("PC4,independent,5,heavy,all,yes,confirmed,x\n", "not a Russian Register class"),
    ("Arc7,independent,8,heavy,all,yes,confirmed,x\n", "zone '8' is not an NSR zone 1..7"),
    ("Arc7,alone,5,heavy,all,yes,confirmed,x\n", "mode 'alone' is not one of"),
    ("Arc7,independent,5,severe,all,yes,confirmed,x\n", "ice_conditions 'severe' is not one"),
    ("Arc7,independent,5,heavy,all,maybe,confirmed,x\n", "admitted 'maybe' is not yes/no"),
    ("Arc7,independent,5,heavy,July,yes,confirmed,x\n", "period 'July' is not 'MM-DD..MM-DD'"),
    ("Arc7,independent,5,heavy,02-30..03-01,yes,confirmed,x\n", "period '02-30..03-01'"),
    ("Arc7,independent,5,heavy,all,yes,likely,x\n", "status 'likely' is not one of"),
    ("Arc7,independent,5,heavy,all,,confirmed,x\n", "confirmed row needs admitted"),
    ("Arc7,independent,5,heavy,all,yes,unconfirmed,x\n", "unconfirmed row must leave admitted"),
    ("Arc7,independent,5,heavy,all,yes,confirmed,\n", "source is empty"),
    ("Arc7,independent,5,heavy,all,yes,confirmed\n", "wrong number of fields"),
    (
        "Arc7,independent,5,heavy,07-01..11-30,yes,confirmed,x\n"
        "Arc7,independent,5,heavy,11-01..12-31,no,confirmed,x\n",
        "line 3: Arc7 independent zone 5 heavy is listed twice for overlapping periods",
    ),
]


@pytest.mark.parametrize(("body", "message"), BAD_ROWS)
def test_bad_user_tables_raise_clear_errors(tmp_path, body, message):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + body)
    with pytest.raises(DataFileError, match=re.escape(message)):
        load_admission_table(path)


def test_bad_user_table_files(tmp_path):
    with pytest.raises(DataFileError, match="cannot read admission table"):
        load_admission_table(tmp_path / "absent.csv")
    path = tmp_path / "cols.csv"
    path.write_text("ice_class,mode,zone,ice_conditions,admitted,status\nArc7,x,1,heavy,yes,c\n")
    with pytest.raises(DataFileError, match="lacks column\\(s\\) period, source"):
        load_admission_table(path)
    path.write_text(HEADER)
    with pytest.raises(DataFileError, match="has no rows"):
        load_admission_table(path)


# --- bad arguments -----------------------------------------------------------------------


def test_bad_arguments():
    with pytest.raises(UnknownIceClassError, match="unknown ice class 'Arc10'"):
        admission("Arc10", 1, "light", "independent", IN_SEASON)
    with pytest.raises(NsrRulesError, match=re.escape("zone must be an NSR zone number 1..7")):
        admission("Ice1", 8, "light", "independent", IN_SEASON)
    for zone in (0, True, 1.0, "1"):
        with pytest.raises(NsrRulesError, match="zone must be"):
            admission("Ice1", zone, "light", "independent", IN_SEASON)
    with pytest.raises(NsrRulesError, match="mode must be one of independent, escorted"):
        admission("Ice1", 1, "light", "convoy", IN_SEASON)
    with pytest.raises(NsrRulesError, match="ice_conditions must be one of light, medium, heavy"):
        admission("Ice1", 1, "severe", "independent", IN_SEASON)
    with pytest.raises(NsrRulesError, match="date must be"):
        admission("Ice1", 1, "light", "independent", "15/08/2024")
    with pytest.raises(NsrRulesError, match="date must be"):
        season_allows("Ice1", 20240815)
    with pytest.raises(UnknownIceClassError, match="unknown ice class"):
        season_allows("Arc 99", IN_SEASON)
    with pytest.raises(NsrRulesError, match="zone must be"):
        escort_needed("Ice1", 8, "light", IN_SEASON)


# --- ice conditions ----------------------------------------------------------------------


def _field(zone_sic, zone_old, n=10):
    """Seven zones side by side, n cells each; per-zone uniform concentration and old-ice share."""
    sic = np.repeat(np.asarray(zone_sic, dtype=float), n)
    old = np.repeat(np.asarray(zone_old, dtype=float), n)
    zones = np.repeat(np.arange(1, 8), n)
    return sic, old, zones


def test_ice_conditions_rule_on_a_synthetic_field():
    sic, old, zones = _field(
        [0.0, 0.3, 0.31, 0.69, 0.7, 0.09, 0.2], [0.0, 0.0, 0.0, 0.0, 0.0, 0.06, 0.2]
    )
    out = ice_conditions_type(sic, old, zones)
    assert out == {
        1: "light",  # open water
        2: "light",  # 0.3 <= light max, no old ice
        3: "medium",
        4: "medium",
        5: "heavy",  # 0.7 >= heavy min
        6: "medium",  # 0.06 old ice: above the light 0.05, below the heavy 0.1
        7: "heavy",  # 0.2 old ice >= 0.1
    }


def test_a_few_per_cent_of_old_ice_does_not_flip_a_light_zone():
    sic, old, zones = _field([0.2] * 7, [0.04] * 7)
    assert set(ice_conditions_type(sic, old, zones).values()) == {"light"}


def test_ice_conditions_fail_closed_on_unknown_ice():
    sic, old, zones = _field([0.1] * 7, [0.0] * 7)
    sic[zones == 1] = np.nan  # whole zone unknown
    sic[np.flatnonzero(zones == 2)[0]] = np.nan  # one cell in ten: 0.1 old/unknown cover
    old[np.flatnonzero(zones == 3)[0]] = np.nan
    zones[zones == 7] = 0  # zone 7 not on the grid
    out = ice_conditions_type(sic, old, zones)
    assert out[1] == "heavy"
    assert out[2] == "heavy"  # unknown counts as old ice at concentration 1
    assert out[3] == "heavy"
    assert out[4] == "light"
    assert out[7] == "heavy"


def test_ice_conditions_area_weighting():
    sic = np.array([0.0, 1.0])
    old = np.array([0.0, 0.0])
    zones = np.array([1, 1])
    assert ice_conditions_type(sic, old, zones)[1] == "medium"  # mean 0.5
    assert ice_conditions_type(sic, old, zones, cell_area_m2=[9.0, 1.0])[1] == "light"


def test_ice_conditions_thresholds_are_overridable():
    sic, old, zones = _field([0.5] * 7, [0.0] * 7)
    assert set(ice_conditions_type(sic, old, zones).values()) == {"medium"}
    with assumptions.overridden({"nsr_rules.ice_conditions.light_max_mean_concentration": 0.5}):
        assert set(ice_conditions_type(sic, old, zones).values()) == {"light"}
    with assumptions.overridden({"nsr_rules.ice_conditions.heavy_min_mean_concentration": 0.5}):
        assert set(ice_conditions_type(sic, old, zones).values()) == {"heavy"}
    bad = {"nsr_rules.ice_conditions.heavy_min_mean_concentration": 0.2}
    with assumptions.overridden(bad), pytest.raises(NsrRulesError, match="light_max < heavy_min"):
        ice_conditions_type(sic, old, zones)


def test_ice_conditions_assumption_keys_have_a_why():
    keys = [p for p in assumptions.all_assumptions() if p.key.startswith("nsr_rules.ice_")]
    assert {p.key.rsplit(".", 1)[1] for p in keys} == {
        "light_max_mean_concentration",
        "light_max_old_ice_fraction",
        "heavy_min_mean_concentration",
        "heavy_min_old_ice_fraction",
    }
    assert all(p.why and p.unit for p in keys)


def test_ice_conditions_bad_inputs():
    sic, old, zones = _field([0.5] * 7, [0.0] * 7)
    with pytest.raises(NsrRulesError, match=re.escape("sic must be a fraction 0..1")):
        ice_conditions_type(sic * 100, old, zones)
    with pytest.raises(NsrRulesError, match="old_ice must have the shape of sic"):
        ice_conditions_type(sic, old[:-1], zones)
    bad = zones.copy()
    bad[0] = 8
    with pytest.raises(
        NsrRulesError, match=re.escape("zone_mask must hold integer zone numbers 1..7")
    ):
        ice_conditions_type(sic, old, bad)
    with pytest.raises(NsrRulesError, match="zone_mask must hold integer"):
        ice_conditions_type(sic, old, zones.astype(float))
    with pytest.raises(NsrRulesError, match="cell_area_m2 must be finite"):
        ice_conditions_type(sic, old, zones, cell_area_m2=-np.ones(sic.shape))


def test_classify_is_the_zone_rule_per_area():
    """Same thresholds as the zone rule (0.3/0.7 concentration, 0.05/0.1 old ice); NaN heavy."""
    c = np.array([0.0, 0.3, 0.31, 0.7, 0.09, 0.2, np.nan])
    f = np.array([0.0, 0.0, 0.0, 0.0, 0.06, 0.2, 0.0])
    assert classify(c, f).tolist() == [0, 0, 1, 2, 1, 2, 2]


def test_fail_closed_counts_unknown_as_old_ice():
    c, old = fail_closed([np.nan, 0.5, 0.4], [0.0, np.nan, 0.9])
    assert c.tolist() == [1.0, 1.0, 0.4] and old.tolist() == [1.0, 1.0, 0.4]


def test_regions_from_the_2020_rules_on():
    """Zone-wide types under the 2013 Rules; regional from the registry's first day."""
    assert not regional("2020-12-31") and regional("2021-01-01") and regional("2026-08-15")
    with assumptions.overridden({REGIONS_FROM_KEY: "2013-01-01"}):
        assert regional("2013-08-15")
    bad = {REGIONS_FROM_KEY: "next year"}
    with assumptions.overridden(bad), pytest.raises(NsrRulesError, match="must be an ISO date"):
        regional("2026-08-15")
