"""``arcticroute plan``: table, JSON (schema), CSV and PNG; one clear line on bad input."""

from __future__ import annotations

import json

import pytest
from conftest import require_module
from typer.testing import CliRunner

from arcticroute.analysis.planreport import PLAN_SCHEMA
from arcticroute.cli.main import app

runner = CliRunner()


def validate(data: dict) -> None:
    jsonschema = require_module("jsonschema")
    jsonschema.validate(data, PLAN_SCHEMA)


# An open-water Atlantic flow: fast, no ice on any corridor.
OPEN = ["plan", "--from", "Rotterdam", "--to", "New York:0.7,Santos:0.3", "--volume", "2e6",
        "--ship", "panamax_bulker", "--corridors", "auto", "--ice-source", "embedded"]  # fmt: skip


def run(*args):
    return runner.invoke(app, list(args))


def test_json_has_the_issue_keys_and_validates(tmp_path):
    out = tmp_path / "plan.json"
    res = run(*OPEN, "--format", "json", "--out", str(out))
    assert res.exit_code == 0, res.output
    data = json.loads(out.read_text())
    assert {"month", "corridor", "round_trip_days", "voyages", "volume"} <= set(data["months"][0])
    assert {"fuel_t", "co2_t", "co2e_t", "ets_usd", "canal_toll_usd", "icebreaker_fee_usd",
            "total_usd", "per_unit_usd"} <= set(data["annual"])  # fmt: skip
    assert data["baseline"]["corridor"] == "suez"
    assert isinstance(data["fleet_size"], int) and data["fleet_size"] >= 1
    assert not (tmp_path / "plan.json.parts").exists()  # removed once the file is written
    validate(data)


def test_several_years_json_csv_and_png(tmp_path):
    out = tmp_path / "plan.json"
    png = tmp_path / "plan.png"
    res = run(*OPEN, "--years", "2025-2026", "--workers", "1", "--format", "json",
              "--out", str(out), "--png", str(png))  # fmt: skip
    assert res.exit_code == 0, res.output
    data = json.loads(out.read_text())
    assert [y["year"] for y in data["years"]] == [2025, 2026]
    assert {"fleet_size", "nsr_share", "per_unit_usd", "light_year", "heavy_year"} <= set(
        data["summary"]
    )
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    validate(data)
    csv_out = tmp_path / "plan.csv"
    res = run(*OPEN, "--years", "2025-2026", "--workers", "1", "--format", "csv",
              "--out", str(csv_out))  # fmt: skip
    assert res.exit_code == 0, res.output
    lines = csv_out.read_text().splitlines()
    assert lines[0].startswith("year,month,destination,route,corridor")
    assert {ln.split(",")[0] for ln in lines[1:]} == {"2025", "2026"}


def test_corridor_months_and_objective_options(tmp_path):
    out = tmp_path / "p.json"
    res = run("plan", "--from", "Houston", "--to", "Shanghai", "--volume", "1e6", "--ship",
              "panamax_bulker", "--corridors", "panama,cape", "--corridor-months", "panama:5-6",
              "--objective", "time", "--ice-source", "embedded", "--format", "json",
              "--out", str(out))  # fmt: skip
    assert res.exit_code == 0, res.output
    by_month = {m["month"]: m["corridor"] for m in json.loads(out.read_text())["months"]}
    assert by_month[5] == "panama" and by_month[1] == "cape"
    res = run(*OPEN, "--corridor-months", "nsr:7")
    assert res.exit_code == 1 and "--corridor-months" in res.output


def test_table():
    res = run(*OPEN)
    assert res.exit_code == 0, res.output
    assert "fleet" in res.output and "all-suez plan" in res.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--volume", "0"], "volume must be a finite number > 0"),
        (["--volume", "-3"], "volume must be a finite number > 0"),
        (["--to", "New York:0.5,Santos:0.4"], "shares must sum to 1"),
        (["--to", "New York:0.5,Santos"], "give every destination a share"),
        (["--hub", "Atlantis Harbour"], "unknown hub"),
        (["--years", "2030-2020"], "bad years"),
        (["--format", "xml"], "--format must be table, json or csv"),
        (["--ship", "no_such_ship"], "no_such_ship"),
    ],
)
def test_bad_input_one_line_exit_1(args, message):
    base = [a for a in OPEN]
    for flag, value in zip(args[::2], args[1::2], strict=True):
        if flag in base:
            base[base.index(flag) + 1] = value
        else:
            base += [flag, value]
    res = runner.invoke(app, base)
    assert res.exit_code == 1, res.output
    lines = [ln for ln in res.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), res.output
    assert message in lines[0]
