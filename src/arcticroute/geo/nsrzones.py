"""NSR geography on the Arctic routing mesh: legal water area, 2013 zones, shallow straits.

Every node of the shipped mesh (:mod:`arcticroute.geo.arcticmesh`) carries the zone of
the 2013 NSR Rules it lies in (0 outside the NSR water area, 1..7 as
:data:`arcticroute.geo.nsr.ZONE_NAMES`) and the shallow strait it lies in, if any.
The arrays are in ``data/arctic_mesh_zones.npz``, built by
``scripts/build_nsr_zones.py``. Controlling depths and the under-keel clearance
come from the parameter registry (``data/parameters_nsr_geography.toml``) at
call time, so ``--assumptions`` overrides apply.

Approximations (details in the build script's docstring):

* **Water area** (Merchant Shipping Code of the RF, Art. 5.1; nsr-rules.md §1.1):
  the EEZ is taken as the sea within 200 nm of Natural Earth 1:10m Russian land
  (no baselines; no median lines with Norway/Svalbard or the USA other than the
  1990 line). West limit: the meridian of Cape Zhelaniya (the northernmost
  vertex of Natural Earth's Severny Island), then the west coast of Novaya
  Zemlya and the western mouths of Matochkin Shar, Kara Gates and Yugorsky Shar
  as closed by Natural Earth's "Barents Sea" polygon. East limit: the 1990
  USSR-USA line (168°58'37"W) and the parallel of Cape Dezhnev (the easternmost
  vertex of Natural Earth's Chukotka).
* **Zones**: no source gives their bounds (nsr-rules.md §1.2, UNCONFIRMED). Each
  NSR node takes the zone of the nearest point of the interim NSR centre line
  (``data/nsr_centreline.csv``, Waite et al. after Cheaitou et al. 2019), whose
  Laptev sub-zones are split 4/4 into zones 3 and 4 at 125°E.
* **Straits**: the polygons are named assumptions (boxes drawn on Natural Earth);
  the whole polygon takes the strait's controlling depth. Depths are sourced per
  entry in the registry.

A mesh node is draft-limited where its controlling depth is below the draft plus
the under-keel clearance. Long (25 km cell) edges can pass over a strait polygon
without a node inside it, so routers should drop the edges of
:func:`draft_limited_edges`, not only the nodes of :func:`draft_limited_nodes`.

Errors
------
:class:`~arcticroute.errors.DataFileError` when the zones file is missing,
truncated, corrupt, of the wrong layout, built for another mesh, or built with
strait polygons other than the active registry's (polygons are build inputs:
rerun the build after changing them), and when a depth or clearance parameter
is not a non-negative number or the registry lacks a strait of the file.
:class:`~arcticroute.errors.ShipValidationError` for a draft that is not a
positive finite number of metres.

References
----------
Merchant Shipping Code of the Russian Federation, Art. 5.1 (NSR water area), and
Mintrans Order No. 7 of 17 Jan 2013 (the seven zones): shared reference
nsr-rules.md §1. Agreement between the USSR and the USA on the maritime boundary
(1990): 168°58'37"W. UNCLOS (1982) Art. 57: 200 nm EEZ. Mulherin, N.D. (1996),
The Northern Sea Route: Its Development and Evolving State of Operations in the
1990s, CRREL Report 96-3: Sannikov and Dmitry Laptev Straits 13 and 7 m deep.
Natural Earth 1:10m land and marine polygons, 1:110m countries (public domain).
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from arcticroute import assumptions
from arcticroute.errors import DataFileError, ShipValidationError
from arcticroute.geo.arcticmesh import ArcticMesh, load_mesh

__all__ = [
    "REGION_RADIUS_KEY",
    "UKC_KEY",
    "ZONES_FILE",
    "NsrZones",
    "depth_limited",
    "draft_limited_edges",
    "draft_limited_nodes",
    "estuary_source_nodes",
    "load_zones",
    "mesh_sha256",
    "read_zones",
    "regional_means",
    "strait_depths_m",
]

ZONES_FILE = "arctic_mesh_zones.npz"
"""Shipped zones file, in ``arcticroute/data/``."""
UKC_KEY = "nsr_geography.under_keel_clearance_fraction"
"""Registry key of the under-keel clearance, a fraction of the draft (an assumption)."""
_STRAIT_KEY = "nsr_geography.strait.{name}.{field}"
ESTUARY_KEY = "nsr_geography.spillover_estuaries"
"""Registry key of the estuaries whose concentration is taken from the sea outside."""
_ARRAYS = (
    "estuary_id",
    "estuary_source",
    "estuary_names",
    "nsr_zone",
    "strait_id",
    "edge_strait_bits",
    "strait_names",
    "strait_polygons_json",
    "cape_zhelaniya_lonlat_deg",
    "cape_dezhnev_lonlat_deg",
    "ussr_usa_line_lon_deg",
    "mesh_n_nodes",
    "mesh_sha256",
)


@dataclass(frozen=True)
class NsrZones:
    """NSR attributes of the mesh nodes (read-only arrays).

    Attributes
    ----------
    node_zone : ndarray of int8, shape (n_nodes,)
        0 outside the NSR water area, else the 2013 zone 1..7.
    strait_id : ndarray of int8, shape (n_nodes,)
        0 outside every strait polygon, else ``1 +`` the index in ``strait_names``.
    edge_strait_bits : ndarray of uint8, shape (n_edges,)
        Bit ``k`` set when the edge (straight in psn25) meets the polygon of
        strait ``k`` (``strait_id == k + 1``).
    strait_names : ndarray of str
        Registry names of the straits, e.g. ``"dmitry_laptev"``.
    strait_polygons : dict
        Strait name -> polygon (lon, lat vertices, degrees) the file was built with.
    cape_zhelaniya_lonlat_deg, cape_dezhnev_lonlat_deg : ndarray, shape (2,)
        The capes of Art. 5.1 as found on Natural Earth 1:10m land.
    ussr_usa_line_lon_deg : float
        Longitude of the 1990 USSR-USA line used as the east limit.
    mesh_sha256 : str
        :func:`mesh_sha256` of the mesh the file belongs to.
    estuary_id : ndarray of int8, shape (n_nodes,)
        0 outside the spill-over estuaries, else ``1 +`` the index in ``estuary_names``.
    estuary_source : ndarray of int32, shape (n_nodes,)
        For an estuary node, the node at the estuary's mouth, outside every
        estuary (whose ice the router uses there); -1 elsewhere.
    estuary_names : ndarray of str
        Natural Earth names of the estuaries (``nsr_geography.spillover_estuaries``).
    """

    node_zone: NDArray[np.int8]
    strait_id: NDArray[np.int8]
    edge_strait_bits: NDArray[np.uint8]
    strait_names: NDArray[np.str_]
    strait_polygons: dict[str, list[list[float]]]
    cape_zhelaniya_lonlat_deg: NDArray[np.float64]
    cape_dezhnev_lonlat_deg: NDArray[np.float64]
    ussr_usa_line_lon_deg: float
    mesh_sha256: str
    estuary_id: NDArray[np.int8] | None = None
    estuary_source: NDArray[np.int32] | None = None
    estuary_names: NDArray[np.str_] | None = None

    @property
    def min_depth_m(self) -> NDArray[np.float32]:
        """Controlling depth per node (m) from the registry now; NaN = no known limit.

        Raises :class:`~arcticroute.errors.DataFileError` as :func:`strait_depths_m`.
        """
        depth = np.concatenate([[np.nan], strait_depths_m(self)]).astype(np.float32)
        out = depth[self.strait_id]
        out.setflags(write=False)
        return out


def mesh_sha256(lon: ArrayLike, lat: ArrayLike) -> str:
    """sha256 (hex) of node longitudes then latitudes as little-endian float64.

    Identifies the mesh a zones file was built for.
    """
    h = hashlib.sha256()
    h.update(np.ascontiguousarray(lon, dtype="<f8").tobytes())
    h.update(np.ascontiguousarray(lat, dtype="<f8").tobytes())
    return h.hexdigest()


def read_zones(path: str | Path, mesh: ArcticMesh | None = None) -> NsrZones:
    """Read and check a zones file against a mesh.

    Parameters
    ----------
    path : str or Path
        An ``.npz`` written by ``scripts/build_nsr_zones.py``.
    mesh : ArcticMesh, optional
        The mesh it must fit; default the shipped one.

    Returns
    -------
    NsrZones

    Raises
    ------
    DataFileError
        If the file is missing, not a readable npz, lacks an array, has arrays of
        the wrong type, shape or range, or was built for another mesh.
    """
    mesh = load_mesh() if mesh is None else mesh
    path = Path(path)
    rebuild = "rebuild it with scripts/build_nsr_zones.py"
    try:
        with np.load(path, allow_pickle=False) as npz:
            a = {k: npz[k] for k in _ARRAYS if k in npz.files}
    except FileNotFoundError as exc:
        raise DataFileError(f"zones file {path} is missing; {rebuild}") from exc
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as exc:
        raise DataFileError(
            f"zones file {path} is truncated or corrupt ({exc}); {rebuild}"
        ) from exc
    missing = [k for k in _ARRAYS if k not in a]
    if missing:
        raise DataFileError(f"zones file {path} lacks arrays {missing}; {rebuild}")
    n_names = a["strait_names"].size
    checks = [
        (a["mesh_n_nodes"].dtype.kind in "iu" and a["mesh_n_nodes"].shape == (), "mesh_n_nodes"),
        (a["mesh_sha256"].dtype.kind == "U" and a["mesh_sha256"].shape == (), "mesh_sha256"),
        (a["strait_names"].dtype.kind == "U" and 0 < n_names <= 8, "strait_names"),
        (
            a["strait_polygons_json"].dtype.kind == "U" and a["strait_polygons_json"].shape == (),
            "strait_polygons_json",
        ),
        (a["cape_zhelaniya_lonlat_deg"].shape == (2,), "cape_zhelaniya_lonlat_deg"),
        (a["cape_dezhnev_lonlat_deg"].shape == (2,), "cape_dezhnev_lonlat_deg"),
        (a["ussr_usa_line_lon_deg"].dtype.kind == "f", "ussr_usa_line_lon_deg"),
        (a["nsr_zone"].dtype == np.int8, "nsr_zone"),
        (a["strait_id"].dtype == np.int8, "strait_id"),
        (a["edge_strait_bits"].dtype == np.uint8, "edge_strait_bits"),
    ]
    bad = [name for ok, name in checks if not ok]
    if bad:
        raise DataFileError(f"zones file {path}: arrays {bad} have the wrong type; {rebuild}")
    built_for = (int(a["mesh_n_nodes"]), str(a["mesh_sha256"]))
    shapes_fit = a["nsr_zone"].shape == a["strait_id"].shape == (mesh.n_nodes,) and a[
        "edge_strait_bits"
    ].shape == (mesh.n_edges,)
    if built_for != (mesh.n_nodes, mesh_sha256(mesh.lon, mesh.lat)) or not shapes_fit:
        raise DataFileError(
            f"zones file {path} was built for another mesh ({built_for[0]} nodes, "
            f"sha256 {built_for[1][:12]}...), not the one given ({mesh.n_nodes} nodes, "
            f"{mesh.n_edges} edges); {rebuild}"
        )
    zone, sid = a["nsr_zone"], a["strait_id"]
    if zone.min() < 0 or zone.max() > 7 or sid.min() < 0 or sid.max() > n_names:
        raise DataFileError(f"zones file {path}: zone or strait id out of range; {rebuild}")
    try:
        polygons = json.loads(str(a["strait_polygons_json"]))
    except json.JSONDecodeError as exc:
        raise DataFileError(f"zones file {path}: bad strait_polygons_json ({exc})") from exc
    names = a["strait_names"]
    if not isinstance(polygons, dict) or list(polygons) != names.tolist():
        raise DataFileError(f"zones file {path}: strait_polygons_json does not match strait_names")
    eid, esrc = a["estuary_id"], a["estuary_source"]
    est = eid > 0
    if (
        eid.dtype != np.int8
        or eid.shape != (mesh.n_nodes,)
        or esrc.shape != (mesh.n_nodes,)
        or esrc.dtype.kind != "i"
        or eid.min() < 0
        or eid.max() > a["estuary_names"].size
        or np.any(esrc[~est] != -1)
        or np.any((esrc[est] < 0) | (esrc[est] >= mesh.n_nodes))
        or (est.any() and np.any(eid[esrc[est]] != 0))
    ):
        raise DataFileError(f"zones file {path}: estuary arrays are inconsistent; {rebuild}")
    for arr in a.values():
        arr.setflags(write=False)
    return NsrZones(
        node_zone=zone,
        strait_id=sid,
        edge_strait_bits=a["edge_strait_bits"],
        strait_names=names,
        strait_polygons=polygons,
        cape_zhelaniya_lonlat_deg=a["cape_zhelaniya_lonlat_deg"],
        cape_dezhnev_lonlat_deg=a["cape_dezhnev_lonlat_deg"],
        ussr_usa_line_lon_deg=float(a["ussr_usa_line_lon_deg"]),
        mesh_sha256=str(a["mesh_sha256"]),
        estuary_id=eid,
        estuary_source=esrc,
        estuary_names=a["estuary_names"],
    )


@lru_cache(maxsize=1)
def load_zones() -> NsrZones:
    """The shipped zones of the shipped mesh (cached); see :func:`read_zones`."""
    with resources.as_file(resources.files("arcticroute") / "data" / ZONES_FILE) as path:
        return read_zones(path)


def estuary_source_nodes(zones: NsrZones | None = None) -> NDArray[np.intp]:
    """Per mesh node, the node whose ice the router uses: itself, or for a node in a
    spill-over estuary the node at that estuary's mouth, outside every estuary.

    Raises
    ------
    DataFileError
        If the registry's estuary list differs from the one the file was built with.
    """
    zones = load_zones() if zones is None else zones
    active = list(assumptions.value(ESTUARY_KEY))
    built = zones.estuary_names.tolist()
    if active != built:
        raise DataFileError(
            f"{ESTUARY_KEY!r} is {active}, but the zones file was built with {built}; "
            "estuaries are build inputs: rebuild with scripts/build_nsr_zones.py"
        )
    src = np.arange(zones.estuary_id.size, dtype=np.intp)
    est = zones.estuary_id > 0
    src[est] = zones.estuary_source[est]
    src.setflags(write=False)
    return src


def _number(key: str) -> float:
    val = assumptions.value(key)
    if isinstance(val, bool) or not isinstance(val, int | float) or not val >= 0:
        raise DataFileError(f"parameter {key!r} must be a non-negative number, got {val!r}")
    return float(val)


def strait_depths_m(zones: NsrZones | None = None) -> NDArray[np.float64]:
    """Controlling depth (m) of each strait of ``zones.strait_names``, from the registry now.

    Sources: one per ``nsr_geography.strait.<name>.min_depth_m`` entry of
    ``data/parameters_nsr_geography.toml`` (e.g. Dmitry Laptev 7 m and Sannikov
    13 m, Mulherin 1996, CRREL Report 96-3).

    Raises
    ------
    DataFileError
        If a depth is not a non-negative number, the registry lacks a strait of
        the file, or the active polygons differ from those the file was built with.
    """
    zones = load_zones() if zones is None else zones
    depths = []
    for name in zones.strait_names.tolist():
        depth_key = _STRAIT_KEY.format(name=name, field="min_depth_m")
        poly_key = _STRAIT_KEY.format(name=name, field="polygon_lonlat_deg")
        try:
            polygon = assumptions.value(poly_key)
            depths.append(_number(depth_key))
        except KeyError as exc:
            raise DataFileError(
                f"the zones file names strait {name!r}, but the registry has no "
                f"{depth_key!r} or {poly_key!r}"
            ) from exc
        if polygon != zones.strait_polygons[name]:
            raise DataFileError(
                f"{poly_key!r} differs from the polygon the zones file was built with; "
                "strait polygons are build inputs: rebuild with scripts/build_nsr_zones.py"
            )
    return np.asarray(depths, dtype=np.float64)


def depth_limited(
    min_depth_m: ArrayLike, draft_m: float, under_keel_clearance_fraction: float
) -> NDArray[np.bool_]:
    """Where a ship of this draft lacks its under-keel clearance.

    Parameters
    ----------
    min_depth_m : array_like
        Controlling depth, m; NaN where none is known (never limited).
    draft_m : float
        Ship's draft, m.
    under_keel_clearance_fraction : float
        Required clearance as a fraction of the draft.

    Returns
    -------
    ndarray of bool
        ``min_depth_m < draft_m * (1 + under_keel_clearance_fraction)``.
    """
    depth = np.asarray(min_depth_m, dtype=float)
    return depth < draft_m * (1.0 + under_keel_clearance_fraction)


def _check_draft(draft_m: float) -> float:
    try:
        d = float(draft_m)
    except (TypeError, ValueError):
        d = float("nan")
    if not (np.isfinite(d) and d > 0):
        raise ShipValidationError(
            f"draft_m must be a positive finite number of metres, got {draft_m!r}"
        )
    return d


def _limited_straits(draft_m: float, zones: NsrZones) -> NDArray[np.bool_]:
    return depth_limited(strait_depths_m(zones), _check_draft(draft_m), _number(UKC_KEY))


def draft_limited_nodes(draft_m: float, zones: NsrZones | None = None) -> NDArray[np.bool_]:
    """Mesh nodes where a ship of this draft lacks the under-keel clearance.

    Parameters
    ----------
    draft_m : float
        Ship's draft, m (> 0).
    zones : NsrZones, optional
        Default :func:`load_zones`.

    Returns
    -------
    ndarray of bool, shape (n_nodes,)
        True inside the polygon of a strait whose controlling depth is below
        ``draft_m * (1 + clearance)``; depths and the clearance are read from the
        registry at call time.

    Notes
    -----
    Depths: ``nsr_geography.strait.<name>.min_depth_m`` (sourced per entry);
    clearance: :data:`UKC_KEY` (an assumption, 10 % of draft). A node outside
    every strait polygon is never limited: the mesh has no bathymetry.

    Raises
    ------
    ShipValidationError
        If ``draft_m`` is not a positive finite number.
    DataFileError
        See :func:`strait_depths_m`.
    """
    zones = load_zones() if zones is None else zones
    limited = np.concatenate([[False], _limited_straits(draft_m, zones)])
    return limited[zones.strait_id]


def draft_limited_edges(draft_m: float, zones: NsrZones | None = None) -> NDArray[np.bool_]:
    """Mesh edges that meet the polygon of a strait too shallow for this draft.

    Same rule as :func:`draft_limited_nodes`, per edge: an edge is limited when
    its straight psn25 segment meets a limiting strait's polygon, even if
    neither of its ends lies inside (coarse edges are up to 79 km long).

    Returns
    -------
    ndarray of bool, shape (n_edges,)
        Use as ``edge_speed_factor = ~limited`` in
        :func:`arcticroute.geo.arcticmesh.shortest_path`.

    Raises
    ------
    ShipValidationError
        If ``draft_m`` is not a positive finite number.
    DataFileError
        See :func:`strait_depths_m`.
    """
    zones = load_zones() if zones is None else zones
    limited = _limited_straits(draft_m, zones)
    mask = sum((1 << k) for k in np.nonzero(limited)[0].tolist())
    return (zones.edge_strait_bits & np.uint8(mask)) > 0


# --- regions of the 2020 Rules -------------------------------------------------------

REGION_RADIUS_KEY = "nsr_rules.regions.radius_km"
"""Registry key of the radius of the region a node's ice conditions are judged over."""
_CELL_KM = 25.0


