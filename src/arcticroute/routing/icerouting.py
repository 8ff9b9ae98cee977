"""Ice-aware passage through the Arctic mesh, with the ice of the day the ship gets there.

The router works on the Arctic mesh (:mod:`arcticroute.geo.arcticmesh`) in four layers,
each from a tested module:

1. **Ice per node** (:func:`ice_layer`): the ice cover of the date
   (:func:`arcticroute.ice.icecover.ice_cover`: concentration with coast and
   pole-hole cells filled, split into first-year, second-year and multi-year
   ice, first-year thickness from growth and melt), nodes in the
   land-spill-over estuaries (Gulf of Ob, Yenisey Gulf) given the ice of the
   sea outside them (:func:`arcticroute.geo.nsrzones.estuary_source_nodes`);
   the POLARIS RIO over the three ice types (:func:`arcticroute.rules.polaris.rio`)
   and two speeds (:mod:`arcticroute.vessel.performance` with the class's
   capability, :mod:`arcticroute.vessel.capability`): alone (the smaller of
   the speed in ice and the speed POLARIS permits) and behind an icebreaker
   (the escort speed, within the class's escorted thickness).
   Unknown ice (NaN) gives speed 0: unknown ice is never open water.
2. **NSR rules per node**: the type of ice conditions of each NSR zone
   (:func:`arcticroute.rules.nsr_rules.ice_conditions_type` over the zone's nodes,
   area-weighted) and the admission of the ship alone and under escort
   (:func:`arcticroute.rules.nsr_rules.admission`, which includes the season limit of
   ships with no ice class or Ice1–Ice3). In a zone where the ship may go alone
   and can make way, it goes alone; where it may not, or cannot, but escort is
   admitted and icebreakers work there (:func:`escort_region`), it goes at
   its escorted speed and the node is marked *escort*; otherwise the node is
   closed. An unknown admission (unconfirmed table cell)
   is decided by POLARIS and the performance model alone, as the NSR table
   says. Edges through a strait too shallow for the ship's draft are closed
   (:func:`arcticroute.geo.nsrzones.draft_limited_edges`).
3. **Variants** (:data:`VARIANTS`): the NSR (its fastest way through the
   Russian Arctic seas, by the straits or round the islands), the high-latitude
   NSR north of Severnaya Zemlya and the New Siberian Islands, the Transpolar
   route over the pole and the Northwest Passage, each a set of open nodes and
   edges (barrier meridians the path may not cross) between two gateways that
   join the world lane network.
4. **Time of passage** (:func:`timed_tree`): Dijkstra with edge time ``length /
   min(node speeds)``, where each node's speed is that of the ice on the day the
   ship reaches it. Arrival times depend on the speeds and the speeds on the
   arrival days, so the search is repeated with the days of the previous search
   until no node changes ice field (a fixed point; at most
   :data:`MAX_TIME_ITERATIONS` searches, else a caveat). With monthly fields
   this is one or two searches; with daily fields a few.

Limits (said in every result's caveats where they apply): steady-state speeds,
no waiting for better ice, no ice pressure or ridging; escort at the
escorted speed after ``escort.waiting_h`` for each escorted stretch; the legal NSR water area
and zones are approximations (:mod:`arcticroute.geo.nsrzones`); the Northwest Passage
is judged by POLARIS and the performance model only (Canada's AIRSS zone/date
rules are not modelled).

Errors
------
:class:`IceRoutingError` (``ValueError``) for a bad date, policy, variant or
speed array; the errors of the composed modules propagate unchanged (e.g.
:class:`~arcticroute.ice.icedata.NoIceDataError` for a date without data when the
climatology is not allowed, :class:`~arcticroute.errors.UnknownIceClassError`).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from arcticroute import assumptions
from arcticroute.errors import ArcticRouteError
from arcticroute.geo import arcticmesh, geodesy, nsrzones
from arcticroute.geo.nsr import ZONE_NAMES
from arcticroute.ice import icecover, icedata, icegrid
from arcticroute.ice.icestage import IceStage
from arcticroute.ice.userice import UserIce
from arcticroute.rules import nsr_rules, polaris
from arcticroute.vessel import capability, performance

__all__ = [
    "EAST_GATEWAY",
    "MAX_TIME_ITERATIONS",
    "NO_PATH",
    "VARIANTS",
    "WEST_GATEWAY",
    "IceLayer",
    "IcePassage",
    "IceRoutingError",
    "TimedTree",
    "Variant",
    "escort_region",
    "escort_waits",
    "ice_kind",
    "ice_layer",
    "ice_passage",
    "node_speeds_kn",
    "timed_tree",
]

WEST_GATEWAY = (33.0, 71.0)
"""(lon, lat) of the Atlantic gateway of the NSR variants: Barents Sea north of the
Kola Peninsula, on the mesh and on the lane network."""
EAST_GATEWAY = (-170.0, 64.0)
"""(lon, lat) of the Pacific gateway: northern Bering Sea south of the Bering Strait."""
DAVIS_GATEWAY = (-57.5, 67.0)
"""(lon, lat) of the Atlantic gateway of the Northwest Passage: Davis Strait."""
NSR_VARIANTS = ("nsr", "nsr_high")
"""Variants that cross the NSR water area by definition."""
MAX_TIME_ITERATIONS = 6
"""Searches of the time-of-passage fixed point before giving up (with a caveat)."""
NO_PATH = "no passable path: ice closes the route"
DRAFT = "the ship's draft closes the route"
SEASON = "outside the NSR season for ships with no ice class or Ice1–Ice3 (1 Jul–15 Nov)"
FILLED_CELLS = "route depends on filled coastal/pole-hole cells"
_HOURS_PER_DAY = 24.0


class IceRoutingError(ArcticRouteError, ValueError):
    """Bad input to the ice router: date, policy, variant or speed array."""


# --- variants -------------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    """One Arctic route variant: where it may go on the mesh and its gateways.

    Attributes
    ----------
    name, description : str
    west, east : (lon, lat)
        Gateways, degrees: the Atlantic and Pacific ends, on the mesh and on the
        lane network.
    barriers : tuple of (lon, lat_min, lat_max)
        Meridian segments no edge may cross: they force the path north or south
        of an island group.
    max_lat : float
        Nodes north of this are closed.
    lon_window : (lon_min, lon_max) or None
        Only nodes in this longitude range (west to east, degrees) are open.
    via : (lon, lat) or None
        A point the path must pass (the node nearest to it).
    """

    name: str
    description: str
    west: tuple[float, float]
    east: tuple[float, float]
    barriers: tuple[tuple[float, float, float], ...] = ()
    max_lat: float = 90.0
    lon_window: tuple[float, float] | None = None
    via: tuple[float, float] | None = None


VARIANTS: dict[str, Variant] = {
    "nsr": Variant(
        "nsr",
        "Northern Sea Route through the Russian Arctic seas: the fastest way the ice, the "
        "rules and the draft allow, through the straits (Kara Gates, Vilkitsky or "
        "Shokalsky, Sannikov or Dmitry Laptev) or round the islands",
        WEST_GATEWAY,
        EAST_GATEWAY,
        max_lat=82.0,
    ),
    "nsr_high": Variant(
        "nsr_high",
        "high-latitude Northern Sea Route: north of Severnaya Zemlya and of the New "
        "Siberian Islands",
        WEST_GATEWAY,
        EAST_GATEWAY,
        barriers=((100.0, 60.0, 81.0), (145.0, 60.0, 77.2)),
        max_lat=85.0,
    ),
    "transpolar": Variant(
        "transpolar",
        "Transpolar route: across the central Arctic Ocean near the North Pole",
        WEST_GATEWAY,
        EAST_GATEWAY,
        via=(0.0, 90.0),
    ),
    "nwp": Variant(
        "nwp",
        "Northwest Passage: Davis Strait to the Bering Strait through Lancaster Sound, "
        "the Canadian Arctic Archipelago and the Beaufort Sea",
        DAVIS_GATEWAY,
        EAST_GATEWAY,
        barriers=((-85.0, 75.2, 90.0),),  # Jones Sound, north of Devon Island
        max_lat=77.5,
        lon_window=(-172.0, -50.0),
    ),
}
"""The Arctic variants. Barrier latitudes and windows are geographic choices made
here (not from a source): each is checked by tests to send the path through the
water it names. The Transpolar ``via`` is the node nearest the pole (pole-hole
ice is filled: the result says so)."""


def get_variant(name: str | Variant) -> Variant:
    if isinstance(name, Variant):
        return name
    try:
        return VARIANTS[name]
    except KeyError:
        raise IceRoutingError(
            f"unknown Arctic variant {name!r}; use one of {', '.join(VARIANTS)}"
        ) from None


def _wrap180(x: NDArray) -> NDArray:
    return (x + 180.0) % 360.0 - 180.0


@lru_cache(maxsize=16)
def _variant_masks(v: Variant) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """(open nodes, open edges) of a variant; read-only."""
    mesh = arcticmesh.load_mesh()
    lon, lat = mesh.lon, mesh.lat
    node_ok = lat <= v.max_lat
    if v.lon_window is not None:
        lo, hi = v.lon_window
        node_ok &= (_wrap180(lon - lo) >= 0) & (_wrap180(lon - lo) <= (hi - lo) % 360.0)
    u, w = mesh.edge_u.astype(np.intp), mesh.edge_v.astype(np.intp)
    edge_ok = node_ok[u] & node_ok[w]
    for blon, lat_min, lat_max in v.barriers:
        du, dw = _wrap180(lon[u] - blon), _wrap180(lon[w] - blon)
        crosses = (np.sign(du) != np.sign(dw)) & (np.abs(du - dw) < 90.0)
        in_band = (np.maximum(lat[u], lat[w]) >= lat_min) & (np.minimum(lat[u], lat[w]) <= lat_max)
        edge_ok &= ~(crosses & in_band)
    node_ok.setflags(write=False)
    edge_ok.setflags(write=False)
    return node_ok, edge_ok


# --- ice per node ---------------------------------------------------------------------


def as_date(date: object) -> dt.date:
    return icedata.as_date(date, IceRoutingError)


def as_ship(ship: Any) -> Any:
    if isinstance(ship, str):
        from arcticroute.vessel.ships import get_ship

        return get_ship(ship)
    if not (hasattr(ship, "ice_class") and hasattr(ship, "design_speed_kn")):
        raise IceRoutingError(
            f"ship must be a Ship or a preset name; got {ship!r} ({type(ship).__name__})"
        )
    return ship


def check_policy(policy: str) -> None:
    if policy not in polaris.SPEED_POLICIES:
        raise IceRoutingError(
            f"unknown policy {policy!r}; use one of {', '.join(polaris.SPEED_POLICIES)}"
        )


@dataclass(frozen=True)
class IceLayer:
    """Ice, rules and speeds of one ship at every mesh node for one ice field.

    Arrays are per mesh node and read-only.

    Attributes
    ----------
    key : tuple
        Cache key: equal keys mean equal layers.
    date : datetime.date
        The first date this layer was built for (others with the same ice field
        and month share it).
    ice_class, policy, season : str
    ice_source, product, statistic : str
        ``attrs`` of the ice field (``statistic`` empty for observed fields).
    ice_basis : str
        What the ice's age and thickness rest on (:class:`arcticroute.ice.icecover.IceCover`).
    sic, rio : ndarray of float
        Concentration after the fill (NaN unknown) and independent POLARIS RIO.
    c_old : ndarray of float
        Concentration of old (second- and multi-year) ice.
    thickness_m : ndarray of float
        Cell-mean ice thickness ``Σ c_i h_i``, m.
    level_m : ndarray of float
        Mean thickness of the ice-covered part, m (what the ship meets in a channel).
    filled, unknown : ndarray of bool
    speed_alone_kn, speed_escorted_kn : ndarray of float
        Independent and escorted speeds (0 = cannot proceed).
    zone : ndarray of int8
        NSR zone 1..7, 0 outside the NSR water area.
    escort_region : ndarray of bool
        Escort may be had here on this date (:func:`escort_region`).
    conditions : dict of int to str
        Type of ice conditions per zone.
    alone, escorted : dict of int to NsrAdmission
        Admission per zone, alone and under escort.
    speed_kn : ndarray of float
        Speed the router uses: alone where admitted (or unknown) and possible,
        else escorted where escort is given and admitted (or unknown), else 0.
    escort : ndarray of bool
        The node's speed relies on icebreaker escort.
    closed_by_rules : ndarray of bool
        The ship could make way but the NSR admission refuses it.
    """

    key: tuple
    date: dt.date
    ice_class: str
    policy: str
    season: str
    ice_source: str
    product: str
    statistic: str
    ice_basis: str
    sic: NDArray[np.float64] = field(repr=False)
    rio: NDArray[np.float64] = field(repr=False)
    c_old: NDArray[np.float64] = field(repr=False)
    thickness_m: NDArray[np.float64] = field(repr=False)
    level_m: NDArray[np.float64] = field(repr=False)
    filled: NDArray[np.bool_] = field(repr=False)
    unknown: NDArray[np.bool_] = field(repr=False)
    speed_alone_kn: NDArray[np.float64] = field(repr=False)
    speed_escorted_kn: NDArray[np.float64] = field(repr=False)
    zone: NDArray[np.int8] = field(repr=False)
    escort_region: NDArray[np.bool_] = field(repr=False)
    conditions: dict = field(repr=False)
    alone: dict = field(repr=False)
    escorted: dict = field(repr=False)
    speed_kn: NDArray[np.float64] = field(repr=False)
    escort: NDArray[np.bool_] = field(repr=False)
    closed_by_rules: NDArray[np.bool_] = field(repr=False)


class _LockedLru:
    """A least-recently-used cache safe for threads (the web server solves in several)."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._data: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any) -> Any:
        """The value, or None; a hit becomes the most recent entry."""
        with self._lock:
            hit = self._data.get(key)
            if hit is not None:
                self._data.move_to_end(key)
            return hit

    def put(self, key: Any, value: Any) -> Any:
        with self._lock:
            self._data[key] = value
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)
        return value


