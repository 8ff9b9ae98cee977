"""NSR admission criteria: which ships may enter which NSR zone, alone or under escort.

The table is that of the 2013 NSR Rules (Mintrans Order No. 7 of 17 Jan 2013,
appendix "Criteria of admission", as amended by Order No. 5 of 9 Jan 2017) [1]_,
shipped in long form as ``data/nsr_admission_2013.csv``: one row per ice class,
mode (``independent`` = СП, ``escorted`` = ПЛ, icebreaker escort), zone (1..7,
:data:`arcticroute.geo.nsr.ZONE_NAMES`), ice conditions (``light``/``medium``/
``heavy`` = Л/С/Т) and period, with ``admitted`` = ``yes`` ("+" in the source),
``no`` ("−") or empty (unknown), a ``status`` and a ``source``.

What is confirmed and what is not (shared/reference/nsr-rules.md, second part):

* **confirmed** (§1.4): rows for no ice class, Ice1, Ice2 (both modes) and Ice3
  independent, and footnote <1>: ships with no ice class or Ice1–Ice3 navigate
  only from 1 July to 15 November (:func:`season_allows`);
* **unconfirmed** (empty ``admitted``): Ice3 escorted (the excerpt is truncated)
  and every Arc4–Arc9 row (§1.5, section 2 of the appendix not found); the text of
  footnotes <2> and <3>; the season limits of Arc4–Arc9 under these Rules;
* the definitions of light / medium / heavy ice conditions (officially the
  Roshydromet forecast [2]_) are unconfirmed: :func:`ice_conditions_type` is a
  named assumption (``nsr_rules.ice_conditions.*``);
* the 2013 Rules were superseded by the 2020 Rules (Government Decree No. 1487 of
  18 Sep 2020) [3]_, whose admission matrix (28 regions) is unconfirmed. Results
  here are those of the 2013/2017 table; a user with the official table of
  either edition can load it with :func:`load_admission_table`.

Where the table has no confirmed answer, :func:`admission` returns
``admitted=None`` and ``fallback="polaris"``: the router then decides by POLARIS
alone and says so.

Ships of other class systems (IACS, Finnish-Swedish) are looked up under their
Russian Register equivalent from :func:`arcticroute.vessel.iceclass.equivalence`;
results name the ``iceclass.equivalence.*`` assumption used, if any.

References
----------
.. [1] Mintrans Order No. 7 of 17 Jan 2013, appendix "Критерии допуска", as
   amended by Order No. 5 of 9 Jan 2017, consultant.ru LAW_145233,
   https://consultant.ru/document/cons_doc_LAW_145233/8b31dfea38c6192f707b1db75e917dc3f4613282
   (nsr-rules.md §2.1 and second part §1.4–1.5).
.. [2] NSRA permit text: "Type of ice conditions (light, medium, heavy) ... is to
   be determined by the official forecast of Roshydromet" (nsr-rules.md second
   part §1.6, S3).
.. [3] Government Decree No. 1487 of 18 Sep 2020,
   https://zknrf.ru/goverment/Postanovlenie-Pravitelstva-RF-ot-18.09.2020-N-1487
   (nsr-rules.md §2.2); its 2024 amendment for double-acting Arc7/Arc8 ships as
   quoted by gCaptain, 16 Feb 2024,
   https://gcaptain.com/russia-eases-icebreaker-escort-rules-to-promote-year-round-arctic-shipping/
   (voyages.md; nsr-rules.md second part §2.1).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from arcticroute import assumptions
from arcticroute.errors import ArcticRouteError, DataFileError
from arcticroute.geo.nsr import ZONE_NAMES
from arcticroute.vessel.iceclass import IceClass, IceSystem, equivalence, parse_ice_class

__all__ = [
    "ICE_CONDITIONS",
    "MODES",
    "REGIONS_FROM_KEY",
    "SEASON_LIMIT",
    "SEASON_LIMITED_CLASSES",
    "AdmissionRow",
    "AdmissionTable",
    "NsrAdmission",
    "NsrRulesError",
    "admission",
    "classify",
    "escort_needed",
    "fail_closed",
    "ice_conditions_type",
    "load_admission_table",
    "regional",
    "season_allows",
]


class NsrRulesError(ArcticRouteError, ValueError):
    """Bad argument to an NSR-rules lookup: zone, mode, ice conditions, date, ice field."""


MODES = ("independent", "escorted")
"""Navigation modes of the table: СП (independent) and ПЛ (under icebreaker escort)."""

ICE_CONDITIONS = ("light", "medium", "heavy")
"""Types of ice conditions of the table: Л, С, Т."""

SEASON_LIMIT = ((7, 1), (11, 15))
"""(month, day) first and last day, inclusive, of footnote <1>'s season.

