"""One graph: the lanes joined to the Arctic mesh, searched as one (issue: one graph)."""

from __future__ import annotations

import hashlib
import itertools
from importlib import resources

import numpy as np
import pytest
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from arcticroute.errors import NoRouteError
from arcticroute.geo import arcticmesh, geodesy, joined
from arcticroute.geo.ports import get_port
from arcticroute.ice import icedata
from arcticroute.routing import planner, variants
from arcticroute.routing.voyage import ice_route
from arcticroute.vessel.ships import get_ship

ARC7 = get_ship("lng_arc7_yamalmax").model_copy(update={"draft_m": 9.0})
CAPE_ZHELANIYA = "76.95,68.58"  # lat,lon: the northern tip of Novaya Zemlya
CAPE_DEZHNEV = "66.08,-169.70"  # lat,lon: off the easternmost cape of Asia


@pytest.fixture(autouse=True)
def _embedded(monkeypatch):
    """The shipped climatology only (a developer's ARCTICROUTE_DATA_DIR must not leak in)."""
    monkeypatch.delenv("ARCTICROUTE_DATA_DIR", raising=False)


def _sha(name: str) -> str:
    return hashlib.sha256((resources.files("arcticroute") / "data" / name).read_bytes()).hexdigest()


def test_joins_were_built_from_the_shipped_lanes_mesh_and_ports():
    ref = resources.files("arcticroute") / "data" / joined.JOINS_FILE
    with ref.open("rb") as fh, np.load(fh) as z:
        assert str(z["network_sha256"]) == _sha("network.npz")
        assert str(z["mesh_sha256"]) == _sha(arcticmesh.MESH_FILE)
        assert str(z["ports_sha256"]) == _sha("ports.csv")


def test_every_portal_joins_the_mesh_at_known_ice():
    j = joined.load_joins()
    assert j.portals.size >= 30
    assert set(np.unique(j.join_lane)) == set(j.portals)
    assert j.known[j.join_mesh].all()
    assert (j.join_length_m > 0).all() and (j.join_length_m <= 30_000 * 1.01).all()
    # every port on the mesh sits at a node with known ice
    assert all(j.known[node] for node, _ in j.port_mesh.values())


@pytest.mark.shared
def test_joins_do_not_cross_10m_land(land_10m):
    import shapely

    j = joined.load_joins()
    mesh = arcticmesh.load_mesh()
    lon0, lat0 = j.lanes.node_lon[j.join_lane], j.lanes.node_lat[j.join_lane]
    lon1, lat1 = mesh.lon[j.join_mesh], mesh.lat[j.join_mesh]
    t = np.linspace(0.0, 1.0, 40)[:, None]
    dlon = (lon1 - lon0 + 180.0) % 360.0 - 180.0
    lons = geodesy.wrap_lon(lon0 + t * dlon)
    lats = lat0 * (1 - t) + lat1 * t
    assert not shapely.contains_xy(land_10m, lons.ravel(), lats.ravel()).any()


def test_the_mesh_has_no_arctic_crossing_for_the_other_corridors():
    """Without the transit regions the mesh's Atlantic and Pacific sides do not meet."""
    mesh = arcticmesh.load_mesh()
    flt = variants.mesh_filter("suez")
    ok = flt.edge_ok & flt.node_ok[mesh.edge_u] & flt.node_ok[mesh.edge_v]
    g = csr_matrix(
        (np.ones(int(ok.sum())), (mesh.edge_u[ok], mesh.edge_v[ok])),
        shape=(mesh.n_nodes, mesh.n_nodes),
    )
    _, part = connected_components(g, directed=False)
    barents = arcticmesh.nearest_node(40.0, 72.0, mesh)
    chukchi = arcticmesh.nearest_node(-168.0, 70.0, mesh)
    beaufort = arcticmesh.nearest_node(-140.0, 71.0, mesh)
    assert part[barents] != part[chukchi]
    assert part[barents] != part[beaufort]


def _open_water(monkeypatch):
    """Every sea cell ice-free: concentration 0 (land and unknown stay as they are)."""
    real = icedata.ice_field

    def no_ice(*args, **kwargs):
        f = real(*args, **kwargs)
        return f.replace(sic=np.where(np.isnan(f.sic), np.nan, 0.0).astype(f.sic.dtype))

    monkeypatch.setattr(icedata, "ice_field", no_ice)


def test_cape_zhelaniya_to_cape_dezhnev_stays_on_the_mesh(monkeypatch):
    """The issue's case: 2,470 nm through the Bering gateway and back; the ship sailed 2,193."""
    _open_water(monkeypatch)
    r = ice_route(CAPE_ZHELANIYA, CAPE_DEZHNEV, ARC7, "2017-08-10", "nsr", heavy_ice=False)
    assert r.ice.feasible
    assert [leg.kind for leg in r.legs] == ["approach", "ice", "approach"]
    mesh = arcticmesh.load_mesh()
    a = arcticmesh.nearest_node(68.58, 76.95, mesh)
    b = arcticmesh.nearest_node(-169.70, 66.08, mesh)
    shortest = arcticmesh.shortest_path(mesh.lon[a], mesh.lat[a], mesh.lon[b], mesh.lat[b])
    free_nm = shortest.length_m / geodesy.M_PER_NM
    assert r.ice.passage.distance_nm == pytest.approx(free_nm, rel=0.03)
    assert r.distance_nm < 2300
    nodes = r.ice.passage.nodes
    assert np.unique(nodes).size == nodes.size  # no node visited twice
    assert r.max_lat < 82.0 and r.min_lat > 64.0  # no loop south to the Bering Sea gateway


