"""Navigation seasons: grid scans of known years, the extent model, the trend, plots, CLI.

Scans use a 21-day step to keep the module near a minute: first and last day do not
depend on the step, because every change of verdict is located to the day by
bisection (checked against the 7-day table below).
"""

from __future__ import annotations

import datetime as dt
import json
import math

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from arcticroute import assumptions
from arcticroute.analysis import seasons
from arcticroute.analysis.seasons import DateVerdict, Season, SeasonError
from arcticroute.cli.season import parse_years, season_command
from arcticroute.errors import ArcticRouteError, UnknownShipError
from arcticroute.plots.seasonplot import (
    SeasonPlotError,
    plot_month_heatmap,
    plot_season_lengths,
    season_report_html,
)

ARC4 = "container_4500teu_arc4"
ARC7 = "lng_arc7_yamalmax"
NONE = "panamax_bulker"
STEP = 21
KNOWN_YEARS = [1996, 2007, 2012, 2013]

# Synthetic grid seasons (year, first, last as MM-DD; None: no season), the output of an
# earlier version's 7-day scan of the G02202 monthly fields. They are inputs for the
# machinery of the extent model and the trend (fit, predict, leave-one-year-out, OLS),
# which these tests check; they say nothing about today's verdicts, which the
# known-years tests pin to independent facts.
GRID_TABLE = {
    ARC4: [
        *((y, None, None) for y in range(1989, 1995)),
        (1995, "07-26", "09-20"), (1996, None, None), (1997, None, None), (1998, None, None),
        (1999, None, None), (2000, None, None), (2001, None, None), (2002, "07-26", "08-18"),
        (2003, None, None), (2004, None, None), (2005, "08-26", "09-20"),
        (2006, "07-26", "08-19"), (2007, None, None), (2008, "08-26", "09-20"),
        (2009, None, None), (2010, "08-26", "09-19"), (2011, "07-26", "09-21"),
        (2012, "07-26", "09-21"), (2013, "08-26", "09-18"), (2014, "07-26", "09-20"),
        (2015, "07-26", "09-21"), (2016, "08-26", "09-22"), (2017, "08-26", "09-20"),
    ],
    ARC7: [
        (1989, None, None), (1990, "08-26", "09-17"), (1991, None, None), (1992, None, None),
        (1993, None, None), (1994, None, None), (1995, "07-26", "10-05"), (1996, None, None),
        (1997, "08-26", "09-18"), (1998, None, None), (1999, "07-26", "09-16"),
        (2000, "08-26", "09-18"), (2001, None, None), (2002, "07-26", "09-16"),
        (2003, None, None), (2004, None, None), (2005, "07-26", "10-10"),
        (2006, "07-26", "08-21"), (2007, "08-26", "09-21"), (2008, "07-26", "09-20"),
        (2009, "07-26", "10-12"), (2010, "07-26", "09-20"), (2011, "06-25", "09-22"),
        (2012, "07-26", "10-16"), (2013, "08-26", "09-20"), (2014, "07-26", "09-20"),
        (2015, "06-25", "10-10"), (2016, "07-26", "10-18"), (2017, "07-26", "09-20"),
    ],
}  # fmt: skip
# median departure -> middle of the ice passage of the feasible voyages of that scan
LAG_DAYS = {ARC4: 9.64, ARC7: 10.46}


def _day(year: int, mmdd: str | None) -> dt.date | None:
    return None if mmdd is None else dt.date.fromisoformat(f"{year}-{mmdd}")


def _typed_season(ship: str, year: int, first: str | None, last: str | None) -> Season:
    f, la = _day(year, first), _day(year, last)
    gw = 6.3
    row = DateVerdict(
        f or dt.date(year, 8, 1),
        f is not None,
        "grid-monthly",
        entry_days=gw,
        ice_days=2 * (LAG_DAYS.get(ship, gw) - gw) if f else math.nan,
    )
    return Season(
        year=year,
        ship=ship,
        ship_name=ship,
        ice_class={ARC4: "Arc4", ARC7: "Arc7"}.get(ship, "none"),
        origin="Busan",
        destination="Rotterdam",
        variant="nsr",
        basis="grid-monthly",
        first_day=f,
        last_day=la,
        length_days=(la - f).days + 1 if f else 0,
        feasible_days=(la - f).days + 1 if f else 0,
        step_days=7,
        resolution_days=1,
        per_date=(row,),
    )


def _table(ship: str) -> list[Season]:
    return [_typed_season(ship, *row) for row in GRID_TABLE[ship]]


