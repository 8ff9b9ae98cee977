"""The Arctic heavy-fuel-oil ban: MARPOL Annex I regulation 43A in Arctic waters.

Since 1 July 2024 ships may not use, or carry for use, as fuel the oils of
MARPOL Annex I reg. 43.1.2 (crude oils denser than 900 kg/m3 at 15 °C;
other oils denser than 900 kg/m3 at 15 °C *or* more viscous than 180 mm2/s
at 50 °C; bitumen, tar and their emulsions) in *Arctic waters* [1]_ [2]_.
Ships with protected fuel tanks (Annex I reg. 12A, or Polar Code Part II-A
chapter 1 reg. 1.2.1) follow from 1 July 2029; until then the five states
whose coastline borders Arctic waters may waive the ban for ships of their
own flag in waters under their jurisdiction. Carriage of HFO as cargo is
not affected; ships in search and rescue, securing the safety of ships or
oil-spill response are exempt (not modelled here).

Every date, the list of waiving states and the modelling choices are
registry parameters (``data/parameters.toml``, keys ``hfo_ban.*``)
read at call time through :func:`arcticroute.assumptions.value`, so user
overrides apply.

Arctic waters
-------------
MARPOL Annex I reg. 46.2 (added by MEPC.265(68), 2015) [3]_, in the same
words as SOLAS chapter XIV reg. 1.3 (the third definition there; the
Polar Code's safety part applies it) [4]_, defines Arctic waters as the
waters north of a line through these points, in this order (text
coordinates in :data:`ARCTIC_WATERS_POINTS`):

== ============================ ======================================================
1  58°00'.0 N 042°00'.0 W       start; "a line" to point 2 (type not stated)
2  64°37'.0 N 035°27'.0 W       then by a rhumb line to point 3
3  67°03'.9 N 026°33'.4 W       then by a rhumb line to point 4
4  70°49'.56 N 008°59'.61 W     Sørkapp, Jan Mayen; by the southern shore of Jan
                                Mayen to point 5 (type not stated)
5  73°31'.6 N 019°01'.0 E       "by the Island of Bjørnøya"; then by a great circle
6  68°38'.29 N 043°23'.08 E     Cap Kanin Nos; then by the northern shore of the
                                Asian continent east to the Bering Strait, and from
                                the Bering Strait west (south-west) along the coast
                                to 60° N at Il'pyrskiy
6a 60° N at Il'pyrskiy          then along 60° N east, including Etolin Strait; then
                                by the northern shore of the North American continent
                                as far south as 60° N (west coast of Hudson Bay)
7  60°00' N 056°37'.1 W         along 60° N east to here; then back to point 1
                                (type not stated)
== ============================ ======================================================

So Iceland, mainland Norway, the Kola coast (Murmansk), the White Sea, the
Gulf of Alaska (Anchorage) and Ungava Bay are *outside*; Svalbard, Jan
Mayen, Greenland, the Kara Sea to the Chukchi Sea, the Bering Sea
north of 60° N, the Canadian Arctic, Hudson Bay north of 60° N, Baffin Bay and Davis
Strait, and the Labrador Sea north of the 58° N - 60° N line are inside.

How the area is built
---------------------
* The stated rhumb lines are densified along constant bearing, the great
  circle along the WGS84 geodesic, the 60° N stretches along the parallel.
* The three stretches whose line type the text does not state follow the
  assumption ``hfo_ban.unspecified_line_type`` (default ``"rhumb"``).
* Where the text follows a coast, the polygon edge runs over land, inland
  of the coast (:data:`_ASIAN_COAST_PROXY`, :data:`_AMERICAN_COAST_PROXY`,
  checked against Natural Earth 1:50m and 1:10m land in the tests): every
  sea area on the Arctic side of the coast is inside and every sea on the
  other side (White Sea, Sea of Okhotsk with Penzhina Bay, Karaginsky Gulf,
  Kuskokwim Bay, Cook Inlet) outside, without tracing the coastline.
  Rivers, lakes and estuaries on the Arctic side of these lines count as
  Arctic waters; the regulation does not say how far up a river its
  "shore" runs.
* The southern shore of Jan Mayen adds nothing: with either line type the
  island lies wholly north of the line from Sørkapp to point 5 (a test
  checks it for the default), so the line simply starts at Sørkapp.
* Il'pyrskiy has no coordinates in the text: its longitude on 60° N is the
  assumption ``hfo_ban.ilpyrskiy_lon_deg`` (164.2° E, where Natural Earth
  has coast on 60° N). Etolin Strait is included by running 60° N to the
  mainland east of it.
* The area north of the line is a polygon in longitude/latitude closed
  along 90° N, cut at the antimeridian into a western and an eastern part
  (:func:`arctic_waters_polygon`).

Errors
------
:class:`HFOBanError` (``ValueError``): the route enters Arctic waters with a
banned fuel and the policy is ``"error"``. :class:`HFOBanArgumentError`
(``ValueError``): an unknown fuel, policy or flag, or a voyage date that is
not a :class:`datetime.date`. :class:`~arcticroute.errors.InvalidCoordinateError`
for malformed positions.

References
----------
.. [1] IMO resolution MEPC.329(76) (adopted 17 June 2021, in force
   1 November 2022), amendments to MARPOL Annex I adding reg. 43A.
.. [2] West P&I, "MARPOL Annex 1 Amendments Entering into Force July 2024",
   18 June 2024; Indian Register of Shipping Technical Circular 006/2023;
   SAFETY4SEA / Lloyd's Register, "HFO ban in Arctic waters effective from
   2024".
.. [3] MARPOL Annex I reg. 46.2 as printed in MARPOL Consolidated Edition
   2017 (IMO), chapter 11 (https://yumpu.com/fr/document/view/67202734/
   marpol-consolidated-edition-2017/116).
.. [4] SOLAS chapter XIV reg. 1 as enacted in Singapore's Merchant Shipping
   (Safety Convention) Regulations, Chapter XIV reg. 1(c)
   (https://sso.agc.gov.sg/SL/MSA1995-RG11), same coordinates.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple, Protocol

import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray
from shapely import affinity

from arcticroute.assumptions import value
from arcticroute.errors import ArcticRouteError, DataFileError, InvalidCoordinateError
from arcticroute.geo import geodesy
from arcticroute.vessel.ships import FuelType, Ship


class Track(Protocol):
    """Anything with a route's vertices (a :class:`arcticroute.routing.Route` is one)."""

    lon_deg: NDArray[np.float64]
    lat_deg: NDArray[np.float64]