Footnote <1> of the 2013/2017 table [1]_: ships with no ice class or Ice1–Ice3
navigate in the NSR water area only from July to 15 November; prohibited
16 Nov–31 Dec and Jan–Jun (nsr-rules.md §2.1).
"""

SEASON_LIMITED_CLASSES = frozenset({IceClass.NONE, IceClass.ICE1, IceClass.ICE2, IceClass.ICE3})
"""Russian classes footnote <1> applies to."""

_FOOTNOTE_1 = (
    "2013 NSR Rules (as amended 9 Jan 2017), admission criteria, footnote <1>: ships with "
    "no ice class or Ice1–Ice3 navigate in the NSR only 1 July – 15 November"
)
_COLUMNS = ("ice_class", "mode", "zone", "ice_conditions", "period", "admitted", "status", "source")
_ADMITTED = {"yes": True, "+": True, "no": False, "-": False, "−": False, "": None}
_STATUSES = ("confirmed", "unconfirmed")
_SHIPPED = "nsr_admission_2013.csv"


# --- the table ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AdmissionRow:
    """One cell of the admission table.

    Attributes
    ----------
    ice_class : IceClass
        Russian Register class or :attr:`IceClass.NONE`.
    mode : str
        ``"independent"`` or ``"escorted"``.
    zone : int
        Zone 1..7 of the 2013 Rules.
    ice_conditions : str
        ``"light"``, ``"medium"`` or ``"heavy"``.
    period : tuple or None
        ((month, day), (month, day)) first and last day, inclusive (may wrap
        over the new year); None when the row applies all year (``period``
        column ``all``) or, for an unconfirmed row, its period is unknown (empty).
    admitted : bool or None
        True ("yes"/"+"), False ("no"/"−"), None (unknown).
    status : str
        ``"confirmed"`` or ``"unconfirmed"``.
    source : str
        Citation, or what is missing.
    """

    ice_class: IceClass
    mode: str
    zone: int
    ice_conditions: str
    period: tuple[tuple[int, int], tuple[int, int]] | None
    admitted: bool | None
    status: str
    source: str

    def covers(self, date: dt.date) -> bool:
        """True when ``date`` falls in this row's period (always, for no period)."""
        return self.period is None or _in_period((date.month, date.day), self.period)


@dataclass(frozen=True)
class AdmissionTable:
    """A validated admission table: its rows and where they came from."""

    rows: tuple[AdmissionRow, ...]
    origin: str
    _index: dict[tuple, tuple[AdmissionRow, ...]] = field(init=False, repr=False, compare=False)
    content_key: str = field(init=False, repr=False, compare=False)
    """A digest of the rows and origin: what caches key a table on (an ``id()`` can pass
    to a new table once this one is freed; hashing 400 rows on every look-up is slow)."""

    def __post_init__(self) -> None:
        idx: dict[tuple, tuple[AdmissionRow, ...]] = {}
        for r in self.rows:
            key = (r.ice_class, r.mode, r.zone, r.ice_conditions)
            idx[key] = (*idx.get(key, ()), r)
        object.__setattr__(self, "_index", idx)
        digest = hashlib.sha256(repr((self.rows, self.origin)).encode()).hexdigest()
        object.__setattr__(self, "content_key", digest)

    def find(
        self, ice_class: IceClass, mode: str, zone: int, ice_conditions: str, date: dt.date
    ) -> AdmissionRow | None:
        """The row for these keys whose period covers ``date`` (None if there is none)."""
        for row in self._index.get((ice_class, mode, zone, ice_conditions), ()):
            if row.covers(date):
                return row
        return None


