import csv
import io
import json
from importlib import resources

import jsonschema
import pytest

from arcticroute.analysis import report
from arcticroute.routing.legs import Comparison
from arcticroute.routing.planner import compare, route
from arcticroute.vessel.ships import get_ship


@pytest.fixture(scope="module")
def schema():
    text = (
        resources.files("arcticroute")
        .joinpath("data/schema/arcticroute-v1.schema.json")
        .read_text()
    )
    return json.loads(text)


@pytest.fixture(scope="module")
def cmp():
    return compare("Shanghai", "Rotterdam", speed_kn=14.0)


def test_compare_json_matches_schema(schema, cmp):
    doc = report.comparison_to_dict(cmp, get_ship("container_4500teu_arc4"))
    jsonschema.validate(doc, schema)
    assert doc["schema_version"] == report.SCHEMA_VERSION
    assert [r["via"] for r in doc["routes"]] == ["auto", "suez", "cape", "panama", "nsr", "nwp"]
    assert [c["via"] for c in doc["corridors"]] == [r["via"] for r in doc["routes"]]
    # The JSON round-trips (no numpy scalars leak into it).
    assert json.loads(report.to_json(doc)) == doc


def test_single_route_envelope(schema):
    r = route("Busan", "Hamburg", via="nsr", speed_kn=12.0)
    doc = report.comparison_to_dict(Comparison(r.origin, r.destination, (r,), {}), kind="route")
    jsonschema.validate(doc, schema)
    assert doc["kind"] == "route" and doc["ship"] is None
    rd = doc["routes"][0]
    assert rd["saving_vs_suez"] is None
    assert rd["duration_h"] == pytest.approx(rd["distance_nm"] / 12.0, abs=0.01)
    assert rd["geometry"]["type"] == "MultiLineString"  # crosses the antimeridian


def test_saving_signs(cmp):
    doc = report.comparison_to_dict(cmp)
    by = {r["via"]: r for r in doc["routes"]}
    assert by["suez"]["saving_vs_suez"]["distance_nm"] == 0
    assert by["nsr"]["saving_vs_suez"]["distance_pct"] > 0
    assert by["cape"]["saving_vs_suez"]["distance_pct"] < 0


def test_geometry_vertices_at_most_50_km_apart(cmp):
    from arcticroute.geo import geodesy

    g = report.geometry(cmp.by_via("suez"))
    lon = [c[0] for c in g["coordinates"]]
    lat = [c[1] for c in g["coordinates"]]
    steps = geodesy.geodesic_distance_m(lon[:-1], lat[:-1], lon[1:], lat[1:])
    assert steps.max() <= 50_000 + 50  # 5-decimal rounding moves vertices by < 1 m


def test_legs_add_up(cmp):
    doc = report.comparison_to_dict(cmp)
    for rd in doc["routes"]:
        assert sum(leg["distance_nm"] for leg in rd["legs"]) == pytest.approx(
            rd["distance_nm"], abs=0.01 * len(rd["legs"])
        )


def test_csv_one_row_per_route(cmp):
    rows = list(csv.DictReader(io.StringIO(report.comparison_to_csv(cmp))))
    assert tuple(rows[0].keys()) == report.CSV_COLUMNS
    assert [r["via"] for r in rows] == [r.via for r in cmp.routes]
    assert float(rows[3]["distance_nm"]) == pytest.approx(cmp.routes[3].distance_nm, abs=0.01)


def test_geojson_feature_collection(cmp):
    fc = report.comparison_to_geojson(cmp)
    assert fc["type"] == "FeatureCollection"
    kinds = [f["geometry"]["type"] for f in fc["features"]]
    assert kinds.count("Point") == 2
    assert len(kinds) == len(cmp.routes) + 2


def test_schema_knows_every_passage_and_corridor(schema):
    from arcticroute.geo.passages import CORRIDORS, PASSAGES

    assert schema["$defs"]["passage"]["enum"] == list(PASSAGES)
    from arcticroute.routing.planner import ICE_ALTERNATIVES

    assert set(schema["$defs"]["route"]["properties"]["via"]["enum"]) == set(CORRIDORS) | set(
        ICE_ALTERNATIVES
    )


def test_compare_json_with_economics_matches_schema(schema, cmp):
    import datetime as dt

    from arcticroute.economics.costs import EconomicsOptions, compare_economics

    ship = get_ship("container_4500teu_arc4")
    opts = EconomicsOptions(date=dt.date(2026, 9, 1))
    econ = compare_economics(cmp.routes, ship, opts)
    doc = report.comparison_to_dict(cmp, ship, economics=econ, options=opts)
    jsonschema.validate(doc, schema)
    by = {r["via"]: r["economics"] for r in doc["routes"]}
    assert by["suez"]["saving_vs_suez_usd"] == 0 and by["suez"]["break_even_vs_suez"] is None
    assert by["nsr"]["per_teu_usd"] == by["nsr"]["per_unit_usd"] > 0
    assert set(by["nsr"]["break_even_vs_suez"]) == {
        "escort_fee_usd",
        "bunker_usd_per_t",
        "delay_days",
    }
    rows = list(csv.DictReader(io.StringIO(report.comparison_to_csv(cmp, ship, econ, opts))))
    assert float(rows[0]["total_usd"]) == by["suez"]["costs"]["total_usd"]


def test_csv_carries_the_date_the_verdicts_and_the_closed_variants(monkeypatch):
    """A spreadsheet user sees the date, feasibility, ice source, escorted zones and the
    Arctic variants the ice closed (issue: CSV dropped the infeasible variants)."""
    monkeypatch.delenv("ARCTICROUTE_DATA_DIR", raising=False)
    from arcticroute import routing

    # March: the NSR is closed to a ship with no ice class (NSR rules: 1 Jul-15 Nov only)
    cmp = routing.compare("Shanghai", "Rotterdam", ship="panamax_bulker", date="2027-03-15")
    rows = {r["via"]: r for r in csv.DictReader(io.StringIO(report.comparison_to_csv(cmp)))}
    assert rows["suez"]["date"] == "2027-03-15" and rows["suez"]["feasible"] == "True"
    nsr = rows["nsr"]
    assert nsr["feasible"] == "False" and nsr["reason"] and nsr["distance_nm"] == ""
    assert "climatology" in nsr["ice_source"] and nsr["ice_considered"] == "True"
