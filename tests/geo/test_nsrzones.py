"""Tests of the NSR geography on the mesh (arcticroute.geo.nsrzones, scripts/build_nsr_zones.py)."""

from __future__ import annotations

import importlib.util
import itertools
import json
import shutil
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
import shapely

from arcticroute.assumptions import all_parameters, assumption, overridden
from arcticroute.errors import DataFileError, ShipValidationError
from arcticroute.geo import arcticmesh, nsrzones

REPO = Path(__file__).resolve().parents[2]
SHIPPED = resources.files("arcticroute") / "data" / nsrzones.ZONES_FILE
DL_DEPTH = "nsr_geography.strait.dmitry_laptev.min_depth_m"


@pytest.fixture(scope="module")
def mesh():
    return arcticmesh.load_mesh()


@pytest.fixture(scope="module")
def zones():
    return nsrzones.load_zones()


def _zone_at(mesh, zones, lon, lat) -> int:
    return int(zones.node_zone[arcticmesh.nearest_node(lon, lat, mesh)])


def _strait_nodes(zones, name) -> np.ndarray:
    return zones.strait_id == zones.strait_names.tolist().index(name) + 1


# --- build -------------------------------------------------------------------------


def test_build_reproduces_the_shipped_file(shared_data, tmp_path):
    spec = importlib.util.spec_from_file_location(
        "build_nsr_zones", REPO / "scripts" / "build_nsr_zones.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    out = tmp_path / "zones.npz"
    mod.main(["--shared", str(shared_data), "--out", str(out), "--quiet"])
    assert not list(tmp_path.glob("*.tmp*")), "the temporary file must be renamed away"
    with SHIPPED.open("rb") as fh, np.load(fh) as shipped, np.load(out) as rebuilt:
        assert sorted(shipped.files) == sorted(rebuilt.files)
        for key in shipped.files:
            np.testing.assert_array_equal(shipped[key], rebuilt[key], err_msg=key)


def test_shipped_file_is_small():
    with resources.as_file(SHIPPED) as path:
        assert path.stat().st_size < 1_000_000


# --- water area and zones --------------------------------------------------------------


def test_every_zone_is_non_empty(zones):
    counts = np.bincount(zones.node_zone, minlength=8)
    assert (counts[1:] > 0).all(), counts


def test_zones_run_west_to_east(mesh, zones):
    # the NSR runs from about 55°E to 169°W: in 0..360° east its longitudes
    # never wrap, while zone 7 (Chukchi Sea) straddles 180°
    lon360 = mesh.lon % 360.0
    means = [lon360[zones.node_zone == k].mean() for k in range(1, 8)]
    assert np.all(np.diff(means) > 0), means


@pytest.mark.parametrize(
    ("lon", "lat", "zone", "where"),
    [
        (33.0, 71.0, 0, "Barents Sea, west of Novaya Zemlya"),
        (55.0, 69.5, 0, "Pechora Sea, west of the straits' western mouths"),
        (60.0, 77.5, 0, "north of Novaya Zemlya, west of the Cape Zhelaniya meridian"),
        (65.0, 72.0, 1, "Kara Sea east of Novaya Zemlya (Kara SW)"),
        (80.0, 72.5, 2, "Kara Sea off the Yenisei Gulf (Kara NE)"),
        (75.0, 77.0, 2, "Kara Sea NE"),
        (115.0, 76.0, 3, "Laptev Sea W"),
        (135.0, 75.0, 4, "Laptev Sea E"),
        (150.0, 72.5, 5, "East Siberian Sea SW"),
        (172.0, 71.0, 6, "East Siberian Sea NE"),
        (-172.0, 68.0, 7, "Chukchi Sea"),
        (-171.0, 66.5, 7, "Chukchi Sea north of the Cape Dezhnev parallel"),
        (-170.0, 65.5, 0, "Bering Strait south of the Cape Dezhnev parallel"),
        (-167.0, 70.0, 0, "Chukchi Sea east of the 1990 USSR-USA line"),
        (0.0, 88.0, 0, "central Arctic Ocean"),
        (-140.0, 72.0, 0, "Beaufort Sea"),
    ],
)
def test_zone_at_known_points(mesh, zones, lon, lat, zone, where):
    assert _zone_at(mesh, zones, lon, lat) == zone, where


def test_kara_point_is_east_of_novaya_zemlya(mesh, zones):
    # Novaya Zemlya's east coast at 72°N lies west of 56°E (Natural Earth 1:10m);
    # the Kara Sea point (65°E, 72°N) snaps to a node well east of it
    i = arcticmesh.nearest_node(65.0, 72.0, mesh)
    assert mesh.lon[i] > 60.0
    assert zones.node_zone[i] == 1


def test_limits_follow_the_capes_and_the_1990_line(mesh, zones):
    nsr = zones.node_zone > 0
    lon_z, lat_z = zones.cape_zhelaniya_lonlat_deg
    lon_d, lat_d = zones.cape_dezhnev_lonlat_deg
    # the capes lie where Art. 5.1 puts them: north tip of Novaya Zemlya, Bering Strait
    assert 76.5 < lat_z < 77.5 and 67.0 < lon_z < 69.5
    assert 65.5 < lat_d < 66.5 and -170.0 < lon_d < -169.0
    west = (mesh.lon > 0) & (mesh.lon < lon_z) & (mesh.lat >= lat_z)
    assert not nsr[west].any(), "west of the Cape Zhelaniya meridian, north of the cape"
    line = zones.ussr_usa_line_lon_deg
    assert line == pytest.approx(-(168 + 58 / 60 + 37 / 3600), abs=1e-9)
    assert not nsr[(mesh.lon > line) & (mesh.lon < 0)].any(), "east of the 1990 line"
    bering = (mesh.lon < line) & (mesh.lon > -180) & (mesh.lat < lat_d)
    assert not nsr[bering].any(), "south of the Cape Dezhnev parallel"
    assert nsr[(mesh.lon < line) & (mesh.lat > lat_d) & (mesh.lat < 67.0)].any()


def test_water_area_lies_within_200_nm_of_land(land_10m, mesh, zones):
    # the EEZ is approximated as 200 nm from Russian land, so no NSR node is
    # farther than that from any land; the area reaches that limit offshore
    from scipy.spatial import cKDTree

    from arcticroute.geo import geodesy

    xy = shapely.get_coordinates(land_10m)
    xy = xy[xy[:, 1] > 55.0]
    nsr = zones.node_zone > 0
    chord, _ = cKDTree(geodesy.unit_vectors(xy[:, 0], xy[:, 1])).query(
        geodesy.unit_vectors(mesh.lon[nsr], mesh.lat[nsr])
    )
    dist_nm = 2.0 * np.arcsin(chord / 2.0) * 6_371_008.8 / geodesy.M_PER_NM
    # 0.5 nm: the build and this check use the same sphere and vertices; slack for rounding
    assert dist_nm.max() <= 200.5
    assert dist_nm.max() > 190.0


# --- straits and draft limits ------------------------------------------------------------


def test_strait_depths_are_sourced_and_polygons_named_assumptions(zones):
    keys = {p.key: p for p in all_parameters() if p.key.startswith("nsr_geography.")}
    for name in zones.strait_names.tolist():
        depth = keys[f"nsr_geography.strait.{name}.min_depth_m"]
        assert depth.source and not depth.assumed and depth.unit == "m", name
        poly = keys[f"nsr_geography.strait.{name}.polygon_lonlat_deg"]
        assert poly.assumed and poly.why, name
    assert assumption(nsrzones.UKC_KEY).assumed


def test_sourced_depths_of_the_new_siberian_straits():
    # Mulherin (1996), CRREL Report 96-3: "Sannikova and Dmitrya Lapteva, are 13
    # and 7 m deep, respectively"; re-typed here, exact
    assert assumption(DL_DEPTH).value == 7.0
    assert assumption("nsr_geography.strait.sannikov.min_depth_m").value == 13.0


def test_min_depth_is_nan_outside_straits(zones):
    depth = zones.min_depth_m
    assert depth.dtype == np.float32 and not depth.flags.writeable
    np.testing.assert_array_equal(np.isnan(depth), zones.strait_id == 0)
    assert depth[_strait_nodes(zones, "dmitry_laptev")].max() == 7.0


def test_arrays_are_read_only(zones):
    for arr in (zones.node_zone, zones.strait_id, zones.edge_strait_bits, zones.strait_names):
        assert not arr.flags.writeable


def test_draft_limited_nodes_is_monotone_in_draft(zones):
    drafts = [0.5, 3.0, 6.0, 6.5, 8.0, 9.5, 11.0, 12.0, 15.0, 19.5, 25.0, 40.0]
    masks = [nsrzones.draft_limited_nodes(d, zones) for d in drafts]
    for small, large in itertools.pairwise(masks):
        assert not (small & ~large).any()
    assert not masks[0].any()
    assert masks[-1].sum() == (zones.strait_id > 0).sum()


@pytest.mark.parametrize(
    ("draft_m", "limited"),
    [
        (6.0, set()),  # 6.6 m with 10 % clearance < 7 m
        (8.0, {"dmitry_laptev"}),
        (9.5, {"dmitry_laptev", "eterikan"}),
        (12.0, {"dmitry_laptev", "eterikan", "sannikov", "yugorsky_shar"}),
    ],
)
def test_which_straits_limit_a_draft(zones, draft_m, limited):
    mask = nsrzones.draft_limited_nodes(draft_m, zones)
    got = {n for n in zones.strait_names.tolist() if (mask & _strait_nodes(zones, n)).any()}
    assert got == limited
    for name in got:
        assert mask[_strait_nodes(zones, name)].all()


def test_override_of_depth_and_clearance_applies_at_call_time(zones):
    dl = _strait_nodes(zones, "dmitry_laptev")
    assert nsrzones.draft_limited_nodes(8.0, zones)[dl].all()
    with overridden({DL_DEPTH: 20.0}):
        assert not nsrzones.draft_limited_nodes(8.0, zones)[dl].any()
        assert zones.min_depth_m[dl].max() == 20.0
    # 6.9 m draft in 7 m of water: limited with 10 % clearance, passes with none
    assert nsrzones.draft_limited_nodes(6.9, zones)[dl].all()
    with overridden({nsrzones.UKC_KEY: 0.0}):
        assert not nsrzones.draft_limited_nodes(6.9, zones)[dl].any()


def test_draft_limited_edges_force_the_route_round_the_new_siberian_islands(mesh, zones):
    # Laptev Sea to East Siberian Sea: a shallow ship takes the straits south of
    # Kotelny Island (74.6-75.1°N); a 12 m ship cannot (Sannikov 13 m < 13.2 m)
    # and must go north of it
    def max_lat_among_islands(draft_m):
        blocked = nsrzones.draft_limited_edges(draft_m, zones)
        path = arcticmesh.shortest_path(130.0, 74.0, 158.0, 72.5, ~blocked, mesh)
        among = (path.lon > 139.5) & (path.lon < 143.8)
        return path.lat[among].max()

    assert max_lat_among_islands(5.0) < 74.5
    assert max_lat_among_islands(9.5) < 74.5  # via Sannikov, Dmitry Laptev/Eterikan shut
    assert max_lat_among_islands(12.0) > 75.5


def test_limited_edges_include_those_touching_limited_nodes(mesh, zones):
    nodes = nsrzones.draft_limited_nodes(12.0, zones)
    edges = nsrzones.draft_limited_edges(12.0, zones)
    assert edges[nodes[mesh.edge_u] | nodes[mesh.edge_v]].all()


@pytest.mark.parametrize("draft_m", [0.0, -3.0, float("nan"), float("inf"), "deep", None])
def test_bad_draft_is_refused(zones, draft_m):
    with pytest.raises(ShipValidationError, match="draft_m must be a positive finite"):
        nsrzones.draft_limited_nodes(draft_m, zones)
    with pytest.raises(ShipValidationError, match="draft_m"):
        nsrzones.draft_limited_edges(draft_m, zones)


def test_bad_depth_override_is_refused(zones):
    with overridden({DL_DEPTH: -1.0}), pytest.raises(DataFileError, match="non-negative"):
        nsrzones.draft_limited_nodes(8.0, zones)


def test_polygon_override_needs_a_rebuild(zones):
    key = "nsr_geography.strait.sannikov.polygon_lonlat_deg"
    box = [[140.0, 74.0], [141.0, 74.0], [141.0, 75.0], [140.0, 75.0]]
    with overridden({key: box}), pytest.raises(DataFileError, match="rebuild"):
        nsrzones.draft_limited_nodes(8.0, zones)


# --- corrupt files ---------------------------------------------------------------------------


def _copy_shipped(tmp_path) -> Path:
    out = tmp_path / "zones.npz"
    with resources.as_file(SHIPPED) as path:
        shutil.copyfile(path, out)
    return out


def test_missing_file(tmp_path, mesh):
    with pytest.raises(DataFileError, match="missing"):
        nsrzones.read_zones(tmp_path / "nope.npz", mesh)


@pytest.mark.parametrize("keep", [0, 100, 0.5])
def test_truncated_file(tmp_path, mesh, keep):
    path = _copy_shipped(tmp_path)
    data = path.read_bytes()
    n = int(len(data) * keep) if isinstance(keep, float) else keep
    path.write_bytes(data[:n])
    with pytest.raises(DataFileError, match="truncated or corrupt"):
        nsrzones.read_zones(path, mesh)


def test_corrupt_bytes(tmp_path, mesh):
    path = tmp_path / "zones.npz"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    with pytest.raises(DataFileError, match="truncated or corrupt"):
        nsrzones.read_zones(path, mesh)


def _rewrite(tmp_path, **changes) -> Path:
    with resources.as_file(SHIPPED) as src, np.load(src) as npz:
        arrays = {k: npz[k] for k in npz.files}
    arrays.update(changes)
    arrays = {k: v for k, v in arrays.items() if v is not None}
    path = tmp_path / "zones.npz"
    np.savez_compressed(path, **arrays)
    return path


def test_missing_array(tmp_path, mesh):
    with pytest.raises(DataFileError, match=r"lacks arrays.*nsr_zone"):
        nsrzones.read_zones(_rewrite(tmp_path, nsr_zone=None), mesh)


def test_file_for_another_mesh(tmp_path, mesh):
    with pytest.raises(DataFileError, match="another mesh"):
        nsrzones.read_zones(_rewrite(tmp_path, mesh_sha256=np.array("0" * 64)), mesh)


def test_wrong_shape(tmp_path, mesh):
    with pytest.raises(DataFileError, match="another mesh"):
        nsrzones.read_zones(_rewrite(tmp_path, nsr_zone=np.zeros(10, np.int8)), mesh)


def test_wrong_type(tmp_path, mesh):
    zone = np.zeros(mesh.n_nodes, dtype=np.float64)
    with pytest.raises(DataFileError, match=r"\['nsr_zone'\] have the wrong type"):
        nsrzones.read_zones(_rewrite(tmp_path, nsr_zone=zone), mesh)


def test_zone_out_of_range(tmp_path, mesh):
    zone = np.full(mesh.n_nodes, 9, dtype=np.int8)
    with pytest.raises(DataFileError, match="out of range"):
        nsrzones.read_zones(_rewrite(tmp_path, nsr_zone=zone), mesh)


def test_polygons_must_match_names(tmp_path, mesh):
    with pytest.raises(DataFileError, match="does not match strait_names"):
        nsrzones.read_zones(_rewrite(tmp_path, strait_polygons_json=np.array(json.dumps({}))), mesh)


def test_shipped_file_reads(mesh):
    with resources.as_file(SHIPPED) as path:
        zones = nsrzones.read_zones(path, mesh)
    assert zones.mesh_sha256 == nsrzones.mesh_sha256(mesh.lon, mesh.lat)


def test_spillover_estuaries_read_the_sea_at_their_mouth():
    from arcticroute import assumptions
    from arcticroute.geo import arcticmesh, joined, ports

    mesh = arcticmesh.load_mesh()
    zones = nsrzones.load_zones()
    assert zones.estuary_names.tolist() == ["Gulf of Ob", "Yenisey Gulf"]
    src = nsrzones.estuary_source_nodes(zones)
    sabetta = joined.entry(ports.get_port("Sabetta")).mesh_node
    assert zones.estuary_id[sabetta] == 1
    mouth = src[sabetta]
    assert mesh.lat[mouth] > 72.5 and zones.estuary_id[mouth] == 0  # Kara Sea, off the gulf
    outside = zones.estuary_id == 0
    assert np.array_equal(src[outside], np.flatnonzero(outside))
    with (
        assumptions.overridden({nsrzones.ESTUARY_KEY: ["Gulf of Ob"]}),
        pytest.raises(DataFileError, match="rebuild"),
    ):
        nsrzones.estuary_source_nodes(zones)


# --- regions of the 2020 Rules ----------------------------------------------------------


def test_regional_means_stay_in_the_zone(mesh):
    """A node's region holds only nodes of its own zone: the zone number averages to itself."""
    zone = np.asarray(nsrzones.load_zones().node_zone, dtype=float)
    (mean,) = nsrzones.regional_means([zone])
    inside = zone > 0
    np.testing.assert_allclose(mean[inside], zone[inside])
    assert np.isnan(mean[~inside]).all()


def test_regional_means_are_local(mesh):
    """Ice only north of 80°N in zone 2 (the pack at the EEZ's edge) leaves the zone's
    south, more than a radius away, at zero; the whole zone's mean would not be."""
    zone = np.asarray(nsrzones.load_zones().node_zone)
    north = (zone == 2) & (mesh.lat > 80.0)
    (mean,) = nsrzones.regional_means([north.astype(float)], radius_km=187.0)
    south = (zone == 2) & (mesh.lat < 74.0)
    assert south.any() and north.any()
    assert np.all(mean[south] == 0.0)
    assert np.all(mean[north] > 0.3)
    area = mesh.node_area_m2
    zone_mean = area[north].sum() / area[zone == 2].sum()
    assert zone_mean > 0.05


def test_regional_means_radius_from_the_registry(mesh):
    """A radius of 0 leaves each node's own psn25 cell (its nodes of the zone)."""
    x = np.asarray(mesh.lat, dtype=float)
    with overridden({nsrzones.REGION_RADIUS_KEY: 0.0}):
        (mean,) = nsrzones.regional_means([x])
    zone = nsrzones.load_zones().node_zone
    coarse = (zone > 0) & (mesh.level == 0)
    assert np.all(np.abs(mean[coarse] - x[coarse]) < 0.5)  # within its 25 km cell
    (wide,) = nsrzones.regional_means([x], radius_km=500.0)
    assert np.nanstd(wide[coarse]) < np.nanstd(mean[coarse])