def _in_period(md: tuple[int, int], period: tuple[tuple[int, int], tuple[int, int]]) -> bool:
    start, end = period
    return start <= md <= end if start <= end else md >= start or md <= end


def _parse_period(text: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    text = text.strip()
    if text in ("", "all"):
        return None
    try:
        first, last = text.split("..")
        out = []
        for part in (first, last):
            month, day = (int(x) for x in part.split("-"))
            dt.date(2000, month, day)  # leap year, so 02-29 is valid
            out.append((month, day))
    except ValueError:
        raise ValueError(
            f"period {text!r} is not 'MM-DD..MM-DD' (e.g. '07-01..11-15'), 'all' or empty"
        ) from None
    return out[0], out[1]


def _choice(value: str, valid: tuple[str, ...], what: str) -> str:
    v = value.strip().lower()
    if v not in valid:
        raise ValueError(f"{what} {value!r} is not one of {', '.join(valid)}")
    return v


def _parse_row(raw: Mapping[str, str]) -> AdmissionRow:
    ic = parse_ice_class(raw["ice_class"])
    if ic.system not in (IceSystem.RS, IceSystem.NONE):
        raise ValueError(
            f"ice class {ic.value!r} is not a Russian Register class; the NSR table uses "
            "none, Ice1–Ice3 and Arc4–Arc9 (other systems are mapped by iceclass.equivalence)"
        )
    try:
        zone = int(raw["zone"])
    except ValueError:
        zone = 0
    if zone not in ZONE_NAMES:
        raise ValueError(f"zone {raw['zone']!r} is not an NSR zone 1..7")
    admitted_text = raw["admitted"].strip().lower()
    if admitted_text not in _ADMITTED:
        raise ValueError(
            f"admitted {raw['admitted']!r} is not yes/no (or the source's '+'/'-'), or empty "
            "for unknown"
        )
    row = AdmissionRow(
        ic,
        _choice(raw["mode"], MODES, "mode"),
        zone,
        _choice(raw["ice_conditions"], ICE_CONDITIONS, "ice_conditions"),
        _parse_period(raw["period"]),
        _ADMITTED[admitted_text],
        _choice(raw["status"], _STATUSES, "status"),
        raw["source"].strip(),
    )
    if not row.source:
        raise ValueError("source is empty; give a citation, or say what is missing")
    if row.status == "confirmed" and row.admitted is None:
        raise ValueError("a confirmed row needs admitted = yes or no")
    if row.status == "confirmed" and not raw["period"].strip():
        raise ValueError("a confirmed row needs a period: 'MM-DD..MM-DD' or 'all'")
    if row.status == "unconfirmed" and row.admitted is not None:
        raise ValueError(
            "an unconfirmed row must leave admitted empty (unknown); mark the row confirmed "
            "if its source gives the value"
        )
    return row


def _parse_table(text: str, origin: str) -> AdmissionTable:
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [c for c in _COLUMNS if c not in header]
    if missing:
        raise DataFileError(
            f"{origin}: admission table lacks column(s) {', '.join(missing)}; "
            f"needed: {', '.join(_COLUMNS)}; got: {', '.join(header) or 'nothing'}"
        )
    rows = []
    seen: dict[tuple, list[AdmissionRow]] = {}
    for line, raw in enumerate(reader, start=2):
        if None in raw or any(raw[c] is None for c in _COLUMNS):
            raise DataFileError(f"{origin}, line {line}: wrong number of fields")
        try:
            row = _parse_row(raw)
        except ValueError as exc:  # includes UnknownIceClassError
            raise DataFileError(f"{origin}, line {line}: {exc}") from None
        key = (row.ice_class, row.mode, row.zone, row.ice_conditions)
        for other in seen.get(key, ()):
            if _overlap(row.period, other.period):
                raise DataFileError(
                    f"{origin}, line {line}: {row.ice_class.value} {row.mode} zone {row.zone} "
                    f"{row.ice_conditions} is listed twice for overlapping periods"
                )
        seen.setdefault(key, []).append(row)
        rows.append(row)
    if not rows:
        raise DataFileError(f"{origin}: admission table has no rows")
    return AdmissionTable(tuple(rows), origin)


def _overlap(a, b) -> bool:
    if a is None or b is None:
        return True
    return any(_in_period(p, b) for p in a) or any(_in_period(p, a) for p in b)


@cache
def _shipped_table() -> AdmissionTable:
    text = resources.files("arcticroute").joinpath(f"data/{_SHIPPED}").read_text("utf-8")
    return _parse_table(text, f"data/{_SHIPPED}")


def load_admission_table(path: str | Path | None = None) -> AdmissionTable:
    """Read and validate an admission table: the shipped one, or a user file.

    Parameters
    ----------
    path : str or Path, optional
        A CSV file of the shipped layout (columns ``ice_class, mode, zone,
        ice_conditions, period, admitted, status, source``; extra columns are
        ignored), e.g. the official table transcribed in full. None reads
        ``data/nsr_admission_2013.csv``.

    Returns
    -------
    AdmissionTable

    Raises
    ------
    DataFileError
        If the file cannot be read, lacks a column, or a row has an unknown or
        non-Russian ice class, a zone outside 1..7, a bad mode, ice
        conditions, period, admitted or status value, an empty source, a
        confirmed row without a value, an unconfirmed row with one, or the same
        cell twice for overlapping periods. The message names the file and line.

    Notes
    -----
    ``admitted`` is ``yes``/``no`` (the source's ``+``/``-`` are accepted) or
    empty for unknown; ``period`` is ``MM-DD..MM-DD`` (inclusive, may wrap over
    the new year), ``all``, or empty when not known (unconfirmed rows only).
    Combinations missing from a user table are unknown to :func:`admission`
    (fallback POLARIS).
    """
    if path is None:
        return _shipped_table()
    try:
        text = Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"cannot read admission table {path}: {exc}") from exc
    return _parse_table(text, str(path))


