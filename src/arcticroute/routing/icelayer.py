"""Ice, rules and speeds of one ship at every Arctic mesh node for one ice field.

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
   closed. An unknown admission (unconfirmed table cell) is decided by POLARIS
   and the performance model alone, as the NSR table says.

Layers are cached (:data:`LAYERS`): the days of one monthly field share one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from arcticroute import assumptions
from arcticroute.caches import LockedLru
from arcticroute.geo import arcticmesh, nsrzones
from arcticroute.geo.nsr import ZONE_NAMES
from arcticroute.ice import datacache, icecover, icedata, icegrid
from arcticroute.ice.icestage import IceStage
from arcticroute.ice.userice import UserIce
from arcticroute.routing.variants import IceRoutingError, node_regions
from arcticroute.rules import nsr_rules, polaris
from arcticroute.vessel import capability, performance

__all__ = [
    "LAYERS",
    "WHITE_SEA_LIMIT",
    "IceLayer",
    "as_date",
    "as_ship",
    "check_policy",
    "escort_region",
    "escort_season",
    "ice_layer",
    "node_speeds_kn",
]


def as_date(date: object) -> dt.date:
    """A departure date within :data:`arcticroute.inputs.DATE_RANGE`, else IceRoutingError."""
    from arcticroute.errors import InputError
    from arcticroute.inputs import parse_date

    try:
        return parse_date(icedata.as_date(date, IceRoutingError), "departure date")
    except InputError as exc:
        raise IceRoutingError(str(exc)) from None


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
    sic, rio : ndarray of float32
        Concentration after the fill (NaN unknown) and independent POLARIS RIO.
    c_old : ndarray of float32
        Concentration of old (second- and multi-year) ice.
    thickness_m : ndarray of float32
        Cell-mean ice thickness ``Σ c_i h_i``, m.
    level_m : ndarray of float32
        Mean thickness of the ice-covered part, m (what the ship meets in a channel).
    filled, unknown : ndarray of bool
    speed_alone_kn, speed_escorted_kn : ndarray of float
        Independent and escorted speeds (0 = cannot proceed).
    zone : ndarray of int8
        NSR zone 1..7, 0 outside the NSR water area.
    escort_region : ndarray of bool
        Escort may be had here on this date (:func:`escort_region`).
    conditions : dict of int to str
        Type of ice conditions of each whole zone (the 2013 Rules' basis).
    node_conditions : ndarray of int8
        Type of ice conditions the admission of each node rests on, an index
        into :data:`arcticroute.rules.nsr_rules.ICE_CONDITIONS`: its zone's
        before :func:`arcticroute.rules.nsr_rules.regional` dates, its region's
        (:func:`arcticroute.geo.nsrzones.regional_means`) from then on; 0
        outside the NSR water area.
    alone, escorted : dict of (int, str) to NsrAdmission
        Admission per zone and type of ice conditions, alone and under escort.
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
    sic: NDArray[np.float32] = field(repr=False)
    rio: NDArray[np.float32] = field(repr=False)
    c_old: NDArray[np.float32] = field(repr=False)
    thickness_m: NDArray[np.float32] = field(repr=False)
    level_m: NDArray[np.float32] = field(repr=False)
    filled: NDArray[np.bool_] = field(repr=False)
    unknown: NDArray[np.bool_] = field(repr=False)
    speed_alone_kn: NDArray[np.float64] = field(repr=False)
    speed_escorted_kn: NDArray[np.float64] = field(repr=False)
    zone: NDArray[np.int8] = field(repr=False)
    escort_region: NDArray[np.bool_] = field(repr=False)
    conditions: dict = field(repr=False)
    node_conditions: NDArray[np.int8] = field(repr=False)
    alone: dict = field(repr=False)
    escorted: dict = field(repr=False)
    speed_kn: NDArray[np.float64] = field(repr=False)
    escort: NDArray[np.bool_] = field(repr=False)
    closed_by_rules: NDArray[np.bool_] = field(repr=False)


LAYERS = LockedLru(96)
"""Layers kept (each ~7 MB): a season scan's fields for a few ships."""
_DAY_LAYER = LockedLru(20_000)
"""Day (and ship, options) -> layer key."""


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
        *_ship_key(ship, ic),
        day,
        source,
        stat,
        policy,
        climatology,
        None if admission_table is None else admission_table.content_key,
        escort,
        None if user_ice is None else user_ice.token,
        assumptions.state(),
        *datacache.cache_state(),  # a download since: the day may now be observed
        id(icedata.ice_field),  # a replaced reader (tests, what-ifs) must not hit old days
    )
    known = _DAY_LAYER.get(day_key)
    hit = LAYERS.get(known) if known is not None else None
    if hit is not None:
        return hit
    cover = icecover.ice_cover(
        day, source=source, stat=stat, climatology=climatology, user=user_ice
    )
    key = (
        *_ship_key(ship, ic),
        cover.key,  # content, not id(): a freed cover's id goes to the next one
        day.month,
        escort_season(day),
        nsr_rules.regional(day),
        policy,
        None if admission_table is None else admission_table.content_key,
        escort,
        assumptions.state(),
    )
    _DAY_LAYER.put(day_key, key)
    return LAYERS.get_or_build(
        key,
        lambda: _build_layer(ship, ic, day, cover, policy, key, admission_table, escort),
    )


