"""Web API (arcticroute.web): the CLI's answers over HTTP, 4xx JSON for bad input, limits, cache.

The ice-aware comparison Shanghai -> Rotterdam with the Arc4 preset departing
2026-09-01 is the issue's case: Suez and NSR routes, an NSR verdict with its
zones. Departing 2026-08-01 the same ship needs escort in zones 2 and 3 (the
shipped climatology), which gives the escort geometry. Schemathesis runs a
bounded number of generated requests against the OpenAPI document.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gzip
import hashlib
import json
import time
import warnings
from pathlib import Path

import httpx
import numpy as np
import pytest
from conftest import require_module
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

with warnings.catch_warnings():  # starlette's testclient warns about its httpx backend
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from arcticroute.cli.main import app as cli_app
from arcticroute.web import Limits, create_app
from arcticroute.web import service as web_service

REPO = Path(__file__).resolve().parents[2]
STATIC = REPO / "src/arcticroute/web/static"
ARC4 = "container_4500teu_arc4"
CASE = {"from": "Shanghai", "to": "Rotterdam", "ship": ARC4, "date": "2026-09-01"}


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app()) as c:
        yield c


@pytest.fixture(scope="module")
def compare_doc(client):
    r = client.get("/api/compare", params=CASE)
    assert r.status_code == 200, r.text
    return r.json()


def _cli_json(*args):
    res = CliRunner().invoke(cli_app, [*args, "--format", "json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def _strip_web_keys(doc):
    out = json.loads(json.dumps(doc))
    for r in out["routes"]:
        r.pop("escort_geometry")
    return out


# --- endpoints ---------------------------------------------------------------------------


def test_ports_search_equals_cli(client):
    r = client.get("/api/ports", params={"q": "busan", "limit": 5})
    assert r.status_code == 200
    assert r.json() == _cli_json("ports", "search", "busan", "--limit", "5")
    assert r.json()[0]["locode"] == "KRPUS"


def test_ships_equal_cli(client):
    r = client.get("/api/ships")
    assert r.status_code == 200
    assert r.json() == _cli_json("ships", "list")
    assert ARC4 in [s["slug"] for s in r.json()]


def test_compare_shanghai_rotterdam_arc4_september(compare_doc):
    doc = compare_doc
    vias = [r["via"] for r in doc["routes"]]
    assert {"suez", "nsr"} <= set(vias)
    nsr = next(r for r in doc["routes"] if r["via"] == "nsr")
    suez = next(r for r in doc["routes"] if r["via"] == "suez")
    assert nsr["feasible"] is True and nsr["date"] == "2026-09-01"
    assert nsr["distance_nm"] < suez["distance_nm"]
    assert nsr["economics"]["costs"]["total_usd"] > 0
    assert doc["verdicts"]["nsr"]["feasible"] is True
    assert set(doc["verdicts"]) == {"nsr", "nsr_high", "transpolar", "nwp"}
    assert [z["zone"] for z in doc["verdicts"]["nsr"]["zones"]] == [7, 6, 5, 4, 3, 2]
    assert nsr["escort_geometry"] is None  # no zone needs escort in September
    assert nsr["geometry"]["type"] in ("LineString", "MultiLineString")


def test_compare_is_the_cli_json_plus_escort_geometry(compare_doc):
    jsonschema = require_module("jsonschema")
    cli = _cli_json("compare", "Shanghai", "Rotterdam", "--ship", ARC4, "--date", CASE["date"])
    assert _strip_web_keys(compare_doc) == cli
    schema = json.loads(
        (REPO / "src/arcticroute/data/schema/arcticroute-v1.schema.json").read_text()
    )
    jsonschema.validate(compare_doc, schema)


def test_route_nsr_in_late_october_has_escorted_segments(client):
    # late October: new ice in the Laptev and East Siberian Seas beyond an Arc4 ship alone
    params = {**CASE, "via": "nsr", "date": "2026-10-25", "economics": "false"}
    doc = client.get("/api/route", params=params).json()
    (r,) = doc["routes"]
    assert {2, 3} <= set(doc["verdicts"]["nsr"]["escort_zones"])
    esc = r["escort_geometry"]
    assert esc["type"] == "MultiLineString" and esc["coordinates"]
    pts = np.array([p for line in esc["coordinates"] for p in line])
    # inside the NSR water area: east of Novaya Zemlya, north of 65°N
    assert pts[:, 0].min() > 55 and pts[:, 1].min() > 65
    assert _strip_web_keys(doc) == _cli_json(
        "route", "Shanghai", "Rotterdam", "--via", "nsr", "--ship", ARC4,
        "--date", "2026-10-25", "--no-economics",
    )  # fmt: skip


def test_route_through_closed_ice_returns_its_verdict(client):
    r = client.get("/api/route", params={**CASE, "via": "nwp", "date": "2026-03-15"})
    assert r.status_code == 200
    doc = r.json()
    assert doc["routes"] == [] and doc["verdicts"]["nwp"]["feasible"] is False
    assert any("no passable path" in r for r in doc["verdicts"]["nwp"]["reasons"])


def test_route_without_date_judges_todays_ice_and_ice_false_follows_the_lanes(client):
    """As the CLI: the date defaults to today; ice=false gives the open-water lanes."""
    params = {"from": "Busan", "to": "Hamburg", "via": "nsr"}
    doc = client.get("/api/route", params=params).json()
    assert doc["ice_considered"] is True
    assert doc["verdicts"]["nsr"]["date"] == dt.date.today().isoformat()
    doc = client.get("/api/route", params={**params, "ice": "false"}).json()
    assert doc["routes"][0]["ice"] is None and doc["verdicts"] == {}
    assert doc["ice_considered"] is False
    assert any("sea ice not considered" in a for a in doc["routes"][0]["assumptions"])


def test_custom_ship_replaces_particulars(client):
    params = {**CASE, "via": "suez", "ice_class": "Arc7", "design_speed_kn": 14, "draft_m": 11}
    doc = client.get("/api/route", params=params).json()
    ship = doc["ship"]
    assert (ship["ice_class"], ship["design_speed_kn"], ship["draft_m"]) == ("Arc7", 14, 11)
    assert ship["slug"] is None and "modified" in ship["name"]
    assert doc["speed_kn"] == 14


def _area_m2(fc, bands):
    import shapely
    from pyproj import Transformer

    from arcticroute.plots.iceplot import PSN25_PROJ

    tr = Transformer.from_crs("EPSG:4326", PSN25_PROJ, always_xy=True)
    total = 0.0
    for f in fc["features"]:
        if f["properties"]["band"] in bands:
            rings = [
                np.column_stack(tr.transform(*np.array(r).T)) for r in f["geometry"]["coordinates"]
            ]
            total += shapely.Polygon(rings[0], rings[1:]).area
    return total


def test_ice_bands_winter_larger_than_summer(client):
    march = client.get("/api/ice/2026-03-01").json()
    sept = client.get("/api/ice/2026-09-01").json()
    assert march["ice_source"] == "climatology" and march["requested_date"] == "2026-03-01"
    assert {f["properties"]["band"] for f in march["features"]} >= {"15-50", "50-80", "80-100"}
    ice = ("15-50", "50-80", "80-100")
    # Arctic sea-ice extent: ~15 million km² in March, ~5 million km² in September (NSIDC
    # Sea Ice Index, 2008-2017). Measured here as map area on EPSG:3411 (true scale at 70°N,
    # up to ~30 % larger south of it) with bands reaching 1.5 cells under the coastline, so
    # the bounds sit above the extents: the test checks the season and the rough size.
    a_march, a_sept = _area_m2(march, ice) / 1e12, _area_m2(sept, ice) / 1e12
    assert 12 < a_march < 22 and 3 < a_sept < 9 and a_march > 2 * a_sept


def test_season_arc4_shanghai_rotterdam_2026(client):
    params = {"from": "Shanghai", "to": "Rotterdam", "ship": ARC4, "year": 2026}
    doc = client.get("/api/season", params=params).json()
    assert len(doc["rows"]) >= 52 and doc["basis"] == "scan-climatology (median)"
    ok = {r["departure"][:7] for r in doc["rows"] if r["feasible"]}
    assert "2026-09" in ok and "2026-02" not in ok
    # as the record of 2013 (ships on the NSR 28 Jun - 28 Nov): open from the second half
    # of June, closing no earlier than October
    assert "2026-06-15" <= doc["first_day"] <= "2026-08-31"
    assert doc["last_day"][:7] in ("2026-10", "2026-11")
    sept = next(r for r in doc["rows"] if r["departure"].startswith("2026-09"))
    assert 14 < sept["transit_days"] < 20


def test_land_and_nsr_zones(client):
    land = client.get("/api/land").json()
    assert land["features"][0]["geometry"]["type"] == "MultiPolygon"
    zones = client.get("/api/nsr-zones").json()
    assert {f["properties"]["zone"] for f in zones["features"]} == set(range(1, 8))


def test_health_page_and_static(client):
    assert client.get("/api/health").json()["status"] == "ok"
    page = client.get("/")
    assert page.status_code == 200 and "/static/vendor/leaflet/leaflet.js" in page.text
    assert client.get("/static/vendor/leaflet/leaflet.js").status_code == 200
    assert "default-src 'self'" in page.headers["content-security-policy"]


def test_gzip_when_asked(client):
    r = client.get("/api/land", headers={"Accept-Encoding": "gzip"})
    assert r.headers["content-encoding"] == "gzip"
    raw = client.get("/api/land", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in raw.headers and raw.json() == r.json()


# --- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "params", "status", "code", "match"),
    [
        ("/api/ports", {"q": ""}, 422, "invalid_parameter", "'q'"),
        ("/api/ports", {"q": "busan", "limit": 500}, 422, "invalid_parameter", "'limit'"),
        ("/api/compare", {**CASE, "to": "Rotterdm"}, 422, "unknown_port", "did you mean"),
        ("/api/compare", {**CASE, "date": "2026-13-01"}, 422, "invalid_parameter", "'date'"),
        ("/api/compare", {**CASE, "date": "1900-01-01"}, 422, "invalid_parameter", "1979"),
        ("/api/compare", {**CASE, "ship": "titanic"}, 422, "invalid_parameter", ARC4),
        ("/api/route", {**CASE, "to": "50,10"}, 422, "point_on_land", "on land"),
        ("/api/route", {**CASE, "to": "95,0"}, 422, "invalid_coordinate", "lat"),
        ("/api/route", {**CASE, "design_speed_kn": 99}, 422, "invalid_parameter", "35"),
        ("/api/route", {**CASE, "ice_class": "Arc99"}, 422, "invalid_parameter", "Arc4"),
        ("/api/route", {**CASE, "draft_m": 25, "ship": "multipurpose_19000dwt_arc4"}, 422,
         "ship_validation", "beam"),
        ("/api/route", {"from": "Busan", "to": "Hamburg", "via": "nsr_high", "ice": "false"},
         422, "unknown_passage", "date"),
        ("/api/route", {**CASE, "via": "nowhere"}, 422, "invalid_parameter", "'via'"),
        ("/api/route", {**CASE, "via": "nsr", "climatology": "false"}, 422,
         "no_ice_data", "no observed sea-ice field"),
        ("/api/ice/1900-01-01", {}, 422, "invalid_parameter", "1979"),
        ("/api/ice/yesterday", {}, 422, "invalid_parameter", "date"),
        ("/api/season", {**CASE, "year": 3000}, 422, "invalid_parameter", "'year'"),
        ("/api/nope", {}, 404, "not_found", "openapi"),
    ],
)  # fmt: skip
def test_bad_input_is_a_4xx_json_error(client, path, params, status, code, match):
    r = client.get(path, params=params)
    assert r.status_code == status, r.text
    body = r.json()
    assert body["error"] == code
    assert match in body["message"]


def test_unknown_port_lists_suggestions(client):
    body = client.get("/api/compare", params={**CASE, "to": "Rotterdm"}).json()
    assert "Rotterdam (NLRTM)" in body["suggestions"]


def test_wrong_method_is_json(client):
    r = client.post("/api/compare")
    assert r.status_code == 405 and r.json()["error"] == "method_not_allowed"


def test_no_corridor_is_404(client, monkeypatch):
    from arcticroute.errors import NoRouteError

    def no_route(q):
        raise NoRouteError("no corridor connects A and B: none")

    monkeypatch.setattr(web_service, "voyage_doc", no_route)
    r = client.get("/api/compare", params={**CASE, "from": "Hamburg", "date": "2026-09-02"})
    assert r.status_code == 404 and r.json()["error"] == "no_route"


# --- limits ------------------------------------------------------------------------------


def test_long_query_is_414(client):
    r = client.get("/api/ports", params={"q": "x" * 3000})
    assert r.status_code == 414 and r.json()["error"] == "query_too_long"
    assert client.get("/api/health").status_code == 200


def test_large_body_is_413_announced_or_chunked(client):
    big = json.dumps({"requests": [{"from": "A" * 90, "to": "B"}] * 400}).encode()
    r = client.post("/api/compare/batch", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json()["error"] == "body_too_large"

    def chunks():
        for i in range(0, len(big), 4096):
            yield big[i : i + 4096]

    r = client.post("/api/compare/batch", content=chunks())
    assert r.status_code == 413


def test_batch_size_limit_and_items(client):
    too_many = {"requests": [{"from": "Busan", "to": "Hamburg"}] * 9}
    r = client.post("/api/compare/batch", json=too_many)
    assert r.status_code == 422 and "requests" in r.json()["message"]
    two = {
        "requests": [
            {**CASE, "economics": True},
            {"from": "Shanghai", "to": "Rotterdm", "date": "2026-09-01"},
        ]
    }
    r = client.post("/api/compare/batch", json=two)
    assert r.status_code == 200
    a, b = r.json()["results"]
    assert a["status"] == 200 and {"suez", "nsr"} <= {x["via"] for x in a["result"]["routes"]}
    assert b["status"] == 422 and b["error"]["error"] == "unknown_port"


def _slow_doc(q):
    time.sleep(0.4)
    return {"kind": q.kind, "from": q.origin, "to": q.destination}


def test_timeout_is_503_then_answer_is_cached(monkeypatch):
    monkeypatch.setattr(web_service, "voyage_doc", _slow_doc)
    with TestClient(create_app(Limits(solve_timeout_s=0.05))) as c:
        r = c.get("/api/compare", params=CASE)
        assert r.status_code == 503 and r.json()["error"] == "timeout"
        assert r.headers["retry-after"]
        assert c.get("/api/ships").status_code == 200  # still serving
        for _ in range(50):
            if c.get("/api/health").json()["pool"]["pending"] == 0:
                break
            time.sleep(0.05)
        r = c.get("/api/compare", params=CASE)  # the solve finished: from the cache
        assert r.status_code == 200 and r.json()["to"] == "Rotterdam"


def test_saturated_pool_is_503_busy_and_recovers(monkeypatch):
    monkeypatch.setattr(web_service, "voyage_doc", _slow_doc)
    app = create_app(Limits(max_pending=1, workers=1))

    async def go():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
            first, second = await asyncio.gather(
                c.get("/api/compare", params=CASE),
                c.get("/api/compare", params={**CASE, "to": "Hamburg"}),
            )
            after = await c.get("/api/compare", params={**CASE, "to": "Hamburg"})
            return first, second, after

    first, second, after = asyncio.run(go())
    # which of the two concurrent requests reaches the pool first is up to the event loop
    ok, busy = sorted((first, second), key=lambda r: r.status_code)
    assert ok.status_code == 200
    assert busy.status_code == 503 and busy.json()["error"] == "busy"
    assert after.status_code == 200


def test_same_request_joins_the_running_solve(monkeypatch):
    calls = []

    def counted(q):
        calls.append(q)
        return _slow_doc(q)

    monkeypatch.setattr(web_service, "voyage_doc", counted)
    app = create_app(Limits(max_pending=1))

    async def go():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
            return await asyncio.gather(*(c.get("/api/compare", params=CASE) for _ in range(5)))

    answers = asyncio.run(go())
    assert [a.status_code for a in answers] == [200] * 5 and len(calls) == 1


def test_cached_answers_equal_uncached(client, compare_doc):
    def pool():
        return client.get("/api/health").json()["pool"]

    before = pool()
    again = client.get("/api/compare", params=CASE)  # same parameters: the raw-query cache
    respelt = client.get("/api/compare", params={**CASE, "from": " Shanghai "})  # normalized
    after = pool()
    assert after["raw_hits"] == before["raw_hits"] + 1
    assert after["hits"] == before["hits"] + 1 and after["misses"] == before["misses"]
    assert "default-src 'self'" in again.headers["content-security-policy"]
    with TestClient(create_app(Limits(cache_entries=0))) as fresh:
        uncached = fresh.get("/api/compare", params=CASE)
        assert fresh.get("/api/health").json()["pool"]["cached"] == 0
    assert again.content == respelt.content == uncached.content
    assert again.json() == compare_doc


def test_cors_off_by_default_on_when_asked(client):
    pre = {"Origin": "http://example.org", "Access-Control-Request-Method": "GET"}
    r = client.options("/api/ships", headers=pre)
    assert "access-control-allow-origin" not in r.headers
    with TestClient(create_app(cors_origins=["http://example.org"])) as c:
        r = c.options("/api/ships", headers=pre)
        assert r.headers["access-control-allow-origin"] == "http://example.org"


def test_serve_binds_loopback_by_default():
    import inspect

    from arcticroute.cli.serve import serve_command

    assert inspect.signature(serve_command).parameters["host"].default == "127.0.0.1"
    assert inspect.signature(serve_command).parameters["cors_origin"].default is None


def test_limits_reject_nonsense():
    with pytest.raises(ValueError, match="max_pending"):
        Limits(max_pending=0)
    with pytest.raises(ValueError, match="solve_timeout_s"):
        Limits(solve_timeout_s=0)


# --- OpenAPI and schemathesis ------------------------------------------------------------


def test_openapi_embeds_the_report_schema(client):
    spec = client.get("/openapi.json").json()
    ok = spec["paths"]["/api/compare"]["get"]["responses"]["200"]["content"]["application/json"]
    assert ok["schema"] == {"$ref": "#/components/schemas/ComparisonReport"}
    assert "Report_verdict" in spec["components"]["schemas"]
    params = {p["name"]: p for p in spec["paths"]["/api/compare"]["get"]["parameters"]}
    assert {"from", "to", "ship", "date", "ice_class", "draft_m"} <= set(params)


schemathesis = require_module("schemathesis", module_level=True)
from schemathesis.checks import positive_data_acceptance  # noqa: E402

_schema = schemathesis.openapi.from_asgi("/openapi.json", create_app())
# Bounded: the schema's examples and max_examples generated cases per operation; the
# coverage phase (every boundary of every parameter, hundreds of cold solves) is off.
_schema.config.phases.coverage.enabled = False


@_schema.include(path_regex="^/api/(ports|ships|land|nsr-zones|ice/.*)$").parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_conforms_to_its_openapi(case):
    case.call_and_validate()


@_schema.include(path_regex="^/api/(route|compare)$").parametrize()
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_solves_conform_to_their_openapi(case):
    # Ports are free text: a generated name that is no port is a 422 by design, so the
    # "schema-valid request accepted" check cannot apply here; every other check does.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])


# --- vendored front-end ------------------------------------------------------------------


def test_vendored_files_match_manifest_and_lock():
    vendor = STATIC / "vendor"
    manifest = json.loads((vendor / "MANIFEST.json").read_text())
    lock = json.loads((REPO / "web/package-lock.json").read_text())["packages"]
    pinned = json.loads((REPO / "web/package.json").read_text())["dependencies"]
    assert set(manifest) == {"leaflet", "proj4", "proj4leaflet"} == set(pinned)
    for package, m in manifest.items():
        assert m["version"] == lock[f"node_modules/{package}"]["version"] == pinned[package]
        assert any(name.startswith("LICENSE") for name in m["files"])
        for name, sha in m["files"].items():
            assert hashlib.sha256((vendor / package / name).read_bytes()).hexdigest() == sha
    assert "Leaflet" in (REPO / "DATA_LICENSES.md").read_text()


def test_page_loads_nothing_from_other_hosts():
    for name in ("index.html", "app.js", "app.css"):
        text = (STATIC / name).read_text()
        assert "http://" not in text.replace("http://www.w3.org/2000/svg", "")
        assert "https://" not in text, name


def test_payload_gzip_roundtrip():
    from arcticroute.web.limits import Payload

    p = Payload.of({"a": [1, 2, 3], "b": "Å"})
    assert json.loads(gzip.decompress(p.gzipped())) == json.loads(p.body)


# --- prices (the CLI's --bunker-usd-per-t and --ets-eur-per-t) -----------------------------


def _suez_costs(doc):
    return next(r for r in doc["routes"] if r["via"] == "suez")["economics"]["costs"]


def test_prices_scale_the_fuel_and_ets_costs_as_the_cli(client):
    from arcticroute import assumptions
    from arcticroute.vessel.ships import get_ship

    q = {**CASE, "ice": "false"}
    prices = {"bunker_usd_per_t": "1200", "ets_eur_per_t": "200"}
    base = _suez_costs(client.get("/api/compare", params=q).json())
    priced = client.get("/api/compare", params={**q, **prices}).json()
    dear = _suez_costs(priced)
    # Suez never enters Arctic waters (no fuel switch): fuel cost = tonnes x price, and
    # the EU ETS cost = allowances x price, so both scale with their price
    fuel_key = f"costs.bunker_usd_per_t.{get_ship(ARC4).fuel_type}"
    ets_key = "ets.allowance_price_eur_per_t"
    assert dear["fuel_usd"] / base["fuel_usd"] == pytest.approx(
        1200 / assumptions.value(fuel_key), rel=1e-5
    )
    assert dear["ets_usd"] / base["ets_usd"] == pytest.approx(
        200 / assumptions.value(ets_key), rel=1e-5
    )
    assert dear["charter_usd"] == base["charter_usd"]
    cli = _cli_json(
        "compare", "Shanghai", "Rotterdam", "--date", CASE["date"], "--ship", ARC4, "--no-ice",
        "--no-outlook", "--bunker-usd-per-t", "1200", "--ets-eur-per-t", "200",
    )  # fmt: skip
    assert _suez_costs(cli) == dear
    # the override held in the solve's thread only: the next answer has registry prices
    again = client.get("/api/compare", params={**q, "load_factor": "0.99"}).json()
    assert _suez_costs(again)["fuel_usd"] == pytest.approx(base["fuel_usd"], rel=1e-9)


@pytest.mark.parametrize("bad", ["-1", "1e9", "nan", "cheap"])
def test_a_bad_price_is_refused_in_one_line(client, bad):
    r = client.get("/api/compare", params={**CASE, "bunker_usd_per_t": bad})
    assert r.status_code == 422 and "bunker_usd_per_t" in r.json()["message"]


def test_odds_are_the_clis(client, monkeypatch):
    # --odds on the web: the same odds object as the CLI's JSON, for the NSR and NWP
    # verdicts judged on the climatology (here without observed ice: every year missing,
    # with the command that fetches them)
    monkeypatch.delenv("ARCTICROUTE_DATA_DIR", raising=False)
    q = {"from": "Shanghai", "to": "Rotterdam", "ship": ARC4, "date": "2027-08-01"}
    web = client.get("/api/compare", params={**q, "odds": "true"}).json()["verdicts"]
    cli = _cli_json(
        "compare", "Shanghai", "Rotterdam", "--ship", ARC4, "--date", "2027-08-01",
        "--odds", "--no-outlook", "--no-economics",
    )["verdicts"]  # fmt: skip
    assert {v for v, d in web.items() if "odds" in d} == {"nsr", "nwp"}
    for via in ("nsr", "nwp"):
        assert web[via]["odds"] == cli[via]["odds"]
        odds = web[via]["odds"]
        assert odds["years"] == [] and odds["missing_years"] == list(range(2008, 2018))
        assert odds["download_command"].startswith("arcticroute data download")
    plain = client.get("/api/compare", params=q).json()["verdicts"]
    assert all("odds" not in d for d in plain.values())