def test_a_route_into_the_kara_sea_is_judged_on_its_ice():
    """Suez -> Sabetta: the last stretch is on the mesh (lanes there ignored the ice)."""
    winter = planner.route("Shanghai", "Sabetta", via="suez", ship=ARC7, date="2026-02-01")
    assert winter.ice is not None and winter.ice.feasible
    assert winter.legs[-2].kind == "ice"
    assert winter.duration_h > winter.distance_nm / ARC7.design_speed_kn  # slowed by ice
    with pytest.raises(NoRouteError, match="no feasible suez passage from Shanghai to Sabetta"):
        planner.route(
            "Shanghai", "Sabetta", via="suez", ship="container_4500teu_arc4", date="2026-02-01"
        )


def test_a_route_may_leave_the_mesh_and_come_back():
    """Reykjavik -> Nuuk: round Cape Farewell on the lanes, south of the mesh."""
    r = planner.route("Reykjavik", "Nuuk", ship=ARC7, date="2026-08-01")
    kinds = [leg.kind for leg in r.legs]
    assert kinds.count("ice") == 2 and "sea" in kinds[kinds.index("ice") : -1]
    assert r.min_lat < 60.0
    assert r.ice.passage.segment_hours.size == r.ice.passage.nodes.size - 1


REGIONAL = [
    ("Rotterdam", "Hamburg", None),
    ("Shanghai", "Yokohama", "2026-12-15"),
    ("Shanghai", "Yokohama", "2026-08-01"),
    ("Busan", "Vladivostok", "2026-02-01"),
    ("Murmansk", "Sabetta", "2026-08-01"),
    ("Singapore", "Jakarta", None),
    ("Hamburg", "Saint Petersburg", "2026-07-01"),
    ("Rotterdam", "Bergen", "2026-01-15"),
    ("Tromso", "Murmansk", "2026-03-01"),
    ("Reykjavik", "Nuuk", "2026-08-01"),
    ("Nome", "Anadyr", "2026-08-15"),
    ("Los Angeles", "Vancouver", None),
    ("New York", "Halifax", "2026-01-10"),
    ("Piraeus", "Istanbul", None),
    ("Mumbai", "Dubai", None),
    ("Sydney", "Auckland", None),
    ("Santos", "Buenos Aires", None),
    ("Kaohsiung", "Hong Kong", "2026-06-01"),
    ("Dalian", "Busan", "2026-01-20"),
    ("Arkhangelsk", "Murmansk", "2026-08-01"),
]


@pytest.mark.parametrize(("o", "d", "day"), REGIONAL, ids=[f"{o}-{d}" for o, d, _ in REGIONAL])
def test_compare_gives_a_regional_pair_its_direct_route(o, d, day):
    c = planner.compare(o, d, ship="container_4500teu_arc4", date=day)
    assert c.routes and c.routes[0].via == "auto", c.unavailable
    assert c.corridors[0].via == "auto" and c.corridors[0].status == "route"
    direct = c.routes[0]
    po, pd = get_port(o), get_port(d)
    crow_nm = geodesy.geodesic_distance_m(po.lon, po.lat, pd.lon, pd.lat) / geodesy.M_PER_NM
    # no detour through another ocean: no canal or cape, and not three times the crow's flight
    assert not {"suez", "panama", "cape", "cape_horn", "nsr", "nwp"} & set(direct.passages)
    assert direct.distance_nm < max(3.0 * crow_nm, crow_nm + 300.0)
    statuses = {s.via: s.status for s in c.corridors}
    assert set(statuses.values()) <= {"route", "infeasible", "not_applicable", "not_considered"}
    for s in c.corridors:
        assert s.status == "route" or s.reason  # every other status says why


def test_an_arctic_variant_is_not_considered_where_it_cannot_be_shorter():
    c = planner.compare("Shanghai", "Yokohama", date="2026-08-01")
    by = {s.via: s for s in c.corridors}
    assert by["nsr"].status in ("not_applicable", "not_considered")
    assert all(r.via == "auto" for r in c.routes)
    asked = planner.compare("Shanghai", "Rotterdam", corridors=("nsr",), date="2026-08-01")
    assert [s.via for s in asked.corridors] == ["auto", "nsr"]


def test_no_path_revisits_a_node():
    for o, d in itertools.product(("Busan", "Shanghai"), ("Rotterdam", "Sabetta")):
        r = planner.route(o, d, via="nsr", ship=ARC7, date="2026-09-01")
        nodes = r.ice.passage.nodes
        assert np.unique(nodes).size == nodes.size
        pts = np.round(np.column_stack([r.lon_deg, r.lat_deg]), 6)
        _, counts = np.unique(pts, axis=0, return_counts=True)
        assert counts.max() == 1
