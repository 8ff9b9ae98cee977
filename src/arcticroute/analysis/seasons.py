"""Navigation seasons of an Arctic route: first and last feasible departure, length, trend.

For one year, ship and route (default Busan → Rotterdam through the Northern
Sea Route) :func:`season` gives the first and last departure day on which the
ice-aware voyage (:func:`arcticroute.routing.voyage.ice_route`, judged with the ice
of the time of passage) is feasible, the season length, and per departure date
the door-to-door days, the voyage cost and the saving against the Suez route.
:func:`seasons` does it for many years and ships, :func:`trend` fits the
change per decade, and :func:`fit_extent_model` / :func:`predict_season`
estimate seasons in years without ice grids from the Sea Ice Index regional
extents.

Basis of each figure (``Season.basis``)
---------------------------------------
``"grid-monthly"``   1989–2017: the observed G02202 v3 monthly concentration
                     (CDR) of each month the ship meets; scanned departure days.
``"grid-daily"``     departures judged on the daily Sea Ice Index grids
                     (2025-01-01 .. 2025-06-11; a passage that reaches a day
                     after them is ``feasible=None``). No season can be read
                     from them (they end before the summer): 2025's season
                     comes from the extent model; its January–June rows are
                     ``grid-daily``.
``"extent-model"``   2018–2025 (and 1979–1988, before the calibration years):
                     :func:`predict_season` from the regional daily extents
                     (Kara, Laptev, East Siberian, Chukchi), calibrated on the
                     grid seasons of 1989–2017, with its leave-one-year-out
                     error in ``Season.model.validation``.
``"cmip6-extent-model"`` :func:`project_seasons`: the same extent model driven
                     by a CMIP6 ``siconc`` file regridded to psn25 (monthly
                     regional extents; no bias adjustment, see there).

Scan and resolution
-------------------
Departures are scanned every ``step_days`` from 1 January to 31 December
(31 December always included). Wherever two neighbouring scanned days
disagree (feasible / not feasible) the change is located to the day by
bisection, so first and last day are exact to 1 day provided feasibility
changes at most once between two scanned days; a closed (or open) spell
shorter than ``step_days`` that starts and ends between two scanned days is
missed. With monthly fields the verdict changes only where the time of
passage moves into another month's field (a departure late in a month meets
the next month's field on the way), so such spells are rare at the default
7-day step. Verdicts are cached per route, ship, departure day, variant, cost
year and registry state. Days whose passage needs an ice field that is not
observed (e.g. a late-December departure in 2017 that meets January 2018) are
``feasible=None`` and counted neither way; ``Season.notes`` says when such
days border the season.

Definitions
-----------
``first_day``, ``last_day``: the first and last departure day (from the
origin, 00:00) with a feasible voyage. ``length_days = last_day - first_day +
1`` (0 without a season); ``feasible_days`` counts the feasible days only
(smaller than ``length_days`` when the season has gaps). Voyage costs use the
prices, tariffs and rules of ``cost_year`` (registry ``seasons.cost_year``)
on the departure's month and day, so years differ by their ice only.

Speed: about 2 s per ship and year on one core at the 7-day step (50–60
voyages); a 1989–2025 scan of four classes takes about 2.5 minutes with
``workers=2`` (the ships of a year run in one worker and share its ice covers).
With ``workers > 1`` the scans run in spawned processes: call from under
``if __name__ == "__main__":`` in a script.

Errors
------
:class:`SeasonError` (``ValueError``): year outside the data, bad step, ship
list, variant or trend input. Errors of the composed modules (unknown port or
ship, :class:`~arcticroute.errors.DataFileError` for a missing extent file)
propagate unchanged.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from arcticroute import assumptions
from arcticroute.caches import LockedLru
from arcticroute.errors import ArcticRouteError
from arcticroute.ice import datacache, icedata
from arcticroute.routing import icelayer, variants

__all__ = [
    "BASES",
    "DEFAULT_ROUTE",
    "DEFAULT_SHIPS",
    "EXTENT_SEAS",
    "GRID_MONTHLY_YEARS",
    "YEARS",
    "DateVerdict",
    "DepartureProgress",
    "ExtentModel",
    "ModelValidation",
    "Season",
    "SeasonError",
    "Trend",
    "climatology_season",
    "cmip6_ice_index",
    "fit_extent_model",
    "nsr_ice_index",
    "predict_season",
    "project_seasons",
    "season",
    "seasons",
    "trend",
]

BASES = ("grid-monthly", "grid-daily", "extent-model", "cmip6-extent-model", "climatology")
DEFAULT_ROUTE = ("Busan", "Rotterdam")
"""Northeast Asia – Northern Europe, the NSR's main intercontinental pair."""
DEFAULT_SHIPS = (
    "panamax_bulker",
    "container_4500teu_arc4",
    "bulk_75000dwt_iasuper",
    "lng_arc7_yamalmax",
)
"""One preset per class: no ice class, Arc4, IA Super (= Arc5), Arc7."""
GRID_MONTHLY_YEARS = (icedata.G02202_RANGE[0].year, icedata.G02202_RANGE[1].year)
"""First and last year of the monthly CDR grids (1989, 2017)."""
YEARS = (1979, 2025)
"""Years :func:`season` accepts: 1979 is the first whole year of the regional extents."""
EXTENT_SEAS = ("Kara", "Laptev", "East_Siberian", "Chukchi")
"""Sea Ice Index regions the NSR crosses, west to east (NSIDC-0780 regions)."""
EXTENT_FILE = "N_regional_daily_extent_area_v4.0_NSR_seas.csv"
_MODEL_VARIANTS = ("nsr", "nsr_high")


class SeasonError(ArcticRouteError, ValueError):
    """Bad input to the season scan: year outside the data, step, ships, variant, trend."""


# --- results ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DateVerdict:
    """The voyage for one departure day.

    Attributes
    ----------
    departure : datetime.date
        Leaving the origin at 00:00.
    feasible : bool or None
        None: an ice field the passage needs is not observed (for an
        ``extent-model`` row: the departure is after the end of the regional
        extents and the season had not closed).
    basis : str
        ``"grid-monthly"``, ``"grid-daily"`` or ``"extent-model"``.
    transit_days : float
        Door-to-door steaming days (lanes + ice passage); NaN when not feasible
        or modelled.
    entry_days : float
        Days from departure to the start of the ice passage (where the route
        enters the Arctic mesh); known also when the passage is not feasible.
    ice_days : float
        Days of the ice passage on the Arctic mesh; NaN when not feasible.
    distance_nm : float
    cost_usd : float
        Voyage cost, one way (:func:`arcticroute.economics.costs.voyage_economics`).
    suez_cost_usd, suez_days : float
        The same ship via Suez, departing the same day.
    saving_vs_suez_usd : float
        ``suez_cost_usd - cost_usd`` (positive: the Arctic route is cheaper).
    escort_zones : int
        NSR zones sailed under icebreaker escort.
    reason : str
        Why not feasible (first reason), or what the row rests on.
    refined : bool
        Added by the bisection that locates a change of verdict.
    """

    departure: dt.date
    feasible: bool | None
    basis: str
    transit_days: float = math.nan
    entry_days: float = math.nan
    ice_days: float = math.nan
    distance_nm: float = math.nan
    cost_usd: float = math.nan
    suez_cost_usd: float = math.nan
    suez_days: float = math.nan
    saving_vs_suez_usd: float = math.nan
    escort_zones: int = 0
    reason: str = ""
    refined: bool = False


