"""Where a route may go on the Arctic mesh: the Arctic variants and the other corridors.

A corridor (``via``) filters the joined graph (:mod:`arcticroute.geo.joined`) as it
filters the lanes: lane runs and mesh nodes tagged with a passage the corridor
forbids (:mod:`arcticroute.geo.passages`) are closed. On the mesh:

* the **Arctic variants** (:data:`VARIANTS`) add their own shape: the NSR below
  82°N, the high-latitude NSR north of Severnaya Zemlya and the New Siberian
  Islands, the Transpolar route through the node nearest the pole, the
  Northwest Passage through the Canadian Arctic Archipelago;
* every **other corridor** (``auto``, ``suez``, ``cape``, ``panama``...) may use
  the mesh's approaches but not cross the Arctic: the transit regions
  (:data:`TRANSIT_REGIONS`, NSIDC-0780 regions) are closed too, which leaves the
  Atlantic and the Pacific sides of the mesh unconnected -- unless an end of
  the route lies in them, as ``auto`` uses the Arctic passages on the lanes
  when an end port lies in them.

Edges through a strait too shallow for the ship's draft are closed
(:func:`arcticroute.geo.nsrzones.draft_limited_edges`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from arcticroute import assumptions
from arcticroute.errors import ArcticRouteError
from arcticroute.geo import arcticmesh, nsrzones
from arcticroute.geo.joined import load_joins
from arcticroute.geo.passages import CORRIDORS, PASSAGES, passage_mask
from arcticroute.ice import icedata, icegrid

__all__ = [
    "NSR_VARIANTS",
    "TRANSIT_REGIONS",
    "VARIANTS",
    "IceRoutingError",
    "MeshFilter",
    "Variant",
    "draft_closed_straits",
    "get_variant",
    "lane_mask",
    "mesh_filter",
    "required_bit",
]


class IceRoutingError(ArcticRouteError, ValueError):
    """Bad input to the ice router: date, policy, variant, node or speed array."""


@dataclass(frozen=True)
class Variant:
    """One Arctic route variant: where it may go on the mesh.

    Attributes
    ----------
    name, description : str
    barriers : tuple of (lon, lat_min, lat_max)
        Meridian segments no edge may cross: they force the path north or south
        of an island group.
    max_lat : float
        Nodes north of this are closed.
    lon_window : (lon_min, lon_max) or None
        Only nodes in this longitude range (west to east, degrees) are open.
    via : (lon, lat) or None
        A point the path must pass (the node nearest to it).
    required : str or None
        Passage the route must use (``nsr``, ``nwp``).
    """

    name: str
    description: str
    barriers: tuple[tuple[float, float, float], ...] = ()
    max_lat: float = 90.0
    lon_window: tuple[float, float] | None = None
    via: tuple[float, float] | None = None
    required: str | None = None


VARIANTS: dict[str, Variant] = {
    "nsr": Variant(
        "nsr",
        "Northern Sea Route through the Russian Arctic seas: the fastest way the ice, the "
        "rules and the draft allow, through the straits (Kara Gates, Vilkitsky or "
        "Shokalsky, Sannikov or Dmitry Laptev) or round the islands",
        max_lat=82.0,
        required="nsr",
    ),
    "nsr_high": Variant(
        "nsr_high",
        "high-latitude Northern Sea Route: north of Severnaya Zemlya and of the New "
        "Siberian Islands",
        barriers=((100.0, 60.0, 81.0), (145.0, 60.0, 77.2)),
        max_lat=85.0,
        required="nsr",
    ),
    "transpolar": Variant(
        "transpolar",
        "Transpolar route: across the central Arctic Ocean near the North Pole",
        via=(0.0, 90.0),
    ),
    "nwp": Variant(
        "nwp",
        "Northwest Passage: Davis Strait to the Bering Strait through Lancaster Sound, "
        "the Canadian Arctic Archipelago and the Beaufort Sea",
        barriers=((-85.0, 75.2, 90.0),),  # Jones Sound, north of Devon Island
        max_lat=77.5,
        lon_window=(-172.0, -50.0),
        required="nwp",
    ),
}
"""The Arctic variants. Barrier latitudes and windows are geographic choices made
here (not from a source): each is checked by tests to send the path through the
water it names. The Transpolar ``via`` is the node nearest the pole (pole-hole
ice is filled: the result says so)."""

NSR_VARIANTS = ("nsr", "nsr_high")
"""Variants that cross the NSR water area by definition."""
TRANSIT_REGIONS = ("Central Arctic", "East Siberian", "Laptev", "Canadian Archipelago")
"""NSIDC-0780 regions a corridor other than an Arctic variant may not enter (unless
an end of the route lies in one): without them the mesh's Atlantic and Pacific
sides are not connected (checked by a test)."""


def get_variant(name: str | Variant) -> Variant:
    if isinstance(name, Variant):
        return name
    try:
        return VARIANTS[name]
    except KeyError:
        raise IceRoutingError(
            f"unknown Arctic variant {name!r}; use one of {', '.join(VARIANTS)}"
        ) from None


def lane_mask(via: str | Variant) -> int:
    """Passage bits the corridor or variant closes (an Arctic variant: as ``nsr`` or ``nwp``)."""
    if isinstance(via, Variant):
        via = "nwp" if via.required == "nwp" else "nsr"
    if via in ("nsr_high", "transpolar"):
        via = "nsr"
    if via not in CORRIDORS:
        raise IceRoutingError(
            f"unknown Arctic variant or corridor {via!r}; use one of "
            f"{', '.join([*VARIANTS, *(c for c in CORRIDORS if c not in VARIANTS)])}"
        )
    return CORRIDORS[via].forbidden_mask


def required_bit(via: str) -> int:
    """Passage bit the route must use (0: none)."""
    v = VARIANTS.get(via)
    name = v.required if v is not None else CORRIDORS[via].required
    return 0 if name is None else 1 << PASSAGES[name].bit


@dataclass(frozen=True, eq=False)
class MeshFilter:
    """Open mesh nodes and edges of one corridor (read-only arrays)."""

    name: str
    node_ok: NDArray[np.bool_]
    edge_ok: NDArray[np.bool_]
    via_node: int = -1


def _wrap180(x: NDArray) -> NDArray:
    return (x + 180.0) % 360.0 - 180.0


@lru_cache(maxsize=16)
def _shape(v: Variant) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Nodes and edges a variant's geometry leaves open (read-only; the mesh is fixed)."""
    mesh = arcticmesh.load_mesh()
    lon, lat = mesh.lon, mesh.lat
    node_ok = lat <= v.max_lat
    if v.lon_window is not None:
        lo, hi = v.lon_window
        node_ok &= (_wrap180(lon - lo) >= 0) & (_wrap180(lon - lo) <= (hi - lo) % 360.0)
    u, w = mesh.edge_u.astype(np.intp), mesh.edge_v.astype(np.intp)
    edge_ok = np.ones(mesh.n_edges, dtype=bool)
    for blon, lat_min, lat_max in v.barriers:
        du, dw = _wrap180(lon[u] - blon), _wrap180(lon[w] - blon)
        crosses = (np.sign(du) != np.sign(dw)) & (np.abs(du - dw) < 90.0)
        in_band = (np.maximum(lat[u], lat[w]) >= lat_min) & (np.minimum(lat[u], lat[w]) <= lat_max)
        edge_ok &= ~(crosses & in_band)
    node_ok.setflags(write=False)
    edge_ok.setflags(write=False)
    return node_ok, edge_ok


