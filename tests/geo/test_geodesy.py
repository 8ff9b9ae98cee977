import numpy as np
import pytest

from arcticroute.geo import geodesy


def test_equator_degree_matches_geographiclib():
    # One degree of longitude on the WGS84 equator is a * pi / 180 = 111319.4908 m
    # (a = 6378137 m, exact from the ellipsoid definition).
    assert geodesy.path_length_m([0, 1], [0, 0]) == pytest.approx(111_319.4908, abs=1e-3)


def test_meridian_quadrant():
    # WGS84 meridian quadrant (equator to pole) is 10 001 965.729 m (Karney 2011).
    assert geodesy.path_length_m([0, 0], [0, 90]) == pytest.approx(10_001_965.729, abs=1e-2)


def test_densify_spacing_and_length():
    lon, lat = geodesy.densify([120, -10], [30, 50], 50_000)
    steps = geodesy.geodesic_distance_m(lon[:-1], lat[:-1], lon[1:], lat[1:])
    assert steps.max() <= 50_000 + 1e-6
    # The densified line follows the geodesic, so its length is unchanged.
    assert geodesy.path_length_m(lon, lat) == pytest.approx(
        geodesy.path_length_m([120, -10], [30, 50]), rel=1e-9
    )


def test_densify_rejects_bad_step():
    with pytest.raises(ValueError, match="max_step_m must be positive"):
        geodesy.densify([0, 1], [0, 0], 0)


def test_densify_unwraps_across_antimeridian():
    lon, _ = geodesy.densify([170, -170], [60, 60], 50_000)
    assert np.all(np.diff(lon) > 0)
    assert lon[-1] == pytest.approx(190)


def test_split_antimeridian_parts_stay_in_range():
    parts = geodesy.split_antimeridian([170, 185, 200], [60, 62, 64])
    assert len(parts) == 2
    (lon1, lat1), (lon2, lat2) = parts
    assert lon1[-1] == 180 and lon2[0] == -180
    assert lat1[-1] == pytest.approx(lat2[0])
    for lon, _ in parts:
        assert np.all((lon >= -180) & (lon <= 180))


def test_split_antimeridian_westward():
    parts = geodesy.split_antimeridian([-170, -185], [0, 0])
    assert [p[0][0] for p in parts] == [-170, 180]
    assert parts[0][0][-1] == -180


def test_split_no_crossing_is_one_part():
    assert len(geodesy.split_antimeridian([0, 10, 20], [0, 1, 2])) == 1


def test_wrap_lon():
    np.testing.assert_allclose(geodesy.wrap_lon([180, 190.5, -180, 359]), [-180, -169.5, -180, -1])