__all__ = [
    "ARCTIC_WATERS_POINTS",
    "MAX_STEP_M",
    "POLICIES",
    "BoundaryPoint",
    "HFOBanArgumentError",
    "HFOBanCheck",
    "HFOBanError",
    "HFOBanStatus",
    "arctic_waters_polygon",
    "distance_in_arctic_waters_nm",
    "fuel_counts_as_hfo",
    "hfo_ban_check",
    "hfo_ban_status",
    "in_arctic_waters",
]


class HFOBanError(ArcticRouteError, ValueError):
    """A route enters Arctic waters burning a fuel the HFO ban prohibits."""


class HFOBanArgumentError(ArcticRouteError, ValueError):
    """An argument of an HFO-ban function is malformed (fuel, policy, flag, date)."""


class BoundaryPoint(NamedTuple):
    """A point of the Arctic waters boundary as MARPOL Annex I reg. 46.2 prints it."""

    text: str
    lat_deg: float
    lon_deg: float
    name: str = ""


def _dm(degrees: int, minutes: float) -> float:
    return degrees + minutes / 60.0


ARCTIC_WATERS_POINTS: tuple[BoundaryPoint, ...] = (
    BoundaryPoint("58°00'.0 N 042°00'.0 W", _dm(58, 0.0), -_dm(42, 0.0)),
    BoundaryPoint("64°37'.0 N 035°27'.0 W", _dm(64, 37.0), -_dm(35, 27.0)),
    BoundaryPoint("67°03'.9 N 026°33'.4 W", _dm(67, 3.9), -_dm(26, 33.4)),
    BoundaryPoint("70°49'.56 N 008°59'.61 W", _dm(70, 49.56), -_dm(8, 59.61), "Sørkapp, Jan Mayen"),
    BoundaryPoint("73°31'.6 N 019°01'.0 E", _dm(73, 31.6), _dm(19, 1.0), "by Bjørnøya"),
    BoundaryPoint("68°38'.29 N 043°23'.08 E", _dm(68, 38.29), _dm(43, 23.08), "Cap Kanin Nos"),
    BoundaryPoint("60°00' N 056°37'.1 W", 60.0, -_dm(56, 37.1)),
)
"""Points with coordinates in MARPOL Annex I reg. 46.2 (MEPC.265(68)), in boundary order."""

