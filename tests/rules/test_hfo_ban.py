"""Tests for arcticroute.rules.hfo_ban: Arctic waters and the HFO ban of MARPOL Annex I 43A."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pytest
import shapely

from arcticroute.assumptions import all_assumptions, assumption, overridden, value
from arcticroute.errors import ArcticRouteError, DataFileError, InvalidCoordinateError
from arcticroute.geo import geodesy
from arcticroute.geo.land import land_polygons
from arcticroute.routing.planner import route
from arcticroute.rules.hfo_ban import (
    _AMERICAN_COAST_PROXY,
    _ASIAN_COAST_PROXY,
    ARCTIC_WATERS_POINTS,
    HFOBanArgumentError,
    HFOBanError,
    arctic_waters_polygon,
    distance_in_arctic_waters_nm,
    fuel_counts_as_hfo,
    hfo_ban_check,
    hfo_ban_status,
    in_arctic_waters,
)
from arcticroute.vessel.ships import FuelType, get_ship

D = dt.date

# --- the boundary text -----------------------------------------------------------------

# MARPOL Annex I reg. 46.2 (MEPC.265(68)) as printed in MARPOL Consolidated Edition 2017 and
# in SOLAS XIV/1 (Singapore MSA regulations), re-typed as decimal degrees by hand.
REG_46_2 = [
    ("58°00'.0 N 042°00'.0 W", 58.0, -42.0),
    ("64°37'.0 N 035°27'.0 W", 64 + 37.0 / 60, -(35 + 27.0 / 60)),
    ("67°03'.9 N 026°33'.4 W", 67 + 3.9 / 60, -(26 + 33.4 / 60)),
    ("70°49'.56 N 008°59'.61 W", 70 + 49.56 / 60, -(8 + 59.61 / 60)),
    ("73°31'.6 N 019°01'.0 E", 73 + 31.6 / 60, 19 + 1.0 / 60),
    ("68°38'.29 N 043°23'.08 E", 68 + 38.29 / 60, 43 + 23.08 / 60),
    ("60°00' N 056°37'.1 W", 60.0, -(56 + 37.1 / 60)),
]


def test_boundary_points_match_regulation_text():
    assert [p.text for p in ARCTIC_WATERS_POINTS] == [t for t, _, _ in REG_46_2]
    for p, (_, lat, lon) in zip(ARCTIC_WATERS_POINTS, REG_46_2, strict=True):
        # exact re-typing; 1e-12° is float round-off only
        assert p.lat_deg == pytest.approx(lat, abs=1e-12)
        assert p.lon_deg == pytest.approx(lon, abs=1e-12)


def _parse(text: str) -> tuple[float, float]:
    m = re.fullmatch(r"(\d+)°(\d+)'(?:\.(\d+))? N (\d+)°(\d+)'\.(\d+) ([EW])", text)
    assert m, text
    lat = int(m[1]) + float(f"{m[2]}.{m[3] or 0}") / 60
    lon = int(m[4]) + float(f"{m[5]}.{m[6]}") / 60
    return lat, (-lon if m[7] == "W" else lon)


@pytest.mark.parametrize("point", ARCTIC_WATERS_POINTS, ids=lambda p: p.text)
def test_boundary_text_parses_to_its_decimal_value(point):
    lat, lon = _parse(point.text)
    assert (point.lat_deg, point.lon_deg) == pytest.approx((lat, lon), abs=1e-12)


@pytest.mark.parametrize("point", ARCTIC_WATERS_POINTS, ids=lambda p: p.text)
def test_boundary_points_lie_on_the_area_edge(point):
    # within 1 m of the polygon boundary (float round-off of the densified ring)
    area = arctic_waters_polygon()
    assert area.boundary.distance(shapely.Point(point.lon_deg, point.lat_deg)) < 1e-5


# --- inside / outside ------------------------------------------------------------------

# (name, lon, lat, inside, why from the reg. 46.2 text)
PLACES = [
    ("Murmansk", 33.08, 68.97, False, "Kola coast is south of the Bjørnøya-Kanin Nos line"),
    ("Kola coast, Teriberka", 35.2, 69.2, False, "same line, ~71° N at 35° E"),
    ("Hammerfest", 23.68, 70.66, False, "mainland Norway is south of that line (~72.6° N here)"),
    ("Tromsø", 18.95, 69.65, False, "south of Jan Mayen-Bjørnøya point"),
    ("Arkhangelsk, White Sea", 40.5, 64.55, False, "White Sea is west of Kanin Nos"),
    ("Barents Sea 73N 35E", 35.0, 73.0, True, "north of the Bjørnøya-Kanin Nos great circle"),
    ("Pechora Sea", 55.0, 69.5, True, "north of the Asian shore east of Kanin Nos"),
    ("Gulf of Ob", 73.0, 68.0, True, "north of the Asian shore"),
    ("Sabetta", 72.05, 71.27, True, "north of the Asian shore"),
    ("Longyearbyen, Svalbard", 15.6, 78.22, True, "north of the Bjørnøya point"),
    ("Jan Mayen north coast", -8.0, 71.3, True, "north of Sørkapp"),
    ("Reykjavik", -21.9, 64.15, False, "Iceland is south of the 67°03'.9 N line"),
    ("Grimsey, Iceland", -18.0, 66.55, False, "rhumb line is at ~68.9° N at 18° W"),
    ("Denmark Strait 66N 28W", -28.0, 66.0, False, "south of the 64°37' N-67°03'.9 N line"),
    ("Nuuk", -51.7, 64.18, True, "north of 60° N west of Greenland"),
    ("Cape Farewell waters", -44.0, 59.5, True, "north of the 60° N 056°37'.1 W-58° N line"),
    ("Labrador Sea 59N 55W", -55.0, 59.0, False, "south of that line"),
    ("Ungava Bay", -67.5, 59.5, False, "south of 60° N"),
    ("Hudson Bay 61N 88W", -88.0, 61.0, True, "north of 60° N"),
    ("Churchill", -94.2, 58.77, False, "Hudson Bay south of 60° N"),
    ("Bering Strait", -169.0, 66.0, True, "north of 60° N in the Bering Sea"),
    ("Bering Sea 60.5N 180", 180.0, 60.5, True, "on the antimeridian, north of 60° N"),
    ("Bering Sea 59.5N 180", -180.0, 59.5, False, "south of 60° N"),
    ("Gulf of Anadyr", 178.0, 64.5, True, "east of the Asian shore"),
    ("Norton Sound", -163.0, 64.0, True, "west of the North American shore"),
    ("Kuskokwim Bay", -163.0, 59.5, False, "south of 60° N"),
    ("Anchorage", -149.9, 61.2, False, "Cook Inlet: Pacific side of the American shore"),
    ("Penzhina Bay", 164.0, 62.0, False, "Sea of Okhotsk side of the Asian shore"),
    ("Karaginsky Gulf", 163.8, 59.9, False, "south of 60° N, west of Il'pyrskiy"),
    ("North Pole", 0.0, 90.0, True, "the cap"),
]


@pytest.mark.parametrize(
    ("lon", "lat", "inside"), [p[1:4] for p in PLACES], ids=[p[0] for p in PLACES]
)
def test_places_inside_or_outside(lon, lat, inside):
    assert bool(in_arctic_waters(lon, lat)) is inside


def test_in_arctic_waters_is_vectorised_and_wraps_longitude():
    lon = np.array([33.08, -169.0, 191.0, 15.6 + 360.0])
    lat = np.array([68.97, 66.0, 66.0, 78.22])
    assert in_arctic_waters(lon, lat).tolist() == [False, True, True, True]


# The states that may waive (reg. 43A.4) are those whose coastline borders Arctic waters:
# one coastal position of each is inside; Iceland and mainland Norway are not.
@pytest.mark.parametrize(
    ("iso2", "lon", "lat"),
    [
        ("CA", -94.83, 74.68),  # Resolute
        ("DK", -51.7, 64.18),  # Nuuk, Greenland
        ("NO", 15.6, 78.22),  # Longyearbyen, Svalbard
        ("RU", 128.87, 71.64),  # Tiksi
        ("US", -156.79, 71.29),  # Utqiagvik
    ],
)
def test_each_waiver_state_has_arctic_coast(iso2, lon, lat):
    assert iso2 in value("hfo_ban.waiver_states")
    assert in_arctic_waters(lon, lat)


def test_waiver_states_are_the_five_arctic_coastal_states():
    assert sorted(value("hfo_ban.waiver_states")) == ["CA", "DK", "NO", "RU", "US"]
    # Iceland (Rifstangi, its northernmost point) and mainland Norway (North Cape) are outside
    assert not in_arctic_waters([-16.19, 25.78], [66.54, 71.17]).any()


# --- how the coastal stretches are modelled -------------------------------------------


def _on_land(land, path):
    line = shapely.segmentize(shapely.LineString(path), 0.01)
    xy = shapely.get_coordinates(line)
    return shapely.contains_xy(land, geodesy.wrap_lon(xy[:, 0]), xy[:, 1])


@pytest.mark.parametrize(
    "path",
    [
        [*_ASIAN_COAST_PROXY, (164.2, 60.0)],
        [(-164.13, 60.0), *_AMERICAN_COAST_PROXY, (-94.81, 60.0)],
    ],
    ids=["asia", "america"],
)
def test_coast_stand_ins_run_over_land_50m(path):
    assert _on_land(land_polygons(), path).all()


@pytest.mark.shared
@pytest.mark.parametrize(
    "path",
    [[*_ASIAN_COAST_PROXY, (164.2, 60.0)], [*_AMERICAN_COAST_PROXY]],
    ids=["asia", "america"],
)
def test_coast_stand_ins_run_over_land_10m(land_10m, path):
    assert _on_land(land_10m, path).all()


def test_jan_mayen_lies_wholly_north_of_the_line():
    # reg. 46.2 runs "by the southern shore of Jan Mayen": with the default rhumb line
    # from Sørkapp the whole island is already inside, so the shore adds nothing.
    jan_mayen = [
        g
        for g in shapely.get_parts(land_polygons())
        if g.intersects(shapely.box(-10, 70.5, -7, 71.5))
    ]
    assert len(jan_mayen) == 1
    assert arctic_waters_polygon().contains(jan_mayen[0])


def test_area_is_valid_and_within_lon_lat_bounds():
    area = arctic_waters_polygon()
    assert area.is_valid
    lon0, lat0, lon1, lat1 = area.bounds
    assert (lon0, lon1, lat1) == (-180.0, 180.0, 90.0)
    assert lat0 == pytest.approx(58.0)


def test_geodesic_alternative_changes_only_unspecified_stretches():
    with overridden({"hfo_ban.unspecified_line_type": "geodesic"}):
        geo = arctic_waters_polygon()
    rhumb = arctic_waters_polygon()
    diff = shapely.symmetric_difference(geo, rhumb)
    # Parts above float round-off (1e-6 deg², ~1 km²) lie on the unspecified stretches:
    # point 1 -> point 2, Sørkapp -> point 5, and 60° N 056°37'.1 W -> point 1.
    parts = [p for p in shapely.get_parts(diff) if p.area > 1e-6]
    assert len(parts) == 3
    for p in parts:
        lon0, _, lon1, lat1 = p.bounds
        assert lon0 >= -56.62 and lon1 <= 19.02 and lat1 <= 73.53
    assert sum(p.area for p in parts) == pytest.approx(diff.area, rel=1e-9)


def test_bad_line_type_override_fails():
    with (
        overridden({"hfo_ban.unspecified_line_type": "loxodrome"}),
        pytest.raises(DataFileError, match="unspecified_line_type must be one of"),
    ):
        arctic_waters_polygon()


# --- distances --------------------------------------------------------------------------


def test_line_wholly_inside_has_its_full_geodesic_length():
    lon, lat = [0.0, 10.0, 20.0], [80.0, 80.0, 81.0]
    expected = geodesy.path_length_m(lon, lat) / geodesy.M_PER_NM
    assert distance_in_arctic_waters_nm(lon, lat) == pytest.approx(expected, rel=1e-9)


def test_crossing_the_60n_parallel_counts_only_the_part_north_of_it():
    # along a meridian the crossing is exact: the inside part is the 60°-61° N arc
    expected = float(geodesy.geodesic_distance_m(-85, 60, -85, 61)) / geodesy.M_PER_NM
    assert distance_in_arctic_waters_nm([-85, -85], [59, 61]) == pytest.approx(expected, abs=1e-6)


def test_antimeridian_crossing_counts_both_sides():
    expected = float(geodesy.geodesic_distance_m(175, 62, -175, 62)) / geodesy.M_PER_NM
    # 1e-6: the split point at 180° is interpolated linearly between vertices 10 km apart
    got = distance_in_arctic_waters_nm([175, -175], [62, 62])
    assert got == pytest.approx(expected, rel=1e-6)
    assert distance_in_arctic_waters_nm([175, 185], [62, 62]) == pytest.approx(got, rel=1e-12)


def test_a_geodesic_between_two_points_south_of_the_area_may_bulge_into_it():
    """56° N to 56° N across 70° of longitude: the great circle's vertex is at
    atan(tan 56° / cos 35°) = 61.1° N, north of the 60° N boundary over Hudson Bay and
    Ungava (115° W-45° W), although both ends lie south of it: the segment must not be
    skipped for its ends' latitudes."""
    vertex = np.degrees(np.arctan(np.tan(np.radians(56.0)) / np.cos(np.radians(35.0))))
    assert vertex > 60.0
    full = geodesy.path_length_m([-115.0, -45.0], [56.0, 56.0]) / geodesy.M_PER_NM
    inside = distance_in_arctic_waters_nm([-115.0, -45.0], [56.0, 56.0])
    assert 0.0 < inside < full


