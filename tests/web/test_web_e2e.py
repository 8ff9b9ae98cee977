"""The web page end to end in headless Chromium (Debian's ``chromium`` package, no download).

Starts the app under uvicorn on 127.0.0.1 (a free port, in a thread), loads the
page with Playwright for Python driving ``/usr/bin/chromium``, compares
Shanghai -> Rotterdam with the Arc4 preset in September and checks what a
person would see: the Suez and NSR routes on the map and in the table, the ice
of the date, the season chart; in late October the escorted segments and zones. Saves
screenshots (``/tmp/arcticroute_web.png`` too). Without Chromium or Playwright
the tests skip with the reason, except when CI=true, where they fail.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
from conftest import unavailable

CHROMIUM = Path(os.environ.get("ARCTICROUTE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT = Path("/tmp/arcticroute_web.png")


def _require(ok: bool, why: str) -> None:
    if not ok:
        unavailable(why + " (apt-get install -y chromium)")


@pytest.fixture(scope="module")
def browser():
    _require(CHROMIUM.exists(), f"no Chromium at {CHROMIUM} (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _require(False, "playwright (Python) is not installed: pip install -e '.[dev]'")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server():
    import uvicorn

    from arcticroute.web import create_app

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(warm=True), log_level="warning", lifespan="on")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    pg = context.new_page()
    pg.foreign = []
    pg.errors = []
    pg.on(
        "request",
        lambda r: None if r.url.startswith((server, "data:")) else pg.foreign.append(r.url),
    )
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


def _compare(pg, date: str, ship: str = "container_4500teu_arc4") -> None:
    pg.fill("#from", "Shanghai")
    pg.fill("#to", "Rotterdam")
    pg.fill("#date", date)
    pg.select_option("#ship", ship)
    pg.click("#submit")
    pg.wait_for_selector("#map path[data-via=nsr]", timeout=60_000)
    pg.wait_for_selector("#season-svg", timeout=60_000)
    pg.wait_for_function("!document.querySelector('#submit').disabled", timeout=60_000)


def test_compare_shanghai_rotterdam_on_the_map(page, server, tmp_path):
    t0 = time.perf_counter()
    page.goto(server + "/")
    page.wait_for_selector("#map[data-land=drawn]", timeout=15_000)
    page.wait_for_selector("#ship option[value=container_4500teu_arc4]", state="attached")
    usable_s = time.perf_counter() - t0
    assert usable_s < 10  # the benchmark measures it; here only a gross regression
    _compare(page, "2026-09-01")

    vias = page.eval_on_selector_all(
        "#map path.ar-route", "els => [...new Set(els.map(e => e.dataset.via))]"
    )
    assert {"suez", "nsr"} <= set(vias)
    assert page.get_attribute("#map", "data-ice") == "2026-09-01"
    assert page.locator("#map .leaflet-ice-pane path").count() > 10
    assert page.locator("#map .leaflet-land-pane path").count() >= 1
    assert page.locator("#map .leaflet-zones-pane path[data-zone]").count() >= 7
    assert page.locator(".views button.active").inner_text() == "Polar"

    rows = page.eval_on_selector_all(
        "#compare-table tbody tr", "els => els.map(e => e.dataset.via)"
    )
    assert rows[:5] == ["auto", "suez", "cape", "panama", "nsr"]  # the direct route first
    assert "FEASIBLE" in page.inner_text("#compare-table tr[data-via=nsr]")
    assert "FEASIBLE" in page.inner_text("#compare-table tr[data-via=nwp]")
    zones = page.eval_on_selector_all("table.zones[data-via=nsr] tbody tr", "els => els.length")
    assert zones == 6
    bars = page.locator("#season-svg rect[data-feasible=true]")
    assert bars.count() >= 2
    open_days = page.eval_on_selector_all(
        "#season-svg rect[data-feasible=true]", "els => els.map(e => e.dataset.departure)"
    )
    # the NSR is open in early September in every year of the record (voyages.md)
    assert any("2026-08-25" <= d <= "2026-09-08" for d in open_days), open_days

    shot = tmp_path / "arcticroute_web.png"
    page.screenshot(path=str(shot), full_page=True)
    shutil.copyfile(shot, SCREENSHOT)
    assert page.foreign == [], f"requests to other hosts: {page.foreign}"
    assert page.errors == []


def test_escort_segments_and_zones_in_late_october(page, server, tmp_path):
    page.goto(server + "/")
    page.wait_for_selector("#map[data-land=drawn]", timeout=15_000)
    _compare(page, "2026-10-25")
    assert page.locator("#map path.ar-escort[data-escort=nsr]").count() >= 1
    escorted = page.eval_on_selector_all(
        "#map .leaflet-zones-pane path[data-escort=true]", "els => els.map(e => e.dataset.zone)"
    )
    assert {"2", "3"} <= set(escorted)
    assert "escort in zone(s)" in page.inner_text("#compare-table tr[data-via=nsr]")
    page.screenshot(path=str(tmp_path / "escort.png"), full_page=True)
    shutil.copyfile(tmp_path / "escort.png", SCREENSHOT.with_name("arcticroute_web_escort.png"))
    page.click("#view-world")
    page.wait_for_selector(".views button.active[data-view=world]")
    assert page.locator("#map path.ar-route[data-via=suez]").count() >= 1
    assert page.errors == []


def test_unknown_port_offers_suggestions_and_autocomplete(page, server):
    page.goto(server + "/")
    page.wait_for_selector("#map[data-land=drawn]", timeout=15_000)
    page.fill("#to", "Rotterdm")
    page.fill("#date", "2026-09-01")
    page.click("#submit")
    page.wait_for_selector("#status.error .suggest", timeout=30_000)
    assert "unknown port 'Rotterdm'" in page.inner_text("#status")
    page.click("#status .suggest >> text=Rotterdam (NLRTM)")
    assert page.input_value("#to") == "Rotterdam (NLRTM)"
    page.fill("#from", "")
    page.type("#from", "Busa", delay=20)
    page.wait_for_selector("#from-list option[value='Busan (KRPUS)']", state="attached")
