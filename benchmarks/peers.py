"""Peer routers measured beside arcticroute, and the corridor a path took.

The peers are searoute-py and scgraph, both routing on versions of the
Eurostat SeaRoute ``marnet`` lanes that arcticroute's network also derives
from. Each adapter takes :class:`arcticroute.geo.ports.Port` objects, so every
tool routes between exactly the same coordinates, and returns the distance
in nautical miles (1 nm = 1852 m) with the path as lon/lat arrays.

Conventions that differ between the tools (and explain part of any
distance difference):

* arcticroute: WGS84 geodesics; straight approach legs from each port to its
  nearest lane node are included.
* searoute 1.6.0: haversine on a 6371.0088 km sphere; called with
  ``append_orig_dest=True`` so its approach legs are included too.
* scgraph 3.6: haversine on a 6371 km sphere; approach legs with
  ``off_graph_circuity=1`` (its default) included.
"""

from __future__ import annotations

import math
import shutil
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from arcticroute.geo import geodesy
from arcticroute.geo.passages import PASSAGES
from arcticroute.geo.ports import Port

KM_PER_NM = 1.852
SPHERE_RADIUS_M = 6_371_008.8
"""Mean Earth radius searoute uses for its haversine lengths, metres."""

SEAROUTE_RESTRICTIONS: dict[str, tuple[str, ...]] = {
    "auto": ("northwest",),
    "suez": ("northwest", "south_africa", "panama", "chili"),
    "cape": ("northwest", "suez", "panama", "chili"),
    "panama": ("northwest", "suez", "south_africa", "chili"),
    "arctic": ("suez", "south_africa", "panama", "chili"),
}
"""searoute ``restrictions`` (passages to avoid) used to push it into a corridor.

``auto`` is searoute's own default. searoute has no "must use" option, so a
forced result only counts when its path really took the corridor (see
:func:`corridor_of_path`). Its ``northwest`` tag sits on the Chukchi Sea
lanes north of the Bering Strait, the gate to both the NSR and the NWP, so
``arctic`` (``northwest`` allowed) gives whichever of the two is shorter.
"""

NSR_AREA = (68.9, 66.0, 170.0, 84.0)
"""Approximate NSR box (lon_min, lat_min, lon_max, lat_max) for peer paths.

Kara Sea to the East Siberian Sea, south of 84°N: the box form of
arcticroute's interim NSR area (``passages.py``), good enough to label a
peer's path. It stops at 170°E so that lanes from the Bering Strait into
the Chukchi Sea (shared with NWP voyages) do not count; every NSR transit
crosses the East Siberian Sea west of 170°E.
"""
NWP_AREA = (-125.0, 67.5, -80.0, 80.0)
"""Approximate box of the Canadian Arctic Archipelago channels (Amundsen Gulf
to Lancaster Sound), leaving out the Beaufort Sea and Baffin Bay."""

CORRIDOR_ORDER = ("nsr", "nwp", "suez", "panama", "cape", "cape_horn", "magellan")
"""Label priority when a path touches several corridor passages."""


def _in_box(lon: NDArray, lat: NDArray, box: tuple[float, float, float, float]) -> bool:
    x0, y0, x1, y1 = box
    return bool(np.any((lon >= x0) & (lon <= x1) & (lat >= y0) & (lat <= y1)))


def _boxes() -> dict[str, tuple[float, float, float, float]]:
    boxes = {name: PASSAGES[name].box for name in CORRIDOR_ORDER if PASSAGES[name].box}
    return boxes | {"nsr": NSR_AREA, "nwp": NWP_AREA}


def corridor_of_path(lon_deg: NDArray, lat_deg: NDArray) -> str:
    """Corridor a polyline takes, judged from its geometry.

    The path is densified along geodesics (20 km steps) and tested against
    the passage boxes of :data:`arcticroute.geo.passages.PASSAGES` and the
    approximate Arctic boxes above. Returns ``"none"`` when it uses no
    corridor passage (e.g. within Europe).
    """
    lon, lat = geodesy.densify(lon_deg, lat_deg, 20_000.0)
    lon = geodesy.wrap_lon(lon)
    boxes = _boxes()
    return next((n for n in CORRIDOR_ORDER if _in_box(lon, lat, boxes[n])), "none")


def in_corridor_area(port: Port, name: str) -> bool:
    """Whether a port lies inside a corridor's box.

    A voyage from such a port "uses" the passage without transiting it
    (e.g. from Colon at the Panama Canal's Atlantic entrance), so forced
    corridor comparisons leave those pairs out.
    """
    return _in_box(np.array([port.lon]), np.array([port.lat]), _boxes()[name])


