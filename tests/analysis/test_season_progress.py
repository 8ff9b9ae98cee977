"""Progress of a season scan (``on_departure``): what the web's background job shows.

The scan judges departures every ``seasons.step_days`` from 1 January to 31
December, then locates each change of verdict by bisection; the report counts
the departures judged, so at the end it equals the rows of the season, and it
never claims more done than planned. A report that raises stops the scan (how
the web server bounds a job's time).
"""

from __future__ import annotations

import math

import pytest

from arcticroute import assumptions
from arcticroute.analysis import seasons

ARC4 = "container_4500teu_arc4"


def test_the_report_counts_every_departure_judged():
    seen: list[tuple[int, int]] = []
    s = seasons.climatology_season(
        2031, ARC4, route=("Shanghai", "Rotterdam"), on_departure=lambda d, p: seen.append((d, p))
    )
    step = assumptions.value("seasons.step_days")
    scanned = math.ceil(364 / step) + 1  # 1 Jan .. 31 Dec of a common year, 31 Dec always
    assert seen[-1][0] == len(s.per_date)
    assert [d for d, _ in seen] == list(range(1, len(seen) + 1))  # one report per departure
    assert all(d <= p for d, p in seen)
    assert seen[scanned - 1] == (scanned, scanned)  # the plan is the scan until it is done
    assert s.first_day is not None  # the NSR opens in summer, so bisection ran...
    assert seen[-1][1] > scanned  # ...and the plan grew by its steps


def test_a_report_that_raises_stops_the_scan():
    class Stop(Exception):
        pass

    calls = []

    def stop_at_five(done, planned):
        calls.append(done)
        if done == 5:
            raise Stop

    with pytest.raises(Stop):
        seasons.climatology_season(
            2032, ARC4, route=("Shanghai", "Rotterdam"), on_departure=stop_at_five
        )
    assert calls == [1, 2, 3, 4, 5]


def test_a_report_cannot_reach_into_worker_processes():
    with pytest.raises(seasons.SeasonError, match="workers=1"):
        seasons.seasons([2012], [ARC4], workers=2, on_departure=lambda d, p: None)
