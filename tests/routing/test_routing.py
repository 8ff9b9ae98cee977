import itertools

import numpy as np
import pytest

from arcticroute.errors import (
    InvalidCoordinateError,
    NoRouteError,
    PointOnLandError,
    UnknownPassageError,
    UnknownPortError,
)
from arcticroute.geo import geodesy
from arcticroute.geo.passages import COMPARE_CORRIDORS, CORRIDORS
from arcticroute.routing.lanes import ICE_NOT_CONSIDERED, distance_matrix
from arcticroute.routing.planner import compare, route

ASIA = ["Shanghai", "Busan", "Yokohama", "Dalian"]
EUROPE = ["Rotterdam", "Hamburg"]
PAIRS = list(itertools.product(ASIA, EUROPE))
SPEED = 14.0


@pytest.fixture(scope="module")
def comparisons():
    return {(o, d): compare(o, d, speed_kn=SPEED) for o, d in PAIRS}


@pytest.mark.parametrize(("o", "d"), PAIRS)
def test_every_corridor_connects(comparisons, o, d):
    c = comparisons[(o, d)]
    assert [r.via for r in c.routes] == ["auto", *COMPARE_CORRIDORS]
    assert c.unavailable == {}
    assert [s.via for s in c.corridors] == ["auto", *COMPARE_CORRIDORS]
    assert {s.status for s in c.corridors} == {"route"}


@pytest.mark.parametrize(("o", "d"), PAIRS)
def test_reported_passages(comparisons, o, d):
    c = comparisons[(o, d)]
    expected = {
        "auto": {"malacca", "babelmandeb", "suez", "gibraltar"},
        "suez": {"malacca", "babelmandeb", "suez", "gibraltar"},
        "cape": {"cape"},
        "panama": {"panama"},
        "nsr": {"bering", "nsr"},
        "nwp": {"bering", "nwp"},
    }
    for r in c.routes:
        assert expected[r.via] <= set(r.passages), (r.via, r.passages)


@pytest.mark.parametrize(("o", "d"), PAIRS)
def test_forbidden_passage_never_appears(comparisons, o, d):
    for r in comparisons[(o, d)].routes:
        assert not set(r.passages) & CORRIDORS[r.via].forbidden, (r.via, r.passages)
        for leg in r.legs:
            assert not set(leg.passages) & CORRIDORS[r.via].forbidden


@pytest.mark.parametrize(("o", "d"), PAIRS)
def test_nsr_is_18_to_40_percent_shorter_than_suez(comparisons, o, d):
    c = comparisons[(o, d)]
    saving = c.saving_vs_suez(c.by_via("nsr"))["distance_pct"]
    assert 18.0 <= saving <= 40.0


def test_known_savings():
    # The reference values on the marnet lanes: ~21% from Shanghai, ~33% from Yokohama.
    for port, pct in (("Shanghai", 21.0), ("Yokohama", 33.0)):
        c = compare(port, "Rotterdam", speed_kn=SPEED, corridors=("suez", "nsr"))
        assert c.saving_vs_suez(c.by_via("nsr"))["distance_pct"] == pytest.approx(pct, abs=1.5)


def test_route_arithmetic(comparisons):
    r = comparisons[("Shanghai", "Rotterdam")].by_via("suez")
    assert r.distance_km == pytest.approx(r.distance_nm * 1.852)
    assert r.duration_h == pytest.approx(r.distance_nm / SPEED)
    assert sum(leg.distance_m for leg in r.legs) == pytest.approx(r.distance_m)
    # Geometry follows the same geodesics, so its length equals the reported distance.
    assert geodesy.path_length_m(*r.densified) == pytest.approx(r.distance_m, rel=1e-6)
    assert r.legs[0].kind == "approach" and r.legs[-1].kind == "approach"


def test_arctic_routes_say_ice_not_considered(comparisons):
    c = comparisons[("Busan", "Hamburg")]
    assert ICE_NOT_CONSIDERED in c.by_via("nsr").assumptions
    assert ICE_NOT_CONSIDERED in c.by_via("nwp").assumptions
    assert ICE_NOT_CONSIDERED not in c.by_via("suez").assumptions