_LAYERS = _LockedLru(96)
_DAY_LAYER: dict[tuple, tuple] = {}
"""Day (and ship, options) -> layer key: plain dict reads and writes are atomic."""


def _node_area_m2(mesh: arcticmesh.ArcticMesh) -> NDArray[np.float64]:
    return np.where(mesh.level == 0, 25_000.0**2, 6_250.0**2)


def ice_layer(
    ship: Any,
    date: Any,
    source: str = "auto",
    stat: str = "median",
    policy: str = "normal_only",
    *,
    admission_table: nsr_rules.AdmissionTable | None = None,
    climatology: bool = True,
    escort: bool = True,
    user_ice: UserIce | None = None,
) -> IceLayer:
    """Ice, NSR rules and speeds of a ship at every mesh node on a date (cached).

    Parameters
    ----------
    ship : Ship or str
        A :class:`~arcticroute.vessel.ships.Ship` or preset name (``ice_class``,
        ``design_speed_kn`` = open-water speed, ``draft_m``).
    date : datetime.date or ISO text
    source, stat : str
        As for :func:`arcticroute.ice.icedata.ice_for` (``"auto"`` never downloads and
        falls back to the shipped monthly climatology).
    policy : {"normal_only", "elevated_allowed"}
        POLARIS policy (:func:`arcticroute.rules.polaris.polaris_speed_kn`).
    admission_table : AdmissionTable, optional
        A user's NSR admission table (:func:`arcticroute.rules.nsr_rules.load_admission_table`).
    climatology : bool
        False: a date without an observed field raises
        :class:`~arcticroute.ice.icedata.NoIceDataError` instead of using the climatology.

    Returns
    -------
    IceLayer
        Cached by ship, ice field (its bytes), month, policy, survival mask and
        registry state: the days of one monthly field share one layer.
    """
    day = as_date(date)
    check_policy(policy)
    ship = as_ship(ship)
    ic = str(getattr(ship.ice_class, "value", ship.ice_class))
    # day -> layer memo: a monthly field serves ~30 days; skip reading and hashing it again
    day_key = (
        ic,
        float(ship.design_speed_kn),
        day,
        source,
        stat,
        policy,
        climatology,
        id(admission_table) if admission_table is not None else None,
        escort,
        None if user_ice is None else user_ice.token,
        assumptions.state(),
        os.environ.get("ARCTICROUTE_DATA_DIR"),
        os.environ.get("ARCTICROUTE_CACHE_DIR"),
        id(icedata.ice_field),  # a replaced reader (tests, what-ifs) must not hit old days
    )
    known = _DAY_LAYER.get(day_key)
    hit = _LAYERS.get(known) if known is not None else None
    if hit is not None:
        return hit
    cover = icecover.ice_cover(
        day, source=source, stat=stat, climatology=climatology, user=user_ice
    )
    key = (
        ic,
        float(ship.design_speed_kn),
        float(getattr(ship, "draft_m", 0.0) or 0.0),
        bool(getattr(ship, "double_acting", False)),
        getattr(ship, "level_ice_capability_m", None),
        id(cover),
        day.month,
        _escort_season(day),
        policy,
        id(admission_table) if admission_table is not None else None,
        escort,
        assumptions.state(),
    )
    if len(_DAY_LAYER) > 20_000:
        _DAY_LAYER.clear()
    _DAY_LAYER[day_key] = key
    hit = _LAYERS.get(key)
    if hit is not None:
        return hit
    layer = _build_layer(ship, ic, day, cover, policy, key, admission_table, escort)
    return _LAYERS.put(key, layer)


