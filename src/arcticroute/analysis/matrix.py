"""Route matrices: ports × departure dates × ships × corridors, ice-aware through the Arctic.

One row is one voyage: an ice-aware Arctic route (:data:`ICE_VARIANTS`, judged
as :func:`arcticroute.routing.icevoyage.ice_route` judges it) or an ice-free corridor
(:data:`LANE_CORRIDORS`, lanes at the design speed), with its distance, time,
verdict and main economics (:data:`COLUMNS`).

Sharing of work
---------------
* **Lanes, once per port.** Which gateway an ice route enters by comes from one
  :func:`arcticroute.routing.lanes.distance_matrix` over the ports and the gateways
  (the cells ice_route computes pair by pair); each lane leg between a port and
  a gateway is one :func:`arcticroute.routing.planner.route`; each ice-free corridor is
  one multi-source :func:`~arcticroute.routing.lanes.distance_matrix`. None depends on
  the date: :func:`plan_matrix` solves them before any date.
* **The Arctic, once per entry.** An origin enters the mesh at its first gateway
  (or, inside the NSR, at its own node) at ``departure + lane hours``, the exact
  time ice_route uses. The time-of-passage tree from there (the fixed-point
  procedure of :func:`arcticroute.routing.icerouting.timed_tree`) answers every
  destination: a route is lane + tree hours to the exit node + lane, feasible
  when the exit node is reachable.
* **Trees shared when provably identical.** A tree's first search uses the ice
  field of the entry day at every node, so it depends only on that field, the
  entry node, the variant and the ship; it is solved once and kept. If every
  node it reaches is reached on a day of the same field, the procedure stops
  after that search: every entry time of that field whose reach stays in it
  gets the very same tree. A tree that reaches into another field (next month
  with monthly ice, next day with daily ice) gets its further searches solved
  for its own entry time. Results therefore equal ice_route's (the tests check
  hours, feasibility, reasons, escort and economics against it, and the trees
  array for array against timed_tree).

The procedure is timed_tree's loop written out here rather than called, because
timed_tree asks :func:`~arcticroute.routing.icerouting.ice_layer` for the layer of every
day it reaches (about 7 ms each, most of a call's time); here each day's layer
is looked up once per process and ship. A test keeps the two in step.

The work is cut into chunks of one (departure date, ship) each; :func:`run_matrix`
runs them on local processes (:class:`concurrent.futures.ProcessPoolExecutor`)
or a Dask cluster (``scheduler="tcp://host:port"``), writes each chunk to
``<out>.parts/`` atomically (temporary file + :func:`os.replace`), skips the
chunks already there when restarted, and merges them into one Parquet file,
again atomically. Dask workers should run one thread each (``--nthreads 1``):
the work holds the GIL, and the ice caches of :mod:`arcticroute.routing.icerouting` are
per process.

Differences from single-route calls
-----------------------------------
* No heavy-ice sub-verdict: with climatology ice, ice_route also judges the
  voyage under the 90th percentile; the matrix reports the main verdict only
  (``ice_source`` says when the ice came from the climatology).
* The Arctic HFO ban (from 2024-07-01 for HFO-like fuels) is costed as in
  :func:`arcticroute.economics.costs.voyage_economics`, but the distance inside
  Arctic waters is measured per piece (each lane leg, the join to the mesh, the
  ice passage) and summed, instead of along the assembled route (equal to
  rounding in the tests: the pieces meet at shared vertices).

Errors
------
:class:`MatrixError` (``ValueError``): bad dates or variants, a job larger than
``max_routes``, an output path that cannot be written, parts left by another
job, a worker with other ice data. Bad ports and ships raise the errors of
:mod:`arcticroute.geo.ports` and :mod:`arcticroute.vessel.ships`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import os
import re
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from arcticroute import assumptions, routing
from arcticroute.errors import ArcticRouteError, UnknownPortError
from arcticroute.geo import arcticmesh, geodesy
from arcticroute.geo.passages import corridor
from arcticroute.geo.ports import Port
from arcticroute.routing import icerouting
from arcticroute.routing.icerouting import TimedTree, Variant
from arcticroute.rules import nsr_rules
from arcticroute.version import __version__
from arcticroute.vessel.ships import Ship

__all__ = [
    "COLUMNS",
    "DEFAULT_MAX_ROUTES",
    "DEFAULT_VARIANTS",
    "ICE_VARIANTS",
    "LANE_CORRIDORS",
    "MatrixError",
    "MatrixPlan",
    "MatrixRun",
    "matrix_chunk",
    "parse_dates",
    "plan_matrix",
    "route_matrix",
    "run_matrix",
]

ICE_VARIANTS = tuple(icerouting.VARIANTS)
"""Arctic variants, routed through the ice of the time of passage."""
LANE_CORRIDORS = ("suez", "cape", "panama")
"""Ice-free corridors, routed on the lanes at the ship's design speed."""
DEFAULT_VARIANTS = ("nsr", "suez", "cape")
DEFAULT_MAX_ROUTES = 5_000_000
"""Largest job (rows) :func:`run_matrix` accepts unless told otherwise."""
COLUMNS = (
    "origin",
    "origin_locode",
    "destination",
    "destination_locode",
    "date",
    "ship",
    "via",
    "feasible",
    "distance_nm",
    "hours",
    "escort_zones",
    "reason",
    "ice_source",
    "fuel_t",
    "co2_t",
    "total_usd",
    "cost_note",
)
"""Output columns. ``distance_nm`` and ``hours`` are door to door (lanes at the
design speed plus, for Arctic variants, the ice passage); ``escort_zones`` counts
the NSR zones sailed under icebreaker escort (Arctic variants) or, for a corridor
ending in NSR waters, the zones charged for escort by the assumption
``costs.nsr_escort_share_of_zones`` (as voyage_economics); ``reason`` says why a
route is not feasible (empty when it is); ``ice_source`` is ``observed`` or
``climatology`` for Arctic variants; ``fuel_t`` (all fuels, t), ``co2_t`` (t) and
``total_usd`` come from :func:`arcticroute.economics.costs.cost_arrays` for one laden
one-way trip (NaN when not feasible, or when ``cost_note`` says why it cannot be
costed)."""

_PART_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})_(\d+)\.parquet$")
_JOB_FILE = "job.json"
_META_KEY = b"arcticroute.matrix"


class MatrixError(ArcticRouteError, ValueError):
    """Bad matrix input (dates, variants, size, output path) or a run that cannot go on."""


# --- input ------------------------------------------------------------------------------


def _parse_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise MatrixError(
            f"bad date {text.strip()!r}: use YYYY-MM-DD, a range YYYY-MM-DD..YYYY-MM-DD or "
            "YYYY-MM-DD..YYYY-MM-DD/STEP (STEP in days)"
        ) from None


