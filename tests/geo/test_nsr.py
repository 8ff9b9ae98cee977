import csv
import subprocess
import sys
from pathlib import Path

import pytest

from arcticroute.geo.nsr import ZONE_NAMES, nsr_crossing
from arcticroute.routing.planner import route

REPO = Path(__file__).resolve().parents[2]


def test_full_transit_crosses_all_seven_zones():
    c = nsr_crossing(route("Shanghai", "Rotterdam", via="nsr", speed_kn=14))
    assert c.zones == (1, 2, 3, 4, 5, 6, 7)
    # The centre line of Cheaitou et al. is 3,316 nm from the Barents Sea to the Bering
    # Strait; the lane-following route covers most of it.
    assert 1_800 < c.distance_nm < 3_400


@pytest.mark.parametrize(
    ("origin", "destination", "zones"),
    [
        ("Rotterdam", "Sabetta", (1, 2)),  # Kara Sea only
        ("Rotterdam", "Tiksi", (1, 2, 3, 4)),  # through Vilkitsky into the Laptev Sea
    ],
)
def test_partial_voyages(origin, destination, zones):
    assert nsr_crossing(route(origin, destination, speed_kn=14)).zones == zones


def test_suez_route_has_no_nsr_zone():
    c = nsr_crossing(route("Shanghai", "Rotterdam", via="suez", speed_kn=14))
    assert c.zones == () and c.distance_nm == 0


def test_zone_names_are_the_2013_rules():
    assert len(ZONE_NAMES) == 7 and ZONE_NAMES[7] == "Chukchi Sea"


def test_shipped_centreline_matches_build_script(shared_data, tmp_path):
    out = tmp_path / "c.csv"
    subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts/build_nsr_centreline.py"),
            "--shared",
            str(shared_data),
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    shipped = REPO / "src/arcticroute/data/nsr_centreline.csv"
    assert out.read_text() == shipped.read_text()
    rows = list(csv.DictReader(out.open()))
    # Waite et al.: total NSR sub-zone length 3,316 nm.
    assert sum(float(r["length_nm"]) for r in rows) == pytest.approx(3316)