# Over-land stand-ins for the coastal stretches of reg. 46.2 (lon, lat), chosen by hand on
# Natural Earth 1:10m land to stay inland of every Arctic inlet (Cheshskaya Bay, Pechora
# Bay, Gulf of Ob, Anadyr Gulf, Norton Sound, Chesterfield Inlet) and of every non-Arctic
# sea (White Sea, Penzhina Bay, Cook Inlet, Prince William Sound). Tests check that they
# are on land.
_ASIAN_COAST_PROXY = (
    # Kanin Peninsula south-east from Cap Kanin Nos, east across Siberia at 63.5-66° N,
    # then south through the Kamchatka isthmus to Il'pyrskiy (appended from the registry).
    (44.6, 68.4),
    (44.7, 67.6),
    (44.8, 67.0),
    (45.5, 66.2),
    (60.0, 65.5),
    (75.0, 65.0),
    (100.0, 65.0),
    (140.0, 64.5),
    (166.0, 63.5),
    (165.5, 61.5),
    (164.6, 60.5),
)
_AMERICAN_COAST_PROXY = (
    # From 60° N just east of the mainland coast at Etolin Strait (164.13° W) across Alaska
    # and northern Canada at 60.8-62.8° N to 60° N just west of Hudson Bay (94.81° W).
    (-163.6, 60.0),
    (-161.5, 61.5),
    (-157.0, 62.5),
    (-150.0, 62.8),
    (-145.0, 62.5),
    (-140.0, 62.0),
    (-130.0, 61.8),
    (-115.0, 61.5),
    (-100.0, 60.8),
    (-95.0, 60.0),
)

MAX_STEP_M = 10_000.0
"""Largest vertex spacing, metres, of routes and boundary lines before intersecting."""

POLICIES = ("error", "switch")
"""What :func:`hfo_ban_check` does when the ban applies: raise, or cost a fuel switch."""

_LINE_TYPES = ("rhumb", "geodesic")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


# --- Arctic waters area -----------------------------------------------------------------


def _rhumb(lon1: float, lat1: float, lon2: float, lat2: float) -> NDArray[np.float64]:
    """Vertices along the rhumb line (straight on Mercator), ≤ MAX_STEP_M apart."""
    length_m = float(geodesy.geodesic_distance_m(lon1, lat1, lon2, lat2))
    n = max(2, math.ceil(length_m / MAX_STEP_M) + 1)
    t = np.linspace(0.0, 1.0, n)
    y1, y2 = (np.log(np.tan(np.pi / 4 + np.radians(la) / 2)) for la in (lat1, lat2))
    lat = np.degrees(2 * np.arctan(np.exp(y1 + t * (y2 - y1))) - np.pi / 2)
    return np.column_stack([lon1 + t * (lon2 - lon1), lat])


def _geodesic(lon1: float, lat1: float, lon2: float, lat2: float) -> NDArray[np.float64]:
    # densify unwraps from lon1, so the stretch stays in the ring's unwrapped frame
    lon, lat = geodesy.densify([lon1, lon2], [lat1, lat2], MAX_STEP_M)
    return np.column_stack([lon, lat])


def _straight(lon1: float, lat1: float, lon2: float, lat2: float) -> NDArray[np.float64]:
    """Straight in lon/lat: exact for a parallel; used for the over-land stand-ins."""
    return np.array([[lon1, lat1], [lon2, lat2]])