@pytest.fixture(scope="module")
def data_env(shared_data):
    mp = pytest.MonkeyPatch()
    mp.setenv("ARCTICROUTE_DATA_DIR", str(shared_data))
    yield shared_data
    mp.undo()


@pytest.fixture(scope="module")
def known(data_env):
    # two workers: the known-year tests also check the pool's grouping of ships by year
    found = seasons.seasons(KNOWN_YEARS, [ARC4, ARC7], step_days=STEP, workers=2)
    return {(s.ship, s.year): s for s in found}


@pytest.fixture(scope="module")
def models():
    return {ship: seasons.fit_extent_model(_table(ship)) for ship in (ARC4, ARC7)}


# --- grid seasons of known years ------------------------------------------------------


@pytest.mark.shared
def test_2012_season_is_longer_than_1996(known):
    # 2012: the record-low September extent; 1996: a heavy-ice summer in the Laptev and
    # East Siberian Seas (independent facts, not this version's own dates)
    long, short = known[ARC4, 2012], known[ARC4, 1996]
    assert long.length_days > short.length_days
    assert long.length_days >= 50  # two months and more
    assert {s.basis for s in (long, short)} == {"grid-monthly"}


@pytest.mark.shared
def test_a_season_from_the_pool_equals_one_scanned_alone(known):
    alone = seasons.season(2012, ARC7, step_days=STEP)
    assert known[(ARC7, 2012)] == alone


def test_workers_take_the_ships_of_a_year_together():
    tasks = [("o", "d", ship, year) for ship in ("a", "b") for year in (2013, 2012)]
    groups = seasons._by_year(tasks, workers=2)
    assert [[(t[2], t[3]) for t in g] for g in groups] == [
        [("a", 2012), ("b", 2012)],
        [("a", 2013), ("b", 2013)],
    ]
    # fewer years than workers: one task each, so no worker idles
    one_year = [t for t in tasks if t[3] == 2012]
    assert [len(g) for g in seasons._by_year(one_year, workers=2)] == [1, 1]
    assert [len(g) for g in seasons._by_year(one_year, workers=1)] == [2]


@pytest.mark.shared
def test_2013_arc4_season_matches_the_record(known):
    # 2013: ships on the NSR from 28 Jun (first entry) to 28 Nov (last exit), mostly Arc4
    # (Arctic Yearbook 2014; CHNL, voyages.md): the Arc4 season must overlap July-October
    # and end no earlier than mid-October (15 days' tolerance)
    s = known[ARC4, 2013]
    assert s.has_season
    assert s.first_day <= dt.date(2013, 10, 31) and s.last_day >= dt.date(2013, 7, 1)
    assert s.last_day >= dt.date(2013, 10, 15) - dt.timedelta(days=15)


@pytest.mark.shared
@pytest.mark.parametrize("year", KNOWN_YEARS)
def test_the_arc7_carrier_has_at_least_the_arc4_season(known, year):
    assert known[ARC7, year].feasible_days >= known[ARC4, year].feasible_days


@pytest.mark.shared
def test_first_and_last_day_do_not_depend_on_the_step(known):
    # the edges are found by bisection to the day, whatever the scan step
    finer = seasons.season(2012, ARC4, step_days=14)
    s = known[ARC4, 2012]
    assert (finer.first_day, finer.last_day) == (s.first_day, s.last_day)
    assert s.step_days == STEP and s.resolution_days == 1


@pytest.mark.shared
def test_season_edges_are_located_to_the_day(known):
    s = known[ARC4, 2012]
    by_day = {r.departure: r for r in s.per_date}
    one = dt.timedelta(days=1)
    assert by_day[s.first_day].feasible and by_day[s.first_day - one].feasible is False
    assert by_day[s.last_day].feasible and by_day[s.last_day + one].feasible is False
    assert s.per_date == tuple(sorted(s.per_date, key=lambda r: r.departure))


@pytest.mark.shared
def test_feasible_dates_have_transit_days_cost_and_saving(known):
    rows = known[ARC7, 2012].feasible_rows()
    assert rows
    for r in rows:
        # Busan-Rotterdam via the NSR: ~8,000 nm, 15-25 days at 19.5 kn incl. the ice
        assert 14 < r.transit_days < 30 and r.transit_days < r.suez_days + 5
        assert r.entry_days > 4 and r.ice_days > 3
        assert r.cost_usd > 0 and r.suez_cost_usd > 0
        assert r.saving_vs_suez_usd == pytest.approx(r.suez_cost_usd - r.cost_usd)
    infeasible = [r for r in known[ARC7, 2012].per_date if r.feasible is False]
    assert all(math.isnan(r.cost_usd) and r.reason for r in infeasible)


