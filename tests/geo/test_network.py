import numpy as np
import pytest

from arcticroute.errors import PointOnLandError
from arcticroute.geo.network import MAX_APPROACH_M, load_network, port_key
from arcticroute.geo.passages import PASSAGES


@pytest.fixture(scope="module")
def net():
    return load_network()


def test_longitudes_wrapped(net):
    assert np.all((net.node_lon >= -180) & (net.node_lon < 180))
    assert np.all((net.vert_lon >= -180) & (net.vert_lon <= 180))


def test_no_duplicate_nodes_across_antimeridian(net):
    # The source duplicated Chukchi nodes at lon > 180; after wrapping they must be merged.
    xy = np.column_stack([np.round(net.node_lon, 5), np.round(net.node_lat, 5)])
    assert np.unique(xy, axis=0).shape[0] == net.n_nodes


def test_graph_is_connected_and_symmetric(net):
    from scipy.sparse.csgraph import connected_components

    g = net.graph(0)
    assert (g != g.T).nnz == 0
    assert connected_components(g, directed=False)[0] == 1


def test_every_passage_tags_some_edge(net):
    for p in PASSAGES.values():
        assert ((net.edge_tags >> p.bit) & 1).any(), p.name


def test_edge_geometry_matches_nodes(net):
    for e in range(0, net.n_edges, 97):
        lon, lat = net.edge_coords(e, int(net.edge_u[e]))
        assert (lon[0], lat[0]) == pytest.approx(
            (net.node_lon[net.edge_u[e]], net.node_lat[net.edge_u[e]]), abs=1e-5
        )
        assert (lon[-1], lat[-1]) == pytest.approx(
            (net.node_lon[net.edge_v[e]], net.node_lat[net.edge_v[e]]), abs=1e-5
        )


def test_forbidden_edges_removed(net):
    bit = PASSAGES["suez"].bit
    g = net.graph(1 << bit)
    suez = np.where((net.edge_tags >> bit) & 1)[0]
    for e in suez:
        assert g[net.edge_u[e], net.edge_v[e]] == 0


def test_edge_between_unknown_pair(net):
    with pytest.raises(KeyError, match="not joined by an edge"):
        net.edge_between(np.array([0]), np.array([0]))


def test_nearest_node_far_from_sea(net):
    # Central Asia, > 600 km from any lane.
    with pytest.raises(PointOnLandError, match="from the nearest sea lane"):
        net.nearest_vertex(80.0, 45.0)
    assert MAX_APPROACH_M > 100_000


PORT_STRIDE = 8  # the test re-links every 8th port: all kinds of approach, a seventh of the time


def test_shipped_network_matches_build_script(shared_data, tmp_path):
    import hashlib
    import subprocess
    import sys
    from pathlib import Path

    from arcticroute.geo.ports import all_ports

    repo = Path(__file__).resolve().parents[2]
    cmd = [sys.executable, str(repo / "scripts/build_network.py"), "--shared", str(shared_data)]
    cmd += ["--port-stride", str(PORT_STRIDE)]
    subprocess.run([*cmd, "--out", str(tmp_path)], check=True, capture_output=True)
    data = repo / "src/arcticroute/data"
    with np.load(tmp_path / "network.npz") as built, np.load(data / "network.npz") as shipped:
        assert built.files == shipped.files
        for key in built.files:
            np.testing.assert_array_equal(built[key], shipped[key], err_msg=f"network.npz:{key}")
    with np.load(tmp_path / "port_links.npz") as b, np.load(data / "port_links.npz") as s:
        assert b.files == s.files
        sha = hashlib.sha256((data / "ports.csv").read_bytes()).hexdigest()
        assert str(b["ports_sha256"]) == str(s["ports_sha256"]) == sha  # links of these ports
        assert s["port_key"].tolist() == [port_key(p) for p in all_ports()]  # every port
        for key in ("port_key", "port_inland", "port_edge", "port_vert"):
            np.testing.assert_array_equal(b[key], s[key][::PORT_STRIDE], err_msg=key)
        ob, os_ = b["port_vert_offset"], s["port_vert_offset"]
        for k, i in enumerate(range(0, s["port_key"].size, PORT_STRIDE)):
            for key in ("port_vert_lon", "port_vert_lat"):
                np.testing.assert_array_equal(
                    b[key][ob[k] : ob[k + 1]], s[key][os_[i] : os_[i + 1]], err_msg=key
                )


def test_no_parallel_edges_or_loops(net):
    # csr_matrix sums duplicate entries, so a repeated node pair would double a length.
    assert np.all(net.edge_u < net.edge_v)
    pairs = np.column_stack([net.edge_u, net.edge_v])
    assert np.unique(pairs, axis=0).shape[0] == net.n_edges


def test_attachment_inside_an_edge_splits_its_length(net):
    e = int(np.argmax(np.diff(net.edge_vert_offset)))  # an edge with many vertices
    n_vert = int(net.edge_vert_offset[e + 1] - net.edge_vert_offset[e])
    to_u, to_v = net.attach(e, n_vert // 2)
    assert to_u.node == net.edge_u[e] and to_v.node == net.edge_v[e]
    assert to_u.along_m + to_v.along_m == pytest.approx(net.edge_length_m[e])
    assert to_u.tags == to_v.tags == net.edge_tags[e]
    # End vertices are the nodes themselves.
    (only,) = net.attach(e, 0)
    assert only.node == net.edge_u[e] and only.along_m == 0


def test_virtual_source_reaches_both_ends(net):
    from scipy.sparse.csgraph import dijkstra

    e = int(np.argmax(net.edge_length_m))
    ends = net.attach(e, 1)
    g = net.graph_with_sources([ends])
    dist = dijkstra(g, indices=net.n_nodes)
    for a in ends:
        assert dist[a.node] <= a.along_m + 1e-6
