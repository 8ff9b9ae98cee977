import json

import pytest
from typer.testing import CliRunner

from arcticroute.cli.main import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(args))


def test_compare_table():
    res = run("compare", "Shanghai", "Rotterdam", "--no-ice")
    assert res.exit_code == 0, res.output
    for word in ("suez", "cape", "nsr", "nwp", "Suez", "sea ice not considered"):
        assert word in res.output
    # the shortest sea route from Shanghai to Rotterdam is the Suez route: one row, not two
    assert "direct = suez" in res.stdout
    assert not any(ln.startswith("│ suez ") for ln in res.stdout.splitlines())


def test_compare_table_with_ice(monkeypatch):
    monkeypatch.delenv("ARCTICROUTE_DATA_DIR", raising=False)
    res = run("compare", "Shanghai", "Rotterdam", "--date", "2024-03-15", "--no-economics")
    assert res.exit_code == 0, res.output
    assert "sea ice not considered" not in res.output
    for word in ("suez", "nsr departing 2024-03-15", "NOT FEASIBLE", "reason", "transpolar"):
        assert word in res.output


def test_compare_without_any_route_says_why_each_corridor_gives_none(monkeypatch):
    """Murmansk -> Sabetta in March for a ship without ice class: the NSR Rules admit none
    to the Kara Sea before July (appendix, section 1), and the table still says why Suez,
    the Cape, Panama... give no route either."""
    monkeypatch.delenv("ARCTICROUTE_DATA_DIR", raising=False)
    res = run(
        "compare", "Murmansk", "Sabetta", "--date", "2026-03-01", "--ship", "panamax_bulker",
        "--no-outlook",
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "NOT FEASIBLE" in res.stdout
    # one line for every corridor that does not apply (each one's reason in the JSON)
    line = next(ln for ln in res.stdout.splitlines() if ln.startswith("does not apply:"))
    assert all(via in line for via in ("suez", "cape", "panama"))


def test_compare_json_and_csv():
    res = run("compare", "Busan", "Hamburg", "--format", "json", "--speed-kn", "15", "--no-ice")
    doc = json.loads(res.stdout)
    assert doc["from"]["locode"] == "KRPUS" and doc["speed_kn"] == 15
    res = run("compare", "Busan", "Hamburg", "--format", "csv", "--no-ice")
    assert res.stdout.splitlines()[0].startswith("from,from_locode,to")
    assert len(res.stdout.splitlines()) == 7  # header, the direct route, five corridors


def test_route_geojson_to_file(tmp_path):
    out = tmp_path / "r.geojson"
    res = run(
        "route", "横浜", "NLRTM", "--via", "nsr", "--no-ice", "--format", "geojson", "-o", str(out)
    )
    assert res.exit_code == 0, res.output
    fc = json.loads(out.read_text())
    assert fc["features"][0]["properties"]["via"] == "nsr"
    assert not list(tmp_path.glob("*.part"))


def test_route_with_ship_preset_uses_its_speed():
    res = run("route", "Shanghai", "Rotterdam", "--ship", "panamax_bulker", "--format", "json")
    doc = json.loads(res.stdout)
    assert doc["speed_kn"] == pytest.approx(14.6)
    assert doc["ship"]["ice_class"] == "none"


def test_route_with_ship_file(tmp_path):
    f = tmp_path / "ship.toml"
    f.write_text('base = "panamax_bulker"\nname = "My bulker"\ndesign_speed_kn = 11.0\n')
    res = run("route", "Shanghai", "Rotterdam", "--ship", str(f), "--format", "json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["speed_kn"] == 11.0


def test_map_png(tmp_path):
    out = tmp_path / "map.png"
    res = run("compare", "Dalian", "Hamburg", "--map", str(out), "--no-ice")
    assert res.exit_code == 0, res.output
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert out.stat().st_size > 20_000


def test_ports_and_ships_lists():
    res = run("ports", "search", "釜山")
    assert res.exit_code == 0 and "KRPUS" in res.output
    res = run("ports", "search", "tiksi", "--format", "json")
    assert json.loads(res.stdout)[0]["name"] == "Tiksi"
    res = run("ships", "list", "--format", "json")
    assert {s["ice_class"] for s in json.loads(res.stdout)} >= {"none", "Arc4", "Arc7"}
    res = run("ships", "list")
    assert "lng_arc7_yamalmax" in res.output


def test_assumptions_listed():
    res = run("assumptions", "--format", "json")
    keys = [a["key"] for a in json.loads(res.stdout)]
    assert "iceclass.equivalence.Ice2.FSICR" in keys


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("route", "Shanghai", "Rotterdm"), "did you mean: Rotterdam"),
        (("route", "Shanghai", "Rotterdam", "--via", "arctic"), "use one of"),
        (("route", "Shanghai", "48.85,2.35"), "on land"),
        (("route", "Shanghai", "95,10"), "latitude"),
        (("route", "Rotterdam", "Hamburg", "--via", "suez"), "no route from"),
        (("compare", "Shanghai", "Rotterdam", "--ship", "titanic"), "unknown ship"),
        (("compare", "Shanghai", "Rotterdam", "--ship", "/nonexistent/ship.toml"), "ship.toml"),
        (("compare", "Shanghai", "Rotterdam", "--speed-kn", "0"), "speed_kn"),
    ],
)
def test_bad_input_one_line_no_traceback(args, message):
    res = run(*args)
    assert res.exit_code == 1
    assert "Traceback" not in res.output
    err = res.stderr.strip()
    assert err.startswith("error: ") and "\n" not in err
    assert message.lower() in err.lower()


