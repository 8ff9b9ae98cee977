"""Bad input on the command line: one line on stderr and exit 1, never a traceback, a
hang or a partial file (issue: hardening). Exit 3 is a documented "route infeasible"."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from arcticroute.cli.main import app, run, shield_positions

runner = CliRunner()


def _one_error_line(res) -> str:
    assert res.exit_code == 1, res.output
    assert "Traceback" not in res.output
    err = res.stderr.strip()
    assert err.startswith("error: ") and "\n" not in err, err
    return err


def _strict_json(text: str):
    def refuse(name):
        raise ValueError(f"non-standard JSON constant {name}")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "{tmp}/missing/x.json"], "folder"),
        (["-o", "{tmp}"], "is a folder"),
        (["--map", "{tmp}/map.docx"], "must end in .png"),
        (["--cost-chart", "{tmp}/missing/c.png"], "does not exist"),
    ],
)
def test_output_paths_are_checked_before_any_work(tmp_path, args, message):
    args = [a.format(tmp=tmp_path) for a in args]
    res = runner.invoke(app, ["route", "Shanghai", "Rotterdam", "--no-ice", *args])
    assert message in _one_error_line(res)
    assert not list(tmp_path.rglob("*.part")) and not list(tmp_path.rglob("*.docx"))


def test_a_southern_position_can_come_first():
    """`route "-33.9,18.4" Rotterdam` was read as an option "-3"."""
    assert shield_positions(["route", "-33.9,18.4", "--via", "suez", "-o", "x"]) == [
        "route", " -33.9,18.4", "--via", "suez", "-o", "x",
    ]  # fmt: skip
    cmd = [sys.executable, "-m", "arcticroute.cli.main", "route", "-33.9,18.4", "Rotterdam"]
    cmd += ["--no-ice", "--no-economics", "--format", "json"]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert _strict_json(res.stdout)["from"]["lat"] == pytest.approx(-33.9)


def test_unbounded_or_foreign_files_are_refused_without_echo(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("hunter2-password-line\n")
    args = ["matrix", "--origins", f"@{secret}", "--destinations", "Rotterdam"]
    args += ["--dates", "2026-08-01", "--out", str(tmp_path / "m.parquet")]
    err = _one_error_line(runner.invoke(app, args))
    assert "line 1" in err and "hunter2" not in err
    cmd = [sys.executable, "-m", "arcticroute.cli.main", "--assumptions", "/dev/zero"]
    res = subprocess.run([*cmd, "ships", "list"], capture_output=True, text=True, timeout=60)
    assert res.returncode == 1 and "not a regular file" in res.stderr


def test_registry_overrides_are_checked_on_load(tmp_path):
    for body, message in [
        ("[icefill.radius_cells]\nvalue = 100000\n", "must be from 0 to 8"),
        ("[icefill.radius_cells]\nvalue = [1]\n", "must be a number"),
        ("[costs.bunker_usd_per_t.VLSFO]\nvalue = nan\n", "finite"),
        ('[iceclass.equivalence.PC1.RS]\nvalue = "Arc99"\n', "must be one of"),
    ]:
        f = tmp_path / "a.toml"
        f.write_text(body)
        res = runner.invoke(app, ["--assumptions", str(f), "ships", "list"])
        assert message in _one_error_line(res), body


def test_unwritable_cache_folder_is_one_line(monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("ARCTICROUTE_CACHE_DIR", str(blocker / "cache"))
    assert "download cache folder" in _one_error_line(runner.invoke(app, ["data", "list"]))


DATE_TEXT = st.one_of(
    st.sampled_from(["", "20130101", "1800-01-01", "2500-06-01", "9999-12-31", "2013-02-30"]),
    st.dates().map(str),
    st.text(max_size=12),
)
NUMBER_TEXT = st.one_of(
    st.sampled_from(["inf", "-inf", "nan", "1e308", "-0", "0", "1_0"]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(max_size=6),
)


@settings(
    max_examples=int(os.environ.get("ARCTICROUTE_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    date=DATE_TEXT,
    option=st.sampled_from(
        ["--speed-kn", "--load-factor", "--bunker-usd-per-t", "--ets-eur-per-t"]
    ),
    number=NUMBER_TEXT,
    fmt=st.sampled_from(["json", "csv", "table"]),
)
def test_fuzzed_options_exit_0_1_or_3_with_one_line(date, option, number, fmt):
    """Generated dates and numbers for `compare`, through the command's entry point
    (in-process): exit 0, 1 (one stderr line, no traceback) or 3; JSON parses strictly."""
    args = ["compare", "Busan", "Hamburg", "--no-ice", "--date", date, option, number]
    code, out, err = _run([*args, "--format", fmt])
    assert code in (0, 1, 3), (code, err)
    assert "Traceback" not in out + err
    if code == 1:
        assert err.startswith("error: ") and "\n" not in err.strip(), err
    elif code == 0 and fmt == "json":
        _strict_json(out)


def _run(args: list[str]) -> tuple[int, str, str]:
    with runner.isolation() as (out, err, _):
        code = run(args)
        return code, out.getvalue().decode(), err.getvalue().decode()


def test_usage_errors_are_one_line_with_exit_1():
    for args in (["frobnicate"], ["route", "Busan"], ["route", "A", "B", "--speed-kn", "x"]):
        code, _, err = _run(args)
        assert code == 1 and err.startswith("error: ") and err.count("\n") == 1, err


def test_port_names_given_to_a_command_that_takes_options_say_which():
    code, _, err = _run(["season", "Shanghai", "Rotterdam"])
    assert code == 1 and err.count("\n") == 1, err
    assert "takes the ports as --from PORT --to PORT" in err
    code, _, err = _run(["compare", "Shanghai", "Rotterdam", "Hamburg"])
    assert code == 1 and "--from" not in err  # compare takes its ports by position
