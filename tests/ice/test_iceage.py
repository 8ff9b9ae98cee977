"""Old ice from summer survival (iceage)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from arcticroute import assumptions
from arcticroute.ice import iceage
from arcticroute.ice.icestage import IceStageError


@pytest.fixture(autouse=True)
def _embedded(monkeypatch):
    monkeypatch.delenv("ARCTICROUTE_DATA_DIR", raising=False)


@pytest.mark.parametrize(
    ("day", "minimum"),
    [
        (dt.date(2013, 3, 15), dt.date(2012, 9, 15)),
        (dt.date(2013, 9, 30), dt.date(2012, 9, 15)),  # this September's minimum is not over
        (dt.date(2013, 10, 1), dt.date(2013, 9, 15)),
        (dt.date(2013, 12, 31), dt.date(2013, 9, 15)),
    ],
)
def test_last_minimum(day, minimum):
    assert iceage.last_minimum(day) == minimum


def _replace_reader(monkeypatch, fields):
    """ice_field returning a synthetic September field per minimum (the package's grid)."""
    from arcticroute.ice import icedata

    real = icedata.ice_field

    def fake(day, source="auto", stat="median", allow_climatology=True, years=None):
        f = real(day, source="embedded", stat="median")
        sic = np.where(f.land | f.lake, np.nan, fields[day.year]).astype(np.float32)
        return f.replace(sic=sic, attrs={**f.attrs, "ice_source": "observed"})

    monkeypatch.setattr(icedata, "ice_field", fake)
    # synthetic fields: no Sea Ice Index outline confirms them (see the tests below)
    monkeypatch.setattr(iceage, "extent_confirmation", lambda minimum, attrs: True)


def test_old_ice_is_what_the_last_septembers_held(monkeypatch):
    shape = (448, 304)
    sea = slice(200, 210), slice(150, 160)  # open sea north of Siberia on psn25
    last, before = np.zeros(shape), np.zeros(shape)
    last[sea] = 0.6
    before[200:205, 150:160] = 0.4
    last[215, 152] = 0.10  # under the 15 % extent threshold: did not survive
    _replace_reader(monkeypatch, {2012: last, 2011: before})
    with assumptions.overridden({"iceage.drift_margin_km": 0.0}):
        old = iceage.old_ice_concentration(dt.date(2013, 3, 15))
    assert old.minimum == dt.date(2012, 9, 15)
    assert np.allclose(old.once[sea], 0.6)
    assert np.allclose(old.twice[200:205, 150:160], 0.4)  # multi-year: held at both minima
    assert np.allclose(old.twice[205:210, 150:160], 0.0)
    assert old.once[215, 152] == 0.0
    assert "observed September 2012" in old.basis and "2011" in old.basis


def test_drift_margin_spreads_old_ice(monkeypatch):
    shape = (448, 304)
    field = np.zeros(shape)
    field[205, 155] = 0.8
    _replace_reader(monkeypatch, {2012: field, 2011: field})
    with assumptions.overridden({"iceage.drift_margin_km": 0.0}):
        bare = iceage.old_ice_concentration(dt.date(2013, 3, 15))
    with assumptions.overridden({"iceage.drift_margin_km": 50.0}):
        wide = iceage.old_ice_concentration(dt.date(2013, 3, 15))
    assert (bare.once > 0).sum() == 1
    assert (wide.once > 0).sum() > 1 and wide.once[205, 157] == pytest.approx(0.8)


def test_bad_inputs():
    with (
        assumptions.overridden({"iceage.drift_margin_km": -5.0}),
        pytest.raises(IceStageError, match="drift_margin_km must be >= 0"),
    ):
        iceage.old_ice_concentration(dt.date(2024, 3, 1))


def _cell(lon, lat):
    from arcticroute.geo import arcticmesh

    mesh = arcticmesh.load_mesh()
    i = arcticmesh.nearest_node(lon, lat, mesh)
    return int(mesh.ice_row[i]), int(mesh.ice_col[i])


PEEL_SOUND = (-94.5, 72.0)
"""The Northwest Passage's Peel Sound: open in September 2012, the record-low year, when
G02202 still shows 0.56 there (land spill-over)."""
CENTRAL_ARCTIC = (0.0, 86.0)


def test_the_sea_ice_index_outline_confirms_survival():
    sept_2012 = dt.date(2012, 9, 15)
    mask = iceage.extent_confirmation(sept_2012, {"ice_source": "observed"})
    assert not mask[_cell(*PEEL_SOUND)] and mask[_cell(*CENTRAL_ARCTIC)]
    with assumptions.overridden({iceage.CONFIRM_KEY: False}):
        assert iceage.extent_confirmation(sept_2012, {"ice_source": "observed"}) is True
    # no outline for a projection, nor for a month other than September
    assert iceage.extent_confirmation(sept_2012, {"ice_source": "projection"}) is True
    assert iceage.extent_confirmation(dt.date(2012, 8, 15), {"ice_source": "observed"}) is True


def test_climatology_confirmation_by_share_of_years():
    """The median needs the outline in half the climatology's Septembers; p90 (heavy ice) in a
    tenth of them, so it confirms at least as many cells."""
    years = list(range(2008, 2018))
    day = dt.date(2016, 9, 15)
    median = iceage.extent_confirmation(
        day, {"ice_source": "climatology", "climatology_years": years, "statistic": "median"}
    )
    heavy = iceage.extent_confirmation(
        day, {"ice_source": "climatology", "climatology_years": years, "statistic": "p90"}
    )
    assert median.sum() < heavy.sum() and np.all(heavy[median])
    assert not median[_cell(*PEEL_SOUND)] and median[_cell(*CENTRAL_ARCTIC)]


def test_no_old_ice_in_peel_sound_in_2013():
    """The shipped climatology puts spill-over 'ice' in Peel Sound every September; it is not
    taken for ice that survived (the Sea Ice Index shows none there)."""
    old = iceage.old_ice_concentration(dt.date(2013, 8, 20))
    r, c = _cell(*PEEL_SOUND)
    assert old.once[r, c] == 0.0
    assert old.once[_cell(*CENTRAL_ARCTIC)] > 0.5
