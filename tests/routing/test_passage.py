"""Ice-aware passages through the Arctic mesh: layers, the time-of-passage search, variants.

Most tests use the shipped monthly climatology (no shared data); those on
observed years (1989-2017) use ../shared/data through ARCTICROUTE_DATA_DIR.
"""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

import numpy as np
import pytest

from arcticroute import assumptions
from arcticroute.errors import UnknownShipError
from arcticroute.geo import arcticmesh, geodesy
from arcticroute.ice import icedata
from arcticroute.ice.icedata import NoIceDataError
from arcticroute.routing import icelayer, passage, timed, variants
from arcticroute.routing.icelayer import ice_layer
from arcticroute.routing.passage import NO_PATH, SEASON
from arcticroute.routing.variants import VARIANTS, IceRoutingError
from arcticroute.vessel.ships import get_ship

BARENTS = (33.0, 71.0)
"""(lon, lat): the Barents Sea north of the Kola Peninsula."""
BERING = (-170.0, 64.0)
"""(lon, lat): the northern Bering Sea south of the Bering Strait."""
DAVIS = (-57.5, 67.0)
"""(lon, lat): Davis Strait, the Atlantic end of the Northwest Passage."""


def ice_passage(ship, start, variant="nsr", *, westbound=False, **kw):
    """A passage from the Barents Sea (Davis Strait for the NWP) to the Bering Sea (or back)."""
    west = DAVIS if variant == "nwp" else BARENTS
    a, b = (BERING, west) if westbound else (west, BERING)
    return passage.ice_passage(ship, start, a, b, variant, **kw)


def timed_tree(ship, start, source_node, variant="nsr"):
    flt = variants.mesh_filter(variant, False, float(icelayer.as_ship(ship).draft_m), 0)
    mask = variants.lane_mask(variant)
    return timed.timed_tree(icelayer.as_ship(ship), start, [(source_node, 0.0)], flt, mask=mask)


SEPT = dt.date(2024, 9, 15)
MARCH = dt.date(2024, 3, 15)
VILKITSKY = (104.0, 77.75)  # lon, lat: mid-strait between Cape Chelyuskin and Bolshevik Island
ARC7 = get_ship("lng_arc7_yamalmax").model_copy(update={"draft_m": 9.0})
"""The Arc7 preset with a 9 m draft, so the coastal NSR's shallow straits are open to it."""


def _near(lon, lat, point, radius_m):
    return geodesy.geodesic_distance_m(lon, lat, *point) < radius_m


@pytest.fixture(scope="module")
def mesh():
    return arcticmesh.load_mesh()


@pytest.fixture()
def observed(shared_data, monkeypatch):
    monkeypatch.setenv("ARCTICROUTE_DATA_DIR", str(shared_data))


@pytest.fixture(scope="module")
def arc7_sept():
    with _embedded():
        return ice_passage(ARC7, SEPT)


class _embedded:
    """Force the shipped climatology even when a developer has ARCTICROUTE_DATA_DIR set."""

    def __enter__(self):
        self.mp = pytest.MonkeyPatch()
        self.mp.delenv("ARCTICROUTE_DATA_DIR", raising=False)

    def __exit__(self, *exc):
        self.mp.undo()


# --- the cases -------------------------------------------------------------------


def test_no_ice_class_never_in_march_1989_2017(observed):
    for year in range(1989, 2018):
        p = ice_passage("panamax_bulker", f"{year}-03-15")
        assert not p.feasible, year
        assert p.reasons[0] == SEASON, year  # the binding cause, named first
        assert p.ice_source == "observed"
        assert np.isnan(p.distance_nm) and p.nodes.size == 0


def test_no_ice_class_outside_season_before_july():
    with _embedded():
        p = ice_passage("panamax_bulker", "2024-06-30")
    assert not p.feasible and SEASON in p.reasons
    assert not p.season_ok