def parse_dates(text: str) -> tuple[dt.date, ...]:
    """Departure dates from text: a comma list of dates and ranges.

    Parameters
    ----------
    text : str
        Items separated by commas, each ``YYYY-MM-DD`` or a range
        ``START..END`` (both included) with an optional step in days
        ``START..END/7``.

    Returns
    -------
    tuple of datetime.date
        Sorted, without duplicates.

    Raises
    ------
    MatrixError
        For a malformed date, a range that ends before it starts or a step below 1.
    """
    out: set[dt.date] = set()
    for item in (s.strip() for s in text.split(",")):
        if not item:
            continue
        if ".." not in item:
            out.add(_parse_day(item))
            continue
        start_text, _, rest = item.partition("..")
        end_text, _, step_text = rest.partition("/")
        start, end = _parse_day(start_text), _parse_day(end_text)
        step = 1
        if step_text:
            try:
                step = int(step_text.strip().removesuffix("d"))
            except ValueError:
                step = 0
            if step < 1:
                raise MatrixError(f"bad step {step_text!r} in {item!r}: give whole days >= 1")
        if end < start:
            raise MatrixError(f"bad date range {item!r}: {end} is before {start}")
        out.update(start + dt.timedelta(days=k) for k in range(0, (end - start).days + 1, step))
    if not out:
        raise MatrixError(f"no dates in {text!r}: give YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD")
    return tuple(sorted(out))


def _check_variants(variants: Sequence[str]) -> tuple[str, ...]:
    out = []
    for v in variants:
        key = v.strip().lower().replace("-", "_")
        if key not in ICE_VARIANTS + LANE_CORRIDORS:
            raise MatrixError(
                f"unknown variant {v!r}; use Arctic variants {', '.join(ICE_VARIANTS)} or "
                f"corridors {', '.join(LANE_CORRIDORS)}"
            )
        if key not in out:
            out.append(key)
    if not out:
        raise MatrixError("no variants given; e.g. nsr,suez,cape")
    return tuple(out)


# --- the plan: everything that does not depend on the date -------------------------------


@dataclass(frozen=True)
class _LaneLeg:
    """One lane route between a port and a gateway (as ice_route builds it)."""

    distance_m: float
    leg_m: tuple[float, ...]  # its legs' lengths, summed in order as ice_route does
    suez: bool
    arctic_nm: float  # inside Arctic waters (NaN when not measured)


@dataclass(frozen=True)
class _IceLanes:
    """Date-independent part of the routes of one Arctic variant."""

    gateway_node: tuple[int, int]  # mesh nodes of the west and east gateways
    via_node: int  # -1 without a via point
    node_o: NDArray[np.int64] = field(repr=False)  # mesh node of an origin inside the NSR, -1
    node_d: NDArray[np.int64] = field(repr=False)
    westbound: NDArray[np.bool_] = field(repr=False)  # (n_o, n_d)
    connected: NDArray[np.bool_] = field(repr=False)  # (n_o, n_d)
    to_gw: tuple[tuple[_LaneLeg | None, _LaneLeg | None], ...]  # per origin: (west, east)
    junction_arctic_nm: tuple[float, float]  # gateway point to its mesh node, per gateway
    from_gw: tuple[tuple[_LaneLeg | None, _LaneLeg | None], ...]  # per destination


@dataclass(frozen=True)
class MatrixPlan:
    """A matrix job with its date-independent lane work done (see :func:`plan_matrix`).

    Attributes
    ----------
    origins, destinations : tuple of Port
    dates : tuple of datetime.date
        Departures (00:00).
    ships : tuple of Ship
    variants : tuple of str
    source, stat, policy : str
        Ice options, as for :func:`arcticroute.routing.icerouting.ice_layer`.
    token : str
        Identity of the job (ports, dates, ships, variants, options, assumption
        overrides, ice data directory and arcticroute version).

    The other fields hold the lane work (corridor distances, gateway legs, ETS
    scope shares) that :func:`matrix_chunk` reads; ``overrides`` and
    ``data_dir`` are re-applied and checked in worker processes.
    """

    origins: tuple[Port, ...]
    destinations: tuple[Port, ...]
    dates: tuple[dt.date, ...]
    ships: tuple[Ship, ...]
    variants: tuple[str, ...]
    source: str
    stat: str
    policy: str
    token: str
    lane_nm: dict[str, NDArray[np.float64]] = field(repr=False)
    lane_arctic_nm: dict[str, NDArray[np.float64]] = field(repr=False)
    lane_escort: dict[str, NDArray[np.int64]] = field(repr=False)
    ice: dict[str, _IceLanes] = field(repr=False)
    ets_scope: NDArray[np.float64] = field(repr=False)
    overrides: tuple[tuple[str, Any], ...] = field(repr=False)
    data_dir: str | None = None
    hfo_switch: bool = False

    @property
    def shape(self) -> tuple[int, int, int, int, int]:
        """(origins, destinations, dates, ships, variants)."""
        return (
            len(self.origins),
            len(self.destinations),
            len(self.dates),
            len(self.ships),
            len(self.variants),
        )

    @property
    def n_routes(self) -> int:
        return math.prod(self.shape)

    @property
    def rows_per_chunk(self) -> int:
        return len(self.origins) * len(self.destinations) * len(self.variants)

    def chunks(self) -> list[tuple[int, int]]:
        """(date index, ship index) of every chunk, in output order."""
        return [(i, k) for i in range(len(self.dates)) for k in range(len(self.ships))]


def _ship_key(ship: Ship) -> str:
    return ship.slug or ship.name


def _job_description(
    origins, destinations, dates, ships, variants, source, stat, policy, overrides, data_dir
) -> dict:
    def port(p: Port) -> list:
        return [p.name, p.locode, round(p.lat, 6), round(p.lon, 6)]

    return {
        "version": __version__,
        "origins": [port(p) for p in origins],
        "destinations": [port(p) for p in destinations],
        "dates": [d.isoformat() for d in dates],
        "ships": [s.model_dump(mode="json") for s in ships],
        "variants": list(variants),
        "ice": [source, stat, policy],
        "overrides": [[k, repr(v)] for k, v in overrides],
        "data_dir": data_dir,
    }


def _hfo_needed(ships: Sequence[Ship], dates: Sequence[dt.date]) -> bool:
    from arcticroute.rules.hfo_ban import hfo_ban_status

    return any(
        hfo_ban_status(d, s.fuel_type, s.protected_fuel_tanks).applies for s in ships for d in dates
    )