def test_line_outside_and_short_inputs_are_zero():
    assert distance_in_arctic_waters_nm([0, 10], [50, 55]) == 0.0
    assert distance_in_arctic_waters_nm([0], [80]) == 0.0


@pytest.fixture(scope="module")
def nsr_route():
    return route("Shanghai", "Rotterdam", via="nsr", speed_kn=14)


@pytest.fixture(scope="module")
def suez_route():
    return route("Shanghai", "Rotterdam", via="suez", speed_kn=14)


def test_nsr_route_spends_thousands_of_nm_in_arctic_waters(nsr_route, suez_route):
    nm = distance_in_arctic_waters_nm(nsr_route.lon_deg, nsr_route.lat_deg)
    # Bering Sea north of 60° N to the Bjørnøya-Kanin Nos line: ~3,900 nm of ~8,400
    assert 3000 < nm < 0.6 * nsr_route.distance_nm
    assert distance_in_arctic_waters_nm(suez_route.lon_deg, suez_route.lat_deg) == 0.0


@pytest.mark.parametrize(
    ("lon", "lat", "match"),
    [
        ([0, 1], [95, 80], "outside"),
        ([0, np.nan], [80, 80], "finite"),
        ([0, 1, 2], [80, 80], "equal-length"),
        (["a", "b"], [80, 80], "numbers"),
        ([[0, 1]], [[80, 80]], "1-D"),
    ],
)
def test_bad_coordinates(lon, lat, match):
    with pytest.raises(InvalidCoordinateError, match=match):
        distance_in_arctic_waters_nm(lon, lat)


