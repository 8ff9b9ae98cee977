"""Tests for arcticroute.geo.ports: lookups, aliases, ambiguity, coordinates, errors, rebuild."""

from __future__ import annotations

import csv
import dataclasses
import math
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
from conftest import require_shared

import arcticroute.geo.ports as ports
from arcticroute.errors import DataFileError, InvalidCoordinateError, UnknownPortError
from arcticroute.geo.ports import Port, all_ports, get_port, normalise_name, search_ports

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "data"
INPUTS = REPO / "scripts" / "inputs"


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance on a 6371 km sphere (independent of the build script's)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def test_public_api_is_exactly_all():
    assert sorted(ports.__all__) == [
        "Port",
        "all_ports",
        "get_port",
        "normalise_name",
        "search_ports",
    ]
    for name in ports.__all__:
        assert hasattr(ports, name)


# Known positions of the ports the issue lists: the town or harbour centre as
# given by Wikipedia/GeoNames (independent of both sources), and the primary
# UN/LOCODE. Tolerance 25 km: a port area spans tens of km around its town,
# while a namesake in another country, a swapped or sign-flipped coordinate
# (as WPI has for Wakkanai and Kuala Kapuas) lies hundreds of km away.
KNOWN_PORTS = [
    ("Shanghai", "CNSHA", 31.23, 121.47),
    ("Busan", "KRPUS", 35.10, 129.04),
    ("Yokohama", "JPYOK", 35.44, 139.64),
    ("Dalian", "CNDLC", 38.91, 121.60),
    ("Tianjin", "CNTXG", 38.98, 117.75),
    ("Qingdao", "CNTAO", 36.07, 120.38),
    ("Ningbo", "CNNGB", 29.87, 121.55),
    ("Rotterdam", "NLRTM", 51.92, 4.48),
    ("Hamburg", "DEHAM", 53.55, 9.99),
    ("Antwerp", "BEANR", 51.22, 4.40),
    ("Singapore", "SGSIN", 1.29, 103.85),
    ("Murmansk", "RUMMK", 68.97, 33.08),
    ("Arkhangelsk", "RUARH", 64.54, 40.54),
    ("Sabetta", "RUSAB", 71.27, 72.07),
    ("Dudinka", "RUDUD", 69.40, 86.18),
    ("Tiksi", "RUIKS", 71.64, 128.87),
    ("Pevek", "RUPWE", 69.70, 170.31),
    ("Provideniya", "RUPVS", 64.42, -173.23),
    ("Hammerfest", "NOHFT", 70.66, 23.68),
    ("Kirkenes", "NOKKN", 69.73, 30.05),
    ("Kitakyushu", "JPKKJ", 33.88, 130.88),
    ("Tobata", "JPKKJ", 33.90, 130.82),
    ("Zarubino", "RUZAR", 42.64, 131.08),
    ("Rajin", "KPRJN", 42.25, 130.30),
    ("Najin", "KPRJN", 42.25, 130.30),
    ("Rashin", "KPRJN", 42.25, 130.30),
    ("Port Said", "EGPSD", 31.26, 32.30),
    ("Suez", "EGSUZ", 29.97, 32.54),
    ("Hong Kong", "HKHKG", 22.28, 114.16),
    ("Vladivostok", "RUVVO", 43.12, 131.89),
    ("Wakkanai", "JPWKJ", 45.42, 141.67),
]


@pytest.mark.parametrize(("query", "locode", "lat", "lon"), KNOWN_PORTS)
def test_required_ports_resolve_near_their_known_position(query, locode, lat, lon):
    port = get_port(query)
    assert port.locode == locode
    assert distance_km(port.lat, port.lon, lat, lon) < 25.0


# WPI's harbour positions, re-typed from UpdatedPub150.csv (2023-08); the
# catalogue takes WPI's coordinate when WPI has the port, rounded to 1e-5 deg.
WPI_POSITIONS = [
    ("Murmansk", 68.983333, 33.05),
    ("Dudinka", 69.4, 86.166667),
    ("Pevek", 69.716667, 170.3),
    ("Tiksi", 71.64444444, 128.8905556),
    ("Port Said", 31.266667, 32.3),
    ("Suez", 29.966667, 32.55),
    ("Rotterdam", 51.9, 4.483333),
    ("Shanghai", 31.216667, 121.5),
    ("Yokohama", 35.45, 139.583333),
]


@pytest.mark.parametrize(("query", "lat", "lon"), WPI_POSITIONS)
def test_coordinates_are_wpi_harbour_positions(query, lat, lon):
    port = get_port(query)
    assert port.lat == pytest.approx(lat, abs=1e-5)
    assert port.lon == pytest.approx(lon, abs=1e-5)
    assert port.source.startswith("wpi:")


def test_sabetta_is_curated_with_its_cited_coordinate():
    port = get_port("Sabetta")
    assert (port.lat, port.lon) == (71.2733, 72.0725)
    assert port.source.startswith("curated:")
    assert port.country == "RU"


@pytest.mark.parametrize(
    ("code", "locode"),
    [
        ("CNSHA", "CNSHA"),
        ("CNSGH", "CNSHA"),
        ("CN SHA", "CNSHA"),
        ("cn sgh", "CNSHA"),
        ("NLRTM", "NLRTM"),
        ("nlrtm", "NLRTM"),
        ("NL RTM", "NLRTM"),
        ("KRPUS", "KRPUS"),
        ("JPYOK", "JPYOK"),
        ("CNDLC", "CNDLC"),
        ("CNDAL", "CNDLC"),
        ("DEHAM", "DEHAM"),
        ("NOHFT", "NOHFT"),
        ("RUSAB", "RUSAB"),
        ("KPNJN", "KPRJN"),
        ("JPTBT", "JPKKJ"),
    ],
)
def test_lookup_by_unlocode(code, locode):
    assert get_port(code).locode == locode


def test_both_sources_codes_accepted_with_documented_primary():
    shanghai = get_port("Shanghai")
    assert shanghai.locode == "CNSHA"
    assert "CNSGH" in shanghai.alt_locodes
    dalian = get_port("Dalian")
    assert dalian.locode == "CNDLC"
    assert "CNDAL" in dalian.alt_locodes


def test_capitalised_code_wins_but_name_wins_in_mixed_case():
    # "Aratu" is a Brazilian port; "ARATU" is the UN/LOCODE of Atucha (AR).
    assert get_port("Aratu").country == "BR"
    assert get_port("ARATU").locode == "ARATU"
    assert search_ports("Aratu")[0] == get_port("Aratu")
    assert search_ports("ARATU")[0] == get_port("ARATU")


@pytest.mark.parametrize(
    ("alias", "locode"),
    [
        ("上海", "CNSHA"),
        ("大连", "CNDLC"),
        ("天津", "CNTXG"),
        ("青岛", "CNTAO"),
        ("宁波", "CNNGB"),
        ("广州", "CNCAN"),
        ("深圳", "CNSZX"),
        ("香港", "HKHKG"),
        ("釜山", "KRPUS"),
        ("부산", "KRPUS"),
        ("인천", "KRINC"),
        ("横浜", "JPYOK"),
        ("東京", "JPTYO"),
        ("神戸", "JPUKB"),
        ("名古屋", "JPNGO"),
        ("北九州", "JPKKJ"),
        ("大阪", "JPOSA"),
        ("Мурманск", "RUMMK"),
        ("Архангельск", "RUARH"),
        ("Сабетта", "RUSAB"),
        ("Дудинка", "RUDUD"),
        ("Тикси", "RUIKS"),
        ("Певек", "RUPWE"),
        ("Провидения", "RUPVS"),
        ("Владивосток", "RUVVO"),
        ("Зарубино", "RUZAR"),
        ("라진", "KPRJN"),
        ("Rason", "KPRJN"),
        ("Tobata", "JPKKJ"),
    ],
)
def test_lookup_by_local_alias(alias, locode):
    assert get_port(alias).locode == locode


def test_every_curated_alias_resolves_to_its_code():
    with (INPUTS / "port_aliases.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    wrong = [r["alias"] for r in rows if get_port(r["alias"]).locode != r["locode"]]
    assert wrong == []


def test_every_curated_port_names_a_source():
    with (INPUTS / "curated_ports.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert any(r["name"] == "Sabetta" for r in rows)
    for row in rows:
        assert row["source"].strip()
        assert get_port(row["locode"]).lat == pytest.approx(float(row["lat"]), abs=1e-5)


@pytest.mark.parametrize(
    "query",
    ["Saint Petersburg", "St. Petersburg", "St Petersburg", "ST. PETERSBURG", "saint-petersburg"],
)
def test_name_lookup_ignores_case_punctuation_and_saint_abbreviation(query):
    assert get_port(query).locode == "RULED"


@pytest.mark.parametrize(
    ("query", "locode"),
    [
        ("rotterdam", "NLRTM"),
        ("  Hamburg  ", "DEHAM"),
        ("HAMBURG", "DEHAM"),
        ("Antwerpen", "BEANR"),
        ("Bur Said", "EGPSD"),
        ("Bûr Sa'îd", "EGPSD"),
        ("Archangel", "RUARH"),
        ("Arkhangel'sk", "RUARH"),
    ],
)
def test_name_lookup_ignores_case_accents_and_spacing(query, locode):
    assert get_port(query).locode == locode


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("St. John's", "saint johns"),
        ("Bûr Sa'îd", "bur said"),
        ("Naryan-Mar", "naryan mar"),
        ("O`Brien_FT", "obrien fort"),
        ("  HONG   kong ", "hong kong"),
        ("上海", "上海"),
        ("Архангельск", "архангельск"),
        ("부산", "부산"),
    ],
)
def test_normalise_name(text, expected):
    assert normalise_name(text) == expected


@pytest.mark.parametrize(
    ("name", "locode", "others"),
    [
        ("Portland", "USPDX", {"USPWM", "GBPTL", "AUPTJ"}),
        ("Victoria", "CAVIC", {"SCPOV", "CMVCC"}),
        ("Hamburg", "DEHAM", {"USHAM"}),
    ],
)
def test_ambiguous_name_resolves_to_largest_and_search_lists_the_rest(name, locode, others):
    assert get_port(name).locode == locode
    found = search_ports(name, limit=10)
    assert found[0].locode == locode
    assert others <= {p.locode for p in found}


def test_portland_oregon_is_not_given_maines_code():
    # searoute codes its Oregon "Portland" USPWM, which is Portland, Maine.
    oregon = get_port("Portland")
    assert oregon.lon < -120
    assert "USPWM" not in oregon.alt_locodes
    assert get_port("USPWM").lon == pytest.approx(-70.25, abs=0.01)


@pytest.mark.parametrize(
    ("typo", "suggestion"),
    [
        ("Rotterdm", "Rotterdam (NLRTM)"),
        ("Shangai", "Shanghai (CNSHA)"),
        ("Murmnsk", "Murmansk (RUMMK)"),
        ("Hambrug", "Hamburg (DEHAM)"),
    ],
)
def test_unknown_name_suggests_close_ports(typo, suggestion):
    with pytest.raises(UnknownPortError, match=rf"unknown port '{typo}'; did you mean: ") as info:
        get_port(typo)
    assert info.value.suggestions[0] == suggestion
    assert re.escape(suggestion) in re.escape(str(info.value))
    assert "arcticroute ports search TEXT" in str(info.value)
    assert '"lat,lon"' in str(info.value)


def test_unknown_name_without_neighbours_still_explains():
    with pytest.raises(UnknownPortError, match="no similar name") as info:
        get_port("Xqzjwv")
    assert info.value.suggestions == []


def test_unknown_port_error_is_a_lookup_error():
    with pytest.raises(LookupError, match="unknown port 'Xqzjwv'"):
        get_port("Xqzjwv")


@pytest.mark.parametrize("query", ["", "   ", "\t"])
def test_empty_query_is_an_unknown_port(query):
    with pytest.raises(UnknownPortError, match="empty port name"):
        get_port(query)


@pytest.mark.parametrize(
    ("text", "lat", "lon", "name"),
    [
        ("31.2,121.5", 31.2, 121.5, "31.2000N 121.5000E"),
        ("-33.9, 18.4", -33.9, 18.4, "33.9000S 18.4000E"),
        ("  71.27 , 72.07 ", 71.27, 72.07, "71.2700N 72.0700E"),
        ("51.9 4.48", 51.9, 4.48, "51.9000N 4.4800E"),
        ("+1,-1", 1.0, -1.0, "1.0000N 1.0000W"),
        (".5,.5", 0.5, 0.5, "0.5000N 0.5000E"),
        ("90,180", 90.0, 180.0, "90.0000N 180.0000E"),
        ("-90,-180", -90.0, -180.0, "90.0000S 180.0000W"),
        ("0,200", 0.0, -160.0, "0.0000N 160.0000W"),
        ("65,360", 65.0, 0.0, "65.0000N 0.0000E"),
        ("31.2000N 121.5000E", 31.2, 121.5, "31.2000N 121.5000E"),
        ("33.9S, 18.4W", -33.9, -18.4, "33.9000S 18.4000W"),
    ],
)
def test_coordinate_text_gives_an_unnamed_port(text, lat, lon, name):
    port = get_port(text)
    assert (port.lat, port.lon) == (pytest.approx(lat), pytest.approx(lon))
    assert port.name == name
    assert port.locode == ""
    assert port.alt_locodes == ()


def test_coordinate_port_name_reads_back():
    port = get_port("-12.3456,-45.6789")
    assert get_port(port.name) == port


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("91,0", r"latitude 91 .* between -90 and 90"),
        ("-90.5,0", r"latitude -90\.5 .* between -90 and 90"),
        ("0,361", r"longitude 361 .* between -180 and 180"),
        ("0,-180.5", r"longitude -180\.5 .* between -180 and 180"),
        ("31.2", "cannot read '31.2' as a position"),
        ("31.2,", "cannot read"),
        ("31.2,abc", "cannot read"),
        ("1,2,3", "cannot read"),
        ("31,2;121,5", "cannot read"),
        ("1e3,2", "cannot read"),
        ("--1,2", "cannot read"),
        ("95N 10E", r"latitude 95 .* between -90 and 90"),
    ],
)
def test_bad_coordinate_text_is_rejected_with_ranges(text, message):
    with pytest.raises(InvalidCoordinateError, match=message) as info:
        get_port(text)
    assert "-90..90" in str(info.value)
    assert "-180..180" in str(info.value)