def _node_cover(cover: icecover.IceCover) -> dict[str, NDArray]:
    """The ice cover at every mesh node (estuary nodes read the cell at their mouth)."""
    mesh = arcticmesh.load_mesh()
    src = nsrzones.estuary_source_nodes()
    rows, cols = mesh.ice_row.astype(np.intp)[src], mesh.ice_col.astype(np.intp)[src]
    out = {
        name: np.asarray(getattr(cover, name), dtype=float)[rows, cols]
        for name in ("sic", "c_fy", "c_sy", "c_my", "h_fy_m", "h_sy_m", "h_my_m")
    }
    out["stage_fy"] = np.asarray(cover.stage_fy)[rows, cols]
    out["filled"] = np.asarray(cover.filled, bool)[rows, cols] | (src != np.arange(src.size))
    return out


def _polaris(ship, n: dict, escorted: bool) -> NDArray[np.float64]:
    """POLARIS RIO of the node's ice, by its three ice types."""
    conc = np.stack([n["c_fy"], n["c_sy"], n["c_my"]])
    ones = np.ones_like(n["stage_fy"])
    # WMO: light multi-year ice < 2.5 m, heavy above (POLARIS columns LMY, HMY)
    my = np.where(n["h_my_m"] < _LMY_MAX_M, int(IceStage.LIGHT_MY), int(IceStage.HEAVY_MY))
    stages = np.stack([n["stage_fy"], ones * int(IceStage.SECOND_YEAR), my.astype(ones.dtype)])
    return np.asarray(polaris.rio(ship.ice_class, conc, stages, escorted=escorted), float)


