"""Tests of the Arctic routing mesh (arcticroute.geo.arcticmesh, scripts/build_arctic_mesh.py)."""

from __future__ import annotations

import importlib.util
import time
import tracemalloc
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
import shapely
from pyproj import Transformer
from scipy.spatial import cKDTree

from arcticroute.errors import InvalidCoordinateError, NoRouteError
from arcticroute.geo import arcticmesh, geodesy

REPO = Path(__file__).resolve().parents[2]

# name: (west/south end, east/north end, strait centre, max km from the centre)
# Ends are at sea on either side; the centre check proves the path uses the
# strait and does not go round. The distance allows for half the strait width.
STRAITS = {
    "kara_gates": ((55.5, 70.0), (61.0, 70.5), (58.3, 70.4), 25.0),
    "vilkitsky": ((99.0, 77.9), (107.0, 78.0), (104.0, 77.95), 30.0),
    "shokalsky": ((98.5, 78.6), (103.0, 79.7), (100.5, 79.1), 15.0),
    "dmitry_laptev": ((139.0, 72.95), (145.5, 73.0), (142.5, 72.95), 25.0),
    "sannikov": ((136.5, 74.6), (143.5, 74.0), (140.0, 74.3), 30.0),
    "long": ((172.0, 70.0), (-174.0, 69.5), (-179.8, 69.9), 75.0),
    "bering": ((-170.5, 64.5), (-168.5, 67.5), (-168.9, 65.8), 45.0),
    "barrow_strait": ((-82.0, 74.2), (-105.0, 74.5), (-93.0, 74.3), 30.0),
}
# A strait path may bend round headlands; 1.6 x the geodesic is generous but
# still far below going round the islands (e.g. Novaya Zemlya: > 5 x).
STRAIT_FACTOR = 1.6

# Open-water pairs whose geodesic stays at sea (checked in the test).
OPEN_WATER = {
    "barents": ((20.0, 73.0), (50.0, 74.0)),
    "central_arctic": ((0.0, 84.0), (150.0, 82.0)),
    "transpolar": ((60.0, 81.0), (-120.0, 80.0)),
    "eurasian_basin": ((-30.0, 86.0), (120.0, 80.0)),
    "norwegian_barents": ((-5.0, 72.0), (30.0, 76.0)),
    "beaufort": ((-160.0, 73.0), (-135.0, 74.5)),
}


@pytest.fixture(scope="module")
def mesh():
    return arcticmesh.load_mesh()


def _land_points(land, lon, lat, step_m=1000.0) -> int:
    dl, dla = geodesy.densify(lon, lat, step_m)
    return int(shapely.contains_xy(land, geodesy.wrap_lon(dl), dla).sum())


def _dist_km(lon, lat, point) -> float:
    return float(geodesy.geodesic_distance_m(point[0], point[1], lon, lat).min()) / 1000.0


@pytest.mark.parametrize("name", sorted(STRAITS))
def test_strait_passable(name, mesh):
    a, b, centre, max_km = STRAITS[name]
    path = arcticmesh.shortest_path(*a, *b, mesh=mesh)
    direct = float(geodesy.geodesic_distance_m(*a, *b))
    assert path.length_m < STRAIT_FACTOR * direct
    assert _dist_km(path.lon, path.lat, centre) < max_km


@pytest.mark.parametrize("name", sorted(STRAITS))
def test_strait_path_stays_at_sea(name, mesh, land_10m):
    a, b, _, _ = STRAITS[name]
    path = arcticmesh.shortest_path(*a, *b, mesh=mesh)
    assert _land_points(land_10m, path.lon, path.lat) == 0