# --- arguments ---------------------------------------------------------------------------


def _zone(zone: Any) -> int:
    if isinstance(zone, bool) or not isinstance(zone, int | np.integer) or zone not in ZONE_NAMES:
        zones = "; ".join(f"{k} {v}" for k, v in ZONE_NAMES.items())
        raise NsrRulesError(f"zone must be an NSR zone number 1..7 ({zones}); got {zone!r}")
    return int(zone)


def _arg_choice(value: Any, valid: tuple[str, ...], name: str) -> str:
    if isinstance(value, str) and value.strip().lower() in valid:
        return value.strip().lower()
    raise NsrRulesError(f"{name} must be one of {', '.join(valid)}; got {value!r}")


def _date(date: Any) -> dt.date:
    if isinstance(date, dt.datetime):
        return date.date()
    if isinstance(date, dt.date):
        return date
    if isinstance(date, np.datetime64):
        return _date(str(date.astype("datetime64[D]")))
    if isinstance(date, str):
        try:
            return dt.date.fromisoformat(date.strip()[:10])
        except ValueError:
            pass
    raise NsrRulesError(f"date must be a datetime.date or an ISO date 'YYYY-MM-DD'; got {date!r}")


def _russian(ice_class: IceClass | str) -> tuple[IceClass | None, tuple[str, ...], str]:
    """Russian class used for the lookup, assumption keys, and a note for the reason."""
    ic = parse_ice_class(ice_class)
    if ic.system in (IceSystem.RS, IceSystem.NONE):
        return ic, (), ""
    eq = equivalence(ic, IceSystem.RS)
    keys = (eq.assumption_key,) if eq.assumption_key else ()
    kind = "confirmed" if eq.confirmed else f"assumed, {eq.assumption_key}"
    if eq.equivalent is None:
        return None, keys, f"{ic.value} has no Russian Register equivalent ({kind})"
    return eq.equivalent, keys, f"{ic.value} taken as {eq.equivalent.value} ({kind})"