@pytest.mark.parametrize("ice_class", ["Arc4", "PC7"])
def test_arc4_and_pc7_feasible_in_september_2012(observed, ice_class):
    # a 9 m draft passes the Sannikov Strait (13 m) on the coastal route
    ship = get_ship("container_4500teu_arc4").model_copy(
        update={"ice_class": ice_class, "draft_m": 9.0}
    )
    p = ice_passage(ship, "2012-09-10")
    assert p.feasible, p.reasons
    assert p.ice_source == "observed" and p.product == "G02202"
    assert p.hours >= p.distance_nm / ship.design_speed_kn - 1e-6
    assert 2400 < p.distance_nm < 3300
    assert [z.zone for z in p.zones] == sorted(z.zone for z in p.zones)  # west to east
    assert len(p.zones) >= 5
    for z in p.zones:
        assert z.distance_nm > 0 and z.hours > 0
        assert z.ice_conditions in ("light", "medium", "heavy")
        assert 0 <= z.mean_sic <= z.max_sic <= 1
        # the time inside a zone fits between its first entry and its last exit
        assert (z.left - z.entered).total_seconds() / 3600 >= z.hours - 1e-6
    assert sum(z.distance_nm for z in p.zones) <= p.distance_nm + 1e-6
    assert all(a.left <= b.entered + dt.timedelta(seconds=1) for a, b in pairwise(p.zones))
    assert p.start <= p.zones[0].entered and p.zones[-1].left <= p.end
    assert p.end > p.start


def test_deep_draft_goes_round_the_new_siberian_islands(observed):
    def lats(p, lo, hi):
        return p.lat[(p.lon > lo) & (p.lon < hi)]

    shallow = get_ship("container_4500teu_arc4").model_copy(update={"draft_m": 9.0})
    deep = get_ship("container_4500teu_arc4")  # 13 m: too deep for the Sannikov Strait (13 m)
    assert "Sannikov Strait (13 m)" in variants.draft_closed_straits(13.0)
    assert variants.draft_closed_straits(9.0) == ["Dmitry Laptev Strait (7 m)"]
    p_shallow = ice_passage(shallow, "2012-09-10", "nsr")
    p_deep = ice_passage(deep, "2012-09-10", "nsr")
    assert p_shallow.feasible and p_deep.feasible
    assert lats(p_deep, 138, 150).min() > 76.0  # north of the islands
    assert p_deep.hours >= p_shallow.hours - 1e-6
    # every strait closed by an absurd draft: refused, and the draft is named as the reason
    giant = deep.model_copy(update={"draft_m": 30.0})
    coastal_only = variants.Variant(
        "coastal", "test", barriers=((142.0, 75.5, 90.0),), max_lat=82.0, required="nsr"
    )
    p = ice_passage(giant, "2012-09-10", coastal_only)
    assert not p.feasible
    assert any(r.startswith(passage.DRAFT) for r in p.reasons)
    assert not any(r.startswith(NO_PATH) for r in p.reasons)  # not blamed on ice


def test_arc7_september_climatology(arc7_sept):
    p = arc7_sept
    assert p.feasible, p.reasons
    assert p.ice_source == "climatology" and p.statistic == "median"
    assert p.lon[0] == pytest.approx(BARENTS[0], abs=0.5)
    assert p.lon[-1] == pytest.approx(BERING[0], abs=0.5)
    assert any("climatology" in c for c in p.caveats)
    great_circle = geodesy.geodesic_distance_m(*BARENTS, *BERING) / geodesy.M_PER_NM
    assert great_circle < p.distance_nm < 1.6 * great_circle


def test_westbound_is_the_reverse_path(arc7_sept):
    with _embedded():
        back = ice_passage(ARC7, SEPT, westbound=True)
    assert back.feasible
    assert back.lon[0] == pytest.approx(BERING[0], abs=0.5)
    assert back.distance_nm == pytest.approx(arc7_sept.distance_nm, rel=0.05)


# --- bending around ice ------------------------------------------------------------------