def _ship_key(ship: Any, ic: str) -> tuple:
    """What of a ship its layer depends on: two ships alike in these share layers."""
    return (
        ic,
        float(ship.design_speed_kn),
        float(getattr(ship, "draft_m", 0.0) or 0.0),
        bool(getattr(ship, "double_acting", False)),
        getattr(ship, "level_ice_capability_m", None),
    )


@lru_cache(maxsize=4)
def _node_cells(width: int, state: object) -> tuple[NDArray, NDArray, NDArray]:
    """The grid cells the mesh reads its ice from (read-only): the cells, each node's
    index into them, and the nodes that read another node's cell (estuary nodes read
    the cell at their mouth). ~29,000 cells serve the 68,759 nodes."""
    mesh = arcticmesh.load_mesh()
    src = nsrzones.estuary_source_nodes()
    rows, cols = mesh.ice_row.astype(np.intp)[src], mesh.ice_col.astype(np.intp)[src]
    cells, inverse = np.unique(rows * width + cols, return_inverse=True)
    moved = src != np.arange(src.size)
    for arr in (cells, inverse, moved):
        arr.setflags(write=False)
    return cells, inverse, moved


def _cell_cover(cover: icecover.IceCover, cells: NDArray) -> dict[str, NDArray]:
    """The ice cover at the mesh's cells (float64, widened after the gather: exact)."""

    def at(grid: ArrayLike) -> NDArray:
        return np.ravel(np.asarray(grid))[cells]

    out = {
        name: at(getattr(cover, name)).astype(float)
        for name in ("sic", "c_fy", "c_sy", "c_my", "h_fy_m", "h_sy_m", "h_my_m")
    }
    out["stage_fy"] = at(cover.stage_fy)
    out["filled"] = at(cover.filled).astype(bool)
    return out


def _cell_speeds(ship, season: Any, n: dict, policy: str) -> dict[str, NDArray]:
    """What depends on a cell's ice and the ship alone: concentration, thickness, RIO and
    the speeds alone and escorted (0 where the ice is unknown), per cell."""
    sic = np.where(np.isnan(n["sic"]), np.nan, np.clip(n["sic"], 0.0, 1.0))
    h_eff = n["c_fy"] * n["h_fy_m"] + n["c_sy"] * n["h_sy_m"] + n["c_my"] * n["h_my_m"]
    with np.errstate(invalid="ignore", divide="ignore"):
        level = np.where(sic > 0, h_eff / sic, 0.0)
    v_ow = float(ship.design_speed_kn)
    cap = capability.class_capability(
        ship.ice_class,
        season,
        getattr(ship, "level_ice_capability_m", None),
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
    unknown = np.isnan(sic)
    alone_kn[unknown] = 0.0  # fail closed even if a model returned a speed
    escorted_kn[unknown] = 0.0
    c_old = n["c_sy"] + n["c_my"]
    return dict(
        sic=sic, h_eff=h_eff, level=level, rio=rio, alone=alone_kn, esc=escorted_kn, c_old=c_old
    )


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
    cells, inverse, moved = _node_cells(int(np.shape(cover.sic)[1]), assumptions.state())
    n = _cell_cover(cover, cells)
    season = performance.parse_season(day.month)
    per_cell = _cell_speeds(ship, season, n, policy)
    # each node takes its cell's values: the same numbers as computed node by node
    sic, h_eff, level, rio, alone_kn, escorted_kn, c_old = (
        per_cell[k][inverse] for k in ("sic", "h_eff", "level", "rio", "alone", "esc", "c_old")
    )
    unknown = np.isnan(sic)
    filled = n["filled"][inverse] | moved
    mesh = arcticmesh.load_mesh()
    zone = np.asarray(nsrzones.load_zones().node_zone, dtype=np.int8)
    area = mesh.node_area_m2
    conditions = nsr_rules.ice_conditions_type(
        np.where(zone > 0, sic, 0.0), np.where(zone > 0, c_old, 0.0), zone, area
    )
    node_cond = _node_conditions(day, sic, c_old, zone, conditions)
    da = bool(getattr(ship, "double_acting", False))
    alone, esc = {}, {}
    ok_alone = np.ones((max(ZONE_NAMES) + 1, len(nsr_rules.ICE_CONDITIONS)), bool)
    ok_esc = ok_alone.copy()  # zone 0: outside the NSR water area no NSR admission applies
    for z in ZONE_NAMES:
        for k, kind in enumerate(nsr_rules.ICE_CONDITIONS):
            a = nsr_rules.admission(ic, z, kind, "independent", day, table, double_acting=da)
            e = nsr_rules.admission(ic, z, kind, "escorted", day, table)
            alone[z, kind], esc[z, kind] = a, e
            ok_alone[z, k], ok_esc[z, k] = a.admitted is not False, e.admitted is not False
    ok_alone, ok_esc = ok_alone[zone, node_cond], ok_esc[zone, node_cond]
    region = escort_region(day) & escort
    go_alone = ok_alone & (alone_kn > 0)
    go_esc = ~go_alone & ok_esc & region & (escorted_kn > 0)
    speed = np.where(go_alone, alone_kn, np.where(go_esc, escorted_kn, 0.0))
    closed_by_rules = (speed == 0) & ((alone_kn > 0) | ((escorted_kn > 0) & region))
    # what the statistics read (not the speeds): float32 keeps ~1 MB of a layer's 4.6
    sic, rio, c_old, h_eff, level = (a.astype(np.float32) for a in (sic, rio, c_old, h_eff, level))
    arrays = (sic, rio, c_old, h_eff, level, filled, unknown, alone_kn, escorted_kn, zone)
    for arr in (*arrays, node_cond, region, speed, go_esc, closed_by_rules):
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
        filled=filled,
        unknown=unknown,
        speed_alone_kn=alone_kn,
        speed_escorted_kn=escorted_kn,
        zone=zone,
        escort_region=region,
        conditions=conditions,
        node_conditions=node_cond,
        alone=alone,
        escorted=esc,
        speed_kn=speed,
        escort=go_esc,
        closed_by_rules=closed_by_rules,
    )


