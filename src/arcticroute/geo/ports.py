"""Port catalogue: find a port by name, UN/LOCODE, local alias or "lat,lon".

The catalogue ``data/ports.csv`` (5 522 ports) is built by
``scripts/build_ports.py`` from two public sources and two curated files:

* NGA World Port Index, Pub. 150 (2023-08 snapshot; U.S. public domain);
* the port list of searoute 1.6.0 (``ports.geojson``, Apache-2.0), UN/LOCODE
  coded, with a terminal flag ``t``;
* ``scripts/inputs/curated_ports.csv``: ports missing from both sources
  (Sabetta, the Yamal LNG port) or misplaced by them, each row with the
  source of its coordinate;
* ``scripts/inputs/port_aliases.csv``: local-language and alternative names
  (上海, 釜山, 부산, Мурманск, Tobata, ...) and code equivalences, each
  mapped to the port's primary UN/LOCODE.

It is read from the installed package (never from the source data) on the
first lookup and cached; importing this module reads nothing.

Merge rule
----------
A searoute record joins a WPI record if they share a UN/LOCODE and lie
within 100 km, or share a normalised name (see :func:`normalise_name`,
ignoring generic words such as "Ko", "Gang", "Harbor") and lie within
30 km. A port keeps every code its records carry, so both sources' codes
are accepted: Shanghai answers to CNSHA (primary) and CNSGH (WPI's), Dalian
to CNDLC and CNDAL. The primary ``locode`` is the code pinned by the alias
file, else the code both sources agree on, else searoute's (the seaport
codes container lines use), else WPI's. A code claimed by two different
places stays with the stronger claim (then the larger port), so every code
names exactly one port. ``scripts/build_ports.py`` gives the full rule.

Coordinate rule
---------------
A curated coordinate if there is one, else WPI's (the harbour reference
position of the official publication), else searoute's. Coordinates are
WGS84 decimal degrees, north and east positive, rounded to 1e-5 degree.
The first item of :attr:`Port.source` names the record that gave them.

Lookup order and ambiguity
--------------------------
:func:`get_port` tries, in order: "lat,lon" text (anything starting with a
digit, sign or decimal point); a UN/LOCODE written in capitals ("CNSHA",
"CN SHA"); curated aliases; display names; the sources' other names; a
UN/LOCODE in any case ("nlrtm"). Names are compared after
:func:`normalise_name` (case, accents, punctuation and spaces ignored,
"St"/"St." = "Saint"). Several ports with the same name ("Victoria",
"Portland") resolve to the most important: ``importance = 3 * size +
terminal``, where size is WPI's "Harbor Size" (Large 4, Medium 3, Small 2,
Very Small 1, unknown 0) and terminal is searoute's ``t`` flag (1 -> 2,
0 -> 1, none -> 0); :func:`search_ports` lists the others.

Coordinate text
---------------
"lat,lon" in decimal degrees, latitude first (a blank may replace the
comma), or hemisphere letters as in the names this module gives
("31.2000N 121.5000E"). Latitude must lie in [-90, 90] and longitude in
[-180, 360]; a longitude in (180, 360] is wrapped to (-180, 0].

Examples
--------
>>> get_port("CN SHA").name
'Shanghai'
>>> get_port("31.2,121.5").name
'31.2000N 121.5000E'
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from arcticroute.errors import DataFileError, InvalidCoordinateError, UnknownPortError

__all__ = [
    "Port",
    "all_ports",
    "get_port",
    "normalise_name",
    "search_ports",
]

#: Columns of ``data/ports.csv``, in order ("|" separates list items).
CATALOGUE_COLUMNS = (
    "name",
    "alt_names",
    "aliases",
    "locode",
    "alt_locodes",
    "country",
    "country_name",
    "lat",
    "lon",
    "importance",
    "sources",
)
_DATA_FILE = "data/ports.csv"
_SUGGESTIONS = 5
#: Smallest difflib similarity ratio for a fuzzy match in :func:`search_ports`.
_FUZZY_CUTOFF = 0.6
_WORD_SYNONYMS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}
_APOSTROPHES = re.compile(r"['’`ʻʼ]")
_NON_WORD = re.compile(r"[\W_]+")
_CODE = re.compile(r"^[A-Z]{2}[A-Z2-9]{3}$")
_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"
_DECIMAL_PAIR = re.compile(rf"^({_NUMBER})\s*(?:,|\s)\s*({_NUMBER})$")
_HEMISPHERE_PAIR = re.compile(
    r"^(\d+(?:\.\d*)?)\s*°?\s*([NS])\s*,?\s*(\d+(?:\.\d*)?)\s*°?\s*([EW])$", re.IGNORECASE
)
_COORDINATE_HELP = (
    'give "lat,lon" in decimal degrees, latitude first, north and east positive, '
    'e.g. "31.2,121.5" or "-33.9, 18.4" (latitude -90..90, longitude -180..180; '
    "180..360 is wrapped to -180..0)"
)


@dataclass(frozen=True)
class Port:
    """A port (or a user-given position) with its codes and names.

    Attributes
    ----------
    name : str
        Display name, e.g. ``"Shanghai"``; for a coordinate given as text,
        the position, e.g. ``"31.2000N 121.5000E"``.
    locode : str
        Primary UN/LOCODE, 5 characters without space (``"CNSHA"``), or
        ``""`` if none is known.
    lat : float
        Latitude, decimal degrees WGS84, north positive.
    lon : float
        Longitude, decimal degrees WGS84, east positive, in [-180, 180].
    country : str
        ISO 3166-1 alpha-2 code (``"CN"``), or ``""`` if unknown.
    alt_names : tuple of str
        Curated aliases first (上海, Busan, ...), then the sources' other names.
    alt_locodes : tuple of str
        Other accepted codes for the same port (``("CNSGH",)`` for Shanghai).
    source : str
        The records merged into this port, e.g. ``"wpi:59970 searoute:CNSHA"``
        (WPI number, searoute's code as searoute gives it, ``curated:CODE``);
        the first one gave the coordinate. ``"coordinate"`` for a position
        given as text.
    """

    name: str
    locode: str
    lat: float
    lon: float
    country: str
    alt_names: tuple[str, ...]
    alt_locodes: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class _Catalogue:
    ports: tuple[Port, ...]
    importance: tuple[int, ...]
    by_code: dict[str, int]
    by_alias: dict[str, list[int]]
    by_name: dict[str, list[int]]
    by_alt_name: dict[str, list[int]]


def normalise_name(text: str) -> str:
    """Normalise a place name for comparison.

    Parameters
    ----------
    text : str
        Any name, in any script.

    Returns
    -------
    str
        Lower-case words separated by single spaces, with Latin/Greek/Cyrillic
        accents removed, apostrophes dropped, other punctuation turned into
        spaces and "st"/"ste"/"ft"/"mt" spelled out ("St. John's" ->
        ``"saint johns"``). Other scripts (上海, 부산) are kept as they are.
    """
    if text.isascii():  # no accents to drop, nothing to decompose: the same words, fast
        folded = _APOSTROPHES.sub("", text.lower())
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        # Drop only the combining diacritics block, so kana voicing marks survive.
        stripped = "".join(c for c in decomposed if not 0x300 <= ord(c) <= 0x36F)
        folded = _APOSTROPHES.sub("", unicodedata.normalize("NFC", stripped).casefold())
    words = _NON_WORD.split(folded)
    return " ".join(_WORD_SYNONYMS.get(w, w) for w in words if w)


def _key(text: str) -> str:
    return normalise_name(text).replace(" ", "")


def _split(text: str) -> tuple[str, ...]:
    return tuple(part for part in text.split("|") if part)


def _parse_rows(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if tuple(reader.fieldnames or ()) != CATALOGUE_COLUMNS:
        raise DataFileError(
            f"{_DATA_FILE} has columns {reader.fieldnames}, expected {list(CATALOGUE_COLUMNS)}; "
            "rebuild it with scripts/build_ports.py"
        )
    return list(reader)


def _port_from_row(row: dict[str, str], line: int) -> tuple[Port, int]:
    try:
        lat, lon, importance = float(row["lat"]), float(row["lon"]), int(row["importance"])
    except (TypeError, ValueError) as exc:
        raise DataFileError(f"{_DATA_FILE} line {line}: bad number ({exc})") from exc
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not row["name"]:
        raise DataFileError(f"{_DATA_FILE} line {line}: bad port {row}")
    port = Port(
        name=row["name"],
        locode=row["locode"],
        lat=lat,
        lon=lon,
        country=row["country"],
        alt_names=_split(row["aliases"]) + _split(row["alt_names"]),
        alt_locodes=_split(row["alt_locodes"]),
        source=row["sources"],
    )
    return port, importance


def _index(names: list[tuple[str, int]], importance: tuple[int, ...]) -> dict[str, list[int]]:
    """Map name key -> port indices, most important first (then catalogue order)."""
    out: dict[str, list[int]] = {}
    for name, i in names:
        hits = out.setdefault(_key(name), [])
        if i not in hits:
            hits.append(i)
    for hits in out.values():
        hits.sort(key=lambda i: (-importance[i], i))
    return out


@cache
def _catalogue() -> _Catalogue:
    """Read and index the shipped catalogue once per process."""
    try:
        text = resources.files("arcticroute").joinpath(_DATA_FILE).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(
            f"cannot read the port catalogue {_DATA_FILE}: {exc}; reinstall arcticroute "
            "or rebuild it with scripts/build_ports.py"
        ) from exc
    ports: list[Port] = []
    importance: list[int] = []
    aliases: list[tuple[str, int]] = []
    names: list[tuple[str, int]] = []
    alt_names: list[tuple[str, int]] = []
    by_code: dict[str, int] = {}
    rows = _parse_rows(text)
    for line, row in enumerate(rows, start=2):
        port, rank = _port_from_row(row, line)
        i = len(ports)
        ports.append(port)
        importance.append(rank)
        for code in (port.locode, *port.alt_locodes):
            if code and by_code.setdefault(code, i) != i:
                raise DataFileError(f"{_DATA_FILE} line {line}: code {code} is used twice")
        aliases += [(a, i) for a in _split(row["aliases"])]
        names.append((port.name, i))
        alt_names += [(a, i) for a in _split(row["alt_names"])]
    ranks = tuple(importance)
    return _Catalogue(
        ports=tuple(ports),
        importance=ranks,
        by_code=by_code,
        by_alias=_index(aliases, ranks),
        by_name=_index(names, ranks),
        by_alt_name=_index(alt_names, ranks),
    )


def all_ports() -> tuple[Port, ...]:
    """Every port in the catalogue, sorted by country code and name.

    Returns
    -------
    tuple of Port
    """
    return _catalogue().ports


def _format_lat_lon(lat: float, lon: float) -> str:
    ns = "N" if lat >= 0 else "S"
    ew = "E" if lon >= 0 else "W"
    return f"{abs(lat):.4f}{ns} {abs(lon):.4f}{ew}"


def _parse_lat_lon(text: str) -> tuple[float, float]:
    """Read "lat,lon" (or "31.2N 121.5E") as (lat_deg, lon_deg), checking ranges."""
    if m := _DECIMAL_PAIR.match(text):
        lat, lon = float(m[1]), float(m[2])
    elif m := _HEMISPHERE_PAIR.match(text):
        lat = float(m[1]) * (-1 if m[2].upper() == "S" else 1)
        lon = float(m[3]) * (-1 if m[4].upper() == "W" else 1)
    else:
        raise InvalidCoordinateError(f"cannot read {text!r} as a position: {_COORDINATE_HELP}")
    if not (math.isfinite(lat) and -90 <= lat <= 90):
        raise InvalidCoordinateError(
            f"latitude {lat:g} in {text!r} is out of range: it must be between -90 and 90 "
            f"degrees; {_COORDINATE_HELP}"
        )
    if not (math.isfinite(lon) and -180 <= lon <= 360):
        raise InvalidCoordinateError(
            f"longitude {lon:g} in {text!r} is out of range: it must be between -180 and 180 "
            f"degrees (or up to 360); {_COORDINATE_HELP}"
        )
    if lon > 180:
        lon -= 360
    return lat, lon


def _coordinate_port(text: str) -> Port:
    lat, lon = _parse_lat_lon(text)
    return Port(
        name=_format_lat_lon(lat, lon),
        locode="",
        lat=lat,
        lon=lon,
        country="",
        alt_names=(),
        alt_locodes=(),
        source="coordinate",
    )


def _label(port: Port) -> str:
    return f"{port.name} ({port.locode or port.country})"


def _code_key(text: str) -> str:
    code = text.replace(" ", "").upper()
    return code if _CODE.match(code) else ""


def get_port(query: str) -> Port:
    """Find one port by name, UN/LOCODE, local alias or "lat,lon" text.

    Parameters
    ----------
    query : str
        A port name ("Rotterdam", "St. Petersburg"; case, accents and
        punctuation are ignored), a UN/LOCODE with or without the space
        ("NLRTM", "nl rtm", also secondary codes such as "CNSGH"), a local
        alias ("上海", "Мурманск"), or a position "lat,lon" in decimal
        degrees ("31.2,121.5", "-33.9, 18.4").

    Returns
    -------
    Port
        The matching port; for a name several ports share, the most
        important one (see the module notes). For a position, a ``Port``
        named like ``"31.2000N 121.5000E"`` with ``locode == ""``.

    Raises
    ------
    UnknownPortError
        If nothing matches (or the query is empty); ``suggestions`` holds
        close names such as ``"Rotterdam (NLRTM)"``.
    InvalidCoordinateError
        If the query looks like a position but is malformed or out of range.
    """
    text = query.strip()
    if not text:
        raise UnknownPortError(
            'empty port name; give a port name (e.g. "Rotterdam"), a UN/LOCODE '
            '(e.g. "NLRTM") or a position "lat,lon" (e.g. "31.2,121.5")'
        )
    if text[0] in "+-.0123456789":
        return _coordinate_port(text)
    cat = _catalogue()
    code = _code_key(text)
    # "ARATU" is a code (Atucha, AR) but "Aratu" a port name (Brazil).
    if code in cat.by_code and text.isupper():
        return cat.ports[cat.by_code[code]]
    key = _key(text)
    for table in (cat.by_alias, cat.by_name, cat.by_alt_name):
        if key in table:
            return cat.ports[table[key][0]]
    if code in cat.by_code:
        return cat.ports[cat.by_code[code]]
    suggestions = [_label(p) for p in search_ports(text, limit=_SUGGESTIONS)]
    hint = f"did you mean: {', '.join(suggestions)}?" if suggestions else "no similar name."
    raise UnknownPortError(
        f"unknown port {text!r}; {hint} Use 'arcticroute ports search TEXT' or give \"lat,lon\".",
        suggestions=suggestions,
    )


def search_ports(text: str, limit: int = 10) -> list[Port]:
    """Ports whose names or codes match ``text``, best first.

    Parameters
    ----------
    text : str
        Part of a name, an alias or a UN/LOCODE, possibly misspelt.
    limit : int, default 10
        Largest number of ports returned (at least 1).

    Returns
    -------
    list of Port
        Exact matches of a name or UN/LOCODE first, then names starting
        with ``text``, then names containing it, then similar names (difflib
        ratio >= 0.6, most similar first). Within each group, in the order
        of :func:`get_port`: a code in capitals, curated aliases, display
        names, other names, a code in lower case; then the more important
        port. Empty if nothing matches.

    Raises
    ------
    UnknownPortError
        If ``text`` is empty.
    ValueError
        If ``limit`` is less than 1.
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    key = _key(text)
    if not key:
        raise UnknownPortError(f"empty search text {text!r}; give part of a port name or code")
    cat = _catalogue()
    best: dict[int, tuple[Any, ...]] = {}

    def offer(i: int, rank: tuple[Any, ...]) -> None:
        full = (*rank, -cat.importance[i], i)
        if i not in best or full < best[i]:
            best[i] = full

    tables = (cat.by_alias, cat.by_name, cat.by_alt_name)
    code = _code_key(text)
    if code in cat.by_code:
        # Same precedence as get_port: a code in capitals before names.
        offer(cat.by_code[code], (0, 0.0, -1 if text.strip().isupper() else len(tables)))
    for tier, table in enumerate(tables):
        for name, hits in table.items():
            if name == key:
                group = 0
            elif name.startswith(key):
                group = 1
            elif key in name:
                group = 2
            else:
                continue
            for i in hits:
                offer(i, (group, 0.0, tier))
    if len(best) < limit:
        for tier, table in enumerate(tables):
            for name in difflib.get_close_matches(key, table, n=limit, cutoff=_FUZZY_CUTOFF):
                ratio = difflib.SequenceMatcher(None, key, name).ratio()
                for i in table[name]:
                    offer(i, (3, -ratio, tier))
    ranked = sorted(best, key=best.__getitem__)
    return [cat.ports[i] for i in ranked[:limit]]