@dataclass(frozen=True)
class _RegionSums:
    unit: NDArray[np.intp]  # per NSR node: its (zone, psn25 cell) unit; -1 outside
    matrix: Any  # unit x unit, 1 where same zone and cells within the radius
    area_m2: NDArray[np.float64]  # per NSR node (in node order): the area it stands for
    weight_m2: NDArray[np.float64]  # per unit: the area of its region


@lru_cache(maxsize=4)
def _region_sums(radius_km: float) -> _RegionSums:
    from scipy.sparse import coo_matrix
    from scipy.spatial import cKDTree

    mesh, zone = load_mesh(), np.asarray(load_zones().node_zone, dtype=np.int64)
    inside = np.flatnonzero(zone > 0)
    rows, cols = mesh.ice_row.astype(np.int64), mesh.ice_col.astype(np.int64)
    keys = (zone[inside] * 1_000 + rows[inside]) * 1_000 + cols[inside]
    uniq, inverse = np.unique(keys, return_inverse=True)
    unit = np.full(zone.size, -1, dtype=np.intp)
    unit[inside] = inverse
    u_zone, u_rc = uniq // 1_000_000, np.column_stack([(uniq // 1_000) % 1_000, uniq % 1_000])
    pairs = cKDTree(u_rc).query_pairs(radius_km / _CELL_KM, output_type="ndarray")
    pairs = pairs[u_zone[pairs[:, 0]] == u_zone[pairs[:, 1]]]
    i = np.concatenate([pairs[:, 0], pairs[:, 1], np.arange(uniq.size)])
    j = np.concatenate([pairs[:, 1], pairs[:, 0], np.arange(uniq.size)])
    matrix = coo_matrix((np.ones(i.size), (i, j)), shape=(uniq.size, uniq.size)).tocsr()
    area = mesh.node_area_m2[inside]
    weight = matrix @ np.bincount(inverse, weights=area, minlength=uniq.size)
    for arr in (unit, area, weight):
        arr.setflags(write=False)
    return _RegionSums(unit, matrix, area, weight)


