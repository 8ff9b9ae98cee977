"""The command line, the Python API and the web API give the same distances, hours and
verdicts for the same inputs and date (issue: one ice default; ten cases)."""

from __future__ import annotations

import json
import warnings

import pytest
from typer.testing import CliRunner

from arcticroute import routing
from arcticroute.analysis import report
from arcticroute.cli.main import app as cli_app
from arcticroute.vessel.ships import get_ship
from arcticroute.web import create_app

with warnings.catch_warnings():  # starlette's testclient warns about its httpx backend
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ARC4, ARC7 = "container_4500teu_arc4", "lng_arc7_yamalmax"
CASES = [
    ("Shanghai", "Rotterdam", "2026-09-01", ARC4),
    ("Busan", "Hamburg", "2026-08-15", ARC7),
    ("Yokohama", "Rotterdam", "2026-10-01", ARC4),
    ("Dalian", "Hamburg", "2026-12-07", ARC4),
    ("Shanghai", "Rotterdam", "2027-03-01", ARC7),
    ("Tianjin", "Rotterdam", "2026-07-15", ARC4),
    ("Kitakyushu", "Hamburg", "2026-09-20", ARC7),
    ("Busan", "Rotterdam", "2026-11-10", ARC4),
    ("Shanghai", "Hamburg", "2026-06-01", "panamax_bulker"),
    ("Rotterdam", "Hamburg", "2026-08-01", ARC4),
]


@pytest.fixture(autouse=True)
def _embedded(monkeypatch):
    monkeypatch.delenv("ARCTICROUTE_DATA_DIR", raising=False)


@pytest.fixture(scope="module")
def web():
    with TestClient(create_app()) as c:
        yield c


def _summary(doc: dict) -> dict:
    routes = {r["via"]: (r["distance_nm"], r["duration_h"]) for r in doc["routes"]}
    verdicts = {v: d["feasible"] for v, d in doc["verdicts"].items()}
    return {"routes": routes, "verdicts": verdicts, "ice": doc["ice_considered"]}


@pytest.mark.parametrize(("origin", "to", "date", "ship"), CASES)
def test_cli_python_and_web_agree(web, origin, to, date, ship):
    c = routing.compare(origin, to, ship=get_ship(ship), date=date)
    py = _summary(report.comparison_to_dict(c, get_ship(ship)))
    args = ["compare", origin, to, "--date", date, "--ship", ship, "--format", "json"]
    res = CliRunner().invoke(cli_app, [*args, "--no-economics", "--no-outlook"])
    assert res.exit_code == 0, res.output
    cli = _summary(json.loads(res.stdout))
    r = web.get("/api/compare", params={"from": origin, "to": to, "date": date, "ship": ship})
    assert r.status_code == 200, r.text
    assert py == cli == _summary(r.json())
    assert py["ice"] is True and py["routes"]