def test_nsr_goes_north(comparisons):
    c = comparisons[("Shanghai", "Rotterdam")]
    assert c.by_via("nsr").max_lat > 75.0
    assert c.by_via("suez").max_lat < 55.0


def test_auto_is_shortest_non_arctic(comparisons):
    c = comparisons[("Shanghai", "Rotterdam")]
    auto = route("Shanghai", "Rotterdam", speed_kn=SPEED)
    non_arctic = [r.distance_m for r in c.routes if r.via in ("suez", "cape", "panama")]
    assert auto.distance_m == pytest.approx(min(non_arctic))
    assert "nsr" not in auto.passages


def test_distance_matrix_matches_single_routes(comparisons):
    for via in ("suez", "nsr", "cape"):
        m = distance_matrix(ASIA, EUROPE, via=via)
        for (i, o), (j, d) in itertools.product(enumerate(ASIA), enumerate(EUROPE)):
            assert m[i, j] == pytest.approx(comparisons[(o, d)].by_via(via).distance_nm)


def test_distance_matrix_marks_unusable_corridor_nan():
    # Between two North Sea ports the shortest Suez-filtered path does not use Suez.
    m = distance_matrix(["Rotterdam", "Shanghai"], ["Hamburg"], via="suez")
    assert np.isnan(m[0, 0]) and np.isfinite(m[1, 0])


def test_corridor_that_does_not_apply():
    with pytest.raises(NoRouteError, match="via the Suez Canal"):
        route("Rotterdam", "Hamburg", via="suez", speed_kn=SPEED)


def test_position_input():
    r = route("31.0,122.5", "51.95,3.9", via="suez", speed_kn=SPEED)
    assert r.origin.locode == ""
    assert "suez" in r.passages


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        (("Shanghai", "Rotterdm"), UnknownPortError, "Rotterdam"),
        (("Shanghai", "Rotterdam", "northeast"), UnknownPassageError, "use one of"),
        (("Shanghai", "95,10"), InvalidCoordinateError, "lat"),
        (("48.85,2.35", "Shanghai"), PointOnLandError, "on land"),
        (("45.0,80.0", "Shanghai"), PointOnLandError, "on land"),
    ],
)
def test_bad_inputs(args, error, match):
    with pytest.raises(error, match=match):
        route(*args, speed_kn=SPEED)


@pytest.mark.parametrize("speed", [0.0, -3.0, 100.0])
def test_bad_speed(speed):
    with pytest.raises(ValueError, match="speed_kn"):
        route("Shanghai", "Rotterdam", speed_kn=speed)


def test_geometry_split_at_antimeridian(comparisons):
    from arcticroute.analysis.report import geometry

    g = geometry(comparisons[("Shanghai", "Rotterdam")].by_via("nsr"))
    assert g["type"] == "MultiLineString"
    for part in g["coordinates"]:
        assert all(-180 <= x <= 180 for x, _ in part)


# --- no route crosses land ------------------------------------------------

CANALS = {  # lon_min, lat_min, lon_max, lat_max (exempt: ships sail through land here)
    "suez": (32.1, 29.8, 32.7, 31.4),
    "panama": (-80.0, 8.8, -79.4, 9.5),
    "kiel": (9.0, 53.8, 10.3, 54.5),
}
MAX_LAND_KM = 10.0
APPROACH_SKIP_KM = 30.0


def _stretches_km(lon, lat, land, skip_start_km=0.0, skip_end_km=0.0):
    import shapely

    lon, lat = geodesy.densify(lon, lat, 1_000.0)
    wlon = geodesy.wrap_lon(lon)
    step = geodesy.geodesic_distance_m(wlon[:-1], lat[:-1], wlon[1:], lat[1:]) / 1000.0
    along = np.r_[0.0, np.cumsum(step)]
    on_land = shapely.contains_xy(land, wlon, lat)
    on_land &= (along >= skip_start_km) & (along <= along[-1] - skip_end_km)
    for x0, y0, x1, y1 in CANALS.values():
        on_land &= ~((wlon >= x0) & (wlon <= x1) & (lat >= y0) & (lat <= y1))
    edges = np.diff(np.r_[0, on_land.astype(int), 0])
    starts, stops = np.where(edges == 1)[0], np.where(edges == -1)[0]
    return [
        along[min(b, along.size - 1)] - along[max(a - 1, 0)]
        for a, b in zip(starts, stops, strict=True)
    ]


