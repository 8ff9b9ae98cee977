"""Build the shipped port catalogue ``src/arcticroute/data/ports.csv``.

Usage::

    python scripts/build_ports.py [SHARED_DATA_DIR] [--out PATH] [-v]

``SHARED_DATA_DIR`` defaults to ``<repo>/../shared/data``; it must hold
``nga-world-port-index/UpdatedPub150.csv`` and
``searoute-marnet-ports/ports.geojson``. The curated inputs are read from
``scripts/inputs/``. The output is deterministic: the same inputs give the
same bytes (rows sorted, fixed number formatting, LF line ends).

Sources
-------
* NGA World Port Index, Pub. 150 (``UpdatedPub150.csv``, 2023-08 snapshot),
  U.S. public domain: 3 768 ports with WPI number, names, UN/LOCODE,
  country, "Harbor Size" and harbour position.
* searoute 1.6.0 ``ports.geojson`` (Apache-2.0): 3 962 UN/LOCODE-coded
  ports with a terminal flag ``t``.
* ``scripts/inputs/curated_ports.csv``: ports in neither source (Sabetta)
  or misplaced by both; every row names the source of its coordinate.
* ``scripts/inputs/port_aliases.csv``: local-language and alternative
  names (``kind=name``) and code equivalences (``kind=locode``), each
  mapped to the UN/LOCODE that is the port's primary code.

Merge rule
----------
1. Codes are normalised to 5 characters without the space ("CN SGH" ->
   "CNSGH"); anything else (one WPI row, one searoute row) is dropped.
   A ``kind=locode`` alias row ``X -> Y`` gives every record coded X the
   code Y as well, for matching. WPI rows repeating a WPI number (400,
   49460) are folded into the first.
2. A curated row whose code a WPI port carries is attached to that port
   and replaces its coordinate (before step 3, so the corrected position
   is used for matching).
3. Every searoute record joins at most one WPI port: one that shares a
   code and lies within ``CODE_MATCH_KM`` (100 km), or one that shares a
   name and lies within ``NAME_MATCH_KM`` (30 km). Names are compared
   after :func:`arcticroute.geo.ports.normalise_name` (case, accents,
   punctuation, "St" = "Saint", spaces) and after dropping the generic
   harbour words in ``GENERIC_WORDS`` ("Yokohama Ko" = "Yokohama",
   "Qingdao Gang" = "Qingdao"); a record's names include the curated
   aliases of its codes. Several candidates: code-and-name match first,
   then code only, then name only; then the nearest; then the lower WPI
   number. Unmatched searoute records become ports of their own. Records
   of one source are never merged with each other (WPI lists separate
   terminals of one town under one code, e.g. "Valdez" and "Valdez Marine
   Terminal").
4. A remaining curated row joins the searoute port carrying its code, or
   becomes a new port (Sabetta).

Codes
-----
Each port gets the codes of its records. A code claimed by several ports
stays with the strongest claim - curated (alias file or curated row) >
both sources agree > one source - then with the larger port (importance,
below); the others lose it. The primary ``locode`` is the port's strongest
code; on a tie searoute's code wins over WPI's, because searoute lists the
seaport codes that container lines use (CNSHA, CNDLC, CNTAO, CNNGB) where
WPI has other valid UN/LOCODEs of the same towns (CNSGH, CNDAL, CNQIN,
CNNBO). All other codes are kept as ``alt_locodes``, so both are accepted.

Coordinates
-----------
Curated coordinate if any, else WPI's (the harbour reference position of
an official nautical publication), else searoute's. Searoute's positions
are snapped towards its lane network and several are misplaced (its
"Everett" lies in Boston, its USPWM "Portland" in Oregon). The first token
of ``sources`` names the record that gave the coordinate.

Names
-----
The display ``name`` is a curated alias marked ``preferred``, else the
searoute name of the record with the primary code (UN/LOCODE spelling,
e.g. "Port Said", "Saint Petersburg"), else WPI's main name (e.g. "Bur
Sa'id"). All other names go to ``alt_names``; curated aliases go to
``aliases`` (looked up first at run time).

Importance
----------
``importance = 3 * size + terminal`` with size = WPI "Harbor Size" (Large
4, Medium 3, Small 2, Very Small 1, none 0; curated rows may give one) and
terminal = searoute ``t`` (1 -> 2, 0 -> 1, none -> 0). It ranks ports that
share a name ("Portland" -> Portland, Oregon, WPI Large).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from arcticroute.geo.ports import CATALOGUE_COLUMNS, normalise_name  # noqa: E402

INPUTS = REPO / "scripts" / "inputs"
DEFAULT_SHARED = REPO.parent / "shared" / "data"
DEFAULT_OUT = REPO / "src" / "arcticroute" / "data" / "ports.csv"
WPI_PATH = Path("nga-world-port-index") / "UpdatedPub150.csv"
SEAROUTE_PATH = Path("searoute-marnet-ports") / "ports.geojson"

#: Largest distance between two records that share a code and are merged.
CODE_MATCH_KM = 100.0
#: Largest distance between two records that share a name and are merged.
NAME_MATCH_KM = 30.0
#: Mean Earth radius (IUGG), km, for the haversine distance.
EARTH_RADIUS_KM = 6371.0088
#: Words meaning "harbour/port" dropped when names are compared for merging
#: (Japanese "ko", Chinese "gang", Korean "hang").
GENERIC_WORDS = frozenset({"ko", "gang", "hang", "harbor", "harbour", "port", "of", "the"})
#: WPI "Harbor Size" -> rank.
HARBOR_SIZE_RANK = {"Large": 4, "Medium": 3, "Small": 2, "Very Small": 1}
#: searoute ``t`` (terminal flag) -> rank.
TERMINAL_RANK = {1.0: 2, 0.0: 1}
#: ISO 3166-1 alpha-2 codes of WPI countries none of whose ports has a UN/LOCODE.
ISO2_WITHOUT_CODES = {
    "Gibraltar": "GI",
    "Johnson Atoll": "UM",
    "Midway Islands": "UM",
    "Norfolk Island": "NF",
    "Palau": "PW",
    "Wake Island": "UM",
}
CODE_RE = re.compile(r"^[A-Z]{2}[A-Z2-9]{3}$")
#: Claim strengths of a port on a code.
CURATED, AGREED, SINGLE = 3, 2, 1


@dataclass
class Record:
    """One port as one source gives it."""

    source: str
    ident: str
    name: str
    alt_names: list[str]
    code: str
    lat: float
    lon: float
    country_name: str
    size: int = 0
    terminal: int = 0
    codes: set[str] = field(default_factory=set)
    aliases: list[str] = field(default_factory=list)


@dataclass
class Cluster:
    """Records describing one port."""

    wpi: Record | None
    searoute: list[Record] = field(default_factory=list)
    curated: Record | None = None
    claims: dict[str, int] = field(default_factory=dict)
    lost: list[tuple[str, Cluster]] = field(default_factory=list)

    def records(self) -> list[Record]:
        head = [r for r in (self.curated, self.wpi) if r is not None]
        return head + self.searoute

    def coordinate_record(self) -> Record:
        return self.records()[0]

    def importance(self) -> int:
        size = max(r.size for r in self.records())
        terminal = max((r.terminal for r in self.records()), default=0)
        return 3 * size + terminal

    def sort_key(self) -> tuple:
        rec = self.coordinate_record()
        return (-self.importance(), rec.source, rec.ident)


@dataclass(frozen=True)
class Alias:
    """One row of ``port_aliases.csv``."""

    alias: str
    kind: str
    locode: str
    preferred: bool


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine, spherical Earth of radius EARTH_RADIUS_KM)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def clean_code(text: str | None) -> str:
    """Return a 5-character UN/LOCODE from "CN SHA"/"cnsha", or "" if it is not one."""
    code = (text or "").replace(" ", "").upper()
    return code if CODE_RE.match(code) else ""


def match_names(names: Iterable[str]) -> set[str]:
    """Normalised names without generic harbour words, for matching records."""
    out = set()
    for name in names:
        tokens = [t for t in normalise_name(name).split() if t not in GENERIC_WORDS]
        if tokens:
            out.add("".join(tokens))
    return out


def split_names(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;|]", text or "") if part.strip()]


def read_wpi(path: Path) -> list[Record]:
    """Read the NGA World Port Index CSV.

    Two WPI numbers occur twice (400 Seydisfjordur, 49460 Machilipatnam,
    with different spellings or positions); the later row's names and code
    are added to the first row's record.
    """
    records: dict[str, Record] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            number = row["World Port Index Number"].strip()
            if number in records:
                first = records[number]
                first.alt_names += [row["Main Port Name"].strip()]
                first.alt_names += split_names(row["Alternate Port Name"])
                first.code = first.code or clean_code(row["UN/LOCODE"])
                first.size = max(first.size, HARBOR_SIZE_RANK.get(row["Harbor Size"].strip(), 0))
                continue
            records[number] = Record(
                source="wpi",
                ident=number,
                name=row["Main Port Name"].strip(),
                alt_names=split_names(row["Alternate Port Name"]),
                code=clean_code(row["UN/LOCODE"]),
                lat=float(row["Latitude"]),
                lon=float(row["Longitude"]),
                country_name=row["Country Code"].strip(),
                size=HARBOR_SIZE_RANK.get(row["Harbor Size"].strip(), 0),
            )
    return list(records.values())


def read_searoute(path: Path) -> list[Record]:
    """Read searoute's ``ports.geojson``."""
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    records = []
    for feature in features:
        props = feature["properties"]
        lon, lat = feature["geometry"]["coordinates"]
        records.append(
            Record(
                source="searoute",
                ident=props["port"],
                name=props["name"].strip(),
                alt_names=[],
                code=clean_code(props["port"]),
                lat=float(lat),
                lon=float(lon),
                country_name=props["cty"].replace("_", " ").strip(),
                terminal=TERMINAL_RANK.get(props.get("t"), 0),
            )
        )
    return records


