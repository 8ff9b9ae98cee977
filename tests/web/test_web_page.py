"""What the page takes from the server (issue 16): downloads in the CLI's formats, the
offline API docs, the map's colours, and the language catalogues."""

from __future__ import annotations

import csv
import io
import json
import re
import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner

from arcticroute.cli.main import app as cli_app
from arcticroute.geo.passages import CORRIDORS, PASSAGES
from arcticroute.plots.iceplot import ESCORT_COLOUR, LAND_COLOUR
from arcticroute.plots.routemap import ROUTE_COLOURS
from arcticroute.routing.planner import ICE_ALTERNATIVES
from arcticroute.rules.nsr_rules import ICE_CONDITIONS
from arcticroute.rules.polaris import SPEED_POLICIES
from arcticroute.web import create_app

with warnings.catch_warnings():  # starlette's testclient warns about its httpx backend
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

STATIC = Path(__file__).resolve().parents[2] / "src/arcticroute/web/static"
LANGS = ("en", "zh-Hans", "ja", "ko", "ru")
QUERY = {"from": "Shanghai", "to": "Rotterdam", "date": "2026-09-01"}


@pytest.fixture(autouse=True)
def _embedded(monkeypatch):
    monkeypatch.delenv("ARCTICROUTE_DATA_DIR", raising=False)


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app()) as c:
        yield c


# --- downloads ---------------------------------------------------------------------------