def test_route_bends_around_a_closed_strait(mesh):
    with _embedded():
        speed = np.array(ice_layer(ARC7, SEPT).speed_kn)
        # what-if field: open water wherever the mesh is sea
        speed[:] = 15.0
        free = ice_passage(ARC7, SEPT, node_speed_kn=speed)
        # close the water where the free path passes Severnaya Zemlya (~100-105°E)
        k = int(np.argmin(np.abs(free.lon - 103.0)))
        choke = (float(free.lon[k]), float(free.lat[k]))
        speed[_near(mesh.lon, mesh.lat, choke, 80e3)] = 0.0
        bent = ice_passage(ARC7, SEPT, node_speed_kn=speed)
    assert free.feasible and bent.feasible
    assert _near(free.lon, free.lat, choke, 10e3).any()
    assert not _near(bent.lon, bent.lat, choke, 80e3).any()
    assert bent.hours > free.hours
    assert np.all(np.diff(bent.nodes) != 0)


def test_everything_closed_gives_no_path(mesh):
    with _embedded():
        p = ice_passage(ARC7, SEPT, node_speed_kn=np.zeros(mesh.n_nodes))
    assert not p.feasible and any(r.startswith(NO_PATH) for r in p.reasons)
    assert "gets no further than" in p.reasons[-1]


def test_unknown_ice_is_never_open_water(monkeypatch):
    real = icedata.ice_field

    def all_unknown(*args, **kwargs):
        f = real(*args, **kwargs)
        return f.replace(sic=f.sic * np.nan)

    monkeypatch.delenv("ARCTICROUTE_DATA_DIR", raising=False)
    monkeypatch.setattr(icedata, "ice_field", all_unknown)
    lay = ice_layer(ARC7, SEPT)
    assert lay.unknown.all() and not lay.speed_kn.any()
    p = ice_passage(ARC7, SEPT)
    assert not p.feasible


def test_layer_arrays_read_only_and_bounded():
    with _embedded():
        lay = ice_layer("container_4500teu_arc4", SEPT)
    assert np.all((lay.speed_kn >= 0) & (lay.speed_kn <= 20.0))
    assert np.all(lay.speed_kn[~lay.escort] <= lay.speed_alone_kn[~lay.escort])
    assert lay.season == "SummerAutumn" and lay.ice_class == "Arc4"
    assert set(lay.conditions) == set(range(1, 8))
    with pytest.raises(ValueError, match="read-only"):
        lay.speed_kn[0] = 1.0


# --- time of passage ---------------------------------------------------------------------


def test_ice_of_the_day_of_passage(mesh):
    """A passage starting on 27 September meets the October field further on."""
    src = arcticmesh.nearest_node(*BARENTS, mesh)
    with _embedded():
        tree = timed_tree(ARC7, "2024-09-27", src, "nsr")
        sept = ice_layer(ARC7, "2024-09-27")
        octo = ice_layer(ARC7, "2024-10-10")
    assert tree.converged and tree.searches >= 2
    keys = [lay.key for lay in tree.layers]
    assert sept.key in keys and octo.key in keys
    # the shipped first-year thickness changes by half month: the late-September layer
    # is the one of the 27th, October's of its first half
    hours = tree.mesh_hours
    reach = np.isfinite(hours)
    late = reach & (hours >= 24 * 4)  # reached on or after 1 October
    early = reach & (hours < 24 * 4)
    assert late.any() and early.any()
    october = [i for i, lay in enumerate(tree.layers) if lay.date.month == 10]
    assert np.isin(tree.layer_of_node[late], october).all()
    assert np.all(tree.layer_of_node[early] == keys.index(sept.key))
    # the October speeds are the ones used where the ship gets in October
    n = np.flatnonzero(late)[:50]
    assert np.array_equal(octo.speed_kn[n], tree.layers[keys.index(octo.key)].speed_kn[n])


