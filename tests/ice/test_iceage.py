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
