"""Route matrices: equal to single routes, resumable, the same on Dask, clear on bad input."""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import signal
import subprocess
import sys
import time

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import typer
from typer.testing import CliRunner

from arcticroute import assumptions
from arcticroute.analysis import matrix
from arcticroute.cli.matrix import matrix_command
from arcticroute.economics.costs import EconomicsOptions, voyage_economics
from arcticroute.errors import UnknownPortError, UnknownShipError
from arcticroute.routing.planner import IceOptions, route
from arcticroute.routing.voyage import IceRouteInfeasible, ice_route
from arcticroute.vessel.ships import get_ship

ORIGINS = ("Shanghai", "Busan")
DESTINATIONS = ("Rotterdam", "Sabetta")  # Sabetta lies inside the NSR: joins the mesh directly
# late-month summer departures whose passage runs into the next month (trees of
# more than one search), a winter one (closed) and mid-season ones
DATES = ("2013-03-10", "2013-08-10", "2013-08-26", "2013-09-23", "2013-10-21")
SHIPS = ("container_4500teu_arc4", "multipurpose_19000dwt_arc4")
VARIANTS = ("nsr", "transpolar", "suez", "cape")
KEY = ["date", "ship", "via", "origin", "destination"]


@pytest.fixture(autouse=True)
def _embedded(monkeypatch):
    """The shipped climatology only (a developer's ARCTICROUTE_DATA_DIR must not leak in)."""
    monkeypatch.delenv("ARCTICROUTE_DATA_DIR", raising=False)


@pytest.fixture(scope="module")
def result():
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("ARCTICROUTE_DATA_DIR", raising=False)
        plan = matrix.plan_matrix(ORIGINS, DESTINATIONS, DATES, SHIPS, VARIANTS)
        table = pa.concat_tables([matrix.matrix_chunk(plan, i, k) for i, k in plan.chunks()])
    return plan, table.to_pandas()


def _row(df, origin, destination, date, ship, via):
    rows = df[
        (df.origin == origin)
        & (df.destination == destination)
        & (df.date == dt.date.fromisoformat(date))
        & (df.ship == ship)
        & (df.via == via)
    ]
    assert len(rows) == 1
    return rows.iloc[0]


# --- dates --------------------------------------------------------------------------------


def test_parse_dates_lists_ranges_and_steps():
    assert matrix.parse_dates("2013-01-03, 2013-01-01") == (
        dt.date(2013, 1, 1),
        dt.date(2013, 1, 3),
    )
    days = matrix.parse_dates("2013-01-01..2013-12-31")
    assert len(days) == 365 and days[-1] == dt.date(2013, 12, 31)
    assert matrix.parse_dates("2013-01-01..2013-01-20/7,2013-01-08") == (
        dt.date(2013, 1, 1),
        dt.date(2013, 1, 8),
        dt.date(2013, 1, 15),
    )
    assert len(matrix.parse_dates("2024-02-01..2024-03-01/1d")) == 30


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("2013-13-01", "'2013-13-01' is not a day of the calendar"),
        ("2013-02-01..2013-01-01", "2013-01-01 is before 2013-02-01"),
        ("2013-01-01..2013-02-01/0", "bad step '0'"),
        ("2013-01-01..2013-02-01/x", "bad step 'x'"),
        (" , ", "no dates"),
    ],
)
def test_parse_dates_bad_input(text, match):
    with pytest.raises(matrix.MatrixError, match=match):
        matrix.parse_dates(text)


# --- equality with single routes ----------------------------------------------------------

# (origin, destination, date, ship, via): feasible and closed passages, a port inside
# the NSR, the two-tree Transpolar variant and trees reaching into the next month
SAMPLE = [
    ("Shanghai", "Rotterdam", "2013-08-10", SHIPS[0], "nsr"),
    ("Shanghai", "Rotterdam", "2013-10-21", SHIPS[0], "nsr"),  # escorted in two zones
    ("Busan", "Sabetta", "2013-08-10", SHIPS[0], "nsr"),
    ("Shanghai", "Rotterdam", "2013-08-26", SHIPS[0], "nsr"),  # passage runs into September
    ("Busan", "Sabetta", "2013-08-26", SHIPS[0], "nsr"),
    ("Busan", "Rotterdam", "2013-09-23", SHIPS[0], "nsr"),  # closed, into October
    ("Shanghai", "Sabetta", "2013-10-21", SHIPS[1], "nsr"),
    ("Shanghai", "Rotterdam", "2013-03-10", SHIPS[1], "nsr"),
    ("Busan", "Rotterdam", "2013-08-10", SHIPS[1], "nsr"),  # closed by the NSR rules
    ("Shanghai", "Rotterdam", "2013-08-10", SHIPS[0], "transpolar"),
]