def test_a_passage_inside_one_field_needs_one_search(mesh):
    """Barents Sea to the Kara Gates on 1 September: one half-month field, one search."""
    src = arcticmesh.nearest_node(*BARENTS, mesh)
    gates = arcticmesh.nearest_node(58.0, 70.5, mesh)
    flt = variants.mesh_filter("nsr", False, 9.0, 0)
    with _embedded():
        tree = timed.timed_tree(
            ARC7, "2024-09-01", [(src, 0.0)], flt, mask=variants.lane_mask("nsr"), targets=[gates]
        )
    assert 0 < tree.hours[gates] < 24 * 10
    assert tree.searches == 1 and len(tree.layers) == 1 and tree.converged


# --- variants ----------------------------------------------------------------------------


def test_variants_take_the_water_they_name(observed):
    """September 2012 (record minimum): the NSR and its high-latitude variant for Arc7."""
    nsr = ice_passage(ARC7, "2012-09-05", "nsr")
    high = ice_passage(ARC7, "2012-09-05", "nsr_high")
    assert nsr.feasible and high.feasible, (nsr.reasons, high.reasons)

    def lats(p, lo, hi):
        return p.lat[(p.lon > lo) & (p.lon < hi)]

    assert nsr.max_lat <= VARIANTS["nsr"].max_lat
    assert lats(high, 98, 102).min() > 81.0  # north of Severnaya Zemlya
    assert lats(high, 140, 146).min() > 77.0  # north of the New Siberian Islands
    assert nsr.hours <= high.hours + 1e-6  # the free variant is never slower


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_variants_in_open_water(mesh, name):
    """A what-if ice-free Arctic: every variant has a path, through the water it names."""
    with _embedded():
        p = ice_passage(ARC7, SEPT, name, node_speed_kn=np.full(mesh.n_nodes, 15.0))
    assert p.feasible
    assert p.nodes.size == p.segment_hours.size + 1 == p.escort.size + 1
    assert p.hours == pytest.approx(float(np.sum(p.segment_hours)))
    assert p.hours == pytest.approx(p.distance_nm / 15.0, rel=0.02)
    band = p.lat[(p.lon > -100) & (p.lon < -80)]
    if name == "transpolar":
        assert p.max_lat > 89.0
    if name == "nwp":
        assert band.size and band.max() < 75.0  # Lancaster Sound / Barrow Strait, not Jones Sound
        assert any("AIRSS" in c for c in p.caveats)
    if name == "nsr_high":
        assert p.lat[(p.lon > 95) & (p.lon < 105)].min() > 81.0


def test_nwp_stays_in_the_canadian_arctic():
    nwp = VARIANTS["nwp"]
    node_ok = variants.mesh_filter("nwp").node_ok
    m = arcticmesh.load_mesh()
    assert np.all((m.lon[node_ok] >= -172) & (m.lon[node_ok] <= -50))
    assert np.all(m.lat[node_ok] <= nwp.max_lat)


def test_no_edge_crosses_a_barrier():
    m = arcticmesh.load_mesh()
    for v in VARIANTS.values():
        edge_ok = variants.mesh_filter(v.name).edge_ok
        u, w = m.edge_u[edge_ok], m.edge_v[edge_ok]
        for blon, lo, hi in v.barriers:
            du = (m.lon[u] - blon + 180) % 360 - 180
            dw = (m.lon[w] - blon + 180) % 360 - 180
            crossing = (np.sign(du) != np.sign(dw)) & (np.abs(du - dw) < 90)
            inside = (np.maximum(m.lat[u], m.lat[w]) >= lo) & (np.minimum(m.lat[u], m.lat[w]) <= hi)
            assert not np.any(crossing & inside), v.name


def test_ice_passage_never_crosses_10m_land(land_10m, arc7_sept):
    import shapely
    from pyproj import Transformer

    # sample every path segment at <= 1 km along its straight line in the mesh projection
    m = arcticmesh.load_mesh()
    x, y = m.x_m[arc7_sept.nodes], m.y_m[arc7_sept.nodes]
    t = np.linspace(0.0, 1.0, 60)[:, None]
    xs = (x[:-1] * (1 - t) + x[1:] * t).ravel()
    ys = (y[:-1] * (1 - t) + y[1:] * t).ravel()
    lon, lat = Transformer.from_crs(m.proj4, "EPSG:4326", always_xy=True).transform(xs, ys)
    assert not shapely.contains_xy(land_10m, lon, lat).any()