def _coast_distance_m(mesh, land) -> np.ndarray:
    """A lower bound on each node's distance to land, in the mesh's projection: land
    north of 20°N projected, its coast cut into pieces of at most 500 m, the nearest
    piece end less 250 m."""
    to_xy = Transformer.from_crs("EPSG:4326", mesh.proj4, always_xy=True)
    north = shapely.clip_by_rect(land, -180, 20, 180, 90)
    land_xy = shapely.transform(north, lambda c: np.column_stack(to_xy.transform(*c.T)))
    coast = shapely.get_coordinates(shapely.segmentize(shapely.boundary(land_xy), 500.0))
    d, _ = cKDTree(coast).query(np.column_stack([mesh.x_m, mesh.y_m]))
    return d - 250.0


def test_no_mesh_edge_crosses_land(mesh, land_10m):
    # every edge, sampled at <= 1 km along its straight segment in the projection
    # (the build tests it exactly; this is an independent check in lon/lat)
    assert not shapely.contains_xy(land_10m, mesh.lon, mesh.lat).any()
    u, v = mesh.edge_u.astype(np.int64), mesh.edge_v.astype(np.int64)
    # an edge whose ends are together farther from land than its length cannot reach
    # it (a point at s from u is within d_u of u's sea, else within d_v of v's): only
    # the others are sampled, with 1 km to spare for the coast's straight pieces being
    # straight in the projection rather than in lon/lat
    d = _coast_distance_m(mesh, land_10m)
    near = d[u] + d[v] <= mesh.edge_length_m + 1000.0
    assert 0.1 < near.mean() < 0.5  # the coastal edges: a real share, not all of them
    u, v, length_m = u[near], v[near], mesh.edge_length_m[near]
    n = np.maximum(np.ceil(length_m / 1000.0).astype(np.int64), 1)
    idx = np.repeat(np.arange(u.size), n + 1)
    start = np.repeat(np.cumsum(n + 1) - (n + 1), n + 1)
    frac = (np.arange(idx.size) - start) / np.repeat(n, n + 1)
    x = mesh.x_m[u][idx] * (1 - frac) + mesh.x_m[v][idx] * frac
    y = mesh.y_m[u][idx] * (1 - frac) + mesh.y_m[v][idx] * frac
    lon, lat = Transformer.from_crs(mesh.proj4, "EPSG:4326", always_xy=True).transform(x, y)
    on_land = shapely.contains_xy(land_10m, lon, lat)
    assert not on_land.any(), f"{np.unique(idx[on_land]).size} edges cross land"


@pytest.mark.parametrize("name", sorted(OPEN_WATER))
def test_open_water_within_2_percent(name, mesh, land_10m):
    a, b = OPEN_WATER[name]
    assert _land_points(land_10m, [a[0], b[0]], [a[1], b[1]], 5000.0) == 0
    path = arcticmesh.shortest_path(*a, *b, mesh=mesh)
    # against the geodesic between the snapped end nodes, so snapping does not count
    direct = float(
        geodesy.geodesic_distance_m(path.lon[0], path.lat[0], path.lon[-1], path.lat[-1])
    )
    assert path.length_m <= 1.02 * direct


def _block_near(mesh, centre, radius_km):
    d = geodesy.geodesic_distance_m(centre[0], centre[1], mesh.lon, mesh.lat)
    node_factor = np.where(d < radius_km * 1000.0, 0.0, 1.0)
    return arcticmesh.edge_factor_from_nodes(node_factor, mesh)


def test_blocked_strait_goes_round(mesh):
    # Kara Gates closed: the route goes round Vaygach Island through Yugorsky Shar
    a, b, _, _ = STRAITS["kara_gates"]
    gates = (58.3, 70.5)
    open_path = arcticmesh.shortest_path(*a, *b, mesh=mesh)
    factor = _block_near(mesh, gates, 60.0)
    blocked = arcticmesh.shortest_path(*a, *b, edge_speed_factor=factor, mesh=mesh)
    assert _dist_km(open_path.lon, open_path.lat, gates) < 25.0
    assert _dist_km(blocked.lon, blocked.lat, gates) > 60.0
    assert blocked.lat.min() < 69.9  # south of Vaygach
    assert blocked.length_m > 1.2 * open_path.length_m
    assert blocked.cost == pytest.approx(blocked.length_m, rel=1e-6)