def _boundary_ring(line_type: str, ilpyrskiy_lon: float) -> NDArray[np.float64]:
    """The reg. 46.2 line from point 1 eastward round the pole back to point 1 + 360°."""
    unspecified = _rhumb if line_type == "rhumb" else _geodesic
    p = [(b.lon_deg, b.lat_deg) for b in ARCTIC_WATERS_POINTS]
    pts = [np.array([p[0]])]

    def to(lon: float, lat: float, line) -> None:
        lon0, lat0 = pts[-1][-1]
        stretch = line(lon0, lat0, lon, lat)[1:]
        stretch[-1] = (lon, lat)  # end exactly on the stated point, free of round-off
        pts.append(stretch)

    to(*p[1], unspecified)
    to(*p[2], _rhumb)
    to(*p[3], _rhumb)
    to(*p[4], unspecified)  # Sørkapp -> point 5 (Jan Mayen's south shore: module docstring)
    to(*p[5], _geodesic)  # the stated great circle to Cap Kanin Nos
    for lon, lat in _ASIAN_COAST_PROXY:
        to(lon, lat, _straight)
    to(ilpyrskiy_lon, 60.0, _straight)
    # 60° N east across the antimeridian (unwrapped: longitudes above 180)
    for lon, lat in _AMERICAN_COAST_PROXY:
        to(lon + 360.0, lat, _straight)
    to(p[6][0] + 360.0, p[6][1], _straight)  # 60° N east to 056°37'.1 W
    to(p[0][0] + 360.0, p[0][1], unspecified)
    return np.vstack(pts)


@cache
def _area(line_type: str, ilpyrskiy_lon: float) -> shapely.Geometry:
    ring = _boundary_ring(line_type, ilpyrskiy_lon)
    west_lon, east_lon = ring[0, 0], ring[-1, 0]
    cap = shapely.Polygon(np.vstack([ring, [[east_lon, 90.0], [west_lon, 90.0]]]))
    if not cap.is_valid:
        raise DataFileError(
            f"the Arctic waters polygon is invalid ({shapely.is_valid_reason(cap)}) with "
            f"hfo_ban.ilpyrskiy_lon_deg = {ilpyrskiy_lon}; keep it near 164.2 (coast on 60° N)"
        )
    west = shapely.intersection(cap, shapely.box(-180.0, -90.0, 180.0, 90.0))
    east = shapely.intersection(cap, shapely.box(180.0, -90.0, 540.0, 90.0))
    area = shapely.union(west, affinity.translate(east, xoff=-360.0))
    shapely.prepare(area)
    return area


def arctic_waters_polygon() -> shapely.Geometry:
    """Arctic waters (MARPOL Annex I reg. 46.2) as a shapely (Multi)Polygon in lon/lat.

    Longitudes in [-180, 180]; the area is cut at the antimeridian. Built once per
    value of the assumptions ``hfo_ban.unspecified_line_type`` and
    ``hfo_ban.ilpyrskiy_lon_deg`` (see the module docstring for how).

    Raises
    ------
    DataFileError
        If an overridden assumption makes the line type unknown or the polygon invalid.
    """
    line_type = value("hfo_ban.unspecified_line_type")
    if line_type not in _LINE_TYPES:
        raise DataFileError(
            f"assumption hfo_ban.unspecified_line_type must be one of {_LINE_TYPES}, "
            f"got {line_type!r}"
        )
    return _area(line_type, float(value("hfo_ban.ilpyrskiy_lon_deg")))


def _coords(lon_deg: ArrayLike, lat_deg: ArrayLike) -> tuple[NDArray, NDArray]:
    try:
        lon, lat = np.broadcast_arrays(
            np.asarray(lon_deg, dtype=float), np.asarray(lat_deg, dtype=float)
        )
    except (TypeError, ValueError) as exc:
        raise InvalidCoordinateError(
            f"lon_deg and lat_deg must be numbers or equal-length arrays of degrees: {exc}"
        ) from None
    if not (np.all(np.isfinite(lon)) and np.all(np.isfinite(lat))):
        raise InvalidCoordinateError("lon_deg and lat_deg must be finite (no NaN or inf)")
    if np.any(np.abs(lat) > 90.0):
        bad = lat[np.abs(lat) > 90.0][0]
        raise InvalidCoordinateError(
            f"latitude {bad} is outside [-90, 90]; check the order (lon_deg, lat_deg)"
        )
    return lon, lat


