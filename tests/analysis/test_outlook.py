"""The next feasible departure of a closed Arctic corridor, pinned to the NSR rules.

Facts (shared/reference/nsr-rules.md, 2013 Rules footnote <1>; voyages.md): a
ship with no ice class or Ice1-Ice3 may navigate the NSR water area only from
1 July to 15 November. The ship is the Arc4 multipurpose preset given Ice3, as
the "two ships ... Ice 3" of the 2013 season (voyages.md).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from arcticroute.analysis.outlook import HORIZON_DAYS, next_departure
from arcticroute.cli.main import app
from arcticroute.routing.voyage import IceRouteInfeasible, ice_route
from arcticroute.vessel.ships import Ship, get_ship

ASKED = dt.date(2024, 3, 15)
NSR_OPEN, NSR_CLOSE = dt.date(2024, 7, 1), dt.date(2024, 11, 15)


@pytest.fixture(autouse=True)
def _embedded(monkeypatch):
    """The shipped climatology only (a developer's ARCTICROUTE_DATA_DIR must not leak in)."""
    monkeypatch.delenv("ARCTICROUTE_DATA_DIR", raising=False)


def _ice3() -> Ship:
    arc4 = get_ship("multipurpose_19000dwt_arc4")
    return Ship.model_validate({**arc4.model_dump(), "ice_class": "Ice3", "slug": None})


def _zone_days(day: dt.date) -> list[dt.date]:
    r = ice_route("Shanghai", "Rotterdam", _ice3(), day, "nsr", heavy_ice=False)
    return [z.entered.date() for z in r.ice.zones]


def _closed(day: dt.date) -> bool:
    try:
        ice_route("Shanghai", "Rotterdam", _ice3(), day, "nsr", heavy_ice=False)
    except IceRouteInfeasible:
        return True
    return False


def test_an_ice3_ship_opens_in_the_nsr_season():
    o = next_departure("Shanghai", "Rotterdam", _ice3(), "nsr", ASKED)
    first, last = o.season_window
    assert o.next_feasible_departure == first
    # sailed inside the legal season: every NSR zone entered 1 Jul - 15 Nov
    for day in (first, last):
        zones = _zone_days(day)
        assert zones and all(NSR_OPEN <= z <= NSR_CLOSE for z in zones), (day, zones)
    # located to the day: the day before the opening and the day after the window are closed
    assert _closed(first - dt.timedelta(days=1))
    assert _closed(last + dt.timedelta(days=1))
    assert "climatology" in o.ice_basis and o.horizon_days == HORIZON_DAYS


def test_a_download_since_is_not_hidden_by_the_probe_cache(monkeypatch):
    """A long-running process (the web server) judges a day again once a download has
    brought new files into the cache: the probe cache keys on the cache's generation."""
    from arcticroute.analysis import outlook
    from arcticroute.ice import datacache
    from arcticroute.routing import voyage

    calls = []
    real = voyage.ice_route
    monkeypatch.setattr(voyage, "ice_route", lambda *a, **k: calls.append(1) or real(*a, **k))
    ship, day = _ice3(), dt.date(2024, 8, 1)
    ice = ("auto", "median", True, "normal_only", None)
    o, d = outlook.as_port("Shanghai"), outlook.as_port("Rotterdam")
    outlook._PROBES.clear()  # whatever an earlier test judged
    outlook._feasible(o, d, ship, day, "nsr", ice)
    outlook._feasible(o, d, ship, day, "nsr", ice)
    assert len(calls) == 1  # cached
    monkeypatch.setattr(datacache, "cache_generation", lambda: ("a download",))
    outlook._feasible(o, d, ship, day, "nsr", ice)
    assert len(calls) == 2


def test_cli_gives_the_next_departure_in_json_and_table(tmp_path):
    runner = CliRunner()
    ship_file = tmp_path / "ice3.json"
    ship_file.write_text(_ice3().model_dump_json())
    args = ["route", "Shanghai", "Rotterdam", "--via", "nsr", "--date", ASKED.isoformat()]
    args += ["--ship", str(ship_file), "--no-economics"]
    res = runner.invoke(app, [*args, "--format", "json"])
    assert res.exit_code == 3, res.output
    v = json.loads(res.stdout)["verdicts"]["nsr"]
    nxt = dt.date.fromisoformat(v["next_feasible_departure"])
    assert ASKED < nxt <= NSR_CLOSE
    assert v["season_window"]["first"] == v["next_feasible_departure"]
    res = runner.invoke(app, args)
    assert res.exit_code == 3 and f"next feasible departure {nxt:%d %b %Y}" in res.stdout
    res = runner.invoke(app, [*args, "--no-outlook", "--format", "json"])
    assert "next_feasible_departure" not in json.loads(res.stdout)["verdicts"]["nsr"]