def test_bad_coordinates_in_point_test():
    with pytest.raises(InvalidCoordinateError, match="outside"):
        in_arctic_waters(0, -91)


# --- the rule ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "applies"), [(D(2024, 6, 30), False), (D(2024, 7, 1), True), (D(2030, 1, 1), True)]
)
def test_hfo_ban_date(day, applies):
    s = hfo_ban_status(day, "HFO", protected_fuel_tanks=False)
    assert s.applies is applies
    assert s.from_date == D(2024, 7, 1)
    assert "1 July 2024" in s.reason and "MEPC.329(76)" in s.reason


def test_hfo_ban_reason_text():
    s = hfo_ban_status(D(2024, 7, 1), FuelType.HFO, False)
    assert (
        s.reason
        == "HFO banned in Arctic waters from 1 July 2024 (MARPOL Annex I reg. 43A, MEPC.329(76))"
    )


@pytest.mark.parametrize(
    ("day", "applies"), [(D(2024, 7, 1), False), (D(2029, 6, 30), False), (D(2029, 7, 1), True)]
)
def test_protected_tanks_from_2029(day, applies):
    s = hfo_ban_status(day, "HFO", protected_fuel_tanks=True)
    assert s.applies is applies
    assert s.from_date == D(2029, 7, 1)
    if not applies:
        assert s.reason.startswith("protected fuel tanks")
        assert "ban applies from 1 July 2029" in s.reason