def sphere_path_nm(lon_deg: NDArray, lat_deg: NDArray) -> float:
    """Length of a polyline along great circles on searoute's 6371.0088 km sphere, nm.

    Measuring arcticroute's own path this way separates the geodesy part of a
    difference with the peers (they measure on a sphere, arcticroute on
    WGS84) from the part due to different lanes.
    """
    lon, lat = np.deg2rad(lon_deg), np.deg2rad(lat_deg)
    a = (
        np.sin(np.diff(lat) / 2) ** 2
        + np.cos(lat[:-1]) * np.cos(lat[1:]) * np.sin(np.diff(lon) / 2) ** 2
    )
    return float(np.sum(2 * np.arcsin(np.sqrt(a))) * SPHERE_RADIUS_M / 1852.0)


def corridor_of_passages(passages: tuple[str, ...]) -> str:
    """Corridor label of an arcticroute route from its passage tags."""
    return next((name for name in CORRIDOR_ORDER if name in passages), "none")


class Searoute:
    """searoute-py adapter (networkx backend, its default)."""

    def __init__(self) -> None:
        import searoute

        self._sr = searoute
        warnings.filterwarnings("ignore", message="No path found", category=UserWarning)

    def route(
        self, o: Port, d: Port, restrictions: tuple[str, ...] = ("northwest",)
    ) -> tuple[float, NDArray, NDArray, list[str]]:
        """Distance (nm), path lon, path lat and traversed passage tags.

        No path (blocked by the restrictions or disconnected) gives ``nan``:
        searoute then returns just the two end points when
        ``append_orig_dest`` is set, which is detected here.
        """
        f = self._sr.searoute(
            [o.lon, o.lat],
            [d.lon, d.lat],
            units="naut",
            append_orig_dest=True,
            restrictions=list(restrictions),
            return_passages=True,
        )
        coords = np.asarray(f.geometry.coordinates, dtype=float)
        passages = list(f.properties.get("traversed_passages", []))
        length = float(f.properties["length"])
        if coords.shape[0] < 3 or not math.isfinite(length):
            return math.nan, coords[:, 0], coords[:, 1], passages
        return length, coords[:, 0], coords[:, 1], passages


class Scgraph:
    """scgraph adapter on its ``marnet`` GeoGraph, loaded offline.

    ``load_geograph`` downloads into ``cache_dir`` when the file is missing,
    so the shipped copy is first copied to a private temporary folder.
    """

    def __init__(self, geograph_dir: Path) -> None:
        from scgraph import GeoGraph

        src = Path(geograph_dir) / "marnet.graphjson"
        if not src.is_file():
            raise FileNotFoundError(f"scgraph marnet geograph not found at {src}")
        self._tmp = tempfile.TemporaryDirectory(prefix="arcticroute-bench-scgraph-")
        shutil.copyfile(src, Path(self._tmp.name) / "marnet.graphjson")
        self.cache_dir = self._tmp.name
        t0 = time.perf_counter()
        self.graph = GeoGraph.load_geograph("marnet", cache_dir=self.cache_dir)
        self.load_s = time.perf_counter() - t0
        """Seconds ``load_geograph`` took (file parse and graph build)."""

    def close(self) -> None:
        self._tmp.cleanup()

    def route(self, o: Port, d: Port) -> tuple[float, NDArray, NDArray]:
        """Distance (nm), path lon and lat, with scgraph's default options."""
        try:
            out = self.graph.get_shortest_path(
                origin_node={"latitude": o.lat, "longitude": o.lon},
                destination_node={"latitude": d.lat, "longitude": d.lon},
                output_units="km",
                silent=True,
            )
        except Exception:  # scgraph raises bare exceptions on a disconnected graph
            return math.nan, np.zeros(0), np.zeros(0)
        path = np.asarray(out["coordinate_path"], dtype=float)
        return float(out["length"]) / KM_PER_NM, path[:, 1], path[:, 0]

    def distance_matrix_nm(self, ports: list[Port]) -> NDArray[np.float64]:
        """scgraph's ``distance_matrix`` (square, all ports to all ports), nm."""
        nodes = [{"latitude": p.lat, "longitude": p.lon} for p in ports]
        m = self.graph.distance_matrix(nodes, output_units="km", silent=True)
        arr = np.array([[math.nan if v is None else v for v in row] for row in m], dtype=float)
        return arr / KM_PER_NM

    def reset_cache(self) -> None:
        """Drop the shortest-path trees ``distance_matrix`` caches between calls."""
        self.graph.graph_object.reset_cache()