_LMY_MAX_M = 2.5
"""Upper thickness of light multi-year ice, the POLARIS 'LMY (< 2.5 m)' column
(REFERENCE.md §3.3, §3.9)."""


def _build_layer(ship, ic, day, cover, policy, key, table, escort=True) -> IceLayer:
    n = _node_cover(cover)
    sic = np.where(np.isnan(n["sic"]), np.nan, np.clip(n["sic"], 0.0, 1.0))
    unknown = np.isnan(sic)
    h_eff = n["c_fy"] * n["h_fy_m"] + n["c_sy"] * n["h_sy_m"] + n["c_my"] * n["h_my_m"]
    with np.errstate(invalid="ignore", divide="ignore"):
        level = np.where(sic > 0, h_eff / sic, 0.0)
    v_ow = float(ship.design_speed_kn)
    season = performance.parse_season(day.month)
    cap = capability.class_capability(
        ship.ice_class, season, getattr(ship, "level_ice_capability_m", None)
    )
    rio = _polaris(ship, n, escorted=False)
    pol = np.nan_to_num(
        np.asarray(polaris.polaris_speed_kn(rio, ship.ice_class, v_ow, policy=policy), float)
    )
    alone_kn = np.minimum(np.nan_to_num(performance.speed_alone_kn(cap, v_ow, sic, h_eff)), pol)
    escorted_kn = np.nan_to_num(performance.speed_escorted_kn(cap, v_ow, sic, h_eff))
    if assumptions.value("escort.polaris") == "standard_rivs":
        rio_e = _polaris(ship, n, escorted=True)
        pol_e = polaris.polaris_speed_kn(rio_e, ship.ice_class, v_ow, policy=policy)
        escorted_kn = np.minimum(escorted_kn, np.nan_to_num(np.asarray(pol_e, float)))
    alone_kn[unknown] = 0.0  # fail closed even if a model returned a speed
    escorted_kn[unknown] = 0.0
    mesh = arcticmesh.load_mesh()
    zone = np.asarray(nsrzones.load_zones().node_zone, dtype=np.int8)
    c_old = n["c_sy"] + n["c_my"]
    conditions = nsr_rules.ice_conditions_type(
        np.where(zone > 0, sic, 0.0), np.where(zone > 0, c_old, 0.0), zone, _node_area_m2(mesh)
    )
    da = bool(getattr(ship, "double_acting", False))
    alone = {
        z: nsr_rules.admission(ic, z, conditions[z], "independent", day, table, double_acting=da)
        for z in ZONE_NAMES
    }
    esc = {z: nsr_rules.admission(ic, z, conditions[z], "escorted", day, table) for z in ZONE_NAMES}
    ok_alone = np.zeros(max(ZONE_NAMES) + 1, bool)
    ok_esc = np.zeros(max(ZONE_NAMES) + 1, bool)
    ok_alone[0] = ok_esc[0] = True  # outside the NSR water area no NSR admission applies
    for z in ZONE_NAMES:
        ok_alone[z] = alone[z].admitted is not False
        ok_esc[z] = esc[z].admitted is not False
    region = escort_region(day) & escort
    go_alone = ok_alone[zone] & (alone_kn > 0)
    go_esc = ~go_alone & ok_esc[zone] & region & (escorted_kn > 0)
    speed = np.where(go_alone, alone_kn, np.where(go_esc, escorted_kn, 0.0))
    closed_by_rules = (speed == 0) & ((alone_kn > 0) | ((escorted_kn > 0) & region))
    arrays = (sic, rio, c_old, h_eff, level, n["filled"], unknown, alone_kn, escorted_kn, zone)
    for arr in (*arrays, region, speed, go_esc, closed_by_rules):
        arr.setflags(write=False)
    return IceLayer(
        key=key,
        date=day,
        ice_class=ic,
        policy=policy,
        season=season,
        ice_source=cover.ice_source,
        product=cover.product,
        statistic=cover.statistic,
        ice_basis=cover.basis,
        sic=sic,
        rio=rio,
        c_old=c_old,
        thickness_m=h_eff,
        level_m=level,
        filled=n["filled"],
        unknown=unknown,
        speed_alone_kn=alone_kn,
        speed_escorted_kn=escorted_kn,
        zone=zone,
        escort_region=region,
        conditions=conditions,
        alone=alone,
        escorted=esc,
        speed_kn=speed,
        escort=go_esc,
        closed_by_rules=closed_by_rules,
    )


_CCG_SEASON = (6, 11)
"""Canadian Coast Guard summer icebreaking in the Arctic, June to November
(https://www.ccg-gcc.gc.ca/icebreaking-deglacage/operations-services-eng.html, [P])."""
_CANADIAN_REGIONS = ("Canadian Archipelago", "Baffin/Labrador", "Hudson")


def _escort_season(day: dt.date) -> bool:
    """Whether Canadian icebreaking runs on ``day`` (the NSR's runs all year)."""
    return _CCG_SEASON[0] <= day.month <= _CCG_SEASON[1]


def escort_region(day: dt.date) -> NDArray[np.bool_]:
    """Mesh nodes where icebreaker escort may be had on ``day``.

    * the NSR water area and, within ``escort.nsr_approach_km`` of it, its
      approaches (Pechora Sea, Kara Gates, Bering Strait south of Cape
      Dezhnev): Rosatom escorts there all year;
    * the Canadian Arctic (NSIDC regions Canadian Archipelago, Baffin/Labrador,
      Hudson, and the Beaufort Sea east of 141°W) from June to November, the
      Canadian Coast Guard's Arctic icebreaking season.
    """
    nsr, canada = _escort_masks(float(assumptions.value("escort.nsr_approach_km")))
    return nsr | canada if _escort_season(day) else nsr