def _arctic_nm(r: routing.Route) -> float:
    from arcticroute.economics.costs import ARCTIC_WATERS_MIN_LAT
    from arcticroute.rules.hfo_ban import distance_in_arctic_waters_nm

    if r.max_lat < ARCTIC_WATERS_MIN_LAT:
        return 0.0
    return float(distance_in_arctic_waters_nm(r.lon_deg, r.lat_deg))


def _lane_leg(a: Port | str, b: Port | str, hfo: bool) -> _LaneLeg:
    r = routing.route(a, b, via="auto")
    return _LaneLeg(
        distance_m=r.distance_m,
        leg_m=tuple(leg.distance_m for leg in r.legs),
        suez="suez" in r.passages,
        arctic_nm=_arctic_nm(r) if hfo else math.nan,
    )


def _gateway_text(point: tuple[float, float]) -> str:
    lon, lat = point
    return f"{lat:.6f},{lon:.6f}"  # as icevoyage.ice_route names its gateways


def _plan_ice(
    v: Variant, origins: Sequence[Port], destinations: Sequence[Port], hfo: bool
) -> _IceLanes:
    from arcticroute.routing.icevoyage import mesh_node_in_nsr

    mesh = arcticmesh.load_mesh()
    w, e = _gateway_text(v.west), _gateway_text(v.east)
    n_o, n_d = len(origins), len(destinations)
    dm = routing.distance_matrix([*origins, w, e], [w, e, *destinations])

    def node(p: Port) -> int:
        n = mesh_node_in_nsr(p)
        return -1 if n is None else n

    node_o = np.array([node(p) for p in origins], dtype=np.int64)
    node_d = np.array([node(p) for p in destinations], dtype=np.int64)
    # lane distances to and from each gateway (0 for a port inside the NSR), nm
    o_gw = np.where((node_o >= 0)[:, None], 0.0, dm[:n_o, :2])
    gw_d = np.where((node_d >= 0)[None, :], 0.0, dm[n_o:, 2:])
    eastbound_nm = o_gw[:, 0][:, None] + gw_d[1][None, :]
    westbound_nm = o_gw[:, 1][:, None] + gw_d[0][None, :]
    westbound = np.nan_to_num(westbound_nm, nan=np.inf) < np.nan_to_num(eastbound_nm, nan=np.inf)
    connected = ~(np.isnan(eastbound_nm) & np.isnan(westbound_nm))
    # lane legs actually sailed: origin -> first gateway, second gateway -> destination
    need_to = np.zeros((n_o, 2), dtype=bool)
    need_from = np.zeros((n_d, 2), dtype=bool)
    for i, j in zip(*np.nonzero(connected), strict=True):
        first, second = (1, 0) if westbound[i, j] else (0, 1)
        need_to[i, first] |= node_o[i] < 0
        need_from[j, second] |= node_d[j] < 0
    texts = (w, e)
    to_gw = tuple(
        tuple(_lane_leg(p, texts[g], hfo) if need_to[i, g] else None for g in range(2))
        for i, p in enumerate(origins)
    )
    from_gw = tuple(
        tuple(_lane_leg(texts[g], p, hfo) if need_from[j, g] else None for g in range(2))
        for j, p in enumerate(destinations)
    )
    for arr in (node_o, node_d, westbound, connected):
        arr.setflags(write=False)
    gateway_node = (arcticmesh.nearest_node(*v.west, mesh), arcticmesh.nearest_node(*v.east, mesh))
    # the assembled route joins the lane leg's end (the gateway point) to the passage's
    # first mesh node (and back) by a short geodesic
    junction = (math.nan, math.nan)
    if hfo:
        from arcticroute.rules.hfo_ban import distance_in_arctic_waters_nm

        junction = tuple(
            float(distance_in_arctic_waters_nm([pt[0], mesh.lon[nd]], [pt[1], mesh.lat[nd]]))
            for pt, nd in zip((v.west, v.east), gateway_node, strict=True)
        )
    return _IceLanes(
        gateway_node=gateway_node,
        via_node=-1 if v.via is None else arcticmesh.nearest_node(*v.via, mesh),
        node_o=node_o,
        node_d=node_d,
        westbound=westbound,
        connected=connected,
        to_gw=to_gw,
        from_gw=from_gw,
        junction_arctic_nm=junction,
    )