def read_curated(path: Path) -> list[Record]:
    """Read ``curated_ports.csv``."""
    records = []
    with path.open(encoding="utf-8", newline="") as fh:
        for number, row in enumerate(csv.DictReader(fh), start=2):
            code = clean_code(row["locode"])
            if row["locode"] and not code:
                raise SystemExit(f"{path}:{number}: bad UN/LOCODE {row['locode']!r}")
            if not row["source"].strip():
                raise SystemExit(f"{path}:{number}: every curated port needs a source")
            record = Record(
                source="curated",
                ident=code or row["name"],
                name=row["name"].strip(),
                alt_names=split_names(row["alt_names"]),
                code=code,
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                country_name=row["country"].strip(),
                size=HARBOR_SIZE_RANK.get(row["harbor_size"].strip(), 0),
            )
            record.codes = {code} | {clean_code(c) for c in split_names(row["alt_locodes"])}
            record.codes.discard("")
            records.append(record)
    return records


def read_aliases(path: Path) -> list[Alias]:
    """Read ``port_aliases.csv``."""
    aliases = []
    with path.open(encoding="utf-8", newline="") as fh:
        for number, row in enumerate(csv.DictReader(fh), start=2):
            locode = clean_code(row["locode"])
            if not locode or row["kind"] not in ("name", "locode"):
                raise SystemExit(f"{path}:{number}: need kind name|locode and a UN/LOCODE")
            if row["kind"] == "locode" and not clean_code(row["alias"]):
                raise SystemExit(f"{path}:{number}: {row['alias']!r} is not a UN/LOCODE")
            aliases.append(
                Alias(row["alias"].strip(), row["kind"], locode, row["preferred"] == "1")
            )
    return aliases


