"""Tests for arcticroute.vessel.ships: the Ship model, presets and user ship files."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import tomllib
from importlib import resources

import pydantic
import pytest

from arcticroute.assumptions import assumption, overridden
from arcticroute.errors import DataFileError, ShipValidationError, UnknownShipError
from arcticroute.vessel.iceclass import IceClass, PolarCodeCategory
from arcticroute.vessel.ships import (
    BOUNDS,
    CapacityUnit,
    FuelType,
    Ship,
    ShipType,
    get_ship,
    list_ships,
)
from arcticroute.vessel.ships import load_ship as load_ship_file

SLUGS = [
    "panamax_bulker",
    "container_4500teu_arc4",
    "multipurpose_19000dwt_arc4",
    "lng_arc7_yamalmax",
    "bulk_75000dwt_iasuper",
]


def _raw_presets() -> dict:
    text = resources.files("arcticroute").joinpath("data/ships.toml").read_text("utf-8")
    return tomllib.loads(text)


def _valid() -> dict:
    """A complete, valid user ship (all fields given, none assumed)."""
    return {
        "name": "Test bulker",
        "ship_type": "bulk",
        "ice_class": "1A Super",
        "dwt_t": 75_000,
        "gt": 40_000,
        "scnt": 37_000,
        "capacity": 72_000,
        "capacity_unit": "t",
        "length_m": 225,
        "beam_m": 32.3,
        "draft_m": 14.0,
        "hull_form": "blunt",
        "flag": "Panama",
        "protected_fuel_tanks": True,
        "design_speed_kn": 13.0,
        "main_engine_power_kw": 12_000,
        "sfoc_g_per_kwh": 180,
        "fuel_type": "VLSFO",
    }


# --- presets ----------------------------------------------------------------------------


def test_all_presets_load_and_validate():
    ships = list_ships()
    assert [s.slug for s in ships] == SLUGS
    for ship in ships:
        assert isinstance(ship, Ship)
        assert ship.sources
        for key in ship.assumptions:
            assert assumption(key).why, key


@pytest.mark.parametrize(
    ("slug", "ship_type", "ice_class", "category", "double_acting", "unit"),
    [
        ("panamax_bulker", ShipType.BULK, IceClass.NONE, "C", False, CapacityUnit.T),
        ("container_4500teu_arc4", ShipType.CONTAINER, IceClass.ARC4, "B", False, "TEU"),
        ("multipurpose_19000dwt_arc4", ShipType.MULTIPURPOSE, IceClass.ARC4, "B", False, "t"),
        ("lng_arc7_yamalmax", ShipType.LNG, IceClass.ARC7, "A", True, "m3"),
        ("bulk_75000dwt_iasuper", ShipType.BULK, IceClass.IA_SUPER, "B", False, "t"),
    ],
)
def test_preset_definitions(slug, ship_type, ice_class, category, double_acting, unit):
    ship = get_ship(slug)
    assert ship.ship_type is ship_type
    assert ship.ice_class is ice_class
    assert ship.polar_code_category is PolarCodeCategory(category)
    assert ship.double_acting is double_acting
    assert ship.capacity_unit == unit


# Published particulars re-typed from the sources cited in ships.toml; exact match expected
# because ships.toml must carry them unchanged.
PUBLISHED = [
    ("lng_arc7_yamalmax", "capacity", 172_600),  # SCF Group: 172,600 m3
    ("lng_arc7_yamalmax", "main_engine_power_kw", 45_000),  # SCF Group: 45 MW
    ("lng_arc7_yamalmax", "length_m", 299.0),  # SCF Group: 299 m
    ("lng_arc7_yamalmax", "gt", 128_806),  # ru.wikipedia Yamalmax
    ("lng_arc7_yamalmax", "design_speed_kn", 19.5),
    ("bulk_75000dwt_iasuper", "dwt_t", 75_603),  # MS Nordic Orion
    ("bulk_75000dwt_iasuper", "gt", 40_142),
    ("bulk_75000dwt_iasuper", "beam_m", 32.31),
    ("bulk_75000dwt_iasuper", "draft_m", 14.089),
    ("multipurpose_19000dwt_arc4", "dwt_t", 19_150),  # Yong Sheng
    ("multipurpose_19000dwt_arc4", "gt", 14_357),
    ("panamax_bulker", "length_m", 225.0),  # Trans RINA 2011 Table 6
    ("panamax_bulker", "design_speed_kn", 14.6),  # Waite et al. FuelCostParams.csv
    ("container_4500teu_arc4", "length_m", 284.0),  # Horton, 4,000-4,999 TEU average
]


@pytest.mark.parametrize(("slug", "field", "value"), PUBLISHED)
def test_sourced_particulars(slug, field, value):
    assert getattr(get_ship(slug), field) == value


@pytest.mark.shared
def test_waite_panamax_speed_matches_the_shared_data_file(shared_data):
    # The preset's 14.6 kn is Waite et al.'s open-water Panamax design speed.
    path = shared_data / "nsr-shipping-model-inputs/inputs/costs/FuelCostParams.csv"
    lines = path.read_text("utf-8-sig").splitlines()
    header = lines[0].split(",")
    row = next(line.split(",") for line in lines if line.startswith("Dspeed"))
    assert float(row[header.index("OWPanamax")]) == get_ship("panamax_bulker").design_speed_kn


def test_assumed_and_sourced_values_live_in_one_place():
    for slug, entry in _raw_presets().items():
        assumed = set(entry.get("assumed", []))
        assert not assumed & set(entry), slug  # an assumed value is never also written here
        ship = get_ship(slug)
        for field in assumed:
            key = f"ship.{slug}.{field}"
            assert key in ship.assumptions
            assert getattr(ship, field) == assumption(key).value


def test_lng_preset_names_the_assumed_category_equivalence():
    # Arc7 → Category A rests on the assumed Arc7 ≈ PC4.
    assert "iceclass.equivalence.Arc7.IACS" in get_ship("yamalmax").assumptions
    assert not any(k.startswith("iceclass.") for k in get_ship("panamax").assumptions)


def test_override_of_a_preset_assumption_applies():
    assert get_ship("panamax_bulker").dwt_t == 75_000
    with overridden({"ship.panamax_bulker.dwt_t": 80_000}):
        assert get_ship("panamax_bulker").dwt_t == 80_000
    assert get_ship("panamax_bulker").dwt_t == 75_000


def test_override_out_of_bounds_is_caught():
    with (
        overridden({"ship.container_4500teu_arc4.design_speed_kn": 60}),
        pytest.raises(ShipValidationError, match="design_speed_kn = 60 kn"),
    ):
        get_ship("container_4500teu_arc4")


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("panamax_bulker", "panamax_bulker"),
        ("PANAMAX_BULKER", "panamax_bulker"),
        ("Panamax-Bulker", "panamax_bulker"),
        ("Panamax bulker (no ice class)", "panamax_bulker"),
        ("4,500 TEU Arc4 container ship", "container_4500teu_arc4"),
        ("Yamalmax", "lng_arc7_yamalmax"),
        ("Christophe de Margerie", "lng_arc7_yamalmax"),
        ("ia super bulker", "bulk_75000dwt_iasuper"),
        ("MPP", "multipurpose_19000dwt_arc4"),
    ],
)
def test_get_ship_by_slug_name_alias_and_case(query, slug):
    assert get_ship(query).slug == slug


def test_unknown_preset_lists_presets_and_suggests():
    with pytest.raises(UnknownShipError, match="Did you mean 'panamax_bulker'") as info:
        get_ship("panamx bulker")
    for slug in SLUGS:
        assert slug in str(info.value)


def test_unknown_preset_is_a_lookup_error():
    with pytest.raises(LookupError, match="unknown ship preset"):
        get_ship("titanic")


# --- the model --------------------------------------------------------------------------


def test_valid_ship_and_derived_fields():
    ship = Ship(**_valid())
    assert ship.ice_class is IceClass.IA_SUPER
    assert ship.polar_code_category is PolarCodeCategory.B
    assert ship.fuel_type is FuelType.VLSFO
    assert ship.assumptions == ()
    assert ship.slug is None


def test_round_trip():
    for ship in list_ships():
        assert Ship(**ship.model_dump()) == ship


def test_frozen():
    ship = Ship(**_valid())
    with pytest.raises(pydantic.ValidationError, match="frozen"):
        ship.dwt_t = 1


def test_explicit_category_overrides_the_derived_one():
    ship = Ship(**{**_valid(), "ice_class": "Arc7", "polar_code_category": "B"})
    assert ship.polar_code_category is PolarCodeCategory.B
    assert ship.assumptions == ()
    derived = Ship(**{**_valid(), "ice_class": "Arc7"})
    assert derived.polar_code_category is PolarCodeCategory.A
    assert derived.assumptions == ("iceclass.equivalence.Arc7.IACS",)


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("ship_type", "Bulk Carrier", ShipType.BULK),
        ("ship_type", "general cargo", ShipType.GENERAL_CARGO),
        ("ship_type", "LNG", ShipType.LNG),
        ("fuel_type", "lng", FuelType.LNG),
        ("capacity_unit", "teu", CapacityUnit.TEU),
        ("capacity_unit", "m³", CapacityUnit.M3),
        ("ice_class", "arc-4", IceClass.ARC4),
    ],
)
def test_lenient_spellings(field, value, expected):
    assert getattr(Ship(**{**_valid(), field: value}), field) is expected


OUT_OF_BOUNDS = [
    ("design_speed_kn", 2.9),
    ("design_speed_kn", 35.1),
    ("draft_m", 0.5),
    ("draft_m", 31),
    ("length_m", 19),
    ("length_m", 461),
    ("beam_m", 2),
    ("beam_m", 81),
    ("sfoc_g_per_kwh", 139),
    ("sfoc_g_per_kwh", 261),
    ("dwt_t", 0),
    ("dwt_t", -5),
    ("dwt_t", 700_000),
    ("gt", 0),
    ("scnt", -1),
    ("capacity", 0),
    ("main_engine_power_kw", 50),
    ("main_engine_power_kw", 450_000),
    ("design_speed_kn", math.nan),
    ("length_m", math.inf),
]


@pytest.mark.parametrize(("field", "value"), OUT_OF_BOUNDS)
def test_out_of_bounds_names_field_bound_and_value(field, value):
    low, high, unit = BOUNDS[field]
    with pytest.raises(ShipValidationError) as info:
        Ship(**{**_valid(), field: value})
    message = str(info.value)
    assert f"{field} = " in message
    assert "outside the plausibility bounds" in message
    bounds = f"> 0 and ≤ {high:,.0f}" if low == 0 else f"{low:,.0f}–{high:,.0f}"
    assert f"({bounds}{' ' + unit if unit else ''})" in message  # the bound is quoted
    assert "\n" not in message  # one paragraph, printable on one CLI line
    assert not isinstance(info.value, pydantic.ValidationError)


@pytest.mark.parametrize(("field", "value"), [("design_speed_kn", 3), ("design_speed_kn", 35)])
def test_bounds_are_inclusive(field, value):
    assert getattr(Ship(**{**_valid(), field: value}), field) == value


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"beam_m": 60, "length_m": 100}, r"beam_m/length_m = 60/100 = 0\.600"),
        ({"beam_m": 12, "length_m": 300}, r"beam_m/length_m"),
        ({"draft_m": 20, "beam_m": 18, "length_m": 120}, "draft_m = 20 m is not less than beam_m"),
        ({"capacity_unit": None}, "capacity and capacity_unit must be given together"),
        ({"ship_type": "submarine"}, "ship_type: unknown ship type 'submarine'; valid: container"),
        ({"fuel_type": "coal"}, r"fuel_type: .*'HFO', 'VLSFO', 'MGO' or 'LNG'"),
        ({"ice_class": "PC9"}, "ice_class: unknown ice class 'PC9'"),
        ({"name": ""}, "invalid ship: name must not be empty"),
        ({"dwt": 5}, "dwt: unknown field \\(did you mean 'dwt_t'\\?\\)"),
        ({"gt": "big"}, "gt: Input should be a valid number.*got 'big'"),
        ({"double_acting": "maybe"}, "double_acting: Input should be a valid boolean"),
    ],
)
def test_invalid_particulars(changes, match):
    with pytest.raises(ShipValidationError, match=match):
        Ship(**{**_valid(), **changes})


def test_missing_required_field():
    data = _valid()
    del data["main_engine_power_kw"]
    with pytest.raises(
        ShipValidationError,
        match="invalid ship 'Test bulker': main_engine_power_kw: required field is missing",
    ):
        Ship(**data)


def test_all_errors_in_one_message():
    with pytest.raises(ShipValidationError) as info:
        Ship(**{**_valid(), "design_speed_kn": 99, "draft_m": 0.1})
    assert "design_speed_kn = 99" in str(info.value)
    assert "draft_m = 0.1" in str(info.value)


def test_model_validate_is_wrapped():
    with pytest.raises(ShipValidationError, match="sfoc_g_per_kwh = 500"):
        Ship.model_validate({**_valid(), "sfoc_g_per_kwh": 500})
    assert Ship.model_validate(_valid()).gt == 40_000


def test_replace_validates_and_rederives_category():
    lng = get_ship("lng_arc7_yamalmax")
    slow = lng.replace(design_speed_kn=12)
    assert slow.design_speed_kn == 12
    with pytest.raises(ShipValidationError, match="design_speed_kn = 99"):
        lng.replace(design_speed_kn=99)
    pc4 = lng.replace(ice_class="PC4")
    assert pc4.polar_code_category is PolarCodeCategory.A
    assert "iceclass.equivalence.Arc7.IACS" not in pc4.assumptions
    downgraded = lng.replace(ice_class="Ice2")
    assert downgraded.polar_code_category is PolarCodeCategory.C


# --- user files -------------------------------------------------------------------------


def _toml(data: dict) -> str:
    lines = []
    for key, value in data.items():
        if isinstance(value, bool):
            lines.append(f"{key} = {str(value).lower()}")
        elif isinstance(value, str):
            lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
        else:
            lines.append(f"{key} = {value}")
    return "\n".join(lines) + "\n"


def test_load_ship_from_toml(tmp_path):
    path = tmp_path / "my_ship.toml"
    path.write_text(_toml(_valid()), "utf-8")
    assert load_ship_file(path) == Ship(**_valid())


def test_load_ship_from_toml_ship_table(tmp_path):
    path = tmp_path / "my_ship.toml"
    path.write_text("[ship]\n" + _toml(_valid()), "utf-8")
    assert load_ship_file(str(path)).name == "Test bulker"


def test_load_ship_from_json(tmp_path):
    path = tmp_path / "my_ship.json"
    path.write_text(json.dumps(_valid()), "utf-8")
    assert load_ship_file(path) == Ship(**_valid())


def test_preset_round_trips_through_json(tmp_path):
    lng = get_ship("yamalmax")
    path = tmp_path / "lng.json"
    path.write_text(json.dumps(lng.model_dump(mode="json")), "utf-8")
    assert load_ship_file(path) == lng


def test_load_ship_based_on_a_preset(tmp_path):
    path = tmp_path / "slow.toml"
    path.write_text('base = "panamax_bulker"\nname = "Slow Panamax"\ndwt_t = 70000\n', "utf-8")
    ship = load_ship_file(path)
    assert ship.name == "Slow Panamax"
    assert ship.dwt_t == 70_000
    assert ship.length_m == 225.0
    assert ship.slug is None
    assert "ship.panamax_bulker.dwt_t" not in ship.assumptions  # the user's value replaced it
    assert "ship.panamax_bulker.gt" in ship.assumptions


def test_load_ship_based_on_a_preset_with_new_ice_class(tmp_path):
    path = tmp_path / "lng.toml"
    path.write_text('base = "yamalmax"\nice_class = "Arc4"\n', "utf-8")
    ship = load_ship_file(path)
    assert ship.polar_code_category is PolarCodeCategory.B
    assert "iceclass.equivalence.Arc7.IACS" not in ship.assumptions


def test_missing_file(tmp_path):
    with pytest.raises(DataFileError, match=r"ship file .*nope\.toml does not exist"):
        load_ship_file(tmp_path / "nope.toml")


def test_invalid_toml(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('name = "unterminated\n', "utf-8")
    with pytest.raises(DataFileError, match=r"bad\.toml is not valid TOML"):
        load_ship_file(path)


def test_invalid_json(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"name": "x",}', "utf-8")
    with pytest.raises(DataFileError, match=r"bad\.json is not valid JSON.*line 1"):
        load_ship_file(path)


def test_json_must_hold_an_object(tmp_path):
    path = tmp_path / "list.json"
    path.write_text("[1, 2]", "utf-8")
    with pytest.raises(DataFileError, match="must hold one table/object of ship fields, got list"):
        load_ship_file(path)


def test_wrong_suffix(tmp_path):
    path = tmp_path / "ship.yaml"
    path.write_text("name: x\n", "utf-8")
    with pytest.raises(DataFileError, match=r"expected a \.toml or \.json file, got '\.yaml'"):
        load_ship_file(path)


def test_file_missing_required_field(tmp_path):
    data = _valid()
    del data["dwt_t"]
    path = tmp_path / "partial.toml"
    path.write_text(_toml(data), "utf-8")
    with pytest.raises(ShipValidationError, match=r"partial\.toml: .*dwt_t: required field"):
        load_ship_file(path)


def test_file_wrong_type(tmp_path):
    path = tmp_path / "typed.json"
    path.write_text(json.dumps({**_valid(), "length_m": "two hundred"}), "utf-8")
    with pytest.raises(ShipValidationError, match=r"typed\.json: .*length_m: .*valid number"):
        load_ship_file(path)


def test_file_out_of_bounds(tmp_path):
    path = tmp_path / "fast.toml"
    path.write_text(_toml({**_valid(), "design_speed_kn": 40}), "utf-8")
    with pytest.raises(ShipValidationError, match=r"fast\.toml: .*design_speed_kn = 40 kn"):
        load_ship_file(path)


def test_file_with_unknown_base(tmp_path):
    path = tmp_path / "based.toml"
    path.write_text('base = "titanic"\n', "utf-8")
    with pytest.raises(UnknownShipError, match="unknown ship preset 'titanic'"):
        load_ship_file(path)


def test_import_does_not_pull_pandas():
    code = "import sys, arcticroute.vessel.ships; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