# --- overrides and bad input -------------------------------------------------------------


def test_registry_overrides_reach_the_layer():
    with _embedded():
        base = ice_layer("container_4500teu_arc4", MARCH)
        with assumptions.overridden({"iceage.drift_margin_km": 400.0}):
            wide = ice_layer("container_4500teu_arc4", MARCH)
    assert wide.key != base.key
    # a wider drift margin spreads the old ice of the last Septembers further
    known = ~np.isnan(base.c_old)
    assert (wide.c_old[known] >= base.c_old[known] - 1e-12).all()
    assert (wide.c_old[known] > base.c_old[known] + 0.01).any()


def test_bad_inputs(mesh):
    with pytest.raises(IceRoutingError, match="unknown policy"):
        ice_layer(ARC7, SEPT, policy="reckless")
    with pytest.raises(IceRoutingError, match="date must be"):
        ice_passage(ARC7, "mid-September")
    with pytest.raises(IceRoutingError, match="ship must be"):
        ice_passage(42, SEPT)
    with pytest.raises(UnknownShipError, match="no_such_ship"):
        ice_passage("no_such_ship", SEPT)
    with pytest.raises(IceRoutingError, match="unknown Arctic variant or corridor"):
        ice_passage(ARC7, SEPT, "nowhere")
    with pytest.raises(IceRoutingError, match="node_speed_kn must have shape"):
        ice_passage(ARC7, SEPT, node_speed_kn=np.ones(3))
    with pytest.raises(IceRoutingError, match="node_speed_kn must have shape"):
        ice_passage(ARC7, SEPT, node_speed_kn=np.full(mesh.n_nodes, np.nan))
    with pytest.raises(IceRoutingError, match="sources must be"):
        timed_tree(ARC7, SEPT, -1)
    with pytest.raises(NoIceDataError, match="no observed sea-ice field"):
        ice_passage(ARC7, "2031-08-01", climatology=False)


def test_unknown_ice_class_is_refused():
    from arcticroute.errors import UnknownIceClassError

    ship = get_ship("container_4500teu_arc4")
    bad = ship.model_construct(**{**ship.model_dump(), "ice_class": "Arc12"})
    with pytest.raises(UnknownIceClassError, match="Arc12"):
        ice_layer(bad, SEPT)


def test_cmip6_projection_as_an_ice_source(shared_data):
    """A CMIP6 siconc file drives the router like observed ice (issue 6, projections)."""
    (path,) = sorted((shared_data / "cmip6-canesm5-siconc-ssp245-2020").glob("*.nc"))
    src = f"{icedata.CMIP6_PREFIX}{path}"
    ds = icedata.ice_for("2020-09-15", source=src)
    assert ds.attrs["ice_source"] == "projection" and "CanESM5" in ds.attrs["product"]
    shipped = icedata.ice_for("2020-09-15", source="embedded")
    assert np.array_equal(ds.land.values, shipped.land.values)
    assert np.all(ds.coast.values[shipped.coast.values])  # model land at sea becomes coast
    assert np.isnan(ds.sic.values[ds.land.values | ds.coast.values]).all()
    p = ice_passage(ARC7, "2020-09-01", source=src)
    assert p.feasible, p.reasons
    assert p.ice_source == "projection"
    assert any("CMIP6" in c and "bias" in c for c in p.caveats)
    # outside the file's year: the climatology, or an error when it is not allowed
    assert icedata.ice_for("2031-09-15", source=src).attrs["ice_source"] == "climatology"
    with pytest.raises(NoIceDataError, match=r"covers 2020-01 \.\. 2020-12"):
        icedata.ice_for("2031-09-15", source=src, allow_climatology=False)
    with pytest.raises(NoIceDataError, match="cannot be read"):
        icedata.ice_for("2020-09-15", source=f"{icedata.CMIP6_PREFIX}/no/such/file.nc")
    with pytest.raises(icedata.IceDataError, match="cmip6:"):
        icedata.ice_for("2020-09-15", source="cmip7")