# --- lookups -----------------------------------------------------------------------------


def season_allows(ice_class: IceClass | str, date: Any) -> bool:
    """Whether footnote <1>'s season limit lets the class navigate the NSR on ``date``.

    Parameters
    ----------
    ice_class : IceClass or str
        Any form accepted by :func:`arcticroute.vessel.iceclass.parse_ice_class`;
        other systems are mapped to their Russian Register equivalent.
    date : datetime.date, datetime.datetime, numpy.datetime64 or str
        The day of navigation (ISO ``"YYYY-MM-DD"`` for text).

    Returns
    -------
    bool
        For no ice class and Ice1–Ice3: True from 1 July to 15 November
        inclusive, False otherwise [1]_. For Arc4–Arc9 (and classes with no
        Russian equivalent): True, as footnote <1> does not restrict them.

    Notes
    -----
    Not a statement that Arc4–Arc9 may navigate all year: their season limits
    under the 2013/2017 Rules (section 2 of the appendix) are unconfirmed, and
    a 2024 amendment of the 2020 Rules is reported to limit Arc7/Arc8
    independent navigation by period (nsr-rules.md second part §2.1; exact
    wording unconfirmed). A class with no Russian equivalent is looked up by
    POLARIS alone; see :func:`admission`.
    """
    ic, _, _ = _russian(ice_class)
    day = _date(date)
    if ic not in SEASON_LIMITED_CLASSES:
        return True
    return _in_period((day.month, day.day), SEASON_LIMIT)


@dataclass(frozen=True)
class NsrAdmission:
    """The answer of :func:`admission` for one zone.

    Attributes
    ----------
    admitted : bool or None
        True admitted, False not admitted, None unknown.
    status : str
        ``"confirmed"`` when a source gives the answer, else ``"unconfirmed"``.
    reason : str
        Human-readable, citing the rule (or saying what is missing).
    fallback : str or None
        ``"polaris"`` when the answer is unknown: decide by POLARIS alone.
    ice_class : IceClass or None
        The Russian class looked up (None if the class has no equivalent).
    assumption_keys : tuple of str
        Registry keys the answer rests on (ice-class equivalences).
    """

    admitted: bool | None
    status: Literal["confirmed", "unconfirmed"]
    reason: str
    fallback: Literal["polaris"] | None
    ice_class: IceClass | None
    assumption_keys: tuple[str, ...] = ()