@lru_cache(maxsize=4)
def _escort_masks(approach_km: float) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    from scipy import ndimage

    mesh = arcticmesh.load_mesh()
    zone = np.asarray(nsrzones.load_zones().node_zone)
    rows, cols = mesh.ice_row.astype(np.intp), mesh.ice_col.astype(np.intp)
    # distance to the NSR water area on the 25 km psn25 grid of the mesh's ice cells
    regions = np.asarray(icedata.shipped_regions())
    in_nsr = np.zeros(regions.shape, dtype=bool)
    in_nsr[rows[zone > 0], cols[zone > 0]] = True
    cell_km = 25.0
    near = ndimage.distance_transform_edt(~in_nsr) * cell_km <= approach_km
    nsr = (zone > 0) | near[rows, cols]
    codes = icegrid.REGION_MASKS["nsidc0780"]
    region = regions[rows, cols]
    canada = np.isin(region, [codes[r][0] for r in _CANADIAN_REGIONS])
    canada |= (region == codes["Beaufort"][0]) & (mesh.lon > -141.0) & (mesh.lon < 0)
    for arr in (nsr, canada):
        arr.setflags(write=False)
    return nsr, canada


def node_speeds_kn(
    ship: Any, date: Any, source: str = "auto", stat: str = "median", policy: str = "normal_only"
) -> NDArray[np.float64]:
    """Speed the router uses at every mesh node on a date, knots (see :class:`IceLayer`)."""
    return ice_layer(ship, date, source, stat, policy).speed_kn


# --- time of passage ------------------------------------------------------------------


@dataclass(frozen=True)
class TimedTree:
    """Shortest-time tree from one node with the ice of the day each node is reached.

    Attributes
    ----------
    start : datetime.datetime
        When the ship is at the source node.
    source : int
    hours : ndarray of float
        Time from ``start`` to each node, hours (inf where unreachable).
    pred : ndarray of int
        Predecessor on the fastest path (-9999 at the source and unreachable).
    layer_of_node : ndarray of int
        Index into ``layers`` of the ice field each node is judged with.
    layers : tuple of IceLayer
    converged : bool
        The time-of-passage fixed point was reached.
    searches : int
    """

    start: dt.datetime
    source: int
    hours: NDArray[np.float64] = field(repr=False)
    pred: NDArray[np.int32] = field(repr=False)
    layer_of_node: NDArray[np.intp] = field(repr=False)
    layers: tuple[IceLayer, ...] = field(repr=False)
    converged: bool
    searches: int

    def path_to(self, node: int) -> NDArray[np.int64]:
        """Nodes from the source to ``node`` (empty if unreachable)."""
        if not np.isfinite(self.hours[node]):
            return np.empty(0, dtype=np.int64)
        out = [int(node)]
        while out[-1] != self.source:
            out.append(int(self.pred[out[-1]]))
        return np.array(out[::-1], dtype=np.int64)


@lru_cache(maxsize=16)
def _shallow_edges(draft_m: float, _state: int) -> NDArray[np.bool_] | None:
    """Edges through a strait too shallow for the draft (None when none is)."""
    if draft_m <= 0:
        return None
    edges = nsrzones.draft_limited_edges(draft_m)
    edges.setflags(write=False)
    return edges if edges.any() else None


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


def _as_datetime(start: Any) -> dt.datetime:
    if isinstance(start, dt.datetime):
        return start
    return dt.datetime.combine(as_date(start), dt.time(0, 0))