def test_compare_csv_is_the_clis_csv(client):
    r = client.get("/api/compare", params={**QUERY, "format": "csv"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert r.headers["content-disposition"].startswith("attachment; filename=")
    args = ["compare", "Shanghai", "Rotterdam", "--date", "2026-09-01", "--format", "csv"]
    cli = CliRunner().invoke(cli_app, [*args, "--no-outlook"])
    assert cli.exit_code == 0, cli.output
    assert r.text == cli.stdout
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert {"suez", "nsr"} <= {row["via"] for row in rows}


def test_compare_geojson_is_the_clis_geojson(client):
    r = client.get("/api/compare", params={**QUERY, "format": "geojson"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/geo+json"
    doc = json.loads(r.text)
    args = ["compare", "Shanghai", "Rotterdam", "--date", "2026-09-01", "--format", "geojson"]
    cli = CliRunner().invoke(cli_app, [*args, "--no-outlook"])
    assert cli.exit_code == 0, cli.output
    assert doc == json.loads(cli.stdout)
    kinds = [f["geometry"]["type"] for f in doc["features"]]
    assert kinds.count("Point") == 2
    assert {"LineString", "MultiLineString"} & set(kinds)


def test_compare_refuses_an_unknown_format(client):
    r = client.get("/api/compare", params={**QUERY, "format": "xlsx"})
    assert r.status_code == 422
    assert "format" in r.json()["message"]


def test_openapi_lists_the_download_formats(client):
    spec = client.get("/openapi.json").json()
    content = spec["paths"]["/api/compare"]["get"]["responses"]["200"]["content"]
    assert {"application/json", "text/csv; charset=utf-8", "application/geo+json"} <= set(content)


def test_docs_page_lists_every_endpoint_without_scripts(client):
    r = client.get("/docs")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "<script" not in r.text.lower()
    assert "script-src 'self'" in r.headers["content-security-policy"]
    for path in client.get("/openapi.json").json()["paths"]:
        assert f">{path}</h2>" in r.text.replace("&#x27;", "'")


# --- map colours -------------------------------------------------------------------------


def _lab(hex_colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB colour (IEC 61966-2-1; CIE 15:2004)."""
    rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    x = (0.4124 * lin[0] + 0.3576 * lin[1] + 0.1805 * lin[2]) / 0.95047
    y = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    z = (0.0193 * lin[0] + 0.1192 * lin[1] + 0.9505 * lin[2]) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _delta_e(a: str, b: str) -> float:
    """CIE76 colour difference; about 2.3 is just noticeable (Sharma & Trussell 1997)."""
    return sum((p - q) ** 2 for p, q in zip(_lab(a), _lab(b), strict=True)) ** 0.5


def test_map_uses_the_cli_plot_colours(client):
    style = client.get("/api/map-style").json()
    for via, colour in ROUTE_COLOURS.items():
        assert style["route_colours"][via] == colour
    assert style["escort_colour"] == ESCORT_COLOUR
    assert style["land_colour"] == LAND_COLOUR
    for via in ICE_ALTERNATIVES:
        assert via in style["route_colours"], via


def test_ice_ramp_stands_out_from_land_sea_and_routes(client):
    style = client.get("/api/map-style").json()
    bands = style["ice_bands"]
    assert [b["band"] for b in bands] == ["15-50", "50-80", "80-100", "unknown"]
    ramp = [b["colour"] for b in bands[:3]]
    lightness = [_lab(c)[0] for c in ramp]
    assert lightness == sorted(lightness, reverse=True)  # sequential: more ice, darker
    others = [style["land_colour"], style["sea_colour"], *style["route_colours"].values()]
    colours = [b["colour"] for b in bands]
    # 10 units: several just-noticeable differences, told apart at a glance on a map
    for i, a in enumerate(colours):
        for b in colours[i + 1 :] + others:
            assert _delta_e(a, b) >= 10, (a, b)


# --- languages ---------------------------------------------------------------------------


def _catalogue(lang: str) -> dict[str, str]:
    return json.loads((STATIC / "i18n" / f"{lang}.json").read_text("utf-8"))


def test_every_key_in_every_language():
    keys = set(_catalogue("en"))
    for lang in LANGS:
        cat = _catalogue(lang)
        assert set(cat) == keys, (lang, keys ^ set(cat))
        for k, v in cat.items():
            assert isinstance(v, str) and v.strip(), (lang, k)
            # the same placeholders, so every message can be filled in every language
            assert set(re.findall(r"{\w+}", v)) == set(re.findall(r"{\w+}", _catalogue("en")[k]))


def test_every_label_of_the_page_is_in_the_catalogue():
    html = (STATIC / "index.html").read_text("utf-8")
    js = (STATIC / "app.js").read_text("utf-8")
    used = set(re.findall(r'data-i18n(?:-[a-z-]+)?="(\w+)"', html))
    used |= set(re.findall(r'\bt\("(\w+)"[,)]', js))
    used |= {f"via_{v}" for v in (*CORRIDORS, *ICE_ALTERNATIVES)}
    used |= {f"p_{p}" for p in PASSAGES if p != "inland"}  # the page leaves "inland" out
    used |= {f"cond_{c}" for c in ICE_CONDITIONS} | {f"policy_{p}" for p in SPEED_POLICIES}
    used |= {f"src_{k}" for k in ("observed", "climatology", "projection")}  # ice.icedata
    assert used - set(_catalogue("en")) == set()
    options = re.findall(r'<option value="([\w-]+)">', html)
    assert sorted(options) == sorted(LANGS)


@pytest.mark.parametrize(
    ("lang", "term"),
    [
        ("zh-Hans", "北方海航道"),
        ("ja", "北極海航路"),
        ("ko", "북극항로"),
        ("ru", "Северный морской путь"),
    ],
)
def test_the_northern_sea_route_has_its_usual_name(lang, term):
    cat = _catalogue(lang)
    assert term in cat["tagline"]


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/compare", {**QUERY, "to": "Rotterdm"}),
        ("/api/compare", {**QUERY, "to": "50,10"}),
        ("/api/compare", {**QUERY, "to": "95,0"}),
        ("/api/compare", {**QUERY, "design_speed_kn": "99"}),
        ("/api/compare", {**QUERY, "draft_m": "25", "ship": "multipurpose_19000dwt_arc4"}),
        ("/api/compare", {**QUERY, "climatology": "false"}),
    ],
)
def test_the_page_has_a_headline_for_each_error_the_form_can_meet(client, path, params):
    r = client.get(path, params=params)
    assert r.status_code >= 400, r.text
    assert f"err_{r.json()['error']}" in _catalogue("en")


def test_the_page_has_a_headline_for_busy_timeout_and_no_route():
    from arcticroute.errors import NoRouteError
    from arcticroute.web.app import error_status
    from arcticroute.web.limits import Busy, SolveTimeout

    for exc in (Busy("x"), SolveTimeout("x"), NoRouteError("x")):
        assert f"err_{error_status(exc)[1]}" in _catalogue("en")


def test_every_option_of_the_api_has_a_control_on_the_page(client):
    # issue 16: every option of the CLI that names no file on the server, on the page;
    # the API mirrors the CLI's options (format is the download buttons)
    html = (STATIC / "index.html").read_text("utf-8")
    js = (STATIC / "app.js").read_text("utf-8")
    controls = set(re.findall(r'<(?:input|select)[^>]*\bid="(\w+)"', html))
    spec = client.get("/openapi.json").json()
    params = {p["name"] for p in spec["paths"]["/api/compare"]["get"]["parameters"]}
    assert params - {"format"} <= controls, params - {"format"} - controls
    sent = set(re.findall(r'"(\w+)"', js.split("var CHECKS")[0].split("var FORM_KEYS")[1]))
    sent |= set(re.findall(r'"(\w+)"', js.split("var CHECKS")[1].split(";")[0]))
    assert params - {"format"} <= sent, params - {"format"} - sent


def test_port_names_of_the_catalogue_name_real_ports():
    # every port_<LOCODE> entry is a port of the catalogue (ports.csv), its English entry a
    # name the port search resolves to that port; where ports.csv (UN/LOCODE, World Port
    # Index alternative names) gives a local name, the page's language agrees with it
    from arcticroute.geo.ports import get_port

    en = _catalogue("en")
    codes = [k[5:] for k in en if re.fullmatch(r"port_[A-Z]{5}", k)]
    assert len(codes) >= 20
    for code in codes:
        assert get_port(code).locode == code
        assert get_port(en[f"port_{code}"]).locode == code, en[f"port_{code}"]
    local = {
        ("KRPUS", "ko"): "부산",
        ("KRPUS", "zh-Hans"): "釜山",
        ("JPYOK", "ja"): "横浜",
        ("JPYOK", "zh-Hans"): "横滨",
        ("CNSHA", "zh-Hans"): "上海",
        ("RUMMK", "ru"): "Мурманск",
        ("RUSAB", "ru"): "Сабетта",
    }
    for (code, lang), name in local.items():
        assert name in get_port(code).alt_names
        assert _catalogue(lang)[f"port_{code}"] == name