def in_arctic_waters(lon_deg: ArrayLike, lat_deg: ArrayLike) -> NDArray[np.bool_]:
    """Whether positions lie in Arctic waters (MARPOL Annex I reg. 46.2).

    Parameters
    ----------
    lon_deg, lat_deg : array_like
        Positions, degrees east and north (WGS84); any longitude range.

    Returns
    -------
    ndarray of bool
        True inside or on the boundary. Positions on land north of the line are
        also True: the area is "the waters north of the line" with land left in.

    Raises
    ------
    InvalidCoordinateError
        For non-numeric, non-finite or out-of-range coordinates.
    """
    lon, lat = _coords(lon_deg, lat_deg)
    return shapely.intersects_xy(arctic_waters_polygon(), geodesy.wrap_lon(lon), lat)


def _lines(geom: shapely.Geometry) -> list[shapely.LineString]:
    parts = shapely.get_parts(geom)
    if len(parts) == 1 and parts[0].geom_type == "LineString":
        return [parts[0]]
    out = []
    for part in parts:
        if part.geom_type == "LineString":
            out.append(part)
        elif part.geom_type in ("MultiLineString", "GeometryCollection"):
            out.extend(_lines(part))
    return out


def distance_in_arctic_waters_nm(lon_deg: ArrayLike, lat_deg: ArrayLike) -> float:
    """Geodesic length of a polyline inside Arctic waters, nautical miles.

    Parameters
    ----------
    lon_deg, lat_deg : array_like
        Polyline vertices, degrees (WGS84), joined by geodesics; longitudes may
        be wrapped or unwrapped.

    Returns
    -------
    float
        Length inside :func:`arctic_waters_polygon`, nautical miles (1852 m).

    Notes
    -----
    The line is densified along its geodesics to at most :data:`MAX_STEP_M`
    (10 km), split at the antimeridian, intersected with the area in lon/lat,
    and the pieces inside are measured on WGS84 (:mod:`arcticroute.geo.geodesy`).
    The error is a fraction of the step at each boundary crossing.

    Raises
    ------
    InvalidCoordinateError
        For malformed, non-finite or out-of-range coordinates.
    """
    lon, lat = _coords(lon_deg, lat_deg)
    if lon.ndim != 1:
        raise InvalidCoordinateError(
            f"lon_deg and lat_deg must be 1-D vertex arrays, got shape {lon.shape}"
        )
    if lon.size < 2:
        return 0.0
    area = arctic_waters_polygon()
    total_m = 0.0
    for first, last in _runs_that_may_enter(lon, lat, area.bounds[1]):
        dlon, dlat = geodesy.densify(lon[first : last + 1], lat[first : last + 1], MAX_STEP_M)
        for plon, plat in geodesy.split_antimeridian(dlon, dlat):
            line = shapely.LineString(np.column_stack([plon, plat]))
            for piece in _lines(shapely.intersection(line, area)):
                xy = shapely.get_coordinates(piece)
                total_m += geodesy.path_length_m(xy[:, 0], xy[:, 1])
    return total_m / geodesy.M_PER_NM


SOUTH_MARGIN_DEG = 1.0
"""Margin below the area's southernmost latitude for the segment filter (the angular
length of a geodesic on the mean sphere errs by well under 1 % on the ellipsoid)."""


def _runs_that_may_enter(lon: NDArray, lat: NDArray, south_deg: float) -> list[tuple[int, int]]:
    """Runs of consecutive segments (first and last vertex) that may reach ``south_deg``.

    No point of a geodesic is further in angle from both its ends than half its length,
    so none is north of the higher end by more than that: segments below the area by
    more than it cannot enter, and are neither densified nor intersected.
    """
    half_deg = np.degrees(
        geodesy.geodesic_distance_m(lon[:-1], lat[:-1], lon[1:], lat[1:])
        / geodesy.MEAN_EARTH_RADIUS_M
        / 2.0
    )
    may = np.maximum(lat[:-1], lat[1:]) + half_deg >= south_deg - SOUTH_MARGIN_DEG
    edges = np.flatnonzero(np.diff(np.r_[0, may.astype(np.int8), 0]))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


