"""Route matrices: ports × departure dates × ships × corridors, ice-aware through the Arctic.

One row is one voyage: an ice-aware Arctic route (:data:`ICE_VARIANTS`, judged
as :func:`arcticroute.routing.voyage.ice_route` judges it) or an ice-free corridor
(:data:`LANE_CORRIDORS`, lanes at the design speed), with its distance, time,
verdict and main economics (:data:`COLUMNS`).

Sharing of work
---------------
* **Every row is a route.** An Arctic variant's row is what
  :func:`arcticroute.routing.planner.route` gives for the pair on the date
  (without the heavy-ice sub-verdict): the same search, so the same distance,
  hours, verdict and escort. Its lane trees (one per port) and the first
  search of the mesh phase (one per way of entering the mesh and ice field) are
  kept by the router and shared by every row that can use them.
* **Corridors without the mesh, once per job.** A corridor of
  :data:`LANE_CORRIDORS` (Suez, the Cape, Panama) is one multi-source distance
  matrix over the lanes outside the Arctic mesh's domain, for every pair the
  mesh cannot shorten (a lower bound proves it, as the router does before
  searching the mesh); the few other pairs (an end on the mesh) are routed row
  by row like the Arctic variants.

The work is cut into chunks of one (departure date, ship) each; :func:`run_matrix`
runs them on local processes (:class:`concurrent.futures.ProcessPoolExecutor`)
or a Dask cluster (``scheduler="tcp://host:port"``), writes each chunk to
``<out>.parts/`` atomically (temporary file + :func:`os.replace`), skips the
chunks already there when restarted, and merges them into one Parquet file,
again atomically. Dask workers should run one thread each (``--nthreads 1``):
the work holds the GIL, and the router's caches are per process.

Differences from single-route calls
-----------------------------------
* No heavy-ice sub-verdict: with climatology ice, ice_route also judges the
  voyage under the 90th percentile; the matrix reports the main verdict only
  (``ice_source`` says when the ice came from the climatology).
* The Arctic HFO ban (from 2024-07-01 for HFO-like fuels) is costed as in
  :func:`arcticroute.economics.costs.voyage_economics`.

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
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from arcticroute import assumptions, routing
from arcticroute.errors import ArcticRouteError, NoRouteError, UnknownPortError
from arcticroute.geo.passages import corridor
from arcticroute.geo.ports import Port
from arcticroute.routing import icelayer, variants
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

ICE_VARIANTS = tuple(variants.VARIANTS)
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
    from arcticroute.errors import InputError
    from arcticroute.inputs import parse_date

    try:
        return parse_date(text, "date")
    except InputError as exc:
        raise MatrixError(
            f"{exc} (dates: YYYY-MM-DD, a range YYYY-MM-DD..YYYY-MM-DD or "
            "YYYY-MM-DD..YYYY-MM-DD/STEP, STEP in days)"
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
        Ice options, as for :func:`arcticroute.routing.icelayer.ice_layer`.
    token : str
        Identity of the job (ports, dates, ships, variants, options, assumption
        overrides, ice data directory and arcticroute version).

    The other fields hold the lane work (corridor distances, which pairs are
    routed row by row, ETS scope shares) that :func:`matrix_chunk` reads; ``overrides`` and
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
    by_route: dict[str, NDArray[np.bool_]] = field(repr=False)
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


def _lane_corridor(
    origins: Sequence[Port], destinations: Sequence[Port], via: str, hfo: bool
) -> tuple[NDArray[np.float64], NDArray[np.bool_], NDArray[np.float64]]:
    """A corridor's distances on the lanes outside the mesh (nm, NaN: not joined), the
    pairs to route one by one (the mesh might shorten them) and, when the HFO ban may
    apply, the distance inside Arctic waters of the others."""
    from arcticroute.routing import voyage

    nm, by_route = voyage.lane_corridor_matrix(origins, destinations, via)
    arctic = np.zeros(nm.shape)
    if hfo:
        for i, j in zip(*np.nonzero(np.isfinite(nm) & ~by_route), strict=True):
            arctic[i, j] = _arctic_nm(voyage.lane_corridor_route(origins[i], destinations[j], via))
    for arr in (nm, by_route, arctic):
        arr.setflags(write=False)
    return nm, by_route, arctic


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
        Ice options, as for :func:`arcticroute.routing.voyage.ice_route`.

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
    icelayer.check_policy(policy)
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
    lane_nm, lane_arctic, by_route = {}, {}, {}
    for v in vs:
        if v in LANE_CORRIDORS:
            lane_nm[v], by_route[v], lane_arctic[v] = _lane_corridor(o, d, v, hfo)
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
        by_route=by_route,
        ets_scope=scope,
        overrides=overrides,
        data_dir=data_dir,
        hfo_switch=hfo,
    )


# --- one chunk: one departure date, one ship ---------------------------------------------

_OVERRIDES_LOCK = threading.Lock()


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
    panama: NDArray[np.bool_]
    arctic_nm: NDArray[np.float64]  # switch distance if the HFO ban applies


@dataclass
class _Cell:
    """One row's route values."""

    feasible: bool = False
    distance_nm: float = math.nan
    hours: float = math.nan
    escort_zones: int = 0
    reason: str = ""
    ice_source: str = ""
    suez: bool = False
    panama: bool = False
    arctic_nm: float = 0.0