@pytest.mark.parametrize(
    ("flag", "waters", "day", "applies"),
    [
        ("RU", "RU", D(2029, 6, 30), False),  # waiver for own flag in own waters
        ("ru", "RU", D(2025, 1, 1), False),  # codes are case-insensitive
        ("RU", "RU", D(2029, 7, 1), True),  # waivers end 1 July 2029
        ("RU", "NO", D(2025, 1, 1), True),  # only in the flag state's own waters
        ("PA", "PA", D(2025, 1, 1), True),  # Panama has no Arctic coast
        ("RU", None, D(2025, 1, 1), True),  # no waiver considered
    ],
)
def test_flag_state_waiver(flag, waters, day, applies):
    s = hfo_ban_status(day, "HFO", False, flag_iso2=flag, waters_state_iso2=waters)
    assert s.applies is applies
    if not applies:
        assert s.reason == (
            "flag-state waiver by RU until 1 July 2029 in waters under its jurisdiction "
            "(MARPOL Annex I reg. 43A.4)"
        )
        assert s.from_date == D(2029, 7, 1)


@pytest.mark.parametrize("fuel", ["MGO", "LNG", FuelType.MGO, " lng "])
def test_compliant_fuels_never_restricted(fuel):
    s = hfo_ban_status(D(2030, 1, 1), fuel, False)
    assert not s.applies and s.from_date is None
    assert "does not restrict" in s.reason