@pytest.mark.shared
@pytest.mark.parametrize("year", [1989, 2003, 2012, 2017])
def test_no_ice_class_never_feasible_in_winter(data_env, year):
    s = seasons.season(year, NONE, step_days=31)
    winter = [r for r in s.per_date if r.departure.month <= 3]
    assert len(winter) >= 3
    assert all(r.feasible is False for r in winter)
    assert all("outside the NSR season" in r.reason for r in winter)
    assert not s.has_season


@pytest.mark.shared
def test_2025_is_an_extent_model_season_with_daily_grid_rows_in_winter(data_env):
    none_model = seasons.fit_extent_model(
        [_typed_season(NONE, y, None, None) for y in range(2010, 2018)]
    )
    s = seasons.season(2025, NONE, step_days=31, model=none_model)
    assert s.basis == "extent-model" and not s.has_season
    daily = [r for r in s.per_date if r.basis == "grid-daily"]
    assert daily[0].departure == dt.date(2025, 1, 1)
    assert daily[-1].departure == dt.date(2025, 6, 11)
    winter = [r for r in daily if r.departure.month <= 3]
    assert len(winter) == 3 and all(r.feasible is False for r in winter)
    assert all("outside the NSR season" in r.reason for r in winter)
    assert not any(r.feasible for r in daily)
    # a June departure meets days after 11 June, which the daily grids do not hold
    assert daily[-1].feasible is None and "no observed ice field" in daily[-1].reason
    assert any("daily grids" in n for n in s.notes)


# --- extent model -----------------------------------------------------------------------


def test_extent_model_error_is_reported_and_beats_no_skill(data_env, models):
    for m in models.values():
        v = m.validation
        assert v.method == "leave-one-year-out" and v.years == tuple(range(1989, 2018))
        # the monthly grid seasons move in steps of about a month: an error of about
        # two weeks is what a daily index can do; the no-skill forecast is worse
        assert v.mae_length_days < 15 and v.mae_length_days < 0.75 * v.baseline_mae_length_days
        assert v.mae_first_days < 20 and v.mae_last_days < 15
        assert abs(v.bias_length_days) < 5
        assert v.presence_mismatches <= 8
        assert v.in_sample_mae_length_days <= v.mae_length_days + 1e-9
    # the published numbers of this version (report): Arc7 12.2 d against 31.7 no-skill
    v7 = models[ARC7].validation
    assert v7.mae_length_days == pytest.approx(12.24, abs=0.01)
    assert v7.baseline_mae_length_days == pytest.approx(31.74, abs=0.01)
    assert models[ARC7].open_threshold > models[ARC7].close_threshold > 0


def test_extent_model_predicts_years_without_grids(data_env, models):
    for year in (2018, 2020, 2024):
        s = seasons.predict_season(models[ARC7], year, step_days=14)
        assert s.basis == "extent-model" and s.model is models[ARC7]
        assert s.has_season and dt.date(year, 6, 1) < s.first_day < s.last_day
        assert s.last_day < dt.date(year, 11, 15)
        assert any("leave-one-year-out" in n for n in s.notes)
        inside = [r for r in s.per_date if r.feasible]
        assert all(s.first_day <= r.departure <= s.last_day for r in inside)


def test_extent_model_season_still_open_when_the_extents_end(data_env, models):
    s = seasons.predict_season(models[ARC7], 2025)
    assert s.censored and s.first_day is not None and s.last_day is None
    assert s.length_days > 30  # a lower bound, up to the end of the extents
    assert any("before the predicted season closes" in n for n in s.notes)
    assert any(r.feasible is None for r in s.per_date)


def test_extent_model_of_a_ship_never_feasible_predicts_none(data_env):
    m = seasons.fit_extent_model([_typed_season(NONE, y, None, None) for y in range(1989, 2000)])
    assert m.open_threshold is None and m.validation.mae_length_days == 0
    assert not seasons.predict_season(m, 2020).has_season


def test_nsr_ice_index_is_a_fraction(data_env):
    days, index = seasons.nsr_ice_index()
    assert days[0] == dt.date(1978, 10, 28) and index.size == days.size
    finite = index[~np.isnan(index)]
    assert 0 < finite.min() < 0.2 and 0.95 < finite.max() <= 1.0
    # winter full, summer lowest: March 2012 near 1, mid-September 2012 the record low
    march = index[days == np.datetime64("2012-03-15")][0]
    sept = index[days == np.datetime64("2012-09-15")][0]
    assert march > 0.95 and sept < 0.1