@pytest.mark.parametrize("case", SAMPLE, ids=["-".join(c[:3]) + "-" + c[4] for c in SAMPLE])
def test_ice_rows_equal_ice_route(result, case):
    _, df = result
    origin, destination, date, ship_name, via = case
    row = _row(df, *case)
    ship = get_ship(ship_name)
    try:
        r = ice_route(origin, destination, ship, date, via)
    except IceRouteInfeasible as exc:
        assert not row.feasible
        assert row.reason == "; ".join(exc.verdict.reasons)
        assert row.ice_source == exc.verdict.ice_source
        assert math.isnan(row.hours) and math.isnan(row.total_usd)
        return
    assert row.feasible and row.reason == ""
    # the same operations on the same floats: equal to rounding (1e-12 relative)
    assert row.hours == pytest.approx(r.duration_h, rel=1e-12)
    assert row.distance_nm == pytest.approx(r.distance_nm, rel=1e-12)
    assert row.escort_zones == len(r.ice.escort_zones)
    assert row.ice_source == r.ice.ice_source
    econ = voyage_economics(r, ship, EconomicsOptions(date=dt.date.fromisoformat(date)))
    assert row.fuel_t == pytest.approx(sum(econ.fuel_t.values()), rel=1e-12)
    assert row.co2_t == pytest.approx(econ.co2_t, rel=1e-12)
    assert row.total_usd == pytest.approx(econ.total_usd, rel=1e-12)


def test_sample_covers_both_verdicts_and_escort(result):
    _, df = result
    rows = [_row(df, *c) for c in SAMPLE]
    assert {bool(r.feasible) for r in rows} == {True, False}
    assert any(r.escort_zones > 0 for r in rows)


def _assert_row_is_route(row, r_or_exc, ship, day):
    if isinstance(r_or_exc, Exception):
        v = getattr(r_or_exc, "verdict", None)
        assert not row["feasible"]
        if v is not None:
            assert row["reason"] == "; ".join(v.reasons)
            assert row["ice_source"] == v.ice_source
        return
    r = r_or_exc
    assert row["feasible"], row["reason"]
    assert row["hours"] == pytest.approx(r.duration_h, rel=1e-12)
    assert row["distance_nm"] == pytest.approx(r.distance_nm, rel=1e-12)
    assert row["escort_zones"] == (len(r.ice.escort_zones) if r.ice else 0)
    assert row["ice_source"] == (r.ice.ice_source if r.ice else "")
    econ = voyage_economics(r, ship, EconomicsOptions(date=day))
    assert row["total_usd"] == pytest.approx(econ.total_usd, rel=1e-9)


def _route_or_error(o, d, via, ship, day, source):
    try:
        return route(
            o, d, via=via, ship=ship, date=day, ice=IceOptions(source=source, heavy_ice=False)
        )
    except Exception as exc:
        return exc


@pytest.mark.parametrize(
    ("source", "day"),
    [("auto", "2013-08-26"), ("g02202", "2012-09-20"), ("cmip6", "2020-09-15")],
    ids=["climatology", "observed", "cmip6"],
)
def test_rows_equal_route_on_every_ice_source(request, source, day):
    """Matrix rows are route() results for climatology, observed and CMIP6 ice."""
    if source != "auto":
        shared = request.getfixturevalue("shared_data")
        request.getfixturevalue("monkeypatch").setenv("ARCTICROUTE_DATA_DIR", str(shared))
        if source == "cmip6":
            (path,) = sorted((shared / "cmip6-canesm5-siconc-ssp245-2020").glob("*.nc"))
            source = f"cmip6:{path}"
    ship = get_ship(SHIPS[0])
    when = dt.date.fromisoformat(day)
    plan = matrix.plan_matrix(
        ["Busan"], ["Rotterdam", "Sabetta"], [when], [ship], ["nsr", "suez"], source=source
    )
    rows = matrix.matrix_chunk(plan, 0, 0).to_pylist()
    kinds = set()
    for row in rows:
        r = _route_or_error(row["origin"], row["destination"], row["via"], ship, when, source)
        _assert_row_is_route(row, r, ship, when)
        kinds.add(row["ice_source"])
    expected = {"auto": "extent", "g02202": "observed"}.get(source[:6], "projection")
    assert expected in kinds