@dataclass(frozen=True)
class ModelValidation:
    """Calibration and leave-one-year-out validation of an :class:`ExtentModel`.

    Attributes
    ----------
    years : tuple of int
        Calibration years (grid seasons).
    mae_first_days, mae_last_days : float
        Mean absolute error of first / last day over the years where both the
        grid and the prediction have a season (NaN if none).
    mae_length_days, bias_length_days, max_abs_length_days : float
        Of the season length over all years (a year without a season has
        length 0). Bias = mean(predicted − grid).
    presence_mismatches : int
        Years where one of grid and prediction has a season and the other not.
    in_sample_mae_length_days : float
        Same error when each year is predicted by the model fitted on all years.
    baseline_mae_length_days : float
        Leave-one-year-out error of the no-skill forecast "the mean length of
        the other years": the model has skill where its error is smaller.
    rows : tuple of tuple
        Per year ``(year, grid_first, grid_last, grid_length, pred_first,
        pred_last, pred_length)``; first/last as day of year or None.
    """

    years: tuple[int, ...]
    mae_first_days: float
    mae_last_days: float
    mae_length_days: float
    bias_length_days: float
    max_abs_length_days: float
    presence_mismatches: int
    in_sample_mae_length_days: float
    baseline_mae_length_days: float
    rows: tuple[tuple, ...] = field(repr=False)
    method: str = "leave-one-year-out"


@dataclass(frozen=True)
class ExtentModel:
    """Season of one ship and route from the NSR ice index (:func:`nsr_ice_index`).

    Attributes
    ----------
    ship, ship_name, ice_class, origin, destination, variant : str
    lag_days : float
        Days from departure to the middle of the ice passage (median of the
        feasible calibration voyages, else the lane days to the Arctic mesh): the
        index is read at ``departure + lag_days``.
    open_threshold, close_threshold : float or None
        The season opens on the first day of the summer run of index values ≤
        ``open_threshold`` and closes on the last day ≤ ``close_threshold``
        (index days; departures ``lag_days`` earlier). None: no calibration
        year has a season, the model predicts none.
    validation : ModelValidation
    """

    ship: str
    ship_name: str
    ice_class: str
    origin: str
    destination: str
    variant: str
    lag_days: float
    open_threshold: float | None
    close_threshold: float | None
    validation: ModelValidation | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Season:
    """The navigation season of one year, ship and route.

    Attributes
    ----------
    year : int
    ship : str
        Preset slug (or the ship's name for a user ship).
    ship_name, ice_class : str
    origin, destination, variant : str
    basis : str
        What first/last day rest on: ``"grid-monthly"``, ``"extent-model"``
        (2025: with ``grid-daily`` rows) or ``"cmip6-extent-model"``.
    first_day, last_day : datetime.date or None
        None without a season. ``last_day`` is None with a ``first_day`` when the
        data end before the season closes (:attr:`censored`).
    length_days : int
        ``last_day - first_day + 1``; 0 without a season; for a censored season
        the lower bound up to the end of the data.
    feasible_days : int
        Feasible departure days (between scanned days, the verdict of both
        neighbours when they agree).
    step_days, resolution_days : int
        Scan step and resolution of first/last day (1 after bisection).
    per_date : tuple of DateVerdict
        Every departure day evaluated, in date order.
    notes : tuple of str
    model : ExtentModel or None
        For ``extent-model`` seasons: the model and its validation error.
    """

    year: int
    ship: str
    ship_name: str
    ice_class: str
    origin: str
    destination: str
    variant: str
    basis: str
    first_day: dt.date | None
    last_day: dt.date | None
    length_days: int
    feasible_days: int
    step_days: int
    resolution_days: int
    per_date: tuple[DateVerdict, ...] = field(repr=False)
    notes: tuple[str, ...] = ()
    model: ExtentModel | None = field(default=None, repr=False)

    @property
    def has_season(self) -> bool:
        return self.first_day is not None

    @property
    def censored(self) -> bool:
        """The season opened but the data end before it closes (length is a lower bound)."""
        return self.first_day is not None and self.last_day is None

    def feasible_rows(self) -> list[DateVerdict]:
        """Rows with a feasible, costed voyage."""
        return [r for r in self.per_date if r.feasible and math.isfinite(r.transit_days)]


class Trend(NamedTuple):
    """OLS trend of a season quantity against year (:func:`trend`).

    The first three fields are the answer: ``slope, se, ci = trend(...)[:3]``.
    """

    days_per_decade: float
    stderr: float
    """Standard error of the slope, days per decade."""
    ci95: tuple[float, float]
    """95 % confidence interval of the slope (Student t, n − 2 dof), days per decade."""
    n_years: int
    p_value: float
    intercept: float
    """Fitted value at ``year = 0`` (days); with the slope per year it draws the line."""
    quantity: str


# --- arguments --------------------------------------------------------------------------


def _ship(ship: Any):
    return icelayer.as_ship(ship)


def _ship_key(ship) -> str:
    return ship.slug or ship.name


def _check_year(year: Any) -> int:
    if isinstance(year, bool) or not isinstance(year, int | np.integer):
        raise SeasonError(f"year must be a whole year such as 2012; got {year!r}")
    y = int(year)
    if not YEARS[0] <= y <= YEARS[1]:
        raise SeasonError(
            f"year {y} is outside the data: seasons exist for {YEARS[0]}–{YEARS[1]} "
            f"(ice grids {GRID_MONTHLY_YEARS[0]}–{GRID_MONTHLY_YEARS[1]} monthly; other years "
            "from the Sea Ice Index regional extents)"
        )
    return y


def _check_step(step_days: Any) -> int:
    if step_days is None:
        step_days = assumptions.value(STEP_KEY)
    if isinstance(step_days, bool) or not isinstance(step_days, int | np.integer):
        raise SeasonError(f"step_days must be a whole number of days 1..31; got {step_days!r}")
    if not 1 <= int(step_days) <= 31:
        raise SeasonError(
            f"step_days must be 1..31 (at least monthly, so no month's field is skipped); "
            f"got {step_days}"
        )
    return int(step_days)


def _check_variant(variant: Any) -> str:
    name = getattr(variant, "name", variant)
    if name not in variants.VARIANTS:
        raise SeasonError(
            f"unknown Arctic variant {variant!r}; use one of {', '.join(variants.VARIANTS)}"
        )
    return str(name)


def _ports(route: Any):
    from arcticroute.routing.lanes import as_port

    if isinstance(route, str) or not isinstance(route, Sequence) or len(route) != 2:
        raise SeasonError(
            f"route must be a pair (origin, destination) such as ('Busan', 'Rotterdam'); "
            f"got {route!r}"
        )
    return as_port(route[0]), as_port(route[1])


def _grid_year(year: int) -> bool:
    return GRID_MONTHLY_YEARS[0] <= year <= GRID_MONTHLY_YEARS[1]


# --- one departure day ------------------------------------------------------------------

_VERDICTS = LockedLru(50_000)
_SUEZ = LockedLru(1024)
_SUEZ_COSTS = LockedLru(4096)
"""(cost USD, days) of the Suez route by route, ship and cost date."""


def _basis_of_day(day: dt.date) -> str:
    return "grid-daily" if day.year >= icedata.DAILY_RANGE[0].year else "grid-monthly"


def _days(delta: dt.timedelta) -> float:
    return delta.total_seconds() / 86400.0


def _cost_date(day: dt.date, cost_year: int) -> dt.date:
    """The departure's month and day in ``cost_year`` (29 Feb becomes 28 Feb)."""
    return dt.date(cost_year, day.month, min(day.day, 28 if day.month == 2 else 31))


def _suez(o, d, ship, day: dt.date) -> tuple[float, float]:
    """(cost USD, days) of the same ship via Suez leaving on ``day`` (a cost date)."""
    from arcticroute import economics, routing

    key = (o.name, d.name, ship.model_dump_json())
    r = _SUEZ.get(key)
    if r is None:
        r = _SUEZ.put(key, routing.route(o, d, via="suez", ship=ship))
    # the cost date is in the cost year: every scanned year asks for the same days again
    cost_key = (*key, day, assumptions.state())
    hit = _SUEZ_COSTS.get(cost_key)
    if hit is None:
        e = economics.voyage_economics(r, ship, economics.EconomicsOptions(date=day))
        hit = _SUEZ_COSTS.put(cost_key, (float(e.total_usd), float(e.days)))
    return hit


