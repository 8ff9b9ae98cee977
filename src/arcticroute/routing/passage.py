"""What an ice-aware route meets on the Arctic mesh: its passage, zone by zone, and why not.

:func:`summarize` turns the mesh stretches of a route (nodes of a
:class:`~arcticroute.routing.timed.TimedTree` path) into an :class:`IcePassage`:
distance, hours with a wait of ``escort.waiting_h`` at each escorted stretch,
concentrations, POLARIS, the NSR zones with their admission, the ice's source
and caveats. :func:`no_path_reasons` says why no path exists (read at the
frontier of the reachable nodes). :func:`ice_passage` is a passage between two
points of the mesh on its own, through the same search.

Limits (said in every result's caveats where they apply): steady-state speeds,
no waiting for better ice, no ice pressure or ridging; escort at the escorted
speed after ``escort.waiting_h`` for each escorted stretch; the legal NSR water
area and zones are approximations (:mod:`arcticroute.geo.nsrzones`); the
Northwest Passage is judged by POLARIS and the performance model only (Canada's
AIRSS zone/date rules are not modelled).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from arcticroute import assumptions
from arcticroute.geo import arcticmesh, geodesy, nsrzones
from arcticroute.geo.nsr import ZONE_NAMES
from arcticroute.ice.icedata import EMBEDDED_YEARS
from arcticroute.routing import icelayer, timed, variants
from arcticroute.routing.timed import TimedTree
from arcticroute.routing.variants import NSR_VARIANTS, MeshFilter
from arcticroute.rules import nsr_rules

__all__ = [
    "DRAFT",
    "FILLED_CELLS",
    "NO_PATH",
    "SEASON",
    "IcePassage",
    "ZoneSummary",
    "ice_kind",
    "ice_passage",
    "infeasible",
    "met_conditions",
    "no_path_reasons",
    "summarize",
    "zone_summaries",
]

NO_PATH = "no passable path: ice closes the route"
DRAFT = "the ship's draft closes the route"
SEASON = "outside the NSR season for ships with no ice class or Ice1–Ice3 (1 Jul–15 Nov)"
FILLED_CELLS = "route depends on filled coastal/pole-hole cells"


@dataclass(frozen=True)
class ZoneSummary:
    """What the passage meets in one NSR zone.

    Attributes
    ----------
    zone : int
    name : str
    entered, left : datetime.datetime
        UTC time the path first enters and last leaves the zone (it may leave
        and come back in between: ``hours`` counts only the time inside).
    distance_nm, hours : float
    max_sic, mean_sic : float
        Largest and length-weighted mean concentration along the path in the zone.
    min_rio : float
        Lowest independent POLARIS RIO at the path's nodes in the zone.
    mean_thickness_m, max_thickness_m : float
        Length-weighted mean and largest cell-mean ice thickness (concentration ×
        thickness, :class:`arcticroute.ice.icecover.IceCover`) along the path in
        the zone, m.
    ice_conditions : str
        Type of ice conditions (the heaviest over the days spent in the zone).
    independent_allowed : bool or None
        Admission alone (None = unconfirmed table cell, decided by POLARIS).
    escort_needed : bool
        Some of the zone's path is sailed under escort.
    escort_allowed : bool or None
    status : str
        ``"confirmed"`` when both answers used come from a confirmed table cell.
    reason : str
        The admission text for the mode used.
    """

    zone: int
    name: str
    entered: dt.datetime
    left: dt.datetime
    distance_nm: float
    hours: float
    max_sic: float
    mean_sic: float
    min_rio: float
    mean_thickness_m: float
    max_thickness_m: float
    ice_conditions: str
    independent_allowed: bool | None
    escort_needed: bool
    escort_allowed: bool | None
    status: str
    reason: str


@dataclass(frozen=True)
class IcePassage:
    """One ice-aware passage through the mesh, with its verdict.

    Attributes
    ----------
    variant : str
    feasible : bool
    reasons : tuple of str
        Why it is not feasible (empty when feasible).
    caveats : tuple of str
        What the verdict rests on.
    start, end : datetime.datetime
        At the first and last node (end is None when infeasible).
    distance_nm, hours : float
        NaN when no passable path exists.
    nodes, lon, lat : ndarray
        Path (empty when none).
    escort : ndarray of bool
        Per segment (``len(nodes) - 1``): sailed under escort.
    segment_hours : ndarray of float
        Per segment.
    zones : tuple of ZoneSummary
        In the order entered.
    max_sic, mean_sic, min_speed_kn : float
    ice_source, product, statistic : str
        Of the ice fields used (``"observed"`` only if every field was observed).
    ice_basis : str
        What the ice's age and thickness rest on.
    filled_nodes : int
        Path nodes whose ice came from a filled coast/pole-hole cell.
    season_ok : bool
    max_lat : float
    tree_converged : bool
    """

    variant: str
    feasible: bool
    reasons: tuple[str, ...]
    caveats: tuple[str, ...]
    start: dt.datetime
    end: dt.datetime | None
    distance_nm: float
    hours: float
    nodes: NDArray[np.int64] = field(repr=False)
    lon: NDArray[np.float64] = field(repr=False)
    lat: NDArray[np.float64] = field(repr=False)
    escort: NDArray[np.bool_] = field(repr=False)
    segment_hours: NDArray[np.float64] = field(repr=False)
    zones: tuple[ZoneSummary, ...] = field(repr=False)
    max_sic: float = math.nan
    mean_sic: float = math.nan
    min_speed_kn: float = math.nan
    ice_source: str = ""
    product: str = ""
    statistic: str = ""
    ice_basis: str = ""
    filled_nodes: int = 0
    season_ok: bool = True
    max_lat: float = math.nan
    tree_converged: bool = True


def met_conditions(layer: icelayer.IceLayer, nodes: NDArray[np.int64]) -> str:
    """The heaviest type of ice conditions the admission of ``nodes`` rests on in ``layer``."""
    return nsr_rules.ICE_CONDITIONS[int(layer.node_conditions[nodes].max(initial=0))]


def zone_summaries(
    nodes: NDArray[np.int64],
    seg_nm: NDArray,
    seg_h: NDArray,
    arrive_h: NDArray,
    tree: TimedTree,
    escort: NDArray[np.bool_],
) -> tuple[ZoneSummary, ...]:
    """Per NSR zone entered by one mesh stretch ``nodes`` of ``tree`` (segments: length,
    hours, hours from the tree's start at the segment's first node, escorted)."""
    start = tree.start
    layers = tree.layers
    lay_idx = tree.layer_of_node[nodes]
    zone = layers[0].zone[nodes[1:]]  # a segment belongs to the zone of its end node
    out = []
    order = [int(z) for z in dict.fromkeys(zone.tolist()) if z > 0]
    for z in order:
        seg = np.flatnonzero(zone == z)
        ends = nodes[seg + 1]
        lidx = lay_idx[seg + 1]
        sic = np.array([layers[li].sic[nd] for li, nd in zip(lidx, ends, strict=True)])
        rio = np.array([layers[li].rio[nd] for li, nd in zip(lidx, ends, strict=True)])
        thick = np.array([layers[li].thickness_m[nd] for li, nd in zip(lidx, ends, strict=True)])
        dist = float(seg_nm[seg].sum())
        used = [
            (layers[li], met_conditions(layers[li], ends[lidx == li])) for li in np.unique(lidx)
        ]
        worst = max((kind for _, kind in used), key=nsr_rules.ICE_CONDITIONS.index)
        alone = [lay.alone[z, kind].admitted for lay, kind in used]
        esc_ok = [lay.escorted[z, kind].admitted for lay, kind in used]
        needs = bool(escort[seg].any())
        ind = False if False in alone else (None if None in alone else True)
        esc = False if False in esc_ok else (None if None in esc_ok else True)
        last, last_kind = used[-1]
        mode = (last.escorted if needs else last.alone)[z, last_kind]
        statuses = {lay.alone[z, kind].status for lay, kind in used} | (
            {lay.escorted[z, kind].status for lay, kind in used} if needs else set()
        )
        out.append(
            ZoneSummary(
                zone=z,
                name=ZONE_NAMES[z],
                entered=start + dt.timedelta(hours=float(arrive_h[seg[0]])),
                left=start + dt.timedelta(hours=float(arrive_h[seg[-1]] + seg_h[seg[-1]])),
                distance_nm=dist,
                hours=float(seg_h[seg].sum()),
                max_sic=float(np.nanmax(sic)) if sic.size else math.nan,
                mean_sic=float(np.sum(np.nan_to_num(sic) * seg_nm[seg]) / dist)
                if dist
                else math.nan,
                min_rio=float(np.nanmin(rio)) if np.any(np.isfinite(rio)) else math.nan,
                mean_thickness_m=float(np.sum(np.nan_to_num(thick) * seg_nm[seg]) / dist)
                if dist
                else math.nan,
                max_thickness_m=float(np.nanmax(thick)) if np.any(np.isfinite(thick)) else math.nan,
                ice_conditions=worst,
                independent_allowed=ind,
                escort_needed=needs,
                escort_allowed=esc,
                status="confirmed" if statuses == {"confirmed"} else "unconfirmed",
                reason=mode.reason,
            )
        )
    return tuple(out)


def ice_kind(sources: set[str]) -> str:
    """``observed`` when every field was observed, ``projection`` when any came from a
    CMIP6 file, ``climatology`` when any was one, else ``extent`` (observed extent with
    the climatology's concentration)."""
    if sources <= {"observed"} and sources:
        return "observed"
    if "projection" in sources:
        return "projection"
    return "climatology" if "climatology" in sources or not sources else "extent"


def no_path_reasons(
    tree: TimedTree,
    target_lonlat: tuple[float, float],
    ship: Any,
    flt: MeshFilter,
    draft_decides: bool,
) -> list[str]:
    """Why no path reaches the target: the binding cause, for this corridor's waters.

    The causes are read at the frontier of the reachable mesh nodes (unreached
    open nodes next to reached ones): nodes the NSR admission closes name their
    zones; otherwise the ice, the draft or the season decides. The NSR season and
    zones are named only for a route that enters the NSR water area; a Northwest
    Passage refusal speaks of the NWP.
    """
    mesh = arcticmesh.load_mesh()
    reasons: list[str] = []
    lay = tree.layers[0]
    reach = np.isfinite(tree.mesh_hours)
    u, w = mesh.edge_u.astype(np.intp), mesh.edge_v.astype(np.intp)
    cross = flt.edge_ok & (reach[u] != reach[w])
    frontier = np.unique(np.where(reach[u[cross]], w[cross], u[cross]))
    frontier = frontier[flt.node_ok[frontier]]
    lays = [tree.layers[i] for i in np.unique(tree.layer_of_node[frontier])] or [lay]
    closed = [(ly, frontier[ly.closed_by_rules[frontier]]) for ly in lays]
    ruled = sorted({int(z) for ly, nodes in closed for z in ly.zone[nodes] if z > 0})
    met = {
        z: max(
            (met_conditions(ly, nodes[ly.zone[nodes] == z]) for ly, nodes in closed),
            key=nsr_rules.ICE_CONDITIONS.index,
        )
        for z in ruled
    }
    in_nsr = flt.name in NSR_VARIANTS or bool(np.any(lay.zone[frontier] > 0))
    if in_nsr and not nsr_rules.season_allows(lay.ice_class, tree.start.date()):
        reasons.append(SEASON)
    elif ruled:
        reasons.append(
            "the NSR rules admit the ship neither alone nor under escort where the route "
            "would go: zone(s) " + ", ".join(f"{z} ({ZONE_NAMES[z]}, {met[z]} ice)" for z in ruled)
        )
    if flt.name == "nwp" and not icelayer.escort_season(tree.start.date()):
        reasons.append(
            "no Canadian Coast Guard escort outside June-November (its Arctic icebreaking season)"
        )
    if draft_decides:
        draft = float(getattr(ship, "draft_m", 0.0) or 0.0)
        ukc = float(assumptions.value(nsrzones.UKC_KEY))
        reasons.append(
            f"{DRAFT}: {draft:g} m plus {100 * ukc:g} % under-keel clearance is too deep for "
            f"{', '.join(variants.draft_closed_straits(draft))}"
        )
    elif not ruled or not in_nsr:
        reasons.append(f"{NO_PATH}{_furthest(tree.mesh_hours, flt, target_lonlat)}")
    return reasons


def _furthest(hours: NDArray, flt: MeshFilter, target_lonlat: tuple[float, float]) -> str:
    """Where the ship gets closest to the target, as text (empty when nothing is reached).

    The reached water may be in parts entered at different points (the lanes go round to
    the far end of a passage: Arkhangelsk to Pevek reaches the Bering Strait by Suez).
    The part with the point nearest the target is named, and, if another part holds the
    first point reached, where the ship gets in that one too: it is where the ice stops
    the ship that sets out from the origin's side. Each part is named by where the ship
    enters it (the point of it reached first).
    """
    reach = np.isfinite(hours)
    if not reach.any():
        return ""
    part = _reached_parts(reach, flt)
    near = _nearest(np.flatnonzero(reach), target_lonlat)
    first = int(np.flatnonzero(reach)[np.argmin(hours[reach])])
    if part[first] == part[near]:
        return f" (the ship gets no further than {_where(near)})"
    own = _nearest(np.flatnonzero(part == part[first]), target_lonlat)
    other = np.flatnonzero(part == part[near])
    entry = int(other[np.argmin(hours[other])])
    return (
        f" (from {_where(first)} the ship gets no further than {_where(own)}; "
        f"from {_where(entry)}, no further than {_where(near)})"
    )


def _reached_parts(reach: NDArray[np.bool_], flt: MeshFilter) -> NDArray[np.int32]:
    """Connected parts of the reached mesh nodes over the open edges (-1 unreached)."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    mesh = arcticmesh.load_mesh()
    u, w = mesh.edge_u, mesh.edge_v
    ok = flt.edge_ok & reach[u] & reach[w]
    g = csr_matrix((np.ones(int(ok.sum())), (u[ok], w[ok])), shape=(mesh.n_nodes,) * 2)
    _, label = connected_components(g, directed=False)
    return np.where(reach, label, -1).astype(np.int32)


def _where(node: int) -> str:
    mesh = arcticmesh.load_mesh()
    lon = float(mesh.lon[node])
    return f"{mesh.lat[node]:.1f}°N {abs(lon):.1f}°{'E' if lon >= 0 else 'W'}"


def _nearest(reached: NDArray[np.int64], target_lonlat: tuple[float, float]) -> int:
    """The node of ``reached`` nearest the target (WGS84 geodesic)."""
    mesh = arcticmesh.load_mesh()
    # the great-circle distance picks the candidates within 2 % of the nearest (a spherical
    # distance errs by up to about 0.5 % on the Earth's ellipsoid: "Great-circle distance",
    # Wikipedia), the WGS84 geodesic the node among them: the same node, in 1/50 the time
    lam, phi = np.radians(mesh.lon[reached]), np.radians(mesh.lat[reached])
    lam0, phi0 = np.radians(target_lonlat[0]), np.radians(target_lonlat[1])
    cos_c = np.sin(phi) * np.sin(phi0) + np.cos(phi) * np.cos(phi0) * np.cos(lam - lam0)
    arc = np.arccos(np.clip(cos_c, -1.0, 1.0))
    near = reached[arc <= arc.min() * 1.02 + 1e-9]
    d = geodesy.geodesic_distance_m(mesh.lon[near], mesh.lat[near], *target_lonlat)
    return int(near[int(np.argmin(d))])


@dataclass
class _Segments:
    """Per-segment arrays of the mesh stretches of one route, in travel order."""

    nodes: list = field(default_factory=list)
    seg_h: list = field(default_factory=list)
    arrive_h: list = field(default_factory=list)
    escort: list = field(default_factory=list)
    stretches: list = field(default_factory=list)
    gaps: set = field(default_factory=set)
    n_segments: int = 0

    def add(self, tree: TimedTree, nodes: NDArray[np.int64]) -> None:
        """One stretch; one that starts where the last ended (a via node) continues it,
        another is joined by a gap segment of no length and no time (the route is on
        the lanes in between)."""
        h = tree.hours[nodes]
        lay = tree.layer_of_node[nodes]
        esc = [tree.layers[li].escort[nd] for li, nd in zip(lay[1:], nodes[1:], strict=True)]
        seg_h, arrive, esc = np.diff(h), h[:-1], np.array(esc, dtype=bool)
        kept = nodes
        if self.nodes and self.nodes[-1][-1] == nodes[0]:
            kept = nodes[1:]
        elif self.nodes:
            self.gaps.add(self.n_segments)
            seg_h, arrive, esc = np.r_[0.0, seg_h], np.r_[h[0], arrive], np.r_[False, esc]
        self.n_segments += seg_h.size
        self.nodes.append(kept)
        self.seg_h.append(seg_h)
        self.arrive_h.append(arrive)
        self.escort.append(esc)
        self.stretches.append((tree, nodes))


def summarize(
    name: str, stretches: list[tuple[TimedTree, NDArray[np.int64]]], what_if: bool = False
) -> IcePassage:
    """The passage of a route through the mesh stretches ``(tree, mesh nodes)`` it sails.

    Escorted stretches carry a wait of ``escort.waiting_h`` before them (the search,
    :func:`arcticroute.routing.timed.phase_graph`, counts it in the trees' hours, so
    the fastest route weighs it); ``what_if`` (fixed node speeds) means the layers'
    escort does not apply.
    """
    mesh = arcticmesh.load_mesh()
    segs = _Segments()
    for tree, nodes in stretches:
        segs.add(tree, nodes)
    seg_h, arrive_h = np.concatenate(segs.seg_h), np.concatenate(segs.arrive_h)
    escort = np.concatenate(segs.escort)
    if what_if:
        escort = np.zeros_like(escort)
    nodes = np.concatenate(segs.nodes)
    gaps = segs.gaps
    seg_nm = _segment_nm(mesh, nodes)
    seg_nm[sorted(gaps)] = 0.0
    zones, k = [], 0
    for tree, part in stretches:
        k += int(k in gaps)
        m = part.size - 1
        zones.extend(
            zone_summaries(
                part,
                seg_nm[k : k + m],
                seg_h[k : k + m],
                arrive_h[k : k + m],
                tree,
                escort[k : k + m],
            )
        )
        k += m
    stats = _ice_stats(stretches)
    t0 = stretches[0][0].start
    first_h = float(stretches[0][0].hours[stretches[0][1][0]])
    total_nm = float(seg_nm.sum())
    return IcePassage(
        variant=name,
        feasible=True,
        reasons=(),
        caveats=_caveats(name, stats, zones, nodes.size, [tr for tr, _ in stretches]),
        start=t0 + dt.timedelta(hours=first_h),
        end=t0 + dt.timedelta(hours=first_h + float(seg_h.sum())),
        distance_nm=total_nm,
        hours=float(seg_h.sum()),
        nodes=nodes,
        lon=mesh.lon[nodes],
        lat=mesh.lat[nodes],
        escort=escort,
        segment_hours=seg_h,
        zones=tuple(zones),
        max_sic=float(np.nanmax(stats["sic"])),
        mean_sic=_mean_sic(stats["sic_seg"], seg_nm, total_nm),
        min_speed_kn=float(np.min(stats["speed"])),
        ice_source=ice_kind(stats["sources"]),
        product=", ".join(sorted(stats["products"])),
        statistic=", ".join(sorted(s for s in stats["stats"] if s)),
        ice_basis="; ".join(sorted(stats["bases"])),
        filled_nodes=stats["filled"],
        season_ok=all(
            nsr_rules.season_allows(stretches[0][0].layers[0].ice_class, z.entered.date())
            for z in zones
        ),
        max_lat=float(mesh.lat[nodes].max()),
        tree_converged=all(tr.converged for tr, _ in stretches),
    )


def _segment_nm(mesh, nodes: NDArray[np.int64]) -> NDArray[np.float64]:
    lon, lat = mesh.lon[nodes], mesh.lat[nodes]
    d = geodesy.geodesic_distance_m(lon[:-1], lat[:-1], lon[1:], lat[1:])
    return np.atleast_1d(np.asarray(d, dtype=float)) / geodesy.M_PER_NM


def _mean_sic(sic_seg: NDArray, seg_nm: NDArray, total_nm: float) -> float:
    return float(np.sum(np.nan_to_num(sic_seg) * seg_nm) / total_nm) if total_nm else 0.0


def _ice_stats(stretches) -> dict:
    """Concentration, speed and filled flags at the path's nodes (a via node once); the
    sources of the fields those nodes were judged on (not of every field the search met)."""
    sic, speed, filled = [], [], 0
    sources, products, stats, bases = set(), set(), set(), set()
    last = -1
    for tree, nodes in stretches:
        skip = 1 if nodes[0] == last else 0
        for li, nd in zip(tree.layer_of_node[nodes][skip:], nodes[skip:], strict=True):
            lay = tree.layers[li]
            sic.append(lay.sic[nd])
            filled += bool(lay.filled[nd])
            speed.append(lay.speed_kn[nd])
        last = int(nodes[-1])
        for li in np.unique(tree.layer_of_node[nodes]):  # the fields its nodes were judged on
            lay = tree.layers[li]
            sources.add(lay.ice_source)
            products.add(lay.product)
            stats.add(lay.statistic)
            bases.add(lay.ice_basis)
    node_sic = np.asarray(sic, dtype=float)
    return {
        "sic": node_sic,
        "sic_seg": 0.5 * (node_sic[:-1] + node_sic[1:]),
        "speed": np.asarray(speed, dtype=float),
        "filled": filled,
        "sources": sources,
        "products": products,
        "stats": stats,
        "bases": bases,
    }


def _caveats(name: str, stats: dict, zones, n_nodes: int, trees) -> tuple[str, ...]:
    out = []
    if stats["filled"]:
        out.append(f"{FILLED_CELLS} ({stats['filled']} of {n_nodes} path nodes)")
    if "projection" in stats["sources"]:
        out.append(
            "ice from a CMIP6 projection regridded to psn25, no bias adjustment ("
            + ", ".join(sorted(stats["products"]))
            + ")"
        )
    if "climatology" in stats["sources"]:
        out.append(
            "ice from the monthly climatology ("
            + ", ".join(sorted(s for s in stats["stats"] if s))
            + f" of {EMBEDDED_YEARS[0]}–{EMBEDDED_YEARS[-1]}), not an observed field"
        )
    out.append("ice age and thickness: " + "; ".join(sorted(stats["bases"])))
    if not all(tr.converged for tr in trees):
        out.append("time of passage did not converge: ice days may be off by one field")
    unconfirmed = sorted({z.zone for z in zones if z.status != "confirmed"})
    if unconfirmed:
        out.append(
            "NSR admission unconfirmed for this class in zone(s) "
            + ", ".join(map(str, unconfirmed))
            + ": decided by POLARIS and the performance model"
        )
    if name == "nwp":
        out.append(
            "Northwest Passage judged by POLARIS and the performance model only "
            "(Canada's AIRSS zone/date rules are not modelled)"
        )
    out.append("NSR water area and zones are approximations (arcticroute.geo.nsrzones)")
    return tuple(out)


def infeasible(name: str, t0: dt.datetime, tree: TimedTree, reasons: list[str]) -> IcePassage:
    """A passage that does not exist, with its reasons."""
    e_f, e_i, e_b = np.empty(0), np.empty(0, dtype=np.int64), np.empty(0, dtype=bool)
    lay = tree.layers[0]
    return IcePassage(
        variant=name,
        feasible=False,
        reasons=tuple(reasons),
        caveats=("ice age and thickness: " + lay.ice_basis,),
        start=t0,
        end=None,
        distance_nm=math.nan,
        hours=math.nan,
        nodes=e_i,
        lon=e_f,
        lat=e_f,
        escort=e_b,
        segment_hours=e_f,
        zones=(),
        ice_source=lay.ice_source,
        product=lay.product,
        statistic=lay.statistic,
        ice_basis=lay.ice_basis,
        season_ok=nsr_rules.season_allows(lay.ice_class, t0.date()),
        tree_converged=tree.converged,
    )


def ice_passage(
    ship: Any,
    start: Any,
    a: tuple[float, float],
    b: tuple[float, float],
    variant: str = "nsr",
    *,
    node_speed_kn: ArrayLike | None = None,
    **layer_kw: Any,
) -> IcePassage:
    """Fastest passage between two points of the mesh, through the route search.

    Parameters
    ----------
    ship : Ship or str
    start : datetime.datetime, datetime.date or ISO text
        When the ship is at ``a``.
    a, b : (lon, lat)
        Ends, degrees (snapped to the nearest mesh nodes).
    variant : str
        Arctic variant or corridor filtering the mesh
        (:func:`arcticroute.routing.variants.mesh_filter`).
    node_speed_kn : array_like, optional
        Fixed node speeds (what-if), as for :func:`~arcticroute.routing.timed.timed_tree`.
    **layer_kw
        ``source``, ``stat``, ``policy``, ``admission_table``, ``climatology``,
        ``escort``, ``user_ice`` of :func:`~arcticroute.routing.icelayer.ice_layer`.
    """
    ship = icelayer.as_ship(ship)
    t0 = timed.as_datetime(start)
    mesh = arcticmesh.load_mesh()
    na, nb = arcticmesh.nearest_node(*a, mesh), arcticmesh.nearest_node(*b, mesh)
    draft = float(getattr(ship, "draft_m", 0.0) or 0.0)
    mask = variants.lane_mask(variant)  # an unknown variant or corridor raises here
    flt = variants.mesh_filter(variant, False, draft, assumptions.state())
    kw = dict(mask=mask, layer_kw=layer_kw, node_speed_kn=node_speed_kn)
    legs = [(na, nb)] if flt.via_node < 0 else [(na, flt.via_node), (flt.via_node, nb)]
    stretches, t_h = [], 0.0
    for s, g in legs:
        tree = timed.timed_tree(ship, t0, [(s, t_h)], flt, targets=[g], **kw)
        if not np.isfinite(tree.hours[g]):
            deep = bool(variants.draft_closed_straits(draft))
            decides = deep and _reached_without_draft(ship, t0, s, t_h, g, variant, kw)
            reasons = no_path_reasons(tree, (mesh.lon[g], mesh.lat[g]), ship, flt, decides)
            return infeasible(flt.name, t0 + dt.timedelta(hours=t_h), tree, reasons)
        stretches.append((tree, tree.path_to(g)))
        t_h = float(tree.hours[g])
    return summarize(flt.name, stretches, what_if=node_speed_kn is not None)


def _reached_without_draft(ship, t0, s: int, t_h: float, g: int, variant: str, kw) -> bool:
    """Whether the target is reached when no strait is closed by the draft."""
    flt = variants.mesh_filter(variant, False, 0.0, assumptions.state())
    tree = timed.timed_tree(ship, t0, [(s, t_h)], flt, targets=[g], **kw)
    return bool(np.isfinite(tree.hours[g]))