def test_threshold_step_is_a_registry_value(data_env):
    table = _table(ARC7)
    with assumptions.overridden({"seasons.extent_model.threshold_step": 0.05}):
        coarse = seasons.fit_extent_model(table, validate=False)
    assert round(coarse.open_threshold / 0.05, 6).is_integer()


# --- projection -------------------------------------------------------------------------

CMIP6 = "cmip6-canesm5-siconc-ssp245-2020/sic_SImon_CCCma-CanESM5_ssp245_r13i1p2f1_2020.nc"


@pytest.mark.shared
def test_cmip6_2020_through_the_extent_model(data_env, models):
    days, index = seasons.cmip6_ice_index(data_env / CMIP6)
    assert days[0] == np.datetime64("2020-01-16") and days[-1] == np.datetime64("2020-12-16")
    assert index.max() == pytest.approx(1.0, abs=0.03) and index.min() < 0.15
    (p,) = seasons.project_seasons(models[ARC7], data_env / CMIP6)
    assert p.year == 2020 and p.basis == "cmip6-extent-model"
    assert "no bias adjustment" in p.notes[0] and "CanESM5 ssp245" in p.notes[0]
    assert p.notes[1].startswith("the observed extents of 2020, averaged by month")
    # CanESM5's 2020 and the observed 2020 (same monthly averaging: 04 Jul-19 Oct, 108
    # days) differ by the model's bias and internal variability: same order, not equal
    assert 0.7 * 108 < p.length_days < 1.4 * 108
    assert dt.date(2020, 6, 1) < p.first_day < p.last_day < dt.date(2020, 11, 15)


def test_projection_bad_inputs(tmp_path, models):
    with pytest.raises(SeasonError, match="ExtentModel"):
        seasons.project_seasons("model", tmp_path / "x.nc")
    with pytest.raises(ArcticRouteError, match=r"missing\.nc"):
        seasons.project_seasons(models[ARC7], tmp_path / "missing.nc")


# --- trend --------------------------------------------------------------------------


def _synthetic(lengths: dict[int, int], ship: str = ARC7) -> list[Season]:
    out = []
    for y, n in lengths.items():
        first = f"{dt.date(y, 8, 1):%m-%d}" if n else None
        last = f"{dt.date(y, 8, 1) + dt.timedelta(days=n - 1):%m-%d}" if n else None
        out.append(_typed_season(ship, y, first, last))
    return out


def test_trend_is_days_per_decade():
    exact = _synthetic({y: 2 * (y - 2000) + 30 for y in range(2000, 2011)})
    t = seasons.trend(exact)
    assert t.days_per_decade == pytest.approx(20.0)  # 2 days a year
    assert t.stderr == pytest.approx(0.0, abs=1e-9) and t.n_years == 11
    slope, se, ci = t[:3]  # the first three fields are the answer
    assert (slope, se) == (t.days_per_decade, t.stderr)
    assert ci[0] == pytest.approx(20.0) and ci[1] == pytest.approx(20.0)
    flat = seasons.trend(_synthetic(dict.fromkeys(range(2000, 2010), 0)))
    assert flat.days_per_decade == 0 and flat.ci95 == (0.0, 0.0)


def test_trend_of_the_grid_years_is_positive_with_its_uncertainty():
    t = seasons.trend(_table(ARC7))
    assert t.n_years == 29 and t.quantity == "length_days"
    assert t.days_per_decade == pytest.approx(28.07, abs=0.01)
    assert t.ci95[0] > 0 and t.ci95[0] < t.days_per_decade < t.ci95[1]
    assert t.ci95[1] - t.ci95[0] == pytest.approx(2 * 2.052 * t.stderr, rel=1e-3)  # t(27)
    first = seasons.trend(_table(ARC7), quantity="first_day")
    assert first.n_years == 19 and first.days_per_decade < 0  # opens earlier


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"quantity": "width"}, "quantity must be one of"),
        ({"bases": ["satellite"]}, "unknown basis"),
    ],
)
def test_trend_bad_arguments(kwargs, message):
    with pytest.raises(SeasonError, match=message):
        seasons.trend(_table(ARC7), **kwargs)