def test_bad_assumptions_file(tmp_path):
    f = tmp_path / "a.toml"
    f.write_text("[nope]\nvalue = 1\n")
    res = run("--assumptions", str(f), "ships", "list")
    assert res.exit_code == 1 and "unknown assumption" in res.stderr


def test_compare_costs_json_and_chart(tmp_path):
    chart = tmp_path / "costs.png"
    res = run(
        "compare",
        "Yokohama",
        "Sabetta",
        "--ship",
        "lng_arc7_yamalmax",
        "--date",
        "2026-08-01",
        "--trip",
        "round_trip",
        "--format",
        "json",
        "--cost-chart",
        str(chart),
        "--no-ice",
    )
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    econ = {r["via"]: r["economics"] for r in doc["routes"]}
    assert econ["nsr"]["trip"] == "round_trip" and econ["nsr"]["per_m3_usd"] > 0
    assert econ["suez"]["costs"]["canal_toll_usd"] > 0
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_no_economics_and_table_costs():
    res = run("compare", "Busan", "Hamburg", "--no-economics", "--format", "json")
    assert all("economics" not in r for r in json.loads(res.stdout)["routes"])
    res = run("compare", "Busan", "Hamburg", "--date", "2026-09-01")
    assert res.exit_code == 0 and "cost M$" in res.output and "$/TEU" in res.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--date", "2026-13-01"), "'2026-13-01' is not a day of the calendar; give YYYY-MM-DD"),
        (("--date", "20130101"), "--date must be YYYY-MM-DD"),
        (("--date", ""), "--date must be YYYY-MM-DD"),
        (("--date", "9999-12-31"), "outside 1979-2100"),
        (("--bunker-usd-per-t", "inf"), "--bunker-usd-per-t must be a finite number"),
        (("--bunker-usd-per-t", "1e308"), "--bunker-usd-per-t must be from 0 to 100000"),
        (("--ets-eur-per-t", "nan"), "--ets-eur-per-t must be a finite number"),
        (("--trip", "weekly"), "trip must be one of"),
        (("--load-factor", "0"), "--load-factor must be above 0"),
        (("--no-economics", "--cost-chart", "x.png"), "--cost-chart needs the economics"),
    ],
)
def test_bad_economics_options(args, message):
    res = run("compare", "Shanghai", "Rotterdam", *args)
    assert res.exit_code == 1 and message in res.stderr and "Traceback" not in res.output


def test_price_options_change_the_costs():
    def total(*extra):
        res = run(
            "route", "Shanghai", "Rotterdam", "--date", "2026-09-01", "--format", "json", *extra
        )
        assert res.exit_code == 0, res.output
        return json.loads(res.stdout)["routes"][0]["economics"]["costs"]

    base = total()
    dear = total("--bunker-usd-per-t", "1000", "--ets-eur-per-t", "150")
    assert dear["fuel_usd"] > base["fuel_usd"] and dear["ets_usd"] > base["ets_usd"]
    res = run("route", "Shanghai", "Rotterdam", "--bunker-usd-per-t", "-5")
    assert res.exit_code == 1 and "must be from 0 to 100000" in res.stderr