def attach_aliases(records: Sequence[Record], aliases: Sequence[Alias]) -> None:
    """Give each record its code set and the curated alias names of its codes."""
    equivalent = defaultdict(set)
    for alias in aliases:
        if alias.kind == "locode":
            equivalent[clean_code(alias.alias)].add(alias.locode)
    names = defaultdict(list)
    for alias in aliases:
        if alias.kind == "name":
            names[alias.locode].append(alias.alias)
    for record in records:
        if record.code:
            record.codes |= {record.code} | equivalent[record.code]
        record.aliases = [a for code in sorted(record.codes) for a in names[code]]


def record_names(records: Iterable[Record]) -> set[str]:
    """Matching names of records: names, alternate names and curated aliases."""
    return match_names(n for r in records for n in (r.name, *r.alt_names, *r.aliases))


def best_match(
    record: Record, by_code: dict[str, list[Cluster]], by_name: dict[str, list[Cluster]]
) -> Cluster | None:
    """The WPI-based port a searoute record describes, by the documented merge rule."""
    names = record_names([record])
    candidates = {id(k): k for code in record.codes for k in by_code.get(code, [])}
    candidates.update({id(k): k for name in names for k in by_name.get(name, [])})
    ranked = []
    for k in candidates.values():
        anchor = k.coordinate_record()
        d = distance_km(record.lat, record.lon, anchor.lat, anchor.lon)
        codes = {c for r in k.records() for c in r.codes}
        code_hit = bool(record.codes & codes) and d <= CODE_MATCH_KM
        name_hit = bool(names & record_names(k.records())) and d <= NAME_MATCH_KM
        if code_hit or name_hit:
            key = (not (code_hit and name_hit), not code_hit, d, float(k.wpi.ident))
            ranked.append((key, k))
    return min(ranked, key=lambda item: item[0])[1] if ranked else None