_OBSERVED = ("auto", "median", False)
"""How a grid season judges a departure's ice: observed fields only (source, statistic,
climatology allowed)."""


def _verdict(
    o, d, ship, day: dt.date, variant: str, cost_year: int, ice: tuple = _OBSERVED
) -> DateVerdict:
    """Feasibility, days and cost of one departure (cached); ``ice`` as :data:`_OBSERVED`."""
    from arcticroute import economics
    from arcticroute.routing import voyage

    key = (
        o.name,
        d.name,
        ship.model_dump_json(),
        day,
        variant,
        cost_year,
        ice,
        assumptions.state(),
        # where observed ice is found: another data folder can hold other fields, and a
        # download since may hold the field a verdict lacked
        *datacache.cache_state(),
    )
    hit = _VERDICTS.get(key)
    if hit is not None:
        return hit
    basis = _basis_of_day(day) if ice == _OBSERVED else "climatology"
    source, stat, climatology = ice
    try:
        r = voyage.ice_route(
            o,
            d,
            ship,
            day,
            variant,
            source=source,
            stat=stat,
            climatology=climatology,
            heavy_ice=False,
        )
    except voyage.IceRouteInfeasible as exc:
        v = exc.verdict
        out = DateVerdict(
            day,
            False,
            basis,
            entry_days=_days(v.passage.start - v.departure),
            reason=v.reasons[0],
        )
    except icedata.NoIceDataError:
        out = DateVerdict(day, None, basis, reason="no observed ice field for a day of the passage")
    else:
        cost_day = _cost_date(day, cost_year)
        e = economics.voyage_economics(r, ship, economics.EconomicsOptions(date=cost_day))
        suez_usd, suez_days = _suez(o, d, ship, cost_day)
        out = DateVerdict(
            day,
            True,
            basis,
            transit_days=r.duration_h / 24.0,
            entry_days=_days(r.ice.passage.start - r.ice.departure),
            ice_days=r.ice.passage.hours / 24.0,
            distance_nm=r.distance_nm,
            cost_usd=float(e.total_usd),
            suez_cost_usd=suez_usd,
            suez_days=suez_days,
            saving_vs_suez_usd=suez_usd - float(e.total_usd),
            escort_zones=len(r.ice.escort_zones),
        )
    _VERDICTS.put(key, out)
    return out


# --- scan -------------------------------------------------------------------------------


def _scan_days(start: dt.date, end: dt.date, step: int) -> list[dt.date]:
    n = (end - start).days
    days = [start + dt.timedelta(days=k) for k in range(0, n + 1, step)]
    if days[-1] != end:
        days.append(end)
    return days


DepartureProgress = Callable[[int, int], None]
"""Called after each departure judged with ``(judged, planned)``: departures judged so
far and the most the scan will judge (scanned days, then at most one bisection per day
of each change of verdict). It may raise to stop the scan (a caller's time limit)."""


def _bisections(gap_days: int) -> int:
    """Most verdicts bisection needs to locate a change between days ``gap_days`` apart."""
    return max(0, math.ceil(math.log2(gap_days))) if gap_days > 1 else 0