def admission(
    ice_class: IceClass | str,
    zone: int,
    ice_conditions: str,
    mode: str,
    date: Any,
    table: AdmissionTable | None = None,
    double_acting: bool = False,
) -> NsrAdmission:
    """Whether a ship may navigate an NSR zone in given ice conditions and mode.

    Parameters
    ----------
    ice_class : IceClass or str
        Any form accepted by :func:`arcticroute.vessel.iceclass.parse_ice_class`.
        IACS and Finnish-Swedish classes are looked up under their Russian
        Register equivalent (:func:`arcticroute.vessel.iceclass.equivalence`); the
        result names any assumption key used.
    zone : int
        NSR zone 1..7 (:data:`arcticroute.geo.nsr.ZONE_NAMES`).
    ice_conditions : str
        ``"light"``, ``"medium"`` or ``"heavy"`` (see :func:`ice_conditions_type`).
    mode : str
        ``"independent"`` or ``"escorted"`` (icebreaker escort).
    date : datetime.date, datetime.datetime, numpy.datetime64 or str
        Day of navigation.
    table : AdmissionTable, optional
        From :func:`load_admission_table`; None uses the shipped 2013/2017 table.
    double_acting : bool
        The ship breaks ice astern (:attr:`arcticroute.vessel.ships.Ship.double_acting`).

    Returns
    -------
    NsrAdmission
        Confirmed False out of footnote <1>'s season for no ice class and
        Ice1–Ice3; admitted alone in any ice for double-acting Arc7 and Arc8
        ships from :data:`DOUBLE_ACTING_FROM` in 1–31 January and 1 June–31
        December (:data:`DOUBLE_ACTING_PERIODS`, the 2024 amendment of the 2020
        Rules [3]_); otherwise the table's cell. An empty or missing cell, or a
        class with no Russian equivalent, gives ``admitted=None``,
        ``status="unconfirmed"`` and ``fallback="polaris"``.

    Raises
    ------
    UnknownIceClassError
        If the ice class is not recognised.
    NsrRulesError
        For a zone outside 1..7, unknown mode or ice conditions, or a bad date.
    """
    zone = _zone(zone)
    cond = _arg_choice(ice_conditions, ICE_CONDITIONS, "ice_conditions")
    mode = _arg_choice(mode, MODES, "mode")
    day = _date(date)
    ic, keys, note = _russian(ice_class)
    prefix = f"{note}; " if note else ""
    where = f"zone {zone} ({ZONE_NAMES[zone]}), {cond} ice, {mode}, {day.isoformat()}"
    if ic is None:
        return NsrAdmission(
            None,
            "unconfirmed",
            f"{prefix}the NSR table has no row for it ({where}); decide by POLARIS alone",
            "polaris",
            None,
            keys,
        )
    if not season_allows(ic, day):
        return NsrAdmission(
            False, "confirmed", f"{prefix}{ic.value}, {where}: {_FOOTNOTE_1}", None, ic, keys
        )
    if mode == "independent" and double_acting and _double_acting_allows(ic, day):
        text = f"{prefix}{ic.value}, {where}: {_AMENDMENT_2024}"
        return NsrAdmission(True, "confirmed", text, None, ic, keys)
    tab = _shipped_table() if table is None else table
    row = tab.find(ic, mode, zone, cond, day)
    if row is None:
        return NsrAdmission(
            None,
            "unconfirmed",
            f"{prefix}{ic.value}, {where}: no row in {tab.origin}; decide by POLARIS alone",
            "polaris",
            ic,
            keys,
        )
    if row.admitted is None:
        return NsrAdmission(
            None,
            "unconfirmed",
            f"{prefix}{ic.value}, {where}: unknown ({row.source}; {tab.origin}); "
            "decide by POLARIS alone",
            "polaris",
            ic,
            keys,
        )
    verdict = "admitted" if row.admitted else "not admitted"
    return NsrAdmission(
        row.admitted,
        "confirmed",
        f"{prefix}{ic.value}, {where}: {verdict} ({row.source}; {tab.origin})",
        None,
        ic,
        keys,
    )


DOUBLE_ACTING_FROM = dt.date(2024, 2, 16)
"""Day the amendment was reported in force-ish: gCaptain, 16 Feb 2024 [3]_ (the decree's own
date is unconfirmed; earlier voyages are judged without it)."""
DOUBLE_ACTING_PERIODS = (((1, 1), (1, 31)), ((6, 1), (12, 31)))
"""'Double-acting vessels with ice class Arc7 and Arc8 are permitted to travel independently
in the period from January 1 to January 31 and from June 1 to December 31 in any ice
conditions' [3]_."""
_AMENDMENT_2024 = (
    "admitted alone in any ice conditions: double-acting Arc7/Arc8, 1-31 Jan and 1 Jun-31 Dec "
    "(2020 Rules as amended 2024, gCaptain 16 Feb 2024)"
)


def _double_acting_allows(ic: IceClass, day: dt.date) -> bool:
    if ic not in (IceClass.ARC7, IceClass.ARC8) or day < DOUBLE_ACTING_FROM:
        return False
    return any(_in_period((day.month, day.day), p) for p in DOUBLE_ACTING_PERIODS)


