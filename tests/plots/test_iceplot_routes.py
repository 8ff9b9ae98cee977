"""Routes drawn over a sea-ice field: iceplot.plot_ice_routes and RouteLine."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import require_module

from arcticroute.errors import ArcticRouteError
from arcticroute.ice import icedata
from arcticroute.plots import iceplot
from arcticroute.plots.iceplot import IcePlotError, RouteLine, plot_ice_routes
from arcticroute.plots.routemap import ROUTE_COLOURS

matplotlib = require_module("matplotlib", module_level=True)
matplotlib.use("Agg")


@pytest.fixture(scope="module")
def ice():
    """Shipped median climatology for mid-September (no network)."""
    return icedata.ice_for("2013-09-15", source="embedded")


def nsr_line(**kw) -> RouteLine:
    """West gateway (33E, 71N) along ~75N across the antimeridian to the east gateway."""
    lon = np.concatenate([[33.0, 50.0], np.arange(70.0, 181.0, 10.0), [-175.0, -170.0]])
    lat = np.concatenate([[71.0, 74.0], np.full(12, 75.0), [70.0, 64.0]])
    escort = np.zeros(lon.size - 1, dtype=bool)
    escort[5:9] = True  # Laptev Sea, about 100-140E
    kw.setdefault("escort", escort)
    return RouteLine(kw.pop("label", "nsr"), lon, lat, **kw)


@pytest.fixture
def drawn(monkeypatch):
    """Capture the figure handed to the atomic writer, then write it as usual."""
    figs = []
    real = iceplot.save_png

    def capture(fig, out_path, dpi):
        figs.append(fig)
        return real(fig, out_path, dpi)

    monkeypatch.setattr(iceplot, "save_png", capture)
    return figs


def test_writes_a_png(ice, tmp_path):
    out = plot_ice_routes(ice, [nsr_line()], tmp_path / "nsr.png", title="NSR in September")
    assert out == tmp_path / "nsr.png"
    img = matplotlib.image.imread(out)
    assert img.ndim == 3 and img.shape[2] in (3, 4)
    assert img.shape[0] > 500 and img.shape[1] > 800
    assert [p.name for p in tmp_path.iterdir()] == ["nsr.png"]  # no .part left over


def test_legend_names_escort_infeasible_and_no_data(ice, tmp_path, drawn):
    second = RouteLine("nsr high-latitude", [33, 40, 90, 150, -170], [71, 80, 84, 80, 64])
    late = RouteLine("suez", [4.0, 32.0, 121.0], [52.0, 30.0, 31.0], feasible=False)
    plot_ice_routes(
        ice, [nsr_line(), second, nsr_line(label="nsr again"), late], tmp_path / "a.png"
    )
    fig = drawn[0]
    ax = fig.axes[0]
    texts = [
        t.get_text()
        for lg in fig.legends + [a.get_legend() for a in fig.axes]
        if lg
        for t in lg.get_texts()
    ]
    assert texts.count("icebreaker escort needed") == 1  # two routes with escort, one entry
    assert "no data (treated as impassable)" in texts
    assert "suez (not feasible) (outside the map)" in texts
    assert "sea-ice concentration (fraction)" in [a.get_xlabel() for a in fig.axes]
    assert "2013-09-15" in ax.get_title() and "climatology" in ax.get_title()
    # first "nsr" route takes the corridor colour; a second one may not reuse it
    handles = {
        t.get_text(): h
        for lg in [a.get_legend() for a in fig.axes]
        if lg
        for t, h in zip(lg.get_texts(), lg.legend_handles, strict=True)
    }
    assert handles["nsr"].get_color() == ROUTE_COLOURS["nsr"]
    assert handles["nsr again"].get_color() != ROUTE_COLOURS["nsr"]
    assert handles["suez (not feasible) (outside the map)"].get_linestyle() != "-"


def test_antimeridian_route_stays_one_continuous_line(ice, tmp_path, drawn):
    plot_ice_routes(ice, [nsr_line(colour="black", escort=None)], tmp_path / "a.png")
    ax = drawn[0].axes[0]
    lines = [ln for ln in ax.get_lines() if ln.get_color() == "black" and len(ln.get_xdata()) > 2]
    assert len(lines) == 1
    x, y = np.asarray(lines[0].get_xdata()), np.asarray(lines[0].get_ydata())
    # densified to 25 km on the ground; stereographic scale < 1.1 north of 60N, so a step
    # over 60 km could only be a jump across the map
    assert np.max(np.hypot(np.diff(x), np.diff(y))) < 60e3


def test_window_covers_the_arctic_part_down_to_65n(ice, tmp_path, drawn):
    rotterdam_leg = RouteLine("nwp", [4.5, 5.0, 15.0, 33.0], [52.0, 62.0, 70.0, 71.0])
    plot_ice_routes(ice, [nsr_line(), rotterdam_leg], tmp_path / "a.png")
    ax = drawn[0].axes[0]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    from pyproj import Transformer

    tr = Transformer.from_crs("EPSG:4326", iceplot.PSN25_PROJ, always_xy=True)
    for lon, lat in [(33.0, 71.0), (120.0, 75.0), (-170.0, 64.0), (120.0, 65.0), (5.0, 62.0)]:
        x, y = tr.transform(lon, lat)
        assert x0 < x < x1 and y0 < y < y1, (lon, lat)
    x, y = tr.transform(4.5, 52.0)  # Rotterdam is south of the ice map: clipped
    assert not (x0 < x < x1 and y0 < y < y1)


def test_unknown_ice_is_grey_not_open_water(ice, tmp_path, drawn):
    sic = ice["sic"].values.copy()
    ocean = ~(ice["land"].values | ice["lake"].values | ice["coast"].values)
    hole = np.zeros_like(ocean)
    hole[150:170, 150:170] = True
    sic[hole & ocean] = np.nan
    plot_ice_routes(ice.assign(sic=(("y", "x"), sic)), [nsr_line()], tmp_path / "a.png")
    ice_mesh, grey_mesh = drawn[0].axes[0].collections[:2]
    shown_ice = ~np.ma.getmaskarray(ice_mesh.get_array()).reshape(sic.shape)
    shown_grey = ~np.ma.getmaskarray(grey_mesh.get_array()).reshape(sic.shape)
    assert shown_grey[hole & ocean].all()
    assert not shown_ice[hole & ocean].any()
    assert not (shown_ice & shown_grey).any()


def test_zones_are_drawn_and_labelled(ice, tmp_path, drawn):
    zones = ([60.0, 70.0, 110.0, 120.0], [73.0, 74.0, 76.0, 76.5], [1, 1, 3, 3])
    plot_ice_routes(ice, [nsr_line()], tmp_path / "a.png", zones=zones)
    labels = sorted(t.get_text() for t in drawn[0].axes[0].texts)
    assert {"1", "3"} <= set(labels)


def test_failed_save_leaves_old_file_and_no_part(ice, tmp_path, monkeypatch):
    out = tmp_path / "map.png"
    out.write_bytes(b"old")

    def broken_savefig(self, fname, **kw):
        with open(fname, "wb") as fh:
            fh.write(b"\x89PNG half")
        raise OSError("disk full")

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", broken_savefig)
    with pytest.raises(OSError, match="disk full"):
        plot_ice_routes(ice, [nsr_line()], out)
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["map.png"]


def test_routeline_is_frozen_and_read_only():
    r = nsr_line()
    with pytest.raises(AttributeError, match=r"cannot assign|frozen"):
        r.label = "x"  # type: ignore[misc]
    with pytest.raises(ValueError, match="read-only"):
        r.lon_deg[0] = 0.0  # type: ignore[index]
    assert r.escort.dtype == bool and r.escort.size == r.lon_deg.size - 1


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"lon_deg": [30.0, 40.0, 50.0], "lat_deg": [70.0, 71.0]}, "one longitude per latitude"),
        ({"lon_deg": [30.0], "lat_deg": [70.0]}, "at least 2 vertices"),
        ({"lon_deg": [30.0, np.nan], "lat_deg": [70.0, 71.0]}, "NaN"),
        ({"lon_deg": [30.0, 40.0], "lat_deg": [70.0, 91.0]}, r"\[-90, 90\]"),
        ({"lon_deg": ["a", "b"], "lat_deg": [70.0, 71.0]}, "numbers in degrees"),
        ({"escort": [True, False]}, "one flag per segment, 1 for 2 vertices; got 2"),
        ({"escort": [0.5]}, "booleans"),
        ({"colour": "not-a-colour"}, "not a matplotlib colour"),
        ({"label": ""}, "non-empty string"),
    ],
)
def test_bad_routeline(kwargs, match):
    args = {"label": "nsr", "lon_deg": [30.0, 40.0], "lat_deg": [70.0, 71.0]} | kwargs
    with pytest.raises(IcePlotError, match=match) as err:
        RouteLine(**args)
    assert isinstance(err.value, ArcticRouteError) and isinstance(err.value, ValueError)


def test_bad_plot_arguments(ice, tmp_path):
    out = tmp_path / "map.png"
    with pytest.raises(IcePlotError, match="at least one RouteLine"):
        plot_ice_routes(ice, [], out)
    with pytest.raises(IcePlotError, match="RouteLine objects"):
        plot_ice_routes(ice, [([33.0, 40.0], [71.0, 72.0])], out)
    with pytest.raises(IcePlotError, match="lacks sic"):
        plot_ice_routes(ice.drop_vars("sic"), [nsr_line()], out)
    with pytest.raises(IcePlotError, match=r"xarray\.Dataset"):
        plot_ice_routes(ice["sic"], [nsr_line()], out)
    two_days = ice.drop_vars("time").assign(sic=ice["sic"].drop_vars("time").expand_dims(time=2))
    with pytest.raises(IcePlotError, match="2 time steps"):
        plot_ice_routes(two_days, [nsr_line()], out)
    with pytest.raises(IcePlotError, match="three 1-D arrays"):
        plot_ice_routes(ice, [nsr_line()], out, zones=np.zeros((5, 3)))
    assert not out.exists()