def land_stretches_km(r, land):
    """Lengths (km) of the stretches of a route's geodesic over land.

    Each leg is densified to 1 km, so a stretch is measured to about 1 km.
    Not counted: canals (Suez, Panama, Kiel), the first/last 30 km (port
    approaches), and legs tagged ``inland``: lanes up rivers and estuaries
    (the Nieuwe Waterweg to Rotterdam, the Elbe to Hamburg, the Huangpu to
    Shanghai) that the 1:10m land polygons cover although ships sail them
    daily. ``test_inland_stretches_are_port_rivers`` bounds what that
    exemption can hide.
    """
    out = []
    for i, leg in enumerate(r.legs):
        if "inland" in leg.passages:
            continue
        out += _stretches_km(
            leg.lon_deg,
            leg.lat_deg,
            land,
            skip_start_km=APPROACH_SKIP_KM if i == 0 else 0.0,
            skip_end_km=APPROACH_SKIP_KM if i == len(r.legs) - 1 else 0.0,
        )
    return out


def test_inland_stretches_are_port_rivers(comparisons):
    # The exemption above covers port rivers only: no inland leg on the named
    # routes is longer than the Elbe from its mouth to Hamburg (~70 nm).
    for c in comparisons.values():
        for r in c.routes:
            for leg in r.legs:
                if "inland" in leg.passages:
                    assert leg.distance_nm < 80, (r.via, leg)


@pytest.mark.parametrize(("o", "d"), PAIRS)
def test_named_routes_stay_at_sea(comparisons, land_10m, o, d):
    for r in comparisons[(o, d)].routes:
        worst = max(land_stretches_km(r, land_10m), default=0.0)
        assert worst <= MAX_LAND_KM, f"{o}->{d} via {r.via}: {worst:.1f} km over land"


def test_random_routes_stay_at_sea(land_10m):
    from arcticroute.geo.ports import all_ports

    rng = np.random.default_rng(20261129)
    ports = [p for p in all_ports() if p.locode]
    picks = rng.choice(len(ports), size=(25, 2), replace=False)
    bad, checked = [], 0
    for i, j in picks:
        try:
            r = route(ports[i], ports[j], speed_kn=SPEED)
        except (NoRouteError, PointOnLandError):
            continue
        checked += 1
        worst = max(land_stretches_km(r, land_10m), default=0.0)
        if worst > MAX_LAND_KM:
            bad.append(f"{r.origin.name}->{r.destination.name}: {worst:.0f} km")
    assert checked >= 20  # most random pairs have a route: the check is not vacuous
    assert not bad, bad


ARCTIC_PORTS = [
    "Murmansk",
    "Arkhangelsk",
    "Sabetta",
    "Dudinka",
    "Tiksi",
    "Pevek",
    "Provideniya",
    "Hammerfest",
    "Kirkenes",
]


@pytest.mark.parametrize("port", ARCTIC_PORTS)
def test_arctic_ports_reachable_from_rotterdam_and_shanghai(port):
    for other in ("Rotterdam", "Shanghai"):
        r = route(other, port, speed_kn=SPEED)
        assert r.distance_nm > 0
        if "nsr" in r.passages:
            assert ICE_NOT_CONSIDERED in r.assumptions
            assert any("uses Arctic waters" in a for a in r.assumptions)
    m = distance_matrix(["Rotterdam", "Shanghai"], [port])
    assert np.isfinite(m).all()


def test_east_asian_and_arctic_special_ports_connect():
    for port in ("Kitakyushu", "Zarubino", "Rajin", "Tobata"):
        assert route("Shanghai", port, speed_kn=SPEED).distance_nm < 1500


