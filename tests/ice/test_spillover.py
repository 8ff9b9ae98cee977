"""Land spill-over: the shipped floor, its removal, and the build rule."""

from __future__ import annotations

import datetime as dt
import importlib.util
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from arcticroute import assumptions
from arcticroute.geo import arcticmesh
from arcticroute.ice import icecover, spillover

REPO = Path(__file__).resolve().parents[2]


def _cell(lon, lat):
    mesh = arcticmesh.load_mesh()
    i = arcticmesh.nearest_node(lon, lat, mesh)
    return int(mesh.ice_row[i]), int(mesh.ice_col[i])


OB_MOUTH = (73.0, 72.5)
"""The mouth of the Gulf of Ob: water clear of ice by early August (AARI d0009, Bely
Island: cleared 1 Aug 1998, 2 Aug 2008; ice-thickness.md §2)."""
CORONATION_GULF = (-114.0, 68.5)
"""Coronation Gulf, on the southern Northwest Passage route, sailed in September."""
NORTH_GREENLAND = (-40.0, 83.5)
"""Pack ice north of Greenland, present every September."""
OPEN_BARENTS = (35.0, 73.0)


@pytest.fixture(autouse=True)
def _embedded(monkeypatch):
    monkeypatch.delenv("ARCTICROUTE_DATA_DIR", raising=False)


def test_the_shipped_floor_marks_coastal_false_ice_only():
    f = spillover.floor()
    assert f.shape == (448, 304)
    assert f[_cell(*OB_MOUTH)] > 0.3 and f[_cell(*CORONATION_GULF)] > 0.3
    assert f[_cell(*NORTH_GREENLAND)] == 0.0 and f[_cell(*OPEN_BARENTS)] == 0.0
    assert 0 < (f > 0).sum() < 1_000 and f.max() < 0.9
    with pytest.raises(ValueError, match="read-only"):
        f[0, 0] = 1.0


def test_correction_removes_the_floor_and_keeps_a_full_cover():
    f = spillover.floor()
    r, c = _cell(*OB_MOUTH)
    sic = np.zeros(f.shape)
    sic[r, c] = f[r, c]
    assert spillover.corrected(sic)[r, c] == 0.0
    sic[r, c] = 1.0
    assert spillover.corrected(sic)[r, c] == 1.0
    sic[r, c] = np.nan
    assert np.isnan(spillover.corrected(sic)[r, c])
    elsewhere = _cell(*NORTH_GREENLAND)
    sic[elsewhere] = 0.9
    assert spillover.corrected(sic)[elsewhere] == 0.9


@pytest.mark.parametrize(
    ("attrs", "applies"),
    [
        ({"ice_source": "observed", "product": "G02202"}, True),
        ({"ice_source": "climatology", "product": "G02202"}, True),
        ({"ice_source": "extent", "product": "Sea Ice Index monthly extent"}, True),
        ({"ice_source": "observed", "product": "G02135"}, False),  # its own coastal processing
        ({"ice_source": "projection", "product": "CMIP6"}, False),
    ],
)
def test_which_fields_are_corrected(attrs, applies):
    assert spillover.applies(attrs) is applies
    with assumptions.overridden({spillover.CORRECT_KEY: False}):
        assert spillover.applies(attrs) is False


def test_the_ob_mouth_is_open_in_september():
    """On the shipped September climatology the Ob mouth shows its spill-over floor; the
    ice cover the router uses has it open, as the stations record."""
    day = dt.date(2026, 9, 15)
    r, c = _cell(*OB_MOUTH)
    assert icecover.ice_cover(day).sic[r, c] < 0.15
    with assumptions.overridden({spillover.CORRECT_KEY: False}):
        assert icecover.ice_cover(day).sic[r, c] > 0.3


def test_a_coast_cell_is_filled_from_its_neighbours_true_ice_not_their_spill_over():
    """Rae Strait (67.4° N 95.6° W), which ships sail in August (Crystal Serenity 2016):
    a coast cell whose one sea neighbour shows 0.83 with a spill-over floor of 0.75 takes
    the neighbour's corrected concentration, not its false 0.83 (the fill once ran first)."""
    day = dt.date(2026, 8, 15)
    cover = icecover.ice_cover(day)
    sea, coast = _cell(-95.63, 67.41), _cell(-95.52, 67.38)
    assert sea != coast and spillover.floor()[sea] > 0 and spillover.floor()[coast] == 0
    assert cover.filled[coast] and not cover.filled[sea]
    assert cover.sic[coast] == pytest.approx(cover.sic[sea], abs=1e-6)
    with assumptions.overridden({spillover.CORRECT_KEY: False}):
        raw = icecover.ice_cover(day).sic[sea]
    assert cover.sic[coast] < raw - 0.3


def _build_module(monkeypatch):
    monkeypatch.syspath_prepend(str(REPO / "scripts"))
    spec = importlib.util.spec_from_file_location(
        "build_spillover_floor", REPO / "scripts" / "build_spillover_floor.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_build_rule_on_a_synthetic_stack(monkeypatch):
    mod = _build_module(monkeypatch)
    land = np.zeros((448, 304), bool)
    land[100:110, 100:110] = True
    stack = np.zeros((10, 448, 304))
    stack[:, 111, 105] = [0.5, 0.45, 0.55] * 3 + [0.5]  # next to land, ~ the same: spill-over
    stack[:, 112, 100] = np.linspace(0.2, 0.8, 10)  # next to land but changing: ice
    stack[:, 300, 200] = 0.5  # far from land
    stack[:, 99, 105] = 0.9  # next to land, never below 80 %: pack ice
    floor = mod.floor_fraction(stack, land)
    assert floor[111, 105] == pytest.approx(0.5)
    assert floor[112, 100] == 0.0 and floor[300, 200] == 0.0 and floor[99, 105] == 0.0
    assert (floor > 0).sum() == 1


@pytest.mark.shared
def test_rebuild_is_the_shipped_file(shared_data, tmp_path, monkeypatch):
    monkeypatch.setenv("ARCTICROUTE_DATA_DIR", str(shared_data))
    mod = _build_module(monkeypatch)
    out = tmp_path / "floor.npz"
    mod.main(["--out", str(out)])
    shipped = resources.files("arcticroute") / "data" / spillover.FLOOR_FILE
    assert out.read_bytes() == shipped.read_bytes()
    assert not list(tmp_path.glob(".*part"))