def attach_curated(record: Record, clusters: list[Cluster]) -> bool:
    """Attach a curated row to the one port carrying its code; False if none does."""
    hits = [k for k in clusters if any(record.code in r.codes for r in k.records())]
    if len(hits) > 1:
        raise SystemExit(f"curated {record.name} ({record.code}) matches {len(hits)} ports")
    if hits:
        hits[0].curated = record
    return bool(hits)


def cluster_records(
    wpi: Sequence[Record], searoute: Sequence[Record], curated: Sequence[Record]
) -> list[Cluster]:
    """Group records into ports (merge rule steps 2 to 4).

    Curated rows are attached to their WPI port before searoute records are
    matched, so a corrected position also corrects the matching.
    """
    clusters = [Cluster(wpi=w) for w in wpi]
    pending = [c for c in curated if not (c.code and attach_curated(c, clusters))]
    by_code, by_name = defaultdict(list), defaultdict(list)
    for k in clusters:
        for code in {c for r in k.records() for c in r.codes}:
            by_code[code].append(k)
        for name in record_names(k.records()):
            by_name[name].append(k)
    for s in searoute:
        match = best_match(s, by_code, by_name)
        if match is None:
            clusters.append(Cluster(wpi=None, searoute=[s]))
        else:
            match.searoute.append(s)
    for c in pending:
        if not (c.code and attach_curated(c, clusters)):
            clusters.append(Cluster(wpi=None, curated=c))
    return clusters


def assign_codes(clusters: Sequence[Cluster], aliases: Sequence[Alias]) -> dict[int, str]:
    """Resolve codes claimed by several ports; return each port's primary code."""
    pinned = {a.locode for a in aliases} | {
        code for k in clusters if k.curated for code in k.curated.codes
    }
    holders = defaultdict(list)
    for k in clusters:
        sources = defaultdict(set)
        for r in k.records():
            for code in r.codes:
                sources[code].add(r.source)
        for code, srcs in sources.items():
            if code in pinned:
                k.claims[code] = CURATED
            elif {"wpi", "searoute"} <= srcs:
                k.claims[code] = AGREED
            else:
                k.claims[code] = SINGLE
            holders[code].append(k)
    for code, ks in holders.items():
        if len(ks) > 1:
            ks.sort(key=lambda k: (-k.claims[code], k.sort_key()))
            for loser in ks[1:]:
                del loser.claims[code]
                loser.lost.append((code, ks[0]))
    primary = {}
    for k in clusters:
        # On equal claims: searoute's code (file order), then WPI's, then the rest.
        order = [r.code for r in k.searoute] + [r.code for r in (k.wpi, k.curated) if r]
        rank = {code: i for i, code in reversed(list(enumerate(order)))}
        ranked = sorted(k.claims, key=lambda c: (-k.claims[c], rank.get(c, len(order)), c))
        primary[id(k)] = ranked[0] if ranked else ""
    return primary


def iso2_by_country(records: Sequence[Record]) -> dict[str, str]:
    """Country name -> ISO 3166-1 alpha-2: the commonest code prefix of its ports.

    UN/LOCODEs begin with the ISO 3166-1 alpha-2 code of their country, so
    the prefix shared by most of a country's coded ports names the country
    (a few WPI rows carry a foreign code, e.g. a Canadian "Tobermory" coded
    GBTOB).
    """
    counts = defaultdict(Counter)
    for r in records:
        if r.code:
            counts[r.country_name][r.code[:2]] += 1
    table = {name: c.most_common(1)[0][0] for name, c in sorted(counts.items())}
    return {**ISO2_WITHOUT_CODES, **table}


def country_of(cluster: Cluster, code: str, iso2: dict[str, str]) -> str:
    """ISO2 of a port: curated, else from WPI's country, else from its code or searoute's."""
    if cluster.curated is not None:
        return cluster.curated.country_name
    if cluster.wpi is not None and cluster.wpi.country_name in iso2:
        return iso2[cluster.wpi.country_name]
    if code:
        return code[:2]
    return iso2.get(cluster.coordinate_record().country_name, "")


def unique(names: Iterable[str], exclude: Iterable[str] = ()) -> list[str]:
    """Names in order, dropping repeats of a normalised name and the excluded ones."""
    seen = {normalise_name(n) for n in exclude}
    out = []
    for name in names:
        key = normalise_name(name)
        if key and key not in seen:
            seen.add(key)
            out.append(name)
    return out


def fmt_deg(value: float) -> str:
    """Degrees rounded to 1e-5 (about 1 m), shortest text."""
    return repr(round(value, 5) + 0.0)