def test_tree_cache_gives_identical_routes():
    a = route("Busan", "Hamburg", via="cape", speed_kn=SPEED)
    b = route("Busan", "Hamburg", via="cape", speed_kn=SPEED)
    assert a.distance_m == b.distance_m
    np.testing.assert_array_equal(a.lon_deg, b.lon_deg)


def _same_edge_pairs(limit=6):
    """Catalogue port pairs that attach inside the same lane edge."""
    from arcticroute.geo.network import load_network
    from arcticroute.geo.ports import all_ports

    net = load_network()
    by_edge = {}
    for p in all_ports()[::7]:
        a = net.approach(p)
        if a.edge >= 0:
            by_edge.setdefault(a.edge, []).append(p)
    pairs = [(ps[0], ps[1]) for ps in by_edge.values() if len(ps) > 1]
    return pairs[:limit]


@pytest.mark.parametrize("via", ["auto", "suez", "nsr"])
def test_matrix_equals_route_for_same_edge_and_same_port(via):
    pairs = [*_same_edge_pairs(), ("Tiksi", "Pevek"), ("Sabetta", "Sabetta"), ("Tiksi", "Tiksi")]
    for o, d in pairs:
        m = distance_matrix([o], [d], via=via)[0, 0]
        try:
            nm = route(o, d, via=via, speed_kn=SPEED).distance_nm
        except NoRouteError:
            nm = np.nan
        assert (np.isnan(m) and np.isnan(nm)) or m == pytest.approx(nm, abs=1e-6), (o, d, via)


def test_same_port_is_zero_distance():
    r = route("Sabetta", "Sabetta", speed_kn=SPEED)
    assert r.distance_m == 0 and r.duration_h == 0
    assert distance_matrix(["Busan"], ["Busan"])[0, 0] == 0


def test_empty_matrix():
    assert distance_matrix([], ["Rotterdam"]).shape == (0, 1)
    assert distance_matrix(["Rotterdam"], []).shape == (1, 0)


def test_route_arrays_are_read_only():
    r = route("Shanghai", "Rotterdam", speed_kn=SPEED)
    with pytest.raises(ValueError, match="read-only"):
        r.legs[0].lon_deg[0] = 0.0


def test_far_position_message_names_hemisphere():
    with pytest.raises(PointOnLandError, match=r"70\.0000S"):
        route("-70,0", "Cape Town", speed_kn=SPEED)


def test_hierarchy_routes_equal_full_searches():
    """The contraction hierarchy gives the lengths a full Dijkstra gives, for every filter."""
    import hashlib
    from importlib import resources

    from arcticroute.geo.hierarchy import lane_hierarchy
    from arcticroute.geo.network import load_network
    from arcticroute.geo.ports import all_ports
    from arcticroute.routing.lanes import solve

    net = load_network()
    ref = resources.files("arcticroute") / "data" / "lane_hierarchy.npz"
    with ref.open("rb") as fh, np.load(fh) as z:
        built_for = str(z["network_sha256"])
    shipped = (resources.files("arcticroute") / "data" / "network.npz").read_bytes()
    assert built_for == hashlib.sha256(shipped).hexdigest()
    rng = np.random.default_rng(7)
    ports = [p for p in all_ports() if p.locode]
    for via in CORRIDORS:
        mask = CORRIDORS[via].forbidden_mask
        assert lane_hierarchy(mask, net.n_nodes) is not None
        for i, j in rng.integers(0, len(ports), (25, 2)):
            try:
                ao, ad = net.approach(ports[i]), net.approach(ports[j])
            except PointOnLandError:
                continue
            fast = solve(net, ao, ad, mask)
            dist, _ = net.shortest_tree(ao, mask)
            full = min(
                (dist[b.node] + b.along_m for b in ad.ends if not b.tags & mask), default=np.inf
            )
            if fast is None:
                assert not np.isfinite(full)
                continue
            if not fast.direct:
                assert fast.distance_m == pytest.approx(full, rel=1e-9), (via, i, j)
                assert np.all(np.diff(fast.nodes) != 0) and net.edge_ids(fast.nodes).size
