"""The page as people use it (issue 16), in headless Chromium at phone, tablet and
desktop sizes: no sideways scrolling, a map that fills a phone's width, every control
reachable by keyboard, text contrast at WCAG 2.1 AA and no serious or critical axe-core
violation, downloads that parse, a link that reproduces a comparison, the language
switch, and clicking on the map to place a port.

Same server and browser fixtures as ``test_web_e2e.py`` (Playwright driving
``/usr/bin/chromium``; skips without them, fails when CI=true). Screenshots go to
``/tmp/arcticroute_web_<width>.png``.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from conftest import require_module
from test_web_e2e import browser, server  # noqa: F401 (fixtures)

STATIC = Path(__file__).resolve().parents[2] / "src/arcticroute/web/static"
SIZES = [(390, 844), (768, 1024), (1440, 900)]
LINK = "/?from=Shanghai&to=Rotterdam&date=2026-09-01&ship=container_4500teu_arc4"
GRAVE = ("serious", "critical")  # axe-core impacts the issue counts

# WCAG 2.1 AA text contrast, computed in the page (see the script's header)
CONTRAST_JS = "\n".join(
    line
    for line in (Path(__file__).parent / "wcag_contrast.js").read_text("utf-8").splitlines()
    if not line.startswith("//")  # Playwright takes the text for a function if it starts so
)


@pytest.fixture
def context(browser, server):  # noqa: F811 (fixture)
    made = []

    def new(width: int = 1440, height: int = 900, **kw):
        ctx = browser.new_context(viewport={"width": width, "height": height}, **kw)
        made.append(ctx)
        pg = ctx.new_page()
        pg.errors = []
        pg.on("pageerror", lambda e: pg.errors.append(str(e)))
        return pg

    yield new
    for ctx in made:
        ctx.close()


def _open_link(pg, server, link: str = LINK) -> None:  # noqa: F811
    pg.goto(server + link)
    pg.wait_for_selector("#map[data-land=drawn]", timeout=30_000)
    pg.wait_for_selector("#map path.ar-route[data-via=nsr]", timeout=90_000)
    pg.wait_for_selector("#season-svg", timeout=90_000)
    pg.wait_for_function("!document.querySelector('#submit').disabled", timeout=60_000)


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_layout_at_every_width(context, server, width, height, tmp_path):  # noqa: F811
    pg = context(width, height)
    _open_link(pg, server)
    scroll = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert scroll <= 0, f"the page scrolls sideways by {scroll} px"
    box = pg.locator("#map").bounding_box()
    panel = pg.locator(".panel").bounding_box()
    if width < 800:
        assert box["width"] >= 0.6 * width
        assert panel["y"] + panel["height"] <= box["y"] + 1  # the form above the map
    else:
        assert panel["x"] + panel["width"] <= box["x"] + 1  # the form beside the map
    # the comparison table scrolls in its own box, not the page
    wrap = pg.locator("#compare-table").locator("xpath=..").bounding_box()
    assert wrap["x"] + wrap["width"] <= width + 0.5
    result = pg.evaluate(CONTRAST_JS)
    assert result["checked"] > 100
    assert result["bad"] == [], result["bad"]
    # axe-core (the check): no violation of serious or critical impact
    axe = require_module("axe_playwright_python.sync_playwright").Axe().run(pg).response
    assert len(axe["passes"]) > 20  # it ran its rules on the page
    grave = [(v["id"], v["impact"]) for v in axe["violations"] if v["impact"] in GRAVE]
    assert grave == [], axe["violations"]
    shot = tmp_path / f"page_{width}.png"
    pg.screenshot(path=str(shot), full_page=True)
    shutil.copyfile(shot, Path(f"/tmp/arcticroute_web_{width}.png"))
    assert pg.errors == []


def test_every_control_is_reachable_by_keyboard(context, server):  # noqa: F811
    pg = context(390, 844)
    _open_link(pg, server)
    reached = set()
    for _ in range(60):
        pg.keyboard.press("Tab")
        reached.add(pg.evaluate("document.activeElement.id || document.activeElement.tagName"))
    wanted = {"lang", "from", "pick-from", "to", "date", "ship", "submit", "dl-csv", "dl-geojson"}
    assert wanted <= reached, wanted - reached
    pg.focus("#from")
    pg.keyboard.press("Tab")
    assert pg.evaluate("document.activeElement.id") == "pick-from"
    pg.keyboard.press("Enter")  # a button works from the keyboard
    assert pg.get_attribute("#pick-from", "aria-pressed") == "true"


def test_downloads_parse_and_match_the_table(context, server):  # noqa: F811
    pg = context(accept_downloads=True)
    _open_link(pg, server)
    table = pg.eval_on_selector_all("#compare-table tbody tr", "els => els.map(e => e.dataset.via)")
    with pg.expect_download() as d:
        pg.click("#dl-csv")
    rows = list(csv.DictReader(io.StringIO(Path(d.value.path()).read_text("utf-8"))))
    assert d.value.suggested_filename.endswith(".csv")
    assert [r["via"] for r in rows] == [v for v in table if v in {r["via"] for r in rows}]
    assert {"suez", "nsr"} <= {r["via"] for r in rows}
    with pg.expect_download() as d:
        pg.click("#dl-geojson")
    doc = json.loads(Path(d.value.path()).read_text("utf-8"))
    assert doc["type"] == "FeatureCollection"
    assert {f["properties"].get("via") for f in doc["features"]} >= {"suez", "nsr"}


def test_a_link_reproduces_the_comparison(context, server):  # noqa: F811
    pg = context()
    pg.goto(server + "/")
    pg.wait_for_selector("#map[data-land=drawn]", timeout=30_000)
    pg.wait_for_selector("#ship option[value=lng_arc7_yamalmax]", state="attached")
    pg.fill("#from", "Busan")
    pg.fill("#to", "Hamburg")
    pg.fill("#date", "2026-08-15")
    pg.select_option("#ship", "lng_arc7_yamalmax")
    pg.click("#advanced summary")
    pg.select_option("#trip", "round_trip")
    pg.fill("#bunker_usd_per_t", "900")
    pg.click("#submit")
    pg.wait_for_selector("#map path.ar-route", timeout=90_000)
    pg.wait_for_function("!document.querySelector('#submit').disabled", timeout=60_000)
    asked = parse_qs(urlparse(pg.url).query)
    assert asked["from"] == ["Busan"] and asked["to"] == ["Hamburg"]
    assert asked["date"] == ["2026-08-15"] and asked["ship"] == ["lng_arc7_yamalmax"]
    assert asked["trip"] == ["round_trip"] and asked["bunker_usd_per_t"] == ["900"]
    first = pg.inner_text("#compare-table tbody")
    other = context()
    other.goto(pg.url)
    other.wait_for_selector("#map path.ar-route", timeout=90_000)
    other.wait_for_function("!document.querySelector('#submit').disabled", timeout=60_000)
    assert other.input_value("#from") == "Busan"
    assert other.input_value("#ship") == "lng_arc7_yamalmax"
    assert other.input_value("#trip") == "round_trip"
    assert other.input_value("#bunker_usd_per_t") == "900"
    assert other.inner_text("#compare-table tbody") == first


def _catalogue(lang: str) -> dict[str, str]:
    return json.loads((STATIC / "i18n" / f"{lang}.json").read_text("utf-8"))


def test_language_switch_is_kept_in_the_link(context, server):  # noqa: F811
    pg = context()
    _open_link(pg, server)
    pg.select_option("#lang", "ja")
    ja = _catalogue("ja")
    pg.wait_for_selector("html[lang=ja]", state="attached")
    assert pg.inner_text("#submit") == ja["compare"]
    assert pg.inner_text("#compare-table thead th:first-child") == ja["col_route"]
    nsr_row = pg.inner_text("#compare-table tr[data-via=nsr]")
    assert ja["via_nsr"] in nsr_row and ja["feasible"] in nsr_row
    # port names in the page's language
    title = pg.inner_text("#results-title")
    assert ja["port_CNSHA"] == "上海" in title and "ロッテルダム" in title
    assert "上海" in pg.inner_text(".season-title")
    assert parse_qs(urlparse(pg.url).query)["lang"] == ["ja"]
    again = context()
    again.goto(pg.url)
    again.wait_for_selector("html[lang=ja]", state="attached")
    assert again.inner_text("#submit") == ja["compare"]
    for lang in ("zh-Hans", "ko", "ru"):
        again.select_option("#lang", lang)
        again.wait_for_selector(f'html[lang="{lang}"]', state="attached")
        assert again.inner_text("label[for=from]") == _catalogue(lang)["from"]


def test_click_on_the_map_sets_a_position(context, server):  # noqa: F811
    pg = context()
    _open_link(pg, server)
    pg.click("#pick-to")
    box = pg.locator("#map").bounding_box()
    pg.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.35)
    value = pg.input_value("#to")
    m = re.fullmatch(r"(-?\d+\.\d\d),(-?\d+\.\d\d)", value)
    assert m, value
    lat, lon = float(m[1]), float(m[2])
    assert 40 <= lat <= 90 and -180 <= lon <= 180  # the polar map's upper middle
    assert pg.get_attribute("#pick-to", "aria-pressed") == "false"
    pg.mouse.click(box["x"] + 40, box["y"] + 40)  # a second click does not move it
    assert pg.input_value("#to") == value


def test_map_legend_shows_the_ice_ramp_in_percent(context, server):  # noqa: F811
    pg = context()
    _open_link(pg, server)
    bands = pg.eval_on_selector_all(
        "#map .legend [data-legend=ice] span", "els => els.map(e => e.textContent)"
    )
    assert bands == ["15–50", "50–80", "80–100", "?"]
    assert "2026-09-01" in pg.inner_text("#map .legend .ice-date")
    assert pg.locator("#map .leaflet-control-scale-line").count() == 1
    assert pg.locator("#map .leaflet-labels-pane .zone-label").count() >= 7


def test_heavy_ice_toggle_draws_the_p90_field(context, server):  # noqa: F811
    pg = context()
    _open_link(pg, server)
    assert "median" in pg.inner_text("#map-caption")
    before = pg.locator("#map .leaflet-ice-pane path").count()
    pg.check("#show-p90")
    pg.wait_for_selector("#map-caption:has-text('p90')", timeout=30_000)
    assert pg.get_attribute("#map", "data-ice") == "2026-09-01"
    assert pg.locator("#map .leaflet-ice-pane path").count() > 0
    assert before > 0


def test_a_closed_date_shows_the_next_feasible_departure(context, server):  # noqa: F811
    import datetime as dt

    from typer.testing import CliRunner

    from arcticroute.cli.main import app as cli_app

    pg = context()
    pg.goto(server + "/?from=Shanghai&to=Rotterdam&date=2026-12-07")
    pg.wait_for_selector("#map path.ar-route[data-via=suez]", timeout=90_000)
    pg.wait_for_selector("#next-departure:not([hidden])", timeout=90_000)
    assert "NOT FEASIBLE" in pg.inner_text("#compare-table tr[data-via=nsr]")
    text = pg.inner_text("#next-departure")
    shown = dt.date.fromisoformat(re.search(r"\d{4}-\d\d-\d\d", text)[0])
    # the CLI's outlook for the same case; the season scan departs every few days
    args = ["compare", "Shanghai", "Rotterdam", "--date", "2026-12-07", "--format", "json"]
    res = CliRunner().invoke(cli_app, [*args, "--no-economics"])
    assert res.exit_code == 0, res.output
    outlook = json.loads(res.stdout)["verdicts"]["nsr"]["next_feasible_departure"]
    assert abs((shown - dt.date.fromisoformat(outlook)).days) <= 7, (shown, outlook)


def test_an_open_date_shows_no_next_departure(context, server):  # noqa: F811
    pg = context()
    _open_link(pg, server)
    assert "FEASIBLE" in pg.inner_text("#compare-table tr[data-via=nsr]")
    assert pg.locator("#next-departure").is_hidden()


def test_map_downloads_as_a_png_with_the_routes(context, server):  # noqa: F811
    from PIL import Image

    from arcticroute.plots.routemap import ROUTE_COLOURS

    pg = context(accept_downloads=True)
    _open_link(pg, server)
    with pg.expect_download() as d:
        pg.click("#dl-png")
    path = Path(d.value.path())
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    img = Image.open(path).convert("RGB")
    box = pg.locator("#map").bounding_box()
    assert abs(img.size[0] - box["width"]) <= 1 and abs(img.size[1] - box["height"]) <= 1
    counts = img.getcolors(maxcolors=1 << 22)
    for via in ("suez", "nsr"):  # the CLI's colours of the two routes
        rgb = tuple(int(ROUTE_COLOURS[via][i : i + 2], 16) for i in (1, 3, 5))
        dist = {c: max(abs(a - b) for a, b in zip(c, rgb, strict=True)) for _, c in counts}
        near = sum(n for n, c in counts if dist[c] < 13)
        # a route line across the map, not only the key's 20 x 3 px sample
        assert near > 400, (via, near)
    # the port markers (yellow dots) where the page draws them: layers aligned in the image
    dots = pg.eval_on_selector_all(
        "#map path[fill='#ffd400']",
        """els => els.map(e => { const r = e.getBoundingClientRect(),
            m = document.getElementById('map').getBoundingClientRect();
            return [r.left - m.left + r.width / 2, r.top - m.top + r.height / 2]; })""",
    )
    assert len(dots) == 2
    for x, y in dots:
        r, g, b = img.getpixel((round(x), round(y)))
        assert r > 230 and 190 < g < 230 and b < 40, (x, y, (r, g, b))  # #ffd400
    img.save("/tmp/arcticroute_web_map.png")


def test_print_view_keeps_the_results_and_drops_the_form(context, server):  # noqa: F811
    pg = context()
    _open_link(pg, server)
    pg.emulate_media(media="print")
    assert pg.locator("#voyage-form").is_hidden()
    assert pg.locator("#takeaway").is_hidden()
    assert pg.locator("#map").is_visible() and pg.locator("#compare-table").is_visible()
    assert pg.locator("#season-svg").is_visible()


def test_the_season_runs_as_a_job_with_a_progress_bar(context, server):  # noqa: F811
    # A year no other test asks for, so the server has not scanned it: the page posts the
    # job, shows its progress, then draws the season; a new comparison cancels nothing
    # it still needs (the same query joins the running job).
    pg = context(390, 844)
    asked = []
    pg.on("request", lambda r: asked.append((r.method, urlparse(r.url).path)))
    pg.goto(server + "/?from=Shanghai&to=Rotterdam&date=2029-09-01&ship=container_4500teu_arc4")
    pg.wait_for_selector("#season-progress", timeout=60_000)
    status = pg.text_content("#season-status")
    assert "Season scan" in status, status
    pg.wait_for_selector("#season-svg", timeout=120_000)
    assert pg.locator("#season-progress").count() == 0  # the chart replaced the bar
    assert ("POST", "/api/season") in asked
    assert any(m == "GET" and p.startswith("/api/jobs/") for m, p in asked)
    assert ("GET", "/api/season") not in asked
    assert pg.errors == []


def test_odds_are_shown_under_the_verdicts(context, server):  # noqa: F811
    pg = context()
    pg.goto(server + LINK.replace("2026-09-01", "2027-08-01") + "&odds=true")
    pg.wait_for_selector("#compare-table tr[data-via=nwp] .odds", timeout=90_000)
    assert pg.is_checked("#odds")
    shown = pg.eval_on_selector_all(
        "#compare-table tr .odds", "els => els.map(e => e.closest('tr').dataset.via)"
    )
    assert sorted(shown) == ["nsr", "nwp"]  # the variants compare looks ahead for
    en = _catalogue("en")
    text = pg.inner_text("#compare-table tr[data-via=nwp] .odds")
    head = en["odds_text"].split("{")[0]
    assert text.startswith(head) or text == en["odds_none"].replace("{span}", "2008–2017")
    assert pg.errors == []