# --- the rule ---------------------------------------------------------------------------


@dataclass(frozen=True)
class HFOBanStatus:
    """Whether the Arctic HFO ban restricts one ship's fuel on one date.

    Attributes
    ----------
    applies : bool
        True when the fuel may not be used or carried for use in Arctic waters.
    reason : str
        Why, naming the rule and date.
    from_date : datetime.date or None
        Date from which the ban applies to this ship and fuel (in these waters,
        when a waiver is considered); None for a fuel the ban does not cover.
    assumptions : tuple of str
        Registry keys of assumptions the answer depends on.
    """

    applies: bool
    reason: str
    from_date: dt.date | None
    assumptions: tuple[str, ...] = ()


def _fmt_date(d: dt.date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _registry_date(key: str) -> dt.date:
    raw = value(key)
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError:
        raise DataFileError(
            f"parameter {key} must be a date (TOML 2029-07-01), got {raw!r}"
        ) from None


def _voyage_date(voyage_date: Any) -> dt.date:
    if isinstance(voyage_date, dt.datetime):
        return voyage_date.date()
    if isinstance(voyage_date, dt.date):
        return voyage_date
    raise HFOBanArgumentError(
        f"voyage_date must be a datetime.date such as datetime.date(2024, 7, 1), got "
        f"{type(voyage_date).__name__} {voyage_date!r}; parse text with "
        "datetime.date.fromisoformat('2024-07-01')"
    )


def _fuel(fuel_type: Any, name: str = "fuel_type") -> FuelType:
    if isinstance(fuel_type, FuelType):
        return fuel_type
    valid = ", ".join(f.value for f in FuelType)
    if isinstance(fuel_type, str):
        try:
            return FuelType(fuel_type.strip().upper())
        except ValueError:
            pass
    raise HFOBanArgumentError(f"{name} {fuel_type!r} is not known; valid: {valid}")


def _iso2(code: Any, name: str) -> str | None:
    if code is None:
        return None
    if isinstance(code, str) and len(code.strip()) == 2 and code.strip().isalpha():
        return code.strip().upper()
    raise HFOBanArgumentError(
        f"{name} must be an ISO 3166-1 alpha-2 country code such as 'RU' or None, got {code!r}"
    )


def fuel_counts_as_hfo(fuel_type: FuelType | str) -> bool:
    """Whether a fuel is an oil of MARPOL Annex I reg. 43.1.2 (banned in Arctic waters).

    HFO: yes. MGO (distillate, below 900 kg/m3 and 180 mm2/s): no. LNG (not an
    oil): no. VLSFO: the assumption ``hfo_ban.vlsfo_counts_as_hfo`` (default
    True, since most VLSFO is a residual blend that may exceed 900 kg/m3).

    Raises
    ------
    HFOBanArgumentError
        For a fuel other than HFO, VLSFO, MGO or LNG.
    """
    fuel = _fuel(fuel_type)
    if fuel is FuelType.VLSFO:
        return bool(value("hfo_ban.vlsfo_counts_as_hfo"))
    return fuel is FuelType.HFO


def hfo_ban_status(
    voyage_date: dt.date,
    fuel_type: FuelType | str,
    protected_fuel_tanks: bool,
    flag_iso2: str | None = None,
    waters_state_iso2: str | None = None,
) -> HFOBanStatus:
    """Does the Arctic HFO ban (MARPOL Annex I reg. 43A) restrict this fuel on this date?

    Parameters
    ----------
    voyage_date : datetime.date
        Date the ship is in Arctic waters.
    fuel_type : FuelType or str
        ``HFO``, ``VLSFO``, ``MGO`` or ``LNG`` (case-insensitive).
    protected_fuel_tanks : bool
        Fuel tanks protected per Annex I reg. 12A or Polar Code II-A 1.2.1.
    flag_iso2 : str, optional
        Flag state, ISO 3166-1 alpha-2.
    waters_state_iso2 : str, optional
        State whose sovereignty or jurisdiction covers the waters. Give it (with
        ``flag_iso2``) only when that state has waived the ban for its own ships:
        waivers are not automatic, and only ``hfo_ban.waiver_states`` may issue one.

    Returns
    -------
    HFOBanStatus

    Notes
    -----
    In order: a fuel outside reg. 43.1.2 is never restricted; before
    ``hfo_ban.start_date`` (1 July 2024), or ``hfo_ban.protected_tanks_start_date``
    (1 July 2029) for protected tanks, nothing is restricted; a flag-state waiver
    (flag = waters state, one of the five Arctic coastal states) lifts the ban until
    ``hfo_ban.waiver_end_date`` (1 July 2029); otherwise the ban applies.

    Raises
    ------
    HFOBanArgumentError
        For a voyage date that is not a date, an unknown fuel or a malformed country code.
    """
    day = _voyage_date(voyage_date)
    fuel = _fuel(fuel_type)
    flag = _iso2(flag_iso2, "flag_iso2")
    waters = _iso2(waters_state_iso2, "waters_state_iso2")
    used = ("hfo_ban.vlsfo_counts_as_hfo",) if fuel is FuelType.VLSFO else ()
    if not fuel_counts_as_hfo(fuel):
        why = {
            FuelType.MGO: "MGO is a distillate below both limits of MARPOL Annex I reg. 43.1.2",
            FuelType.LNG: "LNG is not an oil listed in MARPOL Annex I reg. 43.1.2",
            FuelType.VLSFO: "VLSFO taken as below both limits of MARPOL Annex I reg. 43.1.2 "
            "(assumption hfo_ban.vlsfo_counts_as_hfo = false)",
        }[fuel]
        return HFOBanStatus(False, f"{why}; the Arctic HFO ban does not restrict it", None, used)
    label = "HFO" if fuel is FuelType.HFO else f"{fuel.value} (counted as HFO)"
    start = _registry_date("hfo_ban.start_date")
    if protected_fuel_tanks:
        start = _registry_date("hfo_ban.protected_tanks_start_date")
        if day < start:
            return HFOBanStatus(
                False,
                "protected fuel tanks (MARPOL Annex I reg. 12A / Polar Code II-A 1.2.1): "
                f"ban applies from {_fmt_date(start)} (MARPOL Annex I reg. 43A.2)",
                start,
                used,
            )
    elif day < start:
        return HFOBanStatus(
            False,
            f"{label} banned in Arctic waters only from {_fmt_date(start)} (MARPOL Annex I "
            f"reg. 43A, MEPC.329(76)); {day.isoformat()} is before",
            start,
            used,
        )
    waiver_end = _registry_date("hfo_ban.waiver_end_date")
    states = tuple(str(s).upper() for s in value("hfo_ban.waiver_states"))
    if flag is not None and flag == waters and flag in states and day < waiver_end:
        return HFOBanStatus(
            False,
            f"flag-state waiver by {flag} until {_fmt_date(waiver_end)} in waters under its "
            "jurisdiction (MARPOL Annex I reg. 43A.4)",
            max(start, waiver_end),
            used,
        )
    tanks = " for ships with protected fuel tanks" if protected_fuel_tanks else ""
    return HFOBanStatus(
        True,
        f"{label} banned in Arctic waters from {_fmt_date(start)}{tanks} (MARPOL Annex I "
        "reg. 43A, MEPC.329(76))",
        start,
        used,
    )


@dataclass(frozen=True)
class HFOBanCheck:
    """Outcome of :func:`hfo_ban_check` for one route, ship and date.

    Attributes
    ----------
    status : HFOBanStatus
        The rule for the ship's fuel on the date.
    arctic_distance_nm : float
        Route length inside Arctic waters, nautical miles.
    switch_distance_nm : float
        Distance to sail on :attr:`switch_fuel` instead of the ship's fuel,
        nautical miles; 0 when no action is needed.
    switch_fuel : FuelType or None
        Compliant fuel for that distance; None when no action is needed.
    """

    status: HFOBanStatus
    arctic_distance_nm: float
    switch_distance_nm: float
    switch_fuel: FuelType | None

    @property
    def action(self) -> str:
        """``"switch"`` when part of the route must be sailed on another fuel, else ``"none"``."""
        return "none" if self.switch_fuel is None else "switch"


def hfo_ban_check(
    route: Track,
    ship: Ship,
    voyage_date: dt.date,
    policy: str = "error",
    waiver_flag_state: bool = False,
    switch_to: FuelType | str | None = None,
) -> HFOBanCheck:
    """Check a route and ship against the Arctic HFO ban; raise or cost a fuel switch.

    Parameters
    ----------
    route : Track
        The route (its ``lon_deg``/``lat_deg`` vertices are measured).
    ship : arcticroute.vessel.ships.Ship
        Uses ``fuel_type``, ``protected_fuel_tanks``, ``flag`` and ``name``.
    voyage_date : datetime.date
        Date the ship is in Arctic waters.
    policy : {"error", "switch"}
        When the ban applies and the route enters Arctic waters: ``"error"``
        raises :class:`HFOBanError`; ``"switch"`` returns the distance to sail
        on a compliant fuel so the economics can cost it.
    waiver_flag_state : bool
        The ship's flag state (one of ``hfo_ban.waiver_states``) has waived the
        ban for its ships. arcticroute has no maritime-jurisdiction data, so the
        waiver is taken to cover the whole Arctic-waters part of the route; this
        overstates it where the route crosses other states' waters or the high seas.
    switch_to : FuelType or str, optional
        Compliant fuel for ``"switch"``; default the parameter
        ``hfo_ban.switch_fuel`` (MGO).

    Returns
    -------
    HFOBanCheck
        ``switch_distance_nm`` equals ``arctic_distance_nm`` when a switch is
        needed. It is a lower bound on the fuel logistics: the ban covers
        *carriage for use* too, so the ship must enter Arctic waters with no HFO
        for use as fuel on board; bunker planning is not modelled.

    Raises
    ------
    HFOBanError
        With policy ``"error"`` when the route enters Arctic waters and the ban applies.
    HFOBanArgumentError
        For an unknown policy, an unknown or non-compliant ``switch_to``, a waiver
        for a ship whose flag cannot waive, or a voyage date that is not a date.
    """
    if policy not in POLICIES:
        raise HFOBanArgumentError(f"policy {policy!r} is not known; valid: {', '.join(POLICIES)}")
    switch_fuel = _fuel(
        value("hfo_ban.switch_fuel") if switch_to is None else switch_to, "switch_to"
    )
    if fuel_counts_as_hfo(switch_fuel):
        raise HFOBanArgumentError(
            f"switch_to {switch_fuel.value} is itself banned in Arctic waters; use MGO or LNG"
        )
    flag = None  # the flag matters only for a waiver
    if waiver_flag_state:
        flag = _iso2(ship.flag, "ship.flag")
        states = tuple(str(s).upper() for s in value("hfo_ban.waiver_states"))
        if flag not in states:
            raise HFOBanArgumentError(
                f"waiver_flag_state=True needs a ship flying the flag of a state that may waive "
                f"the ban ({', '.join(states)}); ship {ship.name!r} has flag {flag!r}"
            )
    status = hfo_ban_status(
        voyage_date, ship.fuel_type, ship.protected_fuel_tanks, flag, waters_state_iso2=flag
    )
    arctic_nm = distance_in_arctic_waters_nm(route.lon_deg, route.lat_deg)
    if not status.applies or arctic_nm == 0.0:
        return HFOBanCheck(status, arctic_nm, 0.0, None)
    if policy == "error":
        day = _voyage_date(voyage_date)
        raise HFOBanError(
            f"route {route.origin.name}-{route.destination.name} via {route.via} sails "
            f"{arctic_nm:,.0f} nm in Arctic waters (MARPOL Annex I reg. 46.2) and ship "
            f"{ship.name!r} burns {FuelType(ship.fuel_type).value} on {day.isoformat()}: "
            f"{status.reason}; the ban covers carrying it for use as fuel too. Use a compliant "
            f"fuel (--fuel {switch_fuel.value}) or policy 'switch' to cost a switch to "
            f"{switch_fuel.value} for the Arctic distance"
        )
    return HFOBanCheck(status, arctic_nm, arctic_nm, switch_fuel)