def test_vlsfo_follows_the_named_assumption():
    assert assumption("hfo_ban.vlsfo_counts_as_hfo").assumed
    s = hfo_ban_status(D(2024, 7, 1), "VLSFO", False)
    assert s.applies and s.assumptions == ("hfo_ban.vlsfo_counts_as_hfo",)
    assert fuel_counts_as_hfo("VLSFO")
    with overridden({"hfo_ban.vlsfo_counts_as_hfo": False}):
        assert not hfo_ban_status(D(2024, 7, 1), "VLSFO", False).applies
        assert not fuel_counts_as_hfo("VLSFO")


@pytest.mark.parametrize(("fuel", "banned"), [("HFO", True), ("MGO", False), ("LNG", False)])
def test_fuel_counts_as_hfo(fuel, banned):
    assert fuel_counts_as_hfo(fuel) is banned


def test_datetime_accepted():
    assert hfo_ban_status(dt.datetime(2024, 7, 1, 0, 0), "HFO", False).applies


def test_dates_are_read_from_the_registry_at_call_time():
    with overridden({"hfo_ban.start_date": D(2025, 1, 1)}):
        s = hfo_ban_status(D(2024, 7, 1), "HFO", False)
    assert not s.applies and s.from_date == D(2025, 1, 1)
    with overridden({"hfo_ban.start_date": "2024-01-01"}):  # text dates are accepted too
        assert hfo_ban_status(D(2024, 2, 1), "HFO", False).applies
    with pytest.raises(DataFileError, match="date"), overridden({"hfo_ban.start_date": "soon"}):
        hfo_ban_status(D(2024, 2, 1), "HFO", False)


def test_registry_entries():
    for key in ("start_date", "protected_tanks_start_date", "waiver_end_date", "waiver_states"):
        assert assumption(f"hfo_ban.{key}").source, key
    assert value("hfo_ban.start_date") == D(2024, 7, 1)
    assert value("hfo_ban.protected_tanks_start_date") == D(2029, 7, 1)
    assert value("hfo_ban.waiver_end_date") == D(2029, 7, 1)
    assumed = {a.key for a in all_assumptions() if a.key.startswith("hfo_ban.")}
    assert assumed == {
        "hfo_ban.vlsfo_counts_as_hfo",
        "hfo_ban.switch_fuel",
        "hfo_ban.unspecified_line_type",
        "hfo_ban.ilpyrskiy_lon_deg",
    }


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"voyage_date": "2024-07-01"}, "voyage_date must be a datetime.date"),
        ({"voyage_date": 2024}, "voyage_date must be a datetime.date"),
        ({"fuel_type": "diesel"}, "fuel_type 'diesel' is not known; valid: HFO, VLSFO, MGO, LNG"),
        ({"fuel_type": 3}, "fuel_type 3 is not known"),
        ({"flag_iso2": "RUS"}, "flag_iso2 must be an ISO 3166-1 alpha-2"),
        ({"waters_state_iso2": 7}, "waters_state_iso2 must be an ISO 3166-1 alpha-2"),
    ],
)
def test_status_bad_inputs(kwargs, match):
    args = {"voyage_date": D(2024, 7, 1), "fuel_type": "HFO", "protected_fuel_tanks": False}
    with pytest.raises(HFOBanArgumentError, match=match):
        hfo_ban_status(**(args | kwargs))


