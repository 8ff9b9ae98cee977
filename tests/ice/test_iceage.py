"""Old ice from summer survival (iceage)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from arcticroute import assumptions
from arcticroute.ice import iceage
from arcticroute.ice.icestage import IceStage, IceStageError


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


def test_three_ages_by_survival():
    sic = np.array([0.0, 0.5, 0.5, 0.5, np.nan])
    once = np.array([True, False, True, True, True])
    twice = np.array([True, False, False, True, True])
    stage = iceage.stage_by_survival(sic, once, 3, twice)
    assert stage.tolist() == [
        IceStage.ICE_FREE,
        IceStage.THICK_FY,
        IceStage.SECOND_YEAR,
        IceStage.HEAVY_MY,
        IceStage.UNKNOWN,
    ]
    # without the second summer every surviving cell is multi-year (conservative)
    assert iceage.stage_by_survival(sic, once, 3)[2] == IceStage.HEAVY_MY


def test_survival_mask_widens_with_the_drift_margin():
    day = dt.date(2024, 3, 15)
    with assumptions.overridden({"iceage.drift_margin_km": 0.0}):
        bare = iceage.survived_last_summer(day)
    with assumptions.overridden({"iceage.drift_margin_km": 200.0}):
        wide = iceage.survived_last_summer(day)
    assert bare.survived.sum() < wide.survived.sum()
    assert np.all(wide.survived[bare.survived])
    assert "climatology p90" in bare.basis and bare.minimum == dt.date(2023, 9, 15)
    last = iceage.survived_last_summer(day)
    before = iceage.survived_last_summer(day, summers=2)
    assert last.minimum == dt.date(2023, 9, 15) and "2023" in last.basis
    assert before.minimum == dt.date(2022, 9, 15) and "2022" in before.basis


def test_bad_inputs():
    with pytest.raises(IceStageError, match="summers must be 1 or 2"):
        iceage.survived_last_summer(dt.date(2024, 3, 1), summers=3)
    with pytest.raises(IceStageError, match="shape"):
        iceage.stage_by_survival(np.zeros(3), np.zeros(2, bool), 3)
    with (
        assumptions.overridden({"iceage.drift_margin_km": -5.0}),
        pytest.raises(IceStageError, match="drift_margin_km must be >= 0"),
    ):
        iceage.survived_last_summer(dt.date(2024, 3, 1))