def test_data_commands(shared_data, tmp_path, monkeypatch):
    monkeypatch.setenv("ARCTICROUTE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("ARCTICROUTE_DATA_DIR", str(shared_data / "nsidc-psn25-grid-ancillary"))
    res = run("data", "list", "--format", "json")
    assert res.exit_code == 0 and any(r["pinned"] for r in json.loads(res.stdout))
    res = run("data", "download", "psn25_north_grid_ancillary.nc")
    assert res.exit_code == 0 and "offline" in res.stdout
    res = run("data", "verify")
    assert res.exit_code == 0
    res = run("data", "download", "no_such_file.nc")
    assert res.exit_code == 1 and "error" in res.stderr and "Traceback" not in res.output


def test_ice_show_climatology_and_observed(shared_data, tmp_path, monkeypatch):
    png = tmp_path / "ice.png"
    res = run("ice", "show", "2030-09-15", "--region", "nsr", "-o", str(png))
    assert res.exit_code == 0, res.output
    assert "climatology (median of 2008-2017)" in res.stdout
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    monkeypatch.setenv("ARCTICROUTE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("ARCTICROUTE_DATA_DIR", str(shared_data / "nsidc-g02202-v3-monthly-nh"))
    res = run("ice", "show", "2012-09-15", "--source", "g02202", "--no-climatology", "-o", str(png))
    assert res.exit_code == 0 and "observed" in res.stdout
    # September 2012, the record minimum: 4.32 million km2 in the CDR monthly field.
    assert "extent 4.3" in res.stdout


def test_ice_extent_series(shared_data, tmp_path, monkeypatch):
    monkeypatch.setenv("ARCTICROUTE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("ARCTICROUTE_DATA_DIR", str(shared_data / "nsidc-g02202-v3-monthly-nh"))
    png = tmp_path / "s.png"
    res = run(
        "ice",
        "extent",
        "--years",
        "2012-2012",
        "--region",
        "Kara",
        "--format",
        "json",
        "--out",
        str(png),
    )
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert len(rows) == 12 and rows[8]["date"] == "2012-09-01"
    assert rows[8]["extent_mkm2"] < rows[2]["extent_mkm2"]  # September below March
    assert png.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("ice", "extent", "--years", "2020-2021"), "covers 1989-2017"),
        (("ice", "extent", "--years", "2010"), "--years must be A-B"),
        (("ice", "show", "2012-13-01", "-o", "x.png"), "'2012-13-01' is not a day of the"),
        (("ice", "show", "2012-09-01", "--source", "osisaf", "-o", "x.png"), "source"),
        (("ice", "show", "2012-09-01", "--region", "baltic", "-o", "x.png"), "map window"),
    ],
)
def test_ice_bad_input(args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = run(*args)
    assert res.exit_code == 1 and message in res.stderr and "Traceback" not in res.output
    assert not (tmp_path / "x.png").exists()


def test_ice_extent_daily(shared_data, tmp_path, monkeypatch):
    monkeypatch.setenv("ARCTICROUTE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv(
        "ARCTICROUTE_DATA_DIR", str(shared_data / "nsidc-seaiceindex-daily-conc-2025")
    )
    res = run("ice", "extent", "--daily", "--years", "2025-2025", "--format", "csv")
    assert res.exit_code == 0, res.output
    lines = res.stdout.strip().splitlines()
    assert lines[0] == "date,extent_mkm2,area_mkm2,source" and len(lines) == 161


def test_ships_template_loads_as_a_ship_file(tmp_path):
    """The README's `--ship my_ship.toml` works from `ships template > my_ship.toml`."""
    from arcticroute.vessel.ships import Ship, load_ship

    res = run("ships", "template")
    assert res.exit_code == 0, res.output
    f = tmp_path / "my_ship.toml"
    f.write_text(res.stdout)
    ship = load_ship(f)
    assert ship.name == "My ship" and ship.ice_class.value == "Arc4"
    for field in Ship.model_fields:  # every field a user may give is listed
        if field not in ("slug", "assumptions"):
            assert f"# {field} " in res.stdout, field
    res = run("route", "Shanghai", "Rotterdam", "--ship", str(f), "--no-ice", "--format", "json")
    assert res.exit_code == 0 and json.loads(res.stdout)["ship"]["name"] == "My ship"


def test_python_api_takes_a_ship_as_preset_name_object_or_file(tmp_path):
    import arcticroute as ar

    f = tmp_path / "slow.toml"
    f.write_text('base = "panamax_bulker"\nname = "Slow bulker"\ndesign_speed_kn = 10.0\n')
    by_file = ar.route("Shanghai", "Rotterdam", via="suez", ship=f)
    by_text = ar.route("Shanghai", "Rotterdam", via="suez", ship=str(f))
    by_obj = ar.route("Shanghai", "Rotterdam", via="suez", ship=ar.load_ship(f))
    assert by_file.speed_kn == by_text.speed_kn == by_obj.speed_kn == 10.0
    assert ar.route("Shanghai", "Rotterdam", via="suez", ship="panamax_bulker").speed_kn == 14.6