def regional_means(values: Sequence[ArrayLike], radius_km: float | None = None) -> list[NDArray]:
    """Area-weighted means of per-node values over each NSR node's region.

    A node's region is the nodes of its own zone whose psn25 cells lie within
    ``radius_km`` of its cell (centre to centre): a stand-in for the 28 regions
    over which the 2020 NSR Rules judge the type of ice conditions, whose bounds
    no source gives (nsr-rules.md §2.2); the radius (registry
    :data:`REGION_RADIUS_KEY`) gives a disk of their mean area.

    Parameters
    ----------
    values : sequence of array_like, each shape (n_nodes,)
        Finite per-node values (the caller decides what unknown counts as).
    radius_km : float, optional
        Default: the registry value.

    Returns
    -------
    list of ndarray
        One per input, the regional mean at every NSR node, NaN outside the NSR.
    """
    radius = float(assumptions.value(REGION_RADIUS_KEY)) if radius_km is None else radius_km
    if not radius >= 0:
        raise DataFileError(f"{REGION_RADIUS_KEY} must be a distance >= 0 km; got {radius}")
    sums = _region_sums(radius)
    inside = sums.unit >= 0
    units = sums.unit[inside]
    out = []
    for value in values:
        v = np.asarray(value, dtype=float)[inside]
        per_unit = np.bincount(units, weights=sums.area_m2 * v, minlength=sums.weight_m2.size)
        mean = np.full(sums.unit.size, np.nan)
        mean[inside] = ((sums.matrix @ per_unit) / sums.weight_m2)[units]
        out.append(mean)
    return out