def escort_needed(
    ice_class: IceClass | str,
    zone: int,
    ice_conditions: str,
    date: Any,
    table: AdmissionTable | None = None,
) -> bool | None:
    """Whether the ship needs icebreaker escort: not admitted alone, admitted escorted.

    Parameters are those of :func:`admission`.

    Returns
    -------
    bool or None
        True when independent navigation is not admitted and escorted is;
        False when independent navigation is admitted, or neither is (escort
        does not help); None when the answer depends on an unknown cell.
    """
    alone = admission(ice_class, zone, ice_conditions, "independent", date, table)
    if alone.admitted:
        return False
    escorted = admission(ice_class, zone, ice_conditions, "escorted", date, table)
    if alone.admitted is None or escorted.admitted is None:
        return None
    return escorted.admitted


# --- ice conditions ----------------------------------------------------------------------

"""Old ice = second-year and multi-year ice (WMO; SIGRID-3 code 95 "old ice" covers SY,
LMY, HMY, icestage.SIGRID3_STAGE_CODES); glacier ice and UNKNOWN codes sort above it."""

_KEYS = (
    "light_max_mean_concentration",
    "light_max_old_ice_fraction",
    "heavy_min_mean_concentration",
    "heavy_min_old_ice_fraction",
)


def ice_conditions_type(
    sic: ArrayLike,
    old_ice: ArrayLike,
    zone_mask: ArrayLike,
    cell_area_m2: ArrayLike | None = None,
) -> dict[int, str]:
    """Type of ice conditions (light / medium / heavy) per NSR zone: a named assumption.

    Parameters
    ----------
    sic : array_like
        Ice concentration, fraction 0..1; NaN = unknown.
    old_ice : array_like
        Same shape: partial concentration of old (second- and multi-year) ice,
        0..sic (:class:`arcticroute.ice.icecover.IceCover` ``c_sy + c_my``).
    zone_mask : array_like of int
        Same shape: NSR zone number 1..7 of each cell, 0 outside the zones.
    cell_area_m2 : array_like, optional
        Cell areas, m², same shape; None weights cells equally.

    Returns
    -------
    dict of int to str
        Every zone 1..7 mapped to ``"light"``, ``"medium"`` or ``"heavy"``.
        Zones with no cell in ``zone_mask`` are ``"heavy"``.

    Raises
    ------
    NsrRulesError
        If shapes differ, ``sic`` is outside 0..1 (percent?), a zone number is
        not 0..7, an area is negative or the thresholds are inconsistent.

    Notes
    -----
    The official type is the Roshydromet forecast [2]_; its criteria are
    unconfirmed. This rule stands in for it. Over a zone's cells, weighted by
    area:

    * ``C`` = mean concentration;
    * ``F_old`` = mean old-ice concentration (the area fraction covered by old ice);

    then *heavy* if ``C >= heavy_min_mean_concentration`` or ``F_old >=
    heavy_min_old_ice_fraction``; *light* if ``C <= light_max_mean_concentration``
    and ``F_old <= light_max_old_ice_fraction``; else *medium*. Thresholds are
    registry keys ``nsr_rules.ice_conditions.<name>`` (``data/parameters.toml``).

    Fails closed: a cell of unknown concentration counts as fully covered
    (c = 1) by old ice, so unknown ice never makes a zone lighter, and a zone
    with no cells is heavy.
    """
    c = np.asarray(sic, dtype=float)
    s = np.asarray(old_ice, dtype=float)
    z = np.asarray(zone_mask)
    a = np.ones(c.shape) if cell_area_m2 is None else np.asarray(cell_area_m2, dtype=float)
    for name, arr in (("old_ice", s), ("zone_mask", z), ("cell_area_m2", a)):
        if arr.shape != c.shape:
            raise NsrRulesError(f"{name} must have the shape of sic {c.shape}; got {arr.shape}")
    if np.any((c < 0) | (c > 1)):
        raise NsrRulesError(
            "sic must be a fraction 0..1 (divide percent by 100); got range "
            f"{np.nanmin(c):g}..{np.nanmax(c):g}"
        )
    if not np.issubdtype(z.dtype, np.integer) or np.any((z < 0) | (z > max(ZONE_NAMES))):
        raise NsrRulesError("zone_mask must hold integer zone numbers 1..7, and 0 outside")
    if np.any(~np.isfinite(a) | (a < 0)):
        raise NsrRulesError("cell_area_m2 must be finite and non-negative")
    _thresholds()  # inconsistent thresholds fail even for an empty zone
    c, old_c = fail_closed(c, s)
    out = {}
    for zone in ZONE_NAMES:
        cells = z == zone
        area = a[cells].sum()
        if not area > 0:
            out[zone] = "heavy"
            continue
        mean_c = (a[cells] * c[cells]).sum() / area
        old_frac = (a[cells] * old_c[cells]).sum() / area
        out[zone] = ICE_CONDITIONS[int(classify(mean_c, old_frac))]
    return out