def _corridor_extras(
    origins: Sequence[Port], destinations: Sequence[Port], via: str, nm: NDArray, hfo: bool
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Arctic-waters distance (when the HFO ban may apply) and NSR zones charged for escort.

    As :func:`arcticroute.economics.costs.voyage_economics` for a route without ice: a
    route into the NSR waters (an end port in the Kara Sea...) is charged escort in
    ``costs.nsr_escort_share_of_zones`` of the zones it crosses. Only pairs with an
    end north of 58°N can reach those waters (the corridors forbid the NSR itself);
    the route of every pair is needed for the Arctic distance.
    """
    from arcticroute.economics.costs import ARCTIC_WATERS_MIN_LAT
    from arcticroute.geo.nsr import nsr_crossing

    arctic = np.zeros(nm.shape)
    escort = np.zeros(nm.shape, dtype=np.int64)
    share = float(assumptions.value("costs.nsr_escort_share_of_zones"))
    north_o = np.array([p.lat >= ARCTIC_WATERS_MIN_LAT for p in origins])
    north_d = np.array([p.lat >= ARCTIC_WATERS_MIN_LAT for p in destinations])
    need = np.isfinite(nm) & (hfo | north_o[:, None] | north_d[None, :])
    for i, j in zip(*np.nonzero(need), strict=True):
        r = routing.route(origins[i], destinations[j], via=via)
        if hfo:
            arctic[i, j] = _arctic_nm(r)
        if {"nsr", "nsr_kara"} & set(r.passages):
            escort[i, j] = round(share * len(nsr_crossing(r).zones))
    for arr in (arctic, escort):
        arr.setflags(write=False)
    return arctic, escort


def _ports(items: Sequence[str | Port], what: str) -> tuple[Port, ...]:
    out = []
    for p in items:
        try:
            out.append(routing.as_port(p))
        except UnknownPortError as exc:
            raise UnknownPortError(f"{what}: {exc}", exc.suggestions) from None
    return tuple(out)


def as_ship(s: Ship | str) -> Ship:
    from arcticroute.vessel.ships import get_ship

    return get_ship(s) if isinstance(s, str) else s


def plan_matrix(
    origins: Sequence[str | Port],
    destinations: Sequence[str | Port],
    dates: Sequence[dt.date | str] | str,
    ships: Sequence[str | Ship],
    variants: Sequence[str] = DEFAULT_VARIANTS,
    *,
    source: str = "auto",
    stat: str = "median",
    policy: str = "normal_only",
) -> MatrixPlan:
    """Resolve a matrix job and solve its lanes (everything that does not depend on the date).

    Parameters
    ----------
    origins, destinations : sequence of str or Port
        Port names, UN/LOCODEs, ``"lat,lon"`` texts or Ports.
    dates : sequence of date or ISO text, or str
        Departures (00:00); a string goes through :func:`parse_dates`.
    ships : sequence of str or Ship
        Presets (:func:`arcticroute.vessel.ships.get_ship`) or Ships.
    variants : sequence of str
        Arctic variants (:data:`ICE_VARIANTS`) and corridors (:data:`LANE_CORRIDORS`).
    source, stat, policy : str
        Ice options, as for :func:`arcticroute.routing.icevoyage.ice_route`.

    Returns
    -------
    MatrixPlan

    Raises
    ------
    MatrixError
        For bad dates, variants, or an empty list.
    UnknownPortError, UnknownShipError
        For an unknown port (with suggestions) or ship.
    """
    if isinstance(dates, str):
        days = parse_dates(dates)
    else:
        days = tuple(sorted({d if isinstance(d, dt.date) else _parse_day(str(d)) for d in dates}))
    if not days:
        raise MatrixError("no dates given")
    vs = _check_variants(variants)
    if not origins or not destinations or not ships:
        raise MatrixError("origins, destinations and ships must each name at least one")
    icerouting.check_policy(policy)
    from arcticroute.ice.icedata import CMIP6_PREFIX, SOURCES

    if source not in SOURCES and not str(source).startswith(CMIP6_PREFIX):
        raise MatrixError(
            f"unknown ice source {source!r}; use one of {', '.join(SOURCES)} or "
            f"{CMIP6_PREFIX}PATH (a CMIP6 siconc file)"
        )
    o, d = _ports(origins, "origins"), _ports(destinations, "destinations")
    sh = tuple(as_ship(s) for s in ships)
    keys = [_ship_key(s) for s in sh]
    if len(set(keys)) != len(keys):
        twice = sorted({k for k in keys if keys.count(k) > 1})
        raise MatrixError(f"ship given twice: {', '.join(twice)}")
    hfo = _hfo_needed(sh, days)
    lane_nm, lane_arctic, lane_escort = {}, {}, {}
    for v in vs:
        if v in LANE_CORRIDORS:
            nm = routing.distance_matrix(o, d, via=v)
            nm.setflags(write=False)
            lane_nm[v] = nm
            lane_arctic[v], lane_escort[v] = _corridor_extras(o, d, v, nm, hfo)
    ice = {v: _plan_ice(icerouting.VARIANTS[v], o, d, hfo) for v in vs if v in ICE_VARIANTS}
    from arcticroute.economics.emissions import ets_scope_share

    scope = np.array(
        [[float(ets_scope_share(a.country or "XX", b.country or "XX")) for b in d] for a in o]
    )
    overrides = tuple((a.key, a.value) for a in assumptions.all_parameters() if a.overridden)
    data_dir = os.environ.get("ARCTICROUTE_DATA_DIR")
    desc = _job_description(o, d, days, sh, vs, source, stat, policy, overrides, data_dir)
    token = hashlib.sha256(json.dumps(desc, sort_keys=True).encode()).hexdigest()[:24]
    return MatrixPlan(
        origins=o,
        destinations=d,
        dates=days,
        ships=sh,
        variants=vs,
        source=source,
        stat=stat,
        policy=policy,
        token=token,
        lane_nm=lane_nm,
        lane_arctic_nm=lane_arctic,
        lane_escort=lane_escort,
        ice=ice,
        ets_scope=scope,
        overrides=overrides,
        data_dir=data_dir,
        hfo_switch=hfo,
    )


# --- time-of-passage trees, shared ------------------------------------------------------


@dataclass
class _Passage:
    """What a route needs from an ice passage (see icerouting.ice_passage)."""

    feasible: bool
    hours: float
    distance_nm: float
    escort_zones: int
    ice_source: str
    reasons: tuple[str, ...] = ()
    lon: NDArray[np.float64] | None = field(default=None, repr=False)
    lat: NDArray[np.float64] | None = field(default=None, repr=False)
    arctic_nm: float | None = None  # inside Arctic waters, measured when first needed


class _Trees:
    """Time-of-passage trees of one ship (icerouting.timed_tree), with caches for the
    trees of a chunk, the passages of trees that are timed_tree's shared first search
    and the reasons of closed passages (keyed by what they read). A tree is identified
    by a token: ``("first", key)`` for shared trees, ``("exact", ...)`` with its entry
    time for the others.
    """

    def __init__(self, ship: Ship, source: str, stat: str, policy: str) -> None:
        self.ship, self.source, self.stat, self.policy = ship, source, stat, policy
        self.mesh = arcticmesh.load_mesh()
        self.draft_m = float(getattr(ship, "draft_m", 0.0) or 0.0)
        self.deep = bool(icerouting.draft_closed_straits(self.draft_m))
        self.passages: OrderedDict[tuple, _Passage] = OrderedDict()
        self._chunk_trees: dict[tuple, tuple[TimedTree, tuple]] = {}
        self._reasons: OrderedDict[tuple, tuple[str, ...]] = OrderedDict()
        self.stats: Counter[str] = Counter()  # work done, for benchmarks

    def begin_chunk(self) -> None:
        """Forget the trees of the last chunk (entry times never repeat across dates)."""
        self._chunk_trees = {}

    def tree(
        self, t0: dt.datetime, source_node: int, v: Variant, ignore_draft: bool = False
    ) -> tuple[TimedTree, tuple]:
        """timed_tree(ship, t0, source_node, v, ignore_draft=...) and its token."""
        key = (v.name, int(source_node), t0, ignore_draft)
        hit = self._chunk_trees.get(key)
        if hit is None:
            tree = icerouting.timed_tree(
                self.ship,
                t0,
                int(source_node),
                v,
                source=self.source,
                stat=self.stat,
                policy=self.policy,
                ignore_draft=ignore_draft,
            )
            if tree.searches == 1:
                # timed_tree's shared first search: the same tree for every entry time whose
                # reached days all fall in this field
                self.stats["shared_trees"] += 1
                token = ("first", (tree.layers[0].key, v.name, ignore_draft, int(source_node)))
            else:
                self.stats["own_trees"] += 1
                self.stats["more_searches"] += tree.searches - 1
                token = ("exact", v.name, ignore_draft, int(source_node), t0)
            hit = self._chunk_trees[key] = (tree, token)
        return hit

    # -- passages (icerouting.ice_passage, reduced to what a matrix row needs) --

    def passage(self, t0: dt.datetime, source_node: int, target: int, v: Variant, via: int):
        legs: list[tuple[TimedTree, tuple, int]] = []
        first, tok = self.tree(t0, source_node, v)
        if via < 0:
            legs.append((first, tok, target))
        else:
            legs.append((first, tok, via))
            if np.isfinite(first.hours[via]):
                t1 = t0 + dt.timedelta(hours=float(first.hours[via]))
                second, tok2 = self.tree(t1, via, v)
                legs.append((second, tok2, target))
        blocked = next(((tr, tk, tg) for tr, tk, tg in legs if not np.isfinite(tr.hours[tg])), None)
        if blocked is None and len(legs) == (1 if via < 0 else 2):
            key = tuple((tk, tg) for _, tk, tg in legs)
            hit = self.passages.get(key)
            if hit is None:
                hit = self._feasible(legs)
                if all(tk[0] == "first" for _, tk, _ in legs):
                    self.passages[key] = hit
                    if len(self.passages) > 4096:
                        self.passages.popitem(last=False)
            return hit
        tr, _, tg = blocked
        draft_decides = self.deep and bool(
            np.isfinite(self.tree(tr.start, tr.source, v, ignore_draft=True)[0].hours[tg])
        )
        lay0 = legs[0][0].layers[0]
        # the reasons read only the tree's reach, first layer and start date (season)
        reach = hashlib.blake2b(np.packbits(np.isfinite(tr.hours)).tobytes(), digest_size=16)
        season = nsr_rules.season_allows(tr.layers[0].ice_class, tr.start.date())
        key = ("no", reach.digest(), tr.layers[0].key, tg, draft_decides, season)
        reasons = self._reasons.get(key)
        if reasons is None:
            reasons = tuple(icerouting.no_path_reasons(tr, tg, self.ship, v, draft_decides))
            self._reasons[key] = reasons
            if len(self._reasons) > 4096:
                self._reasons.popitem(last=False)
        return _Passage(False, math.nan, math.nan, 0, lay0.ice_source, reasons)

    def _feasible(self, legs) -> _Passage:
        parts, seg_h, escorts = [], [], []
        escort_zones = 0
        sources = set()
        for tr, _, tg in legs:
            p = tr.path_to(tg)
            h = tr.hours[p]
            parts.append(p if not parts else p[1:])
            seg_h.append(np.diff(h))
            lay_of = tr.layer_of_node[p]
            esc = np.array(
                [tr.layers[li].escort[nd] for li, nd in zip(lay_of[1:], p[1:], strict=True)],
                dtype=bool,
            )
            escorts.append(esc)
            zone = tr.layers[0].zone[p[1:]]
            for z in dict.fromkeys(zone.tolist()):
                if z > 0 and esc[zone == z].any():
                    escort_zones += 1
            sources.update(lay.ice_source for lay in tr.layers)
        nodes = np.concatenate(parts)
        lon, lat = self.mesh.lon[nodes], self.mesh.lat[nodes]
        seg_m = geodesy.geodesic_distance_m(lon[:-1], lat[:-1], lon[1:], lat[1:])
        seg_nm = np.atleast_1d(np.asarray(seg_m, float)) / geodesy.M_PER_NM
        # as ice_passage: a wait for the icebreaker at each escorted stretch
        waits = float(icerouting.escort_waits(np.concatenate(escorts)).sum())
        wait_h = float(assumptions.value("escort.waiting_h")) * waits
        return _Passage(
            feasible=True,
            hours=float(np.concatenate(seg_h).sum()) + wait_h,
            distance_nm=float(seg_nm.sum()),
            escort_zones=escort_zones,
            ice_source=icerouting.ice_kind(sources),
            lon=lon,
            lat=lat,
        )


def _passage_arctic_nm(p: _Passage) -> float:
    if p.arctic_nm is None:
        from arcticroute.rules.hfo_ban import distance_in_arctic_waters_nm

        p.arctic_nm = float(distance_in_arctic_waters_nm(geodesy.wrap_lon(p.lon), p.lat))
    return p.arctic_nm


# --- one chunk: one departure date, one ship ---------------------------------------------

_WORKER: OrderedDict[tuple, _Trees] = OrderedDict()


_WORKER_LOCK = threading.Lock()
_OVERRIDES_LOCK = threading.Lock()


def _trees_for(plan: MatrixPlan, k: int) -> _Trees:
    """This process's trees of one ship, one set per thread (a Dask worker may run several)."""
    key = (plan.token, k, threading.get_ident())
    with _WORKER_LOCK:
        hit = _WORKER.get(key)
        if hit is None:
            hit = _WORKER[key] = _Trees(plan.ships[k], plan.source, plan.stat, plan.policy)
            while len(_WORKER) > max(8, 2 * len(plan.ships)):
                _WORKER.popitem(last=False)
    return hit


@dataclass
class _Block:
    via: str
    feasible: NDArray[np.bool_]
    distance_nm: NDArray[np.float64]
    hours: NDArray[np.float64]
    escort_zones: NDArray[np.int64]
    reason: list[str]
    ice_source: list[str]
    suez: NDArray[np.bool_]
    arctic_nm: NDArray[np.float64]  # switch distance if the HFO ban applies


def _lane_block(plan: MatrixPlan, via: str, ship: Ship, hfo: bool) -> _Block:
    nm = plan.lane_nm[via].ravel()
    ok = np.isfinite(nm)
    cor = corridor(via)
    no = (
        f"no {via} route: the corridor ({cor.description}) does not connect these ports in the "
        "lane network, or its shortest path does not use it"
    )
    n = nm.size
    return _Block(
        via=via,
        feasible=ok,
        distance_nm=nm,
        hours=nm / float(ship.design_speed_kn),
        escort_zones=np.where(ok, plan.lane_escort[via].ravel(), 0),
        reason=["" if f else no for f in ok.tolist()],
        ice_source=[""] * n,
        suez=np.full(n, via == "suez"),
        arctic_nm=plan.lane_arctic_nm[via].ravel(),
    )


def _ice_block(
    plan: MatrixPlan, trees: _Trees, via: str, ship: Ship, day: dt.date, hfo: bool
) -> _Block:
    v = icerouting.VARIANTS[via]
    g = plan.ice[via]
    n_o, n_d = len(plan.origins), len(plan.destinations)
    speed = float(ship.design_speed_kn)
    departure = dt.datetime.combine(day, dt.time(0, 0))
    entries: dict[tuple[int, int], tuple[dt.datetime, int, float]] = {}

    def entry(i: int, first: int) -> tuple[dt.datetime, int, float]:
        hit = entries.get((i, first))
        if hit is None:
            leg = g.to_gw[i][first]
            if g.node_o[i] >= 0:
                lane_h0, source = 0.0, int(g.node_o[i])
            else:
                lane_h0 = leg.distance_m / geodesy.M_PER_NM / speed
                source = g.gateway_node[first]
            hit = entries[(i, first)] = (departure + dt.timedelta(hours=lane_h0), source, lane_h0)
        return hit

    feasible = np.zeros((n_o, n_d), dtype=bool)
    dist = np.full((n_o, n_d), np.nan)
    hours = np.full((n_o, n_d), np.nan)
    escort = np.zeros((n_o, n_d), dtype=np.int64)
    suez = np.zeros((n_o, n_d), dtype=bool)
    arctic = np.zeros((n_o, n_d))
    reason = [[""] * n_d for _ in range(n_o)]
    ice_source = [[""] * n_d for _ in range(n_o)]
    passages: dict[tuple, _Passage] = {}
    for i in range(n_o):
        for j in range(n_d):
            if not g.connected[i, j]:
                o, d = plan.origins[i], plan.destinations[j]
                reason[i][j] = f"no lane route joins {o.name} and {d.name} to the {v.name} gateways"
                continue
            first, second = (1, 0) if g.westbound[i, j] else (0, 1)
            t0, source, lane_h0 = entry(i, first)
            target = int(g.node_d[j]) if g.node_d[j] >= 0 else g.gateway_node[second]
            p = passages.get((t0, source, target))
            if p is None:
                p = passages[(t0, source, target)] = trees.passage(
                    t0, source, target, v, g.via_node
                )
            ice_source[i][j] = p.ice_source
            if not p.feasible:
                reason[i][j] = "; ".join(p.reasons)
                continue
            to, frm = g.to_gw[i][first], g.from_gw[j][second]
            # as ice_route: lane hours summed over the legs sailed, then the passage
            lane_h = 0.0
            if to is not None:
                lane_h = lane_h + lane_h0
            if frm is not None:
                lane_h = lane_h + frm.distance_m / geodesy.M_PER_NM / speed
            total_m = 0.0
            for m in (
                *(to.leg_m if to else ()),
                p.distance_nm * geodesy.M_PER_NM,
                *(frm.leg_m if frm else ()),
            ):
                total_m += m
            feasible[i, j] = True
            hours[i, j] = lane_h + p.hours
            dist[i, j] = total_m / geodesy.M_PER_NM
            escort[i, j] = p.escort_zones
            suez[i, j] = bool((to is not None and to.suez) or (frm is not None and frm.suez))
            if hfo:
                arctic[i, j] = _passage_arctic_nm(p)
                if to is not None:
                    arctic[i, j] += to.arctic_nm + g.junction_arctic_nm[first]
                if frm is not None:
                    arctic[i, j] += frm.arctic_nm + g.junction_arctic_nm[second]
    return _Block(
        via=via,
        feasible=feasible.ravel(),
        distance_nm=dist.ravel(),
        hours=hours.ravel(),
        escort_zones=escort.ravel(),
        reason=[r for row in reason for r in row],
        ice_source=[s for row in ice_source for s in row],
        suez=suez.ravel(),
        arctic_nm=arctic.ravel(),
    )


def _economics(plan: MatrixPlan, ship: Ship, day: dt.date, blocks: list[_Block]) -> dict:
    """fuel_t, co2_t, total_usd and cost_note per row, as voyage_economics for one trip."""
    from arcticroute.economics import tariffs
    from arcticroute.economics.costs import cost_arrays
    from arcticroute.rules.hfo_ban import hfo_ban_status

    ok = np.concatenate([b.feasible for b in blocks])
    n = ok.size
    is_ice = np.concatenate([np.full(b.feasible.size, b.via in ICE_VARIANTS) for b in blocks])
    speed = float(ship.design_speed_kn)
    hours = np.concatenate([b.hours for b in blocks])
    dist = np.concatenate([b.distance_nm for b in blocks])
    # ice routes: the distance at the commanded speed that takes as long as the voyage
    cost_nm = np.where(is_ice, hours * speed, dist)
    suez = np.concatenate([b.suez for b in blocks])
    escort = np.concatenate([b.escort_zones for b in blocks])
    note = np.full(n, "", dtype=object)
    toll = np.zeros(n)
    if (suez & ok).any():
        if ship.scnt is None:
            note[suez & ok] = (
                f"{ship.name} has no Suez Canal net tonnage (scnt): give it in the ship file to "
                "cost a Suez transit"
            )
        else:
            toll[suez] = float(
                tariffs.suez_toll_usd(ship.scnt, ship.ship_type, laden=True, date=day).value
            )
    fee = np.zeros(n)
    pilot = np.zeros(n)
    for z in np.unique(escort[ok & (escort > 0)]).tolist():
        rows = ok & (escort == z)
        try:
            fee[rows] = float(tariffs.nsr_escort_fee_usd(ship.gt, ship.ice_class, z, day).value)
            pilot[rows] = float(tariffs.ice_pilotage_usd(True).value)
        except tariffs.TariffError as exc:
            note[rows] = f"cannot cost this route: {exc}"
    switch_nm = np.zeros(n)
    switch_fuel = str(assumptions.value("hfo_ban.switch_fuel"))
    if hfo_ban_status(day, ship.fuel_type, ship.protected_fuel_tanks).applies:
        switch_nm = np.concatenate([b.arctic_nm for b in blocks])
    scope = np.tile(plan.ets_scope.ravel(), len(blocks))
    costed = ok & (note == "")
    out = {k: np.full(n, np.nan) for k in ("fuel_t", "co2_t", "total_usd")}
    if costed.any():
        arr = cost_arrays(
            cost_nm[costed],
            speed,
            ship,
            switch_nm=np.nan_to_num(switch_nm[costed]),
            switch_fuel=switch_fuel,
            canal_toll_usd=toll[costed],
            icebreaker_fee_usd=fee[costed],
            pilotage_usd=pilot[costed],
            ets_year=day.year,
            ets_scope_share=scope[costed],
        )
        out["fuel_t"][costed] = arr["fuel_main_t"] + arr["fuel_switch_t"]
        out["co2_t"][costed] = arr["co2_t"]
        out["total_usd"][costed] = arr["total_usd"]
    out["cost_note"] = note.tolist()
    return out


def _schema():
    import pyarrow as pa

    return pa.schema(
        [
            ("origin", pa.string()),
            ("origin_locode", pa.string()),
            ("destination", pa.string()),
            ("destination_locode", pa.string()),
            ("date", pa.date32()),
            ("ship", pa.string()),
            ("via", pa.string()),
            ("feasible", pa.bool_()),
            ("distance_nm", pa.float64()),
            ("hours", pa.float64()),
            ("escort_zones", pa.int16()),
            ("reason", pa.string()),
            ("ice_source", pa.string()),
            ("fuel_t", pa.float64()),
            ("co2_t", pa.float64()),
            ("total_usd", pa.float64()),
            ("cost_note", pa.string()),
        ]
    )


def matrix_chunk(plan: MatrixPlan, date_index: int, ship_index: int):
    """The rows of one departure date and one ship (the unit of work of :func:`run_matrix`).

    Parameters
    ----------
    plan : MatrixPlan
    date_index, ship_index : int
        Indices into ``plan.dates`` and ``plan.ships``.

    Returns
    -------
    pyarrow.Table
        :data:`COLUMNS`; rows by variant (plan order), origin, destination.

    Raises
    ------
    MatrixError
        When this process's ``ARCTICROUTE_DATA_DIR`` differs from the planning
        process's (its ice would not be the same).
    """
    import pyarrow as pa

    here = os.environ.get("ARCTICROUTE_DATA_DIR")
    if here != plan.data_dir:
        raise MatrixError(
            f"this worker has ARCTICROUTE_DATA_DIR={here!r} but the job was planned with "
            f"{plan.data_dir!r}: start the workers with the same ice data"
        )
    # the overrides swap the process's assumption table: one chunk at a time then
    with (
        _OVERRIDES_LOCK if plan.overrides else nullcontext(),
        assumptions.overridden(dict(plan.overrides)) if plan.overrides else nullcontext(),
    ):
        day, ship = plan.dates[date_index], plan.ships[ship_index]
        hfo = plan.hfo_switch
        blocks = []
        for via in plan.variants:
            if via in ICE_VARIANTS:
                trees = _trees_for(plan, ship_index)
                trees.begin_chunk()
                blocks.append(_ice_block(plan, trees, via, ship, day, hfo))
            else:
                blocks.append(_lane_block(plan, via, ship, hfo))
        econ = _economics(plan, ship, day, blocks)
    n_o, n_d, nb = len(plan.origins), len(plan.destinations), len(blocks)
    oi = np.tile(np.repeat(np.arange(n_o), n_d), nb)
    di = np.tile(np.tile(np.arange(n_d), n_o), nb)
    o_names = np.array([p.name for p in plan.origins], dtype=object)
    o_codes = np.array([p.locode for p in plan.origins], dtype=object)
    d_names = np.array([p.name for p in plan.destinations], dtype=object)
    d_codes = np.array([p.locode for p in plan.destinations], dtype=object)
    n = oi.size
    cols = {
        "origin": o_names[oi].tolist(),
        "origin_locode": o_codes[oi].tolist(),
        "destination": d_names[di].tolist(),
        "destination_locode": d_codes[di].tolist(),
        "date": [day] * n,
        "ship": [_ship_key(ship)] * n,
        "via": [b.via for b in blocks for _ in range(b.feasible.size)],
        "feasible": np.concatenate([b.feasible for b in blocks]),
        "distance_nm": np.concatenate([b.distance_nm for b in blocks]),
        "hours": np.concatenate([b.hours for b in blocks]),
        "escort_zones": np.concatenate([b.escort_zones for b in blocks]).astype(np.int16),
        "reason": [r for b in blocks for r in b.reason],
        "ice_source": [s for b in blocks for s in b.ice_source],
        **econ,
    }
    return pa.table(cols, schema=_schema())


def route_matrix(
    origins: Sequence[str | Port],
    destinations: Sequence[str | Port],
    dates: Sequence[dt.date | str] | str,
    ships: Sequence[str | Ship],
    variants: Sequence[str] = DEFAULT_VARIANTS,
    **ice: str,
):
    """The whole matrix in this process, as one table (for small jobs).

    Parameters are those of :func:`plan_matrix`. Returns a ``pyarrow.Table``
    with :data:`COLUMNS`, rows by date, ship, variant, origin, destination.
    Use :func:`run_matrix` for large jobs (parallel, resumable, to a file).
    """
    import pyarrow as pa

    plan = plan_matrix(origins, destinations, dates, ships, variants, **ice)
    return pa.concat_tables([matrix_chunk(plan, i, k) for i, k in plan.chunks()])


# --- running a job: chunks in parallel, parts on disk, one merge --------------------------


@dataclass(frozen=True)
class MatrixRun:
    """What :func:`run_matrix` did.

    Attributes
    ----------
    path : Path
        The Parquet file written.
    rows : int
    chunks : int
        Chunks of the job.
    computed, skipped : int
        Chunks computed in this run, and found complete from an earlier one.
    seconds : float
        Wall time of this run.
    """

    path: Path
    rows: int
    chunks: int
    computed: int
    skipped: int
    seconds: float


def _parts_dir(out: Path) -> Path:
    return out.with_name(out.name + ".parts")


def _part_name(plan: MatrixPlan, i: int, k: int) -> str:
    return f"{plan.dates[i].isoformat()}_{k}.parquet"


def _write_atomic(table, path: Path) -> None:
    import pyarrow.parquet as pq

    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            pq.write_table(table, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _complete(path: Path, rows: int) -> bool:
    import pyarrow.parquet as pq

    try:
        return pq.read_metadata(path).num_rows == rows
    except (OSError, ValueError):  # truncated or not Parquet: compute it again
        return False


def _check_out(out: Path) -> None:
    parent = out.parent if str(out.parent) else Path(".")
    if out.is_dir():
        raise MatrixError(f"cannot write {out}: it is a directory; give a .parquet file name")
    if not parent.is_dir():
        raise MatrixError(f"cannot write {out}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise MatrixError(f"cannot write {out}: folder {parent} is not writable")


def _prepare_parts(plan: MatrixPlan, out: Path, resume: bool, job: dict) -> Path:
    parts = _parts_dir(out)
    text = json.dumps(job, sort_keys=True)
    if parts.exists():
        old = parts / _JOB_FILE
        same = old.exists() and old.read_text("utf-8") == text
        if resume and not same:
            raise MatrixError(
                f"{parts} holds parts of another job (other ports, dates, ships, variants, "
                "options or version): run with --restart to discard them"
            )
        for f in parts.iterdir():
            if f.name.endswith(".tmp") or (not resume and _PART_RE.match(f.name)):
                f.unlink()
    try:
        parts.mkdir(exist_ok=True)
        (parts / _JOB_FILE).write_text(text, "utf-8")
    except OSError as exc:
        raise MatrixError(f"cannot write {parts}: {exc.strerror or exc}") from None
    return parts


@contextmanager
def _executor(
    plan: MatrixPlan, tasks: list[tuple[int, int]], workers: int, scheduler: str | None
) -> Iterator[Iterable[tuple[tuple[int, int], Any]]]:
    """Yield (task, table) as chunks finish, on Dask, local processes or in-process."""
    if scheduler is not None:
        try:
            from distributed import Client, as_completed
        except ImportError:  # pragma: no cover - a declared dependency
            raise MatrixError(
                "--scheduler needs dask.distributed: pip install 'dask[distributed]'"
            ) from None
        try:
            client = Client(scheduler)  # times out after distributed.comm.timeouts.connect
        except (OSError, TimeoutError, ValueError) as exc:
            raise MatrixError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
        try:
            shared = client.scatter(plan, broadcast=True)
            futures = {
                client.submit(matrix_chunk, shared, i, k, pure=False): (i, k) for i, k in tasks
            }
            try:
                yield ((futures[f], f.result()) for f in as_completed(futures))
            finally:
                client.cancel(list(futures))
        finally:
            client.close()
    elif workers <= 1 or len(tasks) <= 1:
        yield (((i, k), matrix_chunk(plan, i, k)) for i, k in tasks)
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures import as_completed as done
        from concurrent.futures.process import BrokenProcessPool

        pool = ProcessPoolExecutor(
            max_workers=min(workers, len(tasks)),
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(plan,),
        )
        try:
            futures = {pool.submit(_pool_chunk, i, k): (i, k) for i, k in tasks}
            yield ((futures[f], f.result()) for f in done(futures))
        except BrokenProcessPool:
            raise MatrixError(
                "a worker process died (out of memory, killed, or a script that starts "
                "run_matrix without 'if __name__ == \"__main__\":'); finished chunks are kept: "
                "run again to resume"
            ) from None
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


_POOL_PLAN: list[MatrixPlan] = []


def _init_worker(plan: MatrixPlan) -> None:
    _POOL_PLAN[:] = [plan]


def _pool_chunk(i: int, k: int):
    return matrix_chunk(_POOL_PLAN[0], i, k)


def _merge(plan: MatrixPlan, parts: Path, out: Path, job: dict) -> int:
    import pyarrow.parquet as pq

    schema = _schema().with_metadata({_META_KEY: json.dumps(job, sort_keys=True).encode()})
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    rows = 0
    try:
        with open(tmp, "wb") as fh:
            with pq.ParquetWriter(fh, schema) as writer:
                for i, k in plan.chunks():
                    table = pq.read_table(parts / _part_name(plan, i, k), schema=_schema())
                    writer.write_table(table.replace_schema_metadata(schema.metadata))
                    rows += table.num_rows
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return rows


def _job_meta(out: Path) -> str | None:
    import pyarrow.parquet as pq

    try:
        meta = pq.read_schema(out).metadata or {}
    except (OSError, ValueError):
        return None
    raw = meta.get(_META_KEY)
    return raw.decode() if raw is not None else None


def run_matrix(
    origins: Sequence[str | Port],
    destinations: Sequence[str | Port],
    dates: Sequence[dt.date | str] | str,
    ships: Sequence[str | Ship],
    out: str | Path,
    variants: Sequence[str] = DEFAULT_VARIANTS,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    resume: bool = True,
    max_routes: int = DEFAULT_MAX_ROUTES,
    on_progress: Callable[[int, int], None] | None = None,
    source: str = "auto",
    stat: str = "median",
    policy: str = "normal_only",
) -> MatrixRun:
    """Compute a matrix in parallel, resumably, into one Parquet file.

    Parameters
    ----------
    origins, destinations, dates, ships, variants, source, stat, policy
        As for :func:`plan_matrix`.
    out : str or Path
        The Parquet file. Finished chunks go to ``<out>.parts/`` first (one
        file per date and ship, each written atomically); the merge replaces
        ``out`` atomically and removes the parts.
    workers : int, optional
        Local processes (default: every core); 1 runs in this process.
    scheduler : str, optional
        Address of a Dask scheduler (``"tcp://host:port"``); its workers need
        arcticroute and the same ``ARCTICROUTE_DATA_DIR``.
    resume : bool
        Keep the chunks an interrupted run of the same job left (default);
        False discards them.
    max_routes : int
        Refuse jobs with more rows.
    on_progress : callable, optional
        ``on_progress(done, total)`` in chunks, after each chunk and once at start.

    Returns
    -------
    MatrixRun

    Raises
    ------
    MatrixError
        Bad input, a job over ``max_routes``, an unwritable ``out``, parts of
        another job in ``<out>.parts/`` with ``resume``, an unreachable scheduler.
    """
    t_start = time.perf_counter()
    out = Path(out)
    _check_out(out)
    if max_routes < 1:
        raise MatrixError(f"max_routes must be >= 1, got {max_routes}")
    # size first, before any lane work: a cheap count of what was asked for
    days = parse_dates(dates) if isinstance(dates, str) else tuple(dates)
    vs = _check_variants(variants)
    n = len(origins) * len(destinations) * len(set(days)) * len(ships) * len(vs)
    if n > max_routes:
        raise MatrixError(
            f"job too large: {len(origins)} origins × {len(destinations)} destinations × "
            f"{len(set(days))} dates × {len(ships)} ships × {len(vs)} variants = {n:,} routes, "
            f"over --max-routes {max_routes:,}; raise it or split the job"
        )
    if workers is not None and workers < 1:
        raise MatrixError(f"workers must be >= 1, got {workers}")
    plan = plan_matrix(
        origins, destinations, days, ships, vs, source=source, stat=stat, policy=policy
    )
    job = _job_description(
        plan.origins,
        plan.destinations,
        plan.dates,
        plan.ships,
        plan.variants,
        source,
        stat,
        policy,
        plan.overrides,
        plan.data_dir,
    )
    chunks = plan.chunks()
    job_text = json.dumps(job, sort_keys=True)
    parts = _parts_dir(out)
    if resume and out.exists() and not parts.exists() and _job_meta(out) == job_text:
        if on_progress is not None:
            on_progress(len(chunks), len(chunks))
        return MatrixRun(out, plan.n_routes, len(chunks), 0, len(chunks), 0.0)
    parts = _prepare_parts(plan, out, resume, job)
    rows = plan.rows_per_chunk
    todo = [(i, k) for i, k in chunks if not _complete(parts / _part_name(plan, i, k), rows)]
    done = len(chunks) - len(todo)
    if on_progress is not None:
        on_progress(done, len(chunks))
    n_workers = workers if workers is not None else (os.cpu_count() or 1)
    with _executor(plan, todo, n_workers, scheduler) if todo else nullcontext(()) as results:
        for (i, k), table in results:
            _write_atomic(table, parts / _part_name(plan, i, k))
            done += 1
            if on_progress is not None:
                on_progress(done, len(chunks))
    total = _merge(plan, parts, out, job)
    for f in parts.iterdir():
        f.unlink()
    parts.rmdir()
    return MatrixRun(
        out, total, len(chunks), len(todo), len(chunks) - len(todo), time.perf_counter() - t_start
    )