def _scan(
    o,
    d,
    ship,
    days: list[dt.date],
    variant: str,
    cost_year: int,
    ice: tuple = _OBSERVED,
    on_departure: DepartureProgress | None = None,
) -> list[DateVerdict]:
    """Verdicts on ``days``, with every change of verdict located to the day by bisection."""
    tell = on_departure or (lambda judged, planned: None)
    rows: dict[dt.date, DateVerdict] = {}
    for day in days:
        rows[day] = _verdict(o, d, ship, day, variant, cost_year, ice)
        tell(len(rows), len(days))
    changes = [
        (a, b)
        for a, b in pairwise(days)
        if None not in (rows[a].feasible, rows[b].feasible) and rows[a].feasible != rows[b].feasible
    ]
    planned = len(days) + sum(_bisections((b - a).days) for a, b in changes)
    for a, b in changes:
        fa, fb = rows[a].feasible, rows[b].feasible
        lo, hi = a, b
        while (hi - lo).days > 1:
            mid = lo + dt.timedelta(days=(hi - lo).days // 2)
            v = replace(_verdict(o, d, ship, mid, variant, cost_year, ice), refined=True)
            rows[mid] = v
            tell(len(rows), planned)
            if v.feasible == fa:
                lo = mid
            elif v.feasible == fb:
                hi = mid
            else:  # no data in between: stop, the change is not located
                break
    return [rows[k] for k in sorted(rows)]


def _day_states(rows: list[DateVerdict], start: dt.date, end: dt.date) -> NDArray[np.int8]:
    """Per day from start to end: 1 feasible, 0 not, -1 unknown (neighbours disagree)."""
    n = (end - start).days + 1
    state = np.full(n, -1, dtype=np.int8)
    code = {True: 1, False: 0, None: -1}
    for a, b in pairwise(rows):
        i, j = (a.departure - start).days, (b.departure - start).days
        state[i] = code[a.feasible]
        if a.feasible is not None and a.feasible == b.feasible:
            state[i:j] = code[a.feasible]
    state[(rows[-1].departure - start).days] = code[rows[-1].feasible]
    return state


def _summarise(
    state: NDArray[np.int8], start: dt.date
) -> tuple[dt.date | None, dt.date | None, int, int]:
    on = np.flatnonzero(state == 1)
    if on.size == 0:
        return None, None, 0, 0
    first = start + dt.timedelta(days=int(on[0]))
    last = start + dt.timedelta(days=int(on[-1]))
    return first, last, (last - first).days + 1, int(on.size)


def climatology_season(
    year: int,
    ship: Any,
    route: tuple[Any, Any] = DEFAULT_ROUTE,
    variant: str = "nsr",
    step_days: int | None = None,
    *,
    stat: str = "median",
    cost_year: int | None = None,
    on_departure: DepartureProgress | None = None,
) -> Season:
    """The season of one year judged on the shipped monthly climatology (``stat``), the
    ice ``compare`` uses for a date without an observed field: departures every
    ``step_days``, changes of verdict located to the day. Basis ``"climatology"``.
    ``on_departure`` as for :func:`season`.

    Raises as :func:`season`; an unknown statistic raises
    :class:`~arcticroute.ice.icedata.IceDataError`.
    """
    o, d = _ports(route)
    if isinstance(year, bool) or not isinstance(year, int) or not 1979 <= year <= 2100:
        raise SeasonError(f"year must be a whole number 1979–2100; got {year!r}")
    return _grid_season(
        o,
        d,
        _ship(ship),
        year,
        _check_variant(variant),
        _check_step(step_days),
        _cost_year(cost_year),
        ("embedded", stat, True),
        on_departure,
    )


def _grid_season(
    o,
    d,
    ship,
    year: int,
    variant: str,
    step: int,
    cost_year: int,
    ice: tuple = _OBSERVED,
    on_departure: DepartureProgress | None = None,
) -> Season:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    days = _scan_days(start, end, step)
    rows = _scan(o, d, ship, days, variant, cost_year, ice, on_departure)
    state = _day_states(rows, start, end)
    first, last, length, n_on = _summarise(state, start)
    notes = []
    unknown = np.flatnonzero(state == -1)
    if unknown.size == state.size:
        raise SeasonError(
            f"no observed ice field of {year} is local, so its season cannot be scanned on "
            f"the grids: fetch them with 'arcticroute data download {icedata.MONTHLY_PRODUCT} "
            f"--years {year - 2}-{year + 1}' (the year, the two Septembers before it that "
            "give the ice its age, and the January after), or set ARCTICROUTE_DATA_DIR to a "
            "folder holding the G02202 cube g02202_v03r01_monthly_nh_198901-201712.nc"
        )
    if unknown.size:
        u0 = start + dt.timedelta(days=int(unknown[0]))
        notes.append(
            f"{unknown.size} departure days from {u0:%d %b} meet an ice field that is not "
            "observed; they count neither way"
        )
        edges = {(first - start).days - 1, (last - start).days + 1} if n_on else set()
        if edges & set(unknown.tolist()):
            notes.append("the season borders days without data: it may be longer")
    if n_on and n_on < length:
        notes.append(f"the season has gaps: {n_on} of its {length} days are feasible")
    return Season(
        year=year,
        ship=_ship_key(ship),
        ship_name=ship.name,
        ice_class=str(getattr(ship.ice_class, "value", ship.ice_class)),
        origin=o.name,
        destination=d.name,
        variant=variant,
        basis="grid-monthly" if ice == _OBSERVED else "climatology",
        first_day=first,
        last_day=last,
        length_days=length,
        feasible_days=n_on,
        step_days=step,
        resolution_days=1,
        per_date=tuple(rows),
        notes=tuple(notes),
    )


# --- extent model -----------------------------------------------------------------------

STEP_KEY = "seasons.step_days"
COST_YEAR_KEY = "seasons.cost_year"
SUMMER_KEY = "seasons.extent_model.summer_months"
THRESHOLD_STEP_KEY = "seasons.extent_model.threshold_step"


def _thresholds() -> NDArray[np.float64]:
    """Candidate thresholds of the index, 0..1 (registry ``threshold_step``)."""
    step = float(assumptions.value(THRESHOLD_STEP_KEY))
    if not 0.0 < step <= 0.1:
        raise SeasonError(f"assumption {THRESHOLD_STEP_KEY} must be in (0, 0.1]; got {step}")
    return np.linspace(0.0, 1.0, round(1.0 / step) + 1)


def _summer() -> tuple[int, int]:
    lo, hi = (int(m) for m in assumptions.value(SUMMER_KEY))
    if not 1 <= lo <= hi <= 12:
        raise SeasonError(f"assumption {SUMMER_KEY} must be two months 1..12 in order")
    return lo, hi


@dataclass(frozen=True)
class _Index:
    start: dt.date
    values: NDArray[np.float64]
    end: dt.date
    source: str


_INDEX = LockedLru(16)


def nsr_ice_index(seas: Sequence[str] = EXTENT_SEAS) -> tuple[NDArray, NDArray[np.float64]]:
    """Daily NSR ice index: the mean ice-covered share of the seas along the NSR.

    Parameters
    ----------
    seas : sequence of str
        Sea Ice Index regions (columns ``<sea>_extent_km2`` of the regional daily
        file, e.g. ``"Kara"``, ``"Laptev"``, ``"East_Siberian"``, ``"Chukchi"``).

    Returns
    -------
    dates : ndarray of datetime64[D]
        Every day from the first to the last date of the file.
    index : ndarray of float
        Fraction 0..1; NaN on days the file lacks (1987-12-05 .. 1988-01-13).

    Notes
    -----
    .. math:: I(t) = \\frac{1}{n} \\sum_s E_s(t) / \\max_\\tau E_s(\\tau)

    with :math:`E_s` the Sea Ice Index v4 regional daily extent (5-day trailing
    mean, km²) of sea :math:`s` and the denominator its largest value in the
    file (the sea's fully ice-covered extent). The mean of the seas was chosen
    over their maximum (the sea that holds most ice) and over concentration-
    weighted areas because it predicted the 1989–2017 grid seasons best out of
    sample (leave-one-year-out MAE of season length 12–14 days against 16–23
    for the maximum, Arc4/IA Super/Arc7 presets, Busan–Rotterdam).

    References
    ----------
    Fetterer, F. et al. (2017, updated daily), Sea Ice Index, Version 3/4,
    NSIDC, doi:10.7265/N5K072F8; regional daily workbook
    ``N_Sea_Ice_Index_Regional_Daily_Data_G02135_v4.0.xlsx`` as the tidy
    ``N_regional_daily_extent_area_v4.0_NSR_seas.csv`` (datacache registry).
    """
    idx = _index(tuple(seas))
    dates = np.arange(
        np.datetime64(idx.start, "D"), np.datetime64(idx.end, "D") + np.timedelta64(1, "D")
    )
    return dates, idx.values.copy()


def _index(seas: tuple[str, ...]) -> _Index:
    import csv

    path = datacache.fetch(EXTENT_FILE)
    key = (str(path), path.stat().st_mtime_ns, seas)
    hit = _INDEX.get(key)
    if hit is not None:
        return hit
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        cols = [f"{s}_extent_km2" for s in seas]
        missing = [c for c in cols if c not in (reader.fieldnames or ())]
        if not seas or missing:
            have = sorted(
                c.removesuffix("_extent_km2")
                for c in reader.fieldnames or ()
                if c.endswith("_extent_km2")
            )
            raise SeasonError(
                f"seas {list(seas)} are not all in {EXTENT_FILE}; it has {', '.join(have)}"
            )
        rows = [(r["date"], [float(r[c]) if r[c] else math.nan for c in cols]) for r in reader]
    days = np.array([np.datetime64(d, "D") for d, _ in rows])
    ext = np.array([v for _, v in rows], dtype=float)
    start, end = days.min(), days.max()
    full = np.full((int((end - start).astype(int)) + 1, len(seas)), np.nan)
    full[(days - start).astype(int)] = ext
    with np.errstate(invalid="ignore"):
        frac = full / np.nanmax(full, axis=0)
        values = np.mean(frac, axis=1)  # NaN if any sea is missing that day
    values.setflags(write=False)
    out = _Index(
        start=start.astype(dt.date), values=values, end=end.astype(dt.date), source=str(path)
    )
    _INDEX.put(key, out)
    return out


@dataclass(frozen=True)
class _Year:
    """The index seen by departures of one year, prepared for thresholds."""

    year: int
    t_min: int
    back: NDArray[np.float64]
    """Running max of the index from the minimum back to 1 January (NaN -> inf)."""
    fwd: NDArray[np.float64]
    """Running max from the minimum forward to 31 December (NaN -> inf)."""
    censored_from: int | None
    """Departure day-of-year index from which the index is beyond the data end."""


def _year_view(idx: _Index, year: int, lag_days: float) -> _Year:
    start = dt.date(year, 1, 1)
    n = (dt.date(year, 12, 31) - start).days + 1
    i0 = (start - idx.start).days + round(lag_days)
    pos = i0 + np.arange(n)
    ok = (pos >= 0) & (pos < idx.values.size)
    vals = np.full(n, np.nan)
    vals[ok] = idx.values[pos[ok]]
    beyond = np.flatnonzero(pos >= idx.values.size)
    m0, m1 = _summer()
    lo = (dt.date(year, m0, 1) - start).days
    hi = (dt.date(year + (m1 == 12), m1 % 12 + 1, 1) - start).days
    summer = vals[lo:hi]
    if not np.isfinite(summer).any():
        raise SeasonError(
            f"the regional extents ({idx.start}..{idx.end}) do not cover the summer of {year}"
        )
    t_min = lo + int(np.nanargmin(summer))
    inf = np.where(np.isnan(vals), np.inf, vals)
    back = np.maximum.accumulate(inf[: t_min + 1][::-1])
    fwd = np.maximum.accumulate(inf[t_min:])
    return _Year(year, t_min, back, fwd, int(beyond[0]) if beyond.size else None)


def _predict(view: _Year, open_t: float | None, close_t: float | None):
    """(first, last, censored) as day-of-year indices (None without a season)."""
    if open_t is None or close_t is None:
        return None, None, False
    nb = int(np.searchsorted(view.back, open_t, side="right"))
    nf = int(np.searchsorted(view.fwd, close_t, side="right"))
    if nb == 0 or nf == 0:
        return None, None, False
    last = view.t_min + nf - 1
    censored = view.censored_from is not None and last + 1 >= view.censored_from
    return view.t_min - nb + 1, last, censored


def _fit_thresholds(views: list[_Year], truth: list[tuple[int, int] | None]):
    """Grid search of (open, close) minimising the total day error over the years."""
    if not any(t is not None for t in truth):
        return None, None
    th = _thresholds()
    nb = np.stack([np.searchsorted(v.back, th, side="right") for v in views], axis=1)
    nf = np.stack([np.searchsorted(v.fwd, th, side="right") for v in views], axis=1)
    tmin = np.array([v.t_min for v in views])
    first = tmin - nb + 1  # (n_theta, n_years)
    last = tmin + nf - 1
    has_t = np.array([t is not None for t in truth])
    tf = np.array([t[0] if t else 0 for t in truth])
    tl = np.array([t[1] if t else 0 for t in truth])
    f, lst = first[:, None, :], last[None, :, :]
    pres = (nb > 0)[:, None, :] & (nf > 0)[None, :, :]
    both = np.abs(f - tf) + np.abs(lst - tl)
    loss = np.where(
        pres & has_t,
        both,
        np.where(pres, np.maximum(lst - f + 1, 0), np.where(has_t, tl - tf + 1, 0)),
    ).sum(axis=2)
    best = np.argwhere(loss == loss.min())
    centre = best.mean(axis=0)
    i, j = best[np.argmin(((best - centre) ** 2).sum(axis=1))]
    return float(th[i]), float(th[j])


def _truth(s: Season) -> tuple[int, int] | None:
    if s.first_day is None or s.last_day is None:
        return None
    jan1 = dt.date(s.year, 1, 1)
    return (s.first_day - jan1).days, (s.last_day - jan1).days


def _lag_days(grid: Sequence[Season]) -> float:
    rows = [r for s in grid for r in s.per_date]
    ok = [r.entry_days + r.ice_days / 2 for r in rows if r.feasible]
    if ok:
        return float(np.median(ok))
    gw = [r.entry_days for r in rows if math.isfinite(r.entry_days)]
    if not gw:
        raise SeasonError("the calibration seasons hold no evaluated voyage to time the lag")
    return float(np.median(gw))


def fit_extent_model(grid_seasons: Sequence[Season], validate: bool = True) -> ExtentModel:
    """Calibrate the extent model on grid seasons of one ship and route.

    Parameters
    ----------
    grid_seasons : sequence of Season
        ``grid-monthly`` seasons (:func:`season`) of one ship, route and variant,
        at least 3 different years.
    validate : bool
        Also compute the leave-one-year-out validation (``model.validation``).

    Returns
    -------
    ExtentModel

    Raises
    ------
    SeasonError
        Fewer than 3 years, mixed ships/routes/variants, a non-grid season, or a
        variant other than ``nsr``/``nsr_high``.

    Notes
    -----
    Departures on day :math:`t` read the index :func:`nsr_ice_index` at
    :math:`t + \\ell` (``lag_days``: departure to the middle of the ice passage,
    the median of the calibration voyages). In each year the summer minimum
    :math:`t_0` of the index (May–November) is found; the predicted season is
    the run of days around :math:`t_0` with index ≤ :math:`\\theta_o` before it
    (first day) and ≤ :math:`\\theta_c` after it (last day); no season when
    :math:`I(t_0)` exceeds either. :math:`(\\theta_o, \\theta_c)` minimise, over
    the calibration years, :math:`\\sum |\\Delta \\text{first}| + |\\Delta
    \\text{last}|` where both have a season, plus the length of the season
    wrongly predicted or missed (grid search, step 0.005; among equal minima
    the pair nearest their centre). Two fitted numbers per ship and route; no
    other constant. The target is the season the monthly grids show, so the
    model inherits their monthly resolution and estimates that, not a daily
    season.
    """
    grid = list(grid_seasons)
    if len({s.year for s in grid}) < 3 or len({s.year for s in grid}) != len(grid):
        raise SeasonError(
            f"the extent model needs grid seasons of at least 3 different years, one each; "
            f"got years {sorted(s.year for s in grid)}"
        )
    ident = {(s.ship, s.origin, s.destination, s.variant) for s in grid}
    if len(ident) != 1:
        raise SeasonError(
            f"fit_extent_model needs seasons of one ship, route and variant; got {sorted(ident)}"
        )
    bad = sorted(s.year for s in grid if s.basis != "grid-monthly")
    if bad:
        raise SeasonError(
            f"the extent model is calibrated on grid seasons only; years {bad} are not"
        )
    ship, o, d, variant = ident.pop()
    if variant not in _MODEL_VARIANTS:
        raise SeasonError(
            f"the extent model covers the NSR seas only (variants {', '.join(_MODEL_VARIANTS)}); "
            f"got {variant!r}"
        )
    grid.sort(key=lambda s: s.year)
    lag = _lag_days(grid)
    idx = _index(EXTENT_SEAS)
    views = [_year_view(idx, s.year, lag) for s in grid]
    truth = [_truth(s) for s in grid]
    open_t, close_t = _fit_thresholds(views, truth)
    model = ExtentModel(
        ship=ship,
        ship_name=grid[0].ship_name,
        ice_class=grid[0].ice_class,
        origin=o,
        destination=d,
        variant=variant,
        lag_days=lag,
        open_threshold=open_t,
        close_threshold=close_t,
    )
    if not validate:
        return model
    rows, in_sample = [], []
    for k, (view, t) in enumerate(zip(views, truth, strict=True)):
        rest = [i for i in range(len(views)) if i != k]
        o_k, c_k = _fit_thresholds([views[i] for i in rest], [truth[i] for i in rest])
        pf, pl, _ = _predict(view, o_k, c_k)
        sf, sl, _ = _predict(view, open_t, close_t)
        glen = t[1] - t[0] + 1 if t else 0
        plen = pl - pf + 1 if pf is not None else 0
        in_sample.append(abs((sl - sf + 1 if sf is not None else 0) - glen))
        rows.append((view.year, *(t or (None, None)), glen, pf, pl, plen))
    both = [r for r in rows if r[1] is not None and r[4] is not None]
    dlen = np.array([r[6] - r[3] for r in rows], dtype=float)
    glen = np.array([r[3] for r in rows], dtype=float)
    baseline = [abs(glen[k] - np.delete(glen, k).mean()) for k in range(glen.size)]
    validation = ModelValidation(
        years=tuple(r[0] for r in rows),
        mae_first_days=float(np.mean([abs(r[4] - r[1]) for r in both])) if both else math.nan,
        mae_last_days=float(np.mean([abs(r[5] - r[2]) for r in both])) if both else math.nan,
        mae_length_days=float(np.mean(np.abs(dlen))),
        bias_length_days=float(np.mean(dlen)),
        max_abs_length_days=float(np.max(np.abs(dlen))),
        presence_mismatches=sum((r[1] is None) != (r[4] is None) for r in rows),
        in_sample_mae_length_days=float(np.mean(in_sample)),
        baseline_mae_length_days=float(np.mean(baseline)),
        rows=tuple(rows),
    )
    return replace(model, validation=validation)


def predict_season(model: ExtentModel, year: int, step_days: int | None = None) -> Season:
    """The season of a year from the extent model (basis ``"extent-model"``).

    Parameters
    ----------
    model : ExtentModel
        From :func:`fit_extent_model`.
    year : int
        :data:`YEARS`; the regional extents must cover the summer.
    step_days : int, optional
        Spacing of the ``per_date`` rows (inside/outside the predicted season;
        no transit days or costs: the model gives none); default registry
        ``seasons.step_days``.

    Returns
    -------
    Season
        ``first_day``/``last_day`` None without a season; when the extents end
        before the predicted season closes, ``last_day`` is None and the notes
        say so.
    """
    if not isinstance(model, ExtentModel):
        raise SeasonError(f"model must be an ExtentModel from fit_extent_model; got {model!r}")
    return _predict_from(model, _check_year(year), _check_step(step_days), _index(EXTENT_SEAS))


def _predict_from(model: ExtentModel, y: int, step: int, idx: _Index) -> Season:
    view = _year_view(idx, y, model.lag_days)
    f, last, censored = _predict(view, model.open_threshold, model.close_threshold)
    jan1 = dt.date(y, 1, 1)
    first_day = jan1 + dt.timedelta(days=f) if f is not None else None
    last_day = jan1 + dt.timedelta(days=last) if last is not None and not censored else None
    notes = [
        f"estimated from the Sea Ice Index regional extents ({', '.join(EXTENT_SEAS)}) by the "
        "extent model calibrated on the monthly grid seasons"
    ]
    if model.validation is not None:
        v = model.validation
        notes.append(
            f"model error (leave-one-year-out, {v.years[0]}–{v.years[-1]}): season length MAE "
            f"{v.mae_length_days:.1f} d, first day MAE {v.mae_first_days:.1f} d, last day MAE "
            f"{v.mae_last_days:.1f} d"
        )
    if model.open_threshold is None:
        notes.append("no calibration year has a season for this ship: the model predicts none")
    known_until = dt.date(y, 12, 31)
    if censored:
        known_until = jan1 + dt.timedelta(days=view.censored_from - 1)
        notes.append(
            f"the regional extents end on {idx.end}, before the predicted season closes: "
            f"last day unknown, length at least {(known_until - first_day).days + 1} days "
            f"(departures to {known_until:%d %b})"
        )
    end = last_day or known_until
    length = (end - first_day).days + 1 if first_day else 0
    rows = []
    for day in _scan_days(jan1, dt.date(y, 12, 31), step):
        inside = first_day is not None and first_day <= day <= end
        known = day <= known_until or (last_day is not None and day > last_day)
        rows.append(
            DateVerdict(
                day,
                bool(inside) if known else None,
                "extent-model",
                reason="extent model" if known else "after the end of the regional extents",
            )
        )
    return Season(
        year=y,
        ship=model.ship,
        ship_name=model.ship_name,
        ice_class=model.ice_class,
        origin=model.origin,
        destination=model.destination,
        variant=model.variant,
        basis="extent-model",
        first_day=first_day,
        last_day=last_day,
        length_days=length,
        feasible_days=length,
        step_days=step,
        resolution_days=1,
        per_date=tuple(rows),
        notes=tuple(notes),
        model=model,
    )


# --- projections ------------------------------------------------------------------------


def _monthly_to_daily(mid: NDArray, values: NDArray[np.float64], source: str) -> _Index:
    """Linear interpolation between mid-month values; NaN outside the first/last mid-month."""
    days = mid.astype("datetime64[D]")
    start, end = days.min(), days.max()
    t = np.arange(start, end + np.timedelta64(1, "D"))
    out = np.interp(t.astype(float), days.astype(float), values)
    out.setflags(write=False)
    return _Index(start=start.astype(dt.date), values=out, end=end.astype(dt.date), source=source)


def _observed_monthly_index(year: int) -> _Index:
    """The observed index of ``year`` as monthly means on the 16th, interpolated daily."""
    idx = _index(EXTENT_SEAS)
    mids, vals = [], []
    for m in range(1, 13):
        a = (dt.date(year, m, 1) - idx.start).days
        b = (dt.date(year + (m == 12), m % 12 + 1, 1) - idx.start).days
        chunk = idx.values[max(a, 0) : max(b, 0)]
        if chunk.size and np.isfinite(chunk).all():
            mids.append(np.datetime64(dt.date(year, m, 16), "D"))
            vals.append(float(chunk.mean()))
    if len(mids) < 12:
        raise SeasonError(f"the regional extents do not cover every month of {year}")
    return _monthly_to_daily(np.array(mids), np.array(vals), f"{idx.source} (monthly means)")


def cmip6_ice_index(path: Any, seas: Sequence[str] = EXTENT_SEAS) -> tuple[NDArray, NDArray]:
    """Daily NSR ice index from a CMIP6 ``siconc`` file (monthly), for projections.

    Parameters
    ----------
    path : str or path-like
        CMIP6 SImon ``siconc`` on its native grid (read and regridded to psn25 by
        :func:`arcticroute.ice.seaice.read_cmip6_siconc`, nearest neighbour).
    seas : sequence of str
        As for :func:`nsr_ice_index`.

    Returns
    -------
    dates : ndarray of datetime64[D]
        From the first to the last mid-month time step of the file.
    index : ndarray of float
        Fraction 0..1.

    Notes
    -----
    Per sea, the monthly extent (cells ≥ 15 %) on psn25 inside the NSIDC-0780
    region (:func:`arcticroute.ice.extent.extent_km2`), divided by its largest monthly
    value in the file (the model's own fully ice-covered winter extent, which
    also absorbs the model's land mask); the mean over the seas; linear in time
    between the mid-month steps. Monthly means have a shallower summer minimum
    than daily values, so compare a projection with the observed index put
    through the same monthly averaging (:func:`project_seasons` does).
    """
    from arcticroute.ice import extent, seaice

    ds = seaice.read_cmip6_siconc(path)
    names = [s.replace("_", " ") for s in seas]
    ext = extent.extent_km2(ds, icedata.shipped_grid(), names).values  # (time, sea)
    months = ds["time"].values.astype("datetime64[M]").astype(int) % 12 + 1
    if not np.isin([1, 2, 3], months).all():
        raise SeasonError(
            f"{path}: needs the winter months January–March to scale each sea's extent by its "
            "fully ice-covered value; the file holds months "
            + ", ".join(map(str, sorted(set(months.tolist()))))
        )
    frac = ext / np.nanmax(ext, axis=0)
    idx = _monthly_to_daily(ds["time"].values, np.mean(frac, axis=1), str(path))
    days = np.arange(
        np.datetime64(idx.start, "D"), np.datetime64(idx.end, "D") + np.timedelta64(1, "D")
    )
    return days, idx.values.copy()


def project_seasons(
    model: ExtentModel, siconc_path: Any, step_days: int | None = None
) -> list[Season]:
    """Seasons of the years of a CMIP6 ``siconc`` file through the extent model.

    Parameters
    ----------
    model : ExtentModel
        From :func:`fit_extent_model` (observed calibration).
    siconc_path : str or path-like
        A CMIP6 SImon ``siconc`` file; every calendar year it covers from January
        to December gets a season.
    step_days : int, optional
        Spacing of the ``per_date`` rows.

    Returns
    -------
    list of Season
        ``basis="cmip6-extent-model"``; the notes name the model and experiment,
        say that no bias adjustment was made, and give the season the same
        extent model finds for the observed extents of that year after the same
        monthly averaging (the difference is the model's bias plus its internal
        variability, which one model year cannot separate).

    Notes
    -----
    **Bias adjustment: none.** A delta or quantile adjustment needs the model's
    own historical climatology (or many years of it); the shipped CMIP6 sample
    holds 2020 of one ensemble member only. The regridding is nearest
    neighbour (:func:`arcticroute.ice.seaice.read_cmip6_siconc`).
    """
    from arcticroute.ice import seaice

    if not isinstance(model, ExtentModel):
        raise SeasonError(f"model must be an ExtentModel from fit_extent_model; got {model!r}")
    step = _check_step(step_days)
    days, values = cmip6_ice_index(siconc_path)
    attrs = seaice.read_cmip6_siconc(siconc_path).attrs
    label = " ".join(
        str(attrs.get(k, "")) for k in ("source_id", "experiment_id", "variant_label")
    ).strip()
    idx = _Index(days[0].astype(dt.date), values, days[-1].astype(dt.date), str(siconc_path))
    out = []
    first_year = int(str(days[0])[:4])
    for year in range(first_year, int(str(days[-1])[:4]) + 1):
        try:
            proj = _predict_from(model, year, step, idx)
        except SeasonError:
            continue  # the file does not cover that summer
        notes = [
            f"CMIP6 {label} monthly siconc regridded to psn25 (nearest neighbour), mean of "
            "the monthly NSR sea extents interpolated between mid-months; no bias adjustment "
            "(one model year, no historical run)"
        ]
        try:
            obs = _predict_from(model, year, step, _observed_monthly_index(year))
            notes.append(
                f"the observed extents of {year}, averaged by month the same way, give "
                + (
                    f"{obs.first_day:%d %b}–{obs.last_day:%d %b} ({obs.length_days} days)"
                    if obs.first_day and obs.last_day
                    else "no season"
                )
            )
        except SeasonError:
            pass
        out.append(replace(proj, basis="cmip6-extent-model", notes=(*notes, *proj.notes[1:])))
    if not out:
        raise SeasonError(f"{siconc_path}: covers no whole summer (May–November)")
    return out


# --- public scan ------------------------------------------------------------------------

_MODELS = LockedLru(256)


def _cost_year(cost_year: Any) -> int:
    if cost_year is None:
        cost_year = assumptions.value(COST_YEAR_KEY)
    if isinstance(cost_year, bool) or not isinstance(cost_year, int | np.integer):
        raise SeasonError(f"cost_year must be a whole year such as 2025; got {cost_year!r}")
    return int(cost_year)


def _check_basis(basis: str) -> str:
    if basis not in ("auto", "grid", "extent-model"):
        raise SeasonError(f"basis must be 'auto', 'grid' or 'extent-model'; got {basis!r}")
    return basis


def _wants_model(year: int, basis: str) -> bool:
    if basis == "grid" and not _grid_year(year):
        raise SeasonError(
            f"no ice grids cover the season of {year}: grid seasons exist for "
            f"{GRID_MONTHLY_YEARS[0]}–{GRID_MONTHLY_YEARS[1]} (use basis='auto' or "
            "'extent-model')"
        )
    return basis == "extent-model" or not _grid_year(year)


def _overrides() -> dict[str, Any]:
    return {a.key: a.value for a in assumptions.all_parameters() if a.overridden}


def _grid_task(args: tuple) -> list[Season]:
    """The grid seasons of one year (every ship) in a worker process, with the parent's
    overrides."""
    tasks, overrides = args
    with assumptions.overridden(overrides):
        return [_grid_season(*t) for t in tasks]


def _by_year(tasks: list[tuple], workers: int = 1) -> list[list[tuple]]:
    """Tasks grouped by year, ships in the order given: the ships of a year share its ice
    covers (built once per worker, not once per ship). Fewer years than workers: one
    task per group, so every worker has one."""
    years: dict[int, list[tuple]] = {}
    for t in tasks:
        years.setdefault(t[3], []).append(t)
    groups = [years[y] for y in sorted(years)]
    if len(groups) < workers:
        return [[t] for g in groups for t in g]
    return groups


def _grid_seasons(
    tasks: list[tuple],
    workers: int,
    progress: Callable[[Season], None] | None,
    on_departure: DepartureProgress | None = None,
) -> dict[tuple, Season]:
    out: dict[tuple, Season] = {}
    groups = _by_year(tasks, workers)
    if workers <= 1 or len(groups) <= 1:
        for t in (t for g in groups for t in g):
            s = _grid_season(*t, _OBSERVED, on_departure)
            out[(_ship_key(t[2]), t[3])] = s
            if progress is not None:
                progress(s)
        return out
    from concurrent.futures import as_completed

    from arcticroute.workers import local_pool

    overrides = _overrides()
    with local_pool(min(workers, len(groups))) as pool:
        futures = [pool.submit(_grid_task, (g, overrides)) for g in groups]
        for fut in as_completed(futures):
            for s in fut.result():
                out[(s.ship, s.year)] = s
                if progress is not None:
                    progress(s)
    return out


def _daily_rows(
    o,
    d,
    ship,
    variant: str,
    step: int,
    cost_year: int,
    on_departure: DepartureProgress | None = None,
) -> list[DateVerdict]:
    start, end = icedata.DAILY_RANGE
    days = _scan_days(start, end, step)
    return _scan(o, d, ship, days, variant, cost_year, _OBSERVED, on_departure)


def _with_daily(s: Season, daily: list[DateVerdict]) -> Season:
    """A 2025 extent-model season with its January–June rows from the daily grids."""
    end = daily[-1].departure
    rows = [*daily, *(r for r in s.per_date if r.departure > end)]
    n_ok = sum(1 for r in daily if r.feasible)
    note = (
        f"departures {daily[0].departure:%d %b}–{end:%d %b %Y} judged on the daily grids "
        f"(grid-daily rows): {n_ok} of {len(daily)} feasible"
    )
    return replace(s, per_date=tuple(rows), notes=(*s.notes, note))


def season(
    year: int,
    ship: Any,
    route: tuple[Any, Any] = DEFAULT_ROUTE,
    variant: str = "nsr",
    step_days: int | None = None,
    *,
    basis: str = "auto",
    cost_year: int | None = None,
    model: ExtentModel | None = None,
    on_departure: DepartureProgress | None = None,
) -> Season:
    """The navigation season of one year, ship and route.

    Parameters
    ----------
    year : int
        :data:`YEARS` (1979–2025).
    ship : Ship or str
        A :class:`~arcticroute.vessel.ships.Ship` or preset name.
    route : (origin, destination)
        Ports (name, UN/LOCODE, ``"lat,lon"`` or Port); default Busan → Rotterdam.
    variant : str
        Arctic variant (:data:`arcticroute.routing.variants.VARIANTS`), default ``"nsr"``.
    step_days : int, optional
        Scan step, 1–31 days; default registry ``seasons.step_days`` (7).
    basis : {"auto", "grid", "extent-model"}
        ``"auto"``: the grids where they cover the season (1989–2017), else the
        extent model; ``"grid"``: grids only (error for other years);
        ``"extent-model"``: the model even in a grid year (to compare; the
        default model is then fitted on that year too, so compare with the
        leave-one-year-out rows of ``model.validation`` instead).
    cost_year : int, optional
        Prices, tariffs and rules of this year (registry ``seasons.cost_year``);
        the ice is that of ``year``.
    model : ExtentModel, optional
        For an extent-model season: the model to use. Default: fitted on every
        grid year 1989–2017 of this ship and route at ``step_days`` (about 2–3
        minutes per ship the first time; cached).
    on_departure : callable, optional
        Called after each departure judged with ``(judged, planned)``, counted
        per scan (:data:`DepartureProgress`); an exception it raises stops the
        scan and propagates (a caller's time limit or cancel).

    Returns
    -------
    Season

    Raises
    ------
    SeasonError
        Year outside :data:`YEARS`, bad step, basis, route or variant; ``basis
        ="grid"`` for a year without grids.
    UnknownShipError, UnknownPortError
        From the ship and port lookups.
    """
    y = _check_year(year)
    return seasons(
        [y],
        [ship],
        route,
        variant,
        step_days,
        basis=basis,
        cost_year=cost_year,
        models={} if model is None else {_ship_key(_ship(ship)): model},
        on_departure=on_departure,
    )[0]


def seasons(
    years: Iterable[int],
    ships: Iterable[Any] = DEFAULT_SHIPS,
    route: tuple[Any, Any] = DEFAULT_ROUTE,
    variant: str = "nsr",
    step_days: int | None = None,
    *,
    basis: str = "auto",
    cost_year: int | None = None,
    models: dict[str, ExtentModel] | None = None,
    workers: int = 1,
    progress: Callable[[Season], None] | None = None,
    on_departure: DepartureProgress | None = None,
) -> list[Season]:
    """Seasons of many years and ships (see :func:`season`).

    Parameters
    ----------
    years : iterable of int
    ships : iterable of Ship or str
        Default :data:`DEFAULT_SHIPS` (no ice class, Arc4, IA Super, Arc7).
    route, variant, step_days, basis, cost_year
        As for :func:`season`.
    models : dict of str to ExtentModel, optional
        Extent models by ship key (preset slug); others are fitted on the grid
        years 1989–2017 when a year needs one.
    workers : int
        Processes for the grid scans (1: in this process). Workers are spawned:
        a script must call this from under ``if __name__ == "__main__":``.
    progress : callable, optional
        Called with each grid :class:`Season` as it is done.
    on_departure : callable, optional
        As for :func:`season`, for scans in this process (``workers=1``); with
        more workers it is a :class:`SeasonError` (a callback cannot reach into
        a worker process).

    Returns
    -------
    list of Season
        Ordered by ship (as given), then year.
    """
    basis = _check_basis(basis)
    step = _check_step(step_days)
    cy = _cost_year(cost_year)
    var = _check_variant(variant)
    o, d = _ports(route)
    if isinstance(years, int | str) or not isinstance(years, Iterable):
        raise SeasonError(
            f"years must be an iterable of years such as range(1989, 2018); got {years!r}"
        )
    want = sorted({_check_year(y) for y in years})
    if not want:
        raise SeasonError("years is empty; give at least one year such as 2012")
    if isinstance(ships, str) or not isinstance(ships, Iterable):
        raise SeasonError(f"ships must be a list of ships or preset names; got {ships!r}")
    ship_objs = [_ship(s) for s in ships]
    if not ship_objs:
        raise SeasonError(
            f"ships is empty; give at least one preset such as {', '.join(DEFAULT_SHIPS)}"
        )
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise SeasonError(f"workers must be a whole number >= 1; got {workers!r}")
    if on_departure is not None and workers > 1:
        raise SeasonError("on_departure reports scans in this process: use workers=1 with it")
    models = dict(models or {})
    model_years = [y for y in want if _wants_model(y, basis)]
    if model_years and var not in _MODEL_VARIANTS:
        raise SeasonError(
            f"years {model_years} need the extent model, which covers the NSR seas only "
            f"(variants {', '.join(_MODEL_VARIANTS)}); variant {var!r} has grid seasons for "
            f"{GRID_MONTHLY_YEARS[0]}–{GRID_MONTHLY_YEARS[1]} only"
        )
    calib = list(range(GRID_MONTHLY_YEARS[0], GRID_MONTHLY_YEARS[1] + 1))
    tasks, seen = [], set()
    for ship in ship_objs:
        key = _ship_key(ship)
        needed = [y for y in want if y not in model_years]
        if model_years and key not in models:
            mkey = (o.name, d.name, ship.model_dump_json(), var, step, cy, assumptions.state())
            hit = _MODELS.get(mkey)
            if hit is not None:
                models[key] = hit
            else:
                needed = sorted(set(needed) | set(calib))
        for y in needed:
            if (key, y) not in seen:
                seen.add((key, y))
                tasks.append((o, d, ship, y, var, step, cy))
    grid = _grid_seasons(tasks, workers, progress, on_departure)
    out = []
    for ship in ship_objs:
        key = _ship_key(ship)
        if model_years and key not in models:
            m = fit_extent_model([grid[(key, y)] for y in calib])
            mkey = (o.name, d.name, ship.model_dump_json(), var, step, cy, assumptions.state())
            models[key] = _MODELS.put(mkey, m)
        for y in want:
            if y not in model_years:
                out.append(grid[(key, y)])
                continue
            s = predict_season(models[key], y, step)
            if y == icedata.DAILY_RANGE[0].year:
                s = _with_daily(s, _daily_rows(o, d, ship, var, step, cy, on_departure))
            out.append(s)
    return out


# --- trend ------------------------------------------------------------------------------

_QUANTITIES = ("length_days", "first_day", "last_day", "feasible_days")


def trend(
    seasons: Sequence[Season], quantity: str = "length_days", bases: Iterable[str] | None = None
) -> Trend:
    """Linear trend of a season quantity against year (ordinary least squares).

    Parameters
    ----------
    seasons : sequence of Season
        One ship, route and variant; one season per year.
    quantity : {"length_days", "first_day", "last_day", "feasible_days"}
        ``first_day``/``last_day`` as day of year, over the years with a season.
    bases : iterable of str, optional
        Keep only seasons of these bases (:data:`BASES`), e.g. ``["grid-monthly"]``.

    Returns
    -------
    Trend
        ``days_per_decade``, ``stderr`` and ``ci95`` (days per decade), then
        ``n_years``, ``p_value`` (two-sided, slope = 0) and ``intercept``.

    Raises
    ------
    SeasonError
        Mixed ships/routes, repeated years, unknown quantity or basis, fewer than
        3 years with a value.

    Notes
    -----
    :func:`scipy.stats.linregress` of :math:`q` on year; slope and standard error
    × 10; 95 % interval slope ± :math:`t_{0.975, n-2}` × standard error. Years
    without a season count as length 0 (they are the outcome, not missing
    data). Seasons of different bases are pooled unless ``bases`` says
    otherwise: the extent-model years carry the model's error, which the
    standard error does not include.
    """
    from scipy import stats

    if quantity not in _QUANTITIES:
        raise SeasonError(f"quantity must be one of {', '.join(_QUANTITIES)}; got {quantity!r}")
    items = list(seasons)
    if bases is not None:
        keep = set(bases)
        unknown = keep - set(BASES)
        if unknown:
            raise SeasonError(f"unknown basis {sorted(unknown)}; use {', '.join(BASES)}")
        items = [s for s in items if s.basis in keep]
    if not all(isinstance(s, Season) for s in items):
        raise SeasonError("trend needs Season objects from season()/seasons()")
    ident = {(s.ship, s.origin, s.destination, s.variant) for s in items}
    if len(ident) > 1:
        raise SeasonError(
            f"trend needs the seasons of one ship and route; got {len(ident)}: "
            + ", ".join(sorted(i[0] for i in ident))
        )
    years = [s.year for s in items]
    if len(set(years)) != len(years):
        raise SeasonError("trend needs one season per year; some years are repeated")
    xs, ys = [], []
    for s in items:
        if quantity in ("length_days", "feasible_days"):
            if s.censored:
                continue  # length unknown
            v = float(getattr(s, quantity))
        else:
            day = getattr(s, quantity)
            if day is None:
                continue
            v = float(day.timetuple().tm_yday)
        xs.append(s.year)
        ys.append(v)
    if len(xs) < 3:
        raise SeasonError(f"trend needs at least 3 years with a {quantity}; got {len(xs)}")
    x, yv = np.asarray(xs, float), np.asarray(ys, float)
    if np.all(yv == yv[0]):
        return Trend(0.0, 0.0, (0.0, 0.0), len(xs), 1.0, float(yv[0]), quantity)
    fit = stats.linregress(x, yv)
    t = float(stats.t.ppf(0.975, len(xs) - 2))
    slope, se = 10.0 * float(fit.slope), 10.0 * float(fit.stderr)
    return Trend(
        days_per_decade=slope,
        stderr=se,
        ci95=(slope - t * se, slope + t * se),
        n_years=len(xs),
        p_value=float(fit.pvalue),
        intercept=float(fit.intercept),
        quantity=quantity,
    )
