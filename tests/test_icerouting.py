"""Ice-aware NSR passage and voyage (embedded climatology only: no shared data)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from arcticroute import arcticmesh, geodesy, icedata, icerouting, routing
from arcticroute.errors import InvalidCoordinateError
from arcticroute.icerouting import (
    EAST_GATEWAY,
    NO_PATH,
    WEST_GATEWAY,
    IceRoutingError,
    ice_aware_nsr_voyage,
    ice_passage,
    node_speeds_kn,
)

MARCH = dt.date(2024, 3, 15)
SEPT = dt.date(2024, 9, 15)
VILKITSKY = (104.0, 77.75)  # lon, lat: mid-strait between Cape Chelyuskin and Bolshevik Island
SEASON_WORDS = "outside the NSR season"


def _near(lon, lat, point, radius_m):
    return geodesy.geodesic_distance_m(lon, lat, *point) < radius_m


@pytest.fixture(scope="module")
def mesh():
    return arcticmesh.load_mesh()


@pytest.fixture(scope="module")
def arc7_sept():
    return ice_passage("lng_arc7_yamalmax", SEPT)


def test_no_ice_class_in_march_is_closed_and_out_of_season():
    p = ice_passage("panamax_bulker", MARCH)
    assert not p.feasible
    assert not p.season_ok
    assert any(SEASON_WORDS in r for r in p.reasons)
    assert NO_PATH in p.reasons
    assert np.isnan(p.distance_nm) and p.nodes.size == 0
    assert p.ice_source == "climatology"


def test_no_ice_class_before_1_july_is_out_of_season():
    p = ice_passage("panamax_bulker", "2024-06-30")
    assert not p.feasible
    assert any(SEASON_WORDS in r for r in p.reasons)
    assert ice_passage("panamax_bulker", "2024-07-01").season_ok


def test_arc7_september_is_feasible(arc7_sept):
    p = arc7_sept
    assert p.feasible, p.reasons
    assert p.reasons == ()
    assert p.season_ok
    assert p.ice_source == "climatology"
    assert 2500 < p.distance_nm < 3300
    # hours at least the distance at design speed (19.5 kn), never faster
    assert p.hours >= p.distance_nm / 19.5 - 1e-6
    assert 0.0 <= p.mean_sic <= p.max_sic <= 1.0
    assert p.min_speed_kn > 0
    assert p.lon[0] == pytest.approx(WEST_GATEWAY[0], abs=0.5)
    assert p.lon[-1] == pytest.approx(EAST_GATEWAY[0], abs=0.5)


def test_arc4_september_feasible_but_march_not():
    # Under the conservative default stage (HMY wherever there is ice), Arc4 (= PC7)
    # passes only where the median concentration is below the open-water threshold
    # (performance.open_water_sic_max = 0.10): September's median leaves such a path.
    sept = ice_passage("container_4500teu_arc4", SEPT)
    assert sept.feasible, sept.reasons
    assert sept.max_sic < 0.10
    assert sept.hours == pytest.approx(sept.distance_nm / 20.0, rel=1e-6)  # full design speed
    march = ice_passage("container_4500teu_arc4", MARCH)
    assert not march.feasible and march.reasons == (NO_PATH,)  # Arc4: no season limit


def test_arc7_march_is_closed_under_conservative_stages():
    # Winter ice everywhere read as heavy multi-year: even Arc7 gets no path
    # (POLARIS special consideration, not permitted under "normal_only").
    p = ice_passage("lng_arc7_yamalmax", MARCH)
    assert not p.feasible and p.reasons == (NO_PATH,)


def test_passage_distance_near_open_water_nsr(arc7_sept):
    lanes = routing.route(
        f"{WEST_GATEWAY[1]},{WEST_GATEWAY[0]}", f"{EAST_GATEWAY[1]},{EAST_GATEWAY[0]}", via="nsr"
    )
    great_circle = geodesy.geodesic_distance_m(*WEST_GATEWAY, *EAST_GATEWAY) / geodesy.M_PER_NM
    assert great_circle < arc7_sept.distance_nm
    assert 0.7 * lanes.distance_nm < arc7_sept.distance_nm < 1.15 * lanes.distance_nm


def test_blocking_vilkitsky_closes_the_route(mesh, arc7_sept):
    assert _near(arc7_sept.lon, arc7_sept.lat, VILKITSKY, 60e3).any()  # uses the strait
    speed, _ = node_speeds_kn("lng_arc7_yamalmax", SEPT)
    speed = speed.copy()
    speed[_near(mesh.lon, mesh.lat, VILKITSKY, 80e3)] = 0.0
    p = ice_passage("lng_arc7_yamalmax", SEPT, node_speed_kn=speed)
    # September median ice closes Shokalsky Strait and the north of Severnaya Zemlya too
    assert not p.feasible and p.reasons == (NO_PATH,)


def test_blocking_vilkitsky_bends_the_route(mesh):
    speed, _ = node_speeds_kn("lng_arc7_yamalmax", SEPT)
    speed = speed.copy()
    # what-if: open the sea around Severnaya Zemlya (Shokalsky Strait, ~79°N)
    speed[(mesh.lat > 78.3) & (mesh.lat < 80.5) & (mesh.lon > 85) & (mesh.lon < 115)] = 10.0
    open_ = ice_passage("lng_arc7_yamalmax", SEPT, node_speed_kn=speed)
    assert _near(open_.lon, open_.lat, VILKITSKY, 60e3).any()
    speed[_near(mesh.lon, mesh.lat, VILKITSKY, 80e3)] = 0.0
    bent = ice_passage("lng_arc7_yamalmax", SEPT, node_speed_kn=speed)
    assert bent.feasible
    assert not _near(bent.lon, bent.lat, VILKITSKY, 80e3).any()
    assert bent.max_lat > 78.3
    assert bent.hours > open_.hours


def test_unknown_ice_is_never_open_water(monkeypatch):
    speed, info = node_speeds_kn("lng_arc7_yamalmax", SEPT)
    assert info.unknown.any()
    assert np.all(speed[info.unknown] == 0.0)
    assert np.all(np.isnan(info.sic[info.unknown]))

    real = icedata.ice_for

    def all_unknown(*args, **kwargs):
        ds = real(*args, **kwargs).copy(deep=True)
        return ds.assign(sic=ds.sic * np.nan)

    monkeypatch.setattr(icerouting.icedata, "ice_for", all_unknown)
    speed, info = node_speeds_kn("lng_arc7_yamalmax", SEPT)
    assert info.unknown.all() and not speed.any()
    p = ice_passage("lng_arc7_yamalmax", SEPT)
    assert not p.feasible and NO_PATH in p.reasons


def test_node_speeds_bounded_and_read_only():
    speed, info = node_speeds_kn("container_4500teu_arc4", SEPT)
    assert speed.shape == (arcticmesh.load_mesh().n_nodes,)
    assert np.all((speed >= 0) & (speed <= 20.0))
    assert np.all(speed <= info.performance_kn) and np.all(speed <= info.polaris_kn)
    assert info.season == "SummerAutumn" and info.ice_class == "Arc4"
    assert info.filled.any()
    with pytest.raises(ValueError):
        speed[0] = 1.0


def test_voyage_both_directions():
    east = ice_aware_nsr_voyage("Rotterdam", "Shanghai", "lng_arc7_yamalmax", SEPT)
    assert east.feasible and not east.westbound
    total = east.to_gateway.distance_nm + east.passage.distance_nm + east.from_gateway.distance_nm
    assert east.distance_nm == pytest.approx(total)
    assert 6500 < east.distance_nm < 9500
    assert east.hours > east.distance_nm / 19.5 - 1e-6
    west = ice_aware_nsr_voyage("Shanghai", "Rotterdam", "lng_arc7_yamalmax", SEPT)
    assert west.westbound
    assert west.distance_nm == pytest.approx(east.distance_nm, rel=1e-6)


def test_voyage_no_ice_class_in_march():
    v = ice_aware_nsr_voyage("Rotterdam", "Shanghai", "panamax_bulker", MARCH)
    assert not v.feasible and np.isnan(v.distance_nm)
    assert any(SEASON_WORDS in r for r in v.reasons)


def test_bad_inputs(mesh):
    with pytest.raises(IceRoutingError, match="unknown policy"):
        node_speeds_kn("lng_arc7_yamalmax", SEPT, policy="reckless")
    with pytest.raises(IceRoutingError, match="date must be"):
        ice_passage("lng_arc7_yamalmax", 20240915)
    with pytest.raises(IceRoutingError, match="date must be"):
        ice_passage("lng_arc7_yamalmax", "mid-September")
    with pytest.raises(IceRoutingError, match="ship must be"):
        ice_passage(42, SEPT)
    with pytest.raises(IceRoutingError, match="node_speed_kn must have shape"):
        ice_passage("lng_arc7_yamalmax", SEPT, node_speed_kn=np.ones(3))
    with pytest.raises(IceRoutingError, match="node_speed_kn must have shape"):
        ice_passage("lng_arc7_yamalmax", SEPT, node_speed_kn=np.full(mesh.n_nodes, np.nan))
    with pytest.raises(IceRoutingError, match="west must be"):
        ice_passage("lng_arc7_yamalmax", SEPT, west=(33.0,))
    with pytest.raises(InvalidCoordinateError, match="mesh"):
        ice_passage("lng_arc7_yamalmax", SEPT, east=(140.0, 35.0))
    with pytest.raises(IceRoutingError, match="unknown policy"):
        ice_aware_nsr_voyage("Rotterdam", "Shanghai", "lng_arc7_yamalmax", SEPT, policy="x")