@pytest.mark.parametrize("destination", DESTINATIONS)
def test_lane_rows_equal_route_and_economics(result, destination):
    """Sabetta: the lanes end in NSR waters, charged escort as voyage_economics does."""
    _, df = result
    for origin in ORIGINS:
        for via in ("suez", "cape"):
            row = _row(df, origin, destination, "2013-08-10", SHIPS[0], via)
            ship = get_ship(SHIPS[0])
            day = dt.date(2013, 8, 10)
            r = route(
                origin, destination, via=via, ship=ship, date=day, ice=IceOptions(heavy_ice=False)
            )
            assert row.feasible and row.distance_nm == pytest.approx(r.distance_nm, rel=1e-12)
            assert row.hours == pytest.approx(r.duration_h, rel=1e-12)
            econ = voyage_economics(r, ship, EconomicsOptions(date=day))
            assert row.total_usd == pytest.approx(econ.total_usd, rel=1e-9)
            assert row.fuel_t == pytest.approx(sum(econ.fuel_t.values()), rel=1e-9)
            assert row.escort_zones == econ.escort_zones
            # Sabetta lies on the mesh: the corridor's last stretch is judged on the ice
            assert (row.ice_source != "") == (destination == "Sabetta")


def test_table_is_tidy(result):
    plan, df = result
    assert list(df.columns) == list(matrix.COLUMNS)
    assert len(df) == plan.n_routes == 2 * 2 * 5 * 2 * 4
    assert not df.duplicated(KEY).any()
    # a route with no feasible verdict says why; a feasible one is costed
    assert (df.reason[~df.feasible] != "").all() and (df.reason[df.feasible] == "").all()
    costed = df.feasible & (df.cost_note == "")
    assert df.total_usd[costed].notna().all() and df.total_usd[~costed].isna().all()
    # in March the Kara Sea is judged on its ice, via Suez as through the NSR
    winter = _row(df, "Busan", "Sabetta", "2013-03-10", SHIPS[1], "suez")
    assert winter.ice_source == "extent" and not winter.feasible and winter.reason
    # every month of 2013 has a shipped Sea Ice Index outline
    assert set(df.ice_source[df.via.isin(["nsr", "transpolar"])]) == {"extent"}
    # Sabetta: no lane leg after the passage, so shorter than to Rotterdam
    s = _row(df, "Busan", "Sabetta", "2013-08-10", SHIPS[0], "nsr")
    r = _row(df, "Busan", "Rotterdam", "2013-08-10", SHIPS[0], "nsr")
    assert s.feasible and r.feasible and s.distance_nm < r.distance_nm


def test_hfo_ban_is_costed_after_july_2024():
    """From 1 July 2024 an HFO-like fuel is switched in Arctic waters, as voyage_economics does."""
    day = dt.date(2024, 9, 5)
    ship = get_ship(SHIPS[0]).model_copy(update={"protected_fuel_tanks": False})
    plan = matrix.plan_matrix(["Busan"], ["Rotterdam", "Sabetta"], [day], [ship], ["nsr", "suez"])
    rows = matrix.matrix_chunk(plan, 0, 0).to_pylist()
    routes = [
        ice_route("Busan", "Rotterdam", ship, day),
        ice_route("Busan", "Sabetta", ship, day),
        route("Busan", "Rotterdam", via="suez", ship=ship, date=day),
        route("Busan", "Sabetta", via="suez", ship=ship, date=day),  # into the Kara Sea
    ]
    switched = 0
    for row, r in zip(rows, routes, strict=True):
        econ = voyage_economics(r, ship, EconomicsOptions(date=day))
        switched += econ.hfo_switch_nm > 0
        assert row["fuel_t"] == pytest.approx(sum(econ.fuel_t.values()), rel=1e-9)
        assert row["total_usd"] == pytest.approx(econ.total_usd, rel=1e-9)
    assert switched == 3


