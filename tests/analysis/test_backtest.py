"""The voyage backtest: the catalogue, its replay, and the agreement with what ships did.

The summary is pinned to the truth issue's targets where the model meets them
and to the issue's own targets as strict expected failures where it does not
yet, so a change that reaches a target turns its test green (and the xfail
red, asking for the pin to move). Nothing is pinned to a per-voyage output of
this version.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from importlib import resources

import pytest
from typer.testing import CliRunner

from arcticroute.analysis import backtest as bt
from arcticroute.cli.main import app

runner = CliRunner()
OUTCOMES = set(bt.POSITIVE_OUTCOMES) | set(bt.NEGATIVE_OUTCOMES)


def _rows() -> list[dict[str, str]]:
    text = resources.files("arcticroute").joinpath("data/voyages.csv").read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


# --- the catalogue ------------------------------------------------------------------------


def test_catalogue_size_and_spread():
    rows = _rows()
    completed = [r for r in rows if r["outcome"] in bt.POSITIVE_OUTCOMES]
    negatives = [r for r in rows if r["outcome"] in bt.NEGATIVE_OUTCOMES]
    assert len(completed) >= 40 and len(negatives) >= 10  # the catalogue targets
    assert {r["route"] for r in rows} >= {"nsr", "nsr_partial", "nwp", "transpolar"}
    years = {int(r["departure_date"][:4]) for r in rows if r["departure_date"]}
    assert min(years) <= 2010 and max(years) >= 2024


def test_every_row_has_a_source_and_valid_fields():
    for r in _rows():
        assert r["source_url"].startswith("http"), r["id"]
        assert r["outcome"] in OUTCOMES, r["id"]
        assert r["confidence"] in ("P", "S", "U"), r["id"]
        assert r["escort"] in ("", "yes", "partly", "no"), r["id"]
        for col in ("departure_date", "entry_date", "exit_date", "arrival_date", "replay_date"):
            if r[col]:
                dt.date.fromisoformat(r[col])
        assert r["score"] == "yes" or r["score"].startswith("no: "), r["id"]


def test_scored_rows_can_be_replayed():
    for v in bt.load_voyages():
        if v.scored:
            assert v.replay_ice_class and v.replay_from and v.replay_to and v.replay_date, v.id
            assert v.replay_variant in ("nsr", "nsr_high", "transpolar", "nwp"), v.id
            assert v.replay_date_basis, v.id
            assert v.confidence != "U", v.id  # unconfirmed outcomes are not scored


def test_voyage_ship_takes_the_record_and_names_the_rest():
    v = next(x for x in bt.load_voyages() if x.id == "nordic_orion_2013_nwp")
    ship, notes = bt.voyage_ship(v)
    assert str(ship.ice_class) in ("IA", "IceClass.IA") or ship.ice_class.value == "IA"
    assert ship.draft_m == pytest.approx(14.089)  # the recorded draft
    assert any("preset" in n for n in notes)
    yamal = next(x for x in bt.load_voyages() if x.id == "boris_vilkitsky_2018_04")
    damaged, _ = bt.voyage_ship(yamal)  # an Arc7 carrier read as Arc4 after damage
    assert damaged.ice_class.value == "Arc4" and damaged.level_ice_capability_m is None
    sokolov = next(x for x in bt.load_voyages() if x.id == "boris_sokolov_2019_01")
    own, notes = bt.voyage_ship(sokolov)  # a tanker preset, with its own recorded capability
    assert own.double_acting and own.level_ice_capability_m == pytest.approx(1.8)
    assert any("own level-ice capability 1.8 m, double-acting" in n for n in notes)


def test_recorded_capabilities_have_a_source():
    for r in _rows():
        assert r["double_acting"] in ("", "yes", "no"), r["id"]
        if r["level_ice_capability_m"] or r["double_acting"]:
            assert "http" in r["capability_source"], r["id"]
            assert 0.3 <= float(r["level_ice_capability_m"] or 1.0) <= 4.0, r["id"]


def test_bad_filters_say_what_would_work():
    with pytest.raises(bt.BacktestError, match="unknown variant suez; the catalogue has"):
        bt.run_backtest(["suez"])
    with pytest.raises(bt.BacktestError, match="years must be YYYY or YYYY-YYYY"):
        bt.run_backtest(years="last year")
    with pytest.raises(bt.BacktestError, match="first year is after the last"):
        bt.run_backtest(years="2020-2010")


# --- the replay against the record ---------------------------------------------------------


@pytest.fixture(scope="module")
def results(shared_data):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ARCTICROUTE_DATA_DIR", str(shared_data))
        return bt.run_backtest()


@pytest.fixture(scope="module")
def summary(results):
    return bt.summarise(results)


@pytest.mark.shared
def test_every_scored_row_is_replayed(results, summary):
    assert summary.not_replayed == 0
    assert summary.successes >= 40 and summary.negatives >= 10
    assert {r.ice_source for r in results} >= {"observed", "extent", "climatology"}


@pytest.mark.shared
@pytest.mark.xfail(
    strict=True,
    reason="target of the truth issue not yet met (10 of 11: Buran, Arc4, turned back in the "
    "Gulf of Ob on 2-7 December 2025 behind two nuclear icebreakers by 'early thick ice', "
    "50 cm or more (gCaptain); replayed on the median climatology, which does not hold that "
    "year's anomaly, and even 50 cm is within the 0.7 m an Arc4 may follow an icebreaker "
    "through (RS): what stopped it, ridged ice and its thrusters, is not modelled)",
)
def test_every_documented_negative_is_refused(summary):
    assert summary.negatives_refused == summary.negatives  # target: 100 %


@pytest.mark.shared
def test_all_but_one_documented_negative_refused(summary):
    assert summary.negatives_refused >= summary.negatives - 1


@pytest.mark.shared
def test_the_rule_cases_stay_refused(results):
    # no ice class in March; Arc4 alone in the East Siberian Sea in mid-January; the NWP
    # without a Polar Class in March
    by_id = {r.voyage.id: r for r in results}
    for case in (
        "case_noclass_march",
        "case_arc4_alone_ess_january",
        "case_nwp_no_polar_class_march",
    ):
        assert by_id[case].feasible is False, case


@pytest.mark.shared
def test_transit_times_are_close(summary):
    # the truth issue's target: median |error| <= 25 % where the record gives a time
    # (replayed at the fleet's operating speed, backtest.operating_speed_ratio)
    assert summary.timed >= 10
    assert summary.median_abs_time_error_pct <= 25.0


@pytest.mark.shared
def test_transit_times_are_not_all_early_or_all_late(results):
    # an error that is one-sided on every voyage is a bias, not scatter
    errors = [r.time_error_pct for r in results if r.time_error_pct == r.time_error_pct]
    assert any(e < 0 for e in errors) and any(e > 0 for e in errors)


@pytest.mark.shared
def test_most_completed_voyages_are_judged_feasible(summary):
    # 93 % at this version (42 of 45); the target is 90 % (next test)
    assert summary.successes_feasible / summary.successes >= 0.80


@pytest.mark.shared
def test_target_ninety_per_cent_of_completed_voyages_feasible(summary):
    assert summary.successes_feasible / summary.successes >= 0.90


@pytest.mark.shared
def test_target_eighty_per_cent_of_unescorted_voyages_feasible_alone(summary):
    assert summary.unescorted_feasible_alone / summary.unescorted >= 0.80


@pytest.mark.shared
def test_feasible_alone_is_asked_of_the_unescorted_rows_only(results, summary):
    """A row recorded unescorted whose fastest route takes an icebreaker somewhere is
    replayed with escort off; its answer can only add to the rows whose route needs none."""
    for r in results:
        if r.feasible is None or r.voyage.escort != "no":
            assert r.feasible_alone is None, r.voyage.id
        elif r.feasible and not r.escorted:
            assert r.feasible_alone is True, r.voyage.id
        elif not r.feasible:
            assert r.feasible_alone is False, r.voyage.id
    assert summary.unescorted_route_alone <= summary.unescorted_feasible_alone


@pytest.mark.shared
def test_a_double_acting_tanker_crosses_alone_in_midwinter(results):
    """Boris Sokolov, an Arc7 double-acting tanker that breaks 1.8 m stern-first (Aker
    Arctic), crossed the NSR westbound without icebreakers around New Year 2019 (TradeWinds)."""
    r = next(x for x in results if x.voyage.id == "boris_sokolov_2019_01")
    assert r.feasible and r.feasible_alone


@pytest.mark.shared
def test_refusals_name_a_cause_for_the_route(results):
    for r in results:
        if r.feasible is False:
            assert r.reasons, r.voyage.id
            if r.voyage.replay_variant == "nwp":
                assert not any("NSR" in reason for reason in r.reasons), r.voyage.id


@pytest.mark.shared
def test_cli_json_and_csv(results, shared_data, monkeypatch):
    monkeypatch.setenv("ARCTICROUTE_DATA_DIR", str(shared_data))
    res = runner.invoke(app, ["backtest", "--format", "json", "--variant", "nwp"])
    assert res.exit_code == 0, res.stderr
    doc = json.loads(res.stdout)
    assert set(doc["summary"]) >= {
        "successes", "successes_feasible", "negatives", "negatives_refused", "unescorted",
        "unescorted_feasible_alone", "median_abs_time_error_pct",
    }  # fmt: skip
    v = doc["voyages"][0]
    assert set(v) >= {
        "id", "ship", "date", "variant", "feasible", "escorted_zones", "real_outcome",
        "real_escorted", "hours", "real_hours", "ice_source", "reasons",
    }  # fmt: skip
    assert {x["variant"] for x in doc["voyages"]} == {"nwp"}
    res = runner.invoke(app, ["backtest", "--format", "csv", "--years", "2013"])
    lines = res.stdout.strip().splitlines()
    assert lines[0].startswith("id,ship,ice_class,date")
    assert all(",2013-" in line for line in lines[1:])


def test_cli_bad_input_is_one_line():
    res = runner.invoke(app, ["backtest", "--years", "twenty"])
    assert res.exit_code == 1
    assert res.stderr.strip().count("\n") == 0 and res.stderr.startswith("error: years must")
