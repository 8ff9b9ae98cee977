"""Port-to-port routes on a date (lanes and mesh joined), in route/compare, JSON and the CLI."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources

import jsonschema
import numpy as np
import pytest
from typer.testing import CliRunner

from arcticroute import routing
from arcticroute.analysis import report
from arcticroute.cli.main import app
from arcticroute.economics.costs import EconomicsOptions, compare_economics
from arcticroute.errors import UnknownPassageError
from arcticroute.routing.voyage import HEAVY_ICE_STAT, IceRouteInfeasible, ice_route
from arcticroute.vessel.ships import get_ship

SEPT = dt.date(2024, 9, 1)
MARCH = dt.date(2024, 3, 15)


@pytest.fixture(autouse=True)
def _embedded(monkeypatch):
    """The shipped climatology only (a developer's ARCTICROUTE_DATA_DIR must not leak in)."""
    monkeypatch.delenv("ARCTICROUTE_DATA_DIR", raising=False)


@pytest.fixture(scope="module")
def schema():
    text = (
        resources.files("arcticroute")
        .joinpath("data/schema/arcticroute-v1.schema.json")
        .read_text("utf-8")
    )
    return json.loads(text)


@pytest.fixture(scope="module")
def arc7_route():
    mp = pytest.MonkeyPatch()
    mp.delenv("ARCTICROUTE_DATA_DIR", raising=False)
    try:
        return ice_route("Busan", "Rotterdam", "lng_arc7_yamalmax", SEPT)
    finally:
        mp.undo()


def test_ice_route_is_a_route_with_a_verdict(arc7_route):
    r = arc7_route
    v = r.ice
    assert v.feasible and v.reasons == ()
    assert r.via == "nsr" and "nsr" in r.passages
    kinds = [leg.kind for leg in r.legs]
    assert kinds.count("ice") == 1
    assert kinds[0] == kinds[-1] == "approach"
    ship = get_ship("lng_arc7_yamalmax")
    # door to door: lanes at design speed plus the ice passage
    assert r.duration_h == pytest.approx(v.lane_hours + v.passage.hours)
    assert r.duration_h >= r.distance_nm / ship.design_speed_kn - 1e-6
    assert v.arrival == v.departure + dt.timedelta(hours=r.duration_h)
    # the mesh is reached after the lanes from Busan: time of passage, not of departure
    assert v.passage.start > v.departure
    assert 6500 < r.distance_nm < 9500
    # westbound: the passage enters the mesh in the Bering Sea (north of 60°N)
    assert -180 < v.passage.lon[0] < -160 or 170 < v.passage.lon[0] <= 180
    assert 59.5 < v.passage.lat[0] < 62.0


def test_climatology_gives_a_heavy_ice_verdict(arc7_route):
    v = arc7_route.ice
    assert v.ice_source == "climatology" and v.ice_statistic == "median"
    assert v.heavy_ice is not None
    assert v.heavy_ice.ice_statistic == HEAVY_ICE_STAT
    assert v.heavy_ice.heavy_ice is None
    # September: an Arc7 carrier gets through the heavy ice too, and no faster
    assert v.heavy_ice.feasible
    assert v.heavy_ice.hours >= v.hours - 1e-6


def test_route_with_date_uses_ice_and_without_does_not():
    plain = routing.route("Busan", "Rotterdam", via="nsr", ship=get_ship("lng_arc7_yamalmax"))
    assert plain.ice is None and routing.ICE_NOT_CONSIDERED in plain.assumptions
    iced = routing.route(
        "Busan", "Rotterdam", via="nsr", ship=get_ship("lng_arc7_yamalmax"), date=SEPT
    )
    assert iced.ice is not None
    assert not any(a == routing.ICE_NOT_CONSIDERED for a in iced.assumptions)


def test_alternative_corridors_need_a_date():
    with pytest.raises(UnknownPassageError, match="give a departure date"):
        routing.route("Busan", "Rotterdam", via="transpolar")


def test_infeasible_raises_with_the_verdict():
    with pytest.raises(IceRouteInfeasible) as info:
        ice_route("Shanghai", "Rotterdam", "panamax_bulker", MARCH)
    v = info.value.verdict
    assert not v.feasible and v.reasons
    assert any("season" in r for r in v.reasons)
    assert "no feasible nsr passage" in str(info.value)


def test_compare_with_a_date_judges_every_arctic_variant(schema):
    ship = get_ship("container_4500teu_arc4")
    c = routing.compare("Shanghai", "Rotterdam", ship=ship, date=MARCH)
    assert c.by_via("suez") is not None and c.by_via("suez").ice is None
    assert {"nsr", "nwp", "nsr_high", "transpolar"} <= set(c.verdicts)
    assert c.corridors[0].via == "auto" and c.routes[0].via == "auto"
    assert not c.verdicts["nsr"].feasible  # March: ice closes the NSR to Arc4
    assert "nsr" in c.unavailable
    econ = compare_economics(c.routes, ship, EconomicsOptions(date=MARCH))
    doc = report.comparison_to_dict(c, ship, economics=econ, options=EconomicsOptions(date=MARCH))
    jsonschema.validate(doc, schema)
    assert doc["verdicts"]["nsr"]["feasible"] is False
    assert doc["verdicts"]["nsr"]["reasons"]
    suez = next(r for r in doc["routes"] if r["via"] == "suez")
    assert suez["date"] is None and suez["feasible"] is True and suez["zones"] == []


def test_feasible_route_json_has_zones(arc7_route, schema):
    c = routing.Comparison(
        arc7_route.origin,
        arc7_route.destination,
        (arc7_route,),
        {},
        {"nsr": arc7_route.ice},
        (routing.CorridorStatus("nsr", "route"),),
    )
    ship = get_ship("lng_arc7_yamalmax")
    opt = EconomicsOptions(date=SEPT)
    econ = compare_economics(c.routes, ship, opt)
    doc = report.comparison_to_dict(c, ship, kind="route", economics=econ, options=opt)
    jsonschema.validate(doc, schema)
    rd = doc["routes"][0]
    assert rd["date"] == SEPT.isoformat() and rd["feasible"] is True
    assert rd["ice_source"]["kind"] == "climatology"
    assert rd["zones"] and all(1 <= z["zone"] <= 7 for z in rd["zones"])
    ice_leg = next(leg for leg in rd["legs"] if leg["kind"] == "ice")
    assert ice_leg["duration_h"] == pytest.approx(arc7_route.ice.passage.hours, abs=0.01)
    # economics follow the ice-aware time, not distance / speed
    assert rd["economics"]["days"] == pytest.approx(arc7_route.duration_h / 24, rel=1e-3)
    geo = report.comparison_to_geojson(c, ship, economics=econ, options=opt)
    assert geo["features"][0]["properties"]["feasible"] is True


def test_escort_zones_reach_the_costs(arc7_route):
    ship = get_ship("lng_arc7_yamalmax")
    e = compare_economics((arc7_route,), ship, EconomicsOptions(date=SEPT))["nsr"][0]
    assert e.escort_zones == len(arc7_route.ice.escort_zones)
    assert set(e.nsr_zones) == {z.zone for z in arc7_route.ice.zones}
    assert (e.costs["icebreaker_fee_usd"] > 0) == (e.escort_zones > 0)


# --- CLI -----------------------------------------------------------------------------------

runner = CliRunner()


def _run(*args):
    return runner.invoke(app, list(args))


def test_cli_route_with_date_gives_the_verdict_json():
    res = _run(
        "route", "Busan", "Rotterdam", "--via", "nsr", "--date", "2024-09-01",
        "--ship", "lng_arc7_yamalmax", "--format", "json", "--no-economics",
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    r = doc["routes"][0]
    assert r["feasible"] is True and r["zones"]
    assert doc["verdicts"]["nsr"]["heavy_ice"] is not None


def test_cli_infeasible_route_is_an_answer_with_exit_3():
    res = _run(
        "route", "Shanghai", "Rotterdam", "--via", "nsr", "--date", "2024-03-15",
        "--ship", "panamax_bulker", "--no-economics", "--no-outlook",
    )  # fmt: skip
    assert res.exit_code == 3, res.output  # documented: infeasible, not an error (1)
    assert "NOT FEASIBLE" in res.stdout and "reason" in res.stdout
    assert "Traceback" not in res.output


def test_cli_refused_route_with_a_map_still_gives_its_reasons(tmp_path):
    """A map of a refused route has no line to draw: the verdict and its reasons come
    first, then one note, no file and the exit code of an infeasible route (3)."""
    png = tmp_path / "map.png"
    res = _run(
        "route", "Shanghai", "Rotterdam", "--via", "nsr", "--date", "2024-03-15",
        "--ship", "panamax_bulker", "--no-economics", "--no-outlook", "--map", str(png),
    )  # fmt: skip
    assert res.exit_code == 3, res.output
    assert "NOT FEASIBLE" in res.stdout and "reason" in res.stdout
    assert "no map written" in res.stderr and not png.exists()


def test_cli_route_judges_the_ice_of_today_by_default():
    """`--help` says the date defaults to today: without --date an Arctic route gets a
    verdict for today's date; --no-ice gives the open-water lane and says so."""
    res = _run(
        "route", "Busan", "Hamburg", "--via", "nsr", "--format", "json", "--no-economics",
        "--no-outlook",
    )  # fmt: skip
    assert res.exit_code in (0, 3), res.output
    doc = json.loads(res.stdout)
    assert doc["ice_considered"] is True
    assert doc["verdicts"]["nsr"]["date"] == dt.date.today().isoformat()
    res = _run("route", "Busan", "Hamburg", "--via", "nsr", "--format", "json", "--no-ice")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["ice_considered"] is False and doc["verdicts"] == {}
    assert routing.ICE_NOT_CONSIDERED in doc["routes"][0]["assumptions"]


def test_library_route_without_a_date_says_ice_was_not_considered(schema):
    plain = routing.compare("Busan", "Hamburg", speed_kn=14)
    assert plain.ice_considered is False
    assert all(r.ice_considered is False for r in plain.routes)
    doc = report.comparison_to_dict(plain)
    jsonschema.validate(doc, schema)
    assert doc["ice_considered"] is False
    iced = routing.route("Busan", "Hamburg", via="suez", date=SEPT)
    assert iced.ice_considered is True  # searched on the date, though it meets no ice


def test_route_infeasible_is_the_public_exception():
    from arcticroute import RouteInfeasible
    from arcticroute.errors import NoRouteError

    with pytest.raises(RouteInfeasible, match="no feasible nsr passage") as info:
        routing.route("Shanghai", "Rotterdam", via="nsr", ship="panamax_bulker", date=MARCH)
    assert isinstance(info.value, NoRouteError)
    assert not info.value.verdict.feasible


def test_cli_bad_ice_inputs():
    res = _run("route", "Busan", "Rotterdam", "--via", "transpolar", "--no-ice")
    assert res.exit_code == 1 and "give a departure date" in res.stderr
    res = _run(
        "route", "Busan", "Rotterdam", "--via", "nsr", "--date", "2031-08-01",
        "--no-climatology", "--no-economics",
    )  # fmt: skip
    assert res.exit_code == 1 and "no observed sea-ice field" in res.stderr
    res = _run("compare", "Busan", "Rotterdam", "--polaris", "yolo", "--no-economics")
    assert res.exit_code == 1 and "unknown policy" in res.stderr
    res = _run("compare", "Busan", "Rotterdam", "--date", "15/08/2024")
    assert res.exit_code == 1 and "YYYY-MM-DD" in res.stderr


def test_cli_map_draws_ice_under_the_routes(tmp_path):
    out = tmp_path / "map.png"
    res = _run(
        "compare", "Busan", "Rotterdam", "--date", "2024-09-01", "--ship", "lng_arc7_yamalmax",
        "--map", str(out), "--no-economics",
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    import matplotlib.image as mpimg

    img = mpimg.imread(out)
    assert img.shape[0] > 500 and img.shape[1] > 500
    assert np.unique(img.reshape(-1, img.shape[-1])[:, :3], axis=0).shape[0] > 50


def test_sabetta_joins_the_mesh_directly_and_is_reached_in_summer():
    """Yamal LNG: the Gulf of Ob reads the ice at its mouth (land spill-over)."""
    r = ice_route("Yokohama", "Sabetta", "lng_arc7_yamalmax", "2026-08-01")
    v = r.ice
    assert v.feasible
    assert r.legs[-2].kind == "ice"  # no lane leg after the mesh: Sabetta is on it
    assert abs(v.passage.lat[-1] - 71.27) < 0.2
    assert v.passage.filled_nodes > 0
    assert any("filled" in c for c in v.caveats)