def test_panama_rows_of_an_lng_carrier_pay_its_toll():
    """A matrix row through Panama costs what voyage_economics gives, the LNG toll included."""
    day = dt.date(2026, 3, 2)
    ship = get_ship("lng_arc7_yamalmax")
    plan = matrix.plan_matrix(["Sabine Pass"], ["Tokyo"], [day], [ship], ["panama", "suez"])
    rows = matrix.matrix_chunk(plan, 0, 0).to_pylist()
    for row in rows:
        r = route("Sabine Pass", "Tokyo", via=row["via"], ship=ship, date=day)
        econ = voyage_economics(r, ship, EconomicsOptions(date=day))
        assert row["total_usd"] == pytest.approx(econ.total_usd, rel=1e-9)
        assert econ.costs["canal_toll_usd"] > 0


def test_a_suez_row_of_a_ship_without_scnt_says_why_it_is_not_costed():
    day = dt.date(2026, 3, 2)
    ship = get_ship("panamax_bulker").model_copy(update={"scnt": None})
    plan = matrix.plan_matrix(["Shanghai"], ["Rotterdam"], [day], [ship], ["suez", "cape"])
    suez, cape = matrix.matrix_chunk(plan, 0, 0).to_pylist()
    assert "no Suez Canal net tonnage (scnt)" in suez["cost_note"]
    assert math.isnan(suez["total_usd"])
    assert cape["cost_note"] == "" and cape["total_usd"] > 0


# --- bad input ------------------------------------------------------------------------------


def test_plan_bad_input():
    with pytest.raises(UnknownPortError, match=r"destinations: unknown port 'Rotterdm'.*Rotterdam"):
        matrix.plan_matrix(["Busan"], ["Rotterdm"], "2013-08-01", [SHIPS[0]])
    with pytest.raises(matrix.MatrixError, match=r"unknown variant 'arctic'.*nsr"):
        matrix.plan_matrix(["Busan"], ["Rotterdam"], "2013-08-01", [SHIPS[0]], ["arctic"])
    with pytest.raises(matrix.MatrixError, match="ship given twice"):
        matrix.plan_matrix(["Busan"], ["Hamburg"], "2013-08-01", [SHIPS[0], SHIPS[0]])
    with pytest.raises(UnknownShipError, match="unknown ship preset 'tanker'"):
        matrix.plan_matrix(["Busan"], ["Hamburg"], "2013-08-01", ["tanker"])
    with pytest.raises(matrix.MatrixError, match="unknown ice source 'nasa'"):
        matrix.plan_matrix(["Busan"], ["Hamburg"], "2013-08-01", [SHIPS[0]], source="nasa")


def test_run_bad_input(tmp_path):
    args = (["Busan", "Dalian"], ["Rotterdam"], "2013-01-01..2013-12-31", [SHIPS[0]])
    with pytest.raises(matrix.MatrixError, match=r"job too large: .* = 2,190 routes, over"):
        matrix.run_matrix(*args, tmp_path / "m.parquet", max_routes=1000)
    with pytest.raises(matrix.MatrixError, match=r"folder .*nowhere does not exist"):
        matrix.run_matrix(*args, tmp_path / "nowhere" / "m.parquet")
    with pytest.raises(matrix.MatrixError, match="is a directory"):
        matrix.run_matrix(*args, tmp_path)


def test_worker_with_other_ice_data_refuses(monkeypatch):
    plan = matrix.plan_matrix(["Busan"], ["Rotterdam"], "2013-08-01", [SHIPS[0]], ["suez"])
    monkeypatch.setenv("ARCTICROUTE_DATA_DIR", "/elsewhere")
    with pytest.raises(matrix.MatrixError, match="same ice data"):
        matrix.matrix_chunk(plan, 0, 0)


# --- resumable runs ---------------------------------------------------------------------------

SMALL = (("Shanghai", "Busan"), ("Rotterdam", "Hamburg"), "2013-08-20..2013-09-05/4", SHIPS)


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("ARCTICROUTE_DATA_DIR", raising=False)
        out = tmp_path_factory.mktemp("clean") / "m.parquet"
        run = matrix.run_matrix(*SMALL, out, workers=1)
    assert run.computed == run.chunks == 10 and run.skipped == 0
    assert not matrix._parts_dir(out).exists()
    return pq.read_table(out)