# --- ice conditions per region (2020 Rules) and the White Sea escort -------------------

DIKSON = (80.5, 73.6)
"""(lon, lat): the sea off Dikson, zone 2 (Kara Sea, north-eastern part). Its water is
clear of ice by early August (AARI d0009: cleared 4 Aug 1998-99, 14 Jul 2008-09;
ice-thickness.md §2)."""
ICE_INDEX = {"light": 0, "medium": 1, "heavy": 2}


def test_conditions_per_region_from_2021(mesh):
    """From the 2020 Rules on, the sea off Dikson in mid-August is light water whatever
    the pack at the zone's northern edge; before, it carries its whole zone's type."""
    i = arcticmesh.nearest_node(*DIKSON, mesh)
    with _embedded():
        new = ice_layer("panamax_bulker", "2026-08-15")
        old = ice_layer("panamax_bulker", "2019-08-15")
    assert new.zone[i] == 2 and new.node_conditions[i] == 0
    assert old.node_conditions[i] == ICE_INDEX[old.conditions[2]]
    assert new.escorted[2, "light"].admitted  # a ship with no ice class, escorted (2013 table)
    assert not new.escorted[2, "heavy"].admitted
    assert set(new.alone) == {(z, k) for z in range(1, 8) for k in ICE_INDEX}


ARKHANGELSK = (40.5, 64.6)
"""(lon, lat): the Dvina Bay off Arkhangelsk, White Sea."""


def test_white_sea_escort(mesh):
    """Icebreakers work the White Sea in winter (Arkhangelsk port rule 2017; the Dec 2016
    Arkhangelsk-Pevek convoy); the open Barents Sea north of its limit is not escort area."""
    dvina = arcticmesh.nearest_node(*ARKHANGELSK, mesh)
    barents = arcticmesh.nearest_node(40.0, 71.5, mesh)
    day = dt.date(2026, 1, 15)
    region = icelayer.escort_region(day)
    assert region[dvina] and not region[barents]
    with assumptions.overridden({"escort.white_sea": False}):
        assert not icelayer.escort_region(day)[dvina]


def test_the_search_weighs_the_wait_for_the_icebreaker(mesh):
    """Entering escorted water costs the wait the passage reports (escort.waiting_h), once
    per escorted stretch: the fastest route is the fastest with the wait."""
    flt = variants.mesh_filter("nsr", False, 9.0, 0)
    ph = timed.mesh_phase(variants.lane_mask("nsr"))
    op = timed.open_phase(ph, flt)
    speed = np.full(ph.n_mesh, 10.0)
    escort = np.zeros(ph.n_mesh, bool)
    escort[mesh.lat > 80.0] = True
    plain = timed.phase_graph(op, ph.n_mesh, speed, 20.0)
    waited = timed.phase_graph(op, ph.n_mesh, speed, 20.0, escort, 10.0)
    extra = (waited - plain).tocoo()
    in_phase = np.r_[escort, np.zeros(ph.portals.size, bool)]  # portals are lanes: never
    rows, cols = op.kept[extra.row], op.kept[extra.col]
    assert extra.nnz > 0 and np.allclose(extra.data, 10.0)
    assert np.all(in_phase[cols] & ~in_phase[rows])  # only alone -> escorted edges


@pytest.mark.shared
def test_time_of_passage_settles_when_a_node_crosses_a_field_boundary_both_ways(observed, mesh):
    """From the Barents Sea on 15 Sep 2013 (Arc4), one node's arrival falls after the
    half-month boundary with one field and before it with the other; the fixed point
    settles it on the later field instead of alternating until the search limit."""
    src = arcticmesh.nearest_node(*BARENTS, mesh)
    tree = timed_tree("container_4500teu_arc4", "2013-09-15", src)
    assert tree.converged and tree.searches < timed.MAX_TIME_ITERATIONS