def _node_conditions(day, sic, c_old, zone, conditions) -> NDArray[np.int8]:
    """Per node, the type of ice conditions its admission rests on (see :class:`IceLayer`)."""
    if not nsr_rules.regional(day):
        codes = np.zeros(max(ZONE_NAMES) + 1, np.int8)
        for z, kind in conditions.items():
            codes[z] = nsr_rules.ICE_CONDITIONS.index(kind)
        return codes[zone]
    c, old = nsr_rules.fail_closed(sic, c_old)
    mean_c, old_frac = nsrzones.regional_means((c, old))
    return np.where(zone > 0, nsr_rules.classify(mean_c, old_frac), 0).astype(np.int8)


_CCG_SEASON = (6, 11)
"""Canadian Coast Guard summer icebreaking in the Arctic, June to November
(https://www.ccg-gcc.gc.ca/icebreaking-deglacage/operations-services-eng.html, [P])."""
_CANADIAN_REGIONS = ("Canadian Archipelago", "Baffin/Labrador", "Hudson")


def escort_season(day: dt.date) -> bool:
    """Whether Canadian icebreaking runs on ``day`` (the NSR's runs all year)."""
    return _CCG_SEASON[0] <= day.month <= _CCG_SEASON[1]


def escort_region(day: dt.date) -> NDArray[np.bool_]:
    """Mesh nodes where icebreaker escort may be had on ``day``.

    * the NSR water area and, within ``escort.nsr_approach_km`` of it, its
      approaches (Pechora Sea, Kara Gates, Bering Strait south of Cape
      Dezhnev): Rosatom escorts there all year;
    * the White Sea (south of :data:`WHITE_SEA_LIMIT`) when ``escort.white_sea``
      is true: icebreakers escort ships to and from Arkhangelsk in winter (the
      port's rule of 1 Mar 2017 admits escort for Arc4 and above, portnews.ru
      234382, nsr-rules.md §2.3; the Arkhangelsk-Pevek convoy of Dec 2016 was
      escorted from Arkhangelsk, voyages.csv);
    * the Canadian Arctic (NSIDC regions Canadian Archipelago, Baffin/Labrador,
      Hudson, and the Beaufort Sea east of 141°W) from June to November, the
      Canadian Coast Guard's Arctic icebreaking season.
    """
    nsr, canada = _escort_masks(float(assumptions.value("escort.nsr_approach_km")))
    if bool(assumptions.value("escort.white_sea")):
        nsr = nsr | _white_sea()
    return nsr | canada if escort_season(day) else nsr


WHITE_SEA_LIMIT = ((39.783, 68.162), (43.472, 68.680))
"""(lon, lat) of the White Sea's northern limit, "a line joining Svyatoy Nos (Murmansk
Coast, 39°47'E) and Cape Kanin" (IHO, Limits of Oceans and Seas, S-23, 1953): the Murman
coast at 39°47'E and the northernmost point of the Kanin Peninsula on the shipped Natural
Earth 1:50m land (read off it, not from a gazetteer)."""


@lru_cache(maxsize=1)
def _white_sea() -> NDArray[np.bool_]:
    """Mesh nodes of the White Sea: NSIDC-0780 Barents nodes south of its northern limit."""
    mesh = arcticmesh.load_mesh()
    (lon0, lat0), (lon1, lat1) = WHITE_SEA_LIMIT
    limit = lat0 + (mesh.lon - lon0) * (lat1 - lat0) / (lon1 - lon0)
    barents = node_regions() == icegrid.REGION_MASKS["nsidc0780"]["Barents"][0]
    out = barents & (mesh.lon > 30.0) & (mesh.lon < lon1 + 1.5) & (mesh.lat < limit)
    out.setflags(write=False)
    return out


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
    region = node_regions()
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