def timed_tree(
    ship: Any,
    start: Any,
    source_node: int,
    variant: str | Variant = "nsr",
    *,
    source: str = "auto",
    stat: str = "median",
    policy: str = "normal_only",
    admission_table: nsr_rules.AdmissionTable | None = None,
    climatology: bool = True,
    node_speed_kn: ArrayLike | None = None,
    ignore_draft: bool = False,
    escort: bool = True,
    user_ice: UserIce | None = None,
) -> TimedTree:
    """Fastest times from one mesh node to every node, with the ice of the day of passage.

    Parameters
    ----------
    ship : Ship or str
    start : datetime.datetime, datetime.date or ISO text
        When the ship is at ``source_node`` (a date means 00:00 of that day).
    source_node : int
        Mesh node index.
    variant : str or Variant
        Key of :data:`VARIANTS`: which nodes and edges are open.
    source, stat, policy, admission_table, climatology
        As for :func:`ice_layer`.
    node_speed_kn : array_like, optional
        Fixed node speeds (knots, ≥ 0) replacing the ice layer's, for what-if
        fields (e.g. a closed strait); the layers still give ice statistics.
    ignore_draft : bool
        Keep straits open whatever the ship's draft (to tell whether the draft
        is what closes a route).

    Returns
    -------
    TimedTree
    """
    t0 = _as_datetime(start)
    v = get_variant(variant)
    ship = as_ship(ship)
    mesh = arcticmesh.load_mesh()
    n = mesh.n_nodes
    if not 0 <= int(source_node) < n:
        raise IceRoutingError(
            f"source_node must be a mesh node index 0..{n - 1}; got {source_node}"
        )
    fixed = None
    if node_speed_kn is not None:
        fixed = np.asarray(node_speed_kn, dtype=float)
        if fixed.shape != (n,) or not np.all(fixed >= 0):  # NaN fails too
            raise IceRoutingError(
                f"node_speed_kn must have shape ({n},) with values >= 0; got shape {fixed.shape}"
            )
    node_ok, edge_ok = _variant_masks(v)
    draft = 0.0 if ignore_draft else float(getattr(ship, "draft_m", 0.0) or 0.0)
    shallow = _shallow_edges(draft, assumptions.state())
    if shallow is not None:
        edge_ok = edge_ok & ~shallow
    u, w, length_nm = _edge_arrays()
    layers: list[IceLayer] = []
    by_key: dict[tuple, int] = {}
    by_day: dict[int, int] = {}

    def layer_index(day_offset: int) -> int:
        if day_offset not in by_day:
            lay = ice_layer(
                ship,
                t0.date() + dt.timedelta(days=day_offset),
                source,
                stat,
                policy,
                admission_table=admission_table,
                climatology=climatology,
                escort=escort,
                user_ice=user_ice,
            )
            if lay.key not in by_key:
                by_key[lay.key] = len(layers)
                layers.append(lay)
            by_day[day_offset] = by_key[lay.key]
        return by_day[day_offset]

    def search(speed: NDArray[np.float64]) -> tuple[NDArray, NDArray]:
        speed = np.where(node_ok, speed, 0.0)
        edge_speed = np.minimum(speed[u], speed[w])
        edge_speed[~edge_ok] = 0.0
        with np.errstate(divide="ignore"):
            edge_h = length_nm / edge_speed
        # inf weight = impassable edge; the cached mesh graph's index arrays are shared
        # read-only, never modified
        graph = csr_matrix(
            (edge_h[mesh.csr_edge], mesh.graph.indices, mesh.graph.indptr), shape=(n, n)
        )
        return dijkstra(graph, directed=True, indices=int(source_node), return_predecessors=True)

    def assignment(hours: NDArray, previous: NDArray) -> NDArray[np.intp]:
        """The layer of each reached node: the field of the day the ship gets there."""
        reach = np.isfinite(hours)
        offsets = np.floor((start_hour + hours[reach]) / _HOURS_PER_DAY).astype(np.int64)
        keys = np.unique(offsets)
        vals = np.array([layer_index(int(d)) for d in keys], dtype=np.intp)
        new = previous.copy()
        if keys.size:
            new[reach] = vals[np.searchsorted(keys, offsets)]
        return new

    start_hour = t0.hour + t0.minute / 60.0 + t0.second / 3600.0
    layer_index(0)
    assign = np.zeros(n, dtype=np.intp)
    if fixed is not None:
        hours, pred = search(fixed)
        assign = assignment(hours, assign)
        return _timed(t0, source_node, hours, pred, assign, layers, True, 1)
    # the first search uses the entry day's field everywhere; it depends only on that
    # field, the variant, the draft and the source, so it is cached and shared, and when
    # every node it reaches is judged with that same field the tree is complete
    hours, pred, h_min, h_max = _first_search(layers[0], v, draft, int(source_node), search)
    # every day from the first to the last node reached (a superset of the days present:
    # stricter, never wrong)
    d0, d1 = (math.floor((start_hour + h) / _HOURS_PER_DAY) for h in (h_min, h_max))
    if all(layer_index(d) == 0 for d in range(d0, d1 + 1)):
        return _timed(t0, source_node, hours, pred, assign, layers, True, 1)
    searches, converged = 1, False
    while True:
        new = assignment(hours, assign)
        reach = np.isfinite(hours)
        if np.array_equal(new[reach], assign[reach]):
            assign, converged = new, True
            break
        assign = new
        if searches >= MAX_TIME_ITERATIONS:
            break
        stack = np.stack([lay.speed_kn for lay in layers])
        hours, pred = search(stack[assign, np.arange(n)])
        searches += 1
    return _timed(t0, source_node, hours, pred, assign, layers, converged, searches)


@lru_cache(maxsize=1)
def _edge_arrays() -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.float64]]:
    """Edge end nodes (intp) and lengths in nautical miles of the shipped mesh (read-only)."""
    mesh = arcticmesh.load_mesh()
    out = (
        mesh.edge_u.astype(np.intp),
        mesh.edge_v.astype(np.intp),
        mesh.edge_length_m / geodesy.M_PER_NM,
    )
    for arr in out:
        arr.setflags(write=False)
    return out


_FIRSTS = _LockedLru(192)
"""First searches kept (each ~0.8 MB): gateways x fields x variants x ships of a matrix run."""


def _first_search(lay: IceLayer, v: Variant, draft_m: float, source_node: int, search) -> tuple:
    """Dijkstra with one field's speeds everywhere (cached): hours, pred, first and last
    reached hours."""
    key = (lay.key, v, draft_m, source_node)
    hit = _FIRSTS.get(key)
    if hit is not None:
        return hit
    hours, pred = search(lay.speed_kn)
    reached = hours[np.isfinite(hours)]
    for arr in (hours, pred):
        arr.setflags(write=False)
    return _FIRSTS.put(key, (hours, pred, float(reached.min()), float(reached.max())))


def _timed(t0, source_node, hours, pred, assign, layers, converged, searches) -> TimedTree:
    for arr in (hours, pred, assign):
        if arr.flags.writeable:
            arr.setflags(write=False)
    return TimedTree(
        start=t0,
        source=int(source_node),
        hours=hours,
        pred=pred,
        layer_of_node=assign,
        layers=tuple(layers),
        converged=converged,
        searches=searches,
    )


# --- one passage between two gateways -------------------------------------------------