def _same(path, clean):
    """Row for row and bit for bit the clean run's table (NaN equal to NaN)."""
    got = pq.read_table(path).to_pandas()
    assert not got.duplicated(KEY).any()
    pd.testing.assert_frame_equal(got, clean.to_pandas(), check_exact=True)


class _Kill(Exception):
    pass


def test_resume_after_interruption_and_damaged_parts(tmp_path, clean):
    out = tmp_path / "m.parquet"

    def stop_after_four(done, total):
        if done >= 4:
            raise _Kill

    with pytest.raises(_Kill):
        matrix.run_matrix(*SMALL, out, workers=1, on_progress=stop_after_four)
    parts = matrix._parts_dir(out)
    kept = sorted(parts.glob("*.parquet"))
    assert len(kept) == 4 and not out.exists()
    # a half-written part, a deleted one and a stray temporary file
    kept[0].write_bytes(kept[0].read_bytes()[:100])
    kept[1].unlink()
    (parts / ".x.parquet.123.tmp").write_bytes(b"junk")
    seen = []
    run = matrix.run_matrix(*SMALL, out, workers=1, on_progress=lambda d, t: seen.append(d))
    assert (run.skipped, run.computed) == (2, 8) and seen[0] == 2
    _same(out, clean)
    assert not parts.exists()
    # complete: a third run computes nothing
    again = matrix.run_matrix(*SMALL, out, workers=1)
    assert again.computed == 0 and again.skipped == 10


def test_parts_of_another_job_need_restart(tmp_path, clean):
    out = tmp_path / "m.parquet"
    with pytest.raises(_Kill):
        matrix.run_matrix(*SMALL, out, workers=1, on_progress=_raise_at(2))
    other = (SMALL[0], SMALL[1], "2013-08-20..2013-09-05/2", SMALL[3])
    with pytest.raises(matrix.MatrixError, match=r"parts of another job.*--restart"):
        matrix.run_matrix(*other, out, workers=1)
    run = matrix.run_matrix(*SMALL, out, workers=1, resume=False)
    assert run.computed == 10
    _same(out, clean)


def _raise_at(n):
    def hook(done, total):
        if done >= n:
            raise _Kill

    return hook


def test_local_processes_give_the_same_table(tmp_path, clean):
    out = tmp_path / "m.parquet"
    run = matrix.run_matrix(*SMALL, out, workers=2)
    assert run.computed == 10
    _same(out, clean)


def test_assumption_overrides_reach_the_worker_processes(tmp_path):
    key = "costs.bunker_usd_per_t.VLSFO"
    job = (["Busan"], ["Rotterdam"], "2013-08-01,2013-08-02", [SHIPS[0]])
    base = matrix.route_matrix(*job, ["suez"]).column("total_usd").to_pylist()
    with assumptions.overridden({key: 5_000.0}):
        dear = matrix.route_matrix(*job, ["suez"]).column("total_usd").to_pylist()
        matrix.run_matrix(*job, tmp_path / "m.parquet", ["suez"], workers=2)
    got = pq.read_table(tmp_path / "m.parquet").column("total_usd").to_pylist()
    assert got == dear and dear[0] > base[0] + 1e6


def test_killed_cli_process_resumes(tmp_path, clean):
    """kill -9 in the middle of a run; the rerun finishes it with no duplicate rows."""
    out = tmp_path / "m.parquet"
    o, d, dates, ships = SMALL
    code = (
        "import typer, sys; from arcticroute.cli.matrix import matrix_command as m; "
        "app = typer.Typer(); app.command('matrix')(m); app.callback()(lambda: None); app()"
    )
    argv = [
        sys.executable,
        "-c",
        code,
        "matrix",
        "--origins",
        ",".join(o),
        "--destinations",
        ",".join(d),
        "--dates",
        dates,
        "--ships",
        ",".join(ships),
        "--out",
        str(out),
        "--workers",
        "1",
        "--no-progress",
    ]
    env = {k: v for k, v in os.environ.items() if k != "ARCTICROUTE_DATA_DIR"}
    proc = subprocess.Popen(argv, env=env, stderr=subprocess.PIPE)
    parts = matrix._parts_dir(out)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(parts.glob("*.parquet"))) < 2:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert not out.exists(), "the run finished before it could be killed"
    res = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "from an earlier run" in res.stderr
    _same(out, clean)