def test_invalid_coordinate_error_is_a_value_error():
    with pytest.raises(ValueError, match=r"latitude 100 .* out of range"):
        get_port("100,0")


def test_search_ranks_exact_then_prefix_then_substring():
    assert search_ports("Rotterdam")[0].locode == "NLRTM"
    assert search_ports("rotter")[0].locode == "NLRTM"
    assert "RULED" in {p.locode for p in search_ports("peterburg")}
    assert search_ports("Murmansk", limit=1)[0].locode == "RUMMK"


def test_search_finds_misspellings_and_codes():
    assert search_ports("Shangai")[0].locode == "CNSHA"
    assert search_ports("cnsgh")[0].locode == "CNSHA"
    assert search_ports("上")[0].locode == "CNSHA"


def test_search_respects_limit_and_returns_empty_for_nonsense():
    assert len(search_ports("port", limit=3)) == 3
    assert search_ports("Xqzjwv") == []


def test_search_bad_input():
    with pytest.raises(UnknownPortError, match="empty search text"):
        search_ports("  ")
    with pytest.raises(ValueError, match="limit must be at least 1"):
        search_ports("Rotterdam", limit=0)


def test_catalogue_invariants():
    everything = all_ports()
    assert isinstance(everything, tuple)
    assert len(everything) > 5000
    codes = [c for p in everything for c in (p.locode, *p.alt_locodes) if c]
    assert len(codes) == len(set(codes)), "every code names exactly one port"
    for port in everything:
        assert isinstance(port, Port)
        assert -90 <= port.lat <= 90 and -180 <= port.lon <= 180
        assert port.locode == "" or re.fullmatch(r"[A-Z]{2}[A-Z2-9]{3}", port.locode)
        assert re.fullmatch(r"[A-Z]{2}", port.country), port
        # get_port reads text starting like a number as a position.
        assert port.name[0] not in "+-.0123456789"
        assert port.source


def test_port_is_frozen():
    port = get_port("Rotterdam")
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign"):
        port.lat = 0.0  # type: ignore[misc]


def test_catalogue_is_small_and_shipped_in_the_package():
    shipped = resources.files("arcticroute").joinpath("data/ports.csv")
    assert shipped.is_file()
    assert len(shipped.read_bytes()) < 1_000_000


def test_import_reads_no_data():
    code = "import arcticroute.geo.ports as p; assert p._catalogue.cache_info().currsize == 0"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_corrupt_catalogue_layout_is_a_data_file_error():
    with pytest.raises(DataFileError, match="expected"):
        ports._parse_rows("name,lat\nX,1\n")


@pytest.mark.shared
def test_rebuilding_the_catalogue_reproduces_the_shipped_file(tmp_path):
    require_shared(SHARED)
    out = tmp_path / "ports.csv"
    script = REPO / "scripts" / "build_ports.py"
    subprocess.run([sys.executable, str(script), str(SHARED), "--out", str(out)], check=True)
    shipped = resources.files("arcticroute").joinpath("data/ports.csv").read_bytes()
    assert out.read_bytes() == shipped