@dataclass(frozen=True)
class ZoneSummary:
    """What the passage meets in one NSR zone.

    Attributes
    ----------
    zone : int
    name : str
    entered : datetime.datetime
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


_CONDITION_ORDER = {"light": 0, "medium": 1, "heavy": 2}


def _zone_summaries(
    nodes: NDArray[np.int64],
    seg_nm: NDArray,
    seg_h: NDArray,
    arrive_h: NDArray,
    start: dt.datetime,
    tree: TimedTree,
    escort: NDArray[np.bool_],
) -> tuple[ZoneSummary, ...]:
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
        conds = [layers[li].conditions[z] for li in np.unique(lidx)]
        worst = max(conds, key=_CONDITION_ORDER.__getitem__)
        used = [layers[li] for li in np.unique(lidx)]
        alone = [lay.alone[z].admitted for lay in used]
        esc_ok = [lay.escorted[z].admitted for lay in used]
        needs = bool(escort[seg].any())
        ind = False if False in alone else (None if None in alone else True)
        esc = False if False in esc_ok else (None if None in esc_ok else True)
        mode = used[-1].escorted[z] if needs else used[-1].alone[z]
        statuses = {lay.alone[z].status for lay in used} | (
            {lay.escorted[z].status for lay in used} if needs else set()
        )
        out.append(
            ZoneSummary(
                zone=z,
                name=ZONE_NAMES[z],
                entered=start + dt.timedelta(hours=float(arrive_h[seg[0]])),
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


def no_path_reasons(
    tree: TimedTree, target: int, ship: Any, v: Variant, draft_decides: bool
) -> list[str]:
    """Why no path reaches ``target``: the binding cause, for this variant's waters.

    The causes are read at the frontier of the reachable nodes (unreached nodes
    next to reached ones, inside the variant): nodes the NSR admission closes
    name their zones; otherwise the ice, the draft or the season decides. The
    NSR season and zones are named only for a route that enters the NSR water
    area; a Northwest Passage refusal speaks of the NWP.
    """
    mesh = arcticmesh.load_mesh()
    reasons: list[str] = []
    lay = tree.layers[0]
    reach = np.isfinite(tree.hours)
    node_ok, edge_ok = _variant_masks(v)
    u, w, _ = _edge_arrays()
    cross = edge_ok & (reach[u] != reach[w])
    frontier = np.unique(np.where(reach[u[cross]], w[cross], u[cross]))
    frontier = frontier[node_ok[frontier]]
    lays = [tree.layers[i] for i in np.unique(tree.layer_of_node[frontier])] or [lay]
    ruled = sorted(
        {int(z) for ly in lays for z in ly.zone[frontier[ly.closed_by_rules[frontier]]] if z > 0}
    )
    in_nsr = v.name in NSR_VARIANTS or bool(np.any(lay.zone[frontier] > 0))
    if in_nsr and not nsr_rules.season_allows(lay.ice_class, tree.start.date()):
        reasons.append(SEASON)
    elif ruled:
        reasons.append(
            "the NSR rules admit the ship neither alone nor under escort where the route "
            "would go: zone(s) "
            + ", ".join(f"{z} ({ZONE_NAMES[z]}, {lay.conditions[z]} ice)" for z in ruled)
        )
    if v.name == "nwp" and not _escort_season(tree.start.date()):
        reasons.append(
            "no Canadian Coast Guard escort outside June-November (its Arctic icebreaking season)"
        )
    if draft_decides:
        draft = float(getattr(ship, "draft_m", 0.0) or 0.0)
        ukc = float(assumptions.value(nsrzones.UKC_KEY))
        reasons.append(
            f"{DRAFT}: {draft:g} m plus {100 * ukc:g} % under-keel clearance is too deep for "
            f"{', '.join(draft_closed_straits(draft))}"
        )
    elif not ruled or not in_nsr:
        reached = np.flatnonzero(reach)
        d = geodesy.geodesic_distance_m(
            mesh.lon[reached], mesh.lat[reached], mesh.lon[target], mesh.lat[target]
        )
        far = int(reached[int(np.argmin(d))])
        lon_far = float(mesh.lon[far])
        where = f"{mesh.lat[far]:.1f}°N {abs(lon_far):.1f}°{'E' if lon_far >= 0 else 'W'}"
        reasons.append(f"{NO_PATH} (the ship gets no further than {where})")
    return reasons


def ice_passage(
    ship: Any,
    start: Any,
    variant: str | Variant = "nsr",
    *,
    westbound: bool = False,
    source: str = "auto",
    stat: str = "median",
    policy: str = "normal_only",
    admission_table: nsr_rules.AdmissionTable | None = None,
    climatology: bool = True,
    node_speed_kn: ArrayLike | None = None,
    from_node: int | None = None,
    to_node: int | None = None,
    escort: bool = True,
    user_ice: UserIce | None = None,
) -> IcePassage:
    """Fastest ice-aware passage of a variant, judged at the time of passage.

    Parameters
    ----------
    ship : Ship or str
    start : datetime.datetime, datetime.date or ISO text
        When the ship is at the first gateway.
    variant : str or Variant
        Key of :data:`VARIANTS`.
    westbound : bool
        False: from the variant's west (Atlantic) gateway to its east one; True:
        the reverse.
    source, stat, policy, admission_table, climatology, node_speed_kn
        As for :func:`timed_tree`.
    from_node, to_node : int, optional
        Mesh nodes replacing the gateways (e.g. a port inside the NSR).

    Returns
    -------
    IcePassage
        ``feasible`` False with reasons when ice, the NSR rules, the season or
        the draft close every path.
    """
    v = get_variant(variant)
    ship = as_ship(ship)
    mesh = arcticmesh.load_mesh()
    a_pt, b_pt = (v.east, v.west) if westbound else (v.west, v.east)
    a = arcticmesh.nearest_node(*a_pt, mesh) if from_node is None else int(from_node)
    b = arcticmesh.nearest_node(*b_pt, mesh) if to_node is None else int(to_node)
    t0 = _as_datetime(start)
    kw = dict(
        source=source,
        stat=stat,
        policy=policy,
        admission_table=admission_table,
        climatology=climatology,
        node_speed_kn=node_speed_kn,
        escort=escort,
        user_ice=user_ice,
    )
    trees = []
    if v.via is None:
        trees.append(timed_tree(ship, t0, a, v, **kw))
        legs = [(trees[0], b)]
    else:
        via = arcticmesh.nearest_node(*v.via, mesh)
        first = timed_tree(ship, t0, a, v, **kw)
        trees.append(first)
        legs = [(first, via)]
        if np.isfinite(first.hours[via]):
            second = timed_tree(
                ship, t0 + dt.timedelta(hours=float(first.hours[via])), via, v, **kw
            )
            trees.append(second)
            legs.append((second, b))
    blocked = next(((tr, tgt) for tr, tgt in legs if not np.isfinite(tr.hours[tgt])), None)
    if blocked is not None or len(legs) < (1 if v.via is None else 2):
        tr, tgt = blocked if blocked is not None else legs[-1]
        deep = draft_closed_straits(float(getattr(ship, "draft_m", 0.0) or 0.0))
        draft_decides = bool(deep) and bool(
            np.isfinite(
                timed_tree(ship, tr.start, tr.source, v, **kw, ignore_draft=True).hours[tgt]
            )
        )
        return _infeasible(v, t0, trees, no_path_reasons(tr, tgt, ship, v, draft_decides))
    parts, seg_h, arrive, esc, offsets = [], [], [], [], 0.0
    lay_nodes, trees_of = [], []
    for tr, tgt in legs:
        p = tr.path_to(tgt)
        h = tr.hours[p]
        parts.append(p if not parts else p[1:])
        steps = np.diff(h)
        seg_h.append(steps)
        arrive.append(offsets + h[:-1])
        lay = tr.layer_of_node[p]
        stack = [tr.layers[li].escort[nd] for li, nd in zip(lay[1:], p[1:], strict=True)]
        esc.append(np.array(stack, dtype=bool))
        lay_nodes.append((tr, p))
        trees_of.append(tr)
        offsets += float(h[-1])
    nodes = np.concatenate(parts)
    segment_hours = np.concatenate(seg_h)
    arrive_h = np.concatenate(arrive)
    escort = np.concatenate(esc)
    if node_speed_kn is not None:
        escort = np.zeros_like(escort)  # what-if speeds replace the layers' escort too
    waits = escort_waits(escort)
    if waits.any():
        wait_h = float(assumptions.value("escort.waiting_h"))
        segment_hours = segment_hours + wait_h * waits
        arrive_h = arrive_h + wait_h * (np.cumsum(waits) - waits)
        offsets += wait_h * float(waits.sum())
    lon, lat = mesh.lon[nodes], mesh.lat[nodes]
    seg_nm = (
        np.atleast_1d(
            np.asarray(geodesy.geodesic_distance_m(lon[:-1], lat[:-1], lon[1:], lat[1:]), float)
        )
        / geodesy.M_PER_NM
    )
    # zone summaries per tree piece, then merged in order
    zones: list[ZoneSummary] = []
    k = 0
    for tr, p in lay_nodes:
        m = p.size - 1
        zones.extend(
            _zone_summaries(
                p,
                seg_nm[k : k + m],
                segment_hours[k : k + m],
                arrive_h[k : k + m] - arrive_h[k] + 0.0,
                tr.start,
                tr,
                escort[k : k + m],
            )
        )
        k += m
    sics, filled, speeds, sources, products, stats, bases = [], 0, [], set(), set(), set(), set()
    for k_leg, (tr, p) in enumerate(lay_nodes):
        skip = 1 if k_leg else 0  # a via node ends one leg and starts the next: count it once
        for li, nd in zip(tr.layer_of_node[p][skip:], p[skip:], strict=True):
            lay = tr.layers[li]
            sics.append(lay.sic[nd])
            filled += bool(lay.filled[nd])
            speeds.append(lay.speed_kn[nd])
        for lay in tr.layers:
            sources.add(lay.ice_source)
            products.add(lay.product)
            stats.add(lay.statistic)
            bases.add(lay.ice_basis)
    sic_nodes = np.asarray(sics, dtype=float)
    mid = 0.5 * (sic_nodes[:-1] + sic_nodes[1:])
    total_nm = float(seg_nm.sum())
    caveats = []
    if filled:
        caveats.append(f"{FILLED_CELLS} ({filled} of {nodes.size} path nodes)")
    if "projection" in sources:
        caveats.append(
            "ice from a CMIP6 projection regridded to psn25, no bias adjustment ("
            + ", ".join(sorted(products))
            + ")"
        )
    if "climatology" in sources:
        caveats.append(
            "ice from the monthly climatology ("
            + ", ".join(sorted(s for s in stats if s))
            + " of 2008–2017), not an observed field"
        )
    caveats.append("ice age and thickness: " + "; ".join(sorted(bases)))
    if not all(tr.converged for tr in trees):
        caveats.append("time of passage did not converge: ice days may be off by one field")
    unconfirmed = sorted({z.zone for z in zones if z.status != "confirmed"})
    if unconfirmed:
        caveats.append(
            "NSR admission unconfirmed for this class in zone(s) "
            + ", ".join(map(str, unconfirmed))
            + ": decided by POLARIS and the performance model"
        )
    if v.name == "nwp":
        caveats.append(
            "Northwest Passage judged by POLARIS and the performance model only "
            "(Canada's AIRSS zone/date rules are not modelled)"
        )
    caveats.append("NSR water area and zones are approximations (arcticroute.geo.nsrzones)")
    end = t0 + dt.timedelta(hours=offsets)
    return IcePassage(
        variant=v.name,
        feasible=True,
        reasons=(),
        caveats=tuple(caveats),
        start=t0,
        end=end,
        distance_nm=total_nm,
        hours=float(segment_hours.sum()),
        nodes=nodes,
        lon=lon,
        lat=lat,
        escort=escort,
        segment_hours=segment_hours,
        zones=tuple(zones),
        max_sic=float(np.nanmax(sic_nodes)),
        mean_sic=float(np.sum(np.nan_to_num(mid) * seg_nm) / total_nm) if total_nm else 0.0,
        min_speed_kn=float(np.min(speeds)),
        ice_source=ice_kind(sources),
        product=", ".join(sorted(products)),
        statistic=", ".join(sorted(s for s in stats if s)),
        ice_basis="; ".join(sorted(bases)),
        filled_nodes=filled,
        season_ok=all(
            nsr_rules.season_allows(trees[0].layers[0].ice_class, z.entered.date()) for z in zones
        ),
        max_lat=float(lat.max()),
        tree_converged=all(tr.converged for tr in trees),
    )


def escort_waits(escort: NDArray[np.bool_]) -> NDArray[np.float64]:
    """1.0 at the first segment of each escorted stretch (where the ship waits for the
    icebreaker, ``escort.waiting_h``), else 0."""
    starts = escort & ~np.r_[False, escort[:-1]]
    return starts.astype(float)


def ice_kind(sources: set[str]) -> str:
    """``observed`` when every field was observed, ``projection`` when any came from a
    CMIP6 file, ``climatology`` when any was one, else ``extent`` (observed extent with
    the climatology's concentration)."""
    if sources <= {"observed"} and sources:
        return "observed"
    if "projection" in sources:
        return "projection"
    return "climatology" if "climatology" in sources or not sources else "extent"


def _infeasible(
    v: Variant, t0: dt.datetime, trees: list[TimedTree], reasons: list[str]
) -> IcePassage:
    e_f, e_i, e_b = np.empty(0), np.empty(0, dtype=np.int64), np.empty(0, dtype=bool)
    lay = trees[0].layers[0]
    return IcePassage(
        variant=v.name,
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
        tree_converged=all(tr.converged for tr in trees),
    )