def _route_cell(plan: MatrixPlan, o: Port, d: Port, ship: Ship, day: dt.date, via: str) -> _Cell:
    """The row as :func:`arcticroute.routing.planner.route` gives it (no heavy-ice verdict)."""
    ice = routing.IceOptions(
        source=plan.source, stat=plan.stat, policy=plan.policy, heavy_ice=False
    )
    try:
        r = routing.route(o, d, via=via, ship=ship, date=day, ice=ice)
    except NoRouteError as exc:
        v = getattr(exc, "verdict", None)
        if v is None:
            return _Cell(reason=str(exc))
        return _Cell(reason="; ".join(v.reasons), ice_source=v.ice_source)
    v = r.ice
    return _Cell(
        feasible=True,
        distance_nm=r.distance_nm,
        hours=r.duration_h,
        escort_zones=len(v.escort_zones) if v is not None else 0,
        ice_source=v.ice_source if v is not None else "",
        suez="suez" in r.passages,
        panama="panama" in r.passages,
        arctic_nm=_arctic_nm(r) if plan.hfo_switch else 0.0,
    )


def _block(via: str, cells: list[_Cell]) -> _Block:
    return _Block(
        via=via,
        feasible=np.array([c.feasible for c in cells], dtype=bool),
        distance_nm=np.array([c.distance_nm for c in cells]),
        hours=np.array([c.hours for c in cells]),
        escort_zones=np.array([c.escort_zones for c in cells], dtype=np.int64),
        reason=[c.reason for c in cells],
        ice_source=[c.ice_source for c in cells],
        suez=np.array([c.suez for c in cells], dtype=bool),
        panama=np.array([c.panama for c in cells], dtype=bool),
        arctic_nm=np.array([c.arctic_nm for c in cells]),
    )


def _lane_block(plan: MatrixPlan, via: str, ship: Ship, day: dt.date) -> _Block:
    """A corridor without the mesh: the plan's distances, rows the mesh may shorten routed."""
    cor = corridor(via)
    no = (
        f"no {via} route: the corridor ({cor.description}) does not connect these ports in the "
        "lane network, or its shortest path does not use it"
    )
    cells = []
    nm, by_route, arctic = plan.lane_nm[via], plan.by_route[via], plan.lane_arctic_nm[via]
    for i, o in enumerate(plan.origins):
        for j, d in enumerate(plan.destinations):
            if by_route[i, j]:
                cells.append(_route_cell(plan, o, d, ship, day, via))
            elif np.isfinite(nm[i, j]):
                cells.append(
                    _Cell(
                        True,
                        float(nm[i, j]),
                        float(nm[i, j]) / float(ship.design_speed_kn),
                        suez=via == "suez",
                        panama=via == "panama",
                        arctic_nm=float(arctic[i, j]),
                    )
                )
            else:
                cells.append(_Cell(reason=no))
    return _block(via, cells)


def _ice_block(plan: MatrixPlan, via: str, ship: Ship, day: dt.date) -> _Block:
    cells = [
        _route_cell(plan, o, d, ship, day, via) for o in plan.origins for d in plan.destinations
    ]
    return _block(via, cells)


def _economics(plan: MatrixPlan, ship: Ship, day: dt.date, blocks: list[_Block]) -> dict:
    """fuel_t, co2_t, total_usd and cost_note per row, as voyage_economics for one trip."""
    from arcticroute.economics import tariffs
    from arcticroute.economics.costs import EconomicsError, canal_toll_usd, cost_arrays
    from arcticroute.rules.hfo_ban import hfo_ban_status

    ok = np.concatenate([b.feasible for b in blocks])
    n = ok.size
    # a route judged on the ice (an Arctic variant, or a corridor into the mesh)
    is_ice = np.concatenate(
        [np.array([b.via in ICE_VARIANTS or src != "" for src in b.ice_source]) for b in blocks]
    )
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
        try:
            toll[suez] = canal_toll_usd({"suez"}, ship, day, laden=True)
        except EconomicsError as exc:  # no Suez Canal net tonnage: the rows say why
            note[suez & ok] = str(exc)
    panama = np.concatenate([b.panama for b in blocks])
    if (panama & ok).any():  # an LNG carrier's toll; other ships' is not modelled (0)
        toll[panama] += canal_toll_usd({"panama"}, ship, day, laden=True)
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
        blocks = [
            _ice_block(plan, via, ship, day)
            if via in ICE_VARIANTS
            else _lane_block(plan, via, ship, day)
            for via in plan.variants
        ]
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
        from concurrent.futures import as_completed as done
        from concurrent.futures.process import BrokenProcessPool

        from arcticroute.workers import local_pool

        pool = local_pool(min(workers, len(tasks)), _init_worker, (plan,))
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