def test_trend_needs_one_ship_and_three_years():
    with pytest.raises(SeasonError, match="one ship and route"):
        seasons.trend(_table(ARC7) + _table(ARC4))
    with pytest.raises(SeasonError, match="at least 3 years"):
        seasons.trend(_table(ARC7)[:2])
    with pytest.raises(SeasonError, match="repeated"):
        seasons.trend(_table(ARC7) + _table(ARC7)[:1])


# --- bad inputs -------------------------------------------------------------------------


@pytest.mark.parametrize("year", [1970, 2030, 1978])
def test_year_outside_the_data(year):
    with pytest.raises(SeasonError, match="outside the data"):
        seasons.season(year, ARC4)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"ship": "tugboat_nonexistent"}, UnknownShipError, "unknown ship preset"),
        ({"step_days": 0}, SeasonError, "step_days must be 1..31"),
        ({"step_days": 45}, SeasonError, "step_days must be 1..31"),
        ({"step_days": 2.5}, SeasonError, "whole number"),
        ({"variant": "suez"}, SeasonError, "unknown Arctic variant"),
        ({"route": ("Busan",)}, SeasonError, "pair"),
        ({"basis": "satellite"}, SeasonError, "basis must be"),
        ({"year": 2020, "basis": "grid"}, SeasonError, "no ice grids cover"),
        ({"year": 2020, "variant": "nwp"}, SeasonError, "NSR seas only"),
        ({"year": "2012"}, SeasonError, "whole year"),
        ({"cost_year": "2025"}, SeasonError, "cost_year"),
    ],
)
def test_season_bad_inputs(kwargs, error, message):
    args = {"year": 2012, "ship": ARC4, **kwargs}
    with pytest.raises(error, match=message):
        seasons.season(args.pop("year"), args.pop("ship"), **args)


def test_seasons_bad_lists():
    with pytest.raises(SeasonError, match="years is empty"):
        seasons.seasons([], [ARC4])
    with pytest.raises(SeasonError, match="ships is empty"):
        seasons.seasons([2012], [])
    with pytest.raises(SeasonError, match="list of ships"):
        seasons.seasons([2012], ARC4)
    with pytest.raises(SeasonError, match="iterable of years"):
        seasons.seasons(2012, [ARC4])
    with pytest.raises(SeasonError, match="workers"):
        seasons.seasons([2012], [ARC4], workers=0)


def test_fit_and_predict_bad_inputs():
    with pytest.raises(SeasonError, match="at least 3 different years"):
        seasons.fit_extent_model(_table(ARC7)[:2])
    with pytest.raises(SeasonError, match="one ship"):
        seasons.fit_extent_model(_table(ARC7)[:3] + _table(ARC4)[3:6])
    with pytest.raises(SeasonError, match="ExtentModel"):
        seasons.predict_season("model", 2020)
    with pytest.raises(SeasonError, match="are not all in"):
        seasons.nsr_ice_index(["Kara", "Sargasso"])


def test_registry_holds_the_scan_and_model_choices():
    for key in (
        "seasons.cost_year",
        "seasons.step_days",
        "seasons.extent_model.summer_months",
        "seasons.extent_model.threshold_step",
    ):
        a = assumptions.assumption(key)
        assert a.assumed and a.why and a.unit and a.date
    assert assumptions.value("seasons.step_days") == 7


# --- plots and report ------------------------------------------------------------------