def test_blocked_bering_strait_has_no_route(mesh):
    a, b, centre, _ = STRAITS["bering"]
    with pytest.raises(NoRouteError, match="speed factor 0"):
        arcticmesh.shortest_path(*a, *b, edge_speed_factor=_block_near(mesh, centre, 60.0))


def test_speed_factor_scales_cost(mesh):
    a, b = OPEN_WATER["barents"]
    half = np.full(mesh.n_edges, 0.5)
    path = arcticmesh.shortest_path(*a, *b, edge_speed_factor=half, mesh=mesh)
    assert path.cost == pytest.approx(2 * path.length_m, rel=1e-6)  # float32 lengths


def test_bad_inputs(mesh):
    with pytest.raises(InvalidCoordinateError, match="from the nearest mesh node"):
        arcticmesh.nearest_node(10.0, 45.0)  # Alps, far south of the mesh
    with pytest.raises(InvalidCoordinateError, match="finite"):
        arcticmesh.nearest_node(float("nan"), 75.0)
    with pytest.raises(InvalidCoordinateError, match="edge_speed_factor"):
        arcticmesh.shortest_path(20, 73, 50, 74, edge_speed_factor=np.ones(3))
    with pytest.raises(InvalidCoordinateError, match="edge_speed_factor"):
        arcticmesh.shortest_path(20, 73, 50, 74, edge_speed_factor=-np.ones(mesh.n_edges))
    with pytest.raises(InvalidCoordinateError, match="node_factor"):
        arcticmesh.edge_factor_from_nodes(np.ones(2))


def test_ice_cells_match_psn25(mesh):
    from arcticroute.ice.icedata import shipped_grid

    grid = shipped_grid()
    x = grid["x"].values[mesh.ice_col]
    y = grid["y"].values[mesh.ice_row]
    # every node lies inside its ice cell (25 km cells, half width 12.5 km)
    assert np.abs(mesh.x_m - x).max() <= 12_500.0
    assert np.abs(mesh.y_m - y).max() <= 12_500.0


def test_shipped_mesh_equals_rebuild(shared_data, mesh):
    spec = importlib.util.spec_from_file_location(
        "build_arctic_mesh", REPO / "scripts" / "build_arctic_mesh.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    rebuilt = mod.build(shared_data, verbose=False)
    shipped = resources.files("arcticroute") / "data" / arcticmesh.MESH_FILE
    with shipped.open("rb") as fh, np.load(fh, allow_pickle=False) as npz:
        assert sorted(npz.files) == sorted(rebuilt)
        for key, arr in rebuilt.items():
            np.testing.assert_array_equal(npz[key], arr, err_msg=key)


def test_report_size_memory_and_time(mesh, capsys):
    arcticmesh.load_mesh.cache_clear()
    tracemalloc.start()
    loaded = arcticmesh.load_mesh()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    arcticmesh.shortest_path(20.0, 73.0, 50.0, 74.0)  # warm
    t0 = time.perf_counter()
    arcticmesh.shortest_path(0.0, 84.0, 150.0, 82.0)
    dt_ms = (time.perf_counter() - t0) * 1000.0
    size = Path(str(resources.files("arcticroute") / "data" / arcticmesh.MESH_FILE)).stat().st_size
    with capsys.disabled():
        print(
            f"\narctic mesh: {loaded.n_nodes} nodes ({(loaded.level == 0).sum()} at 25 km), "
            f"{loaded.n_edges} edges, file {size / 1e6:.2f} MB, "
            f"load peak {peak / 2**20:.0f} MiB, shortest_path {dt_ms:.0f} ms"
        )
    assert peak < 300 * 2**20
    assert size < 5e6
