"""Odds of a climatology verdict: the same voyage in each observed year behind it
(issue 15, item 1)."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources

import jsonschema
import pytest
from conftest import require_shared
from typer.testing import CliRunner

from arcticroute.analysis.odds import Odds, same_day_in, voyage_odds
from arcticroute.cli.main import app
from arcticroute.ice.icedata import EMBEDDED_YEARS
from arcticroute.routing.planner import ice_ship
from arcticroute.vessel.ships import get_ship


@pytest.fixture
def no_observed_ice(monkeypatch, tmp_path):
    monkeypatch.delenv("ARCTICROUTE_DATA_DIR", raising=False)
    monkeypatch.setenv("ARCTICROUTE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("ARCTICROUTE_DATA_URL", "http://127.0.0.1:9/")


@pytest.fixture
def observed_ice(monkeypatch, tmp_path):
    monkeypatch.setenv("ARCTICROUTE_DATA_DIR", str(require_shared()))
    monkeypatch.setenv("ARCTICROUTE_CACHE_DIR", str(tmp_path / "cache"))


def test_leap_day_moves_to_the_28th():
    assert same_day_in(dt.date(2028, 2, 29), 2013) == dt.date(2013, 2, 28)
    assert same_day_in(dt.date(2027, 8, 1), 2012) == dt.date(2012, 8, 1)


def test_without_observed_ice_every_year_is_missing_and_the_fetch_is_named(no_observed_ice):
    ship = ice_ship(get_ship("container_4500teu_arc4"), None)
    o = voyage_odds("Shanghai", "Rotterdam", ship, "nsr", dt.date(2027, 8, 1))
    assert o.years == () and o.feasible_years == ()
    assert o.missing_years == EMBEDDED_YEARS
    # the ice age rests on the two Septembers before a year: 2006 for 2008
    assert o.download_command == "arcticroute data download g02202-v5-monthly --years 2006-2017"
    assert o.text == "no observed year on this machine to give odds"


def test_yong_sheng_year_is_among_the_feasible_ones(observed_ice):
    """COSCO's Yong Sheng (the Arc4 multipurpose preset's reference ship) left Dalian on
    8 August 2013 and reached Rotterdam through the NSR (voyages.md)."""
    ship = ice_ship(get_ship("multipurpose_19000dwt_arc4"), None)
    o = voyage_odds("Dalian", "Rotterdam", ship, "nsr", dt.date(2027, 8, 8), years=[2013])
    assert o.years == (2013,) and o.feasible_years == (2013,) and o.missing_years == ()
    assert o.text == "feasible in 1 of 1 observed years (2013), leaving 08 Aug"


def test_no_ice_class_ship_never_in_march(observed_ice):
    """The 2013 NSR admission criteria (footnote <1>) let a ship with no ice class
    navigate the NSR only from 1 July to 15 November: no March year is feasible."""
    ship = ice_ship(get_ship("panamax_bulker"), None)
    o = voyage_odds("Shanghai", "Rotterdam", ship, "nsr", dt.date(2027, 3, 1), years=[2012, 2013])
    assert o.years == (2012, 2013) and o.feasible_years == ()


def test_cli_odds_in_table_and_json(no_observed_ice):
    runner = CliRunner()
    args = ["compare", "Shanghai", "Rotterdam", "--date", "2027-08-01", "--no-economics"]
    res = runner.invoke(app, [*args, "--odds", "--format", "json", "--no-outlook"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    schema = resources.files("arcticroute").joinpath("data/schema/arcticroute-v1.schema.json")
    jsonschema.validate(doc, json.loads(schema.read_text()))
    odds = doc["verdicts"]["nsr"]["odds"]
    assert odds["missing_years"] == list(EMBEDDED_YEARS) and odds["years"] == []
    assert "g02202-v5-monthly --years 2006-2017" in res.stderr
    assert "odds" not in doc["verdicts"]["nsr_high"]  # only the NSR and the NWP
    plain = runner.invoke(app, [*args, "--format", "json", "--no-outlook"])
    assert "odds" not in json.loads(plain.stdout)["verdicts"]["nsr"]  # asked for only


def test_odds_is_plain_data():
    o = Odds("nsr", dt.date(2027, 8, 1), (2012, 2013), (2012,), (), None)
    assert o.to_dict()["text"] == "feasible in 1 of 2 observed years (2012-2013), leaving 01 Aug"