# --- Dask ----------------------------------------------------------------------------------


def test_dask_cluster_gives_the_same_table(tmp_path, clean):
    from distributed import LocalCluster

    out = tmp_path / "m.parquet"
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        run = matrix.run_matrix(*SMALL, out, scheduler=cluster.scheduler_address)
    assert run.computed == 10
    _same(out, clean)


def test_unreachable_scheduler_is_one_clear_error(tmp_path):
    import dask

    with (
        dask.config.set({"distributed.comm.timeouts.connect": "1s"}),
        pytest.raises(matrix.MatrixError, match="cannot reach the Dask scheduler"),
    ):
        matrix.run_matrix(
            ["Busan"],
            ["Rotterdam"],
            "2013-08-01",
            [SHIPS[0]],
            tmp_path / "m.parquet",
            ["suez"],
            scheduler="tcp://127.0.0.1:9",
        )


# --- CLI ---------------------------------------------------------------------------------------

app = typer.Typer()
app.command("matrix")(matrix_command)
app.callback()(lambda: None)  # keep "matrix" a subcommand, as in arcticroute.cli.main
runner = CliRunner()


def _cli(*args):
    return runner.invoke(app, ["matrix", *args])


def test_cli_writes_parquet_with_files_and_ranges(tmp_path):
    ports = tmp_path / "origins.txt"
    ports.write_text("# Asian origins\nShanghai\n\nKRPUS  # Busan\n", encoding="utf-8")
    out = tmp_path / "m.parquet"
    res = _cli(
        "--origins", f"@{ports}", "--destinations", "Rotterdam", "--dates",
        "2013-08-01..2013-08-03", "--ships", "container_4500teu_arc4,lng_arc7_yamalmax",
        "--variants", "nsr,suez", "--out", str(out), "--workers", "1", "--no-progress",
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert f"wrote {out}: 24 routes in 6 chunks (6 computed)" in res.output
    df = pq.read_table(out).to_pandas()
    assert sorted(set(df.origin)) == ["Busan", "Shanghai"] and set(df.via) == {"nsr", "suez"}
    assert df.feasible[df.via == "suez"].all()


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (["--origins", "Shangai"], "origins: unknown port 'Shangai'; did you mean: Shanghai"),
        (["--dates", "2013-08-05..2013-08-01"], "bad date range"),
        (["--dates", "2013-8-1"], "date must be YYYY-MM-DD"),
        (["--variants", "nsr,arctic"], "unknown variant 'arctic'"),
        (["--ships", "tanker"], "unknown ship preset 'tanker'"),
        (["--origins", "@/no/such/file"], "--origins: cannot read /no/such/file"),
        (["--max-routes", "3"], "job too large: .* = 4 routes, over --max-routes 3"),
        (["--out", "/no/such/dir/m.parquet"], "folder /no/such/dir does not exist"),
    ],
)
def test_cli_bad_input_is_one_line(tmp_path, args, match):
    opts = {
        "--origins": "Shanghai",
        "--destinations": "Rotterdam,Hamburg",
        "--dates": "2013-08-01,2013-08-02",
        "--variants": "suez",
        "--out": str(tmp_path / "m.parquet"),
        "--workers": "1",
    }
    opts.update(zip(args[::2], args[1::2], strict=True))
    res = _cli(*[x for kv in opts.items() for x in kv], "--no-progress")
    assert res.exit_code == 1
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), res.output
    assert re.search(match, lines[0]), lines[0]


def test_cli_help_lists_every_option():
    res = _cli("--help")
    assert res.exit_code == 0
    for opt in ("--origins", "--destinations", "--dates", "--ships", "--variants", "--out",
                "--workers", "--scheduler", "--resume", "--restart", "--max-routes"):  # fmt: skip
        assert opt in res.output


def test_cli_default_guard_is_the_library_default():
    import inspect

    default = inspect.signature(matrix_command).parameters["max_routes"].default
    assert default == matrix.DEFAULT_MAX_ROUTES


def test_cli_module_imports_nothing_heavy():
    code = (
        "import sys, arcticroute.cli.matrix; "
        "print(','.join(m for m in ('numpy', 'pandas', 'pyarrow', 'distributed', 'matplotlib') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