def test_ice_source_is_that_of_the_fields_the_path_met():
    """A search may reach far nodes on later days (another field, e.g. the observed extent
    after the end of the gridded record); the verdict names only the fields its own path
    was judged on."""
    from types import SimpleNamespace

    from arcticroute.routing.passage import _ice_stats

    def layer(source, product):
        n = 4
        return SimpleNamespace(
            ice_source=source, product=product, statistic="", ice_basis=product,
            sic=np.zeros(n), filled=np.zeros(n, bool), speed_kn=np.full(n, 10.0),
        )  # fmt: skip

    grid, extent = layer("observed", "G02202"), layer("observed", "Sea Ice Index extent")
    # nodes 0-2 (the path) on the first field, node 3 (reached later, off the path) on the other
    tree = SimpleNamespace(layers=(grid, extent), layer_of_node=np.array([0, 0, 0, 1]))
    stats = _ice_stats([(tree, np.array([0, 1, 2]))])
    assert stats["products"] == {"G02202"}
    assert stats["bases"] == {"G02202"}


def test_draft_is_asked_only_when_the_search_met_a_strait_it_closes():
    """A refusal asks whether the draft decides (a second search with the shallow straits
    open) only when the first search reached an end of an edge the draft closes: a search
    stopped by ice before any such strait would reach the same nodes with it open."""
    from types import SimpleNamespace

    from arcticroute.routing.voyage import _meets_closed_edges

    mesh = arcticmesh.load_mesh()
    deep = variants.mesh_filter("nsr", False, 13.0, assumptions.state())
    open_ = variants.mesh_filter("nsr", False, 0.0, assumptions.state())
    closed = np.flatnonzero(open_.edge_ok & ~deep.edge_ok)
    assert closed.size  # Sannikov and Dmitry Laptev Straits
    far = np.setdiff1d(np.arange(mesh.n_nodes), np.r_[mesh.edge_u[closed], mesh.edge_v[closed]])

    def found(reached):
        hours = np.full(mesh.n_nodes, np.inf)
        hours[reached] = 1.0
        return SimpleNamespace(trees=(SimpleNamespace(mesh_hours=hours),))

    assert not _meets_closed_edges(found(far[:1000]), deep, open_)
    assert _meets_closed_edges(found([int(mesh.edge_v[closed[0]])]), deep, open_)


def test_refusal_names_where_the_ice_stops_the_ship_from_its_own_side():
    """Reached water in two parts (the lanes go round to the far end of the passage): the
    reason names where the ship stops in the part it enters first, not only the point
    nearest the target, which may lie in the other part."""
    from arcticroute.routing.passage import _furthest

    mesh = arcticmesh.load_mesh()
    flt = variants.mesh_filter("nsr", False, 0.0, assumptions.state())
    lon, lat = mesh.lon, mesh.lat
    west = (lon > 30) & (lon < 60) & (lat > 68) & (lat < 76)  # Barents Sea: entered first
    east = (lon < -165) & (lat > 64) & (lat < 67)  # Bering Strait: reached round by Suez
    hours = np.full(mesh.n_nodes, np.inf)
    hours[west] = 10.0 + (lon[west] - 30.0)
    hours[east] = 900.0
    pevek = (170.3, 69.7)
    text = _furthest(hours, flt, pevek)
    assert text.startswith(" (from ")
    own, other = text.split("; from ")
    stop = own.split("no further than ")[1]
    assert stop.endswith("°E") and 68 < float(stop.split("°N")[0]) < 77  # in the Barents part
    entry, stop = other.rstrip(")").split(", no further than ")
    assert entry.endswith("°W") and stop.endswith("°W")  # the Bering part
    one_part = np.where(west, hours, np.inf)
    assert _furthest(one_part, flt, pevek).startswith(" (the ship gets no further than ")