def display_name(cluster: Cluster, code: str, preferred: dict[str, str]) -> str:
    """Preferred curated alias, else searoute's name for the primary code, else WPI's name."""
    if code in preferred:
        return preferred[code]
    for r in cluster.searoute:
        if r.code == code:
            return r.name
    return (cluster.wpi or cluster.coordinate_record()).name


def country_names_by_iso2(records: Sequence[Record], iso2: dict[str, str]) -> dict[str, str]:
    """ISO2 -> country name, the commonest spelling (WPI's GENC names count double)."""
    counts = defaultdict(Counter)
    for r in records:
        if r.country_name in iso2:
            counts[iso2[r.country_name]][r.country_name] += 2 if r.source == "wpi" else 1
    return {code: c.most_common(1)[0][0] for code, c in sorted(counts.items())}


def port_row(
    cluster: Cluster,
    code: str,
    aliases: Sequence[Alias],
    iso2: dict[str, str],
    country_names: dict[str, str],
) -> dict[str, str]:
    """The output row of one port."""
    preferred = {a.locode: a.alias for a in aliases if a.kind == "name" and a.preferred}
    name = display_name(cluster, code, preferred)
    coord = cluster.coordinate_record()
    curated_aliases = unique(
        [a.alias for a in aliases if a.kind == "name" and a.locode in cluster.claims],
        exclude=[name],
    )
    source_names = [n for r in cluster.records() for n in (r.name, *r.alt_names)]
    country = country_of(cluster, code, iso2)
    sources = [f"{r.source}:{r.ident}" for r in [coord, *cluster.records()]]
    return {
        "name": name,
        "alt_names": "|".join(unique(source_names, exclude=[name, *curated_aliases])),
        "aliases": "|".join(curated_aliases),
        "locode": code,
        "alt_locodes": "|".join(sorted(c for c in cluster.claims if c != code)),
        "country": country,
        "country_name": country_names.get(country, coord.country_name),
        "lat": fmt_deg(coord.lat),
        "lon": fmt_deg(coord.lon),
        "importance": str(cluster.importance()),
        "sources": " ".join(dict.fromkeys(sources)),
    }


def row_sort_key(row: dict[str, str]) -> tuple[str, ...]:
    return (row["country"], normalise_name(row["name"]), row["name"], row["locode"], row["sources"])


def build(shared: Path) -> tuple[list[dict[str, str]], list[str]]:
    """Read the inputs under ``shared`` and ``scripts/inputs``.

    Returns
    -------
    rows : list of dict
        The catalogue rows, sorted.
    notes : list of str
        One line per code that a port lost to another port with a stronger claim.
    """
    for rel in (WPI_PATH, SEAROUTE_PATH):
        if not (shared / rel).is_file():
            raise SystemExit(f"missing input {shared / rel}; pass the shared data directory")
    wpi = read_wpi(shared / WPI_PATH)
    searoute = read_searoute(shared / SEAROUTE_PATH)
    curated = read_curated(INPUTS / "curated_ports.csv")
    aliases = read_aliases(INPUTS / "port_aliases.csv")
    attach_aliases([*wpi, *searoute, *curated], aliases)
    clusters = cluster_records(wpi, searoute, curated)
    primary = assign_codes(clusters, aliases)
    iso2 = iso2_by_country([*wpi, *searoute])
    country_names = country_names_by_iso2([*wpi, *searoute], iso2)
    rows = [port_row(k, primary[id(k)], aliases, iso2, country_names) for k in clusters]
    notes = [
        f"{code}: kept by {describe(winner)}, dropped from {describe(k)}"
        for k in clusters
        for code, winner in k.lost
    ]
    return sorted(rows, key=row_sort_key), sorted(notes)


def describe(cluster: Cluster) -> str:
    """Short text naming a port's records, for build notes."""
    records = ", ".join(f"{r.source} {r.name!r} {r.lat:.2f},{r.lon:.2f}" for r in cluster.records())
    return f"[{records}]"


def to_bytes(rows: Sequence[dict[str, str]]) -> bytes:
    """The catalogue as CSV bytes: UTF-8, LF line ends, minimal quoting."""
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=CATALOGUE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue().encode("utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shared", nargs="?", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("-v", "--verbose", action="store_true", help="list dropped codes")
    args = parser.parse_args(argv)
    rows, notes = build(args.shared)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(to_bytes(rows))
    print(f"wrote {len(rows)} ports to {args.out} ({args.out.stat().st_size} bytes)")
    print(f"{len(notes)} codes claimed by two places were kept by one (-v lists them)")
    if args.verbose:
        print("\n".join(notes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
