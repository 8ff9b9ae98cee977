"""The voyage backtest: replay documented Arctic voyages and count how often the verdict agrees.

The catalogue (``data/voyages.csv``, described in ``data/README.md``) holds
documented voyages 2009–2025 on the Northern Sea Route, the Northwest Passage
and the Transpolar route — completed ones and negatives (turned back,
cancelled, refused, or barred by a written rule) — each with its sources. Its
``replay_*`` columns say how a row is replayed: the ice class, the ends (a
catalogue port or a ``"lat,lon"`` position at sea), the day (departure, entry,
or a month-level date and which), the Arctic corridor the ship took, and which
segment the recorded transit time covers. ``score`` says whether the row
counts, and if not why (ice class not reported, outcome unconfirmed, a voyage
made against the rules...).

Each scored row is replayed through :func:`arcticroute.routing.route` on the
ice of its date — observed where the data holds it, else the climatology —
with the ship built from its recorded particulars (:func:`voyage_ship`).
Agreement is counted as the issue's targets ask:

* completed voyages (a ship freed from ice by icebreakers counts as completed
  with escort) that the verdict finds feasible;
* of those recorded as unescorted, the share feasible without any escort: the
  replay's route needs none, or, where the fastest route takes an icebreaker
  somewhere, a second replay with escort off still finds a passage
  (:attr:`VoyageResult.feasible_alone`; the summary also counts the rows whose
  fastest route needs none, ``unescorted_route_alone``);
* negatives that the verdict refuses;
* the median absolute error of the transit time where the record gives one,
  on the segment the record times (``replay_timing``: from the first entry
  into the NSR water area to the last exit, the ice leg of the corridor, or
  port to port), the ship sailing at the fleet's operating speed
  (:func:`operating_speed_kn`): no row records the speed sailed.

This module judges nothing itself: the verdicts are the router's.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from arcticroute import assumptions
from arcticroute.errors import ArcticRouteError, NoRouteError
from arcticroute.routing import planner
from arcticroute.vessel.ships import Ship, get_ship

__all__ = [
    "NEGATIVE_OUTCOMES",
    "POSITIVE_OUTCOMES",
    "BacktestError",
    "BacktestSummary",
    "CatalogueVoyage",
    "VoyageResult",
    "load_voyages",
    "operating_speed_kn",
    "replay",
    "run_backtest",
    "summarise",
    "voyage_ship",
]

POSITIVE_OUTCOMES = ("completed", "beset_freed")
"""Outcomes of a voyage that was made (freed from ice by icebreakers counts, escorted)."""
NEGATIVE_OUTCOMES = ("turned_back", "cancelled", "refused_permit", "not_permitted_by_rules")
"""Outcomes of a voyage that was not made, or that a written rule bars."""
CATALOGUE_FILE = "voyages.csv"
_HOURS_PER_DAY = 24.0


class BacktestError(ArcticRouteError, ValueError):
    """Bad input to the backtest: a variant, a year range, a catalogue row."""


@dataclass(frozen=True)
class CatalogueVoyage:
    """One row of the voyage catalogue (strings as recorded; empty = not reported).

    Attributes
    ----------
    id, ship, ship_type, ice_class, route, outcome, escort, source_url, confidence : str
    draft_m, transit_days : float or None
    double_acting : bool or None
        Breaks ice astern, where a source says so (None: not reported).
    level_ice_capability_m : float or None
        The ship's own level-ice capability alone where a source gives it
        (``capability_source`` says who).
    replay_ice_class, replay_from, replay_to, replay_variant, replay_timing : str
    replay_date : datetime.date or None
    replay_date_basis, replay_note : str
    score : str
        ``"yes"``, or ``"no: <why>"``.
    row : dict
        The whole CSV row.
    """

    id: str
    ship: str
    ship_type: str
    ice_class: str
    route: str
    outcome: str
    escort: str
    source_url: str
    confidence: str
    draft_m: float | None
    transit_days: float | None
    double_acting: bool | None
    level_ice_capability_m: float | None
    replay_ice_class: str
    replay_from: str
    replay_to: str
    replay_date: dt.date | None
    replay_date_basis: str
    replay_variant: str
    replay_timing: str
    replay_note: str
    score: str
    row: dict = field(repr=False, compare=False)

    @property
    def scored(self) -> bool:
        return self.score == "yes"

    @property
    def positive(self) -> bool:
        return self.outcome in POSITIVE_OUTCOMES

    @property
    def alone_only(self) -> bool:
        """A rule case judged without icebreaker escort."""
        return self.replay_date_basis == "rule_case_alone"


def _float(text: str) -> float | None:
    try:
        return float(text) if text.strip() else None
    except ValueError:
        return None


def _row(raw: dict[str, str]) -> CatalogueVoyage:
    day = raw.get("replay_date", "").strip()
    return CatalogueVoyage(
        id=raw["id"],
        ship=raw["ship"],
        ship_type=raw.get("type", ""),
        ice_class=raw.get("ice_class", ""),
        route=raw.get("route", ""),
        outcome=raw.get("outcome", ""),
        escort=raw.get("escort", ""),
        source_url=raw.get("source_url", ""),
        confidence=raw.get("confidence", ""),
        draft_m=_float(raw.get("draft_m", "")),
        transit_days=_float(raw.get("transit_days", "")),
        double_acting={"yes": True, "no": False}.get(raw.get("double_acting", "")),
        level_ice_capability_m=_float(raw.get("level_ice_capability_m", "")),
        replay_ice_class=raw.get("replay_ice_class", ""),
        replay_from=raw.get("replay_from", ""),
        replay_to=raw.get("replay_to", ""),
        replay_date=dt.date.fromisoformat(day) if day else None,
        replay_date_basis=raw.get("replay_date_basis", ""),
        replay_variant=raw.get("replay_variant", ""),
        replay_timing=raw.get("replay_timing", ""),
        replay_note=raw.get("replay_note", ""),
        score=raw.get("score", ""),
        row=dict(raw),
    )


def load_voyages() -> list[CatalogueVoyage]:
    """Every row of the shipped voyage catalogue, in file order."""
    text = resources.files("arcticroute").joinpath(f"data/{CATALOGUE_FILE}").read_text("utf-8")
    return [_row(r) for r in csv.DictReader(text.splitlines())]


_PRESET_BY_TYPE = (
    (("lng",), "lng_arc7_yamalmax"),
    (("container",), "container_4500teu_arc4"),
    (("bulk", "ore", "tanker", "condensate", "crude", "naphtha"), "panamax_bulker"),
)
_DEFAULT_PRESET = "multipurpose_19000dwt_arc4"


def voyage_ship(v: CatalogueVoyage) -> tuple[Ship, tuple[str, ...]]:
    """A :class:`Ship` for a catalogue row, and the assumptions it rests on.

    The preset of the row's type (LNG carrier, container ship, bulk carrier or
    tanker, else the multipurpose ship) gives what the record does not: speed,
    power, size. The ice class is the row's ``replay_ice_class``; the draft is
    the recorded one where given. The Arc7 Yamalmax preset (its double-acting
    hull, its 2.1 m capability and particulars) is used only for Arc7 LNG
    carriers; other LNG carriers keep its speed and size with their own
    class's capability, single-acting. A row's own ``double_acting`` and
    ``level_ice_capability_m`` (with their ``capability_source``) replace the preset's.
    """
    kind = v.ship_type.lower()
    slug = next((p for keys, p in _PRESET_BY_TYPE if any(k in kind for k in keys)), None)
    slug = slug or _DEFAULT_PRESET
    base = get_ship(slug)
    update: dict[str, Any] = {"name": v.ship, "slug": None, "ice_class": v.replay_ice_class}
    notes = [f"particulars not in the record from preset {slug}"]
    if slug == "lng_arc7_yamalmax" and v.replay_ice_class != "Arc7":
        update["double_acting"] = False
        update["level_ice_capability_m"] = None
        notes.append(
            "single-acting, class capability (only the Yamalmax Arc7 carriers break 2.1 m astern)"
        )
    if v.draft_m is not None:
        update["draft_m"] = v.draft_m
    if v.double_acting is not None:
        update["double_acting"] = v.double_acting
    if v.level_ice_capability_m is not None:
        update["level_ice_capability_m"] = v.level_ice_capability_m
        notes.append(
            f"own level-ice capability {v.level_ice_capability_m:g} m"
            + (", double-acting" if v.double_acting else "")
            + " (capability_source)"
        )
    data = {**base.model_dump(), **update}
    data.pop("polar_code_category", None)
    return Ship(**data), tuple(notes)


def operating_speed_kn(ship: Ship) -> tuple[float, str]:
    """The open-water speed a replay sails at, and the assumption it rests on.

    No row records the speed sailed, and ships do not sail at their design
    speed: the fleet's mean at-sea speed is ``backtest.operating_speed_ratio``
    of it (Third IMO GHG Study 2014). Ice slows the ship further from there
    (:mod:`arcticroute.vessel.performance`).
    """
    ratio = float(assumptions.value("backtest.operating_speed_ratio"))
    speed = ship.design_speed_kn * ratio
    return speed, (
        f"sails at {speed:.1f} kn, {ratio:g} of the design speed {ship.design_speed_kn:g} kn "
        "(backtest.operating_speed_ratio)"
    )


@dataclass(frozen=True)
class VoyageResult:
    """The replay of one catalogue row.

    Attributes
    ----------
    voyage : CatalogueVoyage
    feasible : bool or None
        None when the row could not be replayed (``error`` says why).
    escorted_zones : tuple of int
        NSR zones with escorted segments.
    escorted : bool
        Any segment of the passage under escort.
    feasible_alone : bool or None
        For a row recorded unescorted: the voyage can be made without escort (the
        route needs none, or a replay with escort off is feasible). None for other rows.
    hours, real_hours : float
        Model and recorded time on the recorded segment (NaN where none).
    ice_source : str
        ``observed``, ``extent`` or ``climatology`` (what the verdict's ice was).
    reasons : tuple of str
    assumptions : tuple of str
        How the row was turned into a ship and a replay.
    error : str
    """

    voyage: CatalogueVoyage
    feasible: bool | None
    escorted_zones: tuple[int, ...] = ()
    escorted: bool = False
    feasible_alone: bool | None = None
    hours: float = math.nan
    real_hours: float = math.nan
    ice_source: str = ""
    reasons: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = ()
    error: str = ""

    @property
    def agrees(self) -> bool | None:
        """Verdict and record agree (None when not replayed or not scored)."""
        if self.feasible is None or not self.voyage.scored:
            return None
        return self.feasible if self.voyage.positive else not self.feasible

    @property
    def time_error_pct(self) -> float:
        if not (self.real_hours > 0 and math.isfinite(self.hours)):
            return math.nan
        return 100.0 * (self.hours - self.real_hours) / self.real_hours

    def to_dict(self) -> dict[str, Any]:
        v = self.voyage

        def num(x: float) -> float | None:
            return round(x, 1) if math.isfinite(x) else None

        return {
            "id": v.id,
            "ship": v.ship,
            "ice_class": v.replay_ice_class,
            "date": v.replay_date.isoformat() if v.replay_date else None,
            "date_basis": v.replay_date_basis,
            "variant": v.replay_variant,
            "scored": v.scored,
            "feasible": self.feasible,
            "agrees": self.agrees,
            "escorted_zones": list(self.escorted_zones),
            "escorted": self.escorted,
            "feasible_alone": self.feasible_alone,
            "real_outcome": v.outcome,
            "real_escorted": v.escort or None,
            "hours": num(self.hours),
            "real_hours": num(self.real_hours),
            "time_error_pct": num(self.time_error_pct),
            "timing": v.replay_timing or None,
            "ice_source": self.ice_source,
            "reasons": list(self.reasons),
            "assumptions": list(self.assumptions),
            "error": self.error or None,
            "source_url": v.source_url,
        }


def _ice_basis(verdict: Any) -> str:
    source = str(getattr(verdict, "ice_source", ""))
    product = str(getattr(verdict, "ice_product", ""))
    if source == "observed" and "extent" in product.lower():
        return "extent"
    return source


def _segment_hours(v: CatalogueVoyage, route: Any, verdict: Any) -> float:
    if v.replay_timing == "nsr":
        zones = getattr(verdict, "zones", ())
        if not zones:
            return math.nan
        span = max(z.left for z in zones) - min(z.entered for z in zones)
        return span.total_seconds() / 3600.0
    if v.replay_timing == "ice_leg":
        return float(verdict.passage.hours)
    if v.replay_timing == "port_to_port":
        return float(route.duration_h) if route is not None else math.nan
    return math.nan


def replay_via(v: CatalogueVoyage) -> str:
    """The corridor a row is replayed through: a voyage into or out of the NSR water area
    that does not cross it (``nsr_partial``: Sabetta-Europe, Arkhangelsk-Pevek) takes the
    direct route, which opens the Arctic passages to an end port inside them."""
    return "auto" if v.route == "nsr_partial" else v.replay_variant


def replay(v: CatalogueVoyage, *, stat: str = "median") -> VoyageResult:
    """Replay one catalogue row through the router on the ice of its date.

    Parameters
    ----------
    v : CatalogueVoyage
        A row with its ``replay_*`` columns.
    stat : str
        Climatology statistic where no observed ice is at hand.

    Returns
    -------
    VoyageResult
        ``feasible`` None with ``error`` when the row cannot be replayed.
    """
    if not (v.replay_ice_class and v.replay_from and v.replay_to and v.replay_date):
        return VoyageResult(v, None, error="no replay columns: " + v.score)
    try:
        ship, notes = voyage_ship(v)
    except (ArcticRouteError, ValueError) as exc:
        return VoyageResult(v, None, error=f"ship: {exc}")
    speed_kn, speed_note = operating_speed_kn(ship)
    notes = (*notes, speed_note, *([v.replay_note] if v.replay_note else ()))
    real_h = v.transit_days * _HOURS_PER_DAY if v.transit_days and v.replay_timing else math.nan
    try:
        r = _route(v, ship, speed_kn, stat, escort=not v.alone_only)
    except NoRouteError as exc:
        verdict = getattr(exc, "verdict", None)
        if verdict is None:
            return VoyageResult(v, None, real_hours=real_h, assumptions=notes, error=str(exc))
        return VoyageResult(
            v,
            False,
            feasible_alone=False if v.escort == "no" else None,
            real_hours=real_h,
            ice_source=_ice_basis(verdict),
            reasons=tuple(verdict.reasons),
            assumptions=notes,
        )
    except ArcticRouteError as exc:
        return VoyageResult(v, None, real_hours=real_h, assumptions=notes, error=str(exc))
    verdict = r.ice
    escorted = bool(verdict.passage.escort.any())
    return VoyageResult(
        v,
        True,
        escorted_zones=tuple(verdict.escort_zones),
        escorted=escorted,
        feasible_alone=_feasible_alone(v, ship, speed_kn, stat, escorted),
        hours=_segment_hours(v, r, verdict),
        real_hours=real_h,
        ice_source=_ice_basis(verdict),
        reasons=(),
        assumptions=notes,
    )


def _route(v: CatalogueVoyage, ship: Ship, speed_kn: float, stat: str, *, escort: bool) -> Any:
    ice = planner.IceOptions(stat=stat, heavy_ice=False, escort=escort)
    return planner.route(
        v.replay_from,
        v.replay_to,
        via=replay_via(v),
        ship=ship,
        speed_kn=speed_kn,
        date=v.replay_date,
        ice=ice,
    )


def _feasible_alone(
    v: CatalogueVoyage, ship: Ship, speed_kn: float, stat: str, escorted: bool
) -> bool | None:
    """For a row recorded unescorted: can it be made alone? The fastest route may take an
    icebreaker where one saves time although a longer route needs none."""
    if v.escort != "no":
        return None
    if not escorted:
        return True
    try:
        _route(v, ship, speed_kn, stat, escort=False)
    except NoRouteError:
        return False
    return True


@dataclass(frozen=True)
class BacktestSummary:
    """How often the verdicts agree with the record (scored rows only).

    ``unescorted_feasible_alone`` counts the rows recorded unescorted that can be made
    without escort (:attr:`VoyageResult.feasible_alone`); ``unescorted_route_alone`` those
    whose fastest route needs no icebreaker anywhere.
    """

    successes: int
    successes_feasible: int
    negatives: int
    negatives_refused: int
    unescorted: int
    unescorted_feasible_alone: int
    unescorted_route_alone: int
    timed: int
    median_abs_time_error_pct: float
    not_replayed: int
    by_ice_source: dict[str, dict[str, int]]

    def to_dict(self) -> dict[str, Any]:
        m = self.median_abs_time_error_pct
        out = dict(self.__dict__)
        out["median_abs_time_error_pct"] = round(m, 1) if math.isfinite(m) else None
        out["successes_feasible_pct"] = _pct(self.successes_feasible, self.successes)
        out["negatives_refused_pct"] = _pct(self.negatives_refused, self.negatives)
        out["unescorted_feasible_alone_pct"] = _pct(self.unescorted_feasible_alone, self.unescorted)
        return out


def _pct(a: int, b: int) -> float | None:
    return round(100.0 * a / b, 1) if b else None


def summarise(results: Sequence[VoyageResult]) -> BacktestSummary:
    """Count agreement over the scored, replayed rows."""
    scored = [r for r in results if r.voyage.scored and r.feasible is not None]
    pos = [r for r in scored if r.voyage.positive]
    neg = [r for r in scored if not r.voyage.positive]
    alone = [r for r in pos if r.voyage.escort == "no"]
    errors = [abs(e) for r in pos if math.isfinite(e := r.time_error_pct)]
    by: dict[str, dict[str, int]] = {}
    for r in scored:
        d = by.setdefault(r.ice_source or "none", {"voyages": 0, "agree": 0})
        d["voyages"] += 1
        d["agree"] += int(bool(r.agrees))
    return BacktestSummary(
        successes=len(pos),
        successes_feasible=sum(bool(r.feasible) for r in pos),
        negatives=len(neg),
        negatives_refused=sum(not r.feasible for r in neg),
        unescorted=len(alone),
        unescorted_feasible_alone=sum(bool(r.feasible_alone) for r in alone),
        unescorted_route_alone=sum(bool(r.feasible) and not r.escorted for r in alone),
        timed=len(errors),
        median_abs_time_error_pct=statistics.median(errors) if errors else math.nan,
        not_replayed=sum(r.feasible is None for r in results if r.voyage.scored),
        by_ice_source=by,
    )


def _years(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    try:
        a, _, b = text.partition("-")
        lo, hi = int(a), int(b or a)
    except ValueError:
        raise BacktestError(
            f"years must be YYYY or YYYY-YYYY, e.g. 2012-2017; got {text!r}"
        ) from None
    if lo > hi:
        raise BacktestError(f"years {text!r}: the first year is after the last")
    return lo, hi


def run_backtest(
    variants: Iterable[str] | None = None,
    years: str | None = None,
    *,
    stat: str = "median",
    include_unscored: bool = False,
) -> list[VoyageResult]:
    """Replay the catalogue (or part of it) and return one result per row.

    Parameters
    ----------
    variants : iterable of str, optional
        Keep rows whose corridor is one of these (``nsr``, ``nsr_high``,
        ``transpolar``, ``nwp``). A filter of the catalogue: it never forces a
        corridor on a voyage.
    years : str, optional
        ``"YYYY"`` or ``"YYYY-YYYY"``: rows whose replay date falls in them.
    stat : str
        Climatology statistic where no observed ice is at hand.
    include_unscored : bool
        Also list rows that are not scored (not replayed).

    Raises
    ------
    BacktestError
        For an unknown variant or a bad year range.
    """
    rows = load_voyages()
    if variants is not None:
        wanted = set(variants)
        known = {v.replay_variant for v in rows if v.replay_variant}
        bad = wanted - known
        if bad:
            raise BacktestError(
                f"unknown variant {', '.join(sorted(bad))}; the catalogue has "
                f"{', '.join(sorted(known))}"
            )
        rows = [v for v in rows if v.replay_variant in wanted]
    span = _years(years)
    if span is not None:
        rows = [v for v in rows if v.replay_date and span[0] <= v.replay_date.year <= span[1]]
    out = []
    for v in rows:
        if v.scored:
            out.append(replay(v, stat=stat))
        elif include_unscored:
            out.append(VoyageResult(v, None, error=v.score))
    return out
