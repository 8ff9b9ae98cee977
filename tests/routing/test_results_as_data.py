"""Results as data: ``to_dict()``, ``to_geojson()`` and ``to_dataframe()`` on the
routing layer's results (issue 15, item 3), the same numbers as the JSON the CLI
writes, valid against the shipped JSON Schema and RFC 7946's shapes."""

from __future__ import annotations

import doctest
import json
from importlib import resources

import jsonschema
import pytest

from arcticroute import compare, route
from arcticroute.analysis import report
from arcticroute.routing import legs
from arcticroute.routing.legs import CORRIDOR_STATUSES, DATAFRAME_COLUMNS

WINTER = "2026-12-07"  # early December: the Arctic corridors are closed to the Arc4 default ship


@pytest.fixture(scope="module")
def schema():
    path = resources.files("arcticroute").joinpath("data/schema/arcticroute-v1.schema.json")
    return json.loads(path.read_text())


@pytest.fixture(scope="module")
def lanes():
    return compare("Shanghai", "Rotterdam", speed_kn=14.0)


@pytest.fixture(scope="module")
def winter():
    return compare("Shanghai", "Rotterdam", date=WINTER)


def test_comparison_to_dict_is_the_cli_envelope(schema, lanes, winter):
    for c in (lanes, winter):
        doc = c.to_dict()
        jsonschema.validate(doc, schema)
        assert doc == report.comparison_to_dict(c)
        assert json.loads(report.to_json(doc)) == doc


def test_route_to_dict_is_its_row_in_the_envelope(lanes):
    nsr = lanes.by_via("nsr")
    row = next(r for r in lanes.to_dict()["routes"] if r["via"] == "nsr")
    alone = nsr.to_dict()
    assert alone["saving_vs_suez"] is None  # a route alone has nothing to compare with
    assert {k: v for k, v in alone.items() if k != "saving_vs_suez"} == {
        k: v for k, v in row.items() if k != "saving_vs_suez"
    }


def test_geojson_shapes(lanes):
    fc = lanes.to_geojson()
    assert fc["type"] == "FeatureCollection"
    lines = [f for f in fc["features"] if f["geometry"]["type"] != "Point"]
    points = [f for f in fc["features"] if f["geometry"]["type"] == "Point"]
    assert len(lines) == len(lanes.routes) and len(points) == 2
    feature = lanes.by_via("suez").to_geojson()
    assert feature["type"] == "Feature"
    assert feature["properties"]["from"] == "Shanghai"
    lon, lat = zip(*feature["geometry"]["coordinates"], strict=True)
    assert all(-180 <= x <= 180 for x in lon) and all(-90 <= y <= 90 for y in lat)
    # Shanghai (31.2°N 121.5°E) to Rotterdam (51.9°N 4.5°E), UN/LOCODE positions
    assert lon[0] == pytest.approx(121.5, abs=0.5) and lat[-1] == pytest.approx(51.9, abs=0.5)


def test_dataframe_has_a_row_per_corridor_and_says_why_one_is_closed(winter):
    df = winter.to_dataframe()
    assert tuple(df.columns) == DATAFRAME_COLUMNS
    assert list(df["via"]) == [r.via for r in winter.routes] + [
        s.via for s in winter.corridors if winter.by_via(s.via) is None
    ]
    assert set(df["status"]) <= set(CORRIDOR_STATUSES)
    closed = df[df["status"] == "infeasible"]
    assert len(closed) >= 1 and "nsr" in set(closed["via"])
    assert closed["reason"].str.len().min() > 0
    assert not closed["feasible"].any()
    suez = df[df["via"] == "suez"].iloc[0]
    assert suez["distance_nm"] == pytest.approx(winter.by_via("suez").distance_nm, abs=0.01)


def test_route_dataframe_legs_add_up():
    r = route("Shanghai", "Rotterdam", via="suez")
    df = r.to_dataframe()
    assert df["distance_nm"].sum() == pytest.approx(r.distance_nm, rel=1e-3)
    assert {"start_lon", "start_lat", "end_lon", "end_lat", "kind"} <= set(df.columns)


def test_docstring_examples_run():
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    tests = [t for t in finder.find(legs) if t.examples and "to_dict" in t.name]
    assert len(tests) == 2
    for t in tests:
        runner.run(t)
    assert runner.failures == 0