def test_fuel_counts_as_hfo_bad_input():
    with pytest.raises(HFOBanArgumentError, match="not known"):
        fuel_counts_as_hfo("bunker C")


# --- the check on a route ---------------------------------------------------------------


@pytest.fixture(scope="module")
def hfo_ship():
    return get_ship("container_4500teu_arc4").replace(
        fuel_type="HFO", protected_fuel_tanks=False, flag="RU"
    )


def test_error_policy_raises_naming_rule_date_and_fix(nsr_route, hfo_ship):
    with pytest.raises(
        HFOBanError, match=r"1 July 2024 \(MARPOL Annex I reg\. 43A.*--fuel MGO"
    ) as err:
        hfo_ban_check(nsr_route, hfo_ship, D(2024, 7, 1))
    assert isinstance(err.value, ArcticRouteError) and isinstance(err.value, ValueError)
    assert "nm in Arctic waters" in str(err.value)


def test_switch_policy_returns_the_arctic_distance(nsr_route, hfo_ship):
    c = hfo_ban_check(nsr_route, hfo_ship, D(2024, 7, 1), policy="switch")
    assert c.status.applies and c.action == "switch"
    assert c.switch_fuel is FuelType.MGO
    assert c.switch_distance_nm == c.arctic_distance_nm > 3000
    assert c.arctic_distance_nm == distance_in_arctic_waters_nm(
        nsr_route.lon_deg, nsr_route.lat_deg
    )
    assert hfo_ban_check(
        nsr_route, hfo_ship, D(2024, 7, 1), "switch", switch_to="lng"
    ).switch_fuel is (FuelType.LNG)


@pytest.mark.parametrize(
    ("case", "changes", "day", "waiver"),
    [
        ("before the ban", {}, D(2024, 6, 30), False),
        ("compliant fuel", {"fuel_type": "MGO"}, D(2024, 7, 1), False),
        ("protected tanks", {"protected_fuel_tanks": True}, D(2025, 1, 1), False),
        ("flag waiver", {}, D(2025, 1, 1), True),
    ],
)
def test_no_action_cases(nsr_route, hfo_ship, case, changes, day, waiver):
    c = hfo_ban_check(nsr_route, hfo_ship.replace(**changes), day, waiver_flag_state=waiver)
    assert c.action == "none" and c.switch_distance_nm == 0.0 and c.switch_fuel is None
    assert not c.status.applies
    assert c.arctic_distance_nm > 3000  # still reported


def test_flag_is_ignored_without_a_waiver(nsr_route, hfo_ship):
    c = hfo_ban_check(nsr_route, hfo_ship.replace(flag="Russia"), D(2024, 7, 1), "switch")
    assert c.action == "switch"


def test_route_outside_arctic_waters_needs_no_action(suez_route, hfo_ship):
    c = hfo_ban_check(suez_route, hfo_ship, D(2024, 7, 1))
    assert c.status.applies and c.arctic_distance_nm == 0.0 and c.action == "none"


@pytest.mark.parametrize(
    ("kwargs", "ship_changes", "match"),
    [
        ({"policy": "ignore"}, {}, "policy 'ignore' is not known; valid: error, switch"),
        ({"switch_to": "HFO"}, {}, "switch_to HFO is itself banned"),
        ({"switch_to": "petrol"}, {}, "switch_to 'petrol' is not known"),
        ({"voyage_date": "2024-07-01"}, {}, "voyage_date must be a datetime.date"),
        ({"waiver_flag_state": True}, {"flag": None}, r"waiver_flag_state=True needs .* flag None"),
        ({"waiver_flag_state": True}, {"flag": "PA"}, "CA, DK, NO, RU, US"),
        ({"waiver_flag_state": True}, {"flag": "Russia"}, "ship.flag must be an ISO 3166-1"),
    ],
)
def test_check_bad_inputs(nsr_route, hfo_ship, kwargs, ship_changes, match):
    args = {"voyage_date": D(2024, 7, 1)} | kwargs
    with pytest.raises(HFOBanArgumentError, match=match):
        hfo_ban_check(nsr_route, hfo_ship.replace(**ship_changes), **args)