def fail_closed(sic: ArrayLike, old_ice: ArrayLike) -> tuple[NDArray, NDArray]:
    """Concentration and old-ice concentration with unknown cells (NaN in either) counted as
    fully covered by old ice, and old ice clipped to ``0..sic``: unknown ice never makes a
    zone or region lighter."""
    c, s = np.asarray(sic, dtype=float), np.asarray(old_ice, dtype=float)
    unknown = np.isnan(c) | np.isnan(s)
    c = np.where(unknown, 1.0, c)
    return c, np.where(unknown, 1.0, np.clip(s, 0.0, c))


def classify(mean_concentration: ArrayLike, old_ice_fraction: ArrayLike) -> NDArray[np.int8]:
    """Index into :data:`ICE_CONDITIONS` (0 light, 1 medium, 2 heavy) of an area's mean
    concentration ``C`` and old-ice fraction ``F_old`` (fractions), by the thresholds of
    :func:`ice_conditions_type`: heavy if ``C`` or ``F_old`` reaches its heavy minimum,
    light if both are at most their light maximum, else medium; NaN is heavy."""
    t = _thresholds()
    c = np.nan_to_num(np.asarray(mean_concentration, dtype=float), nan=1.0)
    f = np.nan_to_num(np.asarray(old_ice_fraction, dtype=float), nan=1.0)
    heavy = (c >= t["heavy_min_mean_concentration"]) | (f >= t["heavy_min_old_ice_fraction"])
    light = (c <= t["light_max_mean_concentration"]) & (f <= t["light_max_old_ice_fraction"])
    return np.where(heavy, 2, np.where(light, 0, 1)).astype(np.int8)


def _thresholds() -> dict[str, float]:
    t = {k: float(assumptions.value(f"nsr_rules.ice_conditions.{k}")) for k in _KEYS}
    if not (
        0 <= t["light_max_mean_concentration"] < t["heavy_min_mean_concentration"] <= 1
        and 0 <= t["light_max_old_ice_fraction"] < t["heavy_min_old_ice_fraction"] <= 1
    ):
        raise NsrRulesError(
            f"nsr_rules.ice_conditions thresholds must satisfy 0 <= light_max < heavy_min <= 1; "
            f"got {t}"
        )
    return t


REGIONS_FROM_KEY = "nsr_rules.regions.from_date"
"""Registry key of the first day the ice conditions are judged per region (2020 Rules)."""


def regional(date: Any) -> bool:
    """Whether the type of ice conditions on ``date`` is judged per region of the water area
    (the 2020 Rules, 28 regions [3]_) rather than per 2013 zone.

    The 2013 Rules judged it over each of the seven zones; the 2020 Rules changed that
    because "the averaged evaluation of ice conditions in a large area does not allow to
    permit vessels to that regions of the large area, where light ice conditions are
    formed" (CHNL, nsr-rules.md §1.6), and AARI forecasts the type "within 28 NSR regions"
    (nsr-rules.md §2.1). The first day is registry key :data:`REGIONS_FROM_KEY`.
    """
    text = str(assumptions.value(REGIONS_FROM_KEY))
    try:
        first = dt.date.fromisoformat(text)
    except ValueError:
        raise NsrRulesError(f"{REGIONS_FROM_KEY} must be an ISO date; got {text!r}") from None
    return _date(date) >= first