@pytest.mark.shared
def test_plots_and_report(known, models, tmp_path):
    items = [known[ARC7, y] for y in KNOWN_YEARS] + [
        seasons.predict_season(models[ARC7], y) for y in (2019, 2020, 2025)
    ]
    png = plot_season_lengths(items, tmp_path / "len.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    heat = plot_month_heatmap(items + [known[ARC4, y] for y in KNOWN_YEARS], tmp_path / "h.png")
    assert heat.stat().st_size > 10_000
    html = season_report_html(items, tmp_path / "r.html").read_text()
    assert html.count("data:image/png;base64,") == 2
    assert "leave-one-year-out" in html and "extent-model" in html and "2012" in html
    assert not list(tmp_path.glob("*.part"))


def test_plot_errors(models, tmp_path):
    with pytest.raises(SeasonPlotError, match="at least one Season"):
        plot_season_lengths([], tmp_path / "x.png")
    other = [s.__class__(**{**s.__dict__, "destination": "Hamburg"}) for s in _table(ARC7)[:2]]
    with pytest.raises(SeasonPlotError, match="several routes"):
        plot_season_lengths(_table(ARC7)[:2] + other, tmp_path / "x.png")
    modelled = [seasons.predict_season(models[ARC7], y) for y in (2019, 2020)]
    with pytest.raises(SeasonPlotError, match="needs grid seasons"):
        plot_month_heatmap(modelled, tmp_path / "x.png")
    assert not (tmp_path / "x.png").exists()


# --- CLI --------------------------------------------------------------------------------


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("season")(season_command)

    @app.command("noop")
    def noop() -> None:  # a second command keeps 'season' a subcommand, as in the real app
        pass

    return app


runner = CliRunner()


@pytest.mark.parametrize(
    ("text", "years"),
    [("2012", [2012]), ("2011-2013", [2011, 2012, 2013]), ("2007, 2012-2013", [2007, 2012, 2013])],
)
def test_parse_years(text, years):
    assert parse_years(text) == years


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--years", "2017-1989"], "runs backwards"),
        (["--years", "twenty"], "--years must be years or ranges"),
        (["--years", "2030"], "outside the data"),
        (["--ships", "no_such_ship", "--years", "2012"], "unknown ship preset"),
        (["--ships", " , ", "--years", "2012"], "--ships is empty"),
        (["--years", "2012", "--step-days", "0"], "step_days must be 1..31"),
        (["--years", "2012", "--from", "Atlantis"], "Atlantis"),
        (["--years", "2012", "--out", "x.txt"], "--out needs --format json or csv"),
        (["--years", "2012", "--report", "/no/such/dir/r.html"], "does not exist"),
    ],
)
def test_cli_bad_inputs(args, message):
    res = runner.invoke(_app(), ["season", *args])
    assert res.exit_code == 1, res.output
    assert message in res.stderr and "Traceback" not in res.output
    assert len(res.stderr.strip().splitlines()) == 1


@pytest.mark.shared
def test_cli_json_csv_table_and_files(known, data_env, tmp_path):
    base = ["season", "--years", "2012-2013", "--ships", ARC4, "--step-days", str(STEP)]
    res = runner.invoke(
        _app(),
        [*base, "--format", "json", "--plot", str(tmp_path / "p.png"),
         "--report", str(tmp_path / "r.html"), "--heatmap", str(tmp_path / "h.png")],
    )  # fmt: skip
    assert res.exit_code == 0, res.stderr
    doc = json.loads(res.stdout)
    assert doc["kind"] == "seasons" and doc["route"] == {
        "from": "Busan",
        "to": "Rotterdam",
        "variant": "nsr",
    }
    want = known[ARC4, 2012]  # the CLI says what the library found
    s2012 = doc["seasons"][0]
    assert s2012["year"] == 2012 and s2012["basis"] == "grid-monthly"
    assert s2012["first_day"] == want.first_day.isoformat()
    assert s2012["length_days"] == want.length_days
    assert s2012["median_saving_vs_suez_usd"] > 0 and s2012["per_date"]
    assert "error" in doc["trends"][ARC4]["all_years"]  # two years: no trend
    for name in ("p.png", "h.png"):
        assert (tmp_path / name).read_bytes()[:4] == b"\x89PNG"
    assert "base64" in (tmp_path / "r.html").read_text()
    res = runner.invoke(_app(), [*base, "--format", "csv"])
    lines = res.stdout.strip().splitlines()
    assert lines[0].startswith("year,ship,ice_class,basis,first_day,last_day,length_days")
    assert lines[1].startswith(
        f"2012,{ARC4},Arc4,grid-monthly,{want.first_day},{want.last_day},{want.length_days},"
    )
    res = runner.invoke(_app(), base)
    assert res.exit_code == 0 and f"({want.length_days})" in res.stdout
    res = runner.invoke(_app(), [*base, "--cmip6", str(data_env / CMIP6)])
    assert res.exit_code == 1 and "--cmip6 needs the extent model" in res.stderr


def test_grid_year_without_local_ice_is_an_error_not_an_empty_season(monkeypatch, tmp_path):
    monkeypatch.delenv("ARCTICROUTE_DATA_DIR", raising=False)
    monkeypatch.setenv("ARCTICROUTE_CACHE_DIR", str(tmp_path))  # an empty download cache
    with pytest.raises(seasons.SeasonError, match="no observed ice field of 2012 is local") as e:
        seasons.season(2012, "container_4500teu_arc4", step_days=31)
    # what a user without the project's data can do: the monthly fields the scan reads
    assert "arcticroute data download g02202-v5-monthly --years 2010-2013" in str(e.value)