@lru_cache(maxsize=1)
def node_regions() -> NDArray[np.uint8]:
    """NSIDC-0780 region code of every mesh node (that of its psn25 ice cell), read-only."""
    mesh = arcticmesh.load_mesh()
    regions = np.asarray(icedata.shipped_regions())
    out = regions[mesh.ice_row.astype(np.intp), mesh.ice_col.astype(np.intp)]
    out.setflags(write=False)
    return out


@lru_cache(maxsize=1)
def transit_nodes() -> NDArray[np.bool_]:
    """Mesh nodes in :data:`TRANSIT_REGIONS`."""
    codes = icegrid.REGION_MASKS["nsidc0780"]
    out = np.isin(node_regions(), [codes[r][0] for r in TRANSIT_REGIONS])
    out.setflags(write=False)
    return out


@lru_cache(maxsize=32)
def mesh_filter(
    via: str | Variant, open_transit: bool = False, draft_m: float = 0.0, state: int = 0
) -> MeshFilter:
    """Open nodes and edges of the mesh for a corridor or variant.

    ``open_transit``: an end of the route lies in a transit region, so a corridor
    other than an Arctic variant may cross the Arctic (and its forbidden passages
    are not closed on the mesh), as ``auto`` does on the lanes. ``draft_m`` closes
    the straits too shallow for it; ``state`` is the registry state it was read in.
    """
    mesh = arcticmesh.load_mesh()
    tags = load_joins().mesh_tags
    v = via if isinstance(via, Variant) else VARIANTS.get(via)
    name = v.name if v is not None else via
    if v is not None:
        node_ok, edge_ok = (a.copy() for a in _shape(v))
        node_ok &= (tags & np.uint16(lane_mask(via) & 0xFFFF)) == 0
        via_node = arcticmesh.nearest_node(*v.via, mesh) if v.via is not None else -1
    else:
        node_ok = np.ones(mesh.n_nodes, dtype=bool)
        edge_ok = np.ones(mesh.n_edges, dtype=bool)
        if not open_transit:
            node_ok &= (tags & np.uint16(lane_mask(via) & 0xFFFF)) == 0
            node_ok &= ~transit_nodes()
        via_node = -1
    if draft_m > 0:
        edge_ok &= ~nsrzones.draft_limited_edges(draft_m)
    for arr in (node_ok, edge_ok):
        arr.setflags(write=False)
    return MeshFilter(name, node_ok, edge_ok, via_node)


def arctic_tags() -> int:
    """Bits of the passages that lie on the mesh."""
    return passage_mask(["nsr", "nsr_kara", "nwp", "bering"])


def draft_closed_straits(draft_m: float) -> list[str]:
    """Names and depths of the straits too shallow for a draft (registry values now)."""
    if not draft_m > 0:
        return []
    zones = nsrzones.load_zones()
    depths = nsrzones.strait_depths_m(zones)
    ukc = float(assumptions.value(nsrzones.UKC_KEY))
    limited = nsrzones.depth_limited(depths, draft_m, ukc)
    return [
        f"{name.replace('_', ' ').title()} Strait ({depth:g} m)"
        for name, depth, lim in zip(zones.strait_names.tolist(), depths, limited, strict=True)
        if lim
    ]
